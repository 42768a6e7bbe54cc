"""The coordinator's form for the district's open data (D100)."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from opendata.licences import LicenceId
from opendata.models import OpenDataSetting


class OpenDataForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label=_("Offene Daten"),
        choices=[
            ("1", _("Veröffentlichen (öffentliche Seiten und Dateien ohne Anmeldung)")),
            ("0", _("Nicht veröffentlichen")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        help_text=_(
            "Veröffentlicht werden nur das beschlossene Leitbild, zusammengefasste Ergebnisse freigegebener Quick "
            "Checks (nie Werte einzelner Kommunen, nie Gruppen unter 3 Kommunen), die gemeinsamen Projekte und die "
            "Leuchttürme. „Nicht veröffentlichen“ nimmt alle öffentlichen Adressen sofort vom Netz."
        ),
    )
    licence = forms.ChoiceField(label=_("Lizenz"), choices=LicenceId.choices)

    @classmethod
    def for_setting(cls, setting: OpenDataSetting, data: QueryDict | None = None) -> OpenDataForm:
        return cls(data, initial={"enabled": "1" if setting.enabled else "0", "licence": setting.licence})
