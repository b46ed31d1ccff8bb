"""The documentation refers only to what the repository holds: every relative file path in
a Markdown link or in backquotes that names a `.md` file resolves inside the repository,
and the language contract ships in the docs, with every example that the contract tests
run (tests/contract_examples.py) in it verbatim."""

import re
from pathlib import Path

import contract_examples
import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
CONTRACT = ROOT / "docs" / "contract.md"
WORDS = {"FAIR2", "ALWAYS_SLOT2",  # programs the contract describes in words, not code
         "SCHEDULING_PROGRAMS"}   # a join of the others, with those two


def _references(page: Path):
    text = page.read_text()
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text) + re.findall(r"`([^`\s]+\.md)`", text):
        if not re.match(r"[a-z]+://", target):
            yield target


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_relative_references_resolve_inside_the_repository(page):
    for target in _references(page):
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{page.name}: {target}"


def test_the_contract_ships_with_its_examples():
    found = CONTRACT.read_text()
    for name in dir(contract_examples):
        example = getattr(contract_examples, name)
        if name.isupper() and isinstance(example, str) and name not in WORDS:
            for line in example.strip().splitlines():
                assert line in found, (name, line)
