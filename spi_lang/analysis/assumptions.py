"""The parts of Assumptions 4 and 8 that can be checked on the programs at hand.

For player i with beliefs beta_i (over player j's programs):
- 4(1): each program q in beta_i's support that does not renegotiate with a renegotiation
  program r of player i responds to r as to r's default;
- 4(2): if q is a renegotiation program, r's default responds to q as to q's default
  (required when r's default is used in a subjective equilibrium; the paper's Assumption
  4(2), the case Proposition 2's proof needs);
- 8(i): each non-csr program in beta_i's support, and each non-csr best response of
  player j, responds to a csr program c of player i as to c's default;
- 8(ii): each csr program q in beta_i's support offers, at every pure default profile a,
  the PMP-extension of a csr candidate c what it offers c, plus at most points of
  PMP_i(a(c, q)) (assumption8ii.py, shared with the n-player form).
"Programs at hand" are player i's candidates and their images under the transform; a
response is the action distribution a program plays (the marginal of the match)."""

from __future__ import annotations

from spi_lang.analysis.assumption8ii import PURE_ONLY, assumption8ii
from spi_lang.analysis.findings import (HOLDS, UNCONSTRAINED, UNKNOWN, VIOLATED, Assumptions, Finding,
                                        shown_response)
from spi_lang.analysis.session import Session
from spi_lang.analysis.transforms import Transform
from spi_lang.analysis.utilities import Belief, PlayerAnalysis
from spi_lang.engine.interpreter import renegotiated
from spi_lang.load.programs import CSR, RENEGOTIATION, Program

ALWAYS_UNCHECKED = (
    "Assumptions 4 and 8 speak of every renegotiation and csr program; only the programs at "
    "hand are checked (each player's candidates and their images under the transform).",
    "'Used in a subjective equilibrium' (4(2), 8(i)) is decided over the candidate sets: a "
    "program counts when it is a best response among its player's candidates.",
    "Programs outside the beliefs' support (other than best responses, for 8(i)) are not checked.",
    "Theorem 3 also assumes a transitive selection function (every built-in one is) and "
    "continuous action sets (spilang plays every point of F as a correlated lottery).",
)


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
        findings += [f for c in mine if c.kind == CSR and c in extensions for q in believed_csr
                     for f in assumption8ii(session, belief, c, extensions[c], (q,))]
        notes += gap_notes(belief, renegotiating, csrs, mine, believed_csr, extensions)
        if csrs and not responders:
            notes.append(f"Assumption 8(i) for {belief.player} ({belief.name}): every program in the "
                         "support and every best response of the other player is a csr program, "
                         "which 8(i) does not constrain.")
    return Assumptions(tuple(findings), tuple(notes) + pure_only(findings) + ALWAYS_UNCHECKED)


def pure_only(findings: list[Finding]) -> tuple[str, ...]:
    """The note that 8(ii) was checked at pure default profiles only, when it was checked."""
    return (PURE_ONLY,) if any(f.assumption == "8(ii)" for f in findings) else ()


def programs_at_hand(programs: list[Program], transform: Transform | None, kind: str) -> list[Program]:
    """A player's programs of one template: candidates, then their images."""
    found = [p for p in programs if p.kind == kind]
    if transform is not None:
        found += [transform.apply(p) for p in programs if transform.changes(p)]
    return [p for p in dict.fromkeys(found) if p.kind == kind]


def _assumption4(session: Session, belief: Belief, r: Program, best: set[str], mine: list[Program]):
    i, j = belief.seat, 1 - belief.seat
    for q, _ in belief.support:
        if q.kind == RENEGOTIATION and _renegotiate(session, r, i, q):
            yield Finding("4", belief.player, q.name, r.name, UNCONSTRAINED,
                          f"{q.name} and {r.name} renegotiate with each other")
            continue
        yield _compare(session, "4(1)", belief, q, j, r)
        if q.kind != RENEGOTIATION:
            continue
        yield _assumption42(session, belief, r, q, best, mine)


def _assumption42(session: Session, belief: Belief, r: Program, q: Program, best: set[str],
                  mine: list[Program]) -> Finding:
    """4(2): r's default against the renegotiation program q and against q's default."""
    d, i = r.default, belief.seat
    to_q, to_default = session.response(d, i, q), session.response(d, i, q.default)
    if to_q == to_default:
        return Finding("4(2)", belief.player, q.name, r.name, HOLDS,
                       f"{d.name} plays {shown_response(to_q)} against {q.name} and its default {q.default.name}")
    detail = (f"{d.name} plays {shown_response(to_q)} against {q.name} but {shown_response(to_default)} "
              f"against its default {q.default.name}")
    return Finding("4(2)", belief.player, q.name, r.name, *used_default(d, best, mine, detail))


def used_default(d: Program, best: set[str], mine: list[Program], detail: str) -> tuple[str, str]:
    """A 4(2) difference binds only if r's default d is used in a subjective equilibrium,
    decided over the candidates: the status and the detail."""
    if d.name in best:
        return VIOLATED, detail
    if d in mine:
        return HOLDS, detail + f"; allowed, since {d.name} is not a best response among the candidates"
    return UNKNOWN, detail + f"; a violation if {d.name} is used in a subjective equilibrium (it is not a candidate)"


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


def gap_notes(belief: Belief, renegotiating, csrs, mine, believed_csr, extensions=None) -> list[str]:
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
    elif extensions is not None and not extensions:
        notes.append(f"Assumption 8(ii) {who}: not needed by the revised construction (pmp:revised), "
                     "whose PRN programs add their PMP only against PRN programs.")
    elif not believed_csr:
        notes.append(f"Assumption 8(ii) {who}: no csr program in the beliefs' support.")
    return notes
