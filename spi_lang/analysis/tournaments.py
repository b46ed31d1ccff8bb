"""Tournaments: every seat-1 program against every seat-2 program, exactly. Matches are
planned by code class (programs with equal code play once for all of them) and the match
cache, played in this process or in worker processes, and gathered in a fixed order, so
results never depend on file order, hash seed or the number of workers. A match that
fails is recorded in its cell; the ranking is computed from the matrix."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from multiprocessing import get_all_start_methods, get_context

import attrs
from tqdm import tqdm

from spi_lang.analysis.tournament_results import Cell, TournamentResults
from spi_lang.engine import matches
from spi_lang.engine.deep import run_deep
from spi_lang.engine.matches import Match, MatchCache
from spi_lang.geometry.games import Game
from spi_lang.load.gc_pause import gc_paused
from spi_lang.load.programs import Program
from spi_lang.load.project import load
from spi_lang.syntax.errors import SpiError, flatten

CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256


@attrs.frozen
class Setup:
    """What a worker process needs to rebuild the tournament: the files to load (from the
    same working directory), the sandbox, the game's name, the selection and the fuel."""

    files: tuple[str, ...]
    sandbox: str | None
    game: str
    selection: str
    fuel: int


def run(seat1: list[Program], seat2: list[Program], game: Game, setup: Setup, *,
        one_population: bool, workers: int = 1, progress: bool = False,
        cache: MatchCache | None = None) -> TournamentResults:
    """Play every program of `seat1` against every program of `seat2` (each in name order).
    `setup` must describe the same files and game, for worker processes to reload.
    `progress`: True for a bar of the matches, or the caller's `ui.progress.Stages`-like
    object (`matches(total)` returns a tqdm bar, `stage(name)` names the next stage)."""
    seat1, seat2 = sorted(seat1, key=_name), sorted(seat2, key=_name)
    with gc_paused(), _Players(seat1 + seat2, game, setup, workers) as players:
        plan = _Plan(seat1, seat2, game, setup, cache)
        stages = None if isinstance(progress, bool) else progress  # the caller's bar, by stage
        bar = stages.matches(len(plan.todo)) if stages else \
            _Bar(total=len(plan.todo), desc="tournament", unit="match", file=sys.stderr,
                 delay=1.0, disable=None if progress else True, leave=False)
        with contextlib.nullcontext() if stages else bar:
            plan.record(plan.todo, players.play(plan.names(plan.todo), bar))
            retry = plan.retries()
            bar.total += len(retry)
            plan.record_pairs(retry, players.play(plan.pair_names(retry), bar))
        if stages:
            stages.stage("matrix")
        matrix = plan.matrix()
    return TournamentResults(game, setup.selection, setup.fuel, tuple(map(_name, seat1)),
                             tuple(map(_name, seat2)), matrix, one_population,
                             played=len(plan.todo) + len(retry))


class _Bar(tqdm):
    """tqdm without its monitor thread (which only nudges stalled bars): a process with a
    thread cannot safely fork workers."""

    monitor_interval = 0


def _name(program: Program) -> str:
    return program.name


