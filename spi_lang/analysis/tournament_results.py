"""A finished tournament as plain data: cells, standings and the results object, with its
rankings. A tournament of n seats is an n-dimensional table of cells, one per profile of
programs (one per seat), stored flat in profile order: seat 1's program varies slowest,
the last seat's fastest, each seat in name order. For 2 players that is the payoff matrix,
row by row. The views (text, CSV, JSON) are in `tournament_views`; they are part of the
results' contract in the Python API, so they live beside the results rather than in `ui`."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import product
from math import lcm, prod

import attrs

from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.numbers import MAX_BITS, bounded, bounded_sum

BOTH = "both"   # the seat of a one-population standing, 2 players
ALL = "all"     # the seat of a one-population standing over every seat, 3 players or more


@attrs.frozen
class Cell:
    """One match of the table: its outcome and payoffs, or why it failed."""

    payoffs: tuple[Fraction, ...] | None = None
    outcome: Outcome | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the match finished."""
        return self.error is None


@attrs.frozen
class Standing:
    """A program's place in a ranking: `seat` is BOTH or ALL (one population, over every
    seat) or a player's name (its mean in that seat); `seat_means` are its means as each
    player (one population, over every seat) or `(mean,)`. `mean` and `rank` are None
    when none of its matches finished."""

    rank: int | None
    program: str
    seat: str
    mean: Fraction | None
    seat_means: tuple[Fraction | None, ...]
    finished: int
    failed: int


@attrs.frozen
class TournamentResults:
    """A finished tournament: `seats` (each seat's programs, in name order), `cells` (one
    per profile, in profile order; equal results share one object), the rankings, and
    `played`, how many matches actually ran (the others were code-equal to one that did,
    or were found in the cache). For 2 players `seat1`, `seat2` and `matrix` (rows play
    seat 1, columns seat 2) give the same cells as a matrix."""

    game: Game
    selection: str
    fuel: int
    seats: tuple[tuple[str, ...], ...]
    cells: tuple[Cell, ...]
    one_population: bool
    played: int = attrs.field(eq=False)
    # The rankings' tallies, when the tournament's plan made them (`tournament_tallies`):
    # the same numbers `_tallies` counts from the cells, for far less work.
    tallies: list | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def seat1(self) -> tuple[str, ...]:
        """The seat-1 programs, in name order."""
        return self.seats[0]

    @property
    def seat2(self) -> tuple[str, ...]:
        """The seat-2 programs, in name order."""
        return self.seats[1]

    @property
    def matrix(self) -> tuple[tuple[Cell, ...], ...]:
        """The cells row by row (2 players only: use `cell` or `profiles` for more)."""
        if len(self.seats) != 2:
            raise ValueError(f"a tournament of {len(self.seats)} seats has no matrix: "
                             "use cell(...) or profiles()")
        width = len(self.seats[1])
        return tuple(self.cells[k:k + width] for k in range(0, len(self.cells), width))

    @property
    def ranking(self) -> tuple[Standing, ...]:
        """Programs by mean payoff (see `rank`)."""
        return rank(self)

    def cell(self, *programs: str) -> Cell:
        """The match of `programs`, one per seat in player order."""
        if len(programs) != len(self.seats):
            raise ValueError(f"give one program per seat ({len(self.seats)}), not {len(programs)}")
        index = 0
        for names, name in zip(self.seats, programs):
            index = index * len(names) + names.index(name)
        return self.cells[index]

    def profiles(self):
        """(programs, one per seat; cell) for every profile, in profile order."""
        return zip(product(*self.seats), self.cells)

    def seat_ranking(self, player: str) -> tuple[Standing, ...]:
        """The programs that play `player`'s seat by their mean payoff in it."""
        seat = self.game.players.index(player)
        return _ranked(_seat_standings(self.game.players, self.seats, _tallies_of(self), seat))

    def to_text(self) -> str:
        """The table, the failed matches and the rankings as aligned text."""
        from spi_lang.analysis.tournament_views import tournament_text
        return tournament_text(self)

    def to_csv(self) -> str:
        """One row per match: programs, exact payoffs, outcome, error."""
        from spi_lang.analysis.tournament_views import tournament_csv
        return tournament_csv(self)

    def to_json(self) -> str:
        """Everything, with exact numbers as strings."""
        from spi_lang.analysis.tournament_views import tournament_json
        return tournament_json(self)


def rank(results: TournamentResults) -> tuple[Standing, ...]:
    """Standings by mean payoff over finished matches, best first. One population: each
    program's payoffs in every seat, over every profile of the other seats' programs
    (self-play included); for 3 players or more, then one ranking per seat. Separate
    seats: one ranking per seat, by that seat's payoff. Equal means share a rank (1, 2, 2,
    4), listed by name; programs with no finished match come last, unranked."""
    return ranking_of(results.game.players, results.seats, results.one_population, _tallies_of(results))


