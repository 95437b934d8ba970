"""parse_date: explicit formats, strict fallback, nothing invented."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.ingest import parse_date

SEPT_14 = date(2023, 9, 14)


@pytest.mark.parametrize(
    "value",
    [
        "September 14, 2023", "Sept. 14, 2023", "Sep 14 2023", "2023-09-14T08:00:00Z", "2023-09-14",
        "2023-09-14 23:30:00-05:00", "14 Sep 2023", "Thursday, 14 September 2023", "2023/09/14", "14.09.2023",
        "14th September 2023", "Thursday, September 14, 2023 8:00 AM EDT", "14 Sep 2023 08:00 GMT",
        "09/14/2023", "14/09/2023", "  September   14,\n2023 ", "14 septembre 2023", "14. September 2023",
    ],
)  # fmt: skip
def test_dates(value: str) -> None:
    assert parse_date(value) == SEPT_14


@pytest.mark.parametrize(
    "value",
    ["", "We", "May", "not a date", "September 2023", "2023", "May 5", "05/06/2023", "2023-02-30", "yesterday",
     "3 days ago", "14 Foo 2023", "0000-00-00", "x" * 500, "12345678901234567890"],
)  # fmt: skip
def test_not_dates(value: str) -> None:
    assert parse_date(value) is None


def test_non_string_input() -> None:
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date(20230914) is None  # type: ignore[arg-type]
