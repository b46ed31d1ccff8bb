"""Exact payoff-space sets (spi_lang.geometry.sets): finite unions of closed convex polygons given by
their vertices, with union, intersection, clipping by half-planes, membership and
containment, and the `below` / `above` half-plane helpers.

The first half checks hand-worked examples: the Scheduling game's feasible set F and the
offers of Example 4.1 of the paper (LANGUAGE.md section 6), then degenerate pieces (points,
segments, segments meeting polygons in a point, overlapping parallel segments, disjoint
sets), `within` for a piece covered only by several pieces together, and `PayoffSet.of`
dropping pieces that lie inside others. The second half checks properties on random small
sets with hypothesis, against an oracle for point membership written here (Caratheodory:
a point of the plane is in the hull of a few points iff it is one of them, lies on a
segment between two, or in a triangle of three), each with a sketch of why it must hold.
"""

import itertools
from fractions import Fraction as Fr

from hypothesis import given, settings
from hypothesis import strategies as st

from spi_lang.geometry.sets import PayoffSet, Piece, above, below


def P(x, y):
    return (Fr(x), Fr(y))


def hull(*points):
    return Piece.hull(P(*p) for p in points)


def union_of(*pieces):
    return PayoffSet.of(pieces)


def shape(s):
    """The set's pieces as sets of vertices (independent of start vertex and order)."""
    return {frozenset(piece.vertices) for piece in s.pieces}


def verts(*points):
    return frozenset(P(*p) for p in points)


F = union_of(hull((0, 0), (3, 1), (1, 3), (1, 1)))       # Scheduling: conv of its payoffs
BOLD = F.clip(below(P(3, 1)))                              # Bold1's offer (Example 4.1)
MODEST = F.clip(below(P(1, 3)))                            # Modest2's offer


# ------------------------------------------------------------------ Scheduling, by hand

def test_feasible_set_of_scheduling():
    # (1,1) is interior: 1 > 1/3 (above y = x/3), 1 < 3 (below y = 3x), 1 + 1 < 4
    assert shape(F) == {verts((0, 0), (3, 1), (1, 3))}
    assert F.contains(P(1, 1)) and F.contains(P(2, 2))         # 2 + 2 = 4: on the edge
    assert not F.contains((Fr(2), Fr(21, 10)))                # 2 + 21/10 > 4
    assert not F.contains(P(3, 0))                             # 0 < 3/3: below y = x/3


def test_below_and_above_are_the_weak_orthants():
    # below(x): y0 <= x0 and y1 <= x1; above(x): y0 >= x0 and y1 >= x1
    square = union_of(hull((0, 0), (4, 0), (4, 4), (0, 4)))
    assert shape(square.clip(below(P(1, 2)))) == {verts((0, 0), (1, 0), (1, 2), (0, 2))}
    assert shape(square.clip(above(P(1, 2)))) == {verts((1, 2), (4, 2), (4, 4), (1, 4))}
    # clipping with both leaves the single point (1, 2)
    assert shape(square.clip(below(P(1, 2)) + above(P(1, 2)))) == {verts((1, 2))}


def test_bold_offer_is_f_below_3_1():
    # y <= 1 cuts the edge y = 3x at x = 1/3 and the edge x + y = 4 at (3, 1); x <= 3 is slack
    assert shape(BOLD) == {frozenset({P(0, 0), P(3, 1), (Fr(1, 3), Fr(1))})}


def test_modest_offer_is_f_below_1_3():
    # x <= 1 cuts the edge y = x/3 at (1, 1/3) and the edge y = 3x at (1, 3)
    assert shape(MODEST) == {frozenset({P(0, 0), (Fr(1), Fr(1, 3)), P(1, 3)})}


def test_bold_and_modest_meet_in_a_quadrilateral():
    # x <= 1 and y <= 1 inside F: (0,0), (1, 1/3) on y = x/3, (1, 1), (1/3, 1) on y = 3x
    quad = frozenset({P(0, 0), (Fr(1), Fr(1, 3)), P(1, 1), (Fr(1, 3), Fr(1))})
    assert shape(BOLD.intersect(MODEST)) == {quad}
    assert shape(MODEST.intersect(BOLD)) == {quad}
    # the same set as F clipped by both orthants at once
    assert shape(F.clip(below(P(3, 1)) + below(P(1, 3)))) == {quad}


