"""A person's notifications (the inbox) and their choice of how often each kind comes by e-mail.

Shared app (public schema): a notification is addressed to one account and names the district or
town it is about, so the inbox can drop what its reader may no longer see (D83).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import District, Town


class Frequency(models.TextChoices):
    """How a kind of notification comes by e-mail; the inbox always shows it (D85)."""

    INSTANT = "instant", _("sofort per E-Mail")
    WEEKLY = "weekly", _("in der wöchentlichen Zusammenfassung")
    NEVER = "never", _("nicht per E-Mail (nur im Postfach)")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("Konto")
    )
    kind = models.CharField(_("Art"), max_length=48)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    title = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Verweis"), max_length=500, blank=True)  # a path on this site
    # Repeated work (a reminder, a flag refresh) notifies once per key and person (D86); empty: no key.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)
    # The person's choice when the notification was made; the mail went out at ``mailed_at``.
    delivery = models.CharField(_("E-Mail"), max_length=16, choices=Frequency.choices)
    mailed_at = models.DateTimeField(_("per E-Mail versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["delivery", "created_at"],
                condition=models.Q(mailed_at__isnull=True),
                name="notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSetting(models.Model):
    """A person's choice for one kind; without one the kind's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("Konto"),
    )
    kind = models.CharField(_("Art"), max_length=48)
    frequency = models.CharField(_("E-Mail"), max_length=16, choices=Frequency.choices)

    class Meta:
        verbose_name = _("Einstellung für Benachrichtigungen")
        verbose_name_plural = _("Einstellungen für Benachrichtigungen")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} = {self.frequency}"
