"""The integer fast paths of the 2-D geometry agree with the `Fraction` definitions.

`convex_hull` (spi_lang.geometry.planar) runs Andrew's monotone chain on integers: on one
common denominator per axis, or, when those would be too long, on homogeneous points
(X, Y, W). `Piece.contains` (spi_lang.geometry.sets) tests integer half-planes against the
point's numerators and denominators. Each is compared here with a plain `Fraction`
version written in this file, on random rational points with varied denominators (with
collinear and repeated points, single points and segments), and on a few hand-worked
examples.
"""

from fractions import Fraction as Fr

from hypothesis import given, settings
from hypothesis import strategies as st

from spi_lang.geometry import planar, sets
from spi_lang.geometry.planar import convex_hull
from spi_lang.geometry.sets import Piece


def reference_hull(points):
    """Andrew's monotone chain with `Fraction` cross products (the definition)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return tuple(pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def chain(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = chain(pts), chain(reversed(pts))
    hull = lower[:-1] + upper[:-1]
    return tuple(hull) if len(hull) >= 2 else (pts[0], pts[-1])


def reference_contains(piece, x):
    """Membership by the `Fraction` half-planes of the piece."""
    return all(a0 * x[0] + a1 * x[1] <= b for a0, a1, b in piece.planes)


# Numerators and denominators small enough to repeat (duplicates, collinear points) and
# denominators varied enough that points rarely share one.
rationals = st.builds(Fr, st.integers(-12, 12), st.sampled_from([1, 2, 3, 4, 6, 7, 9, 10, 12, 97]))
points = st.tuples(rationals, rationals)
# Points on one line y = m x + c: every hull of them is a point or a segment.
lines = st.tuples(rationals, rationals, st.lists(rationals, min_size=1, max_size=8))


@settings(max_examples=400, deadline=None)
@given(st.lists(points, min_size=1, max_size=14))
def test_hull_is_the_fraction_hull(pts):
    # The same tuple, vertex for vertex, in the same order.
    assert convex_hull(pts) == reference_hull(pts)


@settings(max_examples=400, deadline=None)
@given(st.lists(points, min_size=3, max_size=14))
def test_homogeneous_hull_is_the_fraction_hull(pts):
    # The path for points whose common denominators would be too long, called directly.
    expected = reference_hull(pts)
    if len(set(pts)) > 2:
        assert planar._homogeneous_hull(sorted(set(pts))) == expected


@settings(max_examples=200, deadline=None)
@given(lines)
def test_hull_of_collinear_points_is_the_fraction_hull(line):
    m, c, xs = line
    pts = [(x, m * x + c) for x in xs] + [(x, m * x + c) for x in xs[:2]]  # with repeats
    assert convex_hull(pts) == reference_hull(pts)
    if len(set(pts)) > 2:
        assert planar._homogeneous_hull(sorted(set(pts))) == reference_hull(pts)


def test_hull_with_integer_coordinates_keeps_them():
    # `_hull_of_homogeneous` in sets.py passes ints; they have numerator and denominator.
    assert convex_hull([(0, 0), (2, 0), (1, 1), (0, 2), (1, 0)]) == ((0, 0), (2, 0), (0, 2))


def test_hull_past_the_scale_bound_takes_the_homogeneous_path():
    # Denominators 3^2000, 5^2000, 7^2000 are coprime, so the common denominator of the
    # x axis is 3^2000 * 7^2000, about 2000 * (1.585 + 2.807) = 8,785 bits > 8,192.
    a, b, c = Fr(1, 3 ** 2000), Fr(1, 5 ** 2000), Fr(1, 7 ** 2000)
    assert planar._common_denominator([a, c]) is None
    pts = [(a, Fr(0)), (Fr(0), b), (c, c), (Fr(1), Fr(1))]
    # Sorted by x: (0, b) < (c, c) < (a, 0) < (1, 1), as 0 < 7^-2000 < 3^-2000 < 1.
    # The turn (0, b) -> (c, c) -> (a, 0) is (c, c - b) x (a, -b) = ab - c(a + b), and
    # ab = 15^-2000 is far above c(a + b) < 2ac = 2 * 21^-2000: a left turn, so (c, c) is
    # a vertex (below the segment from (0, b) to (a, 0)). The turn (c, c) -> (a, 0) ->
    # (1, 1) is (a - c, -c) x (1 - c, 1 - c) = a (1 - c) > 0: (a, 0) is one too.
    assert convex_hull(pts) == reference_hull(pts) == ((Fr(0), b), (c, c), (a, Fr(0)), (Fr(1), Fr(1)))


@settings(max_examples=300, deadline=None)
@given(st.lists(points, min_size=1, max_size=8), st.lists(points, min_size=1, max_size=10))
def test_contains_is_the_fraction_test(vertices, probes):
    piece = Piece.hull(vertices)
    for x in probes + list(piece.vertices):
        assert piece.contains(x) == reference_contains(piece, x)


def test_contains_by_hand():
    piece = Piece.hull([(Fr(0), Fr(0)), (Fr(1), Fr(0)), (Fr(0), Fr(1))])
    # x + y <= 1 with x = (1/3, 2/3): 1 * 3 + 2 * 3 = 9 <= 1 * 3 * 3 = 9, on the edge.
    assert piece.contains((Fr(1, 3), Fr(2, 3)))
    # x = (1/3, 3/4): 1 * 4 + 3 * 3 = 13 > 1 * 3 * 4 = 12, so 13/12 > 1: outside.
    assert not piece.contains((Fr(1, 3), Fr(3, 4)))
    # x = (-1/5, 1/2): the plane -x <= 0 gives -1 * 2 = -2 > 0 * 5 * 2 = 0: outside.
    assert not piece.contains((Fr(-1, 5), Fr(1, 2)))


@settings(max_examples=200, deadline=None)
@given(st.lists(points, min_size=1, max_size=10))
def test_plane_count_is_the_number_of_planes(vertices):
    # Fuel is charged by plane_count before the planes are made: it must be their number.
    piece = Piece.hull(vertices)
    assert piece.plane_count == len(piece.planes)


planes = st.lists(st.tuples(rationals, rationals, rationals), min_size=1, max_size=3).map(tuple)


@settings(max_examples=300, deadline=None)
@given(planes, planes)
def test_plane_keys_are_equal_exactly_when_the_planes_are(p, q):
    # `clip` keys its memo by _plane_key: it must not merge or split equal planes.
    assert (sets._plane_key(p) == sets._plane_key(q)) == (p == q)
    assert sets._plane_key(p) == sets._plane_key(tuple(tuple(Fr(v) for v in plane) for plane in p))
