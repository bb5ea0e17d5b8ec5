"""Words the print map, the brief and the district export add, in Vietnamese and English.

They belong in :data:`tn_map.i18n.WORDS`; until they are moved there they
live here, and :func:`tr` looks here first, then in the shared table.  Same
rules: a value filled into a text is inserted as it is, never interpreted.
"""

from __future__ import annotations

from ..i18n import WORDS, Text

__all__ = ["REPORT_WORDS", "tr"]

REPORT_WORDS: dict[str, Text] = {
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
        "Các địa điểm trùng vị trí được xếp quanh điểm chung (chấm đen)",
        "Sites sharing a position are fanned out around it (black dot)",
    ),
    "site_count": Text(
        "Số trong ô: số địa điểm tại cùng một vị trí (quá nhiều để xếp quanh)",
        "Number in a box: sites at one position (too many to fan out)",
    ),
    "site_outside_zoning": Text("Ngoài phân vùng (Bắc Kạn cũ)", "Outside the zones (former Bắc Kạn)"),
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
    "col_place": Text("Huyện / xã", "District / commune"),
    "col_sector": Text("Ngành (theo tệp)", "Sector (as in the file)"),
    "col_verdict": Text("Đánh giá", "Verdict"),
    "col_position": Text("Vị trí", "Position"),
    "col_sites": Text("Số địa điểm", "Sites"),
    "col_area_ha": Text("Diện tích (ha)", "Area (ha)"),
    "col_priority_share": Text("Đúng ngành ưu tiên (%)", "Priority fit (%)"),
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
        "Ranh giới 9 huyện, thành phố (trước 1/7/2025): gis.chinhphu.vn qua kho dữ liệu dvhcvn (GPL-3.0), tệp {file}.",
        "Boundaries of the 9 districts (before 1 July 2025): gis.chinhphu.vn via the dvhcvn data (GPL-3.0), file {file}.",
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
}


def tr(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang`` (this table first, then :data:`tn_map.i18n.WORDS`), filled from ``values``."""
    text = (REPORT_WORDS.get(key) or WORDS[key]).get(lang)
    return text.format(**values) if values else text
