/* 科普菜单: the menu's items, as the filters see them: how many, each one's option ids, term and words, and
 * showing a selection. Up to a few hundred courses the items are written in the page (pageItems: showing
 * toggles `hidden`); a longer menu names its courses' data in data-courses and only the items shown are
 * built from it (dataItems), with the page's markup (generator/site/parts/menu.py writes both).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuItems = factory();
})(this, function () {
  "use strict";

  // "2025-12-18 2025-12-31" -> ["2025-12-18", "2025-12-31"]; none -> null.
  function term(text) {
    var days = (text || "").split(" ").filter(Boolean);
    return days.length === 2 ? days : null;
  }

  /* The items written in the page. Showing toggles `hidden` only where it changes. Items come in chunks;
   * a chunk with nothing to show is hidden whole, which keeps the browser from walking past thousands of
   * hidden siblings when it lays out the few that show. */
  function pageItems(menu) {
    var items = Array.prototype.slice.call(menu.querySelectorAll("article.kepu-item"));
    var chunks = Array.prototype.slice.call(menu.querySelectorAll(".kepu-chunk"));
    var chunkOf = new Uint32Array(items.length);
    var chunkShown = new Uint32Array(chunks.length);
    var shown = new Uint8Array(items.length).fill(1);
    items.forEach(function (item, i) { chunkOf[i] = chunks.indexOf(item.parentNode); });
    return {
      count: items.length,
      ids: function (key, i) { return (items[i].getAttribute("data-" + key) || "").split(" "); },
      term: function (i) { return term(items[i].getAttribute("data-term")); },
      // The item's words (its buttons aside) and its summary (data-text: matched, not shown).
      text: function (i) {
        var parts = Array.prototype.map.call(items[i].querySelectorAll(":scope > :not(button)"), function (node) {
          return node.textContent;
        });
        return parts.join("\n") + "\n" + (items[i].getAttribute("data-text") || "");
      },
      show: function (visible) {
        var perChunk = new Uint32Array(chunks.length);
        for (var i = 0; i < items.length; i++) {
          perChunk[chunkOf[i]] += visible[i];
          if (shown[i] !== visible[i]) {
            shown[i] = visible[i];
            items[i].hidden = !visible[i];
          }
        }
        for (var c = 0; c < chunks.length; c++) {
          if ((chunkShown[c] > 0) !== (perChunk[c] > 0)) chunks[c].hidden = perChunk[c] === 0;
          chunkShown[c] = perChunk[c];
        }
      },
    };
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The items as data (menu.py, `data`): strings stored once and referred to by index. Only the items shown
   * are built, and kept for the next time they show. */
  function dataItems(menu, data) {
    var strings = data.strings;
    var courses = data.courses;
    var keys = Object.keys(data.groups);
    var list = menu.querySelector(".kepu-menu-items");
    var built = [];

    function url(kind, id) {
      return data.links[kind].replace("{id}", encodeURIComponent(id));
    }

    function ids(key, i) {
      var g = keys.indexOf(key);
      return g < 0 ? [] : courses[i][5][g].map(function (k) { return data.groups[key][k]; });
    }

    function build(i) {
      var course = courses[i];
      var item = element("article", { class: "kepu-item", "data-course-id": course[0], "data-text": strings[course[7]] });
      keys.forEach(function (key) { item.setAttribute("data-" + key, ids(key, i).join(" ")); });
      if (course[8]) item.setAttribute("data-term", course[8].join(" "));
      item.appendChild(element("img", {
        class: "kepu-qr", src: url("qr", course[0]), alt: "", width: "72", height: "72", loading: "lazy",
      }));
      var title = item.appendChild(element("h3", { class: "kepu-entry-title" }));
      title.appendChild(element("a", { href: url("course", course[0]) }, strings[course[1]]));
      var meta = item.appendChild(element("p", { class: "kepu-meta" }));
      var provider = strings[course[2]];
      if (course[3] < 0) meta.appendChild(document.createTextNode(provider));
      else meta.appendChild(element("a", { href: url("base", strings[course[3]]) }, provider));
      meta.appendChild(document.createTextNode(" · " + strings[course[4]]));
      var facts = item.appendChild(element("dl", { class: "kepu-item-facts" }));
      course[6].forEach(function (row) {
        var fact = facts.appendChild(document.createElement("div"));
        fact.appendChild(element("dt", {}, strings[row[0]]));
        var value = fact.appendChild(document.createElement("dd"));
        var href = row.length > 2 ? strings[row[2]] : "";
        // Only the link kinds the generator writes; anything else stays text.
        if (!/^(https?:|tel:|mailto:)/.test(href)) {
          value.textContent = strings[row[1]];
        } else {
          var link = value.appendChild(element("a", { href: href }, strings[row[1]]));
          if (/^https?:/.test(href)) link.setAttribute("rel", "noopener");
        }
      });
      // The programme's add button (its clicks are handled for every page by the programme's own script).
      item.appendChild(element("button", {
        type: "button", class: "kepu-plan-add md-button", "data-course": course[0], "aria-pressed": "false",
      }, "加入选课单"));
      return item;
    }

    return {
      count: courses.length,
      ids: ids,
      term: function (i) { return courses[i][8] || null; },
      // What the built item's words would be, without building it.
      text: function (i) {
        var course = courses[i];
        var parts = [strings[course[1]], strings[course[2]], strings[course[4]], strings[course[7]]];
        course[6].forEach(function (row) { parts.push(strings[row[0]], strings[row[1]]); });
        return parts.join("\n");
      },
      show: function (visible) {
        var shown = document.createDocumentFragment();
        for (var i = 0; i < courses.length; i++) {
          if (visible[i]) shown.appendChild(built[i] || (built[i] = build(i)));
        }
        list.replaceChildren(shown);
      },
    };
  }

  return { term: term, pageItems: pageItems, dataItems: dataItems };
});
