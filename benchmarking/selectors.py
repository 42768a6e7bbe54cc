"""Reading the district's comparison, synergies and flags — from published snapshots only.

Every function here runs a fixed number of queries, however many towns there are (the benchmark
in benchmarks/comparison.py counts them). Nothing here enters a town's schema.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Count, Max, QuerySet
from kreisagenda.tenancy import database_name_active, databases

from benchmarking.models import DuplicateFlag, FlagStatus, SizeClassFigure, SizeClassYear, ThesaurusTerm
from benchmarking.procurement import CalendarEntry, CategoryCalendar, tender_windows
from benchmarking.similarity import Corpus, Item, Thesaurus, thesaurus_shipped
from benchmarking.statistics import GroupStatistics, SizeClass, Verdict, group_statistics, size_class, verdict
from publishing.hooks import category_labels
from publishing.items import SimilarPublished
from publishing.models import (
    AnswerSnapshot,
    AssessmentSnapshot,
    FieldScoreSnapshot,
    ItemSnapshot,
    ItemStage,
    PublishedItem,
    SnapshotStatus,
)
from quickcheck.models import GridField
from quickcheck.selectors import grid_campaign_latest
from roadmap.models import JointProject, JointProjectItem
from roadmap.selectors import joint_project_titles_of_town
from tenants.models import District, Town, TownKind


@dataclass(frozen=True)
class FieldResult:
    current: Decimal | None
    target: Decimal | None
    verdict: Verdict | None = None


@dataclass(frozen=True)
class TownResult:
    snapshot_id: int
    town_id: int
    name: str
    slug: str
    kind: str
    population: int
    version: int
    released_at: datetime.datetime | None
    is_sample_data: bool
    overall_current: Decimal | None
    overall_target: Decimal | None
    fields: dict[str, FieldResult]

    @property
    def size_class(self) -> SizeClass:
        return size_class(
            population=self.population, is_district_administration=self.kind == TownKind.DISTRICT_ADMINISTRATION
        )

    def strengths(self) -> list[str]:
        return [key for key, result in self.fields.items() if result.verdict == Verdict.STRENGTH]

    def weaknesses(self) -> list[str]:
        return [key for key, result in self.fields.items() if result.verdict == Verdict.WEAKNESS]


@dataclass(frozen=True)
class FieldComparison:
    key: str
    name: str
    statistics: GroupStatistics | None  # current scores of the district's towns; None below 3 towns
    target_statistics: GroupStatistics | None


@dataclass(frozen=True)
class ReleaseState:
    town: Town
    status: str | None  # SnapshotStatus, None: never released
    version: int | None
    released_at: datetime.datetime | None
    published_at: datetime.datetime | None


@dataclass(frozen=True)
class Comparison:
    district: District
    year: int
    fields: list[FieldComparison]
    towns: list[TownResult]  # released towns (not the district administration), by name
    administration: TownResult | None  # shown for information, never part of the group
    overall: GroupStatistics | None
    releases: list[ReleaseState]

    @property
    def field_names(self) -> dict[str, str]:
        return {f.key: f.name for f in self.fields}

    @property
    def unreleased(self) -> list[ReleaseState]:
        """Members without released values (not in the matrix), in the releases' order."""
        return [release for release in self.releases if release.status != SnapshotStatus.RELEASED]

    def town(self, town_id: int) -> TownResult | None:
        if self.administration is not None and self.administration.town_id == town_id:
            return self.administration
        return next((result for result in self.towns if result.town_id == town_id), None)


def _latest_snapshots(queryset: QuerySet[AssessmentSnapshot]) -> list[AssessmentSnapshot]:
    return list(queryset.order_by("town_id", "-version").distinct("town_id").select_related("town"))


