"""Recursive simulation solved exactly (docs/simulation.md): the epsilon-grounded FairBots,
FairBot against DefectBot, independent against shared coins, the regress found by the
repeated evaluation state (reported, or played as the game's `regress`), nonlinear cycles,
and matches combined with code equality and renegotiation. Every number is worked out by
hand from the payoff table, with the arithmetic in a comment:

    PD: (C, C) = (3, 3), (C, D) = (0, 5), (D, C) = (5, 0), (D, D) = (1, 1).
"""

import textwrap
from fractions import Fraction as Fr

import pytest

import spi_lang
from spi_lang.syntax.errors import SpiErrors, render

CC, CD, DC, DD = (("Cooperate", "Cooperate"), ("Cooperate", "Defect"), ("Defect", "Cooperate"),
                  ("Defect", "Defect"))

PD_GAME = """\
game PD {{
  {extra}
  actions Cooperate, Defect
  payoff (Cooperate, Cooperate) = (3, 3)
  payoff (Cooperate, Defect) = (0, 5)
  payoff (Defect, Cooperate) = (5, 0)
  payoff (Defect, Defect) = (1, 1)
}}
"""

PROGRAMS = """\
program FairBot10 {
  if random < 1/10 { play Cooperate }
  else if simulate opponent plays Cooperate against self { play Cooperate }
  else { play Defect }
}
program FairBot10Twin {
  if random < 1/10 { play Cooperate }
  else if simulate opponent plays Cooperate against self { play Cooperate }
  else { play Defect }
}
program FairBot3 {
  if random < 1/3 { play Cooperate }
  else if simulate opponent plays Cooperate against self { play Cooperate }
  else { play Defect }
}
program PureFair {
  if simulate opponent plays Cooperate against self { play Cooperate } else { play Defect }
}
program DefectBot { play Defect }
program CooperateBot { play Cooperate }
program CoinBot { if random < 1/2 { play Cooperate } else { play Defect } }
"""


def spi(tmp_path, extra="", programs=""):
    path = tmp_path / "m.spi"
    path.write_text(PD_GAME.format(extra=extra) + PROGRAMS + textwrap.dedent(programs))
    return str(path)


def play(path, a, b, **kw):
    return spi_lang.play(f"{path}:{a}", f"{path}:{b}", **kw)


def check(result, support, payoffs):
    assert result.outcome.support == tuple((p, Fr(q)) for p, q in support)
    assert result.payoffs == tuple(Fr(u) for u in payoffs)


def error_text(path, a, b):
    with pytest.raises(SpiErrors) as info:
        play(path, a, b)
    return "\n".join(render(e, info.value.sources) for e in info.value.errors)


# ------------------------------------------------------------------ independent coins

def test_grounded_fairbots_cooperate_for_sure(tmp_path):
    # x = 1/10 + 9/10 y, y = 1/10 + 9/10 x: x - 9/10 y = 1/10 and y - 9/10 x = 1/10 give
    # x = y = 1 (subtracting: 19/10 (x - y) = 0; then x/10 = 1/10).
    check(play(spi(tmp_path), "FairBot10", "FairBot10Twin"), [(CC, 1)], (3, 3))


def test_fairbots_with_different_epsilons_cooperate_for_sure(tmp_path):
    # x = 1/10 + 9/10 y, y = 1/3 + 2/3 x: x = 1/10 + 9/10 (1/3 + 2/3 x) = 2/5 + 3/5 x, so x = 1.
    check(play(spi(tmp_path), "FairBot10", "FairBot3"), [(CC, 1)], (3, 3))


def test_fairbot_against_defectbot_cooperates_with_probability_epsilon(tmp_path):
    # y = 0, so x = 1/10: (C, D) 1/10, (D, D) 9/10. P1 = 1/10 * 0 + 9/10 * 1 = 9/10;
    # P2 = 1/10 * 5 + 9/10 * 1 = 14/10 = 7/5.
    check(play(spi(tmp_path), "FairBot10", "DefectBot"), [(CD, "1/10"), (DD, "9/10")], ("9/10", "14/10"))


def test_fairbot_in_seat_two(tmp_path):
    # The same match seated the other way: (D, C) 1/10, (D, D) 9/10; P1 = 5/10 + 9/10 = 7/5.
    check(play(spi(tmp_path), "DefectBot", "FairBot10"), [(DC, "1/10"), (DD, "9/10")], ("7/5", "9/10"))


