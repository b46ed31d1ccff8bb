"""Selection functions (spi_lang.geometry.selection; paper section 4.2, Definition 6; LANGUAGE.md
sections 6-7) and the canonical outcome that plays a selected payoff point.

`select(name, game, S)` picks a point of a non-empty payoff set S: `leximin` (largest
smallest payoff, then the next, then the payoff vector), `utilitarian` (largest sum, ties
by leximin), `nash` (largest product of gains over each player's lowest payoff in the game,
ties by leximin), `dictator:P` (best for P, ties by leximin). The first half works examples
by hand (Example 4.1, the feasible sets of Scheduling, Chicken and the Prisoner's Dilemma,
segments where the four functions disagree); the second half checks on random games and
random sets inside F that each selection is a Pareto-efficient point of the set that
maximizes its own order, that it is transitive, and that it picks the single point where
the two players' Pareto meet projections meet. `canonical_outcome` is checked by hand and
by the property that its expected payoff is the point it was given.
"""

import itertools
from fractions import Fraction as Fr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spi_lang
from spi_lang.geometry.games import Game
from spi_lang.geometry.planar import dominates, pareto_meet_minimum, pareto_meet_projection, weakly_improves
from spi_lang.geometry.selection import canonical_outcome, select
from spi_lang.geometry.sets import PayoffSet, Piece, above, below
from spi_lang.syntax.errors import SpiError
from spi_lang.syntax.resources import stdlib_dir


def P(x, y):
    return (Fr(x), Fr(y))


def stdlib_game(relpath, name):
    return spi_lang.load(str(stdlib_dir() / relpath)).games[name]


def feasible(game):
    return PayoffSet.of([Piece.hull(game.table.values())])


def segment(p, q):
    return PayoffSet.of([Piece.hull([p, q])])


def names(game):
    return ["leximin", "utilitarian", "nash"] + [f"dictator:{p}" for p in game.players]


SCHEDULING = stdlib_game("games/scheduling.spi", "Scheduling")
CHICKEN = stdlib_game("games/chicken.spi", "Chicken")
PD = stdlib_game("games/prisoners_dilemma.spi", "PrisonersDilemma")


# ------------------------------------------------------------------ Example 4.1

def test_example_4_1_bold_against_modest_selects_1_1():
    # Defaults (Slot1, Slot2) pay a = (0, 0), and every point of F weakly improves on it.
    # Bold1 offers F ∩ below(3,1), Modest2 offers F ∩ below(1,3); their intersection is the
    # quadrilateral (0,0), (1,1/3), (1,1), (1/3,1). Every point of it has x0 <= 1 (Modest2's
    # bound) and x1 <= 1 (Bold1's bound), so (1,1), which is in it, weakly dominates every
    # point of it: any other point is dominated by (1,1), so (1,1) is its only
    # Pareto-efficient point and every selection function must pick it.
    f = feasible(SCHEDULING)
    agreement = f.clip(below(P(3, 1))).intersect(f.clip(below(P(1, 3))))
    for name in names(SCHEDULING):
        assert select(name, SCHEDULING, agreement) == P(1, 1), name
    assert canonical_outcome(SCHEDULING, P(1, 1)) == SCHEDULING.pure(("Slot3", "Slot3"))


def test_example_4_1_bold_against_generous_selects_3_1():
    # Generous2 offers below(1,3) | point(3,1); the agreement set is the quadrilateral above
    # plus the point (3,1). (3,1) has 3 >= 1 >= x0 and 1 >= x1 for every point of the
    # quadrilateral, so it weakly dominates all of them and is the only efficient point.
    # dictator:P2 by hand: the largest x1 is 1, reached by (3,1) and the edge (1/3,1)-(1,1);
    # ties by leximin: min is 1 at (3,1) and (1,1) (1/3 at (1/3,1)), then the larger payoff
    # 3 > 1 picks (3,1). So all five functions, dictator:P2 included, give (3,1).
    f = feasible(SCHEDULING)
    generous = f.clip(below(P(1, 3))).union(PayoffSet.points([P(3, 1)]))
    agreement = f.clip(below(P(3, 1))).intersect(generous)
    for name in names(SCHEDULING):
        assert select(name, SCHEDULING, agreement) == P(3, 1), name
    assert canonical_outcome(SCHEDULING, P(3, 1)) == SCHEDULING.pure(("Slot1", "Slot1"))


# ------------------------------------------------------------------ the stdlib games, by hand

