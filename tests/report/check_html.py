#!/usr/bin/env python3
"""Checks an HTML report against `actionboard list --format json` output.

usage: check_html.py REPORT.html ACTIONS.json ITEMS.json TODAY
Prints one line per problem and exits 1 when there is any; prints "ok" otherwise.

"No external resource" is decided on the parsed document, not on the raw text: no element
that fetches (script, link, iframe, img, object, embed, audio, video, source), no attribute
naming an address (src, href, xlink:href, action, formaction, poster, data, srcset,
background, xmlns) other than an in-page "#anchor", and no url( or @import in any style.
Plan text may mention an address (1.8.2 quotes one): that is text, escaped, never markup.
"""
import collections, datetime, html.parser, json, re, sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
FETCHING = {"script", "link", "iframe", "img", "object", "embed", "audio", "video", "source",
            "frame", "base"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset",
             "background", "xmlns", "cite", "ping"}
problems = []


class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.rows, self.items, self.owners, self.months = [], {}, {}, {}, {}
        self.figures, self.svgs, self.styles, self.text = {}, 0, [], []
        self.in_style, self.late = False, {}
        self.cur_row = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID and not (self.stack and self.stack[-1] == "svg-leaf"):
            self.stack.append(tag)
        if tag in FETCHING:
            problems.append(f"fetching element <{tag}>")
        for k, v in attrs:
            v = v or ""
            if k in URL_ATTRS and not v.startswith("#"):
                problems.append(f"<{tag} {k}={v!r}> names an address")
            if k == "style" and re.search(r"url\s*\(|@import", v, re.I):
                problems.append(f"<{tag} style> loads something: {v!r}")
            if "http" in v.lower() or "//" in v:
                problems.append(f"<{tag} {k}={v!r}> holds an address")
        if tag == "svg":
            self.svgs += 1
        if tag == "style":
            self.in_style = True
        if tag == "tr" and "data-key" in a:
            self.rows[a["data-key"]] = a
            self.cur_row = a["data-key"]
        if tag == "span" and "data-days-late" in a:
            self.late[self.cur_row] = int(a["data-days-late"])
        if tag == "section" and "data-ref" in a:
            self.items[a["data-ref"]] = a
        if tag == "g" and "data-owner" in a:
            self.owners[a["data-owner"]] = a
        if tag == "g" and "data-month" in a:
            self.months[a["data-month"]] = a
        if "data-figure" in a and tag == "div":
            self.cur_fig = a["data-figure"]

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "style":
            self.in_style = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        else:
            self.text.append(data)
        if self.stack and self.stack[-1] == "b" and getattr(self, "cur_fig", None):
            self.figures[self.cur_fig] = int(data)
            self.cur_fig = None


def main():
    path, actions_path, items_path, today = sys.argv[1:5]
    src = open(path, encoding="utf-8").read()
    actions = json.load(open(actions_path))
    items = json.load(open(items_path))
    today = datetime.date.fromisoformat(today)
    p = Report()
    p.feed(src)
    p.close()
    if p.stack:
        problems.append(f"unclosed elements: {p.stack}")
    if not src.startswith("<!DOCTYPE html>"):
        problems.append("no doctype")
    if p.svgs < 2:
        problems.append(f"{p.svgs} inline SVG charts, want 2")
    for s in p.styles:
        if re.search(r"url\s*\(|@import", s, re.I):
            problems.append("a style sheet loads something")
    # Every action, as list --format json has it.
    want = {a["key"]: a for a in actions}
    if set(p.rows) != set(want):
        problems.append(f"actions differ: only in report {sorted(set(p.rows) - set(want))}, "
                        f"only in list {sorted(set(want) - set(p.rows))}")
    for k, a in want.items():
        r = p.rows.get(k)
        if not r:
            continue
        got = (r["data-status"], r["data-overdue"], r["data-due"] or None)
        exp = (a["status"], "true" if a["overdue"] else "false", a["due"])
        if got != exp:
            problems.append(f"{k}: report {got}, list {exp}")
        if a["overdue"]:
            late = (today - datetime.date.fromisoformat(a["due"])).days
            if p.late.get(k) != late:
                problems.append(f"{k}: {p.late.get(k)} days late, want {late}")
        elif k in p.late:
            problems.append(f"{k}: days late shown for an action that is not overdue")
    # Items and their counts.
    for it in items:
        r = p.items.get(it["ref"])
        if not r:
            problems.append(f"item {it['ref']} missing")
            continue
        got = (int(r["data-total"]), int(r["data-done"]), int(r["data-overdue"]))
        exp = (it["actions_total"], it["actions_completed"], it["actions_overdue"])
        if got != exp:
            problems.append(f"item {it['ref']}: report {got}, list {exp}")
    if len(p.items) != len(items):
        problems.append(f"{len(p.items)} items in the report, {len(items)} in the list")
    # The figures at the top of the plan.
    status = collections.Counter(a["status"] for a in actions)
    exp = {"items": len(items), "actions": len(actions),
           "overdue": sum(a["overdue"] for a in actions)}
    for s in ("planned", "in_progress", "blocked", "completed", "cancelled"):
        exp[s] = status[s]
    if items and items[0]["scheme"] == "recommendations":
        agr = collections.Counter(i["agreement"] for i in items)
        exp.update(agreed=agr["agreed"], partly_agreed=agr["partly_agreed"],
                   not_agreed=agr["not_agreed"])
    for k, v in exp.items():
        if p.figures.get(k) != v:
            problems.append(f"figure {k}: report {p.figures.get(k)}, list {v}")
    # Status per owner.
    own = collections.defaultdict(lambda: [0, 0, 0])
    for a in actions:
        for o in a["owners"]:
            own[o][0] += 1
            own[o][1] += a["overdue"]
            own[o][2] += a["status"] == "completed"
    if set(own) != set(p.owners):
        problems.append(f"owners differ: {sorted(own)} vs {sorted(p.owners)}")
    for o, (t, late, done) in own.items():
        g = p.owners.get(o)
        if g and (int(g["data-total"]), int(g["data-overdue"]), int(g["data-completed"])) != (t, late, done):
            problems.append(f"owner {o}: report {g}, list {(t, late, done)}")
    # Actions by due month.
    months = collections.defaultdict(lambda: [0, 0])
    for a in actions:
        if a["due"]:
            months[a["due"][:7]][0] += 1
            months[a["due"][:7]][1] += a["overdue"]
    for m, (t, late) in months.items():
        g = p.months.get(m)
        if not g or (int(g["data-total"]), int(g["data-overdue"])) != (t, late):
            problems.append(f"month {m}: report {g}, list {(t, late)}")
    for m, g in p.months.items():
        if m not in months and int(g["data-total"]):
            problems.append(f"month {m} has actions in the report only")
    for line in problems:
        print(line)
    if not problems:
        print("ok")
    return 1 if problems else 0


sys.exit(main())
