"""`analyze --all-programs`: Definition 1 over the whole program space. For each
believing player the supremum of all_programs.py; a profile fails when a witness beats
some player's program, holds when every program attains its player's (exact) supremum,
and is undecided when a supremum is only a lower bound."""

from __future__ import annotations

from fractions import Fraction

import attrs

from spi_lang.analysis.all_programs import AllProgramsBest, best_over_all_programs
from spi_lang.analysis.session import Session
from spi_lang.analysis.utilities import Belief
from spi_lang.geometry.text import format_outcome

HOLDS, FAILS, UNDECIDED = "holds", "fails", "undecided"


@attrs.frozen
class AllProgramsSide:
    """One player of a profile against the best over all programs."""

    player: str
    program: str
    expected: Fraction
    best: AllProgramsBest

    @property
    def verdict(self) -> str:
        if self.best.value > self.expected:
            return FAILS
        return HOLDS if self.best.exact else UNDECIDED


@attrs.frozen
class AllProgramsEquilibrium:
    """Definition 1 over the whole program space for one profile: it fails when a
    witness beats some player's program, holds when every side is optimal and every
    supremum exact, and is undecided otherwise."""

    title: str
    profile: tuple[str, ...]
    sides: tuple[AllProgramsSide, ...]
    outcome: str = ""                    # what the profile plays, and its payoffs
    payoffs: tuple[Fraction, ...] = ()
    note: str = ""                       # why it cannot hold, when it cannot
    @property
    def verdict(self) -> str:
        verdicts = {side.verdict for side in self.sides}
        if FAILS in verdicts:
            return FAILS
        return UNDECIDED if UNDECIDED in verdicts or self.note else HOLDS


def all_programs_equilibrium(title: str, profile, bests: dict[int, AllProgramsBest],
                             expected: dict[int, Fraction], match=None) -> AllProgramsEquilibrium:
    """The check of a profile (one program per seat) against each seat's supremum."""
    sides = []
    wrapped = [p.name for p in profile if p.reference is not None]
    note = (f"{', '.join(wrapped)}: a transform's wrapper (PRN or switched), which no program "
            "of the language is, so the space it belongs to is not the one searched" if wrapped else "")
    for seat, program in enumerate(profile):
        best = bests[seat]
        if best.exact and best.value < expected[seat] and not wrapped:  # docs/theory.md's argument broke
            raise AssertionError(f"{program.name} gets {expected[seat]} but the supremum over all "
                                 f"programs came out as {best.value}")
        sides.append(AllProgramsSide(best.player, program.name, expected[seat], best))
    played = ("", ()) if match is None else (format_outcome(match.outcome), match.payoffs)
    return AllProgramsEquilibrium(title, tuple(p.name for p in profile), tuple(sides), *played, note)


def all_programs_dict(found) -> dict | None:
    """`--all-programs` in `analyze --json`: per player the supremum, its witness and what
    was not optimised over, and each profile's verdict."""
    if found is None:
        return None
    bests, checks = found
    return {
        "best": [{"player": b.player, "beliefs": b.beliefs, "supremum": str(b.value), "exact": b.exact,
                  "witness": b.witness, "witness_kind": b.label, "witness_source": b.witness_source,
                  "payoffs": [str(x) for x in b.payoffs], "not_optimised": list(b.not_optimised),
                  "appearances": [{"appearance": a, "best": str(v)} for a, v in b.appearances]}
                 for b in bests],
        "equilibria": [{"title": c.title, "profile": list(c.profile), "verdict": c.verdict, "note": c.note,
                        "outcome": c.outcome, "payoffs": [str(x) for x in c.payoffs],
                        "sides": [{"player": s.player, "program": s.program, "expected_utility": str(s.expected),
                                   "supremum": str(s.best.value), "verdict": s.verdict} for s in c.sides]}
                       for c in checks],
    }


def analyze_all_programs(session: Session, beliefs: dict[int, Belief], profiles, keep=(), sandbox=None):
    """`analyze --all-programs`: the supremum of each believing player, and for each
    (title, profile, expected utility per seat) the check of Definition 1 over all programs."""
    bests = {seat: best_over_all_programs(session, belief, keep, sandbox) for seat, belief in sorted(beliefs.items())}
    checks = [all_programs_equilibrium(title, profile, bests, expected, session.play(*profile))
              for title, profile, expected in profiles]
    return tuple(bests.values()), tuple(checks)