def test_scheduling_feasible_set():
    f = feasible(SCHEDULING)
    # leximin: F has x0 + x1 <= 4, so min(x) <= 2, reached only at (2, 2) on the frontier.
    # utilitarian: the whole frontier (3,1)-(1,3) has sum 4; ties by leximin: (2, 2).
    # nash: the lowest payoffs are (0, 0); x0*x1 <= ((x0 + x1)/2)^2 <= 4 with equality only
    #       at (2, 2): the optimum is inside the edge, not at a vertex.
    # dictator:P1: x0 <= 3 in F, only at (3, 1); dictator:P2 likewise (1, 3).
    expected = {"leximin": P(2, 2), "utilitarian": P(2, 2), "nash": P(2, 2),
                "dictator:P1": P(3, 1), "dictator:P2": P(1, 3)}
    for name, point in expected.items():
        assert select(name, SCHEDULING, f) == point, name


def test_chicken_feasible_set():
    # F = hull (0,0), (4,1), (3,3), (1,4); players Row, Col.
    # leximin: on the edge (1,4)-(3,3) x0 <= 3, on (3,3)-(4,1) x1 <= 3: min 3 only at (3,3).
    # utilitarian: sums 0, 5, 6, 5: (3, 3).
    # nash (lows 0, 0): products 0, 4, 9, 4; on (1,4)-(3,3), (1+2t)(4-t) = 4 + 7t - 2t^2 has
    #   derivative 7 - 4t > 0 on [0, 1]; on (3,3)-(4,1), (3+t)(3-2t) = 9 - 3t - 2t^2 falls:
    #   (3, 3). dictator:Row: x0 = 4 only at (4, 1); dictator:Col: (1, 4).
    f = feasible(CHICKEN)
    expected = {"leximin": P(3, 3), "utilitarian": P(3, 3), "nash": P(3, 3),
                "dictator:Row": P(4, 1), "dictator:Col": P(1, 4)}
    for name, point in expected.items():
        assert select(name, CHICKEN, f) == point, name


def test_chicken_segment_where_the_functions_disagree():
    # The segment (1,4)-(7/2,2) of Chicken's F ((7/2, 2) is on the edge (3,3)-(4,1): at x0 =
    # 7/2, x1 = 3 - 2*(1/2) = 2). Points: x = (1 + 5t/2, 4 - 2t), t in [0, 1].
    # leximin: x0 = x1 at 1 + 5t/2 = 4 - 2t, t = 2/3: (8/3, 8/3).
    # utilitarian: sum 5 + t/2 grows: t = 1, (7/2, 2).
    # nash: (1 + 5t/2)(4 - 2t) = 4 + 8t - 5t^2, derivative 8 - 10t = 0 at t = 4/5:
    #   (1 + 2, 4 - 8/5) = (3, 12/5), product 36/5 > 7 = 7/2 * 2 > 4 = 1 * 4.
    # dictator:Row: (7/2, 2); dictator:Col: (1, 4).
    s = segment(P(1, 4), (Fr(7, 2), Fr(2)))
    expected = {"leximin": (Fr(8, 3), Fr(8, 3)), "utilitarian": (Fr(7, 2), Fr(2)),
                "nash": (Fr(3), Fr(12, 5)), "dictator:Row": (Fr(7, 2), Fr(2)),
                "dictator:Col": P(1, 4)}
    for name, point in expected.items():
        assert select(name, CHICKEN, s) == point, name


def test_prisoners_dilemma_feasible_set():
    # F = hull (0,5), (1,1), (5,0), (3,3). leximin: (3,3) has min 3; on (0,5)-(3,3) x0 <= 3
    # and on (3,3)-(5,0) x1 <= 3. utilitarian: sums 5, 2, 5, 6: (3,3). nash (lows 0, 0): on
    # (0,5)-(3,3), 3t(5 - 2t) = 15t - 6t^2 has derivative 15 - 12t > 0 on [0,1]: (3,3), and
    # symmetrically on the other edge. dictator:P1: (5, 0); dictator:P2: (0, 5).
    f = feasible(PD)
    expected = {"leximin": P(3, 3), "utilitarian": P(3, 3), "nash": P(3, 3),
                "dictator:P1": P(5, 0), "dictator:P2": P(0, 5)}
    for name, point in expected.items():
        assert select(name, PD, f) == point, name
    assert canonical_outcome(PD, P(3, 3)) == PD.pure(("Cooperate", "Cooperate"))


