"""What a comment is about: a town's measure, a joint project or a duplicate flag, with who sees it.

An item carries its own visibility rule (the action and target its page checks), so the comments
on it are shown to, written by and may mention exactly those people (D88).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from kreisagenda.permissions import Action

from comments.models import CommentKind
from tenants.models import District, Town


@dataclass(frozen=True)
class CommentItem:
    kind: CommentKind
    district: District
    town: Town | None  # the measure's town; None for the district's own items
    item_id: int
    title: str

    @property
    def read_action(self) -> Action:
        """The rule of the item's page: a measure's page is the town's (its people and the district's
        coordinators), a joint project's the district's (everyone in it), the flags page the coordinators'."""
        match self.kind:
            case CommentKind.MEASURE:
                return Action.VIEW_TOWN
            case CommentKind.JOINT_PROJECT:
                return Action.VIEW_DISTRICT
        return Action.DECIDE_DUPLICATES

    @property
    def read_target(self) -> District | Town:
        return self.town if self.town is not None else self.district

    @property
    def moderated_by(self) -> District | None:
        """Whose coordinators may remove others' comments: the district's, on its own items only."""
        return None if self.town is not None else self.district

    @property
    def kind_label(self) -> str:
        return str(CommentKind(self.kind).label)

    def _args(self) -> list[object]:
        if self.town is not None:
            return [self.district.slug, self.town.slug, self.item_id]
        return [self.district.slug, self.item_id]

    @property
    def page_url(self) -> str:
        """The item's own page (the flags page for a flag)."""
        match self.kind:
            case CommentKind.MEASURE:
                return reverse("measure-page", args=self._args())
            case CommentKind.JOINT_PROJECT:
                return reverse("joint-project-page", args=self._args())
        return reverse("flags-page", args=[self.district.slug]) + f"#flag-{self.item_id}"

    @property
    def comments_url(self) -> str:
        return reverse(f"{self.kind}-comments", args=self._args())

    def comment_url(self, comment_id: int) -> str:
        return reverse(f"{self.kind}-comment", args=[*self._args(), comment_id])
