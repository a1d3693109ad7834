"""Word lists the rule-based extractor uses, German and English, in one place.

They are language knowledge, not facts about the world: facts (who, which QID) come from
the knowledge base.  Keys are lower-case; matching lower-cases the text first.
"""

from __future__ import annotations

# Office titles → role kind (the vocabulary of KbHolding.role_kind).  Multi-word titles are
# matched on token sequences; German inflected forms are listed because German has no
# lemmatiser here.
_DE_TITLES = {
    "präsident": "president", "präsidentin": "president", "präsidenten": "president",
    "staatspräsident": "president", "staatspräsidentin": "president", "staatspräsidenten": "president",
    "staatschef": "head of state", "staatschefin": "head of state", "staatschefs": "head of state",
    "staatsoberhaupt": "head of state",
    "premierminister": "prime minister", "premierministerin": "prime minister",
    "premierministers": "prime minister",
    "ministerpräsident": "prime minister", "ministerpräsidentin": "prime minister",
    "ministerpräsidenten": "prime minister",
    "regierungschef": "head of government", "regierungschefin": "head of government",
    "regierungschefs": "head of government",
    "kanzler": "chancellor", "kanzlerin": "chancellor", "bundeskanzler": "chancellor",
    "bundeskanzlerin": "chancellor", "kanzlers": "chancellor", "bundeskanzlers": "chancellor",
    "außenminister": "foreign minister", "außenministerin": "foreign minister",
    "außenministers": "foreign minister", "aussenminister": "foreign minister",
    "chefdiplomat": "foreign minister", "chefdiplomatin": "foreign minister",
    "verteidigungsminister": "defence minister", "verteidigungsministerin": "defence minister",
    "verteidigungsministers": "defence minister",
    "generalsekretär": "secretary general", "generalsekretärin": "secretary general",
    "generalsekretärs": "secretary general",
    "vizepräsident": "vice president", "vizepräsidentin": "vice president",
    "könig": "monarch", "königin": "monarch", "königs": "monarch",
    "bundespräsident": "president", "bundespräsidentin": "president", "bundespräsidenten": "president",
    "premier": "prime minister", "premiers": "prime minister",
    "außenamtschef": "foreign minister", "außenamtschefin": "foreign minister",
    "kommissionspräsident": "president of organ", "kommissionspräsidentin": "president of organ",
    "kommissionschef": "president of organ", "kommissionschefin": "president of organ",
    "ratspräsident": "president of organ", "ratspräsidentin": "president of organ",
    "generaldirektor": "head of organization", "generaldirektorin": "head of organization",
    "chef": "head", "chefin": "head", "chefs": "head",
    "außenbeauftragte": "other", "außenbeauftragter": "other", "außenbeauftragten": "other",
    "amtskollege": "counterpart", "amtskollegen": "counterpart", "amtskollegin": "counterpart",
    "amtskolleginnen": "counterpart", "kollege": "counterpart", "kollegin": "counterpart",
    "kollegen": "counterpart",
}
_EN_TITLES = {
    "president": "president", "prime minister": "prime minister", "premier": "prime minister",
    "chancellor": "chancellor", "foreign minister": "foreign minister",
    "secretary of state": "foreign minister", "foreign secretary": "foreign minister",
    "minister of foreign affairs": "foreign minister", "foreign affairs minister": "foreign minister",
    "defence minister": "defence minister", "defense minister": "defence minister",
    "defense secretary": "defence minister", "defence secretary": "defence minister",
    "secretary of defense": "defence minister",
    "secretary general": "secretary general", "secretary-general": "secretary general",
    "vice president": "vice president", "king": "monarch", "queen": "monarch",
    "head of state": "head of state", "head of government": "head of government",
    "director-general": "head of organization", "director general": "head of organization",
    "commission president": "president of organ", "chief": "head", "leader": "head",
    "counterpart": "counterpart", "high representative": "other",
}
TITLES = {"de": _DE_TITLES, "en": _EN_TITLES}
# "head" is a generic title ("Nato-Chef", "UN chief", "Russian leader"): the holder's office at that
# organization or state in the knowledge base says which one.  Some titles name their organization
# themselves; the value is the organization's English label in the knowledge base.
GENERIC_TITLE = "head"
# "ihren russischen Amtskollegen Sergej Lawrow", "his Russian counterpart": the office of the
# holding named just before.
COUNTERPART = "counterpart"
IMPLIED_OWNERS = {
    "kommissionspräsident": "European Commission", "kommissionspräsidentin": "European Commission",
    "kommissionschef": "European Commission", "kommissionschefin": "European Commission",
    "commission president": "European Commission",
    "ratspräsident": "European Council", "ratspräsidentin": "European Council",
}
# Words between a name and a title that make the title a predicate ("Baerbock soll Außenministerin
# werden", "Sunak became prime minister") and the status they give (None: current).
COPULA = {
    "de": {"ist": None, "sei": None, "bleibt": None, "wurde": None, "gilt": None, "als": None, "zum": None,
           "zur": None, "war": "former", "waren": "former", "wäre": None, "soll": "designated",
           "sollte": "designated", "sollen": "designated", "wird": "designated", "werde": "designated"},
    "en": {"is": None, "remains": None, "became": None, "as": None, "named": None, "appointed": None,
           "elected": None, "was": "former", "were": "former", "will": "designated", "become": "designated",
           "to": "designated", "would": "designated", "expected": "designated", "set": "designated",
           "be": None, "been": None, "has": None, "who": None, "now": None, "still": None, "currently": None},
}

