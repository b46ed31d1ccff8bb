"""Tournament matches of base and renegotiation programs (Algorithm 1) in 2-player games,
played from tables instead of walking the programs' ASTs every time.

In a 2-player game a base program's choice and the steps it takes depend only on the
code class and template of its counterpart (its conditions compare codes and ask for a
template; nothing else of the counterpart is read), and of the code only on which of the
few codes its conditions name it equals, so each (program, such case, counterpart
template) is run once through the interpreter itself and kept: its distribution and its
step count. A renegotiation program's rn_i(a) is kept per profile,
the outcome of two kept distributions per pair, and the payoffs per outcome. A match is
then a few table look-ups; its steps are added up exactly as the interpreter spends them
(`interpreter._Run.match` and `_renegotiate`), and a match that would run out of fuel is
left to the interpreter, which fails it with its own message. Results are the same
objects for the same outcome, which the tournament's cells share anyway. Programs whose
bodies simulate or ask what is provable read the counterpart's behaviour, not only its
code: they are always left to the interpreter."""

from __future__ import annotations

from spi_lang.engine.interpreter import _Run, renegotiated
from spi_lang.engine.matches import Match
from spi_lang.geometry.games import ONE, Game, Outcome
from spi_lang.geometry.numbers import NumberTooLarge
from spi_lang.load.programs import BASE, RENEGOTIATION, Program
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

COMPILED = (BASE, RENEGOTIATION)
# What a base program's body may hold to be compiled: conditions on the counterpart's
# code and template only (no simulation, no provability: those read its behaviour).
PLAIN = frozenset({ast.Block, ast.Branch, ast.If, ast.Name, ast.Num, ast.Play, ast.PlayMix, ast.Weight,
                   ast.OpponentEq, ast.OpponentNe, ast.OpponentIs, ast.Opponents, ast.ProgramRef,
                   ast.SelfRef, ast.Not, ast.And, ast.Or})


