"""Is the caller's answer plausible for the slot it answers? Pure functions, no I/O.

:func:`check_answer` takes the slot that was asked for, the caller's words and what the
extractor made of them, and returns the cleaned value, or ``None`` when the answer cannot be
that slot: "ja" is no name and no phone number, "das weiß ich doch nicht" is a refusal,
10115 is a Berlin postcode and no callback number, a 5-digit postcode is no Austrian one.

Rules, in short:

* ``caller_name`` — one to four name words (letters, hyphen, apostrophe; "Herr"/"Frau"/"Dr."
  and "von"/"van"/"de" allowed), never a yes/no word, a question, a refusal or a sentence;
  fillers go ("also", "ähm", "ja", "mein Name ist", "… hier", "… mit dt"); a repeated surname
  goes ("Vogel, Karin Vogel" → "Karin Vogel"), "Vogel, Karin" becomes "Karin Vogel".
* ``callback_number`` — the one rule for numbers callers say,
  :func:`zentrale.config.phones.spoken_callback_number` (said with its leading 0, 00 or +;
  valid, or of a possible length with at least nine digits after the 0; no premium-rate
  numbers); ``normalized`` is E.164, ``value`` the national spelling ("030 1234567").
* ``postcode`` — DE five digits (01001–99998), AT four (1010–9992), CH/LI four (1000–9658).
* ``street`` / ``city`` — letters (street with an optional house number), no yes/no, no refusal,
  no question, not a whole sentence.
* ``preferred_time`` — the extractor's reading, else words that speak of a time ("egal",
  "nach Feierabend", "Montag"); "Vaillant" is no time, and neither is a phone number (six
  digits or more without a word of a time or a clock time).
* ``device`` — the extractor's reading, a device or maker found in the words, or words that
  speak of one ("das alte Gerät im Keller"); "Berlin" is no device.
* any other slot — the extracted value, or the words as said when they are not a refusal or
  empty; a slot whose name says "nummer" needs a digit and is never a street ("Lindenstraße
  fünf" is no invoice number).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import phonenumbers

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import (
    AFFILIATION,
    DIALECT_PRONOUNS,
    corrected_numbers,
    device_word,
    extract_slots_local,
    firm_span,
    firm_word,
    is_first_name,
    is_first_name_only,
    is_surname_word,
    is_wait_request,
    names_a_street,
    reference_code,
)
from zentrale.config.phones import spoken_callback_number

__all__ = ["brief", "check_answer", "is_filler", "is_non_answer", "is_question", "is_refusal"]

# Longest answer looked at (a name or a number is never longer).
_MAX_CHARS = 300
# An answer this short is about the question asked (a refusal in it refuses the name).
_SHORT_ANSWER_WORDS = 8
# Most words a name may have ("Karl-Heinz von der Heide" is 4 plus the particles).
_MAX_NAME_WORDS = 4


# Where a clause ends in what a caller said: a pause mark, or a word that starts the next one
# ("… lauwarm und oben …", "… aufgefüllt, aber jetzt …", "… weiß nicht, also ich bin …").
_CLAUSE_BREAK = re.compile(
    r"\s*[.;!?]+\s+|\s*,\s+|\s+(?=(?:und|aber|also|weil|obwohl|dann|jetzt|seit|sondern|nur|das\s+ist|die\s+ist|der\s+ist|"
    r"ich\s+hab|ich\s+habe|wir\s+haben|ich\s+bin|u|aber|isch|es\s+isch)\b)",
    re.IGNORECASE,
)


_CLAUSE_LEAD = re.compile(r"^(?:(?:und|aber|also|u|dann)(?:\s+|$))+", re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    parts = [_CLAUSE_LEAD.sub("", part.strip(" ,;")) for part in parts]
    return [part for part in parts if part.strip(" ,;.!?")]


def _cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with "…" when cut."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - 1)]
    space = head.rfind(" ")
    if space > 0:
        head = head[:space]
    return head.rstrip(" ,;:-") + "…"


def brief(text: str, limit: int = 300, keep: re.Pattern[str] | None = None) -> str:
    """A free answer as a note: whole when short; else the clauses that ``keep`` finds (what
    describes the thing asked, "verliert die Heizung dauernd Druck …"), else the first clauses,
    cut at a clause's end, never inside a word ("… Buderus GB hunder" is never written)."""
    said = re.sub(r"\s+", " ", text or "").strip()
    if len(said) <= limit:
        return said
    clauses = _clauses(said)
    chosen = list(range(len(clauses)))
    if keep is not None:
        chosen = [index for index, clause in enumerate(clauses) if keep.search(clause.lower())] or chosen
    out = ""
    previous = -1
    for index in chosen:
        gap = ", " if previous < 0 or index == previous + 1 else " … "
        joined = f"{out}{gap}{clauses[index]}" if out else clauses[index]
        if len(joined) > limit:
            break
        out, previous = joined, index
    return out if out else _cut_at_word(clauses[chosen[0]] if clauses else said, limit)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'\-]*", text.lower())


# --------------------------------------------------------------------------------------------
# Answers that answer nothing: yes/no, questions back, refusals

_YES_NO_WORDS = frozenset(
    """
    ja jo jawohl jap jep jup yes nein nee ne nö noe no genau richtig korrekt stimmt exakt okay ok
    gut passt passt's alles klar super prima wunderbar perfekt sicher freilich eh doch natürlich natuerlich bitte danke hm hmm mhm
    äh ähm ehm öh hallo tschüss servus klar gerne gern selbstverständlich eben sowieso jaja neinnein
    """.split()
)

_QUESTION_START = re.compile(
    r"^(?:(?:und|aber|ja|also|ähm?|äh|na)\s*,?\s+)*"
    r"(?:wieso|weshalb|warum|wozu|wofür|wofuer|was|wer|wie|wo|woher|wohin|wann|welche[rsnm]?|"
    # dialect question words: Berlin "wat is", "watt wollnse", AT "wos", "wia", "wiaso", CH "wiso", "hä"
    r"wat|watt|wos|wia|wiaso|wiso|hä|häh|hae|haeh|"
    r"brauchen\s+sie|müssen\s+sie|muessen\s+sie|wollen\s+sie|soll\s+ich|muss\s+ich|kann\s+ich|"
    r"darf\s+ich|haben\s+sie|können\s+sie|koennen\s+sie|ist\s+das|geht\s+das|sind\s+sie)\b"
)

# "ich weiß nicht, was ich machen soll", "weiß nicht mehr weiter": helplessness, no refusal.
_AT_A_LOSS = r"(?![\s,]+(?:mehr\s+)?weiter\b)(?![\s,]+(?:was|wie|wo|woran|warum|wieso|ob)\s+(?:\w+\s+){0,4}?(?:machen|tun|soll|sollen|los|liegt|passiert)\b)"
_REFUSAL = re.compile(
    r"\bwei(?:ß|ss)\s+(?:\w+\s+){0,3}nicht\b" + _AT_A_LOSS + r"|\bkeine\s+ahnung\b|\bnicht\s+(?:so\s+)?(?:genau\s+)?sicher\b"
    r"|\bgeht\s+(?:\w+\s+){0,2}nichts\s+an\b|\bsag(?:e)?\s+ich\s+(?:ihnen\s+)?nicht\b|\bsage?\s+ich\s+nicht\b"
    r"|\b(?:möchte|moechte|will|mag)\s+ich\s+(?:\w+\s+){0,2}nicht\s+(?:sagen|nennen|angeben|verraten)\b"
    r"|\b(?:ich\s+)?(?:möchte|moechte|will|mag)\s+(?:\w+\s+){0,2}nicht\s+(?:sagen|nennen|angeben|verraten)\b"
    r"|\bnicht\s+(?:sagen|nennen|angeben|verraten)\b|\bkein(?:en)?\s+kommentar\b|\bwozu\b|\bwarum\s+wollen\b"
    r"|\bhab(?:e)?\s+(?:ich\s+)?(?:\w+\s+)?(?:vergessen|nicht\s+(?:da|hier|zur\s+hand|im\s+kopf|parat))\b"
    r"|\bfällt\s+mir\s+(?:\w+\s+)?nicht\s+ein\b|\bfaellt\s+mir\s+(?:\w+\s+)?nicht\s+ein\b"
    r"|\bkeine\s+(?:nummer|handynummer|telefonnummer|ahnung|adresse)\b|\bhab(?:e)?\s+kein(?:e|en)?\b"
    r"|\bwei(?:ß|ss)\s+nicht\b" + _AT_A_LOSS + r"|\bunbekannt\b|\bgeheim\b|\bdatenschutz\b"
)


