"""Duplicated structures: planted duplicates are flagged, unrelated items are not; decisions hold.

The fixture publishes 32 register entries and measures of the demo district's eleven members
(replacing their sample register), with seven planted duplicate groups and near misses of every
kind the method must leave alone. The test prints precision and recall.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kreisagenda.tenancy import town_schema_activate

from accounts.models import User
from benchmarking.models import DuplicateFlag, FlagStatus, SuggestedAction
from benchmarking.selectors import flags_open
from benchmarking.services import duplicate_flag_confirm, duplicate_flag_dismiss, duplicate_flags_refresh
from benchmarking.similarity import read, thesaurus_shipped
from publishing.items import PublishableItem
from publishing.services import items_publish
from roadmap.models import Commitment, JointProject, JointProjectItem, JointProjectTown
from tenants.models import Town
from tests.conftest import World
from tests.helpers import JOINT_PROJECTS, unchanged

TODAY = datetime.date(2026, 11, 22)
IN_2027 = datetime.date(2027, 7, 31)
FAR = datetime.date(2033, 12, 31)

# label: (town slug, kind, field, category, title, product, stage, contract end)
ITEMS: dict[str, tuple[str, str, str, str, str, str, str, datetime.date | None]] = {
    # G1 council information system, two towns about to buy one
    "ris_a": (
        "brakel",
        "solution",
        "verwaltung",
        "council_information",
        "Einführung eines Ratsinformationssystems",
        "ALLRIS",
        "planned",
        None,
    ),
    "ris_b": (
        "bad-driburg",
        "solution",
        "verwaltung",
        "council_information",
        "Neues Ratsinformationssystem für die Gremienarbeit",
        "",
        "procurement",
        None,
    ),
    # G2 public Wi-Fi, three towns
    "wifi_a": (
        "warburg",
        "solution",
        "infrastruktur",
        "public_wifi",
        "Freies WLAN in der Innenstadt",
        "",
        "planned",
        None,
    ),
    "wifi_b": (
        "steinheim",
        "solution",
        "infrastruktur",
        "public_wifi",
        "Öffentliches WLAN am Marktplatz",
        "",
        "planned",
        None,
    ),
    "wifi_c": (
        "nieheim",
        "solution",
        "infrastruktur",
        "public_wifi",
        "WLAN-Hotspots im Freibad",
        "",
        "procurement",
        None,
    ),
    # G3 e-file: one runs it, one is about to start (reuse)
    "efile_a": (
        "beverungen",
        "solution",
        "prozesse",
        "e_file",
        "E-Akte in der Kernverwaltung",
        "d.velop documents",
        "in_use",
        FAR,
    ),
    "efile_b": ("nieheim", "solution", "prozesse", "e_file", "Einführung der E-Akte", "d.velop", "planned", None),
    # G4 parking sensors
    "park_a": (
        "hoexter",
        "solution",
        "mobilitaet",
        "parking_sensors",
        "Parksensoren in der Innenstadt",
        "",
        "planned",
        None,
    ),
    "park_b": (
        "warburg",
        "solution",
        "mobilitaet",
        "parking_sensors",
        "Smartes Parken: Sensoren auf Parkplätzen",
        "",
        "procurement",
        None,
    ),
    # G5 school tablets, both in use, both contracts end next year (joint re-procurement)
    "tab_a": (
        "brakel",
        "solution",
        "bildung",
        "school_devices",
        "Tablets für die Grundschulen",
        "iPad",
        "in_use",
        IN_2027,
    ),
    "tab_b": (
        "borgentreich",
        "solution",
        "bildung",
        "school_devices",
        "iPads für die Grundschule",
        "iPad",
        "in_use",
        IN_2027,
    ),
    # G6 measures, text only
    "bau_a": ("hoexter", "measure", "verwaltung", "", "Digitale Bauakte einführen", "", "planned", None),
    "bau_b": ("warburg", "measure", "verwaltung", "", "Einführung der digitalen Bauakte", "", "planned", None),
    # G7 defect reporting app
    "app_a": (
        "willebadessen",
        "solution",
        "teilhabe",
        "citizen_portal",
        "Bürger-App als Mängelmelder",
        "",
        "planned",
        None,
    ),
    "app_b": (
        "marienmuenster",
        "solution",
        "teilhabe",
        "citizen_portal",
        "Mängelmelder-App für Bürgerinnen und Bürger",
        "",
        "planned",
        None,
    ),
    # Near misses: both in use, contracts far off (nothing to decide)
    "web_a": (
        "bad-driburg",
        "solution",
        "kultur",
        "website",
        "Tourismus-Website mit Veranstaltungskalender",
        "TYPO3",
        "in_use",
        None,
    ),
    "web_b": ("beverungen", "solution", "kultur", "website", "Tourismus-Website", "TYPO3", "in_use", FAR),
    # Near misses: same words, different fields of action
    "lora_a": (
        "hoexter",
        "solution",
        "infrastruktur",
        "sensor_network",
        "LoRaWAN-Netz im Stadtgebiet",
        "",
        "in_use",
        None,
    ),
    "lora_b": (
        "steinheim",
        "solution",
        "umwelt",
        "sensor_network",
        "LoRaWAN-Sensoren für Umweltdaten",
        "",
        "planned",
        None,
    ),
    # Near misses: same category, different purpose
    "sec_a": ("borgentreich", "solution", "sicherheit", "it_security", "Firewall erneuern", "", "planned", None),
    "sec_b": (
        "willebadessen",
        "solution",
        "sicherheit",
        "it_security",
        "Schulung Informationssicherheit für alle Beschäftigten",
        "",
        "planned",
        None,
    ),
    # Near misses: already one joint project
    "video_a": (
        "kreis-hoexter",
        "solution",
        "organisation",
        "video_conference",
        "Videokonferenzsystem für die Verwaltung",
        "",
        "planned",
        None,
    ),
    "video_b": (
        "brakel",
        "solution",
        "organisation",
        "video_conference",
        "Videokonferenzen für die Verwaltung und den Rat",
        "",
        "planned",
        None,
    ),
    # Unrelated singles
    "pay": ("bad-driburg", "solution", "verwaltung", "payment", "E-Payment für Gebühren", "ePayBL", "in_use", None),
    "termin": (
        "borgentreich",
        "solution",
        "verwaltung",
        "citizen_portal",
        "Online-Terminvergabe im Bürgerbüro",
        "",
        "planned",
        None,
    ),
    "bus": ("nieheim", "measure", "mobilitaet", "", "Bürgerbus mit Online-Buchung", "", "planned", None),
    "tele": ("kreis-hoexter", "measure", "gesundheit", "", "Telemedizin in der Landarztpraxis", "", "planned", None),
    "lade": ("marienmuenster", "measure", "umwelt", "", "Ladesäulen für Elektroautos", "", "planned", None),
    "verein": ("steinheim", "solution", "kultur", "other", "Digitales Vereinsregister", "", "planned", None),
    "opendata": ("hoexter", "solution", "wirtschaft", "other", "Open-Data-Portal", "", "planned", None),
    "gewerbe": ("brakel", "solution", "wirtschaft", "other", "Gewerbeflächen-Portal", "", "planned", None),
    "schule_wlan": ("willebadessen", "measure", "bildung", "", "Glasfaser für alle Schulen", "", "planned", None),
}

PLANTED_GROUPS = [
    {"ris_a", "ris_b"},
    {"wifi_a", "wifi_b", "wifi_c"},
    {"efile_a", "efile_b"},
    {"park_a", "park_b"},
    {"tab_a", "tab_b"},
    {"bau_a", "bau_b"},
    {"app_a", "app_b"},
]
PLANTED_PAIRS = {frozenset(pair) for group in PLANTED_GROUPS for pair in itertools.combinations(sorted(group), 2)}
ITEM_IDS = {label: 5000 + index for index, label in enumerate(ITEMS)}


def _item(label: str) -> PublishableItem:
    _town, kind, field_key, category, title, product, stage, contract_end = ITEMS[label]
    return PublishableItem(
        item_kind=kind,
        item_id=ITEM_IDS[label],
        field_key=field_key,
        title=title,
        stage=stage,
        category=category,
        product=product,
        contract_end=contract_end,
    )


def _publish(town: Town, items: list[PublishableItem]) -> None:
    town_schema_activate(town)
    items_publish(town=town, items=items, today=TODAY)


@pytest.fixture
def published(world: World, db: None) -> dict[str, Town]:
    """The fixture's items published in every member of the demo district (replacing their register)."""
    towns = {town.slug: town for town in Town.objects.filter(district=world.hoexter_district)}
    project = JointProject.objects.create(
        district=world.hoexter_district, title="Videokonferenzen", field_key="organisation"
    )
    for label in ("video_a", "video_b"):
        JointProjectItem.objects.create(
            joint_project=project, town=towns[ITEMS[label][0]], item_kind="solution", item_id=ITEM_IDS[label]
        )
    for slug, town in towns.items():
        _publish(town, [_item(label) for label, row in ITEMS.items() if row[0] == slug])
    return towns


