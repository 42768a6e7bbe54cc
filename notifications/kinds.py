"""The kinds of notification: one entry each (label, default e-mail frequency, who may receive it).

Adding a kind is a few lines (docs/architecture.md, "Notifications"): an entry here, a receiver in
``notifications.events`` that calls ``notifications.services.notify``, and its registration in
``NotificationsConfig.ready``. The settings page and the API offer each person the kinds whose
``roles`` they hold (D84).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from notifications.models import Frequency

COORDINATION = frozenset({Role.DISTRICT_COORDINATOR})
TOWN_PEOPLE = frozenset({Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER})
OFFICERS = frozenset({Role.TOWN_DIGITAL_OFFICER})
PARTNERS = frozenset({Role.PARTNER})
EVERYONE_IN_A_DISTRICT = COORDINATION | TOWN_PEOPLE | frozenset({Role.CONFERENCE_MEMBER})


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    audience: str | Promise  # who receives it, in words (the settings page shows it)
    default: Frequency
    roles: frozenset[Role]  # the roles that may receive it


KINDS: dict[str, Kind] = {}


def kind_register(kind: Kind) -> Kind:
    if kind.key in KINDS and KINDS[kind.key] != kind:
        raise ValueError(f"Notification kind {kind.key!r} is registered twice")
    KINDS[kind.key] = kind
    return kind


CAMPAIGN_OPENED = kind_register(
    Kind(
        "campaign_opened",
        _("Quick-Check-Erhebung eröffnet"),
        _("die Kommunen des Kreises und die Kreis-Koordination"),
        Frequency.INSTANT,
        COORDINATION | TOWN_PEOPLE,
    )
)
CAMPAIGN_DEADLINE = kind_register(
    Kind(
        "campaign_deadline",
        _("Frist der Erhebung naht (14 und 3 Tage vorher)"),
        _("Kommunen, die noch nicht freigegeben haben"),
        Frequency.INSTANT,
        TOWN_PEOPLE,
    )
)
ASSESSMENT_RELEASED = kind_register(
    Kind(
        "assessment_released",
        _("Eine Kommune hat ihren Quick Check freigegeben"),
        _("die Kreis-Koordination"),
        Frequency.WEEKLY,
        COORDINATION,
    )
)
ASSESSMENT_REOPENED = kind_register(
    Kind(
        "assessment_reopened",
        _("Eine Freigabe wurde wieder geöffnet"),
        _("die Kreis-Koordination und die Kommune selbst"),
        Frequency.INSTANT,
        COORDINATION | TOWN_PEOPLE,
    )
)
DUPLICATE_FLAG = kind_register(
    Kind(
        "duplicate_flag",
        _("Neuer Hinweis auf eine Doppelstruktur"),
        _("die Kreis-Koordination und die Digitalisierungsbeauftragten der beteiligten Kommunen"),
        Frequency.WEEKLY,
        COORDINATION | OFFICERS,
    )
)
SYNERGY = kind_register(
    Kind(
        "synergy",
        _("Neue Synergie für meine Kommune"),
        _("die Digitalisierungsbeauftragten der beteiligten Kommunen"),
        Frequency.WEEKLY,
        OFFICERS,
    )
)
MEASURE_LATE = kind_register(
    Kind(
        "measure_late",
        _("Eine Maßnahme meiner Kommune ist verspätet"),
        _("die Digitalisierungsbeauftragten der Kommune"),
        Frequency.WEEKLY,
        OFFICERS,
    )
)
JOINT_PROJECT_CHANGED = kind_register(
    Kind(
        "joint_project_changed",
        _("Ein interkommunales Projekt, an dem meine Kommune beteiligt ist, wurde geändert"),
        _("die Digitalisierungsbeauftragten der beteiligten Kommunen"),
        Frequency.WEEKLY,
        OFFICERS,
    )
)


# Working together (issue 16): comments, mentoring, partners' proposals (D106).
COMMENT_MENTION = kind_register(
    Kind(
        "comment_mention",
        _("Ich wurde in einem Kommentar erwähnt"),
        _("wer in einem Kommentar erwähnt wird (nur Personen, die den Eintrag sehen)"),
        Frequency.INSTANT,
        EVERYONE_IN_A_DISTRICT,
    )
)
MENTOR_REQUESTED = kind_register(
    Kind(
        "mentor_requested",
        _("Eine Kommune bittet um eine Patenschaft"),
        _("die Kreis-Koordination"),
        Frequency.INSTANT,
        COORDINATION,
    )
)
MENTORING_CHANGED = kind_register(
    Kind(
        "mentoring_changed",
        _("Eine Patenschaft meiner Kommune wurde vereinbart oder geändert"),
        _("die beiden Kommunen der Patenschaft und die Kreis-Koordination"),
        Frequency.WEEKLY,
        COORDINATION | TOWN_PEOPLE,
    )
)
MENTOR_REQUEST_DECLINED = kind_register(
    Kind(
        "mentor_request_declined",
        _("Die Kreis-Koordination hat unsere Anfrage nach einer Patenschaft beantwortet"),
        _("die anfragende Kommune"),
        Frequency.INSTANT,
        TOWN_PEOPLE,
    )
)
PROJECT_INTEREST = kind_register(
    Kind(
        "project_interest",
        _("Eine Kommune hat Interesse an einem interkommunalen Projekt bekundet"),
        _("die Kreis-Koordination"),
        Frequency.WEEKLY,
        COORDINATION,
    )
)
PROPOSAL_SUBMITTED = kind_register(
    Kind(
        "proposal_submitted",
        _("Ein Partner hat eine Maßnahme vorgeschlagen"),
        _(
            "die Digitalisierungsbeauftragten der angesprochenen Kommune, bei Vorschlägen an den Kreis die Kreis-Koordination"
        ),
        Frequency.INSTANT,
        COORDINATION | OFFICERS,
    )
)
PROPOSAL_DECIDED = kind_register(
    Kind(
        "proposal_decided",
        _("Über einen Vorschlag meiner Organisation wurde entschieden"),
        _("wer den Vorschlag eingereicht hat"),
        Frequency.INSTANT,
        PARTNERS,
    )
)


def kinds_for_roles(roles: set[Role]) -> list[Kind]:
    """The kinds a person with ``roles`` may receive, in the order registered."""
    return [kind for kind in KINDS.values() if kind.roles & roles]
