"""Best responses over all programs (`analyze --all-programs`, analysis/all_programs.py),
worked by hand. The Scheduling game: (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
(Slot3, Slot3) = (1, 1), every other profile (0, 0); F = triangle (0,0), (3,1), (1,3),
so player 1 never gets more than 3, PMM = (1, 1). Every witness is also saved as a file
and played with `spilang play` against each believed program."""

from fractions import Fraction as Fr

import pytest
from icsr_games import THREE

import spi_lang
from spi_lang import api
from spi_lang.analysis.all_programs import _Search, best_over_all_programs
from spi_lang.analysis.all_programs_check import FAILS, HOLDS, UNDECIDED
from spi_lang.analysis.observed import unknown_constructs
from spi_lang.analysis.session import Session
from spi_lang.analysis.utilities import Belief
from spi_lang.load.programs import BASE, Program
from spi_lang.syntax import ast
from spi_lang.syntax.node import node


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def best(root: str, seat: int, support, project=None):
    project = project or spi_lang.load(root)
    game = project.games["Scheduling"]
    belief = Belief("B", game.players[seat], seat,
                    tuple((project.programs[n], Fr(p)) for n, p in support))
    return best_over_all_programs(Session(project, game, "leximin", 1_000_000), belief)


def played(result, support, tmp_path, seat=0) -> list[Fr]:
    """Save the witness as a file, load it alone and play it against each believed program."""
    (tmp_path / "witness.spi").write_text(result.witness_source)
    project = spi_lang.load("witness.spi")
    witness = project.named(result.witness)
    out = []
    for name, _ in support:
        table = (witness, project.named(name))
        out.append(api.play_programs(project, *(table if seat == 0 else table[::-1])).payoffs[seat])
    return out


THEOREM3 = [("Hardline2", "1/2"), ("Generous2", "1/2")]


def test_theorem3_demo_is_only_a_candidate_equilibrium(tmp_path):
    # Against Hardline2 (offers only (1, 3)) a csr program that offers (1, 3) agrees: 1;
    # against Generous2 (below (1, 3) | point (3, 1)) it offers (3, 1): 3. So the supremum
    # is 1/2 x 1 + 1/2 x 3 = 2 > 3/2, Hardline1's expected utility (1/2 x 0 + 1/2 x 3).
    # Base, renegotiation and icsr witnesses do not renegotiate with a csr program: both
    # counterparts play AlwaysSlot2's Slot2, so Slot2 is best, (1, 3): 1 for player 1.
    result = best("scheduling/theorem3.spi", 0, THEOREM3)
    assert result.value == 2 and result.exact
    assert result.payoffs == (1, 3)
    assert dict(result.appearances) == {"fresh base program": 1, "fresh renegotiation program": 1,
                                        "fresh csr program": 2, "fresh icsr program": 1}
    assert result.witness_source == """\
import "scheduling/theorem3.spi"
program BestResponse1 csr {
  default {
    play Slot1
  }
  offer when opponent == Hardline2 and outcome == (Slot1, Slot2): point (1, 3)
  offer when opponent == Generous2 and outcome == (Slot1, Slot2): point (3, 1)
}
"""
    assert played(result, THEOREM3, tmp_path) == [1, 3]


def test_a_copy_of_compared_code_is_the_best_response():
    # YieldToHardliner2 yields only to AlwaysSlot1's exact code: a copy of AlwaysSlot1 gets
    # 3/4 x 3 + 1/4 x 0 = 9/4. A fresh program is not AlwaysSlot1: both believed programs
    # play Slot2 against it, so its best is Slot2, (1, 3): 1.
    support = [("YieldToHardliner2", "3/4"), ("AlwaysSlot2", "1/4")]
    result = best("scheduling/proposition2.spi", 0, support)
    assert result.value == Fr(9, 4) and result.exact and result.label == "copy of AlwaysSlot1"
    assert dict(result.appearances)["fresh base program"] == 1
    assert result.witness_source == 'import "scheduling/proposition2.spi"\nprogram BestResponse1 { play Slot1 }\n'


def test_a_copy_of_a_renegotiation_program():
    # NoPunishmentBeliefs1: YieldToHardlinerOrFair2 yields to AlwaysSlot1 or Fair1; Fair2
    # renegotiates (Slot1, Slot2) to (Slot3, Slot3). A copy of Fair1 gets 3 (it is yielded
    # to) and 1 (renegotiated): 2. No program gets more than 1 against Fair2, whose every
    # agreement or default pays player 1 at most 1, or more than 3 against anything.
    support = [("YieldToHardlinerOrFair2", "1/2"), ("Fair2", "1/2")]
    result = best("scheduling/proposition2.spi", 0, support)
    assert (result.value, result.payoffs, result.label) == (2, (3, 1), "copy of Fair1")
    assert dict(result.appearances)["fresh renegotiation program"] == 1


