from django.db import migrations, models

HELP = (
    "How law enforcement and NCMEC reach the county about a child at any hour (the desk or person, phone, "
    "e-mail): printed on every report packet."
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_history_reason_whole"),
    ]

    operations = [
        migrations.AddField(
            model_name="county",
            name="report_contact",
            field=models.CharField(blank=True, help_text=HELP, max_length=300),
        ),
        migrations.AddField(
            model_name="historicalcounty",
            name="report_contact",
            field=models.CharField(blank=True, help_text=HELP, max_length=300),
        ),
    ]
