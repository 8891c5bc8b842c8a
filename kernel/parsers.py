"""How the API reads a request body (its own module: DRF loads parsers while its views are being defined)."""

from typing import Any

from rest_framework import exceptions, parsers


def refuse_nul(value: object) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise exceptions.ParseError("Text may not contain NUL characters.")
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key)
            refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            refuse_nul(item)


class StrictJSONParser(parsers.JSONParser):
    """JSON bodies as DRF reads them, less what only fails later: NUL characters in text (PostgreSQL refuses
    them) and nesting so deep the parser itself gives up (a 400, not a RecursionError)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            refuse_nul(data)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON nested too deeply.") from exc
        return data
