"""Proving that a refused write changed nothing: capture rows before, compare after.

A refusal (a 4xx answer, a ValidationError, a PermissionDenied) is only half the promise; the other
half is that the data are as they were. Use it like this::

    with unchanged(Membership, User):
        assert api.post(url, payload).status_code == 403

    with town_unchanged(world.town_hoexter), unchanged(AssessmentSnapshot):
        with pytest.raises(ValidationError):
            assessment_release(...)

Rows are compared as ``values()`` ordered by primary key: every column of every row, so a changed
field, an added or a removed row all show up in the assertion's diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from html.parser import HTMLParser
from pprint import pformat
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from kreisagenda.tenancy import town_schema

from benchmarking.models import DuplicateFlag
from publishing.models import (
    AnswerSnapshot,
    AssessmentSnapshot,
    FieldScoreSnapshot,
    ItemSnapshot,
    MeasureStatusSnapshot,
    PublishedItem,
)
from quickcheck.models import GridField, GridQuestion, GridVersion
from roadmap.models import JointProject, JointProjectItem, JointProjectMilestone, JointProjectTown
from shared_vision.models import FieldOfAction, Goal, GuidingPrinciple, VisionVersion
from tenants.exports import tenant_models
from tenants.models import Town

Source = type[Model] | QuerySet[Any]

# Tables of the shared schema that belong together, for ``unchanged(*GRID)`` and the like.
GRID: tuple[type[Model], ...] = (GridVersion, GridField, GridQuestion)
VISION: tuple[type[Model], ...] = (VisionVersion, GuidingPrinciple, FieldOfAction, Goal)
JOINT_PROJECTS: tuple[type[Model], ...] = (JointProject, JointProjectMilestone, JointProjectTown, JointProjectItem)
# What towns have published to their district, and what the district concluded from it.
PUBLISHED: tuple[type[Model], ...] = (
    AssessmentSnapshot,
    FieldScoreSnapshot,
    AnswerSnapshot,
    MeasureStatusSnapshot,
    ItemSnapshot,
    PublishedItem,
    DuplicateFlag,
)


def rows(source: Source) -> list[dict[str, Any]]:
    """Every row of a model (or a queryset) with every column, in primary-key order."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    return list(queryset.order_by("pk").values())


def _model(source: Source) -> type[Model]:
    return source.model if isinstance(source, QuerySet) else source


def _label(index: int, source: Source) -> str:
    filtered = " (filtered)" if isinstance(source, QuerySet) else ""
    return f"{index}: {_model(source)._meta.label}{filtered}"


def state(*sources: Source, town: Town | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of every source; read in ``town``'s schema when given (public tables stay visible there)."""
    with town_schema(town) if town is not None else nullcontext():
        return {_label(index, source): rows(source) for index, source in enumerate(sources)}


def differences(before: list[dict[str, Any]], after: list[dict[str, Any]], *, key: str) -> dict[str, list[Any]]:
    """Rows added, removed and changed (changed columns only, as before → after), matched by ``key``."""
    old = {row[key]: row for row in before}
    new = {row[key]: row for row in after}
    return {
        "added": [new[pk] for pk in sorted(new.keys() - old.keys())],
        "removed": [old[pk] for pk in sorted(old.keys() - new.keys())],
        "changed": [
            {
                key: pk,
                **{
                    column: (old[pk][column], new[pk][column])
                    for column in old[pk]
                    if old[pk][column] != new[pk][column]
                },
            }
            for pk in sorted(old.keys() & new.keys())
            if old[pk] != new[pk]
        ],
    }


@contextmanager
def unchanged(*sources: Source, town: Town | None = None) -> Iterator[None]:
    """Assert that the block leaves every row of every source exactly as it was."""
    before = state(*sources, town=town)
    yield
    after = state(*sources, town=town)
    changed = {
        label: differences(before[label], after[label], key=_model(source)._meta.pk.attname)
        for label, source in zip(before, sources, strict=True)
        if before[label] != after[label]
    }
    assert not changed, f"expected no change, found: {pformat(changed)}"


def town_models() -> list[type[Model]]:
    """Every table of a town's schema (the history, answers, focus, measures, register, link tables)."""
    return tenant_models(include_auto_created=True)


@contextmanager
def town_unchanged(town: Town) -> Iterator[None]:
    """Assert that the block leaves every table of ``town``'s schema as it was, its history included."""
    with unchanged(*town_models(), town=town):
        yield


def schema_names() -> set[str]:
    """Every schema in the database: a refused town creation or removal must leave this set as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def schemas_unchanged() -> Iterator[None]:
    """Assert that the block creates and drops no schema."""
    before = schema_names()
    yield
    assert schema_names() == before


@contextmanager
def nothing_sent_on_commit(capture: Any) -> Iterator[None]:
    """No task (e.g. a publish) is queued inside the block.

    Tasks are sent when the transaction commits, which a test's own transaction never does, so the
    snapshot tables cannot show a refused publish; the queued callbacks can. ``capture`` is
    pytest-django's ``django_capture_on_commit_callbacks`` fixture.
    """
    with capture(execute=False) as callbacks:
        yield
    assert callbacks == [], f"{len(callbacks)} Aufgabe(n) nach dem Commit eingeplant"


def api_key_for(user: Any, **limits: Any) -> str:
    """A new API key of ``user``'s own (as the page makes one): all their roles unless limited."""
    from accounts.services import ApiTokenInput, api_token_create

    _token, key = api_token_create(user=user, data=ApiTokenInput(name="Test", days=30, **limits))
    return key


class _FormValues(HTMLParser):
    """What a browser without JavaScript sends for the form with ``form_id``: every named input,
    checked boxes only, selected options, textareas' text; a name may carry several values."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.values: dict[str, list[str]] = {}
        self._inside = False
        self._select: str | None = None
        self._first_option: str | None = None  # a single select without a selected option sends its first
        self._option: tuple[str | None, bool] | None = None  # the open option: its value attribute, selected
        self._option_text = ""
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._inside = a.get("id") == self.form_id
        if not self._inside:
            return
        if tag == "option" and self._select is not None:
            self._option_end()
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
            return
        name = a.get("name")
        if not name or "disabled" in a:
            return
        if tag == "input" and a.get("type") not in ("checkbox", "radio", "submit", "button"):
            self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.values.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select":
            self._select = name
            self._first_option = None
            self._multiple = "multiple" in a
            self.values.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "option":
            self._option_end()
        elif tag == "select" and self._select is not None:
            self._option_end()
            if not self.values[self._select] and not self._multiple and self._first_option is not None:
                self.values[self._select].append(self._first_option)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _option_end(self) -> None:
        """An option without a value attribute sends its text, whitespace collapsed (as browsers do)."""
        if self._option is None or self._select is None:
            return
        given, selected = self._option
        value = given if given is not None else " ".join(self._option_text.split())
        if self._first_option is None:
            self._first_option = value
        if selected:
            self.values[self._select].append(value)
        self._option = None

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self.values[self._textarea][-1] += data.removeprefix("\n") if not self.values[self._textarea][-1] else data


def form_values(html: str, form_id: str) -> dict[str, list[str]]:
    """The values the form with ``form_id`` would send unchanged (for ``Client.post``)."""
    parser = _FormValues(form_id)
    parser.feed(html)
    return parser.values


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """Like :func:`form_values`, one value per name (the last): for forms without repeated names."""
    return {name: values[-1] if values else "" for name, values in form_values(html, form_id).items()}
