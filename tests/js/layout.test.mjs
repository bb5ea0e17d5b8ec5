// Where a popup goes: the smallest move that clears the panels and keeps it in the map (MARGIN = 8 px).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, plain } from './harness.mjs';

const { tnMap } = load();
const W = 800, H = 600;
const box = (left, top, right, bottom) => ({ left, top, right, bottom });

test('a popup clear of every panel and inside the map stays where it is', () => {
  assert.deepEqual(plain(tnMap.clearShift(box(300, 200, 500, 300), [box(0, 0, 200, 100)], W, H)), { x: 0, y: 0, cost: 0 });
});

test('a popup under a panel moves the least distance that clears it by the margin', () => {
  // the legend at the bottom left covers the popup's left 40 px: 48 px to the right is the least move
  const shift = plain(tnMap.clearShift(box(160, 400, 360, 500), [box(0, 380, 200, 600)], W, H));
  assert.deepEqual([shift.x, shift.y], [48, 0]);
});

test('a popup cut by the map\'s top edge comes down into view', () => {
  const shift = plain(tnMap.clearShift(box(300, -50, 500, 100), [], W, H));
  assert.deepEqual([shift.x, shift.y], [0, 58]);
});

test('a popup too tall for the room goes just below the top panel, its top in view, its foot cut', () => {
  // 600 px tall in a 600 px map: it cannot clear everything; the least covered place with its top in view
  const shift = plain(tnMap.clearShift(box(100, 50, 700, 650), [box(0, 0, 800, 80)], W, H));
  assert.deepEqual([shift.x, shift.y, shift.overlap], [0, 38, 0]);
});
