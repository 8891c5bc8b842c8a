"""The county admin's page of the county's workers, and closing a worker's account once their caseload is handed
over: thin adapters over `referrals.selectors` and `referrals.services.caseload_hand_over`."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import access_record_many
from accounts.models import User
from accounts.selectors import county_users, scoped_get
from kernel.acting import acting
from kernel.forms import UswdsFormMixin, run_service
from kernel.roles import CASE_CARRYING_ROLES, require_county_admin

from . import selectors, services
from .services.caseload import ONLY_THE_ADMIN


class HandOverForm(UswdsFormMixin, forms.Form):
    to = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Hand the caseload to",
        help_text="Every child assigned to the worker, with their open clocks, goes to this person.",
        empty_label="- Choose a worker -",
    )

    def __init__(self, *args: Any, receivers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = receivers


@login_required
def workers(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    require_county_admin(user, ONLY_THE_ADMIN)
    people = selectors.workers_with_caseloads(user)
    return render(request, "referrals/workers.html", {"people": people, "carrying": CASE_CARRYING_ROLES})


@login_required
def worker_close(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    require_county_admin(user, ONLY_THE_ADMIN)
    worker = scoped_get(User.objects.filter(is_active=True), user, pk=pk)
    receivers = county_users(user).filter(role__in=CASE_CARRYING_ROLES).exclude(pk=worker.pk)
    form = HandOverForm(request.POST or None, receivers=receivers)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        count = run_service(form, lambda: services.caseload_hand_over(user=user, worker=worker, to=to))
        if count is not None:
            moved = "1 child was" if count == 1 else f"{count} children were"
            messages.success(request, f"{worker}'s account is closed; {moved} handed to {to}.")
            return redirect("referrals:workers")
    children = list(
        selectors.clients_visible(user).filter(assigned_worker=worker).order_by("last_name", "first_name")
    )
    access_record_many(request, children, via="page")
    context = {"worker": worker, "children": children, "form": form}
    return render(request, "referrals/worker_close.html", context, status=400 if form.errors else 200)
