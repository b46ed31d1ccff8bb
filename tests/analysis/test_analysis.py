"""`analyze`: expected utilities, best responses and subjective equilibrium (Definition 1)
with hand-computed numbers, before and after a transform; the checks of Assumptions 4 and
8; the Python result objects and JSON; golden CLI output; and errors.

Scheduling payoffs (Table 1): (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
(Slot3, Slot3) = (1, 1), anything else (0, 0)."""

import json
import os
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

import spi_lang
from spi_lang.analysis.findings import HOLDS, UNCONSTRAINED, VIOLATED

GOLDEN = Path(__file__).parents[1] / "golden"
PROP2 = "scheduling/proposition2.spi"
THM3 = "scheduling/theorem3.spi"
EXAMPLE_31 = dict(candidates1=["AlwaysSlot1", "YieldToHardliner1"],
                  candidates2=["AlwaysSlot2", "YieldToHardliner2"],
                  beliefs=["Example31Beliefs1", "Example31Beliefs2"])
NO_PUNISHMENT = dict(EXAMPLE_31, beliefs=["NoPunishmentBeliefs1", "NoPunishmentBeliefs2"])
THEOREM_3 = dict(candidates1=["Hardline1", "Bold1"], candidates2=["Hardline2", "Modest2"],
                 beliefs=["Theorem3Beliefs1", "Theorem3Beliefs2"])


# ------------------------------------------------------------------ expected utilities

def test_expected_utilities_and_best_response_of_example_3_1():
    result = spi_lang.analyze(PROP2, **EXAMPLE_31)
    p1 = result.player("P1")
    # Example31Beliefs1 = {YieldToHardliner2: 3/4, AlwaysSlot2: 1/4}.
    # AlwaysSlot1: YieldToHardliner2 sees AlwaysSlot1's code and yields, (Slot1, Slot1) pays
    # 3; against AlwaysSlot2, (Slot1, Slot2) pays 0. EU = 3 * 3/4 + 0 * 1/4 = 9/4.
    # YieldToHardliner1: against YieldToHardliner2 neither yields, (Slot1, Slot2) pays 0;
    # it yields to AlwaysSlot2, (Slot2, Slot2) pays 1. EU = 0 * 3/4 + 1 * 1/4 = 1/4.
    assert p1.support == (("YieldToHardliner2", F(3, 4)), ("AlwaysSlot2", F(1, 4)))
    assert [(c.before.program, c.before.payoffs, c.before.expected) for c in p1.candidates] == [
        ("AlwaysSlot1", (3, 0), F(9, 4)), ("YieldToHardliner1", (0, 1), F(1, 4))]
    assert (p1.best, p1.best_responses) == (F(9, 4), ("AlwaysSlot1",))
    # Player 2 is the mirror image: u_2 of (Slot2, Slot2) is 3, so the same numbers.
    p2 = result.player("P2")
    assert [c.before.expected for c in p2.candidates] == [F(9, 4), F(1, 4)]
    assert p2.best_responses == ("AlwaysSlot2",)


def test_ties_give_several_best_responses():
    p1 = spi_lang.analyze(THM3, **THEOREM_3).player("P1")
    # Theorem3Beliefs1 = {Hardline2: 1/2, Generous2: 1/2}. Hardline1 offers only (3, 1),
    # Hardline2 only (1, 3): no agreement, (Slot1, Slot2) pays 0. Generous2 also offers
    # (3, 1), so Hardline1 gets 3. Bold1 offers below (3, 1), which misses (1, 3): 0; with
    # Generous2 the agreement set holds (3, 1), leximin's pick: 3. Both: 0/2 + 3/2 = 3/2.
    assert [(c.before.program, c.before.payoffs) for c in p1.candidates] == [
        ("Hardline1", (0, 3)), ("Bold1", (0, 3))]
    assert (p1.best, p1.best_responses) == (F(3, 2), ("Hardline1", "Bold1"))


def test_one_player_alone_needs_only_that_players_beliefs():
    result = spi_lang.analyze(PROP2, candidates2=["AlwaysSlot2"], beliefs=["Example31Beliefs2"])
    assert [p.player for p in result.players] == ["P2"]
    assert result.player("P2").best == F(9, 4)
    assert result.equilibrium is None


# ------------------------------------------------------------------ Definition 1

