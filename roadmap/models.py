"""Joint projects (gemeinsame Projekte) of a district's towns, in the public schema.

A town's item (a register entry, later a measure) linked to a joint project is part of it and
is therefore never a duplicated structure. The roadmap issue adds the town's measures.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class ItemKind(models.TextChoices):
    """What a town publishes for comparison: register entries now, measures with the roadmap."""

    SOLUTION = "solution", _("Lösung (Register)")
    MEASURE = "measure", _("Maßnahme")


class JointProject(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="joint_projects")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)
    lead_town = models.ForeignKey(
        Town, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Federführung")
    )
    status = models.CharField(_("Status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IDEA)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Gemeinsames Projekt")
        verbose_name_plural = _("Gemeinsame Projekte")
        ordering = ["district", "title"]

    def __str__(self) -> str:
        return self.title


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
