"""The bundled boundaries and context layer: real data, reproducible, validated on load.

Areas are checked against measures made here, not against figures the
program printed: an equal-area projection of the geometry (a different
method from the pipeline's ``pyproj.Geod`` integration), the raw official
files when they are beside the repository, and the official province area.
The districts themselves are rebuilt from today's units; their checks
against official figures and reference points are in ``test_geography.py``.
"""

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS, Geod
from shapely.geometry import box, shape

from tn_map import InputFileError
from tn_map.i18n import Notice
from tn_map._resources import data_path
from tn_map.load import read_boundaries, read_context
from tn_map.validate import validate_boundaries

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
RAW = SHARED_DATA / "dvhcvn"
needs_raw = pytest.mark.skipif(
    not (RAW / "19.json").is_file() or not (SHARED_DATA / "vn-provinces-db").is_dir(), reason="raw boundary files not beside the repo"
)

# Lambert azimuthal equal-area on the WGS 84 ellipsoid, centred on the
# province: planar areas in it are ellipsoidal areas.
EQUAL_AREA = CRS.from_proj4("+proj=laea +lat_0=21.7 +lon_0=105.85 +ellps=WGS84 +units=m +no_defs")

# General Statistics Office: district-level units of Thái Nguyên and their codes
# (166 does not exist).
GSO_UNITS = {
    164: "Thành phố Thái Nguyên", 165: "Thành phố Sông Công", 167: "Huyện Định Hóa", 168: "Huyện Phú Lương",
    169: "Huyện Đồng Hỷ", 170: "Huyện Võ Nhai", 171: "Huyện Đại Từ", 172: "Thành phố Phổ Yên", 173: "Huyện Phú Bình",
}
# Official area of Thái Nguyên province at 31 Dec 2024, General Statistics Office
# (GSO), in km² (also quoted in data/SOURCES.md).  The digitised dvhcvn
# boundaries measure ~3,526.6 km², 0.13 % more.  A 10 km² (0.28 %) tolerance
# admits that, and nothing like a lost district (the smallest, Sông Công, is
# ~97 km²), an area on a spherical Earth (+14 km²), in Web Mercator (+583 km²)
# or in square degrees, or m² for km².  Finer errors are for the per-district
# equal-area checks below.
GSO_PROVINCE_KM2 = 3521.96
GSO_TOLERANCE_KM2 = 10.0


def equal_area_km2(geoms: gpd.GeoSeries) -> list[float]:
    """Each geometry's area in km², measured in :data:`EQUAL_AREA` (independent of tn-map)."""
    return list(geoms.to_crs(EQUAL_AREA).area / 1e6)


def _bundled():
    gdf, _source, _notes = read_boundaries()
    return gdf


def test_nine_districts_with_gso_codes_and_names():
    gdf, source, notes = read_boundaries()
    assert source == "boundaries.geojson (bundled)"
    assert notes == ()
    assert gdf.crs.to_epsg() == 4326
    assert dict(zip(gdf["code"], gdf["name_full"])) == GSO_UNITS
    for row in gdf.itertuples():
        prefix = "Thành phố " if row.code in (164, 165, 172) else "Huyện "
        assert (row.unit_type, row.name) == (prefix.strip().lower(), row.name_full.removeprefix(prefix)), row.code
    pho_yen = gdf.set_index("code").loc[172]
    assert pho_yen["name_en"] == "Pho Yen City"


def test_each_district_area_is_its_equal_area_measure():
    gdf = _bundled()
    # the file rounds to 0.01 km²; the two methods agree to well under 0.001 km²
    for name, stored, measured in zip(gdf["name"], gdf["area_km2"], equal_area_km2(gdf.geometry)):
        assert stored == pytest.approx(measured, abs=0.006), name


