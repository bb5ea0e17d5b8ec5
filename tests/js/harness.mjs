// Loads tn_map/render/controls.js into a fresh `vm` context with a tiny fake Leaflet and document,
// and reads the fixture that tests/test_js.py writes from Python (TN_JS_FIXTURE): the facts the
// page's script must agree with (Python's folding and escaping, a real page's payloads).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The script under test: as the page carries it when tests/test_js.py says (TN_JS_SCRIPT), else the source. */
export const CONTROLS = process.env.TN_JS_SCRIPT || fileURLToPath(new URL('../../tn_map/render/controls.js', import.meta.url));

/** A fake Leaflet: what controls.js touches when it loads, plus what a test adds. */
export function fakeLeaflet(extra = {}) {
  return {
    Popup: { prototype: { _adjustPan() {} } },
    latLngBounds: (b) => ({ bounds: b }),
    ...extra,
  };
}

/** controls.js run in its own context; returns {tnMap, window}. `globals` are the page's other globals. */
export function load({ L = fakeLeaflet(), globals = {} } = {}) {
  const window = { L, ...globals };
  const document = {
    addEventListener() {},
    getElementById() { return null; },
    documentElement: {},
  };
  const context = vm.createContext({ window, document, L, console });
  window.window = window;
  for (const [k, v] of Object.entries(globals)) { context[k] = v; }
  vm.runInContext(readFileSync(CONTROLS, 'utf8'), context, { filename: 'controls.js' });
  return { tnMap: window.tnMap, window, context };
}

const path = process.env.TN_JS_FIXTURE;
/** The fixture written by tests/test_js.py, or null when these tests run without it. */
export const fixture = path ? JSON.parse(readFileSync(path, 'utf8')) : null;
/** Options for a test that needs the fixture: skipped, saying why, when there is none. */
export const needsFixture = fixture ? {} : { skip: 'no TN_JS_FIXTURE: run through tests/test_js.py, which writes it' };

/** Every HTML tag name in `html` (opening or closing). */
export function tagNames(html) {
  return [...html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1].toLowerCase());
}

/** `value` (made in the script's context) as this context's plain data, for deepEqual. */
export function plain(value) {
  return JSON.parse(JSON.stringify(value));
}