def test_a_subjective_equilibrium_that_holds():
    eq = spi_lang.analyze(PROP2, **EXAMPLE_31, profile=("AlwaysSlot1", "AlwaysSlot2")).equilibrium
    # Each plays its best response (9/4 each, above): Example 3.1's miscoordination,
    # (Slot1, Slot2) paying (0, 0), is a subjective equilibrium.
    assert eq.holds
    assert (eq.outcome, eq.payoffs) == ("(Slot1, Slot2)", (0, 0))
    assert [(s.program, s.expected, s.best, s.optimal) for s in eq.sides] == [
        ("AlwaysSlot1", F(9, 4), F(9, 4), True), ("AlwaysSlot2", F(9, 4), F(9, 4), True)]


def test_a_subjective_equilibrium_that_fails():
    eq = spi_lang.analyze(PROP2, **EXAMPLE_31, profile=("YieldToHardliner1", "AlwaysSlot2")).equilibrium
    # YieldToHardliner1 expects 1/4 < 9/4 = AlwaysSlot1's: player 1 is not optimizing.
    # Player 2's AlwaysSlot2 is optimal (9/4). The profile plays (Slot2, Slot2), (1, 3).
    assert not eq.holds
    assert (eq.outcome, eq.payoffs) == ("(Slot2, Slot2)", (1, 3))
    p1, p2 = eq.sides
    assert (p1.expected, p1.best, p1.best_responses, p1.optimal) == (F(1, 4), F(9, 4), ("AlwaysSlot1",), False)
    assert p2.optimal


# ------------------------------------------------------------------ after a transform

def test_renegotiation_helps_under_beliefs_that_do_not_punish_it():
    result = spi_lang.analyze(PROP2, **NO_PUNISHMENT, profile=("AlwaysSlot1", "AlwaysSlot2"),
                              transform="renegotiate:Fair1")
    p1 = result.player("P1")
    # NoPunishmentBeliefs1 = {YieldToHardlinerOrFair2: 1/2, Fair2: 1/2}.
    # Before: AlwaysSlot1 gets 3 from YieldToHardlinerOrFair2 (it yields to AlwaysSlot1) and
    # 0 from Fair2 (a renegotiation program plays its default AlwaysSlot2 against a base
    # program): EU 3/2. YieldToHardliner1 gets 0 from both (neither program is AlwaysSlot2).
    # After: f*(AlwaysSlot1) has Fair1's code, so YieldToHardlinerOrFair2 still yields: 3;
    # with Fair2 the defaults meet at (Slot1, Slot2), both map it to (Slot3, Slot3): 1.
    # EU = 3/2 + 1/2 = 2. f*(YieldToHardliner1): 0 from YieldToHardlinerOrFair2, and with
    # Fair2 its default yields to AlwaysSlot2, (Slot2, Slot2) is not remapped: 1. EU 1/2.
    rows = [(c.before.expected, c.after.program, c.after.payoffs, c.after.expected, c.changed)
            for c in p1.candidates]
    assert rows == [(F(3, 2), "renegotiate(AlwaysSlot1, Fair1)", (3, 1), F(2), True),
                    (F(0), "renegotiate(YieldToHardliner1, Fair1)", (0, 1), F(1, 2), True)]
    assert (p1.best_after, p1.best_responses_after) == (F(2), ("renegotiate(AlwaysSlot1, Fair1)",))
    assert result.equilibrium.holds and result.equilibrium.payoffs == (0, 0)
    after = result.equilibrium_after
    # Proposition 2's conclusion: f*(p*) is a subjective equilibrium, here playing (Slot3, Slot3).
    assert after.holds and after.profile == ("renegotiate(AlwaysSlot1, Fair1)", "renegotiate(AlwaysSlot2, Fair1)")
    assert (after.outcome, after.payoffs) == ("(Slot3, Slot3)", (1, 1))
    assert result.assumptions.violations == ()


