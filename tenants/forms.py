from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import District, TownKind

if TYPE_CHECKING:
    from django.http import QueryDict


class TownCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    ags = forms.CharField(
        label=_("AGS (Amtlicher Gemeindeschlüssel)"),
        max_length=8,
        min_length=8,
        help_text=_("8 Ziffern, beginnend mit dem Kreisschlüssel."),
    )
    population = forms.IntegerField(label=_("Einwohnerzahl"), min_value=1)
    kind = forms.ChoiceField(label=_("Art"), choices=TownKind.choices, initial=TownKind.TOWN)


class PeerNamesForm(forms.Form):
    """The district's setting whether towns see each other's names in comparisons (D78)."""

    towns_see_peer_names = forms.TypedChoiceField(
        label=_("Namen in Vergleichen"),
        choices=[
            ("1", _("Kommunen sehen die Namen der anderen")),
            ("0", _("Kommunen sehen andere nur ohne Namen")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        help_text=_("Die Kreis-Koordination und die Bürgermeisterkonferenz sehen die Namen immer."),
    )

    @classmethod
    def for_district(cls, district: District, data: QueryDict | None = None) -> PeerNamesForm:
        """The form showing the district's setting as it stands (bound to ``data`` when posted)."""
        return cls(data, initial={"towns_see_peer_names": "1" if district.towns_see_peer_names else "0"})
