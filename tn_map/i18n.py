"""Every word tn-map shows around the plan, in Vietnamese and English: one table.

Data carries keys (zone ``"south"``, fit ``"priority"``, reason
``"outside_province"``); the edges — the page, the image, the exports and
the command line — turn keys into words with :func:`tr`.  Plan content
(zone names, clusters, targets) is not here: it is a fact of the Decision
and lives, with its citation, in :mod:`tn_map.plan`.

Values filled into a text (``{name}``) are inserted as they are: the
templates are ours, the values may be the user's, and nothing in a value
is interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._errors import ParameterError

__all__ = ["Lang", "LANGS", "Text", "Notice", "WORDS", "LANGUAGE_NAMES", "BASEMAP_NAMES", "tr", "reason_text", "reason_kind", "check_lang", "fmt_number"]

Lang = Literal["vi", "en"]
#: Languages tn-map speaks; Vietnamese first (the scheme's language).
LANGS: tuple[Lang, ...] = ("vi", "en")


def check_lang(lang: str) -> Lang:
    """``lang`` if tn-map speaks it; otherwise :class:`~tn_map.ParameterError` naming ``lang``."""
    if lang not in LANGS:
        raise ParameterError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}", param="lang")
    return lang  # type: ignore[return-value]


@dataclass(frozen=True)
class Text:
    """A text in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``"vi"`` or ``"en"``); raises :class:`~tn_map.ParameterError` otherwise."""
        return self.vi if check_lang(lang) == "vi" else self.en


@dataclass(frozen=True)
class Notice:
    """Something tn-map assumed or changed while reading, as a key and its values.

    ``text(lang)`` gives the words (``notice.<key>`` in :data:`WORDS`).
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Notice:
        """A notice with named values: ``Notice.of("reprojected", crs="EPSG:9213")``."""
        return cls(key, tuple(values.items()))

    def text(self, lang: str) -> str:
        """The notice in words, in ``lang``."""
        return tr(f"notice.{self.key}", lang, **dict(self.values))


#: Each language's name in that language: the switch button is named by the language it switches to.
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

#: Readable names of the basemaps the layer control offers (others show their xyzservices name).
BASEMAP_NAMES: dict[str, Text] = {
    "OpenStreetMap.Mapnik": Text("Bản đồ đường phố (OpenStreetMap)", "Street map (OpenStreetMap)"),
    "Esri.WorldGrayCanvas": Text("Nền xám (Esri)", "Grey background (Esri)"),
    "Esri.WorldImagery": Text("Ảnh vệ tinh (Esri)", "Satellite imagery (Esri)"),
}

