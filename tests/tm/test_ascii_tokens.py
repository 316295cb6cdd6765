"""Token hashes of ASCII texts: the same tokens as the fuzzy search's regex, and the same
codes for a batch of English sources as coding each source on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmtool.tm import fuzzy
from tmtool.tm.ascii_tokens import LONG, MAX_TOKEN, token_hashes

ASCII = st.text(alphabet=st.sampled_from(list("az09'.,  \t\x1c-_%$AZ\"()")), max_size=40)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("it's 1,000.5 yuan", ["it's", "1,000.5", "yuan"]),
        ("u.s. 5g", ["u", ".", "s", ".", "5", "g"]),
        ("a'b'c 'x y'", ["a'b'c", "'", "x", "y", "'"]),
        ("1..2 3,", ["1", ".", ".", "2", "3", ","]),
        ("Co., Ltd.", ["C", "o", ".", ",", "L", "td", "."]),  # forms are lower case
        ("", []),
    ],
)
def test_tokens_are_the_regex_tokens(text, tokens):
    got = token_hashes(text)
    assert [text[a:b] for a, b in zip(got.starts, got.ends, strict=True)] == tokens


def test_equal_tokens_equal_hashes_and_long_tokens_share_one():
    got = token_hashes("the port , the port " + "x" * (MAX_TOKEN + 1) + " " + "y" * 99)
    h = got.hashes.tolist()
    assert h[0] == h[3] and h[1] == h[4] and len({h[0], h[1], h[2]}) == 3
    assert h[5] == h[6] == LONG
    assert token_hashes("两江") is None


@settings(max_examples=300, deadline=None)
@given(ASCII)
def test_token_spans_equal_the_regex(text):
    got = token_hashes(text)
    assert [text[a:b] for a, b in zip(got.starts, got.ends, strict=True)] == (
        fuzzy._SIMPLE_TOKEN_RE.findall(text)
    )


@settings(max_examples=300, deadline=None)
@given(ASCII, st.lists(ASCII, min_size=2, max_size=6))
def test_hashed_batch_codes_equal_each_source_coded_alone(query, sources):
    query = query.lower() + " the port"
    sources = [s.lower() for s in sources] + ["the port of " + query, "héllo the port"]
    encode = fuzzy._Encoder()
    encode.query(query, "en")
    assert encode.hashed is not None
    alone = [fuzzy._Encoder() for _ in sources]
    for e in alone:
        e.query(query, "en")
    expected = [e.source(s, "en") for e, s in zip(alone, sources, strict=True)]
    assert encode._hashed(sources) == expected
    assert encode.sources(sources, "en") == expected


def test_queries_the_hashes_cannot_serve_take_the_other_path():
    encode = fuzzy._Encoder()
    encode.query("a " + "w" * (MAX_TOKEN + 1), "en")
    assert encode.hashed is None
    encode = fuzzy._Encoder()
    encode.query("café", "en")
    assert encode.hashed is None
    sources = ["a " + "w" * (MAX_TOKEN + 1), "a " + "w" * (MAX_TOKEN + 2)]
    assert encode.sources(sources, "en") == [encode.source(s, "en") for s in sources]


def test_a_separator_hash_inside_a_source_falls_back(monkeypatch):
    encode = fuzzy._Encoder()
    encode.query("the port", "en")
    monkeypatch.setattr(fuzzy, "_SEP_HASH", token_hashes("port").hashes[0])
    assert encode._hashed(["the port", "a port"]) is None
    assert encode.sources(["the port", "a port"], "en") == [
        encode.source(s, "en") for s in ["the port", "a port"]
    ]
