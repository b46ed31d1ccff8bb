"""Issue 17, F3 and F7: output that the terminal's encoding cannot show degrades instead of
crashing; result files are written atomically (plots too), only over regular files that
are not inputs of the same run, consistently with each other, with no temporary files left
after a kill; and tournament workers exit when their parent is killed."""

import os
import subprocess
import sys

GAME = 'import "games/scheduling.spi"\n'


def spilang(*argv, cwd, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "spi_lang", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})}, **kwargs)


# ------------------------------------------------------------------ F3: an ASCII terminal

def test_an_ascii_terminal_gets_escapes_not_a_crash(tmp_path):
    (tmp_path / "é.spi").write_text(GAME + "program Q { play Slot1 }\n")
    done = spilang("play", "é.spi", "é.spi", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (0, "")
    assert "P1    Q           (\\xe9.spi)\n" in done.stdout
    done = spilang("check", "ü.spi", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (
        1, "\\xfc.spi: error: no such file (looked in the current directory and the stdlib)\n")
