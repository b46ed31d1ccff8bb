"""Transforms (`renegotiate:NAME`, Proposition 2's f*, and `pmp`, Definition 7) as real
programs: their code, how they play, what `opponent == self` means after them; and
`spi-check` (Definition 2): one that passes, one that fails with its counterexample, golden
CLI output, and errors for bad --transform values.

Scheduling payoffs (Table 1): (Slot1, Slot1) = (3, 1), (Slot2, Slot2) = (1, 3),
(Slot3, Slot3) = (1, 1), anything else (0, 0)."""

import json
from pathlib import Path

import pytest
from error_helpers import CHICKEN

import spi_lang
from spi_lang.analysis.transforms import images, parse_transform
from spi_lang.engine.interpreter import play_match
from spi_lang.load.checks.in_game import seat_errors
from spi_lang.load.programs import canonical_form

GOLDEN = Path(__file__).parents[1] / "golden"
EXAMPLE_32 = ["scheduling/always_slot1.spi", "scheduling/yield_to_hardliner1.spi",
              "scheduling/always_slot2.spi", "scheduling/yield_to_hardliner2.spi", "scheduling/fair1.spi"]
THM3 = "scheduling/theorem3.spi"


def transformed(project, spec, *names):
    f = parse_transform(spec, lambda n: project.programs[n])
    return images([(f, project.programs[n]) for n in names], list(project.programs.values()))


@pytest.fixture
def scheduling():
    return spi_lang.load(*EXAMPLE_32, "scheduling/fair2.spi", "scheduling/hardline1_pmp.spi",
                         "scheduling/hardline2_pmp.spi", "prisoners_dilemma/clique_bot.spi",
                         "prisoners_dilemma/cooperate_bot.spi")


# ------------------------------------------------------------------ the programs built

def test_f_star_of_alwaysslot1_is_fair1(scheduling):
    f1, f2 = transformed(scheduling, "renegotiate:Fair1", "AlwaysSlot1", "AlwaysSlot2")
    assert (f1.name, f1.kind, f1.default.name) == ("renegotiate(AlwaysSlot1, Fair1)", "renegotiation", "AlwaysSlot1")
    # Fair1 is exactly the Algorithm 1 program with default AlwaysSlot1 and these maps,
    # and Fair2 has the same maps with default AlwaysSlot2: equal code, in any world.
    assert f1.code == scheduling.programs["Fair1"].code
    assert f2.code == scheduling.programs["Fair2"].code
    assert canonical_form(f1) == canonical_form(scheduling.programs["Fair1"])
    game = scheduling.games["Scheduling"]
    # Example 3.2: the defaults meet at (Slot1, Slot2), both rn map it to (Slot3, Slot3).
    assert play_match(game, (f1, f2)).payoffs == (1, 1)
    assert seat_errors(f1, game, 0) == []


def test_pmp_image_is_the_declared_extension(scheduling):
    (ext,) = transformed(scheduling, "pmp", "Hardline1")
    assert (ext.name, ext.kind) == ("pmp_extension(Hardline1)", "csr")
    assert ext.code == scheduling.programs["Hardline1Pmp"].code
    game = scheduling.games["Scheduling"]
    # The two extensions meet at the PMM (the README's Theorem 3 example).
    (ext2,) = transformed(scheduling, "pmp", "Hardline2")
    assert play_match(game, (ext, ext2)).payoffs == (1, 1)


def test_a_transform_leaves_other_templates_alone(scheduling):
    f = parse_transform("renegotiate:Fair1", lambda n: scheduling.programs[n])
    assert f.apply(scheduling.programs["Hardline1"]) is scheduling.programs["Hardline1"]
    assert f.apply(scheduling.programs["Fair2"]) is scheduling.programs["Fair2"]
    pmp = parse_transform("pmp", None)
    assert pmp.apply(scheduling.programs["AlwaysSlot1"]) is scheduling.programs["AlwaysSlot1"]
    # Each program's image is built once.
    assert f.apply(scheduling.programs["AlwaysSlot1"]) is f.apply(scheduling.programs["AlwaysSlot1"])


