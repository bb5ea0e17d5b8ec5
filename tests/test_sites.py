"""Investment sites from real files of every format and coordinate convention.

Test points are real places inside real districts: each district's
representative point from the bundled boundaries, and a point in Hà Nội for
"outside".  Projected coordinates are made with pyproj, independently of
tn-map's reading code.
"""

import csv
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

import tn_map
from tn_map import TnMapError
from tn_map.load import read_boundaries

from .conftest import run_cli

HANOI = (105.8342, 21.0278)  # Hoàn Kiếm, Hà Nội: outside Thái Nguyên


@pytest.fixture(scope="module")
def inside():
    """name → (lon, lat) of a point inside each district."""
    pts = read_boundaries()[0].set_index("name").geometry.representative_point()
    return {name: (round(p.x, 6), round(p.y, 6)) for name, p in pts.items()}


@pytest.fixture(scope="module")
def districts():
    return tn_map.load_districts()


def _classify(path, districts, **options):
    """Read and classify a file: (every row with its results, the typed report)."""
    classified = tn_map.classify_sites(tn_map.read_sites(path, **options), districts)
    return classified.frame, classified.report


def test_csv_with_vietnamese_headers(tmp_path, inside, districts):
    path = tmp_path / "du_an.csv"
    rows = [
        ("Nhà máy linh kiện", "Điện tử", "TP. Phổ Yên", *inside["Phổ Yên"]),
        ("Xưởng chè", "Chế biến chè", "Huyện Đại Từ", *inside["Đại Từ"]),
        ("Xưởng may", "Dệt may", "Huyện Võ Nhai", *inside["Võ Nhai"]),
        ("Kho", "Logistics", "Đồng Hỷ", *inside["Đồng Hỷ"]),
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Tên dự án", "Ngành nghề", "Huyện", "Kinh độ", "Vĩ độ"])
        w.writerows(rows)
    out, report = _classify(path, districts)
    assert list(out["located_district"]) == ["Phổ Yên", "Đại Từ", "Võ Nhai", "Đồng Hỷ"]
    assert list(out["zone"]) == ["south", "west", "east", "east"]
    assert list(out["fit"]) == ["priority", "priority", "not_priority", "unknown"]
    assert "electronics" in out.loc[0, "sectors"].split("; ")
    assert out.loc[2, "sectors"] == "textiles"  # garments: a West cluster, not an East one
    assert not out["district_mismatch"].any()
    assert report.rows_in == 4 and report.located == 4
    assert report.zones["east"].priority_share == 0.0


def test_semicolon_csv_with_bom_and_decimal_commas(tmp_path, inside, districts):
    lon, lat = inside["Phú Lương"]
    text = "name;sector;lat;lon\n" f"Mỏ;khai khoáng;{str(lat).replace('.', ',')};{str(lon).replace('.', ',')}\n"
    path = tmp_path / "excel_vn.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    out, _ = _classify(path, districts)
    assert out.loc[0, "located_district"] == "Phú Lương"
    assert out.loc[0, "fit"] == "priority"
    assert out.geometry[0].x == pytest.approx(lon) and out.geometry[0].y == pytest.approx(lat)


def test_decomposed_unicode_text_is_read_as_nfc(tmp_path, inside, districts):
    import unicodedata

    lon, lat = inside["Đồng Hỷ"]
    text = unicodedata.normalize("NFD", f"Tên,Ngành,Huyện,lat,lon\nXưởng,Khai khoáng,Huyện Đồng Hỷ,{lat},{lon}\n")
    path = tmp_path / "nfd.csv"
    path.write_text(text, encoding="utf-8")
    out, _ = _classify(path, districts)
    assert "Tên" in out.columns and out.loc[0, "Tên"] == "Xưởng" and out.loc[0, "Ngành"] == "Khai khoáng"
    assert out.loc[0, "fit"] == "priority" and bool(out.loc[0, "district_mismatch"]) is False


def test_xlsx(tmp_path, inside, districts):
    path = tmp_path / "sites.xlsx"
    pd.DataFrame(
        {"Name": ["A", "B"], "Latitude": [inside["Định Hóa"][1], inside["Sông Công"][1]],
         "Longitude": [inside["Định Hóa"][0], inside["Sông Công"][0]], "Industry": ["tea processing", "mechanical"]}
    ).to_excel(path, index=False)
    out, report = _classify(path, districts)
    assert list(out["located_district"]) == ["Định Hóa", "Sông Công"]
    assert list(out["fit"]) == ["priority", "priority"]


def test_geojson_points_and_park_outline(tmp_path, inside, districts):
    lon, lat = inside["Phú Bình"]
    outline = shapely.Point(lon, lat).buffer(0.01)  # ~ a 1 km radius park
    gdf = gpd.GeoDataFrame(
        {"name": ["Park", "Point"], "sector": ["electronics", "mining"]},
        geometry=[outline, shapely.Point(*inside["Võ Nhai"])],
        crs=4326,
    )
    path = tmp_path / "parks.geojson"
    gdf.to_file(path)
    out, report = _classify(path, districts)
    assert list(out["located_district"]) == ["Phú Bình", "Võ Nhai"]
    area_m2 = gpd.GeoSeries([outline], crs=4326).to_crs(9213).area[0]
    assert out.loc[0, "area_ha_geom"] == pytest.approx(area_m2 / 1e4, rel=1e-3)
    assert outline.contains(out.geometry[0])
    assert report.zones["south"].area_ha == pytest.approx(area_m2 / 1e4, rel=1e-3)


def test_geopackage_in_vn2000_and_shapefile(tmp_path, inside, districts):
    gdf = gpd.GeoDataFrame({"ten": ["X"]}, geometry=[shapely.Point(*inside["Thái Nguyên"])], crs=4326)
    gpkg = tmp_path / "sites.gpkg"
    gdf.to_crs(9213).to_file(gpkg)
    shp = tmp_path / "sites.shp"
    gdf.to_file(shp)
    for path in (gpkg, shp):
        out, _ = _classify(path, districts)
        assert out.loc[0, "located_district"] == "Thái Nguyên", path.suffix


def test_vn2000_tm3_survey_table_with_x_as_northing(tmp_path, inside, districts):
    to_tm3 = Transformer.from_crs(4326, 9213, always_xy=True)
    rows = []
    for name in ("Đồng Hỷ", "Phổ Yên"):
        easting, northing = to_tm3.transform(*inside[name])
        # Vietnamese survey convention: X = northing, Y = easting
        rows.append({"Tên": name, "X (m)": f"{northing:.2f}", "Y (m)": f"{easting:.2f}"})
    path = tmp_path / "khao_sat.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    out, _ = _classify(path, districts, crs="VN-2000 TM-3 106-30")
    assert list(out["located_district"]) == ["Đồng Hỷ", "Phổ Yên"]
    assert "northing" in out.loc[0, "note"]
    # and the same file with the order stated
    out, _ = _classify(path, districts, crs="9213", xy_order="ne")
    assert list(out["located_district"]) == ["Đồng Hỷ", "Phổ Yên"]


def test_utm48n_easting_northing(tmp_path, inside, districts):
    to_utm = Transformer.from_crs(4326, 3405, always_xy=True)
    easting, northing = to_utm.transform(*inside["Đại Từ"])
    path = tmp_path / "utm.csv"
    path.write_text(f"name,x,y\nA,{easting:.1f},{northing:.1f}\n", encoding="utf-8")
    out, _ = _classify(path, districts, crs="VN-2000 UTM 48N")
    assert out.loc[0, "located_district"] == "Đại Từ"


def test_swapped_outside_and_broken_rows_are_accounted_for(tmp_path, inside, districts):
    lon, lat = inside["Phú Lương"]
    path = tmp_path / "mixed.csv"
    path.write_text(
        "name,lat,lon,district\n"
        f"swapped,{lon},{lat},Phú Lương\n"
        f"hanoi,{HANOI[1]},{HANOI[0]},\n"
        f"text,abc,{lon},\n"
        "empty,,,\n"
        f"half,{lat},,\n"
        f"wrong district,{lat},{lon},Võ Nhai\n"
        f"far away,95.0,{lon},\n",
        encoding="utf-8",
    )
    out, report = _classify(path, districts)
    assert len(out) == 7 and report.rows_in == 7 == report.located + report.rejected
    by_name = out.set_index("name")
    assert by_name.loc["swapped", "located_district"] == "Phú Lương"
    assert by_name.loc["swapped", "note"] == "latlon_swapped"
    assert by_name.loc["hanoi", "reason"] == "outside_province"
    assert by_name.loc["hanoi", "zone"] == ""
    assert (by_name.loc["text", "reason"], by_name.loc["text", "reason_column"]) == ("not_a_number", "lat")
    assert by_name.loc["empty", "reason"] == "no_coordinates"
    assert (by_name.loc["half", "reason"], by_name.loc["half", "reason_column"]) == ("no_value", "lon")
    assert by_name.loc["far away", "reason"] == "out_of_range"
    assert bool(by_name.loc["wrong district", "district_mismatch"]) is True
    assert bool(by_name.loc["swapped", "district_mismatch"]) is False
    assert report.swapped_fixed == 1 and report.district_mismatch == 1
    first = [(e.row, e.reason, e.column, e.value) for e in report.rejected_examples[:2]]
    # the row in Hà Nội names the province it lies in today, for the report to say so
    assert first == [(2, "outside_province", "", "Hà Nội"), (3, "not_a_number", "lat", "abc")]
    assert report.rejected_by_reason == {
        "no_coordinates": 1, "no_value": 1, "not_a_number": 1, "out_of_range": 1, "outside_province": 1,
    }


def test_rows_without_coordinates_placed_only_when_the_file_says_approximate(tmp_path, districts):
    path = tmp_path / "parks.csv"
    path.write_text(
        "name,district,commune,lat,lon,location_precision\n"
        "KCN A,Thành phố Sông Công,,,,district\n"
        "KCN B,Thành phố Phổ Yên và Huyện Phú Bình,,,,district\n"
        "KCN C,Huyện Phú Bình,,,,\n"
        "KCN D,Huyện Phú Bình,Điềm Thụy,,,commune\n"
        "KCN E,Huyện Phú Bình,Không Có Xã Này,,,commune\n",
        encoding="utf-8",
    )
    out, report = _classify(path, districts)
    assert list(out["status"]) == ["located", "located", "rejected", "located", "located"]
    assert out.loc[0, "located_district"] == "Sông Công" and out.loc[0, "location_precision"] == "district"
    # named in two districts: placed inside their union, and called by the district that holds the point
    boundaries = read_boundaries()[0].set_index("name").geometry
    union = shapely.union_all([boundaries["Phổ Yên"], boundaries["Phú Bình"]])
    assert union.contains(out.geometry[1])
    holder = next(name for name, g in boundaries.items() if g.contains(out.geometry[1]))
    assert out.loc[1, "located_district"] == holder
    assert out.loc[1, "placed_at"] == "Phổ Yên + Phú Bình"
    assert out.loc[2, "reason"] == "no_coordinates"  # the file says nothing about precision: not guessed
    # a named commune gives the commune's point, inside its district, away from the district's centre
    assert out.loc[3, "location_precision"] == "commune"
    assert out.loc[3, "located_district"] == "Phú Bình" and out.loc[3, "placed_at"] == "Xã Điềm Thụy"
    assert out.geometry[3].distance(out.geometry[4]) > 0.01  # ~1 km
    # an unknown commune falls back to the district
    assert out.loc[4, "location_precision"] == "district" and out.loc[4, "placed_at"] == "Phú Bình"
    assert report.approximate == 4


def test_file_level_problems_are_one_clear_error(tmp_path):
    path = tmp_path / "nocoords.csv"
    path.write_text("name,sector\nA,mining\n", encoding="utf-8")
    with pytest.raises(TnMapError, match=r"nocoords\.csv: no coordinate columns found") as caught:
        tn_map.read_sites(path)
    assert caught.value.param == "lat" and "--" not in str(caught.value)  # the library names no flags
    projected = tmp_path / "projected.csv"
    projected.write_text("name,x,y\nA,2385000,445000\n", encoding="utf-8")
    with pytest.raises(TnMapError, match="no CRS was given") as caught:
        tn_map.classify_sites(tn_map.read_sites(projected))
    assert caught.value.param == "crs"
    with pytest.raises(tn_map.ParameterError, match="unknown CRS 'EPSG:99999999'") as caught:
        tn_map.read_sites(projected, crs="EPSG:99999999")
    assert caught.value.param == "crs" and "--crs" not in str(caught.value)
    with pytest.raises(tn_map.ParameterError, match="give the longitude and the latitude column together") as caught:
        tn_map.read_sites(path, lat="nope")
    assert caught.value.param == "lon" and "--" not in str(caught.value)
    with pytest.raises(ValueError):  # TnMapError is a ValueError
        tn_map.read_sites(path, lat="nope", lon="name")
    doc = tmp_path / "x.doc"
    doc.write_text("x", encoding="utf-8")
    with pytest.raises(TnMapError, match="unsupported file type .doc"):
        tn_map.read_sites(doc)


def test_sample_sites_file(districts):
    sites = tn_map.read_sites(tn_map._resources.data_path("sample_sites.csv"))
    classified = tn_map.classify_sites(sites, districts)
    out, report = classified.frame, classified.report
    assert report.rows_in == len(out) == report.located
    parks = out[out["name"].str.startswith("KCN")]
    assert len(parks) == 9 and set(parks["zone"]) == {"south"}  # the reference says: all in the South
    illustrative = out[out["illustrative"] == "yes"]
    assert illustrative["name"].str.contains("minh họa").all()
    assert {"west", "east"} <= set(illustrative["zone"])
    yen_binh = out.set_index("name").loc["KCN Yên Bình"]
    assert yen_binh["fit"] == "priority" and "electronics" in yen_binh["sectors"].split("; ")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".geojson", ".gpkg"])
