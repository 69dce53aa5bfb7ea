#!/usr/bin/python3
"""Imports a seed and compares the result with the curated plan exactly (TAP).

usage: compare.py ACTIONBOARD SEED CURATED.yaml SETTINGS.yaml CURATION.md

The seed is imported as published, and as two variants written beside it under the same
name: a Word export (byte-order mark, CRLF line ends) and one with every space a no-break
space (U+00A0). Each import must:
  - exit 0 and print its warnings as FILE:LINE: warning: ...;
  - be read by python3's yaml (a reader independent of the libyaml actionboard uses) into
    exactly the structure python3's yaml reads from the curated plan;
  - agree field by field (named, so that a failure says where): plan keys, refs in order,
    seq, category, directed_to, agreement, repeated_from, action ids, owners; item text,
    agreement notes and targets equal once whitespace is collapsed; action text equal too,
    except the actions listed in EXCEPTIONS;
  - hold no '<' or '>' in a text whose curated counterpart has none (no tag debris).
The variants must give the same YAML as the seed. Then `check` and `sync` on a settings
tree holding the imported plan give the same items and actions as the bundled plan.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

AB, SEED, CURATED, SETTINGS, CURATION = sys.argv[1:6]

# Actions whose curated text differs from the seed on purpose. Each is keyed by the
# action's global key and names the line of CURATION.md that records the edit (it must be
# there, word for word, and the texts must still differ, or the entry is stale). None is
# needed today: every judgement CURATION.md records (the "\$38" ref, the dropped
# "Recommendation: " prefix and "Togillo.", the sentence splits, the joined page breaks,
# the moved "HMP") is one the importer makes itself, so every action text is equal.
EXCEPTIONS = {
    # "LIV/2019-08/S38.2": "S38: row 2 (\"February 2020 February 2020\") plus its continuation row split",
}

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
            print("#  ", str(d)[:2000])


def ws(s):
    return re.sub(r"\s+", " ", s or "").strip()


def fold(settings):
    """alias or name -> canonical name, from the settings file."""
    m = {}
    for o in settings.get("owners") or []:
        m[o["name"]] = o["name"]
        for a in o.get("aliases") or []:
            m[a] = o["name"]
    return m


def texts(node, path=""):
    """Every string of a plan with a path that names it by ref and action id."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            name = v.get("id") or v.get("ref") if isinstance(v, dict) else None
            yield from texts(v, f"{path}/{name or i}")


settings = yaml.safe_load(open(SETTINGS))
canon = fold(settings)
want = yaml.safe_load(open(CURATED))
curation = open(CURATION).read()
prefix = f"{want['establishment']}/{want['cycle']}/"
env = dict(os.environ, ACTIONBOARD_TODAY="2026-11-23")
seed_bytes = open(SEED, "rb").read()
VARIANTS = {
    "as published": seed_bytes,
    "BOM and CRLF": b"\xef\xbb\xbf" + seed_bytes.replace(b"\n", b"\r\n"),
    "no-break spaces": seed_bytes.replace(b" ", "\u00a0".encode()),
}

# The exceptions themselves: recorded in CURATION.md, and for actions of this plan.
for key, line in EXCEPTIONS.items():
    if key.startswith(prefix):
        tap(line in curation, f"exception {key} is recorded in CURATION.md", line)


def compare_items(tag, gi, wi):
    """The field-by-field comparison, named so that a failure says where."""
    by_ref = {i["ref"]: i for i in gi}
    for w in wi:
        g = by_ref.get(w["ref"])
        if g is None:
            tap(False, f"{tag}: {w['ref']} present")
            continue
        for key in ("seq", "category", "directed_to", "agreement", "repeated_from"):
            tap(g.get(key) == w.get(key), f"{tag}: {w['ref']} {key}", f"got:  {g.get(key)!r}", f"want: {w.get(key)!r}")
        for key in ("text", "agreement_note"):
            a, b = ws(g.get(key)), ws(w.get(key))
            tap(a == b, f"{tag}: {w['ref']} {key}", f"got:  {a}", f"want: {b}")
        ga, wa = g.get("actions") or [], w.get("actions") or []
        tap([a["id"] for a in ga] == [a["id"] for a in wa], f"{tag}: {w['ref']} action ids",
            f"got:  {[a['id'] for a in ga]}", f"want: {[a['id'] for a in wa]}")
        for x, y in zip(ga, wa):
            go, wo = [canon.get(o, o) for o in x["owners"]], [canon.get(o, o) for o in y["owners"]]
            tap(go == wo and ws(x["target"]) == ws(y["target"]), f"{tag}: {y['id']} owners and target",
                f"got:  {x['owners']} {x['target']!r}", f"want: {y['owners']} {y['target']!r}")
            key = prefix + y["id"]
            same = ws(x["text"]) == ws(y["text"])
            if key in EXCEPTIONS:
                tap(not same, f"{tag}: {y['id']} text differs as CURATION.md records (else the exception is stale)")
            else:
                tap(same, f"{tag}: {y['id']} text", f"got:  {x['text']}", f"want: {y['text']}")