def test_union_with_the_point_3_1():
    point = PayoffSet.points([P(3, 1)])
    quad = BOLD.intersect(MODEST)
    # (3, 1) has 3 > 1, so it is outside the quadrilateral: two pieces
    both = quad.union(point)
    assert shape(both) == shape(quad) | {verts((3, 1))}
    assert both.contains(P(3, 1)) and both.contains(P(1, 1))
    assert not both.contains(P(2, 1))                          # between them: 2 > 1
    # Bold1 ∩ (Modest2 ∪ {(3,1)}) = (Bold1 ∩ Modest2) ∪ {(3,1)}: (3,1) is a vertex of Bold1
    assert shape(BOLD.intersect(MODEST.union(point))) == shape(both)
    # (3, 1) is a vertex of Bold1's triangle, so the union keeps Bold1 alone
    assert shape(BOLD.union(point)) == shape(BOLD)


# ------------------------------------------------------------------ degenerate pieces

def test_points():
    a, b = PayoffSet.points([P(1, 2)]), PayoffSet.points([P(2, 1)])
    assert shape(a.intersect(a)) == {verts((1, 2))}
    assert a.intersect(b).empty and not a.empty
    assert PayoffSet.points([P(1, 2), P(1, 2)]).pieces == (Piece((P(1, 2),)),)  # deduplicated
    assert shape(a.union(b)) == {verts((1, 2)), verts((2, 1))}


def test_point_and_segment():
    seg = union_of(hull((0, 0), (2, 2)))
    assert shape(seg.intersect(PayoffSet.points([P(1, 1)]))) == {verts((1, 1))}    # on it
    assert shape(seg.intersect(PayoffSet.points([P(2, 2)]))) == {verts((2, 2))}    # its end
    assert seg.intersect(PayoffSet.points([P(1, 0)])).empty                        # beside it
    assert seg.intersect(PayoffSet.points([P(3, 3)])).empty                        # beyond its end


def test_segment_meeting_a_polygon_in_a_point():
    # F at height 1 spans x in [1/3, 3]; the segment (3,1)-(5,1) starts where it ends
    assert shape(F.intersect(union_of(hull((3, 1), (5, 1))))) == {verts((3, 1))}
    # the segment (2,2)-(3,3) has x + y from 4 to 6 and F has x + y <= 4: only (2, 2)
    assert shape(F.intersect(union_of(hull((2, 2), (3, 3))))) == {verts((2, 2))}
    # crossing F at height 1: from y = 3x at x = 1/3 to (3, 1)
    crossing = F.intersect(union_of(hull((0, 1), (4, 1))))
    assert shape(crossing) == {frozenset({(Fr(1, 3), Fr(1)), P(3, 1)})}
    # a segment lying along the edge (3,1)-(1,3) of F, sticking out at both ends
    assert shape(F.intersect(union_of(hull((4, 0), (0, 4))))) == {verts((3, 1), (1, 3))}


def test_segments():
    def seg(p, q):
        return union_of(hull(p, q))
    # collinear and overlapping: [0, 2] ∩ [1, 3] = [1, 2], horizontally and diagonally
    assert shape(seg((0, 0), (2, 0)).intersect(seg((1, 0), (3, 0)))) == {verts((1, 0), (2, 0))}
    assert shape(seg((0, 0), (2, 2)).intersect(seg((3, 3), (1, 1)))) == {verts((1, 1), (2, 2))}
    # one inside the other
    assert shape(seg((0, 0), (4, 0)).intersect(seg((1, 0), (3, 0)))) == {verts((1, 0), (3, 0))}
    # end to end: [0, 1] ∩ [1, 2] = {1}
    assert shape(seg((0, 0), (1, 0)).intersect(seg((1, 0), (2, 0)))) == {verts((1, 0))}
    # crossing diagonals of the square [0, 2]^2 meet at its centre
    assert shape(seg((0, 0), (2, 2)).intersect(seg((0, 2), (2, 0)))) == {verts((1, 1))}
    # parallel lines, and collinear with a gap: empty
    assert seg((0, 0), (2, 0)).intersect(seg((0, 1), (2, 1))).empty
    assert seg((0, 0), (1, 0)).intersect(seg((2, 0), (3, 0))).empty
    # segments that would cross if extended: (0,0)-(1,1) and (3,0)-(2,1) lie on y = x and
    # x + y = 3, which meet at (3/2, 3/2), beyond both
    assert seg((0, 0), (1, 1)).intersect(seg((3, 0), (2, 1))).empty


