"""Who may do what: the one place where access is decided (default deny).

Pages, the API and background tasks all ask :func:`can`. The rules, in words:

* Platform operators may do everything.
* Everyone with a role in a district, or in one of its towns, may view the district (its home page,
  its members and who holds which role).
* A town's home and data are visible to the town's own members (digital officer, viewer), the
  district's coordinators and operators — to nobody else, in particular not to other towns.
* Only operators create or remove towns and use the Django admin.
* The district's coordinators maintain the strategy: the shared vision (and record its adoption by
  the mayors' conference), the Quick-Check grid, and they may reopen a town's release.
* A town's drafts (answers not yet released, its working data) are seen only by the town's own
  members; only its digital officer changes them. The coordinator sees what the town released.
* The district's comparison with every town's name, and the synergies, are for the coordinators and
  the mayors' conference; a town sees its own position (peers named only if the district says so).
  Only coordinators decide on duplicated structures. All towns' roadmaps and yearly reviews are
  seen like the comparison; lighthouse measures and joint projects by everyone in the district.
* Joint projects are run by the coordinators (create, participants, lead); the lead town's digital
  officer keeps the project's plan up to date; a town links its own measures to projects it is in.
* Partners (Stadtwerke, Wirtschaftsförderung, Digitalbeirat; a role in a district, D94) are outsiders:
  they pass none of the rules above, not even VIEW_DISTRICT (no district home, no member list). They
  read the district's published strategy (VIEW_PUBLISHED_STRATEGY, with everyone in the district: the
  vision in force, lighthouses, joint projects) and propose measures (PROPOSE_MEASURE). A proposal to
  a town is seen by the town's own members and decided by its digital officer; one to the district as
  a whole is decided by the coordinators, who see every proposal of the district (D95).
* Operators administer the installation; content actions (the strategy, a town's drafts and data,
  reopening a release) are not theirs. They would need a membership, which is visible to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Membership, Role, User
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User
    from mentoring.models import Mentorship
    from roadmap.models import JointProject


class Action(StrEnum):
    VIEW_DISTRICT = "view_district"
    VIEW_TOWN = "view_town"
    MANAGE_TOWNS = "manage_towns"
    USE_ADMIN = "use_admin"
    MANAGE_STRATEGY = "manage_strategy"  # district: vision, grid, adoption records
    VIEW_TOWN_DRAFTS = "view_town_drafts"  # town: answers before release, local priorities and goals
    EDIT_TOWN_DATA = "edit_town_data"  # town: answer, release, import, set priorities and local goals
    REOPEN_RELEASE = "reopen_release"  # town: the district takes a released Quick Check back to draft
    VIEW_BENCHMARK = "view_benchmark"  # district: the named comparison of all towns, synergies, all roadmaps, reviews
    DECIDE_DUPLICATES = "decide_duplicates"  # district: confirm or dismiss duplicated-structure flags
    # district: the vision in force, lighthouses, joint projects — everyone in the district and its partners
    VIEW_PUBLISHED_STRATEGY = "view_published_strategy"
    PROPOSE_MEASURE = "propose_measure"  # district: a partner proposes a measure to a town or the district


# Content actions: what the district and the towns decide, not the operators of the installation.
CONTENT_ACTIONS = frozenset(
    {
        Action.MANAGE_STRATEGY,
        Action.VIEW_TOWN_DRAFTS,
        Action.EDIT_TOWN_DATA,
        Action.REOPEN_RELEASE,
        Action.DECIDE_DUPLICATES,
        Action.PROPOSE_MEASURE,
    }
)


_TOWN_TOKEN_DISTRICT_ACTIONS = frozenset({Action.VIEW_DISTRICT, Action.VIEW_PUBLISHED_STRATEGY})


@dataclass(frozen=True)
class Scopes:
    """A person's memberships, boiled down to the ids the rules need (one query per request)."""

    is_operator: bool = False
    districts_by_role: dict[Role, frozenset[int]] = field(default_factory=dict)
    towns_by_role: dict[Role, frozenset[int]] = field(default_factory=dict)
    districts_of_own_towns: frozenset[int] = frozenset()
    # An API token limited to one district or one town (decision D59): nothing outside it, whatever the roles.
    only_district_id: int | None = None
    only_town: tuple[int, int] | None = None  # (town id, its district's id)

    def within(self, action: Action, target: District | Town | None) -> bool:
        """Whether the target lies inside the token's limit (always, without one)."""
        if self.only_district_id is None and self.only_town is None:
            return True
        if isinstance(target, Town):
            if self.only_town is not None:
                return target.pk == self.only_town[0]
            return target.district_id == self.only_district_id
        if isinstance(target, District):
            if self.only_town is not None:  # a town's token reads its district's shared strategy, nothing more
                return action in _TOWN_TOKEN_DISTRICT_ACTIONS and target.pk == self.only_town[1]
            return target.pk == self.only_district_id
        return False  # the installation's own actions (the admin) are not for a limited token

    def districts(self, *roles: Role) -> frozenset[int]:
        return frozenset().union(*(self.districts_by_role.get(role, frozenset()) for role in roles))

    def towns(self, *roles: Role) -> frozenset[int]:
        return frozenset().union(*(self.towns_by_role.get(role, frozenset()) for role in roles))

    @property
    def member_districts(self) -> frozenset[int]:
        return self.districts(Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER) | self.districts_of_own_towns


