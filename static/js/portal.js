// Progressive enhancement for phones; every page works without this file.
// - The main menu folds behind a "Menu" button (aria-expanded) on a narrow screen.
// - Filter panels marked data-fold-on-phone start folded on a narrow screen; their summary
//   says how many filters are active, so a folded panel still tells the user the list is narrowed.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 40rem)");

  function setupMenu() {
    var toggle = document.querySelector(".portal-nav__toggle");
    if (!toggle) return;
    var nav = toggle.closest(".portal-nav");
    nav.classList.add("portal-nav--collapsible");
    toggle.hidden = false;
    toggle.setAttribute("aria-expanded", narrow.matches ? "false" : "true");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true" &&
          nav.contains(document.activeElement)) {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  function foldFilters() {
    if (!narrow.matches) return;
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (details) {
      details.open = false;
    });
  }

  function start() {
    setupMenu();
    foldFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
