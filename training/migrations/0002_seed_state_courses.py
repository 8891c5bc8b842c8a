"""Seed the state's CSEC courses (ACL 16-85 part IV) in every county that exists when this runs; counties made
later get them from `training.services.seed_state_courses` (the demo seed and `manage.py seed_training_courses`)."""

import uuid

from django.db import migrations
from django.utils import timezone

SW, PO, SUP = "social_worker", "probation_officer", "supervisor"
# Frozen here on purpose: a migration must not change when the service's list does.
COURSES = [
    ("CSEC 101: Awareness and Identification of CSEC", "California Department of Social Services", [SW, PO, SUP]),
    ("CSEC 102: CSEC Engagement and Skills", "California Department of Social Services", [SW, PO, SUP]),
    ("CSEC online module for social workers", "CalSWEC (California Social Work Education Center)", [SW]),
    ("CSEC online module for probation officers", "Resource Center for Family Focused Practice", [PO]),
]


def seed(apps, schema_editor):
    County = apps.get_model("accounts", "County")
    Course = apps.get_model("training", "Course")
    HistoricalCourse = apps.get_model("training", "HistoricalCourse")
    now = timezone.now()
    for county in County.objects.all():
        for title, provider, roles in COURSES:
            if Course.objects.filter(county=county, title=title).exists():
                continue
            course = Course.objects.create(
                id=uuid.uuid4(),
                county=county,
                title=title,
                provider=provider,
                required=True,
                required_roles=roles,
                state_course=True,
                active=True,
                created_at=now,
            )
            HistoricalCourse.objects.create(
                id=course.id,
                county_id=county.pk,
                title=title,
                provider=provider,
                description="",
                required=True,
                required_roles=roles,
                state_course=True,
                active=True,
                created_at=now,
                history_date=now,
                history_type="+",
                history_change_reason="State course seeded",
            )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
