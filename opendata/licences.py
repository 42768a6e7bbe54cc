"""The licences a district may choose for its open data (D100), with their DCAT-AP.de URIs.

The identifiers are GovData's short names (``dl-de/by-2-0``); ``dcat_uri`` is the entry of the
DCAT-AP.de licence vocabulary (http://dcat-ap.de/def/licenses/) the catalogue names in ``dct:license``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceId(models.TextChoices):
    DL_BY = "dl-de/by-2-0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_ZERO = "dl-de/zero-2-0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY = "cc-by-4.0", _("Creative Commons Namensnennung 4.0 International (CC BY 4.0)")


@dataclass(frozen=True)
class Licence:
    id: str
    title: str  # German, as the licence names itself
    url: str  # the licence text
    dcat_uri: str  # DCAT-AP.de's licence vocabulary
    attribution_required: bool


LICENCES: dict[str, Licence] = {
    LicenceId.DL_BY: Licence(
        id=LicenceId.DL_BY,
        title="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        url="https://www.govdata.de/dl-de/by-2-0",
        dcat_uri="http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        attribution_required=True,
    ),
    LicenceId.DL_ZERO: Licence(
        id=LicenceId.DL_ZERO,
        title="Datenlizenz Deutschland – Zero – Version 2.0",
        url="https://www.govdata.de/dl-de/zero-2-0",
        dcat_uri="http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
        attribution_required=False,
    ),
    LicenceId.CC_BY: Licence(
        id=LicenceId.CC_BY,
        title="Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        url="https://creativecommons.org/licenses/by/4.0/",
        dcat_uri="http://dcat-ap.de/def/licenses/cc-by/4.0",
        attribution_required=True,
    ),
}