def test_areas_add_up_to_the_official_province_area():
    gdf = _bundled()
    assert sum(equal_area_km2(gdf.geometry)) == pytest.approx(GSO_PROVINCE_KM2, abs=GSO_TOLERANCE_KM2)
    assert gdf["area_km2"].sum() == pytest.approx(GSO_PROVINCE_KM2, abs=GSO_TOLERANCE_KM2)
    # Võ Nhai is the largest district, Sông Công (a city) the smallest
    assert gdf.loc[gdf["area_km2"].idxmax(), "name"] == "Võ Nhai"
    assert gdf.loc[gdf["area_km2"].idxmin(), "name"] == "Sông Công"


def test_districts_form_a_clean_coverage_without_holes():
    gdf = _bundled()
    assert gdf.is_valid.all()
    assert shapely.coverage_is_valid(gdf.geometry.values)  # no overlaps
    province = shapely.coverage_union_all(gdf.geometry.values)
    # the province is one piece with no enclave: a gap between districts would be a hole
    assert province.geom_type == "Polygon" and len(province.interiors) == 0


@needs_raw
def test_districts_agree_with_the_2019_lines_except_where_the_city_grew():
    """The rebuilt districts and the 2019 extract (dvhcvn) differ by the ~52 km² moved into TP Thái Nguyên.

    Sơn Cẩm (from Phú Lương), Chùa Hang, Linh Sơn, Huống Thượng (from Đồng Hỷ) and Đồng Liên (from Phú
    Bình) joined the city after the extract was drawn: the city grows by about that much, those three
    districts shrink by it, and the other five districts stay within 2 % of the old lines.
    """
    raw = json.loads((RAW / "19.json").read_text(encoding="utf-8"))
    old = gpd.GeoSeries({int(u["level2_id"]): shape(u) for u in raw["level2s"]}, crs=4326)
    gdf = _bundled().set_index("code")
    new = dict(zip(gdf.index, equal_area_km2(gdf.geometry)))
    before = dict(zip(old.index, equal_area_km2(old)))
    assert new[164] - before[164] == pytest.approx(52, abs=3)
    # (the 2019 outline is also ~5 km² larger along the province border, part of it along these three)
    assert sum(before[c] - new[c] for c in (168, 169, 173)) == pytest.approx(52, abs=5)
    for code in (165, 167, 170, 171, 172):
        assert new[code] == pytest.approx(before[code], rel=0.02), code
    # and they are the same province: the outlines differ by slivers along the border only
    union = gpd.GeoSeries([shapely.coverage_union_all(gdf.geometry.values)], crs=4326)
    outline = gpd.GeoSeries([shape(raw)], crs=4326)
    assert equal_area_km2(union.symmetric_difference(outline))[0] < 0.01 * GSO_PROVINCE_KM2


def test_text_is_nfc():
    raw = (ROOT / "data" / "boundaries.geojson").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_context_layer_roles():
    ctx = read_context()
    roles = sorted(zip(ctx["role"], ctx["name"], ctx["part_of"]))
    # today's province and today's neighbours (2025), and the old provinces the Decision's interregional
    # high-tech space names, each with the province it is part of today
    assert roles == [
        ("hightech", "Bắc Giang", "Bắc Ninh"), ("hightech", "Bắc Ninh", "Bắc Ninh"),
        ("hightech", "Hà Nội", "Hà Nội"), ("hightech", "Vĩnh Phúc", "Phú Thọ"),
        ("neighbour", "Bắc Ninh", "Bắc Ninh"), ("neighbour", "Cao Bằng", "Cao Bằng"), ("neighbour", "Hà Nội", "Hà Nội"),
        ("neighbour", "Lạng Sơn", "Lạng Sơn"), ("neighbour", "Phú Thọ", "Phú Thọ"), ("neighbour", "Tuyên Quang", "Tuyên Quang"),
        ("subject", "Thái Nguyên", "Thái Nguyên"),
    ]
    today = ctx[ctx["role"] != "hightech"]
    assert shapely.coverage_is_valid(today.geometry.values)
    assert shapely.coverage_is_valid(ctx[ctx["role"] == "hightech"].geometry.values)
    # today's Thái Nguyên (with former Bắc Kạn) is about 8,375 km²: a display outline, within 2 %
    subject = today[today["role"] == "subject"]
    assert equal_area_km2(subject.geometry)[0] == pytest.approx(8375.21, rel=0.02)