WORDS: dict[str, Text] = {
    # the map
    "title": Text("Không gian phát triển công nghiệp tỉnh Thái Nguyên đến năm 2030",
                  "Thái Nguyên industrial development space to 2030"),
    "subtitle": Text("Quyết định {number}", "Decision {number}"),
    "district": Text("Đơn vị hành chính", "District"),
    "unit_type": Text("Loại đơn vị", "Unit type"),
    "area": Text("Diện tích", "Area"),
    "zone": Text("Khu vực", "Zone"),
    "clusters": Text("Cụm ngành ưu tiên", "Priority industry clusters"),
    "orientation": Text("Định hướng", "Orientation"),
    "legend": Text("Khu vực phát triển công nghiệp", "Industrial development zones"),
    "plan_panel": Text("Mục tiêu của Đề án", "Targets of the scheme"),
    "excl_samsung": Text("không kể Samsung", "excl. Samsung"),
    "per_year": Text("%/năm", "%/yr"),
    "of_grdp": Text("% GRDP", "% of GRDP"),
    "layer_districts": Text("Huyện, thành phố theo khu vực", "Districts by zone"),
    "layer_labels": Text("Tên huyện, thành phố", "District names"),
    "layer_linked_space": Text("Không gian công nghệ cao liên vùng", "Interregional high-tech space"),
    "layer_neighbours": Text("Các tỉnh lân cận khác", "Other neighbouring provinces"),
    "linked_to": Text("{zone} gắn với", "{zone} is tied to the"),
    "pre2025_note": Text(
        "Ranh giới cấp huyện trước ngày 1/7/2025",
        "District-level boundaries in force before 1 July 2025",
    ),
    "boundaries_attr": Text(
        "Ranh giới: xã, phường 2025 theo Bản đồ ĐVHC (sapnhap.bando.com.vn, MIT); huyện cũ dựng lại từ đó; dvhcvn (GPL-3.0)",
        "Boundaries: 2025 communes from the admin-units reference map (sapnhap.bando.com.vn, MIT); old districts rebuilt "
        "from them; dvhcvn (GPL-3.0)",
    ),
    "plan_attr": Text("Đề án: QĐ {number}", "Plan: Decision {number}"),
    "source": Text("Nguồn", "Source"),
    "km2": Text("km²", "km²"),
    "layer_sites": Text("Địa điểm đầu tư: {name}", "Investment sites: {name}"),
    "fit": Text("Phù hợp định hướng", "Fit with the zone"),
    "unnamed_site": Text("(không tên)", "(unnamed)"),
    "approximate": Text(
        "Vị trí gần đúng (đặt theo xã hoặc huyện, không phải tọa độ đo)",
        "Approximate position (placed by its commune or district, not surveyed)",
    ),
    "mismatch": Text(
        "Huyện ghi trong tệp khác với vị trí trên bản đồ", "The district stated in the file differs from where the point falls"
    ),
    "sites": Text("Số địa điểm", "Sites"),
    "sites_legend": Text("Địa điểm theo mức phù hợp", "Sites by fit with their zone"),
    "approximate_short": Text("Viền chấm: vị trí gần đúng", "Dotted outline: approximate position"),
    "area_ha": Text("Diện tích (ha)", "Area (ha)"),
    "priority_share": Text("Đúng ngành ưu tiên", "Priority fit"),
    "sites_summary": Text("Địa điểm đầu tư theo khu vực", "Investment sites by zone"),
    "rows_accounted": Text("{total} dòng đầu vào; {rejected} bị loại (xem bảng phân loại)",
                           "{total} input rows; {rejected} rejected (see the classify output)"),
    "loading": Text("Đang tải địa điểm…", "Loading sites…"),
    "share": Text("diện tích tỉnh", "of the province"),
    "scale_crs": Text("VN-2000 / TM-3 106-30 (EPSG:9213)", "VN-2000 / TM-3 106-30 (EPSG:9213)"),
    # the 2025 reform
    "now_part_of": Text("{old} (nay thuộc {new})", "{old} (now part of {new})"),
    "former_bac_kan_label": Text("Bắc Kạn cũ — sáp nhập vào Thái Nguyên ngày 1/7/2025; ngoài phân vùng của Đề án 2030",
                                 "Former Bắc Kạn — merged into Thái Nguyên on 1 July 2025; outside the 2030 scheme's zones"),
    "layer_former_bac_kan": Text("Bắc Kạn cũ (từ 1/7/2025 thuộc Thái Nguyên)", "Former Bắc Kạn (Thái Nguyên since 1 July 2025)"),
    "layer_new_units": Text("Xã, phường từ 1/7/2025 (92 đơn vị)", "Communes and wards since 1 July 2025 (92 units)"),
    "new_unit": Text("Đơn vị mới", "New unit"),
    "point.code": Text("mã", "code"),
    "h_units": Text("Xã, phường hiện nay (từ ngày 1/7/2025)", "Communes and wards today (since 1 July 2025)"),
    "units_note": Text(
        "{n} xã, phường có phần thuộc khu vực này; diện tích theo Bản đồ đơn vị hành chính (sapnhap.bando.com.vn).",
        "{n} communes and wards lie wholly or partly in this zone; areas as the administrative-units reference map "
        "(sapnhap.bando.com.vn) states them.",
    ),
    "unit_partly": Text("{name} (một phần; gồm phần của {zones})", "{name} (partly; joins parts of {zones})"),
    "col_unit": Text("Xã, phường", "Commune or ward"),
    "col_old_district": Text("Huyện, thành phố cũ", "Old district"),
    "point.two_zones": Text("{unit} gồm phần của hai khu vực ({zones}); điểm này nằm trong phần thuộc {district} cũ",
                            "{unit} joins parts of two zones ({zones}); this point lies in the part that was {district}"),
    "point.outside": Text("nằm ngoài tỉnh Thái Nguyên", "outside Thái Nguyên province"),
    "point.outside_in": Text("nằm ngoài tỉnh Thái Nguyên, trong tỉnh {province}", "outside Thái Nguyên province, in {province} province"),
    "formed_from": Text("Hình thành từ", "Formed from"),
    "official_figure": Text("số liệu chính thức", "official figure"),
    "old_districts": Text("Huyện cũ", "Old districts"),
    "old_district": Text("Huyện, thành phố cũ (trước 1/7/2025)", "Old district (before 1 July 2025)"),
    "zones": Text("Khu vực", "Zones"),
    "two_zones": Text("thuộc hai khu vực của Đề án", "spans two zones of the scheme"),
    "outside_zoning": Text("Ngoài phân vùng của Đề án (Bắc Kạn cũ)", "Outside the scheme's zones (former Bắc Kạn)"),
    "ward": Text("Phường", "Ward"),
    "commune": Text("Xã", "Commune"),
    "level.new_unit": Text("xã/phường mới (từ 1/7/2025)", "new commune/ward (since 1 July 2025)"),
    "level.old_commune": Text("xã/phường/thị trấn cũ (trước 1/7/2025)", "old commune/ward/town (before 1 July 2025)"),
    "level.old_district": Text("huyện/thành phố cũ (trước 1/7/2025)", "old district/city (before 1 July 2025)"),
    # a site's fit with its zone (data: FIT_* keys in tn_map.join.sites)
    "fit.priority": Text("Ngành ưu tiên của khu vực", "Priority sector of this zone"),
    "fit.not_priority": Text("Không phải ngành ưu tiên ở đây", "Not a priority here"),
    "fit.unknown": Text("Chưa rõ ngành", "Sector unknown"),
    "fit.split": Text("Ưu tiên ở một trong hai khu vực của đơn vị", "A priority in one of the unit's two zones"),
    # why a row has no place (data: tn_map.locate.Reason)
    "reason.no_coordinates": Text("không có tọa độ", "no coordinates"),
    "reason.no_value": Text("thiếu giá trị ở cột {column!r}", "no value in column {column!r}"),
    "reason.not_a_number": Text("không phải số ở cột {column!r}: {value!r}", "not a number in column {column!r}: {value!r}"),
    "reason_kind.no_value": Text("thiếu giá trị ở một cột tọa độ", "no value in a coordinate column"),
    "reason_kind.not_a_number": Text("không phải số ở một cột tọa độ", "not a number in a coordinate column"),
    "reason.out_of_range": Text("tọa độ ngoài giới hạn kinh độ/vĩ độ", "coordinates out of range for longitude/latitude"),
    "reason.cannot_convert": Text("không chuyển được hệ tọa độ", "cannot convert the coordinates"),
    "reason.no_geometry": Text("không có hình học", "no geometry"),
    "reason.not_point_or_polygon": Text("hình học không phải điểm hay vùng", "geometry is not a point or polygon"),
    "reason.outside_province": Text("nằm ngoài tỉnh", "outside the province"),
    "reason.outside_province_in": Text("nằm ngoài tỉnh, trong tỉnh {value}", "outside the province, in {value} province"),
    "unit_check.mismatch": Text("xã, phường ghi trong tệp không phải {unit}, nơi có điểm",
                                "the commune or ward the file names is not {unit}, where the point lies"),
    "unit_check.match": Text("khớp với xã, phường ghi trong tệp", "matches the commune or ward the file names"),
    "reason.address_unknown": Text("không tìm thấy địa chỉ ở cột {column!r}: {value!r}", "address not found in column {column!r}: {value!r}"),
    "reason.address_ambiguous": Text("địa chỉ trùng nhiều nơi ở cột {column!r}: {value!r} (ghi rõ huyện cũ hoặc xã mới)",
                                     "ambiguous address in column {column!r}: {value!r} (add the old district or the new unit)"),
    "reason.address_outside": Text("địa chỉ ở tỉnh khác (cột {column!r}): {value!r}", "address in another province (column {column!r}): {value!r}"),
    "reason.link_no_coordinates": Text(
        "liên kết bản đồ ở cột {column!r} không chứa tọa độ (liên kết rút gọn goo.gl không bao giờ có): {value!r}; "
        "mở liên kết và chép tọa độ",
        "map link in column {column!r} carries no coordinates (a short goo.gl link never does): {value!r}; "
        "open it and copy the coordinates",
    ),
    "reason_kind.link_no_coordinates": Text("liên kết bản đồ không có tọa độ", "map link without coordinates"),
    "reason_kind.address_unknown": Text("không tìm thấy địa chỉ", "address not found"),
    "reason_kind.address_ambiguous": Text("địa chỉ trùng nhiều nơi", "ambiguous address"),
    "reason_kind.address_outside": Text("địa chỉ ở tỉnh khác", "address in another province"),
    # how a row was placed (data: tn_map.locate.Note)
    "note.latlon_swapped": Text("vĩ độ và kinh độ bị đảo; đã sửa", "latitude and longitude were swapped; fixed"),
    "note.outline_point": Text("điểm bên trong ranh giới khu", "point inside the outline"),
    "note.multipoint_centroid": Text("trọng tâm của các điểm", "centroid of the points"),
    "note.northing_first": Text(
        "cột X đọc là tọa độ Bắc (thứ tự khảo sát VN-2000)",
        "X read as northing (VN-2000 survey order)",
    ),
    "note.placed_at_commune": Text("không có tọa độ: đặt tại {place} (gần đúng)",
                                   "no coordinates: placed at {place} (approximate)"),
    "note.degrees_in_xy": Text("ô X/Y ghi bằng độ: đọc là kinh độ/vĩ độ theo hệ của tệp",
                               "degrees in the X/Y cells: read as latitude/longitude on the file's datum"),
    "note.one_zone": Text("tên trùng nhiều đơn vị, cùng một khu vực: đặt trong {place} (cấp huyện, gần đúng)",
                          "a name several units share, all in one zone: placed inside {place} (district precision)"),
    "note.placed_in_district": Text("không có tọa độ: đặt trong {place} (gần đúng)",
                                    "no coordinates: placed inside {place} (approximate)"),
    # how exact a position is (data: location_precision)
    "precision.exact": Text("chính xác", "exact"),
    "precision.approximate": Text("gần đúng", "approximate"),
    "precision.commune": Text("gần đúng (tâm xã)", "approximate (commune centre)"),
    "precision.district": Text("gần đúng (trong huyện)", "approximate (inside the district)"),
    # what was assumed or changed while reading a file (data: Notice keys)
    "notice.own_output": Text("bảng do tn-map ghi: các cột kết quả được tính lại",
                              "a table tn-map wrote: its result columns are computed anew"),
    "notice.northing_first": Text(
        "cột {first!r} đọc là tọa độ Bắc, {second!r} là tọa độ Đông (thứ tự khảo sát VN-2000)",
        "column {first!r} read as northing, {second!r} as easting (VN-2000 survey order)",
    ),
    "notice.encoding": Text("đọc theo mã {encoding}", "read as {encoding}"),
    "notice.encoding_given": Text("đọc theo mã {encoding} (đã chỉ định)", "read as {encoding} (as given)"),
    "notice.encoding_stray": Text(
        "đọc theo mã {encoding}; ký tự lỗi ở dòng {lines} được thay bằng �",
        "read as {encoding}; bytes that are not {encoding} on line(s) {lines} were replaced by �",
    ),
    "notice.encoding_guess": Text(
        "không phải UTF-8: đoán là mã {encoding} (chỉ định mã khác nếu chữ bị lỗi)",
        "not UTF-8: assumed {encoding} (give the encoding if the text looks wrong)",
    ),
    "notice.separator": Text("dấu phân cách cột: {separator}", "separator: {separator}"),
    "notice.header_row": Text("dòng tiêu đề cột là dòng {line}; bỏ qua {skipped} dòng tựa phía trên",
                              "column headers on line {line}; {skipped} title line(s) above skipped"),
    "notice.two_row_header": Text("tiêu đề hai tầng: ô trống lấy tên ở dòng {line}",
                                  "two-row header: empty header cells take the name on line {line}"),
    "notice.sheet": Text("đọc trang tính {sheet!r} (các trang: {sheets}; {hidden} trang ẩn)",
                         "read sheet {sheet!r} (sheets: {sheets}; {hidden} hidden)"),
    "notice.duplicate_columns": Text("tên cột trùng được đánh số: {columns}", "repeated column names numbered: {columns}"),
    "notice.layer": Text("đọc lớp {layer!r} (các lớp: {layers})", "read layer {layer!r} (layers: {layers})"),
    "notice.crs": Text("tọa độ đọc theo {crs}", "coordinates read as {crs}"),
    "notice.units_bundled": Text(
        "huyện và khu vực theo tệp này; xã, phường hiện nay (từ 1/7/2025) theo bản đồ đơn vị hành chính kèm theo tn-map",
        "districts and zones from this file; today's communes and wards (since 1 July 2025) from tn-map's bundled reference map",
    ),
    "notice.point_swapped": Text("hai số đọc là kinh độ, vĩ độ (thứ tự ngược)", "the two numbers read as longitude, latitude (reversed order)"),
    "notice.point_xy": Text("hai số đọc là X (Đông), Y (Bắc) theo {crs}", "the two numbers read as X (easting), Y (northing) in {crs}"),
    "notice.point_yx": Text("hai số đọc là X (Bắc), Y (Đông) theo {crs} (thứ tự khảo sát VN-2000)",
                            "the two numbers read as northing, easting in {crs} (VN-2000 survey order)"),
    "notice.crs_default": Text("tọa độ đọc là kinh độ/vĩ độ WGS 84 (EPSG:4326), vì không cho hệ tọa độ",
                               "coordinates read as WGS 84 longitude/latitude (EPSG:4326): no CRS was given"),
    "notice.easting_first": Text("cột {first!r} đọc là tọa độ Đông, {second!r} là tọa độ Bắc",
                                 "column {first!r} read as easting, {second!r} as northing"),
    "notice.collections": Text("dòng {rows}: tập hình học — chỉ giữ phần vùng", "rows {rows}: geometry collections — their areas kept, stray lines or points dropped"),
    "notice.reader": Text("trình đọc tệp báo: {text}", "the file reader says: {text}"),
    "notice.workbook": Text("đọc bảng tính: {kind}", "read as: {kind}"),
    "notice.kml": Text("đọc KML bằng trình {driver} của GDAL: {n} điểm/vùng trong các thư mục {folders} (cột 'folder'); "
                       "KML luôn là kinh độ/vĩ độ WGS 84",
                       "KML read with GDAL's {driver} driver: {n} placemarks in folders {folders} (column 'folder'); "
                       "KML is always WGS 84 longitude/latitude"),
    "notice.dxf": Text("đọc DXF: {n} điểm, khối và đường khép kín là địa điểm (DXF không ghi hệ tọa độ)",
                       "DXF read: {n} points, blocks and closed polylines are sites (DXF stores no CRS)"),
    "notice.dxf_skipped": Text("bỏ qua {n} đối tượng vẽ không phải địa điểm: {kinds}",
                               "{n} drawing entities that are no sites left out: {kinds}"),
    "notice.driver": Text("đọc bằng {driver}", "read with {driver}"),
    "notice.driver_crs": Text("đọc bằng {driver}; hệ tọa độ theo tệp: {crs}", "read with {driver}; CRS as the file declares it: {crs}"),
    "notice.wkt": Text("cột {column!r} là hình học WKT", "column {column!r} read as WKT geometry"),
    "notice.pair_column": Text("cột {column!r} chứa tọa độ hoặc liên kết bản đồ: đọc thành vị trí",
                               "column {column!r} holds coordinates or map links: read as positions"),
    "notice.degrees_in_xy": Text("{rows} dòng ghi độ trong cột X/Y: đọc là vĩ độ/kinh độ {crs}",
                                 "{rows} row(s) with degrees in the X/Y columns: read as {crs} latitude/longitude"),
    "notice.dbf_encoding": Text("tệp shapefile không có .cpg: theo các byte, mã chữ là {encoding}",
                                "the shapefile has no .cpg: its text is {encoding}, decided from the bytes"),
    "notice.reprojected": Text("đã chuyển từ {crs} sang EPSG:4326", "reprojected from {crs} to EPSG:4326"),
    "notice.repaired": Text("đã sửa hình học không hợp lệ ở các dòng {rows} (make_valid)",
                            "repaired invalid geometries in rows {rows} with make_valid"),
    # errors about the user's data (data: TnMapError.words)
    "error.file_not_found": Text("không tìm thấy tệp", "file not found"),
    "error.no_rows": Text("tệp không có dòng dữ liệu nào", "the file has no data rows"),
    "error.font_missing": Text(
        "chưa cài phông Liberation Serif ({file}); báo cáo PDF cần phông này (Debian/Ubuntu: apt install fonts-liberation)",
        "the font Liberation Serif ({file}) is not installed; a PDF brief needs it (Debian/Ubuntu: apt install fonts-liberation)",
    ),
    "error.file_type": Text("không đọc được loại tệp {suffix}; dùng CSV, XLSX, XLS, ODS, KML, KMZ, GeoJSON, GeoPackage, "
                            "Shapefile, MapInfo, DXF hoặc GeoParquet",
                            "unsupported file type {suffix}; use CSV, XLSX, XLS, ODS, KML, KMZ, GeoJSON, GeoPackage, "
                            "Shapefile, MapInfo, DXF or GeoParquet"),
    "error.no_coordinates": Text(
        "không thấy cột tọa độ (vĩ độ/kinh độ, lat/lon, x/y…) hay cột xã, huyện, địa chỉ; các cột là {columns}",
        "no coordinate columns found (looked for lat/lon, latitude/longitude, vĩ độ/kinh độ, x/y…) and no commune, "
        "district or address column; columns are {columns}",
    ),
    "error.no_column": Text("không có cột {column!r}; các cột là {columns}", "no column {column!r}; columns are {columns}"),
    "error.link_no_coordinates": Text(
        "liên kết bản đồ {text!r} không chứa tọa độ (liên kết rút gọn không bao giờ có); mở liên kết và chép tọa độ",
        "the map link {text!r} carries no coordinates (a short link never does); open it and copy the coordinates",
    ),
    "error.not_xy": Text("{text!r} không phải hai số X, Y", "{text!r} is not two numbers X, Y"),
    "error.point_nowhere": Text("{text!r} không phải một điểm gần Thái Nguyên theo thứ tự trục nào",
                                "{text!r} is not a point near Thái Nguyên in any axis order"),
    "error.unknown_crs": Text(
        "không rõ hệ tọa độ {crs!r}; dùng mã EPSG (vd. 9213) hoặc tên như 'VN-2000 TM-3 106-30', 'VN-2000 UTM 48N', 'WGS84'",
        "unknown CRS {crs!r}; give an EPSG code (e.g. 9213) or a name such as 'VN-2000 TM-3 106-30', 'VN-2000 UTM 48N', 'WGS84'",
    ),
    "error.folder": Text("là một thư mục, không phải tệp", "is a folder, not a file"),
    "error.layers": Text("tệp có {n} lớp ({layers}); chọn lớp cần đọc", "the file has {n} layers ({layers}); name the one to read"),
    "error.no_layer": Text("không có lớp {layer!r}; các lớp là {layers}", "no layer {layer!r}; layers are {layers}"),
    "error.no_sheet": Text("không có trang tính {sheet!r}; các trang là {sheets}", "no sheet {sheet!r}; sheets are {sheets}"),
    "error.several_sheets": Text("nhiều trang tính có bảng ({sheets}); chọn trang cần đọc",
                                 "several sheets hold tables ({sheets}); name the one to read"),
    "error.long_row": Text("dòng {line} có {fields} trường, nhưng dòng tiêu đề có {width}: các cột sẽ bị lệch; sửa dòng đó (dấu phân cách trong ô?)",
                           "line {line} has {fields} fields, but the header has {width}: columns would shift; fix that line (a separator inside a cell?)"),
    "error.unknown_encoding": Text("không rõ bảng mã {encoding!r}", "unknown encoding {encoding!r}"),
    "error.not_encoding": Text("dòng {line}: không phải mã {encoding} (byte {byte})", "line {line}: not {encoding} (byte {byte})"),
    "error.projected_no_crs": Text(
        "cột {first!r}/{second!r} là tọa độ phẳng (mét) nhưng chưa cho hệ tọa độ (vd. 'VN-2000 TM-3 106-30' = EPSG:9213)",
        "columns {first!r}/{second!r} hold projected coordinates but no CRS was given (e.g. 'VN-2000 TM-3 106-30' = EPSG:9213)",
    ),
    "error.degrees_projected": Text(
        "cột {first!r}/{second!r} là độ, nhưng hệ tọa độ đã cho là hệ phẳng ({crs}, mét); bỏ hệ tọa độ đi nếu là kinh độ/vĩ độ",
        "columns {first!r}/{second!r} hold degrees, but the CRS given is projected ({crs}, metres); leave it out for degrees",
    ),
    "error.no_crs": Text("tệp không khai báo hệ tọa độ", "the file declares no CRS"),
    "error.metres_no_crs": Text(
        "tọa độ là mét nhưng tệp không khai báo hệ tọa độ: hãy cho hệ tọa độ (vd. 'VN-2000 TM-3 106-30' = EPSG:9213, "
        "'VN-2000 UTM 48N' = EPSG:3405)",
        "the coordinates are metres but the file declares no CRS: give it (e.g. 'VN-2000 TM-3 106-30' = EPSG:9213, "
        "'VN-2000 UTM 48N' = EPSG:3405)",
    ),
    "error.metres_no_crs_fits": Text(
        "tọa độ là mét nhưng tệp không khai báo hệ tọa độ: hãy cho hệ tọa độ; đọc theo {crs} thì các điểm nằm ở Thái Nguyên",
        "the coordinates are metres but the file declares no CRS: give it; read as {crs} they fall on Thái Nguyên",
    ),
    "error.workbook_as_text": Text(
        "đây là bảng tính ({kind}), không phải tệp văn bản CSV: đặt lại đuôi tệp (.xlsx, .xls hoặc .ods) rồi đọc lại",
        "this is a spreadsheet workbook ({kind}), not a text table: give it its own extension (.xlsx, .xls or .ods) "
        "and read it again",
    ),
    "error.not_workbook": Text("không đọc được bảng tính ({error})", "cannot read as a workbook ({error})"),
    "error.not_kml": Text("không đọc được KML ({error})", "cannot read as KML ({error})"),
    "error.not_parquet": Text("không đọc được Parquet ({error})", "cannot read as Parquet ({error})"),
    "error.not_degrees": Text("tọa độ không phải là độ dù tệp ghi {crs}: hãy khai báo hệ tọa độ{hint}",
                              "coordinates are not degrees, though the file says {crs}: declare the CRS{hint}"),
    "error.vertical_crs": Text("{crs!r} không phải hệ tọa độ mặt bằng ({name})", "{crs!r} is not a horizontal CRS ({name})"),
    "error.see": Text("xem {param}", "see {param}"),
    # the command line's summary of a site list
    "cli.summary": Text("{source}: {rows} dòng vào → {located} định vị được, {rejected} bị loại",
                        "{source}: {rows} rows in -> {located} located, {rejected} rejected"),
    "cli.summary_outside": Text(
        "{source}: {rows} dòng vào → {located} định vị được, {outside} ở Bắc Kạn cũ (ngoài phân vùng), {rejected} bị loại",
        "{source}: {rows} rows in -> {located} located, {outside} in former Bắc Kạn (outside the zones), {rejected} rejected",
    ),
    "cli.outside_zoning": Text("{n} ở Bắc Kạn cũ (ngoài phân vùng)", "{n} in former Bắc Kạn (outside the zones)"),
    "cli.approximate": Text("{n} vị trí gần đúng", "{n} approximate"),
    "cli.swapped": Text("{n} dòng đảo vĩ độ/kinh độ đã sửa", "{n} lat/lon swaps fixed"),
    "cli.mismatch": Text("{n} dòng ghi huyện khác vị trí", "{n} stated-district mismatches"),
    "cli.unit_mismatch": Text("{n} dòng ghi xã, phường khác đơn vị chứa điểm",
                              "{n} row(s) naming another commune or ward than the one their point lies in"),
    # why the zones' site counts add up to more than the located sites (CLI summary and brief)
    "several_zones": Text(
        "{n} địa điểm nằm trong hơn một khu vực ({places}) và được tính ở mỗi khu vực, "
        "nên tổng số theo khu vực lớn hơn số địa điểm định vị được",
        "{n} site(s) lie in more than one zone ({places}) and are counted in each, "
        "so the zones' counts add up to more than the located sites",
    ),
    "cli.col_zone": Text("khu vực", "zone"),
    "cli.col_sites": Text("địa điểm", "sites"),
    "cli.col_area": Text("diện tích (ha)", "area_ha"),
    "cli.col_fit": Text("đúng ưu tiên", "priority_fit"),
    "cli.col_unknown": Text("chưa rõ ngành", "sector_unknown"),
    "cli.by_reason": Text("bị loại theo lý do:", "rejected by reason:"),
    "cli.first_rejected": Text("các dòng bị loại đầu tiên (số thứ tự dòng dữ liệu, không tính dòng tiêu đề):",
                               "first rejected rows (data row numbers; the header is not counted):"),
    "cli.row": Text("dòng {row}", "row {row}"),
    "cli.more": Text("… và {n} dòng nữa trong tệp kết quả", "… and {n} more in the output file"),
    "cli.written": Text("mọi dòng kèm kết quả: {path}", "every row with its results: {path}"),
    "cli.on_map": Text("{path}: {located}/{rows} địa điểm trên bản đồ, {rejected} bị loại (xem tn-map sites classify)",
                       "{path}: {located} of {rows} sites on the map, {rejected} rejected (tn-map sites classify lists them)"),
    # the master plan's industrial parks (data/master_plan_parks.csv)
    "layer_parks": Text("Khu công nghiệp theo Quy hoạch tỉnh 2021–2030", "Industrial parks of the provincial master plan 2021–2030"),
    "parks_legend": Text("Khu công nghiệp (QH tỉnh, QĐ {number})", "Industrial parks (master plan, Decision {number})"),
    "parks_legend_item": Text("Khu công nghiệp, khu CNTT: {status}", "Industrial or IT park: {status}"),
    "parks_legend_note": Text("Vị trí gần đúng: đặt tại xã hoặc trong huyện của khu",
                              "Approximate positions: placed at the park's commune or in its district"),
    "park_status": Text("Tình trạng trong quy hoạch", "Status in the plan"),
    "park_status.established": Text("đã thành lập", "established"),
    "park_status.in earlier plans": Text("đã có trong quy hoạch trước", "in earlier plans"),
    "park_status.new": Text("quy hoạch mới", "newly planned"),
    "park_sector": Text("Ngành", "Sectors"),
    "park_area": Text("{area} ha — {source}", "{area} ha — {source}"),
    "park_place": Text("Huyện, xã (trước 2025)", "District, commune (pre-2025)"),
    "park_placed.placed_at_commune": Text("Vị trí gần đúng (đặt tại xã của khu: {place})",
                                          "Approximate position (placed at its commune: {place})"),
    "park_placed.placed_in_district": Text("Vị trí gần đúng (đặt trong huyện của khu: {place})",
                                           "Approximate position (placed inside its district: {place})"),
    "parks_skipped": Text(
        "không vẽ lớp khu công nghiệp: {path} là chính tệp khu công nghiệp đi kèm, đã vẽ thành một lớp địa điểm",
        "the parks layer is left out: {path} is the bundled parks file itself, already drawn as a site list",
    ),
    "cli.note": Text("ghi chú", "note"),
    "cli.error": Text("lỗi", "error"),
    # the print map, the brief and the district export
    # the print map
    "north": Text("B", "N"),
    "source_line": Text(
        "Nguồn: Quyết định {number} của {issuer}. {boundaries}. Hệ tọa độ: {crs}.",
        "Source: Decision {number} of the {issuer}. {boundaries}. CRS: {crs}.",
    ),
    "sites_by_zone": Text("Địa điểm theo khu vực", "Sites by zone"),
    "site_exact": Text("Ký hiệu đặc: vị trí theo tọa độ", "Solid symbol: position from coordinates"),
    "site_approximate": Text(
        "Ký hiệu rỗng: vị trí gần đúng (đặt theo xã hoặc huyện)",
        "Hollow symbol: approximate position (placed by commune or district)",
    ),
    "site_fanned": Text(
        "Các ký hiệu trùng vị trí (địa điểm, khu công nghiệp) được xếp quanh điểm chung (chấm đen)",
        "Symbols sharing a position (sites, parks) are fanned out around it (black dot)",
    ),
    "site_count": Text(
        "Số trong ô: số địa điểm tại cùng một vị trí (quá nhiều để xếp quanh)",
        "Number in a box: sites at one position (too many to fan out)",
    ),
    "site_outside_zoning": Text("Ngoài phân vùng (Bắc Kạn cũ)", "Outside the zones (former Bắc Kạn)"),
    "site_numbers": Text("Số cạnh ký hiệu: số thứ tự trong danh sách địa điểm",
                         "Number beside a symbol: the site's number in the list of sites"),
    "sites_outside_frame": Text("Ngoài khung bản đồ, không vẽ: {sites}", "Outside the map's frame, not drawn: {sites}"),
    "col_number": Text("STT", "No."),
    # the brief
    "brief_heading": Text("Báo cáo tóm tắt", "Brief"),
    "brief_zone_heading": Text("Báo cáo tóm tắt: {zone}", "Brief: {zone}"),
    "decision_ref": Text(
        "{title}. {issuer}, Quyết định số {number}. {date_note}.",
        "{title}. {issuer}, Decision No. {number}. {date_note}.",
    ),
    "h_map": Text("Bản đồ", "Map"),
    "h_zones": Text("Các khu vực phát triển công nghiệp", "Industrial development zones"),
    "h_targets": Text("Mục tiêu của Đề án (toàn tỉnh)", "Targets of the scheme (whole province)"),
    "h_sites": Text("Địa điểm đầu tư", "Investment sites"),
    "h_site_summary": Text("Tổng hợp theo khu vực", "Summary by zone"),
    "h_site_list": Text("Danh sách địa điểm", "List of sites"),
    "h_sources": Text("Nguồn", "Sources"),
    "h_method": Text("Phương pháp", "Method"),
    "h_caveats": Text("Lưu ý", "Caveats"),
    "col_districts": Text("Huyện, thành phố", "Districts"),
    "col_area_km2": Text("Diện tích (km²)", "Area (km²)"),
    "col_share": Text("Tỷ lệ diện tích tỉnh (%)", "Share of the province (%)"),
    "col_target": Text("Chỉ tiêu", "Target"),
    "col_period": Text("Giai đoạn", "Period"),
    "col_with_samsung": Text("Kể cả Samsung", "Including Samsung"),
    "col_excl_samsung": Text("Không kể Samsung", "Excluding Samsung"),
    "col_site": Text("Tên địa điểm", "Site"),
    "col_place": Text("Huyện cũ / xã, phường nay", "Old district / commune today"),
    "brief_stated_unit": Text("(tệp ghi: {commune})", "(the file says: {commune})"),
    "col_sector": Text("Ngành (theo tệp)", "Sector (as in the file)"),
    "col_verdict": Text("Đánh giá", "Verdict"),
    "col_position": Text("Vị trí", "Position"),
    "col_sites": Text("Số địa điểm", "Sites"),
    "col_area_ha": Text("Diện tích (ha)", "Area (ha)"),
    "col_priority_share": Text("Đúng ngành ưu tiên", "Priority fit"),
    "col_sector_unknown": Text("Chưa rõ ngành", "Sector unknown"),
    "col_approximate": Text("Vị trí gần đúng", "Approximate positions"),
    "sites_accounting": Text(
        "{source}: {total} dòng đầu vào; {located} trong các khu vực; {outside} trong tỉnh nhưng ngoài phân vùng "
        "(Bắc Kạn cũ); {rejected} bị loại (không xác định được vị trí).",
        "{source}: {total} input rows; {located} in the zones; {outside} in the province but outside the zones "
        "(former Bắc Kạn); {rejected} rejected (no position could be found).",
    ),
    "no_sites": Text("Không có địa điểm nào trong phạm vi báo cáo.", "No site falls within the brief's scope."),
    "list_cut": Text("… và {n} địa điểm khác (xem tệp phân loại đầy đủ).", "… and {n} more sites (see the full classified file)."),
    "page_of": Text("Trang {page}", "Page {page}"),
    "made_with": Text("Lập bằng tn-map", "Made with tn-map"),
    "src_plan": Text(
        "Nội dung Đề án (khu vực, huyện, cụm ngành, mục tiêu): {source}, đưa tin Quyết định {number}; "
        "bản tiếng Anh là bản dịch của tn-map.",
        "Plan content (zones, districts, clusters, targets): {source}, reporting Decision {number}; "
        "English texts are tn-map's translation.",
    ),
    "src_boundaries": Text(
        "Ranh giới: 92 xã, phường từ ngày 1/7/2025 theo Bản đồ đơn vị hành chính (sapnhap.bando.com.vn, qua kho "
        "vietnamese-provinces-database, MIT); 9 huyện, thành phố trước 1/7/2025 dựng lại từ các xã, phường đó, "
        "cắt theo địa giới huyện năm 2019 (gis.chinhphu.vn qua dvhcvn, GPL-3.0) trong hai xã gồm phần của nhiều huyện cũ; tệp {file}.",
        "Boundaries: the 92 communes and wards since 1 July 2025 from the administrative-units reference map "
        "(sapnhap.bando.com.vn, via vietnamese-provinces-database, MIT); the 9 districts before 1 July 2025 rebuilt "
        "from them, cut along the 2019 district lines (gis.chinhphu.vn via dvhcvn, GPL-3.0) inside the two communes "
        "that join several old districts; file {file}.",
    ),
    "src_sites": Text("Danh sách địa điểm: {files}.", "Site lists: {files}."),
    "src_communes": Text(
        "Tọa độ xã (địa điểm không có tọa độ): gói vietnamadminunits (MIT).",
        "Commune points (sites without coordinates): the vietnamadminunits package (MIT).",
    ),
    "method_zones": Text(
        "Mỗi huyện, thành phố được gán khu vực theo danh sách trong Quyết định. Diện tích tính trên ellipsoid "
        "WGS 84 từ ranh giới (km²); tỷ lệ là phần trăm tổng diện tích 9 huyện, thành phố. Bản đồ vẽ theo hệ "
        "{crs}.",
        "Each district is assigned to the zone the Decision lists it in. Areas are geodesic on the WGS 84 "
        "ellipsoid from the boundaries (km²); shares are per cent of the 9 districts' total. The map is drawn "
        "in {crs}.",
    ),
    "method_sites": Text(
        "Mỗi địa điểm được đặt vào huyện chứa nó (theo tọa độ, hoặc theo tên xã, huyện ghi trong tệp), từ đó "
        "suy ra khu vực. Ngành ghi trong tệp được đọc bằng từ khóa và so với các cụm ngành ưu tiên của khu vực: "
        "đó là cách đọc của tn-map, Quyết định không đưa ra danh mục ngành để đối chiếu.",
        "Each site is placed in the district that contains it (by its coordinates, or by the commune or district "
        "the file names), which gives its zone. The file's sector text is read by keywords and compared with the "
        "zone's priority clusters: that is tn-map's reading; the Decision gives no list of sectors to match.",
    ),
    "caveat_pre2025": Text(
        "Các khu vực của Đề án được viết theo 9 đơn vị cấp huyện trước ngày 1/7/2025; báo cáo dùng ranh giới của "
        "các đơn vị đó.",
        "The scheme's zones are written in terms of the 9 district-level units in force before 1 July 2025; the "
        "brief uses those units' boundaries.",
    ),
    "caveat_reform": Text(
        "Từ ngày 1/7/2025 không còn cấp huyện và tỉnh Bắc Kạn sáp nhập vào tỉnh Thái Nguyên (Nghị quyết "
        "202/2025/QH15). Bắc Kạn cũ nằm ngoài phân vùng của Đề án; xã, phường mới được đối chiếu với huyện cũ "
        "bằng lệnh tn-map lookup.",
        "Since 1 July 2025 there are no districts and Bắc Kạn province is part of Thái Nguyên (Resolution "
        "202/2025/QH15). Former Bắc Kạn lies outside the scheme's zones; today's communes and wards are traced "
        "to the old districts with tn-map lookup.",
    ),
    "caveat_approximate": Text(
        "Địa điểm không có tọa độ được đặt tại tâm xã hoặc bên trong huyện ghi trong tệp: vị trí gần đúng, chỉ "
        "dùng để xếp vào khu vực, không dùng để đo đạc.",
        "Sites without coordinates are placed at their commune's point or inside the district the file names: "
        "approximate positions, good for assigning a zone, not for measuring.",
    ),
    "caveat_date": Text(
        "Ngày ký Quyết định không nêu trong nguồn; số liệu mục tiêu lấy nguyên văn theo nguồn.",
        "The Decision's signing date is not given in the source; the targets are as the source states them.",
    ),
    # the district export
    "col_code": Text("Mã ĐVHC (TCTK)", "Unit code (GSO)"),
    "col_name": Text("Tên", "Name"),
    "col_name_full": Text("Tên đầy đủ", "Full name"),
    "col_name_en": Text("Tên không dấu", "Name (ASCII)"),
    "col_unit_type": Text("Loại đơn vị", "Unit type"),
    "col_zone_key": Text("Mã khu vực", "Zone key"),
    "col_zone": Text("Khu vực", "Zone"),
    "col_cluster_keys": Text("Mã cụm ngành ưu tiên", "Priority cluster keys"),
    "col_clusters": Text("Cụm ngành ưu tiên", "Priority industry clusters"),
    "col_zone_share": Text("Tỷ lệ diện tích khu vực (%)", "Share of its zone (%)"),
    "col_label_lon": Text("Kinh độ điểm nhãn", "Label point longitude"),
    "col_label_lat": Text("Vĩ độ điểm nhãn", "Label point latitude"),
    "col_crs": Text("Hệ tọa độ", "CRS"),
    "sheet_districts": Text("huyen", "districts"),
    "sheet_sources": Text("nguon", "sources"),
    "col_item": Text("Mục", "Item"),
    "col_source": Text("Nguồn", "Source"),
    "src_item_plan": Text("Đề án", "Plan"),
    "src_item_boundaries": Text("Ranh giới", "Boundaries"),
    "src_item_area": Text("Diện tích", "Area"),
    "src_item_crs": Text("Hệ tọa độ", "CRS"),
    "src_item_validity": Text("Thời điểm", "Validity"),
    "src_area": Text(
        "Diện tích trắc địa trên ellipsoid WGS 84 (pyproj.Geod), km²; tỷ lệ: phần trăm tổng 9 huyện",
        "Geodesic area on the WGS 84 ellipsoid (pyproj.Geod), km²; share: per cent of the 9 districts' total",
    ),
    "src_crs": Text(
        "Ranh giới và điểm nhãn theo WGS 84 (EPSG:4326), kinh độ/vĩ độ (độ)",
        "Boundaries and label points in WGS 84 (EPSG:4326), longitude/latitude in degrees",
    ),
    # the interactive page's controls
    "offline_title": Text("Không tải được bản đồ: không có kết nối Internet.",
                          "The map cannot load: there is no internet connection."),
    "offline_hint": Text(
        "Trang này lấy thư viện bản đồ Leaflet từ Internet. Hãy tạo lại trang với tùy chọn --offline "
        "(tn-map build --offline) để mở được khi không có mạng.",
        "This page takes the Leaflet map library from the internet. Rebuild it with --offline "
        "(tn-map build --offline) to open it without a connection.",
    ),
    "ui.search": Text("Tìm huyện, xã, địa điểm…", "Find a district, commune, site…"),
    "ui.search_label": Text("Tìm trên bản đồ", "Search the map"),
    "ui.no_results": Text("Không tìm thấy", "Nothing found"),
    "ui.results": Text("{count} kết quả", "{count} results"),
    "ui.site": Text("Địa điểm đầu tư", "Investment site"),
    "ui.park": Text("Khu công nghiệp (Quy hoạch tỉnh)", "Industrial park (master plan)"),
    "ui.fullscreen": Text("Xem toàn màn hình", "Full screen"),
    "ui.exit_fullscreen": Text("Thoát toàn màn hình", "Exit full screen"),
    "ui.legend": Text("Chú giải", "Legend"),
    "ui.targets": Text("Mục tiêu", "Targets"),
    "ui.zoom_in": Text("Phóng to", "Zoom in"),
    "ui.zoom_out": Text("Thu nhỏ", "Zoom out"),
    "ui.layers": Text("Lớp bản đồ", "Map layers"),
    "ui.minimap_hide": Text("Ẩn bản đồ định hướng", "Hide the overview map"),
    "ui.minimap_show": Text("Hiện bản đồ định hướng", "Show the overview map"),
    "ui.sources": Text("Nguồn dữ liệu", "Sources"),
    "ui.switch_language": Text("Chuyển ngôn ngữ", "Switch language"),
    # row status
    # KML and the QGIS style
    "kml_no_zone": Text("Ngoài các khu vực", "In no zone"),
    "kml_rejected": Text("Không định vị được (xem lý do)", "Not located (see the reason)"),
    "status.located": Text("đã định vị", "located"),
    "status.rejected": Text("bị loại", "rejected"),
    "status.outside_zoning": Text("trong tỉnh, ngoài phân vùng (Bắc Kạn cũ)", "in the province, outside the zones (former Bắc Kạn)"),
}