def _results(snapshots: list[AssessmentSnapshot], *, using: str = DEFAULT_DB_ALIAS) -> list[TownResult]:
    """Released snapshots with their field scores (one query, on the snapshots' database)."""
    released = [s for s in snapshots if s.status == SnapshotStatus.RELEASED]
    scores: dict[int, dict[str, FieldResult]] = defaultdict(dict)
    for row in (
        FieldScoreSnapshot.objects.using(using)
        .filter(snapshot_id__in=[s.pk for s in released])
        .values_list("snapshot_id", "field_key", "current", "target")
    ):
        scores[row[0]][row[1]] = FieldResult(current=row[2], target=row[3])
    return [
        TownResult(
            snapshot_id=s.pk,
            town_id=s.town_id,
            name=s.town.name,
            slug=s.town.slug,
            kind=s.town_kind,
            population=s.population,
            version=s.version,
            released_at=s.released_at,
            is_sample_data=s.is_sample_data,
            overall_current=s.overall_current,
            overall_target=s.overall_target,
            fields=scores[s.pk],
        )
        for s in released
    ]


def _with_verdicts(result: TownResult, statistics: dict[str, GroupStatistics | None]) -> TownResult:
    return TownResult(
        **{
            **result.__dict__,
            "fields": {
                key: FieldResult(value.current, value.target, verdict(value.current, statistics.get(key)))
                for key, value in result.fields.items()
            },
        }
    )


def _field_order(district: District, year: int, snapshots_fields: set[str]) -> list[tuple[str, str]]:
    rows = list(GridField.objects.filter(grid__district=district, grid__year=year).order_by("position"))
    order = [(row.key, row.name) for row in rows]
    return [(key, name) for key, name in order if key in snapshots_fields] or [
        (key, key) for key in sorted(snapshots_fields)
    ]


def comparison_get(*, district: District, year: int) -> Comparison:
    """The district's comparison of ``year`` from the latest snapshot of each town (a fixed number of queries)."""
    towns = list(Town.objects.filter(district=district).order_by("kind", "name"))
    snapshots = _latest_snapshots(AssessmentSnapshot.objects.filter(district=district, year=year))
    results = _results(snapshots)
    members = [r for r in results if r.kind != TownKind.DISTRICT_ADMINISTRATION]
    administration = next((r for r in results if r.kind == TownKind.DISTRICT_ADMINISTRATION), None)
    keys = {key for r in results for key in r.fields}
    fields: list[FieldComparison] = []
    statistics: dict[str, GroupStatistics | None] = {}
    for key, name in _field_order(district, year, keys):
        current = [r.fields[key].current for r in members if key in r.fields and r.fields[key].current is not None]
        target = [r.fields[key].target for r in members if key in r.fields and r.fields[key].target is not None]
        statistics[key] = group_statistics(current)  # type: ignore[arg-type]
        fields.append(
            FieldComparison(key=key, name=name, statistics=statistics[key], target_statistics=group_statistics(target))  # type: ignore[arg-type]
        )
    by_town = {s.town_id: s for s in snapshots}
    return Comparison(
        district=district,
        year=year,
        fields=fields,
        towns=sorted((_with_verdicts(r, statistics) for r in members), key=lambda r: r.name),
        administration=administration,
        overall=group_statistics([r.overall_current for r in members if r.overall_current is not None]),
        releases=[
            ReleaseState(
                town=town,
                status=by_town[town.pk].status if town.pk in by_town else None,
                version=by_town[town.pk].version if town.pk in by_town else None,
                released_at=by_town[town.pk].released_at if town.pk in by_town else None,
                published_at=by_town[town.pk].published_at if town.pk in by_town else None,
            )
            for town in towns
        ],
    )


@dataclass(frozen=True)
class SizeClassComparison:
    size_class: SizeClass
    n: int
    district_count: int
    overall: GroupStatistics | None
    fields: dict[str, GroupStatistics | None]
    field_counts: dict[str, int]  # towns of the class with a value in the field (also where too few to show)


