"""The OpenAPI schema documents the error answers too: what a client must be ready to read besides success."""

from typing import Any

from drf_spectacular.openapi import AutoSchema

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each field refused, with its messages; `detail` or `non_field_errors` for the request as a "
    "whole.",
    "additionalProperties": True,
}


def error_answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class ApiSchema(AutoSchema):
    """Every operation may answer 400 (bad input, field by field), 401 (not signed in), 403 (not allowed) and
    404 (no such record in the caller's county, wherever the request names one; a cursor this API did not
    make)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = {
            "400": error_answer("Bad input: nothing was changed.", FIELD_ERRORS),
            "401": error_answer("Not signed in, or the token has ended.", DETAIL),
            "403": error_answer("Signed in, but not allowed to do this.", DETAIL),
            "404": error_answer(
                "No such record in your county (named in the address or the body, or the caller's own where the "
                "address says `me`), or a list's cursor not made by this API.",
                DETAIL,
            ),
        }
        for code, answer in errors.items():
            responses.setdefault(code, answer)
        return responses
