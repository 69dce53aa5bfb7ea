#!/usr/bin/python3
"""Imports a seed and compares the result with the curated plan, item by item (TAP).

usage: compare.py ACTIONBOARD SEED CURATED.yaml SETTINGS.yaml

Checks: the YAML parses with python3's yaml (a reader independent of libyaml's use in
actionboard), refs in order, seq, category, directed_to, agreement, agreement_note,
repeated_from, owners and targets per item (multisets, owners canonical after alias
folding), owners and target per action, each action's text >= 95% similar to the curated
one (difflib), then `check` and `sync` on a settings tree holding the imported plan give
the same items and actions as the bundled plan.
"""
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

AB, SEED, CURATED, SETTINGS = sys.argv[1:5]
MIN_RATIO = 0.95
n = 0
failed = 0


def tap(ok, name, *diag):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(("ok" if ok else "not ok"), n, "-", name)
    if not ok:
        for d in diag:
            print("#  ", d)


def fold(settings):
    """alias or name -> canonical name, from the settings file."""
    m = {}
    for o in settings.get("owners") or []:
        m[o["name"]] = o["name"]
        for a in o.get("aliases") or []:
            m[a] = o["name"]
    return m


settings = yaml.safe_load(open(SETTINGS))
canon = fold(settings)
want = yaml.safe_load(open(CURATED))
env = dict(os.environ, ACTIONBOARD_TODAY="2026-11-23")
p = subprocess.run([AB, "--config", SETTINGS, "import", SEED], capture_output=True, env=env)
tap(p.returncode == 0, "import exits 0", p.stderr.decode(errors="replace")[-2000:])
text = p.stdout.decode()
try:
    got = yaml.safe_load(text)
    tap(isinstance(got, dict), "python3's yaml reads the imported plan")
except yaml.YAMLError as e:
    tap(False, "python3's yaml reads the imported plan", str(e))
    got = {}
warnings = [l for l in p.stderr.decode().splitlines() if ": warning: " in l]
tap(all(l.startswith(SEED + ":") for l in warnings), "warnings are FILE:LINE: warning: ...", *warnings[:3])

for key in ("establishment", "cycle", "scheme", "inspection", "report_published", "plan_submitted"):
    tap(got.get(key) == want.get(key), f"plan {key}", f"got:  {got.get(key)!r}", f"want: {want.get(key)!r}")

gi, wi = got.get("items") or [], want.get("items") or []
tap([i["ref"] for i in gi] == [i["ref"] for i in wi], "refs in order",
    f"got:  {[i['ref'] for i in gi]}", f"want: {[i['ref'] for i in wi]}")

min_ratio, worst = 1.0, ""
by_ref = {i["ref"]: i for i in gi}
for w in wi:
    g = by_ref.get(w["ref"])
    if g is None:
        tap(False, f"{w['ref']} present")
        continue
    for key in ("seq", "category", "directed_to", "agreement", "repeated_from"):
        tap(g.get(key) == w.get(key), f"{w['ref']} {key}", f"got:  {g.get(key)!r}", f"want: {w.get(key)!r}")
    for key in ("text", "agreement_note"):
        a, b = g.get(key) or "", w.get(key) or ""
        r = difflib.SequenceMatcher(None, a, b).ratio() if (a or b) else 1.0
        tap(r >= MIN_RATIO, f"{w['ref']} {key} similar ({r:.3f})", f"got:  {a}", f"want: {b}")
    ga, wa = g.get("actions") or [], w.get("actions") or []
    go = sorted(canon.get(o, o) for a in ga for o in a["owners"])
    wo = sorted(canon.get(o, o) for a in wa for o in a["owners"])
    tap(go == wo, f"{w['ref']} owners (multiset)", f"got:  {go}", f"want: {wo}")
    gt, wt = sorted(a["target"] for a in ga), sorted(a["target"] for a in wa)
    tap(gt == wt, f"{w['ref']} targets (multiset)", f"got:  {gt}", f"want: {wt}")
    tap([a["id"] for a in ga] == [a["id"] for a in wa], f"{w['ref']} action ids",
        f"got:  {[a['id'] for a in ga]}", f"want: {[a['id'] for a in wa]}")
    for x, y in zip(ga, wa):
        ok = [canon.get(o, o) for o in x["owners"]] == [canon.get(o, o) for o in y["owners"]] \
            and x["target"] == y["target"]
        tap(ok, f"{y['id']} owners and target", f"got:  {x['owners']} {x['target']!r}",
            f"want: {y['owners']} {y['target']!r}")
        r = difflib.SequenceMatcher(None, x["text"], y["text"]).ratio()
        if r < min_ratio:
            min_ratio, worst = r, y["id"]
        tap(r >= MIN_RATIO, f"{y['id']} text similar ({r:.3f})", f"got:  {x['text']}", f"want: {y['text']}")
