"""Spreadsheet cells that stay data: no formulas, no illegal characters, no silent cuts.

A site list comes from outside the office.  A cell such as
``=HYPERLINK("http://…")`` or ``@SUM(…)`` written back into a CSV or XLSX
would run as a formula when a planner opens the result in Excel or
LibreOffice.  Text cells that a spreadsheet would read as a formula (they
start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return and are not
plain numbers) are written as text: in XLSX as cells of string type (the
text is kept exactly), in CSV with a leading apostrophe, the convention both
programs read as "this is text".  Real numbers stay numbers.

Control characters a worksheet cannot hold are removed, and text longer
than Excel's 32,767-character cell limit is cut; both are reported with
their row and column (:class:`CellIssue`) rather than crashing the write.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import ParameterError

__all__ = [
    "CellIssue",
    "FORMULA_PREFIXES",
    "EXCEL_MAX_CHARS",
    "EXCEL_MAX_ROWS",
    "clean_text_cells",
    "formula_like",
    "deterministic_zip",
    "csv_bytes",
    "clean_csv_bytes",
    "xlsx_bytes",
]

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell.
EXCEL_MAX_CHARS = 32_767
#: Excel's limit on the rows of one worksheet (the header is one of them).
EXCEL_MAX_ROWS = 1_048_576
# What a worksheet cannot hold: C0 controls other than tab, line feed and
# carriage return (the set openpyxl refuses), and DEL.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


@dataclass(frozen=True)
class CellIssue:
    """Something changed in a cell so that a spreadsheet can hold it.

    ``row`` is the input's data row number (``input_row``; 0 for the header
    row), ``column`` the column's name, ``what`` a short key:
    ``"control_characters_removed"`` or ``"cut_at_excel_limit"``.
    """

    row: int
    column: str
    what: str


def _joined(values: pd.Series) -> str:
    """A column's text cells in one string, one per line (a C-speed way to ask "any cell like…?")."""
    return "\n".join(values.dropna().astype(str).tolist())


_FORMULA_ANYWHERE = re.compile(r"(?:^|\n)[=+\-@\t\r]")


def formula_like(values: pd.Series) -> np.ndarray:
    """Boolean mask of text cells a spreadsheet would read as a formula.

    Text that starts with one of :data:`FORMULA_PREFIXES` and is not a plain
    number (``-21.5`` and ``+3`` are numbers, not formulas).
    """
    if not _FORMULA_ANYWHERE.search(_joined(values)):
        return np.zeros(len(values), dtype=bool)  # the usual case, decided in one pass
    text = values.astype("string")
    starts = text.str.contains(_FORMULA_START, na=False).to_numpy(dtype=bool)
    if starts.any():
        idx = np.flatnonzero(starts)
        numeric = pd.to_numeric(text.iloc[idx].str.strip(), errors="coerce").notna().to_numpy()
        starts[idx[numeric]] = False
    return starts


def _text_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if pd.api.types.is_object_dtype(table[c]) or pd.api.types.is_string_dtype(table[c])]


def clean_text_cells(
    table: pd.DataFrame, row_numbers: np.ndarray, *, max_chars: int | None = None
) -> tuple[pd.DataFrame, list[CellIssue]]:
    """Remove characters a worksheet cannot hold and cut over-long text.

    Parameters
    ----------
    table
        The table to write (its text columns are cleaned; others are kept).
    row_numbers
        The data row number of each row, for the report (e.g. ``input_row``).
    max_chars
        Cut text cells to this many characters (XLSX: :data:`EXCEL_MAX_CHARS`);
        ``None`` leaves lengths alone (CSV).

    Returns
    -------
    (table, issues)
        A copy with clean text, and one :class:`CellIssue` per changed cell
        (header cells are row 0), in row order.
    """
    issues: list[CellIssue] = []
    out = table.copy()
    renamed = {}
    for column in out.columns:
        name = str(column)
        clean = _ILLEGAL.sub("", name)
        if clean != name:
            issues.append(CellIssue(0, clean, "control_characters_removed"))
            renamed[column] = clean
    for column in _text_columns(out):
        values = out[column]
        joined = _joined(values)
        if not _ILLEGAL.search(joined) and not (max_chars and len(joined) > max_chars and _any_longer(values, max_chars)):
            continue  # the usual case, decided in one pass
        is_text = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        if not is_text.any():
            continue
        text = values[is_text].astype(str)
        dirty = text.str.contains(_ILLEGAL).to_numpy(dtype=bool)
        long = (text.str.len() > max_chars).to_numpy(dtype=bool) if max_chars else np.zeros(len(text), dtype=bool)
        if not (dirty.any() or long.any()):
            continue
        cleaned = text.str.replace(_ILLEGAL, "", regex=True)
        if max_chars:
            cleaned = cleaned.str.slice(0, max_chars)
        name = renamed.get(column, str(column))
        positions = np.flatnonzero(is_text)
        for i in np.flatnonzero(dirty):
            issues.append(CellIssue(int(row_numbers[positions[i]]), name, "control_characters_removed"))
        for i in np.flatnonzero(long):
            issues.append(CellIssue(int(row_numbers[positions[i]]), name, "cut_at_excel_limit"))
        column_values = values.astype(object).to_numpy(copy=True)
        column_values[positions] = cleaned.to_numpy(dtype=object)
        out[column] = column_values
    if renamed:
        out = out.rename(columns=renamed)
    issues.sort(key=lambda issue: (issue.row, issue.column))
    return out, issues


