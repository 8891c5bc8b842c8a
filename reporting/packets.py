"""The printable packet of a report made outside the agency (DOMAIN.md §6): what the law-enforcement call or the
NCMEC form needs, on one page.

A packet gathers, for one report, the child's identifying facts (with a box for a photograph), the report itself,
the missing episode it is about, what was reported, who reported it and how the county is reached, and when the
report was made or falls due. An NCMEC packet carries the check of what NCMEC needs before the call
(`episodes.ncmec_packet`). Reading a packet is reading the report: the caller's county only (another county's
report is a 404), and the child's record is logged as read by whoever prints it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from kernel.county_time import county_day
from referrals.cws import age_on
from referrals.models import VICTIM_TYPES, Allegation, Client, CsecRow, MissingEpisode, Referral

from . import episodes
from .clocks import SET_ASIDE
from .models import Deadline, Report, ReportKind
from .reports import clocks_answered

LAW_ENFORCEMENT = "law_enforcement"
NCMEC = "ncmec"
CHILD_WELFARE_AGENCY = "child_welfare_agency"

# Which packet each kind of report prints: the law-enforcement call, the NCMEC form, or probation's report to
# the child welfare agency.
FAMILY_OF_KIND = {
    ReportKind.LAW_ENFORCEMENT: LAW_ENFORCEMENT,
    ReportKind.LAW_ENFORCEMENT_MISSING: LAW_ENFORCEMENT,
    ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT: LAW_ENFORCEMENT,
    ReportKind.NCMEC: NCMEC,
    ReportKind.RETURN_NOTICE_NCMEC: NCMEC,
    ReportKind.CHILD_WELFARE_AGENCY: CHILD_WELFARE_AGENCY,
}
TITLES = {
    ReportKind.LAW_ENFORCEMENT: "Report to law enforcement: a child identified as a victim of exploitation",
    ReportKind.LAW_ENFORCEMENT_MISSING: "Report to law enforcement: a missing child (NCIC entry)",
    ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT: "Notice to law enforcement: the missing child has returned",
    ReportKind.NCMEC: "Report to NCMEC: a missing child",
    ReportKind.RETURN_NOTICE_NCMEC: "Notice to NCMEC: the missing child has returned",
    ReportKind.CHILD_WELFARE_AGENCY: "Probation's report to the child welfare agency",
}
NO_COUNTY_CONTACT = "Not set: the county admin sets it on the clock settings page."
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Fact:
    """One line of the packet: a label and its value, as text, a day or an instant (shown in the county's zone).
    A `needed` fact is one the call or the form asks for: a blank one is marked as missing."""

    label: str
    text: str = ""
    day: date | None = None
    when: datetime | None = None
    needed: bool = False

    @property
    def blank(self) -> bool:
        return not self.text and self.day is None and self.when is None


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    facts: list[Fact]
    note: str = ""


class CheckShown(episodes.NcmecPacket):
    """The NCMEC packet check with its items as (label, value shown) pairs, as `reporting/includes/packet.html`
    lists them."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Packet:
    report: Report
    family: str
    title: str
    zone_name: str
    prepared_at: datetime
    prepared_by: str
    child: list[Fact]
    sections: list[Section]
    clocks: list[Deadline]  # the clocks the report met, else those of its kind it answers that are still open
    check: CheckShown | None = None
    photo_release: str = ""

    @property
    def client(self) -> Client:
        return self.report.client

    @property
    def missing_needed(self) -> list[str]:
        """The labels of the needed facts still blank, for the summary at the top."""
        facts = [*self.child, *(f for s in self.sections for f in s.facts)]
        return [f.label for f in facts if f.needed and f.blank]


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def child_facts(report: Report) -> list[Fact]:
    """Who the child is, as the call or the form identifies them."""
    client = report.client
    day = county_day(report.made_at, client.county)
    category = client.cws_category_on(day)
    facts = [
        Fact("Full name", client.full_name, needed=True),
        Fact("Date of birth", day=client.date_of_birth, needed=True),
        Fact("Age when reported", str(age_on(client.date_of_birth, day))),
        Fact("Sex", client.get_sex_display()),
        Fact("Foster care status", client.get_foster_care_status_display()),
        Fact(
            "Child welfare services",
            f"Category {category.category}: {category.reason}" if category.category else category.reason,
        ),
    ]
    episode = report.missing_episode
    if episode is not None:
        facts += [
            Fact("Physical description", episode.physical_description),
            Fact("Risk factors", episode.risk_factors),
        ]
    return facts


def report_facts(report: Report, family: str) -> Section:
    """The report as made: to whom, when, how, who took it, and the numbers the agency gave."""
    law_enforcement = family == LAW_ENFORCEMENT
    facts = [
        Fact("Made to", report.agency_name, needed=True),
        Fact("Made", when=report.made_at, needed=True),
        Fact("How", report.get_method_display()),
        Fact("Taken by (name, badge)", report.recipient, needed=law_enforcement),
    ]
    if report.kind == ReportKind.LAW_ENFORCEMENT:
        facts.append(Fact("Law enforcement report number", report.report_number, needed=True))
    if report.kind == ReportKind.LAW_ENFORCEMENT_MISSING:
        # For a missing child the missing-person report number is the one NCMEC and the return notice ask for.
        facts += [
            Fact("Missing-person report number", report.missing_person_report_number, needed=True),
            Fact("NCIC entry confirmed", "Yes" if report.ncic_entry_confirmed else "", needed=True),
        ]
        if report.report_number:
            facts.append(Fact("Law enforcement report number", report.report_number))
    if family == NCMEC:
        facts.append(Fact("NCMEC case number", report.ncmec_case_number))
    if report.notes:
        facts.append(Fact("Notes", report.notes))
    return Section("report", "The report", facts)


def episode_section(episode: MissingEpisode, check: episodes.NcmecPacket) -> Section:
    """The missing episode: when and where the child was last seen, and the return once recorded."""
    facts = [
        Fact("Found missing", when=episode.discovered_at, needed=True),
        Fact("Last seen", when=episode.last_seen_at or episode.discovered_at, needed=True),
        Fact("Place last seen", episode.last_known_location, needed=True),
        Fact("Circumstance", episode.get_circumstance_display()),
        Fact("Believed exploited or at risk", yes_no(episode.cse_concern)),
        Fact("Guardian", check["fields"]["guardian"], needed=True),
        Fact("Who may release photographs", episode.photo_release_contact, needed=True),
    ]
    if episode.returned_at is not None:
        facts += [
            Fact("Returned", when=episode.returned_at),
            Fact("Where the child was found", episode.return_location),
            Fact("What led to the absence", episode.absence_factors),
            Fact("What happened while away", episode.experiences_while_absent),
        ]
    note = "This episode is marked entered in error." if episode.entered_in_error else ""
    return Section("episode", "The missing episode", facts, note)


def victim_rows(client: Client) -> QuerySet[CsecRow]:
    return client.csec_rows.filter(csec_type__in=VICTIM_TYPES, entered_in_error_at__isnull=True).order_by(
        "start_date", "created_at"
    )


def substantiated_findings(client: Client) -> QuerySet[Allegation]:
    return client.allegations.filter(
        allegation_type="sexual_exploitation",
        disposition="substantiated",
        entered_in_error_at__isnull=True,
        referral__entered_in_error_at__isnull=True,
    ).order_by("disposition_at")


def exploitation_section(client: Client) -> Section:
    """What identified the child as a victim: the CSEC rows documented and the substantiated findings."""
    facts = [
        Fact(f"{row.label}, from {row.start_date:%Y-%m-%d}", when=row.information_received_at)
        for row in victim_rows(client)
    ]
    facts += [
        Fact("Commercial sexual exploitation substantiated", when=finding.disposition_at)
        for finding in substantiated_findings(client)
    ]
    note = "" if facts else "No victim entry is documented for this child."
    return Section("exploitation", "What was reported (information received)", facts, note)


def referral_section(referral: Referral) -> Section:
    facts = [
        Fact("Received", when=referral.received_at),
        Fact("Received by", referral.get_receiving_agency_display()),
        Fact("Source", referral.get_source_display()),
        Fact("Reported by", referral.reporter_name),
        Fact("Reporter's contact", referral.reporter_contact),
        Fact("Alleges exploitation", yes_no(referral.alleges_cse)),
        Fact("What was reported", referral.narrative),
    ]
    return Section("referral", "The referral", facts)


def person(user: User | None) -> str:
    if user is None:
        return ""
    role = user.get_role_display()
    email = f", {user.email}" if user.email else ""
    return f"{user} ({role}{email})"


def reporter_section(report: Report) -> Section:
    client = report.client
    worker = client.assigned_worker
    maker = report.created_by
    facts = [
        Fact("Reported by", person(maker), needed=True),
        Fact("Agency", maker.agency.name if maker.agency else ""),
        Fact("The child's worker", person(worker)),
        Fact("The worker's supervisor", person(worker.supervisor)),
    ]
    return Section("reporter", "Who reported", facts)


def county_section(client: Client) -> Section:
    county = client.county
    agency = Agency.objects.filter(county=county, kind=Agency.Kind.CHILD_WELFARE).first()
    facts = [
        Fact("County", f"{county.name} County"),
        Fact("Child welfare agency", agency.name if agency else ""),
        Fact("Contact at any hour", county.report_contact or NO_COUNTY_CONTACT, needed=True),
    ]
    return Section("county", "The county's contact", facts)


def clocks_of(report: Report) -> list[Deadline]:
    """The clocks the report met; when it met none, those of its kind still open that it answers."""
    met = list(report.met_deadlines.order_by("due_at"))
    if met:
        return met
    still_open = clocks_answered(report).filter(met_at__isnull=True, cancelled_at__isnull=True)
    return list(still_open.exclude(cancelled_reason__in=SET_ASIDE).order_by("due_at"))


def what_was_reported(report: Report, family: str) -> list[Section]:
    """For the exploitation report, what identified the child as a victim; for it and probation's report to
    child welfare, the referral it answers."""
    exploitation = report.kind == ReportKind.LAW_ENFORCEMENT
    sections = [exploitation_section(report.client)] if exploitation else []
    if report.referral is not None and (exploitation or family == CHILD_WELFARE_AGENCY):
        sections.append(referral_section(report.referral))
    return sections


def ncmec_check(episode: MissingEpisode) -> CheckShown:
    """What NCMEC needs before the call, and what of it is missing (`episodes.ncmec_packet`)."""
    check = episodes.ncmec_packet(episode)
    return {**check, "items": episodes.ncmec_packet_items(check, episode)}


def packet_of(report: Report, user: User, now: datetime | None = None) -> Packet:
    """The packet of `report`, prepared by `user` (the caller has read it through `selectors.report_get`)."""
    family = FAMILY_OF_KIND[ReportKind(report.kind)]
    episode = report.missing_episode
    check = ncmec_check(episode) if episode is not None else None
    sections = [report_facts(report, family)]
    if episode is not None and check is not None:
        sections.append(episode_section(episode, check))
    sections += what_was_reported(report, family)
    sections += [reporter_section(report), county_section(report.client)]
    return Packet(
        report=report,
        family=family,
        title=TITLES[ReportKind(report.kind)],
        zone_name=report.client.county.time_zone,
        prepared_at=now or timezone.now(),
        prepared_by=person(user),
        child=child_facts(report),
        sections=sections,
        clocks=clocks_of(report),
        check=check if family == NCMEC else None,
        photo_release=episode.photo_release_contact if episode is not None else "",
    )


def packet_filename(report: Report) -> str:
    """A file name that names no child (it lands in download folders): the kind, the day made, the report."""
    day = county_day(report.made_at, report.client.county)
    kind = str(report.kind).replace("_", "-")
    return f"{kind}-packet-{day:%Y-%m-%d}-{str(report.pk)[:8]}.pdf"
