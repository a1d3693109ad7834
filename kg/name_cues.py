"""Word lists that tell a name the knowledge base does not know: given names, titles, place and
organization cues, German and English.

They are language knowledge written for geokg, not facts about particular entities: no list
here names a place, company or person.  Keys are lower-case.  The given names live in
``kg/data/names/given_names.txt`` and are read once, on first use.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["given_names"]


@functools.cache
def given_names() -> frozenset[str]:
    """The given-name lexicon (lower case), read on first use."""
    text = resources.files("kg").joinpath("data/names/given_names.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        names.update(line.split("#", 1)[0].lower().split())
    return frozenset(names)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Given names that are also ordinary words or places: they never stand alone as a person, and in
# English a sentence-initial one needs more than one capitalised word after it ("Will Smith" but
# not "Will Biden").
GIVEN_NAME_WORDS = _words("""
mark ernst wolf kai heide rosa rose iris will bill grant hope joy faith grace marine rand carol dawn eve florence
georgia jordan paris sydney austin victoria chad israel lima kent dallas denver pat sue jan don dean rich
ray bob guy frank miles summer stone hunter chase mason august may june april christian roman said sultan
amir sheikh nana hong wen
""")

# Particles inside a name: "Ursula von der Leyen", "Charles de Gaulle", "Mohammed bin Salman".
NAME_PARTICLES = _words("von van vom zu zur de del della di da du le la ten ter bin ibn al el dos")

# Honorifics and titles that stand before a name and are not part of the mention.
HONORIFICS = {
    "de": _words("herr herrn frau fräulein dr dr. prof prof. doktor"),
    "en": _words("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. rev rev. reverend"),
}
# Role nouns before a name ("Trainer Jürgen Klopp", "Erzbischof Albrecht", "coach Romeo Crennel"),
# beyond the office titles of kg.lexicon.TITLES.
ROLE_NOUNS = {
    "de": _words("""
graf gräfin fürst fürstin herzog herzogin prinz prinzessin kaiser kaiserin zar zarin papst bischof
erzbischof kardinal abt äbtissin pfarrer pastor pater professor professorin general generalleutnant
generalmajor oberst major hauptmann leutnant feldmarschall admiral kapitän bürgermeister
bürgermeisterin oberbürgermeister oberbürgermeisterin landrat landrätin senator senatorin gouverneur
staatssekretär staatssekretärin abgeordnete abgeordneter trainer trainerin sprecher sprecherin
direktor direktorin intendant intendantin regisseur regisseurin dirigent komponist dichter dichterin
schriftsteller schriftstellerin sänger sängerin schauspieler schauspielerin maler malerin autor autorin
richter richterin anwalt anwältin staatsanwalt kommissar kommissarin vorsitzende vorsitzender
geschäftsführer geschäftsführerin ministerin minister ritter freiherr freifrau baron baronin markgraf
landgraf kurfürst könig königin scheich emir sultan rabbiner imam kollegin
"""),
    "en": _words("""
prince princess king queen duke duchess earl count countess baron pope bishop archbishop cardinal
father rabbi imam sheikh general gen. colonel col. major maj. captain capt. lieutenant lt. sergeant sgt.
admiral adm. governor gov. senator sen. rep. representative mayor judge justice coach professor
ambassador commissioner inspector detective officer chairman chairwoman spokesman spokeswoman spokesperson
attorney lawyer analyst reporter correspondent receiver quarterback pitcher striker goalkeeper manager
director president secretary minister
"""),
}
# German compounds ending in a role ("BP-Chef", "Regierungssprecher", "Bayern-Trainer").
ROLE_SUFFIXES = ("minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin", "chef", "chefin",
                 "trainer", "trainerin", "vorsitzende", "vorsitzender", "direktor", "direktorin", "leiter",
                 "leiterin", "kommandeur", "kommandant", "politiker", "politikerin", "experte", "expertin",
                 "manager", "managerin", "kanzler", "kanzlerin", "sekretär", "sekretärin", "botschafter",
                 "botschafterin", "funktionär", "profi", "stürmer", "torwart", "kapitän", "bischof")
# Verbs of saying before or after a bare name: "sagte Müller", ", so Müller", "Smith said".
SAY_BEFORE = {
    "de": _words("sagte sagt erklärte erklärt betonte betont meinte meint so warnte warnt kritisierte kritisiert "
                 "forderte fordert berichtete berichtet ergänzte ergänzt räumte fügte teilte schrieb schreibt "
                 "sagten erklärten antwortete antwortet versicherte versichert bestätigte bestätigt"),
    "en": _words("said says told added explained noted wrote asked argued insisted warned"),
}
SAY_AFTER = {"de": frozenset(), "en": SAY_BEFORE["en"] | _words("tells adds explains notes writes")}

# Prepositions after which a capitalised word may be a place.
PLACE_PREPS = {"de": _words("in nach aus bei nahe von bis"), "en": _words("in near outside from to across throughout")}
# Nouns right before a place name: "die Stadt Celle", "Kanton Zürich", "the city of Lima".
PLACE_HEADS = {
    "de": _words("""
