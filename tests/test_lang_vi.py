"""Every word in one place, and in the user's language.

The catalogue ``tn_map/data/words.toml`` holds every key in both languages
with the same placeholders, and every key the code asks for; every command
and its error paths, run with the Vietnamese default, print no English
sentence (help, messages, table headers and cells).
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from tn_map import TnMapError
from tn_map.cli import main
from tn_map.i18n import WORDS, fmt_number

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tn_map"
CATALOGUE = tomllib.loads((PACKAGE / "data" / "words.toml").read_text(encoding="utf-8"))


# --- the catalogue -----------------------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_has_both_languages_and_the_same_placeholders():
    assert len(CATALOGUE) > 300
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"vi", "en"}, key
        assert entry["vi"].strip() and entry["en"].strip(), key
        assert _fields(entry["vi"]) == _fields(entry["en"]), key
    assert WORDS["title"].vi == CATALOGUE["title"]["vi"]  # the package reads this very file


def _asked_keys() -> tuple[set[str], set[str]]:
    """Keys the code asks for: (exact keys, prefixes of keys built at run time)."""
    exact, prefixes = set(), set()

    def key_of(node: ast.AST, prefix: str = "") -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            exact.add(prefix + node.value)
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            prefixes.add(prefix + node.values[0].value)

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args and not node.keywords:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            owner = getattr(node.func, "value", None)
            owner = getattr(owner, "id", None)
            if name == "tr" and node.args:
                key_of(node.args[0])
            elif name == "h" and node.args:  # the command line's help: tr(f"help.{key}")
                key_of(node.args[0], "help.")
            elif name == "of" and owner in ("TnMapError", "ParameterError", "InputFileError") and node.args:
                key_of(node.args[0], "error.")
            elif name == "of" and owner == "Notice" and node.args:
                key_of(node.args[0], "notice.")
            elif name == "Phrase" and node.args:
                key_of(node.args[0], "error.")
            for keyword in node.keywords:
                if keyword.arg == "words" and isinstance(keyword.value, ast.Tuple) and keyword.value.elts:
                    key_of(keyword.value.elts[0], "error.")
    return exact, prefixes


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    exact, prefixes = _asked_keys()
    assert {"title", "error.dpi_range", "error.unknown_place", "help.lang", "cli.wrote_size"} <= exact  # the scan sees them
    assert sorted(exact - set(CATALOGUE)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in CATALOGUE)) == []


# --- numbers -----------------------------------------------------------------------------------------------------

def test_numbers_in_each_language():
    assert fmt_number(2255.0, "vi", 1) == "2.255,0"
    assert fmt_number(2255.0, "en", 1) == "2,255.0"
    assert fmt_number(1234567.891, "vi") == "1.234.567,89"
    assert fmt_number(0.5, "vi", 2) == "0,50"


# --- no English under the Vietnamese default ---------------------------------------------------------------------

#: Common English words; three of them in a row (ASCII only) is an English sentence.  Numbers are skipped (they do
#: not end a run); a Vietnamese word written in ASCII ("in", "to", "no") needs two more English ones beside it.
ENGLISH = frozenset("""
a about added after all also and any are argument arguments as at be been before both but by can cannot change
changed choice choose column columns could default did district districts does each either error exit expected
file files following for found from give given has have header help here if image into invalid is it its layer
layers language lies list located make map mean message missing more must name named names needs nor not number
of one only option optional options or other output page place point positional print read reading required
resolution row rows say see set should show site sites size sheet than that the their there these this those type
unknown unrecognized unsupported use used usage value was were what when where which will with without would write
written wrote you your zone zones outside inside between same way cells classified program version
in to no dpi s kb
""".split())
_WORD = re.compile(r"[^\W\d_]+")


#: What a command line shows that is not a sentence: the program and its commands, flags, METAVARS, {choices},
#: 'quoted values', file names and paths.
_LITERALS = re.compile(
    r"tn-map(?: (?:sites classify|build|image|sites|brief|export|lookup|communes|zones)\b)?"
    r"|(?<![\w])-{1,2}[A-Za-z][\w-]*|\b[A-Z][A-Z_]{2,}\b|\{[^}]*\}|'[^']*'|\S*/\S*"
    r"|[\w<>-]*\.(?:csv|xlsx|xls|ods|kml|kmz|geojson|gpkg|html|png|svg|pdf|docx|txt|json)\b"
)


def english_runs(text: str) -> list[str]:
    """Runs of three or more consecutive common English words (ASCII only) in ``text``, outside literals."""
    runs, current = [], []
    for word in _WORD.findall(_LITERALS.sub(" ǂ ", text)):  # a literal ends a run
        if word.isascii() and word.lower() in ENGLISH:
            current.append(word)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 3:
        runs.append(" ".join(current))
    return runs


def test_the_detector_finds_english_and_passes_vietnamese():
    assert english_runs("tn-map: lỗi: resolution 5 dpi is outside 50–1200 (see --dpi)") == [
        "resolution dpi is outside see"]
    assert english_runs("tn-map: wrote 283 KB in 1.20 s") == ["wrote KB in s"]
    assert english_runs("options:\n  -h, --help  show this help message and exit") == ["show this help message and exit"]
    assert english_runs("usage: tn-map zones [-h] [--format {table,csv,json}]\n\noptions:") == []  # literals only
    assert english_runs("tn-map: error: cannot write ('out.csv' is a folder)") == ["error cannot write"]
    assert english_runs("tn-map: lỗi: độ phân giải 5 dpi nằm ngoài khoảng 50–1200 (xem --dpi)") == []
    assert english_runs("tn-map: đã ghi 283 KB trong 1,20 giây") == []
    assert english_runs("Khu vực phía Nam: Thái Nguyên, Sông Công, Phổ Yên, Phú Bình") == []


def _run(capsys, monkeypatch, tmp_path, *args: str) -> tuple[int, str]:
    """``tn-map ARGS`` in this process, in ``tmp_path``: exit code and stdout + stderr with ``tmp_path`` removed."""
    monkeypatch.chdir(tmp_path)
    try:
        code = main(list(args))
    except SystemExit as exc:  # --help and argparse's own errors
        code = exc.code
    out = capsys.readouterr()
    text = (out.out + out.err).replace(str(tmp_path), "<tmp>")
    return code, text


HELP = [[], ["build"], ["image"], ["sites"], ["sites", "classify"], ["brief"], ["export"], ["lookup"],
        ["communes"], ["zones"]]


@pytest.mark.parametrize("command", HELP, ids=lambda c: " ".join(c) or "tn-map")
def test_help_is_vietnamese(capsys, monkeypatch, tmp_path, command):
    code, text = _run(capsys, monkeypatch, tmp_path, *command, "--help")
    assert code == 0
    assert text.startswith("cách dùng: tn-map")
    assert "tùy chọn:" in text and "options:" not in text
    assert english_runs(text) == [], text


def test_help_in_english_with_lang_en(capsys, monkeypatch, tmp_path):
    code, text = _run(capsys, monkeypatch, tmp_path, "zones", "--lang", "en", "--help")
    assert code == 0 and text.startswith("usage: tn-map zones") and "show this help message and exit" in text


ERRORS = [
    (["image", "--dpi", "5"], "độ phân giải 5 dpi nằm ngoài khoảng 50–1200 (xem --dpi)"),
    (["image", "--dpi", "x"], "giá trị int không hợp lệ: 'x'"),
    (["image", "--paper", "A9"], "không rõ khổ giấy 'A9'"),
    (["image", "-o", "map.txt"], "không hỗ trợ loại ảnh .txt"),
    (["build", "--lang", "fr"], "lựa chọn không hợp lệ: 'fr'"),
    (["build", "--basemap", "NoSuchTiles"], "không rõ bản đồ nền 'NoSuchTiles'"),
    (["build", "--basemap", "CartoDB.Positron"], "cần khóa API"),
    (["build", "--boundaries", "does/not/exist.geojson"], "không tìm thấy tệp"),
    (["build", "--bogus"], "tham số không nhận ra: --bogus"),
    (["zones", "--format", "xml"], "lựa chọn không hợp lệ: 'xml'"),
    (["frobnicate"], "lựa chọn không hợp lệ: 'frobnicate'"),
    ([], "thiếu các tham số bắt buộc: COMMAND"),
    (["lookup"], "thiếu các tham số bắt buộc: NAME"),
    (["lookup", "Xã Không Có Thật Nào"], "không có đơn vị nào tên"),
    (["lookup", "1, 2", "--crs", "9213"], "'1, 2' không phải một điểm gần Thái Nguyên theo thứ tự trục nào (xem NAME)"),
    (["brief", "-o", "brief.txt"], "không hỗ trợ loại tệp tóm tắt .txt"),
    (["export", "-o", "districts.txt"], "không hỗ trợ loại tệp đầu ra .txt"),
    (["communes", "-o", "communes.txt"], "không hỗ trợ loại tệp đầu ra .txt"),
    (["sites", "classify", "missing.csv"], "không tìm thấy tệp"),
    (["sites", "classify", "sites.csv", "-o", "out.txt"], "không hỗ trợ loại tệp đầu ra .txt"),
    (["sites", "classify", "sites.csv", "--lat", "lat"], "hãy chỉ ra cột kinh độ và cột vĩ độ cùng nhau"),
    (["sites", "classify", "sites.csv", "--xy-order", "up"], "lựa chọn không hợp lệ: 'up'"),
]


@pytest.mark.parametrize("args, expected", ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else None)
def test_errors_are_vietnamese_one_line_exit_2(capsys, monkeypatch, tmp_path, args, expected):
    (tmp_path / "sites.csv").write_text("ten,lat,lon\nA,21.59,105.84\n", encoding="utf-8")
    code, text = _run(capsys, monkeypatch, tmp_path, *args)
    assert code == 2, text
    assert len(text.strip().splitlines()) == 1, text
    assert "lỗi:" in text and expected in text, text
    assert english_runs(text) == [], text


def test_commands_print_vietnamese(capsys, monkeypatch, tmp_path):
    """Every command's normal output under the default language."""
    (tmp_path / "sites.csv").write_text(
        "ten,nganh,lat,lon\nNhà máy A,dệt may,21.5942,105.8480\nNhà máy B,điện tử,21.40,105.90\nX,,99,99\n",
        encoding="utf-8")
    outputs = {}
    for args in (["zones"], ["communes"], ["lookup", "Xã Đại Phúc"], ["lookup", "21.5942, 105.8480"],
                 ["sites", "classify", "sites.csv", "-o", "out.csv"], ["export", "-o", "districts.csv"],
                 ["build", "-o", "map.html", "--sites", "sites.csv", "--basemap", "none"],
                 ["image", "-o", "map.png", "--sites", "sites.csv", "--dpi", "50"],
                 ["brief", "-o", "brief.docx", "--sites", "sites.csv"]):
        code, text = _run(capsys, monkeypatch, tmp_path, *args)
        assert code == 0, (args, text)
        assert english_runs(text) == [], (args, text)
        outputs[args[0]] = text
    assert outputs["zones"].splitlines()[0].split()[:2] == ["Khu", "vực"]
    assert "1.432,36" in outputs["zones"]  # Vietnamese numbers: 1432.36 km²
    header = outputs["communes"].splitlines()[0]
    assert "Bắc Kạn cũ" in header and "former_bac_kan" not in header
    assert "True" not in outputs["communes"] and "False" not in outputs["communes"]
    assert " Có" in outputs["communes"] and " Không" in outputs["communes"]
    assert re.search(r"tn-map: đã ghi [\d.]+ KB trong [\d,]+ giây", outputs["build"]), outputs["build"]


