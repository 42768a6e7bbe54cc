"""Finding duplicated structures (Doppelstrukturen) in the published items of a district's towns.

The method, published on the flags page (METHOD_TEXT), in the order it works:

* Only items of different towns in the same field of action are compared, never two items of the
  same joint project, and never dropped measures or retired register entries.
* Each item is read as officers write: title, product and vendor (the title part) and description
  (the description part). Words are reduced to German word stems (Snowball); compound words are
  also split into parts the district's own texts or the thesaurus know ("Parkraumbewirtschaftung" →
  "parkraum" + "bewirtschaftung").
* A curated thesaurus (``data/thesaurus.json``, versioned; districts add terms) maps abbreviations,
  synonyms, product and vendor names and loanwords to concepts: "E-Akte", "elektronische
  Aktenführung", "DMS" and "enaio" all name the concept "E-Akte / Dokumentenmanagement". A concept
  that is a register category gives a measure naming it that category.
* Every word, concept and category weighs by how rare it is among the district's published items
  (inverse document frequency): a word only two items share says more than one in every title.
  Town names and generic words (einführen, neu, digital, Stadt, …) weigh a tenth, the category half,
  a concept one and a half times. Each part counts a word once, however often it is repeated.
* The title part and the description part are each scaled to length one and the description part
  added at half weight, so a long description neither dilutes nor drowns the title.
* Similarity is the cosine of the two weighted profiles (0–100 %). A pair is flagged from
  FLAG_THRESHOLD on, and only while something can still be decided: at least one item is planned or
  being procured, or both are in use and both contracts end within RENEWAL_WINDOW_DAYS.
* A flag holds items that are each similar to every other item of the flag (no chains: A like B and
  B like C does not put A with C); each pair shows its score and what matched.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path

import snowballstemmer
from django.utils.translation import gettext_lazy as _

FLAG_THRESHOLD = Decimal("0.30")
RENEWAL_WINDOW_DAYS = 730
DESCRIPTION_WEIGHT = 0.5
GENERIC_FACTOR = 0.1
CATEGORY_FACTOR = 0.5
CONCEPT_FACTOR = 2.0
DESCRIPTION_CONCEPT_FACTOR = 0.7  # a concept named only in the description
MIN_LENGTH = 1.0  # about one ordinary word's weight
COMPOUND_MIN_PART = 4  # letters of each part of a split compound
LONG_TERM = 5  # stems at least this long also match inside compounds
THESAURUS_PATH = Path(__file__).resolve().parent / "data" / "thesaurus.json"

METHOD_TEXT = _(
    "So finden wir Doppelstrukturen: Verglichen werden veröffentlichte Einträge verschiedener Kommunen im "
    "selben Handlungsfeld, die nicht schon zum selben gemeinsamen Projekt gehören. Gelesen werden Titel, "
    "Produkt, Anbieter und Beschreibung. Wörter werden auf ihren Wortstamm zurückgeführt, zusammengesetzte "
    "Wörter in bekannte Teile zerlegt. Ein Wortschatz der kommunalen IT ordnet Abkürzungen, Synonyme, "
    "Produkt- und Anbieternamen und Fremdwörter Begriffen zu (E-Akte, elektronische Aktenführung, DMS und "
    "enaio sind derselbe Begriff). Jedes Wort und jeder Begriff zählt umso mehr, je seltener er in den "
    "Einträgen des Kreises vorkommt; Ortsnamen und allgemeine Wörter wie „einführen“, „neu“ oder „digital“ "
    "zählen wenig. Die Beschreibung zählt halb so viel wie der Titel, egal wie lang sie ist. Ab 30 % "
    "Ähnlichkeit entsteht ein Hinweis – sofern noch etwas zu entscheiden ist: Mindestens ein Eintrag ist "
    "geplant oder in Beschaffung, oder beide sind im Einsatz und ihre Verträge enden in den nächsten zwei "
    "Jahren. In einem Hinweis ist jeder Eintrag jedem anderen ähnlich; zu jedem Paar steht, was übereinstimmt."
)

_TOKEN = re.compile(r"[0-9a-zäöüß]+(?:[.&!][0-9a-zäöüß]+)*", re.IGNORECASE)
_FUGE = ("s", "es")  # linking letters between the parts of a compound (Fugen-s)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The German Snowball stem of a lower-case word (ä, ö, ü folded as Snowball does)."""
    return str(_stemmer().stemWord(word.lower()))


def words_of(text: str) -> list[str]:
    """Lower-case words; hyphens and slashes separate ("E-Akte" → "e", "akte"), dots inside a name don't."""
    return _TOKEN.findall(text.lower())


