"""Writing mentoring records, requests for a mentor, joint projects from shared gaps and towns'
interest in joint projects. Every write fires its hook (``mentoring.hooks``) in its transaction.

Joint projects themselves are roadmap's: this app only asks ``roadmap.services`` to create one or
to change who takes part (D98, D99).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_label
from benchmarking.selectors import comparison_get, synergies_get
from mentoring.hooks import interest_declared, mentor_requested, mentoring_changed, request_declined
from mentoring.models import (
    MentorRequest,
    Mentorship,
    MentorshipStatus,
    ProjectInterest,
    RequestStatus,
    SharedGapProject,
)
from roadmap.models import Commitment, JointProject, JointProjectTown, ProjectStatus
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create, joint_project_participants_set
from shared_vision.selectors import fields_of_action_current
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User

MESSAGE_MAX = 1000
NOTE_MAX = 500
CONTACT_MAX = 200
GOAL_MAX = 2000
NOTES_MAX = 4000

Problems = dict[str, list[str]]


def _add(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def _raise(problems: Problems) -> None:
    if problems:
        raise ValidationError(problems)


def field_names_of(*, district: District) -> dict[str, str]:
    """Field of action key → name, of the vision in force."""
    return {f.key: f.name for f in fields_of_action_current(district=district)}


# --- mentoring records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorshipInput:
    mentor_town: Town | None
    mentee_town: Town | None
    field_keys: tuple[str, ...]
    goal: str
    status: str = MentorshipStatus.REQUESTED
    mentor_contact_name: str = ""
    mentor_contact_role: str = ""
    mentor_contact_email: str = ""
    mentee_contact_name: str = ""
    mentee_contact_role: str = ""
    mentee_contact_email: str = ""
    notes: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


def _status_problems(problems: Problems, status: str, notes: str) -> None:
    if status not in MentorshipStatus.values:
        _add(problems, "status", _("Status: unbekannter Wert „%(value)s“.") % {"value": status})
    if len(notes) > NOTES_MAX:
        _add(problems, "notes", _("Notizen: höchstens %(max)d Zeichen.") % {"max": NOTES_MAX})


def mentorship_problems(*, district: District, data: MentorshipInput) -> Problems:
    """What is wrong with a record's input, by field (German, each message names its field)."""
    problems: Problems = {}
    for name, town, label in (
        ("mentor_town", data.mentor_town, _("Patin")),
        ("mentee_town", data.mentee_town, _("Lernende Kommune")),
    ):
        if town is None:
            _add(problems, name, _("%(label)s: Bitte eine Kommune des Kreises wählen.") % {"label": label})
        elif town.district_id != district.pk:
            _add(problems, name, _("%(label)s: %(town)s gehört nicht zum Kreis.") % {"label": label, "town": town.name})
    if data.mentor_town is not None and data.mentor_town == data.mentee_town:
        _add(problems, "mentee_town", _("Lernende Kommune: Patin und lernende Kommune müssen verschieden sein."))
    valid = field_names_of(district=district)
    if not data.field_keys:
        _add(problems, "field_keys", _("Handlungsfelder: Bitte mindestens ein Handlungsfeld wählen."))
    for key in data.field_keys:
        if key not in valid:
            _add(
                problems,
                "field_keys",
                _("Handlungsfelder: „%(key)s“ gibt es im geltenden Leitbild nicht.") % {"key": key},
            )
    if not data.goal.strip():
        _add(problems, "goal", _("Ziel: Bitte beschreiben Sie, was die Patenschaft erreichen soll."))
    elif len(data.goal) > GOAL_MAX:
        _add(problems, "goal", _("Ziel: höchstens %(max)d Zeichen.") % {"max": GOAL_MAX})
    for name, label in (
        ("mentor_contact_name", _("Ansprechperson der Patin")),
        ("mentor_contact_role", _("Funktion (Patin)")),
        ("mentee_contact_name", _("Ansprechperson der lernenden Kommune")),
        ("mentee_contact_role", _("Funktion (lernende Kommune)")),
    ):
        if len(getattr(data, name)) > CONTACT_MAX:
            _add(problems, name, _("%(label)s: höchstens %(max)d Zeichen.") % {"label": label, "max": CONTACT_MAX})
    for name, label in (
        ("mentor_contact_email", _("E-Mail (Patin)")),
        ("mentee_contact_email", _("E-Mail (lernende Kommune)")),
    ):
        value = getattr(data, name).strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                _add(
                    problems,
                    name,
                    _("%(label)s: „%(value)s“ ist keine E-Mail-Adresse.") % {"label": label, "value": value},
                )
    _status_problems(problems, data.status, data.notes)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        _add(problems, "ends_on", _("Ende: Das Ende liegt vor dem Beginn."))
    return problems


