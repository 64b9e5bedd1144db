/* 科普菜单: the filtered menu on paper. Its title says the filters in words and the data date (the view
 * keeps them); this adds the day printed, the address of the same filtered list and its QR code. The QR
 * library (assets/kepu/qrcode.js, global `qrcode`) is fetched only when the print button is pressed and drawn
 * before the print dialog opens; printing from the browser's own menu draws it if it is already here (the
 * `beforeprint` event cannot wait for a download), else the printed address stands alone.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KepuPrint = factory();
})(this, function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var loading = null;

  // qrcode.js, once: resolves when it has run (or failed: the address is printed either way).
  function load(src) {
    if (window.qrcode) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = resolve;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The code as an SVG of dark squares, drawn element by element: the address is never parsed as markup.
  function draw(box, text) {
    box.replaceChildren();
    if (!window.qrcode) return false;
    window.qrcode.stringToBytes = window.qrcode.stringToBytesFuncs["UTF-8"];
    var code = window.qrcode(0, "M");
    code.addData(text, "Byte");
    code.make();
    var n = code.getModuleCount();
    var quiet = 4;
    var path = "";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) if (code.isDark(r, c)) path += "M" + (c + quiet) + " " + (r + quiet) + "h1v1h-1z";
    }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + (n + 2 * quiet) + " " + (n + 2 * quiet));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "本列表网址的二维码");
    svg.setAttribute("shape-rendering", "crispEdges");
    var back = svg.appendChild(document.createElementNS(SVG, "rect"));
    back.setAttribute("width", "100%");
    back.setAttribute("height", "100%");
    back.setAttribute("fill", "#fff");
    var dark = svg.appendChild(document.createElementNS(SVG, "path"));
    dark.setAttribute("d", path);
    dark.setAttribute("fill", "#000");
    box.appendChild(svg);
    return true;
  }

  // The visitor's day in words: 2026年12月2日.
  function day(date) {
    return date.getFullYear() + "年" + (date.getMonth() + 1) + "月" + date.getDate() + "日";
  }

  /* Fills the paper-only block `.kepu-print-link` of the menu: the day printed, the address `href` (as text)
   * and, if the library is here, its QR code. */
  function prepare(menu, href) {
    var block = menu.querySelector(".kepu-print-link");
    block.querySelector(".kepu-print-day").textContent = day(new Date());
    block.querySelector(".kepu-print-url").textContent = href;
    var drawn = draw(block.querySelector(".kepu-print-qr"), href);
    block.classList.toggle("kepu-no-qr", !drawn);
  }

  return { load: load, draw: draw, day: day, prepare: prepare };
});
