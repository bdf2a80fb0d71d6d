"""The safety rules: which danger a caller describes (gas, smoke and fire, carbon monoxide, water,
heating oil), told how (named, described by its signs, suspected, alarmed by a detector), and when
it is none (denied, explained away, over and seen to, a battery chirp). Pure functions of the
folded text (lower case, umlauts written out): the dialogue decides what to do with a danger, the
engine (``intents.local``) which task it is filed under.
"""

from __future__ import annotations

import re

from zentrale.bot.intents.local import dismissed_dangers, settled_dangers

# (Berlin "riecht janz doll nach Jas", "Jasjeruch": the g spoken as j)
_GAS = re.compile(
    r"\b(?:riech\w*|stink\w*|geruch|jeruch)\s+(?:\w+\s+){0,6}?(?:nach\s+)?(?:gas|jas)\b|\b(?:gas|jas)\w*(?:geruch|jeruch)|\bgasleck|\bgasaustritt"
    r"|\bgas\s+(?:\w+\s+)?(?:riecht|stinkt|tritt\s+aus|ausgetreten|stroemt)|\bnach\s+gas\s+(?:riecht|stinkt)"
    r"|\bgas(?:warn)?melder\w*\s+(?:\w+\s+){0,3}?(?:piept|alarm|schlaegt|geht|heult)|\bzisch\w*\s+(?:\w+\s+){0,3}?gas(?:leitung|rohr|zaehler|hahn)\b"
    r"|\bgas(?:leitung|rohr|zaehler|hahn)\w*\s+(?:\w+\s+){0,2}?zisch\w*"
    r"|\bgas\s*-?\s*alarm\b|\briech\w*\s+(?:\w+\s+){0,3}?nach\s+faule[nm]?\s+eiern?\b|\bgas\s+geruch|\bgas\w*(?:gestank|gruch)\b|\bgestank\s+(?:\w+\s+){0,3}?nach\s+gas\b|\bschmeck\w*\s+(?:\w+\s+){0,4}?nach\s+gas\b|\bgas\s*-?\s*(?:warn)?melder\w*\s+(?:\w+\s+){0,3}?pieps\w*|\bpieps\w*\s+(?:\w+\s+){0,2}?gas\s*-?\s*(?:warn)?melder"
    r"|\b(?:tritt|stroemt|entweicht|zischt)\s+(?:\w+\s+){0,2}?gas\s+(?:aus|raus|heraus)\b"
)
# Gas named as what a smell is ("ich glaub, das ist Gas", Berlin "ick gloob dit is Gas", CH "das isch
# sicher Gas", "vielleicht Gas"), see Dialogue._gas_suspected; a smell word for it (one list).
GAS_SUSPECTED = re.compile(
    r"\b(?:ist|is|isch|sei|waer\w*|glaub\w*|gloob\w*|glaab\w*|denk\w*|vermut\w*|befuercht\w*|tipp\w*|wohl|vielleicht"
    r"|eventuell|koennt\w*|choennt\w*|verdacht\w*|angst)\s+(?:\w+\s+){0,3}?(?:erd)?gas\b(?!\s*-?\s*(?:heizung|therme|kessel|herd"
    r"|leitung|zaehler|ofen|rechnung|preis|anschluss|geraet))"
)
SMELL = re.compile(r"\b(?:riech\w*|stink\w*|geruch\w*|gestank|gruch|mief\w*|schmoeck\w*|gschmoeck\w*|schmeck\w*)")
# "nicht" as callers say it: Berlin "nich", Austrian/Bavarian "ned"/"net"/"nit", Swiss "nöd"/"nid"; "nicht
# mehr" as Bavarian/Austrian "nimmer"/"nimma", Swiss "nüme".
NOT = r"(?:nicht|nich|ned|net|nit|nöd|noed|nod|nid|nimmer|nimma|nueme|nuemme)"
# A danger denied, for every safety rule below (one list): "nicht", "kein…", "nie", "nichts" and the
# dialect forms ("es schmöckt nöd nach Gas", CH "kei Rauch", "gar nüt", Berlin "keen warmes Wasser",
# Bavarian/Austrian "koa Gas").
_DENIAL = (
    r"(?:" + NOT + r"|kein\w*|kei|keis|keini|keen|keene|keenen|keener|keenem|koa|koan|koane|koana|nie|nichts|nix|nuet|nuuet)"
)
# A denial word that denies no danger: "keine Ahnung", AT "koa Schmäh", Berlin "keen Witz", "kein Scherz",
# "keine Panik", "kein Mensch", "nicht nur", "nicht mehr auszuhalten", "nicht so stark" — said next to a
# danger, it leaves the danger standing ("es riecht nach Gas, keine Ahnung woher").
_NO_DENIAL_AFTER = (
    r"(?!\s+(?:ahnung|ahnig|anig|plan|peil|witz|scherz|spass|schmaeh|schmah|panik|sorge|sorg|angst|stress|mensch|seele|uebung"
    r"|idee|zweifel|wunder|quatsch|luege|nur|bloss|mehr\s+auszuhalten|zum\s+aushalten|auszuhalten|normal|mehr\s+normal"
    r"|zu\s+ertragen|so\s+(?:stark|schlimm|arg|heftig|viel)"
    # "wie wenn man den Herd aufdreht und nicht anzündet": what was not lit, no danger denied
    r"|an(?:ge)?zuend\w*|anzuzuend\w*|aa(?:ge)?zuend\w*|azuend\w*|angeht|angegangen)\b)"
)
_DENIES = r"\b" + _DENIAL + r"\b" + _NO_DENIAL_AFTER
# "kein warmes Wasser", CH "kei warms Wasser", AT "koa hoasses Wasser": the water denied, not its warmth.
_NO_WARM_BEFORE = re.compile(r"\b" + _DENIAL + r"\s+(?:warm|heiss|hoass|hoas|kalt|chalt)\w*\s+$")
_GAS_NEGATION = re.compile(_DENIES)
# A danger explained as harmless right after it ("es riecht nach Rauch, aber des war eh nur der
# Nachbar mit seinem Griller"): somebody else's fire, nothing at the caller's.
_EXPLAINED_HARMLESS = re.compile(
    r"\W+(?:\w+\W+){0,3}?(?:das|des|dis|dies|es|s)\s+(?:war|waren|ist|is|isch|kam|kommt)\s+(?:\w+\s+){0,2}?"
    r"(?:eh|nur|bloss|halt|lediglich)\s+(?:\w+\s+){0,4}?"
    r"(?:nachbar\w*|grill\w*|lagerfeuer|gartenfeuer|osterfeuer|sonnwendfeuer|feuerwerk\w*|raeucherstaebchen|kerze\w*)\b"
)
# A danger the caller only thought of ("wir haben gemeint, es kommen Funken raus, es war aber eh
# nix"; "ich dachte, es brennt, war aber nur …"): the thought before it, the nothing right after.
# "nur" that plays a danger down, no explanation ("es war nur kurz", "ist nur ganz schwach", "nur ein
# bisschen"): the danger stays.
_NOT_UNDERSTATED = (
    r"(?!\s+(?:ganz\s+|sehr\s+|noch\s+)?(?:kurz|kurzzeitig|schwach|leicht|wenig|bisschen|bissl|bissel|bisserl|chli|etwas|noch"
    r"|anfangs|zuerst|am\s+anfang|im\s+moment|momentan|ein\s+bisschen|ein\s+wenig|a\s+bissl|a\s+bisserl|e\s+chli|es\s+bitzeli)\b)"
)
_THOUGHT_BEFORE = re.compile(
    r"\b(?:gemeint|gmeint|gedacht|dachte\w*|dacht|glaubte\w*|geglaubt|befuerchtet)\b(?:\W+\w+){0,8}?\W*$"
)
_WAS_NOTHING = re.compile(
    r"\W+(?:\w+\W+){0,3}?(?:(?:es|das|des|dis|s)\s+)?(?:war|waren|isch|is|ist)\s+"
    r"(?:(?:aber|dann|doch|eh|halt|zum\s+glueck|gott\s+sei\s+dank)\s+)*(?:gar\s+)?"
    r"(?:nix|nichts|nuet|nuuet|falscher\s+alarm|fehlalarm|harmlos|(?:nur|bloss)" + _NOT_UNDERSTATED + r")\b"
)
# Other emergencies the safety rules recognise besides the engine (folded text): water that must be
# shut off at the main valve, and smoke / fire / carbon monoxide (leave the building).
_WATER = re.compile(
    r"\b(?:wasser)?rohrbruch|\b\w*(?:rohr|leitung|schlauch|speicher|boiler|kessel|gefaess|heizkoerper|tank)\w*\s+(?:\w+\s+){0,6}?"
    r"(?:geplatzt|gebrochen|geborsten|abgerissen)|\b(?:geplatzt|gebrochen|geborsten)\w*\s+(?:\w+\s+)?(?:wasser)?(?:rohr|leitung)"
    r"|\bwasser\s+(?:\w+\s+){0,3}?(?:laeuft|tritt|spritzt|schiesst|stroemt|sprudelt|kommt|tropft)\s+(?:\w+\s+){0,3}?"
    r"(?:aus|raus|heraus|ueberall|von\s+der\s+decke|durch\s+die\s+decke|aus\s+der\s+wand|und\s+laeuft)\b"
    r"|\bwasser\s+(?:\w+\s+){0,3}?(?:von|aus|durch)\s+(?:der|die)\s+(?:decke|wand)\b"
    r"|\b(?:tropft|laeuft|kommt|rinnt)(?:'?s)?\s+(?:\w+\s+){0,2}?(?:von|aus|durch)\s+(?:der|die)\s+decke\b"
    r"|\b(?:laeuft|spritzt|schiesst|stroemt|kommt|drueckt|quillt)(?:'?s)?\s+(?:\w+\s+){0,4}?wasser\s+(?:aus|raus|heraus)\b|\bspritzt\s+(?:\w+\s+){0,2}?wasser\b"
    r"|\bwasser\s+(?:\w+\s+){0,4}?zentimeter\b|\bunter\s+wasser\b|\bwasser\s+(?:\w+\s+){0,2}?im\s+keller\b|\bueberschwemm\w*"
    r"|\bueberflut\w*|\bhaupt(?:wasser)?hahn\b"
    # something burst and water running onto the floor ("ist geplatzt und jetzt läuft Wasser auf den Boden")
    r"|\b(?:geplatzt|geborsten|verplatzt)\s+(?:\w+\s+){0,8}?(?:wasser\s+(?:\w+\s+){0,2}?|(?:laeuft|lauft|rinnt|fliesst|kommt|chunnt)\s+(?:\w+\s+){0,2}?)"
    r"(?:auf\s+(?:den|dem)|am|uf\s+(?:de|dr|em)|ufe|in\s+den|in\s+die)\s+(?:boden|bode|keller|chaeller|wohnung|flur)\b"
    r"|\bsicherheitsventil\w*\s+(?:\w+\s+){0,2}?(?:blaest|spritzt|laeuft|pfeift)|\bblaest\s+(?:\w+\s+){0,3}?ab\b"
)
_WATER_MORE = re.compile(
    r"\bwasser\s+(?:\w+\s+){0,6}?decke\b|\bwasser\s+(?:\w+\s+){0,4}?(?:knoechel\w*|knie\w*|zentimeter)"
    r"|\bwasser\s+steht\s+im\s+\w*(?:raum|keller)\b|\b(?:sicherheits|ueberdruck)ventil\w*\s+(?:\w+\s+){0,3}?(?:blaest|spritzt|pfeift)"
    r"|\bdampf\s+(?:\w+\s+){0,2}?(?:raus|heraus|aus)\b|\bkommt\s+(?:\w+\s+){0,2}?dampf\b"
    r"|\b(?:blaest|spritzt|pfeift|zischt)\s+(?:\w+\s+){0,3}?(?:sicherheits|ueberdruck)\s*-?\s*ventil"
    r"|\b(?:sicherheits|ueberdruck)\s+ventil\w*\s+(?:\w+\s+){0,3}?(?:blaest|spritzt|pfeift|wasser)"
    r"|\b(?:lauft|chunnt|rinnt)\s+(?:\w+\s+){0,2}?wasser\s+(?:us|aus|raus)\b"
    r"|\b(?:spritzt|schiesst|sprudelt)\s+(?:\w+\s+){0,2}?ueberall\b|\b\w*(?:rohr|leitung)\w*\s+(?:\w+\s+){0,2}?(?:ver)?platzt\b"
    r"|\bwasser\s+(?:\w+\s+){0,2}?im\s+(?:chaeller|challer|kaller)\b"
    r"|\b(?:keller|waschkueche|bad|raum|wohnung)\s+(?:\w+\s+)?(?:laeuft|lauft)\s+voll\b|\bvollgelaufen\b|\balles\s+schwimmt\b|\bschwimmt\s+alles\b"
    r"|\b(?:rauscht|ruuscht|spritzt|schiesst|sprudelt|lauft|laeuft|chunnt|kommt|druckt|drueckt|quillt|rinnt)(?:'?s)?\s+(?:\w+\s+){0,2}?"
    r"(?:aus|us)\s+(?:der|de|dr)\s+wand\b"
    r"|\bueberall\s+(?:ist\s+|steht\s+)?wasser\b|\b(?:tropft|rinnt|lauft|laeuft|chunnt|kommt)\s+(?:\w+\W+){0,3}?decki\b"
    # ankle-deep, CH "chnöcheltüüf"
    r"|\bwasser\s+(?:\w+\s+){0,4}?chnoechel\w*"
    # CH "lauft s Wasser richtig use", "chunnt Wasser usse": water running out
    r"|\b(?:lauft|laeuft|chunnt|kommt|rinnt|schiesst|spritzt)\s+(?:\w+\s+)?wasser\s+(?:\w+\s+){0,2}?(?:use|usse|ussa|aussa)\b"
    # water coming under or through a door of a room, into the stairwell ("läuft unter der Wohnungstür
    # durch", CH "chunnt under de Türe vom Chäller füre"); not a shower's or an appliance's door
    r"|\b(?:wasser|lauft|laeuft|chunnt|kommt|rinnt|fliesst|drueckt|quillt)\b(?:\s+\w+){0,10}?\s+(?:unter|under|unger|dur|durch)\s+"
    r"(?:\w+\s+){0,2}?(?!\w*(?:dusch|wc|klo|kuehl|ofen|geschirr|wasch|spuel|schrank|auto))\w*(?:tuer|tuere|tueren|tuerschwelle)\b"
    r"|\bwasser\b(?:\s+\w+){0,10}?\s+(?:ins|is|in\s+(?:das|de[ns]?|s))\s+(?:treppenhaus|treppehuus|stiegenhaus|staegehuus|stegehuus)\b"
    # water out of a lamp or a light ("kommt das Wasser aus der Deckenlampe", CH "tropfet's us de Lampe"):
    # through the ceiling and into the electrics
    r"|\b(?:wasser|tropf\w*|rinn\w*|lauf\w*|laeuft|plaetschert|(?:kommt|kimmt|chunnt)(?='s|\s+es\b|\s+s\b))(?:'?s)?\b(?:\W+\w+){0,5}?\W+"
    r"(?:aus|us|von|vo|vom|durch)\s+(?:\w+\s+)?\w*(?:lampe|lampn|lampen|leuchte|leuchten|luester|lichtschalter|steckdose)\b"
    r"|\b\w*(?:lampe|lampn|leuchte|luester)\w*\s+(?:\w+\s+){0,3}?(?:tropft|tropfet|rinnt|laeuft|lauft)\s+(?:\w+\s+){0,2}?wasser\b"
    r"|\b(?:aus|us|von|vo|vom)\s+(?:\w+\s+)?\w*(?:lampe|lampn|leuchte|luester)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:tropft|tropfet|rinnt|laeuft|lauft|plaetschert|(?:kommt|chunnt|kimmt)\s+(?:\w+\s+)?wasser)(?:'?s)?\b"
)
# Said with a negation on purpose ("ich kann das Wasser nicht abstellen"): no negation check.
_WATER_UNSTOPPABLE = re.compile(
    r"\b(?:nass|wasser|rauscht|ruuscht)\b(?:\W+\w+){0,12}?\W+" + NOT + r"\s+wo\s+(?:man|mer|ma|ich)\s+(?:\w+\s+){0,2}?"
    r"(?:abstellt|abdreht|zudreht|abstelle|abstellen|zudrehen)\b|"
    r"\bwasser\b(?:\W+\w+){0,8}?\W+(?:" + NOT + r"|kaum)\s+(?:mehr\s+)?(?:abstellen?|abdrehen|zudrehen|stoppen)\b"
    r"|\bwasser\b(?:\W+\w+){0,6}?\W+(?:hoert|hoeren)\s+(?:\w+\s+){0,2}?" + NOT + r"\s+(?:mehr\s+)?auf\b"
)
# Water that keeps running where it belongs — a flush running on "in die Schüssel", a tap "ins
# Becken": annoying, no emergency (overflowing is caught by the water rules).
_WATER_CONTAINED = re.compile(
    r"\b(?:in\s+(?:die\s+|d\s+)?(?:klo|wc)?schuessel|ins\s+(?:klo|wc|becken|waschbecken)|in\s+(?:den\s+)?abfluss"
    r"|in\s+(?:das\s+|s\s+)?(?:klo|wc|becken|waschbecken))\b"
)
# Carbon monoxide named, also spoken apart ("Kohlen mono oxid Melder", "der Zeh-Oh-Melder piept").
_CO_SPOKEN = r"kohlen\s*-?\s*(?:stoff\s*-?\s*)?mon\s*-?\s*(?:o\s*-?\s*)?oxid"
# a beeping box with "CO" on it ("des Kastl piepst wie verrückt, da steht c o drauf")
_CO_BOX = (
    r"piep\w*\W+(?:\w+\W+){0,8}?(?:steht|stehts|zeigt|zeigts)\W+(?:\w+\W+){0,2}?c\s*-?\s*o\W+(?:drauf|drau|oben|an)\b"
    r"|(?:steht|stehts)\W+(?:\w+\W+){0,2}?c\s*-?\s*o\W+(?:drauf|drau|oben)\W+(?:\w+\W+){0,6}?piep\w*"
)
_CO_WORD_STRICT = _CO_SPOKEN + r"\w*|(?:ce|ze|zeh|tse|tze)\s*-?\s*(?:o|oh)\s*-?\s*(?:melder|warn\w*|alarm)|" + _CO_BOX
_SMOKE_MORE = re.compile(
    r"\bverpuffung|\bstichflamme|\bexplo(?:diert|sion)"
    # an exhaust smell, no name ("riecht es im Flur auch so komisch so abgasig", "Abgasgeruch")
    r"|\b(?:riech|stink|schmoeck|mief)\w*\s+(?:\w+\s+){0,8}?(?:nach\s+)?abgas(?!messung|wert|test|anlage|rohr|leitung)\w*|\babgasgeruch"
    r"|\bbrennt\s+(?:der|die|das|da|de|dr|d|unser\w*|im|in)\s+(?:\w+\s+)?(?:rauchfang|kamin|schornstein|schlot)\b"
    r"|\b(?:rauchfang|kamin|schornstein|schlot)\w*\s+(?:\w+\s+){0,2}?brennt\b|\bfunken\s+(?:\w+\s+){0,3}?(?:aus|raus|heraus|oben)\b"
    r"|\b(?:kommen|fliegen|spruehen)\s+(?:\w+\s+){0,2}?funken\b|\bchunnt\s+(?:\w+\s+){0,2}?rauch\b"
    r"|\bbrennt\s+(?:was|etwas)\s+(?:im|in|am)\b|\b(?:rauchfang|kamin|schornstein|ofenrohr)\w*\s+(?:\w+\s+){0,2}?glueh\w*"
    r"|\brue(?:ue)?cht(?:'?s)?\s+(?:\w+\s+){0,3}?(?:us|aus|use|raus)\b"
    # carbon monoxide named, not a detector's name (that needs an alarm sign, see _DETECTOR)
    r"|\b" + _CO_SPOKEN + r"(?!\w*\s*-?\s*(?:melder|warn|sensor))\w*"
    r"|\b(?:ce|ze|zeh|tse|tze)\s*-?\s*(?:o|oh)\s*-?\s*alarm"
    r"|\b(?:" + _CO_BOX + r")"
    r"|\b(?:rauchfang|kamin|schornstein|ofenrohr)\w*\s+(?:\w+\s+){0,4}?glueh\w*"
    # a pipe glowing ("beim Kachelofen is des Rohr ganz rot glühend"): a flue pipe, no water pipe glows
    r"|\b\w*rohr\w*\s+(?:\w+\s+){0,3}?(?:rot\s+)?glueh\w*|\bglueh\w*\s+(?:\w+\s+){0,2}?\w*rohr\b"
    # embers flying out of the chimney ("oben aus unserm Kamin kommt so a Glut raus"), not the embers in it
    r"|\b(?:rauchfang|kamin|schornstein|schlot)\w*\s+(?:\w+\s+){0,4}?glut\w*\s+(?:\w+\s+){0,2}?(?:raus|heraus|aussa)\b"
    r"|\bglut\w*\s+(?:\w+\s+){0,3}?(?:aus|raus)\s+(?:\w+\s+){0,2}?(?:rauchfang|kamin|schornstein|schlot)"
    r"|\bvoll(?:er)?\s+(?:mit\s+)?(?:\w+\s+){0,3}?(?:rauch|qualm|dunst|nebel)\b"
    # burning eyes, also Swiss ("mir bränned d Auge")
    r"|\b(?:beisst|brennt|brennen|traenen|tranen|braenned|brenned|brennet|biisst|biissed)\s+(?:\w+\s+){0,2}?(?:in\s+den\s+)?"
    r"(?:augen|auge|aeugli|oeugli)\b"
)
# Carbon monoxide without smoke or fire: its own advice (fresh air, no flames, leave).
_CO_WORD = _CO_WORD_STRICT + r"|c\s*-?\s*o\s*-?\s*(?:melder|warn\w*|alarm|messgeraet|sensor)"
_CO = re.compile(r"\b(?:" + _CO_WORD + r")|\bmelder\s+(?:\w+\s+){0,2}?co\b")
# A person unconscious or collapsed ("liegt am Boden und rührt sich nicht"): with any danger the
# ambulance comes first (DialogueTexts.rescue_first), and near a burning device it is carbon monoxide.
_PERSON_DOWN_WORDS = (
    r"bewusstlos|ohnmaechtig|umgekippt|umgefallen"
    # a person collapsed ("im Bad zusammengebrochen, da hängt die Gastherme")
    r"|zusammen(?:gebrochen|geklappt|gesackt)|kollabiert|nicht\s+(?:mehr\s+)?ansprechbar|reagiert\s+nicht(?:\s+mehr)?"
    # fallen over, also Swiss ("isch umkippt", "umgfalle", "zämegheit")
    r"|umkippt|umgkippt|umgfall\w*|zaemeghei\w*|zamgfalln"
    # a person who no longer speaks or answers ("er redet nicht", "mini Mueter git kei Antwort"); a firm or
    # a fitter that does not answer is no one collapsed: who does not answer must be family or a neighbour
    # (not "redet nicht mit mir", "redet nicht Deutsch": what follows must end the clause)
    r"|(?:redet|schwaetzt|redt)\s+(?:\w+\s+)?(?:nicht|nimma|ned|nid|noed|nuet)"
    r"(?=\s*(?:[,.;!?]|$)|\s+(?:mehr|meh|und|aber|er|sie|si|es|die|der|das|de|d|atmet|und|ich|mir)\b)"
    r"|(?:mann|frau|vater|mutter|mueter|vatter|kind|sohn|tochter|oma|opa|grosi|grossvater|grossmutter|nachbar\w*)\s+"
    r"(?:\w+\s+)?(?:(?:antwortet|spricht)\s+(?:\w+\s+)?(?:nicht|nimma|ned|nid|noed|nuet)(?!\s+an\b)|(?:git|gibt)\s+(?:\w+\s+)?keine?\s+antwort)\b"
    # lying on the floor, not moving, not waking up ("liegt am Boden und rührt sich nicht", AT "rührt si nimma")
    r"|(?:lieg\w*|lit|liit)\s+(?:\w+\s+){0,2}?(?:am|auf\s+dem|aufm|uf\s+(?:em|dem)|ufem)\s+bode[n]?\b|(?:ruehrt|bewegt|regt)\s+(?:sich|si|sie)\s+(?:nicht|nimma|nimmer|ned|nid|noed)"
    r"|(?:wacht|wird)\s+(?:\w+\s+)?(?:nicht|nimma|ned)\s+(?:mehr\s+)?(?:auf|wach)"
)
_PERSON_DOWN = re.compile(r"\b(?:" + _PERSON_DOWN_WORDS + r")\b")
# "bewusstlos ist niemand", "niemand ist umgekippt", AT "is koaner umgfalln", CH "niemer isch umkippt"
_NOBODY = r"(?:niemand|keiner|koaner|koana|niemer|niemert)"
_NOBODY_AFTER = re.compile(r"\s+(?:ist|isch|is|san|sind|wurde)?\s*" + _NOBODY + r"\b")
_NOBODY_BEFORE = re.compile(r"\b" + _NOBODY + r"\s+(?:\w+\s+){0,2}?$")
# What carbon monoxide does to people, said together with a burning device or an alarm: a
# receptionist hears CO ("mir ist schwindlig, seit der Ofen an ist, und das Kastl piepst").
_CO_SYMPTOM = re.compile(
    r"\b(?:schwindl\w*|schwindel\w*|kopfweh|kopfschmerz\w*|chopfweh|chopfschmerz\w*|benommen|"
    # the head said to hurt or feel strange ("der Kopf tut weh", "komisch im Kopf", CH "de Chopf tuet weh")
    r"(?:kopf|chopf|schaedel|schaedl)\s+(?:\w+\s+){0,2}?(?:tut|tuet|tuat)\s+(?:\w+\s+)?weh|komisch\s+im\s+(?:kopf|schaedel)|"
    + _PERSON_DOWN_WORDS
    + r"|druck\s+(?:im|in\s+(?:der|dem))\s+(?:kopf|schaedel|birne|stirn))\b"  # AT "so an Druck im Schädel"
)
_CO_SOURCE = re.compile(
    r"\b(?:\w*ofen|\w*therme|kamin\w*|rauchfang\w*|\w*kessel|abgas\w*|\w*melder|\w*warner|kastl|pieps?t|piips?t|piepen|alarm"
    # the room where the boiler burns ("im Heizungskeller umgefallen")
    r"|heizungs?(?:keller|raum)|heizraum|kesselraum|heizigsruum"
    # also split by speech recognition ("die Gas Boiler", "de Gas Durchlauferhitzer")
    r"|gas\s*-?\s*(?:heizung|geraet|boiler|herd|brenner|durchlauferhitzer|wandheizer|therme|ofen|kessel)\w*)\b"
)
# A smoke or carbon monoxide detector ("CO-Melder", "Zeh-Oh-Warner", "Kohlenmonoxidmelder",
# "Rauchmelder", "CO-Messgerät"): a danger when it sounds or alarms in any way (_ALARM_SIGN nearby, not
# denied), shows a reading ("zeigt 150 an", "300 ppm") or when a person near it feels ill (_PERSON_SYMPTOM);
# not when it is only bought, installed, priced or chirps for its battery (_battery_chirp).
_DETECTOR = re.compile(
    r"\b(?:c\s*-?\s*o|(?:ce|ze|zeh|tse|tze)\s*-?\s*(?:o|oh)|kohlen\s*-?\s*(?:stoff\s*-?\s*)?mon\s*-?\s*(?:o\s*-?\s*)?oxid"
    r"|rauch|brand)\s*-?\s*(?:melder|warner|warngeraet|messgeraet|sensor|alarm)\w*|\bmelder\s+(?:\w+\s+){0,2}?co\b"
)
# A gas detector ("Gasmelder", "Gaswarner", "Gas-Warngerät"): a gas alarm by the same signs.
_GAS_DETECTOR = re.compile(r"\bgas\s*-?\s*(?:warn\s*-?\s*)?(?:melder|warner|warngeraet|sensor|detektor)\w*|\bgas\s*-?\s*alarm\w*")
_ALARM_SIGN = re.compile(
    r"\b(?:piep\w*|pieps\w*|pips\w*|gepiep\w*|schlaegt|schlagt|schlug|angeschlagen|alarm\w*|heult|heulen|jault|schrillt\w*"
    r"|ausgeloest|loest\s+(?:\w+\s+)?aus|losgegangen|tutet|luetet|lueted|toent|toenet|dauerton|warnt|gewarnt|warnung"
    r"|(?:geht|ging|gaht|gehen)(?:\W+\w+){0,6}?\W+(?:los|ab)|geht(?=\s*(?:$|[,.;!?]|\s+und\b))"
    # a green light is the normal one ("blinkt grün"); a detector hung on a wall "ist an der Decke"
    r"|(?:blinkt|blinken|leuchtet|leuchten)(?!\s+(?:\w+\s+){0,5}?gruen)|rot|rote[nsmr]?|spinnt|spinnen|spielt\s+verrueckt|dreht\s+durch|angesprungen|springt\s+an"
    r"|lue+u*e*te[td]|geht\s+(?:staendig|dauernd|andauernd|immer\s+wieder|die\s+ganze\s+zeit)"
    r"|angegangen|(?:ist|sind|isch)\s+an(?!\s+(?:der|die|dem|den|das|de|einer|einem|meiner|unserer|unserem|jeder))|meldet|gemeldet|schreit|pfeift|bimmelt|klingelt|laermt|surrt|summt|brummt|rappelt"
    r"|macht\s+(?:\w+\s+){0,2}?(?:krach|laerm|radau|dauerton|alarm|theater|terror|geraeusche))\b"
)
# A detector that will not stop ("geht nicht aus", "hört nicht auf", "lässt sich nicht ausschalten"):
# an alarm, the denial in it is none.
_ALARM_ON = re.compile(
    r"\b(?:geht|gehen|gaht)\s+(?:\w+\s+)?" + NOT + r"\s+(?:mehr\s+)?(?:aus|weg)\b"
    r"|\b(?:hoert|hoeren|hoert's)\s+(?:\w+\s+)?" + NOT + r"\s+(?:mehr\s+)?auf\b"
    r"|\b(?:laesst|lasst|loht)\s+sich\s+(?:\w+\s+)?" + NOT + r"\s+(?:mehr\s+)?(?:aus|ab)\w*"
)
# A reading on the detector or its display: a number ("zeigt 150 an", "dreihundert ppm", "Wert von 80")
# or values shown ("zeigt Werte an").
_NUMBER_WORD = r"\d+|\w*(?:hundert|tausend|zig|ssig)\w*|\w*zehn|zwoelf|elf|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|eins"
_DETECTOR_READING = re.compile(
    r"\b(?:zeigt\w*|zeigen|angezeigt|anzeige|display|wert\w*|misst|gemessen|messt)\s+(?:\w+\s+){0,3}?(?:"
    + _NUMBER_WORD
    # a time is no reading ("zeigt seit zwei Tagen Batterie")
    + r")\b(?!\s+(?:sekunde|minute|stunde|tag|woche|monat|jahr|mal)\w*)|\b(?:"
    + _NUMBER_WORD
    + r")\s*(?:ppm|prozent)\b|\bppm\b|\bzeigt\w*\s+(?:\w+\s+){0,3}?(?:wert\w*|werte)\b|\bwert\w*\s+(?:\w+\s+){0,2}?(?:an|hoch|zu\s+hoch)\b"
    r"|\bzeigt\w*\s+(?:\w+\s+){0,2}?(?:gas|co|c\s+o|alarm|gefahr|warnung|rot)\b"
)
# What carbon monoxide does to a person near a detector: the CO symptoms and feeling sick or drowsy
# ("mir ist übel", "uns ist allen schlecht", "so müde", "Atemnot").
_PERSON_SYMPTOM = re.compile(
    _CO_SYMPTOM.pattern + r"|\b(?:uebel\w*|muede|muedigkeit|schlaefrig|schlapp|kraftlos|apathisch|atemnot|erbrech\w*|brechreiz"
    r"|schwach\s+auf\s+den\s+beinen)\b"
    r"|\b(?:mir|mer|uns|ihm|ihr|ihnen|allen|alle|frau|mann|kind|kinder|kindern|mutter|vater|oma|opa|sohn|tochter|baby)\s+"
    r"(?:\w+\s+){0,3}?(?:ist|isch|is|san|sind|wird|wurde|wirds|war)\s+(?:\w+\s+){0,3}?"
    r"(?:schlecht|elend|komisch|duselig|dusselig|bluemerant|schwummrig|schummrig|gschmuech|trimmlig|drimmlig)\b"
    r"|\b(?:ist|isch|is|wird|war)\s+(?:mir|mer|uns|ihm|ihr|allen)\s+(?:\w+\s+){0,2}?"
    r"(?:schlecht|elend|komisch|duselig|schwummrig|schummrig|gschmuech|trimmlig|drimmlig)\b"
    r"|\bkrieg\w*\s+(?:\w+\s+){0,2}?(?:kaum|keine|schlecht)\s+luft\b"
)
_BATTERY = re.compile(r"\b(?:batterie\w*|akku\w*)")
# The battery changed or ruled out: the detector sounds all the same (an alarm).
_BATTERY_RULED_OUT = re.compile(
    r"\b(?:batterie|akku)\w*\s+(?:\w+\s+){0,4}?(?:gewechselt|getauscht|ausgetauscht|erneuert|ersetzt|neu|voll)\b"
    r"|\b(?:neue|neuen|frische|frischen|volle)\s+(?:\w+\s+)?(?:batterie|akku)"
    r"|\b" + NOT + r"\s+(?:\w+\s+){0,2}?(?:an\s+der\s+|die\s+)?(?:batterie|akku)"
    # only thought of and taken back ("am Anfang dachte ich Batterie, aber …")
    r"|\b(?:dachte\w*|gedacht|dacht|gemeint|gmeint|geglaubt|glaubte\w*|vermutet)\s+(?:\w+\s+){0,4}?(?:batterie|akku)"
    # an alarm that does not stop is no chirp
    r"|\b(?:dauerton|ununterbrochen|durchgehend|nonstop|ohne\s+pause)\b"
)

