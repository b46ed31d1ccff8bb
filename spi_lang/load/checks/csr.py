"""Checks of csr programs (Algorithm 2) and `pmp_extension`: defaults, the programs that
`offers(...)` and `result(...)` name, outcomes and points in offers, and, in a game, that
every point lies in the feasible set."""

from __future__ import annotations

from spi_lang.geometry.games import Game, check_pattern
from spi_lang.geometry.text import format_vector
from spi_lang.load.checks.declarations import check_defaults, check_lottery, check_ref
from spi_lang.load.files import SourceFile
from spi_lang.load.programs import CSR, ICSR, Program
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

CSR_DECLS = (ast.CsrProgram, ast.PmpExtension)


def check_csr_decls(file: SourceFile, scope: dict) -> list[SpiError]:
    """Every error of a file's csr programs and PMP-extensions that needs no game."""
    errors: list[SpiError] = []
    for decl in file.own(ast.CsrProgram):
        errors += check_defaults(decl, scope, "csr")
        for offer in decl.offers:
            errors += _check_offer(offer, scope)
    for decl in file.own(ast.PmpExtension):
        errors += _check_extension(decl, scope)
    for decl in file.own(ast.IcsrProgram):
        errors += check_defaults(decl, scope, "icsr") + _check_rounds(decl)
        errors += [e for r in decl.rounds for offer in r.offers for e in _check_offer(offer, scope)]
    return errors


MAX_ROUNDS = 1_000


def _check_rounds(decl: ast.IcsrProgram) -> list[SpiError]:
    """Rounds numbered 1, 2, ..., K in order (K at most MAX_ROUNDS), at least one."""
    rounds = decl.rounds
    if not rounds:
        return [SpiError(f"icsr program {decl.name.text} has no `round`: it needs rounds 1 to K",
                         decl.name.span)]
    if len(rounds) > MAX_ROUNDS:
        return [SpiError(f"an icsr program has at most {MAX_ROUNDS:,} rounds", rounds[MAX_ROUNDS].span)]
    for k, item in enumerate(rounds, start=1):
        if item.number.value != k:
            return [SpiError(f"rounds are numbered 1, 2, ... in order: expected round {k}, found "
                             f"round {item.number.value}", item.number.span)]
    return []


