#!/usr/bin/env python3
"""Derive tn-map's bundled geography from the raw boundary files in ``../shared/data``.

The geography of record is **today's 92 communes and wards** of Thái Nguyên
(since 1 July 2025), the official polygons of the administrative-units
reference map (``vn-provinces-db``, MIT; see ``data/SOURCES.md``).  The 2030
scheme's nine pre-2025 districts are rebuilt from them; the pre-2025 district
lines (``dvhcvn``, GPL-3.0) are used only where the 2025 units cannot say:
to cut the two units that join communes of several old districts (Xã Đại
Phúc, Xã Tân Cương), and for the old provinces of the interregional high-tech
space.

How the units become one clean coverage (all in VN-2000 / TM-3 106-30,
EPSG:9213, metres):

1. every unit boundary and, inside the two multi-district units, the old
   district lines are noded together and polygonised into faces;
2. each face goes to the unit that holds it (the largest overlap where two
   source polygons overlap; the neighbour with the longest shared border for
   the few square-metre gaps between them), and inside a multi-district unit
   to the old district holding most of it; a stray bit of a cut piece cut
   off from its piece goes to the neighbouring piece of the same unit;
3. the pieces (one per unit, two or three for the multi-district units) are
   simplified together with :func:`shapely.coverage_simplify` (tolerance
   5 m, about 6 m Hausdorff), so every shared border stays one line, then
   rounded to 5 decimals (about 1 m) with repeated points removed.

Outputs (EPSG:4326, deterministic; ``--check`` verifies the committed files):

``data/units.geojson``
    the 92 units in code order: ``code``, ``name`` (as the crosswalk spells
    it), ``short_name``, ``unit_type`` (``commune``/``ward``), ``area_km2``
    (geodesic, WGS 84, of this geometry), ``official_area_km2`` (the
    reference map's ``a07_dt``), ``formed_from`` (the reference map's
    ``a05_truocsn``), ``old_communes`` and ``old_districts`` (names, from the
    ``vietnamadminunits`` crosswalk), ``old_district_codes``, ``zones`` (zone
    keys of the scheme), ``former_bac_kan``.

``data/boundaries.geojson``
    the 9 pre-2025 districts of old Thái Nguyên rebuilt from the units,
    sorted by GSO code: ``code``, ``name``, ``name_full``, ``unit_type``,
    ``name_en``, ``area_km2`` (geodesic, km²), ``units`` (codes of the units
    wholly or partly in it).

``data/former_bac_kan.geojson``
    former Bắc Kạn province (in Thái Nguyên since 1 July 2025): the union of
    its 37 units.

``data/context.geojson``
    province outlines for context: today's Thái Nguyên (``subject``), today's
    neighbours (``neighbour``: Hà Nội, Cao Bằng, Tuyên Quang, Lạng Sơn, Bắc
    Ninh, Phú Thọ) and the old provinces the scheme's interregional
    high-tech space names (``hightech``: Hà Nội, Vĩnh Phúc, Bắc Giang, Bắc
    Ninh as they were before 2025, with ``part_of`` today's province).  Each
    group simplified as one coverage (tolerance 1000 m), rounded to 4
    decimals: display only.

``data/units_web.json``
    what the web page draws: one shared-border topology (TopoJSON, see
    :mod:`tn_map.render.topology`) of the unit pieces (the 92 units, Xã
    Đại Phúc and Xã Tân Cương cut along the old district lines), each
    border simplified once (Douglas–Peucker, 25 m, so within 25 m
    Hausdorff of the pieces above, measured and stored as ``hausdorff_m``),
    from which the page draws the units, the districts, the zones and
    former Bắc Kạn with identical borders; ``units``: the map's row of each
    unit (name, type, areas, the old communes and districts it was formed
    from, zones, former Bắc Kạn, label point); ``districts``: the
    fingerprint (``source_key``) of each district of
    ``boundaries.geojson``, so that ``tn-map build`` uses the topology's
    districts only for exactly these boundaries; ``places``: each district's
    label point and box and former Bắc Kạn's label point, decided by the
    page's own code (``tn_map.render.units.label_places``) on this topology,
    so that a build need not merge the pieces again.

Usage::

    python scripts/build_boundaries.py [--shared DIR] [--out DIR] [--check]
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
from tn_map.geom import label_point  # noqa: E402
from tn_map.render.units import WebGeography, label_places  # noqa: E402
from tn_map.render.geometry import geometry_key  # noqa: E402
from tn_map.render.topology import build_topology, simplify_arcs, to_json  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DVHCVN = "dvhcvn"
VNPDB = "vn-provinces-db"
PROVINCE_FILE = "19.json"
WARDS = "19_thai_nguyen/wards"
ATTRIBUTES = "sapnhap_raw"
PROVINCE_TODAY = "19_thai_nguyen/19_thai_nguyen.geojson"
NEIGHBOURS = "neighbours"
# dvhcvn file stem -> today's province it is part of: the old provinces the
# scheme's interregional high-tech space names (Hà Nội – Vĩnh Phúc – Thái
# Nguyên – Bắc Giang – Bắc Ninh)
HIGHTECH_FILES = {"01": "Hà Nội", "26": "Phú Thọ", "24": "Bắc Ninh", "27": "Bắc Ninh"}
FULL_DECIMALS = 5
UNIT_TOLERANCE_M = 5.0
CONTEXT_DECIMALS = 4
CONTEXT_TOLERANCE_M = 1000.0
#: Douglas–Peucker tolerance of the web topology's arcs (metres): the page's borders stay this close to the record.
WEB_TOLERANCE_M = 25.0
#: Grid step of the web topology (degrees): the record's own 5 decimals, so the grid adds no error.
WEB_QUANTUM = 1e-5
METRIC_CRS = "EPSG:9213"  # VN-2000 / TM-3 106-30
BAC_KAN = "BK"  # piece key of the units of former Bắc Kạn (no district of the scheme)

_GEOD = Geod(ellps="WGS84")
_TO_M = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_DEG = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
_UNIT_TYPES = {"Thành phố": ("thành phố", "City"), "Huyện": ("huyện", "District"), "Thị xã": ("thị xã", "Town")}
_PROVINCE_TYPES = {"Thành phố": "City", "Tỉnh": "Province"}


def _split_unit(name_full: str, table: dict) -> tuple[str, str]:
    for prefix in table:
        if name_full.startswith(prefix + " "):
            return prefix, name_full[len(prefix) + 1 :]
    raise ValueError(f"unexpected unit name {name_full!r}")


def _metric(geom):
    return shapely.transform(geom, _TO_M.transform, interleaved=False)


def _degrees(geom):
    return shapely.transform(geom, _TO_DEG.transform, interleaved=False)


def _polygons(geom):
    """The polygonal part of ``geom`` (lines and points left by overlay dropped)."""
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type == "Polygon"]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _multi(geom):
    return shapely.MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom


def _rounded(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Coverage vertices rounded to ``decimals``: equal vertices stay equal, so shared borders stay shared."""
    out = shapely.remove_repeated_points(shapely.transform(geoms, lambda c: np.round(c, decimals)))
    if not shapely.is_valid(out).all():
        raise SystemExit("rounding made a geometry invalid")
    return out


