"""Checks of provability conditions (syntax/ast_modal.py) in a game: they are about
2-player games, and the action of every `X plays A against Y` is one that X's seat (the
opponent's) has."""

from __future__ import annotations

from spi_lang.geometry.games import Game
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, did_you_mean


def check_provable(tree, games: list[Game], seat: int | None) -> list[SpiError]:
    """Errors of the provability conditions in `tree` for a program in `seat` of the one
    game of `games` (seat None: in any seat of any of them)."""
    errors: list[SpiError] = []
    for node in walk(tree):
        if type(node) is ast.Provable and any(len(g.players) != 2 for g in games):
            game = next(g for g in games if len(g.players) != 2)
            errors.append(SpiError(f"provability statements are about 2-player games (the opponent's "
                                   f"action against this program); {game.name} has "
                                   f"{len(game.players)} players", node.span))
        elif type(node) is ast.Plays:
            errors.extend(_check_action(node.action, games, seat))
    return errors


def _check_action(name: ast.Name, games: list[Game], seat: int | None) -> list[SpiError]:
    if seat is not None and len(games) == 1 and len(games[0].players) == 2:
        game, other = games[0], 1 - seat
        actions = game.actions[other]
        if name.text in actions:
            return []
        return [SpiError(f"{name.text!r} is not an action of the opponent's seat, player "
                         f"{game.players[other]} of game {game.name}; its actions are "
                         f"{', '.join(actions)}{did_you_mean(name.text, actions, close=False)}", name.span)]
    known = [a for game in games for actions in game.actions for a in actions]
    if name.text in known:
        return []
    where = f"game {games[0].name}" if len(games) == 1 else \
        f"any game this file sees ({', '.join(g.name for g in games)})"
    return [SpiError(f"{name.text!r} is not an action in {where}"
                     f"{did_you_mean(name.text, known, close=False)}", name.span)]


def programs_read(program, seat: int) -> list[tuple[object, int, object]]:
    """The named programs that `program`'s statements run when it sits in `seat` of a
    2-player game, each with the seat it runs in and the first atom that runs it there:
    `NAME plays A against ...` runs NAME in the opponent's seat, `... against NAME` runs
    NAME in this seat. (The opponent and `self` are seated already.)"""
    found: dict[tuple, object] = {}
    for part in program.each_program():
        for node in walk(tuple(t for t in (part.body, part.offers) if t is not None)):
            if type(node) is not ast.Plays:
                continue
            for ref, where in ((node.subject, 1 - seat), (node.against, seat)):
                target = part.refs.get(ref.name.text) if type(ref) is ast.ProgramRef else None
                if target is not None and target is not program:
                    found.setdefault((target, where), node)
    return [(target, where, node) for (target, where), node in found.items()]