MAPS = """import "games/scheduling.spi"
import "scheduling/always_slot2.spi"
program Give2 renegotiation {
  default AlwaysSlot2
  map (Slot1, Slot2) -> (Slot1, Slot1)
}
program Lift2 renegotiation {
  default AlwaysSlot2
  map (Slot3, Slot2) -> (Slot2, Slot2)
}
"""


def test_the_best_maps_agree_with_the_counterpart(tmp_path):
    # Give2 sends (Slot1, Slot2), payoffs (0, 0), to (Slot1, Slot1), (3, 1). A witness
    # whose default plays Slot1 against AlwaysSlot2 and maps the same: 3, player 1's best.
    (tmp_path / "m.spi").write_text(MAPS)
    result = best("m.spi", 0, [("Give2", "1")])
    assert result.value == 3 and result.label == "fresh renegotiation program"
    assert result.witness_source == """\
import "m.spi"
program BestResponse1 renegotiation {
  default {
    play Slot1
  }
  map (Slot1, Slot2) -> (Slot1, Slot1)
}
"""
    assert played(result, [("Give2", 1)], tmp_path) == [3]


def test_a_strict_map_is_added_where_no_match_goes(tmp_path):
    # Against Lift2 the best renegotiation witness gets 1: play Slot2 ((Slot2, Slot2) = (1, 3)),
    # or Slot3 and agree on Lift2's map to (Slot2, Slot2). Response functions are tried in
    # action order (against AlwaysSlot2: Slot1 gives 0, Slot2 gives 1 with no map); the
    # first best, Slot2, needs no map, but Definition 3 needs one strict map: the first
    # profile in profile order that no match reaches and that something strictly improves
    # is (Slot1, Slot2), (0, 0); its target is leximin's point above it, (2, 2), played as
    # 1/2 (Slot1, Slot1) + 1/2 (Slot2, Slot2). (The fresh base program playing Slot2 gets 1 too.)
    (tmp_path / "m.spi").write_text(MAPS)
    project = spi_lang.load("m.spi")
    game = project.games["Scheduling"]
    belief = Belief("B", "P1", 0, ((project.programs["Lift2"], Fr(1)),))
    search = _Search(Session(project, game, "leximin", 1_000_000), belief)
    found = {a.label: a for a in search.appearances() if a is not None}
    renegotiation = found["fresh renegotiation program"]
    assert renegotiation.value == 1
    assert renegotiation.source == """\
program BestResponse1 renegotiation {
  default {
    play Slot2
  }
  map (Slot1, Slot2) -> lottery {(Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2}
}
"""
    assert best("m.spi", 0, [("Lift2", "1")]).value == 1


def test_csr_counterparts_that_run_result_of_a_csr_program_are_not_optimised_over():
    # Hardline2Pmp's offer is offers(Hardline2) | pmp(result(Hardline2)): result(Hardline2)
    # renegotiates with the witness, so the witness's own offers feed back into it.
    support = [("Hardline2Pmp", "1/2"), ("Generous2", "1/2")]
    result = best("scheduling/theorem3.spi", 0, support)
    assert not result.exact
    assert result.not_optimised == (
        "a fresh csr witness against Hardline2Pmp: its offers run result(Hardline2) of a csr "
        "program, which reads the witness's own offers (csr witnesses not optimised over)",)
    assert "fresh csr program" not in dict(result.appearances)
    assert result.value == 1  # the best of what was optimised over: Slot2 against both


def test_icsr_witness_against_static_round_offers():
    # Concede2's round-k offer gives player 1 at most 1 + k/4 (above (1, 1) & below
    # (1 + k/4, 3)), reading nothing of the current outcome. The best 3-round icsr witness
    # climbs (5/4, 9/4), (3/2, 9/4), (7/4, 9/4): each point in that round's offer, above the
    # last, on the frontier x + y = 4 at the end; 7/4 for player 1, the most any round
    # allows. Without renegotiation Concede2 plays Slot2: at most 1.
    result = best("scheduling/proposition5.spi", 0, [("Concede2", "1")])
    assert (result.value, result.exact, result.label) == (Fr(7, 4), True, "fresh icsr program, 3 rounds")
    assert dict(result.appearances)["fresh icsr program"] == 1  # 4 rounds: no renegotiation
    assert "round 3 {\n    offer when opponent == Concede2 and outcome == lottery" in result.witness_source
    assert result.witness_source.rstrip().endswith("point (7/4, 9/4)\n  }\n}")


MOVING = """import "scheduling/proposition5.spi"
program Watcher2 icsr {
  default AlwaysSlot2
  round 1 { offer when outcome == (Slot1, Slot2): all }
  round 2 { offer all }
}
"""


