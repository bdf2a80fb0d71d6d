"""Seed data of the trade-software simulator: German, Austrian (and a few Swiss) addresses whose
phone fields are typed the way office staff type them, equipment, employees, estimates and
appointments. Everything is deterministic for a given seed.

Fixed addresses (always the first ones of the primary firm, for demos and tests):

=========  ===============================================  =======================================
code       who                                              phones (exactly as stored)
=========  ===============================================  =======================================
MUST01     Frau Erika Mustermann, Musterstraße 12, Berlin    "030 / 555 010 99", "0171 5550199 (Handy)"
HUBE01     Herr Ing. Johann Huber, Graz (AT, "Nur HK")       "+43 (0)316 4711-0", "0664 5550123"
SCHM01     Herr Thomas Schmidt, München                      "089 5550815"
SCHM02     Frau Anna Schmidt, München (same household)       "089/555 08 15", "0176 55501234"
HVBE01     Hausverwaltung Berger GmbH, Hamburg               "040 5553070", "Fax 040 5553071" (fax)
WEGL01     WEG Lindenstraße 12 (c/o Hausverwaltung Berger)   "+49 (0)40 555 30 70"
MEIE01     Frau Dr. Regula Meier, Zürich (CH)                "+41 44 555 12 34"
KLEI01     Herr Peter Klein, Hamburg (no country stored)     "0049(0)40-5551234 / 0172 5559876"
=========  ===============================================  =======================================

SCHM01/SCHM02 share one number in two spellings, HVBE01/WEGL01 share the Hausverwaltung's number:
a caller lookup must return both contacts. Random numbers never use the 555 blocks above.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

Record = dict[str, Any]

# Seed timestamps: address i was last changed at BASE + i * STEP (unique and increasing).
SEED_BASE = datetime(2024, 1, 2, 7, 0, tzinfo=UTC)
SEED_STEP_US = 61_000_000


_EPOCH_NAIVE = datetime(1970, 1, 1)


def format_ts(us: int) -> str:
    """Microseconds since the epoch → RFC 3339 UTC with a ``Z``."""
    return (_EPOCH_NAIVE + timedelta(microseconds=us)).isoformat(timespec="microseconds") + "Z"


def to_us(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    delta = dt - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


SEED_BASE_US = to_us(SEED_BASE)

# -- places ---------------------------------------------------------------------------------
# (city, zip range low, high, area code without trunk 0, subscriber digits)
# Umlauts and Turkish letters of names → the ASCII of e-mail addresses.
_ASCII_LETTERS: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s"}

CITIES_DE = [
    ("Berlin", 10115, 14199, "30", 8),
    ("Hamburg", 20095, 22769, "40", 8),
    ("München", 80331, 81929, "89", 8),
    ("Köln", 50667, 51149, "221", 7),
    ("Frankfurt am Main", 60306, 60599, "69", 8),
    ("Stuttgart", 70173, 70629, "711", 7),
    ("Düsseldorf", 40210, 40629, "211", 7),
    ("Leipzig", 4103, 4357, "341", 7),
    ("Dresden", 1067, 1328, "351", 7),
    ("Hannover", 30159, 30669, "511", 7),
    ("Nürnberg", 90402, 90491, "911", 7),
    ("Bremen", 28195, 28779, "421", 7),
    ("Potsdam", 14467, 14482, "331", 7),
    ("Augsburg", 86150, 86199, "821", 7),
    ("Regensburg", 93047, 93059, "941", 6),
    ("Freiburg im Breisgau", 79098, 79117, "761", 7),
    ("Rosenheim", 83022, 83026, "8031", 6),
    ("Bernau bei Berlin", 16321, 16321, "3338", 6),
]
CITIES_AT = [
    ("Wien", 1010, 1230, "1", 7),
    ("Graz", 8010, 8055, "316", 6),
    ("Linz", 4020, 4040, "732", 6),
    ("Salzburg", 5020, 5026, "662", 6),
    ("Innsbruck", 6020, 6080, "512", 6),
    ("Klagenfurt", 9020, 9073, "463", 6),
    ("Villach", 9500, 9524, "4242", 5),
    ("St. Pölten", 3100, 3107, "2742", 6),
]
CITIES_CH = [
    ("Zürich", 8001, 8057, "44", 7),
    ("Basel", 4051, 4059, "61", 7),
    ("Bern", 3001, 3027, "31", 7),
]
# mobile prefixes without trunk 0, subscriber digits
MOBILE_DE = [
    ("151", 8),
    ("152", 8),
    ("157", 8),
    ("160", 7),
    ("170", 7),
    ("171", 7),
    ("172", 7),
    ("173", 7),
    ("175", 7),
    ("176", 8),
    ("177", 8),
    ("178", 8),
    ("179", 8),
]
MOBILE_AT = [("664", 7), ("660", 7), ("676", 7), ("650", 7), ("699", 8), ("681", 8), ("688", 7)]
MOBILE_CH = [("79", 7), ("78", 7), ("76", 7)]
COUNTRY_CODE = {"DE": "49", "AT": "43", "CH": "41"}

STREETS = [
    "Hauptstraße",
    "Schulstraße",
    "Gartenstraße",
    "Bahnhofstraße",
    "Dorfstraße",
    "Bergstraße",
    "Birkenweg",
    "Lindenstraße",
    "Kirchstraße",
    "Waldstraße",
    "Ringstraße",
    "Schillerstraße",
    "Goethestraße",
    "Mozartstraße",
    "Wiesenweg",
    "Am Sportplatz",
    "Rosenweg",
    "Feldstraße",
    "Mühlenweg",
    "Ahornweg",
    "Eichendorffstraße",
    "Kastanienallee",
    "Friedhofstraße",
    "Grazer Straße",
    "Linzer Gasse",
    "Wiener Straße",
    "Annenstraße",
    "Am Anger",
    "Brunnengasse",
    "Industriestraße",
    "Parkstraße",
    "Sonnenweg",
    "Uhlandstraße",
    "Jahnstraße",
    "Marktplatz",
]
FIRST_M = [
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Peter",
    "Hans",
    "Klaus",
    "Jürgen",
    "Frank",
    "Markus",
    "Christian",
    "Wolfgang",
    "Josef",
    "Franz",
    "Johann",
    "Lukas",
    "Florian",
    "Günter",
    "Uwe",
    "Dieter",
    "Matthias",
    "Alexander",
    "Sebastian",
    "Georg",
    "Mehmet",
]
FIRST_F = [
    "Sabine",
    "Andrea",
    "Petra",
    "Monika",
    "Claudia",
    "Susanne",
    "Birgit",
    "Ursula",
    "Maria",
    "Elisabeth",
    "Anna",
    "Katharina",
    "Julia",
    "Renate",
    "Gabriele",
    "Martina",
    "Christine",
    "Karin",
    "Stefanie",
    "Sophie",
    "Lena",
    "Brigitte",
    "Helga",
    "Ayşe",
    "Zeynep",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Gruber",
    "Huber",
    "Wimmer",
    "Pichler",
    "Moser",
    "Mayer",
    "Steiner",
    "Hofer",
    "Leitner",
    "Berger",
    "Fuchs",
    "Eder",
    "Fischbacher",
    "Lehner",
    "Haas",
    "Öztürk",
    "Yılmaz",
    "Nowak",
    "Kowalski",
    "Weiß",
    "Groß",
    "Jäger",
    "Vogel",
    "Kühn",
    "Böhm",
]
TRADES = [
    "Bäckerei",
    "Metzgerei",
    "Autohaus",
    "Zahnarztpraxis",
    "Gasthaus",
    "Blumen",
    "Elektro",
    "Friseursalon",
    "Steuerkanzlei",
    "Physiotherapie",
    "Apotheke",
    "Hotel",
]
LEGAL = ["GmbH", "GmbH & Co. KG", "KG", "e.K.", "OHG", "AG"]
TITLES = ["Dr.", "Dr.", "Dipl.-Ing.", "Prof. Dr.", "Dr. med.", "Ing.", "Mag."]
MAIL_DE = ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de"]
MAIL_AT = ["gmx.at", "aon.at", "chello.at", "gmail.com", "a1.net"]
MAIL_CH = ["bluewin.ch", "gmx.ch", "gmail.com"]

EQUIPMENT = [
    (
        "Gas-Brennwerttherme",
        [
            ("Vaillant", "ecoTEC plus VC 206/6-5"),
            ("Viessmann", "Vitodens 200-W B2HE"),
            ("Buderus", "Logamax plus GB192i"),
            ("Wolf", "CGB-2-20"),
            ("Junkers", "Cerapur Smart ZSB 14-3"),
            ("Brötje", "WGB 20 H"),
        ],
    ),
    (
        "Luft-Wasser-Wärmepumpe",
        [
            ("Viessmann", "Vitocal 250-A"),
            ("Vaillant", "aroTHERM plus VWL 75/6"),
            ("Stiebel Eltron", "WPL 25 AC"),
            ("Daikin", "Altherma 3 H HT"),
            ("Nibe", "F2120-12"),
        ],
    ),
    (
        "Ölkessel",
        [
            ("Buderus", "Logano plus GB125"),
            ("Viessmann", "Vitorondens 200-T"),
            ("Weishaupt", "WTC-OB 25-B"),
            ("Wolf", "COB-2-20"),
        ],
    ),
    ("Pelletkessel", [("ÖkoFEN", "Pellematic Condens 16"), ("KWB", "Easyfire 2"), ("Fröling", "PE1 Pellet 20")]),
    ("Warmwasserspeicher", [("Stiebel Eltron", "SHZ 100 LCD"), ("Vaillant", "uniSTOR VIH R 200")]),
    ("Solarthermie", [("Viessmann", "Vitosol 200-FM"), ("Buderus", "Logasol SKN 4.0")]),
]

# Employees of the primary firm: the staff codes of config/examples/heizung-mueller.yaml plus
# some technicians and an apprentice the business did not put into zentrale.
PRIMARY_EMPLOYEES: list[Record] = [
    {
        "code": "KM",
        "name": "Klaus Müller",
        "mobile": "+491715550101",
        "email": "klaus@heizung-mueller.example",
        "teams": ["buero"],
        "active": True,
    },
    {
        "code": "SB",
        "name": "Sabine Berger",
        "mobile": "+491715550102",
        "email": "buero@heizung-mueller.example",
        "teams": ["buero"],
        "active": True,
    },
    {
        "code": "TW",
        "name": "Tobias Wagner",
        "mobile": "+491715550103",
        "email": "tobias@heizung-mueller.example",
        "teams": ["monteure", "notdienst"],
        "active": True,
    },
    {
        "code": "JK",
        "name": "Jan Krüger",
        "mobile": "+491715550104",
        "email": None,
        "teams": ["monteure", "notdienst"],
        "active": True,
    },
    {"code": "AY", "name": "Ayşe Yıldız", "mobile": "+491715550105", "email": None, "teams": ["monteure"], "active": True},
    {"code": "MS", "name": "Markus Schulz", "mobile": "+491715550106", "email": None, "teams": ["monteure"], "active": True},
    {"code": "LH", "name": "Lukas Hoffmann", "mobile": None, "email": None, "teams": ["azubis"], "active": True},
    {"code": "RB", "name": "Rudolf Brandt", "mobile": None, "email": None, "teams": ["monteure"], "active": False},
]


def generate_employees(seed: int | str) -> list[Record]:
    """Employees of a further (non-primary) firm: different people, same shape."""
    rng = random.Random(f"{seed}:employees")
    out = []
    for i, team in enumerate(["buero", "buero", "monteure", "monteure", "monteure"]):
        first = rng.choice(FIRST_M + FIRST_F)
        last = rng.choice(LAST)
        code = (first[0] + last[0]).upper().replace("Ö", "O").replace("Ü", "U").replace("Ä", "A") + str(i)
        out.append({"code": code, "name": f"{first} {last}", "mobile": None, "email": None, "teams": [team], "active": True})
    return out


# -- phones ---------------------------------------------------------------------------------


def _pairs(digits: str) -> str:
    """'1234567' → '123 45 67' (office style: groups of two from the right)."""
    head = 3 if len(digits) % 2 else 2
    parts = [digits[:head]] + [digits[i : i + 2] for i in range(head, len(digits), 2)]
    return " ".join(parts)


def _split_ext(digits: str) -> str:
    """'1234567' → '12345-67' (Durchwahl style)."""
    return f"{digits[:-2]}-{digits[-2:]}"


# How office staff type a number: a = area/mobile prefix without trunk 0, s = subscriber
# number, p = subscriber in pairs ("123 45 67"), e = with a dash before the last two digits
# ("12345-67"), c = country code.
TEMPLATES_CH = ["0{a} {p}", "+{c} {a} {p}", "00{c} {a} {s}", "+{c} (0){a} {p}", "0{a}/{s}"]
TEMPLATES_MOBILE = [
    "0{a} {s}",
    "0{a}/{s}",
    "0{a}-{s}",
    "0{a} {p}",
    "+{c} {a} {s}",
    "+{c} (0){a} {s}",
    "0{a} {s} (Handy)",
    "Handy 0{a} {s}",
    "00{c} {a} {s}",
    "0{a}/{p}",
    "+{c}{a}{s}",
    "0{a} {s} mobil",
]
TEMPLATES_LANDLINE = [
    "0{a} {s}",
    "0{a} {s}",
    "0{a}/{s}",
    "0{a}/{p}",
    "0{a} / {p}",
    "0{a}-{s}",
    "(0{a}) {s}",
    "+{c} {a} {s}",
    "+{c} (0){a} {s}",
    "+{c} (0){a} {e}",
    "00{c} {a} {s}",
    "00{c}(0){a}-{s}",
    "Tel. 0{a} {s}",
    "0{a} {e} priv.",
    "0{a} {s} (Büro)",
    "0{a}{s}",
    "+{c}{a}{s}",
    "0{a} {e}",
]
TEMPLATES_FAX = [t for t in TEMPLATES_LANDLINE if not any(w in t for w in ("Tel.", "priv.", "Büro"))]


def format_national(area: str, sub: str, country: str, rng: random.Random, *, mobile: bool, fax: bool = False) -> str:
    """One way office staff type the number (area without trunk 0)."""
    templates = TEMPLATES_CH if country == "CH" else TEMPLATES_MOBILE if mobile else TEMPLATES_FAX if fax else TEMPLATES_LANDLINE
    template = templates[int(rng.random() * len(templates))]
    return template.format(a=area, s=sub, p=_pairs(sub) if "{p}" in template else "", e=_split_ext(sub), c=COUNTRY_CODE[country])


class _Numbers:
    """Draws unique subscriber numbers (no accidental sharing between addresses)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def reserve(self, national: str) -> None:
        self.used.add(national)

    def draw(self, prefix: str, digits: int) -> str:
        low, high = 2 * 10 ** (digits - 1), 10**digits
        while True:
            sub = str(self.rng.randrange(low, high))
            if sub[0] == "5" or sub.startswith("555"):
                continue
            key = prefix + sub
            if key not in self.used:
                self.used.add(key)
                return sub


