"""Property tests: n-D geometry agrees with spi_lang/geometry.py for 2 players; for 3 (and
some 4/5) players the PMM, PMP, selections, lotteries and set operations satisfy their
definitions, checked exactly."""

import itertools
from fractions import Fraction as F

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from nd_twod import pareto_frontier_2d, pareto_meet_minimum_2d, pareto_meet_projection_2d

from spi_lang.geometry import planar as g2  # the 2-D reference
from spi_lang.geometry.nd.efficiency import is_efficient
from spi_lang.geometry.nd.game import GameGeometry
from spi_lang.geometry.nd.lottery import canonical_lottery
from spi_lang.geometry.nd.polytope import Polytope
from spi_lang.geometry.nd.selection import NashIrrational, dictator, leximin, leximin_key, nash, utilitarian
from spi_lang.geometry.nd.sets import PayoffSet, above, below

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
coord = st.fractions(min_value=-3, max_value=6, max_denominator=3)


def points(n, lo=1, hi=8):
    return st.lists(st.tuples(*[coord] * n), min_size=lo, max_size=hi)


def table_of(pts):
    return {(k,): p for k, p in enumerate(pts)}


def mixture(pts, weights):
    """A point of conv(pts) from non-negative integer weights (not all zero)."""
    total = sum(weights)
    return tuple(sum(F(w, total) * p[i] for w, p in zip(weights, pts)) for i in range(len(pts[0])))


@SETTINGS
@given(points(2), st.integers(0, 1), st.data())
def test_two_players_agree_with_spi_lang(pts, player, data):
    assert pareto_frontier_2d(pts) == g2.pareto_frontier(pts)
    assert pareto_meet_minimum_2d(pts) == g2.pareto_meet_minimum(pts)
    w = data.draw(st.lists(st.integers(0, 3), min_size=len(pts), max_size=len(pts)))
    assume(sum(w) > 0)
    a = mixture(pts, w)
    assert pareto_meet_projection_2d(pts, player, a) == g2.pareto_meet_projection(pts, player, a)


@SETTINGS
@given(points(3))
def test_pmm_below_every_efficient_point(pts):
    g = GameGeometry(table_of(pts))
    verts = g.efficient.vertices()
    for v in verts:  # linear, so the vertices of E suffice; each is efficient in F
        assert all(m <= c for m, c in zip(g.pmm, v))
        assert is_efficient(v, g.feasible)
    for i in range(3):  # and each PMM coordinate is attained on E
        assert any(v[i] == g.pmm[i] for v in verts)
    for face in g.efficient.pieces:  # the face's centre is efficient too
        centre = tuple(sum(c) / len(face.vertices) for c in zip(*face.vertices))
        assert is_efficient(centre, g.feasible)


@SETTINGS
@given(points(3), st.integers(0, 2), st.data())
def test_pmp_points_satisfy_the_definition(pts, player, data):
    g = GameGeometry(table_of(pts))
    w = data.draw(st.lists(st.integers(0, 3), min_size=len(pts), max_size=len(pts)))
    assume(sum(w) > 0)
    a = mixture(pts, w)
    floor = tuple(max(m, u) for m, u in zip(g.pmm, a))
    pmp = g.pmp(player, a)
    for v in pmp.vertices():
        assert g.feasible.contains(v) and v[player] >= floor[player]
        assert all(v[j] == floor[j] for j in range(3) if j != player)
    # Empty exactly when the point "floor with coordinate i as large as F allows" is missing.
    probe = PayoffSet.polytope(g.feasible).clip(
        above(floor), equations=[(tuple(F(int(k == j)) for k in range(3)), floor[j]) for j in range(3) if j != player])
    assert pmp.empty == probe.empty


def random_set(draw, n):
    k = draw(st.integers(1, 3))
    pieces = [Polytope.from_vertices(draw(points(n, 1, 6))) for _ in range(k)]
    return PayoffSet.of(n, pieces)


