"""Payoff-space pictures with matplotlib (its Agg renderer; no screen needed): a match as in
Figure 2 of the paper (feasible set, Pareto frontier, PMM, default outcome, each side's
offer, the agreement set and the selected point), the Pareto meet projections of outcomes
as in Figure 1 (heat maps of payoff matrices are in `plot_heatmap`). Every drawn set comes from
the exact sets (Fractions converted to floats only here), and every label shows exact
numbers. matplotlib is an optional dependency (`pip install 'spi_lang[plot]'`)."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

from spi_lang.engine.interpreter import MatchResult, Negotiation
from spi_lang.geometry.games import Game, Outcome
from spi_lang.geometry.sets import PayoffSet
from spi_lang.geometry.text import format_outcome, format_vector
from spi_lang.syntax.errors import SpiError
from spi_lang.ui import output_files as atomic
from spi_lang.ui.options import picture_problem
from spi_lang.ui.plot_labels import as_floats, place_labels

P1_COLOUR, P2_COLOUR = "#1f77b4", "#ff7f0e"
AGREEMENT_COLOUR, SELECTED_COLOUR, PMM_COLOUR = "#2ca02c", "#d62728", "#ffbf00"
OUTCOME_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
WRAP = 46  # legend lines
# Metadata that would make the same figure differ between runs (dates, versions), left out.
_UNDATED = {".png": {"Software": None}, ".svg": {"Date": None, "Creator": None},
            ".pdf": {"Creator": None, "Producer": None, "CreationDate": None}}


def _matplotlib():
    """The matplotlib pieces used here, or a clear error when it is not installed."""
    try:
        from matplotlib import patches
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
    except ImportError:
        raise SpiError("plots need matplotlib, which is not installed; install it with "
                       "pip install 'spi_lang[plot]' (or pip install matplotlib)") from None
    return Figure, FigureCanvasAgg, patches, Line2D


def require_matplotlib() -> None:
    """Raise SpiError now, before long work, if plots cannot be drawn."""
    _matplotlib()


def check_output(path: str) -> None:
    """Raise SpiError unless `path` names a PNG, SVG or PDF file."""
    problem = picture_problem(path)
    if problem:
        raise SpiError(problem)


def save(figure, path: str) -> None:
    """Write a figure as PNG, SVG or PDF (by the suffix), the same bytes for the same
    figure, atomically (a kill mid-write leaves the old file, not half a picture)."""
    atomic.check_writable(path)
    atomic.write_bytes(path, figure_bytes(figure, path))


def figure_bytes(figure, path: str) -> bytes:
    """A figure drawn as PNG, SVG or PDF, by the suffix of `path`."""
    check_output(path)
    import matplotlib
    suffix = Path(path).suffix.lower()
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "spilang"}):
        figure.savefig(out, format=suffix[1:], dpi=110, bbox_inches="tight", metadata=_UNDATED[suffix])
    return out.getvalue()


def _in_3d(game: Game):
    """The 3-D pictures, for a game of 3 players (more: a clear error)."""
    from spi_lang.ui import plot3d
    _matplotlib()
    plot3d.check_players(game)
    return plot3d


def _new_figure(panels: int, height: float = 4.6):
    Figure, FigureCanvasAgg, _, _ = _matplotlib()
    figure = Figure(figsize=(4.6 * panels + 3.6, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.subplots(1, panels, squeeze=False)[0]


def _wrap(text: str, width: int = WRAP) -> str:
    """Text in lines of `width` characters, never broken inside a vector or profile."""
    glued = re.sub(r"\([^()]*\)", lambda m: m.group().replace(" ", "\u00a0"), text)
    return "\n".join(textwrap.wrap(glued, width, subsequent_indent="  "))


# ------------------------------------------------------------------ shared background

def _background(ax, game: Game, handles: list, marks: list, labels: dict) -> None:
    """F, the Pareto frontier E, the pure payoffs and the PMM, labelled and in the legend."""
    _, _, patches, Line2D = _matplotlib()
    hull = [as_floats(p) for p in game.feasible_vertices]
    ax.add_patch(patches.Polygon(hull, closed=True, facecolor="#eeeeee", edgecolor="#999999",
                                 linewidth=1, zorder=0, gid="feasible"))
    frontier = [as_floats(p) for p in game.frontier]
    ax.plot(*zip(*frontier), color="black", linewidth=2.2, zorder=4, gid="frontier",
            solid_capstyle="round")
    pure = sorted(set(game.table.values()))
    ax.plot(*zip(*[as_floats(p) for p in pure]), linestyle="none", marker="o", markersize=5,
            color="#777777", zorder=5, gid="pure")
    ax.plot(*as_floats(game.pmm), marker="*", markersize=17, color=PMM_COLOUR, markeredgecolor="black",
            linestyle="none", zorder=7, gid="pmm")
    marks += pure + [game.pmm]
    for point in pure + [game.pmm]:
        labels[point] = format_vector(point)
    handles += [
        patches.Patch(facecolor="#eeeeee", edgecolor="#999999", label="feasible set F"),
        Line2D([], [], color="#777777", marker="o", markersize=5, linestyle="none",
               label="pure payoffs u(a)"),
        Line2D([], [], color="black", linewidth=2.2, label="Pareto frontier E"),
        Line2D([], [], marker="*", markersize=14, color=PMM_COLOUR, markeredgecolor="black",
               linestyle="none", label=f"PMM {format_vector(game.pmm)}"),
    ]


def _frame(ax, game: Game, players: tuple[str, ...]) -> None:
    """Axes limits around F with room for labels, axis names, a light grid."""
    xs = [float(p[0]) for p in game.feasible_vertices]
    ys = [float(p[1]) for p in game.feasible_vertices]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    ax.set_xlim(min(xs) - 0.2 * width, max(xs) + 0.25 * width)
    ax.set_ylim(min(ys) - 0.2 * height, max(ys) + 0.2 * height)
    if max(width, height) <= 3 * min(width, height):
        ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"{players[0]}'s payoff")
    ax.set_ylabel(f"{players[1]}'s payoff")
    ax.grid(True, color="#dddddd", linewidth=0.6, zorder=-1)
    ax.set_axisbelow(True)


def _draw_set(ax, points: PayoffSet, colour: str, gid: str, *, hatch: str | None = None,
              alpha: float = 0.3, zorder: float = 1) -> None:
    """Each convex piece of an exact set: a polygon, a thick segment or a dot."""
    _, _, patches, _ = _matplotlib()
    for piece in points.pieces:
        vertices = [as_floats(v) for v in piece.vertices]
        if len(vertices) >= 3:
            ax.add_patch(patches.Polygon(vertices, closed=True, facecolor=colour, alpha=alpha,
                                         edgecolor=colour, linewidth=1.2, hatch=hatch,
                                         zorder=zorder, gid=gid))
        elif len(vertices) == 2:
            ax.plot(*zip(*vertices), color=colour, linewidth=6, alpha=0.6, zorder=zorder + 3,
                    solid_capstyle="round", gid=gid)
        else:
            ax.plot(*vertices[0], marker="o", markersize=11, color=colour, alpha=0.6,
                    linestyle="none", zorder=zorder + 3, gid=gid)


def _set_text(points: PayoffSet) -> str:
    from spi_lang.geometry.text import format_set
    return format_set(points)


# ------------------------------------------------------------------ a match

def match_figure(result: MatchResult, talk: Negotiation):
    """A match in payoff space; one panel per realized default profile when defaults
    randomize (3 players: one 3-D picture, `plot3d`)."""
    if not result.game.planar:
        return _in_3d(result.game).match_figure(result, talk)
    game, (p1, p2) = result.game, result.programs
    rounds = talk.rounds or (None,)
    figure, axes = _new_figure(len(rounds))
    placing = []
    for ax, round_ in zip(axes, rounds):
        handles, marks, labels = [], [], {}
        _background(ax, game, handles, marks, labels)
        if round_ is None:
            _no_renegotiation(ax, result, handles, marks, labels)
        else:
            _round(ax, talk, round_, handles, marks, labels)
        _frame(ax, game, game.players)
        title = f"{p1.name} ({game.players[0]}) vs {p2.name} ({game.players[1]})"
        if round_ is not None and not talk.default.is_pure:
            title += f"\nif a = {format_outcome(game.pure(round_.profile))} (probability {round_.probability})"
        ax.set_title(title)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
                  borderaxespad=0.0, frameon=False)
        placing.append((ax, labels, marks))
    payoffs = ", ".join(f"{player} {x}" for player, x in zip(game.players, result.payoffs))
    figure.suptitle(f"{game.name}: {format_outcome(result.outcome)}, expected payoffs {payoffs}",
                    fontsize=10)
    _place_all(placing, game)
    return figure


def _place_all(placing, game: Game) -> None:
    """Label points once every panel is complete, so the layout no longer moves."""
    for ax, labels, marks in placing:
        place_labels(ax, labels, marks, game.feasible_vertices)


def _no_renegotiation(ax, result: MatchResult, handles, marks, labels) -> None:
    _, _, _, Line2D = _matplotlib()
    point = result.payoffs
    ax.plot(*as_floats(point), marker="o", markersize=12, markerfacecolor="none",
            markeredgecolor=SELECTED_COLOUR, markeredgewidth=2.2, linestyle="none", zorder=8,
            gid="played")
    marks.append(point)
    labels[point] = format_vector(point)
    handles.append(Line2D([], [], marker="o", markersize=10, markerfacecolor="none",
                          markeredgecolor=SELECTED_COLOUR, markeredgewidth=2.2, linestyle="none",
                          label=_wrap(f"played (no renegotiation): {format_outcome(result.outcome)}, "
                                      f"payoffs {format_vector(point)}")))


def _round(ax, talk: Negotiation, round_, handles, marks, labels) -> None:
    _, _, patches, Line2D = _matplotlib()
    game, (p1, p2) = talk.game, talk.programs
    default = game.payoff(round_.profile)
    ax.plot(*as_floats(default), marker="o", markersize=8, color="black", linestyle="none", zorder=8,
            gid="default")
    marks.append(default)
    labels[default] = format_vector(default)
    handles.append(Line2D([], [], marker="o", markersize=7, color="black", linestyle="none",
                          label=_wrap(f"default outcome a = {format_outcome(game.pure(round_.profile))}, "
                                      f"u(a) = {format_vector(default)}")))
    if talk.template == "csr":
        for seat, (program, offer, colour) in enumerate(zip((p1, p2), round_.offers, (P1_COLOUR, P2_COLOUR))):
            _draw_set(ax, offer, colour, f"offer-{seat + 1}", zorder=1 + seat)
            handles.append(patches.Patch(facecolor=colour, alpha=0.35, edgecolor=colour,
                                         label=_wrap(f"RN_{seat + 1}, {program.name}'s offer: "
                                                     f"{_set_text(offer)}")))
        _draw_set(ax, round_.agreement, AGREEMENT_COLOUR, "agreement", hatch="///", alpha=0.35, zorder=3)
        handles.append(patches.Patch(facecolor=AGREEMENT_COLOUR, alpha=0.35, edgecolor=AGREEMENT_COLOUR,
                                     hatch="///", label=_wrap(f"agreement set I: {_set_text(round_.agreement)}")))
    else:
        for seat, (program, rn, colour) in enumerate(zip((p1, p2), round_.offers, (P1_COLOUR, P2_COLOUR))):
            point = game.expected(rn)
            ax.plot(*as_floats(point), marker="^" if seat == 0 else "v", markersize=10, color=colour,
                    linestyle="none", zorder=9, gid=f"offer-{seat + 1}")
            marks.append(point)
            labels[point] = format_vector(point)
            handles.append(Line2D([], [], marker="^" if seat == 0 else "v", markersize=9, color=colour,
                                  linestyle="none", label=_wrap(f"rn_{seat + 1}(a), {program.name}: "
                                                                f"{format_outcome(rn)}, u = {format_vector(point)}")))
    _played(ax, talk, round_, handles, marks, labels)


def _played(ax, talk: Negotiation, round_, handles, marks, labels) -> None:
    _, _, _, Line2D = _matplotlib()
    game = talk.game
    point = round_.point if round_.point is not None else game.expected(round_.outcome)
    if round_.point is not None:
        text = f"selected sel(I) = {format_vector(point)} ({talk.selection}), played as {format_outcome(round_.outcome)}"
    elif talk.template == "csr":
        text = f"I is empty: a is played, {format_vector(point)}"
    else:
        agreed = "they agree" if round_.agreement is not None else "they differ: a is played"
        text = f"played: {format_outcome(round_.outcome)} ({agreed}), {format_vector(point)}"
    ax.plot(*as_floats(point), marker="o", markersize=15, markerfacecolor="none", markeredgewidth=2.2,
            markeredgecolor=SELECTED_COLOUR, linestyle="none", zorder=9, gid="selected")
    marks.append(point)
    labels[point] = format_vector(point)
    handles.append(Line2D([], [], marker="o", markersize=11, markerfacecolor="none", markeredgewidth=2.2,
                          markeredgecolor=SELECTED_COLOUR, linestyle="none", label=_wrap(text)))


# ------------------------------------------------------------------ Pareto meet projections

def pmp_figure(game: Game, outcomes: list[Outcome]):
    """PMP_1 and PMP_2 of each outcome (Figure 1 of the paper): each outcome's payoff point,
    an arrow to the nearest point of its projection, and the projection itself (3 players:
    every player's projection in one 3-D picture, `plot3d`)."""
    if not game.planar:
        return _in_3d(game).pmp_figure(game, outcomes)
    _, _, _, Line2D = _matplotlib()
    figure, axes = _new_figure(2, height=4.8)
    placing = []
    for seat, ax in enumerate(axes):
        handles, marks, labels = [], [], {}
        _background(ax, game, handles, marks, labels)
        for k, outcome in enumerate(outcomes):
            # later projections drawn thinner, so ones that coincide stay visible as stripes
            width = 4 + 4 * (len(outcomes) - 1 - k)
            _projection(ax, game, seat, k, outcome, width, marks, labels)
        _frame(ax, game, game.players)
        ax.set_title(f"PMP_{game.players[seat]}: {game.players[seat]}'s Pareto meet projection")
        if seat == 1:
            for k, outcome in enumerate(outcomes):
                handles.append(Line2D([], [], color=_colour(k), linewidth=5, alpha=0.7,
                                      label=_wrap(_outcome_legend(game, outcome))))
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
                      borderaxespad=0.0, frameon=False)
        placing.append((ax, labels, marks))
    figure.suptitle(f"{game.name}: Pareto meet projections", fontsize=10)
    _place_all(placing, game)
    return figure


