"""Scores are sacrebleu's own numbers, with the zh tokenizer for Chinese targets."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from tmtool.errors import ScoreError
from tmtool.score import guess_lang, score_corpus, score_sentences

EN_REFS = [
    "Chongqing's Liangjiang New Area posted a GDP of 73.95 billion yuan in the first quarter.",
    "The meeting was chaired by the mayor.",
    "More than 800 China-Europe Railway Express trains have run this year.",
    "Retail sales of consumer goods rose by 6.2 percent year on year.",
]
EN_HYPS = [
    "Liangjiang New Area of Chongqing achieved GDP of 73.95 billion yuan in Q1.",
    "The mayor chaired the meeting.",
    "Over 800 China-Europe freight trains have run so far this year.",
    "Retail sales of consumer goods rose 6.2% year-on-year.",
]
ZH_REFS = [
    "重庆两江新区一季度实现地区生产总值739.5亿元。",
    "会议由市长主持。",
    "今年中欧班列已开行超过800列。",
]
ZH_HYPS = [
    "重庆两江新区第一季度地区生产总值达739.5亿元。",
    "市长主持了会议。",
    "中欧班列今年已经开行800多列。",
]


@pytest.mark.parametrize(
    ("hyps", "refs", "lang", "bleu", "ter"),
    [
        (EN_HYPS, EN_REFS, "en", BLEU(), TER()),
        (ZH_HYPS, ZH_REFS, "zh", BLEU(tokenize="zh"), TER(normalized=True, asian_support=True)),
    ],
)
def test_corpus_scores_are_exactly_sacrebleus(hyps, refs, lang, bleu, ter) -> None:
    got = score_corpus(hyps, refs, lang=lang)
    assert got.bleu.score == bleu.corpus_score(hyps, [refs]).score
    assert got.chrf.score == CHRF().corpus_score(hyps, [refs]).score
    assert got.ter.score == ter.corpus_score(hyps, [refs]).score
    assert got.bleu.signature == bleu.get_signature().format()
    assert got.ter.signature == ter.get_signature().format()
    assert 0 < got.bleu.score < 100 and 0 < got.chrf.score < 100 and 0 < got.ter.score < 100


def test_chinese_uses_the_zh_tokenizer_not_13a() -> None:
    got = score_corpus(ZH_HYPS, ZH_REFS, lang="zh")
    assert "tok:zh" in got.bleu.signature
    assert "asian:yes" in got.ter.signature
    untokenized = BLEU(tokenize="13a").corpus_score(ZH_HYPS, [ZH_REFS]).score
    assert got.bleu.score != untokenized


def test_sentence_scores_pass_the_zh_tokenizer_explicitly() -> None:
    rows = score_sentences(ZH_HYPS, ZH_REFS, lang="zh")
    bleu = BLEU(tokenize="zh", effective_order=True)
    assert [r.bleu for r in rows] == [
        bleu.sentence_score(h, [r]).score for h, r in zip(ZH_HYPS, ZH_REFS, strict=True)
    ]
    # sacrebleu's sentence_bleu would default to 13a and see one "word" per sentence
    from sacrebleu import sentence_bleu

    assert rows[1].bleu != sentence_bleu(ZH_HYPS[1], [ZH_REFS[1]]).score
    assert [r.index for r in rows] == [1, 2, 3]


def test_sentence_scores_english() -> None:
    rows = score_sentences(EN_HYPS, EN_REFS, lang="en")
    assert [round(r.chrf, 6) for r in rows] == [
        round(CHRF().sentence_score(h, [r]).score, 6) for h, r in zip(EN_HYPS, EN_REFS, strict=True)
    ]
    assert [r.ter for r in rows] == [
        TER().sentence_score(h, [r]).score for h, r in zip(EN_HYPS, EN_REFS, strict=True)
    ]


def test_identical_text_scores_perfectly() -> None:
    got = score_corpus(ZH_REFS, ZH_REFS, lang="zh")
    assert (round(got.bleu.score, 9), got.chrf.score, got.ter.score) == (100.0, 100.0, 0.0)


@pytest.mark.parametrize(("hyps", "refs"), [(["a", "b"], ["a"]), ([], [])])
def test_mismatched_or_empty_input_is_a_clear_error(hyps, refs) -> None:
    with pytest.raises(ScoreError, match=r"hypotheses but .* references|nothing to score"):
        score_corpus(hyps, refs)


def test_unknown_language() -> None:
    with pytest.raises(ScoreError, match="unknown target language 'de'"):
        score_corpus(["a"], ["a"], lang="de")


@pytest.mark.parametrize(
    ("lines", "lang"),
    [
        (ZH_REFS, "zh"),
        (EN_REFS, "en"),
        (["GDP增长6.8%"], "zh"),
        (["Chongqing (重庆) grew."], "en"),
        ([""], "en"),
        (["𠀀𠀁 ext-B"], "zh"),
    ],
)
def test_guess_lang(lines, lang) -> None:
    assert guess_lang(lines) == lang


def test_to_json_shape() -> None:
    data = score_corpus(EN_HYPS, EN_REFS).to_json()
    assert set(data) >= {"bleu", "chrf", "ter"}
    assert set(data["bleu"]) == {"score", "signature"}
