"""A town's answers to one grid version (stored in the town's schema).

Grid and questions are referred to by id, not by foreign key: they live in the public schema and
a town's schema keeps no constraints pointing across schemas (the audit app does the same).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("in Bearbeitung")
    RELEASED = "released", _("freigegeben")


class Assessment(models.Model):
    """The town's Quick Check for one campaign year: drafts until released to the district."""

    grid_id = models.BigIntegerField(_("Raster"), unique=True)
    # A copy of the grid's year: the town's history is filtered by it without reaching into public.
    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"))
    status = models.CharField(
        _("Status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    released_by_label = models.CharField(_("freigegeben von"), max_length=254, blank=True)
    reopened_at = models.DateTimeField(_("wieder geöffnet am"), null=True, blank=True)
    reopen_reason = models.CharField(_("Grund der Wiedereröffnung"), max_length=500, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Quick Check der Kommune")
        verbose_name_plural = _("Quick Checks der Kommune")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(released_at__isnull=False),
                name="assessment_released_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Quick Check {self.year}"

    @property
    def is_released(self) -> bool:
        return self.status == AssessmentStatus.RELEASED


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_id = models.BigIntegerField(_("Frage"))
    current_level = models.PositiveSmallIntegerField(_("Ist"), null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(_("Soll"), null=True, blank=True)
    not_applicable = models.BooleanField(_("nicht zutreffend"), default=False)
    not_applicable_reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    comment = models.TextField(_("Kommentar"), blank=True)
    evidence_url = models.URLField(_("Nachweis (Link)"), max_length=500, blank=True)
    # Set when the answer was taken over from last year's Quick Check (the yearly review) and not
    # looked at since; saving the answer (changed or not) clears it.
    carried_over_from = models.PositiveSmallIntegerField(_("aus dem Vorjahr übernommen"), null=True, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)
    # Optimistic concurrency (D55): every save that changes the answer counts ``version`` up, and
    # ``field_versions`` notes for each field the version that last changed it. A save based on an
    # older version is refused only where it would change a field changed since (a lost update).
    version = models.PositiveIntegerField(_("Version"), default=0)
    field_versions = models.JSONField(_("Version je Feld"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question_id"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=(models.Q(current_level__isnull=True) | models.Q(current_level__lte=4))
                & (models.Q(target_level__isnull=True) | models.Q(target_level__lte=4)),
                name="answer_levels_0_4",
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False)
                | models.Q(current_level__isnull=True, target_level__isnull=True),
                name="answer_not_applicable_has_no_levels",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.current_level} → {self.target_level}"

    @property
    def is_complete(self) -> bool:
        """Answered fully: both levels, or "not applicable" with a reason."""
        if self.not_applicable:
            return bool(self.not_applicable_reason.strip())
        return self.current_level is not None and self.target_level is not None
