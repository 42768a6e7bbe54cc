from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership
from tenants.models import District, Town
from tests.conftest import World
from tests.helpers import schemas_unchanged, town_unchanged, unchanged


def test_create_district_and_add_town(db: None) -> None:
    out = StringIO()
    call_command("create_district", name="Kreis Gütersloh", key="05754", state="05", stdout=out)
    assert (
        out.getvalue().strip() == "Kreis Gütersloh (05754) angelegt, Kurzname kreis-guetersloh, Datenbank kreisagenda."
    )
    call_command("add_town", district="05754", name="Rheda-Wiedenbrück", ags="05754028", population=49000, stdout=out)
    town = Town.objects.get(ags="05754028")
    assert (town.slug, town.schema_name, town.is_ready) == ("rheda-wiedenbrueck", "town_05754028", True)


def test_create_district_names_the_wrong_key(db: None) -> None:
    with (
        unchanged(District),
        pytest.raises(CommandError, match="key: Der Kreisschlüssel 09162 liegt nicht im gewählten Bundesland"),
    ):
        call_command("create_district", name="Kreis X", key="09162", state="05")


def test_add_town_names_the_wrong_field(world: World, db: None) -> None:
    with unchanged(District, Town), schemas_unchanged():
        with pytest.raises(CommandError, match="ags: Der AGS 05766001 beginnt nicht mit dem Kreisschlüssel 05762"):
            call_command("add_town", district="kreis-hoexter", name="Irgendwo", ags="05766001", population=10)
        with pytest.raises(CommandError, match="Kreis „05999“ gibt es nicht"):
            call_command("add_town", district="05999", name="Irgendwo", ags="05999001", population=10)


def test_a_town_cannot_take_a_reserved_slug(world: World, db: None) -> None:
    with (
        unchanged(Town),
        schemas_unchanged(),
        pytest.raises(CommandError, match="slug: „neu“ ist als Kurzname reserviert"),
    ):
        call_command("add_town", district="05762", name="Neu", ags="05762095", population=10)


def test_remove_town_refuses_without_the_right_confirmation(world: World, db: None) -> None:
    with (
        unchanged(Town, Membership),
        town_unchanged(world.town_brakel),
        schemas_unchanged(),
        pytest.raises(CommandError, match="AGS von Brakel"),
    ):
        call_command("remove_town", district="05762", town="brakel", confirm="05762004")
