"""What the REPL offers a newcomer: completion that knows what each word of a command
names (programs after `:play`, games after `--game`, files and stdlib paths after
`:load`), short lists for unknown names, and a first line that mentions `:help`."""

import io
import os
import sys

import pexpect
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from spi_lang.ui.repl import Repl, SpiCompleter, run_piped

PROP2 = ["scheduling/proposition2.spi"]


def _completions(repl_: Repl, text: str) -> list[str]:
    document = Document(text, len(text))
    return [c.text for c in SpiCompleter(repl_.session).get_completions(document, CompleteEvent())]


def _repl(*files) -> Repl:
    return Repl(list(files), out=io.StringIO(), err=io.StringIO())


def test_program_positions_offer_programs_only():
    repl_ = _repl(*PROP2)
    # Example31Beliefs1 and the player names are not programs: :play does not offer them.
    assert _completions(repl_, ":play Al") == ["AlwaysSlot1", "AlwaysSlot2"]
    assert _completions(repl_, ":play AlwaysSlot1 Ex") == []
    assert _completions(repl_, ":play AlwaysSlot1 P") == []
    assert _completions(repl_, ":tournament --seat1 AlwaysSlot1 --seat2 Yield") == \
        ["YieldToHardliner1", "YieldToHardliner2", "YieldToHardlinerOrFair1", "YieldToHardlinerOrFair2"]


def test_option_values_and_other_positions():
    repl_ = _repl(*PROP2)
    assert _completions(repl_, ":play AlwaysSlot1 AlwaysSlot2 --game Sch") == ["Scheduling"]
    assert _completions(repl_, ":play --game Scheduling Al") == ["AlwaysSlot1", "AlwaysSlot2"]
    assert _completions(repl_, ":game Al") == []
    assert _completions(repl_, ":game Sch") == ["Scheduling"]
    assert _completions(repl_, ":show Example31") == ["Example31Beliefs1", "Example31Beliefs2"]
    assert _completions(repl_, ":help pl") == ["play", "plot"]
    assert _completions(repl_, ":pmp P") == ["P1", "P2"]
    assert _completions(repl_, ":pmp P1 (Slot1, Sl") == ["Slot1", "Slot2", "Slot3"]
    assert _completions(repl_, ":play AlwaysSlot1 AlwaysSlot2 --fuel 1") == []
    # Declarations still see every name and keyword.
    assert "Example31Beliefs1" in _completions(repl_, "program X { if opponent == Ex")


def test_load_completes_stdlib_paths_and_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.spi").write_text("")
    repl_ = _repl()
    assert _completions(repl_, ":load games/ch") == ["games/chicken.spi"]
    assert "scheduling/fair1.spi" in _completions(repl_, ":load sched")
    assert _completions(repl_, ":load mi") == ["ne.spi"]


def test_an_unknown_program_among_hundreds_is_a_short_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "many.spi").write_text('import "games/scheduling.spi"\n'
                                       + "".join(f"program Bot{i} {{ play Slot1 }}\n" for i in range(600)))
    out, err = io.StringIO(), io.StringIO()
    run_piped(Repl(["many.spi"], out=out, err=err), [":play Bot6000 Bot1\n", ":show Bto1\n"])
    first, second = err.getvalue().splitlines()
    assert first.startswith("spilang: error: no program named Bot6000 (600 programs loaded); did you mean ")
    assert len(first) < 200
    assert second == "spilang: error: no game or program named Bto1; did you mean Bot1?"


def test_the_terminal_session_starts_with_a_hint_about_help(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "spi_lang", "repl"], env=env, cwd=str(tmp_path),
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    child.expect(r":help lists the commands")
    child.expect("spi>")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
