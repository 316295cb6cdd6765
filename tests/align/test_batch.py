"""align_many (several processes) and the long-document band, on corpus documents."""

from __future__ import annotations

from pathlib import Path

import pytest

import tmtool.align.aligner as aligner
from tmtool.align import batch
from tmtool.align.aligner import align_texts
from tmtool.align.batch import AlignTask, align_many
from tmtool.errors import AlignmentError

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"


def _stems(n: int) -> list[str]:
    stems = sorted(p.stem for p in CORPUS.glob("*.zh") if (CORPUS / f"{p.stem}.en").exists())
    if len(stems) < n:
        pytest.skip("corpora/cq-press has too few documents yet")
    return stems[:n]


def _task(stem: str) -> AlignTask:
    return AlignTask(
        stem,
        (CORPUS / f"{stem}.zh").read_text("utf-8"),
        (CORPUS / f"{stem}.en").read_text("utf-8"),
    )


def test_two_workers_give_the_same_beads_in_order() -> None:
    tasks = [_task(s) for s in _stems(3)] + [AlignTask("empty", "", "Some English.")]
    serial = list(align_many(tasks, encoder=None, segmented=True, workers=1))
    parallel = list(align_many(tasks, encoder=None, segmented=True, workers=2))
    assert [k for k, _ in parallel] == [t.key for t in tasks]
    for (_, a), (_, b) in zip(serial[:3], parallel[:3], strict=True):
        assert a.beads == b.beads
    assert isinstance(parallel[3][1], AlignmentError)


def test_band_search_agrees_with_full_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    (stem,) = _stems(1)
    task = _task(stem)
    full = align_texts(task.zh_text, task.en_text, segmented=True, encoder=None)
    monkeypatch.setattr(aligner, "FULL_MATRIX_CELLS", 10)
    monkeypatch.setattr(aligner, "BAND_RADIUS", 6)
    monkeypatch.setattr(aligner, "REFINE_RADIUS", 4)
    banded = align_texts(task.zh_text, task.en_text, segmented=True, encoder=None)
    same = {(b.zh, b.en) for b in full.beads} & {(b.zh, b.en) for b in banded.beads}
    assert len(same) >= 0.95 * len(full.beads)


def test_pinned_process_limits_blas_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    calls: list[dict] = []

    class Controller:
        def limit(self, **kwargs: object) -> contextlib.nullcontext:
            calls.append(kwargs)
            return contextlib.nullcontext()

    monkeypatch.setattr(aligner, "_blas_controller", Controller)
    aligner.pin_blas_threads.cache_clear()
    try:
        zh, en = [["重庆GDP增长6%。"]], [["Chongqing's GDP grew 6 percent."]]
        aligner.align_paragraphs(zh, en, encoder=None)
        assert len(calls) == 1  # a library call limits BLAS around its own work
        aligner.pin_blas_threads()
        aligner.align_paragraphs(zh, en, encoder=None)
        aligner.align_paragraphs(zh, en, encoder=None)
        assert calls == [{"limits": 1, "user_api": "blas"}] * 2  # once more, for the process
    finally:
        aligner.pin_blas_threads.cache_clear()


@pytest.mark.parametrize(
    ("sizes", "workers", "order"),
    [
        ([5, 1, 9], 2, [2, 0, 1]),  # few tasks: all largest first
        ([1] * 10 + [2, 9, 3, 9, 1, 1, 1, 1], 2, [*range(10), 11, 13, 12, 10, 14, 15, 16, 17]),
        ([3, 3, 3], 1, [0, 1, 2]),  # ties keep input order
    ],
)
def test_dispatch_order_puts_the_long_last_tasks_first(
    sizes: list[int], workers: int, order: list[int]
) -> None:
    assert batch.dispatch_order(sizes, workers) == order


def test_a_worker_bug_is_raised_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(task: AlignTask, settings: object) -> None:
        if task.key == _stems(2)[1]:
            raise ValueError("bug in a worker")
        return real(task, settings)

    real = batch._run
    monkeypatch.setattr(batch, "_run", broken)  # forked workers inherit the patch
    tasks = [_task(s) for s in _stems(2)]
    with pytest.raises(ValueError, match="bug in a worker"):
        list(align_many(tasks, encoder=None, segmented=True, workers=2))
