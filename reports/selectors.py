"""Reading reports, and what a report says: made from published data only (public schema).

The conference's report is its page (dashboards.selectors.conference_overview) in the form of a
council paper; a town's report holds its published scores against the district, its development
over the campaign years, its published measures and the joint projects it takes part in. A town's
drafts, priorities and local goals never appear: what a report says was released.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarking.selectors import Comparison, TownResult, comparison_get
from benchmarking.statistics import METHOD_TEXT, RULE_TEXT, VERDICT_LABELS, Verdict
from dashboards.selectors import CampaignState, ConferenceOverview, conference_overview
from quickcheck.models import GridStatus, GridVersion
from reports.content import ReportChart, ReportContent, ReportSection, ReportTable, Scored, Value
from reports.models import Report, ReportFile, ReportFormat, ReportKind, ReportStatus
from reports.svg import DotRow, HeatCell, Mark, MarkStyle, dot_plot, heatmap
from roadmap.models import JointProject, ProjectStatus
from roadmap.rules import is_delayed
from roadmap.selectors import RoadmapRow, joint_project_list, published_measure_rows
from tenants.models import District, Town

VERDICT_MARKS = {Verdict.STRENGTH: "▲", Verdict.WEAKNESS: "▼"}  # as on the comparison page and the heatmap
ORIGIN_TEXT = gettext_lazy(
    "Alle Zahlen dieses Berichts stammen aus freigegebenen und veröffentlichten Daten der Kommunen: "
    "freigegebene Quick Checks, veröffentlichte Maßnahmen und die gemeinsamen Projekte des Kreises. "
    "Entwürfe, Prioritäten und lokale Ziele der Kommunen fließen nicht ein."
)
SCORE_TEXT = gettext_lazy(
    "Werte sind Punkte von 0 bis 100: der Reifegrad im Handlungsfeld laut Quick Check. "
    "Das Quartilsband umfasst die mittlere Hälfte der Kommunen (vom unteren bis zum oberen Quartil)."
)


def reports_of(*, district: District, town: Town | None) -> QuerySet[Report]:
    """The conference's reports (``town`` None) or one town's, newest first, with their files' formats."""
    reports = Report.objects.filter(district=district)
    reports = reports.filter(town=town) if town else reports.filter(kind=ReportKind.CONFERENCE)
    # The files' names and sizes only: their content (up to megabytes each) is read on download.
    files = Prefetch("files", queryset=ReportFile.objects.defer("content").order_by("pk"))
    return reports.prefetch_related(files).select_related("requested_by")


def reports_stale(*, before: datetime.datetime) -> list[Report]:
    """Reports still waiting or being built whose build was last sent, or last reported a step, before
    ``before`` (a build that reports its steps is alive, however long it takes)."""
    waiting = (ReportStatus.QUEUED, ReportStatus.BUILDING)
    return list(
        Report.objects.filter(status__in=waiting)
        .alias(last_active=Coalesce("active_at", "requested_at"))
        .filter(last_active__lt=before)
        .order_by("pk")
    )


def report_file_get(*, report: Report, file_format: ReportFormat) -> ReportFile | None:
    return ReportFile.objects.filter(report=report, file_format=file_format).first()


# --- formatting -------------------------------------------------------------------------------------


def _score(value: Decimal | None) -> str:
    return number_format(value, 1) if value is not None else "–"


def _status(status: str) -> str:
    return str(ProjectStatus(status).label) if status in ProjectStatus.values else status


def _fields_of(row: RoadmapRow, field_names: dict[str, str]) -> str:
    return ", ".join(field_names.get(key, key) for key in row.field_keys)


def _stem(*parts: object) -> str:
    return "-".join(slugify(str(part)) for part in parts if part)


def _grids_shown(district: District) -> QuerySet[GridVersion]:
    return GridVersion.objects.filter(district=district).exclude(status=GridStatus.DRAFT).order_by("year")


def _project_rows(projects: list[JointProject]) -> list[list[Value]]:
    return [
        [
            project.title,
            project.lead_town.name if project.lead_town else "–",
            ", ".join(p.town.name for p in project.participants.all()) or "–",
            _status(project.status),
            project.progress,
            int(project.budget_estimate) if project.budget_estimate is not None else None,
        ]
        for project in projects
    ]


def _project_columns() -> list[str]:
    return [_("Projekt"), _("Federführung"), _("Beteiligte"), _("Status"), _("Fortschritt (%)"), _("Budget (€)")]


