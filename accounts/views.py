"""A person's own API tokens: create (the key is shown once), list, revoke (decision D59)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from kreisagenda.lookups import signed_in_user

from accounts.selectors import api_tokens_of, memberships_of
from accounts.services import TOKEN_DAYS, ApiTokenInput, api_token_create, api_token_revoke
from tenants.models import District, Town


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Bezeichnung (wofür?)"), max_length=100)
    days = forms.TypedChoiceField(
        label=gettext_lazy("Gültig für"),
        coerce=int,
        choices=[(days, gettext_lazy("%(days)s Tage") % {"days": days}) for days in TOKEN_DAYS],
        initial=90,
    )
    read_only = forms.BooleanField(label=gettext_lazy("Nur lesen"), required=False, initial=True)
    scope = forms.ChoiceField(label=gettext_lazy("Gilt für"), required=False)

    def __init__(self, *args: object, scopes: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = [("", _("alle meine Rollen")), *scopes]


def _scopes(request: HttpRequest) -> tuple[list[tuple[str, str]], dict[str, District | Town]]:
    """Choices for a token's limit: the districts and towns of the person's own roles."""
    choices: list[tuple[str, str]] = []
    targets: dict[str, District | Town] = {}
    for membership in memberships_of(user=signed_in_user(request)):
        if membership.district is not None:
            value = f"kreis-{membership.district.pk}"
            choices.append((value, membership.district.name))
            targets[value] = membership.district
        if membership.town is not None:
            value = f"kommune-{membership.town.pk}"
            choices.append((value, membership.town.name))
            targets[value] = membership.town
    return list(dict.fromkeys(choices)), targets


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scopes, targets = _scopes(request)
    form = ApiTokenForm(request.POST or None, scopes=scopes)
    new_key = None
    status = 200
    if request.method == "POST" and form.is_valid():
        target = targets.get(form.cleaned_data["scope"] or "")
        data = ApiTokenInput(
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
            district=target if isinstance(target, District) else None,
            town=target if isinstance(target, Town) else None,
        )
        try:
            _token, new_key = api_token_create(user=user, data=data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            form = ApiTokenForm(scopes=scopes)
    if form.errors:
        status = 400
    context = {"form": form, "tokens": api_tokens_of(user=user), "new_key": new_key}
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_tokens_of(user=signed_in_user(request)).filter(pk=token_id).first()
    if token is None:  # another person's token is not there for you
        raise Http404
    api_token_revoke(token=token)
    messages.success(request, _("Der API-Zugang „%(name)s“ ist widerrufen.") % {"name": token.name})
    return redirect("api-tokens")
