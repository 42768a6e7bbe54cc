// Saves a question's answer as a draft whenever one of its inputs changes (the API does the work).
// Only the field that changed is sent (PATCH), with the version of the answer in which this page last
// saw that field (If-Match), so two tabs or two colleagues editing different fields of one answer
// both keep their change. Each answer the API sends back brings the others' changes into the fields
// nobody is editing here. If someone changed the same field meanwhile, the API refuses with 409 and
// the stored answer: the question then shows what is stored, with "Übernehmen" (take it), "Meine
// Eingabe speichern" (write mine over it) and "Neu laden" (the page as stored). Decision D55.
// Each question says itself whether its last save worked (its own status line, announced to screen
// readers), and the progress bar, the field counts and the "taken over from last year" marks follow
// every save; ticking "Geprüft: … unverändert übernehmen" confirms such an answer (D65, D67).
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
    savedHere: german ? "Gespeichert um " : "Saved at ",
    savingHere: german ? "Wird gespeichert …" : "Saving …",
    failedHere: german ? "Nicht gespeichert: " : "Not saved: ",
    offline: german ? "keine Verbindung zum Server. Bitte erneut versuchen." : "no connection to the server. Please try again.",
    ofAnswered: german ? " von " : " of ",
    answeredSuffix: german ? " beantwortet" : " answered",
    carriedSuffix: german ? " aus dem Vorjahr ungeprüft" : " from last year, not checked",
    confirmed: german ? "Antwort aus dem Vorjahr als geprüft bestätigt." : "Answer from last year confirmed as checked.",
    failed: german ? "Nicht gespeichert: " : "Not saved: ",
    answered: german ? "beantwortet" : "answered",
    open: german ? "offen" : "open",
    stored: german ? "Gespeichert ist jetzt:" : "Stored now:",
    adopt: german ? "Übernehmen" : "Take it over",
    keep: german ? "Meine Eingabe speichern" : "Save my input",
    reload: german ? "Neu laden" : "Reload",
    adopted: german ? "Gespeicherte Antwort übernommen: " : "Stored answer taken over: ",
    empty: german ? "(leer)" : "(empty)",
    yes: german ? "ja" : "yes",
    no: german ? "nein" : "no"
  };
  // Each field of an answer: the suffix of its input's name, and its label.
  var FIELDS = {
    current_level: ["-current", german ? "Ist" : "Current"],
    target_level: ["-target", german ? "Soll" : "Target"],
    not_applicable: ["-na", german ? "nicht zutreffend" : "not applicable"],
    not_applicable_reason: ["-reason", german ? "Begründung" : "Reason"],
    comment: ["-comment", german ? "Kommentar" : "Comment"],
    evidence_url: ["-evidence", german ? "Nachweis (Link)" : "Evidence (link)"]
  };

  function input(fieldset, suffix) {
    return fieldset.querySelector("[name='" + fieldset.dataset.code + suffix + "']");
  }

  function fieldOf(fieldset, element) {
    var suffix = element.name.slice(fieldset.dataset.code.length);
    return Object.keys(FIELDS).filter(function (name) { return FIELDS[name][0] === suffix; })[0];
  }

  function read(fieldset, name) {
    var element = input(fieldset, FIELDS[name][0]);
    if (element.type === "checkbox") { return element.checked; }
    if (name === "current_level" || name === "target_level") {
      return element.value === "" ? null : parseInt(element.value, 10);
    }
    return element.value;
  }

  function show(fieldset, name, value) {
    var element = input(fieldset, FIELDS[name][0]);
    if (element.type === "checkbox") { element.checked = Boolean(value); } else { element.value = value === null ? "" : String(value); }
    if (name === "current_level" || name === "target_level") { markLevels(fieldset); }
  }

  // In the question's list of levels, the ones chosen as current and target level, marked in
  // words ("Ist", "Soll") and not by colour alone; each select is described by its level's text, so a
  // screen reader says what the chosen number means.
  function markLevels(fieldset) {
    var current = read(fieldset, "current_level");
    var target = read(fieldset, "target_level");
    [["current_level", current], ["target_level", target]].forEach(function (chosen) {
      var select = input(fieldset, FIELDS[chosen[0]][0]);
      var description = chosen[1] === null ? null : fieldset.querySelector("[data-levels] [data-level='" + chosen[1] + "']");
      if (description) { select.setAttribute("aria-describedby", description.id); } else { select.removeAttribute("aria-describedby"); }
    });
    fieldset.querySelectorAll("[data-levels] [data-level]").forEach(function (description) {
      var level = parseInt(description.dataset.level, 10);
      description.querySelectorAll("[data-level-marks]").forEach(function (marks) { marks.remove(); });
      var labels = [];
      if (level === current) { labels.push(FIELDS.current_level[1]); }
      if (level === target) { labels.push(FIELDS.target_level[1]); }
      if (!labels.length) { delete description.dataset.chosen; return; }
      var marks = element("span");
      marks.dataset.levelMarks = "";
      labels.forEach(function (label) {
        var mark = element("span", label);
        mark.className = "level-mark";
        marks.append(" ", mark);  // a space, so the description and the word are read apart
      });
      description.appendChild(marks);
      description.dataset.chosen = "";
    });
  }

  function shown(value) {
    if (value === null || value === "") { return text.empty; }
    if (value === true || value === false) { return value ? text.yes : text.no; }
    return String(value);
  }

  function messages(body) {
    if (!body || typeof body !== "object") { return ""; }
    return Object.keys(body).map(function (key) { return [].concat(body[key]).join(" "); }).join(" ");
  }

  function element(tag, content) {
    var made = document.createElement(tag);
    if (content) { made.textContent = content; }
    return made;
  }

  // Per question: each field's value as this page last saw it stored, and in which version. After
  // the form was refused (sent without this script), the fields show what was sent, not what is
  // stored: they are never brought up to date, and their version stays the one the form carried.
  var seen = {};
  var refused = form.dataset.refused !== undefined;
  form.querySelectorAll("fieldset[data-code]").forEach(function (fieldset) {
    var state = {values: {}, versions: {}};
    Object.keys(FIELDS).forEach(function (name) {
      state.values[name] = refused ? undefined : read(fieldset, name);
      state.versions[name] = parseInt(input(fieldset, "-version").value, 10);
    });
    seen[fieldset.dataset.code] = state;
    markLevels(fieldset);
  });

  // Take the stored answer into every field that shows what this page saw before (nobody is editing
  // it here); the fields just saved take it as well, unless they were changed again since.
  function catchUp(fieldset, stored, saved) {
    var state = seen[fieldset.dataset.code];
    Object.keys(FIELDS).forEach(function (name) {
      var element = input(fieldset, FIELDS[name][0]);
      var shows = read(fieldset, name);
      var untouched = name in saved ? shows === saved[name] : shows === state.values[name];
      if (stored[name] === state.values[name] && !(name in saved)) {
        state.versions[name] = stored.version;  // unchanged since: this page has seen it in this version
      } else if (untouched && element !== document.activeElement) {
        show(fieldset, name, stored[name]);
        state.values[name] = stored[name];
        state.versions[name] = stored.version;
      } else if (name in saved) {
        state.values[name] = stored[name];
        state.versions[name] = stored.version;
      }
    });
    // The form's button sends the oldest version any field was seen in.
    input(fieldset, "-version").value = Math.min.apply(null, Object.keys(FIELDS).map(function (name) { return state.versions[name]; }));
  }

  // One question's saves go one after another, each based on the version the one before left.
  var queues = {};
  function enqueue(fieldset, payload) {
    var code = fieldset.dataset.code;
    queues[code] = (queues[code] || Promise.resolve()).then(function () { return send(fieldset, payload); });
  }

  // The question's own status line (a live region): what became of its last save.
  function here(fieldset, message, failed) {
    var line = fieldset.querySelector("[data-save-state]");
    if (!line) { return; }
    line.textContent = message;
    line.classList.toggle("error", Boolean(failed));
  }

  function clock() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function send(fieldset, payload) {
    var code = fieldset.dataset.code;
    status.textContent = text.saving;
    here(fieldset, text.savingHere, false);
    var headers = {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"};
    var written = Object.keys(payload).filter(function (name) { return name in FIELDS; });
    if (written.length) {  // a confirmation alone writes no field, so it needs no version
      headers["If-Match"] = "\"" + Math.min.apply(null, written.map(function (name) { return seen[code].versions[name]; })) + "\"";
    }
    return fetch(form.dataset.api + "answers/" + encodeURIComponent(code) + "/", {
      method: "PATCH",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) { return {status: response.status, ok: response.ok, body: body}; });
    }).then(function (result) {
      if (result.status === 409) {
        conflict(fieldset, payload, result.body);
      } else if (!result.ok) {
        status.textContent = text.failed + code + " – " + messages(result.body);
        here(fieldset, text.failedHere + messages(result.body), true);
      } else {
        saved(fieldset, payload, result.body);
      }
    }).catch(function () {
      status.textContent = text.failed + code;
      here(fieldset, text.failedHere + text.offline, true);
    });
  }

  // The figures that stay in view: answered of applicable, unchecked from last year, per field.
  function figures(fieldset, body) {
    var bar = document.getElementById("completeness");
    if (bar) { bar.value = body.completeness.answered; }
    var progress = document.getElementById("progress-text");
    if (progress) {
      progress.textContent = body.completeness.answered + text.ofAnswered + body.completeness.applicable + text.answeredSuffix;
    }
    var carried = document.getElementById("carried-over-text");
    if (carried && typeof body.carried_over_unchecked === "number") {
      carried.textContent = body.carried_over_unchecked + text.carriedSuffix;
      carried.dataset.count = String(body.carried_over_unchecked);
    }
    var was = fieldset.dataset.complete !== undefined;
    if (was !== body.is_complete) {
      if (body.is_complete) { fieldset.dataset.complete = ""; } else { delete fieldset.dataset.complete; }
      var count = document.querySelector("[data-field-nav='" + fieldset.dataset.field + "'] [data-field-count]");
      if (count) {
        var answered = parseInt(count.dataset.answered, 10) + (body.is_complete ? 1 : -1);
        count.dataset.answered = String(answered);
        count.textContent = answered + text.ofAnswered + count.dataset.total + text.answeredSuffix;
      }
    }
    if (body.carried_over_from === null) {  // checked now: the mark and the confirmation go
      var badge = fieldset.querySelector("[data-carried-over]");
      if (badge) { badge.remove(); }
      var slot = fieldset.querySelector("[data-confirm-slot]");
      if (slot) { slot.remove(); }
    }
  }

  function saved(fieldset, payload, body) {
    catchUp(fieldset, body, payload);  // also the levels "not applicable" cleared
    fieldset.querySelector("[data-conflict-slot]").replaceChildren();
    status.textContent = text.saved + fieldset.dataset.code;
    fieldset.querySelector("[data-state]").textContent = body.is_complete ? text.answered : text.open;
    here(fieldset, payload.confirm_carried_over ? text.confirmed + " " + text.savedHere + clock() : text.savedHere + clock(), false);
    figures(fieldset, body);
  }

  // Shown at the question, announced by its live region; nothing of this save was stored.
  function conflict(fieldset, payload, body) {
    var code = fieldset.dataset.code;
    var current = body.current;
    var box = element("div");
    box.className = "conflict";
    box.dataset.conflict = "";
    box.appendChild(element("p", body.detail));
    box.appendChild(element("p", text.stored));
    var list = element("ul");
    body.conflicts.forEach(function (name) { list.appendChild(element("li", FIELDS[name][1] + ": " + shown(current[name]))); });
    box.appendChild(list);
    var actions = element("p");
    actions.className = "actions";
    var adopt = element("button", text.adopt);
    adopt.type = "button";
    adopt.dataset.adopt = "";
    adopt.addEventListener("click", function () {
      var taken = {};
      Object.keys(payload).concat(body.conflicts).forEach(function (name) {
        show(fieldset, name, current[name]);
        taken[name] = current[name];
      });
      catchUp(fieldset, current, taken);
      fieldset.querySelector("[data-state]").textContent = current.is_complete ? text.answered : text.open;
      fieldset.querySelector("[data-conflict-slot]").replaceChildren();
      status.textContent = text.adopted + code;
    });
    var keep = element("button", text.keep);
    keep.type = "button";
    keep.dataset.keep = "";
    keep.addEventListener("click", function () {
      var mine = {};
      Object.keys(payload).forEach(function (name) {
        mine[name] = read(fieldset, name);
        seen[code].versions[name] = current.version;  // seen now: written over knowingly
      });
      enqueue(fieldset, mine);
    });
    var reload = element("button", text.reload);
    reload.type = "button";
    reload.addEventListener("click", function () {
      // As a GET, at this question (also after the form was sent without this script).
      window.history.replaceState(null, "", window.location.pathname + "#frage-" + code);
      window.location.reload();
    });
    [adopt, keep, reload].forEach(function (button) { actions.appendChild(button); actions.appendChild(document.createTextNode(" ")); });
    box.appendChild(actions);
    fieldset.querySelector("[data-conflict-slot]").replaceChildren(box);
    status.textContent = text.failed + code;
    here(fieldset, text.failedHere + body.detail, true);
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-code]");
    if (!fieldset || !event.target.name) { return; }
    if (event.target.name === fieldset.dataset.code + "-confirm") {
      if (event.target.checked) { enqueue(fieldset, {confirm_carried_over: true}); }
      return;
    }
    var name = fieldOf(fieldset, event.target);
    if (!name) { return; }
    if (name === "current_level" || name === "target_level") { markLevels(fieldset); }
    var payload = {};
    payload[name] = read(fieldset, name);  // the value as changed now, whenever the save is sent
    enqueue(fieldset, payload);
  });
})();
