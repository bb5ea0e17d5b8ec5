"""2025 reform crosswalk: new communes/wards ↔ old communes ↔ old districts ↔ the 2030 scheme's zones.

Where the expected values come from:

* counts (92 units, 15 wards + 77 communes, 55 from old Thái Nguyên + 37 from
  old Bắc Kạn), Xã Đại Phúc spanning Đại Từ (West) and Phổ Yên / TP Thái
  Nguyên (South), Xã Tân Cương joining TP Thái Nguyên and TP Sông Công, and
  the split old communes Thượng Đình, Cam Giá, Gia Sàng:
  ``shared/reference/admin_reform_2025.md``;
* which new units a split commune went into, and which old communes formed a
  unit: read by hand from the package's ``converter_2025.json``;
* districts → zones: the scheme as reported (also in ``test_join.py``);
* old communes sharing a name (two Phường Trung Thành, two Tân Thành…): the
  package's ``admin_units_legacy`` table, queried directly below;
* old Thái Nguyên's 172 commune-level units (121 xã, 41 phường, 10 thị
  trấn) in 9 districts, and the 55 units formed from them (42 xã, 13
  phường): the province's scheme as reported by CafeF, "Phương án sắp xếp,
  tên gọi, nơi đặt trụ sở các xã, phường mới của Thái Nguyên" (2 May 2025).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from tn_map import TnMapError, UnknownPlaceError
from tn_map.locate.address import read_name
from tn_map.locate.crosswalk import (
    REASON_AMBIGUOUS,
    REASON_MISSING,
    REASON_OUTSIDE,
    REASON_UNKNOWN,
    build_crosswalk,
    crosswalk_table,
    lookup,
    resolve_many,
)
from tn_map.load.units import old_communes, old_districts, package_data_dir
from tn_map.names import name_key
from tn_map.plan import PLAN

PLAN_KEYS = {z.key for z in PLAN.zones}
# The scheme's zones, written out (Decision 2031/QĐ-UBND as reported).
ZONE_OF = {
    "Thành phố Thái Nguyên": "south", "Thành phố Sông Công": "south", "Thành phố Phổ Yên": "south",
    "Huyện Phú Bình": "south", "Huyện Định Hóa": "west", "Huyện Phú Lương": "west", "Huyện Đại Từ": "west",
    "Huyện Võ Nhai": "east", "Huyện Đồng Hỷ": "east",
}


@pytest.fixture(scope="module")
def xw():
    return build_crosswalk()


@pytest.fixture(scope="module")
def table():
    return crosswalk_table()


def only(matches, level):
    found = [m for m in matches if m.level == level]
    assert len(found) == 1, [m.to_dict() for m in matches]
    return found[0]


# ---------------------------------------------------------------- the 92 units


def test_all_92_new_units_with_their_types(table):
    assert len(table) == 92
    assert table["name"].is_unique and table["code"].is_unique
    assert table["type"].value_counts().to_dict() == {"commune": 77, "ward": 15}
    assert (table.loc[table["type"] == "ward", "name"].str.startswith("Phường ")).all()
    assert (table.loc[table["type"] == "commune", "name"].str.startswith("Xã ")).all()


def test_55_units_from_old_thai_nguyen_have_zones_37_from_bac_kan_have_none(table):
    bac_kan = table[table["former_bac_kan"]]
    thai_nguyen = table[~table["former_bac_kan"]]
    assert len(bac_kan) == 37 and len(thai_nguyen) == 55
    assert (bac_kan["zones"] == "").all()
    assert (thai_nguyen["zones"] != "").all()
    assert "Phường Bắc Kạn" in set(bac_kan["name"]) and "Phường Phổ Yên" in set(thai_nguyen["name"])


def test_old_thai_nguyen_before_and_after_as_the_province_reported():
    olds = [c for c in old_communes() if c.province == "Tỉnh Thái Nguyên"]
    assert Counter(c.type_vi for c in olds) == {"Xã": 121, "Phường": 41, "Thị trấn": 10}
    assert len({c.district for c in olds}) == 9
    assert {d.name for d in old_districts() if d.province == "Tỉnh Thái Nguyên"} == set(ZONE_OF)


def test_units_formed_from_old_thai_nguyen_are_42_communes_and_13_wards(table):
    assert table.loc[~table["former_bac_kan"], "type"].value_counts().to_dict() == {"commune": 42, "ward": 13}


def test_every_zone_is_one_of_the_plans(table, xw):
    keys = {k for cell in table["zones"] if cell for k in cell.split("; ")}
    assert keys == PLAN_KEYS
    for origin in xw.units:
        assert set(origin.zones) <= PLAN_KEYS
        # zones follow the plan's order: south, west, east
        assert list(origin.zones) == [z.key for z in PLAN.zones if z.key in origin.zones]


def test_table_points_are_lon_lat_in_the_province(table):
    assert table["lon"].between(105.3, 106.6).all()
    assert table["lat"].between(21.2, 22.8).all()
    # Bắc Kạn is north of Thái Nguyên
    assert table.loc[table["former_bac_kan"], "lat"].min() > table.loc[~table["former_bac_kan"], "lat"].median()


def test_each_units_zones_are_those_of_its_old_districts(xw):
    for origin in xw.units:
        expected = {ZONE_OF[d.name] for d in origin.old_districts if d.name in ZONE_OF}
        assert set(origin.zones) == expected, origin.unit.name


# ---------------------------------------------------------------- named facts


def test_dai_phuc_spans_south_and_west():
    match = only(lookup("Xã Đại Phúc"), "new_unit")
    assert match.zones == ["south", "west"]
    assert set(match.old_districts) == {"Huyện Đại Từ", "Thành phố Phổ Yên", "Thành phố Thái Nguyên"}
    assert match.former_bac_kan is False


def test_tan_cuong_is_south_only_from_thai_nguyen_and_song_cong():
    match = only(lookup("Xã Tân Cương"), "new_unit")
    assert match.zones == ["south"]
    assert set(match.old_districts) == {"Thành phố Thái Nguyên", "Thành phố Sông Công"}


def test_tan_cuong_row_of_the_table(table):
    row = table.set_index("name").loc["Xã Tân Cương"]
    assert set(row["old_communes"].split("; ")) == {"Xã Tân Cương", "Xã Thịnh Đức", "Xã Bình Sơn"}
    assert row["zones"] == "south"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thượng Đình", {"Xã Điềm Thụy", "Xã Phú Bình"}),
        ("Cam Giá", {"Phường Gia Sàng", "Phường Tích Lương"}),
    ],
)
def test_split_old_commune_maps_to_several_new_units_both_ways(xw, old, new):
    match = only(lookup(old), "old_commune")
    assert set(match.new_units) == new
    for name in new:
        origin = xw.unit(name)
        assert any(c.short_name == old for c in origin.old_communes)
        assert any(c.short_name == old for c in origin.split_communes)


def test_old_gia_sang_went_partly_into_new_gia_sang(xw):
    old = only(lookup("Phường Gia Sàng, Thành phố Thái Nguyên"), "old_commune")
    assert set(old.new_units) == {"Phường Gia Sàng", "Phường Phan Đình Phùng"}
    assert "Phường Gia Sàng" in {c.name for c in xw.unit("Phường Phan Đình Phùng").split_communes}


def test_unsplit_communes_are_not_marked_split(table):
    split = {c for cell in table["split_old_communes"] if cell for c in cell.split("; ")}
    assert split == {"Xã Thượng Đình", "Phường Cam Giá", "Phường Gia Sàng"}


@pytest.mark.parametrize("query", ["Định Hóa", "huyện Định Hóa", "Huyen Dinh Hoa", "H. Định Hoá, tỉnh Thái Nguyên"])
def test_old_district_dinh_hoa_is_west(query):
    match = only(lookup(query), "old_district")
    assert match.name == "Huyện Định Hóa"
    assert match.zones == ["west"]
    assert "Xã Định Hóa" in match.new_units


def test_old_district_lists_its_new_units_including_shared_ones(xw):
    match = only(lookup("huyện Đại Từ"), "old_district")
    assert match.zones == ["west"]
    assert "Xã Đại Phúc" in match.new_units  # partly from Đại Từ
    assert "Phường Phổ Yên" not in match.new_units
    assert set(match.new_units) == {u.unit.name for u in xw.units if "Huyện Đại Từ" in {d.name for d in u.old_districts}}


@pytest.mark.parametrize("query", ["TP Thái Nguyên", "Thành phố Thái Nguyên", "tp. thai nguyen", "Thai Nguyen City"])
def test_city_of_thai_nguyen_is_south(query):
    matches = lookup(query)
    assert [m.name for m in matches] == ["Thành phố Thái Nguyên"]
    assert matches[0].zones == ["south"]


def test_bac_kan_district_is_former_bac_kan_without_zone():
    match = only(lookup("Huyện Chợ Đồn"), "old_district")
    assert match.former_bac_kan is True and match.zones == []


# ---------------------------------------------------------------- address forms


@pytest.mark.parametrize(
    "query",
    ["Xã Đại Phúc", "xa dai phuc", "XÃ ĐẠI PHÚC", "Xa Dai Phuc, tinh Thai Nguyen", "Đại Phúc, Thái Nguyên", "Thôn 3, xã Đại Phúc, tỉnh Thái Nguyên"],
)
def test_new_form_and_unaccented_reach_dai_phuc(query):
    matches = lookup(query)
    assert [m.name for m in matches] == ["Xã Đại Phúc"]
    assert matches[0].level == "new_unit" and matches[0].zones == ["south", "west"]


def test_new_form_ward_with_province():
    matches = lookup("Phường Phổ Yên, tỉnh Thái Nguyên")
    assert [(m.name, m.level, m.zones) for m in matches] == [("Phường Phổ Yên", "new_unit", ["south"])]


@pytest.mark.parametrize(
    ("query", "zone", "district"),
    [
        ("xã Phúc Tân, TP Phổ Yên", "south", "Thành phố Phổ Yên"),
        ("Xóm 2, xã Phúc Tân, thành phố Phổ Yên, tỉnh Thái Nguyên", "south", "Thành phố Phổ Yên"),
        ("xã Tân Thái, huyện Đại Từ, tỉnh Thái Nguyên", "west", "Huyện Đại Từ"),
        ("xa tan thai, huyen dai tu", "west", "Huyện Đại Từ"),
    ],
)
def test_old_form_names_one_district_so_one_zone_even_inside_dai_phuc(query, zone, district):
    matches = lookup(query)
    assert len(matches) == 1
    match = matches[0]
    assert match.level == "old_commune"
    assert match.old_districts == [district]
    assert match.zones == [zone]
    assert match.new_units == ["Xã Đại Phúc"]


def test_old_form_district_picks_among_same_named_communes():
    # two old Phường Trung Thành: in TP Thái Nguyên and in TP Phổ Yên
    in_pho_yen = lookup("phường Trung Thành, TP Phổ Yên")
    in_thai_nguyen = lookup("phường Trung Thành, TP Thái Nguyên")
    assert [m.old_districts for m in in_pho_yen] == [["Thành phố Phổ Yên"]]
    assert [m.old_districts for m in in_thai_nguyen] == [["Thành phố Thái Nguyên"]]
    assert in_pho_yen[0].new_units == ["Phường Trung Thành"]
    assert in_thai_nguyen[0].new_units == ["Phường Tích Lương"]


def test_old_form_tan_cuong_in_thai_nguyen_city():
    matches = lookup("xã Tân Cương, TP Thái Nguyên")
    assert [(m.name, m.level, m.old_districts, m.new_units, m.zones) for m in matches] == [
        ("Xã Tân Cương", "old_commune", ["Thành phố Thái Nguyên"], ["Xã Tân Cương"], ["south"])
    ]


def test_address_without_commas():
    matches = lookup("xã Tân Cương TP Thái Nguyên")
    assert [(m.name, m.level, m.old_districts) for m in matches] == [
        ("Xã Tân Cương", "old_commune", ["Thành phố Thái Nguyên"])
    ]


def test_unaccented_prefix_is_not_taken_from_a_name():
    # "phuong tien" is Xã Phượng Tiến, not a ward called Tiến
    assert {m.name for m in lookup("phuong tien")} == {"Xã Phượng Tiến"}
    assert read_name("Phượng Tiến")[0].type_key is None
    assert {m.name for m in lookup("Quan Triều")} == {"Phường Quan Triều"}


def test_diacritics_tell_van_lang_from_van_lang():
    # Xã Văn Lang (former Bắc Kạn, Na Rì) and Xã Văn Lăng (Đồng Hỷ, East) fold alike
    lang = only(lookup("Xã Văn Lang"), "new_unit")
    lang_breve = only(lookup("Xã Văn Lăng"), "new_unit")
    assert lang.former_bac_kan and lang.zones == []
    assert not lang_breve.former_bac_kan and lang_breve.zones == ["east"]
    assert {m.name for m in lookup("xa van lang") if m.level == "new_unit"} == {"Xã Văn Lang", "Xã Văn Lăng"}


def test_former_commune_name_from_the_package_aliases():
    path = package_data_dir() / "dataset.db"
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        (raw,) = conn.execute(
            "SELECT wardAlias FROM admin_units_legacy WHERE districtShort = 'Bạch Thông' AND wardShort = 'Phủ Thông'"
        ).fetchone()
    assert "phuonglinh" in json.loads(raw)  # Phương Linh was merged into TT Phủ Thông before 2025
    match = only(lookup("xã Phương Linh, huyện Bạch Thông"), "old_commune")
    assert match.name == "Thị trấn Phủ Thông" and match.former_bac_kan and match.zones == []
    with pytest.raises(TnMapError):  # the alias's type word is not cut from the name
        lookup("Linh")


def test_prefix_picks_the_level():
    assert [m.level for m in lookup("Huyện Phú Bình")] == ["old_district"]
    assert "old_district" not in {m.level for m in lookup("Xã Phú Bình")}
    assert {m.level for m in lookup("Phú Bình")} >= {"new_unit", "old_district"}


# ---------------------------------------------------------------- ambiguity and errors


def _legacy_short_name_counts() -> dict[str, int]:
    path = package_data_dir() / "dataset.db"
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT wardShort, COUNT(*) FROM admin_units_legacy "
            "WHERE provinceKey IN ('tinhthainguyen', 'tinhbackan') GROUP BY wardShort"
        ).fetchall()
    return dict(rows)


def test_ambiguous_names_list_every_candidate():
    assert _legacy_short_name_counts()["Tân Thành"] == 2
    matches = lookup("Tân Thành")
    assert len([m for m in matches if m.level == "old_commune"]) == 2
    assert {m.old_districts[0] for m in matches if m.level == "old_commune"} == {"Thành phố Thái Nguyên", "Huyện Phú Bình"}
    assert any(m.level == "new_unit" and m.name == "Xã Tân Thành" for m in matches)

    pho_yen = lookup("Phổ Yên")
    assert {(m.name, m.level) for m in pho_yen} == {("Phường Phổ Yên", "new_unit"), ("Thành phố Phổ Yên", "old_district")}


@pytest.mark.parametrize(("query", "hint"), [("Xã Đại Phucc", "Xã Đại Phúc"), ("huyen Dai Tuu", "Huyện Đại Từ")])
def test_unknown_name_raises_with_close_names(query, hint):
    with pytest.raises(TnMapError) as caught:
        lookup(query)
    assert hint in str(caught.value)


def test_unknown_commune_in_a_district_suggests_that_districts_communes():
    with pytest.raises(TnMapError) as caught:
        lookup("xã Tân Thaii, huyện Đại Từ")
    assert "Huyện Đại Từ" in str(caught.value) and "Xã Tân Thái" in str(caught.value)


def test_other_province_and_bare_province_are_errors():
    with pytest.raises(TnMapError, match="not Thái Nguyên"):
        lookup("Phường Ba Đình, Hà Nội")
    with pytest.raises(TnMapError, match="province"):
        lookup("tỉnh Thái Nguyên")


def test_to_dict_has_exactly_the_documented_keys():
    data = only(lookup("Xã Đại Phúc"), "new_unit").to_dict()
    assert set(data) - {"point"} == {"name", "level", "old_districts", "new_units", "zones", "former_bac_kan"}
    assert data["zones"] == ["south", "west"] and isinstance(data["old_districts"], list)
    assert json.loads(json.dumps(data)) == data
    lon, lat = data["point"]
    assert 105.3 < lon < 106.6 and 21.2 < lat < 22.8


def test_names_are_nfc_and_order_is_stable(xw):
    import unicodedata

    for origin in xw.units:
        assert unicodedata.normalize("NFC", origin.unit.name) == origin.unit.name
    assert [u.unit.code for u in xw.units] == sorted(u.unit.code for u in xw.units)
    assert build_crosswalk() is xw  # cached
    assert [m.to_dict() for m in lookup("Tân Thành")] == [m.to_dict() for m in lookup("tan thanh")]


# ---------------------------------------------------------------- many addresses


def _old_communes_from_package() -> list[tuple[str, str, str, str]]:
    """(commune type, commune, district type, district) straight from the package's table."""
    path = package_data_dir() / "dataset.db"
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute(
            "SELECT wardType, wardShort, districtType, districtShort FROM admin_units_legacy "
            "WHERE provinceKey IN ('tinhthainguyen', 'tinhbackan') ORDER BY wardCode"
        ).fetchall()


