"""The duplicate check over published items, and the coordinator's decisions on its flags."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from kreisagenda.tenancy import databases

from audit.services import actor_label
from benchmarking.hooks import duplicate_flags_raised
from benchmarking.models import (
    DuplicateFlag,
    FlagStatus,
    SizeClassFigure,
    SizeClassYear,
    SuggestedAction,
    ThesaurusTerm,
)
from benchmarking.selectors import (
    SizeClassComparison,
    SizeClassComputed,
    duplicate_corpus,
    size_class_comparison_compute,
    size_class_years_behind,
    thesaurus_of,
)
from benchmarking.similarity import SimilarPair, flag_groups, similar_pairs_among
from benchmarking.statistics import GroupStatistics
from publishing.items import content_hash
from publishing.models import AssessmentSnapshot, ItemStage, PublishedItem
from roadmap.models import JointProject
from roadmap.services import JoinedItem, joint_project_items_join
from tenants.models import District, Town

if TYPE_CHECKING:
    from accounts.models import User


def _suggested_action(stages: set[str], kinds: set[str]) -> SuggestedAction:
    in_use = ItemStage.IN_USE in stages
    if in_use and stages != {ItemStage.IN_USE}:
        return SuggestedAction.REUSE  # one town runs it already, the others are about to start
    if kinds == {"solution"}:
        return SuggestedAction.JOINT_PROCUREMENT  # buying (or re-buying) the same thing
    return SuggestedAction.LEAD_TOWN  # measures: one town leads, the others join


def _identity(item: PublishedItem) -> str:
    return f"{item.snapshot.town_id}:{item.item_kind}:{item.item_id}"


def _flag_content(group: list[SimilarPair], items: dict[int, PublishedItem]) -> dict[str, Any]:
    member_ids = sorted({p.first_id for p in group} | {p.second_id for p in group}, key=lambda i: _identity(items[i]))
    members = [items[i] for i in member_ids]
    position = {item_id: index for index, item_id in enumerate(member_ids)}
    return {
        "field_key": members[0].field_key,
        "member_key": content_hash(sorted(_identity(item) for item in members)),
        "fingerprint": content_hash(sorted(f"{_identity(item)}:{item.item_hash}" for item in members)),
        "similarity": max(p.similarity for p in group),
        "suggested_action": _suggested_action({m.stage for m in members}, {m.item_kind for m in members}),
        "evidence": {
            "items": [
                {
                    "town_id": item.snapshot.town_id,
                    "town_name": item.snapshot.town.name,
                    "item_kind": item.item_kind,
                    "item_id": item.item_id,
                    "title": item.title,
                    "category": item.category,
                    "product": item.product,
                    "vendor": item.vendor,
                    "stage": item.stage,
                    "contract_end": item.contract_end.isoformat() if item.contract_end else None,
                    # EUR a year as text (exact), None: not stated; for the savings estimate (D76).
                    "annual_cost": str(item.annual_cost) if item.annual_cost is not None else None,
                }
                for item in members
            ],
            "pairs": [
                {
                    "first": position[p.first_id],
                    "second": position[p.second_id],
                    "similarity": str(p.similarity),
                    # What matched, for the page: concepts of the thesaurus, then shared words.
                    "concepts": p.reason.concepts,
                    "words": p.reason.words,
                }
                for p in sorted(group, key=lambda p: (position[p.first_id], position[p.second_id]))
            ],
        },
    }


def duplicate_flags_refresh(*, district: District, today: datetime.date | None = None) -> list[DuplicateFlag]:
    """Recompute the district's flags from published items only; decisions on unchanged items stay."""
    with transaction.atomic():
        # One refresh per district at a time.
        District.objects.select_for_update(no_key=True).filter(pk=district.pk).values_list("pk", flat=True).get()
        corpus = duplicate_corpus(district=district)
        pairs = similar_pairs_among(corpus, today=today or timezone.localdate())
        ids = {p.first_id for p in pairs} | {p.second_id for p in pairs}
        items = {item.pk: item for item in PublishedItem.objects.filter(pk__in=ids).select_related("snapshot__town")}
        current: list[DuplicateFlag] = []
        raised: list[DuplicateFlag] = []
        for group in flag_groups(pairs, corpus.items):
            content = _flag_content(group, items)
            flag, created = DuplicateFlag.objects.get_or_create(
                district=district,
                member_key=content.pop("member_key"),
                fingerprint=content.pop("fingerprint"),
                defaults=content,
            )
            if created:
                raised.append(flag)
            else:
                # Same items, same content: the decision stands, but the score and the explanation
                # follow the method (a new thesaurus word, a new method version).
                changed = [name for name, value in content.items() if getattr(flag, name) != value]
                for name in changed:
                    setattr(flag, name, content[name])
                if not flag.is_current:
                    flag.is_current = True
                    changed.append("is_current")
                if changed:  # a publish that changes nothing of a flag writes nothing
                    flag.save(update_fields=changed)
            current.append(flag)
        DuplicateFlag.objects.filter(district=district, is_current=True).exclude(
            pk__in=[flag.pk for flag in current]
        ).update(is_current=False)
        if raised:
            duplicate_flags_raised.fire(district, raised)
        return current


