"""Shared vision (Leitbild) of a district: vision, guiding principles, fields of action and goals.

The versions live in the public schema (shared app ``shared_vision``); each town's own priorities
and local goals live in the town's schema (tenant sub-app ``shared_vision.town_focus``).
"""
