"""A finished tournament as plain data: cells, standings and the results object, the
ranking, and the views the results offer (the matrix and ranking as aligned text, one CSV
row per match, JSON with exact numbers as strings). The views are part of the results'
contract in the Python API, so they live beside the results rather than in `ui`."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import attrs

from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.text import format_outcome, outcome_json, plural, table

BOTH = "both"


@attrs.frozen
class Cell:
    """One match of the matrix: its outcome and payoffs, or why it failed."""

    payoffs: tuple[Fraction, ...] | None = None
    outcome: Outcome | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the match finished."""
        return self.error is None


@attrs.frozen
class Standing:
    """A program's place in a ranking: `seat` is BOTH (one population) or a player's name;
    `seat_means` are its means as P1 and as P2 (one population) or `(mean,)`. `mean` and
    `rank` are None when none of its matches finished."""

    rank: int | None
    program: str
    seat: str
    mean: Fraction | None
    seat_means: tuple[Fraction | None, ...]
    finished: int
    failed: int


@attrs.frozen
class TournamentResults:
    """A finished tournament: the payoff matrix (rows play seat 1, columns seat 2, both in
    name order), the ranking, and `played`, how many matches actually ran (the others were
    code-equal to one that did, or were found in the cache)."""

    game: Game
    selection: str
    fuel: int
    seat1: tuple[str, ...]
    seat2: tuple[str, ...]
    matrix: tuple[tuple[Cell, ...], ...]
    one_population: bool
    played: int = attrs.field(eq=False)

    @property
    def ranking(self) -> tuple[Standing, ...]:
        """Programs by mean payoff (see `rank`)."""
        return rank(self)

    def cell(self, program1: str, program2: str) -> Cell:
        """The match of `program1` in seat 1 against `program2` in seat 2."""
        return self.matrix[self.seat1.index(program1)][self.seat2.index(program2)]

    def to_text(self) -> str:
        """The matrix, the failed matches and the ranking as aligned text."""
        return tournament_text(self)

    def to_csv(self) -> str:
        """One row per match: programs, exact payoffs, outcome, error."""
        return tournament_csv(self)

    def to_json(self) -> str:
        """Everything, with exact numbers as strings."""
        return tournament_json(self)


def rank(results: TournamentResults) -> tuple[Standing, ...]:
    """Standings by mean payoff over finished matches, best first. One population: each
    program's payoffs as P1 (its row) and as P2 (its column), self-play in both seats;
    separate seats: one ranking per seat. Equal means share a rank (1, 2, 2, 4), listed by
    name; programs with no finished match come last, unranked."""
    m = results.matrix
    players = results.game.players
    if results.one_population:
        rows = [(name, BOTH, [c.payoffs[0] for c in m[k] if c.ok],
                 [row[k].payoffs[1] for row in m if row[k].ok],
                 sum(not c.ok for c in m[k]) + sum(not row[k].ok for row in m))
                for k, name in enumerate(results.seat1)]
        return _ranked([_standing(name, seat, [p1, p2], failed) for name, seat, p1, p2, failed in rows])
    first = [_standing(name, players[0], [[c.payoffs[0] for c in m[i] if c.ok]],
                       sum(not c.ok for c in m[i])) for i, name in enumerate(results.seat1)]
    second = [_standing(name, players[1], [[row[j].payoffs[1] for row in m if row[j].ok]],
                        sum(not row[j].ok for row in m)) for j, name in enumerate(results.seat2)]
    return _ranked(first) + _ranked(second)


def _standing(name: str, seat: str, by_seat: list[list[Fraction]], failed: int) -> Standing:
    every = [x for payoffs in by_seat for x in payoffs]
    return Standing(None, name, seat, _mean(every), tuple(_mean(p) for p in by_seat),
                    len(every), failed)


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


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


