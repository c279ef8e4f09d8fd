"""Calendar and working-day arithmetic for legal deadlines (plain Python, no Django).

A working day is Monday to Friday and not in `holidays` (national holidays and cuti bersama).
"N working days from day D" starts counting on the day after D: a deadline of 7 working days
from a Friday summons is the Tuesday of the second week after, holidays skipped.
"""

from datetime import date, timedelta


def is_working_day(day: date, holidays=frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_days(start: date, n: int, *, working: bool, holidays=frozenset()) -> date:
    """The day `n` calendar or working days after `start` (n >= 0)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if not working:
        return start + timedelta(days=n)
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            n -= 1
    return day


def working_days_between(start: date, end: date, holidays=frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            n += 1
    return n