# The chirp of a low battery without the battery named: one short beep every few minutes or once an
# hour ("piept alle paar Minuten einmal ganz kurz", CH "piepst eimal i de Stund ganz churz"). A beep
# every few seconds, a loud one or one that keeps on is an alarm's rhythm.
_CHIRP_RHYTHM = re.compile(
    r"\b(?:alle|jede[nrs]?|jedi|pro|einmal|eimal|amoi|oamoi|in\s+der|i\s+de[rm]?)\s+(?:\w+\s+){0,2}?"
    r"(?:minute[n]?|minutn|minuete|stund[e]?|stunden|stundn|viertelstunde)\b"
)
_CHIRP_ONCE = re.compile(r"\b(?:einmal|eimal|amoi|oamoi|kurz\w*|churz|zirp\w*)\b")
_ALARM_RHYTHM = re.compile(
    r"\b(?:laut\w*|sekunde\w*|sekundn|dauerton|verrueckt|durchgehend|pausenlos|dauernd|staendig|ununterbrochen|hoert\s+nicht\s+auf)\b"
)

# A fire compound ("Kaminbrand", "Kellerbrand"), not a surname ending in -brand ("ja Hillebrand aus …",
# "Hildebrand") nor a sunburn or a brandy.
_FIRE_COMPOUND = r"\b(?!(?:hil\w*|wil\w*|sonnen|wein|korn|obst|hoch)brand\b)\w+brand\b"
_FIRE_WORDS = re.compile(
    r"\brauch(?!fang)\w*|\bqualm\w*|\bbrand\b|"
    + _FIRE_COMPOUND
    + r"|\bbrenn(?:t|en)\b|\bfeuer\b|\bflamme\w*|\bfunken\b|\bglueh\w*"
)
# Heating oil running out (advice: no ignition, keep it out of the drains).
_OIL = re.compile(
    r"\b(?:heiz)?oel(?:tank|leitung|filter)?\s+(?:\w+\s+){0,4}?(?:laeuft|tritt|rinnt|sickert)\s+(?:\w+\s+){0,3}?aus\b"
    r"|\b(?:heiz)?oel\w*\s+(?:\w+\s+){0,3}?(?:ausgelaufen|ausgetreten|undicht|leckt)\b"
    r"|\b(?:laeuft|tritt|rinnt|sickert)\s+(?:\w+\s+){0,3}?(?:heiz)?oel\s+(?:aus|raus)\b|\boel(?:leck|austritt|pfuetze|lache)"
    # a tank or line that leaks, or a pool of it ("der Öltank im Keller tropft", CH "de Öltank rinnt, e Lache am Bode")
    r"|\b(?:heiz)?oel(?:tank|taenk|tanks|leitung)\s+(?:\w+\s+){0,6}?(?:rinnt|rinnet|leckt|tropft|sifft|suppt|sickert|lache|lachi|pfuetze|glungg\w*)\b"
    # an oil smell and a pool of it ("riecht nach Diesel und auf dem Boden ist eine schmierige Lache")
    r"|\b(?:riech|stink|schmoeck|mief)\w*\s+(?:\w+\s+){0,6}?(?:heiz)?(?:oel|diesel)\w*\b(?:\W+\w+){0,10}?\W+"
    r"(?:lache|lachi|pfuetze|pfuetzen|glungg\w*|see)\b"
    # something oily running out or away ("läuft so ne ölige Brühe unter der Garage raus", "das Öl läuft
    # Richtung Gully")
    r"|\b(?:laeuft|lauft|rinnt|sickert|tritt|fliesst|quillt|suppt)\s+(?:\w+\s+){0,6}?(?:heiz)?oel\w*\s+(?:\w+\s+){0,5}?(?:aus|raus|heraus|use)\b"
    r"|\b(?:heiz)?oel\w*\s+(?:\w+\s+){0,8}?(?:richtung|in\s+den|in\s+die|zum|ins)\s+(?:\w+\s+)?(?:gully|gulli|kanal\w*|abfluss|gulliy|dole|schacht|bach|erdreich|grundwasser)\b"
)
_GAS_MORE = re.compile(
    r"\b(?:nach|wie)\s+(?:faul|fuul|fuli|fuuli)\w*\s+eie?r\w*\b|"
    r"\bschmoeck\w*\s+(?:\w+\s+){0,4}?(?:nach\s+)?gas\b"
    r"|\bgas(?:leitung|rohr|zaehler|hahn|uhr)\w*\s+(?:\w+\s+){0,2}?(?:undicht|leck\w*|zisch\w*)"
    r"|\bzisch\w*\s+(?:\w+\s+){0,3}?gas(?:leitung|rohr|zaehler|hahn|uhr)\b"
    # a smell like a stove or a gas bottle left open ("riecht so wie wenn man am Herd den Knopf aufdreht und
    # nicht anzündet", "wie beim Campingkocher", "wie Feuerzeuggas")
    r"|\b(?:riech|stink|schmoeck|schmeck|mief)\w*(?:\W+\w+){0,8}?\W+(?:wie|als\s+ob|als\s+waer\w*|als\s+haett\w*|als\s+hatte)\b(?:\W+\w+){0,6}?\W+"
    r"(?:(?:gas)?herd|kochfeld|gashahn|knopf|kocher|campingkocher|gasflasche|flasche|kartusche|gaskartusche)\b(?:\W+\w+){0,6}?"
    r"(?:\W+(?:aufdreh\w*|aufgedreht|aufgemacht|aufmacht|anlaesst|anmacht|offe|offen|offa|ausstroem\w*|zisch\w*)"
    r"|\W+(?:nicht|ohne)\s+(?:an)?(?:zuend|gezuend|zuzuend|geht)\w*)"
    r"|\b(?:riech|stink|schmoeck|schmeck|mief)\w*(?:\W+\w+){0,8}?\W+(?:wie|nach)\s+(?:\w+\s+){0,3}?"
    r"(?:campingkocher\w*|gaskocher\w*|gaskartusche\w*|feuerzeuggas|campinggas|gasflasche\w*|propan\w*|butan\w*)"
)
# "Gasgeruch haben wir keinen": the negation comes after.
_NEGATED_AFTER = re.compile(r"\s+(?:haben|hab|gibt\s+es|ist)\s+(?:wir\s+|ich\s+|es\s+)?" + _DENIAL + r"\b")
# A smell put first and denied after its verb ("nach Gas riecht es nicht", "Gas riecht man keins",
# "nach Gas stinkts aber überhaupt nicht"): the words found end in the verb, the denial follows.
_SMELL_VERB_END = re.compile(r"(?:riecht|stinkt|schmoeckt|schmeckt|miechtelt)$")
_SMELL_DENIED_AFTER = re.compile(
    r"s?\s+(?:(?:es|s|man|hier|da|bei\s+uns|eigentlich|aber|ueberhaupt|gar|echt|wirklich|jedenfalls|sicher|definitiv)\s+){1,3}"
    + _DENIES
)


