"""Assumptions 4 and 8 in their n-player form (the paper's Appendix A), checked on the
programs at hand in games of 3 or more players (2-player games: assumptions.py).

For player i with beliefs beta_i over profiles q_-i of the others' programs:
- 4(1): for a renegotiation program r of i and q_-i in the support such that the programs
  of (r, q_-i) do not renegotiate with each other (not every q_j is a renegotiation
  program with rn_j(a(p^def)) = rn(a(p^def))), every other player's q_j responds to
  (r, the rest) as to (r's default, the rest);
- 4(2): if moreover every q_j is a renegotiation program, r's default responds to q_-i
  as to the profile of their defaults (required when r's default is used in a subjective
  equilibrium);
- 8(i): a non-csr program q of player j != i in the support of beta_i, or a best response
  of j, responds to every profile of csr programs in the seats other than j (i's csr
  programs at hand in seat i; in the others, their csr programs at hand and those beta_i
  believes in) as to the profile of their defaults;
- 8(ii): for q_-i in the support, all csr, and a csr candidate c of i with PMP-extension
  c': for every j != i and every pure default profile a, q_j's offer in (c', q_-i) is its
  offer in (c, q_-i) plus at most points of PMP_i(a(c, q_-i)) (assumption8ii.py).
A response is the action distribution of the responder's seat (the marginal of the
match)."""

from __future__ import annotations

import itertools

from spi_lang.analysis.assumption8ii import assumption8ii
from spi_lang.analysis.assumptions import ALWAYS_UNCHECKED, gap_notes, programs_at_hand, pure_only, used_default
from spi_lang.analysis.findings import HOLDS, UNCONSTRAINED, VIOLATED, Assumptions, Finding, shown_response
from spi_lang.analysis.session import Session
from spi_lang.analysis.utilities import Belief
from spi_lang.engine.interpreter import renegotiated
from spi_lang.geometry.text import format_profile
from spi_lang.load.programs import CSR, RENEGOTIATION, Program

MAX_8I_TABLES = 64  # profiles of csr programs checked per responder in 8(i)

N_PLAYER_UNCHECKED = (
    "With 3 or more players a response is the marginal action distribution of one seat; "
    "correlation between the seats' actions is not compared.",
)


def check_assumptions_n(session: Session, beliefs: dict[int, Belief], candidates, results,
                        transform, extensions: dict[Program, Program]) -> Assumptions:
    """Check Assumptions 4 and 8 (n-player form) for every player with candidates and beliefs."""
    findings: list[Finding] = []
    notes: list[str] = []
    done: set = set()
    for seat in sorted(results):
        belief, mine = beliefs[seat], candidates[seat]
        renegotiating = programs_at_hand(mine, transform, RENEGOTIATION)
        csrs = programs_at_hand(mine, transform, CSR)
        best = set(results[seat].best_responses)
        findings += [f for r in renegotiating for q, _ in belief.support
                     for f in _assumption4(session, belief, r, q, best, mine)]
        found, gap = _assumption8i(session, belief, candidates, results, transform, done)
        findings += found
        notes += gap
        believed_csr = [q for q, _ in belief.support if all(x.kind == CSR for x in q)]
        findings += [f for c in mine if c.kind == CSR and c in extensions for q in believed_csr
                     for f in assumption8ii(session, belief, c, extensions[c], q)]
        notes += gap_notes(belief, renegotiating, csrs, mine, believed_csr, extensions)
    return Assumptions(tuple(findings), tuple(notes) + pure_only(findings) + N_PLAYER_UNCHECKED
                       + ALWAYS_UNCHECKED)


def _renegotiate(session: Session, r: Program, seat: int, others: tuple[Program, ...]) -> bool:
    """Whether every other program is a renegotiation program agreeing with r on rn(a) at
    a realized default profile a."""
    if not all(q.kind == RENEGOTIATION for q in others):
        return False
    game = session.game
    a = session.seated(r.default, seat, tuple(q.default for q in others)).outcome
    return any(all(renegotiated(game, q, profile) == renegotiated(game, r, profile) for q in others)
               for profile, _ in a.support)


