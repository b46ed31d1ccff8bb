"""Checks of `beliefs` declarations: every entry names a program the file sees, once,
with a probability in (0, 1], the probabilities sum to exactly 1, and the player is a
player of a game the file sees; in a game, the believed programs must be able to play in
the other player's seat."""

from __future__ import annotations

from spi_lang.geometry.games import Game
from spi_lang.load.checks.declarations import check_distribution, check_ref
from spi_lang.load.checks.in_game import check_in_game
from spi_lang.load.files import SourceFile, World
from spi_lang.load.programs import Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError


def check_beliefs_decls(world: World, file: SourceFile, games: dict[str, Game]) -> list[SpiError]:
    """Every error of a file's beliefs that needs no chosen game."""
    errors: list[SpiError] = []
    scope = world.visible(file)
    for decl in file.own(ast.Beliefs):
        errors += _check_entries(decl, scope)
        errors += _check_player(decl, file, scope, games)
    return errors


def _check_entries(decl: ast.Beliefs, scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    for entry in decl.entries:
        errors += check_ref(entry.program, scope)
        if entry.prob.value > 1:
            errors.append(SpiError(f"probability must be at most 1, not {entry.prob.value}",
                                   entry.prob.span))
    return errors + check_distribution([(e.program.text, e.program, e.prob) for e in decl.entries],
                                       decl.name, "program")


def _check_player(decl: ast.Beliefs, file: SourceFile, scope: dict, games: dict[str, Game]) -> list[SpiError]:
    """The player must belong to a game the file sees (any of them, when it sees several)."""
    names = [d.name.text for d in scope.games()]
    player = decl.player
    if not names:
        return [SpiError(f"beliefs {decl.name.text} are for player {player.text}, but {file.path} "
                         "sees no game (define or import one)", player.span)]
    if any(n not in games for n in names):  # a broken game: its errors are reported
        return []
    if any(player.text in games[n].players for n in names):
        return []
    if len(names) == 1:
        game = games[names[0]]
        return [SpiError(f"{player.text} is not a player of game {game.name} (players: "
                         f"{', '.join(game.players)})", player.span)]
    return [SpiError(f"{player.text} is not a player of any game this file sees "
                     f"({', '.join(names)})", player.span)]


def belief_seat(decl: ast.Beliefs, game: Game) -> int:
    """The seat of the beliefs' player in `game`; raises SpiError if it is not a player."""
    if decl.player.text not in game.players:
        raise SpiError(f"{decl.player.text} is not a player of game {game.name} (players: "
                       f"{', '.join(game.players)})", decl.player.span)
    return game.players.index(decl.player.text)


def check_support_in_game(decl: ast.Beliefs, programs: dict[str, Program], game: Game,
                          seat: int) -> list[SpiError]:
    """Each believed program can play in the seat of the other player (2-player games):
    one error at the entry, with the program's own errors as notes."""
    other = 1 - seat
    errors: list[SpiError] = []
    for entry in decl.entries:
        program = programs.get(entry.program.text)
        if program is None:
            continue
        found = check_in_game(program, game, other)
        if found:
            errors.append(SpiError(
                f"{program.name} is in the support of {decl.name.text}, so it plays as "
                f"{game.players[other]} (seat {other + 1}) in game {game.name}, but it cannot",
                entry.program.span, notes=tuple((e.message, e.span) for e in found if e.span)))
    return errors
