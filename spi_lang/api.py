"""The public API that the CLI and REPL sit on: load files, pick programs and a game, play.
Each entry point that evaluates runs on the deep stack (`engine.deep`)."""

from __future__ import annotations

import importlib
import os
import weakref
from fractions import Fraction
from typing import TYPE_CHECKING

from spi_lang.analysis import dynamics as _dynamics  # light: results and plain data only
from spi_lang.analysis import metagame as _metagame
from spi_lang.engine.deep import deep_stack, run_deep
from spi_lang.engine.interpreter import DEFAULT_FUEL, MatchResult, Negotiation, negotiate, play_match
from spi_lang.engine.matches import CACHE, MatchCache, seat_errors
from spi_lang.geometry.games import Game
from spi_lang.geometry.numbers import NumberTooLarge
from spi_lang.geometry.nfg import to_nfg
from spi_lang.load import project as _project
from spi_lang.load.programs import Program
from spi_lang.load.project import Project, files_of, outcome, split_spec
from spi_lang.load.shipped import ship
from spi_lang.syntax.errors import SpiError, unique

if TYPE_CHECKING:
    from spi_lang.analysis.equilibrium import Analysis, analyze
    from spi_lang.analysis.spi_check import SpiCheck, spi_check
    from spi_lang.analysis.tournaments import Setup, TournamentResults

# The analysis floor is imported on first use: `play`, `check` and `game` start without it.
_LAZY = {"Analysis": "spi_lang.analysis.equilibrium", "analyze": "spi_lang.analysis.equilibrium",
         "SpiCheck": "spi_lang.analysis.spi_check", "spi_check": "spi_lang.analysis.spi_check",
         "Setup": "spi_lang.analysis.tournaments", "TournamentResults": "spi_lang.analysis.tournaments"}
_LAZY_MODULES = {"tournaments": "spi_lang.analysis.tournaments"}


def __getattr__(name: str):
    if name in _LAZY_MODULES:
        value = importlib.import_module(_LAZY_MODULES[name])
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'spi_lang.api' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = ["Analysis", "MatchResult", "Project", "SpiCheck", "TournamentResults", "analyze", "check", "files_of", "load", "negotiate_programs", "outcome", "play",
           "play_programs", "run_match", "spi_check", "split_spec", "tournament", "tournament_programs"]


@deep_stack
def load(*paths: str, sandbox: str | None = None, snippets: list[tuple[str, str]] = ()) -> Project:
    """Load `.spi` files with their imports and check them; raise `SpiErrors` on any error.
    With `sandbox`, files may only come from that folder and the stdlib. `snippets` are
    (label, text) pairs of declarations (REPL input) that see every file and each other."""
    return _project.load(*paths, sandbox=sandbox, snippets=snippets)


@deep_stack
def check(*paths: str, sandbox: str | None = None,
          warnings: bool = False) -> tuple[list[SpiError], dict[str, str]]:
    """Every error in the files that can be found without playing, and their sources; with
    `warnings`, also the warnings (`SpiWarning`: a csr program that can never improve on its
    default outcome, Definition 6(2)) in the same list."""
    return _project.check(*paths, sandbox=sandbox, warnings=warnings)


@deep_stack
def play(*specs: str, game: str | None = None, select: str = "leximin",
         fuel: int = DEFAULT_FUEL, sandbox: str | None = None,
         project: Project | None = None) -> MatchResult:
    """Play one program per seat, in player order (`play(a, b)`: a is player 1, b player
    2); specs are `file.spi[:Name]`; `select` is the selection function for csr agreement
    sets, `fuel` the step budget."""
    project = project or load(*files_of(*specs), sandbox=sandbox)
    return play_programs(project, *_programs_named(project, specs), game=game,
                         select=select, fuel=fuel)


# What a project's specs and seats resolve to, kept per project (a loaded project does not
# change): a repeated `play` on one project looks its programs and game up once. Only what
# resolved is kept, so an error is found, and raised, again on every call.
_resolved: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MAX_RESOLVED = 10_000  # per project; a full table starts afresh


def _resolved_in(project: Project) -> dict:
    found = _resolved.get(project)
    if found is None or len(found) >= _MAX_RESOLVED:
        found = _resolved[project] = {}
    return found


def _programs_named(project: Project, specs: tuple[str, ...]) -> tuple[Program, ...]:
    """`project.program(spec)` of each spec, once per project and specs."""
    table = _resolved_in(project)
    found = table.get(specs)
    if found is None:
        found = table[specs] = tuple(project.program(s) for s in specs)
    return found


@deep_stack
def play_programs(project: Project, *programs: Program, game: str | None = None,
                  select: str = "leximin", fuel: int = DEFAULT_FUEL) -> MatchResult:
    """Play loaded programs, one per seat in player order, as `play` does."""
    chosen = _match_game(project, programs, game, select)
    return run_match(project, chosen, programs, select, fuel)


