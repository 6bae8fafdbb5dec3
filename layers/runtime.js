/* Sichuan layout explorer: the map's own browser code (first-party, no dependencies but Leaflet).
 *
 * Defines window.scx once. Layers built in Python (layers/elements.py) call it with JSON specs
 * whose text is already HTML-escaped (layout_rules.text.escape_html); nothing here builds
 * markup from data. Identifiers avoid "_x" tokens, which streamlit-folium renames.
 */
window.scx = window.scx || (function () {
  "use strict";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var QUANTUM = 1e-4;
  var CODES = {};
  for (var i = 0; i < ALPHABET.length; i++) { CODES[ALPHABET.charAt(i)] = i; }

  /* Zig-zag, 5 bits a character, bit 6 = more follows (layers/geometry.py encode_numbers). */
  function numbers(text) {
    var out = [], value = 0, shift = 0;
    for (var k = 0; k < text.length; k++) {
      var code = CODES[text.charAt(k)];
      value += (code & 31) * Math.pow(2, shift);
      shift += 5;
      if (code < 32) {
        out.push(value % 2 ? -(value + 1) / 2 : value / 2);
        value = 0; shift = 0;
      }
    }
    return out;
  }

  function ring(text) {
    var steps = numbers(text), coords = [], x = 0, y = 0;
    for (var k = 0; k + 1 < steps.length; k += 2) {
      x += steps[k]; y += steps[k + 1];
      coords.push([x * QUANTUM, y * QUANTUM]);
    }
    if (coords.length) { coords.push(coords[0]); }
    return coords;
  }

  function decode(shape) {
    return {type: "MultiPolygon", coordinates: shape.map(function (rings) { return rings.map(ring); })};
  }

  var css = [
    ".scx-label{background:none;border:none;white-space:nowrap;font:12px/1.2 sans-serif;",
    "color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}",
    ".scx-label span{display:inline-block;transform:translate(-50%,-50%)}",
    ".scx-label.scx-cluster span{font-weight:bold;font-size:11px;color:#4a235a;",
    "white-space:normal;width:max-content;max-width:150px;text-align:center}",
    ".scx-label.scx-park span{font-size:11px;color:#0b5345}",
    /* Compact: a narrow box that scrolls rather than cover the map. */
    ".scx-legend{background:rgba(255,255,255,.92);padding:4px 7px;border-radius:4px;",
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:11px/1.3 sans-serif;color:#222;max-width:220px;",
    "overflow-y:auto}",
    ".scx-legend h4{margin:0 0 2px;font-size:12px}",
    ".scx-legend h5{margin:3px 0 1px;font-size:11px;color:#555}",
    ".scx-legend-part+.scx-legend-part{border-top:1px solid #ddd;margin-top:3px;padding-top:3px}",
    ".scx-unplaced div{font-size:10.5px;color:#4a235a}",
    ".scx-legend i{display:inline-block;width:14px;height:11px;margin-right:5px;",
    "vertical-align:-2px;border:1px solid #999;box-sizing:border-box}",
    ".scx-legend i.scx-ring{border-radius:50%;background:#fff}",
    ".scx-legend i.scx-line{height:0;border-width:3px 0 0;background:none;vertical-align:3px}",
    ".scx-legend i.scx-outline{background:none}",
    ".scx-legend .scx-note{color:#555;font-size:10.5px;margin-top:2px}",
    ".scx-offline{background:#fdf2e9;border:1px solid #e67e22;color:#6e2c00;padding:5px 8px;",
    "border-radius:4px;font:12px/1.3 sans-serif;max-width:260px}",
    ".scx-label.scx-corridor span{font-size:11px;font-style:italic;color:#1f618d}",
    ".scx-label.scx-county span{font-size:10px;color:#424949}",
    ".leaflet-container{background:#eef2f5}",
    /* Leaflet's panes have no width: without width:max-content a wrapping tooltip shrinks
       to its longest word (one or two Chinese characters a line). */
    ".scx-tip{font:12px/1.4 sans-serif;width:max-content;max-width:320px;white-space:normal}",
    ".scx-tip b{font-size:13px}",
    ".scx-approx{color:#7d6608;font-style:italic}",
    ".scx-context{background:rgba(255,255,255,.9);padding:3px 8px;border-radius:4px;color:#333;",
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:11px/1.35 sans-serif;max-width:300px}"
  ].join("");

  function addStyle() {
    if (document.getElementById("scx-style")) { return; }
    var style = document.createElement("style");
    style.id = "scx-style";
    style.textContent = css;
    document.head.appendChild(style);
  }
  addStyle();

  function bind(layer, item) {
    var table = currentTexts;
    if (item.tooltip || item.tooltip === 0) {
      layer.bindTooltip(content(item.tooltip, table), {sticky: true, className: "scx-tip"});
    }
    if (item.popup || item.popup === 0) { layer.bindPopup(content(item.popup, table), {maxWidth: 360}); }
  }

  /* --- texts fetched once (layers/texts.py): a popup or tooltip sent as its number ------- */

  /* url -> {list, open}: each text file is fetched once per page and kept across reruns. */
  var textFiles = {}, currentTexts = null;

  /* Called before the items of a view that refer to the file: later binds look up there. */
  function texts(parent, url) {
    var entry = textFiles[url];
    if (!entry) {
      entry = textFiles[url] = {list: null, open: []};
      fetch(appBase() + url).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status + " for " + url); }
        return response.json();
      }).then(function (list) {
        entry.list = list;
        entry.open.forEach(refresh);  /* opened while the file was on its way */
        entry.open = [];
      }).catch(function (error) {
        delete textFiles[url];  /* the next rerun tries again */
        if (window.console) { window.console.error("scx: texts not loaded", error); }
      });
    }
    currentTexts = entry;
    return parent;
  }

  /* Leaflet calls a function content when the popup or tooltip opens, with the layer. */
  function content(value, table) {
    if (typeof value !== "number") { return value; }
    return function (layer) {
      if (table && table.list) { return table.list[value]; }
      if (table) { table.open.push(layer); }
      return "\u2026";
    };
  }

  function refresh(layer) {
    if (layer.isPopupOpen && layer.isPopupOpen()) { layer.getPopup().update(); }
    if (layer.isTooltipOpen && layer.isTooltipOpen()) { layer.getTooltip().update(); }
  }

  /* spec: {shapes: {id: encoded} or files: [{url, minZoom}], styles: [leaflet style],
            hover: style, features: [{id, style: index, tooltip, popup}]} */
  function polygons(parent, spec) {
    if (spec.files) {
      var key = spec.pane === "fills" ? polygonsKey(spec) : null;
      var found = key && reuse(key);
      if (found) { found.restyle(spec); return found.addTo(parent); }
      return keep(key, new FilePolygons(spec)).addTo(parent);
    }
    var layer = geoLayer(spec, function (id) { return decode(spec.shapes[id]); });
    layer.addTo(parent);
    return layer;
  }

  /* --- layers kept across reruns ---------------------------------------------------------
     streamlit-folium removes every feature group of the view on a rerun, then runs the next
     view's script, in one task. The fills (same shape files, same features) and the labels
     (same items) that the next view draws again are kept: a kept layer's removal waits for
     the end of that task (a microtask), and taken again before then it never leaves the map;
     the fills are restyled in place. The fills' pane holds nothing else, and a label's place
     on screen does not depend on its order, so what is drawn is what a new layer would draw. */

  var kept = {};  /* key -> a layer that may be taken again */

  function keep(key, layer) {
    if (key) { kept[key] = layer; layer.scxKey = key; }
    return layer;
  }

  /* The kept layer of this key, if it is leaving the map (not drawn for another group). */
  function reuse(key) {
    var layer = kept[key];
    return layer && layer.scxLeaving ? layer : null;
  }

  function polygonsKey(spec) {
    return JSON.stringify([spec.files, !!spec.hover, !!spec.keepPopup, spec.features.map(function (f) {
      return [f.id, f.members || null];
    })]);
  }

  /* A layer group whose removal from a map waits for the end of the task (see above). */
  function keepable(Base) {
    return Base.extend({
      onAdd: function (map) {
        if (this.scxLeaving === map) { this.scxLeaving = null; schedule(map); return; }
        this.scxLeaving = null;
        Base.prototype.onAdd.call(this, map);
      },
      onRemove: function (map) {
        var self = this;
        self.scxLeaving = map;
        Promise.resolve().then(function () {
          if (self.scxLeaving !== map) { return; }
          self.scxLeaving = null;
          if (kept[self.scxKey] === self) { delete kept[self.scxKey]; }
          Base.prototype.onRemove.call(self, map);
        });
      }
    });
  }

  /* Our panes: the fills lie above the relief (350) and below Leaflet's overlay pane (400),
     so outlines, rings and lines stay on top whenever the fills' shapes arrive. */
  var PANES = {fills: {name: "scxFills", zIndex: 390}};

  function addPanes(map) {
    Object.keys(PANES).forEach(function (key) {
      var pane = PANES[key];
      if (!map.getPane(pane.name)) { map.createPane(pane.name).style.zIndex = String(pane.zIndex); }
    });
  }

  /* The styled, bound GeoJSON layer of a polygons spec, geometry looked up by feature id. */
  function geoLayer(spec, geometryOf) {
    var features = spec.features.map(function (f) {
      return {type: "Feature", id: f.id, properties: f, geometry: geometryOf(f.id)};
    });
    var now = {spec: spec};  /* the view's spec: a kept layer gets the next one (restyleLayer) */
    var layer = L.geoJSON(features, {
      pane: spec.pane ? PANES[spec.pane].name : "overlayPane",
      style: function (feature) { return now.spec.styles[feature.properties.style]; },
      onEachFeature: function (feature, sub) {
        bind(sub, feature.properties);
        if (spec.keepPopup) { sub.on("click", keepPopup); }
        if (spec.hover) {
          sub.on("mouseover", function () { sub.setStyle(hoverStyle(now.spec, sub.feature.properties)); });
          sub.on("mouseout", function () { layer.resetStyle(sub); });
        }
      }
    });
    layer.scxNow = now;
    return layer;
  }

  function hoverStyle(spec, properties) {
    var own = spec.styles[properties.style];
    return L.extend({}, spec.hover, {weight: Math.max(spec.hover.weight || 0, own.weight || 0)});
  }

  /* A drawn geoLayer given the next view's spec (the same features): each feature's style,
     tooltip and popup are set anew where they changed. */
  function restyleLayer(layer, spec) {
    var byId = {}, table = currentTexts;
    spec.features.forEach(function (f) { byId[f.id] = f; });
    layer.scxNow.spec = spec;
    layer.eachLayer(function (sub) {
      var before = sub.feature.properties, f = byId[sub.feature.id];
      sub.feature.properties = f;
      var style = spec.styles[f.style], text = JSON.stringify(style);
      if (sub.scxStyle !== text) { layer.resetStyle(sub); sub.scxStyle = text; }
      if (before.tooltip !== f.tooltip || before.popup !== f.popup || sub.scxTexts !== table) {
        sub.unbindTooltip();
        sub.unbindPopup();
        bind(sub, f);
      }
      sub.scxTexts = table;
    });
  }

  /* --- shapes fetched once (layers/shape_files.py, layers/topology.py) ------------------- */

  /* The app's base URL: the component runs in a same-origin iframe at <base>component/…,
     so a static file of the app is at <base>app/static/… even under server.baseUrlPath. */
  function appBase() {
    var path = window.location.pathname, at = path.indexOf("/component/");
    return window.location.origin + (at >= 0 ? path.slice(0, at + 1) : "/");
  }

  /* A topology's shapes as GeoJSON MultiPolygons by id, and outline(members): the union of
     several shapes as one Polygon of rings, the arcs two members share cancelled out. */
  function topologyShapes(topo) {
    var arcs = topo.arcs.map(function (text) {
      var steps = numbers(text), coords = [], x = 0, y = 0;
      for (var k = 0; k + 1 < steps.length; k += 2) {
        x += steps[k]; y += steps[k + 1];
        coords.push([x * topo.quantum, y * topo.quantum]);
      }
      return coords;
    });
    function ringOf(refs) {
      var coords = [];
      refs.forEach(function (ref, n) {
        var arc = ref >= 0 ? arcs[ref] : arcs[-ref - 1].slice().reverse();
        coords.push.apply(coords, n ? arc.slice(1) : arc);
      });
      return coords;
    }
    var shapes = {};
    Object.keys(topo.shapes).forEach(function (id) {
      shapes[id] = {type: "MultiPolygon", coordinates: topo.shapes[id].map(function (rings) {
        return rings.map(ringOf);
      })};
    });
    function outline(members) {
      if (members.length === 1) { return shapes[members[0]]; }
      var uses = {}, refs = [];
      members.forEach(function (id) {
        (topo.shapes[id] || []).forEach(function (rings) {
          rings.forEach(function (ring) { refs.push.apply(refs, ring); });
        });
      });
      refs.forEach(function (ref) { var a = ref >= 0 ? ref : -ref - 1; uses[a] = (uses[a] || 0) + 1; });
      var open = refs.filter(function (ref) { return uses[ref >= 0 ? ref : -ref - 1] === 1; });
      return {type: "Polygon", coordinates: chain(open)};  /* even-odd fill: holes stay holes */
    }
    function ends(ref) {
      var arc = arcs[ref >= 0 ? ref : -ref - 1], first = arc[0], last = arc[arc.length - 1];
      return ref >= 0 ? [first + "", last + ""] : [last + "", first + ""];
    }
    function chain(open) {
      var byStart = {}, used = {}, rings = [];
      open.forEach(function (ref, k) { (byStart[ends(ref)[0]] = byStart[ends(ref)[0]] || []).push(k); });
      open.forEach(function (ref, k) {
        if (used[k]) { return; }
        var ring = [], at = k;
        while (at !== undefined && !used[at]) {
          used[at] = true;
          ring.push(open[at]);
          at = (byStart[ends(open[at])[1]] || []).filter(function (n) { return !used[n]; })[0];
        }
        rings.push(ringOf(ring));
      });
      return rings;
    }
    return {shapes: shapes, outline: outline};
  }

  /* url -> {shapes, waiting}: each file is fetched once per page and kept across reruns. */
  var shapeFiles = {};

  function withShapes(url, callback) {
    var entry = shapeFiles[url];
    if (!entry) {
      entry = shapeFiles[url] = {shapes: null, waiting: []};
      shapeJson(url).then(function (topo) {
        entry.shapes = topologyShapes(topo);  /* {shapes, outline} */
        entry.waiting.forEach(function (wait) { wait(entry.shapes); });
        entry.waiting = [];
      }).catch(function (error) {
        delete shapeFiles[url];  /* the next rerun tries again */
        if (window.console) { window.console.error("scx: shapes not loaded", error); }
      });
    }
    if (!callback) { return; }  /* a prefetch */
    if (entry.shapes) { callback(entry.shapes); } else { entry.waiting.push(callback); }
  }

  /* A shape file's JSON: the fetch the page started early (layers/view.py prefetched), else
     a new one. */
  function shapeJson(url) {
    var early = window.scxPrefetch && window.scxPrefetch[url];
    if (early) { delete window.scxPrefetch[url]; return early; }
    return fetch(appBase() + url).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status + " for " + url); }
      return response.json();
    });
  }

  /* Polygons whose shapes come from files, one per precision level (coarsest first): the
     level follows the zoom, and a new level replaces the old one in one step once loaded. */
  var FilePolygons = keepable(L.FeatureGroup.extend({
    initialize: function (spec) {
      L.FeatureGroup.prototype.initialize.call(this);
      this.spec = spec;
      this.drawn = null;
      this.wanted = null;
    },
    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      this.zoomMap = map;
      map.on("zoomend", this.pick, this);
      this.pick();
    },
    onRemove: function (map) {
      map.off("zoomend", this.pick, this);
      this.zoomMap = null;
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },
    /* The next view's spec (the same files and features): drawn features restyled. */
    restyle: function (spec) {
      this.spec = spec;
      this.eachLayer(function (layer) { restyleLayer(layer, spec); });
    },
    pick: function () {
      if (!this.zoomMap) { return; }
      var zoom = this.zoomMap.getZoom(), chosen = this.spec.files[0], self = this;
      this.spec.files.forEach(function (file) { if (zoom >= file.minZoom) { chosen = file; } });
      if (chosen.url === this.drawn || chosen.url === this.wanted) { return; }
      this.wanted = chosen.url;
      withShapes(chosen.url, function (shapes) {
        if (self.wanted !== chosen.url || !self.zoomMap) { return; }
        self.draw(chosen.url, shapes);
        self.spec.files.forEach(function (file) { withShapes(file.url, null); });  /* prefetch */
      });
    },
    draw: function (url, found) {
      var spec = this.spec;
      var geometries = {};
      spec.features.forEach(function (f) {
        geometries[f.id] = f.members ? found.outline(f.members) : found.shapes[f.id];
      });
      this.clearLayers();
      this.addLayer(geoLayer(spec, function (id) { return geometries[id]; }));
      this.eachLayer(function (layer) {
        layer.eachLayer(function (sub) {
          sub.scxStyle = JSON.stringify(spec.styles[sub.feature.properties.style]);
          sub.scxTexts = currentTexts;
        });
      });
      this.drawn = url;
      this.wanted = null;
      /* A city chosen before its shape arrived is fitted now (see focus). */
      var map = this.zoomMap;
      if (map && map.scxRefocus) { var refocus = map.scxRefocus; map.scxRefocus = null; refocus(); }
    }
  }));

  /* items: [{lat, lon, html, kind, priority, id}]: priority from layers/placement.py
     PRIORITIES (0 = the selected city); place() shows, moves or hides each label. */
  function labels(parent, items) {
    var key = "labels:" + JSON.stringify(items), found = reuse(key);
    if (found) { return found.addTo(parent); }
    var group = keep(key, new Labels());
    expand(items).forEach(function (item) {
      var icon = L.divIcon({className: "scx-label scx-" + item.kind, html: "<span>" + item.html + "</span>",
                            iconSize: null});
      var marker = L.marker([item.lat, item.lon], {icon: icon, interactive: false, keyboard: false});
      marker.scxLabel = item;
      marker.on("add", function () { schedule(marker._map); });
      marker.addTo(group);
    });
    return group.addTo(parent);
  }

  var Labels = keepable(L.LayerGroup);

  /* items: [{lat, lon, style, tooltip, popup}] */
  function points(parent, items) {
    expand(items).forEach(function (item) {
      var marker = L.circleMarker([item.lat, item.lon], item.style);
      bind(marker, item);
      marker.on("click", keepPopup);
      marker.addTo(parent);
    });
  }

  /* items: [{latlngs, style, tooltip, popup}] */
  function lines(parent, items) {
    expand(items).forEach(function (item) {
      var line = L.polyline(item.latlngs, item.style);
      bind(line, item);
      line.on("click", keepPopup);
      line.addTo(parent);
    });
  }

  /* A note in the map's lower left (layers/basemaps.py ContextNote), shown and removed with
     its feature group; its own control, apart from the legend. */
  var Note = L.Layer.extend({
    initialize: function (html) { this.html = html; },
    onAdd: function (map) {
      var html = this.html;
      this.control = L.control({position: "bottomleft"});
      this.control.onAdd = function () {
        var div = L.DomUtil.create("div", "scx-context");
        div.innerHTML = html;
        return div;
      };
      this.control.addTo(map);
    },
    onRemove: function (map) { map.removeControl(this.control); }
  });

  function note(parent, html) { parent.addLayer(new Note(html)); }

  /* Items whose repeated values came once (layers/elements.py factored): merged back. */
  function expand(spec) {
    if (Array.isArray(spec)) { return spec; }
    return spec.items.map(function (item) { return L.extend({}, spec.common, item); });
  }

  /* A click on a park or a corridor opens its popup; it must not also select the city
     beneath (the rerun that follows would close the popup). streamlit-folium's click
     listener, added after ours, reports e.latlng: without one it selects nothing. */
  function keepPopup(e) { e.latlng = null; }

  /* One legend box per map; each feature group adds its part (in `order`) and takes it
     away when it leaves, so the legend lists what is drawn and nothing else. */
  var LegendBox = L.Control.extend({
    onAdd: function (map) {
      var div = L.DomUtil.create("div", "scx-legend");
      div.style.maxHeight = Math.round(map.getSize().y * 0.6) + "px";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      this.parts = L.DomUtil.create("div", "scx-legend-parts", div);
      this.unplaced = L.DomUtil.create("div", "scx-unplaced", div);
      return div;
    }
  });

  function legendBox(map, position) {
    if (!map.scxLegend) {
      map.scxLegend = new LegendBox({position: position});
      map.scxLegend.addTo(map);
    }
    return map.scxLegend;
  }

  var Legend = L.Layer.extend({
    initialize: function (html, position, order) {
      this.html = html; this.position = position; this.order = order || 0;
    },
    onAdd: function (map) {
      var box = legendBox(map, this.position);
      this.div = L.DomUtil.create("div", "scx-legend-part");
      this.div.innerHTML = this.html;
      this.div.scxOrder = this.order;
      var after = null;
      for (var k = 0; k < box.parts.children.length; k++) {
        if (box.parts.children[k].scxOrder > this.order) { after = box.parts.children[k]; break; }
      }
      box.parts.insertBefore(this.div, after);
      schedule(map);
    },
    onRemove: function (map) {
      L.DomUtil.remove(this.div);
      var box = map.scxLegend;
      if (box && !box.parts.children.length) { map.removeControl(box); map.scxLegend = null; }
    }
  });

  function legend(parent, html, position, order) {
    var layer = new Legend(html, position || "bottomright", order);
    parent.addLayer(layer);
    return layer;
  }

  /* --- label placement: priorities as in layers/placement.py, greedy, in screen pixels --- */

  var PAD = 2;
  var NEAR = [[0, -1], [0, 1], [1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  /* Centre, then around the anchor, then a step further out (past a park ring's label). */
  var OFFSETS = [[0, 0]].concat(NEAR, NEAR.map(function (o) { return [o[0] * 2, o[1] * 2]; }));

  function schedule(map) {
    if (!map || map.scxPending) { return; }
    map.scxPending = true;
    setTimeout(function () { map.scxPending = false; place(map); }, 0);
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function circleBox(map, layer) {
    var p = map.latLngToContainerPoint(layer.getLatLng());
    var r = layer.getRadius() + (layer.options.weight || 0) / 2;
    return {x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r};
  }

  function gather(map) {
    var found = {labels: [], circles: []};
    map.eachLayer(function (layer) {
      if (layer.scxLabel && layer._icon) {
        found.labels.push(layer);
      } else if (layer instanceof L.CircleMarker) {
        found.circles.push(circleBox(map, layer));
      }
    });
    return found;
  }

  function rank(map, marker) {
    var item = marker.scxLabel;
    return item.id && item.id === map.scxSelected ? 0 : item.priority;
  }

  /* Positions of a label around its anchor, best first; a park's label sits beside its ring. */
  function positions(map, marker) {
    var item = marker.scxLabel, span = marker._icon.firstChild;
    if (!marker.scxSize) {
      marker.scxSize = {w: span.offsetWidth + 2 * PAD, h: span.offsetHeight + 2 * PAD};
    }
    var w = marker.scxSize.w, h = marker.scxSize.h;
    var p = map.latLngToContainerPoint(marker.getLatLng());
    var ring = item.kind === "park" ? (item.radius || 8) + 2 : 0;
    var offsets = ring ? NEAR : OFFSETS;
    return offsets.map(function (o) {
      var diagonal = o[0] && o[1] ? 0.7 : 1;
      var dx = o[0] * (ring ? ring * diagonal + w / 2 : w / 2 + 8);
      var dy = o[1] * (ring ? ring * diagonal + h / 2 : (o[0] ? 0.6 : 1) * (h + 4));
      var x = p.x + dx, y = p.y + dy;
      return {dx: dx, dy: dy, box: {x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2}};
    });
  }

  function free(box, taken) {
    for (var k = 0; k < taken.length; k++) { if (overlaps(box, taken[k])) { return false; } }
    return true;
  }

  function inside(box, frame) {
    return box.x0 >= frame.x0 && box.y0 >= frame.y0 && box.x1 <= frame.x1 && box.y1 <= frame.y1;
  }

  /* The first position inside the map, free of placed labels, park rings and the map's
     controls (legend, zoom, scale); a city name that finds none takes the first free of
     labels (a ring may cover a name, never another name). */
  function choose(options, taken, blocked, frame, strong) {
    for (var k = 0; k < options.length; k++) {
      var box = options[k].box;
      if (inside(box, frame) && free(box, taken) && free(box, blocked)) { return options[k]; }
    }
    if (!strong) { return null; }
    for (var j = 0; j < options.length; j++) {
      if (free(options[j].box, taken)) { return options[j]; }
    }
    return null;
  }

  function controlBoxes(map) {
    var container = map.getContainer(), origin = container.getBoundingClientRect();
    return Array.prototype.map.call(container.querySelectorAll(".leaflet-control"), function (el) {
      var r = el.getBoundingClientRect();
      return {x0: r.left - origin.left, y0: r.top - origin.top,
              x1: r.right - origin.left, y1: r.bottom - origin.top};
    });
  }

  function show(marker, option) {
    var span = marker._icon.firstChild;
    if (!option) {
      marker._icon.style.visibility = "hidden";
      marker.scxPlaced = false;
      return;
    }
    marker._icon.style.visibility = "";
    span.style.transform = "translate(calc(-50% + " + option.dx + "px), calc(-50% + " + option.dy + "px))";
    marker.scxPlaced = true;
  }

  function place(map) {
    if (!map || !map._loaded) { return; }
    var found = gather(map), size = map.getSize();
    var frame = {x0: 0, y0: 0, x1: size.x, y1: size.y};
    var blocked = found.circles.concat(controlBoxes(map));
    var order = found.labels.map(function (m, k) { return {m: m, k: k, r: rank(map, m)}; });
    order.sort(function (a, b) { return a.r - b.r || a.k - b.k; });
    var taken = [];
    order.forEach(function (entry) {
      var options = positions(map, entry.m);
      var option = choose(options, taken, blocked, frame, entry.r <= 1);
      if (entry.r === 0 && !option) { option = options[0]; }
      if (option) { taken.push(option.box); }
      show(entry.m, option);
    });
    var legendBefore = map.scxLegend ? map.scxLegend.getContainer().offsetHeight : 0;
    unplaced(map, found.labels);
    var legendAfter = map.scxLegend ? map.scxLegend.getContainer().offsetHeight : 0;
    /* The legend grew or shrank with its list of unplaced names: place once more around it. */
    if (legendAfter !== legendBefore && !map.scxAgain) {
      map.scxAgain = true;
      place(map);
      map.scxAgain = false;
    }
  }

  /* Clusters and corridors whose name found no place on the map are named in the legend. */
  function unplaced(map, markers) {
    var box = map.scxLegend;
    if (!box) { return; }
    var names = markers.filter(function (m) {
      return !m.scxPlaced && (m.scxLabel.kind === "cluster" || m.scxLabel.kind === "corridor");
    }).map(function (m) { return "<div>" + m.scxLabel.html + "</div>"; });
    var words = map.scxWords || {};
    box.unplaced.innerHTML = names.length ? "<h5>" + (words.unplaced || "") + "</h5>" + names.join("") : "";
  }

  /* --- the selected city: its name first, and the map fitted to it once per selection --- */

  /* The bounds of the feature with this id anywhere under a layer group (shapes drawn from a
     file sit one group deeper than inline ones), or null while it is not drawn. */
  function featureBounds(group, id) {
    var bounds = null;
    group.eachLayer(function (layer) {
      if (bounds) { return; }
      if (layer.feature && String(layer.feature.id) === id && layer.getBounds) {
        bounds = layer.getBounds();
      } else if (layer.eachLayer) {
        bounds = featureBounds(layer, id);
      }
    });
    return bounds;
  }

  function focus(parent, adcode) {
    function apply() {
      var map = parent._map;
      if (!map) { return; }
      map.scxSelected = adcode;
      if (adcode && map.scxFocused !== adcode) {
        var bounds = featureBounds(parent, adcode);
        if (!bounds) {  /* its shape comes from a file not loaded yet: fit once it is drawn */
          map.scxRefocus = apply;
          schedule(map);
          return;
        }
        map.fitBounds(bounds, {padding: [24, 24]});
      }
      map.scxRefocus = null;
      map.scxFocused = adcode;
      schedule(map);
    }
    if (parent._map) { apply(); } else { parent.once("add", apply); }
  }

  /* --- datums: the URL's centre is WGS84 on every base map; the map draws in its base
     map's datum (GCJ-02 on AMap), as the layers built by layers/basemaps.py to_datum --- */

  var KRASOVSKY = 6378245.0, ECC2 = 0.00669342162296594323;

  /* The GCJ-02 offset (degrees) at a WGS84 point: geodata/datum.py _delta, line for line. */
  function gcjOffset(lon, lat) {
    if (!(lon > 72.004 && lon < 137.8347 && lat > 0.8293 && lat < 55.8271)) { return [0, 0]; }
    var x = lon - 105.0, y = lat - 35.0, pi = Math.PI;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dlat += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
    dlat += (20.0 * Math.sin(y * pi) + 40.0 * Math.sin(y / 3.0 * pi)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(y / 12.0 * pi) + 320 * Math.sin(y * pi / 30.0)) * 2.0 / 3.0;
    var dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dlon += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
    dlon += (20.0 * Math.sin(x * pi) + 40.0 * Math.sin(x / 3.0 * pi)) * 2.0 / 3.0;
    dlon += (150.0 * Math.sin(x / 12.0 * pi) + 300.0 * Math.sin(x / 30.0 * pi)) * 2.0 / 3.0;
    var rad = lat / 180.0 * pi, magic = 1 - ECC2 * Math.sin(rad) * Math.sin(rad);
    var root = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((KRASOVSKY * (1 - ECC2)) / (magic * root) * pi);
    dlon = (dlon * 180.0) / (KRASOVSKY / root * Math.cos(rad) * pi);
    return [dlon, dlat];
  }

  /* [lat, lon] in WGS84 -> [lat, lon] as drawn on a base map of this datum. */
  function toDatum(point, datum) {
    if (datum !== "gcj02") { return [point[0], point[1]]; }
    var d = gcjOffset(point[1], point[0]);
    return [point[0] + d[1], point[1] + d[0]];
  }

  /* [lat, lon] on a base map of this datum -> WGS84: the fixed-point inverse of
     geodata/datum.py gcj02_to_wgs84_coords (the shift varies slowly; ~0.1 mm in a few steps). */
  function fromDatum(point, datum) {
    if (datum !== "gcj02") { return [point[0], point[1]]; }
    var guess = [point[0], point[1]];
    for (var k = 0; k < 30; k++) {
      var shifted = toDatum(guess, datum);
      var dlat = point[0] - shifted[0], dlon = point[1] - shifted[1];
      guess = [guess[0] + dlat, guess[1] + dlon];
      if (Math.abs(dlat) < 1e-9 && Math.abs(dlon) < 1e-9) { break; }
    }
    return guess;
  }

  /* --- the map: view in the page's URL (z, c), a note when tiles fail, placement hooks --- */

  function pageUrl() {
    try {
      if (window.parent === window) { return null; }
      return new URL(window.parent.location.href);
    } catch (error) { return null; }  // another origin: the view stays out of the URL
  }

  function urlView(url) {
    if (!url) { return null; }
    var z = parseFloat(url.searchParams.get("z"));
    var c = (url.searchParams.get("c") || "").split(",").map(parseFloat);
    /* The same limits as ui/state.py map_view_problems, which tells the user what is ignored. */
    if (!(z >= 4 && z <= 18) || c.length !== 2 || !(Math.abs(c[0]) <= 90) || !(Math.abs(c[1]) <= 180)) {
      return null;
    }
    return {zoom: z, center: [c[0], c[1]], city: url.searchParams.get("city") || null};
  }

  function writeView(map) {
    var url = pageUrl();
    if (!url) { return; }
    var centre = map.getCenter(), c = fromDatum([centre.lat, centre.lng], map.scxDatum);
    url.searchParams.set("z", String(Math.round(map.getZoom() * 100) / 100));
    url.searchParams.set("c", c[0].toFixed(4) + "," + c[1].toFixed(4));
    try {
      window.parent.history.replaceState(window.parent.history.state, "", url.toString());
    } catch (error) { /* a sandboxed page: the view stays out of the URL */ }
  }

  function tileNote(map, words) {
    var note = L.control({position: "topright"});
    note.onAdd = function () {
      var div = L.DomUtil.create("div", "scx-offline");
      div.textContent = words.offline || "";
      return div;
    };
    var shown = false;
    map.on("layeradd", function (e) {
      if (!(e.layer instanceof L.TileLayer)) { return; }
      e.layer.on("tileerror", function () { if (!shown) { shown = true; note.addTo(map); } });
      e.layer.on("tileload", function () { if (shown) { shown = false; map.removeControl(note); } });
    });
  }

  /* --- the map's height follows the page's window --- */

  /* Pixels: the map fills the page's window below its own top, less a margin, within these
     bounds (the server's height, ui/map.py MAP_HEIGHT, is only the first guess). */
  var HEIGHT = {min: 360, max: 1100, margin: 16};

  /* The height that fits the map in the page's window below its top (its position in the
     page, so that scrolling the page or Streamlit's main block does not change it); 0 while
     the frame is hidden (another tab is open: nothing to measure), null outside a
     same-origin page (an export) or once the frame has left the page. */
  function fittedHeight() {
    try {
      var frame = window.frameElement, page = window.parent;
      if (!frame || page === window || !frame.isConnected) { return null; }
      var box = frame.getBoundingClientRect();
      if (!box.width) { return 0; }
      var top = box.top + page.scrollY;
      for (var el = frame.parentElement; el; el = el.parentElement) { top += el.scrollTop; }
      var wanted = Math.round(page.innerHeight - top - HEIGHT.margin);
      return Math.max(HEIGHT.min, Math.min(HEIGHT.max, wanted));
    } catch (error) { return null; }  // another origin: the server's height stays
  }

  /* The component sets its frame's height on every render (to the server's height): ours
     replaces it, the map's box follows, and Leaflet measures itself again. Measured again
     when the page's window or the frame resizes (the sidebar; the Map tab shown again). */
  function fitHeight(map) {
    var host = window.Streamlit, page = window.parent;
    if (!host || !host.setFrameHeight || fittedHeight() === null) { return; }
    var setFrameHeight = host.setFrameHeight;
    function apply() {
      var height = fittedHeight();
      if (height === null) { page.removeEventListener("resize", apply); return; }
      if (!height) { return; }
      var box = map.getContainer();
      if (box.style.height !== height + "px") {
        box.style.height = height + "px";
        map.invalidateSize();  // keeps the centre
        if (map.scxLegend) {
          map.scxLegend.getContainer().style.maxHeight = Math.round(height * 0.6) + "px";
        }
      }
      host.lastFrameHeight = null;  /* sent again even if unchanged: a render may reset it */
      setFrameHeight.call(host, height);
    }
    host.setFrameHeight = function () { apply(); };
    page.addEventListener("resize", apply);
    window.addEventListener("resize", apply);
    apply();
  }

  /* Leaflet's own English in the page's language (issue 13): the zoom buttons' tooltips,
     the layer switch's tooltip (its control is made later: set as it is laid out) and the
     title of the attribution's Leaflet link. Words come as text, never as HTML. */
  function localiseControls(map, words) {
    function titled(element, word) {
      if (element && word) { element.title = word; element.setAttribute("aria-label", word); }
    }
    if (map.zoomControl) {
      titled(map.zoomControl._zoomInButton, words.zoom_in);
      titled(map.zoomControl._zoomOutButton, words.zoom_out);
    }
    var layout = L.Control.Layers.prototype._initLayout;
    if (!layout.scxWords) {
      L.Control.Layers.prototype._initLayout = function () {
        layout.apply(this, arguments);
        titled(this._layersLink, (this._map && this._map.scxWords || words).layers);
      };
      L.Control.Layers.prototype._initLayout.scxWords = true;
    }
    if (map.attributionControl && words.leaflet) {
      var link = document.createElement("a");
      link.href = "https://leafletjs.com";
      link.title = words.leaflet;
      link.textContent = "Leaflet";
      map.attributionControl.setPrefix(link.outerHTML);
    }
  }

  /* Called once per map, before any layer: opens the map at the URL's view (else Sichuan).
     options.datum is the base map's: the URL's centre (WGS84) is shifted into it. */
  function attach(map, options) {
    addPanes(map);
    // Kilometres only: Leaflet's default adds a line in miles, a word of neither language.
    L.control.scale({imperial: false}).addTo(map);
    fitHeight(map);
    map.scxDatum = options.datum || "wgs84";
    map.scxWords = options.words || {};
    localiseControls(map, map.scxWords);
    tileNote(map, map.scxWords);
    var view = urlView(pageUrl());
    if (view) {
      map.setView(toDatum(view.center, map.scxDatum), view.zoom, {animate: false});
      map.scxFocused = view.city;
    } else {
      map.fitBounds(options.bounds);
    }
    map.on("zoomend moveend overlayadd overlayremove resize", function () { schedule(map); });
    map.on("moveend", function () { writeView(map); });
  }

  return {decode: decode, numbers: numbers, polygons: polygons, topologyShapes: topologyShapes,
          shapeFiles: shapeFiles, labels: labels, points: points, lines: lines, legend: legend,
          attach: attach, focus: focus, place: place, toDatum: toDatum, fromDatum: fromDatum,
          texts: texts, textFiles: textFiles, note: note};
})();
