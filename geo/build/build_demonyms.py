"""Add the demonyms of the countries geo/demonyms.csv has none for, from the PyPI package
``countryinfo`` 0.1.2 (MIT; its country data follow mledoze/countries and REST Countries).

    pip install countryinfo==0.1.2 && python geo/build/build_demonyms.py

Rows written for mapview are kept as they are; a row added here says ``countryinfo 0.1.2`` in its
``source``. A form is left out where it is the country's own name ("Djibouti"), or where another
country already has it ("French" for Réunion, "Chinese" for Hong Kong, "Dominican" for Dominica):
news means the bigger country by it.
"""
from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "demonyms.csv"
SOURCE = "countryinfo 0.1.2"


def main() -> None:
    with open(OUT, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["source"] = row.get("source") or "mapview"
    rows = [r for r in rows if r["source"] != SOURCE]  # rebuilt each time
    known = {f for r in rows for f in r["forms"].split("|")}
    codes = {r["country_code"] for r in rows}
    added: dict[str, list[str]] = {}
    data = resources.files("countryinfo") / "data"
    for path in sorted(data.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        d = json.loads(path.read_text(encoding="utf-8"))
        code = (d.get("ISO") or {}).get("alpha2", "")
        if not code or code in codes:
            continue
        forms = [f.strip() for f in (d.get("demonym") or "").split(",") if f.strip()]
        # "Kittian and Nevisian" is two; "Wallis and Futuna Islander" is one
        forms = [g for f in forms for g in (f.split(" and ") if re.fullmatch(r"\S+ and \S+", f) else [f])]
        names = {d.get("name", "").lower(), *(a.lower() for a in d.get("altSpellings") or [])}
        forms = [f for f in forms if f not in known and f.lower() not in names]
        if forms:
            added.setdefault(code, []).extend(forms)
    for code, forms in sorted(added.items()):
        rows.append({"country_code": code, "forms": "|".join(dict.fromkeys(forms)), "source": SOURCE})
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["country_code", "forms", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT}: {len(added)} countries added from {SOURCE}")


if __name__ == "__main__":
    main()