def _assumption4(session: Session, belief: Belief, r: Program, others: tuple[Program, ...],
                 best: set[str], mine: list[Program]):
    i, d, shown = belief.seat, r.default, _names(others)
    if _renegotiate(session, r, i, others):
        yield Finding("4", belief.player, shown, r.name, UNCONSTRAINED,
                      f"{r.name} and {shown} renegotiate with each other")
        return
    yield _assumption41(session, belief, r, others)
    if not all(q.kind == RENEGOTIATION for q in others):
        return
    defaults = tuple(q.default for q in others)
    to_them, to_defaults = session.response(d, i, others), session.response(d, i, defaults)
    if to_them == to_defaults:
        yield Finding("4(2)", belief.player, shown, r.name, HOLDS,
                      f"{d.name} plays {shown_response(to_them)} against {shown} and their defaults")
        return
    detail = (f"{d.name} plays {shown_response(to_them)} against {shown} but {shown_response(to_defaults)} against "
              f"their defaults {_names(defaults)}")
    yield Finding("4(2)", belief.player, shown, r.name, *used_default(d, best, mine, detail))


def _assumption41(session: Session, belief: Belief, r: Program, others: tuple[Program, ...]) -> Finding:
    """Every q_j against (r, the rest) and against (r's default, the rest)."""
    i, d, shown = belief.seat, r.default, _names(others)
    with_r, with_d = session.seated(r, i, others), session.seated(d, i, others)
    for j, q in zip(belief.others(), others):
        to_r, to_d = session.marginal(with_r, j), session.marginal(with_d, j)
        if to_r != to_d:
            return Finding("4(1)", belief.player, shown, r.name, VIOLATED,
                           f"in {shown}, {q.name} ({session.game.players[j]}) plays {shown_response(to_r)} "
                           f"against {r.name} but {shown_response(to_d)} against its default {d.name}")
    return Finding("4(1)", belief.player, shown, r.name, HOLDS,
                   f"every program of {shown} plays against {r.name} as against its default {d.name}")


def _assumption8i(session: Session, belief: Belief, candidates, results, transform, done: set):
    """8(i) for the non-csr responders of every other seat; the findings and the gaps."""
    findings, notes = [], []
    i, players = belief.seat, session.game.players
    for j in belief.others():
        responders = [q for q, k in belief.seated() if k == j]
        if j in results:
            responders += [p for p in candidates[j] if p.name in results[j].best_responses]
        responders = [q for q in dict.fromkeys(responders) if q.kind != CSR]
        if not responders:
            continue
        seats = [k for k in range(len(players)) if k != j]
        believed = [[q for q, seat in belief.seated() if seat == k and q.kind == CSR] for k in seats]
        csrs = [list(dict.fromkeys(programs_at_hand(candidates[k], transform, CSR) + (b if k != i else [])))
                for k, b in zip(seats, believed)]
        if not csrs[seats.index(i)]:
            continue  # no csr program of player i: reported by gap_notes
        if not all(csrs):
            missing = ", ".join(players[k] for k, c in zip(seats, csrs) if not c)
            notes.append(f"Assumption 8(i) for {belief.player} ({belief.name}), responses of "
                         f"{players[j]}: no csr program at hand for {missing} to complete a profile.")
            continue
        tables = list(itertools.islice(itertools.product(*csrs), MAX_8I_TABLES + 1))
        if len(tables) > MAX_8I_TABLES:
            notes.append(f"Assumption 8(i) for {belief.player} ({belief.name}): only the first "
                         f"{MAX_8I_TABLES} profiles of csr programs are checked against {players[j]}.")
        for q in responders:
            for csr_profile in tables[:MAX_8I_TABLES]:
                if (q, j, csr_profile) not in done:
                    done.add((q, j, csr_profile))
                    findings.append(_compare8i(session, belief, q, j, csr_profile))
    return findings, notes


def _compare8i(session: Session, belief: Belief, q: Program, j: int, others: tuple[Program, ...]) -> Finding:
    defaults = tuple(c.default for c in others)
    to_them, to_defaults = session.response(q, j, others), session.response(q, j, defaults)
    shown, player = _names(others), session.game.players[j]
    if to_them == to_defaults:
        return Finding("8(i)", belief.player, q.name, shown, HOLDS,
                       f"{q.name} ({player}) plays {shown_response(to_them)} against {shown} and their defaults")
    return Finding("8(i)", belief.player, q.name, shown, VIOLATED,
                   f"{q.name} ({player}) plays {shown_response(to_them)} against {shown} but "
                   f"{shown_response(to_defaults)} against their defaults {_names(defaults)}")


def _names(programs: tuple[Program, ...]) -> str:
    return format_profile(tuple(p.name for p in programs))