def _check_offer(offer: ast.Offer, scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    for node in walk(offer):
        if isinstance(node, (ast.ProgramRef, ast.Result)):
            errors += check_ref(node.name, scope)
        elif isinstance(node, ast.OffersSet):
            errors += _check_csr_name(node.name, scope, "offers(...)")
        elif isinstance(node, ast.Lottery):
            errors += check_lottery(node)
        elif isinstance(node, ast.Wildcard):
            errors.append(SpiError("`_` is only allowed in payoff rules and `map` sources; an "
                                   "outcome names every action", node.span))
    return errors


def _check_csr_name(name: ast.Name, scope: dict, what: str) -> list[SpiError]:
    errors = check_ref(name, scope)
    if not errors and not isinstance(scope[name.text], CSR_DECLS):
        errors.append(SpiError(f"{what} needs a csr program; {name.text} is not one", name.span))
    return errors


def _check_extension(decl: ast.PmpExtension, scope: dict) -> list[SpiError]:
    errors = _check_csr_name(decl.base, scope, "pmp_extension(...)")
    seen = {decl.name.text}
    current = scope.get(decl.base.text)
    while not errors and isinstance(current, ast.PmpExtension):
        if current.name.text in seen:
            return [SpiError("pmp_extension(...) chain loops: " + " -> ".join(_chain(decl, scope)),
                             decl.base.span)]
        seen.add(current.name.text)
        current = scope.get(current.base.text)
    return errors


def _chain(decl: ast.PmpExtension, scope: dict) -> list[str]:
    """The extensions from `decl` until one repeats."""
    names, current = [decl.name.text], scope.get(decl.base.text)
    while isinstance(current, ast.PmpExtension):
        names.append(current.name.text)
        if names.count(current.name.text) > 1:
            break
        current = scope.get(current.base.text)
    return names


def check_offers_in_game(program: Program, game: Game) -> list[SpiError]:
    """Profiles name actions of the game; points have one number per player and lie in F."""
    errors: list[SpiError] = []
    for node in walk(program.offers):
        if isinstance(node, ast.Profile):
            check_pattern(node, game.players, game.actions, errors, allow_wildcard=True)
        elif isinstance(node, ast.Coords):
            errors += _check_coords(node, game)
    return errors + check_points_in_feasible_set(program, game)


def _check_coords(coords: ast.Coords, game: Game) -> list[SpiError]:
    if len(coords.values) != len(game.players):
        return [SpiError(f"a point needs {len(game.players)} numbers, one per player", coords.span)]
    return []


def programs_run_by(program: Program) -> tuple[dict[Program, object], dict[Program, object]]:
    """What a csr program's offers evaluate in its own seat, transitively: the programs
    that `result(...)` plays (checked as players of that seat before playing) and those
    whose offers `offers(...)` reads (only their offers are evaluated), each with the
    first `result(...)` or `offers(...)` node that reaches it."""
    played: dict[Program, object] = {}
    offered: dict[Program, object] = {}
    stack = [program]
    while stack:
        current = stack.pop()
        for node in walk(current.offers):
            if not isinstance(node, (ast.OffersSet, ast.Result)):
                continue
            target = current.refs.get(node.name.text)
            found = played if isinstance(node, ast.Result) else offered
            if target is not None and target is not program and target not in found:
                found[target] = node
                stack.append(target)
    return played, {p: node for p, node in offered.items() if p not in played}


def check_points_in_feasible_set(program: Program, game: Game) -> list[SpiError]:
    """`point` and `hull` points (with one number per player) lie in F."""
    errors = []
    for node in walk(program.offers):
        points = []
        if isinstance(node, ast.PointSet):
            points = [node.coords]
        elif isinstance(node, ast.HullSet):
            points = [i for i in node.items if isinstance(i, ast.Coords)]
        for coords in points:
            x = tuple(n.value for n in coords.values)
            if len(x) == len(game.players) and not game.feasible.contains(x):
                errors.append(SpiError(f"point {format_vector(x)} is not in the feasible set of "
                                       f"{game.name}", coords.span))
    return errors



def check_self_dependence(program: Program) -> list[SpiError]:
    """An unguarded `offers(...)`/`result(...)` path from a csr program's offer back to
    itself: its offer then depends on itself whenever it is evaluated (against any csr
    counterpart), which play would report with the same chain."""
    paths: dict[Program, list] = {program: []}  # program -> the (node, target) steps to it
    stack = [program]
    while stack:
        current = stack.pop()
        for node, target in _unguarded_edges(current):
            path = paths[current] + [(node, target)]
            if target is program:
                if any(_extension_loops(t) for _, t in path):  # reported as a chain loop
                    return []
                chain = [program.name] + [f"{_kind(n)}({t.name})" for n, t in path]
                return [SpiError("this offer always depends on itself: " + " -> ".join(chain),
                                 path[0][0].span)]
            if target not in paths:
                paths[target] = path
                stack.append(target)
    return []


def _unguarded_edges(program: Program):
    """(node, csr program) for every offers(...)/result(...) in the unguarded clauses."""
    for clause in program.offers:
        if clause.guard is not None:
            continue
        for node in walk(clause.set):
            if isinstance(node, (ast.OffersSet, ast.Result)):
                target = program.refs.get(node.name.text)
                if target is not None and target.kind in (CSR, ICSR):
                    yield node, target


def _extension_loops(program: Program) -> bool:
    """Whether following `pmp_extension(...)` bases from `program` comes back round."""
    seen: set[Program] = set()
    current: Program | None = program
    while current is not None and isinstance(current.decl, ast.PmpExtension):
        if current in seen:
            return True
        seen.add(current)
        current = current.refs.get(current.decl.base.text)
    return False


def _kind(node) -> str:
    return "result" if isinstance(node, ast.Result) else "offers"
