"""The text and JSON of `spilang metagame`: each equilibrium as exact mixtures over the
programs, each seat's expected payoff, and every program's expected payoff against the
other seat's mixture; then, for one population, the symmetric equilibria."""

from __future__ import annotations

import json

from spi_lang.analysis.metagame import ENUMMIXED, MetaEquilibrium, MetaSolution
from spi_lang.geometry.text import table
from spi_lang.syntax.schema import versioned


def mixture_text(mixture) -> str:
    """`AlwaysPaper 1/2, AlwaysRock 1/4`: the programs played, most likely first."""
    return ", ".join(f"{name} {p}" for name, p in sorted(mixture, key=lambda np: (-np[1], np[0])))


def metagame_text(solution: MetaSolution, one_population: bool) -> str:
    game = solution.game
    sizes = " and ".join(str(len(a)) for a in game.actions)
    how = "every extreme equilibrium" if solution.solver == ENUMMIXED else \
        "one equilibrium (Lemke-Howson), not necessarily all"
    parts = [f"meta-game {game.name}: {sizes} programs{' (one population)' if one_population else ''}\n"
             f"Nash equilibria, exact (Gambit {solution.solver}: {how}): {len(solution.equilibria)}"]
    parts += [_equilibrium_text(f"equilibrium {k}", game, eq) for k, eq in enumerate(solution.equilibria, 1)]
    if solution.symmetric is not None:
        head = f"symmetric equilibria (both seats play one mixture): {len(solution.symmetric)}"
        parts.append(head + (f"\n  {solution.symmetric_note}" if solution.symmetric_note else ""))
        parts += [_symmetric_text(k, eq) for k, eq in enumerate(solution.symmetric, 1)]
    return "\n\n".join(parts)


def _equilibrium_text(title: str, game, eq: MetaEquilibrium) -> str:
    lines = [title]
    lines += [f"  {player} plays {mixture_text(m)}: expected payoff {u}"
              for player, m, u in zip(game.players, eq.mixtures, eq.payoffs)]
    if game.actions[0] == game.actions[1]:
        rows = [["program", *(f"as {p}" for p in game.players)]]
        rows += [[name, str(v1), str(v2)] for (name, v1), (_, v2) in zip(*eq.values)]
        lines.append("  expected payoff of each program against the other seat's mixture:")
        lines.append(table(rows, indent="    "))
    else:
        for player, values in zip(game.players, eq.values):
            lines.append(f"  {player}'s programs against the other seat's mixture: " +
                         ", ".join(f"{n} {v}" for n, v in values))
    return "\n".join(lines)


def _symmetric_text(k: int, eq: MetaEquilibrium) -> str:
    rows = [["program", "expected payoff"], *([name, str(v)] for name, v in eq.values[0])]
    return "\n".join([f"symmetric equilibrium {k}",
                      f"  both seats play {mixture_text(eq.mixtures[0])}: expected payoff {eq.payoffs[0]}",
                      "  expected payoff of each program against that mixture:", table(rows, indent="    ")])


def metagame_json(solution: MetaSolution, one_population: bool) -> str:
    game = solution.game
    data = versioned({
        "game": game.name, "players": list(game.players),
        "programs": [list(a) for a in game.actions], "one_population": one_population,
        "solver": solution.solver, "all_extreme_equilibria": solution.complete,
        "equilibria": [_equilibrium_json(game, eq) for eq in solution.equilibria],
        "symmetric_equilibria": None if solution.symmetric is None else
        [_equilibrium_json(game, eq) for eq in solution.symmetric],
    })
    if solution.symmetric_note:
        data["symmetric_note"] = solution.symmetric_note
    return json.dumps(data, indent=2)


def _equilibrium_json(game, eq: MetaEquilibrium) -> dict:
    return {player: {"mixture": {n: str(p) for n, p in m}, "expected_payoff": str(u),
                     "program_payoffs": {n: str(v) for n, v in values}}
            for player, m, u, values in zip(game.players, eq.mixtures, eq.payoffs, eq.values)}

