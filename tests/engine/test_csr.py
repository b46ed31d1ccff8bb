"""Playing conditional set-valued renegotiation (csr) programs: Algorithm 2 of the paper.

The examples of LANGUAGE.md sections 6 and 7 under every selection function (through
`spi_lang.play` and the CLI), Example 4.2 with its canonical lottery outcomes, the Theorem 3
programs and PMP-extensions (Definition 7), Algorithm 2 branch by branch (lines 8, 2, 5, 6,
randomized defaults), guards, `offers(...)`, `result(...)`, `pmp(outcome)`, the cut to weak
Pareto improvements and self-dependent offers (properties on random games: test_csr_properties.py).
Every number is worked out by hand from the definitions:

    Scheduling: (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3), (Slot3, Slot3) = (1, 1),
    every other profile (0, 0). F = triangle (0,0), (3,1), (1,3): x2 >= x1/3, x2 <= 3 x1,
    x1 + x2 <= 4. E = segment (3,1)-(1,3), PMM = (1, 1). In profile order the first profiles
    paying (3,1), (0,0), (1,3), (1,1) are (S1,S1), (S1,S2), (S2,S2), (S3,S3). Each player's
    lowest payoff is 0, so nash maximizes x1 * x2.
"""

import json
from fractions import Fraction as Fr

import pytest
from contract_examples import EXT, FAIR1, SECTION_6

import spi_lang
from spi_lang.syntax.errors import SpiError
from spi_lang.ui.cli import main

S11, S12, S22, S33 = ("Slot1", "Slot1"), ("Slot1", "Slot2"), ("Slot2", "Slot2"), ("Slot3", "Slot3")
SELECTIONS = ("leximin", "utilitarian", "nash", "dictator:P1", "dictator:P2")
HEAD = ('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
        'import "scheduling/always_slot2.spi"\nimport "scheduling/example_4_2.spi"\n'
        'import "scheduling/hardline1_pmp.spi"\nimport "scheduling/hardline2_pmp.spi"\n')
PROGRAMS = EXT + FAIR1 + """
program All1 csr { default AlwaysSlot1 offer all }
program All2 csr { default AlwaysSlot2 offer all }
program Free3 csr { default { play Slot3 } offer all }
program PmpOnly csr { default AlwaysSlot1 offer pmp(outcome) }
program Menu1 csr { default AlwaysSlot1 offer point (3/2, 3/2) | point (5/2, 5/4) | point (3, 1) }
program Mid1 csr { default AlwaysSlot1 offer point (1, 2) }
program Low1 csr { default AlwaysSlot1 offer point (1, 1/2) }
program Hardline1Pmp2 = pmp_extension(Hardline1Pmp)
program Hardline2Pmp2 = pmp_extension(Hardline2Pmp)
program ByHand1 csr { default AlwaysSlot1 offer offers(Hardline1) | pmp(result(Hardline1)) }
program Watch2 csr { default { if opponent == AlwaysSlot1 { play Slot1 } play Slot2 } offer all }
program SeesCsr { if opponent is csr { play Slot1 } play Slot2 }
program TemplateCsr2 csr { default { if opponent is renegotiation { play Slot1 } play Slot2 } offer all }
program Yield1 csr { default { if opponent == AlwaysSlot2 { play Slot2 } play Slot1 } offer below (3, 1) }
program Coin1 csr { default { play mix { Slot1: 1/2, Slot2: 1/2 } } offer below (3, 1) }
program Quarter2 csr { default { play mix { Slot1: 1/4, Slot2: 3/4 } } offer below (1, 3) | point (3, 1) }
program When1 csr { default AlwaysSlot1 offer when outcome == (Slot1, Slot2): point (1, 1) }
program WhenNot1 csr { default AlwaysSlot1 offer when outcome == (Slot2, Slot1): point (1, 1) }
program Unless1 csr { default AlwaysSlot1 offer when outcome != (Slot1, Slot2): point (1, 1) }
program Either1 csr {
  default AlwaysSlot1
  offer when outcome == (Slot2, Slot1) or opponent == All2 and not outcome != (Slot1, Slot2): point (1, 1)
}
program Split1 csr {
  default { play mix { Slot1: 1/2, Slot3: 1/2 } }
  offer when outcome == (Slot1, Slot2): point (1, 1)
  offer when outcome == (Slot3, Slot2): point (2, 2)
}
program Rescue1 csr { default AlwaysSlot1 offer when outcome == result(Hardline1): point (1, 1) }
program Cond1 csr { default AlwaysSlot1 offer when opponent == Modest2: point (1, 1) }
program Via1 csr { default AlwaysSlot1 offer offers(Cond1) }
program Borrow1 csr { default AlwaysSlot1 offer offers(All2) }
program BorrowPmp2 csr { default AlwaysSlot2 offer offers(PmpOnly) }
program UsesResult2 csr { default AlwaysSlot2 offer { result(PmpOnly) } }
program Low3 csr { default { play Slot3 } offer point (2, 2/3) }
program LowHigh3 csr { default { play Slot3 } offer point (2, 2/3) | point (2, 2) }
program Band3 csr { default { play Slot3 } offer below (3, 1) }
program Self1 csr { default AlwaysSlot1 offer offers(Self1) }
program Ping1 csr { default AlwaysSlot1 offer offers(Pong1) }
program Pong1 csr { default AlwaysSlot1 offer offers(Ping1) }
program Mirror1 csr { default AlwaysSlot1 offer pmp(result(Mirror1)) }
program Lazy1 csr { default AlwaysSlot1 offer point (1, 1) offer when opponent == Generous2: offers(Lazy1) }
"""


