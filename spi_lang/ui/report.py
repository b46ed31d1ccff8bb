"""Text and JSON views of results: aligned tables for people, exact strings for machines."""

from __future__ import annotations

import json
from fractions import Fraction

from spi_lang.engine.interpreter import MatchResult, Negotiation
from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.text import (format_outcome, format_profile, format_set, format_vector, outcome_json,
                                    table)
from spi_lang.syntax.schema import versioned


def match_text(result: MatchResult, trace: bool) -> str:
    """What `spilang play` prints."""
    game = result.game
    head = table([["game", game.name, ""]] + [[player, p.name, f"({p.file.path})"]
                                              for player, p in zip(game.players, result.programs)])
    parts = [head]
    if trace:
        rows = [[step.where, "  " * step.depth + step.text + (f"   [{step.source}]" if step.source else "")]
                for step in result.steps[:-1]]
        parts.append("trace\n" + table(rows, "  "))
    rows = [["outcome", "probability", *game.players]]
    for profile, prob in result.outcome.support:
        rows.append([format_profile(profile), str(prob), *map(str, game.payoff(profile))])
    parts.append(table(rows))
    payoffs = ", ".join(f"{player} {x}" for player, x in zip(game.players, result.payoffs))
    parts.append(f"expected payoffs: {payoffs}")
    return "\n\n".join(parts)


def match_json(result: MatchResult, trace: bool) -> str:
    """What `spilang play --json` prints: exact numbers as strings."""
    data = {
        "game": result.game.name,
        "players": list(result.game.players),
        "programs": [p.name for p in result.programs],
        "outcome": outcome_json(result.outcome),
        "payoffs": [str(x) for x in result.payoffs],
    }
    if trace:
        data["trace"] = [{"step": s.where, "depth": s.depth, "text": s.text, "source": s.source}
                         for s in result.steps]
    return json.dumps(versioned(data), indent=2)


def game_text(game: Game, outcomes: list[Outcome] = ()) -> str:
    """What `spilang game` prints: the payoff table, and the geometry for 2 players, with
    each player's Pareto meet projection of the given outcomes."""
    head = f"game {game.name}: players {', '.join(game.players)}"
    if not game.planar:
        return _game_text_nd(game, head, outcomes)
    rows = [[f"{game.players[0]} \\ {game.players[1]}", *game.actions[1]]]
    for a in game.actions[0]:
        rows.append([a, *(_pair(game.payoff((a, b))) for b in game.actions[1])])
    geometry = [
        ["feasible set F", "hull of " + _points(game.feasible_vertices)],
        ["Pareto frontier E", _path(game.frontier)],
        ["Pareto meet minimum", format_vector(game.pmm)],
    ]
    parts = [head, table(rows), table(geometry)]
    parts += [pmp_text(game, outcome) for outcome in outcomes]
    return "\n\n".join(parts)


def _game_text_nd(game: Game, head: str, outcomes: list[Outcome]) -> str:
    """`game_text` for 3+ players: one row per profile, then F, its efficient faces, the
    PMM and the Pareto meet projections of the given outcomes."""
    rows = [["profile", *game.players]]
    rows += [[format_profile(p), *map(str, game.payoff(p))] for p in game.profiles()]
    geometry = [
        ["feasible set F", "hull of " + _points(game.feasible_vertices)],
        ["efficient faces E", format_set(game.efficient)],
        ["Pareto meet minimum", format_vector(game.pmm)],
    ]
    return "\n\n".join([head, table(rows), table(geometry)] + [pmp_text(game, o) for o in outcomes])


def pmp_text(game: Game, outcome: Outcome, seats: tuple[int, ...] | None = None) -> str:
    """Each given player's (by default every player's) Pareto meet projection of an outcome."""
    payoffs = format_vector(game.expected(outcome))
    shown = (lambda seat: _path(game.pmp(seat, outcome))) if game.planar else \
        (lambda seat: _set_or_empty(game.pmp_set(seat, outcome)))
    projections = [[f"PMP_{game.players[seat]}", shown(seat) or "empty"]
                   for seat in (range(len(game.players)) if seats is None else seats)]
    return (f"Pareto meet projections of {format_outcome(outcome)}, payoffs {payoffs}\n"
            + table(projections, "  "))