def _tabled(
    *,
    key: str,
    heading: str,
    table: ReportTable,
    empty: str = "",
    intro: Sequence[str] = (),
    always: Sequence[str] = (),
) -> ReportSection:
    """A section around one table: ``always`` said first, ``intro`` with the table, ``empty`` instead of it."""
    said = [*always, *(intro if table.rows else [empty] if empty else [])]
    return ReportSection(key=key, heading=heading, paragraphs=said, tables=[table] if table.rows else [])


# --- the conference's report -----------------------------------------------------------------------


def _release_section(overview: ConferenceOverview) -> ReportSection:
    board = overview.board
    if board.grid is None:
        return ReportSection(key="erhebung", heading=_("Stand der Erhebung"), paragraphs=[_("Keine Erhebung läuft.")])
    counts = board.counts
    state_labels = {
        CampaignState.RELEASED: _("freigegeben"),
        CampaignState.REOPENED: _("zurückgegeben, in Arbeit"),
        CampaignState.DRAFT: _("in Arbeit"),
        CampaignState.NOT_STARTED: _("noch nicht begonnen"),
    }
    rows: list[list[Value]] = [
        [
            row.town.name,
            str(state_labels[row.state]),
            date_format(timezone.localtime(row.released_at), "SHORT_DATE_FORMAT") if row.released_at else "–",
            row.completeness.percent if row.completeness else None,
        ]
        for row in board.towns
    ]
    return ReportSection(
        key="erhebung",
        heading=_("Stand der Erhebung %(year)s") % {"year": board.grid.year},
        paragraphs=[
            _("%(released)d freigegeben, %(working)d in Arbeit, %(not_started)d noch nicht begonnen.")
            % {
                "released": counts[CampaignState.RELEASED],
                "working": counts[CampaignState.DRAFT] + counts[CampaignState.REOPENED],
                "not_started": counts[CampaignState.NOT_STARTED],
            }
        ],
        tables=[
            ReportTable(
                name=_("Erhebung"),
                caption=_("Stand je Kommune"),
                columns=[_("Kommune"), _("Stand"), _("freigegeben am"), _("beantwortet (%)")],
                rows=rows,
            )
        ],
    )


def _trend_section(overview: ConferenceOverview) -> ReportSection:
    heading = _("Der Kreis über die Jahre")
    if not overview.trend:
        return ReportSection(key="verlauf", heading=heading, paragraphs=[_("Noch keine freigegebenen Erhebungen.")])
    years = [point.year for point in overview.trend]
    latest = overview.trend[-1]
    rows: list[list[Value]] = [
        [name, *[point.medians.get(key) for point in overview.trend]] for key, name in overview.field_names.items()
    ]
    rows.append([_("Gesamt"), *[point.overall for point in overview.trend]])
    rows.append([_("freigegebene Kommunen"), *[point.towns for point in overview.trend]])
    dots = [
        DotRow(
            label=name,
            marks=[
                Mark(point.medians[key], MarkStyle.LATEST if point is latest else MarkStyle.EARLIER)
                for point in overview.trend
                if key in point.medians
            ],
        )
        for key, name in overview.field_names.items()
    ]
    first = years[0]
    return ReportSection(
        key="verlauf",
        heading=heading,
        paragraphs=[_("Median der freigegebenen Städte und Gemeinden je Handlungsfeld und Erhebungsjahr.")],
        charts=[
            ReportChart(
                svg=dot_plot(
                    dots,
                    chart_id="trend",
                    title=_("Median je Handlungsfeld, %(first)s bis %(last)s") % {"first": first, "last": years[-1]},
                    description=_("Punkte von 0 bis 100; die Tabelle unter der Grafik nennt jeden Wert."),
                    legend=[(MarkStyle.EARLIER, _("frühere Jahre")), (MarkStyle.LATEST, str(latest.year))],
                )
            )
        ],
        tables=[
            ReportTable(
                name=_("Verlauf"),
                caption=_("Median je Handlungsfeld und Jahr"),
                columns=[_("Handlungsfeld"), *[str(year) for year in years]],
                rows=rows,
            )
        ],
    )


