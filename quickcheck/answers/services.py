"""Writing a town's Quick Check: drafts, release, reopening. The town's schema must be active.

Every change goes through here and leaves an audit entry (who, when, before → after), so the
history the town sees is complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_label, audit_record
from quickcheck.answers.hooks import answers_changed, assessment_released, assessment_reopened
from quickcheck.answers.models import Answer, Assessment, AssessmentStatus
from quickcheck.answers.selectors import AUDIT_PREFIX, assessment_view
from quickcheck.models import GridQuestion, GridVersion
from quickcheck.selectors import grid_previous

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import Town


@dataclass(frozen=True)
class AnswerInput:
    current_level: int | None = None
    target_level: int | None = None
    not_applicable: bool = False
    not_applicable_reason: str = ""
    comment: str = ""
    evidence_url: str = ""


ANSWER_FIELDS = tuple(f.name for f in fields(AnswerInput))


@dataclass(frozen=True)
class AnswerEdit:
    """One save of an answer: ``data``'s values of ``fields`` (the others stay as stored), made by
    someone who saw the answer at ``version`` (None: unknown, the write is not checked; D55).

    ``confirm``: the writer says they checked an answer taken over from last year and it stands as
    it is (D65). Without it, a save that changes nothing leaves the answer marked as unchecked.
    """

    data: AnswerInput
    fields: frozenset[str] = field(default=frozenset(ANSWER_FIELDS))
    version: int | None = None
    confirm: bool = False


@dataclass(frozen=True)
class Conflict:
    """A save that would overwrite ``fields`` of ``current``, changed since the version it was based on."""

    question: GridQuestion
    fields: tuple[str, ...]
    current: Answer

    @property
    def message(self) -> str:
        labels = ", ".join(answer_field_label(name) for name in self.fields)
        return _(
            "Die Antwort auf %(code)s wurde inzwischen geändert (%(fields)s, von %(who)s). "
            "Ihre Änderung ist nicht gespeichert."
        ) % {"code": self.question.code, "fields": labels, "who": self.current.updated_by_label or _("unbekannt")}


class AnswerConflict(Exception):  # noqa: N818 - a refusal, like Django's ValidationError
    """Saves refused because they were based on an older version of answers changed since (D55);
    nothing was written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(" ".join(conflict.message for conflict in conflicts))
        self.conflicts = conflicts


def answer_field_label(name: str) -> str:
    """A field of an answer as the page labels it (the model's verbose name)."""
    return str(getattr(Answer._meta.get_field(name), "verbose_name", name))


def answer_stored_input(answer: Answer | None) -> AnswerInput:
    """What an answer holds, as input (an answer not written yet holds the defaults)."""
    if answer is None:
        return AnswerInput()
    return AnswerInput(**{name: getattr(answer, name) for name in ANSWER_FIELDS})