def _label(item: dict[str, object]) -> str:
    return next(label for label, item_id in ITEM_IDS.items() if item_id == item["item_id"])


def _flag_labels(flag: DuplicateFlag) -> set[str]:
    return {_label(item) for item in flag.evidence["items"]}


def test_planted_duplicates_are_flagged_and_unrelated_items_are_not(world: World, published: dict[str, Town]) -> None:
    assert len(ITEMS) >= 30
    flags = list(flags_open(district=world.hoexter_district))
    flagged_pairs = {
        frozenset(pair)
        for flag in flags
        for pair in itertools.combinations(sorted(_flag_labels(flag)), 2)
        if ITEMS[pair[0]][0] != ITEMS[pair[1]][0]
    }
    true_positives = flagged_pairs & PLANTED_PAIRS
    precision = len(true_positives) / len(flagged_pairs) if flagged_pairs else 0.0
    recall = len(true_positives) / len(PLANTED_PAIRS)
    print(f"duplicates fixture: precision {precision:.2f}, recall {recall:.2f}")  # noqa: T201
    assert sorted(sorted(_flag_labels(flag)) for flag in flags) == sorted(sorted(group) for group in PLANTED_GROUPS)
    assert (precision, recall) == (1.0, 1.0)


def test_each_flag_shows_its_evidence_and_a_suggested_action(world: World, published: dict[str, Town]) -> None:
    flags = {frozenset(_flag_labels(flag)): flag for flag in flags_open(district=world.hoexter_district)}
    efile = flags[frozenset({"efile_a", "efile_b"})]
    assert efile.suggested_action == SuggestedAction.REUSE  # Beverungen runs it, Nieheim is about to start
    assert [(item["town_name"], item["title"], item["stage"]) for item in efile.evidence["items"]] == [
        ("Beverungen", "E-Akte in der Kernverwaltung", "in_use"),
        ("Nieheim", "Einführung der E-Akte", "planned"),
    ]
    assert [pair["similarity"] for pair in efile.evidence["pairs"]] == [str(efile.similarity)]
    assert efile.evidence["pairs"][0]["concepts"] == ["E-Akte / Dokumentenmanagement"]  # what matched
    assert flags[frozenset({"wifi_a", "wifi_b", "wifi_c"})].suggested_action == SuggestedAction.JOINT_PROCUREMENT
    assert flags[frozenset({"tab_a", "tab_b"})].suggested_action == SuggestedAction.JOINT_PROCUREMENT
    assert flags[frozenset({"bau_a", "bau_b"})].suggested_action == SuggestedAction.LEAD_TOWN
    assert len(flags[frozenset({"wifi_a", "wifi_b", "wifi_c"})].evidence["pairs"]) >= 2


