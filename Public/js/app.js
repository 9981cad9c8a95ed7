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
  // Upload forms show how far the upload has come. A file over the limit is named at once, before a
  // byte is sent; the server checks again and has the last word. Without JavaScript the form posts as usual.
  function bindUpload(form) {
    var bar = form.querySelector(".upload-progress");
    var message = form.querySelector(".upload-message");
    var submit = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      var limit = parseInt(form.getAttribute("data-max-file"), 10) || 0;
      var files = form.querySelectorAll("input[type=file]");
      for (var i = 0; i < files.length; i++) {
        for (var j = 0; j < files[i].files.length; j++) {
          var file = files[i].files[j];
          if (limit && file.size > limit) {
            event.preventDefault();
            message.textContent = form.getAttribute("data-too-large").replace("{name}", file.name);
            return;
          }
        }
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) { return; }
        var percent = Math.floor(progress.loaded * 100 / progress.total);
        bar.hidden = false;
        bar.value = percent;
        message.textContent = form.getAttribute("data-progress").replace("{percent}", percent);
      });
      request.addEventListener("load", function () {
        // Sent on elsewhere (after an upload that went well): go there, as after a normal post.
        if (request.status < 400 && request.responseURL && request.responseURL !== form.action) {
          window.location.assign(request.responseURL);
          return;
        }
        // Otherwise the server's page, with what it took and what not, takes the place of this one.
        var page = new DOMParser().parseFromString(request.responseText, "text/html");
        var main = page.querySelector("main");
        var here = document.querySelector("main");
        if (main && here) {
          here.innerHTML = main.innerHTML;
          // The form that came back sends with its progress bar too.
          here.querySelectorAll("form[data-upload]").forEach(bindUpload);
          var summaryElement = here.querySelector(".error-summary");
          if (summaryElement) { summaryElement.focus(); }
        } else {
          message.textContent = form.getAttribute("data-failed");
          submit.disabled = false;
        }
      });
      request.addEventListener("error", function () {
        message.textContent = form.getAttribute("data-failed");
        submit.disabled = false;
      });
      submit.disabled = true;
      request.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(bindUpload);
  // An editor with a live preview shows the text as it will look while it is written: the server
  // draws it with the renderer that saving uses. Without JavaScript the preview button does the same.
  document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title]");
    var token = form.querySelector("input[name=_csrf]");
    var section = document.querySelector("section.preview");
    if (!body || !token || !section || !window.fetch) { return; }
    var heading = section.querySelector("h1");
    var prose = section.querySelector(".prose");
    var status = section.querySelector(".preview-status");
    var timer = null;
    var latest = 0;
    function draw() {
      var asked = ++latest;
      var data = new URLSearchParams();
      data.append("_csrf", token.value);
      data.append("body", body.value);
      // A redirect (to the login page, say) is an error here, never a fragment to show.
      fetch(form.getAttribute("data-live-preview"), { method: "POST", body: data, credentials: "same-origin", redirect: "error" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          if (asked !== latest) { return; }
          prose.innerHTML = html;
          status.textContent = "";
          section.hidden = false;
        })
        .catch(function (error) {
          if (asked !== latest) { return; }
          var tooLong = error && error.message === "413";
          status.textContent = section.getAttribute(tooLong ? "data-live-preview-too-long" : "data-live-preview-failed");
          section.hidden = false;
        });
    }
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(draw, 300);
    });
    if (title) {
      title.addEventListener("input", function () { heading.textContent = title.value; });
    }
  });
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
