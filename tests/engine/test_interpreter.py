"""Playing matches with `spi_lang.play("file.spi:A", "file.spi:B")`: the examples of
LANGUAGE.md sections 4 and 5, code equality (CliqueBot), template checks, and Algorithm 1 of
the paper branch by branch (line 1 false -> line 8; lines 2-4 agreement; line 6
disagreement), with `_` maps, lottery targets and randomizing defaults.  Every expected
outcome and payoff is worked out by hand from the payoff tables:

    Scheduling:  (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3), (Slot3, Slot3) = (1, 1),
                 every other profile (0, 0).
    PD:          (C, C) = (3, 3), (C, D) = (0, 5), (D, C) = (5, 0), (D, D) = (1, 1).
"""

import textwrap
from fractions import Fraction as Fr

from contract_examples import CLIQUEBOT, SCHEDULING_PROGRAMS

import spi_lang

S11, S12, S21, S22, S33 = (("Slot1", "Slot1"), ("Slot1", "Slot2"), ("Slot2", "Slot1"),
                           ("Slot2", "Slot2"), ("Slot3", "Slot3"))
CC, CD, DC, DD = (("Cooperate", "Cooperate"), ("Cooperate", "Defect"), ("Defect", "Cooperate"),
                  ("Defect", "Defect"))

# LANGUAGE.md sections 4 and 5, verbatim (Fair2 is the mirror of Fair1 that section 5 describes)
CONTRACT = 'import "games/scheduling.spi"\n' + SCHEDULING_PROGRAMS

PD = ('import "games/prisoners_dilemma.spi"\n' + CLIQUEBOT
      + "program DefectBot { play Defect }\nprogram CooperateBot { play Cooperate }\n")


