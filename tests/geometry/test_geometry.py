"""Exact payoff-space geometry (spi_lang.geometry.planar): convex hulls, Pareto dominance, the Pareto
frontier E of the feasible set F = conv(points) and the Pareto meet minimum PMM.

The first half checks hand-worked examples (the games of the paper and of LANGUAGE.md, and
degenerate point sets); the second half checks properties on random small point sets with
hypothesis, each with a sketch of why the property must hold for any correct implementation.

Conventions checked here (from the docstrings of geometry.py and LANGUAGE.md section 3):
`convex_hull` returns the strictly convex vertices counter-clockwise; `pareto_frontier`
returns the vertices of E from the top-left end to the bottom-right end.
"""

from fractions import Fraction as Fr

from hypothesis import given, settings
from hypothesis import strategies as st

from spi_lang.geometry.planar import (convex_hull, dominates, pareto_frontier, pareto_meet_minimum,
                                      weakly_improves)


def P(x, y):
    return (Fr(x), Fr(y))


def cross(o, a, b):
    """> 0 when o -> a -> b turns left (counter-clockwise), 0 when collinear."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def same_cycle(got, expected):
    """`got` lists the vertices of `expected` in the same cyclic order (any start vertex)."""
    got, expected = tuple(got), tuple(expected)
    if len(got) != len(expected):
        return False
    return any(got == expected[k:] + expected[:k] for k in range(len(expected)))


# ------------------------------------------------------------------ dominance

def test_weakly_improves_and_dominates_on_hand_examples():
    # equal points: weakly improves (>= everywhere) but is no Pareto improvement (x == y)
    assert weakly_improves(P(1, 1), P(1, 1))
    assert not dominates(P(1, 1), P(1, 1))
    # better in one coordinate, equal in the other: 2 >= 1 and 1 >= 1, strictly in the first
    assert weakly_improves(P(2, 1), P(1, 1)) and dominates(P(2, 1), P(1, 1))
    assert not weakly_improves(P(1, 1), P(2, 1)) and not dominates(P(1, 1), P(2, 1))
    # a trade-off is neither: (2, 0) vs (1, 1) has 0 < 1
    assert not weakly_improves(P(2, 0), P(1, 1)) and not dominates(P(2, 0), P(1, 1))
    assert not weakly_improves(P(1, 1), P(2, 0)) and not dominates(P(1, 1), P(2, 0))
    # fractions: 1/2 > 1/3 and 1 = 1
    assert dominates((Fr(1, 2), Fr(1)), (Fr(1, 3), Fr(1)))
    # -1/3 < -1/4, so (−1/3, 5) does not weakly improve (−1/4, 5)
    assert not weakly_improves((Fr(-1, 3), Fr(5)), (Fr(-1, 4), Fr(5)))
    # strict in both coordinates
    assert dominates(P(3, 3), P(1, 1))


# ------------------------------------------------------------------ the games, by hand

def test_scheduling_game():
    # Pure payoffs: (3,1), (1,3), (1,1) and six times (0,0).  (1,1) lies strictly inside the
    # triangle (0,0),(3,1),(1,3): cross((0,0),(3,1),(1,1)) = 3*1 - 1*1 = 2 > 0,
    # cross((3,1),(1,3),(1,1)) = (-2)(0) - (2)(-2) = 4 > 0, cross((1,3),(0,0),(1,1)) =
    # (-1)(-2) - (-3)(0) = 2 > 0.  E is the segment (1,3)-(3,1) (slope -1); the other two edges
    # rise to the right or up, so every point on them is dominated.  PMM = (min x on E,
    # min y on E) = (1, 1).
    pts = [P(3, 1), P(1, 3), P(1, 1)] + [P(0, 0)] * 6
    assert same_cycle(convex_hull(pts), [P(0, 0), P(3, 1), P(1, 3)])
    assert pareto_frontier(pts) == (P(1, 3), P(3, 1))
    assert pareto_meet_minimum(pts) == P(1, 1)


def test_chicken():
    # (3,3) is a vertex: the chord (1,4)-(4,1) is x + y = 5 and 3 + 3 = 6 > 5.
    # E = (1,4)-(3,3)-(4,1): slopes (3-4)/(3-1) = -1/2 and (1-3)/(4-3) = -2, both negative.
    # PMM = (1, 1): x ranges over [1, 4] on E, y over [1, 4].
    pts = [P(0, 0), P(4, 1), P(1, 4), P(3, 3)]
    assert same_cycle(convex_hull(pts), [P(0, 0), P(4, 1), P(3, 3), P(1, 4)])
    assert pareto_frontier(pts) == (P(1, 4), P(3, 3), P(4, 1))
    assert pareto_meet_minimum(pts) == P(1, 1)


def test_prisoners_dilemma():
    # All four points are hull vertices: cross((1,1),(5,0),(3,3)) = 4*2 - (-1)*2 = 10,
    # cross((5,0),(3,3),(0,5)) = (-2)(5) - (3)(-5) = 5, cross((3,3),(0,5),(1,1)) =
    # (-3)(-2) - (2)(-2) = 10, cross((0,5),(1,1),(5,0)) = (1)(-5) - (-4)(5) = 15, all > 0.
    # E = (0,5)-(3,3)-(5,0) (3 + 3 = 6 > 5, above the chord); (1,1) is dominated by (3,3).
    # PMM = (0, 0).
    pts = [P(3, 3), P(0, 5), P(5, 0), P(1, 1)]
    assert same_cycle(convex_hull(pts), [P(1, 1), P(5, 0), P(3, 3), P(0, 5)])
    assert pareto_frontier(pts) == (P(0, 5), P(3, 3), P(5, 0))
    assert pareto_meet_minimum(pts) == P(0, 0)


def test_stag_hunt_frontier_is_one_point():
    # (4,4) weakly dominates every pure payoff (4 >= 0, 3, 3 in both coordinates), so E = {(4,4)}
    # and PMM = (4, 4).  (3,3) is inside the triangle (0,3),(3,0),(4,4):
    # cross((0,3),(3,0),(3,3)) = 3*0 - (-3)*3 = 9, cross((3,0),(4,4),(3,3)) = 1*3 - 4*0 = 3,
    # cross((4,4),(0,3),(3,3)) = (-4)(-1) - (-1)(-1) = 3.
    pts = [P(4, 4), P(0, 3), P(3, 0), P(3, 3)]
    assert same_cycle(convex_hull(pts), [P(0, 3), P(3, 0), P(4, 4)])
    assert pareto_frontier(pts) == (P(4, 4),)
    assert pareto_meet_minimum(pts) == P(4, 4)


# ------------------------------------------------------------------ degenerate cases

def test_one_point_and_repeated_points():
    for pts in ([P(2, 3)], [P(2, 3)] * 4):
        assert convex_hull(pts) == (P(2, 3),)
        assert pareto_frontier(pts) == (P(2, 3),)
        assert pareto_meet_minimum(pts) == P(2, 3)


def test_collinear_rising_points():
    # On the line y = x: (2,2) weakly dominates the whole segment, so E = {(2,2)}.
    pts = [P(1, 1), P(0, 0), P(2, 2)]
    assert set(convex_hull(pts)) == {P(0, 0), P(2, 2)} and len(convex_hull(pts)) == 2
    assert pareto_frontier(pts) == (P(2, 2),)
    assert pareto_meet_minimum(pts) == P(2, 2)


def test_collinear_falling_points():
    # On x + y = 2 every point is efficient; (1,1) is not a vertex (collinear, dropped).
    pts = [P(1, 1), P(2, 0), P(0, 2)]
    assert set(convex_hull(pts)) == {P(0, 2), P(2, 0)} and len(convex_hull(pts)) == 2
    assert pareto_frontier(pts) == (P(0, 2), P(2, 0))
    assert pareto_meet_minimum(pts) == P(0, 0)


def test_horizontal_and_vertical_segments():
    # Horizontal segment (0,1)-(3,1): (3,1) weakly dominates all of it, with a strict gain
    # in x over every other point, so E = {(3,1)}; likewise (1,5) for the vertical one.
    assert pareto_frontier([P(0, 1), P(3, 1)]) == (P(3, 1),)
    assert pareto_meet_minimum([P(0, 1), P(3, 1)]) == P(3, 1)
    assert pareto_frontier([P(1, 5), P(1, 0)]) == (P(1, 5),)
    assert pareto_meet_minimum([P(1, 5), P(1, 0)]) == P(1, 5)


def test_square_edges_are_only_weakly_efficient():
    # Square [0,2]^2: the top edge y = 2 and the right edge x = 2 are weakly efficient only
    # (each point on them is dominated by the corner (2,2)), so E = {(2,2)}.
    pts = [P(0, 0), P(2, 0), P(0, 2), P(2, 2)]
    assert same_cycle(convex_hull(pts), [P(0, 0), P(2, 0), P(2, 2), P(0, 2)])
    assert pareto_frontier(pts) == (P(2, 2),)
    assert pareto_meet_minimum(pts) == P(2, 2)


def test_flat_top_and_vertical_right_side_are_cut_off():
    # Pentagon (0,0),(4,0),(4,1),(2,3),(0,3).  The top edge (0,3)-(2,3) is dominated by (2,3)
    # (x grows, y = 3 stays), the right edge (4,0)-(4,1) by (4,1).  E = (2,3)-(4,1) (slope -1),
    # so PMM = (2, 1): min x on E is 2, min y on E is 1.
    pts = [P(0, 0), P(4, 0), P(4, 1), P(2, 3), P(0, 3)]
    assert same_cycle(convex_hull(pts), [P(0, 0), P(4, 0), P(4, 1), P(2, 3), P(0, 3)])
    assert pareto_frontier(pts) == (P(2, 3), P(4, 1))
    assert pareto_meet_minimum(pts) == P(2, 1)


def test_fractional_coordinates():
    # (3/2, 3/2) is above the chord (1/2, 5/2)-(5/2, 1/3): at x = 3/2 (halfway) the chord
    # has y = (5/2 + 1/3)/2 = (15/6 + 2/6)/2 = 17/12 < 18/12 = 3/2.  So E has three vertices
    # and PMM = (1/2, 1/3).
    pts = [P(0, 0), (Fr(1, 2), Fr(5, 2)), (Fr(3, 2), Fr(3, 2)), (Fr(5, 2), Fr(1, 3))]
    assert pareto_frontier(pts) == ((Fr(1, 2), Fr(5, 2)), (Fr(3, 2), Fr(3, 2)), (Fr(5, 2), Fr(1, 3)))
    assert pareto_meet_minimum(pts) == (Fr(1, 2), Fr(1, 3))
    # (1/2, 1/2) lies exactly on the chord x + y = 1 of (0,1)-(1,0): collinear, not a vertex.
    pts = [P(0, 0), P(0, 1), (Fr(1, 2), Fr(1, 2)), P(1, 0)]
    assert same_cycle(convex_hull(pts), [P(0, 0), P(1, 0), P(0, 1)])
    assert pareto_frontier(pts) == (P(0, 1), P(1, 0))
    assert pareto_meet_minimum(pts) == P(0, 0)


# ------------------------------------------------------------------ properties

coord = st.builds(Fr, st.integers(-6, 6), st.sampled_from([1, 2, 3]))
point = st.tuples(coord, coord)
point_sets = st.lists(point, min_size=1, max_size=8)
WEIGHTS = [Fr(0), Fr(1, 4), Fr(1, 3), Fr(1, 2), Fr(2, 3), Fr(1)]


def inside_or_on(hull, p):
    """Whether p is in the convex polygon with counter-clockwise vertices `hull`."""
    if len(hull) == 1:
        return p == hull[0]
    if len(hull) == 2:
        a, b = hull
        return (cross(a, b, p) == 0 and min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
                and min(a[1], b[1]) <= p[1] <= max(a[1], b[1]))
    return all(cross(a, b, p) >= 0 for a, b in zip(hull, hull[1:] + hull[:1]))


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_every_input_point_is_inside_or_on_the_hull(pts):
    # Proof sketch: the convex hull of a finite set contains the set.  A convex polygon with
    # counter-clockwise vertices is the intersection of the closed half-planes to the left of
    # its directed edges, i.e. {p : cross(a, b, p) >= 0 for every edge a -> b}; for one vertex
    # it is that point and for two vertices the segment between them.  So every input point
    # passes the cross-product test.
    hull = convex_hull(pts)
    assert all(inside_or_on(hull, p) for p in pts)


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_hull_vertices_are_inputs_and_strictly_convex(pts):
    # Proof sketch: every vertex (extreme point) of conv(S) belongs to S, since a point of
    # conv(S) outside S is a proper convex combination of points of S and so not extreme.
    # Listing only extreme points counter-clockwise makes every turn strictly left
    # (cross > 0): a zero cross product would mean the middle vertex lies on the segment of
    # its neighbours (not extreme), and a negative one would contradict convexity or the
    # orientation.  Vertices are distinct.
    hull = convex_hull(pts)
    assert set(hull) <= set(pts)
    assert len(set(hull)) == len(hull)
    if len(hull) >= 3:
        n = len(hull)
        assert all(cross(hull[k], hull[(k + 1) % n], hull[(k + 2) % n]) > 0 for k in range(n))


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_no_input_point_dominates_a_frontier_vertex(pts):
    # Proof sketch: E is by definition the set of points of F that no point of F dominates
    # (weakly better everywhere, strictly somewhere), and every input point lies in F.  So
    # no input point dominates any point of E, in particular none of its vertices.
    frontier = pareto_frontier(pts)
    assert not any(dominates(p, v) for p in pts for v in frontier)


@settings(max_examples=200, deadline=None)
@given(point_sets)
def test_no_hull_point_dominates_a_frontier_point(pts):
    # Proof sketch: a convex combination t*p + (1-t)*q of input points is in F (F is convex),
    # so by the definition of E it dominates no point of E.  The points of E include the
    # vertices and the points on the segments between consecutive vertices (every edge
    # between consecutive frontier vertices lies in E, since E of a convex polygon is a
    # connected chain of its boundary), e.g. their midpoints.
    frontier = pareto_frontier(pts)
    targets = list(frontier) + [((u[0] + v[0]) / 2, (u[1] + v[1]) / 2)
                                for u, v in zip(frontier, frontier[1:])]
    for p in pts:
        for q in pts:
            for t in WEIGHTS:
                x = (t * p[0] + (1 - t) * q[0], t * p[1] + (1 - t) * q[1])
                assert not any(dominates(x, v) for v in targets)


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_frontier_runs_from_top_left_to_bottom_right(pts):
    # Proof sketch: two distinct points of E cannot be ordered by weak dominance, so if one
    # has a larger first coordinate it must have a strictly smaller second one (equal second
    # coordinates with different first ones would make one dominate the other).  Listed from
    # the top-left end, the first coordinates therefore strictly increase and the second
    # ones strictly decrease.  The frontier vertices are also hull vertices (an extreme point
    # of E's chain is an extreme point of F).
    frontier = pareto_frontier(pts)
    assert set(frontier) <= set(convex_hull(pts))
    for u, v in zip(frontier, frontier[1:]):
        assert u[0] < v[0] and u[1] > v[1]


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_pmm_is_the_coordinatewise_minimum_over_the_frontier(pts):
    # Proof sketch: PMM_i = min over x in E of x_i.  E is the union of the segments between
    # consecutive vertices (or one vertex), and a linear function on a segment attains its
    # minimum at an end, so the minimum over E is the minimum over the vertices.
    frontier = pareto_frontier(pts)
    assert pareto_meet_minimum(pts) == (min(v[0] for v in frontier), min(v[1] for v in frontier))


def _improved_by_frontier(frontier, p):
    """Whether some point of the frontier chain weakly improves p."""
    if len(frontier) == 1:
        return weakly_improves(frontier[0], p)
    for u, v in zip(frontier, frontier[1:]):
        # e(t) = u + t (v - u), t in [0, 1]: x grows with t (u0 < v0), y falls (u1 > v1).
        # e(t)_0 >= p_0  <=>  t >= (p0 - u0)/(v0 - u0);  e(t)_1 >= p_1  <=>  t <= (u1 - p1)/(u1 - v1)
        lo = max(Fr(0), (p[0] - u[0]) / (v[0] - u[0]))
        hi = min(Fr(1), (u[1] - p[1]) / (u[1] - v[1]))
        if lo <= hi:
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(point_sets)
def test_every_input_point_is_weakly_improved_by_the_frontier(pts):
    # Proof sketch (E is not too short): for p in F the set {y in F : y >= p} is non-empty and
    # compact, so y1 + y2 has a maximizer y* on it; any point dominating y* would also be >= p
    # and have a larger sum, so y* is in E.  Hence some point of the frontier chain weakly
    # improves every input point.
    frontier = pareto_frontier(pts)
    assert all(_improved_by_frontier(frontier, p) for p in pts)
