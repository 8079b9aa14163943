/* Narrow screens: each row of a list table reads as a card, every value beside its column's name.
 * The names come from the table's own header (data-label on each cell); site.css lays the rows out
 * below 30em. Without this script the tables keep their columns and scroll sideways. */
(function () {
  "use strict";

  function label(table) {
    const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
    if (!heads.length) return;
    for (const row of table.querySelectorAll("tbody tr")) {
      Array.from(row.children).forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    }
    table.classList.add("cd-cards");
  }

  function labelAll() {
    for (const table of document.querySelectorAll("table.cd-list, table.cd-items, table.cd-history")) label(table);
  }

  /* A table wider than the screen scrolls sideways in the theme's wrapper: such a wrapper is made a named tab
     stop, so the keyboard can scroll it too (axe: scrollable-region-focusable); one that fits takes no Tab. */
  function scrollable() {
    Array.from(document.querySelectorAll(".md-typeset__scrollwrap")).forEach((wrap, i) => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `第 ${i + 1} 个表格(可左右滚动)`);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", labelAll);
    else labelAll();
    // The theme wraps its tables from its own script: checked once the page has loaded, and when it is resized.
    window.addEventListener("load", scrollable);
    let timer = 0;
    window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(scrollable, 200); });
  }
})();
