"""Writing the Quick-Check grid: editable while a draft, frozen once the campaign opens."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_label
from quickcheck.answers.tasks import campaign_prepare_task
from quickcheck.content import GridRow
from quickcheck.hooks import campaign_opened
from quickcheck.models import (
    GridField,
    GridQuestion,
    GridStatus,
    GridVersion,
    question_code_validator,
)
from quickcheck.selectors import grid_previous, grid_question_codes, grid_rows
from shared_vision.models import field_key_validator
from shared_vision.selectors import vision_current

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import District


def _require_draft(grid: GridVersion) -> None:
    if not grid.is_draft:
        raise ValidationError(
            _("Das Raster %(year)s ist eingefroren: die Erhebung ist eröffnet.") % {"year": grid.year}
        )


def _content_write(
    grid: GridVersion, rows: list[GridRow], *, previous: GridVersion | None, fields: list[tuple[str, str]] | None = None
) -> None:
    """Replace the grid's fields and questions by ``rows`` (valid, in their order).

    ``fields``: (key, name) of every field in order, also those without questions yet; by default
    the fields of the rows in the order they first appear.
    """
    grid.questions.all().delete()
    grid.fields.all().delete()
    order = fields if fields is not None else list(dict.fromkeys((row.field_key, row.field_name) for row in rows))
    field_rows = GridField.objects.bulk_create(
        GridField(grid=grid, key=key, name=name, position=position)
        for position, (key, name) in enumerate(order, start=1)
    )
    by_key = {field.key: field for field in field_rows}
    previous_ids = (
        dict(GridQuestion.objects.filter(grid=previous).values_list("code", "id")) if previous is not None else {}
    )
    positions: dict[str, int] = {}
    questions = []
    for row in rows:
        positions[row.field_key] = positions.get(row.field_key, 0) + 1
        questions.append(
            GridQuestion(
                grid=grid,
                field=by_key[row.field_key],
                code=row.code,
                position=positions[row.field_key],
                text=row.text,
                help_text=row.help_text,
                weight=row.weight,
                applicability=row.applicability,
                level_0=row.levels[0],
                level_1=row.levels[1],
                level_2=row.levels[2],
                level_3=row.levels[3],
                level_4=row.levels[4],
                replaces_id=previous_ids.get(row.replaces_code) if row.replaces_code else None,
            )
        )
    GridQuestion.objects.bulk_create(questions)


def grid_rows_validate(rows: list[GridRow], *, previous_codes: set[str]) -> dict[int, dict[str, list[str]]]:
    """Problems by row index (0-based) and field; empty when the rows can be written."""
    problems: dict[int, dict[str, list[str]]] = {}

    def add(index: int, field_name: str, message: str) -> None:
        problems.setdefault(index, {}).setdefault(field_name, []).append(message)

    seen_codes: dict[str, int] = {}
    field_names: dict[str, str] = {}
    for index, row in enumerate(rows):
        for field_name, value, limit in (
            ("code", row.code, 16),
            ("text", row.text, 500),
            ("field_name", row.field_name, 120),
        ):
            if not value.strip():
                add(index, field_name, _("Der Wert fehlt."))
            elif len(value) > limit:
                add(index, field_name, _("Höchstens %(limit)s Zeichen.") % {"limit": limit})
        for level, descriptor in enumerate(row.levels):
            if not descriptor.strip():
                add(index, f"level_{level}", _("Die Beschreibung der Stufe %(level)s fehlt.") % {"level": level})
            elif len(descriptor) > 300:
                add(index, f"level_{level}", _("Höchstens 300 Zeichen."))
        if row.weight not in (1, 2, 3):
            add(index, "weight", _("Das Gewicht ist 1, 2 oder 3."))
        if row.code in seen_codes:
            add(index, "code", _("Die Nr. „%(code)s“ kommt mehrfach vor.") % {"code": row.code})
        seen_codes.setdefault(row.code, index)
        if row.field_key in field_names and field_names[row.field_key] != row.field_name:
            add(
                index,
                "field_name",
                _("Das Handlungsfeld „%(key)s“ heißt weiter oben „%(name)s“.")
                % {"key": row.field_key, "name": field_names[row.field_key]},
            )
        field_names.setdefault(row.field_key, row.field_name)
        if row.replaces_code and row.replaces_code not in previous_codes:
            add(
                index,
                "replaces_code",
                _("Im Raster des Vorjahrs gibt es keine Frage „%(code)s“.") % {"code": row.replaces_code},
            )
    # Key and code syntax: the models' own validators say it in their words.
    for index, row in enumerate(rows):
        for field_name, validator, value in (
            ("field_key", field_key_validator, row.field_key),
            ("code", question_code_validator, row.code),
        ):
            if value:
                try:
                    validator(value)
                except ValidationError as error:
                    for message in error.messages:
                        add(index, field_name, message)
    return problems


@transaction.atomic
def grid_create(*, district: District, year: int, actor: User | None, rows: list[GridRow] | None = None) -> GridVersion:
    """A new draft grid for a campaign year.

    Without ``rows`` it starts as a copy of the latest earlier grid, each question linked to the one
    it copies (so trends stay comparable); with no earlier grid it starts with the fields of action
    of the adopted vision and no questions.
    """
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Das Jahr liegt nicht zwischen 2000 und 2100.")]})
    if GridVersion.objects.filter(district=district, year=year).exists():
        raise ValidationError({"year": [_("Für %(year)s gibt es schon ein Raster.") % {"year": year}]})
    # Grids follow one another: a new one comes after every existing one, and only after the
    # campaign of the last one is open (so nothing ever links to a grid that can still change).
    latest = GridVersion.objects.filter(district=district).order_by("-year").first()
    if latest is not None and latest.year > year:
        raise ValidationError(
            {
                "year": [
                    _("Es gibt schon ein Raster für %(latest)s; ein neues muss später liegen.")
                    % {"latest": latest.year}
                ]
            }
        )
    if latest is not None and latest.is_draft:
        raise ValidationError(
            {
                "year": [
                    _("Das Raster %(latest)s ist noch ein Entwurf. Eröffnen Sie erst dessen Erhebung.")
                    % {"latest": latest.year}
                ]
            }
        )
    previous = GridVersion.objects.filter(district=district, year__lt=year).order_by("-year").first()
    grid = GridVersion.objects.create(district=district, year=year, based_on=previous)
    if rows is None and previous is not None:
        rows = [
            replace(row, replaces_code=row.code) for row in grid_rows(grid=previous)
        ]  # each copy continues its original
    if rows is not None:
        problems = grid_rows_validate(rows, previous_codes=grid_question_codes(grid=previous))
        if problems:
            raise ValidationError(_grid_problem_messages(rows, problems))
        _content_write(grid, rows, previous=previous)
    else:  # no earlier grid: the fields of the adopted vision, questions to be written
        vision = vision_current(district=district)
        _content_write(grid, [], previous=None, fields=[(f.key, f.name) for f in vision.fields.all()] if vision else [])
    return grid


def _grid_problem_messages(rows: list[GridRow], problems: dict[int, dict[str, list[str]]]) -> list[str]:
    return [
        f"{rows[index].code or '#' + str(index + 1)} ({field_name}): {message}"
        for index, by_field in sorted(problems.items())
        for field_name, messages in by_field.items()
        for message in messages
    ]


@transaction.atomic
def grid_content_replace(*, grid: GridVersion, rows: list[GridRow]) -> GridVersion:
    """Replace all fields and questions of a draft grid (the import). Validated rows only."""
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    _require_draft(grid)
    previous = grid_previous(grid=grid)
    problems = grid_rows_validate(rows, previous_codes=grid_question_codes(grid=previous))
    if problems:
        raise ValidationError(_grid_problem_messages(rows, problems))
    _content_write(grid, rows, previous=previous)
    return grid


@transaction.atomic
def grid_question_save(*, grid: GridVersion, row: GridRow, original_code: str | None = None) -> GridQuestion:
    """Add a question (``original_code`` None) or change one; a new field of action is added on the fly."""
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    _require_draft(grid)
    rows = grid_rows(grid=grid)
    if original_code is None:
        rows.append(row)
        index = len(rows) - 1
    else:
        codes = [existing.code for existing in rows]
        if original_code not in codes:
            raise ValidationError({"code": [_("Die Frage „%(code)s“ gibt es nicht.") % {"code": original_code}]})
        index = codes.index(original_code)
        rows[index] = row
    existing_name = next((r.field_name for r in rows if r.field_key == row.field_key and r is not row), None)
    if existing_name is not None and row.field_name != existing_name:
        rows[index] = row = replace(row, field_name=existing_name)
    previous = grid_previous(grid=grid)
    problems = grid_rows_validate(rows, previous_codes=grid_question_codes(grid=previous))
    if index in problems:
        raise ValidationError(problems[index])
    if problems:  # an edit can only break its own row, but say so plainly if not
        raise ValidationError(_grid_problem_messages(rows, problems))
    # Keep the order of fields, including those still without questions; a new field comes last.
    fields = list(grid.fields.order_by("position").values_list("key", "name"))
    if row.field_key not in {key for key, _name in fields}:
        fields.append((row.field_key, row.field_name))
    _content_write(grid, _ordered(rows, fields), previous=previous, fields=fields)
    return GridQuestion.objects.get(grid=grid, code=row.code)


def _ordered(rows: list[GridRow], field_order: list[tuple[str, str]]) -> list[GridRow]:
    rank = {key: position for position, (key, _name) in enumerate(field_order)}
    return sorted(rows, key=lambda r: rank.get(r.field_key, len(rank)))  # stable: question order kept


@transaction.atomic
def grid_question_delete(*, grid: GridVersion, code: str) -> None:
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    _require_draft(grid)
    deleted, _details = GridQuestion.objects.filter(grid=grid, code=code).delete()
    if not deleted:
        raise ValidationError({"code": [_("Die Frage „%(code)s“ gibt es nicht.") % {"code": code}]})


@transaction.atomic
def grid_open(*, grid: GridVersion, actor: User | None) -> GridVersion:
    """Open the campaign: from now on the grid is frozen and towns answer it."""
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    _require_draft(grid)
    if not grid.questions.exists():
        raise ValidationError(_("Ein Raster ohne Fragen kann nicht eröffnet werden."))
    # Fields still without questions have nothing to answer: they do not go into the campaign.
    grid.fields.filter(questions__isnull=True).delete()
    grid.status = GridStatus.OPEN
    grid.opened_at = timezone.now()
    grid.opened_by_label = actor_label(actor)
    grid.save(update_fields=["status", "opened_at", "opened_by_label"])
    # The towns' Quick Checks are created in their schemas, prefilled from last year (yearly review).

    transaction.on_commit(lambda: campaign_prepare_task.delay(grid_id=grid.pk))
    campaign_opened.fire(grid, actor)
    return grid


@transaction.atomic
def grid_deadline_set(
    *, grid: GridVersion, deadline: datetime.date | None, actor: User | None, today: datetime.date | None = None
) -> GridVersion:
    """Set (or remove, with None) the date by which towns should have released (D66).

    A draft's deadline may be set ahead of the opening; a closed campaign keeps the one it had.
    """
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    if grid.is_closed:
        raise ValidationError(_("Die Erhebung %(year)s ist abgeschlossen.") % {"year": grid.year})
    today = today or timezone.localdate()
    if deadline is not None and deadline < today and deadline != grid.deadline:
        raise ValidationError({"deadline": [_("Die Frist darf nicht in der Vergangenheit liegen.")]})
    if deadline is not None and deadline.year > grid.year + 1:
        raise ValidationError(
            {
                "deadline": [
                    _("Die Frist liegt spätestens im Jahr nach dem Erhebungsjahr (%(year)s).") % {"year": grid.year + 1}
                ]
            }
        )
    grid.deadline = deadline
    grid.save(update_fields=["deadline"])
    return grid


@transaction.atomic
def grid_close(*, grid: GridVersion, actor: User | None) -> GridVersion:
    """Close the campaign (D66): from now on no town answers, releases or is reopened for this grid.

    What towns released stays published; drafts stay in the towns' schemas, unreleased.
    """
    grid = GridVersion.objects.select_for_update().get(pk=grid.pk)
    if not grid.is_open:
        raise ValidationError(
            _("Nur eine laufende Erhebung kann abgeschlossen werden (%(year)s: %(status)s).")
            % {"year": grid.year, "status": grid.get_status_display()}
        )
    grid.status = GridStatus.CLOSED
    grid.closed_at = timezone.now()
    grid.closed_by_label = actor_label(actor)
    grid.save(update_fields=["status", "closed_at", "closed_by_label"])
    return grid