def test_a_bug_is_exit_1_not_bad_input(capsys, monkeypatch, tmp_path):
    """A broken installation is not the user's fault: exit 1, said as an internal error, still one line."""
    import tn_map.cli

    def broken(*args, **kwargs):
        raise RuntimeError("vietnamadminunits has no data file x.json")

    monkeypatch.setattr(tn_map.cli, "read_districts", broken)
    code, text = _run(capsys, monkeypatch, tmp_path, "zones")
    assert code == 1
    assert text.startswith("tn-map: lỗi nội bộ") and "RuntimeError" in text and len(text.strip().splitlines()) == 1


def test_error_place_and_language():
    err = TnMapError.of("dpi_range", "a.png", param="dpi", in_row=3, in_column="x", dpi=5, lo=50, hi=1200)
    assert err.key == "dpi_range" and err.values == {"dpi": 5, "lo": 50, "hi": 1200}
    assert str(err) == "a.png: row 3, column 'x': resolution 5 dpi is outside 50–1200 (see dpi)"
    assert err.text("vi", "--dpi") == "a.png: dòng 3, cột 'x': độ phân giải 5 dpi nằm ngoài khoảng 50–1200 (xem --dpi)"


def test_every_raise_of_a_user_error_carries_its_words():
    """A TnMapError raised without a key would reach a Vietnamese user in English."""
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            if isinstance(func, ast.Name) and func.id in ("TnMapError", "ParameterError", "InputFileError",
                                                         "UnknownPlaceError"):
                if "words" not in {k.arg for k in node.exc.keywords}:
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []


