"""The docs cannot rot: README examples run, the notebook runs, the reference covers the CLI.

How examples are marked
-----------------------
In ``README.md`` and ``README.vi.md`` a block is an *example* when the
line before its fence is ``<!-- example -->`` (invisible once rendered) and
the fence is ```` ```bash ```` or ```` ```python ````; the fence may be
indented (inside a list).  A Python example runs with this interpreter.
Each example runs with ``bash -e`` in a fresh temporary folder that holds a
copy of ``data/``, so it may read ``data/…`` and write anywhere below the
folder (``output/`` by default).  ``tn-map`` and ``.venv/bin/tn-map`` at the
start of a command mean this checkout's tn-map: they are replaced by
``"$TN_MAP_PYTHON" -m tn_map.cli``, each a process of its own forked from the
session's CLI server (``conftest.cli_server``: the libraries imported once, not
once per command).  Every example must exit 0.

Other shell blocks (the set-up and test commands, the benchmark) are not
examples: they install things.  The first two fenced blocks of the README
must be exactly the two set-up commands.

The notebook ``notebooks/tour.ipynb`` is executed with nbclient on a kernel
that runs this interpreter; no cell may fail.  It is committed without
outputs.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import cli_server

ROOT = Path(__file__).resolve().parents[1]
READMES = [ROOT / "README.md", ROOT / "README.vi.md"]
NOTEBOOK = ROOT / "notebooks" / "tour.ipynb"

SETUP_COMMANDS = [
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/tn-map build",
    "bash scripts/test.sh",
]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
_MARKER = "<!-- example -->"
# `tn-map` or `.venv/bin/tn-map` where a command starts: line start, or after ; & | ( `
_COMMAND = re.compile(r"(^[ \t]*|[;&|(`]\s*)(?:\.venv/bin/)?tn-map(?=\s|$)", flags=re.MULTILINE)


def fenced_blocks(text: str) -> list[dict]:
    """Every fenced block: ``info`` (language), ``body`` (dedented), ``line`` (1-based), ``example``."""
    lines = text.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        start = i
        body = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence[0] * len(fence)) and lines[i].strip().strip(fence[0]) == ""):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        previous = next((lines[k].strip() for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        blocks.append({"info": info, "body": "\n".join(body), "line": start + 1, "example": previous == _MARKER})
        i += 1
    return blocks


def examples(path: Path) -> list[tuple[str, str, str]]:
    """``(id, language, script)`` of every marked example of ``path``."""
    if not path.is_file():
        return []
    out = []
    for block in fenced_blocks(path.read_text(encoding="utf-8")):
        if block["example"]:
            assert block["info"] in ("bash", "python"), f"{path.name}:{block['line']}: an example is ```bash or ```python"
            out.append((f"{path.name}:{block['line']}", block["info"], block["body"]))
    return out


def as_local_command(script: str) -> str:
    """The script with every ``tn-map`` command run by this interpreter's tn_map."""
    return _COMMAND.sub(lambda m: f'{m.group(1)}"$TN_MAP_PYTHON" -m tn_map.cli', script)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["TN_MAP_PYTHON"] = sys.executable
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop("TN_MAP_DEBUG", None)
    return env


ALL_EXAMPLES = [e for path in READMES for e in examples(path)]


def test_examples_are_found():
    """The marker is in use: the README has examples for every command it documents."""
    readme = [script for ident, lang, script in ALL_EXAMPLES if ident.startswith("README.md") and lang == "bash"]
    assert len(readme) >= 10, "README.md lost its marked examples"
    joined = "\n".join(readme)
    for command in cli_commands():
        assert re.search(rf"tn-map {command}\b", joined), f"no README example runs `tn-map {command}`"


def test_translation_of_commands():
    script = 'tn-map zones\n  tn-map build\n.venv/bin/tn-map build -o x.html && tn-map lookup "x"\ncat tn-map.txt\necho "$(tn-map --version)"'
    out = as_local_command(script)
    assert out.count('"$TN_MAP_PYTHON" -m tn_map.cli') == 5
    assert "cat tn-map.txt" in out


@pytest.mark.parametrize("ident,lang,script", ALL_EXAMPLES, ids=[i for i, _, _ in ALL_EXAMPLES])
def test_readme_example_runs(ident, lang, script, tmp_path):
    # Each tn-map command (and each Python example) is a process of its own, forked from the
    # session's CLI server with the libraries already imported (conftest.cli_server).
    shutil.copytree(ROOT / "data", tmp_path / "data")
    server = cli_server()
    if lang == "bash":
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", as_local_command(script)],
            cwd=tmp_path, env=server.env(_env()), capture_output=True, text=True, timeout=600,
        )
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        code, out, err = server.run("python", [script], cwd=tmp_path, env=_env(), timeout=600)
    assert code == 0, f"{ident} exited {code}\n--- script\n{script}\n--- stdout\n{out[-3000:]}\n--- stderr\n{err[-3000:]}"


