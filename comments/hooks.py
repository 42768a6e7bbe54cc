"""Events of the comments that apps above them react to (notifications register in ``ready()``).

``comment_posted(item, comment, author, mentioned)`` fires when someone has written a comment, inside
the transaction that stored it (``comments.services.comment_post``):

* ``item`` (:class:`comments.items.CommentItem`): what the comment is about — kind (measure, joint
  project, flag), district, town (for a measure), id, title, ``page_url`` and ``comments_url``, and
  who may see it (``read_action`` on ``read_target``, see ``kreisagenda.permissions.people_who_can``);
* ``comment``: the stored comment (``DistrictComment`` or, for a measure, ``MeasureComment``);
* ``author``: the account that wrote it;
* ``mentioned``: the accounts it mentions, each of whom may see the item (others are refused before
  anything is stored, D89); the author is never among them.

For a measure the town's schema is active while the receivers run (the comment is the town's); the
public tables stay on the search path. Receivers that send something do it on commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from comments.items import CommentItem
    from comments.models import CommentBase

comment_posted: Hook[[CommentItem, CommentBase, User, list[User]], None] = Hook("comment_posted")
