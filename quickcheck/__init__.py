"""Quick Check (IST-Analyse): the district's grid (public schema, this app) and each town's
answers (tenant sub-app ``quickcheck.answers``). Apps are either shared or tenant, never both.
"""
