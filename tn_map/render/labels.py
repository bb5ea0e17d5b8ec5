"""Interface words of the map in Vietnamese and English.

Plan content (zones, clusters, targets) is not here: it comes from
:mod:`tn_map.plan`.  These are the words around it.
"""

from __future__ import annotations

from ..plan import Lang, Text

__all__ = ["LABELS", "label"]

LABELS: dict[str, Text] = {
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
    "layer_hightech": Text("Không gian công nghệ cao liên vùng", "Interregional high-tech space"),
    "layer_neighbours": Text("Các tỉnh lân cận khác", "Other neighbouring provinces"),
    "linked_to": Text("Khu vực phía Nam gắn với", "The South zone is tied to the"),
    "pre2025_note": Text(
        "Ranh giới cấp huyện trước ngày 1/7/2025",
        "District-level boundaries in force before 1 July 2025",
    ),
    "boundaries_attr": Text(
        "Ranh giới: gis.chinhphu.vn qua dvhcvn (GPL-3.0)",
        "Boundaries: gis.chinhphu.vn via dvhcvn (GPL-3.0)",
    ),
    "plan_attr": Text("Đề án: QĐ {number}", "Plan: Decision {number}"),
    "source": Text("Nguồn", "Source"),
    "km2": Text("km²", "km²"),
    "layer_sites": Text("Địa điểm đầu tư: {name}", "Investment sites: {name}"),
    "fit": Text("Phù hợp định hướng", "Fit with the zone"),
    "fit_priority": Text("Ngành ưu tiên của khu vực", "Priority sector of this zone"),
    "fit_not_priority": Text("Không phải ngành ưu tiên ở đây", "Not a priority here"),
    "fit_unknown": Text("Chưa rõ ngành", "Sector unknown"),
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
}


def label(key: str, lang: Lang, **values: str) -> str:
    """The interface text ``key`` in ``lang``, with ``{placeholders}`` filled."""
    text = LABELS[key].get(lang)
    return text.format(**values) if values else text
