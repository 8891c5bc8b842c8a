"""Case plan pages: thin adapters over `caseplans.services` and `caseplans.selectors`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import access_record, access_record_many
from kernel.acting import acting
from kernel.forms import run_service
from kernel.roles import may_write
from referrals.selectors import client_get

from . import selectors, services
from .catalogue import AT_RISK_SERVICES
from .forms import CasePlanForm, CftMeetingForm, PlanDaysForm, ServiceForm, ServiceStatusForm

AT_RISK_CODES = sorted(str(code) for code in AT_RISK_SERVICES)


@login_required
def plan_page(request: HttpRequest, client_id: str) -> HttpResponse:
    client = client_get(acting(request), client_id)
    plan = selectors.case_plan_of(client)
    access_record(request, plan or client, via="page")
    return render(
        request,
        "caseplans/plan.html",
        {
            "client": client,
            "plan": plan,
            "flag": selectors.plan_flag(client),
            "may_write": may_write(acting(request)),
            "at_risk_codes": AT_RISK_CODES,
            "status_forms": [
                (s, ServiceStatusForm(prefix=f"s-{s.pk}", initial={"status": s.status}))
                for s in plan.services.all()
            ]
            if plan
            else [],
        },
    )


@login_required
def plan_edit(request: HttpRequest, client_id: str) -> HttpResponse:
    client = client_get(acting(request), client_id)
    services.require_plan_writer(acting(request))
    plan = selectors.case_plan_of(client)
    if request.method == "POST":
        form = CasePlanForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form,
                lambda: services.case_plan_save(user=acting(request), client=client, **form.cleaned_data),
            )
            if saved is not None:
                messages.success(request, "Case plan saved.")
                return redirect("caseplans:plan", client_id=client.pk)
    else:
        initial = (
            {"assessment_date": plan.assessment_date, "goal": plan.goal, "addresses_cse": plan.addresses_cse}
            if plan
            else {}
        )
        form = CasePlanForm(initial=initial)
        if plan:
            access_record(request, plan, via="page")
    return render(request, "caseplans/plan_form.html", {"client": client, "plan": plan, "form": form})


@login_required
def service_add(request: HttpRequest, pk: str) -> HttpResponse:
    plan = selectors.case_plan_get(acting(request), pk)
    services.require_plan_writer(acting(request))
    if request.method == "POST":
        form = ServiceForm(request.POST)
        if form.is_valid():
            service = run_service(
                form, lambda: services.service_add(user=acting(request), plan=plan, **form.cleaned_data)
            )
            if service is not None:
                messages.success(request, f"{service.name} added to the case plan.")
                return redirect("caseplans:plan", client_id=plan.client_id)
    else:
        form = ServiceForm()
    return render(request, "caseplans/service_form.html", {"plan": plan, "client": plan.client, "form": form})


@login_required
def service_status(request: HttpRequest, pk: str) -> HttpResponse:
    service = selectors.service_get(acting(request), pk)
    services.require_plan_writer(acting(request))
    plan = service.case_plan
    form = ServiceStatusForm(
        request.POST or None, prefix=f"s-{service.pk}", initial={"status": service.status}
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.service_status_set(user=acting(request), service=service, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, f"{saved.name}: {saved.get_status_display()}.")
            return redirect("caseplans:plan", client_id=plan.client_id)
    return render(
        request,
        "caseplans/service_status.html",
        {"plan": plan, "client": plan.client, "service": service, "form": form},
    )


@login_required
def cft_meeting_add(request: HttpRequest, pk: str) -> HttpResponse:
    plan = selectors.case_plan_get(acting(request), pk)
    services.require_plan_writer(acting(request))
    if request.method == "POST":
        form = CftMeetingForm(request.POST)
        if form.is_valid():
            meeting = run_service(
                form, lambda: services.cft_meeting_add(user=acting(request), plan=plan, **form.cleaned_data)
            )
            if meeting is not None:
                messages.success(
                    request, f"Child and Family Team meeting of {meeting.held_on:%m/%d/%Y} recorded."
                )
                return redirect("caseplans:plan", client_id=plan.client_id)
    else:
        form = CftMeetingForm()
    return render(request, "caseplans/cft_form.html", {"plan": plan, "client": plan.client, "form": form})


@login_required
def flags_page(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    flags = selectors.flagged_clients(user)
    access_record_many(request, [flag.client for flag in flags], via="page")
    return render(
        request,
        "caseplans/flags.html",
        {"flags": flags, "due_days": selectors.plan_due_days(user.county)},
    )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The county's number of days, set by its county admin (the law leaves it to county protocol)."""
    user = acting(request)
    county = services.protocol_county(user)
    form = PlanDaysForm(request.POST or None, initial={"plan_due_days": selectors.plan_due_days(county)})
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["plan_due_days"]
        saved = run_service(form, lambda: services.plan_due_days_set(user=user, county=county, days=days))
        if saved is not None:
            messages.success(request, f"Case plans are now due {days} days after identification.")
            return redirect("caseplans:settings")
    return render(request, "caseplans/settings.html", {"form": form, "county": county})
