"""Pages of the case record: search, intake, the client page with the CSEC grid, the referral page."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import access_record, access_record_many
from accounts.models import User
from accounts.selectors import county_users, scoped_get
from kernel.acting import acting
from kernel.county_time import county_today
from kernel.display import day_text
from kernel.forms import run_service
from kernel.roles import CASE_CARRYING_ROLES, may_write

from . import selectors, services
from .forms import (
    AllegationForm,
    ClientEditForm,
    ContactForm,
    CsecRowEndForm,
    CsecRowForm,
    DispositionForm,
    IntakeForm,
    ResponseDecisionForm,
)
from .models import Allegation, Client, Referral
from .services import IntakeChild, default_receiving_agency

# The columns of the client list, each sortable: (the `sort` parameter's name, the heading).
CLIENT_COLUMNS = (
    ("name", "Name"),
    ("born", "Date of birth"),
    ("status", "CSEC status"),
    ("clocks", "Open clocks"),
    ("worker", "Assigned worker"),
)
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    url: str  # the list sorted by this column (reversed when it is already)
    sort: str  # "ascending", "descending" or "" (the value of the heading's aria-sort)


def client_columns(request: HttpRequest, column: str, descending: bool) -> list[Column]:
    columns = []
    for key, label in CLIENT_COLUMNS:
        query = request.GET.copy()
        query["sort"] = f"-{key}" if key == column and not descending else key
        sort = ("descending" if descending else "ascending") if key == column else ""
        columns.append(Column(key, label, f"?{query.urlencode()}", sort))
    return columns


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    q = request.GET.get("q", "").strip()
    dob_text = request.GET.get("date_of_birth", "").strip()
    sort = request.GET.get("sort", "")
    error = ""
    born = None
    if dob_text:
        try:
            born = date.fromisoformat(dob_text)
        except ValueError:
            error = "Give the date of birth as YYYY-MM-DD."
    searched = bool(q or born)
    found = selectors.client_search(user, q, born) if searched else selectors.caseload(user)
    listed = selectors.clients_listed(found, timezone.localdate(), timezone.now(), sort)  # the county's day
    clients = list(listed[:SEARCH_LIMIT] if searched else listed)
    access_record_many(request, clients, via="page")
    column, descending = selectors.client_sort(sort)
    return render(
        request,
        "referrals/client_list.html",
        {
            "clients": [(c, selectors.csec_status_of(c)) for c in clients],
            "columns": client_columns(request, column, descending),
            "sort": f"-{column}" if descending else column,
            "q": q,
            "date_of_birth": dob_text,
            "searched": searched,
            "limited": searched and len(clients) == SEARCH_LIMIT,
            "dob_error": error,
            "may_write": may_write(user),
        },
    )


def client_page(
    request: HttpRequest,
    client: Client,
    *,
    csec_form: CsecRowForm | None = None,
    end_form: CsecRowEndForm | None = None,
) -> HttpResponse:
    """The client page; a form that failed is shown again with its messages, and the page answers 400."""
    access_record(request, client, via="page")
    today = county_today(client.county)
    rows = list(client.csec_rows.order_by("-start_date", "csec_type"))
    end_forms = {
        row.pk: CsecRowEndForm(initial={"end_date": row.end_date}, prefix=f"end-{row.pk}", row_id=row.pk)
        for row in rows
    }
    if end_form is not None:
        end_forms[end_form.row_id] = end_form
    csec_form = csec_form or CsecRowForm()
    context = {
        "client": client,
        "category": client.cws_category_on(today),
        "today": today,
        "rows": [(row, end_forms[row.pk], row.is_open_on(today)) for row in rows],
        "referrals": client.referrals.prefetch_related("codes").order_by("-received_at"),
        "csec_form": csec_form,
        "may_write": may_write(acting(request)),
    }
    status = 400 if any(f.errors for f in (csec_form, *end_forms.values())) else 200
    return render(request, "referrals/client_detail.html", context, status=status)


@login_required
def client_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return client_page(request, selectors.client_get(acting(request), pk))


@login_required
@require_POST
def csec_row_add(request: HttpRequest, pk: str) -> HttpResponse:
    client = selectors.client_get(acting(request), pk)
    form = CsecRowForm(request.POST)
    if form.is_valid():
        row = run_service(
            form, lambda: services.csec_row_document(user=acting(request), client=client, **form.entry_data())
        )
        if row is not None:
            messages.success(request, f"{row.label} documented from {day_text(row.start_date)}.")
            return redirect("referrals:client", pk=client.pk)
    return client_page(request, client, csec_form=form)


@login_required
@require_POST
def csec_row_end(request: HttpRequest, pk: str) -> HttpResponse:
    row = selectors.csec_row_get(acting(request), pk)
    form = CsecRowEndForm(request.POST, prefix=f"end-{row.pk}", row_id=row.pk)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.csec_row_end(
                user=acting(request), row=row, end_date=form.cleaned_data["end_date"]
            ),
        )
        if done is not None:
            messages.success(request, f"{row.label} row updated.")
            return redirect("referrals:client", pk=row.client_id)
    return client_page(request, row.client, end_form=form)


@login_required
def client_edit(request: HttpRequest, pk: str) -> HttpResponse:
    client = selectors.client_get(acting(request), pk)
    workers = county_users(acting(request)).filter(role__in=CASE_CARRYING_ROLES)
    initial = {name: getattr(client, name) for name in services.CLIENT_EDITABLE}
    form = ClientEditForm(request.POST or None, initial=initial, workers=workers)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        done = run_service(
            form, lambda: services.client_update(user=acting(request), client=client, **changes)
        )
        if done is not None:
            messages.success(request, "Client updated.")
            return redirect("referrals:client", pk=client.pk)
    else:
        access_record(request, client, via="page")
    return render(
        request,
        "referrals/client_edit.html",
        {"client": client, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    if not may_write(user):
        raise PermissionDenied
    clients = selectors.clients_visible(user).order_by("last_name", "first_name")
    initial: dict[str, object] = {"receiving_agency": default_receiving_agency(user)}
    if request.GET.get("client"):
        initial["existing_client"] = selectors.client_get(user, request.GET["client"])
    form = IntakeForm(request.POST or None, initial=initial, clients=clients, user=user)
    if request.method == "POST" and form.is_valid():
        referral = run_service(form, lambda: intake_from_form(user, form.cleaned_data))
        if referral is not None:
            messages.success(request, "Referral recorded.")
            return redirect("referrals:referral", pk=referral.pk)
    return render(request, "referrals/intake.html", {"form": form}, status=400 if form.errors else 200)


def intake_from_form(user: User, data: dict[str, Any]) -> Referral:
    child = data["existing_client"] or IntakeChild(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        sex=data["sex"] or "unknown",
        foster_care_status=data["foster_care_status"],
        title_iv_e_assistance=data["title_iv_e_assistance"],
        chafee_services=data["chafee_services"],
    )
    return services.intake_record(
        user=user,
        child=child,
        received_at=data["received_at"],
        receiving_agency=data["receiving_agency"],
        source=data["source"],
        alleges_cse=data["alleges_cse"],
        narrative=data["narrative"],
        reporter_name=data["reporter_name"],
        reporter_contact=data["reporter_contact"],
        late_entry_reason=data["late_entry_reason"] if data["late_entry"] else "",
    )


def referral_page(
    request: HttpRequest,
    referral: Referral,
    *,
    decision_form: ResponseDecisionForm | None = None,
    contact_form: ContactForm | None = None,
    allegation_form: AllegationForm | None = None,
    finding_form: DispositionForm | None = None,
) -> HttpResponse:
    """The referral page; a form that failed is shown again with its messages, and the page answers 400."""
    access_record(request, referral, via="page")
    allegations = list(referral.allegations.select_related("victim"))
    finding_forms = {
        a.pk: DispositionForm(
            initial={"disposition": a.disposition}, prefix=f"finding-{a.pk}", allegation_id=a.pk
        )
        for a in allegations
    }
    if finding_form is not None:
        finding_forms[finding_form.allegation_id] = finding_form
    decision_form = decision_form or ResponseDecisionForm(
        initial={"decision": referral.response_decision or None}
    )
    contact_form = contact_form or ContactForm()
    allegation_form = allegation_form or AllegationForm()
    context = {
        "referral": referral,
        "client": referral.client,
        "checklist": selectors.contact_checklist(referral),
        "contacts": referral.contacts.order_by("made_at"),
        "allegations": [(a, finding_forms[a.pk]) for a in allegations],
        "decision_form": decision_form,
        "contact_form": contact_form,
        "allegation_form": allegation_form,
        "may_change": may_write(acting(request)) and not referral.entered_in_error,
    }
    shown = (decision_form, contact_form, allegation_form, *finding_forms.values())
    failed_any = any(f.errors for f in shown)
    return render(request, "referrals/referral_detail.html", context, status=400 if failed_any else 200)


@login_required
def referral_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return referral_page(request, selectors.referral_get(acting(request), pk))


@login_required
@require_POST
def referral_decision(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.referral_get(acting(request), pk)
    form = ResponseDecisionForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.response_decision_record(
                user=acting(request), referral=referral, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, "Emergency response decision recorded.")
            return redirect("referrals:referral", pk=referral.pk)
    return referral_page(request, referral, decision_form=form)


@login_required
@require_POST
def referral_contact(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.referral_get(acting(request), pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.contact_record(user=acting(request), referral=referral, **form.entry_data()),
        )
        if done is not None:
            messages.success(request, "Contact recorded.")
            return redirect("referrals:referral", pk=referral.pk)
    return referral_page(request, referral, contact_form=form)


@login_required
@require_POST
def referral_allegation(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.referral_get(acting(request), pk)
    form = AllegationForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.allegation_create(
                user=acting(request), referral=referral, victim=referral.client, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, "Allegation recorded.")
            return redirect("referrals:referral", pk=referral.pk)
    return referral_page(request, referral, allegation_form=form)


@login_required
@require_POST
def allegation_finding(request: HttpRequest, pk: str) -> HttpResponse:
    allegation = scoped_get(Allegation.objects.select_related("referral"), acting(request), pk=pk)
    form = DispositionForm(request.POST, prefix=f"finding-{allegation.pk}", allegation_id=allegation.pk)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.allegation_dispose(
                user=acting(request), allegation=allegation, disposition=form.cleaned_data["disposition"]
            ),
        )
        if done is not None:
            messages.success(request, "Finding recorded.")
            return redirect("referrals:referral", pk=allegation.referral_id)
    referral = selectors.referral_get(acting(request), allegation.referral_id)
    return referral_page(request, referral, finding_form=form)