# -- addresses -----------------------------------------------------------------------------


def _phone(number: str, kind: str = "landline", sms: bool = False) -> Record:
    return {"number": number, "kind": kind, "sms_consent": sms}


def fixed_addresses() -> list[Record]:
    """The documented demo/test addresses (see the module docstring)."""
    return [
        {
            "code": "MUST01",
            "salutation": "Frau",
            "title": None,
            "name": "Erika Mustermann",
            "name2": None,
            "street": "Musterstraße 12",
            "zip": "10115",
            "city": "Berlin",
            "country": "DE",
            "phones": [_phone("030 / 555 010 99"), _phone("0171 5550199 (Handy)", "mobile", True)],
            "emails": [{"address": "erika.mustermann@example.de", "consent": True, "purposes": ["all"]}],
            "main_sweep_only": False,
        },
        {
            "code": "HUBE01",
            "salutation": "Herr",
            "title": "Ing.",
            "name": "Johann Huber",
            "name2": None,
            "street": "Grazer Straße 47",
            "zip": "8010",
            "city": "Graz",
            "country": "AT",
            "phones": [_phone("+43 (0)316 4711-0"), _phone("0664 5550123", "mobile", False)],
            "emails": [{"address": "j.huber@example.at", "consent": True, "purposes": ["invoice"]}],
            "main_sweep_only": True,
        },
        {
            "code": "SCHM01",
            "salutation": "Herr",
            "title": None,
            "name": "Thomas Schmidt",
            "name2": None,
            "street": "Schillerstraße 8",
            "zip": "80336",
            "city": "München",
            "country": "DE",
            "phones": [_phone("089 5550815")],
            "emails": [],
            "main_sweep_only": False,
        },
        {
            "code": "SCHM02",
            "salutation": "Frau",
            "title": None,
            "name": "Anna Schmidt",
            "name2": None,
            "street": "Schillerstraße 8",
            "zip": "80336",
            "city": "München",
            "country": "DE",
            "phones": [_phone("089/555 08 15", "unknown"), _phone("0176 55501234", "mobile", True)],
            "emails": [{"address": "anna.schmidt@example.de", "consent": False, "purposes": []}],
            "main_sweep_only": False,
        },
        {
            "code": "HVBE01",
            "salutation": "Firma",
            "title": None,
            "name": "Hausverwaltung Berger GmbH",
            "name2": "z. Hd. Frau Weber",
            "street": "Kastanienallee 3",
            "zip": "20249",
            "city": "Hamburg",
            "country": "DE",
            "phones": [_phone("040 5553070"), _phone("Fax 040 5553071", "fax")],
            "emails": [{"address": "verwaltung@hv-berger.example", "consent": True, "purposes": ["invoice", "appointment"]}],
            "main_sweep_only": False,
        },
        {
            "code": "WEGL01",
            "salutation": None,
            "title": None,
            "name": "WEG Lindenstraße 12",
            "name2": "c/o Hausverwaltung Berger GmbH",
            "street": "Lindenstraße 12",
            "zip": "20251",
            "city": "Hamburg",
            "country": "DE",
            "phones": [_phone("+49 (0)40 555 30 70")],
            "emails": [],
            "main_sweep_only": False,
        },
        {
            "code": "MEIE01",
            "salutation": "Frau",
            "title": "Dr.",
            "name": "Regula Meier",
            "name2": None,
            "street": "Seestrasse 21",
            "zip": "8002",
            "city": "Zürich",
            "country": "CH",
            "phones": [_phone("+41 44 555 12 34")],
            "emails": [],
            "main_sweep_only": False,
        },
        {
            "code": "KLEI01",
            "salutation": "Herr",
            "title": None,
            "name": "Peter Klein",
            "name2": None,
            "street": "Birkenweg 5",
            "zip": "22767",
            "city": "Hamburg",
            "country": None,
            "phones": [_phone("0049(0)40-5551234 / 0172 5559876", "unknown")],
            "emails": [],
            "main_sweep_only": False,
        },
    ]


