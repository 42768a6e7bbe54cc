"""Comments on measures, joint projects and duplicate flags (issue 16, item 3).

Shared app (public schema): the comments on the district's items (joint projects, flags) and their
history. Its tenant sub-app ``comments.town`` keeps the comments on a town's measures in the town's
schema, with their history in the town's audit history (D88–D90).
"""
