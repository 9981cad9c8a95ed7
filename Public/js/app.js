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
