"""What publishing asks of the apps above it, and tells them (receivers register in ``ready()``).

* ``town_items``: each tenant app that publishes items (the solution register, the measures)
  returns them, read in the town's schema; publishing never imports those apps.
* ``measures_at_release``: the roadmap returns the measures as they stood at a release of ``year``.
* ``items_published``: fired inside the publish transaction (the duplicate check refreshes its flags).
* ``assessment_published``: fired inside ``assessment_publish``'s transaction with each new
  snapshot of a town's Quick Check (released, or withdrawn after a reopening): the comparison
  stores its figures by size class once it has committed (D105, D118); notifications looks for new
  synergies once it has committed.
* ``category_labels``: the register returns its categories' names (key → label), for district
  pages that group published entries by category.
* ``similar_published``: asked by the measure and register forms before saving (town, title,
  description, product, category): the duplicate check answers with other towns' published entries
  and joint projects that look alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from kreisagenda.hooks import Hook

from publishing.items import MeasureAtRelease, PublishableItem, SimilarPublished
from publishing.models import AssessmentSnapshot
from tenants.models import District, Town

town_items: Hook[[], list[PublishableItem]] = Hook("town_items")
measures_at_release: Hook[[int], list[MeasureAtRelease]] = Hook("measures_at_release")
items_published: Hook[[District, datetime.date | None], None] = Hook("items_published")
assessment_published: Hook[[AssessmentSnapshot], None] = Hook("assessment_published")
similar_published: Hook[[Town, str, str, str, str], list[SimilarPublished]] = Hook("similar_published")
category_labels: Hook[[], dict[str, str]] = Hook("category_labels")


def similar_published_for(data: Mapping[str, str], town: Town) -> list[SimilarPublished]:
    """What the receivers of ``similar_published`` find for a form's typed ``data`` (title, description,
    product, category; missing ones empty), as one list."""
    fields = (data.get(name, "") for name in ("title", "description", "product", "category"))
    title, description, product, category = fields
    return [match for answer in similar_published.fire(town, title, description, product, category) for match in answer]