_TRANSLIT = str.maketrans(
    {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "İ": "I", "Ş": "S", "Ç": "C", "Ğ": "G", "I": "I", "É": "E"}
)


def _code_base(name: str) -> str:
    letters = "".join(ch for ch in name.upper().translate(_TRANSLIT) if "A" <= ch <= "Z")
    return (letters + "XXXX")[:4]


def generate_addresses(seed: int | str, n: int, *, fixed: bool = True) -> list[Record]:
    """``n`` addresses (the fixed ones first if ``fixed``) as contract ``Address`` objects without
    ``updated_at`` (the state stamps it). Deterministic for a seed; 100,000 take about a second."""
    rng = random.Random(f"{seed}:addresses")
    numbers = _Numbers(rng)
    out: list[Record] = []
    codes: set[str] = set()
    code_counter: dict[str, int] = {}
    numeric = 10000
    if fixed:
        for rec in fixed_addresses()[:n]:
            out.append(rec)
            codes.add(rec["code"])
    choice, rand, randint = rng.choice, rng.random, rng.randint
    while len(out) < n:
        r = rand()
        country = "DE" if r < 0.78 else "AT" if r < 0.97 else "CH"
        city, zlo, zhi, area, sub_digits = choice(CITIES_DE if country == "DE" else CITIES_AT if country == "AT" else CITIES_CH)
        if country == "AT" and city == "Wien":
            zip_code = f"1{randint(1, 23):02d}0"
        else:
            zip_code = f"{randint(zlo, zhi):0{5 if country == 'DE' else 4}d}"
        kind_r = rand()
        salutation: str | None
        title = None
        name2 = None
        if kind_r < 0.72:  # private person
            female = rand() < 0.5
            salutation = "Frau" if female else "Herr"
            first = choice(FIRST_F if female else FIRST_M)
            last = choice(LAST)
            if rand() < 0.08:
                title = choice(TITLES)
            name = f"{first} {last}"
            if rand() < 0.1:
                name2 = f"und {choice(FIRST_M if female else FIRST_F)} {last}"
            code_name = last
            mail_local = f"{first}.{last}".lower().translate(str.maketrans(_ASCII_LETTERS))
            company = False
        elif kind_r < 0.86:
            last = choice(LAST)
            name = f"{choice(TRADES)} {last} {choice(LEGAL)}"
            salutation = "Firma" if rand() < 0.6 else None
            if rand() < 0.3:
                name2 = f"z. Hd. {choice(['Herrn', 'Frau'])} {choice(LAST)}"
            code_name = name
            mail_local = "info"
            company = True
        elif kind_r < 0.94:
            last = choice(LAST)
            name = f"Hausverwaltung {last} {choice(['GmbH', 'KG', 'e.K.'])}"
            salutation = "Firma"
            code_name = f"HV{last}"
            mail_local = "verwaltung"
            company = True
        else:
            street_name = choice(STREETS)
            name = f"WEG {street_name} {randint(1, 80)}"
            name2 = f"c/o Hausverwaltung {choice(LAST)}"
            salutation = None
            code_name = f"WEG{street_name}"
            mail_local = "weg"
            company = True
        if rand() < 0.35:
            code = str(numeric)
            numeric += 1
        else:
            base = _code_base(code_name)
            k = code_counter.get(base, 0) + 1
            code_counter[base] = k
            code = f"{base}{k:02d}"
        if code in codes:
            continue
        codes.add(code)

        cc = COUNTRY_CODE[country]
        phones: list[Record] = []
        n_phones = 1 if rand() < 0.55 else 2 if rand() < 0.75 else 3
        for i in range(n_phones):
            pr = rand()
            if i > 0 and pr < 0.12 and country != "CH":
                # fax next to the landline
                sub = numbers.draw(cc + area, sub_digits)
                phones.append(_phone(f"Fax {format_national(area, sub, country, rng, mobile=False, fax=True)}", "fax"))
            elif i > 0 and pr < 0.2 and country != "CH":
                # two numbers in one field
                sub1 = numbers.draw(cc + area, sub_digits)
                mp, md = choice(MOBILE_DE if country == "DE" else MOBILE_AT)
                sub2 = numbers.draw(cc + mp, md)
                phones.append(_phone(f"0{area} {sub1} / 0{mp} {sub2}", "unknown"))
            elif (i == 0 and pr < 0.25 and not company) or (i > 0 and pr < 0.8):
                mp, md = choice(MOBILE_DE if country == "DE" else MOBILE_AT if country == "AT" else MOBILE_CH)
                sub = numbers.draw(cc + mp, md)
                kind = "mobile" if rand() < 0.8 else "unknown"
                phones.append(_phone(format_national(mp, sub, country, rng, mobile=True), kind, rand() < 0.4))
            else:
                sub = numbers.draw(cc + area, sub_digits)
                if company and rand() < 0.25:
                    # Durchwahl: the central number with an extension
                    number = f"0{area}/{sub}-{randint(10, 49)}" if rand() < 0.5 else f"+{cc} (0){area} {sub}-0"
                else:
                    number = format_national(area, sub, country, rng, mobile=False)
                phones.append(_phone(number, "landline" if rand() < 0.85 else "unknown"))
        emails: list[Record] = []
        if rand() < 0.55:
            domain = choice(MAIL_DE if country == "DE" else MAIL_AT if country == "AT" else MAIL_CH)
            if company:
                domain = f"{code.lower()}.example"
            consent = rand() < 0.6
            purposes = ["all"] if consent and rand() < 0.6 else [choice(["invoice", "appointment"])] if consent else []
            emails.append({"address": f"{mail_local}@{domain}", "consent": consent, "purposes": purposes})
        out.append(
            {
                "code": code,
                "salutation": salutation,
                "title": title,
                "name": name,
                "name2": name2,
                "street": f"{choice(STREETS)} {randint(1, 140)}{'' if rand() < 0.9 else choice('abc')}",
                "zip": zip_code,
                "city": city,
                # staff leave the country empty for some domestic (German) addresses
                "country": None if country == "DE" and rand() < 0.1 else country,
                "phones": phones,
                "emails": emails,
                "main_sweep_only": country == "AT" and rand() < 0.25,
            }
        )
    return out


