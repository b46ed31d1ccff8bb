"""The parts of Assumptions 4 and 8 that can be checked on the programs at hand.

For player i with beliefs beta_i (over player j's programs):
- 4(1): each program q in beta_i's support that does not renegotiate with a renegotiation
  program r of player i responds to r as to r's default;
- 4(2): if q is a renegotiation program, q's default responds to r as to r's default
  (required when r's default is used in a subjective equilibrium);
- 8(i): each non-csr program in beta_i's support, and each non-csr best response of
  player j, responds to a csr program c of player i as to c's default;
- 8(ii): each csr program q in beta_i's support offers, at every default profile a, the
  PMP-extension of a csr candidate c what it offers c, plus at most points of
  PMP_i(a(c, q)).
"Programs at hand" are player i's candidates and their images under the transform; a
response is the action distribution a program plays (the marginal of the match)."""

from __future__ import annotations

import attrs

from spi_lang.analysis.session import Session
from spi_lang.analysis.transforms import Transform
from spi_lang.analysis.utilities import Belief, PlayerAnalysis
from spi_lang.engine.interpreter import format_mix, renegotiated
from spi_lang.geometry.sets import PayoffSet, Piece
from spi_lang.geometry.text import format_profile, format_set
from spi_lang.load.programs import CSR, RENEGOTIATION, Program

HOLDS, VIOLATED, UNKNOWN, UNCONSTRAINED = "holds", "violated", "unknown", "not constrained"

ALWAYS_UNCHECKED = (
    "Assumptions 4 and 8 speak of every renegotiation and csr program; only the programs at "
    "hand are checked (each player's candidates and their images under the transform).",
    "'Used in a subjective equilibrium' (4(2), 8(i)) is decided over the candidate sets: a "
    "program counts when it is a best response among its player's candidates.",
    "Programs outside the beliefs' support (other than best responses, for 8(i)) are not checked.",
    "Theorem 3 also assumes a transitive selection function (every built-in one is) and "
    "continuous action sets (spilang plays every point of F as a correlated lottery).",
)


@attrs.frozen
class Finding:
    """One checked pair: does `responder` treat `program` as the assumption requires?"""

    assumption: str   # "4(1)", "4(2)", "8(i)" or "8(ii)"
    player: str       # player i, whose beliefs and programs these are
    responder: str    # player j's program whose response (or offer) is checked
    program: str      # player i's renegotiation or csr program
    status: str       # HOLDS, VIOLATED, UNKNOWN or UNCONSTRAINED
    detail: str


