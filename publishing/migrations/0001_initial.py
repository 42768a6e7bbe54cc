# The snapshot models move here from benchmarking: state only, the tables stay (renamed in 0002).

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('benchmarking', '0003_published_measures'),
        ('quickcheck', '0001_initial'),
        ('tenants', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AssessmentSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='Erhebungsjahr')),
                        ('version', models.PositiveIntegerField(verbose_name='Version')),
                        ('status', models.CharField(choices=[('released', 'freigegeben'), ('withdrawn', 'zurückgenommen')], max_length=16, verbose_name='Status')),
                        ('town_kind', models.CharField(max_length=32)),
                        ('population', models.PositiveIntegerField(verbose_name='Einwohnerzahl')),
                        ('released_at', models.DateTimeField(blank=True, null=True, verbose_name='freigegeben am')),
                        ('is_sample_data', models.BooleanField(default=False, verbose_name='Beispieldaten')),
                        ('overall_current', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('overall_target', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('content_hash', models.CharField(max_length=64)),
                        ('published_at', models.DateTimeField(auto_now_add=True, verbose_name='veröffentlicht am')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.district')),
                        ('grid', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='quickcheck.gridversion')),
                        ('town', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessment_snapshots', to='tenants.town')),
                    ],
                    options={
                        'verbose_name': 'Veröffentlichter Quick Check',
                        'verbose_name_plural': 'Veröffentlichte Quick Checks',
                        'db_table': 'benchmarking_assessmentsnapshot',
                        'ordering': ['town_id', '-version'],
                    },
                ),
                migrations.CreateModel(
                    name='AnswerSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question_code', models.CharField(max_length=16)),
                        ('field_key', models.CharField(max_length=40)),
                        ('current_level', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('target_level', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('not_applicable', models.BooleanField(default=False)),
                        ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='publishing.assessmentsnapshot')),
                    ],
                    options={
                        'db_table': 'benchmarking_answersnapshot',
                        'ordering': ['snapshot_id', 'question_code'],
                    },
                ),
                migrations.CreateModel(
                    name='FieldScoreSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('field_key', models.CharField(max_length=40)),
                        ('field_name', models.CharField(max_length=120)),
                        ('position', models.PositiveSmallIntegerField()),
                        ('current', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('target', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('questions_counted', models.PositiveSmallIntegerField()),
                        ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='field_scores', to='publishing.assessmentsnapshot')),
                    ],
                    options={
                        'db_table': 'benchmarking_fieldscoresnapshot',
                        'ordering': ['snapshot_id', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='ItemSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(verbose_name='Version')),
                        ('content_hash', models.CharField(max_length=64)),
                        ('published_at', models.DateTimeField(auto_now_add=True, verbose_name='veröffentlicht am')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.district')),
                        ('town', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='item_snapshots', to='tenants.town')),
                    ],
                    options={
                        'verbose_name': 'Veröffentlichte Einträge',
                        'verbose_name_plural': 'Veröffentlichte Einträge',
                        'db_table': 'benchmarking_itemsnapshot',
                        'ordering': ['town_id', '-version'],
                    },
                ),
                migrations.CreateModel(
                    name='MeasureStatusSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('measure_id', models.BigIntegerField()),
                        ('title', models.CharField(max_length=200)),
                        ('field_keys', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), default=list, size=None)),
                        ('status', models.CharField(max_length=16)),
                        ('progress', models.PositiveSmallIntegerField()),
                        ('end_quarter', models.CharField(blank=True, max_length=7)),
                        ('question_targets', models.JSONField(default=list)),
                        ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='publishing.assessmentsnapshot')),
                    ],
                    options={
                        'db_table': 'benchmarking_measurestatussnapshot',
                        'ordering': ['snapshot_id', 'measure_id'],
                    },
                ),
                migrations.CreateModel(
                    name='PublishedItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item_kind', models.CharField(choices=[('solution', 'Lösung (Register)'), ('measure', 'Maßnahme')], max_length=16)),
                        ('item_id', models.BigIntegerField()),
                        ('field_key', models.CharField(max_length=40)),
                        ('category', models.CharField(blank=True, max_length=32)),
                        ('title', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('product', models.CharField(blank=True, max_length=120)),
                        ('vendor', models.CharField(blank=True, max_length=120)),
                        ('stage', models.CharField(choices=[('planned', 'geplant'), ('procurement', 'in Beschaffung / Umsetzung'), ('in_use', 'im Einsatz'), ('inactive', 'verworfen')], max_length=16)),
                        ('contract_end', models.DateField(blank=True, null=True)),
                        ('item_hash', models.CharField(max_length=64)),
                        ('status', models.CharField(blank=True, max_length=16)),
                        ('priority', models.CharField(blank=True, choices=[('high', 'hoch'), ('medium', 'mittel'), ('low', 'niedrig')], max_length=8)),
                        ('other_field_keys', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None)),
                        ('start_quarter', models.CharField(blank=True, max_length=7)),
                        ('end_quarter', models.CharField(blank=True, max_length=7)),
                        ('progress', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('responsible_unit', models.CharField(blank=True, max_length=200)),
                        ('is_lighthouse', models.BooleanField(default=False)),
                        ('lesson_learned', models.TextField(blank=True)),
                        ('snapshot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='publishing.itemsnapshot')),
                    ],
                    options={
                        'db_table': 'benchmarking_publisheditem',
                        'ordering': ['snapshot_id', 'item_kind', 'item_id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='assessmentsnapshot',
                    index=models.Index(fields=['district', 'year', 'town', '-version'], name='assessment_snapshot_latest'),
                ),
                migrations.AddConstraint(
                    model_name='assessmentsnapshot',
                    constraint=models.UniqueConstraint(fields=('town', 'grid', 'version'), name='assessment_snapshot_version_once'),
                ),
                migrations.AddConstraint(
                    model_name='answersnapshot',
                    constraint=models.UniqueConstraint(fields=('snapshot', 'question_code'), name='answer_snapshot_once'),
                ),
                migrations.AddConstraint(
                    model_name='fieldscoresnapshot',
                    constraint=models.UniqueConstraint(fields=('snapshot', 'field_key'), name='field_score_once'),
                ),
                migrations.AddIndex(
                    model_name='itemsnapshot',
                    index=models.Index(fields=['district', 'town', '-version'], name='item_snapshot_latest'),
                ),
                migrations.AddConstraint(
                    model_name='itemsnapshot',
                    constraint=models.UniqueConstraint(fields=('town', 'version'), name='item_snapshot_version_once'),
                ),
                migrations.AddConstraint(
                    model_name='measurestatussnapshot',
                    constraint=models.UniqueConstraint(fields=('snapshot', 'measure_id'), name='measure_status_snapshot_once'),
                ),
                migrations.AddConstraint(
                    model_name='publisheditem',
                    constraint=models.UniqueConstraint(fields=('snapshot', 'item_kind', 'item_id'), name='published_item_once'),
                ),
            ],
        ),
    ]
