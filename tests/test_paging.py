"""Listings cut into parts: the parts, their pager and the anchors of their groups."""

from __future__ import annotations

from generator.site.paging import paginate, part_path


def groups(sizes: dict[str, int]) -> list[tuple[str, str, list[str]]]:
    return [(key, key.upper(), [f"{key}{i}" for i in range(n)]) for key, n in sizes.items()]


def test_a_short_listing_is_one_part_at_its_own_path() -> None:
    (part,) = paginate("bases/index.md", groups({"a": 3, "b": 2}), 10)
    assert part.path == "bases/index.md"
    assert part.pager() == []
    assert [(g.key, len(g.items), g.continued) for g in part.groups] == [("a", 3, False), ("b", 2, False)]
    assert part.starts == {"a": "bases/#a", "b": "bases/#b"}


def test_an_empty_listing_is_one_empty_part() -> None:
    (part,) = paginate("bases/index.md", [], 10)
    assert part.groups == [] and part.total == 1


def test_parts_cut_groups_and_know_where_each_group_begins() -> None:
    parts = paginate("schedule/2024/index.md", groups({"m1": 5, "m2": 4, "m3": 3}), 4)
    assert [p.path for p in parts] == [
        "schedule/2024/index.md",
        "schedule/2024/page/2.md",
        "schedule/2024/page/3.md",
    ]
    assert [p.count for p in parts] == [4, 4, 4]
    second = parts[1]
    assert [(g.key, g.items, g.continued) for g in second.groups] == [
        ("m1", ["m14"], True),
        ("m2", ["m20", "m21", "m22"], False),
    ]
    assert parts[0].starts == {
        "m1": "schedule/2024/#m1",
        "m2": "schedule/2024/page/2/#m2",
        "m3": "schedule/2024/page/3/#m3",
    }
    # Every item once, in order.
    assert [i for p in parts for g in p.groups for i in g.items] == [
        i for _, _, items in groups({"m1": 5, "m2": 4, "m3": 3}) for i in items
    ]


def test_the_pager_stays_small_however_many_parts() -> None:
    parts = paginate("menu/print.md", groups({"x": 1000}), 10)
    assert len(parts) == 100
    sizes = {len(p.pager()) for p in parts}
    assert max(sizes) <= 2 * 2 + 5 + 2  # prev, first, gap, window of five, gap, last, next
    middle = parts[49].pager()
    assert [(link.label, link.url, link.rel) for link in middle] == [
        ("", "menu/print/page/49/", "prev"),
        ("1", "menu/print/", ""),
        ("…", None, ""),
        ("48", "menu/print/page/48/", ""),
        ("49", "menu/print/page/49/", ""),
        ("50", None, ""),
        ("51", "menu/print/page/51/", ""),
        ("52", "menu/print/page/52/", ""),
        ("…", None, ""),
        ("100", "menu/print/page/100/", ""),
        ("", "menu/print/page/51/", "next"),
    ]
    assert [link.current for link in middle].count(True) == 1
    assert parts[0].pager()[0].label == "1" and parts[-1].pager()[-1].label == "100"
    assert parts[-1].pager()[-1].rel != "next"
    assert (parts[0].pager()[-1].rel, parts[0].pager()[-1].url) == ("next", "menu/print/page/2/")


def test_part_paths_follow_the_listing_url() -> None:
    assert part_path("menu/tianhe.md", 1) == "menu/tianhe.md"
    assert part_path("menu/tianhe.md", 3) == "menu/tianhe/page/3.md"
    assert part_path("bases/index.md", 2) == "bases/page/2.md"