@pytest.fixture
def path(tmp_path):
    """A file with the section 6 examples and the programs above."""
    file = tmp_path / "m.spi"
    file.write_text(HEAD + SECTION_6 + PROGRAMS)
    return str(file)


def play(path, a, b, select="leximin"):
    return spi_lang.play(f"{path}:{a}", f"{path}:{b}", select=select)


def check(result, support, payoffs):
    """The exact distribution (profile order) and expected payoffs of a match."""
    assert result.outcome.support == tuple((p, Fr(q)) for p, q in support)
    assert result.payoffs == tuple(Fr(u) for u in payoffs)


def wheres(result):
    return [step.where for step in result.steps]


# ------------------------------------------------------------------ LANGUAGE.md sections 6 and 7

# a = (Slot1, Slot2), u(a) = (0, 0): the cut to weak Pareto improvements keeps all of F.
# RN_Bold1 = F & below(3,1) = {x2 <= 1}: polygon (0,0), (3,1), (1/3,1);
# RN_Modest2 = F & below(1,3) = {x1 <= 1}: polygon (0,0), (1,1/3), (1,3).
# Bold1 vs Modest2: I = {x1 <= 1, x2 <= 1}, polygon (0,0), (1,1/3), (1,1), (1/3,1). (1,1)
#   weakly dominates all of I: leximin (min 1), utilitarian (sum 2), nash (1), dictator:P1/P2
#   (x_i = 1 along an edge, leximin breaks the tie) all pick (1,1).
# Bold1 vs Generous2: I = that polygon | {(3,1)}. leximin: min 1 at (1,1) and (3,1), then
#   sorted (1,3) > (1,1): (3,1); utilitarian 4 > 2; nash 3 > 1; dictator:P1 3; dictator:P2:
#   x2 = 1 at (1/3,1), (1,1), (3,1), leximin: (3,1).
# Ext = pmp_extension(Bold1) adds PMP_1 of Bold1's result, inside RN_Bold1 already:
#   PMP_1((1,1)) = {x2 = 1, x1 >= 1} = segment (1,1)-(3,1); PMP_1((3,1)) = {(3,1)}.
SECTION_6_RESULTS = [("Bold1", "Modest2", S33, (1, 1)), ("Bold1", "Generous2", S11, (3, 1)),
                     ("Ext", "Modest2", S33, (1, 1)), ("Ext", "Generous2", S11, (3, 1))]


@pytest.mark.parametrize("select", SELECTIONS)
@pytest.mark.parametrize("a, b, profile, payoffs", SECTION_6_RESULTS)
def test_example_4_1(path, a, b, profile, payoffs, select):
    result = play(path, a, b, select)
    check(result, [(profile, 1)], payoffs)
    assert "Alg. 2, line 5" in wheres(result) and "Alg. 2, line 6" not in wheres(result)


