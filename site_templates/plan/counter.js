/*
 * On every page: the number of courses in the school's programme (选课单) in the header link, and the
 * "加入选课单" buttons (button.kepu-plan-add[data-course], on course pages, menu items and demand matches,
 * also those a script adds later). Only where such a button is does the store module (plan/store.js) load:
 * it does the adding and removing; the count alone is the length of the stored plan's items.
 */
(function () {
  var link = document.querySelector("[data-kepu-plan-key]");
  if (!link) return;
  var key = link.getAttribute("data-kepu-plan-key");
  var count = link.querySelector(".kepu-plan-count");
  var BUTTONS = "button.kepu-plan-add[data-course]";
  var pending = [];
  var loading = false;

  function stored() {
    if (window.KepuPlan) return window.KepuPlan.load(key).items;
    try {
      var items = JSON.parse(localStorage.getItem(key)).items;
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  // Text is only written when it changes (a script's menu items may be laid out again and again).
  function write(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function show(button, added) {
    button.setAttribute("aria-pressed", added ? "true" : "false");
    write(button, added ? "已加入选课单" : "加入选课单");
  }

  function refresh() {
    var items = stored();
    write(count, "（" + items.length + "）");
    var ids = {};
    items.forEach(function (it) {
      ids[it.id] = true;
    });
    var buttons = document.querySelectorAll(BUTTONS);
    for (var i = 0; i < buttons.length; i++)
      show(buttons[i], ids[buttons[i].getAttribute("data-course")] === true);
    if (buttons.length && !window.KepuPlan && !loading) {
      loading = true;
      var script = document.createElement("script");
      script.src = link.getAttribute("data-kepu-plan-store");
      script.onload = function () {
        pending.splice(0).forEach(toggle);
        refresh();
      };
      document.head.appendChild(script);
    }
  }

  function toggle(button) {
    var Plan = window.KepuPlan;
    var id = button.getAttribute("data-course");
    var plan = Plan.load(key);
    var next = Plan.has(plan, id) ? Plan.remove(plan, id) : Plan.add(plan, id);
    if (!Plan.save(key, next)) {
      write(button, "本浏览器无法保存选课单");
      return;
    }
    refresh();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(BUTTONS);
    if (!button) return;
    if (window.KepuPlan) toggle(button);
    else pending.push(button);
  });
  // Another tab, or /plan/ itself (which dispatches kepu-plan-change), changed the plan.
  window.addEventListener("storage", function (event) {
    if (event.key === key) refresh();
  });
  document.addEventListener("kepu-plan-change", refresh);
  // Menu items laid out by a script get their state as they come.
  if (window.MutationObserver) {
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var nodes = records[i].addedNodes;
        for (var j = 0; j < nodes.length; j++) if (nodes[j].nodeType === 1) return refresh();
      }
    }).observe(document.body, { childList: true, subtree: true });
  }
  refresh();
})();
