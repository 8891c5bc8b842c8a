"""Screening pages: the checklist with its live result, a screening's record, documenting At Risk from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import access_record
from accounts.selectors import scoped_get
from kernel.acting import acting
from kernel.display import day_text
from kernel.forms import add_service_errors
from kernel.roles import may_write
from referrals import selectors as case_selectors
from referrals.models import Client, MissingEpisode, Referral

from . import rules, selectors, services
from .forms import ScreeningForm
from .models import ScreeningContext


def subject(request: HttpRequest, params: QueryDict) -> tuple[Client, Referral | None, MissingEpisode | None]:
    """The child screened and what the screening answers, from the page's address (404 outside the county)."""
    user = acting(request)
    referral_id, episode_id = params.get("referral"), params.get("episode")
    referral = case_selectors.referral_get(user, referral_id) if referral_id else None
    episode = scoped_get(MissingEpisode.objects.all(), user, pk=episode_id) if episode_id else None
    client_id = params.get("client") or (referral and referral.client_id) or (episode and episode.client_id)
    client = case_selectors.client_get(user, client_id or "")
    return client, referral, episode


def preset_context(referral: Referral | None, episode: MissingEpisode | None) -> str:
    if episode is not None:
        return ScreeningContext.RETURN_FROM_MISSING
    if referral is not None:
        return ScreeningContext.INTAKE
    return ""


def catalogue_rows(form: ScreeningForm) -> list[tuple[str, list[tuple[rules.Indicator, bool]]]]:
    """The indicators by group, each with whether it is ticked, for the two fieldsets of the checklist."""
    ticked = set(form.ticked())
    groups = []
    for group, title in ((rules.Group.STRONG, "Strong indicators"), (rules.Group.OTHER, "Other indicators")):
        groups.append((title, [(i, i.code in ticked) for i in rules.CATALOGUE if i.group is group]))
    return groups


def render_form(
    request: HttpRequest,
    form: ScreeningForm,
    client: Client,
    referral: Referral | None,
    episode: MissingEpisode | None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "client": client,
        "referral": referral,
        "episode": episode,
        "groups": catalogue_rows(form),
        "assessment": rules.assess(form.ticked()),
        "open_at_risk": services.open_at_risk_row(client),
    }
    return render(request, "screening/screening_form.html", context, status=status)


@login_required
def screening_new(request: HttpRequest) -> HttpResponse:
    services.require_screener(acting(request))
    client, referral, episode = subject(request, request.GET)
    access_record(request, client, via="page")
    if request.method != "POST":
        form = ScreeningForm(initial={"context": preset_context(referral, episode)})
        return render_form(request, form, client, referral, episode)
    form = ScreeningForm(request.POST)
    if request.POST.get("action") == "check":
        # Without JavaScript the worker asks for the result before saving; nothing is written.
        return render_form(request, form, client, referral, episode)
    if form.is_valid():
        try:
            screening = services.screening_record(
                user=acting(request),
                client=client,
                referral=referral,
                missing_episode=episode,
                **form.entry_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Screening saved.")
            return redirect("screening:detail", pk=screening.pk)
    return render_form(request, form, client, referral, episode, status=400)


@login_required
@require_GET
def screening_result(request: HttpRequest) -> HttpResponse:
    """The rule's result for the boxes ticked so far: the live part of the checklist (writes nothing)."""
    codes = [code for code in rules.CODES if code in request.GET.getlist("indicators")]
    return render(
        request, "screening/includes/result.html", {"assessment": rules.assess(codes), "live": True}
    )


@login_required
def screening_detail(request: HttpRequest, pk: str) -> HttpResponse:
    screening = selectors.screening_get(acting(request), pk)
    access_record(request, screening, via="page")
    chosen = set(screening.indicators or [])
    context: dict[str, object] = {
        "screening": screening,
        "client": screening.client,
        "assessment": rules.assess(chosen),
        "indicators": [(i, i.code in chosen) for i in rules.CATALOGUE],
        "may_document": may_write(acting(request)) and services.may_document_at_risk(screening),
        "may_change": may_write(acting(request)) and not screening.entered_in_error,
        "open_at_risk": services.open_at_risk_row(screening.client),
        "rule_is_current": screening.rule_version == rules.RULE_VERSION,
    }
    return render(request, "screening/screening_detail.html", context)


@login_required
@require_POST
def screening_document_at_risk(request: HttpRequest, pk: str) -> HttpResponse:
    screening = selectors.screening_get(acting(request), pk)
    try:
        row = services.screening_document_at_risk(user=acting(request), screening=screening)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("screening:detail", pk=screening.pk)
    messages.success(request, f"{row.label} documented from {day_text(row.start_date)}.")
    return redirect("referrals:client", pk=screening.client_id)
