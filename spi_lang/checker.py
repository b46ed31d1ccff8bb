"""Checks before running: names, paths that end in `play`, probabilities, defaults, and the
game-dependent checks (actions per seat, `map` validity, Definition 3)."""

from __future__ import annotations

from fractions import Fraction

from . import ast
from .errors import Span, SpiError
from .games import Game, build_game, check_pattern, format_profile, matches
from .geometry import dominates, weakly_improves
from .loader import SourceFile, World
from .programs import Program, walk


def check_world(world: World) -> tuple[dict[str, Game], list[SpiError]]:
    """Every error that needs no game: the built games and the errors found."""
    errors: list[SpiError] = []
    games: dict[str, Game] = {}
    for name, (decl, _file) in world.decls.items():
        if isinstance(decl, ast.Game):
            game, game_errors = build_game(decl)
            errors.extend(game_errors)
            if game is not None:
                games[name] = game
    for file in world.files.values():
        scope = world.visible(file)
        for decl in file.own(ast.BaseProgram):
            errors.extend(_check_base_block(decl.body, scope))
        for decl in file.own(ast.RenegotiationProgram):
            errors.extend(_check_renegotiation(decl, scope))
    return games, errors


def file_game(world: World, file: SourceFile, games: dict[str, Game]) -> Game | None:
    """The game a file's programs are checked against: the only one it can see, if any."""
    visible = [d.name.text for d in world.visible(file).values() if isinstance(d, ast.Game)]
    return games.get(visible[0]) if len(visible) == 1 else None


# ------------------------------------------------------------------ without a game

