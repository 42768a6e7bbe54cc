# The snapshot tables take publishing's names (the tables were benchmarking_*).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='answersnapshot',
            table=None,
        ),
        migrations.AlterModelTable(
            name='assessmentsnapshot',
            table=None,
        ),
        migrations.AlterModelTable(
            name='fieldscoresnapshot',
            table=None,
        ),
        migrations.AlterModelTable(
            name='itemsnapshot',
            table=None,
        ),
        migrations.AlterModelTable(
            name='measurestatussnapshot',
            table=None,
        ),
        migrations.AlterModelTable(
            name='publisheditem',
            table=None,
        ),
    ]