def test_pure_fairbot_grounds_on_a_grounded_opponent(tmp_path):
    # PureFair copies FairBot10: x = y and y = 1/10 + 9/10 x, so x = y = 1.
    check(play(spi(tmp_path), "PureFair", "FairBot10"), [(CC, 1)], (3, 3))


def test_independent_coins(tmp_path):
    # FairBot10 cooperates w.p. 1/10 + 9/10 * 1/2 = 11/20, CoinBot w.p. 1/2, independently:
    # (C, C) 11/40, (C, D) 11/40, (D, C) 9/40, (D, D) 9/40;
    # P1 = (33 + 0 + 45 + 9)/40 = 87/40, P2 = (33 + 55 + 0 + 9)/40 = 97/40.
    check(play(spi(tmp_path), "FairBot10", "CoinBot"),
          [(CC, "11/40"), (CD, "11/40"), (DC, "9/40"), (DD, "9/40")], ("87/40", "97/40"))


def test_two_draws_are_two_coins(tmp_path):
    # Independent coins: each `random` is a fresh draw, so `random < 1/2 or random < 1/2` is
    # true w.p. 1 - 1/2 * 1/2 = 3/4. Against DefectBot: (C, D) 3/4, (D, D) 1/4;
    # P1 = 3/4 * 0 + 1/4 * 1 = 1/4, P2 = 3/4 * 5 + 1/4 * 1 = 16/4 = 4.
    path = spi(tmp_path, programs="""
        program TwoCoins { if random < 1/2 or random < 1/2 { play Cooperate } else { play Defect } }
    """)
    check(play(path, "TwoCoins", "DefectBot"), [(CD, "3/4"), (DD, "1/4")], ("1/4", "4"))


# ------------------------------------------------------------------ shared tape

def test_shared_tape_correlates_the_seats(tmp_path):
    # Both seats read U1; FairBot10's simulation of CoinBot reads U2. FairBot10: C iff
    # U1 < 1/10 or U2 < 1/2; CoinBot: C iff U1 < 1/2.
    # (C, C) = 1/10 + (1/2 - 1/10) * 1/2 = 3/10; (C, D) = 1/2 * 1/2 = 1/4;
    # (D, C) = 4/10 * 1/2 = 1/5; (D, D) = 1/2 * 1/2 = 1/4.
    # P1 = 9/10 + 5 * 1/5 + 1/4 = 43/20; P2 = 9/10 + 5/4 + 1/4 = 12/5 (independent: 87/40, 97/40).
    check(play(spi(tmp_path, "randomness shared"), "FairBot10", "CoinBot"),
          [(CC, "3/10"), (CD, "1/4"), (DC, "1/5"), (DD, "1/4")], ("43/20", "12/5"))


def test_shared_tape_reads_one_number_per_depth(tmp_path):
    # On one tape both draws of TwoCoins compare the same U1: true w.p. 1/2 (not 3/4).
    path = spi(tmp_path, "randomness shared", """
        program TwoCoins { if random < 1/2 or random < 1/2 { play Cooperate } else { play Defect } }
    """)
    check(play(path, "TwoCoins", "DefectBot"), [(CD, "1/2"), (DD, "1/2")], ("1/2", "3"))


def test_shared_tape_grounded_fairbots_still_cooperate(tmp_path):
    # Each depth d grounds when U(d) < 1/10; some depth does, for sure, and every depth above
    # copies Cooperate.
    check(play(spi(tmp_path, "randomness shared"), "FairBot10", "FairBot10"), [(CC, 1)], (3, 3))


def test_shared_tape_fairbot_against_defectbot(tmp_path):
    # DefectBot plays no coin: the same 1/10 as with independent coins.
    check(play(spi(tmp_path, "randomness shared"), "FairBot10", "DefectBot"),
          [(CD, "1/10"), (DD, "9/10")], ("9/10", "7/5"))


# ------------------------------------------------------------------ the regress

REGRESS = """\
<path>:{line}:6: error: this simulation regress never grounds: P1 PureFair against PureFair \
simulates P2 PureFair against PureFair; P2 PureFair against PureFair simulates P1 PureFair \
against PureFair, the evaluation state x0 again, and no path out of the cycle plays without \
simulating; ground it (`random < p`, `within N steps`) or declare `regress (...)` in game PD"""