class _Plan:
    """Which matches to play: one per pair of code classes (programs with equal code form
    a class), minus those in the cache; then the cells of the matrix, shared between
    matches with the same result."""

    def __init__(self, seat1, seat2, game: Game, setup: Setup, cache: MatchCache | None) -> None:
        self.seats, self.cache = (seat1, seat2), cache
        self.errors = [[matches.seat_errors(p, game, seat) for p in programs]
                       for seat, programs in enumerate(self.seats)]
        self.classes = [_classes(programs, errors) for programs, errors in zip(self.seats, self.errors)]
        reps1, reps2 = (members for _, members in self.classes)
        digest = matches.game_digest(game)
        self.keys = {(c1, c2): (digest, seat1[m1[0]].digest, seat2[m2[0]].digest, setup.selection, setup.fuel)
                     for c1, m1 in enumerate(reps1) for c2, m2 in enumerate(reps2)}
        self.results: dict[tuple[int, int], Match | str] = {}
        if cache is not None:
            self.results = {pair: hit for pair, k in self.keys.items() if (hit := cache.get(k)) is not None}
        self.todo = [pair for pair in self.keys if pair not in self.results]
        self.overrides: dict[tuple[int, int], Cell] = {}
        self._cells: dict[tuple[int, int], Cell] = {}

    def names(self, class_pairs) -> list[tuple[str, str]]:
        """The programs that play each class pair: the first member of each class."""
        reps1, reps2 = (members for _, members in self.classes)
        return [(self.seats[0][reps1[c1][0]].name, self.seats[1][reps2[c2][0]].name)
                for c1, c2 in class_pairs]

    def pair_names(self, pairs) -> list[tuple[str, str]]:
        return [(self.seats[0][i].name, self.seats[1][j].name) for i, j in pairs]

    def record(self, class_pairs, results) -> None:
        """The results of class pairs; finished matches go into the cache."""
        for pair, result in zip(class_pairs, results):
            self.results[pair] = result
            if self.cache is not None and isinstance(result, Match):
                self.cache.put(self.keys[pair], result)

    def retries(self) -> list[tuple[int, int]]:
        """A failure's message names its programs: the other members of a failed class
        pair are played for their own message."""
        reps1, reps2 = (members for _, members in self.classes)
        return [(i, j) for (c1, c2), result in self.results.items() if not isinstance(result, Match)
                for i in reps1[c1] for j in reps2[c2] if (i, j) != (reps1[c1][0], reps2[c2][0])]

    def record_pairs(self, pairs, results) -> None:
        for pair, result in zip(pairs, results):
            self.overrides[pair] = _cell(result)

    def matrix(self) -> tuple[tuple[Cell, ...], ...]:
        """The cells, row by row; equal results share one cell (a million matches of a
        small game have few distinct outcomes), found by the identity of their parts."""
        (class1, _), (class2, _) = self.classes
        shared: dict[tuple[int, int], Cell] = {}
        cells = {}
        for pair, result in self.results.items():
            if isinstance(result, Match):
                ident = (id(result.outcome), id(result.payoffs))
                cells[pair] = shared.get(ident) or shared.setdefault(ident, _cell(result))
            else:
                cells[pair] = _cell(result)
        rows = []
        for i, c1 in enumerate(class1):
            if c1 < 0 or self.overrides:
                rows.append(tuple(self._cell(i, j, cells) for j in range(len(class2))))
            else:
                rows.append(tuple(cells[c1, c2] if c2 >= 0 else self._cell(i, j, cells)
                                  for j, c2 in enumerate(class2)))
        return tuple(rows)

    def _cell(self, i: int, j: int, cells: dict) -> Cell:
        (class1, reps1), (class2, _) = self.classes
        c1, c2 = class1[i], class2[j]
        if c1 < 0 or c2 < 0:
            return Cell(error=reason(self.errors[0][i] + self.errors[1][j]))
        return self.overrides.get((i, j)) or cells[c1, c2]


def _classes(programs: list[Program], errors: list[list]) -> tuple[list[int], list[list[int]]]:
    """Each program's code class (-1 if it cannot take the seat) and each class's members,
    in order; a class is numbered by its first member."""
    index: dict[bytes, int] = {}
    of, members = [], []
    for k, (program, problems) in enumerate(zip(programs, errors)):
        if problems:
            of.append(-1)
            continue
        c = index.setdefault(program.digest, len(members))
        if c == len(members):
            members.append([])
        members[c].append(k)
        of.append(c)
    return of, members


def _cell(result: Match | str) -> Cell:
    if isinstance(result, Match):
        return Cell(result.payoffs, result.outcome)
    return Cell(error=result)


def reason(errors: list[SpiError]) -> str:
    """Why a match failed, on one line: the first error at its position, and how many more."""
    first = errors[0]
    span = first.span
    where = f"{span.path}:{span.line}:{span.col}" if span is not None else first.path or "spilang"
    more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"{where}: {first.message}{more}"


# ------------------------------------------------------------------ playing

# (programs by name, game, setup): in a worker, what it plays with; in the parent while a
# pool starts, what forked workers inherit instead of loading the files again.
_worker: tuple | None = None
_inherited: tuple | None = None


