/* tn-map: the page's own controls, written for tn-map (MIT).
 *
 * One file, inlined into every page (online and offline): the language
 * switch, search, full screen, collapsible panels, the opening view that
 * keeps the province clear of the panels at any size, popups that pan clear
 * of the panels, labels that thin out instead of piling up, and printing.
 *
 * Data reaches this script only as JSON: one document per page
 * (a JSON script element, id "tn-data") that tnMap.run reads, a list of
 * operations [function, names, options, name, addTo] (tn_map/render/page.py).  Texts in config.texts are HTML, escaped by tn-map, and are set
 * with innerHTML; keys that begin with "txt." are plain text and are set only
 * as text (textContent, attributes, document.title).
 */
(function () {
  'use strict';
  if (window.tnMap) { return; }
  var tnMap = window.tnMap = {};

  // A page that takes Leaflet from a CDN, opened with no connection, would stay blank: nothing
  // below can run without Leaflet.  Once the page has loaded, show its note (both languages).
  document.addEventListener('DOMContentLoaded', function () {
    if (typeof window.L !== 'undefined') { return; }
    var note = document.getElementById('tn-offline');
    if (note) { note.hidden = false; }
  });
  if (typeof window.L === 'undefined') { tnMap.run = function () {}; return; }
  var MARGIN = 8;          // px kept between the province (or a popup) and the panels
  var PRINT_SIZE = [1062, 733];  // A4 landscape less 8 mm margins, in CSS px

  // -- helpers ------------------------------------------------------------------------------

  function state(map) { return map._tn; }

  /** Text for `key` in the map's current language (the first language's as a fallback). */
  function t(map, key) {
    var s = state(map), table = s.config.texts[s.lang] || {};
    if (Object.prototype.hasOwnProperty.call(table, key)) { return table[key]; }
    var first = s.config.texts[s.config.langs[0]] || {};
    return Object.prototype.hasOwnProperty.call(first, key) ? first[key] : '';
  }
  tnMap.t = t;
  tnMap.lang = function (map) { return state(map).lang; };

  var ENTITIES = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'"};
  /** Plain text of a string escaped by Python's html.escape (its exact inverse). */
  function unescapeHtml(s) { return String(s).replace(/&(?:amp|lt|gt|quot|#x27);/g, function (e) { return ENTITIES[e]; }); }
  tnMap.unescape = unescapeHtml;

  /**
   * Lower case, no diacritics (đ → d), anything but a-z and 0-9 a single space: "Đại Từ" → "dai tu".
   * The same as Python's tn_map.names.fold (tests/js/fold.test.mjs holds them to each other).
   */
  function fold(s) {
    return String(s).normalize('NFD').replace(/\p{Mn}/gu, '').replace(/[\u0111\u0110]/g, 'd')
      .toLowerCase().replace(/\u00df/g, 'ss').replace(/[^0-9a-z]+/g, ' ').trim();
  }
  tnMap.fold = fold;

  function el(tag, cls, parent) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  /** Tag `node` so that a language switch sets its HTML (`key`), text (`txt.` keys) or attributes. */
  function tag(map, node, key, attrs) {
    if (key) {
      node.setAttribute(key.indexOf('txt.') === 0 ? 'data-tn-text' : 'data-tn-key', key);
    }
    if (attrs) {
      node.setAttribute('data-tn-attr', Object.keys(attrs).map(function (a) { return a + '=' + attrs[a]; }).join(';'));
    }
    applyTexts(map, node);
    return node;
  }

  function applyTexts(map, root) {
    var nodes = [root].concat(Array.prototype.slice.call(root.querySelectorAll('[data-tn-key],[data-tn-text],[data-tn-attr]')));
    nodes.forEach(function (n) {
      if (!n.getAttribute) { return; }
      var k = n.getAttribute('data-tn-key');
      if (k) { n.innerHTML = t(map, k); }
      k = n.getAttribute('data-tn-text');
      if (k) { n.textContent = t(map, k); }
      var attrs = n.getAttribute('data-tn-attr');
      if (attrs) {
        attrs.split(';').forEach(function (pair) {
          var i = pair.indexOf('=');
          n.setAttribute(pair.slice(0, i), t(map, pair.slice(i + 1)));
        });
      }
    });
  }

  /** Rectangles (relative to the map container) of every visible control: what the province and popups avoid. */
  function obstacles(map) {
    var box = map.getContainer().getBoundingClientRect(), out = [];
    var controls = map.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control');
    Array.prototype.forEach.call(controls, function (c) {
      var r = c.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || getComputedStyle(c).visibility === 'hidden') { return; }
      out.push({left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top});
    });
    return out;
  }
  tnMap.obstacles = obstacles;

  function intersects(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

  /**
   * The padding that lets `bounds` be drawn largest with no control over it.
   *
   * Each side's padding is either the margin or just past one control; every
   * combination whose inner rectangle no control touches is a candidate and
   * the one that allows the largest scale wins (ties: the most central).
   */
  function bestPadding(map, bounds) {
    var size = map.getSize(), obs = obstacles(map);
    var zoom = map.getZoom() || 8;
    var nw = map.project(bounds.getNorthWest(), zoom), se = map.project(bounds.getSouthEast(), zoom);
    var bw = Math.max(1, se.x - nw.x), bh = Math.max(1, se.y - nw.y);
    var W = size.x, H = size.y;
    function uniq(list) { return list.filter(function (v, i) { return list.indexOf(v) === i && v >= MARGIN && v < W; }); }
    var Ls = [MARGIN], Rs = [MARGIN], Ts = [MARGIN], Bs = [MARGIN];
    obs.forEach(function (o) {
      Ls.push(Math.ceil(o.right + MARGIN));
      Rs.push(Math.ceil(W - o.left + MARGIN));
      Ts.push(Math.ceil(o.bottom + MARGIN));
      Bs.push(Math.ceil(H - o.top + MARGIN));
    });
    Ls = uniq(Ls); Rs = uniq(Rs); Ts = uniq(Ts); Bs = uniq(Bs);
    var best = null;
    Ls.forEach(function (L) { Rs.forEach(function (R) {
      if (W - L - R < 40) { return; }
      Ts.forEach(function (T) { Bs.forEach(function (B) {
        if (H - T - B < 40) { return; }
        var inner = {left: L, top: T, right: W - R, bottom: H - B};
        for (var i = 0; i < obs.length; i++) { if (intersects(obs[i], inner)) { return; } }
        var scale = Math.min((W - L - R) / bw, (H - T - B) / bh);
        var offCentre = Math.abs(L - R) / W + Math.abs(T - B) / H;
        if (!best || scale > best.scale * 1.0001 || (scale > best.scale * 0.9999 && offCentre < best.offCentre)) {
          best = {scale: scale, offCentre: offCentre, tl: [L, T], br: [R, B]};
        }
      }); });
    }); });
    return best || {scale: Math.min(W / bw, H / bh), tl: [MARGIN, MARGIN], br: [MARGIN, MARGIN], offCentre: 0};
  }
  tnMap.bestPadding = bestPadding;

  /** Show `bounds` as large as the panels allow, without animation (the opening view, print, search). */
  function fitClear(map, bounds, maxZoom) {
    // a zoom animation still running would end on its own view, after ours: end it first
    if (map._animatingZoom && map._onZoomTransitionEnd) { map._onZoomTransitionEnd(); }
    var s = state(map), pad = bestPadding(map, bounds), snap = map.options.zoomSnap;
    s.auto = true;
    // the exact zoom that fills the room (zooming by hand snaps again)
    map.options.zoomSnap = 0;
    try {
      map.fitBounds(bounds, {paddingTopLeft: pad.tl, paddingBottomRight: pad.br, animate: false, maxZoom: maxZoom || map.getMaxZoom()});
    } finally { s.auto = false; map.options.zoomSnap = snap; }
  }

  // -- popups pan clear of the panels -------------------------------------------------------

  /** The smallest move of `rect` that clears every obstacle and keeps it in the map (null if none). */
  function clearShift(rect, obs, W, H) {
    var xs = [0], ys = [0];
    if (rect.left < MARGIN) { xs.push(MARGIN - rect.left); }
    if (rect.right > W - MARGIN) { xs.push(W - MARGIN - rect.right); }
    if (rect.top < MARGIN) { ys.push(MARGIN - rect.top); }
    if (rect.bottom > H - MARGIN) { ys.push(H - MARGIN - rect.bottom); }
    obs.forEach(function (o) {
      xs.push(o.right + MARGIN - rect.left, o.left - MARGIN - rect.right);
      ys.push(o.bottom + MARGIN - rect.top, o.top - MARGIN - rect.bottom);
    });
    var best = null, fallback = null;
    xs.forEach(function (dx) { ys.forEach(function (dy) {
      var r = {left: rect.left + dx, right: rect.right + dx, top: rect.top + dy, bottom: rect.bottom + dy};
      var inside = r.left >= MARGIN - 0.5 && r.right <= W - MARGIN + 0.5 && r.top >= MARGIN - 0.5 && r.bottom <= H - MARGIN + 0.5;
      var cost = Math.abs(dx) + Math.abs(dy);
      var overlap = 0;
      obs.forEach(function (o) {
        var w = Math.min(o.right, r.right) - Math.max(o.left, r.left), h = Math.min(o.bottom, r.bottom) - Math.max(o.top, r.top);
        if (w > 0 && h > 0) { overlap += w * h; }
      });
      if (inside && overlap === 0 && (!best || cost < best.cost)) { best = {x: dx, y: dy, cost: cost}; }
      // too big to clear everything: the least covered place whose top is in view
      var topIn = r.top >= MARGIN - 0.5 && r.left >= MARGIN - 0.5 && r.right <= W - MARGIN + 0.5;
      if (topIn && (!fallback || overlap < fallback.overlap || (overlap === fallback.overlap && cost < fallback.cost))) {
        fallback = {x: dx, y: dy, cost: cost, overlap: overlap};
      }
    }); });
    return best || fallback;
  }
  tnMap.clearShift = clearShift;

  var leafletAdjustPan = L.Popup.prototype._adjustPan;
  // Leaflet pans an opening popup into view with fixed paddings; on a tn-map page it
  // pans it clear of whatever panels are open, measured when it opens.
  L.Popup.prototype._adjustPan = function () {
    var map = this._map;
    if (!map || !map._tn || !this.options.autoPan || !this._container) { return leafletAdjustPan.apply(this, arguments); }
    if (map._panAnim) { map._panAnim.stop(); }
    if (state(map).compact) { collapsePanels(map); }
    var box = map.getContainer().getBoundingClientRect(), r = this._container.getBoundingClientRect();
    var rect = {left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top};
    var size = map.getSize(), shift = clearShift(rect, obstacles(map), size.x, size.y);
    if (shift && (shift.x || shift.y)) {
      map.fire('autopanstart');
      map.panBy([-shift.x, -shift.y]);
    }
  };

  // -- setup: the first thing on the map ------------------------------------------------------

  /**
   * config: {lang, langs, langNames, texts: {lang: {key: text}}, bounds: [[s, w], [n, e]],
   *          districts: [[name, [[s, w], [n, e]]], …] (search), compact: {width, height}}
   */
  tnMap.setup = function (map, config) {
    map._tn = {
      config: config, lang: config.lang, labels: [], layers: [], attributions: [], panels: [],
      sites: [], units: [], onLang: [], auto: false, touched: false, compact: null,
      bounds: L.latLngBounds(config.bounds)
    };
    document.documentElement.lang = config.lang;
    map.on('movestart zoomstart', function () { if (!state(map).auto) { state(map).touched = true; } });
    fitClear(map, state(map).bounds);
  };

  /** Call `fn(lang)` after every language switch. */
  tnMap.onLang = function (map, fn) { state(map).onLang.push(fn); };

  // -- panels -----------------------------------------------------------------------------------

  var panelCount = 0;
  /**
   * A control holding HTML: opts = {position, cls, key, label (key of its toggle; none: not collapsible)}.
   */
  tnMap.panel = function (map, opts) {
    var control = L.control({position: opts.position});
    var panel = {opts: opts, open: true};
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'tn-panel ' + (opts.cls || ''));
      var body = el('div', 'tn-body', div);
      body.id = 'tn-panel-' + (++panelCount);
      if (opts.label) {
        var button = el('button', 'tn-toggle', null);
        button.type = 'button';
        button.setAttribute('aria-controls', body.id);
        button.setAttribute('aria-expanded', 'true');
        div.insertBefore(button, body);
        tag(map, button, opts.label);
        L.DomEvent.on(button, 'click', function () { setOpen(map, panel, !panel.open, true); });
        panel.button = button;
      }
      if (opts.html) { body.innerHTML = opts.html; applyTexts(map, body); } else { tag(map, body, opts.key); }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      panel.div = div;
      panel.body = body;
      return div;
    };
    control.addTo(map);
    panel.control = control;
    state(map).panels.push(panel);
    return control;
  };

  function setOpen(map, panel, open, byUser) {
    if (!panel.button) { return; }
    panel.open = open;
    panel.div.classList.toggle('tn-collapsed', !open);
    panel.button.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (byUser && open && state(map).compact) {
      // one panel at a time on a small screen
      state(map).panels.forEach(function (p) { if (p !== panel) { setOpen(map, p, false); } });
    }
    limitHeights(map);
    if (byUser) { thinLabels(map); }
  }

  function collapsePanels(map) {
    state(map).panels.forEach(function (p) { if (p.open) { setOpen(map, p, false); } });
  }

  /** The attribution keeps to the right of the scale bar (one line; a tap shows all of it). */
  function fitAttribution(map) {
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    var scale = map.getContainer().querySelector('.leaflet-control-scale');
    if (!attribution || !scale) { return; }
    var box = map.getContainer().getBoundingClientRect(), r = scale.getBoundingClientRect();
    var right = r.width ? r.right - box.left : 0;
    attribution.style.maxWidth = Math.max(60, Math.floor(box.width - right - 2 * MARGIN)) + 'px';
  }

  /** Panels scroll inside the room their corner leaves (no panel runs under another). */
  function limitHeights(map) {
    fitAttribution(map);
    var s = state(map), H = map.getSize().y, box = map.getContainer().getBoundingClientRect();
    s.panels.forEach(function (p) {
      if (!p.body || !p.div) { return; }
      p.body.style.maxHeight = '';
      if (!p.open) { return; }
      var corner = p.div.parentNode, top = p.opts.position.indexOf('top') === 0;
      var others = corner.parentNode.querySelector(top ? '.leaflet-bottom.' + (p.opts.position.indexOf('left') > 0 ? 'leaflet-left' : 'leaflet-right')
        : '.leaflet-top.' + (p.opts.position.indexOf('left') > 0 ? 'leaflet-left' : 'leaflet-right'));
      var taken = 0;
      if (others) {
        var r = others.getBoundingClientRect();
        taken = r.height > 0 ? (top ? box.bottom - r.top : r.bottom - box.top) : 0;
      }
      var b = p.body.getBoundingClientRect(), d = p.div.getBoundingClientRect();
      var chrome = d.height - b.height;
      var room = top ? H - (d.top - box.top) - taken - chrome - MARGIN - 10 : (d.bottom - box.top) - taken - chrome - MARGIN - 10;
      p.body.style.maxHeight = Math.max(80, Math.floor(room)) + 'px';
    });
  }

  // -- texts on the map: labels, bound tooltips/popups, attributions, layer names ----------------

  /** A permanent name label; `priority` orders which labels stay when they would overlap (low first). */
  tnMap.label = function (map, group, latlng, key, cls, priority) {
    var marker = L.marker(latlng, {
      icon: L.divIcon({html: '<div data-tn-key="' + key + '"></div>', className: cls, iconSize: [0, 0]}),
      interactive: false, keyboard: false
    });
    marker.on('add', function () {
      if (marker._icon) { applyTexts(map, marker._icon); }
    });
    marker.addTo(group);
    state(map).labels.push({marker: marker, priority: priority, order: state(map).labels.length});
    return marker;
  };

  /** Other places a label may take when its own is covered: below, right, left, then farther out. */
  var LABEL_PLACES = ['', 'translate(-50%, 60%)', 'translate(10px, -50%)', 'translate(calc(-100% - 10px), -50%)',
    'translate(-50%, -280%)', 'translate(-50%, 180%)', 'translate(26px, -50%)', 'translate(calc(-100% - 26px), -50%)',
    'translate(10px, -180%)', 'translate(calc(-100% - 10px), -180%)', 'translate(10px, 80%)',
    'translate(calc(-100% - 10px), 80%)', 'translate(-50%, -400%)', 'translate(-50%, 300%)'];

  /** Boxes (page coordinates) of the map's symbols: parks, sites and clusters (not the labels). */
  function symbolBoxes(map) {
    var out = [];
    var icons = map.getContainer().querySelectorAll('.leaflet-marker-icon:not(.tn-label):not(.tn-label-province):not(.tn-label-unit)');
    Array.prototype.forEach.call(icons, function (el) {
      if (getComputedStyle(el).visibility === 'hidden' || getComputedStyle(el).display === 'none') { return; }
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { out.push({left: r.left, right: r.right, top: r.top, bottom: r.bottom}); }
    });
    return out;
  }

  /**
   * Place each label, in order of priority, where it overlaps no label placed before, no control,
   * no symbol, and is not cut by the map's edge: its own place first, else below, right or left
   * of its anchor.  A label with no such place is hidden (visibility, so that it can be measured
   * again) — except a district's name, which stays in its own place if only symbols cover it.
   */
  function thinLabels(map) {
    var s = state(map), box0 = map.getContainer().getBoundingClientRect();
    var kept = obstacles(map).map(function (o) {
      return {left: o.left + box0.left, right: o.right + box0.left, top: o.top + box0.top, bottom: o.bottom + box0.top};
    });
    var symbols = symbolBoxes(map);
    var labels = s.labels.slice().sort(function (a, b) { return a.priority - b.priority || a.order - b.order; });
    labels.forEach(function (l) {
      var icon = l.marker._icon;
      if (!icon || !map.hasLayer(l.marker)) { return; }
      icon.classList.remove('tn-thinned');
      var inner = icon.firstChild;
      if (!inner) { return; }
      if (l.minZoom && map.getZoom() < l.minZoom) { icon.classList.add('tn-thinned'); return; }
      var district = icon.classList.contains('tn-label');  // a district's own name (not a province's or a unit's)
      var chosen = null, own = null;
      for (var i = 0; i < LABEL_PLACES.length && !chosen; i++) {
        inner.style.transform = LABEL_PLACES[i];
        var r = inner.getBoundingClientRect();
        if (r.width === 0) { inner.style.transform = ''; return; }
        var box = {left: r.left - 2, right: r.right + 2, top: r.top - 1, bottom: r.bottom + 1};
        var inside = r.left >= box0.left && r.right <= box0.right && r.top >= box0.top && r.bottom <= box0.bottom;
        var free = inside && !kept.some(function (k) { return intersects(k, box); });
        if (i === 0) { own = {box: box, free: free}; }
        if (free && !symbols.some(function (k) { return intersects(k, box); })) { chosen = box; }
      }
      if (!chosen && district && own.free) {
        inner.style.transform = '';
        chosen = own.box;
      }
      if (chosen) {
        kept.push(chosen);
      } else {
        inner.style.transform = '';
        icon.classList.add('tn-thinned');
      }
    });
  }
  tnMap.thinLabels = thinLabels;

  /**
   * Tooltips and popups of a GeoJSON layer from the texts: each feature's `tn` property plus
   * `opts.tooltip` / `opts.popup` (suffixes) make the key; contents are read when shown.
   */
  tnMap.bind = function (map, layer, opts) {
    if (opts.tooltip) {
      layer.bindTooltip(function (l) { return t(map, l.feature.properties.tn + opts.tooltip); }, {sticky: true});
    }
    if (opts.popup) {
      layer.bindPopup(function (l) { return t(map, l.feature.properties.tn + opts.popup); }, {maxWidth: opts.maxWidth || 320});
    }
  };

  tnMap.attribution = function (map, key) {
    var s = state(map), entry = {key: key, text: t(map, key)};
    map.attributionControl.addAttribution(entry.text);
    s.attributions.push(entry);
  };

  /** The layer control, its names from the texts: entries are [layer, key, isOverlay]. */
  tnMap.layers = function (map, entries) {
    var control = L.control.layers(null, null, {collapsed: true, position: 'topright'});
    entries.forEach(function (e) {
      if (e[2]) { control.addOverlay(e[0], t(map, e[1])); } else { control.addBaseLayer(e[0], t(map, e[1])); }
      e[0]._tnKey = e[1];
    });
    control.addTo(map);
    state(map).layerControl = control;
    var toggle = control.getContainer().querySelector('.leaflet-control-layers-toggle');
    if (toggle) { tag(map, toggle, null, {title: 'txt.ui.layers', 'aria-label': 'txt.ui.layers'}); }
    map.on('overlayadd overlayremove', function () { thinLabels(map); });
    return control;
  };

  /** Site layers register for search and language: `layer._tnCount` sites, `layer._tnName(i)`, `layer._tnOpen(i)`. */
  tnMap.sites = function (map, layer) { state(map).sites.push(layer); };
  /** A point layer registers for search: `layer._tnUnits` rows (escaped name at index 3), `layer._tnKind(i)`, and
   *  `markers[i]` the row's marker, which search shows at zoom 12 or closer with its popup open. */
  tnMap.units = function (map, layer, markers) {
    layer._tnOpen = function (i) {
      if (!map.hasLayer(layer)) { map.addLayer(layer); }
      if (markers[i].getBounds) {
        // a polygon: the whole of it in view, clear of the panels, its popup at its label point
        fitClear(map, markers[i].getBounds(), 14);
        markers[i].openPopup(markers[i]._tnAnchor);
      } else {
        map.setView(markers[i].getLatLng(), Math.max(map.getZoom(), 12), {animate: false});
        markers[i].openPopup();
      }
    };
    state(map).units.push(layer);
  };

  // -- the shared-border topology: units, districts and former Bắc Kạn from the same arcs ----

  /** Polyline-encoded arc (tn_map.render.topology.pack_arc) -> TopoJSON arc of delta-encoded integers. */
  function unpackArc(s) {
    var out = [], v = 0, shift = 0, pair = [];
    for (var i = 0; i < s.length; i++) {
      var b = s.charCodeAt(i) - 63;
      v |= (b & 0x1f) << shift;
      shift += 5;
      if (b < 0x20) {
        pair.push(v & 1 ? -((v + 1) >> 1) : v >> 1);
        if (pair.length === 2) { out.push(pair); pair = []; }
        v = 0; shift = 0;
      }
    }
    return out;
  }
  tnMap.unpackArc = unpackArc;

  /** The page's topology: arcs unpacked into a TopoJSON Topology for topojson-client. */
  tnMap.topology = function (data) {
    return {type: 'Topology', transform: data.transform, objects: data.objects, arcs: data.arcs.map(unpackArc)};
  };

  /** The union of the pieces whose property `key` is `value`, as a GeoJSON geometry (borders kept shared). */
  function merged(topo, key, value) {
    var values = Array.isArray(value) ? value : [value];
    var pieces = topo.objects.pieces.geometries.filter(function (g) { return values.indexOf(g.properties[key]) >= 0; });
    return topojson.merge(topo, pieces);
  }
  tnMap.merged = merged;

  /** The outline of the districts `codes` (one line round their union), from the same arcs; `tn`: its text key. */
  tnMap.topoOutline = function (map, topo, codes, style, tn) {
    var feature = {type: 'Feature', properties: {tn: tn}, geometry: merged(topo, 'd', codes)};
    return L.geoJSON(feature, {style: style, smoothFactor: 0.5});
  };

  function hover(layer, styleOf, highlightOf) {
    // not brought to front: site and park markers share the overlay pane and must stay above
    layer.on('mouseover', function (e) { e.layer.setStyle(highlightOf(e.layer.feature)); });
    layer.on('mouseout', function (e) { e.layer.setStyle(styleOf(e.layer.feature)); });
  }

  /** The old districts, filled by zone: opts = {rows: [{code, name, zone, tn}], styles, highlights} (by zone). */
  tnMap.topoDistricts = function (map, topo, opts) {
    var features = opts.rows.map(function (r) {
      return {type: 'Feature', properties: {name: r.name, zone: r.zone, tn: r.tn}, geometry: merged(topo, 'd', r.code)};
    });
    function styleOf(f) { return opts.styles[f.properties.zone]; }
    var layer = L.geoJSON({type: 'FeatureCollection', features: features}, {style: styleOf, smoothFactor: 0.5, pane: opts.pane});
    hover(layer, styleOf, function (f) { return opts.highlights[f.properties.zone]; });
    return layer;
  };

  /**
   * Today's units: a polygon each (thin outline; former Bắc Kạn's neutral), the old districts' borders
   * strong over them, former Bắc Kạn's outline in `bacKan` (a group), name labels from opts.labelZoom.
   * Rows as tn_map.render.units.UnitsLayer says; lookup.lang[l] holds each language's words.
   */
  tnMap.topoUnits = function (map, topo, bacKan, units, lookup, opts) {
    var group = L.featureGroup();
    function words() { return lookup.lang[tnMap.lang(map)]; }
    function zoneText(u, w) {
      if (u[8]) { return w.outside; }
      var text = u[7].map(function (z) { return w.zones[z]; }).join('; ');
      return u[7].length > 1 ? text + ' (' + w.two_zones + ')' : text;
    }
    function area(value, w) {
      var parts = value.toFixed(2).replace(/0+$/, '').replace(/\.$/, '').split('.');
      return parts[0] + (parts[1] ? w.decimal + parts[1] : '') + ' ' + w.km2;
    }
    function popup(u) {
      var w = words();
      var clusters = u[8] ? '' : u[7].map(function (z) {
        return '<li><b>' + w.zones[z] + '</b>: ' + w.clusters[z] + '</li>';
      }).join('');
      return '<div class="tn-popup tn-unit-popup"><h4>' + u[3] + '</h4><p>' + w.kinds[u[4]] + ' · ' + w.new_unit + '</p><table>'
        + '<tr><th>' + w.area + '</th><td>' + area(u[9], w) + ' <span class="tn-ref">(' + w.official + ')</span></td></tr>'
        + '<tr><th>' + w.formed_from + '</th><td>' + u[5] + '</td></tr>'
        + '<tr><th>' + w.old_districts + '</th><td>' + u[6] + '</td></tr>'
        + '<tr><th>' + w.zones_word + '</th><td>' + zoneText(u, w) + '</td></tr></table>'
        + (clusters ? '<p>' + w.clusters_word + ':</p><ul>' + clusters + '</ul>' : '')
        + '<p class="tn-ref">' + w.source + '</p></div>';
    }
    function tooltip(u) { var w = words(); return '<b>' + u[3] + '</b><br>' + zoneText(u, w); }
    function styleOf(f) { return units[f.properties.i][8] ? opts.bacKanStyle : opts.unitStyle; }
    var features = units.map(function (u, i) {
      return {type: 'Feature', properties: {i: i}, geometry: merged(topo, 'u', i)};
    });
    var polygons = [];
    var layer = L.geoJSON({type: 'FeatureCollection', features: features}, {
      style: styleOf, smoothFactor: 0.5, pane: opts.pane,
      onEachFeature: function (f, l) {
        var u = units[f.properties.i];
        l._tnAnchor = L.latLng(u[0], u[1]);
        l.bindTooltip(function () { return tooltip(u); }, {sticky: true});
        l.bindPopup(function () { return popup(u); }, {maxWidth: 340});
        polygons.push(l);
      }
    }).addTo(group);
    hover(layer, styleOf, function () { return opts.highlight; });
    // the old districts' borders: arcs between pieces of two different districts (and the province's edge)
    if (opts.border) {
      L.geoJSON(topojson.mesh(topo, topo.objects.pieces, function (a, b) {
        return a === b ? a.properties.d !== 'BK' : a.properties.d !== b.properties.d;
      }), {style: opts.border, interactive: false, smoothFactor: 0.5, pane: opts.pane}).addTo(group);
    }
    if (bacKan) {
      L.geoJSON(merged(topo, 'd', 'BK'), {style: opts.formerStyle, interactive: false, smoothFactor: 0.5}).addTo(bacKan);
    }
    units.forEach(function (u, i) {
      tnMap.textLabel(map, group, [u[0], u[1]], unescapeHtml(u[2]), 'tn-label-unit', opts.labelPriority + opts.labelRank[i], opts.labelZoom);
    });
    // zoomed out, a click or hover reaches the district (its zone, clusters, orientation); from the zoom
    // where unit names show, it reaches the unit
    function passive() { map.getContainer().classList.toggle('tn-units-passive', map.getZoom() < opts.labelZoom); }
    map.on('zoomend', passive);
    passive();
    group._tnUnits = units;
    group._tnKind = function (i) { return unescapeHtml(words().kinds[units[i][4]]); };
    group._tnPolygons = polygons;
    tnMap.units(map, group, polygons);
    return group;
  };

  /** A label whose text is plain text (set as text, never as HTML), shown from `minZoom` on. */
  tnMap.textLabel = function (map, group, latlng, text, cls, priority, minZoom) {
    var marker = L.marker(latlng, {
      icon: L.divIcon({html: '<div></div>', className: cls, iconSize: [0, 0]}), interactive: false, keyboard: false
    });
    marker.on('add', function () { if (marker._icon) { marker._icon.firstChild.textContent = text; } });
    marker.addTo(group);
    state(map).labels.push({marker: marker, priority: priority, order: state(map).labels.length, minZoom: minZoom || 0});
    return marker;
  };

  /**
   * The overview map (Leaflet-MiniMap) of `layer`.  The plugin follows the main map and,
   * when its own view ends a move, steers the main map there.  Here it follows without
   * animation (an animated follow ended after the main map's next move and steered it off
   * the view just fitted), and it steers only after the reader touched it (not when the
   * window, printing or a small screen resizes or hides it).
   */
  tnMap.minimap = function (map, layer, options) {
    var proto = L.Control.MiniMap.prototype;
    if (!proto._tnPatched) {
      var steer = proto._onMiniMapMoved;
      proto._onMiniMapMoved = function (e) {
        if (!this._mainMapMoving && !(this._tnUserUntil > Date.now())) { return; }
        return steer.call(this, e);
      };
      proto._tnPatched = true;
    }
    options.strings = {hideText: t(map, 'txt.ui.minimap_hide'), showText: t(map, 'txt.ui.minimap_show')};
    var control = new L.Control.MiniMap(layer, options);
    map.addControl(control);
    state(map).minimap = control;
    var container = control.getContainer();
    container.classList.add('tn-minimap');
    ['pointerdown', 'wheel', 'dblclick', 'touchstart', 'keydown'].forEach(function (name) {
      L.DomEvent.on(container, name, function () { control._tnUserUntil = Date.now() + 2000; });
    });
    var mini = control._miniMap;
    if (mini) {
      var setView = mini.setView;
      mini.setView = function (center, zoom, opts) { return setView.call(this, center, zoom, L.extend({}, opts, {animate: false})); };
    }
    return control;
  };

  // -- site lists: clustered markers from compact columns ----------------------------------------

  /** A site's popup (HTML): every text in `data`/`lookup` is escaped by tn-map; `w` the words of one language. */
  function sitePopup(data, lookup, w, i) {
    var fields = data.fields, k = data.kinds[data.kind[i]], value;
    function text(j) { var c = fields[j]; return c.codes ? c.values[c.codes[i]] : c[i]; }
    var html = '<div class="tn-popup tn-site-popup"><h4>' + (text(0) || w.unnamed) + '</h4><table>';
    for (var j = 1; j < lookup.fields.length; j++) {
      value = text(j);
      if (value !== '') { html += '<tr><th>' + lookup.fields[j] + '</th><td>' + value + '</td></tr>'; }
    }
    html += '<tr><th>' + w.words.district + '</th><td>' + lookup.districts[k[1]] + '</td></tr>';
    html += '<tr><th>' + w.words.zone + '</th><td>' + w.zones[k[0]] + '</td></tr>';
    html += '<tr><th>' + w.words.fit + '</th><td class="tn-fit" data-fit="' + k[2] + '">' + w.fits[k[2]] + '</td></tr>';
    html += '</table><p class="tn-h">' + w.words.clusters + '</p><p>' + w.clusters[k[0]] + '</p>';
    if (k[3] & 1) { html += '<p class="tn-approx">' + w.words.approx + '</p>'; }
    if (k[3] & 2) { html += '<p class="tn-mismatch">' + w.words.mismatch + '</p>'; }
    return html + '</div>';
  }
  tnMap.sitePopup = sitePopup;

  /** Each kind of site's marker style (solid, or smaller and dashed when approximate), shared by its markers. */
  function siteStyles(data, lookup) {
    return data.kinds.map(function (k) {
      var approx = k[3] & 1;
      return {radius: approx ? 6 : 7, weight: 1.5, color: '#ffffff', fillOpacity: 0.95,
              fillColor: lookup.colours[k[4]], dashArray: approx ? '2 2' : null};
    });
  }
  tnMap.siteStyles = siteStyles;

  /**
   * A site list: d = {data, lookup, options (Leaflet.markercluster's), progress (the bar's id)}, as
   * tn_map.render.sites.site_layer makes them.  Popups are built when opened, in the current language.
   */
  tnMap.siteLayer = function (map, d) {
    var data = d.data, lookup = d.lookup, n = data.lat.length;
    var lat0 = data.origin[0], lon0 = data.origin[1];
    var cluster = L.markerClusterGroup(L.extend({}, d.options));
    // Neutral cluster discs: the default green/yellow/orange would read as zone colours.
    cluster.options.iconCreateFunction = function (c) {
      var count = c.getChildCount();
      var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
      return L.divIcon({html: '<div><span>' + count + '</span></div>', className: 'marker-cluster tn-cluster', iconSize: L.point(size, size)});
    };
    var styles = siteStyles(data, lookup), markers = new Array(n);
    for (var i = 0; i < n; i++) {
      var marker = L.circleMarker([(lat0 + data.lat[i]) / 1e6, (lon0 + data.lon[i]) / 1e6], styles[data.kind[i]]);
      marker._tnIndex = i;
      markers[i] = marker;
    }
    cluster.options.chunkProgress = function (done, total) {
      // looked up here: the bar's control is added after this layer
      var bar = document.getElementById(d.progress);
      if (!bar) { return; }
      bar.style.display = done < total ? 'block' : 'none';
      bar.setAttribute('data-state', done < total ? 'loading' : 'done');
      bar.firstChild.style.width = Math.round(100 * done / total) + '%';
    };
    // One popup for the whole layer, filled when a marker is clicked:
    // binding a popup to each of 100,000 markers costs seconds.
    function show(marker) {
      var i = marker._tnIndex;
      L.popup({maxWidth: 320}).setLatLng(marker.getLatLng())
        .setContent(function () { return sitePopup(data, lookup, lookup.lang[tnMap.lang(map)], i); }).openOn(map);
    }
    cluster.on('click', function (e) { if (e.layer._tnIndex !== undefined) { show(e.layer); } });
    cluster._tnCount = n;
    cluster._tnName = function (i) { var c = data.fields[0]; return c.codes ? c.values[c.codes[i]] : c[i]; };
    cluster._tnOpen = function (i) {
      if (!map.hasLayer(cluster)) { map.addLayer(cluster); }
      // at the zoom where clusters open (markercluster's zoomToShowLayer expects icon markers)
      map.setView(markers[i].getLatLng(), Math.max(map.getZoom(), d.options.disableClusteringAtZoom), {animate: false});
      show(markers[i]);
    };
    tnMap.sites(map, cluster);
    // On the map first, so that addLayers loads in chunks and the page stays responsive while clusters appear.
    cluster.addTo(map);
    cluster.addLayers(markers);
    return cluster;
  };

  // -- the master plan's parks ----------------------------------------------------------------

  /**
   * Where each park's symbol goes, in pixels from its own position, for symbols `step` pixels apart
   * (`pts`: the parks' projected positions; rows as tn_map.render.parks.ParksLayer).  Both fan-outs
   * are decided in Python (tn_map.render.model.park_fan); here only which one applies at this zoom:
   * a province-scale group while all of it lies within two symbols of its first park, else the
   * parks that share a point.  A fanned park goes to its slot from its group's first park.
   */
  function parkShifts(parks, pts, step) {
    var spread = {};
    parks.forEach(function (p, i) {
      if (!p[5]) { return; }
      var a = pts[p[4]];
      spread[p[4]] = Math.max(spread[p[4]] || 0, Math.abs(pts[i].x - a.x), Math.abs(pts[i].y - a.y));
    });
    return parks.map(function (p, i) {
      var wide = p[5] && spread[p[4]] < 2 * step, group = wide ? p[4] : p[6], slot = wide ? p[5] : p[7];
      if (!slot) { return [0, 0]; }
      var a = pts[group];
      return [a.x + slot[0] * step - pts[i].x, a.y + slot[1] * step - pts[i].y];
    });
  }
  tnMap.parkShifts = parkShifts;

  /** The parks' layer: d = {parks: rows of tn_map.render.parks.ParksLayer, path, ink, px}. */
  tnMap.parkLayer = function (map, d) {
    var group = L.featureGroup(), parks = d.parks, px = d.px;
    function icon(p, dx, dy, size) {
      var html = '<svg width="' + size + '" height="' + size + '" viewBox="0 0 20 20" aria-hidden="true">'
        + '<path d="' + d.path + '" fill="' + p[2] + '" stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round"/>'
        + '<path d="' + d.path + '" fill="' + p[2] + '" stroke="' + d.ink + '" stroke-width="1.4" stroke-linejoin="round"/></svg>';
      var half = size / 2;
      return L.divIcon({html: html, className: 'tn-park', iconSize: [size, size],
                        iconAnchor: [half - dx, half - dy], popupAnchor: [dx, dy - half + 2]});
    }
    var markers = parks.map(function (p, i) {
      var name = unescapeHtml(p[3]);
      return L.marker([p[0], p[1]], {icon: icon(p, 0, 0, px), title: name, alt: name, zIndexOffset: 1000})
        .bindPopup(function () { return t(map, 'pk' + i + '.popup'); }, {maxWidth: 340})
        .addTo(group);
    });
    function layout() {
      // smaller symbols while the whole province is in view, full size closer in
      var z = map.getZoom(), size = z < 9.75 ? Math.round(px * 0.75) : px;
      var pts = markers.map(function (mk) { return map.project(mk.getLatLng(), z); });
      parkShifts(parks, pts, size + 2).forEach(function (s, i) {
        var key = size + ':' + Math.round(s[0]) + ',' + Math.round(s[1]);
        if (markers[i]._tnFan !== key) { markers[i]._tnFan = key; markers[i].setIcon(icon(parks[i], s[0], s[1], size)); }
      });
    }
    map.on('zoomend', layout);
    layout();
    group._tnUnits = parks;
    group._tnKind = function () { return t(map, 'txt.ui.park'); };
    tnMap.units(map, group, markers);
    return group;
  };

  // -- the page's operations: one JSON document, read once ------------------------------------

  /** Each operation's function: the objects named in the operation first, then its options. */
  var OPS = {
    setup: function (map, config) { return tnMap.setup(map, config); },
    start: function (map) { return tnMap.start(map); },
    panel: function (map, opts) { return tnMap.panel(map, opts); },
    label: function (map, group, o) { return tnMap.label(map, group, o.latlng, o.key, o.cls, o.priority); },
    bind: function (map, layer, opts) { return tnMap.bind(map, layer, opts); },
    attribution: function (map, key) { return tnMap.attribution(map, key); },
    layers: function () {
      var args = Array.prototype.slice.call(arguments), map = args[0], rows = args[args.length - 1];
      return tnMap.layers(map, rows.map(function (r, i) { return [args[i + 1], r[0], r[1]]; }));
    },
    minimap: function (map, o) { return tnMap.minimap(map, L.tileLayer(o.tiles, o.tileOptions), o.options); },
    topology: function (data) { return tnMap.topology(data); },
    topoDistricts: function (map, topo, opts) { return tnMap.topoDistricts(map, topo, opts); },
    topoOutline: function (map, topo, o) { return tnMap.topoOutline(map, topo, o.codes, o.style, o.tn); },
    topoUnits: function (map, topo, bacKan, o) { return tnMap.topoUnits(map, topo, bacKan, o.units, o.lookup, o.options); },
    siteLayer: function (map, d) { return tnMap.siteLayer(map, d); },
    parkLayer: function (map, d) { return tnMap.parkLayer(map, d); }
  };
  tnMap.ops = OPS;

  /**
   * Perform the page's operations, in order: `node` is the page's JSON document (or its parsed list).
   * Each is [function, names, options, name, addTo]: the objects `names` (folium's global variables,
   * or the results of earlier operations) and `options` are passed to OPS[function]; its result is
   * known by `name` to later operations and added to `addTo` when that is set.
   */
  tnMap.run = function (node) {
    var ops = Array.isArray(node) ? node : JSON.parse(node.textContent), made = {};
    function ref(name) {
      if (name === null) { return null; }
      if (Object.prototype.hasOwnProperty.call(made, name)) { return made[name]; }
      if (window[name] === undefined) { throw new Error('tn-map: no object ' + name); }
      return window[name];
    }
    ops.forEach(function (op) {
      if (!Object.prototype.hasOwnProperty.call(OPS, op[0])) { throw new Error('tn-map: no operation ' + op[0]); }
      var args = op[1].map(ref);
      args.push(op[2]);
      var out = OPS[op[0]].apply(null, args);
      made[op[3]] = out;
      if (op[4] && out) { out.addTo(ref(op[4])); }
    });
    return made;
  };

  // -- the language switch ---------------------------------------------------------------------

  function setLang(map, lang) {
    var s = state(map);
    if (s.config.langs.indexOf(lang) < 0 || lang === s.lang) { return; }
    var before = s.attributions.map(function (a) { return a.text; });
    s.lang = lang;
    document.documentElement.lang = lang;
    document.title = t(map, 'txt.page.title');
    applyTexts(map, map.getContainer());
    s.attributions.forEach(function (a, i) {
      map.attributionControl.removeAttribution(before[i]);
      a.text = t(map, a.key);
      map.attributionControl.addAttribution(a.text);
    });
    if (s.layerControl) {
      s.layerControl._layers.forEach(function (entry) { if (entry.layer._tnKey) { entry.name = t(map, entry.layer._tnKey); } });
      s.layerControl._update();
    }
    if (s.minimap) {
      var mm = s.minimap;
      mm.options.strings = {hideText: t(map, 'txt.ui.minimap_hide'), showText: t(map, 'txt.ui.minimap_show')};
      if (mm._toggleDisplayButton) { mm._toggleDisplayButton.title = mm._minimized ? mm.options.strings.showText : mm.options.strings.hideText; }
    }
    map.eachLayer(function (layer) {
      var popup = layer.getPopup && layer.getPopup();
      if (popup && popup.isOpen()) { popup.update(); }
      var tooltip = layer.getTooltip && layer.getTooltip();
      if (tooltip && tooltip.isOpen()) { tooltip.update(); }
      if (layer instanceof L.Popup && layer.isOpen()) { layer.update(); }
    });
    s.onLang.forEach(function (fn) { fn(lang); });
    if (s.search) { s.search.refresh(); }
    limitHeights(map);
    thinLabels(map);
  }
  tnMap.setLang = setLang;

  function langControl(map) {
    var s = state(map), control = L.control({position: 'topright'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'tn-lang leaflet-bar');
      var button = el('button', 'tn-lang-button', div);
      button.type = 'button';
      function label() {
        var langs = s.config.langs, next = langs[(langs.indexOf(s.lang) + 1) % langs.length];
        button.textContent = s.config.langNames[next];
        button.setAttribute('lang', next);
        button.setAttribute('title', t(map, 'txt.ui.switch_language'));
        button._tnNext = next;
      }
      label();
      tnMap.onLang(map, label);
      L.DomEvent.on(button, 'click', function () { setLang(map, button._tnNext); });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control.addTo(map);
  }

  // -- full screen (the Fullscreen API; no plugin) --------------------------------------------

  var ICON_ENTER = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  var ICON_EXIT = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M6 1v5H1M15 6h-5V1M10 15v-5h5M1 10h5v5" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

  function fullscreenElement() { return document.fullscreenElement || document.webkitFullscreenElement || null; }

  function fullscreenControl(map) {
    var container = map.getContainer();
    var enabled = document.fullscreenEnabled || document.webkitFullscreenEnabled;
    if (!enabled || !(container.requestFullscreen || container.webkitRequestFullscreen)) { return null; }
    var control = L.control({position: 'topleft'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'tn-fullscreen leaflet-bar');
      var button = el('button', 'tn-fullscreen-button', div);
      button.type = 'button';
      function update() {
        var on = fullscreenElement() === container;
        button.innerHTML = on ? ICON_EXIT : ICON_ENTER;
        var key = on ? 'txt.ui.exit_fullscreen' : 'txt.ui.fullscreen';
        tag(map, button, null, {title: key, 'aria-label': key});
        button.setAttribute('aria-pressed', on ? 'true' : 'false');
        container.classList.toggle('tn-is-fullscreen', on);
      }
      update();
      L.DomEvent.on(button, 'click', function () {
        if (fullscreenElement() === container) {
          (document.exitFullscreen || document.webkitExitFullscreen).call(document);
        } else {
          var request = container.requestFullscreen || container.webkitRequestFullscreen;
          var result = request.call(container);
          if (result && result.catch) { result.catch(function () {}); }
        }
      });
      ['fullscreenchange', 'webkitfullscreenchange'].forEach(function (name) {
        document.addEventListener(name, function () { update(); setTimeout(function () { map.invalidateSize(); }, 50); });
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control.addTo(map);
  }

  // -- search --------------------------------------------------------------------------------

  var KIND_ORDER = {district: 0, unit: 1, site: 2};

  function searchIndex(map) {
    var s = state(map), entries = [];
    (s.config.districts || []).forEach(function (d, i) {
      entries.push({kind: 'district', name: d[0], i: i, bounds: L.latLngBounds(d[1])});
    });
    s.units.forEach(function (layer) {
      layer._tnUnits.forEach(function (u, i) { entries.push({kind: 'unit', name: unescapeHtml(u[3]), i: i, layer: layer}); });
    });
    s.sites.forEach(function (layer) {
      for (var i = 0; i < layer._tnCount; i++) {
        var name = layer._tnName(i);
        if (name) { entries.push({kind: 'site', name: unescapeHtml(name), i: i, layer: layer}); }
      }
    });
    entries.forEach(function (e) { e.folded = fold(e.name); e.words = e.folded.split(' '); });
    return entries;
  }

  function kindText(map, entry) {
    if (entry.kind === 'district') { return t(map, 'txt.d' + entry.i + '.kind'); }
    if (entry.kind === 'unit') { return entry.layer._tnKind(entry.i); }
    return t(map, 'txt.ui.site');
  }

  /** Entries whose words start with every word of the query, best first. */
  function find(entries, query, limit) {
    var q = fold(query);
    if (!q) { return []; }
    var qWords = q.split(' '), hits = [];
    entries.forEach(function (e) {
      for (var i = 0; i < qWords.length; i++) {
        var w = qWords[i], ok = false;
        for (var j = 0; j < e.words.length; j++) { if (e.words[j].indexOf(w) === 0) { ok = true; break; } }
        if (!ok) { return; }
      }
      // exact name (with or without its type word), then a name that begins with the query, then the rest
      var rank = e.folded === q || e.folded.slice(-q.length - 1) === ' ' + q ? 0 : e.folded.indexOf(q) === 0 ? 1 : 2;
      hits.push({e: e, rank: rank});
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || KIND_ORDER[a.e.kind] - KIND_ORDER[b.e.kind] || a.e.name.length - b.e.name.length
        || (a.e.name < b.e.name ? -1 : a.e.name > b.e.name ? 1 : 0);
    });
    return hits.slice(0, limit).map(function (h) { return h.e; });
  }
  tnMap.find = function (map, query, limit) { return find(searchIndex(map), query, limit || 8); };

  function go(map, entry) {
    if (entry.kind === 'district') {
      fitClear(map, entry.bounds, 13);
    } else {
      entry.layer._tnOpen(entry.i);
    }
  }

  function searchControl(map) {
    var s = state(map), control = L.control({position: 'topleft'});
    var entries = null, results = [], active = -1;
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'tn-search leaflet-bar');
      var open = el('button', 'tn-search-open', div);
      open.type = 'button';
      open.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M10 10l5 5" stroke="currentColor" stroke-width="2"/></svg>';
      tag(map, open, null, {title: 'txt.ui.search_label', 'aria-label': 'txt.ui.search_label'});
      open.setAttribute('aria-expanded', 'false');
      var input = el('input', 'tn-search-input', div);
      input.type = 'search';
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-autocomplete', 'list');
      input.setAttribute('aria-expanded', 'false');
      var list = el('ul', 'tn-search-results', div);
      list.id = 'tn-search-results';
      list.setAttribute('role', 'listbox');
      list.hidden = true;
      input.setAttribute('aria-controls', list.id);
      tag(map, input, null, {placeholder: 'txt.ui.search', 'aria-label': 'txt.ui.search_label'});
      var status = el('div', 'tn-search-status', div);
      status.setAttribute('role', 'status');

      function render() {
        list.innerHTML = '';
        results.forEach(function (e, i) {
          var li = el('li', i === active ? 'tn-active' : '', list);
          li.id = 'tn-search-option-' + i;
          li.setAttribute('role', 'option');
          li.setAttribute('aria-selected', i === active ? 'true' : 'false');
          el('span', 'tn-search-name', li).textContent = e.name;
          el('span', 'tn-search-kind', li).textContent = kindText(map, e);
          L.DomEvent.on(li, 'mousedown', function (ev) { L.DomEvent.preventDefault(ev); choose(i); });
        });
        var q = input.value.trim();
        if (q && !results.length) {
          el('li', 'tn-search-none', list).textContent = t(map, 'txt.ui.no_results');
        }
        list.hidden = !q;
        input.setAttribute('aria-expanded', q ? 'true' : 'false');
        if (active >= 0) { input.setAttribute('aria-activedescendant', 'tn-search-option-' + active); } else { input.removeAttribute('aria-activedescendant'); }
        status.textContent = q ? (results.length ? t(map, 'txt.ui.results').replace('{count}', results.length) : t(map, 'txt.ui.no_results')) : '';
      }
      function update() {
        if (!entries) { entries = searchIndex(map); }
        results = find(entries, input.value, 8);
        active = results.length ? 0 : -1;
        render();
      }
      function choose(i) {
        var e = results[i];
        if (!e) { return; }
        input.value = e.name;
        results = []; active = -1;
        render();
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        if (s.compact) { input.blur(); }
        go(map, e);
      }
      function setExpanded(on) {
        div.classList.toggle('tn-search-expanded', on);
        open.setAttribute('aria-expanded', on ? 'true' : 'false');
        if (on) { input.focus(); }
      }
      L.DomEvent.on(open, 'click', function () { setExpanded(!div.classList.contains('tn-search-expanded')); });
      L.DomEvent.on(input, 'input', update);
      L.DomEvent.on(input, 'focus', function () { if (input.value) { update(); } });
      L.DomEvent.on(input, 'blur', function () {
        setTimeout(function () {
          list.hidden = true;
          input.setAttribute('aria-expanded', 'false');
          if (!input.value) { div.classList.remove('tn-search-expanded'); open.setAttribute('aria-expanded', 'false'); }
        }, 150);
      });
      L.DomEvent.on(input, 'keydown', function (ev) {
        if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
          if (results.length) { active = (active + (ev.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length; render(); }
          L.DomEvent.preventDefault(ev);
        } else if (ev.key === 'Enter') {
          if (!results.length && input.value) { update(); }
          choose(active >= 0 ? active : 0);
          L.DomEvent.preventDefault(ev);
        } else if (ev.key === 'Escape') {
          input.value = ''; results = []; active = -1; render();
          setExpanded(false);
          open.focus();
        }
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      s.search = {refresh: function () { if (input.value && !list.hidden) { render(); } }, input: input};
      return div;
    };
    return control.addTo(map);
  }

  // -- layout: small screens, corners, attribution ------------------------------------------

  // top to bottom in each corner (bottom corners: the first is the highest)
  var ORDER = {
    topleft: ['tn-title', 'tn-search', 'leaflet-control-zoom', 'tn-fullscreen'],
    topright: ['leaflet-control-layers', 'tn-lang', 'tn-plan-panel'],
    bottomleft: ['tn-legend', 'tn-progress-holder', 'leaflet-control-scale'],
    bottomright: ['tn-minimap', 'leaflet-control-attribution']
  };

  function arrange(map) {
    var corners = map._controlCorners;
    Object.keys(ORDER).forEach(function (pos) {
      var corner = corners[pos];
      if (!corner) { return; }
      ORDER[pos].forEach(function (cls) {
        var node = corner.querySelector(':scope > .' + cls);
        if (node) { corner.appendChild(node); }
      });
    });
  }

  function isCompact(map) {
    var size = map.getSize(), c = state(map).config.compact;
    return size.x < c.width || size.y < c.height;
  }

  /** Small screens get small controls and collapsed panels; large ones open panels. */
  function layout(map) {
    var s = state(map), compact = isCompact(map), container = map.getContainer();
    container.classList.toggle('tn-compact', compact);
    if (compact !== s.compact) {
      s.compact = compact;
      s.panels.forEach(function (p) { setOpen(map, p, !compact); });
    }
    var title = container.querySelector('.tn-title');
    if (title) {
      var right = map._controlCorners.topright.getBoundingClientRect();
      title.style.maxWidth = Math.max(140, map.getSize().x - right.width - 2 * MARGIN - 20) + 'px';
    }
    limitHeights(map);
  }

  function openingView(map) {
    var s = state(map);
    layout(map);
    if (!s.compact) {
      // panels open where there is room; collapse them when they would squeeze the province
      var open = bestPadding(map, s.bounds).scale;
      collapsePanels(map);
      var closed = bestPadding(map, s.bounds).scale;
      if (open >= 0.8 * closed) { s.panels.forEach(function (p) { setOpen(map, p, true); }); }
    }
    limitHeights(map);
    fitClear(map, s.bounds);
    thinLabels(map);
  }

  // -- print -----------------------------------------------------------------------------------

  function beforePrint(map) {
    var s = state(map), container = map.getContainer();
    if (s.printing) { return; }
    s.printing = {center: map.getCenter(), zoom: map.getZoom(), touched: s.touched, open: s.panels.map(function (p) { return p.open; })};
    container.classList.add('tn-printing');
    document.documentElement.classList.add('tn-printing');
    container.style.width = PRINT_SIZE[0] + 'px';
    container.style.height = PRINT_SIZE[1] + 'px';
    map.invalidateSize({pan: false, animate: false});
    s.panels.forEach(function (p) { if (p.button) { setOpen(map, p, true); } });
    s.panels.forEach(function (p) { if (p.body) { p.body.style.maxHeight = 'none'; } });
    fitClear(map, s.bounds);
    thinLabels(map);
  }

  function afterPrint(map) {
    var s = state(map), container = map.getContainer(), was = s.printing;
    if (!was) { return; }
    s.printing = null;
    container.classList.remove('tn-printing');
    document.documentElement.classList.remove('tn-printing');
    container.style.width = '';
    container.style.height = '';
    map.invalidateSize({pan: false, animate: false});
    s.panels.forEach(function (p, i) { setOpen(map, p, was.open[i]); });
    s.auto = true;
    map.setView(was.center, was.zoom, {animate: false});
    s.auto = false;
    s.touched = was.touched;
    limitHeights(map);
    thinLabels(map);
  }
  tnMap.beforePrint = beforePrint;
  tnMap.afterPrint = afterPrint;

  // -- start: the last thing on the map ---------------------------------------------------------

  /** Add the page's own controls, lay the corners out, fit the opening view. */
  tnMap.start = function (map) {
    var s = state(map);
    L.control.scale({position: 'bottomleft', imperial: false, maxWidth: 100}).addTo(map);
    searchControl(map);
    fullscreenControl(map);
    langControl(map);
    var zoom = map.zoomControl && map.zoomControl.getContainer();
    if (zoom) {
      tag(map, zoom.querySelector('.leaflet-control-zoom-in'), null, {title: 'txt.ui.zoom_in', 'aria-label': 'txt.ui.zoom_in'});
      tag(map, zoom.querySelector('.leaflet-control-zoom-out'), null, {title: 'txt.ui.zoom_out', 'aria-label': 'txt.ui.zoom_out'});
    }
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    if (attribution) {
      // one line on a small screen; a tap shows all of it
      L.DomEvent.on(attribution, 'click', function (ev) {
        if (ev.target.tagName !== 'A') { attribution.classList.toggle('tn-open'); }
      });
    }
    arrange(map);
    document.title = t(map, 'txt.page.title');
    openingView(map);
    map.on('zoomend', function () { thinLabels(map); });
    map.on('resize', function () {
      layout(map);
      if (!s.touched && !s.printing) { fitClear(map, s.bounds); }
      thinLabels(map);
    });
    map.on('click', function () { if (s.compact) { collapsePanels(map); } });
    window.addEventListener('beforeprint', function () { beforePrint(map); });
    window.addEventListener('afterprint', function () { afterPrint(map); });
    if (document.fonts && document.fonts.ready) {
      // labels and panels change size once web fonts load
      document.fonts.ready.then(function () { limitHeights(map); thinLabels(map); });
    }
    map.fire('tn:ready');
    s.ready = true;
  };
})();
