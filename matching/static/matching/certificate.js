// The certificate's print button (a script file: the site's policy allows no inline handler).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