def test_bold1_vs_modest2_trace_shows_each_offer_and_the_agreement_set(path):
    steps = [(s.where, s.text) for s in play(path, "Bold1", "Modest2").steps]
    assert steps[-5:-1] == [
        ("Alg. 2, line 3", "RN_1 (Bold1) = polygon (0, 0), (3, 1), (1/3, 1)"),
        ("Alg. 2, line 3", "RN_2 (Modest2) = polygon (0, 0), (1, 1/3), (1, 3)"),
        ("Alg. 2, line 3", "agreement set I = polygon (0, 0), (1, 1/3), (1, 1), (1/3, 1)"),
        ("Alg. 2, line 5", "sel(I) = (1, 1) (leximin), played as (Slot3, Slot3)")]


# Section 7 where the functions disagree. Menu1 vs All2: I = Menu1's three points (in F,
#   above (0,0)). (3/2,3/2): min 3/2, sum 3, product 9/4; (5/2,5/4): min 5/4, sum 15/4,
#   product 25/8; (3,1): min 1, sum 4, product 3. leximin (3/2,3/2), utilitarian (3,1),
#   nash (5/2,5/4), dictator:P1 (3,1), dictator:P2 (3/2,3/2). Neither (3/2,3/2) nor
#   (5/2,5/4) is on a segment between pure payoffs: the first triple (S1,S1), (S1,S2), (S2,S2)
#   with weights w: 3w1 + w3 = x1, w1 + 3w3 = x2 -> (3/2,3/2): w1 = w3 = 3/8, w2 = 1/4;
#   (5/2,5/4): w1 = 25/32, w3 = 5/32, w2 = 1/16.
# All1 vs All2: I = F. leximin (2,2) (max min 2 on x1 + x2 = 4); utilitarian: sums tie at 4
#   along E, leximin -> (2,2); nash: x(4 - x) peaks at 2; (2,2) = 1/2 (3,1) + 1/2 (1,3), the
#   first pair. dictator:P1 (3,1), dictator:P2 (1,3).
# WithPmm1 vs Right2: I = {(2,2/3), (1,1)}; vs Left2: I = {(2/3,2), (1,1)}. leximin (1,1)
#   both; utilitarian/nash (2,2/3), (2/3,2) (sum 8/3 > 2, product 4/3 > 1); dictator:P1
#   (2,2/3), (1,1); dictator:P2 (1,1), (2/3,2).
MID = [(S11, "3/8"), (S12, "1/4"), (S22, "3/8")]
SKEW = [(S11, "25/32"), (S12, "1/16"), (S22, "5/32")]
HALF = [(S11, "1/2"), (S22, "1/2")]
RIGHT = [(S11, "2/3"), (S12, "1/3")]  # (2, 2/3) = 2/3 (3,1) + 1/3 (0,0), the first pair
LEFT = [(S12, "1/3"), (S22, "2/3")]   # (2/3, 2) = 1/3 (0,0) + 2/3 (1,3)
SECTION_7_RESULTS = [
    ("Menu1", "All2", [MID, [(S11, 1)], SKEW, [(S11, 1)], MID],
     [("3/2", "3/2"), (3, 1), ("5/2", "5/4"), (3, 1), ("3/2", "3/2")]),
    ("All1", "All2", [HALF, HALF, HALF, [(S11, 1)], [(S22, 1)]], [(2, 2)] * 3 + [(3, 1), (1, 3)]),
    ("WithPmm1", "Right2", [[(S33, 1)], RIGHT, RIGHT, RIGHT, [(S33, 1)]],
     [(1, 1), (2, "2/3"), (2, "2/3"), (2, "2/3"), (1, 1)]),
    ("WithPmm1", "Left2", [[(S33, 1)], LEFT, LEFT, [(S33, 1)], LEFT],
     [(1, 1), ("2/3", 2), ("2/3", 2), (1, 1), ("2/3", 2)]),
]
CLI_CASES = [(a, b, [(p, 1)], payoffs, select)
             for a, b, p, payoffs in SECTION_6_RESULTS[:2] for select in SELECTIONS]
