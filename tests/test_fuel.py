"""Every match runs on a step budget (`--fuel`): trace steps, conditions and set
expressions all spend it, nested evaluations (`result`, `offers`, defaults against
defaults) included. Running out is a user error that names the programs and what was being
evaluated, never a hang."""

import pytest

import spi_lang
from spi_lang import SpiErrors
from spi_lang.cli import main
from spi_lang.interpreter import DEFAULT_FUEL

HARDLINE = ("scheduling/hardline1_pmp.spi", "scheduling/hardline2_pmp.spi")


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_the_default_budget_is_plenty_for_real_programs():
    assert DEFAULT_FUEL == 1_000_000
    assert spi_lang.play(*HARDLINE).payoffs == (1, 1)


def test_running_out_names_the_match_and_the_evaluation_in_progress():
    # The PMP-extended pair plays two nested matches (result(Hardline1), result(Hardline2)),
    # each with its own default outcome and offers: far more than 40 steps.
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(*HARDLINE, fuel=40)
    (error,) = info.value.errors
    assert error.message.startswith("out of fuel: Hardline1Pmp vs Hardline2Pmp took more than 40 "
                                    "steps (raise it with --fuel); it was evaluating the offer of ")
    assert error.span.path == "<stdlib>/scheduling/hardline1_pmp.spi"


def test_a_base_match_spends_fuel_too():
    # Defaults and conditions are steps: a budget of one step cannot finish any match.
    with pytest.raises(SpiErrors) as info:
        spi_lang.play("scheduling/always_slot1.spi", "scheduling/yield_to_hardliner2.spi", fuel=1)
    assert info.value.errors[0].message.startswith("out of fuel: AlwaysSlot1 vs YieldToHardliner2")


def test_fuel_on_the_command_line(capsys):
    assert main(["play", *HARDLINE, "--fuel", "40"]) == 1
    assert "out of fuel" in capsys.readouterr().err
    assert main(["play", *HARDLINE, "--fuel", "0"]) == 2
    assert "expected a whole number of at least 1, not '0'" in capsys.readouterr().err
