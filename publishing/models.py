"""What towns published to the district (public schema).

Snapshots are immutable: a change in a town writes a new version, never an update. The district's
comparison, synergies, flags, roadmap and yearly review read only these tables ("publish, don't
reach across"). Published statuses of measures keep roadmap's codes (``roadmap.models.ProjectStatus``)
without naming its choices here: publishing sits below the roadmap.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from quickcheck.models import GridVersion
from quickcheck.scoring import Completeness
from shared_vision.town_focus.models import Priority
from tenants.models import District, Town


class ItemKind(models.TextChoices):
    """What a town publishes for comparison: register entries and measures."""

    SOLUTION = "solution", _("Lösung (Register)")
    MEASURE = "measure", _("Maßnahme")


class SnapshotStatus(models.TextChoices):
    RELEASED = "released", _("freigegeben")
    WITHDRAWN = "withdrawn", _("zurückgenommen")  # the district reopened the release


class AssessmentSnapshot(models.Model):
    """One version of a town's released Quick Check as the district sees it: scores and levels only."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="assessment_snapshots")
    grid = models.ForeignKey(GridVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"))
    version = models.PositiveIntegerField(_("Version"))
    status = models.CharField(_("Status"), max_length=16, choices=SnapshotStatus.choices)
    # As of publishing, so a comparison can be reproduced later (towns grow and shrink).
    town_kind = models.CharField(max_length=32)
    population = models.PositiveIntegerField(_("Einwohnerzahl"))
    released_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)
    overall_current = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    overall_target = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Veröffentlichter Quick Check")
        verbose_name_plural = _("Veröffentlichte Quick Checks")
        ordering = ["town_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["town", "grid", "version"], name="assessment_snapshot_version_once")
        ]
        indexes = [models.Index(fields=["district", "year", "town", "-version"], name="assessment_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.town_id}/{self.year} v{self.version}"


class FieldScoreSnapshot(models.Model):
    snapshot = models.ForeignKey(AssessmentSnapshot, on_delete=models.CASCADE, related_name="field_scores")
    field_key = models.CharField(max_length=40)
    field_name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField()
    current = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    target = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    questions_counted = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["snapshot_id", "position"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "field_key"], name="field_score_once")]

    def __str__(self) -> str:
        return f"{self.field_key}: {self.current}"


class AnswerSnapshot(models.Model):
    """Levels only: comments and evidence stay with the town (data minimisation)."""

    snapshot = models.ForeignKey(AssessmentSnapshot, on_delete=models.CASCADE, related_name="answers")
    question_code = models.CharField(max_length=16)
    field_key = models.CharField(max_length=40)
    current_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)

    class Meta:
        ordering = ["snapshot_id", "question_code"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "question_code"], name="answer_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.question_code}: {self.current_level} → {self.target_level}"


class MeasureStatusSnapshot(models.Model):
    """A town's measure as it stood when the town released this Quick Check (the yearly review)."""

    snapshot = models.ForeignKey(AssessmentSnapshot, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    field_keys = ArrayField(models.CharField(max_length=40), default=list)
    status = models.CharField(max_length=16)  # roadmap.models.ProjectStatus
    progress = models.PositiveSmallIntegerField()
    end_quarter = models.CharField(max_length=7, blank=True)
    question_targets = models.JSONField(default=list)

    class Meta:
        ordering = ["snapshot_id", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "measure_id"], name="measure_status_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"


class ItemSnapshot(models.Model):
    """One version of everything a town published for comparison: register entries (and measures)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="item_snapshots")
    version = models.PositiveIntegerField(_("Version"))
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Veröffentlichte Einträge")
        verbose_name_plural = _("Veröffentlichte Einträge")
        ordering = ["town_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["town", "version"], name="item_snapshot_version_once")]
        indexes = [models.Index(fields=["district", "town", "-version"], name="item_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.town_id} v{self.version}"


class ItemStage(models.TextChoices):
    """Where an item stands; measures map their statuses onto these."""

    PLANNED = "planned", _("geplant")
    PROCUREMENT = "procurement", _("in Beschaffung / Umsetzung")
    IN_USE = "in_use", _("im Einsatz")
    INACTIVE = "inactive", _("verworfen")


class PublishedItem(models.Model):
    snapshot = models.ForeignKey(ItemSnapshot, on_delete=models.CASCADE, related_name="items")
    item_kind = models.CharField(max_length=16, choices=ItemKind.choices)
    item_id = models.BigIntegerField()
    field_key = models.CharField(max_length=40)
    category = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    product = models.CharField(max_length=120, blank=True)
    vendor = models.CharField(max_length=120, blank=True)
    stage = models.CharField(max_length=16, choices=ItemStage.choices)
    contract_end = models.DateField(null=True, blank=True)
    annual_cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)  # EUR a year (D76)
    # Hash of what the duplicate check compares: a dismissed flag stays dismissed while it is unchanged
    # (a measure's progress may move on without reopening it).
    item_hash = models.CharField(max_length=64)
    # Roadmap facts of a measure (empty for register entries): the district's roadmap reads these.
    status = models.CharField(max_length=16, blank=True)  # roadmap.models.ProjectStatus
    priority = models.CharField(max_length=8, choices=Priority.choices, blank=True)
    other_field_keys = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    start_quarter = models.CharField(max_length=7, blank=True)
    end_quarter = models.CharField(max_length=7, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    responsible_unit = models.CharField(max_length=200, blank=True)
    is_lighthouse = models.BooleanField(default=False)
    lesson_learned = models.TextField(blank=True)
    shared_goal_keys = ArrayField(
        models.CharField(max_length=48), default=list, blank=True
    )  # goals of the Leitbild (keys)

    class Meta:
        ordering = ["snapshot_id", "item_kind", "item_id"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "item_kind", "item_id"], name="published_item_once")]

    def __str__(self) -> str:
        return self.title


class AssessmentProgress(models.Model):
    """How far a town has answered a campaign's Quick Check: counts only, never the answers.

    One row per town and campaign, overwritten with every change (a status, not a snapshot): the
    coordinator follows the campaign with it before anything is released.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="assessment_progress")
    grid = models.ForeignKey(GridVersion, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"))
    applicable = models.PositiveSmallIntegerField(_("zu beantworten"))
    answered = models.PositiveSmallIntegerField(_("beantwortet"))
    carried_over_unchecked = models.PositiveSmallIntegerField(_("aus dem Vorjahr, ungeprüft"))
    updated_at = models.DateTimeField(_("Stand"), auto_now=True)

    class Meta:
        verbose_name = _("Bearbeitungsstand eines Quick Checks")
        verbose_name_plural = _("Bearbeitungsstände der Quick Checks")
        constraints = [models.UniqueConstraint(fields=["town", "grid"], name="assessment_progress_once")]
        indexes = [models.Index(fields=["district", "year"], name="assessment_progress_district")]

    def __str__(self) -> str:
        return f"{self.town_id}/{self.year}: {self.answered}/{self.applicable}"

    @property
    def completeness(self) -> Completeness:
        """The counts as the town's own page reads them (percent rounded down alike)."""
        return Completeness(answered=self.answered, applicable=self.applicable)
