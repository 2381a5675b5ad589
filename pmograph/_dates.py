"""Dates: what ``--snapshot``, ``--date`` and ``--as-of`` accept, and dates read from data.

A date given by a user is an ISO 8601 calendar date (``2026-03-31``) or ``today``.  A date read
from data is the calendar day at the start of an ``xsd:date`` or ``xsd:dateTime`` lexical form
(``2026-03-31``, ``2026-03-31T09:00:00+01:00``: the day as written, not moved to UTC), or the
day a data.gov.uk day IRI names (``http://reference.data.gov.uk/id/day/2011-03-31``).
"""

from __future__ import annotations

import datetime
import re

from pmograph._errors import PmographError

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_IRI = re.compile(r"/(?:id/)?day/(\d{4}-\d{2}-\d{2})$")


def parse_date(value: str | datetime.date) -> datetime.date:
    """A date given by a user: ``YYYY-MM-DD``, ``today``, or a :class:`datetime.date`.

    Examples
    --------
    >>> parse_date("2026-03-31")
    datetime.date(2026, 3, 31)
    >>> parse_date("31/03/2026")
    Traceback (most recent call last):
    ...
    pmograph._errors.PmographError: '31/03/2026' is not a date: write it as YYYY-MM-DD \
(e.g. 2026-03-31) or 'today'
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if text.casefold() == "today":
        return datetime.date.today()
    try:
        if _DAY.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise PmographError(f"{value!r} is not a date: write it as YYYY-MM-DD (e.g. 2026-03-31) "
                        "or 'today'")


def date_in(text: str | None) -> datetime.date | None:
    """The calendar day an ``xsd:date``/``xsd:dateTime`` lexical form or a day IRI names;
    ``None`` for anything else.

    Examples
    --------
    >>> date_in("2026-03-31T09:30:00+01:00"), date_in("http://reference.data.gov.uk/id/day/2011-03-31")
    (datetime.date(2026, 3, 31), datetime.date(2011, 3, 31))
    >>> date_in("next spring"), date_in("2026-02-30"), date_in(None)
    (None, None, None)
    """
    if not text:
        return None
    iri = _DAY_IRI.search(text)
    lexical = _DAY.match(text.strip())
    day = iri.group(1) if iri else lexical.group(0) if lexical else None
    try:
        return datetime.date.fromisoformat(day) if day else None
    except ValueError:  # 2026-02-30
        return None
