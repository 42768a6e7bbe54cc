/* The form of a measure or a joint project (decision D62). The page works without this script: the
   error summary stands at the top and every Quick-Check question is listed by field of action. The
   script moves the focus to the error summary after a refused save, filters the questions by number
   or words (announcing how many it found), and offers a question's expected level only while the
   question is ticked, so the level boxes of unticked questions are no Tab stops. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  function each(list, callback) {
    Array.prototype.forEach.call(list, callback);
  }

  each(document.querySelectorAll("[data-questions]"), function (fieldset) {
    each(fieldset.querySelectorAll("[data-question-row]"), function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var level = row.querySelector("select");
      function sync() {
        level.disabled = !box.checked;
      }
      box.addEventListener("change", sync);
      sync();
    });

    var filter = fieldset.querySelector("[data-question-filter]");
    if (!filter) {
      return;
    }
    var input = filter.querySelector("input");
    var status = filter.querySelector("[role=status]");
    var groups = fieldset.querySelectorAll("details");
    filter.hidden = false;

    input.addEventListener("input", function () {
      var query = input.value.trim().toLocaleLowerCase();
      var found = 0;
      each(groups, function (group) {
        var matches = 0;
        each(group.querySelectorAll("[data-question-row]"), function (row) {
          var match = !query || row.getAttribute("data-search").indexOf(query) !== -1;
          row.hidden = !match;
          matches += match ? 1 : 0;
        });
        found += matches;
        group.hidden = Boolean(query) && matches === 0;
        if (query) {
          group.open = matches > 0;
        } else {
          group.open = Boolean(group.querySelector("input[type=checkbox]:checked"));
        }
      });
      if (!query) {
        status.textContent = "";
      } else if (found === 0) {
        status.textContent = status.getAttribute("data-found-none");
      } else if (found === 1) {
        status.textContent = status.getAttribute("data-found-one");
      } else {
        status.textContent = status.getAttribute("data-found-many").replace("#", String(found));
      }
    });
    // Enter in the filter field filters; it must not save the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  });
})();
