"""Comments on the district's items (public schema): joint projects and duplicate flags.

The comments on a town's measures live in the town's schema (``comments.town``); both share
:class:`CommentBase`. Authors and mentioned people are kept as id and name, without a foreign key,
like the audit history (D9, D15): a comment outlives its author's account, and a town's schema keeps
no reference into ``public``.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import District

TEXT_MAX_LENGTH = 4000


class CommentKind(models.TextChoices):
    MEASURE = "measure", _("Maßnahme")
    JOINT_PROJECT = "joint_project", _("gemeinsames Projekt")
    FLAG = "flag", _("Hinweis auf Doppelstruktur")


class CommentBase(models.Model):
    """One comment. Deleting keeps the row ("gelöscht", by whom and when) and empties the text (D90)."""

    text = models.TextField(_("Kommentar"), max_length=TEXT_MAX_LENGTH, blank=True)
    author_id = models.BigIntegerField(_("Konto-Nr."))
    author_label = models.CharField(_("von"), max_length=254)
    author_role = models.CharField(_("Rolle"), max_length=300, blank=True)
    mentioned_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    mentioned_labels = ArrayField(models.CharField(max_length=254), default=list, blank=True)
    created_at = models.DateTimeField(_("geschrieben am"), default=timezone.now)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    deleted_by_label = models.CharField(_("gelöscht von"), max_length=254, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]  # newest last

    def __str__(self) -> str:
        return f"{self.author_label}, {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class DistrictComment(CommentBase):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="comments")
    item_kind = models.CharField(_("Art des Eintrags"), max_length=16, choices=CommentKind.choices)
    item_id = models.BigIntegerField()

    class Meta(CommentBase.Meta):
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        indexes = [models.Index(fields=["district", "item_kind", "item_id"], name="district_comment_item")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(item_kind="measure"), name="district_comment_not_on_measure")
        ]


class CommentAction(models.TextChoices):
    POSTED = "posted", _("geschrieben")
    EDITED = "edited", _("bearbeitet")
    DELETED = "deleted", _("gelöscht")


class DistrictCommentEvent(models.Model):
    """The district's history of its comments: who wrote, edited or deleted one, and when — never
    the text (D90). A town's comments have theirs in the town's audit history."""

    comment = models.ForeignKey(DistrictComment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Aktion"), max_length=16, choices=CommentAction.choices)
    occurred_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    actor_id = models.BigIntegerField(_("Konto-Nr."), null=True, blank=True)
    actor_label = models.CharField(_("von"), max_length=254)
    mentioned_labels = ArrayField(models.CharField(max_length=254), default=list, blank=True)

    class Meta:
        verbose_name = _("Eintrag im Verlauf eines Kommentars")
        verbose_name_plural = _("Verlauf der Kommentare")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
