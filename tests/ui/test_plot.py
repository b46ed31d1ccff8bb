"""Pictures check what they draw: the offer polygons', agreement set's and projections'
vertices and the selected point's position against the exact sets (worked out by hand,
compared as floats of the exact Fractions), exact numbers in labels, no overlapping text
for the stdlib examples, non-trivial PNGs; `spilang plot` through `main(argv)`; the heat
map of a payoff matrix; and a clear error when matplotlib is missing."""

import sys
from fractions import Fraction as F
from itertools import combinations
from pathlib import Path

import matplotlib.image
import numpy
import pytest

import spi_lang
from spi_lang import api
from spi_lang.syntax.errors import SpiError
from spi_lang.ui import plot, plot_heatmap
from spi_lang.ui.cli import main

ROOT = Path(__file__).resolve().parents[2]
MIXED = str(Path(__file__).parents[1] / "golden" / "mixed.spi")


def match(a: str, b: str, *files: str, select: str = "leximin"):
    project = spi_lang.load(*files)
    p1, p2 = project.named(a), project.named(b)
    return plot.match_figure(api.play_programs(project, p1, p2, select=select),
                             api.negotiate_programs(project, p1, p2, select=select))


def drawn(figure, gid: str, panel: int = 0) -> list:
    """The artists of one panel with this gid."""
    ax = figure.axes[panel]
    return [a for a in ax.get_children() if a.get_gid() == gid]


def points(artist) -> set:
    """The vertices an artist draws (a polygon without its closing repeat, or a line's points)."""
    if hasattr(artist, "get_xy"):
        xy = artist.get_xy()
        return {tuple(map(float, p)) for p in xy[:-1]}
    return {tuple(map(float, p)) for p in artist.get_xydata()}


def exact(*pts) -> set:
    return {(float(F(x)), float(F(y))) for x, y in pts}


def legend(figure, panel: int = 0) -> list[str]:
    """Legend entries as plain text (lines joined, no-break spaces made spaces)."""
    entries = figure.axes[panel].get_legend().get_texts()
    return [" ".join(t.get_text().replace("\u00a0", " ").split()) for t in entries]


# ------------------------------------------------------------------ a match

def test_bold1_vs_modest2_draws_the_exact_sets():
    figure = match("Bold1", "Modest2", "scheduling/bold1.spi", "scheduling/modest2.spi")
    # F = hull (0,0), (3,1), (1,3); E = (1,3) - (3,1); PMM = (1, 1).
    [feasible] = drawn(figure, "feasible")
    assert points(feasible) == exact((0, 0), (3, 1), (1, 3))
    [frontier] = drawn(figure, "frontier")
    assert points(frontier) == exact((1, 3), (3, 1))
    [pmm] = drawn(figure, "pmm")
    assert points(pmm) == exact((1, 1))
    # RN_1 = F with x2 <= 1 (below (3, 1)); F's edge x2 = 3 x1 meets x2 = 1 at (1/3, 1).
    [offer1] = drawn(figure, "offer-1")
    assert points(offer1) == exact((0, 0), (3, 1), ("1/3", 1))
    # RN_2 = F with x1 <= 1: the edge x2 = x1/3 meets x1 = 1 at (1, 1/3).
    [offer2] = drawn(figure, "offer-2")
    assert points(offer2) == exact((0, 0), (1, "1/3"), (1, 3))
    # I = F with x1 <= 1 and x2 <= 1.
    [agreement] = drawn(figure, "agreement")
    assert points(agreement) == exact((0, 0), (1, "1/3"), (1, 1), ("1/3", 1))
    # Default outcome (Slot1, Slot2) pays (0, 0); leximin selects (1, 1) (largest minimum).
    [default] = drawn(figure, "default")
    assert points(default) == exact((0, 0))
    [selected] = drawn(figure, "selected")
    assert points(selected) == exact((1, 1))


