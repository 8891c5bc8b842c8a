"""API shapes of petitions (API.md, "Added in v1.1"). The lists and the checklist are read as JSON and checked by
the service, whose messages come back flat under the field they concern (`{"hearings": ["Hearing 2: ..."]}`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.api import ENTERED_FIELDS, EnteredRecordFields, reason_field

from .catalogue import HearingKind, Outcome, ProtectiveBehaviour, Subdivision
from .models import Petition
from .services import HEARING_HORIZON_DAYS, NOTE_MAX_LENGTH


class HearingSerializer(serializers.Serializer):
    date = serializers.DateField(
        help_text=f"Not before the filing; a scheduled hearing may lie up to {HEARING_HORIZON_DAYS} days ahead."
    )
    kind = serializers.ChoiceField(choices=HearingKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class BehaviourSerializer(serializers.Serializer):
    present = serializers.BooleanField(help_text="Whether the parents showed this behaviour.")
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, help_text="What the parents did, or why not (required)."
    )


def behaviour_field(code: ProtectiveBehaviour) -> BehaviourSerializer:
    return BehaviourSerializer(required=False, help_text=code.label)


class ProtectiveBehavioursSerializer(serializers.Serializer):
    """The four behaviours the FAQ names, keyed by code: all four for a (b)(2) petition, none for another."""

    reported_missing = behaviour_field(ProtectiveBehaviour.REPORTED_MISSING)
    restricted_contact = behaviour_field(ProtectiveBehaviour.RESTRICTED_CONTACT)
    sought_help = behaviour_field(ProtectiveBehaviour.SOUGHT_HELP)
    safety_plan_or_services = behaviour_field(ProtectiveBehaviour.SAFETY_PLAN_OR_SERVICES)


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}})
class AllegationIdsField(serializers.JSONField):
    """The ids of the child's allegations: checked by the service (another child's or county's is a 400)."""


@extend_schema_field(HearingSerializer(many=True))
class HearingsField(serializers.JSONField):
    """Hearings as JSON, checked by the service."""


@extend_schema_field(ProtectiveBehavioursSerializer)
class BehavioursField(serializers.JSONField):
    """The checklist as JSON, checked by the service."""


SUBDIVISION_HELP = "The WIC 300 subdivision chosen with county counsel."
ALLEGATIONS_HELP = "The ids of the child's allegations the petition rests on (at least one)."
FILED_HELP = (
    "The day the petition was filed with the juvenile court: not in the future, not before the child's birth."
)
HEARINGS_HELP = "The hearings, held or scheduled; the list given replaces the petition's."
OUTCOME_HELP = "Sustained, dismissed or amended; null or empty while pending."
BEHAVIOURS_HELP = (
    "The parents' protective behaviours (ACL 16-85, FAQ 3): required for a (b)(2) petition, each of the four "
    "with `present` and a `note`; refused for any other subdivision. The object given replaces the petition's."
)


class PetitionInput(serializers.Serializer):
    wic_300_subdivision = serializers.ChoiceField(choices=Subdivision.choices, help_text=SUBDIVISION_HELP)
    allegations = AllegationIdsField(help_text=ALLEGATIONS_HELP)
    filed_at = serializers.DateField(help_text=FILED_HELP)
    hearings = HearingsField(required=False, help_text=HEARINGS_HELP)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text=OUTCOME_HELP,
    )
    protective_behaviours = BehavioursField(required=False, default=dict, help_text=BEHAVIOURS_HELP)


class PetitionPatch(serializers.Serializer):
    wic_300_subdivision = serializers.ChoiceField(
        choices=Subdivision.choices, required=False, help_text=SUBDIVISION_HELP
    )
    allegations = AllegationIdsField(required=False, help_text=ALLEGATIONS_HELP)
    filed_at = serializers.DateField(required=False, help_text=FILED_HELP)
    hearings = HearingsField(required=False, help_text=HEARINGS_HELP)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, allow_null=True, help_text=OUTCOME_HELP
    )
    protective_behaviours = BehavioursField(required=False, help_text=BEHAVIOURS_HELP)
    reason = reason_field(required=True)


class PetitionVoidInput(serializers.Serializer):
    reason = reason_field(required=True)


class PetitionSerializer(EnteredRecordFields, serializers.ModelSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)
    wic_300_subdivision_label = serializers.CharField(
        source="get_wic_300_subdivision_display", read_only=True
    )
    allegations = serializers.ListField(
        child=serializers.UUIDField(), source="allegation_ids", read_only=True, help_text=ALLEGATIONS_HELP
    )
    hearings = HearingSerializer(many=True, read_only=True)
    outcome = serializers.SerializerMethodField()
    protective_behaviours = ProtectiveBehavioursSerializer(read_only=True, help_text=BEHAVIOURS_HELP)
    created_by = serializers.UUIDField(source="created_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Petition
        fields = (
            "id",
            "client",
            "wic_300_subdivision",
            "wic_300_subdivision_label",
            "allegations",
            "filed_at",
            "hearings",
            "outcome",
            "protective_behaviours",
            *ENTERED_FIELDS,
            "created_at",
            "created_by",
            "updated_at",
        )

    @extend_schema_field(
        serializers.ChoiceField(choices=Outcome.choices, allow_null=True, help_text=OUTCOME_HELP)
    )
    def get_outcome(self, petition: Petition) -> str | None:
        return petition.outcome or None
