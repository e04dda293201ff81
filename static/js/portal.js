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

  // The comparison's checkbox list of municipalities: a field above it hides the names that do not
  // contain what is typed (a combobox-like filter; without JavaScript the plain list remains).
  function setupMunicipalityFilter() {
    var fieldset = document.querySelector("fieldset[data-filter-label]");
    if (!fieldset) return;
    var wrapper = document.createElement("p");
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.id = "gemeente-filter";
    input.className = "utrecht-textbox utrecht-textbox--html-input";
    input.setAttribute("autocomplete", "off");
    label.htmlFor = input.id;
    label.textContent = fieldset.getAttribute("data-filter-label");
    status.setAttribute("role", "status");
    status.className = "portal-muted";
    wrapper.appendChild(label);
    wrapper.appendChild(document.createElement("br"));
    wrapper.appendChild(input);
    fieldset.insertBefore(wrapper, fieldset.querySelector("details"));
    fieldset.insertBefore(status, fieldset.querySelector("details"));
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      var shown = 0;
      fieldset.querySelectorAll("details").forEach(function (group) {
        var groupShown = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var match = !wanted || item.textContent.toLowerCase().indexOf(wanted) !== -1;
          item.hidden = !match;
          if (match) groupShown += 1;
        });
        group.hidden = groupShown === 0;
        shown += groupShown;
      });
      status.textContent = shown ? "" : fieldset.getAttribute("data-filter-none");
    });
  }

  function start() {
    setupMenu();
    foldFilters();
    setupMunicipalityFilter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