def answer_input_validate(data: AnswerInput) -> dict[str, list[str]]:
    """Problems by field name; empty when ``data`` may be stored as a draft."""
    errors: dict[str, list[str]] = {}
    for name in ("current_level", "target_level"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= 4:
            errors[name] = [_("Die Stufe ist 0, 1, 2, 3 oder 4.")]
    if (
        not data.not_applicable
        and data.current_level is not None
        and data.target_level is not None
        and data.target_level < data.current_level
    ):
        errors["target_level"] = [_("Das Soll liegt unter dem Ist. Das Soll ist die Stufe, die Sie erreichen wollen.")]
    if len(data.not_applicable_reason) > 500:
        errors["not_applicable_reason"] = [_("Höchstens 500 Zeichen.")]
    if len(data.comment) > 5000:
        errors["comment"] = [_("Höchstens 5000 Zeichen.")]
    if data.evidence_url:
        if len(data.evidence_url) > 500:
            errors["evidence_url"] = [_("Höchstens 500 Zeichen.")]
        else:
            try:
                URLValidator(schemes=["http", "https"])(data.evidence_url)
            except ValidationError:
                errors["evidence_url"] = [_("Bitte eine vollständige Adresse mit http:// oder https:// angeben.")]
    return errors


def _require_running(grid: GridVersion) -> None:
    if grid.is_closed:
        raise ValidationError(
            _("Die Erhebung %(year)s ist abgeschlossen; der Quick Check kann nicht mehr geändert werden.")
            % {"year": grid.year}
        )


def _assessment_for_writing(town: Town, grid: GridVersion, *, sample: bool = False) -> Assessment:
    if grid.is_draft:
        raise ValidationError(_("Die Erhebung %(year)s ist noch nicht eröffnet.") % {"year": grid.year})
    _require_running(grid)
    assessment, created = Assessment.objects.select_for_update().get_or_create(
        grid_id=grid.pk, defaults={"year": grid.year, "is_sample_data": sample}
    )
    if created:
        _answers_carry_over(town=town, grid=grid, assessment=assessment)
    if assessment.is_released:
        raise ValidationError(
            _(
                "Der Quick Check %(year)s ist freigegeben und damit eingefroren. Änderungen erst nach Wiedereröffnung durch den Kreis."
            )
            % {"year": grid.year}
        )
    return assessment


def _answers_carry_over(*, town: Town, grid: GridVersion, assessment: Assessment) -> int:
    """Prefill from last year's answers, through the questions' "replaces" links (yearly review)."""
    previous = grid_previous(grid=grid)
    last = Assessment.objects.filter(grid_id=previous.pk).first() if previous else None
    if last is None:
        return 0
    successors = {
        q.replaces_id: q
        for q in GridQuestion.objects.filter(grid=grid, replaces__isnull=False)
        if q.applies_to(town.kind)
    }
    copies = [
        Answer(
            assessment=assessment,
            question_id=successors[old.question_id].pk,
            **{name: getattr(old, name) for name in ANSWER_FIELDS},
            carried_over_from=last.year,
            updated_by_label=old.updated_by_label,
        )
        for old in Answer.objects.filter(assessment=last, question_id__in=list(successors))
    ]
    Answer.objects.bulk_create(copies)
    if copies:
        audit_record(
            actor=None,
            action=f"{AUDIT_PREFIX}carried_over",
            summary=_("Quick Check %(year)s: %(count)s Antworten aus %(last)s übernommen – bitte prüfen")
            % {"year": grid.year, "count": len(copies), "last": last.year},
            changes={"year": grid.year, "from_year": last.year, "count": len(copies)},
        )
    return len(copies)


@transaction.atomic
def assessment_prepare(*, town: Town, grid: GridVersion) -> Assessment | None:
    """Create the town's Quick Check of an open campaign, prefilled from last year (idempotent)."""
    if not grid.is_open:
        return None
    existing = Assessment.objects.filter(grid_id=grid.pk).first()
    if existing is not None:
        return existing
    assessment = _assessment_for_writing(town, grid)
    answers_changed.fire(town, grid)
    return assessment


@dataclass
class _Write:
    """What saving one edit over the stored answer would change; nothing written yet."""

    question: GridQuestion
    answer: Answer
    after: dict[str, Any]
    changes: dict[str, list[Any]]
    conflicting: tuple[str, ...]
    confirm: bool = False


def _answer_plan(
    *, assessment: Assessment, question: GridQuestion, existing: Answer | None, edit: AnswerEdit
) -> tuple[_Write, dict[str, list[str]]]:
    """Merge ``edit`` into ``existing`` (locked by the caller): the write, its problems by field."""
    answer = existing or Answer(assessment=assessment, question_id=question.pk)
    before = answer_stored_input(existing)
    merged = replace(before, **{name: getattr(edit.data, name) for name in edit.fields})
    errors = answer_input_validate(merged)
    after = {name: getattr(merged, name) for name in ANSWER_FIELDS}
    if merged.not_applicable:  # "not applicable" carries no levels
        after["current_level"] = after["target_level"] = None
    for name in ("not_applicable_reason", "comment", "evidence_url"):
        after[name] = after[name].strip()
    changes = {
        name: [getattr(before, name), after[name]] for name in ANSWER_FIELDS if getattr(before, name) != after[name]
    }
    conflicting: tuple[str, ...] = ()
    if edit.version is not None:  # a field changed since the version the writer saw, and changed again: refused
        conflicting = tuple(name for name in changes if answer.field_versions.get(name, 0) > edit.version)
    return _Write(question, answer, after, changes, conflicting, edit.confirm), errors


def _answer_apply(*, assessment: Assessment, write: _Write, actor: User | None, audit: bool = True) -> bool:
    """Store a planned write; False when it changes nothing (no write, no history entry)."""
    answer, changes = write.answer, dict(write.changes)
    # Taken over from last year: checked once it is changed, or confirmed as it stands (D65). A save
    # that changes nothing (the whole form sent, a file with the same values) confirms nothing.
    if answer.carried_over_from is not None and (changes or write.confirm):
        changes["carried_over_from"] = [answer.carried_over_from, None]
        answer.carried_over_from = None
    if not changes:
        return False
    for name, value in write.after.items():
        setattr(answer, name, value)
    answer.version += 1
    answer.field_versions = {
        **answer.field_versions,
        **dict.fromkeys(write.changes, answer.version),
    }
    answer.updated_by_label = actor_label(actor)
    answer.save()
    if audit:
        _answer_audit(assessment=assessment, question=write.question, changes=changes, actor=actor)
    return True


def _answer_audit(
    *, assessment: Assessment, question: GridQuestion, changes: dict[str, list[Any]], actor: User | None
) -> None:
    if set(changes) == {"carried_over_from"}:
        summary = _("Quick Check %(year)s: Antwort auf %(code)s aus dem Vorjahr unverändert bestätigt")
    else:
        summary = _("Quick Check %(year)s: Antwort auf %(code)s geändert")
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}answer_changed",
        summary=summary % {"year": assessment.year, "code": question.code},
        changes={"year": assessment.year, "question": question.code, "fields": changes},
    )


