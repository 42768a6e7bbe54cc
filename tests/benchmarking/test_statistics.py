"""The comparison's arithmetic on hand-computed examples (method in benchmarking/statistics.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from benchmarking.statistics import GroupStatistics, SizeClass, Verdict, group_statistics, size_class, verdict


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # n=4: Q1 at position 0.75 → 40 + 0.75 × 10; median at 1.5 → (50 + 60) / 2; Q3 at 2.25 → 60 + 0.25 × 10
        (d("70", "40", "60", "50"), ("40", "47.5", "55", "62.5", "70")),
        # n=3: quartiles halfway between neighbours
        (d("10", "30", "20"), ("10", "15", "20", "25", "30")),
        # n=5: every quantile falls on a value
        (d("100", "12.5", "62.5", "50", "37.5"), ("12.5", "37.5", "50", "62.5", "100")),
        # rounding once, halves up: 33.3 + 0.75 × 0.1 = 33.375 → 33.4; 33.4 + 0.5 × 16.6 = 41.7;
        # 50 + 0.25 × 16.7 = 54.175 → 54.2
        (d("33.3", "33.4", "50.0", "66.7"), ("33.3", "33.4", "41.7", "54.2", "66.7")),
    ],
)
def test_median_and_quartiles(values: list[Decimal], expected: tuple[str, ...]) -> None:
    statistics = group_statistics(values)
    assert statistics is not None
    assert statistics.n == len(values)
    assert (
        statistics.minimum,
        statistics.lower_quartile,
        statistics.median,
        statistics.upper_quartile,
        statistics.maximum,
    ) == tuple(Decimal(v) for v in expected)


@pytest.mark.parametrize("values", [[], d("50"), d("50", "60")])
def test_groups_smaller_than_three_are_never_compared(values: list[Decimal]) -> None:
    assert group_statistics(values) is None


MEDIAN_55 = GroupStatistics(
    n=4, minimum=Decimal(40), lower_quartile=Decimal("47.5"), median=Decimal(55), upper_quartile=Decimal("62.5"),
    maximum=Decimal(70),
)  # fmt: skip


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("65.0", Verdict.STRENGTH),  # exactly 10 above the median
        ("64.9", None),
        ("55.0", None),
        ("45.1", None),
        ("45.0", Verdict.WEAKNESS),  # exactly 10 below
        ("0.0", Verdict.WEAKNESS),
    ],
)
def test_strength_and_weakness_rule(score: str, expected: Verdict | None) -> None:
    assert verdict(Decimal(score), MEDIAN_55) == expected


def test_no_verdict_without_a_group_or_a_score() -> None:
    assert verdict(Decimal(90), None) is None
    assert verdict(None, MEDIAN_55) is None


@pytest.mark.parametrize(
    ("population", "administration", "expected"),
    [
        (5230, False, SizeClass.UNDER_10K),
        (9999, False, SizeClass.UNDER_10K),
        (10_000, False, SizeClass.FROM_10K),
        (29_812, False, SizeClass.FROM_20K),
        (74_388, False, SizeClass.FROM_50K),
        (100_000, False, SizeClass.FROM_100K),
        (143_709, True, SizeClass.DISTRICT_ADMINISTRATION),
    ],
)
def test_size_classes(population: int, administration: bool, expected: SizeClass) -> None:
    assert size_class(population=population, is_district_administration=administration) == expected
