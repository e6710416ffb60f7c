# The household as it is in life (issue 9): other adults in the home, where each membership comes
# from, the co-applicant's registration at the address, the reasons for changes, and one default
# for a child's lunch at home (True, as the norm engine).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('people', '0002_payout_account'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='householdmember',
            name='registered_at_address',
            field=models.BooleanField(blank=True, null=True, verbose_name='folkbokförd på adressen'),
        ),
        migrations.AddField(
            model_name='householdmember',
            name='source',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='källa'),
        ),
        migrations.AddField(
            model_name='householdmember',
            name='unregistered_reason',
            field=models.TextField(blank=True, default='', verbose_name='varför inte folkbokförd på adressen'),
        ),
        migrations.AlterField(
            model_name='householdmember',
            name='lunch_at_home',
            field=models.BooleanField(default=True, verbose_name='äter lunch hemma'),
        ),
        migrations.AlterField(
            model_name='householdmember',
            name='role',
            field=models.CharField(choices=[('applicant', 'Sökande'), ('co_applicant', 'Medsökande'), ('child', 'Barn'), ('other_adult', 'Annan vuxen i hemmet')], max_length=20, verbose_name='roll i hushållet'),
        ),
        migrations.CreateModel(
            name='HouseholdChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case_id', models.BigIntegerField(blank=True, null=True)),
                ('kind', models.CharField(choices=[('added', 'Lades till'), ('edited', 'Ändrades'), ('ended', 'Avslutades')], max_length=10)),
                ('reason', models.TextField(blank=True, verbose_name='skäl')),
                ('before', models.JSONField(blank=True, default=dict)),
                ('after', models.JSONField(blank=True, default=dict)),
                ('changed_at', models.DateTimeField(auto_now_add=True)),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('client_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='people.householdmember')),
            ],
            options={
                'verbose_name': 'ändring i hushållet',
                'ordering': ['changed_at', 'id'],
            },
        ),
    ]