def is_question(text: str) -> bool:
    """``True`` when the answer is a question back ("wieso brauchen Sie meinen Namen?")."""
    stripped = (text or "").strip()
    if not stripped:
        return False
    if stripped.endswith("?"):
        return True
    return _QUESTION_START.search(stripped.lower()) is not None


def is_refusal(text: str) -> bool:
    """``True`` for "das weiß ich doch nicht", "geht Sie nichts an", "möchte ich nicht sagen"."""
    return _REFUSAL.search((text or "").lower()) is not None


def is_filler(text: str) -> bool:
    """``True`` when the words are only yes/no, thanks and fillers ("ja passt", "äh ja hallo")."""
    words = _words(text or "")
    if is_wait_request(text or ""):  # "Momänt", "a Sekunderl", "ich schau schnell"
        return True
    return not re.search(r"\d", text or "") and all(w in _YES_NO_WORDS for w in words)


def is_non_answer(text: str) -> bool:
    """``True`` when the words are only yes/no/fillers, a question back or a refusal."""
    words = _words(text or "")
    if not words and not re.search(r"\d", text or ""):
        return True
    if words and all(w in _YES_NO_WORDS for w in words) and not re.search(r"\d", text or ""):
        return True
    return is_wait_request(text or "") or is_question(text) or is_refusal(text)


# --------------------------------------------------------------------------------------------
# caller_name

_NAME_INTROS = re.compile(
    r"^(?:(?:ja|jo|also|äh|ähm|ehm|hm|hmm|mhm|öh|na|gut|guat|guet|jut|okay|ok|genau|richtig|hallo|gerne|gern|klar|"
    r"sicher|natürlich|natuerlich|selbstverständlich|grüß\s+gott|grüss\s+gott|guten\s+tag|servus|"
    r"grüezi|gruezi|moin|so|nun|und|tja|doch|ach\s+so|ah\s+so|achso|ah|aha|ach|oh|eh|hoi|"
    r"entschuldigung|entschuldigen\s+sie|t?schuldigung|entschuldige|sorry|pardon|verzeihung|(?:ä|e)xgüs(?:i|e)|excusez|"
    r"geh\s+bitte|moment)\b[\s,.;:!-]*)+",
)
_NAME_LEADS = re.compile(
    r"^(?:(?:also|ja|und)\s+)?(?:"
    r"mein\s+(?:vor|nach|familien)?name(?:\s+(?:ist|lautet|wäre|waere|is))?|"
    r"(?:der|mein)\s+name\s+(?:ist|lautet|wäre|waere)|(?:der\s+)?name\s+(?:ist|lautet|wäre|waere)?|(?:den|meinen)\s+namen|"
    r"ich\s+(?:heiße|heisse|heiß|bin\s+(?:die|der)|bin)|"
    r"hier\s+(?:ist\s+(?:die|der)|spricht\s+(?:die|der)|ist|spricht)?|"
    r"(?:es\s+)?spricht|am\s+(?:apparat|telefon)\s+ist|"
    r"(?:sie\s+)?(?:sprechen|reden)\s+mit|das\s+ist|(?:das\s+)?wäre|(?:das\s+)?waere|schreiben\s+sie|"
    # CH/AT: "da isch de Thomas Graf", "i bi d Nadja Imhof", "mis Name isch …"
    r"(?:da|do)\s+(?:isch|is)(?:\s+(?:de|d)(?=\s))?|i\s+(?:bi|bin)(?:\s+(?:de|d)(?=\s))?|(?:mis|min|mi)\s+name\s+isch"
    r")\b[\s,.:;!?-]*(?:(?:der|die)\s+(?=\S))?"
)
_NAME_TAILS = re.compile(
    r"(?:[\s,.;:!-]+(?:hier|am\s+apparat|am\s+telefon|ist\s+mein\s+name|heiße\s+ich|heisse\s+ich|"
    # "Schmid ohne t", CH "ohni t": a letter the name lacks spells it as well as one it has
    r"(?:mit|wie|ohne|ohni|ohn)\s+(?:[a-zäöüß]{1,3}|doppel[\s-]?[a-zäöüß]|ypsilon|scharfem\s+s|(?:einem|zwei)\s+[a-zäöüß])"
    r"(?:\s+(?:(?:und|mit)\s+)?(?:[a-zäöüß]{1,2}|doppel[\s-]?[a-zäöüß]|ypsilon|scharfem\s+s))*"
    r"(?:\s+(?:am\s+ende|am\s+schluss|hinten|hintendran|dahinter|dran))?|"
    # "Bielefeld wie die Stadt", "Wolf wie das Tier", "Koch wie der Beruf", "Lange wie lang mit e":
    # what the name sounds like
    r"(?:(?:also|so)\s+)?wie\s+(?:(?:der|die|das|dr|de|d|s)\s+)?[a-zäöüß]{3,}(?:\s+[a-zäöüß]{2,})?|"
    r"danke|bitte|genau|ja|so|gell|ne|oder|grüß\s+gott|grüss\s+gott|guten\s+tag|servus|grüezi|hallo|"
    # "Wiese Hannelore, aber bitte schnell": hurrying after the name
    r"aber|und|schnell|schnellstens|rasch|sofort|dringend|eilig|beeilen\s+sie\s+sich|es\s+eilt|es\s+pressiert|pressiert|tifig|gschwind))+"
    r"[\s,.;:!?-]*$"
)
# A spelling hint between a surname and the name said again ("Kaiser mit a i Monika Kaiser",
# "Maier mit ei, also Hans Maier", "Hell mit zwei l Sabine Hell"): letters or a letter pair,
# never a word ("Müller mit der Mieterin …" is no hint).
_MID_SPELLING_HINT = re.compile(
    r"(?<=[^\W\d_]{2})[\s,]+(?:mit|wie)\s+(?:"
    r"(?:(?:einem|einer|eim|zwei|drei|doppel(?:tem|tes|t)?|scharfem)[\s-]*)?(?:ei|ai|ey|ay|ie|ph|th|dt|tt|ck|tz|ss|ß|[a-zäöüß]\b)"
    r"(?:\s+(?:(?:und|mit)\s+)?[a-zäöüß]\b)*|ypsilon|doppel[\s-]?[a-zäöüß])(?=[\s,.;:!-]+(?:(?:also|ja|genau|bitte)[\s,]+)?(?!(?:und|mit|am\s+ende|am\s+schluss|hinten|hintendran|dahinter|dran)\b)[^\W\d_]{2,})",
    re.IGNORECASE,
)
# What the name sounds like, between the surname and the name said again ("Wolf wie das Tier,
# Sabine Wolf", "Bielefeld wie die Stadt, Horst Bielefeld").
_MID_SOUNDS_LIKE = re.compile(
    r"(?<=[^\W\d_]{2})[\s,]+(?:(?:also|so)\s+)?wie\s+(?:der|die|das|dr|de|d|s)\s+[a-zäöüß]{3,}"
    r"(?=[\s,.;:!-]+(?:(?:also|ja|genau|bitte)[\s,]+)?[^\W\d_]{2,})",
    re.IGNORECASE,
)
# Letters spelled after a name: "Pohl, p o h l", "Kowalski k o w a l s k i".
_SPELLED_TAIL = re.compile(r"(?:[\s,.;:-]+[a-zäöü]\b){2,}[\s,.;:!?-]*$")
_SALUTATIONS = {"herr": "Herr", "herrn": "Herr", "frau": "Frau", "dr": "Dr.", "dr.": "Dr.", "doktor": "Dr."}
_ADDRESS_FORMS = frozenset({"Herr", "Frau"})
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "vom", "zum", "del", "da", "di", "le", "la", "ten", "ter"})
_FAMILY = frozenset({"familie", "fam", "fam."})

