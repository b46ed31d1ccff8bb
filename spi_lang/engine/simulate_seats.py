"""Where the interpreter meets the simulation engine (docs/simulation.md): a seat whose
base program simulates, draws `random` or bounds a simulation is solved exactly by
engine/simulation.py (independent coins) or, with the other seats, by engine/sim_shared.py
(a shared tape); a simulated table whose programs renegotiate is a nested match."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.engine.sim_states import MAX_NESTED_MATCHES
from spi_lang.load.programs import BASE
from spi_lang.engine.simulation import chain_of, uses_simulation
from spi_lang.syntax.errors import SpiError

__all__ = ["bases_of", "nested_match", "seat_distribution", "uses_simulation"]


def bases_of(table: tuple) -> list:
    """The base program each seat runs when its table does not renegotiate."""
    return [p if p.kind == BASE else p.default for p in table]


def seat_distribution(run, program, seat: int, table: tuple) -> dict[str, Fraction]:
    """What `program` (a base program) plays in `seat` of `table`, with independent coins."""
    run.say(0, "simulation", lambda: f"[{run.game.players[seat]} {program.name}] simulates: "
            "the outcome solves the chain of evaluation states below")
    run.depth += 1
    try:
        dist = chain_of(run).distribution(program, seat, table)
    finally:
        run.depth -= 1
    run.say(0, "simulation", lambda: f"[{run.game.players[seat]} {program.name}] plays "
            "{" + ", ".join(f"{a}: {p}" for a, p in dist.items()) + "}")
    return dist


def nested_match(run, table: tuple, seat: int, node) -> dict[str, Fraction]:
    """The marginal of seat `seat` in the match of `table` (its programs renegotiate)."""
    nesting = getattr(run, "_sim_nesting", 0)
    if nesting >= MAX_NESTED_MATCHES:
        raise SpiError(f"simulations nest more than {MAX_NESTED_MATCHES} renegotiating matches "
                       "inside each other", node.span)
    run._sim_nesting = nesting + 1
    saved = getattr(run, "_sim_chain", None), getattr(run, "_bounded", None)
    run._sim_chain = run._bounded = None  # the nested match's states are its own
    run.depth += 1
    try:
        outcome = run.match(table)
    finally:
        run.depth -= 1
        run._sim_nesting = nesting
        run._sim_chain, run._bounded = saved
    marginal: dict[str, Fraction] = {}
    for profile, p in outcome.support:
        marginal[profile[seat]] = marginal.get(profile[seat], Fraction(0)) + p
    return marginal
