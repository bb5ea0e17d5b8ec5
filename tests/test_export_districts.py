"""The district export for a report's annex: every format reopened with a real reader."""

import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from tn_map import ParameterError, TnMapError
from tn_map.export.districts import DISTRICT_FORMATS, district_table, write_districts

DISTRICTS = {"Thái Nguyên": "south", "Sông Công": "south", "Phổ Yên": "south", "Phú Bình": "south",
             "Định Hóa": "west", "Phú Lương": "west", "Đại Từ": "west", "Võ Nhai": "east", "Đồng Hỷ": "east"}




def test_table_joins_zone_clusters_area_and_share(districts):
    table = district_table(districts, lang="en")
    assert table.crs.to_epsg() == 4326 and len(table) == 9
    assert dict(zip(table["name"], table["zone_key"])) == DISTRICTS
    west = table[table["name"] == "Đại Từ"].iloc[0]
    assert west["zone"] == "West zone" and "textiles" in west["cluster_keys"].split("; ")
    assert "Leather and footwear" in west["clusters"]
    assert table["share_pct"].sum() == pytest.approx(100, abs=0.2)
    assert table.groupby("zone_key")["zone_share_pct"].sum().to_dict() == pytest.approx(
        {"south": 100, "west": 100, "east": 100}, abs=0.2)
    assert table["area_km2"].sum() == pytest.approx(3521.96, abs=1.0)  # official (GSO, 31 Dec 2024)


def test_geopackage_reopens_with_nine_districts_and_its_crs(districts, tmp_path):
    path = write_districts(districts, tmp_path / "d.gpkg", lang="vi")
    layer = gpd.read_file(path, layer="districts")
    assert len(layer) == 9 and layer.crs.to_epsg() == 4326
    assert dict(zip(layer["name"], layer["zone_key"])) == DISTRICTS
    assert set(layer["zone"]) == {"Khu vực phía Nam", "Khu vực phía Tây", "Khu vực phía Đông"}
    assert layer.geometry.is_valid.all()


def test_geojson_reopens(districts, tmp_path):
    path = write_districts(districts, tmp_path / "d.geojson", lang="en")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["features"]) == 9
    layer = gpd.read_file(path)
    assert layer.crs.to_epsg() == 4326 and set(layer["name"]) == set(DISTRICTS)


def test_xlsx_has_a_readable_header_and_its_sources(districts, tmp_path):
    path = write_districts(districts, tmp_path / "d.xlsx", lang="vi")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["huyen", "nguon"]
    rows = list(book["huyen"].values)
    header = rows[0]
    for words in ("Tên", "Khu vực", "Cụm ngành ưu tiên", "Diện tích (km²)", "Tỷ lệ diện tích tỉnh (%)", "Hệ tọa độ"):
        assert words in header
    assert len(rows) == 10
    names = [r[header.index("Tên")] for r in rows[1:]]
    assert sorted(names) == sorted(DISTRICTS)
    assert {r[header.index("Hệ tọa độ")] for r in rows[1:]} == {"EPSG:4326"}
    sources = " ".join(str(c) for row in book["nguon"].values for c in row)
    assert "2031/QĐ-UBND" in sources and "dvhcvn" in sources and "EPSG:4326" in sources


def test_csv_reopens(districts, tmp_path):
    path = write_districts(districts, tmp_path / "d.csv")
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert len(table) == 9 and set(table["name"]) == set(DISTRICTS)
    assert set(table["crs"]) == {"EPSG:4326"}
    assert table["label_lon"].between(105.4, 106.3).all() and table["label_lat"].between(21.3, 22.1).all()


@pytest.mark.parametrize("suffix", list(DISTRICT_FORMATS))
def test_same_districts_same_bytes(districts, tmp_path, suffix):
    a = write_districts(districts, tmp_path / f"a{suffix}")
    b = write_districts(districts, tmp_path / f"b{suffix}")
    assert a.read_bytes() == b.read_bytes()


def test_wrong_extension_names_path(districts, tmp_path):
    with pytest.raises(ParameterError) as err:
        write_districts(districts, tmp_path / "d.shp")
    assert err.value.param == "path" and ".geojson, .gpkg, .csv, .xlsx" in str(err.value)


def test_unwritable_path_names_path(districts, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(TnMapError) as err:
        write_districts(districts, blocker / "d.csv")
    assert err.value.param == "path"


def test_geopackages_written_in_threads_while_files_are_read_are_the_same_bytes(districts, tmp_path):
    """GDAL's configuration is process-wide: a fixed GeoPackage clock or the DXF reading options set by
    one thread must never reach another's write or read (sites classify reads on one thread while it
    writes on another)."""
    import sqlite3
    import threading
    from pathlib import Path

    from tn_map import read_sites

    dxf = Path(__file__).parent / "fixtures" / "office" / "survey_blocks_ezdxf.dxf"
    alone = write_districts(districts, tmp_path / "alone.gpkg", lang="vi").read_bytes()
    dxf_alone = read_sites(dxf, crs=9213).frame
    written: dict[str, bytes] = {}
    read: list = []
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def writer(name: str) -> None:
        try:
            start.wait()
            for i in range(4):
                path = tmp_path / f"{name}{i}.gpkg"
                written[path.name] = write_districts(districts, path, lang="vi").read_bytes()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def reader() -> None:
        try:
            start.wait()
            for _ in range(4):
                read.append(read_sites(dxf, crs=9213).frame)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=("a",)), threading.Thread(target=writer, args=("b",)),
               threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(written) == 8 and all(data == alone for data in written.values())
    # the stated clock is the fixed one, not the time of writing
    with sqlite3.connect(tmp_path / "a0.gpkg") as db:
        assert db.execute("SELECT last_change FROM gpkg_contents WHERE table_name = 'districts'").fetchone()[0] \
            .startswith("2000-01-01")
    # the DXF read its blocks as points with their attributes every time (its options held), as alone
    assert len(read) == 4 and all(frame.equals(dxf_alone) for frame in read)
    assert "TEN" in dxf_alone.columns
