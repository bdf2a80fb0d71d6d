"""Local slot extraction: caller details from German phone speech, by rules.

:func:`extract_slots_local` is the engine-free fallback for every intent engine. It reads
speech-recognition output (lower case, no punctuation, numbers as words) as well as typed
text and returns only what it found; a slot it is not sure about is left out rather than
guessed. It never raises: every rule runs on its own, a failing rule costs only its slot.

Rules in short (details at each function):

* ``callback_number`` — digit groups (after :func:`words_to_digits`) that start with ``0``,
  ``00`` or ``+`` that :func:`zentrale.config.phones.spoken_callback_number` accepts (valid, or
  a possible length with at least nine digits after the 0); ``normalized`` is E.164.
* ``street`` / ``postcode`` / ``city`` — a word ending in a street suffix (…straße, …gasse,
  …weg, Am Kirchberg …) plus house number; a 5-digit (DE) or 4-digit (AT/CH) postcode and the
  place after it; "in Graz" / "wohne in …" for known or clearly introduced places.
* ``caller_name`` — introductions ("mein name ist", "hier ist frau …", "müller hier",
  "grüß gott huber sepp", "schmidt mit dt"), properly capitalised.
* ``preferred_time`` — day words, weekdays, dates, parts of the day and clock times, also
  "Montag in einer Woche", "zwischen zehn und zwölf" and Swiss day words ("morn", "zischtig");
  ``normalized`` is an ISO date or date-time in the business's time zone when clear. A day
  the caller negates or is not there ("ned am Mittwoch", "da bin i ned daham") and the date
  of a document ("die Rechnung vom 12. November") are no wish.
* ``device`` / ``fault`` / ``urgency`` — a trade lexicon (heating and sanitary devices, each
  with its nearest manufacturer, the room; fault phrases; error codes also a few words after
  "zeigt"/"Display" or said alone) and urgency cues (gas smell, water everywhere → urgent).
* ``angebotsnummer`` / ``rechnungsnummer`` / ``auftragsnummer`` / ``kundennummer`` — the code
  after its word ("Rechnung Nummer 2026 strich 173" → "2026-173", "Kundennummer 4711").
* ``company`` — the firm the caller speaks for, from how they introduce themself ("hier ist die
  Hausverwaltung Kranich", "Petra Lange von der Hausverwaltung Kranich", CH "vo de Verwaltig
  Brunnmatt", "ich ruf an für die Firma Schulze GmbH"); a firm word is never part of a name.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import phonenumbers

from zentrale.bot import texts_de
from zentrale.bot.intents.base import MAX_TEXT_CHARS, Slots, SlotValue
from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.phrases_de import MONTH_NUMBERS, MONTHS, MONTHS_AT
from zentrale.config.phones import spoken_callback_number
from zentrale.config.vocabulary import (
    COMPANY_SLOT,
    LOCATION_SLOT,
    ONSET_SLOT,
    PERSON_SLOT,
    QUANTITY_SLOT,
    SLOT_NAMES,
    SUBJECT_SLOT,
)
from zentrale.logs import get_logger

__all__ = [
    "AFFILIATION",
    "DIALECT_PRONOUNS",
    "FIRM_WORD",
    "REFERENCE_SLOTS",
    "corrected_numbers",
    "extract_slots_local",
    "firm_span",
    "firm_word",
    "is_first_name_only",
    "is_wait_request",
    "maker_in",
    "reference_code",
]

log = get_logger(__name__)

_T = TypeVar("_T")

ENGINE_NAME = "local"
DEFAULT_TIMEZONE = "Europe/Berlin"


def _uml(word: str) -> str:
    """Regex for ``word`` that also matches the ae/oe/ue/ss spellings."""
    return re.escape(word).replace("ä", "(?:ä|ae)").replace("ö", "(?:ö|oe)").replace("ü", "(?:ü|ue)").replace("ß", "(?:ß|ss)")


def _alt(words: Iterable[str]) -> str:
    return "|".join(_uml(w) for w in sorted(words, key=len, reverse=True))


_W = r"[a-zäöüßéèáàçñćčšžłńśźřý][a-zäöüßéèáàçñćčšžłńśźěřýğış'\-]*"

# --------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------

# Dialect pronouns and "is(t)": Berlin "dit is", Rhineland "dat is", "dis is", Bavarian
# "des/dös is", Swiss "das isch", Berlin "ick", "wat" — a pronoun and its verb, never a name
# (the name check in ``validate`` reads them too).
DIALECT_PRONOUNS = frozenset("is isch dit dat dis det dös wat ick icke".split())

# Words that are never part of a name, a street or a place (lower case).
_STOPWORDS = (
    frozenset(
        """
    a ab aber ach alle alles als also am an andere anderen angerufen anrufen anruf apparat auch auf aus
    außer bald bei beim bin bis bitte bitten bleibt brauche brauchen da dabei dafür daheim damit danke
    dann darum das dass dem den denn der des dich die dies diese diesem diesen dieser dir doch dort
    dran drin du durch eben echt ehm eigentlich ein eine einem einen einer eines einfach endlich er es
    etwa etwas euch falls fast fertig firma frage fragen früh für ganz gar geben gegen geht gehts gerade
    gern gerne gestern gibt ging gleich grad grüß grüss gut guten habe haben hab hallo hat hatte heute
    hier hilfe hin hinten hoffe ich ihm ihn ihnen ihr ihre im immer in ins ist ja jetzt kann kannst kaputt
    kein keine keinen komme kommen kommt könnte könnten kurz lange leider los mach mache machen mal man
    mehr mein meine meinem meinen meiner mich mir mit möchte möchten morgen muss müssen nach nachmittag
    nein neu nicht nichts noch nochmal nun nur ob oder okay ok schnell schon sehr sein seit selbst sich
    sie sind so sofort soll sollte sonst später tag tja trotzdem um und uns unser unten vielleicht viel
    vom von vor vormittag wann war wäre warm warum was weg weil weiß welche wenn wer werde werden wie
    wieder will wir wird wo wohne wohnen wollen wollte wurde zu zum zur zurück zurückrufen zwar
    äh ähm hm hmm mhm genau richtig servus grüezi gruezi moin tschüss danke bitteschön
    heizung therme kessel brenner boiler wasser warmwasser heizkörper störung problem fehler termin
    rückruf nummer telefon handy adresse straße strasse name frau herr herrn familie kunde kundin
    notdienst notfall dringend wartung angebot rechnung monteur techniker montag dienstag mittwoch
    donnerstag freitag samstag sonntag woche wochenende uhr abend abends mittag früh morgens
    kalt heiß kaputte defekt ausgefallen funktioniert läuft geht geräusch druck gas geruch
    wegen wirklich natürlich sicher wahrscheinlich schön super prima alles gute
    müde krank zuhause zu hause erreichbar unterwegs weiß nicht dran
    mitm mim aufm ausm vorm überm unterm hinterm fürn nem ner nen
    nummere nummera telefonnummer handynummer natel
    """.split()
    )
    | DIALECT_PRONOUNS
)


# Greetings and fillers that may precede an introduction.
_FILLERS = frozenset(
    """
    ja jo hallo halo hi hey also äh ähm ehm hm hmm mhm guten tag morgen abend grüß grüss gott griaß
    grias di servus grüezi gruezi grüessech moin moin tach tag schönen schoenen und genau ok okay
    ah aha ach achso oh eh öh oeh ähm aehm hoi sali entschuldigung entschuldigen sorry pardon verzeihung
    tschuldigung tschuldigen entschuldige tschuldige äxgüsi exgüsi äxgüse exgüse excusez
    nu morjen morje mojn moinsen mahlzeit nabend n'abend gun tachchen ei gude gudde guude
    """.split()
)

# Common first names (DE/AT/CH), to tell names from ordinary words in lower-case ASR text.
_FIRST_NAMES = frozenset(
    """
    anna maria marie sophie sofia emma hanna hannah lena laura lea julia sarah sara lisa katharina
    christina christine claudia sabine petra andrea stefanie stephanie nicole susanne birgit monika
    ursula ulrike elisabeth eva karin renate helga gabriele brigitte barbara martina silvia sandra
    anja tanja melanie jessica jennifer nina kerstin heike doris ingrid gertrud erika anita angelika
    johanna theresa veronika franziska magdalena paula clara klara lina mia leonie sabrina manuela
    michael thomas andreas stefan stephan peter christian markus marcus martin frank jürgen juergen
    klaus wolfgang uwe werner hans josef joseph sepp franz karl karlheinz heinz günter guenter gunter
    gerhard helmut dieter horst bernd manfred rainer ralf ralph jan jens lars tim tobias daniel david
    florian alexander sebastian matthias maximilian max lukas lucas felix jonas leon paul philipp
    simon johannes jakob benjamin fabian dominik patrick kevin dennis marco mario robert richard
    georg herbert walter kurt rudolf otto fritz alois anton johann hubert ferdinand leopold roman
    reinhard norbert gottfried wilhelm friedrich heinrich hermann ernst erich siegfried volker jörg
    joerg oliver sven dirk holger carsten kai timo nico niklas luca elias noah urs beat reto
    hanspeter hansruedi hansjörg ruedi ueli köbi jürg res christoph roger marcel pascal adrian
    verena regula priska heidi vreni esther rosmarie corinne cornelia yvonne daniela beatrice
    engelbert ignaz hias resi theresia hermine gerti herta erna rosa hedwig aloisia elfriede
    waltraud gudrun irmgard hildegard margarete margit edith inge ilse lieselotte rosemarie
    mehmet ahmet ali mustafa emre murat yusuf hasan hüseyin fatma ayse ayşe elif zeynep emine
    ivan igor natalia olga anastasia piotr marek katarzyna agnieszka tomasz milan dragan
    jasmin nadine janine katrin kathrin carina denise vanessa svenja bettina marion gisela
    hannelore vera ute elke dagmar heike silke anke frauke gabi moni hubert günther guenther
    roland rolf bruno erwin alfred albert arthur emil gustav harald ingo konrad lothar ludwig lutz nils
    olaf oskar rene rené rüdiger ruediger sascha theo thorsten torsten ulrich viktor vincent wolfram andre
    andré armin axel bernhard björn bjoern detlef egon elmar eduard erik eric gerd gregor hannes heiko
    helge hendrik henning jochen jonathan julian kilian konstantin leo linus lorenz malte marius mathias
    moritz nikolaus pius raphael rafael ronald samuel steffen till udo valentin wendelin willi willy
    xaver yannick gerald reinhold poldi ferdl fredi hansueli adelheid agnes alexandra alina amelie
    angela annette antje astrid beate bianca britta carla carmen charlotte christa cordula diana elena
    emilia eveline evelyn frieda gerlinde gertraud greta helene hilde ines irene iris jana jutta karla
    luise lydia maja marianne marlene mathilde michaela miriam nadja natascha nora pauline ramona rebecca
    rita ruth sabina selina simone sonja tamara tina ulla wilma margrit annemarie käthi kaethi traudl
    bärbel baerbel bärbl ilona marga maren wiebke heidrun sieglinde christel hanne regina roswitha ingeborg
    carola karola marita sylvia kornelia cornelius detlev hartmut eckhard burkhard bodo knut arne ole finn
    jannik jannis luis louis ben henri henry karsten gunnar sönke hauke lea liam emil mila ella
    sandro fabio dario remo mirco silvan severin cyrill gian jolanda corina seraina flurina livia luzia rahel
    toni tony marc mike chris dani michi hansi franzi steffi susi susanna bea stefi migg sämi andi flo
    """.split()
)

# Frequent surnames; only used to accept a name that has no other cue.
_SURNAMES = frozenset(
    """
    müller mueller schmidt schmid schneider fischer weber meyer meier maier mayer wagner becker schulz
    hoffmann schäfer koch bauer richter klein wolf schröder neumann schwarz zimmermann braun krüger
    hofmann hartmann lange schmitt werner krause lehmann köhler maurer huber gruber pichler steiner
    moser hofer leitner berger fuchs eder fischer winkler wimmer aigner egger reiter lang baumgartner
    brunner auer binder lechner wallner haas schwaiger kaiser weiss weiß frank keller vogel
    graf bachmann ammann baumann roth gerber kälin keller brunner meister suter sommer stocker
    brenner kessler kessel
    """.split()
) | frozenset(
    # Surnames that are also ordinary words (an adjective, an animal, a season, a title): a name
    # when they stand after a first name ("Florian Weiß", "Jana Fröhlich"), a word elsewhere.
    """
    weiß weiss schwarz klein groß gross lang lange fröhlich froehlich wolf fuchs vogel kaiser könig koenig
    sommer winter herbst hahn koch bauer jung stark fink strauß strauss kraus krause braun roth engel
    specht storch adler kuhn kühn sauer heiß heiss frisch hase haase
    """.split()
)

_KNOWN_CITIES = {
    # Germany
    "berlin", "hamburg", "münchen", "köln", "frankfurt", "stuttgart", "düsseldorf", "leipzig",
    "dortmund", "essen", "bremen", "dresden", "hannover", "nürnberg", "duisburg", "bochum",
    "wuppertal", "bielefeld", "bonn", "münster", "mannheim", "karlsruhe", "augsburg", "wiesbaden",
    "mönchengladbach", "gelsenkirchen", "aachen", "braunschweig", "kiel", "chemnitz", "halle",
    "magdeburg", "freiburg", "krefeld", "mainz", "lübeck", "erfurt", "oberhausen", "rostock",
    "kassel", "hagen", "potsdam", "saarbrücken", "hamm", "ludwigshafen", "oldenburg", "osnabrück",
    "leverkusen", "heidelberg", "darmstadt", "solingen", "regensburg", "herne", "paderborn",
    "neuss", "ingolstadt", "offenbach", "fürth", "würzburg", "ulm", "heilbronn", "pforzheim",
    "wolfsburg", "göttingen", "bottrop", "reutlingen", "koblenz", "bremerhaven", "recklinghausen",
    "erlangen", "bergisch", "trier", "jena", "remscheid", "salzgitter", "moers", "siegen",
    "hildesheim", "cottbus", "gera", "schwerin", "zwickau", "rosenheim", "passau", "bamberg",
    "bayreuth", "landshut", "kempten", "konstanz", "tübingen", "esslingen", "ludwigsburg",
    "spandau", "pankow", "köpenick", "lüneburg", "celle", "flensburg", "garmisch",
    # Austria
    "wien", "graz", "linz", "salzburg", "innsbruck", "klagenfurt", "villach", "wels", "dornbirn",
    "steyr", "feldkirch", "bregenz", "leoben", "krems", "traun", "amstetten", "kapfenberg",
    "mödling", "baden", "wolfsberg", "leonding", "braunau", "schwechat", "spittal", "lienz",
    "tulln", "eisenstadt", "gmunden", "ried", "kufstein", "hallein", "vöcklabruck", "bruck",
    # Switzerland
    "zürich", "genf", "basel", "bern", "lausanne", "winterthur", "luzern", "biel", "thun",
    "köniz", "schaffhausen", "chur", "uster", "zug", "emmen", "aarau", "baar", "olten", "frauenfeld",
    "wil", "kriens", "rapperswil", "dübendorf", "dietikon", "wetzikon", "solothurn",
    # districts callers in the big cities name instead of the city ("ist Neukölln", "in Favoriten")
    "neukölln", "kreuzberg", "friedrichshain", "charlottenburg", "wilmersdorf", "schöneberg", "tempelhof",
    "steglitz", "zehlendorf", "wedding", "moabit", "reinickendorf", "lichtenberg", "marzahn", "hellersdorf",
    "treptow", "lichterfelde", "weißensee", "hohenschönhausen", "altona", "eimsbüttel", "wandsbek", "harburg",
    "bergedorf", "barmbek", "ottensen", "schwabing", "pasing", "bogenhausen", "sendling", "giesing", "haidhausen",
    "favoriten", "floridsdorf", "donaustadt", "ottakring", "simmering", "meidling", "hietzing", "penzing",
    "döbling", "liesing", "währing", "hernals", "brigittenau", "leopoldstadt", "margareten", "mariahilf",
    "josefstadt", "alsergrund", "oerlikon", "altstetten", "wiedikon", "schwamendingen", "höngg", "wollishofen",
}  # fmt: skip
_CITY_PREFIXES = ("bad", "sankt", "st.", "st", "wiener", "bergisch", "schwäbisch", "bruck")
_CITY_LINKS = ("am", "an der", "im", "in der", "ob der", "bei", "an der", "vor der")

_STREET_STRONG = ("straße", "strasse", "str.", "gasse", "allee", "weg", "gass", "strass")  # Swiss "Schlossgass"
_STREET_NEEDS_NUMBER = (
    "platz", "ring", "damm", "ufer", "steig", "pfad", "chaussee", "promenade", "markt", "berg",
    "hof", "zeile", "gürtel", "kai", "lände", "graben", "feld", "park", "anger", "brücke", "höhe",
    "winkel", "garten", "hang", "acker", "wiese", "tal", "siedlung", "bühl", "kamp", "stieg",
    "hain", "rain", "halde", "leite", "leiten", "heide", "grund", "steg", "blick", "hügel", "wald", "matte",
)  # fmt: skip
_NOT_STREETS = frozenset(
    """
    weg hinweg vorweg ausweg umweg rückweg heimweg abweg durchweg anfahrtsweg schulweg
    sackgasse bahnhof friedhof hinterhof innenhof krankenhaus parkplatz arbeitsplatz
    bauernhof gutshof gasthof bauhof schlachthof betriebshof
    gering hering misserfolg erfolg umfeld vorfeld berg
    """.split()
)
_STREET_ADJECTIVES = frozenset(
    """
    alte alter alten neue neuer neuen lange langer kurze obere oberer untere unterer hohe hoher
    große großer grosse kleine kleiner hintere vordere innere äußere breite schmale stille grüne
    """.split()
)
_STREET_KEEP_PREPOSITIONS = (
    "an der",
    "an den",
    "auf der",
    "auf dem",
    "unter den",
    "hinter der",
    "am",
    "im",
    "zum",
    "zur",
    "beim",
)
_AFTER_NUMBER_NOT_HOUSE = frozenset(
    """
    uhr jahre jahren jahr tage tagen tag wochen woche grad bar euro prozent minuten stunden mal liter kw
    wohnungen wohnige parteien häuser heizkörper radiatoren zimmer räume stockwerke etagen thermen franken
    """.split()
)  # "in der Seestraße sechs Wohnungen": a count, no house number


_WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5, "sonntag": 6,
    # Swiss German as speech recognisers write it
    "mäntig": 0, "maentig": 0, "mentig": 0, "zischtig": 1, "ziischtig": 1, "mittwuch": 2,
    "dunschtig": 3, "donschtig": 3, "donnschtig": 3, "dunnschtig": 3, "friitig": 4, "fritig": 4, "samschtig": 5,
    "samstig": 5, "sunntig": 6, "sonntig": 6,
    # Swabian
    "mändig": 0, "maendig": 0, "dienschtag": 1, "dienschdag": 1, "dienstig": 1, "dienschtig": 1, "dienschdig": 1,
    "dieschdig": 1, "midwoch": 2, "donnerschtag": 3, "donnerschdag": 3, "donnschdig": 3,
    "donnerstig": 3, "freitig": 4, "freidig": 4, "friedig": 4, "samschtag": 5, "samschdag": 5, "samschdig": 5,
    "sonndig": 6, "sonndag": 6,
    # Bavarian and Austrian ("Ertag"/"Irta" for Tuesday, "Pfinztag" for Thursday)
    "mondag": 0, "ertag": 1, "erchtag": 1, "ergetag": 1, "ergta": 1, "irta": 1, "irda": 1, "irtag": 1,
    "iada": 1, "pfinztag": 3, "pfinsta": 3, "pfinstag": 3, "donnersta": 3, "freita": 4, "freida": 4,
    "samsta": 5, "sunnda": 6, "sunnta": 6,
}  # fmt: skip

# For other modules: words that carry no detail; words that name a day or a month.
STOPWORDS = _STOPWORDS
DAY_WORDS = frozenset({*_WEEKDAYS, *MONTH_NUMBERS, "heute", "morgen", "übermorgen", "uebermorgen", "hüt", "morn"})

# --------------------------------------------------------------------------------------
# Text preparation
# --------------------------------------------------------------------------------------


@dataclass
class _Text:
    """One utterance in the forms the rules need; all strings have the same length."""

    digits: str  # number words → digits, original case
    low: str  # ``digits`` in lower case
    masked: str  # ``low`` with the phone number blanked out
    lowercase_source: bool  # the caller's text had no capitals (speech recognition)


def _lower_same_length(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Compounds speech recognition splits ("fuß boden heizung", "kinder zimmer", "wasser hahn",
# "quadrat meter"), joined again before the rules read them (see :func:`_join_compounds`).
_COMPOUNDS = frozenset(
    """
    fußbodenheizung fußboden heizkörper heizkörpern heizkörperventil wasserhahn waschbecken waschtisch spülkasten
    warmwasserspeicher durchlauferhitzer wärmepumpe luftwärmepumpe umwälzpumpe heizungspumpe pufferspeicher
    gastherme gasheizung ölheizung ölkessel gaskessel pelletheizung pelletsheizung pelletkessel brennwerttherme
    brennwertgerät kaminofen kachelofen badewanne duschwanne mischbatterie heizstab ausdehnungsgefäß
    kinderzimmer wohnzimmer schlafzimmer badezimmer arbeitszimmer esszimmer gästezimmer waschküche heizungskeller
    heizungsraum heizraum dachgeschoss dachboden erdgeschoss obergeschoss treppenhaus
    quadratmeter kubikmeter kundendienst kundendienstmonteur anlagenmechaniker waschmaschine waschmaschinenanschluss
    spülmaschine geschirrspüler stellmotor heizkreisverteiler fußbodenverteiler rauchmelder abgasmessung
    """.split()
)


def _join_compounds(text: str) -> str:
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            parts = words[i : i + size]
            if len(parts) == size and all(p.isalpha() for p in parts) and "".join(parts).lower() in _COMPOUNDS:
                out.append(parts[0] + "".join(parts[1:]).lower())
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


_WORD_AFTER_STREET = re.compile(
    r"(?:" + _alt(_STREET_STRONG + _STREET_NEEDS_NUMBER) + r")\s+(?P<house>[^\W\d_]+)(?=\s+[^\W\d_])", re.IGNORECASE
)


def _house_apart_from_postcode(raw: str) -> str:
    """ "hauptstraße siebenundvierzig zwölf null fünf neun": the house number said as one word and
    the postcode after it read digit by digit would run together into "4712059"; a comma keeps
    them apart when the words after the house number make a postcode (4 or 5 digits)."""
    for match in reversed(list(_WORD_AFTER_STREET.finditer(raw))):
        house = words_to_digits(match.group("house"))
        if not house.isdigit() or len(house) > 3:
            continue
        rest = re.match(r"\s*(\d+)(?!\s*[\d/-])", words_to_digits(raw[match.end() :]))
        if not rest or len(rest.group(1)) not in (4, 5):
            continue
        joined = re.match(r"\d+", words_to_digits(raw[match.start("house") :]))
        if joined and len(joined.group(0)) > len(house):
            raw = raw[: match.end()] + "," + raw[match.end() :]
    return raw


# The spelling alphabets (DE DIN 5009 old and new, AT ÖNORM, CH): "Brzoska — Berta Richard Zeppelin
# Otto Siegfried Kaufmann Anton". Read as letters only in a run of three or more (one "Otto" is a name).
_SPELLING_WORDS = {
    "anton": "a", "anna": "a", "ärger": "ä", "aerger": "ä", "berta": "b", "bertha": "b", "boris": "b",
    "cäsar": "c", "caesar": "c", "charlotte": "c", "dora": "d", "daniel": "d", "düsseldorf": "d", "emil": "e",
    "essen": "e", "friedrich": "f", "frankfurt": "f", "gustav": "g", "goslar": "g", "heinrich": "h",
    "hamburg": "h", "ida": "i", "ingelheim": "i", "julius": "j", "jakob": "j", "jena": "j", "kaufmann": "k",
    "konrad": "k", "kaiser": "k", "köln": "k", "ludwig": "l", "leipzig": "l", "leopold": "l", "martha": "m",
    "marta": "m", "marie": "m", "münchen": "m", "nordpol": "n", "norbert": "n", "niklaus": "n", "nürnberg": "n",
    "otto": "o", "offenbach": "o", "ökonom": "ö", "oekonom": "ö", "österreich": "ö", "paula": "p", "peter": "p",
    "potsdam": "p", "quelle": "q", "richard": "r", "rosa": "r", "rostock": "r", "samuel": "s", "siegfried": "s",
    "sophie": "s", "salzwedel": "s", "theodor": "t", "tübingen": "t", "ulrich": "u", "unna": "u", "übermut": "ü",
    "uebermut": "ü", "viktor": "v", "völklingen": "v", "wilhelm": "w", "wuppertal": "w", "xanthippe": "x",
    "xaver": "x", "ypsilon": "y", "zacharias": "z", "zeppelin": "z", "zürich": "z", "zwickau": "z",
}  # fmt: skip
_SPELLING_RUN = re.compile(
    r"\b(?:" + "|".join(_SPELLING_WORDS) + r")(?:[\s,]+(?:" + "|".join(_SPELLING_WORDS) + r")){2,}\b", re.IGNORECASE
)


def _spelling_as_letters(text: str) -> str:
    """Spelling-alphabet words as letters, when they spell a word said with them ("Brzoska, Berta
    Richard Zeppelin …") or make a long run: "Peter Daniel Kaiser" stays a name."""
    said = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}

    def letters(match: re.Match[str]) -> str:
        words = re.findall(r"[^\W\d_]+", match.group(0))
        spelled = [_SPELLING_WORDS[w.lower()] for w in words]
        if "".join(spelled) in said or len(words) >= 5:
            return " ".join(spelled)
        return match.group(0)

    return _SPELLING_RUN.sub(letters, text)


# "so ein F und dann zwei zwei": a display code read out letter, then digits.
_CODE_READ_OUT = re.compile(
    r"(?<![\w.])([b-hj-np-tv-z])\s*,?\s+(?:(?:und\s+)?dann|und\s+(?:dann\s+)?(?:e|en|a|an|ein|eine))\s+(?=\d)", re.IGNORECASE
)  # CH "s Display zeigt so e F und e vier"


def _prepare(text: object) -> _Text:
    raw = text if isinstance(text, str) else ""
    raw = raw[:MAX_TEXT_CHARS]
    raw = _spelling_as_letters(_house_apart_from_postcode(_join_compounds(re.sub(r"\s+", " ", raw).strip())))
    digits = _LETTER_NAME.sub(lambda m: _LETTER_NAMES[m.group(1).lower()], _corrected(words_to_digits(raw)))
    digits = _CODE_READ_OUT.sub(r"\1 ", digits)
    low = _lower_same_length(digits)
    return _Text(digits=digits, low=low, masked=low, lowercase_source=raw == raw.lower())


# A letter said by its name before a number ("eff achtundzwanzig" → "f 28", "e ell drei"): the
# unmistakable names only ("eh", "ah", "geh", "weh", "Zeh" are words of their own).
_LETTER_NAMES = {
    "eff": "f", "ef": "f", "ell": "l", "emm": "m", "enn": "n", "err": "r", "ess": "s",
    "beh": "b", "deh": "d", "peh": "p", "teh": "t",
}  # fmt: skip
_LETTER_NAME = re.compile(r"\b(" + "|".join(_LETTER_NAMES) + r")\b(?=\s*\d)", re.IGNORECASE)


# The words a caller takes back what they just said with, in the dialects too: "nein", CH
# "nei"/"nai", Bavarian/Austrian "na"/"naa"/"noa", Swabian "noi", Rhineland "nä"/"nää", and
# "I mean" ("ich mein(e)", "i mein", Bavarian "moan i", "mein i", "mein ich"). "glaub i/ich"
# only hedges: it may follow a take-back ("naa, glaub i, 22"), it takes nothing back itself.
_NO_WORDS = r"(?:nein|nei|nai|nee|nää|nä|ne|naa|na|noa|noi|nöö|nö)"
_I_MEAN = r"(?:ich\s+meine?|i\s+mein|i\s+moan|mein\s+i|moan\s+i|meine?\s+ich)"
_HEDGE = r"(?:glaub\s+i|glaub\s+ich|ich\s+glaub|i\s+glaub)"
_TAKE_BACK = r"(?:" + _NO_WORDS + r"|" + _I_MEAN + r")"

# A number corrected as it is said: "Berliner Straße 15, nein, nicht 15, sondern 55",
# "RE 20260933 äh nein nicht 3 3 sondern 3 8" (the end of the number said again).
_DIGIT_GROUP = r"\d(?:[\d ]*\d)?"
# Where the corrected digits are: at the end of the number ("am Ende nicht 82 sondern 87",
# "nein, hinten 87", "die letzten zwei Ziffern sind 87") — the rules replace the end anyway.
_AT_THE_END = (
    r"(?:(?:am|zum|ganz\s+am)\s+(?:ende|schluss|schluß)|hinten|ganz\s+hinten|zuletzt|am\s+ende\s+von\s+der\s+nummer)"
    # "am Schluss is a vier", "hinten kommt eine drei": the verb and article before the digit
    r"(?:\s+(?:is|ist|isch|kommt|kummt|chunt|gehört|ghört|gehoert))?(?:\s+(?:a|an|ein|eine|e|die|der|d))?"
    r"|(?:die|bei\s+den)\s+letzte[n]?\s+(?:\d\s+|zwei\s+|drei\s+)?(?:ziffern?|zahlen?|stellen?)(?:\s+(?:sind|ist|heißen|heissen|lauten))?"
    # "dat Letzte is ne Sieben", "die letzte is a 4": the last digit without its noun
    r"|(?:die|das|dat|de|d)\s+letzte(?:\s+(?:ziffer|zahl|stelle))?\s+(?:is|ist|isch)(?:\s+(?:a|an|ein|eine|ne|e|en))?"
    # "ach nee, die letzten beiden sind 79", "die letzten drei heißen 456": the count without its noun
    r"|(?:die|bei\s+den)\s+letzten\s+(?:beiden|beide|zwei|drei|vier|\d)(?:\s+(?:sind|heißen|heissen|lauten|san|sin|sind\s+eigentlich))?"
)
_SELF_CORRECTION = re.compile(
    r"(?P<head>"
    + _DIGIT_GROUP
    + r")[\s,.]+(?:(?:äh|ähm|öh|"
    + _TAKE_BACK
    + r"|"
    + _HEDGE
    + r"|moment|sorry|quatsch|also|halt|stopp|"
    r"pardon|entschuldigung|falsch|warten sie|warte|"
    + _AT_THE_END
    + r")[\s,.!]+)*(?:nicht|net|ned|nöd|nit|nid|nüd)\s+(?P<wrong>"
    + _DIGIT_GROUP
    + r")[\s,]+(?:sondern|sonder|sunder)\s+(?P<right>"
    + _DIGIT_GROUP
    + r")(?!\d)"
)


# ... and without the wrong part said again: "15 nein moment 55", "RE 20260933 äh nein 38" (the
# right digits replace as many at the end of the first number).
_SELF_REPAIR = re.compile(
    r"(?P<head>\d(?:[\d ]*\d)?(?:, ?\d(?:[\d ]*\d)?)*)[\s,.]+(?:(?:äh|ähm|öh|also|sorry|ach|oh)[\s,.]+)*"
    r"(?:" + _TAKE_BACK + r"|quatsch|blödsinn|unsinn|entschuldigung|pardon|korrektur)[\s,.!]+"
    r"(?:(?:äh|ähm|öh|moment|sorry|quatsch|falsch|"
    + _TAKE_BACK
    + r"|"
    + _HEDGE
    + r"|"
    + _AT_THE_END
    + r"|pardon|entschuldigung|halt|stopp|warte|warten sie"
    r"|falsch gelesen|verlesen|vertan|verschrieben|verguckt|verkuckt|verschaut|verluegt|vergugget|verzählt|verzaehlt"
    r"|was sag ich|was red ich|was red i|was säg i|da hab ich mich vertan)[\s,.!]+)*(?P<right>"
    + _DIGIT_GROUP
    + r")(?![\d.:])(?!\s*(?:uhr|tage|wochen|jahre|grad|bar|euro|prozent|minuten|stunden)\b)"
)


_HOUSE_NUMBER_BEFORE = re.compile(
    r"(?:" + _alt(_STREET_STRONG + _STREET_NEEDS_NUMBER) + r"|hausnummer|hausnr\.?)\s*,?\s*(?:nummer\s+|nr\.?\s*)?$"
)


# A number taken back in the same breath ("2 heizkörper nee 3 heizkörper", "vierzig nein vierzehn"):
# the first value, the word taking it back, the value meant (with the same unit, or none).
_SAID_OVER = re.compile(
    r"(?<![\d,.])(\d+)(\s+[^\W\d_]+)?\s*,?\s+(?:nee|nein|nei|nö|ne|na|quatsch|sorry|pardon|halt|äh\s+nein|ich\s+mein\w*)\s*,?\s+"
    r"(\d+)(?![\d,])(\s+[^\W\d_]+)?",
    re.IGNORECASE,
)


def _said_over(match: re.Match[str]) -> str:
    first_unit, meant, unit = match.group(2) or "", match.group(3), match.group(4) or ""
    if first_unit and unit and first_unit.strip().lower() != unit.strip().lower():
        return match.group(0)  # "2 Heizkörper, nein, 3 Räume": two things, nothing taken back
    return f"{meant}{unit or first_unit}"


def _corrected(digits: str) -> str:
    """``digits`` with a number corrected while saying it replaced by the right one: the end of
    the number said first that equals the wrong part becomes the right part."""

    def fix(match: re.Match[str]) -> str:
        head = match.group("head")
        wrong = match.group("wrong").replace(" ", "")
        right = match.group("right").replace(" ", "")
        compact = head.replace(" ", "")
        if not compact.endswith(wrong):
            return match.group(0)
        if head.endswith(match.group("wrong")):  # said with the same grouping: keep the rest as said
            return head[: len(head) - len(match.group("wrong"))] + right
        return compact[: len(compact) - len(wrong)] + right

    def repair(match: re.Match[str]) -> str:
        said = match.group("head")
        kept, _, last = said.rpartition(",")
        kept = kept + "," if kept else ""
        head = last.replace(" ", "")
        right = match.group("right").replace(" ", "")
        said_again = match.group("right").split()
        if len(said_again) > 1 and len(set(said_again)) == 1 and len(said_again[0]) >= len(head):
            # "Lindenweg 40, nein, 14, 14 natürlich": the new number said twice is said once
            return kept + (" " if kept else "") + said_again[0]
        if re.fullmatch(r"\d{1,4}", said) and _HOUSE_NUMBER_BEFORE.search(match.string, 0, match.start()):
            return right  # "Pestalozzistraße 17, äh nein, 7": a house number is said again whole
        if len(right) < len(head):
            return kept + head[: len(head) - len(right)] + right
        # "… 73, 00, na halt, 73 09": said again from an earlier group on; the groups from there
        # that have as many digits as the new part are replaced.
        groups = re.findall(r"\d+", said)
        for first in range(len(groups) - 1, -1, -1):
            if len("".join(groups[first:])) == len(right):
                return " ".join([*groups[:first], right])
            if len("".join(groups[first:])) > len(right):
                break
        return kept + (" " if kept else "") + match.group("right")

    def denied(match: re.Match[str]) -> str:
        head, run = match.group("head").replace(" ", ""), re.sub(r"[ ,]", "", match.group("run"))
        for k in range(len(head) - 1, 0, -1):
            rest = run[k:]
            if run.startswith(head[-k:]) and rest:
                if len(rest) == len(head):
                    return rest  # CH "9640 nei nöd 40, 9642" (run together): the whole number anew
                if len(rest) == k:
                    return head[:-k] + rest  # "9640 nein nicht 40 42": the end anew
        return match.group(0)

    text = _NOT_THE_END.sub(denied, _CODE_REPAIR.sub(_code_repaired, digits))
    # Corrected more than once ("12, nein, 20, ach quatsch, 22"): each repair again until the
    # number the caller settled on last is left.
    for _ in range(4):
        repaired = _SELF_REPAIR.sub(repair, _SELF_CORRECTION.sub(fix, text))
        if repaired == text:
            break
        text = repaired
    return _SAID_OVER.sub(_said_over, text)


# "9640, nei nöd 40, 9642" without "sondern": the end said wrong denied, the right number after it
# (the recogniser often runs the denied and the right digits together: "nöd 409642").
_NOT_THE_END = re.compile(
    r"(?P<head>\d(?:[\d ]*\d)?)[\s,.]+(?:(?:äh|ähm|öh|" + _TAKE_BACK + r"|sorry|quatsch|halt|pardon|falsch)[\s,.!]+)+"
    r"(?:nicht|net|ned|nöd|nit|nid|nüd)\s+(?P<run>\d(?:[\d ,]*\d)?)(?![\d.:])(?![\s,]+(?:sondern|sonder|sunder)\b)"
)


def corrected_numbers(digits: str) -> str:
    """Text with digits (after :func:`words_to_digits`) where a number corrected while saying it
    ("8404, nei sorry, 8405", "15 nein nicht 15 sondern 55") is only the number settled on."""
    return _corrected(digits)


