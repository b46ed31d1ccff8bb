"""The syntax nodes of programs that run programs (issue 13, docs/simulation.md), kept
apart from ast.py (which re-exports them): `simulate W [as P] plays A against Y`,
`random < p`, `within N steps { ... } otherwise { ... }`, and the game declarations
`randomness independent|shared` and `regress (A, B)`."""

from __future__ import annotations

from spi_lang.syntax.node import node

# The children are ast.py's nodes (Name, Num, Block, Profile, SelfRef, ProgramRef); ast.py
# imports this module, so the annotations say `object` and the comments say which.


@node
class SimOpponent:
    """`opponent` as the simulated program: the program in the simulated seat."""


@node
class Simulate:
    """`simulate W [as P] plays A against Y`: W (SimOpponent or ProgramRef) plays in seat P
    (a Name; None: the other seat of a 2-player game) of the current table with Y (SelfRef
    or ProgramRef) in this program's seat; true when W plays action A (a Name)."""
    program: object
    action: object
    against: object
    seat: object = None


@node
class Random:
    """`random < p`: true with probability p (a Num)."""
    prob: object


@node
class Within:
    """`within N steps { body } otherwise { fallback }`: a bounded evaluation of body."""
    budget: object     # Num
    body: object       # Block
    otherwise: object  # Block


@node
class RandomnessDecl:
    """`randomness independent` or `randomness shared` in a game (a Name)."""
    model: object


@node
class RegressDecl:
    """`regress (A, B)` in a game: the profile played by a regress that never grounds."""
    profile: object    # Profile


SIM_NODES = (Simulate, Random, Within)
