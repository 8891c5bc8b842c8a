from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from kernel.forms import UswdsFormMixin

from .access import source_address
from .journal import Via
from .models import MAX_LOCKOUT_MINUTES, Privilege, Role, User
from .signin import Outcome, SignIn, sign_in_check


class SignInForm(UswdsFormMixin, AuthenticationForm):
    """Username, password and the authenticator code, checked together: whatever is wrong, the answer is the
    same, so the password cannot be confirmed without the code."""

    otp = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=12,
        help_text="The 6-digit code your authenticator app shows now. Leave it empty if you have not set one up yet.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.outcome: SignIn | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        address = source_address(self.request) if self.request is not None else None
        self.outcome = sign_in_check(
            username, password, self.cleaned_data.get("otp") or "", via=Via.PAGE, address=address
        )
        if self.outcome.outcome in (Outcome.FAILED, Outcome.LOCKED):
            raise forms.ValidationError(self.outcome.message, code=self.outcome.outcome.value)
        self.user_cache = self.outcome.user
        return self.cleaned_data

    @property
    def locked(self) -> bool:
        return self.outcome is not None and self.outcome.outcome is Outcome.LOCKED


class CodeForm(UswdsFormMixin, forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="The 6 digits the app shows now for this account.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class OwnPasswordForm(UswdsFormMixin, PasswordChangeForm):
    """The signed-in user's new password, held to the password validators."""


def supervisor_field() -> "forms.ModelChoiceField[User]":
    return forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Supervisor",
        help_text="For a social worker or probation officer: the supervisor of their unit.",
        empty_label="- No supervisor -",
    )


class CountyUserFields(UswdsFormMixin, forms.Form):
    first_name = forms.CharField(max_length=150, required=False, label="First name")
    last_name = forms.CharField(max_length=150, required=False, label="Last name")
    email = forms.EmailField(required=False, label="E-mail", help_text="Where deadline alerts are sent.")
    role = forms.ChoiceField(choices=Role.choices, label="Role")
    supervisor = supervisor_field()
    privileges = forms.MultipleChoiceField(
        choices=Privilege.choices,
        required=False,
        label="Privileges",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, supervisors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = supervisors


class CountyUserCreateForm(CountyUserFields):
    username = forms.CharField(max_length=150, label="Username", help_text="What they sign in with.")
    password = forms.CharField(
        label="First password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common password and not like the name or username. Give it to "
        "them in person; they set up their authenticator app at their first sign-in.",
    )

    field_order = (
        "username",
        "password",
        "first_name",
        "last_name",
        "email",
        "role",
        "supervisor",
        "privileges",
    )


class LockoutMinutesForm(UswdsFormMixin, forms.Form):
    lockout_minutes = forms.IntegerField(
        min_value=1,
        max_value=MAX_LOCKOUT_MINUTES,
        label="Minutes a locked account stays locked",
        help_text="After 5 failed sign-ins within 15 minutes; you can unlock an account sooner from this page.",
    )
