"""The plan data: zones and districts as the Decision says, every fact traceable to the source."""

import re
from pathlib import Path

import pytest

from tn_map.names import fold, name_key
from tn_map.plan import PLAN

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_10f2af4e6675e722.txt"

# Written from the article, not from the program.
EXPECTED_ZONES = {
    "south": {"Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình"},
    "west": {"Định Hóa", "Phú Lương", "Đại Từ"},
    "east": {"Võ Nhai", "Đồng Hỷ"},
}


def test_three_zones_with_their_districts():
    got = {z.key: {d.name for d in z.districts} for z in PLAN.zones}
    assert got == EXPECTED_ZONES
    assert [len(z.districts) for z in PLAN.zones] == [4, 3, 2]


def test_each_district_in_exactly_one_zone():
    assert all(len(zones) == 1 for zones in PLAN.district_zone_keys().values())
    assert len(PLAN.district_zone_keys()) == 9


def test_south_is_tied_to_the_interregional_hightech_space():
    south = PLAN.zone("south")
    assert south.linked_space is not None
    for province in ("Hà Nội", "Vĩnh Phúc", "Thái Nguyên", "Bắc Giang", "Bắc Ninh"):
        assert province in south.linked_space.vi
    assert PLAN.zone("west").linked_space is None


def test_textiles_and_footwear_belong_to_the_west_only():
    west = {c.key for c in PLAN.zone("west").clusters}
    east = {c.key for c in PLAN.zone("east").clusters}
    assert {"textiles", "footwear", "mining", "agro_processing"} <= west
    assert "textiles" not in east and "mining" in east


def test_targets_with_and_without_samsung():
    t = {x.key: (x.value, x.value_excl_samsung) for x in PLAN.targets}
    assert t == {
        "industry_va_growth": (9.0, 12.03),
        "manufacturing_va_growth": (8.91, 12.37),
        "industry_grdp_share": (57.0, 42.38),
        "manufacturing_grdp_share": (50.0, 33.0),
    }
    assert "2050" in PLAN.decision.green_goal.en and "net-zero" in PLAN.decision.green_goal.en


def test_every_text_has_both_languages():
    texts = [PLAN.decision.title, PLAN.decision.goal, PLAN.decision.green_goal, PLAN.hightech_space]
    for zone in PLAN.zones:
        texts += [zone.name, zone.orientation] + [c.name for c in zone.clusters]
    texts += [t.label for t in PLAN.targets]
    for text in texts:
        assert text.vi.strip() and text.en.strip() and text.vi != text.en


def _folded_words(text: str) -> str:
    """Folded text with punctuation as single spaces, for comparing names inside sentences."""
    return " ".join(fold(text).split())


def test_every_zone_fact_stands_in_its_quoted_sentence():
    """Each district and cluster of a zone is in the sentence the plan cites for that zone."""
    for zone in PLAN.zones:
        assert zone.citations, zone.key
        quoted = _folded_words(" ".join(c.quote for c in zone.citations))
        for district in zone.districts:
            assert name_key(district.name) in quoted, (zone.key, district.name)
        for cluster in zone.clusters:
            # "Công nghiệp điện" stands as "công nghiệp điện, điện tử"; "nông, lâm, thủy sản" as "nông, lâm thủy sản"
            name = _folded_words(cluster.name.vi)
            assert name in quoted or name.removeprefix("cong nghiep ") in quoted, (zone.key, cluster.name.vi)
    south_quote = " ".join(c.quote for c in PLAN.zone("south").citations)
    for province in PLAN.hightech_provinces:
        assert province in south_quote


def test_every_target_value_stands_in_its_quoted_sentence():
    """Both values of each target are in its cited sentence, written the Vietnamese way (12,03%)."""
    for target in PLAN.targets:
        assert target.citation is not None, target.key
        for value in (target.value, target.value_excl_samsung):
            text = f"{value:g}".replace(".", ",")
            assert re.search(rf"(?<![\d,]){re.escape(text)}%", target.citation.quote), (target.key, text)


def test_decision_facts_stand_in_their_quoted_sentences():
    quotes = " ".join(c.quote for c in PLAN.decision.citations)
    assert f"Quyết định số {PLAN.decision.number}" in quotes
    assert "net-zero carbon vào năm 2050" in quotes and "2050" in PLAN.decision.green_goal.en
    assert "trung tâm kinh tế, công nghiệp hiện đại" in quotes


@pytest.fixture(scope="module")
def seed_text():
    if not SEED.is_file():
        pytest.skip(f"source article not found at {SEED} (the quotes above are checked without it)")
    return SEED.read_text(encoding="utf-8")


def test_every_quoted_sentence_is_verbatim_in_the_source_article(seed_text):
    quotes = [c for z in PLAN.zones for c in z.citations] + [t.citation for t in PLAN.targets]
    quotes += list(PLAN.decision.citations)
    for citation in quotes:
        assert citation.quote in seed_text, citation.quote[:60]
    assert PLAN.decision.source_title in seed_text
