// Triage queue: keyboard shortcuts and "select all". No inline scripts (CSP).
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-row]")); }
  var current = -1;
  function focusRow(i) {
    var r = rows();
    if (!r.length) return;
    current = Math.max(0, Math.min(r.length - 1, i));
    r.forEach(function (row) { row.classList.remove("nt-current"); });
    r[current].classList.add("nt-current");
    r[current].focus();
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-select-all]")) {
      document.querySelectorAll("#bulk-form input[name=ids]").forEach(function (c) { c.checked = e.target.checked; });
    }
  });
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    var r = rows();
    if (r.length) {
      if (e.key === "j") { focusRow(current + 1); e.preventDefault(); return; }
      if (e.key === "k") { focusRow(current - 1); e.preventDefault(); return; }
      if (e.key === "x" && current >= 0) {
        var box = r[current].querySelector("input[name=ids]");
        if (box) box.checked = !box.checked;
        e.preventDefault(); return;
      }
      if (e.key === "Enter" && current >= 0) { window.location = r[current].dataset.href; return; }
    }
    var btn = document.querySelector("[data-key='" + e.key + "']");
    if (btn) { e.preventDefault(); btn.click(); return; }
    var field = document.querySelector("[data-key-focus='" + e.key + "']");
    if (field) { e.preventDefault(); field.focus(); return; }
    if (e.key === "u") {
      var dup = document.querySelector("input[name=duplicate_of]");
      if (dup) { e.preventDefault(); dup.form.requestSubmit(); }
    }
  });
})();
