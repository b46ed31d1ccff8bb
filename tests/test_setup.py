"""A newcomer's first steps work as the README writes them. The scripts give a clear message,
not a traceback, when run by a Python without spilang; and (marked `setup`, run once by
`.ci/run`, which is slow: it builds a venv) the README's two set-up commands, exactly as
written, in a new shell, in a copy of the checkout outside it, then every `$` command of
the README and the docs (the tour first) in that shell."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("make_figures.py", "fuzz.py", "search_counterexamples.py")


def _bare_python(*argv, cwd):
    """Run `python3 -S`: no site-packages, so no spilang, as a system Python would be."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run([sys.executable, "-S", *argv], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_without_spilang_says_how_to_run_it(tmp_path, script):
    (tmp_path / "scripts").mkdir()  # a checkout with no .venv
    shutil.copy(ROOT / "scripts" / script, tmp_path / "scripts")
    shutil.copy(ROOT / "scripts" / "_needs_spilang.py", tmp_path / "scripts")
    done = _bare_python(f"scripts/{script}", "--help", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (f"scripts/{script} needs spilang, which this Python ({sys.executable}) does not "
                           "have: set up the checkout's venv as the README says, then run "
                           f".venv/bin/python scripts/{script}\n")


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="no .venv in the checkout")
def test_a_script_run_by_another_python_uses_the_checkouts_venv(tmp_path):
    done = _bare_python("scripts/make_figures.py", "--out", str(tmp_path), cwd=ROOT)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["example_4_1_generous.png", "example_4_1_modest.png", "example_4_1_pmp.png",
         "theorem_3_hardline.png", "theorem_3_pmp.png"])


# ------------------------------------------------------------------ a newcomer's first steps

def _setup_commands(readme: str) -> list[str]:
    """The README's two set-up commands, as written."""
    found = [line.strip() for line in readme.splitlines() if line.startswith("    python3 -m venv .venv")]
    assert len(found) == 2, found
    return found


def _new_shell_env() -> dict[str, str]:
    """The environment of a new shell: no venv active, none on the PATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTEST_ADDOPTS", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not (Path(p) / "activate").exists())
    return env


def _copy_checkout(to: Path) -> None:
    """The repository's files (tracked and new, not ignored): a fresh clone of this state."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, to / name)


@pytest.mark.setup
def test_the_readme_set_up_then_the_tour_in_a_new_shell(tmp_path):
    from doc_commands import commands, missing_chunk
    checkout = tmp_path / "spilang"
    checkout.mkdir()
    _copy_checkout(checkout)
    readme = (checkout / "README.md").read_text()
    env = _new_shell_env()

    def shell(command: str, **extra) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", command], cwd=checkout, env={**env, **extra},
                              capture_output=True, text=True, timeout=900)
    play, tests = _setup_commands(readme)
    done = shell(play)
    assert done.returncode == 0, done.stderr
    assert "(Slot3, Slot3)  1            1   1" in done.stdout
    # The test command exactly as written; the whole suite runs in CI already, so this run
    # is narrowed to one folder through pytest's environment variable.
    done = shell(tests, PYTEST_ADDOPTS="tests/syntax")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    pages = [checkout / "README.md", checkout / "docs" / "tour.md",
             *sorted(p for p in (checkout / "docs").rglob("*.md") if p.name != "tour.md")]
    shown = [c for page in pages for c in commands(page.read_text())]
    assert len(shown) >= 24
    for command, chunks in shown:
        done = shell(command, COLUMNS="80")  # --help is wrapped to the terminal's width
        assert (done.returncode, done.stderr) == (0, ""), command
        assert missing_chunk(done.stdout, chunks) is None, command
