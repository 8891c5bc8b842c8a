"""Dependency petitions filed with the juvenile court. Writes go through `petitions.services`; reads through
`petitions.selectors`.

A petition is kept as one document: the subdivision, the allegations it rests on, the filing day, its hearings,
its outcome and, for a (b)(2) petition, the parents' protective behaviours. The lists and the checklist are
JSON the service has checked and normalised, so each history row keeps the whole petition as it stood, and a
correction shows both versions side by side.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord

from .catalogue import (
    FAILURE_TO_PROTECT,
    PENDING,
    HearingKind,
    Outcome,
    ProtectiveBehaviour,
    Subdivision,
    short_label,
)


@dataclass(frozen=True)
class Hearing:
    """One hearing of the petition, held or scheduled."""

    date: date
    kind: str
    note: str

    @property
    def label(self) -> str:
        return HearingKind(self.kind).label


@dataclass(frozen=True)
class BehaviourNote:
    """One protective behaviour the worker weighed: shown or not, and what the note says."""

    code: str
    present: bool
    note: str

    @property
    def label(self) -> str:
        return ProtectiveBehaviour(self.code).label


class Petition(EnteredRecord, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("referrals.Client", on_delete=models.PROTECT, related_name="petitions")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    wic_300_subdivision = models.CharField(
        max_length=4,
        choices=Subdivision.choices,
        help_text="The WIC 300 subdivision chosen with county counsel.",
    )
    allegation_ids = models.JSONField(
        default=list, help_text="The ids of the child's allegations the petition rests on."
    )
    filed_at = models.DateField(help_text="The day the petition was filed with the juvenile court.")
    hearings = models.JSONField(
        default=list, blank=True, help_text="Hearings held or scheduled: [{date, kind, note}], by date."
    )
    outcome = models.CharField(
        max_length=12, choices=Outcome.choices, blank=True, help_text="Blank: pending."
    )
    protective_behaviours = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a (b)(2) petition: {code: {present, note}} for each behaviour the FAQ names.",
    )
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-filed_at", "-created_at"]
        indexes: ClassVar = [models.Index(fields=["client", "-filed_at", "-created_at"])]

    def __str__(self) -> str:
        return f"WIC {self.subdivision_short} petition of {self.filed_at:%Y-%m-%d}"

    @property
    def subdivision_short(self) -> str:
        return short_label(self.wic_300_subdivision)

    @property
    def is_failure_to_protect(self) -> bool:
        return self.wic_300_subdivision == FAILURE_TO_PROTECT

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else PENDING

    @property
    def hearing_list(self) -> list[Hearing]:
        return [
            Hearing(date=date.fromisoformat(h["date"]), kind=h["kind"], note=h.get("note", ""))
            for h in self.hearings
        ]

    @property
    def behaviour_list(self) -> list[BehaviourNote]:
        """The behaviours in the FAQ's order; empty for a petition under another subdivision."""
        given = self.protective_behaviours or {}
        return [
            BehaviourNote(code=code, present=bool(given[code]["present"]), note=given[code]["note"])
            for code in ProtectiveBehaviour.values
            if code in given
        ]

    @property
    def behaviours_shown(self) -> int:
        return sum(1 for behaviour in self.behaviour_list if behaviour.present)
