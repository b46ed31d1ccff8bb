"""Algorithm 2 of the paper: conditional set-valued renegotiation. Each side's offer
RN_i(RN_j, a) is the union of its clauses whose guard holds, cut to the weak Pareto
improvements on a; the agreement set is their intersection, and the selection function
picks the point both play (as the canonical outcome). `offers(NAME)` and `result(NAME)`
evaluate other programs in this program's seat against the same counterpart; evaluations
in progress are tracked so that a program whose offer depends on itself is an error that
names the chain instead of a hang."""

from __future__ import annotations

from typing import Protocol

from spi_lang.geometry.constant_sets import constant_set, coords
from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.selection import canonical_outcome, select
from spi_lang.geometry.sets import MAX_INTERSECTIONS, MAX_PIECES, PayoffSet, Piece, SetTooLarge
from spi_lang.geometry.text import format_outcome, format_set, format_vector
from spi_lang.load.programs import PRN, SWITCH, Program
from spi_lang.syntax import ast
from spi_lang.syntax.errors import SpiError

MAX_NESTING = 64
Profile = tuple[str, ...]
Table = tuple[Program, ...]


class Run(Protocol):
    """What Algorithm 2 needs from the match it is part of (the interpreter's run): the
    game, fuel, the trace, nested matches and base-program conditions."""

    game: Game
    depth: int
    both: str

    def charge(self, units: int = 1) -> None: ...

    def say(self, depth: int, where: str, text, source="") -> None: ...

    def match(self, table: Table) -> Outcome: ...

    def condition(self, cond, program: Program, seat: int, table: Table, outcome_is=None) -> bool: ...


