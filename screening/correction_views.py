"""Pages that correct a screening, or mark it entered in error after a confirmation step (the case record's
correction pages, `referrals.correction_views`, given the screening)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from kernel.acting import acting
from referrals.correction_views import Facts, correct_page, shown, void_page

from . import selectors, services
from .forms import ScreeningCorrectionForm
from .models import Screening


def screening_facts(screening: Screening) -> Facts:
    return [
        ("Performed", shown(screening.performed_at)),
        ("Context", screening.get_context_display()),
        ("Result", "At risk" if screening.at_risk else "Not at risk"),
        ("Indicators observed", str(len(screening.indicators or []))),
    ]


@login_required
def screening_correct(request: HttpRequest, pk: str) -> HttpResponse:
    screening = selectors.screening_get(acting(request), pk)
    return correct_page(
        request,
        screening,
        ScreeningCorrectionForm,
        what="screening",
        back=reverse("screening:detail", args=[screening.pk]),
        apply=lambda data: services.screening_correct(user=acting(request), screening=screening, **data),
    )


@login_required
def screening_void(request: HttpRequest, pk: str) -> HttpResponse:
    screening = selectors.screening_get(acting(request), pk)
    return void_page(
        request,
        screening,
        screening_facts(screening),
        what="screening",
        back=reverse("screening:detail", args=[screening.pk]),
        apply=lambda reason: services.screening_void(
            user=acting(request), screening=screening, reason=reason
        ),
    )
