"""The upload form of a page (a plain multipart form: works without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from evidence.sniff import ACCEPT


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Nachweis hochladen (PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
