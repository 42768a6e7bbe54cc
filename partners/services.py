"""Writing partners' proposals: a partner proposes, the town or the coordination decides (D95).

Accepting a proposal to a town writes a draft measure (status "Idee") into the town's roadmap through
``roadmap.measures.services`` — the town's schema must be entered (``kreisagenda.lookups.town_enter``);
one to the district as a whole becomes a joint project in the idea stage without participants, which
the coordination then staffs (D96). Either way the origin is noted: "Vorschlag von <Organisation>".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kreisagenda.text import control_character_errors

from audit.services import actor_label
from partners.hooks import proposal_decided, proposal_submitted
from partners.models import Proposal, ProposalStatus
from roadmap.measures.services import MeasureInput, measure_create
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create
from shared_vision.selectors import vision_current

if TYPE_CHECKING:
    from accounts.models import Membership, User
    from tenants.models import District, Town

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
REASON_MAX = 2000


@dataclass(frozen=True)
class ProposalInput:
    title: str
    description: str
    field_key: str
    goal_keys: tuple[str, ...] = ()
    town: Town | None = None  # None: the district as a whole


def proposal_input_validate(data: ProposalInput, *, district: District) -> dict[str, list[str]]:
    """Every problem of a proposal by field, in German (the form and the API name the same fields)."""
    errors = control_character_errors([("title", data.title), ("description", data.description)])
    if not data.title.strip():
        errors.setdefault("title", []).append(_("Bitte einen Titel angeben."))
    elif len(data.title.strip()) > TITLE_MAX:
        errors.setdefault("title", []).append(_("Der Titel ist länger als %(max)s Zeichen.") % {"max": TITLE_MAX})
    if not data.description.strip():
        errors.setdefault("description", []).append(_("Bitte beschreiben, was die Maßnahme bewirken soll."))
    elif len(data.description) > DESCRIPTION_MAX:
        errors.setdefault("description", []).append(
            _("Die Beschreibung ist länger als %(max)s Zeichen.") % {"max": DESCRIPTION_MAX}
        )
    if data.town is not None and data.town.district_id != district.pk:
        errors["town"] = [_("%(town)s gehört nicht zu diesem Kreis.") % {"town": data.town.name}]
    vision = vision_current(district=district)
    fields = {field.key: field for field in vision.fields.all()} if vision else {}
    if vision is None:
        errors["field_key"] = [_("Der Kreis hat noch kein beschlossenes Leitbild; Vorschläge folgen ihm.")]
    elif data.field_key not in fields:
        errors["field_key"] = [
            _("Das Handlungsfeld „%(key)s“ gibt es im geltenden Leitbild nicht.") % {"key": data.field_key}
        ]
    else:
        goals = {goal.key for goal in fields[data.field_key].goals.all()}
        for key in data.goal_keys:
            if key not in goals:
                errors.setdefault("goal_keys", []).append(
                    _("Das Ziel „%(key)s“ gehört nicht zum Handlungsfeld „%(field)s“.")
                    % {"key": key, "field": fields[data.field_key].name}
                )
    return errors


@transaction.atomic
def proposal_submit(*, district: District, partner: Membership, data: ProposalInput) -> Proposal:
    """A partner (``partner``: its membership in ``district``) proposes a measure."""
    errors = proposal_input_validate(data, district=district)
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        district=district,
        town=data.town,
        organisation=partner.organisation,
        organisation_kind=partner.organisation_kind,
        submitted_by=partner.user,
        title=data.title.strip(),
        description=data.description.strip(),
        field_key=data.field_key,
        goal_keys=list(dict.fromkeys(data.goal_keys)),
    )
    proposal_submitted.fire(proposal)
    return proposal


def _locked_open(proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("district", "town").get(pk=proposal.pk)
    if not locked.is_open:
        raise ValidationError(
            {
                "status": [
                    _("Über diesen Vorschlag ist bereits entschieden (%(status)s).")
                    % {"status": locked.get_status_display()}
                ]
            }
        )
    return locked


def proposal_origin(proposal: Proposal) -> str:
    return _("Vorschlag von %(organisation)s") % {"organisation": proposal.organisation}


def _decided(proposal: Proposal, *, status: ProposalStatus, reason: str, actor: User) -> Proposal:
    proposal.status = status
    proposal.decision_reason = reason
    proposal.decided_by = actor
    proposal.decided_by_label = actor_label(actor)
    proposal.decided_at = timezone.now()
    proposal.save()
    proposal_decided.fire(proposal)
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: Proposal, actor: User) -> Proposal:
    """Take the proposal up: a draft measure of the town (its schema entered by the caller), or a
    joint project of the district in the idea stage. The strategy may have changed since the partner
    proposed: then the roadmap's own checks refuse, naming the field, and nothing is written."""
    proposal = _locked_open(proposal)
    plan = PlanInput(
        title=proposal.title,
        field_key=proposal.field_key,
        description=proposal.description,
        shared_goal_keys=tuple(proposal.goal_keys),
        status_note=proposal_origin(proposal),
    )
    context = plan_context(district=proposal.district)
    if proposal.town is not None:
        measure = measure_create(town=proposal.town, data=MeasureInput(plan=plan), context=context, actor=actor)
        proposal.measure_id = measure.pk
    else:
        proposal.joint_project = joint_project_create(
            district=proposal.district, plan=plan, context=context, lead_town=None, actor=actor
        )
    return _decided(proposal, status=ProposalStatus.ACCEPTED, reason="", actor=actor)


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, actor: User) -> Proposal:
    """Decline with a reason the partner reads."""
    errors = control_character_errors([("reason", reason)])
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Bitte begründen, warum der Vorschlag abgelehnt wird."))
    elif len(reason) > REASON_MAX:
        errors.setdefault("reason", []).append(
            _("Die Begründung ist länger als %(max)s Zeichen.") % {"max": REASON_MAX}
        )
    if errors:
        raise ValidationError(errors)
    proposal = _locked_open(proposal)
    return _decided(proposal, status=ProposalStatus.DECLINED, reason=reason.strip(), actor=actor)
