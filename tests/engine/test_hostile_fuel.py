"""Issue 17, F4a: finding the canonical lottery of a selected point is charged to the match's
fuel, 4 units per payoff of each set of profiles tried (8 a pair, 12 a triple), so a game
with many distinct payoffs cannot make one match run for minutes on a small budget."""

from __future__ import annotations

from error_helpers import in_tmp, write  # noqa: F401

from spi_lang.ui.cli import main


def parabola_game(n: int) -> str:
    """An n x n game paying (k, k^2) at profile (a_i, b_j), k = n*i + j: n^2 distinct
    payoffs in convex position, so no pair of them averages to an interior point."""
    actions = ", ".join(f"a{i}" for i in range(n))
    rules = "\n".join(f"  payoff (a{i}, a{j}) = ({n * i + j}, {(n * i + j) ** 2})"
                      for i in range(n) for j in range(n))
    return f"game Parabola {{\n  actions {actions}\n{rules}\n}}\n"


def test_a_lottery_search_past_the_fuel_is_an_out_of_fuel_error(capsys):
    # (1, 5/3) = the mean of (0, 0), (1, 1) and (2, 4): in F, paid by no profile and by no
    # pair (the parabola's points are in convex position), so the search tries all
    # C(900, 2) = 404,550 pairs (8 units each) before any triple: far past 10,000 units of fuel.
    write({"p.spi": parabola_game(30)
           + "program C csr { default { play a0 } offer point (1, 5/3) }\n"})
    assert main(["play", "p.spi", "p.spi", "--fuel", "10000"]) == 1
    assert "error: out of fuel: C vs C took more than 10000 steps" in capsys.readouterr().err


def test_with_enough_fuel_the_same_search_finds_the_lottery(capsys):
    # A 3 x 3 parabola (k = 0..8): the pairs fail, then the first triple in profile order
    # that averages to (1, 5/3) is (0,0), (1,1), (2,4): 1/3 each.
    write({"p.spi": parabola_game(3) + "program C csr { default { play a0 } offer point (1, 5/3) }\n"})
    assert main(["play", "p.spi", "p.spi"]) == 0
    out = capsys.readouterr().out
    assert "(a0, a0)  1/3" in out and "(a0, a1)  1/3" in out and "(a0, a2)  1/3" in out
    assert out.endswith("expected payoffs: P1 1, P2 5/3\n")
