#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Derives the small per-country, per-year figures Nansen ships for its country pages
from UNHCR's Refugee Population Statistics (CC BY 4.0), as exported for Central Asia
(the unhcr_population_central_asia.csv and unhcr_solutions_central_asia.csv tables).

Writes share/data/statistics/unhcr_central_asia.csv with the columns
  country,year,stateless,refugees,asylum_seekers,naturalisations
where each figure is the sum over all countries of origin for the country of asylum
(`coa_iso`), end of year; an empty cell means UNHCR has no figure for that year.
The output is committed, so `make demo` needs neither the exports nor this script.

Usage: scripts/derive-unhcr-statistics.py SOURCE_DIR [OUT_FILE]
"""
import csv
import os
import sys

COUNTRIES = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
FIRST_YEAR = 2000


def add(totals, key, column, raw):
    if raw is None or raw.strip() == "":
        return
    totals.setdefault(key, {}).setdefault(column, 0)
    totals[key][column] += int(float(raw))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) < 2:
        sys.exit("usage: derive-unhcr-statistics.py SOURCE_DIR [OUT_FILE]: SOURCE_DIR holds UNHCR's CSV exports")
    source = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "share", "data", "statistics", "unhcr_central_asia.csv")
    totals = {}
    with open(os.path.join(source, "unhcr_population_central_asia.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["coa_iso"] not in COUNTRIES or int(row["year"]) < FIRST_YEAR:
                continue
            key = (row["coa_iso"], int(row["year"]))
            add(totals, key, "stateless", row["stateless"])
            add(totals, key, "refugees", row["refugees"])
            add(totals, key, "asylum_seekers", row["asylum_seekers"])
    with open(os.path.join(source, "unhcr_solutions_central_asia.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["coa_iso"] not in COUNTRIES or int(row["year"]) < FIRST_YEAR:
                continue
            add(totals, (row["coa_iso"], int(row["year"])), "naturalisations", row["naturalisation"])
    columns = ["stateless", "refugees", "asylum_seekers", "naturalisations"]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "year"] + columns)
        for (country, year) in sorted(totals):
            w.writerow([country, year] + [totals[(country, year)].get(c, "") for c in columns])
    print(f"wrote {out}: {len(totals)} country-years")


if __name__ == "__main__":
    main()
