"""Make the site files of tests/fixtures/office/ with the tools offices use.

Each fixture holds the same few sites (points and outlines) whose true place
is known: the positions below are WGS 84 longitude/latitude, well inside the
district named beside them.  The tests compute districts, zones and areas
from these positions themselves (pyproj, shapely) and never from the files.

Tools (run once; the files are committed, so the tests need none of them):

- LibreOffice Calc (``apt-get install libreoffice-calc-nogui``): ``.xls``
  (Excel 97-2003), ``.ods`` and an ``.xlsx`` renamed ``.csv``, converted
  with ``soffice --headless --convert-to`` from CSV files written here;
- GDAL through pyogrio: MapInfo ``.tab`` (WGS 84, Windows-1258 text) and
  ``.mif``/``.mid`` (VN-2000), DXF survey points and outlines (no CRS: DXF
  has none), CSV with a WKT geometry column (GDAL's ``GEOMETRY=AS_WKT``, as
  QGIS "Save as CSV" writes), a shapefile in UTF-8 whose ``.cpg`` is then
  removed (as happens when only .shp/.shx/.dbf are e-mailed);
- ezdxf: a DXF with survey blocks whose attributes name each site, a closed
  polyline outline and a text label;
- geopandas: GeoParquet (WGS 84 points, VN-2000 outlines);
- Google Earth and Google My Maps do not run here: their KML and KMZ are
  written as text in the exact shape those programs write (Google Earth Pro
  7.3 "Save Place As" with nested folders and HTML descriptions; My Maps
  "Export to KMZ" with ExtendedData), which is what GDAL's LIBKML driver
  reads in the tests.

Run: ``.venv/bin/python scripts/make_office_fixtures.py`` (needs ezdxf and
soffice).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "office"
VN2000 = "EPSG:9213"  # VN-2000 / TM-3 106-30, the province's cadastral zone
TO_VN2000 = Transformer.from_crs("EPSG:4326", VN2000, always_xy=True)

#: name, sector, lon, lat, district (pre-2025), zone, area (ha, as the file states it)
SITES = [
    ("Xưởng linh kiện điện tử Quyết Thắng", "điện tử", 105.7810, 21.5777, "Thái Nguyên", "south", 12),
    ("Xưởng chè La Bằng", "chế biến chè", 105.6120, 21.6032, "Đại Từ", "west", 2.5),
    ("Mỏ đá Võ Nhai", "khai khoáng", 105.9849, 21.7856, "Võ Nhai", "east", 30),
    ("Cụm công nghiệp hỗ trợ Phổ Yên", "Công nghiệp hỗ trợ", 105.7567, 21.4520, "Phổ Yên", "south", 45),
    ("PCB plant Phú Bình", "Printed circuit boards", 105.9624, 21.4926, "Phú Bình", "south", 8),
]


def _box(lon: float, lat: float, dlon: float, dlat: float) -> Polygon:
    return Polygon([(lon - dlon, lat - dlat), (lon + dlon, lat - dlat), (lon + dlon, lat + dlat), (lon - dlon, lat + dlat)])


#: Outlines: one with a hole (Sông Công), one in two parts (Đồng Hỷ).
OUTLINES = [
    ("KCN Sông Công II (mở rộng)", "cơ khí", Polygon(_box(105.8232, 21.4961, 0.004, 0.0035).exterior.coords,
                                                      [_box(105.8232, 21.4961, 0.001, 0.001).exterior.coords[::-1]]),
     "Sông Công", "south"),
    ("Cụm chế biến nông sản Đồng Hỷ", "chế biến nông sản", MultiPolygon([
        _box(105.8958, 21.6858, 0.002, 0.002), _box(105.9000, 21.6900, 0.0015, 0.001)]), "Đồng Hỷ", "east"),
]


def _vn2000(geom):
    return shapely.transform(geom, lambda xy: list(zip(*TO_VN2000.transform(xy[:, 0], xy[:, 1]))))


def _points(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"Tên địa điểm": [s[0] for s in SITES], "Ngành nghề": [s[1] for s in SITES], "Land (ha)": [float(s[6]) for s in SITES]},
        geometry=[Point(s[2], s[3]) for s in SITES], crs="EPSG:4326",
    )
    return frame.to_crs(crs)


def _outlines(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"Tên địa điểm": [o[0] for o in OUTLINES], "Ngành nghề": [o[1] for o in OUTLINES]},
                             geometry=[o[2] for o in OUTLINES], crs="EPSG:4326")
    return frame.to_crs(crs)


def _soffice(source: Path, fmt: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # CSV import: UTF-8 (76), comma-separated (44), quoted by '"' (34), first line 1
        subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", fmt, "--outdir", tmp,
                        str(source)], check=True, capture_output=True)
        made = next(Path(tmp).iterdir())
        shutil.move(str(made), target)


def spreadsheets(tmp: Path) -> None:
    wgs = tmp / "danh_sach_dia_diem.csv"
    with wgs.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["DANH SÁCH ĐỊA ĐIỂM ĐẦU TƯ"])
        w.writerow([])
        w.writerow(["STT", "Tên địa điểm", "Ngành nghề", "Kinh độ", "Vĩ độ", "Land (ha)"])
        for i, s in enumerate(SITES, 1):
            w.writerow([i, s[0], s[1], s[2], s[3], s[6]])
    _soffice(wgs, "xls", OUT / "sites_wgs84_libreoffice.xls")
    _soffice(wgs, "ods", OUT / "sites_wgs84_libreoffice.ods")
    _soffice(wgs, "xlsx", OUT / "xlsx_named_csv.csv")  # an .xlsx renamed .csv

    survey = tmp / "khao_sat_vn2000.csv"
    with survey.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Tên địa điểm", "Ngành nghề", "X (m)", "Y (m)"])
        for s in SITES[:3]:
            e, n = TO_VN2000.transform(s[2], s[3])
            w.writerow([s[0], s[1], round(n, 2), round(e, 2)])  # Vietnamese survey order: X = northing
        # the same site as Phổ Yên's, its position typed as degrees-minutes-seconds into the X/Y columns
        s = SITES[3]
        w.writerow([s[0], s[1], _dms(s[3], "N"), _dms(s[2], "E")])
    _soffice(survey, "xls", OUT / "survey_vn2000_libreoffice.xls")


def _dms(value: float, hemisphere: str) -> str:
    d = int(value)
    m = int((value - d) * 60)
    sec = (value - d - m / 60) * 3600
    return f"{d}°{m}'{sec:.2f}\"{hemisphere}"


#: MapInfo and dBase field names are ASCII (GDAL launders anything else), as offices name them.
_ASCII = {"Tên địa điểm": "Ten_dia_diem", "Ngành nghề": "Nganh_nghe", "Land (ha)": "Dien_tich"}


def mapinfo() -> None:
    for path in OUT.glob("sites_wgs84.*"):
        if path.suffix != ".parquet":
            path.unlink()
    pyogrio.write_dataframe(_points().rename(columns=_ASCII), OUT / "sites_wgs84.tab", driver="MapInfo File",
                            layer_options={"ENCODING": "UTF-8"})
    pyogrio.write_dataframe(_outlines(VN2000).rename(columns=_ASCII), OUT / "outlines_vn2000.mif", driver="MapInfo File",
                            dataset_options={"FORMAT": "MIF"}, layer_options={"ENCODING": "UTF-8"})
    # GDAL cannot name the VN-2000 datum in MapInfo terms and writes the projection on WGS 84 (224 m off
    # here); MapInfo Professional writes VN-2000 as datum 9999 with its seven parameters, so the header
    # gets the line MapInfo writes (the same positions as EPSG:9213 to the millimetre).
    mif = OUT / "outlines_vn2000.mif"
    lines = mif.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [MAPINFO_VN2000 if line.startswith("CoordSys") else line for line in lines]
    mif.write_text("".join(lines), encoding="utf-8")


MAPINFO_VN2000 = ('CoordSys Earth Projection 8, 9999, 28, -191.90441429, -39.30318279, -111.45032835, -0.00928836, '
                  '0.01975479, -0.00427372, 0.252906278, 0, "m", 106.5, 0, 0.9999, 500000, 0\n')


def dxf() -> None:
    # GDAL: survey points and outlines in VN-2000 metres; DXF stores no CRS
    points = _points(VN2000)[["geometry"]].assign(Layer="DIEM_KHAO_SAT")
    pyogrio.write_dataframe(points, OUT / "survey_points_gdal.dxf", driver="DXF")
    import ezdxf

    doc = ezdxf.new("R2010")
    block = doc.blocks.new(name="DIEM_DAU_TU")
    block.add_circle((0, 0), radius=5)
    block.add_attdef("TEN", (6, 0), dxfattribs={"height": 3})
    block.add_attdef("NGANH", (6, -4), dxfattribs={"height": 3})
    msp = doc.modelspace()
    for s in SITES[:3]:
        e, n = TO_VN2000.transform(s[2], s[3])
        insert = msp.add_blockref("DIEM_DAU_TU", (round(e, 3), round(n, 3)), dxfattribs={"layer": "DIA_DIEM"})
        insert.add_auto_attribs({"TEN": s[0], "NGANH": s[1]})
    outline = _vn2000(_box(105.8232, 21.4961, 0.004, 0.0035))
    msp.add_lwpolyline([(round(x, 3), round(y, 3)) for x, y in outline.exterior.coords[:-1]], close=True,
                       dxfattribs={"layer": "RANH_GIOI"})
    msp.add_text("Ranh giới KCN Sông Công II", dxfattribs={"layer": "CHU_THICH", "height": 10,
                                                           "insert": (round(outline.centroid.x, 3), round(outline.centroid.y, 3))})
    doc.saveas(OUT / "survey_blocks_ezdxf.dxf")


def more_crs() -> None:
    """The other halves: points in VN-2000 and outlines in WGS 84 where the files above have the reverse."""
    pyogrio.write_dataframe(_points(VN2000).rename(columns=_ASCII), OUT / "sites_vn2000.mif", driver="MapInfo File",
                            dataset_options={"FORMAT": "MIF"}, layer_options={"ENCODING": "UTF-8"})
    mif = OUT / "sites_vn2000.mif"
    lines = mif.read_text(encoding="utf-8").splitlines(keepends=True)
    mif.write_text("".join(MAPINFO_VN2000 if line.startswith("CoordSys") else line for line in lines), encoding="utf-8")
    pyogrio.write_dataframe(_outlines().rename(columns=_ASCII), OUT / "outlines_wgs84.tab", driver="MapInfo File",
                            layer_options={"ENCODING": "UTF-8"})
    # a DXF drawn in degrees (exported from a GIS in WGS 84): no CRS, degrees are read as WGS 84
    outlines = _outlines()[["geometry"]].assign(Layer="RANH_GIOI")
    pyogrio.write_dataframe(pd.concat([_points()[["geometry"]].assign(Layer="DIEM"), outlines]), OUT / "sites_degrees_gdal.dxf",
                            driver="DXF")
    _points(VN2000).to_parquet(OUT / "sites_vn2000.parquet")
    _outlines().to_parquet(OUT / "outlines_wgs84.parquet")


def workbook_outlines(tmp: Path) -> None:
    """Outlines as WKT in a workbook (VN-2000, as a surveyor pastes them), converted by LibreOffice."""
    source = tmp / "ranh_gioi_vn2000.csv"
    frame = _outlines(VN2000)
    with source.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Tên địa điểm", "Ngành nghề", "Ranh giới (WKT)"])
        for name, sector, geom in zip(frame["Tên địa điểm"], frame["Ngành nghề"], frame.geometry):
            w.writerow([name, sector, shapely.to_wkt(geom, rounding_precision=3)])
    _soffice(source, "xls", OUT / "outlines_wkt_vn2000_libreoffice.xls")


def geoparquet() -> None:
    _points().to_parquet(OUT / "sites_wgs84.parquet")
    _outlines(VN2000).to_parquet(OUT / "outlines_vn2000.parquet")


def wkt_csv() -> None:
    pyogrio.write_dataframe(_points(), OUT / "sites_wkt_wgs84.csv", driver="CSV", layer_options={"GEOMETRY": "AS_WKT"})
    # no .prj beside a CSV: VN-2000 metres with no CRS stated, as QGIS writes them
    pyogrio.write_dataframe(_outlines(VN2000), OUT / "outlines_wkt_vn2000.csv", driver="CSV",
                            layer_options={"GEOMETRY": "AS_WKT"})


def shapefile_utf8_no_cpg() -> None:
    path = OUT / "sites_utf8_no_cpg.shp"
    pyogrio.write_dataframe(_points().rename(columns={"Tên địa điểm": "TEN", "Ngành nghề": "NGANH", "Land (ha)": "DIEN_TICH"}),
                            path, driver="ESRI Shapefile", encoding="UTF-8")
    path.with_suffix(".cpg").unlink()


KML_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2" xmlns:kml="http://www.opengis.net/kml/2.2" xmlns:atom="http://www.w3.org/2005/Atom">
<Document>
"""


