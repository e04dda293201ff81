// The export page's "select all" box calls onSelectToggleChange through an inline onchange
// attribute, which the portal's Content Security Policy blocks; bind the same handler here.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