def test_pure_mutual_simulation_is_a_regress_found_by_the_repeated_state(tmp_path):
    # The chain has two states, each consulting only the other: neither can ground. Found
    # before any fuel runs out (fuel of 100 steps is plenty: the message is the regress's).
    path = spi(tmp_path)
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:PureFair", f"{path}:PureFair", fuel=100)
    (error,) = info.value.errors
    text = render(error, info.value.sources).replace(path, "<path>")
    line = 25  # PureFair's `if`: 8 lines of game, 3 FairBots of 5 lines, its `program` line
    assert text.splitlines()[0] == REGRESS.format(line=line)
    assert text.splitlines()[1:3] == [
        f"{line} |   if simulate opponent plays Cooperate against self {{ play Cooperate }} else {{ play Defect }}",
        " " * len(str(line)) + " |      " + "^" * len("simulate opponent plays Cooperate against self")]
    assert [note[0] for note in error.notes] == [
        "x0 -> x1: P1 PureFair against PureFair simulates P2 PureFair against PureFair",
        "x1 -> x0: P2 PureFair against PureFair simulates P1 PureFair against PureFair"]


def test_a_declared_regress_is_played(tmp_path):
    # regress (Defect, Defect): each ungroundable seat plays its entry; (D, D) pays (1, 1).
    check(play(spi(tmp_path, "regress (Defect, Defect)"), "PureFair", "PureFair"), [(DD, 1)], (1, 1))


def test_a_declared_regress_under_shared_randomness(tmp_path):
    check(play(spi(tmp_path, "randomness shared\n  regress (Cooperate, Defect)"), "PureFair", "PureFair"),
          [(CD, 1)], (0, 5))


def test_a_partial_regress_mixes_the_declared_outcome(tmp_path):
    # Half of HalfPure's runs copy PureFair, which simulates HalfPure back: x = 1/2 + 1/2 y
    # for HalfPure, y = x for PureFair... both ground through HalfPure's coin: x = y = 1.
    # LostCause copies PureFair against PureFair half the time, a regress played as (D, D):
    # P(LostCause cooperates) = 1/2 + 1/2 * 0 = 1/2 (the regress plays P2's entry, Defect).
    path = spi(tmp_path, "regress (Defect, Defect)", """
        program HalfPure { if random < 1/2 { play Cooperate } else if simulate opponent plays Cooperate against self { play Cooperate } else { play Defect } }
        program LostCause { if random < 1/2 { play Cooperate } else if simulate PureFair plays Cooperate against PureFair { play Cooperate } else { play Defect } }
    """)
    check(play(path, "HalfPure", "PureFair"), [(CC, 1)], (3, 3))
    # LostCause in seat 1 simulates PureFair in seat 2 against PureFair: the regress, whose
    # seat-2 entry is Defect. (C, D) 1/2, (D, D) 1/2: P1 = 1/2, P2 = 5/2 + 1/2 = 3.
    check(play(path, "LostCause", "DefectBot"), [(CD, "1/2"), (DD, "1/2")], ("1/2", "3"))


def test_two_simulations_of_one_cycle_on_a_path_are_rejected(tmp_path):
    path = spi(tmp_path, programs="""
        program Twice { if random < 1/2 { play Cooperate } else if simulate opponent plays Cooperate against self and simulate opponent plays Cooperate against self { play Cooperate } else { play Defect } }
    """)
    text = error_text(path, "Twice", "Twice")
    assert "consults two simulations of its own recursive cycle on one path" in text
    assert "whose solutions need not be rational" in text


def test_two_simulations_of_a_solved_state_are_fine(tmp_path):
    # DefectBot's state is solved first (it simulates nothing): y = 0, so the `and` is false
    # and Both cooperates only on its coin: 1/2. (C, D) 1/2, (D, D) 1/2.
    path = spi(tmp_path, programs="""
        program Both { if random < 1/2 { play Cooperate } else if simulate opponent plays Defect against self and simulate opponent plays Cooperate against self { play Cooperate } else { play Defect } }
    """)
    check(play(path, "Both", "DefectBot"), [(CD, "1/2"), (DD, "1/2")], ("1/2", "3"))


# ------------------------------------------------------------------ composition

