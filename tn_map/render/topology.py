"""One shared-border topology of a clean polygon coverage, for web pages.

A page that draws the same borders in several layers (communes and wards,
old districts, zones, former Bắc Kạn) would carry each border once per
layer, each copy simplified on its own, so that layers could disagree by
metres.  A topology (TopoJSON) carries every border once, as an *arc*
between two junctions, and every polygon as a list of arcs; the page
(``topojson-client``, vendored) rebuilds every layer from the same arcs, so
all layers share identical borders and no gap or sliver opens between them
at any zoom.

Built at data-build time (``scripts/build_boundaries.py``):

1. :func:`build_topology` cuts a clean coverage (shared borders with
   identical vertices, as :func:`shapely.coverage_simplify` leaves it) into
   arcs on a grid of ``quantum`` degrees;
2. :func:`simplify_arcs` simplifies each arc once (Douglas–Peucker in
   metres, its two junctions fixed), so both sides of a border get the same
   line; an arc whose simplification makes a piece invalid or the coverage
   overlap is simplified again with half the tolerance, until the coverage
   is clean;
3. :func:`to_json` writes TopoJSON whose arcs are delta-encoded integers,
   each arc packed as one string in the polyline encoding (five bits a
   character, the encoding of Google's polyline format, x before y), about
   half the bytes of JSON number arrays.  The page unpacks each arc into a
   TopoJSON arc before handing the topology to ``topojson-client``.

The output is deterministic: the same pieces give the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["Topology", "build_topology", "simplify_arcs", "to_json", "from_json", "pack_arc", "unpack_arc", "unpack_arcs"]


@dataclass
class Topology:
    """Arcs (absolute integer grid coordinates, ``(n, 2)`` arrays) and pieces as arc lists.

    ``polygons[i]``: piece ``i`` as ``[polygon][ring] -> [arc ids]`` (``~k``:
    arc ``k`` reversed); ``origin`` and ``quantum``: grid point (0, 0) in
    degrees (lon, lat) and the grid step in degrees.
    """

    arcs: list[np.ndarray]
    polygons: list[list[list[list[int]]]]
    origin: tuple[float, float]
    quantum: float

    def degrees(self, arc: np.ndarray) -> np.ndarray:
        """Grid coordinates as (lon, lat) degrees."""
        return arc * self.quantum + np.asarray(self.origin)

    def ring(self, ids: list[int]) -> np.ndarray:
        """A ring's grid coordinates from its arcs (closed)."""
        parts = []
        for k in ids:
            a = self.arcs[k] if k >= 0 else self.arcs[~k][::-1]
            parts.append(a if not parts else a[1:])
        return np.vstack(parts)

    def pieces(self) -> np.ndarray:
        """Every piece as a shapely (Multi)Polygon in EPSG:4326."""
        out = []
        for polygons in self.polygons:
            parts = [shapely.Polygon(self.degrees(self.ring(rings[0])), [self.degrees(self.ring(r)) for r in rings[1:]])
                     for rings in polygons]
            out.append(parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts))
        return np.array(out, dtype=object)


def _quantized_rings(geom, quantum: float, origin: np.ndarray) -> list[list[np.ndarray]]:
    polygons = []
    for polygon in shapely.get_parts(geom):
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            q = np.rint((shapely.get_coordinates(ring) - origin) / quantum).astype(np.int64)
            keep = np.ones(len(q), dtype=bool)
            keep[1:] = np.any(q[1:] != q[:-1], axis=1)
            q = q[keep]
            if len(q) >= 4:
                rings.append(q)
        if rings:
            polygons.append(rings)
    return polygons


