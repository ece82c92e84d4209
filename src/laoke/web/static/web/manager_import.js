/* Import page: show a clear "importing…" state and block a second submit while the import runs. */
(function () {
  "use strict";
  document.querySelectorAll("form.manager-import-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      const button = form.querySelector("button[type=submit]");
      const busy = form.querySelector(".manager-import-busy");
      if (button) {
        button.disabled = true;
        button.textContent = button.dataset.busyText || button.textContent;
      }
      if (busy) {
        busy.hidden = false;
      }
    });
  });
})();