def _decided(flag: DuplicateFlag, *, status: FlagStatus, actor: User | None, reason: str) -> None:
    flag.status = status
    flag.decided_at = timezone.now()
    flag.decided_by_label = actor_label(actor)
    flag.decision_reason = reason


def _open_flag(flag: DuplicateFlag) -> DuplicateFlag:
    locked = DuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    if locked.status != FlagStatus.OPEN or not locked.is_current:
        raise ValidationError(_("Über diesen Hinweis ist schon entschieden."))
    return locked


@transaction.atomic
def duplicate_flag_dismiss(*, flag: DuplicateFlag, reason: str, actor: User | None) -> DuplicateFlag:
    """Not a duplicated structure: stays dismissed until one of its items changes."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte begründen, warum das keine Doppelstruktur ist.")]})
    if len(reason) > 500:
        raise ValidationError({"reason": [_("Höchstens 500 Zeichen.")]})
    flag = _open_flag(flag)
    _decided(flag, status=FlagStatus.DISMISSED, actor=actor, reason=reason)
    flag.save(update_fields=["status", "decided_at", "decided_by_label", "decision_reason"])
    return flag


def duplicate_flags_refresh_on_publish(district: District, today: datetime.date | None) -> None:
    """Receiver of ``publishing.hooks.items_published``: in the publish transaction."""
    duplicate_flags_refresh(district=district, today=today)


def duplicate_flags_refresh_on_project_change(district: District) -> None:
    """Receiver of ``roadmap.hooks.joint_project_items_changed``: items of one project are no duplicates."""
    duplicate_flags_refresh(district=district)


@transaction.atomic
def duplicate_flag_confirm(
    *,
    flag: DuplicateFlag,
    actor: User | None,
    joint_project: JointProject | None = None,
    title: str = "",
    lead_town: Town | None = None,
    today: datetime.date | None = None,
) -> JointProject:
    """A duplicated structure: its items become one joint project (a new one, or ``joint_project``)."""
    flag = _open_flag(flag)
    items = [
        JoinedItem(
            town_id=item["town_id"],
            town_name=item["town_name"],
            item_kind=item["item_kind"],
            item_id=item["item_id"],
            title=item["title"],
        )
        for item in flag.evidence["items"]
    ]
    joint_project = joint_project_items_join(
        district=flag.district,
        field_key=flag.field_key,
        items=items,
        actor=actor,
        joint_project=joint_project,
        title=title,
        lead_town=lead_town,
    )
    _decided(flag, status=FlagStatus.CONFIRMED, actor=actor, reason="")
    flag.joint_project = joint_project
    flag.save(update_fields=["status", "decided_at", "decided_by_label", "decision_reason", "joint_project"])
    duplicate_flags_refresh(district=flag.district, today=today)
    return joint_project


# --- the district's thesaurus ---------------------------------------------------------------------

TERM_MAX = 120


@transaction.atomic
def thesaurus_term_add(
    *, district: District, concept_key: str, concept_label: str, term: str, actor: User | None
) -> ThesaurusTerm:
    """A word of the district's towns for a concept (``concept_key``), or for a new concept
    (``concept_label``); the flags are recomputed with it."""
    term = " ".join(term.split())
    concept_label = " ".join(concept_label.split())
    concepts = thesaurus_of(district=district).concepts
    problems: dict[str, list[str]] = {}
    if not term:
        problems["term"] = [_("Bitte ein Wort angeben.")]
    elif len(term) > TERM_MAX:
        problems["term"] = [_("Höchstens %(n)s Zeichen.") % {"n": TERM_MAX}]
    if concept_key:
        if concept_key not in concepts:
            problems["concept_key"] = [_("Diesen Begriff gibt es im Wortschatz nicht.")]
        else:
            concept_label = concepts[concept_key].label
    elif not concept_label:
        problems["concept_label"] = [_("Bitte einen Begriff wählen oder einen neuen benennen.")]
    elif len(concept_label) > TERM_MAX:
        problems["concept_label"] = [_("Höchstens %(n)s Zeichen.") % {"n": TERM_MAX}]
    else:
        concept_key = f"kreis-{slugify(concept_label)[:50]}"
        known = concepts.get(concept_key)
        concept_label = known.label if known else concept_label
    existing = concepts[concept_key].terms if not problems and concept_key in concepts else ()
    if any(term.casefold() == word.casefold() for word in existing):
        problems["term"] = [
            _("„%(term)s“ steht schon beim Begriff „%(label)s“.") % {"term": term, "label": concept_label}
        ]
    if problems:
        raise ValidationError(problems)
    entry = ThesaurusTerm.objects.create(
        district=district,
        concept_key=concept_key,
        concept_label=concept_label,
        term=term,
        created_by_label=actor_label(actor),
    )
    duplicate_flags_refresh(district=district)
    return entry


@transaction.atomic
def thesaurus_term_remove(*, district: District, term_id: int) -> None:
    """Takes back a district's own word (the shipped thesaurus stays as it is); flags are recomputed."""
    deleted, _rows = ThesaurusTerm.objects.filter(district=district, pk=term_id).delete()
    if not deleted:
        raise ValidationError(_("Dieses Wort gibt es im Wortschatz des Kreises nicht."))
    duplicate_flags_refresh(district=district)