def _coords_json(obj):
    """GeoJSON geometry dict with coordinates as plain lists (deterministic)."""
    return json.loads(json.dumps(mapping(_multi(obj))))


def _area_km2(geom) -> float:
    area_m2, _ = _GEOD.geometry_area_perimeter(geom)
    return round(abs(area_m2) / 1e6, 2)


def _feature_collection(name: str, features: list[dict]) -> str:
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    return head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"


def _first_feature(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["features"][0]


def _shared_length(a, b) -> float:
    """Length (m) of the border ``a`` and ``b`` share."""
    return float(shapely.length(shapely.intersection(shapely.boundary(a), shapely.buffer(b, 0.01))))


class Geography:
    """The 92 units as one clean coverage, cut where they join several old districts (EPSG:9213 while built)."""

    def __init__(self, shared: Path):
        from tn_map.locate.crosswalk import build_crosswalk

        vnp = shared / VNPDB
        self.props = []
        geoms = []
        for path in sorted((vnp / WARDS).glob("*.geojson")):
            feature = _first_feature(path)
            self.props.append(feature["properties"])
            geoms.append(_metric(shape(feature["geometry"])))
        attributes = {}
        for path in sorted((vnp / ATTRIBUTES).glob("xa*.geojson")):
            props = _first_feature(path)["properties"]
            attributes[props["a02_xa"]] = props
        self.attributes = [attributes[p["gisServerId"]] for p in self.props]
        crosswalk = build_crosswalk()
        by_code = {o.unit.code: o for o in crosswalk.units}
        self.origins = [by_code[p["code"]] for p in self.props]
        if len(self.origins) != 92 or len(by_code) != 92:
            raise SystemExit(f"expected 92 units, found {len(self.origins)} polygons and {len(by_code)} in the crosswalk")
        raw = json.loads((shared / DVHCVN / PROVINCE_FILE).read_text(encoding="utf-8"))
        self.old_lines = {d["level2_id"].zfill(3): _metric(shape(d)) for d in raw["level2s"]}
        self.district_raw = {d["level2_id"].zfill(3): d for d in raw["level2s"]}
        self.keys, pieces = self._pieces(np.array(geoms, dtype=object))
        simplified = shapely.coverage_simplify(pieces, UNIT_TOLERANCE_M)
        self.hausdorff_m = float(np.max(shapely.hausdorff_distance(simplified, pieces)))
        self.pieces = _rounded(np.array([_degrees(g) for g in simplified], dtype=object), FULL_DECIMALS)
        if not shapely.coverage_is_valid(self.pieces):
            raise SystemExit("the units do not form a clean coverage after simplification")

    def _district_keys(self, i: int) -> list[str]:
        origin = self.origins[i]
        return [BAC_KAN] if origin.former_bac_kan else [d.code for d in origin.old_districts]

    def _pieces(self, geoms: np.ndarray) -> tuple[list[tuple[int, str]], np.ndarray]:
        """Faces of all unit borders and the cut lines, gathered into (unit, district) pieces."""
        multi = [i for i in range(len(geoms)) if len(self._district_keys(i)) > 1]
        cuts = [
            shapely.intersection(shapely.boundary(self.old_lines[code]), shapely.buffer(geoms[i], 100.0))
            for i in multi
            for code in self._district_keys(i)
        ]
        lines = shapely.union_all(list(shapely.boundary(geoms)) + cuts)
        faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
        tree = shapely.STRtree(geoms)
        owner = np.full(len(faces), -1)
        best = np.zeros(len(faces))
        for f, u in zip(*tree.query(shapely.point_on_surface(faces), predicate="within")):
            overlap = shapely.area(shapely.intersection(faces[f], geoms[u]))
            if overlap > best[f]:
                owner[f], best[f] = u, overlap
        for f in np.flatnonzero(owner < 0):  # a gap between two source polygons
            near = sorted(tree.query(faces[f], predicate="intersects"))
            owner[f] = max(near, key=lambda u: _shared_length(geoms[u], faces[f]))
        district = np.empty(len(faces), dtype=object)
        for f in range(len(faces)):
            keys = self._district_keys(owner[f])
            district[f] = keys[0] if len(keys) == 1 else max(keys, key=lambda k: shapely.area(shapely.intersection(faces[f], self.old_lines[k])))
        # a bit of a cut piece cut off from the rest of it joins the neighbouring piece of its unit
        for u in multi:
            for _ in range(3):
                moved = False
                for key in self._district_keys(u):
                    mine = np.flatnonzero((owner == u) & (district == key))
                    whole = shapely.coverage_union_all(faces[mine])
                    parts = sorted(shapely.get_parts(whole), key=shapely.area)
                    for part in parts[:-1]:
                        others = [k for k in self._district_keys(u) if k != key]
                        pieces = {k: shapely.coverage_union_all(faces[(owner == u) & (district == k)]) for k in others}
                        target = max(others, key=lambda k: _shared_length(pieces[k], part))
                        if _shared_length(pieces[target], part) > 0:
                            inside = [f for f in mine if shapely.within(shapely.point_on_surface(faces[f]), shapely.buffer(part, 0.01))]
                            district[inside] = target
                            moved = True
                if not moved:
                    break
        keys = sorted(set(zip(owner.tolist(), district.tolist())))
        pieces = np.array([shapely.coverage_union_all(faces[(owner == u) & (district == d)]) for u, d in keys], dtype=object)
        return keys, _absorb_slivers(pieces)

    def unit(self, i: int):
        return shapely.coverage_union_all([g for (u, _), g in zip(self.keys, self.pieces) if u == i])

    def district(self, code: str):
        return shapely.coverage_union_all([g for (_, d), g in zip(self.keys, self.pieces) if d == code])


#: A detached part of a piece smaller than this (m²) is a sliver of the source data, not territory.
SLIVER_M2 = 5000.0


def _absorb_slivers(pieces: np.ndarray) -> np.ndarray:
    """Each piece's detached parts under :data:`SLIVER_M2` given to the piece sharing most border with them.

    Source polygons that overlap or leave gaps give a piece a few square-metre
    crumbs along its neighbours' borders; simplified and rounded, a crumb
    collapses into a line that breaks the coverage.  Moving whole faces
    between pieces of a noded coverage keeps it noded.
    """
    pieces = pieces.copy()
    tree = shapely.STRtree(pieces)
    for i in range(len(pieces)):
        parts = sorted(shapely.get_parts(pieces[i]), key=shapely.area, reverse=True)
        keep = [parts[0]]
        for part in parts[1:]:
            near = [j for j in sorted(tree.query(part, predicate="intersects")) if j != i]
            target = max(near, key=lambda j: _shared_length(pieces[j], part), default=None)
            if part.area < SLIVER_M2 and target is not None and _shared_length(pieces[target], part) > 0:
                pieces[target] = shapely.coverage_union_all([pieces[target], part])
            else:
                keep.append(part)
        pieces[i] = shapely.coverage_union_all(keep)
    return pieces


def build_units(geo: Geography) -> str:
    features = []
    for i in sorted(range(len(geo.props)), key=lambda i: geo.props[i]["code"]):
        origin, attrs = geo.origins[i], geo.attributes[i]
        geom = geo.unit(i)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": origin.unit.code,
                    "name": origin.unit.name,
                    "short_name": origin.unit.short_name,
                    "unit_type": "ward" if origin.unit.unit_type == "ward" else "commune",
                    "area_km2": _area_km2(geom),
                    "official_area_km2": float(attrs["a07_dt"]),
                    "formed_from": nfc(attrs["a05_truocsn"]),
                    "old_communes": [f"{c.name} ({c.district})" for c in origin.old_communes],
                    "old_districts": [d.name for d in origin.old_districts],
                    "old_district_codes": [d.code for d in origin.old_districts],
                    "zones": list(origin.zones),
                    "former_bac_kan": origin.former_bac_kan,
                },
                "geometry": _coords_json(geom),
            }
        )
    return _feature_collection("thai_nguyen_units_2025", features)


