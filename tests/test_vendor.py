"""Vendored browser files are npm's, byte for byte, at the pinned version, with their licence."""

import hashlib
import importlib.util
import json
import re
from pathlib import Path

from tn_map.render.assets import local_asset
from tn_map.render.client import MINIMAP_VERSION, MiniMap
from tn_map.render.units import TOPOJSON_CLIENT_VERSION, TopologyData

from .conftest import NPM_ASSETS, ROOT

VENDOR = ROOT / "tn_map" / "render" / "vendor"


def _refresh_script():
    spec = importlib.util.spec_from_file_location("refresh_vendor", ROOT / "scripts" / "refresh_vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_their_checksums():
    manifest = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))
    assert _refresh_script().check(manifest) == []
    for name, entry in manifest.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]), name  # a pinned version, not a range
        assert entry["integrity"].startswith("sha512-"), name
    # each package's own licence, as npm ships it
    assert (VENDOR / "leaflet-minimap" / "LICENSE.txt").read_text(encoding="utf-8").startswith("Copyright (c) 2012, Norkart AS")
    topojson_licence = (VENDOR / "topojson-client" / "LICENSE").read_text(encoding="utf-8")
    assert topojson_licence.startswith("Copyright 2012-2019 Michael Bostock") and "Permission to use, copy, modify" in topojson_licence
    assert manifest["topojson-client"]["license"] == "ISC"


def test_check_notices_a_changed_file(tmp_path, monkeypatch):
    script = _refresh_script()
    copy = tmp_path / "vendor"
    copy.mkdir()
    for path in VENDOR.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(VENDOR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (copy / "leaflet-minimap" / "Control.MiniMap.min.js").write_text("/* edited by hand */", encoding="utf-8")
    monkeypatch.setattr(script, "VENDOR", copy)
    manifest = json.loads((copy / "vendor.json").read_text(encoding="utf-8"))
    assert script.check(manifest) == ["leaflet-minimap: Control.MiniMap.min.js differs from the npm file it was taken from"]


def test_the_page_asks_for_the_vendored_version_and_is_served_the_vendored_file():
    manifest = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))
    assert MINIMAP_VERSION == manifest["leaflet-minimap"]["version"]
    for _, url in MiniMap.default_js + MiniMap.default_css:
        assert f"leaflet-minimap@{MINIMAP_VERSION}/" in url
        local = local_asset(url)
        assert local is not None and local.parent == VENDOR / "leaflet-minimap", url
    # another version is not stood in for by this one
    assert local_asset("https://cdn.jsdelivr.net/npm/leaflet-minimap@3.5.0/dist/Control.MiniMap.min.js") is None


def test_vendored_files_equal_the_files_npm_installs():
    """npm's own install (its integrity check, not ours) gives the same bytes as the vendored copy."""
    package = NPM_ASSETS / "leaflet-minimap"
    assert (package / "package.json").is_file(), (
        f"{package} is missing: scripts/test.sh installs leaflet-minimap@{MINIMAP_VERSION} from npm into .test-assets")
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == MINIMAP_VERSION, f"npm installed leaflet-minimap {installed}, tn-map vendors {MINIMAP_VERSION}: rerun scripts/test.sh"
    manifest = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))["leaflet-minimap"]
    for target, spec in manifest["files"].items():
        npm_file = package / spec["from"].removeprefix("package/")
        assert hashlib.sha256(npm_file.read_bytes()).hexdigest() == spec["sha256"], target


def test_the_page_asks_for_the_vendored_topojson_client_and_is_served_the_vendored_file():
    manifest = json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))
    assert TOPOJSON_CLIENT_VERSION == manifest["topojson-client"]["version"]
    (_, url), = TopologyData.default_js
    assert f"topojson-client@{TOPOJSON_CLIENT_VERSION}/dist/topojson-client.min.js" in url
    assert local_asset(url) == VENDOR / "topojson-client" / "topojson-client.min.js"
    assert local_asset(url.replace(TOPOJSON_CLIENT_VERSION, "3.0.0")) is None
