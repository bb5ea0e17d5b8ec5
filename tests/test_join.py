"""Districts × zones × clusters: right zone for the right district, strict errors.

Expected zones and member lists are written from the article reporting the
Decision; expected areas are measured here (equal-area projection), not
copied from the program's output.
"""

import dataclasses
import unicodedata

import geopandas as gpd
import pytest

from tn_map import ParameterError, TnMapError, load_districts, read_districts, zone_table
from tn_map.i18n import Notice
from tn_map.join import join_zones, zone_summary
from tn_map.load import read_boundaries
from tn_map.plan import PLAN

from .conftest import run_cli
from .test_boundaries import GSO_UNITS, equal_area_km2

# From the article: South = 3 cities (Thái Nguyên, Sông Công, Phổ Yên) + Phú Bình;
# West = Định Hóa, Phú Lương, Đại Từ; East = Võ Nhai, Đồng Hỷ.  Keys: GSO codes.
EXPECTED = {
    164: "south", 165: "south", 172: "south", 173: "south",
    167: "west", 168: "west", 171: "west",
    169: "east", 170: "east",
}
# The same, in the order the article lists them.
ARTICLE_ORDER = ["Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình", "Định Hóa", "Phú Lương", "Đại Từ", "Võ Nhai", "Đồng Hỷ"]
CITIES = {164, 165, 172}
SHORT_NAMES = {
    164: "Thái Nguyên", 165: "Sông Công", 167: "Định Hóa", 168: "Phú Lương", 169: "Đồng Hỷ",
    170: "Võ Nhai", 171: "Đại Từ", 172: "Phổ Yên", 173: "Phú Bình",
}


def _bundled():
    return read_boundaries()[0]


def _measured_by_code() -> dict[int, float]:
    base = _bundled()
    return dict(zip(base["code"], equal_area_km2(base.geometry)))


def test_each_district_gets_its_zone_and_proper_names():
    districts = read_districts()
    frame = districts.frame
    assert (districts.source, districts.name_field, districts.notes) == ("boundaries.geojson (bundled)", "name", ())
    assert frame.crs.to_epsg() == 4326
    assert dict(zip(frame["code"], frame["zone"])) == EXPECTED
    assert list(frame["name"]) == ARTICLE_ORDER  # plan order: zone by zone, as the Decision lists them
    assert dict(zip(frame["code"], frame["name_full"])) == GSO_UNITS
    assert dict(zip(frame["code"], frame["unit_type"])) == {c: "thành phố" if c in CITIES else "huyện" for c in EXPECTED}
    names_en = dict(zip(frame["name"], frame["name_en"]))
    assert (names_en["Phổ Yên"], names_en["Đại Từ"], names_en["Định Hóa"]) == ("Pho Yen City", "Dai Tu District", "Dinh Hoa District")
    assert dict(zip(frame["name"], frame["district_key"]))["Đồng Hỷ"] == "dong hy"
    # load_districts is the same frame
    assert load_districts().drop(columns="geometry").equals(frame.drop(columns="geometry"))


@pytest.mark.parametrize(
    "lang, names, present, absent",
    [
        ("vi", ["Khu vực phía Nam", "Khu vực phía Tây", "Khu vực phía Đông"],
         {"south": ["Điện tử", "Cơ khí chế tạo"], "west": ["Dệt may", "Da giày", "Khai khoáng"], "east": ["Khai khoáng"]},
         {"east": ["Dệt may", "Da giày", "Điện tử"], "south": ["Khai khoáng"]}),
        ("en", ["South zone", "West zone", "East zone"],
         {"south": ["Electronics"], "west": ["Textiles and garments", "Leather and footwear", "Mining"], "east": ["Mining"]},
         {"east": ["Textiles and garments", "Electronics"], "south": ["Mining"]}),
    ],
)
def test_zone_table_words_follow_the_language(lang, names, present, absent):
    table = zone_table(read_districts(), lang=lang)
    assert list(table.columns) == ["zone", "zone_key", "districts", "n_districts", "clusters", "area_km2", "share_pct"]
    assert list(table["zone_key"]) == ["south", "west", "east"]
    assert list(table["zone"]) == names
    by_key = table.set_index("zone_key")
    for key in ("south", "west", "east"):
        assert by_key.loc[key, "clusters"] == "; ".join(c.name.get(lang) for c in PLAN.zone(key).clusters)
        clusters = by_key.loc[key, "clusters"].split("; ")
        assert all(c in clusters for c in present[key]), key
        assert not any(c in clusters for c in absent.get(key, [])), key


