"""What a district publishes as open data (D100, D101): read from published data only.

The adopted vision (``shared_vision``), the comparison's group figures of released Quick Checks
(``benchmarking``: the latest snapshot per town, groups under ``MIN_GROUP`` never shown), the joint
projects and the lighthouses (``roadmap``, from what towns published). Nothing here enters a town's
schema; no town's own value, no account, no cost, no flag and no draft is read into a dataset.

Column names are German and fixed (documented on the page and in the README): they are the
datasets' interface, so they are not translated.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from benchmarking.selectors import comparison_get
from benchmarking.statistics import MIN_GROUP
from opendata.licences import LICENCES, Licence
from opendata.models import OpenDataSetting
from publishing.models import AssessmentSnapshot, ItemSnapshot, SnapshotStatus
from roadmap.models import JointProject, ProjectStatus
from roadmap.selectors import KIND_JOINT_PROJECT, joint_project_list, joint_project_rows, lighthouses
from shared_vision.content import VisionContent
from shared_vision.models import VisionVersion
from shared_vision.selectors import vision_content, vision_current
from tenants.models import District

Value = str | int | Decimal | None

LICENCE_COLUMNS = ("Lizenz", "Lizenz-URL", "Namensnennung")


def open_data_setting(*, district: District) -> OpenDataSetting:
    """The district's setting; a district that never chose has it off, with the default licence."""
    return OpenDataSetting.objects.filter(district=district).first() or OpenDataSetting(district=district)


def open_district_get(*, slug: str) -> OpenDataSetting | None:
    """The setting of the district named ``slug`` if (and only if) it publishes open data now."""
    return OpenDataSetting.objects.select_related("district").filter(district__slug=slug, enabled=True).first()


def licence_of(setting: OpenDataSetting) -> Licence:
    return LICENCES[setting.licence]


@dataclass(frozen=True)
class Dataset:
    """One dataset: a table with fixed German column names, and the day its data last changed."""

    key: str  # the file name: leitbild, ergebnisse, gemeinsame-projekte, leuchttuerme
    title: str
    description: str
    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]
    modified: datetime.date | None

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


# --- the vision -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicVision:
    version: VisionVersion
    content: VisionContent


def public_vision(*, district: District) -> PublicVision | None:
    """The adopted vision in force; a draft is never public."""
    version = vision_current(district=district)
    return PublicVision(version=version, content=vision_content(version=version)) if version else None


def _vision_dataset(vision: PublicVision | None) -> Dataset:
    rows: list[tuple[Value, ...]] = []
    modified = None
    if vision is not None:
        number, adopted = vision.version.number, vision.version.adopted_on
        modified = adopted
        content = vision.content
        head: list[tuple[str, str]] = [("Titel", content.title), ("Vision", content.vision_text)]
        head += [("Verständnis von Digitalisierung", content.definition)]
        head += [("Herausforderung", text) for text in content.challenges]
        head += [("Grundsatz", text) for text in content.principles]
        rows += [(number, adopted.isoformat() if adopted else None, kind, "", "", text) for kind, text in head if text]
        for f in content.fields:
            rows.append(
                (number, adopted.isoformat() if adopted else None, "Handlungsfeld", f.name, f.key, f.description)
            )
            rows += [
                (number, adopted.isoformat() if adopted else None, "Ziel", f.name, goal.key, goal.text)
                for goal in f.goals
            ]
    return Dataset(
        key="leitbild",
        title="Leitbild der gemeinsamen Digitalisierungsstrategie",
        description=(
            "Die beschlossene, geltende Fassung des Leitbilds: Vision, Verständnis von Digitalisierung, "
            "Herausforderungen, Grundsätze, Handlungsfelder und Ziele."
        ),
        columns=("Fassung", "Beschlossen am", "Art", "Handlungsfeld", "Schlüssel", "Text"),
        rows=rows,
        modified=modified,
    )


# --- the results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldFigures:
    key: str
    name: str
    n: int
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal


@dataclass(frozen=True)
class YearResults:
    year: int
    fields: list[FieldFigures]
    withheld: list[str] = field(default_factory=list)  # field names whose group is below MIN_GROUP