def _heatmap_section(comparison: Comparison | None) -> ReportSection:
    heading = _("Stärken und Schwächen der Kommunen")
    fields = [f for f in comparison.fields if f.statistics is not None] if comparison else []
    if comparison is None or not comparison.towns or not fields:
        return ReportSection(
            key="staerken",
            heading=heading,
            paragraphs=[_("Ein Vergleich entsteht, sobald mindestens drei Kommunen freigegeben haben.")],
        )
    cells: list[tuple[str, list[HeatCell]]] = []
    rows: list[list[Value]] = []
    for town in comparison.towns:
        town_cells = []
        texts: list[Value] = [town.name]
        for field_comparison in fields:
            result = town.fields.get(field_comparison.key)
            statistics = field_comparison.statistics
            if result is None or result.current is None or statistics is None:
                town_cells.append(HeatCell(text="–", distance=None))
                texts.append("–")
                continue
            mark = VERDICT_MARKS[result.verdict] if result.verdict else ""
            scored = Scored(
                score=result.current, mark=mark, verdict=str(VERDICT_LABELS[result.verdict]) if result.verdict else ""
            )
            written = f"{_score(result.current)}{' ' + mark if mark else ''}"
            town_cells.append(HeatCell(text=written, distance=float(result.current - statistics.median)))
            texts.append(scored)
        cells.append((town.name, town_cells))
        rows.append(texts)
    rows.append([_("Median"), *[f.statistics.median if f.statistics else None for f in fields]])
    return ReportSection(
        key="staerken",
        heading=_("Stärken und Schwächen der Kommunen %(year)s") % {"year": comparison.year},
        paragraphs=[str(RULE_TEXT)],
        charts=[
            ReportChart(
                svg=heatmap(
                    chart_id="heatmap",
                    columns=[f.name for f in fields],
                    rows=cells,
                    title=_("Werte der Kommunen je Handlungsfeld %(year)s") % {"year": comparison.year},
                    description=_(
                        "Jede Zelle nennt den Wert; ▲ Stärke, ▼ Schwäche. Lila: über dem Median des Kreises, "
                        "orange: darunter."
                    ),
                ),
                note=_("▲ Stärke, ▼ Schwäche. Lila liegt über dem Median des Kreises, orange darunter."),
            )
        ],
        tables=[
            ReportTable(
                name=_("Stärken und Schwächen"),
                caption=_("Wert je Kommune und Handlungsfeld (▲ Stärke, ▼ Schwäche)"),
                columns=[_("Kommune"), *[f.name for f in fields]],
                rows=rows,
            )
        ],
    )


def conference_report_content(
    *, district: District, meeting_date: datetime.date | None, today: datetime.date | None = None
) -> ReportContent:
    """The conference's report: its page as a council paper (a fixed number of queries per campaign year)."""
    today = today or timezone.localdate()
    overview = conference_overview(district=district)
    year = overview.board.grid.year if overview.board.grid else (overview.trend[-1].year if overview.trend else None)
    projects = overview.joint_projects
    field_names = overview.field_names
    sections = [
        _release_section(overview),
        _trend_section(overview),
        _heatmap_section(overview.comparison),
        _tabled(
            key="projekte",
            heading=_("Gemeinsame Projekte"),
            empty=_("Noch keine gemeinsamen Projekte."),
            table=ReportTable(
                name=_("Gemeinsame Projekte"),
                caption=_("Gemeinsame Projekte mit Federführung, Beteiligten, Status und Budget"),
                columns=_project_columns(),
                rows=_project_rows(projects),
            ),
        ),
        _tabled(
            key="doppelstrukturen",
            heading=_("Aus Doppelstrukturen wurden gemeinsame Projekte"),
            always=[
                _("%(count)d doppelt begonnene Vorhaben wurden zu gemeinsamen Projekten zusammengeführt.")
                % {"count": len(overview.duplicates_joined)}
            ],
            table=ReportTable(
                name=_("Doppelstrukturen"),
                caption=_("Zusammengeführte Vorhaben"),
                columns=[_("gemeinsames Projekt"), _("entschieden am")],
                rows=[
                    [
                        flag.joint_project.title if flag.joint_project else "–",
                        date_format(timezone.localtime(flag.decided_at), "SHORT_DATE_FORMAT")
                        if flag.decided_at
                        else "–",
                    ]
                    for flag in overview.duplicates_joined
                ],
            ),
        ),
        _tabled(
            key="leuchttuerme",
            heading=_("Leuchttürme"),
            empty=_("Noch keine Leuchttürme."),
            table=ReportTable(
                name=_("Leuchttürme"),
                caption=_("Leuchttürme der Kommunen und gemeinsame Leuchtturmprojekte"),
                columns=[_("Vorhaben"), _("Kommune"), _("Handlungsfeld"), _("Status"), _("Erfahrung")],
                rows=[
                    [
                        row.title,
                        row.town_name or "–",
                        _fields_of(row, field_names),
                        _status(row.status),
                        row.lesson_learned or "–",
                    ]
                    for row in overview.lighthouses
                ],
            ),
        ),
        _tabled(
            key="ziele",
            heading=_("Ziele des Leitbilds und was dafür geschieht"),
            intro=[
                _(
                    "Je Ziel: veröffentlichte Maßnahmen der Kommunen und gemeinsame Projekte, die es nennen. "
                    "Ziele ohne beides sind markiert."
                )
            ],
            empty=_("Das Leitbild hat noch keine Ziele."),
            table=ReportTable(
                name=_("Ziele"),
                caption=_("Maßnahmen und gemeinsame Projekte je Ziel des Leitbilds"),
                columns=[_("Handlungsfeld"), _("Ziel"), _("Maßnahmen"), _("gemeinsame Projekte")],
                rows=[[goal.field_name, goal.text, goal.measures, goal.joint_projects] for goal in overview.goals],
                row_headers=False,
            ),
        ),
        _method_section(),
    ]
    return ReportContent(
        title=_("Gemeinsames Lagebild der Digitalisierung"),
        kind_label=_("Sitzungsvorlage für die Bürgermeisterkonferenz"),
        district_name=district.name,
        town_name=None,
        year=year,
        meeting_date=meeting_date,
        made_on=today,
        filename_stem=_stem(_("lagebild"), district.slug, year),
        sections=sections,
    )


