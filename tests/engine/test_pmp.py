"""Pareto meet projections, worked by hand in three games (Scheduling, Chicken, Prisoner's
Dilemma): PMP_i(a) = {x in F : x_i >= max(PMM_i, u_i(a)), x_j = max(PMM_j, u_j(a))}, as
its end points."""

from fractions import Fraction as Fr

import pytest

import spi_lang


def P(x, y):
    return (Fr(x), Fr(y))


@pytest.fixture(scope="module")
def games():
    return {name: spi_lang.load(path).games[name] for name, path in [
        ("Scheduling", "games/scheduling.spi"), ("Chicken", "games/chicken.spi"),
        ("PrisonersDilemma", "games/prisoners_dilemma.spi")]}


def pmp(game, seat, *entries):
    """PMP of a pure profile, or of a lottery given as (profile, probability) pairs."""
    if len(entries) == 1:
        outcome = game.pure(entries[0])
    else:
        outcome = game.outcome((profile, Fr(p)) for profile, p in entries)
    return game.pmp(seat, outcome)


CASES = [
    # Scheduling: F = triangle (0,0), (3,1), (1,3); PMM (1, 1). The line x2 = 1 crosses F
    # from x1 = 1/3 (edge x2 = 3 x1) to x1 = 3 (edge x2 = x1 / 3).
    ("Scheduling", 0, [("Slot1", "Slot2")], (P(1, 1), P(3, 1))),     # u = (0,0): m = (1,1)
    ("Scheduling", 1, [("Slot1", "Slot2")], (P(1, 1), P(1, 3))),     # mirror image
    ("Scheduling", 0, [("Slot1", "Slot1")], (P(3, 1),)),            # m = (3,1): x1 >= 3 on x2 = 1
    ("Scheduling", 1, [("Slot2", "Slot2")], (P(1, 3),)),            # m = (1,3)
    # lottery 1/2 (3,1) + 1/2 (1,1) = (2, 1): m = (2, 1), x2 = 1 and 2 <= x1 <= 3
    ("Scheduling", 0, [(("Slot1", "Slot1"), "1/2"), (("Slot3", "Slot3"), "1/2")], (P(2, 1), P(3, 1))),
    # Chicken: F = hull (0,0), (4,1), (3,3), (1,4); PMM (1, 1). On x2 = 1, F runs from
    # x1 = 1/4 (edge x2 = 4 x1) to the vertex (4, 1).
    ("Chicken", 0, [("Dare", "Dare")], (P(1, 1), P(4, 1))),
    ("Chicken", 1, [("Dare", "Dare")], (P(1, 1), P(1, 4))),
    ("Chicken", 0, [("Swerve", "Swerve")], (P(3, 3),)),  # on x2 = 3 the largest x1 is 3
    ("Chicken", 0, [("Swerve", "Dare")], (P(1, 4),)),    # x2 = 4 only at the vertex (1, 4)
    ("Chicken", 1, [("Dare", "Swerve")], (P(4, 1),)),    # x1 = 4 only at the vertex (4, 1)
    # Prisoner's Dilemma: F = hull (0,5), (1,1), (5,0), (3,3); PMM (0, 0). On x2 = 1, F runs
    # from (1, 1) to the edge (5,0)-(3,3), where x2 = 3t = 1 gives x1 = 5 - 2/3 = 13/3.
    ("PrisonersDilemma", 0, [("Defect", "Defect")], (P(1, 1), P(Fr(13, 3), 1))),
    ("PrisonersDilemma", 1, [("Defect", "Defect")], (P(1, 1), P(1, Fr(13, 3)))),
    ("PrisonersDilemma", 0, [("Cooperate", "Cooperate")], (P(3, 3),)),  # on the frontier
    ("PrisonersDilemma", 0, [("Cooperate", "Defect")], (P(0, 5),)),     # x2 = 5 only at (0, 5)
]


@pytest.mark.parametrize("name, seat, entries, expected", CASES)
def test_pareto_meet_projection(games, name, seat, entries, expected):
    assert pmp(games[name], seat, *entries) == expected
