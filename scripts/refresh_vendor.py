#!/usr/bin/env python3
"""Refresh (or check) the third-party browser files tn-map ships in ``tn_map/render/vendor/``.

No Python package ships Leaflet-MiniMap or topojson-client, so tn-map
carries their built files itself, for offline pages.  They are never copied by hand: this
script fetches the pinned version's tarball from npm (``npm pack``), checks
the tarball against the pinned integrity, extracts the listed files with the
licence and records each file's SHA-256 in ``vendor.json``.
``tests/test_vendor.py`` checks the files against that manifest.

    python scripts/refresh_vendor.py            # re-extract the pinned versions
    python scripts/refresh_vendor.py --check    # verify the files only (no network)
    python scripts/refresh_vendor.py --bump leaflet-minimap 3.6.2
                                                # move a pin (integrity taken from npm)

Bumping a pin changes the URL the online page loads
(:data:`tn_map.render.client.MINIMAP_VERSION` must follow; the test says so).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "tn_map" / "render" / "vendor"
MANIFEST = VENDOR / "vendor.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algo, _, digest = integrity.partition("-")
    return base64.b64encode(hashlib.new(algo, data).digest()).decode("ascii") == digest


def _npm_pack(name: str, version: str) -> tuple[bytes, str]:
    """The package tarball from the npm registry (``npm pack``) and the integrity npm reports."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--json", "--silent", "--pack-destination", tmp],
            capture_output=True, text=True, check=True, timeout=300,
        )
        info = json.loads(out.stdout)[0]
        return (Path(tmp) / info["filename"]).read_bytes(), info["integrity"]


def refresh(manifest: dict, only: str | None = None) -> None:
    for name, entry in manifest.items():
        if only and name != only:
            continue
        tarball, integrity = _npm_pack(name, entry["version"])
        if entry.get("integrity") and entry["integrity"] != integrity:
            sys.exit(f"{name}@{entry['version']}: npm reports {integrity}, pinned {entry['integrity']}")
        if not _integrity_ok(tarball, integrity):
            sys.exit(f"{name}@{entry['version']}: the tarball does not match its integrity {integrity}")
        entry["integrity"] = integrity
        folder = VENDOR / name
        if folder.exists():
            shutil.rmtree(folder)
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
            for target, spec in entry["files"].items():
                member = tar.extractfile(spec["from"])
                if member is None:
                    sys.exit(f"{name}@{entry['version']}: no {spec['from']} in the tarball")
                data = member.read()
                path = folder / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                spec["sha256"] = sha256(data)
        print(f"{name}@{entry['version']}: {len(entry['files'])} files from npm ({integrity[:20]}…)")


def check(manifest: dict) -> list[str]:
    """What differs between the vendored files and the manifest (empty: all well)."""
    problems = []
    for name, entry in manifest.items():
        folder = VENDOR / name
        listed = set(entry["files"])
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()
        problems += [f"{name}: {f} is listed but missing" for f in sorted(listed - present)]
        problems += [f"{name}: {f} is not listed in vendor.json" for f in sorted(present - listed)]
        for target in sorted(listed & present):
            if sha256((folder / target).read_bytes()) != entry["files"][target]["sha256"]:
                problems.append(f"{name}: {target} differs from the npm file it was taken from")
        if not any(t.upper().startswith("LICENSE") for t in listed):
            problems.append(f"{name}: no licence file vendored")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the vendored files against vendor.json")
    parser.add_argument("--bump", nargs=2, metavar=("PACKAGE", "VERSION"), help="pin PACKAGE to VERSION, then refresh it")
    args = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if args.check:
        problems = check(manifest)
        print("\n".join(problems) or "vendored files match vendor.json")
        return 1 if problems else 0
    only = None
    if args.bump:
        only, version = args.bump
        manifest[only]["version"] = version
        manifest[only]["integrity"] = ""  # taken from npm, then checked against the tarball
    refresh(manifest, only)
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
