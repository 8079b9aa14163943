/* Tables wider than the screen. The list tables read as cards on a phone without any script (each table
 * carries its columns' names in its style, written at build time; site.css lays them out below 30em);
 * what is left for a script is the theme's scroll wrapper around the tables of hand-written pages. */
(function () {
  "use strict";

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

  if (typeof window !== "undefined") {
    // The theme wraps its tables from its own script: checked once the page has loaded, and when it is resized.
    window.addEventListener("load", scrollable);
    let timer = 0;
    window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(scrollable, 200); });
  }
})();
