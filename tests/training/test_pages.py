"""Training pages and panels: a worker's own status and completions, the compliance page and CSV, the course
list, role refusals, errors next to their fields."""

import pytest
from django.template import Context, Template
from django.test import Client as Browser

from tests.conftest import PASSWORD
from training.models import Completion, Course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-03-02 10:00:00-08:00", tick=False)


def signed_in(user) -> Browser:
    browser = Browser()
    assert browser.login(username=user.username, password=PASSWORD)
    return browser


def test_a_worker_sees_what_they_lack_and_records_a_completion(cast, courses):
    browser = signed_in(cast.sw)
    page = browser.get("/training/").content.decode()
    assert "You lack 3 required courses" in page
    assert courses["po_online"].title not in page.split("Record a course")[0]
    response = browser.post("/training/", {"course": courses["101"].pk, "completed_on": "2026-02-27"})
    assert response.status_code == 302
    assert Completion.objects.get().worker == cast.sw
    assert "You lack 2 required courses" in browser.get("/training/").content.decode()


def test_a_future_completion_is_shown_next_to_its_field_with_the_values_kept(cast, courses):
    response = signed_in(cast.sw).post(
        "/training/", {"course": courses["102"].pk, "completed_on": "2026-03-05"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_completed_on_error"' in page and "Cannot be in the future." in page
    assert 'value="2026-03-05"' in page and f'value="{courses["102"].pk}" selected' in page
    assert not Completion.objects.exists()


def test_the_admin_records_for_a_worker_and_sees_the_county(cast, courses):
    browser = signed_in(cast.admin)
    response = browser.post(
        "/training/", {"worker": cast.po.pk, "course": courses["po_online"].pk, "completed_on": "2026-03-01"}
    )
    assert response.status_code == 302
    assert Completion.objects.get().worker == cast.po
    page = browser.get("/training/compliance/").content.decode()
    assert page.count('data-testid="lacking-row"') == 3
    assert "Sol Worker" in page and "po_a" in page


def test_a_supervisor_sees_their_unit_and_a_worker_is_refused(cast, courses):
    page = signed_in(cast.supervisor_b).get("/training/compliance/").content.decode()
    assert "sw_b" in page and "Sol Worker" not in page
    assert signed_in(cast.sw).get("/training/compliance/").status_code == 403
    assert signed_in(cast.sw).get("/training/compliance.csv").status_code == 403


def test_the_csv_download_streams_one_row_per_worker_and_course(cast, courses):
    response = signed_in(cast.supervisor).get("/training/compliance.csv")
    assert response.status_code == 200 and response.streaming
    assert "attachment" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert lines[0].startswith("worker,username,role")
    assert len(lines) == 1 + 3 + 3 + 2


def test_only_a_county_admin_adds_courses(cast, courses):
    assert signed_in(cast.sw).post("/training/courses/", {"title": "Sneaky"}).status_code == 403
    browser = signed_in(cast.admin)
    duplicate = browser.post(
        "/training/courses/",
        {"title": courses["101"].title, "required": "on", "required_roles": ["social_worker"]},
    )
    assert "The county already has a course with this title." in duplicate.content.decode()
    no_roles = browser.post("/training/courses/", {"title": "Another", "required": "on"})
    assert "Name the roles that must complete a required course." in no_roles.content.decode()
    added = browser.post(
        "/training/courses/",
        {"title": "Motivational interviewing", "required": "on", "required_roles": ["social_worker"]},
    )
    assert added.status_code == 302
    course = Course.objects.get(title="Motivational interviewing")
    assert course.required_roles == ["social_worker"] and course.county == cast.admin.county
    assert "Motivational interviewing" in signed_in(cast.sw).get("/training/courses/").content.decode()


def render(source: str, **context) -> str:
    return Template("{% load training_panels %}" + source).render(Context(context))


def test_the_panels_show_own_status_and_who_lacks_training(cast, courses):
    home = render("{% home_training_panel user %}", user=cast.sw)
    assert "You lack 3 required courses" in home
    assert render("{% home_training_panel user %}", user=cast.admin).strip() == ""
    dashboard = render("{% dashboard_training_panel user %}", user=cast.supervisor)
    assert "Required training missing (3)" in dashboard and "Sol Worker" in dashboard
    butte = render("{% dashboard_training_panel user %}", user=cast.supervisor_b)
    assert "Sol Worker" not in butte


def test_the_navigation_links_to_training(cast):
    assert 'href="/training/"' in signed_in(cast.sw).get("/").content.decode()
