"""Pages that correct a missing episode, its return, a locate attempt, a reconfirmation or a report, or mark one
entered in error after a confirmation step: the case record's correction pages (`referrals.correction_views`)
given these entries. Thin adapters over `reporting.episode_amendments` and `reporting.report_amendments`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kernel.acting import acting
from referrals.correction_views import Facts, correct_page, shown, void_page
from referrals.models import LocateAttempt, MissingEpisode, Reconfirmation

from . import episode_amendments, report_amendments, selectors
from .correction_forms import (
    EpisodeCorrectionForm,
    LocateAttemptCorrectionForm,
    ReconfirmationCorrectionForm,
    ReturnCorrectionForm,
    report_correction_form,
)
from .models import Report


def episode_url(episode_id: object) -> str:
    return reverse("reporting:episode", args=[episode_id])


def report_back(report: Report) -> str:
    """A report about an episode is shown on the episode's page; any other on the child's clocks page."""
    if report.missing_episode_id is not None:
        return episode_url(report.missing_episode_id)
    return reverse("reporting:client-clocks", args=[report.client_id])


def episode_facts(episode: MissingEpisode) -> Facts:
    return [
        ("Child", episode.client.full_name),
        ("Found missing", shown(episode.discovered_at)),
        ("Circumstance", episode.get_circumstance_display()),
        ("Returned", shown(episode.returned_at)),
    ]


def return_facts(episode: MissingEpisode) -> Facts:
    return [
        ("Found missing", shown(episode.discovered_at)),
        ("Returned", shown(episode.returned_at)),
        ("Where the child was found", shown(episode.return_location)),
    ]


def attempt_facts(attempt: LocateAttempt) -> Facts:
    return [("When", shown(attempt.attempted_at)), ("How", shown(attempt.method))]


def reconfirmation_facts(reconfirmation: Reconfirmation) -> Facts:
    return [("Whereabouts confirmed still unknown", shown(reconfirmation.confirmed_at))]


def report_facts(report: Report) -> Facts:
    return [
        ("Report", report.get_kind_display()),
        ("Made", shown(report.made_at)),
        ("How", report.get_method_display()),
        ("Agency", shown(report.agency_name)),
    ]


@login_required
def episode_correct(request: HttpRequest, pk: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    return correct_page(
        request,
        episode,
        EpisodeCorrectionForm,
        what="missing episode",
        back=episode_url(episode.pk),
        apply=lambda data: episode_amendments.episode_correct(user=acting(request), episode=episode, **data),
    )


@login_required
def episode_void(request: HttpRequest, pk: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    return void_page(
        request,
        episode,
        episode_facts(episode),
        what="missing episode",
        back=episode_url(episode.pk),
        apply=lambda reason: episode_amendments.episode_void(
            user=acting(request), episode=episode, reason=reason
        ),
    )


def without_return(request: HttpRequest, episode: MissingEpisode) -> HttpResponse | None:
    """Send back from a return page of an episode with no return recorded."""
    if episode.returned_at is not None:
        return None
    messages.error(request, episode_amendments.NO_RETURN)
    return redirect(episode_url(episode.pk))


@login_required
def return_correct(request: HttpRequest, pk: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    if (back := without_return(request, episode)) is not None:
        return back
    return correct_page(
        request,
        episode,
        ReturnCorrectionForm,
        what="return",
        back=episode_url(episode.pk),
        apply=lambda data: episode_amendments.episode_correct(user=acting(request), episode=episode, **data),
    )


@login_required
def return_void(request: HttpRequest, pk: str) -> HttpResponse:
    episode = selectors.episode_get(acting(request), pk)
    if (back := without_return(request, episode)) is not None:
        return back
    return void_page(
        request,
        episode,
        return_facts(episode),
        what="return",
        back=episode_url(episode.pk),
        apply=lambda reason: episode_amendments.episode_return_void(
            user=acting(request), episode=episode, reason=reason
        ),
    )


@login_required
def attempt_correct(request: HttpRequest, pk: str) -> HttpResponse:
    attempt = selectors.locate_attempt_get(acting(request), pk)
    return correct_page(
        request,
        attempt,
        LocateAttemptCorrectionForm,
        what="locate attempt",
        back=episode_url(attempt.episode_id),
        apply=lambda data: episode_amendments.locate_attempt_correct(
            user=acting(request), attempt=attempt, **data
        ),
    )


@login_required
def attempt_void(request: HttpRequest, pk: str) -> HttpResponse:
    attempt = selectors.locate_attempt_get(acting(request), pk)
    return void_page(
        request,
        attempt,
        attempt_facts(attempt),
        what="locate attempt",
        back=episode_url(attempt.episode_id),
        apply=lambda reason: episode_amendments.locate_attempt_void(
            user=acting(request), attempt=attempt, reason=reason
        ),
    )


@login_required
def reconfirmation_correct(request: HttpRequest, pk: str) -> HttpResponse:
    reconfirmation = selectors.reconfirmation_get(acting(request), pk)
    return correct_page(
        request,
        reconfirmation,
        ReconfirmationCorrectionForm,
        what="reconfirmation",
        back=episode_url(reconfirmation.episode_id),
        apply=lambda data: episode_amendments.reconfirmation_correct(
            user=acting(request), reconfirmation=reconfirmation, **data
        ),
    )


@login_required
def reconfirmation_void(request: HttpRequest, pk: str) -> HttpResponse:
    reconfirmation = selectors.reconfirmation_get(acting(request), pk)
    return void_page(
        request,
        reconfirmation,
        reconfirmation_facts(reconfirmation),
        what="reconfirmation",
        back=episode_url(reconfirmation.episode_id),
        apply=lambda reason: episode_amendments.reconfirmation_void(
            user=acting(request), reconfirmation=reconfirmation, reason=reason
        ),
    )


@login_required
def report_correct(request: HttpRequest, pk: str) -> HttpResponse:
    report = selectors.report_get(acting(request), pk)
    return correct_page(
        request,
        report,
        report_correction_form(report.kind),
        what="report",
        back=report_back(report),
        apply=lambda data: report_amendments.report_correct(user=acting(request), report=report, **data),
    )


@login_required
def report_void(request: HttpRequest, pk: str) -> HttpResponse:
    report = selectors.report_get(acting(request), pk)
    return void_page(
        request,
        report,
        report_facts(report),
        what="report",
        back=report_back(report),
        apply=lambda reason: report_amendments.report_void(
            user=acting(request), report=report, reason=reason
        ),
    )
