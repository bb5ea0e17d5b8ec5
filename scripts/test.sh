#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole suite.
# Used by the README's test command and by CI (.ci/run). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium for the browser tests (Playwright cannot download its own here),
# poppler-utils (pdftoppm) to look at the PDFs the reports write, and fonts-liberation:
# the PDF brief embeds Liberation Serif (a Times New Roman substitute, Decree 30/2020/NĐ-CP).
if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null \
   || [ ! -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils fonts-liberation >/dev/null
fi

# The package with its test extras, in a virtual environment of its own.
VENV="${TN_MAP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[test]"

# npm's own install of the Leaflet-MiniMap release that tn_map/render/vendor copies: the vendor
# test compares the two byte for byte (the pages themselves are served the vendored copy).
MINIMAP=$("$VENV/bin/python" -c 'import json; print(json.load(open("tn_map/render/vendor/vendor.json"))["leaflet-minimap"]["version"])')
if ! grep -qs "\"version\": \"$MINIMAP\"" .test-assets/node_modules/leaflet-minimap/package.json; then
  npm install --prefix .test-assets --no-audit --no-fund --silent "leaflet-minimap@$MINIMAP"
fi

mkdir -p test-artifacts
set +e
# Two workers (pytest-xdist): CI's machine has two cores. TN_MAP_TEST_WORKERS=0 runs in one process.
"$VENV/bin/python" -m pytest -n "${TN_MAP_TEST_WORKERS:-2}" "$@"
status=$?
set -e
# pytest exits 5 when it collected no tests: that must not pass silently.
if [ "$status" -eq 5 ]; then echo "test.sh: pytest collected no tests" >&2; exit 1; fi
exit "$status"