def _check_base_block(block: ast.Block, scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    if not _terminates(block, errors):
        end = Span.point(block.span.path, block.span.end_line, block.span.end_col - 1)
        errors.append(SpiError("a path reaches the end of this block without `play`", end))
    for node in walk(block):
        if isinstance(node, ast.ProgramRef):
            errors.extend(_check_ref(node.name, scope))
        elif isinstance(node, ast.PlayMix):
            errors.extend(_check_distribution([(w.action.text, w.action, w.prob) for w in node.weights],
                                              node, "action"))
    return errors


def _terminates(block: ast.Block, errors: list[SpiError]) -> bool:
    done = False
    for stmt in block.stmts:
        if done:
            errors.append(SpiError("unreachable statement: every path before it has played", stmt.span))
            return True
        done = _stmt_terminates(stmt, errors)
    return done


def _stmt_terminates(stmt, errors: list[SpiError]) -> bool:
    if not isinstance(stmt, ast.If):
        return True
    results = [_terminates(b.body, errors) for b in stmt.branches]
    if stmt.orelse is None:
        return False
    return _terminates(stmt.orelse, errors) and all(results)


def _check_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    decl = scope.get(name.text)
    if decl is None:
        return [SpiError(f"unknown program {name.text!r}", name.span)]
    if isinstance(decl, ast.Game):
        return [SpiError(f"{name.text} is a game, not a program", name.span)]
    return []


def _check_distribution(entries: list[tuple[object, object, ast.Num]], node, what: str) -> list[SpiError]:
    """Entries are (key, the node that names it, probability)."""
    errors = []
    seen = set()
    for key, key_node, prob in entries:
        if prob.value <= 0:
            errors.append(SpiError(f"probability must be positive, not {prob.value}", prob.span))
        if key in seen:
            errors.append(SpiError(f"{what} {_show(key)} is listed twice", key_node.span))
        seen.add(key)
    total = sum((p.value for _, _, p in entries), Fraction(0))
    if total != 1:
        errors.append(SpiError(f"probabilities sum to {total}, not 1", node.span))
    return errors


def _show(key) -> str:
    return format_profile(key) if isinstance(key, tuple) else key


def _check_renegotiation(decl: ast.RenegotiationProgram, scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    defaults = decl.defaults
    if not defaults:
        errors.append(SpiError(f"renegotiation program {decl.name.text} has no `default`", decl.name.span))
    for extra in defaults[1:]:
        errors.append(SpiError("a renegotiation program has exactly one `default`", extra.span))
    for item in defaults:
        if isinstance(item, ast.DefaultBlock):
            errors.extend(_check_base_block(item.body, scope))
        else:
            errors.extend(_check_default_ref(item.name, scope))
    if not decl.maps:
        errors.append(SpiError("a renegotiation program needs at least one `map`: the identity "
                               "is not a renegotiation function (Definition 3)", decl.name.span))
    for item in decl.maps:
        if isinstance(item.target, ast.Lottery):
            errors.extend(check_lottery(item.target))
    return errors


def check_lottery(lottery: ast.Lottery) -> list[SpiError]:
    """Positive probabilities summing to 1, each profile once."""
    return _check_distribution([(_profile_key(e.profile), e.profile, e.prob) for e in lottery.entries],
                               lottery, "profile")


def _check_default_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    errors = _check_ref(name, scope)
    decl = scope.get(name.text)
    if not errors and not isinstance(decl, ast.BaseProgram):
        errors.append(SpiError(f"a default must be a base program; {name.text} is a "
                               "renegotiation program", name.span))
    return errors


def _profile_key(profile: ast.Profile) -> tuple:
    return tuple(i.text if isinstance(i, ast.Name) else "_" for i in profile.items)


# ------------------------------------------------------------------ in a game

def check_in_game(program: Program, game: Game, seat: int | None, *,
                  named_default: bool = True) -> list[SpiError]:
    """Errors of `program` in `game`: actions of its seat (or of any player when seat is
    None), valid `map` profiles, and Definition 3. With `named_default=False` a default
    that is a named program is left to be checked on its own."""
    errors: list[SpiError] = []
    for part in program.each_program():
        anonymous = isinstance(part.decl, ast.DefaultBlock)
        if part.body is not None and (part is program or anonymous or named_default):
            errors.extend(_check_actions(part.body, game, seat))
    if program.maps:
        errors.extend(_check_maps(program, game))
    return errors


def _check_actions(block: ast.Block, game: Game, seat: int | None) -> list[SpiError]:
    errors = []
    for node in walk(block):
        if isinstance(node, (ast.Play, ast.Weight)):
            name = node.action
            if seat is None and not any(name.text in seat_actions for seat_actions in game.actions):
                errors.append(SpiError(f"{name.text!r} is not an action in game {game.name}", name.span))
            elif seat is not None and name.text not in game.actions[seat]:
                errors.append(SpiError(
                    f"{name.text!r} is not an action of player {game.players[seat]} (seat {seat + 1}) "
                    f"in game {game.name}; its actions are {', '.join(game.actions[seat])}", name.span))
    return errors


def check_outcome_actions(target, game: Game) -> list[SpiError]:
    """Every profile of an outcome names one action of each player of the game."""
    errors: list[SpiError] = []
    for profile in _target_profiles(target):
        check_pattern(profile, game.players, game.actions, errors, allow_wildcard=False)
    return errors


def _check_maps(program: Program, game: Game) -> list[SpiError]:
    errors: list[SpiError] = []
    for item in program.maps:
        check_pattern(item.source, game.players, game.actions, errors, allow_wildcard=True)
        errors += check_outcome_actions(item.target, game)
    invalid = any(check_lottery(m.target) for m in program.maps if isinstance(m.target, ast.Lottery))
    if errors or invalid:  # an invalid lottery is reported where the program is checked alone
        return errors
    strict = False
    reported: set[int] = set()
    for profile in game.profiles():
        item = next((m for m in program.maps if matches(m.source, profile)), None)
        if item is None:
            continue
        before, after = game.payoff(profile), game.expected(target_outcome(item.target, game))
        strict = strict or dominates(after, before)
        if not weakly_improves(after, before) and id(item) not in reported:
            reported.add(id(item))
            errors.append(SpiError(
                f"map target pays {_vector(after)}, which is not a weak Pareto improvement on "
                f"{format_profile(profile)}, which pays {_vector(before)} (Definition 3)", item.target.span))
    if not strict and not errors:
        errors.append(SpiError(f"{program.name} renegotiates no profile to a strict Pareto "
                               "improvement, so its map is not a renegotiation function "
                               "(Definition 3)", program.decl.name.span))
    return errors


def _target_profiles(target) -> list[ast.Profile]:
    if isinstance(target, ast.Lottery):
        return [e.profile for e in target.entries]
    return [target]


def target_outcome(target, game: Game):
    """The outcome a checked `map` target denotes."""
    if isinstance(target, ast.Profile):
        return game.pure(_profile_key(target))
    return game.outcome((_profile_key(e.profile), e.prob.value) for e in target.entries)


def _vector(point) -> str:
    return "(" + ", ".join(str(x) for x in point) + ")"
