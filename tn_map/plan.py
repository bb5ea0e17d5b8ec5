"""The 2030 industrial restructuring scheme of Thái Nguyên, as data.

Decision No. 2031/QĐ-UBND of the Thái Nguyên Provincial People's Committee
approves the *Scheme for restructuring the province's industry to 2030*.  This
module is the single source of truth for every plan fact tn-map shows: the
three industrial development zones (South, West, East), their member districts
(pre-2025 district-level units), their priority industry clusters and
orientation, the scheme's targets and the decision reference, each in
Vietnamese and English.

Source: the news article "Thái Nguyên xác định không gian phát triển công
nghiệp" (Thảo Nguyên, 21 December 2024), which reports the Decision.  Every
value below can be found in that article; English texts are our translation.
Nothing here is invented: where the article does not say something (the exact
signing date of the Decision, for example) the field says so.

Each fact carries its :class:`Citation`: the sentence of the article it
comes from, quoted verbatim, so that the project itself shows (and its tests
check) where every value stands in the source.

Render code must take texts from here (via :meth:`Text.get`), never spell
plan content itself.  The keywords that read a site's free-text sector are
*not* here: they are tn-map's interpretation, not the Decision's words (see
:mod:`tn_map.join.sectors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import LANGS, Lang, Text
from .names import ascii_name, name_key

__all__ = [
    "Lang",
    "LANGS",
    "Text",
    "Citation",
    "SOURCE",
    "Cluster",
    "District",
    "Zone",
    "Target",
    "Decision",
    "Plan",
    "PLAN",
]

#: The source every plan fact is traced to: the news article that reported
#: the Decision (its text is kept beside the project as the seed article).
SOURCE = "Thảo Nguyên, “Thái Nguyên xác định không gian phát triển công nghiệp”, 21/12/2024"


@dataclass(frozen=True)
class Citation:
    """Where a fact stands in the source: the sentence, quoted verbatim (Vietnamese)."""

    quote: str
    source: str = SOURCE


_Q_DECISION = Citation(
    "UBND tỉnh Thái Nguyên vừa ban hành Quyết định số 2031/QĐ-UBND phê duyệt Đề án tái cơ cấu ngành "
    "Công nghiệp tỉnh đến năm 2030."
)
_Q_GOAL = Citation(
    "xây dựng thành công Thái Nguyên trở thành một trong những trung tâm kinh tế, công nghiệp hiện đại "
    "của khu vực Trung du, miền núi phía Bắc và vùng Thủ đô Hà Nội vào năm 2030."
)
_Q_GREEN = Citation(
    "Ưu tiên phát triển công nghiệp theo hướng phát thải các bon thấp, tuần hoàn xanh, sạch, sử dụng "
    "tiết kiệm và hiệu quả tài nguyên, năng lượng, bảo vệ môi trường hướng đến mục tiêu net-zero carbon "
    "vào năm 2050."
)
_Q_SOUTH = Citation(
    "Về không gian phát triển công nghiệp, Thái Nguyên xác định khu vực phía Nam gồm 3 TP: Thái Nguyên, "
    "Sông Công, Phổ Yên và huyện Phú Bình gắn với không gian công nghiệp công nghệ cao liên vùng (Thủ đô "
    "Hà Nội - Vĩnh Phúc - Thái Nguyên - Bắc Giang - Bắc Ninh). Khu vực này ưu tiên phát triển các cụm "
    "ngành công nghiệp điện, điện tử, cơ khí chế tạo và các ngành công nghệ cao khác."
)
_Q_WEST = Citation(
    "Khu vực phía Tây Thái Nguyên được định hướng chung phát triển các cụm ngành công nghiệp khai khoáng, "
    "chế biến nông, lâm thủy sản, các lĩnh vực tiểu thủ công nghiệp, ngành nghề nông thôn, trong đó có "
    "dệt may, da giày."
)
_Q_WEST_EAST = Citation(
    "Khu vực phía Tây bao gồm 3 huyện: Định Hóa, Phú Lương, Đại Từ và khu vực phía Đông gồm 2 huyện: "
    "Võ Nhai, Đồng Hỷ định hướng chung phát triển các cụm ngành công nghiệp khai khoáng, chế biến nông, "
    "lâm thủy sản, các lĩnh vực tiểu thủ công nghiệp, ngành nghề nông thôn…"
)
_Q_GROWTH = Citation(
    "Mục tiêu cụ thể là tăng trưởng giá trị gia tăng bình quân thời kỳ 2021-2030 của ngành Công nghiệp "
    "đạt 9%/năm (không kể Tổ hợp công nghiệp công nghệ cao Samsung là 12,03%/năm); ngành công nghiệp chế "
    "biến, chế tạo đạt 8,91% (không kể Tổ hợp công nghiệp công nghệ cao Samsung là 12,37%/năm)."
)
_Q_GRDP = Citation(
    "Trong cơ cấu GRDP của tỉnh năm 2030, ngành Công nghiệp chiếm 57% (không kể Tổ hợp công nghiệp công "
    "nghệ cao Samsung là 42,38%); của ngành công nghiệp chế biến, chế tạo đạt 50% (không kể Tổ hợp công "
    "nghiệp công nghệ cao Samsung là 33%)."
)


@dataclass(frozen=True)
class Cluster:
    """A priority industry cluster (cụm ngành công nghiệp) of a zone."""

    key: str
    name: Text


@dataclass(frozen=True)
class District:
    """A pre-2025 district-level unit as the Decision names it.

    ``name`` is the short name (``"Phổ Yên"``); ``unit_type`` says whether it is
    a city (thành phố) or a rural district (huyện), as the source states.
    """

    name: str
    unit_type: Text

    @property
    def name_full(self) -> str:
        """Official Vietnamese form: ``"Thành phố Phổ Yên"``."""
        return f"{self.unit_type.vi.capitalize()} {self.name}"

    @property
    def name_en(self) -> str:
        """English form: ``"Pho Yen City"``."""
        return f"{ascii_name(self.name)} {self.unit_type.en.title()}"

    def title(self, lang: str) -> str:
        """The name a reader of ``lang`` sees: ``"Thành phố Phổ Yên"``, or ``"Phổ Yên City"`` (proper Vietnamese name)."""
        return self.name_full if lang == "vi" else f"{self.name} {self.unit_type.en.title()}"


_CITY = Text("thành phố", "city")
_RURAL = Text("huyện", "district")


@dataclass(frozen=True)
class Zone:
    """An industrial development zone (khu vực) of the scheme.

    ``districts`` are the member district-level units as the Decision lists
    them (pre-2025 units).
    """

    key: str
    name: Text
    districts: tuple[District, ...]
    orientation: Text
    clusters: tuple[Cluster, ...]
    linked_space: Text | None = None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Target:
    """A quantitative target of the scheme.

    ``value`` is the target including the Samsung high-tech industrial complex;
    ``value_excl_samsung`` the same target without it (the Decision states
    both).  ``unit`` is ``"%/yr"`` for average annual growth of value added and
    ``"% GRDP"`` for a share of the province's GRDP.
    """

    key: str
    label: Text
    value: float
    unit: str
    value_excl_samsung: float | None
    period: str
    citation: Citation | None = None


@dataclass(frozen=True)
class Decision:
    """The legal reference of the scheme."""

    number: str
    issuer: Text
    title: Text
    date_note: Text
    goal: Text
    green_goal: Text
    source_title: str
    source_date: str
    source_author: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The whole scheme: decision, zones and targets."""

    decision: Decision
    zones: tuple[Zone, ...]
    targets: tuple[Target, ...]
    hightech_space: Text
    hightech_provinces: tuple[str, ...] = field(default=())
    hightech_citation: Citation | None = None

    def zone(self, key: str) -> Zone:
        """The zone with ``key`` (``"south"``, ``"west"`` or ``"east"``)."""
        for zone in self.zones:
            if zone.key == key:
                return zone
        raise KeyError(f"no zone {key!r}; zones are {', '.join(z.key for z in self.zones)}")

    def district_zone_keys(self) -> dict[str, list[str]]:
        """Map each district's matching key to the zone keys that list it.

        More than one zone for a key means the plan data is inconsistent; the
        join reports that as an error rather than guessing.
        """
        out: dict[str, list[str]] = {}
        for zone in self.zones:
            for district in zone.districts:
                out.setdefault(name_key(district.name), []).append(zone.key)
        return out

    def district(self, key: str) -> District:
        """The plan's district whose matching key is ``key``."""
        for zone in self.zones:
            for district in zone.districts:
                if name_key(district.name) == key:
                    return district
        raise KeyError(key)