def build_districts(geo: Geography) -> str:
    features = []
    for code in sorted(geo.district_raw, key=int):
        name_full = nfc(geo.district_raw[code]["name"])
        prefix, short = _split_unit(name_full, _UNIT_TYPES)
        unit_type, en_word = _UNIT_TYPES[prefix]
        geom = geo.district(code)
        units = sorted({geo.props[u]["code"] for u, d in geo.keys if d == code})
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": int(code),
                    "name": short,
                    "name_full": name_full,
                    "unit_type": unit_type,
                    "name_en": f"{ascii_name(short)} {en_word}",
                    "area_km2": _area_km2(geom),
                    "units": units,
                },
                "geometry": _coords_json(geom),
            }
        )
    return _feature_collection("thai_nguyen_districts_pre2025_from_2025_units", features)


def build_former_bac_kan(geo: Geography) -> str:
    geom = geo.district(BAC_KAN)
    feature = {
        "type": "Feature",
        "properties": {
            "code": "06",
            "name": "Bắc Kạn",
            "name_full": "Tỉnh Bắc Kạn",
            "merged_into": "Thái Nguyên",
            "merged_on": "2025-07-01",
            "units": sum(1 for o in geo.origins if o.former_bac_kan),
            "area_km2": _area_km2(geom),
        },
        "geometry": _coords_json(geom),
    }
    return _feature_collection("former_bac_kan", [feature])


