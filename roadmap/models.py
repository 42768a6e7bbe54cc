"""Roadmap: joint projects (gemeinsame Projekte) of a district's towns, in the public schema.

A town's measures live in the town's schema (``roadmap.measures``); both share the fields of a
roadmap entry (:class:`RoadmapEntry`). A town's item (a register entry or a measure) linked to a
joint project is part of it and therefore never a duplicated structure of the project's towns.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.models import ItemKind
from shared_vision.models import GOAL_KEY_LENGTH
from shared_vision.town_focus.models import Priority
from tenants.models import District, Town


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    DONE = "done", _("abgeschlossen")
    PAUSED = "paused", _("pausiert")
    DROPPED = "dropped", _("verworfen")


class Commitment(models.TextChoices):
    COMMITTED = "committed", _("verbindlich beteiligt")
    INTERESTED = "interested", _("interessiert")


quarter_validator = RegexValidator(r"^20[0-9]{2}-Q[1-4]\Z", _("Ein Quartal wird als JJJJ-Qn angegeben, z. B. 2027-Q3."))


class RoadmapEntry(models.Model):
    """What a measure and a joint project both say about themselves (abstract)."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)
    other_field_keys = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("weitere Handlungsfelder")
    )
    # Goals of the shared vision by their stable key (``shared_vision.Goal.key``, the same in every version, D60).
    shared_goal_keys = ArrayField(
        models.CharField(max_length=GOAL_KEY_LENGTH), default=list, blank=True, verbose_name=_("Ziele")
    )
    # Quick-Check questions the entry should improve: [{"question_id", "code", "expected_level"}].
    question_targets = models.JSONField(_("Quick-Check-Fragen"), default=list, blank=True)
    priority = models.CharField(_("Priorität"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("Status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IDEA)
    status_note = models.CharField(_("Begründung zum Status"), max_length=500, blank=True)
    start_quarter = models.CharField(_("Beginn (Quartal)"), max_length=7, blank=True, validators=[quarter_validator])
    end_quarter = models.CharField(_("Ende (Quartal)"), max_length=7, blank=True, validators=[quarter_validator])
    budget_estimate = models.DecimalField(
        _("Kostenschätzung (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("Finanzierung / Förderung"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("Zuständige Stelle"), max_length=200, blank=True)
    responsible_person = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    digital_pilot = models.CharField(_("Digitallotse"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0, validators=[MaxValueValidator(100)])
    is_lighthouse = models.BooleanField(_("Leuchtturm"), default=False)
    lesson_learned = models.TextField(_("Erfahrung für andere (Lesson learned)"), blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def field_keys(self) -> list[str]:
        return [self.field_key, *[key for key in self.other_field_keys if key != self.field_key]]


class JointProject(RoadmapEntry):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="joint_projects")
    lead_town = models.ForeignKey(
        Town, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Federführung")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)

    class Meta:
        verbose_name = _("Gemeinsames Projekt")
        verbose_name_plural = _("Gemeinsame Projekte")
        ordering = ["district", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="joint_project_progress_0_100"),
        ]


class MilestoneBase(models.Model):
    """A milestone of a measure or a joint project (abstract)."""

    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    title = models.CharField(_("Meilenstein"), max_length=200)
    due_quarter = models.CharField(_("fällig (Quartal)"), max_length=7, blank=True, validators=[quarter_validator])
    is_done = models.BooleanField(_("erreicht"), default=False)

    class Meta:
        abstract = True
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self) -> str:
        return self.title


class JointProjectMilestone(MilestoneBase):
    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="milestones")

    class Meta(MilestoneBase.Meta):
        ordering = ["joint_project", "position"]


class JointProjectTown(models.Model):
    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="participants")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+")
    commitment = models.CharField(_("Beteiligung"), max_length=16, choices=Commitment.choices)

    class Meta:
        verbose_name = _("Beteiligte Kommune")
        verbose_name_plural = _("Beteiligte Kommunen")
        constraints = [models.UniqueConstraint(fields=["joint_project", "town"], name="joint_project_town_once")]

    def __str__(self) -> str:
        return f"{self.town_id}: {self.commitment}"


class JointProjectItem(models.Model):
    """A town's item that belongs to a joint project (the item itself lives in the town's schema)."""

    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="items")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+")
    item_kind = models.CharField(max_length=16, choices=ItemKind.choices)
    item_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("Verknüpfter Eintrag")
        verbose_name_plural = _("Verknüpfte Einträge")
        constraints = [
            # An item belongs to at most one joint project.
            models.UniqueConstraint(fields=["town", "item_kind", "item_id"], name="joint_project_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.town_id}:{self.item_kind}:{self.item_id}"
