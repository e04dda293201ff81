// The library's export page called onSelectToggleChange through an inline onchange
// attribute, which the portal's Content Security Policy blocks; templates/admin/portal/export.html
// drops that attribute and gives the box an id, and the handler is bound here.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
