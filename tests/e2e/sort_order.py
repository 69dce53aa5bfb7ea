#!/usr/bin/env python3
"""sort_order.py ACTIONS.json ITEMS.json SORT — the item refs the dashboard should show,
upper pane then lower, when sorted by SORT (due, late, owner), as `list --items --sort`
orders them (core/query.h): by due date, an item by its earliest open action, none last;
by days late, items with an overdue action first, then as by due date; items have no
owner, so by owner they keep the plan's order. Ties keep plan order."""
import json
import sys

actions = json.load(open(sys.argv[1]))
items = json.load(open(sys.argv[2]))
sort = sys.argv[3]

open_due, late = {}, set()
for a in actions:
    if a["status"] in ("completed", "cancelled"):
        continue
    if a["due"] and (a["item_ref"] not in open_due or a["due"] < open_due[a["item_ref"]]):
        open_due[a["item_ref"]] = a["due"]
    if a["overdue"]:
        late.add(a["item_ref"])


def key(pos_ref):
    pos, ref = pos_ref
    due = open_due.get(ref)
    if sort == "due":
        return (due is None, due or "", pos)
    if sort == "late":
        return (ref not in late, due is None, due or "", pos)
    return (pos,)


upper = items[0]["category"]  # the plan's first category fills the upper pane
panes = [[i["ref"] for i in items if i["category"] == upper],
         [i["ref"] for i in items if i["category"] != upper]]
print(" ".join(r for p in panes for _, r in sorted(enumerate(p), key=key)))
