// "Gibt es das schon im Kreis?": while a measure's title and description are typed, ask the API for
// similar published entries of other towns and joint projects, and show them in the form's panel
// (which also works without this script: its button re-renders the form with the list).
(function () {
  "use strict";
  const panel = document.querySelector("[data-similar]");
  if (!panel) return;
  const form = panel.closest("form");
  const title = form.querySelector("#id_title");
  const description = form.querySelector("#id_description");
  const product = form.querySelector("#id_product"); // register entries
  const category = form.querySelector("#id_category");
  const list = panel.querySelector("[data-similar-list]");
  const status = panel.querySelector("[data-similar-status]");
  const project = form.querySelector("#id_joint_project_id");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const text = panel.dataset;
  let timer = null;
  let asked = "";

  function item(match) {
    const entry = document.createElement("li");
    entry.setAttribute("data-similar-match", "");
    const name = document.createElement("strong");
    name.textContent = match.title;
    entry.append(name);
    let where;
    if (match.kind === "joint_project") {
      where = " (" + text.project + ")";
    } else {
      where = " – " + (match.town || text.otherTown);
      if (match.joint_project_title) where += " (" + text.partOf + " „" + match.joint_project_title + "“)";
    }
    let why = ": " + text.similarity + " " + Number(match.similarity).toLocaleString(document.documentElement.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (match.concepts.length) why += "; " + text.match + ": " + match.concepts.join(", ");
    if (match.words.length) why += "; " + text.words + ": " + match.words.join(", ");
    entry.append(document.createTextNode(where + why + " "));
    if (match.joint_project_id && match.joinable && project) {
      const join = document.createElement("button");
      join.type = "button";
      join.className = "secondary";
      join.textContent = text.join;
      join.addEventListener("click", function () {
        project.value = String(match.joint_project_id);
        project.dispatchEvent(new Event("change", { bubbles: true }));
        status.textContent = text.joined;
        project.focus();
      });
      entry.append(join);
    } else if (match.joint_project_id) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = text.ask;
      entry.append(hint);
    }
    return entry;
  }

  async function ask() {
    const query = [title, description, product, category].map((field) => (field ? field.value : "")).join("\n").trim();
    if (query.length < 4 || query === asked) return;
    asked = query;
    const response = await fetch(text.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({
        title: title.value,
        description: description ? description.value : "",
        product: product ? product.value : "",
        category: category ? category.value : "",
      }),
    });
    if (!response.ok || query !== asked) return; // a newer question is on its way
    const matches = await response.json();
    list.replaceChildren(...matches.map(item));
    status.textContent =
      matches.length === 0 ? text.none : matches.length === 1 ? text.foundOne : text.foundMany.replace("#", matches.length);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 600);
  }

  for (const field of [title, description, product, category]) if (field) field.addEventListener("input", later);
  // With the script the list follows the typing; the button stays for asking on purpose.
})();