def test_bold1_vs_modest2_labels_are_exact():
    figure = match("Bold1", "Modest2", "scheduling/bold1.spi", "scheduling/modest2.spi")
    entries = legend(figure)
    assert "RN_1, Bold1's offer: polygon (0, 0), (3, 1), (1/3, 1)" in entries
    assert "RN_2, Modest2's offer: polygon (0, 0), (1, 1/3), (1, 3)" in entries
    assert "agreement set I: polygon (0, 0), (1, 1/3), (1, 1), (1/3, 1)" in entries
    assert "selected sel(I) = (1, 1) (leximin), played as (Slot3, Slot3)" in entries
    assert "PMM (1, 1)" in entries
    labels = {t.get_text() for t in drawn(figure, "point-label")}
    assert labels == {"(0, 0)", "(1, 1)", "(3, 1)", "(1, 3)"}
    ax = figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("P1's payoff", "P2's payoff")
    assert ax.get_title() == "Bold1 (P1) vs Modest2 (P2)"


def test_bold1_vs_generous2_agreement_has_a_point_piece():
    figure = match("Bold1", "Generous2", "scheduling/bold1.spi", "scheduling/generous2.spi")
    # Generous2 adds point (3, 1), which Bold1's offer holds too: I = the polygon above
    # and the point (3, 1). Leximin: min 1 at (1, 1) and (3, 1); then the larger other
    # payoff: (3, 1).
    pieces = [points(a) for a in drawn(figure, "agreement")]
    assert sorted(pieces, key=len) == [exact((3, 1)), exact((0, 0), (1, "1/3"), (1, 1), ("1/3", 1))]
    [selected] = drawn(figure, "selected")
    assert points(selected) == exact((3, 1))


def test_hardliners_have_an_empty_agreement_and_their_extensions_meet_at_the_pmm():
    figure = match("Hardline1", "Hardline2", "scheduling/hardline1.spi", "scheduling/hardline2.spi")
    assert [points(a) for a in drawn(figure, "offer-1")] == [exact((3, 1))]
    assert [points(a) for a in drawn(figure, "offer-2")] == [exact((1, 3))]
    assert drawn(figure, "agreement") == []
    [played] = drawn(figure, "selected")  # I is empty: a = (Slot1, Slot2), (0, 0)
    assert points(played) == exact((0, 0))
    assert "I is empty: a is played, (0, 0)" in legend(figure)
    figure = match("Hardline1Pmp", "Hardline2Pmp", "scheduling/hardline1_pmp.spi",
                   "scheduling/hardline2_pmp.spi")
    # RN_1 = {(3, 1)} | PMP_1(0, 0) = (1, 1) - (3, 1), which holds (3, 1); RN_2 mirrors it;
    # they meet only at (1, 1), the PMM.
    assert [points(a) for a in drawn(figure, "offer-1")] == [exact((1, 1), (3, 1))]
    assert [points(a) for a in drawn(figure, "offer-2")] == [exact((1, 1), (1, 3))]
    assert [points(a) for a in drawn(figure, "agreement")] == [exact((1, 1))]
    [selected] = drawn(figure, "selected")
    assert points(selected) == exact((1, 1))


def test_renegotiation_programs_draw_each_rn_and_a_random_default_gets_a_panel_per_profile():
    figure = match("Fair1", "Fair2", "scheduling/fair1.spi", "scheduling/fair2.spi")
    # Both map a = (Slot1, Slot2) to (Slot3, Slot3), which pays (1, 1).
    assert [points(a) for a in drawn(figure, "offer-1")] == [exact((1, 1))]
    assert [points(a) for a in drawn(figure, "offer-2")] == [exact((1, 1))]
    figure = match("Coin", "Stubborn2", MIXED)
    # a = (Slot1, Slot2) or (Slot2, Slot2), 1/2 each: two panels.
    assert len(figure.axes) == 2
    assert figure.axes[0].get_title().endswith("if a = (Slot1, Slot2) (probability 1/2)")
    # The agreed lottery 1/2 (Slot1, Slot1) + 1/2 (Slot2, Slot2) pays (2, 2).
    assert points(drawn(figure, "selected", 0)[0]) == exact((2, 2))
    assert points(drawn(figure, "selected", 1)[0]) == exact((1, 3))


def test_programs_that_do_not_renegotiate_show_the_outcome_played():
    figure = match("AlwaysSlot1", "AlwaysSlot2", "scheduling/always_slot1.spi", "scheduling/always_slot2.spi")
    assert drawn(figure, "offer-1") == [] and drawn(figure, "default") == []
    [played] = drawn(figure, "played")
    assert points(played) == exact((0, 0))


