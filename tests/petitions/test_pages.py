"""Petition pages: the form (the protective-behaviours checklist for a (b)(2) petition only), the petition page
showing each behaviour beside the allegations, corrections, entries made in error, the panel on the child's page,
scoping and role refusals."""

import re
from datetime import date

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AccessEvent
from petitions import services
from petitions.models import Petition

from .conftest import BEHAVIOURS

pytestmark = pytest.mark.django_db

CHECKLIST = re.compile(r"<fieldset[^>]*data-testid=\"protective-behaviours-fields\"[^>]*>")


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def checklist_tag(html: str) -> str:
    match = CHECKLIST.search(html)
    assert match, "the form has the checklist's fieldset"
    return match.group(0)


def checklist_shown(html: str) -> bool:
    tag = checklist_tag(html)
    return " hidden" not in tag and " disabled" not in tag


def form_data(allegations, subdivision: str = "b2", behaviours: dict | None = None, **extra) -> dict:
    data = {
        "wic_300_subdivision": subdivision,
        "allegations": [str(a.pk) for a in allegations],
        "filed_at": "2026-02-24",
        "outcome": "",
        "hearings-TOTAL_FORMS": "2",
        "hearings-INITIAL_FORMS": "0",
        "hearings-MIN_NUM_FORMS": "0",
        "hearings-MAX_NUM_FORMS": "60",
        "hearings-0-date": "2026-02-25",
        "hearings-0-kind": "detention",
        "hearings-0-note": "Detained; placed with an aunt",
        "hearings-1-date": "",
        "hearings-1-kind": "",
        "hearings-1-note": "",
    }
    for code, entry in (behaviours or {}).items():
        if entry["present"]:
            data[f"pb_{code}"] = "on"
        data[f"pb_{code}_note"] = entry["note"]
    return {**data, **extra}


@pytest.fixture
def b2_petition(cast, child, neglect, exploitation) -> Petition:
    return services.petition_record(
        user=cast.sw,
        client=child,
        wic_300_subdivision="b2",
        allegations=[neglect.pk, exploitation.pk],
        filed_at=date(2026, 2, 24),
        hearings=[{"date": date(2026, 3, 20), "kind": "jurisdiction", "note": ""}],
        protective_behaviours=BEHAVIOURS,
    )


@pytest.fixture
def d_petition(cast, child, exploitation) -> Petition:
    return services.petition_record(
        user=cast.sw,
        client=child,
        wic_300_subdivision="d",
        allegations=[exploitation.pk],
        filed_at=date(2026, 2, 24),
    )


def test_the_checklist_appears_for_a_b2_petition_and_not_for_others(cast, child, neglect, exploitation):
    browser = web(cast.sw)
    url = reverse("petitions:new", args=[child.pk])
    blank = browser.get(url)
    assert blank.status_code == 200
    assert not checklist_shown(blank.content.decode())
    # Chosen (b)(2) and sent without the notes: the page comes back with the checklist shown, a message by each.
    answer = browser.post(url, form_data([neglect], "b2", {}))
    html = answer.content.decode()
    assert answer.status_code == 400 and checklist_shown(html)
    assert html.count("add a note: what the parents did, or why not.") == 4
    assert 'value="2026-02-24"' in html  # what was typed is kept
    # Another subdivision with an error elsewhere: the checklist stays hidden.
    answer = browser.post(url, form_data([exploitation], "d", {}, filed_at="2030-01-01"))
    assert answer.status_code == 400 and not checklist_shown(answer.content.decode())
    assert not Petition.objects.exists()