def size_class_comparison(*, year: int, min_districts: int = 2) -> dict[SizeClass, SizeClassComparison] | None:
    """Towns of every district, grouped by size class, fields matched by key. None with fewer than
    ``min_districts`` districts (the district page's comparison across districts needs two, D26; a
    town's position compares its size class with one, D79).

    Read from the figures stored when a Quick Check was published (D105): two queries, however many
    towns the installation has. Before they are first stored (a year published before D105, until the
    reconciliation has run) they are computed from the snapshots, as the publish step does.
    Aggregates only: towns of other districts are never named.
    """
    stored = SizeClassYear.objects.filter(year=year).first()
    if stored is None:
        computed = size_class_comparison_compute(year=year)
        if computed.released_districts < min_districts:
            return None
        return computed.by_size_class
    if stored.released_districts < min_districts:
        return None
    # Stored figures change only with a refresh, which stamps computed_at: one query per request, not two.
    key = (database_name_active(), stored.pk, stored.computed_at)
    if _size_class_built.get(year, (None, {}))[0] != key:
        _size_class_built[year] = (key, _size_class_build(stored))
    return dict(_size_class_built[year][1])


# Per process, per campaign year: the stored figures' stamp and the comparisons built from them.
_size_class_built: dict[int, tuple[object, dict[SizeClass, SizeClassComparison]]] = {}


def _size_class_build(stored: SizeClassYear) -> dict[SizeClass, SizeClassComparison]:
    comparisons: dict[SizeClass, SizeClassComparison] = {}
    rows = sorted(stored.figures.all(), key=lambda row: (row.size_class, row.field_key))
    for size_key in dict.fromkeys(row.size_class for row in rows):
        of_size = [row for row in rows if row.size_class == size_key]
        overall = next(row for row in of_size if row.field_key == "")
        fields = [row for row in of_size if row.field_key != ""]
        comparisons[SizeClass(size_key)] = SizeClassComparison(
            size_class=SizeClass(size_key),
            n=overall.towns,
            district_count=overall.districts,
            overall=_figure_statistics(overall),
            fields={row.field_key: _figure_statistics(row) for row in fields},
            field_counts={row.field_key: row.values for row in fields},
        )
    return comparisons


def _figure_statistics(row: SizeClassFigure) -> GroupStatistics | None:
    """None where the group was below the minimum size (all five are stored together or not at all)."""
    minimum, lower, median, upper, maximum = (
        row.minimum,
        row.lower_quartile,
        row.median,
        row.upper_quartile,
        row.maximum,
    )
    if minimum is None or lower is None or median is None or upper is None or maximum is None:
        return None
    return GroupStatistics(
        n=row.values, minimum=minimum, lower_quartile=lower, median=median, upper_quartile=upper, maximum=maximum
    )


@dataclass(frozen=True)
class SizeClassComputed:
    by_size_class: dict[SizeClass, SizeClassComparison]
    released_districts: int
    snapshot_marks: dict[str, list[int]]  # per database name: [snapshots of the year, the newest one's id]


