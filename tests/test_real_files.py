"""Site files as Vietnamese offices really send them (issue 10), read as a user would see the result.

Every input here is made byte for byte the way an office's software writes
it: Windows-1258 text from Python's own codec (tones as combining marks, as
Windows does), Excel's "Unicode Text" (UTF-16 LE with BOM, tabs, CRLF),
workbooks with title rows, merged two-row headers and hidden sheets
(openpyxl), GeoPackages with two layers and shapefiles whose ``.cpg`` says
1258 (pyogrio).  Test points are real places inside real districts: each
district's representative point from the bundled boundaries; Hà Nội is the
point outside.  Expected values are worked out here, never copied from
tn-map's output.

The command line is run in-process (:func:`tn_map.cli.main`) for speed, and
as a real process where the process itself matters.  Each class of failure
the issue lists has its own section below.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import Workbook

import tn_map
from tn_map.cli import main
from tn_map.load import read_boundaries, read_former_bac_kan

from .conftest import run_cli

HANOI = (105.8342, 21.0278)  # Hoàn Kiếm, Hà Nội: outside Thái Nguyên

ZONE_OF = {
    "Thái Nguyên": "south", "Sông Công": "south", "Phổ Yên": "south", "Phú Bình": "south",
    "Định Hóa": "west", "Phú Lương": "west", "Đại Từ": "west",
    "Võ Nhai": "east", "Đồng Hỷ": "east",
}

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """``text`` as Windows writes it in code page 1258.

    Code page 1258 has the base letters with circumflex, breve and horn
    (â, ă, ơ, ư, đ…) but most tone marks only as combining characters, so
    ``ổ`` becomes ``ô`` + U+0309 (byte 0xD2).  Letters the code page has
    precomposed (á, à, ã…) are kept as they are.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", nfd[0] + "".join(m for m in nfd[1:] if m not in _TONES))
        out.append(base + "".join(m for m in nfd[1:] if m in _TONES))
    return "".join(out).encode("cp1258")


def dms(value: float, pos: str, neg: str, *, deg="°", minute="'", second='"', sep="") -> str:
    """Degrees–minutes–seconds text of ``value`` (seconds to 0.1)."""
    hemi = pos if value >= 0 else neg
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 1)
    return f"{d}{deg}{sep}{m}{minute}{sep}{s}{second}{sep}{hemi}"


def cli(capsys, *args) -> tuple[int, str, str]:
    """Run ``tn-map`` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse refusing an option
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(code: int, err: str, lang: str = "vi") -> str:
    """The single error line a user sees, checked: exit 2, one line, no traceback."""
    assert code == 2, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    word = "lỗi" if lang == "vi" else "error"
    assert lines[0].startswith(f"tn-map: {word}: "), lines[0]
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def notes(err: str, path: Path, lang: str = "vi") -> list[str]:
    """The note lines about ``path`` on stderr, without their prefix."""
    prefix = f"tn-map: {'ghi chú' if lang == 'vi' else 'note'}: {path}: "
    return [line[len(prefix):] for line in err.splitlines() if line.startswith(prefix)]


def strict_json(text: str):
    """JSON as a strict parser reads it: ``Infinity``/``NaN`` are errors."""

    def refuse(token):
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def accounted(report: dict | object) -> None:
    get = (lambda k: report[k]) if isinstance(report, dict) else (lambda k: getattr(report, k))
    assert get("rows_in") == get("located") + get("outside_zoning") + get("rejected")


def assert_points(frame, inside, wheres: list[str]) -> None:
    """Each row located at its own coordinates (not at a stand-in point) in the district named."""
    assert list(frame["located_district"]) == wheres, list(frame["reason"])
    assert list(frame["location_precision"]) == ["exact"] * len(wheres)
    for i, where in enumerate(wheres):
        assert frame.geometry.iloc[i].distance(shapely.Point(*inside[where])) < 1e-5, (i, where)


def classify(path, districts, **options):
    """Read and classify with the library: (frame, report, notes of the read and the locating)."""
    result = tn_map.classify_sites(tn_map.read_sites(path, **options), districts)
    accounted(result.report)
    return result.frame, result.report, [n.text("en") for n in result.notes]


@pytest.fixture(scope="module")
def inside():
    """name → (lon, lat) of a point inside each district (rounded to 6 decimals)."""
    pts = read_boundaries()[0].set_index("name").geometry.representative_point()
    return {name: (round(p.x, 6), round(p.y, 6)) for name, p in pts.items()}


@pytest.fixture(scope="module")
def bac_kan():
    """A point in former Bắc Kạn: in today's province, outside the 2030 zones."""
    p = read_former_bac_kan().geometry.representative_point().iloc[0]
    return round(p.x, 6), round(p.y, 6)


@pytest.fixture(scope="module")
def districts():
    return tn_map.load_districts()


# Rows most tests use: (name, investor, stated district, district the point is in)
SITES = [
    ("Nhà máy linh kiện điện tử", "Công ty TNHH Điện tử Phổ Yên", "Thành phố Phổ Yên", "Phổ Yên"),
    ("Xưởng chế biến chè Tân Cương", "HTX Chè Đại Từ", "Huyện Đại Từ", "Đại Từ"),
    ("Khu khai thác khoáng sản", "Công ty CP Khoáng sản Võ Nhai", "Huyện Võ Nhai", "Võ Nhai"),
    ("Cụm công nghiệp Định Hóa", "Ban quản lý dự án", "Huyện Định Hóa", "Định Hóa"),
    ("Kho logistics Đồng Hỷ", "Công ty Cổ phần Vận tải Đồng Hỷ", "Huyện Đồng Hỷ", "Đồng Hỷ"),
]


# ---------------------------------------------------------------------------
# Crashes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["lat ,lon ", "Lat,LON", " lat, lon"], ids=["trailing-space", "case", "leading-space"])
def test_coordinate_headers_repeated_with_a_space_or_case_do_not_crash(tmp_path, capsys, inside, districts, second):
    lon, lat = inside["Phú Lương"]
    path = tmp_path / "gop_hai_bang.csv"
    # a table glued from two sources: the second coordinate pair is empty or junk
    path.write_text(f"Tên,lat,lon,{second}\nMỏ đá Phú Lương,{lat},{lon},,\nMỏ sắt,{lat},{lon},x,y\n", encoding="utf-8")
    frame, report, _ = classify(path, districts)
    assert list(frame["located_district"]) == ["Phú Lương", "Phú Lương"]  # the first pair is the coordinates
    assert report.located == 2
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert code == 0, err
    assert "2 rows in -> 2 located, 0 rejected" in out
    # the renamed column is an assumption the user must be told about
    assert any("lat (2)" in n.lower() and "lon (2)" in n.lower() for n in notes(err, path, "en")), err
    written = pd.read_csv(tmp_path / "o.csv", dtype=str, keep_default_na=False)
    assert written.columns[0] == "input_row"
    assert {"lat", "lon", "lat (2)", "lon (2)"} <= {c.lower() for c in written.columns}


def test_geojson_properties_differing_by_a_trailing_space(tmp_path, inside, districts):
    lon, lat = inside["Sông Công"]
    path = tmp_path / "props.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Tên": "KCN Sông Công II", "lat": lat, "lat ": "", "Huyện": "TP Sông Công"},
         "geometry": {"type": "Point", "coordinates": [lon, lat]}}]}, ensure_ascii=False), encoding="utf-8")
    frame, report, read_notes = classify(path, districts)
    assert frame.loc[0, "located_district"] == "Sông Công" and frame.loc[0, "zone"] == "south"
    assert any("lat (2)" in n for n in read_notes)


