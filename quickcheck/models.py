"""The Quick-Check grid of a district: one version per campaign year (public schema).

A grid is edited while it is a draft; opening the campaign freezes it. A question may name the
question of last year's grid it replaces, so trends stay comparable when the wording changes.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_vision.models import field_key_validator
from tenants.models import District, TownKind

LEVELS = (0, 1, 2, 3, 4)
question_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}\Z",
    _("Die Nummer besteht aus Buchstaben, Ziffern, Punkt und Bindestrich (höchstens 16 Zeichen)."),
)


class GridStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    OPEN = "open", _("Erhebung läuft")
    CLOSED = "closed", _("Erhebung abgeschlossen")


class Applicability(models.TextChoices):
    TOWNS = "towns", _("Kommunen")
    DISTRICT_ADMINISTRATION = "district_administration", _("Kreisverwaltung")
    BOTH = "both", _("beide")

    def applies_to(self, kind: str) -> bool:
        if self == Applicability.BOTH:
            return True
        if self == Applicability.TOWNS:
            return kind == TownKind.TOWN
        return kind == TownKind.DISTRICT_ADMINISTRATION


class GridVersion(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="grids", verbose_name=_("Kreis"))
    year = models.PositiveSmallIntegerField(
        _("Erhebungsjahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("Status"), max_length=16, choices=GridStatus.choices, default=GridStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Vorlage")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    opened_at = models.DateTimeField(_("Erhebung eröffnet am"), null=True, blank=True)
    opened_by_label = models.CharField(_("eröffnet von"), max_length=254, blank=True)
    # Set by the coordinator (D66): the date by which towns should have released; a guide, not a lock.
    deadline = models.DateField(_("Frist"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Erhebung abgeschlossen am"), null=True, blank=True)
    closed_by_label = models.CharField(_("abgeschlossen von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Quick-Check-Raster")
        verbose_name_plural = _("Quick-Check-Raster")
        ordering = ["district", "-year"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="grid_one_per_year")]

    def __str__(self) -> str:
        return f"Quick Check {self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == GridStatus.DRAFT

    @property
    def is_open(self) -> bool:
        """The campaign runs: towns answer and release."""
        return self.status == GridStatus.OPEN

    @property
    def is_closed(self) -> bool:
        """The campaign is over: answers and releases are final (D66)."""
        return self.status == GridStatus.CLOSED


class GridField(models.Model):
    """A field of action as it stands in this grid (key and name taken over from the vision)."""

    grid = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("Handlungsfeld-Schlüssel"), max_length=40, validators=[field_key_validator])
    name = models.CharField(_("Handlungsfeld"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))

    class Meta:
        verbose_name = _("Handlungsfeld im Raster")
        verbose_name_plural = _("Handlungsfelder im Raster")
        ordering = ["grid", "position"]
        constraints = [models.UniqueConstraint(fields=["grid", "key"], name="grid_field_key_unique")]

    def __str__(self) -> str:
        return self.name


class GridQuestion(models.Model):
    grid = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="questions")
    field = models.ForeignKey(GridField, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("Nr."), max_length=16, validators=[question_code_validator])
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.TextField(_("Erläuterung"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    applicability = models.CharField(
        _("Gilt für"), max_length=32, choices=Applicability.choices, default=Applicability.BOTH
    )
    level_0 = models.CharField(_("Stufe 0"), max_length=300)
    level_1 = models.CharField(_("Stufe 1"), max_length=300)
    level_2 = models.CharField(_("Stufe 2"), max_length=300)
    level_3 = models.CharField(_("Stufe 3"), max_length=300)
    level_4 = models.CharField(_("Stufe 4"), max_length=300)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("Ersetzt (Vorjahr)"),
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["grid", "field__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "code"], name="grid_question_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=3), name="grid_question_weight_1_3"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def levels(self) -> list[tuple[int, str]]:
        return list(enumerate([self.level_0, self.level_1, self.level_2, self.level_3, self.level_4]))

    def applies_to(self, kind: str) -> bool:
        return Applicability(self.applicability).applies_to(kind)