def test_cli_classify_writes_every_row(tmp_path, inside, suffix):
    src = tmp_path / "in.csv"
    lon, lat = inside["Đồng Hỷ"]
    src.write_text(f"name,sector,lat,lon\nA,mining,{lat},{lon}\nB,mining,{HANOI[1]},{HANOI[0]}\nC,mining,x,y\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = run_cli("sites", "classify", str(src), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["rows_in"], report["located"], report["rejected"]) == (3, 1, 2)
    text = run_cli("sites", "classify", str(src), "-o", str(out), "--lang", "en").stdout
    assert "row 2: outside the province" in text and "row 3: not a number in column 'lon': 'y'" in text
    table = pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out) if suffix == ".xlsx" else gpd.read_file(out)
    assert list(table["name"]) == ["A", "B", "C"]
    # keys for programs, with the words for people beside them
    assert list(table["status"]) == ["located", "rejected", "rejected"]
    assert table["zone"].iloc[0] == "east" and table["zone_name"].iloc[0] == "East zone"
    # Hà Nội's point lies in Hà Nội: the row says so (today's province, from its outline)
    assert table["reason"].iloc[1] == "outside_province"
    assert table["reason_text"].iloc[1] == "outside the province, in Hà Nội province"
    assert table["reason_text"].iloc[2] == "not a number in column 'lon': 'y'"
    vi = run_cli("sites", "classify", str(src), "-o", str(out), "--lang", "vi").stdout
    assert "dòng 3: không phải số ở cột 'lon': 'y'" in vi and "3 dòng vào → 1 định vị được, 2 bị loại" in vi


