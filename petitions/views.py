"""Petition pages: thin adapters over `petitions.services` and `petitions.selectors`."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import access_record
from kernel.acting import acting
from kernel.county_time import county_today
from kernel.forms import VoidForm, run_service
from kernel.roles import may_write
from referrals.models import Allegation, Client
from referrals.selectors import client_get

from . import selectors, services
from .catalogue import FAILURE_TO_PROTECT
from .forms import (
    BaseHearingFormSet,
    PetitionCorrectForm,
    PetitionData,
    PetitionForm,
    hearing_formset,
    hearing_initial,
    petition_initial,
    place_service_errors,
)
from .models import Petition


def save_petition(
    form: PetitionForm, formset: BaseHearingFormSet, write: Callable[[PetitionData], Petition]
) -> Petition | None:
    """Run the write with the form's petition; on a refusal, place its messages on the page and return None."""
    hearings, rows = formset.hearings()
    try:
        return write(form.petition_data(hearings))
    except ValidationError as error:
        place_service_errors(form, formset, rows, error)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal) or "You may not make this change.")
    return None


def form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, object],
    form: PetitionForm,
    formset: BaseHearingFormSet,
) -> HttpResponse:
    """The petition form, shown again with the messages and what was typed (400) after a refusal."""
    refused = request.method == "POST"
    return render(
        request,
        template,
        {**context, "form": form, "formset": formset, "b2": FAILURE_TO_PROTECT},
        status=400 if refused else 200,
    )


def choosable_allegations(client: Client, petition: Petition | None = None) -> list[Allegation]:
    """The child's standing allegations, and those the petition already rests on (to be kept or let go)."""
    linked = set(petition.allegation_ids) if petition is not None else set()
    return [
        a
        for a in selectors.allegations_of(client)
        if str(a.pk) in linked or not (a.entered_in_error or a.referral.entered_in_error)
    ]


@login_required
def petition_new(request: HttpRequest, client_id: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, client_id)
    services.require_petition_writer(user)
    allegations = choosable_allegations(client)
    posted = request.POST if request.method == "POST" else None
    form = PetitionForm(posted, allegations=allegations)
    formset = hearing_formset(posted)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            petition = save_petition(
                form,
                formset,
                lambda data: services.petition_record(user=user, client=client, **data),
            )
            if petition is not None:
                messages.success(request, f"Petition under WIC {petition.subdivision_short} recorded.")
                return redirect("petitions:detail", pk=petition.pk)
    else:
        access_record(request, client, via="page")
    context = {"client": client, "has_allegations": bool(allegations)}
    return form_page(request, "petitions/petition_form.html", context, form, formset)


@login_required
def petition_detail(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    petition = selectors.petition_get(user, pk)
    access_record(request, petition, via="page")
    today = county_today(petition.county)
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "client": petition.client,
            "allegations": [
                (a, selectors.allegation_label(a)) for a in selectors.petition_allegations(petition)
            ],
            "hearings": petition.hearing_list,
            "today": today,
            "next_hearing": selectors.next_hearing(petition, today),
            "protective_summary": selectors.protective_summary(petition),
            "history": selectors.petition_history(petition),
            "may_write": may_write(user),
        },
    )


@login_required
def petition_correct(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    petition = selectors.petition_get(user, pk)
    services.require_petition_writer(user)
    client = petition.client
    allegations = choosable_allegations(client, petition)
    if request.method == "POST":
        form = PetitionCorrectForm(request.POST, allegations=allegations)
        formset = hearing_formset(request.POST, correcting=True)
        if form.is_valid() and formset.is_valid():
            reason = form.cleaned_data["reason"]
            saved = save_petition(
                form,
                formset,
                lambda data: services.petition_correct(user=user, petition=petition, reason=reason, **data),
            )
            if saved is not None:
                messages.success(request, f"Petition under WIC {saved.subdivision_short} corrected.")
                return redirect("petitions:detail", pk=saved.pk)
    else:
        access_record(request, petition, via="page")
        form = PetitionCorrectForm(initial=petition_initial(petition), allegations=allegations)
        formset = hearing_formset(initial=hearing_initial(petition), correcting=True)
    context = {"client": client, "petition": petition, "has_allegations": bool(allegations)}
    return form_page(request, "petitions/petition_correct.html", context, form, formset)


@login_required
def petition_void(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    petition = selectors.petition_get(user, pk)
    services.require_petition_writer(user)
    form = VoidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            done = run_service(
                form, lambda: services.petition_void(user=user, petition=petition, reason=reason)
            )
            if done is not None:
                messages.success(
                    request,
                    f"Petition under WIC {petition.subdivision_short} marked entered in error. It stays on the "
                    "child's record, struck through.",
                )
                return redirect("petitions:detail", pk=petition.pk)
    else:
        access_record(request, petition, via="page")
    status = 400 if request.method == "POST" else 200
    context = {"petition": petition, "client": petition.client, "form": form}
    return render(request, "petitions/void_form.html", context, status=status)
