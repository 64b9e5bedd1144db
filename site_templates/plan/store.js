/*
 * The school's programme (选课单): an ordered list of courses, each with an optional planned start date and a
 * note, plus the school's name and notes on the whole plan. Pure functions over plain objects, no DOM: the
 * header counter, the add buttons and /plan/ share it, and Node's test runner checks it
 * (tests/js/plan-store.test.js).
 *
 * Everything that comes back in (a share link's ?p=, localStorage, what a person types) goes through clean():
 * the result always has the shape and limits below, whatever the input was. Text is only ever shown with
 * textContent or value.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuPlan = factory();
})(this, function () {
  "use strict";

  // A term's programme is six to eight courses; 40 leaves room without letting a link grow without bound.
  var MAX_ITEMS = 40;
  var MAX_SCHOOL = 60;
  var MAX_NOTES = 500;
  var MAX_NOTE = 200;
  // A share link longer than this is not one of ours: the longest plan clean() lets through (every field at
  // its limit, in four-byte characters) encodes to under 50,000 characters; most plans take a few hundred.
  var MAX_ENCODED = 50000;
  // The catalogue's ids (generator/catalogue/types.py ID_PATTERN, at most 80 characters).
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_ID = 80;
  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  // The share link's format version, the first element of the encoded array.
  var VERSION = 1;
  var DAY_MS = 86400000;

  function empty() {
    return { school: "", notes: "", items: [] };
  }

  /*
   * Text as the plan keeps it: a string, without control characters other than line breaks (and none at all
   * on one line), without the characters that reorder text (U+202A-202E, U+2066-2069), trimmed, at most
   * `max` characters (counted in code points, so no surrogate pair is cut in half).
   */
  function text(value, max, multiline) {
    if (typeof value !== "string") return "";
    var kept = value
      .replace(/\r\n?/g, "\n")
      .replace(multiline ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, "")
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, "")
      .trim();
    var chars = Array.from(kept);
    return chars.length > max ? chars.slice(0, max).join("").trim() : kept;
  }

  /** A real calendar day written YYYY-MM-DD (years 2000-2099), else "". */
  function date(value) {
    if (typeof value !== "string") return "";
    var m = DATE.exec(value);
    if (!m) return "";
    var y = +m[1];
    var mo = +m[2];
    var d = +m[3];
    if (y < 2000 || y > 2099) return "";
    var t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? value : "";
  }

  function courseId(value) {
    return typeof value === "string" && value.length <= MAX_ID && ID.test(value) ? value : "";
  }

  function item(value) {
    if (!value || typeof value !== "object") return null;
    var id = courseId(value.id);
    if (!id) return null;
    return { id: id, start: date(value.start), note: text(value.note, MAX_NOTE, true) };
  }

  /**
   * A plan of the right shape from anything: unknown fields dropped, texts cut to their limits, invalid dates
   * emptied, items without a valid course id, repeated ids and items beyond MAX_ITEMS left out. Returns null
   * when `value` is not an object with an array of items at all.
   */
  function clean(value) {
    if (!value || typeof value !== "object" || !Array.isArray(value.items)) return null;
    var plan = empty();
    plan.school = text(value.school, MAX_SCHOOL, false);
    plan.notes = text(value.notes, MAX_NOTES, true);
    var seen = {};
    for (var i = 0; i < value.items.length && plan.items.length < MAX_ITEMS; i++) {
      var it = item(value.items[i]);
      if (it && !seen[it.id]) {
        seen[it.id] = true;
        plan.items.push(it);
      }
    }
    return plan;
  }

  function copy(plan) {
    return clean(plan) || empty();
  }

  function indexOf(plan, id) {
    for (var i = 0; i < plan.items.length; i++) if (plan.items[i].id === id) return i;
    return -1;
  }

  function has(plan, id) {
    return indexOf(plan, id) >= 0;
  }

  /** The plan with course `id` added at the end (unchanged if it is there already, invalid or the plan full). */
  function add(plan, id) {
    var next = copy(plan);
    if (courseId(id) && !has(next, id) && next.items.length < MAX_ITEMS) {
      next.items.push({ id: id, start: "", note: "" });
    }
    return next;
  }

  function remove(plan, id) {
    var next = copy(plan);
    next.items = next.items.filter(function (it) {
      return it.id !== id;
    });
    return next;
  }

  /** The plan with course `id` moved by `delta` places (-1 up, 1 down), kept within the list. */
  function move(plan, id, delta) {
    var next = copy(plan);
    var from = indexOf(next, id);
    if (from < 0) return next;
    var to = Math.max(0, Math.min(next.items.length - 1, from + delta));
    var moved = next.items.splice(from, 1)[0];
    next.items.splice(to, 0, moved);
    return next;
  }

  /** The plan with course `id`'s start date and/or note changed (`changes`: {start, note}), cleaned. */
  function update(plan, id, changes) {
    var next = copy(plan);
    var i = indexOf(next, id);
    if (i < 0) return next;
    var it = next.items[i];
    if (changes && "start" in changes) it.start = date(changes.start);
    if (changes && "note" in changes) it.note = text(changes.note, MAX_NOTE, true);
    return next;
  }

  /** The plan with the school's name and/or the plan's notes changed (`changes`: {school, notes}), cleaned. */
  function describe(plan, changes) {
    var next = copy(plan);
    if (changes && "school" in changes) next.school = text(changes.school, MAX_SCHOOL, false);
    if (changes && "notes" in changes) next.notes = text(changes.notes, MAX_NOTES, true);
    return next;
  }

  // Base64url (no padding) of a text's UTF-8, and back ("" for anything that is not such text).
  function toBase64url(value) {
    var bytes = new TextEncoder().encode(value);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(value) {
    if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) return "";
    try {
      var binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return "";
    }
  }

  /**
   * The plan as URL-safe text for a share link, made only of unreserved URL characters:
   * ``1.<school>.<notes>.<course>.<course>...``, each course ``<id>~<start YYYYMMDD>~<note>``; the school,
   * the notes and each note as base64url of their UTF-8; trailing empty fields left out. Ids and dates are
   * written as they are, so three courses without dates take little more than their ids.
   */
  function encode(plan) {
    var p = copy(plan);
    var parts = [VERSION, toBase64url(p.school), toBase64url(p.notes)];
    p.items.forEach(function (it) {
      var fields = [it.id, it.start.replace(/-/g, ""), toBase64url(it.note)];
      while (fields[fields.length - 1] === "") fields.pop();
      parts.push(fields.join("~"));
    });
    return parts.join(".");
  }

  /**
   * The plan a share link carries, cleaned as clean() does (a field that is not what it should be is left
   * empty, an item without a valid id left out), or null when the text is not a plan of ours at all: too
   * long, other characters, another version, too few parts.
   */
  function decode(encoded) {
    if (typeof encoded !== "string" || encoded.length > MAX_ENCODED) return null;
    if (!/^[A-Za-z0-9._~-]+$/.test(encoded)) return null;
    var parts = encoded.split(".");
    if (parts.length < 3 || parts[0] !== String(VERSION)) return null;
    return clean({
      school: fromBase64url(parts[1]),
      notes: fromBase64url(parts[2]),
      items: parts.slice(3).map(function (part) {
        var fields = part.split("~");
        var start = /^\d{8}$/.test(fields[1] || "") ? fields[1] : "";
        return {
          id: fields.length <= 3 ? fields[0] : "",
          start: start && start.slice(0, 4) + "-" + start.slice(4, 6) + "-" + start.slice(6),
          note: fromBase64url(fields[2] || ""),
        };
      }),
    });
  }

  /**
   * The latest day to book a course that starts on `start` (YYYY-MM-DD) and must be booked `leadDays`
   * ahead: {status: "none"} without a valid start date; {status: "unknown"} when the lead time is not
   * published (null, undefined, ""); otherwise {status: "by", day: "YYYY-MM-DD", noLead: leadDays === 0}.
   */
  function bookBy(start, leadDays) {
    var day = date(start);
    if (!day) return { status: "none" };
    if (leadDays === null || leadDays === undefined || leadDays === "") return { status: "unknown" };
    var lead = Number(leadDays);
    if (!isFinite(lead) || lead < 0 || Math.floor(lead) !== lead) return { status: "unknown" };
    var parts = day.split("-");
    var t = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]) - lead * DAY_MS);
    var by = t.toISOString().slice(0, 10);
    return { status: "by", day: by, noLead: lead === 0 };
  }

  function storage() {
    try {
      return typeof localStorage === "undefined" ? null : localStorage;
    } catch (e) {
      return null; // reading the property itself throws where storage is blocked
    }
  }

  /** The plan stored under `key`, cleaned; an empty plan when there is none or storage is unavailable. */
  function load(key) {
    var store = storage();
    try {
      var raw = store && store.getItem(key);
      return (raw && clean(JSON.parse(raw))) || empty();
    } catch (e) {
      return empty();
    }
  }

  /** Store the plan under `key`; false when storage is unavailable or full (private mode, some WebViews). */
  function save(key, plan) {
    var store = storage();
    if (!store) return false;
    try {
      store.setItem(key, JSON.stringify(copy(plan)));
      return true;
    } catch (e) {
      return false;
    }
  }

  return {
    MAX_ITEMS: MAX_ITEMS,
    MAX_SCHOOL: MAX_SCHOOL,
    MAX_NOTES: MAX_NOTES,
    MAX_NOTE: MAX_NOTE,
    MAX_ENCODED: MAX_ENCODED,
    empty: empty,
    clean: clean,
    date: date,
    has: has,
    add: add,
    remove: remove,
    move: move,
    update: update,
    describe: describe,
    encode: encode,
    decode: decode,
    bookBy: bookBy,
    load: load,
    save: save,
  };
});
