"""Districts (Kreise) and their member towns (Kommunen), each town with its own schema."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import TenantMixin


class FederalState(models.TextChoices):
    """The 16 Länder, keyed by the first two digits of every AGS in them."""

    SCHLESWIG_HOLSTEIN = "01", "Schleswig-Holstein"
    HAMBURG = "02", "Hamburg"
    NIEDERSACHSEN = "03", "Niedersachsen"
    BREMEN = "04", "Bremen"
    NORDRHEIN_WESTFALEN = "05", "Nordrhein-Westfalen"
    HESSEN = "06", "Hessen"
    RHEINLAND_PFALZ = "07", "Rheinland-Pfalz"
    BADEN_WUERTTEMBERG = "08", "Baden-Württemberg"
    BAYERN = "09", "Bayern"
    SAARLAND = "10", "Saarland"
    BERLIN = "11", "Berlin"
    BRANDENBURG = "12", "Brandenburg"
    MECKLENBURG_VORPOMMERN = "13", "Mecklenburg-Vorpommern"
    SACHSEN = "14", "Sachsen"
    SACHSEN_ANHALT = "15", "Sachsen-Anhalt"
    THUERINGEN = "16", "Thüringen"


district_key_validator = RegexValidator(r"^\d{5}\Z", _("Der Kreisschlüssel hat genau 5 Ziffern."))
ags_validator = RegexValidator(r"^\d{8}\Z", _("Der AGS hat genau 8 Ziffern."))


class District(models.Model):
    """A Kreis: the association of towns that owns the shared strategy."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    key = models.CharField(_("Kreisschlüssel"), max_length=5, unique=True, validators=[district_key_validator])
    federal_state = models.CharField(_("Bundesland"), max_length=2, choices=FederalState.choices)
    towns_see_peer_names = models.BooleanField(
        _("Kommunen sehen in Vergleichen die Namen der anderen Kommunen"),
        default=True,
        help_text=_("Aus: Vergleiche zeigen andere Kommunen nur ohne Namen."),
    )
    # Who last changed the setting (decision D78): a name, not a foreign key, like the audit's actors (D9).
    peer_names_changed_at = models.DateTimeField(_("Namen in Vergleichen geändert am"), null=True, blank=True)
    peer_names_changed_by_label = models.CharField(_("Namen in Vergleichen geändert von"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["name"]
        constraints = [
            # The Land is the first two digits of the district key.
            models.CheckConstraint(
                condition=models.Q(key__startswith=models.F("federal_state")),
                name="district_key_matches_federal_state",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TownKind(models.TextChoices):
    TOWN = "town", _("Stadt / Gemeinde")
    DISTRICT_ADMINISTRATION = "district_administration", _("Kreisverwaltung")


class SchemaStatus(models.TextChoices):
    PENDING = "pending", _("wird angelegt")
    READY = "ready", _("bereit")
    FAILED = "failed", _("fehlgeschlagen")


class Town(TenantMixin):
    """A member of a district with a PostgreSQL schema of its own (the django-tenants tenant)."""

    district: models.ForeignKey[District, District] = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="towns", verbose_name=_("Kreis")
    )
    name: models.CharField[str, str] = models.CharField(_("Name"), max_length=200)
    slug: models.SlugField[str, str] = models.SlugField(_("Kurzname"), max_length=80)
    ags: models.CharField[str, str] = models.CharField(_("AGS"), max_length=8, unique=True, validators=[ags_validator])
    population: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        _("Einwohnerzahl"), validators=[MinValueValidator(1)]
    )
    kind: models.CharField[str, str] = models.CharField(
        _("Art"), max_length=32, choices=TownKind.choices, default=TownKind.TOWN
    )
    schema_status: models.CharField[str, str] = models.CharField(
        _("Status des Datenbereichs"), max_length=16, choices=SchemaStatus.choices, default=SchemaStatus.PENDING
    )
    schema_status_message: models.TextField[str, str] = models.TextField(_("Meldung zum Datenbereich"), blank=True)
    created_at: models.DateTimeField[object, object] = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    # Schemas are created by tenants.provisioning, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["district__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="town_slug_unique_in_district"),
            models.UniqueConstraint(fields=["district", "name"], name="town_name_unique_in_district"),
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(kind="district_administration"),
                name="one_district_administration_per_district",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ready(self) -> bool:
        return self.schema_status == SchemaStatus.READY


class SchemaBlueprint(models.Model):
    """The DDL of a fully migrated town schema, captured once per set of migrations.

    Provisioning replays it instead of running migrations (see tenants/provisioning.py).
    """

    fingerprint = models.CharField(max_length=64, primary_key=True)
    ddl = models.TextField()
    migrations = models.JSONField(help_text="[app, name] pairs recorded in django_migrations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Vorlage für Datenbereiche")
        verbose_name_plural = _("Vorlagen für Datenbereiche")

    def __str__(self) -> str:
        return self.fingerprint[:12]
