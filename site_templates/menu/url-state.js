/* 科普菜单: the menu's state in its URL query (?district=a,b&grade=c&q=…), so that a filtered menu can be
 * shared, bookmarked and printed. Repeated keys are accepted as well as comma-separated ids; the query is
 * written back comma-separated, the ids in the form's order. Runs under Node too (tests/js/url-state.test.js).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuUrl = factory();
})(this, function () {
  "use strict";

  /* The state a query asks for: per group key, the set of ids wanted ({id: true}), and the words (`q`).
   * `keys` are the form's group keys; other parameters are ignored. */
  function parse(search, keys) {
    var params = new URLSearchParams(search);
    var groups = {};
    keys.forEach(function (key) {
      var wanted = {};
      params.getAll(key).forEach(function (value) {
        value.split(",").forEach(function (id) {
          id = id.trim();
          if (id) wanted[id] = true;
        });
      });
      groups[key] = wanted;
    });
    return { groups: groups, q: params.get("q") || "" };
  }

  /* The query for a state: `chosen` is [{key, ids}] in the form's order (groups without ids are left out),
   * `q` the words typed. "" when nothing is chosen. */
  function serialise(chosen, q) {
    var parts = [];
    chosen.forEach(function (group) {
      if (!group.ids.length) return;
      parts.push(group.key + "=" + group.ids.map(encodeURIComponent).join(","));
    });
    var text = String(q || "").trim();
    if (text) parts.push("q=" + encodeURIComponent(text));
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* The address of the same list, for paper: the page's address with the state's query, no fragment. */
  function link(href, search) {
    var url = new URL(href);
    url.search = search;
    url.hash = "";
    return url.href;
  }

  return { parse: parse, serialise: serialise, link: link };
});
