// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener("change", function (ev) {
  if (ev.target.matches("[data-autosubmit]")) ev.target.form.submit();
});
// Destructive actions confirm on the server (netral/core/confirm.py), so they work without JavaScript.

// A button with data-print prints the page (the CSP forbids inline handlers).
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
// Data-driven widths and positions (progress bars, the election timeline). Set through the
// CSSOM, which the CSP allows, instead of inline style="" attributes, which it forbids.
function ntApplySizes(root) {
  root = root || document;
  var els = Array.prototype.slice.call(root.querySelectorAll("[data-pct-width], [data-pct-left]"));
  if (root.matches && root.matches("[data-pct-width], [data-pct-left]")) els.push(root);
  els.forEach(function (el) {
    var w = parseFloat(el.getAttribute("data-pct-width"));
    var l = parseFloat(el.getAttribute("data-pct-left"));
    if (!isNaN(w)) el.style.width = Math.max(0, Math.min(100, w)) + "%";
    if (!isNaN(l)) el.style.left = Math.max(0, Math.min(100, l)) + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { ntApplySizes(document); });
document.addEventListener("htmx:load", function (ev) { ntApplySizes(ev.target); });
