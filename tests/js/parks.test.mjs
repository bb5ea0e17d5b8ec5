// The parks' fan-out: decided in Python (tn_map.render.model.park_fan); the page only picks, per
// zoom, which of the two decided layouts applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, fixture, needsFixture, plain } from './harness.mjs';

const { tnMap } = load();

/** Parks rows [lat, lon, fill, name, fan_group, fan_slot, share_group, share_slot]. */
const ROWS = [
  [0, 0, '#000', 'A', 0, [-1, 0.6], 0, [-0.5, 0.6]],   // A and B share a point
  [0, 0, '#000', 'B', 0, [0, 0.6], 0, [0.5, 0.6]],
  [0, 1, '#000', 'C', 0, [1, 0.6], 2, null],           // C is near them, not at their point
  [5, 5, '#000', 'D', 3, null, 3, null],               // D is alone
];
const at = (scale) => ROWS.map((p) => ({ x: p[1] * scale, y: -p[0] * scale }));

test('zoomed out, a near group is set in one row under its first park', () => {
  const pts = at(10), step = 17;  // C is 10 px from A: the group fits in two symbols
  const drawn = plain(tnMap.parkShifts(ROWS, pts, step)).map((s, i) => [pts[i].x + s[0], pts[i].y + s[1]]);
  assert.deepEqual(drawn, [[-17, 0.6 * 17], [0, 0.6 * 17], [17, 0.6 * 17], [50, -50]]);
});

test('zoomed in, parks that share a point stay apart and a near park goes back to its own place', () => {
  const pts = at(1000), step = 20;
  const shifts = plain(tnMap.parkShifts(ROWS, pts, step));
  assert.deepEqual(shifts, [[-10, 12], [10, 12], [0, 0], [0, 0]]);
});

test('the real parks: none hides another at the opening zoom, and each stays near its place', needsFixture, () => {
  // at this zoom the page draws 15-px symbols, 17 px apart in a row (tnMap.parkLayer)
  const parks = fixture.parks.parks, size = 15, step = 17;
  // Web Mercator pixels at zoom 9.5, as Leaflet projects
  const scale = 256 * 2 ** 9.5;
  const pts = parks.map((p) => ({
    x: (p[1] + 180) / 360 * scale,
    y: (1 - Math.log(Math.tan(Math.PI / 4 + p[0] * Math.PI / 360)) / Math.PI) / 2 * scale,
  }));
  const drawn = tnMap.parkShifts(parks, pts, step).map((s, i) => [pts[i].x + s[0], pts[i].y + s[1]]);
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      const apart = Math.max(Math.abs(drawn[i][0] - drawn[j][0]), Math.abs(drawn[i][1] - drawn[j][1]));
      assert.ok(apart >= size, `${parks[i][3]} and ${parks[j][3]}: ${apart.toFixed(1)} px apart`);
    }
    const moved = Math.hypot(drawn[i][0] - pts[i].x, drawn[i][1] - pts[i].y);
    assert.ok(moved < 4 * step, `${parks[i][3]} moved ${moved.toFixed(0)} px`);
  }
});