# An error code said again after the caller takes it back ("e 1 29 nei e 1 19 sorry", "f 28
# oder warten Sie, ich guck nochmal, nee f 29", CH "f 24 nei halt i lueg nomal es isch f 26"):
# the code said last counts. Only words, no other number, between the two.
_CODE_REPAIR = re.compile(
    r"\b(?P<l>[a-z])\s?\d(?:[\d ]*\d)?(?P<mid>(?:[\s,.!?]+[^\W\d_]+){1,10}?)[\s,.!?]+"
    r"(?P<right>(?P=l)\s?\d(?:[\d ]*\d)?)\b"
)
_TAKEN_BACK_WORD = re.compile(
    r"\b(?:" + _TAKE_BACK + r"|halt|moment|momänt|sorry|quatsch|falsch|korrektur"
    r"|warten sie|warte|wart|nochmal|nomal|nomol|vertan|verlesen)\b"
)


def _code_repaired(match: re.Match[str]) -> str:
    if not _TAKEN_BACK_WORD.search(match.group("mid")):
        return match.group(0)  # "f 28 oder f 29": no correction, both stay
    return match.group("right")


def _capitalise_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _readable(t: _Text, start: int, end: int) -> str:
    """The words at ``start:end`` capitalised like a proper name."""
    original = t.digits[start:end]
    words = []
    for word in original.split():
        if word.lower() != word and not t.lowercase_source:
            words.append(word[:1].upper() + word[1:])
        else:
            words.append(_capitalise_word(word.lower()))
    return " ".join(words)


def _words_before(low: str, pos: int) -> list[str]:
    return re.findall(r"[^\W\d_]+", low[:pos])


# --------------------------------------------------------------------------------------
# callback_number
# --------------------------------------------------------------------------------------

_PHONE_RUN = re.compile(r"\+?\d[\d \-/().,]*\d")
_PHONE_GROUP = re.compile(r"\d+")
_PHONE_CUES = re.compile(
    r"nummer|erreichbar|erreichen|r(?:ü|ue)ckruf|zur(?:ü|ue)ckrufen|anrufen|handy|mobil|telefon|unter|tel\b|anl(?:ä|ae)uten"
)


# A number tied to another named person ("beim Hausbesorger anläuten, Herr Kogler, 0664 …", "die
# Nummer von meinem Sohn ist …"): that person's, no callback number of the caller's.
_OTHER_ROLE = (
    r"(?:hausbesorger\w*|hausmeister\w*|hauswart\w*|abwart\w*|nachbar\w*|vermieter\w*|verwalter\w*|mieter\w*"
    r"|sohn|sohnes|tochter|schwieger\w+|bruder|bruders|schwester|enkel\w*|kolleg\w*|schlüsseldienst|schluesseldienst)"
)
_OTHER_PERSON_NUMBER = re.compile(
    r"\b(?:(?:nummer|handynummer|telefonnummer|handy|telefon)\s+(?:von|vom)\s+(?:meine[mrn]?|unsere[mrn]?|de[mrn]|die)\s+\w+"
    r"|(?:nummer|handynummer|telefonnummer)\s+(?:meine[sr]|unsere[sr]|des|der)\s+"
    + _OTHER_ROLE
    + r"|bei(?:m|\s+der|\s+dem|\s+meine[mr]|\s+unsere[mr])\s+"
    + _OTHER_ROLE
    + r"|"
    + _OTHER_ROLE
    + r"\s*,?\s*(?:herr|herrn|frau)\s+[a-zäöüß]+)"
    r"(?P<between>(?:[\s,:]+(?!ich\b|mich\b|mir\b|meine\s+nummer)[^\W\d_]+){0,5})[\s,:]*$"
)
# "… und mich erreichen Sie unter", "bitte rufen Sie ihn zurück": the caller's own number, or a callback wished to that person.
_OWN_CALLBACK_AFTER = re.compile(r"\b(?:zur(?:ü|ue)ckruf\w*|r(?:ü|ue)ckruf\w*|ruf\w*\s+(?:sie\s+)?(?:ihn|sie)\b)")
_NAMED = re.compile(r"\b(herr|herrn|frau)\s+([a-zäöüß][a-zäöüß\-]+)")


def other_persons_number(t_low: str, start: int) -> str | None:
    """Who the number said at ``start`` belongs to when it is another person's ("Herr Kogler",
    "Sohn"); ``None`` when it may be the caller's own."""
    before = t_low[max(0, start - 90) : start]
    before = re.split(r"[.!?;]", before)[-1]
    match = _OTHER_PERSON_NUMBER.search(before)
    if match is None or _OWN_CALLBACK_AFTER.search(before[match.start() :]):
        return None
    named = _NAMED.search(before[match.start() :])
    if named:
        return f"{'Frau' if named.group(1) == 'frau' else 'Herr'} {_capitalise_word(named.group(2))}"
    role = re.search(_OTHER_ROLE, before[match.start() :])
    return _capitalise_word(role.group(0)) if role else "andere Person"


def other_persons_numbers(text: str, region: str = "DE") -> list[tuple[str, str]]:
    """The numbers said for other persons in ``text``, as (person, number): ("Herr Kogler", "0664 3344556")."""
    t = _prepare(text)
    found: list[tuple[str, str]] = []
    for run in _PHONE_RUN.finditer(t.low):
        number = spoken_callback_number(run.group(0), region)
        person = other_persons_number(t.low, run.start()) if number else None
        if number and person and all(number[0] != n for _, n in found):
            found.append((person, number[0]))
    return found


# "null eins fünf sieben, dann eins vier vier, und dann drei acht neun": the words a caller links
# the groups of a number with; blanked (same length) so the groups read as one number.
_PHONE_LINK = re.compile(r"(?<=\d)[\s,]+(?:(?:und\s+)?(?:dann|danach|denn|nachher)|und\s+zum\s+schluss|am\s+schluss)[\s,]+(?=\d)")


def _linked_groups(low: str) -> str:
    return _PHONE_LINK.sub(lambda m: " " * len(m.group(0)), low)


def _phone(t: _Text, region: str) -> tuple[SlotValue, tuple[int, int]] | None:
    best: tuple[int, SlotValue, tuple[int, int]] | None = None
    low = _linked_groups(t.low)
    for run in _PHONE_RUN.finditer(low):
        groups = list(_PHONE_GROUP.finditer(run.group(0)))
        base = run.start()
        i = 0
        while i < len(groups):
            found = None
            first = groups[i]
            plus = first.start() > 0 and run.group(0)[first.start() - 1] == "+"
            if plus or first.group(0).startswith("0"):
                total = 0
                end_index = i
                while end_index < len(groups) and total + len(groups[end_index].group(0)) <= 17:
                    total += len(groups[end_index].group(0))
                    end_index += 1
                for j in range(end_index - 1, i - 1, -1):
                    start = base + first.start() - (1 if plus else 0)
                    end = base + groups[j].end()
                    found = spoken_callback_number(low[start:end], region)
                    if found:
                        found_span = (start, end)
                        break
            if found and other_persons_number(t.low, found_span[0]):
                t.masked = _mask(t.masked, found_span)  # another person's number: no callback number, no postcode
                i = j + 1
                continue
            if found:
                cue = _PHONE_CUES.search(t.low, max(0, found_span[0] - 60), found_span[0])
                score = 1 if cue else 0
                if best is None or score > best[0]:
                    confidence = 0.95 if cue else 0.85
                    best = (score, SlotValue(found[0], found[1], confidence), found_span)
                i = j + 1
            else:
                i += 1
    if best is None:
        return None
    return best[1], best[2]


# --------------------------------------------------------------------------------------
# street, postcode, city
# --------------------------------------------------------------------------------------

_STREET_WORD = re.compile(
    r"\b(?:[a-zäöüß][a-zäöüß\-]*?)?(?:" + _alt(_STREET_STRONG + _STREET_NEEDS_NUMBER) + r")(?=[\s,.;:!?]|$)"
)
_STREET_SUFFIX_PATTERNS = [
    (suffix, re.compile(r"[\wäöüß\-]*" + _uml(suffix)))
    for suffix in sorted(_STREET_STRONG + _STREET_NEEDS_NUMBER, key=len, reverse=True)
]
_HOUSE_NUMBER = re.compile(
    r"\s*,?\s*(?:(?:hausnummer|nummer|nr\.?)\s*)?(\d{1,4})(?:\s?([a-h])(?![\wäöüß]))?"
    r"((?:\s?[-/]\s?\d{1,4}[a-h]?|\s(?:strich|schrägstrich|schraegstrich)\s\d{1,4}[a-h]?)*)(?!\d)"
)
# "die Ringstraße in Lichterfelde, Nummer neunzehn": the district between street and number.
_HOUSE_AFTER_PLACE = re.compile(
    r"\s*,?\s+(?:in|im|z)\s+[^\W\d_]{3,}\s*,?\s+(?:nummer|hausnummer|nr\.?)\s*(\d{1,4})(?:\s?([a-h])(?![\wäöüß]))?()(?!\d)"
)
_HOUSE_DIGITS = re.compile(r"\s*,?\s*(?:(?:hausnummer|nummer|nr\.?)\s*)?(\d{1,4})(?!\d)()()")
# A letter said apart after the house number and followed by a noun is an article (CH "d", "e",
# AT "a"): "Zürcherstrasse 150 d Heizig isch uusgfalle", "Hauptstraße 12 a Therme". Before a
# place, a stair or the end it is the house's letter ("150 d in Winterthur", "12 a, Stiege 2").
_ARTICLE_AFTER_NUMBER = re.compile(
    r"(?<=\s)[ade]\s+(?!(?:in|im|z|ze|zu|bei|und|u|oder|stiege|stg|top|tür|tuer|hinterhaus|vorderhaus|plz|postleitzahl)\b)"
    r"[^\W\d_]{3,}"
)
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_UNIT_RE = re.compile(
    r"\s*,?\s*(stiege|stg\.?|top|tür|tuer)\s*(\d{1,3}[a-h]?|[a-h](?![\wäöüß]))(?![\wäöüß])"
    # "Stiege 1 bis 3", "Stiege A bis C": several of them (a whole building)
    r"(?:\s*(?:bis|-)\s*(\d{1,3}[a-h]?|[a-h](?![\wäöüß]))(?![\wäöüß]))?"
)
_UNIT_NAMES = {"sti": "Stiege", "stg": "Stiege", "top": "Top", "tür": "Tür", "tue": "Tür"}
# The part of a Berlin-style building after the house number: "19 Seitenflügel", "44 Hinterhaus".
_BUILDING_PART_RE = re.compile(
    r"\s*,?\s*(seitenflügel|seitenfluegel|vorderhaus|hinterhaus|gartenhaus|quergebäude|quergebaeude|hinterhof|"
    r"hofgebäude|hofgebaeude|remise)(?![\wäöüß])"
)


_SAINT_BEFORE = re.compile(r"(?<![\w.])(?:sankt|st\.?)\s+[a-zäöüß]+\s*$")
# A first word that belongs to the street's name, said right before it: "Sankt Gallerstrasse",
# "St. Galler Strasse", "Bad Homburger Straße", "Neu Isenburger Straße", "Groß Flottbeker Straße".
_STREET_NAME_LEAD = re.compile(r"(?<![\w.])(?:sankt|st\.|st|bad|alt|neu|groß|gross|klein|hohen|nieder|ober)\s+$")


def _unit_part(said: str) -> str:
    return said.upper() if said.isalpha() else said


def names_a_street(value: str) -> bool:
    """Whether ``value`` reads as a street or a place to find a house by ("Dorfstraße", "An der
    Jeetze", "Am Mühlgraben", Swiss "Kapuzinergass", AT "Johnsbach"), not as a person's name
    ("Petra Lange"): a street word, a street preposition first, or no known first name in it."""
    low = value.lower().strip()
    if _STREET_WORD.search(low) or low.startswith(tuple(f"{p} " for p in _STREET_KEEP_PREPOSITIONS)):
        return True
    words = re.findall(r"[^\W\d_]+", low)
    return not (len(words) >= 2 and is_first_name_only(words[0]))


def _street(t: _Text) -> SlotValue | None:
    text = t.masked
    candidates: list[tuple[float, SlotValue, int]] = []
    spans: list[tuple[int, int]] = []
    for match in _STREET_WORD.finditer(text):
        word = match.group(0)
        if word == "weg" and _named_way(text, match.start(), match.end()):
            pass  # "Tegeler Weg 3", "Kölner Weg 12": a way with a place name and a number
        elif word in _NOT_STREETS or (word in _STOPWORDS and word not in _STREET_STRONG):
            continue
        suffix = next((s for s, pattern in _STREET_SUFFIX_PATTERNS if pattern.fullmatch(word)), "")
        bare = re.fullmatch(_uml(suffix), word) is not None
        start = match.start()
        before = text[:start]
        # Name words in front: adjectives ("alte dorfstraße"), or for a bare suffix the
        # qualifying words ("berliner straße", "konrad adenauer straße").
        prefix_words: list[str] = []
        # not across a pause: "bei Frau Lang, Ries Straße 18"
        tokens = re.findall(r"[a-zäöüß\-]+", re.split(r"[,;]", before)[-1])[-2:]
        for position, token in enumerate(reversed(tokens)):
            if token in _STOPWORDS or token in _FILLERS:
                break
            if not bare and position == 0 and _place_adjective(token, tokens[:-1]):
                prefix_words.insert(0, token)  # "andritzer reichsstraße", "wiener hauptstraße"
                break
            if bare or token in _STREET_ADJECTIVES:
                prefix_words.insert(0, token)
                if not bare:
                    break
            else:
                break
        if bare and not prefix_words:
            # A lone "straße" is no street; "am Markt 2", "am Anger 3" are (with a house number).
            lead_words = text[:start].rstrip()
            if suffix in _STREET_STRONG or not any(
                re.search(r"(?:^|\s)" + preposition + r"$", lead_words) for preposition in _STREET_KEEP_PREPOSITIONS
            ):
                continue
        if prefix_words:
            start = before.rstrip().rfind(prefix_words[0], 0)
            start = _find_words_start(text, start if start >= 0 else match.start(), prefix_words)
        saint = _SAINT_BEFORE.search(text[:start])
        if saint and not bare:
            start = saint.start()  # "Sankt Peter Hauptstraße", "St. Veiter Straße": the place's saint belongs to it
        else:
            name_lead = _STREET_NAME_LEAD.search(text[:start])
            if name_lead and _first_name(next(iter(re.findall(r"[a-zäöüß\-]+", text[: name_lead.start()])[-1:]), None)):
                name_lead = None  # "rita klein bergstraße 7": Klein is the surname after her first name
            if name_lead:
                start = name_lead.start()  # "Sankt Gallerstrasse", "Neu Isenburger Straße": the first word is the name's
        lead = text[:start].rstrip()
        # "an der Tösstalstrasse 48", "auf der Lindengasse": before a whole street name ending in
        # "-strasse"/"-gasse"/"-allee" the words say where, as "in der" does; "An der Alster",
        # "Am Anger" and "Am Rosenweg" keep them.
        whole_name = not bare and not prefix_words and suffix in ("straße", "strasse", "str.", "gasse", "allee", "gass", "strass")
        for preposition in () if whole_name and re.search(r"(?:^|\s)(?:an|auf) der$", lead) else _STREET_KEEP_PREPOSITIONS:
            if re.search(r"(?:^|\s)" + preposition + r"$", lead):
                # "in der lindenallee" drops "in der"; "am kirchberg" keeps "am".
                start = len(lead) - len(preposition)
                break
        house = _HOUSE_NUMBER.match(text, match.end()) or _HOUSE_AFTER_PLACE.match(text, match.end())
        if house and _ARTICLE_AFTER_NUMBER.match(text, house.start(2) if house.group(2) else len(text)):
            house = _HOUSE_DIGITS.match(text, match.end())  # CH "a de Zürcherstrasse 150 d Heizig": "d" is "die"
        number = ""
        if house:
            after = _NEXT_WORD.match(text, house.end())
            if not (after and after.group(1) in _AFTER_NUMBER_NOT_HOUSE):
                flat = re.sub(r"\s*(?:strich|schrägstrich|schraegstrich)\s*", "/", house.group(3) or "")  # AT "12 Strich 3"
                number = house.group(1) + (house.group(2) or "") + re.sub(r"\s", "", flat)
                # Austrian flats: "Stiege 2, Top 3" (also "Tür 3") after the house number.
                for unit in _UNIT_RE.finditer(text, house.end()):
                    if unit.start() != house.end() and text[house.end() : unit.start()].strip(" ,"):
                        break
                    number += f", {_UNIT_NAMES[unit.group(1)[:3]]} {_unit_part(unit.group(2))}"
                    if unit.group(3):
                        number += f" bis {_unit_part(unit.group(3))}"
                    house = unit
                part = _BUILDING_PART_RE.match(text, house.end())
                if part:
                    number += f", {_readable(t, part.start(1), part.end(1))}"
                    house = part
        if not number and suffix not in _STREET_STRONG:
            continue
        if not number and not prefix_words and re.search(r"(?:^|\s)(?:in|z|ze|nach|aus)$", text[: match.start()].rstrip()):
            continue  # "des Haus is in Zeltweg in der Bahnhofstraße": a town after a bare "in", no street
        if number and house and "," not in number:
            fixed = _HOUSE_NUMBER_CORRECTED.match(text, house.end())
            following = re.match(r"\s*,?\s*(\d+)", text[fixed.end() :]) if fixed else None
            if fixed and (following is None or following.group(1) == fixed.group("n")):  # said twice, no postcode
                number = fixed.group("n") + (fixed.group("l") or "")  # "213, nein, was sag ich, 231 a"
        name = _spelled_street(text, house.end() if number and house else match.end(), _street_name(t, start, match.end()))
        value = f"{name} {number}" if number else name
        confidence = 0.9 if number else 0.6
        if candidates and number and candidates[-1][0] == confidence and _STREET_CORRECTED.search(text, candidates[-1][2], start):
            candidates.pop()  # "Lindengasse 8, äh na, Lindenweg 8": the street said after the correction
            spans.pop()
        candidates.append((confidence, SlotValue(value, None, confidence), match.end()))
        spans.append((start, house.end() if number and house else match.end()))
    if not candidates:
        return _field_name_street(t) or _village_address(t)
    best = max(range(len(candidates)), key=lambda i: candidates[i][0])
    listed = [best]
    while listed[-1] + 1 < len(candidates) and _ADDRESSES_LISTED.fullmatch(text[spans[listed[-1]][1] : spans[listed[-1] + 1][0]]):
        listed.append(listed[-1] + 1)
    values = list(dict.fromkeys(candidates[i][1].value for i in listed if candidates[i][0] >= 0.9))
    if len(values) > 1:
        # "Annenstraße 18 und Annenstraße 20 und Elisabethinergasse 9": the houses of one job, each noted
        return SlotValue(", ".join(values), None, candidates[best][0])
    return candidates[best][1]


# Several houses listed in one breath: only "und", "sowie", a comma between them.
# ("Hauptstraße 5 und die Bahnhofstraße 3" with an article may be another place: the first counts.)
_ADDRESSES_LISTED = re.compile(r"\s*(?:,\s*)?(?:(?:und|sowie|u|plus)\s+)?")
_SPELLED_STREET_REACH = 40


def _spelled_street(text: str, end: int, name: str) -> str:
    """The street's name as spelled letter by letter right after it ("am Münigeweg 7, also m ü n i g
    e n w e g" → "Münigenweg"): the letters say how it is written; ``name`` when none follow."""
    words = name.split()
    if not words:
        return name
    run = _LETTER_RUN.search(text, end, end + _SPELLED_STREET_REACH + 30)
    if run is None or run.start() - end > _SPELLED_STREET_REACH:
        return name
    letters = re.sub(r"[^a-zäöüß]", "", run.group(0))
    said = words[-1].lower()
    if len(letters) < 5 or difflib.SequenceMatcher(None, said, letters).ratio() < 0.75:
        return name
    return " ".join([*words[:-1], letters.capitalize()])


# A house number taken back: "Frankfurter Allee 213, nein, was sag ich, 231 a", AT "na, i mein 23".
_HOUSE_NUMBER_CORRECTED = re.compile(
    r"[\s,.]*(?:(?:äh|ähm|öh|oh|ach|also)[\s,.]+)*(?:"
    + _TAKE_BACK
    + r"|quatsch|falsch|sorry|pardon|korrektur|ich\s+mein\w*|i\s+mein\w*)\b"
    r"[\s,.]*(?:(?:ned|nicht|net|nöd|nit)\s+\d{1,4}(?:\s?[a-h]\b)?[\s,.]+)?(?:(?:was\s+sag\s+ich|was\s+red\s+ich|was\s+red\s+i|was\s+sag\s+i|was\s+säg\s+i|ich\s+meine?|i\s+mein|also|äh|ähm|doch|"
    r"sondern|die|nummer|hausnummer|natürlich|natuerlich|"
    + _I_MEAN
    + r"|"
    + _HEDGE
    + r")[\s,.]+)*(?P<n>\d{1,4})(?:\s?(?P<l>[a-h])\b)?(?![\d.,]\d|\s*(?:straße|strasse|gasse|weg))"
)
# A street taken back before the next one is said: "lindengasse 8, äh na, lindenweg 8".
_STREET_CORRECTED = re.compile(
    r"[\s,.]+(?:(?:äh|ähm|öh|oh|ach|also)[\s,.]+)*(?:" + _TAKE_BACK + r"|quatsch|falsch|sorry|pardon|entschuldigung"
    r"|korrektur|moment)\b"
)


# A street named after a field or place without a street word, said at the start of the answer
# with its house number: Swiss "im Gheid 7", "uf de Egg 12", "Am Bühl 3" ("im Keller 2",
# "am Montag 10 Uhr" are none).
_FIELD_STREET = re.compile(
    r"^(?P<lead>im|am|auf der|auf dem|in der|uf de|uf em|ob der|bim|beim)\s+(?P<name>" + _W + r")\s*,?\s+"
    r"(?P<number>\d{1,3})(?:\s?(?P<letter>[a-h]))?(?=\s*(?:$|[,.;!?]|und\b|in\b))"
)
_NOT_FIELD_NAMES = frozenset(
    """
    keller bad haus erdgeschoss obergeschoss dachgeschoss stock zimmer garten hof jahr jahre sommer winter
    moment augenblick display büro buero auto januar jänner februar märz april mai juni juli august
    september oktober november dezember ersten zweiten dritten
    übrigen uebrigen grunde ganzen allgemeinen voraus prinzip endeffekt notfall schnitt durchschnitt
    """.split()
)


def _field_name_street(t: _Text) -> SlotValue | None:
    start = _after_fillers(t.masked)
    match = _FIELD_STREET.match(t.masked, start)
    if not match:
        return None
    name = match.group("name")
    # "Im Gern 5" (Swiss): after "im" a word that is a small word elsewhere ("gern") names the field.
    small = name in _STOPWORDS and not (match.group("lead") == "im" and len(name) >= 4)
    if small or name in _NOT_FIELD_NAMES or name in _WEEKDAYS or name in _FILLERS:
        return None
    after = _NEXT_WORD.match(t.masked, match.end("number"))
    if after and after.group(1) in _AFTER_NUMBER_NOT_HOUSE:
        return None
    street = _street_name(t, match.start("lead"), match.end("name"))
    street = street[:1].upper() + street[1:]
    number = match.group("number") + (match.group("letter") or "")
    return SlotValue(f"{street} {number}", None, 0.75)


# A village address without a street, the house number named as such: AT "in Pötting Nummer
# zwölf", "z Oberdorf Nr. 3", "Hausnummer 12 in Pötting" is said the other way round.
_VILLAGE_ADDRESS = re.compile(
    r"\b(?:in|z|ze|zu)\s+(?P<name>" + _W + r")\s*,?\s+(?:nummer|nr\.?|hausnummer|haus\s+nummer)\s+"
    r"(?P<number>\d{1,3})(?:\s?(?P<letter>[a-h])\b)?(?![\d.,:])"
)


def _village_address(t: _Text) -> SlotValue | None:
    for match in _VILLAGE_ADDRESS.finditer(t.masked):
        name = match.group("name")
        if name in _STOPWORDS or name in _NOT_FIELD_NAMES or name in _WEEKDAYS or name in _FILLERS or name in MONTH_NUMBERS:
            continue
        after = _NEXT_WORD.match(t.masked, match.end("number"))
        if after and after.group(1) in _AFTER_NUMBER_NOT_HOUSE:
            continue
        place = _readable(t, match.start("name"), match.end("name"))
        number = match.group("number") + (match.group("letter") or "")
        return SlotValue(f"{place[:1].upper()}{place[1:]} {number}", None, 0.75)
    return None


# Words ending in "-er" that are no place adjective in front of a street.
_NOT_PLACE_ADJECTIVES = frozenset(
    """
    unser unserer euer eurer ihrer meiner deiner seiner dieser jener jeder welcher aller aber oder immer
    wieder hinter unter über ueber später vorher nachher leider sicher schneller weiter ganzer neuer alter
    """.split()
)


def _place_adjective(token: str, before: list[str]) -> bool:
    """ "Andritzer" in "andritzer reichsstraße", "Grazer" in "grazer straße": a word from a place
    name ending in "-er" right in front of a street compound, said at the start of the address
    (nothing or only small words before it), and no name ("Müller Hauptstraße" is a name and
    a street)."""
    if len(token) < 5 or not token.endswith("er") or token in _NOT_PLACE_ADJECTIVES:
        return False
    if token in _SURNAMES or token in _FIRST_NAMES or token in _RELATIVES:
        return False  # "bei meiner Mutter Akazienweg 3": whose flat, no place
    return not before or before[-1] in _STOPWORDS or before[-1] in _FILLERS


def _named_way(text: str, start: int, end: int) -> bool:
    """ "tegeler weg 3": a lone "weg" is a street only after a place word ending in "-er" and
    before a house number ("der schlüssel ist weg" is no street)."""
    tokens = re.findall(r"[a-zäöüß\-]+", text[:start])[-2:]
    if not tokens or not _place_adjective(tokens[-1], tokens[:-1]):
        return False
    return re.match(r"\s*,?\s*\d{1,4}(?!\d)", text[end:]) is not None


def _find_words_start(text: str, guess: int, words: list[str]) -> int:
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\s*$")
    for m in pattern.finditer(text, 0, guess + sum(len(w) + 1 for w in words) + 1):
        return m.start()
    return guess


_LOWER_IN_STREET = frozenset("der die das den dem des von vom zum zur am im an auf bei unter hinter vor in".split())


def _street_name(t: _Text, start: int, end: int) -> str:
    raw = t.digits[start:end].strip()
    words = raw.split()
    out = []
    for index, word in enumerate(words):
        low = word.lower()
        if index and low in _LOWER_IN_STREET:
            out.append(low)
        elif word != low and not t.lowercase_source:
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(_capitalise_word(low))
    name = _SWISS_STREET_STEM.sub(lambda m: _SWISS_STREET_STEMS[m.group(0).lower()], " ".join(out))
    if name.lower().endswith("strass"):
        return name + "e"  # CH "Rosebergstrass" is written "…strasse"
    return name[:-4] + "straße" if name.lower().endswith("str.") else name


# Swiss German said for the written stem of a street name ("Schuelstrasse" is "Schulstrasse",
# "Chilchweg" is "Kirchweg"): the technician's map knows the written name.
_SWISS_STREET_STEMS = {"schuel": "Schul", "chilch": "Kirch", "chirch": "Kirch"}
_SWISS_STREET_STEM = re.compile(r"\b(?:" + "|".join(_SWISS_STREET_STEMS) + r")(?=[a-zäöü])", re.IGNORECASE)


# "Postleitzahl", a few words ("die Postleitzahl is", AT "stimmt ned, des is", CH "isch") and
# the number: the number is the postcode also without a place after it.
_POSTCODE_CUE = re.compile(r"\b(?:plz|postleitzahl|postleitzoi|poschtleitzahl|postleitzahle)\b(?:\s*,?\s*[^\W\d]+){0,5}\s*:?\s*$")


def _postcode_and_city(t: _Text, region: str) -> tuple[SlotValue | None, SlotValue | None]:
    text = t.masked
    width = 5 if region not in ("AT", "CH", "LI") else 4
    pattern = re.compile(r"(?<![\d+/.,:-])(?:\b(?:d|a|ch|fl)-)?\b(\d{" + str(width) + r"})\b(?![.,:]\d|/\d|-\d)")
    postcode: SlotValue | None = None
    city: SlotValue | None = None
    for match in pattern.finditer(text):
        cue = _POSTCODE_CUE.search(text[: match.start()])
        place = _place_at(t, match.end())
        before = _words_before(text, match.start())[-1:]
        if before and before[0] in ("seit", "baujahr", "jahr", "im", "um", "ab", "bis", "von", "fehler", "code"):
            continue
        if width == 4 and match.group(1).startswith("0"):
            continue  # "null sechs sieben sechs": an Austrian or Swiss postcode never starts with 0 (a phone prefix does)
        if place is None and not cue and width == 4:
            continue
        confidence = 0.9 if (place or cue) else 0.6
        postcode = SlotValue(match.group(1), match.group(1), confidence)
        if place:
            city = SlotValue(place, None, 0.85)
        if place or cue:
            break
    if postcode is None and width == 5:
        # "in vierzehn vierhundertsiebzig Potsdam": a German postcode said as 14 and 470, after
        # "Postleitzahl", or before a known place or after "in" and before a place.
        for match in re.finditer(r"(?<![\d+/.,:-])\b([1-9]\d) ([1-9]\d\d)\b(?![.,:/-]?\d)", text):
            cue = _POSTCODE_CUE.search(text[: match.start()])
            place = _place_at(t, match.end())
            known = place is not None and place.lower().split()[0] in _KNOWN_CITIES
            after_in = _words_before(text, match.start())[-1:] == ["in"]
            if cue or (place and (known or after_in)):
                postcode = SlotValue(match.group(1) + match.group(2), match.group(1) + match.group(2), 0.85)
                city = SlotValue(place, None, 0.85) if place else city
                break
    if city is None:
        city = _city_without_postcode(t)
    return postcode, city


_PLACE_WORD = re.compile(r"\s*,?\s*(" + _W + r")")


def _place_at(t: _Text, pos: int) -> str | None:
    """The place name starting at ``pos`` ("Frankfurt am Main", "Bad Tölz"), if any."""
    text = t.masked
    first = _PLACE_WORD.match(text, pos)
    if first and first.group(1) in ("ort", "wohnort", "ortschaft", "stadt", "gemeinde"):  # "8045, Ort Graz"
        named = re.compile(r"\s+(?:ist\s+)?").match(text, first.end(1))
        first = _PLACE_WORD.match(text, named.end()) if named else None
    if not first or first.group(1) in _STOPWORDS or first.group(1) in _AFTER_NUMBER_NOT_HOUSE:
        return None
    if first.group(1) in _FILLERS or first.group(1) in _NOT_PLACE_WORDS or re.fullmatch(_NO_WORDS, first.group(1)):
        return None  # "0676, ah, na, Sie wollen …": a sound or a "no", no place
    start, end = first.start(1), first.end(1)
    if first.group(1) in _CITY_PREFIXES:
        nxt = _PLACE_WORD.match(text, end)
        if not nxt or nxt.group(1) in _STOPWORDS:
            return None
        end = nxt.end(1)
    for link in _CITY_LINKS:
        linked = re.compile(r"\s+" + link + r"\s+(" + _W + r")").match(text, end)
        if linked and linked.group(1) not in _STOPWORDS:
            end = linked.end(1)
            break
    return _place_name(t, start, end)


def _place_name(t: _Text, start: int, end: int) -> str:
    words = t.digits[start:end].split()
    out = []
    for index, word in enumerate(words):
        low = word.lower()
        if index and low in ("am", "an", "der", "im", "in", "ob", "bei", "vor"):
            out.append(low)
        elif low in ("st", "st."):
            out.append("St.")
        elif word != low and not t.lowercase_source:
            out.append(word)
        else:
            out.append(_capitalise_word(low))
    return " ".join(out)


_CITY_CUE = re.compile(
    r"\b(?:(?P<strong>wohne in|wohnen in|wohnhaft in|wohnort ist|wohnort|ort ist|aus der stadt|in der gemeinde|gemeinde)"
    r"|(?P<weak>in|aus|nach|bei|ist|is|isch|im))\s+(?=" + _W + r")"
)


# "do isch de Ruedi Kägi us Seuzach", "Huber Alois aus Kapfenberg", "d Bäckerei Gerber in Elgg": a
# place right after the caller's own name or firm is where they call from, also a small place no
# list knows.
_FROM_PLACE = re.compile(r"\s*,?\s*(?:aus|us|vo|von|in|z|ze)\s+(?=" + _W + r")")
_NOT_PLACE_WORDS = frozenset(
    """
    em de dr d s e en es ere üs eus ois öis üsem eusem ünserem unserem üsi üse eusi euse mini mis min dini üses
    unsere unser unsre meine mein
    versehen spass spaß zufall prinzip erfahrung sorge sorgen eile panik rente urlaub ordnung zukunft
    """.split()
)


def _name_and_firm_ends(t: _Text) -> list[int]:
    """Where the caller's introduced name or firm ends."""
    ends: list[int] = []
    for rule in (_STRONG_INTRO, _WEAK_INTRO, _THIS_IS_NAMED, _GREETING_NAME):
        for match in rule.finditer(t.masked):
            value = _name_value(t, match, 0.8, strong=rule is _STRONG_INTRO)
            if value is None or _OCCUPATION_OF_A_PLACE.match(t.masked, match.start("n1")):
                continue
            said = {w.lower() for w in value.value.split()}
            groups = match.groupdict()
            ends.extend(match.end(key) for key in ("n1", "n2", "n3") if groups.get(key) and groups[key] in said)
    for match in re.finditer(r"[^\W\d_]+", t.masked):
        if firm_word(match.group(0)) and match.group(0) not in _FIRM_LEGAL:
            firm = _firm_at(t, match.start(), names_before=False)
            if firm is not None and firm.names_after:
                ends.append(firm.end)
    return ends


def _place_after_own_name(t: _Text) -> SlotValue | None:
    for end in sorted(set(_name_and_firm_ends(t))):
        cue = _FROM_PLACE.match(t.masked, end)
        if cue is None:
            continue
        place = _place_at(t, cue.end())
        head = place.lower().split()[0] if place else ""
        if (
            place
            and len(head) >= 3
            and head not in _STOPWORDS
            and head not in _NOT_PLACE_WORDS
            and head not in _FIRST_NAMES
            and not head.endswith(_STREET_STRONG)
            and not firm_word(head)
        ):
            return SlotValue(place, None, 0.75)
    return None


def _city_without_postcode(t: _Text) -> SlotValue | None:
    after_name = _place_after_own_name(t)
    for match in _CITY_CUE.finditer(t.masked):
        place = _place_at(t, match.end())
        if not place:
            continue
        key = place.lower().split()[0].rstrip(".")
        head = place.lower()
        known = head in _KNOWN_CITIES or key in _KNOWN_CITIES or key in _CITY_PREFIXES
        if match.group("strong") and (known or place.split()[0].lower() not in _STOPWORDS):
            return SlotValue(place, None, 0.8 if known else 0.6)
        if match.group("weak") and known:
            return SlotValue(place, None, 0.75 if after_name is not None and after_name.value == place else 0.7)
        if (
            match.group("weak") == "in"
            and _after_house_number(t.masked, match.start())
            and key not in _STOPWORDS
            and key not in _NOT_PLACE_WORDS
            and key not in _ROOMS
            and key not in _BUILDING_WORDS
            and not re.match(r"\s*\d", t.masked[match.end() + len(key) :])
        ):
            # "Hauptstraße 14 in Gratkorn": the town of the address, also one not known here; as
            # sure as a known town after "in" (an emergency still asks the place when said unasked)
            return SlotValue(place, None, 0.7)
    return after_name


# Parts of a building said with "in" after the house number ("Hauptstraße 5 in Wohnung 3"): no town.
_BUILDING_WORDS = frozenset(
    "wohnung wohnig whg haus häuser hinterhaus vorderhaus seitenflügel gartenhaus altbau neubau block gebäude "
    "etage stock stockwerk erdgeschoss obergeschoss dachgeschoss untergeschoss parterre stiege top tür "
    "einer einem eine".split()
)
_HOUSE_NUMBER_END = re.compile(r"\d{1,4}\s?[a-h]?(?:\s*,?\s*(?:stiege|stg\.?|top|tür|tuer)\s*\w{1,3})*\s*,?\s*$")


def _after_house_number(text: str, pos: int) -> bool:
    """Whether ``pos`` follows a street's house number ("Hauptstraße 14, Tür 3 | in …")."""
    end = _HOUSE_NUMBER_END.search(text, max(0, pos - 30), pos)
    if end is None:
        return False
    return any(
        m.end() <= end.start() and not text[m.end() : end.start()].strip(" ,.")
        for m in _STREET_WORD.finditer(text, 0, end.start() + 1)
    )


# --------------------------------------------------------------------------------------
# caller_name
# --------------------------------------------------------------------------------------

