"""Real Finnish postcodes with their post town and region (maakunta), for demo data.

The weight says how often the demo places a person there (roughly by population).
"""

from __future__ import annotations

# (postcode, post town, maakunta, weight)
POSTCODES: tuple[tuple[str, str, str, int], ...] = (
    ("00100", "Helsinki", "Uusimaa", 6), ("00180", "Helsinki", "Uusimaa", 4), ("00500", "Helsinki", "Uusimaa", 5),
    ("00530", "Helsinki", "Uusimaa", 3), ("00700", "Helsinki", "Uusimaa", 3), ("00900", "Helsinki", "Uusimaa", 3),
    ("02100", "Espoo", "Uusimaa", 4), ("02600", "Espoo", "Uusimaa", 3), ("01300", "Vantaa", "Uusimaa", 3),
    ("01600", "Vantaa", "Uusimaa", 2), ("04400", "Järvenpää", "Uusimaa", 1), ("05800", "Hyvinkää", "Uusimaa", 1),
    ("08100", "Lohja", "Uusimaa", 1), ("06100", "Porvoo", "Uusimaa", 1), ("04200", "Kerava", "Uusimaa", 1),
    ("20100", "Turku", "Varsinais-Suomi", 3), ("20500", "Turku", "Varsinais-Suomi", 2),
    ("21200", "Raisio", "Varsinais-Suomi", 1), ("24100", "Salo", "Varsinais-Suomi", 1),
    ("23500", "Uusikaupunki", "Varsinais-Suomi", 1), ("28100", "Pori", "Satakunta", 2),
    ("26100", "Rauma", "Satakunta", 1), ("13100", "Hämeenlinna", "Kanta-Häme", 2),
    ("11100", "Riihimäki", "Kanta-Häme", 1), ("30100", "Forssa", "Kanta-Häme", 1),
    ("33100", "Tampere", "Pirkanmaa", 4), ("33500", "Tampere", "Pirkanmaa", 2), ("33400", "Tampere", "Pirkanmaa", 2),
    ("37600", "Valkeakoski", "Pirkanmaa", 1), ("33470", "Ylöjärvi", "Pirkanmaa", 1),
    ("15100", "Lahti", "Päijät-Häme", 2), ("15140", "Lahti", "Päijät-Häme", 1),
    ("16300", "Orimattila", "Päijät-Häme", 1), ("45100", "Kouvola", "Kymenlaakso", 1),
    ("48100", "Kotka", "Kymenlaakso", 1), ("49400", "Hamina", "Kymenlaakso", 1),
    ("53100", "Lappeenranta", "Etelä-Karjala", 2), ("55100", "Imatra", "Etelä-Karjala", 1),
    ("50100", "Mikkeli", "Etelä-Savo", 1), ("57100", "Savonlinna", "Etelä-Savo", 1),
    ("70100", "Kuopio", "Pohjois-Savo", 2), ("74100", "Iisalmi", "Pohjois-Savo", 1),
    ("78200", "Varkaus", "Pohjois-Savo", 1), ("80100", "Joensuu", "Pohjois-Karjala", 2),
    ("80400", "Ylämylly", "Pohjois-Karjala", 1), ("82500", "Kitee", "Pohjois-Karjala", 1),
    ("40100", "Jyväskylä", "Keski-Suomi", 2), ("40320", "Jyväskylä", "Keski-Suomi", 1),
    ("44100", "Äänekoski", "Keski-Suomi", 1), ("60100", "Seinäjoki", "Etelä-Pohjanmaa", 2),
    ("62100", "Lapua", "Etelä-Pohjanmaa", 1), ("65100", "Vaasa", "Pohjanmaa", 2),
    ("68600", "Pietarsaari", "Pohjanmaa", 1), ("67100", "Kokkola", "Keski-Pohjanmaa", 1),
    ("90100", "Oulu", "Pohjois-Pohjanmaa", 3), ("90500", "Oulu", "Pohjois-Pohjanmaa", 1),
    ("92100", "Raahe", "Pohjois-Pohjanmaa", 1), ("84100", "Ylivieska", "Pohjois-Pohjanmaa", 1),
    ("87100", "Kajaani", "Kainuu", 1), ("96100", "Rovaniemi", "Lappi", 1), ("94100", "Kemi", "Lappi", 1),
    ("95400", "Tornio", "Lappi", 1), ("22100", "Maarianhamina", "Ahvenanmaa", 1),
)


def weighted_postcodes() -> list[tuple[str, str, str]]:
    """The postcode list with each entry repeated by its weight (a pool to pick from uniformly)."""
    return [(code, town, region) for code, town, region, weight in POSTCODES for _ in range(weight)]