def _ascii(text: str) -> str:
    import unicodedata

    out = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return out.replace("đ", "d").replace("Đ", "D")


def test_resolve_many_100k_rows_from_a_few_hundred_addresses():
    plan_zones = PLAN.district_zone_keys()
    distinct: dict[str, dict] = {}
    for ward_type, ward, district_type, district in _old_communes_from_package():
        zones = "; ".join(plan_zones.get(name_key(district), []))
        expected = {"name": f"{ward_type} {ward}", "level": "old_commune", "zones": zones, "reason": ""}
        distinct[f"{ward_type.lower()} {ward}, {district_type.lower()} {district}, tỉnh Thái Nguyên"] = expected
        distinct[_ascii(f"Thôn 1, {ward_type} {ward}, {district_type} {district}")] = expected
    # new-form addresses whose answer the reference file states
    distinct["Phường Phổ Yên, tỉnh Thái Nguyên"] = {"name": "Phường Phổ Yên", "level": "new_unit", "zones": "south", "reason": ""}
    distinct["Xa Dai Phuc"] = {"name": "Xã Đại Phúc", "level": "new_unit", "zones": "south; west", "reason": ""}
    distinct["Tổ 5, Xã Tân Cương, Thái Nguyên"] = {"name": "Xã Tân Cương", "level": "new_unit", "zones": "south", "reason": ""}
    # two old Phường Trung Thành (TP Thái Nguyên, TP Phổ Yên) and a new one: no district, no answer
    distinct["Phường Trung Thành, tỉnh Thái Nguyên"] = {"name": "", "level": "", "zones": "", "reason": REASON_AMBIGUOUS}
    distinct["Xã Không Có Thật, tỉnh Thái Nguyên"] = {"name": "", "level": "", "zones": "", "reason": REASON_UNKNOWN}
    distinct["Phường Ba Đình, Hà Nội"] = {"name": "", "level": "", "zones": "", "reason": REASON_OUTSIDE}
    assert 500 < len(distinct) < 700

    texts = list(distinct)
    rng = np.random.default_rng(2031)
    picks = rng.integers(0, len(texts), 100_000)
    series = pd.Series(np.array(texts, dtype=object)[picks], index=np.arange(100_000) * 3)
    series.iloc[:7] = None  # missing cells
    result = resolve_many(series)

    assert len(result) == 100_000 and result.index.equals(series.index)
    expected = pd.DataFrame([distinct[texts[i]] for i in picks], index=series.index)
    expected.iloc[:7] = ["", "", "", REASON_MISSING]
    for column in ("name", "level", "zones", "reason"):
        mismatched = result[column].astype(object).to_numpy() != expected[column].astype(object).to_numpy()
        assert not mismatched.any(), (column, series[mismatched].head(3).tolist(), result.loc[mismatched, column].head(3).tolist())
    placed = result["reason"] == ""
    assert result.loc[placed, ["lon", "lat"]].notna().all().all()
    assert result.loc[~placed, ["lon", "lat"]].isna().all().all()
    assert result.loc[~placed, "former_bac_kan"].isna().all()
    bac_kan = series.str.contains("Bắc Kạn|Bac Kan|Ba Bể|Ba Be", regex=True, na=False) & placed
    assert bac_kan.any() and result.loc[bac_kan, "former_bac_kan"].all()
    assert (result.loc[bac_kan, "zones"] == "").all()
    ambiguous = result["reason"] == REASON_AMBIGUOUS
    assert result.loc[ambiguous, "candidates"].str.count("Phường Trung Thành").eq(3).all()
