"""What an analysis finds, as plain data: a player's beliefs resolved in a game, each
program's exact payoffs and expected utility against them, a player's candidates and best
responses, and the sides of a subjective-equilibrium check (Definition 1)."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.load.programs import Program


@attrs.frozen
class Belief:
    """A player's beliefs resolved in a game: the believed programs play in the other seat
    (2 players), or the believed profiles, one program per other seat in seat order."""

    name: str
    player: str
    seat: int
    support: tuple[tuple[Program | tuple[Program, ...], Fraction], ...]

    def others(self) -> tuple[int, ...]:
        """The other players' seats, in seat order."""
        players = 1 + len(self.profile_of(self.support[0][0]))
        return tuple(k for k in range(players) if k != self.seat)

    @staticmethod
    def profile_of(entry) -> tuple[Program, ...]:
        """A support entry as a profile of the others' programs."""
        return (entry,) if isinstance(entry, Program) else entry

    def seated(self) -> list[tuple[Program, int]]:
        """Every believed program with the seat it plays in."""
        return [(q, k) for entry, _ in self.support for q, k in zip(self.profile_of(entry), self.others())]

    def support_names(self) -> tuple[tuple[str | tuple[str, ...], Fraction], ...]:
        """The support by name: a program's name (2 players) or a profile of names."""
        return tuple((entry.name if isinstance(entry, Program) else tuple(q.name for q in entry), p)
                     for entry, p in self.support)


@attrs.frozen
class Value:
    """A program's payoffs against each believed program or profile (in the beliefs' order) and their
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
    support: tuple[tuple[str | tuple[str, ...], Fraction], ...]  # names, or profiles of names
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

    profile: tuple[str, ...]
    outcome: str
    payoffs: tuple[Fraction, ...]
    sides: tuple[Side, ...]

    @property
    def holds(self) -> bool:
        return all(side.optimal for side in self.sides)
