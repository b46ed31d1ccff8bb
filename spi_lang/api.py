"""The public API that the CLI and REPL sit on: load files, pick programs and a game, play."""

from __future__ import annotations

import os
import re

import attrs

from . import ast
from .checker import (check_actions_in_games, check_in_game, check_lottery, check_outcome_actions,
                      check_world, visible_games)
from .errors import SpiError, SpiErrors, flatten, unique
from .games import Game, Outcome, plural
from .interpreter import DEFAULT_FUEL, MatchResult, play_match
from .loader import SourceFile, World, load_files
from .memory import gc_paused
from .parser import parse_outcome
from .check_csr import check_offers_in_game, programs_run_by
from .selection import check_selection
from .programs import Program, build_programs
from . import tournaments
from .matches import CACHE, MatchCache
from .tournaments import Setup, TournamentResults

_SPEC = re.compile(r"^(?P<path>.+\.spi):(?P<name>[A-Za-z_][A-Za-z0-9_]*)$")


@attrs.define(eq=False)
class Project:
    """Loaded and checked files: their games and programs, by name."""

    world: World
    games: dict[str, Game]
    programs: dict[str, Program]

    def fail(self, errors: list[SpiError]) -> SpiErrors:
        """An exception carrying `errors` and the sources needed to render them."""
        return SpiErrors(errors, self.world.sources())

    def file(self, path: str) -> SourceFile:
        """A loaded file, by the path it was given as."""
        if path not in self.world.roots:
            raise self.fail([SpiError(f"{path} was not loaded", path=path)])
        return self.world.roots[path]

    def program(self, spec: str) -> Program:
        """`file.spi` (its only program) or `file.spi:Name`."""
        path, name = split_spec(spec)
        file = self.file(path)
        if name is not None:
            decl = self.world.visible(file).get(name)
            if decl is None or isinstance(decl, ast.Game):
                raise self.fail([SpiError(f"{file.path} has no program {name}", path=file.path)])
            return self.programs[name]
        own = [d.name.text for d in file.own(ast.PROGRAM_DECLS)]
        if not own:
            raise self.fail([SpiError("this file declares no program", path=file.path)])
        if len(own) > 1:
            raise self.fail([SpiError(f"this file declares {len(own)} programs ({', '.join(own)}); "
                                      f"name one as {path}:NAME", path=file.path)])
        return self.programs[own[0]]

    def programs_in(self, spec: str) -> list[Program]:
        """`file.spi`: every program the file declares (not those it imports);
        `file.spi:Name`: that program."""
        path, name = split_spec(spec)
        if name is not None:
            return [self.program(spec)]
        file = self.file(path)
        own = [d.name.text for d in file.own(ast.PROGRAM_DECLS)]
        if not own:
            raise self.fail([SpiError("this file declares no program", path=file.path)])
        return [self.programs[n] for n in own]

    def game_for(self, programs: list[Program], name: str | None = None) -> Game:
        """The game named `name`, or the only game visible from the programs' files."""
        if name is not None:
            if name not in self.games:
                raise self.fail([SpiError(f"no game named {name} in the loaded files")])
            return self.games[name]
        visible = sorted({d.name.text for p in programs for d in self.world.visible(p.file).values()
                          if isinstance(d, ast.Game)})
        if len(visible) == 1:
            return self.games[visible[0]]
        where = programs[0].file.path
        if not visible:
            raise self.fail([SpiError("no game: the programs' files neither define nor import one "
                                      "(import one, or pass --game)", path=where)])
        raise self.fail([SpiError(f"several games are visible ({', '.join(visible)}); pick one "
                                  "with --game", path=where)])


    def games_in(self, path: str, name: str | None = None) -> list[Game]:
        """The games a file defines, else those it imports; only `name` if given."""
        file = self.file(path)
        own = [d.name.text for d in file.own(ast.Game)]
        names = own or sorted(d.name.text for d in self.world.visible(file).values()
                              if isinstance(d, ast.Game))
        if name is not None:
            if name not in names:
                raise self.fail([SpiError(f"{file.path} has no game {name}", path=file.path)])
            names = [name]
        if not names:
            raise self.fail([SpiError(f"{file.path} neither defines nor imports a game", path=file.path)])
        return [self.games[n] for n in names]


def load(*paths: str, sandbox: str | None = None) -> Project:
    """Load `.spi` files with their imports and check them; raise `SpiErrors` on any error.
    With `sandbox`, files may only come from that folder and the stdlib."""
    with gc_paused():
        world, _roots, errors = load_files(list(paths), sandbox)
        if errors:
            raise SpiErrors(sorted(errors, key=_position), world.sources())
        games, errors = check_world(world)
        if errors:
            raise SpiErrors(sorted(errors, key=_position), world.sources())
        return Project(world, games, build_programs(world))