def test_code_equality_sees_simulating_twins_as_equal(tmp_path):
    # FairBot10 and FairBot10Twin have equal canonical code; Clique cooperates with its own
    # code only, so with its twin too, and FairBot10 copies it: FairBot10 == FairBot10Twin.
    path = spi(tmp_path, programs="""
        program Guard { if opponent == FairBot10 { play Cooperate } else if simulate opponent plays Cooperate against self { play Cooperate } else { play Defect } }
    """)
    check(play(path, "Guard", "FairBot10Twin"), [(CC, 1)], (3, 3))
    # Against DefectBot the code differs and the simulation sees Defect.
    check(play(path, "Guard", "DefectBot"), [(DD, 1)], (1, 1))


def test_simulating_a_named_program_against_a_named_program(tmp_path):
    # Probe runs FairBot10 (seat 2) against DefectBot (seat 1): it cooperates w.p. 1/10, so
    # Probe cooperates w.p. 1/10 against anyone: vs CooperateBot (C, C) 1/10, (D, C) 9/10;
    # P1 = 3/10 + 45/10 = 48/10 = 24/5, P2 = 3/10.
    path = spi(tmp_path, programs="""
        program Probe { if simulate FairBot10 plays Cooperate against DefectBot { play Cooperate } else { play Defect } }
    """)
    check(play(path, "Probe", "CooperateBot"), [(CC, "1/10"), (DC, "9/10")], ("24/5", "3/10"))


def test_simulating_a_renegotiating_table_plays_a_nested_match(tmp_path):
    # Watcher runs Reneg against Reneg: the table renegotiates (D, D) to (C, C), so the
    # simulated Reneg cooperates and Watcher cooperates: vs DefectBot (C, D), pays (0, 5).
    path = spi(tmp_path, programs="""
        program Reneg renegotiation { default DefectBot
          map (Defect, Defect) -> (Cooperate, Cooperate) }
        program Watcher { if simulate Reneg plays Cooperate against Reneg { play Cooperate } else { play Defect } }
    """)
    check(play(path, "Watcher", "DefectBot"), [(CD, 1)], (0, 5))


def test_the_trace_shows_the_chain(tmp_path):
    result = play(spi(tmp_path), "FairBot10", "DefectBot")
    texts = [s.text for s in result.steps if s.where == "simulation"]
    assert texts == [
        "[P1 FairBot10] simulates: the outcome solves the chain of evaluation states below",
        "evaluation states (independent coins): 2, largest linear system 2 unknowns",
        "x0 = P1 FairBot10 against DefectBot: Cooperate 1/10 + 9/10 x1[Cooperate]; Defect 9/10 x1[Defect]",
        "x1 = P2 DefectBot against FairBot10: Cooperate 0; Defect 1",
        "x0 plays {Cooperate: 1/10, Defect: 9/10}",
        "x1 plays {Cooperate: 0, Defect: 1}",
        "[P1 FairBot10] plays {Cooperate: 1/10, Defect: 9/10}",
    ]


# ------------------------------------------------------------------ three players

THREE = """\
game Three {
  players P1, P2, P3
  actions A, B
  payoff (A, A, _) = (2, 2, 0)
  payoff (_, _, _) = (0, 0, 1)
}
program AlwaysA { play A }
program AlwaysB { play B }
program Follow2 { if simulate opponent as P2 plays A against self { play A } else { play B } }
program Follow3 { if simulate opponent as P3 plays A against self { play A } else { play B } }
program Bare { if simulate opponent plays A against self { play A } else { play B } }
"""


def test_three_players_simulate_a_named_seat(tmp_path):
    path = tmp_path / "t.spi"
    path.write_text(THREE)
    # Follow2 (P1) runs P2's AlwaysA: A, so it plays A: (A, A, B) pays (2, 2, 0) by the first rule.
    result = spi_lang.play(f"{path}:Follow2", f"{path}:AlwaysA", f"{path}:AlwaysB")
    assert result.outcome.support == ((("A", "A", "B"), Fr(1)),) and result.payoffs == (2, 2, 0)
    # Follow3 (P1) runs P3's AlwaysB: B, so (B, A, B) pays (0, 0, 1).
    result = spi_lang.play(f"{path}:Follow3", f"{path}:AlwaysA", f"{path}:AlwaysB")
    assert result.outcome.support == ((("B", "A", "B"), Fr(1)),) and result.payoffs == (0, 0, 1)


def test_three_players_need_a_seat(tmp_path):
    path = tmp_path / "t.spi"
    path.write_text(THREE)
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:Bare", f"{path}:AlwaysA", f"{path}:AlwaysB")
    assert info.value.errors[0].message == ("say which seat the simulated program plays in, with "
                                            "`as P`: Three has 3 players")
