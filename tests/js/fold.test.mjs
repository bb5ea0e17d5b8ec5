// The search folds names and queries in the browser; Python folds the same names (tn_map.names.fold)
// for matching.  The two must agree, or a name Python matches is one the page cannot find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, fixture, needsFixture } from './harness.mjs';

const { tnMap } = load();

test('folds case, tones, vowel marks and đ away', () => {
  assert.equal(tnMap.fold('Đại Từ'), 'dai tu');
  assert.equal(tnMap.fold('ĐỒNG HỶ'), 'dong hy');
  assert.equal(tnMap.fold('Thừa Ơn Ưng'), 'thua on ung');
  assert.equal(tnMap.fold('đ Đ'), 'd d');
});

test('punctuation and runs of space become one space: "TP." and "(cũ)"', () => {
  assert.equal(tnMap.fold('TP. Phổ Yên'), 'tp pho yen');
  assert.equal(tnMap.fold('Sông Công (cũ)'), 'song cong cu');
  assert.equal(tnMap.fold('  Phú\tLương –  Định Hóa '), 'phu luong dinh hoa');
});

test('a name typed with combining marks folds as its precomposed form', () => {
  const combining = 'Pho\u0302\u0309 Ye\u0302n';
  assert.notEqual(combining, 'Phổ Yên');
  assert.equal(tnMap.fold(combining), tnMap.fold('Phổ Yên'));
  assert.equal(tnMap.fold('Pho\u0302\u0309 Ye\u0302n'), 'pho yen');
});

test('equals Python\'s tn_map.names.fold on every district, unit, commune and park name and the hard cases', needsFixture, () => {
  const cases = fixture.fold;
  assert.ok(cases.length > 300, `only ${cases.length} names`);
  const differ = cases.filter(([text, python]) => tnMap.fold(text) !== python)
    .map(([text, python]) => `${JSON.stringify(text)}: JS ${JSON.stringify(tnMap.fold(text))}, Python ${JSON.stringify(python)}`);
  assert.deepEqual(differ, []);
});

test('unescape is the exact inverse of Python\'s html.escape', needsFixture, () => {
  for (const [text, escaped] of fixture.escape) {
    assert.equal(tnMap.unescape(escaped), text);
  }
});