@needs_raw
def test_build_script_reproduces_committed_files_byte_for_byte(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_boundaries.py"), "--shared", str(SHARED_DATA), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = ("units.geojson", "boundaries.geojson", "units_web.json", "context.geojson", "former_bac_kan.geojson")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for name in names:
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_the_pages_units_are_the_installed_crosswalk():
    """The map reads the 92 units' rows from data/units_web.json: they must say what the package's crosswalk says."""
    from tn_map.locate.crosswalk import build_crosswalk

    bundled = json.loads((ROOT / "data" / "units_web.json").read_text(encoding="utf-8"))["units"]
    assert len(bundled) == 92
    crosswalk = {o.unit.code: o for o in build_crosswalk().units}
    for row in bundled:
        origin = crosswalk[row["code"]]
        assert row["name"] == origin.unit.name
        assert row["unit_type"] == ("ward" if origin.unit.unit_type == "ward" else "commune")
        assert row["zones"] == list(origin.zones)
        assert row["old_districts"] == [d.name for d in origin.old_districts]
        assert row["old_communes"] == [f"{c.name} ({c.district})" for c in origin.old_communes]
        assert row["former_bac_kan"] == origin.former_bac_kan
    by_name = {row["name"]: row for row in bundled}
    assert by_name["Xã Đại Phúc"]["zones"] == ["south", "west"]  # formed from two zones: both, never a guess
    assert sum(row["former_bac_kan"] for row in bundled) == 37


@needs_raw
def test_raw_files_are_not_copied_into_the_repo():
    raw_bytes = {p.read_bytes() for p in RAW.glob("*.json")}
    raw_bytes |= {p.read_bytes() for p in (SHARED_DATA / "vn-provinces-db").rglob("*.geojson")}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".json", ".geojson") and path.is_file():
            assert path.read_bytes() not in raw_bytes, name


def _square(x, y, size=0.1):
    return box(x, y, x + size, y + size)


def test_projected_input_is_reprojected_with_a_note():
    original = _bundled()
    out, notes = validate_boundaries(original.to_crs("EPSG:9213"), where="x.gpkg")
    assert out.crs.to_epsg() == 4326
    assert notes == [Notice.of("reprojected", crs="EPSG:9213")]
    assert notes[0].text("en") == "reprojected from EPSG:9213 to EPSG:4326"
    assert notes[0].text("vi") == "đã chuyển từ EPSG:9213 sang EPSG:4326"
    # back where it was: a round trip through VN-2000 moves nothing by more than 1e-7° (~1 cm)
    moved = shapely.hausdorff_distance(out.geometry.values, original.geometry.values)
    assert moved.max() < 1e-7


def test_geographic_wgs84_input_is_left_alone():
    original = _bundled()
    out, notes = validate_boundaries(original, where="x.geojson")
    assert notes == []
    assert all(a.equals_exact(b, 0) for a, b in zip(out.geometry, original.geometry))


