"""Districts and towns: the tenancy of Kreisagenda (shared app, public schema).

Every town (and the district administration) is a django-tenants tenant with a schema of its own.
"""
