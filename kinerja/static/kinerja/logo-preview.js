// Pengaturan instansi: show the chosen logo before it is uploaded (a data: URL, allowed by the CSP).
(function () {
  var input = document.getElementById("id_logo");
  var preview = document.getElementById("logo-pratinjau");
  if (!input || !preview) return;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file || !/^image\/(png|jpeg|svg\+xml)$/.test(file.type)) return;
    var reader = new FileReader();
    reader.onload = function () {
      preview.src = reader.result;
      preview.hidden = false;
      var caption = document.getElementById("logo-keterangan");
      if (caption) caption.textContent = caption.dataset.baru;
    };
    reader.readAsDataURL(file);
  });
})();
