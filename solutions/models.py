"""The town's solution register (Lösungsregister): what it runs, procures or plans. Town schema.

Every change is published to the district (``publishing``) so duplicated structures
can be found; the register has no drafts.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SolutionCategory(models.TextChoices):
    E_FILE = "e_file", _("E-Akte / Dokumentenmanagement")
    CITIZEN_PORTAL = "citizen_portal", _("Bürger- und Serviceportal")
    COUNCIL_INFORMATION = "council_information", _("Ratsinformationssystem")
    E_INVOICE = "e_invoice", _("E-Rechnung")
    PAYMENT = "payment", _("E-Payment")
    PUBLIC_WIFI = "public_wifi", _("Öffentliches WLAN")
    SCHOOL_DEVICES = "school_devices", _("Schul-IT und Endgeräte")
    PARKING_SENSORS = "parking_sensors", _("Parksensorik")
    SENSOR_NETWORK = "sensor_network", _("Sensornetz (LoRaWAN)")
    GEO_INFORMATION = "geo_information", _("Geoinformationssystem")
    VIDEO_CONFERENCE = "video_conference", _("Videokonferenz / Zusammenarbeit")
    WEBSITE = "website", _("Internetauftritt / CMS")
    IT_SECURITY = "it_security", _("IT-Sicherheit")
    OTHER = "other", _("Sonstiges")


class SolutionStatus(models.TextChoices):
    IN_USE = "in_use", _("im Einsatz")
    PROCUREMENT = "procurement", _("in Beschaffung")
    PLANNED = "planned", _("geplant")


# Euros a year for one entry: licences, operation, support. Above ten million a year a town's entry is
# a typing error (the district's whole IT budget is smaller).
MAX_ANNUAL_COST = Decimal("9999999.99")


class Solution(models.Model):
    field_key = models.CharField(_("Handlungsfeld"), max_length=40)
    category = models.CharField(_("Kategorie"), max_length=32, choices=SolutionCategory.choices)
    title = models.CharField(_("Bezeichnung / Zweck"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    product = models.CharField(_("Produkt"), max_length=120, blank=True)
    vendor = models.CharField(_("Anbieter"), max_length=120, blank=True)
    status = models.CharField(_("Status"), max_length=16, choices=SolutionStatus.choices)
    contract_end = models.DateField(_("Vertragsende"), null=True, blank=True)
    # What the town pays for it each year (EUR); empty: not known. Published, so the district can
    # estimate what a joint procurement would save (D76).
    annual_cost = models.DecimalField(
        _("Jährliche Kosten (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_ANNUAL_COST)],
    )
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Lösung")
        verbose_name_plural = _("Lösungen")
        ordering = ["field_key", "category", "title"]

    def __str__(self) -> str:
        return self.title
