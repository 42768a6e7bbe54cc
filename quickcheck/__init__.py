"""Quick Check (IST-Analyse): the district's grid and each town's answers.

Filled by the issue "Shared vision and Quick Check". The grid is shared (public schema); the
answers are per town, so they will live in a separate tenant app (apps are never both).
"""
