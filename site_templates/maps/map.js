/* 科普菜单 maps: the filters and the district shading folium cannot write, attached to folium's map and layers.
 *
 * kepuMapFilters(map, cluster, districts) is called by the page's folium script once the map is drawn, and
 * starts once the cluster's markers are loaded:
 * `cluster` holds one marker per base (marker.kepu = {id, district, fields}), `districts` is the shaded
 * district layer (or null) and `shades` its colours. The form's state lives in the URL (?district=…&field=…), like the menu's;
 * the list twin's rows carry data-id, data-district and data-fields and follow the same filter.
 */
window.kepuMapFilters = function (map, cluster, districts, shades) {
  "use strict";
  // The markers arrive from map/bases.json after the map is drawn (cluster.kepuReady).
  (cluster.kepuReady || Promise.resolve(cluster)).then(function () { filters(map, cluster, districts, shades); });
};

function filters(map, cluster, districts, shades) {
  "use strict";
  var form = document.querySelector(".kepu-map-filters");
  var status = document.querySelector(".kepu-map-status");
  var all = cluster.getLayers();
  var rows = document.querySelectorAll(".kepu-map-list li[data-id]");
  var total = all.length;

  function apply(fit) {
    var district = form.elements.district.value;
    var field = form.elements.field.value;
    var fieldIndex = Array.prototype.map.call(form.elements.field.options, function (o) { return o.value; })
      .indexOf(field) - 1;
    var districtIndex = Array.prototype.map.call(form.elements.district.options, function (o) { return o.value; })
      .indexOf(district) - 1;
    var keep = all.filter(function (m) {
      return (!district || m.kepu.district === districtIndex) && (!field || m.kepu.fields.indexOf(fieldIndex) >= 0);
    });
    cluster.clearLayers();
    cluster.addLayers(keep);
    rows.forEach(function (li) {
      var fields = li.dataset.fields.split(" ");
      li.hidden = !((!district || li.dataset.district === district) && (!field || fields.indexOf(field) >= 0));
    });
    status.textContent = keep.length === total
      ? "地图上共 " + total + " 个有坐标的场所；下方列表内容相同。"
      : "符合筛选的有坐标场所 " + keep.length + " 个（共 " + total + " 个）；下方列表已同步筛选。";
    if (fit && keep.length) {
      map.fitBounds(L.featureGroup(keep).getBounds(), {padding: [24, 24], maxZoom: 15});
    }
  }

  var query = new URLSearchParams(location.search);
  ["district", "field"].forEach(function (name) {
    form.elements[name].value = query.get(name) || "";
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("change", function (e) {
    var q = new URLSearchParams(location.search);
    ["district", "field"].forEach(function (name) {
      if (form.elements[name].value) q.set(name, form.elements[name].value);
      else q.delete(name);
    });
    var search = q.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    if (e.target.name !== "shade") apply(true);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { form.dispatchEvent(new Event("change")); }, 0);
  });
  if (districts) window.kepuMapShade(districts, form, shades);
  // markercluster only listens for clicks; Enter on a focused cluster should zoom into it too.
  cluster.on("clusterkeypress", function (e) {
    if (e.originalEvent.keyCode === 13) cluster._zoomOrSpiderfy(e);
  });
  if (query.get("district") || query.get("field")) apply(true);
}

/* kepuMapShade(layer, form, shades): the district layer shaded by the form's choice, bases or courses (each
 * feature carries its two shades, indexes into `shades`, in properties.shade). */
window.kepuMapShade = function (layer, form, shades) {
  "use strict";
  form.addEventListener("change", function () {
    var by = form.elements.shade.value === "courses" ? 1 : 0;
    layer.setStyle(function (f) { return {fillColor: shades[f.properties.shade[by]]}; });
  });
};
