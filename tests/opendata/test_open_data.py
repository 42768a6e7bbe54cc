"""A district's open data (D100–D102): off by default and then 404 everywhere; on, public pages, files and
a DCAT-AP.de catalogue for anyone, with aggregates of released Quick Checks only."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from opendata.hooks import open_data_changed
from opendata.licences import LicenceId
from opendata.models import OpenDataSetting
from opendata.services import open_data_set
from publishing.models import ItemKind, ItemSnapshot, ItemStage, PublishedItem
from roadmap.models import JointProject, JointProjectTown
from shared_vision.content import VisionContent
from shared_vision.services import vision_draft_create
from tenants.models import District, FederalState, Town
from tenants.services import district_create
from tests.conftest import World
from tests.factories import comparison_grid, published_snapshot, unprovisioned_town
from tests.helpers import unchanged

pytestmark = pytest.mark.django_db

HOEXTER = "/offen/kreis-hoexter/"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]")
DATASETS = ("leitbild", "ergebnisse", "gemeinsame-projekte", "leuchttuerme")
PUBLISHED_COLUMNS = {
    "leitbild": ["Fassung", "Beschlossen am", "Art", "Handlungsfeld", "Schlüssel", "Text"],
    "ergebnisse": [
        "Jahr",
        "Handlungsfeld-Schlüssel",
        "Handlungsfeld",
        "Anzahl Kommunen",
        "Unteres Quartil",
        "Median",
        "Oberes Quartil",
    ],
    "gemeinsame-projekte": [
        "Titel",
        "Handlungsfelder",
        "Status",
        "Federführende Kommune",
        "Beteiligte Kommunen",
        "Beginn",
        "Ende",
    ],
    "leuchttuerme": ["Art", "Kommune", "Titel", "Handlungsfelder", "Status", "Erfahrung für andere"],
}
SETTINGS_PAGE = "/kreise/kreis-hoexter/offene-daten/"
API = "/api/v1/districts/kreis-hoexter/open-data/"


def _public_urls(base: str) -> list[str]:
    files = [f"{base}daten/{key}.{file_format}" for key in DATASETS for file_format in ("csv", "json")]
    return [base, *files, f"{base}katalog.jsonld", f"{base}katalog.ttl"]


def _lighthouse(world: World) -> JointProject:
    """A joint project marked as a lighthouse (the shared world has no joint project)."""
    return JointProject.objects.create(
        district=world.hoexter_district,
        lead_town=world.town_hoexter,
        title="Bürgerportal gemeinsam",
        field_key="verwaltung",
        status="in_progress",
        is_lighthouse=True,
        lesson_learned="Früh mit dem Rechenzentrum sprechen.",
    )


def _switch(
    district: District, person: Callable[[str], User], *, enabled: bool = True, licence: str = "dl-de/by-2-0"
) -> None:
    open_data_set(district=district, enabled=enabled, licence=licence, actor=person("coordinator"))


def _everything(client: Client, base: str) -> dict[str, str]:
    """Every public answer of a district, by URL, as text."""
    answers = {}
    for url in _public_urls(base):
        answer = client.get(url)
        assert answer.status_code == 200, url
        answers[url] = answer.content.decode("utf-8-sig")
    return answers


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_off_by_default_every_public_url_answers_404(world: World, client_as: Callable[[str], Client]) -> None:
    assert not OpenDataSetting.objects.filter(district=world.hoexter_district).exists()
    for client in (Client(), client_as("coordinator")):
        for url in _public_urls(HOEXTER):
            assert client.get(url).status_code == 404, url
    assert Client().get("/offen/kein-kreis/").status_code == 404


def test_switched_on_anyone_reads_it_without_a_session_and_switched_off_it_is_gone_at_once(
    world: World, person: Callable[[str], User]
) -> None:
    _switch(world.hoexter_district, person)
    anonymous = Client()
    page = anonymous.get(HOEXTER)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Offene Daten: Kreis Höxter</h1>" in html
    assert 'data-licence="dl-de/by-2-0"' in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in html
    assert f"Ergebnisse {timezone.localdate().year}" in html  # the released Quick Checks of this year
    assert page["Cache-Control"] == "public, max-age=300"
    assert not page.cookies  # no session, no CSRF cookie for an anonymous visitor
    assert 'name="csrfmiddlewaretoken"' not in html
    assert "Anmelden" not in html
    assert "Abmelden" not in html
    for url in _public_urls(HOEXTER)[1:]:
        answer = anonymous.get(url)
        assert answer.status_code == 200, url
        assert answer["Cache-Control"] == "public, max-age=300"
        assert not answer.cookies

    _switch(world.hoexter_district, person, enabled=False)
    for url in _public_urls(HOEXTER):
        assert anonymous.get(url).status_code == 404, url


def test_a_signed_in_visitor_gets_the_same_page_but_never_a_shared_cache(
    world: World, person: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    _switch(world.hoexter_district, person)
    answer = client_as("coordinator").get(HOEXTER)
    assert answer.status_code == 200
    assert "public" not in answer["Cache-Control"]
    assert "private" in answer["Cache-Control"]
    html = answer.content.decode()
    assert "Kim Koordination" not in html
    assert "koordination@kreis-hoexter.example" not in html


def test_the_language_is_chosen_by_a_link_without_a_cookie(world: World, person: Callable[[str], User]) -> None:
    _switch(world.hoexter_district, person)
    answer = Client().get(HOEXTER + "?lang=en")
    html = answer.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Open data: Kreis Höxter</h1>" in html
    assert not answer.cookies


def test_the_vision_is_the_adopted_one_never_a_draft(world: World, person: Callable[[str], User]) -> None:
    _switch(world.hoexter_district, person)
    vision_draft_create(district=world.hoexter_district, actor=None, content=VisionContent(title="ENTWURF-GEHEIM-4711"))
    answers = _everything(Client(), HOEXTER)
    assert "<h3>Digitalisierungsstrategie Kreis Höxter – Leitbild</h3>" in answers[HOEXTER]
    assert "<li>Digitale und analoge Zugänge bleiben offen" in answers[HOEXTER]
    rows = _csv_rows(answers[HOEXTER + "daten/leitbild.csv"])
    kinds = {row["Art"] for row in rows}
    assert {"Titel", "Grundsatz", "Handlungsfeld", "Ziel"} <= kinds
    assert all(row["Fassung"] == "1" for row in rows)
    for url, text in answers.items():
        assert "ENTWURF-GEHEIM-4711" not in text, url


@pytest.fixture
def small_district(world: World) -> tuple[District, list[Town]]:
    """A district of four towns with figures planted for one year: field "gross" has three released
    values (11.1, 22.2, 33.3), field "klein" only two (77.7, 88.8); a fourth town released 55.5 in both
    and was reopened afterwards (its latest snapshot is withdrawn)."""
    district = district_create(name="Kreis Klein", key="05999", federal_state=FederalState.NORDRHEIN_WESTFALEN)
    towns = [
        unprovisioned_town(district=district, name=f"Geheimstadt {n}", ags=f"05999{n:03d}", population=12_000)
        for n in range(1, 5)
    ]
    grid = comparison_grid(district=district, year=2025, field_keys=["gross", "klein"])
    published_snapshot(town=towns[0], grid=grid, fields={"gross": "11.1", "klein": "77.7"})
    published_snapshot(town=towns[1], grid=grid, fields={"gross": "22.2", "klein": "88.8"})
    published_snapshot(town=towns[2], grid=grid, fields={"gross": "33.3"})
    published_snapshot(town=towns[3], grid=grid, fields={"gross": "55.5", "klein": "55.5"})
    published_snapshot(town=towns[3], grid=grid, fields={}, version=2, status="withdrawn")
    return district, towns


def test_results_show_quartiles_of_released_groups_only_never_small_groups_or_single_values(
    small_district: tuple[District, list[Town]], person: Callable[[str], User]
) -> None:
    district, towns = small_district
    open_data_set(district=district, enabled=True, licence="dl-de/by-2-0", actor=person("coordinator"))
    answers = _everything(Client(), "/offen/kreis-klein/")
    html = answers["/offen/kreis-klein/"]
    assert '<table data-results-year="2025">' in html
    assert (
        '<th scope="row">Gross</th><td class="number">3</td><td class="number">16,7</td><td class="number">22,2</td><td class="number">27,8</td>'
        in html
    )
    assert "Nicht gezeigt (weniger als 3 Kommunen mit Wert): Klein." in html
    rows = _csv_rows(answers["/offen/kreis-klein/daten/ergebnisse.csv"])
    assert [
        (
            r["Jahr"],
            r["Handlungsfeld-Schlüssel"],
            r["Anzahl Kommunen"],
            r["Unteres Quartil"],
            r["Median"],
            r["Oberes Quartil"],
        )
        for r in rows
    ] == [("2025", "gross", "3", "16,7", "22,2", "27,8")]
    document = json.loads(answers["/offen/kreis-klein/daten/ergebnisse.json"])
    assert document["daten"] == [
        {
            "Jahr": 2025,
            "Handlungsfeld-Schlüssel": "gross",
            "Handlungsfeld": "Gross",
            "Anzahl Kommunen": 3,
            "Unteres Quartil": 16.7,
            "Median": 22.2,
            "Oberes Quartil": 27.8,
        }
    ]
    for url, text in answers.items():
        # the small group's values, the minimum and maximum (one town's each), the reopened town's value
        for value in ("77,7", "77.7", "88,8", "88.8", "11,1", "11.1", "33,3", "33.3", "55,5", "55.5"):
            assert value not in text, (url, value)
        for town in towns:
            assert town.name not in text, url


def test_nothing_private_reaches_any_public_answer(world: World, person: Callable[[str], User], grid: Any) -> None:
    district = world.hoexter_district
    _switch(district, person)
    secret = "PRIVAT-9c1e"
    project = JointProject.objects.create(
        district=district,
        lead_town=world.town_hoexter,
        title="Gemeinsame Plattform",
        field_key="verwaltung",
        status="planned",
        status_note=f"{secret} Notiz",
        responsible_person=f"{secret} Person",
        funding_source=f"{secret} Förderung",
        budget_estimate=Decimal("987654.32"),
        description=f"{secret} Beschreibung",
    )
    JointProjectTown.objects.create(joint_project=project, town=world.town_brakel, commitment="committed")
    snapshot = ItemSnapshot.objects.create(district=district, town=world.town_brakel, version=99, content_hash="x")
    PublishedItem.objects.create(
        snapshot=snapshot,
        item_kind=ItemKind.SOLUTION,
        item_id=1,
        field_key="verwaltung",
        title=f"{secret} Register",
        stage=ItemStage.IN_USE,
        annual_cost=Decimal("45678.90"),
        item_hash="x",
    )
    PublishedItem.objects.create(
        snapshot=snapshot,
        item_kind=ItemKind.MEASURE,
        item_id=2,
        field_key="verwaltung",
        title="Digitale Sprechstunde",
        stage=ItemStage.IN_USE,
        status="done",
        is_lighthouse=True,
        lesson_learned="Termine online vergeben.",
        responsible_unit=f"{secret} Stelle",
        item_hash="y",
    )
    answers = _everything(Client(), HOEXTER)
    assert "Gemeinsame Plattform" in answers[HOEXTER]
    lighthouses = _csv_rows(answers[HOEXTER + "daten/leuchttuerme.csv"])
    assert [(r["Art"], r["Kommune"], r["Titel"], r["Status"], r["Erfahrung für andere"]) for r in lighthouses] == [
        ("Maßnahme einer Kommune", "Brakel", "Digitale Sprechstunde", "abgeschlossen", "Termine online vergeben.")
    ]
    projects = _csv_rows(answers[HOEXTER + "daten/gemeinsame-projekte.csv"])
    row = next(r for r in projects if r["Titel"] == "Gemeinsame Plattform")
    assert (row["Federführende Kommune"], row["Beteiligte Kommunen"], row["Status"]) == ("Höxter", "Brakel", "geplant")
    for url, text in answers.items():
        for private in (secret, "987654", "987.654", "45678", "45.678", "Kim Koordination"):
            assert private not in text, (url, private)
        assert not EMAIL.search(text), url


def test_another_district_is_never_exposed(world: World, person: Callable[[str], User]) -> None:
    lippe = world.lippe_district
    JointProject.objects.create(
        district=lippe, lead_town=world.town_detmold, title="LIPPE-PROJEKT-31", field_key="verwaltung", status="idea"
    )
    _switch(world.hoexter_district, person)
    anonymous = Client()
    for url in _public_urls("/offen/kreis-lippe/"):
        assert anonymous.get(url).status_code == 404, url
    open_data_set(district=lippe, enabled=True, licence="cc-by-4.0", actor=person("coordinator_lippe"))
    assert "LIPPE-PROJEKT-31" in anonymous.get("/offen/kreis-lippe/").content.decode()
    for url, text in _everything(anonymous, HOEXTER).items():
        for other in ("LIPPE-PROJEKT-31", "Detmold", "05766"):
            assert other not in text, (url, other)


def test_every_file_carries_its_licence(world: World, person: Callable[[str], User]) -> None:
    _lighthouse(world)
    _switch(world.hoexter_district, person, licence=LicenceId.CC_BY)
    answers = _everything(Client(), HOEXTER)
    for key in DATASETS:
        rows = _csv_rows(answers[f"{HOEXTER}daten/{key}.csv"])
        assert rows, key
        assert {(r["Lizenz"], r["Lizenz-URL"], r["Namensnennung"]) for r in rows} == {
            ("cc-by-4.0", "https://creativecommons.org/licenses/by/4.0/", "Kreis Höxter")
        }
        document = json.loads(answers[f"{HOEXTER}daten/{key}.json"])
        assert document["lizenz"] == {
            "id": "cc-by-4.0",
            "name": "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "dcat_ap_de": "http://dcat-ap.de/def/licenses/cc-by/4.0",
            "namensnennung": "Kreis Höxter",
        }
        assert document["spalten"] == PUBLISHED_COLUMNS[key]  # what users of the data rely on
        assert list(rows[0])[: len(PUBLISHED_COLUMNS[key])] == PUBLISHED_COLUMNS[key]  # the CSV alike
    assert Client().get(f"{HOEXTER}daten/leitbild.csv")["Content-Type"] == "text/csv; charset=utf-8"
    # German whatever the visitor's language: the status is the German label
    english = Client(headers={"accept-language": "en"}).get(f"{HOEXTER}daten/leuchttuerme.json").json()
    assert english["daten"][0]["Status"] == "in Umsetzung"


def test_csv_never_writes_a_live_formula(world: World, person: Callable[[str], User]) -> None:
    _switch(world.hoexter_district, person)
    JointProject.objects.create(
        district=world.hoexter_district, title='=HYPERLINK("http://x")', field_key="verwaltung", status="idea"
    )
    text = Client().get(f"{HOEXTER}daten/gemeinsame-projekte.csv").content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in text
    assert ";=HYPERLINK" not in text
    assert not any(line.startswith("=") for line in text.splitlines())


def _nodes(graph: dict[str, Any], node_type: str) -> list[dict[str, Any]]:
    return [node for node in graph["@graph"] if node["@type"] == node_type]


def test_the_catalogue_describes_every_dataset_in_dcat_ap_de(world: World, person: Callable[[str], User]) -> None:
    _lighthouse(world)
    _switch(world.hoexter_district, person)
    anonymous = Client()
    answer = anonymous.get(HOEXTER + "katalog.jsonld")
    assert answer["Content-Type"] == "application/ld+json; charset=utf-8"
    graph = json.loads(answer.content)
    assert graph["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert graph["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert graph["@context"]["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    (catalogue,) = _nodes(graph, "dcat:Catalog")
    datasets = _nodes(graph, "dcat:Dataset")
    distributions = {node["@id"]: node for node in _nodes(graph, "dcat:Distribution")}
    (publisher,) = _nodes(graph, "foaf:Organization")
    assert publisher["foaf:name"] == "Kreis Höxter"
    assert {d["@id"] for d in datasets} == {ref["@id"] for ref in catalogue["dcat:dataset"]}
    assert len(datasets) == 4
    for dataset in datasets:
        assert dataset["dct:title"]["@language"] == "de"
        assert dataset["dct:title"]["@value"]
        assert dataset["dct:description"]["@language"] == "de"
        assert dataset["dct:publisher"] == {"@id": publisher["@id"]}
        assert dataset["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}
        assert dataset["dcatde:politicalGeocodingURI"] == {
            "@id": "http://dcat-ap.de/def/politicalGeocoding/districtKey/05762"
        }
        assert dataset["dcatde:politicalGeocodingLevelURI"] == {
            "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
        }
        assert dataset["dcatde:contributorID"] == {"@id": "http://dcat-ap.de/def/contributors/openNRW"}
        assert dataset["dct:modified"]["@type"] == "xsd:date"
        formats = set()
        for ref in dataset["dcat:distribution"]:
            distribution = distributions[ref["@id"]]
            download = distribution["dcat:downloadURL"]["@id"]
            assert distribution["dcat:accessURL"]["@id"] == download
            assert download.startswith("http://testserver/offen/kreis-hoexter/daten/")
            assert anonymous.get(download.removeprefix("http://testserver")).status_code == 200
            assert distribution["dcatde:licenseAttributionByText"] == {"@value": "Kreis Höxter", "@language": "de"}
            formats.add((distribution["dct:format"]["@id"], distribution["dcat:mediaType"]["@id"]))
        assert formats == {
            (
                "http://publications.europa.eu/resource/authority/file-type/CSV",
                "https://www.iana.org/assignments/media-types/text/csv",
            ),
            (
                "http://publications.europa.eu/resource/authority/file-type/JSON",
                "https://www.iana.org/assignments/media-types/application/json",
            ),
        }
    turtle = anonymous.get(HOEXTER + "katalog.ttl")
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    text = turtle.content.decode()
    assert "@prefix dcat: <http://www.w3.org/ns/dcat#> ." in text
    assert text.count("a dcat:Dataset") == 4
    assert text.count("a dcat:Distribution") == 8
    assert "dct:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0>" in text


def test_the_coordinator_switches_it_on_the_district_page_and_the_hook_fires(
    world: World, client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    fired: list[tuple[Any, ...]] = []

    def collect(district: District, enabled: bool, licence: str, actor: User) -> None:
        fired.append((district.slug, enabled, licence, actor.email))

    monkeypatch.setattr(open_data_changed, "_receivers", [])  # only this test's receiver, restored after it
    open_data_changed.register(collect)
    client = client_as("coordinator")
    home = client.get("/kreise/kreis-hoexter/").content.decode()
    assert 'data-open-data="off"' in home
    assert f'action="{SETTINGS_PAGE}"' in home
    answer = client.post(SETTINGS_PAGE, {"enabled": "1", "licence": "dl-de/zero-2-0"})
    assert answer.status_code == 302
    assert answer["Location"] == "/kreise/kreis-hoexter/#offene-daten"
    setting = OpenDataSetting.objects.get(district=world.hoexter_district)
    assert (setting.enabled, setting.licence, setting.changed_by_label) == (
        True,
        "dl-de/zero-2-0",
        "Kim Koordination",
    )
    home = client.get("/kreise/kreis-hoexter/").content.decode()
    assert 'data-open-data="on"' in home
    assert "geändert von Kim Koordination am" in home
    client.post(SETTINGS_PAGE, {"enabled": "1", "licence": "dl-de/zero-2-0"})  # nothing changes: no event
    assert fired == [("kreis-hoexter", True, "dl-de/zero-2-0", "koordination@kreis-hoexter.example")]
    assert Client().get(HOEXTER).status_code == 200
    assert client.post(SETTINGS_PAGE, {"enabled": "1", "licence": "mit"}).status_code == 200
    assert OpenDataSetting.objects.get(district=world.hoexter_district).licence == "dl-de/zero-2-0"


@pytest.mark.parametrize(
    "label", ["conference", "officer_hoexter", "viewer_hoexter", "coordinator_lippe", "operator", "no_role"]
)
def test_only_the_districts_coordinators_switch_it(
    world: World, label: str, client_as: Callable[[str], Client], api_as: Callable[[str], APIClient]
) -> None:
    with unchanged(OpenDataSetting.objects.all()):
        assert client_as(label).post(SETTINGS_PAGE, {"enabled": "1", "licence": "dl-de/by-2-0"}).status_code == 403
        assert client_as(label).get(SETTINGS_PAGE).status_code == 403
        assert api_as(label).put(API, {"enabled": True}, format="json").status_code == 403
    assert Client().get(HOEXTER).status_code == 404


def test_anonymous_cannot_switch_it(world: World) -> None:
    with unchanged(OpenDataSetting.objects.all()):
        answer = Client().post(SETTINGS_PAGE, {"enabled": "1", "licence": "dl-de/by-2-0"})
        assert answer.status_code == 302
        assert answer["Location"].startswith("/anmelden/")
        assert APIClient().put(API, {"enabled": True}, format="json").status_code == 401


def test_the_api_reads_and_sets_it(world: World, api_as: Callable[[str], APIClient]) -> None:
    assert api_as("officer_hoexter").get(API).json() == {
        "enabled": False,
        "licence": "dl-de/by-2-0",
        "licence_name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "licence_url": "https://www.govdata.de/dl-de/by-2-0",
        "changed_at": None,
        "changed_by": "",
        "public_url": "/offen/kreis-hoexter/",
    }
    assert api_as("officer_detmold").get(API).status_code == 403
    coordinator = api_as("coordinator")
    with unchanged(OpenDataSetting.objects.all()):
        bad = coordinator.put(API, {"enabled": True, "licence": "proprietär"}, format="json")
        assert bad.status_code == 400
        assert "licence" in bad.json()
        assert coordinator.put(API, {"enabled": "vielleicht"}, format="json").status_code == 400
    answer = coordinator.put(API, {"enabled": True}, format="json").json()
    assert (answer["enabled"], answer["licence"], answer["changed_by"]) == (True, "dl-de/by-2-0", "Kim Koordination")
    assert Client().get(HOEXTER).status_code == 200
    assert coordinator.put(API, {"enabled": False}, format="json").json()["enabled"] is False
    assert Client().get(HOEXTER).status_code == 404
