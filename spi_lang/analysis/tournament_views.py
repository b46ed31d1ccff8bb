"""The views of a finished tournament (a `TournamentResults`): aligned text (for 2 players
the payoff matrix; for more, one row per profile of programs), one CSV row per match, and
JSON with exact numbers as strings; each followed, in text and JSON, by the rankings.
This module reads the results object's attributes only, so it imports nothing of it."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from spi_lang.geometry.text import format_outcome, outcome_json, plural, table
from spi_lang.syntax.schema import SCHEMA_VERSION


def tournament_text(results) -> str:
    """What `spilang tournament` prints: the cells, the failed matches, the rankings."""
    players = results.game.players
    failures = [(names, cell.error) for names, cell in results.profiles() if not cell.ok]
    parts = [_heading(results, len(failures))]
    parts.append(_matrix_text(results) if len(players) == 2 else _profiles_text(results))
    if failures:
        parts.append("failed matches\n" + "\n".join(f"  [{k}] {' vs '.join(names)}: {error}"
                                                   for k, (names, error) in enumerate(failures, 1)))
    parts.extend(_rankings_text(results))
    return "\n\n".join(parts)


def summary_text(summary) -> str:
    """What `spilang tournament --out DIR` prints (a `tournament_parts.Summary`): the
    heading, where the cells are, the rankings; the same rankings as the local run's."""
    parts = [_heading(summary, summary.failed, summary.cells),
             f"cells: {plural(len(summary.parts), 'CSV part')} in {summary.folder}, in profile order "
             "(manifest.json names them; a failed match's reason is in its error column)"]
    return "\n\n".join(parts + _rankings_text(summary))


def _heading(results, failed: int, cells: int | None = None) -> str:
    players, seats = results.game.players, results.seats
    n = len(seats[0])
    if results.one_population:
        every = "both seats" if len(players) == 2 else "every seat"
        who = f"{plural(n, 'program')} play{'s' if n == 1 else ''} {every}"
    else:
        who = ", ".join([f"{plural(n, 'program')} as {players[0]}",
                         *(f"{len(names)} as {p}" for p, names in zip(players[1:], seats[1:]))])
    matches = plural(len(results.cells) if cells is None else cells, "match", "matches")
    return (f"tournament: game {results.game.name}, selection {results.selection}, fuel {results.fuel:,}\n"
            f"{who}: {matches}, {failed} failed")


def _matrix_text(results) -> str:
    p1, p2 = results.game.players
    notes = iter(range(1, len(results.cells) + 1))
    rows = [[f"{p1} \\ {p2}", *results.seat2]]
    rows += [[a, *(_pair(c.payoffs) if c.ok else f"failed [{next(notes)}]" for c in row)]
             for a, row in zip(results.seat1, results.matrix)]
    return f"payoffs ({p1}, {p2}): rows play {p1}, columns play {p2}\n" + table(rows)


def _profiles_text(results) -> str:
    players = results.game.players
    notes = iter(range(1, len(results.cells) + 1))
    rows = [[*players, "payoffs"]]
    rows += [[*names, _pair(c.payoffs) if c.ok else f"failed [{next(notes)}]"]
             for names, c in results.profiles()]
    return (f"payoffs ({', '.join(players)}): one row per profile, a program per seat, "
            "in name order\n" + table(rows))


def _rankings_text(results) -> list[str]:
    players, ranking = results.game.players, results.ranking
    parts = []
    if results.one_population:
        over = "both seats" if len(players) == 2 else "every seat"
        overall = [s for s in ranking if s.seat not in players]
        parts.append(f"ranking by mean payoff over {over} (finished matches only)\n"
                     + _ranking_table(overall, [f"as {p}" for p in players]))
        if len(players) == 2:
            return parts
    for player in players:
        whose = "" if results.one_population else f" of the {player} programs"
        parts.append(f"ranking{whose} by mean payoff as {player} (finished matches only)\n"
                     + _ranking_table([s for s in ranking if s.seat == player], []))
    return parts


def _ranking_table(standings, seat_columns: list[str]) -> str:
    rows = [["rank", "program", "mean", "approx", *seat_columns, "finished", "failed"]]
    for s in standings:
        means = [_maybe(m) for m in s.seat_means] if seat_columns else []
        approx = f"{float(s.mean):.4f}" if s.mean is not None else "-"
        rows.append([_maybe(s.rank), s.program, _maybe(s.mean), approx, *means, str(s.finished),
                     str(s.failed)])
    return table(rows)


def tournament_csv(results) -> str:
    """One row per match, in profile order: programs, exact payoffs, outcome, error."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    n = len(results.seats)
    writer.writerow([*(f"program{k}" for k in range(1, n + 1)), *(f"payoff{k}" for k in range(1, n + 1)),
                     "outcome", "error"])
    for names, cell in results.profiles():
        if cell.ok:
            writer.writerow([*names, *map(str, cell.payoffs), format_outcome(cell.outcome), ""])
        else:
            writer.writerow([*names, *([""] * n), "", cell.error])
    return out.getvalue()


def tournament_json(results) -> str:
    """`spilang tournament --json`: exact numbers as strings. 2 players: `seat1`, `seat2`
    and `matrix` (rows of cells); more: `seats` (a list per seat) and `cells` (one per
    profile, in profile order, each with its `programs`)."""
    players = results.game.players
    data = {
        "schema_version": SCHEMA_VERSION,
        "game": results.game.name,
        "players": list(players),
        "selection": results.selection,
        "fuel": results.fuel,
        "one_population": results.one_population,
    }
    if len(players) == 2:
        data |= {"seat1": list(results.seat1), "seat2": list(results.seat2),
                 "matrix": [[_cell_json(c) for c in row] for row in results.matrix]}
    else:
        data |= {"seats": [list(names) for names in results.seats],
                 "cells": [{"programs": list(names), **_cell_json(c)} for names, c in results.profiles()]}
    data["ranking"] = [{"rank": s.rank, "program": s.program, "seat": s.seat,
                        "mean": None if s.mean is None else str(s.mean),
                        "means": {p: None if m is None else str(m) for p, m in
                                  zip(players if s.seat not in players else [s.seat], s.seat_means)},
                        "finished": s.finished, "failed": s.failed} for s in results.ranking]
    return json.dumps(data, indent=2)


def _cell_json(cell) -> dict:
    if not cell.ok:
        return {"error": cell.error}
    return {"payoffs": _strs(cell.payoffs), "outcome": outcome_json(cell.outcome)}


def _maybe(value) -> str:
    return "-" if value is None else str(value)


def _strs(point) -> list[str]:
    return [str(x) for x in point]


def _pair(point: tuple[Fraction, ...]) -> str:
    return ", ".join(str(x) for x in point)
