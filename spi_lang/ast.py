"""The spilang syntax tree: frozen attrs nodes, tuples for children.

Every node has a `span` that is kept out of equality and repr, so parser tests compare
whole trees (`parse(src) == Module(...)`) without positions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Union

import attrs

from .errors import Span  # noqa: F401 (named by the `span` annotation)


def _span_field():
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


def node(cls):
    """Declare an AST node class: frozen, slotted, with a position kept out of equality."""
    cls.__annotations__["span"] = "Span | None"
    cls.span = _span_field()
    return attrs.frozen(cls)


@node
class Name:
    text: str


@node
class Num:
    value: Fraction


@node
class Wildcard:
    pass


@node
class Profile:
    items: tuple[Union[Name, Wildcard], ...]


@node
class LotteryEntry:
    profile: Profile
    prob: Num


@node
class Lottery:
    entries: tuple[LotteryEntry, ...]


Outcome = Union[Profile, Lottery]


# ------------------------------------------------------------------ files and games

@node
class Import:
    path: str


@node
class Players:
    names: tuple[Name, ...]


@node
class SharedActions:
    actions: tuple[Name, ...]


@node
class SeatActions:
    player: Name
    actions: tuple[Name, ...]


@node
class PayoffRule:
    pattern: Profile
    payoffs: tuple[Num, ...]


GameItem = Union[Players, SharedActions, SeatActions, PayoffRule]


@node
class Game:
    name: Name
    items: tuple[GameItem, ...]


# ------------------------------------------------------------------ conditions

@node
class SelfRef:
    pass


@node
class ProgramRef:
    name: Name


@node
class OpponentEq:
    ref: Union[SelfRef, ProgramRef]


@node
class OpponentNe:
    ref: Union[SelfRef, ProgramRef]


@node
class OpponentIs:
    template: str  # "renegotiation" or "csr"


@node
class Not:
    operand: "Cond"


@node
class And:
    operands: tuple["Cond", ...]


@node
class Or:
    operands: tuple["Cond", ...]


Cond = Union[OpponentEq, OpponentNe, OpponentIs, Not, And, Or]


# ------------------------------------------------------------------ statements

@node
class Play:
    action: Name


@node
class Weight:
    action: Name
    prob: Num


@node
class PlayMix:
    weights: tuple[Weight, ...]


@node
class Branch:
    cond: Cond
    body: "Block"


@node
class If:
    branches: tuple[Branch, ...]
    orelse: Union["Block", None]


Stmt = Union[Play, PlayMix, If]


@node
class Block:
    stmts: tuple[Stmt, ...]


# ------------------------------------------------------------------ programs

@node
class BaseProgram:
    name: Name
    body: Block


@node
class DefaultRef:
    name: Name


@node
class DefaultBlock:
    body: Block


@node
class Map:
    source: Profile
    target: Outcome


@node
class RenegotiationProgram:
    name: Name
    items: tuple[Union[DefaultRef, DefaultBlock, Map], ...]

    @property
    def defaults(self) -> tuple[Union[DefaultRef, DefaultBlock], ...]:
        return tuple(i for i in self.items if not isinstance(i, Map))

    @property
    def maps(self) -> tuple[Map, ...]:
        return tuple(i for i in self.items if isinstance(i, Map))


ProgramDecl = Union[BaseProgram, RenegotiationProgram]
Decl = Union[Import, Game, ProgramDecl]


@node
class Module:
    decls: tuple[Decl, ...]
