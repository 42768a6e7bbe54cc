# A measure's goals are named by their stable key, not by a version's goal id (decision D60).
# Town schema: the goals live in the public schema, read by name (no foreign key across schemas, D15).

import django.contrib.postgres.fields
from django.conf import settings
from django.db import migrations, models


def goal_ids_to_keys(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    measures = list(Measure.objects.exclude(shared_goal_ids=[]))
    if not measures:
        return
    public = schema_editor.connection.ops.quote_name(getattr(settings, "PUBLIC_SCHEMA_NAME", "public"))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, key FROM {public}.shared_vision_goal")  # noqa: S608 - a quoted schema name
        keys = dict(cursor.fetchall())
    for measure in measures:
        measure.shared_goal_ids = sorted({keys[int(goal_id)] for goal_id in measure.shared_goal_ids if int(goal_id) in keys})
    Measure.objects.bulk_update(measures, ["shared_goal_ids"])


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0001_initial"),
        ("shared_vision", "0002_goal_key"),
    ]

    # Changed in place (ids become their text, then keys), so the column keeps its position: a
    # schema built by migrations stays equal to one replayed from the blueprint (D4).
    operations = [
        migrations.AlterField(
            model_name="measure",
            name="shared_goal_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=48), blank=True, default=list, size=None, verbose_name="Ziele"
            ),
        ),
        migrations.RunPython(goal_ids_to_keys, migrations.RunPython.noop),
        migrations.RenameField(model_name="measure", old_name="shared_goal_ids", new_name="shared_goal_keys"),
    ]