def _colour(k: int) -> str:
    return OUTCOME_COLOURS[k % len(OUTCOME_COLOURS)]


def _outcome_legend(game: Game, outcome: Outcome) -> str:
    parts = []
    for seat, player in enumerate(game.players):
        ends = game.pmp(seat, outcome)
        parts.append(f"PMP_{player} = {' - '.join(format_vector(e) for e in ends) or 'empty'}")
    return f"{format_outcome(outcome)}, u = {format_vector(game.expected(outcome))}: {'; '.join(parts)}"


def _projection(ax, game: Game, seat: int, k: int, outcome: Outcome, width: float, marks, labels) -> None:
    colour, start = _colour(k), game.expected(outcome)
    ax.plot(*as_floats(start), marker="o", markersize=7, color="black", linestyle="none", zorder=8,
            gid=f"outcome-{k}")
    marks.append(start)
    labels[start] = format_vector(start)
    ends = game.pmp(seat, outcome)
    if not ends:
        return
    if len(ends) == 2:
        ax.plot(*zip(*[as_floats(e) for e in ends]), color=colour, linewidth=width, alpha=0.75,
                zorder=3 + k / 10, solid_capstyle="butt", gid=f"pmp-{k}")
    else:
        ax.plot(*as_floats(ends[0]), marker="o", markersize=width + 6, color=colour, alpha=0.75,
                linestyle="none", zorder=3 + k / 10, gid=f"pmp-{k}")
    for end in ends:
        marks.append(end)
        labels[end] = format_vector(end)
    if ends[0] != start:
        ax.annotate("", xy=as_floats(ends[0]), xytext=as_floats(start), zorder=6, gid=f"arrow-{k}",
                    arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.2,
                                    shrinkA=4, shrinkB=4))
