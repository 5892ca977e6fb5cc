#!/usr/bin/env python3
"""Writes Sources/AnjuCore/Resources/holidays.txt: China's statutory holidays and make-up
working days (调休) for the years below, from the State Council's yearly notices
(国务院办公厅关于某年部分节假日安排的通知) as collected in the PyPI package chinesecalendar.

    pip install chinesecalendar==1.11.0 && python3 scripts/gen_holidays.py

Run it again, with the years extended, once the State Council publishes the next year's
arrangement (each November); `anju` warns when a 公示 falls past the last year here.
"""
import datetime
import os
import sys

import chinese_calendar
from chinese_calendar import constants

YEARS = range(2024, 2027)
OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "AnjuCore", "Resources", "holidays.txt")

NAMES = {h.value: h.chinese for h in constants.Holiday}


def main():
    rows = []
    for day, name in constants.holidays.items():
        if day.year in YEARS:
            rows.append((day, "休", NAMES.get(name, name)))
    for day, name in constants.workdays.items():
        if day.year in YEARS:
            rows.append((day, "班", NAMES.get(name, name)))
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# China's statutory holidays (休) and make-up working days (班, 调休), {YEARS[0]}-{YEARS[-1]}.\n")
        f.write("# Source: the State Council's yearly notices on holiday arrangements, as collected by the\n")
        f.write(f"# PyPI package chinesecalendar {chinese_calendar.__version__}; written by scripts/gen_holidays.py.\n")
        f.write(f"years {YEARS[0]} {YEARS[-1]}\n")
        for day, kind, name in rows:
            f.write(f"{day.isoformat()} {kind} {name}\n")
    print(f"{len(rows)} days → {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
