"""Tournaments: every seat-1 program against every seat-2 program, exactly. Matches are
planned by cache key (code-equal pairs are played once), played in this process or in
worker processes, and gathered in a fixed order, so results never depend on file order,
hash seed or the number of workers. A match that fails is recorded in its cell."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from fractions import Fraction
from multiprocessing import get_context

import attrs
from tqdm import tqdm

from . import matches, report
from .errors import SpiError, flatten
from .games import Game, Outcome
from .matches import Match, MatchCache
from .programs import Program

BOTH = "both"
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256


@attrs.frozen
class Cell:
    """One match of the matrix: its outcome and payoffs, or why it failed."""

    payoffs: tuple[Fraction, ...] | None = None
    outcome: Outcome | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
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
    completed: int
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
        return report.tournament_text(self)

    def to_csv(self) -> str:
        """One row per match: programs, exact payoffs, outcome, error."""
        return report.tournament_csv(self)

    def to_json(self) -> str:
        """Everything, with exact numbers as strings."""
        return report.tournament_json(self)


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
    `setup` must describe the same files and game, for worker processes to reload."""
    seat1, seat2 = sorted(seat1, key=_name), sorted(seat2, key=_name)
    local = ({p.name: p for p in seat1 + seat2}, game, setup)
    cells: dict[tuple[int, int], Cell] = {}
    groups = _plan(seat1, seat2, game, setup, cells)
    found = {k: cache.get(k) for k in groups} if cache is not None else dict.fromkeys(groups)
    todo = [k for k, hit in found.items() if hit is None]
    bar = tqdm(total=len(todo), desc="tournament", unit="match", file=sys.stderr, delay=1.0,
               disable=None if progress else True, leave=False)
    with bar:
        names = [(seat1[i].name, seat2[j].name) for i, j in (groups[k][0] for k in todo)]
        for match_key, result in zip(todo, _execute(names, local, workers, bar)):
            found[match_key] = result
            if cache is not None and isinstance(result, Match):
                cache.put(match_key, result)
        # A failure's message names its programs: code-equal pairs fail with their own.
        retry = []
        for match_key, pairs in groups.items():
            result = found[match_key]
            for pair in pairs if isinstance(result, Match) else pairs[:1]:
                cells[pair] = _cell(result)
            retry += [] if isinstance(result, Match) else pairs[1:]
        bar.total += len(retry)
        names = [(seat1[i].name, seat2[j].name) for i, j in retry]
        for pair, result in zip(retry, _execute(names, local, workers, bar)):
            cells[pair] = _cell(result)
    matrix = tuple(tuple(cells[i, j] for j in range(len(seat2))) for i in range(len(seat1)))
    return TournamentResults(game, setup.selection, setup.fuel, tuple(map(_name, seat1)),
                             tuple(map(_name, seat2)), matrix, one_population,
                             played=len(todo) + len(retry))


def _name(program: Program) -> str:
    return program.name


def _plan(seat1, seat2, game: Game, setup: Setup, cells: dict) -> dict[tuple, list[tuple[int, int]]]:
    """Group the matches by cache key, in row-major order; a program that cannot take its
    seat fails every match it is in (recorded in `cells` right away)."""
    errors1 = [matches.seat_errors(p, game, 0) for p in seat1]
    errors2 = [matches.seat_errors(q, game, 1) for q in seat2]
    groups: dict[tuple, list[tuple[int, int]]] = {}
    digest, selection, fuel = matches.game_digest(game), setup.selection, setup.fuel
    for i, p in enumerate(seat1):
        for j, q in enumerate(seat2):
            if errors1[i] or errors2[j]:
                cells[i, j] = Cell(error=reason(errors1[i] + errors2[j]))
            else:  # matches.key, inlined: this loop runs once per match
                groups.setdefault((digest, p.digest, q.digest, selection, fuel), []).append((i, j))
    return groups


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

# In a worker process: (programs by name, game, setup), set by the pool's initializer.
_worker: tuple | None = None


def _execute(pairs: list[tuple[str, str]], local: tuple, workers: int, bar) -> list[Match | str]:
    """The result of each pair of program names, in order: played here with the `local`
    programs, or by worker processes that load the files themselves."""
    if not pairs:
        return []
    size = max(1, min(MAX_CHUNK, -(-len(pairs) // (workers * CHUNKS_PER_WORKER))))
    chunks = [pairs[k:k + size] for k in range(0, len(pairs), size)]
    if workers == 1:
        results = []
        for chunk in chunks:
            results += _play_chunk(chunk, local)
            bar.update(len(chunk))
        return results
    done: dict[int, list] = {}
    # spawn, not fork: the progress bar's monitor thread makes forking unsafe
    pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=get_context("spawn"),
                               initializer=_start, initargs=(local[2],))
    try:
        futures = {pool.submit(_play_chunk, chunk): n for n, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            bar.update(len(done[futures[future]]))
    finally:
        pool.shutdown(cancel_futures=True)
    return [result for n in range(len(chunks)) for result in done[n]]


def _start(setup: Setup) -> None:
    """A worker's initializer: load the files once."""
    global _worker
    from .api import load  # deferred: api imports this module
    project = load(*setup.files, sandbox=setup.sandbox)
    _worker = (project.programs, project.games[setup.game], setup)


def _play_chunk(pairs: list[tuple[str, str]], state: tuple | None = None) -> list[Match | str]:
    """Play pairs of programs by name; a failure becomes its reason."""
    programs, game, setup = state or _worker
    results: list[Match | str] = []
    for a, b in pairs:
        try:
            results.append(matches.play(game, programs[a], programs[b], setup.selection,
                                        setup.fuel, cache=None, checked=True))
        except SpiError as error:
            results.append(reason(list(flatten(error))))
    return results


# ------------------------------------------------------------------ ranking

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
