"""Shared fixtures: real files, the real CLI, and Debian's Chromium driven by Playwright.

Browser tests route every request a folium page makes to the CDNs (which
these machines cannot reach) to local copies: Leaflet and friends from the
xstatic packages, Leaflet-MiniMap and topojson-client from tn-map's vendored
copies (:func:`tn_map.render.assets.local_asset`).  Basemap tiles get a blank
PNG.  Anything else external is aborted and recorded, so a test can assert
the page asked for nothing unexpected.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import locale
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

from tn_map.render.assets import local_asset

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
NPM_ASSETS = ROOT / ".test-assets" / "node_modules"
CHROMIUM = os.environ.get("TN_MAP_CHROMIUM", "/usr/bin/chromium")

_TILE_RE = re.compile(r"/\d+/\d+/\d+(?:@2x)?(?:\.png|\.jpg)?(?:\?.*)?$")


def _blank_png(size: int = 256) -> bytes:
    raw = b"".join(b"\x00" + b"\xee\xee\xe8" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


_BLANK_TILE = _blank_png()


# The page is still when, on three animation frames in a row (a zoom started by the last
# call adds its class one frame later): the web fonts are loaded; no Leaflet map is zooming,
# panning or flying; no marker-cluster animation runs; every tile image has arrived; and no
# finite CSS transition or animation (a popup fading in, a panel sliding) is running.
_STILL = """() => {
  const maps = window.L ? Object.values(window).filter(v => v instanceof L.Map) : [];
  const still = document.fonts.status === 'loaded'
    && !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')
    && !maps.some(m => m._animatingZoom || m._flyToFrame || (m._panAnim && m._panAnim._inProgress))
    && [...document.querySelectorAll('img.leaflet-tile')].every(t => t.complete)
    && !document.getAnimations().some(a => a.playState === 'running'
         && a.effect && a.effect.getComputedTiming().iterations !== Infinity);
  window.__tnStillFrames = still ? (window.__tnStillFrames || 0) + 1 : 0;
  return window.__tnStillFrames >= 3;
}"""

_CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def settle(page, timeout: float = 10_000) -> None:
    """Wait until a Playwright ``page`` is still (:data:`_STILL` on three frames in a row): no fixed sleeps."""
    page.evaluate("() => { window.__tnStillFrames = 0; }")
    page.wait_for_function(_STILL, polling="raf", timeout=timeout)


class RoutedPage:
    """A Playwright page whose external requests are served locally; records what happened."""

    def __init__(self, page, *, block_assets: bool = False) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.blocked: list[str] = []
        self.served: list[str] = []
        self.tiles: list[str] = []
        self.dialogs: list[str] = []
        self._block_assets = block_assets
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._on_dialog)
        page.route(re.compile(r"^https?://"), self._route)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if route.request.resource_type == "image" and _TILE_RE.search(url) and not url.endswith(".svg"):
            self.tiles.append(url)
            route.fulfill(status=200, body=_BLANK_TILE, content_type="image/png")
            return
        local = None if self._block_assets else local_asset(url)
        if local is None:
            self.blocked.append(url)
            route.abort()
            return
        self.served.append(url)
        route.fulfill(status=200, body=local.read_bytes(), content_type=_CONTENT_TYPES.get(local.suffix, "application/octet-stream"))

    def open(self, html_path: Path) -> None:
        self.page.goto(html_path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        self.page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
        self.settle()

    def settle(self, timeout: float = 10_000) -> None:
        """Wait until the page is still: see :data:`_STILL`, true on three frames in a row."""
        settle(self.page, timeout)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target))
        return target


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (the README's test command does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def routed(browser):
    """Factory: ``routed(block_assets=False)`` → a :class:`RoutedPage` at 1280×800."""
    contexts = []

    def make(block_assets: bool = False) -> RoutedPage:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        return RoutedPage(context.new_page(), block_assets=block_assets)

    yield make
    for context in contexts:
        context.close()


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m tn_map.cli`` as a new interpreter, imports and all: for tests of start-up itself."""
    return subprocess.run(
        [sys.executable, "-m", "tn_map.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )


class _CliServer:
    """The session's :mod:`tests._cli_server`, started on first use and stopped at exit."""

    def __init__(self, hash_seed: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tn-map-cli-"))
        self.socket = str(self.folder / "socket")
        env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_cli_server.py")), self.socket],
                                        stdout=subprocess.PIPE, stdin=subprocess.PIPE, cwd=ROOT, env=env, text=True)
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"the test CLI server did not start (exit {self.process.poll()})")
        # ``$TN_MAP_PYTHON -m tn_map.cli …`` in a shell script: a stand-in interpreter that asks this server
        self.python = self.folder / "python"
        self.python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "{Path(__file__).with_name("_cli_client.py")}" "$@"\n',
                               encoding="utf-8")
        self.python.chmod(0o755)
        atexit.register(self.stop)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        """``base`` plus what the stand-in interpreter needs; ``TN_MAP_PYTHON`` is the stand-in."""
        return {**base, "TN_MAP_PYTHON": str(self.python), "TN_MAP_REAL_PYTHON": sys.executable,
                "TN_MAP_CLI_SOCKET": self.socket}

    def run(self, mode: str, argv: list[str], *, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = 300) -> tuple[int, str, str]:
        """Run ``tn-map argv`` (or ``python -c argv[0]``) in a fork: (exit code, stdout, stderr)."""
        from ._cli_server import request

        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, open(os.devnull, "rb") as stdin:
            code = request(self.socket, mode, argv, cwd=str(cwd), env=dict(os.environ if env is None else env),
                           fds=(stdin.fileno(), out.fileno(), err.fileno()), timeout=timeout)
            out.seek(0)
            err.seek(0)
            return code, _text(out.read()), _text(err.read())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # it collects its finished commands, then exits
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _text(data: bytes) -> str:
    """Bytes a process wrote, as ``subprocess.run(text=True)`` decodes them."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


# Two servers with different string-hash seeds, chosen afresh each session: a fork shares its
# server's seed, and a test that runs a command twice to compare the outputs must still see two
# seeds (as two new interpreters would), or an output that follows set order would pass.
_HASH_SEEDS = random.SystemRandom().sample(range(1, 2**32 - 1), 2)
_calls = itertools.count()


@functools.cache
def cli_server(which: int = 0) -> _CliServer:
    """Fork server ``which`` (0 or 1) for ``tn-map`` commands, one of each per test process."""
    return _CliServer(_HASH_SEEDS[which])


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``tn-map args`` as a process of its own, with its real exit code, stdout and stderr.

    The process is forked from :func:`cli_server`, which has the libraries imported already:
    the command's behaviour is a real process's, without 1–2 s of imports each time.  Calls
    alternate between two servers with different hash seeds, so two runs of one command
    compared byte for byte ran under different seeds.  Tests of start-up use :func:`run_process`.
    """
    code, out, err = cli_server(next(_calls) % 2).run("cli", [str(a) for a in args], cwd=cwd or ROOT)
    return subprocess.CompletedProcess([sys.executable, "-m", "tn_map.cli", *args], code, out, err)


def cli_map(out: Path, *args: str) -> Path:
    """Build a map with the CLI into ``out`` (``args`` as a user types them); its path."""
    result = run_cli("build", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def default_map(tmp_path_factory) -> Path:
    """The default map built by the CLI once per session, in English (``--lang en``)."""
    return cli_map(tmp_path_factory.mktemp("map") / "map.html", "--lang", "en")


@pytest.fixture(scope="module")
def districts():
    """The bundled districts joined to the plan (:class:`tn_map.Districts`), once per module."""
    from tn_map.pipeline import read_districts

    return read_districts()


@pytest.fixture(scope="module")
def sample(districts):
    """The bundled sample site list, classified."""
    from tn_map.pipeline import classify_sites, read_sites

    return classify_sites(read_sites(ROOT / "data" / "sample_sites.csv"), districts)