def test_renegotiation_is_punished_under_example_3_1_beliefs():
    result = spi_lang.analyze(PROP2, **EXAMPLE_31, profile=("AlwaysSlot1", "AlwaysSlot2"),
                              transform="renegotiate:Fair1")
    p1 = result.player("P1")
    # YieldToHardliner2 does not yield to f*(AlwaysSlot1), whose code is not AlwaysSlot1's:
    # (Slot1, Slot2), 0; against AlwaysSlot2 f* plays its default: 0. EU drops 9/4 -> 0.
    assert p1.candidates[0].after.payoffs == (0, 0) and p1.candidates[0].after.expected == 0
    assert not result.equilibrium_after.holds
    assert result.equilibrium_after.sides[0].best_responses == ("AlwaysSlot1",)
    # ... which is Assumption 4(1) failing: YieldToHardliner2 plays Slot2 against the
    # renegotiation program and Slot1 against its default.
    (bad_1, bad_2) = result.assumptions.violations
    assert (bad_1.assumption, bad_1.player, bad_1.responder, bad_1.program, bad_1.status) == (
        "4(1)", "P1", "YieldToHardliner2", "renegotiate(AlwaysSlot1, Fair1)", VIOLATED)
    assert bad_1.detail == ("YieldToHardliner2 plays Slot2 against renegotiate(AlwaysSlot1, Fair1) but "
                            "Slot1 against its default AlwaysSlot1")
    assert (bad_2.player, bad_2.responder) == ("P2", "YieldToHardliner1")


def test_pmp_extension_reaches_the_pmm_in_a_subjective_equilibrium():
    result = spi_lang.analyze(THM3, **THEOREM_3, profile=("Hardline1", "Hardline2"), transform="pmp")
    p1 = result.player("P1")
    # PMP-extending Hardline1 against Hardline2 alone changes nothing (0); against Generous2
    # the agreement is (3, 1) already: 3. EU stays 3/2, likewise for Bold1.
    assert [(c.after.program, c.after.expected) for c in p1.candidates] == [
        ("pmp_extension(Hardline1)", F(3, 2)), ("pmp_extension(Bold1)", F(3, 2))]
    assert result.equilibrium.holds and result.equilibrium.payoffs == (0, 0)
    # Theorem 3: the extended profile is a subjective equilibrium and pays the PMM (1, 1).
    after = result.equilibrium_after
    assert after.holds and after.payoffs == (1, 1) == result.pmm


def test_believing_the_other_extends_makes_extending_strictly_better():
    p1 = spi_lang.analyze(THM3, candidates1=["Hardline1"], beliefs=["ExtensionBeliefs1"],
                          transform="pmp").player("P1")
    # ExtensionBeliefs1 = {Hardline2Pmp: 1/2, Generous2: 1/2}. Hardline1 vs Hardline2Pmp:
    # Hardline2Pmp adds PMP_2 of result(Hardline2) = PMP_2((0, 0)), the segment (1, 1)-(1, 3),
    # which misses (3, 1): 0. Both extended meet at the PMM: 1. EU 3/2 -> 1/2 + 3/2 = 2.
    (c,) = p1.candidates
    assert (c.before.payoffs, c.before.expected, c.after.payoffs, c.after.expected) == (
        (0, 3), F(3, 2), (1, 3), F(2))


# ------------------------------------------------------------------ Assumptions 4 and 8

ASSUMPTION_FILES = """\
import "games/scheduling.spi"
import "scheduling/always_slot1.spi"
import "scheduling/always_slot2.spi"
import "scheduling/fair1.spi"
import "scheduling/hardline1.spi"

program Wary2 { if opponent is renegotiation { play Slot3 } play Slot2 }
program Greedy2 renegotiation {
  default Wary2
  map (Slot1, Slot2) -> (Slot2, Slot2)
}
program YieldToHardline2 { if opponent == Hardline1 { play Slot1 } play Slot2 }
program Punisher2 csr {
  default AlwaysSlot2
  offer when opponent == Hardline1: point (3, 1)
  offer below (1, 3)
}
program Lavish2 csr {
  default AlwaysSlot2
  offer when opponent != Hardline1: all
  offer below (1, 3)
}
beliefs Greedy for P1 { Greedy2: 1 }
beliefs YieldCsr for P1 { YieldToHardline2: 1 }
beliefs Punish for P1 { Punisher2: 1 }
beliefs Lavish for P1 { Lavish2: 1 }
"""


@pytest.fixture
def assumption_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.spi").write_text(ASSUMPTION_FILES)
    return "a.spi"


