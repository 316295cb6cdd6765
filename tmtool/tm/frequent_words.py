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

* :data:`GENERAL`: common English function words, pronouns, auxiliaries, numerals and
  number words, month and day names and ordinal suffixes (``5th`` is ``5`` + ``th``), and
  words that are frequent in any news copy (said, percent, year, government…), picked by
  hand.
* :data:`NEWS_DOMAIN`: the 200 words with the highest document frequency (per sentence) on
  the English side of ``corpora/cq-press``, the newsroom the tool is built for (snapshot,
  not recomputed).
"""

from __future__ import annotations

import hashlib

GENERAL = """
a about above across after again against ago all almost along already also although am
among an and another any are around as at away back be because been before being below
best between both but by can cannot could did do does down during each either even ever
every few for from further had has have having he her here hers him his how however i if
in including into is it its itself just last least less like made make many may me might
more most much must my near nearly never new next no nor not now of off on once one only
or other others our out over own per same she should since so some still such than that
the their them then there these they this those through to too under until up upon us
very was we well were what when where whether which while who whom whose why will with
within without would year years yet you your

said says say told according added percent million billion trillion thousand hundred
first second third fourth fifth last next week weeks month months day days today
yesterday time times people country countries world government state states city
national international president minister official officials party public news report
two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
zero 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
31 50 100 th st nd rd s

january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
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

VERSION = hashlib.blake2b(" ".join(FREQUENT_WORDS).encode(), digest_size=4).hexdigest()
"""Names the list: the index's coverage marker carries it."""