class Algorithm2:
    """The csr part of one match: offers, agreement, selection, nested evaluations. Every
    evaluation is for one program in one seat of a table (the programs of the seats)."""

    def __init__(self, run: Run, selection: str) -> None:
        self.run = run
        self.game = run.game
        self.selection = selection
        self.active: list[tuple[tuple, str, object]] = []  # (key, label, node) in progress
        self.results: dict[tuple, Outcome] = {}
        self.offers: dict[tuple, PayoffSet] = {}  # offers are pure too: evaluate each once

    def at(self, table: Table, profile: Profile, pad: int) -> Outcome:
        """Lines 3-6 for one realized default profile a."""
        say = self.run.say
        offers, agreement, point, outcome = self.agree(table, profile)
        if all_prn(table):
            say(pad, "Alg. 2 (PRN)", lambda: f"every program is PRN: reference outcome a^def = "
                f"{format_outcome(self.reference_outcome(table, profile))}; each adds PMP_i(a^def)")
        elif as_references(table) is not table:
            say(pad, "Alg. 2 (PRN)", "not every program is PRN: each PRN program negotiates as its reference")
        for seat, (program, offer) in enumerate(zip(table, offers)):
            say(pad, "Alg. 2, line 3", lambda: f"RN_{seat + 1} ({program.name}) = {format_set(offer)}")
        say(pad, "Alg. 2, line 3", lambda: f"agreement set I = {format_set(agreement)}")
        if point is None:
            say(pad, "Alg. 2, line 6", f"I is empty: {self.run.both} play their part of a")
        else:
            say(pad, "Alg. 2, line 5", lambda: f"sel(I) = {format_vector(point)} ({self.selection}), "
                f"played as {format_outcome(outcome)}")
        return outcome

    def agree(self, table: Table, profile: Profile, selection: str | None = None,
              views: Table | None = None):
        """Lines 3-6 without the trace: every seat's offer, the agreement set I, the
        point `selection` (by default the match's) selects (None when I is empty) and the
        outcome played. `views` give the programs whose clauses make the offers
        (Algorithm 3's rounds); `table` is what their conditions read."""
        table = as_references(table)
        offers = tuple(self.offer(p, seat, table, profile) for seat, p in enumerate(views or table))
        try:
            agreement = offers[0]
            for offer in offers[1:]:
                agreement = agreement.intersect(offer, self.run.charge)
        except self.game.space.too_large as exc:
            raise SpiError(f"the agreement set of {_and(table)} is too large to compute "
                           f"({exc.args[0]}); at most {MAX_PIECES} pieces per set and "
                           f"{MAX_INTERSECTIONS} piece pairs per intersection",
                           table[0].decl.name.span) from None
        if agreement.empty:
            return offers, agreement, None, self.now(profile)
        point = select(selection or self.selection, self.game, agreement, self.run.charge)
        return offers, agreement, point, canonical_outcome(self.game, point, self.run.charge)

    def offer(self, program: Program, seat: int, table: Table, profile: Profile,
              node=None) -> PayoffSet:
        """RN_i(RN_-i, a) of `program` in `seat` against the others of `table` at default
        profile a."""
        plain = as_references(table)
        if plain is not table:
            return self.offer(program.reference if program.wrapper == PRN else program, seat, plain, profile, node)
        rest = table[:seat] + table[seat + 1:]
        key = ("offer", program, seat, rest, profile)
        if key in self.offers:
            return self.offers[key]
        label = f"the offer of {program.name} ({self.game.players[seat]}) against {_names(rest)}"
        with self._entered(key, label, node):
            if program.reference is not None:
                self.offers[key] = self._wrapped_offer(program, seat, table, profile)
                return self.offers[key]
            pieces: list[Piece] = []
            for clause in program.offers:
                if clause.guard is None or self._guard(clause.guard, program, seat, table, profile):
                    try:
                        pieces += self._set(clause.set, program, seat, table, profile).pieces
                        if len(pieces) > MAX_PIECES:
                            raise SetTooLarge(f"{len(pieces)} pieces")
                    except self.game.space.too_large as exc:
                        raise SpiError(f"this offer is too large to compute ({exc}); at most "
                                       f"{MAX_PIECES} pieces per set and {MAX_INTERSECTIONS} "
                                       "piece pairs per intersection", clause.span) from None
            charge = self.run.charge
            space = self.game.space
            self.offers[key] = space.of(pieces, charge).clip(
                space.above(self.game.expected(self.now(profile))), charge)
            return self.offers[key]

    def _wrapped_offer(self, program: Program, seat: int, table: Table, profile: Profile) -> PayoffSet:
        """A wrapper's offer. Against programs all wrapped alike: a PRN program (the revised
        construction, prn_revision.tex) offers its csr program's offer against theirs plus
        PMP_i(a^def), a^def the reference renegotiation outcome; a switched program
        (Appendix B) only the point its old selection picks from their csr programs'
        agreement set. Against any other csr program: its csr program's offer, exactly (a
        PRN program never gets here then: `as_references` has replaced it)."""
        if not all(p.wrapper == program.wrapper for p in table):
            return self.offer(program.reference, seat, table, profile)
        refs = tuple(p.reference for p in table)
        charge, space = self.run.charge, self.game.space
        if program.wrapper == PRN:
            base = self.offer(program.reference, seat, refs, profile)
            extra = self.game.pmp_set(seat, self.reference_outcome(table, profile))
            return space.of([*base.pieces, *extra.pieces], charge).clip(
                space.above(self.game.expected(self.now(profile))), charge)
        point = self.agree(refs, profile, program.wrapper[len(SWITCH):])[2]
        return space.empty() if point is None else space.points([point], charge)

    def reference_outcome(self, table: Table, profile: Profile) -> Outcome:
        """a^def of a table of PRN programs: sel(I^def), I^def the agreement set of their
        reference programs at default profile a, or a itself when I^def is empty."""
        return self.agree(tuple(p.reference for p in table), profile)[3]

    def result(self, program: Program, seat: int, table: Table, node) -> Outcome:
        """The outcome of `program` in `seat` against the others of `table`."""
        rest = table[:seat] + table[seat + 1:]
        key = ("result", program, seat, rest)
        if key not in self.results:
            label = f"result({program.name}) in seat {seat + 1} against {_names(rest)}"
            with self._entered(key, label, node):
                self.run.say(0, "", f"{label}:")
                self.run.depth += 1
                try:
                    self.results[key] = self.run.match(table[:seat] + (program,) + table[seat + 1:])
                finally:
                    self.run.depth -= 1
        return self.results[key]

    def now(self, profile) -> Outcome:
        """The outcome renegotiated from: a realized default profile, or (in the later
        rounds of Algorithm 3) the outcome of the round before."""
        return profile if type(profile) is Outcome else self.game.pure(profile)

    def _entered(self, key: tuple, label: str, node):
        return _Entered(self, key, label, node)

    def _guard(self, cond, program: Program, seat: int, table: Table, profile: Profile) -> bool:
        def outcome_is(ref) -> bool:
            return self.now(profile) == self._outcome(ref, program, seat, table, profile)
        return self.run.condition(cond, program, seat, table, outcome_is)

    def _outcome(self, ref, program: Program, seat: int, table: Table, profile: Profile) -> Outcome:
        if isinstance(ref, ast.CurrentOutcome):
            return self.now(profile)
        if isinstance(ref, ast.Result):
            return self.result(program.refs[ref.name.text], seat, table, ref)
        return self.game.outcome_of(ref)

    def _set(self, expr, program: Program, seat: int, table: Table, profile: Profile) -> PayoffSet:
        self.run.charge()
        game, space = self.game, self.game.space
        args = (program, seat, table, profile)
        if isinstance(expr, ast.SetUnion):  # one pass over all pieces, not one per operand
            return space.of((p for e in expr.operands for p in self._set(e, *args).pieces), self.run.charge)
        if isinstance(expr, ast.SetIntersect):
            sets = [self._set(e, *args) for e in expr.operands]
            result = sets[0]
            for other in sets[1:]:
                result = result.intersect(other, self.run.charge)
            return result
        if isinstance(expr, ast.OffersSet):
            return self.offer(program.refs[expr.name.text], seat, table, profile, expr)
        if isinstance(expr, ast.PmpSet):
            return game.pmp_set(seat, self._outcome(expr.outcome, *args))
        if isinstance(expr, ast.OutcomeSet):
            return space.points((game.expected(self._outcome(o, *args)) for o in expr.outcomes), self.run.charge)
        if isinstance(expr, ast.HullSet):
            return space.hull(self._point(i, *args) for i in expr.items)
        return constant_set(self.game, expr, self.run.charge)

    def _point(self, item, *args):
        if isinstance(item, ast.Coords):
            return coords(item)
        return self.game.expected(self._outcome(item, *args))

