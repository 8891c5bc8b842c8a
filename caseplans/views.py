"""Case plan pages: thin adapters over `caseplans.services` and `caseplans.selectors`."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import access_record, access_record_many
from kernel.acting import acting
from kernel.display import day_text
from kernel.forms import VoidForm, run_service
from kernel.roles import may_write
from referrals.selectors import client_get

from . import selectors, services
from .catalogue import AT_RISK_SERVICES
from .forms import (
    CasePlanForm,
    CftMeetingCorrectForm,
    CftMeetingForm,
    PlanDaysForm,
    ServiceForm,
    ServiceStatusForm,
    meeting_initial,
)
from .models import CasePlan, CftMeeting, PlannedService

AT_RISK_CODES = sorted(str(code) for code in AT_RISK_SERVICES)


@login_required
def plan_page(request: HttpRequest, client_id: str) -> HttpResponse:
    client = client_get(acting(request), client_id)
    row = selectors.case_plan_of(client)
    plan = selectors.live_plan(row)
    access_record(request, row or client, via="page")
    return render(
        request,
        "caseplans/plan.html",
        {
            "client": client,
            "plan": plan,
            "plan_in_error": row if plan is None else None,
            "flag": selectors.plan_flag(client),
            "may_write": may_write(acting(request)),
            "show_actions": True,
            "at_risk_codes": AT_RISK_CODES,
            "status_forms": [
                (
                    s,
                    None
                    if s.entered_in_error
                    else ServiceStatusForm(prefix=f"s-{s.pk}", initial={"status": s.status}),
                )
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
    plan = selectors.live_plan(selectors.case_plan_of(client))  # a plan entered in error is created again
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
                form, lambda: services.cft_meeting_add(user=acting(request), plan=plan, **form.entry_data())
            )
            if meeting is not None:
                messages.success(
                    request, f"Child and Family Team meeting of {day_text(meeting.held_on)} recorded."
                )
                return redirect("caseplans:plan", client_id=plan.client_id)
    else:
        form = CftMeetingForm()
    return render(request, "caseplans/cft_form.html", {"plan": plan, "client": plan.client, "form": form})


@login_required
def cft_meeting_correct(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    meeting = selectors.cft_meeting_get(user, pk)
    services.require_plan_writer(user)
    plan = meeting.case_plan
    if request.method == "POST":
        form = CftMeetingCorrectForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form, lambda: services.cft_meeting_update(user=user, meeting=meeting, **form.entry_data())
            )
            if saved is not None:
                messages.success(
                    request, f"Child and Family Team meeting of {day_text(saved.held_on)} corrected."
                )
                return redirect("caseplans:plan", client_id=plan.client_id)
    else:
        form = CftMeetingCorrectForm(initial=meeting_initial(meeting))
        access_record(request, meeting, via="page")
    return render(
        request,
        "caseplans/cft_correct.html",
        {"plan": plan, "client": plan.client, "meeting": meeting, "form": form},
    )


def void_page(
    request: HttpRequest,
    record: CasePlan | PlannedService | CftMeeting,
    *,
    plan: CasePlan,
    what: str,
    void: Callable[[str], object],
    done: str,
) -> HttpResponse:
    """The confirmation form that marks `record` entered in error, asking why; back to the plan once done."""
    form = VoidForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and run_service(form, lambda: void(form.cleaned_data["reason"])) is not None:
            messages.success(request, done)
            return redirect("caseplans:plan", client_id=plan.client_id)
    else:
        access_record(request, record, via="page")
    context = {"plan": plan, "client": plan.client, "record": record, "what": what, "form": form}
    return render(request, "caseplans/void_form.html", context)


@login_required
def service_void(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    service = selectors.service_get(user, pk)
    services.require_plan_writer(user)
    return void_page(
        request,
        service,
        plan=service.case_plan,
        what=f"the service {service.name}",
        void=lambda reason: services.service_void(user=user, service=service, reason=reason),
        done=f"{service.name}: marked entered in error. It stays in the plan, struck through, and no longer counts.",
    )


@login_required
def cft_meeting_void(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    meeting = selectors.cft_meeting_get(user, pk)
    services.require_plan_writer(user)
    return void_page(
        request,
        meeting,
        plan=meeting.case_plan,
        what=f"the Child and Family Team meeting of {day_text(meeting.held_on)}",
        void=lambda reason: services.cft_meeting_void(user=user, meeting=meeting, reason=reason),
        done=f"Child and Family Team meeting of {day_text(meeting.held_on)}: marked entered in error. It stays "
        "in the plan, struck through.",
    )


@login_required
def plan_void(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    plan = selectors.case_plan_get(user, pk)
    services.require_plan_writer(user)
    return void_page(
        request,
        plan,
        plan=plan,
        what="the case plan",
        void=lambda reason: services.case_plan_void(user=user, plan=plan, reason=reason),
        done="The case plan is marked entered in error, with its services and meetings. The child has no case "
        "plan until one is created again.",
    )


FLAGS_PER_PAGE = 200


def _page_number(request: HttpRequest) -> int:
    """The page asked for (from 1); anything else reads as the first."""
    number = request.GET.get("page", "")
    return int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1


@login_required
def flags_page(request: HttpRequest) -> HttpResponse:
    """The flagged children in view, by name, a page at a time (counted all)."""
    user = acting(request)
    number = _page_number(request)
    flags = selectors.flagged(user, listed=FLAGS_PER_PAGE, start=(number - 1) * FLAGS_PER_PAGE)
    access_record_many(request, [flag.client for flag in flags.flags], via="page")
    return render(
        request,
        "caseplans/flags.html",
        {
            "flags": flags.flags,
            "flag_count": flags.count,
            "due_days": selectors.plan_due_days(user.county),
            "page": number,
            "first_shown": (number - 1) * FLAGS_PER_PAGE + 1,
            "last_shown": (number - 1) * FLAGS_PER_PAGE + len(flags.flags),
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if number * FLAGS_PER_PAGE < flags.count else None,
        },
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
