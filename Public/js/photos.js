// Photo albums, on top of pages that work without JavaScript: waiting for photos being processed, the
// lightbox (arrow keys, swipe, slideshow) and arrow keys on a photo's page. Uploads go through app.js.
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  var grid = document.querySelector(".photo-grid");

  // Photos being processed: ask how far they have come, and show them once they are ready.
  var waiting = grid ? grid.querySelectorAll("[data-processing]") : [];
  if (waiting.length && window.fetch) {
    var ids = Array.prototype.map.call(waiting, function (tile) { return tile.getAttribute("data-processing"); });
    var meter = document.querySelector(".photo-waiting progress");
    var tries = 0;
    var poll = function () {
      tries += 1;
      fetch(grid.getAttribute("data-status-url") + "?ids=" + ids.join(","), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var pending = answer.photos.filter(function (photo) { return photo.status === "processing"; }).length;
          if (meter) {
            meter.max = ids.length;
            meter.value = ids.length - pending;
          }
          if (pending === 0) { window.location.reload(); } else if (tries < 300) { setTimeout(poll, 2000); }
        })
        .catch(function () { if (tries < 300) { setTimeout(poll, 5000); } });
    };
    setTimeout(poll, 1500);
  }

  // The lightbox: the page's photos one at a time, with arrow keys, swipes and a slideshow.
  var links = grid ? Array.prototype.slice.call(grid.querySelectorAll("a.photo-link[data-display]")) : [];
  if (links.length && typeof HTMLDialogElement === "function") {
    var label = function (name) { return grid.getAttribute("data-" + name) || name; };
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", label("label"));
    var figure = document.createElement("figure");
    var image = document.createElement("img");
    var caption = document.createElement("figcaption");
    figure.appendChild(image);
    figure.appendChild(caption);
    var controls = document.createElement("div");
    controls.className = "lightbox-controls";
    var button = function (text, action) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "button button-secondary";
      element.textContent = text;
      element.addEventListener("click", action);
      controls.appendChild(element);
      return element;
    };
    var current = 0;
    var timer = null;
    var opener = null;
    var previousButton = button(label("previous"), function () { show(current - 1); });
    var count = document.createElement("span");
    count.className = "lightbox-count";
    count.setAttribute("aria-live", "polite");
    controls.appendChild(count);
    var nextButton = button(label("next"), function () { show(current + 1); });
    var playButton = button(label("play"), function () { if (timer) { stop(); } else { play(); } });
    var page = document.createElement("a");
    page.className = "button button-secondary";
    page.textContent = label("open");
    controls.appendChild(page);
    button(label("close"), function () { dialog.close(); });
    dialog.appendChild(figure);
    dialog.appendChild(controls);
    document.body.appendChild(dialog);

    var show = function (index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      image.src = link.getAttribute("data-display");
      image.alt = thumb ? thumb.alt : "";
      caption.textContent = link.getAttribute("data-caption") || "";
      count.textContent = fill(label("position"), { index: current + 1, total: links.length });
      page.href = link.href;
      previousButton.hidden = nextButton.hidden = links.length < 2;
      // The next photo is fetched while this one is looked at.
      new Image().src = links[(current + 1) % links.length].getAttribute("data-display");
    };
    var play = function () {
      stop();
      timer = setInterval(function () { show(current + 1); }, 4000);
      playButton.textContent = label("pause");
      playButton.setAttribute("aria-pressed", "true");
    };
    var stop = function () {
      if (timer) { clearInterval(timer); }
      timer = null;
      playButton.textContent = label("play");
      playButton.setAttribute("aria-pressed", "false");
    };
    var open = function (index, slideshow) {
      opener = document.activeElement;
      show(index);
      if (!dialog.open) { dialog.showModal(); }
      if (slideshow) { play(); }
    };

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        open(index, false);
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
      if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
    });
    // A click beside the photo closes, as Escape does.
    dialog.addEventListener("click", function (event) { if (event.target === dialog || event.target === figure) { dialog.close(); } });
    dialog.addEventListener("close", function () {
      stop();
      image.removeAttribute("src");
      if (opener && opener.focus) { opener.focus(); }
    });
    var startX = null, startY = null;
    dialog.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (startX === null) { return; }
      var dx = event.changedTouches[0].clientX - startX, dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) { show(current + (dx < 0 ? 1 : -1)); }
    });
    var slideshow = document.querySelector("[data-slideshow]");
    if (slideshow) {
      slideshow.hidden = false;
      slideshow.addEventListener("click", function () { open(0, true); });
    }
  }

  // A photo's page: the arrow keys go to the photo before and after.
  var nav = document.querySelector(".photo-nav");
  if (nav) {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var target = event.target;
      var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) { return; }
      var rel = event.key === "ArrowLeft" ? "prev" : (event.key === "ArrowRight" ? "next" : "");
      var link = rel ? nav.querySelector("a[rel=" + rel + "]") : null;
      if (link) { window.location.assign(link.href); }
    });
  }
})();
