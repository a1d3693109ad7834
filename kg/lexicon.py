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
    "könig": "monarch", "königin": "monarch",
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
}
TITLES = {"de": _DE_TITLES, "en": _EN_TITLES}

# Words before a title that make the holding former or designated rather than current.
FORMER = {
    "de": {"ex", "früheren", "frühere", "früherer", "ehemalige", "ehemaligen", "ehemaliger", "einstige",
           "einstigen", "damalige", "damaligen", "damaliger", "altkanzler", "ex-"},
    "en": {"former", "ex", "ex-", "then", "erstwhile", "late"},
}
DESIGNATED = {
    "de": {"designierte", "designierten", "designierter", "künftige", "künftigen", "künftiger",
           "designiert", "neue", "neuen"},
    "en": {"designate", "designated", "incoming", "future", "nominee", "president-elect"},
}

HONORIFICS = {
    "de": {"herr", "herrn", "frau", "dr.", "prof."},
    "en": {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lady"},
}

# Nouns that refer back to an organization already in play (coreference), by org class.
ANAPHORA = {
    "de": {"allianz": "Alliance", "bündnis": "Alliance", "bündnisses": "Alliance", "militärbündnis": "Alliance",
           "staatenbund": "InternationalOrganization", "organisation": "InternationalOrganization"},
    "en": {"alliance": "Alliance", "bloc": "InternationalOrganization", "organization": "InternationalOrganization",
           "organisation": "InternationalOrganization"},
}

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
    "verhandlungen": "bilateral", "beratungen": "meeting", "berieten": "meeting",
    "gipfel": "summit", "gipfeltreffen": "summit", "gipfels": "summit",
    "sitzung": "council", "tagung": "council", "tagt": "council", "tagte": "council", "ratssitzung": "council",
    "konferenz": "conference", "konferenzen": "conference",
    "besuch": "visit", "besucht": "visit", "besuchte": "visit", "empfängt": "visit", "empfing": "visit",
    "telefonat": "call", "telefonierte": "call", "telefoniert": "call",
    "online-treffen": "meeting", "videokonferenz": "conference",
}
_EN_TRIGGERS = {
    "meeting": "meeting", "meet": "meeting", "meets": "meeting", "met": "meeting", "talks": "bilateral",
    "summit": "summit", "session": "council", "sessions": "council", "convened": "council",
    "conference": "conference", "visit": "visit", "visits": "visit", "visited": "visit", "hosts": "visit",
    "hosted": "visit", "host": "visit", "phone call": "call", "call": "", "called": "",
    "negotiations": "bilateral",
}
TRIGGERS = {"de": {k: v for k, v in _DE_TRIGGERS.items() if v},
            "en": {k: v for k, v in _EN_TRIGGERS.items() if v}}

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
    "de": {"mitglied", "mitglieder", "mitgliedern", "mitgliedstaat", "mitgliedstaaten", "mitgliedsstaaten",
           "mitgliedsländer", "mitgliedsländern", "mitgliedsstaat", "mitgliedsland"},
    "en": {"member", "members", "member states", "member state", "member countries"},
}
INCLUDING = {"de": {"darunter", "einschließlich", "etwa", "wie"}, "en": {"including", "such as", "among them"}}
NOT_MEMBERSHIP = {"de": {"beitritt", "beitritts", "partner", "partnern", "aufnahme", "kandidat", "beitreten"},
                  "en": {"accession", "join", "joining", "partner", "partners", "candidate", "aspiring"}}

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