# Words that are never (part of) a name: pronouns, verbs, negations, particles, question
# words, articles and the trade words a caller says in a sentence. Surnames that are also
# ordinary words (Lange, Klein, Koch, Vogel, Wolf, Sommer, Frank) are not in here.
_NOT_NAME_WORDS = (
    frozenset(
        """
    ich du er sie es wir ihr mich mir dich dir uns euch ihnen ihm ihn mein meine meinen meiner meinem
    dein deine sein seine unser unsere ist bin bist sind war wäre waere hat habe hab haben hatte
    heiße heisse heißt heisst heißen kann können koennen muss müssen muessen soll sollen will wollen möchte
    moechte mag brauche brauchen braucht weiß weiss wissen sag sage sagen gesagt geht gehen gibt
    komme kommt kommen rufe ruft rufen angerufen anrufen zurückrufen zurueckrufen nicht nichts kein keine keinen
    nein ja jo jawohl genau richtig korrekt stimmt okay ok doch schon eben halt mal noch auch nur
    eigentlich wirklich bitte danke hallo tschüss warum wieso weshalb wozu wofür wofuer was wer wie wo
    wann welche welcher welches woher das dass die ein eine einen einem einer und oder aber denn weil wenn
    ob also äh ähm ehm hm hmm mhm öh ah aha ach achso oh eh nee nö sorry entschuldigung moment sekunde gerade grad jetzt heute
    morgen gestern hier da dort dann so sehr gut schlecht name namen nachname vorname telefon nummer
    handy rückruf rueckruf heizung therme kessel wasser warmwasser gas fehler störung stoerung termin
    rechnung angebot voranschlag notfall dringend problem kaputt defekt kalt warm heiß heiss
    straße strasse adresse postleitzahl plz ort stadt ahnung egal frage fragen apparat leitung
    firma kunde kundin geheim unbekannt anonym niemand jemand keiner man selbst selber persönlich
    persoenlich an auf aus bei mit nach für fuer über ueber unter vor hinter neben zwischen durch gegen ohne um
    am im ins zur vom beim grüß grüss gott servus grüezi gruezi moin tag guten
    apropos übrigens uebrigens außerdem ausserdem nebenbei jedenfalls allerdings sowieso trotzdem zudem
    vielleicht eventuell hoffentlich leider zuerst zerscht danach später spöter
    des net ned nöd noed nit nid nüd als
    """.split()
    )
    | DIALECT_PRONOUNS
)


# "nicht" and its dialect forms: a part of the answer that starts with one denies, it names nobody.
_DENIALS = frozenset("nicht nich net ned nöd noed nit nid nüd kein keine keiner".split())


# Who the caller is to the household or the firm, said before the name ("der Sohn Thomas Greiner",
# "die Nachbarin, Erika Roth"): no part of the name.
_CALLER_ROLE = re.compile(
    r"(?:(?:der|die|de|d)\s+)?(?:sohn|tochter|enkel|enkelin|neffe|nichte|schwiegersohn|schwiegertochter|nachbar|nachbarin|"
    r"mieter|mieterin|vermieter|vermieterin|hausmeister|hausmeisterin|hauswart|hauswartin|ehemann|ehefrau|"
    r"lebensgefährte|lebensgefährtin|bruder|schwester|vater|mutter|chef|chefin|sekretärin|assistentin|nochber|nochbere|nochberin)"
    r"(?:\s+(?:von|vo)\s+(?:(?:der|de|dr|dem)\s+)?(?:(?:frau|herrn|herr|familie)\s+[^\W\d_]+|(?!(?:frau|herrn|herr|familie)\b)[^\W\d_]+))?"
    r"[\s,;.]+(?=[^\W\d_])"
)


# A hyphen said as a spelling aid: "Schmidt-Wegner mit Bindestrich (dazwischen)".
_WITH_HYPHEN = re.compile(
    r"[\s,]*\b(?:mit|ohne)\s+(?:(?:einem|nem)\s+)?(?:bindestrich|bindstrich|strich)(?:\s+dazwischen)?\b", re.IGNORECASE
)
# The first name named after the surname: "Schmidt-Wegner, Vorname Renate", "Huber, mit Vornamen
# Josef", "Gerber, der Vorname ist Sandro".
_FIRST_NAME_NAMED = re.compile(
    r"[\s,;]+(?:(?:und|also)\s+)?(?:(?:der|mein|mit)\s+)?(?:vorname|vornamen|vorname\s+ist|vorname\s+isch|vorname\s+wäre)[\s,:]+"
    r"(?P<first>[^\W\d_][\w'\-]*)[\s,.;!]*$"
)
# What the caller is called besides the name, said after it: "aber alle sagen Luise zu mir",
# "genannt Sepp", "sagen Sie ruhig Luise": no part of the name.
_NAME_ASIDE = re.compile(
    r"[\s,;]+(?:(?:aber|und)\s+)?(?:(?:alle|jeder|jede|man|mer|me|die\s+leute|sie\s+können|sagen\s+sie)\s+"
    r"(?:(?:sagen|sagt|säged|sägen|sogn|nennen|nennt|rufen|ruft|mi|mir|mich|ruhig|einfach)\s+)+|genannt\s+|rufname\s+)"
    r"[^\W\d_].*$"
)
# Where the caller is from, said after the name: "Heidi Ramseier z Belp", "Toni Wermelinger vo
# Sursee", "Schmidt-Wegner aus Büdingen" (after "von"/"vo" only with two words before it: "Karl von
# Bismarck" is one name).
_FROM_PLACE_TAIL = re.compile(
    r"[\s,;]+(?:hier\s+)?(?P<w>aus|us|vo|von|z|ze|in|im)\s+[^\W\d_][\w'\-]*(?:\s+(?:am|an\s+der|im|ob\s+der|bei)\s+[^\W\d_]+)?"
    r"[\s,.;!]*$"
)


_NAME_RESTART = re.compile(
    r"(?<=[^\W\d_]{2})[\s,]+(?:also|äh|ähm|ehm|öh|genauer\s+gesagt|beziehungsweise|bzw\.?|i\s+mein|ich\s+meine?)[\s,]+(?=[^\W\d_]{2})",
    re.IGNORECASE,
)


