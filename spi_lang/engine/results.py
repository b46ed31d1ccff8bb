"""What a match gives, as plain data: the trace's steps, the exact result of a match, and
the renegotiation between the programs of a match, round by round."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.geometry.games import Game, Outcome
from spi_lang.load.programs import Program

DEFAULT_FUEL = 1_000_000


@attrs.frozen
class Step:
    """One line of a trace: nesting depth, which algorithm line or source line, and text."""

    depth: int
    where: str       # the algorithm line it implements, e.g. "Alg. 1, line 3", or ""
    text: str
    source: str = ""  # path:line of the statement that ran, for base-program steps


@attrs.frozen
class MatchResult:
    """The exact result of a match: a distribution over pure profiles and its payoffs.
    `programs` has one program per seat, in the game's player order."""

    game: Game
    programs: tuple[Program, ...]
    outcome: Outcome
    payoffs: tuple[Fraction, ...]
    steps: tuple[Step, ...]


@attrs.frozen
class Round:
    """Renegotiation from one realized default profile a: each seat's offer (a csr set, or
    the outcome rn_i(a)), the agreement (a set, or the common outcome), the selected point
    (csr) and the outcome played."""

    profile: tuple[str, ...]
    probability: Fraction
    offers: tuple[object, ...]
    agreement: object | None
    point: tuple[Fraction, ...] | None
    outcome: Outcome


@attrs.frozen
class Negotiation:
    """What the programs of a match renegotiate: the template they share (None: they do
    not renegotiate), the default outcome a and one `Round` per realized default profile."""

    game: Game
    programs: tuple[Program, ...]
    template: str | None
    default: Outcome | None
    rounds: tuple[Round, ...]
    selection: str = "leximin"