def _coords(ring) -> str:
    return " ".join(f"{x:.6f},{y:.6f},0" for x, y in ring.coords)


def _polygon_kml(polygon: Polygon) -> str:
    inner = "".join(f"\n\t\t\t\t<innerBoundaryIs><LinearRing><coordinates>{_coords(r)}</coordinates></LinearRing></innerBoundaryIs>"
                    for r in polygon.interiors)
    return (f"<Polygon>\n\t\t\t\t<tessellate>1</tessellate>\n\t\t\t\t<outerBoundaryIs><LinearRing><coordinates>"
            f"{_coords(polygon.exterior)}</coordinates></LinearRing></outerBoundaryIs>{inner}\n\t\t\t</Polygon>")


def google_earth_kml() -> None:
    """Google Earth Pro's "Save Place As…" of a folder tree: zone folders, a sector folder inside, outlines."""
    def placemark(name: str, description: str, geometry: str) -> str:
        return (f"\t\t<Placemark>\n\t\t\t<name>{name}</name>\n\t\t\t<description><![CDATA[{description}]]></description>\n"
                f"\t\t\t<styleUrl>#m_ylw-pushpin</styleUrl>\n\t\t\t{geometry}\n\t\t</Placemark>\n")

    def point(s) -> str:
        return placemark(s[0], f"<b>Ngành nghề:</b> {s[1]}<br>Diện tích: {s[6]} ha",
                         f"<Point>\n\t\t\t\t<gx:drawOrder>1</gx:drawOrder>\n\t\t\t\t<coordinates>{s[2]:.6f},{s[3]:.6f},0</coordinates>\n\t\t\t</Point>")

    def outline(o) -> str:
        geom = o[2]
        if isinstance(geom, MultiPolygon):
            body = "<MultiGeometry>" + "".join(_polygon_kml(p) for p in geom.geoms) + "</MultiGeometry>"
        else:
            body = _polygon_kml(geom)
        return placemark(o[0], f"<div>Ngành nghề: <i>{o[1]}</i></div>", body)

    styles = (
        '\t<Style id="s_ylw-pushpin"><IconStyle><scale>1.1</scale><Icon><href>http://maps.google.com/mapfiles/kml/pushpin/ylw-pushpin.png</href></Icon>'
        '<hotSpot x="20" y="2" xunits="pixels" yunits="pixels"/></IconStyle></Style>\n'
        '\t<StyleMap id="m_ylw-pushpin"><Pair><key>normal</key><styleUrl>#s_ylw-pushpin</styleUrl></Pair>'
        '<Pair><key>highlight</key><styleUrl>#s_ylw-pushpin</styleUrl></Pair></StyleMap>\n'
    )
    south = [s for s in SITES if s[5] == "south"]
    text = (KML_HEAD + "\t<name>Địa điểm đầu tư.kml</name>\n" + styles
            + "\t<Folder>\n\t\t<name>Khu vực phía Nam</name>\n\t\t<open>1</open>\n"
            + "\t\t<Folder>\n\t\t<name>Điện tử</name>\n" + point(south[0]) + point(south[2]) + "\t\t</Folder>\n"
            + point(south[1]) + outline(OUTLINES[0])
            + "\t</Folder>\n\t<Folder>\n\t\t<name>Khu vực phía Tây và Đông</name>\n"
            + point(SITES[1]) + point(SITES[2]) + outline(OUTLINES[1])
            + "\t</Folder>\n</Document>\n</kml>\n")
    (OUT / "google_earth_sites.kml").write_text(text, encoding="utf-8")


