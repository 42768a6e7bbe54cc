"""Benchmarking: compares towns' released results from published snapshots (public schema).

Filled by the issue "Benchmarking"; reads only published data, never loops over town schemas.
"""
