"""The spilang syntax tree: frozen attrs nodes, tuples for children.

Every node has a `span` that is kept out of equality and repr, so parser tests compare
whole trees (`parse(src) == Module(...)`) without positions.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Union

from spi_lang.syntax.node import node


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


THE, SEAT, EVERY, SOME = "the", "seat", "every", "some"


@node
class Opponents:
    """The other seats an opponent condition reads: `opponent` (THE: the one other player
    of a 2-player game), `opponent(P)` (SEAT: player P's program), `every opponent`
    (EVERY: all the others), `some opponent` (SOME: at least one of them)."""
    quantifier: str
    player: Name | None = None


THE_OPPONENT = Opponents(THE)


@node
class OpponentEq:
    ref: Union[SelfRef, ProgramRef]
    who: Opponents = THE_OPPONENT


@node
class OpponentNe:
    ref: Union[SelfRef, ProgramRef]
    who: Opponents = THE_OPPONENT


@node
class OpponentIs:
    template: str  # "renegotiation", "csr" or "icsr"
    who: Opponents = THE_OPPONENT


@node
class CurrentOutcome:
    """`outcome` in a csr program: the default outcome a."""


@node
class Result:
    """`result(NAME)`: the outcome of NAME in this program's seat against the counterpart."""
    name: Name


OutcomeRef = Union[Profile, Lottery, CurrentOutcome, Result]


@node
class OutcomeEq:
    ref: OutcomeRef


@node
class OutcomeNe:
    ref: OutcomeRef


@node
class Not:
    operand: "Cond"


@node
class And:
    operands: tuple["Cond", ...]


@node
class Or:
    operands: tuple["Cond", ...]


Cond = Union[OpponentEq, OpponentNe, OpponentIs, OutcomeEq, OutcomeNe, Not, And, Or]


# ------------------------------------------------------------------ payoff-space sets

@node
class Coords:
    values: tuple[Num, ...]


@node
class NothingSet:
    pass


@node
class AllSet:
    pass


@node
class FrontierSet:
    pass


@node
class OutcomeSet:
    outcomes: tuple[OutcomeRef, ...]


@node
class PointSet:
    coords: Coords


@node
class BelowSet:
    coords: Coords


@node
class AboveSet:
    coords: Coords


@node
class HullSet:
    items: tuple[Union[OutcomeRef, Coords], ...]


@node
class PmpSet:
    outcome: OutcomeRef


@node
class OffersSet:
    name: Name


@node
class SetUnion:
    operands: tuple["SetExpr", ...]


@node
class SetIntersect:
    operands: tuple["SetExpr", ...]


SetExpr = Union[NothingSet, AllSet, FrontierSet, OutcomeSet, PointSet, BelowSet, AboveSet,
                HullSet, PmpSet, OffersSet, SetUnion, SetIntersect]


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


@node
class Offer:
    guard: Union[Cond, None]
    set: SetExpr


@node
class CsrProgram:
    name: Name
    items: tuple[Union[DefaultRef, DefaultBlock, Offer], ...]

    @property
    def defaults(self) -> tuple[Union[DefaultRef, DefaultBlock], ...]:
        return tuple(i for i in self.items if not isinstance(i, Offer))

    @property
    def offers(self) -> tuple[Offer, ...]:
        return tuple(i for i in self.items if isinstance(i, Offer))


@node
class PmpExtension:
    """`program NAME = pmp_extension(BASE)` (Definition 7), expanded when programs are built."""
    name: Name
    base: Name


from spi_lang.syntax import ast_icsr  # noqa: E402 (Algorithm 3's nodes, re-exported here)
IcsrProgram, OfferRound = ast_icsr.IcsrProgram, ast_icsr.OfferRound
from spi_lang.syntax import ast_modal  # noqa: E402 (provability conditions, re-exported here)
Plays, Provable = ast_modal.Plays, ast_modal.Provable
ProgramDecl = Union[BaseProgram, RenegotiationProgram, CsrProgram, PmpExtension, IcsrProgram]
PROGRAM_DECLS = (BaseProgram, RenegotiationProgram, CsrProgram, PmpExtension, IcsrProgram)


# ------------------------------------------------------------------ beliefs

@node
class BeliefEntry:
    program: Name
    prob: Num


@node
class ProfileBelief:
    """`(X, Y): p`: one profile of the others' programs (one per other seat, in order)."""
    programs: tuple[Name, ...]
    prob: Num


@node
class SeatBelief:
    """`P2: { X: p, ... }`: one other seat's independent distribution (a product factor)."""
    seat: Name
    entries: tuple[BeliefEntry, ...]

@node
class Beliefs:
    """`beliefs NAME for PLAYER { X: p, ... }`: PLAYER's beta_i over the others' programs."""
    name: Name
    player: Name
    entries: tuple[Union[BeliefEntry, ProfileBelief, SeatBelief], ...]


from spi_lang.syntax import ast_sim  # noqa: E402 (issue 13's nodes, re-exported here)
SimOpponent, Simulate, Random, Within = ast_sim.SimOpponent, ast_sim.Simulate, ast_sim.Random, ast_sim.Within
RandomnessDecl, RegressDecl = ast_sim.RandomnessDecl, ast_sim.RegressDecl

Decl = Union[Import, Game, ProgramDecl, Beliefs]
NAMED_DECLS = (Game, *PROGRAM_DECLS, Beliefs)


@node
class Module:
    decls: tuple[Decl, ...]
