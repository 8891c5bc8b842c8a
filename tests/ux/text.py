"""What a person reads of a page: its text and the attributes read aloud, not the machine values (an input's
value, a `<time>`'s datetime, data attributes), and a scan of it for dates and times in any shape."""

import re
from html.parser import HTMLParser

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# The two shapes people read (cse_casework/formats/en/formats.py): "Jun 16, 2026" and "Jun 16, 2026, 10:00 AM".
DATETIME_SHOWN = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}, \d{{1,2}}:\d{{2}} [AP]M\b")
DATE_SHOWN = re.compile(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}\b")
# Any other trace of a date or a time once those are taken out.
OTHER_SHAPES = {
    "ISO day": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "slashed day": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "clock time": re.compile(r"\b\d{1,2}:\d{2}\b"),
    "month name": re.compile(
        rf"\b(?:{MONTHS}|January|February|March|April|June|July|August|September|October"
        r"|November|December)\b"
    ),
    "weekday": re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day)?\b"),
    "zone abbreviation": re.compile(r"\b(?:UTC|PST|PDT|GMT)\b"),
}
READ_ALOUD = {"alt", "title", "aria-label", "placeholder"}


class ReadText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in READ_ALOUD and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def read_text(html: str) -> str:
    parser = ReadText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def stray_dates(html: str) -> list[str]:
    """Every date or time on the page in a shape other than the two chosen ones, with its neighbourhood."""
    text = DATE_SHOWN.sub("[date]", DATETIME_SHOWN.sub("[instant]", read_text(html)))
    found = []
    for shape, pattern in OTHER_SHAPES.items():
        for match in pattern.finditer(text):
            found.append(f"{shape}: ...{text[max(0, match.start() - 40) : match.end() + 40]}...")
    return found
