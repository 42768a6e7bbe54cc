"""A town's Quick-Check answers, drafts and releases (tenant app: lives in each town's schema)."""
