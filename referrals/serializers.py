"""API shapes of the case record (API.md). Input serializers check types and codes; services check the rules."""

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from kernel.api import (
    ENTERED_FIELDS,
    EnteredRecordFields,
    InstantField,
    late_entry_reason_field,
    reason_field,
)

from .models import (
    Allegation,
    AllegationType,
    Client,
    Contact,
    ContactType,
    CsecRow,
    CsecType,
    Disposition,
    FosterCareStatus,
    PerpetratorRelationship,
    ReceivingAgency,
    Referral,
    ReferralSource,
    ResponseDecision,
    Sex,
    Wic300Subdivision,
)
from .selectors import contact_checklist
from .services import CLIENT_EDITABLE


class VoidInput(serializers.Serializer):
    reason = reason_field(required=True)


class CsecRowSerializer(EnteredRecordFields, serializers.ModelSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)

    class Meta:
        model = CsecRow
        fields = (
            "id",
            "client",
            "csec_type",
            "label",
            "start_date",
            "end_date",
            "information_received_at",
            "created_at",
            *ENTERED_FIELDS,
        )


class CsecRowInput(serializers.Serializer):
    csec_type = serializers.ChoiceField(choices=CsecType.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    information_received_at = InstantField(required=False, allow_null=True)
    late_entry_reason = late_entry_reason_field()


class CsecRowChangeInput(serializers.Serializer):
    """v1's end date alone; with a reason, a correction of any of the row's fields."""

    end_date = serializers.DateField(required=False, allow_null=True)
    csec_type = serializers.ChoiceField(choices=CsecType.choices, required=False)
    start_date = serializers.DateField(required=False)
    information_received_at = InstantField(required=False)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=False)


class ClientSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.name", read_only=True)
    assigned_worker = serializers.UUIDField(source="assigned_worker_id", read_only=True)
    cws_category = serializers.SerializerMethodField()
    cws_category_reason = serializers.SerializerMethodField()
    cws_category_on = serializers.SerializerMethodField()
    csec_types = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = (
            "id",
            "county",
            *CLIENT_EDITABLE,
            "cws_category",
            "cws_category_reason",
            "cws_category_on",
            "csec_types",
            "created_at",
        )

    def day(self, client: Client) -> date:
        return self.context.get("on") or timezone.localdate(timezone=client.county.zone)

    def get_cws_category(self, client: Client) -> str | None:
        return client.cws_category_on(self.day(client)).category

    def get_cws_category_reason(self, client: Client) -> str:
        return client.cws_category_on(self.day(client)).reason

    def get_cws_category_on(self, client: Client) -> date:
        return self.day(client)

    def get_csec_types(self, client: Client) -> list[dict[str, Any]]:
        # Read through `csec_rows.all()` so a list that prefetched them asks the database once, not per child.
        day = self.day(client)
        rows = sorted(
            (row for row in client.csec_rows.all() if row.is_open_on(day)), key=lambda row: row.start_date
        )
        return [CsecRowSerializer(row).data for row in rows]


class ClientInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    foster_care_status = serializers.ChoiceField(choices=FosterCareStatus.choices)
    title_iv_e_assistance = serializers.BooleanField()
    chafee_services = serializers.BooleanField()
    assigned_worker = serializers.UUIDField(required=False, allow_null=True)


class ReferralCodesMixin(serializers.Serializer):
    special_project_codes = serializers.ListField(child=serializers.CharField(), read_only=True)


class ContactSerializer(EnteredRecordFields, serializers.ModelSerializer):
    referral = serializers.UUIDField(source="referral_id", read_only=True)

    class Meta:
        model = Contact
        fields = (
            "id",
            "referral",
            "contact_type",
            "made_at",
            "in_person",
            "name",
            "notes",
            "created_at",
            *ENTERED_FIELDS,
        )


