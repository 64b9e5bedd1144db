/* The header's search box, on Pagefind's API (pagefind/pagefind.js, served by this site).
   Loaded by main.html when the box is first used. A query is looked up by its keys, written as the index
   writes its entries' texts (generator/site/search.py), so a page is found only when its texts have each word
   of the query at the start of one of their words; results show each page's type, district and grade bands
   (its data-pagefind-meta) and can be filtered by type and district (data-pagefind-filter). With no result
   the box says so and helps: the catalogue's nearest words (search-terms.json, fetched then), the menu by
   field, the same words without the filters. */
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
  var termsUrl = box.getAttribute("data-kepu-terms");
  var vocabulary = null;
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

  /* The letters a key holds (SPAN in generator/site/search.py): longer words are compared with the
     results' text here. */
  var SPAN = 6;
  var HAN = /[\u3400-\u9fff]/;

  /* The words of a query as the index's keys see them: NFKC, lower case, cut at anything that is not a letter
     or digit of the Basic Multilingual Plane. */
  function words(query) {
    return query.normalize("NFKC").toLowerCase().split(/(?:[^\p{L}\p{N}]|[\u{10000}-\u{10ffff}])+/u).filter(Boolean);
  }

  /* A word's key: its first SPAN letters, four hexadecimal digits each, one Latin word to Pagefind. */
  function key(word) {
    return Array.from(word.slice(0, SPAN), function (c) { return c.charCodeAt(0).toString(16).padStart(4, "0"); }).join("");
  }

  /* The page's text as words are compared with it: letters and digits only. */
  function letters(text) {
    return words(text).join("");
  }

  /* The first place the visible text has a word of the query, with the query's words marked (the keys at the
     end of the page are no text to quote); else the start of the page's text. */
  function excerpt(content, query) {
    var found = words(query);
    var lower = content.normalize("NFKC").toLowerCase();
    var at = -1;
    var length = 0;
    found.forEach(function (w) {
      var i = lower.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) { at = i; length = w.length; }
    });
    var start = Math.max(0, at - 24);
    var end = at < 0 ? 60 : at + length + 40;
    var text = (start ? "…" : "") + content.slice(start, end) + (end < content.length ? "…" : "");
    var p = el("p", "kepu-search-excerpt");
    var pattern = new RegExp(found.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
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

  /* The result's address with the words searched for, for the highlighter (Pagefind's would carry keys). */
  function address(data, query) {
    var url = new URL(data.url, location.href);
    url.search = "";
    words(query).forEach(function (w) { url.searchParams.append("highlight", w); });
    return url.href;
  }

  function item(data) {
    var li = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = address(data, input.value);
    var article = el("article", "md-search-result__article md-typeset");
    var title = el("h2", "kepu-search-title", data.meta.title || data.url);
    var facts = [data.meta.type, data.meta.district, data.meta.grades].filter(Boolean).join(" · ");
    var meta = el("p", "kepu-search-meta", facts);
    article.appendChild(title);
    if (facts) article.appendChild(meta);
    article.appendChild(excerpt(data.content, input.value));
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

  /* The catalogue's words nearest to the query: most letters shared, then fewest edits. */
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var above = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, diagonal + (a[i - 1] === b[k - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }
  function nearest(terms, query, count) {
    var wanted = letters(query);
    return terms.map(function (term) {
      var shared = 0;
      var left = wanted.split("");
      term.toLowerCase().split("").forEach(function (c) {
        var i = left.indexOf(c);
        if (i >= 0) { shared++; left.splice(i, 1); }
      });
      return { term: term, shared: shared, edits: distance(wanted, term.toLowerCase()) };
    }).filter(function (t) {
      return t.shared > 0 && t.term.toLowerCase() !== wanted;
    }).sort(function (a, b) {
      return b.shared - a.shared || a.edits - b.edits || a.term.length - b.term.length || (a.term < b.term ? -1 : 1);
    }).slice(0, count);
  }

  function loadVocabulary() {
    if (!vocabulary) {
      // Without the words (a lost connection) the help still offers the menu and the word on spelling.
      vocabulary = fetch(termsUrl).then(function (r) { return r.json(); }).catch(function () {
        vocabulary = null;
        return { words: [], fields: [] };
      });
    }
    return vocabulary;
  }

  /* With no result: the same words without the filters, the catalogue's nearest words, the menu by field
     (the nearest fields, else the menu's own filters), and a word on spelling. */
  function offer(pagefind, query, filters) {
    var tries = [loadVocabulary()];
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
    return Promise.all(tries).then(function (done) {
      var terms = done[0];
      var near = nearest(terms.words, query, 6);
      if (near.length) {
        var row = el("p", "kepu-search-words", "目录里相近的词：");
        near.forEach(function (t) {
          var button = el("button", "kepu-search-hint", t.term);
          button.type = "button";
          button.addEventListener("click", function () {
            input.value = t.term;
            run();
          });
          row.appendChild(button);
        });
        hints.appendChild(row);
      }
      var fields = nearest(terms.fields.map(function (f) { return f[0]; }), query, 3);
      terms.fields.forEach(function (field) {
        if (!fields.some(function (t) { return t.term === field[0]; })) return;
        var link = el("a", "kepu-search-hint", "在课程菜单中浏览“" + field[0] + "”领域");
        link.href = new URL(field[1], location.origin + siteRoot).href;
        hints.appendChild(link);
      });
      var menu = el("a", "kepu-search-hint", "在课程菜单中按区、学段、领域筛选");
      menu.href = menuUrl;
      hints.appendChild(menu);
      hints.appendChild(el("p", "kepu-search-note", "请检查有没有错别字，或换一个更短、更常用的词。"));
    });
  }

  /* The pages whose entries' texts have each word of the query at the start of a word (by its key); then,
     for one Chinese word that the browser keeps whole, the pages whose own text has it (a course named on its
     base's page). A word longer than a key is compared with each result's text. */
  var segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  function whole(word) {
    return segmenter !== null && HAN.test(word) && Array.from(segmenter.segment(word)).length === 1;
  }
  /* When a word of the query starts no word of the index, Pagefind answers with the words that share its
     first letters (恐龙 → 龙…, a key → 60): then no page has the query. That is all or nothing, so the best
     result tells: it must hold every word, or the whole answer is dropped. */
  function checked(search, holds) {
    if (!search.results.length) return Promise.resolve([]);
    return search.results[0].data().then(function (data) {
      return holds(data.content) ? search.results : [];
    });
  }
  function find(pagefind, query, filters) {
    var found = words(query);
    if (!found.length) return Promise.resolve([]);
    var keys = found.map(key);
    var searches = [pagefind.search(keys.join(" "), { filters: filters }).then(function (search) {
      return checked(search, function (content) {
        var own = " " + content.replace(/\s+/g, " ");
        return keys.every(function (k) { return own.indexOf(" " + k) >= 0; });
      });
    })];
    if (found.length === 1 && whole(found[0])) {
      searches.push(pagefind.search(found[0], { filters: filters }).then(function (search) {
        return checked(search, function (content) { return letters(content).indexOf(found[0]) >= 0; });
      }));
    }
    return Promise.all(searches).then(function (done) {
      var seen = {};
      var results = [];
      done.forEach(function (list) {
        list.forEach(function (r) {
          if (!seen[r.id]) { seen[r.id] = true; results.push(r); }
        });
      });
      var long = found.filter(function (w) { return w.length > SPAN; });
      if (!long.length) return results;
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (data) {
        return results.filter(function (r, i) {
          var text = letters(data[i].content);
          return long.every(function (w) { return text.indexOf(w) >= 0; });
        });
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
