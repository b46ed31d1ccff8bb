"""A tournament cut into blocks, for a cluster: block k is a range of cells in profile
order (`tournament_results`), sized from the cell count alone, so the blocks (and the
partition files) are the same whoever plays them. A block is played where its programs
are (`BlockState`: the project, each seat's programs in name order, their code classes),
one match per profile of code classes in it, a failure replayed per profile as the local
run does, so each cell is the local run's cell. A block returns its cells (packed) or,
with an output folder, writes them as one CSV part and returns only its tallies: per
program and seat, the exact payoff sum, finished and failed counts, which add up to the
rankings without any N x N table. `merge_parts` reads the parts back in order."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from fractions import Fraction
from math import prod

import attrs

from spi_lang.analysis.tournament_plan import _classes, cell_of, reason
from spi_lang.analysis.tournament_results import Cell
from spi_lang.engine import matches
from spi_lang.engine.matches import Match
from spi_lang.geometry.text import format_outcome
from spi_lang.load.project import Project
from spi_lang.syntax.errors import SpiError, flatten

MIN_BLOCK, MAX_BLOCK, BLOCKS = 2_000, 20_000, 64  # cells: >= tens of ms of matches each
MEMO = 100_000  # results of profiles of classes a worker keeps between its blocks
PART = "part-{:05d}.csv"


@attrs.frozen
class Job:
    """What every block of one tournament shares: each seat's program names (in name
    order), the game, the selection, the fuel, the folder of the parts (None: the cells go
    back to the driver) and the spilang version the driver runs (a worker must match)."""

    seats: tuple[tuple[str, ...], ...]
    game: str
    selection: str
    fuel: int
    out: str | None
    version: str

    @property
    def cells(self) -> int:
        return prod(len(names) for names in self.seats)


@attrs.frozen
class BlockResult:
    """A played block: its number and range, per seat the tallies of the programs it
    touched ((index, payoff sum, finished, failed), by index), its failures, the matches
    played, and its cells packed (a table of distinct cells and an index per cell), or,
    when written to a part, that part's name, size and SHA-256."""

    number: int
    start: int
    stop: int
    tallies: tuple[tuple[tuple[int, Fraction, int, int], ...], ...]
    failed: int
    played: int
    table: tuple[Cell, ...] = ()
    indices: tuple[int, ...] = ()
    part: tuple[str, int, str] | None = None