class ContactInput(serializers.Serializer):
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    made_at = InstantField()
    in_person = serializers.BooleanField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class ContactCorrectionInput(serializers.Serializer):
    contact_type = serializers.ChoiceField(choices=ContactType.choices, required=False)
    made_at = InstantField(required=False)
    in_person = serializers.BooleanField(required=False)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class AllegationSerializer(EnteredRecordFields, serializers.ModelSerializer):
    referral = serializers.UUIDField(source="referral_id", read_only=True)
    victim = serializers.UUIDField(source="victim_id", read_only=True)
    abuse_subcategory = serializers.CharField(read_only=True, allow_null=True)
    caci_referral_required = serializers.BooleanField(read_only=True)
    disposition = serializers.SerializerMethodField()

    class Meta:
        model = Allegation
        fields = (
            "id",
            "referral",
            "victim",
            "allegation_type",
            "perpetrator_relationship",
            "wic_300_subdivision",
            "disposition",
            "disposition_at",
            "abuse_subcategory",
            "caci_referral_required",
            *ENTERED_FIELDS,
        )

    def get_disposition(self, allegation: Allegation) -> str | None:
        return allegation.disposition or None


class AllegationInput(serializers.Serializer):
    victim = serializers.UUIDField()
    allegation_type = serializers.ChoiceField(choices=AllegationType.choices)
    perpetrator_relationship = serializers.ChoiceField(choices=PerpetratorRelationship.choices)
    wic_300_subdivision = serializers.ChoiceField(
        choices=Wic300Subdivision.choices, required=False, allow_blank=True
    )


class AllegationChangeInput(serializers.Serializer):
    """v1's first finding alone; with a reason, a correction of the allegation or of its finding."""

    disposition = serializers.ChoiceField(choices=Disposition.choices, required=False)
    allegation_type = serializers.ChoiceField(choices=AllegationType.choices, required=False)
    perpetrator_relationship = serializers.ChoiceField(
        choices=PerpetratorRelationship.choices, required=False
    )
    wic_300_subdivision = serializers.ChoiceField(
        choices=Wic300Subdivision.choices, required=False, allow_blank=True
    )
    reason = reason_field(required=False)


class ReferralSerializer(ReferralCodesMixin, EnteredRecordFields, serializers.ModelSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)
    response_decision = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields: tuple[str, ...] = (
            "id",
            "client",
            "received_at",
            "receiving_agency",
            "source",
            "reporter_name",
            "reporter_contact",
            "narrative",
            "alleges_cse",
            "special_project_codes",
            "response_decision",
            "response_decision_reason",
            "response_decided_at",
            "created_at",
            *ENTERED_FIELDS,
        )

    def get_response_decision(self, referral: Referral) -> str | None:
        return referral.response_decision or None


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.label
    done = serializers.BooleanField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.required
    note = serializers.CharField()


class ReferralDetailSerializer(ReferralSerializer):
    contacts = ContactSerializer(many=True, read_only=True)
    allegations = AllegationSerializer(many=True, read_only=True)
    contact_checklist = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = (*ReferralSerializer.Meta.fields, "contacts", "allegations", "contact_checklist")

    def get_contact_checklist(self, referral: Referral) -> list[dict[str, Any]]:
        return [ChecklistItemSerializer(item).data for item in contact_checklist(referral)]


class ReferralInput(serializers.Serializer):
    client = serializers.UUIDField()
    received_at = InstantField()
    receiving_agency = serializers.ChoiceField(choices=ReceivingAgency.choices, required=False)
    source = serializers.ChoiceField(choices=ReferralSource.choices)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.source
    alleges_cse = serializers.BooleanField()
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reporter_contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class ReferralUpdateInput(serializers.Serializer):
    source = serializers.ChoiceField(choices=ReferralSource.choices, required=False)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.source
    alleges_cse = serializers.BooleanField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reporter_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReferralChangeInput(ReferralUpdateInput):
    """v1's update of the editable facts; with a reason, a correction, which may also name when and by whom the
    referral was received."""

    received_at = InstantField(required=False)
    receiving_agency = serializers.ChoiceField(choices=ReceivingAgency.choices, required=False)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=False)


class ResponseDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ResponseDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
