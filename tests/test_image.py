"""The static image for reports: real matplotlib output, checked by its pixels."""

import matplotlib.image
import numpy as np
import pytest

from tn_map.style import ZONE_COLOURS

from .conftest import run_cli

BACKGROUND = np.array([0xF6, 0xF6, 0xF3]) / 255


def _zone_pixels(png):
    image = matplotlib.image.imread(png)[..., :3]
    counts = {}
    for zone, colour in ZONE_COLOURS.items():
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
        drawn = 0.75 * rgb + 0.25 * BACKGROUND  # districts are drawn at alpha 0.75
        counts[zone] = int((np.abs(image - drawn).max(axis=2) < 0.03).sum())
    return counts, image.shape


def test_png_shows_the_zones_in_proportion(tmp_path):
    out = tmp_path / "map.png"
    result = run_cli("image", "-o", str(out), "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    counts, shape = _zone_pixels(out)
    assert shape[0] > 500 and shape[1] > 500
    # areas: West 1,452 km² > East 1,298 km² > South 777 km²
    assert counts["west"] > counts["east"] > counts["south"] > 0.02 * shape[0] * shape[1]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_same_inputs_same_bytes(tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for path in (a, b):
        assert run_cli("image", "-o", str(path), "--dpi", "60", "--sites", "data/sample_sites.csv").returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_unsupported_image_type(tmp_path):
    result = run_cli("image", "-o", str(tmp_path / "map.bmp"))
    assert result.returncode == 2 and "unsupported image type .bmp" in result.stderr