def check(*paths: str, sandbox: str | None = None) -> tuple[list[SpiError], dict[str, str]]:
    """Every error in the files that can be found without playing, and their sources."""
    with gc_paused():
        world, _roots, errors = load_files(list(paths), sandbox)
        games, check_errors = check_world(world)
        errors += check_errors
        programs = build_programs(world)
    for file in world.files.values():
        visible = visible_games(world, file, games)
        for decl in file.own(ast.PROGRAM_DECLS):
            program = programs.get(decl.name.text)
            if program is None or program.decl is not decl:  # a duplicate name, reported
                continue
            if len(visible) == 1:  # the game is known: check everything
                errors += check_in_game(program, visible[0], None, named_default=False)
            elif visible:
                errors += check_actions_in_games(program, visible)
    errors.sort(key=_position)
    return errors, world.sources()


def _position(error: SpiError) -> tuple:
    span = error.span
    return (error.path or "", span.line, span.col) if span else (error.path or "", 0, 0)


def play(a: str, b: str, *, game: str | None = None, select: str = "leximin",
         fuel: int = DEFAULT_FUEL, sandbox: str | None = None,
         project: Project | None = None) -> MatchResult:
    """Play program `a` (player 1) against `b` (player 2); specs are `file.spi[:Name]`;
    `select` is the selection function for csr agreement sets, `fuel` the step budget."""
    project = project or load(*_files(a, b), sandbox=sandbox)
    p1, p2 = project.program(a), project.program(b)
    chosen = project.game_for([p1, p2], game)
    if len(chosen.players) != 2:
        raise project.fail([SpiError(f"game {chosen.name} has {plural(len(chosen.players), 'player')}; "
                                     "spilang plays 2-player games", chosen.span)])
    errors = check_in_game(p1, chosen, 0) + check_in_game(p2, chosen, 1, maps=p2 is not p1)
    for seat, program in enumerate((p1, p2)):
        played, offered = programs_run_by(program)
        for other in played:
            errors += check_in_game(other, chosen, seat)
        for other in offered:
            errors += check_offers_in_game(other, chosen)
    if errors:
        raise project.fail(unique(errors))
    try:
        check_selection(select, chosen)
        return play_match(chosen, p1, p2, select, fuel)
    except SpiError as error:  # found while playing (a csr evaluation that loops)
        raise project.fail(list(flatten(error))) from None
    except RecursionError:  # nested offers/result chains times deep set expressions
        raise project.fail([SpiError(
            "evaluating these programs nests too deeply (chains of offers(...) and result(...) "
            "over deeply nested set expressions)", p1.decl.name.span)]) from None


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
    project = project or load(*_files(*specs, *seat1, *seat2), sandbox=sandbox)
    first = _population(project, specs or seat1)
    second = first if specs else _population(project, seat2)
    chosen = project.game_for(first + second, game)
    if len(chosen.players) != 2:
        raise project.fail([SpiError(f"game {chosen.name} has {plural(len(chosen.players), 'player')}; "
                                     "spilang plays 2-player games", chosen.span)])
    try:
        check_selection(select, chosen)
    except SpiError as error:
        raise project.fail([error]) from None
    setup = Setup(tuple(project.world.roots), sandbox, chosen.name, select, fuel)
    return tournaments.run(first, second, chosen, setup, one_population=bool(specs),
                           workers=workers, progress=progress, cache=cache)


def _population(project: Project, specs) -> list[Program]:
    """The programs the specs name, each once."""
    found = {p.name: p for spec in specs for p in project.programs_in(spec)}
    return list(found.values())


def outcome(game: Game, text: str, label: str = "<outcome>") -> Outcome:
    """An outcome of `game` written as text: `(A, B)` or `lottery { (A, B): 1/2, ... }`."""
    try:
        node = parse_outcome(text, label)
        errors = check_outcome_actions(node, game)
        if isinstance(node, ast.Lottery):
            errors += check_lottery(node)
    except SpiError as error:
        errors = [error]
    if errors:
        raise SpiErrors(errors, {label: text})
    return game.outcome_of(node)


def split_spec(spec: str) -> tuple[str, str | None]:
    """`file.spi:Name` -> (file.spi, Name); a plain path (even one with a colon) -> (path, None)."""
    match = _SPEC.match(spec)
    if match is None or os.path.isfile(spec):
        return spec, None
    return match["path"], match["name"]


def _files(*specs: str) -> list[str]:
    return list(dict.fromkeys(split_spec(spec)[0] for spec in specs))
