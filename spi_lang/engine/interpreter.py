"""Playing programs against each other exactly, one per seat of a game of any number of
players: base programs, Algorithm 1 (renegotiation programs), and a trace of every step
tied to the algorithm's lines. A match is evaluated on a *table*: the tuple of the
programs in the seats, which each program reads from its own seat."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.engine.csr import Algorithm2
from spi_lang.engine.iterated import Algorithm3, same_rounds
from spi_lang.engine.modal import Provability
from spi_lang.engine.modal_trace import source_text, trace_chain
from spi_lang.engine.sim_shared import shared_outcome
from spi_lang.engine.simulate_seats import bases_of, nested_match, seat_distribution, uses_simulation
from spi_lang.engine.results import DEFAULT_FUEL, MatchResult, Negotiation, Round, Step
from spi_lang.geometry.games import ONE, SHARED, Game, Outcome
from spi_lang.geometry.sets import PayoffSet
from spi_lang.geometry.text import format_outcome, format_profile, format_vector
from spi_lang.load.programs import BASE, CSR, ICSR, RENEGOTIATION, Program
from spi_lang.syntax import ast
from spi_lang.syntax.ast import THE
from spi_lang.syntax.errors import SpiError

Dist = dict[str, Fraction]

# The paper's algorithm behind each template; both check the template on line 1 and fall
# back to the default on line 8.
ALGORITHM = {RENEGOTIATION: "Alg. 1", CSR: "Alg. 2", ICSR: "Alg. 3"}
# The lines that compute the default outcome and that play the default (Algorithm 3 is
# longer: a loop over the rounds comes between them).
DEFAULT_LINE = {RENEGOTIATION: 2, CSR: 2, ICSR: 3}
FALLBACK_LINE = {RENEGOTIATION: 8, CSR: 8, ICSR: 13}

Table = tuple[Program, ...]


def play_match(game: Game, programs: Table, selection: str = "leximin",
               fuel: int = DEFAULT_FUEL, trace: bool = True) -> MatchResult:
    """Play `programs` (one per seat, in player order) in `game`; `selection` picks from
    csr agreement sets; the match may take at most `fuel` steps, nested evaluations
    included. Without `trace` the steps are counted (fuel is the same) but not recorded."""
    programs = programs if type(programs) is tuple else tuple(programs)
    run = _Run(game, selection, fuel, programs, trace)
    try:
        outcome = run.match(programs)
        payoffs = game.expected(outcome)
        run.say(0, "", lambda: f"result: {format_outcome(outcome)}, payoffs {format_vector(payoffs)}")
    finally:
        run._csr = run._modal = None  # these states point back at the run: free them without the GC
    return MatchResult(game, programs, outcome, payoffs, tuple(run.steps))


def negotiate(game: Game, programs: Table, selection: str = "leximin",
              fuel: int = DEFAULT_FUEL) -> Negotiation:
    """The renegotiation between `programs` (one per seat), step by step as in
    `play_match` but kept as data (for `:offers` and plots)."""
    programs = tuple(programs)
    if shared_template(programs) and programs[0].kind == ICSR:
        raise SpiError("the offers of icsr programs change from round to round: see them with "
                       "`play --trace`", programs[0].decl.name.span)
    if not shared_template(programs):
        return Negotiation(game, programs, None, None, (), selection)
    run = _Run(game, selection, fuel, programs)
    default = run.default_outcome(tuple(p.default for p in programs))
    rounds = []
    for profile, prob in default.support:
        if programs[0].kind == CSR:
            offers, agreement, point, outcome = run.csr.agree(programs, profile)
        else:
            offers = tuple(run._rn(p, profile) for p in programs)
            agreement = offers[0] if all(o == offers[0] for o in offers) else None
            point, outcome = None, agreement or game.pure(profile)
        rounds.append(Round(profile, prob, offers, agreement, point, outcome))
    return Negotiation(game, programs, programs[0].kind, default, tuple(rounds), selection)


def shared_template(table: Table) -> bool:
    """Whether every program of the table follows one template (renegotiation or csr)."""
    kind = table[0].kind
    return kind != BASE and all(p.kind == kind for p in table) and (kind != ICSR or same_rounds(table))


def others(table: Table, seat: int) -> Table:
    """The programs of the other seats, in seat order."""
    return table[:seat] + table[seat + 1:]


def seated(table: Table, seat: int, program: Program) -> Table:
    """The table with `program` in `seat`."""
    return table[:seat] + (program,) + table[seat + 1:]


def names(programs) -> str:
    """`A` or `A, B`: program names in seat order."""
    return ", ".join(p.name for p in programs)


class _Run:
    def __init__(self, game: Game, selection: str = "leximin", fuel: int = DEFAULT_FUEL,
                 players: Table | None = None, trace: bool = True) -> None:
        self.game = game
        self.steps: list[Step] = []
        self.depth = 0
        self.selection = selection
        self._csr: Algorithm2 | None = None
        self._modal: Provability | None = None
        self.fuel, self.budget, self.players, self.trace = fuel, fuel, players, trace
        self.seat_names = game.players  # one attribute read per traced branch, not two

    @property
    def both(self) -> str:
        """Who plays their part of an outcome, in the trace: "both" or "all"."""
        return "both" if len(self.game.players) == 2 else "all"

    @property
    def csr(self) -> Algorithm2:
        """Algorithm 2's state, made on first use (most matches never need it)."""
        if self._csr is None:
            self._csr = Algorithm2(self, self.selection)
        return self._csr

    @property
    def provability(self) -> Provability:
        """The provability conditions' state (engine/modal.py), made on first use."""
        if self._modal is None:
            self._modal = Provability(self, shared_template, trace_chain)
        return self._modal

    def charge(self, units: int = 1) -> None:
        """Spend fuel: a step for every trace step, condition and set node, and the work of
        set operations (a unit per piece pair compared or vertex tested against a half-plane)."""
        self.fuel -= units
        if self.fuel < 0:
            chain = [label for _, label, _ in self._csr.active] if self._csr else []
            inside = f"; it was evaluating {' -> '.join(chain)}" if chain else ""
            raise SpiError(f"out of fuel: {' vs '.join(p.name for p in self.players)} took more "
                           f"than {self.budget} steps (raise it with --fuel){inside}",
                           self.players[0].decl.name.span)

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

    def match(self, table: Table) -> Outcome:
        """The outcome of the programs of `table` playing each other (line 1 of both
        algorithms: renegotiate when every program follows the same template)."""
        both = shared_template(table)
        for seat, me in enumerate(table):
            if me.kind != BASE:
                self.say(0, f"{ALGORITHM[me.kind]}, line 1",
                         lambda: f"[{self._who(seat, me)}] {_template_verdict(table, seat, both)}")
        if both:
            return self._renegotiate(table)
        if self.game.randomness == SHARED and any(map(uses_simulation, bases_of(table))):
            return self._shared(table, table)  # issue 13: the seats share a random tape
        return self._joint([self._respond(p, seat, table) for seat, p in enumerate(table)])

    def _shared(self, table: Table, seats: Table) -> Outcome:
        """The correlated outcome of the seats' base programs (engine/sim_shared.py)."""
        for seat, program in enumerate(seats):
            if program.kind != BASE:
                self.say(0, f"{ALGORITHM[program.kind]}, line {FALLBACK_LINE[program.kind]}", lambda: f"[{self._who(seat, program)}] plays "
                         f"its default {program.default.name} against {names(others(table, seat))}")
        return self.game.outcome(shared_outcome(self, table, bases_of(seats)))

    def _joint(self, dists: list[Dist]) -> Outcome:
        """The outcome of independent choices, one per seat (most often pure actions)."""
        if len(dists) == 2 and len(dists[0]) == len(dists[1]) == 1:  # the hot 2-seat case
            (a, p), = dists[0].items()
            (b, q), = dists[1].items()
            if p is ONE and q is ONE:
                return self.game.pure((a, b))
            return Outcome((((a, b), q if p is ONE else p if q is ONE else p * q),))
        if all(len(d) == 1 for d in dists):
            profile, prob = [], ONE
            for d in dists:
                (a, p), = d.items()
                profile.append(a)
                prob = p if prob is ONE else prob if p is ONE else prob * p
            if prob is ONE:
                return self.game.pure(tuple(profile))
            return Outcome(((tuple(profile), prob),))
        return self.game.outcome(_product(dists))

    def _who(self, seat: int, program: Program) -> str:
        return f"{self.game.players[seat]} {program.name}"

    def _respond(self, program: Program, seat: int, table: Table) -> Dist:
        """What a program plays against counterparts that it does not renegotiate with."""
        if program.kind == BASE:
            return self._run_base(program, seat, table)
        self.say(0, f"{ALGORITHM[program.kind]}, line {FALLBACK_LINE[program.kind]}", lambda: f"[{self._who(seat, program)}] plays "
                 f"its default {program.default.name} against {names(others(table, seat))}")
        self.depth += 1
        try:
            return self._run_base(program.default, seat, table)
        finally:
            self.depth -= 1

    def _renegotiate(self, table: Table) -> Outcome:
        """Algorithms 1 and 2 from line 2: the defaults' outcome a, then for each realized
        profile of a, the template's own renegotiation."""
        defaults = tuple(p.default for p in table)
        line2 = f"{ALGORITHM[table[0].kind]}, line {DEFAULT_LINE[table[0].kind]}"
        self.say(0, line2, lambda: f"default outcome a = a(p_def): {' vs '.join(d.name for d in defaults)}")
        self.depth += 1
        default = self.default_outcome(defaults)
        self.depth -= 1
        self.say(1, line2, lambda: f"a = {format_outcome(default)}, payoffs "
                 f"{format_vector(self.game.expected(default))}")
        kind = table[0].kind
        at = self.csr.at if kind == CSR else Algorithm3(self.csr).at if kind == ICSR else self._algorithm1_at
        if default.is_pure and default.support[0][1] is ONE:  # one profile for sure
            return at(table, default.support[0][0], 1)
        pairs = []
        for profile, prob in default.support:
            if not default.is_pure:
                self.say(1, "", lambda: f"if a = {format_profile(profile)} (probability {prob}):")
            pairs.extend(at(table, profile, 1 if default.is_pure else 2).scaled(prob))
        return self.game.outcome(pairs)

    def default_outcome(self, defaults: Table) -> Outcome:
        """a(p_def): the defaults played against each other."""
        if self.game.randomness == SHARED and any(map(uses_simulation, defaults)):
            return self._shared(defaults, defaults)
        return self._joint([self._run_base(d, seat, defaults) for seat, d in enumerate(defaults)])

    def _algorithm1_at(self, table: Table, profile, pad: int) -> Outcome:
        rns = [self._rn(p, profile) for p in table]
        self.say(pad, "Alg. 1, line 3", lambda: ", ".join(
            f"rn_{seat + 1}(a) = {format_outcome(rn)} ({p.name})" for seat, (p, rn) in enumerate(zip(table, rns))))
        if all(rn == rns[0] for rn in rns):
            self.say(pad, "Alg. 1, line 4", lambda: f"they agree: {self.both} play their part of "
                     f"{format_outcome(rns[0])}")
            return rns[0]
        self.say(pad, "Alg. 1, line 6", lambda: f"they differ: {self.both} play their part of a = "
                 f"{format_profile(profile)}")
        return self.game.pure(profile)

    def renegotiates(self, table: Table) -> bool:
        """Whether the programs of `table` renegotiate (for simulations of a table)."""
        return shared_template(table)

    def nested_match(self, table: Table, seat: int, node) -> Dist:
        """What seat `seat` plays in the match of `table`, run by a simulation at `node`."""
        return nested_match(self, table, seat, node)

    def _rn(self, program: Program, profile: tuple[str, ...]) -> Outcome:
        return renegotiated(self.game, program, profile)

    def _run_base(self, program: Program, seat: int, table: Table) -> Dist:
        if program.simulates:  # issue 13: solved exactly by engine/simulation.py
            return seat_distribution(self, program, seat, table)
        label = f"[{self._who(seat, program)}]" if self.trace else ""
        result = self._block(program.body, program, seat, table, label)
        assert result is not None, "checker guarantees every path plays"
        return result

    def _block(self, block: ast.Block, program: Program, seat: int, table: Table, label: str) -> Dist | None:
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
                value = self.condition(branch.cond, program, seat, table)
                self.note(_branch_step, label, branch, program, value, seat, table, self.seat_names)
                if value:
                    result = self._block(branch.body, program, seat, table, label)
                    break
            else:
                result = None if stmt.orelse is None else self._block(stmt.orelse, program, seat, table, label)
            if result is not None:
                return result
        return None

    def condition(self, cond, program: Program, seat: int, table: Table, outcome_is=None) -> bool:
        """A condition's value for `program` in `seat` of `table`; `outcome_is(ref)`
        decides `outcome == ref` in csr guards."""
        self.charge()
        kind = type(cond)
        if kind is ast.OpponentEq or kind is ast.OpponentNe:  # the common case first
            ref = cond.ref
            code = (program if type(ref) is ast.SelfRef else program.refs[ref.name.text]).code
            equal = kind is ast.OpponentEq
            if cond.who.quantifier is THE:  # 2 players: no closure on the hottest path
                return (table[1 - seat].code == code) == equal
            return self._quantified(cond.who, seat, table, lambda q: (q.code == code) == equal)
        if kind is ast.Or:
            return any(self.condition(c, program, seat, table, outcome_is) for c in cond.operands)
        if kind is ast.And:
            return all(self.condition(c, program, seat, table, outcome_is) for c in cond.operands)
        if kind is ast.Not:
            return not self.condition(cond.operand, program, seat, table, outcome_is)
        if kind is ast.OpponentIs:
            return self._quantified(cond.who, seat, table, lambda q: q.kind == cond.template)
        if kind is ast.Provable:
            return self.provability.holds(cond, program, seat, table)
        return outcome_is(cond.ref) == (kind is ast.OutcomeEq)

    def _quantified(self, who: ast.Opponents, seat: int, table: Table, test) -> bool:
        """`test` of the opponent(s) that `who` reads (the seat checks made sure they exist)."""
        quantifier = who.quantifier
        if quantifier == ast.THE:
            return test(table[1 - seat])
        if quantifier == ast.SEAT:
            return test(table[self.game.players.index(who.player.text)])
        found = (test(q) for q in others(table, seat))
        return all(found) if quantifier == ast.EVERY else any(found)