def _clean_name(raw: str) -> str | None:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip(" \t.,;:!-")
    if not text or len(text) > 80 or re.search(r"\d", text):
        return None
    for _ in range(3):  # "Ja, also mein Name ist …": fillers and leads in any order
        before = text
        match = _NAME_INTROS.match(text.lower())
        if match:
            text = text[match.end() :]
        match = _NAME_LEADS.match(text.lower())
        if match:
            text = text[match.end() :]
        text = text.strip(" \t.,;:!-")
        if text == before:
            break
    # "Familie Hug, also Thomas Hug", "Meier, äh, Peter Meier": a word that restarts the name parts it
    text = _NAME_RESTART.sub(", ", text)
    role = _CALLER_ROLE.match(text.lower())
    if role and role.end() < len(text):
        text = text[role.end() :]  # "der Sohn, Thomas Greiner": who the caller is to the household goes
        if re.match(r"(?:von|vo)\s", text.lower()):
            return None  # "die Nachbarin von Frau Huber": whose neighbour, not the caller's name
    text = _MID_SOUNDS_LIKE.sub(
        ",", _MID_SPELLING_HINT.sub(",", text)
    )  # "Kaiser mit a i, Monika Kaiser": the hint goes, the names stay
    text = _WITH_HYPHEN.sub("", text)  # "Schmidt-Wegner mit Bindestrich": the hyphen is written already
    first_named = _FIRST_NAME_NAMED.search(text.lower())
    if first_named and first_named.start() > 0:
        # "Schmidt-Wegner, Vorname Renate": the surname first, the first name named after it
        text = f"{text[first_named.start('first') : first_named.end('first')]} {text[: first_named.start()]}"
    aside = _NAME_ASIDE.search(text.lower())
    if aside and aside.start() > 0:
        text = text[: aside.start()]  # "Brandstätter Aloisia, aber alle sagen Luise zu mir": the nickname goes
    home = _FROM_PLACE_TAIL.search(text.lower())
    if home and (
        home.group("w") not in ("von", "vo")
        or (len(_words(text[: home.start()])) >= 2 and not is_first_name(_words(text[: home.start()])[-1]))
    ):
        text = text[: home.start()]  # "Heidi Ramseier z Belp", "Toni Wermelinger vo Sursee": where from goes
    tail = _NAME_TAILS.search(text.lower())
    if tail and tail.start() > 0:
        text = text[: tail.start()]  # "Brunner mit zwei n": the spelling help goes before numbers count
    spelled = _SPELLED_TAIL.search(text.lower())
    if spelled and spelled.start() > 0:
        text = text[: spelled.start()]  # "Pohl, p o h l": the letters spell the name said before
    text = text.strip(" \t.,;:!-")
    if not text or re.search(r"\d", words_to_digits(text)):
        return None
    text = re.sub(r"\b(?:herr\s+und\s+frau|frau\s+und\s+herr|eheleute)\b", "Familie", text, flags=re.IGNORECASE)
    # "Brigitte und Horst Lange, also Lange": the surname said again at the end is said once
    text = re.sub(r"\b([^\W\d_][\w'\-]*)(?:[\s,]+\1)+$", r"\1", text, flags=re.IGNORECASE)
    couple = re.fullmatch(r"([^\W\d_][\w'\-]*) und ([^\W\d_][\w'\-]*) ([^\W\d_][\w'\-]*)", text, re.IGNORECASE)
    if couple and couple.group(1).lower() != "familie":
        # "Heinz und Gisela Rohde": a couple's first names and their surname, each a name of its own
        first = _clean_name(f"{couple.group(1)} {couple.group(3)}")
        second = _clean_name(f"{couple.group(2)} {couple.group(3)}")
        if first and second and len(first.split()) == 2 and len(second.split()) == 2:
            return f"{first.split()[0]} und {second}"
    # "Vogel, Karin Vogel", "Vogel. Karin Vogel." (not after "Dr." or an initial "K.")
    segments = [seg for seg in (s.strip() for s in re.split(r"[,;]|\s-\s|(?<=[^\W\d_]{3})\.\s+", text)) if seg]
    tokens_by_segment = [re.findall(r"[^\W\d_][\w'\-.]*", seg) for seg in segments]
    tokens_by_segment = [tokens for tokens in tokens_by_segment if tokens]
    if len(tokens_by_segment) > 2:
        # "Müller, nöd de Chef, Hans Müller": an aside that denies something, between the name and
        # the name said again, is no part of the name (a denial first or last stays and refuses)
        last = len(tokens_by_segment) - 1
        tokens_by_segment = [
            tokens for index, tokens in enumerate(tokens_by_segment) if index in (0, last) or tokens[0].lower() not in _DENIALS
        ]
    if not tokens_by_segment:
        return None
    tokens = _merge_segments(tokens_by_segment)
    titles: list[str] = []
    words: list[str] = []
    for token in tokens:
        low = token.lower()
        if low in _SALUTATIONS and not words:
            title = _SALUTATIONS[low]
            if title not in titles:
                titles.append(title)
            continue
        if low in _FAMILY and not words:
            titles = ["Familie"]
            continue
        words.append(token)
    words = _dedupe(words)
    if not words or len(words) > _MAX_NAME_WORDS + 2:
        return None
    core = [w for w in words if w.lower() not in _PARTICLES]
    if not core or len(core) > _MAX_NAME_WORDS:
        return None
    for index, word in enumerate(words):
        low = word.lower().rstrip(".")
        # "Florian Weiß": a surname that is also a word ("weiß nicht") counts after a first name
        surname_after_first = index > 0 and is_surname_word(low) and is_first_name(words[index - 1].lower())
        if low in _NOT_NAME_WORDS and low not in _PARTICLES and not surname_after_first:
            return None
        if firm_word(low):
            return None  # "Hausverwaltung Kranich", "Schulze GmbH": a firm, never a name
        if device_word(low):
            return None  # "Gastherme Wolf", "Wärmepumpe Stiebel": read off the device, no person
        letters = low.replace("-", "").replace("'", "").replace(".", "")
        if not letters.isalpha():
            return None
        if len(letters) < 2 and not word.endswith("."):  # initials only as "K."
            return None
        if re.search(r"(.)\1\1", letters):  # "aaa", "mmm": a sound, not a name
            return None
    pretty = [_capitalise(w) if w.lower() not in _PARTICLES else w.lower() for w in words]
    if "Familie" in titles and any(is_first_name(w.lower()) for w in core[:-1]):
        titles = [t for t in titles if t != "Familie"]  # "Familie Hug, also Thomas Hug": the caller is Thomas Hug
    if len([w for w in core if not w.endswith(".")]) >= 2:
        # "Frau Anna Berger" → "Anna Berger", "Herr Dr. Klaus Meier" → "Dr. Klaus Meier": with a
        # first name the salutation is no part of the name (an academic title is); a surname alone
        # keeps it ("Frau Huber"), so staff know whom to ask for.
        titles = [t for t in titles if t not in _ADDRESS_FORMS]
    return " ".join([*titles, *pretty])


def _merge_segments(segments: list[list[str]]) -> list[str]:
    """ "Vogel, Karin Vogel" → Karin Vogel; "Vogel, Karin" → Karin Vogel; "Karin, Karin Vogel" → Karin Vogel."""
    if len(segments) == 1:
        return segments[0]
    lowered = [[w.lower() for w in seg] for seg in segments]
    if all(len(seg) == 1 for seg in segments) and all(
        difflib.SequenceMatcher(None, lowered[0][0], other[0]).ratio() >= 0.75 for other in lowered[1:]
    ):
        return segments[-1]  # "Maier, Meier mit ei": the name said again, spelled out — the last one counts
    longest = max(range(len(segments)), key=lambda i: len(segments[i]))
    if all(set(other) <= set(lowered[longest]) for other in lowered):
        return segments[longest]
    if len(segments) == 2 and len(segments[0]) == 1 and 1 <= len(segments[1]) <= 2:
        # "Vogel, Karin": surname first as on a form
        return [*segments[1], *segments[0]]
    return [w for seg in segments for w in seg]


def _dedupe(words: list[str]) -> list[str]:
    """A word said twice counts once; a surname said first and again at the end goes to the end."""
    out: list[str] = []
    for index, word in enumerate(words):
        low = word.lower()
        if any(w.lower() == low for w in words[index + 1 :]):
            continue  # said again later: keep the later place ("Vogel Karin Vogel" → "Karin Vogel")
        out.append(word)
    return out


def _capitalise(word: str) -> str:
    if word.endswith(".") and len(word) <= 3:
        return word[:1].upper() + word[1:]
    if word != word.lower() and word != word.upper():
        return word  # "McDonald", "DiMaggio", "vanDyke" as written
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


# A name taken back in the same answer: "Kuhn, Dietmar Kuhn, nee warten Se, Kühn mit ü".
_NAME_TAKEN_BACK = re.compile(
    r"(?:^|[,.;!]\s*)(?:nee|nein|nei|halt|moment|quatsch|stopp|falsch|ich\s+meine|warten?\s+s(?:ie|e)|wart)\b[^,.;!?]*(?:[,.;!]\s*|$)"
)
# The name it is not, said after the right one: "Kühn mit ü, nicht Kuhn".
_NOT_THIS_NAME = re.compile(r"[,.;]\s*(?:nicht|net|ned|nöd|nit)\s+[^\W\d_]+[\s,.;!]*$")
# The end of a sentence (not "Dr." or an initial "K."): "wieso brauchen Sie den? Sommerfeld, Brigitte Sommerfeld".
_SENTENCE_BREAK = re.compile(r"(?<=[?!])\s+|(?<=[^\W\d_]{3}\.)\s+")


