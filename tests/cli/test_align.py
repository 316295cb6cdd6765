"""`tmtool align` and `tmtool align-eval` on documents of corpora/cq-press."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tmtool.align.evaluate import parse_beads
from tmtool.cli.app import app

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "cq-press"


def _documents(n: int) -> list[str]:
    stems = sorted(
        p.stem for p in CORPUS.glob("*.zh") if (CORPUS / "gold" / f"{p.stem}.align").exists()
    )
    if len(stems) < n:
        pytest.skip("corpora/cq-press has too few documents yet")
    return stems[:n]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_align_two_files_writes_beads_covering_both_documents(runner: CliRunner) -> None:
    (stem,) = _documents(1)
    zh, en = CORPUS / f"{stem}.zh", CORPUS / f"{stem}.en"
    result = runner.invoke(app, ["align", str(zh), str(en), "--segmented", "--no-encoder"])
    assert result.exit_code == 0, result.stderr
    beads = parse_beads(result.stdout)
    assert [i for b in beads for i in b.zh] == list(range(len(_lines(zh))))
    assert [j for b in beads for j in b.en] == list(range(len(_lines(en))))
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)
    first = result.stdout.splitlines()[0]
    assert first.count(":") == 2 and first.startswith("[")
    large = runner.invoke(
        app, ["align", str(zh), str(en), "--segmented", "--no-encoder", "--large-beads"]
    )
    assert large.exit_code == 0, large.stderr
    assert [j for b in parse_beads(large.stdout) for j in b.en] == list(range(len(_lines(en))))


def test_align_tsv_and_json_and_min_confidence(runner: CliRunner) -> None:
    (stem,) = _documents(1)
    args = ["align", str(CORPUS / f"{stem}.zh"), str(CORPUS / f"{stem}.en"), "--segmented"]
    tsv = runner.invoke(app, [*args, "--no-encoder", "--format", "tsv"])
    assert tsv.exit_code == 0, tsv.stderr
    rows = [line.split("\t") for line in tsv.stdout.splitlines()]
    assert all(len(r) == 5 and r[3] == stem for r in rows)
    assert any(r[0] and r[1] for r in rows)
    data = json.loads(runner.invoke(app, [*args, "--no-encoder", "--json"]).stdout)
    assert data["document"] == stem and data["beads"]
    high = runner.invoke(app, [*args, "--no-encoder", "--min-confidence", "0.9"])
    assert all(b.confidence >= 0.9 for b in parse_beads(high.stdout))
    assert len(parse_beads(high.stdout)) <= len(data["beads"])


def test_align_folder_then_align_eval(runner: CliRunner, tmp_path: Path) -> None:
    stems = _documents(3)
    src, gold, out = tmp_path / "docs", tmp_path / "gold", tmp_path / "out"
    src.mkdir()
    gold.mkdir()
    for stem in stems:
        shutil.copy(CORPUS / f"{stem}.zh", src / f"{stem}.zh.txt")
        shutil.copy(CORPUS / f"{stem}.en", src / f"{stem}.en.txt")
        shutil.copy(CORPUS / "gold" / f"{stem}.align", gold / f"{stem}.align")
    result = runner.invoke(app, ["align", str(src), "--segmented", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.stem for p in out.glob("*.align")) == stems
    scored = runner.invoke(app, ["align-eval", "--gold", str(gold), "--test", str(out), "--json"])
    assert scored.exit_code == 0, scored.stderr
    score = json.loads(scored.stdout)
    assert score["documents"] == 3
    assert score["f1_strict"] > 0.85
    table = runner.invoke(app, ["align-eval", "--gold", str(gold), "--test", str(out)])
    assert "precision" in table.stdout and "1-1" in table.stdout


def test_align_into_tm(runner: CliRunner, tmp_path: Path) -> None:
    (stem,) = _documents(1)
    tm = tmp_path / "tm.sqlite"
    args = ["--tm", str(tm), "align", str(CORPUS / f"{stem}.zh"), str(CORPUS / f"{stem}.en")]
    result = runner.invoke(app, [*args, "--segmented", "--no-encoder", "--into-tm"])
    assert result.exit_code == 0, result.stderr
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm, create=False) as store:
        units = list(store.units())
    assert units and all(u.origin == "aligned" and u.doc == stem for u in units)
    assert all(u.confidence is not None for u in units)
    assert all(u.date is None for u in units)  # two files: no folder metadata


def test_folder_into_tm_records_dates_from_meta(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    stems = _documents(2)
    for stem in stems:
        for lang in ("zh", "en"):
            (folder / f"{stem}.{lang}").write_bytes((CORPUS / f"{stem}.{lang}").read_bytes())
    (folder / "meta.tsv").write_text(f"id\tdate\n{stems[0]}\t2024-02-19\n", encoding="utf-8")
    tm = tmp_path / "tm.sqlite"
    args = ["--tm", str(tm), "align", str(folder), "--segmented", "--no-encoder", "--into-tm"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    from tmtool.tm.store import TranslationMemory

    with TranslationMemory.open(tm, create=False) as store:
        dates = {(u.doc, u.date) for u in store.units()}
    assert dates == {(stems[0], "2024-02-19"), (stems[1], None)}
    # --date overrides the folder's metadata
    other = tmp_path / "other.sqlite"
    again = runner.invoke(app, ["--tm", str(other), *args[2:], "--date", "2020-05-05"])
    assert again.exit_code == 0, again.stderr
    with TranslationMemory.open(other, create=False) as store:
        assert {u.date for u in store.units()} == {"2020-05-05"}
    (folder / "meta.tsv").write_text("id\tdate\nx\tlast week\n", encoding="utf-8")
    bad = runner.invoke(app, args)
    assert bad.exit_code == 1 and "meta.tsv:2" in bad.stderr


def test_bad_inputs(runner: CliRunner, tmp_path: Path) -> None:
    (stem,) = _documents(1)
    zh = CORPUS / f"{stem}.zh"
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.en"
    binary.write_bytes(bytes(range(256)) * 4)
    for other, message in ((empty, "empty"), (binary, "blob.en"), (zh, "both texts look Chinese")):
        result = runner.invoke(app, ["align", str(zh), str(other), "--no-encoder"])
        assert result.exit_code == 1
        assert result.stderr.startswith("error:") and message in result.stderr
    bad = runner.invoke(app, ["align", str(zh), str(zh), "--format", "xml"])
    assert bad.exit_code != 0


def test_unrelated_documents_warn(runner: CliRunner) -> None:
    a, b = _documents(2)
    result = runner.invoke(
        app, ["align", str(CORPUS / f"{a}.zh"), str(CORPUS / f"{b}.en"), "--segmented"]
    )
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "do not look like translations" in result.stderr


@pytest.mark.parametrize("bad", ["2023-13-45", "2023-02-30", "２０２３-０１-０１", "garbage", ""])
def test_into_tm_date_must_be_a_calendar_date(runner: CliRunner, tmp_path: Path, bad: str) -> None:
    # was stored as given: units dated "garbage" that --since then compared as text
    (stem,) = _documents(1)
    tm = tmp_path / "tm.sqlite"
    args = ["--tm", str(tm), "align", str(CORPUS / f"{stem}.zh"), str(CORPUS / f"{stem}.en")]
    result = runner.invoke(app, [*args, "--segmented", "--no-encoder", "--into-tm", "--date", bad])
    assert result.exit_code == 2, result.output
    assert "--date" in result.stderr and "Traceback" not in result.output
    assert not tm.exists()


def test_output_file_that_is_the_tm_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    # -o tm.sqlite replaced the TM with the alignment text
    from tmtool.records import TranslationUnit
    from tmtool.tm.store import TranslationMemory

    tm = tmp_path / "tm.sqlite"
    with TranslationMemory.open(tm) as store:
        store.add_units([TranslationUnit(zh="两江新区。", en="Liangjiang New Area.")])
    before = tm.read_bytes()
    (stem,) = _documents(1)
    pair = [str(CORPUS / f"{stem}.zh"), str(CORPUS / f"{stem}.en")]
    for extra in ([], ["--into-tm"]):
        args = ["--tm", str(tm), "align", *pair, "--segmented", "--no-encoder", "-o", str(tm)]
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 1, result.output
        assert "translation memory" in result.stderr
        assert tm.read_bytes() == before
