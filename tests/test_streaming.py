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
