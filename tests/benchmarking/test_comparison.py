"""The district comparison, synergies and a town's position, on hand-computed published data.

Year 2031 keeps these fixtures apart from the demo district's published campaign.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking.selectors import comparison_get, mentors_of, size_class_comparison, synergies_get, town_position
from benchmarking.statistics import SizeClass, Verdict
from quickcheck.models import GridVersion
from tenants.models import District, Town
from tests.conftest import World
from tests.factories import DistrictFactory, comparison_grid, published_snapshot, unprovisioned_town

YEAR = 2031


@pytest.fixture
def district(db: None) -> District:
    district: District = DistrictFactory.create(name="Kreis Beispiel")
    return district


@pytest.fixture
def grid(district: District) -> GridVersion:
    return comparison_grid(district=district, year=YEAR, field_keys=["verwaltung", "bildung", "infrastruktur"])


def _towns(district: District, populations: list[int]) -> list[Town]:
    return [
        unprovisioned_town(
            district=district, name=f"Ort {index}", ags=f"{district.key}{index:03d}", population=population
        )
        for index, population in enumerate(populations, start=1)
    ]


def test_median_quartiles_and_verdicts_per_field(district: District, grid: GridVersion) -> None:
    a, b, c, e = _towns(district, [12_000, 15_000, 18_000, 11_000])
    administration = unprovisioned_town(
        district=district,
        name="Kreisverwaltung",
        ags=f"{district.key}000",
        population=90_000,
        kind="district_administration",
    )
    published_snapshot(town=a, grid=grid, fields={"verwaltung": "70.0", "bildung": "10.0"})
    published_snapshot(town=b, grid=grid, fields={"verwaltung": "40.0", "bildung": "20.0"})
    published_snapshot(town=c, grid=grid, fields={"verwaltung": "50.0"})
    # Ort 4 released 99 first, then 60: only the latest version counts.
    published_snapshot(town=e, grid=grid, fields={"verwaltung": "99.0"})
    published_snapshot(town=e, grid=grid, fields={"verwaltung": "60.0"}, version=2)
    published_snapshot(town=administration, grid=grid, fields={"verwaltung": "100.0"})

    comparison = comparison_get(district=district, year=YEAR)

    fields = {f.key: f for f in comparison.fields}
    assert [f.key for f in comparison.fields] == ["verwaltung", "bildung"]  # grid order, fields with data
    stats = fields["verwaltung"].statistics
    assert stats is not None
    # 40, 50, 60, 70 (the district administration is not in the group)
    assert (stats.n, stats.minimum, stats.lower_quartile, stats.median, stats.upper_quartile, stats.maximum) == (
        4,
        Decimal(40),
        Decimal("47.5"),
        Decimal(55),
        Decimal("62.5"),
        Decimal(70),
    )
    assert fields["bildung"].statistics is None  # two towns: never shown
    verdicts = {t.name: t.fields["verwaltung"].verdict for t in comparison.towns}
    assert verdicts == {"Ort 1": Verdict.STRENGTH, "Ort 2": Verdict.WEAKNESS, "Ort 3": None, "Ort 4": None}
    assert comparison.town(a.pk).fields["bildung"].verdict is None  # type: ignore[union-attr]
    assert comparison.administration is not None
    assert comparison.administration.name == "Kreisverwaltung"
    assert comparison.administration.fields["verwaltung"].verdict is None
    assert comparison.town(e.pk).version == 2  # type: ignore[union-attr]


def test_withdrawn_releases_leave_the_group_and_the_overview_says_so(district: District, grid: GridVersion) -> None:
    a, b, c, _e = _towns(district, [12_000, 15_000, 18_000, 11_000])
    for town, score in ((a, "30.0"), (b, "40.0"), (c, "50.0")):
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score})
    published_snapshot(town=c, grid=grid, fields={}, version=2, status="withdrawn")
    comparison = comparison_get(district=district, year=YEAR)
    assert [t.name for t in comparison.towns] == ["Ort 1", "Ort 2"]
    assert comparison.fields[0].statistics is None  # two left: below the minimum group
    assert [(r.town.name, r.status, r.version) for r in comparison.releases] == [
        ("Ort 1", "released", 1),
        ("Ort 2", "released", 1),
        ("Ort 3", "withdrawn", 2),
        ("Ort 4", None, None),
    ]


def test_synergies_mentor_pairs_and_shared_gaps(district: District, grid: GridVersion) -> None:
    towns = _towns(district, [12_000] * 6)
    # infrastruktur: 10, 10, 10, 50, 50, 50 → median 30: three weaknesses (≤ 20), three strengths (≥ 40)
    for index, town in enumerate(towns):
        published_snapshot(
            town=town,
            grid=grid,
            fields={"infrastruktur": "10.0" if index < 3 else "50.0", "verwaltung": "50.0"},
            # three towns want VW-1 raised from 1 to 3; two want VW-2 at 4 (not enough)
            answers=[
                ("VW-1", "verwaltung", 1, 3 if index % 2 == 0 else 1),
                ("VW-2", "verwaltung", 2, 4 if index < 2 else 2),
            ],
        )
    comparison = comparison_get(district=district, year=YEAR)
    synergies = synergies_get(comparison=comparison)
    pairs = {(p.mentee.name, p.mentor.name) for p in synergies.mentor_pairs}
    # each weak town gets two mentors (the strongest, ties by name)
    assert pairs == {(weak, strong) for weak in ("Ort 1", "Ort 2", "Ort 3") for strong in ("Ort 4", "Ort 5")}
    assert all(p.gap == Decimal(40) and p.field_key == "infrastruktur" for p in synergies.mentor_pairs)
    gaps = [(g.field_key, g.question_code, g.target_level, [t.name for t in g.towns]) for g in synergies.shared_gaps]
    # Weak fields first, in the grid's order; then shared targets.
    assert gaps == [
        ("infrastruktur", "", None, ["Ort 1", "Ort 2", "Ort 3"]),
        ("verwaltung", "VW-1", 3, ["Ort 1", "Ort 3", "Ort 5"]),
    ]
    # One town's mentors, as its page asks for them: the same pairs, without a query.
    with CaptureQueriesContext(connection) as captured:
        own = mentors_of(comparison=comparison, town_id=towns[1].pk)
    assert captured.captured_queries == []
    assert [(p.field_key, p.mentee.name, p.mentor.name, p.gap) for p in own] == [
        (p.field_key, p.mentee.name, p.mentor.name, p.gap) for p in synergies.mentor_pairs if p.mentee.name == "Ort 2"
    ]
    assert len(own) == 2
    assert mentors_of(comparison=comparison, town_id=towns[4].pk) == []  # a strong town learns from nobody here


def test_a_town_sees_its_peers_named_or_unnamed_as_the_district_decides(district: District, grid: GridVersion) -> None:
    a, b, c = _towns(district, [12_000, 15_000, 18_000])
    for town, score in ((a, "30.0"), (b, "40.0"), (c, "50.0")):
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score})
    comparison = comparison_get(district=district, year=YEAR)

    named = town_position(town=b, comparison=comparison, names_visible=True)
    assert [(p.name, p.current, p.is_self) for p in named.fields[0].peers] == [
        ("Ort 3", Decimal(50), False),
        ("Ort 2", Decimal(40), True),
        ("Ort 1", Decimal(30), False),
    ]
    unnamed = town_position(town=b, comparison=comparison, names_visible=False)
    assert [(p.name, p.current) for p in unnamed.fields[0].peers] == [
        (None, Decimal(50)),
        ("Ort 2", Decimal(40)),
        (None, Decimal(30)),
    ]


def test_a_town_that_has_not_released_sees_no_peers(district: District, grid: GridVersion) -> None:
    a, b, c, e = _towns(district, [12_000, 15_000, 18_000, 11_000])
    for town, score in ((a, "30.0"), (b, "40.0"), (c, "50.0")):
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score})
    position = town_position(town=e, comparison=comparison_get(district=district, year=YEAR), names_visible=True)
    assert position.own is None
    assert position.fields == []


def test_size_class_comparison_across_districts(world: World, district: District, grid: GridVersion) -> None:
    towns = _towns(district, [12_000, 15_000, 18_000, 25_000])
    for town, score in zip(towns, ("30.0", "40.0", "50.0", "90.0"), strict=True):
        published_snapshot(town=town, grid=grid, fields={"verwaltung": score})
    assert size_class_comparison(year=YEAR) is None  # one district: nothing across districts

    other: District = DistrictFactory.create(name="Kreis Nachbar")
    other_grid = comparison_grid(district=other, year=YEAR, field_keys=["verwaltung"])
    (neighbour,) = _towns(other, [19_000])
    published_snapshot(town=neighbour, grid=other_grid, fields={"verwaltung": "70.0"})

    by_class = size_class_comparison(year=YEAR)
    assert by_class is not None
    small = by_class[SizeClass.FROM_10K]
    assert (small.n, small.district_count) == (4, 2)
    stats = small.fields["verwaltung"]
    assert stats is not None
    assert (stats.minimum, stats.median, stats.maximum) == (Decimal(30), Decimal(45), Decimal(70))
    assert by_class[SizeClass.FROM_20K].fields["verwaltung"] is None  # one town of 20,000+: not shown
    position = town_position(town=towns[0], comparison=comparison_get(district=district, year=YEAR), names_visible=True)
    assert position.size_class == SizeClass.FROM_10K
    assert position.fields[0].size_class_statistics == stats