@deep_stack
def negotiate_programs(project: Project, *programs: Program, game: str | None = None,
                       select: str = "leximin", fuel: int = DEFAULT_FUEL) -> Negotiation:
    """What the programs (one per seat) renegotiate from each realized default profile:
    every seat's offer (csr sets, or rn_i(a) outcomes) and the agreement; no rounds if
    they share no template."""
    chosen = _match_game(project, programs, game, select)
    with project.failing():  # errors found while playing (a csr evaluation that loops)
        return negotiate(chosen, programs, select, fuel)


def _match_game(project: Project, programs: tuple[Program, ...], game: str | None, select: str) -> Game:
    """The game of a match, with one program for each of its seats, each checked in its
    seat, and the selection function checked in the game (once per project, programs,
    game and selection: every check is a pure function of them)."""
    table = _resolved_in(project)
    key = ("game", programs, game, select)
    found = table.get(key)
    if found is None:
        found = table[key] = _checked_game(project, programs, game, select)
    return found


def _checked_game(project: Project, programs: tuple[Program, ...], game: str | None, select: str) -> Game:
    chosen = project.game_with_seats(list(programs), game)
    errors = [e for seat, p in enumerate(programs)  # each check made once per program, game and seat
              for e in seat_errors(p, chosen, seat, maps=p not in programs[:seat])]
    if errors:
        raise project.fail(unique(errors))
    project.check_selection(select, chosen)
    return chosen


def run_match(project: Project, game: Game, programs: tuple[Program, ...], select: str,
              fuel: int) -> MatchResult:
    """Play programs already checked in their seats; errors found while playing (fuel, a
    csr evaluation that depends on itself) are raised as `SpiErrors` with their sources."""
    with project.failing():
        return play_match(game, tuple(programs), select, fuel)


def tournament(*specs: str, seat1: tuple[str, ...] = (), seat2: tuple[str, ...] = (),
               seats: tuple[tuple[str, ...], ...] | None = None, game: str | None = None,
               select: str = "leximin", fuel: int = DEFAULT_FUEL, workers: int = 1,
               sandbox: str | None = None, project: Project | None = None,
               progress: bool = False, cache: MatchCache | None = CACHE) -> TournamentResults:
    """Play every profile of programs, one per seat. Specs are `file.spi` (every program
    it declares) or `file.spi:Name`; `specs` is one population that plays every seat, or
    give `seats`, one tuple of specs per seat in player order (`seat1` and `seat2` are
    the same for 2 players). A failing match is recorded in its cell. `workers`
    processes play the matches; `cache` keeps finished matches (None: no cache). At most
    `tournaments.MAX_CELLS` cells (programs per seat multiplied together) in 3+ seats."""
    lists = _seat_lists(specs, seat1, seat2, seats)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    every = [spec for specs_ in lists for spec in specs_]
    project = project or load(*files_of(*every), sandbox=sandbox)
    populations = [_population(project, specs_) for specs_ in lists]
    return tournament_programs(project, *populations, game=game, select=select, fuel=fuel,
                               workers=workers, sandbox=sandbox, progress=progress, cache=cache)


def _seat_lists(specs, seat1, seat2, seats) -> list[tuple[str, ...]]:
    """The lists of specs: one population, or one per seat."""
    unclear = ValueError("give the programs either as one population or as seat1 and seat2 "
                         "(or seats=(specs1, specs2, ...), one tuple per seat)")
    if seats is not None:
        if specs or seat1 or seat2 or len(seats) < 2 or not all(seats) or isinstance(seats, str):
            raise unclear
        return [tuple(s) for s in seats]
    if bool(seat1) != bool(seat2) or bool(specs) == bool(seat1):
        raise unclear
    return [specs] if specs else [seat1, seat2]


def tournament_programs(project: Project, *seats: list[Program] | None, game: str | None = None,
                        select: str = "leximin", fuel: int = DEFAULT_FUEL, workers: int = 1,
                        sandbox: str | None = None, progress: bool = False,
                        cache: MatchCache | None = CACHE) -> TournamentResults:
    """`tournament` on loaded programs: one list plays every seat (a None after it is
    ignored: `tournament_programs(project, population, None)`), or one list per seat. With
    `workers` > 1 the workers reload the project's files, so typed (REPL) declarations
    need `workers=1`. Raises `SpiErrors` if the seats do not fit the game or there are
    more than `tournaments.MAX_CELLS` cells in 3+ seats."""
    from spi_lang.analysis import tournaments
    lists, chosen, one_population = _tournament_seats(project, seats, game, select)
    setup = tournaments.Setup(tuple(project.world.roots), sandbox, chosen.name, select, fuel)
    results = tournaments.run(lists, chosen, setup, one_population=one_population,
                              workers=workers, progress=progress, cache=cache)
    try:  # the means are sums over many matches: bounded like every number
        results.ranking  # noqa: B018
    except NumberTooLarge as exc:
        raise project.too_large(exc) from None
    return results


