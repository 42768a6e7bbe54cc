"""Publishing: what towns release, copied as immutable snapshots into the public schema.

The one place that reads a town's schema for the district ("publish, don't reach
across", docs/architecture.md); benchmarking and the district's roadmap read only these snapshots.
"""