def size_class_comparison_compute(*, year: int) -> SizeClassComputed:
    """The size-class comparison of ``year`` from every district's latest snapshots, on every database of
    the installation (D107; one database in the usual case). The publish step stores it; reads take the
    stored figures."""
    groups: dict[SizeClass, list[TownResult]] = defaultdict(list)
    districts_of_class: dict[SizeClass, set[tuple[str, int]]] = defaultdict(set)
    released: set[tuple[str, int]] = set()
    marks: dict[str, list[int]] = {}
    for name, alias in databases().items():
        snapshots = _latest_snapshots(AssessmentSnapshot.objects.using(alias).filter(year=year))
        # Ids repeat across databases: a district is known by its database's name and its id.
        district_of = {s.town_id: (name, s.district_id) for s in snapshots}
        released |= {(name, s.district_id) for s in snapshots if s.status == SnapshotStatus.RELEASED}
        for result in _results(snapshots, using=alias):
            groups[result.size_class].append(result)
            districts_of_class[result.size_class].add(district_of[result.town_id])
        mark = AssessmentSnapshot.objects.using(alias).filter(year=year).aggregate(count=Count("pk"), last=Max("pk"))
        if mark["last"] is not None:
            marks[name] = [mark["count"], mark["last"]]
    comparisons = {}
    for size, members in groups.items():
        keys = {key for r in members for key in r.fields}
        values = {
            key: [r.fields[key].current for r in members if key in r.fields and r.fields[key].current is not None]
            for key in keys
        }
        comparisons[size] = SizeClassComparison(
            size_class=size,
            n=len(members),
            district_count=len(districts_of_class[size]),
            overall=group_statistics([r.overall_current for r in members if r.overall_current is not None]),
            fields={key: group_statistics(found) for key, found in values.items()},  # type: ignore[arg-type]
            field_counts={key: len(found) for key, found in values.items()},
        )
    return SizeClassComputed(by_size_class=comparisons, released_districts=len(released), snapshot_marks=marks)


def size_class_snapshot_marks() -> dict[int, dict[str, list[int]]]:
    """Per campaign year and database: how many snapshots, and the newest one's id (a new snapshot changes
    the id, a removed town's deleted ones the count): one small query per database."""
    marks: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for name, alias in databases().items():
        per_year = (
            AssessmentSnapshot.objects.using(alias)
            .values_list("year")
            .annotate(count=Count("pk"), last=Max("pk"))
            .order_by()
        )
        for year, count, last in per_year:
            marks[year][name] = [count, last]
    return marks


def size_class_years_behind() -> list[int]:
    """Campaign years whose stored size-class figures miss a snapshot published since, on any database
    (or were never stored): one small query per database and one for the stored marks."""
    stored = dict(SizeClassYear.objects.values_list("year", "snapshot_marks"))
    return sorted(year for year, marks in size_class_snapshot_marks().items() if stored.get(year) != marks)


# --- Synergies -----------------------------------------------------------------------------------

MENTORS_PER_TOWN = 2
SHARED_GAP_MIN_TOWNS = 3


@dataclass(frozen=True)
class MentorPair:
    field_key: str
    mentor: TownResult
    mentee: TownResult
    gap: Decimal
    mentor_solutions: list[str]  # what the mentor runs in the field (from its published register)


@dataclass(frozen=True)
class SharedGap:
    field_key: str
    towns: list[TownResult]
    question_code: str = ""  # set for a shared target
    target_level: int | None = None

    @property
    def is_shared_target(self) -> bool:
        return bool(self.question_code)


@dataclass(frozen=True)
class Synergies:
    mentor_pairs: list[MentorPair] = field(default_factory=list)
    shared_gaps: list[SharedGap] = field(default_factory=list)


def _solutions_in_use(district: District) -> dict[tuple[int, str], list[str]]:
    latest = ItemSnapshot.objects.filter(district=district).order_by("town_id", "-version").distinct("town_id")
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for town_id, field_key, title, product in PublishedItem.objects.filter(
        snapshot__in=latest, stage=ItemStage.IN_USE
    ).values_list("snapshot__town_id", "field_key", "title", "product"):
        found[(town_id, field_key)].append(f"{title} ({product})" if product else title)
    return found


def _mentor_pairs(comparison: Comparison, solutions: dict[tuple[int, str], list[str]]) -> list[MentorPair]:
    """Each town weak in a field with the strongest towns of that field, field by field."""
    pairs: list[MentorPair] = []
    for field_comparison in comparison.fields:
        key = field_comparison.key
        strong = sorted(
            (t for t in comparison.towns if t.fields.get(key) and t.fields[key].verdict == Verdict.STRENGTH),
            key=lambda t: (-(t.fields[key].current or 0), t.name),
        )
        pairs.extend(
            MentorPair(
                field_key=key,
                mentor=mentor,
                mentee=mentee,
                gap=(mentor.fields[key].current or Decimal(0)) - (mentee.fields[key].current or Decimal(0)),
                mentor_solutions=solutions.get((mentor.town_id, key), []),
            )
            for mentee in _weak_in(comparison, key)
            for mentor in strong[:MENTORS_PER_TOWN]
        )
    return pairs


