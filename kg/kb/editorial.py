"""Editorial alias tables: names in common news use that no bundled source lists.

Aliases only, never QIDs: countries are keyed by ISO code, everything else by its English label
in the reference tables; tests/test_kb.py checks that every key still names an entity.
Each value is (language-neutral, German, English) aliases.
"""

from __future__ import annotations

__all__ = ["COUNTRY_ALIASES", "PLACE_ALIASES", "ORG_ALIASES", "PERSON_ALIASES", "SURNAME_OVERRIDES",
           "SURNAME_STOPLIST", "CASE_VARIANT_STOPLIST", "COUNTRY_OVERRIDES", "Aliases"]

Aliases = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

COUNTRY_ALIASES: dict[str, Aliases] = {
    "US": (("USA", "US", "U.S.", "U.S.A."), ("Vereinigte Staaten von Amerika",),
           ("America", "United States")),
    "GB": (("UK", "U.K."), ("Großbritannien", "Britannien"), ("Britain", "Great Britain")),
    "RU": ((), ("Russische Föderation",), ()),
    "DE": (("BRD",), ("Bundesrepublik Deutschland", "Bundesrepublik"), ()),
    "CN": ((), ("VR China",), ("PRC",)),
    "KP": (("DPRK",), ("Demokratische Volksrepublik Korea",), ()),
    "KR": ((), ("Republik Korea",), ()),
    "BY": ((), ("Weißrussland",), ()),
    "NL": ((), ("Holland",), ("Holland",)),
    "MM": ((), ("Birma", "Burma"), ("Burma",)),
    "CD": ((), ("DR Kongo", "Kongo"), ("DR Congo", "DRC", "Congo")),
    "CG": ((), ("Kongo",), ("Congo",)),
    "AE": ((), ("VAE", "Emirate"), ("UAE", "Emirates")),
    "SA": ((), ("Saudiarabien",), ()),
    "CZ": ((), ("Tschechische Republik",), ()),
    "MK": ((), ("Mazedonien",), ("Macedonia",)),
    "SZ": ((), ("Swasiland",), ("Swaziland",)),
    "TR": (("Türkiye",), (), ()),
    "CI": ((), ("Côte d'Ivoire",), ("Côte d'Ivoire",)),
    "VA": ((), ("Vatikan",), ("Vatican",)),
    "PS": ((), ("Palästinensergebiete", "Palästinensische Gebiete"), ("Palestinian territories",)),
    "CV": ((), ("Cabo Verde",), ("Cabo Verde",)),
    "MD": ((), ("Moldau", "Moldawien", "Moldova"), ()),
    "BA": ((), ("Bosnien-Herzegowina", "Bosnien"), ("Bosnia",)),
    "CY": ((), ("Zypern",), ()),
    "TW": ((), ("Taiwan",), ("Republic of China",)),
    "IR": ((), ("Islamische Republik Iran",), ()),
}

# English label in places.tsv
PLACE_ALIASES: dict[str, Aliases] = {
    "Kyiv": ((), ("Kyjiw",), ("Kiev",)),
    "Kharkiv": ((), ("Charkow",), ("Kharkov",)),
    "Odesa": (("Odessa",), (), ()),
    "Lviv": ((), ("Lemberg",), ("Lvov",)),
    "Zaporizhzhia": ((), ("Saporischja",), ("Zaporizhzhya", "Zaporozhye")),
    "Mykolaiv": ((), ("Nikolajew",), ("Nikolaev",)),
    "Washington, D.C.": (("Washington",), (), ("Washington DC",)),
    "New York City": (("New York",), (), ()),
    "Tel Aviv-Yafo": (("Tel Aviv",), (), ()),
    "Saint Petersburg": ((), ("St. Petersburg", "Petersburg"), ("St Petersburg", "St. Petersburg")),
    "Gaza City": ((), ("Gaza-Stadt",), ()),
    "Yangon": ((), (), ("Rangoon",)),
    "Chișinău": (("Chisinau",), ("Kischinau",), ()),
    "Sukhumi": ((), ("Suchumi",), ()),
    "Frankfurt": (("Frankfurt",), (), ()),
    "Crimea": ((), ("Halbinsel Krim",), ("Crimean Peninsula",)),
    "Middle East": ((), ("Nahost", "Mittlerer Osten"), ()),
    "Balkans": ((), ("Westbalkan",), ()),
}

# English label in places.tsv -> ISO code of the country the KB records instead of the table's.
# Crimea's cities: places.tsv follows Natural Earth (Russia); the KB follows the Crimea rows of
# the same table, international law and German usage (Ukraine).  See docs/kb.md.
COUNTRY_OVERRIDES: dict[str, str] = {
    "Sevastopol": "UA",
    "Simferopol": "UA",
    "Yalta": "UA",
}

# English label in organizations.tsv
ORG_ALIASES: dict[str, Aliases] = {
    "United Nations": (("Uno",), (), ()),
    "United Nations Security Council": ((), ("Uno-Sicherheitsrat", "UNO-Sicherheitsrat", "Sicherheitsrat"),
                                        ("Security Council",)),
    "United Nations General Assembly": ((), ("Uno-Vollversammlung", "UNO-Vollversammlung",
                                             "Uno-Generalversammlung"), ()),
    "United Nations Human Rights Council": ((), ("Uno-Menschenrechtsrat",), ()),
    "International Atomic Energy Agency": ((), ("Internationale Atomenergiebehörde",
                                                "Internationale Atomenergieagentur"), ()),
    "International Criminal Court": ((), ("Weltstrafgericht",), ()),
    "Organization for Security and Co-operation in Europe": (
        (), (), ("Organization for Security and Cooperation in Europe",)),
    "Organisation for Economic Co-operation and Development": (
        (), (), ("Organisation for Economic Cooperation and Development",
                 "Organization for Economic Co-operation and Development")),
    "Shanghai Cooperation Organisation": ((), (), ("Shanghai Cooperation Organization",)),
    "G7": (("G-7",), ("G7-Staaten",), ()),
    "G20": (("G-20",), ("G20-Staaten",), ()),
    "Alliance 90/The Greens": ((), ("Grünen",), ("Greens",)),
    "The Left": ((), ("Linken",), ()),
    "Servant of the People": ((), ("Diener des Volkes",), ()),
    "Chinese Communist Party": ((), ("KP Chinas",), ("Communist Party of China",)),
    "Office of the United Nations High Commissioner for Refugees": (
        (), ("Uno-Flüchtlingshilfswerk", "UNO-Flüchtlingshilfswerk"), ()),
    "World Health Organization": ((), (), ("World Health Organisation",)),
    "European Union": ((), (), ("E.U.",)),
}