def blocks(cells: int, size: int | None = None) -> list[tuple[int, int, int]]:
    """(number, start, stop) of each block: `size` cells each, or by default 1/BLOCKS of
    the cells within [MIN_BLOCK, MAX_BLOCK]. Depends on nothing but the cell count."""
    size = size or max(MIN_BLOCK, min(MAX_BLOCK, -(-cells // BLOCKS)))
    return [(n, start, min(cells, start + size)) for n, start in enumerate(range(0, cells, size))]


class BlockState:
    """One tournament's programs where its blocks are played: each seat's programs (in
    name order), why any cannot take its seat, and their code classes."""

    def __init__(self, project: Project, job: Job) -> None:
        self.game = project.games[job.game]
        self.job = job
        self.seats = [[project.programs[name] for name in names] for names in job.seats]
        self.errors = [[matches.seat_errors(p, self.game, seat) for p in programs]
                       for seat, programs in enumerate(self.seats)]
        classes = [_classes(programs, errors) for programs, errors in zip(self.seats, self.errors)]
        self.of = [of for of, _ in classes]
        self.firsts = [[members[0] for members in m] for _, m in classes]
        # Code-equal programs recur across blocks: their matches are played once per
        # worker (up to MEMO of them), as the local run plays them once in all.
        self.memo: dict[tuple[int, ...], Match | str] = {}
        self.memo_size = MEMO if any(len(members) > 1 for _, m in classes for members in m) else 0

    def play(self, number: int, start: int, stop: int) -> BlockResult:
        """Play cells start..stop-1 (profile order); write them as a part if the job says."""
        played, results, cells = 0, self.memo, []
        refused: dict[tuple[int, ...], Cell] = {}
        for profile in _profiles(start, stop, [len(s) for s in self.seats]):
            combo = tuple(of[k] for of, k in zip(self.of, profile))
            if min(combo) < 0:
                cells.append(self._refused(profile, combo, refused))
                continue
            first = tuple(f[c] for f, c in zip(self.firsts, combo))
            result = results.get(combo)
            if result is None:
                result = self._match(first)
                played += 1
                if len(results) < self.memo_size:
                    results[combo] = result
            if isinstance(result, Match) or profile == first:
                cells.append(cell_of(result))
            else:  # a failure's message names its programs: played for its own message
                cells.append(cell_of(self._match(profile)))
                played += 1
        return self._result(number, start, stop, cells, played)

    def _match(self, profile: tuple[int, ...]) -> Match | str:
        programs = tuple(self.seats[s][k] for s, k in enumerate(profile))
        try:
            return matches.play(self.game, programs, self.job.selection, self.job.fuel, cache=None,
                                checked=True)
        except SpiError as error:
            return reason(list(flatten(error)))

    def _refused(self, profile, combo, refused: dict) -> Cell:
        which = tuple(k if c < 0 else -1 for k, c in zip(profile, combo))
        if which not in refused:
            errors = [e for s, k in enumerate(which) if k >= 0 for e in self.errors[s][k]]
            refused[which] = Cell(error=reason(errors))
        return refused[which]

    def _result(self, number: int, start: int, stop: int, cells: list[Cell], played: int) -> BlockResult:
        tallies = _tallies(start, [len(s) for s in self.seats], cells)
        failed = sum(not c.ok for c in cells)
        if self.job.out is not None:
            part = write_part(self.job.out, number, self._csv(start, cells))
            return BlockResult(number, start, stop, tallies, failed, played, part=part)
        table: dict[Cell, int] = {}
        indices = tuple(table.setdefault(c, len(table)) for c in cells)
        return BlockResult(number, start, stop, tallies, failed, played, tuple(table), indices)

    def _csv(self, start: int, cells: list[Cell]) -> bytes:
        names = [list(s) for s in self.job.seats]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header(len(names)))
        for profile, cell in zip(_profiles(start, start + len(cells), list(map(len, names))), cells):
            row = [names[s][k] for s, k in enumerate(profile)]
            if cell.ok:
                writer.writerow([*row, *map(str, cell.payoffs), format_outcome(cell.outcome), ""])
            else:
                writer.writerow([*row, *([""] * len(names)), "", cell.error])
        return out.getvalue().encode("utf-8")


def header(n: int) -> list[str]:
    """The CSV header of a tournament of `n` seats (as `tournament_csv` writes it)."""
    return [*(f"program{k}" for k in range(1, n + 1)), *(f"payoff{k}" for k in range(1, n + 1)),
            "outcome", "error"]


def _profiles(start: int, stop: int, sizes: list[int]):
    """The profiles (an index per seat) of cells start..stop-1, by an odometer."""
    digits, rest = [], start
    for size in reversed(sizes):
        rest, digit = divmod(rest, size)
        digits.append(digit)
    digits.reverse()
    for _ in range(stop - start):
        yield tuple(digits)
        seat = len(sizes) - 1
        while seat >= 0:
            digits[seat] += 1
            if digits[seat] < sizes[seat]:
                break
            digits[seat] = 0
            seat -= 1


def _tallies(start: int, sizes: list[int], cells: list[Cell]):
    """Per seat: (program index, payoff sum, finished, failed) of the programs in `cells`."""
    per_seat: list[dict[int, list]] = [{} for _ in sizes]
    for profile, cell in zip(_profiles(start, start + len(cells), sizes), cells):
        for seat, k in enumerate(profile):
            tally = per_seat[seat].setdefault(k, [Fraction(0), 0, 0])
            if cell.ok:
                tally[0] += cell.payoffs[seat]
                tally[1] += 1
            else:
                tally[2] += 1
    return tuple(tuple((k, *t) for k, t in sorted(seat.items())) for seat in per_seat)


class Totals:
    """The tallies of every block added up, per seat and program (sums are exact, so the
    order the blocks arrive in does not matter)."""

    def __init__(self, sizes: list[int]) -> None:
        self.seats = [[(Fraction(0), 0, 0)] * size for size in sizes]
        self.failed = 0
        self.played = 0

    def add(self, result: BlockResult) -> None:
        self.failed += result.failed
        self.played += result.played
        for seat, tallies in zip(self.seats, result.tallies):
            for k, total, finished, failed in tallies:
                t = seat[k]
                seat[k] = (t[0] + total, t[1] + finished, t[2] + failed)


def write_part(folder: str, number: int, data: bytes) -> tuple[str, int, str]:
    """Write a part: a block played twice (its worker died after writing) writes the same
    bytes again. Its name, size and SHA-256."""
    name = PART.format(number)
    write_atomically(folder, name, data)
    return name, len(data), hashlib.sha256(data).hexdigest()


def write_atomically(folder: str, name: str, data: bytes) -> None:
    """Write `folder/name` by a temporary renamed into place: never half a file."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, os.path.join(folder, name))
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