def test_self_inside_a_transformed_program_is_still_the_default():
    # In the prisoner's dilemma: f*(CliqueBot) is Algorithm 1 with default CliqueBot. Two of
    # them play their defaults against each other (line 2), and there `self` is CliqueBot:
    # they recognize each other and cooperate. A plain CliqueBot facing f*(CliqueBot) sees
    # code other than its own and defects, while f*(CliqueBot) plays its default against the
    # full counterpart (line 8), which is CliqueBot's code: it cooperates.
    project = spi_lang.load("prisoners_dilemma/clique_bot.spi", "prisoners_dilemma/renegotiating_defector.spi")
    (f_clique,) = transformed(project, "renegotiate:RenegotiatingDefector", "CliqueBot")
    game = project.games["PrisonersDilemma"]
    both = play_match(game, (f_clique, f_clique)).outcome.support
    assert both == ((("Cooperate", "Cooperate"), 1),)
    mixed = play_match(game, (f_clique, project.programs["CliqueBot"])).outcome.support
    assert mixed == ((("Cooperate", "Defect"), 1),)


# ------------------------------------------------------------------ Definition 2

def test_spi_check_passes_for_the_renegotiation_transform_of_example_3_2():
    result = spi_lang.spi_check(*EXAMPLE_32, seat1=["AlwaysSlot1", "YieldToHardliner1"],
                                seat2=["AlwaysSlot2", "YieldToHardliner2"], transform="renegotiate:Fair1")
    # (AlwaysSlot1, AlwaysSlot2): (Slot1, Slot2) pays (0, 0); f* renegotiates it to (1, 1).
    # (AlwaysSlot1, YieldToHardliner2): YieldToHardliner2 yields, (3, 1); after f* the
    #   defaults meet and (Slot1, Slot1) is not remapped: (3, 1).
    # (YieldToHardliner1, AlwaysSlot2): the mirror image, (1, 3) both times.
    # (YieldToHardliner1, YieldToHardliner2): neither yields, (0, 0); f*: (1, 1).
    rows = [(c.profile, c.before, c.after, c.verdict) for c in result.profiles]
    assert rows == [(("AlwaysSlot1", "AlwaysSlot2"), (0, 0), (1, 1), "better"),
                    (("AlwaysSlot1", "YieldToHardliner2"), (3, 1), (3, 1), "same"),
                    (("YieldToHardliner1", "AlwaysSlot2"), (1, 3), (1, 3), "same"),
                    (("YieldToHardliner1", "YieldToHardliner2"), (0, 0), (1, 1), "better")]
    assert result.is_spi and result.counterexamples == ()


def test_spi_check_fails_when_a_program_punishes_the_extension():
    result = spi_lang.spi_check(THM3, seat1=["Hardline1"], seat2=["Hardline2", "YieldToHardline2"],
                                transform="pmp")
    # (Hardline1, Hardline2): no agreement, (0, 0); both extended reach the PMM (1, 1).
    # (Hardline1, YieldToHardline2): Hardline1 plays its default Slot1 and YieldToHardline2
    #   yields to Hardline1's code: (3, 1). The base program is not transformed, and the
    #   extension's code is not Hardline1's: it plays Slot2, (Slot1, Slot2), (0, 0).
    (bad,) = result.counterexamples
    assert (bad.profile, bad.image) == (("Hardline1", "YieldToHardline2"),
                                        ("pmp_extension(Hardline1)", "YieldToHardline2"))
    assert (bad.before, bad.after, bad.worse_for()) == ((3, 1), (0, 0), (0, 1))
    assert not result.is_spi and len(result.improved) == 1


def test_no_strict_improvement_is_not_an_spi():
    result = spi_lang.spi_check(THM3, seat1=["Bold1"], seat2=["Generous2"], transform="pmp")
    # Bold1 and Generous2 already agree on (3, 1), the extensions too: weakly, not strictly.
    assert [c.verdict for c in result.profiles] == ["same"]
    assert not result.is_spi and result.counterexamples == ()


GOLDEN_CASES = [
    ("spi_check_example32.txt", ["spi-check", *EXAMPLE_32, "--seat1", "AlwaysSlot1", "YieldToHardliner1",
                                 "--seat2", "AlwaysSlot2", "YieldToHardliner2", "--transform",
                                 "renegotiate:Fair1", "--all"]),
    ("spi_check_punished.txt", ["spi-check", THM3, "--seat1", "Hardline1", "--seat2", "Hardline2",
                                "YieldToHardline2", "--transform", "pmp"]),
    ("spi_check_weak.txt", ["spi-check", THM3, "--seat1", "Bold1", "--seat2", "Generous2", "--transform", "pmp"]),
]