_NO_SCOPES = Scopes()
_CACHE_ATTRIBUTE = "_kreisagenda_scopes"


def _scopes_from(rows: Iterable[tuple[str, int | None, int | None, int | None]]) -> Scopes:
    districts: dict[Role, set[int]] = {}
    towns: dict[Role, set[int]] = {}
    districts_of_towns: set[int] = set()
    is_operator = False
    for role, district_id, town_id, town_district_id in rows:
        if role == Role.PLATFORM_OPERATOR:
            is_operator = True
        elif district_id is not None:
            districts.setdefault(Role(role), set()).add(district_id)
        elif town_id is not None and town_district_id is not None:
            towns.setdefault(Role(role), set()).add(town_id)
            districts_of_towns.add(town_district_id)
    return Scopes(
        is_operator=is_operator,
        districts_by_role={role: frozenset(ids) for role, ids in districts.items()},
        towns_by_role={role: frozenset(ids) for role, ids in towns.items()},
        districts_of_own_towns=frozenset(districts_of_towns),
    )


_SCOPE_COLUMNS = ("role", "district_id", "town_id", "town__district_id")


def scopes_of(user: User | AnonymousUser | None) -> Scopes:
    if user is None or not user.is_authenticated or not user.is_active:
        return _NO_SCOPES
    cached: Scopes | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scopes = _scopes_from(Membership.objects.filter(user_id=user.pk).values_list(*_SCOPE_COLUMNS))
    setattr(user, _CACHE_ATTRIBUTE, scopes)
    return scopes


def scopes_load(users: Iterable[User]) -> None:
    """Work out the scopes of many people with one query (the recipients of a notification), so that
    ``can`` asks nothing more of the database for each of them."""
    pending = {user.pk: user for user in users if getattr(user, _CACHE_ATTRIBUTE, None) is None}
    if not pending:
        return
    rows: dict[int, list[tuple[str, int | None, int | None, int | None]]] = {pk: [] for pk in pending}
    for user_id, *row in Membership.objects.filter(user_id__in=pending).values_list("user_id", *_SCOPE_COLUMNS):
        rows[user_id].append((row[0], row[1], row[2], row[3]))
    for pk, user in pending.items():
        setattr(user, _CACHE_ATTRIBUTE, _scopes_from(rows[pk]))


def forget_scopes(user: User) -> None:
    """After memberships change within one request or test."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def scopes_limit(user: User, *, district_id: int | None, town: Town | None) -> None:
    """For the rest of the request, what ``user`` may do limited to one district or town (an API token's
    limit); a limited token is never an operator's key to everything."""
    if district_id is None and town is None:
        return
    limited = replace(
        scopes_of(user),
        is_operator=False,
        only_district_id=district_id,
        only_town=(town.pk, town.district_id) if town is not None else None,
    )
    setattr(user, _CACHE_ATTRIBUTE, limited)


def can(user: User | AnonymousUser | None, action: Action, target: District | Town | None = None) -> bool:
    scopes = scopes_of(user)
    if not scopes.within(action, target):
        return False
    if scopes.is_operator and action not in CONTENT_ACTIONS:
        return True
    return _by_role(scopes, action, target)


