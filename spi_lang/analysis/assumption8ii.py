"""Assumption 8(ii), for any number of players: for a profile q_-i of csr programs in the
support of beta_i and a csr candidate c of player i with PMP-extension c', every q_j
offers, at every pure default profile a, with c' in seat i what it offers with c, plus
at most points of PMP_i(a(c, q_-i)): RN_j(c', a) = RN_j(c, a) | V, V inside the
projection (exact set inclusions).

Offers are evaluated only at pure profiles: spilang renegotiates per realized default
profile (the contract's rule), so an offer is never made at a lottery over profiles, and
8(ii) at a randomized a is not checked (`analyze` says so)."""

from __future__ import annotations

from spi_lang.analysis.budget import Budget
from spi_lang.analysis.findings import HOLDS, VIOLATED, Finding
from spi_lang.analysis.session import Session, seat_table
from spi_lang.analysis.utilities import Belief
from spi_lang.geometry.text import format_profile, format_set
from spi_lang.load.programs import Program

# What one default profile costs beyond its offers' own fuel and its inclusion tests (two
# offer evaluations set up, a union, two tests): measured as about 20 vertex tests' time.
PROFILE_UNITS = 20

PURE_ONLY = ("Assumption 8(ii) is checked at every pure default profile a, the only profiles at "
             "which spilang evaluates offers (it renegotiates per realized default profile); at "
             "randomized a (lotteries over profiles) it is not checked.")


def assumption8ii(session: Session, belief: Belief, c: Program, ext: Program,
                  others: tuple[Program, ...]) -> list[Finding]:
    """One finding per other seat j: q_j's offers with ext and with c in seat i."""
    i, game = belief.seat, session.game
    projection = game.pmp_set(i, session.seated(c, i, others).outcome)
    plain_table, ext_table = seat_table(c, i, others), seat_table(ext, i, others)
    return [_offers(session, belief, (c, ext, q, j), plain_table, ext_table, projection)
            for j, q in zip(belief.others(), others)]


def _offers(session: Session, belief: Belief, who, plain_table, ext_table, projection) -> Finding:
    c, ext, q, j = who
    i, game = belief.seat, session.game
    two = len(game.players) == 2  # the 2-player wording: "offers X against c"
    named = q.name if two else f"{q.name} ({game.players[j]})"
    against, offers_to = ("against", "") if two else ("with", "with ")
    rest = lambda table: table[:j] + table[j + 1:]  # noqa: E731 (the table without seat j)
    count = 0
    budget = Budget(session.fuel, f"Assumption 8(ii) for {ext.name} and {q.name}", c.decl.name.span)
    for profile in game.profiles():
        count += 1
        budget.charge(PROFILE_UNITS)
        plain = session.offer(q, j, rest(plain_table), profile, budget)
        extended = session.offer(q, j, rest(ext_table), profile, budget)
        if plain.within(extended, budget.charge) and \
                extended.within(plain.union(projection, budget.charge), budget.charge):
            continue
        what = "drops points of" if not plain.within(extended) else "adds points outside PMP to"
        return Finding("8(ii)", belief.player, q.name, ext.name, VIOLATED,
                       f"at a = {format_profile(profile)}, {named} offers {format_set(extended)} "
                       f"{against} {ext.name}, which {what} its offer {format_set(plain)} {against} "
                       f"{c.name} (PMP_{i + 1}(a(p)) = {format_set(projection)})")
    return Finding("8(ii)", belief.player, q.name, ext.name, HOLDS,
                   f"at all {count} default profiles, {named} offers {offers_to}{ext.name} what it offers "
                   f"{offers_to}{c.name}, plus at most points of PMP_{i + 1}(a(p)) = {format_set(projection)}")