@pytest.mark.parametrize("golden, argv", GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run, golden, argv):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text()


def test_spi_check_json(run):
    code, out, _ = run("spi-check", THM3, "--seat1", "Hardline1", "--seat2", "Hardline2", "YieldToHardline2",
                       "--transform", "pmp", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["is_spi"] is False
    assert data["counterexamples"] == [["Hardline1", "YieldToHardline2"]]
    assert data["profiles"][0] == {"profile": ["Hardline1", "Hardline2"],
                                   "image": ["pmp_extension(Hardline1)", "pmp_extension(Hardline2)"],
                                   "before": ["0", "0"], "after": ["1", "1"], "verdict": "better"}


# ------------------------------------------------------------------ errors

EXPECTED = ("expected renegotiate:NAME (NAME a renegotiation program), csr:NAME (NAME a csr program), pmp, "
            "pmp:revised or select:S (S a selection function)")


@pytest.mark.parametrize("transform, message", [
    ("select:best", "--transform: error: unknown transform 'select:best'; " + EXPECTED),
    ("csr:", "--transform: error: unknown transform 'csr:'; " + EXPECTED),
    ("csr:AlwaysSlot1", "--transform: error: csr:AlwaysSlot1 needs a csr program; AlwaysSlot1 is a base program"),
    ("foo", "--transform: error: unknown transform 'foo'; " + EXPECTED),
    ("renegotiate:", "--transform: error: unknown transform 'renegotiate:'; " + EXPECTED),
    ("pmp:Hardline1", "--transform: error: unknown transform 'pmp:Hardline1'; " + EXPECTED),
    ("pmp:", "--transform: error: unknown transform 'pmp:'; " + EXPECTED),
    ("renegotiate:Hardline1", "--transform: error: renegotiate:Hardline1 needs a renegotiation program; "
                              "Hardline1 is a csr program"),
    ("renegotiate:AlwaysSlot1", "--transform: error: renegotiate:AlwaysSlot1 needs a renegotiation program; "
                                "AlwaysSlot1 is a base program"),
    ("renegotiate:Nope", "--transform: error: nothing named 'Nope' in the loaded files"),
    ("renegotiate:Theorem3Beliefs1", "--transform: error: Theorem3Beliefs1 is beliefs, not a program"),
])
@pytest.mark.parametrize("command", ["spi-check", "analyze"])
def test_bad_transforms(run, command, transform, message):
    argv = (["--seat1", "Hardline1", "--seat2", "Hardline2"] if command == "spi-check"
            else ["--candidates1", "Hardline1", "--beliefs", "Theorem3Beliefs1"])
    code, out, err = run(command, THM3, *argv, "--transform", transform)
    if message.startswith("--transform: error: unknown transform"):  # its form: a usage error
        usage = message.replace("--transform: error:", f"spilang {command}: error: argument --transform:")
        assert (code, out) == (2, "") and err.endswith(usage + "\n") and err.startswith("usage:")
    else:
        assert (code, out, err) == (1, "", message + "\n")


def test_spi_check_needs_a_transform(run):
    code, _, err = run("spi-check", THM3, "--seat1", "Hardline1", "--seat2", "Hardline2")
    assert code == 2 and "the following arguments are required: --transform" in err


def test_a_seat_program_that_cannot_play_its_seat(run, tmp_path, monkeypatch):
    # Chicken's players have their own actions: Row plays Dare or Swerve, Col Go or Yield.
    monkeypatch.chdir(tmp_path)
    Path("c.spi").write_text(CHICKEN + "program Darer { play Dare }\nprogram Goer { play Go }\n")
    code, out, err = run("spi-check", "c.spi", "--seat1", "Darer", "--seat2", "Darer", "--transform", "pmp")
    assert (code, out) == (1, "")
    assert err == """\
c.spi:9:22: error: 'Dare' is not an action of player Col (seat 2) in game Chicken; its actions are Go, Yield
9 | program Darer { play Dare }
  |                      ^^^^
"""