def test_polygons_sharing_an_edge_or_a_vertex_or_nothing():
    lower = union_of(hull((0, 0), (2, 0), (0, 2)))
    upper = union_of(hull((2, 0), (2, 2), (0, 2)))
    assert shape(lower.intersect(upper)) == {verts((2, 0), (0, 2))}
    corner = union_of(hull((2, 2), (3, 2), (2, 3)))
    assert shape(upper.intersect(corner)) == {verts((2, 2))}
    assert lower.intersect(corner).empty                      # x + y <= 2 vs x + y >= 4
    assert lower.intersect(PayoffSet()).empty and PayoffSet().union(lower) == lower


# ------------------------------------------------------------------ within, and `of`

def test_within_for_a_piece_covered_by_two_pieces_together():
    square = union_of(hull((0, 0), (2, 0), (2, 2), (0, 2)))
    left, right = hull((0, 0), (1, 0), (1, 2), (0, 2)), hull((1, 0), (2, 0), (2, 2), (1, 2))
    assert square.within(union_of(left, right))
    assert not square.within(union_of(left)) and not square.within(union_of(right))
    # left plus only the lower half of the right: the corner (1,1)-(2,2) is uncovered
    assert not square.within(union_of(left, hull((1, 0), (2, 0), (2, 1), (1, 1))))
    # the two triangles on either side of the diagonal (0,0)-(2,2)
    assert square.within(union_of(hull((0, 0), (2, 0), (2, 2)), hull((0, 0), (2, 2), (0, 2))))


def test_within_for_f_and_segments():
    # F = (F, y <= 1) ∪ (F, x <= 1) ∪ (F, x >= 1, y >= 1): every point has y <= 1, x <= 1,
    # or both >= 1; the last part is the triangle (1,1), (3,1), (1,3)
    top = hull((1, 1), (3, 1), (1, 3))
    assert F.within(BOLD.union(MODEST).union(union_of(top)))
    assert not F.within(BOLD.union(MODEST))                   # (2, 2) is in neither
    # [0, 3] is covered by [0, 2] ∪ [1, 3], not by [0, 1] ∪ [2, 3]
    line = union_of(hull((0, 0), (3, 0)))
    assert line.within(union_of(hull((0, 0), (2, 0)), hull((1, 0), (3, 0))))
    assert not line.within(union_of(hull((0, 0), (1, 0)), hull((2, 0), (3, 0))))
    # a segment across two squares that share the edge x = 1
    across = union_of(hull((0, Fr(1, 2)), (2, Fr(1, 2))))
    assert across.within(union_of(hull((0, 0), (1, 0), (1, 1), (0, 1)),
                                  hull((1, 0), (2, 0), (2, 1), (1, 1))))
    assert PayoffSet().within(PayoffSet()) and not line.within(PayoffSet())


def test_of_drops_pieces_inside_others_and_keeps_order():
    tri = hull((0, 0), (3, 1), (1, 3))
    inner, far = hull((1, 1)), hull((5, 5))
    assert union_of(inner, tri, far).pieces == (tri, far)     # (1,1) lies in F
    assert union_of(tri, inner, far).pieces == (tri, far)
    assert union_of(far, tri, tri).pieces == (far, tri)       # a repeat is dropped
    # the edge (0,0)-(3,1) of F, and the sub-triangle Bold1, are dropped too
    assert union_of(hull((0, 0), (3, 1)), tri).pieces == (tri,)
    assert union_of(*BOLD.pieces, tri).pieces == (tri,)


