"""The compliance download, streamed so a large county is never held in memory as one string."""

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

from .selectors import compliance_csv_rows


class Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list[str]]) -> Iterator[str]:
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow(row)


def compliance_csv_response(user: Any) -> StreamingHttpResponse:
    today = timezone.localdate(timezone=user.county.zone)
    response = StreamingHttpResponse(
        csv_lines(compliance_csv_rows(user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="training-compliance-{today:%Y-%m-%d}.csv"'
    return response