# ------------------------------------------------------------------ Pareto meet projections

def test_pmp_figure_draws_each_projection_and_an_arrow_to_it():
    game = spi_lang.load("games/scheduling.spi").games["Scheduling"]
    outcomes = [api.outcome(game, "(Slot1, Slot2)"),
                api.outcome(game, "lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2}"),
                api.outcome(game, "(Slot1, Slot1)")]
    figure = plot.pmp_figure(game, outcomes)
    # (Slot1, Slot2) pays (0, 0); floor = max(PMM, u) = (1, 1). PMP_1: x2 = 1, x1 from 1 to 3;
    # PMP_2: x1 = 1, x2 from 1 to 3.
    assert points(drawn(figure, "pmp-0", 0)[0]) == exact((1, 1), (3, 1))
    assert points(drawn(figure, "pmp-0", 1)[0]) == exact((1, 1), (1, 3))
    # The lottery pays (3/2, 1/2); floor (3/2, 1). PMP_1: x2 = 1, x1 from 3/2 to 3. PMP_2:
    # x1 = 3/2, x2 from 1 to the frontier x1 + x2 = 4: 5/2.
    assert points(drawn(figure, "pmp-1", 0)[0]) == exact(("3/2", 1), (3, 1))
    assert points(drawn(figure, "pmp-1", 1)[0]) == exact(("3/2", 1), ("3/2", "5/2"))
    # (Slot1, Slot1) pays (3, 1), already the projection's only point: no arrow.
    assert points(drawn(figure, "pmp-2", 0)[0]) == exact((3, 1))
    assert drawn(figure, "arrow-2", 0) == []
    [arrow] = drawn(figure, "arrow-1", 1)
    assert (tuple(arrow.xyann), tuple(arrow.xy)) == ((1.5, 0.5), (1.5, 1.0))
    texts = legend(figure, 1)
    assert ("lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2}, u = (3/2, 1/2): "
            "PMP_P1 = (3/2, 1) - (3, 1); PMP_P2 = (3/2, 1) - (3/2, 5/2)") in texts
    labels = {t.get_text() for t in drawn(figure, "point-label", 1)}
    assert {"(3/2, 1/2)", "(3/2, 5/2)", "(3/2, 1)"} <= labels


# ------------------------------------------------------------------ readability

def _overlaps(figure) -> list:
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = []
    for ax in figure.axes:
        boxes += [(t.get_text(), t.get_window_extent(renderer)) for t in drawn(figure, "point-label", figure.axes.index(ax))]
        boxes += [(t.get_text(), t.get_window_extent(renderer)) for t in (ax.title, ax.xaxis.label, ax.yaxis.label)]
        if ax.get_legend() is not None:
            boxes.append(("legend", ax.get_legend().get_window_extent(renderer)))
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


STDLIB_PICTURES = [
    ("Bold1", "Modest2", ["scheduling/bold1.spi", "scheduling/modest2.spi"]),
    ("Bold1", "Generous2", ["scheduling/bold1.spi", "scheduling/generous2.spi"]),
    ("Hardline1", "Hardline2", ["scheduling/hardline1.spi", "scheduling/hardline2.spi"]),
    ("Hardline1Pmp", "Hardline2Pmp", ["scheduling/hardline1_pmp.spi", "scheduling/hardline2_pmp.spi"]),
    ("Fair1", "Fair2", ["scheduling/fair1.spi", "scheduling/fair2.spi"]),
    ("CliqueBot", "CliqueTwin", ["prisoners_dilemma/clique_bot.spi", "prisoners_dilemma/clique_twin.spi"]),
]


@pytest.mark.parametrize("a, b, files", STDLIB_PICTURES, ids=[f"{a}-{b}" for a, b, _ in STDLIB_PICTURES])
def test_no_text_overlaps_in_stdlib_pictures(a, b, files):
    assert _overlaps(match(a, b, *files)) == []


def test_no_text_overlaps_in_the_pmp_picture():
    game = spi_lang.load("games/scheduling.spi").games["Scheduling"]
    outcomes = [api.outcome(game, t) for t in ("(Slot1, Slot2)", "lottery {(Slot1, Slot1): 1/2, (Slot1, Slot2): 1/2}",
                                               "lottery {(Slot1, Slot2): 1/2, (Slot2, Slot2): 1/2}")]
    assert _overlaps(plot.pmp_figure(game, outcomes)) == []


