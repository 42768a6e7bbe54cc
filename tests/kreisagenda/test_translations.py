"""The English catalogue is complete and compiled: every entry translated, none fuzzy, no leftover
previous-msgid lines, and the committed .mo carries exactly the .po's translations."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = REPO_DIR / "platform/kreisagenda/locale/en/LC_MESSAGES/django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    previous: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # msgid, msgid_plural, msgstr, msgstr[0], …


def _entries() -> list[Entry]:
    """A small .po reader: comments, flags and (possibly continued) quoted fields, entry by entry."""
    entries: list[Entry] = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#|"):
                entry.previous = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry.fields[current] += ast.literal_eval(line)
            elif line.strip():
                current, _, value = line.partition(" ")
                entry.fields[current] = ast.literal_eval(value)
        if entry.fields:
            entries.append(entry)
    return entries


def _messages() -> list[Entry]:
    return [entry for entry in _entries() if entry.fields["msgid"]]  # without the header


def test_the_catalogue_is_read_whole() -> None:
    messages = _messages()
    assert len(messages) > 1000
    assert any(entry.fields["msgid"] == "Kreis" and entry.fields["msgstr"] == "District" for entry in messages)
    assert any("msgid_plural" in entry.fields for entry in messages)


def test_every_english_translation_is_there_and_none_is_fuzzy() -> None:
    messages = _messages()
    untranslated = [
        entry.fields["msgid"]
        for entry in messages
        if any(not value for name, value in entry.fields.items() if name.startswith("msgstr"))
    ]
    fuzzy = [entry.fields["msgid"] for entry in messages if "fuzzy" in entry.flags]
    previous = [entry.fields["msgid"] for entry in messages if entry.previous]
    assert untranslated == []
    assert fuzzy == []
    assert previous == []


def test_the_compiled_catalogue_matches_the_po() -> None:
    with COMPILED.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in _messages():
        msgid = entry.fields["msgid"]
        if "msgid_plural" in entry.fields:
            got = [catalogue.ngettext(msgid, entry.fields["msgid_plural"], n) for n in (1, 2)]
            wanted = [entry.fields["msgstr[0]"], entry.fields["msgstr[1]"]]
        else:
            got, wanted = [catalogue.gettext(msgid)], [entry.fields["msgstr"]]
        if got != wanted:
            stale.append(msgid)
    assert stale == []
