/*
 * /demands/#submit: a school's demand written out without a GitHub account — as an e-mail to the body that
 * receives its district's demands, as text to copy (mailto: often does nothing inside WeChat), and on the
 * printable 需求登记表. The questions are the page's (built from the repository's issue form); the text is laid
 * out as GitHub writes a submitted form ("### 标签", a blank line, the answer), so a maintainer converts it with
 * `python -m generator from-issue` like any submission.
 *
 * Everything typed, and everything a link hands over (?<field id>=…, a 选课单), is shown as text only: value,
 * textContent and an href built here with encodeURIComponent behind a fixed mailto: scheme.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuDemandForm = factory();
})(this, function () {
  "use strict";

  /** One question's answer as the issue form's body writes it ("" when not answered). */
  function answerOf(question) {
    var box = question.box;
    if (question.control === "choices" || question.control === "confirm") {
      var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
      if (question.control === "confirm") {
        return boxes
          .map(function (b) {
            return (b.checked ? "- [X] " : "- [ ] ") + b.value;
          })
          .join("\n");
      }
      return boxes
        .filter(function (b) {
          return b.checked;
        })
        .map(function (b) {
          return b.value;
        })
        .join(", ");
    }
    return box.querySelector("input, select, textarea").value.trim();
  }

  /** The demand as the text of a submitted issue form, after a line saying where it comes from. */
  function bodyText(preface, answers) {
    var parts = [preface];
    answers.forEach(function (a) {
      parts.push("### " + a.label + "\n\n" + a.text);
    });
    return parts.join("\n\n") + "\n";
  }

  /** A mailto: link to `address` ("" for none) with the subject and body percent-encoded (RFC 6068). */
  function mailto(address, subject, body) {
    var to = encodeURIComponent(address).replace(/%40/g, "@");
    var text = body.replace(/\r?\n/g, "\r\n");
    return "mailto:" + to + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(text);
  }

  /**
   * The answers a 选课单 link hands over: the school's name, the earliest planned start and, in the demand's
   * text, each course (its title when `titles` knows it) with its planned start and note. `plan` is what the
   * programme store's decode() returns ({school, notes, items: [{id, start, note}]}), or null.
   */
  function planAnswers(plan, titles) {
    if (!plan || !plan.items || !plan.items.length) return null;
    var lines = ["选课单中的课程（" + plan.items.length + " 门）："];
    var starts = [];
    plan.items.forEach(function (item, i) {
      var title = titles && Object.prototype.hasOwnProperty.call(titles, item.id) ? titles[item.id] : "";
      var line = i + 1 + ". " + (title ? title + "（" + item.id + "）" : item.id);
      if (item.start) {
        line += "，计划 " + item.start + " 开始";
        starts.push(item.start);
      }
      if (item.note) line += "；备注：" + item.note;
      lines.push(line);
    });
    if (plan.notes) lines.push("", plan.notes);
    var out = { text: lines.join("\n") };
    if (plan.school) out.requester_name = plan.school;
    if (starts.length) out.period_start = starts.sort()[0];
    return out;
  }

  /**
   * The 选课单 a link carries, read through the programme store's decode() when the page has loaded it; null
   * when it has not or the link holds no plan. The one place the page depends on the store.
   */
  function planFromLink(params, store) {
    var encoded = params.get("plan");
    if (!encoded || !store || typeof store.decode !== "function") return null;
    return store.decode(encoded);
  }

  function start(doc, win) {
    var section = doc.getElementById("submit");
    var form = section && section.querySelector("form.kepu-demand-form");
    if (!form) return;
    var questions = Array.prototype.slice.call(form.querySelectorAll(".kepu-q")).map(function (box) {
      return { box: box, id: box.dataset.field, label: box.dataset.label, control: box.dataset.control };
    });
    var byId = {};
    questions.forEach(function (q) {
      byId[q.id] = q;
    });
    var mail = section.querySelector(".kepu-demand-mail");
    var preview = section.querySelector("textarea.kepu-demand-text");
    var status = section.querySelector(".kepu-demand-status");
    var recipient = section.querySelector(".kepu-demand-recipient");
    var warning = section.querySelector(".kepu-demand-warning");
    var sheet = doc.querySelector(".kepu-demand-sheet");
    var mobile = null;
    try {
      mobile = new RegExp(form.dataset.mobile);
    } catch (e) {
      mobile = null; // an engine without look-behind: the maintainers' check still refuses the number
    }

    function route(districtName) {
      var district = byId[form.dataset.districtField];
      var option = district && district.box.querySelector("option[value='" + CSS.escape(districtName) + "']");
      var key = option ? option.dataset.district : "";
      return key ? section.querySelector(".kepu-demand-route-data [data-district='" + CSS.escape(key) + "']") : null;
    }

    function say(words) {
      status.textContent = words;
    }

    function update() {
      var answers = questions.map(function (q) {
        return { id: q.id, label: q.label, text: answerOf(q) };
      });
      var values = {};
      answers.forEach(function (a) {
        values[a.id] = a.text;
      });
      var row = route(values[form.dataset.districtField] || "");
      var body = row ? row.dataset.body : "";
      var address = row ? row.dataset.email : "";
      var subject =
        "科普课后服务需求：" + (values[form.dataset.nameField] || "（未填学校名称）") +
        (values[form.dataset.districtField] ? "（" + values[form.dataset.districtField] + "）" : "");
      var text = bodyText(form.dataset.preface + (body ? "\n报送单位：" + body : ""), answers);
      preview.value = text;
      mail.href = mailto(address, subject, text);
      recipient.textContent = row ? row.dataset.says : form.dataset.noDistrict;
      var found = mobile && answers.some(function (a) {
        return mobile.test(a.text);
      });
      warning.hidden = !found;
      if (sheet) fillSheet(values, body, row ? row.dataset.address : "");
    }

    function fillSheet(values, body, address) {
      sheet.querySelector("[data-sheet=body]").textContent = body;
      sheet.querySelector("[data-sheet=address]").textContent = address;
      Array.prototype.forEach.call(sheet.querySelectorAll(".kepu-sheet-value[data-field]"), function (el) {
        el.textContent = values[el.dataset.field] || "";
      });
      Array.prototype.forEach.call(sheet.querySelectorAll(".kepu-sheet-option"), function (el) {
        var q = byId[el.dataset.field];
        var chosen = Array.prototype.some.call(q.box.querySelectorAll("input:checked, option:checked"), function (c) {
          return c.value === el.dataset.option;
        });
        el.toggleAttribute("data-on", chosen);
      });
    }

    function set(id, value) {
      var q = byId[id];
      if (!q || typeof value !== "string") return;
      if (q.control === "choices" || q.control === "confirm") {
        var wanted = value.split(",").map(function (v) {
          return v.trim();
        });
        Array.prototype.forEach.call(q.box.querySelectorAll("input[type=checkbox]"), function (b) {
          b.checked = wanted.indexOf(b.value) >= 0;
        });
      } else {
        q.box.querySelector("input, select, textarea").value = value;
      }
    }

    function copy() {
      function fallback() {
        preview.focus();
        preview.select();
        var done = false;
        try {
          done = doc.execCommand("copy");
        } catch (e) {
          done = false;
        }
        say(done ? "已复制，可以粘贴到微信、邮件或公文里。" : "文字已选中：请按 Ctrl+C，或长按后选“复制”。");
      }
      update();
      if (win.navigator.clipboard && win.isSecureContext) {
        win.navigator.clipboard.writeText(preview.value).then(function () {
          say("已复制，可以粘贴到微信、邮件或公文里。");
        }, fallback);
      } else {
        fallback();
      }
    }

    // Answers in the link, by field id, as GitHub's issue forms take them; then a 选课单 handed over.
    var params = new URLSearchParams(win.location.search);
    questions.forEach(function (q) {
      if (params.has(q.id)) set(q.id, params.get(q.id));
    });
    var plan = params.get("from") === "plan" ? planFromLink(params, win.KepuPlan) : null;
    if (plan) {
      win
        .fetch(form.dataset.titles)
        .then(function (r) {
          return r.ok ? r.json() : {};
        })
        .catch(function () {
          return {};
        })
        .then(function (titles) {
          var given = planAnswers(plan, titles) || {};
          Object.keys(given).forEach(function (id) {
            set(id, given[id]);
          });
          update();
          say("已从选课单填入课程，请补全其余各项。");
        });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    section.querySelector(".kepu-demand-copy").addEventListener("click", copy);
    section.querySelector(".kepu-demand-print").addEventListener("click", function () {
      update();
      win.print();
    });
    mail.addEventListener("click", update);
    update();
    section.classList.add("kepu-demand-ready");
  }

  if (typeof document !== "undefined" && typeof window !== "undefined") start(document, window);
  return { answerOf: answerOf, bodyText: bodyText, mailto: mailto, planAnswers: planAnswers, planFromLink: planFromLink };
});