@attrs.frozen
class Assumptions:
    """Every pair checked, and what could not be checked."""

    findings: tuple[Finding, ...]
    not_checked: tuple[str, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings that are, or may be, violations."""
        return tuple(f for f in self.findings if f.status in (VIOLATED, UNKNOWN))


def check_assumptions(session: Session, beliefs: dict[int, Belief], candidates, results: dict[int, PlayerAnalysis],
                      transform: Transform | None, extensions: dict[Program, Program]) -> Assumptions:
    """Check Assumptions 4 and 8 for every player with candidates and beliefs."""
    findings: list[Finding] = []
    notes: list[str] = []
    for seat in sorted(results):
        belief, mine = beliefs[seat], candidates[seat]
        renegotiating = programs_at_hand(mine, transform, RENEGOTIATION)
        csrs = programs_at_hand(mine, transform, CSR)
        best = set(results[seat].best_responses)
        findings += [f for r in renegotiating for f in _assumption4(session, belief, r, best, mine)]
        responders = _responders_8i(belief, candidates[1 - seat], results.get(1 - seat))
        findings += [_compare(session, "8(i)", belief, q, 1 - seat, c) for c in csrs for q in responders]
        believed_csr = [q for q, _ in belief.support if q.kind == CSR]
        findings += [_assumption8ii(session, belief, c, extensions[c], q)
                     for c in mine if c.kind == CSR for q in believed_csr]
        notes += gap_notes(belief, renegotiating, csrs, mine, believed_csr)
        if csrs and not responders:
            notes.append(f"Assumption 8(i) for {belief.player} ({belief.name}): every program in the "
                         "support and every best response of the other player is a csr program, "
                         "which 8(i) does not constrain.")
    return Assumptions(tuple(findings), tuple(notes) + ALWAYS_UNCHECKED)


def programs_at_hand(programs: list[Program], transform: Transform | None, kind: str) -> list[Program]:
    """A player's programs of one template: candidates, then their images."""
    found = [p for p in programs if p.kind == kind]
    if transform is not None:
        found += [transform.apply(p) for p in programs if transform.changes(p)]
    return [p for p in dict.fromkeys(found) if p.kind == kind]


def _assumption4(session: Session, belief: Belief, r: Program, best: set[str], mine: list[Program]):
    i, j = belief.seat, 1 - belief.seat
    d = r.default
    for q, _ in belief.support:
        if q.kind == RENEGOTIATION and _renegotiate(session, r, i, q):
            yield Finding("4", belief.player, q.name, r.name, UNCONSTRAINED,
                          f"{q.name} and {r.name} renegotiate with each other")
            continue
        yield _compare(session, "4(1)", belief, q, j, r)
        if q.kind != RENEGOTIATION:
            continue
        found = _compare(session, "4(2)", belief, q.default, j, r)
        if found.status == VIOLATED and d.name not in best:
            used = d in mine
            found = attrs.evolve(found, status=HOLDS if used else UNKNOWN, detail=found.detail + (
                f"; allowed, since {d.name} is not a best response among the candidates" if used else
                f"; a violation if {d.name} is used in a subjective equilibrium (it is not a candidate)"))
        yield attrs.evolve(found, responder=q.name)


def _renegotiate(session: Session, r: Program, seat: int, q: Program) -> bool:
    """Whether two renegotiation programs agree on rn(a) at a realized default profile a."""
    game = session.game
    a = session.seated(r.default, seat, q.default).outcome
    return any(renegotiated(game, r, profile) == renegotiated(game, q, profile) for profile, _ in a.support)


def _responders_8i(belief: Belief, theirs: list[Program], their_results) -> list[Program]:
    """Non-csr programs of player j in the support of beta_i or best responses of j."""
    found = [q for q, _ in belief.support]
    if their_results is not None:
        found += [p for p in theirs if p.name in their_results.best_responses]
    return [q for q in dict.fromkeys(found) if q.kind != CSR]


def _compare(session: Session, label: str, belief: Belief, responder: Program, seat: int, program: Program) -> Finding:
    """`responder` in `seat` against `program` and against `program`'s default."""
    d = program.default
    to_program = session.response(responder, seat, program)
    to_default = session.response(responder, seat, d)
    if to_program == to_default:
        return Finding(label, belief.player, responder.name, program.name, HOLDS,
                       f"{responder.name} plays {shown_response(to_program)} against {program.name} and its default")
    return Finding(label, belief.player, responder.name, program.name, VIOLATED,
                   f"{responder.name} plays {shown_response(to_program)} against {program.name} but "
                   f"{shown_response(to_default)} against its default {d.name}")


def shown_response(response) -> str:
    """An action distribution as text: the action, or `mix {A: p, ...}`."""
    if len(response) == 1:
        return response[0][0]
    return "mix " + format_mix(dict(response))


def _assumption8ii(session: Session, belief: Belief, c: Program, ext: Program, q: Program) -> Finding:
    """q's offers against c's PMP-extension at every default profile a."""
    i, j, game = belief.seat, 1 - belief.seat, session.game
    ends = game.pmp(i, session.seated(c, i, q).outcome)
    projection = PayoffSet((Piece.hull(ends),)) if ends else PayoffSet()
    count = 0
    for profile in game.profiles():
        count += 1
        plain, extended = session.offer(q, j, c, profile), session.offer(q, j, ext, profile)
        if plain.within(extended) and extended.within(plain.union(projection)):
            continue
        what = "drops points of" if not plain.within(extended) else "adds points outside PMP to"
        return Finding("8(ii)", belief.player, q.name, ext.name, VIOLATED,
                       f"at a = {format_profile(profile)}, {q.name} offers {format_set(extended)} against "
                       f"{ext.name}, which {what} its offer {format_set(plain)} against {c.name} "
                       f"(PMP_{i + 1}(a(p)) = {format_set(projection)})")
    return Finding("8(ii)", belief.player, q.name, ext.name, HOLDS,
                   f"at all {count} default profiles, {q.name} offers {ext.name} what it offers "
                   f"{c.name}, plus at most points of PMP_{i + 1}(a(p)) = {format_set(projection)}")


def gap_notes(belief: Belief, renegotiating, csrs, mine, believed_csr) -> list[str]:
    """What could not be checked for one player, said plainly."""
    who = f"for {belief.player} ({belief.name})"
    notes = []
    if not renegotiating:
        notes.append(f"Assumption 4 {who}: no renegotiation program at hand (give renegotiation "
                     "candidates, or --transform renegotiate:NAME).")
    if not csrs:
        notes.append(f"Assumption 8(i) {who}: no csr program at hand (give csr candidates).")
    if not any(c.kind == CSR for c in mine):
        notes.append(f"Assumption 8(ii) {who}: no csr candidate to extend.")
    elif not believed_csr:
        notes.append(f"Assumption 8(ii) {who}: no csr program in the beliefs' support.")
    return notes
