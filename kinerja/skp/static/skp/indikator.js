// "Pakai": fill the add-indicator form with an indicator used by a colleague in the same
// position; the person still reviews and saves it. No inline script (CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".pakai-saran");
  if (!button) return;
  var form = button.dataset.form;
  var fields = { u: "uraian", s: "satuan", a: "aspek", ar: "arah", t: "target" };
  Object.keys(fields).forEach(function (key) {
    var input = document.getElementById(key + "-" + form);
    if (input) input.value = button.dataset[fields[key]];
  });
  var first = document.getElementById("u-" + form);
  if (first) {
    first.dispatchEvent(new Event("change", { bubbles: true }));
    first.focus();
  }
});
