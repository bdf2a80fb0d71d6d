"""German text normalisation for intent matching: what a phone caller said → comparable tokens.

Speech-recognition output and typed text differ in case, punctuation, umlaut spelling and
number words; callers add fillers ("äh", "also", "grüß gott") and glue words into compounds
("Heizungsstörung" vs. "Heizung gestört"). Everything here is pure and deterministic:

* :func:`fold` — lower case, umlauts to one canonical ASCII spelling (ä/ae → ``ae``, ß/ss → ``ss``),
  accents off, so "Störung", "Stoerung" and "STÖRUNG" are the same string.
* :func:`tokenize` — folded words and numbers, punctuation dropped.
* :func:`stem` — a light German suffix stemmer (CISTEM-like) whose output also merges the
  umlaut of plural forms (Bäder → ``bad``).
* :class:`CompoundSplitter` — splits compounds into known parts (``wasserrohrbruch`` →
  ``wasser`` + ``rohr`` + ``bruch``), with the linking elements -s-/-es-/-n-/-en-/-e-.
* :func:`normalize_text` — the readable one-string form (folded, no fillers, number words as
  digits when ``zentrale.bot.numbers_de`` is available).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe"})
_TOKEN_RE = re.compile(r"[a-z0-9]+")

# Words of phone speech that carry no call reason (checked after folding). Greetings of DE/AT/CH.
FILLER_WORDS = frozenset(
    """
    aeh aehm aehh aehhm oeh oehm hm hmm hmhm mhm em emm ehm eh
    also halt eben eigentlich irgendwie sozusagen quasi gell gelle ne nee oder
    hallo hallihallo servus gruezi grueezi gruessgott gruss gruessi moin moinmoin tach tag guten morgen abend
    gruess gott hoi sali salue adieu tschuess baba wiederhoeren wiederschauen grueass gruass griass
    bitte danke dankeschoen vielen dank
    """.split()
)

# Function words: no call reason either. Negators and "nicht" are kept (they build phrases).
STOPWORDS = frozenset(
    """
    der die das den dem des ein eine einer einen einem eines
    ich du er sie es wir ihr mich mir dich dir uns euch ihnen ihm ihn sich man
    mein meine meinen meinem meiner meines dein deine sein seine unser unsere unseren unserem euer eure ihre ihren ihrem
    und oder aber denn doch dass weil wenn ob als wie so da dort hier jetzt nun schon noch auch nur mal
    ist sind war waren bin bist seid sei waere wurde wurden werde werden wird hat habe haben hatte hatten hast
    kann koennen koennte koennten konnte muss muessen musste soll sollte sollen will wollen wollte wollten moechte moechten
    mag mache machen macht gibt gab geben
    zu zum zur von vom mit bei beim nach aus an am auf im in ins um fuer ueber unter vor hinter durch gegen bis seit
    ja genau gut okay ok alles klar richtig
    was wer wen wem wo wohin woher welche welcher welches warum wieso weshalb
    sehr ganz gar etwas bisschen wenig viel viele mehr immer wieder heute gestern morgen
    herr frau familie firma name heisse
    dies diese dieser diesem diesen dieses jetzt gerade einfach nicht
    """.split()
)

# Dialect word → standard German (folded). Only forms that cannot be a different standard word.
DIALECT = {
    "ned": "nicht",
    "net": "nicht",
    "nid": "nicht",
    "noed": "nicht",
    "nit": "nicht",
    "nich": "nicht",
    "nee": "nein",
    "isch": "ist",
    "tuet": "tut",
    "tuat": "tut",
    "gaht": "geht",
    "goht": "geht",
    "gehd": "geht",
    "nimma": "nimmer",
    "ka": "kein",
    "kei": "kein",
    "kaa": "kein",
    "koa": "kein",
    "keis": "kein",
    "koane": "keine",
    "kane": "keine",
    "heizig": "heizung",
    "la": "lassen",  # Swiss "warte la", "mache la"
    "lah": "lassen",
    "hoazung": "heizung",
    "hab": "habe",
    "hob": "habe",
    "i": "ich",
    "mia": "wir",
    "mir": "mir",
    "grad": "grad",
    "gell": "gell",
    "bissl": "bisschen",
    "bisserl": "bisschen",
    "heit": "heute",
    "morgn": "morgen",
    "jetz": "jetzt",
    "scho": "schon",
    "au": "auch",
    "oder": "oder",
    "wos": "was",
    "wia": "wie",
    "dann": "dann",
    # Swiss "uus" (aus), "dusse" (draussen), "iischalt" (eiskalt); Austrian "zruck", "ruafens".
    "uus": "aus",
    "dusse": "draussen",
    "duss": "draussen",
    "ischalt": "eiskalt",  # "iischalt", after the long vowel
    "iskalt": "eiskalt",
    "eischalt": "eiskalt",
    "dur": "durch",
    "decki": "decke",
    "zruck": "zurueck",
    "zrugg": "zurueck",
    "ruafens": "rufen",
    "ruafen": "rufen",
    "ruaf": "ruf",
    # Austrian/Bavarian "kummt", "kimmt", "kummts" (kommt, kommt ihr): "wann kummts zum Kehren".
    "kumm": "komm",
    "kummt": "kommt",
    "kummts": "kommts",
    "kimmt": "kommt",
    "kimmts": "kommts",
    "kumman": "kommen",
    "kumma": "kommen",
    # Berlin "ick" (ich); Swiss "nüme"/"nümme" (nicht mehr), "stigt" (steigt), "lüchtet" (leuchtet),
    # "Lämpli" (Lämpchen), "gseit" (gesagt).
    "ick": "ich",
    "icke": "ich",
    "nueme": "nimmer",
    "nuemme": "nimmer",
    "stigt": "steigt",
    "luechtet": "leuchtet",
    "laempli": "laempchen",
    "gseit": "gesagt",
    # Swiss "Ruch" (Rauch), "abgheit" (abgefallen), "chunt" (kommt), "us" (aus).
    "ruch": "rauch",
    "abgheit": "abgefallen",
    "abegheit": "abgefallen",
    "chunt": "kommt",
    "chunnt": "kommt",  # "wänn chunnt de Monteur hüt" (wann kommt der Monteur heute)
    "chunnd": "kommt",
    "waenn": "wann",
    "huet": "heute",
    "us": "aus",
    # Swiss "under Wasser" (unter), "es stoht" (steht), "zäh Zentimeter" (zehn).
    "under": "unter",
    "stoht": "steht",
    "staht": "steht",
    # Swiss "es ruuscht" (rauscht), "immer meh" (mehr).
    "ruuscht": "rauscht",
    "ruscht": "rauscht",
    "meh": "mehr",
    # Swiss "choschte"/"choschtet" (kosten/kostet), "gmeldet" (gemeldet).
    "choschte": "kosten",
    "choste": "kosten",
    "choschtet": "kostet",
    "chostet": "kostet",
    # "der Rauchfang gehört gekehrt": the participle of "kehren" (its stem "gekehr" would miss "Kehren").
    "gekehrt": "kehren",
    "kehrn": "kehren",
    # Swabian and Alemannic "koschtet"/"koscht" (kostet, kost).
    "koschtet": "kostet",
    "koschte": "kosten",
    "koscht": "kost",
    "gmeldet": "gemeldet",
    # Swiss "abgstellt" (abgestellt), "zuedreit"/"zuegmacht" (zugedreht/zugemacht), "abdreit" (abgedreht).
    "abgstellt": "abgestellt",
    "abgschtellt": "abgestellt",
    "zuedreit": "zugedreht",
    "zuedreht": "zugedreht",
    "zuegmacht": "zugemacht",
    "abdreit": "abgedreht",
    "abgdreht": "abgedreht",
    "abdraht": "abgedreht",
    "zuadraht": "zugedreht",
    # Berlin "keen"/"keene" (kein/keine), "jeht"/"jehts" (geht/gehts); Swiss "nüt"/"nüüt" (nichts).
    "keen": "kein",
    "keene": "keine",
    "keenen": "keinen",
    "keener": "keiner",
    "jeht": "geht",
    "jehts": "gehts",
    "nuet": "nichts",
    # Vorarlberg/Tyrol and Swiss: "mir hend an neua Kaminofa einibaut und dea muss no abgnomma werda, hot da
    # Installateur gseit" (wir haben einen neuen Kaminofen eingebaut und der muss noch abgenommen werden, hat
    # der Installateur gesagt). The "-ofa" of "Kaminofa", "Kachelofa" is read in tokenize().
    "hend": "haben",
    "hond": "haben",
    "haend": "haben",
    "hot": "hat",
    "dea": "der",
    "werda": "werden",
    "wera": "werden",
    "neua": "neuen",
    "einibaut": "eingebaut",
    "einibaud": "eingebaut",
    "eibaut": "eingebaut",
    "eingbaut": "eingebaut",
    "ibaut": "eingebaut",  # Swiss "iibaut", after the long vowel
    "abgnomma": "abgenommen",
    "abgnumma": "abgenommen",
    "abgnumme": "abgenommen",
    "abgnoh": "abgenommen",
    "abgnomme": "abgenommen",
    "abnemma": "abnehmen",
    "abnaemma": "abnehmen",
    "abneh": "abnehmen",
    "abnae": "abnehmen",
}

NEGATORS = frozenset({"kein", "keine", "keinen", "keinem", "keiner", "keines", "nix", "nichts"})

_STEM_SUFFIX_2 = ("em", "er")
# Words whose stem would meet a different word: "nichts" is no "nicht" ("es geht um nichts Dringendes").
# "Zähler" (the meter) is no "zahlen" (paying): "der Gasmann war zum Zähler ablesen da".
_UNSTEMMED = frozenset({"nichts", "zaehler", "zaehlern", "zaehlers"})


def fold(text: str) -> str:
    """Lower case, umlauts to ``ae``/``oe``/``ue``, ``ß`` to ``ss``, other accents removed."""
    text = text.lower().translate(_UMLAUTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # A combining diaeresis left over (e.g. "u" + U+0308 from some ASR engines) is an umlaut.
    decomposed = decomposed.replace("\u0308", "e")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    """Folded word and number tokens; punctuation and symbols are separators.

    Frequent dialect forms of Austria, Bavaria and Switzerland become the standard word
    ("ned", "nöd" → ``nicht``; "tuet" → ``tut``), so phrases like "geht nicht" match them.
    """
    folded = fold(text)
    if "-" in folded or "\u2212" in folded or "\u2013" in folded:
        folded = _MINUS_RE.sub(" minus ", folded)
    return [_dialect(t) for t in _TOKEN_RE.findall(_SWISS_LONG.sub(_one_vowel, folded))]


def _dialect(token: str) -> str:
    standard = DIALECT.get(token)
    if standard is not None:
        return standard
    # Austrian/Bavarian/Alemannic "Ofa", "Kaminofa", "Kachelofa" (Ofen); not "Sofa".
    if token.endswith("ofa") and not token.endswith("sofa"):
        return token[:-1] + "en"
    return token


# A minus sign before a number ("draussen -9 °C", "(−12 Grad)") is spoken "minus"; not the hyphen
# of "F-28", "8-10 Uhr" or "CO-Melder".
_MINUS_RE = re.compile(r"(?<![\w.])[-\u2212\u2013](?=\d)")


# Swiss German writes long vowels twice: "lüüte", "Hüüsli", "iischalt", "uus" (after folding
# "lueuete"). Standard German has no "üü", "öö", "ää" or "ii", so one of them is the word's vowel.
_SWISS_LONG = re.compile(r"(ue|oe|ae|i)\1")


def _one_vowel(match: re.Match[str]) -> str:
    return match.group(1)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light German stemmer on a folded word (after CISTEM by Weissweiler & Fraser, 2017).

    Strips inflection suffixes (-em, -er, -e, -s, -n, -t but not -st) while the word stays
    longer than four letters, then merges umlaut spellings (``ae`` → ``a``) so plural forms meet their
    singular (``baeder`` → ``bad``, ``rohre`` → ``rohr``). Numbers stay as they are.
    """
    if len(word) <= 4 or not word.isalpha() or word in _UNSTEMMED:
        return word
    w = word
    while len(w) > 4:
        if len(w) > 5 and w[-2:] in _STEM_SUFFIX_2:
            w = w[:-2]
        elif w[-1] in "esn" or (w[-1] == "t" and w[-2] not in "st"):
            w = w[:-1]
        else:
            break
    return w.replace("ae", "a").replace("oe", "o").replace("ue", "u")


