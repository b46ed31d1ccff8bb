"""The driver's side of a tournament played in blocks (`tournament_blocks`): the blocks are
handed to a runner (this process, or a Dask cluster: `tournament_dask`), and what comes
back is put together in block order. Without an output folder that is the results
object of a local run, cell for cell; with one, the workers have written the cells as
CSV parts and the driver keeps only per-program tallies (a `Summary`: the rankings, the
counts, the parts), then writes `manifest.json`, which names each part with its range
and SHA-256. `merge_parts` streams the parts back as the local run's `--csv`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator

import attrs

from spi_lang.analysis.tournament_blocks import BlockResult, Job, Totals, blocks, header, write_atomically
from spi_lang.analysis.tournament_results import Standing, TournamentResults, ranking_of
from spi_lang.engine.deep import run_deep
from spi_lang.geometry.games import Game
from spi_lang.syntax.errors import SpiError

MANIFEST = "manifest.json"
FORMAT = "spilang-tournament-parts/1"

# A runner plays blocks: given the job and (number, start, stop) of each, it yields their
# `BlockResult`s in any order, each once.
Runner = Callable[[Job, list[tuple[int, int, int]]], Iterable[BlockResult]]


@attrs.frozen
class Summary:
    """A tournament whose cells were written to `folder` as `parts`: its seats, cell and
    failure counts and rankings (the same as the local run's)."""

    game: Game
    selection: str
    fuel: int
    seats: tuple[tuple[str, ...], ...]
    one_population: bool
    cells: int
    failed: int
    ranking: tuple[Standing, ...]
    folder: str
    parts: tuple[str, ...]
    played: int = attrs.field(eq=False)

    def to_text(self) -> str:
        """The heading, where the parts are, and the rankings."""
        from spi_lang.analysis.tournament_views import summary_text
        return summary_text(self)


def play(job: Job, game: Game, one_population: bool, runner: Runner, *, block_cells: int | None = None,
         bar=None, shown: str | None = None) -> TournamentResults | Summary:
    """Play the job's blocks with `runner`; `bar` (a tqdm-like object) counts the cells;
    `shown`: the output folder as the user named it (the job has it made absolute)."""
    sizes = [len(names) for names in job.seats]
    todo = blocks(job.cells, block_cells)
    totals = Totals(sizes)
    packed: dict[int, BlockResult] = {}
    parts: dict[int, tuple] = {}
    for result in runner(job, todo):
        totals.add(attrs.evolve(result, table=(), indices=()))
        if job.out is None:
            packed[result.number] = result
        else:
            parts[result.number] = (result.start, result.stop, result.part)
        if bar is not None:
            bar.update(result.stop - result.start)
    ranking = ranking_of(game.players, job.seats, one_population, totals.seats)
    if job.out is None:
        return TournamentResults(game, job.selection, job.fuel, job.seats, _cells(packed, len(todo)),
                                 one_population, played=totals.played)
    _sweep(job.out)
    write_manifest(job, parts, len(todo))
    return Summary(game, job.selection, job.fuel, job.seats, one_population, job.cells, totals.failed,
                   ranking, shown or job.out, tuple(parts[n][2][0] for n in range(len(todo))), played=totals.played)


def _cells(packed: dict[int, BlockResult], count: int) -> tuple:
    """The cells of every block in order; equal cells share one object."""
    shared: dict = {}
    out = []
    for n in range(count):
        result = packed.pop(n)
        table = [shared.setdefault(cell, cell) for cell in result.table]
        out.extend(table[k] for k in result.indices)
    return tuple(out)


def local_runner(state_of: Callable[[Job], object]) -> Runner:
    """Blocks played one after another in this process, on `state_of(job)` (a BlockState)."""
    def run(job: Job, todo):
        state = state_of(job)
        for number, start, stop in todo:
            yield run_deep(state.play, number, start, stop)
    return run


def prepare_folder(folder: str) -> None:
    """Make `folder` ready for a run's parts: created if missing; if it holds an earlier
    run's files only (parts, a manifest, temporaries: a finished run, or one stopped
    midway), they are removed; a folder with anything else in it is refused."""
    if os.path.isdir(folder):
        names = os.listdir(folder)
        ours = [n for n in names if n == MANIFEST or (n.startswith(("part-", ".part-", f".{MANIFEST}."))
                                                     and n.endswith((".csv", ".tmp")))]
        if len(ours) < len(names):
            raise SpiError("this folder holds files that are not a tournament's parts; "
                           "name a new or empty folder for --out", path=folder)
        for name in ours:
            os.unlink(os.path.join(folder, name))
        return
    try:
        os.makedirs(folder)
    except OSError as exc:
        raise SpiError(f"cannot make the folder: {exc.strerror}", path=folder) from None


def _sweep(folder: str) -> None:
    """Remove the temporaries of parts whose writer was killed mid-write (every block is
    in by now, so no writer is left; its block was written again elsewhere)."""
    for name in os.listdir(folder):
        if name.startswith(".part-") and name.endswith(".tmp"):
            os.unlink(os.path.join(folder, name))


def write_manifest(job: Job, parts: dict[int, tuple], count: int) -> None:
    """`manifest.json`: the format, the tournament, and each part's cells and SHA-256,
    written last (atomically), so a folder with a manifest holds a finished run."""
    data = {"format": FORMAT, "game": job.game, "selection": job.selection, "fuel": job.fuel,
            "seats": [list(names) for names in job.seats], "cells": job.cells,
            "columns": header(len(job.seats)),
            "parts": [{"file": parts[n][2][0], "first": parts[n][0], "stop": parts[n][1],
                       "bytes": parts[n][2][1], "sha256": parts[n][2][2]} for n in range(count)]}
    text = json.dumps(data, indent=2) + "\n"
    write_atomically(job.out, MANIFEST, text.encode("utf-8"))


def merge_parts(folder: str) -> Iterator[str]:
    """The cells of a finished `--out` folder as the local run's `--csv` text, in pieces:
    the header once, then each part's rows in part order, each part checked against the
    manifest's SHA-256. Raises SpiError for a folder that is not a finished run."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SpiError(f"no finished tournament here ({MANIFEST}: {exc})", path=folder) from None
    if manifest.get("format") != FORMAT:
        raise SpiError(f"{MANIFEST} is not of the format {FORMAT}", path=folder)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(manifest["columns"])
    yield out.getvalue()
    for part in manifest["parts"]:
        path = os.path.join(folder, part["file"])
        with open(path, "rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != part["sha256"]:
            raise SpiError("this part is not the one the manifest names (its SHA-256 differs)", path=path)
        yield data.decode("utf-8").split("\n", 1)[1]

