"""The coordinator's flags on duplicated structures (public schema), computed from published items."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import JointProject
from tenants.models import District


class FlagStatus(models.TextChoices):
    OPEN = "open", _("offen")
    CONFIRMED = "confirmed", _("bestätigt")
    DISMISSED = "dismissed", _("verworfen")


class SuggestedAction(models.TextChoices):
    JOINT_PROCUREMENT = "joint_procurement", _("Gemeinsame Beschaffung")
    REUSE = "reuse", _("Nachnutzung")
    LEAD_TOWN = "lead_town", _("Federführende Kommune")


class DuplicateFlag(models.Model):
    """Items of two or more towns that look like the same thing built twice (a Doppelstruktur).

    ``member_key`` names the items, ``fingerprint`` their content: a decision holds as long as
    both are unchanged; a change to any item raises a new, open flag.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="duplicate_flags")
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)
    member_key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    similarity = models.DecimalField(_("Ähnlichkeit"), max_digits=4, decimal_places=3)
    suggested_action = models.CharField(_("Vorschlag"), max_length=32, choices=SuggestedAction.choices)
    evidence = models.JSONField(_("Belege"))
    status = models.CharField(_("Status"), max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    is_current = models.BooleanField(_("aktuell"), default=True)
    created_at = models.DateTimeField(_("erkannt am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by_label = models.CharField(_("entschieden von"), max_length=254, blank=True)
    decision_reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    joint_project = models.ForeignKey(
        JointProject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Projekt")
    )

    class Meta:
        verbose_name = _("Hinweis auf Doppelstruktur")
        verbose_name_plural = _("Hinweise auf Doppelstrukturen")
        ordering = ["-similarity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "member_key", "fingerprint"], name="duplicate_flag_once")
        ]

    def __str__(self) -> str:
        return f"{self.field_key}: {self.member_key[:8]}"


class ThesaurusTerm(models.Model):
    """A district's own word for a concept of the duplicate check's thesaurus (or a concept of its own).

    The shipped thesaurus (``benchmarking/data/thesaurus.json``) covers municipal IT in general; a
    district adds the product names and local words its towns use.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="thesaurus_terms")
    concept_key = models.SlugField(_("Begriff (Schlüssel)"), max_length=60)
    concept_label = models.CharField(_("Begriff"), max_length=120)
    term = models.CharField(_("Wort"), max_length=120)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Wort im Wortschatz des Kreises")
        verbose_name_plural = _("Wortschatz des Kreises")
        ordering = ["district", "concept_key", "term"]
        constraints = [models.UniqueConstraint(fields=["district", "concept_key", "term"], name="thesaurus_term_once")]

    def __str__(self) -> str:
        return f"{self.concept_label}: {self.term}"


class SizeClassYear(models.Model):
    """The comparison by size class across the installation for one campaign year, computed when a Quick
    Check is published rather than on every page (D105), over the districts of every database of the
    installation (D107). ``snapshot_marks`` holds, per database name, the newest snapshot of the year it
    was computed from, so a reconciliation can tell whether it is behind."""

    year = models.PositiveSmallIntegerField(_("Erhebungsjahr"), unique=True)
    released_districts = models.PositiveIntegerField(_("Kreise mit Freigaben"))
    snapshot_marks = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("berechnet am"), auto_now=True)

    class Meta:
        verbose_name = _("Größenklassenvergleich eines Jahres")
        verbose_name_plural = _("Größenklassenvergleiche")

    def __str__(self) -> str:
        return str(self.year)


class SizeClassFigure(models.Model):
    """One size class's figures in one field of action (``field_key`` empty: the overall score)."""

    year_figures = models.ForeignKey(SizeClassYear, on_delete=models.CASCADE, related_name="figures")
    size_class = models.CharField(max_length=20)
    field_key = models.CharField(max_length=40, blank=True)
    towns = models.PositiveIntegerField()  # towns of the class with a released Quick Check
    districts = models.PositiveIntegerField()
    values = models.PositiveIntegerField()  # of those, towns with a value here (shown where too few)
    # The group's statistics; empty below the minimum group size (benchmarking.statistics.MIN_GROUP).
    minimum = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    lower_quartile = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    median = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    upper_quartile = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    maximum = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year_figures", "size_class", "field_key"], name="size_class_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.year_figures_id} {self.size_class} {self.field_key or 'gesamt'}"
