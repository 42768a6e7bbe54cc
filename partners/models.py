"""A partner's proposal of a measure to a town of the district or to the district as a whole (D95).

Shared (``public`` schema): a proposal crosses towns, and the partner who wrote it belongs to none.
The measure an accepted proposal became lives in the town's schema and is named by its id only.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")


class Proposal(models.Model):
    district = models.ForeignKey(
        "tenants.District", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("Kreis")
    )
    # None: addressed to the district as a whole (decided by the coordination).
    town = models.ForeignKey(
        "tenants.Town",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("an Kommune"),
    )
    # Kept as it was when proposed: the membership may change or go.
    organisation = models.CharField(_("Organisation"), max_length=200)
    organisation_kind = models.CharField(_("Art der Organisation"), max_length=32, choices=OrganisationKind.choices)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("vorgeschlagen von")
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)  # of the vision in force, by its stable key
    goal_keys = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("Ziele"))
    status = models.CharField(_("Status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_by_label = models.CharField(_("entschieden von"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decision_reason = models.TextField(_("Begründung"), blank=True)
    # What acceptance created: a draft measure in the town's schema (its id), or a joint project.
    measure_id = models.PositiveIntegerField(_("Maßnahme"), null=True, blank=True)
    joint_project = models.ForeignKey(
        "roadmap.JointProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeinsames Projekt"),
    )
    created_at = models.DateTimeField(_("vorgeschlagen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="proposal_decision_complete",
                condition=models.Q(status="open", decided_at__isnull=True)
                | models.Q(status="accepted", decided_at__isnull=False)
                | models.Q(status="declined", decided_at__isnull=False, decision_reason__gt=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN
