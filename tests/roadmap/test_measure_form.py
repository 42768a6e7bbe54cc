"""The measure form's markup (D62): checkbox groups as fieldsets with legends, questions chosen from a
list with their titles and an expected level, quarters chosen in the format errors use, an error
summary linking to each field, hints and errors tied to their fields by ids that exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from django.test import Client
from kreisagenda.tenancy import town_schema

from roadmap.measures.models import Measure
from roadmap.models import JointProject
from tests.conftest import World
from tests.helpers import form_values, town_unchanged

NEW = "/kreise/kreis-hoexter/kommunen/hoexter/roadmap/neu/"
FORM_ID = "measure-form"


class _Markup(HTMLParser):
    """Ids, references to ids, legends, and the error summary's links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str]] = []  # (attribute, id)
        self.legends: list[str] = []
        self.summary_links: list[str] = []
        self.describedby: dict[str, str] = {}  # element id -> aria-describedby
        self.invalid: list[str] = []
        self._legend: str | None = None
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            self.references.extend((name, ref) for ref in a.get(name, "").split())
        if tag == "label" and a.get("for"):
            self.references.append(("for", a["for"]))
        if a.get("aria-describedby") and a.get("id"):
            self.describedby[a["id"]] = a["aria-describedby"]
        if a.get("aria-invalid") == "true":
            self.invalid.append(a.get("id", ""))
        if tag == "legend":
            self._legend = ""
        if "data-error-summary" in a:
            self._in_summary = True
        if self._in_summary and tag == "a":
            self.summary_links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "legend" and self._legend is not None:
            self.legends.append(self._legend.strip())
            self._legend = None
        if tag == "div":
            self._in_summary = False

    def handle_data(self, data: str) -> None:
        if self._legend is not None:
            self._legend += data


def _markup(html: str) -> _Markup:
    markup = _Markup()
    markup.feed(html)
    assert len(markup.ids) == len(set(markup.ids)), "ids are unique"
    missing = [(name, ref) for name, ref in markup.references if ref not in markup.ids]
    assert missing == [], "every aria-describedby, aria-labelledby and label names an id of the page"
    return markup


def test_checkbox_groups_are_fieldsets_with_legends_and_questions_have_titles_and_levels(
    world: World, client_as: Callable[[str], Client]
) -> None:
    html = client_as("officer_hoexter").get(NEW).content.decode()
    markup = _markup(html)
    assert {"weitere Handlungsfelder", "Ziele des Leitbilds", "lokale Ziele", "Quick-Check-Fragen"} <= set(
        markup.legends
    )
    # The goals are grouped by field of action, each group a fieldset of its own.
    assert "Verwaltung und E-Government" in markup.legends
    assert re.search(r'<fieldset class="choices" id="id_shared_goal_keys"', html)
    # A question: its number and title at the box, its expected level beside it.
    assert re.search(r'<input type="checkbox" name="questions" value="VW-1" id="id_questions-VW-1">', html)
    assert re.search(r'<label for="id_questions-VW-1">VW-1 – [^<]+</label>', html)
    assert '<select name="level-VW-1" id="id_questions-VW-1-level">' in html
    assert '<option value="3">Stufe 3</option>' in html
    # The filter is there for the script to show; without it every question is listed.
    assert 'id="id_questions-filter"' in html
    assert "data-question-filter hidden" in html
    # Quarters are chosen as the page writes them (Q3/2027), and sent as stored (2027-Q3).
    assert re.search(r'<select name="start_quarter"[^>]*>', html)
    assert '<option value="2030-Q3">Q3/2030</option>' in html
    assert "kreisagenda/js/plan-form.js" in html
    assert "error-summary" not in html


