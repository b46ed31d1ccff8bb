"""Base games: exact payoff tables built from `game` declarations, outcomes (pure profiles
and correlated lotteries), and the feasible set, Pareto frontier and PMM of a game."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from fractions import Fraction
from functools import cached_property

import attrs

from spi_lang.geometry.memo import memo_of
from spi_lang.geometry.numbers import bounded
from spi_lang.geometry.planar import (Point, convex_hull, pareto_frontier, pareto_meet_minimum,
                                      pareto_meet_projection)
from spi_lang.geometry.sets import PayoffSet, Piece
from spi_lang.geometry.space import PLANAR, Polyhedral
from spi_lang.geometry.text import format_profile, plural
from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError, did_you_mean

Profile = tuple[str, ...]
MAX_PROFILES = 100_000
INDEPENDENT, SHARED = "independent", "shared"  # the randomness models of simulations
MAX_ND_PAYOFFS = 5_000  # payoff vectors of 3+ players: F is their PPL hull (docs/language.md)
ONE = Fraction(1)  # the probability of a sure profile; `is ONE` lets hot paths skip products


@attrs.frozen
class Outcome:
    """A correlated lottery over pure profiles: merged, positive, in profile order, so two
    outcomes are equal exactly when they are the same distribution."""

    support: tuple[tuple[Profile, Fraction], ...]

    @property
    def is_pure(self) -> bool:
        return len(self.support) == 1

    def scaled(self, factor: Fraction) -> tuple[tuple[Profile, Fraction], ...]:
        """The support with every probability multiplied by `factor`."""
        return tuple((profile, p * factor) for profile, p in self.support)


@attrs.define(frozen=True, eq=False, slots=False)
class Game:
    """A normal-form game with an exact payoff for every pure profile."""

    name: str
    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    table: dict[Profile, Point]
    span: Span | None = None
    # How simulations draw their coins, and the profile an ungroundable simulation regress
    # plays (None: it is an error), from `randomness` and `regress` (docs/simulation.md).
    randomness: str = INDEPENDENT
    regress: Profile | None = None

    def profiles(self) -> Iterable[Profile]:
        """Every pure profile, in profile order (first player's actions vary slowest)."""
        return itertools.product(*self.actions)

    @cached_property
    def _order(self) -> dict[Profile, int]:
        return {p: i for i, p in enumerate(self.profiles())}

    def outcome(self, pairs: Iterable[tuple[Profile, Fraction]]) -> Outcome:
        """The normalized outcome of (profile, probability) pairs; equal profiles merge."""
        merged: dict[Profile, Fraction] = {}
        for profile, p in pairs:
            merged[profile] = bounded(merged.get(profile, Fraction(0)) + p, "a probability of an outcome")
        items = sorted(((k, v) for k, v in merged.items() if v), key=lambda kv: self._order[kv[0]])
        return Outcome(tuple(items))

    def outcome_of(self, node: ast.Profile | ast.Lottery) -> Outcome:
        """The outcome a checked profile or lottery node denotes."""
        if isinstance(node, ast.Profile):
            return self.pure(profile_key(node))
        return self.outcome((profile_key(e.profile), e.prob.value) for e in node.entries)

    def pure(self, profile: Profile) -> Outcome:
        """The outcome that plays `profile` for sure (one shared object per profile)."""
        outcome = self._pure.get(profile)
        if outcome is None:
            outcome = self._pure[profile] = Outcome(((profile, ONE),))
        return outcome

    @cached_property
    def _pure(self) -> dict[Profile, Outcome]:
        return {}

    def payoff(self, profile: Profile) -> Point:
        """u(profile)."""
        return self.table[profile]

    def expected(self, outcome: Outcome) -> Point:
        """u(outcome): expected payoffs of a lottery."""
        if len(outcome.support) == 1 and outcome.support[0][1] == 1:  # a sure profile
            return self.table[outcome.support[0][0]]
        totals = [Fraction(0)] * len(self.players)
        for profile, p in outcome.support:  # bounded as it goes: a sum over many
            for i, u in enumerate(self.table[profile]):  # denominators can grow each step
                totals[i] = bounded(totals[i] + p * u, "an expected payoff")
        return tuple(totals)

    @property
    def planar(self) -> bool:
        """Whether payoff space is the plane (2 players): the fast exact 2-D geometry."""
        return len(self.players) == 2

    @cached_property
    def space(self):
        """The payoff space of this game (`space.Planar`, or `space.Polyhedral` for 3+ players)."""
        return PLANAR if self.planar else polyhedral_space(self)

    @cached_property
    def _nd(self):
        """The n-dimensional geometry of the payoff table (3+ players)."""
        self.space  # noqa: B018 (a clear error first if pplpy is missing)
        from spi_lang.geometry.nd.game import GameGeometry
        return GameGeometry(self.table)

    @cached_property
    def feasible_vertices(self) -> tuple[Point, ...]:
        """Vertices of the feasible set F (the convex hull of the pure payoffs)."""
        if self.planar:
            return convex_hull(self.table.values())
        return self._nd.feasible.vertices

    @cached_property
    def frontier(self) -> tuple[Point, ...]:
        """Vertices of the Pareto frontier E, top-left to bottom-right (2 players)."""
        if not self.planar:
            raise SpiError(f"game {self.name} has {plural(len(self.players), 'player')}: its "
                           "efficient set is a union of faces (`efficient`), not a path", self.span)
        return pareto_frontier(self.table.values())

    @cached_property
    def feasible(self) -> PayoffSet:
        """F as an exact payoff set."""
        if self.planar:
            return PayoffSet((Piece.hull(self.table.values()),))
        return self.space.of([self._nd.feasible])

    @cached_property
    def efficient(self):
        """The Pareto-efficient points of F as an exact payoff set: the frontier E for 2
        players, the union of the maximal efficient faces of F for more."""
        if not self.planar:
            return self._nd.efficient
        ends = self.frontier
        return PayoffSet.of(Piece.hull(pair) for pair in zip(ends, ends[1:] or ends))

    @cached_property
    def pmm(self) -> Point:
        """The Pareto meet minimum: each player's lowest payoff over the efficient set."""
        if self.planar:
            return pareto_meet_minimum(self.table.values())
        return self._nd.pmm

    def pmp_set(self, player: int, outcome: Outcome):
        """PMP_player(outcome) as a payoff set (empty when no point of F qualifies), once per point."""
        return memo_of(self).get(("pmp_set", player, self.expected(outcome)), lambda _: self._pmp_set(player, outcome))

    def _pmp_set(self, player: int, outcome: Outcome):
        if not self.planar:
            return self._nd.pmp(player, self.expected(outcome))  # its vertices: nd.sets bounds them
        ends = self.pmp(player, outcome)
        return PayoffSet((Piece.hull(ends),)) if ends else PayoffSet()

    def pmp(self, player: int, outcome: Outcome) -> tuple[Point, ...]:
        """PMP_player(outcome) as its vertices (a point or a segment of F for 2 players;
        a polytope's vertices for more; none when it is empty)."""
        if not self.planar:
            return tuple(self._nd.pmp(player, self.expected(outcome)).vertices())
        # The hull's vertices have the same hull and PMM as all payoffs, and are few.
        ends = pareto_meet_projection(self.feasible_vertices, player, self.expected(outcome))
        return tuple(tuple(bounded(x, "a point of a PMP") for x in end) for end in ends)


def polyhedral_space(game: Game):
    """The payoff space of a game of 3+ players, or a clear error if pplpy is missing."""
    try:
        return Polyhedral(len(game.players))
    except ImportError:
        raise SpiError(f"game {game.name} has {plural(len(game.players), 'player')}: its payoff-space "
                       "geometry needs pplpy (pip install pplpy), which is not installed", game.span) from None


def build_game(decl: ast.Game) -> tuple[Game | None, list[SpiError]]:
    """Resolve a `game` declaration into a `Game`, or report every error in it."""
    errors: list[SpiError] = []
    players, actions = _players_and_actions(decl, errors)
    if errors:
        return None, errors
    if _count_profiles(actions) > MAX_PROFILES:
        return None, [SpiError(f"game {decl.name.text} has more than {MAX_PROFILES} profiles", decl.name.span)]
    rules = [item for item in decl.items if isinstance(item, ast.PayoffRule)]
    table = _payoff_table(decl, players, actions, rules, errors)
    randomness, regress = _simulation_items(decl, players, actions, errors)
    if errors:
        return None, errors
    distinct = len(players) >= 3 and len(set(table.values()))
    if distinct > MAX_ND_PAYOFFS:
        return None, [SpiError(f"game {decl.name.text} has {distinct} distinct payoff vectors; with 3 or "
                               f"more players spilang takes at most {MAX_ND_PAYOFFS} (their exact convex "
                               "hull is the feasible set)", decl.name.span)]
    return Game(decl.name.text, players, actions, table, decl.name.span, randomness, regress), []


def _simulation_items(decl: ast.Game, players, actions, errors: list[SpiError]):
    """The game's `randomness` model and `regress` profile (issue 13), each at most once."""
    models = [i for i in decl.items if isinstance(i, ast.RandomnessDecl)]
    regresses = [i for i in decl.items if isinstance(i, ast.RegressDecl)]
    for extra in models[1:] + regresses[1:]:
        errors.append(SpiError(f"`{'randomness' if extra in models else 'regress'}` is declared "
                               "twice in this game", extra.span))
    randomness = models[0].model.text if models else INDEPENDENT
    if randomness not in (INDEPENDENT, SHARED):
        errors.append(SpiError(f"randomness is `independent` or `shared`, not {randomness!r}",
                               models[0].model.span))
    if not regresses:
        return randomness, None
    found: list[SpiError] = []
    check_pattern(regresses[0].profile, players, actions, found, allow_wildcard=False)
    errors.extend(found)
    return randomness, None if found else profile_key(regresses[0].profile)


def _count_profiles(actions) -> int:
    count = 1
    for seat in actions:
        count *= len(seat)
    return count


def _players_and_actions(decl: ast.Game, errors: list[SpiError]):
    declared = [i for i in decl.items if isinstance(i, ast.Players)]
    shared = [i for i in decl.items if isinstance(i, ast.SharedActions)]
    seats = [i for i in decl.items if isinstance(i, ast.SeatActions)]
    for extra in declared[1:]:
        errors.append(SpiError("`players` is declared twice in this game", extra.span))
    for extra in shared[1:]:
        errors.append(SpiError("`actions` is declared twice in this game", extra.span))
    if shared and seats:
        errors.append(SpiError("use either `actions A, B` for every player or `actions Player: ...` "
                               "per player, not both", seats[0].span))
        return (), ()
    players = declared[0].names if declared else ()
    _no_repeats(list(players), "player", errors)
    if seats:
        return _seat_actions(decl, players, seats, errors)
    if not shared:
        errors.append(SpiError(f"game {decl.name.text} declares no actions", decl.name.span))
        return (), ()
    _no_repeats(list(shared[0].actions), "action", errors)
    names = tuple(n.text for n in players) or ("P1", "P2")
    return names, tuple(tuple(a.text for a in shared[0].actions) for _ in names)


def _seat_actions(decl: ast.Game, players: tuple[ast.Name, ...], seats, errors):
    """Players and actions from `actions Player: ...` lines (players from them if undeclared)."""
    _no_repeats([s.player for s in seats], "`actions` for player", errors)
    names = [n.text for n in players] or _unique_texts(s.player for s in seats)
    by_player = {s.player.text: s for s in seats}
    for s in seats:
        if s.player.text not in names:
            errors.append(SpiError(f"unknown player {s.player.text!r}; the players are "
                                   f"{', '.join(names)}", s.player.span))
    for player in players:
        if player.text not in by_player:
            errors.append(SpiError(f"player {player.text} has no actions", player.span))
    for s in seats:
        _no_repeats(list(s.actions), "action", errors)
    return tuple(names), tuple(tuple(a.text for a in by_player[n].actions) for n in names if n in by_player)


def _unique_texts(names) -> list[str]:
    return list(dict.fromkeys(n.text for n in names))


def _no_repeats(names: list[ast.Name], what: str, errors: list[SpiError]) -> None:
    seen: set[str] = set()
    for n in names:
        if n.text in seen:
            errors.append(SpiError(f"{what} {n.text!r} is listed twice", n.span))
        seen.add(n.text)


def _payoff_table(decl, players, actions, rules, errors) -> dict[Profile, Point]:
    for rule in rules:
        check_pattern(rule.pattern, players, actions, errors, allow_wildcard=True)
        if len(rule.payoffs) != len(players):
            first, last = rule.payoffs[0].span, rule.payoffs[-1].span
            vector = Span(first.path, first.line, first.col, last.end_line, last.end_col)
            errors.append(SpiError(f"payoff has {plural(len(rule.payoffs), 'entry', 'entries')} but "
                                   f"the game has {plural(len(players), 'player')}", vector))
    if errors:
        return {}
    table: dict[Profile, Point] = {}
    missing: list[Profile] = []
    used: set[int] = set()
    index = PatternIndex([r.pattern for r in rules])
    for profile in itertools.product(*actions):
        i = index.first(profile)
        if i is None:
            missing.append(profile)
        else:
            used.add(i)
            table[profile] = tuple(n.value for n in rules[i].payoffs)
    errors.extend(_dead_rules(rules, used))
    if missing:
        shown = ", ".join(format_profile(p) for p in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        errors.append(SpiError(f"no payoff for {shown}{more} (add a rule, or a catch-all "
                               f"`payoff ({', '.join('_' * len(players))}) = ...`)", decl.name.span))
    return table


def _dead_rules(rules, used: set[int]) -> list[SpiError]:
    """Rules that never give a payoff, since earlier rules match every profile they match
    (the first matching rule applies): a silent mistake, like an unreachable map."""
    errors = []
    first: dict[tuple[str, ...], ast.PayoffRule] = {}
    for i, rule in enumerate(rules):
        key = profile_key(rule.pattern)
        earlier = first.setdefault(key, rule)
        if i in used:
            continue
        if earlier is not rule:
            shown = format_profile(key)
            errors.append(SpiError(f"this payoff rule never applies: it repeats the rule for {shown} "
                                   f"on line {earlier.span.line}", rule.span,
                                   notes=((f"the first rule for {shown}", earlier.span),)))
        else:
            errors.append(SpiError("this payoff rule never applies: earlier rules give the payoff "
                                   "of every profile it matches", rule.span))
    return errors


def check_pattern(pattern: ast.Profile, players, actions, errors, *, allow_wildcard: bool) -> None:
    """Report a profile pattern of the wrong length, an unknown action, or a disallowed `_`."""
    if len(pattern.items) != len(players):
        errors.append(SpiError(f"profile has {plural(len(pattern.items), 'action')} but the game "
                               f"has {plural(len(players), 'player')}", pattern.span))
        return
    for seat, item in enumerate(pattern.items):
        if isinstance(item, ast.Wildcard):
            if not allow_wildcard:
                errors.append(SpiError("`_` is only allowed in payoff rules and `map` sources; "
                                       "an outcome names every action", item.span))
        elif item.text not in actions[seat]:
            errors.append(SpiError(f"{item.text!r} is not an action of player {players[seat]} "
                                   f"(actions: {', '.join(actions[seat])})"
                                   f"{did_you_mean(item.text, actions[seat], close=False)}", item.span))


class PatternIndex:
    """The first of a list of profile patterns that matches a profile, found with bitmasks
    (bit i set: pattern i accepts that action in that seat), so a lookup costs a few
    big-integer ANDs instead of a scan of every pattern."""

    def __init__(self, patterns: list[ast.Profile]):
        self.wild: dict[int, int] = {}
        self.exact: dict[tuple[int, str], int] = {}
        for i, pattern in enumerate(patterns):
            for seat, item in enumerate(pattern.items):
                if isinstance(item, ast.Wildcard):
                    self.wild[seat] = self.wild.get(seat, 0) | 1 << i
                else:
                    self.exact[seat, item.text] = self.exact.get((seat, item.text), 0) | 1 << i
        self.arity = {i: len(p.items) for i, p in enumerate(patterns)}
        # Patterns without `_` (a Gambit file's: one per profile) are looked up directly:
        # the first pattern equal to the profile is then the first that matches it.
        self.plain = None if self.wild else {}
        for i, pattern in enumerate(patterns if self.plain is not None else ()):
            self.plain.setdefault(profile_key(pattern), i)

    def first(self, profile: Profile) -> int | None:
        """The index of the first pattern that matches `profile`, or None."""
        if self.plain is not None:
            return self.plain.get(profile)
        mask = -1
        for seat, action in enumerate(profile):
            mask &= self.wild.get(seat, 0) | self.exact.get((seat, action), 0)
            if not mask:
                return None
        while mask:  # skip patterns of another length, which are reported elsewhere
            i = (mask & -mask).bit_length() - 1
            if self.arity[i] == len(profile):
                return i
            mask &= mask - 1
        return None


def profile_key(profile: ast.Profile) -> tuple[str, ...]:
    """The actions a profile node names (`_` for a wildcard)."""
    return tuple(i.text if isinstance(i, ast.Name) else "_" for i in profile.items)