CLI_CASES += [(a, b, support, payoffs, select) for a, b, supports, pays in SECTION_7_RESULTS
              for select, support, payoffs in zip(SELECTIONS, supports, pays)]


@pytest.mark.parametrize("a, b, support, payoffs, select", CLI_CASES)
def test_selection_functions_through_play_and_the_cli(path, capsys, a, b, support, payoffs, select):
    check(play(path, a, b, select), support, payoffs)
    assert main(["play", f"{path}:{a}", f"{path}:{b}", "--json", "--select", select]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == [{"profile": list(p), "probability": str(Fr(q))} for p, q in support]
    assert out["payoffs"] == [str(Fr(u)) for u in payoffs]


# ------------------------------------------------------------------ Example 4.2 (stdlib)

# a = (Slot1, Slot2), u(a) = (0, 0). Unconditional1 offers {(2,2/3), (2/3,2)}, WithPmm1 adds
# (1,1), Conditional1 adds (1,1) only against Left2; Left2 = {(2/3,2), (1,1)},
# Right2 = {(2,2/3), (1,1)}. Under leximin (1,1) (min 1) beats (2,2/3) and (2/3,2) (min 2/3).
@pytest.mark.parametrize("a, b, support, payoffs", [
    ("Unconditional1", "Left2", LEFT, ("2/3", 2)),         # I = {(2/3,2)}
    ("WithPmm1", "Left2", [(S33, 1)], (1, 1)),             # I = {(2/3,2), (1,1)}
    ("Unconditional1", "Right2", RIGHT, (2, "2/3")),       # I = {(2,2/3)}
    ("WithPmm1", "Right2", [(S33, 1)], (1, 1)),            # I = {(2,2/3), (1,1)}: worse for P1
    ("Conditional1", "Left2", [(S33, 1)], (1, 1)),         # guard true: as WithPmm1
    ("Conditional1", "Right2", RIGHT, (2, "2/3")),         # guard false: as Unconditional1
    # guard false against All2 too: I = {(2,2/3), (2/3,2)}, min 2/3 twice, then x1: (2,2/3)
    ("Conditional1", "All2", RIGHT, (2, "2/3")),
])
def test_example_4_2(path, a, b, support, payoffs):
    check(play(path, a, b), support, payoffs)


def test_canonical_outcomes_of_points_that_no_profile_pays(path):
    # (1, 2): the first pair whose segment holds it is (S2,S2)-(S3,S3): 1/2 (1,3) + 1/2 (1,1)
    check(play(path, "Mid1", "All2"), [(S22, "1/2"), (S33, "1/2")], (1, 2))
    # (1, 1/2) lies on no segment between pure payoffs; triple (S1,S1), (S1,S2), (S2,S2):
    # 3w1 + w3 = 1, w1 + 3w3 = 1/2 -> w1 = 5/16, w3 = 1/16, w2 = 10/16 = 5/8
    check(play(path, "Low1", "All2"), [(S11, "5/16"), (S12, "5/8"), (S22, "1/16")], (1, "1/2"))


# ------------------------------------------------------------------ Theorem 3 (stdlib)

@pytest.mark.parametrize("select", SELECTIONS)
def test_pmp_extensions_reach_the_pmm(path, select):
    # result(Hardline1) against Hardline2Pmp is (Slot1, Slot2), paying (0, 0) (its offer (3,1)
    # is not in Hardline2Pmp's {(1,3)} | segment (1,1)-(1,3)), so Hardline1Pmp offers
    # {(3,1)} | PMP_1((0,0)) = segment (1,1)-(3,1) (x2 = max(1, 0), x1 >= 1); symmetrically
    # Hardline2Pmp offers segment (1,1)-(1,3). I = {(1,1)}: every selection picks the PMM.
    check(play(path, "Hardline1Pmp", "Hardline2Pmp", select), [(S33, 1)], (1, 1))
    # one level deeper: result(Hardline1Pmp) against Hardline2Pmp pays (1, 1), PMP_1((1,1)) is
    # again the segment (1,1)-(3,1); against Hardline2Pmp2 likewise. Same agreement {(1,1)}.
    check(play(path, "Hardline1Pmp2", "Hardline2Pmp", select), [(S33, 1)], (1, 1))
    check(play(path, "Hardline1Pmp2", "Hardline2Pmp2", select), [(S33, 1)], (1, 1))


def test_hardliners_miscoordinate_and_one_extension_alone_changes_nothing(path):
    # a = (Slot1, Slot2); {(3,1)} & {(1,3)} is empty: line 6, both play their part of a, (0, 0)
    result = play(path, "Hardline1", "Hardline2")
    check(result, [(S12, 1)], (0, 0))
    assert "Alg. 2, line 6" in wheres(result) and "Alg. 2, line 5" not in wheres(result)
    # Hardline1Pmp vs Hardline2: segment (1,1)-(3,1) & {(1,3)} is empty: still (0, 0)
    for a, b in [("Hardline1Pmp", "Hardline2"), ("Hardline1", "Hardline2Pmp"),
                 ("Hardline1Pmp2", "Hardline2"), ("Hardline1", "Hardline2Pmp2")]:
        check(play(path, a, b), [(S12, 1)], (0, 0))


def test_hand_written_extension_has_the_sugars_code(path):
    programs = spi_lang.load(path).programs  # codes compare within one loaded world
    assert programs["ByHand1"].code == programs["Hardline1Pmp"].code
    assert programs["ByHand1"].code != programs["Hardline1"].code
    assert programs["Hardline1Pmp2"].code != programs["Hardline1Pmp"].code
    check(play(path, "ByHand1", "Hardline2Pmp"), [(S33, 1)], (1, 1))


# ------------------------------------------------------------------ Algorithm 2 branch by branch

def test_line_8_against_a_counterpart_that_is_not_csr(path):
    result = play(path, "Bold1", "AlwaysSlot2")  # Bold1 plays AlwaysSlot1: (Slot1, Slot2)
    check(result, [(S12, 1)], (0, 0))
    assert "Alg. 2, line 8" in wheres(result) and "Alg. 2, line 2" not in wheres(result)
    # the default runs against the full counterpart: Watch2's sees AlwaysSlot1 and yields
    check(play(path, "AlwaysSlot1", "Watch2"), [(S11, 1)], (3, 1))
    # a base program sees the csr program itself (not its default): Slot1, (3, 1)
    check(play(path, "Bold1", "SeesCsr"), [(S11, 1)], (3, 1))
    # a renegotiation program and a csr program follow different templates: Fair1 plays
    # AlwaysSlot1; TemplateCsr2's default sees Fair1 itself, a renegotiation program: Slot1
    result = play(path, "Fair1", "TemplateCsr2")
    check(result, [(S11, 1)], (3, 1))
    assert {"Alg. 1, line 8", "Alg. 2, line 8"} <= set(wheres(result))
    assert "Alg. 2, line 3" not in wheres(result) and "Alg. 1, line 3" not in wheres(result)


def test_line_2_default_outcome_is_defaults_against_defaults(path):
    # Yield1's default sees Modest2's default AlwaysSlot2: Slot2, a = (Slot2, Slot2) = (1, 3).
    # RN_1 = below(3,1) cut to above (1,3): x2 <= 1 and x2 >= 3, empty: line 6, (1, 3).
    # (Seeing Modest2 itself it would play Slot1 and reach (Slot3, Slot3).)
    result = play(path, "Yield1", "Modest2")
    check(result, [(S22, 1)], (1, 3))
    assert "Alg. 2, line 6" in wheres(result)


def test_randomized_defaults_renegotiate_each_realized_profile(path):
    # a: (S1,S1) 1/8, (S1,S2) 3/8, (S2,S1) 1/8, (S2,S2) 3/8.
    #   (S1,S1), u = (3,1): both offers cut to above (3,1) are {(3,1)}: line 5, (S1,S1).
    #   (S1,S2), (S2,S1), u = (0,0): Bold1 vs Generous2 again: (3,1), (S1,S1).
    #   (S2,S2), u = (1,3): Coin1's x2 <= 1 meets x2 >= 3 nowhere: line 6, (S2,S2).
    # (S1,S1) 1/8 + 3/8 + 1/8 = 5/8, (S2,S2) 3/8; u = 5/8 (3,1) + 3/8 (1,3) = (18/8, 14/8)
    result = play(path, "Coin1", "Quarter2")
    check(result, [(S11, "5/8"), (S22, "3/8")], ("9/4", "7/4"))
    assert {"Alg. 2, line 5", "Alg. 2, line 6"} <= set(wheres(result))
    # against a base program (line 8) nothing is renegotiated: 1/2 (0,0) + 1/2 (1,3)
    check(play(path, "Coin1", "AlwaysSlot2"), [(S12, "1/2"), (S22, "1/2")], ("1/2", "3/2"))


def test_guards(path):
    # a = (Slot1, Slot2) against All2 (which offers F): a true guard gives I = {(1,1)}
    check(play(path, "When1", "All2"), [(S33, 1)], (1, 1))
    check(play(path, "WhenNot1", "All2"), [(S12, 1)], (0, 0))   # false: RN_1 empty, line 6
    check(play(path, "Unless1", "All2"), [(S12, 1)], (0, 0))
    # false or (true and not false) = true against All2; false or (false and ...) against Modest2
    check(play(path, "Either1", "All2"), [(S33, 1)], (1, 1))
    check(play(path, "Either1", "Modest2"), [(S12, 1)], (0, 0))
    # per realized default profile: (S1,S2) 1/2 -> (1,1), (S3,S3); (S3,S2) 1/2 -> (2,2) =
    # 1/2 (S1,S1) + 1/2 (S2,S2). u = 1/4 (3,1) + 1/4 (1,3) + 1/2 (1,1) = (3/2, 3/2)
    check(play(path, "Split1", "All2"), [(S11, "1/4"), (S22, "1/4"), (S33, "1/2")], ("3/2", "3/2"))
    # result(Hardline1) against Modest2: (3,1) is not in x1 <= 1, so (Slot1, Slot2) = a: the
    # guard holds, I = {(1,1)}. Against Generous2, Hardline1 gets (Slot1, Slot1) != a: nothing.
    check(play(path, "Rescue1", "Modest2"), [(S33, 1)], (1, 1))
    check(play(path, "Rescue1", "Generous2"), [(S12, 1)], (0, 0))


def test_offers_and_results_are_evaluated_here(path):
    # offers(Cond1): Cond1's guard sees Via1's counterpart: true for Modest2, false for
    # Generous2 (whose offer also holds (1,1): only the guard makes the difference)
    check(play(path, "Via1", "Modest2"), [(S33, 1)], (1, 1))
    check(play(path, "Via1", "Generous2"), [(S12, 1)], (0, 0))
    # ... at this match's a = (Slot1, Slot2): offers(All2) = F, I = F, leximin (2,2). (At
    # All2's own defaults, (Slot2, Slot2), it would be {(1,3)}.)
    check(play(path, "Borrow1", "All2"), HALF, (2, 2))
    # pmp(outcome) is this program's player's: PmpOnly in seat 1 vs Free3, a = (S1,S3), u =
    # (0,0): PMP_1 = {x2 = 1, x1 >= 1} = segment (1,1)-(3,1) = I; leximin: min 1, then (3,1)
    check(play(path, "PmpOnly", "Free3"), [(S11, 1)], (3, 1))
    # in seat 2: a = (S3,S1); PMP_2 = segment (1,1)-(1,3): (1,3)
    check(play(path, "Free3", "PmpOnly"), [(S22, 1)], (1, 3))
    # offers(PmpOnly) from seat 2 is PMP_2 of a = (S3,S2): (1,3) again (seat 1: (3,1))
    check(play(path, "Free3", "BorrowPmp2"), [(S22, 1)], (1, 3))
    # result(PmpOnly) in seat 2 against Free3 is (Slot2, Slot2) (just above): I = {(1,3)}
    check(play(path, "Free3", "UsesResult2"), [(S22, 1)], (1, 3))


def test_offers_are_cut_to_weak_pareto_improvements_on_a(path):
    # against Free3: a = (Slot3, Slot3), u = (1, 1). (2, 2/3) has x2 < 1: cut, RN_1 = nothing
    result = play(path, "Low3", "Free3")
    check(result, [(S33, 1)], (1, 1))
    assert ("Alg. 2, line 3", "RN_1 (Low3) = nothing") in [(s.where, s.text) for s in result.steps]
    assert "Alg. 2, line 6" in wheres(result)
    check(play(path, "LowHigh3", "Free3"), HALF, (2, 2))  # only (2, 2) is left
    # below (3,1) cut to above (1,1): segment (1,1)-(3,1); leximin (3,1)
    check(play(path, "Band3", "Free3"), [(S11, 1)], (3, 1))


def offer_of(name):
    return f"the offer of {name} (P1) against Modest2"


@pytest.mark.parametrize("a, chain", [
    ("Self1", [offer_of("Self1"), offer_of("Self1")]),
    ("Ping1", [offer_of("Ping1"), offer_of("Pong1"), offer_of("Ping1")]),
    ("Mirror1", [offer_of("Mirror1"), "result(Mirror1) in seat 1 against Modest2", offer_of("Mirror1")]),
])
def test_self_dependent_offers_are_errors_that_name_the_chain(path, capsys, a, chain):
    with pytest.raises(SpiError) as info:  # a user error, never a RecursionError or a hang
        play(path, a, "Modest2")
    assert str(info.value) == "this evaluation depends on itself: " + " -> ".join(chain)
    assert main(["play", f"{path}:{a}", f"{path}:Modest2"]) == 1
    err = capsys.readouterr().err
    assert "depends on itself" in err and "Traceback" not in err
    # a self-reference behind a guard that is false is never evaluated: I = {(1,1)}
    check(play(path, "Lazy1", "Modest2"), [(S33, 1)], (1, 1))


def test_check_reports_offers_that_always_depend_on_themselves(path):
    # Unguarded offers(...)/result(...) paths back to the program itself are certain errors;
    # Lazy1's self-reference is behind a guard, so it is not one. Each error points at the
    # reference in the program's own offer where the loop starts.
    errors, sources = spi_lang.check(path)
    found = {str(e): sources[e.span.path].splitlines()[e.span.line - 1][e.span.col - 1:e.span.end_col - 1]
             for e in errors}
    prefix = "this offer always depends on itself: "
    assert found == {
        prefix + "Self1 -> offers(Self1)": "offers(Self1)",
        prefix + "Ping1 -> offers(Pong1) -> offers(Ping1)": "offers(Pong1)",
        prefix + "Pong1 -> offers(Ping1) -> offers(Pong1)": "offers(Ping1)",
        prefix + "Mirror1 -> result(Mirror1)": "result(Mirror1)",
    }


def test_a_seat_error_reached_through_result_names_the_result(tmp_path, capsys):
    # ColHelper is written for the column player, but result(ColHelper) in RowCsr's offer
    # plays it in seat 1, where `Left` is not an action: the error says how it got there.
    (tmp_path / "seat.spi").write_text(
        "game G {\n  actions Row: Up, Down\n  actions Col: Left, Right\n"
        "  payoff (Up, Left) = (2, 1)\n  payoff (Up, Right) = (0, 0)\n"
        "  payoff (Down, Left) = (0, 0)\n  payoff (Down, Right) = (1, 2)\n}\n"
        "program RowCsr csr { default { play Up } offer pmp(result(ColHelper)) }\n"
        "program ColHelper csr { default { play Left } offer all }\n"
        "program ColCsr csr { default { play Left } offer all }\n")
    path = tmp_path / "seat.spi"
    assert main(["play", f"{path}:RowCsr", f"{path}:ColCsr"]) == 1
    assert capsys.readouterr().err.replace(str(tmp_path) + "/", "") == (
        "seat.spi:10:40: error: 'Left' is not an action of player Row (seat 1) in game G; "
        "its actions are Up, Down\n"
        "10 | program ColHelper csr { default { play Left } offer all }\n"
        "   |                                        ^^^^\n"
        "seat.spi:9:52: note: ColHelper plays in seat 1 (Row) here, in the offer of RowCsr\n"
        "9 | program RowCsr csr { default { play Up } offer pmp(result(ColHelper)) }\n"
        "  |                                                    ^^^^^^^^^^^^^^^^^\n")
