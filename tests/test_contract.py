"""Every example of LANGUAGE.md (sections 1-8), run through the CLI (`main(argv)`) with the
result the contract states."""

import json
import textwrap

import pytest
from contract_examples import CHICKEN, CLIQUEBOT, EXT, SCHEDULING, SCHEDULING_PROGRAMS, SECTION_6

from spi_lang.ui.cli import main

PROGRAMS = 'import "scheduling.spi"\n' + SCHEDULING_PROGRAMS
PD = 'import "games/prisoners_dilemma.spi"\n' + CLIQUEBOT + "program DefectBot { play Defect }\n"


@pytest.fixture
def spilang(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name, text in {"scheduling.spi": SCHEDULING, "chicken.spi": CHICKEN,
                       "programs.spi": PROGRAMS, "pd.spi": PD}.items():
        (tmp_path / name).write_text(text)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    run.dir = tmp_path
    return run


def play_json(spilang, a, b):
    code, out, err = spilang("play", a, b, "--json")
    assert code == 0, err
    data = json.loads(out)
    return [(tuple(o["profile"]), o["probability"]) for o in data["outcome"]], data["payoffs"]


# ---------------------------------------------------------------- section 5: Algorithm 1

def test_example_3_2_fair_renegotiation(spilang):
    # Defaults: a = (Slot1, Slot2); rn_1(a) = rn_2(a) = (Slot3, Slot3), paying (1, 1).
    assert play_json(spilang, "programs.spi:Fair1", "programs.spi:Fair2") == (
        [(("Slot3", "Slot3"), "1")], ["1", "1"])


def test_example_3_1_miscoordination(spilang):
    # (Slot1, Slot2) pays (0, 0) by the catch-all rule.
    assert play_json(spilang, "programs.spi:AlwaysSlot1", "programs.spi:AlwaysSlot2") == (
        [(("Slot1", "Slot2"), "1")], ["0", "0"])


def test_yield_to_hardliner(spilang):
    # YieldToHardliner2 sees AlwaysSlot1's code and yields: (Slot1, Slot1) pays (3, 1).
    assert play_json(spilang, "programs.spi:AlwaysSlot1", "programs.spi:YieldToHardliner2") == (
        [(("Slot1", "Slot1"), "1")], ["3", "1"])


# ---------------------------------------------------------------- section 4: base programs

def test_cliquebot(spilang):
    assert play_json(spilang, "pd.spi:CliqueBot", "pd.spi:CliqueBot") == (
        [(("Cooperate", "Cooperate"), "1")], ["3", "3"])
    assert play_json(spilang, "pd.spi:CliqueBot", "pd.spi:DefectBot") == (
        [(("Defect", "Defect"), "1")], ["1", "1"])


def test_path_without_play_is_an_error(spilang):
    (spilang.dir / "bad.spi").write_text('import "scheduling.spi"\n'
                                         "program P { if opponent == self { play Slot1 } }\n")
    code, _, err = spilang("check", "bad.spi")
    assert code == 1
    assert err.startswith("bad.spi:2:48: error: a path reaches the end of this block without `play`")


def test_action_of_the_wrong_seat_is_an_error_at_play_time(spilang):
    (spilang.dir / "seat.spi").write_text(
        'import "scheduling.spi"\ngame Asym { actions Row: A actions Col: B payoff (_, _) = (0, 0) }\n'
        "program PlaysA { play A }\n")
    code, _, err = spilang("play", "seat.spi", "seat.spi", "--game", "Asym")
    assert code == 1
    assert err.startswith("seat.spi:3:23: error: 'A' is not an action of player Col (seat 2)")


# ---------------------------------------------------------------- section 3: games

def test_scheduling_geometry_and_pmp(spilang):
    code, out, _ = spilang("game", "scheduling.spi", "--json", "--pmp", "(Slot1, Slot2)")
    assert code == 0
    (game,) = json.loads(out)["games"]
    # F is the triangle (0,0), (3,1), (1,3); E is the segment (3,1)-(1,3); PMM = (1, 1).
    assert game["feasible_vertices"] == [["0", "0"], ["3", "1"], ["1", "3"]]
    assert game["frontier"] == [["1", "3"], ["3", "1"]]
    assert game["pmm"] == ["1", "1"]
    # PMP_1 of (Slot1, Slot2) is the segment (1,1)-(3,1).
    assert game["pmp"][0]["projections"][0] == [["1", "1"], ["3", "1"]]


def test_chicken_players_come_from_per_seat_actions(spilang):
    code, out, _ = spilang("game", "chicken.spi", "--json")
    (game,) = json.loads(out)["games"]
    assert game["players"] == ["Row", "Col"]
    assert game["payoffs"][1] == {"profile": ["Dare", "Swerve"], "payoffs": ["4", "1"]}


def test_lottery_outcome(spilang):
    code, out, _ = spilang("game", "scheduling.spi", "--json", "--pmp",
                           "lottery { (Slot1, Slot1): 1/2, (Slot2, Slot2): 1/2 }")
    assert code == 0
    (game,) = json.loads(out)["games"]
    # u = 1/2 (3, 1) + 1/2 (1, 3) = (2, 2), already on E: both projections are that point.
    assert game["pmp"][0]["projections"] == [[["2", "2"]], [["2", "2"]]]


@pytest.mark.parametrize("body, message", [
    ("actions A, B payoff (A, A) = (1, 1)", "no payoff for (A, B), (B, A), (B, B)"),
    ("actions A payoff (A, A) = (1, 1, 1)", "payoff has 3 entries but the game has 2 players"),
    ("actions A payoff (A, C) = (1, 1)", "'C' is not an action of player P2"),
    ("players X, Y actions X: A payoff (_, _) = (0, 0)", "player Y has no actions"),
])
def test_game_errors(spilang, body, message):
    (spilang.dir / "g.spi").write_text(f"game G {{ {body} }}\n")
    code, _, err = spilang("check", "g.spi")
    assert code == 1
    assert message in err.splitlines()[0]


# ---------------------------------------------------------------- section 1: numbers

def test_numbers_are_exact_rationals(spilang):
    (spilang.dir / "n.spi").write_text(
        "game N { actions A, B payoff (A, _) = (3, -1) payoff (B, A) = (0.25, 1/3) "
        "payoff (B, B) = (-2/3, 0) }")
    code, out, _ = spilang("game", "n.spi", "--json")
    (game,) = json.loads(out)["games"]
    assert [p["payoffs"] for p in game["payoffs"]] == [["3", "-1"], ["3", "-1"], ["1/4", "1/3"],
                                                       ["-2/3", "0"]]


# ---------------------------------------------------------------- section 2: files and imports

def test_imports_are_loaded_once_and_cycles_are_errors(spilang):
    (spilang.dir / "twice.spi").write_text('import "scheduling.spi"\nimport "programs.spi"\n'
                                           "program Mine { play Slot3 }\n")
    code, _, err = spilang("check", "twice.spi")
    assert (code, err) == (0, "")
    (spilang.dir / "x.spi").write_text('import "y.spi"\n')
    (spilang.dir / "y.spi").write_text('import "x.spi"\n')
    code, _, err = spilang("check", "x.spi")
    assert code == 1
    assert err.startswith("y.spi:1:1: error: import cycle: x.spi -> y.spi -> x.spi")


def test_duplicate_declarations_are_errors(spilang):
    (spilang.dir / "dup.spi").write_text('import "programs.spi"\nprogram Fair1 { play Slot1 }\n')
    code, _, err = spilang("check", "dup.spi")
    assert code == 1
    assert err.startswith("dup.spi:2:9: error: Fair1 is declared twice")
    assert "programs.spi:11:9: note: first declared here" in err


# ---------------------------------------------------------------- section 5: checks

def test_renegotiation_default_must_be_a_base_program(spilang):
    (spilang.dir / "d.spi").write_text(textwrap.dedent("""\
        import "programs.spi"
        program Nested renegotiation {
          default Fair1
          map (Slot1, Slot2) -> (Slot3, Slot3)
        }
        """))
    code, _, err = spilang("check", "d.spi")
    assert code == 1
    assert err.startswith("d.spi:3:11: error: a default must be a base program; Fair1 is a "
                          "renegotiation program")


def test_map_must_pareto_improve(spilang):
    (spilang.dir / "m.spi").write_text(textwrap.dedent("""\
        import "programs.spi"
        program Worse renegotiation {
          default AlwaysSlot1
          map (Slot3, Slot3) -> (Slot1, Slot2)
        }
        """))
    code, _, err = spilang("check", "m.spi")
    assert code == 1
    # u(Slot1, Slot2) = (0, 0) is below u(Slot3, Slot3) = (1, 1).
    assert err.startswith("m.spi:4:25: error: map target pays (0, 0), which is not a weak Pareto "
                          "improvement on (Slot3, Slot3), which pays (1, 1) (Definition 3)")


# ---------------------------------------------------------------- section 8: the command

def test_exit_codes(spilang):
    assert spilang("check", "programs.spi")[0] == 0
    assert spilang("play", "programs.spi", "programs.spi")[0] == 1   # several programs: name one
    assert spilang("play", "programs.spi")[0] == 2                   # usage


# ---------------------------------------------------------------- sections 6 and 7: csr

CSR_EXAMPLES = (SECTION_6 + EXT + "program ExtByHand csr { default AlwaysSlot1 "
                "offer offers(Bold1) | pmp(result(Bold1)) }\n")


@pytest.fixture
def csr(spilang):
    (spilang.dir / "csr.spi").write_text('import "programs.spi"\n' + CSR_EXAMPLES)
    return spilang


def test_example_4_1_bold_vs_modest(csr):
    # a = (Slot1, Slot2), u = (0, 0). RN_1 = F & below (3, 1), RN_2 = F & below (1, 3); their
    # intersection has x1 <= 1 and x2 <= 1, so every selection picks (1, 1) = u(Slot3, Slot3).
    for rule in ("leximin", "utilitarian", "nash", "dictator:P1", "dictator:P2"):
        code, out, err = csr("play", "csr.spi:Bold1", "csr.spi:Modest2", "--json", "--select", rule)
        assert code == 0, err
        assert json.loads(out)["outcome"] == [{"profile": ["Slot3", "Slot3"], "probability": "1"}]


def test_example_4_1_bold_vs_generous(csr):
    # The agreement set also holds (3, 1): min 1 ties with (1, 1) and its sum 4 > 2 wins.
    assert play_json(csr, "csr.spi:Bold1", "csr.spi:Generous2") == ([(("Slot1", "Slot1"), "1")], ["3", "1"])


def test_pmp_extension_is_sugar_expanded_before_code_is_compared(csr):
    (csr.dir / "probe.spi").write_text(
        'import "csr.spi"\nprogram Probe { if opponent == Ext { play Slot1 } play Slot2 }\n')
    # Probe sees ExtByHand as Ext (same code after expansion), so it plays Slot1; ExtByHand
    # plays its default Slot1 against a base program: (Slot1, Slot1) pays (3, 1).
    assert play_json(csr, "csr.spi:ExtByHand", "probe.spi:Probe") == ([(("Slot1", "Slot1"), "1")], ["3", "1"])


def test_unknown_selection_function_is_a_usage_error(csr):
    code, _, err = csr("play", "csr.spi:Bold1", "csr.spi:Modest2", "--select", "median")
    assert code == 2
    assert "spilang play: error: argument --select: unknown selection function 'median'" in err

