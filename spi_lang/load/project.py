"""A loaded and checked project: files with their imports, checked, resolved into linked
programs, and the ways commands name what they use (`file.spi:Name`, games, outcomes).
Everything here runs on the caller's stack; `spi_lang.api` puts it on the deep stack."""

from __future__ import annotations

import contextlib
import os
import re

import attrs

from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.selection import check_selection
from spi_lang.geometry.text import plural
from spi_lang.load.checks.beliefs import check_support_in_game
from spi_lang.load.checks.csr import check_self_dependence
from spi_lang.load.checks.declarations import check_lottery
from spi_lang.load.checks.improvement import Budget, never_improves
from spi_lang.load.checks.in_game import check_actions_in_games, check_in_game, check_outcome_actions
from spi_lang.load.checks.world import check_world, visible_games
from spi_lang.load.files import SourceFile, World, load_files
from spi_lang.load.gc_pause import gc_paused
from spi_lang.load.programs import CSR, ICSR, Program, build_programs
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, SpiErrors, did_you_mean, flatten
from spi_lang.syntax.parser import parse_outcome

LISTED = 12  # an unknown program's message lists every program up to this many
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
            visible = self.world.visible(file)
            decl = visible.get(name)
            if decl is not None and not isinstance(decl, ast.PROGRAM_DECLS):
                raise self.fail([SpiError(f"{self._not_a_program(name)}", path=file.path)])
            if decl is None:
                programs = [n for n, d in visible.items() if isinstance(d, ast.PROGRAM_DECLS)]
                raise self.fail([SpiError(f"{file.path} has no program {name}{did_you_mean(name, programs)}",
                                          path=file.path)])
            return self.programs[name]
        own = [d.name.text for d in file.own(ast.PROGRAM_DECLS)]
        if not own:
            raise self.fail([SpiError("this file declares no program", path=file.path)])
        if len(own) > 1:
            raise self.fail([SpiError(f"this file declares {len(own)} programs ({', '.join(own)}); "
                                      f"name one as {path}:NAME", path=file.path)])
        return self.programs[own[0]]

    def named(self, name: str) -> Program:
        """A loaded program by its name (names are unique in a project)."""
        if name in self.programs:
            return self.programs[name]
        if name in self.world.decls:
            raise self.fail([SpiError(self._not_a_program(name))])
        hint = did_you_mean(name, sorted(self.programs))
        if len(self.programs) > LISTED:  # hundreds of names help nobody: the closest few
            raise self.fail([SpiError(f"no program named {name} ({len(self.programs)} programs "
                                      f"loaded){hint or '; :list shows them'}")])
        known = ", ".join(sorted(self.programs)) or "none loaded"
        raise self.fail([SpiError(f"no program named {name} (programs: {known}){hint}")])

    def _not_a_program(self, name: str) -> str:
        """What a declaration that is not a program is, and where."""
        decl, file = self.world.decls[name]
        what = "a game" if isinstance(decl, ast.Game) else \
            "a beliefs declaration" if isinstance(decl, ast.Beliefs) else f"a {type(decl).__name__.lower()}"
        return f"{name} is {what} in {file.path}, not a program"

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
        if not programs:
            raise self.fail([SpiError("no programs to play: load or declare some first")])
        if name is not None:
            if name not in self.games:
                raise self.fail([SpiError(f"no game named {name} in the loaded files")])
            return self.games[name]
        visible = sorted({d.name.text for p in programs for d in self.world.visible(p.file).games()})
        if len(visible) == 1:
            return self.games[visible[0]]
        where = programs[0].file.path
        if not visible:
            raise self.fail([SpiError("no game: the programs' files neither define nor import one "
                                      "(import one, or pass --game)", path=where)])
        raise self.fail([SpiError(f"several games are visible ({', '.join(visible)}); pick one "
                                  "with --game", path=where)])

    def game_with_seats(self, programs: list[Program], name: str | None = None) -> Game:
        """`game_for`, which must have one seat for each of `programs`."""
        chosen = self.game_for(programs, name)
        if len(chosen.players) != len(programs):
            n = len(chosen.players)
            raise self.fail([SpiError(f"game {chosen.name} has {plural(n, 'player')}: give one program "
                                      f"per seat ({plural(n, 'program')}, not {len(programs)})", chosen.span)])
        return chosen

    def two_player_game(self, programs: list[Program], name: str | None = None) -> Game:
        """`game_for`, which must be a 2-player game."""
        chosen = self.game_for(programs, name)
        if len(chosen.players) != 2:
            raise self.fail([SpiError(f"game {chosen.name} has {plural(len(chosen.players), 'player')}; "
                                      "spilang plays 2-player games", chosen.span)])
        return chosen

    def written_for(self, program: Program, game: Game) -> bool:
        """Whether `program`'s file sees `game`, or no game at all (then any game may be it)."""
        seen = visible_games(self.world, program.file, self.games)
        return not seen or game in seen

    def check_written_for(self, programs: list[Program], game: Game, option: str = "--game") -> None:
        """Raise `SpiErrors`, one error per file, for programs whose files see games but not
        `game`: written for another game, they could only fail in every match."""
        strays: dict[str, list[Program]] = {}
        for program in programs:
            if not self.written_for(program, game):
                strays.setdefault(program.file.path, []).append(program)
        errors = []
        for path, stray in strays.items():
            file = stray[0].file
            seen = ", ".join(g.name for g in visible_games(self.world, file, self.games))
            where = next((d.span for d in file.module.decls if isinstance(d, (ast.Import, ast.Game))), None)
            errors.append(SpiError(f"the programs of {path} ({', '.join(p.name for p in stray)}) are "
                                   f"written for {seen}, not for {game.name} ({option})", where, path=path))
        if errors:
            raise self.fail(errors)

    @contextlib.contextmanager
    def failing(self):
        """Re-raise a `SpiError` from inside the block as `SpiErrors` with this project's
        sources, so that it renders with its lines and carets."""
        try:
            yield
        except SpiError as error:
            raise self.fail(list(flatten(error))) from None

    def check_selection(self, name: str, game: Game) -> None:
        """Raise `SpiErrors` if `name` is not a selection function for `game`."""
        with self.failing():
            check_selection(name, game)

    def games_in(self, path: str, name: str | None = None) -> list[Game]:
        """The games a file defines, else those it imports; only `name` if given."""
        file = self.file(path)
        own = [d.name.text for d in file.own(ast.Game)]
        names = own or [d.name.text for d in self.world.visible(file).games()]
        if name is not None:
            if name not in names:
                raise self.fail([SpiError(f"{file.path} has no game {name}", path=file.path)])
            names = [name]
        if not names:
            raise self.fail([SpiError(f"{file.path} neither defines nor imports a game", path=file.path)])
        return [self.games[n] for n in names]