def test_cli_classify_summary_and_errors(tmp_path):
    result = run_cli("sites", "classify", "data/sample_sites.csv", "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    rows = sum(1 for _ in csv.DictReader(open("data/sample_sites.csv", encoding="utf-8")))  # counted here, not copied
    assert f"{rows} rows in -> {rows} located, 0 rejected" in result.stdout
    assert "South zone" in result.stdout and "priority_fit" in result.stdout
    bad = run_cli("sites", "classify", "data/sample_sites.csv", "--crs", "not-a-crs", "--lang", "en")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "unknown CRS 'not-a-crs'" in bad.stderr and "(see --crs)" in bad.stderr
    vi = run_cli("sites", "classify", "data/sample_sites.csv", "--crs", "not-a-crs")  # Vietnamese by default
    assert vi.returncode == 2 and "không rõ hệ tọa độ 'not-a-crs'" in vi.stderr and "(xem --crs)" in vi.stderr
    missing = run_cli("sites", "classify", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "nope.csv: không tìm thấy tệp" in missing.stderr


def test_injection_name_is_escaped_in_the_page(tmp_path, inside, districts):
    lon, lat = inside["Phổ Yên"]
    path = tmp_path / "evil.csv"
    path.write_text(
        f'name,sector,<b>col</b>,lat,lon\n"<img src=x onerror=alert(1)>","<script>alert(2)</script>",x,{lat},{lon}\n',
        encoding="utf-8",
    )
    classified = tn_map.classify_sites(tn_map.read_sites(path), districts)
    m = tn_map.build_map(districts, sites=[classified])
    html = tn_map.export.html.render_html(m)
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    # escaped as HTML text (&lt;…&gt;), then as JSON inside the script (& → \u0026)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