stadt gemeinde ort ortschaft dorf kreis landkreis stadtkreis kanton bezirk stadtteil ortsteil stadtbezirk
provinz region bundesland bundesstaat insel hauptstadt kreisstadt metropole großstadt kleinstadt hafenstadt
grafschaft herzogtum fürstentum königreich kaiserreich bistum erzbistum landschaft gegend fluss see
gebirge tal kommune departement oblast emirat schloss burg kloster
"""),
    "en": _words("city town village county province state region district island capital borough municipality"
                 " kingdom republic"),
}
# Of these, the ones that make the place a city or town.
CITY_HEADS = _words("stadt gemeinde ort ortschaft dorf hauptstadt kreisstadt metropole großstadt kleinstadt "
                    "hafenstadt kommune city town village capital borough municipality")
# Settlement suffixes: a capitalised word without article ending like this is a town.
STRONG_PLACE_SUFFIXES = ("burg", "dorf", "hausen", "ingen", "furt", "hagen", "rode", "stedt", "büttel", "hofen",
                         "kirchen", "weiler", "heim", "brück", "brücken", "haven", "münde", "grad", "shire",
                         "chester", "borough", "burgh", "polis")
# Weaker: also surnames or nouns ("Goldberg", "Seitz", "Familienleben"), so only after a place preposition
# or in a list of places, and never against a noun ending.
WEAK_PLACE_SUFFIXES = ("berg", "ow", "itz", "witz", "bach", "stadt", "leben", "feld", "felde", "beck", "ville", "sk")
# Heads of compound nouns that are no towns even with a settlement suffix ("Altenheim", "Innenstadt").
NOT_PLACE_COMPOUNDS = ("altenheim", "pflegeheim", "kinderheim", "wohnheim", "heim", "stadt", "innenstadt",
                       "altstadt", "hauptstadt", "heimatstadt", "vorstadt", "dorf", "burg", "festung", "brücken",
                       "hofen", "kirchen")
# German nouns that follow a preposition without an article and are no places ("in Kraft", "nach Angaben").
PREP_NOUNS = _words("""
kraft frage gefahr zukunft sicherheit ordnung anwesenheit abwesenheit begleitung absprache vertretung
richtung form höhe zusammenarbeit verbindung anbetracht erwägung betracht bezug aussicht kürze eile ruhe
not haft bewegung teilen person folge summe wahrheit erinnerung präsenz vorbereitung reaktion sachen zeiten
zeit hause angaben ansicht sicht meinung auffassung schätzung schätzungen informationen berichten bedarf
anspruch rechnung kauf betrieb gang panik angst protest sorge wut trauer rente pension urlaub kürze
zahlen summen prozent milliarden millionen euro dollar franken jahren jahre monaten wochen tagen stunden
minuten sekunden anfang ende mitte beginn abschluss ablauf dauer zeitpunkt wirklichkeit realität
wahrheit zweifel ausnahme ausnahmen einzelfällen einzelfall regel grenzen maßen teil teilen hinsicht
abstimmung kooperation zusammenhang verbindung vorfeld vergleich gegensatz anlehnung analogie orientierung
zeitung zeitungen deutsch englisch französisch spanisch italienisch russisch türkisch arabisch chinesisch
betreff übersee art land stadt nord süd ost west norden süden osten westen holz glas gold silber eisen stahl
papier leder wolle seide beton ton marmor granit kupfer bronze plastik gummi öl gas strom wasser feuer luft
licht kunst sport acryl film bild text ton video runde überzahl unterzahl verruf gewahrsam baujahr brand
""")
# Heads of German compound nouns: a word ending like this is a common noun ("Sandstein", "Ruhestand").
NOUN_HEADS = ("stoff", "stein", "holz", "kraft", "haft", "stand", "dienst", "auftrag", "teig", "platz", "plätze",
              "zeug", "werk", "haus", "häuser", "raum", "räume", "bau", "weg", "mittel", "geld", "zeit", "recht",
              "gesetz", "markt", "preis", "preise", "wert", "spiel", "spiele", "vertrag", "betrieb", "handel",
              "verkehr", "schutz", "bereich", "material", "glas", "metall", "papier", "wasser", "öl", "gas", "strom",
              "sport", "fall", "fälle", "lage", "sache", "weise", "arbeit", "programm", "system", "projekt",
              "besitz", "größe", "getier", "gewahrsam", "sand", "form")
# Heads after a place adjective that make a place name: "Lübecker Bucht", "Thurauer Berg", "Krayer Platz".
GEO_HEADS = _words("bucht berg berge land tal see bach wald heide gebirge becken straße strasse platz allee "
                   "gasse ufer insel inseln kanal meer moor forst höhe neustadt altstadt vorstadt reich reiches "
                   "ozean ozeans küste wüste golf alpen meeres sees")
# Last words of event names: "US Open", "BMW International Open", "Davis Cup": no place, person or org.
EVENT_HEADS = _words("open championship championships masters cup games awards award trophy classic tour prix "
                     "marathon festival grand slam")
# Endings of German common nouns that are rarely place names.
NOUN_SUFFIXES = ("ung", "ungen", "heit", "keit", "schaft", "tion", "sion", "ität", "ismus", "nis", "tum", "ment",
                 "enz", "anz", "ur", "ik", "ler", "ner", "eur", "ling", "chen", "lein", "ei", "ie", "erei", "ungs",
                 "tät", "ness", "ity", "ance", "ence", "ism", "ist", "ers", "erin", "innen", "isten", "ern", "eln",
                 "mus", "ende", "ente", "enten", "ante", "anten")

# Suffix tokens of company names ("Sennestadt GmbH", "Acme Inc.").
ORG_SUFFIXES = _words("GmbH AG SE KG KGaA Inc Inc. Corp Corp. Corporation Ltd Ltd. LLC plc PLC Co. e.V. eG OHG "
                      "Holding Holdings Group Gruppe Limited S.A. S.p.A. SpA N.V. B.V. AB ASA")
# Heads before an organization's name: "FC Bayern", "Universität Tübingen", "University of Texas".
ORG_PREFIX_HEADS = _words("fc sc sv tsv vfb vfl tus spvgg fsv tsg bsc sg ssv asv esv universität uni hochschule "
                          "fachhochschule akademie stiftung verlag university college institute air")
# Nouns that name what kind of organization follows: "der Konzern Siemens", "oil giant BP".
ORG_APPOSITIONS = {
    "de": _words("konzern firma unternehmen hersteller sender zeitung blatt magazin verlag partei verein club "
                 "klub label agentur nachrichtenagentur bank versicherer kette fluggesellschaft airline "
                 "gewerkschaft zeitschrift suchmaschine musikgruppe autobauer autohersteller reederei behörde "
                 "energiekonzern ölkonzern chiphersteller softwarekonzern medienkonzern fernsehsender"),
    "en": _words("company firm carmaker automaker maker bank broadcaster newspaper magazine airline group party "
                 "club band label retailer insurer conglomerate giant network agency website channel publisher "
                 "manufacturer operator producer chain"),
}
# German compounds ending like these are such nouns too ("Stahlkonzerns", "TV-Sender").
ORG_APPOSITION_SUFFIXES = ("konzern", "konzerns", "konzerne", "sender", "senders", "zeitung", "blatt", "blattes",
                           "magazin", "magazins", "verlag", "verlags", "hersteller", "herstellers", "agentur",
                           "partei", "verein", "vereins", "unternehmen", "unternehmens", "gesellschaft", "label",
                           "bank", "behörde", "gruppe", "reederei", "firma", "anbieter", "betreiber", "versorger",
                           "dienstleister", "polizei", "ligist", "ligisten")
# Last words of multi-word organization names: "Deutsche Bank", "Evangelische Kirche", "New York Times".
ORG_NAME_HEADS = _words("""
bank bahn post telekom kirche partei union zentralbank gesellschaft verband vereinigung akademie universität
hochschule stiftung bund rundfunk zeitung presse agentur kommission versammlung gewerkschaft institut
sparkasse versicherung werke polizei gerichtshof rat liga allianz front bewegung
times post journal herald tribune news telegraph guardian gazette daily magazine press university college
institute bank group party council union association foundation society company corporation airlines
airways motors industries church league agency committee commission department ministry service network
authority project fund center centre school hospital bureau administration services corps army navy police
energy petroleum oil resources eisenbahngesellschaft landesbank nationalfonds
""")
# The German ones, for names in German text ("Science Center" there is no name).
ORG_NAME_HEADS_DE = _words("""
bank bahn post telekom kirche partei union zentralbank gesellschaft verband vereinigung akademie universität
hochschule stiftung bund rundfunk zeitung presse agentur kommission versammlung gewerkschaft institut
sparkasse versicherung werke polizei gerichtshof rat liga allianz front bewegung eisenbahngesellschaft
landesbank nationalfonds
""")
# Last words of multi-word place names: "Washington State", "Golf von Mexiko" has its head first.
PLACE_NAME_HEADS = _words("state county city bay river island islands valley mountains street square airport "
                          "beach lake sea gulf coast park province district straße platz see meer bucht gebirge")
# Heads before "von"/"of" that make the whole a place or organization name.
OF_PLACE_HEADS = _words("golf gulf bay bucht straße strait meerenge isle insel kingdom königreich republic republik "
                        "sea meer lake")
OF_ORG_HEADS = _words("bank university universität college institute museum church kirche council rat "
                      "department ministry")
# German institutions named by one compound: "Bundestag", "Bundeswehr", "Bundesverfassungsgericht".
INSTITUTION_PREFIXES = ("bundes", "landes", "reichs")
INSTITUTION_HEADS = ("tag", "rat", "wehr", "bank", "gericht", "gerichtshof", "kriminalamt", "kartellamt",
                     "netzagentur", "anwaltschaft")
# Generic institution nouns that are a name only with "für …": "Bundesamt für Statistik".
INSTITUTION_FOR = ("amt", "ministerium", "agentur", "anstalt", "institut", "zentrale", "behörde", "gesellschaft",
                   "verband", "verein", "stiftung", "zentrum", "akademie", "bund", "kommission", "komitee",
                   "initiative", "büro")
# All-caps words of two to five letters that are no organizations.
NOT_ACRONYMS = _words("""
cd dvd tv pc wm em ice dax bip ki it gps sms ps kw mw km kg usb pdf hiv aids dna rna uv ok ob mdb mdl ii iii iv
vi vii viii ix xi xii xiii xiv xv xx ceo cfo coo phd mba ad bc am pm gmbh ag se kg eu us uk usa nato un
tv pr nr st dr mr ms co ltd inc plc mp mps gdp ufo ol bmi faq ip id url www html
iq vip suv lkw pkw ggf bzw usw evtl ca vs op oz lb mph kmh dj nein ja cpu gpu ram rom sdram dram rdram ssd hdd
lcd led ekg eeg mrt ct adhs bse sars usd eur chf gbp jpy cny rub isbn issn pin tan atm abs esp ssri mp3 fc sc sv
tsv vfb vfl tus fsv tsg bsc sg ssv asv esv ac fk nr hrsg
""")
# Capitalised words that never continue or start a name ("Die", "Nach" at a broken sentence start).
NOT_NAME_WORDS = _words("""
januar februar märz april mai juni juli august september oktober november dezember january february march
may june july october december montag dienstag mittwoch donnerstag freitag samstag sonntag monday tuesday
wednesday thursday friday saturday sunday ende anfang mitte league council party bank group association
university club company corp inc cup fußball fussball liga verband verein partei regierung ministerium rat
kommission euro dollar prozent uhr jahr jahre jahren the of and for nord süd ost west nordost nordwest südost
südwest saint st sankt san santa
""")
