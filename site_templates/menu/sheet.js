/* 科普菜单: the menu's filters on a phone: a sheet over the page, opened by "筛选（n）". Focus moves into it
 * and stays there (Tab wraps); Escape or "显示 N 门课程" closes it and focus returns to the button. On a wide
 * screen the filters sit beside the list and the button is not shown.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuSheet = factory();
})(this, function () {
  "use strict";

  // The form's sheet, opened by `opener` (the button "筛选（n）").
  function attach(form, opener) {
    var box = form.parentNode; // div.kepu-sheet: a dialog while open (a form cannot take that role)
    var title = form.querySelector(".kepu-sheet-title");
    var wide = window.matchMedia("(min-width: 60em)");

    function open() {
      box.classList.add("kepu-open");
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("aria-labelledby", title.id);
      opener.setAttribute("aria-expanded", "true");
      document.documentElement.classList.add("kepu-sheet-open");
      title.focus();
    }

    function close(restore) {
      if (!box.classList.contains("kepu-open")) return;
      box.classList.remove("kepu-open");
      box.removeAttribute("role");
      box.removeAttribute("aria-modal");
      box.removeAttribute("aria-labelledby");
      opener.setAttribute("aria-expanded", "false");
      document.documentElement.classList.remove("kepu-sheet-open");
      if (restore) opener.focus();
    }

    function focusable() {
      return Array.prototype.filter.call(form.querySelectorAll("button, input"), function (el) {
        return el.offsetParent !== null;
      });
    }

    opener.addEventListener("click", open);
    form.querySelector(".kepu-sheet-close").addEventListener("click", function () { close(true); });
    form.querySelector(".kepu-sheet-done").addEventListener("click", function () { close(true); });
    form.addEventListener("keydown", function (event) {
      if (!box.classList.contains("kepu-open")) return;
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Tab") {
        var all = focusable();
        var first = all[0];
        var last = all[all.length - 1];
        if (event.shiftKey && (document.activeElement === first || document.activeElement === title)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    wide.addEventListener("change", function () { if (wide.matches) close(false); });
  }

  return { attach: attach };
});