def spi(tmp_path, text, name="m.spi"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def play(path, a, b):
    return spi_lang.play(f"{path}:{a}", f"{path}:{b}")


def sched(tmp_path, extra=""):
    """The contract's Scheduling programs plus `extra`, in one file."""
    return spi(tmp_path, CONTRACT + textwrap.dedent(extra))


def check(result, support, payoffs):
    """The exact distribution (profile order) and expected payoffs of a match."""
    assert result.outcome.support == tuple((p, Fr(q)) for p, q in support)
    assert result.payoffs == tuple(Fr(u) for u in payoffs)


def wheres(result):
    return [step.where for step in result.steps]


# ------------------------------------------------------------------ the contract's examples

def test_fair1_vs_fair2_renegotiates_to_slot3(tmp_path):
    # Example 3.2: a = (AlwaysSlot1 vs AlwaysSlot2) = (Slot1, Slot2); both rn send it to
    # (Slot3, Slot3), which pays (1, 1).
    result = play(sched(tmp_path), "Fair1", "Fair2")
    check(result, [(S33, 1)], (1, 1))
    assert {"Alg. 1, line 1", "Alg. 1, line 2", "Alg. 1, line 3", "Alg. 1, line 4"} <= set(wheres(result))
    assert "Alg. 1, line 6" not in wheres(result) and "Alg. 1, line 8" not in wheres(result)


def test_hardliners_miscoordinate(tmp_path):
    # Example 3.1: (Slot1, Slot2) pays (0, 0)
    check(play(sched(tmp_path), "AlwaysSlot1", "AlwaysSlot2"), [(S12, 1)], (0, 0))


def test_example_3_1_yield_to_hardliner(tmp_path):
    path = sched(tmp_path)
    # YieldToHardliner2 sees AlwaysSlot1 and yields: (Slot1, Slot1) pays (3, 1)
    check(play(path, "AlwaysSlot1", "YieldToHardliner2"), [(S11, 1)], (3, 1))
    # against anything else it demands Slot2; AlwaysSlot2 plays Slot2 too: (Slot2, Slot2) = (1, 3)
    check(play(path, "AlwaysSlot2", "YieldToHardliner2"), [(S22, 1)], (1, 3))


def test_clique_bot(tmp_path):
    path = spi(tmp_path, PD + """
        program Twin
        {   # CliqueBot renamed, re-laid-out and commented
          if opponent == self {
            play Cooperate      # a copy of me
          }
          else { play Defect }
        }

        program Paraphrase {    # does the same against everyone, but is different code
          if opponent != self { play Defect }
          play Cooperate
        }
    """)
    check(play(path, "CliqueBot", "CliqueBot"), [(CC, 1)], (3, 3))
    check(play(path, "CliqueBot", "Twin"), [(CC, 1)], (3, 3))
    check(play(path, "Twin", "CliqueBot"), [(CC, 1)], (3, 3))
    # different code: each defects against the other, (D, D) = (1, 1)
    check(play(path, "CliqueBot", "Paraphrase"), [(DD, 1)], (1, 1))
    check(play(path, "Paraphrase", "Paraphrase"), [(CC, 1)], (3, 3))
    check(play(path, "CliqueBot", "DefectBot"), [(DD, 1)], (1, 1))
    check(play(path, "CliqueBot", "CooperateBot"), [(DC, 1)], (5, 0))


# ------------------------------------------------------------------ conditions

def test_opponent_not_equal(tmp_path):
    path = sched(tmp_path, """
        program NotHardliner2 { if opponent != AlwaysSlot1 { play Slot2 } else { play Slot1 } }
    """)
    # against AlwaysSlot1 the condition is false: Slot1, (Slot1, Slot1) = (3, 1)
    check(play(path, "AlwaysSlot1", "NotHardliner2"), [(S11, 1)], (3, 1))
    # against AlwaysSlot2 it is true: Slot2, (Slot2, Slot2) = (1, 3)
    check(play(path, "AlwaysSlot2", "NotHardliner2"), [(S22, 1)], (1, 3))


def test_opponent_equal_to_an_imported_program(tmp_path):
    spi(tmp_path, 'import "games/scheduling.spi"\nprogram AlwaysSlot1 { play Slot1 }\n', "lib.spi")
    path = spi(tmp_path, """
        import "lib.spi"
        program Yield2 { if opponent == AlwaysSlot1 { play Slot1 } play Slot2 }
        program Hard { play Slot1 }     # AlwaysSlot1 under another name
        program Soft { play Slot2 }
    """)
    check(play(path, "AlwaysSlot1", "Yield2"), [(S11, 1)], (3, 1))
    check(play(path, "Hard", "Yield2"), [(S11, 1)], (3, 1))
    check(play(path, "Soft", "Yield2"), [(S22, 1)], (1, 3))
    # the stdlib YieldToHardliner2 (which imports the stdlib AlwaysSlot1) yields to Hard too
    other = spi(tmp_path, """
        import "scheduling/yield_to_hardliner2.spi"
        program Hard { play Slot1 }
    """, "other.spi")
    check(play(other, "Hard", "YieldToHardliner2"), [(S11, 1)], (3, 1))


def test_named_default_and_default_block_have_equal_code(tmp_path):
    path = sched(tmp_path, """
        program Block1 renegotiation {
          default { play Slot1 }
          map (Slot1, Slot2) -> (Slot3, Slot3)
          map (Slot2, Slot1) -> (Slot3, Slot3)
        }
        program Block2 renegotiation {
          default { play Slot2 }
          map (Slot1, Slot2) -> (Slot3, Slot3)
          map (Slot2, Slot1) -> (Slot3, Slot3)
        }
        program SeesFair1 { if opponent == Fair1 { play Slot1 } play Slot2 }
    """)
    programs = spi_lang.load(path).programs
    assert programs["Fair1"].code == programs["Block1"].code
    assert programs["Fair1"].code != programs["Block2"].code
    assert programs["Fair1"].code != programs["AlwaysSlot1"].code
    # SeesFair1 recognises Block1 as Fair1: Slot1 against its default Slot1 = (3, 1)
    check(play(path, "Block1", "SeesFair1"), [(S11, 1)], (3, 1))


def test_template_checks(tmp_path):
    path = sched(tmp_path, """
        program IfReneg { if opponent is renegotiation { play Slot1 } else { play Slot2 } }
        program IfNotReneg { if not opponent is renegotiation { play Slot1 } else { play Slot2 } }
        program IfCsr { if opponent is csr { play Slot1 } else { play Slot2 } }
    """)
    # Fair1 (line 8) plays its default Slot1; IfReneg sees the renegotiation program: Slot1
    check(play(path, "Fair1", "IfReneg"), [(S11, 1)], (3, 1))
    check(play(path, "AlwaysSlot1", "IfReneg"), [(S12, 1)], (0, 0))
    check(play(path, "Fair1", "IfNotReneg"), [(S12, 1)], (0, 0))
    check(play(path, "AlwaysSlot1", "IfNotReneg"), [(S11, 1)], (3, 1))
    # no program is a CSR program yet: `opponent is csr` is false against both kinds
    check(play(path, "Fair1", "IfCsr"), [(S12, 1)], (0, 0))
    check(play(path, "AlwaysSlot1", "IfCsr"), [(S12, 1)], (0, 0))


def test_self_reference_by_name_is_opponent_equal_self(tmp_path):
    path = spi(tmp_path, PD + """
        program A { if opponent == A { play Cooperate } else { play Defect } }
    """)
    programs = spi_lang.load(path).programs  # codes compare within one loaded world
    assert programs["A"].code == programs["CliqueBot"].code
    check(play(path, "A", "A"), [(CC, 1)], (3, 3))
    check(play(path, "A", "CliqueBot"), [(CC, 1)], (3, 3))
    check(play(path, "DefectBot", "A"), [(DD, 1)], (1, 1))


def test_mutual_references_terminate(tmp_path):
    path = spi(tmp_path, PD + """
        program A { if opponent == B { play Cooperate } play Defect }
        program B { if opponent == A { play Defect } else { play Cooperate } }
    """)
    # A vs B: A sees B -> Cooperate; B sees A -> Defect: (C, D) = (0, 5)
    check(play(path, "A", "B"), [(CD, 1)], (0, 5))
    # A vs A: A is not B (different code) -> Defect twice: (1, 1)
    check(play(path, "A", "A"), [(DD, 1)], (1, 1))
    # B vs B: B is not A -> Cooperate twice: (3, 3)
    check(play(path, "B", "B"), [(CC, 1)], (3, 3))


def test_renamed_copy_of_a_mutually_referring_program_has_equal_code(tmp_path):
    # M2 is M under another name (its body is M's, character for character), so by section 4
    # ("two programs that differ only in name or formatting are equal") it has M's code:
    # both unfold to the same infinite tree  body_M(body_N(body_M(body_N(...)))).
    path = spi(tmp_path, PD + """
        program M { if opponent == N { play Cooperate } play Defect }
        program N { if opponent == M { play Defect } else { play Cooperate } }
        program M2 { if opponent == N { play Cooperate } play Defect }
        program X { if opponent == M { play Cooperate } else { play Defect } }
    """)
    programs = spi_lang.load(path).programs
    assert programs["M2"].code == programs["M"].code
    # X sees M2 = M: Cooperate.  M2 sees X, which is not N (X cooperates where N defects): Defect.
    # (C, D) = (0, 5)
    check(play(path, "X", "M2"), [(CD, 1)], (0, 5))


# ------------------------------------------------------------------ Algorithm 1, line 1 false

def test_line_8_against_a_base_program(tmp_path):
    path = sched(tmp_path)
    # Fair1 plays its default AlwaysSlot1: (Slot1, Slot2) = (0, 0)
    result = play(path, "Fair1", "AlwaysSlot2")
    check(result, [(S12, 1)], (0, 0))
    assert "Alg. 1, line 8" in wheres(result) and "Alg. 1, line 2" not in wheres(result)
    result = play(path, "AlwaysSlot1", "Fair2")
    check(result, [(S12, 1)], (0, 0))
    assert "Alg. 1, line 8" in wheres(result)


def test_base_program_sees_the_full_renegotiation_program(tmp_path):
    # YieldToHardliner2 compares its counterpart Fair1 (not Fair1's default AlwaysSlot1)
    # with AlwaysSlot1: unequal, so Slot2; Fair1 plays AlwaysSlot1: (Slot1, Slot2) = (0, 0)
    check(play(sched(tmp_path), "Fair1", "YieldToHardliner2"), [(S12, 1)], (0, 0))


def test_default_in_line_8_sees_the_full_counterpart(tmp_path):
    path = sched(tmp_path, """
        program FairYield2 renegotiation {
          default YieldToHardliner2
          map (Slot1, Slot2) -> (Slot3, Slot3)
          map (Slot2, Slot1) -> (Slot3, Slot3)
        }
    """)
    # the default YieldToHardliner2 runs against AlwaysSlot1 itself: Slot1, (3, 1)
    check(play(path, "AlwaysSlot1", "FairYield2"), [(S11, 1)], (3, 1))


# ------------------------------------------------------------------ Algorithm 1, lines 2-6

def test_default_outcome_is_defaults_against_defaults(tmp_path):
    path = sched(tmp_path, """
        program FairYield2 renegotiation {
          default YieldToHardliner2
          map (Slot1, Slot2) -> (Slot3, Slot3)
          map (Slot2, Slot1) -> (Slot3, Slot3)
        }
        program FairTemplate2 renegotiation {
          default { if opponent is renegotiation { play Slot1 } play Slot2 }
          map (Slot1, Slot2) -> (Slot3, Slot3)
        }
        program Block1 renegotiation {
          default { play Slot1 }
          map (Slot1, Slot2) -> (Slot3, Slot3)
        }
    """)
    # line 2: YieldToHardliner2 sees Fair1's DEFAULT AlwaysSlot1 and yields: a = (Slot1, Slot1);
    # rn_1(a) = rn_2(a) = (Slot1, Slot1) (unmapped), so (3, 1).  Seeing Fair1 itself it would
    # have played Slot2, a = (Slot1, Slot2), renegotiated to (Slot3, Slot3) = (1, 1).
    result = play(path, "Fair1", "FairYield2")
    check(result, [(S11, 1)], (3, 1))
    assert "Alg. 1, line 4" in wheres(result)
    # the default block sees AlwaysSlot1, a base program: Slot2, a = (Slot1, Slot2) -> (Slot3, Slot3)
    check(play(path, "Fair1", "FairTemplate2"), [(S33, 1)], (1, 1))
    # a default block `{ play Slot1 }` has AlwaysSlot1's code, so YieldToHardliner2 yields to
    # it too: a = (Slot1, Slot1), unmapped by both, (3, 1)
    check(play(path, "Block1", "FairYield2"), [(S11, 1)], (3, 1))


def test_agreement_on_an_unmapped_profile(tmp_path):
    # Fair1 vs Fair1: a = (Slot1, Slot1); neither maps it, rn_1(a) = rn_2(a) = a: (3, 1)
    result = play(sched(tmp_path), "Fair1", "Fair1")
    check(result, [(S11, 1)], (3, 1))
    assert "Alg. 1, line 4" in wheres(result)


def test_line_6_disagreement_plays_the_default_outcome(tmp_path):
    path = sched(tmp_path, """
        program Greedy2 renegotiation {
          default AlwaysSlot2
          map (Slot1, Slot2) -> (Slot2, Slot2)
        }
    """)
    # a = (Slot1, Slot2); rn_1(a) = (Slot3, Slot3) != rn_2(a) = (Slot2, Slot2): play a, (0, 0)
    result = play(path, "Fair1", "Greedy2")
    check(result, [(S12, 1)], (0, 0))
    assert "Alg. 1, line 6" in wheres(result) and "Alg. 1, line 4" not in wheres(result)


def test_first_matching_map_wins(tmp_path):
    path = sched(tmp_path, """
        program SpecificFirst renegotiation {
          default AlwaysSlot1
          map (Slot1, Slot2) -> (Slot3, Slot3)
          map (Slot1, _) -> (Slot1, Slot1)
        }
        program WildcardFirst renegotiation {
          default AlwaysSlot1
          map (Slot1, _) -> (Slot1, Slot1)
          map (_, Slot2) -> (Slot2, Slot2)
        }
        program Yielding2 renegotiation {
          default AlwaysSlot2
          map (Slot1, Slot2) -> (Slot1, Slot1)
        }
    """)
    # a = (Slot1, Slot2).  SpecificFirst: rn_1(a) = (Slot3, Slot3) = rn_2(a) of Fair2: (1, 1)
    check(play(path, "SpecificFirst", "Fair2"), [(S33, 1)], (1, 1))
    # WildcardFirst: both maps match a; the first gives rn_1(a) = (Slot1, Slot1), which is
    # not Fair2's (Slot3, Slot3): line 6, a = (0, 0)
    check(play(path, "WildcardFirst", "Fair2"), [(S12, 1)], (0, 0))
    # ... but it agrees with Yielding2 on (Slot1, Slot1) = (3, 1); SpecificFirst does not
    check(play(path, "WildcardFirst", "Yielding2"), [(S11, 1)], (3, 1))
    check(play(path, "SpecificFirst", "Yielding2"), [(S12, 1)], (0, 0))


def test_lottery_targets(tmp_path):
    path = sched(tmp_path, """
        program Lot1 renegotiation {
          default AlwaysSlot1
          map (Slot1, Slot2) -> lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }
        }
        program Lot2 renegotiation {
          default AlwaysSlot2
          map (Slot1, Slot2) -> lottery { (Slot2, Slot2): 1/2, (Slot1, Slot1): 1/2 }
        }
        program Skewed2 renegotiation {
          default AlwaysSlot2
          map (Slot1, Slot2) -> lottery { (Slot1, Slot1): 1/3, (Slot2, Slot2): 2/3 }
        }
    """)
    # the two lotteries are the same distribution (entry order differs): they agree.
    # u = 1/2*(3, 1) + 1/2*(1, 3) = (3/2 + 1/2, 1/2 + 3/2) = (2, 2)
    check(play(path, "Lot1", "Lot2"), [(S11, Fr(1, 2)), (S22, Fr(1, 2))], (2, 2))
    # 1/2, 1/2 versus 1/3, 2/3: different outcomes, line 6, a = (Slot1, Slot2) = (0, 0)
    check(play(path, "Lot1", "Skewed2"), [(S12, 1)], (0, 0))


# ------------------------------------------------------------------ randomizing defaults

MIXED = """
    program Coin1 renegotiation {
      default { play mix { Slot1: 1/2, Slot2: 1/2 } }
      map (Slot1, Slot2) -> (Slot3, Slot3)
    }
    program Third1 renegotiation {
      default { play mix { Slot1: 1/3, Slot2: 2/3 } }
      map (Slot1, Slot2) -> (Slot3, Slot3)
      map (Slot2, Slot1) -> (Slot3, Slot3)
    }
    program Quarter2 renegotiation {
      default { play mix { Slot1: 1/4, Slot2: 3/4 } }
      map (Slot1, Slot2) -> (Slot3, Slot3)
      map (Slot2, Slot1) -> (Slot3, Slot3)
    }
    program QuarterHalf2 renegotiation {
      default { play mix { Slot1: 1/4, Slot2: 3/4 } }
      map (Slot1, Slot2) -> (Slot3, Slot3)
    }
    program CoinLot1 renegotiation {
      default { play mix { Slot1: 1/2, Slot2: 1/2 } }
      map (Slot1, Slot2) -> lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }
    }
    program StubbornLot2 renegotiation {
      default { play Slot2 }
      map (Slot1, Slot2) -> lottery { (Slot2, Slot2): 1/2, (Slot1, Slot1): 1/2 }
    }
"""


def test_mixed_default_renegotiates_each_realized_profile(tmp_path):
    path = sched(tmp_path, MIXED)
    # a = (Slot1, Slot2) w.p. 1/2 -> both rn give (Slot3, Slot3);
    #     (Slot2, Slot2) w.p. 1/2 -> unmapped by both, stays.
    # u = 1/2*(1, 3) + 1/2*(1, 1) = (1, 2)
    check(play(path, "Coin1", "Fair2"), [(S22, Fr(1, 2)), (S33, Fr(1, 2))], (1, 2))
    # against the base program AlwaysSlot2 (line 8) nothing is renegotiated:
    # u = 1/2*(0, 0) + 1/2*(1, 3) = (1/2, 3/2)
    check(play(path, "Coin1", "AlwaysSlot2"), [(S12, Fr(1, 2)), (S22, Fr(1, 2))], (Fr(1, 2), Fr(3, 2)))


def test_mixed_defaults_merge_renegotiated_profiles(tmp_path):
    path = sched(tmp_path, MIXED)
    # a: (S1,S1) 1/3*1/4 = 1/12, (S1,S2) 1/3*3/4 = 1/4, (S2,S1) 2/3*1/4 = 1/6, (S2,S2) 2/3*3/4 = 1/2.
    # Both send (S1,S2) and (S2,S1) to (S3,S3): 1/4 + 1/6 = 5/12.
    # u = 1/12*(3,1) + 1/2*(1,3) + 5/12*(1,1) = (3/12 + 6/12 + 5/12, 1/12 + 18/12 + 5/12)
    #   = (14/12, 24/12) = (7/6, 2)
    check(play(path, "Third1", "Quarter2"),
          [(S11, Fr(1, 12)), (S22, Fr(1, 2)), (S33, Fr(5, 12))], (Fr(7, 6), 2))


def test_mixed_defaults_with_agreement_and_disagreement(tmp_path):
    path = sched(tmp_path, MIXED)
    # same a as above; QuarterHalf2 maps only (S1,S2):
    #   (S1,S1) 1/12: both identity, agree;   (S1,S2) 1/4: both (S3,S3), agree (line 4);
    #   (S2,S1) 1/6: rn_1 = (S3,S3) != rn_2 = (S2,S1), line 6, stays;   (S2,S2) 1/2: agree.
    # u = 1/12*(3,1) + 1/6*(0,0) + 1/2*(1,3) + 1/4*(1,1)
    #   = (3/12 + 6/12 + 3/12, 1/12 + 18/12 + 3/12) = (1, 22/12) = (1, 11/6)
    result = play(path, "Third1", "QuarterHalf2")
    check(result, [(S11, Fr(1, 12)), (S21, Fr(1, 6)), (S22, Fr(1, 2)), (S33, Fr(1, 4))], (1, Fr(11, 6)))
    assert "Alg. 1, line 4" in wheres(result) and "Alg. 1, line 6" in wheres(result)


def test_mixed_default_with_lottery_targets(tmp_path):
    path = sched(tmp_path, MIXED)
    # a = (S1,S2) w.p. 1/2: both lotteries are {(S1,S1): 1/2, (S2,S2): 1/2} -> 1/4 each;
    #     (S2,S2) w.p. 1/2: stays.  Total (S1,S1) 1/4, (S2,S2) 1/4 + 1/2 = 3/4.
    # u = 1/4*(3,1) + 3/4*(1,3) = (3/4 + 3/4, 1/4 + 9/4) = (3/2, 5/2)
    check(play(path, "CoinLot1", "StubbornLot2"), [(S11, Fr(1, 4)), (S22, Fr(3, 4))],
          (Fr(3, 2), Fr(5, 2)))
