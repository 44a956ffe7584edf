/* lifelong — small progressive enhancements; no inline scripts (Content-Security-Policy).
   1. The menu button: on small screens the menu folds behind it.
   2. Wide tables scroll inside a labelled, keyboard-focusable region instead of widening the page.
   3. Print buttons ([data-print]). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function menu() {
    var button = document.querySelector(".menu-toggle");
    var target = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle("open", open);
    });
  }

  function scrollingTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll")) return;
      var wrap = parent;
      if (!parent.classList.contains("table-wrap")) {  /* a page's own scroll container is reused */
        wrap = document.createElement("div");
        parent.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      wrap.classList.add("table-scroll");
      focusable(wrap, table);
    });
    (root || document).querySelectorAll("main pre.json").forEach(function (pre) { focusable(pre, pre); });
  }

  function focusable(region, labelled) {  /* a scroll container the keyboard can reach, with a name */
    if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
    if (!region.hasAttribute("role")) region.setAttribute("role", "region");
    if (region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby")) return;
    var caption = labelled.querySelector ? labelled.querySelector("caption") : null;
    var label = caption ? caption.textContent.trim() : (labelled.getAttribute("aria-label") || "");
    if (!label) {  /* no caption: the nearest heading before it, else the page's title */
      var heading = null, node = region;
      while (node && !heading) {
        var prev = node.previousElementSibling;
        while (prev && !/^H[1-6]$/.test(prev.tagName)) prev = prev.previousElementSibling;
        heading = prev; node = node.parentElement;
      }
      label = heading ? heading.textContent.trim() : document.title;
    }
    region.setAttribute("aria-label", label);
  }

  function disclosures() {  /* filters folded on small screens, open on wide ones */
    if (!window.matchMedia("(min-width: 60rem)").matches) return;
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  function ready() {
    menu();
    disclosures();
    scrollingTables(document);
    document.body.addEventListener("htmx:afterSwap", function (event) { scrollingTables(event.target); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
