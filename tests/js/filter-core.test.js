// The menu's filter core (site_templates/menu/filter-core.js) under Node's own test runner.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const core = require(path.join(__dirname, "..", "..", "site_templates", "menu", "filter-core.js"));

// Groups as the view builds them: per option whether it is ticked, per item its option indices.
function group(ticked, values) {
  const selected = Uint8Array.from(ticked);
  return { selected, any: ticked.some(Boolean), values };
}

// Five items; districts a/b/c (0/1/2), grades x/y (0/1).
const DISTRICT = [[0], [1], [0, 2], [2], []];
const GRADE = [[0], [0, 1], [1], [1], [0]];
const TEXTS = ["天文 观星", "海洋", "天文 海洋", "植物", "机器人"].map(core.normalise);

test("within a group any ticked option matches, across groups all must", () => {
  const result = core.run([group([1, 1, 0], DISTRICT), group([0, 1], GRADE)], TEXTS, []);
  assert.deepEqual(Array.from(result.matches), [0, 1, 1, 0, 0]);
  assert.equal(result.total, 2);
});

test("nothing ticked and no words: every item matches, each option counts its items", () => {
  const result = core.run([group([0, 0, 0], DISTRICT), group([0, 0], GRADE)], TEXTS, []);
  assert.equal(result.total, 5);
  assert.deepEqual(Array.from(result.tallies[0]), [2, 1, 2]);
  assert.deepEqual(Array.from(result.tallies[1]), [3, 3]);
});

test("an option counts the items it would give with the other groups as they are", () => {
  const groups = [group([1, 0, 0], DISTRICT), group([0, 1], GRADE)];
  const result = core.run(groups, TEXTS, []);
  assert.deepEqual(Array.from(result.matches), [0, 0, 1, 0, 0]);
  // District options within grade y: b has item 1, c has items 2 and 3, a has item 2.
  assert.deepEqual(Array.from(result.tallies[0]), [1, 1, 2]);
  // Grade options within district a: x has item 0, y has item 2.
  assert.deepEqual(Array.from(result.tallies[1]), [1, 1]);
  assert.deepEqual(result.drops, [2, 1]); // items 1 and 3 fail only the district, item 0 only the grade
});

test("words must all be found, without regard to case or full width", () => {
  const texts = ["Robot 机器人", "ＲＯＢＯＴ 海洋", "天文"].map(core.normalise);
  const none = group([0], [[], [], []]);
  assert.deepEqual(Array.from(core.run([none], texts, core.words("robot")).matches), [1, 1, 0]);
  assert.deepEqual(Array.from(core.run([none], texts, core.words(" robot  海洋 ")).matches), [0, 1, 0]);
  assert.deepEqual(core.words("  "), []);
});

test("ids the form does not offer are dropped", () => {
  assert.deepEqual(core.indices(["b", "zz", "a", "constructor"], { a: 0, b: 1 }), [1, 0]);
});

test("with nothing left, suggestions name what to clear and how many it gives", () => {
  const suggest = (district, grade, typed) => {
    const groups = [group(district, DISTRICT), group(grade, GRADE)];
    return core.suggestions(groups, core.run(groups, TEXTS, core.words(typed)));
  };
  // Item 3 fails only the district, item 2 only the words.
  assert.deepEqual(suggest([1, 0, 0], [0, 1], "植物"), [{ group: 0, count: 1 }, { words: true, count: 1 }]);
  // Item 4 fails only the district; every other item fails two things.
  assert.deepEqual(suggest([0, 0, 1], [1, 0], "机器人"), [{ group: 0, count: 1 }]);
  // Nothing fails one thing alone: clear everything.
  assert.deepEqual(suggest([0, 0, 1], [1, 0], "不存在"), [{ all: true, count: 5 }]);
  // Something matches: nothing to suggest.
  assert.deepEqual(suggest([1, 0, 0], [0, 0], ""), []);
});

test("the filters in words", () => {
  assert.equal(core.describe([], ""), "");
  assert.equal(
    core.describe([{ legend: "场馆在哪个区", names: ["天河区", "越秀区"] }, { legend: "费用", names: ["免费"] }], " 天文 "),
    "场馆在哪个区：天河区、越秀区；费用：免费；关键词：“天文”"
  );
});

test("本周末 is the coming Saturday and Sunday, 下个月 the next calendar month", () => {
  // 2026-12-02 is a Wednesday.
  assert.deepEqual(core.ranges(new Date(2026, 11, 2)), {
    "this-weekend": ["2026-12-05", "2026-12-06"],
    "next-month": ["2027-01-01", "2027-01-31"],
  });
  assert.deepEqual(core.ranges(new Date(2026, 11, 5))["this-weekend"], ["2026-12-05", "2026-12-06"]); // Saturday
  assert.deepEqual(core.ranges(new Date(2026, 11, 6))["this-weekend"], ["2026-12-06", "2026-12-06"]); // Sunday
  assert.deepEqual(core.ranges(new Date(2027, 0, 29)), {
    "this-weekend": ["2027-01-30", "2027-01-31"],
    "next-month": ["2027-02-01", "2027-02-28"],
  });
  assert.deepEqual(core.ranges(new Date(2028, 0, 31))["next-month"], ["2028-02-01", "2028-02-29"]); // leap year
  assert.deepEqual(core.ranges(new Date(2027, 3, 29))["this-weekend"], ["2027-05-01", "2027-05-02"]);
});

test("a course fits a date choice by its times and its term", () => {
  const spans = core.ranges(new Date(2026, 11, 2));
  assert.deepEqual(core.dateChoices(["weekend", "holiday"], null, spans), ["this-weekend", "next-month"]);
  assert.deepEqual(core.dateChoices(["after-school"], null, spans), ["next-month"]);
  assert.deepEqual(core.dateChoices(["weekend"], ["2026-12-06", "2026-12-06"], spans), ["this-weekend"]);
  assert.deepEqual(core.dateChoices(["weekend"], ["2026-12-07", "2027-01-01"], spans), ["next-month"]);
  assert.deepEqual(core.dateChoices(["weekend"], ["2025-12-18", "2025-12-18"], spans), []);
  assert.deepEqual(core.dateChoices(["holiday"], ["2027-02-01", "2027-02-20"], spans), []);
});

test("a range of days in words", () => {
  assert.equal(core.rangeWords(["2026-12-05", "2026-12-06"]), "12月5日至6日");
  assert.equal(core.rangeWords(["2027-01-31", "2027-02-01"]), "1月31日至2月1日");
  assert.equal(core.rangeWords(["2026-12-06", "2026-12-06"]), "12月6日");
});
