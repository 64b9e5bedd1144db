"""The search keys written, hidden, into indexed pages: made from the entries' own texts, never the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalogue.model import Catalogue
from generator.site import search
from generator.site.parts import pages
from generator.site.render import render_part
from generator.site.search import encode, entry_texts, keys, page_keys


def finds(texts: list[str], query: str) -> bool:
    """Whether a query finds a page with these keys, as Pagefind matches one: a key that starts with it."""
    wanted = encode(search.normal(query)[: search.SPAN])
    return any(key.startswith(wanted) for key in keys(texts))


def test_a_word_inside_a_longer_word_is_found() -> None:
    assert finds(["广州动物园有大熊猫"], "熊猫")  # jieba keeps 大熊猫 whole
    assert finds(["中医药博物馆研学旅行"], "研学")
    assert finds(["中医药博物馆研学旅行"], "研学旅行")


def test_a_word_the_browser_cuts_otherwise_is_found_whole() -> None:
    assert finds(["从化风云岭森林公园北侧的艾米稻香小镇"], "艾米稻香小镇")


def test_letters_apart_are_not_a_word() -> None:
    texts = ["龙潭河贯穿其间", "园内有龙眼和水稻，可以潜心观察"]
    for query in ("恐龙", "潜水艇", "天文"):
        assert not finds(texts, query), query


def test_keys_are_four_hex_digits_a_letter_and_at_most_span_letters() -> None:
    found = keys(["广州动物园 Guangzhou Zoo 2024"])
    assert found and all(re.fullmatch(rf"(?:[0-9a-f]{{4}}){{1,{search.SPAN}}}", k) for k in found)
    assert encode("zoo") in found  # Latin words lower-cased, kept whole
    assert len(found) == len(set(found))


def test_a_key_that_only_begins_another_is_left_out() -> None:
    found = keys(["熊猫", "大熊猫馆"])
    assert encode("熊猫馆") in found
    assert encode("熊猫") not in found


def test_text_without_letters_gives_no_keys() -> None:
    assert keys(["", "——（）", " "]) == []


def test_full_width_letters_are_written_as_ascii() -> None:
    assert keys(["ＶＲ体验"]) == keys(["vr体验"])


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def hidden_keys(page: str) -> list[str]:
    """The keys written into a rendered page's hidden blocks."""
    blocks = re.findall(r'<div hidden data-pagefind-weight="[0-9.]+">([^<]*)</div>', page)
    return " ".join(blocks).split()


def test_a_page_with_a_map_gets_no_word_of_its_map(catalogue: Catalogue) -> None:
    """The map of a base in 番禺 names every district in its script; its keys name its own district only."""
    pages_out = render_part(pages.render, catalogue)
    base = next(b for b in catalogue.bases if b.district == "panyu" and b.location)
    page = str(pages_out[f"bases/{base.id}.md"])
    assert "天河区" in page  # in the map's script
    found = hidden_keys(page)
    assert found and not any(k.startswith(encode("天河")) for k in found)
    assert any(k.startswith(encode("番禺")) for k in found)
    assert sorted(found) == sorted(" ".join(page_keys(catalogue, base.name, [base])).split())


def test_a_base_gives_its_own_fields(catalogue: Catalogue) -> None:
    base = next(b for b in catalogue.bases if b.district == "panyu")
    texts = entry_texts(catalogue, base)
    assert {base.name, base.summary, base.address, catalogue.names["districts"]["panyu"]} <= set(texts)
    assert {catalogue.names["fields"][f] for f in base.fields} <= set(texts)


def test_every_kind_of_entry_has_texts(catalogue: Catalogue) -> None:
    for entry in (catalogue.bases[0], catalogue.courses[0], catalogue.events[0], *catalogue.videos[:1]):
        texts = entry_texts(catalogue, entry)
        assert texts and all(isinstance(t, str) for t in texts)


def test_the_box_writes_keys_as_the_index_does() -> None:
    script = (Path(search.__file__).parents[2] / "site_templates" / "search" / "search.js").read_text()
    assert f"var SPAN = {search.SPAN};" in script
