"""Evidence: the citations every entry carries, and the hosts the catalogue trusts, copies from or refuses.

An entry says only what its sources say. Each citation names the page (``url``) or a printed or official
document (``text``), the body that published the original (``publisher``), its date when known, whether the
page is a reprint of another publisher's text (``copy``), and a verbatim ``quote`` that shows what the entry
claims. The publishers the catalogue trusts are resources.yaml's ``organisations`` (each with its web hosts);
``mirrors`` lists reprint portals and ``farms`` the content farms, spam mirrors and machine-written
aggregators that are never cited.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from generator.catalogue.citation import Citation, host_of
from generator.catalogue.load import Document, Path_, dotted
from generator.catalogue.root import Root
from generator.errors import Issue, Severity, issue


def publisher_hosts(root: Root, websites: Iterable[tuple[str | None, str]]) -> dict[str, str]:
    """Host → kind of every publisher the catalogue trusts: its organisations' sites and ``hosts``, and the
    ``websites`` given as (address, kind) — the bases' own sites, as venues."""
    hosts: dict[str, str] = {}
    for org in root.organisations:
        for host in (*org.hosts, *([host_of(org.website)] if org.website else [])):
            hosts[host] = org.kind
    for url, kind in websites:
        if url:
            hosts.setdefault(host_of(url), kind)
    hosts.pop("", None)
    return hosts


def host_in(host: str, hosts: Iterable[str]) -> bool:
    """Whether ``host`` is one of ``hosts`` or a sub-domain of one (``www.`` makes no difference)."""
    host = host.removeprefix("www.")
    return any(host == (known := k.removeprefix("www.")) or host.endswith("." + known) for k in hosts)


def check_sources(
    doc: Document,
    at: Path_,
    sources: tuple[Citation, ...],
    publishers: frozenset[str],
    mirrors: frozenset[str],
    farms: frozenset[str],
) -> Iterator[Issue]:
    """The citations of one entry: no content farm; a copy or a mirror only beside an original; a host that
    is no known publisher is a warning (add its publisher to ``organisations``, or cite the original)."""
    originals = [
        c for c in sources if not c.is_copy and (c.host is None or not host_in(c.host, mirrors | farms))
    ]
    for i, citation in enumerate(sources):
        loc = (*at, "sources", i, "url")
        host = citation.host
        if host is not None and host_in(host, farms):
            yield issue(doc.path, *doc.where(loc), "farm-citation", dotted(loc), host=host)
        elif citation.is_copy or (host is not None and host_in(host, mirrors)):
            if not originals:
                where = (*at, "sources", i)
                yield issue(
                    doc.path, *doc.where(where), "copy-without-original", dotted(where), host=host or ""
                )
        elif host is not None and not host_in(host, publishers):
            yield issue(
                doc.path, *doc.where(loc), "unknown-publisher-host", dotted(loc), Severity.WARNING, host=host
            )


def cited_in(doc: Document, at: Path_, entry: Any) -> list[tuple[Document, Path_, tuple[Citation, ...]]]:
    """An entry's citations (file, place, sources) and, when it says how it is booked, its ``booking``'s."""
    booking = getattr(entry, "booking", None)
    own = [(doc, at, entry.sources)]
    return own + ([(doc, (*at, "booking"), booking.sources)] if booking is not None else [])


def check_evidence(
    root: Root, cited: list[tuple[Document, Path_, tuple[Citation, ...]]], websites: Iterable[str | None]
) -> Iterator[Issue]:
    """Every entry's citations (``cited``: file, place, sources) against the hosts the catalogue trusts (its
    organisations' and its bases' own ``websites``), copies from (``mirrors``) and refuses (``farms``)."""
    publishers = publisher_hosts(root, ((url, "venue") for url in websites))
    hosts = frozenset(publishers), frozenset(m.host for m in root.mirrors)
    farms = frozenset(f.host for f in root.farms)
    for doc, at, sources in cited:
        yield from check_sources(doc, at, sources, *hosts, farms)
