"""The comment forms of the pages: the text and whom to mention, chosen from those who see the item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from kreisagenda.forms import form_errors_add

from accounts.models import User
from comments.models import TEXT_MAX_LENGTH


class _ServiceErrors(forms.Form):
    def errors_add(self, error: ValidationError) -> None:
        """A service's refusal, keyed by field, shown at the field and in the error summary."""
        form_errors_add(self, error)


class _Mentions(forms.MultipleChoiceField):
    """Any address is passed on: the service refuses those who cannot see the item, naming them (D89)."""

    def valid_value(self, value: Any) -> bool:
        return True


class CommentForm(_ServiceErrors):
    text = forms.CharField(
        label=_("Kommentar"),
        required=False,  # the service says what is missing, for the page and the API alike
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH, "aria-describedby": "comment-text-hint"}),
    )
    mentions = _Mentions(
        label=_("Erwähnen"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5, "aria-describedby": "comment-mentions-hint"}),
    )

    def __init__(self, *args: Any, people: Sequence[User] = (), author: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(user.email, f"{user} ({user.email})") for user in people if author is None or user.pk != author.pk]
        mentions = self.fields["mentions"]
        assert isinstance(mentions, forms.MultipleChoiceField)
        mentions.choices = choices
        if not choices:
            del self.fields["mentions"]


class CommentEditForm(_ServiceErrors):
    text = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX_LENGTH, "aria-describedby": "comment-text-hint"}),
    )
