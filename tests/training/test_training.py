"""Training: the state courses, completions, who lacks required training (county and unit), CSV, scoping."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from training import selectors, services
from training.models import Completion, Course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to("2026-03-02 20:00:00-08:00", tick=False)  # March 3 in UTC


def complete(user: User, *courses: Course, on: date = date(2026, 2, 1)) -> None:
    for course in courses:
        services.completion_record(user=user, worker=user, course=course, completed_on=on)


def test_the_state_courses_are_seeded_once_per_county(cast, courses):
    titles = set(Course.objects.filter(county=cast.sw.county).values_list("title", flat=True))
    assert {
        "CSEC 101: Awareness and Identification of CSEC",
        "CSEC 102: CSEC Engagement and Skills",
    } <= titles
    assert courses["sw_online"].provider.startswith("CalSWEC")
    assert courses["po_online"].provider == "Resource Center for Family Focused Practice"
    services.seed_state_courses(cast.sw.county)
    assert Course.objects.filter(county=cast.sw.county).count() == 4
    assert Course.objects.filter(county=cast.sw_b.county).count() == 4
    assert all(c.state_course and c.required for c in courses.values())


def test_required_courses_depend_on_the_role(cast, courses):
    sw = selectors.own_training(cast.sw)
    po = selectors.own_training(cast.po)
    assert {s.course.pk for s in sw.courses} == {
        courses["101"].pk,
        courses["102"].pk,
        courses["sw_online"].pk,
    }
    assert {s.course.pk for s in po.courses} == {
        courses["101"].pk,
        courses["102"].pk,
        courses["po_online"].pk,
    }
    assert selectors.own_training(cast.admin) is None


def test_a_worker_lacks_training_until_every_required_course_is_completed(cast, courses):
    complete(cast.sw, courses["101"], courses["102"])
    assert [c.pk for c in selectors.own_training(cast.sw).missing] == [courses["sw_online"].pk]
    complete(cast.sw, courses["po_online"])  # another role's course does not count
    assert not selectors.own_training(cast.sw).complete
    complete(cast.sw, courses["sw_online"])
    assert selectors.own_training(cast.sw).complete


def test_an_optional_or_retired_course_is_not_required(cast, courses):
    complete(cast.sw, courses["101"], courses["102"])
    services.course_update(user=cast.admin, course=courses["sw_online"], required=False)
    assert selectors.own_training(cast.sw).complete
    services.course_update(user=cast.admin, course=courses["sw_online"], required=True, active=False)
    assert selectors.own_training(cast.sw).complete


def test_the_admin_sees_the_county_and_the_supervisor_their_unit(cast, courses):
    outsider = User.objects.create_user("sw_other_unit", county=cast.sw.county, role="social_worker")
    complete(cast.po, courses["101"], courses["102"], courses["po_online"])

    def lacking(user):
        return {row.worker.username for row in selectors.lacking_training(user)}

    assert lacking(cast.admin) == {"sw_a", "sup_a", "sw_other_unit"}
    assert lacking(cast.supervisor) == {"sw_a", "sup_a"}
    assert lacking(cast.supervisor_b) == {"sup_b", "sw_b"}
    assert outsider.username not in lacking(cast.supervisor)


def test_completions_are_recorded_by_the_worker_or_an_admin_with_history(cast, courses):
    completion = services.completion_record(
        user=cast.admin, worker=cast.po, course=courses["101"], completed_on=date(2026, 1, 2)
    )
    assert completion.history.get().history_user == cast.admin
    with pytest.raises(services.PermissionDenied):
        services.completion_record(
            user=cast.sw, worker=cast.po, course=courses["102"], completed_on=date(2026, 1, 2)
        )
    with pytest.raises(services.PermissionDenied):
        services.completion_record(
            user=cast.supervisor, worker=cast.sw, course=courses["102"], completed_on=date(2026, 1, 2)
        )


def test_course_list_is_managed_by_county_admins_only(api, cast, courses):
    payload = {"title": "Trauma-informed interviewing", "required_roles": ["social_worker"]}
    assert api(cast.sw).post("/api/v1/training/courses/", payload, format="json").status_code == 403
    created = api(cast.admin).post("/api/v1/training/courses/", payload, format="json")
    assert created.status_code == 201, created.json()
    course = Course.objects.get(pk=created.json()["id"])
    assert course.required and not course.state_course and course.history.get().history_user == cast.admin
    again = api(cast.admin).post(
        "/api/v1/training/courses/", payload | {"title": "trauma-informed interviewing"}
    )
    assert again.status_code == 400 and "title" in again.json()
    bad_role = api(cast.admin).post(
        "/api/v1/training/courses/", {"title": "X", "required_roles": ["judge"]}, format="json"
    )
    assert bad_role.status_code == 400 and "required_roles" in bad_role.json()
    nobody = api(cast.admin).post(
        "/api/v1/training/courses/", {"title": "Y", "required_roles": []}, format="json"
    )
    assert nobody.status_code == 400 and "required_roles" in nobody.json()
    retire = api(cast.admin).patch(f"/api/v1/training/courses/{course.pk}/", {"active": False}, format="json")
    assert retire.status_code == 200 and retire.json()["active"] is False
    titles = [c["title"] for c in api(cast.sw_b).get("/api/v1/training/courses/").json()["results"]]
    assert "Trauma-informed interviewing" not in titles and len(titles) == 4
    assert api(cast.admin).get(f"/api/v1/training/courses/{courses['101'].pk}/").status_code == 200
    assert api(cast.sw_b).get(f"/api/v1/training/courses/{courses['101'].pk}/").status_code == 404


def test_a_worker_records_their_own_completion_over_the_api(api, cast, courses):
    url = "/api/v1/training/completions/"
    response = api(cast.sw).post(
        url, {"course": str(courses["101"].pk), "completed_on": "2026-03-02"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["worker"] == str(cast.sw.pk)
    duplicate = api(cast.sw).post(
        url, {"course": str(courses["101"].pk), "completed_on": "2026-03-02"}, format="json"
    )
    assert duplicate.status_code == 400 and "completed_on" in duplicate.json()
    future = api(cast.sw).post(
        url, {"course": str(courses["102"].pk), "completed_on": "2026-03-03"}, format="json"
    )
    assert future.status_code == 400 and "completed_on" in future.json()
    others = api(cast.sw).post(
        url,
        {"course": str(courses["102"].pk), "worker": str(cast.po.pk), "completed_on": "2026-03-01"},
        format="json",
    )
    assert others.status_code == 403
    assert Completion.objects.count() == 1
    me = api(cast.sw).get("/api/v1/training/me/").json()
    assert me["complete"] is False and [c["done"] for c in me["courses"]].count(True) == 1


def test_another_countys_course_or_worker_is_unknown(api, cast, courses):
    butte_course = Course.objects.get(county=cast.sw_b.county, title=courses["101"].title)
    url = "/api/v1/training/completions/"
    response = api(cast.sw).post(
        url, {"course": str(butte_course.pk), "completed_on": "2026-03-01"}, format="json"
    )
    assert response.status_code == 400 and "course" in response.json()
    response = api(cast.admin).post(
        url,
        {"course": str(courses["101"].pk), "worker": str(cast.sw_b.pk), "completed_on": "2026-03-01"},
        format="json",
    )
    assert response.status_code == 400 and "worker" in response.json()
    response = api(cast.admin).post(url, {"course": "nope", "completed_on": "yesterday"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"course", "completed_on"}
    assert not Completion.objects.exists()


def test_completions_listed_follow_who_may_see_them(api, cast, courses):
    complete(cast.sw, courses["101"])
    complete(cast.po, courses["101"])
    complete(cast.sw_b, Course.objects.get(county=cast.sw_b.county, title=courses["101"].title))

    def workers(user):
        return {c["worker"] for c in api(user).get("/api/v1/training/completions/").json()["results"]}

    assert workers(cast.sw) == {str(cast.sw.pk)}
    assert workers(cast.supervisor) == {str(cast.sw.pk), str(cast.po.pk)}
    assert workers(cast.admin) == {str(cast.sw.pk), str(cast.po.pk)}


def test_compliance_is_for_admins_and_supervisors_with_a_csv_download(api, cast, courses):
    complete(cast.sw, courses["101"], courses["102"], courses["sw_online"])
    assert api(cast.sw).get("/api/v1/training/compliance/").status_code == 403
    assert api(cast.sw).get("/api/v1/training/compliance.csv").status_code == 403
    assert api().get("/api/v1/training/compliance/").status_code == 401
    rows = api(cast.admin).get("/api/v1/training/compliance/?lacking=true").json()
    assert {r["username"] for r in rows} == {"po_a", "sup_a"}
    response = api(cast.admin).get("/api/v1/training/compliance.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming
    lines = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (
        len(lines) == 8
    )  # the SW and the PO three required courses each, the supervisor the two CSEC courses
    sw_rows = [r for r in lines if r["username"] == "sw_a"]
    assert {r["status"] for r in sw_rows} == {"completed"} and sw_rows[0]["completed_on"] == "2026-02-01"
    assert {r["course"] for r in lines if r["username"] == "po_a" and r["status"] == "missing"} == {
        courses["101"].title,
        courses["102"].title,
        courses["po_online"].title,
    }
    unit = api(cast.supervisor_b).get("/api/v1/training/compliance/").json()
    assert {r["username"] for r in unit} == {"sup_b", "sw_b"}


def test_the_endpoints_are_in_the_openapi_schema(api, cast):
    paths = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/v1/training/courses/",
        "/api/v1/training/completions/",
        "/api/v1/training/compliance/",
        "/api/v1/training/compliance.csv",
        "/api/v1/training/me/",
    ):
        assert path in paths


def test_the_command_seeds_every_county_and_can_run_again(cast):
    from django.core.management import call_command

    call_command("seed_training_courses")
    call_command("seed_training_courses")
    assert Course.objects.filter(county=cast.sw.county, state_course=True).count() == 4
    assert Course.objects.filter(county=cast.sw_b.county, state_course=True).count() == 4


@pytest.mark.parametrize("day", [date(1800, 1, 1), date(1, 1, 1), date(2000, 1, 1)])
def test_a_completion_dated_decades_back_is_a_typing_error(cast, courses, day):
    with pytest.raises(ValidationError) as refused:
        services.completion_record(user=cast.sw, worker=cast.sw, course=courses["101"], completed_on=day)
    assert refused.value.message_dict == {"completed_on": ["Must be within the last 20 years."]}
