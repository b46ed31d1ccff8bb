"""Names that are not what a command needs say what they are, and near misses get a
"did you mean": a beliefs declaration named as a program, a lowercase action, a program
name with a typo among hundreds of loaded names (a short list, not all of them)."""

import pytest
from error_helpers import in_tmp, write  # noqa: F401 (in_tmp is an autouse fixture)

import spi_lang
from spi_lang.syntax.errors import SpiError, did_you_mean
from spi_lang.ui.cli import main

ASYM = """\
game Asym {
  players Alice, Bob
  actions Alice: Up, Down
  actions Bob: Left, Right
  payoff (_, _) = (0, 0)
}
program AliceUp { play Up }
program BobLeft { play Left }
beliefs AliceBeliefs for Alice { BobLeft: 1 }
"""


def run(*argv):
    import contextlib
    import io
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(argv))
    return code, err.getvalue()


def test_a_beliefs_declaration_named_as_a_program_says_so():
    write({"asym.spi": ASYM})
    code, err = run("play", "asym.spi:AliceBeliefs", "asym.spi:BobLeft")
    assert code == 1
    assert err == "asym.spi: error: AliceBeliefs is a beliefs declaration in asym.spi, not a program\n"


def test_a_game_named_as_a_program_says_so():
    write({"asym.spi": ASYM})
    code, err = run("play", "asym.spi:Asym", "asym.spi:BobLeft")
    assert (code, err) == (1, "asym.spi: error: Asym is a game in asym.spi, not a program\n")


def test_a_program_name_with_a_typo_gets_a_suggestion():
    write({"asym.spi": ASYM})
    code, err = run("play", "asym.spi:AlicUp", "asym.spi:BobLeft")
    assert (code, err) == (1, "asym.spi: error: asym.spi has no program AlicUp; did you mean AliceUp?\n")


def test_a_lowercase_action_gets_a_did_you_mean():
    write({"p.spi": ASYM + "program Low { play up }\n"})
    code, err = run("check", "p.spi")
    assert code == 1
    assert err.splitlines()[0] == ("p.spi:10:20: error: 'up' is not an action in game Asym; did you mean Up?")
    code, err = run("play", "p.spi:Low", "p.spi:BobLeft")
    assert "did you mean Up?" in err


def test_a_lowercase_action_in_a_payoff_rule_gets_a_did_you_mean():
    write({"g.spi": "game G {\n  actions Cooperate, Defect\n  payoff (cooperate, _) = (1, 1)\n"
                    "  payoff (_, _) = (0, 0)\n}\n"})
    code, err = run("check", "g.spi")
    assert code == 1 and "did you mean Cooperate?" in err.splitlines()[0]


@pytest.mark.parametrize("word, names, hint", [
    ("up", ["Up", "Down"], "; did you mean Up?"),
    ("Fiar1", ["Fair1", "Fair2", "Bold1"], "; did you mean Fair1?"),
    ("Slot", ["Slot1", "Slot2", "Slot3", "Slot4"], "; did you mean Slot1, Slot2 or Slot3?"),
    ("Zzz", ["Fair1", "Fair2"], ""),
])
def test_did_you_mean(word, names, hint):
    assert did_you_mean(word, names) == hint


def test_an_unknown_program_in_a_big_project_lists_a_few_close_names():
    write({"many.spi": 'import "games/scheduling.spi"\n'
                       + "".join(f"program P{i} {{ play Slot1 }}\n" for i in range(600))})
    project = spi_lang.load("many.spi")
    with pytest.raises(SpiError) as raised:
        project.named("P6000")
    message = raised.value.message
    assert message.startswith("no program named P6000 (600 programs loaded); did you mean ")
    assert len(message) < 200


def test_a_beliefs_name_with_a_typo_gets_a_suggestion():
    code, err = run("analyze", "scheduling/proposition2.spi", "--candidates1", "AlwaysSlot1",
                    "--beliefs", "Example31Belief1")
    assert (code, err) == (1, "--beliefs: error: nothing named 'Example31Belief1' in the loaded files; "
                              "did you mean Example31Beliefs1 or Example31Beliefs2?\n")
