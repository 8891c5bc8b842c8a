import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from petitions.models import Petition
from referrals import services as case_services

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = {
    "reported the child missing to the police": "Mother reported Maya missing to the police the same night.",
    "tried to forbid or restrict contact with the exploiter": "Took her phone; blocked the man's number.",
    "sought help from private or community organizations or resources": "None: the family knew of no program.",
    "willing and able to engage in a safety plan or take up voluntary services": "Signed a safety plan.",
}


@pytest.fixture
def child(cast):
    child = case_services.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=timezone.localdate() - timedelta(days=15 * 365),
        foster_care_status="open_case_in_home",
    )
    referral = case_services.referral_create(
        user=cast.sw,
        client=child,
        received_at=timezone.now() - timedelta(days=3),
        source="law_enforcement",
        alleges_cse=True,
    )
    for kind, relationship in (("general_neglect", "parent"), ("sexual_exploitation", "other")):
        case_services.allegation_create(
            user=cast.sw,
            referral=referral,
            victim=child,
            allegation_type=kind,
            perpetrator_relationship=relationship,
        )
    return child


def tick(page: Page, box: Locator) -> None:
    """Tick a USWDS checkbox (its input is drawn off-screen) as a keyboard user does."""
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"


def test_a_worker_records_a_petition_with_protective_behaviours(cast, child, page, assert_accessible):
    today = timezone.localdate(timezone=cast.sw.county.zone)
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/")
    panel = page.get_by_test_id("petition-panel")
    expect(panel).to_contain_text("No petition recorded.")
    panel.get_by_role("link", name="Record a petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a petition for Maya Lopez")

    # The checklist follows the subdivision: hidden until (b)(2) is chosen, hidden again for another one.
    checklist = page.get_by_test_id("protective-behaviours-fields")
    expect(checklist).to_be_hidden()
    assert_accessible(page, "form")
    subdivision = page.get_by_label("WIC 300 subdivision")
    subdivision.select_option("d")
    expect(checklist).to_be_hidden()
    subdivision.select_option("b2")
    expect(checklist).to_be_visible()

    tick(page, page.get_by_label(re.compile(r"^General neglect, perpetrator: parent")))
    page.get_by_label("Filed with the juvenile court on").fill((today - timedelta(days=1)).isoformat())
    for behaviour, note in NOTES.items():
        if not note.startswith("None"):
            tick(page, page.get_by_label(f"The parents: {behaviour}"))
        if "safety plan" not in behaviour:
            page.get_by_label(f"Note: {behaviour}").fill(note)
    page.get_by_label("Date of hearing 1").fill((today + timedelta(days=14)).isoformat())
    page.get_by_label("Kind of hearing 1").select_option("jurisdiction")

    # One note left out: the server refuses it beside that behaviour and keeps everything typed.
    page.get_by_role("button", name="Record the petition").click()
    expect(page.locator("#id_pb_safety_plan_or_services_note_error")).to_contain_text("add a note")
    expect(checklist).to_be_visible()
    expect(page.get_by_label("Note: reported the child missing to the police")).to_have_value(
        NOTES["reported the child missing to the police"]
    )
    expect(page.get_by_label("Date of hearing 1")).to_have_value((today + timedelta(days=14)).isoformat())
    assert_accessible(page, "form-error")
    assert not Petition.objects.exists()

    safety = "willing and able to engage in a safety plan or take up voluntary services"
    page.get_by_label(f"Note: {safety}").fill(NOTES[safety])
    page.get_by_role("button", name="Record the petition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Petition of Maya Lopez: WIC 300(b)(2)")
    expect(page.get_by_text("Petition under WIC 300(b)(2) recorded.")).to_be_visible()
    behaviours = page.get_by_test_id("protective-behaviour")
    expect(behaviours).to_have_count(4)
    expect(behaviours.first).to_contain_text("Reported the child missing to the police: Yes")
    expect(behaviours.nth(2)).to_contain_text(
        "Sought help from private or community organizations or resources: No"
    )
    expect(page.get_by_test_id("genuine-efforts")).to_contain_text("3 of the 4")
    expect(page.get_by_test_id("hearing-row")).to_contain_text("Scheduled")
    # At 1280 px the behaviours stand beside the allegation.
    allegations = page.get_by_test_id("petition-allegations").bounding_box()
    checklist_box = page.get_by_test_id("protective-behaviours").bounding_box()
    assert allegations and checklist_box
    assert checklist_box["x"] >= allegations["x"] + allegations["width"]
    assert abs(checklist_box["y"] - allegations["y"]) < 80
    assert_accessible(page, "petition")

    petition = Petition.objects.get()
    assert petition.wic_300_subdivision == "b2" and len(petition.allegation_ids) == 1
    assert [b.present for b in petition.behaviour_list] == [True, True, False, True]
    assert petition.history.get().history_user == cast.sw

    # On a phone: the petition, the child's panel and the correction form, none wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("protective-behaviour")).to_have_count(4)
    no_sideways_scroll(page)
    assert_accessible(page, "petition-phone")
    page.get_by_role("link", name="Correct the petition").click()
    expect(page.get_by_test_id("protective-behaviours-fields")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page, "correct-phone")
    page.get_by_label("Outcome").select_option("sustained")
    page.get_by_label("Why this correction").fill("The court sustained the petition")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_test_id("petition-outcome")).to_have_text("Sustained")
    expect(page.get_by_test_id("petition-history")).to_contain_text(
        "Petition corrected: The court sustained the petition"
    )
    no_sideways_scroll(page)
    page.get_by_role("link", name="Back to Maya Lopez").click()
    expect(page.get_by_test_id("petition-row")).to_contain_text("Sustained")
    panel_box = page.get_by_test_id("petition-panel").bounding_box()
    assert panel_box and panel_box["x"] + panel_box["width"] <= 390
    petition.refresh_from_db()
    assert petition.outcome == "sustained"