# ------------------------------------------------------------------ README structure


def test_readme_starts_with_the_two_setup_commands():
    blocks = fenced_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [b["body"].strip() for b in blocks[:2]] == SETUP_COMMANDS
    assert [b["info"] for b in blocks[:2]] == ["bash", "bash"]
    assert not any(b["example"] for b in blocks[:2])


def test_readme_vi_is_linked_at_the_top_and_starts_with_the_same_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english_starts = readme.index("## ")
    assert "(README.vi.md)" in readme[:english_starts], "README.vi.md must be linked before the English part"
    vi = ROOT / "README.vi.md"
    blocks = fenced_blocks(vi.read_text(encoding="utf-8"))
    assert [b["body"].strip() for b in blocks[:2]] == SETUP_COMMANDS


_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img[^>]+src=[\"']([^\"']+)[\"']")


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_pictures_exist_and_are_small_pngs(readme):
    text = readme.read_text(encoding="utf-8")
    paths = [a or b for a, b in _IMAGE.findall(text)]
    assert any("map" in p for p in paths) and any("image" in p for p in paths), "the map and the print map must be shown"
    for rel in paths:
        assert not rel.startswith(("http://", "https://")), f"{readme.name}: picture {rel} must be in the repository"
        path = ROOT / rel
        assert path.is_file(), f"{readme.name} shows {rel}, which does not exist (run scripts/readme_images.py)"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{rel} is not a PNG"
        assert len(data) < 400_000, f"{rel} is {len(data):,} bytes; keep README pictures small"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_relative_links_point_to_files(readme):
    text = readme.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (ROOT / target).exists(), f"{readme.name} links to {target}, which does not exist"


# ------------------------------------------------------------------ reference covers the CLI


@functools.cache
def _help(*args: str) -> str:
    code, out, err = cli_server().run("cli", [*args, "--help"], cwd=ROOT, env=_env(), timeout=120)
    assert code == 0, err
    return out


def _subcommands(help_text: str) -> list[str]:
    """Names listed under ``COMMAND`` or ``ACTION`` in an argparse help text (in either language)."""
    section = re.split(r"^  (?:COMMAND|ACTION)$", help_text, maxsplit=1, flags=re.MULTILINE)[1]
    return re.findall(r"^    (\w[\w-]*)\s", section, flags=re.MULTILINE)


def cli_commands() -> list[str]:
    """Every command as typed: ``build``, …, ``sites classify``."""
    commands = []
    for name in _subcommands(_help()):
        sub_help = _help(name)
        if re.search(r"^  ACTION$", sub_help, flags=re.MULTILINE):
            commands += [f"{name} {action}" for action in _subcommands(sub_help)]
        else:
            commands.append(name)
    return commands


def test_cli_commands_are_the_known_ones():
    assert set(cli_commands()) >= {"build", "image", "sites classify", "brief", "export", "lookup", "communes", "zones"}


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_every_command_and_option_is_in_the_reference(readme):
    text = readme.read_text(encoding="utf-8")
    missing = []
    for command in cli_commands():
        if not re.search(rf"^#+ .*tn-map {command}\b", text, flags=re.MULTILINE):
            missing.append(f"heading for `tn-map {command}`")
        for option in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", _help(*command.split())))):
            if option == "--help":
                continue
            if not re.search(rf"`{re.escape(option)}\b", text):
                missing.append(f"`{option}` of tn-map {command}")
    assert not missing, f"{readme.name} does not describe: " + "; ".join(missing)


# ------------------------------------------------------------------ the notebook


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, "clear the notebook's outputs"


def test_notebook_runs_top_to_bottom(tmp_path):
    try:  # the test extras install these; a missing one must fail, not skip the tour
        import ipykernel  # noqa: F401
        import nbclient
        import nbformat
    except ImportError as exc:
        pytest.fail(f"{exc.name} is missing: install the test extras (pip install -e '.[test]')")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # A kernel spec that runs *this* interpreter, whatever Jupyter finds installed elsewhere.
    spec_dir = tmp_path / "kernels" / "tn-map-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "tn-map test", "language": "python",
    }))
    km = KernelManager(kernel_name="tn-map-test",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    env_backup = dict(os.environ)
    os.environ.update({k: v for k, v in _env().items() if k == "PYTHONPATH"})
    os.environ["TN_MAP_TOUR_OUT"] = str(tmp_path / "out")
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert {"tour_map.html", "tour_map.png", "tour_brief.docx", "parks_classified.csv"} <= set(written), written
    # it wrote nothing into the repository
    assert not (NOTEBOOK.parent / "output").exists()


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_anchor_links_point_to_headings(readme):
    text = readme.read_text(encoding="utf-8")
    outside_code = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    anchors = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.MULTILINE)}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, f"{readme.name} links to #{target}, which no heading makes"