def _weak_in(comparison: Comparison, key: str) -> list[TownResult]:
    return [t for t in comparison.towns if t.fields.get(key) and t.fields[key].verdict == Verdict.WEAKNESS]


def mentors_of(*, comparison: Comparison, town_id: int) -> list[MentorPair]:
    """The mentor pairs in which the town learns, as :func:`synergies_get` finds them, without the
    mentors' solutions: no query (a town's page names the mentor and the scores only)."""
    return [pair for pair in _mentor_pairs(comparison, solutions={}) if pair.mentee.town_id == town_id]


def synergies_get(*, comparison: Comparison) -> Synergies:
    """Mentor pairs and shared gaps, from the comparison's verdicts and the published levels (two queries)."""
    pairs = _mentor_pairs(comparison, _solutions_in_use(comparison.district))
    gaps: list[SharedGap] = []
    for field_comparison in comparison.fields:
        weak = _weak_in(comparison, field_comparison.key)
        if len(weak) >= SHARED_GAP_MIN_TOWNS:
            gaps.append(SharedGap(field_key=field_comparison.key, towns=weak))
    # Shared targets: at least 3 towns want to raise the same question to the same level.
    by_town = {t.town_id: t for t in comparison.towns}
    wanted: dict[tuple[str, str, int], list[TownResult]] = defaultdict(list)
    rows = AnswerSnapshot.objects.filter(
        snapshot_id__in=[t.snapshot_id for t in comparison.towns],
        target_level__isnull=False,
        current_level__isnull=False,
    ).values_list("snapshot__town_id", "field_key", "question_code", "current_level", "target_level")
    for town_id, field_key, code, current_level, target_level in rows:
        if target_level is not None and current_level is not None and target_level > current_level:
            wanted[(field_key, code, target_level)].append(by_town[town_id])
    order = {f.key: index for index, f in enumerate(comparison.fields)}
    for (field_key, code, level), towns in sorted(wanted.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1:])):
        if len(towns) >= SHARED_GAP_MIN_TOWNS:
            gaps.append(
                SharedGap(
                    field_key=field_key,
                    towns=sorted(towns, key=lambda t: t.name),
                    question_code=code,
                    target_level=level,
                )
            )
    return Synergies(mentor_pairs=pairs, shared_gaps=gaps)


# --- A town's position -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    name: str | None  # None: the district shows towns only unnamed peers
    current: Decimal | None
    is_self: bool


@dataclass(frozen=True)
class FieldPosition:
    field: FieldComparison
    own: FieldResult | None
    peers: list[Peer]  # with a value, highest first; then those without one (every question not applicable)
    size_class_statistics: GroupStatistics | None
    size_class_count: int = 0  # towns of the size class with a value in the field (shown when too few)


@dataclass(frozen=True)
class TownPosition:
    town: Town
    comparison: Comparison
    own: TownResult | None  # None: the town has not released (or was reopened)
    names_visible: bool
    size_class: SizeClass
    size_class_comparison: SizeClassComparison | None
    fields: list[FieldPosition]