def _values(data: MentorshipInput) -> dict[str, object]:
    return {
        "mentor_town": data.mentor_town,
        "mentee_town": data.mentee_town,
        "field_keys": list(dict.fromkeys(data.field_keys)),
        "goal": data.goal.strip(),
        "status": data.status,
        "mentor_contact_name": data.mentor_contact_name.strip(),
        "mentor_contact_role": data.mentor_contact_role.strip(),
        "mentor_contact_email": data.mentor_contact_email.strip(),
        "mentee_contact_name": data.mentee_contact_name.strip(),
        "mentee_contact_role": data.mentee_contact_role.strip(),
        "mentee_contact_email": data.mentee_contact_email.strip(),
        "notes": data.notes.strip(),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
    }


@transaction.atomic
def mentorship_create(
    *,
    district: District,
    data: MentorshipInput,
    actor: User | None,
    request: MentorRequest | None = None,
    sample: bool = False,
) -> Mentorship:
    """A new record (the coordination's); made from a request, the request counts as answered."""
    problems = mentorship_problems(district=district, data=data)
    if request is not None:
        request = MentorRequest.objects.select_for_update().get(pk=request.pk)
        if request.district_id != district.pk or request.status != RequestStatus.OPEN:
            _add(problems, "request", _("Anfrage: Diese Anfrage ist nicht mehr offen."))
        elif data.mentee_town is not None and data.mentee_town.pk != request.town_id:
            _add(
                problems,
                "mentee_town",
                _("Lernende Kommune: Die Anfrage kam von %(town)s.") % {"town": request.town.name},
            )
    _raise(problems)
    mentorship = Mentorship.objects.create(
        district=district,
        request=request,
        created_by_label=actor_label(actor),
        updated_by_label=actor_label(actor),
        is_sample_data=sample,
        **_values(data),
    )
    if request is not None:
        request.status = RequestStatus.ACCEPTED
        request.decided_at = timezone.now()
        request.decided_by_label = actor_label(actor)
        request.save(update_fields=["status", "decided_at", "decided_by_label"])
    mentoring_changed.fire(mentorship, "created", actor)
    return mentorship


@transaction.atomic
def mentorship_update(*, mentorship: Mentorship, data: MentorshipInput, actor: User | None) -> Mentorship:
    """Everything of a record (the coordination's)."""
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    _raise(mentorship_problems(district=locked.district, data=data))
    for name, value in _values(data).items():
        setattr(locked, name, value)
    locked.updated_by_label = actor_label(actor)
    locked.save()
    mentoring_changed.fire(locked, "updated", actor)
    return locked


@transaction.atomic
def mentorship_status_set(*, mentorship: Mentorship, status: str, notes: str, actor: User | None) -> Mentorship:
    """Status and notes (what the two towns' digital officers may change, D97)."""
    problems: Problems = {}
    _status_problems(problems, status, notes)
    _raise(problems)
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    locked.status = status
    locked.notes = notes.strip()
    locked.updated_by_label = actor_label(actor)
    locked.save(update_fields=["status", "notes", "updated_by_label", "updated_at"])
    mentoring_changed.fire(locked, "status", actor)
    return locked


# --- requests for a mentor ------------------------------------------------------------------------------