def test_png_is_a_real_picture(tmp_path):
    path = tmp_path / "m.png"
    plot.save(match("Bold1", "Modest2", "scheduling/bold1.spi", "scheduling/modest2.spi"), str(path))
    image = matplotlib.image.imread(str(path))
    height, width = image.shape[:2]
    assert width > 600 and height > 300
    colours = numpy.unique(image.reshape(-1, image.shape[2]), axis=0)
    assert len(colours) > 200  # shaded sets, antialiased text and lines
    not_white = numpy.any(image[..., :3] < 0.95, axis=2).mean()
    assert 0.05 < not_white < 0.9


def test_svg_output_is_deterministic(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for path in (first, second):
        plot.save(match("Bold1", "Modest2", "scheduling/bold1.spi", "scheduling/modest2.spi"), str(path))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().count(b"<path") > 20


# ------------------------------------------------------------------ heat maps

def test_payoff_heatmap_draws_exact_values_and_failures(tmp_path):
    cells = [[(F(3), F(1)), "out of fuel: A vs B took more than 10 steps"],
             [(F(1, 3), F(2)), (F(0), F(0))]]
    path = tmp_path / "t.png"
    figure = plot_heatmap.payoff_heatmap(["A", "B"], ["A", "B"], cells, str(path))
    rows_panel, cols_panel = figure.axes[0], figure.axes[1]  # then their colorbars
    for ax, side in ((rows_panel, 0), (cols_panel, 1)):
        values = ax.images[0].get_array()
        assert values.mask.tolist() == [[False, True], [False, False]]
        assert values.filled(-1).tolist() == [[float(cells[0][0][side]), -1],
                                              [float(cells[1][0][side]), float(cells[1][1][side])]]
    texts = sorted(t.get_text() for t in rows_panel.texts)
    assert texts == ["0", "1/3", "3", "failed [1]"]
    assert sorted(t.get_text() for t in cols_panel.texts) == ["0", "1", "2", "failed [1]"]
    [failed] = [a for a in rows_panel.patches if a.get_gid() == "failed"]
    assert (failed.get_x(), failed.get_y()) == (0.5, -0.5)  # row 0, column 1
    [notes] = [t for t in figure.texts if t.get_gid() == "failures"]
    assert notes.get_text().replace("\u00a0", " ").startswith("[1] out of fuel: A vs B")
    assert matplotlib.image.imread(str(path)).shape[0] > 200


# ------------------------------------------------------------------ the command

@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)

    def _run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return _run


def test_plot_command_writes_match_and_pmp_pictures(run, tmp_path):
    code, out, err = run("plot", "scheduling/bold1.spi", "scheduling/modest2.spi", "-o", "m.svg")
    assert (code, out, err) == (0, "wrote m.svg\n", "")
    assert (tmp_path / "m.svg").read_text().lstrip().startswith("<?xml")
    code, out, _ = run("plot", "--game", "games/scheduling.spi:Scheduling", "--pmp", "(Slot1, Slot2)",
                       "--pmp", "(Slot2, Slot1)", "-o", "p.png")
    assert (code, out) == (0, "wrote p.png\n")
    assert matplotlib.image.imread(str(tmp_path / "p.png")).shape[1] > 600


@pytest.mark.parametrize("argv", [
    ["plot", "-o", "x.png"],
    ["plot", "scheduling/bold1.spi", "-o", "x.png"],
    ["plot", "--pmp", "(Slot1, Slot2)", "-o", "x.png"],
    ["plot", "scheduling/bold1.spi", "scheduling/modest2.spi", "--game", "games/scheduling.spi",
     "--pmp", "(Slot1, Slot2)", "-o", "x.png"],
    ["plot", "scheduling/bold1.spi", "scheduling/modest2.spi"],
])
def test_plot_usage_errors_exit_2(run, argv):
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert "usage:" in err