def _office_csv(path: Path, inside, bac_kan) -> None:
    """A mixed site list: five districts, Hà Nội, former Bắc Kạn, a junk cell, a row placed by district."""
    rows = [[n, inv, d, "Điện tử; linh kiện" if i == 0 else "chế biến chè" if i == 1 else "khai khoáng",
             f"{inside[where][1]}", f"{inside[where][0]}", "12,5", ""]
            for i, (n, inv, d, where) in enumerate(SITES)]
    rows.append(["Văn phòng Hà Nội", "", "Hà Nội", "dịch vụ", f"{HANOI[1]}", f"{HANOI[0]}", "", ""])
    rows.append(["Mỏ Bắc Kạn", "", "Chợ Đồn", "khai khoáng", f"{bac_kan[1]}", f"{bac_kan[0]}", "", ""])
    rows.append(["Ô sai", "", "Huyện Phú Bình", "cơ khí", "hai mốt", f"{inside['Phú Bình'][0]}", "", ""])
    rows.append(["KCN Điềm Thụy", "", "Huyện Phú Bình", "cơ khí", "", "", "30", "cấp huyện"])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Tên dự án", "Nhà đầu tư", "Huyện", "Ngành nghề", "Vĩ độ", "Kinh độ", "Diện tích (ha)", "Độ chính xác"])
        w.writerows(rows)


EXPECTED_MIXED = {
    "status": ["located"] * 5 + ["rejected", "outside_zoning", "rejected", "located"],
    "located_district": [s[3] for s in SITES] + ["", "", "", "Phú Bình"],
    "zone": [ZONE_OF[s[3]] for s in SITES] + ["", "", "", "south"],
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".geojson", ".gpkg"])
def test_own_output_fed_back_in_is_classified_again(tmp_path, capsys, inside, bac_kan, suffix):
    src = tmp_path / "du_an.csv"
    _office_csv(src, inside, bac_kan)
    first = tmp_path / f"lan1{suffix}"
    code, _, err = cli(capsys, "sites", "classify", src, "-o", first, "--format", "json")
    assert code == 0, err
    second = tmp_path / f"lan2{suffix}"
    code, out, err = cli(capsys, "sites", "classify", first, "-o", second, "--format", "json")
    assert code == 0, err  # was: "cannot insert input_row, already exists"
    assert any("tính lại" in n for n in notes(err, first)), err  # "result columns are computed anew"
    report = strict_json(out)
    accounted(report)
    assert report["rows_in"] == 9
    read = (lambda p: pd.read_csv(p, dtype=str, keep_default_na=False)) if suffix == ".csv" else (
        (lambda p: pd.read_excel(p, dtype=str).fillna("")) if suffix == ".xlsx" else gpd.read_file)
    a, b = read(first), read(second)
    assert len(b) == 9 and list(b["Tên dự án"]) == list(a["Tên dự án"])
    for column, expected in EXPECTED_MIXED.items():
        assert list(a[column].fillna("")) == expected, column
        assert list(b[column].fillna("")) == expected, column
    assert list(b["fit"].fillna("")) == list(a["fit"].fillna(""))
    assert list(b["zone_name"].fillna(""))[:3] == ["Khu vực phía Nam", "Khu vực phía Tây", "Khu vực phía Đông"]
    # no column was doubled or renamed to *_input on the way
    assert not [c for c in b.columns if c.endswith("_input") or c.endswith("(2)")]
    assert sorted(b.columns) == sorted(a.columns)
    # and a third time, through the library
    table = tn_map.read_sites(second)
    assert len(table.frame) == 9


def test_a_folder_given_as_a_file_is_one_error(tmp_path, capsys):
    folder = tmp_path / "du_an.csv"  # a folder, even with a file's name
    folder.mkdir()
    for args in (["sites", "classify", folder, "-o", tmp_path / "o.csv"],
                 ["zones", "--boundaries", folder],
                 ["build", "--sites", folder, "-o", tmp_path / "m.html"]):
        line = one_error_line(*cli(capsys, *args)[::2])
        assert str(folder) in line


def test_boundary_geometry_collection_with_a_stray_line(tmp_path, capsys, inside):
    gdf = read_boundaries()[0]
    i = int(np.flatnonzero(gdf["name"] == "Đồng Hỷ")[0])
    poly = gdf.geometry.iloc[i]
    stray = shapely.LineString([(105.9, 21.7), (105.95, 21.75)])  # a digitising leftover
    gdf.loc[gdf.index[i], "geometry"] = shapely.GeometryCollection([poly, stray])
    path = tmp_path / "ranh_gioi.geojson"
    gdf.to_file(path)
    sites = tmp_path / "s.csv"
    lon, lat = inside["Đồng Hỷ"]
    sites.write_text(f"name,sector,lat,lon\nKho,logistics,{lat},{lon}\n", encoding="utf-8")
    code, out, err = cli(capsys, "sites", "classify", sites, "--boundaries", path, "-o", tmp_path / "o.csv", "--format", "json")
    assert code == 0, err
    assert strict_json(out)["zones"]["east"]["count"] == 1
    said = notes(err, path)
    assert any(f"dòng {i + 1}" in n and "vùng" in n for n in said), err
    districts = tn_map.read_districts(path)
    assert districts.frame.set_index("name").geometry["Đồng Hỷ"].geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize("dpi", ["0", "-5"])
def test_image_dpi_out_of_bounds_is_a_clear_error(tmp_path, capsys, dpi):
    out = tmp_path / "map.png"
    line = one_error_line(*cli(capsys, "image", "-o", out, f"--dpi={dpi}", "--no-context")[::2])
    assert "--dpi" in line and not out.exists()


def test_image_absurd_dpi_is_a_clear_error(tmp_path):
    out = tmp_path / "map.png"
    result = run_cli("image", "-o", str(out), "--dpi", "100000", "--no-context", "--lang", "en")
    line = one_error_line(result.returncode, result.stderr, "en")
    assert "--dpi" in line and not out.exists()


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------


def _vi_rows(inside) -> list[list[str]]:
    return [[n, inv, d, str(inside[w][1]), str(inside[w][0])] for n, inv, d, w in SITES]


def test_utf8_file_with_one_stray_windows_byte_stays_utf8(tmp_path, capsys, inside, districts):
    lines = ["Tên dự án,Nhà đầu tư,Huyện,Vĩ độ,Kinh độ"] + [",".join(r) for r in _vi_rows(inside)]
    raw = "\n".join(lines).encode("utf-8") + b"\n"
    # one en dash pasted from a Windows program into data row 3 (line 4): byte 0x96, not UTF-8
    raw = raw.replace("Công ty CP Khoáng sản".encode(), "Công ty CP \x96 Khoáng sản".encode("utf-8").replace(b"\xc2\x96", b"\x96"))
    assert raw.count(b"\x96") == 1
    path = tmp_path / "utf8_le.csv"
    path.write_bytes(raw)
    frame, report, _ = classify(path, districts)
    assert list(frame["Tên dự án"]) == [s[0] for s in SITES]  # every name intact, none garbled
    assert list(frame["Nhà đầu tư"])[0] == "Công ty TNHH Điện tử Phổ Yên"
    assert frame.loc[2, "Nhà đầu tư"] == "Công ty CP \ufffd Khoáng sản Võ Nhai"  # the one bad byte, visibly replaced
    assert_points(frame, inside, [s[3] for s in SITES])
    assert not frame["district_mismatch"].any() and report.district_mismatch == 0
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    said = notes(err, path)
    assert any("UTF-8" in n and "dòng 4" in n for n in said), err
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert any("UTF-8" in n and "line(s) 4" in n for n in notes(err, path, "en")), err


@pytest.mark.parametrize("sep", [",", ";"])
def test_windows_1258_file_is_read_and_the_assumption_said(tmp_path, capsys, inside, districts, sep):
    text = "\r\n".join(sep.join(r) for r in [["Tên dự án", "Nhà đầu tư", "Huyện", "Vĩ độ", "Kinh độ"]] + _vi_rows(inside))
    raw = cp1258(text + "\r\n")
    assert b"\xd2" in raw  # "ổ" written as "ô" + combining hook above, as Windows does
    path = tmp_path / "ansi.csv"
    path.write_bytes(raw)
    frame, report, _ = classify(path, districts)
    assert list(frame["Tên dự án"]) == [s[0] for s in SITES]  # NFC again
    assert frame.loc[0, "Nhà đầu tư"] == "Công ty TNHH Điện tử Phổ Yên"
    assert "Phổ Yên" in frame.loc[0, "Huyện"] and unicodedata.is_normalized("NFC", frame.loc[0, "Huyện"])
    assert_points(frame, inside, [s[3] for s in SITES])
    assert report.district_mismatch == 0  # the stated districts are read right, so they agree
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    assert any("Windows-1258" in n and "UTF-8" in n for n in notes(err, path)), err  # "không phải UTF-8: đoán là mã Windows-1258"