def _template_verdict(table: Table, seat: int, both: bool) -> str:
    """Line 1 of the algorithms, from one seat: do the counterparts follow its template?"""
    rest, kind = others(table, seat), table[seat].kind
    if kind == ICSR:
        kind = f"icsr ({len(table[seat].rounds)}-round)"
    if len(rest) == 1:
        return f"counterpart {rest[0].name} {'follows' if both else 'does not follow'} the {kind} template"
    return f"counterparts {names(rest)} {'follow' if both else 'do not all follow'} the {kind} template"


def _play_step(label: str, stmt: ast.Play) -> tuple[str, str]:
    return f"{label} play {stmt.action.text}", _line(stmt)


def _mix_step(label: str, stmt: ast.PlayMix, mix: Dist) -> tuple[str, str]:
    return f"{label} play mix {format_mix(mix)}", _line(stmt)


def _branch_step(label: str, branch, program: Program, value: bool, seat: int, table: Table,
                 players: tuple[str, ...]) -> tuple[str, str]:
    rest = others(table, seat)
    shown = (f"opponent is {rest[0].name}" if len(rest) == 1 else
             "opponents " + ", ".join(f"{p} {q.name}" for p, q in zip(others(players, seat), rest)))
    return f"{label} {source_text(program, branch.cond.span)}: {'true' if value else 'false'} ({shown})", _line(branch)


