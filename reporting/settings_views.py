"""The county admin's page for the county's clock settings: a thin adapter over `county_settings`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kernel.acting import acting
from kernel.forms import run_service

from . import county_settings
from .forms import ClockSettingsForm


@login_required
def clock_settings_page(request: HttpRequest) -> HttpResponse:
    """The hours the law leaves to county protocol, set by the county's admin."""
    user = acting(request)
    county = user.county
    if county is None:
        raise PermissionDenied(county_settings.ONLY_ITS_ADMIN)
    county_settings.require_admin_of(user, county)
    current = county_settings.clock_settings_of(county)
    initial: dict[str, int | str] = {field: getattr(current, field) for field in county_settings.FIELDS}
    initial["late_entry_days"] = county.late_entry_days
    initial["report_contact"] = county.report_contact
    form = ClockSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        hours = {field: form.cleaned_data[field] for field in county_settings.FIELDS}
        late_entry_days = form.cleaned_data["late_entry_days"] or county.late_entry_days
        contact = form.cleaned_data["report_contact"]
        saved = run_service(
            form, lambda: county_settings.county_protocol_set(user, county, hours, late_entry_days, contact)
        )
        if saved is not None:
            messages.success(
                request,
                f"Clock settings saved. For clocks that start from now on: return notices are due "
                f"{saved.return_notice_hours} hours after a child's return, the return screening "
                f"{saved.return_assessment_hours} hours after it, and reminders go out "
                f"{saved.reminder_lead_hours} hours before a deadline. Clocks already running keep their times. "
                f"Entries dated more than {late_entry_days} days back need a late-entry reason.",
            )
            return redirect("reporting:clock-settings")
    return render(request, "reporting/clock_settings.html", {"form": form, "county": county})
