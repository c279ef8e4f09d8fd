"""Month names and dates in words: the one helper (Django's own month names and date formats).

Pages follow the reader's language (`language=None`: the active one), so the English interface says
"1 December 2026" and "Aug". Documents the office signs (the integrity pact and its PDF, the case
letters, the monev report) stay Indonesian by design whatever the reader's language: they pass
`language="id"` (`tanggal_id`). Django's translations give the names, so there is no list of months to
keep here.
"""

from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS
from django.utils.formats import date_format

DOCUMENT_LANGUAGE = "id"  # the language of signed documents


def _in(language):
    return translation.override(language) if language else translation.override(translation.get_language())


def month_name(month, *, short=False, language=None):
    """'Agustus' / 'August'; short: 'Agu' / 'Aug' (three letters, capitalised)."""
    with _in(language):
        return str(MONTHS_3[month]).capitalize() if short else str(MONTHS[month])


def weekday_name(weekday, *, language=None):
    """'Kamis' / 'Thursday' for date.weekday() (0 = Monday)."""
    with _in(language):
        return str(WEEKDAYS[weekday])


def long_date(day, *, language=None):
    """'1 Desember 2026' / '1 December 2026' ('' for None)."""
    if not day:
        return ""
    with _in(language):
        return date_format(day, "j F Y")


def tanggal_id(day):
    """A date in words for a signed document: always Indonesian ('1 Desember 2026')."""
    return long_date(day, language=DOCUMENT_LANGUAGE)