def town_position(*, town: Town, comparison: Comparison, names_visible: bool) -> TownPosition:
    """The town against its peers. Peers' names only if ``names_visible``; never their populations.

    Give and take: a town that has not released (or whose release was reopened) sees no peers.
    """
    own = comparison.town(town.pk)
    size = size_class(
        population=town.population, is_district_administration=town.kind == TownKind.DISTRICT_ADMINISTRATION
    )
    by_size = size_class_comparison(year=comparison.year, min_districts=1) if own is not None else None
    size_comparison = by_size.get(size) if by_size else None
    is_administration = town.kind == TownKind.DISTRICT_ADMINISTRATION
    positions = []
    for field_comparison in comparison.fields if own is not None else []:
        key = field_comparison.key
        peers = (
            []
            if is_administration or field_comparison.statistics is None
            else sorted(
                (
                    Peer(
                        name=result.name if names_visible or result.town_id == town.pk else None,
                        current=result.fields[key].current,
                        is_self=result.town_id == town.pk,
                    )
                    for result in comparison.towns
                    if key in result.fields
                ),
                # A released town without a value in the field (each of its questions "not applicable")
                # comes after every value, not among the zeros.
                key=lambda peer: (peer.current is None, -(peer.current or 0), peer.name or ""),
            )
        )
        positions.append(
            FieldPosition(
                field=field_comparison,
                own=own.fields.get(key) if own else None,
                peers=peers,
                size_class_statistics=size_comparison.fields.get(key) if size_comparison else None,
                size_class_count=size_comparison.field_counts.get(key, 0) if size_comparison else 0,
            )
        )
    return TownPosition(
        town=town,
        comparison=comparison,
        own=own,
        names_visible=names_visible,
        size_class=size,
        size_class_comparison=size_comparison,
        fields=positions,
    )


# --- Flags -----------------------------------------------------------------------------------------


def flags_open(*, district: District) -> QuerySet[DuplicateFlag]:
    return DuplicateFlag.objects.filter(district=district, is_current=True, status=FlagStatus.OPEN)


def flags_decided(*, district: District, limit: int = 50) -> QuerySet[DuplicateFlag]:
    return (
        DuplicateFlag.objects.filter(district=district)
        .exclude(status=FlagStatus.OPEN)
        .select_related("joint_project")
        .order_by("-decided_at")[:limit]
    )


def flag_get(*, district: District, flag_id: int) -> DuplicateFlag | None:
    return DuplicateFlag.objects.filter(district=district, pk=flag_id).first()


def comparison_year_latest(*, district: District) -> int | None:
    """The latest campaign year with an open grid (what the district compares now)."""
    grid = grid_campaign_latest(district=district)
    return grid.year if grid else None


# --- the duplicate check's inputs -----------------------------------------------------------------


def thesaurus_of(*, district: District) -> Thesaurus:
    """The shipped thesaurus with the district's own terms."""
    terms = ThesaurusTerm.objects.filter(district=district).values_list("concept_key", "concept_label", "term")
    return thesaurus_shipped().with_terms(terms)


def thesaurus_terms_of(*, district: District) -> QuerySet[ThesaurusTerm]:
    """The district's own words, by concept."""
    return ThesaurusTerm.objects.filter(district=district).order_by("concept_label", "term")


_COMPARED_ITEMS_SQL = """
WITH latest AS (
    SELECT DISTINCT ON (s.town_id) s.id, s.town_id
    FROM {item_snapshots} s
    WHERE s.district_id = %(district)s
    ORDER BY s.town_id, s.version DESC
)
SELECT i.id, l.town_id, i.item_kind, i.field_key, i.title, i.description, i.product, i.vendor, i.category,
       i.stage, i.contract_end, j.joint_project_id
FROM {published_items} i
JOIN latest l ON l.id = i.snapshot_id
LEFT JOIN {joint_project_items} j
  ON j.town_id = l.town_id AND j.item_kind = i.item_kind AND j.item_id = i.item_id
ORDER BY i.id
"""


