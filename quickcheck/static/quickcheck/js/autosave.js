// Saves one question's answer as a draft whenever one of its inputs changes (the API does the work).
(function () {
  "use strict";
  var form = document.getElementById("answers-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var german = document.documentElement.lang !== "en";
  var text = {
    saving: german ? "Speichere …" : "Saving …",
    saved: german ? "Gespeichert: " : "Saved: ",
    failed: german ? "Nicht gespeichert: " : "Not saved: ",
    answered: german ? "beantwortet" : "answered",
    open: german ? "offen" : "open"
  };

  function value(fieldset, suffix) {
    var element = fieldset.querySelector("[name='" + fieldset.dataset.code + suffix + "']");
    if (element.type === "checkbox") { return element.checked; }
    return element.value;
  }

  function level(raw) { return raw === "" ? null : parseInt(raw, 10); }

  function messages(body) {
    if (!body || typeof body !== "object") { return ""; }
    return Object.keys(body).map(function (key) { return [].concat(body[key]).join(" "); }).join(" ");
  }

  function save(fieldset) {
    var code = fieldset.dataset.code;
    var payload = {
      current_level: level(value(fieldset, "-current")),
      target_level: level(value(fieldset, "-target")),
      not_applicable: value(fieldset, "-na"),
      not_applicable_reason: value(fieldset, "-reason"),
      comment: value(fieldset, "-comment"),
      evidence_url: value(fieldset, "-evidence")
    };
    status.textContent = text.saving;
    fetch(form.dataset.api + "answers/" + encodeURIComponent(code) + "/", {
      method: "PUT",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (!result.ok) {
        status.textContent = text.failed + code + " – " + messages(result.body);
        return;
      }
      status.textContent = text.saved + code;
      fieldset.querySelector("[data-state]").textContent = result.body.is_complete ? text.answered : text.open;
      var bar = document.getElementById("completeness");
      if (bar) { bar.value = result.body.completeness.answered; }
    }).catch(function () {
      status.textContent = text.failed + code;
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-code]");
    if (fieldset) { save(fieldset); }
  });
})();
