// "Print" buttons of the packet page: the browser's own print dialog (the print stylesheet lays the page out).
(function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