def _by_role(scopes: Scopes, action: Action, target: District | Town | None) -> bool:
    """What the person's memberships allow (the operator's reach aside)."""
    match action, target:
        case Action.VIEW_DISTRICT, District():
            return target.pk in scopes.member_districts
        case Action.VIEW_TOWN, Town():
            return target.pk in scopes.towns(Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER) or (
                target.district_id in scopes.districts(Role.DISTRICT_COORDINATOR)
            )
        case Action.MANAGE_STRATEGY, District():
            return target.pk in scopes.districts(Role.DISTRICT_COORDINATOR)
        case Action.VIEW_TOWN_DRAFTS, Town():
            return target.pk in scopes.towns(Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER)
        case Action.EDIT_TOWN_DATA, Town():
            return target.pk in scopes.towns(Role.TOWN_DIGITAL_OFFICER)
        case Action.REOPEN_RELEASE, Town():
            return target.district_id in scopes.districts(Role.DISTRICT_COORDINATOR)
        case Action.VIEW_BENCHMARK, District():
            return target.pk in scopes.districts(Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER)
        case Action.DECIDE_DUPLICATES, District():
            return target.pk in scopes.districts(Role.DISTRICT_COORDINATOR)
        case Action.VIEW_PUBLISHED_STRATEGY, District():
            return target.pk in scopes.member_districts | scopes.districts(Role.PARTNER)
        case Action.PROPOSE_MEASURE, District():
            return target.pk in scopes.districts(Role.PARTNER)
    # Everything not allowed above is denied, including operator-only actions.
    return False


def peer_names_visible(user: User | AnonymousUser | None, district: District) -> bool:
    """Whether ``user`` sees other towns' names in the district's comparisons and suggestions: the
    district's own staff always, the towns' people where the district allows it."""
    return district.towns_see_peer_names or can(user, Action.VIEW_BENCHMARK, district)


def can_edit_joint_project(user: User | AnonymousUser | None, joint_project: JointProject) -> bool:
    """The project's plan: the district's coordinators, and the lead town's digital officer."""
    if can(user, Action.MANAGE_STRATEGY, joint_project.district):
        return True
    return joint_project.lead_town is not None and can(user, Action.EDIT_TOWN_DATA, joint_project.lead_town)


def can_record_council_adoption(user: User | AnonymousUser | None, town: Town) -> bool:
    """A council's adoption of the joint strategy (D82): the town's digital officer for the town,
    the district's coordinators for any town of the district."""
    return can(user, Action.EDIT_TOWN_DATA, town) or can(user, Action.MANAGE_STRATEGY, town.district)


def can_see_town_mentoring(user: User | AnonymousUser | None, town: Town) -> bool:
    """A town's mentoring records and requests for a mentor (D97): the town's own people and the
    district's coordinators; not other towns, not the conference, not the operators."""
    return can(user, Action.VIEW_TOWN_DRAFTS, town) or can(user, Action.MANAGE_STRATEGY, town.district)


def can_see_mentorship(user: User | AnonymousUser | None, mentorship: Mentorship) -> bool:
    """A mentoring record: the people of its two towns and the district's coordinators (D97)."""
    return can_see_town_mentoring(user, mentorship.mentor_town) or can_see_town_mentoring(user, mentorship.mentee_town)


def can_update_mentorship_status(user: User | AnonymousUser | None, mentorship: Mentorship) -> bool:
    """A record's status and notes: the coordinators, and the digital officers of its two towns (D97)."""
    return (
        can(user, Action.MANAGE_STRATEGY, mentorship.district)
        or can(user, Action.EDIT_TOWN_DATA, mentorship.mentor_town)
        or can(user, Action.EDIT_TOWN_DATA, mentorship.mentee_town)
    )


def can_view_proposals(user: User | AnonymousUser | None, district: District, town: Town | None) -> bool:
    """Partners' proposals to ``town`` (None: to the district as a whole), D95: the district's
    coordinators all of them; a town's own members those to their town. (A partner sees its own
    organisation's proposals: the partners app filters them by organisation.)"""
    if can(user, Action.MANAGE_STRATEGY, district):
        return True
    return town is not None and town.district_id == district.pk and can(user, Action.VIEW_TOWN_DRAFTS, town)


def can_decide_proposal(user: User | AnonymousUser | None, district: District, town: Town | None) -> bool:
    """Accept or decline a partner's proposal (D95): one to a town its digital officer (the measure
    lands in the town's own roadmap, which only the town changes), one to the district as a whole the
    district's coordinators."""
    if town is None:
        return can(user, Action.MANAGE_STRATEGY, district)
    return town.district_id == district.pk and can(user, Action.EDIT_TOWN_DATA, town)


