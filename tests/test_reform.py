"""The 2025 reform as a user meets it: `tn-map lookup`, `tn-map communes`, address-only site lists.

``test_crosswalk.py`` covers the crosswalk library; these tests go through
the paths people use (the command line, ``read_sites``/``classify_sites``)
and judge what comes out against sources that are not tn-map:

* counts (92 units: 15 wards + 77 communes; 55 from old Thái Nguyên, 37 from
  old Bắc Kạn), Xã Đại Phúc spanning Đại Từ (West) and Phổ Yên / TP Thái
  Nguyên (South), Xã Tân Cương joining TP Thái Nguyên and TP Sông Công, the
  split old commune Thượng Đình, today's neighbours (Vĩnh Phúc → Phú Thọ,
  Bắc Giang → Bắc Ninh): ``shared/reference/admin_reform_2025.md``;
* which old communes formed each new unit, its code and its point: read
  here straight from the ``vietnamadminunits`` package's own files
  (``converter_2025.json``, ``dataset.db``), not through tn-map;
* the nine old districts → zones, and each zone's priority clusters
  (textiles and garments in the West only; electronics in the South only):
  Decision 2031/QĐ-UBND as reported, written out below.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pytest
import shapely
import shapely.geometry

import tn_map
from tn_map.cli import main
from tn_map.plan import PLAN

from .conftest import run_cli

# ---------------------------------------------------------------- independent facts

#: Decision 2031/QĐ-UBND: the nine pre-2025 districts (package keys) and their zones.
ZONE_OF_DISTRICT = {
    "thanhphothainguyen": "south",
    "thanhphosongcong": "south",
    "thanhphophoyen": "south",
    "huyenphubinh": "south",
    "huyendinhhoa": "west",
    "huyenphuluong": "west",
    "huyendaitu": "west",
    "huyenvonhai": "east",
    "huyendonghy": "east",
}
SOUTH_DISTRICTS_OF_DAI_PHUC = {"Thành phố Thái Nguyên", "Thành phố Phổ Yên"}
DAI_PHUC_DISTRICTS = {"Huyện Đại Từ", *SOUTH_DISTRICTS_OF_DAI_PHUC}
TAN_CUONG_DISTRICTS = {"Thành phố Thái Nguyên", "Thành phố Sông Công"}

HANOI = (21.0278, 105.8342)  # (lat, lon) Hoàn Kiếm, Hà Nội: not in Thái Nguyên, old or new
BAC_KAN_TOWN = (22.1470, 105.8348)  # (lat, lon) centre of the former Bắc Kạn town
BA_BE_LAKE = (22.4167, 105.6167)  # (lat, lon) Ba Bể lake, former Bắc Kạn


def zone_name(key: str, lang: str) -> str:
    return PLAN.zone(key).name.get(lang)


@dataclass(frozen=True)
class PkgUnit:
    name: str
    kind: str  # "ward" | "commune"
    code: str
    lat: float
    lon: float
    old_keys: frozenset[str]  # "<province>_<district>_<commune>" keys of the old communes it was formed from
    split_keys: frozenset[str]  # those split between several new units

    @property
    def provinces(self) -> set[str]:
        return {k.split("_")[0] for k in self.old_keys}

    @property
    def zones(self) -> set[str]:
        return {ZONE_OF_DISTRICT[k.split("_")[1]] for k in self.old_keys if k.startswith("tinhthainguyen_")}


def _package_files():
    data = importlib.resources.files("vietnamadminunits") / "data"
    return data / "converter_2025.json", data / "dataset.db"


@cache
def package_units() -> dict[str, PkgUnit]:
    """Today's units of Thái Nguyên as the package itself lists them: name → PkgUnit."""
    conv_path, db_path = _package_files()
    conv = json.loads(conv_path.read_text(encoding="utf-8"))
    whole = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhthainguyen"]
    divided = conv["DICT_PROVINCE_WARD_DIVIDED"]["tinhthainguyen"]
    olds: dict[str, set[str]] = {k: set(v) for k, v in whole.items()}
    splits: dict[str, set[str]] = {k: set() for k in whole}
    for old_key, targets in divided.items():
        for target in targets:
            olds.setdefault(target["newWardKey"], set()).add(old_key)
            splits.setdefault(target["newWardKey"], set()).add(old_key)
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT ward, wardType, wardCode, wardLat, wardLon, wardKey FROM admin_units WHERE provinceKey = 'tinhthainguyen'"
        ).fetchall()
    return {
        ward: PkgUnit(ward, "ward" if wtype == "Phường" else "commune", code, lat, lon,
                      frozenset(olds[key]), frozenset(splits.get(key, ())))
        for ward, wtype, code, lat, lon, key in rows
    }