def _clean(geoms: list) -> np.ndarray:
    """Overlaps removed (each polygon minus the ones before it): a coverage to simplify together."""
    out = []
    for g in geoms:
        for prior in out:
            if shapely.intersects(g, prior):
                g = _polygons(shapely.difference(g, prior))
        out.append(g)
    return np.array(out, dtype=object)


def _context_features(records: list[tuple[dict, object]]) -> list[dict]:
    simplified = shapely.coverage_simplify(_clean([r[1] for r in records]), CONTEXT_TOLERANCE_M)
    out = []
    for (props, _), geom in zip(records, simplified):
        geom = shapely.set_precision(shapely.make_valid(_degrees(geom)), 10.0**-CONTEXT_DECIMALS)
        out.append({"type": "Feature", "properties": props, "geometry": _coords_json(geom)})
    return out


def _province_props(code: str, name_full: str, role: str, part_of: str) -> dict:
    prefix, short = _split_unit(name_full, _PROVINCE_TYPES)
    return {
        "code": code,
        "name": short,
        "name_full": name_full,
        "name_en": f"{ascii_name(short)} {_PROVINCE_TYPES[prefix]}",
        "role": role,
        "hightech_space": role in ("subject", "hightech"),
        "part_of": part_of,
    }


def build_context(shared: Path) -> str:
    today = []
    subject = _first_feature(shared / VNPDB / PROVINCE_TODAY)
    today.append((_province_props("19", nfc(subject["properties"]["fullName"]), "subject", "Thái Nguyên"), _metric(shape(subject["geometry"]))))
    for path in sorted((shared / VNPDB / NEIGHBOURS).glob("*.geojson")):
        feature = _first_feature(path)
        name_full = nfc(feature["properties"]["fullName"])
        props = _province_props(feature["properties"]["code"], name_full, "neighbour", _split_unit(name_full, _PROVINCE_TYPES)[1])
        today.append((props, _metric(shape(feature["geometry"]))))
    old = []
    for stem in sorted(HIGHTECH_FILES, key=int):
        raw = json.loads((shared / DVHCVN / f"{stem}.json").read_text(encoding="utf-8"))
        props = _province_props(stem, nfc(raw["name"]), "hightech", HIGHTECH_FILES[stem])
        old.append((props, _metric(shape({"type": raw["type"], "coordinates": raw["coordinates"]}))))
    return _feature_collection("thai_nguyen_context_provinces", _context_features(today) + _context_features(old))


