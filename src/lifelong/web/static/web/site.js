// Behaviour that templates would otherwise put inline (the Content-Security-Policy forbids inline script).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