def build_topology(pieces: Sequence, quantum: float = 1e-5) -> Topology:
    """The arcs of a clean coverage ``pieces`` (Polygons/MultiPolygons, EPSG:4326) on a ``quantum``-degree grid.

    A junction is a vertex with other than two neighbouring vertices over
    all rings (where three pieces meet, or two meet the outline); each ring
    is cut at its junctions, and a chain met again (in either direction) is
    the same arc.  A ring with no junction (an island) is one arc, started
    at its smallest vertex.
    """
    pieces = np.asarray(pieces, dtype=object)
    xmin, ymin = (float(v) for v in shapely.total_bounds(pieces)[:2])
    origin = np.array([np.floor(xmin / quantum) * quantum, np.floor(ymin / quantum) * quantum])
    quantised = [_quantized_rings(g, quantum, origin) for g in pieces]
    neighbours: dict[tuple[int, int], set] = defaultdict(set)
    for polygons in quantised:
        for rings in polygons:
            for ring in rings:
                pts = [tuple(p) for p in ring.tolist()]
                for a, b in zip(pts[:-1], pts[1:]):
                    neighbours[a].add(b)
                    neighbours[b].add(a)
    junctions = {v for v, n in neighbours.items() if len(n) != 2}
    arcs: list[np.ndarray] = []
    index: dict[tuple, int] = {}

    def arc_id(chain: list[tuple[int, int]]) -> int:
        key = tuple(chain)
        if key in index:
            return index[key]
        back = key[::-1]
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(np.array(chain, dtype=np.int64))
        return index[key]

    out = []
    for polygons in quantised:
        piece = []
        for rings in polygons:
            arc_rings = []
            for ring in rings:
                pts = [tuple(p) for p in ring.tolist()][:-1]
                cuts = [i for i, p in enumerate(pts) if p in junctions]
                start = cuts[0] if cuts else pts.index(min(pts))
                pts = pts[start:] + pts[:start] + [pts[start]]
                if not cuts:
                    back = pts[::-1]
                    first = back[:-1]
                    i = first.index(min(first))
                    back = first[i:] + first[:i] + [first[i]]
                    arc_rings.append([~index[tuple(back)]] if tuple(back) in index else [arc_id(pts)])
                    continue
                ids, chain = [], [pts[0]]
                for p in pts[1:]:
                    chain.append(p)
                    if p in junctions:
                        ids.append(arc_id(chain))
                        chain = [p]
                arc_rings.append(ids)
            piece.append(arc_rings)
        out.append(piece)
    return Topology(arcs=arcs, polygons=out, origin=(float(origin[0]), float(origin[1])), quantum=quantum)


def simplify_arcs(
    topo: Topology,
    tolerance_m: float,
    to_metric: Callable,
    from_metric: Callable,
    *,
    min_tolerance_m: float = 0.5,
) -> Topology:
    """Each arc simplified once (Douglas–Peucker, ``tolerance_m`` metres), junctions kept.

    ``to_metric`` / ``from_metric``: functions ``(x, y) -> (x, y)`` between
    EPSG:4326 degrees and a metric CRS (for Thái Nguyên, EPSG:9213).  Every
    vertex kept is a vertex of the input, so each border moves by at most
    ``tolerance_m`` (Hausdorff).  Where a simplified arc makes a piece
    invalid or two pieces overlap, the arcs of the pieces concerned are
    simplified again with half the tolerance (down to ``min_tolerance_m``,
    below which they are kept as they were).
    """
    tolerance = np.full(len(topo.arcs), float(tolerance_m))
    metric = [np.column_stack(to_metric(*topo.degrees(a).T)) for a in topo.arcs]

    def simplified(k: int) -> np.ndarray:
        a = topo.arcs[k]
        if tolerance[k] < min_tolerance_m or len(a) <= 2:
            return a
        keep = _douglas_peucker(metric[k], tolerance[k])
        closed = len(a) > 3 and np.array_equal(a[0], a[-1])
        if closed and keep.sum() < 4:  # a loop keeps a triangle at least
            keep[np.linspace(0, len(a) - 1, 4).astype(int)] = True
        return a[keep]

    arcs = [simplified(k) for k in range(len(topo.arcs))]
    for _ in range(20):
        out = Topology(arcs=arcs, polygons=topo.polygons, origin=topo.origin, quantum=topo.quantum)
        pieces = out.pieces()
        bad = set(np.flatnonzero(~shapely.is_valid(pieces)).tolist())
        tree = shapely.STRtree(pieces)
        left, right = tree.query(pieces, predicate="overlaps")
        bad |= set(left.tolist()) | set(right.tolist())
        if not bad:
            return out
        redo = {k if k >= 0 else ~k for i in sorted(bad) for rings in topo.polygons[i] for r in rings for k in r}
        for k in sorted(redo):
            tolerance[k] /= 2
            arcs[k] = simplified(k)
    raise ValueError("simplified arcs do not form a clean coverage")