@SETTINGS
@given(st.data(), st.sampled_from([2, 3, 4]))
def test_selected_points_are_efficient_and_best(data, n):
    S = random_set(data.draw, n)
    base = tuple(min(v[i] for v in S.vertices()) for i in range(n))
    chosen = [(leximin(S), leximin_key), (utilitarian(S), lambda x: (sum(x), *leximin_key(x))),
              (dictator(S, n - 1), lambda x: (x[n - 1], *leximin_key(x)))]
    try:
        chosen.append((nash(S, base), None))
    except NashIrrational:
        pass
    for x, key in chosen:
        assert S.contains(x)
        assert is_efficient(x, S)  # exact LP per piece
        if key is not None:  # no vertex of the set beats the selected point
            assert all(key(v) <= key(x) for v in S.vertices())


@SETTINGS
@given(points(3, 1, 8), st.data())
def test_canonical_lottery_pays_the_point(pts, data):
    table = table_of(pts)
    w = data.draw(st.lists(st.integers(0, 4), min_size=len(pts), max_size=len(pts)))
    assume(sum(w) > 0)
    x = mixture(pts, w)
    lottery = canonical_lottery(table, x)
    assert 1 <= len(lottery) <= 4
    assert all(p > 0 for _, p in lottery) and sum(p for _, p in lottery) == 1
    assert GameGeometry(table).expected(lottery) == x
    assert canonical_lottery(table, x) == lottery  # deterministic


@SETTINGS
@given(st.sampled_from([2, 3, 4, 5]), st.data())
def test_v_to_h_to_v_round_trip(n, data):
    P = Polytope.from_vertices(data.draw(points(n, 1, 10)))
    Q = Polytope.from_halfspaces(n, P.inequalities, P.equations)
    assert Q == P and Q.within(P) and P.within(Q)
    for v in P.vertices:
        assert Q.contains(v)


@SETTINGS
@given(points(3, 4, 8))
def test_containment_in_unions_is_exact(pts):
    P = Polytope.from_vertices(pts)
    assume(P.dimension == 3)
    centre = tuple(sum(col) / len(P.vertices) for col in zip(*P.vertices))
    # Cut P by the plane x0 = centre0 into two closed halves: their union is P.
    lo = P.clip([((F(1), F(0), F(0)), centre[0])])
    hi = P.clip([((F(-1), F(0), F(0)), -centre[0])])
    halves = PayoffSet.of(3, [lo, hi])
    whole = PayoffSet.polytope(P)
    assert whole.within(halves) and halves.within(whole)
    # Shift the upper half a little: a slab of P is no longer covered.
    gap = F(1, 7)
    hi2 = P.clip([((F(-1), F(0), F(0)), -(centre[0] + gap))])
    if not hi2.is_empty and max(v[0] for v in P.vertices) > centre[0] + gap:
        assert not whole.within(PayoffSet.of(3, [lo, hi2]))
    # below / above and intersection are consistent with membership.
    box = whole.clip(below(centre)).union(whole.clip(above(centre)))
    assert box.contains(centre) and box.within(whole)
    # box lies in P, so P & box is box itself, as a set: each contains the other
    meet = whole.intersect(box)
    assert meet.within(box) and box.within(meet)


def test_charge_is_called_before_work_and_caps_raise():
    spent = []
    P = PayoffSet.polytope(Polytope.from_vertices([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)]))
    P.intersect(P, charge=spent.append)
    leximin(P, charge=spent.append)
    assert sum(spent) > 0 and all(u >= 0 for u in spent)

    class Stop(Exception):
        pass

    def refuse(units):
        raise Stop

    try:
        P.intersect(P, charge=refuse)
    except Stop:
        pass
    else:
        raise AssertionError("charge was not called")
    from spi_lang.geometry.nd import sets
    many = [Polytope.from_vertices([(k, 0, 0)]) for k in range(sets.MAX_PIECES + 1)]
    try:
        PayoffSet.of(3, many)
    except sets.SetTooLarge:
        pass
    else:
        raise AssertionError("no SetTooLarge")
