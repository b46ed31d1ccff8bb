"""The picture of `spilang dynamics --plot`: each program's share of its population over
time, one panel per population (floats, so the axes say so)."""

from __future__ import annotations

from spi_lang.analysis.dynamics import MORAN, Trajectory
from spi_lang.ui.plot import _new_figure

MAX_LINES = 40  # programs drawn in one panel (the legend past that helps nobody)


def dynamics_figure(trajectory: Trajectory, title: str):
    """Shares over time as lines, one colour per program, the legend beside them."""
    figure, axes = _new_figure(len(trajectory.populations), height=4.2)
    offset = 0
    for k, (ax, names) in enumerate(zip(axes, trajectory.populations)):
        for j, name in enumerate(names[:MAX_LINES]):
            ax.plot(trajectory.times, [row[offset + j] for row in trajectory.shares], label=name,
                    linewidth=1.4, gid=f"share-{name}")
        offset += len(names)
        ax.set_xlabel("Moran step" if trajectory.process == MORAN else "time")
        ax.set_ylabel("share of the population (floating point)")
        ax.set_ylim(-0.02, 1.02)
        seat = f", seat P{k + 1}" if len(trajectory.populations) > 1 else ""
        ax.set_title(f"{trajectory.process} dynamics, {title}{seat}", fontsize=10)
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return figure