def test_windows_1252_file_says_which_encoding_it_assumed(tmp_path, capsys, inside):
    lon, lat = inside["Thái Nguyên"]
    text = f"name,investor,lat,lon\r\nBureau,Société Générale – São Paulo,{lat},{lon}\r\nDépôt,Müller & Cie,{lat},{lon}\r\n"
    path = tmp_path / "western.csv"
    path.write_bytes(text.encode("cp1252"))
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert code == 0, err
    assumed = [n for n in notes(err, path, "en") if "assumed" in n]
    assert len(assumed) == 1 and re.search(r"Windows-125[28]", assumed[0]), err
    # told which encoding it is, the user gets every letter back
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--encoding", "cp1252")
    assert code == 0, err
    assert any("cp1252" in n and "đã chỉ định" in n for n in notes(err, path)), err
    written = pd.read_csv(tmp_path / "o.csv", dtype=str)
    assert list(written["investor"]) == ["Société Générale – São Paulo", "Müller & Cie"]


def test_encoding_option_errors_are_one_line(tmp_path, capsys, inside):
    path = tmp_path / "ansi.csv"
    path.write_bytes(cp1258("Tên,Huyện,lat,lon\nXưởng,Đại Từ,21.6,105.6\nKho,Đồng Hỷ,21.6,105.9\n"))
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--encoding", "khong-co")[::2])
    assert "khong-co" in line and "--encoding" in line
    # the file is not UTF-8: the line with the first bad byte is named
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--encoding", "utf-8",
                               "--lang", "en")[::2], "en")
    assert str(path) in line and "line 1" in line and "0xea" in line  # "ê" of "Tên" in the header


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")], ids=["LE", "BE"])
def test_excel_unicode_text_utf16_tab_separated(tmp_path, capsys, inside, districts, bom, codec):
    buffer = io.StringIO()
    w = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")  # what Excel's "Unicode Text" writes
    w.writerow(["Tên dự án", "Nhà đầu tư", "Huyện", "Vĩ độ", "Kinh độ"])
    w.writerows(_vi_rows(inside))
    w.writerow(['Xưởng "May 10"', "Công ty May, Thêu", "Huyện Phú Bình", str(inside["Phú Bình"][1]), str(inside["Phú Bình"][0])])
    path = tmp_path / "unicode_text.txt"
    path.write_bytes(bom + buffer.getvalue().encode(codec))
    frame, report, _ = classify(path, districts)
    assert report.rows_in == 6 and report.located == 6
    assert_points(frame, inside, [s[3] for s in SITES] + ["Phú Bình"])
    assert frame.loc[5, "Tên dự án"] == 'Xưởng "May 10"' and frame.loc[5, "Nhà đầu tư"] == "Công ty May, Thêu"
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    said = notes(err, path)
    assert any("UTF-16" in n for n in said) and any("tab" in n for n in said), err


@pytest.mark.parametrize("cpg", ["1258", "CP1258", "windows-1258", "ANSI 1258\n"])
def test_shapefile_whose_cpg_names_windows_1258(tmp_path, inside, districts, cpg):
    names = [s[0] for s in SITES]
    stated = [s[2] for s in SITES]
    as_bytes = lambda s: cp1258(s).decode("latin1")  # noqa: E731 - the cp1258 bytes, written untouched
    gdf = gpd.GeoDataFrame(
        {as_bytes("Tên"): [as_bytes(n) for n in names], as_bytes("Huyện"): [as_bytes(d) for d in stated]},
        geometry=[shapely.Point(*inside[s[3]]) for s in SITES], crs=4326,
    )
    path = tmp_path / "du_an.shp"
    gdf.to_file(path, encoding="latin1")
    path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    assert cp1258("Phổ Yên") in path.with_suffix(".dbf").read_bytes()  # the office's bytes are really in the file
    frame, report, read_notes = classify(path, districts)
    assert list(frame["Tên"]) == names  # last letters kept: "Phổ Yên", not "Phổ Yê"
    assert list(frame["Huyện"]) == stated
    assert list(frame["located_district"]) == [s[3] for s in SITES]
    assert report.district_mismatch == 0
    assert any("1258" in n for n in read_notes)


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("unit", [" (WGS-84, độ)", " (WGS-84)", " (độ)", " (WGS84)"])
def test_vietnamese_locale_semicolons_decimal_commas_and_commas_in_the_header(tmp_path, capsys, inside, districts, unit):
    lat_name, lon_name = f"Vĩ độ{unit}", f"Kinh độ{unit}"
    head = ["STT", "Tên dự án", "Huyện", lat_name, lon_name, "Diện tích (ha)"]
    rows = [[str(i + 1), n, d, str(inside[w][1]).replace(".", ","), str(inside[w][0]).replace(".", ","), "1.234,5" if i == 0 else "12,5"]
            for i, (n, _, d, w) in enumerate(SITES)]
    path = tmp_path / "excel_vn.csv"
    path.write_bytes(cp1258("\r\n".join(";".join(r) for r in [head] + rows) + "\r\n"))
    frame, report, _ = classify(path, districts)
    assert lat_name in frame.columns and lon_name in frame.columns  # the header was not split at its commas
    # read as the coordinates, not silently replaced by a point inside the stated district
    assert_points(frame, inside, [s[3] for s in SITES])
    assert report.approximate == 0
    assert report.zones["south"].area_ha == pytest.approx(1234.5)
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    assert any(n.endswith(": ;") for n in notes(err, path)), err  # "dấu phân cách cột: ;"
    assert "1.234,5" in out  # the South's area, in Vietnamese form


def test_vietnamese_locale_file_with_short_coordinate_headers(tmp_path, inside, districts):
    rows = [[n, str(inside[w][1]).replace(".", ","), str(inside[w][0]).replace(".", ",")] for n, _, _, w in SITES]
    path = tmp_path / "vn.csv"
    path.write_bytes(("Tên dự án;Vĩ độ;Kinh độ\n" + "\n".join(";".join(r) for r in rows) + "\n").encode("utf-8-sig"))
    frame, _, _ = classify(path, districts)
    assert_points(frame, inside, [s[3] for s in SITES])


@pytest.mark.parametrize("extra", [1, 12], ids=["one-more-field", "many-more-fields"])
def test_a_row_longer_than_its_header_stops_and_names_the_line(tmp_path, capsys, inside, extra):
    lon, lat = inside["Đại Từ"]
    lines = ["Tên dự án,Huyện,lat,lon", f"Xưởng chè,Đại Từ,{lat},{lon}", f"Kho,Đại Từ,{lat},{lon}",
             # an unquoted comma in a name: every later cell would shift one column right
             "Công ty May" + ", Thêu" * extra + f",Đại Từ,{lat},{lon}", f"Mỏ,Đại Từ,{lat},{lon}"]
    path = tmp_path / "lech_cot.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(tn_map.TnMapError, match="line 4"):
        tn_map.read_sites(path)
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")[::2], "en")
    assert str(path) in line and "line 4" in line
    assert not (tmp_path / "o.csv").exists()  # nothing half-written