def _question_check(*, town: Town, grid: GridVersion, question: GridQuestion) -> None:
    if question.grid_id != grid.pk:
        raise ValidationError(_("Die Frage gehört nicht zum Raster %(year)s.") % {"year": grid.year})
    if not question.applies_to(town.kind):
        raise ValidationError(
            _("Die Frage %(code)s gilt nicht für %(town)s.") % {"code": question.code, "town": town.name}
        )


def _edit_check(edit: AnswerEdit) -> dict[str, list[str]]:
    """Problems of the fields an edit writes, before anything is locked (the merged answer is checked again)."""
    return {name: messages for name, messages in answer_input_validate(edit.data).items() if name in edit.fields}


@transaction.atomic
def answer_save(
    *, town: Town, grid: GridVersion, question: GridQuestion, data: AnswerInput | AnswerEdit, actor: User | None
) -> Answer:
    """Save one answer as a draft (also what the page's autosave calls). Partial answers are fine.

    An ``AnswerEdit`` writes only its fields and is refused (``AnswerConflict``, nothing written) where
    it would change a field changed since its version (D55).
    """
    edit = data if isinstance(data, AnswerEdit) else AnswerEdit(data)
    _question_check(town=town, grid=grid, question=question)
    errors = _edit_check(edit)
    if errors:
        raise ValidationError(errors)
    assessment = _assessment_for_writing(town, grid)
    existing = Answer.objects.select_for_update().filter(assessment=assessment, question_id=question.pk).first()
    write, errors = _answer_plan(assessment=assessment, question=question, existing=existing, edit=edit)
    if write.conflicting:
        raise AnswerConflict([Conflict(question, write.conflicting, write.answer)])
    if errors:
        raise ValidationError(errors)
    _answer_apply(assessment=assessment, write=write, actor=actor)
    answers_changed.fire(town, grid)
    return write.answer


