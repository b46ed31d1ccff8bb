"""Text of `analyze --all-programs`: each player's supremum over every program with the
witness that attains it, what could not be optimised over, and Definition 1 over all
programs for the profile (and its image under a transform)."""

from __future__ import annotations

from spi_lang.analysis.all_programs import AllProgramsBest
from spi_lang.analysis.all_programs_check import FAILS, HOLDS, AllProgramsEquilibrium
from spi_lang.geometry.text import format_vector, table


def all_programs_text(found) -> str:
    """The `--all-programs` part of `spilang analyze`."""
    bests, checks = found
    parts = ["best responses over all programs (docs/theory.md):\n" + "\n".join(_best_text(b) for b in bests)]
    parts += [_check_text(c) for c in checks]
    failing = {s.player for c in checks for s in c.sides if s.verdict == FAILS}
    shown = [b for b in bests if b.player in failing or not checks]
    parts += [f"witness for {b.player} (save it next to the files given, then `spilang play` it):\n"
              + _indent(b.witness_source.rstrip("\n")) for b in shown]
    return "\n\n".join(parts)


def _best_text(b: AllProgramsBest) -> str:
    support = ", ".join(f"{u}" for u in b.payoffs)
    value = f"supremum {b.value}, attained" if b.exact else f"at least {b.value} (a lower bound), reached"
    lines = [f"  {b.player}, beliefs {b.beliefs}: {value} by {b.witness} "
             f"({b.label}; payoffs {support} against the believed programs)",
             "    best by appearance: " + ", ".join(f"{label} {value}" for label, value in b.appearances)]
    if b.exact:
        lines.append("    exact: every program the language can express is covered")
    else:
        lines.append("    not optimised over:")
        lines += [f"      - {note}" for note in b.not_optimised]
    return "\n".join(lines)


def _check_text(c: AllProgramsEquilibrium) -> str:
    rows = []
    for side in c.sides:
        if side.verdict == HOLDS and c.note:
            verdict = "no program of the language does better"
        elif side.verdict == HOLDS:
            verdict = "optimal over all programs"
        elif side.verdict == FAILS:
            verdict = f"not optimal: {side.best.witness} gets {side.best.value}"
        else:
            verdict = "undecided (the supremum is a lower bound)"
        rows.append([side.player, f"{side.program}: expected utility {side.expected}, supremum "
                                  f"{side.best.value}: {verdict}"])
    plays = f" plays {c.outcome}, payoffs {format_vector(c.payoffs)}" if c.outcome else ""
    note = f"\n  undecided: {c.note}" if c.note and c.verdict != FAILS else ""
    return f"{c.title}: {c.verdict}\n  profile  ({', '.join(c.profile)}){plays}\n{table(rows, '  ')}{note}"


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
