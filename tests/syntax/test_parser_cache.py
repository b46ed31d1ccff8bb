"""The cache of lark's LALR tables (spi_lang.syntax.parser_cache): a parser read from the
cache parses exactly as one built from the grammar (trees and positions), a changed
grammar gets its own file, and an unwritable folder or a damaged file only means the
tables are built again."""

import os

import pytest

from spi_lang.syntax import parser_cache
from spi_lang.syntax.parser import grammar
from spi_lang.syntax.resources import grammar_path

OPTIONS = dict(parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=False,
               start=["start", "outcome"])
SOURCE = "program P {\n  if opponent == self { play A }\n  play mix { A: 1/2, B: 1/2 }\n}\n"


@pytest.fixture
def text():
    return grammar_path().read_text(encoding="utf-8")


def _positions(tree):
    return [(t.line, t.column, t.end_line, t.end_column) for t in tree.scan_values(lambda _: True)]


def test_tables_are_saved_then_read_back_and_parse_the_same(tmp_path, monkeypatch, text):
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    built = parser_cache.cached_lark(text, **OPTIONS)
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].name.startswith("grammar-")
    read = parser_cache.cached_lark(text, **OPTIONS)
    assert read is not built
    fresh = grammar(strict=True)  # built from the grammar, never from the cache
    for parser in (built, read):
        tree = parser.parse(SOURCE, start="start")
        assert tree == fresh.parse(SOURCE, start="start")
        assert _positions(tree) == _positions(fresh.parse(SOURCE, start="start"))
        assert parser.parse("(A, B)", start="outcome") == fresh.parse("(A, B)", start="outcome")


def test_a_changed_grammar_gets_its_own_file(tmp_path, monkeypatch, text):
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    parser_cache.cached_lark(text, **OPTIONS)
    parser_cache.cached_lark(text + "\n// a comment changes the hash\n", **OPTIONS)
    assert len(list(tmp_path.iterdir())) == 2


def test_a_damaged_file_is_rebuilt_and_replaced(tmp_path, monkeypatch, text):
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    parser_cache.cached_lark(text, **OPTIONS)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"not a pickle")
    parser = parser_cache.cached_lark(text, **OPTIONS)
    assert parser.parse(SOURCE, start="start") == grammar(strict=True).parse(SOURCE, start="start")
    assert cached.read_bytes() != b"not a pickle"  # written again, whole
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temporary file left


def test_an_unwritable_folder_only_costs_the_build(tmp_path, monkeypatch, text):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(folder))
    if os.geteuid() == 0:  # root writes a read-only folder: the error a user gets, raised where it would be
        def refused(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(folder))
        monkeypatch.setattr(parser_cache.tempfile, "mkstemp", refused)
    try:
        parser = parser_cache.cached_lark(text, **OPTIONS)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
    assert parser.parse("(A, B)", start="outcome") == grammar(strict=True).parse("(A, B)", start="outcome")


def test_a_folder_that_cannot_be_made_only_costs_the_build(tmp_path, monkeypatch, text):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(blocker / "cache"))
    parser = parser_cache.cached_lark(text, **OPTIONS)
    assert parser.parse("(A, B)", start="outcome") == grammar(strict=True).parse("(A, B)", start="outcome")


def test_an_empty_setting_switches_the_cache_off(tmp_path, monkeypatch, text):
    monkeypatch.setenv(parser_cache.CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    assert parser_cache.cache_dir() is None
    parser_cache.cached_lark(text, **OPTIONS)
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_the_users_cache(monkeypatch):
    monkeypatch.delenv(parser_cache.CACHE_ENV, raising=False)
    from platformdirs import user_cache_path
    assert parser_cache.cache_dir() == user_cache_path("spilang", appauthor=False)

