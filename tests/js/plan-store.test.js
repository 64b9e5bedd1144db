// The programme store (site_templates/plan/store.js): editing, the share link's encoding and what it refuses,
// the latest booking day, and localStorage that may be missing or failing.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const Plan = require(path.join(__dirname, "..", "..", "site_templates", "plan", "store.js"));

function planOf(...ids) {
  return ids.reduce((plan, id) => Plan.add(plan, id), Plan.empty());
}

function ids(plan) {
  return plan.items.map((it) => it.id);
}

/** Text in the share link's alphabet, base64url of a string's UTF-8 (for hand-made, hostile links). */
function b64(text) {
  return Buffer.from(text, "utf8").toString("base64url");
}

test("add keeps order, ignores repeats and invalid ids, and does not change its argument", () => {
  const one = planOf("a-course");
  const two = Plan.add(one, "b-course");
  assert.deepEqual(ids(one), ["a-course"]);
  assert.deepEqual(ids(two), ["a-course", "b-course"]);
  assert.deepEqual(ids(Plan.add(two, "a-course")), ["a-course", "b-course"]);
  for (const bad of ["", "A-Course", "a--b", "-a", "a b", "<script>", "a".repeat(81), 7, null]) {
    assert.deepEqual(ids(Plan.add(two, bad)), ["a-course", "b-course"], String(bad));
  }
  assert.equal(Plan.has(two, "b-course"), true);
  assert.equal(Plan.has(two, "c-course"), false);
});

test("a plan holds at most MAX_ITEMS courses", () => {
  let plan = Plan.empty();
  for (let i = 0; i < Plan.MAX_ITEMS + 5; i++) plan = Plan.add(plan, `c${i}`);
  assert.equal(plan.items.length, Plan.MAX_ITEMS);
  assert.equal(plan.items.at(-1).id, `c${Plan.MAX_ITEMS - 1}`);
});

test("remove and move", () => {
  const plan = planOf("a", "b", "c");
  assert.deepEqual(ids(Plan.remove(plan, "b")), ["a", "c"]);
  assert.deepEqual(ids(Plan.remove(plan, "z")), ["a", "b", "c"]);
  assert.deepEqual(ids(Plan.move(plan, "c", -1)), ["a", "c", "b"]);
  assert.deepEqual(ids(Plan.move(plan, "a", 1)), ["b", "a", "c"]);
  assert.deepEqual(ids(Plan.move(plan, "a", -1)), ["a", "b", "c"]);
  assert.deepEqual(ids(Plan.move(plan, "c", 1)), ["a", "b", "c"]);
  assert.deepEqual(ids(Plan.move(plan, "z", 1)), ["a", "b", "c"]);
});

test("update and describe clean what is typed", () => {
  let plan = Plan.update(planOf("a", "b"), "b", { start: "2027-03-05", note: "  第二周\u0007 " });
  assert.deepEqual(plan.items[1], { id: "b", start: "2027-03-05", note: "第二周" });
  plan = Plan.update(plan, "b", { note: "只改备注" });
  assert.equal(plan.items[1].start, "2027-03-05");
  plan = Plan.update(plan, "b", { start: "2027-02-30" });
  assert.equal(plan.items[1].start, "");
  plan = Plan.describe(plan, { school: "白云区\n某小学\u202e", notes: "第一行\r\n第二行" });
  assert.equal(plan.school, "白云区某小学");
  assert.equal(plan.notes, "第一行\n第二行");
  assert.equal(Plan.describe(plan, { school: "校".repeat(100) }).school.length, Plan.MAX_SCHOOL);
  // Cut by code points: an emoji at the limit is kept whole or left out, never halved.
  const emoji = Plan.describe(plan, { school: "校".repeat(Plan.MAX_SCHOOL - 1) + "😀😀" }).school;
  assert.equal(Array.from(emoji).length, Plan.MAX_SCHOOL);
  assert.ok(emoji.endsWith("😀"));
});

test("dates must be real calendar days", () => {
  assert.equal(Plan.date("2028-02-29"), "2028-02-29");
  for (const bad of [
    "2027-02-29",
    "2027-13-01",
    "2027-00-10",
    "2027-1-5",
    "27-01-05",
    "1999-12-31",
    "2027-01-05x",
    20270105,
  ]) {
    assert.equal(Plan.date(bad), "", String(bad));
  }
});

test("encode and decode round-trip, URL-safe and compact", () => {
  let plan = planOf("gdsc-school-visit", "scbg-plant-explorer-visit", "gzzoo-animal-guided-visit");
  plan = Plan.update(plan, "scbg-plant-explorer-visit", { start: "2027-03-10", note: "四年级 2 个班 & <b>" });
  plan = Plan.describe(plan, { school: "广州市白云区某小学", notes: "课后服务第二学期\n每周四" });
  const encoded = Plan.encode(plan);
  assert.match(encoded, /^[A-Za-z0-9._~-]+$/);
  assert.equal(encodeURIComponent(encoded), encoded);
  assert.deepEqual(Plan.decode(encoded), plan);
  assert.deepEqual(Plan.decode(Plan.encode(Plan.empty())), Plan.empty());
  // Ids and dates as they are: three bare courses take their ids and a few separators.
  assert.equal(Plan.encode(planOf("a-course", "b-course")), "1...a-course.b-course");
  assert.equal(Plan.encode(Plan.update(planOf("a"), "a", { start: "2027-03-10" })), "1...a~20270310");
});

