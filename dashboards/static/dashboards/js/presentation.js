// The conference's presentation: one slide at a time; → ← (or PageDown/PageUp, space) step,
// Home and End jump, Esc leaves full screen (or the presentation). Served by the app; no CDN.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  var status = document.getElementById("slide-status");
  var exit = document.getElementById("presentation-exit");
  var current = 0;
  if (!slides.length) { return; }

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.hidden = i !== current; });
    if (status) { status.textContent = status.getAttribute("data-template").replace("{n}", current + 1).replace("{total}", slides.length); }
    history.replaceState(null, "", "#folie-" + (current + 1));
    // Charts drawn while their slide was hidden take the size of the slide now shown.
    window.dispatchEvent(new Event("resize"));
    var heading = slides[current].querySelector("h1, h2");
    if (heading) { heading.focus({ preventScroll: true }); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    switch (event.key) {
      case "ArrowRight": case "PageDown": case " ": show(current + 1); break;
      case "ArrowLeft": case "PageUp": show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "Escape":
        if (document.fullscreenElement) { document.exitFullscreen(); } else if (exit) { window.location.href = exit.href; }
        break;
      default: return;
    }
    event.preventDefault();
  });

  var next = document.getElementById("slide-next");
  var previous = document.getElementById("slide-previous");
  var fullscreen = document.getElementById("presentation-fullscreen");
  if (next) { next.addEventListener("click", function () { show(current + 1); }); }
  if (previous) { previous.addEventListener("click", function () { show(current - 1); }); }
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
  }
  var match = /^#folie-(\d+)$/.exec(window.location.hash);
  show(match ? parseInt(match[1], 10) - 1 : 0);
})();
