"""Write classified site lists: every input row, with its results, in the format the name asks for."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._errors import ParameterError, TnMapError
from .._gdal import gdal_session
from ..i18n import Lang, check_lang, reason_text, tr
from ..join.sites import ClassifiedSites, fit_column, member_column, zone_membership
from ..plan import PLAN, Plan
from .cells import EXCEL_MAX_CHARS, CellIssue, clean_csv_bytes, clean_text_cells, xlsx_bytes
from .tables import FIXED_CLOCK, write_gpkg

__all__ = ["write_sites", "csv_chunk", "site_table", "SITE_FORMATS"]

SITE_FORMATS = {".csv": "CSV", ".xlsx": "Excel", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG",
                ".kml": "KML", ".kmz": "KMZ"}


#: Columns the pipeline keeps for itself: not written (their content is in the words beside them),
#: nor the per-zone membership and verdicts (the written ``zone``, ``zone_name`` and ``fit`` say them).
_INTERNAL = ("district_key", "place_zones", "placed_at") + tuple(
    c for z in PLAN.zones for c in (member_column(z.key), fit_column(z.key)))


def _coded(codes: np.ndarray, words: list[str]) -> pd.api.extensions.ExtensionArray:
    """``words[code]`` for each code, as an Arrow-backed text array: the words are converted once
    each and indexed at C speed (no Python string per row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    taken = pc.take(pa.array(words, type=pa.string()), pa.array(codes))
    # pandas' own text type ("str"), wrapped round the Arrow array as it is (pd.array would re-read it)
    return pd.arrays.ArrowStringArray(pa.chunked_array([taken]), dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _mapped(keys: pd.Series, words) -> pd.api.extensions.ExtensionArray:
    """``words[key]`` for each key, computed once per distinct key."""
    codes, uniques = pd.factorize(keys.astype(object), use_na_sentinel=False)
    return _coded(codes, [words(u) if callable(words) else words.get(u, "") for u in uniques])


def _zone_names(frame: pd.DataFrame, plan: Plan, lang: Lang) -> pd.api.extensions.ExtensionArray:
    """Each row's zones in words (``South zone; West zone``), from its membership: each distinct set once."""
    membership = zone_membership(frame, plan)
    names = {z.key: z.name.get(lang) for z in plan.zones}
    return _coded(membership.codes, ["; ".join(names[k] for k in keys) for keys in membership.keys])


def _words(frame: pd.DataFrame, plan: Plan, lang: Lang) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Readable columns for people, in ``lang``: zone name, fit, reason and note in words.

    Each distinct key (or key and place) is put into words once.
    """
    n = len(frame)
    reason_codes = np.zeros(n, dtype=np.int64)  # code 0 is the blank cell
    reason_words = [""]
    rejected = np.flatnonzero((frame["reason"] != "").to_numpy())
    if rejected.size:
        reasons = frame["reason"].to_numpy(dtype=object)[rejected]
        columns = frame["reason_column"].to_numpy(dtype=object)[rejected]
        values = np.full(rejected.size, "", dtype=object)
        for column in set(columns) - {""}:  # the quoted cell, column by column
            if column in frame.columns:
                picked = columns == column
                cells = frame[column].to_numpy(dtype=object)[rejected[picked]]
                values[picked] = ["" if c is None or (isinstance(c, float) and c != c) else str(c)[:40] for c in cells]
        if "province_2025" in frame.columns:  # outside: today's province it lies in, where known
            province = frame["province_2025"].to_numpy(dtype=object)[rejected]
            named = (reasons == "outside_province") & (province != "")
            values = np.where(named, province, values)
        keys = pd.Series(list(zip(reasons, columns, values)), dtype=object)
        codes, uniques = pd.factorize(keys)
        reason_words += [reason_text(r, lang, column=c, value=v) for r, c, v in uniques]
        reason_codes[rejected] = codes + 1
    note_codes = np.zeros(n, dtype=np.int64)
    note_words = [""]
    noted = np.flatnonzero((frame["note"] != "").to_numpy())
    if noted.size:  # each distinct (note, place) once
        key_codes, keys = pd.factorize(frame["note"].to_numpy(dtype=object)[noted])
        place_codes, places = pd.factorize(frame["placed_at"].to_numpy(dtype=object)[noted])
        pair_codes, pairs = pd.factorize(key_codes * len(places) + place_codes)
        note_words += [tr(f"note.{keys[p // len(places)]}", lang, place=places[p % len(places)]) for p in pairs]
        note_codes[noted] = pair_codes + 1
    words = {
        "zone_name": _zone_names(frame, plan, lang),
        "fit_text": _mapped(frame["fit"], lambda f: tr(f"fit.{f}", lang) if f else ""),
        "reason_text": _coded(reason_codes, reason_words),
        "note_text": _coded(note_codes, note_words),
        "status_text": _mapped(frame["status"], lambda k: tr(f"status.{k}", lang) if k else ""),
    }
    for flag, place, key, value in (("unit_mismatch", "unit_2025", "unit_check", "unit"),
                                    ("district_mismatch", "located_district", "district_check", "district")):
        if flag in frame.columns and place in frame.columns:
            words[key] = _check_words(frame[flag], frame[place], key, value, lang)
    return words


def _check_words(flag: pd.Series, place: pd.Series, key: str, value: str, lang: Lang) -> pd.api.extensions.ExtensionArray:
    """A mismatch flag in words (``<key>.match`` / ``<key>.mismatch`` naming the place the point lies in;
    blank when not judged), each distinct (verdict, place) pair put into words once, by integer codes."""
    flag = flag.astype("boolean")
    verdict = np.where(flag.isna().to_numpy(), 0, np.where(flag.fillna(False).to_numpy(dtype=bool), 2, 1))
    place_codes, places = pd.factorize(place.astype(object), use_na_sentinel=False)
    size = len(places) + 1
    pair_codes, pairs = pd.factorize(verdict * size + place_codes)
    kinds = ("", "match", "mismatch")
    return _coded(pair_codes, [tr(f"{key}.{kinds[p // size]}", lang, **{value: places[p % size]}) if p // size else ""
                               for p in pairs])


def site_table(classified: ClassifiedSites, *, lang: Lang = "vi", plan: Plan = PLAN) -> gpd.GeoDataFrame:
    """Every row with its results as people read them: keys plus words in ``lang`` (EPSG:4326)."""
    check_lang(lang)
    frame = classified.frame
    words = _words(frame, plan, lang)
    out = frame.drop(columns=[c for c in _INTERNAL if c in frame.columns])
    for column, values in words.items():
        out[column] = values
    for flag in ("district_mismatch", "unit_mismatch"):
        if flag in out.columns:
            out[flag] = out[flag].astype(object).where(out[flag].notna(), None)
    return out


def _with_coordinates(table: gpd.GeoDataFrame, lang: Lang) -> pd.DataFrame:
    """Spreadsheet form: keys with their words beside them, the point as ``lon_wgs84``/``lat_wgs84``
    (degrees, 6 decimals), no geometry."""
    geoms = table.geometry
    has = geoms.notna() & ~geoms.is_empty
    out = pd.DataFrame(table.drop(columns=table.geometry.name))
    out["lon_wgs84"] = np.where(has, geoms.x.where(has).round(6), np.nan)
    out["lat_wgs84"] = np.where(has, geoms.y.where(has).round(6), np.nan)
    for flag in ("district_mismatch", "unit_mismatch"):
        if flag in out.columns:
            out[flag] = out[flag].where(out[flag].notna(), "")
    return out


def _csv_table(classified: ClassifiedSites, lang: Lang) -> pd.DataFrame:
    """``_with_coordinates(site_table(…))`` built column by column, without copying the frame.

    The same columns, order and cell text; the words and the mismatch flag arrive as Arrow-backed
    text, so the CSV writer takes them without converting a Python string per row.
    """
    check_lang(lang)
    frame = classified.frame
    geoms = frame.geometry.array
    types = shapely.get_type_id(np.asarray(geoms, dtype=object))
    if frame.columns.has_duplicates or not np.isin(types, (-1, 0)).all():  # rare shapes: the general way
        return _with_coordinates(site_table(classified, lang=lang), lang)
    columns = {}
    for name in frame.columns:
        if name in _INTERNAL or name == frame.geometry.name:
            continue
        columns[name] = frame[name]  # as they are: no copy, and object columns stay objects
    columns.update(_words(frame, PLAN, lang))
    for name in ("district_mismatch", "unit_mismatch"):
        if name in frame.columns:
            flag = frame[name].array
            known = ~pd.isna(flag)
            columns[name] = pd.array(
                np.where(known, np.where(np.asarray(flag.fillna(False), dtype=bool), "True", "False"), ""), dtype="str"
            )
    # what ``geoms.x.where(has).round(6)`` gives for points: missing and empty points are NaN
    columns["lon_wgs84"] = np.round(shapely.get_x(np.asarray(geoms, dtype=object)), 6)
    columns["lat_wgs84"] = np.round(shapely.get_y(np.asarray(geoms, dtype=object)), 6)
    index = frame.index
    return pd.DataFrame(
        {k: v if isinstance(v, pd.Series) else pd.Series(v, index=index, copy=False) for k, v in columns.items()}, copy=False
    )


def _row_numbers(classified: pd.DataFrame) -> np.ndarray:
    if "input_row" in classified.columns:
        return classified["input_row"].to_numpy()
    return np.arange(1, len(classified) + 1)


def csv_chunk(classified: ClassifiedSites, *, lang: Lang = "vi", first: bool = True) -> tuple[bytes, list[CellIssue]]:
    """One chunk of a classified file as CSV bytes (the first with BOM and header), and the cells changed."""
    return clean_csv_bytes(_csv_table(classified, lang), _row_numbers(classified.frame), header=first)


def write_sites(classified: ClassifiedSites, path: str | Path, *, lang: Lang = "vi") -> list[CellIssue]:
    """Write all rows (located and rejected) to CSV, XLSX, GeoJSON, GeoPackage or KML/KMZ by extension.

    Parameters
    ----------
    classified : ClassifiedSites
        From :func:`tn_map.classify_sites`.
    path : str or Path
        The file; its extension chooses the format.
    lang : {"vi", "en"}
        The language of the words beside the keys and of XLSX headers.

    Returns
    -------
    list of CellIssue
        The cells that had to change, with their row and column.

    Notes
    -----
    CSV is UTF-8 with a byte-order mark so that Excel opens Vietnamese text
    correctly.  In CSV and XLSX no text cell can run as a formula and
    characters a worksheet cannot hold are removed (see
    :mod:`tn_map.export.cells`); XLSX cells are cut at Excel's limit.  Vector
    formats are EPSG:4326; rejected rows have no geometry.  Results are
    keys (``zone``, ``fit``, ``reason``, ``note``) with their words in
    ``lang`` beside them (``zone_name``, ``fit_text``, ``reason_text``,
    ``note_text``).  CSV and XLSX carry ``lon_wgs84``/``lat_wgs84`` (EPSG:4326
    degrees); areas are in hectares.  The same table gives the same bytes.
    """
    from .paths import output_path

    path, suffix = output_path(path, SITE_FORMATS, "output")
    table = site_table(classified, lang=lang)
    issues: list[CellIssue] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            data, issues = clean_csv_bytes(_csv_table(classified, lang), _row_numbers(table))
            path.write_bytes(data)
        elif suffix == ".xlsx":
            flat, issues = clean_text_cells(_with_coordinates(table, lang), _row_numbers(table), max_chars=EXCEL_MAX_CHARS)
            path.write_bytes(xlsx_bytes({"sites": flat}))
        elif suffix in (".kml", ".kmz"):
            from .shared import kml_bytes, write_kml

            zone_names = {z.key: z.name.get(lang) for z in PLAN.zones}
            name = classified.roles.name if classified.roles.name in table.columns else None
            membership = zone_membership(classified.frame, PLAN)  # a two-zone site: in its first zone's folder
            first = np.array([keys[0] if keys else "" for keys in membership.keys] + [""], dtype=object)[membership.codes]
            data = kml_bytes(table, title=Path(classified.source).name, zone_column="zone", name_column=name,
                             folder_keys=first,
                             zone_names=zone_names, folder_words={"none": tr("kml_no_zone", lang),
                                                                  "rejected": tr("kml_rejected", lang)})
            write_kml(data, path)
        elif suffix == ".gpkg":
            from .shared import add_layer_style, layer_style_qml

            write_gpkg(table, path, "sites")
            zone_names = {z.key: z.name.get(lang) for z in PLAN.zones}
            label = classified.roles.name if classified.roles.name in table.columns else None
            qml = layer_style_qml(zone_column="zone", label_column=label, zone_names=zone_names,
                                  other=tr("kml_no_zone", lang), polygons=False)
            add_layer_style(path, "sites", "geom", qml, name="tn-map zones", clock=FIXED_CLOCK)
        else:
            if path.exists():
                path.unlink()
            with gdal_session():
                table.to_file(path, driver=SITE_FORMATS[suffix], engine="pyogrio")
    except ParameterError as exc:
        raise ParameterError(exc.message, where=str(path), param=exc.param, words=exc.words) from None
    except OSError as exc:
        raise TnMapError.of("cannot_write", str(path), error=exc.strerror or exc) from exc
    return issues
