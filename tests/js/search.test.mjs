// The search box: which entries a query finds and in what order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, plain } from './harness.mjs';

const { tnMap } = load();

/** A map as tnMap.find sees it: districts in the config, a units layer, a site layer (escaped names). */
function fakeMap({ districts = [], units = [], sites = [] } = {}) {
  const unitLayer = { _tnUnits: units.map((name) => [0, 0, name, name]), _tnKind: () => 'unit' };
  const siteLayer = { _tnCount: sites.length, _tnName: (i) => sites[i] };
  return {
    _tn: {
      config: { districts: districts.map((d) => [d, [[0, 0], [1, 1]]]) },
      units: units.length ? [unitLayer] : [],
      sites: sites.length ? [siteLayer] : [],
    },
  };
}

const map = fakeMap({
  districts: ['Đại Từ', 'Phú Lương', 'Phổ Yên'],
  units: ['Xã Đại Từ', 'Phường Phổ Yên', 'Xã Đại Phúc'],
  sites: ['Đại Từ Textile &amp; Co', 'Nhà máy Phú', '&lt;img src=x onerror=alert(1)&gt;', ''],
});
const names = (query, limit) => plain(tnMap.find(map, query, limit).map((e) => `${e.kind}:${e.name}`));

test('an exact name first (a district before a unit), then names that begin with the query', () => {
  assert.deepEqual(names('dai tu'), ['district:Đại Từ', 'unit:Xã Đại Từ', 'site:Đại Từ Textile & Co']);
});

test('without diacritics or with them, in any case, the same hits', () => {
  assert.deepEqual(names('ĐẠI TỪ'), names('dai tu'));
  assert.deepEqual(names('Pho Yen'), ['district:Phổ Yên', 'unit:Phường Phổ Yên']);
});

test('every word of the query must begin a word of the name', () => {
  assert.deepEqual(names('tu dai'), ['district:Đại Từ', 'unit:Xã Đại Từ', 'site:Đại Từ Textile & Co']);
  assert.deepEqual(names('dai p'), ['unit:Xã Đại Phúc']);
  assert.deepEqual(names('ai'), []);  // inside a word is no match
  assert.deepEqual(names('   '), []);
});

test('a name that ends with the query ranks as exact; then names that begin with it; then the rest', () => {
  assert.deepEqual(names('phu'), ['site:Nhà máy Phú', 'district:Phú Lương', 'unit:Phường Phổ Yên', 'unit:Xã Đại Phúc']);
  assert.equal(names('p', 2).length, 2);
});

test('site names are searched and shown as plain text: markup in a name is only text', () => {
  const hits = tnMap.find(map, 'img onerror', 8);
  assert.equal(hits.length, 1);
  assert.equal(hits[0].name, '<img src=x onerror=alert(1)>');  // set with textContent by the result list
  assert.deepEqual(names('co'), ['site:Đại Từ Textile & Co']);
});
