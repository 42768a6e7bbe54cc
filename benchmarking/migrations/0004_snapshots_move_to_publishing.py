# The snapshot models move to publishing (its 0001): state only, no table is touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0001_initial'),
        ('benchmarking', '0003_published_measures'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='assessmentsnapshot',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='assessmentsnapshot',
                    name='grid',
                ),
                migrations.RemoveField(
                    model_name='assessmentsnapshot',
                    name='town',
                ),
                migrations.RemoveField(
                    model_name='fieldscoresnapshot',
                    name='snapshot',
                ),
                migrations.RemoveField(
                    model_name='measurestatussnapshot',
                    name='snapshot',
                ),
                migrations.RemoveField(
                    model_name='itemsnapshot',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='itemsnapshot',
                    name='town',
                ),
                migrations.RemoveField(
                    model_name='publisheditem',
                    name='snapshot',
                ),
                migrations.DeleteModel(
                    name='AnswerSnapshot',
                ),
                migrations.DeleteModel(
                    name='FieldScoreSnapshot',
                ),
                migrations.DeleteModel(
                    name='AssessmentSnapshot',
                ),
                migrations.DeleteModel(
                    name='MeasureStatusSnapshot',
                ),
                migrations.DeleteModel(
                    name='ItemSnapshot',
                ),
                migrations.DeleteModel(
                    name='PublishedItem',
                ),
            ],
        ),
    ]
