"""Problems found in the catalogue, as data, and the one exception family the CLI catches.

Every check yields :class:`Issue` values; nothing raises on bad input. The CLI (and the MkDocs plugin) turn
a :class:`Report` into text, GitHub annotations or JSON, and decide the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors stop a build, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem at one place of one file.

    ``code`` is a stable, English, kebab-case name (``bad-district``) that tests and tooling match on;
    ``params`` fill the message templates of :mod:`generator.messages` in either language.
    """

    file: str
    line: int
    column: int
    code: str
    field: str = ""
    severity: Severity = Severity.ERROR
    params: tuple[tuple[str, str], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


def issue(
    file: str,
    line: int,
    column: int,
    code: str,
    field_path: str = "",
    severity: Severity = Severity.ERROR,
    **params: object,
) -> Issue:
    """Make an :class:`Issue`; keyword arguments become message parameters (stringified, sorted)."""
    return Issue(
        file=file,
        line=line,
        column=column,
        code=code,
        field=field_path,
        severity=severity,
        params=tuple(sorted((k, str(v)) for k, v in params.items())),
    )


@dataclass
class Report:
    """All problems of one run, in file order, with each distinct problem kept once."""

    issues: list[Issue] = field(default_factory=list)

    def extend(self, found: Iterable[Issue]) -> None:
        self.issues.extend(found)

    def sorted(self) -> list[Issue]:
        return sorted(set(self.issues))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.sorted() if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.sorted() if not i.is_error]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.sorted())


class KepuError(Exception):
    """Base of the generator's own exceptions; the CLI catches these and only these."""


class CatalogueInvalid(KepuError):
    """The catalogue has errors; ``report`` holds every one of them."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s) in the catalogue")
        self.report = report


class BuildFailed(KepuError):
    """A build step other than validation failed (MkDocs, fonts for the PDFs); the message says why."""
