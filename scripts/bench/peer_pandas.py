#!/usr/bin/python3
"""Peer for the benchmark: the same group sums as Avstem's tables, in pandas, from the
same CSV files (semicolon-separated, Norwegian decimals), as floats and without any of
Avstem's checks. Run with Debian's python (apt-get install python3-pandas):

    /usr/bin/python3 scripts/bench/peer_pandas.py <dir with Regnskap.csv, Budsjett.csv> [report year]

Prints one JSON line: lines read, seconds spent, peak RSS, and a few sums.
"""
import json
import os
import resource
import sys
import time


def peak_rss():
    """Peak resident memory in bytes: VmHWM, since ru_maxrss keeps the parent's size across fork and exec (peak-rss.js)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402  (import time is part of the measured run, as node's start-up is for Avstem)

folder = sys.argv[1]
year = int(sys.argv[2]) if len(sys.argv) > 2 else 2024


def group_of(art3):
    # 000-099 → 0, 100-299 → 1, 300-399 → 2 … 900-999 → 8
    a = art3.to_numpy()
    return np.where(a < 100, 0, np.where(a < 300, 1, a // 100 - 1))


read = dict(sep=";", decimal=",", thousands=" ", encoding="utf-8")
ledger = pd.read_csv(os.path.join(folder, "Regnskap.csv"), dtype={"Art": str, "Prosjekt": str, "Del": str}, usecols=["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp"], **read)
ledger = ledger[ledger["År"].isin([year, year - 1]) & (ledger["Kapittel"] == ledger["Kapittel"].mode()[0])]
ledger["gruppe"] = group_of(ledger["Art"].str.slice(0, 3).astype("int64"))
ledger["Del"] = ledger["Del"].fillna("Drift")
# Tables 3.1 / 3.3: sums per part, artsgruppe and year.
by_group = ledger.groupby(["Del", "gruppe", "År"], sort=True)["Beløp"].sum()
# Table 3.4.1: investment cost (artsgrupper 0–4) of the report year per project, and per parent project.
inv = ledger[(ledger["Del"] == "Investering") & (ledger["År"] == year) & (ledger["gruppe"] <= 4) & ledger["Prosjekt"].notna()]
by_project = inv.groupby("Prosjekt")["Beløp"].sum()
by_parent = inv.groupby(inv["Prosjekt"].str.slice(0, 6))["Beløp"].sum()

budget = pd.read_csv(os.path.join(folder, "Budsjett.csv"), dtype={"Art": str, "Prosjekt": str}, **read)
budget["gruppe"] = group_of(budget["Art"].str.slice(0, 3).astype("int64"))
budget_by_group = budget.groupby(["Del", "gruppe"])[["Dok. 3", "Regulert budsjett"]].sum()
budget_by_project = budget[budget["Prosjekt"].notna()].groupby("Prosjekt")[["Dok. 3", "Regulert budsjett"]].sum()
project_table = pd.concat([budget_by_project, by_project.rename("Regnskap")], axis=1).fillna(0.0)
project_table["Avvik"] = project_table["Regulert budsjett"] - project_table["Regnskap"]

seconds = time.perf_counter() - t0
print(
    json.dumps(
        {
            "lines": int(len(ledger)),
            "seconds": seconds,
            "maxRSS": peak_rss(),
            "cpuSeconds": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
            "groups": int(len(by_group)),
            "projects": int(len(project_table)),
            "parents": int(len(by_parent)),
            "budgetGroups": int(len(budget_by_group)),
            "nettoDrift": float(by_group.loc["Drift"].xs(year, level="År").sum()),
        }
    )
)
