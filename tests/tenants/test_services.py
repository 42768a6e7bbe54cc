from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_exists
from kreisagenda.tenancy import active_schema, town_schema

from accounts.models import Membership, Role, User
from accounts.services import membership_grant
from audit.models import AuditEntry
from tenants.models import District, FederalState, SchemaStatus, Town
from tenants.services import district_create, town_create, town_remove
from tests.conftest import World
from tests.factories import UserFactory
from tests.helpers import schemas_unchanged, town_unchanged, unchanged


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("0576209", "Der AGS hat genau 8 Ziffern."),
        ("057620999", "Der AGS hat genau 8 Ziffern."),
        ("0576209x", "Der AGS hat genau 8 Ziffern."),
        ("05766099", "Der AGS 05766099 beginnt nicht mit dem Kreisschlüssel 05762."),
    ],
)
def test_ags_must_have_8_digits_and_start_with_the_district_key(world: World, db: None, ags: str, message: str) -> None:
    with unchanged(Town), schemas_unchanged(), pytest.raises(ValidationError) as caught:
        town_create(district=world.hoexter_district, name="Neustadt", ags=ags, population=100)
    assert message in caught.value.message_dict["ags"]


def test_ags_is_unique_across_the_installation(world: World, db: None) -> None:
    with unchanged(Town), schemas_unchanged(), pytest.raises(ValidationError) as caught:
        town_create(district=world.hoexter_district, name="Doppelt", ags="05762016", population=100)
    assert "ags" in caught.value.message_dict


def test_district_key_must_lie_in_its_federal_state(db: None) -> None:
    with unchanged(District), pytest.raises(ValidationError) as caught:
        district_create(name="Kreis Irgendwo", key="09162", federal_state=FederalState.NORDRHEIN_WESTFALEN)
    assert caught.value.message_dict["key"] == ["Der Kreisschlüssel 09162 liegt nicht im gewählten Bundesland."]


def test_town_create_gives_the_town_a_ready_schema_with_a_first_history_entry(world: World, db: None) -> None:
    actor = cast(User, UserFactory())
    town = town_create(
        district=world.hoexter_district, name="Neustadt an der Nethe", ags="05762099", population=1234, actor=actor
    )
    assert town.schema_name == "town_05762099"
    assert town.slug == "neustadt-an-der-nethe"
    assert town.schema_status == SchemaStatus.READY
    with town_schema(town):
        entries = list(AuditEntry.objects.values_list("actor_label", "summary"))
    assert entries == [(str(actor), "Datenbereich für Neustadt an der Nethe angelegt")]


def test_each_town_sees_only_its_own_history(world: World, db: None) -> None:
    with town_schema(world.town_hoexter):
        AuditEntry.objects.create(action="test", summary="nur Höxter")
    with town_schema(world.town_brakel):
        summaries = list(AuditEntry.objects.values_list("summary", flat=True))
    assert "nur Höxter" not in summaries
    assert summaries[-1] == "Datenbereich für Brakel angelegt"
    with town_schema(world.town_hoexter):
        assert AuditEntry.objects.filter(summary="nur Höxter").count() == 1


def test_removing_a_town_needs_its_ags_and_writes_a_full_export_first(world: World, db: None, tmp_path: Path) -> None:
    town = town_create(district=world.hoexter_district, name="Altstadt", ags="05762098", population=500)
    membership_grant(
        user=cast(User, UserFactory(email="digital@altstadt.example")), role=Role.TOWN_DIGITAL_OFFICER, town=town
    )
    with town_schema(town):
        AuditEntry.objects.create(action="note", summary="Daten der Altstadt")

    with (
        unchanged(Town, Membership),
        town_unchanged(town),
        schemas_unchanged(),
        pytest.raises(ValidationError, match="05762098"),
    ):
        town_remove(town=town, confirmation="altstadt", export_directory=tmp_path)
    assert schema_exists("town_05762098")
    assert list(tmp_path.iterdir()) == []  # no export either

    export_path = town_remove(town=town, confirmation="05762098", export_directory=tmp_path)
    export = json.loads(export_path.read_text(encoding="utf-8"))
    assert export["format"] == "kreisagenda-town-export"
    assert export["town"]["fields"]["ags"] == "05762098"
    assert [m["email"] for m in export["memberships"]] == ["digital@altstadt.example"]
    assert sorted(row["fields"]["summary"] for row in export["schema"]["audit.AuditEntry"]) == [
        "Daten der Altstadt",
        "Datenbereich für Altstadt angelegt",
    ]
    assert not schema_exists("town_05762098")
    assert not Town.objects.filter(ags="05762098").exists()
    assert not Membership.objects.filter(user__email="digital@altstadt.example").exists()
    assert active_schema() == "public"
