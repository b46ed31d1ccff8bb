"""Checks of `beliefs` declarations: every entry names a program the file sees, once,
with a probability in (0, 1], the probabilities sum to exactly 1, and the player is a
player of a game the file sees; in a game, the believed programs must be able to play in
the other player's seat. For n players a declaration lists profiles `(X, Y): p` (one
program per other seat, in seat order, each profile once) or one distribution per other
seat `P2: { X: p, ... }` (the product shorthand), not both; `belief_profiles` expands
either to the distribution over profiles of the others' programs."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.geometry.games import Game
from spi_lang.geometry.text import plural
from spi_lang.load.checks.declarations import MAX_DISTRIBUTION_ENTRIES, check_distribution, check_ref
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
    seats = [e for e in decl.entries if isinstance(e, ast.SeatBelief)]
    if seats and len(seats) < len(decl.entries):
        odd = next(e for e in decl.entries if isinstance(e, ast.SeatBelief) != isinstance(decl.entries[0], ast.SeatBelief))
        return [SpiError(f"beliefs {decl.name.text} mix profile entries with per-seat distributions "
                         "(`P2: { X: p, ... }`); use one form", odd.span)]
    if seats:
        return _check_seat_entries(decl, seats, scope)
    errors = _check_probabilities(decl.entries, scope)
    if all(isinstance(e, ast.BeliefEntry) for e in decl.entries):
        return errors + check_distribution([(e.program.text, e.program, e.prob) for e in decl.entries],
                                           decl.name, "program")
    return errors + check_distribution([(tuple(n.text for n in _names(e)), e, e.prob) for e in decl.entries],
                                       decl.name, "profile")


def _names(entry) -> tuple[ast.Name, ...]:
    """The programs of a bare or profile entry."""
    return entry.programs if isinstance(entry, ast.ProfileBelief) else (entry.program,)


def _check_probabilities(entries, scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    for entry in entries:
        for name in _names(entry):
            errors += check_ref(name, scope)
        if entry.prob.value > 1:
            errors.append(SpiError(f"probability must be at most 1, not {entry.prob.value}",
                                   entry.prob.span))
    return errors


def _check_seat_entries(decl: ast.Beliefs, seats: list[ast.SeatBelief], scope: dict) -> list[SpiError]:
    errors: list[SpiError] = []
    seen: dict[str, ast.SeatBelief] = {}
    for item in seats:
        if item.seat.text == decl.player.text:
            errors.append(SpiError(f"{item.seat.text} holds these beliefs; they are over the other "
                                   "players' programs", item.seat.span))
        elif item.seat.text in seen:
            errors.append(SpiError(f"{item.seat.text} is given twice", item.seat.span,
                                   notes=(("the first", seen[item.seat.text].seat.span),)))
        seen.setdefault(item.seat.text, item)
        errors += _check_probabilities(item.entries, scope)
        errors += check_distribution([(e.program.text, e.program, e.prob) for e in item.entries],
                                     item.seat, "program")
    return errors


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
    """The beliefs' shape in `game` (one program per other seat, seats that are the other
    players), then each believed program can play in its seat: one error at the entry,
    with the program's own errors as notes."""
    if len({isinstance(e, ast.SeatBelief) for e in decl.entries}) > 1:
        return []  # both forms: reported without a game
    errors = _shape_errors(decl, game, seat)
    if errors:
        return errors
    bare = all(isinstance(e, ast.BeliefEntry) for e in decl.entries)
    done: set[tuple[str, int]] = set()
    for name, other in _slots(decl, game, seat):
        program = programs.get(name.text)
        if program is None or (not bare and (name.text, other) in done):
            continue
        done.add((name.text, other))
        found = check_in_game(program, game, other)
        if found:
            errors.append(SpiError(
                f"{program.name} is in the support of {decl.name.text}, so it plays as "
                f"{game.players[other]} (seat {other + 1}) in game {game.name}, but it cannot",
                name.span, notes=tuple((e.message, e.span) for e in found if e.span)))
    return errors


def _others(game: Game, seat: int) -> list[int]:
    return [k for k in range(len(game.players)) if k != seat]


def _shape_errors(decl: ast.Beliefs, game: Game, seat: int) -> list[SpiError]:
    others = _others(game, seat)
    names = ", ".join(game.players[k] for k in others)
    if not isinstance(decl.entries[0], ast.SeatBelief):
        return [SpiError(f"this profile lists {plural(len(_names(e)), 'program')}; beliefs for "
                         f"{decl.player.text} in game {game.name} list one program per other player, "
                         f"in seat order ({names})", e.span)
                for e in decl.entries if len(_names(e)) != len(others)]
    errors = [SpiError(f"{item.seat.text} is not a player of game {game.name} (players: "
                       f"{', '.join(game.players)})", item.seat.span)
              for item in decl.entries if item.seat.text not in game.players]
    given = {item.seat.text for item in decl.entries}
    missing = [game.players[k] for k in others if game.players[k] not in given]
    if missing and not errors:
        errors.append(SpiError(f"beliefs {decl.name.text} give no distribution for {' and '.join(missing)}; "
                               f"give one for each other player of game {game.name} ({names})",
                               decl.name.span))
    size = 1
    for item in decl.entries:
        size *= len(item.entries)
    if size > MAX_DISTRIBUTION_ENTRIES and not errors:
        errors.append(SpiError(f"the product of these distributions has {size:,} profiles; at most "
                               f"{MAX_DISTRIBUTION_ENTRIES:,} are allowed", decl.name.span))
    return errors


def _slots(decl: ast.Beliefs, game: Game, seat: int) -> list[tuple[ast.Name, int]]:
    """Each believed program's name with the seat it plays in."""
    if isinstance(decl.entries[0], ast.SeatBelief):
        return [(e.program, game.players.index(item.seat.text)) for item in decl.entries
                for e in item.entries]
    return [(name, k) for e in decl.entries for name, k in zip(_names(e), _others(game, seat))]


def belief_profiles(decl: ast.Beliefs, game: Game, seat: int) -> tuple[tuple[tuple[str, ...], Fraction], ...]:
    """The distribution over profiles of the others' programs (seat order), as written or,
    for the per-seat form, the product (profiles in lexicographic order of the entries).
    The declaration is checked in the game (`check_support_in_game`)."""
    if not isinstance(decl.entries[0], ast.SeatBelief):
        return tuple((tuple(n.text for n in _names(e)), e.prob.value) for e in decl.entries)
    found: list[tuple[tuple[str, ...], Fraction]] = [((), Fraction(1))]
    for item in sorted(decl.entries, key=lambda i: game.players.index(i.seat.text)):
        found = [(names + (e.program.text,), p * e.prob.value) for names, p in found for e in item.entries]
    return tuple(found)


def believed_names(decl: ast.Beliefs) -> list[ast.Name]:
    """Every program name a beliefs declaration lists, in any form."""
    return [n for e in decl.entries
            for n in ((x.program for x in e.entries) if isinstance(e, ast.SeatBelief) else _names(e))]