def test_zone_table_defaults_to_vietnamese_and_the_bundled_boundaries():
    assert zone_table().equals(zone_table(load_districts(), lang="vi"))


def test_zone_areas_and_shares_match_an_independent_measure():
    measured = _measured_by_code()
    total = sum(measured.values())
    expected_area = {z: sum(a for c, a in measured.items() if EXPECTED[c] == z) for z in ("south", "west", "east")}

    summary = zone_summary(load_districts())
    assert list(summary.columns) == ["zone_key", "districts", "n_districts", "area_km2", "share_pct"]
    summary = summary.set_index("zone_key")
    assert summary["districts"].to_dict() == {
        "south": "Thái Nguyên, Sông Công, Phổ Yên, Phú Bình",
        "west": "Định Hóa, Phú Lương, Đại Từ",
        "east": "Võ Nhai, Đồng Hỷ",
    }
    assert summary["n_districts"].to_dict() == {"south": 4, "west": 3, "east": 2}
    for zone, area in expected_area.items():
        # a sum of up to four areas each rounded to 0.01 km²
        assert summary.loc[zone, "area_km2"] == pytest.approx(area, abs=0.03), zone
        # rounded to 0.1 %
        assert summary.loc[zone, "share_pct"] == pytest.approx(100 * area / total, abs=0.06), zone


def _names_file(tmp_path, names, **extra):
    base = _bundled()
    gdf = gpd.GeoDataFrame({**extra, "ten": names}, geometry=base.geometry.values[: len(names)], crs=4326)
    path = tmp_path / "names.geojson"
    gdf.to_file(path)
    return path


def test_user_file_with_other_property_names_and_spellings(tmp_path):
    base = _bundled()
    spellings = {
        164: "TP. Thái Nguyên", 165: "Thanh pho Song Cong", 167: "H. Định Hoá", 168: "PHU LUONG",
        169: "Huyện Đồng Hỷ", 170: unicodedata.normalize("NFD", "Võ Nhai"), 171: "Dai Tu District",
        172: "Thị xã Phổ Yên", 173: "phú bình",
    }
    gdf = gpd.GeoDataFrame(
        {
            # a text column with one district name in it: the column of names is the one with nine
            "GHI_CHU": ["gần Đại Từ", "Đại Từ"] + ["—"] * 7,
            "TEN_HUYEN": [spellings[c] for c in base["code"]],
            "MA": base["code"],
        },
        geometry=base.geometry.values,
        crs=4326,
    )
    path = tmp_path / "huyen.gpkg"
    gdf.to_crs("EPSG:9213").to_file(path)
    districts = read_districts(path)
    assert districts.source == str(path)
    assert districts.name_field == "TEN_HUYEN"
    assert districts.notes == (Notice.of("reprojected", crs="EPSG:9213"), Notice.of("units_bundled"))
    frame = districts.frame
    assert frame.crs.to_epsg() == 4326
    assert dict(zip(frame["MA"], frame["zone"])) == EXPECTED
    # proper Vietnamese and the official unit is shown whatever the file wrote
    assert dict(zip(frame["MA"], frame["name"])) == SHORT_NAMES
    assert dict(zip(frame["MA"], frame["name_full"])) == GSO_UNITS
    # the file has no area: each is computed, and matches an independent measure
    measured = _measured_by_code()
    for code, area in zip(frame["MA"], frame["area_km2"]):
        assert area == pytest.approx(measured[code], abs=0.01), code