def _douglas_peucker(xy: np.ndarray, tolerance: float) -> np.ndarray:
    """Which points of ``xy`` Douglas–Peucker keeps (first and last always)."""
    keep = np.zeros(len(xy), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(xy) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = xy[i], xy[j]
        seg = xy[i + 1 : j]
        d = b - a
        length = float(np.hypot(*d))
        if length == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    return keep


def pack_arc(arc: np.ndarray) -> str:
    """An arc's integer coordinates as one string: first point, then deltas, x before y, polyline-encoded.

    Each number ``v`` is zigzagged (``2v`` or ``-2v - 1``) and written in
    five-bit groups, low first, each as ``chr(63 + group)``, with ``0x20``
    added to every group but the last.
    """
    deltas = np.vstack([arc[:1], np.diff(arc, axis=0)]).ravel().tolist()
    out = []
    for v in deltas:
        v = v << 1 if v >= 0 else ((-v) << 1) - 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def unpack_arc(text: str) -> np.ndarray:
    """The inverse of :func:`pack_arc`: the arc's absolute integer coordinates, ``(n, 2)``."""
    return unpack_arcs([text])[0]


def unpack_arcs(texts: Sequence[str]) -> list[np.ndarray]:
    """:func:`unpack_arc` of every text, decoded in one pass over all of them (arrays, not a loop per character)."""
    if not texts:
        return []
    groups = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).astype(np.int64) - 63
    last = np.flatnonzero(groups < 0x20)  # each number's final five-bit group
    first = np.concatenate([[0], last[:-1] + 1])
    # a group's place in its number: groups are written low first, five bits each
    place = np.arange(len(groups)) - np.repeat(first, last - first + 1)
    v = np.add.reduceat((groups & 0x1F) << (5 * place), first)
    deltas = np.where(v % 2 == 0, v >> 1, -((v + 1) >> 1)).reshape(-1, 2)
    # each text holds whole numbers: split the deltas where each text's terminators end
    numbers_before = np.searchsorted(last, np.cumsum([len(t) for t in texts])[:-1])
    return [np.cumsum(part, axis=0) for part in np.split(deltas, numbers_before // 2)]


def to_json(topo: Topology, properties: Sequence[dict], object_name: str = "pieces") -> dict:
    """The topology as TopoJSON with packed arcs (:func:`pack_arc`): one GeometryCollection ``object_name``."""
    geometries = []
    for polygons, props in zip(topo.polygons, properties):
        if len(polygons) == 1:
            geometries.append({"type": "Polygon", "arcs": polygons[0], "properties": dict(props)})
        else:
            geometries.append({"type": "MultiPolygon", "arcs": polygons, "properties": dict(props)})
    return {
        "type": "Topology",
        "transform": {"scale": [topo.quantum, topo.quantum], "translate": [round(topo.origin[0], 10), round(topo.origin[1], 10)]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [pack_arc(a) for a in topo.arcs],
    }


def from_json(data: dict, object_name: str = "pieces") -> tuple[Topology, list[dict]]:
    """:func:`to_json`'s output read back: the topology and each piece's properties."""
    q = float(data["transform"]["scale"][0])
    geoms = data["objects"][object_name]["geometries"]
    polygons = [[g["arcs"]] if g["type"] == "Polygon" else g["arcs"] for g in geoms]
    topo = Topology(arcs=unpack_arcs(data["arcs"]), polygons=polygons,
                    origin=tuple(data["transform"]["translate"]), quantum=q)
    return topo, [g["properties"] for g in geoms]
