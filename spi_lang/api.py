"""The public API that the CLI and REPL sit on: load files, pick programs and a game, play."""

from __future__ import annotations

import re

import attrs

from . import ast
from .checker import check_in_game, check_lottery, check_outcome_actions, check_world, file_game, target_outcome
from .errors import SpiError, SpiErrors
from .games import Game, Outcome
from .interpreter import MatchResult, play_match
from .loader import SourceFile, World, load_files
from .parser import parse_outcome
from .programs import Program, build_programs

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
        match = _SPEC.match(spec)
        path, name = (match["path"], match["name"]) if match else (spec, None)
        file = self.file(path)
        if name is not None:
            decl = self.world.visible(file).get(name)
            if decl is None or isinstance(decl, ast.Game):
                raise self.fail([SpiError(f"{file.path} has no program {name}", path=file.path)])
            return self.programs[name]
        own = [d.name.text for d in file.module.decls
               if isinstance(d, (ast.BaseProgram, ast.RenegotiationProgram))]
        if len(own) != 1:
            listed = f" ({', '.join(own)})" if own else ""
            raise self.fail([SpiError(f"{file.path} defines {len(own)} programs{listed}; name one "
                                      f"as {file.path}:NAME", path=file.path)])
        return self.programs[own[0]]

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


def load(*paths: str) -> Project:
    """Load `.spi` files with their imports and check them; raise `SpiErrors` on any error."""
    world, _roots, errors = load_files(list(paths))
    if errors:
        raise SpiErrors(sorted(errors, key=_position), world.sources())
    games, errors = check_world(world)
    if errors:
        raise SpiErrors(sorted(errors, key=_position), world.sources())
    return Project(world, games, build_programs(world))


def check(*paths: str) -> tuple[list[SpiError], dict[str, str]]:
    """Every error in the files that can be found without playing, and their sources."""
    world, _roots, errors = load_files(list(paths))
    games, check_errors = check_world(world)
    errors += check_errors
    programs = build_programs(world)
    for file in world.files.values():
        game = file_game(world, file, games)
        if game is None or len(game.players) != 2:
            continue
        for decl in file.module.decls:
            program = programs.get(getattr(decl, "name", ast.Name("")).text)
            if program is not None and program.file is file:
                errors += check_in_game(program, game, None, named_default=False)
    errors.sort(key=_position)
    return errors, world.sources()


def _position(error: SpiError) -> tuple:
    span = error.span
    return (error.path or "", span.line, span.col) if span else (error.path or "", 0, 0)


def play(a: str, b: str, *, game: str | None = None, project: Project | None = None) -> MatchResult:
    """Play program `a` (player 1) against `b` (player 2); specs are `file.spi[:Name]`."""
    project = project or load(*_files(a, b))
    p1, p2 = project.program(a), project.program(b)
    chosen = project.game_for([p1, p2], game)
    if len(chosen.players) != 2:
        raise project.fail([SpiError(f"game {chosen.name} has {len(chosen.players)} players; "
                                     "spilang plays 2-player games", chosen.span)])
    errors = check_in_game(p1, chosen, 0) + check_in_game(p2, chosen, 1)
    if errors:
        raise project.fail(errors)
    return play_match(chosen, p1, p2)


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
    return target_outcome(node, game)


def _files(*specs: str) -> list[str]:
    out = []
    for spec in specs:
        match = _SPEC.match(spec)
        path = match["path"] if match else spec
        if path not in out:
            out.append(path)
    return out
