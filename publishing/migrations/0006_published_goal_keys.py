# Published measures name the goals they serve by their stable key (decision D60).

import django.contrib.postgres.fields
from django.db import migrations, models


def goal_ids_to_keys(apps, schema_editor):
    Goal = apps.get_model("shared_vision", "Goal")
    PublishedItem = apps.get_model("publishing", "PublishedItem")
    keys = dict(Goal.objects.values_list("pk", "key"))
    for item in PublishedItem.objects.exclude(shared_goal_ids=[]):
        item.shared_goal_ids = sorted({keys[int(goal_id)] for goal_id in item.shared_goal_ids if int(goal_id) in keys})
        item.save(update_fields=["shared_goal_ids"])


class Migration(migrations.Migration):

    dependencies = [
        ("publishing", "0005_published_measure_goals"),
        ("shared_vision", "0002_goal_key"),
    ]

    # Changed in place (ids become their text, then keys), so the column keeps its position: a
    # schema built by migrations stays equal to one replayed from the blueprint (D4).
    operations = [
        migrations.AlterField(
            model_name="publisheditem",
            name="shared_goal_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=48), blank=True, default=list, size=None
            ),
        ),
        migrations.RunPython(goal_ids_to_keys, migrations.RunPython.noop),
        migrations.RenameField(model_name="publisheditem", old_name="shared_goal_ids", new_name="shared_goal_keys"),
    ]
