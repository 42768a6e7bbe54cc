"""What happens in the apps below, turned into notifications: the hooks' receivers (registered in
``NotificationsConfig.ready``) and the daily reminders. Each decides the candidates by role and the
permission a recipient needs; ``notifications.services.notify`` keeps everyone else out (D84).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from kreisagenda.permissions import Action, peer_names_visible

from accounts.models import Membership, Role
from benchmarking.models import DuplicateFlag
from benchmarking.selectors import comparison_get, synergies_get
from mentoring.services import field_names_of
from notifications import kinds
from notifications.models import Notification
from notifications.services import Message, notify
from notifications.tasks import synergies_notify_later
from publishing.models import AssessmentSnapshot, ItemKind, SnapshotStatus
from publishing.selectors import published_measures
from quickcheck.answers.selectors import assessment_get
from quickcheck.models import GridStatus, GridVersion
from roadmap.hooks import ProjectChange
from roadmap.models import JointProject, JointProjectTown
from roadmap.rules import is_delayed
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User
    from comments.items import CommentItem
    from comments.models import CommentBase
    from mentoring.models import MentorRequest, Mentorship, ProjectInterest
    from partners.models import Proposal

LANGUAGE = "de"  # texts are stored as written; the project keeps no language per person (D85)
TOWN_ROLES = (Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER)


# --- candidates by role (one query each) -------------------------------------------------------


def coordinators_of(district: District) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(district=district, role=Role.DISTRICT_COORDINATOR).select_related("user")
    ]


def people_of_towns(towns: Iterable[Town | int], roles: Iterable[Role]) -> dict[int, list[User]]:
    """Town id → its people holding one of ``roles``."""
    ids = [town if isinstance(town, int) else town.pk for town in towns]
    found: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.filter(town_id__in=ids, role__in=list(roles)).select_related("user"):
        if membership.town_id is not None:
            found[membership.town_id].append(membership.user)
    return found


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# --- the Quick-Check campaign -------------------------------------------------------------------


def on_campaign_opened(grid: GridVersion, actor: User | None) -> None:
    """Receiver of ``quickcheck.hooks.campaign_opened``."""
    district = grid.district
    key = f"campaign_opened:{grid.pk}"
    with override(LANGUAGE):
        deadline = _(" Frist für die Freigabe: %(date)s.") % {"date": _date(grid.deadline)} if grid.deadline else ""
        title = _("Quick-Check-Erhebung %(year)s eröffnet") % {"year": grid.year}
        _tell_coordinators(
            kinds.CAMPAIGN_OPENED,
            district,
            Message(
                title,
                _("Im %(district)s läuft die Erhebung %(year)s; die Kommunen beantworten jetzt den Quick Check.")
                % {"year": grid.year, "district": district.name}
                + deadline,
                reverse("grid-page", args=[district.slug, grid.year]),
            ),
            key=key,
            exclude=actor,
        )
        towns = list(Town.objects.filter(district=district))
        people = people_of_towns(towns, TOWN_ROLES)
        for town in towns:
            notify(
                kind=kinds.CAMPAIGN_OPENED,
                candidates=people.get(town.pk, []),
                about=town,
                action=Action.VIEW_TOWN_DRAFTS,
                message=Message(
                    title,
                    _("Bitte beantworten Sie den Quick Check %(year)s für %(town)s und geben ihn an den Kreis frei.")
                    % {"year": grid.year, "town": town.name}
                    + deadline,
                    reverse("assessment-page", args=[district.slug, town.slug, grid.year]),
                ),
                key=key,
            )


def towns_unreleased(grid: GridVersion) -> list[Town]:
    """The district's towns whose latest published Quick Check of ``grid`` is not a release (two queries)."""
    released = {
        snapshot.town_id
        for snapshot in AssessmentSnapshot.objects.filter(grid=grid).order_by("town_id", "-version").distinct("town_id")
        if snapshot.status == SnapshotStatus.RELEASED
    }
    return [
        town for town in Town.objects.filter(district_id=grid.district_id).order_by("name") if town.pk not in released
    ]


REMINDER_DAYS = (14, 3)


def reminder_stage(days_left: int) -> int | None:
    """Which reminder is due with ``days_left`` until the deadline: 3 from three days on, 14 from
    fourteen days on (until the 3-day one), none before or after the deadline."""
    if days_left < 0:
        return None
    return next((days for days in sorted(REMINDER_DAYS) if days_left <= days), None)