# ------------------------------------------------------------------ properties

coords = st.integers(0, 6).map(lambda k: Fr(k, 2))          # 0, 1/2, ..., 3
points = st.tuples(coords, coords)
raw_pieces = st.lists(points, min_size=1, max_size=4)
raw_sets = st.lists(raw_pieces, min_size=1, max_size=3)
probes = st.lists(st.tuples(*[st.integers(-1, 13).map(lambda k: Fr(k, 4))] * 2), max_size=12)


def cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def in_hull(pts, x):
    """x is in conv(pts): equal to one, on a segment between two, or in a triangle of three."""
    pts = list(set(pts))
    if x in pts:
        return True
    for a, b in itertools.combinations(pts, 2):
        if cross(a, b, x) == 0 and min(a[0], b[0]) <= x[0] <= max(a[0], b[0]) \
                and min(a[1], b[1]) <= x[1] <= max(a[1], b[1]):
            return True
    for a, b, c in itertools.combinations(pts, 3):
        signs = [cross(a, b, x), cross(b, c, x), cross(c, a, x)]
        if cross(a, b, c) != 0 and (min(signs) >= 0 or max(signs) <= 0):
            return True
    return False


def member(raw, x):
    return any(in_hull(r, x) for r in raw)


def build(raw):
    return PayoffSet.of(Piece.hull(r) for r in raw)


def vertices(s):
    return [v for piece in s.pieces for v in piece.vertices]


@settings(max_examples=300, deadline=None)
@given(raw_sets, raw_sets, probes)
def test_intersection_and_union_agree_with_membership(ra, rb, extra):
    # Proof sketch: (∪a) ∩ (∪b) = ∪(a ∩ b) and the union is the union of the pieces, so a
    # point is in A∩B (A∪B) iff it is in some piece of A and (or) some piece of B. We probe
    # random points and every vertex of A, B, A∩B and A∪B (the vertices of A∩B are line
    # intersections with fractional coordinates: exactly the points rounding would break),
    # and read each result both through `contains` and through the oracle on its vertices.
    a, b = build(ra), build(rb)
    meet, join = a.intersect(b), a.union(b)
    for x in extra + vertices(a) + vertices(b) + vertices(meet) + vertices(join):
        in_a, in_b = member(ra, x), member(rb, x)
        assert a.contains(x) == in_a and b.contains(x) == in_b
        assert meet.contains(x) == (in_a and in_b)
        assert any(in_hull(p.vertices, x) for p in meet.pieces) == (in_a and in_b)
        assert join.contains(x) == (in_a or in_b)
        assert any(in_hull(p.vertices, x) for p in join.pieces) == (in_a or in_b)


@settings(max_examples=300, deadline=None)
@given(raw_sets, raw_sets)
def test_vertices_of_the_intersection(ra, rb):
    # Proof sketch: A∩B ⊆ A and ⊆ B, so its vertices are in both; and a vertex of A lying in
    # B is a point of A and of B, hence of A∩B. (Emptiness of A∩B cannot be decided from
    # vertices alone, since two polygons may cross with no vertex of either inside the other,
    # but a vertex of A inside B is a witness that A∩B is not empty.)
    a, b = build(ra), build(rb)
    meet = a.intersect(b)
    for v in vertices(meet):
        assert member(ra, v) and member(rb, v)
    for v in vertices(a):
        if member(rb, v):
            assert meet.contains(v) and not meet.empty


@settings(max_examples=300, deadline=None)
@given(raw_sets, raw_sets)
def test_within_the_operands(ra, rb):
    # Proof sketch: every point of A∩B is in A and in B, and every point of A (or B) is in
    # A∪B; A ⊆ A. `within` is exact, so each must hold.
    a, b = build(ra), build(rb)
    meet, join = a.intersect(b), a.union(b)
    assert meet.within(a) and meet.within(b)
    assert a.within(join) and b.within(join) and a.within(a)
    assert join.within(b) == all(build([r]).within(b) for r in ra)  # A∪B ⊆ B iff A ⊆ B