def shifted_game():
    # lowest payoffs: P1 min(1, 3, 1, 2) = 1, P2 min(3, 1, 0, 0) = 0
    table = {("A", "A"): P(1, 3), ("A", "B"): P(3, 1), ("B", "A"): P(1, 0), ("B", "B"): P(2, 0)}
    return Game("Shifted", ("P1", "P2"), (("A", "B"), ("A", "B")), table)


def test_nash_measures_gains_over_the_lowest_payoffs_of_the_game():
    # On (1,3)-(3,1), x = (1 + 2t, 3 - 2t): (x0 - 1)(x1 - 0) = 2t(3 - 2t) = 6t - 4t^2 peaks at
    # t = 3/4: (5/2, 3/2), product 9/4 (ends: 0 and 2). With lows (0, 0) it would be (2, 2).
    g = shifted_game()
    s = segment(P(1, 3), P(3, 1))
    assert select("nash", g, s) == (Fr(5, 2), Fr(3, 2))
    assert select("leximin", g, s) == P(2, 2)
    # On (1,0)-(1,3), x0 - 1 = 0: the product is 0 everywhere; ties by leximin: min(1, x1) is
    # 1 for x1 >= 1, then the larger payoff x1 = 3: (1, 3). With the point (2, 0) added
    # (product (2-1)*0 = 0 too), min 0 < 1 keeps (1, 3).
    flat = segment(P(1, 0), P(1, 3))
    assert select("nash", g, flat) == P(1, 3)
    assert select("nash", g, flat.union(PayoffSet.points([P(2, 0)]))) == P(1, 3)
    # A point with a positive product beats the flat piece: (3/2)*(1/2) = 3/4 > 0.
    assert select("nash", g, flat.union(PayoffSet.points([(Fr(5, 2), Fr(1, 2))]))) == \
        (Fr(5, 2), Fr(1, 2))


def test_unknown_selection_names_raise_spierror():
    f = feasible(SCHEDULING)
    for bad in ["egalitarian", "Leximin", "dictator:P3", "dictator:", "dictator:Row"]:
        with pytest.raises(SpiError):
            select(bad, SCHEDULING, f)
    with pytest.raises(SpiError):
        select("dictator:P1", CHICKEN, feasible(CHICKEN))        # Chicken's are Row, Col


# ------------------------------------------------------------------ canonical outcome, by hand

def test_canonical_outcome_of_pure_payoffs_is_the_first_profile():
    # Scheduling in profile order: (Slot1,Slot1)=(3,1), (Slot1,Slot2)=(0,0), ... so (0,0) is
    # first paid by (Slot1, Slot2), though six profiles pay it.
    assert canonical_outcome(SCHEDULING, P(0, 0)) == SCHEDULING.pure(("Slot1", "Slot2"))
    assert canonical_outcome(SCHEDULING, P(1, 3)) == SCHEDULING.pure(("Slot2", "Slot2"))
    assert canonical_outcome(CHICKEN, P(4, 1)) == CHICKEN.pure(("Dare", "Swerve"))


def test_canonical_outcome_on_segments_between_two_payoffs():
    g = SCHEDULING
    # Payoffs by first profile: A=(3,1) (Slot1,Slot1), B=(0,0) (Slot1,Slot2), C=(1,3)
    # (Slot2,Slot2), D=(1,1) (Slot3,Slot3); pairs in order AB, AC, AD, BC, BD, CD.
    # (2,2): not on AB (y = x/3: 2 != 2/3); on AC (x + y = 4): 1/2 A + 1/2 C.
    assert canonical_outcome(g, P(2, 2)) == g.outcome(
        [(("Slot1", "Slot1"), Fr(1, 2)), (("Slot2", "Slot2"), Fr(1, 2))])
    # (1, 1/3) on AB: 1/3 (3,1) + 2/3 (0,0) = (1, 1/3).
    assert canonical_outcome(g, (Fr(1), Fr(1, 3))) == g.outcome(
        [(("Slot1", "Slot1"), Fr(1, 3)), (("Slot1", "Slot2"), Fr(2, 3))])
    # (2,1): not on AB (1 != 2/3) nor AC (3 != 4); on AD (y = 1): 1/2 (3,1) + 1/2 (1,1).
    assert canonical_outcome(g, P(2, 1)) == g.outcome(
        [(("Slot1", "Slot1"), Fr(1, 2)), (("Slot3", "Slot3"), Fr(1, 2))])
    # (1/2,1/2): off AB, AC, AD, BC (y = 3x); on BD (y = x): 1/2 (0,0) + 1/2 (1,1).
    assert canonical_outcome(g, (Fr(1, 2), Fr(1, 2))) == g.outcome(
        [(("Slot1", "Slot2"), Fr(1, 2)), (("Slot3", "Slot3"), Fr(1, 2))])
    # Chicken: (5/2,5/2) is on (0,0)-(3,3) (pair 1-4 in profile order) and on (4,1)-(1,4)
    # (pair 2-3); the first pair wins: 1/6 (0,0) + 5/6 (3,3) = (5/2, 5/2).
    assert canonical_outcome(CHICKEN, (Fr(5, 2), Fr(5, 2))) == CHICKEN.outcome(
        [(("Dare", "Dare"), Fr(1, 6)), (("Swerve", "Swerve"), Fr(5, 6))])