def tournament_text(results: TournamentResults) -> str:
    """What `spilang tournament` prints: the matrix, the failed matches, the ranking."""
    game, (p1, p2) = results.game, results.game.players
    failures = [(a, b, cell.error) for a, row in zip(results.seat1, results.matrix)
                for b, cell in zip(results.seat2, row) if not cell.ok]
    n = len(results.seat1)
    who = (f"{plural(n, 'program')} play{'s' if n == 1 else ''} both seats" if results.one_population else
           f"{plural(len(results.seat1), 'program')} as {p1}, {len(results.seat2)} as {p2}")
    matches = plural(len(results.seat1) * len(results.seat2), "match", "matches")
    parts = [f"tournament: game {game.name}, selection {results.selection}, fuel {results.fuel:,}\n"
             f"{who}: {matches}, {len(failures)} failed"]
    notes = iter(range(1, len(failures) + 1))
    rows = [[f"{p1} \\ {p2}", *results.seat2]]
    rows += [[a, *(_pair(c.payoffs) if c.ok else f"failed [{next(notes)}]" for c in row)]
             for a, row in zip(results.seat1, results.matrix)]
    parts.append(f"payoffs ({p1}, {p2}): rows play {p1}, columns play {p2}\n" + table(rows))
    if failures:
        parts.append("failed matches\n" + "\n".join(f"  [{k}] {a} vs {b}: {error}"
                                                   for k, (a, b, error) in enumerate(failures, 1)))
    ranking = results.ranking
    if results.one_population:
        parts.append("ranking by mean payoff over both seats (finished matches only)\n"
                     + _ranking_table(ranking, [f"as {p1}", f"as {p2}"]))
    for player in ([] if results.one_population else [p1, p2]):
        parts.append(f"ranking of the {player} programs by mean payoff as {player} "
                     "(finished matches only)\n"
                     + _ranking_table([s for s in ranking if s.seat == player], []))
    return "\n\n".join(parts)


def _ranking_table(standings: list[Standing], seat_columns: list[str]) -> str:
    rows = [["rank", "program", "mean", "approx", *seat_columns, "finished", "failed"]]
    for s in standings:
        means = [_maybe(m) for m in s.seat_means] if seat_columns else []
        approx = f"{float(s.mean):.4f}" if s.mean is not None else "-"
        rows.append([_maybe(s.rank), s.program, _maybe(s.mean), approx, *means, str(s.finished),
                     str(s.failed)])
    return table(rows)


def tournament_csv(results: TournamentResults) -> str:
    """One row per match, in matrix order: programs, exact payoffs, outcome, error."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["program1", "program2", "payoff1", "payoff2", "outcome", "error"])
    for a, row in zip(results.seat1, results.matrix):
        for b, cell in zip(results.seat2, row):
            if cell.ok:
                writer.writerow([a, b, *map(str, cell.payoffs), format_outcome(cell.outcome), ""])
            else:
                writer.writerow([a, b, "", "", "", cell.error])
    return out.getvalue()


def tournament_json(results: TournamentResults) -> str:
    """`spilang tournament --json`: exact numbers as strings."""
    players = results.game.players
    data = {
        "game": results.game.name,
        "players": list(players),
        "selection": results.selection,
        "fuel": results.fuel,
        "one_population": results.one_population,
        "seat1": list(results.seat1),
        "seat2": list(results.seat2),
        "matrix": [[_cell_json(c) for c in row] for row in results.matrix],
        "ranking": [{"rank": s.rank, "program": s.program, "seat": s.seat,
                     "mean": None if s.mean is None else str(s.mean),
                     "means": {p: None if m is None else str(m) for p, m in
                               zip(players if s.seat not in players else [s.seat], s.seat_means)},
                     "finished": s.finished, "failed": s.failed} for s in results.ranking],
    }
    return json.dumps(data, indent=2)


def _cell_json(cell: Cell) -> dict:
    if not cell.ok:
        return {"error": cell.error}
    return {"payoffs": _strs(cell.payoffs), "outcome": outcome_json(cell.outcome)}


def _maybe(value) -> str:
    return "-" if value is None else str(value)


def _strs(point) -> list[str]:
    return [str(x) for x in point]


def _pair(point: tuple[Fraction, ...]) -> str:
    return ", ".join(str(x) for x in point)
