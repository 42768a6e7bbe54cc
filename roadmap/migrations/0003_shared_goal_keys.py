# A joint project's goals are named by their stable key, not by a version's goal id (decision D60).

import django.contrib.postgres.fields
from django.db import migrations, models


def goal_ids_to_keys(apps, schema_editor):
    Goal = apps.get_model("shared_vision", "Goal")
    JointProject = apps.get_model("roadmap", "JointProject")
    keys = dict(Goal.objects.values_list("pk", "key"))
    for project in JointProject.objects.exclude(shared_goal_ids=[]):
        project.shared_goal_ids = sorted({keys[int(goal_id)] for goal_id in project.shared_goal_ids if int(goal_id) in keys})
        project.save(update_fields=["shared_goal_ids"])


class Migration(migrations.Migration):

    dependencies = [
        ("roadmap", "0002_joint_project_plan"),
        ("shared_vision", "0002_goal_key"),
    ]

    # Changed in place (ids become their text, then keys), so the column keeps its position: a
    # schema built by migrations stays equal to one replayed from the blueprint (D4).
    operations = [
        migrations.AlterField(
            model_name="jointproject",
            name="shared_goal_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=48), blank=True, default=list, size=None, verbose_name="Ziele"
            ),
        ),
        migrations.RunPython(goal_ids_to_keys, migrations.RunPython.noop),
        migrations.RenameField(model_name="jointproject", old_name="shared_goal_ids", new_name="shared_goal_keys"),
    ]