def test_canonical_outcome_needing_three_profiles():
    # (3/2,3/2) lies on no segment between two payoffs (AB: 3/2 != 1/2, AC: 3 != 4, AD: 3/2
    # != 1, BC: 3/2 != 9/2, BD: beyond (1,1), CD: 3/2 != 1) but inside the triangle ABC:
    # a(3,1) + c(1,3) = (3/2,3/2) gives 3a + c = a + 3c = 3/2, a = c = 3/8, b = 1/4.
    g = SCHEDULING
    out = canonical_outcome(g, (Fr(3, 2), Fr(3, 2)))
    assert out == g.outcome([(("Slot1", "Slot1"), Fr(3, 8)), (("Slot1", "Slot2"), Fr(1, 4)),
                             (("Slot2", "Slot2"), Fr(3, 8))])
    assert g.expected(out) == (Fr(3, 2), Fr(3, 2))
    with pytest.raises(SpiError):
        canonical_outcome(g, P(3, 3))                         # 3 + 3 > 4: outside F


# ------------------------------------------------------------------ properties

small = st.integers(-2, 4).map(Fr)


@st.composite
def games(draw):
    sizes = (draw(st.integers(2, 4)), draw(st.integers(2, 4)))
    actions = tuple(tuple(f"{s}{k}" for k in range(n)) for s, n in zip("AB", sizes))
    table = {profile: (draw(small), draw(small)) for profile in itertools.product(*actions)}
    return Game("G", ("P1", "P2"), actions, table)


def points_in(game):
    """Random points of F: convex combinations of the pure payoffs with small weights."""
    pays = list(game.table.values())
    weights = st.lists(st.integers(0, 3), min_size=len(pays), max_size=len(pays))

    def combine(w):
        w = w if any(w) else [1] + w[1:]
        total = sum(w)
        return tuple(sum(Fr(wi, total) * u[i] for wi, u in zip(w, pays)) for i in range(2))
    return weights.map(combine)


def sets_in(game):
    piece = st.lists(points_in(game), min_size=1, max_size=4).map(Piece.hull)
    return st.lists(piece, min_size=1, max_size=3).map(PayoffSet.of)


def samples(s):
    """Vertices of every piece and points on its edges at t = k/8."""
    out = []
    for piece in s.pieces:
        v = piece.vertices
        out += list(v)
        for p, q in zip(v, v[1:] + v[:1]):
            out += [tuple(p[i] + Fr(k, 8) * (q[i] - p[i]) for i in range(2)) for k in range(1, 8)]
    return out


def order(name, game):
    """Each function's order, written from LANGUAGE.md section 7 (larger is better)."""
    lows = [min(u[i] for u in game.table.values()) for i in range(2)]

    def leximin(x):
        return (*sorted(x), *x)
    if name == "leximin":
        return leximin
    if name == "utilitarian":
        return lambda x: (x[0] + x[1], *leximin(x))
    if name == "nash":
        return lambda x: ((x[0] - lows[0]) * (x[1] - lows[1]), *leximin(x))
    seat = game.players.index(name.split(":")[1])
    return lambda x: (x[seat], *leximin(x))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_selection_is_an_efficient_point_of_the_set_and_maximizes_its_order(data):
    # Proof sketch: (1) sel(S) is in S by definition. (2) Each order rises strictly when a
    # payoff rises and none falls (sum, product of non-negative gains over the lows, x_P,
    # and the sorted vector all weakly rise, and the sorted vector strictly), so the
    # maximum of the order over S is Pareto-efficient in S: no vertex or sampled edge point
    # dominates it, and S ∩ above(sel(S)) is the single point sel(S). (3) The maximum over S
    # is at least the order of any sampled point of S.
    game = data.draw(games())
    s = data.draw(sets_in(game))
    for name in names(game):
        x = select(name, game, s)
        assert s.contains(x), name
        assert not any(dominates(y, x) for y in samples(s)), name
        assert {v for p in s.clip(above(x)).pieces for v in p.vertices} == {x}, name
        key = order(name, game)
        assert all(key(y) <= key(x) for y in samples(s)), name


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_selection_is_transitive(data):
    # Definition 6: if every point of S' weakly dominates sel(S), sel(S ∪ S') weakly
    # dominates sel(S). Proof sketch: each function takes the best point by a fixed total
    # order; the best of S ∪ S' is either the best of S, sel(S) itself, or a point of S',
    # which weakly dominates sel(S) by assumption. S' is a random set clipped to
    # above(sel(S)), plus a vertex of F ∩ above(sel(S)) (sel(S) itself, or a point of F that
    # weakly dominates it), so it is never empty.
    game = data.draw(games())
    s = data.draw(sets_in(game))
    for name in names(game):
        x = select(name, game, s)
        corners = feasible(game).clip(above(x)).pieces[0].vertices
        extra = data.draw(sets_in(game)).clip(above(x)).union(
            PayoffSet.points([data.draw(st.sampled_from(corners))]))
        assert all(weakly_improves(v, x) for p in extra.pieces for v in p.vertices)
        assert weakly_improves(select(name, game, s.union(extra)), x), name


