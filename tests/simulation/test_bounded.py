"""Bounded simulation, `within N steps { ... } otherwise { ... }`: steps counted exactly
(each condition, play and simulation is one), the fallback when the budget runs out,
nesting, coins inside the budget, and fuel. PD: (C, C) = (3, 3), (C, D) = (0, 5),
(D, C) = (5, 0), (D, D) = (1, 1)."""

import textwrap
from fractions import Fraction as Fr

import pytest

import spi_lang
from spi_lang.syntax.errors import SpiErrors

CC, CD, DC, DD = (("Cooperate", "Cooperate"), ("Cooperate", "Defect"), ("Defect", "Cooperate"),
                  ("Defect", "Defect"))


def mirror(name: str, budget: int, fallback: str = "Defect") -> str:
    return f"""
    program {name} {{
      within {budget} steps {{
        if simulate opponent plays Cooperate against self {{ play Cooperate }} else {{ play Defect }}
      }} otherwise {{ play {fallback} }}
    }}"""


def spi(tmp_path, programs: str) -> str:
    path = tmp_path / "b.spi"
    path.write_text('import "games/prisoners_dilemma.spi"\n'
                    "program CooperateBot { play Cooperate }\nprogram DefectBot { play Defect }\n"
                    + textwrap.dedent(programs))
    return str(path)


def play(path, a, b, **kw):
    return spi_lang.play(f"{path}:{a}", f"{path}:{b}", **kw)


def check(result, support, payoffs):
    assert result.outcome.support == tuple((p, Fr(q)) for p, q in support)
    assert result.payoffs == tuple(Fr(u) for u in payoffs)


def test_a_budget_that_is_just_enough(tmp_path):
    # Mirror3's body: the condition (1 step), in it CooperateBot's play (1), then its own
    # play (1): 3 steps, within 3. It sees Cooperate and cooperates: (C, C), (3, 3).
    check(play(spi(tmp_path, mirror("Mirror3", 3)), "Mirror3", "CooperateBot"), [(CC, 1)], (3, 3))


def test_one_step_short_takes_the_fallback(tmp_path):
    # With 2 steps the simulation finishes (2 steps) but the play would be the third: the
    # budget runs out, the fallback Defect plays: (D, C), (5, 0).
    check(play(spi(tmp_path, mirror("Mirror2", 2)), "Mirror2", "CooperateBot"), [(DC, 1)], (5, 0))


def test_mutual_bounded_simulation_hits_the_budget(tmp_path):
    # Two mirrors run each other one step per level; no run ever plays on its own.
    # Seat 1, MirrorC (30 steps): every nested budget is cut to what is left of its 30, so
    # the 30 run out at the top and it falls back to Cooperate.
    # Seat 2, MirrorD (40 steps): its condition (step 1) runs MirrorC, whose own budget of 30
    # ends first (at step 31 of MirrorD's 40): inside the simulation MirrorC falls back to
    # Cooperate (step 32); MirrorD sees Cooperate and plays it (step 33 <= 40).
    # So (C, C), (3, 3): each fallback decided by whose budget ended first.
    path = spi(tmp_path, mirror("MirrorC", 30, "Cooperate") + mirror("MirrorD", 40, "Defect"))
    check(play(path, "MirrorC", "MirrorD"), [(CC, 1)], (3, 3))
    # Equal budgets and fallbacks Defect: both run out at the top: (D, D), (1, 1).
    path = spi(tmp_path, mirror("MirrorD1", 30) + mirror("MirrorD2", 30))
    check(play(path, "MirrorD1", "MirrorD2"), [(DD, 1)], (1, 1))


def test_the_budget_counts_nested_runs(tmp_path):
    # Outer (10 steps) runs Inner, which runs CooperateBot within its own 100 steps: the
    # nested run costs Outer 1 (its condition) + 1 (Inner's condition) + 1 (CooperateBot's
    # play) + 1 (Inner's play) = 4 steps, then its own play: 5 <= 10, so Outer sees Cooperate.
    # vs Inner: seat 1 Outer runs Inner against Outer, which runs Outer, ... nothing grounds
    # and every nested budget is cut to what is left of Outer's 10: they run out at the
    # top, Outer falls back to Defect. Seat 2 Inner (100) runs Outer, whose own 10 steps end
    # inside the simulation (step 11 of Inner's 100): the simulated Outer falls back to
    # Defect, Inner sees it and defects: (D, D), (1, 1).
    path = spi(tmp_path, mirror("Outer", 10) + mirror("Inner", 100))
    check(play(path, "Outer", "CooperateBot"), [(CC, 1)], (3, 3))
    check(play(path, "Outer", "Inner"), [(DD, 1)], (1, 1))


def test_coins_inside_the_budget(tmp_path):
    # Grounded mirrors with coins: each level grounds w.p. 1/2 and costs 2 steps (the coin,
    # the simulation). Against itself within 5 steps, seat 1 (P1 = Half, budget 5): the coin
    # (step 1) is true w.p. 1/2 -> play (step 2). Else the simulation (step 2) runs Half
    # (seat 2): its coin (step 3) true w.p. 1/2 -> its play (4) -> our play (5): Cooperate.
    # Else its simulation (step 4) runs us: coin (5), true -> play would be step 6: over.
    # So within 5 steps: Cooperate w.p. 1/2 + 1/4 = 3/4, the budget runs out w.p. 1/4 and
    # the fallback Defect plays. Both seats alike, independently: (C, C) 9/16, (C, D) 3/16,
    # (D, C) 3/16, (D, D) 1/16; P1 = (27 + 0 + 15 + 1)/16 = 43/16, P2 likewise.
    path = spi(tmp_path, """
        program Half {
          within 5 steps {
            if random < 1/2 { play Cooperate }
            else if simulate opponent plays Cooperate against self { play Cooperate } else { play Defect }
          } otherwise { play Defect }
        }""")
    check(play(path, "Half", "Half"), [(CC, "9/16"), (CD, "3/16"), (DC, "3/16"), (DD, "1/16")],
          ("43/16", "43/16"))


def test_the_budget_is_charged_to_the_callers_fuel(tmp_path):
    # A 5,000-step budget between two mirrors needs thousands of steps of fuel: with 500 the
    # match stops, with an error, not a hang.
    path = spi(tmp_path, mirror("Big", 5000))
    with pytest.raises(SpiErrors) as info:
        play(path, "Big", "Big", fuel=500)
    assert "out of fuel" in info.value.errors[0].message
