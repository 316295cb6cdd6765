"""The frequent English words whose adjacent pairs the index holds (phrase concordance).

A phrase of common words (``of the``, ``year on year``) is slow to count from word postings
alone: both lists are long and most of their common units do not hold the phrase. The
index therefore also holds, for every unit, the pairs of consecutive English word tokens
(:func:`tmtool.text.tokens.en_words`) of which BOTH words are in :data:`FREQUENT_WORDS`.
A phrase with a word outside the list has that word's postings to start from, which are
short because the word is not frequent.

The list is fixed and shipped, so every import indexes the same pairs whatever the TM
holds; :data:`VERSION` (a hash of the list) names the marker term that tells a reader
which units were indexed with this list (see :mod:`tmtool.tm.index`). Changing the list
changes the version: older imports are then searched without pairs until re-imported.

Where the words come from:

* :data:`GENERAL`: the common English function words, pronouns and auxiliaries, the
  numbers 1–12 and the small number words, month names, the ordinal suffix ``th`` (``5th``
  is ``5`` + ``th``) and the possessive ``s``, and words that are frequent in any news copy
  (said, percent, year, government…), picked by hand. Rarer words (whom, upon, weekdays,
  larger numbers) are left out: their own lists are short, and every pair costs space.
* :data:`NEWS_DOMAIN`: the 200 words with the highest document frequency (per sentence) on
  the English side of ``corpora/cq-press``, the newsroom the tool is built for (snapshot,
  not recomputed).
"""

from __future__ import annotations

GENERAL = """
a about above across after against ago all also among an and another are around as at
back be because been before being between both but by can could do down during each even
for from had has have he her him his how however i if in including into is it its just
last less like made make many may more most must near nearly new next no not now of off on
one only or other our out over per same she should since so some still such than that the
their them then there these they this those through to under up us very was we well were
what when where which while who will with would year years you

said says told according added percent million billion first second third last next week
month months day days today time times people country countries world government state
states city national international president official officials party public news report
two three four five 1 2 3 4 5 6 7 8 9 10 11 12 th s

january february march april may june july august september october november december
""".split()

NEWS_DOMAIN = """
the and of in to a chongqing on percent year said more for by than yuan with new at up is
will billion from this city first has it companies its an industrial as ltd co are million
about china also district that were trade company now have energy area photo output value
commission grew can total international one projects municipal he rose parts two zone high
technology vehicles be goods was them city's months chongqing's center foreign had
production line manufacturing day such smart park their other economy corridor liangjiang
investment three january digital work time five manager we official into all expected
products logistics signed above enterprises general development 15 added western port
electronics out 10 12 worth railway home 30 they or made over so information service
industry government may customs exports equipment last set including reached small next
europe cross visitors fair workers auto growth years services border after end under used
our local would each designated size office deputy through yangtze news materials key
director chain use 2025 half points project 20 businesses sea commerce factories intelligent
tech science company's districts held average built bonded 22 land report national route liu
across start which main
""".split()

FREQUENT_WORDS: tuple[str, ...] = tuple(dict.fromkeys(GENERAL + NEWS_DOMAIN))
"""Every frequent word once, in a fixed order (a word's number is its position)."""

VERSION = "8e468cc7"
"""Names the list: the index's coverage marker carries it. It is :func:`list_hash` of the list
(a test keeps the two equal: a changed list must change it), written out so that reading a TM
does not load hashlib."""


def list_hash(words: tuple[str, ...]) -> str:
    """The 4-byte BLAKE2b of the words joined by spaces, in hex: what :data:`VERSION` is."""
    import hashlib

    return hashlib.blake2b(" ".join(words).encode(), digest_size=4).hexdigest()