@settings(max_examples=150, deadline=None)
@given(games(), st.data())
def test_the_two_pareto_meet_projections_meet_in_one_point_that_is_selected(game, data):
    # PMP_1(a) = {x in F : x0 >= m0, x1 = m1} and PMP_2(a) = {x in F : x1 >= m1, x0 = m0},
    # m = (max(PMM_1, u_1(a)), max(PMM_2, u_2(a))), so their intersection is {m} ∩ F. And m
    # is in F: if u(a) >= PMM, m = u(a); if u_1(a) < PMM_1 only, the line x1 = u_2(a) >= PMM_2
    # meets the frontier at some x0 >= PMM_1 and F holds the segment from u(a) to it; if both
    # are below, the vertical line x0 = PMM_1 crosses the triangle u(a), T, R (T, R the ends
    # of the frontier) from below PMM_2 up to T. A one-point set selects that point. The
    # outcome a is a pure profile or a lottery (a random point of F).
    profile = data.draw(st.sampled_from(list(game.profiles())))
    u = data.draw(st.sampled_from([game.payoff(profile), data.draw(points_in(game))]))
    pays = list(game.table.values())
    pmm = pareto_meet_minimum(pays)
    m = (max(pmm[0], u[0]), max(pmm[1], u[1]))
    offers = [PayoffSet.of([Piece.hull(pareto_meet_projection(pays, i, u))]) for i in (0, 1)]
    assert offers[0].contains(m) and offers[1].contains(m)
    meet = offers[0].intersect(offers[1])
    assert {v for p in meet.pieces for v in p.vertices} == {m}
    for name in names(game):
        assert select(name, game, meet) == m, name


def on_segment(a, b, x):
    """x is strictly between a and b: collinear, and (x - a).(x - b) < 0."""
    cross = (b[0] - a[0]) * (x[1] - a[1]) - (b[1] - a[1]) * (x[0] - a[0])
    dot = (x[0] - a[0]) * (x[0] - b[0]) + (x[1] - a[1]) * (x[1] - b[1])
    return a != b and cross == 0 and dot < 0


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_canonical_outcome_pays_the_point(data):
    # Proof sketch: by Caratheodory a point of F is a pure payoff, strictly inside a segment
    # between two, or strictly inside a triangle of three, and the lottery with those
    # weights pays it. The outcome is a distribution (positive weights summing to 1) with
    # the fewest profiles: a pure payoff gives the first profile paying it; two profiles only
    # when x is no pure payoff; three only when x is on no open segment between two payoffs.
    game = data.draw(games())
    x = data.draw(points_in(game))
    out = canonical_outcome(game, x)
    assert game.expected(out) == x
    assert sum(p for _, p in out.support) == 1 and all(p > 0 for _, p in out.support)
    pays = set(game.table.values())
    for profile, _ in out.support:                            # each the first to pay its payoff
        pay = game.payoff(profile)
        assert profile == next(pr for pr in game.profiles() if game.payoff(pr) == pay)
    if x in pays:
        first = next(pr for pr in game.profiles() if game.payoff(pr) == x)
        assert out == game.pure(first)
    else:
        assert len(out.support) in (2, 3)
        if len(out.support) == 3:
            assert not any(on_segment(a, b, x) for a, b in itertools.combinations(pays, 2))
