"""What the README claims of the commands is true. The "What works today" paragraph names
every command. `spilang repl --sandbox DIR` limits what the session reads as the other commands do
(files on its command line, `:load`, and imports typed at the prompt), so the README's
claim holds: every command that plays takes `--sandbox`; those that play matches take
`--select` and `--fuel` (the REPL's `:play`, `:offers`, `:plot` and `:tournament` do)."""

import io
import re
import sys
from pathlib import Path

import pytest

from spi_lang.ui import repl_commands
from spi_lang.ui.cli import _parser, main


@pytest.fixture
def box(tmp_path, monkeypatch):
    (tmp_path / "outside.spi").write_text('import "games/scheduling.spi"\nprogram Out { play Slot1 }\n')
    inside = tmp_path / "box"
    inside.mkdir()
    (inside / "ok.spi").write_text('import "games/scheduling.spi"\nprogram Ok { play Slot1 }\n')
    monkeypatch.chdir(inside)
    return inside


def _repl(monkeypatch, capsys, text, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main(["repl", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sandbox_holds_in_the_repl(box, monkeypatch, capsys):
    code, out, err = _repl(monkeypatch, capsys, ':load ../outside.spi\nimport "../outside.spi"\n:play Ok Ok\n',
                           "--sandbox", ".", "ok.spi")
    assert code == 1
    assert "expected payoffs: P1 3, P2 1" in out
    first, *rest = [line for line in err.splitlines() if ": error: " in line]
    assert first.startswith("../outside.spi: error: outside the sandbox ")
    assert "this import leaves the sandbox" in rest[0]


def test_without_a_sandbox_the_same_files_load(box, monkeypatch, capsys):
    code, out, err = _repl(monkeypatch, capsys, ":load ../outside.spi\n:play Out Out\n")
    assert (code, err) == (0, "")


def _options(parser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings}


def test_the_readme_claim_about_options():
    commands = {name: sub for action in _parser()._actions if hasattr(action, "choices") and action.choices
                for name, sub in action.choices.items()}
    for name, sub in commands.items():
        if name not in ("check", "game", "repl"):  # those three play no match
            assert {"--select", "--fuel", "--sandbox"} <= _options(sub), name
        assert "--sandbox" in _options(sub), name
    for name in ("play", "offers", "plot", "tournament"):
        assert {"--select", "--fuel"} <= _options(repl_commands.COMMANDS[name].parser), name


def test_what_works_today_names_every_command():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    paragraph = readme.split("What works today:", 1)[1].split("\n\n", 1)[0]
    commands = [name for action in _parser()._actions if hasattr(action, "choices") and action.choices
                for name in action.choices]
    named = set(re.findall(r"`(?:spilang )?([a-z-]+)`", paragraph))
    assert set(commands) - named == set()
