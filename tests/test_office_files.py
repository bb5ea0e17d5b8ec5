"""Site files as offices receive them, made by the tools that make them (tests/fixtures/office/).

The fixtures come from LibreOffice (.xls, .ods, an .xlsx renamed .csv),
GDAL (MapInfo, DXF, WKT CSV, a shapefile without .cpg), ezdxf (DXF blocks),
geopandas (GeoParquet) and the shapes Google Earth and My Maps write (KML,
KMZ): see scripts/make_office_fixtures.py.  Every expectation is computed
here from the known positions of the sites: the district by shapely on the
bundled boundary file read as plain JSON, the zone from the Decision's list
of districts, areas on the WGS 84 ellipsoid with pyproj.Geod.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, shape

from tests.conftest import ROOT, run_cli
from tn_map.pipeline import classify_sites, read_sites

OFFICE = ROOT / "tests" / "fixtures" / "office"

# The Decision's zones (2031/QĐ-UBND): the fact the zone of a site follows from.
ZONE_OF = {"Thái Nguyên": "south", "Sông Công": "south", "Phổ Yên": "south", "Phú Bình": "south",
           "Định Hóa": "west", "Phú Lương": "west", "Đại Từ": "west", "Võ Nhai": "east", "Đồng Hỷ": "east"}

# The sites the fixtures hold (name, WGS 84 lon/lat), as scripts/make_office_fixtures.py wrote them.
POINTS = {
    "Xưởng linh kiện điện tử Quyết Thắng": (105.7810, 21.5777),
    "Xưởng chè La Bằng": (105.6120, 21.6032),
    "Mỏ đá Võ Nhai": (105.9849, 21.7856),
    "Cụm công nghiệp hỗ trợ Phổ Yên": (105.7567, 21.4520),
    "PCB plant Phú Bình": (105.9624, 21.4926),
}


def _box(lon, lat, dlon, dlat):
    return Polygon([(lon - dlon, lat - dlat), (lon + dlon, lat - dlat), (lon + dlon, lat + dlat), (lon - dlon, lat + dlat)])


OUTLINES = {
    "KCN Sông Công II (mở rộng)": Polygon(_box(105.8232, 21.4961, 0.004, 0.0035).exterior.coords,
                                          [_box(105.8232, 21.4961, 0.001, 0.001).exterior.coords]),
    "Cụm chế biến nông sản Đồng Hỷ": MultiPolygon([_box(105.8958, 21.6858, 0.002, 0.002), _box(105.9000, 21.6900, 0.0015, 0.001)]),
}
GEOD = Geod(ellps="WGS84")


def geodesic_ha(geom) -> float:
    """Hectares on the WGS 84 ellipsoid: each outer ring's area less its holes' (ring orientation aside)."""
    ring = lambda r: abs(GEOD.polygon_area_perimeter(*r.xy)[0])  # noqa: E731
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    return sum(ring(p.exterior) - sum(ring(h) for h in p.interiors) for p in parts) / 10_000


_BOUNDARIES = [(f["properties"]["name"], shape(f["geometry"]))
               for f in json.loads((ROOT / "data" / "boundaries.geojson").read_text(encoding="utf-8"))["features"]]


def district_of(geom) -> str:
    point = geom if isinstance(geom, Point) else geom.representative_point()
    found = [name for name, polygon in _BOUNDARIES if polygon.contains(point)]
    assert len(found) == 1, found
    return found[0]


def classify(name: str, districts, **options):
    return classify_sites(read_sites(OFFICE / name, **options), districts)


def rows_by_name(classified, column: str) -> dict[str, pd.Series]:
    return {unicodedata.normalize("NFC", str(row[column])): row for _, row in classified.frame.iterrows()}


POINT_FILES = [
    ("sites_wgs84_libreoffice.xls", {}, "Tên địa điểm"),
    ("sites_wgs84_libreoffice.ods", {}, "Tên địa điểm"),
    ("sites_wgs84.tab", {}, "Ten_dia_diem"),
    ("sites_vn2000.mif", {}, "Ten_dia_diem"),
    ("sites_vn2000.parquet", {}, "Tên địa điểm"),
    ("sites_wgs84.parquet", {}, "Tên địa điểm"),
    ("sites_wkt_wgs84.csv", {}, "Tên địa điểm"),
    ("sites_utf8_no_cpg.shp", {}, "TEN"),
    ("my_maps_sites.kmz", {}, "name"),
    ("google_earth_sites.kml", {}, "name"),
    ("survey_vn2000_libreoffice.xls", {"crs": "VN-2000 TM-3 106-30"}, "Tên địa điểm"),
    ("survey_blocks_ezdxf.dxf", {"crs": "VN-2000 TM-3 106-30"}, "TEN"),
]


@pytest.mark.parametrize("name, options, name_column", POINT_FILES, ids=[p[0] for p in POINT_FILES])
def test_points_land_in_their_true_district_and_zone(name, options, name_column, districts):
    classified = classify(name, districts, **options)
    frame = classified.frame
    assert classified.roles.name == name_column  # "Tên địa điểm", ASCII field names, KML <name>, DXF attribute TEN
    rows = rows_by_name(classified, name_column)
    points = {n: p for n, p in POINTS.items() if n in rows}
    assert len(points) >= 3, sorted(rows)  # names read whole, in NFC: no mojibake
    for site, (lon, lat) in points.items():
        row = rows[site]
        truth = district_of(Point(lon, lat))
        assert row["status"] == "located", (site, row["reason"])
        assert row["located_district"] == truth
        assert row["zone"] == ZONE_OF[truth]
        if row["note"] != "degrees_in_xy":  # that row is VN-2000 degrees (the next test)
            assert GEOD.inv(lon, lat, row.geometry.x, row.geometry.y)[2] < 2.0  # metres: read, not guessed
    assert list(frame["input_row"]) == list(range(1, len(frame) + 1))  # every feature comes out, in order


def test_the_survey_tables_dms_row_is_read_on_the_vn2000_datum(districts):
    classified = classify("survey_vn2000_libreoffice.xls", districts, crs="VN-2000 TM-3 106-30")
    row = rows_by_name(classified, "Tên địa điểm")["Cụm công nghiệp hỗ trợ Phổ Yên"]
    assert row["note"] == "degrees_in_xy"
    lon, lat = POINTS["Cụm công nghiệp hỗ trợ Phổ Yên"]
    # the DMS typed into the X/Y cells are VN-2000 degrees: converted by pyproj here, independently
    vlon, vlat = Transformer.from_crs("EPSG:4756", "EPSG:4326", always_xy=True).transform(lon, lat)
    assert GEOD.inv(vlon, vlat, row.geometry.x, row.geometry.y)[2] < 1.0
    assert row["located_district"] == district_of(Point(lon, lat)) == "Phổ Yên"


POLYGON_FILES = [
    ("outlines_vn2000.mif", {}, "Ten_dia_diem"),
    ("outlines_wgs84.tab", {}, "Ten_dia_diem"),
    ("outlines_wgs84.parquet", {}, "Tên địa điểm"),
    ("outlines_wkt_vn2000_libreoffice.xls", {"crs": "VN-2000 TM-3 106-30"}, "Tên địa điểm"),
    ("outlines_vn2000.parquet", {}, "Tên địa điểm"),
    ("outlines_wkt_vn2000.csv", {"crs": 9213}, "Tên địa điểm"),
    ("google_earth_sites.kml", {}, "name"),
    ("my_maps_sites.kmz", {}, "name"),
]


@pytest.mark.parametrize("name, options, name_column", POLYGON_FILES, ids=[p[0] for p in POLYGON_FILES])
def test_outlines_with_a_hole_or_two_parts_give_their_geodesic_area(name, options, name_column, districts):
    rows = rows_by_name(classify(name, districts, **options), name_column)
    for site, outline in OUTLINES.items():
        row = rows[site]
        truth = district_of(outline)
        assert (row["status"], row["located_district"], row["zone"]) == ("located", truth, ZONE_OF[truth])
        assert row["area_ha_geom"] == pytest.approx(geodesic_ha(outline), rel=0.005)
    # the hole is left out: the outline with a hole is smaller than its outer ring
    assert rows["KCN Sông Công II (mở rộng)"]["area_ha_geom"] < geodesic_ha(Polygon(OUTLINES["KCN Sông Công II (mở rộng)"].exterior)) - 4


def test_dxf_closed_polyline_is_an_outline_and_text_is_left_out_with_a_note(districts):
    classified = classify("survey_blocks_ezdxf.dxf", districts, crs=9213)
    frame = classified.frame
    outline = _box(105.8232, 21.4961, 0.004, 0.0035)
    polygons = frame[frame["note"] == "outline_point"]
    assert len(polygons) == 1
    assert polygons["area_ha_geom"].iloc[0] == pytest.approx(geodesic_ha(outline), rel=0.005)
    assert polygons["located_district"].iloc[0] == district_of(outline)
    notes = [n.text("en") for n in classified.notes]
    assert any("left out: Text 1" in n for n in notes), notes
    assert set(frame["NGANH"].dropna()) == {"điện tử", "chế biến chè", "khai khoáng"}  # block attributes as columns


def test_kml_folders_become_a_column_and_descriptions_give_the_sector(districts):
    classified = classify("google_earth_sites.kml", districts)
    rows = rows_by_name(classified, "name")
    assert rows["PCB plant Phú Bình"]["folder"] == "Khu vực phía Nam / Điện tử"
    assert rows["Xưởng chè La Bằng"]["folder"] == "Khu vực phía Tây và Đông"
    assert "<" not in rows["Mỏ đá Võ Nhai"]["description"]  # HTML turned into text
    assert rows["Mỏ đá Võ Nhai"]["sectors"] == "mining"  # "Ngành nghề: khai khoáng" in the description
    assert rows["Xưởng chè La Bằng"]["sectors"] == "agro_processing"  # not "electrical" from "Diện tích"


def test_my_maps_extended_data_keeps_its_vietnamese_names(districts):
    classified = classify("my_maps_sites.kmz", districts)
    assert classified.roles.sector == "Ngành" and classified.roles.area_ha == "Diện tích (ha)"
    rows = rows_by_name(classified, "name")
    assert rows["PCB plant Phú Bình"]["sectors"] == "electronics"
    assert rows["PCB plant Phú Bình"]["fit"] == "priority"
    assert rows["Cụm công nghiệp hỗ trợ Phổ Yên"]["fit"] != "unknown"


def test_vn2000_without_a_crs_gets_the_same_hint_as_a_csv():
    for name in ("survey_points_gdal.dxf", "outlines_wkt_vn2000.csv"):
        result = run_cli("sites", "classify", str(OFFICE / name), "--lang", "en", "-o", "/tmp/never-written.csv")
        assert result.returncode == 2, result.stderr
        error = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(error) == 1 and "Traceback" not in result.stderr
        assert "declares no CRS" in error[0] and "VN-2000 TM-3 106-30" in error[0] and "--crs" in error[0]
        assert name in error[0]


def test_a_dxf_in_degrees_is_read_as_wgs84_and_each_part_is_an_outline(districts):
    classified = classify("sites_degrees_gdal.dxf", districts)
    frame = classified.frame
    assert any(n.key == "crs_default" for n in classified.notes)
    points = frame[frame["note"] == ""]
    assert sorted(points["located_district"]) == sorted(district_of(Point(*p)) for p in POINTS.values())
    outlines = frame[frame["note"] == "outline_point"]
    # GDAL's DXF writer draws each part of a multipolygon as its own closed polyline
    assert len(outlines) == 3
    by_district = outlines.groupby("located_district")["area_ha_geom"].sum()
    for outline in OUTLINES.values():
        assert by_district[district_of(outline)] == pytest.approx(geodesic_ha(outline), rel=0.005)


def test_gdal_dxf_points_in_vn2000_with_crs(districts):
    classified = classify("survey_points_gdal.dxf", districts, crs="VN-2000 TM-3 106-30")
    got = sorted(classified.frame["located_district"])
    assert got == sorted(district_of(Point(*p)) for p in POINTS.values())


def test_a_shapefile_without_cpg_is_decoded_from_its_bytes(districts):
    table = read_sites(OFFICE / "sites_utf8_no_cpg.shp")
    assert set(table.frame["TEN"]) == set(POINTS)
    assert any(n.key == "dbf_encoding" and dict(n.values)["encoding"] == "UTF-8" for n in table.notes)


def test_an_xlsx_named_csv_is_said_to_be_a_workbook(tmp_path):
    result = run_cli("sites", "classify", str(OFFICE / "xlsx_named_csv.csv"), "-o", str(tmp_path / "o.csv"), "--lang", "en")
    assert result.returncode == 2
    assert "this is a spreadsheet workbook" in result.stderr and "columns would shift" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


# --------------------------------------------------------------------------- cells, links, addresses


def _write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_google_maps_links_and_one_cell_coordinates(tmp_path, districts):
    csv = _write_csv(tmp_path / "links.csv", (
        "Tên địa điểm,Ngành nghề,Link\n"
        "A,điện tử,\"https://www.google.com/maps?q=21.5777,105.7810\"\n"
        "B,chè,\"https://www.google.com/maps/@21.6032,105.6120,17z\"\n"
        "C,khai khoáng,\"https://www.google.com/maps/place/M%E1%BB%8F+%C4%91%C3%A1/@21.79,105.98,15z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d21.7856!4d105.9849\"\n"
        "D,cơ khí,https://maps.app.goo.gl/AbCdEfGh12345\n"
        "E,cơ khí,https://goo.gl/maps/xyz123\n"
    ))
    classified = classify_sites(read_sites(csv), districts)
    rows = rows_by_name(classified, "Tên địa điểm")
    for site, truth in (("A", "Xưởng linh kiện điện tử Quyết Thắng"), ("B", "Xưởng chè La Bằng"), ("C", "Mỏ đá Võ Nhai")):
        lon, lat = POINTS[truth]
        assert rows[site]["status"] == "located"
        assert GEOD.inv(lon, lat, rows[site].geometry.x, rows[site].geometry.y)[2] < 1.0  # C: the place's !3d!4d, not the view
    for short in ("D", "E"):
        assert (rows[short]["reason"], rows[short]["reason_column"]) == ("link_no_coordinates", "Link")


def test_short_links_exit_0_with_their_reason_and_no_network(tmp_path):
    csv = _write_csv(tmp_path / "short.csv", "Tên,Ngành nghề,Google Maps\nA,điện tử,https://maps.app.goo.gl/AbCdEf\n"
                                             "B,điện tử,\"21.5777, 105.7810\"\n")
    out = tmp_path / "out.csv"
    result = run_cli("sites", "classify", str(csv), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(written["reason"]) == ["link_no_coordinates", ""]
    assert "carries no coordinates" in written["reason_text"][0]


def test_one_cell_coordinates_in_several_forms(tmp_path, districts):
    lon, lat = POINTS["Xưởng linh kiện điện tử Quyết Thắng"]
    csv = _write_csv(tmp_path / "cells.csv", (
        "Tên,Tọa độ\n"
        f"a,N{lat} E{lon}\n"
        f"b,\"({lat}, {lon})\"\n"
        f"c,E{lon} N{lat}\n"
        f"d,\"[{lat}; {lon}]\"\n"
    ))
    frame = classify_sites(read_sites(csv), districts).frame
    assert list(frame["status"]) == ["located"] * 4
    for geom in frame.geometry:
        assert GEOD.inv(lon, lat, geom.x, geom.y)[2] < 0.5


def test_a_vi_tri_google_maps_column_in_xlsx_is_positions_not_an_address(tmp_path, districts):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tên địa điểm", "Ngành nghề", "Vị trí (Google Maps)"])
    sheet.append(["A", "điện tử", "21.5777, 105.7810"])
    sheet.append(["B", "chè", "https://www.google.com/maps?q=21.6032,105.6120"])  # a cell: its commas are no separators
    book.save(tmp_path / "vitri.xlsx")
    classified = classify_sites(read_sites(tmp_path / "vitri.xlsx"), districts)
    assert classified.roles.address is None
    assert list(classified.frame["located_district"]) == [district_of(Point(*POINTS["Xưởng linh kiện điện tử Quyết Thắng"])),
                                                         district_of(Point(*POINTS["Xưởng chè La Bằng"]))]


def test_addresses_with_t_province_old_marks_and_one_zone_names(tmp_path, districts):
    csv = _write_csv(tmp_path / "addr.csv", (
        "Tên địa điểm,Ngành nghề,Địa chỉ\n"
        "A,điện tử,\"xã Tân Cương, TP. Thái Nguyên, T. Thái Nguyên\"\n"
        "B,điện tử,\"xã Tân Cương, TP. Thái Nguyên (cũ)\"\n"
        "C,điện tử,\"Xã Tân Cương, TP Thái Nguyên cũ, T. Thái Nguyên\"\n"
        "D,cơ khí,Phổ Yên\n"
        "E,chè,Đại Từ\n"
    ))
    frame = classify_sites(read_sites(csv), districts).frame.set_index("Tên địa điểm")
    # Tân Cương is a commune of old TP Thái Nguyên (South)
    for site in "ABC":
        assert (frame.at[site, "status"], frame.at[site, "located_district"], frame.at[site, "zone"]) == \
            ("located", "Thái Nguyên", "south")
        assert frame.at[site, "location_precision"] == "commune"
    for site, district in (("D", "Phổ Yên"), ("E", "Đại Từ")):
        assert frame.at[site, "status"] == "located"
        assert frame.at[site, "note"] == "one_zone"
        assert frame.at[site, "location_precision"] == "district"
        assert (frame.at[site, "located_district"], frame.at[site, "zone"]) == (district, ZONE_OF[district])


def test_column_roles_and_sector_words():
    from tn_map.join.sectors import sector_clusters
    from tn_map.load.columns import detect_roles

    roles = detect_roles(["Tên địa điểm", "Land (ha)", "Địa điểm", "Kinh độ", "Vĩ độ"])
    assert (roles.name, roles.area_ha, roles.address) == ("Tên địa điểm", "Land (ha)", "Địa điểm")
    assert sector_clusters("Printed circuit boards") == ("electronics",)
    assert sector_clusters("Công nghiệp hỗ trợ") == ("supporting_industry",)
    assert "electronics" in sector_clusters("Công nghiệp hỗ trợ điện tử")


# --------------------------------------------------------------------------- crashes and messages


def test_a_cell_over_128_kb_is_read(tmp_path):
    big = "x" * 200_000
    csv = _write_csv(tmp_path / "big.csv", f"name,sector,lon,lat,remark\nA,điện tử,105.7810,21.5777,{big}\n")
    out = tmp_path / "out.csv"
    result = run_cli("sites", "classify", str(csv), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert pd.read_csv(out, dtype=str)["remark"].iloc[0] == big


def test_output_under_a_file_and_a_wrong_extension_are_refused_before_reading(tmp_path):
    blocker = tmp_path / "a_file.txt"
    blocker.write_text("x")
    missing_input = tmp_path / "not_there.csv"  # the output is judged first: the input is never opened
    result = run_cli("sites", "classify", str(missing_input), "-o", str(blocker / "out.csv"), "--lang", "en")
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("sites", "classify", str(missing_input), "-o", str(tmp_path / "out.docx"), "--lang", "en")
    assert result.returncode == 2 and "unsupported output type .docx" in result.stderr
    assert "file not found" not in result.stderr


def test_each_sites_file_has_its_own_crs(tmp_path):
    wgs = _write_csv(tmp_path / "wgs.csv", "name,sector,lon,lat\nA,điện tử,105.7810,21.5777\n")
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:9213", always_xy=True).transform(*POINTS["Mỏ đá Võ Nhai"])
    vn = _write_csv(tmp_path / "vn.csv", f"Tên,Ngành nghề,X (m),Y (m)\nMỏ đá,khai khoáng,{n:.2f},{e:.2f}\n")
    result = run_cli("build", "-o", str(tmp_path / "map.html"), "--basemap", "none", "--no-parks", "--lang", "en",
                     "--sites", str(wgs), "--sites", str(vn), "--crs", "VN-2000 TM-3 106-30", "--xy-order", "ne")
    assert result.returncode == 0, result.stderr
    assert f"{wgs}: 1 of 1 sites on the map" in result.stderr and f"{vn}: 1 of 1 sites on the map" in result.stderr
    # given before the first --sites, the CRS applies to every file (the WGS 84 list then stops, saying why)
    result = run_cli("build", "-o", str(tmp_path / "map2.html"), "--basemap", "none", "--no-parks", "--lang", "en",
                     "--crs", "VN-2000 TM-3 106-30", "--sites", str(wgs), "--sites", str(vn))
    assert result.returncode == 2 and "hold degrees" in result.stderr


# --------------------------------------------------------------------------- writing KML, KMZ and styled GeoPackages


def test_sites_as_kml_and_kmz_reread_by_gdal(tmp_path):
    source = OFFICE / "my_maps_sites.kmz"
    for suffix in (".kml", ".kmz"):
        out = tmp_path / f"sites{suffix}"
        result = run_cli("sites", "classify", str(source), "-o", str(out), "--lang", "en")
        assert result.returncode == 0, result.stderr
        layers = [str(name) for name, _ in pyogrio.list_layers(out)]
        assert layers == ["South zone", "West zone", "East zone"]
        frames = {layer: gpd.read_file(out, layer=layer) for layer in layers}
        assert sum(len(f) for f in frames.values()) == 7  # every placemark written back
        south = frames["South zone"]
        assert set(south["zone"]) == {"south"}
        assert "PCB plant Phú Bình" in set(south["Name"])
        # popup fields travel as ExtendedData: the fit and the file's own sector
        pcb = south[south["Name"] == "PCB plant Phú Bình"].iloc[0]
        assert pcb["fit"] == "priority" and pcb["sectors"] == "electronics"
        polygons = pd.concat(frames.values())
        assert polygons.geometry.geom_type.isin(["Point"]).all()  # sites are their located points
    data = (tmp_path / "sites.kml").read_bytes()
    root = ET.fromstring(data)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    colours = {s.get("id"): s.find("k:IconStyle/k:color", ns).text for s in root.iter("{http://www.opengis.net/kml/2.2}Style")}
    assert colours["zone-south"] == "ff005ed5"  # #D55E00 as KML's aabbggrr
    with zipfile.ZipFile(tmp_path / "sites.kmz") as kmz:
        assert kmz.namelist() == ["doc.kml"] and kmz.read("doc.kml") == data
    again = tmp_path / "again.kmz"
    run_cli("sites", "classify", str(source), "-o", str(again), "--lang", "en")
    assert again.read_bytes() == (tmp_path / "sites.kmz").read_bytes()


def test_rejected_rows_are_kept_in_the_kml(tmp_path):
    csv = _write_csv(tmp_path / "short.csv", "Tên,Google Maps\nA,https://maps.app.goo.gl/AbCdEf\nB,\"21.5777, 105.7810\"\n")
    out = tmp_path / "out.kml"
    assert run_cli("sites", "classify", str(csv), "-o", str(out), "--lang", "en").returncode == 0
    layers = [str(name) for name, _ in pyogrio.list_layers(out)]
    assert layers == ["South zone", "Not located (see the reason)"]
    rejected = gpd.read_file(out, layer=layers[1])
    assert list(rejected["reason"]) == ["link_no_coordinates"]


def _style(path: Path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles").fetchall()


def test_geopackages_carry_their_qgis_style(tmp_path):
    sites = tmp_path / "sites.gpkg"
    assert run_cli("sites", "classify", str(OFFICE / "sites_wgs84.parquet"), "-o", str(sites), "--lang", "en").returncode == 0
    districts = tmp_path / "districts.gpkg"
    assert run_cli("export", "-o", str(districts), "--lang", "en").returncode == 0
    for path, layer, attribute, label, kind in ((sites, "sites", "zone", "Tên địa điểm", "marker"),
                                                 (districts, "districts", "zone_key", "name", "fill")):
        [(table, geometry, default, qml)] = _style(path)
        assert (table, default) == (layer, 1)
        assert geometry == pyogrio.read_info(path, layer=layer)["geometry_name"]
        root = ET.fromstring(qml.split("\n", 1)[1])
        renderer = root.find("renderer-v2")
        assert renderer.get("attr") == attribute
        categories = {c.get("value"): c.get("label") for c in renderer.iter("category")}
        assert categories["south"] == "South zone"
        symbol = renderer.find("symbols/symbol[@name='0']")
        assert symbol.get("type") == kind
        colour = symbol.find("layer/Option/Option[@name='color']").get("value")
        assert colour.startswith("213,94,0")  # #D55E00, the South's colour on the map
        assert root.find("labeling/settings/text-style").get("fieldName") == label
        # every row of the 5-row parquet; every one of the Decision's 9 districts
        assert len(gpd.read_file(path, layer=layer)) == {"sites": len(pd.read_parquet(OFFICE / "sites_wgs84.parquet")),
                                                         "districts": 9}[layer]
    again = tmp_path / "again.gpkg"
    run_cli("export", "-o", str(again), "--lang", "en")
    assert again.read_bytes() == districts.read_bytes()


def test_districts_as_kml(tmp_path):
    out = tmp_path / "districts.kmz"
    assert run_cli("export", "-o", str(out), "--lang", "en").returncode == 0
    frames = [gpd.read_file(out, layer=str(name)) for name, _ in pyogrio.list_layers(out)]
    table = pd.concat(frames)
    assert len(table) == 9 and set(table.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert {r["Name"]: r["zone_key"] for _, r in table.iterrows()} == ZONE_OF


def test_every_assumption_of_the_new_readers_is_a_note(districts):
    def notes(name, **options):
        return " | ".join(n.text("en") for n in read_sites(OFFICE / name, **options).notes)

    # MapInfo writes VN-2000 as datum 9999 with seven parameters: no EPSG code, but the same positions
    assert "VN-2000 / TM-3 106-30 (EPSG:9213)" in notes("outlines_vn2000.mif")
    assert "WGS 84 (EPSG:4326)" in notes("sites_wgs84.parquet")
    assert "Excel 97-2003" in notes("sites_wgs84_libreoffice.xls") and "OpenDocument" in notes("sites_wgs84_libreoffice.ods")
    kml = notes("google_earth_sites.kml")
    assert "LIBKML" in kml and "'Khu vực phía Nam / Điện tử'" in kml and "WGS 84" in kml
    dxf = notes("survey_blocks_ezdxf.dxf", crs=9213)
    assert "UTF-8" in dxf and "stores no CRS" in dxf
    assert "column 'WKT' read as WKT geometry" in notes("sites_wkt_wgs84.csv")


@pytest.mark.parametrize("suffix", [".kml", ".kmz", ".xls", ".ods", ".parquet", ".dxf", ".tab"])
def test_a_broken_file_is_one_line_and_exit_2(tmp_path, suffix):
    path = tmp_path / f"broken{suffix}"
    path.write_text("not a real file\n")
    result = run_cli("sites", "classify", str(path), "-o", str(tmp_path / "o.csv"), "--lang", "en")
    errors = [line for line in result.stderr.splitlines() if not line.startswith("tn-map: note")]
    assert result.returncode == 2 and len(errors) == 1 and "Traceback" not in result.stderr
    assert errors[0].startswith(f"tn-map: error: {path}: cannot read as")


def test_every_placemark_comes_out_even_a_line_or_an_empty_one(tmp_path, districts):
    kml = tmp_path / "mixed.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>F</name>'
        "<Placemark><name>road</name><LineString><coordinates>105.78,21.57 105.79,21.58</coordinates></LineString></Placemark>"
        "<Placemark><name>nothing</name></Placemark>"
        "<Placemark><name>site</name><Point><coordinates>105.7810,21.5777,0</coordinates></Point></Placemark>"
        "</Folder></Document></kml>\n", encoding="utf-8")
    frame = classify_sites(read_sites(kml), districts).frame.set_index("name")
    assert list(frame.index) == ["road", "nothing", "site"]
    assert frame.at["road", "reason"] == "not_point_or_polygon"
    assert frame.at["nothing", "reason"] == "no_geometry"
    assert frame.at["site", "located_district"] == district_of(Point(105.7810, 21.5777))


def test_a_website_column_is_no_map_link_and_addresses_still_place_rows(tmp_path, districts):
    csv = _write_csv(tmp_path / "web.csv", (
        "Tên địa điểm,Ngành nghề,Địa chỉ,Website\n"
        "A,điện tử,\"xã Tân Cương, TP Thái Nguyên\",https://www.example.com.vn/gioi-thieu\n"
        "B,cơ khí,Phổ Yên,http://congty-b.vn\n"
        "C,điện tử,,https://www.openstreetmap.org/?mlat=21.5777&mlon=105.7810#map=17/21.5777/105.7810\n"
    ))
    classified = classify_sites(read_sites(csv), districts)
    assert classified.roles.coordinates is None and classified.roles.address == "Địa chỉ"
    assert list(classified.frame["located_district"][:2]) == ["Thái Nguyên", "Phổ Yên"]


def test_wkt_outlines_through_the_streaming_csv_path(tmp_path):
    out = tmp_path / "out.csv"
    result = run_cli("sites", "classify", str(OFFICE / "outlines_wkt_vn2000.csv"), "--crs", "VN-2000 TM-3 106-30",
                     "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out).set_index("Tên địa điểm")
    for site, outline in OUTLINES.items():
        assert written.at[site, "area_ha_geom"] == pytest.approx(geodesic_ha(outline), rel=0.005)
        assert written.at[site, "located_district"] == district_of(outline)