@settings(max_examples=300, deadline=None)
@given(raw_sets, raw_sets, probes)
def test_within_agrees_with_probes(ra, rb, extra):
    # Proof sketch: if A ⊆ B, every point of A (its vertices, probes inside it) is in B; so a
    # vertex or probe of A outside B means A is not a subset of B. And A ⊆ B iff A ⊆ A∩B,
    # which ties `within` to `intersect`.
    a, b = build(ra), build(rb)
    inside_a = [x for x in extra + vertices(a) if member(ra, x)]
    if a.within(b):
        assert all(member(rb, x) for x in inside_a)
    assert a.within(b) == a.within(a.intersect(b))


halfplanes = st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-4, 8)).filter(
    lambda h: h[:2] != (0, 0)).map(lambda h: (Fr(h[0]), Fr(h[1]), Fr(h[2], 2)))


@settings(max_examples=300, deadline=None)
@given(raw_pieces, halfplanes, halfplanes)
def test_a_piece_is_within_its_parts_cut_by_two_lines(raw, h, g):
    # Proof sketch: every point x satisfies h(x) <= 0 or -h(x) <= 0, and likewise for g, so
    # the (up to) four parts X∩{±h}∩{±g} cover X, while no single part need. This checks
    # `within` when only several pieces together cover a piece.
    x = build([raw])
    flip = [(-h[0], -h[1], -h[2]), (-g[0], -g[1], -g[2])]
    parts = [x.clip([hh, gg]) for hh in (h, flip[0]) for gg in (g, flip[1])]
    cover = PayoffSet.of(p for part in parts for p in part.pieces)
    assert x.within(cover)
    for part in parts:
        assert part.within(x)


@settings(max_examples=300, deadline=None)
@given(raw_sets, points, probes)
def test_clip_below_and_above_agree_with_membership(ra, corner, extra):
    # Proof sketch: below(c) is {y : y0 <= c0, y1 <= c1} and above(c) is {y : y >= c}, so
    # clipping keeps exactly the points of A in that orthant.
    a = build(ra)
    low, high = a.clip(below(corner)), a.clip(above(corner))
    for x in extra + vertices(a) + vertices(low) + vertices(high) + [corner]:
        assert low.contains(x) == (member(ra, x) and x[0] <= corner[0] and x[1] <= corner[1])
        assert high.contains(x) == (member(ra, x) and x[0] >= corner[0] and x[1] >= corner[1])


def test_operations_charge_their_work_before_doing_it():
    # The fuel units are counted by hand: an intersection tests every vertex of the left set
    # against every half-plane of the right one, and a union tests every piece's vertices
    # against every other piece's half-planes (issue 17, F4c); all numbers here fit in one
    # 64-bit word, so no factor for their size.
    spent = []
    triangle = PayoffSet((Piece.hull([P(0, 0), P(2, 0), P(0, 2)]),))          # 3 vertices
    square = PayoffSet((Piece.hull([P(1, 1), P(3, 1), P(3, 3), P(1, 3)]),))   # 4 half-planes
    assert triangle.intersect(square, spent.append) == PayoffSet((Piece((P(1, 1),)),))
    assert spent == [3 * 4, 0]  # 12 vertex tests; the one resulting piece has no pair
    spent.clear()
    big = PayoffSet((Piece.hull([P(0, 0), P(2 ** 200, 0), P(0, 2 ** 200)]),))  # 201 bits: 4 words
    big.intersect(square, spent.append)
    assert spent[0] == 3 * 4 * (1 + 201 // 64)
    spent.clear()
    PayoffSet.points([P(0, 0), P(1, 1), P(2, 2)], spent.append)
    assert spent == [3 * 2 * 1 * 4]  # 6 ordered pairs, 1 vertex against a point's 4 half-planes
    spent.clear()
    square.clip(below(P(2, 2)), spent.append)
    assert spent == [4 * 2, 0]  # 4 vertices x 2 half-planes; one piece left
