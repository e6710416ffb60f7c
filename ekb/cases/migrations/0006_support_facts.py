# Issue 9, strand M2: months of försörjningsstöd from an earlier case or another municipality.
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0005_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EarlierSupportMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='månad')),
                ('source', models.CharField(max_length=300, verbose_name='källa')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('removed_at', models.DateTimeField(blank=True, null=True)),
                ('removal_reason', models.TextField(blank=True, verbose_name='skäl')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='earlier_support', to='cases.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('removed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'tidigare månad med försörjningsstöd',
                'constraints': [models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('case', 'month'), name='cases_earlier_support_one_a_month')],
            },
        ),
    ]
