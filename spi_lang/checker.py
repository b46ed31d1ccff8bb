"""Checks before running: names, paths that end in `play`, probabilities, defaults, and the
game-dependent checks (actions per seat, `map` validity, Definition 3)."""

from __future__ import annotations

import itertools
from fractions import Fraction

from . import ast
from .errors import Span, SpiError
from .games import Game, build_game, check_pattern, format_profile, format_vector, profile_key
from .geometry import Point, dominates
from .loader import SourceFile, World
from .programs import Program, walk

# A written distribution (a `lottery` or a `play mix`) lists at most this many entries; the
# joint default outcome of a match is also bounded by the game's profile count.
MAX_DISTRIBUTION_ENTRIES = 1_000


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
            errors.extend(check_base_block(decl.body, scope))
        for decl in file.own(ast.RenegotiationProgram):
            errors.extend(_check_renegotiation(decl, scope))
        errors.extend(check_csr_decls(file, scope))
        errors.extend(check_beliefs.check_beliefs_decls(world, file, games))
    return games, errors


def visible_games(world: World, file: SourceFile, games: dict[str, Game]) -> list[Game]:
    """The (well-formed) games a file can see, by name."""
    names = sorted(d.name.text for d in world.visible(file).values() if isinstance(d, ast.Game))
    return [games[n] for n in names if n in games]


# ------------------------------------------------------------------ without a game

def check_base_block(block: ast.Block, scope: dict) -> list[SpiError]:
    """Paths that end in `play`, names, `play mix` distributions; no default outcome."""
    errors: list[SpiError] = []
    if not _terminates(block, errors):
        end = Span.point(block.span.path, block.span.end_line, block.span.end_col - 1)
        errors.append(SpiError("a path reaches the end of this block without `play`", end))
    for node in walk(block):
        if isinstance(node, ast.ProgramRef):
            errors.extend(check_ref(node.name, scope))
        elif isinstance(node, ast.PlayMix):
            errors.extend(check_distribution([(w.action.text, w.action, w.prob) for w in node.weights],
                                              node, "action"))
        elif isinstance(node, (ast.OutcomeEq, ast.OutcomeNe)):
            errors.append(SpiError("`outcome` (the default outcome) exists only in the offers of a "
                                   "csr program", node.span))
    return errors


def _terminates(block: ast.Block, errors: list[SpiError]) -> bool:
    done = reported = False
    for stmt in block.stmts:
        if done and not reported:  # once per block; later statements are still checked
            errors.append(SpiError("unreachable statement: every path before it has played", stmt.span))
            reported = True
        done = _stmt_terminates(stmt, errors) or done
    return done


def _stmt_terminates(stmt, errors: list[SpiError]) -> bool:
    if not isinstance(stmt, ast.If):
        return True
    results = [_terminates(b.body, errors) for b in stmt.branches]
    if stmt.orelse is None:
        return False
    return _terminates(stmt.orelse, errors) and all(results)


def check_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    """A name that must be a program the file can see."""
    decl = scope.get(name.text)
    if decl is None:
        return [SpiError(f"unknown program {name.text!r}", name.span)]
    if isinstance(decl, ast.Game):
        return [SpiError(f"{name.text} is a game, not a program", name.span)]
    if isinstance(decl, ast.Beliefs):
        return [SpiError(f"{name.text} is a beliefs declaration, not a program", name.span)]
    return []


def check_distribution(entries: list[tuple[object, object, ast.Num]], node, what: str) -> list[SpiError]:
    """Positive probabilities summing to 1, each key once; entries are (key, the node that
    names it, probability)."""
    if len(entries) > MAX_DISTRIBUTION_ENTRIES:
        return [SpiError(f"a distribution may list at most {MAX_DISTRIBUTION_ENTRIES:,} entries; "
                         f"this one lists {len(entries):,}", node.span)]
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


def check_defaults(decl, scope: dict, kind: str) -> list[SpiError]:
    """Exactly one `default`, a base program."""
    errors: list[SpiError] = []
    defaults = decl.defaults
    if not defaults:
        errors.append(SpiError(f"{kind} program {decl.name.text} has no `default`", decl.name.span))
    for extra in defaults[1:]:
        errors.append(SpiError(f"a {kind} program has exactly one `default`", extra.span))
    for item in defaults:
        if isinstance(item, ast.DefaultBlock):
            errors.extend(check_base_block(item.body, scope))
        else:
            errors.extend(check_default_ref(item.name, scope))
    return errors