def equipment_for(seed: int | str, address: Record) -> list[Record]:
    """Installations at an address (heating customers have 1–2; others none). Deterministic."""
    code = address["code"]
    rng = random.Random(f"{seed}:equipment:{code}")
    if code == "MUST01":
        return [
            {
                "id": "ANL-MUST01-1",
                "kind": "Gas-Brennwerttherme",
                "manufacturer": "Vaillant",
                "model": "ecoTEC plus VC 206/6-5",
                "installed_on": "2016-09-14",
                "last_service_on": "2024-10-02",
            }
        ]
    if code == "HUBE01":
        return [
            {
                "id": "ANL-HUBE01-1",
                "kind": "Pelletkessel",
                "manufacturer": "ÖkoFEN",
                "model": "Pellematic Condens 16",
                "installed_on": "2019-05-20",
                "last_service_on": "2024-09-11",
            }
        ]
    if rng.random() < 0.45:
        return []
    items = []
    for i in range(1 if rng.random() < 0.75 else 2):
        kind, makers = rng.choice(EQUIPMENT if address.get("country") == "AT" else EQUIPMENT[:3] + EQUIPMENT[4:])
        maker, model = rng.choice(makers)
        installed = date(2004, 1, 1) + timedelta(days=rng.randint(0, 7000))
        serviced = installed + timedelta(days=rng.randint(200, 3000)) if rng.random() < 0.8 else None
        items.append(
            {
                "id": f"ANL-{code}-{i + 1}",
                "kind": kind,
                "manufacturer": maker,
                "model": model,
                "installed_on": installed.isoformat(),
                "last_service_on": serviced.isoformat() if serviced and serviced < date(2025, 6, 1) else None,
            }
        )
    return items