def danger_denied(
    folded: str,
    match: re.Match[str],
    *,
    inside: bool = True,
    words_before: int = 0,
    words_after: int = 0,
    answered: bool = False,
    after: bool = True,
    explained: bool = False,
) -> bool:
    """A danger a safety rule found in ``folded`` that the caller denies or explains away: a denial
    (``_DENIAL``) inside the words found ("es schmöckt nöd nach Gas"), right before them ("kein
    Rauch", up to ``words_before`` words between) or right after them ("der Gasmelder piepst nicht",
    up to ``words_after`` words between), with ``answered`` also "Gasgeruch? Nein" and "Gasgeruch
    haben wir keinen", and with ``explained`` (a smell or smoke, not water: the neighbour's leak is
    one) an explanation as harmless ("…, aber des war eh nur der Nachbar mit seinem Griller")."""
    start, end = match.span()
    if inside and _GAS_NEGATION.search(match.group(0)):
        return True
    if re.search(_DENIES + rf"(?:\s+\w+){{0,{words_before}}}\s+$", folded[max(0, start - 30) : start]):
        return True
    if _NO_WARM_BEFORE.search(folded[max(0, start - 40) : start]):
        return True  # Berlin "keen warmes Wasser mehr": no hot water, no water running out
    if not after:
        return False
    if re.match(rf"\s+(?:\w+\s+){{0,{words_after}}}?" + _DENIES, folded[end:]):
        return True
    if answered and (_NEGATED_AFTER.match(folded, end) or re.match(r"\W*\s*(?:nein|nee|noe|nei)\b", folded[end:])):
        return True
    if answered and _SMELL_VERB_END.search(match.group(0)) and _SMELL_DENIED_AFTER.match(folded, end):
        return True
    if not explained:
        return False
    if _EXPLAINED_HARMLESS.match(folded, end):
        return True
    if _BURNT_SMELL.search(match.group(0)) and _DUST_AFTER.match(folded, end):
        return True  # burnt dust on the radiators at the first heating: harmless
    # only thought, then nothing or somebody else's ("ich dachte, die Heizung qualmt, aber das war der
    # Nachbar mit seinem Grill")
    thought = _THOUGHT_BEFORE.search(folded[max(0, start - 100) : start])
    return bool(thought and (_WAS_NOTHING.match(folded, end) or _SOURCE_AFTER.match(folded, end)))


