"""Mentoring (Patenschaften): a strong town mentors a weak one, towns ask for a mentor, shared gaps
become joint projects, towns declare interest in joint projects (docs/architecture.md)."""
