"""The tournament's progress bar covers the whole command, stage by stage: loading, the
matches, the matrix and writing the results (shown here with no delay, on a standard
error that says it is a terminal)."""

import io
import sys

from spi_lang.ui import progress
from spi_lang.ui.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_names_every_stage_in_order(run, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run("tournament", "scheduling/fair1.spi", "scheduling/fair2.spi")
    assert code == 0 and "2 programs play both seats: 4 matches" in out
    shown, position = terminal.getvalue(), 0
    for stage in ("tournament: loading", "tournament: matches", "tournament: matrix",
                  "tournament: writing the results"):
        found = shown.find(stage, position)
        assert found >= 0, (stage, shown)
        position = found
    assert "0/4" in shown  # the matches stage counts matches


def test_no_bar_off_a_terminal(run, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    code, _, err = run("tournament", "scheduling/fair1.spi", "scheduling/fair2.spi")
    assert (code, err) == (0, "")


def test_the_bar_is_gone_after_an_error(run, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["tournament", "nope.spi"]) == 1
    assert "nope.spi: error: no such file" in terminal.getvalue()
