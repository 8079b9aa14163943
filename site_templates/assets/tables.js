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

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", labelAll);
    else labelAll();
  }
})();
