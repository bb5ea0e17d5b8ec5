"""Site tables as offices really send them: encodings, separators, title rows, several sheets.

Provincial offices and consultants write CSV from Excel in UTF-8, Windows-1258
or UTF-16 ("Unicode Text"), with commas or semicolons, put title rows above
the header, merge two header rows, and hide sheets.  This module reads such
files into a frame of text cells and says, as :class:`~tn_map.i18n.Notice`
items, every assumption it made: encoding, separator, header row, sheet.
Nothing is guessed silently and no row is dropped: a row with more fields
than its header stops the read with the line named.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import InputFileError, ParameterError
from ..i18n import Notice
from ..names import fold, nfc
from .columns import COLUMN_ALIASES, bare_header, clean_header

__all__ = ["read_text_table", "read_workbook", "RawTable", "TextLayout", "text_layout", "iter_text_table", "WORKBOOK_SUFFIXES",
           "workbook_kind"]

_SEPARATORS = (",", ";", "\t", "|")
_HEADER_SCAN = 30
_EXTRA = 8  # spare columns that catch rows longer than their header
_ALIASES = frozenset(alias for aliases in COLUMN_ALIASES.values() for alias in aliases)
_ENCODING_NAMES = {"utf_8": "UTF-8", "cp1258": "Windows-1258", "cp1252": "Windows-1252", "utf_16": "UTF-16"}


@dataclass(frozen=True)
class RawTable:
    """Text cells under their header, and what was assumed to get them."""

    frame: pd.DataFrame
    notes: tuple[Notice, ...]


class _NoFieldLimit:
    """Python's csv module refuses fields over 128 KiB ("field larger than field limit"); a cell of a
    real table may hold more (a pasted description, a polygon's WKT).  Lifted while reading, then put back."""

    def __enter__(self):
        self.previous = csv.field_size_limit()
        csv.field_size_limit(2**31 - 1)

    def __exit__(self, *exc) -> None:
        csv.field_size_limit(self.previous)


_MAGIC = ((b"PK\x03\x04", "XLSX/ODS"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS"))


def workbook_kind(head: bytes) -> str | None:
    """``"XLSX/ODS"`` (a zip container) or ``"XLS"`` (an OLE2 container) when ``head`` starts a workbook."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _separator(lines: list[str]) -> str:
    """The separator whose field count is most consistent over the first lines (and above one)."""
    best, best_score = ",", (-1.0, 0)
    for sep in _SEPARATORS:
        with _NoFieldLimit():
            counts = [len(row) for row in csv.reader(lines, delimiter=sep)]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[np.argmax(freq)])
        score = (float(freq.max()) / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def _known(cell: str) -> bool:
    return clean_header(cell) in _ALIASES or bare_header(cell) in _ALIASES


def _header_row(rows: list[list[str]]) -> int:
    """Index of the row that reads most like a header (most known column names); 0 if none does."""
    scores = [sum(1 for cell in row if _known(cell)) for row in rows]
    return int(np.argmax(scores)) if scores and max(scores) > 0 else 0


def _filled(row: list) -> int:
    return sum(1 for c in row if str(c).strip())


def _two_rows(rows: list[list[str]], h: int) -> tuple[int, int] | None:
    """The (upper, lower) rows of a two-row header around ``h``, or ``None``.

    Excel reports merge a group label over sub-headers ("Tọa độ" over
    "Vĩ độ", "Kinh độ") while other headers span both rows: the lower row is
    sparser, and its filled cells name columns.
    """
    below = rows[h + 1] if h + 1 < len(rows) else []
    upper = rows[h]
    filled = [i for i, c in enumerate(below) if str(c).strip()]
    if (
        filled
        and len(filled) < _filled(upper)
        and all(_known(str(below[i])) for i in filled)  # only header words: not a data row
        and any(i >= len(upper) or not str(upper[i]).strip() for i in filled)  # under a merged group label
    ):
        return h, h + 1
    if h > 0 and 0 < _filled(rows[h]) < len(rows[h]) and _filled(rows[h - 1]) > 0 and _filled(rows[h - 1]) < len(rows[h - 1]) + 1:
        above = rows[h - 1]
        if any(str(above[i]).strip() and not str(rows[h][i]).strip() for i in range(min(len(above), len(rows[h])))):
            return h - 1, h
    return None


def _names(rows: list[list[str]], h: int, width: int) -> tuple[list[str], int | None]:
    """Column names from the header at ``h`` and the index of the last header row.

    In a two-row header a cell of the lower row names its column; where it
    is empty, the upper row's cell does.  Returns ``(names, upper row or
    None)``; the data start after the lower row.
    """
    pair = _two_rows(rows, h)
    upper, lower = pair if pair else (None, h)
    header = [(rows[lower][i] if i < len(rows[lower]) else "") for i in range(width)]
    if upper is not None:
        for i, cell in enumerate(header):
            if not str(cell).strip() and i < len(rows[upper]) and str(rows[upper][i]).strip():
                header[i] = rows[upper][i]
    names = [nfc(str(c)) if str(c).strip() else f"column {i + 1}" for i, c in enumerate(header)]
    return names, upper


def _renamed(names: list[str]) -> tuple[list[str], list[Notice]]:
    unique = _unique(names)
    changed = [n for n, o in zip(unique, names) if n != o]
    return unique, ([Notice.of("duplicate_columns", columns=", ".join(changed))] if changed else [])


def _unique(names: list[str]) -> list[str]:
    """Names made unique: a repeated (or differing only by spaces/case) name gets " (2)", " (3)"."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        key = fold(name)
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
    return out


_HEAD_BYTES = 1 << 22  # the part of a file its layout is read from (4 MiB)
_BLOCK = 1 << 22


@dataclass(frozen=True)
class TextLayout:
    """How to read a delimited text file: codec, separator, header, column names, and what was assumed."""

    codec: str
    errors: str
    sep: str
    skip: int  # physical lines before the (lower) header line
    names: tuple[str, ...]
    width: int
    notes: tuple[Notice, ...]


def _all_decoded(text: str) -> bool:
    """Whether ``text`` holds no undecodable byte (``surrogateescape``'s lone surrogates), decided at C speed."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")  # a lone surrogate cannot be encoded
    except UnicodeEncodeError:
        return False
    return True


def _scan(path: Path, codec: str, errors: str) -> tuple[list[int], int]:
    """Lines holding bytes that ``codec`` cannot read, and a measure of the multi-byte characters it can.

    Reads the file in blocks (memory does not grow with the file).
    """
    import codecs

    decoder = codecs.getincrementaldecoder(codec)(errors)
    bad_lines: list[int] = []
    good = 0
    lines_before = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            text = decoder.decode(block, final=not block)
            if not _all_decoded(text):
                for m in re.finditer("[\udc80-\udcff]", text):
                    line = lines_before + text.count("\n", 0, m.start()) + 1
                    if not bad_lines or bad_lines[-1] != line:
                        bad_lines.append(line)
            good += len(block) - len(text)  # continuation bytes of well-formed multi-byte characters (C speed)
            lines_before += text.count("\n")
            if not block:
                return bad_lines, good


def _strict_line(path: Path, codec: str) -> tuple[int, str] | None:
    """The first line ``codec`` cannot read and its byte, or ``None``."""
    import codecs

    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    lines_before = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                return lines_before + block.count(b"\n", 0, max(exc.start, 0)) + 1, f"0x{block[max(exc.start, 0)]:02x}"
            lines_before += block.count(b"\n")
            offset += len(block)
            if not block:
                return None


def _encoding(path: Path, head: bytes, encoding: str | None) -> tuple[str, str, list[Notice]]:
    """(codec, errors, notices) of a text file, decided over the whole file in blocks.

    A byte-order mark decides (UTF-8, UTF-16).  Otherwise UTF-8 is kept when
    the file is UTF-8 but for a few stray bytes (they become U+FFFD and
    their lines are named); a file that is not UTF-8 at all is detected with
    charset-normalizer (Windows-1258 and Windows-1252 are the usual ones) and
    the choice is stated.  ``encoding`` overrides all of this.
    """
    where = str(path)
    if encoding:
        try:
            import codecs

            codecs.lookup(encoding)
        except LookupError:
            raise ParameterError(f"unknown encoding {encoding!r}", param="encoding",
                                 words=("unknown_encoding", {"encoding": encoding})) from None
        failure = _strict_line(path, encoding)
        if failure:
            line, byte = failure
            raise InputFileError(f"line {line}: not {encoding} (byte {byte})", where=where,
                                 words=("not_encoding", {"line": line, "encoding": encoding, "byte": byte}))
        return encoding, "strict", [Notice.of("encoding_given", encoding=encoding)]
    for bom, name, label in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (BOM)"), (b"\xff\xfe", "utf-16", "UTF-16 (Excel Unicode Text)"),
                             (b"\xfe\xff", "utf-16", "UTF-16 (Excel Unicode Text)")):
        if head.startswith(bom):
            return name, "replace", [Notice.of("encoding", encoding=label)]
    bad, good = _scan(path, "utf-8", "surrogateescape")
    if not bad:
        return "utf-8", "strict", [Notice.of("encoding", encoding="UTF-8")]
    if good >= 4 * len(bad):
        # UTF-8 with a few stray bytes (one Windows character pasted in): keep UTF-8
        shown = ", ".join(map(str, bad[:10])) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
        return "utf-8", "replace", [Notice.of("encoding_stray", encoding="UTF-8", lines=shown)]
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=["cp1258", "cp1252", "utf_16"]).best()
    name = best.encoding if best is not None else "cp1258"
    return name, "replace", [Notice.of("encoding_guess", encoding=_ENCODING_NAMES.get(name, name))]


def text_layout(path: Path, encoding: str | None = None) -> TextLayout:
    """Read a text table's layout from its first lines (and its encoding over the whole file)."""
    where = str(path)
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
        more = bool(handle.read(1))
    kind = workbook_kind(head)
    if kind is not None:
        raise InputFileError(f"this is a spreadsheet workbook ({kind}), not a text table: give it its own extension "
                             "(.xlsx, .xls or .ods) and read it again", where=where, words=("workbook_as_text", {"kind": kind}))
    codec, errors, notes = _encoding(path, head, encoding)
    text = head.decode(codec, errors=errors)
    if more:  # a partial last line is not part of the sample
        text = text[: text.rfind("\n") + 1] if "\n" in text else text
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputFileError("the file is empty", where=where, words=("no_rows", {}))
    sep = _separator(lines[:_HEADER_SCAN + 20])
    notes.append(Notice.of("separator", separator={"\t": "tab", ",": ",", ";": ";", "|": "|"}[sep]))
    with _NoFieldLimit():
        rows = list(csv.reader(lines[:_HEADER_SCAN], delimiter=sep))
    h = _header_row(rows)
    names, upper = _names(rows, h, max(len(rows[h]), len(rows[h + 1]) if upper_ok(rows, h) else 0))
    lower = h + 1 if upper == h else h
    width = len(names)
    names, renamed = _renamed(names)
    notes.extend(renamed)
    first = upper if upper is not None else lower
    if lower:
        notes.append(Notice.of("header_row", line=_physical_line(text, lines[lower]) + 1, skipped=first))
    if upper is not None:
        notes.append(Notice.of("two_row_header", line=_physical_line(text, lines[upper]) + 1))
    skip = _physical_line(text, lines[lower]) if lower else 0
    return TextLayout(codec, errors, sep, skip, tuple(names), width, tuple(notes))


def _nfc(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells in NFC (columns already in NFC, as most are, are decided in one C-speed pass)."""
    for column in frame.columns:
        cells = frame[column].to_numpy(dtype=object)
        try:
            joined = "\n".join(cells)  # a line feed never composes with its neighbours
        except TypeError:  # a short row's missing cells
            joined = None
        if joined is None or not (joined.isascii() or unicodedata.is_normalized("NFC", joined)):
            frame[column] = pd.Series([unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in cells],
                                      index=frame.index, dtype=object)
    return frame


def iter_text_table(path: Path, layout: TextLayout, chunk_rows: int | None = None):
    """The file's rows under its header, as one frame or frames of ``chunk_rows`` rows.

    Every chunk has the same columns; a row with more fields than the header
    stops the read (:class:`InputFileError`, naming its line).
    """
    where = str(path)
    spare = [f"__extra_{i}" for i in range(_EXTRA)]
    done = 0
    try:
        reader = pd.read_csv(
            path, sep=layout.sep, header=None, skiprows=layout.skip + 1, names=list(layout.names) + spare, dtype=object,
            keep_default_na=False, skip_blank_lines=True, index_col=False, engine="c", encoding=layout.codec,
            encoding_errors=layout.errors, chunksize=chunk_rows,
        )
        frames = reader if chunk_rows else [reader]
        for frame in frames:
            if len(frame) == 0:
                continue
            extra = frame[spare].ne("").any(axis=1).to_numpy()
            if extra.any():
                row = int(np.flatnonzero(extra)[0])
                fields = layout.width + int(frame.loc[frame.index[row], spare].ne("").to_numpy().nonzero()[0].max()) + 1
                line = layout.skip + done + row + 2
                raise InputFileError(
                    f"data row {done + row + 1} (line {line}) has {fields} fields but the header has {layout.width}: "
                    "columns would shift; fix that line (an unquoted separator inside a cell?)",
                    where=where,
                    words=("long_row", {"line": line, "fields": fields, "width": layout.width}),
                )
            frame = _nfc(frame.drop(columns=spare))
            frame.index = pd.RangeIndex(done, done + len(frame))
            done += len(frame)
            yield frame
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+), saw (\d+)", str(exc))
        if not match:
            raise InputFileError.of("not_csv", where, error=str(exc).splitlines()[0]) from None
        line, fields = int(match.group(1)) + layout.skip, int(match.group(2))
        raise InputFileError(f"line {line} has {fields} fields, but the header has {layout.width}: columns would shift",
                             where=where, words=("long_row", {"line": line, "fields": fields, "width": layout.width})) from None
    except UnicodeDecodeError as exc:
        raise InputFileError.of("not_codec", where, codec=layout.codec, reason=exc.reason) from None


def read_text_table(path: Path, encoding: str | None = None) -> RawTable:
    """A delimited text file (CSV, TSV, Excel "Unicode Text") as text cells under its header."""
    layout = text_layout(path, encoding)
    frames = list(iter_text_table(path, layout))
    frame = frames[0] if frames else pd.DataFrame(columns=list(layout.names))
    return RawTable(frame, layout.notes)


def upper_ok(rows: list[list[str]], h: int) -> bool:
    return h + 1 < len(rows)


def _physical_line(text: str, line: str) -> int:
    """0-based index of ``line`` among the file's physical lines (blank lines counted)."""
    for i, candidate in enumerate(text.splitlines()):
        if candidate == line:
            return i
    return 0


#: Spreadsheet files read with python-calamine (one reader for all four).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_WORKBOOK_NAMES = {".xls": "Excel 97-2003 workbook", ".ods": "OpenDocument spreadsheet", ".xlsb": "Excel binary workbook"}


def _cell(value):
    """A calamine cell as tn-map keeps it: whole numbers as ``int`` (Excel stores every number as a float)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _sheet_rows(book, name: str) -> list[list]:
    return [[_cell(c) for c in row] for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]


def read_workbook(path: Path, sheet: str | int | None = None) -> RawTable:
    """A workbook's data sheet as cells under its header: XLSX, XLSM, XLSB, XLS (Excel 97-2003) or ODS.

    Read with python-calamine (``pandas.read_excel(engine="calamine")``
    uses the same reader), which reads all four formats and cached formula
    values.  ``sheet`` names the sheet (any Unicode form, any case) or gives
    its 0-based position; by default the visible sheet that has a table with
    known column names is read, and the choice is stated.  A workbook where
    several sheets qualify stops with the list of sheets.
    """
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    where = str(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            sheets = [(m.name, "visible" if m.visible == SheetVisibleEnum.Visible else "hidden") for m in book.sheets_metadata]
            notes: list[Notice] = []
            if path.suffix.lower() in _WORKBOOK_NAMES:
                notes.append(Notice.of("workbook", kind=_WORKBOOK_NAMES[path.suffix.lower()]))
            if sheet is not None:
                names = [s for s, _ in sheets]
                if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
                    index = int(sheet)
                    if not 0 <= index < len(names):
                        raise ParameterError(f"no sheet {sheet}; sheets are {', '.join(map(repr, names))}", where=where, param="sheet",
                                             words=("no_sheet", {"sheet": sheet, "sheets": ", ".join(map(repr, names))}))
                    chosen = names[index]
                else:
                    found = [s for s in names if fold(s) == fold(str(sheet))]
                    if not found:
                        raise ParameterError(f"no sheet {sheet!r}; sheets are {', '.join(map(repr, names))}", where=where, param="sheet",
                                             words=("no_sheet", {"sheet": sheet, "sheets": ", ".join(map(repr, names))}))
                    chosen = found[0]
                rows = _sheet_rows(book, chosen)
            else:
                candidates = []
                for name, state in sheets:
                    if state != "visible":
                        continue
                    rows = _sheet_rows(book, name)
                    if any(str(c).strip() for row in rows for c in row):
                        h = _header_row([[str(c) for c in r] for r in rows[:_HEADER_SCAN]])
                        known = sum(1 for c in rows[h] if clean_header(str(c)) in _ALIASES) if rows else 0
                        candidates.append((name, rows, known))
                with_names = [c for c in candidates if c[2] > 0] or candidates
                if not with_names:
                    raise InputFileError("the workbook has no data rows", where=where, words=("no_rows", {}))
                if len(with_names) > 1:
                    listed = ", ".join(repr(c[0]) for c in with_names)
                    raise ParameterError(f"several sheets hold tables ({listed}); name the one to read", where=where, param="sheet",
                                         words=("several_sheets", {"sheets": listed}))
                chosen, rows, _ = with_names[0]
                hidden = [s for s, state in sheets if state != "visible"]
                notes.append(Notice.of("sheet", sheet=chosen, sheets=", ".join(s for s, _ in sheets), hidden=len(hidden)))
        finally:
            book.close()
    except (InputFileError, ParameterError):
        raise
    except Exception as exc:  # calamine raises its own errors (CalamineError, ZipError, XmlError…) for broken files
        raise InputFileError(f"cannot read as a workbook ({type(exc).__name__})", where=where,
                             words=("not_workbook", {"error": type(exc).__name__})) from exc
    kept = [i for i, r in enumerate(rows) if any(str(c).strip() for c in r)]  # sheet row numbers kept for notes
    rows = [rows[i] for i in kept]
    if not rows:
        raise InputFileError("the sheet has no data rows", where=where, words=("no_rows", {}))
    text_rows = [[str(c) for c in r] for r in rows[:_HEADER_SCAN]]
    h = _header_row(text_rows)
    names, upper = _names(text_rows, h, len(rows[h]))
    lower = h + 1 if upper == h else h
    names, renamed = _renamed(names)
    notes.extend(renamed)
    first = upper if upper is not None else lower
    if lower:
        notes.append(Notice.of("header_row", line=kept[lower] + 1, skipped=first))
    if upper is not None:
        notes.append(Notice.of("two_row_header", line=kept[upper] + 1))
    body = [list(r) + [""] * (len(names) - len(r)) for r in rows[lower + 1:]]
    frame = pd.DataFrame(body, columns=names, dtype=object)
    return RawTable(frame.where(frame != "", None), tuple(notes))