@cache
def legacy_point(district_short: str, ward_short: str) -> tuple[float, float]:
    """(lat, lon) of an old (pre-2025) commune of old Thái Nguyên, from the package's table."""
    _, db_path = _package_files()
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        (row,) = conn.execute(
            "SELECT wardLat, wardLon FROM admin_units_legacy WHERE provinceKey = 'tinhthainguyen' "
            "AND districtShort = ? AND wardShort = ?",
            (district_short, ward_short),
        ).fetchall()
    return row


def ascii_fold(text: str) -> str:
    out = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return out.replace("đ", "d").replace("Đ", "D").lower()


# ---------------------------------------------------------------- helpers


def lookup_json(name: str, *extra: str) -> dict:
    """`tn-map lookup NAME --format json` in a real process; asserts exit 0."""
    result = run_cli("lookup", name, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def the(matches: list[dict], level: str, name: str | None = None) -> dict:
    found = [m for m in matches if m["level"] == level and (name is None or m["name"] == name)]
    assert len(found) == 1, matches
    return found[0]


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def classify(path):
    c = tn_map.classify_sites(tn_map.read_sites(path))
    return c.frame, c.report


def zones_of(cell: str) -> set[str]:
    return {k for k in str(cell).split("; ") if k}


def test_package_facts_agree_with_the_reference():
    """The oracle itself: the package's files say what the reference file says."""
    units = package_units()
    assert len(units) == 92
    assert Counter(u.kind for u in units.values()) == {"ward": 15, "commune": 77}
    assert Counter(frozenset(u.provinces) for u in units.values()) == {
        frozenset({"tinhthainguyen"}): 55, frozenset({"tinhbackan"}): 37}
    assert units["Xã Đại Phúc"].zones == {"south", "west"}
    assert units["Xã Tân Cương"].zones == {"south"}
    assert {n for n, u in units.items() if "tinhthainguyen_huyenphubinh_xathuongdinh" in u.split_keys} == {
        "Xã Điềm Thụy", "Xã Phú Bình"}


# ---------------------------------------------------------------- tn-map lookup


@pytest.mark.parametrize("query", ["Xã Đại Phúc", "xa dai phuc", "Xa Dai Phuc, tinh Thai Nguyen"])
def test_lookup_json_puts_dai_phuc_in_south_and_west(query):
    data = lookup_json(query)
    assert set(data) == {"query", "matches"} and data["query"] == query
    m = the(data["matches"], "new_unit", "Xã Đại Phúc")
    assert len(data["matches"]) == 1, data["matches"]
    assert set(m) >= {"name", "level", "old_districts", "new_units", "zones", "former_bac_kan"}
    assert sorted(m["zones"]) == ["south", "west"]
    assert set(m["old_districts"]) == DAI_PHUC_DISTRICTS
    assert m["new_units"] == ["Xã Đại Phúc"]
    assert m["former_bac_kan"] is False
    pkg = package_units()["Xã Đại Phúc"]
    assert m["point"] == pytest.approx([pkg.lon, pkg.lat], abs=1e-4)


@pytest.mark.parametrize(("lang", "two_zones", "west_cluster", "south_cluster"), [
    ("en", "two zones", "Textiles and garments", "Electronics"),
    ("vi", "hai khu vực", "Dệt may", "Điện tử"),
])
def test_lookup_text_says_dai_phuc_spans_two_zones(lang, two_zones, west_cluster, south_cluster):
    result = run_cli("lookup", "xa dai phuc", "--lang", lang)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("Xã Đại Phúc")
    assert two_zones in text
    assert zone_name("south", lang) in text and zone_name("west", lang) in text
    assert zone_name("east", lang) not in text
    # both zones' priority clusters, so the reader sees what each side favours
    assert west_cluster in text and south_cluster in text
    # its lineage: every old commune the package says it was formed from
    for old in ("Phúc Xuân", "Phúc Trìu", "Hùng Sơn", "Tân Thái", "Phúc Tân"):
        assert old in text, old
    for district in DAI_PHUC_DISTRICTS:
        assert district in text


def test_lookup_tan_cuong_is_south_only():
    m = the(lookup_json("Xã Tân Cương")["matches"], "new_unit", "Xã Tân Cương")
    assert m["zones"] == ["south"]
    assert set(m["old_districts"]) == TAN_CUONG_DISTRICTS
    text = run_cli("lookup", "Xã Tân Cương", "--lang", "en").stdout
    assert zone_name("south", "en") in text
    assert zone_name("west", "en") not in text and "two zones" not in text


def test_lookup_split_old_commune_thuong_dinh_both_ways():
    data = lookup_json("Thượng Đình")
    m = the(data["matches"], "old_commune", "Xã Thượng Đình")
    assert set(m["new_units"]) == {"Xã Điềm Thụy", "Xã Phú Bình"}
    assert m["old_districts"] == ["Huyện Phú Bình"] and m["zones"] == ["south"]
    # and from each new unit back to it
    for unit in ("Xã Điềm Thụy", "Xã Phú Bình"):
        result = run_cli("lookup", unit, "--lang", "en")
        assert result.returncode == 0, result.stderr
        formed = next(line for line in result.stdout.splitlines() if "Formed from" in line)
        assert "Thượng Đình" in formed, (unit, result.stdout)


def test_lookup_old_form_address_tan_cuong():
    data = lookup_json("xã Tân Cương, TP Thái Nguyên")
    assert [(m["name"], m["level"], m["old_districts"], m["new_units"], m["zones"]) for m in data["matches"]] == [
        ("Xã Tân Cương", "old_commune", ["Thành phố Thái Nguyên"], ["Xã Tân Cương"], ["south"])
    ]


def test_lookup_new_form_address_pho_yen():
    data = lookup_json("Phường Phổ Yên, tỉnh Thái Nguyên")
    assert [(m["name"], m["level"], m["zones"]) for m in data["matches"]] == [("Phường Phổ Yên", "new_unit", ["south"])]
    assert data["matches"][0]["old_districts"] == ["Thành phố Phổ Yên"]
    assert data["matches"][0]["former_bac_kan"] is False


def test_lookup_former_bac_kan_unit_has_no_zone():
    m = the(lookup_json("Phường Bắc Kạn")["matches"], "new_unit", "Phường Bắc Kạn")
    assert m["former_bac_kan"] is True and m["zones"] == []
    text = run_cli("lookup", "Phường Bắc Kạn", "--lang", "en").stdout
    assert "former Bắc Kạn" in text
    assert not any(zone_name(k, "en") in text for k in ("south", "west", "east"))


def test_lookup_ambiguous_name_lists_every_candidate_and_exits_0():
    # "Phổ Yên": today's Phường Phổ Yên and the old city (district level) of Phổ Yên
    data = lookup_json("Phổ Yên")
    assert {(m["name"], m["level"]) for m in data["matches"]} == {
        ("Phường Phổ Yên", "new_unit"), ("Thành phố Phổ Yên", "old_district")}
    text = run_cli("lookup", "Phổ Yên", "--lang", "en")
    assert text.returncode == 0
    assert "Phường Phổ Yên" in text.stdout and "Thành phố Phổ Yên" in text.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lookup_unknown_name_exits_2_with_one_line_suggesting_the_closest(fmt):
    result = run_cli("lookup", "xa Tan Cuongg", "--format", fmt)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Xã Tân Cương" in lines[0]


# ---------------------------------------------------------------- every one of the 92


def test_every_new_unit_resolves_by_name_and_unaccented(capsys):
    """All 92 of the package's units, each by its name and folded to ASCII, through the command."""
    failures = []
    for name, pkg in package_units().items():
        for query in (name, ascii_fold(name)):
            code = main(["lookup", query, "--format", "json"])
            out, err = capsys.readouterr()
            if code != 0:
                failures.append((query, f"exit {code}: {err.strip()}"))
                continue
            units = [m for m in json.loads(out)["matches"] if m["level"] == "new_unit" and m["name"] == name]
            if len(units) != 1:
                failures.append((query, "not among the matches"))
                continue
            m = units[0]
            expected_bk = pkg.provinces == {"tinhbackan"}
            if m["former_bac_kan"] is not expected_bk or set(m["zones"]) != pkg.zones:
                failures.append((query, m["zones"], m["former_bac_kan"]))
    assert failures == []


# ---------------------------------------------------------------- tn-map communes


def _split(cell: str) -> set[str]:
    return {p for p in cell.split("; ") if p}


def test_communes_csv_is_the_package_crosswalk_with_zones(tmp_path):
    out = tmp_path / "communes.csv"
    result = run_cli("communes", "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 92
    assert set(rows[0]) >= {"name", "type", "code", "old_communes", "old_districts", "zones", "zone_names",
                            "former_bac_kan", "lon", "lat", "split_old_communes"}
    pkg = package_units()
    assert {r["name"] for r in rows} == set(pkg)
    assert Counter(r["type"] for r in rows) == {"ward": 15, "commune": 77}
    assert Counter(r["former_bac_kan"] for r in rows) == {"True": 37, "False": 55}
    for r in rows:
        p = pkg[r["name"]]
        assert r["type"] == p.kind and r["code"] == p.code, r
        assert (r["former_bac_kan"] == "True") is (p.provinces == {"tinhbackan"}), r
        assert _split(r["zones"]) == p.zones, r  # empty for former Bắc Kạn
        assert _split(r["zone_names"]) == {zone_name(k, "en") for k in p.zones}, r
        assert len(_split(r["old_communes"])) == len(p.old_keys), r
        assert float(r["lon"]) == pytest.approx(p.lon, abs=1e-4) and float(r["lat"]) == pytest.approx(p.lat, abs=1e-4)
    by_name = {r["name"]: r for r in rows}
    assert _split(by_name["Xã Đại Phúc"]["zones"]) == {"south", "west"}
    assert _split(by_name["Xã Đại Phúc"]["old_districts"]) == DAI_PHUC_DISTRICTS
    assert by_name["Xã Tân Cương"]["zones"] == "south"
    for unit in ("Xã Điềm Thụy", "Xã Phú Bình"):
        assert "Xã Thượng Đình" in _split(by_name[unit]["split_old_communes"])
        assert "Xã Thượng Đình" in _split(by_name[unit]["old_communes"])


def test_communes_xlsx_reopens_with_92_rows_and_a_sources_sheet(tmp_path):
    import openpyxl

    out = tmp_path / "communes.xlsx"
    result = run_cli("communes", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    assert "sources" in book.sheetnames
    data = book[book.sheetnames[0]]
    rows = [r for r in data.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    header, body = rows[0], rows[1:]
    assert len(body) == 92
    names = [r[header.index("name")] for r in body]
    assert set(names) == set(package_units())
    dai_phuc = body[names.index("Xã Đại Phúc")]
    assert _split(dai_phuc[header.index("zones")]) == {"south", "west"}
    # --lang vi (default): zone names in Vietnamese
    assert _split(dai_phuc[header.index("zone_names")]) == {zone_name("south", "vi"), zone_name("west", "vi")}
    sources = " ".join(str(v) for r in book["sources"].iter_rows(values_only=True) for v in r if v)
    assert "vietnamadminunits" in sources
    assert "2031/QĐ-UBND" in sources, f"the sources sheet does not cite the Decision by number: {sources!r}"


def test_communes_geojson_has_92_polygon_features(tmp_path):
    out = tmp_path / "communes.geojson"
    result = run_cli("communes", "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    features = data["features"]
    assert len(features) == 92
    assert {f["geometry"]["type"] for f in features} == {"MultiPolygon"}
    pkg = package_units()
    for f in features:
        p = pkg[f["properties"]["name"]]
        # the package's own point of the unit, as a column, and inside (or within 2 km of) its polygon
        lon, lat = f["properties"]["lon"], f["properties"]["lat"]
        assert (lon, lat) == (pytest.approx(p.lon, abs=1e-4), pytest.approx(p.lat, abs=1e-4))
        assert shapely.distance(shapely.geometry.shape(f["geometry"]), shapely.Point(lon, lat)) < 0.02, f["properties"]["name"]
        assert _split(f["properties"]["zones"] or "") == p.zones
        assert bool(f["properties"]["former_bac_kan"]) is (p.provinces == {"tinhbackan"})


def test_communes_without_output_prints_a_92_row_table():
    result = run_cli("communes")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 + 92
    dai_phuc = next(line for line in lines if "Xã Đại Phúc" in line)
    assert zone_name("south", "vi") in dai_phuc and zone_name("west", "vi") in dai_phuc


# ---------------------------------------------------------------- address-only site lists


@pytest.fixture(scope="module")
def addressed(tmp_path_factory):
    """A Vietnamese-headed site list with addresses only, old and new forms: (frame, report) by name."""
    path = write_csv(tmp_path_factory.mktemp("addr") / "du_an.csv", ["Tên dự án", "Ngành nghề", "Địa chỉ"], [
        ("old Tân Cương", "điện tử", "xã Tân Cương, TP Thái Nguyên"),
        ("new Phổ Yên", "điện tử", "Phường Phổ Yên, tỉnh Thái Nguyên"),
        ("new Đại Phúc textiles", "dệt may", "Xã Đại Phúc, tỉnh Thái Nguyên"),
        ("new Đại Phúc electronics", "điện tử", "Thôn 3, Xã Đại Phúc, tỉnh Thái Nguyên"),
        ("unaccented Đại Phúc", "dệt may", "xa dai phuc"),
        ("old Tân Thái (in Đại Phúc)", "dệt may", "xã Tân Thái, huyện Đại Từ, tỉnh Thái Nguyên"),
        ("old Phúc Tân (in Đại Phúc)", "dệt may", "xã Phúc Tân, TP Phổ Yên"),
        ("new Bắc Kạn", "điện tử", "Phường Bắc Kạn, tỉnh Thái Nguyên"),
        ("unknown", "điện tử", "Xã Không Có Thật, tỉnh Thái Nguyên"),
    ])
    frame, report = classify(path)
    return frame.set_index("Tên dự án", drop=False), report, path


def test_old_and_new_address_forms_land_in_the_right_zone_at_the_units_point(addressed):
    frame, _, _ = addressed
    old = frame.loc["old Tân Cương"]
    assert (old["status"], zones_of(old["zone"]), old["fit"]) == ("located", {"south"}, "priority")
    assert old["location_precision"] == "commune"
    assert (old.geometry.y, old.geometry.x) == pytest.approx(legacy_point("Thái Nguyên", "Tân Cương"), abs=1e-4)

    new = frame.loc["new Phổ Yên"]
    assert (new["status"], zones_of(new["zone"]), new["fit"]) == ("located", {"south"}, "priority")
    assert new["location_precision"] == "commune" and new["placed_at"] == "Phường Phổ Yên"
    pkg = package_units()["Phường Phổ Yên"]
    assert (new.geometry.y, new.geometry.x) == pytest.approx((pkg.lat, pkg.lon), abs=1e-4)


def test_new_form_address_of_a_two_zone_unit_gives_both_zones(addressed):
    frame, _, _ = addressed
    pkg = package_units()["Xã Đại Phúc"]
    for name in ("new Đại Phúc textiles", "new Đại Phúc electronics", "unaccented Đại Phúc"):
        row = frame.loc[name]
        assert row["status"] == "located", name
        assert zones_of(row["zone"]) == {"south", "west"}, name
        assert row["placed_at"] == "Xã Đại Phúc" and row["location_precision"] == "commune"
        assert (row.geometry.y, row.geometry.x) == pytest.approx((pkg.lat, pkg.lon), abs=1e-4)


def test_old_form_address_inside_a_two_zone_unit_names_its_old_districts_zone(addressed):
    frame, _, _ = addressed
    tan_thai = frame.loc["old Tân Thái (in Đại Phúc)"]
    phuc_tan = frame.loc["old Phúc Tân (in Đại Phúc)"]
    assert zones_of(tan_thai["zone"]) == {"west"}  # old Đại Từ
    assert zones_of(phuc_tan["zone"]) == {"south"}  # old Phổ Yên
    # textiles: a West cluster, not a South one — one zone, one plain verdict
    assert tan_thai["fit"] == "priority"
    assert phuc_tan["fit"] == "not_priority"


def test_sector_priority_in_only_one_of_two_zones_is_a_split_verdict(addressed):
    frame, _, _ = addressed
    assert frame.loc["new Đại Phúc textiles", "fit"] == "split"  # West cluster only
    assert frame.loc["new Đại Phúc electronics", "fit"] == "split"  # South cluster only
    assert frame.loc["unaccented Đại Phúc", "fit"] == "split"


def test_bac_kan_address_is_outside_zoning_and_unknown_address_is_rejected_naming_the_column(addressed):
    frame, report, _ = addressed
    bk = frame.loc["new Bắc Kạn"]
    assert bk["status"] == "outside_zoning" and zones_of(bk["zone"]) == set()
    pkg = package_units()["Phường Bắc Kạn"]
    assert (bk.geometry.y, bk.geometry.x) == pytest.approx((pkg.lat, pkg.lon), abs=1e-4)
    unknown = frame.loc["unknown"]
    assert (unknown["status"], unknown["reason"], unknown["reason_column"]) == ("rejected", "address_unknown", "Địa chỉ")
    assert report.rows_in == 9
    assert (report.located, report.outside_zoning, report.rejected) == (7, 1, 1)
    assert report.rows_in == report.located + report.outside_zoning + report.rejected
    assert report.rejected_by_reason == {"address_unknown": 1}


def test_two_zone_site_counts_as_a_priority_in_the_zone_whose_cluster_it_is(addressed):
    """Zone figures judge each site against that zone: textiles in Đại Phúc is a West priority.

    West holds: Đại Phúc textiles ×2 (West cluster), Đại Phúc electronics (not
    a West cluster), old Tân Thái textiles (West cluster) → 3 of 4.  South
    holds: old Tân Cương, new Phổ Yên (electronics, South cluster), Đại Phúc
    electronics (South), Đại Phúc textiles ×2 and old Phúc Tân textiles (not
    South) → 3 of 6.
    """
    _, report, _ = addressed
    assert report.zones["west"].count == 4 and report.zones["south"].count == 6
    assert report.zones["west"].priority_share == pytest.approx(0.75, abs=1e-3)
    assert report.zones["south"].priority_share == pytest.approx(0.5, abs=1e-3)


def test_points_in_former_bac_kan_are_outside_zoning_a_hanoi_point_outside_the_province(tmp_path):
    path = write_csv(tmp_path / "points.csv", ["name", "sector", "address", "lat", "lon"], [
        ("Bắc Kạn town", "điện tử", "", *BAC_KAN_TOWN),
        ("Ba Bể lake", "du lịch", "", *BA_BE_LAKE),
        ("Hoàn Kiếm", "điện tử", "", *HANOI),
        ("Ba Bể by address", "du lịch", "Xã Ba Bể, tỉnh Thái Nguyên", "", ""),
        ("Phổ Yên by address", "điện tử", "Phường Phổ Yên, tỉnh Thái Nguyên", "", ""),
    ])
    frame, report = classify(path)
    frame = frame.set_index("name", drop=False)
    for name in ("Bắc Kạn town", "Ba Bể lake", "Ba Bể by address"):
        assert frame.loc[name, "status"] == "outside_zoning", name
        assert frame.loc[name, "reason"] == "", name
    assert frame.loc["Bắc Kạn town", "location_precision"] == "exact"
    assert (frame.loc["Hoàn Kiếm", "status"], frame.loc["Hoàn Kiếm", "reason"]) == ("rejected", "outside_province")
    assert frame.loc["Phổ Yên by address", "status"] == "located"
    assert (report.rows_in, report.located, report.outside_zoning, report.rejected) == (5, 1, 3, 1)
    assert report.rejected_by_reason == {"outside_province": 1}


def test_english_address_header_and_unknown_address(tmp_path):
    path = write_csv(tmp_path / "sites.csv", ["name", "sector", "address"], [
        ("a", "electronics", "Phuong Pho Yen, Thai Nguyen"),
        ("b", "electronics", "Nowhere Ward, Thai Nguyen"),
        ("c", "electronics", ""),
    ])
    frame, report = classify(path)
    assert frame.loc[0, "status"] == "located" and zones_of(frame.loc[0, "zone"]) == {"south"}
    assert (frame.loc[1, "status"], frame.loc[1, "reason"], frame.loc[1, "reason_column"]) == (
        "rejected", "address_unknown", "address")
    assert frame.loc[2, "status"] == "rejected" and frame.loc[2, "reason"] != ""
    assert report.rows_in == report.located + report.outside_zoning + report.rejected == 3


def test_commune_column_names_a_commune_not_a_district(tmp_path):
    """Under a Xã/Phường header "Phổ Yên" is Phường Phổ Yên: the old city of Phổ Yên is no commune."""
    path = write_csv(tmp_path / "xa.csv", ["Tên", "Ngành", "Xã/Phường"], [
        ("a", "điện tử", "Phổ Yên"),
        ("b", "dệt may", "Đại Phúc"),
    ])
    frame, _ = classify(path)
    assert (frame.loc[0, "status"], frame.loc[0, "placed_at"], zones_of(frame.loc[0, "zone"])) == (
        "located", "Phường Phổ Yên", {"south"}), frame.loc[0, ["status", "reason", "placed_at"]].to_dict()
    assert zones_of(frame.loc[1, "zone"]) == {"south", "west"} and frame.loc[1, "fit"] == "split"


# ---------------------------------------------------------------- the command line on such lists


def test_sites_classify_summary_accounts_for_every_row(addressed, tmp_path):
    _, _, path = addressed
    result = run_cli("sites", "classify", str(path), "-o", str(tmp_path / "out.csv"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    match = re.search(r"(\d+) rows in -> ([^;]*)", first)
    assert match, first
    counted = sum(int(n) for n in re.findall(r"\d+", match.group(2)))
    assert counted == int(match.group(1)) == 9, f"the summary leaves rows out: {first!r}"

    as_json = run_cli("sites", "classify", str(path), "-o", str(tmp_path / "out2.csv"), "--format", "json")
    report = json.loads(as_json.stdout)
    assert report["rows_in"] == report["located"] + report["outside_zoning"] + report["rejected"] == 9
    assert report["outside_zoning"] == 1 and report["rejected_by_reason"] == {"address_unknown": 1}


@pytest.fixture(scope="module")
def classified_rows(addressed, tmp_path_factory):
    """`tn-map sites classify … -o out.csv --lang en` on the address list: rows by project name."""
    _, _, path = addressed
    out = tmp_path_factory.mktemp("classified") / "out.csv"
    result = run_cli("sites", "classify", str(path), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = {r["Tên dự án"]: r for r in csv.DictReader(f)}
    assert len(rows) == 9
    return rows


def test_classified_file_names_both_zones_of_a_two_zone_site(classified_rows):
    dai_phuc = classified_rows["new Đại Phúc textiles"]
    assert _split(dai_phuc["zone"]) == {"south", "west"}
    assert dai_phuc["fit"] == "split" and dai_phuc["fit_text"]
    assert zone_name("south", "en") in dai_phuc["zone_name"] and zone_name("west", "en") in dai_phuc["zone_name"], dai_phuc
    assert classified_rows["new Bắc Kạn"]["status"] == "outside_zoning"


def test_classified_file_says_which_column_and_value_an_unknown_address_came_from(classified_rows):
    unknown = classified_rows["unknown"]
    assert unknown["reason"] == "address_unknown" and unknown["reason_column"] == "Địa chỉ"
    assert "{" not in unknown["reason_text"], unknown["reason_text"]
    assert "Địa chỉ" in unknown["reason_text"] and "Xã Không Có Thật" in unknown["reason_text"]


@pytest.mark.parametrize("command", ["build", "image"])
def test_map_and_image_accept_address_only_sites_in_a_two_zone_unit_and_former_bac_kan(addressed, tmp_path, command):
    _, _, path = addressed
    out = tmp_path / ("map.html" if command == "build" else "map.png")
    extra = ("--basemap", "none") if command == "build" else ("--dpi", "60")
    result = run_cli(command, "-o", str(out), "--sites", str(path), "--lang", "en", *extra)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0


def test_image_draws_former_bac_kan_and_todays_names():
    fig = tn_map.draw_static_map(tn_map.load_districts(), lang="en").figure
    texts = [t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.texts]
    assert "Vĩnh Phúc (now part of Phú Thọ)" in texts
    assert "Bắc Giang (now part of Bắc Ninh)" in texts
    former = [t for t in texts if "Bắc Kạn" in t]
    assert former and all("1 July 2025" in t for t in former), former
    assert "Bắc Kạn" not in texts  # not drawn as a neighbour any more