test("the longest plan there can be encodes within the limit decode accepts", () => {
  let plan = Plan.describe(Plan.empty(), { school: "😀".repeat(99), notes: "😀".repeat(999) });
  for (let i = 0; i < Plan.MAX_ITEMS; i++) {
    const id = `${i}-`.padEnd(80, "x");
    plan = Plan.update(Plan.add(plan, id), id, { start: "2027-03-10", note: "😀".repeat(999) });
  }
  const encoded = Plan.encode(plan);
  assert.ok(encoded.length <= Plan.MAX_ENCODED, encoded.length);
  assert.deepEqual(Plan.decode(encoded), plan);
});

test("decode rejects what is not a plan of ours", () => {
  const bad = [
    undefined,
    null,
    42,
    "",
    "1",
    "1.",
    "2...a",
    "x...a",
    "1...a b",
    "1...<x>",
    "1...a%20",
    "1..." + "a.".repeat(30000),
  ];
  for (const text of bad) assert.equal(Plan.decode(text), null, String(text).slice(0, 40));
});

test("decode cleans a hostile plan", () => {
  const items = [
    `ok-one~20270310~${b64("备注")}`,
    "ok-two~20270231~A",
    "ok-two~20270101",
    "Not-An-Id",
    "bad~~~too-many-fields",
    `ok-three~2027-03-10~${b64("x".repeat(1000))}`,
    `ok-four~~${Buffer.from([0xff, 0xfe]).toString("base64url")}`,
    "",
  ];
  for (let i = 0; i < 100; i++) items.push(`extra-${i}`);
  const school = b64("<script>alert(1)</script>".repeat(10));
  const plan = Plan.decode(["1", school, "A", ...items].join("."));
  assert.equal(plan.school, "<script>alert(1)</script>".repeat(10).slice(0, Plan.MAX_SCHOOL));
  assert.equal(plan.notes, "");
  assert.deepEqual(plan.items.slice(0, 3), [
    { id: "ok-one", start: "2027-03-10", note: "备注" },
    { id: "ok-two", start: "", note: "" },
    { id: "ok-three", start: "", note: "x".repeat(Plan.MAX_NOTE) },
  ]);
  assert.deepEqual(plan.items[3], { id: "ok-four", start: "", note: "" });
  assert.equal(plan.items.length, Plan.MAX_ITEMS);
  assert.deepEqual(Object.keys(plan).sort(), ["items", "notes", "school"]);
});

test("latest booking day from a planned start and a lead time", () => {
  assert.deepEqual(Plan.bookBy("2027-03-10", 14), { status: "by", day: "2027-02-24", noLead: false });
  assert.deepEqual(Plan.bookBy("2027-03-01", "1"), { status: "by", day: "2027-02-28", noLead: false });
  assert.deepEqual(Plan.bookBy("2027-01-05", 10), { status: "by", day: "2026-12-26", noLead: false });
  assert.deepEqual(Plan.bookBy("2027-03-10", 0), { status: "by", day: "2027-03-10", noLead: true });
  for (const unknown of [null, undefined, "", "abc", -3, 1.5]) {
    assert.deepEqual(Plan.bookBy("2027-03-10", unknown), { status: "unknown" }, String(unknown));
  }
  assert.deepEqual(Plan.bookBy("", 7), { status: "none" });
  assert.deepEqual(Plan.bookBy("2027-02-30", 7), { status: "none" });
});

test("load and save through localStorage, and without it", (t) => {
  const saved = {};
  globalThis.localStorage = {
    getItem: (k) => (k in saved ? saved[k] : null),
    setItem: (k, v) => {
      saved[k] = String(v);
    },
  };
  t.after(() => delete globalThis.localStorage);
  const plan = Plan.describe(planOf("a", "b"), { school: "某小学" });
  assert.equal(Plan.save("kepu-plan", plan), true);
  assert.deepEqual(Plan.load("kepu-plan"), plan);
  assert.deepEqual(Plan.load("other"), Plan.empty());
  saved["kepu-plan"] = "{broken";
  assert.deepEqual(Plan.load("kepu-plan"), Plan.empty());
  saved["kepu-plan"] = JSON.stringify({ items: [{ id: "ok" }, { id: "<x>" }], school: 5, extra: 1 });
  assert.deepEqual(Plan.load("kepu-plan"), {
    school: "",
    notes: "",
    items: [{ id: "ok", start: "", note: "" }],
  });

  // Private mode: storage that throws on every use, or whose very property throws.
  globalThis.localStorage = {
    getItem() {
      throw new Error("SecurityError");
    },
    setItem() {
      throw new Error("QuotaExceededError");
    },
  };
  assert.deepEqual(Plan.load("kepu-plan"), Plan.empty());
  assert.equal(Plan.save("kepu-plan", plan), false);
  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      throw new Error("SecurityError");
    },
  });
  assert.deepEqual(Plan.load("kepu-plan"), Plan.empty());
  assert.equal(Plan.save("kepu-plan", plan), false);
});
