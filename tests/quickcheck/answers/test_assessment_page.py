"""The Quick Check page for daily work (issue 14, item 2; D67).

Navigation by field of action with counts, a progress bar and filters that stay in view, a status line
at every question, filters "unbeantwortet" and "aus dem Vorjahr, ungeprüft" that work without
JavaScript, and a release that first shows what is released and asks for confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from kreisagenda.tenancy import town_schema

from publishing.models import AssessmentSnapshot
from quickcheck.answers.models import Answer, Assessment
from quickcheck.answers.selectors import assessment_view
from quickcheck.answers.services import assessment_reopen
from quickcheck.models import GridVersion
from tests.conftest import World
from tests.helpers import form_fields, town_unchanged, unchanged

BRAKEL = "/kreise/kreis-hoexter/kommunen/brakel/quick-check/{year}/"
HOEXTER = "/kreise/kreis-hoexter/kommunen/hoexter/quick-check/{year}/"
FIELDSET = re.compile(r'<fieldset class="card question" id="frage-([^"]+)"[^>]*?( data-complete)?>')


def _shown(html: str) -> dict[str, bool]:
    """The questions a page shows: number → answered."""
    return {code: bool(complete) for code, complete in FIELDSET.findall(html)}


def test_the_page_has_field_navigation_a_progress_bar_that_stays_and_a_status_at_each_question(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("officer_brakel").get(BRAKEL.format(year=grid.year)).content.decode()
    with town_schema(world.town_brakel):
        view = assessment_view(town=world.town_brakel, grid=grid, include_drafts=True)
    nav = html.split('id="handlungsfelder"')[1].split("</nav>")[0]
    for field_view in view.fields:
        answered = sum(1 for item in field_view.questions if item.is_complete)
        assert f'<a href="#feld-{field_view.field.key}">{field_view.field.name}</a>' in nav
        assert f"{answered} von {len(field_view.questions)} beantwortet" in nav
        assert f'id="feld-{field_view.field.key}"' in html
    bar = html.split('id="qc-progress" data-sticky>')[1].split("</div>")[0]
    done = view.completeness
    assert f'<progress id="completeness" max="{done.applicable}" value="{done.answered}"' in bar
    assert f"{done.answered} von {done.applicable} beantwortet" in bar
    assert 'aria-current="page" data-filter="alle"' in bar
    shown = _shown(html)
    assert len(shown) == done.applicable
    for code in shown:
        assert f'<p class="save-state" id="{code}-save-state" data-save-state role="status">' in html


def test_the_filter_unanswered_shows_only_open_questions_and_the_form_leaves_the_others(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_brakel")
    everything = _shown(officer.get(BRAKEL.format(year=grid.year)).content.decode())
    html = officer.get(BRAKEL.format(year=grid.year) + "?zeigen=offen").content.decode()
    shown = _shown(html)
    assert shown
    assert set(shown) == {code for code, answered in everything.items() if not answered}
    assert f"unbeantwortet ({len(shown)})" in html
    assert 'aria-current="page" data-filter="offen"' in html
    # Without JavaScript the form sends the questions shown; the others stay as they are.
    form = form_fields(html, "answers-form")
    code = next(iter(shown))
    form[f"{code}-comment"] = "im Filter ergänzt"
    response = officer.post(BRAKEL.format(year=grid.year) + "?zeigen=offen", form)
    assert response.status_code == 302
    assert response["Location"].endswith("?zeigen=offen")
    with town_schema(world.town_brakel):
        assert Answer.objects.filter(comment="im Filter ergänzt").count() == 1


def test_the_filter_from_last_year_shows_only_unchecked_answers(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    with town_schema(world.town_brakel):
        marked = list(Answer.objects.exclude(current_level=None).order_by("question_id")[:3])
        Answer.objects.filter(pk__in=[a.pk for a in marked]).update(carried_over_from=grid.year - 1)
    html = client_as("officer_brakel").get(BRAKEL.format(year=grid.year) + "?zeigen=vorjahr").content.decode()
    codes = {q.code for q in grid.questions.filter(pk__in=[a.question_id for a in marked])}
    assert set(_shown(html)) == codes
    assert "aus dem Vorjahr, ungeprüft (3)" in html
    assert "3 aus dem Vorjahr ungeprüft" in html


def test_an_unknown_filter_shows_every_question(grid: GridVersion, client_as: Callable[[str], Client]) -> None:
    officer = client_as("officer_brakel")
    assert _shown(officer.get(BRAKEL.format(year=grid.year) + "?zeigen=x").content.decode()) == _shown(
        officer.get(BRAKEL.format(year=grid.year)).content.decode()
    )


# --- release -------------------------------------------------------------------------------------


def test_an_incomplete_quick_check_shows_what_is_missing_and_offers_no_release(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    officer = client_as("officer_brakel")
    assert "Freigabe prüfen" not in officer.get(BRAKEL.format(year=grid.year)).content.decode()
    html = officer.get(BRAKEL.format(year=grid.year) + "freigeben/").content.decode()
    assert "data-release-blocked" in html
    assert "?zeigen=offen" in html
    assert 'name="confirmed"' not in html
    with town_unchanged(world.town_brakel):
        response = officer.post(BRAKEL.format(year=grid.year) + "freigeben/", {"confirmed": "1"})
    assert response.status_code == 400
    assert "Noch nicht vollständig beantwortet" in response.content.decode()


def test_the_release_shows_what_is_released_and_asks_before_it_releases(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    town = world.town_hoexter
    with town_schema(town):
        assessment_reopen(town=town, grid=grid, reason="Korrektur", actor=None)
        view = assessment_view(town=town, grid=grid, include_drafts=True)
    officer = client_as("officer_hoexter")
    page = officer.get(HOEXTER.format(year=grid.year)).content.decode()
    assert "Freigabe prüfen und bestätigen" in page
    html = officer.get(HOEXTER.format(year=grid.year) + "freigeben/").content.decode()
    done = view.completeness
    assert f"{done.answered} von {done.applicable} Fragen beantwortet" in html
    table = html.split('id="release-fields"')[1].split("</table>")[0]
    for field_view in view.fields:
        assert f'<th scope="row">{field_view.field.name}</th>' in table
    overall = str(view.scores.overall_current).replace(".", ",")  # German decimal comma
    assert f'<td class="number">{overall}</td>' in table.split("<tfoot>")[1]
    assert 'name="confirmed" value="1"' in html
    # A POST without the confirmation (an old form, a stray request) only shows the page.
    with town_schema(town), town_unchanged(town):
        assert officer.post(HOEXTER.format(year=grid.year) + "freigeben/").status_code == 200
    assert officer.post(HOEXTER.format(year=grid.year) + "freigeben/", {"confirmed": "1"}).status_code == 302
    with town_schema(town):
        assert Assessment.objects.get(grid_id=grid.pk).is_released


@pytest.mark.parametrize("role", ["officer_hoexter", "viewer_hoexter", "coordinator", "officer_detmold", "conference"])
def test_nobody_but_the_towns_officer_opens_or_sends_its_release(
    world: World, grid: GridVersion, client_as: Callable[[str], Client], role: str
) -> None:
    client = client_as(role)
    assert client.get(BRAKEL.format(year=grid.year) + "freigeben/").status_code == 403
    with town_unchanged(world.town_brakel), unchanged(AssessmentSnapshot):
        assert client.post(BRAKEL.format(year=grid.year) + "freigeben/", {"confirmed": "1"}).status_code == 403


def test_the_coordinator_is_led_from_an_unreleased_quick_check_to_the_towns_count(
    grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coordinator").get(BRAKEL.format(year=grid.year)).content.decode()
    assert "Die Kommune hat ihren Quick Check noch nicht freigegeben." in html
    assert 'href="/kreise/kreis-hoexter/#campaign-heading"' in html
    assert _shown(html) == {}  # no answers