print(f"# minimum action text similarity: {min_ratio:.4f} ({worst or 'all identical'})")

# The imported plan, loaded by actionboard itself: check, then sync, then the same rows
# as the bundled plan gives.
tmp = tempfile.mkdtemp(prefix="ab-import-")
try:
    base = os.path.dirname(SETTINGS)
    shutil.copytree(os.path.join(base, "establishments"), os.path.join(tmp, "establishments"))
    os.mkdir(os.path.join(tmp, "plans"))
    with open(os.path.join(tmp, "plans", "imported.yaml"), "w") as f:
        f.write(text)
    s = dict(settings)
    s["establishments"] = ["establishments/*.yaml"]
    s["plans"] = ["plans/*.yaml"]
    s.pop("database", None)
    with open(os.path.join(tmp, "actionboard.yaml"), "w") as f:
        yaml.safe_dump(s, f, allow_unicode=True)
    cfg = os.path.join(tmp, "actionboard.yaml")
    c = subprocess.run([AB, "--config", cfg, "check"], capture_output=True, env=env)
    tap(c.returncode == 0, "actionboard check accepts the imported plan",
        c.stdout.decode() + c.stderr.decode())

    def rows(cfgpath, db, cycle):
        subprocess.run([AB, "--config", cfgpath, "--db", db, "sync", "-q"], check=True, env=env,
                       capture_output=True)
        acts = json.loads(subprocess.run([AB, "--config", cfgpath, "--db", db, "list", "--cycle", cycle,
                                          "--format", "json"], check=True, env=env,
                                         capture_output=True).stdout)
        items = json.loads(subprocess.run([AB, "--config", cfgpath, "--db", db, "list", "--items",
                                           "--cycle", cycle, "--format", "json"], check=True,
                                          env=env, capture_output=True).stdout)
        return acts, items

    ga2, gi2 = rows(cfg, os.path.join(tmp, "imported.db"), want["cycle"])
    wa2, wi2 = rows(SETTINGS, os.path.join(tmp, "bundled.db"), want["cycle"])
    ik = ("ref", "seq", "category", "directed_to", "agreement", "repeated_from", "actions_total",
          "actions_completed")
    tap([{k: i.get(k) for k in ik} for i in gi2] == [{k: i.get(k) for k in ik} for i in wi2],
        "after sync: the same items (ref, seq, category, directed_to, agreement, repeated_from, counts)")
    ak = ("key", "item_ref", "item_seq", "owners", "target", "due", "status")
    diff = [(x, y) for x, y in zip([{k: a.get(k) for k in ak} for a in ga2],
                                   [{k: a.get(k) for k in ak} for a in wa2]) if x != y]
    tap(len(ga2) == len(wa2) and not diff, f"after sync: the same {len(wa2)} actions (owners, target, due, status)",
        *[f"got {x} want {y}" for x, y in diff[:3]])
    low = [a["key"] for a, b in zip(ga2, wa2)
           if difflib.SequenceMatcher(None, a["text"], b["text"]).ratio() < MIN_RATIO]
    tap(not low, "after sync: every action text >= 95% similar", *low[:5])
finally:
    shutil.rmtree(tmp)

print(f"1..{n}")
sys.exit(1 if failed else 0)