class CompiledMatches:
    """Kept results of one game's base programs and renegotiation maps (one per
    tournament worker); `play` gives a match's result, or None for the interpreter."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self._run = _Run(game, trace=False)  # only its `_joint`, which reads the game alone
        self._responses: dict[tuple, tuple[dict, int]] = {}
        self._codes: dict[int, frozenset[int] | None] = {}
        self._dists: dict[tuple, dict] = {}
        self._outcomes: dict[Outcome, Outcome] = {}  # equal outcomes, one object
        self._rns: dict[tuple, Outcome] = {}
        self._joints: dict[tuple[int, int], Outcome] = {}
        self._agreed: dict[tuple, Outcome] = {}
        self._matches: dict[int, Match] = {}
        self._keep: list = []  # objects whose ids key the tables stay alive

    def play(self, table: tuple[Program, ...], fuel: int) -> Match | None:
        """The result of `table` (2 programs, checked in their seats), or None when the
        interpreter must play it: other templates, more seats, not enough fuel, or a
        number past the bound (the interpreter's error names the match)."""
        try:
            return self._play(table, fuel)
        except NumberTooLarge:
            return None

    def _play(self, table: tuple[Program, ...], fuel: int) -> Match | None:
        if len(table) != 2:
            return None
        one, two = table
        if one.kind not in COMPILED or two.kind not in COMPILED:
            return None
        if one.kind == two.kind == RENEGOTIATION:
            found = self._renegotiation(one, two, fuel)
        else:
            found = self._independent(one, two, fuel)
        return None if found is None else self.match_of(found)

    def match_of(self, found: Outcome) -> Match:
        """The one `Match` of a kept outcome: a million matches hold a few objects."""
        match = self._matches.get(id(found))
        if match is None:
            match = self._matches[id(found)] = Match(found, self.game.expected(found))
        return match

    def _independent(self, one: Program, two: Program, fuel: int) -> Outcome | None:
        """Line 1 fails (or both are base programs): each plays its own (default) body
        against the other program as it is; a renegotiation program says line 1, then
        line 8 (it plays its default)."""
        first = self.response(one if one.kind == BASE else one.default, 0, two, fuel)
        second = self.response(two if two.kind == BASE else two.default, 1, one, fuel)
        return self.independent(first, second, 2 * ((one.kind != BASE) + (two.kind != BASE)), fuel)

    def independent(self, first, second, extra: int, fuel: int) -> Outcome | None:
        """Two kept responses played independently; `extra`: the steps of lines 1 and 8
        (2 for each renegotiation program)."""
        if first is None or second is None:
            return None
        steps = 1 + first[1] + second[1] + extra  # 1: the result
        return None if steps > fuel else self._joint(first[0], second[0])

    def _renegotiation(self, one: Program, two: Program, fuel: int) -> Outcome | None:
        """Algorithm 1: line 1 twice, line 2 (the defaults against each other, then a),
        then lines 3 and 4 or 6 for each realized default profile."""
        d1, d2 = one.default, two.default
        return self.agreed(one, two, self.response(d1, 0, d2, fuel), self.response(d2, 1, d1, fuel), fuel)

    def agreed(self, one: Program, two: Program, first, second, fuel: int) -> Outcome | None:
        """Algorithm 1 from line 2, given the defaults' kept responses to each other."""
        if first is None or second is None:
            return None
        default = self._joint(first[0], second[0])
        support = default.support
        pure = len(support) == 1
        # line 1 twice, line 2 twice, the result; then 2 or 3 steps per default profile
        steps = 5 + first[1] + second[1] + len(support) * (2 if pure else 3)
        if steps > fuel:
            return None
        if pure and support[0][1] is ONE:
            return self._at(one, two, support[0][0])
        ats = tuple([self._at(one, two, profile) for profile, _ in support])
        key = (id(default), *map(id, ats))
        found = self._agreed.get(key)
        if found is None:
            pairs = [pair for at, (_, prob) in zip(ats, support) for pair in at.scaled(prob)]
            found = self._agreed[key] = self._intern(self.game.outcome(pairs))
        return found

    def _at(self, one: Program, two: Program, profile: tuple[str, ...]) -> Outcome:
        """Lines 3-6 of Algorithm 1 at a realized default profile (kept outcomes are one
        object per value, so `is` is equality)."""
        first, second = self._rn(one, profile), self._rn(two, profile)
        return first if first is second else self._intern(self.game.pure(profile))

    def _rn(self, program: Program, profile: tuple[str, ...]) -> Outcome:
        key = (id(program.maps), profile)
        found = self._rns.get(key)
        if found is None:
            found = self._rns[key] = self._intern(renegotiated(self.game, program, profile))
            self._keep.append(program.maps)
        return found

    def _intern(self, outcome: Outcome) -> Outcome:
        return self._outcomes.setdefault(outcome, outcome)

    def response(self, program: Program, seat: int, other: Program, fuel: int) -> tuple[dict, int] | None:
        """What base `program` plays against `other` and the steps it takes: run once per
        case it can tell apart (the counterpart's template, and which of the codes that
        its conditions compare with, its own included, the counterpart has; every other
        code is the same to it); None if it alone needs more than `fuel` steps."""
        codes = self.codes_of(program)
        if codes is None:  # it reads more than code and template (simulation, provability)
            return None
        key = (id(program), seat, other.code if other.code in codes else -1, other.kind)
        found = self._responses.get(key)
        if found is None:
            run = _Run(self.game, fuel=fuel, players=(program, other) if seat == 0 else (other, program),
                       trace=False)
            table = run.players
            try:
                dist = run._run_base(program, seat, table)
            except SpiError:  # out of fuel: the interpreter plays the match and fails it
                return None
            dist = self._dists.setdefault(tuple(dist.items()), dist)  # equal choices, one object
            found = self._responses[key] = (dist, fuel - run.fuel)
            self._keep.append(program)
        return found

    def codes_of(self, program: Program) -> frozenset[int] | None:
        """The codes that base `program`'s conditions compare with (its own included), or
        None if it reads more of its counterpart than code and template."""
        codes = self._codes.get(id(program), 0)
        if codes == 0:
            plain = not program.simulates and {type(node) for node in walk(program.body)} <= PLAIN
            codes = self._codes[id(program)] = frozenset(
                [program.code, *(ref.code for ref in program.refs.values())]) if plain else None
            self._keep.append(program)
        return codes

    def _joint(self, first: dict, second: dict) -> Outcome:
        key = (id(first), id(second))
        found = self._joints.get(key)
        if found is None:
            found = self._joints[key] = self._intern(self._run._joint([first, second]))
        return found
