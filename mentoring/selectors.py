"""Reading mentoring records, requests, interest in joint projects, and who could mentor a town."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from benchmarking.selectors import comparison_get, comparison_year_latest
from benchmarking.statistics import Verdict
from mentoring.models import MentorRequest, Mentorship, MentorshipStatus, ProjectInterest, RequestStatus
from roadmap.models import JointProject, JointProjectTown, ProjectStatus
from tenants.models import District, Town

_RECORD_RELATED = ("district", "mentor_town", "mentee_town", "request")


def mentorships_of_district(*, district: District) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(district=district).select_related(*_RECORD_RELATED)


def mentorships_of_town(*, town: Town) -> QuerySet[Mentorship]:
    return mentorships_of_district(district=town.district).filter(Q(mentor_town=town) | Q(mentee_town=town))


def mentorship_get(*, district: District, mentorship_id: int) -> Mentorship | None:
    return mentorships_of_district(district=district).filter(pk=mentorship_id).first()


def requests_open(*, district: District) -> QuerySet[MentorRequest]:
    return MentorRequest.objects.filter(district=district, status=RequestStatus.OPEN).select_related(
        "town", "preferred_mentor"
    )


def requests_of_town(*, town: Town) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(town=town)
        .select_related("town", "preferred_mentor", "mentorship")
        .order_by("-created_at", "-pk")
    )


def open_request_fields(*, town: Town) -> set[str]:
    """Fields of action in which the town has asked for a mentor and awaits an answer."""
    return set(MentorRequest.objects.filter(town=town, status=RequestStatus.OPEN).values_list("field_key", flat=True))


def mentee_fields_running(*, town: Town) -> set[str]:
    """Fields of action in which the town already has a mentor (a record not yet completed or ended)."""
    rows = Mentorship.objects.filter(mentee_town=town).exclude(
        status__in=[MentorshipStatus.COMPLETED, MentorshipStatus.ENDED]
    )
    return {key for keys in rows.values_list("field_keys", flat=True) for key in keys}


def request_get(*, district: District, request_id: int) -> MentorRequest | None:
    return (
        MentorRequest.objects.filter(district=district, pk=request_id)
        .select_related("town", "preferred_mentor")
        .first()
    )


def interests_open(*, district: District) -> QuerySet[ProjectInterest]:
    """Towns' interest the coordination has not yet answered by adding them."""
    return ProjectInterest.objects.filter(joint_project__district=district, added_at__isnull=True).select_related(
        "joint_project", "town"
    )


def interest_get(*, district: District, interest_id: int) -> ProjectInterest | None:
    return (
        ProjectInterest.objects.filter(joint_project__district=district, pk=interest_id)
        .select_related("joint_project", "town")
        .first()
    )


def interests_of_town(*, town: Town) -> QuerySet[ProjectInterest]:
    return ProjectInterest.objects.filter(town=town).select_related("joint_project")


@dataclass(frozen=True)
class OpenProject:
    """A joint project of the district the town is not part of, and whether the town said it is interested."""

    project: JointProject
    interest: ProjectInterest | None


def projects_open_to(*, town: Town) -> list[OpenProject]:
    """Running joint projects of the town's district it does not take part in (three queries)."""
    taking_part = JointProjectTown.objects.filter(town=town).values("joint_project_id")
    interests = {interest.joint_project_id: interest for interest in interests_of_town(town=town)}
    projects = (
        JointProject.objects.filter(district_id=town.district_id)
        .exclude(pk__in=taking_part)
        .exclude(status__in=[ProjectStatus.DONE, ProjectStatus.DROPPED])
        .order_by("title")
    )
    return [OpenProject(project=project, interest=interests.get(project.pk)) for project in projects]


@dataclass(frozen=True)
class Candidate:
    """A town strong in a field (named only where the asking town sees peers' names)."""

    town_id: int
    name: str | None
    score: Decimal | None


def mentor_candidates(*, town: Town, field_key: str, names_visible: bool) -> list[Candidate]:
    """The towns with a strength in the field in the latest comparison, strongest first."""
    year = comparison_year_latest(district=town.district)
    if year is None:
        return []
    comparison = comparison_get(district=town.district, year=year)
    strong = [
        result
        for result in comparison.towns
        if result.town_id != town.pk
        and field_key in result.fields
        and result.fields[field_key].verdict == Verdict.STRENGTH
    ]
    strong.sort(key=lambda r: (-(r.fields[field_key].current or 0), r.name))
    return [
        Candidate(town_id=r.town_id, name=r.name if names_visible else None, score=r.fields[field_key].current)
        for r in strong
    ]