def ranking_of(players, seats, one_population: bool, tallies) -> tuple[Standing, ...]:
    """`rank` from the tallies alone: for each seat and each of its programs (in name
    order), (payoff sum, finished, failed), as a tournament played in blocks adds them up."""
    per_seat = [s for seat in range(len(seats))
                for s in _ranked(_seat_standings(players, seats, tallies, seat))]
    if not one_population:
        return tuple(per_seat)
    label = BOTH if len(seats) == 2 else ALL
    overall = []
    for k, name in enumerate(seats[0]):
        by_seat = [tallies[seat][k] for seat in range(len(seats))]
        total = (bounded_sum((t[0] for t in by_seat), f"the total payoff of {name}", name), sum(t[1] for t in by_seat))
        overall.append(Standing(None, name, label, _mean(*total), tuple(_mean(*t[:2]) for t in by_seat),
                                total[1], sum(t[2] for t in by_seat)))
    return _ranked(overall) + (tuple(per_seat) if len(seats) > 2 else ())


def _seat_standings(players, seats, tallies, seat: int) -> list[Standing]:
    # a total is a sum over many matches, however it was added up: bounded like every number
    return [Standing(None, name, players[seat], _mean(bounded(total, f"the total payoff of {name} as {players[seat]}",
                                                              name), count), (_mean(total, count),), count, failed)
            for name, (total, count, failed) in zip(seats[seat], tallies[seat])]


def _tallies_of(results: TournamentResults) -> list[list[tuple[Fraction, int, int]]]:
    return results.tallies if results.tallies is not None else _tallies(results)


def _tallies(results: TournamentResults) -> list[list[tuple[Fraction, int, int]]]:
    """For each seat and each of its programs: the sum of that seat's payoffs over the
    finished cells the program plays it in, how many finished, how many failed. Cells are
    counted by identity first (equal results share one cell): a program's cells in a seat
    are slices of the flat table (a row, a column, or one run per profile of the earlier
    seats), counted in C (`Counter` over their ids); then each distinct cell's payoff is
    an integer on the seat's common denominator, so the sums are integer sums, made a
    `Fraction` once per program."""
    sizes = [len(names) for names in results.seats]
    if prod(sizes) == 0:
        return [[] for _ in sizes]
    cells = results.cells
    distinct = dict(zip(map(id, cells), cells))
    out = []
    for seat, size in enumerate(sizes):
        denominator = _common_denominator(c.payoffs[seat] for c in distinct.values() if c.ok)
        if denominator is None:  # past the bound: add the Fractions, bounded as they go
            out.append(_fraction_tallies(results, seat, cells))
            continue
        numerators = {ident: (c.payoffs[seat].numerator * (denominator // c.payoffs[seat].denominator)
                              if c.ok else None) for ident, c in distinct.items()}
        stride = prod(sizes[seat + 1:])
        block = size * stride
        row = []
        for k in range(size):
            if stride == 1:
                counter = Counter(map(id, cells[k::size]))
            else:
                counter = Counter()
                for start in range(k * stride, len(cells), block):
                    counter.update(map(id, cells[start:start + stride]))
            row.append(_tally(counter, numerators, denominator))
        out.append(row)
    return out


def _common_denominator(payoffs) -> int | None:
    """The lcm of the payoffs' denominators, or None once it passes the number bound."""
    denominator = 1
    for x in payoffs:
        denominator = lcm(denominator, x.denominator)
        if denominator.bit_length() > MAX_BITS:
            return None
    return denominator


def _fraction_tallies(results: TournamentResults, seat: int, cells) -> list[tuple[Fraction, int, int]]:
    """One seat's tallies as `Fraction` sums, each bounded as it goes (payoffs with no
    common denominator within the bound)."""
    sizes = [len(names) for names in results.seats]
    row = [[Fraction(0), 0, 0] for _ in range(sizes[seat])]
    for profile, cell in zip(product(*map(range, sizes)), cells):
        tally = row[profile[seat]]
        if not cell.ok:
            tally[2] += 1
            continue
        name = results.seats[seat][profile[seat]]
        tally[0] = bounded(tally[0] + cell.payoffs[seat], f"the total payoff of {name} as "
                           f"{results.game.players[seat]}", name)
        tally[1] += 1
    return [tuple(t) for t in row]


def _tally(counter: Counter, numerators: dict, denominator: int) -> tuple[Fraction, int, int]:
    total, finished, failed = 0, 0, 0
    for ident, count in counter.items():
        numerator = numerators[ident]
        if numerator is None:
            failed += count
        else:
            total += numerator * count
            finished += count
    return Fraction(total, denominator), finished, failed


def _mean(total: Fraction, count: int) -> Fraction | None:
    return total / count if count else None


def _ranked(standings: list[Standing]) -> tuple[Standing, ...]:
    ordered = sorted(standings, key=lambda s: (s.mean is None, -(s.mean or 0), s.program))
    out, previous = [], None
    for position, standing in enumerate(ordered, start=1):
        if standing.mean is None:
            out.append(standing)
            continue
        rank_ = previous.rank if previous is not None and previous.mean == standing.mean else position
        previous = attrs.evolve(standing, rank=rank_)
        out.append(previous)
    return tuple(out)
