"""Writing the shared vision: drafts are edited, adopted versions are read-only, a new version starts as a copy."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import actor_label
from shared_vision.content import VisionContent
from shared_vision.models import (
    CouncilAdoption,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    VisionStatus,
    VisionVersion,
    field_key_validator,
    goal_key_validator,
)
from shared_vision.selectors import vision_content

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import District, Town


DEFINITION_LENGTH = 5000


def _require_draft(version: VisionVersion) -> None:
    if not version.is_draft:
        raise ValidationError(
            _("Fassung %(number)s ist beschlossen und schreibgeschützt. Legen Sie eine neue Fassung an.")
            % {"number": version.number}
        )


def vision_content_validate(content: VisionContent) -> None:
    """Every problem at once, keyed by where it is (``fields.3.key``), before anything is written."""
    errors: dict[str, list[str]] = {}
    if not content.title.strip():
        errors.setdefault("title", []).append(_("Der Titel fehlt."))
    seen: set[str] = set()
    for index, field_content in enumerate(content.fields, start=1):
        where = f"fields.{index}"
        try:
            field_key_validator(field_content.key)
        except ValidationError as error:
            errors.setdefault(f"{where}.key", []).extend(error.messages)
        if field_content.key in seen:
            errors.setdefault(f"{where}.key", []).append(
                _("Der Schlüssel „%(key)s“ kommt mehrfach vor.") % {"key": field_content.key}
            )
        seen.add(field_content.key)
        if not field_content.name.strip():
            errors.setdefault(f"{where}.name", []).append(_("Der Name des Handlungsfelds fehlt."))
        if len(field_content.name) > 120:
            errors.setdefault(f"{where}.name", []).append(_("Höchstens 120 Zeichen."))
        for goal_index, goal in enumerate(field_content.goals, start=1):
            if len(goal.text) > 500:
                errors.setdefault(f"{where}.goals.{goal_index}", []).append(_("Höchstens 500 Zeichen."))
            if goal.key:
                try:
                    goal_key_validator(goal.key)
                except ValidationError as error:
                    errors.setdefault(f"{where}.goals.{goal_index}", []).extend(error.messages)
    for index, principle in enumerate(content.principles, start=1):
        if len(principle) > 500:
            errors.setdefault(f"principles.{index}", []).append(_("Höchstens 500 Zeichen."))
    if len(content.definition) > DEFINITION_LENGTH:
        errors.setdefault("definition", []).append(_("Höchstens %(n)s Zeichen.") % {"n": DEFINITION_LENGTH})
    for index, challenge in enumerate(content.challenges, start=1):
        if len(challenge) > 500:
            errors.setdefault(f"challenges.{index}", []).append(_("Höchstens 500 Zeichen."))
        if "\n" in challenge or "\r" in challenge:
            errors.setdefault(f"challenges.{index}", []).append(_("Eine Herausforderung je Zeile."))
    if errors:
        raise ValidationError(errors)


_KEY_NUMBER = re.compile(r"^(?P<prefix>.+)-(?P<number>[0-9]+)\Z")


def goal_keys_assign(*, district: District, content: VisionContent) -> list[list[str]]:
    """The stable key of every goal of ``content`` (per field, in order; empty goals get ""), D60.

    A goal keeps the key it comes with, which must be one the district's vision has had (so a
    removed goal can come back, and its links with it). A goal without a key takes the key of the
    same text in the same field in the latest version that has it (what a form or a client that
    sends only texts leaves unchanged); otherwise it is new and gets ``<field key>-<n>``, with n
    above every number ever used for that field, so a key is never given to another goal.
    Raises ValidationError keyed ``fields.<n>.goals.<m>``.
    """
    known: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for field_key, text, key in (
        Goal.objects.filter(field__version__district=district)
        .order_by("-field__version__number", "field__position", "position")
        .values_list("field__key", "text", "key")
    ):
        known.setdefault((field_key, text), key)
        used.add(key)
    errors: dict[str, list[str]] = {}
    keys = [["" for _goal in item.goals] for item in content.fields]
    taken: set[str] = set()
    for index, item in enumerate(content.fields):
        for goal_index, goal in enumerate(item.goals):
            if not goal.key or not goal.text.strip():
                continue
            where = f"fields.{index + 1}.goals.{goal_index + 1}"
            if goal.key not in used:
                errors.setdefault(where, []).append(
                    _(
                        "Ein Ziel mit der Kennung „%(key)s“ gab es in diesem Leitbild nie. "
                        "Für ein neues Ziel die Kennung weglassen."
                    )
                    % {"key": goal.key}
                )
            elif goal.key in taken:
                errors.setdefault(where, []).append(_("Die Kennung „%(key)s“ kommt mehrfach vor.") % {"key": goal.key})
            taken.add(goal.key)
            keys[index][goal_index] = goal.key
    if errors:
        raise ValidationError(errors)
    for index, item in enumerate(content.fields):
        for goal_index, goal in enumerate(item.goals):
            same_text = known.get((item.key, goal.text.strip()))
            if not goal.key and goal.text.strip() and same_text and same_text not in taken:
                taken.add(same_text)
                keys[index][goal_index] = same_text
    numbers: dict[str, int] = {}
    for key in used | taken:
        match = _KEY_NUMBER.match(key)
        if match:
            prefix = match["prefix"]
            numbers[prefix] = max(numbers.get(prefix, 0), int(match["number"]))
    for index, item in enumerate(content.fields):
        for goal_index, goal in enumerate(item.goals):
            if not keys[index][goal_index] and goal.text.strip():
                numbers[item.key] = numbers.get(item.key, 0) + 1
                keys[index][goal_index] = f"{item.key}-{numbers[item.key]}"
    return keys


def _content_write(version: VisionVersion, content: VisionContent) -> None:
    goal_keys = goal_keys_assign(district=version.district, content=content)
    version.title = content.title.strip()
    version.vision_text = content.vision_text.strip()
    version.definition = content.definition.strip()
    version.challenges = "\n".join(line.strip() for line in content.challenges if line.strip())
    version.save(update_fields=["title", "vision_text", "definition", "challenges"])
    version.principles.all().delete()
    version.fields.all().delete()  # goals go with their field
    GuidingPrinciple.objects.bulk_create(
        GuidingPrinciple(version=version, position=position, text=text.strip())
        for position, text in enumerate(content.principles, start=1)
        if text.strip()
    )
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(
            version=version,
            key=item.key,
            position=position,
            name=item.name.strip(),
            description=item.description.strip(),
        )
        for position, item in enumerate(content.fields, start=1)
    )
    Goal.objects.bulk_create(
        Goal(field=field_row, key=key, position=position, text=text)
        for field_row, item, keys in zip(fields, content.fields, goal_keys, strict=True)
        for position, (key, text) in enumerate(
            ((key, goal.text.strip()) for goal, key in zip(item.goals, keys, strict=True) if goal.text.strip()),
            start=1,
        )
    )


@transaction.atomic
def vision_draft_create(
    *, district: District, actor: User | None, content: VisionContent | None = None
) -> VisionVersion:
    """A new draft: a copy of the latest version, or ``content``, or an empty frame."""
    existing_draft = VisionVersion.objects.filter(district=district, status=VisionStatus.DRAFT).first()
    if existing_draft is not None:
        raise ValidationError(
            _("Es gibt schon einen Entwurf (Fassung %(number)s). Bearbeiten Sie diesen.")
            % {"number": existing_draft.number}
        )
    latest = VisionVersion.objects.filter(district=district).order_by("-number").first()
    if content is None:
        content = vision_content(version=latest) if latest else VisionContent(title=_("Leitbild"))
    vision_content_validate(content)
    number = (VisionVersion.objects.filter(district=district).aggregate(Max("number"))["number__max"] or 0) + 1
    version = VisionVersion.objects.create(
        district=district, number=number, title=content.title, created_by_label=actor_label(actor)
    )
    _content_write(version, content)
    return version


@transaction.atomic
def vision_draft_update(*, version: VisionVersion, content: VisionContent, actor: User | None) -> VisionVersion:
    """Replace the draft's content as a whole (what the edit page and the API send)."""
    version = VisionVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    vision_content_validate(content)
    _content_write(version, content)
    return version


