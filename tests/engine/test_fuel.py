"""Every match runs on a step budget (`--fuel`): trace steps, conditions and set
expressions all spend it, nested evaluations (`result`, `offers`, defaults against
defaults) included. Running out is a user error that names the programs and what was being
evaluated, never a hang."""

import pytest

import spi_lang
from spi_lang import SpiErrors
from spi_lang.engine.interpreter import DEFAULT_FUEL
from spi_lang.ui.cli import main

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


def test_expensive_set_operations_spend_fuel_in_proportion_to_their_work(tmp_path):
    # X and Y offer 30 thin triangles each (90 vertices, 90 half-planes), so one X & Y costs
    # 90 * 90 = 8,100 units: Z's 1,000 copies of it would cost 8,100,000, and a budget of
    # 100,000 runs out after a dozen. (Before set work was charged, each copy cost one step.)
    def fan(offset):
        return " | ".join(f"hull {{ (0, 0), (1, {400 + k + offset}/1200), (1, {401 + k + offset}/1200) }}"
                          for k in range(1, 31))
    path = tmp_path / "costly.spi"
    path.write_text('import "games/scheduling.spi"\nimport "scheduling/always_slot1.spi"\n'
                    f"program X csr {{ default AlwaysSlot1 offer {fan(0)} }}\n"
                    f"program Y csr {{ default AlwaysSlot1 offer {fan(1)} }}\n"
                    "program Z csr { default AlwaysSlot1 offer "
                    + " | ".join(["(offers(X) & offers(Y) & nothing)"] * 1000) + " }\n")
    with pytest.raises(SpiErrors) as info:
        spi_lang.play(f"{path}:Z", "scheduling/modest2.spi", fuel=100_000)
    assert info.value.errors[0].message.startswith("out of fuel: Z vs Modest2 took more than 100000")
