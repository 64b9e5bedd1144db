/* 科普菜单: the menu's filtering, with no page in sight (tests/js/filter-core.test.js runs it under Node).
 *
 * A group is one fieldset of the form: `selected` (per option, 1 if ticked), `any` (something is ticked)
 * and `values` (per item, the indices of its options in this group). Within a group any ticked option
 * matches (OR); across groups, and with the words of the text box, all must match (AND).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuFilter = factory();
})(this, function () {
  "use strict";

  // Words are matched without regard to case or full-width/half-width forms.
  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  // The words typed in the box, normalised, blanks dropped.
  function words(text) {
    return normalise(text).split(/\s+/).filter(Boolean);
  }

  // An item's option ids as indices into the group's options (`index`: id -> index); ids the form does
  // not offer are dropped.
  function indices(ids, index) {
    var out = [];
    for (var k = 0; k < ids.length; k++) {
      if (Object.prototype.hasOwnProperty.call(index, ids[k])) out.push(index[ids[k]]);
    }
    return out;
  }

  /* One pass over the items: which match, and per option how many items would match with that option
   * ticked alone in its group and the other groups as they are (an item failing only group g counts towards
   * g's options; an item failing nothing counts towards every group's options). `texts` are the items'
   * normalised words, `terms` the box's words. Per group, `drops[g]` is how many items would match with g's
   * ticks cleared; `wordsDrop` how many with the box cleared. */
  function run(groups, texts, terms) {
    var count = texts.length;
    var matches = new Uint8Array(count);
    var tallies = groups.map(function (group) { return new Uint32Array(group.selected.length); });
    var drops = groups.map(function () { return 0; });
    var total = 0;
    var wordsDrop = 0;

    function tally(g, i) {
      var options = groups[g].values[i];
      for (var k = 0; k < options.length; k++) tallies[g][options[k]]++;
    }

    for (var i = 0; i < count; i++) {
      var fails = 0;
      var failed = -1;
      for (var g = 0; g < groups.length && fails < 2; g++) {
        var group = groups[g];
        if (!group.any) continue;
        var options = group.values[i];
        var hit = false;
        for (var k = 0; k < options.length; k++) {
          if (group.selected[options[k]]) { hit = true; break; }
        }
        if (!hit) { fails++; failed = g; }
      }
      if (fails < 2) {
        for (var w = 0; w < terms.length; w++) {
          if (texts[i].indexOf(terms[w]) < 0) {
            if (fails === 0) wordsDrop++;
            fails++;
            failed = -1;
            break;
          }
        }
      }
      if (fails === 0) {
        total++;
        for (g = 0; g < groups.length; g++) tally(g, i);
      } else if (fails === 1 && failed >= 0) {
        tally(failed, i);
        drops[failed]++;
      }
      matches[i] = fails === 0 ? 1 : 0;
    }
    return { matches: matches, total: total, tallies: tallies, drops: drops, wordsDrop: wordsDrop };
  }

  /* With nothing left, what to clear and how many courses that gives: one suggestion per group whose ticks
   * alone stand in the way ({group: g, count}), the words ({words: true, count}), else everything
   * ({all: true, count: every item}). Nothing when something matches. */
  function suggestions(groups, result) {
    if (result.total !== 0) return [];
    var out = [];
    groups.forEach(function (group, g) {
      if (group.any && result.drops[g]) out.push({ group: g, count: result.drops[g] });
    });
    if (result.wordsDrop) out.push({ words: true, count: result.wordsDrop });
    if (!out.length) out.push({ all: true, count: result.matches.length });
    return out;
  }

  // The filters in words, as the printed title and the status say them: "所在区：天河区、越秀区；关键词：“…”".
  // `chosen` is [{legend, names}] for the groups with ticks.
  function describe(chosen, text) {
    var parts = chosen.map(function (c) { return c.legend + "：" + c.names.join("、"); });
    var typed = String(text || "").trim();
    if (typed) parts.push("关键词：“" + typed + "”");
    return parts.join("；");
  }

  // --- Quick choices by date: the visitor's own calendar day, never the build's. ---

  function iso(date) {
    var m = date.getMonth() + 1;
    var d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  /* The days each date choice stands for, seen from `today` (a Date, read in local time), as inclusive
   * ISO ranges: 本周末 is the coming Saturday and Sunday (today and tomorrow on a Saturday, today alone on a
   * Sunday); 下个月 is the next calendar month, first to last day. */
  function ranges(today) {
    var y = today.getFullYear();
    var m = today.getMonth();
    var d = today.getDate();
    var weekday = today.getDay(); // 0 Sunday … 6 Saturday
    var first = weekday === 0 ? d : d + (6 - weekday);
    var last = weekday === 0 ? d : first + 1;
    return {
      "this-weekend": [iso(new Date(y, m, first)), iso(new Date(y, m, last))],
      "next-month": [iso(new Date(y, m + 1, 1)), iso(new Date(y, m + 2, 0))],
    };
  }

  function overlaps(term, range) {
    return !term || (term[0] <= range[1] && term[1] >= range[0]);
  }

  /* Which date choices a course fits: 本周末 if it is offered at weekends (`times` has "weekend") and its
   * term, if it has one, includes a day of that weekend; 下个月 if its term, if any, includes a day of next
   * month. A course without a term is offered all year (by appointment). `term` is [first, last] as ISO
   * dates, or null. */
  function dateChoices(times, term, spans) {
    var out = [];
    if (times.indexOf("weekend") >= 0 && overlaps(term, spans["this-weekend"])) out.push("this-weekend");
    if (overlaps(term, spans["next-month"])) out.push("next-month");
    return out;
  }

  // A range of days in words, for the printed title: "12月5日至6日", "1月31日至2月1日", "12月6日".
  function rangeWords(range) {
    var a = range[0].split("-").map(Number);
    var b = range[1].split("-").map(Number);
    var first = a[1] + "月" + a[2] + "日";
    if (range[0] === range[1]) return first;
    return first + "至" + (a[1] === b[1] ? "" : b[1] + "月") + b[2] + "日";
  }

  return {
    rangeWords: rangeWords,
    normalise: normalise,
    words: words,
    indices: indices,
    run: run,
    suggestions: suggestions,
    describe: describe,
    iso: iso,
    ranges: ranges,
    dateChoices: dateChoices,
  };
});