def compared_items(*, district: District) -> list[Item]:
    """The latest published items of each town of the district (one query), as the check reads them."""
    sql = _COMPARED_ITEMS_SQL.format(
        item_snapshots=connection.ops.quote_name(ItemSnapshot._meta.db_table),
        published_items=connection.ops.quote_name(PublishedItem._meta.db_table),
        joint_project_items=connection.ops.quote_name(JointProjectItem._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"district": district.pk})
        # The columns are selected in the order of Item's fields.
        return [Item(*row) for row in cursor.fetchall()]


def duplicate_corpus(*, district: District) -> Corpus:
    """The district's published items read by the duplicate check, with its thesaurus and place names."""
    places = [district.name, *Town.objects.filter(district=district).values_list("name", flat=True)]
    return Corpus(compared_items(district=district), thesaurus_of(district=district), place_names=places)


@dataclass(frozen=True)
class PairReason:
    """One pair of a flag as the page shows it: the two entries, the score, what matched."""

    first: str  # "Town: title"
    second: str
    similarity: Decimal
    concepts: list[str]
    words: list[str]


def flag_lead_towns(flag: DuplicateFlag) -> list[tuple[int, str]]:
    """The towns of a flag, each once (a town may have a measure and a register entry in it)."""
    towns = {item["town_id"]: item["town_name"] for item in flag.evidence["items"]}
    return sorted(towns.items(), key=lambda town: town[1])


def flag_pair_reasons(flag: DuplicateFlag) -> list[PairReason]:
    """Each pair of the flag with what matched (flags raised before the explanations show the score only)."""
    items = flag.evidence["items"]

    def name(position: int) -> str:
        return f"{items[position]['town_name']}: {items[position]['title']}"

    return [
        PairReason(
            first=name(pair["first"]),
            second=name(pair["second"]),
            similarity=Decimal(pair["similarity"]),
            concepts=list(pair.get("concepts", [])),
            words=list(pair.get("words", [])),
        )
        for pair in flag.evidence["pairs"]
    ]


# --- checking while typing ----------------------------------------------------------------------

SUGGEST_THRESHOLD = Decimal("0.25")  # a little below the flag threshold: a hint, not a flag
_CORPORA: dict[int, tuple[tuple[object, ...], Corpus]] = {}  # district id → (state, corpus), per process


def _corpus_state(district: District) -> tuple[object, ...]:
    """What the district's corpus is read from: the latest snapshots and the thesaurus (two queries)."""
    snapshots = tuple(
        ItemSnapshot.objects.filter(district=district)
        .order_by("town_id", "-version")
        .distinct("town_id")
        .values_list("id", flat=True)
    )
    terms = tuple(ThesaurusTerm.objects.filter(district=district).order_by("pk").values_list("pk", flat=True))
    return snapshots, terms


def duplicate_corpus_cached(*, district: District) -> Corpus:
    """The district's corpus, read again only when a town published or the thesaurus changed."""
    state = _corpus_state(district)
    cached = _CORPORA.get(district.pk)
    if cached is None or cached[0] != state:
        _CORPORA[district.pk] = cached = (state, duplicate_corpus(district=district))
    return cached[1]


