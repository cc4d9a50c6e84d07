// The main menu: on a phone the "Menu" button shows and hides it; sub-menus (<details>)
// close when another opens, on Escape and on a click elsewhere. Without this script the
// menu is simply always shown (the CSS hides it only under html.js-menu).
(function () {
  document.documentElement.classList.add("js-menu");
  function ready() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("menu-utama");
    if (button && menu) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("open", open);
      });
    }
    var groups = Array.prototype.slice.call(document.querySelectorAll("details.nav-group"));
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open) return;
        groups.forEach(function (other) { if (other !== group) other.open = false; });
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) { if (!group.contains(event.target)) group.open = false; });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      groups.forEach(function (group) {
        if (group.open) { group.open = false; group.querySelector("summary").focus(); }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
