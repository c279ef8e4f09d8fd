// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener("change", function (ev) {
  if (ev.target.matches("[data-autosubmit]")) ev.target.form.submit();
});
document.addEventListener("submit", function (ev) {
  var msg = ev.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) ev.preventDefault();
});

// A button with data-print prints the page (the CSP forbids inline handlers).
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