def my_maps_kmz() -> None:
    """Google My Maps' "Export to KMZ": one folder per layer, ExtendedData per column, description repeating them."""
    def placemark(name, sector, area, geometry) -> str:
        return (f"      <Placemark>\n        <name>{name}</name>\n"
                f"        <description><![CDATA[Ngành: {sector}<br>Diện tích (ha): {area}]]></description>\n"
                f"        <styleUrl>#icon-1899-0288D1</styleUrl>\n        <ExtendedData>\n"
                f"          <Data name=\"Ngành\">\n            <value>{sector}</value>\n          </Data>\n"
                f"          <Data name=\"Diện tích (ha)\">\n            <value>{area}</value>\n          </Data>\n"
                f"        </ExtendedData>\n        {geometry}\n      </Placemark>\n")

    points = "".join(placemark(s[0], s[1], s[6], f"<Point>\n          <coordinates>\n            {s[2]},{s[3]},0\n          </coordinates>\n        </Point>")
                     for s in SITES)
    polygons = "".join(placemark(o[0], o[1], "", _polygon_kml(o[2]) if isinstance(o[2], Polygon) else
                                 "<MultiGeometry>" + "".join(_polygon_kml(p) for p in o[2].geoms) + "</MultiGeometry>")
                       for o in OUTLINES)
    text = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n  <Document>\n"
            "    <name>Địa điểm đầu tư Thái Nguyên</name>\n    <description/>\n"
            "    <Style id=\"icon-1899-0288D1-normal\">\n      <IconStyle>\n        <color>ffd18802</color>\n        <scale>1</scale>\n"
            "        <Icon>\n          <href>images/icon-1.png</href>\n        </Icon>\n      </IconStyle>\n    </Style>\n"
            "    <StyleMap id=\"icon-1899-0288D1\">\n      <Pair>\n        <key>normal</key>\n        <styleUrl>#icon-1899-0288D1-normal</styleUrl>\n"
            "      </Pair>\n    </StyleMap>\n"
            f"    <Folder>\n      <name>Điểm</name>\n{points}    </Folder>\n"
            f"    <Folder>\n      <name>Ranh giới</name>\n{polygons}    </Folder>\n  </Document>\n</kml>\n")
    with zipfile.ZipFile(OUT / "my_maps_sites.kmz", "w", zipfile.ZIP_DEFLATED) as kmz:
        info = zipfile.ZipInfo("doc.kml", date_time=(2025, 3, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        kmz.writestr(info, text)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["--more"]:  # only the files added second (the first ones are kept byte for byte)
        more_crs()
        with tempfile.TemporaryDirectory() as tmp:
            workbook_outlines(Path(tmp))
        return
    with tempfile.TemporaryDirectory() as tmp:
        spreadsheets(Path(tmp))
    mapinfo()
    dxf()
    geoparquet()
    more_crs()
    with tempfile.TemporaryDirectory() as tmp:
        workbook_outlines(Path(tmp))
    wkt_csv()
    shapefile_utf8_no_cpg()
    google_earth_kml()
    my_maps_kmz()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.name}")


if __name__ == "__main__":
    main()
