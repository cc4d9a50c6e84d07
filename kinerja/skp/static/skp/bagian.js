// The slice page: after a refused form, focus the summary at the top of the form (it lists
// every field to fix); "Pilih semua" ticks every submitted realisation for bulk review.
(function () {
  "use strict";
  var summary = document.getElementById("ringkasan");
  if (summary) {
    summary.focus();
  }
  var all = document.getElementById("pilih-semua");
  if (all) {
    all.closest(".pilih-semua").hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="pilih"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
})();
