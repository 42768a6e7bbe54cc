"""The page forms of partners' proposals; the services check again (the API takes the same way)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partners.services import DESCRIPTION_MAX, REASON_MAX, TITLE_MAX, ProposalInput
from shared_vision.models import VisionVersion
from tenants.models import District, Town

WHOLE_DISTRICT = "kreis"


class GoalGroups(forms.CheckboxSelectMultiple):
    """The goals, one fieldset per field of action (named by the field, for the page's script)."""

    template_name = "partners/goal_groups.html"


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Was soll die Maßnahme bewirken, für wen, und was bringt Ihre Organisation ein?"),
    )
    field_key = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"))
    goal_keys = forms.MultipleChoiceField(
        label=gettext_lazy("Ziele (freiwillig)"),
        required=False,
        widget=GoalGroups,
        help_text=gettext_lazy("Nur Ziele des gewählten Handlungsfelds."),
    )
    town = forms.ChoiceField(label=gettext_lazy("Gerichtet an"))

    def __init__(self, *args: Any, district: District, vision: VisionVersion | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = list(vision.fields.all()) if vision else []
        self.fields["field_key"].choices = [("", "–"), *((f.key, f.name) for f in fields)]  # type: ignore[attr-defined]
        # Grouped by field (the page's script shows only the chosen field's group, by data-field).
        self.fields["goal_keys"].choices = [  # type: ignore[attr-defined]
            (field.name, [(goal.key, goal.text) for goal in field.goals.all()]) for field in fields
        ]
        self.towns = {town.slug: town for town in Town.objects.filter(district=district).order_by("name")}
        self.fields["town"].choices = [  # type: ignore[attr-defined]
            (WHOLE_DISTRICT, gettext_lazy("den Kreis insgesamt (Kreis-Koordination)")),
            *((slug, town.name) for slug, town in self.towns.items()),
        ]

    def proposal_input(self) -> ProposalInput:
        data = self.cleaned_data
        return ProposalInput(
            title=data["title"],
            description=data["description"],
            field_key=data["field_key"],
            goal_keys=tuple(data["goal_keys"]),
            town=self.towns.get(data["town"]),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begründung der Ablehnung"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Der Partner liest sie."),
    )