# --- Size-class figures (D105) ---------------------------------------------------------------------


def size_class_figures_refresh(*, year: int) -> SizeClassYear:
    """Compute the size-class comparison of ``year`` from the latest snapshots on every database of the
    installation and store it in each (D105, D107); returns the active database's. A publish calls it
    once it has committed (D118); an advisory lock per year makes refreshes on this database take turns,
    so the last to run has read every snapshot committed here before it started. Another database's
    figures are written in a transaction of their own there; a publish there at the same moment may
    leave one of them a snapshot behind, which the reconciliation finds by the marks, as it finds a
    refresh that failed after its publish had committed."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SIZE_CLASS_LOCK, year])
        computed = size_class_comparison_compute(year=year)
        stored = _figures_store(computed, year=year, using=DEFAULT_DB_ALIAS)
    for alias in list(databases().values())[1:]:
        with transaction.atomic(using=alias):
            _figures_store(computed, year=year, using=alias)
    return stored


def _figures_store(computed: SizeClassComputed, *, year: int, using: str) -> SizeClassYear:
    stored, _created = SizeClassYear.objects.using(using).update_or_create(
        year=year,
        defaults={"released_districts": computed.released_districts, "snapshot_marks": computed.snapshot_marks},
    )
    stored.figures.all().delete()
    rows = []
    for size, comparison in computed.by_size_class.items():
        overall_values = comparison.overall.n if comparison.overall else comparison.n
        rows.append(_figure(stored, size, "", overall_values, comparison, comparison.overall))
        for key, statistics in comparison.fields.items():
            rows.append(_figure(stored, size, key, comparison.field_counts[key], comparison, statistics))
    SizeClassFigure.objects.using(using).bulk_create(rows)
    return stored


# The advisory lock's first key: "Größenklassen" among the project's locks (the second is the year).
SIZE_CLASS_LOCK = 105


def _figure(
    stored: SizeClassYear,
    size: str,
    field_key: str,
    values: int,
    comparison: SizeClassComparison,
    statistics: GroupStatistics | None,
) -> SizeClassFigure:
    return SizeClassFigure(
        year_figures=stored,
        size_class=size,
        field_key=field_key,
        towns=comparison.n,
        districts=comparison.district_count,
        values=values,
        minimum=statistics.minimum if statistics else None,
        lower_quartile=statistics.lower_quartile if statistics else None,
        median=statistics.median if statistics else None,
        upper_quartile=statistics.upper_quartile if statistics else None,
        maximum=statistics.maximum if statistics else None,
    )


def size_class_figures_refresh_on_publish(snapshot: AssessmentSnapshot) -> None:
    """Receiver of ``publishing.hooks.assessment_published``, which fires inside the publish's transaction:
    the figures are refreshed after it commits (D118), so the publish neither waits for every released
    town of the year nor writes other databases' figures for a snapshot that may still roll back."""
    year = snapshot.year
    # robust: a failed refresh is logged and healed by the reconciliation; it must neither make the
    # committed publish look failed nor keep the callbacks after it (notifications) from running.
    transaction.on_commit(lambda: size_class_figures_refresh(year=year), robust=True)


def size_class_figures_reconcile() -> list[int]:
    """Store the figures of every year whose stored ones miss a snapshot (a year published before D105,
    or a refresh that failed); the years refreshed."""
    years = size_class_years_behind()
    for year in years:
        size_class_figures_refresh(year=year)
    return years
