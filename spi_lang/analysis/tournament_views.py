"""The views of a finished tournament (a `TournamentResults`): aligned text (for 2 players
the payoff matrix; for more, one row per profile of programs), one CSV row per match, and
JSON with exact numbers as strings; each followed, in text and JSON, by the rankings.
This module reads the results object's attributes only, so it imports nothing of it."""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_left
from fractions import Fraction
from itertools import product

from spi_lang.geometry.text import format_outcome, outcome_json, plural, table
from spi_lang.syntax.schema import SCHEMA_VERSION


def tournament_text(results) -> str:
    """What `spilang tournament` prints: the cells, the failed matches, the rankings."""
    return "".join(tournament_text_chunks(results))


def tournament_text_chunks(results):
    """`tournament_text` in pieces (a row of the matrix at a time), to write as it goes."""
    players = results.game.players
    failed = _failed_indices(results)
    yield _heading(results, len(failed))
    yield "\n\n"
    if len(players) == 2:
        yield from _matrix_chunks(results, failed)
    else:
        yield _profiles_text(results)
    if failed:
        yield "\n\nfailed matches\n" + "\n".join(
            f"  [{k}] {' vs '.join(_profile_names(results, i))}: {results.cells[i].error}"
            for k, i in enumerate(failed, 1))
    for part in _rankings_text(results):
        yield "\n\n"
        yield part


def _failed_indices(results) -> list[int]:
    """The positions of the failed cells, in profile order (distinct cells found first:
    most tournaments have none to look for)."""
    cells = results.cells
    failed = {ident for ident, cell in dict(zip(map(id, cells), cells)).items() if not cell.ok}
    if not failed:
        return []
    return [k for k, ident in enumerate(map(id, cells)) if ident in failed]


def _profile_names(results, index: int) -> tuple[str, ...]:
    """The programs of the cell at `index` of the flat table."""
    names = []
    for seat in reversed(results.seats):
        index, k = divmod(index, len(seat))
        names.append(seat[k])
    return tuple(reversed(names))


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


def _matrix_chunks(results, failed: list[int]):
    """The payoff matrix as `table` aligns it, a row at a time: each distinct cell is
    formatted once, and a row is laid out by C loops (`map`) over its cells; failed
    cells carry their own note numbers."""
    p1, p2 = results.game.players
    seat1, seat2, cells = results.seat1, results.seat2, results.cells
    width = len(seat2)
    notes = {index: f"failed [{k}]" for k, index in enumerate(failed, 1)}
    texts = {ident: _pair(c.payoffs) if c.ok else "" for ident, c in dict(zip(map(id, cells), cells)).items()}

    def row_texts(i: int):
        row = cells[i * width:(i + 1) * width]
        if notes and _in_row(failed, i, width):
            return [notes.get(i * width + j) or texts[id(c)] for j, c in enumerate(row)]
        return map(texts.__getitem__, map(id, row))

    widths = [len(name) for name in seat2]
    for i in range(len(seat1)):
        widths = list(map(max, widths, map(len, row_texts(i))))
    corner = f"{p1} \\ {p2}"
    first = max([len(corner), *map(len, seat1)])
    yield f"payoffs ({p1}, {p2}): rows play {p1}, columns play {p2}\n"
    yield _line([corner, *seat2], [first, *widths])
    for i, name in enumerate(seat1):
        yield "\n" + "  ".join([name.ljust(first), *map(str.ljust, row_texts(i), widths)]).rstrip()


def _in_row(failed: list[int], i: int, width: int) -> list[int]:
    """The failed positions in row i (failed is sorted)."""
    start = bisect_left(failed, i * width)
    return failed[start:bisect_left(failed, (i + 1) * width, start)]


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths)).rstrip()


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
    return "".join(tournament_csv_chunks(results))


def tournament_csv_chunks(results):
    """`tournament_csv` in pieces, a run of rows at a time (a row of the matrix for 2
    players). Each field is quoted as `csv.writer` quotes it on its own, so a row is its
    programs' fields and its cell's fields, each cell's rendered once."""
    n = len(results.seats)
    yield _csv_row([*(f"program{k}" for k in range(1, n + 1)), *(f"payoff{k}" for k in range(1, n + 1)),
                    "outcome", "error"])
    cells = results.cells
    tails = {}
    for ident, cell in dict(zip(map(id, cells), cells)).items():
        fields = [*map(str, cell.payoffs), format_outcome(cell.outcome), ""] if cell.ok else \
            [*([""] * n), "", cell.error]
        tails[ident] = _csv_row(fields)[:-1]  # without its line end
    last = [_csv_row([name])[:-1] + "," for name in results.seats[-1]]
    width = len(last)
    for index, head in enumerate(product(*results.seats[:-1])):
        if not width:
            break
        run = cells[index * width:(index + 1) * width]
        prefix = "".join(_csv_row([name])[:-1] + "," for name in head)
        # C loops over the run: its cells' rendered fields after the last seat's program
        yield prefix + ("\n" + prefix).join(map(str.__add__, last, map(tails.__getitem__, map(id, run)))) + "\n"


def _csv_row(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def tournament_json(results) -> str:
    """`tournament_json_chunks` joined."""
    return "".join(tournament_json_chunks(results))


def tournament_json_chunks(results):
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
    shared: dict[int, dict] = {}  # each distinct cell's JSON object, made once

    def cell_json(cell) -> dict:
        found = shared.get(id(cell))
        if found is None:
            found = shared[id(cell)] = _cell_json(cell)
        return found
    if len(players) == 2:
        data |= {"seat1": list(results.seat1), "seat2": list(results.seat2),
                 "matrix": [[cell_json(c) for c in row] for row in results.matrix]}
    else:
        data |= {"seats": [list(names) for names in results.seats],
                 "cells": [{"programs": list(names), **_cell_json(c)} for names, c in results.profiles()]}
    data["ranking"] = [{"rank": s.rank, "program": s.program, "seat": s.seat,
                        "mean": None if s.mean is None else str(s.mean),
                        "means": {p: None if m is None else str(m) for p, m in
                                  zip(players if s.seat not in players else [s.seat], s.seat_means)},
                        "finished": s.finished, "failed": s.failed} for s in results.ranking]
    return json.JSONEncoder(indent=2).iterencode(data)  # the bytes of json.dumps(data, indent=2)


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