def test_invalid_geometry_is_repaired_and_reported():
    bowtie = shapely.Polygon([(105.0, 21.0), (105.1, 21.1), (105.1, 21.0), (105.0, 21.1), (105.0, 21.0)])
    square = _square(106, 21)
    # the 0.1° square at (107, 21) with a zero-width spike up its right side
    spike = shapely.Polygon([(107.0, 21.0), (107.1, 21.0), (107.1, 21.1), (107.1, 21.2), (107.1, 21.1), (107.0, 21.1)])
    gdf = gpd.GeoDataFrame({"name": ["a", "b", "c"]}, geometry=[square, bowtie, spike], crs=4326)
    out, notes = validate_boundaries(gdf, where="f.geojson")
    assert notes == [Notice.of("repaired", rows="2, 3")]
    assert notes[0].text("en") == "repaired invalid geometries in rows 2, 3 with make_valid"
    assert out.is_valid.all()
    assert out.geometry.iloc[0].equals_exact(square, 0)  # the valid row is untouched
    # the bow-tie becomes its two triangles: half the 0.1° square
    assert out.geometry.iloc[1].geom_type == "MultiPolygon"
    assert out.geometry.iloc[1].area == pytest.approx(0.005)
    # the spike is dropped (make_valid gives a polygon and a stray line): the square alone
    assert out.geometry.iloc[2].geom_type == "Polygon"
    assert out.geometry.iloc[2].equals(_square(107, 21))


def test_overlapping_units_are_rejected_naming_rows_and_the_overlap():
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[_square(105.0, 21.0), _square(106.0, 21.0), _square(105.05, 21.05)],
        crs=4326,
    )
    with pytest.raises(InputFileError) as err:
        validate_boundaries(gdf, where="f.geojson")
    assert err.value.where == "f.geojson"
    found = re.match(r"f\.geojson: rows 1 and 3 overlap by ([\d.]+) km²", str(err.value))
    assert found, str(err.value)
    # the overlap is the 0.05° square at (105.05, 21.05); tn-map measures it in
    # EPSG:9213, here it is measured on the ellipsoid
    expected = abs(Geod(ellps="WGS84").geometry_area_perimeter(box(105.05, 21.05, 105.1, 21.1))[0]) / 1e6
    assert float(found.group(1)) == pytest.approx(expected, abs=0.1)


def test_units_sharing_a_border_or_overlapping_by_under_a_hectare_are_accepted():
    # side by side: they touch along a border, the normal case
    touching = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[_square(105.0, 21.0), _square(105.1, 21.0)], crs=4326)
    assert validate_boundaries(touching, where="f")[1] == []
    # 1e-6° (~0.1 m) of overlap along an 11 km border: ~0.1 ha of digitising noise
    sliver = gpd.GeoDataFrame(
        {"name": ["a", "b"]}, geometry=[_square(105.0, 21.0), _square(105.099999, 21.0)], crs=4326
    )
    assert validate_boundaries(sliver, where="f")[1] == []


def test_missing_crs_empty_and_non_polygons_are_rejected():
    no_crs = gpd.GeoDataFrame({"name": ["a"]}, geometry=[_square(105, 21)])
    with pytest.raises(InputFileError, match="^f: the layer declares no coordinate reference system") as err:
        validate_boundaries(no_crs, where="f")
    assert err.value.where == "f"
    points = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[_square(105, 21), shapely.Point(105, 21)], crs=4326)
    with pytest.raises(InputFileError, match=r"^f: rows 2 are not polygons"):
        validate_boundaries(points, where="f")
    empty = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[None, _square(105, 21)], crs=4326)
    with pytest.raises(InputFileError, match=r"^f: rows 1 have no geometry"):
        validate_boundaries(empty, where="f")
    none = gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    with pytest.raises(InputFileError, match="^f: the layer has no features"):
        validate_boundaries(none, where="f")


