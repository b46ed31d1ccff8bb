"""Heat maps of payoff matrices (tournaments): the row program's payoff and the column
program's, side by side, each cell's exact value written in it and failed matches hatched
with their reasons listed. Bounded: past MAX_LABELLED_CELLS cells the values and hatches
are left out (a 250-program tournament has 62,500 cells, which took minutes and gigabytes
to label), and past MAX_HEATMAP_CELLS no picture is drawn at all."""

from __future__ import annotations

from fractions import Fraction

from spi_lang.syntax.errors import SpiError
from spi_lang.ui import output_files as atomic
from spi_lang.ui.plot import _matplotlib, _new_figure, _wrap, check_output, figure_bytes

MAX_LABELLED_CELLS = 2_500     # 50 x 50: each cell's value written in it
MAX_HEATMAP_CELLS = 250_000    # 500 x 500: colours only; larger matrices are refused
MAX_TICKS = 100                # program names along an axis


def check_size(rows: int, cols: int) -> None:
    """Raise SpiError if a rows x cols matrix is too large to draw (before the run)."""
    if rows * cols > MAX_HEATMAP_CELLS:
        raise SpiError(f"a heat map of {rows} x {cols} = {rows * cols:,} cells is too large to draw "
                       f"(at most {MAX_HEATMAP_CELLS:,}); use --csv or --json-out for the matrix")


def heatmap_figure(row_labels: list[str], col_labels: list[str], cells,
                   players: tuple[str, str] = ("player 1", "player 2")):
    """A payoff matrix as two heat maps, the row program's payoff (as `players[0]`) and the
    column program's (as `players[1]`); each cell is a pair of exact payoffs, or a string
    saying why that match failed (drawn hatched, the reason listed below)."""
    check_size(len(row_labels), len(col_labels))
    labelled = len(row_labels) * len(col_labels) <= MAX_LABELLED_CELLS
    height = max(3.0, 0.45 * min(len(row_labels), MAX_TICKS) + 2.0)
    figure, axes = _new_figure(2, height=height)
    failures: list[str] = []  # reasons, numbered from 1 in the order met
    for side, ax in enumerate(axes):
        _heatmap_panel(ax, side, row_labels, col_labels, cells, failures if labelled else None, players)
    if failures:
        figure.text(0.0, 0.0, "\n".join(_wrap(f"[{n}] {reason}", 100) for n, reason in enumerate(failures, 1)),
                    fontsize=8, va="top", ha="left", gid="failures")
    if not labelled:
        figure.suptitle(f"{len(row_labels) * len(col_labels):,} cells: values not written, failed "
                        f"matches grey (cells are labelled up to {MAX_LABELLED_CELLS:,})", fontsize=9)
    return figure


def payoff_heatmap(row_labels: list[str], col_labels: list[str], cells, path: str,
                   players: tuple[str, str] = ("player 1", "player 2")):
    """Write `heatmap_figure` to a PNG, SVG or PDF file, atomically; return the figure."""
    check_output(path)
    atomic.check_writable(path)
    figure = heatmap_figure(row_labels, col_labels, cells, players)
    atomic.write_bytes(path, figure_bytes(figure, path))
    return figure


def tournament_cells(results) -> list[list]:
    """A tournament's matrix as heat map cells: payoffs, or the reason a match failed."""
    return [[cell.payoffs if cell.ok else f"{a} vs {b}: {cell.error}" for b, cell in zip(results.seat2, row)]
            for a, row in zip(results.seat1, results.matrix)]


def tournament_heatmap(results, path: str):
    """Write the heat map of a tournament's payoff matrix (a `TournamentResults`) to a PNG,
    SVG or PDF file; a failed match's cell carries its reason. Return the figure."""
    return payoff_heatmap(list(results.seat1), list(results.seat2), tournament_cells(results), path,
                          results.game.players)


def _heatmap_panel(ax, side: int, rows, cols, cells, failures: list | None, players) -> None:
    """One panel; `failures` None means a large matrix: colours only."""
    import numpy
    values = numpy.full((len(rows), len(cols)), numpy.nan)
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            if not isinstance(cell, str):
                values[i, j] = float(cell[side])
    import matplotlib
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="#cccccc")  # failed: grey
    image = ax.imshow(numpy.ma.masked_invalid(values), cmap=cmap, aspect="auto", gid=f"heat-{side + 1}")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    finite = values[numpy.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    if failures is not None:
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                _heatmap_cell(ax, i, j, cell, side, middle, failures)
    _ticks(ax, rows, cols)
    ax.set_xlabel(f"column program ({players[1]})")
    if side == 0:
        ax.set_ylabel(f"row program ({players[0]})")
    ax.set_title(f"payoff to {players[side]}, the {'row' if side == 0 else 'column'} program")


def _ticks(ax, rows, cols) -> None:
    """Program names on the axes, at most MAX_TICKS of them evenly spread."""
    for labels, setter in ((cols, ax.set_xticks), (rows, ax.set_yticks)):
        step = max(1, -(-len(labels) // MAX_TICKS))
        where = range(0, len(labels), step)
        extra = dict(rotation=35, ha="right") if setter == ax.set_xticks else {}
        setter(where, [labels[k] for k in where], **extra)


def _heatmap_cell(ax, i: int, j: int, cell, side: int, middle: float, failures: list) -> None:
    _, _, patches, _ = _matplotlib()
    if isinstance(cell, str):
        ax.add_patch(patches.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#f4f4f4",
                                       edgecolor="#999999", hatch="xx", gid="failed"))
        if cell not in failures:
            failures.append(cell)
        ax.text(j, i, f"failed [{failures.index(cell) + 1}]", ha="center", va="center", fontsize=7,
                gid="failure")
        return
    value: Fraction = cell[side]
    colour = "black" if float(value) > middle else "white"
    ax.text(j, i, str(value), ha="center", va="center", fontsize=8, color=colour, gid="value")


def check_players(game) -> None:
    """Raise SpiError unless `game` has 2 players: a heat map draws a payoff matrix."""
    if len(game.players) != 2:
        raise SpiError(f"game {game.name} has {len(game.players)} players: a tournament's heat map "
                       "(--plot) draws the payoff matrix of a 2-player game", game.span)
