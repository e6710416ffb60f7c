# Issue 9, strand L2: register data as proposals, and the day a posted letter counts as received.
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('cases', '0007_decisions_letters'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='letter_posted_on',
            field=models.DateField(blank=True, null=True, verbose_name='brevet skickat'),
        ),
        migrations.CreateModel(
            name='RegisterProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('income', 'Inkomst'), ('cost', 'Kostnad'), ('household_fact', 'Hushållsuppgift'), ('asset', 'Tillgång')], default='income', max_length=20)),
                ('type', models.CharField(max_length=40)),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)])),
                ('register_source', models.CharField(max_length=20)),
                ('benefit', models.CharField(blank=True, max_length=100)),
                ('reference', models.CharField(blank=True, max_length=100)),
                ('period_month', models.DateField()),
                ('status', models.CharField(choices=[('pending', 'Inte prövad'), ('accepted', 'Godtagen'), ('rejected', 'Avvisad')], default='pending', max_length=10)),
                ('accepted_by_rule', models.BooleanField(default=False)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('reason', models.TextField(blank=True, verbose_name='skäl')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='register_proposals', to='cases.application')),
                ('client_line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.applicationline')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.applicationline')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person')),
            ],
            options={
                'verbose_name': 'registeruppgift att pröva',
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('application', 'member', 'type', 'amount'), name='cases_register_proposal_once')],
            },
        ),
    ]