def test_areas_in_the_file_are_kept_unless_one_is_unusable():
    base = _bundled()
    stated = base.assign(area_km2=[100.0 + i for i in range(9)])
    frame, _ = join_zones(stated)
    assert dict(zip(frame["code"], frame["area_km2"])) == {c: 100.0 + i for i, c in enumerate(base["code"])}

    broken = base.assign(area_km2=[float("nan")] + [100.0] * 8)
    frame, _ = join_zones(broken)
    measured = _measured_by_code()
    for code, area in zip(frame["code"], frame["area_km2"]):
        assert area == pytest.approx(measured[code], abs=0.01), code


def test_unknown_name_is_listed(tmp_path):
    names = list(_bundled()["name"])
    names[3] = "Bắc Kạn"  # in place of Phú Lương
    path = _names_file(tmp_path, names)
    with pytest.raises(TnMapError) as err:
        read_districts(path)
    assert err.value.where == str(path)
    assert err.value.message == "column 'ten': not a district of the 2030 scheme: row 4 'Bắc Kạn'; missing districts: Phú Lương"
    assert str(err.value) == f"{path}: {err.value.message}"


def test_blank_name_is_listed(tmp_path):
    names = list(_bundled()["name"])
    names[0] = "  "
    with pytest.raises(TnMapError) as err:
        read_districts(_names_file(tmp_path, names))
    assert err.value.message == "column 'ten': rows 1 have no name; missing districts: Thái Nguyên"


def test_missing_district_is_listed(tmp_path):
    names = list(_bundled()["name"])[:8]  # drops Phú Bình (code 173)
    with pytest.raises(TnMapError) as err:
        read_districts(_names_file(tmp_path, names))
    assert err.value.message == "column 'ten': missing districts: Phú Bình"


def test_repeated_district_is_listed(tmp_path):
    names = list(_bundled()["name"])
    names[8] = "Pho Yen"  # in place of Phú Bình
    with pytest.raises(TnMapError) as err:
        read_districts(_names_file(tmp_path, names))
    assert err.value.message == "column 'ten': named more than once: Phổ Yên in rows 8, 9; missing districts: Phú Bình"


def test_file_without_district_names_points_to_name_field(tmp_path):
    path = _names_file(tmp_path, [f"Area {i}" for i in range(9)], code=[str(i) for i in range(9)])
    with pytest.raises(TnMapError) as err:
        read_districts(path)
    assert err.value.param == "name_field"
    assert err.value.where == str(path)
    assert err.value.message.startswith("no column holds Thái Nguyên district names (text columns tried: code, ten)")
    # the command line names its flag for the parameter
    result = run_cli("zones", "--boundaries", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("(see --name-field)"), result.stderr


def test_plan_with_a_district_in_two_zones_is_refused():
    west = PLAN.zone("west")
    doubled = dataclasses.replace(west, districts=west.districts + (PLAN.zone("south").districts[2],))
    plan = dataclasses.replace(PLAN, zones=(PLAN.zone("south"), doubled, PLAN.zone("east")))
    with pytest.raises(TnMapError) as err:
        join_zones(_bundled(), plan=plan)
    assert err.value.where == "plan"
    assert err.value.message == "the plan assigns districts to more than one zone: Phổ Yên in zones south, west"


def test_explicit_name_field():
    base = _bundled()
    frame, column = join_zones(base, name_field="name_en")
    assert column == "name_en"
    assert dict(zip(frame["code"], frame["zone"])) == EXPECTED
    assert read_districts(name_field="name_en").name_field == "name_en"
    with pytest.raises(ParameterError) as err:
        join_zones(base, name_field="nope")
    assert (err.value.param, err.value.where) == ("name_field", "boundaries")
    assert err.value.message.startswith("no column 'nope'; columns are code, name, name_full")
