"""API shapes of screenings (API.md). Inputs check types; `screening.services` checks codes and rules."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api import (
    ENTERED_FIELDS,
    EnteredRecordFields,
    InstantField,
    late_entry_reason_field,
    reason_field,
)

from . import rules
from .models import RiskBasis, Screening, ScreeningContext, ScreeningTool


class CodeListField(serializers.ListField):
    """A list of codes; anything but strings in it is one message on the field, not one per position."""

    child = serializers.CharField()

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, list) and not all(isinstance(item, str) for item in data):
            raise serializers.ValidationError("Give a list of indicator codes (strings).")
        return super().to_internal_value(data)


class ScreeningInput(serializers.Serializer):
    client = serializers.UUIDField()
    performed_at = InstantField()
    context = serializers.ChoiceField(choices=ScreeningContext.choices)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Serializer.context
    tool = serializers.ChoiceField(
        choices=ScreeningTool.choices, required=False, allow_blank=True, default=""
    )
    tool_result = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    # Codes are checked by the service so the browser and the API give the same messages.
    indicators = CodeListField(allow_empty=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    referral = serializers.UUIDField(required=False, allow_null=True, default=None)
    missing_episode = serializers.UUIDField(required=False, allow_null=True, default=None)
    late_entry_reason = late_entry_reason_field()


class ScreeningCorrectionInput(serializers.Serializer):
    """The fields to correct (the child and what the screening answers stay) and why."""

    performed_at = InstantField(required=False)
    context = serializers.ChoiceField(choices=ScreeningContext.choices, required=False)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Serializer.context
    tool = serializers.ChoiceField(choices=ScreeningTool.choices, required=False, allow_blank=True)
    tool_result = serializers.CharField(required=False, allow_blank=True, max_length=100)
    indicators = CodeListField(required=False, allow_empty=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class ScreeningSerializer(EnteredRecordFields, serializers.ModelSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)
    referral = serializers.UUIDField(source="referral_id", read_only=True, allow_null=True)
    missing_episode = serializers.UUIDField(source="missing_episode_id", read_only=True, allow_null=True)
    performed_by = serializers.UUIDField(source="performed_by_id", read_only=True)
    basis = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Screening
        fields = (
            "id",
            "client",
            "referral",
            "missing_episode",
            "performed_at",
            "performed_by",
            "context",
            "tool",
            "tool_result",
            "indicators",
            "at_risk",
            "basis",
            "explanation",
            "rule_version",
            "notes",
            "created_at",
            *ENTERED_FIELDS,
        )

    @extend_schema_field(serializers.ChoiceField(choices=RiskBasis.choices, allow_null=True))
    def get_basis(self, screening: Screening) -> str | None:
        return screening.basis or None

    def get_explanation(self, screening: Screening) -> str:
        return explain(screening)


def explain(screening: Screening) -> str:
    """The stored result in words (from the stored result, not a re-run of today's rule)."""
    known = [code for code in screening.indicators if code in rules.BY_CODE]
    strong = tuple(c for c in known if c in rules.STRONG_CODES)
    other = tuple(c for c in known if c in rules.OTHER_CODES)
    basis = rules.Basis(screening.basis) if screening.basis else None
    return rules.Assessment(at_risk=screening.at_risk, basis=basis, strong=strong, other=other).explanation


class RuleSerializer(serializers.Serializer):
    """The catalogue, for clients that show the checklist."""

    def to_representation(self, instance: object) -> dict[str, object]:
        return {
            "rule_version": rules.RULE_VERSION,
            "indicators": [
                {"code": i.code, "group": i.group.value, "label": i.label, "description": i.description}
                for i in rules.CATALOGUE
            ],
        }