@pytest.mark.parametrize("blank", [",,,,", ""], ids=["blank-cells", "empty-line"])
def test_title_rows_above_the_header_in_a_csv(tmp_path, capsys, inside, districts, blank):
    title = ["UBND TỈNH THÁI NGUYÊN,,,,", "DANH MỤC CÁC DỰ ÁN ĐẦU TƯ NĂM 2024,,,,", "(Kèm theo Công văn số 123/UBND-KT),,,,", blank]
    body = ["Tên dự án,Nhà đầu tư,Huyện,Vĩ độ,Kinh độ"] + [",".join(r) for r in _vi_rows(inside)]
    path = tmp_path / "bao_cao.csv"
    path.write_text("\n".join(title + body) + "\n", encoding="utf-8-sig")
    frame, report, _ = classify(path, districts)
    assert report.rows_in == 5 and list(frame["Tên dự án"]) == [s[0] for s in SITES]
    assert_points(frame, inside, [s[3] for s in SITES])
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    said = [n for n in notes(err, path) if "tiêu đề" in n]
    assert len(said) == 1 and "dòng 5" in said[0], err  # the header is on line 5, as an editor numbers it


def _workbook_with_title_and_two_row_header(path: Path, inside, *, names_on_top: bool) -> None:
    """A provincial report: two title rows, a blank row, a merged two-row header, then the data."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws["A1"] = "UBND TỈNH THÁI NGUYÊN"
    ws.merge_cells("A1:G1")
    ws["A2"] = "DANH MỤC DỰ ÁN ĐẦU TƯ TRÊN ĐỊA BÀN TỈNH NĂM 2024"
    ws.merge_cells("A2:G2")
    if names_on_top:
        # row 4: each name merged over rows 4–5; "Tọa độ" spans the two coordinate columns; row 5: Vĩ độ, Kinh độ
        for col, name in zip("ABCDG", ["STT", "Tên dự án", "Nhà đầu tư", "Huyện", "Diện tích (ha)"]):
            ws[f"{col}4"] = name
            ws.merge_cells(f"{col}4:{col}5")
        ws["E4"] = "Tọa độ"
        ws.merge_cells("E4:F4")
        ws["E5"], ws["F5"] = "Vĩ độ", "Kinh độ"
    else:
        # row 4: group labels; row 5: the names
        ws["A4"] = "STT"
        ws.merge_cells("A4:A5")
        ws["B4"] = "Thông tin dự án"
        ws.merge_cells("B4:D4")
        ws["E4"] = "Vị trí (WGS-84)"
        ws.merge_cells("E4:F4")
        ws["G4"] = "Diện tích (ha)"
        ws.merge_cells("G4:G5")
        for col, name in zip("BCDEF", ["Tên dự án", "Nhà đầu tư", "Huyện", "Vĩ độ", "Kinh độ"]):
            ws[f"{col}5"] = name
    for i, (n, inv, d, where) in enumerate(SITES):
        ws.append([i + 1, n, inv, d, inside[where][1], inside[where][0], 10 * (i + 1)])
    ws.append(["", "Tổng cộng", "", "", "", "", 150])  # the total row offices add
    wb.save(path)


@pytest.mark.parametrize("names_on_top", [True, False], ids=["group-label-over-coordinates", "group-labels-over-names"])
def test_xlsx_title_rows_and_merged_two_row_header(tmp_path, capsys, inside, districts, names_on_top):
    path = tmp_path / "bao_cao.xlsx"
    _workbook_with_title_and_two_row_header(path, inside, names_on_top=names_on_top)
    frame, report, _ = classify(path, districts)
    assert {"Tên dự án", "Nhà đầu tư", "Huyện", "Vĩ độ", "Kinh độ", "Diện tích (ha)"} <= set(frame.columns), list(frame.columns)
    assert report.rows_in == 6  # five sites and the total row, which has no coordinates
    assert list(frame["Tên dự án"])[:5] == [s[0] for s in SITES]
    assert list(frame["located_district"]) == [s[3] for s in SITES] + [""]
    assert_points(frame.iloc[:5], inside, [s[3] for s in SITES])
    assert report.located == 5 and report.rejected == 1
    assert frame.loc[5, "reason"] == "no_coordinates"
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    said = notes(err, path)
    assert any("hai tầng" in n for n in said), err
    # rows as Excel numbers them: title rows 1–2, a blank row 3, the header on rows 4–5
    header = [n for n in said if n.startswith("dòng tiêu đề")]
    assert len(header) == 1 and re.search(r"dòng tiêu đề cột là dòng [45];", header[0]), said
    if not names_on_top:
        assert "dòng 5" in header[0], said


def _sheet(wb: Workbook, title: str, rows: list[list], state: str = "visible"):
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
    ws.sheet_state = state
    return ws


def _site_rows(inside, which=SITES):
    return [["Tên dự án", "Huyện", "Vĩ độ", "Kinh độ"]] + [[n, d, inside[w][1], inside[w][0]] for n, _, d, w in which]


def test_xlsx_data_on_the_second_sheet_behind_an_instructions_sheet(tmp_path, capsys, inside, districts):
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Hướng dẫn", [["Hướng dẫn nhập liệu"], ["Nhập tọa độ theo hệ WGS-84, đơn vị độ thập phân."]])
    _sheet(wb, "Danh sách", _site_rows(inside))
    path = tmp_path / "hai_trang.xlsx"
    wb.save(path)
    frame, report, _ = classify(path, districts)
    assert_points(frame, inside, [s[3] for s in SITES])
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    assert any("'Danh sách'" in n for n in notes(err, path)), err


def test_xlsx_hidden_first_sheet_is_passed_over(tmp_path, capsys, inside, districts):
    wb = Workbook()
    wb.remove(wb.active)
    # a hidden lookup sheet with coordinates of its own (last year's list)
    _sheet(wb, "DM_cu", _site_rows(inside, [("Cũ", "", "Hà Nội", "Võ Nhai")]), state="hidden")
    _sheet(wb, "Năm 2024", _site_rows(inside))
    path = tmp_path / "an_trang.xlsx"
    wb.save(path)
    frame, report, _ = classify(path, districts)
    assert report.rows_in == 5
    assert_points(frame, inside, [s[3] for s in SITES])
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert code == 0, err
    assert any("'Năm 2024'" in n and "1 hidden" in n for n in notes(err, path, "en")), err


def test_xlsx_two_sheets_with_tables_needs_sheet_and_finds_it_in_any_form(tmp_path, capsys, inside, districts):
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Năm 2023", _site_rows(inside, SITES[:2]))
    _sheet(wb, "Năm 2024", _site_rows(inside, SITES[2:]))
    path = tmp_path / "hai_nam.xlsx"
    wb.save(path)
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")[::2])
    assert "'Năm 2023'" in line and "'Năm 2024'" in line and "(xem --sheet)" in line
    for given in ("Năm 2024", unicodedata.normalize("NFD", "Năm 2024"), "NĂM 2024", " năm 2024 "):
        code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--sheet", given, "--format", "json")
        assert code == 0, (given, err)
        assert strict_json(out)["rows_in"] == 3, given
    frame, _, _ = classify(path, districts, sheet=unicodedata.normalize("NFD", "năm 2023"))
    assert list(frame["located_district"]) == [s[3] for s in SITES[:2]]
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--sheet", "Năm 2025")[::2])
    assert "'Năm 2025'" in line and "'Năm 2023'" in line and "--sheet" in line


@pytest.mark.parametrize("kind", ["empty-workbook", "header-only-workbook", "empty-geojson", "header-only-csv"])
def test_files_without_rows_say_no_rows(tmp_path, capsys, kind):
    if kind.endswith("workbook"):
        path = tmp_path / "trong.xlsx"
        wb = Workbook()
        if kind == "header-only-workbook":
            wb.active.append(["Tên dự án", "Vĩ độ", "Kinh độ"])
        wb.save(path)
    elif kind == "empty-geojson":
        path = tmp_path / "trong.geojson"
        path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    else:
        path = tmp_path / "trong.csv"
        path.write_text("Tên dự án,Vĩ độ,Kinh độ\n", encoding="utf-8")
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")[::2], "en")
    assert "no data rows" in line and "coordinate" not in line


# ---------------------------------------------------------------------------
# Coordinates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style",
    [
        dict(),  # 21°35'12.3"N
        dict(sep=" "),  # 21° 35' 12.3" N
        dict(deg="º"),  # the ordinal sign keyboards give for a degree
        dict(minute="′", second="″"),  # typographic primes
        dict(minute="’", second="”"),  # Word's smart quotes
    ],
    ids=["plain", "spaced", "ordinal", "primes", "smart-quotes"],
)
def test_degrees_minutes_seconds_columns(tmp_path, inside, districts, style):
    rows = [[n, dms(inside[w][1], "N", "S", **style), dms(inside[w][0], "E", "W", **style)] for n, _, _, w in SITES]
    path = tmp_path / "dms.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên dự án", "Vĩ độ", "Kinh độ"]] + rows)
    frame, report, _ = classify(path, districts)
    assert list(frame["located_district"]) == [s[3] for s in SITES], list(frame["reason"])
    lon, lat = inside["Phổ Yên"]
    assert frame.geometry[0].x == pytest.approx(lon, abs=1e-4) and frame.geometry[0].y == pytest.approx(lat, abs=1e-4)


def test_dms_with_vietnamese_hemisphere_letters_and_decimal_comma_seconds(tmp_path, inside, districts):
    def vn(value, pos):
        return dms(value, pos, "T").replace(".", ",")  # 21°35'12,3"B — Bắc (north), Đông (east)

    rows = [[n, vn(inside[w][1], "B"), vn(inside[w][0], "Đ")] for n, _, _, w in SITES]
    path = tmp_path / "dms_vn.csv"
    path.write_text("Tên;Vĩ độ;Kinh độ\n" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    frame, _, _ = classify(path, districts)
    assert list(frame["located_district"]) == [s[3] for s in SITES], list(frame["reason"])


def test_degrees_and_minutes_without_seconds(tmp_path, inside, districts):
    lon, lat = 105.84, 21.59  # 21°35.4'N 105°50.4'E: Thái Nguyên city
    path = tmp_path / "dm.csv"
    path.write_text("Tên,lat,lon\nA,21°35.4'N,105°50.4'E\nB,21°35'N,105°50'E\n", encoding="utf-8")
    frame, _, _ = classify(path, districts)
    assert frame.geometry[0].x == pytest.approx(lon) and frame.geometry[0].y == pytest.approx(lat)
    assert frame.geometry[1].y == pytest.approx(21 + 35 / 60)
    assert set(frame["status"]) == {"located"}


@pytest.mark.parametrize("header", ["Tọa độ", "Tọa độ (Google Maps)", "GPS", "lat, lon"])
def test_single_lat_lon_column_as_google_maps_copies_it(tmp_path, inside, districts, header):
    rows = [[n, f"{inside[w][1]}, {inside[w][0]}"] for n, _, _, w in SITES]
    rows.append(["DMS", f"{dms(inside['Phú Bình'][1], 'N', 'S')} {dms(inside['Phú Bình'][0], 'E', 'W')}"])
    rows.append(["Hà Nội", f"{HANOI[1]}, {HANOI[0]}"])
    rows.append(["rỗng", ""])
    rows.append(["chữ", "gần chợ Thái"])
    path = tmp_path / "google.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên dự án", header]] + rows)
    frame, report, _ = classify(path, districts)
    assert list(frame["located_district"]) == [s[3] for s in SITES] + ["Phú Bình", "", "", ""]
    assert list(frame["reason"])[-3:] == ["outside_province", "no_coordinates", "not_a_number"]
    assert report.rows_in == 9 and report.located == 6 and report.rejected == 3


def test_degrees_with_a_projected_crs_are_refused(tmp_path, capsys, inside):
    lon, lat = inside["Đại Từ"]
    path = tmp_path / "do.csv"
    path.write_text(f"Tên,Vĩ độ,Kinh độ\nA,{lat},{lon}\n", encoding="utf-8")
    for crs in ("VN-2000 TM-3 106-30", "9213", "VN-2000 UTM 48N"):
        line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--crs", crs, "--lang", "en")[::2], "en")
        assert "degrees" in line and "--crs" in line, line
        assert "outside" not in line


def test_geojson_in_vn2000_metres_without_a_declared_crs(tmp_path, capsys, inside, districts):
    pts = gpd.GeoSeries([shapely.Point(*inside[s[3]]) for s in SITES], crs=4326).to_crs(9213)
    features = [{"type": "Feature", "properties": {"Tên": s[0]}, "geometry": shapely.geometry.mapping(p)}
                for s, p in zip(SITES, pts)]
    path = tmp_path / "vn2000.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")[::2], "en")
    assert "EPSG:9213" in line and "--crs" in line
    frame, _, _ = classify(path, districts, crs="9213")
    assert list(frame["located_district"]) == [s[3] for s in SITES]
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--crs", "VN-2000", "--format", "json")
    assert code == 0, err
    assert strict_json(out)["located"] == 5


def test_geojson_declaring_vn2000_as_qgis_writes_it(tmp_path, inside, districts):
    pts = gpd.GeoSeries([shapely.Point(*inside[s[3]]) for s in SITES], crs=4326).to_crs(9213)
    path = tmp_path / "qgis.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9213"}},  # the old GeoJSON CRS member
        "features": [{"type": "Feature", "properties": {"Tên": s[0]}, "geometry": shapely.geometry.mapping(p)}
                     for s, p in zip(SITES, pts)],
    }, ensure_ascii=False), encoding="utf-8")
    frame, _, _ = classify(path, districts)
    assert_points(frame, inside, [s[3] for s in SITES])


@pytest.mark.parametrize("crs", ["5773", "EPSG:5773", "EPSG:3855"])
def test_vertical_crs_is_refused(tmp_path, capsys, inside, crs):
    path = tmp_path / "xy.csv"
    path.write_text("Tên,x,y\nA,2385000,445000\n", encoding="utf-8")
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--crs", crs, "--lang", "en")[::2], "en")
    assert "--crs" in line and "horizontal" in line


@pytest.mark.parametrize("how", ["declared-utm-48n", "shifted-150km"])
def test_boundary_file_that_is_not_on_thai_nguyen_stops(tmp_path, capsys, how):
    gdf = read_boundaries()[0].to_crs(9213)
    if how == "declared-utm-48n":
        # TM-3 106°30' metres labelled as UTM 48N (central meridian 105°): about 150 km off
        gdf = gdf.set_crs(3405, allow_override=True)
    else:
        gdf = gdf.set_geometry(gdf.geometry.translate(xoff=150_000))
    path = tmp_path / "ranh_gioi.gpkg"
    gdf.to_file(path)
    line = one_error_line(*cli(capsys, "zones", "--boundaries", path, "--lang", "en")[::2], "en")
    assert str(path) in line and "km from Thái Nguyên" in line and "CRS" in line
    km = float(re.search(r"lie ([\d,]+) km", line).group(1).replace(",", ""))
    assert 120 <= km <= 180
    # the same file in its true CRS is accepted
    if how == "declared-utm-48n":
        good = tmp_path / "dung.gpkg"
        gdf.set_crs(9213, allow_override=True).to_file(good)
        code, out, err = cli(capsys, "zones", "--boundaries", good)
        assert code == 0, err and "Khu vực phía Nam" in out


# ---------------------------------------------------------------------------
# Vietnamese precision and statements
# ---------------------------------------------------------------------------


def test_precision_words_in_any_case_and_language(tmp_path, inside, districts):
    lon, lat = inside["Phú Lương"]
    words = ["Exact", "EXACT", "exact", "chính xác", "Chính Xác", "CHÍNH XÁC", unicodedata.normalize("NFD", "chính xác"),
             "gần đúng", "Approximate", "cấp xã"]
    rows = [[f"S{i}", "Huyện Phú Lương", str(lat), str(lon), w] for i, w in enumerate(words)]
    path = tmp_path / "do_chinh_xac.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên", "Huyện", "Vĩ độ", "Kinh độ", "Độ chính xác"]] + rows)
    frame, report, _ = classify(path, districts)
    assert list(frame["location_precision"]) == ["exact"] * 7 + ["approximate"] * 3
    assert report.approximate == 3 and report.located == 10


def test_vietnamese_precision_words_mean_what_the_english_ones_do(tmp_path, inside, districts):
    lon, lat = inside["Phú Bình"]
    pairs = [("commune", "xã"), ("commune", "cấp xã"), ("district", "huyện"), ("district", "cấp huyện"),
             ("approximate", "gần đúng"), ("exact", "chính xác")]
    words = [w for pair in pairs for w in pair]
    path = tmp_path / "cap.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên", "Huyện", "Vĩ độ", "Kinh độ", "location_precision"]]
                                + [[w, "Phú Bình", lat, lon, w] for w in words]
                                + [[f"{w} (no point)", "Phú Bình", "", "", w] for w in words])
    frame, _, _ = classify(path, districts)
    got = dict(zip(frame["Tên"], zip(frame["location_precision"], frame["status"], frame["placed_at"])))
    for english, vietnamese in pairs:
        assert got[vietnamese] == got[english], (english, vietnamese)
        assert got[f"{vietnamese} (no point)"] == got[f"{english} (no point)"], (english, vietnamese)


@pytest.mark.parametrize("word, placed", [("cấp huyện", True), ("Huyện", True), ("xã", True), ("gần đúng", True),
                                          ("Chính xác", False), ("EXACT", False)])
def test_rows_without_coordinates_placed_by_vietnamese_precision_words(tmp_path, districts, word, placed):
    path = tmp_path / "khong_toa_do.csv"
    path.write_text(f"Tên,Huyện,Vĩ độ,Kinh độ,Độ chính xác\nKCN,Huyện Phú Bình,,,{word}\n", encoding="utf-8")
    frame, report, _ = classify(path, districts)
    if placed:
        assert frame.loc[0, "located_district"] == "Phú Bình" and frame.loc[0, "zone"] == "south"
        assert frame.loc[0, "location_precision"] == "district" and report.approximate == 1
    else:  # the file says its coordinates are exact, and there are none: not guessed
        assert frame.loc[0, "status"] == "rejected" and frame.loc[0, "reason"] == "no_coordinates"


@pytest.mark.parametrize(
    "stated",
    ["huyện Đại Từ, tỉnh Thái Nguyên", "Huyện Đại Từ - Tỉnh Thái Nguyên", "Đại Từ, Thái Nguyên province",
     "H. Đại Từ, T. Thái Nguyên", "huyện Đại Từ, tỉnh Thái Nguyên, Việt Nam", "Huyện Đại Từ; Tỉnh Thái Nguyên"],
)
def test_stated_district_written_as_a_full_address(tmp_path, inside, districts, stated):
    path = tmp_path / "dia_chi.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["Tên", "Huyện", "Vĩ độ", "Kinh độ"],
            ["ở Đại Từ", stated, inside["Đại Từ"][1], inside["Đại Từ"][0]],
            ["ở Phổ Yên", stated, inside["Phổ Yên"][1], inside["Phổ Yên"][0]],
        ])
    frame, report, _ = classify(path, districts)
    assert [bool(v) for v in frame["district_mismatch"]] == [False, True]
    assert report.district_mismatch == 1


# ---------------------------------------------------------------------------
# Several layers
# ---------------------------------------------------------------------------


def _two_layer_gpkg(path: Path, inside, *, second_empty: bool) -> None:
    sites = gpd.GeoDataFrame({"Tên": [s[0] for s in SITES], "Ngành": ["điện tử", "chè", "khai khoáng", "chè", "logistics"]},
                             geometry=[shapely.Point(*inside[s[3]]) for s in SITES], crs=4326)
    sites.to_file(path, layer="du_an", driver="GPKG")
    if second_empty:
        gpd.GeoDataFrame({"ghi_chu": pd.Series([], dtype=str)}, geometry=gpd.GeoSeries([], crs=4326)).to_file(
            path, layer="nhap", driver="GPKG")
    else:
        park = gpd.GeoDataFrame({"Tên": ["KCN Yên Bình"]}, geometry=[shapely.Point(*inside["Phổ Yên"]).buffer(0.01)], crs=4326)
        park.to_file(path, layer="ranh_gioi_kcn", driver="GPKG")


def test_geopackage_with_two_layers_lists_them_and_reads_the_one_named(tmp_path, capsys, inside, districts):
    path = tmp_path / "hai_lop.gpkg"
    _two_layer_gpkg(path, inside, second_empty=False)
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")[::2])
    assert "'du_an'" in line and "'ranh_gioi_kcn'" in line and "(xem --layer)" in line
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--layer", "du_an", "--format", "json")
    assert code == 0, err
    assert "warning" not in err.lower() and "more than one layer" not in err.lower()
    report = strict_json(out)
    assert report["rows_in"] == 5 and report["zones"]["east"]["count"] == 2
    frame, report, _ = classify(path, districts, layer="RANH_GIOI_KCN")
    assert frame.loc[0, "located_district"] == "Phổ Yên" and frame.loc[0, "area_ha_geom"] > 0
    line = one_error_line(*cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--layer", "khong_co")[::2])
    assert "'khong_co'" in line and "'du_an'" in line and "--layer" in line


def test_geopackage_whose_second_layer_is_empty_reads_the_one_with_rows(tmp_path, capsys, inside):
    path = tmp_path / "mot_lop_co_du_lieu.gpkg"
    _two_layer_gpkg(path, inside, second_empty=True)
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--format", "json")
    assert code == 0, err
    assert strict_json(out)["located"] == 5
    assert any("'du_an'" in n and "nhap" in n for n in notes(err, path)), err


def test_boundary_geopackage_with_two_layers(tmp_path, capsys, inside):
    path = tmp_path / "ranh_gioi.gpkg"
    read_boundaries()[0].to_file(path, layer="huyen", driver="GPKG")
    gpd.GeoDataFrame({"Tên": ["UBND tỉnh"]}, geometry=[shapely.Point(*inside["Thái Nguyên"])], crs=4326).to_file(
        path, layer="tru_so", driver="GPKG")
    # Only one layer holds district polygons: it is read, and the user is told which of the two it was.
    code, out, err = cli(capsys, "zones", "--boundaries", path, "--format", "json")
    assert code == 0, err
    said = [n for n in notes(err, path) if "'huyen'" in n]
    assert len(said) == 1 and "tru_so" in said[0], err
    # every district of the Decision in its zone: the polygons came from 'huyen', not the office point
    rows = strict_json(out)
    assert {r["zone_key"]: set(r["districts"].split(", ")) for r in rows} == {
        zone: {d for d, z in ZONE_OF.items() if z == zone} for zone in ("south", "west", "east")}
    assert [r["zone"] for r in rows] == ["Khu vực phía Nam", "Khu vực phía Tây", "Khu vực phía Đông"]
    # naming the layer gives the same table, without the note
    code, named, err = cli(capsys, "zones", "--boundaries", path, "--format", "json", "--boundaries-layer", "huyen")
    assert code == 0, err
    assert strict_json(named) == rows and not any("'huyen'" in n for n in notes(err, path)), err


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def test_overflowing_areas_give_valid_json_and_no_inf_anywhere(tmp_path, capsys, inside):
    lon, lat = inside["Phổ Yên"]
    areas = ["12,5", "2.242,5", "1e400", "9" * 400, "-1e400", "nan", "inf", "Infinity"]
    path = tmp_path / "dien_tich.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên dự án", "Ngành nghề", "Vĩ độ", "Kinh độ", "Diện tích (ha)"]]
                                + [[f"KCN {i}", "điện tử", lat, lon, a] for i, a in enumerate(areas)])
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.geojson", "--format", "json")
    assert code == 0, err
    report = strict_json(out)  # no Infinity, no NaN
    accounted(report)
    assert report["zones"]["south"]["area_ha"] == pytest.approx(2255.0)  # absurd areas count 0
    strict_json((tmp_path / "o.geojson").read_text(encoding="utf-8"))
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0 and "2.255,0" in out and "inf" not in out.lower()
    code, out, _ = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert "2,255.0" in out and "inf" not in out.lower()
    # the map: the panel's summary and the popups
    classified = tn_map.classify_sites(tn_map.read_sites(path))
    html = tn_map.export.html.render_html(tn_map.build_map(sites=[classified], basemap="none"))
    assert "inf ha" not in html and ">inf<" not in html and "Infinity ha" not in html


def test_area_column_forms_in_the_summary(tmp_path, capsys, inside):
    rows = [["A", "Phổ Yên", "1.234,5"], ["B", "Phổ Yên", "1,234.5"], ["C", "Đại Từ", "7 ha"], ["D", "Đại Từ", "0,25"]]
    path = tmp_path / "dt.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên", "Vĩ độ", "Kinh độ", "Diện tích (ha)"]]
                                + [[n, inside[d][1], inside[d][0], a] for n, d, a in rows])
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--format", "json")
    assert code == 0, err
    zones = strict_json(out)["zones"]
    assert zones["south"]["area_ha"] == pytest.approx(2469.0)
    # "7 ha" under a header that already says (ha) is seven hectares: 7 + 0.25
    assert zones["west"]["area_ha"] == pytest.approx(7.25)


# ---------------------------------------------------------------------------
# Answering in the user's language
# ---------------------------------------------------------------------------

_ENGLISH = re.compile(r"\b(rows?|located|rejected|zone|sites?|area|priority|unknown|the|file|column|line|not|is|has|in|of|and|or|no)\b",
                      re.IGNORECASE)


def _without_data(text: str, *data: str) -> str:
    """``text`` without quoted values, paths and the user's own words (those stay as the file has them)."""
    for d in sorted(data, key=len, reverse=True):
        text = text.replace(d, " ")
    return re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)