_SOUTH_CLUSTERS = (
    Cluster("electrical", Text("Công nghiệp điện", "Electrical and power industry")),
    Cluster("electronics", Text("Điện tử", "Electronics")),
    Cluster("mechanical", Text("Cơ khí chế tạo", "Mechanical engineering and fabrication")),
    Cluster("hightech", Text("Các ngành công nghệ cao khác", "Other high-tech industries")),
)

_RURAL_CLUSTERS = (
    Cluster("mining", Text("Khai khoáng", "Mining")),
    Cluster(
        "agro_processing",
        Text("Chế biến nông, lâm, thủy sản", "Agricultural, forestry and aquatic product processing"),
    ),
    Cluster("handicrafts", Text("Tiểu thủ công nghiệp", "Small-scale industry and handicrafts")),
    Cluster("rural_trades", Text("Ngành nghề nông thôn", "Rural trades and crafts")),
)

_WEST_ONLY_CLUSTERS = (
    Cluster("textiles", Text("Dệt may", "Textiles and garments")),
    Cluster("footwear", Text("Da giày", "Leather and footwear")),
)

_HIGHTECH_SPACE = Text(
    "Không gian công nghiệp công nghệ cao liên vùng "
    "(Thủ đô Hà Nội – Vĩnh Phúc – Thái Nguyên – Bắc Giang – Bắc Ninh)",
    "Interregional high-tech industrial space "
    "(Hà Nội Capital – Vĩnh Phúc – Thái Nguyên – Bắc Giang – Bắc Ninh)",
)