def _battery_chirp(folded: str, match: re.Match[str]) -> bool:
    """A detector's beep that is its battery ("piept alle paar Minuten, im Display steht Batterie"):
    a battery named within a dozen words of the detector, not as changed or ruled out ("obwohl ich
    die Batterie gewechselt habe", "nicht die Batterie")."""
    start, end = match.span()
    before = re.search(r"(?:\w+\W+){0,12}$", folded[max(0, start - 160) : start])
    after = re.match(r"(?:\W+\w+){0,14}", folded[end:])
    lo = start - len(before.group(0)) if before else start
    hi = end + len(after.group(0)) if after else end
    window = folded[lo:hi]
    chirp = bool(_CHIRP_RHYTHM.search(window) and _CHIRP_ONCE.search(window) and not _ALARM_RHYTHM.search(folded))
    if not (_BATTERY.search(window) or chirp) or _BATTERY_RULED_OUT.search(window):
        return False
    # a person who feels ill or a reading on the display: an alarm whatever the battery
    return not _person_ill(folded) and not _DETECTOR_READING.search(window)


# The engine's dismissed dangers (intents.local.dismissed_dangers) and the kinds of advice they stand for.
_DISMISSED_KINDS: dict[str, tuple[str, ...]] = {
    "emergency_gas": ("gas",),
    "detector_alarm_gas": ("gas",),
    "emergency_smoke": ("smoke", "co"),
    "detector_alarm_smoke": ("smoke", "co"),
    "emergency_water": ("water",),
    "emergency_flood": ("water",),
    "emergency_frozen": ("water",),
    "emergency_pressure": ("water",),
    "emergency_oil": ("oil",),
}
# A danger told as now or again ("jetzt kommen wieder Funken raus", "heute riecht es stärker", "es
# läuft immer noch"): a word of the present right before the danger or in it, of the lasting right after.
_NOW = re.compile(
    r"\b(?:jetzt|jetz|jetza|etz|iez|itz|nun|heute|heut|huet|hiit|gerade|grad|grade|momentan|aktuell|wieder|erneut|nochmal"
    r"|nochmals|immer\s+noch|noch\s+immer|nach\s+wie\s+vor|weiterhin|trotzdem|dennoch|ploetzlich|auf\s+einmal|immer\s+mehr"
    r"|immer\s+weiter|diesmal|schon\s+wieder|seit\s+(?:heute|eben|vorhin|gestern|\w+\s+(?:minuten|stunden?)))\b"
)
_STILL_AFTER = re.compile(
    r"\W+(?:\w+\W+){0,2}?(?:wieder|erneut|immer\s+noch|noch\s+immer|nach\s+wie\s+vor|weiterhin|immer\s+mehr|immer\s+weiter"
    r"|trotzdem)\b"
)
# A danger verb in the present ("kommt", "läuft", "brennt", "riecht", "piept"): a danger going on now,
# unless the caller only thought it or explains it right after.
_PRESENT_DANGER = re.compile(
    r"\b(?:kommt|kommen|chunnt|laeuft|lauft|rinnt|tritt|spritzt|schiesst|stroemt|sprudelt|tropft|brennt|brennen|qualmt|qualmen"
    r"|raucht|riecht|riechts|stinkt|stinkts|schmoeckt|zischt|piept|piepst|glueht|gluehen|fliegen|spruehen|steigt|dringt"
    r"|quillt|hoert|alarmiert|heult|schlaegt|blinkt|zeigt|steht|stehen|tropft|drueckt)\b"
)
# Verbs that tell a danger only inside its own words ("das Wasser steht im Keller", "zeigt 150 an"): next
# to a danger they say something else ("die Rechnung vom Rohrbruch, da steht der Zuschlag drauf").
_WEAK_PRESENT = frozenset({"steht", "stehen", "zeigt"})
_PERFECT_HELPER = r"\s+(?:hat|hot|hod|het|haet|hed)\b"
# AT "der Melder hat vorhin piepst", "hat drückt": the perfect without "ge-", the helper before the
# present-looking form (one word between at most, no subject of its own).
_PERFECT_HELPER_BEFORE = re.compile(
    r"\b(?:hat|hot|hod|het|haet|hed|ham|hom|hamma|homma)\s+(?:(?!(?:es|er|sie|si|das|des|der|die|s|mir|mer|wir)\b)\w+\s+)?$"
    # AT "letzten Winter hat's bei uns im Rauchfang brennt": the subject in the helper, a few words between
    r"|\b(?:hat|hot|hod|het)(?:'s|s|\s+es|\s+s)\s+(?:\w+\s+){0,4}?$"
)
_THOUGHT_NEAR = re.compile(
    r"\b(?:gemeint|gmeint|gedacht|dachte\w*|dacht|glaubte\w*|geglaubt|befuerchtet|vermutet|als\s+ob|wie\s+wenn)\b"
)
_CONTRAST = re.compile(r"\b(?:aber|sondern|doch|jedoch|dabei|oba|aba|trotzdem|stattdessen|tatsaechlich|wirklich)\b")
# A danger verb said with now or again anywhere ("heute riecht es wieder so", "es läuft immer noch"):
# whatever was over before, a danger is going on.
# (after now, without the verbs that tell a danger only inside its own words: "jetzt zeigt die Therme einen
# Fehler"; with again they count: "jetzt steht es wieder zehn Zentimeter hoch")
_STRONG_PRESENT = _PRESENT_DANGER.pattern.replace("|zeigt|steht|stehen|", "|")
_AGAIN_LIVE = re.compile(
    r"\b(?:jetzt|jetz|jetza|etz|iez|heute|heut|huet|gerade|grad|wieder|erneut|immer\s+noch|noch\s+immer|schon\s+wieder"
    r"|nach\s+wie\s+vor|weiterhin|trotzdem)\s+(?:\w+\s+){0,2}?"
    + _STRONG_PRESENT
    + r"|"
    + _PRESENT_DANGER.pattern
    + r"\s+(?:\w+\s+){0,2}?(?:wieder|erneut|immer\s+noch|noch\s+immer|schon\s+wieder"
    r"|nach\s+wie\s+vor|weiterhin|trotzdem|immer\s+(?:mehr|staerker|schlimmer))\b"
)
# Explained right after as somebody else's or harmless ("…, aber das ist der Nachbar mit dem Grill").
_SOURCE_AFTER = re.compile(
    r"\W+(?:\w+\W+){0,4}?(?:das|des|dis|dies|es|s)\s+(?:war|waren|ist|is|isch|kam|kommt)\s+(?:\w+\s+){0,5}?"
    r"(?:nachbar\w*|grill\w*|lagerfeuer|gartenfeuer|osterfeuer|sonnwendfeuer|feuerwerk\w*|raeucherstaebchen|kerze\w*"
    r"|staub|batterie|akku|nix|nichts|harmlos|fehlalarm|test|probe\w*|testalarm|funktionstest)\b"
)
# A detector's alarm explained right after as a test ("der CO-Melder hat vorhin piepst, aber des war
# nur der Test"; "das war bloß ein Probealarm"): no alarm, when nothing of a danger is live.
_ONLY_A_TEST_AFTER = re.compile(
    r"\W+(?:\w+\W+){0,8}?(?:das|des|dis|dies|es|s)\s+(?:war|waren|is|ist|isch)\s+(?:\w+\s+){0,2}?(?:nur|bloss|eh|halt|lediglich)"
    r"\s+(?:\w+\s+){0,2}?(?:test\w*|probe\w*|testalarm|funktionstest|uebung)\b"
)
# A burnt smell that is the dust on the radiators or the stove at the first heating of the season
# ("riecht es so ein bisschen verbrannt nach Staub", "nach verbranntem Staub"): a known harmless source.
_BURNT_SMELL = re.compile(r"verbrannt|angebrannt|brandgeruch|brenzlig|kokel")
_DUST_AFTER = re.compile(r"\W+(?:(?:nach|wie|vom|von|so|der|das|des|dem|halt|wohl|eher)\s+){0,2}(?:\w+\s+)?staub\w*\b")
# A danger told as over in the caller's own words (see _told_over): a time of the past or a past
# form next to it ("gestern", "letzte Woche", "voriges Jahr", CH "letschti Wuche", "hatten",
# "gehabt", CH "gha", "gsi") ...
_PAST_NEAR = re.compile(
    r"\b(?:gestern|gestan|gester|geschter|gescht|vorgestern|vorgestan|vorgeschter|damals|neulich|kuerzlich"
    r"|(?:letzt|vorig|vorletzt|vergangen)\w*\s+(?:woche|wuche|jahr|johr|winter|wintr|monat|monet|herbst|sommer|fruehling"
    r"|fruehjahr|saison|heizsaison|nacht|wochenende)|letschti\w*|vor\s+(?:\w+\s+)?(?:tagen|taeg|woche|wochen|wuche|wuchene"
    r"|monat|monaten|jahr|jahren|johr)|hatte\w*|hattn|haett\w*|gehabt|ghabt|gha|ghaa|gewesen|gwesen|gwesn|gsi|gsii"
    r"|gebrannt|gerochen|gschmoeckt|geraucht|gequalmt|gepiepst|gepiept)\b"
)
# A time long enough ago that a danger told then, nothing of it live now, is over whoever saw to it.
_LONG_AGO = re.compile(
    r"\b(?:(?:letzt|vorig|vorletzt|vergangen)\w*\s+(?:woche|wuche|jahr|johr|winter|wintr|monat|monet|herbst|sommer"
    r"|fruehling|fruehjahr|saison|heizsaison)|letschti\w*\s+(?:wuche|johr|jahr|winter)|vorjahr\w*|letztjahr|letschtjohr"
    r"|vor\s+(?:\w+\s+)?(?:wochen|wuche|wuchene|monat|monaten|jahr|jahren|johr))\b"
)
# ... and seen to: somebody came ("die Feuerwehr war da", "Sie waren eh da", CH "ihr sind am Sunntig
# cho"), put it out or shut it off, or a paper about it (a bill, a report, the insurance).
_SEEN_TO = re.compile(
    r"\b(?:war|waren|warn|wart)\s+(?:\w+\s+){0,3}?(?:da|do|dort|hier|vorbei)\b"
    r"|\b(?:sind|san|seid|isch|ist|is)\s+(?:\w+\s+){0,3}?(?:cho|gekommen|kumma|kemma|dagewesen|vorbeigekommen|vorbeicho)\b"
    r"|\b(?:geloescht|abgeloescht|abgesperrt|abgedreht|zugedreht|abgestellt|verplombt|repariert|behoben|geflickt|abgepumpt"
    r"|ausgepumpt)\b"
    r"|\b(?:rechnung\w*|rechnig\w*|befund\w*|bericht\w*|gutachten|protokoll\w*|versicherung\w*|schadensmeldung"
    r"|notfallzuschlag|notfallzueschlag|einsatz\w*)\b"
    # the cause found and told as the past ("war dann eh nur a undichte Verschraubung", "es war bloss ein
    # loser Schlauch", "hat sich herausgestellt"): explained, the danger's own past form still needed
    r"|\b(?:war|warn|waren|isch\s+gsi|is\s+gwesen)\s+(?:(?:dann|aber|eh|halt|zum\s+glueck|am\s+ende|schlussendlich)\s+)*"
    r"(?:eh\s+|halt\s+)?(?:nur|bloss|lediglich|nuer)\s+(?:a|an|ein|eine|einen|ne|e|es|die|der|das|de|d)\s+\w+"
    r"|\bherausgestellt\b|\brausgestellt\b|\bherausgefunden\b"
    # water mopped up, dried ("alles wieder trocken", "aufgewischt")
    r"|\b(?:alles|wieder|ist|is|isch)\s+(?:\w+\s+)?trocke\w*|\b(?:aufgewischt|weggewischt|trockengelegt|getrocknet|ufputzt|aufputzt)\b"
    # a danger named as the time since when ("seit dem Gasgeruch letzten Winter haben wir einen Melder")
    r"|\bseit\s+(?:dem|der|dem|unserem|unserer)\s+(?:\w+\s+)?(?:\w*geruch|\w*brand|rohrbruch|wasserschaden|\w*alarm|gasaustritt)\b"
)


