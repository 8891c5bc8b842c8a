"""The notifications page: a person's alerts, paged by the kernel's cursor, filtered, read one or all at once."""

from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from accounts.access import access_record_many
from kernel.acting import acting
from kernel.forms import UswdsFormMixin
from kernel.pagination import CursorPagination

from . import inbox, selectors
from .models import Notification, NotificationKind
from .selectors import NotificationFilters


class NotificationFilterForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *NotificationKind.choices], required=False)
    unread = forms.TypedChoiceField(
        label="Read or not",
        choices=[("", "Read or unread"), ("true", "Unread only"), ("false", "Read only")],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    def filters(self) -> NotificationFilters:
        if not self.is_valid():
            return NotificationFilters()
        return NotificationFilters(kind=self.cleaned_data["kind"], unread=self.cleaned_data["unread"])


def _page(
    request: HttpRequest, rows: QuerySet[Notification]
) -> tuple[list[Notification], str | None, str | None]:
    """One page of `rows` by the same cursor as the API, with the links to the next and previous pages."""
    pager = CursorPagination()
    try:
        page = pager.paginate_queryset(rows, Request(request)) or []
    except NotFound as error:  # a cursor not made here
        raise Http404(str(error)) from error
    return page, pager.get_next_link(), pager.get_previous_link()


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    form = NotificationFilterForm(request.GET)
    items, next_link, previous_link = _page(
        request, selectors.notifications_of(acting(request), form.filters())
    )
    shown = {item.deadline.client_id: item.deadline.client for item in items}
    access_record_many(request, shown.values(), via="page")
    context = {
        "items": items,
        "form": form,
        "next_link": next_link,
        "previous_link": previous_link,
        "back": request.GET.urlencode(),
    }
    return render(request, "reporting/notifications.html", context)


PAGE_PARAMETERS = ("kind", "unread", "cursor", "page_size")


def _back(request: HttpRequest) -> HttpResponse:
    """To the page of notifications the person was on: the form says which, by the page's own parameters."""
    sent = QueryDict(request.POST.get("back", ""))
    query = urlencode({name: sent[name] for name in PAGE_PARAMETERS if sent.get(name)})
    return redirect(f"{reverse('reporting:notifications')}{'?' + query if query else ''}")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = acting(request)
    inbox.notification_mark_read(user, selectors.notification_get(user, pk), timezone.now())
    messages.success(request, "Notification marked read.")
    return _back(request)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    inbox.notifications_mark_read(acting(request), timezone.now())
    messages.success(request, "Every notification marked read.")
    return _back(request)