PLAN = Plan(
    decision=Decision(
        number="2031/QĐ-UBND",
        issuer=Text("UBND tỉnh Thái Nguyên", "Thái Nguyên Provincial People's Committee"),
        title=Text(
            "Đề án tái cơ cấu ngành Công nghiệp tỉnh Thái Nguyên đến năm 2030",
            "Scheme for restructuring Thái Nguyên's industry to 2030",
        ),
        date_note=Text(
            "Ngày ký không nêu trong nguồn; bài báo đưa tin ngày 21/12/2024",
            "Signing date not given in the source; reported on 21 Dec 2024",
        ),
        goal=Text(
            "Đưa Thái Nguyên trở thành một trong những trung tâm kinh tế, công nghiệp hiện đại "
            "của khu vực Trung du, miền núi phía Bắc và vùng Thủ đô Hà Nội vào năm 2030",
            "Make Thái Nguyên one of the modern economic and industrial centres of the "
            "Northern Midlands and Mountains and the Hà Nội Capital Region by 2030",
        ),
        green_goal=Text(
            "Công nghiệp phát thải các bon thấp, tuần hoàn, xanh, sạch; hướng đến net-zero carbon vào năm 2050",
            "Low-carbon, circular, green and clean industry, aiming at net-zero carbon by 2050",
        ),
        source_title="Thái Nguyên xác định không gian phát triển công nghiệp",
        source_date="2024-12-21",
        source_author="Thảo Nguyên",
        citations=(_Q_DECISION, _Q_GOAL, _Q_GREEN),
    ),
    zones=(
        Zone(
            key="south",
            name=Text("Khu vực phía Nam", "South zone"),
            districts=(
                District("Thái Nguyên", _CITY),
                District("Sông Công", _CITY),
                District("Phổ Yên", _CITY),
                District("Phú Bình", _RURAL),
            ),
            orientation=Text(
                "Gắn với không gian công nghiệp công nghệ cao liên vùng; ưu tiên các cụm ngành "
                "công nghiệp điện, điện tử, cơ khí chế tạo và các ngành công nghệ cao khác",
                "Tied to the interregional high-tech industrial space; priority to electrical, "
                "electronics, mechanical engineering and other high-tech industry clusters",
            ),
            clusters=_SOUTH_CLUSTERS,
            linked_space=_HIGHTECH_SPACE,
            citations=(_Q_SOUTH,),
        ),
        Zone(
            key="west",
            name=Text("Khu vực phía Tây", "West zone"),
            districts=(District("Định Hóa", _RURAL), District("Phú Lương", _RURAL), District("Đại Từ", _RURAL)),
            orientation=Text(
                "Định hướng chung phát triển khai khoáng, chế biến nông, lâm, thủy sản, "
                "tiểu thủ công nghiệp, ngành nghề nông thôn, trong đó có dệt may, da giày",
                "General orientation: mining, agro-forestry and aquatic product processing, "
                "small-scale industry and handicrafts, rural trades including textiles, "
                "garments, leather and footwear",
            ),
            clusters=_RURAL_CLUSTERS + _WEST_ONLY_CLUSTERS,
            citations=(_Q_WEST_EAST, _Q_WEST),
        ),
        Zone(
            key="east",
            name=Text("Khu vực phía Đông", "East zone"),
            districts=(District("Võ Nhai", _RURAL), District("Đồng Hỷ", _RURAL)),
            orientation=Text(
                "Định hướng chung phát triển khai khoáng, chế biến nông, lâm, thủy sản, "
                "tiểu thủ công nghiệp, ngành nghề nông thôn",
                "General orientation: mining, agro-forestry and aquatic product processing, "
                "small-scale industry and handicrafts, rural trades",
            ),
            clusters=_RURAL_CLUSTERS,
            citations=(_Q_WEST_EAST,),
        ),
    ),
    targets=(
        Target(
            key="industry_va_growth",
            label=Text(
                "Tăng trưởng giá trị gia tăng ngành Công nghiệp",
                "Industry value-added growth",
            ),
            value=9.0,
            unit="%/yr",
            value_excl_samsung=12.03,
            period="2021–2030",
            citation=_Q_GROWTH,
        ),
        Target(
            key="manufacturing_va_growth",
            label=Text(
                "Tăng trưởng công nghiệp chế biến, chế tạo",
                "Manufacturing value-added growth",
            ),
            value=8.91,
            unit="%/yr",
            value_excl_samsung=12.37,
            period="2021–2030",
            citation=_Q_GROWTH,
        ),
        Target(
            key="industry_grdp_share",
            label=Text("Tỷ trọng ngành Công nghiệp trong GRDP", "Industry share of GRDP"),
            value=57.0,
            unit="% GRDP",
            value_excl_samsung=42.38,
            period="2030",
            citation=_Q_GRDP,
        ),
        Target(
            key="manufacturing_grdp_share",
            label=Text(
                "Tỷ trọng công nghiệp chế biến, chế tạo trong GRDP",
                "Manufacturing share of GRDP",
            ),
            value=50.0,
            unit="% GRDP",
            value_excl_samsung=33.0,
            period="2030",
            citation=_Q_GRDP,
        ),
    ),
    hightech_space=_HIGHTECH_SPACE,
    hightech_provinces=("Hà Nội", "Vĩnh Phúc", "Thái Nguyên", "Bắc Giang", "Bắc Ninh"),
    hightech_citation=_Q_SOUTH,
)