def renegotiated(game: Game, program: Program, profile: tuple[str, ...]) -> Outcome:
    """rn_i(a) of a renegotiation program: its first matching map's target, else a."""
    i = program.map_index.first(profile)
    return game.pure(profile) if i is None else game.outcome_of(program.maps[i].target)


def evaluate_offer(game: Game, table: Table, seat: int, profile: tuple[str, ...], selection: str,
                   fuel: int) -> PayoffSet:
    """RN_i(RN_-i, a): the offer of the csr program in `seat` of `table` against the others
    at the default profile a, as line 3 of Algorithm 2 computes it in a match."""
    return _Run(game, selection, fuel, table).csr.offer(table[seat], seat, table, profile)


def evaluate_round_offer(game: Game, table: Table, seat: int, k: int, profile: tuple[str, ...],
                         selection: str, fuel: int) -> PayoffSet:
    """RN_i^(k): the round-k offer (k from 0) of the icsr program in `seat` of `table`
    against the others, with the realized default profile as the current outcome."""
    run = _Run(game, selection, fuel, table)
    return run.csr.offer(Algorithm3(run.csr).view(table[seat], k), seat, table, profile)


def _product(dists: list[Dist]):
    """The joint distribution of independent choices, as (profile, probability) pairs."""
    pairs = [((a,), p) for a, p in dists[0].items()]
    for dist in dists[1:]:
        pairs = [(profile + (a,), p * q) for profile, p in pairs for a, q in dist.items()]
    return pairs


def _line(node) -> str:
    return f"{node.span.path}:{node.span.line}"


def format_mix(mix: Dist) -> str:
    """`{A: 1/3, B: 2/3}`."""
    return "{" + ", ".join(f"{a}: {p}" for a, p in mix.items()) + "}"
