"""The SQL functions behind duplicated-structure detection (see benchmarking/similarity.py).

pg_trgm would give trigram similarity, but it is a contrib extension that the embedded server
does not ship (docs/decisions.md, D13); these functions do the same on German word stems with core SQL only.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION kreisagenda_trigrams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr('  ' || stem || ' ', position, 3)), '{}')
    FROM unnest(tsvector_to_array(to_tsvector('german'::regconfig, coalesce(doc, '')))) AS stem,
         generate_series(1, length(stem) + 1) AS position
$$;

CREATE OR REPLACE FUNCTION kreisagenda_jaccard(first text[], second text[]) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN cardinality(first) = 0 OR cardinality(second) = 0 THEN 0::numeric
    ELSE (SELECT count(*) FROM (SELECT unnest(first) INTERSECT SELECT unnest(second)) AS common)::numeric
       / (SELECT count(*) FROM (SELECT unnest(first) UNION SELECT unnest(second)) AS either)
    END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS kreisagenda_jaccard(text[], text[]);
DROP FUNCTION IF EXISTS kreisagenda_trigrams(text);
"""


class Migration(migrations.Migration):
    dependencies = [("benchmarking", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
