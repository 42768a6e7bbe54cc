"""A requested report and its files. Public schema: a report is made from published data only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import District, Town


class ReportKind(models.TextChoices):
    CONFERENCE = "conference", _("Bericht für die Bürgermeisterkonferenz")
    TOWN = "town", _("Bericht der Kommune")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    BUILDING = "building", _("wird erstellt")
    READY = "ready", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "csv": "text/csv; charset=utf-8",
        }[self.value]


class Report(models.Model):
    """One report as requested: who for (the district's conference, or one town), its state and progress."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="reports")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    kind = models.CharField(_("Art"), max_length=16, choices=ReportKind.choices)
    meeting_date = models.DateField(_("Sitzung am"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"), null=True, blank=True)  # set when built
    status = models.CharField(_("Stand"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt"), default=0)  # percent
    step = models.CharField(_("Schritt"), max_length=120, blank=True)  # what the build is doing, for the page
    problem = models.TextField(_("Fehler"), blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")  # the requester's, for the texts
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    # When a build was last sent or last said how far it is: a build that has been silent too long was lost
    # (reports.services.STALE_AFTER), and only then may another one take the report over.
    active_at = models.DateTimeField(_("zuletzt aktiv"), null=True, blank=True)
    builds_sent = models.PositiveSmallIntegerField(_("Erstellungen angestoßen"), default=1)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_0_100"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ReportKind.CONFERENCE, town__isnull=True)
                    | models.Q(kind=ReportKind.TOWN, town__isnull=False)
                ),
                name="report_town_for_town_reports",
            ),
        ]
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class ReportFile(models.Model):
    """A finished report's file, kept in the database: it is backed up with the data it was made
    from, and served only through the view that checks access (never from a public folder)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    file_format = models.CharField(max_length=8, choices=ReportFormat.choices)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "file_format"], name="report_file_once")]

    def __str__(self) -> str:
        return self.filename
