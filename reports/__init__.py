"""Reports for council papers: the conference's joint Lagebild and one town's, as PDF, XLSX and CSV.

Built in the background from published data only and kept for download (docs/decisions.md D50).
"""