def _corrected_name(text: str) -> str | None:
    """The name after the caller corrects it in the same answer; a first name said with the wrong
    surname stays with the right one ("Kuhn, Dietmar Kuhn, nee, Kühn" → Dietmar Kühn)."""
    lowered = text.lower()
    taken_back = [m for m in _NAME_TAKEN_BACK.finditer(lowered) if m.start() > 0]
    if not taken_back:
        return None  # "nein, der Name ist Vogl" corrects the read-back: the dialogue knows the name before
    before = _clean_name(text[: taken_back[-1].start()])
    if before is None:
        return None
    start = taken_back[-1].end()
    not_this = _NOT_THIS_NAME.search(lowered, start)
    after = _clean_name(text[start : not_this.start() if not_this else len(text)])
    if after is None:
        return None
    if len(after.split()) == 1 and len(before.split()) >= 2:
        said = before.split()
        if difflib.SequenceMatcher(None, said[-1].lower(), after.lower()).ratio() >= 0.6:
            return " ".join([*said[:-1], after])
    return after


# Where the caller's own name ends and the caller goes on about the firm they call from ("… von
# der Hausverwaltung Sonnenschein", CH "… vo de Verwaltig …": ``slots.AFFILIATION``, the rule the
# company slot reads too) or about someone else ("die Mieterin heißt …", "ich bin die
# Filialleiterin …"): what follows is no part of the caller's name.
_OTHER_PERSON = (
    r"mieterin|mieter|mieterinnen|mutter|vater|mama|papa|oma|opa|tochter|sohn|schwiegermutter|schwiegervater|"
    r"nachbarin|nachbar|chefin|chef|kundin|kunde|bewohnerin|bewohner|eigentümerin|eigentümer|eigentuemer"
)
_SOMEONE_ELSE = re.compile(
    r"[\s,;]+(?:(?:und|u|aber)\s+)?(?:(?:die|der|de|d|unsere?|ünsere?|eusi|euse|üsi|mei|meine?|mi|min|sei|seine?|ihre?)\s+)?"
    r"(?:" + _OTHER_PERSON + r")\s+(?:heißt|heisst|hoaßt|haasst|isch|ist|is|namens)\b"
    r"|[\s,;]+(?:und\s+)?(?:ich|i)\s+(?:bin|bi)\s+(?:(?:die|der|de|d)\s+)?(?!(?:die|der|de|d)\b)[^\W\d_]{3,}(?:in|er|leiter\w*|führer\w*)\b"
)


# Small words that may stand before a firm said first ("ja, hier ist die Hausverwaltung …", CH
# "grüezi, da isch d Verwaltig …"): anything else before it ("… d Rechnig vom letschte Service")
# means the firm word is part of a sentence, not the caller's firm.
_FIRM_LEAD_WORDS = frozenset("de d vo vom von der die das dem den da do isch is hier ist spricht bi bin".split())


def _only_lead_words(text: str) -> bool:
    if _NAME_INTROS.match(text.lower().strip()) and not _NAME_INTROS.sub("", text.lower().strip()).strip(" ,.;:!-"):
        return True
    return all(w in _FIRM_LEAD_WORDS or w in _NOT_NAME_WORDS for w in _words(text)) and not any(
        w in ("nicht", "nich", "net", "ned", "nöd", "nit", "nid", "nüd", "nei", "nein", "nee") for w in _words(text)
    )


def _own_name_part(text: str) -> str | None:
    """The words before the caller goes on about a firm or another person ("Petra Lange von der
    Hausverwaltung …, die Mieterin heißt …" → "Petra Lange"), or ``None`` when nothing follows."""
    lowered = text.lower()
    firm = firm_span(text)
    if (
        firm is not None
        and _clean_name(text[: firm[0]]) is None
        and _only_lead_words(text[: firm[0]])
        and text[firm[1] :].strip(" ,;.-")
    ):
        # "Hausverwaltung Kranich, Petra Lange": the firm first, the name after it
        rest = text[firm[1] :]
        own = _own_name_part(rest)
        return own if own is not None else rest
    cuts = [m.start() for m in (AFFILIATION.search(lowered), _SOMEONE_ELSE.search(lowered)) if m and m.start() > 0]
    if firm is not None and firm[0] > 0:
        cuts.append(firm[0])  # "Petra Lange, Hausverwaltung Kranich": the firm said without "von"
    return text[: min(cuts)] if cuts else None


# A name said again piece by piece to spell it: "Hagemann-Voss, Hagemann Bindestrich Voss",
# "Obermüller, ober wie oben und dann Müller", "van der Berg, van der klein geschrieben",
# "Weißgerber, w e i s s Gerber". The aids that help the spelling go; the pieces left must
# make up words said before.
_HYPHEN_SAID = re.compile(r"\s*\b(?:bindestrich|bindstrich|strich)\b\s*")
_SPELLING_AIDS = re.compile(
    r"\b(?:wie|als)\s+(?:(?:der|die|das|in|im)\s+)?[^\W\d_]+"
    r"|\bmit\s+(?:(?:einem|einer|eim|zwei|drei|doppel(?:tem|tes|t)?|doppeltem|scharfem)[\s-]*)?[^\W\d_]{1,2}\b"
    r"|\b(?:klein|groß|gross|zusammen|getrennt|auseinander)[\s-]*(?:geschrieben|gschribe|gschriebe|gschrieben)\b"
    r"|\b(?:und|dann|danach|also|genau|hinten|vorne|am\s+ende|ohne|bitte|ja)\b"
)


def _squash(word: str) -> str:
    return word.lower().replace("ß", "ss").replace("-", "").replace("'", "")


def _spelled_again(text: str) -> str | None:
    """The name before the pieces that spell it again, or ``None`` when no such pieces follow."""
    words = re.findall(r"[^\W\d_][\w'\-]*", text)
    squashed = [_squash(w) for w in words]
    for k in range(1, len(words)):
        tail = _SPELLING_AIDS.sub(" ", " ".join(words[k:]).lower())
        spelled = _squash(_HYPHEN_SAID.sub("", tail).replace(" ", ""))
        if len(spelled) < 4 or len(tail.split()) < 2:
            continue
        for i in range(k):
            for j in range(i + 1, k + 1):
                # the words after the spelled ones are still the name ("Albrecht-Nowak Stefanie")
                if "".join(squashed[i:j]) == spelled and not any(w.lower() in _NOT_NAME_WORDS for w in words[j:k]):
                    head = words[:k]
                    if len(head) == 2 and is_first_name_only(head[1].lower()) and not is_first_name_only(head[0].lower()):
                        head = [head[1], head[0]]  # "Albrecht-Nowak Stefanie": surname first as on a form
                    return " ".join(head)
    return None


def _own_name(text: str) -> str | None:
    """The caller's name from an answer that goes on about a firm or another person, or spells the
    name again piece by piece; ``None`` when the answer is none of these."""
    own = _own_name_part(text)
    said = own if own is not None else text
    again = _spelled_again(said)
    if again is not None:
        return _clean_name(again)
    if own is not None:
        return _clean_name(_HYPHEN_SAID.sub("-", said))
    return None


# Giving in after asking why ("wieso brauchen Sie den Namen … aber gut, Tanner Ursula", CH "aber
# guet", "na gut", "meinetwegen") or understanding the question late ("wie bitte? ach so …"): the name follows.
_GIVING_IN = re.compile(
    r"\b(?:(?:aber|na|also|naja|ja|no)\s+(?:gut|guet|guat|jut|juut|gud|okay|ok|schön|schoen|bitte)|meinetwegen|von\s+mir\s+aus"
    r"|ach\s+so|achso|ah\s+so|aso)\b[\s,.;:!-]*"  # "wie bitte? ach so, den Namen: …": understood, the answer follows
)


def _name_after_giving_in(text: str, value: SlotValue | None) -> SlotValue | None:
    given = list(_GIVING_IN.finditer(text.lower()))
    if not given or given[-1].start() == 0:
        return None
    rest = text[given[-1].end() :]
    if not _words(rest):
        return None
    if value is not None and set(_words(value.value)) <= set(_words(rest)):
        cleaned = _clean_name(value.value)
        return SlotValue(cleaned, value.normalized, value.confidence) if cleaned else None
    if len(_words(rest)) > _MAX_NAME_WORDS + 2:
        return None
    return _check_name(rest, None)


