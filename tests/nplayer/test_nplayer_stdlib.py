"""The n-player stdlib (games/division.spi, games/division4.spi, games/mixture_dominated.spi
and division/*.spi): every result its header works out by hand, played for real."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import spi_lang
from spi_lang.ui.cli import main

SELFISH = ("division/selfish.spi:Selfish1", "division/selfish.spi:Selfish2", "division/selfish.spi:Selfish3")
THIRD = F(1, 3)


def payoffs(*specs, **options):
    return spi_lang.play(*specs, **options).payoffs


def test_the_division_game_geometry():
    game = spi_lang.load("games/division.spi").games["Division"]
    # F = hull of (0,0,0) and the three prize vectors; E = the prize triangle (sum 5);
    # PMM = the lowest payoff of each player on E = (1, 1, 1).
    assert game.feasible_vertices == ((0, 0, 0), (1, 1, 3), (1, 3, 1), (3, 1, 1))
    assert [p.vertices for p in game.efficient.pieces] == [((1, 1, 3), (1, 3, 1), (3, 1, 1))]
    assert game.pmm == (1, 1, 1)
    miss = game.pure(("To1", "To2", "To3"))  # payoffs (0, 0, 0)
    # PMP_1: x1 >= max(1, 0), x2 = max(1, 0), x3 = max(1, 0): the segment (1,1,1)-(3,1,1).
    assert game.pmp(0, miss) == ((1, 1, 1), (3, 1, 1))
    # PMP_3 of the prize of P1, (3, 1, 1): x3 >= max(1, 1) = 1, x1 = max(1, 3) = 3,
    # x2 = max(1, 1) = 1; in F, x1 = 3 forces the vertex (3, 1, 1): a single point.
    assert game.pmp(2, game.pure(("To1", "To1", "To1"))) == ((3, 1, 1),)


def test_an_empty_pmp_in_three_players():
    # In the mixture-dominated game the PMM is (0, 0, 2). PMP_3 of (Left, Out), payoffs
    # (1, 1, 1): x3 >= max(2, 1) = 2, x1 = max(0, 1) = 1, x2 = max(0, 1) = 1. The points of F
    # with x3 = 2 are the segment (4,0,2)-(0,4,2) (x3 = 2 needs the weight of (0,0,0) and
    # (1,1,1) to vanish), where x1 + x2 = 4, not 2: the projection is empty.
    game = spi_lang.load("games/mixture_dominated.spi").games["MixtureDominated"]
    assert game.pmp(2, game.pure(("Left", "Out", "Stay"))) == ()
    assert game.pmp_set(2, game.pure(("Left", "Out", "Stay"))).empty


def test_a_pure_point_dominated_only_by_a_mixture_is_not_efficient():
    game = spi_lang.load("games/mixture_dominated.spi").games["MixtureDominated"]
    assert game.pmm == (0, 0, 2)
    assert [p.vertices for p in game.efficient.pieces] == [((0, 4, 2), (4, 0, 2))]
    assert not game.efficient.contains((1, 1, 1)) and game.feasible.contains((1, 1, 1))
    assert game.efficient.contains((2, 2, 2))  # the half-half lottery that dominates it


def test_four_players():
    game = spi_lang.load("games/division4.spi").games["Division4"]
    assert game.pmm == (1, 1, 1, 1)
    assert game.pmp(0, game.pure(("To1", "To2", "To3", "To4"))) == ((1, 1, 1, 1), (3, 1, 1, 1))
    follower = "games/division4.spi:Follower"
    assert payoffs("games/division4.spi:Leader", follower, follower, follower) == (3, 1, 1, 1)


def test_base_programs_and_the_clique():
    assert payoffs(*SELFISH) == (0, 0, 0)
    clique = "division/clique.spi"
    assert payoffs(clique, clique, clique) == (3, 1, 1)
    assert payoffs(clique, clique, SELFISH[2]) == (0, 0, 0)


def test_algorithm_1_agreement_and_disagreement():
    share = [f"division/share.spi:Share{i}" for i in (1, 2, 3)]
    result = spi_lang.play(*share)
    # rn(a) = 1/3 each over the prizes: 1/3 (3+1+1) = 5/3 for every player.
    assert result.payoffs == (F(5, 3),) * 3
    assert result.outcome.support == ((("To1", "To1", "To1"), THIRD), (("To2", "To2", "To2"), THIRD),
                                      (("To3", "To3", "To3"), THIRD))
    assert payoffs(share[0], share[1], "division/share.spi:Greedy3") == (0, 0, 0)  # rn differ
    assert payoffs(share[0], share[1], SELFISH[2]) == (0, 0, 0)  # Selfish3: no template


@pytest.mark.parametrize("select, expected", [
    ("leximin", (F(5, 3),) * 3),      # all equal on x1 + x2 + x3 = 5
    ("utilitarian", (F(5, 3),) * 3),  # every point of E sums to 5: ties broken by leximin
    ("nash", (F(5, 3),) * 3),         # max x1 x2 x3 on x1 + x2 + x3 = 5: all equal
    ("dictator:P1", (3, 1, 1)),       # the most for P1 on E
    ("dictator:P3", (1, 1, 3)),
])
def test_algorithm_2_under_each_selection(select, expected):
    humble = [f"division/offers.spi:Humble{i}" for i in (1, 2, 3)]
    assert payoffs(*humble, select=select) == expected


def test_algorithm_2_agreement_sets():
    humble2, humble3 = "division/offers.spi:Humble2", "division/offers.spi:Humble3"
    assert payoffs("division/offers.spi:Bold1", humble2, humble3) == (3, 1, 1)
    assert payoffs("division/offers.spi:Bold1", "division/offers.spi:Bold2", humble3) == (0, 0, 0)


def test_pmp_extensions_meet_at_the_pmm():
    ext = [f"division/pmp.spi:{name}" for name in ("Bold1Pmp", "Bold2Pmp", "Humble3Pmp")]
    result = spi_lang.play(*ext)
    assert result.payoffs == (1, 1, 1)
    # The canonical lottery: at most n + 1 = 4 profiles, paying exactly (1, 1, 1):
    # 1/5 (3,1,1) + 1/5 (1,3,1) + 1/5 (1,1,3) + 2/5 (0,0,0) = (1, 1, 1).
    assert len(result.outcome.support) <= 4
    assert payoffs(ext[0], ext[1], "division/offers.spi:Humble3") == (0, 0, 0)


def test_play_and_game_on_the_command_line(capsys):
    assert main(["play", *SELFISH]) == 0
    assert capsys.readouterr().out.endswith("(To1, To2, To3)  1            0   0   0\n\n"
                                            "expected payoffs: P1 0, P2 0, P3 0\n")
    assert main(["game", "games/division.spi"]) == 0
    assert capsys.readouterr().out.endswith(
        "feasible set F       hull of (0, 0, 0), (1, 1, 3), (1, 3, 1), (3, 1, 1)\n"
        "efficient faces E    polygon (1, 1, 3), (1, 3, 1), (3, 1, 1)\n"
        "Pareto meet minimum  (1, 1, 1)\n")
    assert main(["play", *SELFISH[:2]]) == 1
    assert "give one program per seat (3 programs, not 2)" in capsys.readouterr().err


def test_pictures_of_three_players_and_a_clear_error_for_four(tmp_path, capsys):
    from spi_lang.ui import plot
    ext = [f"division/pmp.spi:{name}" for name in ("Bold1Pmp", "Bold2Pmp", "Humble3Pmp")]
    project = spi_lang.load(*{s.split(":")[0] for s in ext})
    seated = [project.program(s) for s in ext]
    figure = plot.match_figure(spi_lang.api.play_programs(project, *seated),
                               spi_lang.api.negotiate_programs(project, *seated))
    ax = figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "PMM (1, 1, 1)" in legend and "efficient faces E: polygon (1, 1, 3), (1, 3, 1), (3, 1, 1)" in legend
    assert ax.get_zlabel() == "P3's payoff"
    assert main(["plot", *ext, "-o", str(tmp_path / "m.png")]) == 0
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    four = ["games/division4.spi:Leader"] + ["games/division4.spi:Follower"] * 3
    assert main(["plot", *four, "-o", str(tmp_path / "f.png")]) == 1
    assert "pictures are drawn in payoff space for 2 and 3 players" in capsys.readouterr().err
