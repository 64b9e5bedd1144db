/* The header's search box, on Pagefind's API (pagefind/pagefind.js, served by this site).
   Loaded by main.html when the box is first used. Results show each page's type, district and grade bands
   (its data-pagefind-meta) and can be filtered by type and district (data-pagefind-filter); with no result
   the box says so and offers what would give results: the same words without the filters, or a shorter word. */
(function () {
  "use strict";
  var box = document.querySelector("[data-kepu-search]");
  var toggle = document.getElementById("__search");
  var input = box.querySelector("input");
  var form = box.querySelector("form");
  var status = box.querySelector("[role=status]");
  var hints = box.querySelector(".kepu-search-hints");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".kepu-search-more");
  var filterBox = box.querySelector(".kepu-search-filters");
  var selects = { "类型": box.querySelector("select[name=type]"), "所在区": box.querySelector("select[name=district]") };
  var PAGE = 10;
  var script = new URL(box.getAttribute("data-kepu-script"), location.href);
  var siteRoot = new URL("../../", script).pathname;
  var menuUrl = box.getAttribute("data-kepu-menu");
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = box.getAttribute("data-kepu-style");
  document.head.appendChild(style);

  var bundle = new URL(box.getAttribute("data-kepu-search"), location.href).href;
  var ready = import(bundle + "pagefind.js").then(function (pagefind) {
    return pagefind.options({ baseUrl: siteRoot, highlightParam: "highlight", excerptLength: 40 }).then(function () {
      pagefind.init();
      return pagefind.filters().then(function (filters) {
        Object.keys(selects).forEach(function (name) {
          Object.keys(filters[name] || {}).sort().forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = value;
            selects[name].appendChild(option);
          });
        });
        filterBox.hidden = false;
        return pagefind;
      });
    });
  });

  var current = 0;
  var shown = [];
  var results = [];

  function chosenFilters() {
    var out = {};
    Object.keys(selects).forEach(function (name) {
      if (selects[name].value) out[name] = selects[name].value;
    });
    return out;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* The words found inside longer words (熊猫 in 大熊猫) are indexed from a hidden list at the end of the
     page, and Pagefind's excerpt would quote that list: show the first place the visible text has a query
     word instead, with the query's words marked. Null when the text has none of them as it is. */
  function ownExcerpt(content, query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var at = -1;
    words.forEach(function (w) {
      var i = content.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    if (at < 0) return null;
    var start = Math.max(0, at - 24);
    var text = (start ? "…" : "") + content.slice(start, at + 60) + (at + 60 < content.length ? "…" : "");
    var pattern = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g");
    var p = el("p", "kepu-search-excerpt");
    var last = 0;
    text.replace(pattern, function (match, offset) {
      p.appendChild(document.createTextNode(text.slice(last, offset)));
      p.appendChild(el("mark", "", match));
      last = offset + match.length;
      return match;
    });
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function item(data) {
    var li = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = data.url;
    var article = el("article", "md-search-result__article md-typeset");
    var title = el("h2", "kepu-search-title", data.meta.title || data.url);
    var facts = [data.meta.type, data.meta.district, data.meta.grades].filter(Boolean).join(" · ");
    var meta = el("p", "kepu-search-meta", facts);
    var excerpt = ownExcerpt(data.content, input.value);
    if (!excerpt) {
      excerpt = el("p", "kepu-search-excerpt");
      excerpt.innerHTML = data.excerpt; // Pagefind's: the page's text, escaped, with <mark> around matches
    }
    article.appendChild(title);
    if (facts) article.appendChild(meta);
    article.appendChild(excerpt);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function showMore() {
    var next = results.slice(shown.length, shown.length + PAGE);
    var run = current;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (run !== current) return;
      data.forEach(function (d) { shown.push(d); list.appendChild(item(d)); });
      more.hidden = shown.length >= results.length;
    });
  }

  function hint(text, action) {
    var button = el("button", "kepu-search-hint", text);
    button.type = "button";
    button.addEventListener("click", action);
    hints.appendChild(button);
  }

  /* With no result: the same words without the filters, or the longest leading part of the words that
     finds something (熊猫馆 → 熊猫), and the menu's own filters. */
  function offer(pagefind, query, filters) {
    var tries = [];
    if (Object.keys(filters).length) {
      tries.push(find(pagefind, query, {}).then(function (found) {
        if (found.length) {
          hint("不限类型和区，有 " + found.length + " 个结果", function () {
            Object.keys(selects).forEach(function (name) { selects[name].value = ""; });
            run();
          });
        }
      }));
    }
    var shorter = query.replace(/\s+/g, "");
    var chain = Promise.resolve(false);
    for (var n = shorter.length - 1; n >= 2; n--) {
      (function (word) {
        chain = chain.then(function (found) {
          if (found) return true;
          return find(pagefind, word, filters).then(function (found) {
            if (!found.length) return false;
            hint("试试“" + word + "”（" + found.length + " 个结果）", function () {
              input.value = word;
              run();
            });
            return true;
          });
        });
      })(shorter.slice(0, n));
    }
    tries.push(chain);
    return Promise.all(tries).then(function () {
      var link = el("a", "kepu-search-hint", "在课程菜单中按区、学段、领域筛选");
      link.href = menuUrl;
      hints.appendChild(link);
    });
  }

  /* The browser cuts a Chinese query with its own segmenter, not as the index was cut (研学 is indexed as
     研 / 学): when the words as cut find few pages, the pages that have every character of the query (each
     character of a longer word is indexed, hidden, see generator/site/search.py) follow them. */
  var HAN = /[\u3400-\u9fff]/g;
  function find(pagefind, query, filters) {
    return pagefind.search(query, { filters: filters }).then(function (search) {
      var found = search.results;
      var characters = query.replace(HAN, " $& ").trim();
      if (found.length >= PAGE || characters === query) return found;
      return pagefind.search(characters, { filters: filters }).then(function (loose) {
        var seen = {};
        found.forEach(function (r) { seen[r.id] = true; });
        return found.concat(loose.results.filter(function (r) { return !seen[r.id]; }));
      });
    });
  }

  function run() {
    var query = input.value.trim();
    var run = ++current;
    list.textContent = "";
    hints.textContent = "";
    more.hidden = true;
    shown = [];
    results = [];
    if (!query) {
      status.textContent = "输入关键词搜索场所、课程、活动和线上资源";
      return Promise.resolve();
    }
    var filters = chosenFilters();
    return ready.then(function (pagefind) {
      return find(pagefind, query, filters).then(function (found) {
        if (run !== current) return;
        results = found;
        if (!results.length) {
          status.textContent = "没有找到与“" + query + "”相关的内容。";
          return offer(pagefind, query, filters);
        }
        // Said once the first results are on the list, so that a screen reader can go on to them.
        return showMore().then(function () {
          if (run === current) status.textContent = "找到 " + results.length + " 个结果";
        });
      });
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", run);
  });
  more.querySelector("button").addEventListener("click", showMore);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    }
  });
  if (input.value.trim()) run();
})();
