"""Normalisation: the spellings a caller or a speech recogniser produces meet in one form."""

from zentrale.bot.intents.normalize import CompoundSplitter, fold, normalize_text, stem, tokenize


def test_umlaut_spellings_fold_to_one_form():
    assert fold("Störung") == fold("Stoerung") == fold("STÖRUNG") == "stoerung"
    assert fold("Straße") == fold("Strasse")
    # A combining diaeresis (decomposed Unicode) is an umlaut too.
    assert fold("Sto\u0308rung") == "stoerung"


def test_tokenize_drops_punctuation_and_maps_dialect():
    assert tokenize("Die Heizung geht nicht!!! (Fehler F28)") == ["die", "heizung", "geht", "nicht", "fehler", "f28"]
    assert tokenize("d'Heizig tuet nöd") == ["d", "heizung", "tut", "nicht"]
    assert tokenize("geht ned") == ["geht", "nicht"]


def test_fillers_and_greetings_are_removed():
    assert normalize_text("Äh, grüß Gott, also ähm die Therme spinnt", numbers=False) == "die therme spinnt"
    assert normalize_text("Grüezi, servus, hallo", numbers=False) == ""


def test_stemming_meets_inflected_forms():
    assert stem("rechnungen") == stem("rechnung")
    assert stem(fold("Heizkörper")) == stem(fold("Heizkörpern"))
    assert stem("baeder") == stem("bad")
    assert stem("tropft") == stem("tropfen")
    # Short words and numbers stay as they are.
    assert stem("gas") == "gas"
    assert stem("2024") == "2024"


def test_compounds_split_into_known_parts():
    splitter = CompoundSplitter(["heizung", "stoerung", "wasser", "rohr", "bruch", "speicher", "warm", "ofen"])
    assert splitter.split("heizungsstoerung") == ("heizung", "stoerung")
    assert splitter.split("wasserrohrbruch") == ("wasser", "rohr", "bruch")
    assert splitter.split("warmwasserspeicher") == ("warm", "wasser", "speicher")
    # No full split: the known head names the thing.
    assert splitter.split("nachtspeicherofen") == ("ofen",)
    # A known word alone and short words are no compounds.
    assert splitter.split("heizung") == ()
    assert splitter.split("abc") == ()


def test_swiss_long_vowels_and_words_meet_the_standard_form():
    # "üü", "ii" are written for one long vowel; standard German never doubles them.
    assert tokenize("Chönd Sie mi zrugglüüte") == tokenize("chönd sie mi zrugglüte")
    assert tokenize("d'Heizig isch uus und es isch iischalt dusse") == [
        "d",
        "heizung",
        "ist",
        "aus",
        "und",
        "es",
        "ist",
        "eiskalt",
        "draussen",
    ]
    # Doubled vowels of standard German stay.
    assert tokenize("Boot Saal See") == ["boot", "saal", "see"]
