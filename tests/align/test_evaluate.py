"""The alignment metric against hand-computed values (Vecalign's score.py definitions)."""

from __future__ import annotations

import pytest

from tmtool.align.evaluate import format_bead, parse_beads, score_alignments
from tmtool.errors import FormatError
from tmtool.records import Bead

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((), (3,))]
TEST = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((), (3,))]


def test_hand_computed_scores() -> None:
    s = score_alignments([GOLD], [TEST])
    # precision over 5 test beads: exact (0,0), (2,), (,3); [1]:[1] overlaps gold [1]:[1,2]
    assert s.precision_strict == pytest.approx(3 / 5)
    assert s.precision_lax == pytest.approx(4 / 5)
    # recall over the 2 gold beads with both sides: [0]:[0] exact, [1]:[1,2] only overlaps
    assert s.recall_strict == pytest.approx(1 / 2)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(2 * 0.6 * 0.5 / 1.1)
    assert s.f1_lax == pytest.approx(2 * 0.8 * 1.0 / 1.8)
    assert s.recall_by_type == {"0-1": 1.0, "1-0": 1.0, "1-1": 1.0, "1-2": 0.0}
    assert s.one_sided_recall == 1.0


def test_perfect_and_empty_overlap() -> None:
    assert score_alignments([GOLD], [GOLD]).f1_strict == 1.0
    shifted = [((0,), (1,)), ((1,), (0,)), ((2,), (2,)), ((), (3,))]
    s = score_alignments([GOLD], [shifted])
    # only []:[3] is right; [0]:[1], [1]:[0] and [2]:[2] share no target with gold beads
    assert s.precision_strict == pytest.approx(1 / 4)
    assert s.precision_lax == pytest.approx(1 / 4)
    assert s.recall_strict == 0.0
    assert s.recall_lax == 0.0
    # [1]:[2] overlaps gold [1]:[1, 2] on both sides: a lax hit, not a strict one
    s = score_alignments([GOLD], [[((0,), (0,)), ((1,), (2,))]])
    assert (s.precision_strict, s.precision_lax) == (0.5, 1.0)


def test_counts_are_summed_over_documents() -> None:
    s = score_alignments([GOLD, GOLD], [TEST, GOLD])
    assert s.precision_strict == pytest.approx((3 + 4) / (5 + 4))
    assert s.recall_strict == pytest.approx((1 + 2) / 4)
    assert s.documents == 2


@pytest.mark.parametrize(
    ("line", "bead"),
    [
        ("[0]:[0]", Bead((0,), (0,), 1.0)),
        ("[0, 1]:[2]:0.93", Bead((0, 1), (2,), 0.93)),
        ("[]:[5]", Bead((), (5,), 1.0)),
        ("[4]:[]:0.5", Bead((4,), (), 0.5)),
    ],
)
def test_parse_and_format(line: str, bead: Bead) -> None:
    assert parse_beads(line) == [bead]
    assert parse_beads(format_bead(bead)) == [bead]


def test_bad_line_names_the_place() -> None:
    with pytest.raises(FormatError, match=r"x\.align:2"):
        parse_beads("[0]:[0]\n[1] [1]\n", source="x.align")
