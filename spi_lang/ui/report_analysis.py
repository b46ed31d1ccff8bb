"""Text and JSON views of `analyze` and `spi-check` results: aligned tables for people,
plain data with exact numbers as strings for machines."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.analysis.findings import HOLDS, UNCONSTRAINED
from spi_lang.analysis.equilibrium import Analysis
from spi_lang.analysis.spi_check import SpiCheck
from spi_lang.analysis.transforms import CSR_TRANSFORM, PMP_REVISED, SELECT
from spi_lang.analysis.utilities import Equilibrium, PlayerAnalysis, Value
from spi_lang.geometry.text import format_vector, plural, table
from spi_lang.ui.report_all_programs import all_programs_text


def _signed(x: Fraction) -> str:
    return f"+{x}" if x > 0 else str(x)


# ------------------------------------------------------------------ analyze

def analysis_text(result: Analysis) -> str:
    """What `spilang analyze` prints."""
    head = [["game", f"{result.game}: players {', '.join(result.game_players)}; PMM "
                     f"{format_vector(result.pmm)}; selection {result.select}"]]
    if result.transform is not None:
        head.append(["transform", f"{result.transform}: {result.transform_description}"])
    parts = [table(head)]
    parts += [_player_text(p, result.transform is not None) for p in result.players]
    if result.equilibrium is not None:
        parts.append(_equilibrium_text("subjective equilibrium (Definition 1) over the candidates",
                                       result.equilibrium))
    if result.equilibrium_after is not None:
        parts.append(_equilibrium_text("after the transform, over the candidates and their images",
                                       result.equilibrium_after))
    if result.pmm_checks:
        parts.append(pmm_text(result.pmm, result.game_players, result.pmm_checks, after=result.transform is not None))
    parts.append(_assumptions_text(result))
    if result.all_programs is not None:
        parts.append(all_programs_text(result.all_programs))
    return "\n\n".join(parts)


def pmm_text(pmm, players, checks, after: bool) -> str:
    """The PMM check of profiles (analyze: the profile, then its image; spi-check: the
    images below the PMM, and the conditions checked)."""
    lines = [f"payoffs against the PMM {format_vector(pmm)}:"]
    for k, check in enumerate(checks):
        if check.below:
            names = [players[i] for i in check.below]
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            premise = " (before the transform)" if after and k == 0 else ""
            verdict = f"below the PMM for {who}{premise}"
        else:
            verdict = "at or above the PMM"
        lines.append(f"  ({', '.join(check.profile)}) pays {format_vector(check.payoffs)}: {verdict}")
        lines += [f"    - failed: {reason}" for reason in check.reasons]
        lines += [f"    - condition: {condition}" for condition in check.conditions if condition not in check.reasons]
    return "\n".join(lines)


def _player_text(p: PlayerAnalysis, transformed: bool) -> str:
    support = ", ".join(f"{_label(name)} {prob}" for name, prob in p.support)
    versus = [f"vs {_label(name)} ({prob})" for name, prob in p.support]
    rows = [["candidate", *versus, "expected utility"]]
    rows += [[c.before.program, *_values(c.before)] for c in p.candidates]
    lines = [f"{p.player}, beliefs {p.beliefs}: {support}", table(rows, "  "),
             f"  best response: {', '.join(p.best_responses)} ({p.best})"]
    if transformed:
        rows = [["image under the transform", *versus, "expected utility", "before", "change"]]
        for c in p.candidates:
            name = c.after.program + ("" if c.changed else " (unchanged)")
            rows.append([name, *_values(c.after), str(c.before.expected),
                         _signed(c.after.expected - c.before.expected)])
        lines += ["", table(rows, "  "), f"  best response among the candidates and their images: "
                                         f"{', '.join(p.best_responses_after)} ({p.best_after})"]
    return "\n".join(lines)


def _label(name) -> str:
    """A believed program's name, or a believed profile `(X, Y)`."""
    return name if isinstance(name, str) else _pair(name)


def _values(value: Value) -> list[str]:
    return [*map(str, value.payoffs), str(value.expected)]


def _equilibrium_text(title: str, eq: Equilibrium) -> str:
    rows = [["profile", f"({', '.join(eq.profile)}) plays {eq.outcome}, payoffs {format_vector(eq.payoffs)}"]]
    for side in eq.sides:
        verdict = "optimal" if side.optimal else f"not optimal: the best is {', '.join(side.best_responses)}"
        rows.append([side.player, f"{side.program}: expected utility {side.expected}, best {side.best}: {verdict}"])
    return f"{title}: {'holds' if eq.holds else 'fails'}\n{table(rows, '  ')}"