def test_icsr_counterparts_reading_the_outcome_are_not_optimised_over(tmp_path):
    (tmp_path / "w.spi").write_text(MOVING)
    result = best("w.spi", 0, [("Watcher2", "1")])
    assert not result.exact
    assert result.not_optimised == ("icsr witnesses with 2 rounds, which renegotiate with Watcher2 "
                                    "(Algorithm 3), are not optimised over: the round offers of "
                                    "Watcher2 read the current outcome",)
    assert result.value == 1  # Slot2 against Watcher2's default AlwaysSlot2: (1, 3)


def test_proposition5_is_a_subjective_equilibrium_over_all_programs():
    result = analyze("scheduling/proposition5.spi", candidates1=["Concede1"], candidates2=["Concede2"],
                     beliefs=["SureConcede2", "SureConcede1"], profile=["Concede1", "Concede2"])
    bests, (check,) = result.all_programs
    assert [b.value for b in bests] == [Fr(7, 4), Fr(7, 4)]
    assert check.verdict == HOLDS and check.payoffs == (Fr(7, 4), Fr(7, 4))


def test_unknown_constructs_are_reported():
    @node
    class Simulate:  # a construct this analysis does not know (as simulation would be)
        name: ast.Name

    cond = Simulate(ast.Name("X"))
    body = ast.Block((ast.If((ast.Branch(cond, ast.Block((ast.Play(ast.Name("A")),))),), None),
                      ast.Play(ast.Name("B"))))
    program = Program("Sim", BASE, None, None, body=body)
    assert unknown_constructs([program]) == [
        "Sim uses Simulate, a construct this analysis does not know (it may read more of the "
        "witness than its code and template)"]


def analyze(*args, **kw):
    return spi_lang.analyze(*args, all_programs=True, **kw)


def test_verdicts_fail_hold_and_undecided():
    common = dict(candidates1=["Hardline1", "Bold1"], candidates2=["Hardline2", "Modest2"],
                  profile=["Hardline1", "Hardline2"], transform="pmp")
    failing = analyze("scheduling/theorem3.spi", beliefs=["Theorem3Beliefs1", "Theorem3Beliefs2"], **common)
    bests, checks = failing.all_programs
    assert [c.verdict for c in checks] == [FAILS, FAILS]
    assert [s.expected for s in checks[0].sides] == [Fr(3, 2), Fr(3, 2)]
    # SureGenerous: Hardline_i gets 3 against Generous_j, the most player i gets in F.
    holding = analyze("scheduling/theorem3_all_programs.spi", beliefs=["SureGenerous1", "SureGenerous2"], **common)
    assert [c.verdict for c in holding.all_programs[1]] == [HOLDS, HOLDS]
    assert [b.value for b in holding.all_programs[0]] == [3, 3]
    # ExtensionBeliefs1: Hardline1 gets 1/2 x 0 + 1/2 x 3 = 3/2 against a lower bound of 1.
    undecided = analyze("scheduling/theorem3.spi", candidates1=["Hardline1"], candidates2=["Hardline2"],
                        beliefs=["ExtensionBeliefs1", "Theorem3Beliefs2"], profile=["Hardline1", "Hardline2"])
    (check,) = undecided.all_programs[1]
    assert check.verdict == FAILS  # player 2's witness still beats Hardline2 (2 > 3/2)
    assert [s.verdict for s in check.sides] == [UNDECIDED, FAILS]


def test_json_has_exact_strings():
    result = analyze("scheduling/theorem3.spi", candidates1=["Hardline1"], candidates2=["Hardline2"],
                     beliefs=["Theorem3Beliefs1", "Theorem3Beliefs2"], profile=["Hardline1", "Hardline2"])
    data = result.to_dict()["all_programs"]
    assert data["best"][0]["supremum"] == "2" and data["best"][0]["exact"] is True
    assert data["equilibria"][0]["verdict"] == "fails"
    assert data["equilibria"][0]["sides"][0] == {"player": "P1", "program": "Hardline1",
                                                  "expected_utility": "3/2", "supremum": "2",
                                                  "verdict": "fails"}


ANON = """import "games/scheduling.spi"
program Anon2 renegotiation {
  default { play Slot2 }
  map (Slot1, Slot2) -> (Slot1, Slot1)
}
program Watch2 {
  if opponent == Anon2 { play Slot1 }
  play Slot3
}
"""