def _any_longer(values: pd.Series, limit: int) -> bool:
    return any(isinstance(v, str) and len(v) > limit for v in values.to_numpy(dtype=object))


#: 1980-01-01, the earliest time a zip entry can carry: no clock in the bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def deterministic_zip(data: bytes) -> bytes:
    """An OOXML (XLSX/DOCX) package with its clocks removed: same content, same bytes.

    Every zip entry gets the same timestamp and the document's created and
    modified dates a fixed value, so writing the same table twice gives
    identical files.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return buffer.getvalue()


def csv_bytes(table: pd.DataFrame, *, header: bool = True) -> bytes:
    """CSV text (UTF-8 with BOM, so Excel reads Vietnamese) with formula-like text quoted as text.

    CRLF line ends, as RFC 4180 and Excel write them (a cell holding a lone CR
    or LF is then quoted); ``header=False`` writes a later chunk of the same
    file: no byte-order mark, no header.
    """
    data, _ = _csv(table, None, header=header, clean=False)
    return data


def clean_csv_bytes(table: pd.DataFrame, row_numbers: np.ndarray, *, header: bool = True) -> tuple[bytes, list[CellIssue]]:
    """:func:`clean_text_cells` then :func:`csv_bytes` in one pass: the same bytes and issues.

    Rows with nothing to change or quote (the usual case) are written at C
    speed; only the others are looked at cell by cell.
    """
    return _csv(table, row_numbers, header=header, clean=True)


def _csv_pandas(table: pd.DataFrame, *, header: bool) -> bytes:
    """:func:`csv_bytes` through ``DataFrame.to_csv`` (tables with column types the fast writer does not take)."""
    out = table.copy()
    for column in range(out.shape[1]):
        values = out.iloc[:, column]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            risky = formula_like(values)
            if risky.any():
                column_values = values.astype(object).to_numpy(copy=True)
                column_values[risky] = ["'" + str(v) for v in column_values[risky]]
                out.isetitem(column, column_values)
    if not header:
        return out.to_csv(index=False, header=False, lineterminator="\r\n").encode("utf-8")
    return out.to_csv(index=False, header=_header_names(out.columns), lineterminator="\r\n").encode("utf-8-sig")


def _header_names(columns) -> list[str]:
    return ["'" + c if formula_like(pd.Series([c], dtype=object))[0] else c for c in map(str, columns)]


#: Rows are encoded this many at a time (bounded memory and 32-bit Arrow offsets).
_SLICE_ROWS = 200_000
#: A joined row that may need more than its cells joined by commas: a quote, a line break, a
#: control character, or a cell that starts like a formula (at the row's start or after a comma).
_LOOK_AGAIN = r'["\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|(?:^|,)[=+\-@\t]'


class _Unsupported(Exception):
    """A column type the fast writer does not encode (dates, categories…): pandas writes the table."""


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)


def _python_cells(values: np.ndarray, missing: np.ndarray):
    """Cells as the ``csv`` module writes objects: floats by ``repr``, others by ``str``; missing blank."""
    import pyarrow as pa

    return pa.array([None if m else (repr(v) if type(v) is float else str(v)) for v, m in zip(values, missing)], type=pa.string())


def _float_cells(x: np.ndarray):
    """Float64 cells as ``DataFrame.to_csv`` writes them (``numpy`` ``str``); NaN is missing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.cast(pa.array(x, from_pandas=True), pa.string())
    finite = np.isfinite(x)
    size = np.abs(np.where(finite, x, 1.0))
    # Arrow's shortest digits are numpy's, but not its integral values ("3" for "3.0") nor where it
    # chooses an exponent: those few are written by numpy
    odd = (~finite & ~np.isnan(x)) | (finite & (size != 0) & ((size < 1e-4) | (size >= 1e15)))
    odd |= pc.fill_null(pc.match_substring(text, "e"), False).to_numpy(zero_copy_only=False) & finite
    integral = finite & ~odd & (x == np.trunc(np.where(finite, x, 0.0)))
    if integral.any():
        text = pc.if_else(pa.array(integral), pc.binary_join_element_wise(text, ".0", ""), text)
    if odd.any():
        text = pc.replace_with_mask(text, pa.array(odd), pa.array(x[odd].astype(str), type=pa.string()))
    return text