def _assumptions_text(result: Analysis) -> str:
    found = result.assumptions
    lines = ["assumptions 4 and 8, checked on the programs at hand:"]
    for label in ("4(1)", "4(2)", "8(i)", "8(ii)"):
        checked = [f for f in found.findings if f.assumption == label]
        if checked:
            bad = sum(f.status != HOLDS for f in checked)
            lines.append(f"  {label}: {plural(len(checked), 'check')}, "
                         + (f"{bad} not satisfied" if bad else "all satisfied"))
    skipped = sum(f.status == UNCONSTRAINED for f in found.findings)
    if skipped:
        lines.append(f"  4: {plural(skipped, 'pair')} renegotiate with each other, which Assumption 4 "
                     "does not constrain")
    if not found.findings:
        lines.append("  no program at hand that they constrain")
    lines += [f"  {f.assumption} {f.status} (beliefs of {f.player}): {f.detail}" for f in found.violations]
    lines.append("not checked:")
    lines += [f"  - {note}" for note in found.not_checked]
    return "\n".join(lines)


# ------------------------------------------------------------------ spi-check

def spi_check_text(result: SpiCheck, every: bool = False) -> str:
    """What `spilang spi-check` prints: the verdict and every counterexample (with
    `every`, every profile)."""
    head = table([["game", result.game],
                  ["transform", f"{result.transform}: {result.description}"],
                  *[[f"seat {k + 1}", ", ".join(names)] for k, names in enumerate(result.seats)]])
    parts, show_all = [head], every
    if every:
        rows = [["profile p", "U(p)", "U(f(p))", ""]]
        rows += [[_pair(c.profile), format_vector(c.before), format_vector(c.after), c.verdict]
                 for c in result.profiles]
        parts.append(table(rows))
    n, bad, better = len(result.profiles), result.counterexamples, result.improved
    every = f"{'the' if n == 1 else 'all'} {plural(n, 'profile')}"
    if result.is_spi:
        verdict = (f"an SPI on these sets (Definition 2): U(f(p)) >= U(p) for {every}, "
                   f"strictly for {len(better)}")
    elif not bad:
        verdict = (f"not an SPI on these sets (Definition 2): U(f(p)) = U(p) for {every}, "
                   "so no profile improves strictly")
    else:
        verdict = (f"not an SPI on these sets (Definition 2): {len(bad)} of {n} profiles "
                   + ("is a counterexample" if len(bad) == 1 else "are counterexamples"))
    parts.append(verdict)
    if bad:
        lines = ["counterexamples (U(f(p)) < U(p) for some player):"]
        for c in bad:
            who = " and ".join(result.players[i] for i in c.worse_for())
            lines.append(f"  p = {_pair(c.profile)}: U(p) = {format_vector(c.before)}\n"
                         f"    f(p) = {_pair(c.image)}: U(f(p)) = {format_vector(c.after)}, worse for {who}")
        parts.append("\n".join(lines))
    parts += _transform_checks_text(result, show_all)
    return "\n\n".join(parts)


def _transform_checks_text(result: SpiCheck, every: bool) -> list[str]:
    """The checks of `pmp`, `pmp:revised`, `csr:NAME` (the PMM, Proposition 4) and
    `select:S` (Appendix B)."""
    parts = []
    shown = [c for c in result.pmm_checks if c.below or every or (c.conditions and result.kind == PMP_REVISED)]
    if shown:
        parts.append(pmm_text(result.pmm, result.players, shown, after=False))
    elif result.pmm_checks:
        parts.append(f"every image f(p) pays at least the PMM {format_vector(result.pmm)}")
    if result.kind == CSR_TRANSFORM:
        base = [c for c in result.profiles if all(a != b for a, b in zip(c.image, c.profile))]
        bad = result.bound_failures
        lines = [f"Proposition 4 on these sets: (1) f is {'an SPI' if result.is_spi else 'not an SPI'} "
                 "(Definition 2, above); (2) U_i(f(p)) >= max(U_i(p), PMM_i) "
                 + (f"for {'the' if len(base) == 1 else 'all'} {plural(len(base), 'profile')} of base programs"
                    if not bad else f"fails for {len(bad)} of {len(base)} profiles of base programs:")]
        lines += [f"  p = {_pair(c.profile)}: U(p) = {format_vector(c.before)}, U(f(p)) = {format_vector(c.after)}"
                  for c in bad]
        failing = [(c, t) for c in result.pmm_checks for t in c.conditions if t.startswith("Proposition 4's condition fails")]
        n = len(result.pmm_checks)
        lines.append("its condition, PMP_i(a) inside RN^i(RN^-i, a) at the default outcome a: "
                     + (f"holds for {'the' if n == 1 else 'all'} {plural(n, 'profile')}" if not failing else
                        f"fails for {len(failing)} of {n} profiles:"))
        lines += [f"  f(p) = {_pair(c.profile)}: {text}" for c, text in failing]
        parts.append("\n".join(lines))
    if result.kind == SELECT:
        bad = result.changed_outcomes
        n = len(result.profiles)
        head = (f"Appendix B: f(p) under {result.select} plays what p plays under {result.old_selection}, "
                + (f"for {'the' if n == 1 else 'all'} {plural(n, 'profile')}" if not bad else
                   f"except for {len(bad)} of {n} profiles:"))
        parts.append("\n".join([head] + [f"  p = {_pair(c.profile)} plays {c.outcomes[0]}; f(p) plays {c.outcomes[1]}"
                                          for c in bad]))
    return parts


def _pair(names) -> str:
    return f"({', '.join(names)})"
