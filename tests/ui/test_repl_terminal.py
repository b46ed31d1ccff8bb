"""The REPL's pieces (word splitting, the continuation rule, completion, history, the
piped loop's exit status, internal errors, other declarations) and one session in a
pseudo-terminal (pexpect) for tab completion, multi-line continuation and history across
sessions. Piped sessions of every command are in test_repl.py."""

import io
import os
import sys
import tempfile
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from spi_lang.ui.repl import Repl, SpiCompleter, history_path, needs_more, run_piped
from spi_lang.ui.repl_commands import UsageError, split_words

CSR = ["scheduling/bold1.spi", "scheduling/modest2.spi"]


# ------------------------------------------------------------------ pieces

def test_split_words_keeps_outcomes_whole():
    assert split_words('pmp P1 (Slot1, Slot2) --game G') == ["pmp", "P1", "(Slot1, Slot2)", "--game", "G"]
    assert split_words("pmp lottery { (A, B): 1/2, (B, A): 1/2 }") == \
        ["pmp", "lottery { (A, B): 1/2, (B, A): 1/2 }"]
    assert split_words('load "my file.spi"') == ["load", "my file.spi"]
    with pytest.raises(UsageError):
        split_words("play )")


@pytest.mark.parametrize("text, more", [
    ("program A {", True),
    ("program A { play X }", False),
    ("program A { # }\n", True),
    ('import "a{.spi"', False),
    ("program B = pmp_extension(", True),
    (":play A (B", False),
    ("", False),
])
def test_needs_more(text, more):
    assert needs_more(text) is more


def _completions(repl_: Repl, text: str) -> list[str]:
    document = Document(text, len(text))
    return [c.text for c in SpiCompleter(repl_.session).get_completions(document, CompleteEvent())]


def test_completion_of_commands_options_names_and_keywords(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.spi").write_text("")
    repl_ = Repl(CSR, out=io.StringIO(), err=io.StringIO())
    assert _completions(repl_, ":p") == [":play", ":pmm", ":pmp", ":plot"]
    assert _completions(repl_, ":play Bo") == ["Bold1"]
    assert _completions(repl_, ":play Bold1 Modest2 --t") == ["--trace"]
    assert _completions(repl_, ":play Bold1 Modest2 --select dic") == ["dictator:P1", "dictator:P2"]
    assert _completions(repl_, "program X csr { default Alw") == ["AlwaysSlot1", "AlwaysSlot2"]
    assert _completions(repl_, "program X { play Sl") == ["Slot1", "Slot2", "Slot3"]
    assert _completions(repl_, "program X csr { offer pm") == ["pmp", "pmp_extension"]
    assert _completions(repl_, "Sched") == ["Scheduling"]
    assert _completions(repl_, ":load mi") == ["ne.spi"]


def test_history_lives_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "spilang" / "repl_history"


def test_an_unwritable_history_is_kept_for_the_session_only(tmp_path):
    from spi_lang.ui.repl import _history
    (tmp_path / "file").write_text("")
    err = io.StringIO()
    history = _history(tmp_path / "file" / "spilang" / "repl_history", err)
    assert type(history).__name__ == "InMemoryHistory"
    assert err.getvalue().startswith("spilang: history is not kept across sessions: cannot write")
    assert type(_history(tmp_path / "ok" / "repl_history", err)).__name__ == "FileHistory"


def test_run_piped_returns_1_after_any_error():
    repl_ = Repl(out=io.StringIO(), err=io.StringIO())
    assert run_piped(repl_, ["program {\n"]) == 1
    assert run_piped(Repl(out=io.StringIO(), err=io.StringIO()), [":list\n"]) == 0


# ------------------------------------------------------------------ a real terminal

def _spawn(tmp_path: Path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), TERM="xterm",
               PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "spi_lang", "repl", *CSR], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, dimensions=(40, 120))
    child.expect("spi>")
    return child


