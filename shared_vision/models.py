"""The district's shared vision, in versions: a draft is edited, an adopted version is read-only.

Fields of action belong to a version; their ``key`` stays the same from one version to the next,
so a town's priorities and the Quick-Check grid can refer to a field across versions. Goals keep
a ``key`` the same way, so measures and joint projects stay linked to them (D60).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import District, Town

field_key_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{0,39}\Z",
    _("Der Schlüssel besteht aus Kleinbuchstaben, Ziffern und Bindestrichen und beginnt mit einem Buchstaben."),
)
GOAL_KEY_LENGTH = 48
goal_key_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{0,47}\Z",
    _("Die Kennung eines Ziels besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. „verwaltung-2“."),
)


class VisionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    ADOPTED = "adopted", _("beschlossen")


class VisionVersion(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="vision_versions", verbose_name=_("Kreis")
    )
    number = models.PositiveIntegerField(_("Fassung"))
    status = models.CharField(_("Status"), max_length=16, choices=VisionStatus.choices, default=VisionStatus.DRAFT)
    title = models.CharField(_("Titel"), max_length=200)
    vision_text = models.TextField(_("Vision"), blank=True)
    # The strategy frame (D82): what the district means by digitalisation, and the challenges it
    # derives from its starting position (one a line).
    definition = models.TextField(_("Was wir unter Digitalisierung verstehen"), blank=True)
    challenges = models.TextField(_("Herausforderungen"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)
    # The adoption is a decision of the mayors' conference; the coordinator records it.
    adopted_on = models.DateField(_("Beschlossen am"), null=True, blank=True)
    decision_reference = models.CharField(_("Beschluss-Nr."), max_length=64, blank=True)
    minutes_url = models.URLField(_("Link zum Protokoll"), blank=True)
    recorded_by_label = models.CharField(_("Beschluss eingetragen von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Fassung des Leitbilds")
        verbose_name_plural = _("Fassungen des Leitbilds")
        ordering = ["district", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="vision_version_number_unique"),
            # One draft at a time: two parallel drafts would fork the strategy.
            models.UniqueConstraint(
                fields=["district"], condition=models.Q(status="draft"), name="vision_one_draft_per_district"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(adopted_on__isnull=False) & ~models.Q(decision_reference="")),
                name="vision_adopted_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    @property
    def is_draft(self) -> bool:
        return self.status == VisionStatus.DRAFT

    @property
    def challenge_lines(self) -> tuple[str, ...]:
        """The challenges, one a line as stored."""
        return tuple(line.strip() for line in self.challenges.splitlines() if line.strip())


class GuidingPrinciple(models.Model):
    version = models.ForeignKey(VisionVersion, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.CharField(_("Leitsatz"), max_length=500)

    class Meta:
        verbose_name = _("Leitsatz")
        verbose_name_plural = _("Leitsätze")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.text


class FieldOfAction(models.Model):
    version = models.ForeignKey(VisionVersion, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("Schlüssel"), max_length=40, validators=[field_key_validator])
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    name = models.CharField(_("Handlungsfeld"), max_length=120)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="field_of_action_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """A goal of a version. Its ``key`` names "the same goal" in every version (decision D60):
    made once as ``<field key>-<n>`` when the goal is first written, copied into later versions,
    never given to another goal of the district."""

    field = models.ForeignKey(FieldOfAction, on_delete=models.CASCADE, related_name="goals")
    key = models.CharField(_("Kennung"), max_length=GOAL_KEY_LENGTH, validators=[goal_key_validator])
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    text = models.CharField(_("Ziel"), max_length=500)

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["field", "position"]

    def __str__(self) -> str:
        return self.text


class CouncilAdoption(models.Model):
    """A town council's decision to adopt the joint strategy (a version of the vision), D82.

    Shared schema: the district shows it per town. One record per town and version; recording
    again corrects it. The town's digital officer records it for the town, the district's
    coordinators for any town of the district.
    """

    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, related_name="council_adoptions", verbose_name=_("Kommune")
    )
    version = models.ForeignKey(
        VisionVersion, on_delete=models.PROTECT, related_name="council_adoptions", verbose_name=_("Fassung")
    )
    adopted_on = models.DateField(_("Ratsbeschluss vom"))
    decision_number = models.CharField(_("Beschluss-Nr."), max_length=64)
    link = models.URLField(_("Link zum Beschluss"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("eingetragen am"), auto_now=True)
    recorded_by_label = models.CharField(_("eingetragen von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Ratsbeschluss")
        verbose_name_plural = _("Ratsbeschlüsse")
        ordering = ["town", "-version__number"]
        constraints = [
            models.UniqueConstraint(fields=["town", "version"], name="council_adoption_once_per_version"),
            models.CheckConstraint(condition=~models.Q(decision_number=""), name="council_adoption_has_number"),
        ]

    def __str__(self) -> str:
        return f"{self.town} – {self.decision_number}"
