"""Playing two programs against each other exactly: base programs, Algorithm 1
(renegotiation programs), and a trace of every step tied to the algorithm's lines."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.engine.csr import Algorithm2
from spi_lang.geometry.games import ONE, Game, Outcome
from spi_lang.geometry.sets import PayoffSet
from spi_lang.geometry.text import format_outcome, format_profile, format_vector
from spi_lang.load.programs import BASE, CSR, RENEGOTIATION, Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError, source_lines

Dist = dict[str, Fraction]

# The paper's algorithm behind each template; both check the template on line 1 and fall
# back to the default on line 8.
ALGORITHM = {RENEGOTIATION: "Alg. 1", CSR: "Alg. 2"}


@attrs.frozen
class Step:
    """One line of a trace: nesting depth, which algorithm line or source line, and text."""

    depth: int
    where: str       # the algorithm line it implements, e.g. "Alg. 1, line 3", or ""
    text: str
    source: str = ""  # path:line of the statement that ran, for base-program steps


@attrs.frozen
class MatchResult:
    """The exact result of a match: a distribution over pure profiles and its payoffs."""

    game: Game
    programs: tuple[Program, Program]
    outcome: Outcome
    payoffs: tuple[Fraction, ...]
    steps: tuple[Step, ...]


@attrs.frozen
class Round:
    """Renegotiation from one realized default profile a: each side's offer (a csr set, or
    the outcome rn_i(a)), the agreement (a set, or the common outcome), the selected point
    (csr) and the outcome played."""

    profile: tuple[str, ...]
    probability: Fraction
    offers: tuple[object, object]
    agreement: object | None
    point: tuple[Fraction, ...] | None
    outcome: Outcome


@attrs.frozen
class Negotiation:
    """What two programs renegotiate: the template they share (None: they do not
    renegotiate), the default outcome a and one `Round` per realized default profile."""

    game: Game
    programs: tuple[Program, Program]
    template: str | None
    default: Outcome | None
    rounds: tuple[Round, ...]
    selection: str = "leximin"


DEFAULT_FUEL = 1_000_000


def play_match(game: Game, p1: Program, p2: Program, selection: str = "leximin",
               fuel: int = DEFAULT_FUEL, trace: bool = True) -> MatchResult:
    """Play p1 (seat 1) against p2 (seat 2) in `game`; `selection` picks from csr
    agreement sets; the match may take at most `fuel` steps, nested evaluations included.
    Without `trace` the steps are counted (fuel is the same) but not recorded."""
    run = _Run(game, selection, fuel, (p1, p2), trace)
    try:
        outcome = run.match(p1, p2)
        payoffs = game.expected(outcome)
        run.say(0, "", lambda: f"result: {format_outcome(outcome)}, payoffs {format_vector(payoffs)}")
    finally:
        run._csr = None  # Algorithm 2's state points back at the run: free it without the GC
    return MatchResult(game, (p1, p2), outcome, payoffs, tuple(run.steps))


def negotiate(game: Game, p1: Program, p2: Program, selection: str = "leximin",
              fuel: int = DEFAULT_FUEL) -> Negotiation:
    """The renegotiation between p1 (seat 1) and p2 (seat 2), step by step as in `play_match`
    but kept as data (for `:offers` and plots)."""
    if not p1.kind == p2.kind != BASE:
        return Negotiation(game, (p1, p2), None, None, (), selection)
    run = _Run(game, selection, fuel, (p1, p2))
    default = run.default_outcome(p1.default, p2.default)
    rounds = []
    for profile, prob in default.support:
        if p1.kind == CSR:
            offers, agreement, point, outcome = run.csr.agree(p1, p2, profile)
        else:
            offers = (run._rn(p1, profile), run._rn(p2, profile))
            agreement = offers[0] if offers[0] == offers[1] else None
            point, outcome = None, agreement or game.pure(profile)
        rounds.append(Round(profile, prob, offers, agreement, point, outcome))
    return Negotiation(game, (p1, p2), p1.kind, default, tuple(rounds), selection)


class _Run:
    def __init__(self, game: Game, selection: str = "leximin", fuel: int = DEFAULT_FUEL,
                 players: tuple[Program, Program] | None = None, trace: bool = True) -> None:
        self.game = game
        self.steps: list[Step] = []
        self.depth = 0
        self.selection = selection
        self._csr: Algorithm2 | None = None
        self.fuel, self.budget, self.players, self.trace = fuel, fuel, players, trace

    @property
    def csr(self) -> Algorithm2:
        """Algorithm 2's state, made on first use (most matches never need it)."""
        if self._csr is None:
            self._csr = Algorithm2(self, self.selection)
        return self._csr

    def charge(self, units: int = 1) -> None:
        """Spend fuel: a step for every trace step, condition and set node, and the work of
        set operations (a unit per piece pair compared or vertex tested against a half-plane)."""
        self.fuel -= units
        if self.fuel < 0:
            p1, p2 = self.players
            chain = [label for _, label, _ in self._csr.active] if self._csr else []
            inside = f"; it was evaluating {' -> '.join(chain)}" if chain else ""
            raise SpiError(f"out of fuel: {p1.name} vs {p2.name} took more than {self.budget} "
                           f"steps (raise it with --fuel){inside}", p1.decl.name.span)

    def say(self, depth: int, where: str, text, source="") -> None:
        """Spend a step and, when tracing, record it; `text` and `source` may be functions
        that make the text, called only when tracing."""
        self.fuel -= 1
        if self.fuel < 0:
            self.charge()  # raises, with the message
        if self.trace:
            self.steps.append(Step(self.depth + depth, where, text() if callable(text) else text,
                                   source() if callable(source) else source))

    def note(self, make, *args) -> None:
        """`say` for the steps of base programs, the most frequent ones: make(*args) gives
        the text and source line, and is called only when tracing."""
        self.fuel -= 1
        if self.fuel < 0:
            self.charge()  # raises, with the message
        if self.trace:
            self.steps.append(Step(self.depth, "", *make(*args)))

    def match(self, p1: Program, p2: Program) -> Outcome:
        pair = (p1, p2)
        both = p1.kind == p2.kind != BASE
        for seat, (me, other) in enumerate((pair, pair[::-1])):
            if me.kind != BASE:
                verdict = "follows" if both else "does not follow"
                self.say(0, f"{ALGORITHM[me.kind]}, line 1", lambda: f"[{self._who(seat, me)}] counterpart "
                         f"{other.name} {verdict} the {me.kind} template")
        if both:
            return self._renegotiate(p1, p2)
        left = self._respond(p1, 0, p2)
        right = self._respond(p2, 1, p1)
        return self._joint(left, right)

    def _joint(self, left: Dist, right: Dist) -> Outcome:
        """The outcome of two independent choices (most often two pure actions)."""
        if len(left) == len(right) == 1:
            (a, p), = left.items()
            (b, q), = right.items()
            if p is ONE and q is ONE:
                return self.game.pure((a, b))
            return Outcome((((a, b), q if p is ONE else p if q is ONE else p * q),))
        return self.game.outcome(_product(left, right))

    def _who(self, seat: int, program: Program) -> str:
        return f"{self.game.players[seat]} {program.name}"

    def _respond(self, program: Program, seat: int, opponent: Program) -> Dist:
        """What a program plays against a counterpart that it does not renegotiate with."""
        if program.kind == BASE:
            return self._run_base(program, seat, opponent)
        self.say(0, f"{ALGORITHM[program.kind]}, line 8", lambda: f"[{self._who(seat, program)}] plays "
                 f"its default {program.default.name} against {opponent.name}")
        self.depth += 1
        try:
            return self._run_base(program.default, seat, opponent)
        finally:
            self.depth -= 1

    def _renegotiate(self, p1: Program, p2: Program) -> Outcome:
        """Algorithms 1 and 2 from line 2: the defaults' outcome a, then for each realized
        profile of a, the template's own renegotiation."""
        d1, d2 = p1.default, p2.default
        line2 = f"{ALGORITHM[p1.kind]}, line 2"
        self.say(0, line2, lambda: f"default outcome a = a(p_def): {d1.name} vs {d2.name}")
        self.depth += 1
        default = self.default_outcome(d1, d2)
        self.depth -= 1
        self.say(1, line2, lambda: f"a = {format_outcome(default)}, payoffs "
                 f"{format_vector(self.game.expected(default))}")
        if default.is_pure and default.support[0][1] is ONE:  # one profile for sure
            profile = default.support[0][0]
            if p1.kind == CSR:
                return self.csr.at(p1, p2, profile, 1)
            return self._algorithm1_at(p1, p2, profile, 1)
        pairs = []
        for profile, prob in default.support:
            if not default.is_pure:
                self.say(1, "", lambda: f"if a = {format_profile(profile)} (probability {prob}):")
            pad = 1 if default.is_pure else 2
            if p1.kind == CSR:
                outcome = self.csr.at(p1, p2, profile, pad)
            else:
                outcome = self._algorithm1_at(p1, p2, profile, pad)
            pairs.extend(outcome.scaled(prob))
        return self.game.outcome(pairs)

    def default_outcome(self, d1: Program, d2: Program) -> Outcome:
        """a(p_def): the two defaults played against each other."""
        return self._joint(self._run_base(d1, 0, d2), self._run_base(d2, 1, d1))

    def _algorithm1_at(self, p1: Program, p2: Program, profile, pad: int) -> Outcome:
        rn1, rn2 = self._rn(p1, profile), self._rn(p2, profile)
        self.say(pad, "Alg. 1, line 3", lambda: f"rn_1(a) = {format_outcome(rn1)} ({p1.name}), "
                 f"rn_2(a) = {format_outcome(rn2)} ({p2.name})")
        if rn1 == rn2:
            self.say(pad, "Alg. 1, line 4", lambda: f"they agree: both play their part of {format_outcome(rn1)}")
            return rn1
        self.say(pad, "Alg. 1, line 6", lambda: f"they differ: both play their part of a = "
                 f"{format_profile(profile)}")
        return self.game.pure(profile)

    def _rn(self, program: Program, profile: tuple[str, ...]) -> Outcome:
        return renegotiated(self.game, program, profile)

    def _run_base(self, program: Program, seat: int, opponent: Program) -> Dist:
        label = f"[{self._who(seat, program)}]" if self.trace else ""
        result = self._block(program.body, program, opponent, label)
        assert result is not None, "checker guarantees every path plays"
        return result

    def _block(self, block: ast.Block, program: Program, opponent: Program, label: str) -> Dist | None:
        for stmt in block.stmts:
            kind = type(stmt)
            if kind is ast.Play:
                self.note(_play_step, label, stmt)
                return {stmt.action.text: ONE}
            if kind is ast.PlayMix:
                mix = {w.action.text: w.prob.value for w in stmt.weights}
                self.note(_mix_step, label, stmt, mix)
                return mix
            for branch in stmt.branches:
                value = self.condition(branch.cond, program, opponent)
                self.note(_branch_step, label, branch, program, value, opponent)
                if value:
                    result = self._block(branch.body, program, opponent, label)
                    break
            else:
                result = None if stmt.orelse is None else self._block(stmt.orelse, program, opponent, label)
            if result is not None:
                return result
        return None

    def condition(self, cond, program: Program, opponent: Program, outcome_is=None) -> bool:
        """A condition's value; `outcome_is(ref)` decides `outcome == ref` in csr guards."""
        self.charge()
        kind = type(cond)
        if kind is ast.OpponentEq or kind is ast.OpponentNe:  # the common case first
            ref = cond.ref
            target = program if type(ref) is ast.SelfRef else program.refs[ref.name.text]
            return (opponent.code == target.code) == (kind is ast.OpponentEq)
        if kind is ast.Or:
            return any(self.condition(c, program, opponent, outcome_is) for c in cond.operands)
        if kind is ast.And:
            return all(self.condition(c, program, opponent, outcome_is) for c in cond.operands)
        if kind is ast.Not:
            return not self.condition(cond.operand, program, opponent, outcome_is)
        if kind is ast.OpponentIs:
            return opponent.kind == cond.template
        return outcome_is(cond.ref) == (kind is ast.OutcomeEq)


