"""Payoff rules that can never apply are errors, as unreachable maps and statements are:
a rule after rules (a wildcard among them) that already cover every profile it matches,
and a rule given twice."""

from error_helpers import checked, in_tmp, write  # noqa: F401 (in_tmp is an autouse fixture)

from spi_lang.ui.cli import main


def test_a_rule_after_a_wildcard_that_covers_it_is_dead():
    text = "game G {\n  actions A, B\n  payoff (A, _) = (1, 1)\n  payoff (_, _) = (0, 0)\n  payoff (B, B) = (5, 5)\n}\n"
    assert checked({"g.spi": text}) == """\
g.spi:5:3: error: this payoff rule never applies: earlier rules give the payoff of every profile it matches
5 |   payoff (B, B) = (5, 5)
  |   ^^^^^^^^^^^^^^^^^^^^^^"""


def test_a_duplicated_rule_is_reported_with_the_first():
    text = "game G {\n  actions A, B\n  payoff (A, A) = (1, 1)\n  payoff (A, A) = (2, 2)\n  payoff (_, _) = (0, 0)\n}\n"
    assert checked({"g.spi": text}) == """\
g.spi:4:3: error: this payoff rule never applies: it repeats the rule for (A, A) on line 3
4 |   payoff (A, A) = (2, 2)
  |   ^^^^^^^^^^^^^^^^^^^^^^
g.spi:3:3: note: the first rule for (A, A)
3 |   payoff (A, A) = (1, 1)
  |   ^^^^^^^^^^^^^^^^^^^^^^"""


def test_a_rule_that_earlier_rules_cover_only_together_is_dead():
    text = ("game G {\n  actions A, B\n  payoff (A, _) = (1, 1)\n  payoff (B, _) = (0, 0)\n"
            "  payoff (_, A) = (5, 5)\n}\n")
    assert "g.spi:5:3: error: this payoff rule never applies" in checked({"g.spi": text})


def test_overlapping_rules_that_all_apply_are_fine(capsys):
    write({"g.spi": "game G {\n  actions A, B\n  payoff (A, A) = (2, 2)\n  payoff (A, _) = (1, 1)\n"
                    "  payoff (_, _) = (0, 0)\n}\n"})
    assert main(["check", "g.spi"]) == 0
    assert capsys.readouterr().out == "ok: 1 file, no errors\n"


def test_a_game_with_a_dead_rule_does_not_play(capsys):
    write({"g.spi": "game G {\n  actions A, B\n  payoff (_, _) = (0, 0)\n  payoff (B, B) = (5, 5)\n}\n"
                    "program P { play A }\n"})
    assert main(["play", "g.spi", "g.spi"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("g.spi:4:3: error: this payoff rule never applies") and "Traceback" not in err
