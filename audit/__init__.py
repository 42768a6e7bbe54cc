"""The town's own audit history (tenant app: one table per town schema).

Who changed what, when, before → after. Stored in the town's schema, so it is the town's data
and leaves with it in exports.
"""
