/* 科普菜单 maps: draws every .kepu-map on the page with the local Leaflet, loaded only when a map scrolls into view.
 *
 * A map element carries data-config (tiles, credit line, drawn centre). The /map/ page adds data-src, a JSON file
 * {districts: {id: [name, colour]}, fields: {id: name}, bases: [[id, name, lat, lon, district, [field…]]]},
 * and filters whose state lives in the URL (?district=…&field=…) like the menu's. A small map reads its bases
 * from its own list items (data-ll, data-colour). Coordinates are already in the tiles' datum.
 */
(function () {
  "use strict";
  if (window.kepuMaps) return; // the script may be included once per map on a page
  var here = document.currentScript.src;
  var loading = {};
  window.kepuMaps = { init: init };

  function asset(path, css) {
    var url = new URL(path, here).href;
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(css ? "link" : "script");
        if (css) {
          el.rel = "stylesheet";
          el.href = url;
        } else {
          el.src = url;
          el.async = false;
        }
        el.onload = resolve;
        el.onerror = reject;
        document.head.appendChild(el);
      });
    }
    return loading[url];
  }

  function leaflet(cluster) {
    var parts = [asset("../leaflet/leaflet.css", true), asset("../leaflet/leaflet.js")];
    if (cluster) {
      parts.push(asset("../leaflet/markercluster/MarkerCluster.css", true));
      parts.push(asset("../leaflet/markercluster/MarkerCluster.Default.css", true));
      parts.push(parts[1].then(function () { return asset("../leaflet/markercluster/leaflet.markercluster.js"); }));
    }
    return Promise.all(parts);
  }

  function init() {
    var maps = document.querySelectorAll(".kepu-map:not([data-ready])");
    if (!maps.length) return;
    maps.forEach(function (el) {
      el.setAttribute("data-ready", "");
      el.querySelector(".kepu-map-ui").hidden = false;
      whenVisible(el.querySelector(".kepu-map-canvas"), function () {
        (el.dataset.src ? full(el) : small(el)).catch(function (err) {
          console.error("map failed", err);
        });
      });
    });
  }

  function whenVisible(el, draw) {
    if (!("IntersectionObserver" in window)) return draw();
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        seen.disconnect();
        draw();
      }
    }, { rootMargin: "200px" });
    seen.observe(el);
  }

  function newMap(el, config) {
    var canvas = el.querySelector(".kepu-map-canvas");
    var map = L.map(canvas, { zoomControl: false, attributionControl: false, center: config.center, zoom: 9 });
    L.control.zoom({ zoomInTitle: "放大", zoomOutTitle: "缩小" }).addTo(map);
    L.control.attribution({ prefix: false }).addAttribution(config.attribution).addTo(map);
    config.tiles.forEach(function (url) {
      L.tileLayer(url, { subdomains: config.subdomains, maxZoom: config.maxZoom }).addTo(map);
    });
    // The page around the map may still be settling (fonts, sidebars, a phone's address bar): follow its size.
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(canvas);
    }
    map.on("popupopen", function (e) {
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", "关闭");
    });
    return map;
  }

  function popupOptions(map) {
    // Narrow enough for a 360 px phone (Leaflet adds about 50 px of frame), clear of the zoom buttons.
    var width = map.getContainer().clientWidth;
    return {
      maxWidth: Math.max(160, Math.min(300, width - 120)),
      autoPanPaddingTopLeft: [52, 24],
      autoPanPaddingBottomRight: [12, 24],
    };
  }

  function pin(latlng, name, colour) {
    var dot = document.createElement("span");
    dot.style.background = colour;
    var icon = L.divIcon({ className: "kepu-pin", html: dot, iconSize: [18, 18] });
    return L.marker(latlng, { icon: icon, title: name, keyboard: true });
  }

  function clusterGroup() {
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var box = document.createElement("div");
        var count = document.createElement("span");
        count.textContent = n;
        var hint = document.createElement("span");
        hint.className = "kepu-sr";
        hint.textContent = "个场所，放大查看";
        count.appendChild(hint);
        box.appendChild(count);
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40] });
      },
    });
    // markercluster only listens for clicks; Enter on a focused cluster should zoom into it too.
    group.on("clusterkeypress", function (e) {
      if (e.originalEvent.keyCode === 13) group._zoomOrSpiderfy(e);
    });
    return group;
  }

  function show(map, markers) {
    if (markers.length === 1) map.setView(markers[0].getLatLng(), 15);
    else if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [24, 24], maxZoom: 15 });
  }

  function small(el) {
    var items = Array.prototype.slice.call(el.querySelectorAll("li[data-ll]"));
    return leaflet(items.length > 12).then(function () {
      var map = newMap(el, JSON.parse(el.dataset.config));
      var layer = items.length > 12 ? clusterGroup() : L.featureGroup();
      var markers = items.map(function (li) {
        var ll = li.dataset.ll.split(",").map(Number);
        var card = document.createElement("div");
        card.className = "kepu-map-popup";
        card.innerHTML = li.innerHTML; // the list item's own markup, written by the site's template
        return pin(ll, li.querySelector("a").textContent, li.dataset.colour).bindPopup(card, popupOptions(map));
      });
      layer.addLayers ? layer.addLayers(markers) : markers.forEach(function (m) { layer.addLayer(m); });
      layer.addTo(map);
      show(map, markers);
    });
  }

  function full(el) {
    var config = JSON.parse(el.dataset.config);
    var data = fetch(el.dataset.src).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + el.dataset.src);
      return r.json();
    });
    return Promise.all([data, leaflet(true)]).then(function (done) {
      var d = done[0];
      var map = newMap(el, config);
      var group = clusterGroup().addTo(map);
      var options = popupOptions(map);
      var form = el.querySelector("form");
      var status = el.querySelector(".kepu-map-status");
      var bases = d.bases.map(function (b) {
        var district = d.districts[b[4]] || [b[4], "#555"];
        var fields = b[5].map(function (f) { return d.fields[f] || f; }).join("、");
        var marker = pin([b[2], b[3]], b[1], district[1]).bindPopup(function () {
          return popup(el.dataset.bases + b[0] + "/", b[1], district[0], fields);
        }, options);
        return { id: b[0], district: b[4], fields: b[5], marker: marker };
      });
      var byId = {};
      bases.forEach(function (b) { byId[b.id] = b; });
      var rows = document.querySelectorAll(".kepu-map-list li");

      function apply(fit) {
        var district = form.elements.district.value;
        var field = form.elements.field.value;
        var keep = bases.filter(function (b) {
          return (!district || b.district === district) && (!field || b.fields.indexOf(field) >= 0);
        });
        var shown = {};
        keep.forEach(function (b) { shown[b.id] = true; });
        group.clearLayers();
        group.addLayers(keep.map(function (b) { return b.marker; }));
        rows.forEach(function (li) {
          var id = li.querySelector("a").getAttribute("href").split("/").filter(Boolean).pop();
          li.hidden = !shown[id];
        });
        document.querySelectorAll(".kepu-map-list").forEach(function (ul) {
          var empty = !ul.querySelector("li:not([hidden])");
          ul.hidden = empty;
          if (ul.previousElementSibling && /^H\d$/.test(ul.previousElementSibling.tagName)) {
            ul.previousElementSibling.hidden = empty;
          }
        });
        // Beyond a few hundred bases the page lists districts only, pointing into the bases directory.
        var twin = rows.length ? "下方列表内容相同。" : "逐个列出的场所见场所目录。";
        status.textContent = keep.length === bases.length
          ? "地图上共 " + bases.length + " 个场所；" + twin
          : "符合筛选的场所 " + keep.length + " 个（共 " + bases.length + " 个）；" +
            (rows.length ? "下方列表已同步筛选。" : twin);
        if (fit) show(map, keep.map(function (b) { return b.marker; }));
      }

      var query = new URLSearchParams(location.search);
      ["district", "field"].forEach(function (name) {
        form.elements[name].value = query.get(name) || "";
      });
      form.addEventListener("change", function () {
        var q = new URLSearchParams(location.search);
        ["district", "field"].forEach(function (name) {
          if (form.elements[name].value) q.set(name, form.elements[name].value);
          else q.delete(name);
        });
        var search = q.toString();
        history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
        apply(true);
      });
      form.addEventListener("reset", function () {
        setTimeout(function () { form.dispatchEvent(new Event("change")); }, 0);
      });
      apply(true);
    });
  }

  function popup(href, name, district, fields) {
    var card = document.createElement("div");
    card.className = "kepu-map-popup";
    var link = document.createElement("a");
    link.href = href;
    link.textContent = name;
    var title = document.createElement("strong");
    title.appendChild(link);
    var about = document.createElement("div");
    about.textContent = district + " · " + fields;
    card.appendChild(title);
    card.appendChild(about);
    return card;
  }

  // mkdocs-material's instant navigation swaps pages without reloading: redraw on every page it shows.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
