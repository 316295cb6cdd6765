"""Tokens: jieba words for Chinese, word tokens for English, character n-grams, match tokens.

jieba is imported only inside :func:`_jieba` (cached), its logger silenced, and the shipped
user dictionary of Chongqing news terms (``data/news_dict.txt``) loaded once; nothing
else in tmtool.text needs it, so ``tmtool --help`` and English-only commands never load it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from tmtool.text.normalize import fold
from tmtool.text.script import HAN_CLASS

NEWS_DICT = "news_dict.txt"

_MATCH_TOKEN_RE = re.compile(
    rf"[{HAN_CLASS}]"  # one token per Chinese character
    r"|\d+(?:[.,]\d+)*"  # a number: 13.21, 10,812
    rf"|(?:(?![{HAN_CLASS}])[^\W\d_])+(?:'(?:(?![{HAN_CLASS}])[^\W\d_])+)*"  # a word
    r"|\S"  # any other mark
)
_EN_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*")
_SPACE_RE = re.compile(r"\s+")


def match_tokens(text: str) -> list[str]:
    """Tokens for CAT match %, on the matching form.

    One token per Chinese character, per English word, per number (``13.21`` and
    ``10,812`` are one token each) and per punctuation mark; whitespace is dropped.
    """
    return _MATCH_TOKEN_RE.findall(fold(text))


def en_words(text: str) -> list[str]:
    """Lowercased English word tokens (and numbers) of the matching form; punctuation dropped.

    Internal apostrophes stay (``china's``, ``don't``); hyphenated words split in two.
    """
    return _EN_WORD_RE.findall(fold(text))


def char_ngrams(text: str, n: int = 2) -> list[str]:
    """Overlapping character n-grams of ``text`` with whitespace removed.

    A text shorter than ``n`` (but not empty) gives itself as its only gram.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    chars = _SPACE_RE.sub("", text)
    if not chars:
        return []
    if len(chars) <= n:
        return [chars]
    return [chars[i : i + n] for i in range(len(chars) - n + 1)]


@cache
def _jieba() -> Any:
    """jieba with its logging silenced and the news dictionary loaded (once per process)."""
    import logging
    from importlib import resources

    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    dictionary = resources.files("tmtool.text").joinpath("data", NEWS_DICT)
    with dictionary.open("r", encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[2] if len(parts) > 2 else None
            tokenizer.add_word(parts[0], freq, tag)
    return tokenizer


@lru_cache(maxsize=32768)
def _zh_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba().cut(text, HMM=True) if not w.isspace())


def zh_words(text: str) -> list[str]:
    """jieba words of ``text`` (precise mode, HMM on), whitespace dropped, original characters."""
    return list(_zh_words(text))