def test_assumption_4_2_is_about_the_default_of_r_not_of_q(assumption_file):
    # r = f*(AlwaysSlot1) and Greedy2 do not renegotiate: their defaults meet at (Slot1,
    # Slot2), r maps it to (Slot3, Slot3), Greedy2 to (Slot2, Slot2). 4(1) holds: Greedy2
    # plays a's Slot2 (line 6) against r and its default's Slot2 against AlwaysSlot1.
    # 4(2) (the paper's reading) asks r's default AlwaysSlot1 to respond to Greedy2 as to
    # Greedy2's default Wary2: Slot1 both times, so it holds. (Greedy2's default Wary2 does
    # respond differently to r, Slot3, than to AlwaysSlot1, Slot2: the mirror situation,
    # which the paper does not constrain.)
    found = spi_lang.analyze(assumption_file, candidates1=["AlwaysSlot1"], beliefs=["Greedy"],
                             transform="renegotiate:Fair1").assumptions.findings
    assert [(f.assumption, f.status) for f in found] == [("4(1)", HOLDS), ("4(2)", HOLDS)]
    assert found[1].detail == "AlwaysSlot1 plays Slot1 against Greedy2 and its default Wary2"


def test_assumption_4_does_not_constrain_programs_that_renegotiate(assumption_file):
    write_fair2 = 'import "a.spi"\nimport "scheduling/fair2.spi"\nbeliefs F for P1 { Fair2: 1 }\n'
    Path("f.spi").write_text(write_fair2)
    (only,) = spi_lang.analyze("f.spi", candidates1=["Fair1"], beliefs=["F"]).assumptions.findings
    assert (only.assumption, only.status) == ("4", UNCONSTRAINED)


def test_assumption_8i_a_base_program_that_punishes_extension(assumption_file):
    found = spi_lang.analyze(assumption_file, candidates1=["Hardline1"], beliefs=["YieldCsr"],
                             transform="pmp").assumptions.findings
    # YieldToHardline2 yields (Slot1) to Hardline1's code but not to its default
    # AlwaysSlot1 (Slot2); it plays Slot2 against the extension and against AlwaysSlot1.
    assert [(f.assumption, f.program, f.status) for f in found] == [
        ("8(i)", "Hardline1", VIOLATED), ("8(i)", "pmp_extension(Hardline1)", HOLDS)]
    assert found[0].detail == "YieldToHardline2 plays Slot1 against Hardline1 but Slot2 against its default AlwaysSlot1"


def test_assumption_8ii_an_offer_that_drops_points_against_the_extension(assumption_file):
    (found,) = spi_lang.analyze(assumption_file, candidates1=["Hardline1"], beliefs=["Punish"]).assumptions.findings
    # At the first default profile, a = (Slot1, Slot1) paying (3, 1), Punisher2's offer
    # against Hardline1 is {(3, 1)} (below (1, 3) has nothing weakly above (3, 1)), and
    # against the extension nothing. a(p) = Hardline1 vs Punisher2 agrees on (3, 1), whose
    # PMP_1 is {x in F: x1 >= 3, x2 = 1} = the point (3, 1).
    assert (found.assumption, found.status) == ("8(ii)", VIOLATED)
    assert found.detail == ("at a = (Slot1, Slot1), Punisher2 offers nothing against "
                            "pmp_extension(Hardline1), which drops points of its offer point (3, 1) "
                            "against Hardline1 (PMP_1(a(p)) = point (3, 1))")


def test_assumption_8ii_an_offer_that_adds_more_than_the_pmp(assumption_file):
    (found,) = spi_lang.analyze(assumption_file, candidates1=["Hardline1"], beliefs=["Lavish"]).assumptions.findings
    # Against the extension Lavish2 offers all of F above a = (Slot1, Slot1), i.e. (3, 1);
    # against Hardline1 below (1, 3) has nothing there. a(p): Hardline1's (3, 1) is not in
    # below (1, 3), so (0, 0), and PMP_1((0, 0)) is the segment (1, 1)-(3, 1) ... which holds
    # (3, 1). The first profile that adds more is (Slot1, Slot2), paying (0, 0): all of F.
    assert (found.assumption, found.status) == ("8(ii)", VIOLATED)
    assert found.detail.startswith("at a = (Slot1, Slot2), Lavish2 offers polygon (0, 0), (3, 1), (1, 3) "
                                   "against pmp_extension(Hardline1), which adds points outside PMP to")


