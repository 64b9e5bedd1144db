"""The sub-words written, hidden, into indexed pages, so that a part of a word finds the word."""

from __future__ import annotations

from generator.site.search import subwords


def test_the_words_inside_a_longer_word_are_given() -> None:
    words = subwords("广州动物园有大熊猫").split()
    assert "熊猫" in words  # jieba keeps 大熊猫 whole
    assert "动物" in words
    assert words.index("熊猫") < words.index("熊")  # words first, then characters


def test_single_characters_of_longer_words_are_given_for_the_browsers_query_segmentation() -> None:
    words = subwords("艾米稻香小镇").split()
    assert {"小", "镇", "稻", "香"} <= set(words)


def test_words_the_visible_text_already_gives_are_not_repeated() -> None:
    words = subwords("湿地 湿地 公园").split()
    assert "湿地" not in words and "公园" not in words
    assert len(words) == len(set(words))


def test_text_without_chinese_gives_nothing() -> None:
    assert subwords("Guangzhou Zoo 2024, https://example.org/") == ""


def test_the_same_text_gives_the_same_words() -> None:
    text = "中医药博物馆研学：认识岭南中草药"
    assert subwords(text) == subwords(text)