def test_the_method_reads_german_stems_compounds_and_the_thesaurus() -> None:
    thesaurus = thesaurus_shipped()
    # Inflected forms meet in one stem, stop words do not count.
    assert set(read("Einführung der elektronischen Akte", thesaurus).stems) == set(
        read("Elektronische Akte einführen", thesaurus).stems
    )
    # Abbreviation, spelled-out term, generic term and product name: one concept.
    for text in ("E-Akte", "elektronische Aktenführung", "DMS", "Dokumentenmanagementsystem", "enaio"):
        assert "e_file" in read(text, thesaurus).concepts, text
    # A compound is split into parts the district's texts know.
    reading = read("Parkraumbewirtschaftung", thesaurus, frozenset({"parkraum", "bewirtschaft"}))
    assert {"parkraum", "bewirtschaft"} <= set(reading.stems)
    assert "parking" in reading.concepts
    assert read("Videokonferenzsystem", thesaurus).concepts.isdisjoint(
        read("Einführung der E-Akte", thesaurus).concepts
    )


def _flag_for(world: World, labels: set[str]) -> DuplicateFlag:
    return next(
        flag
        for flag in DuplicateFlag.objects.filter(district=world.hoexter_district, is_current=True)
        if _flag_labels(flag) == labels
    )


def test_a_dismissed_flag_stays_dismissed_until_its_items_change(
    world: World, published: dict[str, Town], person: Callable[[str], User]
) -> None:
    flag = _flag_for(world, {"park_a", "park_b"})
    coordinator = person("coordinator")
    with unchanged(DuplicateFlag), pytest.raises(ValidationError, match="begründen"):
        duplicate_flag_dismiss(flag=flag, reason=" ", actor=coordinator)
    duplicate_flag_dismiss(flag=flag, reason="Höxter testet nur einen Sensor", actor=person("coordinator"))
    duplicate_flags_refresh(district=world.hoexter_district, today=TODAY)
    # Another change in Warburg (its Wi-Fi entry) leaves the parking items, and the decision, alone.
    warburg = published["warburg"]
    _publish(
        warburg,
        [
            replace(_item("wifi_a"), title="Freies WLAN in der ganzen Innenstadt"),
            _item("park_b"),
            _item("bau_b"),
        ],
    )
    flag.refresh_from_db()
    assert (flag.status, flag.is_current, flag.decided_by_label) == (
        FlagStatus.DISMISSED,
        True,
        str(person("coordinator")),
    )
    assert not any(_flag_labels(f) == {"park_a", "park_b"} for f in flags_open(district=world.hoexter_district))
    # Warburg now procures a different product: the items changed, so the question is open again.
    _publish(
        warburg,
        [
            replace(_item("wifi_a"), title="Freies WLAN in der ganzen Innenstadt"),
            replace(_item("park_b"), stage="planned"),
            _item("bau_b"),
        ],
    )
    flag.refresh_from_db()
    assert (flag.status, flag.is_current) == (FlagStatus.DISMISSED, False)
    reopened = _flag_for(world, {"park_a", "park_b"})
    assert reopened.pk != flag.pk
    assert reopened.status == FlagStatus.OPEN


