"""Base games (LANGUAGE.md section 3) built through `spi_lang.load`: players and actions,
payoff tables with `_` wildcards (the first matching rule wins), outcome normalization,
expected payoffs of lotteries, and the feasible set, Pareto frontier and PMM of every
stdlib game, each worked out by hand."""

import textwrap
from fractions import Fraction as Fr

import pytest
from contract_examples import CHICKEN, SCHEDULING

import spi_lang
from spi_lang.api import outcome as parse_outcome
from spi_lang.syntax.errors import SpiError
from spi_lang.syntax.resources import stdlib_dir


def P(x, y):
    return (Fr(x), Fr(y))


def load_game(tmp_path, text, name):
    path = tmp_path / "game.spi"
    path.write_text(textwrap.dedent(text))
    return spi_lang.load(str(path)).games[name]


def stdlib_game(relpath, name):
    return spi_lang.load(str(stdlib_dir() / relpath)).games[name]


def same_cycle(got, expected):
    """`got` lists the vertices of `expected` in the same cyclic order (any start vertex)."""
    got, expected = tuple(got), tuple(expected)
    return len(got) == len(expected) and any(
        got == expected[k:] + expected[:k] for k in range(len(expected)))


# ------------------------------------------------------------------ players, actions, table

def test_contract_scheduling_game(tmp_path):
    g = load_game(tmp_path, SCHEDULING, "Scheduling")
    assert g.players == ("P1", "P2")
    assert g.actions == (("Slot1", "Slot2", "Slot3"),) * 2
    # 3 x 3 = 9 profiles; the three diagonal rules come first, everything else is (0, 0)
    assert len(g.table) == 9
    assert g.payoff(("Slot1", "Slot1")) == P(3, 1)
    assert g.payoff(("Slot2", "Slot2")) == P(1, 3)
    assert g.payoff(("Slot3", "Slot3")) == P(1, 1)
    for a in ("Slot1", "Slot2", "Slot3"):
        for b in ("Slot1", "Slot2", "Slot3"):
            if a != b:
                assert g.payoff((a, b)) == P(0, 0)


def test_players_default_to_p1_p2(tmp_path):
    g = load_game(tmp_path, """
        game G {
          actions Left, Right
          payoff (_, _) = (1, 2)
        }
    """, "G")
    assert g.players == ("P1", "P2")
    assert g.actions == (("Left", "Right"), ("Left", "Right"))
    assert all(g.payoff(p) == P(1, 2) for p in g.profiles())


def test_per_seat_actions_name_the_players(tmp_path):
    g = load_game(tmp_path, CHICKEN, "Chicken")
    assert g.players == ("Row", "Col")
    assert g.actions == (("Dare", "Swerve"), ("Dare", "Swerve"))
    assert g.payoff(("Dare", "Swerve")) == P(4, 1)
    assert g.payoff(("Swerve", "Dare")) == P(1, 4)


def test_per_seat_actions_of_different_lengths(tmp_path):
    g = load_game(tmp_path, """
        game Asym {
          actions Alice: Up, Middle, Down
          actions Bob: Left, Right
          payoff (Up, Left) = (1, 0)
          payoff (_, Right) = (2, 2)
          payoff (_, _) = (0, 1)
        }
    """, "Asym")
    assert g.players == ("Alice", "Bob")
    assert g.actions == (("Up", "Middle", "Down"), ("Left", "Right"))
    # 3 x 2 = 6 profiles, first player's actions varying slowest
    assert list(g.profiles()) == [("Up", "Left"), ("Up", "Right"), ("Middle", "Left"),
                                  ("Middle", "Right"), ("Down", "Left"), ("Down", "Right")]
    assert g.payoff(("Up", "Left")) == P(1, 0)
    assert g.payoff(("Down", "Right")) == P(2, 2)
    assert g.payoff(("Middle", "Left")) == P(0, 1)


def test_declared_players_fix_the_seat_order(tmp_path):
    # `players` given: seats follow it, whatever order the per-seat lists come in
    g = load_game(tmp_path, """
        game G {
          players Bob, Alice
          actions Alice: X
          actions Bob: Y, Z
          payoff (Y, X) = (1, 2)
          payoff (Z, X) = (3, 4)
        }
    """, "G")
    assert g.players == ("Bob", "Alice")
    assert g.actions == (("Y", "Z"), ("X",))
    assert g.payoff(("Z", "X")) == P(3, 4)


def test_first_matching_payoff_rule_wins(tmp_path):
    g = load_game(tmp_path, """
        game G {
          actions A, B
          payoff (A, _) = (1, 2)     # first: every profile with A first
          payoff (_, A) = (3, 4)     # then: B first, A second
          payoff (_, _) = (5, 6)
        }
    """, "G")
    assert g.payoff(("A", "A")) == P(1, 2)   # rule 1, not rule 2 (a later rule that matches it too)
    assert g.payoff(("A", "B")) == P(1, 2)   # rule 1
    assert g.payoff(("B", "A")) == P(3, 4)   # rule 2
    assert g.payoff(("B", "B")) == P(5, 6)   # catch-all


