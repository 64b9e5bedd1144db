/* 科普菜单: the course menu's filters at /menu/. Loaded on every page; returns at once where there is no menu.
 *
 * Every course is already in the page (so the menu works without JavaScript). Filtering only toggles each
 * item's `hidden` attribute, from option indices read once from its data-* attributes; only the first
 * data-page-size matches are shown (then "显示更多"; printing shows every match), so a change over ten
 * thousand items updates within a frame. Within a group any ticked option matches (OR); across groups, and with the
 * words of the text box, all must match (AND). The state lives in the URL query (?district=a,b&grade=c&q=…,
 * repeated keys accepted too), so a filtered menu can be shared, bookmarked and printed.
 */
(function () {
  "use strict";

  function start() {
    var menu = document.querySelector(".kepu-menu");
    var form = menu && menu.querySelector("form.kepu-filters");
    if (!form || menu.kepuMenu) return;
    menu.kepuMenu = createMenu(menu, form);
  }

  // Words are matched without regard to case or full-width/half-width forms.
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function createMenu(menu, form) {
    var items = Array.prototype.slice.call(menu.querySelectorAll("article.kepu-item"));
    var count = items.length;
    var shown = new Uint8Array(count).fill(1);
    var matches = new Uint8Array(count).fill(1);
    // Only the first matches are laid out; the rest wait behind "显示更多" (printing shows them all).
    var pageSize = parseInt(menu.getAttribute("data-page-size"), 10) || count;
    var limit = pageSize;
    var total = count;
    var more = menu.querySelector(".kepu-more");
    // Items come in chunks; a chunk with nothing to show is hidden whole, which keeps the browser from
    // walking past thousands of hidden siblings when it lays out the few that show.
    var chunks = Array.prototype.slice.call(menu.querySelectorAll(".kepu-chunk"));
    var chunkOf = new Uint32Array(count);
    var chunkShown = new Uint32Array(chunks.length);
    var urlTimer = 0;
    items.forEach(function (item, i) { chunkOf[i] = chunks.indexOf(item.parentNode); });
    var texts = items.map(function (item) { return normalise(item.textContent); });
    var query = form.querySelector("input[name=q]");
    var status = menu.querySelector(".kepu-result");
    var printButton = menu.querySelector(".kepu-print-button");
    var titleFilters = menu.querySelector(".kepu-print-filters");
    var titleCount = menu.querySelector(".kepu-print-count");
    var empty = menu.querySelector(".kepu-empty");
    var groups = Array.prototype.map.call(form.querySelectorAll("fieldset[data-group]"), function (fieldset) {
      return readGroup(fieldset, items);
    });
    var announceTimer = 0;

    function readGroup(fieldset, items) {
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
        // Per item, the indices of its options in this group; ids the form does not offer are dropped.
        values: items.map(function (item) {
          var ids = (item.getAttribute("data-" + key) || "").split(" ");
          var out = [];
          for (var k = 0; k < ids.length; k++) if (ids[k] in index) out.push(index[ids[k]]);
          return out;
        }),
      };
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
      var terms = words();
      total = 0;
      groups.forEach(function (group) { group.tally.fill(0); });
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
            if (texts[i].indexOf(terms[w]) < 0) { fails++; failed = null; break; }
          }
        }
        if (fails === 0) {
          total++;
          for (g = 0; g < groups.length; g++) tallyItem(groups[g], i);
        } else if (fails === 1 && failed) {
          tallyItem(failed, i);
        }
        matches[i] = fails === 0 ? 1 : 0;
      }
    }

    // Toggle `hidden` only where it changes, so a change costs what it changes on screen.
    function show() {
      var listed = 0;
      var perChunk = new Uint32Array(chunks.length);
      for (var i = 0; i < count; i++) {
        var visible = matches[i] && listed < limit ? 1 : 0;
        listed += visible;
        perChunk[chunkOf[i]] += visible;
        if (shown[i] !== visible) {
          shown[i] = visible;
          items[i].hidden = !visible;
        }
      }
      for (var c = 0; c < chunks.length; c++) {
        if ((chunkShown[c] > 0) !== (perChunk[c] > 0)) chunks[c].hidden = perChunk[c] === 0;
        chunkShown[c] = perChunk[c];
      }
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
      empty.hidden = total !== 0;
      announce(label ? "筛选出 " + total + " 门课程（共 " + count + " 门）" : "共 " + count + " 门课程", later);
      // Chromium's replaceState costs time in proportion to the page; it runs after the list has updated.
      clearTimeout(urlTimer);
      urlTimer = setTimeout(writeUrl, 100);
    }

    // Lazy QR images of items out of view are not loaded yet; load those about to be printed first.
    function loadCodes() {
      var pending = [];
      items.forEach(function (item, i) {
        var img = shown[i] && item.querySelector("img.kepu-qr[loading=lazy]");
        if (!img) return;
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
      groups.forEach(function (group) {
        group.boxes.forEach(function (box) { box.checked = false; });
        syncGroup(group);
      });
      query.value = "";
      update(false);
    });
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
    update(false);
    form.hidden = false;
    printButton.hidden = false;
    return true;
  }

  start();
  // With mkdocs-material's instant navigation the page changes without a reload.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
