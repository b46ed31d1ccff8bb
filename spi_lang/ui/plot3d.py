"""Pictures of a 3-player game's payoff space, in 3-D: the feasible set F (translucent),
its efficient faces, the PMM, and for a match the defaults, every seat's offer, the
agreement set and the point played; for `--pmp`, each player's projection of the given
outcomes. Every drawn set comes from the exact sets the engine computed; floats are only
used to draw, and every label is exact."""

from __future__ import annotations

import math

from spi_lang.engine.results import MatchResult, Negotiation
from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.text import format_outcome, format_set, format_vector
from spi_lang.syntax.errors import SpiError

SEAT_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd")
F_COLOUR, EFFICIENT_COLOUR, AGREEMENT_COLOUR = "#bbbbbb", "#2ca02c", "#2ca02c"
SELECTED_COLOUR, PMM_COLOUR = "#d62728", "#ffbf00"


def check_players(game: Game) -> None:
    """Pictures are drawn for games of 2 and 3 players."""
    if len(game.players) > 3:
        raise SpiError(f"game {game.name} has {len(game.players)} players: pictures are drawn in "
                       "payoff space for 2 and 3 players (use `spilang game` for its geometry)", game.span)


def match_figure(result: MatchResult, talk: Negotiation):
    """A 3-player match in payoff space: F, E, the PMM, each realized default's offers and
    agreement set, and the point played."""
    game = result.game
    figure, ax = _figure_3d()
    _background(ax, game)
    for round_ in talk.rounds:
        _point(ax, game.payoff(round_.profile), "black", f"a = {format_outcome(game.pure(round_.profile))}")
        if talk.template == "csr":
            for seat, offer in enumerate(round_.offers):
                _draw_set(ax, offer, SEAT_COLOURS[seat], f"RN_{seat + 1} ({talk.programs[seat].name})")
            _draw_set(ax, round_.agreement, AGREEMENT_COLOUR, "agreement set I", alpha=0.6)
    _point(ax, result.payoffs, SELECTED_COLOUR, f"played: {format_outcome(result.outcome)}", size=80)
    names = " vs ".join(f"{p.name} ({player})" for p, player in zip(result.programs, game.players))
    ax.set_title(f"{names}\nexpected payoffs {format_vector(result.payoffs)}", fontsize=9)
    _frame(ax, game)
    return figure


def pmp_figure(game: Game, outcomes: list[Outcome]):
    """F, E, the PMM and every player's Pareto meet projection of each outcome."""
    figure, ax = _figure_3d()
    _background(ax, game)
    for outcome in outcomes:
        _point(ax, game.expected(outcome), "black", f"u{format_outcome(outcome)}")
        for seat, player in enumerate(game.players):
            projection = game.pmp_set(seat, outcome)
            _draw_set(ax, projection, SEAT_COLOURS[seat], f"PMP_{player}: {format_set(projection)}",
                      alpha=0.6)
    ax.set_title(f"{game.name}: Pareto meet projections", fontsize=9)
    _frame(ax, game)
    return figure


def _figure_3d():
    """A figure with one 3-D axes (matplotlib is there: `plot` checked before dispatching)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    figure = Figure(figsize=(9.5, 6.0), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot(projection="3d")


def _background(ax, game: Game) -> None:
    _draw_set(ax, game.feasible, F_COLOUR, f"F: hull of {', '.join(map(format_vector, game.feasible_vertices))}",
              alpha=0.12)
    _draw_set(ax, game.efficient, EFFICIENT_COLOUR, f"efficient faces E: {format_set(game.efficient)}", alpha=0.3)
    _point(ax, game.pmm, PMM_COLOUR, f"PMM {format_vector(game.pmm)}", size=60)


def _frame(ax, game: Game) -> None:
    """Axes that hold F (collections do not take part in autoscaling), labelled by player."""
    for axis, values in zip("xyz", zip(*game.feasible_vertices)):
        low, high = float(min(values)), float(max(values))
        margin = 0.08 * (high - low or 1.0)
        getattr(ax, f"set_{axis}lim")(low - margin, high + margin)
    ax.set_xlabel(f"{game.players[0]}'s payoff")
    ax.set_ylabel(f"{game.players[1]}'s payoff")
    ax.set_zlabel(f"{game.players[2]}'s payoff")
    ax.legend(loc="upper left", bbox_to_anchor=(1.05, 1.0), fontsize=7, frameon=False)


def _point(ax, x, colour: str, label: str, size: int = 40) -> None:
    ax.scatter(*[[float(c)] for c in x], color=colour, s=size, depthshade=False, label=label)
    ax.text(*[float(c) for c in x], " " + format_vector(x), fontsize=7)


def _draw_set(ax, points, colour: str, label: str, alpha: float = 0.35) -> None:
    """Each piece by its dimension: a point, a segment, or its (ordered) faces."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    for k, piece in enumerate(points.pieces):
        shown = label if k == 0 else None
        vertices = [tuple(float(c) for c in v) for v in piece.vertices]
        if piece.dimension == 0:
            ax.scatter(*zip(*vertices), color=colour, s=30, depthshade=False, label=shown)
        elif piece.dimension == 1:
            ax.plot(*zip(*vertices), color=colour, linewidth=2.5, label=shown)
        else:
            faces = [_cycle(face) for face in _faces(piece)]
            ax.add_collection3d(Poly3DCollection(faces, facecolor=colour, edgecolor=colour, alpha=alpha,
                                                 label=shown))


def _faces(piece) -> list[list[tuple[float, ...]]]:
    """A polygon's own vertices, or a polytope's facets (the vertices on each inequality)."""
    if piece.dimension == 2:
        return [[tuple(float(c) for c in v) for v in piece.vertices]]
    faces = []
    for normal, bound in piece.inequalities:
        on = [v for v in piece.vertices if sum(a * c for a, c in zip(normal, v)) == bound]
        if len(on) >= 3:
            faces.append([tuple(float(c) for c in v) for v in on])
    return faces


def _cycle(points: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Coplanar points in order around their centroid (for drawing a convex polygon)."""
    centre = [sum(c) / len(points) for c in zip(*points)]
    rel = [[p[i] - centre[i] for i in range(3)] for p in points]
    u = rel[0]
    normal = next((n for n in (_cross(u, r) for r in rel[1:]) if sum(x * x for x in n) > 1e-12), None)
    if normal is None:
        return points
    w = _cross(normal, u)
    return [p for _, p in sorted(zip((math.atan2(_dot(r, w), _dot(r, u)) for r in rel), points))]


def _cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def _dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b))