def deadlines_remind(*, today: datetime.date) -> list[Notification]:
    """Remind the towns that have not released of the deadlines of open campaigns, 14 and 3 days ahead,
    each once per town person, grid, deadline and stage (D86)."""
    made: list[Notification] = []
    for grid in GridVersion.objects.filter(status=GridStatus.OPEN, deadline__isnull=False).select_related("district"):
        assert grid.deadline is not None
        stage = reminder_stage((grid.deadline - today).days)
        if stage is None:
            continue
        key = f"campaign_deadline:{grid.pk}:{grid.deadline.isoformat()}:{stage}"
        towns = towns_unreleased(grid)
        people = people_of_towns(towns, TOWN_ROLES)
        with override(LANGUAGE):
            for town in towns:
                made += notify(
                    kind=kinds.CAMPAIGN_DEADLINE,
                    candidates=people.get(town.pk, []),
                    about=town,
                    action=Action.VIEW_TOWN_DRAFTS,
                    message=Message(
                        _("Noch %(days)s Tage: Frist für den Quick Check %(year)s am %(date)s")
                        % {"days": (grid.deadline - today).days, "year": grid.year, "date": _date(grid.deadline)},
                        _("%(town)s hat den Quick Check %(year)s noch nicht an den Kreis freigegeben.")
                        % {"town": town.name, "year": grid.year},
                        reverse("assessment-page", args=[grid.district.slug, town.slug, grid.year]),
                    ),
                    key=key,
                )
    return made


def on_assessment_released(town: Town, grid: GridVersion) -> None:
    """Receiver of ``quickcheck.answers.hooks.assessment_released`` (in the town's transaction)."""
    district = town.district
    with override(LANGUAGE):
        notify(
            kind=kinds.ASSESSMENT_RELEASED,
            candidates=coordinators_of(district),
            about=town,
            action=Action.VIEW_TOWN,
            message=Message(
                _("%(town)s hat den Quick Check %(year)s freigegeben") % {"town": town.name, "year": grid.year},
                _("Die Ergebnisse stehen im Vergleich des Kreises, sobald sie veröffentlicht sind."),
                reverse("assessment-page", args=[district.slug, town.slug, grid.year]),
            ),
        )


def on_assessment_reopened(town: Town, grid: GridVersion) -> None:
    """Receiver of ``quickcheck.answers.hooks.assessment_reopened`` (in the town's schema): the reason
    is the one the reopening stored."""
    district = town.district
    assessment = assessment_get(grid=grid)
    reason = assessment.reopen_reason if assessment else ""
    candidates = coordinators_of(district) + people_of_towns([town], TOWN_ROLES).get(town.pk, [])
    with override(LANGUAGE):
        notify(
            kind=kinds.ASSESSMENT_REOPENED,
            candidates=candidates,
            about=town,
            action=Action.VIEW_TOWN,
            message=Message(
                _("Quick Check %(year)s von %(town)s wieder geöffnet") % {"town": town.name, "year": grid.year},
                _("Grund: %(reason)s") % {"reason": reason},
                reverse("assessment-page", args=[district.slug, town.slug, grid.year]),
            ),
        )


# --- the duplicate check and synergies ------------------------------------------------------------


def _flag_item_url(district: District, town_slug: str, item: dict[str, object]) -> str:
    if item["item_kind"] == ItemKind.MEASURE:
        return reverse("measure-page", args=[district.slug, town_slug, item["item_id"]])
    return reverse("solution-page", args=[district.slug, town_slug, item["item_id"]])


def on_duplicate_flags_raised(district: District, flags: list[DuplicateFlag]) -> None:
    """Receiver of ``benchmarking.hooks.duplicate_flags_raised``: the coordinators (who decide) and the
    digital officers of the towns whose items the flag names (others' names only where the district
    shows peers' names)."""
    coordinators = coordinators_of(district)
    town_ids = {item["town_id"] for flag in flags for item in flag.evidence["items"]}
    towns = Town.objects.in_bulk(town_ids)
    officers = people_of_towns(town_ids, [Role.TOWN_DIGITAL_OFFICER])
    with override(LANGUAGE):
        for flag in flags:
            items = flag.evidence["items"]
            key = f"duplicate_flag:{flag.pk}"
            listing = "; ".join(f"{item['town_name']}: {item['title']}" for item in items)
            notify(
                kind=kinds.DUPLICATE_FLAG,
                candidates=coordinators,
                about=district,
                action=Action.DECIDE_DUPLICATES,
                message=Message(
                    _("Neuer Hinweis auf eine Doppelstruktur (%(count)s Kommunen)") % {"count": len(items)},
                    listing,
                    reverse("flags-page", args=[district.slug]),
                ),
                key=key,
            )
            for town_id in sorted({item["town_id"] for item in items}):
                town = towns.get(town_id)
                if town is None:
                    continue
                own = [item for item in items if item["town_id"] == town_id]
                others = [item for item in items if item["town_id"] != town_id]

                def message(
                    user: User,
                    own: list[dict[str, object]] = own,
                    others: list[dict[str, object]] = others,
                    town: Town = town,
                ) -> Message:
                    if peer_names_visible(user, district):
                        peers = ", ".join(sorted({str(item["town_name"]) for item in others}))
                    else:
                        peers = _("%(count)s andere Kommunen") % {"count": len({item["town_id"] for item in others})}
                    return Message(
                        _("„%(title)s“ ähnelt Vorhaben anderer Kommunen") % {"title": own[0]["title"]},
                        _(
                            "Ähnliche Einträge haben: %(peers)s. Die Kreis-Koordination prüft, ob ein gemeinsames "
                            "Vorgehen sinnvoll ist."
                        )
                        % {"peers": peers},
                        _flag_item_url(district, town.slug, own[0]),
                    )

                notify(
                    kind=kinds.DUPLICATE_FLAG,
                    candidates=officers.get(town_id, []),
                    about=town,
                    action=Action.EDIT_TOWN_DATA,
                    message=message,
                    key=key,
                )