def test_confirming_creates_a_joint_project_and_the_items_are_no_longer_flagged(
    world: World, published: dict[str, Town], person: Callable[[str], User]
) -> None:
    flag = _flag_for(world, {"wifi_a", "wifi_b", "wifi_c"})
    coordinator = person("coordinator")
    with (
        unchanged(DuplicateFlag, *JOINT_PROJECTS),
        pytest.raises(ValidationError, match="beteiligten Kommunen"),
    ):
        duplicate_flag_confirm(flag=flag, actor=coordinator, lead_town=published["hoexter"], today=TODAY)
    project = duplicate_flag_confirm(
        flag=flag,
        actor=person("coordinator"),
        title="WLAN für Innenstädte",
        lead_town=published["warburg"],
        today=TODAY,
    )
    assert (project.title, project.field_key, project.lead_town, project.created_by_label) == (
        "WLAN für Innenstädte",
        "infrastruktur",
        published["warburg"],
        str(person("coordinator")),
    )
    assert sorted(JointProjectTown.objects.filter(joint_project=project).values_list("town__slug", "commitment")) == [
        ("nieheim", Commitment.INTERESTED),
        ("steinheim", Commitment.INTERESTED),
        ("warburg", Commitment.INTERESTED),
    ]
    assert JointProjectItem.objects.filter(joint_project=project).count() == 3
    flag.refresh_from_db()
    assert (flag.status, flag.joint_project, flag.is_current) == (FlagStatus.CONFIRMED, project, False)
    assert not any(f.field_key == "infrastruktur" for f in flags_open(district=world.hoexter_district))
    with unchanged(DuplicateFlag, *JOINT_PROJECTS), pytest.raises(ValidationError, match="schon entschieden"):
        duplicate_flag_dismiss(flag=flag, reason="doch nicht", actor=coordinator)


