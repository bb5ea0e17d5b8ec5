"""Classifying in chunks gives exactly what classifying in memory gives: same rows, reasons, bytes."""

import csv

import pytest

import tn_map
from tn_map.export import write_sites
from tn_map.load import read_boundaries
from tn_map.pipeline import classify_file

HANOI = (105.8342, 21.0278)


@pytest.fixture(scope="module")
def every_reason(tmp_path_factory):
    """A file with a row for each way a row can end, repeated so that chunks cut through them."""
    inside = read_boundaries()[0].set_index("name").geometry.representative_point()
    dai_tu, pho_yen = inside["Đại Từ"], inside["Phổ Yên"]
    rows = [
        ["located", "điện tử", f"{pho_yen.y:.6f}", f"{pho_yen.x:.6f}", "", ""],
        ["swapped", "khai khoáng", f"{dai_tu.x:.6f}", f"{dai_tu.y:.6f}", "", ""],
        ["outside", "", f"{HANOI[1]}", f"{HANOI[0]}", "", ""],
        ["text", "", "abc", f"{dai_tu.x:.6f}", "", ""],
        ["half", "", f"{dai_tu.y:.6f}", "", "", ""],
        ["range", "", "95", f"{dai_tu.x:.6f}", "", ""],
        ["by address", "dệt may", "", "", "Xã Đại Phúc, tỉnh Thái Nguyên", ""],
        ["bac kan", "", "", "", "Phường Đức Xuân, tỉnh Thái Nguyên", ""],
        ["unknown address", "", "", "", "Xã Không Có, tỉnh Thái Nguyên", ""],
        ["nothing", "", "", "", "", ""],
        ["=formula", "@SUM(1)", f"{pho_yen.y:.6f}", f"{pho_yen.x:.6f}", "", "-2+3"],
    ]
    path = tmp_path_factory.mktemp("stream") / "every_reason.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "sector", "lat", "lon", "Địa chỉ", "note"])
        for i in range(7):
            writer.writerows([[f"{r[0]} {i}"] + r[1:] for r in rows])
    return path


@pytest.mark.parametrize("chunk_rows", [1, 5, 13, 10_000])
def test_chunked_output_is_the_in_memory_output_byte_for_byte(every_reason, tmp_path, chunk_rows):
    whole = tn_map.classify_sites(tn_map.read_sites(every_reason))
    write_sites(whole, tmp_path / "whole.csv", lang="en")
    report, notices, _ = classify_file(every_reason, tmp_path / "chunked.csv", lang="en", chunk_rows=chunk_rows)
    assert (tmp_path / "chunked.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert report.to_dict() == whole.report.to_dict()
    # every way a row can end is in the file, so the comparison covers each
    assert set(whole.report.rejected_by_reason) == {
        "address_unknown", "no_coordinates", "no_value", "not_a_number", "out_of_range", "outside_province",
    }
    assert whole.report.outside_zoning == 7 and whole.report.swapped_fixed == 7
    assert report.rows_in == 77 == report.located + report.outside_zoning + report.rejected


def test_a_failing_file_leaves_no_half_written_output(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("name,lat,lon\n" + "a,21.6,105.8\n" * 30 + "b,21.6,105.8,extra,fields\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(tn_map.TnMapError, match="line 32"):
        classify_file(src, out, chunk_rows=10)
    assert not out.exists() and not (tmp_path / "out.csv.part").exists()


def _hostile_table(seed: int, n: int) -> "pd.DataFrame":
    """Columns as classified tables have them, with every cell a CSV writer can get wrong."""
    import random

    import numpy as np
    import pandas as pd

    rng = random.Random(seed)
    pieces = ["a", "Phổ Yên", ",", '"', "\r", "\n", "\x07", "\x00", "=", "+", "-", "@", "\t", " ", "1", "2.5", "-3", "'", "\x1b[2J"]

    def text():
        r = rng.random()
        return None if r < 0.1 else float("nan") if r < 0.15 else "" if r < 0.2 else "".join(
            rng.choice(pieces) for _ in range(rng.randint(1, 4)))

    def number():
        r = rng.random()
        if r < 0.1:
            return float("nan")
        if r < 0.2:
            return rng.choice([0.0, -0.0, 1.0, 3.0, 1e15, 1e16, 1e-4, 1e-5, float("inf"), -float("inf")])
        return round(rng.uniform(-200, 200), rng.randint(0, 8)) if r < 0.6 else rng.uniform(-1, 1) * 10 ** rng.randint(-8, 22)

    return pd.DataFrame({
        "name": pd.Series([text() for _ in range(n)], dtype=object),
        "=formula header": pd.Series([rng.choice(["south", "west", ""]) for _ in range(n)], dtype=object),
        "bell\x07": pd.Series([text() for _ in range(n)], dtype="str"),
        "lon_wgs84": [number() for _ in range(n)],
        "input_row": np.arange(1, n + 1),
        "district_mismatch": pd.Series([rng.choice([True, False, "", None, -2, 1.5, "=x"]) for _ in range(n)], dtype=object),
    })


@pytest.mark.parametrize("seed", range(12))
def test_the_fast_csv_writer_writes_what_pandas_and_the_csv_module_write(seed, monkeypatch):
    """Cells quoted, formulas neutralised, control characters removed and reported, numbers as pandas writes them."""
    import numpy as np
    import pandas as pd

    from tn_map.export import cells

    monkeypatch.setattr(cells, "_SLICE_ROWS", 17)  # slices cut through the table
    table = _hostile_table(seed, 80)
    rows = np.arange(1, len(table) + 1)
    clean, expected_issues = cells.clean_text_cells(table, rows)
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            risky = cells.formula_like(clean[column])
            clean[column] = clean[column].astype(object).where(~risky, "'" + clean[column].astype(str))
    header = ["'" + c if c.startswith("=") else c for c in clean.columns]
    for first in (True, False):
        expected = clean.to_csv(index=False, header=header if first else False, lineterminator="\r\n")
        data, issues = cells.clean_csv_bytes(table, rows, header=first)
        assert data == expected.encode("utf-8-sig" if first else "utf-8")
        assert issues == expected_issues
    assert issues, "the table has control characters to report"