def on_assessment_published(snapshot: AssessmentSnapshot) -> None:
    """Receiver of ``publishing.hooks.assessment_published``: a new release may make new synergies;
    they are looked for in the worker once the publish has committed."""
    if snapshot.status == SnapshotStatus.RELEASED:
        synergies_notify_later(snapshot.district_id, snapshot.year)


def synergies_notify(*, district: District, year: int) -> list[Notification]:
    """Tell the digital officers of the towns of each synergy of ``year`` that they were not told of
    before (D84): a mentor pair (both towns), a shared gap of a field of action (each town in it, once,
    however many towns join it later). Peers are named only where the district shows peers' names."""
    comparison = comparison_get(district=district, year=year)
    synergies = synergies_get(comparison=comparison)
    names = comparison.field_names
    towns = Town.objects.in_bulk([t.town_id for t in comparison.towns])
    officers = people_of_towns(towns, [Role.TOWN_DIGITAL_OFFICER])
    url = {pk: reverse("town-position", args=[district.slug, town.slug, year]) for pk, town in towns.items()}
    made: list[Notification] = []

    def tell(town_id: int, key: str, text: str, named: str, unnamed: str) -> None:
        nonlocal made

        def message(user: User) -> Message:
            peers = named if peer_names_visible(user, district) else unnamed
            return Message(text, peers, url[town_id])

        made += notify(
            kind=kinds.SYNERGY,
            candidates=officers.get(town_id, []),
            about=towns[town_id],
            action=Action.VIEW_TOWN,
            message=message,
            key=key,
        )

    with override(LANGUAGE):
        for pair in synergies.mentor_pairs:
            field = names.get(pair.field_key, pair.field_key)
            key = f"synergy:{year}:mentor:{pair.field_key}:{pair.mentor.town_id}:{pair.mentee.town_id}"
            tell(
                pair.mentor.town_id,
                key,
                _("Synergie: Ihre Erfahrung im Handlungsfeld „%(field)s“ ist gefragt") % {"field": field},
                _("%(town)s steht dort deutlich schwächer und könnte von Ihnen lernen.") % {"town": pair.mentee.name},
                _("Eine andere Kommune steht dort deutlich schwächer und könnte von Ihnen lernen."),
            )
            tell(
                pair.mentee.town_id,
                key,
                _("Synergie: Unterstützung im Handlungsfeld „%(field)s“ möglich") % {"field": field},
                _("%(town)s ist dort stark und kommt als Mentor in Frage.") % {"town": pair.mentor.name},
                _("Eine andere Kommune ist dort stark und kommt als Mentor in Frage."),
            )
        # Shared targets (one question, one level) are left to the synergies page: a campaign has dozens.
        for gap in (gap for gap in synergies.shared_gaps if not gap.is_shared_target):
            field = names.get(gap.field_key, gap.field_key)
            for member in gap.towns:
                others = sorted(t.name for t in gap.towns if t.town_id != member.town_id)
                tell(
                    member.town_id,
                    f"synergy:{year}:gap:{gap.field_key}:{member.town_id}",
                    _("Synergie: gemeinsamer Handlungsbedarf im Handlungsfeld „%(field)s“") % {"field": field},
                    _("Ebenso: %(towns)s.") % {"towns": ", ".join(others)},
                    _("Ebenso %(count)s weitere Kommunen.") % {"count": len(others)},
                )
    return made


