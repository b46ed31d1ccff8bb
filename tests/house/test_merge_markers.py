"""No file of the project keeps the markers of an unresolved merge (a docs page once did)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
TEXT = {".py", ".md", ".spi", ".lark", ".toml", ".yml", ".yaml", ".txt", ".json", ".csv", ""}


def project_files():
    for folder in ("spi_lang", "docs", "tests", "benchmarks", "scripts", "grammar", "stdlib_programs"):
        yield from (p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in TEXT)
    yield from (ROOT / name for name in ("README.md", "pyproject.toml", "mkdocs.yml"))


def test_no_file_keeps_merge_conflict_markers():
    marked = [str(p.relative_to(ROOT)) for p in project_files()
              if MARKER.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert marked == []


def test_the_pattern_finds_a_conflict_block():
    block = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"
    assert len(MARKER.findall(block)) == 3
    assert not MARKER.search("a heading\n=========\n")  # a setext underline is longer
