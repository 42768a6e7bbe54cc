// The proposal form: show only the goals of the chosen field of action (without script, all goals
// stand grouped by field, and the service refuses a goal of another field by name).
(function () {
  "use strict";
  const field = document.getElementById("id_field_key");
  const goals = document.getElementById("id_goal_keys");
  if (!field || !goals) {
    return;
  }
  const groups = Array.from(goals.querySelectorAll("fieldset[data-field]"));
  function show() {
    const name = field.selectedIndex > 0 ? field.options[field.selectedIndex].text : "";
    for (const group of groups) {
      const chosen = group.dataset.field === name;
      group.hidden = !chosen;
      if (!chosen) {
        group.querySelectorAll("input[type=checkbox]").forEach((box) => { box.checked = false; });
      }
    }
  }
  field.addEventListener("change", show);
  show();
})();
