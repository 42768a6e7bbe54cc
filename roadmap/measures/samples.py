"""Invented measures for the demo ("Beispieldaten"), told over two years for the yearly review.

Each measure has its state at last year's release and now; quarters are relative to this year, so
the demo reads the same whatever year it is started in. One measure is late on purpose, two are
lighthouses, and Höxter's and Warburg's e-file measures belong to the sample joint project.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.measures.models import Measure
from roadmap.measures.services import MeasureInput, measure_sample_create, measure_update
from roadmap.models import Priority, ProjectStatus
from roadmap.rules import MilestoneInput, PlanContext, PlanInput, question_targets_parse
from tenants.models import Town

S = ProjectStatus
P = Priority


@dataclass(frozen=True)
class SampleMeasure:
    title: str
    field_key: str
    questions: str  # "VW-1>3, VW-2"
    priority: str
    start: int  # quarters from the first quarter of last year
    end: int
    last: tuple[str, int]  # status and progress at last year's release
    now: tuple[str, int]
    lesson: str = ""
    joint_project: str = ""  # title of the sample joint project it belongs to


SAMPLE_MEASURES: dict[str, list[SampleMeasure]] = {
    "hoexter": [
        SampleMeasure(
            "Online-Terminbuchung im Bürgerbüro",
            "verwaltung",
            "VW-4>3",
            P.HIGH,
            0,
            3,
            (S.IN_PROGRESS, 60),
            (S.DONE, 100),
            "Früh mit dem Personalrat sprechen; die Terminbuchung hat die Wartezeit halbiert.",
        ),
        SampleMeasure(
            "E-Akte in allen Fachbereichen",
            "prozesse",
            "IP-1>3, IP-2",
            P.HIGH,
            1,
            8,
            (S.PLANNED, 0),
            (S.IN_PROGRESS, 40),
            joint_project="E-Akte gemeinsam einführen",
        ),
        SampleMeasure(
            "Digitallotsen-Netzwerk aufbauen",
            "organisation",
            "OK-2>3",
            P.MEDIUM,
            0,
            4,
            (S.IN_PROGRESS, 50),
            (S.IN_PROGRESS, 80),
        ),
    ],
    "brakel": [
        SampleMeasure(
            "Ratsinformationssystem einführen", "verwaltung", "VW-2", P.HIGH, 2, 6, (S.IDEA, 0), (S.PLANNED, 0)
        ),
        SampleMeasure(
            "WLAN in Schulen ausbauen", "bildung", "BI-1>3", P.MEDIUM, 0, 3, (S.IN_PROGRESS, 30), (S.IN_PROGRESS, 70)
        ),
    ],
    "warburg": [
        SampleMeasure(
            "E-Akte einführen",
            "prozesse",
            "IP-1>3",
            P.HIGH,
            2,
            9,
            (S.IDEA, 0),
            (S.PLANNED, 0),
            joint_project="E-Akte gemeinsam einführen",
        ),
        SampleMeasure(
            "Bürgerbeteiligung online",
            "teilhabe",
            "BG-1>3, BG-2>2",
            P.MEDIUM,
            0,
            3,
            (S.IN_PROGRESS, 50),
            (S.DONE, 100),
            "Ein Beteiligungsverfahren pro Quartal reicht für den Anfang; Vorlagen des Landes sparen Zeit.",
        ),
        SampleMeasure("Smarte Parkraumsteuerung", "mobilitaet", "MO-2", P.LOW, 1, 3, (S.PLANNED, 0), (S.PAUSED, 20)),
    ],
    "bad-driburg": [
        SampleMeasure(
            "Gesundheitsportal für Kurgäste",
            "gesundheit",
            "GP-1>2",
            P.MEDIUM,
            0,
            2,
            (S.IN_PROGRESS, 40),
            (S.IN_PROGRESS, 60),
        ),
        SampleMeasure(
            "Online-Terminvergabe Bürgerbüro", "verwaltung", "VW-4>3", P.HIGH, 1, 4, (S.PLANNED, 0), (S.DONE, 100)
        ),
    ],
    "steinheim": [
        SampleMeasure(
            "IT-Notfallplan erstellen", "sicherheit", "SD-1>3", P.HIGH, 0, 2, (S.IN_PROGRESS, 50), (S.DONE, 100)
        ),
    ],
}
SAMPLE_DROPPED_NOTE = "Beispieldaten: vorerst zurückgestellt, Fördermittel abgelehnt."


def _quarter(year: int, offset: int) -> str:
    return f"{year + offset // 4}-Q{offset % 4 + 1}"


def _plan(
    sample: SampleMeasure, *, year: int, stage: tuple[str, int], joint_project_ids: dict[str, int]
) -> MeasureInput:
    status, progress = stage
    targets, _problems = question_targets_parse(sample.questions)
    lighthouse = bool(sample.lesson) and status in (S.IN_PROGRESS, S.DONE)
    return MeasureInput(
        plan=PlanInput(
            title=sample.title,
            field_key=sample.field_key,
            status=status,
            priority=sample.priority,
            description="Beispieldaten",
            question_targets=targets,
            status_note=SAMPLE_DROPPED_NOTE if status in (S.PAUSED, S.DROPPED) else "",
            start_quarter="" if status == S.IDEA else _quarter(year, sample.start),
            end_quarter="" if status == S.IDEA else _quarter(year, sample.end),
            progress=progress,
            responsible_unit="Stabsstelle Digitalisierung",
            is_lighthouse=lighthouse,
            lesson_learned=sample.lesson if lighthouse else "",
            milestones=(
                MilestoneInput(title="Auftakt", due_quarter=_quarter(year, sample.start), is_done=progress > 0),
            ),
        ),
        joint_project_id=joint_project_ids.get(sample.joint_project),
    )


def sample_measures_write(*, town: Town, context: PlanContext, year: int, joint_project_ids: dict[str, int]) -> int:
    """Last year's state of the town's sample measures (the town's schema must be active)."""
    samples = SAMPLE_MEASURES.get(town.slug, [])
    for sample in samples:
        measure_sample_create(
            town=town,
            data=_plan(sample, year=year, stage=sample.last, joint_project_ids=joint_project_ids),
            context=context,
        )
    return len(samples)


def sample_measures_advance(*, town: Town, context: PlanContext, year: int, joint_project_ids: dict[str, int]) -> int:
    """Move the sample measures on to their state now (recorded in the history like any change)."""
    by_title = {m.title: m for m in Measure.objects.filter(is_sample_data=True)}
    changed = 0
    for sample in SAMPLE_MEASURES.get(town.slug, []):
        measure = by_title.get(sample.title)
        if measure is not None and measure.status == sample.last[0]:
            data = _plan(sample, year=year, stage=sample.now, joint_project_ids=joint_project_ids)
            measure_update(town=town, measure=measure, data=data, context=context, actor=None)
            changed += 1
    return changed
