import django.core.validators
import django.db.models.deletion
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


def end_tokens_without_fingerprint(apps, schema_editor):
    """Tokens issued before they kept their user's credentials fingerprint could outlive a password change:
    they end here (at most API_TOKEN_TTL early); their holders ask for new ones."""
    apps.get_model("accounts", "ApiToken").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_county_report_contact'),
    ]

    operations = [
        migrations.RunPython(end_tokens_without_fingerprint, migrations.RunPython.noop),
        migrations.AddField(
            model_name='apitoken',
            name='created_from',
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='fingerprint',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='public_id',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name='county',
            name='lockout_minutes',
            field=models.PositiveSmallIntegerField(default=30, help_text='How long an account locked by failed sign-ins stays locked unless a county admin unlocks it.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1440)]),
        ),
        migrations.AddField(
            model_name='historicalcounty',
            name='lockout_minutes',
            field=models.PositiveSmallIntegerField(default=30, help_text='How long an account locked by failed sign-ins stays locked unless a county admin unlocks it.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1440)]),
        ),
        migrations.AddField(
            model_name='historicaluser',
            name='locked_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When failed sign-ins locked the account.', null=True),
        ),
        migrations.AddField(
            model_name='historicaluser',
            name='reactivated_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When a closed account was last opened again.', null=True),
        ),
        migrations.AddField(
            model_name='historicaluser',
            name='session_generation',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='user',
            name='failed_sign_ins',
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='user',
            name='failures_began_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='locked_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When failed sign-ins locked the account.', null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='reactivated_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='When a closed account was last opened again.', null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='session_generation',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name='HistoricalAccountEvent',
            fields=[
                ('id', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ('kind', models.CharField(choices=[('signed_in', 'Signed in'), ('sign_in_failed', 'Sign-in failed'), ('sign_in_refused_locked', 'Sign-in refused: account locked'), ('locked', 'Locked after failed sign-ins'), ('unlocked', 'Unlocked'), ('mfa_enrolled', 'Authenticator set up'), ('mfa_reset', 'Authenticator reset'), ('password_changed', 'Password changed'), ('token_revoked', 'API token revoked'), ('session_expired', 'Signed out by the time limit'), ('created', 'Account created'), ('changed', 'Account changed'), ('closed', 'Account closed'), ('reopened', 'Account opened again'), ('disabled_unused', 'Closed after 90 days unused')], max_length=30)),
                ('at', models.DateTimeField(db_index=True)),
                ('via', models.CharField(choices=[('page', 'Web page'), ('api', 'API'), ('system', 'Scheduled task or command')], max_length=10)),
                ('source_address', models.GenericIPAddressField(blank=True, null=True)),
                ('detail', models.CharField(blank=True, max_length=300)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('county', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.county')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical account event',
                'verbose_name_plural': 'historical account events',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='AccountEvent',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('signed_in', 'Signed in'), ('sign_in_failed', 'Sign-in failed'), ('sign_in_refused_locked', 'Sign-in refused: account locked'), ('locked', 'Locked after failed sign-ins'), ('unlocked', 'Unlocked'), ('mfa_enrolled', 'Authenticator set up'), ('mfa_reset', 'Authenticator reset'), ('password_changed', 'Password changed'), ('token_revoked', 'API token revoked'), ('session_expired', 'Signed out by the time limit'), ('created', 'Account created'), ('changed', 'Account changed'), ('closed', 'Account closed'), ('reopened', 'Account opened again'), ('disabled_unused', 'Closed after 90 days unused')], max_length=30)),
                ('at', models.DateTimeField(db_index=True)),
                ('via', models.CharField(choices=[('page', 'Web page'), ('api', 'API'), ('system', 'Scheduled task or command')], max_length=10)),
                ('source_address', models.GenericIPAddressField(blank=True, null=True)),
                ('detail', models.CharField(blank=True, max_length=300)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='account_events_made', to=settings.AUTH_USER_MODEL)),
                ('county', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='account_events', to='accounts.county')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='account_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['county', 'at'], name='accounts_ac_county__cce5fb_idx'), models.Index(fields=['user', 'kind', 'at'], name='accounts_ac_user_id_a9caec_idx')],
            },
        ),
    ]
