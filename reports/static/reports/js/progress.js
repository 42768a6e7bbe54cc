// Follows the reports being built: progress bar and step (announced politely); reloads the page once
// one is finished, so its files can be downloaded. Without JavaScript the "Stand aktualisieren" link does it.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-status-url]"));
  if (!rows.length) { return; }
  var attempts = 0;
  var leaving = false;
  window.addEventListener("pagehide", function () { leaving = true; });
  function poll() {
    if (leaving) { return; }
    attempts += 1;
    Promise.all(rows.map(function (row) {
      return fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (report) {
          if (!report) { return false; }
          var bar = row.querySelector("progress");
          var text = row.querySelector("[data-progress-text]");
          if (bar) { bar.value = report.progress; bar.textContent = report.progress + " %"; }
          if (text) { text.textContent = report.status_label + (report.step ? ": " + report.step : ""); }
          row.dataset.status = report.status;
          return report.status === "ready" || report.status === "failed";
        });
    })).then(function (finished) {
      if (finished.some(Boolean)) { window.location.reload(); }
      else if (attempts < 300) { window.setTimeout(poll, 1000); }
    });
  }
  window.setTimeout(poll, 700);
})();
