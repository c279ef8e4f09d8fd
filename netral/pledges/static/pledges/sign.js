// The sign button stays disabled until consent is ticked and an NIP-length value is typed.
(function () {
  var form = document.getElementById("sign-form");
  if (!form) return;
  var consent = form.querySelector("[name=consent]");
  var nip = form.querySelector("[name=nip]");
  var button = document.getElementById("sign-button");
  function update() {
    button.disabled = !(consent.checked && nip.value.replace(/\W/g, "").length >= 6);
  }
  consent.addEventListener("change", update);
  nip.addEventListener("input", update);
  update();
})();