# --- the roadmap ----------------------------------------------------------------------------------


def measures_late_remind(*, today: datetime.date) -> list[Notification]:
    """Tell each town's digital officers of their measures that are late (D71: the end quarter has
    passed and the measure is neither done nor dropped), as published; once per measure and end
    quarter (a new end quarter that passes again is a new lateness, D86)."""
    made: list[Notification] = []
    for district in District.objects.all():
        late = [
            item
            for item in published_measures(district=district).select_related("snapshot__town")
            if is_delayed(status=item.status, end_quarter=item.end_quarter, on=today)
        ]
        keys = {item.pk: f"measure_late:{item.snapshot.town_id}:{item.item_id}:{item.end_quarter}" for item in late}
        told = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
        late = [item for item in late if keys[item.pk] not in told]
        officers = people_of_towns({item.snapshot.town_id for item in late}, [Role.TOWN_DIGITAL_OFFICER])
        with override(LANGUAGE):
            for item in late:
                town = item.snapshot.town
                made += notify(
                    kind=kinds.MEASURE_LATE,
                    candidates=officers.get(town.pk, []),
                    about=town,
                    action=Action.EDIT_TOWN_DATA,
                    message=Message(
                        _("Maßnahme „%(title)s“ ist verspätet") % {"title": item.title},
                        _(
                            "Das geplante Ende (%(quarter)s) ist vorbei, die Maßnahme aber weder abgeschlossen noch "
                            "verworfen. Bitte Stand oder Zeitplan aktualisieren."
                        )
                        % {"quarter": item.end_quarter},
                        reverse("measure-page", args=[district.slug, town.slug, item.item_id]),
                    ),
                    key=keys[item.pk],
                )
    return made


def participant_towns(project: JointProject) -> QuerySet[Town]:
    town_ids = set(JointProjectTown.objects.filter(joint_project=project).values_list("town_id", flat=True))
    if project.lead_town_id is not None:
        town_ids.add(project.lead_town_id)
    return Town.objects.filter(pk__in=town_ids, district_id=project.district_id).order_by("name")


def on_joint_project_changed(project: JointProject, change: ProjectChange, actor: User | None) -> None:
    """Receiver of ``roadmap.hooks.joint_project_changed``: the participant towns' digital officers,
    except the person who made the change."""
    district = project.district
    towns = list(participant_towns(project))
    officers = people_of_towns(towns, [Role.TOWN_DIGITAL_OFFICER])
    with override(LANGUAGE):
        title = _("Projekt „%(title)s“: %(change)s") % {"title": project.title, "change": ProjectChange(change).label}
        body = _("Ihre Kommune ist an diesem interkommunalen Projekt beteiligt.")
        for town in towns:
            notify(
                kind=kinds.JOINT_PROJECT_CHANGED,
                candidates=officers.get(town.pk, []),
                about=town,
                action=Action.VIEW_TOWN,
                message=Message(title, body, reverse("joint-project-page", args=[district.slug, project.pk])),
                exclude=actor,
            )


# --- working together: comments, mentoring, partners' proposals (D106) ---------------------------


def on_comment_posted(item: CommentItem, comment: CommentBase, author: User, mentioned: list[User]) -> None:
    """Receiver of ``comments.hooks.comment_posted``: the people mentioned, each checked again with the
    item's own rule (a measure's page, the district's joint projects, the coordinators' flags)."""
    if not mentioned:
        return
    with override(LANGUAGE):
        notify(
            kind=kinds.COMMENT_MENTION,
            candidates=mentioned,
            about=item.read_target,
            action=item.read_action,
            message=Message(
                _("%(author)s hat Sie erwähnt: %(title)s")
                % {"author": author.full_name or author.email, "title": item.title},
                comment.text[:500],
                item.comments_url,
            ),
            key=f"comment_mention:{item.kind}:{item.item_id}:{comment.pk}",
            exclude=author,
        )


def _tell_coordinators(
    kind: kinds.Kind, district: District, message: Message, *, key: str = "", exclude: User | None = None
) -> None:
    """The district's coordinators, who decide or answer what the message is about."""
    notify(
        kind=kind,
        candidates=coordinators_of(district),
        about=district,
        action=Action.MANAGE_STRATEGY,
        message=message,
        key=key,
        exclude=exclude,
    )


def _tell_town(
    kind: kinds.Kind,
    town: Town,
    message: Message,
    *,
    roles: Iterable[Role] = TOWN_ROLES,
    action: Action = Action.VIEW_TOWN_DRAFTS,
    exclude: User | None = None,
) -> None:
    """The town's people holding one of ``roles`` (its own people see its drafts: VIEW_TOWN_DRAFTS)."""
    notify(
        kind=kind,
        candidates=people_of_towns([town], roles).get(town.pk, []),
        about=town,
        action=action,
        message=message,
        exclude=exclude,
    )


