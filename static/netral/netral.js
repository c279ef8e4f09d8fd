// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener("change", function (ev) {
  if (ev.target.matches("[data-autosubmit]")) ev.target.form.submit();
});
document.addEventListener("submit", function (ev) {
  var msg = ev.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) ev.preventDefault();
});
