"""Tournaments of any number of seats: every profile of programs, one from each seat's list,
exactly. Matches are planned by code class (`tournament_plan`: programs with equal code
play once for all of them) and the match cache, played in this process or in worker
processes, and gathered in a fixed order, so results never depend on file order, hash
seed or the number of workers. A match that fails is recorded in its cell; the rankings
are computed from the cells."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
import weakref
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from multiprocessing import get_all_start_methods, get_context

import attrs
from tqdm import tqdm

from spi_lang.analysis.tournament_plan import (MAX_CELLS, Plan, reason,  # noqa: F401 (re-exported)
                                               size_problem)
from spi_lang.analysis.tournament_results import TournamentResults
from spi_lang.analysis.tournament_tallies import class_tallies
from spi_lang.engine import matches
from spi_lang.engine.compiled import CompiledMatches
from spi_lang.engine.deep import run_deep
from spi_lang.engine.matches import Match, MatchCache
from spi_lang.geometry.games import Game
from spi_lang.load.gc_pause import gc_paused
from spi_lang.load.programs import Program
from spi_lang.load.project import load
from spi_lang.syntax.errors import SpiError, flatten

CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256
NAMES_AT_ONCE = 65_536  # profiles of classes named and sent to be played together


@attrs.frozen
class Setup:
    """What a worker process needs to rebuild the tournament: the files to load (from the
    same working directory), the sandbox, the game's name, the selection and the fuel."""

    files: tuple[str, ...]
    sandbox: str | None
    game: str
    selection: str
    fuel: int


def run(seats: list[list[Program]], game: Game, setup: Setup, *, one_population: bool,
        workers: int = 1, progress: bool = False, cache: MatchCache | None = None) -> TournamentResults:
    """Play every profile of programs, one from each list of `seats` (in player order; each
    list is put in name order). `setup` must describe the same files and game, for worker
    processes to reload. `progress`: True for a bar of the matches, or the caller's
    `ui.progress.Stages`-like object (`matches(total)` returns a tqdm bar, `stage(name)`
    names the next stage). Raises ValueError past MAX_CELLS cells (`size_problem`)."""
    seats = [sorted(programs, key=_name) for programs in seats]
    problem = size_problem([len(programs) for programs in seats])
    if problem:
        raise ValueError(problem)
    with gc_paused(), _Players([p for programs in seats for p in programs], game, setup, workers) as players:
        plan = Plan(seats, game, setup, cache)
        stages = None if isinstance(progress, bool) else progress  # the caller's bar, by stage
        total = plan.count if plan.by_rows else len(plan.todo)
        bar = stages.matches(total) if stages else \
            _Bar(total=total, desc="tournament", unit="match", file=sys.stderr,
                 delay=1.0, disable=None if progress else True, leave=False)
        with contextlib.nullcontext() if stages else bar:
            if plan.by_rows:  # most cells of base and Algorithm 1 programs come from compiled tables
                run_deep(plan.fill, _compiled_for(game), setup.fuel, bar)
            for start in range(0, len(plan.todo), NAMES_AT_ONCE):  # the names of a batch at a time
                batch = plan.todo[start:start + NAMES_AT_ONCE]
                plan.record(batch, players.play(plan.names(batch), bar))
            retry = plan.retries()
            bar.total += len(retry)
            plan.record_profiles(retry, players.play(plan.profile_names(retry), bar))
        if stages:
            stages.stage("matrix")
        cells = plan.cells()
        tallies = class_tallies(plan)
    return TournamentResults(game, setup.selection, setup.fuel,
                             tuple(tuple(map(_name, programs)) for programs in seats), cells,
                             one_population, played=plan.count + len(retry), tallies=tallies)


class _Bar(tqdm):
    """tqdm without its monitor thread (which only nudges stalled bars): a process with a
    thread cannot safely fork workers."""

    monitor_interval = 0


def _name(program: Program) -> str:
    return program.name


# ------------------------------------------------------------------ playing

# (programs by name, game, setup): in a worker, what it plays with; in the parent while a
# pool starts, what forked workers inherit instead of loading the files again.
_worker: tuple | None = None
_inherited: tuple | None = None
# Each game's compiled base programs and maps, kept while the game lives (a worker's game
# lives as long as the worker; the parent's as long as the tournament's project).
_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Players:
    """Plays profiles of programs (a name per seat), in order: here, or in worker processes.
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

    def play(self, profiles: list[tuple[str, ...]], bar) -> list[Match | str]:
        """The result of each profile, in order (a failure as its reason)."""
        if not profiles:
            return []
        size = max(1, min(MAX_CHUNK, -(-len(profiles) // (self.workers * CHUNKS_PER_WORKER))))
        chunks = [profiles[k:k + size] for k in range(0, len(profiles), size)]
        done: dict[int, list] = {}
        if self.pool is None:
            return _play_here(chunks, self.local, bar)
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


def _play_packed(profiles: list[tuple[str, ...]]) -> tuple[list, list[int]]:
    """`_play_chunk` in a worker, packed for the trip back: each distinct result once (most
    matches share their outcome object with others), then an index per profile."""
    table: list[Match | str] = []
    seen: dict[tuple, int] = {}
    indices = []
    for result in _play_chunk(profiles):
        ident = (id(result.outcome), id(result.payoffs)) if isinstance(result, Match) else (id(result),)
        if ident not in seen:
            seen[ident] = len(table)
            table.append(result)
        indices.append(seen[ident])
    return table, indices


def _play_here(chunks: list[list[tuple[str, ...]]], state: tuple, bar) -> list[Match | str]:
    """Play the chunks in this process, all on one deep-stack thread (a thread per chunk
    cost more than many matches); an interrupt stops it at the end of its chunk."""
    stop = threading.Event()

    def play_all() -> list[Match | str]:
        out: list[Match | str] = []
        for chunk in chunks:
            if stop.is_set():
                break
            out += _play_profiles(chunk, state)
            bar.update(len(chunk))
        return out
    try:
        return run_deep(play_all)
    except BaseException:
        stop.set()
        raise


def _play_chunk(profiles: list[tuple[str, ...]], state: tuple | None = None) -> list[Match | str]:
    """Play profiles of programs, by name, on the deep stack; a failure becomes its reason."""
    return run_deep(_play_profiles, profiles, state or _worker)


def _compiled_for(game: Game) -> CompiledMatches:
    compiled = _compiled.get(game)
    if compiled is None:
        compiled = _compiled[game] = CompiledMatches(game)
    return compiled


def _play_profiles(profiles: list[tuple[str, ...]], state: tuple) -> list[Match | str]:
    programs, game, setup = state
    compiled = _compiled_for(game)
    results: list[Match | str] = []
    named = programs.__getitem__
    for names in profiles:
        table = tuple(map(named, names))
        found = compiled.play(table, setup.fuel)  # base and Algorithm 1 pairs, from tables
        if found is not None:
            results.append(found)
            continue
        try:
            results.append(matches.play(game, table, setup.selection, setup.fuel, cache=None, checked=True))
        except SpiError as error:
            results.append(reason(list(flatten(error))))
    return results

