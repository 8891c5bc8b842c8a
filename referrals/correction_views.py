"""Pages that correct an entry of the case record, or mark it entered in error after a confirmation step.

Each page shows the entry's form filled in as it reads; what the person changes (an instant compared to the
minute the form shows) goes to the service with the reason. Marking an entry entered in error is its own page:
the entry's facts, what will follow, and the reason, which is the confirmation. Thin adapters over
`referrals.services`; the service refuses what its rules refuse, and the form shows it.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.access import CountyRecord, access_record
from kernel.acting import acting
from kernel.display import day_text, instant_text
from kernel.forms import LateEntryFields, VoidForm, run_service
from kernel.roles import may_write

from . import selectors, services
from .correction_forms import (
    AllegationCorrectionForm,
    ContactCorrectionForm,
    CsecRowCorrectionForm,
    ReferralCorrectionForm,
)
from .models import Allegation, Contact, CsecRow, Referral

type Facts = list[tuple[str, str]]


class Amended(CountyRecord, Protocol):
    """What these pages read of an entry: the mark of an entry made in error, and what an access event names."""

    @property
    def entered_in_error(self) -> bool: ...


def shown(value: object) -> str:
    """A fact as the page shows it: an instant in the county's zone, a day, a flag as Yes/No."""
    if isinstance(value, datetime):
        return instant_text(value)
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value not in (None, "") else "—"


def same(new: object, old: object) -> bool:
    """A value as the form gives it back, equal to the entry's (an instant to the minute, a list in any order)."""
    if isinstance(new, datetime) and isinstance(old, datetime):
        return new.replace(second=0, microsecond=0) == old.replace(second=0, microsecond=0)
    if isinstance(new, list | tuple) and isinstance(old, list | tuple):
        return sorted(new) == sorted(old)
    return new == old or (new in (None, "") and old in (None, ""))


def correction_data(form: forms.Form, initial: dict[str, Any]) -> dict[str, Any]:
    """The reason, a late entry's reason when the box is ticked, and each field the person changed."""
    data = form.entry_data() if isinstance(form, LateEntryFields) else dict(form.cleaned_data)
    reason = data.pop("reason")
    late = data.pop("late_entry_reason", "")
    changes = {
        name: value for name, value in data.items() if name in initial and not same(value, initial[name])
    }
    return {"reason": reason, **({"late_entry_reason": late} if late else {}), **changes}


def writer_page(request: HttpRequest, record: Amended, back: str) -> HttpResponse | None:
    """Refuse a reader who writes no case record (403); send back from an entry already marked in error."""
    if not may_write(acting(request)):
        raise PermissionDenied(
            "Only social workers, probation officers and supervisors may change case records."
        )
    if record.entered_in_error:
        messages.error(request, "This entry is marked entered in error: it can no longer be changed.")
        return redirect(back)
    return None


def correct_page(
    request: HttpRequest,
    record: Amended,
    form_class: type[forms.Form],
    *,
    what: str,
    back: str,
    apply: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """The correction form of `record`, filled in as it reads; a refusal shows again with what was typed (400)."""
    if (refused := writer_page(request, record, back)) is not None:
        return refused
    asked = set(form_class.base_fields) - {"reason", "late_entry", "late_entry_reason"}
    initial = {name: getattr(record, name) for name in asked if hasattr(record, name)}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: apply(correction_data(form, initial))) is not None:
            messages.success(request, f"{what.capitalize()} corrected.")
            return redirect(back)
    elif request.method != "POST":
        access_record(request, record, via="page")
    context = {"form": form, "what": what, "back": back}
    return render(request, "referrals/record_correct.html", context, status=400 if form.errors else 200)


def void_page(
    request: HttpRequest,
    record: Amended,
    facts: Facts,
    *,
    what: str,
    back: str,
    apply: Callable[[str], object],
) -> HttpResponse:
    """The confirmation step: the entry's facts, what follows, and the reason; a refusal shows again (400)."""
    if (refused := writer_page(request, record, back)) is not None:
        return refused
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: apply(form.cleaned_data["reason"])) is not None:
            messages.success(request, f"{what.capitalize()} marked entered in error.")
            return redirect(back)
    elif request.method != "POST":
        access_record(request, record, via="page")
    context = {"form": form, "what": what, "back": back, "facts": facts}
    return render(request, "referrals/record_void.html", context, status=400 if form.errors else 200)