def all_prn(table: Table) -> bool:
    """Whether every program of the table is a PRN program (the revised construction)."""
    return all(p.wrapper == PRN for p in table)


def as_references(table: Table) -> Table:
    """The table Algorithm 2 negotiates with: when some but not all programs are PRN, each
    PRN program replaced by its reference (prn_revision.tex: then every set is that of the
    base/reference functions, RN^i(RN^-i, a), so no csr program can tell a PRN program from
    its reference); otherwise `table` itself."""
    if all_prn(table) or not any(p.wrapper == PRN for p in table):
        return table
    return tuple(p.reference if p.wrapper == PRN else p for p in table)


def _names(programs) -> str:
    return ", ".join(p.name for p in programs)


def _and(programs) -> str:
    """`A and B`, `A, B and C`."""
    shown = [p.name for p in programs]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


class _Entered:
    """Marks an evaluation as in progress; entering one that already is, is an error."""

    def __init__(self, owner: Algorithm2, key: tuple, label: str, node) -> None:
        self.owner, self.key, self.label, self.node = owner, key, label, node

    def __enter__(self):
        active = self.owner.active
        chain = [label for _, label, _ in active]
        # Point at the expression that re-entered, or else at the innermost one in progress.
        nodes = [self.node] + [node for _, _, node in reversed(active)]
        span = next((n.span for n in nodes if getattr(n, "span", None) is not None), None)
        if any(key == self.key for key, _, _ in active):
            raise SpiError("this evaluation depends on itself: " + " -> ".join(chain + [self.label]), span)
        if len(active) >= MAX_NESTING:
            raise SpiError(f"evaluation is nested more than {MAX_NESTING} levels deep: "
                           + " -> ".join(chain[:3] + ["..."] + chain[-3:]), span)
        active.append((self.key, self.label, self.node))
        return self

    def __exit__(self, *exc) -> None:
        self.owner.active.pop()