def test_vietnamese_by_default_english_on_request(tmp_path, capsys, inside, bac_kan):
    src = tmp_path / "du_an.csv"
    _office_csv(src, inside, bac_kan)
    out_csv = tmp_path / "ket_qua.csv"
    code, out, err = cli(capsys, "sites", "classify", src, "-o", out_csv)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{src}: 9 dòng vào → 6 định vị được, 1 ở Bắc Kạn cũ (ngoài phân vùng), 2 bị loại")
    assert "1 ở Bắc Kạn cũ" in lines[0] and "1 vị trí gần đúng" in lines[0]
    assert lines[1].split()[:2] == ["khu", "vực"]
    assert lines[2].startswith("Khu vực phía Nam") and lines[3].startswith("Khu vực phía Tây")
    assert "nằm ngoài tỉnh" in out and "không phải số ở cột 'Vĩ độ': 'hai mốt'" in out
    for line in lines + err.splitlines():
        rest = _without_data(line, str(src), str(out_csv), "tn-map", "UTF-8", "BOM", "Vĩ độ", "hai mốt", "Phú Bình")
        assert not _ENGLISH.search(rest), line
    written = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    assert list(written["zone_name"][:5]) == [{"south": "Khu vực phía Nam", "west": "Khu vực phía Tây", "east": "Khu vực phía Đông"}[
        ZONE_OF[s[3]]] for s in SITES]
    assert written["fit_text"][1] == "Ngành ưu tiên của khu vực"  # tea in the West
    # row 6 is in Hà Nội: the file and the summary both say so
    assert written["reason_text"][5] == "nằm ngoài tỉnh, trong tỉnh Hà Nội" and "dòng 6: nằm ngoài tỉnh, trong tỉnh Hà Nội" in out
    assert written["reason_text"][7] == "không phải số ở cột 'Vĩ độ': 'hai mốt'"
    assert written["note_text"][8] == "không có tọa độ: đặt trong Phú Bình (gần đúng)"
    # English when asked
    code, out, err = cli(capsys, "sites", "classify", src, "-o", out_csv, "--lang", "en")
    assert out.startswith(f"{src}: 9 rows in -> 6 located, 1 in former Bắc Kạn (outside the zones), 2 rejected") and "South zone" in out
    assert "row 6: outside the province, in Hà Nội province" in out
    written = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    assert written["zone_name"][0] == "South zone" and written["reason_text"][5] == "outside the province, in Hà Nội province"
    assert all(n.startswith("tn-map: note: ") for n in err.splitlines())