def on_mentor_requested(request: MentorRequest) -> None:
    """Receiver of ``mentoring.hooks.mentor_requested``: the coordinators, who answer it."""
    district = request.district
    field = field_names_of(district=district).get(request.field_key, request.field_key)
    with override(LANGUAGE):
        _tell_coordinators(
            kinds.MENTOR_REQUESTED,
            district,
            Message(
                _("%(town)s bittet um eine Patenschaft: %(field)s") % {"town": request.town.name, "field": field},
                request.message,
                reverse("mentoring-page", args=[district.slug]),
            ),
        )


def on_mentoring_changed(mentorship: Mentorship, change: str, actor: User | None) -> None:
    """Receiver of ``mentoring.hooks.mentoring_changed``: the people of both towns and the coordinators,
    not the person who changed it."""
    district = mentorship.district
    names = field_names_of(district=district)
    fields = ", ".join(names.get(key, key) for key in mentorship.field_keys)
    with override(LANGUAGE):
        message = Message(
            _("Patenschaft %(mentor)s → %(mentee)s: %(status)s")
            % {
                "mentor": mentorship.mentor_town.name,
                "mentee": mentorship.mentee_town.name,
                "status": mentorship.get_status_display(),
            },
            _("Handlungsfelder: %(fields)s") % {"fields": fields},
            reverse("mentorship-page", args=[district.slug, mentorship.pk]),
        )
        _tell_coordinators(kinds.MENTORING_CHANGED, district, message, exclude=actor)
        for town in (mentorship.mentor_town, mentorship.mentee_town):
            _tell_town(kinds.MENTORING_CHANGED, town, message, exclude=actor)


def on_mentor_request_declined(request: MentorRequest, actor: User | None) -> None:
    """Receiver of ``mentoring.hooks.request_declined``: the asking town's people, with the answer."""
    district = request.district
    field = field_names_of(district=district).get(request.field_key, request.field_key)
    with override(LANGUAGE):
        _tell_town(
            kinds.MENTOR_REQUEST_DECLINED,
            request.town,
            Message(
                _("Antwort auf die Anfrage nach einer Patenschaft: %(field)s") % {"field": field},
                request.decision_note,
                reverse("town-mentoring", args=[district.slug, request.town.slug]),
            ),
            exclude=actor,
        )


def on_interest_declared(interest: ProjectInterest) -> None:
    """Receiver of ``mentoring.hooks.interest_declared``: the coordinators, who may add the town."""
    project = interest.joint_project
    with override(LANGUAGE):
        _tell_coordinators(
            kinds.PROJECT_INTEREST,
            project.district,
            Message(
                _("%(town)s möchte bei „%(project)s“ mitmachen")
                % {"town": interest.town.name, "project": project.title},
                interest.message,
                reverse("mentoring-page", args=[project.district.slug]),
            ),
        )


def on_proposal_submitted(proposal: Proposal) -> None:
    """Receiver of ``partners.hooks.proposal_submitted``: the addressed town's digital officers, who
    decide it; for a proposal to the district as a whole, the coordinators."""
    district = proposal.district
    with override(LANGUAGE):
        message = Message(
            _("Vorschlag von %(organisation)s: %(title)s")
            % {"organisation": proposal.organisation, "title": proposal.title},
            proposal.description[:500],
            reverse("proposal-page", args=[district.slug, proposal.pk]),
        )
        if proposal.town is None:
            _tell_coordinators(kinds.PROPOSAL_SUBMITTED, district, message)
        else:
            _tell_town(
                kinds.PROPOSAL_SUBMITTED,
                proposal.town,
                message,
                roles=[Role.TOWN_DIGITAL_OFFICER],
                action=Action.EDIT_TOWN_DATA,
            )


def on_proposal_decided(proposal: Proposal) -> None:
    """Receiver of ``partners.hooks.proposal_decided``: the partner who submitted it."""
    if proposal.submitted_by is None:
        return
    district = proposal.district
    with override(LANGUAGE):
        notify(
            kind=kinds.PROPOSAL_DECIDED,
            candidates=[proposal.submitted_by],
            about=district,
            action=Action.PROPOSE_MEASURE,
            message=Message(
                _("Ihr Vorschlag „%(title)s“: %(status)s")
                % {"title": proposal.title, "status": proposal.get_status_display()},
                proposal.decision_reason,
                reverse("partner-home", args=[district.slug]),
            ),
        )