def _method_section() -> ReportSection:
    return ReportSection(
        key="methode",
        heading=_("Methode und Datengrundlage"),
        paragraphs=[str(ORIGIN_TEXT), str(SCORE_TEXT), str(METHOD_TEXT), str(RULE_TEXT)],
    )


# --- one town's report ------------------------------------------------------------------------------


def _own_trend_rows(released: list[tuple[Comparison, TownResult]], field_names: dict[str, str]) -> list[list[Value]]:
    """The town's current score per field of action in each released year, then its overall score."""
    rows: list[list[Value]] = [
        [name, *[own.fields[key].current if key in own.fields else None for _c, own in released]]
        for key, name in field_names.items()
    ]
    rows.append([_("Gesamt"), *[own.overall_current for _c, own in released]])
    return rows


def town_report_content(*, town: Town, today: datetime.date | None = None) -> ReportContent:
    """One town's report from published data: its scores against the district, over the years, its
    published measures and its joint projects."""
    today = today or timezone.localdate()
    district = town.district
    comparisons = [comparison_get(district=district, year=grid.year) for grid in _grids_shown(district)]
    released = [(c, own) for c in comparisons if (own := c.town(town.pk)) is not None]
    latest = released[-1] if released else None
    field_names: dict[str, str] = {}
    for comparison in comparisons:
        field_names.update(comparison.field_names)
    sections: list[ReportSection] = []
    if latest is None:
        year = comparisons[-1].year if comparisons else None
        sections.append(
            ReportSection(
                key="position",
                heading=_("Position im Kreis"),
                paragraphs=[
                    _("Die Kommune hat noch keinen Quick Check freigegeben; eigene Werte folgen mit der Freigabe.")
                ],
            )
        )
    else:
        comparison, own = latest
        year = comparison.year
        rows: list[list[Value]] = []
        dots: list[DotRow] = []
        for field_comparison in comparison.fields:
            result = own.fields.get(field_comparison.key)
            statistics = field_comparison.statistics
            rows.append(
                [
                    field_comparison.name,
                    result.current if result else None,
                    result.target if result else None,
                    statistics.median if statistics else None,
                    statistics.lower_quartile if statistics else None,
                    statistics.upper_quartile if statistics else None,
                    str(VERDICT_LABELS[result.verdict]) if result and result.verdict else "–",
                ]
            )
            marks = [Mark(statistics.median, MarkStyle.MEDIAN)] if statistics else []
            if result and result.target is not None:
                marks.append(Mark(result.target, MarkStyle.TARGET))
            if result and result.current is not None:
                marks.append(Mark(result.current, MarkStyle.CURRENT))
            dots.append(
                DotRow(
                    label=field_comparison.name,
                    marks=marks,
                    band=(statistics.lower_quartile, statistics.upper_quartile) if statistics else None,
                )
            )
        released_on = date_format(timezone.localtime(own.released_at), "SHORT_DATE_FORMAT") if own.released_at else "–"
        sections.append(
            ReportSection(
                key="position",
                heading=_("Position im Kreis %(year)s") % {"year": year},
                paragraphs=[
                    _("Quick Check %(year)s freigegeben am %(date)s (Version %(version)d).")
                    % {"year": year, "date": released_on, "version": own.version},
                    _("Gesamtwert: %(current)s (Ziel %(target)s), Median des Kreises: %(median)s.")
                    % {
                        "current": _score(own.overall_current),
                        "target": _score(own.overall_target),
                        "median": _score(comparison.overall.median if comparison.overall else None),
                    },
                ],
                charts=[
                    ReportChart(
                        svg=dot_plot(
                            dots,
                            chart_id="position",
                            title=_("%(town)s je Handlungsfeld gegen den Kreis %(year)s")
                            % {"town": town.name, "year": year},
                            description=_(
                                "Ist-Wert, Ziel und Median des Kreises mit Quartilsband, Punkte von 0 bis 100; "
                                "die Tabelle unter der Grafik nennt jeden Wert."
                            ),
                            legend=[
                                (MarkStyle.CURRENT, _("Ist")),
                                (MarkStyle.TARGET, _("Ziel")),
                                (MarkStyle.MEDIAN, _("Median")),
                                ("band", _("Quartilsband")),
                            ],
                        )
                    )
                ],
                tables=[
                    ReportTable(
                        name=_("Position"),
                        caption=_("Werte je Handlungsfeld gegen den Kreis"),
                        columns=[
                            _("Handlungsfeld"),
                            _("Ist"),
                            _("Ziel"),
                            _("Median"),
                            _("unteres Quartil"),
                            _("oberes Quartil"),
                            _("Einordnung"),
                        ],
                        rows=rows,
                    )
                ],
            )
        )
        if len(released) > 1:
            sections.append(
                ReportSection(
                    key="verlauf",
                    heading=_("Entwicklung über die Jahre"),
                    paragraphs=[_("Eigene Werte je Handlungsfeld in den freigegebenen Quick Checks.")],
                    tables=[
                        ReportTable(
                            name=_("Verlauf"),
                            caption=_("Ist-Wert je Handlungsfeld und Jahr"),
                            columns=[_("Handlungsfeld"), *[str(c.year) for c, _result in released]],
                            rows=_own_trend_rows(released, field_names),
                        )
                    ],
                )
            )
    measures = [row for row in published_measure_rows(district=district) if row.town_slug == town.slug]
    late = {m.id for m in measures if is_delayed(status=m.status, end_quarter=m.end_quarter, on=today)}
    sections.append(
        _tabled(
            key="massnahmen",
            heading=_("Maßnahmen"),
            always=[
                _(
                    "%(count)d veröffentlichte Maßnahmen, davon %(late)d verspätet (Endquartal vorbei, nicht abgeschlossen)."
                )
                % {"count": len(measures), "late": len(late)}
            ],
            table=ReportTable(
                name=_("Maßnahmen"),
                caption=_("Veröffentlichte Maßnahmen der Kommune"),
                columns=[
                    _("Maßnahme"),
                    _("Handlungsfeld"),
                    _("Status"),
                    _("Ende"),
                    _("Fortschritt (%)"),
                    _("verspätet"),
                ],
                rows=[
                    [
                        m.title,
                        _fields_of(m, field_names),
                        _status(m.status),
                        m.end_quarter or "–",
                        m.progress,
                        _("ja") if m.id in late else _("nein"),
                    ]
                    for m in measures
                ],
            ),
        )
    )
    projects = [
        project
        for project in joint_project_list(district=district)
        if project.lead_town_id == town.pk or any(p.town_id == town.pk for p in project.participants.all())
    ]
    sections.append(
        _tabled(
            key="projekte",
            heading=_("Gemeinsame Projekte mit Beteiligung der Kommune"),
            empty=_("Die Kommune ist an keinem gemeinsamen Projekt beteiligt."),
            table=ReportTable(
                name=_("Gemeinsame Projekte"),
                caption=_("Gemeinsame Projekte, die die Kommune führt oder an denen sie beteiligt ist"),
                columns=_project_columns(),
                rows=_project_rows(projects),
            ),
        )
    )
    sections.append(_method_section())
    return ReportContent(
        title=_("Digitalisierung in %(town)s") % {"town": town.name},
        kind_label=_("Bericht der Kommune"),
        district_name=district.name,
        town_name=town.name,
        year=year,
        meeting_date=None,
        made_on=today,
        filename_stem=_stem(_("bericht"), town.slug, year),
        sections=sections,
    )