def test_assumption_8ii_holds_for_unconditional_offers():
    found = spi_lang.analyze(THM3, **THEOREM_3, transform="pmp").assumptions.findings
    # Hardline2 and Generous2 offer the same sets whoever the counterpart is: 2 believed csr
    # programs x 2 csr candidates, for each player.
    assert [(f.assumption, f.status) for f in found] == [("8(ii)", HOLDS)] * 8
    assert found[0].detail.startswith("at all 9 default profiles, Hardline2 offers pmp_extension(Hardline1) "
                                      "what it offers Hardline1")


def test_what_could_not_be_checked_is_said():
    notes = spi_lang.analyze(PROP2, **EXAMPLE_31).assumptions.not_checked
    assert notes[0] == ("Assumption 4 for P1 (Example31Beliefs1): no renegotiation program at hand "
                        "(give renegotiation candidates, or --transform renegotiate:NAME).")
    assert any(n.startswith("Assumptions 4 and 8 speak of every renegotiation and csr program") for n in notes)


# ------------------------------------------------------------------ API, JSON, CLI

def test_json_has_exact_numbers_as_strings():
    data = json.loads(spi_lang.analyze(PROP2, **EXAMPLE_31, profile=("AlwaysSlot1", "AlwaysSlot2")).to_json())
    p1 = data["analyses"][0]
    assert p1["support"] == [{"program": "YieldToHardliner2", "probability": "3/4"},
                             {"program": "AlwaysSlot2", "probability": "1/4"}]
    assert p1["candidates"][0] == {"program": "AlwaysSlot1", "payoffs": ["3", "0"], "expected_utility": "9/4",
                                   "image": None, "changed": False}
    assert (p1["best"], p1["best_responses"]) == ("9/4", ["AlwaysSlot1"])
    assert data["equilibrium"]["holds"] is True and data["equilibrium"]["payoffs"] == ["0", "0"]
    assert data["equilibrium_after"] is None


def test_programs_named_by_file_and_a_loaded_project():
    project = spi_lang.load(PROP2, "scheduling/always_slot1.spi")
    result = spi_lang.analyze(candidates1=["scheduling/always_slot1.spi", "YieldToHardliner1"],
                              beliefs=[f"{PROP2}:Example31Beliefs1"], project=project)
    assert result.player("P1").expected_utility("AlwaysSlot1") == F(9, 4)


GOLDEN_CASES = [
    ("analyze_proposition2.txt", ["analyze", PROP2, "--candidates1", "AlwaysSlot1", "YieldToHardliner1",
                                  "--candidates2", "AlwaysSlot2", "YieldToHardliner2", "--beliefs",
                                  "NoPunishmentBeliefs1", "NoPunishmentBeliefs2", "--profile", "AlwaysSlot1",
                                  "AlwaysSlot2", "--transform", "renegotiate:Fair1"]),
    ("analyze_example31.txt", ["analyze", PROP2, "--candidates1", "AlwaysSlot1", "YieldToHardliner1",
                               "--beliefs", "Example31Beliefs1", "--transform", "renegotiate:Fair1"]),
    ("analyze_theorem3.txt", ["analyze", THM3, "--candidates1", "Hardline1", "Bold1", "--candidates2",
                              "Hardline2", "Modest2", "--beliefs", "Theorem3Beliefs1", "Theorem3Beliefs2",
                              "--profile", "Hardline1", "Hardline2", "--transform", "pmp"]),
]


@pytest.mark.parametrize("golden, argv", GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


def test_cli_json(run):
    code, out, _ = run("analyze", THM3, "--candidates1", "Hardline1", "--beliefs", "ExtensionBeliefs1",
                       "--transform", "pmp", "--json")
    assert code == 0
    (p1,) = json.loads(out)["analyses"]
    assert p1["candidates"][0]["image"]["expected_utility"] == "2"


def test_output_is_the_same_under_every_hash_seed():
    argv = ["analyze", THM3, *sum(([f"--{k}", *v] for k, v in THEOREM_3.items()), []),
            "--profile", "Hardline1", "Hardline2", "--transform", "pmp", "--json"]
    outputs = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run([sys.executable, "-m", "spi_lang", *argv], cwd=GOLDEN, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
