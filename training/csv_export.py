"""The compliance download, streamed so a large county is never held in memory as one string."""

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from accounts.models import User
from kernel.county_time import county_today

from .selectors import compliance_csv_rows


class Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list[str]]) -> Iterator[str]:
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow(row)


def compliance_csv_response(user: User) -> StreamingHttpResponse:
    today = county_today(user)
    response = StreamingHttpResponse(
        csv_lines(compliance_csv_rows(user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="training-compliance-{today:%Y-%m-%d}.csv"'
    return response