def districts_visible_to(user: User | AnonymousUser | None) -> QuerySet[District]:
    """The districts for which ``can(user, VIEW_DISTRICT, district)`` holds."""
    scopes = scopes_of(user)
    districts = (
        District.objects.all() if scopes.is_operator else District.objects.filter(pk__in=scopes.member_districts)
    )
    if scopes.only_district_id is not None:
        districts = districts.filter(pk=scopes.only_district_id)
    if scopes.only_town is not None:
        districts = districts.filter(pk=scopes.only_town[1])
    return districts


def partner_districts_of(user: User | AnonymousUser | None) -> QuerySet[District]:
    """The districts where ``user`` is a partner (D94; they see no district home, but their own
    notifications about the district, D106), within an API token's limit."""
    scopes = scopes_of(user)
    districts = District.objects.filter(pk__in=scopes.districts(Role.PARTNER))
    if scopes.only_district_id is not None:
        districts = districts.filter(pk=scopes.only_district_id)
    if scopes.only_town is not None:
        districts = districts.none()
    return districts


def towns_visible_to(user: User | AnonymousUser | None) -> QuerySet[Town]:
    """The towns for which ``can(user, VIEW_TOWN, town)`` holds."""
    scopes = scopes_of(user)
    towns = (
        Town.objects.all()
        if scopes.is_operator
        else Town.objects.filter(
            Q(pk__in=scopes.towns(Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER))
            | Q(district_id__in=scopes.districts(Role.DISTRICT_COORDINATOR))
        )
    )
    if scopes.only_district_id is not None:
        towns = towns.filter(district_id=scopes.only_district_id)
    if scopes.only_town is not None:
        towns = towns.filter(pk=scopes.only_town[0])
    return towns


def can_comment(user: User | AnonymousUser | None, action: Action, target: District | Town) -> bool:
    """Comments on an item (D88): whoever may see it (``action`` on ``target``, the item's own rule)
    by a role in the district or town. An operator reads what the page shows, as everywhere, but
    does not join the conversation: commenting is a content action."""
    scopes = scopes_of(user)
    return scopes.within(action, target) and _by_role(scopes, action, target)


def can_change_comment(
    user: User | AnonymousUser | None, *, author_id: int, moderated_by: District | None = None
) -> bool:
    """Editing is the author's alone; deleting too, except that the district's coordinators may remove
    a comment on one of the district's own items (``moderated_by``: its joint projects and flags, D88)."""
    if user is not None and user.is_authenticated and user.pk == author_id:
        return True
    return moderated_by is not None and can(user, Action.MANAGE_STRATEGY, moderated_by)


# Which roles give an action, in the district (district-wide roles) and in its towns (town roles):
# the reverse of the rules in can(), for lists of the people who see something. Kept beside can()
# and checked against it person by person (tests/kreisagenda/test_permissions_matrix.py).
_ROLES_FOR: dict[Action, tuple[frozenset[Role], frozenset[Role], bool]] = {
    # action: (district roles, town roles, town roles of every town of the district or only of the target town)
    Action.VIEW_DISTRICT: (
        frozenset({Role.DISTRICT_COORDINATOR, Role.CONFERENCE_MEMBER}),
        frozenset({Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER}),
        True,
    ),
    Action.VIEW_TOWN: (
        frozenset({Role.DISTRICT_COORDINATOR}),
        frozenset({Role.TOWN_DIGITAL_OFFICER, Role.TOWN_VIEWER}),
        False,
    ),
    Action.DECIDE_DUPLICATES: (frozenset({Role.DISTRICT_COORDINATOR}), frozenset(), False),
}


def people_who_can(action: Action, target: District | Town) -> QuerySet[User]:
    """Everyone whose role gives ``action`` on ``target`` (operators, who hold no role there, left out):
    the people a comment may mention. Only the actions of ``_ROLES_FOR``."""
    district_roles, town_roles, all_towns = _ROLES_FOR[action]
    district = target.district if isinstance(target, Town) else target
    where = Q(role__in=district_roles, district=district)
    if town_roles:
        if all_towns or isinstance(target, District):
            where |= Q(role__in=town_roles, town__district=district)
        else:
            where |= Q(role__in=town_roles, town=target)
    holders = Membership.objects.filter(where).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "email")