def build_units_web(geo: Geography, units_text: str, districts_text: str) -> str:
    """The page's geography (``data/units_web.json``): the pieces' topology, the units' rows, the districts' keys."""
    import io

    import geopandas as gpd

    topo = simplify_arcs(build_topology(geo.pieces, WEB_QUANTUM), WEB_TOLERANCE_M, _TO_M.transform, _TO_DEG.transform)
    web = topo.pieces()
    if not shapely.coverage_is_valid(web):
        raise SystemExit("the web topology is not a clean coverage")
    hausdorff = float(np.max(shapely.hausdorff_distance(np.array([_metric(g) for g in web], dtype=object),
                                                        np.array([_metric(g) for g in geo.pieces], dtype=object))))
    if hausdorff > WEB_TOLERANCE_M + 0.01:
        raise SystemExit(f"the web topology is {hausdorff:.1f} m from the record")
    order = sorted(range(len(geo.props)), key=lambda i: geo.props[i]["code"])
    row_of = {i: n for n, i in enumerate(order)}
    units = json.loads(units_text)["features"]
    rows = []
    for n, i in enumerate(order):
        props = units[n]["properties"]
        whole = shapely.coverage_union_all([g for (u, _), g in zip(geo.keys, web) if u == i])
        point = label_point(whole, tolerance=0.0005)
        rows.append({
            "code": props["code"],
            "name": props["name"],
            "short_name": props["short_name"],
            "unit_type": props["unit_type"],
            "official_area_km2": props["official_area_km2"],
            "area_km2": props["area_km2"],
            "old_communes": props["old_communes"],
            "old_districts": props["old_districts"],
            "zones": props["zones"],
            "former_bac_kan": props["former_bac_kan"],
            "label": [round(point.y, 5), round(point.x, 5)],
        })
    full = gpd.read_file(io.BytesIO(districts_text.encode("utf-8")), engine="pyogrio")
    pieces = to_json(topo, [{"u": row_of[u], "d": d if d == BAC_KAN else int(d)} for u, d in geo.keys])
    # the labels' places, from the topology as the page reads it back (the page's own code decides them)
    places = label_places(WebGeography({"topology": json.loads(json.dumps(pieces))}), tuple(float(v) for v in full.total_bounds))
    out = {
        "name": "thai_nguyen_units_web",
        "max_error_m": WEB_TOLERANCE_M,
        "hausdorff_m": round(hausdorff, 2),
        "districts": {str(int(c)): geometry_key(g) for c, g in zip(full["code"], full.geometry)},
        "places": places,
        "units": rows,
        "topology": pieces,
    }
    rows_text = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    head = {k: v for k, v in out.items() if k not in ("units", "topology")}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return text + ',"units":[\n' + rows_text + '\n],\n"topology":' + json.dumps(pieces, separators=(",", ":")) + "}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding dvhcvn/ and vn-provinces-db/")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write to")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    for needed in (args.shared / DVHCVN / PROVINCE_FILE, args.shared / VNPDB / WARDS):
        if not needed.exists():
            print(f"build_boundaries: {needed} not found (use --shared)", file=sys.stderr)
            return 2
    geo = Geography(args.shared)
    print(f"units: {len(geo.props)} as {len(geo.pieces)} pieces, simplified within {geo.hausdorff_m:.1f} m", file=sys.stderr)
    districts = build_districts(geo)
    units = build_units(geo)
    outputs = {
        "units.geojson": units,
        "boundaries.geojson": districts,
        "units_web.json": build_units_web(geo, units, districts),
        "context.geojson": build_context(args.shared),
        "former_bac_kan.geojson": build_former_bac_kan(geo),
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
