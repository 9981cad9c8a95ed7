// Small additions on top of pages that work without JavaScript.
(function () {
  "use strict";
  // Bring the error summary into view and focus, so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // The language switch applies as soon as a language is picked.
  var select = document.querySelector(".language-switch select");
  if (select) {
    var button = select.form.querySelector("button");
    if (button) { button.hidden = true; }
    select.addEventListener("change", function () { select.form.submit(); });
  }
  // A page that waits for a job (a download being prepared) looks again every few seconds.
  var waiting = document.querySelector("[data-refresh]");
  if (waiting) {
    var seconds = parseInt(waiting.getAttribute("data-refresh"), 10) || 5;
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  // Close the account menu with Escape.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summaryElement = menu.querySelector("summary");
      if (summaryElement) { summaryElement.focus(); }
    });
  });
})();