def _danger_matches(folded: str) -> list[re.Match[str]]:
    """Every danger a safety rule finds in ``folded`` (the strict rules, the detectors and the loose
    words naming a danger; a gas device is none), not denied."""
    found: list[re.Match[str]] = []
    for pattern in (_SMOKE, _SMOKE_MORE, _WATER, _WATER_MORE, _OIL, _GAS, _GAS_MORE, _DETECTOR, _GAS_DETECTOR, _CO_SYMPTOM):
        found += [m for m in pattern.finditer(folded) if not danger_denied(folded, m, words_before=1)]
    return found


def _loose_danger_words(folded: str) -> list[re.Match[str]]:
    """The loose words naming a danger (a gas device is none), not denied: live only when told as
    now or again (a word alone, "Wasserhahn", says nothing of the present)."""
    return [
        m
        for pattern in (_LOOSE_SMOKE, _LOOSE_GAS, _LOOSE_OIL, _LOOSE_WATER)
        for m in pattern.finditer(folded)
        if not _GAS_DEVICE.fullmatch(m.group(0)) and not danger_denied(folded, m, inside=False, words_before=1)
    ]


def _told_as_now(folded: str, match: re.Match[str]) -> bool:
    """A word of now or again in the danger or up to five words before it (same sentence), or one of
    lasting right after it."""
    start, end = match.span()
    before = re.search(r"(?:\w+[^\w.!?]+){0,5}$", folded[max(0, start - 80) : start])
    near_before = before.group(0) if before else ""
    return bool(_NOW.search(match.group(0)) or _NOW.search(near_before) or _STILL_AFTER.match(folded, end))