def test_a_condition_on_an_anonymous_default_names_a_copy_of_it(tmp_path):
    # Believed: Watch2 1/2, Anon2 1/2. A fresh renegotiation witness is not Anon2, so Watch2
    # plays Slot3 against it, and its default plays Slot3 there: (Slot3, Slot3) = 1. Against
    # Anon2 the defaults meet: the witness's default plays Slot1 against Anon2's `{ play
    # Slot2 }`, a = (Slot1, Slot2), and both map it to (Slot1, Slot1): 3. Value
    # 1/2 x 1 + 1/2 x 3 = 2. To tell Anon2's anonymous default apart, the witness declares a
    # named copy of it (same code). A copy of Anon2 gets 1/2 x 1 + 1/2 x 0 = 1/2 (its
    # default plays Slot2 against Watch2's Slot1); a fresh base program 1/2 x 1 + 1/2 x 1 = 1.
    (tmp_path / "a.spi").write_text(ANON)
    support = [("Watch2", "1/2"), ("Anon2", "1/2")]
    result = best("a.spi", 0, support)
    assert (result.value, result.payoffs) == (2, (1, 3))
    assert dict(result.appearances) == {"copy of Anon2": Fr(1, 2), "fresh base program": 1,
                                        "fresh renegotiation program": 2, "fresh csr program": 1,
                                        "fresh icsr program": 1}
    assert result.witness_source == """\
import "a.spi"
program Copy_Anon2_default { play Slot2 }
program BestResponse1 renegotiation {
  default {
    if opponent == Copy_Anon2_default {
      play Slot1
    }
    play Slot3
  }
  map (Slot1, Slot2) -> (Slot1, Slot1)
}
"""
    assert played(result, support, tmp_path) == [1, 3]


def test_response_functions_are_searched_part_by_part(tmp_path):
    # 10 actions; (Ak, Ak) pays (k, 9 - k), everything else (0, 0). Four csr counterparts
    # Qk play Ak by default and offer all of F. Against Qk, a default that plays anything
    # but Ak reaches a = (0, 0), and then the witness takes (9, 0), player 1's best point:
    # 9 against each, the most anything gets. The default meets 4 code profiles (10^4
    # response functions in all), but each believed profile meets only its own: 4 x 10.
    acts = [f"A{k}" for k in range(10)]
    rules = "".join(f"  payoff ({a}, {a}) = ({k}, {9 - k})\n" for k, a in enumerate(acts))
    text = f"game Scheduling {{\n  actions {', '.join(acts)}\n{rules}  payoff (_, _) = (0, 0)\n}}\n"
    text += "".join(f"program Q{k} csr {{ default {{ play A{k} }} offer all }}\n" for k in range(4))
    (tmp_path / "big.spi").write_text(text)
    support = [(f"Q{k}", "1/4") for k in range(4)]
    result = best("big.spi", 0, support)
    assert (result.value, result.exact) == (9, True)
    assert played(result, support, tmp_path) == [9, 9, 9, 9]




CAP = """program Cap icsr {
  default { play B }
  round 1 { offer all }
  round 2 { offer below (3/2, 3, 3) }
}
beliefs B1 for P1 { (Up, Cap): 1 }
"""


def test_icsr_witness_with_three_players(tmp_path):
    (tmp_path / "three.spi").write_text(THREE + CAP)
    # F = hull of (0, 0, 0), (1, 2, 3), (2, 1, 1). Against (Up, Cap) with defaults B, B a
    # witness playing A starts at (A, B, B) = (0, 0, 0). In round 2 Cap allows at most
    # x1 = 3/2, and a (1, 2, 3) + b (2, 1, 1) = (3/2, 3/2, 2) at a = b = 1/2 is in F above
    # round 1's point (1/2, 1, 3/2) (half way to (1, 2, 3), the most Up allows in round 1):
    # 3/2 for player 1, the most round 2 allows; Up itself gets it too.
    result = spi_lang.analyze("three.spi", candidates1=["Up"], beliefs=["B1"], all_programs=True)
    (found,), _ = result.all_programs
    assert (found.value, found.exact, found.label) == (Fr(3, 2), True, "fresh icsr program, 2 rounds")
    assert found.witness_source.rstrip().endswith("point (3/2, 3/2, 2)\n  }\n}")
    assert result.players[0].best == Fr(3, 2)


def test_a_profile_of_transform_wrappers_is_undecided_over_all_programs():
    # pmp:revised makes PRN programs, which no program of the language is: their 3 (each
    # player's best in F against Generous_j, 1) cannot be compared with a space they are
    # not in, so the check after the transform is undecided, not "holds".
    result = analyze("scheduling/theorem3_all_programs.spi", candidates1=["Hardline1"], candidates2=["Hardline2"],
                     beliefs=["SureGenerous1", "SureGenerous2"], profile=["Hardline1", "Hardline2"],
                     transform="pmp:revised")
    before, after = result.all_programs[1]
    assert before.verdict == HOLDS
    assert after.verdict == UNDECIDED and after.note.startswith("prn(Hardline1), prn(Hardline2): a transform's wrapper")
    assert [s.expected for s in after.sides] == [3, 3]
