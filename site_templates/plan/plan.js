/*
 * /plan/ (我的选课单): the programme kept on this device, or the one a share link carries (?p=, read-only until
 * saved). Each course's booking block is taken from the course's own page (section.kepu-booking, with its
 * data-title, data-provider and data-lead-days), so it reads as it does everywhere else. Courses are grouped
 * by provider; each has a planned start date giving its latest booking day, a note, and buttons to move or
 * remove it. Share link, QR code for paper, CSV and "提交为需求" all carry the same encoding (KepuPlan.encode).
 *
 * What comes from the URL, localStorage or the keyboard (school name, notes, dates) is cleaned by the store
 * and only ever written with textContent or value.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-kepu-plan]");
  var header = document.querySelector("[data-kepu-plan-key]");
  var Plan = window.KepuPlan;
  if (!root || !header || !Plan) return;
  var KEY = header.getAttribute("data-kepu-plan-key");
  var list = root.querySelector("[data-plan-list]");
  var status = root.querySelector("[data-plan-status]");
  var school = root.querySelector("#plan-school");
  var notes = root.querySelector("#plan-notes");
  var MISSING = "（已不在目录中的课程）";

  var param = new URLSearchParams(location.search).get("p");
  var shared = param === null ? null : Plan.decode(param);
  var readOnly = shared !== null;
  var plan = shared || Plan.load(KEY);
  var courses = {}; // id -> {title, provider, lead, url, booking} once read; {missing: true, url} if not found
  var ready = false; // every course of the plan read (or found missing)
  // Cells that a spreadsheet would take for a formula start with one of these: such a cell gets a ' first.
  var FORMULA = /^[=+\-@\t\r]/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) {
    status.textContent = text;
  }

  function dayWords(day, withYear) {
    var p = day.split("-");
    return (withYear ? +p[0] + " 年 " : "") + +p[1] + " 月 " + +p[2] + " 日";
  }

  function today() {
    var now = new Date();
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /** The latest booking day in words; whether it needs the provider's word; whether it is only a hint. */
  function bookByWords(item, course) {
    if (!course || course.missing) return { text: "", unknown: false };
    var by = Plan.bookBy(item.start, course.lead);
    // Without a date, the field says what it is for (on screen only: paper says 未填写 beside the date).
    if (by.status === "none") {
      return { text: readOnly ? "" : "填写计划开课日期后，这里显示最晚预约日。", unknown: false, hint: true };
    }
    if (by.status === "unknown") {
      return { text: "提前预约天数未公布：最晚预约日需向提供方确认。", unknown: true };
    }
    if (by.noLead) return { text: "无需提前预约。", unknown: false };
    var now = today();
    var text =
      "最晚 " +
      dayWords(by.day, by.day.slice(0, 4) !== now.slice(0, 4)) +
      "前预约（提前 " +
      course.lead +
      " 天）";
    return { text: text + (by.day < now ? "，这一天已经过去。" : "。"), unknown: false };
  }

  /**
   * The course page's booking block, made ours: ids prefixed, headings one level down, links absolute, and
   * named after its course as well (its h3 on this page, id "plan-" + id).
   */
  function adopt(section, pageUrl, id) {
    var node = document.adoptNode(section);
    var prefix = "plan-" + id + "-";
    var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
    all.forEach(function (e) {
      if (e.id) e.id = prefix + e.id;
      ["aria-labelledby", "aria-describedby"].forEach(function (name) {
        var refs = e.getAttribute(name);
        if (refs)
          e.setAttribute(
            name,
            refs
              .trim()
              .split(/\s+/)
              .map(function (r) {
                return prefix + r;
              })
              .join(" "),
          );
      });
      if (e.tagName === "A" && e.hasAttribute("href")) e.href = new URL(e.getAttribute("href"), pageUrl).href;
    });
    Array.prototype.forEach.call(node.querySelectorAll("h2"), function (h) {
      var h4 = document.createElement("h4");
      h4.id = h.id;
      while (h.firstChild) h4.appendChild(h.firstChild);
      h.parentNode.replaceChild(h4, h);
    });
    // Every block is named 怎样预约: here, with several on one page, each also takes its course's title.
    if (node.hasAttribute("aria-labelledby")) {
      node.setAttribute("aria-labelledby", node.getAttribute("aria-labelledby") + " plan-" + id);
    }
    return node;
  }

  function read(id) {
    var url = new URL(root.getAttribute("data-course-link").replace("{id}", id), location.href).href;
    return fetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        // Only the block and what follows it is parsed (the theme's head and navigation are most of a page);
        // the whole page when the block is not found as written.
        var at = html.indexOf('<section class="kepu-booking"');
        var page = new DOMParser().parseFromString(at < 0 ? html : html.slice(at), "text/html");
        var section = page.querySelector("section.kepu-booking[data-course]");
        if (!section || section.getAttribute("data-course") !== id) throw new Error("no booking block");
        var lead = section.getAttribute("data-lead-days");
        courses[id] = {
          title: section.getAttribute("data-title"),
          provider: section.getAttribute("data-provider"),
          lead: lead === "" || lead === null ? null : Number(lead),
          url: url,
          booking: adopt(section, url, id),
        };
      })
      .catch(function () {
        courses[id] = { missing: true, url: url };
      });
  }

  /** The plan's items by provider, providers in the order of their first course; the flat order to match. */
  function groups() {
    var byProvider = {};
    var order = [];
    plan.items.forEach(function (item) {
      var c = courses[item.id];
      var provider = c && !c.missing ? c.provider : MISSING;
      if (!byProvider[provider]) {
        byProvider[provider] = [];
        order.push(provider);
      }
      byProvider[provider].push(item);
    });
    return order.map(function (provider) {
      return { provider: provider, items: byProvider[provider] };
    });
  }

  function shareLink() {
    var base = root.getAttribute("data-share-url") || location.origin + location.pathname;
    return base + "?p=" + Plan.encode(plan);
  }

  function updateShare() {
    var link = shareLink();
    root.querySelector("[data-plan-link]").value = link;
    root.querySelector('[data-plan-paper="link"]').textContent = link;
    var demand = new URL(root.getAttribute("data-demands-link"), location.href);
    // Appended as it is: the encoding is made of characters a query keeps (searchParams would escape its ~).
    demand.search += "&plan=" + Plan.encode(plan);
    root.querySelector("[data-plan-demand]").href = demand.href;
    root.querySelector('[data-plan-paper="school"]').textContent = plan.school || "（未填写）";
    root.querySelector('[data-plan-paper="notes"]').textContent = plan.notes ? "备注：" + plan.notes : "";
  }

  /*
   * The QR code of the share link, for paper only: drawn when the page is about to print (and when print media
   * is emulated), since making one costs a phone a noticeable moment; on a canvas, which prints at once.
   */
  var drawn = null;
  function drawQr() {
    var link = shareLink();
    if (drawn === link || !window.qrcode) return;
    var qr = window.qrcode(0, "M");
    qr.addData(link);
    qr.make();
    var n = qr.getModuleCount();
    var canvas = root.querySelector("[data-plan-qr]");
    var cell = 4;
    var quiet = 4; // modules of white around the code, as scanners expect
    canvas.width = canvas.height = (n + 2 * quiet) * cell;
    var g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = "#000";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++)
        if (qr.isDark(r, c)) g.fillRect((c + quiet) * cell, (r + quiet) * cell, cell, cell);
    }
    drawn = link;
  }
  window.addEventListener("beforeprint", drawQr);
  var paper = window.matchMedia && window.matchMedia("print");
  if (paper && paper.addEventListener) {
    paper.addEventListener("change", function (event) {
      if (event.matches) drawQr();
    });
  }

  /** Keep the change (unless the plan is someone else's, shown read-only) and bring links up to date. */
  function changed(next) {
    plan = next;
    if (!readOnly) {
      if (!Plan.save(KEY, plan))
        say(
          "这台设备的浏览器不允许保存选课单（如无痕模式或部分应用内浏览器），关闭本页后不会保留：请用分享链接保存它。",
        );
      document.dispatchEvent(new Event("kepu-plan-change"));
    }
    updateShare();
  }

  /** The texts of a course that follow its fields: start date, latest booking day, note. */
  function fill(article, item) {
    article.querySelector(".kepu-plan-start").textContent =
      "计划开课日期：" + (item.start ? dayWords(item.start, true) : "未填写");
    var words = bookByWords(item, courses[item.id]);
    var by = article.querySelector(".kepu-plan-bookby");
    by.textContent = words.text;
    by.classList.toggle("kepu-plan-unknown", words.unknown);
    by.classList.toggle("kepu-plan-hint", words.hint === true);
    article.querySelector(".kepu-plan-note").textContent = item.note ? "备注：" + item.note : "";
  }

  function field(item, label, control) {
    control.id = "plan-" + item.id + "-" + control.name;
    var p = el("p", "kepu-plan-field");
    var l = el("label", "", label);
    l.htmlFor = control.id;
    p.appendChild(l);
    p.appendChild(control);
    return p;
  }

  function tool(text, label, action, disabled) {
    var b = el("button", "md-button kepu-plan-tool", text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.setAttribute("data-action", action);
    b.disabled = disabled;
    return b;
  }

  function titleOf(id) {
    return courses[id].missing ? "编号 " + id : courses[id].title;
  }

  /*
   * One course: its title, booking block, start date and latest booking day, note, and (on one's own plan)
   * the fields and buttons. What the fields hold is also written as text, which paper shows instead.
   */
  function courseArticle(item, first, last) {
    var course = courses[item.id];
    var title = titleOf(item.id);
    var article = el("article", "kepu-plan-course");
    article.setAttribute("data-course", item.id);
    var h3 = el("h3");
    h3.id = "plan-" + item.id;
    article.setAttribute("aria-labelledby", h3.id);
    var a = el("a", "", title);
    a.href = course.url;
    h3.appendChild(a);
    article.appendChild(h3);
    article.appendChild(
      course.missing
        ? el("p", "kepu-plan-unknown", "这门课程已不在目录中，或暂时无法读取它的页面。")
        : course.booking,
    );
    var paper = readOnly ? "" : " kepu-plan-paper-only";
    if (!readOnly) {
      var start = el("input");
      start.type = "date";
      start.name = "start";
      start.value = item.start;
      article.appendChild(field(item, "计划开课日期", start));
    }
    article.appendChild(el("p", "kepu-plan-start" + paper));
    article.appendChild(el("p", "kepu-plan-bookby"));
    if (!readOnly) {
      var note = el("textarea");
      note.name = "note";
      note.rows = 2;
      note.maxLength = Plan.MAX_NOTE;
      note.value = item.note;
      article.appendChild(field(item, "备注（年级、班级、人数等）", note));
    }
    article.appendChild(el("p", "kepu-plan-note" + paper));
    if (!readOnly) {
      var tools = el("p", "kepu-plan-tools");
      tools.appendChild(tool("上移", "上移：" + title, "up", first));
      tools.appendChild(tool("下移", "下移：" + title, "down", last));
      tools.appendChild(tool("移出选课单", "移出选课单：" + title, "remove", false));
      article.appendChild(tools);
    }
    fill(article, item);
    return article;
  }

  function cell(value) {
    var text = String(value);
    if (FORMULA.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  /** A booking block as lines "label：text", its facts in the block's own words and order. */
  function bookingText(course) {
    if (course.missing) return "";
    var labels = course.booking.querySelectorAll("dt");
    var squash = function (node) {
      return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
    };
    if (!labels.length) return squash(course.booking);
    return Array.prototype.map
      .call(labels, function (dt) {
        return squash(dt) + "：" + squash(dt.nextElementSibling);
      })
      .join("\n");
  }

  /** The plan as CSV (header row, one row a course in the page's order, CRLF line ends, every cell quoted). */
  function csv() {
    var rows = [["提供方", "课程", "网址", "计划开课日期", "最晚预约日", "提前预约天数", "怎样预约", "备注"]];
    groups().forEach(function (g) {
      g.items.forEach(function (item) {
        var c = courses[item.id];
        var by = c.missing ? { status: "none" } : Plan.bookBy(item.start, c.lead);
        var day = by.status === "by" ? by.day : by.status === "unknown" ? "需向提供方确认" : "";
        var lead = c.missing ? "" : c.lead === null ? "未公布" : c.lead;
        rows.push([g.provider, titleOf(item.id), c.url, item.start, day, lead, bookingText(c), item.note]);
      });
    });
    return (
      rows
        .map(function (row) {
          return row.map(cell).join(",");
        })
        .join("\r\n") + "\r\n"
    );
  }

  function render() {
    var gs = groups();
    list.textContent = "";
    if (ready) {
      // The stored order is the order shown: a course moves within its provider's group.
      plan.items = [].concat.apply(
        [],
        gs.map(function (g) {
          return g.items;
        }),
      );
    }
    (ready ? gs : []).forEach(function (g, n) {
      var section = el("section", "kepu-plan-provider");
      var h2 = el("h2", "", g.provider);
      h2.id = "plan-provider-" + n;
      section.setAttribute("aria-labelledby", h2.id);
      section.appendChild(h2);
      g.items.forEach(function (item, i) {
        section.appendChild(courseArticle(item, i === 0, i === g.items.length - 1));
      });
      list.appendChild(section);
    });
    var empty = plan.items.length === 0;
    root.querySelector(".kepu-plan-empty").hidden = !ready || !empty || readOnly;
    root.querySelector(".kepu-plan-share").hidden = !ready || empty;
    if (empty && readOnly) say("这张分享的选课单里没有课程。");
    school.value = plan.school;
    notes.value = plan.notes;
    school.readOnly = notes.readOnly = readOnly;
    updateShare();
  }

  function itemOf(node) {
    var article = node.closest("article.kepu-plan-course");
    var id = article && article.getAttribute("data-course");
    var found = plan.items.filter(function (it) {
      return it.id === id;
    });
    return found.length ? { article: article, item: found[0] } : null;
  }

  list.addEventListener("input", function (event) {
    var at = itemOf(event.target);
    if (!at || readOnly) return;
    var change = {};
    change[event.target.name] = event.target.value;
    changed(Plan.update(plan, at.item.id, change));
    fill(at.article, itemOf(event.target).item);
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    var at = button && itemOf(button);
    if (!at || readOnly) return;
    var id = at.item.id;
    var action = button.getAttribute("data-action");
    var title = titleOf(id);
    if (action === "remove") {
      var position = plan.items.indexOf(at.item);
      changed(Plan.remove(plan, id));
      render();
      say("已移出选课单：" + title);
      // Focus stays in the list: on the course that took its place, or the one before, else the school field.
      var rest = list.querySelectorAll('[data-action="remove"]');
      (rest[Math.min(position, rest.length - 1)] || school).focus();
      return;
    }
    changed(Plan.move(plan, id, action === "up" ? -1 : 1));
    render();
    say((action === "up" ? "已上移：" : "已下移：") + title);
    var moved = list.querySelector('[data-course="' + id + '"]');
    var again = moved.querySelector('[data-action="' + action + '"]');
    (again.disabled
      ? moved.querySelector('[data-action="' + (action === "up" ? "down" : "up") + '"]')
      : again
    ).focus();
  });

  school.addEventListener("input", function () {
    if (!readOnly) changed(Plan.describe(plan, { school: school.value }));
  });
  notes.addEventListener("input", function () {
    if (!readOnly) changed(Plan.describe(plan, { notes: notes.value }));
  });

  root.querySelector("[data-plan-copy]").addEventListener("click", function () {
    var input = root.querySelector("[data-plan-link]");
    var done = function () {
      say("分享链接已复制。");
    };
    var fallback = function () {
      input.select();
      say(
        document.execCommand && document.execCommand("copy")
          ? "分享链接已复制。"
          : "请长按或选中上面的链接复制。",
      );
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(input.value).then(done, fallback);
    else fallback();
  });
  root.querySelector("[data-plan-print]").addEventListener("click", function () {
    window.print();
  });
  root.querySelector("[data-plan-csv]").addEventListener("click", function () {
    var blob = new Blob(["\ufeff" + csv()], { type: "text/csv;charset=utf-8" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "选课单" + (plan.school ? "-" + plan.school.replace(/[\\/:*?"<>|]/g, "") : "") + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
    }, 10000);
  });

  var saveButton = root.querySelector("[data-plan-save]");
  saveButton.addEventListener("click", function () {
    if (!Plan.save(KEY, plan)) {
      say("这台设备的浏览器不允许保存选课单（如无痕模式或部分应用内浏览器）。");
      return;
    }
    readOnly = false;
    root.querySelector(".kepu-plan-shared").hidden = true;
    history.replaceState(null, "", location.pathname);
    document.dispatchEvent(new Event("kepu-plan-change"));
    render();
    say("已保存到我的选课单。");
    school.focus();
  });

  var notice =
    param !== null && !shared
      ? "链接里的选课单无法读取（可能不完整或已损坏），下面是这台设备上保存的选课单。"
      : "";
  root.querySelector(".kepu-plan-shared").hidden = !readOnly;
  if (readOnly) {
    var mine = Plan.load(KEY).items.length;
    if (mine) saveButton.textContent = "保存到我的选课单（替换这台设备上现有的 " + mine + " 门课程）";
  }
  root.querySelector('[data-plan-paper="date"]').textContent = dayWords(today(), true).replace(/ /g, "");
  say(plan.items.length ? "正在读取 " + plan.items.length + " 门课程的预约信息……" : notice);
  Promise.all(
    plan.items.map(function (item) {
      return read(item.id);
    }),
  ).then(function () {
    ready = true;
    say(notice);
    render();
  });
  render();
})();
