"""What an analysis finds, as plain data: a player's beliefs resolved in a game, each
program's exact payoffs and expected utility against them, a player's candidates and best
responses, and the sides of a subjective-equilibrium check (Definition 1)."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.load.programs import Program


@attrs.frozen
class Belief:
    """A player's beliefs resolved in a game: the believed programs play in the other seat."""

    name: str
    player: str
    seat: int
    support: tuple[tuple[Program, Fraction], ...]


@attrs.frozen
class Value:
    """A program's payoffs against each believed program (in the beliefs' order) and their
    expectation under the beliefs."""

    program: str
    payoffs: tuple[Fraction, ...]
    expected: Fraction


@attrs.frozen
class Candidate:
    """A candidate's value, and with a transform, the value of its image f(candidate)."""

    before: Value
    after: Value | None = None
    changed: bool = False  # whether the transform maps it to a new program


@attrs.frozen
class PlayerAnalysis:
    """One player's candidates against their beliefs."""

    player: str
    seat: int
    beliefs: str
    support: tuple[tuple[str, Fraction], ...]
    candidates: tuple[Candidate, ...]
    best: Fraction
    best_responses: tuple[str, ...]
    best_after: Fraction | None = None  # over the candidates and their images
    best_responses_after: tuple[str, ...] = ()

    def expected_utility(self, program: str) -> Fraction:
        """The expected utility of a candidate or of an image, by name."""
        for c in self.candidates:
            for value in (c.before, c.after):
                if value is not None and value.program == program:
                    return value.expected
        raise KeyError(program)


@attrs.frozen
class Side:
    """One player's part of a subjective-equilibrium check."""

    player: str
    program: str
    expected: Fraction
    best: Fraction
    best_responses: tuple[str, ...]

    @property
    def optimal(self) -> bool:
        return self.expected == self.best


@attrs.frozen
class Equilibrium:
    """Definition 1 for one profile: it holds when every side is optimal."""

    profile: tuple[str, str]
    outcome: str
    payoffs: tuple[Fraction, Fraction]
    sides: tuple[Side, Side]

    @property
    def holds(self) -> bool:
        return all(side.optimal for side in self.sides)
