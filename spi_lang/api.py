"""The public API that the CLI and REPL sit on: load files, pick programs and a game, play.
Each entry point that evaluates runs on the deep stack (`engine.deep`)."""

from __future__ import annotations

from spi_lang.analysis import tournaments
from spi_lang.analysis.equilibrium import Analysis, analyze
from spi_lang.analysis.spi_check import SpiCheck, spi_check
from spi_lang.analysis.tournaments import Setup, TournamentResults
from spi_lang.engine.deep import deep_stack
from spi_lang.engine.interpreter import DEFAULT_FUEL, MatchResult, Negotiation, negotiate, play_match
from spi_lang.engine.matches import CACHE, MatchCache
from spi_lang.geometry.games import Game
from spi_lang.load import project as _project
from spi_lang.load.checks.in_game import seat_errors
from spi_lang.load.programs import Program
from spi_lang.load.project import Project, files_of, outcome, split_spec
from spi_lang.syntax.errors import SpiError, unique

__all__ = ["Analysis", "MatchResult", "Project", "SpiCheck", "TournamentResults", "analyze", "check", "files_of", "load", "negotiate_programs", "outcome", "play",
           "play_programs", "run_match", "spi_check", "split_spec", "tournament", "tournament_programs"]


@deep_stack
def load(*paths: str, sandbox: str | None = None, snippets: list[tuple[str, str]] = ()) -> Project:
    """Load `.spi` files with their imports and check them; raise `SpiErrors` on any error.
    With `sandbox`, files may only come from that folder and the stdlib. `snippets` are
    (label, text) pairs of declarations (REPL input) that see every file and each other."""
    return _project.load(*paths, sandbox=sandbox, snippets=snippets)


@deep_stack
def check(*paths: str, sandbox: str | None = None) -> tuple[list[SpiError], dict[str, str]]:
    """Every error in the files that can be found without playing, and their sources."""
    return _project.check(*paths, sandbox=sandbox)


@deep_stack
def play(a: str, b: str, *, game: str | None = None, select: str = "leximin",
         fuel: int = DEFAULT_FUEL, sandbox: str | None = None,
         project: Project | None = None) -> MatchResult:
    """Play program `a` (player 1) against `b` (player 2); specs are `file.spi[:Name]`;
    `select` is the selection function for csr agreement sets, `fuel` the step budget."""
    project = project or load(*files_of(a, b), sandbox=sandbox)
    return play_programs(project, project.program(a), project.program(b), game=game,
                         select=select, fuel=fuel)


@deep_stack
def play_programs(project: Project, p1: Program, p2: Program, *, game: str | None = None,
                  select: str = "leximin", fuel: int = DEFAULT_FUEL) -> MatchResult:
    """Play loaded program `p1` (player 1) against `p2` (player 2), as `play` does."""
    chosen = _match_game(project, p1, p2, game, select)
    return run_match(project, chosen, p1, p2, select, fuel)


@deep_stack
def negotiate_programs(project: Project, p1: Program, p2: Program, *, game: str | None = None,
                       select: str = "leximin", fuel: int = DEFAULT_FUEL) -> Negotiation:
    """What `p1` and `p2` renegotiate from each realized default profile: both sides' offers
    (csr sets, or rn_i(a) outcomes) and the agreement; no rounds if they share no template."""
    chosen = _match_game(project, p1, p2, game, select)
    with project.failing():  # errors found while playing (a csr evaluation that loops)
        return negotiate(chosen, p1, p2, select, fuel)


def _match_game(project: Project, p1: Program, p2: Program, game: str | None, select: str) -> Game:
    """The game of a match, with both programs checked in their seats and the selection
    function checked in the game."""
    chosen = project.two_player_game([p1, p2], game)
    errors = seat_errors(p1, chosen, 0) + seat_errors(p2, chosen, 1, maps=p2 is not p1)
    if errors:
        raise project.fail(unique(errors))
    project.check_selection(select, chosen)
    return chosen


def run_match(project: Project, game: Game, p1: Program, p2: Program, select: str, fuel: int) -> MatchResult:
    """Play two programs already checked in their seats; errors found while playing (fuel,
    a csr evaluation that depends on itself) are raised as `SpiErrors` with their sources."""
    with project.failing():
        return play_match(game, p1, p2, select, fuel)


def tournament(*specs: str, seat1: tuple[str, ...] = (), seat2: tuple[str, ...] = (),
               game: str | None = None, select: str = "leximin", fuel: int = DEFAULT_FUEL,
               workers: int = 1, sandbox: str | None = None, project: Project | None = None,
               progress: bool = False, cache: MatchCache | None = CACHE) -> TournamentResults:
    """Play every seat-1 program against every seat-2 program. Specs are `file.spi` (every
    program it declares) or `file.spi:Name`; `specs` is one population that plays both
    seats, or give `seat1` and `seat2` instead. A failing match is recorded in its cell.
    `workers` processes play the matches; `cache` keeps finished matches (None: no cache)."""
    if bool(seat1) != bool(seat2) or bool(specs) == bool(seat1):
        raise ValueError("give the programs either as one population or as seat1 and seat2")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    project = project or load(*files_of(*specs, *seat1, *seat2), sandbox=sandbox)
    first = _population(project, specs or seat1)
    second = None if specs else _population(project, seat2)
    return tournament_programs(project, first, second, game=game, select=select, fuel=fuel,
                               workers=workers, sandbox=sandbox, progress=progress, cache=cache)


def tournament_programs(project: Project, seat1: list[Program], seat2: list[Program] | None = None,
                        *, game: str | None = None, select: str = "leximin",
                        fuel: int = DEFAULT_FUEL, workers: int = 1, sandbox: str | None = None,
                        progress: bool = False, cache: MatchCache | None = CACHE) -> TournamentResults:
    """`tournament` on loaded programs: `seat1` plays both seats when `seat2` is None. With
    `workers` > 1 the workers reload the project's files, so typed (REPL) declarations need
    `workers=1`."""
    second = list(seat1) if seat2 is None else list(seat2)
    chosen = project.two_player_game(list(seat1) + second, game)
    project.check_written_for(list(dict.fromkeys(list(seat1) + second)), chosen)
    project.check_selection(select, chosen)
    setup = Setup(tuple(project.world.roots), sandbox, chosen.name, select, fuel)
    return tournaments.run(list(seat1), second, chosen, setup, one_population=seat2 is None,
                           workers=workers, progress=progress, cache=cache)


def _population(project: Project, specs) -> list[Program]:
    """The programs the specs name, each once."""
    found = {p.name: p for spec in specs for p in project.programs_in(spec)}
    return list(found.values())