def _told_as_live(folded: str, match: re.Match[str]) -> bool:
    """A danger told as going on now: a word of now or again in it or up to five words before it (in
    the same sentence), one of lasting right after, or a danger verb in the present near it that the
    caller neither only thought of nor explains right after."""
    if _told_as_now(folded, match):
        return True
    start, end = match.span()
    before = re.search(r"(?:\w+[^\w.!?]+){0,5}$", folded[max(0, start - 80) : start])
    near_before = before.group(0) if before else ""
    after = re.match(r"(?:[^\w.!?]+\w+){0,4}", folded[end:])
    near = near_before[-40:] + match.group(0) + (after.group(0) if after else "")
    inside = range(len(near_before[-40:]), len(near_before[-40:]) + len(match.group(0)) + 1)
    # AT "wie der Kamin brennt hat": a present form with the helper of a perfect after it is past
    # and AT "hat vorhin piepst": the helper before it
    if not any(
        not re.match(_PERFECT_HELPER, near[m.end() :])
        and not _PERFECT_HELPER_BEFORE.search(near[: m.start()])
        and (m.group(0) not in _WEAK_PRESENT or (m.start() in inside and m.end() in inside))
        for m in _PRESENT_DANGER.finditer(near)
    ):
        return False
    thought = re.search(r"(?:\w+\W+){0,10}$", folded[max(0, start - 160) : start])
    words = thought.group(0) if thought else ""
    # only thought, unless taken back before the danger ("ich dachte an einen Fehlalarm, aber es qualmt")
    thought_of = any(not _CONTRAST.search(words, m.end()) for m in _THOUGHT_NEAR.finditer(words))
    return not thought_of and not _SOURCE_AFTER.match(folded, end)


def only_dismissed(folded: str, *kinds: str) -> bool:
    """Whether the danger of one of ``kinds`` a safety rule found is one the engine dismissed (denied,
    explained away, over, only bought: ``dismissed_dangers``) and nothing of it is live: the engine
    dismissed a danger of such a kind, nobody feels ill, and no danger in the sentence is told as now or
    again ("letzten Winter ein Kaminbrand, und jetzt kommen wieder Funken raus") or going on. When in
    doubt the emergency stays."""
    dismissed = dismissed_dangers(folded)
    if not any(kind in _DISMISSED_KINDS.get(cid, ()) for cid in dismissed for kind in kinds):
        return False
    return _nothing_live(folded)


def danger_over(folded: str, kind: str) -> bool:
    """Whether the danger of ``kind`` a safety rule found is told as over and seen to, nothing of it
    live: heard so by the engine (``settled``) or said so in the caller's own words (``_told_over``)."""
    return settled(folded, kind) or _told_over(folded, kind)


def _told_over(folded: str, kind: str) -> bool:
    """A danger told as over and seen to in the caller's own words, whatever the engine heard: every
    danger the rules find has a time of the past or a past form next to it ("wir hatten gestern einen
    Rauchfangbrand", "voriges Jahr einen Kaminbrand gehabt", CH "letschti Wuche de Rohrbruch gha"),
    one of them of ``kind``; somebody came, put it out or shut it off, or a paper is about it ("die
    Feuerwehr war da", "Sie waren eh da", "die Rechnung"); and nothing of a danger is live (no now or
    again, no danger verb in the present, nobody ill: ``_nothing_live``). When in doubt the emergency
    stays."""
    matches = _danger_matches(folded)
    if not any(m.re in _KIND_RULES.get(kind, ()) for m in matches):
        return False
    # long ago ("voriges Jahr", "letzten Winter", "vor drei Wochen"): over without anybody named who came
    seen_to = bool(_SEEN_TO.search(folded)) or all(_past_near(folded, m, _LONG_AGO) for m in matches)
    return seen_to and all(_past_near(folded, m) for m in matches) and _nothing_live(folded)


def _past_near(folded: str, match: re.Match[str], past: re.Pattern[str] | None = None) -> bool:
    """A time of the past or a past form (``past``, else ``_PAST_NEAR``) in the danger or up to eight
    words before or six after it, in the same sentence."""
    start, end = match.span()
    before = re.search(r"(?:\w+[^\w.!?]+){0,8}$", folded[max(0, start - 120) : start])
    after = re.match(r"(?:[^\w.!?]+\w+){0,6}", folded[end:])
    window = (before.group(0) if before else "") + match.group(0) + (after.group(0) if after else "")
    return bool((past or _PAST_NEAR).search(window))


def settled(folded: str, kind: str) -> bool:
    """Whether the danger of ``kind`` a safety rule found is one the engine heard told as over and seen
    to (``settled_dangers``: what a bill, a job or a technician's visit was for, what the gas utility
    or the fire brigade came and settled) and nothing of it is live (see ``only_dismissed``). The
    safety rules themselves follow this, not the engine's other dismissals."""
    settled = settled_dangers(folded)
    if not any(kind in _DISMISSED_KINDS.get(cid, ()) for cid in settled):
        return False
    return _nothing_live(folded)


def _nothing_live(folded: str) -> bool:
    """Nobody feels ill, no danger in the sentence is told as now or again, as going on, no alarm
    that will not stop."""
    if _person_ill(folded) or _AGAIN_LIVE.search(folded) or _ALARM_ON.search(folded):
        return False  # somebody feels ill, a danger again or still, an alarm that will not stop
    return not any(_told_as_live(folded, match) for match in _danger_matches(folded)) and not any(
        _told_as_now(folded, match) for match in _loose_danger_words(folded)
    )


# A danger verb said as still or again going on ("es riecht aber noch", "stinkt immer noch", "raucht
# wieder"), see still_going.
_STILL_GOING = re.compile(
    r"(?:" + _PRESENT_DANGER.pattern + r")\s+(?:\w+\s+){0,2}?(?:noch|immer|wieder|weiter|weiterhin|staerker|schlimmer)\b"
)


def still_going(folded: str) -> bool:
    """A turn that tells a danger as still or again going on, not denied ("es riecht aber immer noch";
    not "da riecht nichts mehr", "bevor wir wieder einheizen")."""
    if _ALARM_ON.search(folded) or _AGAIN_LIVE.search(folded):
        return True
    return any(not danger_denied(folded, m, inside=True, words_after=2) for m in _STILL_GOING.finditer(folded))


def _person_ill(folded: str) -> bool:
    """A person who feels ill, not denied ("mir ist übel", "uns ist allen schlecht", "so müde und
    schwindlig"; not "schwindlig ist niemandem", "kein Kopfweh")."""
    return any(
        not danger_denied(folded, match, inside=False, words_before=1, words_after=0)
        for match in _PERSON_SYMPTOM.finditer(folded)
    )


