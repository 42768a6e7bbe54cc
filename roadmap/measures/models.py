"""A town's measures (Maßnahmen) and their milestones, and the roadmap's state at each release.

Town schema. Goals, questions and joint projects live in the public schema and are referred to by
id (a town's schema keeps no constraints pointing across schemas).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import MilestoneBase, ProjectStatus, RoadmapEntry
from shared_vision.town_focus.models import LocalGoal


class Measure(RoadmapEntry):
    local_goals = models.ManyToManyField(LocalGoal, blank=True, related_name="measures", verbose_name=_("lokale Ziele"))
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["field_key", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="measure_progress_0_100"),
        ]


class Milestone(MilestoneBase):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")

    class Meta(MilestoneBase.Meta):
        ordering = ["measure", "position"]


class MeasureStatusRecord(models.Model):
    """How a measure stood when the town released its Quick Check of ``year`` (the review compares two)."""

    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"), db_index=True)
    recorded_at = models.DateTimeField(_("festgehalten am"))
    measure_id = models.BigIntegerField()
    title = models.CharField(_("Titel"), max_length=200)
    field_keys = ArrayField(models.CharField(max_length=40), default=list)
    status = models.CharField(_("Status"), max_length=16, choices=ProjectStatus.choices)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"))
    end_quarter = models.CharField(_("Ende (Quartal)"), max_length=7, blank=True)
    question_targets = models.JSONField(default=list)

    class Meta:
        verbose_name = _("Stand einer Maßnahme bei Freigabe")
        verbose_name_plural = _("Stände der Maßnahmen bei Freigabe")
        ordering = ["year", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["year", "measure_id"], name="measure_status_once_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.title} ({self.status})"