def fmt_number(value: float | None, lang: str, decimals: int | None = None) -> str:
    """A number the way readers of ``lang`` write it (vi: ``12,03`` and ``1.234``; en: ``12.03`` and ``1,234``).

    Without ``decimals``, trailing zeros are dropped (``9.0`` → ``9``); a
    value that is not a finite number is ``–``.
    """
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "–"
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_area(value: float | None, lang: str) -> str:
    """An area in hectares, one decimal (``12,5`` / ``12.5``); ``None`` — no area known — is ``–``, and 0 is ``0,0``.

    The one rule for every output (terminal summary, brief, map panel): pass
    :attr:`tn_map.join.ZoneSummary.area`, which is ``None`` when no site of
    the zone has an area.
    """
    return fmt_number(value, lang, 1)


def fmt_share(priority: int, known: int, lang: str) -> str:
    """A priority-fit share as a whole percentage (``67 %``) from exact counts; ``–`` when no sector is known."""
    return f"{fmt_number(100 * priority / known, lang, 0)} %" if known else "–"


def tr(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def reason_text(reason: str, lang: str, column: str = "", value: str = "") -> str:
    """Words for one rejected row: its reason key with the column and cell it is about.

    A row ``outside_province`` whose ``value`` is today's province it lies in
    says so (``"outside the province, in Phú Thọ province"``).
    """
    if reason == "outside_province" and value:
        reason = "outside_province_in"
    return tr(f"reason.{reason}", lang, column=column, value=value)


def reason_kind(reason: str, lang: str) -> str:
    """Words for a reason key without its details (for counts by reason)."""
    key = f"reason_kind.{reason}"
    return tr(key if key in WORDS else f"reason.{reason}", lang)