def _check_name(text: str, value: SlotValue | None) -> SlotValue | None:
    if is_question(text) or is_refusal(text):
        given = _name_after_giving_in(text, value)
        if given is not None:
            return given
    sentences = [part for part in _SENTENCE_BREAK.split(text.strip()) if _words(part)]
    if len(sentences) > 1 and (is_question(text) or is_refusal(text) or value is None):
        # A question or outcry first, the name last: "wieso brauchen Sie den? … Sommerfeld, Brigitte Sommerfeld"
        last = _check_name(sentences[-1], None)
        if last is not None:
            return last
    if is_question(text):
        return None
    corrected = _corrected_name(text)
    if corrected:
        return SlotValue(corrected, None, value.confidence if value else 0.8)
    own = _own_name(text)
    if own:
        # the name said before a firm, another person or a spelling: not the words after it
        return SlotValue(own, None, value.confidence if value else 0.8)
    if is_refusal(text) and (value is None or len(_words(text)) <= _SHORT_ANSWER_WORDS):
        # "das weiß ich nicht" refuses the name; in a long first sentence with the name said
        # ("hier ist Gertrud Kowalski … und jetzt weiß ich nicht weiter") it refuses nothing.
        return None
    if _words(text) and all(w in _YES_NO_WORDS for w in _words(text)):
        return None  # "Ja.", "ja passt": an answer to a yes/no question, whatever an engine made of it
    if value is not None:
        cleaned = _clean_name(value.value)
        if cleaned:
            whole = _clean_name(text)
            if (
                whole
                and len(cleaned.split()) == 1
                and len(whole.split()) == len(_words(text)) == 2
                and set(_words(cleaned)) <= set(_words(whole))
                and not firm_span(text)
            ):
                cleaned = whole  # "gerber sandro": all of the answer is the name, also a first name the rules do not know
            return SlotValue(cleaned, value.normalized, value.confidence)
    cleaned = _clean_name(text)
    if cleaned is None:
        cleaned = _name_after_apology(text)
    if cleaned is None:
        cleaned = _name_before_address(text)
    if cleaned is None:
        return None
    return SlotValue(cleaned, None, value.confidence if value else 0.7)


def _name_before_address(text: str) -> str | None:
    """The name said before the street in one breath ("ayse yilmaz bergstraße sieben", AT "franz
    oberlechner mittersill felberstraße zwölf": the town between goes), or ``None``."""
    street = extract_slots_local(text, ["street"]).values.get("street")
    if street is None:
        return None
    first = re.escape(street.value.split()[0].lower())
    at = re.search(r"(?<![\w])" + first + r"(?![\w])", text.lower())
    if at is None or at.start() == 0:
        return None
    before = re.sub(r"\s+(?:in\s+der|im|am|an\s+der|auf\s+der|in|wohne|wohnhaft)\s*$", "", text[: at.start()].rstrip(" ,"))
    name = _clean_name(before)
    if name is None:
        return None
    words = name.split()
    if len(words) == 3 and not is_first_name(words[1].lower()):
        words = words[:2]  # the town said between name and street
    return " ".join(words) if 2 <= len(words) <= 3 else None


# An apology or an aside first, then the full name: "ja sorry, war abgelenkt, Thomas Richter",
# "Entschuldigung, hab Sie nicht gehört – Eva Roth", CH "exgüsi, Reto Frei".
_APOLOGY = re.compile(
    r"\b(?:sorry|entschuldigung|entschuldigen\s+sie|tschuldigung|pardon|verzeihung|exgüsi|exgüse|abgelenkt"
    r"|nicht\s+(?:gehört|verstanden|mitbekommen)|nöd\s+verstande)\b"
)


def _name_after_apology(text: str) -> str | None:
    """The first name and surname said last after an apology, or ``None``."""
    lowered = text.lower()
    if not _APOLOGY.search(lowered):
        return None
    words = re.findall(r"[^\W\d_][\w'\-]*", text)
    if len(words) < 3 or not is_first_name(words[-2].lower()):
        return None
    return _clean_name(" ".join(words[-2:]))


# --------------------------------------------------------------------------------------------
# callback_number


def _phone_candidates(text: str) -> list[str]:
    digits = words_to_digits(text)
    out: list[str] = []
    for run in re.finditer(r"\+?\d[\d \-/().]*\d", digits):
        out.append(re.sub(r"\(0\)", "", run.group(0)))
    return out


def _check_phone_text(candidate: str, region: str, confidence: float = 0.9) -> SlotValue | None:
    found = spoken_callback_number(candidate, region)
    return SlotValue(found[0], found[1], confidence) if found else None


def _check_phone(text: str, value: SlotValue | None, region: str) -> SlotValue | None:
    if value is not None:
        if value.normalized and value.normalized.startswith("+"):
            checked = _check_phone_text(value.normalized, region, value.confidence)
            said = _phone_candidates(value.value)
            said_ok = not said or any(_check_phone_text(c, region) for c in said)
            if checked and said_ok:
                return checked
        for candidate in _phone_candidates(value.value):
            checked = _check_phone_text(candidate, region)
            if checked:
                return SlotValue(checked.value, checked.normalized, value.confidence)
        return None
    if is_refusal(text) or (is_question(text) and not re.search(r"\d{4}", words_to_digits(text))):
        return None
    for candidate in _phone_candidates(text):
        checked = _check_phone_text(candidate, region)
        if checked:
            return checked
    return None


# --------------------------------------------------------------------------------------------
# postcode

_POSTCODE_RANGES: dict[str, tuple[int, int, int]] = {  # width, lowest, highest
    "DE": (5, 1001, 99998),
    "AT": (4, 1010, 9992),
    "CH": (4, 1000, 9658),
    "LI": (4, 9485, 9498),
}


def _check_postcode(text: str, value: SlotValue | None, region: str) -> SlotValue | None:
    width, low, high = _POSTCODE_RANGES.get(region, _POSTCODE_RANGES["DE"])
    source = value.value if value is not None else text
    if value is None and (is_refusal(text) or is_question(text)):
        return None
    found = _postcode_in(source, width, low, high)
    if found is None and value is not None and source != text and not (is_refusal(text) or is_question(text)):
        found = _postcode_in(text, width, low, high)  # the extractor took another number of the answer
    return SlotValue(found, found, value.confidence if value else 0.9) if found else None


# "… na, Sie wollen die Postleitzahl: achttausendhunderteins": the number after the word.
_POSTCODE_WORD = re.compile(r"\b(?:postleitzahl|plz|postleitzoi|poschtleitzahl)\b")


def _postcode_in(said: str, width: int, low: int, high: int) -> str | None:
    # "achtvierhundertvier, nei sorry, achtvierhundertfüüf": the postcode settled on last.
    digits = corrected_numbers(words_to_digits(said))
    digits = re.sub(r"\b(?:d|a|ch|fl)\s*-\s*(?=\d)", "", digits, flags=re.IGNORECASE)
    cue = list(_POSTCODE_WORD.finditer(digits.lower()))
    if cue:
        digits = digits[cue[-1].end() :] if re.search(r"\d", digits[cue[-1].end() :]) else digits
    runs: list[str] = re.findall(r"\d+(?:[ .]\d+)*", digits)
    for run in runs:
        compact = re.sub(r"\D", "", run)
        if len(compact) == width and low <= int(compact) <= high:
            return compact
    # "alle drei achttausendzwanzig": a number of the right width said after another one
    for run in runs:
        group: str
        for group in re.findall(r"\d+", run):
            if len(group) == width and low <= int(group) <= high:
                return group
    return None


# --------------------------------------------------------------------------------------------
# street, city

