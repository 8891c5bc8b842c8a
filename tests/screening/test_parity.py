"""The browser and the API give a child the same result for the same ticked indicators."""

import itertools
from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from screening import rules
from screening.models import Screening

pytestmark = pytest.mark.django_db

# One of every count of strong (0-3) with every count of other (0-5) indicators: all the shapes the rule sees.
SHAPES = [
    sorted(rules.STRONG_CODES)[:strong] + sorted(rules.OTHER_CODES)[:other]
    for strong, other in itertools.product(range(4), range(6))
]


def test_every_shape_of_answer_gets_the_same_result_from_the_page_and_the_api(cast, api, child):
    browser = Browser()
    browser.force_login(cast.sw)
    when = timezone.now() - timedelta(hours=2)
    local = timezone.localtime(when, child.county.zone).replace(second=0, microsecond=0)
    for codes in SHAPES:
        page = browser.post(
            f"/screenings/new/?client={child.pk}",
            {
                "performed_at": local.strftime("%Y-%m-%dT%H:%M"),
                "context": "visit",
                "indicators": codes,
                "action": "save",
            },
        )
        assert page.status_code == 302, codes
        from_page = Screening.objects.order_by("-created_at").first()
        from_api = api(cast.sw).post(
            "/api/v1/screenings/",
            {
                "client": str(child.pk),
                "performed_at": local.isoformat(),
                "context": "visit",
                "indicators": list(reversed(codes)),
            },
            format="json",
        )
        assert from_api.status_code == 201, from_api.json()
        data = from_api.json()
        assert from_page is not None
        assert (data["at_risk"], data["basis"] or "", data["indicators"]) == (
            from_page.at_risk,
            from_page.basis,
            from_page.indicators,
        ), codes
        assert Screening.objects.get(pk=data["id"]).performed_at == from_page.performed_at
    assert Screening.objects.count() == 2 * len(SHAPES)