@transaction.atomic
def mentor_request_create(
    *,
    town: Town,
    field_key: str,
    message: str,
    preferred_mentor: Town | None,
    names_visible: bool,
    actor: User | None,
    sample: bool = False,
) -> MentorRequest:
    """A town asks the coordination for a mentor in a field (one open request per field). A wished-for
    mentor only where the town sees peers' names; otherwise the coordination picks (D98)."""
    problems: Problems = {}
    if field_key not in field_names_of(district=town.district):
        _add(problems, "field_key", _("Handlungsfeld: Bitte ein Handlungsfeld des geltenden Leitbilds wählen."))
    elif MentorRequest.objects.filter(town=town, field_key=field_key, status=RequestStatus.OPEN).exists():
        _add(problems, "field_key", _("Handlungsfeld: Für dieses Handlungsfeld ist schon eine Anfrage offen."))
    if len(message) > MESSAGE_MAX:
        _add(problems, "message", _("Nachricht: höchstens %(max)d Zeichen.") % {"max": MESSAGE_MAX})
    if preferred_mentor is not None:
        if not names_visible:
            _add(
                problems,
                "preferred_mentor",
                _("Wunsch-Patin: Der Kreis zeigt keine Namen; die Kreis-Koordination wählt die Patin."),
            )
        elif preferred_mentor.district_id != town.district_id or preferred_mentor == town:
            _add(problems, "preferred_mentor", _("Wunsch-Patin: Bitte eine andere Kommune des Kreises wählen."))
    _raise(problems)
    request = MentorRequest.objects.create(
        district=town.district,
        town=town,
        field_key=field_key,
        message=message.strip(),
        preferred_mentor=preferred_mentor,
        created_by_label=actor_label(actor),
        is_sample_data=sample,
    )
    mentor_requested.fire(request)
    return request


@transaction.atomic
def mentor_request_decline(*, request: MentorRequest, note: str, actor: User | None) -> MentorRequest:
    locked = MentorRequest.objects.select_for_update().get(pk=request.pk)
    problems: Problems = {}
    if locked.status != RequestStatus.OPEN:
        _add(problems, "request", _("Anfrage: Diese Anfrage ist nicht mehr offen."))
    if not note.strip():
        _add(
            problems,
            "decision_note",
            _("Begründung: Bitte sagen Sie der Kommune, warum (z. B. wer stattdessen hilft)."),
        )
    elif len(note) > NOTE_MAX:
        _add(problems, "decision_note", _("Begründung: höchstens %(max)d Zeichen.") % {"max": NOTE_MAX})
    _raise(problems)
    locked.status = RequestStatus.DECLINED
    locked.decision_note = note.strip()
    locked.decided_at = timezone.now()
    locked.decided_by_label = actor_label(actor)
    locked.save(update_fields=["status", "decision_note", "decided_at", "decided_by_label"])
    request_declined.fire(locked, actor)
    return locked


# --- joint projects from shared gaps, towns' interest -------------------------------------------------------


def _participants_add(project: JointProject, towns: list[Town], actor: User | None) -> None:
    """Add towns as interested participants; those already taking part keep their commitment."""
    current = {
        p.town: p.commitment for p in JointProjectTown.objects.filter(joint_project=project).select_related("town")
    }
    new = {town: Commitment.INTERESTED for town in towns if town not in current}
    if new:
        joint_project_participants_set(joint_project=project, participants={**current, **new}, actor=actor)


