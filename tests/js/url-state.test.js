// The menu's URL state (site_templates/menu/url-state.js) under Node's own test runner.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const url = require(path.join(__dirname, "..", "..", "site_templates", "menu", "url-state.js"));

test("a query gives the ids wanted per group and the words", () => {
  const state = url.parse("?district=a,b&grade=x&grade=y&field=&other=1&q=%E5%A4%A9%E6%96%87", ["district", "grade", "field"]);
  assert.deepEqual(state.groups, { district: { a: true, b: true }, grade: { x: true, y: true }, field: {} });
  assert.equal(state.q, "天文");
  assert.deepEqual(url.parse("", ["district"]), { groups: { district: {} }, q: "" });
});

test("a state is written comma-separated in the groups' order, empty groups left out", () => {
  const search = url.serialise(
    [{ key: "when", ids: ["this-weekend"] }, { key: "district", ids: [] }, { key: "grade", ids: ["middle", "upper"] }],
    " 天文 馆 "
  );
  assert.equal(search, "?when=this-weekend&grade=middle,upper&q=" + encodeURIComponent("天文 馆"));
  assert.equal(url.serialise([{ key: "grade", ids: [] }], "  "), "");
});

test("what is written reads back the same", () => {
  const chosen = [{ key: "district", ids: ["a&b", "c,d"] }, { key: "grade", ids: ["upper"] }];
  const state = url.parse(url.serialise(chosen, "x&y=1"), ["district", "grade"]);
  // An id with a comma cannot survive the comma-separated form; the generator's ids never have one.
  assert.deepEqual(state.groups.grade, { upper: true });
  assert.ok(state.groups.district["a&b"]);
  assert.equal(state.q, "x&y=1");
});

test("the printed link is the page with the state's query and no fragment", () => {
  assert.equal(
    url.link("https://example.gov.cn/kepu/menu/?old=1#courses", "?grade=upper&q=%E5%A4%A9"),
    "https://example.gov.cn/kepu/menu/?grade=upper&q=%E5%A4%A9"
  );
  assert.equal(url.link("http://127.0.0.1:8000/menu/?a=b", ""), "http://127.0.0.1:8000/menu/");
});
