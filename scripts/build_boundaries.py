#!/usr/bin/env python3
"""Derive tn-map's bundled boundary files from the raw dvhcvn GIS files.

Reads ``../shared/data/dvhcvn/NN.json`` (pre-2025 units, WGS 84, GPL-3.0; see
``data/SOURCES.md``) and writes:

``data/boundaries.geojson``
    the 9 district-level units of Thái Nguyên at full resolution, coordinates
    rounded to 6 decimals (about 0.1 m), EPSG:4326, sorted by GSO code.
    Properties: ``code``, ``name``, ``name_full``, ``unit_type``, ``name_en``,
    ``area_km2`` (geodesic area on the WGS 84 ellipsoid, km²).

``data/context.geojson``
    province outlines of Thái Nguyên and its context: the interregional
    high-tech space (Hà Nội, Vĩnh Phúc, Bắc Giang, Bắc Ninh) and the other
    neighbours (Bắc Kạn, Tuyên Quang, Lạng Sơn).  Simplified together with
    :func:`shapely.coverage_simplify` in VN-2000 / TM-3 106-30 (EPSG:9213,
    metres, tolerance 1000 m) so shared borders stay identical, then rounded to
    4 decimals (about 11 m): an outline for context at province scale.

``data/former_bac_kan.geojson``
    the outline of former Bắc Kạn province (merged into Thái Nguyên on 1 July
    2025), simplified in EPSG:9213 to within 20 m (Douglas–Peucker) and
    rounded to 5 decimals: enough to tell a point in today's Thái Nguyên but
    outside the 2030 scheme's zones from a point outside the province.

``data/boundaries_web.geojson``
    the same 9 units simplified for web pages by
    :func:`tn_map.render.geometry.simplify_for_web` (shared borders kept, within
    30 m Hausdorff), each with the fingerprint (``source_key``) of the unit it
    stands for: a precomputed copy that ``tn-map build`` uses only when the
    boundaries it maps are exactly these.

``data/new_units.json``
    the 92 communes and wards of today's Thái Nguyên as the map shows them
    (:func:`tn_map.render.model.unit_rows` for the scheme's plan): name,
    type, zone keys, the old communes and districts they were formed from,
    whether they are former Bắc Kạn, and their point.  Derived from the
    ``vietnamadminunits`` crosswalk (MIT), not from the raw files: a copy so
    that ``tn-map build`` need not rebuild the crosswalk on every run.

The output is deterministic: re-running the script on the same inputs gives
the same bytes (``--check`` verifies that against the committed files).

Usage::

    python scripts/build_boundaries.py [--source DIR] [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tn_map.names import ascii_name, nfc  # noqa: E402
from tn_map.render.geometry import WEB_DECIMALS, WEB_MAX_ERROR_M, geometry_key, simplify_for_web  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "dvhcvn"
PROVINCE_FILE = "19.json"
# file stem -> role.  Thái Nguyên's own outline is part of the context layer so
# that the simplified neighbours meet it without gaps.
CONTEXT_FILES = {
    "19": "subject",
    "01": "hightech",
    "26": "hightech",
    "24": "hightech",
    "27": "hightech",
    "06": "neighbour",
    "08": "neighbour",
    "20": "neighbour",
}
FULL_DECIMALS = 6
CONTEXT_DECIMALS = 4
CONTEXT_TOLERANCE_M = 1000.0
METRIC_CRS = "EPSG:9213"  # VN-2000 / TM-3 106-30

_GEOD = Geod(ellps="WGS84")
_UNIT_TYPES = {"Thành phố": ("thành phố", "City"), "Huyện": ("huyện", "District"), "Thị xã": ("thị xã", "Town")}
_PROVINCE_TYPES = {"Thành phố": "City", "Tỉnh": "Province"}


def _split_unit(name_full: str, table: dict) -> tuple[str, str]:
    for prefix in table:
        if name_full.startswith(prefix + " "):
            return prefix, name_full[len(prefix) + 1 :]
    raise ValueError(f"unexpected unit name {name_full!r}")


def _rounded(geom, decimals: int):
    """Snap to a grid of 10^-decimals degrees, keeping the geometry valid."""
    out = shapely.set_precision(geom, 10.0**-decimals)
    if out.geom_type == "Polygon":
        out = shapely.MultiPolygon([out])
    return out


def _coords_json(obj):
    """GeoJSON geometry dict with coordinates as plain lists (deterministic)."""
    return json.loads(json.dumps(mapping(obj)))


def _area_km2(geom) -> float:
    area_m2, _ = _GEOD.geometry_area_perimeter(geom)
    return round(abs(area_m2) / 1e6, 2)


def _feature_collection(name: str, features: list[dict]) -> str:
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    return head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"


def build_districts(source: Path) -> str:
    raw = json.loads((source / PROVINCE_FILE).read_text(encoding="utf-8"))
    features = []
    for unit in sorted(raw["level2s"], key=lambda u: int(u["level2_id"])):
        name_full = nfc(unit["name"])
        prefix, short = _split_unit(name_full, _UNIT_TYPES)
        unit_type, en_word = _UNIT_TYPES[prefix]
        geom = _rounded(shape({"type": unit["type"], "coordinates": unit["coordinates"]}), FULL_DECIMALS)
        if not geom.is_valid:
            raise SystemExit(f"{PROVINCE_FILE}: {name_full} is invalid after rounding")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": int(unit["level2_id"]),
                    "name": short,
                    "name_full": name_full,
                    "unit_type": unit_type,
                    "name_en": f"{ascii_name(short)} {en_word}",
                    "area_km2": _area_km2(geom),
                },
                "geometry": _coords_json(geom),
            }
        )
    return _feature_collection("thai_nguyen_districts_pre2025", features)


def build_context(source: Path) -> str:
    to_m = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    to_deg = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    records = []
    for stem in sorted(CONTEXT_FILES, key=int):
        raw = json.loads((source / f"{stem}.json").read_text(encoding="utf-8"))
        geom = shape({"type": raw["type"], "coordinates": raw["coordinates"]})
        records.append((stem, nfc(raw["name"]), shapely.transform(geom, to_m.transform, interleaved=False)))
    simplified = shapely.coverage_simplify(np.array([r[2] for r in records]), CONTEXT_TOLERANCE_M)
    features = []
    for (stem, name_full, _), geom in zip(records, simplified):
        geom = shapely.transform(geom, to_deg.transform, interleaved=False)
        geom = _rounded(shapely.make_valid(geom), CONTEXT_DECIMALS)
        prefix, short = _split_unit(name_full, _PROVINCE_TYPES)
        role = CONTEXT_FILES[stem]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": stem,
                    "name": short,
                    "name_full": name_full,
                    "name_en": f"{ascii_name(short)} {_PROVINCE_TYPES[prefix]}",
                    "role": role,
                    "hightech_space": role in ("subject", "hightech"),
                },
                "geometry": _coords_json(geom),
            }
        )
    return _feature_collection("thai_nguyen_context_provinces", features)


BAC_KAN_FILE = "06.json"
BAC_KAN_TOLERANCE_M = 20.0


def build_former_bac_kan(source: Path) -> str:
    to_m = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    to_deg = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    raw = json.loads((source / BAC_KAN_FILE).read_text(encoding="utf-8"))
    geom = shape({"type": raw["type"], "coordinates": raw["coordinates"]})
    metric = shapely.simplify(shapely.transform(geom, to_m.transform, interleaved=False), BAC_KAN_TOLERANCE_M)
    outline = _rounded(shapely.make_valid(shapely.transform(metric, to_deg.transform, interleaved=False)), 5)
    prefix, short = _split_unit(nfc(raw["name"]), _PROVINCE_TYPES)
    feature = {
        "type": "Feature",
        "properties": {
            "code": "06",
            "name": short,
            "name_full": nfc(raw["name"]),
            "merged_into": "Thái Nguyên",
            "merged_on": "2025-07-01",
            "tolerance_m": BAC_KAN_TOLERANCE_M,
        },
        "geometry": _coords_json(outline),
    }
    return _feature_collection("former_bac_kan", [feature])


def build_web(districts_text: str) -> str:
    """Web geometry of the districts in ``districts_text``, read back as tn-map reads it."""
    import io

    import geopandas as gpd

    full = gpd.read_file(io.BytesIO(districts_text.encode("utf-8")), engine="pyogrio")
    web, error = simplify_for_web(full)
    features = []
    for code, source, geom in zip(full["code"], full.geometry, web.geometry):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": int(code),
                    "source_key": geometry_key(source),
                    "max_error_m": WEB_MAX_ERROR_M,
                    "decimals": WEB_DECIMALS,
                    "hausdorff_m": round(error, 2),
                },
                "geometry": _coords_json(geom),
            }
        )
    return _feature_collection("thai_nguyen_districts_web", features)


def build_new_units() -> str:
    """The map's rows of the 2025 units (``data/new_units.json``), one JSON object a line."""
    from tn_map.plan import PLAN
    from tn_map.render.model import unit_rows

    rows = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in unit_rows(PLAN)]
    return "[\n" + ",\n".join(rows) + "\n]\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder with the dvhcvn NN.json files")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write to")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    if not (args.source / PROVINCE_FILE).is_file():
        print(f"build_boundaries: {args.source / PROVINCE_FILE} not found (use --source)", file=sys.stderr)
        return 2
    districts = build_districts(args.source)
    outputs = {
        "boundaries.geojson": districts,
        "boundaries_web.geojson": build_web(districts),
        "context.geojson": build_context(args.source),
        "former_bac_kan.geojson": build_former_bac_kan(args.source),
        "new_units.json": build_new_units(),
    }
    status = 0
    for name, text in outputs.items():
        target = args.out / name
        if args.check:
            same = target.is_file() and target.read_text(encoding="utf-8") == text
            print(f"{target}: {'identical' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"{target}: {len(text.encode()):,} bytes")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