class _Players:
    """Plays pairs of programs, given by name, in order: here, or in worker processes.
    Where the platform forks and this process has no other thread, workers are forked and
    inherit the loaded programs; otherwise they are spawned and each loads the files once
    in its initializer."""

    def __init__(self, programs: list[Program], game: Game, setup: Setup, workers: int) -> None:
        self.local = ({p.name: p for p in programs}, game, setup)
        self.workers = min(workers, os.cpu_count() or 1)  # more processes than cores only cost
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Players:
        global _inherited
        if self.workers > 1:
            forks = "fork" in get_all_start_methods() and threading.active_count() == 1
            _inherited = self.local
            self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork" if forks else "spawn"),
                                            initializer=_start, initargs=(self.local[2],))
            try:  # start the workers now, while `_inherited` holds what forked ones inherit
                wait([self.pool.submit(int) for _ in range(self.workers)])
            except BaseException:
                self.pool.shutdown(cancel_futures=True)
                raise
            finally:
                _inherited = None
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def play(self, pairs: list[tuple[str, str]], bar) -> list[Match | str]:
        """The result of each pair, in order (a failure as its reason)."""
        if not pairs:
            return []
        size = max(1, min(MAX_CHUNK, -(-len(pairs) // (self.workers * CHUNKS_PER_WORKER))))
        chunks = [pairs[k:k + size] for k in range(0, len(pairs), size)]
        done: dict[int, list] = {}
        if self.pool is None:
            for n, chunk in enumerate(chunks):
                done[n] = _play_chunk(chunk, self.local)
                bar.update(len(chunk))
        else:
            futures = {self.pool.submit(_play_packed, chunk): n for n, chunk in enumerate(chunks)}
            for future in as_completed(futures):
                table, indices = future.result()
                done[futures[future]] = [table[k] for k in indices]
                bar.update(len(indices))
        return [result for n in range(len(chunks)) for result in done[n]]


def _start(setup: Setup) -> None:
    """A worker's initializer: take the programs inherited from the parent, or load the
    files; then keep the collector off that heap (it stays alive until the worker ends)."""
    global _worker
    _watch_parent(os.getppid())
    if _inherited is not None and _inherited[2] == setup:
        _worker = _inherited
    else:
        project = run_deep(load, *setup.files, sandbox=setup.sandbox)
        _worker = (project.programs, project.games[setup.game], setup)
    gc.freeze()
    gc.enable()


def _watch_parent(parent: int) -> None:
    """End this worker when its parent dies: a parent killed with SIGKILL cannot shut the
    pool down, and its workers would wait for work forever. A daemon thread polls the
    parent's pid (an orphan is adopted by another process), twice a second."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, name="spilang-parent-watch", daemon=True).start()


def _play_packed(pairs: list[tuple[str, str]]) -> tuple[list, list[int]]:
    """`_play_chunk` in a worker, packed for the trip back: each distinct result once (most
    matches share their outcome object with others), then an index per pair."""
    table: list[Match | str] = []
    seen: dict[tuple, int] = {}
    indices = []
    for result in _play_chunk(pairs):
        ident = (id(result.outcome), id(result.payoffs)) if isinstance(result, Match) else (id(result),)
        if ident not in seen:
            seen[ident] = len(table)
            table.append(result)
        indices.append(seen[ident])
    return table, indices


def _play_chunk(pairs: list[tuple[str, str]], state: tuple | None = None) -> list[Match | str]:
    """Play pairs of programs by name, on the deep stack; a failure becomes its reason."""
    return run_deep(_play_pairs, pairs, state or _worker)


def _play_pairs(pairs: list[tuple[str, str]], state: tuple) -> list[Match | str]:
    programs, game, setup = state
    results: list[Match | str] = []
    for a, b in pairs:
        try:
            results.append(matches.play(game, (programs[a], programs[b]), setup.selection,
                                        setup.fuel, cache=None, checked=True))
        except SpiError as error:
            results.append(reason(list(flatten(error))))
    return results


# ------------------------------------------------------------------ ranking