def public_results(*, district: District) -> list[YearResults]:
    """Per year and field of action: n, quartiles and median of the released scores (the comparison's
    group, ``benchmarking.selectors.comparison_get``), newest year first. Groups below ``MIN_GROUP``
    are withheld; minimum and maximum are left out, as they are one town's value."""
    years = (
        AssessmentSnapshot.objects.filter(district=district, status=SnapshotStatus.RELEASED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    results = []
    for year in years:
        comparison = comparison_get(district=district, year=year)
        shown = [
            FieldFigures(
                key=f.key,
                name=f.name,
                n=f.statistics.n,
                lower_quartile=f.statistics.lower_quartile,
                median=f.statistics.median,
                upper_quartile=f.statistics.upper_quartile,
            )
            for f in comparison.fields
            if f.statistics is not None and f.statistics.n >= MIN_GROUP
        ]
        withheld = [f.name for f in comparison.fields if f.statistics is None]
        if shown or withheld:
            results.append(YearResults(year=year, fields=shown, withheld=withheld))
    return results


def _results_dataset(district: District, results: Sequence[YearResults]) -> Dataset:
    latest = AssessmentSnapshot.objects.filter(district=district).aggregate(latest=Max("published_at"))["latest"]
    return Dataset(
        key="ergebnisse",
        title="Ergebnisse des Quick Checks je Handlungsfeld und Jahr",
        description=(
            f"Zusammengefasste Werte der freigegebenen Quick Checks der Kommunen (Ist-Wert 0 bis 100): Anzahl, "
            f"unteres Quartil, Median und oberes Quartil je Handlungsfeld und Jahr. Gruppen mit weniger als "
            f"{MIN_GROUP} Kommunen werden nicht veröffentlicht, Werte einzelner Kommunen nie."
        ),
        columns=(
            "Jahr",
            "Handlungsfeld-Schlüssel",
            "Handlungsfeld",
            "Anzahl Kommunen",
            "Unteres Quartil",
            "Median",
            "Oberes Quartil",
        ),
        rows=[
            (result.year, f.key, f.name, f.n, f.lower_quartile, f.median, f.upper_quartile)
            for result in results
            for f in result.fields
        ],
        modified=timezone.localdate(latest) if latest else None,
    )


# --- joint projects and lighthouses ---------------------------------------------------------


@dataclass(frozen=True)
class PublicProject:
    title: str
    fields: str
    status: str
    lead_town: str
    participants: str
    start_quarter: str
    end_quarter: str


def _field_names(vision: PublicVision | None) -> dict[str, str]:
    return {f.key: f.name for f in vision.content.fields} if vision else {}


def _status_label(status: str) -> str:
    return str(ProjectStatus(status).label) if status in ProjectStatus.values else status


def public_joint_projects(*, district: District, names: dict[str, str]) -> list[PublicProject]:
    """Title, fields, status, lead and participating towns, quarters: the public record of each project."""
    return [
        PublicProject(
            title=row.title,
            fields=", ".join(names.get(key, key) for key in row.field_keys),
            status=_status_label(row.status),
            lead_town=row.town_name,
            participants=", ".join(row.participant_names),
            start_quarter=row.start_quarter,
            end_quarter=row.end_quarter,
        )
        for row in joint_project_rows(joint_project_list(district=district))
    ]


@dataclass(frozen=True)
class PublicLighthouse:
    kind: str
    town: str
    title: str
    fields: str
    status: str
    lesson_learned: str


def public_lighthouses(*, district: District, names: dict[str, str]) -> list[PublicLighthouse]:
    """The lighthouses every town of the district sees: measures the towns published as lighthouses,
    and joint projects marked as lighthouses."""
    return [
        PublicLighthouse(
            kind="Gemeinsames Projekt" if row.kind == KIND_JOINT_PROJECT else "Maßnahme einer Kommune",
            town=row.town_name,
            title=row.title,
            fields=", ".join(names.get(key, key) for key in row.field_keys),
            status=_status_label(row.status),
            lesson_learned=row.lesson_learned,
        )
        for row in lighthouses(district=district)
    ]


def _latest(*values: datetime.datetime | None) -> datetime.date | None:
    present = [value for value in values if value is not None]
    return timezone.localdate(max(present)) if present else None


# --- everything -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenData:
    district: District
    setting: OpenDataSetting
    licence: Licence
    vision: PublicVision | None
    results: list[YearResults]
    projects: list[PublicProject]
    lighthouses: list[PublicLighthouse]
    datasets: list[Dataset]
    min_group: int = MIN_GROUP

    def dataset(self, key: str) -> Dataset | None:
        return next((d for d in self.datasets if d.key == key), None)


DATASET_KEYS = ("leitbild", "ergebnisse", "gemeinsame-projekte", "leuchttuerme")


def open_data_get(*, setting: OpenDataSetting) -> OpenData:
    """All four datasets of a district that publishes open data (a fixed number of queries per year)."""
    district = setting.district
    vision = public_vision(district=district)
    names = _field_names(vision)
    results = public_results(district=district)
    projects = public_joint_projects(district=district, names=names)
    beacons = public_lighthouses(district=district, names=names)
    project_changed = JointProject.objects.filter(district=district).aggregate(latest=Max("updated_at"))["latest"]
    lighthouse_changed = JointProject.objects.filter(district=district, is_lighthouse=True).aggregate(
        latest=Max("updated_at")
    )["latest"]
    # the newest publication of any town is also the newest of the latest snapshots
    items_published = ItemSnapshot.objects.filter(district=district).aggregate(latest=Max("published_at"))["latest"]
    datasets = [
        _vision_dataset(vision),
        _results_dataset(district, results),
        Dataset(
            key="gemeinsame-projekte",
            title="Gemeinsame Projekte der Kommunen",
            description=(
                "Interkommunale Projekte des Kreises: Titel, Handlungsfelder, Status, federführende und "
                "beteiligte Kommunen, geplanter Beginn und geplantes Ende (Quartal)."
            ),
            columns=(
                "Titel",
                "Handlungsfelder",
                "Status",
                "Federführende Kommune",
                "Beteiligte Kommunen",
                "Beginn",
                "Ende",
            ),
            rows=[
                (p.title, p.fields, p.status, p.lead_town, p.participants, p.start_quarter, p.end_quarter)
                for p in projects
            ],
            modified=_latest(project_changed),
        ),
        Dataset(
            key="leuchttuerme",
            title="Leuchttürme: Maßnahmen zum Nachmachen",
            description=(
                "Maßnahmen, die Kommunen als Leuchtturm veröffentlicht haben, und gemeinsame Projekte, die als "
                "Leuchtturm markiert sind, mit der Erfahrung für andere."
            ),
            columns=("Art", "Kommune", "Titel", "Handlungsfelder", "Status", "Erfahrung für andere"),
            rows=[(b.kind, b.town, b.title, b.fields, b.status, b.lesson_learned) for b in beacons],
            modified=_latest(lighthouse_changed, items_published),
        ),
    ]
    return OpenData(
        district=district,
        setting=setting,
        licence=licence_of(setting),
        vision=vision,
        results=results,
        projects=projects,
        lighthouses=beacons,
        datasets=datasets,
    )
