"""Theorem 3's conclusion U(p') >= PMM, checked, and when it fails, why: which assumption
or condition of the reading in use does not hold. Also the condition of the revised
construction (PMP_1(a^def) & ... & PMP_n(a^def) nonempty), reported whenever a profile of
PRN programs is played, and Proposition 4's condition (PMP_i(a) inside RN^i at the
default outcome a), for `csr:NAME` images.

A `PmmCheck` is about one profile: its payoffs, the seats below their PMM payoff and the
reasons. The reasons are conditions of the paper's argument evaluated on the profile:
- every program must be a csr program (Theorem 3 first replaces any other by the csr
  program with it as default and no offers, Assumption 8(i); the transforms leave it);
- pure default profiles (spilang renegotiates per realized default profile, while a PMP
  is of an expected outcome);
- Definition 7 read literally (`pmp`): each extension c'_i adds PMP_i(a(c_i, p'_-i)), a
  different outcome per player; the proof's last step needs a point in all of them;
- the revised construction (`pmp:revised`): PMP_i(a^def) must intersect over i;
- Proposition 4 (`csr:NAME`): PMP_i(a) inside RN^i(RN^-i, a) for every player i."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.analysis.session import Session, seat_table
from spi_lang.analysis.transforms import CSR_TRANSFORM, PMP, PMP_REVISED, Transform
from spi_lang.engine.interpreter import negotiate, shared_template
from spi_lang.geometry.text import format_outcome, format_profile, format_set, format_vector
from spi_lang.load.programs import CSR, PRN, Program


@attrs.frozen
class PmmCheck:
    """One profile against the PMM: the seats below it, and what failed (or, for the
    revised construction, the intersection condition, reported either way)."""

    profile: tuple[str, ...]
    payoffs: tuple[Fraction, ...]
    below: tuple[int, ...]           # seats whose payoff is below their PMM payoff
    reasons: tuple[str, ...] = ()    # conditions that failed, when some seat is below (else ())
    conditions: tuple[str, ...] = ()  # the reading's own condition, holding or not (reported either way)


NONE_FAILED = ("none of the conditions checked fails (every program csr, pure defaults, and the "
               "reading's condition): a counterexample to the guarantee as spilang reads it")


def pmm_check(session: Session, table: tuple[Program, ...], transform: Transform | None = None,
              before: tuple[Program, ...] | None = None) -> PmmCheck:
    """Check U(table) >= PMM; `before` is the profile that `transform` mapped to `table`
    (without it, `table` is a profile before any transform, and no reason is sought)."""
    game = session.game
    payoffs = session.play(*table).payoffs
    below = tuple(i for i, (u, m) in enumerate(zip(payoffs, game.pmm)) if u < m)
    if before is None:
        return PmmCheck(tuple(p.name for p in table), payoffs, below)
    failed, held = _conditions(session, table, transform, before)
    reasons = (tuple(failed) or (NONE_FAILED,)) if below else ()
    return PmmCheck(tuple(p.name for p in table), payoffs, below, reasons, tuple(held))


def _conditions(session: Session, table, transform, before) -> tuple[list[str], list[str]]:
    """What failed (for a profile below the PMM), and the reading's condition (always)."""
    failed: list[str] = []
    held: list[str] = []
    players = session.game.players
    if transform is not None and transform.kind not in (PMP, PMP_REVISED, CSR_TRANSFORM):
        return [f"{transform.spec} does not promise the PMM (Theorem 3's and Proposition 4's transforms "
                "do: pmp, pmp:revised, csr:NAME)"], held
    if not shared_template(table) or table[0].kind != CSR:
        others = [f"{p.name} ({players[i]})" for i, p in enumerate(table) if p.kind != CSR]
        failed.append("not every program is a csr program, so they do not renegotiate"
                      + (f" ({', '.join(others)}); Theorem 3 first replaces such a program by the csr program "
                         "with it as default and no offers (Assumption 8(i)), which the transforms do not do"
                         if others else ""))
        return failed, held
    default = session.seated(table[0].default, 0, tuple(p.default for p in table[1:])).outcome
    if not default.is_pure or len(default.support) > 1:
        failed.append(f"the default outcome a(p_def) = {format_outcome(default)} randomizes: spilang "
                      "renegotiates per realized default profile, while PMP_i(result(...)) is of the expected "
                      "outcome (the paper's programs are deterministic)")
    kind = transform.kind if transform is not None else None
    if kind == PMP and before is not None:
        _literal(session, table, before, failed)
    if all(p.wrapper == PRN for p in table):
        _revised(session, table, failed, held)
    if kind == CSR_TRANSFORM:
        _proposition4(session, table, failed, held)
    return failed, held