def load(*paths: str, sandbox: str | None = None, snippets: list[tuple[str, str]] = (), fs=None) -> Project:
    """Load `.spi` files with their imports and check them; raise `SpiErrors` on any error.
    With `sandbox`, files may only come from that folder and the stdlib. `snippets` are
    (label, text) pairs of declarations (REPL input) that see every file and each other.
    `fs`: where the sources come from (default the disk; `load.shipped` for a Dask worker)."""
    with gc_paused():
        world, _roots, errors = load_files(list(paths), sandbox, list(snippets), fs)
        if errors:
            raise SpiErrors(sorted(errors, key=_position), world.sources())
        games, errors = check_world(world)
        if errors:
            raise SpiErrors(sorted(errors, key=_position), world.sources())
        programs = build_programs(world)
    labels = {label for label, _ in snippets}
    typed = [f for f in world.files.values() if f.path in labels]
    errors = _game_errors(world, games, programs, typed)  # as `check` would report them
    if errors:
        raise SpiErrors(errors, world.sources())
    return Project(world, games, programs)


def check(*paths: str, sandbox: str | None = None,
          warnings: bool = False) -> tuple[list[SpiError], dict[str, str]]:
    """Every error in the files that can be found without playing, and their sources; with
    `warnings`, also every `SpiWarning` (Definition 6(2)), in the same list."""
    with gc_paused():
        world, _roots, errors = load_files(list(paths), sandbox)
        games, check_errors = check_world(world)
        errors += check_errors
        programs = build_programs(world)
    errors += _game_errors(world, games, programs, world.files.values())
    if warnings:
        errors += _warnings(world, games, programs)
    errors.sort(key=_position)
    return errors, world.sources()


def _game_errors(world: World, games: dict[str, Game], programs: dict[str, Program], files) -> list[SpiError]:
    """Errors of the files' programs in the games they see: all of them when a file sees
    one game, else the actions no visible game has."""
    errors: list[SpiError] = []
    for file in files:
        visible = visible_games(world, file, games)
        for decl in file.own(ast.PROGRAM_DECLS):
            program = programs.get(decl.name.text)
            if program is None or program.decl is not decl:  # a duplicate name, reported
                continue
            if program.kind in (CSR, ICSR):
                errors += check_self_dependence(program)
            if len(visible) == 1:  # the game is known: check everything
                errors += check_in_game(program, visible[0], None, named_default=False)
            elif visible:
                errors += check_actions_in_games(program, visible)
        if len(visible) == 1:
            errors += _beliefs_in_game(file, programs, visible[0])
    return sorted(errors, key=_position)


def _warnings(world: World, games: dict[str, Game], programs: dict[str, Program]) -> list[SpiError]:
    """Warnings about the files' csr programs in the one game each file sees."""
    found: list[SpiError] = []
    budget = Budget()
    for file in world.files.values():
        visible = visible_games(world, file, games)
        for decl in file.own(ast.CsrProgram):
            program = programs.get(decl.name.text)
            if len(visible) == 1 and program is not None and program.decl is decl:
                found += never_improves(program, visible[0], budget)
    return found


def _beliefs_in_game(file: SourceFile, programs: dict[str, Program], game: Game) -> list[SpiError]:
    """The believed programs of a file's beliefs can play in the other player's seat."""
    return [e for decl in file.own(ast.Beliefs) if decl.player.text in game.players
            for e in check_support_in_game(decl, programs, game, game.players.index(decl.player.text))]


def _position(error: SpiError) -> tuple:
    span = error.span
    return (error.path or "", span.line, span.col) if span else (error.path or "", 0, 0)


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


def files_of(*specs: str) -> list[str]:
    """The files that program specs name, each once."""
    return list(dict.fromkeys(split_spec(spec)[0] for spec in specs))
