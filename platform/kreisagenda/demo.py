"""The demo district: Kreis Höxter with its district administration and ten towns, one account per role.

Seeding is idempotent: a second run finds everything in place and creates nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, OrganisationKind, Role, User
from accounts.services import membership_grant, user_create
from benchmarking.models import DuplicateFlag, FlagStatus
from benchmarking.selectors import comparison_get, synergies_get
from comments.lookups import flag_item, joint_project_item
from comments.models import DistrictComment
from comments.services import comment_post
from evidence.models import EvidenceFile
from evidence.samples import sample_pdf
from evidence.services import evidence_file_add
from kreisagenda.tenancy import town_schema
from mentoring.models import MentorRequest, Mentorship, MentorshipStatus
from mentoring.services import MentorshipInput, mentor_request_create, mentorship_create
from opendata.licences import LicenceId
from opendata.models import OpenDataSetting
from opendata.services import open_data_set
from partners.models import Proposal
from partners.services import ProposalInput, proposal_submit
from publishing.services import assessment_progress_publish, assessment_publish, items_publish
from publishing.tasks import town_items_publishable
from quickcheck.answers.evidence import answer_evidence_owner
from quickcheck.answers.samples import sample_answers_write
from quickcheck.answers.selectors import assessment_get
from quickcheck.answers.services import assessment_release
from quickcheck.grid_io import default_grid_rows
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.services import grid_close, grid_create, grid_deadline_set, grid_open
from roadmap.measures.evidence import measure_evidence_owner
from roadmap.measures.models import Measure
from roadmap.measures.samples import sample_measures_advance, sample_measures_write
from roadmap.models import Commitment, JointProject, Priority, ProjectStatus
from roadmap.rules import PlanInput
from roadmap.selectors import plan_context
from roadmap.services import joint_project_create
from shared_vision.content import default_vision_content
from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_current
from shared_vision.services import vision_adopt, vision_draft_create
from solutions.samples import sample_register_write
from solutions.selectors import solution_list
from tenants.member_import import members_import
from tenants.models import District, FederalState, Town
from tenants.services import district_create

DEMO_CSV = Path(__file__).resolve().parent / "data" / "kreis-hoexter.csv"
DEMO_DISTRICT_KEY = "05762"
DEMO_PASSWORD = "kreisagenda-demo"  # noqa: S105 - printed at start; the demo listens on loopback only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    town_slug: str = ""  # empty: the role is held in the district (or installation)
    organisation: str = ""  # partners only (D94)
    organisation_kind: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("betrieb@kreisagenda.example", "Pat Betrieb", Role.PLATFORM_OPERATOR),
    DemoAccount("koordination@kreis-hoexter.example", "Kim Koordination", Role.DISTRICT_COORDINATOR),
    DemoAccount("konferenz@kreis-hoexter.example", "Dr. Maria Landrätin", Role.CONFERENCE_MEMBER),
    DemoAccount("digital@hoexter.example", "Alex Digital (Höxter)", Role.TOWN_DIGITAL_OFFICER, "hoexter"),
    DemoAccount("buergermeister@hoexter.example", "Bürgermeister Höxter", Role.TOWN_VIEWER, "hoexter"),
    DemoAccount("digital@brakel.example", "Sam Digital (Brakel)", Role.TOWN_DIGITAL_OFFICER, "brakel"),
    DemoAccount(
        "stadtwerke@kreis-hoexter.example",
        "Robin Energie (Stadtwerke Höxter)",
        Role.PARTNER,
        organisation="Stadtwerke Höxter",
        organisation_kind=OrganisationKind.MUNICIPAL_UTILITY,
    ),
    DemoAccount(
        "digitalbeirat@kreis-hoexter.example",
        "Jo Beirat (Digitalbeirat)",
        Role.PARTNER,
        organisation="Digitalbeirat des Kreises Höxter",
        organisation_kind=OrganisationKind.DIGITAL_ADVISORY_BOARD,
    ),
)


SAMPLE_JOINT_PROJECT = PlanInput(
    title="E-Akte gemeinsam einführen",
    field_key="prozesse",
    status=ProjectStatus.PLANNED,
    priority=Priority.HIGH,
    description="Beispieldaten: gemeinsame Ausschreibung und ein gemeinsamer Betrieb der E-Akte.",
    start_quarter=f"{timezone.localdate().year}-Q1",
    end_quarter=f"{timezone.localdate().year + 2}-Q4",
    responsible_unit="Stadt Höxter, Stabsstelle Digitalisierung",
    funding_source="Förderprogramm Digitale Modellregionen (Beispiel)",
)
SAMPLE_JOINT_PROJECT_TOWNS = {"warburg": Commitment.COMMITTED, "brakel": Commitment.INTERESTED}

# Towns whose sample Quick Check stays a draft, to show the work before release:
# Brakel half answered (its officer has a demo account), Marienmünster complete but not released.
DEMO_DRAFT_COMPLETENESS = {"brakel": 0.6, "marienmuenster": 1.0}


@dataclass
class DemoSeedResult:
    district_created: bool = False
    towns_created: list[str] = field(default_factory=list)
    accounts_created: list[str] = field(default_factory=list)
    vision_adopted: bool = False
    grid_year: int | None = None
    sample_answers_for: list[str] = field(default_factory=list)
    sample_register_for: list[str] = field(default_factory=list)


def demo_seed(*, last_year: bool = True, open_data: bool = True) -> DemoSeedResult:
    """``last_year``: also last year's campaign (released), so the yearly review shows a comparison.
    ``open_data``: the district publishes open data (``/offen/kreis-hoexter/``), unless its
    coordinator has decided otherwise before.

    The shared test world leaves both out: tests that need two years or open data build them on purpose.
    """
    result = DemoSeedResult()
    district = District.objects.filter(key=DEMO_DISTRICT_KEY).first()
    if district is None:
        district = district_create(
            name="Kreis Höxter", key=DEMO_DISTRICT_KEY, federal_state=FederalState.NORDRHEIN_WESTFALEN
        )
        result.district_created = True
    with DEMO_CSV.open(encoding="utf-8", newline="") as stream:
        imported = members_import(district=district, lines=stream, source=DEMO_CSV.name, if_exists="skip")
    result.towns_created = [town.name for town in imported.created]
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(email=account.email).first()
            if user is None:
                user = user_create(email=account.email, full_name=account.full_name, password=DEMO_PASSWORD)
                result.accounts_created.append(account.email)
            if account.role == Role.PLATFORM_OPERATOR:
                membership_grant(user=user, role=account.role)
            elif account.town_slug:
                membership_grant(
                    user=user, role=account.role, town=Town.objects.get(district=district, slug=account.town_slug)
                )
            else:
                membership_grant(
                    user=user,
                    role=account.role,
                    district=district,
                    organisation=account.organisation,
                    organisation_kind=account.organisation_kind,
                )
    _strategy_seed(district, result, last_year=last_year)
    _comments_seed(district)
    if open_data and not OpenDataSetting.objects.filter(district=district).exists():
        coordinator = User.objects.get(email=DEMO_ACCOUNTS[1].email)
        open_data_set(district=district, enabled=True, licence=LicenceId.DL_BY, actor=coordinator)
    _proposal_seed(district)
    return result


def _comments_seed(district: District) -> None:
    """A short exchange on the E-Akte project and a note on one open flag, once (D88)."""
    if DistrictComment.objects.filter(district=district).exists():
        return
    people = {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    coordinator = people.get("koordination@kreis-hoexter.example")
    brakel = people.get("digital@brakel.example")
    hoexter = people.get("digital@hoexter.example")
    project = JointProject.objects.filter(district=district, title=SAMPLE_JOINT_PROJECT.title).first()
    if project is not None and coordinator and brakel and hoexter:
        item = joint_project_item(project)
        comment_post(
            item=item,
            author=coordinator,
            text="Die Unterlagen für die gemeinsame Ausschreibung liegen im Entwurf vor. "
            "Bitte ergänzen Sie bis Monatsende die Anforderungen Ihrer Verwaltung.",
            mentions=[hoexter.email, brakel.email],
        )
        comment_post(
            item=item,
            author=brakel,
            text="Brakel prüft bis zum Frühjahr, ob wir verbindlich einsteigen. "
            "Unser Vertrag für das Dokumentenmanagement läuft Ende nächsten Jahres aus.",
        )
    flag = (
        DuplicateFlag.objects.filter(district=district, is_current=True, status=FlagStatus.OPEN).order_by("pk").first()
    )
    if flag is not None and coordinator:
        comment_post(
            item=flag_item(flag, district),
            author=coordinator,
            text="Vor der Entscheidung frage ich bei beiden Kommunen nach, wann die Verträge enden.",
        )


def _proposal_seed(district: District) -> None:
    """One open proposal of the Stadtwerke to Höxter, for the partner's and the town's lists (once)."""
    partner = Membership.objects.filter(
        district=district, role=Role.PARTNER, user__email="stadtwerke@kreis-hoexter.example"
    ).first()
    vision = vision_current(district=district)
    if partner is None or vision is None or Proposal.objects.filter(district=district).exists():
        return
    field = next((f for f in vision.fields.all() if f.key == "umwelt"), None)
    if field is None:
        return
    goal = field.goals.first()
    proposal_submit(
        district=district,
        partner=partner,
        data=ProposalInput(
            title="Energiemonitoring der städtischen Gebäude mit den Stadtwerken",
            description=(
                "Beispieldaten: Die Stadtwerke statten Rathaus, Schulen und Sporthallen mit Zählern aus, "
                "die den Verbrauch stündlich übertragen, und stellen der Stadt ein gemeinsames Dashboard bereit."
            ),
            field_key=field.key,
            goal_keys=(goal.key,) if goal else (),
            town=Town.objects.get(district=district, slug="hoexter"),
        ),
    )


def _strategy_seed(district: District, result: DemoSeedResult, *, last_year: bool) -> None:
    """An adopted vision, this year's grid (campaign open) and sample answers in every town."""
    if not VisionVersion.objects.filter(district=district).exists():
        version = vision_draft_create(district=district, actor=None, content=default_vision_content())
        vision_adopt(
            version=version,
            adopted_on=datetime.date(timezone.localdate().year, 2, 12),
            decision_reference=f"BMK 4/{timezone.localdate().year}",
            minutes_url="https://www.kreis-hoexter.example/buergermeisterkonferenz/protokoll.pdf",
            actor=None,
        )
        result.vision_adopted = True
    year = timezone.localdate().year
    grid = GridVersion.objects.filter(district=district, year=year).first()
    if grid is None:
        # Two campaigns, so the yearly review has something to compare: last year's (all released,
        # the roadmap as it stood then), then this year's grid prefilled from it.
        if last_year:
            _last_year_seed(district, year - 1)
        rows = None if last_year else default_grid_rows()
        grid = grid_open(grid=grid_create(district=district, year=year, actor=None, rows=rows), actor=None)
        # The coordinator's deadline, four weeks ahead; last year's campaign, released everywhere, is closed (D66).
        grid = grid_deadline_set(grid=grid, deadline=timezone.localdate() + datetime.timedelta(days=28), actor=None)
        previous = GridVersion.objects.filter(district=district, year=year - 1).first()
        if previous is not None and previous.is_open:
            grid_close(grid=previous, actor=None)
        result.grid_year = year
    if grid.is_draft:
        return
    context = plan_context(district=district)
    joint_project_ids = dict(JointProject.objects.filter(district=district).values_list("title", "pk"))
    # Seeding, like provisioning, crosses schemas explicitly: one town after the other. It publishes
    # directly (the services also enqueue the publish task, which then finds nothing new), so the
    # district's comparison is complete before the worker has started.
    for town in Town.objects.filter(district=district, schema_status="ready").order_by("name"):
        with town_schema(town):
            with transaction.atomic():
                if assessment_get(grid=grid) is None:
                    completeness = DEMO_DRAFT_COMPLETENESS.get(town.slug, 1.0)
                    sample_answers_write(town=town, grid=grid, completeness=completeness)
                    sample_measures_advance(
                        town=town, context=context, year=year - 1, joint_project_ids=joint_project_ids
                    )
                    if town.slug not in DEMO_DRAFT_COMPLETENESS:
                        assessment_release(town=town, grid=grid, actor=None)
                    result.sample_answers_for.append(town.name)
                if not solution_list().exists() and sample_register_write(town_slug=town.slug):
                    result.sample_register_for.append(town.name)
                if town.slug == "hoexter":
                    _evidence_seed(town, grid)
            assessment_publish(town=town, grid=grid)
            assessment_progress_publish(town=town, grid=grid)
            items_publish(town=town, items=town_items_publishable())
    _mentoring_seed(district, grid.year)