def referral_url(referral_id: object) -> str:
    return reverse("referrals:referral", args=[referral_id])


def contact_facts(contact: Contact) -> Facts:
    return [
        ("Who", contact.get_contact_type_display()),
        ("When", shown(contact.made_at)),
        ("In person", shown(contact.in_person)),
        ("Name", shown(contact.name)),
    ]


def allegation_facts(allegation: Allegation) -> Facts:
    return [
        ("Allegation", allegation.get_allegation_type_display()),
        ("Alleged perpetrator", allegation.get_perpetrator_relationship_display()),
        ("Finding", allegation.get_disposition_display() or "Pending"),
    ]


def csec_row_facts(row: CsecRow) -> Facts:
    return [
        ("CSEC type", row.label),
        ("Start", shown(row.start_date)),
        ("End", shown(row.end_date)),
        ("Information received", shown(row.information_received_at)),
    ]


def referral_facts(referral: Referral) -> Facts:
    return [
        ("Information received", shown(referral.received_at)),
        ("Receiving agency", referral.get_receiving_agency_display()),
        ("Source", referral.get_source_display()),
        ("Alleges CSE", shown(referral.alleges_cse)),
    ]


@login_required
def contact_correct(request: HttpRequest, pk: str) -> HttpResponse:
    contact = selectors.contact_get(acting(request), pk)
    return correct_page(
        request,
        contact,
        ContactCorrectionForm,
        what="contact",
        back=referral_url(contact.referral_id),
        apply=lambda data: services.contact_correct(user=acting(request), contact=contact, **data),
    )


@login_required
def contact_void(request: HttpRequest, pk: str) -> HttpResponse:
    contact = selectors.contact_get(acting(request), pk)
    return void_page(
        request,
        contact,
        contact_facts(contact),
        what="contact",
        back=referral_url(contact.referral_id),
        apply=lambda reason: services.contact_void(user=acting(request), contact=contact, reason=reason),
    )


@login_required
def allegation_correct(request: HttpRequest, pk: str) -> HttpResponse:
    allegation = selectors.allegation_get(acting(request), pk)
    return correct_page(
        request,
        allegation,
        AllegationCorrectionForm,
        what="allegation",
        back=referral_url(allegation.referral_id),
        apply=lambda data: services.allegation_correct(user=acting(request), allegation=allegation, **data),
    )


@login_required
def allegation_void(request: HttpRequest, pk: str) -> HttpResponse:
    allegation = selectors.allegation_get(acting(request), pk)
    return void_page(
        request,
        allegation,
        allegation_facts(allegation),
        what="allegation",
        back=referral_url(allegation.referral_id),
        apply=lambda reason: services.allegation_void(
            user=acting(request), allegation=allegation, reason=reason
        ),
    )


@login_required
def csec_row_correct(request: HttpRequest, pk: str) -> HttpResponse:
    row = selectors.csec_row_get(acting(request), pk)
    return correct_page(
        request,
        row,
        CsecRowCorrectionForm,
        what="CSEC row",
        back=reverse("referrals:client", args=[row.client_id]),
        apply=lambda data: services.csec_row_correct(user=acting(request), row=row, **data),
    )


@login_required
def csec_row_void(request: HttpRequest, pk: str) -> HttpResponse:
    row = selectors.csec_row_get(acting(request), pk)
    return void_page(
        request,
        row,
        csec_row_facts(row),
        what="CSEC row",
        back=reverse("referrals:client", args=[row.client_id]),
        apply=lambda reason: services.csec_row_void(user=acting(request), row=row, reason=reason),
    )


@login_required
def referral_correct(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.referral_get(acting(request), pk)
    return correct_page(
        request,
        referral,
        ReferralCorrectionForm,
        what="referral",
        back=referral_url(referral.pk),
        apply=lambda data: services.referral_correct(user=acting(request), referral=referral, **data),
    )


@login_required
def referral_void(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.referral_get(acting(request), pk)
    return void_page(
        request,
        referral,
        referral_facts(referral),
        what="referral",
        back=referral_url(referral.pk),
        apply=lambda reason: services.referral_void(user=acting(request), referral=referral, reason=reason),
    )