@transaction.atomic
def shared_gap_project_create(
    *, district: District, year: int, field_key: str, question_code: str, target_level: int, actor: User | None
) -> tuple[JointProject, bool]:
    """The joint project of a shared gap of the year's synergies, with the gap's towns taking part
    (interested) in the gap's field of action. Again for the same gap: the same project, towns that
    joined the gap since are added, nobody removed (D98). Returns (project, whether it was created)."""
    District.objects.select_for_update().get(pk=district.pk)  # one project per gap, also when pressed twice at once
    synergies = synergies_get(comparison=comparison_get(district=district, year=year))
    gap = next(
        (
            g
            for g in synergies.shared_gaps
            if g.field_key == field_key and g.question_code == question_code and (g.target_level or 0) == target_level
        ),
        None,
    )
    if gap is None:
        raise ValidationError(
            {"field_key": [_("Gemeinsame Lücke: Diese Lücke gibt es im Vergleich %(year)d nicht.") % {"year": year}]}
        )
    towns = list(Town.objects.filter(district=district, pk__in=[t.town_id for t in gap.towns]).order_by("name"))
    link = (
        SharedGapProject.objects.filter(
            district=district, field_key=field_key, question_code=question_code, target_level=target_level
        )
        .select_related("joint_project")
        .first()
    )
    if link is not None:
        _participants_add(link.joint_project, towns, actor)
        return link.joint_project, False
    field_name = field_names_of(district=district).get(field_key, field_key)
    title = (
        _("Gemeinsam: %(field)s – Frage %(code)s auf Stufe %(level)d")
        % {"field": field_name, "code": question_code, "level": target_level}
        if question_code
        else _("Gemeinsam: %(field)s") % {"field": field_name}
    )
    description = _("Aus den Synergien %(year)d: gemeinsame Lücke von %(towns)s.") % {
        "year": year,
        "towns": ", ".join(town.name for town in towns),
    }
    project = joint_project_create(
        district=district,
        plan=PlanInput(title=title[:200], field_key=field_key, status=ProjectStatus.IDEA, description=description),
        context=plan_context(district=district),
        lead_town=None,
        participants=dict.fromkeys(towns, Commitment.INTERESTED),
        actor=actor,
    )
    SharedGapProject.objects.create(
        district=district,
        field_key=field_key,
        question_code=question_code,
        target_level=target_level,
        joint_project=project,
        created_by_label=actor_label(actor),
    )
    return project, True


CLOSED_STATUSES = (ProjectStatus.DONE, ProjectStatus.DROPPED)


@transaction.atomic
def project_interest_declare(
    *, town: Town, joint_project: JointProject, message: str, actor: User | None
) -> ProjectInterest:
    """A town's digital officer marks interest in a joint project the town is not part of (D99)."""
    problems: Problems = {}
    if joint_project.district_id != town.district_id:
        _add(problems, "joint_project", _("Gemeinsames Projekt: Das Projekt gehört nicht zum Kreis der Kommune."))
    elif JointProjectTown.objects.filter(joint_project=joint_project, town=town).exists():
        _add(problems, "joint_project", _("Gemeinsames Projekt: Die Kommune ist schon beteiligt."))
    elif joint_project.status in CLOSED_STATUSES:
        _add(problems, "joint_project", _("Gemeinsames Projekt: Das Projekt ist abgeschlossen oder verworfen."))
    elif ProjectInterest.objects.filter(joint_project=joint_project, town=town).exists():
        _add(problems, "joint_project", _("Gemeinsames Projekt: Die Kommune hat ihr Interesse schon bekundet."))
    if len(message) > NOTE_MAX:
        _add(problems, "message", _("Nachricht: höchstens %(max)d Zeichen.") % {"max": NOTE_MAX})
    _raise(problems)
    interest = ProjectInterest.objects.create(
        joint_project=joint_project, town=town, message=message.strip(), created_by_label=actor_label(actor)
    )
    interest_declared.fire(interest)
    return interest


@transaction.atomic
def project_interest_withdraw(*, interest: ProjectInterest) -> None:
    if interest.added_at is not None:
        raise ValidationError({"joint_project": [_("Gemeinsames Projekt: Die Kommune ist schon aufgenommen.")]})
    interest.delete()


@transaction.atomic
def project_interest_accept(*, interest: ProjectInterest, actor: User | None) -> ProjectInterest:
    """The coordination adds the interested town to the project's participants, in one step."""
    locked = ProjectInterest.objects.select_for_update().select_related("joint_project", "town").get(pk=interest.pk)
    if locked.added_at is not None:
        raise ValidationError({"interest": [_("Interesse: Die Kommune ist schon aufgenommen.")]})
    _participants_add(locked.joint_project, [locked.town], actor)
    locked.added_at = timezone.now()
    locked.added_by_label = actor_label(actor)
    locked.save(update_fields=["added_at", "added_by_label"])
    return locked
