"""Names on a phone: none over another, over a park or site symbol, or cut at the map's edge (Chromium)."""

from __future__ import annotations

import pytest

from .conftest import RoutedPage, run_cli

pytestmark = pytest.mark.browser

PHONE = (390, 844)

BOXES = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const shown = e => getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none';
    const map = document.querySelector('.leaflet-container');
    const labels = Array.from(map.querySelectorAll('.tn-label, .tn-label-province'))
        .filter(shown).map(e => [e.textContent.trim(), box(e.firstElementChild)]).filter(l => l[1][2] > l[1][0]);
    const symbols = Array.from(map.querySelectorAll('.leaflet-marker-icon:not(.tn-label):not(.tn-label-province)'))
        .filter(shown).map(box).filter(b => b[2] > b[0] && b[3] > b[1]);
    return {labels, symbols, map: box(map)};
}"""


def _overlap(a, b, slack=0.5):
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


@pytest.fixture(scope="module")
def page_with_sites(tmp_path_factory):
    path = tmp_path_factory.mktemp("phone") / "map.html"
    result = run_cli("build", "-o", str(path), "--sites", "data/sample_sites.csv")
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phone_labels_overlap_nothing_and_stay_inside(browser, page_with_sites, lang):
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        rp = RoutedPage(context.new_page())
        rp.open(page_with_sites)
        rp.page.wait_for_selector(".marker-cluster", timeout=10_000)
        if lang == "en":
            rp.page.click(".tn-lang-button")
        rp.settle()
        rp.settle()
        rp.screenshot(f"phone_labels_{lang}")
        found = rp.page.evaluate(BOXES)
        labels, symbols, frame = found["labels"], found["symbols"], found["map"]
        names = [name for name, _ in labels]
        assert len([n for n in names if n]) >= 9, names  # the nine districts' names at least
        for i, (a, box_a) in enumerate(labels):
            for b, box_b in labels[i + 1:]:
                assert not _overlap(box_a, box_b), (a, b)
            assert frame[0] <= box_a[0] and box_a[2] <= frame[2] and frame[1] <= box_a[1] and box_a[3] <= frame[3], (
                f"{a!r} is cut at the map's edge")
            covered = [s for s in symbols if _overlap(box_a, s)]
            assert not covered, f"{a!r} lies under a symbol"
    finally:
        context.close()
