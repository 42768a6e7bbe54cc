"""Finding duplicated structures (Doppelstrukturen) in the published items of a district's towns.

The method, published on the flags page (METHOD_TEXT):

* Only items of different towns in the same field of action are compared, and never two items
  that already belong to the same joint project.
* Text similarity: the titles are reduced to German word stems by PostgreSQL's full-text search
  (``to_tsvector('german', …)``: "Ratsinformationssystems" → "ratsinformationssystem", stop words
  dropped); the stems are cut into trigrams as pg_trgm does, and the similarity is the share of
  common trigrams (Jaccard). Trigrams also match parts of compound words ("Bürgerportal" ↔
  "Serviceportal"). pg_trgm itself is a contrib extension the embedded server lacks (docs/decisions.md, D13);
  the two SQL functions are created by this app's migration.
* Dropped measures are not compared (nothing is being built any more).
* Two register entries: similarity = 0.5 × text + 0.3 × (same category) + 0.2 × (similar product
  name, trigram similarity ≥ 0.5). Anything else (measures): similarity = text.
* A pair is flagged from FLAG_THRESHOLD on, and only while something can still be decided: at least
  one item is planned or being procured, or both are in use and both contracts end within
  RENEWAL_WINDOW_DAYS (a joint re-procurement).
* Flagged pairs that share items are merged into one flag (connected components).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from publishing.models import ItemSnapshot, PublishedItem
from roadmap.models import JointProjectItem

FLAG_THRESHOLD = Decimal("0.35")
TEXT_WEIGHT = Decimal("0.5")
CATEGORY_WEIGHT = Decimal("0.3")
PRODUCT_WEIGHT = Decimal("0.2")
PRODUCT_MATCH = Decimal("0.5")
RENEWAL_WINDOW_DAYS = 730

METHOD_TEXT = _(
    "So finden wir Doppelstrukturen: Verglichen werden Einträge verschiedener Kommunen im selben "
    "Handlungsfeld, die nicht schon zum selben gemeinsamen Projekt gehören; verworfene Maßnahmen zählen nicht. Die Titel werden auf deutsche "
    "Wortstämme zurückgeführt und in Dreibuchstabenfolgen (Trigramme) zerlegt; die Textähnlichkeit ist der "
    "Anteil gemeinsamer Trigramme. Bei zwei Registereinträgen zählt die Textähnlichkeit 50 %, die gleiche "
    "Kategorie 30 % und ein ähnlicher Produktname 20 %. Ab 35 % Ähnlichkeit entsteht ein Hinweis – "
    "sofern noch etwas zu entscheiden ist: Mindestens ein Eintrag ist geplant oder in Beschaffung, oder "
    "beide sind im Einsatz und ihre Verträge enden in den nächsten zwei Jahren."
)


def _pairs_sql() -> str:
    """The pair query with the tables' names as the models give them (they moved once already)."""
    return _PAIRS_SQL.format(
        item_snapshots=connection.ops.quote_name(ItemSnapshot._meta.db_table),
        published_items=connection.ops.quote_name(PublishedItem._meta.db_table),
        joint_project_items=connection.ops.quote_name(JointProjectItem._meta.db_table),
    )


_PAIRS_SQL = """
WITH latest AS (
    SELECT DISTINCT ON (s.town_id) s.id, s.town_id
    FROM {item_snapshots} s
    WHERE s.district_id = %(district)s
    ORDER BY s.town_id, s.version DESC
), items AS (
    SELECT i.id, l.town_id, i.field_key, i.category, i.stage, i.contract_end,
           kreisagenda_trigrams(i.title) AS title_grams,
           kreisagenda_trigrams(i.product) AS product_grams,
           j.joint_project_id
    FROM {published_items} i
    JOIN latest l ON l.id = i.snapshot_id
    LEFT JOIN {joint_project_items} j
      ON j.town_id = l.town_id AND j.item_kind = i.item_kind AND j.item_id = i.item_id
    WHERE i.stage <> 'inactive'
), pairs AS (
    SELECT a.id AS a_id, b.id AS b_id,
           CASE WHEN a.category <> '' AND b.category <> '' THEN
                  %(text_weight)s * kreisagenda_jaccard(a.title_grams, b.title_grams)
                + CASE WHEN a.category = b.category AND a.category <> 'other' THEN %(category_weight)s ELSE 0 END
                + CASE WHEN kreisagenda_jaccard(a.product_grams, b.product_grams) >= %(product_match)s
                       THEN %(product_weight)s ELSE 0 END
                ELSE kreisagenda_jaccard(a.title_grams, b.title_grams)
           END AS similarity
    FROM items a
    JOIN items b ON a.field_key = b.field_key AND a.town_id < b.town_id
    WHERE (a.joint_project_id IS NULL OR b.joint_project_id IS NULL OR a.joint_project_id <> b.joint_project_id)
      AND (a.stage <> 'in_use' OR b.stage <> 'in_use'
           OR (a.contract_end <= %(renewal_until)s AND b.contract_end <= %(renewal_until)s))
)
SELECT a_id, b_id, round(similarity, 3) FROM pairs
WHERE similarity >= %(threshold)s
ORDER BY a_id, b_id
"""


@dataclass(frozen=True)
class SimilarPair:
    first_id: int  # PublishedItem ids
    second_id: int
    similarity: Decimal


def similar_pairs(*, district_id: int, today: datetime.date) -> list[SimilarPair]:
    """Flag-worthy pairs among the latest published items of the district's towns (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _pairs_sql(),
            {
                "district": district_id,
                "text_weight": TEXT_WEIGHT,
                "category_weight": CATEGORY_WEIGHT,
                "product_weight": PRODUCT_WEIGHT,
                "product_match": PRODUCT_MATCH,
                "renewal_until": today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS),
                "threshold": FLAG_THRESHOLD,
            },
        )
        return [SimilarPair(first, second, Decimal(value)) for first, second, value in cursor.fetchall()]


def text_similarity(first: str, second: str) -> Decimal:
    """The text part of the method for two titles, for showing and testing the method."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT round(kreisagenda_jaccard(kreisagenda_trigrams(%s), kreisagenda_trigrams(%s)), 3)",
            [first, second],
        )
        row = cursor.fetchone()
    return Decimal(row[0])


def connected_groups(pairs: Iterable[SimilarPair]) -> list[list[SimilarPair]]:
    """Pairs that share an item end up in one group; groups in a stable order."""
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    pair_list = list(pairs)
    for pair in pair_list:
        parent[root(pair.first_id)] = root(pair.second_id)
    groups: dict[int, list[SimilarPair]] = {}
    for pair in pair_list:
        groups.setdefault(root(pair.first_id), []).append(pair)
    return sorted(groups.values(), key=lambda group: min(min(p.first_id, p.second_id) for p in group))
