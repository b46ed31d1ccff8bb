"""Hand-worked 3- and 4-player examples, with the arithmetic in comments."""

import itertools
from fractions import Fraction as F

import pytest

from spi_lang.geometry.nd.efficiency import is_efficient
from spi_lang.geometry.nd.game import GameGeometry
from spi_lang.geometry.nd.lottery import canonical_lottery
from spi_lang.geometry.nd.polytope import Polytope
from spi_lang.geometry.nd.selection import NashIrrational, dictator, leximin, nash, utilitarian
from spi_lang.geometry.nd.sets import PayoffSet


def division(n):
    """Each of n players names who gets the prize; if all agree, that player gets n and
    the others 1; otherwise everybody gets 0."""
    table = {}
    for profile in itertools.product(range(n), repeat=n):
        if len(set(profile)) == 1:
            u = [F(1)] * n
            u[profile[0]] = F(n)
            table[profile] = tuple(u)
        else:
            table[profile] = (F(0),) * n
    return table


def pts(*rows):
    return tuple(tuple(F(c) for c in r) for r in rows)


def test_three_player_division_game():
    g = GameGeometry(division(3))
    # F = conv{0, (3,1,1), (1,3,1), (1,1,3)}: a tetrahedron (the deals are affinely
    # independent of 0).
    assert g.feasible.vertices == pts((0, 0, 0), (1, 1, 3), (1, 3, 1), (3, 1, 1))
    # Facets: the deals' plane x0+x1+x2 = 5, and the three planes through 0 and two deals,
    # e.g. through (1,3,1) and (1,1,3): normal (1,3,1) x (1,1,3) = (8,-2,-2), so
    # 4 x0 >= x1 + x2 (the third deal (3,1,1) gives 12 >= 2).
    assert set(g.feasible.inequalities) == {
        ((F(1), F(1), F(1)), F(5)), ((F(-4), F(1), F(1)), F(0)),
        ((F(1), F(-4), F(1)), F(0)), ((F(1), F(1), F(-4)), F(0))}
    # E: the deals' triangle is efficient (normal (1,1,1) > 0); any point of a face
    # through 0 is s * (point of the triangle) with s < 1, dominated. So E = the triangle.
    assert [p.vertices for p in g.efficient.pieces] == [pts((1, 1, 3), (1, 3, 1), (3, 1, 1))]
    # PMM: each player's lowest payoff on the triangle = 1.
    assert g.pmm == (1, 1, 1)
    # PMP_1 of the disagreement (0,0,0): floor = max(PMM, 0) = (1,1,1); points (x,1,1)
    # of F with x >= 1: x + 2 <= 5 gives x <= 3, 4x >= 2 holds, and 4*1 >= x + 1 gives
    # x <= 3. So the segment from (1,1,1) to (3,1,1).
    assert [p.vertices for p in g.pmp(0, pts((0, 0, 0))[0]).pieces] == [pts((1, 1, 1), (3, 1, 1))]
    # PMP_1 of the deal (1,3,1): floor (1,3,1); (x,3,1) with x >= 1 and x + 4 <= 5: the point.
    assert [p.vertices for p in g.pmp(0, pts((1, 3, 1))[0]).pieces] == [pts((1, 3, 1))]
    # Selections on F: leximin, utilitarian and nash (base 0) pick the centre of the
    # triangle (5/3, 5/3, 5/3) (sum 5 is the most, and equal shares of 5 maximize the
    # minimum and the product); dictator 1 picks player 1's deal.
    F_ = PayoffSet.polytope(g.feasible)
    third = (F(5, 3),) * 3
    assert leximin(F_) == third and utilitarian(F_) == third and nash(F_, (0, 0, 0)) == third
    assert dictator(F_, 0) == pts((3, 1, 1))[0]
    # The centre is the average of the three deals: the lottery 1/3 each on the three
    # agreeing profiles (the first vertex in profile order is (0,0,0) -> (3,1,1), etc.).
    assert canonical_lottery(division(3), third) == [
        ((0, 0, 0), F(1, 3)), ((1, 1, 1), F(1, 3)), ((2, 2, 2), F(1, 3))]


