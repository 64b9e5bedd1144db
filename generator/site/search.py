"""What the pages give the search index beyond their visible text: the sub-words of their long words.

Pagefind's Chinese segmentation keeps 大熊猫 whole and matches a query word against the start of an
indexed word, so 熊猫 would not find a page that only says 大熊猫. Each indexed page therefore carries,
hidden and at a low weight (``_macros.j2``, ``subwords``), the words that jieba's search mode finds inside
its longer words (大熊猫 → 熊猫; 广州动物园 → 广州, 动物, 动物园): a part of a word finds the word, and a page
that has the whole word still ranks above one that only has a part of it.

The single characters of longer words are given too: the browser splits a query with its own segmenter
(``Intl.Segmenter``), which does not cut Chinese as jieba does (艾米稻香小镇 → 艾 / 米 / 稻香 / 小 / 镇), and
Pagefind only finds a page that has every word of the query (as a word or the start of one).
"""

from __future__ import annotations

import functools
import logging
import re

import jieba

#: Runs of Han characters: the only text whose words Pagefind does not already split at spaces.
_HAN = re.compile(r"[\u3400-\u9fff]+")

jieba.setLogLevel(logging.WARNING)


def subwords(text: str) -> str:
    """The words inside ``text``'s longer words, once each, in order of first appearance, space-separated.

    Words that jieba's ordinary segmentation does not already give (the index has those from the visible
    text): the search-mode words inside longer words, then each character of a longer word.
    """
    inner: dict[str, None] = {}
    characters: dict[str, None] = {}
    for run in _HAN.findall(text):
        found, whole = _run_words(run)
        inner.update(dict.fromkeys(found))
        for word in whole:
            characters.update(dict.fromkeys(word))
    return " ".join([*inner, *characters])


@functools.lru_cache(maxsize=65536)
def _run_words(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The search-mode words inside one run of Han characters that its ordinary segmentation does not give,
    and its ordinary words of two or more characters. Runs recur across pages (names of districts, fields,
    institutions), so each is segmented once a build."""
    whole = tuple(word for word in jieba.cut(run, HMM=False) if len(word) > 1)
    inner = tuple(
        dict.fromkeys(w for w in jieba.cut_for_search(run, HMM=False) if len(w) > 1 and w not in whole)
    )
    return inner, whole
