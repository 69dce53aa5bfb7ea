#!/usr/bin/env python3
"""sort_order.py ACTIONS.json ITEMS.json SORT — the item refs the dashboard should show,
upper pane then lower, when sorted by SORT (due, late, owner): each item stands where its
first action stands in the actions sorted that way, ties in plan order (core/query.h)."""
import json
import sys

actions = json.load(open(sys.argv[1]))
items = json.load(open(sys.argv[2]))
sort = sys.argv[3]


def key(i_a):
    i, a = i_a
    if sort == "due":
        return (a["due"] is None, a["due"] or "", i)
    if sort == "late":
        return (not a["overdue"], a["due"] is None, a["due"] or "", i)
    owner = a["owners"][0] if a["owners"] else None
    return (owner is None, (owner or "").lower(), i)


rank = {}
for _, a in sorted(enumerate(actions), key=key):
    rank.setdefault(a["item_ref"], len(rank))
upper = items[0]["category"]  # the plan's first category fills the upper pane
panes = [[i["ref"] for i in items if i["category"] == upper],
         [i["ref"] for i in items if i["category"] != upper]]
print(" ".join(r for p in panes for r in sorted(p, key=lambda r: rank.get(r, len(rank)))))