def test_vietnamese_numbers_in_the_summary(tmp_path, capsys, inside):
    lon, lat = inside["Phổ Yên"]
    path = tmp_path / "nhieu.csv"
    rows = [[f"KCN {i}", "điện tử" if i % 2 else "dệt may", lat, lon, "1,5"] for i in range(1200)]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên", "Ngành nghề", "Vĩ độ", "Kinh độ", "Diện tích (ha)"]] + rows)
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv")
    assert code == 0, err
    assert "1.200 dòng vào → 1.200 định vị được, 0 bị loại" in out
    south = next(line for line in out.splitlines() if line.startswith("Khu vực phía Nam"))
    assert "1.200" in south and "1.800,0" in south and "50 %" in south


def _data_errors(tmp_path: Path, inside) -> dict[str, list]:
    lon, lat = inside["Đại Từ"]
    shifted = tmp_path / "lech_cot.csv"
    shifted.write_text(f"Tên,lat,lon\nA,{lat},{lon}\nB, C,{lat},{lon}\n", encoding="utf-8")
    folder = tmp_path / "thu_muc"
    folder.mkdir()
    empty = tmp_path / "rong.csv"
    empty.write_text("", encoding="utf-8")
    empty_book = tmp_path / "trong.xlsx"
    Workbook().save(empty_book)
    header_only = tmp_path / "chi_tieu_de.csv"
    header_only.write_text("Tên,lat,lon\n", encoding="utf-8")
    no_coords = tmp_path / "khong_toa_do.csv"
    no_coords.write_text("Tên,Ngành\nA,chè\n", encoding="utf-8")
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "A", _site_rows(inside, SITES[:1]))
    _sheet(wb, "B", _site_rows(inside, SITES[1:2]))
    sheets = tmp_path / "hai_trang.xlsx"
    wb.save(sheets)
    layers = tmp_path / "hai_lop.gpkg"
    _two_layer_gpkg(layers, inside, second_empty=False)
    degrees = tmp_path / "do.csv"
    degrees.write_text(f"Tên,lat,lon\nA,{lat},{lon}\n", encoding="utf-8")
    metres = tmp_path / "met.geojson"
    metres.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                      "geometry": {"type": "Point", "coordinates": [445000.0, 2385000.0]}}]}), encoding="utf-8")
    projected = tmp_path / "xy.csv"
    projected.write_text("Tên,x,y\nA,445000,2385000\n", encoding="utf-8")
    return {
        "row-longer-than-header": ["sites", "classify", shifted],
        "folder": ["sites", "classify", folder],
        "empty-file": ["sites", "classify", empty],
        "empty-workbook": ["sites", "classify", empty_book],
        "header-only": ["sites", "classify", header_only],
        "no-coordinate-columns": ["sites", "classify", no_coords],
        "several-sheets": ["sites", "classify", sheets],
        "no-such-sheet": ["sites", "classify", sheets, "--sheet", "C"],
        "several-layers": ["sites", "classify", layers],
        "degrees-with-projected-crs": ["sites", "classify", degrees, "--crs", "9213"],
        "metres-claiming-wgs84": ["sites", "classify", metres],
        "projected-without-crs": ["sites", "classify", projected],
        "vertical-crs": ["sites", "classify", projected, "--crs", "5773"],
        "unknown-crs": ["sites", "classify", projected, "--crs", "VN-2001"],
        "no-such-column": ["sites", "classify", degrees, "--lat", "vi_do", "--lon", "kinh_do"],
        "unknown-encoding": ["sites", "classify", degrees, "--encoding", "khong-co"],
    }