def test_key_and_flag_cells_have_their_words_beside_them_in_vietnamese(tmp_path):
    """Flags and type keys stay data (True, ward) for programs; a Vietnamese reader gets the words beside them."""
    import csv

    from tn_map.cli import main

    communes = tmp_path / "c.csv"
    assert main(["communes", "-o", str(communes)]) == 0
    rows = {r["name"]: r for r in csv.DictReader(communes.open(encoding="utf-8-sig"))}
    # Phường Đức Xuân was Thành phố Bắc Kạn's ward; Xã Đại Phúc is a commune of old Thái Nguyên
    assert (rows["Phường Đức Xuân"]["type"], rows["Phường Đức Xuân"]["type_name"]) == ("ward", "Phường")
    assert (rows["Phường Đức Xuân"]["former_bac_kan"], rows["Phường Đức Xuân"]["former_bac_kan_text"]) == ("True", "Có")
    assert (rows["Xã Đại Phúc"]["type_name"], rows["Xã Đại Phúc"]["former_bac_kan_text"]) == ("Xã", "Không")

    sites = tmp_path / "s.csv"
    # a point in Sông Công stated as Phú Bình, and one stated in its own district (TP Thái Nguyên's centre)
    sites.write_text("name,district,lat,lon\nA,Huyện Phú Bình,21.4800,105.8400\nB,Thành phố Thái Nguyên,21.5942,105.8480\n",
                     encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["sites", "classify", str(sites), "-o", str(out)]) == 0
    got = {r["name"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert got["A"]["district_mismatch"] == "True"
    assert got["A"]["district_check"] == "huyện ghi trong tệp không phải Sông Công, nơi có điểm"
    assert (got["B"]["district_mismatch"], got["B"]["district_check"]) == ("False", "khớp với huyện ghi trong tệp")
