"""Mentoring records, requests for a mentor, joint projects made from shared gaps, and towns' interest
in joint projects (public schema: they are between towns, never one town's own data)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import JointProject
from tenants.models import District, Town


class MentorshipStatus(models.TextChoices):
    REQUESTED = "requested", _("angefragt")
    AGREED = "agreed", _("vereinbart")
    ACTIVE = "active", _("aktiv")
    COMPLETED = "completed", _("abgeschlossen")
    ENDED = "ended", _("beendet")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("in Patenschaft umgesetzt")
    DECLINED = "declined", _("abgelehnt")


class MentorRequest(models.Model):
    """A town asks the coordination for a mentor in a field of action."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)
    message = models.TextField(_("Nachricht"), max_length=1000, blank=True)
    # Only where the town sees peers' names (peer_names_visible); otherwise the coordination picks.
    preferred_mentor = models.ForeignKey(
        Town, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Wunsch-Patin")
    )
    status = models.CharField(_("Status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    decision_note = models.CharField(_("Antwort der Koordination"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angefragt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angefragt von"), max_length=254, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by_label = models.CharField(_("entschieden von"), max_length=254, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)

    class Meta:
        verbose_name = _("Anfrage nach einer Patenschaft")
        verbose_name_plural = _("Anfragen nach einer Patenschaft")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "field_key"],
                condition=models.Q(status="open"),
                name="mentor_request_one_open_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.town_id}: {self.field_key}"


class Mentorship(models.Model):
    """A mentoring record: the mentor town helps the mentee town in one or more fields of action."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    mentor_town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+", verbose_name=_("Patin"))
    mentee_town = models.ForeignKey(
        Town, on_delete=models.CASCADE, related_name="+", verbose_name=_("lernende Kommune")
    )
    field_keys = ArrayField(models.CharField(max_length=40), verbose_name=_("Handlungsfelder"))
    goal = models.TextField(_("Ziel"), max_length=2000)
    mentor_contact_name = models.CharField(_("Ansprechperson der Patin"), max_length=200, blank=True)
    mentor_contact_role = models.CharField(_("Funktion (Patin)"), max_length=200, blank=True)
    mentor_contact_email = models.EmailField(_("E-Mail (Patin)"), blank=True)
    mentee_contact_name = models.CharField(_("Ansprechperson der lernenden Kommune"), max_length=200, blank=True)
    mentee_contact_role = models.CharField(_("Funktion (lernende Kommune)"), max_length=200, blank=True)
    mentee_contact_email = models.EmailField(_("E-Mail (lernende Kommune)"), blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=MentorshipStatus.choices, default=MentorshipStatus.REQUESTED
    )
    notes = models.TextField(_("Notizen"), max_length=4000, blank=True)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    request = models.OneToOneField(
        MentorRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorship"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)

    class Meta:
        verbose_name = _("Patenschaft")
        verbose_name_plural = _("Patenschaften")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor_town=models.F("mentee_town")), name="mentorship_two_towns"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_town_id} → {self.mentee_town_id}"

    @property
    def town_ids(self) -> set[int]:
        return {self.mentor_town_id, self.mentee_town_id}


class SharedGapProject(models.Model):
    """Which joint project a shared gap became (so that pressing the button twice makes one project)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    field_key = models.CharField(max_length=40)
    question_code = models.CharField(max_length=16, blank=True)  # set for a shared target
    target_level = models.PositiveSmallIntegerField(default=0)  # 0: a shared weakness, no target
    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)

    class Meta:
        verbose_name = _("Gemeinsame Lücke als Projekt")
        verbose_name_plural = _("Gemeinsame Lücken als Projekte")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "field_key", "question_code", "target_level"], name="shared_gap_project_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field_key}:{self.question_code}:{self.target_level} → {self.joint_project_id}"


class ProjectInterest(models.Model):
    """A town's declared interest in a joint project it is not part of; the coordination may add it."""

    joint_project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune"))
    message = models.CharField(_("Nachricht"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("bekundet am"), auto_now_add=True)
    created_by_label = models.CharField(_("bekundet von"), max_length=254, blank=True)
    added_at = models.DateTimeField(_("aufgenommen am"), null=True, blank=True)
    added_by_label = models.CharField(_("aufgenommen von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Interesse an einem gemeinsamen Projekt")
        verbose_name_plural = _("Interesse an gemeinsamen Projekten")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["joint_project", "town"], name="project_interest_once")]

    def __str__(self) -> str:
        return f"{self.town_id} → {self.joint_project_id}"
