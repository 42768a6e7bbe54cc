"""One account per person; what they may do comes from memberships (role × district or town)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        # Django's createsuperuser calls this; the operator role is what grants access (see permissions).
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(_("Name"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # Kept for Django's admin internals; access is granted by the operator role, not by this flag.
    is_staff = models.BooleanField(_("Zugang zur Verwaltungsoberfläche"), default=False)
    date_joined = models.DateTimeField(_("registriert am"), auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("Plattformbetrieb")
    DISTRICT_COORDINATOR = "district_coordinator", _("Kreis-Koordination")
    CONFERENCE_MEMBER = "conference_member", _("Mitglied der Bürgermeisterkonferenz")
    TOWN_DIGITAL_OFFICER = "town_digital_officer", _("Digitalisierungsbeauftragte:r")
    TOWN_VIEWER = "town_viewer", _("Bürgermeister:in / Verwaltungsvorstand (lesend)")
    PARTNER = "partner", _("Partner (Stadtwerke, Wirtschaftsförderung, Digitalbeirat)")


class OrganisationKind(models.TextChoices):
    """What kind of organisation a partner speaks for (decision D94)."""

    MUNICIPAL_UTILITY = "stadtwerk", _("Stadtwerk")
    ECONOMIC_DEVELOPMENT = "wirtschaftsfoerderung", _("Wirtschaftsförderung")
    DIGITAL_ADVISORY_BOARD = "digitalbeirat", _("Digitalbeirat")
    OTHER = "andere", _("andere")


# A partner's role is held in a district, like the district's own roles, but a partner is an outsider:
# it counts for none of the rules that DISTRICT_ROLES grant (kreisagenda.permissions).
DISTRICT_ROLES = frozenset({Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER})
TOWN_ROLES = frozenset({Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER})


class Membership(models.Model):
    """A role held by a person in a district, in a town, or (operators) in the installation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Konto"))
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    district = models.ForeignKey(
        "tenants.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Kreis"),
    )
    town = models.ForeignKey(
        "tenants.Town",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("Kommune"),
    )
    # Only for partners (decision D94): the organisation they speak for; the database insists.
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("Art der Organisation"), max_length=32, choices=OrganisationKind.choices, blank=True
    )
    created_at = models.DateTimeField(_("vergeben am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["role", "user__full_name"]
        constraints = [
            # The scope of a membership follows from its role: the database refuses anything else.
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="platform_operator", district__isnull=True, town__isnull=True)
                    | models.Q(
                        role__in=["district_coordinator", "conference_member"],
                        district__isnull=False,
                        town__isnull=True,
                    )
                    | models.Q(
                        role__in=["town_digital_officer", "town_viewer"],
                        district__isnull=True,
                        town__isnull=False,
                    )
                    | models.Q(role="partner", district__isnull=False, town__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="membership_organisation_only_for_partners",
                condition=(
                    models.Q(role="partner", organisation_kind__gt="", organisation__gt="")
                    | (~models.Q(role="partner") & models.Q(organisation="", organisation_kind=""))
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district", "town"],
                nulls_distinct=False,
                name="membership_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.town or self.district or _("Installation")
        if self.organisation:
            return f"{self.user} – {self.organisation} ({scope})"
        return f"{self.user} – {self.get_role_display()} ({scope})"


class ApiToken(models.Model):
    """A person's own key to the API (decision D59): shown once, kept only as a hash, limited in time,
    optionally read-only and to one district or town. Only its holder creates it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=12)  # to recognise it in a list
    key_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the key: the key itself is never stored
    read_only = models.BooleanField(_("nur lesen"), default=False)
    district = models.ForeignKey(
        "tenants.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nur Kreis"),
    )
    town = models.ForeignKey(
        "tenants.Town", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("nur Kommune")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("zuletzt benutzt von"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-Zugang")
        verbose_name_plural = _("API-Zugänge")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=True) | models.Q(town__isnull=True), name="api_token_one_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
