"""Districts × zones × clusters: right zone for the right district, strict errors."""

import dataclasses
import unicodedata

import geopandas as gpd
import pytest

from tn_map import TnMapError, load_districts, zone_table
from tn_map.join import join_zones
from tn_map.load import read_boundaries
from tn_map.plan import PLAN

# From the article: South = 3 cities + Phú Bình; West = Định Hóa, Phú Lương, Đại Từ; East = Võ Nhai, Đồng Hỷ.
EXPECTED = {
    164: "south", 165: "south", 172: "south", 173: "south",
    167: "west", 168: "west", 171: "west",
    169: "east", 170: "east",
}


def test_each_district_gets_its_zone():
    districts = load_districts()
    assert dict(zip(districts["code"], districts["zone"])) == EXPECTED
    assert districts["zone"].value_counts().to_dict() == {"south": 4, "west": 3, "east": 2}


def test_clusters_follow_the_zone():
    districts = load_districts().set_index("name")
    assert "Electronics" in districts.loc["Phổ Yên", "clusters_en"]
    assert "Điện tử" in districts.loc["Phổ Yên", "clusters_vi"]
    assert "Textiles and garments" in districts.loc["Đại Từ", "clusters_en"]
    assert "Mining" in districts.loc["Võ Nhai", "clusters_en"]
    assert "Electronics" not in districts.loc["Võ Nhai", "clusters_en"]


def test_zone_table_totals():
    table = zone_table(load_districts()).set_index("zone_key")
    assert table["n_districts"].to_dict() == {"south": 4, "west": 3, "east": 2}
    assert table["share_pct"].sum() == pytest.approx(100.0, abs=0.15)
    districts = read_boundaries()
    south_area = districts[districts["code"].isin([164, 165, 172, 173])]["area_km2"].sum()
    assert table.loc["south", "area_km2"] == pytest.approx(south_area)
    # the West is the largest zone by area, the South the smallest
    assert table["area_km2"].idxmax() == "west" and table["area_km2"].idxmin() == "south"


def _user_file(tmp_path, names, column="TEN_HUYEN", crs="EPSG:9213", suffix=".gpkg"):
    base = read_boundaries()
    gdf = gpd.GeoDataFrame({column: names, "MA": range(len(names))}, geometry=base.geometry.values[: len(names)], crs=4326)
    path = tmp_path / f"user{suffix}"
    gdf.to_crs(crs).to_file(path)
    return path, base


def test_user_file_with_other_property_names_and_spellings(tmp_path):
    base = read_boundaries()
    spellings = {
        164: "TP. Thái Nguyên", 165: "Thanh pho Song Cong", 167: "H. Định Hoá", 168: "PHU LUONG",
        169: "Huyện Đồng Hỷ", 170: unicodedata.normalize("NFD", "Võ Nhai"), 171: "Dai Tu District",
        172: "Thị xã Phổ Yên", 173: "phú bình",
    }
    gdf = gpd.GeoDataFrame({"TEN_HUYEN": [spellings[c] for c in base["code"]], "MA": base["code"]},
                           geometry=base.geometry.values, crs=4326)
    path = tmp_path / "huyen.gpkg"
    gdf.to_crs("EPSG:9213").to_file(path)
    districts = load_districts(path)
    assert districts.attrs["name_field"] == "TEN_HUYEN"
    assert dict(zip(districts["MA"], districts["zone"])) == EXPECTED
    # proper Vietnamese is displayed whatever the file wrote
    assert set(districts["name"]) == {"Thái Nguyên", "Sông Công", "Định Hóa", "Phú Lương", "Đồng Hỷ",
                                      "Võ Nhai", "Đại Từ", "Phổ Yên", "Phú Bình"}
    assert any("reprojected" in n for n in districts.attrs["notes"])
    assert districts["area_km2"].sum() == pytest.approx(base["area_km2"].sum(), rel=1e-3)


def _names_file(tmp_path, names):
    base = read_boundaries()
    gdf = gpd.GeoDataFrame({"ten": names}, geometry=base.geometry.values[: len(names)], crs=4326)
    path = tmp_path / "names.geojson"
    gdf.to_file(path)
    return path


def test_unknown_name_is_listed(tmp_path):
    names = list(read_boundaries()["name"])
    names[3] = "Bắc Kạn"
    with pytest.raises(TnMapError) as err:
        load_districts(_names_file(tmp_path, names))
    message = str(err.value)
    assert "names.geojson" in message and "column 'ten'" in message
    assert "row 4 'Bắc Kạn'" in message
    assert "missing districts: Phú Lương" in message


def test_missing_district_is_listed(tmp_path):
    names = list(read_boundaries()["name"])[:8]  # drops Phú Bình (code 173)
    with pytest.raises(TnMapError, match="missing districts: Phú Bình"):
        load_districts(_names_file(tmp_path, names))


def test_repeated_district_is_listed(tmp_path):
    names = list(read_boundaries()["name"])
    names[8] = "Pho Yen"
    with pytest.raises(TnMapError, match=r"named more than once: Phổ Yên in rows 8, 9"):
        load_districts(_names_file(tmp_path, names))


def test_file_without_district_names(tmp_path):
    path = _names_file(tmp_path, [f"Area {i}" for i in range(9)])
    with pytest.raises(TnMapError, match="no column holds Thái Nguyên district names"):
        load_districts(path)


def test_plan_with_a_district_in_two_zones_is_refused():
    west = PLAN.zone("west")
    doubled = dataclasses.replace(west, districts=west.districts + (PLAN.zone("south").districts[2],))
    plan = dataclasses.replace(PLAN, zones=(PLAN.zone("south"), doubled, PLAN.zone("east")))
    with pytest.raises(TnMapError, match="Phổ Yên in south and west"):
        join_zones(read_boundaries(), plan=plan)


def test_explicit_name_field(tmp_path):
    base = read_boundaries()
    districts = join_zones(base, name_field="name_en")
    assert dict(zip(districts["code"], districts["zone"])) == EXPECTED
    with pytest.raises(TnMapError, match="no column 'nope'"):
        join_zones(base, name_field="nope")
