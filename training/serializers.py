from rest_framework import serializers

from kernel.roles import Role

from .models import Completion, Course


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "provider",
            "description",
            "required",
            "required_roles",
            "state_course",
            "active",
            "created_at",
        ]


class CourseInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    required = serializers.BooleanField(default=True)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.required
    required_roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), default=list)
    active = serializers.BooleanField(default=True)


class CoursePatch(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.required
    required_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False
    )
    active = serializers.BooleanField(required=False)


class CompletionSerializer(serializers.ModelSerializer):
    course = serializers.UUIDField(source="course_id", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    worker = serializers.UUIDField(source="worker_id", read_only=True)
    worker_name = serializers.CharField(source="worker.__str__", read_only=True)

    class Meta:
        model = Completion
        fields = ["id", "course", "course_title", "worker", "worker_name", "completed_on", "created_at"]


class CompletionInput(serializers.Serializer):
    course = serializers.UUIDField()
    worker = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Yourself when omitted."
    )
    completed_on = serializers.DateField()


class CourseStatusSerializer(serializers.Serializer):
    course = serializers.UUIDField(source="course.pk")
    title = serializers.CharField(source="course.title")
    completed_on = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()


class WorkerTrainingSerializer(serializers.Serializer):
    worker = serializers.UUIDField(source="worker.pk")
    name = serializers.CharField(source="worker.__str__")
    username = serializers.CharField(source="worker.username")
    role = serializers.CharField(source="worker.role")
    complete = serializers.BooleanField()
    courses = CourseStatusSerializer(many=True)