def _mentoring_seed(district: District, year: int) -> None:
    """A mentoring record (the strongest town mentors Höxter where it is weak) and an open request of
    Höxter's for another weak field (or Brakel's, which has not released), from this year's synergies."""
    if Mentorship.objects.filter(district=district, is_sample_data=True).exists():
        return
    pairs = list(synergies_get(comparison=comparison_get(district=district, year=year)).mentor_pairs)
    pair = next((p for p in pairs if p.mentee.name == "Höxter"), pairs[0] if pairs else None)
    if pair is None:
        return
    towns = {t.pk: t for t in Town.objects.filter(district=district)}
    mentor, mentee = towns[pair.mentor.town_id], towns[pair.mentee.town_id]
    with transaction.atomic():
        mentorship_create(
            district=district,
            data=MentorshipInput(
                mentor_town=mentor,
                mentee_town=mentee,
                field_keys=(pair.field_key,),
                goal=f"Beispieldaten: {mentee.name} lernt von {mentor.name}, wie es dort im Handlungsfeld läuft "
                "– Hospitation, gemeinsamer Workshop, Unterlagen zum Nachnutzen.",
                status=MentorshipStatus.AGREED,
                mentor_contact_name="Jana Beispiel",
                mentor_contact_role="Digitalisierungsbeauftragte",
                mentor_contact_email=f"digital@{mentor.slug}.example",
                mentee_contact_name="Alex Digital",
                mentee_contact_role="Digitalisierungsbeauftragte:r",
                mentee_contact_email=f"digital@{mentee.slug}.example",
                starts_on=timezone.localdate().replace(day=1),
            ),
            actor=None,
            sample=True,
        )
        other = next((p for p in pairs if p.mentee.town_id == mentee.pk and p.field_key != pair.field_key), None)
        asking = mentee if other is not None else next(t for t in towns.values() if t.slug == "brakel")
        field_key = other.field_key if other is not None else pair.field_key
        if not MentorRequest.objects.filter(town=asking, field_key=field_key).exists():
            mentor_request_create(
                town=asking,
                field_key=field_key,
                message="Beispieldaten: Wir suchen eine Kommune, die uns ihr Vorgehen zeigt.",
                preferred_mentor=None,
                names_visible=False,
                actor=None,
                sample=True,
            )


