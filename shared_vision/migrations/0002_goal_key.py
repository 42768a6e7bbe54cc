# Goals get a stable key (decision D60). Existing goals are keyed version by version, oldest first:
# a goal with the same text in the same field as a goal of an earlier version of the district
# takes that goal's key; any other goal gets "<field key>-<n>" with n above every number used.

import django.core.validators
from django.db import migrations, models


def goal_keys_fill(apps, schema_editor):
    Goal = apps.get_model("shared_vision", "Goal")
    VisionVersion = apps.get_model("shared_vision", "VisionVersion")
    for district_id in VisionVersion.objects.values_list("district_id", flat=True).distinct():
        known: dict[tuple[str, str], str] = {}
        numbers: dict[str, int] = {}
        for version in VisionVersion.objects.filter(district_id=district_id).order_by("number"):
            taken: set[str] = set()
            goals = list(
                Goal.objects.filter(field__version=version)
                .select_related("field")
                .order_by("field__position", "position", "pk")
            )
            for goal in goals:
                key = known.get((goal.field.key, goal.text))
                if key is None or key in taken:
                    numbers[goal.field.key] = numbers.get(goal.field.key, 0) + 1
                    key = f"{goal.field.key}-{numbers[goal.field.key]}"
                    known.setdefault((goal.field.key, goal.text), key)
                taken.add(key)
                goal.key = key
            Goal.objects.bulk_update(goals, ["key"])


class Migration(migrations.Migration):

    dependencies = [
        ("shared_vision", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="key",
            field=models.CharField(default="", max_length=48, verbose_name="Kennung"),
            preserve_default=False,
        ),
        migrations.RunPython(goal_keys_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="goal",
            name="key",
            field=models.CharField(
                max_length=48,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z][a-z0-9-]{0,47}\\Z",
                        "Die Kennung eines Ziels besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. „verwaltung-2“.",
                    )
                ],
                verbose_name="Kennung",
            ),
        ),
    ]
