"""Outputs written in chunks (`output_files.Batch.add_chunks`, which `spilang tournament`
uses for its CSV and JSON files): the same bytes as a whole write, also when the system
will not name the unnamed temporary and the file is copied from it, and nothing left
behind when the batch fails."""

import pytest

from spi_lang.syntax.errors import SpiError
from spi_lang.ui import output_files

CHUNKS = ["program1,program2\n", "A,B,\"(Slot1, Slot2)\",\n" * 3, "é ü\n", ""]


def test_chunks_make_the_file_a_whole_write_makes(tmp_path):
    with output_files.Batch() as batch:
        batch.add(str(tmp_path / "whole.csv"), "".join(CHUNKS).encode("utf-8"))
        batch.add_chunks(str(tmp_path / "chunks.csv"), iter(CHUNKS))
    assert (tmp_path / "chunks.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunks.csv", "whole.csv"]


def test_a_temporary_the_system_will_not_name_is_copied(tmp_path, monkeypatch):
    monkeypatch.setattr(output_files, "_link_unnamed", lambda fd, name: False)
    big = ["x" * 700_000, "y" * 700_000, "\n"]  # more than one megabyte: copied in blocks
    with output_files.Batch() as batch:
        batch.add_chunks(str(tmp_path / "out.txt"), iter(big))
    assert (tmp_path / "out.txt").read_text() == "".join(big)
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failing_batch_leaves_the_old_file(tmp_path):
    (tmp_path / "out.csv").write_text("the previous run\n")

    def failing():
        yield "half"
        raise SpiError("stopped", path="x")
    with pytest.raises(SpiError):
        with output_files.Batch() as batch:
            batch.add_chunks(str(tmp_path / "out.csv"), failing())
    assert (tmp_path / "out.csv").read_text() == "the previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
