"""`tmtool score`: tables, JSON equal to sacrebleu's corpus_score, errors, --against-tm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tmtool.cli.app import app

REFS = [
    "会议由市长主持。",
    "重庆两江新区一季度实现地区生产总值739.5亿元。",
    "今年中欧班列已开行超过800列。",
]
HYPS = [
    "市长主持了会议。",
    "重庆两江新区第一季度地区生产总值达739.5亿元。",
    "今年中欧班列已开行超过800列。",
]


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "mt.zh", HYPS), write(tmp_path, "ref.zh", REFS)


def test_json_has_sacrebleus_exact_numbers(runner, files) -> None:
    hyp, ref = files
    result = runner.invoke(
        app, ["score", "--hyp", str(hyp), "--ref", str(ref), "--lang", "zh", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bleu, ter = BLEU(tokenize="zh"), TER(normalized=True, asian_support=True)
    assert data["bleu"] == {
        "score": bleu.corpus_score(HYPS, [REFS]).score,
        "signature": bleu.get_signature().format(),
    }
    assert data["chrf"]["score"] == CHRF().corpus_score(HYPS, [REFS]).score
    assert data["ter"]["score"] == ter.corpus_score(HYPS, [REFS]).score
    assert data["lang"] == "zh" and data["segments"] == 3
    assert "sentences" not in data


def test_language_is_guessed_from_the_reference(runner, files) -> None:
    hyp, ref = files
    result = runner.invoke(app, ["score", "--hyp", str(hyp), "--ref", str(ref), "--json"])
    assert "tok:zh" in json.loads(result.stdout)["bleu"]["signature"]


def test_table_and_per_sentence_worst_first(runner, files) -> None:
    hyp, ref = files
    result = runner.invoke(app, ["score", "--hyp", str(hyp), "--ref", str(ref), "--sentence"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "BLEU" in out and "chrF" in out and "TER" in out and "tok:zh" in out
    assert "per sentence, worst first" in out
    # line 1 (a rewording) is the worst, line 3 (identical) the best
    assert (
        out.index("市长主持了会议")
        < out.index("地区生产总值达")
        < out.rindex("今年中欧班列已开行超过800列")
    )


def test_sentence_json_sorted_worst_first(runner, files) -> None:
    hyp, ref = files
    result = runner.invoke(
        app, ["score", "--hyp", str(hyp), "--ref", str(ref), "--sentence", "--json"]
    )
    rows = json.loads(result.stdout)["sentences"]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert rows[0]["bleu"] <= rows[1]["bleu"] <= rows[2]["bleu"]
    assert rows[2]["bleu"] == pytest.approx(100.0)


def test_brackets_in_text_are_not_markup(runner, tmp_path) -> None:
    hyp = write(tmp_path, "h.en", ["[bold]Rain[/bold] fell."])
    ref = write(tmp_path, "r.en", ["Rain fell."])
    result = runner.invoke(app, ["score", "--hyp", str(hyp), "--ref", str(ref), "--sentence"])
    assert result.exit_code == 0, result.output
    assert "[bold]Rain[/bold] fell." in result.stdout


def test_mismatched_line_counts_are_a_clear_error(runner, tmp_path) -> None:
    hyp = write(tmp_path, "h.en", ["a", "b", "c"])
    ref = write(tmp_path, "r.en", ["a", "b"])
    result = runner.invoke(app, ["score", "--hyp", str(hyp), "--ref", str(ref)])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 3 hypotheses but 2 references: the files must have one line per segment, in the same order\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "de"], "error: unknown target language 'de'"),
        (["--against-tm"], "error: give either --ref or --against-tm, not both"),
    ],
)
def test_bad_options(runner, files, args, message) -> None:
    hyp, ref = files
    result = runner.invoke(app, ["score", "--hyp", str(hyp), "--ref", str(ref), *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_ref_is_needed_without_against_tm(runner, files) -> None:
    result = runner.invoke(app, ["score", "--hyp", str(files[0])])
    assert result.exit_code == 1
    assert "--ref FILE is needed" in result.stderr


def test_against_tm(runner, tmp_path, tm_path) -> None:
    from tmtool.records import TranslationUnit
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units(
            [
                TranslationUnit(zh="会议由市长主持。", en="The meeting was chaired by the mayor."),
                TranslationUnit(
                    zh="今年中欧班列已开行超过800列。",
                    en="Over 800 China-Europe trains ran this year.",
                ),
                TranslationUnit(zh="天气晴朗。", en="The weather is fine."),
            ]
        )
    tsv = tmp_path / "mt.tsv"
    tsv.write_text(
        "source\thypothesis\n"
        "会议由市长主持。\tThe mayor chaired the meeting.\n"
        "今年中欧班列已开行超过800列。\tOver 800 China-Europe trains ran this year.\n"
        "这句不在翻译记忆里。\tThis sentence is not in the TM.\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["--tm", str(tm_path), "score", "--hyp", str(tsv), "--against-tm", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tm"] == {"sources": 3, "matched": 2, "min_match": 99.0}
    hyps = ["The mayor chaired the meeting.", "Over 800 China-Europe trains ran this year."]
    refs = ["The meeting was chaired by the mayor.", "Over 800 China-Europe trains ran this year."]
    assert data["bleu"]["score"] == BLEU().corpus_score(hyps, [refs]).score
    assert data["lang"] == "en"
    table = runner.invoke(app, ["--tm", str(tm_path), "score", "--hyp", str(tsv), "--against-tm"])
    assert table.exit_code == 0
    assert "2 of 3 sources had a TM match of 99% or more" in table.stderr


def test_against_tm_with_no_match(runner, tmp_path, tm_path) -> None:
    from tmtool.records import TranslationUnit
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm_path) as tm:
        tm.add_units([TranslationUnit(zh="天气晴朗。", en="The weather is fine.")])
    tsv = tmp_path / "mt.tsv"
    tsv.write_text("会议由市长主持。\tThe mayor chaired the meeting.\n", encoding="utf-8")
    result = runner.invoke(app, ["--tm", str(tm_path), "score", "--hyp", str(tsv), "--against-tm"])
    assert result.exit_code == 1
    assert "none of the 1 sources has a TM match of 99% or more" in result.stderr
