"""A reopened clock alerts again: clocks count their rounds of alerts, a notice names the round it told of.

Every clock and notice so far is in round 1. The new constraint is added before the old one goes, so each
clock's alerts stay unique per person throughout.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_report_entered_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="alert_round",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="historicaldeadline",
            name="alert_round",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="notificationclock",
            name="alert_round",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddConstraint(
            model_name="notificationclock",
            constraint=models.UniqueConstraint(
                fields=("deadline", "user", "kind", "alert_round"), name="one_alert_per_clock_person_round"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="notificationclock",
            name="one_alert_per_clock_and_person",
        ),
    ]
