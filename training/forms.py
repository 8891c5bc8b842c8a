from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from kernel.forms import UswdsFormMixin
from kernel.roles import Role

from .models import Course

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompletionForm(UswdsFormMixin, forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.none(), label="Course")
    completed_on = forms.DateField(widget=DATE, label="Completed on")

    def __init__(
        self, *args: Any, courses: QuerySet[Course], workers: QuerySet[User] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Course]", self.fields["course"]).queryset = courses
        if workers is not None:
            # A county admin records completions for anyone in the county.
            self.fields["worker"] = forms.ModelChoiceField(queryset=workers, label="Worker")
            self.fields["worker"].widget.attrs["class"] = "usa-select"
            self.order_fields(["worker", "course", "completed_on"])


class CourseForm(UswdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    provider = forms.CharField(max_length=200, required=False, label="Provider")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Description"
    )
    required = forms.BooleanField(required=False, initial=True, label="Required")
    required_roles = forms.MultipleChoiceField(
        choices=[(r.value, r.label) for r in Role if r != Role.COUNTY_ADMIN],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Required of",
    )
