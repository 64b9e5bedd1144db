/* 科普菜单: the course menu at /menu/ on the page: the form, counts, chips, suggestions, the list, the URL and
 * paper. Loaded on /menu/ only, after filter-core.js (KepuFilter), url-state.js (KepuUrl), items.js
 * (KepuItems), print.js (KepuPrint) and sheet.js (KepuSheet).
 *
 * Only the first data-page-size matches are shown (then "显示更多"; printing shows every match), so a
 * change over ten thousand items updates within a frame. The state lives in the URL query.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuMenu = factory();
})(this, function () {
  "use strict";

  var Filter = window.KepuFilter;
  var Url = window.KepuUrl;
  var Items = window.KepuItems;
  var Print = window.KepuPrint;
  var Sheet = window.KepuSheet;
  // The group whose options depend on the visitor's day (本周末, 下个月): computed here, not written.
  var DATES = "when";

  function start() {
    var menu = document.querySelector(".kepu-menu");
    var form = menu && menu.querySelector("form.kepu-filters");
    if (!form || menu.kepuMenu) return;
    var source = menu.getAttribute("data-courses");
    if (!source) {
      menu.kepuMenu = createMenu(menu, form, Items.pageItems(menu));
      return;
    }
    // A long menu: the page has no items, they come as data.
    menu.kepuMenu = true;
    var status = menu.querySelector(".kepu-result");
    status.textContent = "正在载入课程……";
    fetch(source)
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { createMenu(menu, form, Items.dataItems(menu, data)); }, function () {
        status.textContent = "课程数据未能载入。请刷新本页，或按区浏览上面的各区课程菜单。";
      });
  }

  // `items` is KepuItems' pageItems or dataItems: how many, each one's ids, term and words, and showing.
  function createMenu(menu, form, items) {
    var count = items.count;
    var visible = new Uint8Array(count);
    var result = { matches: new Uint8Array(count).fill(1), total: count };
    // Only the first matches are laid out; the rest wait behind "显示更多" (printing shows them all).
    var pageSize = parseInt(menu.getAttribute("data-page-size"), 10) || count;
    var limit = pageSize;
    var more = menu.querySelector(".kepu-more");
    var urlTimer = 0;
    var announceTimer = 0;
    var texts = null; // each item's words, read at the first filtering (see prepare)
    var query = form.querySelector("input[name=q]");
    var status = menu.querySelector(".kepu-result");
    var titleFilters = menu.querySelector(".kepu-print-filters");
    var titleCount = menu.querySelector(".kepu-print-count");
    var empty = menu.querySelector(".kepu-empty");
    var suggestionList = menu.querySelector(".kepu-suggest");
    var chips = menu.querySelector(".kepu-chips");
    var ticked = menu.querySelector(".kepu-filter-n");
    var doneCount = form.querySelector(".kepu-done-count");
    var spans = Filter.ranges(new Date());
    var groups = Array.prototype.map.call(form.querySelectorAll("fieldset[data-group]"), readGroup);

    function readGroup(fieldset) {
      var key = fieldset.getAttribute("data-group");
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]"));
      var index = {};
      boxes.forEach(function (box, i) { index[box.value] = i; });
      return {
        key: key,
        legend: fieldset.querySelector("legend").textContent.trim(),
        boxes: boxes,
        // On paper a date choice says its days: 本周末（12月5日至6日）.
        names: boxes.map(function (box) {
          var name = box.nextElementSibling.textContent.trim();
          return key === DATES && spans[box.value] ? name + "（" + Filter.rangeWords(spans[box.value]) + "）" : name;
        }),
        counts: boxes.map(function (box) { return box.parentNode.querySelector(".kepu-count"); }),
        index: index,
        selected: new Uint8Array(boxes.length),
        any: false,
        values: null, // per item, the indices of its options here (see prepare)
      };
    }

    function idsOf(group, i) {
      return group.key === DATES ? Filter.dateChoices(items.ids("time", i), items.term(i), spans) : items.ids(group.key, i);
    }

    // What filtering reads from every item, read once and only when first needed.
    function prepare() {
      if (texts) return;
      texts = [];
      for (var i = 0; i < count; i++) texts.push(Filter.normalise(items.text(i)));
      groups.forEach(function (group) {
        group.values = [];
        for (var i = 0; i < count; i++) group.values.push(Filter.indices(idsOf(group, i), group.index));
      });
    }

    function syncGroup(group) {
      group.any = false;
      group.boxes.forEach(function (box, i) {
        group.selected[i] = box.checked ? 1 : 0;
        if (box.checked) group.any = true;
      });
    }

    function filter() {
      prepare();
      result = Filter.run(groups, texts, Filter.words(query.value));
    }

    function show() {
      var listed = 0;
      for (var i = 0; i < count; i++) {
        visible[i] = result.matches[i] && listed < limit ? 1 : 0;
        listed += visible[i];
      }
      items.show(visible);
      more.hidden = listed >= result.total;
      more.textContent = "显示更多（已列出 " + listed + " 门，还有 " + (result.total - listed) + " 门）";
    }

    function showAll() {
      if (limit >= count) return;
      limit = count;
      show();
    }

    function showCounts() {
      groups.forEach(function (group, g) {
        group.counts.forEach(function (span, i) {
          var text = String(result.tallies[g][i]);
          if (span.textContent !== text) span.textContent = text;
          span.parentNode.classList.toggle("kepu-none", result.tallies[g][i] === 0);
        });
      });
    }

    function chosen(group) {
      return group.boxes.map(function (box, i) { return i; }).filter(function (i) { return group.selected[i]; });
    }

    function describe() {
      var parts = groups.filter(function (group) { return group.any; }).map(function (group) {
        return { legend: group.legend, names: chosen(group).map(function (i) { return group.names[i]; }) };
      });
      return Filter.describe(parts, query.value);
    }

    function button(className, label) {
      var node = document.createElement("button");
      node.type = "button";
      node.className = className;
      node.textContent = label;
      return node;
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
      var node = button("kepu-chip", "");
      var hint = node.appendChild(document.createElement("span"));
      hint.className = "kepu-sr";
      hint.textContent = "去掉条件 ";
      node.appendChild(document.createTextNode(label));
      var cross = node.appendChild(document.createElement("span"));
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = " ×";
      node.addEventListener("click", function () {
        var next = node.nextElementSibling || node.previousElementSibling;
        remove();
        update(false);
        // Keep the keyboard where it was: on the neighbouring chip, else on the list's heading.
        var again = next && Array.prototype.find.call(chips.children, function (c) {
          return c.textContent === next.textContent;
        });
        if (again) again.focus();
        else titleFilters.parentNode.focus();
      });
      return node;
    }

    // With nothing left, which single group (or the words) to clear, and how many courses that would give.
    function showSuggestions() {
      var links = Filter.suggestions(groups, result).map(function (s) {
        if (s.all) return suggestion("清除全部筛选，可见 " + s.count + " 门", clearAll);
        if (s.words) {
          return suggestion("去掉关键词“" + query.value.trim() + "”可见 " + s.count + " 门", function () {
            query.value = "";
          });
        }
        var group = groups[s.group];
        var names = chosen(group).map(function (i) { return group.names[i]; }).join("、");
        return suggestion("去掉“" + names + "”可见 " + s.count + " 门", function () {
          group.boxes.forEach(function (box) { box.checked = false; });
          syncGroup(group);
        });
      });
      suggestionList.replaceChildren.apply(suggestionList, links);
    }

    function suggestion(label, apply) {
      var item = document.createElement("li");
      var node = item.appendChild(button("kepu-suggestion", label));
      node.addEventListener("click", function () {
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

    function search() {
      return Url.serialise(groups.map(function (group) {
        return { key: group.key, ids: chosen(group).map(function (i) { return group.boxes[i].value; }) };
      }), query.value);
    }

    function writeUrl() {
      clearTimeout(urlTimer);
      var wanted = search();
      if (wanted !== location.search) {
        history.replaceState(history.state, "", location.pathname + wanted + location.hash);
      }
    }

    function readUrl() {
      var state = Url.parse(location.search, groups.map(function (group) { return group.key; }));
      groups.forEach(function (group) {
        group.boxes.forEach(function (box) { box.checked = box.value in state.groups[group.key]; });
        syncGroup(group);
      });
      query.value = state.q;
    }

    function announce(text, later) {
      clearTimeout(announceTimer);
      // While someone types, announce once they pause rather than at every keystroke.
      if (later) announceTimer = setTimeout(function () { status.textContent = text; }, 600);
      else if (status.textContent !== text) status.textContent = text;
    }

    function update(later) {
      filter();
      limit = pageSize;
      show();
      showCounts();
      var label = describe();
      titleFilters.textContent = label || "全部课程";
      titleCount.textContent = String(result.total);
      doneCount.textContent = String(result.total);
      empty.hidden = result.total !== 0;
      showChips();
      showSuggestions();
      announce(label ? "筛选出 " + result.total + " 门课程（共 " + count + " 门）" : "共 " + count + " 门课程", later);
      // Chromium's replaceState costs time in proportion to the page; it runs after the list has updated.
      clearTimeout(urlTimer);
      urlTimer = setTimeout(writeUrl, 100);
    }

    // Lazy QR images of items out of view are not loaded yet; load those about to be printed first.
    function loadCodes() {
      var pending = [];
      menu.querySelectorAll("article.kepu-item:not([hidden]) img.kepu-qr[loading=lazy]").forEach(function (img) {
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

    // Paper: every match, the day, and the address of this very list (with its QR code when drawn).
    function toPaper() {
      showAll();
      writeUrl();
      Print.prepare(menu, Url.link(location.href, location.search));
      return loadCodes();
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
    Sheet.attach(form, menu.querySelector(".kepu-filter-open"));
    more.addEventListener("click", function () {
      limit += pageSize;
      show();
    });
    menu.querySelector(".kepu-print-button").addEventListener("click", function () {
      var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
      var ready = Print.load(menu.getAttribute("data-qr-script")).then(function () {
        return Promise.all(toPaper());
      });
      Promise.race([ready, timeout]).then(function () { window.print(); });
    });
    window.addEventListener("beforeprint", toPaper);

    readUrl();
    // The page as built shows every course and the options' counts, but not those of the date choices
    // (they depend on the visitor's day). With no filter in the URL, no more courses than a page and the
    // items in the page, only those counts change.
    if (location.search || count > pageSize || menu.hasAttribute("data-courses")) update(false);
    else {
      filter();
      showCounts();
    }
    form.hidden = false;
    document.documentElement.classList.remove("kepu-menu-pending");
    return true;
  }

  start();
  // With mkdocs-material's instant navigation the page changes without a reload.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  return { start: start };
});
