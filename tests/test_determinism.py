"""The same inputs give byte-identical output whatever Python's hash seed: traces, JSON and
error lists do not depend on set or dict iteration order of hashed objects."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("argv", [
    ["play", "scheduling/hardline1_pmp.spi", "scheduling/hardline2_pmp.spi", "--trace", "--json"],
    ["play", "scheduling/example_4_2.spi:WithPmm1", "scheduling/example_4_2.spi:Right2",
     "--trace", "--select", "nash"],
    ["check", "errors.spi"],
])
def test_output_is_the_same_under_every_hash_seed(argv):
    outputs = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run([sys.executable, "-m", "spi_lang", *argv], cwd=GOLDEN,
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode in (0, 1), done.stderr
        outputs.add((done.returncode, done.stdout, done.stderr))
    assert len(outputs) == 1


def test_output_does_not_depend_on_the_order_of_files(tmp_path, monkeypatch, capsys):
    from spi_lang.ui.cli import main
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.spi").write_text("program Same { play A }\nprogram OnlyA { play Zz }\n")
    (tmp_path / "b.spi").write_text("program Same { play B }\n")
    assert main(["check", "a.spi", "b.spi"]) == 1
    first = capsys.readouterr().err
    assert main(["check", "b.spi", "a.spi"]) == 1
    assert capsys.readouterr().err == first
    assert first.startswith("b.spi:1:9: error: Same is declared twice")
