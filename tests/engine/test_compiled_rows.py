"""Tournament tables filled a row at a time from compiled responses (engine/compiled_rows.py)
give the same cells as playing each profile of classes one by one: the path without a
cache (rows) against the path with one (every cell through `CompiledMatches.play` or the
interpreter), on populations that mix base programs, programs that name codes,
renegotiation and csr programs, and at fuels where some matches run out."""

from __future__ import annotations

import pytest

import spi_lang
from spi_lang.engine.matches import MatchCache

SCHEDULING = [f"scheduling/{name}.spi" for name in (
    "always_slot1", "always_slot2", "fair1", "fair2", "bold1", "modest2", "hardline1", "hardline2",
    "generous2", "cross_generous", "yield_to_hardliner1", "yield_to_hardliner2")]
PD = [f"prisoners_dilemma/{name}.spi" for name in (
    "clique_bot", "clique_paraphrase", "clique_twin", "cooperate_bot", "defect_bot", "random_bot",
    "renegotiating_defector")]


@pytest.mark.parametrize("files", [SCHEDULING, PD], ids=["scheduling", "prisoners_dilemma"])
@pytest.mark.parametrize("fuel", [3, 12, 40, 1_000_000])
def test_rows_give_the_cells_of_one_by_one(files, fuel):
    by_rows = spi_lang.tournament(*files, fuel=fuel, cache=None)
    one_by_one = spi_lang.tournament(*files, fuel=fuel, cache=MatchCache())
    assert by_rows.cells == one_by_one.cells
    assert by_rows.ranking == one_by_one.ranking
