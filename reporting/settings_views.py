"""The county admin's page for the county's clock settings: a thin adapter over `county_settings`."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User

from . import county_settings
from .forms import ClockSettingsForm


@login_required
def clock_settings_page(request: HttpRequest) -> HttpResponse:
    """The hours the law leaves to county protocol, set by the county's admin."""
    user = cast(User, request.user)
    county = user.county
    if county is None or not county_settings.may_set_clock_settings(user, county):
        raise PermissionDenied("Only the county admin sets the county's clock settings.")
    current = county_settings.clock_settings_of(county)
    form = ClockSettingsForm(
        request.POST or None, initial={field: getattr(current, field) for field in county_settings.FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = county_settings.clock_settings_set(user=user, county=county, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Clock settings saved. For clocks that start from now on: return notices are due "
                f"{saved.return_notice_hours} hours after a child's return, the return screening "
                f"{saved.return_assessment_hours} hours after it, and reminders go out "
                f"{saved.reminder_lead_hours} hours before a deadline. Clocks already running keep their times.",
            )
            return redirect("reporting:clock-settings")
    return render(request, "reporting/clock_settings.html", {"form": form, "county": county})
