// "Citeer deze pagina" and "Print deze pagina": both buttons stay hidden without JavaScript,
// where the citation is plain text to select and the browser's own print command works.
// A file rather than inline script: the Content Security Policy allows only scripts from 'self'.
(function () {
  "use strict";

  function today() {
    return new Date().toLocaleDateString(document.documentElement.lang || "nl", {
      day: "numeric", month: "long", year: "numeric",
    });
  }

  function isoToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // A cached page may be older than today: the citation and print dates say when it is read.
  function setDates() {
    document.querySelectorAll("[data-today]").forEach(function (element) {
      element.textContent = today();
      element.setAttribute("datetime", isoToday());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setDates();

    const status = document.querySelector("[data-copy-status]");
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        const source = document.getElementById(button.dataset.copyTarget);
        const text = source.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(
          function () { if (status) status.textContent = button.dataset.copied; },
          function () { if (status) status.textContent = button.dataset.copyFailed; }
        );
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  window.addEventListener("beforeprint", function () {
    setDates();
    document.querySelectorAll("[data-print-label]").forEach(function (label) {
      label.textContent = label.dataset.printLabel;
    });
  });
})();