_DATA_ERRORS = ["row-longer-than-header", "folder", "empty-file", "empty-workbook", "header-only", "no-coordinate-columns", "several-sheets",
                "no-such-sheet", "several-layers", "degrees-with-projected-crs", "metres-claiming-wgs84",
                "projected-without-crs", "vertical-crs", "unknown-crs", "no-such-column", "unknown-encoding"]


@pytest.mark.parametrize("case", _DATA_ERRORS)
def test_errors_from_the_data_are_in_vietnamese_by_default(tmp_path, capsys, inside, case):
    args = _data_errors(tmp_path, inside)[case]
    line = one_error_line(*cli(capsys, *args, "-o", tmp_path / "o.csv")[::2])
    text = _without_data(line.removeprefix("tn-map: lỗi: "), str(args[2]), *map(str, args[3:]), "CRS", "EPSG", "WGS 84",
                         "VN-2000", "TM-3", "UTM")
    assert not _ENGLISH.search(text), line
    assert re.search("[ạảãàáâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", text.lower()), line
    en = one_error_line(*cli(capsys, *args, "-o", tmp_path / "o.csv", "--lang", "en")[::2], "en")
    assert en != line


# ---------------------------------------------------------------------------
# Popups: the columns people fill in
# ---------------------------------------------------------------------------


