"""Checks of declarations that need no game: names that resolve, paths through a base
program that end in `play`, probabilities and distributions, defaults, renegotiation
programs' maps written as outcomes."""

from __future__ import annotations

import math
from fractions import Fraction

from spi_lang.geometry.games import profile_key
from spi_lang.geometry.numbers import MAX_BITS
from spi_lang.geometry.text import format_profile
from spi_lang.load.checks.simulation import check_simulation_block
from spi_lang.load.walk import walk
from spi_lang.syntax import ast
from spi_lang.syntax.errors import Span, SpiError

# A written distribution (a `lottery` or a `play mix`) lists at most this many entries; the
# joint default outcome of a match is also bounded by the game's profile count.
MAX_DISTRIBUTION_ENTRIES = 1_000


# ------------------------------------------------------------------ without a game

def check_base_block(block: ast.Block, scope: dict) -> list[SpiError]:
    """Paths that end in `play`, names, `play mix` distributions; no default outcome."""
    errors: list[SpiError] = check_simulation_block(block)
    if not _terminates(block, errors):
        end = Span.point(block.span.path, block.span.end_line, block.span.end_col - 1)
        errors.append(SpiError("a path reaches the end of this block without `play`", end))
    for node in walk(block):
        if isinstance(node, ast.ProgramRef):
            errors.extend(check_ref(node.name, scope))
        elif isinstance(node, ast.PlayMix):
            errors.extend(check_distribution([(w.action.text, w.action, w.prob) for w in node.weights],
                                              node, "action"))
        elif isinstance(node, (ast.OutcomeEq, ast.OutcomeNe)):
            errors.append(SpiError("`outcome` (the default outcome) exists only in the offers of a "
                                   "csr program", node.span))
    return errors


def _terminates(block: ast.Block, errors: list[SpiError]) -> bool:
    done = reported = False
    for stmt in block.stmts:
        if done and not reported:  # once per block; later statements are still checked
            errors.append(SpiError("unreachable statement: every path before it has played", stmt.span))
            reported = True
        done = _stmt_terminates(stmt, errors) or done
    return done


def _stmt_terminates(stmt, errors: list[SpiError]) -> bool:
    if isinstance(stmt, ast.Within):  # either block may run: both must play
        return all([_terminates(stmt.body, errors), _terminates(stmt.otherwise, errors)])
    if not isinstance(stmt, ast.If):
        return True
    results = [_terminates(b.body, errors) for b in stmt.branches]
    if stmt.orelse is None:
        return False
    return _terminates(stmt.orelse, errors) and all(results)


def check_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    """A name that must be a program the file can see."""
    decl = scope.get(name.text)
    if decl is None:
        return [SpiError(f"unknown program {name.text!r}", name.span)]
    if isinstance(decl, ast.Game):
        return [SpiError(f"{name.text} is a game, not a program", name.span)]
    if isinstance(decl, ast.Beliefs):
        return [SpiError(f"{name.text} is a beliefs declaration, not a program", name.span)]
    return []


def check_distribution(entries: list[tuple[object, object, ast.Num]], node, what: str) -> list[SpiError]:
    """Positive probabilities summing to 1, each key once; entries are (key, the node that
    names it, probability)."""
    if len(entries) > MAX_DISTRIBUTION_ENTRIES:
        return [SpiError(f"a distribution may list at most {MAX_DISTRIBUTION_ENTRIES:,} entries; "
                         f"this one lists {len(entries):,}", node.span)]
    errors = []
    seen = set()
    for key, key_node, prob in entries:
        if prob.value <= 0:
            errors.append(SpiError(f"probability must be positive, not {prob.value}", prob.span))
        if key in seen:
            errors.append(SpiError(f"{what} {_show(key)} is listed twice", key_node.span))
        seen.add(key)
    if not _common_denominator_fits(entries):
        errors.append(SpiError(f"the probabilities' common denominator has more than {MAX_BITS:,} bits "
                               "(the bound on exact numbers)", node.span))
        return errors
    total = sum((p.value for _, _, p in entries), Fraction(0))
    if total != 1:
        errors.append(SpiError(f"probabilities sum to {total}, not 1", node.span))
    return errors


def _common_denominator_fits(entries) -> bool:
    """Whether the least common multiple of the probabilities' denominators has at most
    MAX_BITS bits (it only grows, so the first entry past the bound stops the work). Their
    sum then has a denominator within it and a numerator of a few bits more, so it can be
    printed; a match's probabilities and payoffs are bounded where they are made."""
    common = 1
    for _, _, p in entries:
        common = math.lcm(common, p.value.denominator)
        if common.bit_length() > MAX_BITS:
            return False
    return True


def _show(key) -> str:
    return format_profile(key) if isinstance(key, tuple) else key


def check_defaults(decl, scope: dict, kind: str) -> list[SpiError]:
    """Exactly one `default`, a base program."""
    errors: list[SpiError] = []
    defaults = decl.defaults
    if not defaults:
        errors.append(SpiError(f"{kind} program {decl.name.text} has no `default`", decl.name.span))
    for extra in defaults[1:]:
        errors.append(SpiError(f"a {kind} program has exactly one `default`", extra.span))
    for item in defaults:
        if isinstance(item, ast.DefaultBlock):
            errors.extend(check_base_block(item.body, scope))
        else:
            errors.extend(check_default_ref(item.name, scope))
    return errors


def check_renegotiation(decl: ast.RenegotiationProgram, scope: dict) -> list[SpiError]:
    errors = check_defaults(decl, scope, "renegotiation")
    if not decl.maps:
        errors.append(SpiError("a renegotiation program needs at least one `map`: the identity "
                               "is not a renegotiation function (Definition 3)", decl.name.span))
    for item in decl.maps:
        if isinstance(item.target, ast.Lottery):
            errors.extend(check_lottery(item.target))
        errors.extend(SpiError("`_` is only allowed in payoff rules and `map` sources; an "
                               "outcome names every action", w.span)
                      for p in target_profiles(item.target) for w in p.items
                      if isinstance(w, ast.Wildcard))
    return errors


def check_lottery(lottery: ast.Lottery) -> list[SpiError]:
    """Positive probabilities summing to 1, each profile once."""
    return check_distribution([(profile_key(e.profile), e.profile, e.prob) for e in lottery.entries],
                               lottery, "profile")


def check_default_ref(name: ast.Name, scope: dict) -> list[SpiError]:
    """A named default: a base program (the paper's program spaces exclude the others)."""
    errors = check_ref(name, scope)
    decl = scope.get(name.text)
    if not errors and not isinstance(decl, ast.BaseProgram):
        kind = ("renegotiation" if isinstance(decl, ast.RenegotiationProgram) else
                "icsr" if isinstance(decl, ast.IcsrProgram) else "csr")
        errors.append(SpiError(f"a default must be a base program; {name.text} is "
                               f"{'an' if kind == 'icsr' else 'a'} {kind} program", name.span))
    return errors


def target_profiles(target) -> list[ast.Profile]:
    """The profiles a `map` target names: itself, or its lottery's entries."""
    if isinstance(target, ast.Lottery):
        return [e.profile for e in target.entries]
    return [target]
