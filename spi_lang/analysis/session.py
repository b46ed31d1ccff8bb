"""What `analyze` and `spi-check` share: naming programs and beliefs on the command line,
loading, seat checks, and a `Session` through which every match of an analysis is played
(`_match`, the one function that plays one, through the match cache)."""

from __future__ import annotations

import re
from fractions import Fraction

import attrs

from spi_lang.engine import matches
from spi_lang.engine.offers import evaluate_offer
from spi_lang.engine.matches import Match
from spi_lang.geometry.games import Game
from spi_lang.geometry.sets import PayoffSet
from spi_lang.load.checks.in_game import seat_errors
from spi_lang.load.programs import Program
from spi_lang.load.project import Project, load, split_spec
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, did_you_mean, unique

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _match(project: Project, game: Game, table: tuple[Program, ...], select: str, fuel: int) -> Match:
    """Play one program per seat, or find the match in the match cache (keyed by code, so
    a transformed program code-equal to a stdlib one is played once): every match of an
    analysis goes through here. The seats were checked by `check_seats`."""
    with project.failing():
        return matches.play(game, table, select, fuel, matches.CACHE, checked=True)


Others = Program | tuple[Program, ...]  # the other seats' programs, in seat order


def seat_table(program: Program, seat: int, others: Others) -> tuple[Program, ...]:
    """The table with `program` in `seat` and `others` (one program, in a 2-player game,
    or one per other seat in seat order) in the other seats."""
    rest = (others,) if isinstance(others, Program) else tuple(others)
    return (*rest[:seat], program, *rest[seat:])


@attrs.define(eq=False)
class Session:
    """One analysis in one game: its matches (each table played once) and offers."""

    project: Project
    game: Game
    select: str
    fuel: int
    _played: dict[tuple[Program, ...], Match] = attrs.field(factory=dict)

    def play(self, *table: Program) -> Match:
        """The match of one program per seat (`play(p1, p2)`: p1 in seat 1)."""
        if table not in self._played:
            self._played[table] = _match(self.project, self.game, table, self.select, self.fuel)
        return self._played[table]

    def seated(self, program: Program, seat: int, opponent: Others) -> Match:
        """The match with `program` in `seat` and `opponent` in the other seats."""
        return self.play(*seat_table(program, seat, opponent))

    def payoff(self, program: Program, seat: int, opponent: Others) -> Fraction:
        """U_i(p_i, p_-i): the expected payoff of `program` in `seat` against the others."""
        return self.seated(program, seat, opponent).payoffs[seat]

    def response(self, responder: Program, seat: int, opponent: Others) -> tuple[tuple[str, Fraction], ...]:
        """What `responder` in `seat` plays against the others: its action distribution
        (the marginal of the match), in the game's action order."""
        return self.marginal(self.seated(responder, seat, opponent), seat)

    def marginal(self, match: Match, seat: int) -> tuple[tuple[str, Fraction], ...]:
        """The action distribution of `seat` in `match`, in the game's action order."""
        found: dict[str, Fraction] = {}
        for profile, p in match.outcome.support:
            found[profile[seat]] = found.get(profile[seat], Fraction(0)) + p
        return tuple((a, found[a]) for a in self.game.actions[seat] if a in found)

    def offer(self, program: Program, seat: int, counterpart: Others, profile: tuple[str, ...],
              budget=None) -> PayoffSet:
        """RN_i(RN_-i, a) of csr `program` in `seat` against the others at profile a (its
        fuel spent from `budget`, an `analysis.budget.Budget`, when given)."""
        with self.project.failing():
            table = seat_table(program, seat, counterpart)
            return evaluate_offer(self.game, table, seat, profile, self.select, self.fuel, budget)


# ------------------------------------------------------------------ names on the command line

def is_file_spec(spec: str) -> bool:
    """`file.spi` or `file.spi:Name` (anything else is the name of a loaded declaration)."""
    return split_spec(spec)[1] is not None or spec.endswith(".spi")


def load_with(files: list[str], specs: list[str], sandbox: str | None, project: Project | None) -> Project:
    """The given project, or the files and those that `file.spi:Name` specs name, loaded."""
    if project is not None:
        return project
    named = [split_spec(s)[0] for s in specs if is_file_spec(s)]
    return load(*dict.fromkeys([*files, *named]), sandbox=sandbox)


def resolve_program(project: Project, spec: str, label: str) -> Program:
    """A program named as in `play` (`file.spi`, `file.spi:Name`) or by its bare name."""
    if is_file_spec(spec):
        return project.program(spec)
    decl = _declaration(project, spec, label)
    if not isinstance(decl, ast.PROGRAM_DECLS):
        raise project.fail([SpiError(f"{spec} is {_kind(decl)}, not a program", path=label)])
    return project.programs[spec]


def resolve_beliefs(project: Project, spec: str, label: str) -> ast.Beliefs:
    """A beliefs declaration, by name or as `file.spi:Name`."""
    path, name = split_spec(spec)
    if name is not None:
        decl = project.world.visible(project.file(path)).get(name)
        if decl is None:
            raise project.fail([SpiError(f"{path} has no beliefs {name}", path=label)])
    else:
        decl = _declaration(project, spec, label)
    if not isinstance(decl, ast.Beliefs):
        raise project.fail([SpiError(f"{spec} is {_kind(decl)}, not beliefs", path=label)])
    return decl


def _declaration(project: Project, name: str, label: str):
    if not _NAME.match(name) or name not in project.world.decls:
        hint = did_you_mean(name, project.world.decls)
        raise project.fail([SpiError(f"nothing named {name!r} in the loaded files{hint}", path=label)])
    return project.world.decls[name][0]


def _kind(decl) -> str:
    if isinstance(decl, ast.Game):
        return "a game"
    return "beliefs" if isinstance(decl, ast.Beliefs) else "a program"


def distinct(project: Project, programs: list[Program], label: str) -> list[Program]:
    """The programs of one option, each listed once."""
    seen: set[Program] = set()
    for program in programs:
        if program in seen:
            raise project.fail([SpiError(f"{program.name} is listed twice", path=label)])
        seen.add(program)
    return programs


def check_seats(project: Project, game: Game, seated: list[tuple[Program, int]]) -> None:
    """Raise every error of the programs in their seats (each program and seat once)."""
    errors: list[SpiError] = []
    done: set[tuple[Program, int]] = set()
    for program, seat in seated:
        if (program, seat) not in done:
            errors += seat_errors(program, game, seat,
                                  maps=not any((program, k) in done for k in range(len(game.players))))
            done.add((program, seat))
    if errors:
        raise project.fail(unique(errors))
