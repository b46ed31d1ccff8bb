"""Checks of the simulation constructs (issue 13, docs/simulation.md): `random < p` with p
a probability, `within N steps` budgets, simulations only in program bodies (a csr offer's
guard is evaluated inside renegotiation, where a simulation has no seat to play), and, in a
game, the seat and the action a `simulate` names."""

from __future__ import annotations

from spi_lang.geometry.games import Game
from spi_lang.load.files import SourceFile
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, did_you_mean

# A bounded simulation may count at most this many steps: its evaluation recurses once per
# nested simulation, so the budget bounds the depth (engine/deep.py's stack has room).
MAX_WITHIN_STEPS = 5_000


def check_simulation_block(block: ast.Block) -> list[SpiError]:
    """Probabilities of `random < p` in [0, 1]; budgets whole numbers from 1 to the limit."""
    errors: list[SpiError] = []
    for node in walk(block):
        if type(node) is ast.Random and not 0 <= node.prob.value <= 1:
            errors.append(SpiError(f"`random < p` needs a probability from 0 to 1, not "
                                   f"{node.prob.value}", node.prob.span))
        elif type(node) is ast.Within:
            budget = node.budget.value
            if budget.denominator != 1 or not 1 <= budget <= MAX_WITHIN_STEPS:
                errors.append(SpiError(f"a step budget is a whole number from 1 to "
                                       f"{MAX_WITHIN_STEPS:,}, not {budget}", node.budget.span))
    return errors


def check_offer_guards(file: SourceFile) -> list[SpiError]:
    """No simulation or `random` in the offers of csr and icsr programs."""
    errors = []
    for decl in file.own((ast.CsrProgram, ast.IcsrProgram)):
        for node in walk(decl.items):
            if type(node) in (ast.Simulate, ast.Random) and not _in_default(node, decl):
                word = "simulate" if type(node) is ast.Simulate else "random"
                errors.append(SpiError(f"`{word}` is for program bodies; an offer's guard is "
                                       "evaluated during renegotiation, where nothing plays a seat",
                                       node.span))
    return errors


def _in_default(node, decl) -> bool:
    return any(node in tuple(walk(d)) for d in decl.defaults if isinstance(d, ast.DefaultBlock))


def simulated_seat(node: ast.Simulate, game: Game, seat: int) -> int | None:
    """The seat a `simulate` runs its program in (None if it names none: see the check)."""
    if node.seat is None:
        return 1 - seat if len(game.players) == 2 else None
    name = node.seat.text
    return game.players.index(name) if name in game.players and name != game.players[seat] else None


def check_simulations_in_game(block: ast.Block, game: Game, seat: int | None) -> list[SpiError]:
    """Each `simulate` names a seat of `game` other than this program's own (`as P` in a game
    of 3 or more players) and an action of that seat."""
    errors: list[SpiError] = []
    for node in walk(block):
        if type(node) is not ast.Simulate:
            continue
        if node.seat is None and len(game.players) != 2:
            errors.append(SpiError(f"say which seat the simulated program plays in, with `as P`: "
                                   f"{game.name} has {len(game.players)} players", node.span))
            continue
        if node.seat is not None and node.seat.text not in game.players:
            errors.append(SpiError(f"{node.seat.text!r} is not a player of {game.name} (its players: "
                                   f"{', '.join(game.players)})", node.seat.span))
            continue
        if seat is None:  # no seat yet (`check`): an action of the seats it may simulate
            errors.extend(_unknown_action(node, game, [i for i, p in enumerate(game.players)
                                                        if node.seat is None or p == node.seat.text]))
            continue
        if node.seat is not None and node.seat.text == game.players[seat]:
            errors.append(SpiError(f"{node.seat.text} is this program's own seat: a simulation runs "
                                   "a program in another seat against this one", node.seat.span))
            continue
        errors.extend(_unknown_action(node, game, [simulated_seat(node, game, seat)]))
    return errors


def _unknown_action(node: ast.Simulate, game: Game, seats: list[int]) -> list[SpiError]:
    """The simulated action is one of every seat in `seats` (the seat or seats simulated)."""
    for target in seats:
        actions = game.actions[target]
        if node.action.text not in actions:
            return [SpiError(
                f"{node.action.text!r} is not an action of player {game.players[target]}, the "
                f"simulated seat; its actions are {', '.join(actions)}"
                f"{did_you_mean(node.action.text, actions, close=False)}", node.action.span)]
    return []


def simulated_programs(program, game: Game, seat: int):
    """(program, seat, the `simulate` naming it) for every named program that `program`
    simulates, directly or through those programs, in the seat it runs in."""
    found, stack, seen = [], [(program, seat)], {(program, seat)}
    while stack:
        runner, where = stack.pop()
        if runner.body is None:
            continue
        for node in walk(runner.body):
            if type(node) is not ast.Simulate or type(node.program) is not ast.ProgramRef:
                continue
            other, target = runner.refs.get(node.program.name.text), simulated_seat(node, game, where)
            if other is not None and target is not None and (other, target) not in seen:
                seen.add((other, target))
                found.append((other, target, node))
                stack.append((other.default if other.body is None and other.default else other, target))
    return found
