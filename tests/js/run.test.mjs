// tnMap.run: the page's one call, performing the JSON document's operations in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, fixture, needsFixture, plain } from './harness.mjs';

test('operations take folium\'s globals and earlier results by name, in order; results are added where told', () => {
  const calls = [];
  const map = { name: 'the map' };
  const { tnMap } = load({ globals: { map_00000000: map } });
  tnMap.ops.topology = (data) => { calls.push(['topology', data]); return { topo: data }; };
  tnMap.ops.topoOutline = (m, topo, o) => {
    calls.push(['outline', m, topo, o]);
    return { addTo(parent) { calls.push(['added to', parent]); } };
  };
  const made = tnMap.run([
    ['topology', [], { arcs: [] }, 'topology_data_00000001', null],
    ['topoOutline', ['map_00000000', 'topology_data_00000001'], { tn: 'ls0.outline' }, 'topology_outline_00000002', 'map_00000000'],
  ]);
  assert.deepEqual(calls, [
    ['topology', { arcs: [] }],
    ['outline', map, { topo: { arcs: [] } }, { tn: 'ls0.outline' }],
    ['added to', map],
  ]);
  assert.deepEqual(Object.keys(made), ['topology_data_00000001', 'topology_outline_00000002']);
});

test('the document is read as JSON text: data is never code', () => {
  const { tnMap, window } = load({ globals: { map_00000000: {} } });
  let seen = null;
  tnMap.ops.attribution = (m, key) => { seen = key; };
  tnMap.run({ textContent: '[["attribution",["map_00000000"],"</script><script>window.pwned=1</script>","a",null]]' });
  assert.equal(seen, '</script><script>window.pwned=1</script>');
  assert.equal(window.pwned, undefined);
});

test('an unknown operation or a missing object stops with a message naming it', () => {
  const { tnMap } = load();
  assert.throws(() => tnMap.run([['eval', [], 'alert(1)', 'x', null]]), /no operation eval/);
  assert.throws(() => tnMap.run([['panel', ['map_missing'], {}, 'x', null]]), /no object map_missing/);
});

test('a real page\'s document names only operations the script has, and its objects before use', needsFixture, () => {
  const { tnMap } = load();
  const ops = fixture.page_ops;
  assert.equal(ops[0][0], 'setup');
  assert.equal(ops[ops.length - 1][0], 'start');
  const made = new Set();
  for (const [fn, refs, , name, addTo] of ops) {
    assert.ok(Object.prototype.hasOwnProperty.call(tnMap.ops, fn), fn);
    for (const ref of [...refs, addTo]) {
      if (ref === null) { continue; }
      // folium's own objects are globals named by folium; tn-map's are results of earlier operations
      assert.ok(made.has(ref) || fixture.page_globals.includes(ref), `${fn} uses ${ref} before it exists`);
    }
    made.add(name);
  }
});

test('unpackArc reads Python\'s packed arcs (tn_map.render.topology.pack_arc) as TopoJSON deltas', needsFixture, () => {
  const { tnMap } = load();
  for (const [packed, deltas] of fixture.arcs) {
    assert.deepEqual(plain(tnMap.unpackArc(packed)), deltas);
  }
});