def test_bundled_file_passes_the_checks_it_skips_on_read():
    """read_districts() trusts the bundled file; the same file given as a path is validated in full.

    Both must give the same districts, with no notes: were the bundled file to need a repair or a
    reprojection, or lie outside the province, the default map would silently differ from a checked one.
    """
    from tn_map._resources import data_path
    from tn_map.pipeline import read_districts
    from tn_map.validate import check_location

    raw = _bundled()
    valid, notes = validate_boundaries(raw, where="bundled")
    assert notes == []
    assert valid.crs.to_epsg() == 4326
    assert all(a.equals_exact(b, 0) for a, b in zip(valid.geometry, raw.geometry))
    trusted = read_districts()
    check_location(trusted.frame, where="bundled")  # raises when the shapes are not in Thái Nguyên
    checked = read_districts(data_path("boundaries.geojson"))
    assert trusted.notes == ()
    # a file given as a path: only the note that today's communes come from the bundled map, never its own
    assert checked.notes == (Notice.of("units_bundled"),)
    assert trusted.name_field == checked.name_field
    assert trusted.frame.to_wkb().equals(checked.frame.to_wkb())


def test_bundled_layers_are_read_once_but_handed_out_as_copies():
    """A caller that changes the context layer it was given does not change the next caller's."""
    first = read_context()
    first.loc[:, "role"] = "changed"
    first.loc[:, "name"] = ""
    second = read_context()
    assert "changed" not in set(second["role"])
    assert (second["role"] == "subject").sum() == 1
    assert "" not in set(second["name"])


@pytest.mark.parametrize("name", ["boundaries.geojson", "context.geojson", "former_bac_kan.geojson", "units.geojson"])
def test_bundled_files_read_without_gdal_give_gdals_frame(name):
    """The bundled layers skip GDAL's start; what they give is exactly what GDAL reads from the same file."""
    from geopandas.testing import assert_geodataframe_equal

    from tn_map.load.boundaries import _properties_by_line, read_derived_geojson, read_vector

    ours = read_derived_geojson(data_path(name))
    assert ours is not None, "the bundled file fell back to GDAL"
    # read line by line, as the build script lays the file out (properties without their coordinates)
    assert len(_properties_by_line(data_path(name).read_text(encoding="utf-8"))) == len(ours)
    gdal, _ = read_vector(data_path(name))
    assert list(ours.dtypes.astype(str)) == list(gdal.dtypes.astype(str))
    assert_geodataframe_equal(ours, gdal)
    assert ours.crs == gdal.crs == "EPSG:4326"
    # list cells: GDAL's arrays of texts (and lists where a row has none), value by value
    for column in ours.columns[ours.dtypes == object]:
        for a, b in zip(ours[column], gdal[column]):
            assert type(a) is type(b) and list(a) == list(b)


def test_a_geojson_the_fast_reader_cannot_type_is_left_to_gdal(tmp_path):
    """A null, a nested value or a declared CRS: the file is GDAL's to read (no guess at its types)."""
    from tn_map.load.boundaries import read_derived_geojson

    square = {"type": "Polygon", "coordinates": [[[105.8, 21.5], [105.9, 21.5], [105.9, 21.6], [105.8, 21.5]]]}
    for props, extra in (({"a": None}, {}), ({"a": {"b": 1}}, {}), ({"a": 1}, {"crs": {"type": "name", "properties": {"name": "EPSG:9213"}}})):
        path = tmp_path / "f.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", **extra,
                                    "features": [{"type": "Feature", "properties": props, "geometry": square}]}))
        assert read_derived_geojson(path) is None
    # laid out otherwise (one line, a feature without a geometry): the whole file is decoded, or left to GDAL
    line = {"type": "Feature", "properties": {"a": 1}, "geometry": square}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [line]}))
    assert read_derived_geojson(path)["a"].tolist() == [1]
    path.write_text('{"type": "FeatureCollection", "name": "x", "features": [\n'
                    + json.dumps({**line, "geometry": None}, separators=(",", ":")) + "\n]}\n")
    assert read_derived_geojson(path) is None
    # and a plain one it can: whole numbers as GDAL types them
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": 3_000_000_000, "k": 7, "d": "2025-07-01"}, "geometry": square}]}))
    frame = read_derived_geojson(path)
    assert str(frame["n"].dtype) == "int64" and str(frame["k"].dtype) == "int32"
    assert str(frame["d"].dtype) == "datetime64[ms]"