_LINKS = ("", "s", "es", "n", "en", "e")


# Verbs whose end looks like a known word: "(ge)halten", "(ein)schalten", "walten", "spalten" hold "alten".
_VERB_TAILS = ("halten", "haltet", "schalten", "schaltet", "walten", "spalten")


class CompoundSplitter:
    """Split German compounds into parts that are in a vocabulary of folded words.

    A split is accepted only when every part is a known word of at least ``min_part`` letters
    (linking elements between parts are allowed); the split with the fewest parts wins. When no
    complete split exists, the longest known head (last part, >= 4 letters) is returned, because
    the head of a German compound names what it is (``nachtspeicherofen`` → ``ofen``).
    """

    def __init__(self, vocabulary: Iterable[str], *, min_part: int = 3) -> None:
        self.min_part = min_part
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= min_part and w.isalpha())
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """Parts of ``word`` (without linking elements), or ``()`` when it is not a compound."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        parts: tuple[str, ...] = ()
        if len(word) >= 2 * self.min_part and word.isalpha():
            parts = self._split_full(word)
            # "erhalten", AT "eingschalten": the end of the verb "halten"/"schalten" is no "alten".
            if not parts and not word.endswith(_VERB_TAILS):
                parts = self._head(word)
        if len(self._cache) < 100_000:
            self._cache[word] = parts
        return parts

    def _split_full(self, word: str) -> tuple[str, ...]:
        n = len(word)
        # best[i] = fewest-part split of word[i:], or None.
        best: list[tuple[str, ...] | None] = [None] * (n + 1)
        best[n] = ()
        for i in range(n - self.min_part, -1, -1):
            candidate: tuple[str, ...] | None = None
            for j in range(i + self.min_part, n + 1 if i else n):
                part = word[i:j]
                if part not in self.vocabulary:
                    continue
                for link in _LINKS:
                    k = j + len(link)
                    if k > n or word[j:k] != link or best[k] is None:
                        continue
                    rest = best[k]
                    assert rest is not None
                    option = (part, *rest)
                    if candidate is None or len(option) < len(candidate):
                        candidate = option
            best[i] = candidate
        full = best[0]
        if full is None or len(full) < 2:
            return ()
        return full

    def _head(self, word: str) -> tuple[str, ...]:
        n = len(word)
        for i in range(self.min_part, n - 3):
            head = word[i:]
            if head in self.vocabulary:
                return (head,)
        return ()


def _digits(text: str) -> str:
    try:
        from zentrale.bot.numbers_de import words_to_digits
    except ImportError:
        return text
    try:
        return words_to_digits(text)
    except Exception:  # a neighbour's helper must never break normalisation
        return text


def normalize_text(text: str, *, numbers: bool = True) -> str:
    """The readable normalised form: folded tokens without fillers, joined by spaces.

    ``numbers=True`` turns German number words into digits when ``zentrale.bot.numbers_de``
    is installed ("null eins sieben zwo" → "0172"); otherwise they stay words.
    """
    if numbers:
        text = _digits(text)
    return " ".join(t for t in tokenize(text) if t not in FILLER_WORDS)
