// A linked video's player, loaded only when the visitor clicks play: until then the page has our own
// placeholder and nothing from the provider. Without this script the play link asks for the page with
// the player in it.
(function () {
  "use strict";
  document.querySelectorAll("[data-player]").forEach(function (frame) {
    var link = frame.querySelector(".video-play");
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var player = document.createElement("iframe");
      player.setAttribute("src", frame.getAttribute("data-player"));
      player.setAttribute("title", frame.getAttribute("data-title") || "");
      player.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      player.setAttribute("allowfullscreen", "");
      // The provider sees which site shows its player (YouTube's refuses to play without), never the page.
      player.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.textContent = "";
      frame.classList.remove("video-consent");
      frame.classList.add("video-embedded");
      frame.appendChild(player);
      player.focus();
    });
  });
})();