def _column_cells(values: pd.Series):
    """A column as the text of its CSV cells (an Arrow string array; null where the cell is blank)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = values.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind == "f" and dtype.itemsize == 8:
            return _float_cells(values.to_numpy())
        if dtype.kind in "iu":
            return pc.cast(pa.array(values.to_numpy()), pa.string())
        if dtype.kind == "b":
            return pa.array(np.where(values.to_numpy(), "True", "False"), type=pa.string())
        if dtype.kind != "O":
            raise _Unsupported(str(dtype))
    elif not (pd.api.types.is_string_dtype(dtype) or pd.api.types.is_extension_array_dtype(dtype)) or isinstance(
        dtype, (pd.CategoricalDtype, pd.DatetimeTZDtype, pd.PeriodDtype, pd.IntervalDtype, pd.SparseDtype)
    ):
        raise _Unsupported(str(dtype))
    if _is_text(values):
        try:
            cells = pa.array(values, type=pa.string(), from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid, UnicodeError):
            cells = None
        if cells is not None:
            return cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells
    objects = values.astype(object).to_numpy()
    return _python_cells(objects, pd.isna(objects))


def _csv(table: pd.DataFrame, row_numbers, *, header: bool, clean: bool) -> tuple[bytes, list[CellIssue]]:
    """CSV bytes of ``table`` and the cells cleaned (``clean``): rows encoded with Arrow in slices."""
    import csv

    issues: list[CellIssue] = []
    names = [str(c) for c in table.columns]
    if clean:
        for i, name in enumerate(names):
            fixed = _ILLEGAL.sub("", name)
            if fixed != name:
                issues.append(CellIssue(0, fixed, "control_characters_removed"))
                names[i] = fixed
    parts = []
    if header:
        line = io.StringIO()
        csv.writer(line, lineterminator="\r\n").writerow(_header_names(names))
        parts.append(line.getvalue().encode("utf-8-sig"))
    text = [_is_text(table.iloc[:, j]) for j in range(table.shape[1])]
    try:
        for start in range(0, len(table), _SLICE_ROWS):
            rows = table.iloc[start:start + _SLICE_ROWS]
            numbers = None if row_numbers is None else row_numbers[start:start + _SLICE_ROWS]
            parts.append(_csv_rows(rows, numbers, names, text, clean, issues))
    except _Unsupported:
        if clean:
            table, issues = clean_text_cells(table, row_numbers)
        return _csv_pandas(table, header=header), issues
    issues.sort(key=lambda issue: (issue.row, issue.column))
    return b"".join(parts), issues


def _comma_count(lines) -> int:
    """The commas in all of ``lines`` (an Arrow string array), counted over its bytes at once."""
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=4 * lines.offset)
    data = np.frombuffer(lines.buffers()[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
    return int(np.count_nonzero(data == ord(",")))


def _csv_rows(rows: pd.DataFrame, row_numbers, names: list[str], text: list[bool], clean: bool,
              issues: list[CellIssue]) -> bytes:
    """The CSV lines of ``rows`` (CRLF-ended), cleaning and neutralising cells in the rows that need it."""
    import csv

    import pyarrow as pa
    import pyarrow.compute as pc

    if rows.shape[1] == 0:
        return b"\r\n" * len(rows)  # what to_csv writes for rows without columns
    cells = [_column_cells(rows.iloc[:, j]) for j in range(rows.shape[1])]
    join = lambda columns: pc.binary_join_element_wise(*columns, ",", null_handling="replace", null_replacement="")  # noqa: E731
    raw = list(cells)  # the cells unquoted, for the rows looked at again
    lines = join(cells)
    look = pc.match_substring_regex(lines, _LOOK_AGAIN)
    if len(cells) == 1:
        look = pc.or_(look, pc.equal(lines, ""))  # a lone empty field is written as ""
    if _comma_count(lines) != len(lines) * (len(cells) - 1):  # every line has at least the separators
        # text with commas ("Xã Đại Phúc, tỉnh Thái Nguyên"): quoted column by column, as csv quotes it
        for j, is_text in enumerate(text):
            if is_text and pc.any(pc.match_substring(cells[j], ",")).as_py():
                quoted = pc.binary_join_element_wise('"', pc.replace_substring(cells[j], '"', '""'), '"', "")
                cells[j] = pc.if_else(pc.match_substring(cells[j], ","), quoted, cells[j])
        lines = join(cells)
    again = np.flatnonzero(look.to_numpy(zero_copy_only=False))
    if again.size:
        taken = pa.array(again)
        values = [c.take(taken).to_pylist() for c in raw]
        originals = [rows.iloc[again, j].to_numpy(dtype=object) if t else None for j, t in enumerate(text)]
        table_rows = [[("" if v is None else v) for v in column] for column in values]
        candidates = []  # (column, position) of text cells that start like a formula
        for j, is_text in enumerate(text):
            if not is_text:
                continue
            column = table_rows[j]
            for k in range(again.size):
                value = column[k]
                if clean and isinstance(originals[j][k], str) and _ILLEGAL.search(value):
                    value = _ILLEGAL.sub("", value)
                    issues.append(CellIssue(int(row_numbers[again[k]]), names[j], "control_characters_removed"))
                    column[k] = value
                if value and value[0] in "=+-@\t\r":
                    candidates.append((j, k))
        if candidates:
            starts = pd.Series([table_rows[j][k].strip() for j, k in candidates], dtype=object)
            numeric = pd.to_numeric(starts, errors="coerce").notna().to_numpy()
            for (j, k), is_number in zip(candidates, numeric):
                if not is_number:
                    table_rows[j][k] = "'" + table_rows[j][k]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # quoting as to_csv: a CR or LF alone is quoted
        fixed = []
        for row in zip(*table_rows):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            fixed.append(buffer.getvalue()[:-2])
        lines = pc.replace_with_mask(lines, pa.array(np.isin(np.arange(len(lines)), again)), pa.array(fixed, type=pa.string()))
    ended = pc.binary_join_element_wise(lines, "", "\r\n")
    offsets = np.frombuffer(ended.buffers()[1], dtype=np.int32, count=len(ended) + 1, offset=4 * ended.offset)
    return ended.buffers()[2][int(offsets[0]):int(offsets[-1])].to_pybytes()


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one worksheet per table; text that looks like a formula is a string cell, kept exactly."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, table in sheets.items():
        if len(table) + 1 > EXCEL_MAX_ROWS:
            raise ParameterError.of("too_many_rows", param="path", rows=len(table), most=EXCEL_MAX_ROWS - 1)
        _fill_sheet(workbook.create_sheet(name), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _fill_sheet(sheet, table: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never "f": the text stays text
        return cell

    columns = []
    for column in table.columns:
        values = table[column].astype(object)
        values = values.where(values.notna(), None).to_numpy(copy=True)
        floats = np.array([isinstance(v, float) and not np.isfinite(v) for v in values], dtype=bool)
        values[floats] = None
        if pd.api.types.is_object_dtype(table[column]) or pd.api.types.is_string_dtype(table[column]):
            risky = formula_like(table[column])
            values[risky] = [text_cell(str(v)) for v in values[risky]]
        columns.append(values)
    sheet.append([text_cell(str(c)) for c in table.columns])
    for row in zip(*columns):
        sheet.append(list(row))
