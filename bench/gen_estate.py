#!/usr/bin/env python3
"""Writes a synthetic configuration the size of the whole prison estate.

usage: gen_estate.py DIR [ESTABLISHMENTS] [CYCLES] [ITEMS] [ACTIONS-PER-ITEM]
Defaults: 120 establishments x 3 cycles x 40 items x 7 actions = 100,800 actions.
The texts are real sentences from the bundled plans, so that widths and search behave
as they do on real data.
"""
import os
import random
import sys

out = sys.argv[1]
n_est, n_cyc, n_items, n_act = (int(a) for a in (sys.argv[2:] + ["120", "3", "40", "7"][len(sys.argv) - 2:]))
random.seed(7)
sentences = [
    "The availability of illicit drugs was too high.",
    "HMPPS are investing £3.8 billion to deliver 20,000 new, uncrowded prison places.",
    "Workshop instructors will be trained to support the 'This is ME' learning corners.",
    "Monthly Inter-departmental Risk Management Team meetings were implemented • with full attendance.",
    "The pay policy for prisoners has been reviewed with an outcome of fairness for all.",
]
owners = ["Governor", "Head of Residence", "Head of Security", "Head of Reducing Reoffending",
          "Head of Healthcare", "Head of Education", "HMPPS", "NHS England"]
targets = ["March 2023", "Completed", "Ongoing", "June 2024", "12/05/2025", "Ongoing, to be completed by 2024/2025", ""]
os.makedirs(f"{out}/establishments", exist_ok=True)
os.makedirs(f"{out}/plans", exist_ok=True)
with open(f"{out}/actionboard.yaml", "w") as f:
    f.write("establishments: [establishments/*.yaml]\nplans: [plans/*.yaml]\nowners:\n")
    for o in owners:
        f.write(f'  - name: "{o}"\n    aliases: []\n')
for e in range(n_est):
    code = f"E{e:03d}"
    with open(f"{out}/establishments/{code}.yaml", "w") as f:
        f.write(f'code: {code}\nname: "HMP Example {e}"\n')
    for c in range(n_cyc):
        year = 2016 + 3 * c
        scheme = "recommendations" if year < 2022 else "concerns"
        with open(f"{out}/plans/{code}-{year}.yaml", "w") as f:
            f.write(f'establishment: {code}\ncycle: "{year}-06"\nscheme: {scheme}\n')
            f.write(f"inspection:\n  - {{from: {year}-06-01, to: {year}-06-10}}\nitems:\n")
            for i in range(n_items):
                ref = f"{1 + i // 20}.{i % 20 + 1}"
                cat = "priority" if i < 4 else "key" if i < 15 else "general"
                if scheme == "concerns" and cat == "general":
                    cat = "key"
                f.write(f'  - ref: "{ref}"\n')
                if scheme == "recommendations":
                    f.write(f"    seq: {i + 1}\n")
                f.write(f"    category: {cat}\n")
                if scheme == "recommendations":
                    f.write("    agreement: agreed\n")
                f.write(f'    text: "{random.choice(sentences)}"\n    actions:\n')
                for a in range(n_act):
                    own = random.sample(owners, random.choice([1, 1, 1, 2]))
                    f.write(f'      - id: "{ref}.{a + 1}"\n        text: "{random.choice(sentences)} {a}"\n')
                    f.write(f"        owners: [{', '.join(repr(o).replace(chr(39), chr(34)) for o in own)}]\n")
                    f.write(f'        target: "{random.choice(targets)}"\n')
print(f"{n_est * n_cyc} plans, {n_est * n_cyc * n_items * n_act} actions in {out}")
