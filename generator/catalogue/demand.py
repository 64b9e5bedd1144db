"""Demands (需求清单, measure 十二): what a school or a district education bureau asks for.

One file per school or bureau and year, ``content/demands/<year>/<name>.yaml``, holding a ``demands:`` list.
A demand names who asks by institution only (a school or a bureau and its district): never a person, never a
mobile number (the validator rejects one anywhere in a demand file, see :data:`MOBILE`). The matching of open
demands with courses is done at build time by :mod:`generator.site.matching`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from generator.catalogue.types import Id, Note, Record, Ref, Text

#: A mainland mobile number, with or without spaces or hyphens between its digits: a person's, so never
#: published in a demand (schools are reached through the bureau or the school's own office).
MOBILE = re.compile(r"(?<!\d)1[3-9](?:[ -]?\d){9}(?!\d)")


class Requester(Record):
    """Who asks: an institution, never a person."""

    name: Text = Field(
        description="School or bureau name as it calls itself, e.g. 天河区教育局; no person's name."
    )
    kind: Literal["school", "bureau"] = Field(
        "school", description="school: one school; bureau: a district education bureau for its schools."
    )
    district: Ref = Field(description="District id of the school or bureau, from districts.")


class Period(Record):
    """The days within which the activity should take place."""

    start: dt.date = Field(description="First day the school can take the activity.")
    end: dt.date = Field(description="Last day; not before start.")


class Demand(Record):
    """One demand of a school or bureau: what it wants, for whom, where, when, and whether it was met."""

    id: Id = Field(description="Stable id, e.g. 2026-tianhe-school-astronomy; the anchor on /demands/.")
    requester: Requester = Field(description="The school or bureau that asks.")
    grades: tuple[Ref, ...] = Field(min_length=1, description="Grade bands of the pupils, from grade_bands.")
    fields: tuple[Ref, ...] = Field(min_length=1, description="Fields of science wanted, from fields.")
    places: tuple[Ref, ...] = Field(
        min_length=1,
        description="Where it may happen: school (到校), base (到馆), online (线上), from places.",
    )
    times: tuple[Ref, ...] = Field(
        min_length=1, description="When it may happen: after_school, weekend, holiday, from times."
    )
    pupils: int = Field(ge=1, le=100_000, description="How many pupils would take part.")
    period: Period = Field(description="The days within which it should take place.")
    text: Text = Field(description="What the school asks for, in its own words (no names or phone numbers).")
    status: Literal["open", "matched", "closed"] = Field(
        "open",
        description="open: not yet met; matched: booked with the courses in matched; closed: withdrawn.",
    )
    matched: tuple[Ref, ...] = Field(
        (), description="Course ids the demand was booked with; required when status is matched."
    )
    note: Note = None
    verified: dt.date = Field(
        description="Date a maintainer last confirmed the demand with the school or bureau."
    )
    source: tuple[Text, ...] = Field(
        min_length=1, description="Where the demand comes from (issue form, bureau's list, letter)."
    )


class DemandFile(Record):
    """content/demands/<year>/<school-or-bureau>.yaml: the demands of one school or bureau in one year."""

    demands: tuple[Demand, ...] = Field(min_length=1, description="The demands of one school or bureau.")
