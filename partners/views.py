"""Pages of partners' proposals: the partner's home, the lists to decide, one proposal (D94–D96)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from kreisagenda.forms import form_errors_add
from kreisagenda.lookups import district_for, signed_in_user
from kreisagenda.permissions import Action, can_decide_proposal, can_view_proposals

from partners.forms import DeclineForm, ProposalForm
from partners.lookups import partner_for, proposal_decidable_for, proposal_for, proposals_town_for
from partners.models import Proposal
from partners.selectors import proposals_of_organisation, proposals_to_town, proposals_visible
from partners.services import proposal_accept, proposal_decline, proposal_submit
from shared_vision.selectors import vision_current
from tenants.models import District


def _field_label(name: str) -> str:
    """A roadmap check's field, as the proposal names it (the strategy may have changed since)."""
    labels = {
        "field_key": _("Handlungsfeld"),
        "shared_goal_keys": _("Ziele"),
        "title": _("Titel"),
        "status": _("Status"),
    }
    return labels.get(name, name)


@login_required
@require_http_methods(["GET", "POST"])
def partner_home(request: HttpRequest, district_slug: str) -> HttpResponse:
    """What a partner reads of the district's strategy, its organisation's proposals, and the form."""
    district, membership = partner_for(request.user, district_slug)
    vision = vision_current(district=district)
    form = ProposalForm(request.POST or None, district=district, vision=vision)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_submit(district=district, partner=membership, data=form.proposal_input())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Ihr Vorschlag „%(title)s“ ist eingereicht.") % {"title": proposal.title})
            return redirect("partner-home", district_slug=district.slug)
    context = {
        "district": district,
        "membership": membership,
        "version": vision,
        "field_names": {f.key: f.name for f in vision.fields.all()} if vision else {},
        "proposals": list(proposals_of_organisation(district=district, organisation=membership.organisation)),
        "form": form,
    }
    return render(request, "partners/partner_home.html", context, status=400 if form.errors else 200)


def _list_context(district: District, proposals: list[Proposal]) -> dict[str, object]:
    vision = vision_current(district=district)
    return {
        "open_proposals": [p for p in proposals if p.is_open],
        "decided_proposals": [p for p in proposals if not p.is_open],
        "field_names": {f.key: f.name for f in vision.fields.all()} if vision else {},
    }


@login_required
@require_safe
def district_proposals_page(request: HttpRequest, district_slug: str) -> HttpResponse:
    """The coordination's list: every proposal of the district; it decides those to the district."""
    district = district_for(request.user, district_slug, Action.MANAGE_STRATEGY)
    proposals = list(proposals_visible(user=request.user, district=district))
    return render(
        request,
        "partners/proposals.html",
        {"district": district, "town": None, **_list_context(district, proposals)},
    )


@login_required
@require_safe
def town_proposals_page(request: HttpRequest, district_slug: str, town_slug: str) -> HttpResponse:
    """A town's list: the proposals addressed to it; its digital officer decides them."""
    town = proposals_town_for(request.user, district_slug, town_slug)
    proposals = list(proposals_to_town(town=town))
    return render(
        request,
        "partners/proposals.html",
        {"district": town.district, "town": town, **_list_context(town.district, proposals)},
    )


def _back(request: HttpRequest, proposal: Proposal) -> tuple[str, str]:
    """Where the breadcrumb leads: the list the person may read, a partner its home."""
    district = proposal.district
    if proposal.town is not None and can_view_proposals(request.user, district, proposal.town):
        return reverse("town-proposals", args=[district.slug, proposal.town.slug]), _("Vorschläge an %(name)s") % {
            "name": proposal.town.name
        }
    if can_view_proposals(request.user, district, None):
        return reverse("district-proposals", args=[district.slug]), _("Vorschläge von Partnern")
    return reverse("partner-home", args=[district.slug]), district.name


@login_required
@require_http_methods(["GET", "POST"])
def proposal_page(request: HttpRequest, district_slug: str, proposal_id: int) -> HttpResponse:
    """One proposal; who may decide it accepts it or declines it with a reason."""
    if request.method == "POST":
        proposal = proposal_decidable_for(request.user, district_slug, proposal_id)
    else:
        proposal = proposal_for(request.user, district_slug, proposal_id)
    can_decide = proposal.is_open and can_decide_proposal(request.user, proposal.district, proposal.town)
    decline_form = DeclineForm(request.POST if "decline" in request.POST else None)
    problems: list[str] = []
    if request.method == "POST":
        actor = signed_in_user(request)
        if "accept" in request.POST:
            try:
                proposal = proposal_accept(proposal=proposal, actor=actor)
            except ValidationError as error:
                problems = [
                    f"{_field_label(name)}: {message}"
                    for name, items in error.message_dict.items()
                    for message in items
                ]
            else:
                messages.success(request, _("Vorschlag angenommen: er steht jetzt als Idee in der Roadmap."))
                return redirect("proposal-page", district_slug=district_slug, proposal_id=proposal.pk)
        elif "decline" in request.POST and decline_form.is_valid():
            try:
                proposal = proposal_decline(proposal=proposal, reason=decline_form.cleaned_data["reason"], actor=actor)
            except ValidationError as error:
                form_errors_add(decline_form, error)
            else:
                messages.success(request, _("Vorschlag abgelehnt; der Partner sieht Ihre Begründung."))
                return redirect("proposal-page", district_slug=district_slug, proposal_id=proposal.pk)
        elif "decline" not in request.POST:
            problems = [_("Bitte „Annehmen“ oder „Ablehnen“ wählen.")]
    field_name = ""
    vision = vision_current(district=proposal.district)
    goals: list[str] = []
    if vision is not None:
        for field in vision.fields.all():
            if field.key == proposal.field_key:
                field_name = field.name
                goals = [goal.text for goal in field.goals.all() if goal.key in proposal.goal_keys]
    context = {
        "district": proposal.district,
        "back": _back(request, proposal),
        "proposal": proposal,
        "field_name": field_name or proposal.field_key,
        "goals": goals,
        "can_decide": can_decide,
        "decline_form": decline_form,
        "problems": problems,
    }
    return render(request, "partners/proposal.html", context, status=400 if request.method == "POST" else 200)