def test_terminal_session_completes_continues_and_remembers(tmp_path):
    child = _spawn(tmp_path)
    # Tab completes a command and a program name; each completion is awaited on screen.
    child.send(":sh")
    child.expect("sh")
    child.send("\t")
    child.expect("ow")
    child.send(" Mod")
    child.expect("Mod")
    child.send("\t")
    child.expect("est2")
    child.send("\r")
    child.expect(r"canonical code \(@0 is Modest2")
    child.expect("spi>")
    # Enter inside an open { continues the declaration on a "..." line.
    child.send("program Mine {\r")
    child.expect(r"\.\.\.")
    child.send("play Slot3\r")
    child.expect(r"\.\.\.")
    child.send("}\r")
    child.expect("defined program Mine")
    child.expect("spi>")  # type only at the prompt: in between, the terminal is not raw
    child.send(":play Mine Mine\r")
    child.expect(r"expected payoffs: P1 1, P2 1")
    child.expect("spi>")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = (tmp_path / "data" / "spilang" / "repl_history").read_text()
    assert "+program Mine {\n+play Slot3\n+}\n" in history
    # A new session recalls the last input with the up arrow.
    child = _spawn(tmp_path)
    child.send("\x1b[A")
    child.expect("Mine Mine")
    child.send("\r")
    child.expect(r"no program named Mine")
    child.expect("spi>")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()


def test_internal_errors_are_reported_and_the_session_goes_on(repl, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the traceback is saved
    def broken(*args):
        raise RuntimeError("boom")
    monkeypatch.setattr("spi_lang.ui.report.game_text", broken)
    code, out, err = repl(":game\n:pmm\n", "games/scheduling.spi")
    assert code == 1
    assert err.startswith("spilang: internal error: RuntimeError('boom'); please report it")
    assert "RuntimeError: boom" in next(tmp_path.glob("spilang-internal-error-*.txt")).read_text()
    assert out == "Pareto meet minimum of Scheduling: (1, 1)\n"
    with pytest.raises(RuntimeError):  # --debug shows the traceback instead
        Repl(["games/scheduling.spi"], debug=True, out=io.StringIO(), err=io.StringIO()).evaluate(":game")


def test_prompt_toolkit_loop_continues_lines_and_survives_ctrl_c(monkeypatch):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from spi_lang.ui.repl import GREETING, run_terminal

    out, err = io.StringIO(), io.StringIO()
    repl_ = Repl(["games/scheduling.spi"], out=out, err=err)
    evaluate = repl_.evaluate
    calls = []

    def interrupted_once(text):  # as if Ctrl-C arrived during the first evaluation
        calls.append(text)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return evaluate(text)
    monkeypatch.setattr(repl_, "evaluate", interrupted_once)
    with create_pipe_input() as keys:
        keys.send_text(":pmm\rprogram P {\r  play Slot3\r}\r:play P P\r\x04")
        assert run_terminal(repl_, input=keys, output=DummyOutput()) == 0
    assert calls[1] == "program P {\n  play Slot3\n}"
    assert err.getvalue() == "interrupted\n"
    assert out.getvalue().startswith(GREETING + "\ndefined program P\n")
    assert "expected payoffs: P1 1, P2 1" in out.getvalue()


def test_other_kinds_of_declaration_are_listed_and_shown_generically():
    # A declaration kind the REPL has no code for (as `beliefs` will be) is listed by its
    # kind and shown as its source text.
    import attrs

    from spi_lang.syntax import ast
    from spi_lang.syntax.errors import Span

    @attrs.frozen
    class Beliefs:
        name: ast.Name
        span: Span

    repl_ = Repl(["games/scheduling.spi"], out=io.StringIO(), err=io.StringIO())
    repl_.evaluate("program P { play Slot1 }\n# about P\n")
    world = repl_.session.project.world
    _, file = world.decls["P"]
    decl = Beliefs(ast.Name("B"), Span(file.path, 2, 1, 2, 10))
    world.decls["B"] = (decl, file)
    repl_.evaluate(":list")
    repl_.evaluate(":show B")
    out = repl_.out.getvalue()
    assert "B           beliefs        <input 1>" in out
    assert out.endswith("beliefs B, declared at <input 1>:2\n# about P\n")