# Words before a title that make the holding former or designated rather than current.
FORMER = {
    "de": {"ex", "früheren", "frühere", "früherer", "ehemalige", "ehemaligen", "ehemaliger", "einstige",
           "einstigen", "damalige", "damaligen", "damaliger", "altkanzler", "ex-"},
    "en": {"former", "ex", "ex-", "then", "erstwhile", "late"},
}
# "der neue Außenminister" is usually already in office, so "neue" is not a designation.
DESIGNATED = {
    "de": {"designierte", "designierten", "designierter", "künftige", "künftigen", "künftiger",
           "designiert", "angehende", "angehenden", "zukünftige", "zukünftigen"},
    "en": {"designate", "designated", "incoming", "future", "nominee", "president-elect"},
}
# Right after a title: "President-elect", "Secretary of State-designate", "Kanzler in spe".
DESIGNATED_AFTER = {"elect", "designate", "designiert", "spe"}

# Surnames too common to name one person without a first name, title or honorific.
COMMON_SURNAMES = frozenset("""
smith johnson williams brown jones miller davis wilson anderson taylor thomas moore martin jackson white
clark lewis robinson walker young allen king wright scott green baker adams nelson hill campbell mitchell
roberts carter phillips evans turner parker collins edwards stewart morris murphy cook rogers morgan cooper
peterson reed bell ward wood gray hughes price long ross foster
müller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer koch bauer richter klein
wolf schröder neumann schwarz zimmermann braun krüger hofmann hartmann lange schmitt werner krause meier
lehmann schmid schulze maier köhler herrmann könig walter
""".split())