_UNIT_SHAPE = r"(?:\d{1,3}[a-zA-Z]?|[a-hA-H])"
_BUILDING_PARTS = r"(?:Seitenflügel|Vorderhaus|Hinterhaus|Gartenhaus|Quergebäude|Hinterhof|Hofgebäude|Remise)"
_STREET_SHAPE = re.compile(
    r"^[^\W\d_][\w'.\- ]*?(?:\s+\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)*"
    r"(?:,?\s(?:Stiege|Top|Tür|stiege|top|tür)\s" + _UNIT_SHAPE + r"(?:\sbis\s" + _UNIT_SHAPE + r")?)*"
    r"(?:,?\s" + _BUILDING_PARTS + r")?)?$"
)
# "Stiege B, Tür 3", "Seitenflügel": the parts of a building after the house number, no words of an answer.
_UNIT_WORDS = re.compile(
    r",?\s(?:Stiege|Top|Tür)\s" + _UNIT_SHAPE + r"(?:\sbis\s" + _UNIT_SHAPE + r")?(?=,|$)|,?\s" + _BUILDING_PARTS + r"$"
)


_TOWN_AFTER_NUMBER = re.compile(r"(?:(?<=\d)|(?<=\d[a-hA-H]))\s*,?\s+(?:in|z|ze|zu|bei)\s+[^\W\d_][\w\- ]*$")


# A time of day given where the street was asked ("vormittags", "am besten nachmittags"): words of a
# daytime or a weekday and fillers only, no house number — never a street.
_DAYTIME_WORDS = frozenset(
    "vormittag vormittags nachmittag nachmittags mittag mittags morgen morgens abend abends früh frueh nacht nachts"
    " tagsüber tagsueber heute übermorgen uebermorgen montag dienstag mittwoch donnerstag freitag samstag sonnabend"
    " sonntag montags dienstags mittwochs donnerstags freitags samstags sonntags uhr".split()
)
_DAYTIME_FILLERS = frozenset(
    "am an besten liebsten eher lieber so gegen also äh ähm öhm hm ja dann gern gerne bitte um den der die das es"
    " wäre waere ist passt mir uns geht's gehts geht würde wuerde am ab oder und vielleicht".split()
)


def _is_daytime(text: str) -> bool:
    words = _words(text)
    if not words or re.search(r"\d", text) or not any(w in _DAYTIME_WORDS for w in words):
        return False
    return all(w in _DAYTIME_WORDS or w in _DAYTIME_FILLERS for w in words)


# Pronouns and verbs of a sentence (also AT/CH): never in a street said on its own.
_NO_STREET_WORDS = frozenset("ich i mir wir mich mi sie du er des das dös is isch ist hab ha weiß weiss klär kläre".split())


_NUMBER_WORD_BEFORE_HOUSE = re.compile(r"(?<=[^\W\d_])\s+(?:haus\s*)?(?:nummer|nummero|nr\.?|no\.)\s*(?=\d)", re.IGNORECASE)


def _check_street(text: str, value: SlotValue | None) -> SlotValue | None:
    houses = value.value.split(", ") if value is not None else []
    if len(houses) > 1 and all(re.search(r"\d", house) and names_a_street(house) for house in houses):
        # "Annenstraße 18, Annenstraße 20, Elisabethinergasse 9": several houses of one job, each checked
        checked = [_check_street(house, SlotValue(house, None, value.confidence)) for house in houses]  # type: ignore[union-attr]
        if all(checked):
            return SlotValue(", ".join(c.value for c in checked if c), None, value.confidence)  # type: ignore[union-attr]
    if value is None and (is_non_answer(text) or len(_words(text)) > 8):
        return None
    if _is_daytime(text) or (value is not None and _is_daytime(value.value)):
        return None
    if value is not None and all(w in _YES_NO_WORDS for w in _words(text)) and _words(text):
        return None
    source = (value.value if value is not None else text).strip(" \t.,;:!?")
    source = re.sub(r"\s+", " ", source)
    # "Schlossgass drüü in Wiesendange", "Hauptstraße 5 in Graz": the town is no part of the street.
    source = _TOWN_AFTER_NUMBER.sub("", words_to_digits(source)) if value is None else source
    # AT "Johnsbach Nummer 27", "Hauptstraße Hausnummer 5": the word for the number is no part of the street.
    source = _NUMBER_WORD_BEFORE_HOUSE.sub(" ", source)
    if not source or not _STREET_SHAPE.match(source):
        return None
    words = _words(_UNIT_WORDS.sub("", source))
    if value is None and set(words) & _NO_STREET_WORDS:
        return None  # AT "des klär i mit dem Meister": a sentence, no street
    # Swiss "Im Gern 5": after "im", "am" the word names the field, no "gern" of an answer.
    answer_words = [w for i, w in enumerate(words) if value is None or not (i and words[i - 1] in ("im", "am"))]
    if not words or any(w in _YES_NO_WORDS - {"doch"} for w in answer_words) or len(words) > 6:
        return None
    if not re.search(r"\d", source) and not names_a_street(source):
        return None  # "Petra Lange" to the address question: a person, no street
    if value is None or source == source.lower():
        source = _written_street(source)  # also an engine's value copied from lower-case speech
    return SlotValue(source, value.normalized if value else None, value.confidence if value else 0.6)


_STREET_SMALL_WORDS = frozenset({"am", "an", "der", "die", "dem", "den", "im", "in", "zum", "zur", "auf", "bei", "vor", "hinter"})


def _written_street(said: str) -> str:
    """A street as said in lower case by speech recognition, written: "am anger drei" → "Am Anger 3"."""
    written = words_to_digits(said)
    if written != written.lower():
        return written
    tokens = written.split(" ")
    out = []
    for i, token in enumerate(tokens):
        if token.isalpha() and (i == 0 or token not in _STREET_SMALL_WORDS):
            token = token[:1].upper() + token[1:]
        out.append(token)
    written = re.sub(r"(?<=\d) ([a-hA-H])$", lambda m: m.group(1).lower(), " ".join(out))  # "5 a" → "5a"
    return re.sub(r"(?<=[a-zäöü]strass)(?=\s|$)", "e", written)  # CH "Lindstrass 15" is written "Lindstrasse 15"


_CITY_SMALL_WORDS = frozenset({"am", "an", "der", "im", "in", "ob", "bei", "vor", "auf", "dem", "den", "st.", "sankt", "bad"})


def _check_city(text: str, value: SlotValue | None) -> SlotValue | None:
    if value is None and is_non_answer(text):
        return None
    if value is not None and _words(text) and all(w in _YES_NO_WORDS for w in _words(text)):
        return None
    source = re.sub(r"\s+", " ", (value.value if value is not None else text)).strip(" \t.,;:!?")
    source = re.sub(r"^(?:in|nach|aus)\s+", "", source, flags=re.IGNORECASE)
    if not source or re.search(r"\d", source):
        return None
    words = _words(source)
    core = [w for w in words if w not in _CITY_SMALL_WORDS]
    if not core or len(core) > 3 or any(w in _NOT_NAME_WORDS and w not in _CITY_SMALL_WORDS for w in words):
        return None
    return SlotValue(source, value.normalized if value else None, value.confidence if value else 0.6)


# --------------------------------------------------------------------------------------------
# preferred_time

# Words of an answer to "Wann passt es Ihnen?" when the extractor found no date or clock time.
_TIME_WORDS = re.compile(
    r"\b(?:heute|morgen|übermorgen|uebermorgen|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
    r"|woche|wochenende|werktag\w*|vormittag\w*|nachmittag\w*|mittag\w*|abend\w*|früh|frueh|morgens|nachts?|uhr"
    r"|jederzeit|immer|egal|flexibel|wann\s+(?:sie|es)|ganzen?\s+tag|tagsüber|tagsueber|sofort|bald|möglichst|moeglichst"
    r"|dringend|asap|gleich|später|spaeter|monat|januar|jänner|jaenner|februar|märz|maerz|april|mai|juni|juli|august"
    r"|september|oktober|november|dezember|anfang|mitte|ende|feierabend|mittagspause|urlaub|ab|bis|nach|vor)\b"
    r"|\d",
    re.IGNORECASE,
)


# A clock time or date written with digits ("14:30", "10.30", "3.12."): digits that are a time.
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}\b|\b\d{1,2}\.\d{1,2}\.")