@transaction.atomic
def answers_save(
    *,
    town: Town,
    grid: GridVersion,
    answers: Mapping[GridQuestion, AnswerInput | AnswerEdit],
    actor: User | None,
    sample: bool = False,
) -> int:
    """Save many answers at once, all or nothing; errors keyed ``<code>.<field>``. Returns how many changed.

    Edits based on an older version are refused together (``AnswerConflict``) as ``answer_save`` refuses one.
    """
    edits = {question: item if isinstance(item, AnswerEdit) else AnswerEdit(item) for question, item in answers.items()}
    if sample:  # invented answers stand for answers someone checked
        edits = {question: replace(edit, confirm=True) for question, edit in edits.items()}
    errors: dict[str, list[str]] = {}

    def collect(question: GridQuestion, problems: dict[str, list[str]]) -> None:
        for name, messages in problems.items():
            errors[f"{question.code}.{name}"] = messages

    for question, edit in edits.items():
        try:
            _question_check(town=town, grid=grid, question=question)
        except ValidationError as error:
            errors.setdefault(question.code, []).extend(error.messages)
        collect(question, _edit_check(edit))
    if errors:
        raise ValidationError(errors)
    assessment = _assessment_for_writing(town, grid, sample=sample)
    # One query locks every answer this call may change (not one per question).
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.select_for_update().filter(
            assessment=assessment, question_id__in=[question.pk for question in edits]
        )
    }
    writes = []
    for question, edit in edits.items():
        write, problems = _answer_plan(
            assessment=assessment, question=question, existing=existing.get(question.pk), edit=edit
        )
        collect(question, problems)
        writes.append(write)
    conflicts = [Conflict(write.question, write.conflicting, write.answer) for write in writes if write.conflicting]
    if conflicts:
        raise AnswerConflict(conflicts)
    if errors:
        raise ValidationError(errors)
    # Invented demo answers get one history entry in all, not one per question.
    changed = sum(_answer_apply(assessment=assessment, write=write, actor=actor, audit=not sample) for write in writes)
    if sample:
        audit_record(
            actor=actor,
            action=f"{AUDIT_PREFIX}sample_data",
            summary=_("Quick Check %(year)s: Beispieldaten eingespielt (%(count)s Antworten)")
            % {"year": grid.year, "count": changed},
            changes={"year": grid.year},
        )
    answers_changed.fire(town, grid)
    return changed


@transaction.atomic
def assessment_release(*, town: Town, grid: GridVersion, actor: User | None) -> Assessment:
    """Release the answers to the district: needs every applicable question answered, and every
    answer taken over from last year checked (changed or confirmed, D65); freezes them."""
    assessment = _assessment_for_writing(town, grid)
    view = assessment_view(town=town, grid=grid, include_drafts=True)
    missing = [item.question.code for item in view.question_views() if not item.is_complete]
    unchecked = [item.question.code for item in view.question_views() if item.is_carried_over]
    problems = []
    if missing:
        problems.append(
            _("Noch nicht vollständig beantwortet (%(count)s): %(codes)s.")
            % {"count": len(missing), "codes": ", ".join(missing)}
        )
    if unchecked:
        problems.append(
            _(
                "Aus dem Vorjahr übernommen und noch nicht geprüft (%(count)s): %(codes)s. "
                "Bitte jede Antwort ändern oder als unverändert bestätigen."
            )
            % {"count": len(unchecked), "codes": ", ".join(unchecked)}
        )
    if problems:
        raise ValidationError(problems)
    assessment.status = AssessmentStatus.RELEASED
    assessment.released_at = timezone.now()
    assessment.released_by_label = actor_label(actor)
    assessment.save(update_fields=["status", "released_at", "released_by_label", "updated_at"])
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}released",
        summary=_("Quick Check %(year)s an den Kreis freigegeben") % {"year": grid.year},
        changes={"year": grid.year, "fields": {"status": [AssessmentStatus.DRAFT, AssessmentStatus.RELEASED]}},
    )
    # Publishing (on commit) and the roadmap's record of its measures at release listen here.
    assessment_released.fire(town, grid)
    return assessment


@transaction.atomic
def assessment_reopen(*, town: Town, grid: GridVersion, reason: str, actor: User | None) -> Assessment:
    """The district takes a release back (with a reason), so the town can correct its answers."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte einen Grund für die Wiedereröffnung angeben.")]})
    if len(reason) > 500:
        raise ValidationError({"reason": [_("Höchstens 500 Zeichen.")]})
    _require_running(grid)
    assessment = Assessment.objects.select_for_update().filter(grid_id=grid.pk).first()
    if assessment is None or not assessment.is_released:
        raise ValidationError(_("Der Quick Check %(year)s ist nicht freigegeben.") % {"year": grid.year})
    assessment.status = AssessmentStatus.DRAFT
    assessment.reopened_at = timezone.now()
    assessment.reopen_reason = reason
    assessment.save(update_fields=["status", "reopened_at", "reopen_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=f"{AUDIT_PREFIX}reopened",
        summary=_("Quick Check %(year)s wieder geöffnet: %(reason)s") % {"year": grid.year, "reason": reason},
        changes={
            "year": grid.year,
            "reason": reason,
            "fields": {"status": [AssessmentStatus.RELEASED, AssessmentStatus.DRAFT]},
        },
    )
    assessment_reopened.fire(town, grid)
    return assessment
