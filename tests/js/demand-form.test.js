// The demand form's text, e-mail link and 选课单 hand-over (site_templates/demands/form.js) under Node's own
// test runner.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const form = require(path.join(__dirname, "..", "..", "site_templates", "demands", "form.js"));

test("the text is the issue form's layout after one line saying where it comes from", () => {
  const text = form.bodyText("来自需求页", [
    { label: "学校或教育局名称", text: "天河区某小学" },
    { label: "学段", text: "小学中年级, 小学高年级" },
    { label: "学生人数", text: "" },
  ]);
  assert.equal(text, "来自需求页\n\n### 学校或教育局名称\n\n天河区某小学\n\n### 学段\n\n小学中年级, 小学高年级\n\n### 学生人数\n\n\n");
});

test("a mailto link percent-encodes the subject and body, with CRLF line breaks", () => {
  const body = "第一行 & ?=#%\n第二行 😀";
  const href = form.mailto("xuqiu@example.gov.cn", "需求：A&B", body);
  assert.ok(href.startsWith("mailto:xuqiu@example.gov.cn?subject="));
  // The text's own "&", "?", "#", "%" and line breaks are all encoded: one query, two fields, nothing raw.
  assert.ok(!/[\s#]/.test(href));
  assert.equal(href.split("?").length, 2);
  assert.equal(href.split("&").length, 2);
  const query = new URLSearchParams(href.slice(href.indexOf("?") + 1));
  assert.equal(query.get("subject"), "需求：A&B");
  assert.equal(query.get("body"), "第一行 & ?=#%\r\n第二行 😀");
  // No address known: the client asks for one.
  assert.ok(form.mailto("", "s", "b").startsWith("mailto:?subject=s&body=b"));
  // An address is data, not syntax: what could start a query is encoded.
  assert.ok(form.mailto("a?b@example.cn", "s", "b").startsWith("mailto:a%3Fb@example.cn?"));
});

test("a programme gives the school, the earliest start and the courses by title", () => {
  const plan = {
    school: "白云区某小学",
    notes: "全年级",
    items: [
      { id: "c-one", start: "2027-04-01", note: "" },
      { id: "c-two", start: "2027-03-15", note: "两个班" },
      { id: "c-three", start: "", note: "" },
    ],
  };
  const got = form.planAnswers(plan, { "c-one": "认识植物", toString: "x" });
  assert.equal(got.requester_name, "白云区某小学");
  assert.equal(got.period_start, "2027-03-15");
  assert.deepEqual(got.text.split("\n"), [
    "选课单中的课程（3 门）：",
    "1. 认识植物（c-one），计划 2027-04-01 开始",
    "2. c-two，计划 2027-03-15 开始；备注：两个班",
    "3. c-three",
    "",
    "全年级",
  ]);
  assert.equal(form.planAnswers({ school: "", notes: "", items: [] }, {}), null);
  assert.equal(form.planAnswers(null, {}), null);
  // A course id that names an inherited property of an object is not a title.
  assert.equal(form.planAnswers({ items: [{ id: "constructor", start: "", note: "" }] }, {}).text.split("\n")[1], "1. constructor");
});

test("a link's plan is read through the store when there is one", () => {
  const params = new URLSearchParams("from=plan&plan=abc");
  const store = { decode: (s) => (s === "abc" ? { school: "", notes: "", items: [] } : null) };
  assert.deepEqual(form.planFromLink(params, store), { school: "", notes: "", items: [] });
  assert.equal(form.planFromLink(params, undefined), null);
  assert.equal(form.planFromLink(new URLSearchParams("from=plan"), store), null);
});