def test_the_petition_page_shows_each_behaviour_beside_the_allegations(cast, b2_petition, d_petition):
    page = web(cast.sw).get(reverse("petitions:detail", args=[b2_petition.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    grounds = html[html.index('data-testid="petition-grounds"') :]
    allegations = grounds.index('data-testid="petition-allegations"')
    behaviours = grounds.index('data-testid="protective-behaviours"')
    assert allegations < behaviours < grounds.index('id="hearings-heading"')
    for entry in BEHAVIOURS.values():
        assert escape(entry["note"]) in grounds
    assert "Reported the child missing to the police: Yes" in grounds
    assert "Sought help from private or community organizations or resources: No" in grounds
    assert "General neglect, perpetrator: parent" in grounds
    assert "3 of the 4 protective behaviours" in html and "may not fit (b)(2)" in html
    other = web(cast.sw).get(reverse("petitions:detail", args=[d_petition.pk])).content.decode()
    assert 'data-testid="protective-behaviours"' not in other and "protective behaviours" not in other
    assert AccessEvent.objects.filter(
        record_type="petitions.petition", record_id=str(b2_petition.pk)
    ).exists()


def test_a_worker_records_a_petition_and_sees_it_on_the_childs_page(cast, child, neglect):
    browser = web(cast.sw)
    answer = browser.post(reverse("petitions:new", args=[child.pk]), form_data([neglect], "b2", BEHAVIOURS))
    petition = Petition.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("petitions:detail", args=[petition.pk])
    assert petition.protective_behaviours == BEHAVIOURS
    assert [h["kind"] for h in petition.hearings] == ["detention"]
    shown = browser.get(answer.url).content.decode()
    assert "Petition under WIC 300(b)(2) recorded." in shown
    client_page = browser.get(reverse("referrals:client", args=[child.pk])).content.decode()
    panel = client_page[client_page.index('data-testid="petition-panel"') :]
    assert reverse("petitions:detail", args=[petition.pk]) in panel and "300(b)(2)" in panel
    assert "Record a petition" in panel


def test_behaviours_typed_for_another_subdivision_are_refused_beside_the_checklist(cast, child, exploitation):
    answer = web(cast.sw).post(
        reverse("petitions:new", args=[child.pk]), form_data([exploitation], "d", BEHAVIOURS)
    )
    html = answer.content.decode()
    assert answer.status_code == 400 and checklist_shown(html)
    assert "documents the parents&#x27; protective behaviours: leave them out." in html
    assert not Petition.objects.exists()


def test_a_hearings_refusal_lands_on_its_row(cast, child, exploitation):
    data = form_data([exploitation], "d", {}, **{"hearings-0-date": "2026-02-20"})
    html = web(cast.sw).post(reverse("petitions:new", args=[child.pk]), data).content.decode()
    row = html[html.index('<legend class="usa-legend">Hearing 1</legend>') :]
    assert row.index("Hearing 1: cannot be before the petition was filed.") < row.index("Date of hearing 1")


def test_a_correction_asks_why_and_history_keeps_both_versions(cast, b2_petition, neglect, exploitation):
    browser = web(cast.supervisor)
    url = reverse("petitions:correct", args=[b2_petition.pk])
    page = browser.get(url).content.decode()
    assert checklist_shown(page) and BEHAVIOURS["sought_help"]["note"] in page
    data = form_data([neglect, exploitation], "b2", BEHAVIOURS, outcome="sustained")
    data.update({"hearings-0-date": "2026-03-20", "hearings-0-kind": "jurisdiction", "hearings-0-note": ""})
    refused = browser.post(url, data)
    assert refused.status_code == 400 and "id_reason_error" in refused.content.decode()
    answer = browser.post(url, {**data, "reason": "Sustained on March 20"})
    assert answer.status_code == 302
    b2_petition.refresh_from_db()
    assert b2_petition.outcome == "sustained"
    rows = list(b2_petition.history.order_by("history_date", "history_id"))
    assert [r.outcome for r in rows] == ["", "sustained"]
    assert rows[-1].history_user == cast.supervisor
    detail = browser.get(answer.url).content.decode()
    assert "Petition corrected: Sustained on March 20" in detail
    assert "Petition under WIC 300(b)(2) corrected." in detail


def test_a_petition_is_marked_entered_in_error_after_a_reason(cast, child, b2_petition):
    browser = web(cast.sw)
    url = reverse("petitions:void", args=[b2_petition.pk])
    assert browser.post(url, {"reason": ""}).status_code == 400
    answer = browser.post(url, {"reason": "Recorded on the wrong child"})
    assert answer.status_code == 302
    b2_petition.refresh_from_db()
    assert b2_petition.entered_in_error
    detail = browser.get(answer.url).content.decode()
    assert "Recorded on the wrong child" in detail and "Correct the petition" not in detail
    panel = browser.get(reverse("referrals:client", args=[child.pk])).content.decode()
    assert 'data-entered-in-error="true"' in panel[panel.index('data-testid="petition-panel"') :]


def test_a_county_admin_reads_but_opens_no_form_and_another_county_finds_nothing(cast, child, b2_petition):
    admin = web(cast.admin)
    assert admin.get(reverse("petitions:detail", args=[b2_petition.pk])).status_code == 200
    assert (
        "Correct the petition"
        not in admin.get(reverse("petitions:detail", args=[b2_petition.pk])).content.decode()
    )
    for name, arg in (
        ("petitions:new", child.pk),
        ("petitions:correct", b2_petition.pk),
        ("petitions:void", b2_petition.pk),
    ):
        assert admin.get(reverse(name, args=[arg])).status_code == 403
    butte = web(cast.sw_b)
    for name, arg in (
        ("petitions:new", child.pk),
        ("petitions:detail", b2_petition.pk),
        ("petitions:correct", b2_petition.pk),
        ("petitions:void", b2_petition.pk),
    ):
        assert butte.get(reverse(name, args=[arg])).status_code == 404


def test_a_child_without_allegations_is_told_where_to_record_them(cast, child):
    html = web(cast.sw).get(reverse("petitions:new", args=[child.pk])).content.decode()
    assert 'data-testid="no-allegation"' in html


def test_a_hearing_row_used_needs_its_date_and_kind(cast, child, exploitation):
    data = form_data([exploitation], "d", {}, **{"hearings-1-note": "Continued"})
    html = web(cast.sw).post(reverse("petitions:new", args=[child.pk]), data).content.decode()
    assert "Give the hearing&#x27;s date." in html and "Choose the kind of hearing." in html
    assert not Petition.objects.exists()
    blank_rows = web(cast.sw).post(
        reverse("petitions:new", args=[child.pk]), form_data([exploitation], "d", {})
    )
    assert blank_rows.status_code == 302
    assert [h["kind"] for h in Petition.objects.get().hearings] == ["detention"]
