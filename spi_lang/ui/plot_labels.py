"""Placing point labels in a plot so that no two overlap: each label tries offsets around
its point, the ones pointing away from the middle of the feasible set first, and takes the
first whose box stays inside the axes and clear of other labels, markers and titles."""

from __future__ import annotations

import math

OFFSET = 9  # points between a marker and its label
MARK = 6    # half the size of the box kept clear around each marker, in points
DIRECTIONS = [(math.cos(math.radians(a)), math.sin(math.radians(a))) for a in range(0, 360, 45)]


def place_labels(ax, labels: dict, marks: list, polygon) -> None:
    """Annotate each point of `labels` (point -> text) without overlaps; `marks` are the
    drawn points to keep clear, `polygon` the feasible set's vertices (for "outward")."""
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    figure.draw_without_rendering()  # the final layout, so boxes are where they will be drawn
    scale = figure.dpi / 72
    inside = ax.get_window_extent(renderer)
    to_screen = ax.transData.transform
    centre = to_screen((sum(float(p[0]) for p in polygon) / len(polygon),
                        sum(float(p[1]) for p in polygon) / len(polygon)))
    taken = [(m, _box(to_screen(as_floats(m)), MARK * scale)) for m in dict.fromkeys(marks)]
    taken += [(None, t.get_window_extent(renderer))
              for t in (ax.title, ax.xaxis.label, ax.yaxis.label) if t.get_text()]
    for point in sorted(labels, key=lambda p: (float(p[0]), float(p[1]))):
        at = to_screen(as_floats(point))
        others = [box for key, box in taken if key != point]
        first = None
        for dx, dy in _ranked(at, centre):
            text = _annotate(ax, labels[point], as_floats(point), dx, dy)
            box = text.get_window_extent(renderer)
            if _inside(box, inside) and not any(box.overlaps(o) for o in others):
                break
            first = first or (dx, dy)
            text.remove()
        else:  # nowhere free: keep the most outward place
            box = _annotate(ax, labels[point], as_floats(point), *first).get_window_extent(renderer)
        taken.append((None, box))


def as_floats(point) -> tuple[float, float]:
    """An exact point as floats, for drawing only."""
    return float(point[0]), float(point[1])


def _ranked(at, centre) -> list[tuple[float, float]]:
    """Directions, most outward (away from the centre) first."""
    away = (at[0] - centre[0], at[1] - centre[1])
    norm = math.hypot(*away) or 1.0
    return sorted(DIRECTIONS, key=lambda d: -(d[0] * away[0] + d[1] * away[1]) / norm)


def _annotate(ax, text: str, xy, dx: float, dy: float):
    ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
    va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
    return ax.annotate(text, xy, xytext=(dx * OFFSET, dy * OFFSET), textcoords="offset points",
                       ha=ha, va=va, fontsize=8, zorder=12, gid="point-label",
                       bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                                 alpha=0.85))


def _box(at, half: float):
    from matplotlib.transforms import Bbox
    return Bbox([[at[0] - half, at[1] - half], [at[0] + half, at[1] + half]])


def _inside(box, frame) -> bool:
    return (box.x0 >= frame.x0 and box.y0 >= frame.y0 and box.x1 <= frame.x1 and box.y1 <= frame.y1)
