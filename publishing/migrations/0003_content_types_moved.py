# The snapshot models' content types (and so their permissions) follow them from benchmarking.

from django.db import migrations

MOVED = ["assessmentsnapshot", "fieldscoresnapshot", "answersnapshot", "measurestatussnapshot", "itemsnapshot", "publisheditem"]


def content_types_move(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="publishing", model=model).exists():
            content_type.objects.filter(app_label="benchmarking", model=model).update(app_label="publishing")


def content_types_return(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="benchmarking", model=model).exists():
            content_type.objects.filter(app_label="publishing", model=model).update(app_label="benchmarking")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publishing", "0002_snapshot_tables_renamed"),
    ]

    operations = [migrations.RunPython(content_types_move, content_types_return)]