def _site_layers(m):
    from tn_map.render.sites import SiteLayer

    found, stack = [], [m]
    while stack:
        item = stack.pop()
        if isinstance(item, SiteLayer):
            found.append(item)
        stack.extend(getattr(item, "_children", {}).values())
    return found


def test_site_popups_show_investor_address_capital_area_and_status(tmp_path, inside):
    head = ["STT", "Tên dự án", "Nhà đầu tư", "Địa chỉ", "Ngành nghề", "Vốn đầu tư (tỷ đồng)", "Diện tích (ha)",
            "Trạng thái", "Vĩ độ", "Kinh độ", "Ghi chú nội bộ"]
    lon, lat = inside["Phổ Yên"]
    path = tmp_path / "du_an.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, ["1", "Nhà máy Linh kiện", "Công ty TNHH ABC Việt Nam", "Phường Đồng Tiến, TP Phổ Yên",
                                        "Điện tử", "1.250", "12,5", "Đang xây dựng", lat, lon, "không hiện"]])
    classified = tn_map.classify_sites(tn_map.read_sites(path))
    (layer,) = _site_layers(tn_map.build_map(sites=[classified], basemap="none"))
    labels = layer.lookup["fields"]
    row = layer.site(0)["fields"]
    shown = {label: row[j] for j, label in enumerate(labels) if label}
    assert row[0] == "Nhà máy Linh kiện"  # the name is the title
    nonempty = [label for label in labels if label]
    assert len(nonempty) == len(set(nonempty))  # no field twice
    assert "Ghi chú nội bộ" not in labels and "STT" not in labels
    words = layer.lookup["lang"]["vi"]  # the page holds both languages; Vietnamese opens
    assert words["words"]["zone"] == "Khu vực" and words["zones"][0] == "Khu vực phía Nam"
    for column, value in [("Nhà đầu tư", "Công ty TNHH ABC Việt Nam"), ("Địa chỉ", "Phường Đồng Tiến, TP Phổ Yên"),
                          ("Diện tích (ha)", "12,5"), ("Trạng thái", "Đang xây dựng"),
                          ("Vốn đầu tư (tỷ đồng)", "1.250")]:  # capital with its unit, as offices head it
        assert shown.get(column) == value, (column, labels)


@pytest.mark.parametrize(
    "investor, capital",
    [("Chủ đầu tư", "Tổng vốn đầu tư (triệu USD)"), ("Investor", "Capital (USD million)"), ("Nhà đầu tư", "Vốn (tỷ VNĐ)")],
)
def test_popup_finds_investor_and_capital_by_their_usual_names(tmp_path, inside, investor, capital):
    lon, lat = inside["Đồng Hỷ"]
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên", investor, capital, "lat", "lon"], ["Kho", "Công ty X", "25,5", lat, lon]])
    classified = tn_map.classify_sites(tn_map.read_sites(path))
    assert classified.roles.investor == investor and classified.roles.capital == capital
    (layer,) = _site_layers(tn_map.build_map(sites=[classified], basemap="none"))
    assert capital in layer.lookup["fields"] and investor in layer.lookup["fields"]


def test_popup_does_not_repeat_a_column_that_plays_two_roles(tmp_path, inside):
    lon, lat = inside["Võ Nhai"]
    path = tmp_path / "p.csv"
    # "Địa bàn" is the stated district; "Địa điểm" the address: each shown once, with the name
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Tên dự án", "Địa điểm", "Địa bàn", "Diện tích", "lat", "lon"],
                                 ["Mỏ", "Xã La Hiên", "Huyện Võ Nhai", "3", lat, lon]])
    classified = tn_map.classify_sites(tn_map.read_sites(path))
    (layer,) = _site_layers(tn_map.build_map(sites=[classified], basemap="none"))
    labels = [label for label in layer.lookup["fields"] if label]
    assert len(labels) == len(set(labels)) and {"Địa điểm", "Địa bàn", "Diện tích"} <= set(labels)


# ---------------------------------------------------------------------------
# Nothing is lost: a real process, the hostile mix, every row accounted for
# ---------------------------------------------------------------------------


def test_assumed_crs_is_one_note_line(tmp_path, capsys, inside):
    lon, lat = inside["Đại Từ"]
    path = tmp_path / "wgs.csv"
    path.write_text(f"Tên,Vĩ độ,Kinh độ\nA,{lat},{lon}\n", encoding="utf-8")
    code, _, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--lang", "en")
    assert code == 0, err
    assert any(re.search(r"WGS ?84|EPSG:4326", n) for n in notes(err, path, "en")), err


@pytest.mark.parametrize("order", ["en", "ne"])
def test_assumed_axis_order_of_projected_columns_is_one_note_line(tmp_path, capsys, inside, order):
    easting, northing = gpd.GeoSeries([shapely.Point(*inside["Đồng Hỷ"])], crs=4326).to_crs(9213).iloc[0].coords[0]
    first, second = (easting, northing) if order == "en" else (northing, easting)
    path = tmp_path / "vn2000.csv"
    path.write_text(f"Tên,X,Y\nA,{first:.2f},{second:.2f}\n", encoding="utf-8")
    code, out, err = cli(capsys, "sites", "classify", path, "-o", tmp_path / "o.csv", "--crs", "9213", "--lang", "en",
                         "--format", "json")
    assert code == 0, err
    assert strict_json(out)["zones"]["east"]["count"] == 1
    said = [n for n in notes(err, path, "en") if "'X'" in n and "'Y'" in n]
    # which column holds the easting is known here: pyproj projected the point and the test wrote it
    expected = ("column 'X' read as easting, 'Y' as northing" if order == "en"
                else "column 'X' read as northing, 'Y' as easting")
    assert len(said) == 1 and said[0].startswith(expected), err


def test_every_row_comes_out_located_or_rejected_in_a_real_process(tmp_path, inside, bac_kan):
    src = tmp_path / "hon_hop.csv"
    _office_csv(src, inside, bac_kan)
    out = tmp_path / "ket_qua.xlsx"
    result = run_cli("sites", "classify", str(src), "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = strict_json(result.stdout)
    accounted(report)
    assert (report["rows_in"], report["located"], report["outside_zoning"], report["rejected"]) == (9, 6, 1, 2)
    assert report["rejected_by_reason"] == {"not_a_number": 1, "outside_province": 1}
    table = pd.read_excel(out, dtype=str).fillna("")
    assert list(table["input_row"]) == [str(i) for i in range(1, 10)]
    assert list(table["status"]) == EXPECTED_MIXED["status"]
    assert all(table.loc[table["status"] == "rejected", "reason_text"] != "")
    assert all(line.startswith("tn-map: ghi chú: ") for line in result.stderr.splitlines()), result.stderr
