"""Best responses over every program the language can express (issue 12, item 5). A
counterpart sees of a program p only its *appearance* (docs/theory.md, "Best responses
over all programs"): whether p's code equals a code it (or a program it runs) compares
with, and else p's template. So the supremum is the best of: every *copy* of a compared
program; a fresh base program (a best action per believed profile); a fresh
renegotiation, csr or icsr program, with a default searched per code profile and the
best maps (renegotiation_witness.py), csr offers, or icsr round offers (icsr_witness.py).
What cannot be optimised over is reported in `notes`, never guessed."""

from __future__ import annotations

import itertools
from fractions import Fraction

import attrs

from spi_lang.analysis.session import Session, seat_table
from spi_lang.analysis.utilities import Belief
from spi_lang.analysis.icsr_witness import matching, round_offers
from spi_lang.analysis.observed import behaviour_read, compared, reachable, unknown_constructs
from spi_lang.analysis.renegotiation_witness import best_maps
from spi_lang.analysis.witness import Writer
from spi_lang.analysis import witness as text
from spi_lang.engine.interpreter import evaluate_offer, renegotiated
from spi_lang.geometry.selection import select
from spi_lang.load.checks.csr import programs_run_by
from spi_lang.load.checks.in_game import seat_errors
from spi_lang.load.programs import BASE, CSR, ICSR, RENEGOTIATION, Program
from spi_lang.syntax import ast

MAX_RESPONSE_FUNCTIONS = 729  # pure response functions of a witness's default tried per template

Others = tuple[Program, ...]


@attrs.frozen
class Appearance:
    """The best program of one appearance: its expected utility and witness source."""

    label: str          # e.g. "fresh csr program", "copy of Hardline1"
    value: Fraction
    source: str         # declarations, without imports
    name: str           # the witness program's name in `source`


@attrs.frozen
class AllProgramsBest:
    """A player's best response over all programs: the supremum (attained by `witness`),
    the witness as .spi source, its payoff against each believed profile (in the beliefs'
    order) and what could not be optimised over (empty: the value is exact)."""

    player: str
    seat: int
    beliefs: str
    value: Fraction
    witness: str
    witness_source: str
    label: str
    payoffs: tuple[Fraction, ...]
    appearances: tuple[tuple[str, Fraction], ...]
    not_optimised: tuple[str, ...]

    @property
    def exact(self) -> bool:
        return not self.not_optimised


def best_over_all_programs(session: Session, belief: Belief, keep=(), sandbox: str | None = None) -> AllProgramsBest:
    """The supremum of `belief`'s player's expected utility over every program, with a
    witness program that attains it (played against each believed profile to check).
    `keep`: programs outside the project (a transform's images) whose codes must stay
    comparable with the witness's; `sandbox` is the one the files were loaded with."""
    search = _Search(session, belief, keep)
    found = [a for a in search.appearances() if a is not None]
    best = max(found, key=lambda a: a.value)
    payoffs = _verify(session, belief, best, sandbox)
    return AllProgramsBest(session.game.players[belief.seat], belief.seat, belief.name, best.value,
                           best.name, text.imports(session.project) + best.source, best.label, payoffs,
                           tuple((a.label, a.value) for a in found), tuple(dict.fromkeys(search.notes)))


def _verify(session: Session, belief: Belief, best: Appearance, sandbox) -> tuple[Fraction, ...]:
    """Load the witness through the loader and its checks and play it against each
    believed profile: its expected utility must be the value the search computed."""
    project = text.loaded(session.project, best.source, sandbox)
    again = Session(project, session.game, session.select, session.fuel)
    witness = project.programs[best.name]
    errors = seat_errors(witness, session.game, belief.seat)
    assert not errors, f"the witness does not fit its seat: {errors[0].message}"
    payoffs = []
    for entry, _ in belief.support:
        others = tuple(project.programs[q.name] for q in Belief.profile_of(entry))
        payoffs.append(again.payoff(witness, belief.seat, others))
    expected = sum((u * p for u, (_, p) in zip(payoffs, belief.support)), Fraction(0))
    assert expected == best.value, f"the witness gets {expected}, the search said {best.value}"
    return tuple(payoffs)


