"""Issue 14, item 7: the comparison and a town's position say why a value is missing.

(a) A released town without a value in a field (every question "not applicable") is listed after the
values, saying so, not among the zeros; members that have not released are named together below the
matrix with the reason. (b) The size-class median says why it is missing, and shows numbers where the
size class has three towns with values, also with one district. (c) The matrix's markup: a labelled,
focusable scrolling region with a described legend; verdicts as ▲/▼ with their word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from benchmarking.selectors import comparison_get
from benchmarking.statistics import SizeClass, group_statistics, size_class
from publishing.models import FieldScoreSnapshot
from quickcheck.models import GridVersion
from tenants.models import TownKind
from tests.conftest import World


def _peers_cell(page: str, field_key: str) -> str:
    row = re.search(rf'<tr data-field="{field_key}">.*?</tr>', page, re.S)
    assert row is not None
    cell = re.search(r'<td class="peers">(.*?)</td>', row.group(0), re.S)
    assert cell is not None
    return cell.group(1)


def _without_value(world: World, grid: GridVersion, town_slug: str, field_key: str) -> None:
    """As the publish step writes a field whose questions the town all marked "not applicable"."""
    updated = FieldScoreSnapshot.objects.filter(
        snapshot__town__slug=town_slug,
        snapshot__district=world.hoexter_district,
        snapshot__year=grid.year,
        field_key=field_key,
    ).update(current=None, target=None)
    assert updated >= 1


def test_a_town_without_a_value_comes_last_and_says_why(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    _without_value(world, grid, "beverungen", "verwaltung")
    url = f"/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{grid.year}/"
    cell = _peers_cell(client_as("officer_hoexter").get(url).content.decode(), "verwaltung")
    entries = cell.split(" · ")
    assert entries[-1] == "Beverungen: <span data-peer-without-value>kein Wert (alle Fragen nicht zutreffend)</span>"
    values = [float(re.sub(r"<.*?>", "", entry).rsplit(" ", 1)[1].replace(",", ".")) for entry in entries[:-1]]
    assert values == sorted(values, reverse=True)
    assert len(entries) == len(comparison_get(district=world.hoexter_district, year=grid.year).towns)


def test_the_matrix_marks_not_applicable_and_names_who_has_not_released(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    _without_value(world, grid, "beverungen", "verwaltung")
    page = client_as("coordinator").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/").content.decode()
    row = re.search(r'<tr data-town="beverungen">.*?</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[0] == "<span data-not-applicable>n. z.</span>"
    assert all(cell.strip() for cell in cells)  # no empty cell
    assert "„n. z.“: kein Wert, weil jede Frage des Handlungsfelds für die Kommune nicht zutrifft" in page
    # The demo: Brakel (partly answered) and Marienmünster (complete) have not released.
    unreleased = re.search(r"<p data-unreleased>(.*?)</p>", page, re.S)
    assert unreleased is not None
    assert unreleased.group(1).startswith(
        "Ohne Werte, weil (noch) nicht freigegeben: Brakel (noch nicht freigegeben), "
        "Marienmünster (noch nicht freigegeben)."
    )
    assert 'data-town="brakel"' not in page
    assert 'data-town="marienmuenster"' not in page


def test_the_matrix_is_a_labelled_focusable_region_with_its_legend(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    page = client_as("coordinator").get(f"/kreise/kreis-hoexter/vergleich/{grid.year}/").content.decode()
    assert (
        '<div class="scroll matrix-scroll" tabindex="0" role="region" aria-labelledby="matrix-heading" '
        'aria-describedby="matrix-hint">'
    ) in page
    assert 'id="matrix-hint"' in page
    assert 'id="matrix-heading"' in page
    headers = re.findall(r'<th scope="col" class="number" data-field="([^"]+)">', page)
    assert len(headers) == 12
    strength = re.search(
        r'<span class="verdict"><span aria-hidden="true">▲</span> <span class="verdict-word">Stärke</span>', page
    )
    weakness = re.search(
        r'<span class="verdict"><span aria-hidden="true">▼</span> <span class="verdict-word">Schwäche</span>', page
    )
    assert strength is not None
    assert weakness is not None


def test_the_size_class_median_says_why_it_is_missing(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """Höxter (29,812) shares "20,000 to 50,000" only with Warburg: two towns, fewer than three."""
    url = f"/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{grid.year}/"
    page = client_as("officer_hoexter").get(url).content.decode()
    cells = re.findall(r"<td class=\"number\" data-size-class-cell>(.*?)</td>", page, re.S)
    assert len(cells) == 12
    assert set(cells) == {'– <span class="hint">(nur 2 Kommunen, unter 3)</span>'}
    note = re.search(r"<p class=\"hint\" id=\"size-class-note\" data-size-class-note>(.*?)</p>", page, re.S)
    assert note is not None
    assert note.group(1).startswith(
        "Größenklasse „20.000 bis unter 50.000 Einwohner“: 2 Kommunen mit freigegebenem Quick Check"
    )
    assert "erst, wenn mindestens 3 dieser Kommunen im Handlungsfeld einen Wert haben" in note.group(1)


def test_the_size_class_median_shows_numbers_where_three_towns_have_values(
    world: World, grid: GridVersion, client_as: Callable[[str], Client]
) -> None:
    """Bad Driburg's class (10,000 to 20,000) holds three released towns of the one district."""
    comparison = comparison_get(district=world.hoexter_district, year=grid.year)
    driburg = next(t for t in comparison.towns if t.slug == "bad-driburg")
    peers = [
        t
        for t in comparison.towns
        if size_class(population=t.population, is_district_administration=t.kind == TownKind.DISTRICT_ADMINISTRATION)
        == SizeClass.FROM_10K
    ]
    assert len(peers) >= 3
    url = f"/kreise/kreis-hoexter/kommunen/bad-driburg/vergleich/{grid.year}/"
    page = client_as("coordinator").get(url).content.decode()
    shown = 0
    for key in driburg.fields:
        values = [t.fields[key].current for t in peers if key in t.fields and t.fields[key].current is not None]
        row = re.search(rf'<tr data-field="{key}">.*?</tr>', page, re.S)
        assert row is not None
        cell = re.search(r"data-size-class-cell>(.*?)</td>", row.group(0), re.S)
        assert cell is not None
        statistics = group_statistics(values)  # type: ignore[arg-type]
        if statistics is None:
            assert cell.group(1) == f'– <span class="hint">(nur {len(values)} Kommunen, unter 3)</span>'
        else:
            shown += 1
            median = f"{statistics.median:.1f}".replace(".", ",")
            assert cell.group(1) == f"{median} (n = {statistics.n})"
    assert shown >= 10
