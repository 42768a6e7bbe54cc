"""The duplicate check's method on entries written as digital officers write them (issue 15, item 1).

The realistic corpus (tests/benchmarking/realistic_corpus.py) plants ten groups of the same project in
different words among near misses; the first method (titles only, trigrams, category-heavy) caught
about one planted pair in ten. The test prints precision and recall (``pytest -s``).
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from benchmarking.similarity import (
    FLAG_THRESHOLD,
    Corpus,
    Item,
    SimilarPair,
    flag_groups,
    similar_pairs_among,
    thesaurus_shipped,
)
from tests.benchmarking.realistic_corpus import ENTRIES, PLANTED_GROUPS

TODAY = datetime.date(2026, 12, 1)
TOWNS = sorted({entry.town for entry in ENTRIES})
LABELS = {index + 1: entry.label for index, entry in enumerate(ENTRIES)}
PLANTED = {frozenset(pair) for group in PLANTED_GROUPS for pair in itertools.combinations(sorted(group), 2)}


def _items() -> list[Item]:
    return [
        Item(
            id=index + 1,
            town_id=TOWNS.index(entry.town) + 1,
            kind=entry.kind,
            field_key=entry.field_key,
            title=entry.title,
            description=entry.description,
            product=entry.product,
            vendor=entry.vendor,
            category=entry.category,
        )
        for index, entry in enumerate(ENTRIES)
    ]


def _corpus(items: list[Item] | None = None) -> Corpus:
    return Corpus(items or _items(), thesaurus_shipped(), place_names=[*TOWNS, "Kreis Höxter"])


def _label_pairs(pairs: list[SimilarPair]) -> set[frozenset[str]]:
    return {frozenset((LABELS[p.first_id], LABELS[p.second_id])) for p in pairs}


def test_same_projects_in_different_words_are_found_and_near_misses_are_not() -> None:
    flagged = _label_pairs(similar_pairs_among(_corpus(), today=TODAY))
    found = flagged & PLANTED
    precision = len(found) / len(flagged) if flagged else 0.0
    recall = len(found) / len(PLANTED)
    print(f"realistic corpus: {len(PLANTED)} planted pairs, precision {precision:.2f}, recall {recall:.2f}")  # noqa: T201
    assert flagged - PLANTED == set(), "false alarms"
    assert recall >= 0.9, sorted(map(sorted, PLANTED - flagged))


def test_each_kind_of_earlier_miss_is_caught_and_says_why() -> None:
    corpus = _corpus()
    by_label = {item.title: item for item in corpus.items}
    profiles = {LABELS[item.id]: corpus.profiles[item.id] for item in corpus.items}
    assert by_label  # the corpus is read

    def reason(first: str, second: str) -> tuple[Decimal, list[str], list[str]]:
        why = corpus.compare(profiles[first], profiles[second])
        return why.similarity, why.concepts, why.words

    # Abbreviation against the spelled-out term; DMS under a product name.
    score, concepts, _words = reason("efile_1", "efile_2")
    assert score >= FLAG_THRESHOLD
    assert concepts == ["E-Akte / Dokumentenmanagement"]
    # A product name instead of the generic term.
    assert reason("ris_1", "ris_3")[1] == ["Ratsinformationssystem"]
    # An English loanword against German words.
    assert reason("open_1", "open_2")[1] == ["Open Data"]
    # The common purpose only in the description.
    assert reason("termin_1", "termin_2")[0] >= FLAG_THRESHOLD
    # A title listing features.
    assert reason("park_1", "park_2")[0] >= FLAG_THRESHOLD
    # Short titles: the rare shared word counts, town names and "neu" hardly.
    score, _concepts, words = reason("ipad_1", "ipad_2")
    assert score >= FLAG_THRESHOLD
    assert "iPads" in words
    assert "Steinheim" not in words


def test_town_names_and_generic_words_alone_make_no_duplicate() -> None:
    items = [
        Item(
            id=1, town_id=1, kind="measure", field_key="verwaltung", title="Neue digitale Lösung für die Stadt Brakel"
        ),
        Item(id=2, town_id=2, kind="measure", field_key="verwaltung", title="Brakel: neue digitale Lösung einführen"),
        *[
            Item(id=10 + n, town_id=3 + n, kind="measure", field_key="bildung", title=title)
            for n, title in enumerate(["Tablets für Schulen", "Glasfaser", "Bürgerbus", "Ratsinfo"])
        ],
    ]
    assert similar_pairs_among(_corpus(items), today=TODAY) == []


def test_a_long_description_does_not_dilute_the_title() -> None:
    filler = " ".join(f"Arbeitspaket{n} Abstimmung Personalrat Ausschreibung Zeitplan" for n in range(60))
    items = [
        Item(id=1, town_id=1, kind="measure", field_key="verwaltung", title="Ratsinformationssystem erneuern"),
        Item(id=2, town_id=2, kind="measure", field_key="verwaltung", title="Neues Ratsinformationssystem",
             description=filler),
        Item(id=3, town_id=3, kind="measure", field_key="verwaltung", title="Zeiterfassung"),
    ]  # fmt: skip
    assert [(p.first_id, p.second_id) for p in similar_pairs_among(_corpus(items), today=TODAY)] == [(1, 2)]


def test_a_measure_gets_the_category_its_concepts_name() -> None:
    corpus = _corpus()
    measure = next(item for item in corpus.items if LABELS[item.id] == "efile_1")
    assert corpus.profiles[measure.id].category == "e_file"
    register_other = next(item for item in corpus.items if LABELS[item.id] == "efile_2")
    assert corpus.profiles[register_other.id].category == "e_file"  # "other" chosen, the product says e-file


def test_a_districts_own_terms_extend_the_thesaurus() -> None:
    items = [
        Item(id=1, town_id=1, kind="measure", field_key="verwaltung", title="Gremienportal KommunalPlus"),
        Item(id=2, town_id=2, kind="measure", field_key="verwaltung", title="Ratsinformationssystem"),
        Item(id=3, town_id=3, kind="measure", field_key="verwaltung", title="Zeiterfassung"),
    ]
    assert similar_pairs_among(Corpus(items, thesaurus_shipped()), today=TODAY) == []
    extended = thesaurus_shipped().with_terms([("council_information", "Ratsinformationssystem", "KommunalPlus")])
    pairs = similar_pairs_among(Corpus(items, extended), today=TODAY)
    assert [(p.first_id, p.second_id, p.reason.concepts) for p in pairs] == [(1, 2, ["Ratsinformationssystem"])]


def test_a_flag_holds_only_items_similar_to_each_other() -> None:
    """A like B and B like C, but A not like C: two flags, never A with C."""

    def pair(first: int, second: int, score: str) -> SimilarPair:
        why = similar_pairs_among(_corpus(), today=TODAY)[0].reason
        return SimilarPair(first, second, Decimal(score), why)

    groups = flag_groups([pair(1, 2, "0.8"), pair(2, 3, "0.5")])
    members = [{i for p in group for i in (p.first_id, p.second_id)} for group in groups]
    assert members == [{1, 2}, {2, 3}]
    clique = flag_groups([pair(1, 2, "0.8"), pair(2, 3, "0.5"), pair(1, 3, "0.6")])
    assert [{i for p in group for i in (p.first_id, p.second_id)} for group in clique] == [{1, 2, 3}]


def test_items_never_compared_with_each_other_share_a_flag() -> None:
    """A town's measure and its register entry for the same system, and one other town's: one flag."""
    items = [
        Item(id=1, town_id=1, kind="measure", field_key="verwaltung", title="Ratsinformationssystem einführen"),
        Item(id=2, town_id=1, kind="solution", field_key="verwaltung", title="ALLRIS", category="council_information"),
        Item(id=3, town_id=2, kind="measure", field_key="verwaltung", title="Neues Ratsinformationssystem"),
        Item(id=4, town_id=3, kind="measure", field_key="verwaltung", title="Zeiterfassung"),
    ]
    pairs = similar_pairs_among(_corpus(items), today=TODAY)
    assert {(p.first_id, p.second_id) for p in pairs} == {(1, 3), (2, 3)}
    groups = flag_groups(pairs, items)
    assert [{i for p in group for i in (p.first_id, p.second_id)} for group in groups] == [{1, 2, 3}]
    assert len(flag_groups(pairs)) == 2  # without knowing the towns: two flags
