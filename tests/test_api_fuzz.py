"""The API fuzzed against its own OpenAPI schema, once per role: whatever a client sends, the answer is never a
server error and always one the schema documents (status, content type and body)."""

import json
from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client as WebClient
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import PASSWORD

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Left out: signing in (the fuzzer would lock the caller's own account) and revoking the caller's own tokens or
# account (the rest of the run would be anonymous). Each has its own tests.
LEFT_OUT = {
    ("POST", "/api/v1/auth/token/"),
    ("DELETE", "/api/v1/auth/tokens/"),
    ("DELETE", "/api/v1/auth/tokens/{id}/"),
}
REQUESTS: Counter[str] = Counter()


def project_schema() -> schemathesis.schemas.BaseSchema:
    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def token_for(username: str) -> str:
    answer = WebClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return str(answer.json()["token"])


def fuzz(operation, headers: dict[str, str], role: str) -> str | None:
    failure: list[str] = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        REQUESTS[role] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except BaseException as error:  # every operation's failure is reported together at the end
            failure.append(f"{operation.method.upper()} {operation.path}: {str(error)[:600]}")
            raise

    try:
        run()
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        return failure[0] if failure else f"{operation.method.upper()} {operation.path}: error"
    return None


@pytest.mark.parametrize("role", ["sw", "po", "supervisor", "admin"])
def test_every_operation_answers_within_the_schema_for_each_role(role, cast, settings):
    settings.ALLOWED_HOSTS = ["*"]
    user = getattr(cast, role)
    headers = {"Authorization": f"Token {token_for(user.username)}"}
    failures = []
    operations = 0
    for result in project_schema().get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in LEFT_OUT:
            continue
        operations += 1
        failure = fuzz(operation, headers, role)
        if failure:
            failures.append(failure)
    print(f"fuzzed {operations} operations as {role}: {REQUESTS[role]} requests")
    assert operations > 50
    assert failures == [], "\n\n".join(failures)