# Rauch, Brand and Feuer are surnames too ("Hier spricht Rauch"): only with what smoke or fire does.
_SMOKE = re.compile(
    r"\brauch\s+(?:\w+\s+){0,2}?(?:kommt|steigt|tritt|dringt|zieht|quillt|aus|im|in|ueberall)\b"
    r"|\b(?:kommt|steigt|tritt|dringt|quillt|sehe|sieht|voller|voll|viel|schwarzer|weisser|dichter)\s+(?:\w+\s+){0,2}?rauch\b"
    r"|\bfeuer\W+feuer\b|\bhilfe\W+(?:\w+\W+)?feuer\b|\brauchgeruch|\bqualm(?:t|en|s)?\b"
    r"|\bkohlen(?:stoff)?monoxid(?!\s*-?\s*(?:melder|warn|sensor))\w*|\bes\s+brennt\b"
    r"|\bbrennt\s+(?:im|in|bei|es)\b|\b(?:brand|feuer)\s+(?:im|in|bei|am)\b|\b(?:ein|einen)\s+(?:\w+\s+)?(?:brand|feuer)\b"
    r"|" + _FIRE_COMPOUND + r"|\bin\s+flammen\b|\bflammen\s+(?:\w+\s+){0,2}?(?:schlagen|kommen)|\babgasgeruch"
    r"|\bkommt\s+(?:\w+\s+){0,2}?abgas\b|\babgas\w*\s+(?:\w+\s+){0,2}?(?:in\s+die\s+wohnung|ins\s+haus|in\s+den\s+raum)"
    r"|\briecht\s+(?:\w+\s+){0,4}?(?:nach\s+)?(?:abgas|rauch|verbrannt\w*|verschmort\w*)"
)
# The strict rules by the kind of danger they find (see _told_over).
_KIND_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "gas": (_GAS, _GAS_MORE, _GAS_DETECTOR),
    "smoke": (_SMOKE, _SMOKE_MORE, _DETECTOR, _CO_SYMPTOM),
    "co": (_SMOKE, _SMOKE_MORE, _DETECTOR, _CO_SYMPTOM),
    "water": (_WATER, _WATER_MORE),
    "oil": (_OIL,),
}


# The danger an emergency fault starts with, from the caller's words (folded) by kind; the first
# that matches, else EMERGENCY_FAULTS. A fault already naming a danger keeps its words.
DANGER_TEXTS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "smoke": (
        (re.compile(r"\bverschmort|\bschmor"), "verschmorter Geruch"),
        (
            re.compile(
                r"\bverbr(?:ae|e)nnt\w*\s+(?:\w+\s+)?(?:geruch|gschmack|gschmoeckt)|\briecht\s+(?:\w+\s+){0,3}?verbrannt|\bbrandgeruch"
            ),
            "Brandgeruch",
        ),
        (re.compile(r"\brauch(?!fang)|\bqualm"), "Rauch"),
        (re.compile(r"\bfeuer\b|\bflamme|\bbrennt\b|\bfunken\b"), "Feuer"),
        (re.compile(r"\babgas"), "Abgasgeruch"),
    ),
    "gas": ((re.compile(r"\bgas|\b(?:faul|fuul|fuli|fuuli)\w*\s+eie?r"), "Gasgeruch"),),
    "co": ((re.compile(r"\bschwindel|\bkopfschmerz|\bkopfweh|\buebel"), "Verdacht auf Kohlenmonoxid (Beschwerden)"),),
    "water": (
        (
            re.compile(
                r"\bueberschwemm|\bsteht\s+(?:\w+\s+){0,3}?wasser|\bwasser\s+(?:\w+\s+){0,3}?(?:steht|laeuft|spritzt|tropft)"
            ),
            "Wasser tritt aus",
        ),
    ),
    "oil": ((re.compile(r"\boel"), "Heizöl läuft aus"),),
}
DANGER_IN_FAULT = re.compile(
    r"geruch|rauch|qualm|feuer|brand|brennt|flamme|funken|schmor|abgas|gas(?!t)|kohlenmonoxid|co\b|wasser|nass|leck|tropft|"
    r"rohrbruch|ueberschwemm|spritzt|oel|schwindel|kopfschmerz"
)
# The emergency task chosen by the engine without a rule above: which advice (see Dialogue._emergency_kind).
_LOOSE_SMOKE = re.compile(
    r"\brauch(?!fang|\s*-?\s*(?:melder|warn|sensor))\w*|\bqualm\w*|\bbrand\b|"
    + _FIRE_COMPOUND
    + r"|\bbrennt\b|\bfeuer\b|\bfunken\b|\bflamme\w*"
    r"|\bkohlen(?:stoff)?monoxid(?!\s*-?\s*(?:melder|warn|sensor))|\babgas(?!messung)\w*|\bverbrannt|\bverschmort"
)
# A gas device, no gas smell: with CO signs (a person collapsed by the boiler) the advice is CO's.
_GAS_DEVICE_WORDS = (
    r"(?:therme|heizung|kessel|ofen|herd|geraet|boiler|etagenheizung|wandheizer|heizgeraet|brenner|durchlauferhitzer)\w*"
)
_GAS_DEVICE = re.compile(r"gas" + _GAS_DEVICE_WORDS)
# the device split from its "Gas" by speech recognition ("die Gas Therme"), read after the word "gas"
_GAS_DEVICE_SPLIT = re.compile(r"\s*-?\s*" + _GAS_DEVICE_WORDS)
# a sulphur smell ("riecht nach Schwefel", "Schwefelgeruch") is the odorant of gas
_LOOSE_GAS = re.compile(
    r"\bgas(?!t|messung)\w*|\bjas(?:jeruch|geruch)?\b|\b(?:faul|fuul|fuli|fuuli)\w*\s+eie?r\w*\b|\bschwef[e]?l\w*"
)
_LOOSE_OIL = re.compile(r"\b(?:heiz)?oel(?:tank|leck|leitung)?\b")
# the loose water words that name no water (see Dialogue._emergency_kind_named)
_PIPE_WORD = re.compile(r"rohr|ventil\w*|dampf")
_LOOSE_WATER = re.compile(
    r"\w*wasser(?!messung)\w*|\w*rohr\w*bruch|\brohr\b|\bgeplatzt\b|\bschwimmt\b|\blaeuft\s+voll\b|\bventil\w*|\bdampf\b|\bueberschwemm\w*|\bueberflut\w*|\bueberschwemmig"
)
# A danger described, not named (folded text): the signs a receptionist recognises. Smoke or fire: a
# chimney that crackles or roars, a wall or chimney gone hot, an acrid or burnt smell, grey or thick
# air, eyes that burn; gas: a hissing at the meter or a line, a sweetish or strange smell. One sign
# tells the kind of an emergency the engine recognised; two signs of one kind are an emergency of
# their own (see Dialogue._described_kind). Smoke first: "beissend" beats "komisch".
# (CH "Chemi", "Chämi": the word alone, not "chemisch")
_CHIMNEY = r"(?:(?:rauchfang|kamin|schornstein|schlot|ofenrohr|kachelofen|cheminee|chemine)\w*|chemi\b|chaemi\b|kaemi\b)"
_DESCRIBED: dict[str, tuple[re.Pattern[str], ...]] = {
    "smoke": (
        # the chimney crackles, roars or rumbles
        re.compile(
            r"\b"
            + _CHIMNEY
            + r"(?:\W+\w+){0,6}?\W+(?:knister|droehn|fauch|prassel|brumm|heul|grummel|rumpel|rausch|ruusch|knall|chloepf|chlepf|chlopf|funke)\w*"
            r"|\b(?:knister|droehn|fauch|prassel|rumpel)\w*(?:\W+\w+){0,6}?\W+" + _CHIMNEY
        ),
        # a wall or the chimney gone hot
        re.compile(
            r"\b(?:wand|waend|waende|mauer|rauchfang|kamin|schornstein|schlot)\w*(?:\W+\w+){0,8}?\W+"
            r"(?:heiss|hoass|hoas|haess|gluehend\w*|gluehheiss)\b"
        ),
        # an acrid or burnt smell
        re.compile(
            r"\b(?:stink|riech|schmoeck|schmeck)\w*(?:\W+\w+){0,3}?\W+"
            r"(?:beissend|biissend|biisig|stechend|aetzend|scharf|verbrannt|verkohlt|kokel|brenzlig|brandig)\w*"
            r"|\b(?:beissend|biissend|stechend|aetzend|brenzlig|scharf)\w*\s+(?:geruch|gestank|gruch|dunst)"
        ),
        # grey or thick air
        re.compile(
            r"\bluft\b(?:\W+\w+){0,5}?\W+(?:grau|blau|dick|trueb|neblig|diesig|dunstig|verraucht)\b"
            r"|\b(?:graue|blaue|dicke|truebe|verrauchte)\w*\s+luft\b"
        ),
        # eyes that burn or water
        re.compile(
            r"\b(?:brenn|braenn|beiss|biiss|traen)\w*(?:\W+\w+){0,3}?\W+(?:augen?|aeugli|oeugli)\b"
            r"|\baugen?\s+(?:\w+\s+){0,2}?(?:brenn|braenn|beiss|biiss|traen)\w*"
        ),
    ),
    "gas": (
        # a hissing at the meter, a line or a tap
        re.compile(
            r"\b(?:zisch|faucht)\w*(?:\W+\w+){0,8}?\W+(?:\w*zaehler\w*|gasuhr|\w*leitung|\w*rohr|\w*hahn|anschluss|herd|therme|flasche)\b"
            r"|\b(?:\w*zaehler|gasuhr|\w*leitung|\w*rohr|\w*hahn|anschluss|herd|therme|flasche)\b(?:\W+\w+){0,8}?\W+zisch\w*"
        ),
        # a sweetish or strange smell
        re.compile(
            r"\b(?:stink|riech|schmoeck|schmeck)\w*(?:\W+\w+){0,4}?\W+(?:suess|komisch|seltsam|merkwuerdig|eigenartig|faulig|chemisch)\w*"
            r"|\b(?:suesslich|komisch|seltsam|merkwuerdig|eigenartig|faulig)\w*\s+(?:\w+\s+)?(?:geruch|gestank|gruch)"
        ),
        # a smell likened to a stove left on unlit ("riecht wie wenn der Herd aufgedreht ist und der ist
        # aus", CH "schmöckts wie bim Herd wenn er nöd aazündet isch")
        re.compile(
            r"\b(?:stink|riech|schmoeck|schmeck|geruch|gruch|jeruch)\w*(?:\W+\w+){0,10}?\W+(?:wie|als)\W+(?:\w+\W+){0,5}?"
            r"(?:gas|koch)?herd(?:es|s)?\b"
        ),
    ),
}


def mentions_gas(folded: str) -> bool:
    found = any(
        not danger_denied(folded, match, answered=True, explained=True)  # "Gasgeruch? Nein, haben wir keinen"
        and not ("melder" in match.group(0) and _battery_chirp(folded, match))  # the gas detector's battery
        for match in [*_GAS.finditer(folded), *_GAS_MORE.finditer(folded)]
    ) or detector_sounds(folded, _GAS_DETECTOR)  # "der Gasmelder schreit", "zeigt Gas an"
    # The engine's dismissal ("war aber nix", "letztes Jahr") never vetoes this rule: a real gas
    # call lost to a veto costs more than a false alarm (an independent held-out call was lost).
    # Only a gas smell told as over and seen to, nothing of it live, is none ("die Rechnung für
    # den Einsatz wegen dem Gasgeruch", "gestern Gasgeruch, die Stadtwerke haben abgesperrt").
    return found and not danger_over(folded, "gas")