class _Search:
    """The appearances of one player's witness, each optimised."""

    def __init__(self, session: Session, belief: Belief, keep=()) -> None:
        self.session, self.game, self.seat = session, session.game, belief.seat
        self.player = self.game.players[self.seat]
        merged: dict[tuple, list] = {}
        for entry, p in belief.support:  # profiles with equal codes behave the same
            others = Belief.profile_of(entry)
            merged.setdefault(_codes(others), [others, Fraction(0)])[1] += p
        self.tables: list[tuple[Others, Fraction]] = [(o, p) for o, p in merged.values()]
        self.notes: list[str] = []
        self.reached = reachable(q for o, _ in self.tables for q in o)
        error = behaviour_read(self.reached)
        if error is not None:
            raise session.project.fail([error])
        self.keep = [*self.reached, *keep]
        self.checked = compared(self.reached)
        self.writer = Writer(session.project, self.game.players, self.seat)
        self.name = self.writer.fresh(f"BestResponse{self.seat + 1}")
        self.rounds_k: int | None = None  # an icsr witness with the counterparts' K rounds
        self.notes += unknown_constructs(self.reached)

    # -------------------------------------------------------------- appearances

    def appearances(self):
        """The best program of each appearance (None where there is none)."""
        yield from (self._copy(x) for x in self.checked)
        yield self._base()
        for kind in (RENEGOTIATION, CSR, ICSR):
            yield self._template(kind)
        for k in sorted({len(o[0].rounds) for o, _ in self.tables if all(q.kind == ICSR for q in o)}):
            yield self._icsr_matching(k)

    def _fresh(self, make):
        """The program of the first text `make(marks)` (marks = 0, 1, ...) whose code, and its
        default block's, no counterpart compares with; (None, None) if there is none."""
        for marks in range(3):
            source = make(marks)
            if source is None:
                break
            program = text.link(self.session.project, source, self.name, self.keep)
            compared_codes = {x.code for x in self.checked}  # after `link` assigned codes
            parts = [program] + ([program.default] if program.default not in self.checked else [])
            if not any(part.code in compared_codes for part in parts if part is not None):
                return program, source
        self.notes.append(f"a {make(0)[:40]!r}... witness whose code no counterpart compares with "
                          "could not be written")
        return None, None

    def _value(self, program: Program) -> Fraction:
        return sum((self.session.payoff(program, self.seat, o) * p for o, p in self.tables), Fraction(0))

    def _copy(self, program: Program) -> Appearance | None:
        if seat_errors(program, self.game, self.seat):
            return None
        return Appearance(f"copy of {program.name}", self._value(program), self._copy_source(program), self.name)

    def _copy_source(self, program: Program) -> str:
        """A witness with `program`'s code: its declaration under the witness's name (a
        name is not part of the code; `self` then means the witness, the same code)."""
        decl = program.decl
        if self.session.project.programs.get(program.name) is not program:  # an anonymous block
            return f"program {self.name} {text.block_source(program)}\n"
        if isinstance(decl, ast.PmpExtension):
            return f"program {self.name} = pmp_extension({decl.base.text})\n"
        source = text.span_source(program.file.text, decl.span)
        return source.replace(decl.name.text, self.name, 1) + "\n"

    def _base(self) -> Appearance | None:
        """A fresh base program: a best action against each believed profile."""
        actions = self.game.actions[self.seat]
        probe, _ = self._fresh(lambda k: text.base_text(self.name, self.writer.respond([], actions[0], "  ", k)))
        if probe is None:
            return None
        choices, value = [], Fraction(0)
        for others, p in self.tables:
            action, u = self._best_action(probe, others)
            choices.append((others, action))
            value += p * u
        def make(k):
            body = self.writer.respond(choices, actions[0], "  ", k)  # may add named copies
            return self.writer.with_helpers(text.base_text(self.name, body))
        _, source = self._fresh(make)
        return None if source is None else Appearance("fresh base program", value, source, self.name)

    def _best_action(self, probe: Program, others: Others) -> tuple[str, Fraction]:
        """The first action that is best against the others' play against `probe`."""
        match = self.session.seated(probe, self.seat, others)
        best = None
        for action in self.game.actions[self.seat]:
            u = sum((p * self.game.payoff(_with(profile, self.seat, action))[self.seat]
                     for profile, p in match.outcome.support), Fraction(0))
            if best is None or u > best[1]:
                best = (action, u)
        return best

    # -------------------------------------------------------------- templates

    def _template(self, kind: str) -> Appearance | None:
        """The best fresh program of a template: a copied default, or the best pure
        response function (found part by part, see `_parts`), then the best maps or offers."""
        rounds = self.rounds_k or 1 + max((len(q.rounds) for o, _ in self.tables for q in o
                                           if q.kind == ICSR), default=0)
        contexts = self._contexts(kind)
        if contexts is None:
            return None
        candidates = [self._with_default(kind, ("copy", x), rounds) for x in self.checked
                      if x.kind == BASE and not seat_errors(x, self.game, self.seat)]
        responses = self._best_responses(kind, contexts, rounds)
        if responses is not None:
            candidates.append(self._with_default(kind, ("fresh", responses), rounds))
        found = [c for c in candidates if c is not None]
        return max(found, key=lambda a: a.value) if found else None

    def _best_responses(self, kind: str, contexts: list[list[Others]], rounds: int):
        """The default's best pure response to each code profile it meets. The believed
        profiles fall into parts that share no such code profile (all renegotiating ones in
        one part: their maps are shared); the value is a sum over the parts, so each part's
        response functions are tried alone (at most MAX_RESPONSE_FUNCTIONS each)."""
        actions, everything = self.game.actions[self.seat], self.tables
        chosen: dict[tuple, tuple] = {}
        try:
            for part in self._parts(kind, contexts):
                seen = list({_codes(o): o for k in part for o in contexts[k]}.values())
                if len(actions) ** len(seen) > MAX_RESPONSE_FUNCTIONS:
                    self.notes.append(f"fresh {kind} witnesses: their default meets {len(seen)} code "
                                      f"profiles together, {len(actions)}^{len(seen)} response functions, "
                                      f"more than the {MAX_RESPONSE_FUNCTIONS} this analysis tries")
                    return None
                self.tables = [everything[k] for k in part]
                best = None
                for choice in itertools.product(actions, repeat=len(seen)):
                    found = self._with_default(kind, ("fresh", list(zip(seen, choice))), rounds)
                    if found is not None and (best is None or found.value > best[0]):
                        best = (found.value, choice)
                if best is None:
                    return None
                chosen.update({_codes(o): (o, a) for o, a in zip(seen, best[1])})
        finally:
            self.tables = everything
        return list(chosen.values())

    def _parts(self, kind: str, contexts: list[list[Others]]) -> list[list[int]]:
        """The believed profiles (by index) in parts linked by shared code profiles."""
        owner = list(range(len(self.tables)))

        def root(k):
            while owner[k] != k:
                k = owner[k]
            return k
        first: dict[tuple, int] = {}
        renegotiating = [k for k, (o, _) in enumerate(self.tables) if self._renegotiates(o, kind)]
        for k, found in enumerate(contexts):
            links = [first.setdefault(_codes(o), k) for o in found]
            if kind == RENEGOTIATION and k in renegotiating:
                links.append(renegotiating[0])
            for j in links:
                owner[root(j)] = root(k)
        parts: dict[int, list[int]] = {}
        for k in range(len(self.tables)):
            parts.setdefault(root(k), []).append(k)
        return list(parts.values())

    def _renegotiates(self, others: Others, kind: str) -> bool:
        """Whether a fresh program of `kind` renegotiates with these others (an icsr
        witness: only with `rounds_k` rounds, the same as theirs; else it has a number of
        rounds that no counterpart has)."""
        if kind == ICSR:
            return self.rounds_k is not None and all(
                q.kind == ICSR and len(q.rounds) == self.rounds_k for q in others)
        return all(q.kind == kind for q in others)

    def _icsr_matching(self, rounds: int) -> Appearance | None:
        """The best icsr witness with the counterparts' K = `rounds` (icsr_witness.py)."""
        found = matching(self, rounds)
        return None if found is None else attrs.evolve(found, label=f"fresh icsr program, {rounds} rounds")

    def _contexts(self, kind: str) -> list[list[Others]] | None:
        """For each believed profile, the other seats' programs that the witness's default
        plays against (None when a csr counterpart's offer would read the witness's offers)."""
        found = []
        for others, _ in self.tables:
            if not self._renegotiates(others, kind):
                found.append([others])
                continue
            met = [tuple(q.default for q in others)]
            if kind == CSR:
                for k, q in enumerate(others):
                    for x in programs_run_by(q)[0]:
                        if x.kind == CSR:
                            self.notes.append(f"a fresh csr witness against {q.name}: its offers run "
                                              f"result({x.name}) of a csr program, which reads the "
                                              "witness's own offers (csr witnesses not optimised over)")
                            return None
                        met.append(others[:k] + (x,) + others[k + 1:])
                        self.notes.append(  # the offer is not linear in the default's mix there
                            f"a fresh csr witness against {q.name}: its offers run result({x.name}), "
                            "where the witness's default is searched over pure responses only")
            found.append(met)
        return found

    def _with_default(self, kind: str, default, rounds: int) -> Appearance | None:
        how, what = default
        if how == "copy":
            label = f"fresh {kind} program, default {what.name}"
            ident = self.writer.ident(what)
            def default_source(k):  # noqa: E306 (a copy: the marks go in the clauses)
                return f"  default {ident}\n"
        else:
            label = f"fresh {kind} program"
            def default_source(k):  # noqa: E306
                return text.default_text(self.writer.respond(what, self.game.actions[self.seat][0], "    ", k))
        def make(k, maps=(), offers=(), per_round=None):  # noqa: E306
            if how == "copy" and kind == RENEGOTIATION and k:
                return self._identity_mark(maps, default_source(0), k)
            extra = k if how == "copy" else 0
            source = {  # first: writing conditions may add named copies to the helpers
                RENEGOTIATION: lambda: text.renegotiation_text(self.name, default_source(k), list(maps)),
                CSR: lambda: text.csr_text(self.name, default_source(k), list(offers), extra),
                ICSR: lambda: text.icsr_text(self.name, default_source(k), rounds, extra, per_round)}[kind]()
            return self.writer.with_helpers(source)
        stub, _ = self._fresh(make)
        if stub is None:
            return None
        plain = sum((p * self.session.payoff(stub, self.seat, o) for o, p in self.tables
                     if not self._renegotiates(o, kind)), Fraction(0))
        if kind == ICSR and self.rounds_k is None:
            value, found = plain, {}
        elif kind == ICSR:
            value, found = round_offers(self, stub, plain)
        elif kind == RENEGOTIATION:
            value, found = self._maps(stub, plain)
        else:
            value, found = self._offers(stub, plain)
        if value is None:
            return None
        _, source = self._fresh(lambda k: make(k, **found))
        return None if source is None else Appearance(label, value, source, self.name)

    def _identity_mark(self, maps, default_source: str, k: int) -> str | None:
        """A renegotiation witness with a copied default made fresh: one more `map s -> s`
        at a profile that no map matches (it changes nothing); None past one."""
        used = {s for s, _ in maps}
        free = [s for s in self.game.profiles() if s not in used]
        if k > 1 or not free:
            return None
        marked = [*maps, (free[0], self.game.pure(free[0]))]
        return self.writer.with_helpers(text.renegotiation_text(self.name, default_source, marked))

    def _realized(self, stub: Program, kind: str):
        """(others, belief, profile, probability) for each realized default profile of the
        matches in which the witness renegotiates."""
        for others, p in self.tables:
            if self._renegotiates(others, kind):
                defaults = tuple(q.default for q in others)
                match = self.session.seated(stub.default, self.seat, defaults)
                for profile, q in match.outcome.support:
                    yield others, p, profile, q

    def _maps(self, stub: Program, plain: Fraction):
        """The best renegotiation function given the default (renegotiation_witness.py)."""
        rows = [(p * q, profile, [renegotiated(self.game, x, profile) for x in others])
                for others, p, profile, q in self._realized(stub, RENEGOTIATION)]
        found = best_maps(self.game, self.seat, rows)
        if found is None:
            return None, {}
        return plain + found[0], {"maps": found[1]}

    def _offers(self, stub: Program, plain: Fraction):
        """The best csr offers: against each counterpart profile and default profile, the
        point of the counterparts' joint offer that is best for the player."""
        value, offers = plain, []
        for others, p, profile, q in self._realized(stub, CSR):
            table = seat_table(stub, self.seat, others)
            joint = None
            for k, x in enumerate(table):
                if k == self.seat:
                    continue
                with self.session.project.failing():
                    offer = evaluate_offer(self.game, table, k, profile, self.session.select, self.session.fuel)
                joint = offer if joint is None else joint.intersect(offer)
            if joint.empty:
                value += p * q * self.game.payoff(profile)[self.seat]
                continue
            point = select(f"dictator:{self.player}", self.game, joint)
            value += p * q * point[self.seat]
            offers.append((self.writer.condition(others), profile, point))
        return value, {"offers": offers}


def _with(profile: tuple[str, ...], seat: int, action: str) -> tuple[str, ...]:
    return profile[:seat] + (action,) + profile[seat + 1:]


def _codes(programs: Others) -> tuple:
    """The programs' codes as canonical digests (`code` numbers change whenever codes are
    assigned again, as each written program is linked)."""
    return tuple(p.digest for p in programs)