def _literal(session: Session, table, before, failed: list[str]) -> None:
    """Definition 7 read literally: the PMP sets the extensions add, and whether they meet."""
    game = session.game
    sets, shown = [], []
    for i, (c, ext) in enumerate(zip(before, table)):
        if ext is c:
            return
        others = table[:i] + table[i + 1:]
        outcome = session.seated(c, i, others).outcome
        sets.append(game.pmp_set(i, outcome))
        shown.append(f"PMP_{i + 1}(a{format_profile(tuple(p.name for p in seat_table(c, i, others)))}) = "
                     f"{format_set(sets[-1])}")
    if _meet(sets).empty:
        failed.append("Definition 7 read literally: the extensions add " + "; ".join(shown) + ": these have "
                      "no common point, so the agreement set need not hold one at or above the PMM"
                      + _premise(sets) + " (pmp:revised adds PMP_i of one common outcome)")


def _premise(sets) -> str:
    """Theorem 3 assumes every PMP_i(a) nonempty ("continuous action sets"); with 3 or
    more players that can fail. The note, when it does."""
    empty = [f"PMP_{i + 1}" for i, found in enumerate(sets) if found.empty]
    if not empty:
        return ""
    return (f"; {', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty, so Theorem 3's premise that "
            "every PMP_i(a) is nonempty fails in this game")


def _revised(session: Session, table, failed: list[str], held: list[str]) -> None:
    """The revised construction's condition, at every realized default profile."""
    game = session.game
    refs = tuple(p.reference for p in table)
    with session.project.failing():
        rounds = negotiate(game, refs, session.select, session.fuel).rounds
    for r in rounds:
        sets = [game.pmp_set(i, r.outcome) for i in range(len(table))]
        common = _meet(sets)
        at = f" at a = {format_profile(r.profile)}" if len(rounds) > 1 else ""
        text = (f"revised construction{at}: a^def = {format_outcome(r.outcome)}, payoffs "
                f"{format_vector(game.expected(r.outcome))}; the intersection of PMP_i(a^def) over the "
                f"players is {format_set(common)}")
        if common.empty:
            text += ": empty, so the PMM is not guaranteed" + _premise(sets)
            failed.append(text)
        held.append(text if common.empty else text + ": nonempty")


def _proposition4(session: Session, table, failed: list[str], held: list[str]) -> None:
    """Proposition 4's condition: PMP_i(a) inside RN^i(RN^-i, a) at every realized default
    profile a, for every player i."""
    game = session.game
    default = session.seated(table[0].default, 0, tuple(p.default for p in table[1:])).outcome
    for profile, _ in default.support:
        for i, program in enumerate(table):
            projection = game.pmp_set(i, game.pure(profile))
            offer = session.offer(program, i, table[:i] + table[i + 1:], profile)
            if not projection.within(offer):
                text = (f"Proposition 4's condition fails at a = {format_profile(profile)}: PMP_{i + 1}(a) = "
                        f"{format_set(projection)} is not inside the offer {format_set(offer)} of {program.name}")
                failed.append(text)
                held.append(text)
                return
    held.append("Proposition 4's condition holds: PMP_i(a) is inside every player's offer at every "
                "realized default profile a")


def _meet(sets):
    common = sets[0]
    for other in sets[1:]:
        common = common.intersect(other)
    return common


def pmm_check_dict(check: PmmCheck) -> dict:
    """A `PmmCheck` as plain data (exact numbers as strings), for `--json`."""
    return {"profile": list(check.profile), "payoffs": [str(x) for x in check.payoffs],
            "below_pmm": list(check.below), "reasons": list(check.reasons), "conditions": list(check.conditions)}