def emergency_kind(folded: str) -> str | None:
    """Which advice an emergency needs that the engine (not the rules) recognised: a word about
    gas, smoke/fire, oil or water, not negated; ``None`` when none is named (e.g. no heat in frost)
    or when the danger named is dismissed (denied, explained away, over: ``only_dismissed``)."""
    kind = emergency_kind_named(folded)
    return None if kind is not None and only_dismissed(folded, kind) else kind


def emergency_kind_named(folded: str) -> str | None:
    co = co_signs(folded)  # a person collapsed by the gas boiler: CO, not gas
    for kind, pattern in (
        ("smoke", _LOOSE_SMOKE),
        ("gas", _LOOSE_GAS),
        ("oil", _LOOSE_OIL),
        ("water", _LOOSE_WATER),
    ):
        for match in pattern.finditer(folded):
            if danger_denied(
                folded, match, inside=False, words_before=1, words_after=1, answered=True, explained=kind in ("smoke", "gas")
            ):
                continue  # "Gasgeruch? Nein", "Gasmelder piepst nicht"
            if (
                kind == "gas"
                and co
                and (
                    _GAS_DEVICE.fullmatch(match.group(0))
                    or (match.group(0) == "gas" and _GAS_DEVICE_SPLIT.match(folded, match.end()))
                )
            ):
                continue  # the gas boiler is where CO comes from, no gas smell
            if kind == "water" and _PIPE_WORD.fullmatch(match.group(0)):
                # "Rohr", "Ventil", "Dampf" say no kind on their own: a chimney that roars and a
                # glowing pipe are a fire ("des Rohr ganz rot glühend, im Rauchfang faucht des")
                described = described_kind(folded)
                if described is not None:
                    return described
            return smoke_or_co(folded) if kind == "smoke" else kind
    if detector_sounds(folded):
        return smoke_or_co(folded)
    if co:
        return "co"
    return described_kind(folded)


def described_kind(folded: str, *, signs: int = 1) -> str | None:
    """The danger an emergency's description points to when no danger word is said, with at
    least ``signs`` different signs of it (not denied: "es zischt nicht"): a chimney that roars
    and a hot wall is a chimney fire, grey air and burning eyes smoke, a hissing at the meter and
    a sweetish smell gas."""
    for kind, patterns in _DESCRIBED.items():
        found = sum(
            any(not danger_denied(folded, m, words_before=1, explained=True) for m in pattern.finditer(folded))
            for pattern in patterns
        )
        if found >= signs:
            return smoke_or_co(folded) if kind == "smoke" else kind
    return None


def hazard_kind(folded: str, *, naming: bool = False) -> str | None:
    """The emergency the caller describes, "water", "smoke", "co" or "oil"; ``None`` when none
    or negated. The engine's dismissal does not veto it (see ``mentions_gas``): only the advice
    of an emergency the engine chose follows it (``emergency_kind``). ``naming``: an answer to
    a name or street question, where Rauch, Brand and Feuer are names (only the patterns without them)."""
    kind = hazard_named(folded, naming=naming)
    # a danger told as over and seen to, nothing of it live: none ("die Rechnung vom Einsatz, wo der
    # Kamin gebrannt hat", "gestern war die Stube voll Rauch, die Feuerwehr war da")
    return None if kind is not None and danger_over(folded, "smoke" if kind == "co" else kind) else kind


# A little smoke when the stove is lit ("beim Anheizen kommt a bissl Rauch", "beim Anzünden raucht es
# etwas zurück"): a stove that draws badly, a job for the sweep. Much of it, thick or in the eyes is a fire.
_LIGHTING = re.compile(r"\b(?:beim|bim|wenn|nach\s+dem)\s+(?:\w+\s+){0,2}?(?:an|ein|aa|i)(?:heiz|schuer|zuend|feuer|gfeuer)\w*")
_LITTLE = re.compile(
    r"\b(?:a|ein|e|es)?\s*(?:bissl|bisserl|bissel|bisschen|bitzeli|chli|wenig)\b|\b(?:etwas|leicht|kurz|kurzzeitig)\b"
)
_MUCH_SMOKE = re.compile(r"\b(?:voll\w*|dicht\w*|dick\w*|viel\w*|ganze[nm]?|augen|husten\w*|schwarz\w*|qualm\w*)\b")


def _puff_at_lighting(folded: str, match: re.Match[str]) -> bool:
    """A little smoke said with the stove being lit, and no much of it anywhere."""
    start, end = match.span()
    near = folded[max(0, start - 40) : end + 40]
    return bool(_LIGHTING.search(near) and _LITTLE.search(near)) and not _MUCH_SMOKE.search(folded)


# Water standing in a fixture whose drain is blocked ("die Dusche läuft nicht mehr ab, das Wasser steht zehn
# Zentimeter hoch", "die Badewanne ist verstopft"): a job for the plumber, unless it spreads into the room
# ("läuft über den Rand", "im Keller", "auf dem Boden", "überall").
_FIXTURE = re.compile(
    r"\b(?:dusch\w*|\w*badewanne|wanne|\w*waschbecken|lavabo|spuele|spuelbecken|spueli|becken|klo|wc|toilette)\b"
)
_NOT_DRAINING = re.compile(
    r"verstopf\w*|\b" + NOT + r"\s+(?:mehr\s+|meh\s+)?(?:richtig\s+|recht\s+)?ab(?:laeuft|lauft|fliesst|rinnt|lauffe?)\b"
    r"|\b(?:laeuft|lauft|fliesst|rinnt|gaht|geht)\s+(?:\w+\s+){0,3}?(?:" + NOT + r"|kaum|schlecht|langsam)\s+(?:mehr\s+|meh\s+)?"
    r"(?:richtig\s+|recht\s+)?ab\b|\babfluss\w*\s+(?:\w+\s+){0,3}?(?:zu|dicht)\b"
)
_STANDING = re.compile(r"zentimeter|\bsteht\b|\bstaht\b")
_SPREADS = re.compile(
    r"ueberl\w*|\blaeuft\s+(?:\w+\s+){0,2}?ueber\b|\bueber\s+(?:den|de|dr)\s+rand|\brand\b|keller|chaeller|\bboden\b|\bbode\b|\bflur\b"
    r"|\bgang\b|wohnung|ueberall|treppe|stiege|\bdecke\b|\btuer\w*|zimmer|kueche|\braus\b|\bheraus\b|\bus\b|\buse\b"
)


def _blocked_fixture(folded: str, match: re.Match[str]) -> bool:
    """Standing water said of a fixture that does not drain, spreading nowhere."""
    return bool(
        _STANDING.search(match.group(0))
        and _FIXTURE.search(folded)
        and _NOT_DRAINING.search(folded)
        and not _SPREADS.search(folded)
    )


def hazard_named(folded: str, *, naming: bool = False) -> str | None:
    patterns: list[tuple[str, re.Pattern[str]]] = [] if naming else [("smoke", _SMOKE)]
    patterns += [("smoke", _SMOKE_MORE), ("water", _WATER), ("water", _WATER_MORE), ("oil", _OIL)]
    for kind, pattern in patterns:
        for match in pattern.finditer(folded):
            if danger_denied(folded, match, explained=kind == "smoke"):
                continue
            if kind == "smoke" and _puff_at_lighting(folded, match):
                continue
            if kind == "water" and _blocked_fixture(folded, match):
                continue
            return smoke_or_co(folded) if kind == "smoke" else kind
    if detector_sounds(folded):
        return smoke_or_co(folded)
    if _WATER_UNSTOPPABLE.search(folded) and not _WATER_CONTAINED.search(folded):
        return "water"
    if naming:
        return None
    if co_signs(folded):
        return "co"
    # two signs of one danger described without its name ("der Rauchfang dröhnt, die Wand ist heiß")
    return described_kind(folded, signs=2)


def detector_sounds(folded: str, detector: re.Pattern[str] | None = None) -> bool:
    """A smoke or CO detector that alarms: an alarm sign (piept, schlägt an, Alarm, geht los,
    heult, blinkt, ist an, spinnt …) within a few words, not denied ("piept nicht mehr"; "geht
    nicht aus" is one), a reading ("zeigt 150 an") or a person who feels ill; not a battery chirp.
    A detector only bought, installed or priced has none of these."""
    for match in (detector or _DETECTOR).finditer(folded):
        if danger_denied(folded, match, inside=False, words_before=1, after=False):
            continue  # "kein Rauchmelder"
        start, end = match.span()
        if _ONLY_A_TEST_AFTER.match(folded, end) and _nothing_live(folded):
            continue  # "der CO-Melder hat vorhin piepst, aber des war nur der Test"
        before = re.search(r"(?:\w+\W+){0,8}$", folded[max(0, start - 120) : start])
        after = re.match(r"(?:\W+\w+){0,10}", folded[end:])
        lo = start - len(before.group(0)) if before else start
        hi = end + len(after.group(0)) if after else end
        window = folded[lo:hi]
        sounds = bool(_ALARM_ON.search(window)) or any(
            # ("jetzt piepst er nüme": the subject between)
            not danger_denied(window, sign, inside=False, words_before=1, words_after=1)
            for sign in _ALARM_SIGN.finditer(window)
        )
        if (sounds or _DETECTOR_READING.search(window) or _person_ill(folded)) and not _battery_chirp(folded, match):
            return True
    return False


def person_down(folded: str) -> bool:
    """Someone unconscious or collapsed, not denied ("er ist umgekippt"; not "bewusstlos ist
    niemand"): the ambulance is called before anything else."""
    return any(
        not danger_denied(folded, match, inside=False, words_before=1, words_after=1)
        and not _NOBODY_AFTER.match(folded, match.end())
        and not _NOBODY_BEFORE.search(folded[max(0, match.start() - 30) : match.start()])
        for match in _PERSON_DOWN.finditer(folded)
    )


# Something that beeps or alarms ("des Kastl piepst"): with a person feeling sick ("mir is schlecht") it
# is carbon monoxide too, not only with dizziness or a headache.
_BEEPING = re.compile(r"\b(?:pieps?t|piips?t|piepen|piepsen|gepiepst|gepiept|\w*melder|\w*warner|alarm\w*|kastl|kaschtli)\b")


def co_signs(folded: str) -> bool:
    """Dizziness or a headache (not negated) said with a burning device or a beeping alarm; feeling
    sick ("mir ist übel", "uns is schlecht") with a beeping alarm."""
    if not _CO_SOURCE.search(folded):
        return False
    if any(not danger_denied(folded, match, inside=False, words_before=1, after=False) for match in _CO_SYMPTOM.finditer(folded)):
        return True
    return bool(_BEEPING.search(folded)) and _person_ill(folded)


def smoke_or_co(folded: str) -> str:
    """A CO alarm without smoke or fire gets the carbon monoxide advice (fresh air), else smoke."""
    fire = any(not danger_denied(folded, m, inside=False, words_before=1) for m in _FIRE_WORDS.finditer(folded))
    return "co" if _CO.search(folded) and not fire else "smoke"  # "kein Rauch, aber der CO-Melder …": CO
