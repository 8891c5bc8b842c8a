"""Training pages: a worker's own status, the compliance view with its CSV download, the county's course list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from kernel.acting import acting
from kernel.forms import add_service_errors
from kernel.roles import Role

from . import selectors, services
from .csv_export import compliance_csv_response
from .forms import CompletionForm, CourseForm


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """The worker's own required courses, and the form to record a completion (an admin records anyone's)."""
    user = acting(request)
    services.require_county(user)
    is_admin = user.role == Role.COUNTY_ADMIN
    workers = selectors.workers_in_view(user) if is_admin else None
    form = CompletionForm(
        request.POST or None, courses=selectors.courses_visible(user).filter(active=True), workers=workers
    )
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data.get("worker") or user
        try:
            services.completion_record(
                user=user,
                worker=worker,
                course=form.cleaned_data["course"],
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Completion of {form.cleaned_data['course']} recorded for {worker}.")
            return redirect("training:mine")
    completions = selectors.completions_visible(user).filter(worker=user)
    return render(
        request,
        "training/my_training.html",
        {
            "status": selectors.own_training(user),
            "completions": completions,
            "form": form,
            "is_admin": is_admin,
        },
    )


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    services.require_overseer(user)
    rows = selectors.compliance(user)
    return render(
        request,
        "training/compliance.html",
        {
            "lacking": [row for row in rows if not row.complete],
            "trained": [row for row in rows if row.complete],
            "scope": "county" if user.role == Role.COUNTY_ADMIN else "unit",
        },
    )


@login_required
def compliance_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = acting(request)
    services.require_overseer(user)
    return compliance_csv_response(user)


@login_required
def courses(request: HttpRequest) -> HttpResponse:
    """The county's course list; a county admin adds courses here."""
    user = acting(request)
    services.require_county(user)
    if request.method == "POST":
        services.require_admin(user)
    is_admin = user.role == Role.COUNTY_ADMIN
    form = CourseForm(request.POST or None) if is_admin else None
    if form is not None and form.is_valid():
        try:
            services.course_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Course {form.cleaned_data['title']} added.")
            return redirect("training:courses")
    return render(
        request,
        "training/courses.html",
        {"courses": selectors.courses_visible(user), "form": form, "is_admin": is_admin},
    )