def test_exact_rational_payoffs(tmp_path):
    g = load_game(tmp_path, """
        game G {
          actions A, B
          payoff (A, A) = (0.25, -2/3)
          payoff (_, _) = (1/3, -1)
        }
    """, "G")
    assert g.payoff(("A", "A")) == (Fr(1, 4), Fr(-2, 3))   # 0.25 = 1/4
    assert g.payoff(("B", "A")) == (Fr(1, 3), Fr(-1))
    assert all(isinstance(u, Fr) for u in g.payoff(("A", "A")))


# ------------------------------------------------------------------ outcomes

def test_outcome_normalization(tmp_path):
    g = load_game(tmp_path, SCHEDULING, "Scheduling")
    s11, s22, s12, s33 = ("Slot1", "Slot1"), ("Slot2", "Slot2"), ("Slot1", "Slot2"), ("Slot3", "Slot3")
    half = Fr(1, 2)
    # entry order does not matter; the result is in profile order ((Slot1, Slot1) is profile 0,
    # (Slot2, Slot2) profile 4 of the 9)
    a = g.outcome([(s22, half), (s11, half)])
    b = g.outcome([(s11, half), (s22, half)])
    assert a == b
    assert a.support == ((s11, half), (s22, half))
    # equal profiles merge: 1/4 + 1/4 = 1/2 on (Slot3, Slot3)
    c = g.outcome([(s33, Fr(1, 4)), (s12, half), (s33, Fr(1, 4))])
    assert c.support == ((s12, half), (s33, half))
    # a lottery that merges into one profile is the pure outcome
    assert g.outcome([(s33, Fr(1, 3)), (s33, Fr(2, 3))]) == g.pure(s33)
    assert g.pure(s33).is_pure and not a.is_pure
    # different distributions are different outcomes
    assert g.outcome([(s11, Fr(1, 3)), (s22, Fr(2, 3))]) != a


def test_lotteries_written_in_either_order_are_equal(tmp_path):
    g = load_game(tmp_path, SCHEDULING, "Scheduling")
    x = parse_outcome(g, "lottery { (Slot2, Slot2): 1/2, (Slot1, Slot1): 1/2 }")
    y = parse_outcome(g, "lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }")
    assert x == y
    assert x.support == ((("Slot1", "Slot1"), Fr(1, 2)), (("Slot2", "Slot2"), Fr(1, 2)))


def test_expected_payoffs_of_lotteries(tmp_path):
    g = load_game(tmp_path, SCHEDULING, "Scheduling")
    lot = g.outcome([(("Slot1", "Slot1"), Fr(1, 3)), (("Slot2", "Slot2"), Fr(1, 2)),
                     (("Slot1", "Slot2"), Fr(1, 6))])
    # u_1 = 1/3*3 + 1/2*1 + 1/6*0 = 1 + 1/2 = 3/2
    # u_2 = 1/3*1 + 1/2*3 + 1/6*0 = 1/3 + 3/2 = 11/6
    assert g.expected(lot) == (Fr(3, 2), Fr(11, 6))
    # a pure outcome pays its table entry
    assert g.expected(g.pure(("Slot3", "Slot3"))) == P(1, 1)
    c = load_game(tmp_path, CHICKEN, "Chicken")
    # 1/2*(4,1) + 1/2*(1,4) = (5/2, 5/2)
    assert c.expected(parse_outcome(c, "lottery { (Dare, Swerve): 1/2, (Swerve, Dare): 1/2 }")) \
        == (Fr(5, 2), Fr(5, 2))
    # 1/4*(0,0) + 3/4*(3,3) = (9/4, 9/4)
    assert c.expected(parse_outcome(c, "lottery { (Swerve, Swerve): 3/4, (Dare, Dare): 1/4 }")) \
        == (Fr(9, 4), Fr(9, 4))


# ------------------------------------------------------------------ stdlib geometry

def test_scheduling_geometry():
    # pure payoffs (3,1), (1,3), (1,1), (0,0): (1,1) is not a vertex of F, since
    # 1/4*(3,1) + 1/4*(1,3) + 1/2*(0,0) = (3/4 + 1/4, 1/4 + 3/4) = (1, 1).  F is the triangle
    # (0,0),(3,1),(1,3); E = (1,3)-(3,1) (slope -1), PMM = (1, 1).
    g = stdlib_game("games/scheduling.spi", "Scheduling")
    assert same_cycle(g.feasible_vertices, [P(0, 0), P(3, 1), P(1, 3)])
    assert g.frontier == (P(1, 3), P(3, 1))
    assert g.pmm == P(1, 1)


