"""How a day and an instant read in English, everywhere a person reads one: pages, messages, e-mail.

One format for days ("Jun 16, 2026") and one for instants ("Jun 16, 2026, 10:00 AM"): the month spelled, so
no reader mistakes day for month, and the 12-hour clock US workers use. Instants are shown in the county's zone,
which each page names once. Machines get ISO 8601 instead (the API, the CSV exports, the `datetime` attribute
of `<time>`). Typing formats (DATE_INPUT_FORMATS...) stay Django's: the pages' date inputs send ISO 8601.
"""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i A"
TIME_FORMAT = "g:i A"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
