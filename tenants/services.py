"""Writing districts and towns. Every write goes through these functions."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.tenancy import database_active, databases, town_schema

from accounts.models import User
from audit.services import actor_label, audit_record
from tenants import provisioning
from tenants.exports import town_export_write
from tenants.models import District, SchemaStatus, Town, TownKind
from tenants.naming import german_slug, schema_name_for
from tenants.selectors import database_loads

logger = logging.getLogger(__name__)

ProvisionMode = Literal["now", "async"]
# Path segments under /kreise/<kreis>/kommunen/ that are pages, not towns.
RESERVED_TOWN_SLUGS = frozenset({"neu"})


@transaction.atomic
def district_create(
    *, name: str, key: str, federal_state: str, slug: str = "", towns_see_peer_names: bool = True
) -> District:
    district = District(
        name=name,
        key=key,
        federal_state=federal_state,
        slug=slug or german_slug(name),
        towns_see_peer_names=towns_see_peer_names,
    )
    if not key.startswith(federal_state):
        raise ValidationError(
            {"key": _("Der Kreisschlüssel %(key)s liegt nicht im gewählten Bundesland.") % {"key": key}}
        )
    district.full_clean()
    district.save()
    return district


@dataclass(frozen=True)
class Placement:
    # As created: its rows say "default", so work with it inside database_active(database), as the
    # commands do (a process of that database would see it the same way).
    district: District
    database: str  # the name of the database that holds the district and will hold its towns


def district_place(
    *,
    name: str,
    key: str,
    federal_state: str,
    slug: str = "",
    towns_see_peer_names: bool = True,
    database: str = "",
) -> Placement:
    """Create a district on one of the installation's databases (D107): ``database`` if named, otherwise
    the one with the fewest schemas that is below ``KREISAGENDA_SCHEMAS_PER_DATABASE``. Its towns are
    then created where it is (a town's row refers to its district's), so a district and its towns are
    always together. Key and short name are unique across all databases; a refusal writes nothing."""
    slug = slug or german_slug(name)
    # Placements take turns across the installation (a lock on the database first by name), so two
    # placing the same key on two databases at once cannot both pass the check below.
    installation = databases()
    with transaction.atomic(using=installation[min(installation)]):
        with connections[installation[min(installation)]].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PLACEMENT_LOCK])
        return _district_place_checked(
            name=name,
            key=key,
            federal_state=federal_state,
            slug=slug,
            towns_see_peer_names=towns_see_peer_names,
            database=database,
        )


# The advisory lock's key for placing districts (D107).
PLACEMENT_LOCK = 107


def _district_place_checked(
    *, name: str, key: str, federal_state: str, slug: str, towns_see_peer_names: bool, database: str
) -> Placement:
    for other_name, alias in databases().items():
        found = District.objects.using(alias).filter(Q(key=key) | Q(slug=slug)).values_list("key", flat=True).first()
        if found is not None:
            field, value = ("key", key) if found == key else ("slug", slug)
            raise ValidationError(
                {
                    field: _("%(value)s ist schon vergeben, in der Datenbank „%(database)s“.")
                    % {"value": value, "database": other_name}
                }
            )
    if not database:
        database = _database_for_new_district()
    elif database not in databases():
        raise ValidationError(
            {"database": _("Die Datenbank „%(database)s“ ist nicht eingetragen.") % {"database": database}}
        )
    with database_active(database):
        district = district_create(
            name=name, key=key, federal_state=federal_state, slug=slug, towns_see_peer_names=towns_see_peer_names
        )
    logger.info("district %s placed on database %s", district.slug, database)
    return Placement(district=district, database=database)


def _database_for_new_district() -> str:
    limit = int(settings.KREISAGENDA_SCHEMAS_PER_DATABASE)
    with_room = [load for load in database_loads() if load.schemas < limit]
    if not with_room:
        raise ValidationError(
            _(
                "Jede Datenbank hat schon %(limit)s Datenbereiche; bitte eine weitere Datenbank eintragen "
                "(KREISAGENDA_DATABASES)."
            )
            % {"limit": limit}
        )
    return min(with_room, key=lambda load: (load.schemas, load.districts, load.name)).name


@transaction.atomic
def district_peer_names_set(*, district: District, towns_see_peer_names: bool, actor: User) -> District:
    """Whether the towns see each other's names in comparisons; records who changed it and when (D78).

    Setting the value the district already has writes nothing. The caller has checked that ``actor``
    may decide this for the district (``Action.MANAGE_STRATEGY``: its coordinators).
    """
    locked = District.objects.select_for_update().get(pk=district.pk)
    if locked.towns_see_peer_names == towns_see_peer_names:
        return locked
    locked.towns_see_peer_names = towns_see_peer_names
    locked.peer_names_changed_at = timezone.now()
    locked.peer_names_changed_by_label = actor_label(actor)
    locked.save(update_fields=["towns_see_peer_names", "peer_names_changed_at", "peer_names_changed_by_label"])
    logger.info(
        "district %s: towns_see_peer_names set to %s by user %s",
        locked.slug,
        towns_see_peer_names,
        actor.pk,
    )
    return locked


def town_validate(town: Town) -> None:
    """All rules for a town that the database alone cannot phrase well for a person."""
    errors: dict[str, list[str]] = {}
    try:
        town.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if town.slug in RESERVED_TOWN_SLUGS:
        errors.setdefault("slug", []).append(_("„%(slug)s“ ist als Kurzname reserviert.") % {"slug": town.slug})
    if town.ags and not town.ags.startswith(town.district.key):
        errors.setdefault("ags", []).append(
            _("Der AGS %(ags)s beginnt nicht mit dem Kreisschlüssel %(key)s.")
            % {"ags": town.ags, "key": town.district.key}
        )
    if errors:
        raise ValidationError(errors)


def town_build(
    *, district: District, name: str, ags: str, population: int, kind: str = TownKind.TOWN, slug: str = ""
) -> Town:
    """An unsaved, validated town."""
    town = Town(
        district=district,
        name=name.strip(),
        slug=slug or german_slug(name),
        ags=ags,
        population=population,
        kind=kind,
        schema_name=schema_name_for(ags),
    )
    town_validate(town)
    return town


def town_create(
    *,
    district: District,
    name: str,
    ags: str,
    population: int,
    kind: str = TownKind.TOWN,
    slug: str = "",
    provision: ProvisionMode = "now",
    actor: User | None = None,
) -> Town:
    """Add a town to a district and give it its schema.

    ``now`` creates the schema in the same transaction as the row (commands, imports, demo);
    ``async`` leaves the town pending and hands the schema to a Celery task once the row is committed
    (the web), so the request returns at once and the user follows the status.
    """
    if provision == "now" and not connection.in_atomic_block:
        provisioning.blueprint_get()  # built outside any transaction, see provisioning
    with transaction.atomic():
        town = town_build(district=district, name=name, ags=ags, population=population, kind=kind, slug=slug)
        town.save()
        if provision == "now":
            _town_provision_locked(town=town, actor=actor)
        else:
            from tenants.tasks import town_provision_task

            actor_id = actor.pk if actor else None
            transaction.on_commit(lambda: town_provision_task.delay(town_id=town.pk, actor_id=actor_id))
    return town


def _town_provision_locked(*, town: Town, actor: User | None) -> None:
    provisioning.schema_create(town.schema_name)
    # Provisioning writes the first entry into the new schema: one of the few explicit crossings.
    with town_schema(town):
        audit_record(
            actor=actor,
            action="town_provisioned",
            summary=_("Datenbereich für %(town)s angelegt") % {"town": town.name},
            changes={"schema": town.schema_name},
        )
    town.schema_status = SchemaStatus.READY
    town.schema_status_message = ""
    town.save(update_fields=["schema_status", "schema_status_message"])


def town_provision(*, town_id: int, actor: User | None = None) -> Town:
    """Create a pending town's schema. Idempotent: a town that is ready stays as it is."""
    provisioning.blueprint_get()
    try:
        with transaction.atomic():
            town = Town.objects.select_for_update().get(pk=town_id)
            if town.schema_status == SchemaStatus.READY:
                return town
            _town_provision_locked(town=town, actor=actor)
            return town
    except Exception as error:
        logger.exception("Datenbereich für Kommune %s konnte nicht angelegt werden", town_id)
        Town.objects.filter(pk=town_id).exclude(schema_status=SchemaStatus.READY).update(
            schema_status=SchemaStatus.FAILED, schema_status_message=str(error)[:2000]
        )
        raise


def town_remove(*, town: Town, confirmation: str, export_directory: Path) -> Path:
    """Remove a town for good: only with its AGS typed as confirmation, and only after a full export.

    Returns the export's path. The schema is dropped and the rows deleted in one transaction.
    """
    if confirmation != town.ags:
        raise ValidationError(
            _("Zur Bestätigung muss der AGS von %(town)s (%(ags)s) angegeben werden.")
            % {"town": town.name, "ags": town.ags}
        )
    export_path = town_export_write(town=town, directory=export_directory)
    with transaction.atomic():
        provisioning.schema_drop(town.schema_name)
        town.delete()
    logger.info("Kommune %s (%s) entfernt, Export: %s", town.name, town.ags, export_path)
    return export_path