def test_scheduling_pmp_from_the_contract():
    # PMP_1 of (Slot1, Slot2) (payoffs (0,0)): x_2 = max(PMM_2, 0) = 1 and
    # x_1 >= max(PMM_1, 0) = 1.  The line y = 1 meets the edge (0,0)-(1,3) (y = 3x) at
    # x = 1/3 and touches the vertex (3,1), so the slice of F is
    # x in [1/3, 3], cut at x >= 1: the segment (1,1)-(3,1), as LANGUAGE.md section 3 states.
    g = stdlib_game("games/scheduling.spi", "Scheduling")
    assert g.pmp(0, g.pure(("Slot1", "Slot2"))) == (P(1, 1), P(3, 1))


def test_chicken_geometry():
    # (3,3) is above the chord x + y = 5 of (1,4)-(4,1) (3 + 3 = 6), so it is a vertex;
    # E = (1,4)-(3,3)-(4,1), PMM = (1, 1).
    g = stdlib_game("games/chicken.spi", "Chicken")
    assert same_cycle(g.feasible_vertices, [P(0, 0), P(4, 1), P(3, 3), P(1, 4)])
    assert g.frontier == (P(1, 4), P(3, 3), P(4, 1))
    assert g.pmm == P(1, 1)


def test_prisoners_dilemma_geometry():
    # (1,1) is below the chord x + y = 5 of (0,5)-(5,0) (1 + 1 = 2 < 5) and outside the
    # triangle (0,5),(5,0),(3,3), so all four are vertices; (3,3) dominates (1,1).
    # E = (0,5)-(3,3)-(5,0), PMM = (0, 0).
    g = stdlib_game("games/prisoners_dilemma.spi", "PrisonersDilemma")
    assert g.players == ("P1", "P2")
    assert same_cycle(g.feasible_vertices, [P(1, 1), P(5, 0), P(3, 3), P(0, 5)])
    assert g.frontier == (P(0, 5), P(3, 3), P(5, 0))
    assert g.pmm == P(0, 0)


def test_battle_of_sexes_geometry():
    # pure payoffs (2,1), (1,2) and twice (0,0): the triangle (0,0),(2,1),(1,2);
    # E = (1,2)-(2,1) (slope -1), PMM = (1, 1).
    g = stdlib_game("games/battle_of_sexes.spi", "BattleOfSexes")
    assert g.players == ("Alice", "Bob")
    assert g.payoff(("Opera", "Football")) == P(0, 0)
    assert same_cycle(g.feasible_vertices, [P(0, 0), P(2, 1), P(1, 2)])
    assert g.frontier == (P(1, 2), P(2, 1))
    assert g.pmm == P(1, 1)


def test_stag_hunt_geometry():
    # (4,4) weakly dominates (0,3), (3,0), (3,3), so E = {(4,4)} and PMM = (4, 4).
    # (3,3) is inside the triangle (0,3),(3,0),(4,4): cross((0,3),(3,0),(3,3)) = 9,
    # cross((3,0),(4,4),(3,3)) = 1*3 - 4*0 = 3, cross((4,4),(0,3),(3,3)) = 4 - 1 = 3, all > 0.
    g = stdlib_game("games/stag_hunt.spi", "StagHunt")
    assert same_cycle(g.feasible_vertices, [P(0, 3), P(3, 0), P(4, 4)])
    assert g.frontier == (P(4, 4),)
    assert g.pmm == P(4, 4)


def test_three_player_game_has_n_dimensional_geometry(tmp_path):
    g = load_game(tmp_path, """
        game Three {
          players A, B, C
          actions X, Y
          payoff (X, X, X) = (1, 1, 1)
          payoff (_, _, _) = (0, 0, 0)
        }
    """, "Three")
    assert g.players == ("A", "B", "C")
    assert len(g.table) == 8   # 2 * 2 * 2 profiles
    assert g.payoff(("X", "X", "X")) == (Fr(1),) * 3
    assert g.payoff(("X", "Y", "X")) == (Fr(0),) * 3
    # lottery 1/2 (X,X,X) + 1/2 (Y,Y,Y): (1/2, 1/2, 1/2); outcomes work for n players
    assert g.expected(g.outcome([(("Y", "Y", "Y"), Fr(1, 2)), (("X", "X", "X"), Fr(1, 2))])) \
        == (Fr(1, 2),) * 3
    # F = hull of (1,1,1) and (0,0,0): a segment; its efficient part is (1,1,1) alone (it
    # improves on every other point), so the PMM is (1,1,1).
    assert g.feasible_vertices == ((0, 0, 0), (1, 1, 1))
    assert [piece.vertices for piece in g.efficient.pieces] == [((1, 1, 1),)]
    assert g.pmm == (1, 1, 1)
    with pytest.raises(SpiError, match="a union of faces"):
        g.frontier  # a 2-player notion: the efficient set is no longer a path
