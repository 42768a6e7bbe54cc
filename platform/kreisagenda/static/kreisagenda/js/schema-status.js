// Follows a town's schema creation until it is ready or failed; the status is announced politely.
(function () {
  "use strict";
  var element = document.getElementById("schema-status");
  if (!element || element.dataset.status !== "pending") { return; }
  var attempts = 0;
  function poll() {
    attempts += 1;
    fetch(element.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (town) {
        if (town && town.schema_status !== "pending") {
          element.textContent = town.schema_status === "ready" ? element.dataset.labelReady : element.dataset.labelFailed;
          element.dataset.status = town.schema_status;
        } else if (attempts < 60) {
          window.setTimeout(poll, 2000);
        }
      });
  }
  window.setTimeout(poll, 1000);
})();