def test_confirming_into_an_existing_project_links_the_items(
    world: World, published: dict[str, Town], person: Callable[[str], User]
) -> None:
    existing = JointProject.objects.create(
        district=world.hoexter_district, title="Gremienarbeit digital", field_key="verwaltung"
    )
    flag = _flag_for(world, {"ris_a", "ris_b"})
    assert (
        duplicate_flag_confirm(flag=flag, actor=person("coordinator"), joint_project=existing, today=TODAY) == existing
    )
    assert sorted(JointProjectItem.objects.filter(joint_project=existing).values_list("item_id", flat=True)) == sorted(
        [ITEM_IDS["ris_a"], ITEM_IDS["ris_b"]]
    )
    other_district_project = JointProject.objects.create(
        district=world.lippe_district, title="X", field_key="verwaltung"
    )
    building_permits = _flag_for(world, {"bau_a", "bau_b"})
    with unchanged(DuplicateFlag, *JOINT_PROJECTS), pytest.raises(ValidationError, match="anderen Kreis"):
        duplicate_flag_confirm(flag=building_permits, actor=None, joint_project=other_district_project, today=TODAY)


def test_confirming_an_item_that_belongs_to_another_project_changes_nothing(
    world: World, published: dict[str, Town], person: Callable[[str], User]
) -> None:
    elsewhere = JointProject.objects.create(
        district=world.hoexter_district, title="Ratsinformation im Kreis", field_key="verwaltung"
    )
    JointProjectItem.objects.create(
        joint_project=elsewhere,
        town=published[ITEMS["ris_a"][0]],
        item_kind=ITEMS["ris_a"][1],
        item_id=ITEM_IDS["ris_a"],
    )
    flag = _flag_for(world, {"ris_a", "ris_b"})
    # A new project would be written before the refusal: the whole decision is one transaction.
    with unchanged(DuplicateFlag, *JOINT_PROJECTS), pytest.raises(ValidationError, match="gehört schon zum Projekt"):
        duplicate_flag_confirm(
            flag=flag, actor=person("coordinator"), title="Neues Ratsinformationssystem", today=TODAY
        )


def test_a_confirmation_is_one_transaction(
    world: World, published: dict[str, Town], person: Callable[[str], User]
) -> None:
    """Its first statement opens the transaction (a savepoint inside the test's own) and its last
    closes it: locking the flag (SELECT … FOR UPDATE) needs one, outside tests too."""
    flag = _flag_for(world, {"ris_a", "ris_b"})
    coordinator = person("coordinator")
    with CaptureQueriesContext(connection) as captured:
        duplicate_flag_confirm(flag=flag, actor=coordinator, today=TODAY)
    statements = [query["sql"] for query in captured.captured_queries if not query["sql"].startswith("SET ")]
    assert statements[0].startswith("SAVEPOINT")
    assert statements[-1].startswith("RELEASE SAVEPOINT")
    assert "FOR UPDATE" in statements[1]


def test_a_refresh_brings_open_and_decided_flags_up_to_the_method_and_keeps_decisions(
    world: World, published: dict[str, Town]
) -> None:
    """Flags raised by an older method (no reasons recorded) get today's score and reasons; a decision stays."""
    flag = _flag_for(world, {"efile_a", "efile_b"})
    duplicate_flag_dismiss(flag=flag, reason="Verschiedene Zwecke", actor=None)
    stale = {**flag.evidence, "pairs": [{"first": 0, "second": 1, "similarity": "0.500"}]}
    DuplicateFlag.objects.filter(pk=flag.pk).update(evidence=stale, similarity=Decimal("0.5"))
    call_command("duplicate_flags_refresh", verbosity=0)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED
    assert flag.decision_reason == "Verschiedene Zwecke"
    assert flag.evidence["pairs"][0]["concepts"] == ["E-Akte / Dokumentenmanagement"]
    assert flag.similarity == Decimal(flag.evidence["pairs"][0]["similarity"])


def test_a_refresh_that_changes_nothing_writes_no_flag(world: World, published: dict[str, Town]) -> None:
    """Every publish refreshes the district's flags; unchanged flags are not written again."""
    before = list(DuplicateFlag.objects.filter(district=world.hoexter_district).order_by("pk").values())
    with CaptureQueriesContext(connection) as queries:
        duplicate_flags_refresh(district=world.hoexter_district, today=TODAY)
    one_flag = f'WHERE "{DuplicateFlag._meta.db_table}"."id" = '  # a flag saved again
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and one_flag in q["sql"]] == []
    assert list(DuplicateFlag.objects.filter(district=world.hoexter_district).order_by("pk").values()) == before