HONORIFICS = {
    "de": {"herr", "herrn", "frau", "dr.", "prof."},
    "en": {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lady"},
}

# Nouns that refer back to an organization already in play (coreference), by org class.  Only
# nouns that in news almost always mean the organization last named: not "die Organisation".
ANAPHORA = {
    "de": {"allianz": "Alliance", "bündnis": "Alliance", "bündnisses": "Alliance", "militärbündnis": "Alliance",
           "militärbündnisses": "Alliance", "militärallianz": "Alliance", "verteidigungsbündnis": "Alliance",
           "verteidigungsbündnisses": "Alliance", "staatenbund": "InternationalOrganization",
           "staatenbundes": "InternationalOrganization"},
    "en": {"alliance": "Alliance", "bloc": "InternationalOrganization", "council": "Council"},
}
ANAPHORA["de"] |= {"rat": "Council", "rates": "Council", "gremium": "Council", "gremiums": "Council"}

# Head nouns of organization names; a hyphenated compound ending in one is an organization.
ORG_HEADS = {
    "rat": "Council", "council": "Council", "kommission": "GovernmentBody", "commission": "GovernmentBody",
    "ausschuss": "GovernmentBody", "committee": "GovernmentBody", "ministerium": "GovernmentBody",
    "ministry": "GovernmentBody", "parlament": "GovernmentBody", "parliament": "GovernmentBody",
    "regierung": "Government", "government": "Government", "partei": "Party", "party": "Party",
    "bündnis": "Alliance", "allianz": "Alliance", "alliance": "Alliance", "gipfel": "",
}

# Meeting triggers → meeting kind (see kg.mapping.MEETING_TYPES).  German verbs are listed in
# their inflected forms; "trifft sich" and "treffen sich" are caught by the verb alone.
_DE_TRIGGERS = {
    "treffen": "meeting", "treffens": "meeting", "trafen": "meeting", "traf": "meeting", "trifft": "meeting",
    "getroffen": "meeting", "zusammentreffen": "meeting", "zusammentrifft": "meeting",
    "zusammenkommen": "meeting", "zusammenkunft": "meeting", "kommen": "",
    "gespräche": "bilateral", "gesprächen": "bilateral", "gespräch": "bilateral", "unterredung": "bilateral",
    "verhandlungen": "bilateral", "beratungen": "meeting", "berieten": "meeting", "beraten": "meeting",
    "berät": "meeting", "beriet": "meeting", "versammeln": "meeting", "versammelten": "meeting",
    "gipfel": "summit", "gipfeltreffen": "summit", "gipfels": "summit",
    "sitzung": "council", "tagung": "council", "tagt": "council", "tagte": "council", "tagen": "council",
    "getagt": "council", "zusammengekommen": "meeting", "zusammengetroffen": "meeting",
    "tagten": "council", "ratssitzung": "council", "sondersitzung": "council", "dringlichkeitssitzung": "council",
    "konferenz": "conference", "konferenzen": "conference",
    "besuch": "visit", "besucht": "visit", "besuchte": "visit", "besuchen": "visit", "empfängt": "visit",
    "empfing": "visit", "empfangen": "visit", "staatsbesuch": "visit",
    "telefonat": "call", "telefonierte": "call", "telefoniert": "call", "telefonierten": "call",
    "online-treffen": "meeting", "videokonferenz": "conference",
}
_EN_TRIGGERS = {
    "meeting": "meeting", "meet": "meeting", "meets": "meeting", "met": "meeting", "talks": "bilateral",
    "summit": "summit", "session": "council", "sessions": "council", "convened": "council",
    "convene": "council", "convenes": "council", "gathered": "meeting", "gather": "meeting",
    "conference": "conference", "visit": "visit", "visits": "visit", "visited": "visit", "hosts": "visit",
    "hosted": "visit", "host": "visit", "hosting": "visit", "welcomed": "visit", "welcomes": "visit",
    "phone call": "call", "call": "", "called": "", "negotiations": "bilateral",
}
TRIGGERS = {"de": {k: v for k, v in _DE_TRIGGERS.items() if v},
            "en": {k: v for k, v in _EN_TRIGGERS.items() if v}}
# German compounds end in a trigger noun: "Außenministertreffen", "Krisengipfel", "Sondersitzung".
TRIGGER_SUFFIXES = {"treffen": "meeting", "gipfel": "summit", "gespräche": "bilateral", "konferenz": "conference",
                    "sitzung": "council", "tagung": "council", "besuch": "visit", "beratungen": "meeting"}
NOT_TRIGGERS = {"betreffen", "übertreffen", "zutreffen", "eintreffen", "antreffen", "vorbesuch", "pressekonferenz",
                "pressekonferenzen", "telefonkonferenz", "gipfelkreuz", "hausbesuch", "krankenbesuch",
                "stadionbesuch", "kinobesuch", "zuschauerzuspruch"}
# Verbs that are also nouns when capitalised: "Die Minister tagen" but "vor vier Tagen".
LOWER_ONLY = {"tagen", "getagt"}
# Separable German verbs: the particle at the end of the clause, the verb anywhere in it.
SEPARABLE = {"zusammen": {"kommen", "kommt", "kamen", "kam", "treffen", "trifft", "trafen", "traf", "treten",
                          "tritt", "traten", "trat"}}
# With a council in the clause these verbs make a session: "Der Sicherheitsrat wird sich am Freitag
# mit der Lage befassen", "The Security Council will discuss the situation on Friday".
COUNCIL_VERBS = {"de": {"befassen", "befasst", "befasste", "abstimmen", "stimmt", "stimmte", "berät", "beraten"},
                 "en": {"discuss", "discusses", "discussed", "vote", "votes", "voted", "consider", "considers",
                        "debate", "debates", "debated"}}
# Nouns whose place phrase is a topic, not where a meeting is: "die Lage in der Ukraine".
TOPIC_NOUNS = {"de": {"lage", "krieg", "kriegs", "krise", "konflikt", "konflikts", "gewalt", "kämpfe", "kämpfen",
                      "situation", "angriffe", "angriff", "entwicklung", "entwicklungen", "menschenrechtslage"},
               "en": {"situation", "war", "crisis", "conflict", "violence", "fighting", "attacks", "attack",
                      "developments", "invasion", "tensions"}}
# "Am Rande des G20-Gipfels", "on the sidelines of the summit": the meeting is not the summit.
SIDELINES = {"rande", "sidelines", "margins", "margin", "sideline"}
# Verbs whose subject hosts the meeting ("Scholz empfing Macron", "Macron hosted Scholz").
HOSTS = {"empfängt", "empfing", "empfangen", "hosts", "hosted", "host", "hosting", "welcomed", "welcomes"}
# Travel verbs make a visit only with a destination: "Baerbock reist am Montag nach Kiew".
TRAVEL = {"de": {"reist", "reiste", "reisen", "reisten", "fliegt", "flog", "flogen"},
          "en": {"travels", "traveled", "travelled", "travel", "flew", "flies", "arrived", "arrives", "arrive"}}
TRAVEL_PREPS = {"de": {"nach"}, "en": {"to", "in"}}
# Visit verbs take the place as their object: "Scholz visited Kyiv", "besuchte die Ukraine".
VISITS = {"visit", "visits", "visited", "visiting", "besucht", "besuchte", "besuchten", "besuchen"}

# Ministers' meetings: a title word before the trigger makes it ministerial.
MINISTERIAL = {"außenminister", "verteidigungsminister", "minister", "ministers", "foreign ministers",
               "außenministerinnen", "militärchefs", "finanzminister"}

VIRTUAL = {
    "de": {"virtuell", "virtuellen", "virtuelle", "online", "online-treffen", "videokonferenz", "per video",
           "videoschalte", "digital"},
    "en": {"virtual", "virtually", "online", "video conference", "videoconference", "by video"},
}

# Membership cues.
MEMBER_NOUNS = {
    "de": {"mitglied", "mitglieder", "mitgliedern", "mitglieds", "mitgliedes", "mitgliedstaat", "mitgliedstaaten",
           "mitgliedsstaaten", "mitgliedsländer", "mitgliedsländern", "mitgliedsstaat", "mitgliedsland",
           "mitgliedstaates", "mitgliedsstaates"},
    "en": {"member", "members", "member states", "member state", "member countries", "member nations"},
}
# Allies are members of an alliance only ("NATO-Verbündeter Türkei", "NATO allies such as Poland").
ALLY_NOUNS = {"de": {"verbündeter", "verbündete", "verbündeten", "bündnispartner", "bündnispartnern"},
              "en": {"ally", "allies"}}
INCLUDING = {"de": {"darunter", "einschließlich", "etwa", "wie"}, "en": {"including", "such as", "among them"}}
# Words that make a sentence part about joining, partners or candidates, not membership; a word
# starting with a "prefix" counts too ("Beitrittsgesuch", "Kandidatenstatus").
NOT_MEMBERSHIP = {"de": {"beitritt", "beitritts", "partner", "partnern", "aufnahme", "kandidat", "beitreten",
                         "kandidaten", "beitrittskandidat", "anwärter", "beobachter"},
                  "en": {"accession", "join", "joining", "joins", "partner", "partners", "candidate", "candidates",
                         "aspiring", "aspirant", "observer", "observers", "membership"}}
NOT_MEMBERSHIP_PREFIXES = {"de": ("beitritt", "kandidat", "aufnahme"), "en": ("accession", "candidate")}
# Between a member noun and its list of states: "Zu den 30 Mitgliedern der NATO gehören nur zwei,
# die USA und Kanada"; "NATO members such as Poland and Estonia"; before it: "Polen, ein NATO-Mitglied".
LIST_WORDS = {
    "de": {"und", "sowie", "oder", "die", "der", "den", "dem", "das", "nur", "etwa", "wie", "darunter", "gehören",
           "gehörten", "zählen", "zählten", "sind", "waren", "ist", "war", "wurde", "wurden", "unter", "anderem",
           "auch", "beispielsweise", "zum", "beispiel", "vor", "allem", "insbesondere", "einschließlich",
           "nämlich", "alle", "beide", "beiden", "ein", "eine", "einem", "einer", "als", "vollwertiges",
           "neues", "neuestes", "jüngstes", "seit", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
           "zehn", "einige", "mehrere", "viele"},
    "en": {"and", "or", "as", "well", "such", "including", "like", "the", "are", "were", "is", "was", "include",
           "includes", "included", "among", "them", "namely", "both", "only", "notably", "especially",
           "particularly", "a", "an", "became", "become", "becomes", "full", "new", "newest", "fellow",
           "latest", "since", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "some", "several",
           "many"},
}
# Joining completed: "Finland joined NATO", "Finnland ist der NATO beigetreten", "trat der EU bei".
JOINED = {"de": {"beigetreten"}, "en": {"joined"}}
JOINED_SEPARABLE = {"de": ({"trat", "traten"}, "bei"), "en": (set(), "")}
NOT_YET = {"de": {"will", "wollen", "soll", "sollen", "möchte", "möchten", "könnte", "könnten", "wird", "werden",
                  "nicht", "nie"},
           "en": {"will", "would", "wants", "want", "could", "may", "might", "not", "never", "to", "yet", "hopes"}}

# Reporting verbs: a date right after one belongs to the report, not to a meeting named later.
REPORTING = {"sagte", "sagten", "erklärte", "erklärten", "betonte", "teilte", "warnte", "berichtete", "meldete",
             "hieß", "said", "told", "announced", "warned", "stated", "reported", "added", "says", "tells"}

# Prepositions that introduce a place.
PLACE_PREPS = {"de": {"in", "im", "nach", "bei"}, "en": {"in", "at"}}

# Common first names: person names that the knowledge base does not know still start with one.
FIRST_NAMES = frozenset("""
abdel abdul abdullah abiy ahmed ahmet alain alexander alexei alexej alexandr ali alice alicia alison amina
andrej andrei andrzej andreas angela anna annalena anne antonio antony antónio ashraf barack benjamin bernd
bill boris boyko charles christian christine claudia dan daniel david dmitri dmitrij dmytro donald ed
ehud emmanuel emine enrico erdoğan evo faisal felipe frank frans friedrich fumio gabriel gavin georg george
georgia gerhard giorgia gordon hakan hamid hans hassan heiko helmut hillary horst hugo ibrahim igor ilham
ivan iwan jacinda jair jake james jan jean jeff jens jeremy jim joachim joe johann john jonathan josep josé
joseph josep juan julia justin jürgen kamala karin karl katalin keir kevin kim kimberly kristalina lars
lee leo liz lloyd luis luiz lula mahmoud manuel marco marcus maria marine mario mark markus marta martin
mateusz matteo mette michael michel micheál mike mohammed muhammad naftali nancy narendra nicola nicolas
nikol nikolai olaf olena oleksandr olaf pedro peter petro pierre qin rafael ramzan recep richard rishi
robert roberta roman rudolf ruslan rutte sadyr saif salman sanna scott sebastian sergei sergej sergey
shehbaz shinzo simon stefan stephan sviatlana swetlana tayyip theresa thomas tony ulf ursula valérie
viktor vladimir volker volodymyr walter wang wladimir wolodymyr xi yair yoon yulia yuri zoran
""".split())
