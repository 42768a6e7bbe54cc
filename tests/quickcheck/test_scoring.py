"""Scores on examples computed by hand (DESIGN.md §4)."""

from __future__ import annotations

from decimal import Decimal

from quickcheck.scoring import Completeness, ScoredAnswer, scores_compute


def test_field_score_is_the_weighted_mean_of_level_over_four() -> None:
    # Field A: weights 3, 1 with levels 2, 4 → (3·2 + 1·4) / (4 · 4) × 100 = 10/16 × 100 = 62.5
    scores = scores_compute(
        [
            ScoredAnswer("a", weight=3, current_level=2, target_level=3),
            ScoredAnswer("a", weight=1, current_level=4, target_level=4),
        ]
    )
    assert scores.fields["a"].current == Decimal("62.5")
    # Target: (3·3 + 1·4) / 16 × 100 = 13/16 × 100 = 81.25 → 81.3 (halves up)
    assert scores.fields["a"].target == Decimal("81.3")


def test_not_applicable_leaves_the_maximum_instead_of_counting_as_zero() -> None:
    # Without the n/a question: weight 2, level 3 → 75.0. Counting it as zero would give 37.5.
    scores = scores_compute(
        [
            ScoredAnswer("a", weight=2, current_level=3, target_level=4),
            ScoredAnswer("a", weight=2, not_applicable=True),
        ]
    )
    assert scores.fields["a"].current == Decimal("75.0")
    assert scores.fields["a"].target == Decimal("100.0")
    assert scores.fields["a"].questions_counted == 1


def test_overall_is_the_mean_of_fields_each_counting_the_same() -> None:
    # Field a: one question, level 4 → 100. Field b: three questions weight 1, levels 0,1,2 → 3/12 → 25.
    # Overall = (100 + 25) / 2 = 62.5 (a mean over all questions would give 7/16 → 43.75).
    scores = scores_compute(
        [
            ScoredAnswer("a", weight=1, current_level=4, target_level=4),
            ScoredAnswer("b", weight=1, current_level=0, target_level=1),
            ScoredAnswer("b", weight=1, current_level=1, target_level=1),
            ScoredAnswer("b", weight=1, current_level=2, target_level=2),
        ]
    )
    assert scores.fields["b"].current == Decimal("25.0")
    assert scores.overall_current == Decimal("62.5")
    # Targets: a 100, b (1+1+2)/12 = 33.33…; overall (100 + 33.33…)/2 = 66.67 → 66.7
    assert scores.overall_target == Decimal("66.7")


def test_overall_rounds_once_from_exact_field_values() -> None:
    # a: weights 3, 1 with levels 0, 1 → 1/16 × 100 = 6.25 (shown as 6.3); b: level 0 → 0.
    # Exact overall (6.25 + 0) / 2 = 3.125 → 3.1. Averaging the rounded 6.3 would give 3.15 → 3.2.
    scores = scores_compute(
        [
            ScoredAnswer("a", weight=3, current_level=0),
            ScoredAnswer("a", weight=1, current_level=1),
            ScoredAnswer("b", weight=1, current_level=0),
        ]
    )
    assert scores.fields["a"].current == Decimal("6.3")
    assert scores.fields["b"].current == Decimal("0.0")
    assert scores.overall_current == Decimal("3.1")
    assert scores.fields["a"].target is None


def test_fields_without_levels_have_no_score_and_do_not_pull_the_overall_down() -> None:
    scores = scores_compute(
        [
            ScoredAnswer("a", weight=2, current_level=2, target_level=2),
            ScoredAnswer("b", weight=2, not_applicable=True),
            ScoredAnswer("c", weight=1),  # not answered yet
        ],
        field_order=["a", "b", "c", "d"],
    )
    assert list(scores.fields) == ["a", "b", "c", "d"]
    assert scores.fields["b"].current is None
    assert scores.fields["c"].current is None
    assert scores.fields["d"].questions_counted == 0
    assert scores.overall_current == Decimal("50.0")


def test_nothing_answered_gives_no_scores() -> None:
    scores = scores_compute([])
    assert scores.overall_current is None
    assert scores.overall_target is None


def test_completeness_rounds_down_so_100_means_done() -> None:
    assert Completeness(answered=47, applicable=48).percent == 97
    assert not Completeness(answered=47, applicable=48).is_complete
    assert Completeness(answered=48, applicable=48).percent == 100
    assert Completeness(answered=1, applicable=3).percent == 33