# Name in office_holders.tsv
PERSON_ALIASES: dict[str, Aliases] = {
    "Joe Biden": (("Joseph R. Biden", "Joseph Biden", "Joseph R. Biden Jr."), (), ()),
    "Donald Trump": (("Donald J. Trump",), (), ()),
    "Volodymyr Zelenskyy": (("Selenskyj", "Zelensky"), ("Wolodymyr Selenskyj", "Selenski"),
                            ("Volodymyr Zelensky", "Zelenskiy")),
    "Sergey Lavrov": ((), (), ("Sergei Lavrov",)),
    "Mikhail Mishustin": ((), (), ("Mikhail Mishoustine",)),
    "Denys Shmyhal": ((), ("Denys Schmyhal", "Schmyhal"), ()),
    "Andrii Sybiha": ((), ("Andrij Sybiha",), ("Andriy Sybiha",)),
    "Mohammed bin Salman": (("MBS",), (), ()),
    "Luiz Inácio Lula da Silva": (("Lula da Silva",), (), ()),
    "Andrés Manuel López Obrador": (("AMLO",), (), ()),
    "Joko Widodo": (("Jokowi",), (), ()),
    "Antony Blinken": (("Antony J. Blinken", "Tony Blinken"), (), ()),
    "Mike Pompeo": (("Michael R. Pompeo", "Michael Pompeo"), (), ()),
    "Charles III": ((), ("König Charles", "König Charles III."), ("King Charles", "King Charles III")),
    "Elizabeth II": ((), ("Königin Elizabeth", "Elisabeth II."), ("Queen Elizabeth", "Queen Elizabeth II")),
    "Willem-Alexander of the Netherlands": (("Willem-Alexander",), (), ()),
    "Philippe of Belgium": ((), ("König Philippe",), ("King Philippe",)),
    "Salman of Saudi Arabia": ((), ("König Salman",), ("King Salman",)),
    "Henri, Grand Duke of Luxembourg": ((), ("Großherzog Henri",), ("Grand Duke Henri",)),
    "Ali Khamenei": ((), ("Ali Chamenei", "Chamenei"), ("Ayatollah Khamenei",)),
    "Masoud Pezeshkian": ((), ("Massud Peseschkian", "Peseschkian"), ()),
    "Abbas Araghchi": ((), ("Abbas Araghtschi", "Araghtschi"), ()),
    "Benjamin Netanyahu": (("Bibi Netanyahu",), ("Benjamin Netanjahu", "Netanjahu"), ()),
    "Abdel Fattah el-Sisi": (("Abdel Fattah al-Sisi", "al-Sisi", "al-Sissi"), (), ()),
    "Gideon Sa'ar": (("Gideon Saar",), (), ()),
    "S. Jaishankar": (("Subrahmanyam Jaishankar",), (), ()),
    "Ursula von der Leyen": (("Von der Leyen",), (), ()),
}

# Name in office_holders.tsv: the short form news use where the rule (last name, particles
# kept: "von der Leyen") gets it wrong; None means the person goes by no surname alone.
SURNAME_OVERRIDES: dict[str, str | None] = {
    "Luiz Inácio Lula da Silva": "Lula",
    "Andrés Manuel López Obrador": "López Obrador",
    "Tedros Adhanom Ghebreyesus": "Tedros",
    "Prabowo Subianto": "Prabowo",
    "Marcelo Rebelo de Sousa": "Rebelo de Sousa",
    "Espen Barth Eide": "Barth Eide",
    "Hanke Bruins Slot": "Bruins Slot",
    "Nataša Pirc Musar": "Pirc Musar",
    "Myriam Spiteri Debono": "Spiteri Debono",
    "Augusto Santos Silva": "Santos Silva",
    "Szymon Szynkowski vel Sęk": "Szynkowski vel Sęk",
    "Maria Malmer Stenergard": "Malmer Stenergard",
    "Faisal bin Farhan Al Saud": "bin Farhan",
    "Carlos Alberto Franco França": "França",
    "Lars Løkke Rasmussen": "Løkke Rasmussen",
}

# Surnames that are everyday words or very common names in German or English text: a bare
# "May", "Park" or "Frieden" must not become a mention of a KB person.
SURNAME_STOPLIST = frozenset({
    "May", "Moon", "Park", "Frieden", "Herzog", "Slot", "Cleverly", "Meta", "Mohammed", "Francis",
    "Martin", "Linde", "Maas", "Ader", "Salam", "Costa", "Silva", "Kim", "Han", "Li", "Wang", "Lee",
    "Cho", "Choi", "Chung", "Borg", "Harris", "Gabriel",
})

# All-caps acronyms whose title-case spelling is an everyday word ("SHAPE" -> "Shape").
CASE_VARIANT_STOPLIST = frozenset({"SHAPE", "FATF"})