# (single stem → concepts, multi-word stem sequences → concept, long stems that match inside compounds)
Matchers = tuple[dict[str, set[str]], list[tuple[tuple[str, ...], str]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Concept:
    key: str
    label: str
    category: str  # a register category (solutions.SolutionCategory) or ""
    terms: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Thesaurus:
    version: str
    concepts: Mapping[str, Concept]
    stopwords: frozenset[str]
    generic: frozenset[str]  # stems

    def with_terms(self, additions: Iterable[tuple[str, str, str]]) -> Thesaurus:
        """This thesaurus plus a district's own terms: (concept key, concept label, term)."""
        concepts = dict(self.concepts)
        for key, label, term in additions:
            known = concepts.get(key) or Concept(key=key, label=label, category="", terms=())
            concepts[key] = Concept(key, known.label, known.category, (*known.terms, term))
        return Thesaurus(self.version, concepts, self.stopwords, self.generic)

    @cached_property
    def matchers(self) -> Matchers:
        """(single stem → concepts, multi-word stem sequences → concept, long stems that match in compounds)."""
        single: dict[str, set[str]] = defaultdict(set)
        multi: list[tuple[tuple[str, ...], str]] = []
        inside: list[tuple[str, str]] = []
        for concept in self.concepts.values():
            for term in concept.terms:
                stems = tuple(stem(word) for word in words_of(term))
                if len(stems) == 1:
                    single[stems[0]].add(concept.key)
                    if len(stems[0]) >= LONG_TERM:
                        inside.append((stems[0], concept.key))
                elif stems:
                    multi.append((stems, concept.key))
        return dict(single), multi, inside


@lru_cache(maxsize=1)
def thesaurus_shipped() -> Thesaurus:
    """The thesaurus that ships with Kreisagenda (``benchmarking/data/thesaurus.json``)."""
    data = json.loads(THESAURUS_PATH.read_text(encoding="utf-8"))
    concepts = {
        key: Concept(key=key, label=value["label"], category=value["category"], terms=tuple(value["terms"]))
        for key, value in data["concepts"].items()
    }
    return Thesaurus(
        version=data["version"],
        concepts=concepts,
        stopwords=frozenset(data["stopwords"]),
        generic=frozenset(stem(word) for word in data["generic"]),
    )


@dataclass(frozen=True)
class Reading:
    """What one part of an item says: its stems (with a word as written for each) and its concepts."""

    stems: dict[str, str] = field(default_factory=dict)  # stem → the word as first written
    concepts: set[str] = field(default_factory=set)


def read(text: str, thesaurus: Thesaurus, vocabulary: frozenset[str] = frozenset()) -> Reading:
    """Stems, compound parts and concepts of ``text``; ``vocabulary`` (stems) decides compound splits."""
    reading = Reading()
    single, multi, inside = thesaurus.matchers
    # As written (for showing what matched), compared in lower case.
    words = [word for word in _TOKEN.findall(text) if word.lower() not in thesaurus.stopwords]
    stems = [stem(word) for word in words]
    for word, word_stem in zip(words, stems, strict=True):
        if len(word) > 1:  # "e" of "E-Akte" only counts inside the term
            reading.stems.setdefault(word_stem, word)
        reading.concepts.update(single.get(word_stem, ()))
        for part in _compound_parts(word_stem, vocabulary):
            reading.stems.setdefault(part, word)
            reading.concepts.update(single.get(part, ()))
        if len(word_stem) > LONG_TERM:
            for term_stem, concept in inside:
                if len(word_stem) > len(term_stem) + 2 and (
                    word_stem.startswith(term_stem) or word_stem.endswith(term_stem)
                ):
                    reading.concepts.add(concept)
    for sequence, concept in multi:
        size = len(sequence)
        if any(tuple(stems[i : i + size]) == sequence for i in range(len(stems) - size + 1)):
            reading.concepts.add(concept)
    return reading


def _compound_parts(word_stem: str, vocabulary: frozenset[str]) -> list[str]:
    """Known parts of a compound: each split into two known stems, with or without a linking "s"."""
    parts: list[str] = []
    for cut in range(COMPOUND_MIN_PART, len(word_stem) - COMPOUND_MIN_PART + 1):
        head = word_stem[cut:]
        if head not in vocabulary:
            continue
        modifier = word_stem[:cut]
        candidates = [modifier] + [modifier[: -len(fuge)] for fuge in _FUGE if modifier.endswith(fuge)]
        known = [m for m in candidates if len(m) >= COMPOUND_MIN_PART and m in vocabulary]
        if known:
            parts += [known[0], head]
    return parts


@dataclass(frozen=True)
class Item:
    """A published item as the method reads it."""

    id: int
    town_id: int
    kind: str  # "solution" or "measure"
    field_key: str
    title: str
    description: str = ""
    product: str = ""
    vendor: str = ""
    category: str = ""  # register entries only
    stage: str = "planned"
    contract_end: datetime.date | None = None
    joint_project_id: int | None = None

    @property
    def title_text(self) -> str:
        return " ".join(part for part in (self.title, self.product, self.vendor) if part)


@dataclass(frozen=True)
class Profile:
    weights: dict[str, float]  # feature → weight, length one
    words: dict[str, str]  # stem → word as written
    concepts: frozenset[str]
    category: str  # the register category, or the one its concepts imply


@dataclass(frozen=True)
class PairReason:
    """Why two items look alike: the score and what contributed most."""

    similarity: Decimal
    concepts: list[str]  # concept labels, strongest first
    words: list[str]  # shared words as written, strongest first
    same_category: str  # the category label key, when both have it


@dataclass(frozen=True)
class SimilarPair:
    first_id: int
    second_id: int
    similarity: Decimal
    reason: PairReason


class Corpus:
    """The district's published items, read once: vocabulary, rarity of each feature, profiles."""

    def __init__(self, items: Sequence[Item], thesaurus: Thesaurus, *, place_names: Iterable[str] = ()) -> None:
        self.items = list(items)
        self.thesaurus = thesaurus
        self.generic = thesaurus.generic | {stem(word) for name in place_names for word in words_of(name)}
        vocabulary: set[str] = set(thesaurus.matchers[0])
        for item in self.items:
            vocabulary.update(stem(word) for word in words_of(f"{item.title_text} {item.description}"))
        self.vocabulary = frozenset(word for word in vocabulary if len(word) >= COMPOUND_MIN_PART)
        self._readings = {item.id: self._read(item) for item in self.items}
        document_frequency: Counter[str] = Counter()
        for title, description, category in self._readings.values():
            document_frequency.update(set(_features(title, category)) | set(_features(description, "")))
        self.document_frequency = document_frequency
        self.profiles = {item.id: self.profile(item) for item in self.items}

    def _read(self, item: Item) -> tuple[Reading, Reading, str]:
        title = read(item.title_text, self.thesaurus, self.vocabulary)
        description = read(item.description, self.thesaurus, self.vocabulary)
        category = item.category if item.category and item.category != "other" else ""
        if not category:
            implied = sorted(
                {self.thesaurus.concepts[c].category for c in title.concepts if self.thesaurus.concepts[c].category}
            )
            category = implied[0] if len(implied) == 1 else ""
        return title, description, category

    def weight(self, feature: str) -> float:
        documents = len(self.items)
        rarity = math.log((documents + 1) / (self.document_frequency.get(feature, 0) + 1)) + 1
        kind, _sep, value = feature.partition(":")
        if kind == "c":
            return rarity * CONCEPT_FACTOR
        if kind == "k":
            return rarity * CATEGORY_FACTOR
        return rarity * (GENERIC_FACTOR if value in self.generic else 1.0)

    def profile(self, item: Item) -> Profile:
        title, description, category = self._readings.get(item.id) or self._read(item)
        # Concepts belong to the item: one named only in the description still says what it is about
        # ("Termine können online gebucht werden"), at a little less weight than in the title.
        title_part = {f: self.weight(f) for f in _features(title, category)}
        for concept in description.concepts - title.concepts:
            title_part[f"c:{concept}"] = DESCRIPTION_CONCEPT_FACTOR * self.weight(f"c:{concept}")
        weights = _unit(title_part)
        description_words = {f: self.weight(f) for f in _features(Reading(stems=description.stems), "")}
        for feature, value in _unit(description_words).items():
            weights[feature] = weights.get(feature, 0.0) + DESCRIPTION_WEIGHT * value
        return Profile(
            weights=_unit(weights),
            words={**description.stems, **title.stems},
            concepts=frozenset(title.concepts | description.concepts),
            category=category,
        )

    def compare(self, first: Profile, second: Profile) -> PairReason:
        shared = first.weights.keys() & second.weights.keys()
        contributions = sorted(
            ((first.weights[f] * second.weights[f], f) for f in shared), key=lambda pair: (-pair[0], pair[1])
        )
        score = sum(value for value, _f in contributions)
        concepts = [self.thesaurus.concepts[f[2:]].label for _v, f in contributions if f.startswith("c:")]
        words = [
            first.words[f[2:]]
            for _v, f in contributions
            if f.startswith("w:") and f[2:] not in self.generic and f[2:] in first.words
        ]
        return PairReason(
            similarity=Decimal(str(round(min(score, 1.0), 3))),
            concepts=concepts,
            words=list(dict.fromkeys(words))[:6],
            same_category=first.category if first.category and first.category == second.category else "",
        )


def _features(reading: Reading, category: str) -> list[str]:
    features = [f"w:{word}" for word in reading.stems] + [f"c:{concept}" for concept in sorted(reading.concepts)]
    return [*features, f"k:{category}"] if category else features


def _unit(weights: dict[str, float]) -> dict[str, float]:
    """Scaled to length one, but never scaled up past MIN_LENGTH: a text of town names and generic
    words alone stays short, so it cannot look like a strong match once normalised."""
    length = math.sqrt(sum(value * value for value in weights.values()))
    return {feature: value / max(length, MIN_LENGTH) for feature, value in weights.items()} if length else {}


def _decidable(first: Item, second: Item, renewal_until: datetime.date) -> bool:
    if first.stage != "in_use" or second.stage != "in_use":
        return True
    return bool(
        first.contract_end
        and second.contract_end
        and first.contract_end <= renewal_until
        and second.contract_end <= renewal_until
    )


def similar_pairs_among(corpus: Corpus, *, today: datetime.date) -> list[SimilarPair]:
    """Flag-worthy pairs of the corpus: different towns, same field, decidable, from the threshold on."""
    renewal_until = today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    by_field: dict[str, list[Item]] = defaultdict(list)
    for item in corpus.items:
        if item.stage != "inactive":
            by_field[item.field_key].append(item)
    pairs: list[SimilarPair] = []
    for items in by_field.values():
        for index, first in enumerate(items):
            for second in items[index + 1 :]:
                if first.town_id == second.town_id:
                    continue
                if first.joint_project_id is not None and first.joint_project_id == second.joint_project_id:
                    continue
                if not _decidable(first, second, renewal_until):
                    continue
                reason = corpus.compare(corpus.profiles[first.id], corpus.profiles[second.id])
                if reason.similarity >= FLAG_THRESHOLD:
                    low, high = sorted((first.id, second.id))
                    pairs.append(SimilarPair(low, high, reason.similarity, reason))
    return sorted(pairs, key=lambda pair: (pair.first_id, pair.second_id))


def flag_groups(pairs: Iterable[SimilarPair], items: Iterable[Item] = ()) -> list[list[SimilarPair]]:
    """Groups of items each similar to every other one (cliques), strongest pairs first.

    A pair joins a group when both its items can: an item is added to a group only if it is similar
    to every item already in it — or is never compared with it: two items of one town, or of one
    joint project (a town's measure and its register entry for the same system belong in one flag).
    A pair that fits no group is a group of its own. No chains.
    """
    pair_list = sorted(pairs, key=lambda p: (-p.similarity, p.first_id, p.second_id))
    similar = {(p.first_id, p.second_id) for p in pair_list}
    by_id = {item.id: item for item in items}

    def alike(a: int, b: int) -> bool:
        if (min(a, b), max(a, b)) in similar:
            return True
        first, second = by_id.get(a), by_id.get(b)
        return bool(
            first
            and second
            and (
                first.town_id == second.town_id
                or (first.joint_project_id is not None and first.joint_project_id == second.joint_project_id)
            )
        )

    groups: list[set[int]] = []
    member_of: dict[int, int] = {}
    for pair in pair_list:
        a, b = pair.first_id, pair.second_id
        if a in member_of and b in member_of:
            continue
        if a not in member_of and b not in member_of:
            member_of[a] = member_of[b] = len(groups)
            groups.append({a, b})
            continue
        inside, outside = (a, b) if a in member_of else (b, a)
        group = groups[member_of[inside]]
        if all(alike(outside, member) for member in group):
            group.add(outside)
            member_of[outside] = member_of[inside]
    by_group: dict[int, list[SimilarPair]] = defaultdict(list)
    loose: list[list[SimilarPair]] = []
    for pair in pair_list:
        a, b = pair.first_id, pair.second_id
        if a in member_of and b in member_of and member_of[a] == member_of[b]:
            by_group[member_of[a]].append(pair)
        else:
            loose.append([pair])  # similar, but each item belongs with others more: a flag of its own
    result = [sorted(group, key=lambda p: (p.first_id, p.second_id)) for group in by_group.values()] + loose
    return sorted(result, key=lambda group: min(min(p.first_id, p.second_id) for p in group))