def similar_to_draft(
    *,
    town: Town,
    title: str,
    description: str = "",
    product: str = "",
    category: str = "",
    names_visible: bool,
    limit: int = 5,
) -> list[SimilarPublished]:
    """Published items of the district's other towns and its joint projects that resemble a draft.

    Reads published data and joint projects only (public schema); the draft is not stored.
    """
    if not " ".join(f"{title} {description}".split()):
        return []
    corpus = duplicate_corpus_cached(district=town.district)
    draft = corpus.profile(
        Item(
            id=0,
            town_id=town.pk,
            kind="draft",
            field_key="",
            title=title,
            description=description,
            product=product,
            category=category,
        )
    )
    projects = {project.pk: project for project in JointProject.objects.filter(district=town.district)}
    own_projects = {pk for pk, _title in joint_project_titles_of_town(town=town)}  # led or taken part in
    names = dict(Town.objects.filter(district=town.district).values_list("pk", "name")) if names_visible else {}
    candidates: list[tuple[Item, str]] = [(item, names.get(item.town_id, "")) for item in corpus.items]
    candidates += [
        (
            Item(
                id=-project.pk,
                town_id=0,
                kind="joint_project",
                field_key=project.field_key,
                title=project.title,
                description=project.description,
                joint_project_id=project.pk,
            ),
            "",
        )
        for project in projects.values()
    ]
    matches: list[SimilarPublished] = []
    for item, town_name in candidates:
        if item.town_id == town.pk or item.stage == "inactive":
            continue
        reason = corpus.compare(draft, corpus.profiles.get(item.id) or corpus.profile(item))
        if reason.similarity < SUGGEST_THRESHOLD:
            continue
        project = projects.get(item.joint_project_id) if item.joint_project_id is not None else None
        matches.append(
            SimilarPublished(
                kind=item.kind,
                title=item.title,
                town_name=town_name,
                field_key=item.field_key,
                similarity=reason.similarity,
                concepts=reason.concepts,
                words=reason.words,
                joint_project_id=project.pk if project else None,
                joint_project_title=project.title if project else "",
                joinable=project is not None and project.pk in own_projects,
            )
        )
    return sorted(matches, key=lambda match: (-match.similarity, match.title))[:limit]


def similar_published_for_form(
    town: Town, title: str, description: str, product: str, category: str
) -> list[SimilarPublished]:
    """Receiver of ``publishing.hooks.similar_published``: what a form shows before saving."""
    names_visible = town.district.towns_see_peer_names
    return similar_to_draft(
        town=town, title=title, description=description, product=product, category=category, names_visible=names_visible
    )


# --- the procurement calendar -------------------------------------------------------------------


def procurement_calendar(*, district: District, today: datetime.date) -> list[CategoryCalendar]:
    """Per register category: the towns' live entries, windows for a joint tender, candidates
    (benchmarking.procurement). Published data only; categories with entries, earliest window first."""
    corpus = duplicate_corpus_cached(district=district)
    names = dict(Town.objects.filter(district=district).values_list("pk", "name"))
    by_category: dict[str, list[CalendarEntry]] = defaultdict(list)
    for item in corpus.items:
        category = corpus.profiles[item.id].category
        if not category or item.stage == ItemStage.INACTIVE:
            continue
        by_category[category].append(
            CalendarEntry(
                town_id=item.town_id,
                town_name=names.get(item.town_id, ""),
                title=item.title,
                kind=item.kind,
                stage=item.stage,
                field_key=item.field_key,
                contract_end=item.contract_end,
            )
        )
    weak = _weak_towns(district)
    labels: dict[str, str] = {}
    for answer in category_labels.fire():
        labels.update(answer)
    calendars = []
    for category, entries in by_category.items():
        entries.sort(key=lambda e: e.order(today))
        present = {entry.town_id for entry in entries}
        fields = {entry.field_key for entry in entries}
        candidates = sorted(
            {names[town_id] for field_key in fields for town_id in weak.get(field_key, ())}
            - {names[town_id] for town_id in present}
        )
        calendars.append(
            CategoryCalendar(
                category=category,
                label=labels.get(category, category),
                entries=entries,
                windows=tender_windows(entries, today=today),
                candidates=candidates,
            )
        )
    far = datetime.date.max
    return sorted(calendars, key=lambda c: (c.windows[0].tender_start if c.windows else far, c.label))


def _weak_towns(district: District) -> dict[str, set[int]]:
    """Field of action → towns with a weakness there in the latest comparison (released results only)."""
    year = comparison_year_latest(district=district)
    if year is None:
        return {}
    weak: dict[str, set[int]] = defaultdict(set)
    for result in comparison_get(district=district, year=year).towns:
        for key, cell in result.fields.items():
            if cell.verdict == Verdict.WEAKNESS:
                weak[key].add(result.town_id)
    return weak
