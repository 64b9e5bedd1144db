"""Ways to damage a data file, as a careless edit, a wrong editor setting or a broken copy would.

Each operation takes a random generator and the file's bytes and returns the damaged bytes; benchmarks/fuzz.py
applies them to copies of the real catalogue.
"""

from __future__ import annotations

import random
from collections.abc import Callable

Damage = Callable[[random.Random, bytes], bytes]
#: Characters that break editors, parsers and pages: NUL and other controls, bidi and zero-width marks,
#: line and paragraph separators, BOM, astral and private-use characters, full-width YAML look-alikes.
AWKWARD = [
    *"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0",
    *"\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    *"\u2028\u2029\ufeff\ufffd\ufffe\u3000\u0301：，＃－［］｛｝“”",
    *"\U0001f600\U0001f9ea\U00020000\U0002a6d6\U000e0001\U0010fffd\U000f0000",
]
#: Escapes a double-quoted YAML scalar turns into characters a UTF-8 file cannot hold directly.
ESCAPES = [r"\ud800", r"\udfff", r"\0", r"\x00", r"\u202e", r"\U0001F600", r"\x85", r"\u2028", r"\e", r"\a"]
INVALID_UTF8 = [b"\xff", b"\xfe", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe5\xb9", b"\xf4\x90\x80\x80"]
LONG = 100_000


def _pick_line(rng: random.Random, lines: list[bytes]) -> int:
    return rng.randrange(len(lines))


def _on_lines(change: Callable[[random.Random, list[bytes]], None]) -> Damage:
    """A damage that edits the file as a list of lines (split at LF, so CR stays where it was)."""

    def damage(rng: random.Random, raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        change(rng, lines)
        return b"\n".join(lines)

    return damage


def _delete(rng: random.Random, lines: list[bytes]) -> None:
    del lines[_pick_line(rng, lines)]


def _duplicate(rng: random.Random, lines: list[bytes]) -> None:
    i = _pick_line(rng, lines)
    lines.insert(i, lines[i])


def _swap(rng: random.Random, lines: list[bytes]) -> None:
    i = _pick_line(rng, lines)
    j = min(len(lines) - 1, i + 1) if rng.random() < 0.5 else _pick_line(rng, lines)
    lines[i], lines[j] = lines[j], lines[i]


def _indent(rng: random.Random, lines: list[bytes]) -> None:
    i = _pick_line(rng, lines)
    shift = rng.choice([-4, -2, -1, 1, 2, 4])
    body = lines[i].lstrip(b" ")
    lines[i] = b" " * max(0, len(lines[i]) - len(body) + shift) + body


def _tab(rng: random.Random, lines: list[bytes]) -> None:
    i = _pick_line(rng, lines)
    body = lines[i].lstrip(b" ")
    if rng.random() < 0.6:
        lines[i] = b"\t" * rng.randint(1, 2) + body
    else:
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + b"\t" + lines[i][at:]


def _long_line(rng: random.Random, lines: list[bytes]) -> None:
    filler = "".join(rng.choice("科普ab 1,:#-") for _ in range(64)).encode() * (LONG // 64)
    i = _pick_line(rng, lines)
    how = rng.randrange(3)
    if how == 0:
        lines[i] += filler  # an existing value (or key) grows to 100k characters
    elif how == 1:
        lines.insert(i, b"# " + filler)
    else:
        lines.insert(i, b"summary: " + b"x" * LONG)


def _char_boundary(raw: bytes, at: int) -> int:
    """Move ``at`` back to the start of a UTF-8 character, so an insertion keeps the text decodable."""
    while 0 < at < len(raw) and raw[at] & 0xC0 == 0x80:
        at -= 1
    return at


def _insert(rng: random.Random, raw: bytes, piece: bytes) -> bytes:
    at = _char_boundary(raw, rng.randrange(len(raw) + 1))
    return raw[:at] + piece + raw[at:]


def _random_bytes(rng: random.Random, raw: bytes) -> bytes:
    piece = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    at = rng.randrange(len(raw) + 1)
    if rng.random() < 0.5:
        return raw[:at] + piece + raw[at:]
    return raw[:at] + piece + raw[at + len(piece) :]


def _random_unicode(rng: random.Random, raw: bytes) -> bytes:
    chars = []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.7:
            chars.append(rng.choice(AWKWARD))
        else:
            code = rng.randrange(0x110000)
            chars.append(chr(code if not 0xD800 <= code <= 0xDFFF else code + 0x800))
    return _insert(rng, raw, "".join(chars).encode("utf-8"))


def _escapes(rng: random.Random, raw: bytes) -> bytes:
    """A value rewritten as a double-quoted scalar whose escapes make NUL, surrogates, bidi controls."""
    lines = raw.split(b"\n")
    keyed = [i for i, line in enumerate(lines) if b": " in line] or [0]
    i = rng.choice(keyed)
    key, _, _ = lines[i].partition(b": ")
    text = "".join(rng.choice([*ESCAPES, "科普", "a"]) for _ in range(rng.randint(1, 4)))
    lines[i] = key + b': "' + text.encode() + b'"'
    return b"\n".join(lines)


def _truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randrange(len(raw) + 1)]


def _bom_start(rng: random.Random, raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


def _bom_middle(rng: random.Random, raw: bytes) -> bytes:
    return _insert(rng, raw, b"\xef\xbb\xbf")


def _crlf(rng: random.Random, raw: bytes) -> bytes:
    return raw.replace(b"\n", b"\r\n")


def _lone_cr(rng: random.Random, raw: bytes) -> bytes:
    if rng.random() < 0.5:
        return raw.replace(b"\n", b"\r")  # old Mac line ends throughout
    return _insert(rng, raw, b"\r")


def _invalid_utf8(rng: random.Random, raw: bytes) -> bytes:
    return _insert(rng, raw, rng.choice(INVALID_UTF8))


def _gb18030(rng: random.Random, raw: bytes) -> bytes:
    try:
        return raw.decode("utf-8").encode("gb18030")
    except UnicodeError:
        return raw


#: Damage that changes nothing a reader sees, each applied once: the report must not change either.
HARMLESS = {"crlf", "bom-start"}
#: Every kind of damage, by the name a summary and a replay print.
OPERATIONS: dict[str, Damage] = {
    "delete-line": _on_lines(_delete),
    "duplicate-line": _on_lines(_duplicate),
    "swap-lines": _on_lines(_swap),
    "indent": _on_lines(_indent),
    "tab": _on_lines(_tab),
    "long-line": _on_lines(_long_line),
    "random-bytes": _random_bytes,
    "random-unicode": _random_unicode,
    "yaml-escapes": _escapes,
    "truncate": _truncate,
    "bom-start": _bom_start,
    "bom-middle": _bom_middle,
    "crlf": _crlf,
    "lone-cr": _lone_cr,
    "invalid-utf8": _invalid_utf8,
    "gb18030": _gb18030,
}
