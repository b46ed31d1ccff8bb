"""The README's examples are real: the REPL transcript's inputs, piped into `spilang repl
--echo`, give exactly the transcript (prompts, outputs and errors interleaved as on a
terminal), and every `$ spilang` command of the analysis walkthrough prints what the
README shows."""

import io
import shlex
from pathlib import Path

import pytest

from spi_lang.ui.repl import CONTINUATION, PROMPT, Repl, run_piped

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- repl-transcript"


def transcript() -> str:
    """The indented block after the marker, unindented."""
    lines = README.read_text().split(MARKER, 1)[1].splitlines()[2:]
    block = []
    for line in lines:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).strip("\n") + "\n"


def test_readme_transcript_replays(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = transcript()
    inputs = [line[len(PROMPT):] if line.startswith(PROMPT) else line[len(CONTINUATION):]
              for line in shown.splitlines() if line.startswith((PROMPT, CONTINUATION))]
    both = io.StringIO()  # stdout and stderr together, as `2>&1` shows them
    status = run_piped(Repl(out=both, err=both), [line + "\n" for line in inputs], echo=True)
    assert both.getvalue() == shown
    assert status == 1  # the transcript shows an error on purpose
    assert (tmp_path / "bold1_picky.png").is_file()


# ------------------------------------------------------------------ the README walkthrough

def walkthrough_commands():
    """(argv, expected chunks) of every `$ spilang` block in the README's walkthrough; an
    output line `...` separates chunks that must appear, in order, in the real output."""
    readme = README.read_text()
    section = readme.split("## A tour, concluded")[1].split("\n## ")[0].split("\n")
    found = []
    for i, line in enumerate(section):
        if not line.startswith("    $ .venv/bin/spilang "):
            continue
        command, j = line[6:], i + 1
        while command.endswith("\\"):
            command, j = command[:-1] + section[j].strip(), j + 1
        output = []
        while j < len(section) and (section[j].startswith("    ") or not section[j]):
            output.append(section[j][4:])
            j += 1
        chunks = "\n".join(output).strip("\n").split("\n...")
        found.append((shlex.split(command)[1:], [c.strip("\n") for c in chunks if c.strip()]))
    return found


WALKTHROUGH = walkthrough_commands()


@pytest.mark.parametrize("argv, chunks", WALKTHROUGH, ids=[" ".join(a[:2]) for a, _ in WALKTHROUGH])
def test_readme_walkthrough_shows_real_output(run, argv, chunks):
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    position = 0
    for chunk in chunks:
        found = out.find(chunk, position)
        assert found >= 0, chunk
        position = found + len(chunk)


def test_the_walkthrough_has_its_commands():
    assert [argv[0] for argv, _ in WALKTHROUGH] == ["analyze", "spi-check", "analyze", "analyze", "analyze",
                                                    "analyze", "spi-check"]
