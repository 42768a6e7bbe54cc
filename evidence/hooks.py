"""Events of a town's evidence files that apps above ``evidence`` may react to (register in ``ready()``).

Both fire inside the service's transaction, in the town's schema, after the file's row and its
history entry are written (a receiver that sends something waits for the commit itself):

* ``evidence_file_added(town, owner, file, actor)``: ``file`` was uploaded to ``owner`` (the answer
  or measure, with its label, e.g. "Quick Check 2026, Frage VW-1") by ``actor``.
* ``evidence_file_removed(town, owner, file, actor)``: ``file`` was deleted (the row object, no
  longer in the database; its name, type and size still readable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceFile
    from evidence.services import EvidenceOwner
    from tenants.models import Town

evidence_file_added: Hook[[Town, EvidenceOwner, EvidenceFile, User | None], None] = Hook("evidence_file_added")
evidence_file_removed: Hook[[Town, EvidenceOwner, EvidenceFile, User | None], None] = Hook("evidence_file_removed")
