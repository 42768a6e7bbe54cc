"""Accounts and memberships (shared app): one account, many roles across districts and towns."""
