"""Checks of a program in a game: the actions of its seat, valid `map` profiles,
Definition 3 (a renegotiation function only improves), its offers' points, and
`seat_errors`, everything that must hold before it can sit in a seat (with the programs its
offers run through `result(...)`, played in the same seat, and `offers(...)`, their offers
only). `api`, `matches` and analyses all check seats through `seat_errors`."""

from __future__ import annotations

import itertools

from spi_lang.geometry.games import Game, check_pattern, profile_key
from spi_lang.geometry.planar import Point, dominates
from spi_lang.geometry.text import format_profile, format_vector
from spi_lang.load.checks.csr import check_offers_in_game, programs_run_by
from spi_lang.load.checks.declarations import check_lottery, target_profiles
from spi_lang.load.checks.modal import check_provable, programs_read
from spi_lang.load.checks.simulation import check_simulations_in_game, simulated_programs
from spi_lang.load.programs import Program
from spi_lang.load.walk import walk, walks_kept
from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError, did_you_mean

# ------------------------------------------------------------------ in a game

def seat_errors(program: Program, game: Game, seat: int, maps: bool = True) -> list[SpiError]:
    """Errors of `program` playing in `seat` of `game`, with what its offers evaluate there
    (`maps=False` skips its own map checks, already done in the other seat). An error in
    a program reached through `result(...)` notes the `result(...)` that plays it."""
    with walks_kept():  # each check below walks the same bodies again
        return _seat_errors(program, game, seat, maps)


def _seat_errors(program: Program, game: Game, seat: int, maps: bool) -> list[SpiError]:
    errors = check_in_game(program, game, seat, maps=maps)
    played, offered = programs_run_by(program)
    for other, node in played.items():
        note = (f"{other.name} plays in seat {seat + 1} ({game.players[seat]}) here, "
                f"in the offer of {program.name}", node.span)
        errors += [_with_note(e, note) for e in check_in_game(other, game, seat)]
    for other in offered:
        errors += check_offers_in_game(other, game)
    if len(game.players) == 2:  # provability statements run named programs in a seat
        for other, where, node in programs_read(program, seat):
            note = (f"{other.name} plays in seat {where + 1} ({game.players[where]}) here, "
                    f"in a provability statement of {program.name}", node.span)
            errors += [_with_note(e, note) for e in check_in_game(other, game, where)]
    for other, target, node in simulated_programs(program, game, seat):
        note = (f"{other.name} plays in seat {target + 1} ({game.players[target]}) here, "
                f"simulated by {program.name}", node.span)
        errors += [_with_note(e, note) for e in check_in_game(other, game, target)]
    return errors


def _with_note(error: SpiError, note: tuple[str, Span]) -> SpiError:
    """The error with one more note."""
    return SpiError(error.message, error.span, path=error.path, notes=error.notes + (note,))



def check_in_game(program: Program, game: Game, seat: int | None, *,
                  named_default: bool = True, maps: bool = True) -> list[SpiError]:
    """Errors of `program` in `game`: actions of its seat (or of any player when seat is
    None), and unless `maps` is false, valid `map` profiles and Definition 3. With
    `named_default=False` a default that is a named program is left to be checked alone."""
    errors: list[SpiError] = []
    for part in _bodies(program, named_default):
        errors.extend(_check_actions(part.body, [game], seat))
        errors.extend(check_opponents(part.body, game, seat))
        errors.extend(check_simulations_in_game(part.body, game, seat))
    errors.extend(check_opponents(program.offers, game, seat))
    if maps and program.maps:
        errors.extend(_check_maps(program, game))
    if maps and program.offers:
        errors.extend(check_offers_in_game(program, game))
    return errors


def check_opponents(tree, game: Game, seat: int | None) -> list[SpiError]:
    """The seats that opponent conditions read exist in `game`: bare `opponent` only in a
    2-player game, `opponent(P)` a player of the game other than the program's own seat."""
    errors: list[SpiError] = []
    for node in walk(tree):
        if not isinstance(node, ast.Opponents):
            continue
        if node.quantifier == ast.THE and len(game.players) != 2:
            errors.append(SpiError(
                f"`opponent` is the other player of a 2-player game; {game.name} has "
                f"{len(game.players)} players: say which with opponent(P), every opponent or "
                "some opponent", node.span))
        elif node.quantifier == ast.SEAT and node.player.text not in game.players:
            errors.append(SpiError(f"{node.player.text!r} is not a player of {game.name} (its players: "
                                   f"{', '.join(game.players)})", node.player.span))
        elif node.quantifier == ast.SEAT and seat is not None and game.players[seat] == node.player.text:
            errors.append(SpiError(f"opponent({node.player.text}) is this program's own seat, not an "
                                   "opponent: name another player", node.player.span))
    return errors + check_provable(tree, [game], seat)


def check_actions_in_games(program: Program, games: list[Game]) -> list[SpiError]:
    """Actions that no player of any of `games` has (for a file that sees several games)."""
    errors = [e for part in _bodies(program, False)
              for e in _check_actions(part.body, games, None) + check_provable(part.body, games, None)]
    known = {a for game in games for seat in game.actions for a in seat}
    names = [n for node in walk(program.offers) if isinstance(node, ast.Profile)
             for n in node.items if isinstance(n, ast.Name)]
    where = ", ".join(g.name for g in games)
    return errors + [SpiError(f"{n.text!r} is not an action in any game this file sees ({where})"
                              f"{did_you_mean(n.text, sorted(known), close=False)}", n.span)
                     for n in names if n.text not in known]


