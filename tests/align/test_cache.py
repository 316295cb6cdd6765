"""The pickled user cache behind the lexicon and the encoder's tokenizer."""

from __future__ import annotations

import pickle

import pytest

from tmtool.align.cache import cache_path, cached_pickle


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_loaded():
    calls = []

    def build() -> dict:
        calls.append(1)
        return {"a": 1}

    assert cached_pickle("x.pickle", dict, build) == {"a": 1}
    assert cached_pickle("x.pickle", dict, build) == {"a": 1}
    assert len(calls) == 1 and cache_path("x.pickle").is_file()


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a list"])])
def test_unreadable_or_foreign_files_are_rebuilt(content):
    path = cache_path("y.pickle")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert cached_pickle("y.pickle", dict, lambda: {"b": 2}) == {"b": 2}
    assert pickle.loads(path.read_bytes()) == {"b": 2}


def test_an_unwritable_cache_only_costs_a_rebuild(cache_home):
    cache_home.write_text("a file where the folder should be")
    assert cached_pickle("z.pickle", dict, lambda: {"c": 3}) == {"c": 3}