def _play_step(label: str, stmt: ast.Play) -> tuple[str, str]:
    return f"{label} play {stmt.action.text}", _line(stmt)


def _mix_step(label: str, stmt: ast.PlayMix, mix: Dist) -> tuple[str, str]:
    return f"{label} play mix {format_mix(mix)}", _line(stmt)


def _branch_step(label: str, branch, program: Program, value: bool, opponent: Program) -> tuple[str, str]:
    return (f"{label} {source_text(program, branch.cond.span)}: {'true' if value else 'false'} "
            f"(opponent is {opponent.name})", _line(branch))


def renegotiated(game: Game, program: Program, profile: tuple[str, ...]) -> Outcome:
    """rn_i(a) of a renegotiation program: its first matching map's target, else a."""
    i = program.map_index.first(profile)
    return game.pure(profile) if i is None else game.outcome_of(program.maps[i].target)


def evaluate_offer(game: Game, program: Program, seat: int, counterpart: Program,
                   profile: tuple[str, ...], selection: str, fuel: int) -> PayoffSet:
    """RN_i(RN_j, a): the offer of csr `program` in `seat` against `counterpart` at the
    default profile a, as line 3 of Algorithm 2 computes it in a match."""
    pair = (program, counterpart) if seat == 0 else (counterpart, program)
    return _Run(game, selection, fuel, pair).csr.offer(program, seat, counterpart, profile)


def _product(left: Dist, right: Dist):
    return [((a, b), p * q) for a, p in left.items() for b, q in right.items()]


def _line(node) -> str:
    return f"{node.span.path}:{node.span.line}"


def source_text(program: Program, span) -> str:
    """The source text of a span of the program's file, on one line."""
    lines = list(source_lines(program.file.text)[span.line - 1:span.end_line])
    if len(lines) == 1:
        return lines[0][span.col - 1:span.end_col - 1]
    lines[0], lines[-1] = lines[0][span.col - 1:], lines[-1][:span.end_col - 1]
    return " ".join(" ".join(lines).split())


def format_mix(mix: Dist) -> str:
    """`{A: 1/3, B: 2/3}`."""
    return "{" + ", ".join(f"{a}: {p}" for a, p in mix.items()) + "}"