def _bodies(program: Program, named_default: bool) -> list[Program]:
    """The program and its default; an anonymous default only where it is written (a
    PMP-extension shares its base's), a named one only if `named_default`."""
    own = getattr(program.decl, "items", ())
    return [part for part in program.each_program() if part.body is not None and
            (part is program or named_default or
             (isinstance(part.decl, ast.DefaultBlock) and part.decl in own))]


def _check_actions(block: ast.Block, games: list[Game], seat: int | None) -> list[SpiError]:
    errors = []
    for node in walk(block):
        if not isinstance(node, (ast.Play, ast.Weight)):
            continue
        name = node.action
        if seat is not None:
            game = games[0]
            if name.text not in game.actions[seat]:
                errors.append(SpiError(
                    f"{name.text!r} is not an action of player {game.players[seat]} (seat {seat + 1}) "
                    f"in game {game.name}; its actions are {', '.join(game.actions[seat])}"
                    f"{did_you_mean(name.text, game.actions[seat], close=False)}", name.span))
        elif not any(name.text in actions for game in games for actions in game.actions):
            where = f"game {games[0].name}" if len(games) == 1 else \
                f"any game this file sees ({', '.join(g.name for g in games)})"
            known = [a for game in games for actions in game.actions for a in actions]
            errors.append(SpiError(f"{name.text!r} is not an action in {where}"
                                   f"{did_you_mean(name.text, known, close=False)}", name.span))
    return errors


def check_outcome_actions(target, game: Game) -> list[SpiError]:
    """Every profile of an outcome names one action of each player of the game."""
    errors: list[SpiError] = []
    for profile in target_profiles(target):
        check_pattern(profile, game.players, game.actions, errors, allow_wildcard=False)
    return errors


def _check_maps(program: Program, game: Game) -> list[SpiError]:
    """Every map names actions of the game; every target weakly Pareto-improves every
    profile its source matches; every map applies somewhere; and the renegotiation
    function strictly improves some profile (Definition 3)."""
    errors: list[SpiError] = []
    valid: dict[int, Point] = {}  # map index -> expected payoff of its target
    for i, item in enumerate(program.maps):
        found: list[SpiError] = []
        check_pattern(item.source, game.players, game.actions, found, allow_wildcard=True)
        if not _has_wildcard(item.target):  # `_` in a target is reported without a game
            found += check_outcome_actions(item.target, game)
        errors += found
        if not found and not _has_wildcard(item.target) and not _invalid_lottery(item.target):
            valid[i] = game.expected(game.outcome_of(item.target))
    ceilings = _Ceilings(game)
    for i, after in valid.items():
        target = program.maps[i].target
        worse = ceilings.violation(program.maps[i].source, after)
        if worse is not None:
            errors.append(SpiError(
                f"map target pays {format_vector(after)}, which is not a weak Pareto improvement on "
                f"{format_profile(worse)}, which pays {format_vector(game.payoff(worse))} "
                "(Definition 3)", target.span))
    errors += _check_applies(program, game, valid, bool(errors))
    return errors


def _check_applies(program: Program, game: Game, valid: dict[int, Point], failed: bool) -> list[SpiError]:
    """Maps that never apply, and a map that improves nothing strictly."""
    used: set[int] = set()
    strict = False
    for profile in game.profiles():
        i = program.map_index.first(profile)
        if i is not None:
            used.add(i)
            strict = strict or (i in valid and dominates(valid[i], game.payoff(profile)))
    errors = [SpiError("this map never applies: earlier maps match every profile it matches",
                       program.maps[i].span) for i in sorted(set(valid) - used)]
    if not strict and not failed and not errors and len(valid) == len(program.maps):
        errors.append(SpiError(f"{program.name} renegotiates no profile to a strict Pareto "
                               "improvement, so its map is not a renegotiation function "
                               "(Definition 3)", program.decl.name.span))
    return errors


class _Ceilings:
    """For each distinct source pattern, the profile it matches that pays each player most
    (so checking a target against all matched profiles is one comparison per player)."""

    def __init__(self, game: Game):
        self.game = game
        self.memo: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

    def violation(self, source: ast.Profile, after: Point) -> tuple[str, ...] | None:
        """A profile matched by `source` that `after` does not weakly improve, if any."""
        key = profile_key(source)
        if key not in self.memo:
            self.memo[key] = self._best(key)
        for player, best in enumerate(self.memo[key]):
            if after[player] < self.game.payoff(best)[player]:
                return best
        return None

    def _best(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        choices = [actions if k == "_" else (k,) for k, actions in zip(key, self.game.actions)]
        best: list[tuple[str, ...]] = []
        for profile in itertools.product(*choices):
            u = self.game.payoff(profile)
            if not best:
                best = [profile] * len(u)
            best = [p if self.game.payoff(p)[i] >= u[i] else profile for i, p in enumerate(best)]
        return best


def _has_wildcard(target) -> bool:
    return any(isinstance(i, ast.Wildcard) for p in target_profiles(target) for i in p.items)


def _invalid_lottery(target) -> bool:
    return isinstance(target, ast.Lottery) and bool(check_lottery(target))
