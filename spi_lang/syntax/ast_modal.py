"""The syntax nodes of provability conditions (modal agents, Barasz et al. 2014), kept
apart from ast.py (which re-exports them): `provable(S)` and `provable in PA+n (S)`, where
the statement S combines `X plays A against Y` atoms with ast.py's `and`, `or`, `not` and
nested `provable(...)`."""

from __future__ import annotations

from spi_lang.syntax.node import node

# The children are ast.py's nodes; ast.py imports this module, so the annotations say
# `object` and the comments say which.


@node
class Plays:
    """`X plays A against Y`: the program X, in the opponent's seat, plays action A against
    the program Y in this program's seat. X is the opponent (an `Opponents` node) or a
    named program (`ProgramRef`); Y is `self` (`SelfRef`: the program in this seat) or a
    named program (`ProgramRef`)."""
    subject: object   # Opponents (the opponent) or ProgramRef
    action: object    # Name
    against: object   # SelfRef or ProgramRef


@node
class Provable:
    """`provable(S)` (level 0: provable in PA) or `provable in PA+n (S)` (level n: provable
    in PA plus n iterated consistency statements), S a statement: `Plays`, `Provable`, or
    ast.py's `And`, `Or`, `Not` of statements."""
    statement: object
    level: int = 0
