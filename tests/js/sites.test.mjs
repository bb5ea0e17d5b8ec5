// A site list's popups and marker styles, from the payload a real page carries (tests/test_js.py
// builds the page from a site file of hostile names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, fixture, needsFixture, tagNames, plain } from './harness.mjs';

const { tnMap } = load();
const POPUP_TAGS = new Set(['div', 'h4', 'table', 'tr', 'th', 'td', 'p']);

test('every popup, in each language, is tn-map\'s markup only: a hostile name is text', needsFixture, () => {
  const { data, lookup } = fixture.site;
  const n = data.lat.length;
  assert.equal(n, fixture.site_names.length);
  for (const lang of Object.keys(lookup.lang)) {
    for (let i = 0; i < n; i++) {
      const html = tnMap.sitePopup(data, lookup, lookup.lang[lang], i);
      const foreign = tagNames(html).filter((t) => !POPUP_TAGS.has(t));
      assert.deepEqual(foreign, [], `${lang} popup ${i}`);
      // inside tn-map's tags, only its own attributes
      const attrs = [...html.matchAll(/<[a-z0-9]+((?:\s+[^\s=>]+="[^"]*")*)\s*>/g)]
        .flatMap((m) => [...m[1].matchAll(/([^\s=]+)=/g)].map((a) => a[1]));
      assert.deepEqual(attrs.filter((a) => a !== 'class' && a !== 'data-fit'), [], `${lang} popup ${i}`);
      assert.equal(html.split('<').length - 1, tagNames(html).length, `${lang} popup ${i}: a stray <`);
    }
  }
});

test('a popup shows the site\'s own name, escaped, and the words of the chosen language', needsFixture, () => {
  const { data, lookup } = fixture.site;
  const i = fixture.site_names.indexOf('<img src=x onerror=alert(1)>');
  assert.ok(i >= 0);
  const vi = tnMap.sitePopup(data, lookup, lookup.lang.vi, i);
  const en = tnMap.sitePopup(data, lookup, lookup.lang.en, i);
  assert.ok(vi.includes('<h4>&lt;img src=x onerror=alert(1)&gt;</h4>'), vi);
  assert.ok(vi.includes(fixture.words.vi.zone) && vi.includes(fixture.words.vi.south), vi);
  assert.ok(en.includes(fixture.words.en.zone) && en.includes(fixture.words.en.south), en);
  assert.ok(!vi.includes(fixture.words.en.south));
});

test('a site with no name shows the "unnamed" word', () => {
  const data = { lat: [0], lon: [0], origin: [0, 0], kind: [0], kinds: [[0, 0, 0, 0]], fields: [['']] };
  const w = { unnamed: 'Không tên', zones: ['Nam'], clusters: ['Điện tử'], fits: ['ưu tiên'],
    words: { district: 'Huyện', zone: 'Khu vực', fit: 'Phù hợp', clusters: 'Cụm ngành', approx: '≈', mismatch: '!' } };
  const html = tnMap.sitePopup(data, { fields: ['name'], districts: ['Sông Công'] }, w, 0);
  assert.ok(html.startsWith('<div class="tn-popup tn-site-popup"><h4>Không tên</h4>'), html);
  assert.ok(!html.includes('tn-approx') && !html.includes('tn-mismatch'));
});

test('marker style: the colour of the symbol the model chose; an approximate position smaller and dashed', () => {
  // kinds: [zone, district, fit, flags, symbol]; the page chooses nothing: symbol 1 is drawn in colours[1]
  const data = { kinds: [[0, 0, 0, 0, 0], [1, 0, 2, 1, 1], [1, 0, 1, 2, 2]] };
  const styles = tnMap.siteStyles(data, { colours: ['#d95f02', '#1b9e77', '#7570b3'] });
  assert.deepEqual(plain(styles.map((s) => [s.fillColor, s.radius, s.dashArray])),
    [['#d95f02', 7, null], ['#1b9e77', 6, '2 2'], ['#7570b3', 7, null]]);
});
