"""The day a build or a check is for: its "today", decided once and shared by validation and rendering.

What is upcoming, what happens this month and which entries are stale depend on "today". It is never read
from the clock, so that the same data gives the same verdict and the same site whenever it is built: it is
``--today`` (``validate`` and ``build``), else the environment variable :data:`ENV` (also read by a plain
``mkdocs build``), else the catalogue's own data date (``site.data_date``, see the validator).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from generator.errors import KepuError

#: Names the day a build or a check is for (YYYY-MM-DD), as ``--today`` does; unset: the data's own date.
ENV = "KEPU_TODAY"


class DayInvalid(KepuError):
    """:data:`ENV` is set to something that is not a date."""


def requested_day(flag: dt.date | None, environ: Mapping[str, str] | None = None) -> dt.date | None:
    """``flag``, else the day named by ``$KEPU_TODAY``, else None (the catalogue's data date).

    Raises :class:`DayInvalid` when the variable is set to something that is not a date.
    """
    if flag is not None:
        return flag
    text = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DayInvalid(
            f"环境变量 {ENV} 应是一个日期，如 2026-03-01，而不是 {text!r}"
            f" ({ENV} must be a date such as 2026-03-01, not {text!r})"
        ) from exc