def _is_phone_number(said: str) -> bool:
    """A phone number given where a time was asked ("null sieben acht eins zwei drei …" to "Wann
    sind Sie am besten zu erreichen?"): six digits or more and no word of a time."""
    digits = words_to_digits(said)
    if len(re.sub(r"\D", "", digits)) < 6 or _CLOCK.search(digits):
        return False
    return not _TIME_WORDS.search(re.sub(r"\d", " ", digits))


def _check_time(text: str, value: SlotValue | None) -> SlotValue | None:
    if value is not None:
        if _is_phone_number(value.value) or (not value.normalized and _is_phone_number(text or "")):
            return None
        return value if value.value.strip() and not is_filler(value.value) else None
    said = re.sub(r"\s+", " ", text or "").strip()
    if not said or is_filler(said) or is_refusal(said) or is_question(said) or _is_phone_number(said):
        return None
    if not _TIME_WORDS.search(words_to_digits(said)):
        return None  # "Vaillant" is no answer to "Wann passt es Ihnen?"
    return SlotValue(brief(said, _MAX_CHARS), None, 0.5)


# --------------------------------------------------------------------------------------------
# device

_DEVICE_WORDS = re.compile(
    r"ger(?:ä|ae)t|anlage|heizung|therme|kessel|brenner|boiler|pumpe|speicher|ofen|(?:ö|oe)fen|heizk(?:ö|oe)rper|radiator"
    r"|thermostat|klima|solar|erhitzer|gas|(?:ö|oe)l|pellet|fernw(?:ä|ae)rme|strom|elektr|hersteller|marke|modell|typ"
    r"|keine\s+ahnung|wei(?:ß|ss)\s+(?:ich\s+)?nicht",
    re.IGNORECASE,
)


def _check_device(text: str, value: SlotValue | None) -> SlotValue | None:
    if value is not None:
        return value if value.value.strip() and not is_filler(value.value) else None
    said = re.sub(r"\s+", " ", text or "").strip()
    if not said or is_filler(said) or is_refusal(said) or is_question(said):
        return None
    if re.fullmatch(r"(?:(?:eine?|von|marke|die|der)\s+)?wolf", said.lower().strip(" .!")):
        return SlotValue("Wolf", None, 0.8)  # asked for the device, "Wolf" is the maker
    found = extract_slots_local(said, ["device"]).values.get("device")
    if found is not None and (found.confidence or 0.0) >= _DEVICE_MIN_CONFIDENCE:
        return found
    if not _DEVICE_WORDS.search(said):
        return None  # "Berlin" is no answer to "Um welches Gerät geht es?"
    return SlotValue(brief(said, _MAX_CHARS), None, 0.5)


_DEVICE_MIN_CONFIDENCE = 0.75


# --------------------------------------------------------------------------------------------
# Any other slot


def _code_in(text: str) -> str | None:
    """The document number in ``text``: said alone or after some words ("nein, die Nummer ist
    zwei null zwei sechs strich eins eins neun" → "2026-119")."""
    code = reference_code(text)
    words = text.split()
    for start in range(1, len(words)):
        if code is not None:
            break
        if re.search(r"\d", words_to_digits(words[start - 1])):
            break  # past the first digit: the rest is part of the number, not a new start
        code = reference_code(" ".join(words[start:]))
    return code


# An address given where a document number was asked ("Lindenstraße fünf" to "Wie lautet die
# Rechnungsnummer?"): a street word, never part of an invoice or estimate number.
_STREET_WORD = re.compile(r"(?:stra(?:ß|ss)e|str\.|gasse|weg|allee|platz|damm|chaussee)\b", re.IGNORECASE)


# A clause that tells what is wrong ("verliert die Heizung dauernd Druck", "jetzt steht sie bei
# null komma sechs", CH "si gaht eifach nöd a"): what a long fault answer is brought down to.
_FAULT_CLAUSE = re.compile(
    r"\b(?:geht|gaht|goht|lauft|läuft|springt|startet|zündet|heizt|heizen|heizkörper\w*|warm|warmwasser|kalt|chalt|lauwarm|"
    r"druck|bar|fehler\w*|störung|stoerung|störig|code|zeigt|blinkt|leuchtet|lüchtet|\w*lämp\w*|\w*lampe|tropf\w*|leck\w*|"
    r"undicht|nass|geräusch\w*|pfeift|klopft|rauscht|brummt|knackt|riecht|stinkt|kaputt|defekt|ausgefallen|funktioniert|"
    r"verliert|steht|(?:ist|isch|is|geht|gaht|goht)\s+(?:\w+\s+){0,2}(?:aus|uus))\b"
)


def _check_other(slot: str, text: str, value: SlotValue | None) -> SlotValue | None:
    number_slot = "nummer" in slot.lower() or slot.lower().endswith(("_nr", "nr", "_no"))
    if number_slot and _STREET_WORD.search(value.value if value is not None else text or ""):
        return None
    if number_slot and not any(word in slot.lower() for word in ("telefon", "handy", "mobil")):
        # "r e zwei null zwei sechs …" is the invoice number RE2026…, not the words as said.
        code = _code_in(value.value if value is not None else text or "")
        if code is None and value is not None:
            code = _code_in(text or "")
        shown = (value.value if value is not None else text or "").strip(" .!?")
        if code is not None and re.sub(r"[\s.]", "", shown).upper() == code and value is not None:
            return value  # "RE 2024" written as digits already: kept as said
        if code is not None:
            return SlotValue(code, code, 0.85)
    if value is not None:
        shown = value.value.strip()
        if not shown or is_filler(shown):
            return None  # "ja genau" is no estimate number and no answer to "womit heizen Sie"
        if number_slot and not re.search(r"\d", words_to_digits(shown)):
            return None
        written = _numbers_written(shown)
        if len(written) > _MAX_CHARS:
            # a long answer taken as said: what describes the thing asked, never cut in a word
            written = brief(written, _MAX_CHARS, _FAULT_CLAUSE if slot == "fault" else None)
        return value if written == shown else SlotValue(written, value.normalized, value.confidence)
    said = re.sub(r"\s+", " ", text or "").strip()
    if not said or is_refusal(said) or is_question(said) or is_filler(said):
        return None
    if number_slot and not re.search(r"\d", words_to_digits(said)):
        return None
    return SlotValue(_numbers_written(brief(said, _MAX_CHARS, _FAULT_CLAUSE if slot == "fault" else None)), None, 0.5)


def _numbers_written(said: str) -> str:
    """Numbers in a note as digits, as a receptionist writes them: "ein Buderus Kessel von
    neunzehnhundertvierundneunzig" → "… von 1994", "zweiundzwanzig Jahre alt" → "22 Jahre alt"."""
    written = words_to_digits(said)
    return written if len(written) <= len(said) else said


def check_answer(slot: str, text: str, value: SlotValue | None, *, region: str) -> SlotValue | None:
    """The cleaned value of ``slot`` from the caller's ``text`` and the extractor's ``value``,
    or ``None`` when the answer is implausible for the slot. Never raises.

    ``region`` is the business's country (DE, AT, CH): national phone numbers and postcodes
    are read in it. When ``value`` is ``None`` the words as said are checked on their own.
    """
    try:
        whole = text if isinstance(text, str) else ""
        said = whole[:_MAX_CHARS]  # a name or a number is never longer; a free answer is brought down by brief()
        region_code = (region or "DE").strip().upper() if isinstance(region, str) else "DE"
        if region_code not in phonenumbers.SUPPORTED_REGIONS:
            region_code = "DE"
        if value is not None and not isinstance(value, SlotValue):
            value = None
        if is_wait_request(said):
            return None  # "Momänt", "a Sekunderl", "ich schau schnell": the answer is still to come
        if slot == "caller_name":
            return _check_name(said, value)
        if slot == "callback_number":
            return _check_phone(said, value, region_code)
        if slot == "postcode":
            return _check_postcode(said, value, region_code)
        if slot == "street":
            return _check_street(said, value)
        if slot == "city":
            return _check_city(said, value)
        if slot == "preferred_time":
            return _check_time(whole, value)
        if slot == "device":
            return _check_device(whole, value)
        return _check_other(slot, whole, value)
    except Exception:  # a check must never cost the call; an unreadable answer is implausible
        return None