@transaction.atomic
def vision_adopt(
    *,
    version: VisionVersion,
    adopted_on: datetime.date,
    decision_reference: str,
    minutes_url: str = "",
    actor: User | None,
) -> VisionVersion:
    """Record the mayors' conference's decision; from now on the version is read-only."""
    version = VisionVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    errors: dict[str, list[str]] = {}
    if not decision_reference.strip():
        errors["decision_reference"] = [_("Die Beschluss-Nr. fehlt (z. B. „920/2014-2020“).")]
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = [_("Das Beschlussdatum liegt in der Zukunft.")]
    if not version.fields.exists():
        errors["fields"] = [_("Ein Leitbild ohne Handlungsfelder kann nicht beschlossen werden.")]
    if errors:
        raise ValidationError(errors)
    version.status = VisionStatus.ADOPTED
    version.adopted_on = adopted_on
    version.decision_reference = decision_reference.strip()
    version.minutes_url = minutes_url.strip()
    version.recorded_by_label = actor_label(actor)
    version.full_clean(exclude=["district"])
    version.save()
    return version


_council_link_validator = URLValidator(schemes=["http", "https"])


@transaction.atomic
def council_adoption_record(
    *,
    town: Town,
    version: VisionVersion,
    adopted_on: datetime.date | None,
    decision_number: str,
    link: str = "",
    actor: User | None,
) -> CouncilAdoption:
    """Record (or correct) the town council's adoption of ``version`` of the joint strategy (D82).

    Callers have checked that ``actor`` may record for ``town``
    (``kreisagenda.permissions.can_record_council_adoption``). Every problem at once, keyed by field.
    """
    errors: dict[str, list[str]] = {}
    if version.district_id != town.district_id:
        errors["version"] = [_("Die Fassung gehört zum Leitbild eines anderen Kreises.")]
    elif version.is_draft:
        errors["version"] = [_("Ein Rat kann nur eine beschlossene Fassung des Leitbilds übernehmen.")]
    if adopted_on is None:
        errors["adopted_on"] = [_("Das Datum des Ratsbeschlusses fehlt.")]
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = [_("Das Datum des Ratsbeschlusses liegt in der Zukunft.")]
    number = decision_number.strip()
    if not number:
        errors["decision_number"] = [_("Die Beschluss-Nr. des Rats fehlt.")]
    elif len(number) > 64:
        errors["decision_number"] = [_("Höchstens %(n)s Zeichen.") % {"n": 64}]
    link = link.strip()
    if link:
        try:
            _council_link_validator(link)
        except ValidationError:
            errors["link"] = [_("Der Link muss eine vollständige Adresse mit http:// oder https:// sein.")]
        if len(link) > 500:
            errors.setdefault("link", []).append(_("Höchstens %(n)s Zeichen.") % {"n": 500})
    if errors:
        raise ValidationError(errors)
    adoption, _created = CouncilAdoption.objects.update_or_create(
        town=town,
        version=version,
        defaults={
            "adopted_on": adopted_on,
            "decision_number": number,
            "link": link,
            "recorded_by_label": actor_label(actor),
        },
    )
    return adoption
