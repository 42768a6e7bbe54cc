"""Events of partners' proposals that apps above it react to (they register in ``ready()``).

Both fire inside the service's transaction, after the proposal was written; a receiver that sends
something waits for the commit itself (``transaction.on_commit``).

``proposal_submitted(proposal)``: a partner proposed a measure (``proposal_submit``). Who should hear
of it: for ``proposal.town`` its digital officers (they decide; its viewers may read it), for a
proposal to the district as a whole (``proposal.town is None``) the coordinators of
``proposal.district``. The text may use ``proposal.title``, ``proposal.organisation`` and
``proposal.get_organisation_kind_display()``.

``proposal_decided(proposal)``: a town's officer or the coordination accepted or declined it
(``proposal_accept``, ``proposal_decline``). ``proposal.status`` is ``accepted`` or ``declined``,
``proposal.decision_reason`` the reason of a refusal, ``proposal.decided_by`` who decided.
Who should hear of it: ``proposal.submitted_by`` (may be None when the account is gone), and the
other partners of ``proposal.organisation`` in ``proposal.district`` (they see the proposal too, D95).
An accepted proposal to a town names the new draft measure by ``proposal.measure_id`` (in the
town's schema); one to the district names ``proposal.joint_project``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from partners.models import Proposal

proposal_submitted: Hook[[Proposal], None] = Hook("proposal_submitted")
proposal_decided: Hook[[Proposal], None] = Hook("proposal_decided")
