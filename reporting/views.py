"""Pages: a child's clocks, the missing-episode workflow, report forms (notifications: `inbox_views`)."""

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import access_record
from kernel.acting import acting
from kernel.amend import ALREADY_IN_ERROR
from kernel.county_time import county_today
from kernel.forms import LateEntryFields, run_service
from kernel.roles import may_write
from referrals.models import Client, MissingEpisode
from referrals.selectors import client_get, csec_rows_open_on

from . import episodes, reports, selectors
from .episode_rules import cse_concern_when_discovered
from .episodes import NcmecPacket
from .forms import EpisodeForm, LocateAttemptForm, ReconfirmationForm, ReportForm, ReturnForm
from .models import ReportKind

# The reports a missing episode owes: those of the disappearance, then, once the child is back, the notices.
REPORTS_WHILE_MISSING = (ReportKind.LAW_ENFORCEMENT_MISSING, ReportKind.NCMEC)
REPORTS_ON_RETURN = (ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT, ReportKind.RETURN_NOTICE_NCMEC)


class PacketShown(NcmecPacket):
    items: list[tuple[str, str]]  # (label, value shown), times in the county's zone


def _apply[T](form: django_forms.Form, service: Callable[..., T], **kwargs: object) -> T | None:
    """Run a service with the form's data (a late entry's reason only when its box is ticked); its refusals
    land next to the fields, values kept."""
    if not form.is_valid():
        return None
    data = form.entry_data() if isinstance(form, LateEntryFields) else form.cleaned_data
    return run_service(form, lambda: service(**kwargs, **data))


@login_required
def client_clocks(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, pk)
    access_record(request, client, via="page")
    context = {
        "client": client,
        "clocks": selectors.client_clocks(user, client),
        "episodes": client.missing_episodes.all(),
        "reports": selectors.client_reports(user, client),
        "may_change": may_write(user),
        "cws": client.cws_category_on(county_today(client.county)),
        "now": timezone.now(),
    }
    return render(request, "reporting/client_clocks.html", context)


@login_required
def episode_new(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, pk)
    form = episode_form(request, client)
    if request.method == "POST":
        episode = _apply(form, episodes.episode_record, user=user, client=client)
        if episode is not None:
            messages.success(request, "Missing episode recorded.")
            return redirect("reporting:episode", pk=episode.pk)
    return render(request, "reporting/episode_new.html", {"client": client, "form": form})


def episode_form(request: HttpRequest, client: Client) -> EpisodeForm:
    """A child the record already shows at risk or a victim (an open CSEC row, or a positive latest screening) is
    an exploitation concern when missing, whatever the box says: the box starts ticked and says why."""
    form = EpisodeForm(request.POST or None)
    if not cse_concern_when_discovered(client, timezone.now(), reasonably_believed_cse=False):
        return form
    rows = sorted({row.label for row in csec_rows_open_on(client, county_today(client.county))})
    why = f"an open {' and '.join(rows)} row" if rows else "a positive latest screening"
    form.initial["reasonably_believed_cse"] = True
    form.fields["reasonably_believed_cse"].help_text = (
        f"Ticked because the child's record has {why}: law enforcement and NCMEC are owed a report within "
        "24 hours."
    )
    return form


def report_kinds_of(episode: MissingEpisode) -> list[tuple[str, str]]:
    """The reports to offer on the episode's page: notices of return only once the child is back."""
    kinds = REPORTS_WHILE_MISSING + (REPORTS_ON_RETURN if episode.returned_at else ())
    return [(kind, ReportKind(kind).label) for kind in kinds]


def _packet(episode: MissingEpisode) -> PacketShown:
    packet = episodes.ncmec_packet(episode)
    return {**packet, "items": episodes.ncmec_packet_items(packet, episode)}


def _episode_context(
    request: HttpRequest, episode: MissingEpisode, **forms: django_forms.Form
) -> dict[str, object]:
    now = timezone.now()
    return {
        "episode": episode,
        "client": episode.client,
        "clocks": selectors.deadlines_visible(acting(request), {"missing_episode": episode.pk}).order_by(
            "due_at"
        ),
        "packet": _packet(episode),
        "reports": episode.reports.select_related("entered_in_error_by").order_by("made_at", "created_at"),
        "attempts": episode.locate_attempts.order_by("attempted_at", "created_at"),
        "reconfirmations": episode.reconfirmations.order_by("confirmed_at", "created_at"),
        "returns_in_error": selectors.returns_in_error(episode),
        "may_change": may_write(acting(request)),
        "report_kinds": report_kinds_of(episode),
        "attempt_form": forms.get("attempt_form") or LocateAttemptForm(initial={"attempted_at": now}),
        "reconfirm_form": forms.get("reconfirm_form") or ReconfirmationForm(initial={"confirmed_at": now}),
        "return_form": forms.get("return_form") or ReturnForm(initial={"returned_at": now}),
        "now": now,
    }


@login_required
def episode_detail(request: HttpRequest, pk: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    access_record(request, episode, via="page")
    return render(request, "reporting/episode.html", _episode_context(request, episode))


@login_required
@require_POST
def episode_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    steps: dict[str, tuple[str, type[django_forms.Form], Callable[..., object], str]] = {
        "locate": ("attempt_form", LocateAttemptForm, episodes.locate_attempt_record, "Locate attempt"),
        "reconfirm": ("reconfirm_form", ReconfirmationForm, episodes.reconfirmation_record, "Reconfirmation"),
        "return": ("return_form", ReturnForm, episodes.episode_return, "Return"),
    }
    if action not in steps:
        raise Http404
    name, form_class, service, what = steps[action]
    if episode.entered_in_error:  # the page offers no form then: say why instead of showing none
        messages.error(request, ALREADY_IN_ERROR)
        return redirect("reporting:episode", pk=episode.pk)
    form = form_class(request.POST)
    if _apply(form, service, user=acting(request), episode=episode) is not None:
        messages.success(request, f"{what} recorded.")
        return redirect("reporting:episode", pk=episode.pk)
    context = _episode_context(request, episode, **{name: form})
    return render(request, "reporting/episode.html", context, status=400)


@login_required
@require_POST
def episode_exploited(request: HttpRequest, pk: str) -> HttpResponse:
    """The return screening showed exploitation while away: the worker confirms it and the row is written."""
    episode = selectors.episode_get(acting(request), pk)
    try:
        episodes.episode_document_exploitation(user=acting(request), episode=episode)
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(
            request, "Documented: Victim While Absent From Placement. A law enforcement report is owed."
        )
    return redirect("reporting:episode", pk=episode.pk)


@login_required
def report_new(request: HttpRequest, pk: str, kind: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, pk)
    episode_id = request.GET.get("episode") or request.POST.get("episode")
    episode = selectors.episode_get(user, episode_id) if episode_id else None
    if kind not in ReportKind.values:
        return HttpResponse(status=404)
    form = ReportForm(request.POST or None, initial={"made_at": timezone.now()}, kind=kind)
    if request.method == "POST":
        report = _apply(
            form,
            reports.report_record,
            user=user,
            client=client,
            missing_episode=episode,
            kind=kind,
        )
        if report is not None:
            messages.success(request, f"Report recorded: {ReportKind(kind).label}.")
            return (
                redirect("reporting:episode", pk=episode.pk)
                if episode
                else redirect("reporting:client-clocks", pk=client.pk)
            )
    context = {
        "client": client,
        "episode": episode,
        "form": form,
        "kind_label": ReportKind(kind).label,
        "packet": _packet(episode) if episode and kind == ReportKind.NCMEC else None,
    }
    return render(request, "reporting/report_new.html", context)