_HONORIFICS = {"frau": "Frau", "herr": "Herr", "herrn": "Herr", "familie": "Familie", "dr": "Dr.", "dr.": "Dr.", "doktor": "Dr."}
# Austrian academic titles said before the name ("Diplomingenieur Wolfgang Trummer", "Magister
# Huber") are skipped: the name is what staff look up and ask for.
_HON = (
    r"(?:(?P<hon>frau|herrn|herr|familie|doktor|dr\.?)\s+)?(?:(?P<title>doktor|dr\.?)\s+)?"
    r"(?:(?P<acad>diplomingenieurin|diplomingenieur|ingenieurin|ingenieur|ing\.?|magistra|magister|mag\.?"
    r"|professorin|professor|prof\.?)\s+)?"
)
_NAMES = r"(?P<n1>" + _W + r")(?:\s+(?P<n2>" + _W + r"))?(?:\s+(?P<n3>" + _W + r"))?"
# Who the caller is to the household, said before the name: "ich bin die Mutter, Sandra Wolf".
_ROLE = (
    r"(?:(?:mutter|vater|tochter|sohn|schwester|bruder|oma|opa|nachbarin|nachbar|nochber|nochbere|nochberin|mieterin|mieter|"
    r"vermieterin|vermieter|hausmeisterin|hausmeister|eigentümerin|eigentümer|ehefrau|ehemann|"
    r"sekretärin|assistentin|kollegin|kollege)(?:\s+(?:von|vo)\s+(?:(?:der|de|dr|dem)\s+)?"
    r"(?:(?:frau|herrn|herr|familie)\s+\S+|(?!(?:frau|herrn|herr|familie|der|de|dr|dem)\b)\S+))?"
    r"\s*,?\s+(?:(?:der|die|i\s+bin|ich\s+bin)\s+)?)?"
)
_STRONG_INTRO = re.compile(
    r"\b(?:mein name ist|mein name wäre|mein name waere|mein name lautet|mein name|name ist|ich heiße|ich heisse|"
    r"(?:mis|min|mi|mein) name isch|i heisse|i heiße|i heiss|"
    r"hier spricht|da spricht|do spricht|es spricht|am apparat ist)\s+(?:(?:der|die)\s+)?" + _ROLE + _HON + _NAMES
)
_WEAK_INTRO = re.compile(
    r"\b(?:hier ist|hier wäre|hier waere|hier isch|hier is|ich bin|i bin|ich bi|i bi|(?:do|da) is(?:t|ch)? da|(?:do|da) is(?:t|ch)?|sie sprechen mit|hier)\s+"
    r"(?:(?:der|die|de|d|dr)\s+)?" + _ROLE + _HON + _NAMES  # Bernese "i bi dr Nochber": "dr" is the article
)
# "ich bin der Bauer vom Hof", CH "i bi de Buur vom Hof im Ried", "der Wirt vom Ochsen": the caller's
# trade at a place, said with the article — no surname (also when a surname is spelled that way).
_OCCUPATION_OF_A_PLACE = re.compile(
    r"(?:bauer|bäuerin|buur|puur|pächter|wirt|wirtin|pfarrer|förster|hüttenwirt|senn)\s+(?:vom|von|vo|vor|uf|auf|im)\s+"
    r"(?!(?:der|de|dr|d)\s+(?:\w*verwaltung|\w*verwaltig|firma)\b)"
)
# "das ist die Frau Schröder (hier aus der Lindenstraße)", AT "des is der Herr Gruber": with "Frau" or
# "Herr" only ("das ist der Keller" names a room).
_THIS_IS_NAMED = re.compile(
    r"\b(?:das|des|dös|dees|dat|dit)\s+(?:ist|is|isch|wär|wäre|waere)\s+(?:(?:der|die|de|d)\s+)?"
    r"(?P<hon>frau|herrn|herr)\s+(?:(?P<title>doktor|dr\.?)\s+)?" + _NAMES
)
_NAME_HERE = re.compile(
    r"\b(?:(?P<hon>frau|herrn|herr)\s+)?(?P<n1>" + _W + r")(?:\s+(?P<n2>" + _W + r"))?\s+(?:hier|am apparat)\b"
)
_GREETING_NAME = re.compile(
    r"\b(?:grüß gott|grüss gott|gruess gott|grüß sie|guten tag|guten morgen|guten abend|servus|grüezi|gruezi|hoi|sali|salü|"
    r"grüessech|moin|hallo|griaß di|grias di|tag)[\s,]+" + _HON + r"(?P<n1>" + _W + r")(?:\s+(?P<n2>" + _W + r"))?"
)
_SPELLED = re.compile(
    r"\b(?:(?P<hon>frau|herrn|herr)\s+)?(?P<n1>"
    + _W
    + r")\s+mit\s+(?:(?:einem|zwei|drei|doppel|doppeltem|doppelt)[\s-]?|[23]\s)?"
    r"(?:dt|tt|th|ie|ei|ai|ay|ey|eh|ph|ck|tz|ss|ß|[a-zäöü](?:\s[a-zäöüy]){0,2})\b"
)
# Letters spelled one by one ("b r a n d t", "s, z, y, m, a, n, s, k, i"), at least three.
_LETTER_RUN = re.compile(r"(?<![\w])[a-zäöüß](?:[\s,.\-]+[a-zäöüß](?![\w])){2,}")
# "wie land, also wieland in einem Wort": a name the recogniser split, said again as one word.
_ONE_WORD = re.compile(
    r"\b(?P<n1>" + _W + r")\s+(?:in\s+(?:einem|eim|ei(?:ne)?m)\s+wort|zusammen(?:geschrieben)?|zämegschribe|in\s+eim)\b"
)
_BARE_NAME = re.compile(r"^(?:" + _HON + r")" + _NAMES + r"$")


def _is_name_word(word: str | None) -> bool:
    return bool(word) and word not in _STOPWORDS and word not in _FILLERS and len(word.strip("-'")) >= 2  # type: ignore[union-attr]


def is_first_name_only(word: str) -> bool:
    """Whether ``word`` (lower case) is a known first name and no known surname ("leon", not
    "werner"): a name said as this one word still lacks its surname."""
    return word in _FIRST_NAMES and word not in _SURNAMES


def is_first_name(word: str) -> bool:
    """Whether ``word`` (lower case) is a known first name, also a double one ("anna-lena")."""
    return _first_name(word)


def device_word(word: str) -> bool:
    """Whether ``word`` (lower case) names a device ("gastherme", "wärmepumpe", "boiler") and
    is no known surname ("Kessel", "Brenner" are names too): never part of a person's name."""
    return word not in _SURNAMES and word not in _NOT_DEVICES and _DEVICE_RE.fullmatch(word) is not None and len(word) >= 4


