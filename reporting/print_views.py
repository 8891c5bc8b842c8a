"""The packet of a report, printed from the browser: its page (the print stylesheet lays it out for paper) and
its PDF. Reading a packet is reading the report: another county's is a 404, and the child's record is logged as
read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.access import access_record_many
from kernel.acting import acting

from . import selectors
from .models import Report
from .packets import packet_of
from .printing import NO_STORE, PDF, packet_response


def report_read(request: HttpRequest, pk: str) -> Report:
    """The report, as reading it allows; the child and the report are logged as read."""
    report = selectors.report_get(acting(request), pk)
    access_record_many(request, [report.client, report], via="page")
    return report


def back_url(report: Report) -> str:
    if report.missing_episode_id is not None:
        return reverse("reporting:episode", args=[report.missing_episode_id])
    return reverse("reporting:client-clocks", args=[report.client_id])


@login_required
def report_print(request: HttpRequest, pk: str) -> HttpResponse:
    report = report_read(request, pk)
    context = {
        "packet": packet_of(report, acting(request)),
        "back_url": back_url(report),
        "back_label": "the missing episode" if report.missing_episode_id else "the child's clocks",
    }
    response = render(request, "reporting/print/packet_page.html", context)
    response["Cache-Control"] = NO_STORE
    return response


@login_required
def report_print_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    report = report_read(request, pk)
    return packet_response(packet_of(report, acting(request)), PDF)
