"""The bundled boundaries and context layer: real data, reproducible, validated on load."""

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from tn_map import TnMapError
from tn_map.load import read_boundaries, read_context
from tn_map.validate import validate_boundaries

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data" / "dvhcvn"


def test_nine_districts_with_codes_and_names():
    gdf = read_boundaries()
    assert len(gdf) == 9
    assert gdf.crs.to_epsg() == 4326
    assert sorted(gdf["code"]) == [164, 165, 167, 168, 169, 170, 171, 172, 173]
    row = gdf.set_index("code").loc[172]
    assert (row["name"], row["name_full"], row["unit_type"], row["name_en"]) == (
        "Phổ Yên", "Thành phố Phổ Yên", "thành phố", "Pho Yen City",
    )
    assert set(gdf["unit_type"]) == {"thành phố", "huyện"}


def test_areas_add_up_to_the_official_province_area():
    gdf = read_boundaries()
    # official figure at 31 Dec 2024: 3,521.96 km²; digitised boundaries differ slightly
    assert gdf["area_km2"].sum() == pytest.approx(3521.96, rel=0.005)
    # Võ Nhai is the largest district, Sông Công the smallest
    assert gdf.loc[gdf["area_km2"].idxmax(), "name"] == "Võ Nhai"
    assert gdf.loc[gdf["area_km2"].idxmin(), "name"] == "Sông Công"


def test_districts_form_a_clean_coverage():
    gdf = read_boundaries()
    assert gdf.is_valid.all()
    assert shapely.coverage_is_valid(gdf.geometry.values)


def test_text_is_nfc():
    raw = (ROOT / "data" / "boundaries.geojson").read_text(encoding="utf-8")
    import unicodedata

    assert unicodedata.normalize("NFC", raw) == raw


def test_context_layer_roles():
    ctx = read_context()
    roles = dict(zip(ctx["name"], ctx["role"]))
    assert roles == {
        "Hà Nội": "hightech", "Vĩnh Phúc": "hightech", "Bắc Giang": "hightech", "Bắc Ninh": "hightech",
        "Thái Nguyên": "subject", "Bắc Kạn": "neighbour", "Tuyên Quang": "neighbour", "Lạng Sơn": "neighbour",
    }
    assert shapely.coverage_is_valid(ctx.geometry.values)


@pytest.mark.skipif(not (RAW / "19.json").is_file(), reason="raw dvhcvn files not beside the repo")
def test_build_script_reproduces_committed_files_byte_for_byte(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_boundaries.py"), "--source", str(RAW), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in ("boundaries.geojson", "boundaries_web.geojson", "context.geojson"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


@pytest.mark.skipif(not (RAW / "19.json").is_file(), reason="raw dvhcvn files not beside the repo")
def test_raw_files_are_not_copied_into_the_repo():
    raw_bytes = {p.read_bytes() for p in RAW.glob("*.json")}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix == ".json" and path.is_file():
            assert path.read_bytes() not in raw_bytes, name


def _square(x, y, size=0.1):
    return box(x, y, x + size, y + size)


def test_projected_input_is_reprojected_with_a_note():
    gdf = read_boundaries().to_crs("EPSG:9213")
    out, notes = validate_boundaries(gdf, where="x.gpkg")
    assert out.crs.to_epsg() == 4326
    assert any("EPSG:9213" in n for n in notes)


def test_invalid_geometry_is_repaired_and_reported():
    bowtie = shapely.Polygon([(105.0, 21.0), (105.1, 21.1), (105.1, 21.0), (105.0, 21.1), (105.0, 21.0)])
    gdf = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[_square(106, 21), bowtie], crs=4326)
    out, notes = validate_boundaries(gdf, where="f.geojson")
    assert out.is_valid.all()
    assert notes == ["repaired invalid geometries in rows 2 with make_valid"]


def test_overlapping_units_are_rejected_naming_rows():
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[_square(105.0, 21.0), _square(106.0, 21.0), _square(105.05, 21.05)],
        crs=4326,
    )
    with pytest.raises(TnMapError, match=r"f\.geojson: rows 1 and 3 overlap by [\d.]+ km²"):
        validate_boundaries(gdf, where="f.geojson")


def test_missing_crs_and_non_polygons_are_rejected():
    no_crs = gpd.GeoDataFrame({"name": ["a"]}, geometry=[_square(105, 21)])
    with pytest.raises(TnMapError, match="no coordinate reference system"):
        validate_boundaries(no_crs, where="f")
    points = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(105, 21)], crs=4326)
    with pytest.raises(TnMapError, match="rows 1 are not polygons"):
        validate_boundaries(points, where="f")
