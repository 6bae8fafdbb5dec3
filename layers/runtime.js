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
    ".scx-legend{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:4px;",
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 sans-serif;color:#222;max-width:260px}",
    ".scx-legend h4{margin:0 0 4px;font-size:13px}",
    ".scx-legend i{display:inline-block;width:14px;height:12px;margin-right:6px;",
    "vertical-align:-2px;border:1px solid #999}",
    ".scx-legend .scx-note{color:#555;font-size:11px;margin-top:4px}",
    ".scx-label.scx-county span{font-size:10px;color:#424949}",
    ".leaflet-container{background:#eef2f5}",
    /* Leaflet's panes have no width: without width:max-content a wrapping tooltip shrinks
       to its longest word (one or two Chinese characters a line). */
    ".scx-tip{font:12px/1.4 sans-serif;width:max-content;max-width:320px;white-space:normal}",
    ".scx-tip b{font-size:13px}",
    ".scx-approx{color:#7d6608;font-style:italic}"
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
    if (item.tooltip) { layer.bindTooltip(item.tooltip, {sticky: true, className: "scx-tip"}); }
    if (item.popup) { layer.bindPopup(item.popup, {maxWidth: 360}); }
  }

  /* spec: {shapes: {id: encoded} or files: [{url, minZoom}], styles: [leaflet style],
            hover: style, features: [{id, style: index, tooltip, popup}]} */
  function polygons(parent, spec) {
    if (spec.files) { return new FilePolygons(spec).addTo(parent); }
    var layer = geoLayer(spec, function (id) { return decode(spec.shapes[id]); });
    layer.addTo(parent);
    return layer;
  }

  /* The styled, bound GeoJSON layer of a polygons spec, geometry looked up by feature id. */
  function geoLayer(spec, geometryOf) {
    var features = spec.features.map(function (f) {
      return {type: "Feature", id: f.id, properties: f, geometry: geometryOf(f.id)};
    });
    var layer = L.geoJSON(features, {
      style: function (feature) { return spec.styles[feature.properties.style]; },
      onEachFeature: function (feature, sub) {
        bind(sub, feature.properties);
        if (spec.hover) {
          var own = spec.styles[feature.properties.style];
          var hover = L.extend({}, spec.hover, {weight: Math.max(spec.hover.weight || 0, own.weight || 0)});
          sub.on("mouseover", function () { sub.setStyle(hover); });
          sub.on("mouseout", function () { layer.resetStyle(sub); });
        }
      }
    });
    return layer;
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
      fetch(appBase() + url).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status + " for " + url); }
        return response.json();
      }).then(function (topo) {
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

  /* Polygons whose shapes come from files, one per precision level (coarsest first): the
     level follows the zoom, and a new level replaces the old one in one step once loaded. */
  var FilePolygons = L.FeatureGroup.extend({
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
      this.drawn = url;
      this.wanted = null;
    }
  });

  /* items: [{lat, lon, html, kind}] */
  function labels(parent, items) {
    items.forEach(function (item) {
      var icon = L.divIcon({className: "scx-label scx-" + item.kind, html: "<span>" + item.html + "</span>",
                            iconSize: null});
      L.marker([item.lat, item.lon], {icon: icon, interactive: false, keyboard: false}).addTo(parent);
    });
  }

  /* items: [{lat, lon, style, tooltip, popup}] */
  function points(parent, items) {
    items.forEach(function (item) {
      var marker = L.circleMarker([item.lat, item.lon], item.style);
      bind(marker, item);
      marker.addTo(parent);
    });
  }

  /* items: [{latlngs, style, tooltip, popup}] */
  function lines(parent, items) {
    items.forEach(function (item) {
      var line = L.polyline(item.latlngs, item.style);
      bind(line, item);
      line.addTo(parent);
    });
  }

  /* A legend that lives in a feature group: it appears and goes with the group. */
  var Legend = L.Layer.extend({
    initialize: function (html, position) { this.html = html; this.position = position; },
    onAdd: function (map) {
      var html = this.html;
      this.control = L.control({position: this.position});
      this.control.onAdd = function () {
        var div = L.DomUtil.create("div", "scx-legend");
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      this.control.addTo(map);
    },
    onRemove: function (map) { map.removeControl(this.control); }
  });

  function legend(parent, html, position) {
    var layer = new Legend(html, position || "bottomright");
    parent.addLayer(layer);
    return layer;
  }

  return {decode: decode, numbers: numbers, polygons: polygons, topologyShapes: topologyShapes,
          shapeFiles: shapeFiles, labels: labels,
          points: points, lines: lines, legend: legend};
})();
