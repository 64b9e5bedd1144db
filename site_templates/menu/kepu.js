/* 科普菜单: the course menu's filters at /menu/. Loaded on every page; returns at once where there is no menu.
 *
 * Up to a few hundred courses every course is already in the page (so the menu works without JavaScript) and
 * filtering only toggles each item's `hidden` attribute, from option indices read once from its data-*
 * attributes; a longer menu names its courses' data in data-courses, and only the items shown are built from
 * it. Only the first data-page-size matches are shown (then "显示更多"; printing shows every match), so a
 * change over ten thousand items updates within a frame. Within a group any ticked option matches (OR);
 * across groups, and with the words of the text box, all must match (AND). The state lives in the URL query (?district=a,b&grade=c&q=…,
 * repeated keys accepted too), so a filtered menu can be shared, bookmarked and printed.
 */
(function () {
  "use strict";

  function start() {
    var menu = document.querySelector(".kepu-menu");
    var form = menu && menu.querySelector("form.kepu-filters");
    if (!form || menu.kepuMenu) return;
    var source = menu.getAttribute("data-courses");
    if (!source) {
      menu.kepuMenu = createMenu(menu, form, pageItems(menu));
      return;
    }
    // A long menu: the page has no items, they come as data (see dataItems).
    menu.kepuMenu = true;
    var status = menu.querySelector(".kepu-result");
    status.textContent = "正在载入课程……";
    fetch(source)
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { createMenu(menu, form, dataItems(menu, data)); }, function () {
        status.textContent = "课程数据未能载入。请刷新本页，或按区浏览上面的各区课程菜单。";
      });
  }

  // The items written in the page. Showing toggles `hidden` only where it changes. Items come in chunks;
  // a chunk with nothing to show is hidden whole, which keeps the browser from walking past thousands of
  // hidden siblings when it lays out the few that show.
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
      // The item's text and its summary (data-text: matched, not shown).
      text: function (i) { return items[i].textContent + "\n" + (items[i].getAttribute("data-text") || ""); },
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

  // The items as data (generator/menu.py, `data`): strings stored once and referred to by index. Only the
  // items shown are built, with the page's markup, and kept for the next time they show.
  function dataItems(menu, data) {
    var strings = data.strings;
    var courses = data.courses;
    var keys = Object.keys(data.groups);
    var list = menu.querySelector(".kepu-menu-items");
    var built = [];

    function url(kind, id) {
      return data.links[kind].replace("{id}", encodeURIComponent(id));
    }

    function element(tag, attributes, text) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function build(i) {
      var course = courses[i];
      var item = element("article", { class: "kepu-item", "data-course-id": course[0], "data-text": strings[course[7]] });
      keys.forEach(function (key, g) {
        var ids = course[5][g].map(function (k) { return data.groups[key][k]; });
        item.setAttribute("data-" + key, ids.join(" "));
      });
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
      return item;
    }

    return {
      count: courses.length,
      ids: function (key, i) {
        var g = keys.indexOf(key);
        return courses[i][5][g].map(function (k) { return data.groups[key][k]; });
      },
      // What the built item's text would be, without building it.
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

  // Words are matched without regard to case or full-width/half-width forms.
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  // `items` is pageItems or dataItems: how many, each one's option ids and text, and showing a selection.
  function createMenu(menu, form, items) {
    var count = items.count;
    var visible = new Uint8Array(count);
    var matches = new Uint8Array(count).fill(1);
    // Only the first matches are laid out; the rest wait behind "显示更多" (printing shows them all).
    var pageSize = parseInt(menu.getAttribute("data-page-size"), 10) || count;
    var limit = pageSize;
    var total = count;
    var more = menu.querySelector(".kepu-more");
    var urlTimer = 0;
    var texts = null; // each item's words, read at the first filtering (see prepare)
    var query = form.querySelector("input[name=q]");
    var status = menu.querySelector(".kepu-result");
    var printButton = menu.querySelector(".kepu-print-button");
    var titleFilters = menu.querySelector(".kepu-print-filters");
    var titleCount = menu.querySelector(".kepu-print-count");
    var empty = menu.querySelector(".kepu-empty");
    var suggestions = menu.querySelector(".kepu-suggest");
    var chips = menu.querySelector(".kepu-chips");
    var opener = menu.querySelector(".kepu-filter-open");
    var ticked = menu.querySelector(".kepu-filter-n");
    var doneCount = form.querySelector(".kepu-done-count");
    // Per item that fails only the words of the text box, one more course if they were cleared.
    var wordsDrop = 0;
    var groups = Array.prototype.map.call(form.querySelectorAll("fieldset[data-group]"), function (fieldset) {
      return readGroup(fieldset);
    });
    var announceTimer = 0;

    function readGroup(fieldset) {
      var key = fieldset.getAttribute("data-group");
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]"));
      var index = {};
      boxes.forEach(function (box, i) { index[box.value] = i; });
      return {
        key: key,
        legend: fieldset.querySelector("legend").textContent.trim(),
        boxes: boxes,
        names: boxes.map(function (box) { return box.nextElementSibling.textContent.trim(); }),
        counts: boxes.map(function (box) { return box.parentNode.querySelector(".kepu-count"); }),
        index: index,
        selected: new Uint8Array(boxes.length),
        any: false,
        tally: new Uint32Array(boxes.length),
        drop: 0, // how many courses would match with this group's ticks cleared
        values: null, // per item, the indices of its options here (see prepare)
      };
    }

    // What filtering reads from every item, read once and only when first needed: a visit that filters
    // nothing costs the main thread nothing (the page as built already shows every course and count).
    function prepare() {
      if (texts) return;
      texts = [];
      for (var i = 0; i < count; i++) texts.push(normalise(items.text(i)));
      groups.forEach(function (group) {
        // Ids the form does not offer are dropped.
        group.values = Array.from({ length: count }, function (_, i) {
          var ids = items.ids(group.key, i);
          var out = [];
          for (var k = 0; k < ids.length; k++) if (ids[k] in group.index) out.push(group.index[ids[k]]);
          return out;
        });
      });
    }

    function syncGroup(group) {
      group.any = false;
      group.boxes.forEach(function (box, i) {
        group.selected[i] = box.checked ? 1 : 0;
        if (box.checked) group.any = true;
      });
    }

    function words() {
      return normalise(query.value).split(/\s+/).filter(Boolean);
    }

    // One pass over the items: visibility, and per option how many items would match with that option
    // ticked alone in its group and the other groups as they are (an item failing only group g counts
    // towards g's options; an item failing nothing counts towards every group's options).
    function filter() {
      prepare();
      var terms = words();
      total = 0;
      wordsDrop = 0;
      groups.forEach(function (group) { group.tally.fill(0); group.drop = 0; });
      for (var i = 0; i < count; i++) {
        var fails = 0;
        var failed = null;
        for (var g = 0; g < groups.length && fails < 2; g++) {
          var group = groups[g];
          if (!group.any) continue;
          var options = group.values[i];
          var hit = false;
          for (var k = 0; k < options.length; k++) {
            if (group.selected[options[k]]) { hit = true; break; }
          }
          if (!hit) { fails++; failed = group; }
        }
        if (fails < 2) {
          for (var w = 0; w < terms.length; w++) {
            if (texts[i].indexOf(terms[w]) < 0) {
              if (fails === 0) wordsDrop++;
              fails++;
              failed = null;
              break;
            }
          }
        }
        if (fails === 0) {
          total++;
          for (g = 0; g < groups.length; g++) tallyItem(groups[g], i);
        } else if (fails === 1 && failed) {
          tallyItem(failed, i);
          failed.drop++;
        }
        matches[i] = fails === 0 ? 1 : 0;
      }
    }

    function show() {
      var listed = 0;
      for (var i = 0; i < count; i++) {
        visible[i] = matches[i] && listed < limit ? 1 : 0;
        listed += visible[i];
      }
      items.show(visible);
      more.hidden = listed >= total;
      more.textContent = "显示更多（已列出 " + listed + " 门，还有 " + (total - listed) + " 门）";
    }

    function showAll() {
      if (limit >= count) return;
      limit = count;
      show();
    }

    function tallyItem(group, i) {
      var options = group.values[i];
      for (var k = 0; k < options.length; k++) group.tally[options[k]]++;
    }

    function showCounts() {
      groups.forEach(function (group) {
        group.counts.forEach(function (span, i) {
          var text = String(group.tally[i]);
          if (span.textContent !== text) span.textContent = text;
          span.parentNode.classList.toggle("kepu-none", group.tally[i] === 0);
        });
      });
    }

    function chosen(group) {
      return group.boxes.map(function (box, i) { return i; }).filter(function (i) { return group.selected[i]; });
    }

    function describe() {
      var parts = [];
      groups.forEach(function (group) {
        if (!group.any) return;
        parts.push(group.legend + "：" + chosen(group).map(function (i) { return group.names[i]; }).join("、"));
      });
      var text = query.value.trim();
      if (text) parts.push("关键词：“" + text + "”");
      return parts.join("；");
    }

    // One removable chip per ticked option (and one for the words), above the list.
    function showChips() {
      var buttons = [];
      groups.forEach(function (group) {
        chosen(group).forEach(function (i) {
          buttons.push(chip(group.legend + "：" + group.names[i], function () {
            group.boxes[i].checked = false;
            syncGroup(group);
          }));
        });
      });
      var text = query.value.trim();
      if (text) buttons.push(chip("关键词：" + text, function () { query.value = ""; }));
      chips.replaceChildren.apply(chips, buttons);
      chips.hidden = buttons.length === 0;
      ticked.textContent = String(buttons.length);
    }

    function chip(label, remove) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kepu-chip";
      var hint = button.appendChild(document.createElement("span"));
      hint.className = "kepu-sr";
      hint.textContent = "去掉条件 ";
      button.appendChild(document.createTextNode(label));
      var cross = button.appendChild(document.createElement("span"));
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = " ×";
      button.addEventListener("click", function () {
        var next = button.nextElementSibling || button.previousElementSibling;
        remove();
        update(false);
        // Keep the keyboard where it was: on the neighbouring chip, else on the list's heading.
        var again = next && Array.prototype.find.call(chips.children, function (c) {
          return c.textContent === next.textContent;
        });
        if (again) again.focus();
        else titleFilters.parentNode.focus();
      });
      return button;
    }

    // With nothing left, which single group (or the words) to clear, and how many courses that would give.
    function showSuggestions() {
      var links = [];
      if (total === 0) {
        groups.forEach(function (group) {
          if (!group.any || !group.drop) return;
          var names = chosen(group).map(function (i) { return group.names[i]; }).join("、");
          links.push(suggestion("去掉“" + names + "”可见 " + group.drop + " 门", function () {
            group.boxes.forEach(function (box) { box.checked = false; });
            syncGroup(group);
          }));
        });
        if (wordsDrop) {
          links.push(suggestion("去掉关键词“" + query.value.trim() + "”可见 " + wordsDrop + " 门", function () {
            query.value = "";
          }));
        }
        if (!links.length) {
          links.push(suggestion("清除全部筛选，可见 " + count + " 门", function () { clearAll(); }));
        }
      }
      suggestions.replaceChildren.apply(suggestions, links);
    }

    function suggestion(label, apply) {
      var item = document.createElement("li");
      var button = item.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "kepu-suggestion";
      button.textContent = label;
      button.addEventListener("click", function () {
        apply();
        update(false);
        titleFilters.parentNode.focus();
      });
      return item;
    }

    function clearAll() {
      groups.forEach(function (group) {
        group.boxes.forEach(function (box) { box.checked = false; });
        syncGroup(group);
      });
      query.value = "";
    }

    function writeUrl() {
      var parts = [];
      groups.forEach(function (group) {
        if (!group.any) return;
        var ids = chosen(group).map(function (i) { return encodeURIComponent(group.boxes[i].value); });
        parts.push(group.key + "=" + ids.join(","));
      });
      var text = query.value.trim();
      if (text) parts.push("q=" + encodeURIComponent(text));
      var search = parts.length ? "?" + parts.join("&") : "";
      if (search !== location.search) {
        history.replaceState(history.state, "", location.pathname + search + location.hash);
      }
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      groups.forEach(function (group) {
        var wanted = {};
        params.getAll(group.key).forEach(function (value) {
          value.split(",").forEach(function (id) { wanted[id.trim()] = true; });
        });
        group.boxes.forEach(function (box) { box.checked = box.value in wanted; });
        syncGroup(group);
      });
      query.value = params.get("q") || "";
    }

    function announce(text, later) {
      clearTimeout(announceTimer);
      // While someone types, announce once they pause rather than at every keystroke.
      if (later) announceTimer = setTimeout(function () { status.textContent = text; }, 600);
      else status.textContent = text;
    }

    function update(later) {
      filter();
      limit = pageSize;
      show();
      showCounts();
      var label = describe();
      titleFilters.textContent = label || "全部课程";
      titleCount.textContent = String(total);
      doneCount.textContent = String(total);
      empty.hidden = total !== 0;
      showChips();
      showSuggestions();
      announce(label ? "筛选出 " + total + " 门课程（共 " + count + " 门）" : "共 " + count + " 门课程", later);
      // Chromium's replaceState costs time in proportion to the page; it runs after the list has updated.
      clearTimeout(urlTimer);
      urlTimer = setTimeout(writeUrl, 100);
    }

    // Lazy QR images of items out of view are not loaded yet; load those about to be printed first.
    function loadCodes() {
      var pending = [];
      var images = menu.querySelectorAll("article.kepu-item:not([hidden]) img.kepu-qr[loading=lazy]");
      images.forEach(function (img) {
        img.loading = "eager";
        if (!img.complete) {
          pending.push(new Promise(function (resolve) {
            img.addEventListener("load", resolve, { once: true });
            img.addEventListener("error", resolve, { once: true });
          }));
        }
      });
      return pending;
    }

    form.addEventListener("change", function (event) {
      var group = groups.find(function (g) { return g.key === event.target.name; });
      if (!group) return;
      syncGroup(group);
      update(false);
    });
    query.addEventListener("input", function (event) {
      if (!event.isComposing) update(true); // wait for the IME to finish a Chinese word
    });
    query.addEventListener("compositionend", function () { update(true); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update(false);
    });
    form.querySelector(".kepu-reset").addEventListener("click", function () {
      clearAll();
      update(false);
    });
    sheet(menu, form, opener);
    more.addEventListener("click", function () {
      limit += pageSize;
      show();
    });
    printButton.addEventListener("click", function () {
      showAll();
      var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
      Promise.race([Promise.all(loadCodes()), timeout]).then(function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      showAll();
      loadCodes();
    });

    readUrl();
    // The page as built shows every course, its count and the options' counts: with no filter in the URL, no
    // more courses than a page and the items in the page (not as data), there is nothing to change.
    if (location.search || count > pageSize || menu.hasAttribute("data-courses")) update(false);
    form.hidden = false;
    document.documentElement.classList.remove("kepu-menu-pending");
    return true;
  }

  // On a phone the filters are a sheet over the page, opened by "筛选（n）": focus moves into it and stays
  // there (Tab wraps), Escape or "显示 N 门课程" closes it and focus returns to the button. On a wide
  // screen the filters sit beside the list and the button is not shown.
  function sheet(menu, form, opener) {
    var box = form.parentNode; // div.kepu-sheet: a dialog while open (a form cannot take that role)
    var title = form.querySelector(".kepu-sheet-title");
    var wide = window.matchMedia("(min-width: 60em)");

    function open() {
      box.classList.add("kepu-open");
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("aria-labelledby", title.id);
      opener.setAttribute("aria-expanded", "true");
      document.documentElement.classList.add("kepu-sheet-open");
      title.focus();
    }

    function close(restore) {
      if (!box.classList.contains("kepu-open")) return;
      box.classList.remove("kepu-open");
      box.removeAttribute("role");
      box.removeAttribute("aria-modal");
      box.removeAttribute("aria-labelledby");
      opener.setAttribute("aria-expanded", "false");
      document.documentElement.classList.remove("kepu-sheet-open");
      if (restore) opener.focus();
    }

    function focusable() {
      return Array.prototype.filter.call(form.querySelectorAll("button, input"), function (el) {
        return el.offsetParent !== null;
      });
    }

    opener.addEventListener("click", open);
    form.querySelector(".kepu-sheet-close").addEventListener("click", function () { close(true); });
    form.querySelector(".kepu-sheet-done").addEventListener("click", function () { close(true); });
    form.addEventListener("keydown", function (event) {
      if (!box.classList.contains("kepu-open")) return;
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Tab") {
        var all = focusable();
        var first = all[0];
        var last = all[all.length - 1];
        if (event.shiftKey && (document.activeElement === first || document.activeElement === title)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    wide.addEventListener("change", function () { if (wide.matches) close(false); });
  }

  start();
  // With mkdocs-material's instant navigation the page changes without a reload.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