def test_empty_pmp():
    # Players 1 and 2 coordinate (L,l) or (R,r); player 3 has one move and gets 1 on
    # coordination, 0 otherwise. A = (2,0,1), B = (0,2,1), miscoordination C = (0,0,0).
    table = {("L", "l", "x"): pts((2, 0, 1))[0], ("L", "r", "x"): pts((0, 0, 0))[0],
             ("R", "l", "x"): pts((0, 0, 0))[0], ("R", "r", "x"): pts((0, 2, 1))[0]}
    g = GameGeometry(table)
    # F is the triangle ABC, in the plane x2 = (x0 + x1) / 2 (normal A x B = (-2,-2,4)).
    assert g.feasible.dimension == 2
    # E = the edge AB: C is dominated by (A+B)/2 = (1,1,1); a point s*A (s < 1) of edge
    # CA is dominated by A, likewise on CB. PMM = (min x0, min x1, min x2) on AB = (0,0,1).
    assert [p.vertices for p in g.efficient.pieces] == [pts((0, 2, 1), (2, 0, 1))]
    assert g.pmm == (0, 0, 1)
    # PMP_1(C): floor = max(PMM, C) = (0,0,1): x1 = 0, x2 = 1, x0 >= 0 in the plane gives
    # x0 = 2: just A.
    assert [p.vertices for p in g.pmp(0, pts((0, 0, 0))[0]).pieces] == [pts((2, 0, 1))]
    # PMP_3(C): x0 = 0, x1 = 0, x2 >= 1; but the plane forces x2 = (0+0)/2 = 0: EMPTY.
    assert g.pmp(2, pts((0, 0, 0))[0]).empty


def test_pure_point_dominated_only_by_a_mixture():
    # D = (1,1,1) is beaten by no single pure point (each of A, B, C gives two players 0)
    # but (A+B+C)/3 = (4/3, 4/3, 4/3) dominates it.
    A, B, C, D = pts((4, 0, 0), (0, 4, 0), (0, 0, 4), (1, 1, 1))
    g = GameGeometry({"a": A, "b": B, "c": C, "d": D})
    assert not any(all(p >= q for p, q in zip(u, D)) and u != D for u in (A, B, C))
    assert not is_efficient(D, g.feasible)
    # F = conv{A,B,C,D}: D lies below the plane sum = 4 (sum 3), so it is a vertex of F,
    # but E is only the triangle ABC (normal (1,1,1)); PMM = (0,0,0).
    assert D in g.feasible.vertices
    assert [p.vertices for p in g.efficient.pieces] == [(C, B, A)]
    assert g.pmm == (0, 0, 0)


def test_four_player_division_game():
    table = division(4)
    g = GameGeometry(table)
    deals = sorted(pts((4, 1, 1, 1), (1, 4, 1, 1), (1, 1, 4, 1), (1, 1, 1, 4)))
    # F = conv{0, the 4 deals}: a 4-simplex; E = the deals' tetrahedron (sum = 7).
    assert g.feasible.vertices == tuple(sorted([(F(0),) * 4, *deals]))
    assert [p.vertices for p in g.efficient.pieces] == [tuple(deals)]
    assert g.pmm == (1, 1, 1, 1)
    # PMP_1(0): (x,1,1,1) with x + 3 <= 7 and x >= 1: the segment x in [1, 4].
    assert [p.vertices for p in g.pmp(0, (F(0),) * 4).pieces] == [pts((1, 1, 1, 1), (4, 1, 1, 1))]
    # Equal shares of the sum 7 maximize the minimum and the product: 7/4 each; the
    # lottery puts 1/4 on each agreeing profile.
    S = PayoffSet.polytope(g.feasible)
    centre = (F(7, 4),) * 4
    assert leximin(S) == centre == nash(S, (0, 0, 0, 0))
    lottery = canonical_lottery(table, centre)
    assert lottery == [((k,) * 4, F(1, 4)) for k in range(4)]


def test_nash_rational_edge_and_irrational_edge():
    # Edge (2,0,1)-(0,2,0), base 0: gains (2-2t, 2t, 1-t), N = 4 t (1-t)^2, N' = 0 at
    # t = 1/3: (4/3, 2/3, 2/3).
    edge = PayoffSet.polytope(Polytope.from_vertices(pts((2, 0, 1), (0, 2, 0))))
    assert nash(edge, (0, 0, 0)) == pts((F(4, 3), F(2, 3), F(2, 3)))[0]
    # Edge (3,0,1)-(0,2,2): gains (3-3t, 2t, 1+t); (log N)' = -1/(1-t) + 1/t + 1/(1+t)
    # = (1 - 3t^2) / (t(1-t)(1+t)), root t = 1/sqrt(3): irrational, so refused.
    edge = PayoffSet.polytope(Polytope.from_vertices(pts((3, 0, 1), (0, 2, 2))))
    with pytest.raises(NashIrrational):
        nash(edge, (0, 0, 0))
