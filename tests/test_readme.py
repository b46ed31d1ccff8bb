"""The README's REPL transcript is real: its inputs, piped into `spilang repl --echo`, give
exactly the transcript (prompts, outputs and errors interleaved as on a terminal)."""

import io
from pathlib import Path

from spi_lang.repl import CONTINUATION, PROMPT, Repl, run_piped

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