def _check_renegotiation(decl: ast.RenegotiationProgram, scope: dict) -> list[SpiError]:
    errors = check_defaults(decl, scope, "renegotiation")
    if not decl.maps:
        errors.append(SpiError("a renegotiation program needs at least one `map`: the identity "
                               "is not a renegotiation function (Definition 3)", decl.name.span))
    for item in decl.maps:
        if isinstance(item.target, ast.Lottery):
            errors.extend(check_lottery(item.target))
        errors.extend(SpiError("`_` is only allowed in payoff rules and `map` sources; an "
                               "outcome names every action", w.span)
                      for p in _target_profiles(item.target) for w in p.items
                      if isinstance(w, ast.Wildcard))
    return errors


def check_lottery(lottery: ast.Lottery) -> list[SpiError]:
    """Positive probabilities summing to 1, each profile once."""
    return check_distribution([(profile_key(e.profile), e.profile, e.prob) for e in lottery.entries],
                               lottery, "profile")


def check_default_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    """A named default: a base program (the paper's program spaces exclude the others)."""
    errors = check_ref(name, scope)
    decl = scope.get(name.text)
    if not errors and not isinstance(decl, ast.BaseProgram):
        kind = "renegotiation" if isinstance(decl, ast.RenegotiationProgram) else "csr"
        errors.append(SpiError(f"a default must be a base program; {name.text} is a "
                               f"{kind} program", name.span))
    return errors


# ------------------------------------------------------------------ in a game

def check_in_game(program: Program, game: Game, seat: int | None, *,
                  named_default: bool = True, maps: bool = True) -> list[SpiError]:
    """Errors of `program` in `game`: actions of its seat (or of any player when seat is
    None), and unless `maps` is false, valid `map` profiles and Definition 3. With
    `named_default=False` a default that is a named program is left to be checked alone."""
    errors: list[SpiError] = []
    for part in _bodies(program, named_default):
        errors.extend(_check_actions(part.body, [game], seat))
    if maps and program.maps:
        errors.extend(_check_maps(program, game))
    if maps and program.offers:
        errors.extend(check_offers_in_game(program, game))
    return errors


def check_actions_in_games(program: Program, games: list[Game]) -> list[SpiError]:
    """Actions that no player of any of `games` has (for a file that sees several games)."""
    errors = [e for part in _bodies(program, False) for e in _check_actions(part.body, games, None)]
    known = {a for game in games for seat in game.actions for a in seat}
    names = [n for node in walk(program.offers) if isinstance(node, ast.Profile)
             for n in node.items if isinstance(n, ast.Name)]
    where = ", ".join(g.name for g in games)
    return errors + [SpiError(f"{n.text!r} is not an action in any game this file sees ({where})", n.span)
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
                    f"in game {game.name}; its actions are {', '.join(game.actions[seat])}", name.span))
        elif not any(name.text in actions for game in games for actions in game.actions):
            where = f"game {games[0].name}" if len(games) == 1 else \
                f"any game this file sees ({', '.join(g.name for g in games)})"
            errors.append(SpiError(f"{name.text!r} is not an action in {where}", name.span))
    return errors


def check_outcome_actions(target, game: Game) -> list[SpiError]:
    """Every profile of an outcome names one action of each player of the game."""
    errors: list[SpiError] = []
    for profile in _target_profiles(target):
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
    return any(isinstance(i, ast.Wildcard) for p in _target_profiles(target) for i in p.items)


def _invalid_lottery(target) -> bool:
    return isinstance(target, ast.Lottery) and bool(check_lottery(target))


def _target_profiles(target) -> list[ast.Profile]:
    if isinstance(target, ast.Lottery):
        return [e.profile for e in target.entries]
    return [target]


# csr checks build on the helpers above, so they live in their own module, imported last.
from .check_csr import check_csr_decls, check_offers_in_game  # noqa: E402
from . import check_beliefs  # noqa: E402 (a module, so either module may be imported first)