def check_import(tag, path):
    """Imports `path`; returns the YAML text, or None when it did not import."""
    p = subprocess.run([AB, "--config", SETTINGS, "import", path], capture_output=True, env=env)
    tap(p.returncode == 0, f"{tag}: import exits 0", p.stderr.decode(errors="replace")[-2000:])
    text = p.stdout.decode()
    try:
        got = yaml.safe_load(text)
        tap(isinstance(got, dict), f"{tag}: python3's yaml reads the imported plan")
    except yaml.YAMLError as e:
        tap(False, f"{tag}: python3's yaml reads the imported plan", e)
        return None
    if not isinstance(got, dict):
        return None
    warnings = [l for l in p.stderr.decode().splitlines() if ": warning: " in l]
    tap(all(l.startswith(path + ":") for l in warnings), f"{tag}: warnings are FILE:LINE: warning: ...",
        *warnings[:3])
    for key in ("establishment", "cycle", "scheme", "inspection", "report_published", "plan_submitted", "source"):
        tap(got.get(key) == want.get(key), f"{tag}: plan {key}", f"got:  {got.get(key)!r}", f"want: {want.get(key)!r}")
    gi, wi = got.get("items") or [], want.get("items") or []
    tap([i["ref"] for i in gi] == [i["ref"] for i in wi], f"{tag}: refs in order",
        f"got:  {[i['ref'] for i in gi]}", f"want: {[i['ref'] for i in wi]}")
    compare_items(tag, gi, wi)
    # The whole structure, with the curated text put back where an exception allows a
    # difference: then nothing at all may differ.
    wtext = {prefix + a["id"]: a["text"] for i in wi for a in i.get("actions") or []}
    same = json.loads(json.dumps(got, default=str))
    for i in same.get("items") or []:
        for a in i.get("actions") or []:
            if prefix + a.get("id", "") in EXCEPTIONS:
                a["text"] = wtext.get(prefix + a["id"], a["text"])
    tap(same == json.loads(json.dumps(want, default=str)),
        f"{tag}: python3's yaml reads the same structure as the curated plan"
        + (" (the recorded exceptions aside)" if EXCEPTIONS else ""))
    wtexts = dict(texts(want))
    debris = [(k, v) for k, v in texts(got) if re.search("[<>]", v) and not re.search("[<>]", wtexts.get(k, ""))]
    tap(not debris, f"{tag}: no '<' or '>' in an imported text where the curated plan has none",
        *[f"{k}: {v}" for k, v in debris[:5]])
    return text


tmp = tempfile.mkdtemp(prefix="ab-import-")
try:
    yamls = {}
    for tag, data in VARIANTS.items():
        d = os.path.join(tmp, re.sub(r"\W+", "-", tag))
        os.mkdir(d)
        path = os.path.join(d, os.path.basename(SEED))  # the same name: the same source key
        with open(path, "wb") as f:
            f.write(data)
        yamls[tag] = check_import(tag, path)
    base = yamls["as published"]
    for tag in list(VARIANTS)[1:]:
        tap(base is not None and yamls[tag] == base, f"{tag}: the same YAML as the seed as published")
    text = base or ""

    # The imported plan, loaded by actionboard itself: check, then sync, then the same rows
    # as the bundled plan gives.
    cfgdir = os.path.join(tmp, "cfg")
    shutil.copytree(os.path.join(os.path.dirname(SETTINGS), "establishments"),
                    os.path.join(cfgdir, "establishments"))
    os.mkdir(os.path.join(cfgdir, "plans"))
    with open(os.path.join(cfgdir, "plans", "imported.yaml"), "w") as f:
        f.write(text)
    s = dict(settings)
    s["establishments"] = ["establishments/*.yaml"]
    s["plans"] = ["plans/*.yaml"]
    s.pop("database", None)
    with open(os.path.join(cfgdir, "actionboard.yaml"), "w") as f:
        yaml.safe_dump(s, f, allow_unicode=True)
    cfg = os.path.join(cfgdir, "actionboard.yaml")
    c = subprocess.run([AB, "--config", cfg, "check"], capture_output=True, env=env)
    tap(c.returncode == 0, "actionboard check accepts the imported plan", c.stdout.decode() + c.stderr.decode())

    def rows(cfgpath, db, cycle):
        subprocess.run([AB, "--config", cfgpath, "--db", db, "sync", "-q"], check=True, env=env,
                       capture_output=True)
        run = lambda *a: json.loads(subprocess.run([AB, "--config", cfgpath, "--db", db, "list", *a,
                                                    "--cycle", cycle, "--format", "json"], check=True,
                                                   env=env, capture_output=True).stdout)
        return run(), run("--items")

    ga2, gi2 = rows(cfg, os.path.join(tmp, "imported.db"), want["cycle"])
    wa2, wi2 = rows(SETTINGS, os.path.join(tmp, "bundled.db"), want["cycle"])
    ik = ("ref", "seq", "category", "directed_to", "agreement", "agreement_note", "repeated_from", "text",
          "actions_total", "actions_completed")
    tap([{k: i.get(k) for k in ik} for i in gi2] == [{k: i.get(k) for k in ik} for i in wi2],
        "after sync: the same items (ref, seq, category, directed_to, agreement, note, repeated_from, text, counts)")
    ak = ("key", "item_ref", "item_seq", "owners", "target", "due", "status")
    diff = [(x, y) for x, y in zip([{k: a.get(k) for k in ak} for a in ga2],
                                   [{k: a.get(k) for k in ak} for a in wa2]) if x != y]
    tap(len(ga2) == len(wa2) and not diff, f"after sync: the same {len(wa2)} actions (owners, target, due, status)",
        *[f"got {x} want {y}" for x, y in diff[:3]])
    other = [a["key"] for a, b in zip(ga2, wa2) if a["text"] != b["text"] and a["key"] not in EXCEPTIONS]
    tap(not other, "after sync: every action text the same (but for the recorded exceptions)", *other[:5])
finally:
    shutil.rmtree(tmp)

print(f"1..{n}")
sys.exit(1 if failed else 0)