def _tournament_seats(project: Project, seats, game: str | None, select: str):
    """Each seat's programs, the game and whether one population plays every seat; raises
    `SpiErrors` if the seats do not fit the game or there are too many cells."""
    from spi_lang.analysis import tournaments
    lists = [list(s) for s in seats if s is not None]
    if not lists:
        raise ValueError("give at least one list of programs")
    every = list(dict.fromkeys(p for programs in lists for p in programs))
    chosen = project.game_for(every, game)
    n = len(chosen.players)
    if len(lists) > 1 and len(lists) != n:
        raise project.fail([SpiError(f"game {chosen.name} has {n} players: give one list of programs "
                                     f"per seat ({n} lists, not {len(lists)})", chosen.span)])
    one_population = len(lists) == 1
    lists = lists * n if one_population else lists
    problem = tournaments.size_problem([len(programs) for programs in lists])
    if problem:
        raise project.fail([SpiError(problem)])
    project.check_written_for(every, chosen)
    project.check_selection(select, chosen)
    return lists, chosen, one_population


def tournament_in_blocks(project: Project, *seats: list[Program] | None, game: str | None = None,
                         select: str = "leximin", fuel: int = DEFAULT_FUEL, cluster=None,
                         out: str | None = None, block_cells: int | None = None, progress=False):
    """`tournament_programs` played in blocks of cells (`analysis.tournament_blocks`): on
    `cluster` (an `analysis.tournament_dask.Cluster`) or, without one, in this process.
    Without `out` it returns the same `TournamentResults` as a local run; with `out` (a
    folder, made ready first) the blocks write the cells there as CSV parts and it returns
    a `tournament_parts.Summary` (rankings and counts; `merge_parts(out)` reads the cells).
    `progress`: a `ui.progress.Stages`-like object, or False."""
    from importlib.metadata import version  # imported on first use: start-up time

    from spi_lang.analysis import tournament_parts
    from spi_lang.analysis.tournament_blocks import BlockState, Job
    lists, chosen, one_population = _tournament_seats(project, seats, game, select)
    names = tuple(tuple(sorted(p.name for p in programs)) for programs in lists)
    if out is not None:
        tournament_parts.prepare_folder(out)
    job = Job(names, chosen.name, select, fuel, out and os.path.abspath(out), version("spi_lang"))
    if cluster is None:
        runner = tournament_parts.local_runner(lambda job_: run_deep(BlockState, project, job_))
    else:
        runner = cluster.runner(ship(project))
    bar = progress.matches(job.cells) if progress else None
    try:  # the rankings' totals are sums over many matches: bounded like every number
        return tournament_parts.play(job, chosen, one_population, runner, block_cells=block_cells, bar=bar,
                                    shown=out)
    except NumberTooLarge as exc:
        raise project.too_large(exc) from None


def population(project: Project, specs) -> list[Program]:
    """The programs the specs name, each once (one seat's list for `tournament_programs`)."""
    return _population(project, specs)


def _population(project: Project, specs) -> list[Program]:
    """The programs the specs name, each once."""
    found = {p.name: p for spec in specs for p in project.programs_in(spec)}
    return list(found.values())




# ------------------------------------------------------------------ meta-games (issue 14)

__all__ += ["meta_game", "metagame", "moran", "replicator", "to_nfg"]


def meta_game(results: TournamentResults) -> Game:
    """A finished tournament's program-vs-program game (its actions are the programs);
    `to_nfg(meta_game(results))` is its Gambit `.nfg` text. Raises SpiError if a match failed."""
    return _metagame.meta_game(results)


def metagame(results: TournamentResults, solver: str = _metagame.AUTO) -> _metagame.MetaSolution:
    """The exact Nash equilibria of a two-seat tournament's meta-game, by pygambit
    (`solver`: "enummixed", "lcp" or "auto"), and for one population its symmetric ones."""
    return _metagame.solve(results, solver)


def replicator(results: TournamentResults, time=50, points: int = 501) -> _dynamics.Trajectory:
    """Replicator dynamics over a two-seat tournament from equal shares (floats)."""
    return _dynamics.replicator(results, Fraction(time), points)


def moran(results: TournamentResults, settings: _dynamics.MoranSettings | None = None) -> _dynamics.Trajectory:
    """A seeded Moran process with mutation over a one-population tournament (floats;
    integer counts; the same seed gives the same run)."""
    return _dynamics.moran(results, settings or _dynamics.MoranSettings())
