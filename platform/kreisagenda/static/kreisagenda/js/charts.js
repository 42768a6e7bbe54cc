// Draws every chart whose plotly figure the page carries as JSON. The tables next to each
// chart carry the same numbers, so the page is complete without JavaScript. A chart is an image
// (role="img" with its label, described by its table): no mode bar, whose buttons would be
// interactive controls inside the image; hovering still shows the values.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("script[type='application/json'][data-chart-for]").forEach(function (source) {
    var target = document.getElementById(source.getAttribute("data-chart-for"));
    if (!target) { return; }
    var figure = JSON.parse(source.textContent);
    target.hidden = false;
    Plotly.newPlot(target, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
    });
    // A point that carries a link (the Lagebild's heatmap) leads there; the table has the same links.
    target.on("plotly_click", function (event) {
      var link = event.points && event.points[0] && event.points[0].customdata;
      if (typeof link === "string" && link.charAt(0) === "/") { window.location.href = link; }
    });
  });
})();