def _set_or_empty(points) -> str:
    """A set as `format_set` writes it, or "" when it is empty (shown as `empty`)."""
    return "" if points.empty else format_set(points)


def negotiation_text(talk: Negotiation) -> str:
    """Each side's offer and the agreement, per realized default profile (`:offers`)."""
    game, programs = talk.game, talk.programs
    head = " vs ".join(f"{p.name} ({player})" for p, player in zip(programs, game.players)) + f" in {game.name}"
    if talk.template is None:
        kinds = ", ".join(f"{p.name} is {_kind(p.kind)}" for p in programs)
        return (f"{head}\nno renegotiation: {kinds}; programs renegotiate only with a program "
                "of their own template (renegotiation or csr)")
    algorithm = "Algorithm 1" if talk.template == "renegotiation" else "Algorithm 2"
    default = talk.default
    lines = [f"{head}, {'both' if len(programs) == 2 else 'all'} {talk.template} ({algorithm})",
             f"default outcome a = {format_outcome(default)}, payoffs {format_vector(game.expected(default))}"]
    for round_ in talk.rounds:
        indent = "  "
        if not default.is_pure:
            lines.append(f"if a = {format_profile(round_.profile)} (probability {round_.probability}):")
            indent = "    "
        lines.append(table(_round_rows(talk, round_), indent))
    return "\n".join(lines)


def _round_rows(talk: Negotiation, round_) -> list[list[str]]:
    game, programs = talk.game, talk.programs
    if talk.template == "csr":
        rows = [[f"RN_{seat + 1} ({p.name})", format_set(offer)]
                for seat, (p, offer) in enumerate(zip(programs, round_.offers))]
        rows.append(["agreement set I", format_set(round_.agreement)])
        if round_.point is None:
            return rows + [["played", f"{format_outcome(round_.outcome)} (I is empty: a is played)"]]
        return rows + [["sel(I)", f"{format_vector(round_.point)} ({talk.selection})"],
                       ["played", f"{format_outcome(round_.outcome)}, payoffs "
                                  f"{format_vector(game.expected(round_.outcome))}"]]
    agreed = "they agree" if round_.agreement is not None else "they differ: a is played"
    return [[f"rn_{seat + 1}(a) ({p.name})", format_outcome(rn)]
            for seat, (p, rn) in enumerate(zip(programs, round_.offers))] + [
        ["played", f"{format_outcome(round_.outcome)} ({agreed})"]]


def _kind(kind: str) -> str:
    return {"base": "a base program", "renegotiation": "a renegotiation program"}.get(kind, "a csr program")


def game_json(game: Game, outcomes: list[Outcome] = ()) -> dict:
    """`spilang game --json` for one game."""
    data = {
        "game": game.name,
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "payoffs": [{"profile": list(p), "payoffs": [str(x) for x in game.payoff(p)]}
                    for p in game.profiles()],
    }
    data["feasible_vertices"] = [_strs(p) for p in game.feasible_vertices]
    if game.planar:
        data["frontier"] = [_strs(p) for p in game.frontier]
    else:
        data["efficient_faces"] = [[_strs(v) for v in piece.vertices] for piece in game.efficient.pieces]
    data["pmm"] = _strs(game.pmm)
    data["pmp"] = [{"outcome": outcome_json(o),
                    "projections": [[_strs(p) for p in game.pmp(seat, o)] for seat in range(len(game.players))]}
                   for o in outcomes]
    return data



def _maybe(value) -> str:
    return "-" if value is None else str(value)


def _path(points) -> str:
    return " - ".join(format_vector(p) for p in points)


def dumps(data) -> str:
    """JSON text, stable across runs."""
    return json.dumps(data, indent=2)


def games_json(games: list[dict]) -> str:
    """What `spilang game --json` prints: the versioned object of the games shown."""
    return dumps(versioned({"games": games}))


def _strs(point) -> list[str]:
    return [str(x) for x in point]


def _pair(point: tuple[Fraction, ...]) -> str:
    return ", ".join(str(x) for x in point)


def _points(points) -> str:
    return ", ".join(format_vector(p) for p in points)