def is_surname_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a known surname, also one that is an ordinary word
    ("weiß", "fröhlich", "kaiser"): a name after a first name."""
    return word in _SURNAMES


def _first_name(word: str | None) -> bool:
    """A known first name, also a double one ("anna-lena", "hans-peter")."""
    return bool(word) and (word in _FIRST_NAMES or ("-" in word and all(p in _FIRST_NAMES for p in word.split("-"))))  # type: ignore[operator,union-attr]


def _known(word: str | None) -> bool:
    return bool(word) and (_first_name(word) or word in _SURNAMES)


# Words that give in before the name is said ("ach so, na gut, …", "also gut", "alles klar"):
# no part of a name at the start of an answer.
# Austrian "na geh bitte, …" before the name is the same shrug, and "gut" in dialect: Berlin
# "na jut", Austrian "na guat", Swiss "also guet".
_GIVING_IN = frozenset("so na naja gut guat guet jut juut gud dann klar alles schön schoen meinetwegen geh bitte".split())


def _after_fillers(low: str) -> int:
    """Position of the first word that is not a greeting, filler or acknowledgement."""
    for match in re.finditer(r"[^\W\d_]+", low):
        if match.group(0) not in _FILLERS and match.group(0) not in _GIVING_IN:
            return match.start()
    return len(low)


def _only_fillers_before(low: str, pos: int) -> bool:
    return all(word in _FILLERS for word in _words_before(low, pos))


# Words after a name that are no second surname ("anna schmidt dehei", "… am telefon").
_NOT_SURNAME_WORDS = frozenset(
    "dehei dahei daham dahoam deheim hie do dou am telefon telefoniert spricht sprecht redt redet isch is ist bin bi"
    " wieder nomol nomal no grad gerade jetzt etz jetz".split()
)
# What follows a name when the caller goes on with the next clause: the end, a pause, "ich …".
_CLAUSE_AFTER_NAME = re.compile(r"\s*(?:$|[,.;!?]|(?:ich|i|wir|mir)\b)")


def _name_value(t: _Text, match: re.Match[str], confidence: float, *, strong: bool) -> SlotValue | None:
    hon = match.groupdict().get("hon")
    names: list[tuple[int, int]] = []
    firm_after = False
    for key in ("n1", "n2", "n3"):
        word = match.groupdict().get(key)
        # "Birgit Lange": a surname that is also a common word counts after a first name.
        after_first = bool(names) and t.low[names[-1][0] : names[-1][1]] in _FIRST_NAMES and word in _SURNAMES
        firm_after = bool(word) and firm_word(word or "")
        if not (_is_name_word(word) or after_first) or firm_after:
            break  # "hier ist die Hausverwaltung Kranich": a firm word is no name
        if device_word(word or ""):
            break  # "da steht hier Gastherme Wolf": the device read off its plate, no person
        names.append(match.span(key))
    if not names:
        return None
    if firm_after:
        firm = _firm_at(t, names[0][0])
        if firm is not None and not firm.names_after:
            return None  # "Müller Bau GmbH", "Graf Immobilien": the words name the firm, not the caller
    words = [t.low[s:e] for s, e in names]
    # Take a third word only for double first names ("anna maria schmidt") and for a double
    # surname without hyphen after a first name ("maria schulze frenking"), when the name ends
    # the clause: "anna schmidt dehei" keeps no "Dehei".
    if len(names) == 3 and not (
        (_first_name(words[0]) and _first_name(words[1]))
        or (
            _first_name(words[0])
            and not _first_name(words[1])
            and not _first_name(words[2])
            and not firm_word(words[2])
            and words[2] not in _NOT_SURNAME_WORDS
            and _CLAUSE_AFTER_NAME.match(t.low, names[2][1]) is not None
        )
    ):
        names, words = names[:2], words[:2]
    # Two words: keep the second only if it looks like part of the name, or a double surname
    # said before the next clause ("hier ist Meyer Lüders, ich wollte fragen").
    if len(names) >= 2 and not (
        _first_name(words[0])
        or _first_name(words[1])
        or _known(words[1])
        or (not t.lowercase_source and t.digits[names[1][0]].isupper())
        or (len(names) == 2 and words[0] in _SURNAMES and _CLAUSE_AFTER_NAME.match(t.low, names[1][1]) is not None)
    ):
        names, words = names[:1], words[:1]
    if not (strong or hon or any(_known(w) for w in words) or (not t.lowercase_source and t.digits[names[0][0]].isupper())):
        return None
    parts = [_readable(t, s, e) for s, e in names]
    # Austrian/Bavarian order "Huber Sepp": surname first, first name second.
    if len(parts) == 2 and _first_name(words[1]) and not _first_name(words[0]):
        parts.reverse()
    text = " ".join(parts)
    if match.groupdict().get("title") and hon and not hon.startswith(("dr", "doktor")):
        text = f"Dr. {text}"  # "Frau Doktor Schneider" → "Frau Dr. Schneider"
    if hon:
        text = f"{_HONORIFICS[hon.rstrip('.') if hon.startswith('dr') else hon]} {text}"
    return _with_couple_surname(t, SlotValue(text, None, confidence))


# "Markus und Eva Leitgeb, ich bin der Markus": a couple's first names and their surname; the
# first name the caller gives as their own gets the surname.
_COUPLE = re.compile(r"\b(?P<a>" + _W + r")\s+(?:und|u|and)\s+(?P<b>" + _W + r")\s+(?P<s>" + _W + r")\b")


def _with_couple_surname(t: _Text, value: SlotValue) -> SlotValue:
    if " " in value.value:
        return value
    own = value.value.lower()
    for match in _COUPLE.finditer(t.masked):
        a, b, surname = match.group("a"), match.group("b"), match.group("s")
        if own not in (a, b) or not (a in _FIRST_NAMES and b in _FIRST_NAMES):
            continue
        if surname in _FIRST_NAMES or not _is_name_word(surname) or surname in _NOT_SURNAME_AFTER_COUPLE:
            continue
        return SlotValue(f"{value.value} {_readable(t, match.start('s'), match.end('s'))}", None, value.confidence)
    return value


_NOT_SURNAME_AFTER_COUPLE = frozenset("sind haben wohnen hier da do san sen händ hend".split())


def _couple_name(t: _Text) -> SlotValue | None:
    """ "Heinz und Gisela Rohde, Rohde mit h", "Reinhard und Petra Vogel, also Vogel": a couple
    answering the name question with both first names and their surname (said again or spelled
    after it); who of the two speaks is not said, so both are kept."""
    low = t.masked
    match = _COUPLE.match(low, _after_fillers(low))
    if match is None:
        return None
    a, b, surname = match.group("a"), match.group("b"), match.group("s")
    if not (a in _FIRST_NAMES and b in _FIRST_NAMES) or surname in _FIRST_NAMES:
        return None
    if not _is_name_word(surname) or surname in _NOT_SURNAME_AFTER_COUPLE or len(surname) < 3:
        return None
    tail = (
        r"(?:[\s,.;:!-]+(?:also|ja|genau|hier|bitte|" + re.escape(surname) + r"|(?:mit|wie)\s+[a-zäöüß]{1,3}\b"
        r"|[a-zäöü]\b))*[\s,.;:!?-]*"
    )
    if not re.fullmatch(tail, low[match.end() :]):
        return None
    parts = [_readable(t, match.start(g), match.end(g)) for g in ("a", "b", "s")]
    return SlotValue(f"{parts[0]} und {parts[1]} {parts[2]}", None, 0.85)


_REPEATED_FULL_NAME = re.compile(r"\s*,?\s*(?P<n1>" + _W + r")\s+(?P<n2>" + _W + r")\b")


def _with_first_name(t: _Text, match: re.Match[str], value: SlotValue) -> SlotValue:
    """ "Meier, Karl Meier" / "Özdemir, Mehmet Özdemir": the surname said again after the first
    name gives the full name."""
    said = [w for w in (match.groupdict().get(k) for k in ("n1", "n2", "n3")) if w]
    again = _REPEATED_FULL_NAME.match(t.low, match.end())
    if len(value.value.split()) != 1 or not said or not again:
        return value
    if not (_is_name_word(again.group("n1")) and _is_name_word(again.group("n2"))):
        return value
    if again.group("n2") == said[-1]:  # "Meier, Karl Meier"
        first = _readable(t, again.start("n1"), again.end("n1"))
        return SlotValue(f"{first} {value.value}", None, value.confidence)
    if again.group("n1") == said[-1] and said[-1] in _FIRST_NAMES:  # "der Max, Max Mustermann"
        return SlotValue(_readable(t, again.start("n1"), again.end("n2")), None, value.confidence)
    return value


def _full_name_later(t: _Text, value: SlotValue) -> SlotValue:
    """ "Müller hier, also nicht von Ihnen, ich heiße auch so, Jürgen Müller": the surname said
    first, the full name with a known first name later in the same turn."""
    words = value.value.split()
    if len(words) != 1:
        return value
    surname = re.escape(words[0].lower())
    for later in re.finditer(r"\b(?P<first>" + _W + r")\s+" + surname + r"\b", t.low):
        if _first_name(later.group("first")):
            first = _readable(t, later.start("first"), later.end("first"))
            return SlotValue(f"{first} {value.value}", None, value.confidence)
    return value


# "Pohl ist mein Name", "Huber heiß ich": the name said before the words that introduce it.
_NAME_BEFORE_INTRO = re.compile(
    r"\s*,?\s+(?:ist|is|isch|wäre|waere)\s+(?:mein|min|mi|mis)\s+name\b|\s+(?:heiße|heisse|heiß|heiss)\s+(?:ich|i)\b"
    # said again, impatient: "Brandt, hab ich doch gesagt", CH "Keller, hani doch gseit"
    r"|\s*,?\s+(?:(?:hab|habe|hob|han|ha)\s+(?:ich|i)|hani|hanis|hobi)\s+(?:(?:doch|ja|scho|schon|eh|grad|gerade)\s+)*"
    r"(?:gesagt|gsagt|gseit|gsait|gesagt)\b"
)
# "Koller, Renate Koller", "Zollinger, Marco Zollinger": a surname, a first name and the surname again.
_REPEATED_SURNAME = re.compile(r"\b(?P<n1>" + _W + r")\s*,?\s+(?P<n2>" + _W + r")\s*,?\s+(?P=n1)\b")
# "Sandra Lehmann und mein Sohn heißt Luca": a first name and a surname at the start, then more;
# also surname first ("Brunner Alois") and a chatty tail after it: where the caller is from
# ("… aus Kapfenberg"), a clause of their own (AT "wir san …", CH "mir sind …"), a denial
# ("… nöd verwandt"), a comment ("… hoffentlich", "… übrigens"). The tail is no part of the name.
_NAME_TAIL_START = (
    r"und|ich|i|wir|mir|mia|mer|mein|meine|mei|aus|nicht|net|ned|nöd|noed|nit|nid|nüd|hoffentlich|übrigens|uebrigens"
    r"|eigentlich|bitte|danke|gell|seit|sit|schon|scho|bereits|allerdings"
)
_LEADING_FULL_NAME = re.compile(
    r"(?P<n1>" + _W + r")\s+(?P<n2>" + _W + r")(?=\s*(?:[,.;!?]|\s(?:" + _NAME_TAIL_START + r")\b|$))"
)
# "rita klein bergstraße sieben", AT "franz oberlechner mittersill felberstraße zwölf": the full
# name said in one breath with the address, maybe the town between them; the name ends where the
# place or the street begins.
_NAME_BEFORE_STREET = re.compile(
    r"(?P<n1>" + _W + r")\s+(?P<n2>" + _W + r")(?=\s*,?\s+(?:(?P<place>" + _W + r")\s*,?\s+)?"
    r"(?:(?:in\s+der|im|am|an\s+der|auf\s+der|zum|zur)\s+)?" + _STREET_WORD.pattern[2:] + r")"
)
# Letters spelled after a name ("Pohl, p o h l", "Kowalski k o w a l s k i").
_SPELLED_LETTERS = re.compile(r"(?:[\s,.]+[a-zäöü]\b){2,}[\s,.!?]*$")


# A full name said last, after the caller spoke of the name or of themself ("der Name vorhin,
# Hofer is meine Schwiegermutter, die Wohnung is auf mich, Markus Gruber"; "das bin ich, Eva
# Roth"): the first name known, the name the last words of the sentence.
_SELF_CUE = re.compile(r"\b(?:name|namen|nome|auf mich|auf mi|auf meinen|bin ich|bin i|bi i|für mich|vo mir|von mir)\b")
_TRAILING_FULL_NAME = re.compile(
    r"[,:;]\s*(?:(?:also|nämlich|naemlich|der|die|ich bin|i bin|des is|das ist)\s+)*"
    + _HON
    + r"(?P<n1>"
    + _W
    + r")\s+(?P<n2>"
    + _W
    + r")\s*[.!?]*$"
)


def _trailing_full_name(t: _Text) -> SlotValue | None:
    low = t.masked
    for sentence in re.finditer(r"[^.!?]+", low):
        match = _TRAILING_FULL_NAME.search(low, sentence.start(), sentence.end())
        if (
            match
            and _SELF_CUE.search(low, sentence.start(), match.start())
            and match.group("n1") in _FIRST_NAMES
            and _is_name_word(match.group("n2"))
            and match.group("n2") not in _FIRST_NAMES
        ):
            return _name_value(t, match, 0.85, strong=True)
    return None


def _name_before_intro(t: _Text) -> SlotValue | None:
    low = t.masked
    for intro in _NAME_BEFORE_INTRO.finditer(low):
        words = list(re.finditer(r"[^\W\d_][\w'\-]*", low[: intro.start()]))[-2:]
        if not words or re.search(r"[.!?;]\s*$|\d", low[words[-1].end() : intro.start()]):
            continue  # "am mühlgraben 14, hab ich doch gesagt": said again is the address, no name
        if _STREET_WORD.fullmatch(words[-1].group(0)) and words[-1].group(0) not in _SURNAMES:
            continue  # "Lindenweg, hab ich doch gesagt"
        if len(words) == 2 and (
            not _is_name_word(words[0].group(0))
            or re.search(r"[.!?;,]", low[words[0].end() : words[1].start()])
            or not (_known(words[0].group(0)) or words[1].group(0) in _FIRST_NAMES or words[0].group(0) in _FIRST_NAMES)
        ):
            words = words[1:]
        if not all(_is_name_word(w.group(0)) for w in words):
            continue
        if any(maker_in(w.group(0)) or _DEVICE_RE.fullmatch(w.group(0)) for w in words):
            continue  # "Vaillant, hab ich doch gesagt" names the maker
        parts = [_readable(t, w.start(), w.end()) for w in words]
        if len(parts) == 2 and words[1].group(0) in _FIRST_NAMES and words[0].group(0) not in _FIRST_NAMES:
            parts.reverse()
        return SlotValue(" ".join(parts), None, 0.9)
    return None


def _repeated_surname(t: _Text) -> SlotValue | None:
    for match in _REPEATED_SURNAME.finditer(t.masked):
        surname, first = match.group("n1"), match.group("n2")
        # "Lange, Claudia Lange": a surname that is also a word, said around a first name
        surname_ok = _is_name_word(surname) or (surname in _SURNAMES and first in _FIRST_NAMES)
        if surname == first or not (surname_ok and _is_name_word(first)) or len(surname) < 3:
            continue
        if surname in _FIRST_NAMES and first not in _FIRST_NAMES:
            continue
        parts = [_readable(t, match.start("n2"), match.end("n2")), _readable(t, match.start("n1"), match.end("n1"))]
        return SlotValue(" ".join(parts), None, 0.85)
    return None


# Someone else's name said ("die Mieterin heisst Sahin", "der Kunde heißt"), not the caller's ("mein Name heißt").
_OTHER_PERSON_NAMED = re.compile(
    r"\b(?!name\b|nome\b)[^\W\d_]+\s+(?:heisst|heißt|hoaßt|namens)\s+(?:(?:frau|herr|herrn)\s+)?(?:[^\W\d_]+\s+)?$"
)


# A street said right before letters that spell it ("wir wohnen am Münigeweg 7, also m ü n …").
_STREET_SPELLED_BEFORE = re.compile(
    r"\b[^\W\d_]*(?:"
    + _alt(_STREET_STRONG)
    + r")\s+(?:\d{1,4}\s*[a-h]?\s+)?(?:(?:also|und|ja|das\s+heisst|das\s+heißt|gschribe|geschrieben)[\s,]+)*$"
)


def _spelled_name(t: _Text) -> SlotValue | None:
    """A surname spelled letter by letter: the word said with it ("Brandt, hab ich doch gesagt,
    b r a n d t", "Mayrhofer … m a y r h o f e r"), or the letters themselves when the word was
    not recognised ("s z y m a n s k i"). A known first name right before or after is kept."""
    low = t.masked
    for run in _LETTER_RUN.finditer(low):
        letters = re.sub(r"[^a-zäöüß]", "", run.group(0))
        if len(letters) < 3:
            continue
        words = [w for w in re.finditer(r"[^\W\d_]{3,}", low) if not (run.start() <= w.start() < run.end())]
        words = [w for w in words if _is_name_word(w.group(0)) and not maker_in(w.group(0))]
        said: list[re.Match[str]] = []
        # "meyer mit y. m e y e r": the letter of the hint may run into the spelling
        for skip in range(min(2, len(letters) - 3) + 1):
            part = letters[skip:]
            said = [w for w in words if w.group(0) == part]
            said = said or [w for w in words if len(part) >= 4 and w.group(0).startswith(part)]
            if said:
                break
        if said and any(_OTHER_PERSON_NAMED.search(low[: w.start()]) for w in said):
            continue  # "Peter Ammann, und d Mieterin heisst Sahin, s a h i n": the tenant's name spelled
        if (not said and re.search(r"(?:" + _alt(_STREET_STRONG) + r")$", letters)) or _STREET_SPELLED_BEFORE.search(
            low[: run.start()]
        ):
            continue  # "am Münigeweg sibe, also m ü n i g e n w e g": the street spelled, no name
        if said:
            span = (said[0].start(), said[0].end())
        elif re.search(r"\bmit\s+$", low[: run.start()]) or maker_in(letters):
            continue
        elif len(letters) >= 4 and re.search(r"[aeiouyäöü]", letters) and letters not in _STOPWORDS:
            span = (run.start(), run.end())
        else:
            continue
        surname = _readable(t, *span) if said else letters.capitalize()
        first = next((w.group(0) for w in words if w.group(0) in _FIRST_NAMES and w.group(0) != letters), None)
        if first and said and said[0].group(0) not in _FIRST_NAMES:
            return SlotValue(f"{first.capitalize()} {surname}", None, 0.9)
        return SlotValue(surname, None, 0.9)
    return None


# "mit dem Kehren zusammen machen", "mit der Wartung zusammen": "together with" a job, no name said as one word.
_TOGETHER_WITH = re.compile(r"\b(?:mit|mitm|mim|zum|zur)\s+(?:(?:dem|der|den|de|em|am|d)\s+)?$")


def _one_word_name(t: _Text) -> SlotValue | None:
    low = t.masked
    match = _ONE_WORD.search(low)
    if not match or not _is_name_word(match.group("n1")) or len(match.group("n1")) < 4:
        return None
    if _TOGETHER_WITH.search(low[: match.start()]):
        return None
    before = re.findall(r"[^\W\d_]+", low[: match.start()])
    first = next((w for w in before if w in _FIRST_NAMES), None)
    surname = _readable(t, match.start("n1"), match.end("n1"))
    return SlotValue(f"{first.capitalize()} {surname}" if first else surname, None, 0.9)


def _caller_name(t: _Text) -> SlotValue | None:
    low = t.masked
    for rule in (_spelled_name, _one_word_name):
        found = rule(t)
        if found:
            return found
    for match in _STRONG_INTRO.finditer(low):
        value = _name_value(t, match, 0.9, strong=True)
        if value:
            return _with_first_name(t, match, value)
    before_intro = _name_before_intro(t)
    if before_intro:
        return before_intro
    trailing = _trailing_full_name(t)
    if trailing:
        return trailing
    here = _NAME_HERE.match(low, _after_fillers(low))
    for match in _WEAK_INTRO.finditer(low):
        value = _name_value(t, match, 0.85, strong=False)
        if value and _OCCUPATION_OF_A_PLACE.match(low, match.start("n1")):
            value = None  # "ich bi de Bauer vom Hof im Ried": who the caller is there, no name
        if here is not None and match.start() < here.end():
            # "Engel hier, die Frau Berger hatte mich angerufen": the "hier" follows the caller's
            # name; another name after it is somebody else ("Müller hier, Stefan Müller" is one).
            own = _name_value(t, here, 0.8, strong=True)
            if own and not (value and value.value.split()[-1].lower() == own.value.split()[-1].lower()):
                return _full_name_later(t, own)
        if value:
            return _with_first_name(t, match, value)
    for match in _THIS_IS_NAMED.finditer(low):
        value = _name_value(t, match, 0.8, strong=False)
        if value:
            return value
    repeated = _repeated_surname(t)
    if repeated:
        return repeated
    couple = _couple_name(t)
    if couple:
        return couple
    # "müller hier", "schmidt mit dt": only right at the start, after greetings and fillers.
    start = _after_fillers(low)
    for pattern in (_NAME_HERE, _SPELLED):
        at_start = pattern.match(low, start)
        if at_start:
            value = _name_value(t, at_start, 0.8, strong=True)
            if value and pattern is _NAME_HERE:
                value = _full_name_later(t, value)
            if value:
                # "Kaiser mit a i, Monika Kaiser": the full name said after the spelling hint
                return _with_first_name(t, at_start, value)
    for match in _GREETING_NAME.finditer(low):
        if _only_fillers_before(low, match.start()):
            value = _name_value(t, match, 0.7, strong=False)
            if value:
                return value
    before_street = _NAME_BEFORE_STREET.match(low, start)
    if (
        before_street
        and _first_name(before_street.group("n1"))
        and (_is_name_word(before_street.group("n2")) or before_street.group("n2") in _SURNAMES)
        # "karin lange am anger 3" is a name; "lange straße 5" is the street
        and not (
            before_street.group("n2") in _STREET_ADJECTIVES
            and re.match(r"\s+(?:" + _alt(_STREET_STRONG + _STREET_NEEDS_NUMBER) + r")\b", low[before_street.end() :])
        )
        and not _STREET_WORD.fullmatch(before_street.group("n2"))
        and not (before_street.group("place") and _first_name(before_street.group("n2")))
    ):
        value = _name_value(t, before_street, 0.8, strong=False)
        if value and len(value.value.split()) == 2:
            return value
    leading = _LEADING_FULL_NAME.match(low, start)
    if leading and (
        (leading.group("n1") in _FIRST_NAMES and _is_name_word(leading.group("n2")))
        # "Brunner Alois aus Kapfenberg": surname first, the first name known
        or (
            is_first_name_only(leading.group("n2"))
            and _is_name_word(leading.group("n1"))
            and leading.group("n1") not in _FIRST_NAMES
            and not firm_word(leading.group("n1"))
        )
    ):
        value = _name_value(t, leading, 0.8, strong=False)
        if value and len(value.value.split()) == 2:
            return value
    # A bare answer to "Wie ist Ihr Name?": "frau müller", "anna schmidt" (letters spelled after
    # it go: "pohl p o h l").
    spelled = _SPELLED_LETTERS.search(low)
    if spelled and spelled.start() > 0:
        low = low[: spelled.start()]
    words = low.split()
    while words and (words[0] in _FILLERS or words[0] in _GIVING_IN):
        words.pop(0)
    rest = " ".join(words).strip(" .,!?")
    if 1 <= len(words) <= 4:
        bare = _BARE_NAME.match(rest)
        if bare:
            offset = low.find(rest)
            shifted = re.compile(r"(?:" + _HON + r")" + _NAMES).match(low, offset)
            if shifted:
                return _name_value(t, shifted, 0.6, strong=False)
    return None


# --------------------------------------------------------------------------------------
# company: the firm the caller speaks for
# --------------------------------------------------------------------------------------

# What a firm is, as the last part of a word ("Hausverwaltung", CH "Liegenschaftsverwaltig",
# "Mur Immobilien", "Bäckerei", "Fink Haustechnik", "Wohnbau GmbH"): the words the firm's name
# is said with. One list for the company slot and for the name rules (a firm word is no name).
_FIRM_HEADS = (
    "verwaltung", "verwaltig", "verwaltungen", "immobilien", "immo", "liegenschaft", "liegenschaften",
    "genossenschaft", "genosseschaft", "gesellschaft", "gemeinschaft", "firma", "gmbh", "agentur", "stiftung",
    "bäckerei", "baeckerei", "beckerei", "metzgerei", "fleischerei", "konditorei", "gärtnerei", "schreinerei",
    "tischlerei", "schlosserei", "druckerei", "apotheke", "praxis", "ordination", "klinik", "kanzlei", "büro",
    "buero", "schule", "gemeinde", "pfarrei", "pfarramt", "hotel", "restaurant", "gasthaus", "gasthof",
    "wirtshaus", "pension", "gästehaus", "pizzeria", "kindergarten", "kita", "gmeind", "altersheim", "pflegeheim", "seniorenheim", "treuhand", "hauswartung",
    "service", "technik", "bau",
)  # fmt: skip
# Legal forms after a firm's name ("Sulzberg GmbH", "Brunnmatt AG"), as written.
_FIRM_LEGAL = {
    "gmbh": "GmbH", "ag": "AG", "kg": "KG", "og": "OG", "ohg": "OHG", "ug": "UG", "mbh": "mbH", "gbr": "GbR",
    "ev": "e.V.", "e.v.": "e.V.", "co": "Co.", "co.": "Co.", "sa": "SA", "kgaa": "KGaA",
}  # fmt: skip
# A word that names the firm in a sentence (shared with the name checks in ``validate``): a word
# ending in a firm word, or a legal form.
FIRM_WORD = r"[^\W\d_]*(?:" + _alt(_FIRM_HEADS) + r")|ag|kg|og|gmbh"
# Where the caller goes on about the firm they call from: "… von der Hausverwaltung Sonnenschein",
# CH "… vo de Verwaltig Brunnmatt", "… für die Firma Schulze GmbH", "… im Auftrag der Hausverwaltung
# …". ``firm`` is where the firm's words begin (up to two words before the firm word: "von der
# Mur Immobilien Hausverwaltung").
AFFILIATION = re.compile(
    r"[\s,;]+(?:von|vo|vom|bei|aus|für|fuer|vor|im\s+auftrag(?:\s+von)?|im\s+namen(?:\s+von)?)\s+"
    r"(?:(?:der|de|dr|dem|den|die|d|einer|ner|unserer|ünsere)\s+)?"
    r"(?P<firm>(?:[^\W\d_]+\s+){0,2}?(?:" + FIRM_WORD + r"))\b"
)
# Words ending in a firm word that name no firm: building work ("für den Neubau"), a property.
_NOT_FIRM_HEADS = frozenset(
    """
    neubau umbau anbau altbau rohbau ausbau einbau aufbau abbau badumbau dachausbau hausbau wiederaufbau
    liegenschaft kundenservice notdienstservice
    """.split()
)
# Words that end a firm's name: pronouns, articles, prepositions and verbs, also in dialect, and
# who a person is (a tenant is no part of the firm).
_NOT_FIRM_NAME = frozenset(
    """
    de d dr di s e en es a i ig mi mir mer mini min mis eusem eusi euse üse üsi üsne ois unserem unseren
    isch hät het hed hei hend händ sin san bi gaht goht wäge wägem wägä vo vom zum zur zu am im um ums
    rufe ruf rufen rüef rüefe rüefed lüüt lüte telefoniere melde meld melden bräuchten bräuchte brauchte
    hätten hätte hätt wär wäri würde würden sött sötti chönd chönnt chönnted isch ischt
    mieter mieterin mieterinnen kunde kundin kunden bewohner bewohnerin eigentümer eigentümerin nachbar
    nachbarin hausmeister hausmeisterin hauswart hauswartin chef chefin inhaber inhaberin mitarbeiter
    mitarbeiterin sekretärin geschäftsführer geschäftsführerin filialleiter filialleiterin verwalter verwalterin
    objekt haus wohnung gebäude liegenschaft backstube keller küche zimmer raum bad stock etage halle lager
    laden filiale werkstatt gaststube saal
    alte alten alter neue neuen neuer andere anderen anderer gleiche gleichen selben zuständige zuständigen
    bisherige bisherigen ehemalige ehemaligen frühere früheren eigene eigenen ganze ganzen unsere unserer
    unserem unseren eure eurer ihrer
    """.split()
)
# What a third person does: "die Firma Schulze hat die Heizung eingebaut" names no caller's firm.
_FIRM_DOES = frozenset(
    """
    hat hätte hatte hät het hed ist is isch war will wott wollte sagt sagte meint meinte schickt schickte
    kommt kam kummt soll sollte wird wurde muss braucht macht machte
    """.split()
)
# Who the caller is to a firm when they are its tenant or customer: "ich bin Mieterin bei der
# Genossenschaft …" names the landlord, not the caller's firm.
_FIRM_OUTSIDER = re.compile(
    r"\b(?:mieter\w*|kund\w*|bewohner\w*|eigentümer\w*|eigentuemer\w*|nachbar\w*|patient\w*|gast|gäste)\b"
)
# Who the caller is in the firm, said before it: "ich bin die Filialleiterin von der Bäckerei …".
_FIRM_ROLE = re.compile(
    r"(?:\w*leiter|\w*leiterin|inhaber|inhaberin|chef|chefin|\w*führer|\w*führerin|\w*fuehrer|\w*fuehrerin|"
    r"sekretärin|sekretaer|sekretär|assistentin|assistent|mitarbeiter|mitarbeiterin|hausmeister|hausmeisterin|"
    r"hauswart|hauswartin|\w*verwalter|\w*verwalterin|\w*betreuer|\w*betreuerin|\w*bearbeiter|\w*bearbeiterin|"
    r"kollege|kollegin|buchhalter|buchhalterin|techniker|technikerin|wirt|wirtin)"
)
# The caller introducing themself or the firm: "hier ist …", "mein Name ist …", CH "da isch …".
_FIRM_SELF = re.compile(
    r"\b(?:hier ist|hier isch|hier is|hier wäre|hier spricht|da spricht|do spricht|es spricht|da ist|da isch|do is|"
    r"do isch|sie sprechen mit|wir sind|mir sind|mir sin|mir san)\s+(?:(?:der|die|das|de|d|dr|s)\s+)?"
)
_FIRM_INTRO = re.compile(
    r"\b(?:hier ist|hier isch|hier is|hier wäre|hier spricht|da spricht|do spricht|es spricht|da ist|da isch|do is|"
    r"do isch|mein name ist|mein name|name ist|ich heiße|ich heisse|i heisse|i heiße|ich bin|i bin|i bi|wir sind|"
    r"mir sind|mir sin|mir san|(?:mis|min|mi) name isch)\b"
)
# The words an introduction is made of, besides the name: "ja grüß Gott, hier ist die Frau …".
_FIRM_INTRO_WORDS = frozenset(
    """
    hier ist is isch ischt spricht wäre da do es mein min mi mis name heiße heisse heiß ich i bin bi wir mir sind
    sin san sie sprechen mit der die de d dr s frau herr herrn doktor dr. am apparat bindestrich strich wie mit
    klein groß gross geschrieben also nochmal
    """.split()
)
# The caller ringing for a firm: "ich ruf an für die Firma …", "wir rufen an von der …", CH "i rüef
# a vo de …", "ich melde mich im Auftrag der …".
_FIRM_CALLING = re.compile(
    r"\b(?:ich|i|wir|mir)\s+(?:rufe|ruf|rufen|rüefe|rüef|rüefed|lüüte|lüüt|telefoniere|melde|meld|melden)\s+"
    r"(?:(?:an|a|aa|mich|mi|uns|hier|heute|kurz|nur)\s+){0,2}"
    r"(?:von|vo|vom|für|fuer|im\s+auftrag(?:\s+von)?|im\s+namen(?:\s+von)?)\s+"
    r"(?:(?:der|de|dr|dem|den|die|d|einer|ner|unserer|ünsere)\s+)?"
)
# After a firm said at the start of an answer: the end, a greeting, the caller's name or what they want.
_DEPARTMENTS = (
    r"(?:buchhaltung|finanzbuchhaltung|lohnbuchhaltung|sekretariat|anmeldung|rezeption|empfang|zentrale|einkauf"
    r"|geschäftsleitung|geschäftsführung|personalabteilung|technik|haustechnik|objektbetreuung|disposition|kundenservice)"
)
_FIRM_ANSWER_END = re.compile(
    r"\s*(?:$|[,.;:!]|(?:hier|ich|i|wir|mir|guten|grüß|grüss|grüezi|gruezi|hallo|servus|moin|am apparat|mein|es)\b"
    r"|(?:[^\W\d_]+\s+){1,2}(?:hier|am\s+apparat)\b"  # "… GmbH, Bauer am Apparat"
    # the department after the firm, also after the caller's name: "Bäckerei Sauer, Okafor aus der Buchhaltung"
    r"|(?:[^\W\d_]+\s+)?(?:(?:aus|von|vo|in)\s+(?:der|dem|de|dr|d)\s+)?" + _DEPARTMENTS + r"\b)"
)
_FIRM_TOKEN = re.compile(r"[^\W\d_][\w'\-]*|&|\d+|[^\w\s]")
_FIRM_PARTNERS = {
    "partner": "Partner", "partnerin": "Partnerin", "söhne": "Söhne", "soehne": "Söhne", "sohn": "Sohn",
    "co": "Co.", "co.": "Co.", "kollegen": "Kollegen", "töchter": "Töchter", "tochter": "Tochter",
}  # fmt: skip
_FIRM_MAX_WORDS = 7


# Built once: the ae/oe/ue spellings of every firm head make a long pattern (firm_word runs per word).
_FIRM_HEAD_WORD = re.compile(r"[^\W\d_]*(?:" + _alt(_FIRM_HEADS) + r")")


def firm_word(word: str) -> bool:
    """Whether ``word`` (lower case) names what a firm is ("hausverwaltung", "verwaltig", "bäckerei",
    "immobilien", "gmbh"): no part of a person's name."""
    word = word.strip(".,'-")
    if not word or word in _NOT_FIRM_HEADS:
        return False
    return word in _FIRM_LEGAL or _FIRM_HEAD_WORD.fullmatch(word) is not None


def _firm_name_word(word: str) -> bool:
    """A word that may be part of a firm's name ("Kranich", "Brunnmatt", "Lange"), not a function word."""
    if word in _SURNAMES or word in _FIRST_NAMES:
        return True
    if len(word) < 2 or not word.replace("-", "").replace("'", "").isalpha():
        return False
    if word in _STOPWORDS or word in _FILLERS or word in _NOT_FIRM_NAME or word in DAY_WORDS or word in _FIRM_DOES:
        return False
    return not (firm_word(word) or _DEVICE_RE.fullmatch(word) or maker_in(word))


def _firm_kind_text(word: str) -> str:
    """A firm word as written, dialect made standard ("liegenschaftsverwaltig" → "Liegenschaftsverwaltung")."""
    word = re.sub(r"verwaltig$", "verwaltung", word)
    word = re.sub(r"genosseschaft$", "genossenschaft", word)
    word = re.sub(r"gmeind$", "gemeinde", word)
    return _capitalise_word(word)


@dataclass
class _Firm:
    value: str
    start: int
    end: int
    kinds: int  # firm words said ("Hausverwaltung", "GmbH")
    names_after: int  # name words after the first firm word ("Hausverwaltung Kranich")


def _firm_at(t: _Text, pos: int, *, names_before: bool = True) -> _Firm | None:
    """The firm whose words begin at ``pos``: up to two name words before a firm word ("Mur
    Immobilien", "Schulze GmbH", only when ``names_before``), firm words, up to two name words after
    it ("Hausverwaltung Kranich und Partner", "Praxis Dr. Weber", "Gasthaus zur Post"), a legal form.
    ``None`` without a firm word or without a name of its own ("von der Hausverwaltung")."""
    text = t.masked
    tokens = [(m.group(0), m.start(), m.end()) for m in _FIRM_TOKEN.finditer(text, pos)][: _FIRM_MAX_WORDS + 4]
    parts: list[str] = []
    end = pos
    before = after = kinds = legal = 0
    i = 0
    while i < len(tokens) and len(parts) < _FIRM_MAX_WORDS:
        word, at, word_end = tokens[i]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if word == "." and i and tokens[i - 1][0] in ("dr", "co"):
            pass  # "Dr. Weber", "& Co. KG"
        elif word in _FIRM_LEGAL and word not in ("co", "co."):
            if not parts:
                break
            parts.append(_FIRM_LEGAL[word])
            legal += 1
        elif word in ("&", "und", "u") and parts and nxt in _FIRM_PARTNERS:
            parts += ["&" if word == "&" else "und", _FIRM_PARTNERS[nxt]]
            word_end = tokens[i + 1][2]
            i += 1
        elif firm_word(word):
            parts.append(_firm_kind_text(word))
            kinds += 1
        elif word in ("zum", "zur", "am", "im") and kinds and not after and _firm_name_word(nxt):
            # "Gasthaus zur Post", "Grundschule am Weinberg", "Hotel im Park"
            parts += [word, _readable(t, tokens[i + 1][1], tokens[i + 1][2])]
            after += 1
            word_end = tokens[i + 1][2]
            i += 1
            third = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if nxt.endswith(("en", "er", "e")) and _firm_name_word(third) and not firm_word(third):
                parts.append(_readable(t, tokens[i + 1][1], tokens[i + 1][2]))  # "zum goldenen Hirsch", "zur alten Post"
                word_end = tokens[i + 1][2]
                i += 1
        elif word in ("dr", "doktor") and (kinds or (names_before and not before)) and (_firm_name_word(nxt) or nxt == "."):
            parts.append("Dr.")  # "Praxis Dr. Weber", "Dr. Weber Praxis"
        elif _firm_name_word(word):
            if legal:
                break  # "Immobilien Richter GmbH, Bauer am Apparat": the legal form ends the firm's name
            own = [tok for tok, _, _ in tokens[i + 1 : i + 3]]
            if after and (own[:1] == ["hier"] or own == ["am", "apparat"]):
                break  # "Hausverwaltung Brandt und Partner, Schulz am Apparat": the caller's name
            if not kinds:
                if not names_before or before >= 2:
                    break
                before += 1
            else:
                if after >= 2:
                    break
                short = len(parts[-1]) <= 3  # "Restaurant La Piazza", "Pizzeria Da Mario"
                # "Praxis Dr. Schneider Ahmadi, Lehmann am Apparat": the word before the caller's name is the firm's
                following = [tok for tok, _, _ in tokens[i + 2 : i + 4]]
                caller_next = following[:1] == ["hier"] or following == ["am", "apparat"]
                if after == 1 and not (
                    short or word in _SURNAMES or word in _FIRST_NAMES or nxt in _FIRM_LEGAL or firm_word(nxt) or caller_next
                ):
                    break  # "Bäckerei Lindner Backstube": one word of a name unless a name follows
                after += 1
            parts.append(_readable(t, at, word_end))
        else:
            break
        end = word_end
        i += 1
    if not parts or not (kinds or legal):
        return None  # name words without a firm word ("Lindner" alone)
    if not (before or after):
        return None  # "die Hausverwaltung", "Immobilien GmbH": what the firm is, not which
    if parts[-1] in ("und", "&"):
        return None
    shown = parts[1:] if parts[0] == "Firma" and len(parts) > 1 else parts
    return _Firm(" ".join(shown), tokens[0][1], end, kinds + legal, after)


def _firm_told_after(text: str, end: int) -> bool:
    """Whether the firm is the subject of what follows ("… Schulze hat die Heizung eingebaut")."""
    following = re.match(r"\s*([^\W\d_]+)", text[end:])
    return following is not None and following.group(1) in _FIRM_DOES


def _sentence_start(text: str, pos: int) -> int:
    breaks = [m.end() for m in re.finditer(r"[.!?;]\s*", text[:pos])]
    return breaks[-1] if breaks else 0


def _intro_before(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` only introduces the caller: greetings, an introduction, the name
    (spelled or said twice), who they are in the firm ("ich bin die Filialleiterin"); never a tenant."""
    said = text[start:end]
    if _FIRM_OUTSIDER.search(said):
        return False
    words = re.findall(r"[^\W\d_][\w'\-]*\.?", said)
    names = roles = 0
    for word in words:
        plain = word.rstrip(".")
        if word in _FILLERS or word in _FIRM_INTRO_WORDS or plain in _FILLERS or plain in _FIRM_INTRO_WORDS:
            continue
        if len(plain) == 1:
            continue  # spelled letters
        if _FIRM_ROLE.fullmatch(plain):
            roles += 1  # the caller's job in the firm
            continue
        if firm_word(plain) or not _firm_name_word(plain):
            return False
        names += 1
    if names > 5:
        return False
    return names + roles > 0 or re.search(r"\b(?:ich|i|wir|mir)\s+(?:bin|bi|sind|sin|san)\s*$", said.strip() + " ") is not None


def _firm_introduced(t: _Text, cue_start: int) -> bool:
    """Whether the words before an affiliation introduce the caller ("Petra Lange von der …",
    "ich bin der Thomas Lange von der …"): from the sentence start or the last introduction."""
    text = t.masked
    start = _sentence_start(text, cue_start)
    if _intro_before(text, start, cue_start):
        return True
    intros = [m.start() for m in _FIRM_INTRO.finditer(text, start, cue_start)]
    return bool(intros) and _intro_before(text, intros[-1], cue_start)


def _firm_answered(t: _Text, begin: int) -> _Firm | None:
    """The firm said at ``begin`` as an answer, alone or after the caller's name, and followed by
    the end, a greeting or the caller going on about themself."""
    text = t.masked
    words = [
        w for w in re.finditer(r"[^\W\d_][\w'\-]*", text[begin:]) if w.group(0) not in ("der", "die", "de", "d", "frau", "herr")
    ]
    for index in range(min(4, len(words))):
        lead = words[:index]
        if lead and not _firm_name_word(lead[-1].group(0)):
            return None
        at = begin + words[index].start()
        firm = _firm_at(t, at, names_before=False) if firm_word(words[index].group(0)) else None
        if firm is None and not lead:
            firm = _firm_at(t, at)  # "Schulze GmbH", "Müller Bau GmbH": a legal form makes it a firm
            firm = firm if firm is not None and any(p in _FIRM_LEGAL.values() for p in firm.value.split()) else None
        if firm is None:
            continue
        named = firm.names_after or any(p in _FIRM_LEGAL.values() for p in firm.value.split())
        return firm if named and _FIRM_ANSWER_END.match(text, firm.end) else None
    return None


def _company(t: _Text) -> SlotValue | None:
    """The firm the caller speaks for, from how they introduce themself: "hier ist die
    Hausverwaltung Kranich und Partner", "Petra Lange von der Hausverwaltung Kranich", "ich bin
    die Filialleiterin von der Bäckerei Lindner", CH "da isch d Liegenschaftsverwaltung Brunnmatt
    AG", "vo de Verwaltig Brunnmatt", "ich ruf an für die Firma Schulze GmbH", an answer
    "Weißgerber, Hausverwaltung Sonnenschein". A firm a caller only speaks about ("die Firma hat
    die Heizung eingebaut", "die Rechnung von der Hausverwaltung") or is a tenant of is none."""
    text = t.masked
    found: list[_Firm] = []
    start = _after_fillers(text)
    # "hier ist die Hausverwaltung …", CH "da isch d Verwaltig …": at the start of a sentence
    for match in _FIRM_SELF.finditer(text):
        begins = _sentence_start(text, match.start())
        if not _only_fillers_before(text[begins:], match.start() - begins):
            continue
        firm = _firm_at(t, match.end())
        if firm is not None:
            found.append(firm)
    # "Petra Lange von der Hausverwaltung …", "ich bin von der …"
    for match in AFFILIATION.finditer(text):
        if _firm_introduced(t, match.start()):
            firm = _firm_at(t, match.start("firm"))
            if firm is not None:
                found.append(firm)
    # "ich ruf an für die Firma …", "wir rufen an von der …"
    for match in _FIRM_CALLING.finditer(text):
        firm = _firm_at(t, match.end())
        if firm is not None:
            found.append(firm)
    # an answer that starts with the firm or with the name and the firm: "Hausverwaltung Kranich,
    # Petra Lange", "Weißgerber Hausverwaltung Sonnenschein", "Schulze GmbH", "hier ist Petra Lange,
    # Hausverwaltung Kranich"
    starts = [start] + [
        m.end()
        for m in _FIRM_INTRO.finditer(text)
        if _only_fillers_before(text[_sentence_start(text, m.start()) :], m.start() - _sentence_start(text, m.start()))
    ]
    for begin in starts:
        firm = _firm_answered(t, begin)
        if firm is not None:
            found.append(firm)
    found = [f for f in found if not _firm_told_after(text, f.end)]
    if not found:
        return None
    first = min(found, key=lambda f: f.start)
    return SlotValue(first.value, None, 0.8)


def firm_span(text: str) -> tuple[int, int] | None:
    """Where a firm is named in a short answer, wherever it stands: "Petra Lange Hausverwaltung
    Kranich" → the span of "Hausverwaltung Kranich", "Ortner Hausverwaltung" → "Hausverwaltung";
    ``None`` without a firm word (or when the words cannot be matched to ``text``)."""
    t = _prepare(text)
    if len(t.low) != len(text) or t.low != text.lower():
        return None  # the text changed in preparation: its positions are not the caller's
    words = list(re.finditer(r"[^\W\d_][\w'\-]*", t.masked))
    for index, match in enumerate(words):
        if firm_word(match.group(0)) and match.group(0) not in _FIRM_LEGAL:
            firm = _firm_at(t, match.start(), names_before=False)
            end = firm.end if firm is not None else match.end()
            for later in words[index + 1 :]:  # "Bau GmbH": more firm words right after
                if later.start() > end + 2 or not firm_word(later.group(0)):
                    break
                end = later.end()
            if firm is None:
                # "Müller Bau GmbH", "Schulze GmbH": with a legal form the names before are the firm's
                leads = words[max(0, index - 2) : index]
                if len(leads) == 2 and leads[0].group(0) == leads[1].group(0):
                    leads = leads[1:]  # "Sandra Keller, Keller Immobilien AG": the first is the caller's surname
                for lead in leads:
                    whole = _firm_at(t, lead.start())
                    if whole is not None and whole.end >= end and set(whole.value.split()) & set(_FIRM_LEGAL.values()):
                        return (lead.start(), whole.end)
            return (match.start(), end)
    return None


# --------------------------------------------------------------------------------------
# preferred_time
# --------------------------------------------------------------------------------------

_LEAD = r"(?:\b(?:so\s+)?(?:am|ab|um|gegen|bis|nach|vor|den|zwischen|zwüsche|spätestens|frühestens|erst|ca\.?|circa|etwa)\s+)*"
_PART_OF_DAY = {
    "vormittag": "vormittag", "vormittags": "vormittag", "nachmittag": "nachmittag", "nachmittags": "nachmittag",
    "mittag": "mittag", "mittags": "mittag", "abend": "abend", "abends": "abend", "früh": "früh", "frueh": "früh",
    "morgens": "früh", "in der früh": "früh", "in der frueh": "früh", "namittag": "nachmittag",
    "namittags": "nachmittag", "nomittag": "nachmittag", "morge": "früh", "zmorge": "früh", "abig": "abend", "zabig": "abend",
    "znacht": "abend", "am znacht": "abend",
    # Austrian/Bavarian as heard: "am Nomittog", "am Vormittog", "am Nochmittog"
    "nomittog": "nachmittag", "namittog": "nachmittag", "nochmittog": "nachmittag", "nachmittog": "nachmittag",
    "vormittog": "vormittag",
}  # fmt: skip
# A part of the day joined to its weekday in one word: "mittwochnachmittag", "dienstagvormittag",
# Swiss "mittwochnamittag", "zischtignamittag", "friitigznacht", "mäntigabig".
_WEEKDAY_PARTS = (
    r"vormittag|nachmittag|namittag|nomittag|nomittog|namittog|nochmittog|nachmittog|vormittog|mittag|abend|abig|znacht"
    r"|früh|frueh|morgen|morge"
)
_TIME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "asap",
        re.compile(
            r"\b(?:so schnell wie (?:möglich|moeglich|es geht)|so bald wie (?:möglich|moeglich)|schnellstmöglich|"
            r"schnellstmoeglich|baldmöglichst|baldmoeglichst|möglichst schnell|moeglichst schnell|"
            r"möglichst bald|sofort|umgehend|asap|noch heute|heute noch)\b"
        ),
    ),
    (
        "date",
        re.compile(
            _LEAD
            + r"\b(?P<d>\d{1,2})\.\s?(?:(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4}|\d{2})\b)?|(?P<mn>"
            + _alt(MONTH_NUMBERS)
            + r")\b(?:\s(?P<y2>\d{4})\b)?)"
        ),
    ),
    # "am Montag, den 14.", "zum 20.": a day of the month without the month
    (
        "dom",
        re.compile(
            # Swiss "am Friitig de 29.": "de" is "den"; "das wäre der 28."
            r"\b(?:am|den|de|zum|vom|ab\s+dem|bis\s+zum|(?<=ist |äre |wär )der)\s+(?P<d>\d{1,2})\.(?!\s?\d)(?!\s?mal\b)(?!\s?(?:"
            + _alt(MONTH_NUMBERS)
            + r")\b)"
        ),
    ),
    # "zwischen zehn und zwölf (Uhr)"
    (
        "between",
        re.compile(
            r"\b(?:zwischen|zwüsche|zwüschet|zwische)\s+(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?:uhr\s+)?und\s+(?P<h2>\d{1,2})(?:[:.]\d{2})?(?:\s*uhr)?\b"
        ),
    ),
    ("relday", re.compile(_LEAD + r"\b(?:in\s+(?P<n>\d{1,2})\s+tagen)\b")),
    # "Montag in einer Woche", "heute in zwei Wochen": weeks after the day named
    ("inweeks", re.compile(r"\bin\s+(?P<wn>einer|1|2|3|4|zwei|drei|vier)\s+wochen?\b")),
    (
        "day",
        re.compile(
            _LEAD
            + r"\b(?P<day>übermorgen|uebermorgen|übermorn|uebermorn|heute|heut|hüt|morgen|morn)(?!s)\b"
            # "heute Morgen" is this morning, not tomorrow
            + r"(?:\s+(?P<early>früh|frueh|(?<=heute\s)morgen|(?<=heut\s)morgen|(?<=hüt\s)morge))?"
        ),
    ),
    (
        "weekday",
        re.compile(
            _LEAD
            + r"\b(?:(?P<next>nächsten|naechsten|nächste|naechste|nächschte|nächsti|kommenden|kommende|diesen|diese)\s+)?(?P<wd>"
            + _alt(_WEEKDAYS)
            + r")(?P<wdpart>"
            + _WEEKDAY_PARTS
            + r")?s?\b"
        ),
    ),
    (
        "week",
        re.compile(
            r"\b(?:(?:anfang|mitte|ende)\s+)?(?:der\s+)?(?:(?:über|ueber)?n(?:ä|ae|ö)chs(?:ch)?t(?:e|en|er|i)|kommende|kommenden|kommender|diese|dieser|die)\s+(?:woche|wuche|wucha|woch|wuch)\b|\bin\s+\d{1,2}\s+wochen\b"
        ),
    ),
    # a month or a week of it: "Anfang Januar", "in der zweiten Januarwoche", "die erste Woche im
    # Februar", "KW 3", "in der dritten Kalenderwoche" (the days it spans: :func:`_month_span`)
    (
        "month",
        re.compile(
            r"\b(?:(?:anfang|mitte|ende|im)\s+)(?P<mon>" + _alt(MONTH_NUMBERS) + r")\b"
            r"|\b(?P<nth>[1-5]\.|letzten?)\s+(?:(?P<wmon>" + _alt(MONTH_NUMBERS) + r")woche"
            r"|woche\s+(?:im|vom|von|des|in)\s+(?:der\s+|dem\s+)?(?P<wmon2>" + _alt(MONTH_NUMBERS) + r"))\b"
            r"|\b(?:kw|kalenderwoche)\s*(?P<kw>\d{1,2})\b|\b(?P<kw2>\d{1,2})\.\s+(?:kw|kalenderwoche)\b"
        ),
    ),
    ("heuer", re.compile(r"\bheuer\b")),
    # The days around the turn of the year, said without a date: kept as said ("nach Neujahr").
    (
        "yearturn",
        re.compile(
            r"\b(?:zwischen|zwüsche|zwüschet|zwische)\s+(?:den|de)\s+jahr(?:en|e)?\b|\b(?:nach|ab|anfang)\s+(?:dem\s+|em\s+)?"
            r"(?:neujahr|dreikönig|dreikoenig|silvester|sylvester|(?:den\s+|de\s+)?feiertag(?:en|e)?)\b|\bim\s+neuen\s+jahr\b"
        ),
    ),
    (
        "part",
        re.compile(
            r"\b(?:am\s+|über\s+|ueber\s+)?(?P<part>vormittags?|nachmittags?|namittags?|nomittag|nomittog|namittog|nochmittog|nachmittog|vormittog|mittags?|abends?|abig|zabig|znacht|in der früh|in der frueh|morgens|morge|zmorge)\b"
        ),
    ),
    (
        "clock",
        re.compile(
            _LEAD + r"\b(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*uhr(?:\s+(?P<min2>\d{1,2})\b(?!\s*(?:tage|minuten|stunden)))?"
        ),
    ),
    (
        "half",
        re.compile(
            _LEAD
            + r"\b(?P<q>halbi|halb|viertel nach|viertel ab|viertel vor|viertel vo|dreiviertel|drei viertel|3 viertel|viertel)\s+(?P<h>\d{1,2})\b(?!\s*(?:tage|stunden|jahre|wochen))"
        ),
    ),
    (
        "clock",
        re.compile(
            # Swiss "am namittag am zwei", "am zwei uhr": "am" before an hour after a part of the day;
            # Austrian "am Nomittog noch drei" is "nach drei".
            r"\b(?:um|ab|gegen|bis|nach|zwischen|zwüsche|zwische|(?:vor|nach|bis|ab|gege|gegen)\s+(?:de|em)|bis\s+am|(?<=besten )am|(?<=beschte )am|(?<=liebsten )am|(?<=liebschte )am|(?<=lieber )am|(?<=liaber )am|(?<=besser )am|(?<=eher )am"
            r"|am(?=\s+\d{1,2}\s+(?:am\s+|in\s+der\s+|z\s*)?(?:nachmittag|namittag|nomittag|vormittag|morge|abig|abend|früh|frueh|mittag)\w*\b)|(?<=tag )am|(?<=tags )am|(?<=tag )noch|(?<=tags )noch|(?<=tog )noch|(?<=togs )noch|(?<=abend )am|(?<=abends )am|(?<=ig )am|(?<=morn )am|(?<=morge )am|am(?=\s+\d{1,2}\s+uhr))"
            r"\s+(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\b(?!\s*(?:tage|tagen|wochen|jahre|jahren|minuten|stunden|grad|bar|euro|prozent|mal|\.|,\d))"
            r"(?!\s*(?:" + _alt(MONTH_NUMBERS) + r")\b)"
        ),
    ),
]
_CONNECTOR_WORDS = frozenset(
    "um ab gegen am so bis zwischen und oder dann also bitte vielleicht ca circa etwa in der den die gerne gern wenn möglich moeglich es geht wäre waere passt am besten liebsten"
    # "am Donnerstag drauf, so ab zwei": the day after the one named, then its hour
    " drauf darauf danach auch au irgendwann irgendwenn eher"
    # "ab dem zwanzigsten gehts, aber nur vormittags": a limit on the day just named
    " aber nur gehts gehd gaht"
    # "Dienstag wäre gut, aber nur vormittags", "Freitag wär gut, ab zwei"
    " gut wär"
    # "ab dem fünfzehnten, egal welcher Tag, aber nur nachmittags": any day from then, the part of the day still holds
    " egal welcher welchem welche wochentag tag".split()
)
_DOCUMENT_DATE = re.compile(
    r"\b(?:rechnung|rechnig|rächnig|rächnung|mahnung|mahnig|angebot|offerte|voranschlag|brief|schreiben|zettel|befund|bescheinigung|"
    r"auftrag|bestätigung|erlagschein)\w*\s+(?:vom|von|vo|fürs|für\s+das|für\s+die)\s+(?:(?:der|dem|den|die|das|de|dr|em)\s+)?"
    r"(?:[^\W\d_]+\s+){0,2}$"
)
_PAST_MARKERS = re.compile(
    r"(?:\bseit|\bsit|\bsid|\bletzte[nm]?|\bvorige[nm]?|\bvergangene[nm]?|\bgestern|\bvorgestern)\s*(?:\w+\s+)?$"
    # "die war letztes Jahr auch im Oktober", "voriges Mal schon im März": when it was before, no wish
    r"|\b(?:letzte[ns]?|vorige[ns]?|vergangene[ns]?|vorjahr)\s+(?:(?:jahr|mal|woche|monat)\s+)?"
    r"(?:(?:auch|ja|schon|so|immer|genau|ungefähr|ungefaehr|etwa|circa)\s+){0,2}(?:(?:im|am|um|so|anfang|mitte|ende)\s+)*$"
)
# A past deed right after a date: the date is when it was done, no wish.
_DONE_AFTER = re.compile(
    r"\s*(?:(?:schon|bereits|hab|habe|haben|hat|ich|wir|es|das)\s+){0,3}(?:überwiesen|ueberwiesen|bezahlt|gezahlt|"
    r"einbezahlt|eingezahlt|erhalten|bekommen|gekriegt|geschickt|zugeschickt|repariert|eingebaut|installiert)\b"
)
# A time inside a finished deed: "die Frau Berger hatte mich heute früh angerufen", "er hat heute
# Morgen schon versucht": the auxiliary before, the participle a few words after.
_PAST_AUX_BEFORE = re.compile(
    r"\b(?:hat|hatte|hatten|habe|hab|haben|hät|het|hend|händ|isch|ist|war|bin)\s+(?:[^\W\d_]+\s+){0,3}$"
)
_DEED_AFTER = re.compile(
    r"\s*,?\s*(?:(?:schon|bereits|mal|einmal|zweimal|kurz|bei|mir|mich|uns|ihnen|an|es)\s+){0,3}"
    r"(?:angerufen|aagrüeft|agrüeft|angeläutet|angelaeutet|aaglüütet|aglüütet|versucht|probiert|verpasst|"
    r"gemeldet|geschrieben|zurückgerufen|zurueckgerufen|telefoniert|gesprochen|vorbeigekommen|dagewesen)\b"
)
# "heut das erste Mal", "heute zum zweiten Mal": counts the times, no day wished.
_FIRST_TIME_AFTER = re.compile(r"[\s,]*(?:[^\W\d_]+\s+)?(?:das|zum|s|z|des)\s+(?:\d{1,2}\.?|erste\w*|letzte\w*)\s*mal\b")
# The time first, then the auxiliary and the deed (German word order after a time): "heute um halb
# zehn hat jemand angerufen", CH "hüt am morge het öpper aaglüütet".
_AUX_THEN_DEED_AFTER = re.compile(
    r"[\s,]*(?:hat|hatte|hät|het|hed|hets|hät's|hend|händ|haben|hab|habe|ha|han|hani|isch|ist|war|bin)\s+"
    r"(?:(?!(?:und|aber|oder|dann|weil|wenn|dass|u)\b)[^\W\d_]+\s+){0,3}?"
    r"(?:angerufen|aagrüeft|agrüeft|aaglüütet|aglüütet|glüütet|gelüütet|angeläutet|angelaeutet|geläutet|gelaeutet|"
    r"versucht|probiert|verpasst|gemeldet|geschrieben|zurückgerufen|zurueckgerufen|telefoniert|vorbeigekommen|dagewesen|"
    r"gsi|gewesen|passiert|angefangen|aagfange|begonnen)\b"
)
# A time inside a perfect tense of receiving, paying or sending ("ich habe heute eine Mahnung
# bekommen", CH "ich ha hüt e Mahnig übercho", "ich ha d Rechnig zahlt per E-Banking am 12.
# Dezember"): when it was done, no wish. The participle a few words after the time or right before it.
_DONE_PARTICIPLE = (
    r"(?:überwiesen|ueberwiesen|überwiese|bezahlt|zahlt|gezahlt|einbezahlt|eingezahlt|erhalten|erhalte|bekommen|bekomme"
    r"|gekriegt|kriegt|übercho|uebercho|überchoo|becho|geschickt|gschickt|zugeschickt|zuegschickt|geliefert|gliferet"
    # a deed done at the heating: "ich hab heute Morgen noch aufgefüllt", "hab gestern entlüftet"
    r"|aufgefüllt|aufgefuellt|nachgefüllt|nachgefuellt|gefüllt|gefuellt|entlüftet|entlueftet|neu\s+gestartet|neugestartet"
    r"|zurückgesetzt|zurueckgesetzt|resettet|geresettet|abgelesen|nachgeschaut|gemerkt|bemerkt|festgestellt)"
)
_PERFECT_AUX = r"\b(?:hab|habe|haben|hat|hatte|hatten|ha|han|hani|hei|hend|händ|hät|het|hämmer|hemmer)\s+"
_NO_CLAUSE_BREAK = r"(?!(?:und|aber|oder|dann|weil|wenn|dass|u)\b)"
# (a measure between counts as a word: "hab heute Morgen noch auf 1,5 bar aufgefüllt")
_DONE_LATER = re.compile(
    r"(?:[\s,]+" + _NO_CLAUSE_BREAK + r"(?:[^\W\d_][\w\-]*|\d+(?:[.,]\d+)?)){0,5}?[\s,]+" + _DONE_PARTICIPLE + r"\b"
)
_DONE_BEFORE = re.compile(
    _PERFECT_AUX
    + r"(?:[^\W\d_][\w\-]*\s+){0,5}?"
    + _DONE_PARTICIPLE
    + r"(?:\s+"
    + _NO_CLAUSE_BREAK
    + r"[^\W\d_][\w\-]*){0,3}\s+$"
)


def _done_then(text: str, start: int, end: int) -> bool:
    """Whether the time at ``start``–``end`` dates a deed said in the perfect tense."""
    before = text[max(0, start - 60) : start]
    if re.search(_PERFECT_AUX + r"(?:[^\W\d_][\w\-]*\s+){0,3}$", before) and _DONE_LATER.match(text, end):
        return True
    return bool(_DONE_BEFORE.search(before))


_PAST_VERBS = frozenset("ist sind hat habe haben war waren wurde ging fiel kam gab hatte hatten ausgefallen".split())
# When the caller can be reached: "ich bin nur vormittags erreichbar", "wir sind ab halb sechs
# daheim", CH "i bi ab halbi sächsi am abig dihei". The time said is the one that suits.
_AVAILABLE_BEFORE = re.compile(r"\b(?:ich|i|wir|mir)\s+(?:bin|bi|sind|san|sin|sen)\s+(?:[^\W\d_]+\s+){0,2}$")
_AVAILABLE_AFTER = re.compile(
    r"[\s,]*(?:[^\W\d_]+\s+){0,2}?(?:erreichbar|daheim|dahoam|dahoim|deheim|dihei|dehei|zuhause|zu\s+hause|z\s?hus|"
    r"ze\s?huus|z\s?huus|zhaus|zhause|wieder\s+da|da|do)\b"
)
# "ab vier bin ich daheim", AT "ab vier bin i dahoam", CH "ab vieri bin i dihei": when the caller is
# there, said after the hour (the day the hour is said on, when no other day is said).
_AVAILABLE_INVERTED = re.compile(
    r"\s*(?:uhr\s+)?(?:bin|bi|sind|san|sin|sen)\s+(?:ich|i|wir|mir)\s+(?:[^\W\d_]+\s+){0,2}?"
    r"(?:erreichbar|daheim|dahoam|dahoim|deheim|dihei|dehei|zuhause|zu\s+hause|z\s?hus|ze\s?huus|z\s?huus|wieder\s+da|da|do)\b"
)
_WISH_BEFORE = re.compile(r"(?:gerne?|lieber|am besten|am liebsten|bitte|wenn möglich|wenn moeglich)\s+$")
_POSITIVE_AFTER = re.compile(
    r"[\s,]*(?:ist|wäre|waere|wär|passt|geht|isch|gaht|ginge)\s+(?:(?:mir|uns|eher|auch|dann)\s+)?(?:gut|ok|okay|recht|möglich|moeglich|prima|super|perfekt|am besten|besser|lieber)"
)


@dataclass
class _TimeHit:
    kind: str
    start: int
    end: int
    match: re.Match[str]


# The days a stretch was written out with ("2. Januarwoche (11.–15. Januar)", "kw 53 (28. Dezember
# – 1. Januar)", as older wishes were stored "(11.–15.1.)"): read again from a stored wish they
# are no date of their own.
_SPAN_MONTH = r"(?:\d{1,2}\.|\s*(?:" + "|".join(sorted({*MONTHS, *MONTHS_AT})) + r"))"
_SPAN_WRITTEN = re.compile(r"\(\d{1,2}\.(?:" + _SPAN_MONTH + r")?\s*[–-]\s*\d{1,2}\." + _SPAN_MONTH + r"\)", re.IGNORECASE)


def _time_hits(text: str) -> list[_TimeHit]:
    hits: list[_TimeHit] = []
    written = [(m.start(), m.end()) for m in _SPAN_WRITTEN.finditer(text)]
    for kind, pattern in _TIME_PATTERNS:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            if any(start <= match.start() < end for start, end in written):
                continue
            hits.append(_TimeHit(kind, match.start(), match.end(), match))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_TimeHit] = []
    for hit in hits:
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


_NAMED_DAY_KINDS = frozenset({"weekday", "date", "dom"})


_GREETING_BEFORE = re.compile(r"\bgute[nr]?\s+$")


def _clusters(text: str, hits: list[_TimeHit]) -> list[list[_TimeHit]]:
    clusters: list[list[_TimeHit]] = []
    for hit in hits:
        if clusters:
            gap = text[clusters[-1][-1].end : hit.start]
            gap_words = re.findall(r"[^\W\d_]+", gap)
            # "am Mittwuch Vormittag, am Zischtig han ich Dokter": a second day is a new thought
            # unless joined as alternatives or a span ("Montag oder Dienstag", "bis Freitag").
            second_day = (
                hit.kind in _NAMED_DAY_KINDS
                and any(h.kind in _NAMED_DAY_KINDS for h in clusters[-1])
                and not set(gap_words) & {"oder", "und", "bis", "or", "u"}
                and not re.match(r"\s*(?:bis|oder)\b", text[hit.start : hit.end])
                and not _date_of_weekday(text, clusters[-1], hit)
            )
            # "vormittag so ab 9 uhr, nachmittags bin ich beim Arzt": the part the caller is away is no part of the wish
            away = hit.kind == "part" and _UNAVAILABLE_AFTER.match(text, hit.end) is not None
            # "guten Abend, wär es morgen möglich": a greeting is no part of the time said after it
            greeting = len(clusters[-1]) == 1 and _GREETING_BEFORE.search(text, 0, clusters[-1][0].start) is not None
            joined = not second_day and not away and len(gap) <= 30 and not re.search(r"[.!?]", gap)
            if not greeting and (
                _date_of_weekday(text, clusters[-1], hit) or (joined and all(word in _CONNECTOR_WORDS for word in gap_words))
            ):
                clusters[-1].append(hit)
                continue
        clusters.append([hit])
    return clusters


# Words between a weekday and its date that say the date names that day: "den Donnerstag drauf,
# also den 28.", "am Freitag, das wäre der 29.", "Montag, sprich den 1.".
_APPOSITION_GAP = re.compile(
    r"[\s,]*(?:(?:drauf|darauf|danach|druf|also|sprich|das\s+(?:ist|ist\s+dann|wäre|waere|wär|war)|des\s+is|das\s+isch|dann)[\s,]+)*"
    r"(?:(?:dem|em|am|de)\s+)?"  # "ab Montag dem 7. Februar", CH "am Mittwuch em 1. März"
)


def _date_of_weekday(text: str, cluster: list[_TimeHit], hit: _TimeHit) -> bool:
    """ "am Montag, den 14.", "Freitag, 18.12.", "den Donnerstag drauf, also den 28.": the date
    right after a weekday names the same day (an apposition), no second day; the hour said after
    it belongs to both."""
    last = cluster[-1]
    return (
        last.kind == "weekday"
        and hit.kind in ("dom", "date")
        and sum(h.kind in _NAMED_DAY_KINDS for h in cluster) == 1
        and _APPOSITION_GAP.fullmatch(text, last.end, hit.start) is not None
        and re.match(r"\s*(?:(?:den|dem|de|der)\s+)?\d", text[hit.start : hit.end]) is not None  # not "bis zum 20."
    )


def _resolve_now(now: datetime | None, timezone: str) -> tuple[datetime, ZoneInfo]:
    try:
        tz = ZoneInfo(timezone)
    except Exception:  # unknown or malformed zone name: the default zone, never a crash
        tz = ZoneInfo(DEFAULT_TIMEZONE)
    if now is None:
        return datetime.now(tz), tz
    if now.tzinfo is None:
        return now.replace(tzinfo=tz), tz
    return now.astimezone(tz), tz


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Hours (local time) a part of the day stands for in a wished date range, and the end of a
# working day for "ab 16 Uhr".
_PART_RANGES = {"früh": (7, 10), "vormittag": (8, 12), "mittag": (11, 14), "nachmittag": (12, 17), "abend": (17, 20)}
_DAY_END_HOUR = 20


@dataclass
class _When:
    """What a cluster of time words says: the day, the hour (after "um drei" → 15 Uhr), the end
    hour of a range, and which hit said the hour."""

    day: date | None
    hour: int | None
    minute: int
    part: str | None
    from_on: bool
    end_hour: int | None
    hour_hit: _TimeHit | None
    written_until: int | None


def _weekday_in_month(weekday: int, match: re.Match[str], today: date) -> date | None:
    """The first ``weekday`` in the month named ("im Februar", "Mitte März"), this year or next."""
    mon = MONTH_NUMBERS.get(match.group("mon").replace("ae", "ä"), MONTH_NUMBERS.get(match.group("mon")))
    if mon is None:
        return None
    said = match.group(0)
    first = 21 if said.startswith("ende") else 11 if said.startswith("mitte") else 1
    start = _safe_date(today.year + (mon < today.month), mon, first)
    if start is None:
        return None
    start = max(start, today + timedelta(days=1))
    if start.month != mon:
        return None
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _when(cluster: list[_TimeHit], today: date) -> _When | None:
    day: date | None = None
    hour_hit: _TimeHit | None = None
    hour: int | None = None
    minute = 0
    part: str | None = None
    from_on = False
    between = False
    until: int | None = None
    next_week = any(h.kind == "week" and re.search(r"n(?:ä|ae|ö)chs|kommende", h.match.group(0)) for h in cluster)
    week_after_next = any(h.kind == "week" and re.search(r"(?:ü|ue)bern", h.match.group(0)) for h in cluster)
    weeks_later = 0
    named_weekday = any(h.kind == "weekday" for h in cluster)
    conflict = False
    this_year_only = any(h.kind == "heuer" for h in cluster)
    for index, hit in enumerate(cluster):
        m = hit.match
        # "am Donnerstag, den 17.": a date right after its weekday says which one is meant
        apposition = index > 0 and _date_of_weekday(m.string, cluster[:index], hit)
        if hit.kind == "asap" and "heute" in m.group(0):
            day = today  # "noch heute": the date is clear
        elif hit.kind == "day":
            word = m.group("day")
            day = today + timedelta(days={"heute": 0, "heut": 0, "hüt": 0, "morgen": 1, "morn": 1}.get(word, 2))
            if m.group("early") in ("früh", "frueh"):
                part = "früh"  # "heute Morgen" names the day only (the hour is asked), as before
        elif hit.kind == "relday" and named_weekday and int(m.group("n")) in (7, 8, 14, 15):
            weeks_later = 1 if int(m.group("n")) <= 8 else 2  # "Montag in acht Tagen"
        elif hit.kind == "relday":
            day = today + timedelta(days=int(m.group("n")))
        elif hit.kind == "dom" and (day is None or apposition):
            d = int(m.group("d"))
            candidate = _safe_date(today.year, today.month, d)
            if candidate is None or candidate < today:
                month_after = today.month % 12 + 1
                candidate = _safe_date(today.year + (today.month == 12), month_after, d)
            if candidate is not None and day is not None:
                # the date says which Thursday; a date on another weekday is unclear
                conflict = conflict or candidate.weekday() != day.weekday()
                day = candidate
            elif candidate is not None:
                day = candidate
        elif hit.kind == "between" and hour is None:
            hour_hit = hit
            hour = int(m.group("h"))
            minute = int(m.group("min")) if m.group("min") else 0
            between = True
            until = int(m.group("h2"))
        elif hit.kind == "inweeks":
            weeks_later = {"einer": 1, "zwei": 2, "drei": 3, "vier": 4}.get(m.group("wn")) or int(m.group("wn"))
        elif hit.kind == "weekday":
            target = _WEEKDAYS.get(m.group("wd"), 0)
            if next_week or (m.group("next") or "").startswith(("nächsti", "nächschte")):
                monday = today - timedelta(days=today.weekday()) + timedelta(days=14 if week_after_next else 7)
                day = monday + timedelta(days=target)
            else:
                ahead = (target - today.weekday()) % 7 or 7
                day = today + timedelta(days=ahead)
            if m.group("wdpart"):
                part = _PART_OF_DAY.get(m.group("wdpart"), "früh" if m.group("wdpart") == "morgen" else None)
        elif hit.kind == "date":
            d = int(m.group("d"))
            if m.group("mn"):
                month = MONTH_NUMBERS.get(m.group("mn").replace("ae", "ä"), MONTH_NUMBERS.get(m.group("mn")))
                year_text = m.group("y2")
            else:
                month = int(m.group("m"))
                year_text = m.group("y")
            if month is None:
                continue
            said_before = day if apposition else None
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                day = _safe_date(year, month, d)
            else:
                day = _safe_date(today.year, month, d)
                if day and day < today and not this_year_only:
                    day = _safe_date(today.year + 1, month, d)
            if said_before is not None and day is not None and said_before.weekday() != day.weekday():
                conflict = True  # "Freitag, 17.12." when the 17th is a Thursday: which one is meant is unclear
        elif hit.kind == "part":
            part = _PART_OF_DAY.get(m.group("part"))
        elif hit.kind == "clock" and hour is not None and between and until is None:  # "zwischen 8 und 10 uhr"
            until = int(m.group("h"))
        elif hit.kind == "clock" and hour is None:
            hour_hit = hit
            from_on = re.match(r"\s*(?:so\s+)?(?:ab|nach)\b", m.group(0)) is not None
            between = re.match(r"\s*(?:zwischen|zwüsche|zwische)\b", m.group(0)) is not None
            hour = int(m.group("h"))
            minute_text = m.groupdict().get("min") or m.groupdict().get("min2")
            minute = int(minute_text) if minute_text else 0
        elif hit.kind == "half":
            hour_hit = hit
            h = int(m.group("h"))
            q = m.group("q")
            if q in ("halb", "halbi"):
                hour, minute = h - 1, 30
            elif q in ("viertel nach", "viertel ab"):
                hour, minute = h, 15
            elif q in ("viertel vor", "viertel vo") or ("viertel" in q and q != "viertel"):
                hour, minute = h - 1, 45
            else:  # "viertel drei" = 2:15 (east German / Austrian)
                hour, minute = h - 1, 15
            if hour < 0:
                hour += 12
    if conflict:
        day = None  # the text stays as said; no date is made up from one half of it
    month_hit = next((h for h in cluster if h.kind == "month" and h.match.group("mon")), None)
    if month_hit is not None and named_weekday and day is not None and not weeks_later:
        day = _weekday_in_month(day.weekday(), month_hit.match, today) or day  # "Dienstag, am liebsten im Februar"
    if weeks_later and day is not None:  # "in zwei Wochen" alone names no day
        if named_weekday:  # "Montag in einer Woche": that weekday from a week after today on
            start = today + timedelta(days=7 * weeks_later)
            day = start + timedelta(days=(day.weekday() - start.weekday()) % 7)
        else:
            day += timedelta(days=7 * weeks_later)
    if hour is not None:
        if part in ("nachmittag", "abend") and hour < 12:
            hour += 12
        elif part not in ("früh", "vormittag") and 1 <= hour <= 6:
            hour += 12  # "um drei" at a trade business means 15:00
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            return None
    end_hour: int | None = None
    if hour is not None and until is not None:
        end_hour = until + 12 if until < hour and until + 12 <= 23 else until
        if not hour < end_hour <= 23:
            end_hour = None
    return _When(day, hour, minute, part, from_on, end_hour, hour_hit, until)


def _normalize_time(cluster: list[_TimeHit], now: datetime, tz: ZoneInfo) -> str | None:
    days = [h for h in cluster if h.kind in _NAMED_DAY_KINDS]
    if len(days) >= 2 and any(
        re.search(r"\boder\b", h.match.string[a.end : h.start])
        or (a.kind == h.kind == "weekday" and re.search(r"\b(?:und|u)\b", h.match.string[a.end : h.start]))
        for a, h in itertools.pairwise(days)
    ):
        return None  # "Mittwoch oder Donnerstag", "am Dienstag und am Donnerstag daheim": two days to choose from
    alternatives = _first_alternative(cluster)
    if alternatives is not None:
        # "heute nach halb fünf oder morgen früh vor acht": two days to choose from; the first,
        # said with its hour, is one time (never the day of one with the hour of the other).
        offered = _when(alternatives, now.date())
        if offered is None or offered.day is None or offered.hour is None:
            return None
        cluster = alternatives
    when = _when(cluster, now.date())
    if (
        when is not None
        and when.day is None
        and when.hour is not None
        and when.hour > now.hour
        and _AVAILABLE_INVERTED.match(cluster[-1].match.string, cluster[-1].end)
    ):
        when = dataclasses.replace(when, day=now.date())  # "ab vier bin ich daheim" said in the morning: today from four on
    if when is None or when.day is None:
        return None
    day, hour, minute, part, from_on, end_hour = when.day, when.hour, when.minute, when.part, when.from_on, when.end_hour
    if hour is not None:
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        if end_hour is not None:
            return f"{start.isoformat()}/{start.replace(hour=end_hour, minute=0).isoformat()}"
        if from_on and start.hour < _DAY_END_HOUR:  # "ab 16 Uhr": from then to the end of the working day
            return f"{start.isoformat()}/{start.replace(hour=_DAY_END_HOUR, minute=0).isoformat()}"
        return start.isoformat()
    if part in _PART_RANGES:  # "Mittwoch Vormittag": the hours of that part of the day
        first, last = _PART_RANGES[part]
        begin = datetime(day.year, day.month, day.day, first, tzinfo=tz)
        end = datetime(day.year, day.month, day.day, last, tzinfo=tz)
        return f"{begin.isoformat()}/{end.isoformat()}"
    return day.isoformat()


def _first_alternative(cluster: list[_TimeHit]) -> list[_TimeHit] | None:
    """The hits before "oder" when a day is said on both sides of it, else ``None``."""
    for i in range(1, len(cluster)):
        if re.search(r"\b(?:oder|or|odr)\b", cluster[i].match.string[cluster[i - 1].end : cluster[i].start]):
            before, after = cluster[:i], cluster[i:]
            if any(h.kind in _DAY_KINDS for h in before) and any(h.kind in _DAY_KINDS for h in after):
                return before
            return None
    return None


def _clock_text(hour: int, minute: int) -> str:
    return f"{hour} Uhr" if minute == 0 else f"{hour}:{minute:02d} Uhr"


def _time_as_written(t: _Text, cluster: list[_TimeHit], today: date) -> str:
    """The words of ``cluster`` as said, the hour as a receptionist writes it down: "um halb 8
    in der früh" → "um 7:30 Uhr in der früh", "am Nachmittag so nach 3" → "… nach 15 Uhr",
    "zwischen 3 und 5" in the afternoon → "zwischen 15 und 17 Uhr", Swiss "am 2 am Namittag" →
    "um 14 Uhr am Namittag". An hour said as meant ("um 14 Uhr") stays as said, and so does a
    wish with its day (the normalized date-time carries the hour)."""
    start, end = cluster[0].start, cluster[-1].end
    said = t.digits[start:end]
    when = _when(cluster, today)
    if when is None or when.hour is None or when.hour_hit is None:
        return said
    hit = when.hour_hit
    m = hit.match
    said_hour = m.groupdict().get("h")
    if (
        when.day is not None
        and not any(h.kind == "part" for h in cluster)
        and not (hit.kind == "clock" and said_hour and int(said_hour) != when.hour)
    ):
        # "übermorgen um halb 3": the normalized date-time carries the hour; "heute nach 4 Uhr"
        # is written "nach 16 Uhr", the hour the caller means
        return said
    span: tuple[int, int] | None = None
    text: str | None = None
    if hit.kind == "half":
        span, text = (m.start("q"), m.end("h")), _clock_text(when.hour, when.minute)
    elif hit.kind == "between":
        if int(m.group("h")) != when.hour or (when.end_hour is not None and when.written_until != when.end_hour):
            until = when.end_hour if when.end_hour is not None else when.written_until
            span, text = (m.start(), m.end()), f"zwischen {_clock_text(when.hour, when.minute)[:-4]} und {until} Uhr"
    elif hit.kind == "clock" and (
        int(m.group("h")) != when.hour or re.search(r"(?:\s(?:de|em)|\bam)\s+$", t.low[m.start() : m.start("h")])
    ):
        clock_end = m.end("min") if m.group("min") else m.end("h")
        rest = re.match(r"\s*uhr\b", t.low[clock_end:end])
        span = (m.start("h"), clock_end + (rest.end() if rest else 0))
        text = _clock_text(when.hour, when.minute)
        lead = re.search(r"\bam\s+$", t.low[m.start() : m.start("h")])
        article = re.search(r"\s(?:de|em)\s+$", t.low[m.start() : m.start("h")])
        if lead:  # Swiss "am zwei am Namittag": "um 14 Uhr"
            span, text = (m.start() + lead.start(), span[1]), "um " + text
        elif article:  # Swiss "vor de nüüni": "vor 9 Uhr"
            span = (m.start() + article.start(), span[1])
            text = " " + text
    if span is None or text is None:
        return said
    return t.digits[start : span[0]] + text + t.digits[span[1] : end]


# "nicht" with the Austrian, Bavarian and Swiss forms ("do bin i ned daham", "da bin i nöd dihei").
_NOT = r"(?:nicht|net|ned|nit|nöd|noed|nüd|nie|niemand|keiner)"
_UNAVAILABLE_AFTER = re.compile(
    r"[\s,]*(?:(?:da|do|dann|an\s+dem\s+tag)\s+)?(?:(?:bin|sind|san|ist|isch)\s+(?:ich|i|wir|mir|niemand|keiner)|(?:geht|gaht|passt|klappt|kann)\s+(?:es|das|ich|i|wir|mir)?)"
    # "ab vier bin ich daheim, vorher nicht": what is denied is the time before
    r"\s*(?:(?!(?:vorher|davor|früher|frueher|eher|vorhär|danach|nachher|später|spaeter|dann)\b)\w+\s+){0,3}?" + _NOT + r"\b"
    r"|[\s,]*(?:(?:da|do|dann)\s+)?(?:bin|sind|san)\s+(?:ich|i|wir|mir)\s+(?:\w+\s+){0,2}?(?:weg|verreist|im\s+urlaub|auf\s+urlaub|unterwegs)\b"
    # "nachmittags bin ich beim Arzt", AT "do bin i in da Arbeit": somewhere else then
    r"|[\s,]*(?:(?:da|do|dann)\s+)?(?:bin|sind|san)\s+(?:ich|i|wir|mir)\s+(?:\w+\s+)?(?:beim|bim|bei\s+der|in\s+der|in\s+da|i\s+de|im|in|z)\s+"
    r"(?:arzt|doktor|dokter|zahnarzt|arbeit|arbet|schule|schicht|kur|spital|krankenhaus|reha)\b"
    r"|[\s,]*(?:aber\s+)?" + _NOT + r"\s*(?:[,.]|sondern\b|$)"
    # "am Zischtig han ich Dokter", "am Dienstag hab ich den Arzt": another appointment then
    r"|[\s,]*(?:(?:da|do|dann)\s+)?(?:han|hab|habe|hani|ha|hob)\s*(?:ich|i)?\s+(?:(?:en|einen|an|a|e|den|de|scho|schon)\s+)*"
    r"(?:dokter|doktor|arzt|arzttermin|zahnarzt|augenarzt|termin|chemo|dialyse|konferenz|besprechung|sitzung|meeting"
    r"|dienst|frühdienst|spätdienst|nachtdienst|schicht|frühschicht|spätschicht|nachtschicht|unterricht|schule|training"
    r"|kurs|probe|chorprobe|elternabend|physio|physiotherapie|therapie|friseur|coiffeur|gottesdienst|sprechstunde)\b"
    # "Montag is schlecht", "da passt es mir eher ungünstig", CH "am Mäntig isch es chli schlecht": it does not suit
    r"|[\s,]*(?:(?:da|do|dann)\s+)?(?:is|ist|isch|passt|geht|gaht|wär|wäre|waere|wird)\s+"
    r"(?:(?:es|das|des|mir|mer|bei\s+mir|eher|ganz|leider|aber|halt|echt|sehr|total|ziemlich|bissl|bissel|bisschen|chli|e|a)\s+)*"
    r"(?:schlecht|schlächt|ungünstig|unguenstig|blöd|bloed|doof|schwierig|ganz\s+schlecht)\b"
)
# What the day is, no wish for it: "heute is Feiertag", "morgen ist ja Sonntag".
_DAY_DESCRIBED_AFTER = re.compile(
    r"[\s,]*(?:is|ist|isch|war|wär)\s+(?:(?:ja|doch|eh|halt|aber|a|e|der|ein|en|jo)\s+)*"
    r"(?:feiertag|sonntag|samstag|wochenende|ruhetag|brückentag|brueckentag|nationalfeiertag|staatsfeiertag)\b"
)
# The weekday of "morgen ist ja Sonntag" names what tomorrow is.
_DAY_DESCRIBED_BEFORE = re.compile(
    r"\b(?:heute|heut|hüt|huet|morgen|morn|übermorgen|uebermorgen)\s+(?:is|ist|isch|war)\s+(?:(?:ja|doch|eh|halt|aber|jo)\s+)*(?:der\s+|ein\s+)?$"
)


# The visit the caller was told of: "dass der Rauchfangkehrer am Mittwoch kommt", "dass sie
# morgen zum Kehren kommen", "de Monteur chunt morn für d Wartig"; what follows it says whether it suits.
_COMING_AFTER = re.compile(
    r"(?:\s+(?:zum|zur|für|fuer|für\s+die|für\s+den|für\s+d|wegen|dem|der|den|die|d|de)?\s*[^\W\d_]+){0,3}?\s+"
    r"(?:kommen|kommt|kommst|kummt|kumman|chunt|chömed|vorbeikommen|vorbeischauen|vorbeikommt)\b[\s,.]*(?:aber\s+)?"
)
# The planned visit does not suit, said a few words later: "sollte morgen früh kommen wegen der
# Wartung, das schaff ich aber nicht", "kommt am Dienstag zum Kehren, des geht si ned aus".
_CANNOT_MAKE_IT = re.compile(
    r"[\s,.]*(?:[^\W\d_]+[\s,.]+){0,5}?(?:das|des|dös|es|da|do|dann)\s+(?:schaff|schaffe|geht|gaht|passt|klappt|kann|ko|bin|is|isch)"
    r"(?:\s+[^\W\d_]+){0,3}?\s+" + _NOT + r"\b"
)
# Somewhere else the caller must be then: "aber da muss ich zum Arzt", "da mues i schaffe".
_OBLIGED_AFTER = re.compile(
    r"[\s,.]*(?:aber\s+)?(?:da|do|dann)\s+(?:muss|mues|mueß|muaß|hab|habe|han|ha)\s+(?:ich|i)\s+(?:leider\s+|aber\s+|scho\s+|schon\s+)*"
    r"(?:zum|zur|ins|in\s+die|in\s+der|einen|an|en|e|arbeiten|schaffe|weg|termin)\b"
)
_MUST = r"(?:muss|mues|mueß|muaß|bin)"
_OBLIGED_BEFORE = re.compile(r"\b(?:" + _MUST + r"\s+(?:ich|i)|(?:ich|i)\s+" + _MUST + r")\s+(?:[^\W\d_]+\s+)?$")
_OBLIGED_NEXT = re.compile(r"[\s,]*(?:da\s+|do\s+|dann\s+)?" + _MUST + r"\s+(?:ich|i)\b")
_BUSY_AFTER = re.compile(
    r"(?:\s+[^\W\d_]+){0,2}?\s+(?:arbeiten|arbeite|schaffe|schaffen|schaffa|weg|verreist|unterwegs|im\s+urlaub|auf\s+urlaub)\b"
)
# "ginge das nicht am Donnerstag", "wär's nicht am Freitag möglich": a question, no negation.
_ASKING_NOT_BEFORE = re.compile(
    r"\b(?:(?:ginge|ging|geht|gienge|wäre|waere|wär|würde|wuerde|passt|tät|tät)\s+(?:das|es|des)\s+|gehts\s+|wär's\s+|tät's\s+"
    r"|(?:könnten|koennten|könnte|koennte|können|koennen)\s+(?:sie|ihr|man)\s+)(?:denn\s+|vielleicht\s+|auch\s+|eventuell\s+)*"
    + _NOT
    + r"\s+(?:(?:auch|eher|lieber|vielleicht)\s+)?(?:(?:am|um|ab|den)\s+)?$"
)
# A time taken back at once: "am Donnerstag, na, Freitag …", "Montag, nein, Dienstag".
_TAKEN_BACK_AFTER = re.compile(
    r"[\s,.]+(?:(?:ah|äh|oh|ach)[\s,.]+)?(?:"
    + _TAKE_BACK
    + r"|doch\s+nicht|quatsch)[\s,.]+(?:(?:"
    + _I_MEAN
    + r"|"
    + _HEDGE
    + r"|lieber|eher|doch|am|den|halt|also|sorry|äh|ähm)[\s,]+)*(?=[^\W\d_]*(?:tag|tig|woch|wuch|morgen|morn|\d)|(?:"
    + _alt(_WEEKDAYS)
    + r")\b)"
)
# Words that ask for a time: "geht das auch am Donnerstag", "lieber", "am besten".
_WISH_CUE_BEFORE = re.compile(
    r"\b(?:geht|ginge|ging|passt|passen|wäre|wär|waere|würde|könnten|könnt|chönd|chönnt|lieber|besser|stattdessen|"
    r"am\s+liebsten|am\s+besten|am\s+beschte|dafür|dafuer|sondern)\b[^.!?]*$"
)
_NEGATED_BEFORE = re.compile(r"\b" + _NOT + r"\s+(?:(?:am|um|ab|den|diesen|nächsten|naechsten)\s+)?$")
_ANSWER_LEAD = frozenset("nein nei na ne ja jo eher lieber also äh ähm doch dann besser".split())


_RANGE_OF_UNITS_BEFORE = re.compile(
    r"\b(?:stiege|stiegen|stg|top|tür|tuer|türen|stock|haus|häuser|hausnummer|hausnummern|nummer|nr|aufgang|eingang|block)"
    r"\s+\d{1,4}[a-h]?\s*$"
)


def _only_part_said(text: str, start: int, end: int) -> bool:
    """ "nachmittags" or "nein, nachmittags" as the whole answer (to "Wann passt es Ihnen?", or a
    correction once its negated part is cut) is a wish, not a description of the fault."""
    before = re.findall(r"[^\W\d_]+", text[:start])
    after = re.findall(r"\w+", text[end:])
    return not after and all(word in _ANSWER_LEAD for word in before)


# What follows "Morgen" said as a greeting: a pause, a name, or the caller's first question
# ("Morgen, sagen Sie mal, wann kommt …").
_GREETING_AFTER = re.compile(
    r"\s*(?:[,.!]|(?:äh|ähm|öh|guten|hallo|grüß|hier|ich|mein|meine|wir|unsere|die|der|das|ja|sagen|sag|sagense|wann|warum|wieso"
    r"|also|entschuldigung|sorry|kurz\s+und\s+knapp)\b"
    # "Morgen, Hausmeister hier", "Morgen, Krause hier": who calls, after the greeting
    r"|[^\W\d_]+\s+hier\b)"
)
# The caller asks when the planned visit is ("wann kommt denn heute Ihr Monteur"): the day
# inside that question is the visit asked about, no wish.
_ASKING_WHEN_BEFORE = re.compile(
    r"\bwann\s+(?:kommt|kommen|kummt|chunt|chömed|isch|ist|is)\s+(?:(?:denn|jetzt|eigentlich|nun|da|der|die|ihr|de)\s+)*$"
)


def _preferred_time(t: _Text, now: datetime | None, timezone: str) -> SlotValue | None:
    text = t.masked
    hits = _time_hits(text)
    if not hits:
        return None
    eligible: list[tuple[list[_TimeHit], bool]] = []
    taken_back: list[tuple[int, int]] = []
    for cluster in _hour_said_again(text, _clusters(text, hits), taken_back):
        start, end = cluster[0].start, cluster[-1].end
        if _PAST_MARKERS.search(text[max(0, start - 30) : start]):
            continue
        lead_word = re.match(r"\s*(vom|von)\s", text[start:end])
        if _DOCUMENT_DATE.search(text[max(0, start - 40) : start] + (lead_word.group(1) + " " if lead_word else "")):
            continue  # "die Rechnung vom 12. November" dates the invoice
        if _FLOORS_AFTER.match(text, end):
            continue  # "erster, zweiter und vierter Stock": floors, no date
        if _RANGE_OF_UNITS_BEFORE.search(text, max(0, start - 30), start) and text[start:end].lstrip().startswith("bis"):
            continue  # "Stiege 1 bis 3": the stairs of a building, no hour
        if _UNAVAILABLE_AFTER.match(text, end) or _DAY_DESCRIBED_AFTER.match(text, end):
            continue  # "Montag is schlecht", "heute is Feiertag"
        if cluster[0].kind == "weekday" and _DAY_DESCRIBED_BEFORE.search(text[max(0, start - 30) : start]):
            continue  # "morgen ist ja Sonntag"  # "am Dienstag, da bin ich aber nicht daheim" is the time that does not suit
        coming = _COMING_AFTER.match(text, end)
        if coming and (
            _UNAVAILABLE_AFTER.match(text, coming.end())
            or _OBLIGED_AFTER.match(text, coming.end())
            or _CANNOT_MAKE_IT.match(text, coming.end())
        ):
            continue  # "dass sie morgen zum Kehren kommen, da bin i aber ned daheim"
        if _busy_then(text, start, end):
            continue  # "ich muss morgen doch arbeiten", "am Freitag muss ich arbeiten": the day the caller is busy
        if _OBLIGED_AFTER.match(text, coming.end() if coming else end):
            continue  # "morgen früh um acht …, aber da muss ich zum Arzt"
        negated = _NEGATED_BEFORE.search(text[max(0, start - 20) : start])
        if negated and not _ASKING_NOT_BEFORE.search(text[max(0, start - 40) : start]):
            continue  # "nicht Mittwoch, sondern Donnerstag", "ned am Mittwoch" ("ginge das nicht am Donnerstag" asks)
        if _TAKEN_BACK_AFTER.match(text, end):
            continue  # "am Donnerstag, na, Freitag in der Früh": the first day taken back
        if re.search(r"\bgute[nr]?\s+$", text[max(0, start - 8) : start]) and text[start:end].strip() in ("morgen", "abend"):
            continue  # "guten Morgen" is a greeting, no wish for tomorrow
        if text[start:end].strip() == "morgen" and _only_fillers_before(text, start) and _GREETING_AFTER.match(text, end):
            continue  # "Morgen, äh, guten Morgen, …": "Morgen" alone at the start greets
        if _PAST_AUX_BEFORE.search(text[max(0, start - 40) : start]) and _DEED_AFTER.match(text, end):
            continue  # "hatte mich heute früh angerufen": when somebody called, no wish
        if _FIRST_TIME_AFTER.match(text, end):
            continue  # "wir sind heut das erste Mal hier": which time, no day wished
        if _AUX_THEN_DEED_AFTER.match(text, end):
            continue  # "heute früh um halb zehn hat jemand angerufen", CH "hüt am halbi zäh het öpper aaglüütet"
        if _ASKING_WHEN_BEFORE.search(text[max(0, start - 40) : start]):
            continue  # "wann kommt denn heute Ihr Monteur": the day of the visit asked about
        if _DONE_AFTER.match(text, end) or _done_then(text, start, end):
            continue  # "am fünften Jänner überwiesen", "am Montag hab ich bezahlt": a day something was done
        kinds = {h.kind for h in cluster}
        if kinds <= {"heuer"}:
            continue
        if kinds <= {"day", "weekday", "part"} and not _POSITIVE_AFTER.match(text, end):
            following = re.match(r"\s*([^\W\d_]+)", text[end:])
            if following and following.group(1) in _PAST_VERBS:
                continue
        # A bare "abends" may describe the fault ("abends wird es kalt"); keep it only
        # when it reads like a wish ("am vormittag", "gerne vormittags").
        bare_part = kinds <= {"part"} and not cluster[0].match.group(0).startswith(("am", "über", "ueber"))
        if (
            bare_part
            and not _WISH_BEFORE.search(text[max(0, start - 25) : start])
            and not _only_part_said(text, start, end)
            and not _available_then(text, start, end)
        ):
            continue
        eligible.append((cluster, bare_part))
    if not eligible:
        return None
    # A later time asked for ("…, geht das auch am Donnerstag ab 14 Uhr?", "Freitag wär besser")
    # is the wish; a time said first without such words is the one that was planned.
    chosen = eligible[0]
    if not _wished(text, chosen[0]):
        chosen = next((c for c in eligible[1:] if _wished(text, c[0])), chosen)
    # The caller changed their mind in the same answer ("Freitag, nein halt, da hab ich …, also
    # Montag nach drei", "Dienstag oder besser Mittwoch"): the time said after it wins.
    chosen = next(
        (c for c in reversed(eligible) if c[0][0].start > chosen[0][-1].end and _changed_mind_before(text, chosen[0], c[0])),
        chosen,
    )
    index = next(i for i, c in enumerate(eligible) if c is chosen)
    # "am Donnerstag um dreiviertel acht, das wär mir recht, dreiviertel acht": the hour said
    # again is the same wish as the fuller one before it.
    today = _resolve_now(now, timezone)[0].date()
    chosen = next((c for c in eligible[:index] if _said_again(chosen[0], c[0], today)), chosen)
    index = next(i for i, c in enumerate(eligible) if c is chosen)
    if {h.kind for h in chosen[0]} <= {"yearturn", "week", "part", "month"}:
        # "in der Woche nach Neujahr, also ab dem 4. Januar": the day named after narrows it down
        chosen = next((c for c in eligible[index + 1 :] if {h.kind for h in c[0]} & _DAY_KINDS), chosen)
    cluster, bare_part = chosen
    cluster = _with_day_said_apart(text, cluster, [c for c, _ in eligible])
    now_tz, tz = _resolve_now(now, timezone)
    cuts = [cut for cut in taken_back if cluster[0].start <= cut[0] and cut[1] <= cluster[-1].end]
    said = _without(t, cuts) if cuts else t
    value = _time_as_written(said, cluster, now_tz.date()).strip(" ,")
    if cuts:
        value = re.sub(r"\s{2,}", " ", value)
    normalized = _normalize_time(cluster, now_tz, tz)
    first = _first_alternative(cluster)
    if first is not None and normalized is not None:
        # "heute nach halb fünf oder morgen früh": the first offer is the time, the other one
        # keeps its date so it can be read without the call's date at hand.
        other = cluster[len(first) :]
        other_when = _when(other, now_tz.date())
        if other_when is not None and other_when.day is not None:
            day = other_when.day
            value = f"{value} ({texts_de.WEEKDAYS[day.weekday()]}, {day.day}.{day.month}.)"
    kinds = {h.kind for h in cluster}
    if "yearturn" in kinds and not kinds & _DAY_KINDS and re.search(r"zw", value) and "27." not in value:
        value += " (27.–30.12.)"  # "zwischen den Jahren": the working days between Christmas and New Year
    if "month" in kinds and not kinds & _DAY_KINDS:
        span = next((_month_span(h.match, now_tz.date()) for h in cluster if h.kind == "month"), None)
        if span is not None:
            value += f" ({span})"  # "2. Januarwoche (11.–15. Januar)": the days staff can offer
    # A part of the day said alone is clear; "nach Neujahr" alone is vague (asked again when said unasked).
    confidence = 0.9 if normalized else 0.8 if bare_part else 0.7
    return SlotValue(value, normalized, confidence)


_DAY_KINDS = frozenset({"date", "dom", "relday", "day", "weekday", "inweeks"})


def _month_span(match: re.Match[str], today: date) -> str | None:
    """The days a part of a month or a week of it spans, the next time it comes: "Anfang Januar"
    → "1.–10.1.", "Mitte" 11.–20., "Ende" from the 21st; the n-th week of a month and a calendar
    week run Monday to Friday, a month's week being one whose Thursday is in it (as calendar
    weeks count)."""
    said = match.group(0)
    if match.group("kw") or match.group("kw2"):
        number = int(match.group("kw") or match.group("kw2"))
        for year in (today.year, today.year + 1):
            try:
                monday = date.fromisocalendar(year, number, 1)
            except ValueError:
                return None
            if monday + timedelta(days=4) >= today:
                return _days_span(monday, monday + timedelta(days=4))
        return None
    name = match.group("mon") or match.group("wmon") or match.group("wmon2")
    month = MONTH_NUMBERS.get(name.replace("ae", "ä"), MONTH_NUMBERS.get(name))
    if month is None:
        return None
    for year in (today.year, today.year + 1):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        if match.group("mon"):
            if said.startswith("im"):
                return None  # "im Januar": the whole month, said as it is
            begin, end = {"anfang": (1, 10), "mitte": (11, 20)}.get(said.split()[0], (21, last.day))
            span = (date(year, month, begin), date(year, month, end))
        else:
            monday = first - timedelta(days=first.weekday())
            if (monday + timedelta(days=3)).month != month:
                monday += timedelta(days=7)
            if match.group("nth").startswith("letzte"):
                monday = last - timedelta(days=last.weekday())
                if (monday + timedelta(days=3)).month != month:
                    monday -= timedelta(days=7)
            else:
                monday += timedelta(days=7 * (int(match.group("nth")[0]) - 1))
                if (monday + timedelta(days=3)).month != month:
                    return None  # no fifth week in this month
            span = (monday, monday + timedelta(days=4))
        if span[1] >= today:
            return _days_span(*span, austrian="nner" in name)
    return None


def _days_span(begin: date, end: date, *, austrian: bool = False) -> str:
    """The days as written for staff, with the month as a word ("11.–15. Januar"; a span over
    the month's end "28. Dezember – 1. Januar"): "11.–15.1." read like a number, and the month
    the caller said was lost from the wish. Said "Jänner", it stays "Jänner"."""
    months = MONTHS_AT if austrian else MONTHS
    if begin.month == end.month:
        return f"{begin.day}.–{end.day}. {months[end.month - 1]}"
    return f"{begin.day}. {months[begin.month - 1]} – {end.day}. {months[end.month - 1]}"


_FLOORS_AFTER = re.compile(r"(?:\s*,?\s*(?:(?:und|u|oder)\s+)?\d{1,2}\.)*\s*(?:stock|stockwerk|og|obergeschoss|etage)\b")
_HOUR_KINDS = frozenset({"clock", "half", "between"})

# The hour taken back after the day was said, and said again: "am Dienstag um neun, nein,
# lieber um zehn", Swabian "am Dienschtag um neune, noi, doch lieber um zehne", Bavarian
# "… um neune, naa, zehne moan i". Only take-back words (and "doch lieber") between the two.
_HOUR_TAKEN_BACK = re.compile(
    r"[\s,.!]+(?:(?:ah|äh|oh|ach)[\s,.!]+)?(?:" + _TAKE_BACK + r"|doch\s+nicht|quatsch|sorry|korrektur)"
    r"(?:[\s,.!]+(?:"
    + _TAKE_BACK
    + r"|"
    + _HEDGE
    + r"|doch|lieber|liaber|eher|besser|dann|also|halt|sorry|äh|ähm|warten\s+sie|wart|moment))*[\s,.!]*"
)


def _hour_said_again(text: str, clusters: list[list[_TimeHit]], cuts: list[tuple[int, int]]) -> list[list[_TimeHit]]:
    """Clusters with an hour taken back replaced by the hour said after it; the day said before
    stays. The span taken back is added to ``cuts`` (it is no part of the wish as written)."""
    out: list[list[_TimeHit]] = []
    for cluster in clusters:
        previous = out[-1] if out else None
        kinds = {h.kind for h in cluster}
        if previous is not None and kinds & _HOUR_KINDS and kinds <= _HOUR_KINDS | {"part"}:
            first_hour = next((i for i, h in enumerate(previous) if h.kind in _HOUR_KINDS), None)
            if (
                first_hour is not None
                and {h.kind for h in previous[:first_hour]} & _DAY_KINDS
                and all(h.kind in _HOUR_KINDS for h in previous[first_hour:])
                and _HOUR_TAKEN_BACK.fullmatch(text, previous[-1].end, cluster[0].start)
            ):
                cuts.append((previous[first_hour].start, cluster[0].start))
                out[-1] = [*previous[:first_hour], *cluster]
                continue
        out.append(cluster)
    return out


def _without(t: _Text, cuts: list[tuple[int, int]]) -> _Text:
    """``t`` with the spans in ``cuts`` blanked (same length, so positions stay)."""

    def blank(text: str) -> str:
        for start, end in cuts:
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    return _Text(digits=blank(t.digits), low=blank(t.low), masked=blank(t.masked), lowercase_source=t.lowercase_source)


_DAY_APART_MAX_WORDS = 10


def _with_day_said_apart(text: str, cluster: list[_TimeHit], eligible: list[list[_TimeHit]]) -> list[_TimeHit]:
    """ "am Freitag ginge es, ab acht bin ich da": an hour without a day takes the one day said
    apart from it in the same sentence (and a day without an hour the one hour)."""
    kinds = {h.kind for h in cluster}
    if kinds & _DAY_KINDS and kinds & _HOUR_KINDS:
        return cluster
    wanted = (
        _HOUR_KINDS | ({"part"} if "part" not in kinds else set())  # "Mittwoch oder Donnerstag, lieber vormittags"
        if kinds & _DAY_KINDS
        else _DAY_KINDS
        if kinds & _HOUR_KINDS or kinds == {"part"}  # "am Montag, lieber nachmittags"
        else frozenset()
    )
    if kinds & _DAY_KINDS <= {"weekday"} and "month" not in kinds:
        # a weekday or an hour and the month said apart: "Dienstag oder Donnerstag, egal welche Woche,
        # am liebsten im Februar", "früh ab sieben, egal welcher Tag, im März"
        wanted = wanted | {"month"}
    if kinds == {"month"}:
        wanted = frozenset({"weekday"})
    others = [
        c
        for c in eligible
        if c is not cluster
        and {h.kind for h in c} & wanted
        and not re.search(r"[.!?]", text[min(c[-1].end, cluster[-1].end) : max(c[0].start, cluster[0].start)])
        # recognisers write no full stops: a long stretch between them is another sentence
        and len(text[min(c[-1].end, cluster[-1].end) : max(c[0].start, cluster[0].start)].split()) <= _DAY_APART_MAX_WORDS
    ]
    if len(others) != 1 or {h.kind for h in others[0]} & (_DAY_KINDS | _HOUR_KINDS) - wanted:
        return cluster
    return sorted([*cluster, *others[0]], key=lambda h: h.start)


def _said_again(cluster: list[_TimeHit], earlier: list[_TimeHit], today: date) -> bool:
    """Whether ``cluster`` (an hour, maybe a part of the day) repeats the hour of ``earlier``."""
    if not {h.kind for h in cluster} <= _HOUR_KINDS | {"part"}:
        return False
    if not {h.kind for h in earlier} & _HOUR_KINDS:
        return False
    again, first = _when(cluster, today), _when(earlier, today)
    return (
        again is not None
        and first is not None
        and again.hour is not None
        and (again.hour, again.minute) == (first.hour, first.minute)
    )


# Words with which a caller takes back the time just said and names another: "nein halt",
# "ach nein", "doch lieber", "also dann", "oder besser", "oder doch", "ich mein", "korrektur".
_CHANGE_OF_MIND = re.compile(
    r"\b(?:(?:nein|nee|nei|na|naa|noi)[\s,.!]+(?:halt|moment|warte|wart|doch|sorry|stopp|lieber|liaber|besser|eher)|(?:ach|oh|äh)[\s,.!]+(?:nein|nee|nei|na)"
    r"|doch\s+lieber|lieber\s+doch|oder\s+(?:besser|doch|lieber|eher)|also\s+dann|dann\s+doch|korrektur|quatsch)\b"
)
# The later time follows the last change-of-mind words closely ("also dann am Montag", "…, also Montag").
_CHANGED_TIME_REACH = 60


def _changed_mind_before(text: str, earlier: list[_TimeHit], later: list[_TimeHit]) -> bool:
    """Whether the caller took back ``earlier`` and named ``later`` instead."""
    between = text[earlier[-1].end : later[0].start]
    cues = list(_CHANGE_OF_MIND.finditer(between))
    if not cues or re.search(r"[?]", between):
        return False
    if not {h.kind for h in later} & (_DAY_KINDS | _HOUR_KINDS | {"part", "asap"}):
        return False
    return len(between) - cues[-1].end() <= _CHANGED_TIME_REACH


def _busy_then(text: str, start: int, end: int) -> bool:
    """ "ich muss morgen doch arbeiten", "am Freitag muss ich arbeiten": the caller is busy at that time."""
    if _OBLIGED_BEFORE.search(text[max(0, start - 25) : start]) and _BUSY_AFTER.match(text, end):
        return True
    must = _OBLIGED_NEXT.match(text, end)
    return must is not None and _BUSY_AFTER.match(text, must.end()) is not None


def _available_then(text: str, start: int, end: int) -> bool:
    """ "ich bin nur vormittags erreichbar": when the caller says they can be reached."""
    return bool(_AVAILABLE_BEFORE.search(text[max(0, start - 30) : start]) and _AVAILABLE_AFTER.match(text, end))


def _wished(text: str, cluster: list[_TimeHit]) -> bool:
    start, end = cluster[0].start, cluster[-1].end
    return bool(
        _WISH_CUE_BEFORE.search(text[max(0, start - 40) : start])
        or _POSITIVE_AFTER.match(text, end)
        or _available_then(text, start, end)
    )


# --------------------------------------------------------------------------------------
# device, fault, urgency
# --------------------------------------------------------------------------------------

# (stem regex, canonical display) — most specific first. A word *ending* in the stem
# counts ("gasbrennwerttherme", "luftwärmepumpe"); display is the word as said.
_DEVICE_STEMS: list[tuple[str, str]] = [
    ("wärmepumpe", "Wärmepumpe"), ("wärmepumpi", "Wärmepumpe"), ("durchlauferhitzer", "Durchlauferhitzer"), ("therme", "Therme"),
    ("heizkessel", "Heizkessel"), ("kessel", "Kessel"), ("brenner", "Brenner"), ("boiler", "Boiler"),
    ("warmwasserspeicher", "Warmwasserspeicher"), ("pufferspeicher", "Pufferspeicher"),
    ("speicher", "Speicher"), ("ölheizung", "Ölheizung"), ("gasheizung", "Gasheizung"),
    ("pelletheizung", "Pelletheizung"), ("pelletsheizung", "Pelletsheizung"), ("pelletkessel", "Pelletkessel"),
    ("fußbodenheizung", "Fußbodenheizung"), ("fernwärme", "Fernwärme"), ("solaranlage", "Solaranlage"),
    ("solarthermie", "Solarthermie"), ("klimaanlage", "Klimaanlage"), ("umwälzpumpe", "Umwälzpumpe"),
    ("heizungspumpe", "Heizungspumpe"), ("heizkörper", "Heizkörper"), ("radiator", "Radiator"),
    ("thermostat", "Thermostat"), ("kachelofen", "Kachelofen"), ("kaminofen", "Kaminofen"),
    ("etagenheizung", "Etagenheizung"), ("nachtspeicher", "Nachtspeicherofen"), ("warmwasserbereiter", "Warmwasserbereiter"),
    ("heizungsanlage", "Heizungsanlage"), ("heizanlage", "Heizanlage"), ("zentralheizung", "Zentralheizung"),
    ("brennwertgerät", "Brennwertgerät"), ("heizgerät", "Heizgerät"), ("pelletofen", "Pelletofen"),
    ("holzofen", "Holzofen"), ("holzvergaser", "Holzvergaser"), ("herd", "Herd"), ("heizeinsatz", "Heizeinsatz"), ("kamineinsatz", "Kamineinsatz"), ("klimagerät", "Klimagerät"), ("lüftungsanlage", "Lüftungsanlage"),
    ("ausdehnungsgefäß", "Ausdehnungsgefäß"), ("heizstab", "Heizstab"), ("enthärtungsanlage", "Enthärtungsanlage"),
    # sanitary
    ("wasserhahn", "Wasserhahn"), ("mischbatterie", "Mischbatterie"), ("armatur", "Armatur"),
    ("spülkasten", "Spülkasten"), ("toilette", "Toilette"), ("wc", "WC"), ("waschbecken", "Waschbecken"),
    ("waschtisch", "Waschtisch"), ("duschwanne", "Duschwanne"), ("dusche", "Dusche"), ("badewanne", "Badewanne"),
    ("abfluss", "Abfluss"), ("siphon", "Siphon"), ("urinal", "Urinal"), ("hebeanlage", "Hebeanlage"),
    ("klo", "Klo"), ("klosett", "Klosett"), ("ventil", "Ventil"),  # "Eckventil", "Thermostatventil"
    # without the final -e (Palatinate, Hessian, Swabian, Swiss): "ebenerdige Dusch", "d Badewann raus"
    ("duschwann", "Duschwanne"), ("badewann", "Badewanne"), ("dusch", "Dusche"), ("wärmepump", "Wärmepumpe"),
]  # fmt: skip
_HEAT_DISTRIBUTION = frozenset({"heizkörper", "radiator", "thermostat", "fußbodenheizung", "umwälzpumpe", "heizungspumpe"})
_DEVICE_TAILS = r"(?:n|s|e|en|es)?"
_NOT_DEVICES = frozenset({"schleifkessel", "wasserkessel", "teekessel", "sagwc"})
_MANUFACTURERS: dict[str, str] = {
    "viessmann": "Viessmann", "viesmann": "Viessmann", "wiesmann": "Viessmann", "vaillant": "Vaillant",
    "weilant": "Vaillant", "vailant": "Vaillant", "feilant": "Vaillant", "failant": "Vaillant", "faillant": "Vaillant",
    "feilland": "Vaillant", "vaillan": "Vaillant",  # as speech recognition writes "Vaillant" (Wai-/Fai-jant)
    "buderus": "Buderus", "wolf": "Wolf", "junkers": "Junkers", "bosch": "Bosch", "weishaupt": "Weishaupt",
    "brötje": "Brötje", "broetje": "Brötje", "remeha": "Remeha", "stiebel eltron": "Stiebel Eltron",
    "stiebel": "Stiebel Eltron", "daikin": "Daikin", "hoval": "Hoval", "elco": "ELCO", "ochsner": "Ochsner",
    "windhager": "Windhager", "hargassner": "Hargassner", "fröling": "Fröling", "froeling": "Fröling",
    "froling": "Fröling", "frohling": "Fröling", "fröhling": "Fröling",
    "ökofen": "ÖkoFEN", "oekofen": "ÖkoFEN", "öko fen": "ÖkoFEN", "nibe": "NIBE", "rotex": "Rotex",
    "panasonic": "Panasonic", "kwb": "KWB", "guntamatic": "Guntamatic", "solarfocus": "Solarfocus",
    "paradigma": "Paradigma", "sonnenkraft": "Sonnenkraft", "kermi": "Kermi", "zehnder": "Zehnder",
    "alpha innotec": "alpha innotec", "waterkotte": "Waterkotte", "idm": "iDM", "heliotherm": "Heliotherm",
    "tecalor": "Tecalor", "dimplex": "Dimplex", "atag": "ATAG", "intergas": "Intergas", "de dietrich": "De Dietrich",
    "samsung": "Samsung", "clage": "CLAGE", "aeg": "AEG", "grünbeck": "Grünbeck", "gruenbeck": "Grünbeck",
    "bwt": "BWT", "grohe": "Grohe", "hansgrohe": "Hansgrohe", "geberit": "Geberit", "duravit": "Duravit",
    "villeroy und boch": "Villeroy & Boch", "villeroy": "Villeroy & Boch", "keramag": "Keramag",
    "kaldewei": "Kaldewei", "ideal standard": "Ideal Standard", "dornbracht": "Dornbracht", "hansa": "Hansa",
    "kwc": "KWC", "tece": "TECE", "viega": "Viega", "keuco": "Keuco", "kludi": "Kludi", "villeroy boch": "Villeroy & Boch",
    "mitsubishi": "Mitsubishi", "baxi": "Baxi", "ariston": "Ariston", "riello": "Riello", "giersch": "Giersch",
    "viessman": "Viessmann", "vitodens": "Viessmann Vitodens", "vitola": "Viessmann Vitola",
    "vitocal": "Viessmann Vitocal", "vitoladens": "Viessmann Vitoladens", "arotherm": "Vaillant aroTHERM",
    "ecotec": "Vaillant ecoTEC", "turbotec": "Vaillant turboTEC", "atmotec": "Vaillant atmoTEC",
    "cerapur": "Junkers Cerapur", "logamax": "Buderus Logamax", "logano": "Buderus Logano",
    # Swiss boilers and heat pumps
    "cta": "CTA", "satag": "Satag", "cipag": "Cipag", "domotec": "Domotec", "oertli": "Oertli", "ygnis": "Ygnis", "soltop": "Soltop",
    # stoves and inserts (Austria, Switzerland); "Brunner" is a surname too, see _SURNAME_MAKERS
    "brunner": "Brunner", "tiba": "Tiba", "schmid feuerung": "Schmid", "austroflamm": "Austroflamm",
    "lohberger": "Lohberger", "wodtke": "Wodtke", "rika": "Rika", "skantherm": "Skantherm", "spartherm": "Spartherm",
    "olsberg": "Olsberg", "leda": "Leda", "justus": "Justus", "attika": "Attika", "haas und sohn": "Haas+Sohn",
    "hase": "Hase", "hark": "Hark", "oranier": "Oranier", "jotul": "Jøtul", "jøtul": "Jøtul", "drooff": "Drooff",
    "termatech": "TermaTech", "wamsler": "Wamsler", "koppe": "Koppe",
    # model lines said without the maker
    "biowin": "Windhager BioWIN", "logwin": "Windhager LogWIN", "pellematic": "ÖkoFEN Pellematic",
    "ultragas": "Hoval UltraGas", "ultraoil": "Hoval UltraOil", "belaria": "Hoval Belaria",
    "thermalia": "Hoval Thermalia", "thision": "ELCO Thision", "aerotop": "ELCO Aerotop", "straton": "ELCO Straton",
    "vitocrossal": "Viessmann Vitocrossal", "vitopend": "Viessmann Vitopend", "vitocell": "Viessmann Vitocell",
    "vitorondens": "Viessmann Vitorondens", "ecocompact": "Vaillant ecoCOMPACT", "ecovit": "Vaillant ecoVIT",
    "flexotherm": "Vaillant flexoTHERM", "logatherm": "Buderus Logatherm", "ceraclass": "Junkers Ceraclass",
    "calenta": "Remeha Calenta", "easyfire": "KWB Easyfire", "biostar": "Guntamatic Biostar",
    "nano pk": "Hargassner Nano-PK",
}  # fmt: skip
# Makers that are surnames too: a maker only next to a device or after "von", "Marke", ….
_SURNAME_MAKERS = frozenset({"wolf", "brunner", "hase", "hark", "koppe"})
_DEVICE_RE = re.compile(r"\b(?P<pre>[a-zäöüß]*?)(?P<stem>" + _alt(s for s, _ in _DEVICE_STEMS) + r")" + _DEVICE_TAILS + r"\b")
_MANUFACTURER_RE = re.compile(r"\b(?P<m>" + _alt(_MANUFACTURERS) + r")\b")
_WOLF_MAKER_CUE = re.compile(
    r"\b(?:von|vo|marke|hersteller|fabrikat|ein|eine|einer|einen|ne|nen|e|en|unsere|meine|die|der|a|an)\s+$"
)  # "das ist ne Wolf"
_WOLF_DEVICE_AFTER = re.compile(r"\s*-?\s*(?:\w*ger(?:ä|ae)t|\w*heizung|\w*anlage|\w*kessel|\w*therme|\w*pumpe)\b")
_GENERIC_HEATING = re.compile(r"\b(?:die\s+|meine\s+|unsere\s+)?(?P<h>heizung|heizig)\b")  # Swiss "Heizig"
# The room a device is in ("der Wasserhahn in der Küche", "die Therme im Keller").
_ROOMS = {
    "küche": ("Küche", "in der"), "kueche": ("Küche", "in der"), "kuchi": ("Küche", "in der"),
    "bad": ("Bad", "im"), "badezimmer": ("Bad", "im"), "gäste-wc": ("Gäste-WC", "im"), "gästebad": ("Gästebad", "im"),
    "keller": ("Keller", "im"), "wohnzimmer": ("Wohnzimmer", "im"), "schlafzimmer": ("Schlafzimmer", "im"),
    "kinderzimmer": ("Kinderzimmer", "im"), "arbeitszimmer": ("Arbeitszimmer", "im"), "esszimmer": ("Esszimmer", "im"),
    "flur": ("Flur", "im"), "gang": ("Gang", "im"), "dachgeschoss": ("Dachgeschoss", "im"),
    "dachboden": ("Dachboden", "im"), "waschküche": ("Waschküche", "in der"), "heizraum": ("Heizraum", "im"),
    "heizungsraum": ("Heizungsraum", "im"), "heizungskeller": ("Heizungskeller", "im"), "garage": ("Garage", "in der"),
    "obergeschoss": ("Obergeschoss", "im"), "erdgeschoss": ("Erdgeschoss", "im"), "wintergarten": ("Wintergarten", "im"),
    "gästezimmer": ("Gästezimmer", "im"), "treppenhaus": ("Treppenhaus", "im"), "vorraum": ("Vorraum", "im"),
    "abstellraum": ("Abstellraum", "im"), "hauswirtschaftsraum": ("Hauswirtschaftsraum", "im"),
    # Swiss and Austrian ("im Chäller", "i de Chuchi", "in der Stube")
    "chäller": ("Keller", "im"), "chaeller": ("Keller", "im"), "chuchi": ("Küche", "in der"), "stube": ("Stube", "in der"),
    "stubn": ("Stube", "in der"), "kammerl": ("Kammer", "im"), "dachgeschoß": ("Dachgeschoss", "im"),
}  # fmt: skip
_ROOM_RE = re.compile(
    r"\b(?:in\s+(?:der|dem|einer|einem|unserer|unserem|meiner|meinem)|im|vom|von\s+der|aus\s+dem|aus\s+der|i\s+de|im|i|is|ins)\s+(?P<room>"
    + _alt(_ROOMS)
    + r")\b"
)
_MAKER_REACH = 40


def _device_matches(text: str) -> list[tuple[int, int, str, str]]:
    """Every device word as (start, end, display, canonical lower case), the first of each kind."""
    found: list[tuple[int, int, str, str]] = []
    for match in _DEVICE_RE.finditer(text):
        word = match.group(0)
        if word in _NOT_DEVICES:
            continue
        stem = match.group("stem")
        canonical = next(display for s, display in _DEVICE_STEMS if re.fullmatch(_uml(s), stem))
        prefix = match.group("pre")
        if canonical == "WC" and prefix and not prefix.endswith("-"):
            continue  # "wc" inside another word
        display = canonical if not prefix else _capitalise_word(prefix) + canonical.lower()
        display = _deasciify_device(display)
        if any(f[3] == canonical.lower() and f[2] == display for f in found):
            continue
        found.append((match.start(), match.end(), display, canonical.lower()))
    # "Wärmepumpe" and "Luftwärmepumpe" said both: the more specific one is enough.
    return [
        f for f in found if not any(o is not f and o[2].lower().endswith(f[2].lower()) and len(o[2]) > len(f[2]) for o in found)
    ]


# Between two makers: the first taken back ("Junkers, nee quatsch, Vaillant", "Hase, na, Rika").
_MAKER_CORRECTED = re.compile(
    r"[\s,.;!]*(?:(?:äh|ähm|öh|oh)[\s,.;!]+)*(?:nein|nee|nei|na|ne|nö|ned|nicht|quatsch|falsch|sorry|pardon|halt|stopp|moment|ich meine|ich mein|"
    r"sondern|eigentlich|also)(?:[\s,.;!]+(?:nein|nee|nei|na|quatsch|falsch|sorry|halt|ich meine|ich mein|eine?|ne|sondern|das ist|es ist|eigentlich|also))*[\s,.;!]*"
)


# Right after a maker, the caller takes it back before naming the next ("das ist ein Wolf, nein,
# warten Sie, das war der alte Kessel, jetzt haben wir eine Viessmann", "en Hoval, nei sorry, das
# isch de alt gsi, … e Stiebel Eltron"): the maker named later counts.
_MAKER_TAKEN_BACK = re.compile(
    r"[\s,.;!]*(?:(?:äh|ähm|öh|oh|ach)[\s,.;!]+)*(?:nein|nee|nei|na|nö|nöd|quatsch|falsch|sorry|pardon|entschuldigung|"
    r"stimmt nicht|stimmt ja nicht|moment|warten sie|wart|halt|ich meine|ich mein|i mein)\b"
)
# A maker said right after "nicht/nöd/kein" that starts a phrase is denied ("…, nicht Buderus",
# "nei, nid Elco"; not "die Heizung geht nicht, die Brötje …").
_MAKER_DENIED_BEFORE = re.compile(
    r"(?:^|[,.;!?]\s*|\b(?:nein|nei|nee|na|also|sondern|aber|und)\s+)(?:nicht|nich|net|ned|nit|nöd|nid|nüd|kein|keine|keinen|keiner|kei)"
    r"\s+(?:(?:von|vo|die|der|den|das|ein|eine|einen|e|en|a|an|so|mehr|meh)\s+)*$"
)


def _after_own_device(pos: int, devices: list[tuple[int, int, str, str]]) -> int:
    """The end of the device word said right after a maker ending at ``pos`` ("Vaillant Therme"), else ``pos``."""
    return next((d[1] for d in devices if pos <= d[0] <= pos + 2), pos)


def _maker_matches(text: str, devices: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str]]:
    makers: list[tuple[int, int, str]] = []
    for match in _MANUFACTURER_RE.finditer(text):
        if (
            match.group("m") in _SURNAME_MAKERS
            and (
                re.search(r"(?:frau|herr|herrn|familie|bin|heiße|heisse|ist|sandra|name)\s+$", text[: match.start()])
                # "hier ist Sabine Wolf, die Gastherme …": after a first name, the surname
                or is_first_name((_words_before(text, match.start())[-1:] or [""])[0])
                or (
                    not devices
                    and not _WOLF_MAKER_CUE.search(text[: match.start()])
                    and not _WOLF_DEVICE_AFTER.match(text, match.end())
                    and not _type_after(text, match.end())
                )
            )
        ):
            continue  # "Wolf", "Brunner" are surnames too: a maker only next to a device or "von/Marke Wolf"
        name = _MANUFACTURERS[match.group("m")]
        if _MAKER_DENIED_BEFORE.search(text[max(makers[-1][1] if makers else 0, match.start() - 30) : match.start()]):
            # "Vaillant, nicht Buderus", "en Elco, nei, nid Elco": the maker denied is none
            makers = [m for m in makers if m[2] != name]
            continue
        if makers and (
            _MAKER_CORRECTED.fullmatch(text[makers[-1][1] : match.start()])
            or _MAKER_TAKEN_BACK.match(text, _after_own_device(makers[-1][1], devices))
        ):
            makers.pop()  # "ne Junkers, nee quatsch, Vaillant": the maker said first was a slip
        if any(m[2] == name or m[2].startswith(name + " ") or name.startswith(m[2] + " ") for m in makers):
            if any(name.startswith(m[2] + " ") for m in makers):  # "Viessmann Vitodens": the model is more exact
                # its end moves past the model line, where its type number follows ("Vitodens 200")
                makers = [(m[0], max(m[1], match.end()), name) if name.startswith(m[2] + " ") else m for m in makers]
            continue
        makers.append((match.start(), match.end(), name))
    return makers


def _type_after(text: str, pos: int) -> bool:
    """Whether a type name follows at ``pos`` ("Wolf CGB", "Wolf CGB 20", "Wolf FGB-28"): the
    maker's device, no surname ("Frau Wolf um 3")."""
    model = _MODEL_AFTER.match(text, pos) or _MODEL_LETTERS_AFTER.match(text, pos)
    if model is None:
        return False
    letters = re.sub(r"[\s\-]", "", model.group("l"))
    return letters not in _STOPWORDS and letters not in _NOT_REFERENCE_LETTERS and re.search(r"[aeiouäöü]", letters) is None


def maker_in(text: str) -> str | None:
    """The first maker named in ``text`` as spelt by the maker ("vaillant" → "Vaillant"), a maker
    alone counting too ("das ist eine Wolf"); ``None`` when none is named."""
    low = _lower_same_length(text or "")
    makers = _maker_matches(low, _device_matches(low))
    return min(makers)[2] if makers else None


_MODEL_LINES = frozenset(
    model for model in _MANUFACTURERS.values() if any(model.startswith(maker + " ") for maker in _MANUFACTURERS.values())
)


def maker_only(text: str) -> bool:
    """Whether ``text`` (a device as noted) names a maker and nothing more: no device word, no type
    and no model line ("Viessmann", "unsere Viessmann Heizung" → True; "Viessmann Vitodens", "Vaillant
    Therme" → False). The technician still needs to know which device it is."""
    low = _lower_same_length(text or "")
    if _device_matches(low):
        return False
    makers = _maker_matches(low, [])
    # "Wolf CGB", "Buderus GB 172": the type said names the device
    return bool(makers) and not any(name in _MODEL_LINES or _type_after(low, end) for _s, end, name in makers)


def _device(t: _Text) -> SlotValue | None:
    """Devices and makers as said: "Vaillant Gastherme", "Pelletkessel, ELCO Ölbrenner" (each maker
    with the device nearest to it), the room when said ("Grohe Wasserhahn in der Küche")."""
    text = t.masked
    devices = _device_matches(text)
    makers = _maker_matches(text, devices)
    if not devices and not makers:
        heating = _GENERIC_HEATING.search(text)
        if not heating:
            return None
        return SlotValue("Heizung", "heizung", 0.5)
    attached: dict[int, str] = {}
    loose: list[tuple[int, str]] = []
    for m_start, m_end, name in makers:
        name = name + _model_after(t, m_end, line=name in _MODEL_LINES)
        best: tuple[int, int] | None = None  # (distance, device index)
        for index, (d_start, d_end, _display, _canon) in enumerate(devices):
            if index in attached:
                continue
            distance = d_start - m_end if d_start >= m_end else m_start - d_end
            if distance <= _MAKER_REACH and (best is None or distance < best[0]):
                best = (distance, index)
        if best is None:
            loose.append((m_start, name))
        else:
            attached[best[1]] = name
    phrases: list[tuple[int, str]] = list(loose)
    for index, (d_start, _d_end, display, canonical) in enumerate(devices):
        maker = attached.get(index)
        if maker and canonical in _HEAT_DISTRIBUTION:  # "Buderus …, die Heizkörper …": no "Buderus Heizkörper"
            phrases.append((d_start, display))
            phrases.append((d_start - 1, maker))
        else:
            phrases.append((d_start, f"{maker} {display}" if maker else display))
    phrases.sort()
    value = ", ".join(text_ for _, text_ in phrases[:3])
    room = _ROOM_RE.search(text)
    if room and devices and devices[0][2].lower() not in _ROOMS[room.group("room")][0].lower():
        place, preposition = _ROOMS[room.group("room")]
        value += f" {preposition} {place}"
    if devices:
        first = devices[0]
        confidence = 0.9 if attached else (0.8 if makers else 0.85)
        if attached and first[3] in _HEAT_DISTRIBUTION and len(devices) == 1:
            confidence = 0.8
        return SlotValue(value + _built_in(text), first[3], confidence)
    return SlotValue(value + _built_in(text), None, 0.8)


# The model said after the maker, spelled or as a word ("Stiebel Eltron w p l 25" → "WPL 25",
# "Wolf CGB 20", "Stiebel Eltron WPL"): the technician orders parts by it.
_UNIT_AFTER = (
    r"(?!\s*(?:uhr|jahre?n?|grad|bar|euro|franken|prozent|kw|kilowatt|liter|minuten|stunden|tage?n?|wochen|monate?n?|mal)\b)"
)
_MODEL_AFTER = re.compile(
    r"\s*,?\s*(?:(?:modell|model|typ|type|serie)\s+)?(?P<l>(?:[a-z]\s){2,4}|[a-z]{2,4}\s?-?\s?)(?P<n>\d{1,4})(?![\d.,:]\d)\b"
    + _UNIT_AFTER
)
# Letters only, without a vowel, so no word ("wpl", "g b"): a type name of its own.
_MODEL_LETTERS_AFTER = re.compile(
    r"\s*,?\s*(?:(?:modell|model|typ|type|serie|eine|ein|e|en|a|die|der|das)\s+)?(?P<l>(?:[b-df-hj-np-tv-z]\s){1,3}[b-df-hj-np-tv-z]|[b-df-hj-np-tv-z]{2,4})"
    r"(?=\s*(?:$|[,.;!?]|(?:also|und|oder|die|der|das|im|in|draußen|draussen|drin)\b))"
)
# After a model line, its type number and variant ("Vitodens 200-W", "BioWIN 2", "ecoTEC plus").
_LINE_TYPE_AFTER = re.compile(
    r"\s*-?\s*(?P<n>\d{1,3})(?![\d.,:]\d)\b" + _UNIT_AFTER + r"(?:\s?-?\s?(?P<v>[b-df-hj-np-tv-z])\b(?!\s?\.?\s?\d))?"
)
# A type said after the variant ("Logamax plus g b 172") is written as the dialogue knows it: no variant then.
_LINE_VARIANT_AFTER = re.compile(
    r"\s+(?P<w>plus|pro|exclusiv|exclusive|classic|compact|premium|comfort|top)\b(?!\s*,?\s*(?:[a-z]\s?){1,4}\d)"
)


def _model_after(t: _Text, pos: int, *, line: bool = False) -> str:
    if line:
        typed = _LINE_TYPE_AFTER.match(t.masked, pos)
        if typed is not None:
            variant = typed.group("v")
            return f" {typed.group('n')}" + (f"-{variant.upper()}" if variant else "")
        worded = _LINE_VARIANT_AFTER.match(t.masked, pos)
        if worded is not None:
            return f" {worded.group('w')}"
    match = _MODEL_AFTER.match(t.masked, pos)
    if match is None:
        bare = _MODEL_LETTERS_AFTER.match(t.masked, pos)
        if bare is None or line:
            return ""
        letters = re.sub(r"\s", "", bare.group("l"))
        if letters in _STOPWORDS or letters in _NOT_REFERENCE_LETTERS or letters in _FILLERS:
            return ""
        return f" {letters.upper()}"
    letters = re.sub(r"[\s-]", "", match.group("l"))
    if letters in _STOPWORDS or letters in _NOT_REFERENCE_LETTERS or letters in _FILLERS or len(letters) < 2:
        return ""
    return f" {letters.upper()} {match.group('n')}"


# The year the device was built ("ein Buderus Kessel von 1992", "Baujahr 2004"): whether a part
# still exists and what a subsidy pays depend on it.
_BUILT_IN = re.compile(
    r"\b(?:von|vo|aus|baujahr|jahrgang|bj\.?)\s+(?:dem\s+jahr\s+|em\s+)?(?P<y>19[5-9]\d|20[0-4]\d)\b(?![\d.,])"
)


def _built_in(text: str) -> str:
    for match in _BUILT_IN.finditer(text):
        if not re.search(r"(?:haus|wohnung|gebäude|gebaeude|hütte|bau)\w*\s+(?:ist\s+|is\s+)?$", text[: match.start()]):
            return f", Baujahr {match.group('y')}"  # "Reihenhaus Baujahr 1978" dates the house
    return ""


def _deasciify_device(word: str) -> str:
    for ascii_form, umlaut in (
        ("aerme", "ärme"),
        ("Oel", "Öl"),
        ("oel", "öl"),
        ("koerper", "körper"),
        ("waelz", "wälz"),
        ("fuss", "fuß"),
    ):
        word = word.replace(ascii_form, umlaut)
    return word


_ERROR_CODE = re.compile(
    r"\b(?:fehler(?:code|meldung|nummer)?|st(?:ö|oe)r(?:ungs?|igs?)?(?:code|meldung|nummer|nummere)?|code|error|meldung|meldig|anzeige|zeigt(?:\s+(?:an|mir))?|"
    r"steht|blinkt)\s*(?:(?:code|nummer)\s*)?(?:(?:ist|isch|is)\s*)?:?\s*(?P<code>\d{1,2}\s[a-z](?=\s*(?:$|[,.;!?]|(?:und|an|a|aa|blinkt|steht|leuchtet|im|auf|oder|drauf|drin|dran|also|da|sag|sagt)\b|\s*[a-zäöüß]+(?:straße|strasse|gasse|weg|allee)\b))|[a-z]\s[a-z](?=\s*(?:$|[,.;!?]|(?:und|an|blinkt|steht|leuchtet|im|auf|oder|drauf|drin|dran|also|da)\b))|[a-z]{1,2}\s?\d\s\d{2}(?![\d.,]|\s*(?:uhr|grad|bar|jahre?n?|tage?n?|mal)\b)|(?:[a-z]{1,2}\s?\.?\s?)?\d{1,3}(?:\s\d)?(?:\.\d)?|\d[a-z]{1,2})\b"
    r"|\b(?P<bare>[fe]\s?\.?\s?\d{2,3}|s\.?\d{2,3})\b(?![.,]\d)"
)
_NOT_CODE_BEFORE = re.compile(
    r"\b(?:haus)?(?:nummer|nr\.?|straße|strasse|gasse|weg|platz|stiege|stock|tür|tuer|top|rechnung\w*|angebot\w*|"
    r"voranschlag\w*|auftrag\w*|kunden\w*)\s*$|\w(?:straße|strasse|gasse|weg|platz|allee)\s*$"
)
# A spelled letter right before a code's letter ("r e 27 311", "a n 27 04"): both start a
# reference. Not the letters that are words in dialect ("d", "s", "z", "a", "e", "i", "o", "u").
_SPELLED_LETTER_BEFORE = re.compile(r"(?:^|[\s,])[bcghjklmnpqrtvwxy]\s$")
# A code a few words after what shows it ("zeigt seit heute früh f vier", "im Display steht
# jetzt u 4", a correction "nicht f sieben, sondern f acht"): one spelled letter and one to three
# digits. Not "a", "i", "o" (dialect words).
_CODE_CUE = re.compile(
    r"\b(?:fehler\w*|st(?:ö|oe)r\w*|code|error|display|anzeige|zeigt|meldet|meldig|meldung|blinkt|steht|sondern)\b"
)
_LOOSE_CODE = re.compile(
    r"\b(?P<l>[b-hj-np-z])\s?\.?\s?(?P<d>\d{1,3}(?:\s\d(?!\s?\d))?)\b(?![.,]\d|\s\d)"
    r"(?!\s*(?:uhr|grad|bar|jahre?n?|tage?n?|wochen?|minuten|stunden|euro|prozent|liter|kw|mal)\b)"
)
_CODE_CUE_REACH = 60
# A number followed by a unit is a measure, never a code ("steht da 10 Zentimeter hoch", "zeigt 60
# Grad"); a short word before a number is that word ("da", "so", "ca", "ja"), no code letters.
_MEASURE_AFTER = re.compile(
    r"\s*(?:zentimeter|cm|millimeter|mm|meter|m|grad|°|bar|liter|l|prozent|%|minuten|min|stunden|std|sekunden|tage?n?|"
    r"wochen|monate?n?|jahre?n?|mal|kilo|kg|kw|kilowatt|euro|franken|stück|stufen?|zoll)(?![\wäöü])"
)
_WORD_BEFORE_NUMBER = re.compile(r"(?:da|do|so|ja|jo|es|zu|in|an|au|uf|us|vo|wo|no|nu|ca|er|si|mi|di|de)\s+\d")


# An utterance that is only a code ("f acht", "nein, e vier" once the negated part of a
# correction is cut): the words that may stand before it.
_CODE_ONLY_LEAD = re.compile(r"^(?:(?:nein|nei|na|ja|jo|also|äh|ähm|der|die|das|es|ist|isch|genau|doch|eher)\b[\s,.]*)*")


# A code said as an item of its own after the device, as when asked for both at once
# ("Viessmann Vitodens, F 2, und der Druck …", "die Therme, e 5, seit gestern"): a part between
# commas (or "und") right after a device or maker named in the same answer.
_CODE_ITEM_BEFORE = re.compile(r"(?:^|[,;]|\bund)\s*$")
_CODE_ITEM_AFTER = re.compile(r"\s*(?:[,;.!]|\bund\b|$)")


def _code_listed_after_device(text: str, match: re.Match[str]) -> bool:
    if not _CODE_ITEM_BEFORE.search(text[: match.start()]) or not _CODE_ITEM_AFTER.match(text, match.end()):
        return False
    head = text[: match.start()]
    if not re.search(r",\s*$", head) and not re.search(r"[,;]", text[match.end() : match.end() + 2]):
        return False  # the item is set apart by a comma on at least one side
    device = _DEVICE_RE.search(head) or _MANUFACTURER_RE.search(head)
    return device is not None and not _NOT_CODE_BEFORE.search(head)


def _loose_code(text: str) -> str | None:
    rest = _CODE_ONLY_LEAD.sub("", text.strip(" ,.!?"))
    alone = _LOOSE_CODE.fullmatch(rest)
    if alone:
        return (alone.group("l") + alone.group("d").replace(" ", "")).upper()
    for match in _LOOSE_CODE.finditer(text):
        before = text[max(0, match.start() - _CODE_CUE_REACH) : match.start()]
        if _code_listed_after_device(text, match):
            return (match.group("l") + match.group("d").replace(" ", "")).upper()
        if not _CODE_CUE.search(before) or _NOT_CODE_BEFORE.search(text[: match.start()]):
            continue
        if re.search(r"[.!?]", before[before.rfind(_CODE_CUE.findall(before)[-1]) :]):
            continue  # the cue belongs to an earlier sentence
        return (match.group("l") + match.group("d").replace(" ", "")).upper()
    return None


# A thing the caller lacks, denied after the noun ("warmes Wasser haben wir auch keins", "Druck ist
# keiner mehr drauf", AT "Warmwasser hamma koans", CH "warms Wasser hämmer keis"): the pronoun closes
# the clause ("… keine Probleme" denies something else).
def _denied_after(noun: str) -> str:
    return (
        r"\b(?:" + noun + r")\s+(?:\w+\s+){0,5}?(?:keins|keines|keiner|keinen|keine|keis|kei|koans|koane|koaner|koan)"
        r"(?:\s+(?:mehr|meh|mehr\s+drauf|drauf|drin|da|dran))?(?=\s*(?:$|[,.;!?]|(?:und|aber|oder|seit|sit|auch|mehr)\b))"
    )


_FAULTS: list[tuple[str, re.Pattern[str]]] = [
    ("Gasgeruch", re.compile(r"\b(?:riecht|stinkt|geruch)\w*\s+(?:\w+\s+){0,3}(?:nach\s+)?gas\b|\bgas\w*geruch|\bgasleck|\bgas\s+(?:riecht|stinkt|tritt aus|ausgetreten)|\briecht\s+(?:\w+\s+)?gas")),
    ("Wasser tritt aus", re.compile(r"\bwasser\s+(?:\w+\s+){0,2}(?:überall|ueberall|im keller|auf dem boden|läuft aus|laeuft aus|tritt aus|spritzt)|\b(?:überall|ueberall)\s+wasser|\brohrbruch|\bsteht\s+(?:\w+\s+){0,2}unter wasser|\bwasserschaden|\büberschwemm|\bueberschwemm")),
    ("kein Warmwasser", re.compile(r"\bkei(?:n|ne|nen)?\s+(?:warm(?:es|en|s)?\s*wasser|heiß(?:es)?\s*wasser|heisses\s+wasser|warmwasser)|\bwarm\s*wasser\s+(?:\w+\s+)?(?:geht nicht|kommt nicht|funktioniert nicht|bleibt kalt|ist kalt|fehlt)|\bnur\s+(?:noch\s+)?kalte?s?\s+wasser|" + _denied_after(r"warm(?:es|en|s)?\s*wasser|hei(?:ß|ss)(?:es)?\s*wasser|warmwasser"))),
    ("Heizung bleibt kalt", re.compile(r"\b(?:heizung|heizkörper|heizkoerper|radiatoren|radiator|wohnung|haus)\w*\s+(?:\w+\s+){0,2}(?:bleib\w*|ist|sind|wird|werden)\s+(?:\w+\s+)?(?:kalt|nicht (?:mehr )?warm)|\bheizt nicht|\bkeine\s+heizung|\bwird nicht (?:mehr )?warm"
        r"|\b(?:es|alles|alle räume|überall|heizig|heizung)\s+(?:bleibt|ist|wird|isch|blibt)\s+(?:\w+\s+)?(?:kalt|eiskalt|chalt)\b|\bkei(?:ni?)?\s+heizig|\bwird\s+n(?:ö|oe)d\s+warm|" + _denied_after(r"heizung|heizig|w(?:ä|ae)rme"))),
    ("Druck zu niedrig", re.compile(r"\bverlier\w*\s+(?:\w+\s+){0,3}druck|\bdruck\s+(?:\w+\s+){0,2}(?:fällt|faellt|sinkt|abfällt|abfaellt)\b|\bdruck\s+(?:\w+\s+){0,2}(?:zu\s+)?(?:niedrig|gering|tief|weg|abgefallen|gefallen|verloren)|\b(?:zu\s+)?wenig\s+druck|\bdruck\s+(?:\w+\s+){0,2}(?:unter|under|uner)\s+(?:0|1|eins|eis|ein|einem)(?:[.,]\d)?\s*bar\b|\bdruckverlust|\bdruckabfall|\bkein(?:en)?\s+druck|" + _denied_after(r"druck"))),
    # A heat pump's refrigerant circuit as its display says it ("im Display steht Hochdruck").
    ("Anzeige Hochdruck", re.compile(r"\bhochdruck(?:st(?:ö|oe)rung|fehler|alarm)?\b")),
    ("Anzeige Niederdruck", re.compile(r"\bniederdruck(?:st(?:ö|oe)rung|fehler|alarm)?\b")),
    ("Druck zu hoch", re.compile(r"\bdruck\s+(?:\w+\s+){0,2}zu\s+hoch|\büberdruck|\bueberdruck")),
    ("undicht / tropft", re.compile(r"\b(?:tropft|undicht|leckt|leck\b|verliert wasser|wasser verliert)")),
    ("verstopft", re.compile(r"\bverstopf\w*|\b(?:läuft|laeuft|fließt|fliesst)\s+(?:\w+\s+){0,2}(?:nicht|schlecht|kaum)\s+(?:mehr\s+)?ab\b|\blangsam\s+ab\b")),
    ("Spülung läuft nach", re.compile(r"\b(?:spülung|spuelung|spülkasten|spuelkasten)\w*\s+(?:\w+\s+){0,3}(?:läuft|laeuft|rinnt)|\b(?:läuft|laeuft|rinnt)\s+(?:\w+\s+){0,2}nach(?=\s*(?:$|[,.;!?]|(?:und|oder|seit|schon)\b))")),
    # the ignition fault a pellet or oil burner shows in words: "zeigt Störung Zündung", CH "uf Störig Zündig", "Zündfehler"
    ("Störung Zündung", re.compile(
        r"\b(?:störung|stoerung|störig|stoerig|fehler)\s+(?:bei\s+(?:der\s+)?|der\s+|vo\s+de\s+)?(?:zündung|zuendung|zündig|zuendig)\b"
        r"|\b(?:zündfehler|zuendfehler|zündstörung|zuendstoerung|zündungsstörung|zündungsfehler)\b"
        r"|\b(?:zündung|zuendung|zündig)\s+(?:\w+\s+){0,2}(?:gestört|defekt|kaputt|geht\s+nicht|funktioniert\s+nicht|gaht\s+nöd)")),
    ("springt nicht an", re.compile(r"\b(?:springt|startet|zündet|zuendet)\s+(?:\w+\s+){0,2}(?:nicht|nöd|noed|ned|nid|net|nit)\b|\bgeht\s+(?:\w+\s+){0,2}nicht\s+(?:mehr\s+)?(?:an|\b)|\bschaltet\s+(?:sich\s+)?(?:immer\s+)?(?:wieder\s+)?ab\b|\bgeht\s+(?:immer\s+)?(?:wieder\s+)?aus\b|\bflamme geht aus")),
    ("ausgefallen", re.compile(r"\b(?:ausgefallen|\w*ausfall|ist aus|komplett aus|geht gar nichts|geht nichts mehr|keinen mucks|macht nichts mehr|tut sich nichts)\b")),
    ("nur lauwarm", re.compile(r"\b(?:nur|bloß|bloss|höchstens|hoechstens)\s+(?:noch\s+)?lauwarm|\bnicht\s+richtig\s+warm")),
    ("taktet", re.compile(r"\btaktet\b|\btakten\b")),
    ("Anzeige dunkel", re.compile(r"\b(?:anzeige|display|bildschirm)\s+(?:\w+\s+){0,2}(?:dunkel|schwarz|leer)\b")),
    ("funktioniert nicht", re.compile(
        r"\b(?:geht nicht|funktioniert nicht|läuft nicht|laeuft nicht|kaputt|defekt|gestört|gestoert|\w*störung|\w*stoerung|ist hin|is hin)\b"
        r"|\b(?:gaht|goht|lauft|lauft|funktioniert|tuet)\s+(?:\w+\s+)?(?:nöd|noed|nüd|nüm|nümm|nümme|nüme|nid|ned|net)\b"
        r"|\bnicht\s+(?:mehr\s+)?(?:geht|funktioniert|läuft|laeuft|anspringt|heizt)\b")),
    ("Geräusche", re.compile(r"\b(?:\w*geräusch\w*|\w*geraeusch\w*|klopft|pfeift|brummt|rauscht|gluckert|knackt|quietscht|laut\w*\s+knall|knallt)")),
    ("Brand- oder Abgasgeruch", re.compile(
        r"\b(?:abgasgeruch\w*|(?:riecht|stinkt|geruch)\w*\s+(?:\w+\s+){0,3}(?:nach\s+)?(?:abgas|rauch|verbrannt\w*)|abgase?\s+(?:tritt|treten|kommt|kommen|riecht|im\s+raum)"
        r"|riecht\s+(?:\w+\s+)?verbrannt|brandgeruch|rauchgeruch|rauch|raucht|rauchmelder|qualm\w*)\b")),
    # the colour tells the technician which fault it is: "das Lämpchen blinkt rot", CH "es rots Lämpli"
    ("rote Störlampe", re.compile(
        r"\b(?:rot|rote|roter|rotes|roten|rots)\s+(?:\w+\s+)?(?:lämpchen|laempchen|lämpli|laempli|lämple|lämperl|lamperl|lampe|lämpe|licht|led|leuchte|kontroll\w*)\b"
        r"|\b(?:lämpchen|laempchen|lämpli|laempli|lämple|lämperl|lampe|licht|led|leuchte)\s+(?:\w+\s+){0,4}(?:blinkt|leuchtet|brennt|lüchtet|lüüchtet)\s+(?:\w+\s+)?rot\b"
        r"|\b(?:blinkt|leuchtet|brennt|lüchtet|lüüchtet)\s+(?:\w+\s+){0,2}(?:lämpchen|laempchen|lämpli|laempli|lampe|licht|led|leuchte)\s+rot\b")),
    ("Störlampe leuchtet", re.compile(r"\b(?:lämpchen|laempchen|lampe|licht|led|anzeige)\s+(?:\w+\s+){0,2}(?:blinkt|leuchtet)\s*(?:rot)?")),
]  # fmt: skip
_SPECIFIC_FAULTS = (
    "Störung Zündung",
    "Heizung bleibt kalt",
    "kein Warmwasser",
    "springt nicht an",
    "Druck zu niedrig",
    "Druck zu hoch",
    "undicht / tropft",
    "Gasgeruch",
    "Wasser tritt aus",
)
# A day or time said right before "geht nicht" / "gaht nöd" / "passt nicht" is what is declined
# ("am Montag geht es leider nicht", "zischtig am morge gaht nöd", "um zehn geht bei mir nicht");
# "seit Montag geht nichts mehr" still is a fault.
_DAY_DECLINABLE = frozenset({"funktioniert nicht", "springt nicht an"})
_DAY_DECLINED_BEFORE = re.compile(
    r"(?<!seit )(?<!sit )(?<!ab )\b(?:"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r"|"
    + "|".join(sorted((k for k in _PART_OF_DAY if " " not in k), key=len, reverse=True))
    + r"|morgen|übermorgen|uebermorgen|morn|übermorn|heute|hüt|hit|\d{1,2}(?:[.:]\d{2})?(?:\s*uhr)?|uhr|termin|zeit|datum|tag|wuche|woche)"
    r"(?:\s+(?:am\s+)?(?:" + "|".join(sorted((k for k in _PART_OF_DAY if " " not in k), key=len, reverse=True)) + r"))?"
    r"[\s,]+(?:(?:es|das|des|da|bei\s+(?:mir|uns|mi|üs)|leider|halt|eher|scho|schon|aber|dann|denn|wirklich|leider)[\s,]+){0,3}$"
)
# The declining words themselves: the verb and its "nicht" with no device between them ("geht es
# leider nicht"); "morgens geht die Therme nicht an" names the device and is a fault.
_DAY_DECLINE_BODY = re.compile(
    r"^\w+\s+(?:(?:es|das|des|da|s|leider|halt|bei|mir|uns|mi|üs|eher|wirklich|denn|dann|aber)\s+)*"
    r"(?:nicht|nich|net|ned|nit|nid|nöd|noed|nüd)\b"
)
_RED_LAMP = "rote Störlampe"
_NOISES = "Geräusche"
# The kind of noise tells the technician where to look (a whistling burner, a knocking pump, gurgling
# air): "pfeift", "Pfeifgeräusch", CH "pfiift", "es klopfed". Kept in the label: "Geräusche (pfeift)".
_NOISE_KINDS = {
    "pfeift": r"pf(?:ei|ii|i)f(?:t|en|ed|et)?|pfeif\w*ger(?:ä|ae)usch\w*|gepfeife|pfiift",
    "klopft": r"klopf(?:t|en|ed|et)?|klopf\w*ger(?:ä|ae)usch\w*|geklopfe|chlopf(?:t|ed|et)?",
    "brummt": r"brumm(?:t|en|ed|et)?|brumm\w*ger(?:ä|ae)usch\w*|gebrumme",
    "rauscht": r"rausch(?:t|en|ed|et)|rausch\w*ger(?:ä|ae)usch\w*|ruscht",
    "gluckert": r"glucker(?:t|n|et)?|glucks(?:t|en)?|blubber(?:t|n)?|gluggere?t?",
    "knackt": r"knack(?:t|en|ed|et)|knack\w*ger(?:ä|ae)usch\w*|chnackt",
    "quietscht": r"quietsch(?:t|en|ed|et)?|quietsch\w*ger(?:ä|ae)usch\w*",
    "knallt": r"knall(?:t|en|ed|et)?|verpufft|verpuffung",
    "zischt": r"zisch(?:t|en|ed|et)",
    "rattert": r"ratter(?:t|n)?|klapper(?:t|n)?|schepper(?:t|n)?",
    "surrt": r"surr(?:t|en)|summ(?:t|en)",
}
_NOISE_KIND_RE = {kind: re.compile(r"\b(?:" + said + r")\b") for kind, said in _NOISE_KINDS.items()}


def _noise_kinds(text: str) -> list[str]:
    hits = []
    for kind, pattern in _NOISE_KIND_RE.items():
        match = pattern.search(text)
        if match and not _symptom_denied(text, match):
            hits.append((match.start(), kind))
    return [kind for _, kind in sorted(hits)[:2]]


# A red lamp named with a dialect word (CH "Lämpli", AT "Lamperl"): kept as said, no label fits it.
_RED_LAMP_SAID = re.compile(r"\b(?:rot|rote|roter|rotes|roten|rots)\s+(?:lämpli|laempli|lämple|lämperl|lamperl)\b")
_FAULT_SKIP_WHEN = {
    "ausgefallen": _SPECIFIC_FAULTS,
    "funktioniert nicht": (*_SPECIFIC_FAULTS, "ausgefallen"),
    "Störlampe leuchtet": ("rote Störlampe",),
}


def _fault(t: _Text) -> SlotValue | None:
    text = re.sub(r"\b([a-z]{1,2})\s+punkt\s+(?=\d)", r"\1.", t.masked)  # "f punkt 28" is F.28
    parts: list[str] = []
    code_found: str | None = None
    for match in _ERROR_CODE.finditer(text):
        code = match.group("code") or match.group("bare")
        if not code:
            continue
        code_compact = re.sub(r"\s+(?=\d)|(?<=\d)\s+(?=[a-z]$)", "", code.strip()).replace(" .", ".").replace(". ", ".")
        code_compact = re.sub(r"^([a-z]{1,2})\.(?=\d)", r"\1", code_compact)  # Vaillant's "F.28" is F28
        code_compact = re.sub(r"^([a-z])\s([a-z])$", r"\1\2", code_compact)  # Junkers' "e a" is EA
        if re.fullmatch(r"\d{4,}", code_compact):
            continue
        if re.match(r"\s*uhr\b", text[match.end() :]) or re.match(r"(?:um|ab|am|im|ca|bis)\b", code.strip()):
            continue  # "zeigt um vier Uhr": a time, no code
        if _MEASURE_AFTER.match(text, match.end()) or _WORD_BEFORE_NUMBER.match(code.strip()):
            continue  # "das Wasser steht da zehn Zentimeter hoch": a word and a measure, no code
        if match.group("bare") and _NOT_CODE_BEFORE.search(text[: match.start()]):
            continue  # "Hausnummer F 12", "Rechnung E 123" are no error codes
        if match.group("bare") and _SPELLED_LETTER_BEFORE.search(text[: match.start()]):
            continue  # "r e 27 311": the letters of a spelled reference, no error code
        # "steht 2" / "zeigt 3" without a letter and without the word Fehler/Code: too vague.
        keyword = match.group(0).split()[0] if match.group("code") else ""
        if (
            match.group("code")
            and not re.search(r"[a-z]", code_compact)
            and not re.match(r"fehler|st(?:ö|oe)r|code|error", keyword)
        ):
            continue
        code_found = code_compact.upper()
        parts.append("Fehler " + code_found)
        break
    if code_found is None:
        code_found = _loose_code(text)
        if code_found:
            parts.append("Fehler " + code_found)
    found: list[str] = []
    for label, pattern in _FAULTS:
        if label in _DENIABLE_SYMPTOMS:
            # "Gasgeruch haben wir keinen", "riecht nicht nach Gas": a denied symptom is none.
            if any(not _symptom_denied(text, m) for m in pattern.finditer(text)):
                found.append(label)
        elif label in _DAY_DECLINABLE:
            # "Montag geht nicht", CH "mäntig gaht nöd", "vormittags geht nicht": a day declined, no fault.
            if any(
                not (
                    _DAY_DECLINE_BODY.match(m.group(0)) and _DAY_DECLINED_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
                )
                for m in pattern.finditer(text)
            ):
                found.append(label)
        elif pattern.search(text):
            found.append(label)
    for label, covered_by in _FAULT_SKIP_WHEN.items():
        if label in found and (any(other in found for other in covered_by) or parts):
            found.remove(label)
    if _NOISES in found:
        kinds = _noise_kinds(text)
        if kinds:
            found[found.index(_NOISES)] = f"{_NOISES} ({', '.join(kinds)})"  # the technician hears what it is
    red = _RED_LAMP_SAID.search(text) if _RED_LAMP in found else None
    if red:
        found[found.index(_RED_LAMP)] = red.group(0)  # CH "s rote Lämpli", AT "a rots Lamperl": the caller's words
    parts.extend(found)
    if not parts:
        return None
    return SlotValue(", ".join(parts[:3]), code_found, 0.8)


_URGENT = re.compile(
    r"\b(?:riecht|stinkt|geruch)\w*\s+(?:\w+\s+){0,3}(?:nach\s+)?gas\b|\bgas\w*geruch|\bgasleck|\bgas\s+(?:riecht|stinkt|tritt aus|ausgetreten)"
    r"|\bkohlenmonoxid|\bwasser\s+(?:\w+\s+){0,2}(?:überall|ueberall|tritt aus|spritzt)|\b(?:überall|ueberall)\s+wasser"
    r"|\brohrbruch|\bsteht\s+(?:\w+\s+){0,2}unter wasser|\büberschwemm|\bueberschwemm|\bes brennt|\bbrennt\b|\bfeuer\b|\bexplo"
)
# A carbon monoxide detector named: urgent unless the caller says in the same breath that it is no
# emergency ("kein Notfall, der CO-Melder piept nur wegen der Batterie"); whether it is a danger is
# the dialogue's safety rules' to judge.
_DETECTOR_NAMED = re.compile(r"\bco\s*-?\s*melder")
_NEGATION = r"(?:nicht|kein|keine|nich)\s+(?:so\s+|ganz\s+|sehr\s+|besonders\s+|allzu\s+)?"
# "nicht" and "kein" as Swiss ("nöd/nüd/nid so dringend", "kei Eile") and Austrian/Bavarian callers
# say them ("ned/net/nit so dringend"), with "eso/aso" for "so": only for how urgent, a denied
# danger keeps its own narrower reading.
_NEGATION_URGENCY = (
    r"(?:nicht|nich|kein|keine|kei|koa|koan|net|ned|nit|nid|nöd|noed|nüd|nued)\s+"
    r"(?:so\s+|eso\s+|aso\s+|ganz\s+|sehr\s+|bsunders\s+|besonders\s+|allzu\s+|gar\s+)?"
)
_LOW = re.compile(
    r"\b"
    + _NEGATION_URGENCY
    + r"(?:dringend|dringlich|eilig|pressant)|\bkeine? eile|\b(?:kei(?:ni|n)?|koa|koan) (?:eile|stress|notfall)\b"
    r"|\beilt (?:nicht|net|ned|nöd|nüd|nid|nit)\b|\bpressiert (?:nicht|net|ned|nöd|nüd|nid|nit)\b"
    r"|\bhat zeit|\bhat keine eile|\b(?:es\s+)?h(?:ä|a|e)t\s+(?:no\s+)?zi+t\b|\birgendwann"
    r"|\bbei gelegenheit|\bwenn es (?:ihnen )?passt|\bkein notfall|\bohne eile"
)
_HIGH = re.compile(
    r"\b(?:dringend|sehr dringend|eilig|eilt|notfall|sofort|umgehend|schnellstmöglich|schnellstmoeglich|so schnell wie (?:möglich|moeglich|es geht)|asap)\b"
)
_NO_HEAT = re.compile(
    r"\bkeine\s+heizung|\bheizt nicht|\b(?:heizung|heizkörper|heizkoerper|wohnung|haus)\w*\s+(?:\w+\s+){0,2}(?:bleib\w*|ist|sind|wird|werden)\s+(?:\w+\s+)?(?:kalt|nicht (?:mehr )?warm)"
    r"|\bheizung\s+(?:\w+\s+){0,2}(?:ausgefallen|kaputt|defekt|geht nicht|funktioniert nicht|is hin|ist hin)"
    r"|\bheizung\s+(?:\w+\s+){0,4}nicht\s+(?:mehr\s+)?(?:geht|funktioniert|läuft|laeuft|heizt|anspringt)\b|\bheizungsausfall|\bfriere|\bfrieren|\beiskalt"
)
_NORMAL = re.compile(
    r"\bin den nächsten tagen|\bin den naechsten tagen|\bdiese woche|\bnächste woche|\bnaechste woche|\bnormal(?:er)? termin"
)
HEATING_SEASON_MONTHS = frozenset({10, 11, 12, 1, 2, 3, 4})
_NEGATED_INSIDE = re.compile(r"\b(?:nicht|nich|kein\w*)\b")
_DENIED_AFTER = re.compile(r"^[\s,.?!]*(?:\w+\s+){0,3}keine[nrs]?\b")


# A lamp that is lit ("es rots lämpli brennt", "die Störungslampe brennt", "es brennt die rote
# LED"): a signal on the device, no fire.
_LIGHT_WORD = r"(?:\w*l(?:ä|ae)mp\w*|\w*lampe\w*|\w*leuchte\w*|licht(?!erloh)\w*|led|leds|diode\w*|birne\w*|anzeige\w*)"
_LIGHT_BEFORE = re.compile(r"\b" + _LIGHT_WORD + r"\s+(?:\w+\s+){0,2}$")
_LIGHT_AFTER = re.compile(
    r"^\s+(?:\w+\s+){0,3}?" + _LIGHT_WORD + r"\b|^\s+(?:rot|grün|gruen|gelb|orange|blau|dauernd|dauerhaft)\b"
)


def _lamp_lit(text: str, match: re.Match[str]) -> bool:
    if not re.search(r"brennt$", match.group(0)):
        return False
    return bool(_LIGHT_BEFORE.search(text[: match.start()]) or _LIGHT_AFTER.search(text[match.end() : match.end() + 40]))


# Symptoms a caller may deny in the same breath; the others ("kein Warmwasser") carry their own negation.
_DENIABLE_SYMPTOMS = frozenset({"Gasgeruch", "Wasser tritt aus", "Brand- oder Abgasgeruch", "undicht / tropft", "Geräusche"})


def _symptom_denied(text: str, match: re.Match[str]) -> bool:
    """A symptom the caller denies: "kein Gasgeruch", "es riecht nicht nach Gas", "Gasgeruch haben
    wir keinen"."""
    before = text[max(0, match.start() - 30) : match.start()]
    if re.search(_NEGATION + r"$", before) or _NEGATED_INSIDE.search(match.group(0)):
        return True
    after = text[match.end() : match.end() + 40]
    return bool(_DENIED_AFTER.search(after) or _NOT_AT_CLAUSE_END.search(after))


# "nach Gas riecht es aber nicht", "… riecht es nicht mehr.": the clause ends on its negation.
_NOT_AT_CLAUSE_END = re.compile(r"^[\s,]*(?:\w+\s+){0,3}(?:nicht|nich)(?:\s+mehr)?\s*(?:[,.;!?]|$)")


def _danger_said(text: str) -> bool:
    """A danger the caller reports, not one they deny ("es riecht nicht nach Gas", "kein
    Gasgeruch", "Gasgeruch haben wir keinen"; "riecht nach Gas nicht nur im Keller" still is)."""
    for match in _URGENT.finditer(text):
        if _lamp_lit(text, match):
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        if re.search(_NEGATION + r"$", before) or _NEGATED_INSIDE.search(match.group(0)):
            continue
        if _DENIED_AFTER.search(text[match.end() : match.end() + 40]):
            continue
        return True
    return False


def _urgency(t: _Text, now: datetime | None, timezone: str) -> SlotValue | None:
    text = t.masked
    level: str | None = None
    low = _LOW.search(text)
    if _danger_said(text) or (_DETECTOR_NAMED.search(text) and not low):
        level = "urgent"
    elif low:
        level = "low"
    else:
        high = next(
            (
                m
                for m in _HIGH.finditer(text)
                if not re.search(r"\b" + _NEGATION_URGENCY + r"$", text[max(0, m.start() - 30) : m.start()])
            ),
            None,
        )
        if high:
            level = "high"
        elif _NO_HEAT.search(text):
            month = _resolve_now(now, timezone)[0].month
            level = "high" if month in HEATING_SEASON_MONTHS else "normal"
        elif _NORMAL.search(text):
            level = "normal"
    if level is None:
        return None
    return SlotValue(texts_de.URGENCY_LABELS[level], level, 0.9 if level == "urgent" else 0.75)


# --------------------------------------------------------------------------------------
# the person a call is about, when not the caller
# --------------------------------------------------------------------------------------

# "mein Neffe heißt Leon Kaczmarek", "für meine Mutter, Frau Huber": the person the call is for
# (an applicant's aunt, a son calling for his mother); the caller stays caller_name.
_RELATIVES = {
    "neffe": "Neffe", "neffen": "Neffe", "nichte": "Nichte", "sohn": "Sohn", "tochter": "Tochter",
    "enkel": "Enkel", "enkelin": "Enkelin", "mutter": "Mutter", "vater": "Vater", "schwester": "Schwester",
    "bruder": "Bruder", "oma": "Oma", "opa": "Opa", "schwiegermutter": "Schwiegermutter",
    "schwiegervater": "Schwiegervater", "cousin": "Cousin", "cousine": "Cousine", "sohnes": "Sohn",
    # said at home and in dialect (AT "mei Muatter", CH "mini Mueter", "min Vatter")
    "mama": "Mutter", "mami": "Mutter", "mutti": "Mutter", "muatter": "Mutter", "mueter": "Mutter", "muetter": "Mutter",
    "papa": "Vater", "papi": "Vater", "vati": "Vater", "vatter": "Vater", "vadder": "Vater", "tante": "Tante",
    "onkel": "Onkel", "schwiegermama": "Schwiegermutter", "schwiegerpapa": "Schwiegervater",
    "grossmutter": "Großmutter", "großmutter": "Großmutter", "grossvater": "Großvater", "großvater": "Großvater",
    # a property manager's tenant ("einem Mieter von uns, Herr Öztürk")
    "mieter": "Mieter", "mieterin": "Mieterin",
    # an installer or a manager calling for a customer ("für unseren Kunden, den Herrn Steinbauer")
    "kunde": "Kunde", "kunden": "Kunde", "kundin": "Kundin", "kundschaft": "Kunde",
}  # fmt: skip
_PERSON = re.compile(
    r"\b(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|mi|mini|minere|min|mim|mei|meim|meina|üse|üsi|üsem"
    r"|einem|einer|eim|ere|der|die|den|de|d|eusem|eusere|euse|eusi|üsere|üsne)\s+(?P<rel>"
    + _alt(_RELATIVES)
    + r")\s*,?\s+(?:an\s*,\s*)?(?:(?:von|vo)\s+(?:uns|üs)\s*,?\s+)?(?:(?:der|die|de|d|den)\s+)?(?P<cue>heißt|heisst|heißt\s+auch|namens|heisst\s+au|(?:das|des)\s+(?:ist|is))?\s*"
    + _HON
    + r"(?P<n1>"
    + _W
    + r")(?:\s+(?P<n2>"
    + _W
    + r")(?=\s*(?:$|[,.;!?]|(?:und|der|die|das|ist|is|isch|hat|het|war|wohnt|in|z|im|a)\b|(?:[a-zäöüß]\b[\s,.]*){3,}$)))?"
)


# "wägem Herr Rüegg, eim vo üsne Mieter", "Frau Dragić, eine Mieterin von uns": the name first.
_PERSON_BEFORE = re.compile(
    r"\b(?P<hon>frau|herrn|herr)\s+(?P<n1>" + _W + r")\s*,?\s+(?:eine[mr]?|ein|eim|ere|e|en)\s+(?:von|vo)\s+"
    r"(?:unseren|unsern|unsere|üsne|üsere|üse)\s+(?P<rel>mieter(?:n|innen)?|mieterinne)\b"
)


# "bei einer Mieterin im zweiten Stock riecht es nach Gas, die Frau Sommerfeld, die ist über
# achtzig": a tenant or relative named a few words later with "die Frau …, die …" (the pronoun after
# the name tells it is that person being described, no contact asked for).
_PERSON_LATER = re.compile(
    r"\b(?:die|der|d|de)\s+(?P<hon>frau|herr)\s+(?P<n1>" + _W + r")\s*,?\s+(?:die|der|sie|er|si|dia)\s+"
    r"(?:is|ist|isch|hat|het|hät|war|wohnt|lebt|liegt|kann|konnte|ruft|wollte|braucht|hatte|hot|wor)\b"
)
_RELATIVE_BEFORE = re.compile(
    r"\b(?:eine[mnr]?|eene[mnr]?|ener|ere|eim|meine[mnr]?|unsere[mnr]?|mei|mini|üsere|üsi)\s+(?P<rel>" + _alt(_RELATIVES) + r")\b"
)
_PERSON_LATER_REACH = 140


# "ich bin der Nachbar von Familie Gerber", CH "i bi dr Nochber vo de Familie Gerber": the call is
# about the neighbours.
_NEIGHBOUR_OF = re.compile(
    r"\b(?:ich|i)\s+(?:bin|bi)\s+(?:der|die|de|d|dr)\s+(?:nachbar|nachbarin|nochber|nochbere|nochberin)\s+(?:von|vo)\s+"
    r"(?:(?:der|de|dr|dem)\s+)?(?P<hon>familie|frau|herrn|herr)\s+(?P<n1>" + _W + r")"
)
_NEIGHBOURS = {"familie": "Nachbarn", "frau": "Nachbarin", "herr": "Nachbar", "herrn": "Nachbar"}
_CALLER_IS_BEFORE = re.compile(r"\b(?:ich|i)\s+(?:bin|bi)\s+$|\b(?:hier\s+(?:ist|is|isch|spricht)|da\s+spricht)\s+$")


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Every match of ``pattern``, also those that start inside an earlier one ("die Tochter,
    meine Mutter heißt …": the second relative starts in the words the first one took)."""
    pos = 0
    while pos <= len(text):
        match = pattern.search(text, pos)
        if match is None:
            return
        yield match
        pos = match.start() + 1


def _person_concerned(t: _Text) -> SlotValue | None:
    neighbours = _NEIGHBOUR_OF.search(t.masked)
    if neighbours and _is_name_word(neighbours.group("n1")) and not firm_word(neighbours.group("n1")):
        name = _name_value(t, neighbours, 0.8, strong=True)
        if name is not None:
            return SlotValue(f"{_NEIGHBOURS[neighbours.group('hon')]}, {name.value}", name.value, 0.8)
    before = _PERSON_BEFORE.search(t.masked)
    if before and _is_name_word(before.group("n1")):
        relative = "Mieterin" if before.group("hon") == "frau" else "Mieter"
        name = _name_value(t, before, 0.8, strong=True)
        if name is not None:
            return SlotValue(f"{relative}, {name.value}", name.value, 0.8)
    for match in _overlapping(_PERSON, t.masked):
        if not _is_name_word(match.group("n1")):
            continue
        if _CALLER_IS_BEFORE.search(t.masked, max(0, match.start() - 30), match.start()):
            continue  # "ich bin der Sohn, Thomas Greiner": the caller, not the person the call is about
        named = bool(match.group("cue")) and not re.match(r"(?:das|des)\b", match.group("cue") or "")
        if not (named or match.group("n1") in _FIRST_NAMES or match.groupdict().get("hon") or _known(match.group("n1"))):
            continue
        name = _name_value(t, match, 0.8, strong=True)
        if name is None:
            continue
        second = match.group("n2")
        if named and second and _is_name_word(second) and len(name.value.split()) == 1:  # "heißt Hertha Kaminski"
            name = SlotValue(f"{name.value} {_readable(t, match.start('n2'), match.end('n2'))}", None, name.confidence)
        relative = _RELATIVES[match.group("rel")]
        shown = f"{relative}, {name.value}" if match.groupdict().get("hon") else f"{relative} {name.value}"
        return SlotValue(shown, name.value, 0.8)
    for later in _PERSON_LATER.finditer(t.masked):
        if not _is_name_word(later.group("n1")) or firm_word(later.group("n1")):
            continue
        said_before = t.masked[max(0, later.start() - _PERSON_LATER_REACH) : later.start()]
        relatives = list(_RELATIVE_BEFORE.finditer(said_before))
        if not relatives or re.search(r"(?<!\d)[.!?]", said_before[relatives[-1].end() :]):
            continue
        name = _name_value(t, later, 0.8, strong=True)
        if name is not None:
            return SlotValue(f"{_RELATIVES[relatives[-1].group('rel')]}, {name.value}", name.value, 0.8)
    return None


# --------------------------------------------------------------------------------------
# where in the building, how much, and what the caller asks about
# --------------------------------------------------------------------------------------

# LOCATION_SLOT: the room, floor or fixture the matter is at ("Kinderzimmer", "Küche, Spüle",
# "2. Stock"); QUANTITY_SLOT: a size that prices the job ("8 Quadratmeter", "300 Liter");
# SUBJECT_SLOT: what a price question or a booking is about beyond the device ("Entkalkung",
# "Pellets", "Kundendienst"). Names and labels: zentrale.config.vocabulary.
_FIXTURES = {
    "spüle": "Spüle", "spuele": "Spüle", "waschbecken": "Waschbecken", "waschtisch": "Waschtisch",
    "lavabo": "Lavabo", "badewanne": "Badewanne", "wanne": "Badewanne", "dusche": "Dusche", "wc": "WC", "klo": "WC",
    "toilette": "WC", "verteiler": "Verteiler", "heizkreisverteiler": "Verteiler", "spülmaschine": "Spülmaschine",
    "waschmaschine": "Waschmaschine",
}  # fmt: skip
_FIXTURE_RE = re.compile(
    r"\b(?:unter(?:m|\s+dem|\s+der)|hinter(?:m|\s+dem|\s+der)|an(?:\s+der|\s+dem)|am|bei(?:m|\s+der)|in\s+der|neben\s+der|i\s+de)\s+"
    r"(?P<fix>" + _alt(_FIXTURES) + r")\b"
)
# "im 2. Stock", also without a word before it, after the house number ("Lindenstraße 12, 2. Stock
# links"): an ordinal before a floor word is a floor (not after a date's "12." or a clock "8.").
_FLOOR_RE = re.compile(
    r"(?:\b(?:im|in\s+der|in\s+dem|auf\s+der|auf\s+dem|z)\s+|(?<![\d.,:/])(?<!\d\.\s))(?P<n>\d{1,2}\.(?:\s*,?\s*(?:(?:und|u|oder)\s+)?\d{1,2}\.)*)\s*(?P<w>stock|stockwerk|og|obergeschoss|etage|stok)\b"
    r"|\b(?P<ground>parterre|hochparterre)\b"
)


def _floors(said: str) -> str:
    """ "2." → "2. Stock"; "1. 2. und 4." → "1., 2. und 4. Stock"."""
    numbers = [f"{n}." for n in dict.fromkeys(re.findall(r"\d{1,2}", said))]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " und " + numbers[-1]
    return f"{listed} Stock"


# The name on the bell where the caller's address is somebody else's home ("Kiefernweg 4 bei
# Hoffmann", "bi Familie Wyss an der Tösstalstrasse 48", "c/o Meier"), and the bell named on its
# own ("auf der Klingel steht Hoffmann"): the technician rings there. Kept as a detail of the place
# (like the floor), so the street stays a street.
_CARE_OF = re.compile(
    # "bei der Familie Wyss", CH "bi de Familie", AT "bei da Familie": the article before the family
    r"(?:\b(?:(?:bei|bi)\s+(?:der|de|dr|da)(?=\s+(?:familie|fam\b|fam\.|frau))|bei|bi|c\s*/\s*o|c\s+o)|(?<!\w)c/o)\s+"
    r"(?P<hon>(?:familie|fam\.?|frau|herr|herrn)\s+)?"
    r"(?P<n1>" + _W + r")(?:\s+(?P<n2>" + _W + r"))?"
)
_BELL_NAMED = re.compile(
    r"\b(?:(?:am|auf\s+(?:der|dem)|uf\s+de|an\s+der)\s+)?(?:klingel\w*|türschild|tuerschild|briefkasten|glocke|lüte|lüüte)\s+"
    r"(?:(?:steht|stoht|staat|ist|is|isch)\s+)(?:(?:drauf|druf|auch|au|noch|no)\s+)*(?P<hon>(?:familie|fam\.?|frau|herr)\s+)?"
    r"(?P<n1>" + _W + r")"
)
_NOT_BELL_NAMES = frozenset(
    "uns mir mich ihnen euch dir einem einer einen einem kunden kundin nachbarn nachbarin mieter mieterin vermieter "
    "eltern mutter vater oma opa tochter sohn schwester bruder freunden freund freundin der dem den die "
    "nummer klingel klingelschild türschild namen name".split()
)


def _bell_name_word(word: str | None) -> bool:
    return bool(
        word
        and len(word) >= 2
        and word not in _STOPWORDS
        and word not in _FILLERS
        and word not in _NOT_BELL_NAMES
        and word not in _KNOWN_CITIES
        and word not in DAY_WORDS
        and not device_word(word)
        and not firm_word(word)
        and not _STREET_WORD.fullmatch(word)
    )


# Between the name on the bell and the street said after it: a preposition and the street's
# first words ("bi Familie Wyss an der Tösstalstrasse", "bei Lang, in der Ries Straße").
_CARE_OF_BEFORE_STREET = re.compile(
    r"[\s,]*(?:(?:an|in|auf|a|i|uf)\s+(?:der|de|dr|dem|d)\s+|(?:am|im|in|z)\s+)?(?P<name>(?:[^\W\d_][\w\-]*\s+){0,2})$"
)
# Between the house number (and its stair and door) and the name: "Kiefernweg 4 bei Hoffmann".
_CARE_OF_AFTER_HOUSE = re.compile(r"(?:\s*[a-h])?(?:\s*,?\s*(?:stiege|stg\.?|top|tür|tuer)\s*\w{1,3})*[\s,]*$")
_WORKS_AT_BEFORE = re.compile(r"\b(?:arbeite\w*|angestellt|beschäftigt|beschaeftigt|firma|schaffe|schaff)\s+$")


def _care_of_at_street(text: str, match: re.Match[str], end: int) -> bool:
    """Whether "bei X" (ending at ``end``) is said next to a street with its house number, not
    "ich arbeite bei X"."""
    if _WORKS_AT_BEFORE.search(text, 0, match.start()):
        return False
    for street in _STREET_WORD.finditer(text):
        house = re.match(r"\s*,?\s*(?:(?:hausnummer|nummer|nr\.?)\s*)?\d{1,4}", text[street.end() :])
        if house is None:
            continue
        house_end = street.end() + house.end()
        if house_end <= match.start() and _CARE_OF_AFTER_HOUSE.fullmatch(text, house_end, match.start()):
            return True
        before = _CARE_OF_BEFORE_STREET.fullmatch(text, end, street.start()) if end <= street.start() else None
        if before and not set(before.group("name").split()) & _STOPWORDS:
            return True
    return False


def _bell_name(t: _Text) -> str | None:
    text = t.masked
    if re.search(r"\d", text):
        for match in _CARE_OF.finditer(text):
            if not _bell_name_word(match.group("n1")):
                continue
            end = match.end("n2") if _bell_name_word(match.group("n2")) and match.group("hon") else match.end("n1")
            if not _care_of_at_street(text, match, end):
                continue
            honorific = _HONORIFICS.get((match.group("hon") or "").strip().rstrip("."), "")
            if (match.group("hon") or "").startswith("fam"):
                honorific = "Familie"
            name = _readable(t, match.start("n1"), end)
            return f"bei {honorific} {name}" if honorific else f"bei {name}"
    bell = _BELL_NAMED.search(text)
    if bell and _bell_name_word(bell.group("n1")):
        honorific = "Familie " if (bell.group("hon") or "").startswith("fam") else ""
        return f"Klingel: {honorific}{_readable(t, bell.start('n1'), bell.end('n1'))}"
    return None


def _location(t: _Text) -> SlotValue | None:
    text = t.masked
    found: list[tuple[int, str]] = []
    for match in _ROOM_RE.finditer(text):
        found.append((match.start(), _ROOMS[match.group("room")][0]))
    for match in _FIXTURE_RE.finditer(text):
        found.append((match.start(), _FIXTURES[match.group("fix")]))
    for match in _FLOOR_RE.finditer(text):
        found.append((match.start(), "Erdgeschoss" if match.group("ground") else _floors(match.group("n"))))
    names: list[str] = []
    for _pos, name in sorted(found):
        if name not in names:
            names.append(name)
    bell = _bell_name(t)
    if bell:
        names = [*names[:2], bell]
    if not names:
        return None
    return SlotValue(", ".join(names[:3]), None, 0.8)


_QUANTITY_UNITS = {
    "quadratmeter": "Quadratmeter", "qm": "Quadratmeter", "m²": "Quadratmeter", "m2": "Quadratmeter",
    "quadratmetern": "Quadratmeter", "kubikmeter": "Kubikmeter", "liter": "Liter", "litern": "Liter",
    "kilowatt": "kW", "kw": "kW", "heizkörper": "Heizkörper", "heizkörpern": "Heizkörper", "radiatoren": "Heizkörper",
    "zimmer": "Zimmer", "räume": "Räume", "räumen": "Räume", "wohnungen": "Wohnungen", "parteien": "Parteien",
    "tonnen": "Tonnen", "säcke": "Säcke", "meter": "Meter",
}  # fmt: skip
_COUNTED_UNITS = frozenset({"Heizkörper", "Zimmer", "Räume", "Wohnungen", "Parteien"})
_QUANTITY_RE = re.compile(r"(?<![\d.,])(?P<n>\d{1,5}(?:[.,]\d{1,2})?)\s*(?P<u>" + _alt(_QUANTITY_UNITS) + r")(?![\wäöü²])")


def _quantity(t: _Text) -> SlotValue | None:
    parts: list[str] = []
    last: tuple[str, int] | None = None  # the unit and where the size said before ended
    for match in _QUANTITY_RE.finditer(t.masked):
        before = t.masked[max(0, match.start() - 6) : match.start()]
        if re.search(r"\b(?:seit|vor|nach|sit)\s+$", before) or (
            re.search(r"\bin\s+$", before) and _QUANTITY_UNITS[match.group("u")] not in _COUNTED_UNITS
        ):
            continue  # "in 2 Meter Tiefe" is no size; "in 12 Wohnungen" is one
        if _NOT_CODE_BEFORE.search(t.masked[: match.start()]):
            continue  # "Hausnummer 8 Zimmer …" is no size
        unit = _QUANTITY_UNITS[match.group("u")]
        part = f"{match.group('n')} {unit}"
        if (
            last is not None
            and last[0] == unit
            and parts
            and _TAKEN_BACK_WORD.search(t.masked, last[1], match.start())
            and not re.search(r"\d", t.masked[last[1] : match.start()])
        ):
            parts.pop()  # "zwei Heizkörper, nee, drei Heizkörper": the size said last counts
        if part not in parts:
            parts.append(part)
        last = (unit, match.end())
    return SlotValue(", ".join(parts[:3]), None, 0.8) if parts else None


_SUBJECTS: list[tuple[str, re.Pattern[str]]] = [
    ("Entkalkung", re.compile(r"\b(?:entkalk\w*|entchalch\w*|entkalch\w*|entchalk\w*)")),
    ("Umstieg auf Pellets", re.compile(r"\b(?:auf|uf)\s+pellets?\s+(?:um\w*|wechseln|gehen)|\bumstieg\s+auf\s+pellets?")),
    ("Pellets", re.compile(r"\bpellets?\b(?!\w)")),
    ("Förderung", re.compile(r"\bf(?:ö|oe)rder(?:ung|geld|mittel|ig)\w*|\bzuschuss\w*|\bsubvention\w*")),
    ("Kundendienst", re.compile(r"\bkundendienst\w*")),
    # balancing the heating circuits, a job of its own in a quote ("hydraulischer Abgleich", CH "hydraulische Abglich")
    ("Hydraulischer Abgleich", re.compile(r"\b(?:hydraulisch\w*\s+)?(?:abgleich|abglich)\b")),
    # what a certificate or a quote is for: the sale, the letting, the insurer
    ("Verkauf", re.compile(r"\b(?:verkauf\w*|verkoof\w*|notar\w*)")),
    ("Vermietung", re.compile(r"\b(?:vermiet\w*|neuvermietung)")),
    ("Versicherung", re.compile(r"\b(?:versicherung|versicherig|vers(?:i|e)cherer|versicherungsfall)\b")),
    (
        "Badsanierung",
        re.compile(
            r"\bbad\w*\s+(?:\w+\s+)?(?:renovier\w*|sanier\w*|umbau\w*|modernisier\w*)|\bbad(?:sanierung|renovierung|umbau)\b"
        ),
    ),
    # the shower a bathroom is rebuilt for ("mit ebenerdiger Dusch", "barrierefreie Dusche"): the job, no faulty device
    (
        "bodengleiche Dusche",
        re.compile(r"\b(?:ebenerdig|bodengleich|bodeneben|barrierefrei|begehbar)\w*\s+(?:\w+\s+)?dusch\w*"),
    ),
    ("Austausch", re.compile(r"\b(?:aus(?:ge)?tausch\w*|tauschen|erneuer\w*|ersetz\w*|wechsle\w*)\b")),
    # the yearly service a booking is for ("die Wartung von der Gastherme", CH "d Wartig"), also as the
    # first part of a compound ("Wartungstermin", "die Wartungsmeldung im Display", "Wartigstermin");
    # a maintenance contract or firm is no visit, an "Erwartung" no service
    (
        "Wartung",
        re.compile(r"\b(?!\w*erwartung)(?:\w*wartung|wartig|jahreswartig)(?!s?(?:vertrag|firma))(?:en|s\w+)?\b"),
    ),
]
# A job application: the trade or position the caller applies for or holds ("dass Sie einen
# Anlagenmechaniker suchen, ich bin Geselle", "ich suche eine Lehrstelle als Installateur").
# Read only when the words are about a job: "der Monteur war da" names no position.
_APPLICATION_CUE = re.compile(
    r"\b(?:bewerb\w*|stelle|stellen|stellenanzeige|job|jobs|lehrstelle|lehrstellen|ausbildung\w*|ausbildungsplatz|praktikum"
    r"|suchen\s+(?:sie|ihr)|(?:sie|ihr)\s+(?:[^\W\d_]+\s+){0,3}(?:suchen|sucht|sueched|suached)|gesucht|anfangen|arbeiten\s+bei"
    r"|schaffe\s+bi|lehre|lehrstell\w*|stellenangebot|geselle|gesellin|lehrling\w*|azubi\w*|lernende[rn]?)\b"
)
_POSITION_RE = re.compile(
    r"\b(?P<pos>(?:\w*anlagenmechaniker|\w*installateur|heizungsbauer|\w*monteur|elektriker|elektroniker|\w*techniker"
    r"|spengler|klempner|rauchfangkehrer|kaminfeger|schornsteinfeger|geselle|gesell|lehrling|azubi|auszubildende"
    r"|lernende|meister|bürokraft|buerokraft|bürokauf\w+|buerokauf\w+|sekretär|buchhalter|disponent|lagerist)(?:in|innen|en|n|r)?"
    r"|lehrstelle|lehrstell|lehrlinge|ausbildungsplatz|praktikum|teilzeit|vollzeit|minijob)\b"
)
_POSITION_WORDS = {
    "gesell": "Geselle",
    "lehrstell": "Lehrstelle",
    "lehrlinge": "Lehrling",
    "auszubildender": "Auszubildender",
    "lernender": "Lernender",
    "lernenden": "Lernender",
}


def _positions(text: str) -> list[str]:
    """The trades and positions a job application names, in the order said."""
    if not _APPLICATION_CUE.search(text):
        return []
    found: list[str] = []
    for match in _POSITION_RE.finditer(text):
        word = match.group("pos")
        label = _POSITION_WORDS.get(word, word[:1].upper() + word[1:])
        if label in found or (label.endswith("en") and label[:-2] in found):
            continue
        found.append(label)
    return found


# The item of an invoice a caller questions ("die Anfahrt ist zweimal drauf", "der Stundensatz
# ist zu hoch", "Material wurde doppelt berechnet"): read only when the words are about a bill.
_INVOICE_CUE = re.compile(
    r"\b(?:\w*rechnung\w*|rechnig|rächnig|mahnung|faktura|berechnet|verrechnet|abgerechnet|aufgeschrieben"
    r"|drauf|draufstehen|draufsteht|aufgeführt|aufgefuehrt|posten|position)\b"
)
_INVOICE_ITEM = re.compile(
    r"\b(?P<item>anfahrt(?:s?pauschale|skosten|kosten)?|fahrtkosten|fahrzeit|wegzeit|stundensatz|stundenlohn"
    r"|arbeitszeit|arbeitsstunden|arbeitslohn|lohnkosten|monteurstunden|material(?:kosten)?|kleinmaterial"
    r"|entsorgung(?:skosten)?|notdienstzuschlag|zuschlag|pauschale|mehrwertsteuer|mwst)\b"
)


def _invoice_items(text: str) -> list[str]:
    if not _INVOICE_CUE.search(text):
        return []
    found: list[str] = []
    for match in _INVOICE_ITEM.finditer(text):
        item = match.group("item")
        label = "MwSt." if item in ("mwst", "mehrwertsteuer") else item[:1].upper() + item[1:]
        if label not in found:
            found.append(label)
    return found


def _subject(t: _Text) -> SlotValue | None:
    found = [name for name, pattern in _SUBJECTS if pattern.search(t.masked)]
    found = [*_invoice_items(t.masked), *found]
    if "Umstieg auf Pellets" in found and "Pellets" in found:
        found.remove("Pellets")
    found = [*_positions(t.masked), *found]
    return SlotValue(", ".join(found[:3]), None, 0.8) if found else None


# --------------------------------------------------------------------------------------
# onset: since when the fault is there
# --------------------------------------------------------------------------------------

# ONSET_SLOT is one of the details beyond SLOT_NAMES the extractor fills when asked for them by
# name (like REFERENCE_SLOTS).
_SINCE = r"\b(?:seit|seid|sit|sid|sitt)\s+"
_ONSET_PART = {
    **_PART_OF_DAY, "nacht": "nacht", "znacht": "nacht", "in der nacht": "nacht", "abig": "abend",
    "am abend": "abend", "am morgen": "früh", "am nachmittag": "nachmittag", "am vormittag": "vormittag",
}  # fmt: skip
_ONSET_PART_NAMES = {"früh": "früh", "vormittag": "Vormittag", "mittag": "Mittag", "nachmittag": "Nachmittag", "abend": "Abend", "nacht": "Nacht"}  # fmt: skip
_ONSET_PART_RE = r"(?:\s+(?P<part>" + _alt(_ONSET_PART) + r"))?"
_ONSET_DAY_WORDS = {
    "heute": 0, "hüt": 0, "hüüt": 0, "heut": 0, "gestern": 1, "geschter": 1, "gester": 1, "gescht": 1,
    "vorgestern": 2, "vorgeschter": 2, "vorgester": 2,
}  # fmt: skip
_ONSET_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("relday", re.compile(_SINCE + r"(?P<day>" + _alt(_ONSET_DAY_WORDS) + r")\b" + _ONSET_PART_RE + r"\b")),
    (
        "weekday",
        re.compile(
            _SINCE
            + r"(?:(?:dem|letzte[nm]?|letschte[nm]?|letscht|vergangene[nm]?|vorige[nm]?|am)\s+)?(?P<wd>"
            + _alt(_WEEKDAYS)
            + r")(?P<wdpart>vormittag|nachmittag|abend|früh|morgen|nacht)?s?\b"
            + _ONSET_PART_RE
            + r"\b"
        ),
    ),
    (
        "date",
        re.compile(_SINCE + r"(?:dem\s+|am\s+)?(?P<d>\d{1,2})\.\s?(?:(?P<m>\d{1,2})\.|(?P<mn>" + _alt(MONTH_NUMBERS) + r")\b)"),
    ),
    (
        "ago",
        re.compile(
            _SINCE
            + r"(?:(?:etwa|ca\.?|circa|ungefähr|gut|knapp|fast)\s+)?(?P<n>\d{1,2}|einem|einer|eim|ere|zwei)\s+"
            + r"(?P<unit>tag|tagen|täg|tage|woche|wochen|wuche|wuchen)\b"
        ),
    ),
]


def _onset(t: _Text, now: datetime | None, timezone: str) -> SlotValue | None:
    """Since when the fault is there, with the date from the call's clock: "seit Samstag" →
    "seit Samstag, 5.12." (the last Saturday before today), "seit gestern Abend" → "seit gestern
    Abend (Montag, 14.12.)", "seit drei Tagen" → "seit 3 Tagen (Freitag, 4.12.)", "seit dem 3.
    Dezember". ``normalized`` is the ISO date. The first one said counts."""
    hits = [(m.start(), kind, m) for kind, pattern in _ONSET_PATTERNS for m in pattern.finditer(t.masked)]
    if not hits:
        return None
    _start, kind, m = min(hits, key=lambda h: h[0])
    current, _tz = _resolve_now(now, timezone)
    today = current.date()
    part = m.groupdict().get("part")
    part_key = _ONSET_PART.get(part) if part else None
    if kind == "relday":
        word = m.group("day")
        back = _ONSET_DAY_WORDS[word]
        day = today - timedelta(days=back)
        said = {0: "heute", 1: "gestern", 2: "vorgestern"}[back]
    elif kind == "weekday":
        target = _WEEKDAYS[m.group("wd")]
        said = texts_de.WEEKDAYS[target]
        if m.group("wdpart"):
            part_key = _ONSET_PART.get(m.group("wdpart"), "früh" if m.group("wdpart") == "morgen" else None)
        # The same weekday as today is a week ago, unless a morning or the night is said ("seit
        # Montag früh" on a Monday is this morning).
        back = (today.weekday() - target) % 7 or (0 if part_key in ("früh", "vormittag", "nacht") else 7)
        day = today - timedelta(days=back)
    elif kind == "date":
        month = (
            int(m.group("m"))
            if m.group("m")
            else MONTH_NUMBERS.get(m.group("mn").replace("ae", "ä"), MONTH_NUMBERS.get(m.group("mn")))
        )
        found = _safe_date(today.year, month, int(m.group("d"))) if month else None
        if found is not None and found > today:
            found = _safe_date(today.year - 1, month or 1, int(m.group("d")))
        if found is None:
            return None
        day, said = found, ""
    else:
        n_text = m.group("n")
        n = int(n_text) if n_text.isdigit() else (2 if n_text == "zwei" else 1)
        weeks = m.group("unit").startswith("w")
        if n == 0 or (weeks and n > 8) or (not weeks and n > 60):
            return None
        day = today - timedelta(days=n * 7 if weeks else n)
        unit = ("Woche" if n == 1 else "Wochen") if weeks else ("Tag" if n == 1 else "Tagen")
        said = f"{'einer' if n == 1 and weeks else 'einem' if n == 1 else n} {unit}"
    date_text = f"{texts_de.WEEKDAYS[day.weekday()]}, {day.day}.{day.month}."
    part_text = f" {_ONSET_PART_NAMES[part_key]}" if part_key in _ONSET_PART_NAMES else ""
    if kind == "weekday":  # "seit Samstag Abend, 5.12."
        value = f"seit {said}{part_text}, {day.day}.{day.month}."
    elif kind == "date":
        value = f"seit {date_text}{part_text}"
    else:  # "seit gestern Abend (Montag, 14.12.)"
        value = f"seit {said}{part_text} ({date_text})"
    return SlotValue(value, day.isoformat(), 0.8)


# --------------------------------------------------------------------------------------
# estimate, invoice and order numbers
# --------------------------------------------------------------------------------------

# Custom slots (not in SLOT_NAMES) the extractor fills when asked for them by name.
REFERENCE_SLOTS = ("angebotsnummer", "rechnungsnummer", "auftragsnummer", "kundennummer", "befundnummer")
_REFERENCE_WORDS = {
    "angebotsnummer": r"(?:kosten)?voranschlag\w*|angebot\w*|offert\w*|kv",
    "rechnungsnummer": r"rechnung\w*|rechnig\w*|faktura|rg|erlagschein\w*|zahlschein\w*",
    "auftragsnummer": r"auftrag\w*|bestellung\w*|bestell\w*|vorgang\w*",
    "kundennummer": r"(?:k|ch)unde?n?[\s-]?(?:nummer|nummere|nr\.?)",  # Swiss "Chundenummer"
    # a chimney sweep's or inspector's report ("Befund Nummer BF 2026 0314")
    "befundnummer": r"befund\w*|bescheinigung\w*|pr(?:ü|ue)fbericht\w*|messprotokoll\w*|(?:ü|ue)berpr(?:ü|ue)fungsbericht\w*",
}
# Separators said as words inside a document number ("2026 strich 04", "RE 2026 schrägstrich 89").
_SEPARATOR_WORDS = {
    "strich": "-",
    "bindestrich": "-",
    "minus": "-",
    "schrägstrich": "/",
    "schraegstrich": "/",
    "slash": "/",
    "punkt": ".",
}
_SEPARATOR_WORD = r"\s(?:" + _alt(_SEPARATOR_WORDS) + r")\s"
# A trailing letter belongs to the number ("4711 b"), except the dialect words "a", "e", "i",
# "o", "u" ("wegen der Offerte 8812 a[n]", "e Frag").
_REFERENCE_CODE = (
    r"(?P<code>(?:(?:[a-z]{1,3})[\s\-/.]{0,2}){0,3}\d+(?:(?:[\s\-/.]{1,2}|,\s?(?=\d{1,5}(?!\d))|"
    + _SEPARATOR_WORD
    + r")\d+)*(?:\s?[b-df-hj-np-tv-z]\b)?)"
)
_REFERENCE_RE = {
    slot: re.compile(
        r"\b(?:"
        + words
        + r")\b\s*-?\s*(?:(?:die\s+|d\s+)?(?:nummer|nr\.?|no\.?|number)\s*)?(?:(?:ist|isch|lautet|war|wäre|waere|hat)\s+(?:die\s+|d\s+)?)?:?\s*"
        + _REFERENCE_CODE
    )
    for slot, words in _REFERENCE_WORDS.items()
}
_REFERENCE_MIN_DIGITS = 3
_NOT_REFERENCE_LETTERS = frozenset(
    "und oder vom von ist im am um bis der die das den dem zur zum für fuer mit vor bei ab an auf aus in ca nur".split()
)
# Words of a sentence said before a number, never letters of a document number ("ich hab 1480",
# CH "i ha 1480", "mir händ 1200"): pronouns and the verbs "haben"/"sein"/"zahlen".
_NOT_REFERENCE_WORDS = frozenset(
    "ich mir wir sie er es ihr i mi si ha hab han hät het hed hei hend händ hat habe hatte hattet isch sind war "
    "bin ish is zahlt bezahlt gezahlt".split()
)
# A sum of money, never a document number: "1480 Franken", "1200 Euro", "CHF 980".
_MONEY_AFTER = re.compile(r"\s*(?:euro|eur|€|franken|franke|fr\.|chf|stutz|schilling|cent|rappen|rappe|kröten|mäuse)(?![\wäöü])")
_MONEY_BEFORE = re.compile(r"(?:euro|eur|€|chf|fr\.|franken|franke)\s*$")


def _compact_reference(code: str) -> str:
    """ "re 2026 schrägstrich 089" → "RE2026/089", "ag 2026 - 0411" → "AG2026-0411"."""
    code = re.sub(
        r"\s*\b(" + _alt(_SEPARATOR_WORDS) + r")\b\s*",
        lambda m: _SEPARATOR_WORDS.get(m.group(1).replace("ae", "ä"), _SEPARATOR_WORDS.get(m.group(1), "-")),
        code,
    )
    compact = re.sub(r"[\s,]+", "", code).upper()
    return _zero_apart(re.sub(r"(?<=[A-Z])[./](?=\d)", "", compact))


def _zero_apart(code: str) -> str:
    """ "RE0459" → "RE-0459": a number that starts with a zero right after the letters is kept apart
    from them, so nobody reads the zero as the letter O ("REO459") and a search for 0459 finds it."""
    return re.sub(r"^([A-Z]{1,4})(?=0\d)", r"\1-", code)


# The document first, its number a few words on: "mir nämed d Offerte für s Badzimmer a, die
# Nummer isch o f 2026316", "wegen der Rechnung vom Kundendienst, die Nummer ist …".
_NUMBER_LATER_REACH = 60
_NUMBER_LATER = re.compile(
    r"\b(?:die|d|de|der)\s+(?:nummer|nummere|nr\.?)\s+(?:ist|isch|is|lautet|wär|wäre)\s+:?\s*" + _REFERENCE_CODE
)


def _number_said_later(text: str, slot: str) -> list[re.Match[str]]:
    named = re.search(r"\b(?:" + _REFERENCE_WORDS[slot] + r")\b", text)
    if named is None:
        return []
    later = _NUMBER_LATER.search(text, named.end(), named.end() + _NUMBER_LATER_REACH + 40)
    if later is None or later.start() - named.end() > _NUMBER_LATER_REACH:
        return []
    if re.match(r"\+|0\d{8}", re.sub(r"\s", "", later.group("code"))):
        return []  # "die Nummer ist null sieben neun …": the number to call back
    return [later]


def _references(t: _Text) -> list[tuple[str, SlotValue, tuple[int, int]]]:
    """ "Voranschlag Nummer A B zwei drei vier fünf" → angebotsnummer AB2345; the same for
    invoices ("Rechnung Nummer …", "RE 2024-0012", "2026 strich 173"), orders and customer
    numbers ("Kundennummer 4711"). Each kind once, the first."""
    found: list[tuple[str, SlotValue, tuple[int, int]]] = []
    for slot, pattern in _REFERENCE_RE.items():
        matches = list(pattern.finditer(t.masked)) or _number_said_later(t.masked, slot)
        for match in matches:
            code = match.group("code").strip(" -/.")
            letters = [w for w in re.findall(r"[a-zäöüß]+", code) if w not in _SEPARATOR_WORDS]
            if any(len(word) > 1 and word in _NOT_REFERENCE_LETTERS for word in letters):
                continue
            if any(word in _NOT_REFERENCE_WORDS for word in letters):
                continue  # "ich ha 1480": words of a sentence, no letters of a number
            if _MONEY_AFTER.match(t.masked, match.end("code")) or _MONEY_BEFORE.search(t.masked, 0, match.start("code")):
                continue  # "1480 Franken": a sum, no document number
            if sum(c.isdigit() for c in code) < _REFERENCE_MIN_DIGITS:
                continue
            compact = _compact_reference(code)
            found.append((slot, SlotValue(compact, compact, 0.85), match.span("code")))
            break
    return found


# A code said on its own, as the answer to "Haben Sie die Rechnungsnummer zur Hand?": spelled
# letters ("r e", "a g"), digits and their separators ("minus", "strich", "bindestrich").
_SPOKEN_SEPARATOR = re.compile(r"\s+(" + _alt(_SEPARATOR_WORDS) + r")\s+")
_CODE_PREFIX = re.compile(
    r"^(?:(?:ja|also|äh|ähm|öh|hm|genau|gern|gerne|klar|moment|die|das|d|ist|is|isch|lautet|wär|wäre|nummer|nummere|nr\.?|"
    r"ich|hab|habe|hier|"
    r"rechnungsnummer|angebotsnummer|offertnummer|auftragsnummer|kundennummer|es|sie|der|dem|mit|von)\b[\s,.:]*)*"
)
# Digit groups with a speech pause between them ("zwei null zwei sechs, eins eins vier sieben") are one
# number; a long run after the pause is another (a phone number said next).
_BARE_CODE = re.compile(
    r"^(?P<code>(?:[a-z]{1,3}(?:\s|\.|-)?){0,4}\d(?:[\d\s\-/.]|,(?=\s?\d{1,5}(?!\d)))*\d(?:\s?[a-z])?|\d{3,})(?=$|[\s,.!?])"
)


# Letters said by their names before the digits of a code ("er e 2028…" → "r e 2028…", "ef 28"):
# names that are no word convert alone; "er", "es", "en", "em", "el", "we" (words too) only in a
# run of letters ("warten sie, er e 2028": "sie" ends the run).
_LETTER_WORD_NAMES = {"ef": "f", "eff": "f", "ix": "x", "zet": "z", "ka": "k", "pe": "p", "te": "t", "ge": "g", "be": "b"}
_LETTER_WORD_NAMES_IN_RUN = {
    "er": "r",
    "err": "r",
    "es": "s",
    "ess": "s",
    "en": "n",
    "enn": "n",
    "em": "m",
    "emm": "m",
    "el": "l",
    "ell": "l",
    "we": "w",
}
_LETTER_RUN_BEFORE_DIGITS = re.compile(
    r"(?<![\w])((?:(?:[a-z]|" + _alt({**_LETTER_WORD_NAMES, **_LETTER_WORD_NAMES_IN_RUN}) + r")[\s.\-]+){1,4})(?=\d)"
)


def _letters_named(low: str) -> str:
    def letters(match: re.Match[str]) -> str:
        tokens = match.group(1).split()
        if len(tokens) == 1 and tokens[0] in _LETTER_WORD_NAMES_IN_RUN:
            return match.group(0)  # "es 2028" may be "it"
        if len(tokens) == 1 and len(tokens[0]) == 1:
            return match.group(0)
        names = {**_LETTER_WORD_NAMES, **_LETTER_WORD_NAMES_IN_RUN}
        return " ".join(names.get(token, token) for token in tokens) + " "

    return _LETTER_RUN_BEFORE_DIGITS.sub(letters, low)


# A pause inside a code read out ("a n 2027 moment ich hab die brille nicht 0981", CH "o f 2027
# wart schnell 448"): the digits after the aside go on with the code.
_CODE_PAUSE = re.compile(r"(?P<head>\d)(?P<aside>(?:[\s,.]+[^\W\d_]+){1,10})[\s,.]+(?P<tail>\d{1,6})(?![\d\s]*\d)")
_CODE_PAUSE_WORDS = frozenset(
    "moment momänt augenblick sekunde sekunderl warten wart warte wartens brille brülle lesen lese schau lueg guck seh".split()
)
_NOT_CODE_PAUSE_WORDS = frozenset("nummer telefon telefonnummer handy natel tel euro franken franke chf stunden".split())


def _code_pause_closed(low: str) -> str:
    def closed(match: re.Match[str]) -> str:
        aside = set(re.findall(r"[^\W\d_]+", match.group("aside")))
        if not aside & _CODE_PAUSE_WORDS or aside & _NOT_CODE_PAUSE_WORDS:
            return match.group(0)
        return match.group("head") + match.group("tail")

    return _CODE_PAUSE.sub(closed, low)


def reference_code(text: str) -> str | None:
    """The code in an answer to a question for an estimate/invoice/order number: "r e zwei null
    zwei sechs null drei drei sieben" → "RE20260337", "ja das ist a g zwei null zwei sechs minus
    null vier eins eins" → "AG2026-0411"; also "Rechnung Nummer …" said again. ``None`` when the
    answer holds no code of at least three digits."""
    t = _prepare(text)
    for _slot, value, _span in _references(t):
        return value.value
    low = _SPOKEN_SEPARATOR.sub(lambda m: _SEPARATOR_WORDS.get(m.group(1).replace("ae", "ä"), "-"), t.low)
    low = _code_pause_closed(_letters_named(low))
    low = _CODE_PREFIX.sub("", low.strip())
    match = _BARE_CODE.match(low)
    if not match:
        return None
    code = match.group("code").strip(" -/.")
    letters = re.findall(r"[a-z]+", code)
    if any(len(word) > 3 or (len(word) > 1 and word in _NOT_REFERENCE_LETTERS) for word in letters):
        return None
    if any(word in _NOT_REFERENCE_WORDS for word in letters) or _MONEY_AFTER.match(low, match.end("code")):
        return None  # "ich hab 1480 Euro bezahlt": a sum said, no document number
    if sum(c.isdigit() for c in code) < _REFERENCE_MIN_DIGITS:
        return None
    compact = re.sub(r"(?<=[a-z])[\s.\-]+(?=[a-z\d])", "", code)
    compact = re.sub(r"[\s,]+", "", compact).upper()
    return _zero_apart(compact)


# --------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------


# Details beyond SLOT_NAMES, filled only when asked for by name.
_EXTRA_SLOTS = (ONSET_SLOT, PERSON_SLOT, LOCATION_SLOT, QUANTITY_SLOT, SUBJECT_SLOT, COMPANY_SLOT)


def _mask(text: str, span: tuple[int, int]) -> str:
    start, end = span
    return text[:start] + " " * (end - start) + text[end:]


# A caller asking to wait ("Moment", CH "Momänt", "Momentli", AT "a Sekunderl", "wart a
# bisserl", "ich schau schnell", "muss kurz nachschauen") answers nothing yet: no word of it
# is a name, a street, a number or any other detail.
_WAIT_CORE = frozenset(
    """
    moment momänt moment's momentli momäntli momentle momentchen momenterl momenterle augenblick
    augenblickchen augenblickerl augeblick ougeblick sekunde sekunden sekundchen sekündchen sekunderl
    sekünderl sekundli sekündli sek warten wartens warte wart warts wartet wartet's waretet wartid
    schau schaue schauen schaun nachschauen nachsehen nachgucken nachgugge guck gucke gucken lueg luege
    luegä nachluege nachlüege such suche suchen hol hole holen nachlesen gleich glei gli
    """.split()
)
_WAIT_FILLERS = frozenset(
    """
    ja jo jaja ah äh ähm ehm öh hm hmm mhm also okay ok gut so na nu bitte bitteschön doch
    ein eine einen einem e en es a an ä kleinen kleine klein kurz kurze kurzen kurzes schnell gschwind
    gschwend mal mol emol amol amal noch grad gerade gerad eben ebe bisserl bissel bisschen bissl bitzeli
    bitz bisli ich i ig muss mus mues muess mueß sie se si ihr mir das des dies es den die dem am
    nach noch nomal nachher dann da do mit entschuldigung sorry pardon tschuldigung äxgüsi
    """.split()
)


def is_wait_request(text: str) -> bool:
    """``True`` when the answer only asks to wait ("Momänt", "a Sekunderl", "ich schau schnell")."""
    if not text or re.search(r"\d", text):
        return False
    words = [w.strip("'-") for w in re.findall(r"[^\W\d_][\w'\-]*", text.lower())]
    words = [w for w in words if w]
    if not words or len(words) > 10:
        return False
    return any(w in _WAIT_CORE for w in words) and all(w in _WAIT_CORE or w in _WAIT_FILLERS for w in words)


def extract_slots_local(
    text: str,
    wanted: Sequence[str] = SLOT_NAMES,
    *,
    region: str = "DE",
    now: datetime | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> Slots:
    """Extract the ``wanted`` slots from one caller utterance by rules; never raises.

    ``region`` (ISO country code) reads national phone numbers and postcodes; ``now`` and
    ``timezone`` (the business's) anchor relative dates ("morgen", "am Dienstag").
    """
    started = time.perf_counter()
    values: dict[str, SlotValue] = {}
    try:
        wanted_set = set(wanted or ()) & {*SLOT_NAMES, *REFERENCE_SLOTS, *_EXTRA_SLOTS}
        region_code = (region or "DE").strip().upper() if isinstance(region, str) else "DE"
        if region_code not in phonenumbers.SUPPORTED_REGIONS:
            region_code = "DE"
        t = _prepare(text)
        if t.low and wanted_set and not is_wait_request(t.low):
            # Estimate/invoice numbers first: their digits are no phone number and no postcode.
            for ref_slot, ref_value, ref_span in _run("references", lambda: _references(t)) or []:
                if ref_slot in wanted_set:
                    values[ref_slot] = ref_value
                t.masked = _mask(t.masked, ref_span)
            phone = _run("callback_number", lambda: _phone(t, region_code))
            if phone:
                if "callback_number" in wanted_set:
                    values["callback_number"] = phone[0]
                t.masked = _mask(t.masked, phone[1])
            rules: list[tuple[str, Callable[[], SlotValue | None]]] = [
                ("street", lambda: _street(t)),
                ("caller_name", lambda: _caller_name(t)),
                ("preferred_time", lambda: _preferred_time(t, now, timezone)),
                ("device", lambda: _device(t)),
                ("fault", lambda: _fault(t)),
                ("urgency", lambda: _urgency(t, now, timezone)),
                (ONSET_SLOT, lambda: _onset(t, now, timezone)),
                (PERSON_SLOT, lambda: _person_concerned(t)),
                (LOCATION_SLOT, lambda: _location(t)),
                (QUANTITY_SLOT, lambda: _quantity(t)),
                (SUBJECT_SLOT, lambda: _subject(t)),
                (COMPANY_SLOT, lambda: _company(t)),
            ]
            if {"postcode", "city"} & wanted_set:
                found = _run("postcode", lambda: _postcode_and_city(t, region_code))
                if found:
                    postcode, city = found
                    if postcode and "postcode" in wanted_set:
                        values["postcode"] = postcode
                    if city and "city" in wanted_set:
                        values["city"] = city
            for name, rule in rules:
                if name in wanted_set:
                    value = _run(name, rule)
                    if value and value.value:
                        values[name] = value
    except Exception as exc:  # the contract: never raise on any input
        log.warning("slot_extraction_failed", error=type(exc).__name__)
    ordered = {name: values[name] for name in (*SLOT_NAMES, *REFERENCE_SLOTS, *_EXTRA_SLOTS) if name in values}
    return Slots(values=ordered, engine=ENGINE_NAME, ms=(time.perf_counter() - started) * 1000)


def _run(name: str, rule: Callable[[], _T]) -> _T | None:
    try:
        return rule()
    except Exception as exc:  # one broken rule costs only its slot; never the caller's text in logs
        log.warning("slot_rule_failed", slot=name, error=type(exc).__name__)
        return None