def test_plot_user_errors_exit_1(run):
    code, _, err = run("plot", "--game", "games/scheduling.spi:Nope", "--pmp", "(Slot1, Slot2)", "-o", "x.png")
    assert (code, err) == (1, "<stdlib>/games/scheduling.spi: error: <stdlib>/games/scheduling.spi has no game Nope\n")
    code, _, err = run("plot", "--game", "games/scheduling.spi", "--pmp", "(Slot1, Slot9)", "-o", "x.png")
    assert code == 1 and "--pmp:1:9: error: 'Slot9' is not an action of player P2" in err


def test_missing_matplotlib_is_a_clear_error(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.backends.backend_agg", None)
    code, out, err = run("plot", "scheduling/bold1.spi", "scheduling/modest2.spi", "-o", "x.png")
    assert (code, out) == (1, "")
    assert err == ("spilang: error: plots need matplotlib, which is not installed; install it with "
                   "pip install 'spi_lang[plot]' (or pip install matplotlib)\n")
    with pytest.raises(SpiError, match="plots need matplotlib"):
        plot_heatmap.heatmap_figure(["A"], ["A"], [[(F(1), F(1))]])


def test_tournament_plot_draws_the_payoff_matrix_with_failed_cells(run, tmp_path):
    # Rows and columns in name order: AlwaysSlot1, Fair1, Loop. Every program's default
    # plays Slot1, so by Table 1 every finished match is (Slot1, Slot1) = (3, 1): Fair1's maps
    # only move the miscoordinated profiles, and Loop plays its default against programs
    # that are not csr. Loop vs Loop fails: its offer depends on itself.
    (tmp_path / "loop.spi").write_text(
        'import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
        "program Loop csr { default AlwaysSlot1 offer offers(Loop) }\n")
    files = ("scheduling/always_slot1.spi", "scheduling/fair1.spi", "loop.spi")
    figure = plot_heatmap.tournament_heatmap(spi_lang.tournament(*files), str(tmp_path / "api.svg"))
    for side, payoff in ((0, 3), (1, 1)):
        values = figure.axes[side].images[0].get_array()
        assert values.mask.tolist() == [[False] * 3, [False] * 3, [False, False, True]]
        assert values.filled(-1).tolist() == [[payoff] * 3, [payoff] * 3, [payoff, payoff, -1]]
    [notes] = [t for t in figure.texts if t.get_gid() == "failures"]
    assert "Loop vs Loop" in notes.get_text() and "depends on itself" in notes.get_text()
    code, out, err = run("tournament", *files, "--plot", "heat.png")
    assert code == 0 and "3 programs play both seats: 9 matches, 1 failed" in out, err
    assert matplotlib.image.imread(str(tmp_path / "heat.png")).shape[0] > 200
    code, _, err = run("tournament", *files, "--plot", "heat.gif")
    assert code == 2 and "cannot tell the picture format of 'heat.gif'" in err


def test_make_figures_script_writes_every_readme_picture(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_figures
    finally:
        sys.path.pop(0)
    assert make_figures.main(["--out", str(tmp_path)]) == 0
    for name, _ in make_figures.FIGURES:
        assert matplotlib.image.imread(str(tmp_path / name)).shape[0] > 300
        assert (ROOT / "docs" / "figures" / name).is_file()  # the docs' copy exists
    assert "spilang plot scheduling/bold1.spi scheduling/modest2.spi -o" in capsys.readouterr().out


def test_heat_map_axes_name_the_games_players_and_pdf_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "asym.spi").write_text(
        "game Asym {\n  players Alice, Bob\n  actions Up, Down\n  payoff (_, _) = (1, 2)\n}\n"
        "program U { play Up }\nprogram D { play Down }\n")
    figure = plot_heatmap.tournament_heatmap(spi_lang.tournament("asym.spi"), str(tmp_path / "heat.pdf"))
    labels = [(ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) for ax in figure.axes if ax.images]
    assert labels == [("column program (Bob)", "row program (Alice)", "payoff to Alice, the row program"),
                      ("column program (Bob)", "", "payoff to Bob, the column program")]
    assert (tmp_path / "heat.pdf").read_bytes()[:5] == b"%PDF-"
    assert main(["plot", "asym.spi:U", "asym.spi:D", "-o", "match.pdf"]) == 0
    assert (tmp_path / "match.pdf").read_bytes()[:5] == b"%PDF-"