def test_a_refused_save_shows_a_summary_linking_to_each_field_and_changes_nothing(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    data = form_values(client.get(NEW).content.decode(), FORM_ID)
    data.update(
        title=[""],
        status=["planned"],
        end_quarter=["2030-Q1"],
        questions=["VW-1"],
        **{"level-VW-1": ["7"]},
    )
    with town_unchanged(world.town_hoexter):
        response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    markup = _markup(html)
    assert html.index('id="error-summary"') < html.index('name="title"')  # at the top of the form
    assert 'tabindex="-1"' in html[html.index('id="error-summary"') - 80 : html.index('id="error-summary"') + 120]
    assert markup.summary_links == ["#id_title", "#id_questions-VW-1"]
    assert all(link[1:] in markup.ids for link in markup.summary_links)
    # The field's error is tied to it, as is its hint.
    assert markup.describedby["id_title"] == "id_title_error"
    assert "id_title" in markup.invalid
    assert "Die erwartete Stufe ist 0, 1, 2, 3 oder 4." in html
    # The question's group is open, so the link lands on a visible box.
    assert re.search(r'<details class="question-group" open>\s*<summary>Verwaltung und E-Government', html)


def test_the_end_before_the_start_is_named_in_the_format_the_form_shows(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    data = form_values(client.get(NEW).content.decode(), FORM_ID)
    data.update(title=["Zeitreise"], status=["planned"], start_quarter=["2030-Q3"], end_quarter=["2030-Q1"])
    with town_unchanged(world.town_hoexter):
        response = client.post(NEW, data)
    html = response.content.decode()
    assert "Das Ende (Q1/2030) liegt vor dem Beginn (Q3/2030)." in html
    assert '<option value="2030-Q1">Q1/2030</option>' in html  # the same format as the choices
    assert _markup(html).summary_links == ["#id_end_quarter"]


def test_chosen_questions_levels_and_quarters_are_saved_and_shown_again(
    world: World, client_as: Callable[[str], Client]
) -> None:
    client = client_as("officer_hoexter")
    data = form_values(client.get(NEW).content.decode(), FORM_ID)
    data.update(
        title=["Digitale Bauakte"],
        status=["planned"],
        start_quarter=["2030-Q2"],
        end_quarter=["2031-Q4"],
        questions=["VW-1", "VW-2"],
        other_field_keys=["prozesse"],
        **{"level-VW-1": ["3"], "level-VW-2": [""]},
    )
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()
    with town_schema(world.town_hoexter):
        measure = Measure.objects.get(title="Digitale Bauakte")
    assert (measure.start_quarter, measure.end_quarter, measure.other_field_keys) == (
        "2030-Q2",
        "2031-Q4",
        ["prozesse"],
    )
    assert [(t["code"], t["expected_level"]) for t in measure.question_targets] == [("VW-1", 3), ("VW-2", None)]
    html = client.get(f"/kreise/kreis-hoexter/kommunen/hoexter/roadmap/{measure.pk}/").content.decode()
    shown = form_values(html, FORM_ID)
    assert (shown["questions"], shown["level-VW-1"], shown["level-VW-2"]) == (["VW-1", "VW-2"], ["3"], [""])
    assert (shown["start_quarter"], shown["end_quarter"]) == (["2030-Q2"], ["2031-Q4"])
    assert re.search(r"<summary>Verwaltung und E-Government <span class=\"hint\">\(2 gewählt\)</span></summary>", html)
    reader = client_as("viewer_hoexter").get(f"/kreise/kreis-hoexter/kommunen/hoexter/roadmap/{measure.pk}/")
    assert re.search(r"VW-1 – [^<]+ \(Stufe 3\)<br>VW-2 – [^<]+ \(Soll der Kommune\)", reader.content.decode())
    # Saving the page unchanged changes nothing.
    with town_unchanged(world.town_hoexter):
        again = client.post(f"/kreise/kreis-hoexter/kommunen/hoexter/roadmap/{measure.pk}/", shown)
    assert again.status_code == 302


def test_the_joint_project_form_has_the_same_layout(world: World, client_as: Callable[[str], Client]) -> None:
    project = JointProject.objects.create(district=world.hoexter_district, title="Geodaten", field_key="verwaltung")
    html = client_as("coordinator").get(f"/kreise/kreis-hoexter/projekte/{project.pk}/").content.decode()
    markup = _markup(html)
    assert {"weitere Handlungsfelder", "Ziele des Leitbilds", "Quick-Check-Fragen"} <= set(markup.legends)
