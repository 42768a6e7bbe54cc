"""Events of mentoring that apps above it react to (they register in ``ready()``; notifications).

All fire inside the service's transaction, after the write:

* ``mentor_requested(request)`` — a town's digital officer asked for a mentor
  (``mentoring.services.mentor_request_create``). ``request.town`` asks, in ``request.field_key``
  (``request.district``'s field of action), with ``request.message``; ``request.preferred_mentor``
  is set only where the town sees peers' names. Tell: the district's coordinators.
* ``mentoring_changed(mentorship, change, actor)`` — a mentoring record was created (``change``
  ``"created"``, also when made from a request), changed by the coordination (``"updated"``) or its
  status/notes changed by one of the two towns (``"status"``). Tell: the people of
  ``mentorship.mentor_town`` and ``mentorship.mentee_town`` (and the coordinators, unless ``actor``
  is one); nobody else may see the record.
* ``request_declined(request, actor)`` — the coordination declined a request
  (``request.decision_note`` says why). Tell: the people of ``request.town``.
* ``interest_declared(interest)`` — a town's digital officer marked interest in a joint project it
  is not part of (``interest.town``, ``interest.joint_project``, ``interest.message``). Tell: the
  district's coordinators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from mentoring.models import MentorRequest, Mentorship, ProjectInterest

mentor_requested: Hook[[MentorRequest], None] = Hook("mentor_requested")
mentoring_changed: Hook[[Mentorship, str, User | None], None] = Hook("mentoring_changed")
request_declined: Hook[[MentorRequest, User | None], None] = Hook("request_declined")
interest_declared: Hook[[ProjectInterest], None] = Hook("interest_declared")
