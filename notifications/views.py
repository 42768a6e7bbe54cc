"""The inbox and the settings: each person's own, nobody else's (another's notification is 404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from kreisagenda.forms import form_errors_add
from kreisagenda.lookups import signed_in_user

from notifications.kinds import Kind
from notifications.models import Frequency
from notifications.selectors import frequencies_for, inbox_of, kind_label, kinds_of, notification_get
from notifications.services import notifications_read, settings_save

PAGE_SIZE = 50


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(
        inbox_of(user=user).only("pk", "kind", "title", "body", "url", "created_at", "read_at"), PAGE_SIZE
    ).get_page(request.GET.get("seite"))
    rows = [(notification, kind_label(notification.kind)) for notification in page.object_list]
    return render(request, "notifications/inbox.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_read_page(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = signed_in_user(request)
    if notification_get(user=user, notification_id=notification_id) is None:
        raise Http404
    notifications_read(user=user, notification_ids=[notification_id])
    return redirect("notification-inbox")


@login_required
@require_POST
def notifications_read_all_page(request: HttpRequest) -> HttpResponse:
    count = notifications_read(user=signed_in_user(request))
    messages.success(request, _("%(count)s Benachrichtigungen als gelesen markiert.") % {"count": count})
    return redirect("notification-inbox")


class SettingsForm(forms.Form):
    """One choice per kind the person may receive (radio buttons in a fieldset each)."""

    def __init__(self, data: QueryDict | None, *, kinds: list[Kind], chosen: dict[str, Frequency]) -> None:
        super().__init__(data, initial=dict(chosen))
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                help_text=_("Erhalten: %(audience)s. Voreinstellung: %(default)s.")
                % {"audience": kind.audience, "default": kind.default.label},
                choices=Frequency.choices,
                widget=forms.RadioSelect,
            )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    kinds = kinds_of(user=user)
    form = SettingsForm(request.POST or None, kinds=kinds, chosen=frequencies_for(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            settings_save(user=user, frequencies=form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Ihre Einstellungen sind gespeichert."))
            return redirect("notification-settings")
    status = 400 if form.errors else 200
    return render(request, "notifications/settings.html", {"form": form, "kinds": kinds}, status=status)
