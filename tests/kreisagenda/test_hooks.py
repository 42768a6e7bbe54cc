"""kreisagenda.hooks: how a lower app lets higher apps react without importing them."""

from __future__ import annotations

from kreisagenda.hooks import Hook

from benchmarking.hooks import duplicate_flags_raised
from comments.hooks import comment_posted
from mentoring.hooks import interest_declared, mentor_requested, mentoring_changed, request_declined
from partners.hooks import proposal_decided, proposal_submitted
from publishing.hooks import assessment_published, items_published, measures_at_release, town_items
from quickcheck.answers.hooks import answers_changed, assessment_released, assessment_reopened
from quickcheck.hooks import campaign_opened
from roadmap.hooks import joint_project_changed, joint_project_items_changed


def test_receivers_run_in_the_order_they_registered_and_their_answers_come_back() -> None:
    calls: list[str] = []
    hook: Hook[[int], int] = Hook("test")

    def double(value: int) -> int:
        calls.append("double")
        return value * 2

    def square(value: int) -> int:
        calls.append("square")
        return value * value

    hook.register(double)
    hook.register(square)
    assert hook.fire(3) == [6, 9]
    assert calls == ["double", "square"]


def test_a_receiver_registered_twice_runs_once() -> None:
    calls: list[int] = []
    hook: Hook[[int], None] = Hook("test")
    hook.register(calls.append)
    hook.register(calls.append)
    hook.fire(1)
    assert calls == [1]


def test_a_hook_without_receivers_does_nothing() -> None:
    assert Hook[[], None]("test").fire() == []


def _receivers(hook: Hook) -> list[str]:
    return [f"{receiver.__module__}.{receiver.__name__}" for receiver in hook._receivers]


def test_the_apps_register_their_receivers_when_django_starts() -> None:
    """The wiring of docs/architecture.md: each app's ready() registered what it reacts to, in the
    order of INSTALLED_APPS (shared apps first, then the tenant apps)."""
    assert _receivers(assessment_released) == [
        "publishing.tasks.assessment_publish_later",
        "notifications.events.on_assessment_released",
        "roadmap.measures.services.measure_statuses_record_at_release",
    ]
    assert _receivers(assessment_reopened) == [
        "publishing.tasks.assessment_publish_later",
        "notifications.events.on_assessment_reopened",
    ]
    assert _receivers(answers_changed) == ["publishing.tasks.assessment_progress_publish_later"]
    assert _receivers(town_items) == [
        "roadmap.measures.selectors.measures_publishable",
        "solutions.selectors.solutions_publishable",
    ]
    assert _receivers(measures_at_release) == ["roadmap.measures.selectors.measures_at_release"]
    assert _receivers(items_published) == ["benchmarking.services.duplicate_flags_refresh_on_publish"]
    assert _receivers(joint_project_items_changed) == [
        "benchmarking.services.duplicate_flags_refresh_on_project_change"
    ]
    assert _receivers(campaign_opened) == ["notifications.events.on_campaign_opened"]
    assert _receivers(duplicate_flags_raised) == ["notifications.events.on_duplicate_flags_raised"]
    assert _receivers(assessment_published) == [
        "benchmarking.services.size_class_figures_refresh_on_publish",
        "notifications.events.on_assessment_published",
    ]
    assert _receivers(joint_project_changed) == ["notifications.events.on_joint_project_changed"]
    # Working together (D106): mentions, mentoring and partners' proposals notify.
    assert _receivers(comment_posted) == ["notifications.events.on_comment_posted"]
    assert _receivers(mentor_requested) == ["notifications.events.on_mentor_requested"]
    assert _receivers(mentoring_changed) == ["notifications.events.on_mentoring_changed"]
    assert _receivers(request_declined) == ["notifications.events.on_mentor_request_declined"]
    assert _receivers(interest_declared) == ["notifications.events.on_interest_declared"]
    assert _receivers(proposal_submitted) == ["notifications.events.on_proposal_submitted"]
    assert _receivers(proposal_decided) == ["notifications.events.on_proposal_decided"]