def _evidence_seed(town: Town, grid: GridVersion) -> None:
    """One sample PDF on an answer of the Quick Check and one on a measure (D93), once."""
    if EvidenceFile.objects.exists():
        return
    question = GridQuestion.objects.filter(grid=grid).order_by("field__position", "position").first()
    measure = Measure.objects.order_by("title").first()
    owners = []
    if question is not None:
        owners.append((answer_evidence_owner(grid=grid, question=question), "Dienstanweisung-E-Akte.pdf"))
    if measure is not None:
        owners.append((measure_evidence_owner(measure), "Projektsteckbrief.pdf"))
    for owner, name in owners:
        content = sample_pdf(f"Beispieldaten - {owner.label}")
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        evidence_file_add(town=town, owner=owner, upload=upload, actor=None, is_sample_data=True)


def _last_year_seed(district: District, year: int) -> None:
    """Last year's campaign: every town released; the sample measures as they stood then."""
    grid = GridVersion.objects.filter(district=district, year=year).first()
    if grid is None:
        grid = grid_create(district=district, year=year, actor=None, rows=default_grid_rows())
    if grid.is_draft:
        grid = grid_open(grid=grid, actor=None)
    context = plan_context(district=district)
    towns = {t.slug: t for t in Town.objects.filter(district=district, schema_status="ready")}
    if not JointProject.objects.filter(district=district).exists() and "hoexter" in towns:
        joint_project_create(
            district=district,
            plan=SAMPLE_JOINT_PROJECT,
            context=context,
            lead_town=towns["hoexter"],
            participants={t: c for slug, c in SAMPLE_JOINT_PROJECT_TOWNS.items() if (t := towns.get(slug))},
            actor=None,
            sample=True,
        )
    joint_project_ids = dict(JointProject.objects.filter(district=district).values_list("title", "pk"))
    for town in sorted(towns.values(), key=lambda t: t.name):
        with town_schema(town):
            with transaction.atomic():
                if assessment_get(grid=grid) is None:
                    sample_answers_write(town=town, grid=grid, shift=1)
                    sample_measures_write(town=town, context=context, year=year, joint_project_ids=joint_project_ids)
                    assessment_release(town=town, grid=grid, actor=None)
            assessment_publish(town=town, grid=grid)
