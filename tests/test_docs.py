"""The documentation's examples are real. Every `$ .venv/bin/spilang ...` command on every
page (the README and docs/, found by `doc_commands`) is run through `main(argv)` and must
print what the page shows (`...` stands for lines left out; `--help` pages are compared
at 80 columns). The REPL transcript's inputs, piped into `spilang repl --echo`, give
exactly the transcript (prompts, outputs and errors interleaved as on a terminal). Any
other command a page shows is either a synopsis, or run elsewhere (listed below)."""

import io
import re
from pathlib import Path

import pytest
from doc_commands import commands, missing_chunk, spilang_argv

from spi_lang.ui.repl import CONTINUATION, PROMPT, Repl, run_piped

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MARKER = "<!-- repl-transcript"
# Commands the pages show without output, and where they are run instead.
RUN_ELSEWHERE = {
    "python3 -m venv .venv": "tests/test_setup.py (the README's set-up, as written)",
    ".venv/bin/python scripts/make_figures.py": ".ci/run, and tests/ui/test_plot.py",
    ".venv/bin/pip install -e '.[docs]' && .venv/bin/mkdocs build --strict": ".ci/run builds the site",
    # Minutes-long runs: their small versions are tests (tests/test_robustness.py,
    # tests/analysis/test_paper_properties.py) and the benchmarks are run by hand.
    ".venv/bin/python scripts/search_counterexamples.py": "by hand (500 trials: half a minute)",
    ".venv/bin/python scripts/fuzz.py": "by hand (100,000 inputs)",
    ".venv/bin/python benchmarks/": "by hand (minutes)",
}


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


SHOWN = [(_name(page), command, chunks) for page in PAGES for command, chunks in commands(page.read_text())]


def test_every_page_with_commands_is_found():
    pages = {page for page, _, _ in SHOWN}
    assert {"README.md", "docs/tour.md", "docs/commands/tournament.md", "docs/commands/play.md"} <= pages
    assert len(SHOWN) >= 24


@pytest.mark.parametrize("page, command, chunks", SHOWN, ids=[f"{p}: {c[18:60]}" for p, c, _ in SHOWN])
def test_every_command_shown_prints_what_the_page_shows(run, monkeypatch, page, command, chunks):
    argv = spilang_argv(command)
    assert argv is not None, f"{page}: {command}: not a .venv/bin/spilang command"
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run(*argv)
    assert (code, err) == (0, "")
    assert missing_chunk(out, chunks) is None, f"{page}: {command}"


def _indented_commands(text: str):
    """Indented lines that start a command (not `$` ones, not Python, not synopses)."""
    for line in text.split("\n"):
        if re.match(r"    (\.venv/bin/|python3? )", line):
            yield line.strip()


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_other_command_is_run_somewhere(page):
    for command in _indented_commands(page.read_text()):
        assert any(command.startswith(prefix) for prefix in RUN_ELSEWHERE), f"{_name(page)}: {command}"


# ------------------------------------------------------------------ the REPL transcript

REPL_PAGE = ROOT / "docs" / "commands" / "repl.md"


def transcript() -> str:
    """The indented block after the marker, unindented."""
    lines = REPL_PAGE.read_text().split(MARKER, 1)[1].splitlines()[2:]
    block = []
    for line in lines:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).strip("\n") + "\n"


def test_repl_transcript_replays(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = transcript()
    inputs = [line[len(PROMPT):] if line.startswith(PROMPT) else line[len(CONTINUATION):]
              for line in shown.splitlines() if line.startswith((PROMPT, CONTINUATION))]
    both = io.StringIO()  # stdout and stderr together, as `2>&1` shows them
    status = run_piped(Repl(out=both, err=both), [line + "\n" for line in inputs], echo=True)
    assert both.getvalue() == shown
    assert status == 1  # the transcript shows an error on purpose
    assert (tmp_path / "bold1_picky.png").is_file()
