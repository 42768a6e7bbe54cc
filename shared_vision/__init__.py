"""Shared vision (Leitbild): vision, principles, fields of action and goals of the district (public schema).

Filled by the issue "Shared vision and Quick Check".
"""
