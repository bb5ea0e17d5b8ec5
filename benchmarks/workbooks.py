"""Reading a site workbook: python-calamine (what tn-map uses) against openpyxl, on the same file.

Writes an XLSX of ``N`` site rows with openpyxl (and, if LibreOffice is
installed, converts it to XLS and ODS), then times, in this process, the
median of ``REPEAT`` reads of each:

- ``tn_map.load.tables.read_workbook`` (python-calamine, with tn-map's
  sheet choice, header search and notes);
- ``pandas.read_excel(engine="calamine")`` and ``engine="openpyxl"``, the
  bare readers.

Run: ``.venv/bin/python benchmarks/workbooks.py [N]``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tn_map.load.tables import read_workbook

REPEAT = 3


def _timed(call) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "sites.xlsx"
        frame = pd.DataFrame({
            "Tên địa điểm": [f"Địa điểm số {i}" for i in range(n)],
            "Ngành nghề": ["điện tử", "chế biến chè", "khai khoáng", "cơ khí"] * (n // 4) + ["dệt may"] * (n % 4),
            "Kinh độ": [105.6 + (i % 1000) / 2500 for i in range(n)],
            "Vĩ độ": [21.4 + (i % 997) / 1800 for i in range(n)],
            "Diện tích (ha)": [round(1 + (i % 50) / 3, 2) for i in range(n)],
        })
        frame.to_excel(xlsx, index=False, engine="openpyxl")
        files = [xlsx]
        if shutil.which("soffice"):
            for fmt in ("xls", "ods"):
                subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, str(xlsx)], check=True,
                               capture_output=True)
                files.append(xlsx.with_suffix(f".{fmt}"))
        print(f"{n:,} rows, median of {REPEAT} reads")
        print(f"{'file':<6} {'tn-map (calamine)':>18} {'pandas calamine':>16} {'pandas openpyxl':>16}")
        for path in files:
            ours = _timed(lambda: read_workbook(path))
            calamine = _timed(lambda: pd.read_excel(path, engine="calamine"))
            openpyxl = _timed(lambda: pd.read_excel(path, engine="openpyxl")) if path.suffix == ".xlsx" else float("nan")
            print(f"{path.suffix:<6} {ours:>17.2f}s {calamine:>15.2f}s {openpyxl:>15.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
