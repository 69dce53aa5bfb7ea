#!/usr/bin/env python3
"""Checks a workbook written by `actionboard export --format xlsx` against the same
database's `list --format json` and `summary --format json`, with nothing but the standard
library (an .xlsx file is a zip of XML parts).

usage: check_xlsx.py BOOK.xlsx ACTIONS.json SUMMARY.json CSV-HEADER SHEET-NAMES
  CSV-HEADER   the header line of `list --format csv` (the columns each plan sheet has,
               under the headings people read: HEADINGS below), then Judgements
  SHEET-NAMES  the expected sheet names, one per line ("Summary" first, then one per plan,
               or "Actions": one sheet of every action with a Plan column first)
Prints "ok", or one line per difference found."""
import datetime
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DATE_FIELDS = {"due", "due_original"}
TIME_FIELDS = {"updated_at", "last_note_at", "verified_at", "amended_at"}
# The workbook's headings (cli/cmd_export.c export_heading), each field's exactly.
HEADINGS = {
    "key": "Key", "plan": "Plan", "establishment": "Establishment",
    "establishment_name": "Establishment name", "cycle": "Cycle", "scheme": "Scheme",
    "item_ref": "Item", "item_seq": "Item no.", "category": "Category",
    "directed_to": "Directed to", "agreement": "Agreement", "action_id": "Action",
    "text": "What", "owners": "Owner", "target": "Target (as published)", "due": "Due",
    "due_original": "Due at first", "due_reason": "Why the due date changed",
    "status": "Status", "overdue": "Overdue", "version": "Version",
    "updated_by": "Changed by", "updated_at": "Changed at", "item_text": "Finding",
    "last_note": "Latest note", "last_note_at": "Latest note at",
    "slip_days": "Days slipped", "verification": "Verification",
    "verified_by": "Verified by", "verified_at": "Verified at", "origin": "Origin",
    "amended_by": "Amended by", "amended_at": "Amended at", "judgements": "Judgements",
    "sheet": "Sheet", "items": "Items", "actions": "Actions", "open": "Open",
    "completed": "Completed", "verified": "Verified", "percent_done": "% done"}
LATE_FILL = "FFFDECEA"
problems = []


def problem(msg):
    if len(problems) < 30:
        problems.append(msg)


def col_index(ref):
    """'AB12' -> 27 (0-based column)."""
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


class Book:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.shared = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            root = self.xml("xl/sharedStrings.xml")
            self.shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
                           for si in root.findall("m:si", NS)]
        self.styles()
        wb = self.xml("xl/workbook.xml")
        rels = self.xml("xl/_rels/workbook.xml.rels")
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = [(s.get("name"), "xl/" + target[s.get(REL)].lstrip("/").replace("xl/", "", 1))
                       for s in wb.find("m:sheets", NS)]

    def xml(self, name):
        return ET.fromstring(self.zip.read(name))

    def styles(self):
        st = self.xml("xl/styles.xml")
        fmts = {int(f.get("numFmtId")): f.get("formatCode")
                for f in st.findall("m:numFmts/m:numFmt", NS)}
        fills = []
        for f in st.findall("m:fills/m:fill", NS):
            fg = f.find("m:patternFill/m:fgColor", NS)
            fills.append(fg.get("rgb") if fg is not None else None)
        self.xf = []  # per style index: (number format code, fill colour)
        for x in st.findall("m:cellXfs/m:xf", NS):
            self.xf.append((fmts.get(int(x.get("numFmtId", 0)), ""), fills[int(x.get("fillId", 0))]))

    def rows(self, part):
        """The sheet's rows as lists of (type, value, style) by column; the root element."""
        root = self.xml(part)
        out = []
        for row in root.findall("m:sheetData/m:row", NS):
            r = int(row.get("r")) - 1
            while len(out) <= r:
                out.append([])
            cells = out[r]
            for c in row.findall("m:c", NS):
                i = col_index(c.get("r"))
                while len(cells) <= i:
                    cells.append(("blank", None, 0))
                t, s = c.get("t", "n"), int(c.get("s", 0))
                v = c.find("m:v", NS)
                if t == "inlineStr":
                    cells[i] = ("str", "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])), s)
                elif t == "s":
                    cells[i] = ("str", self.shared[int(v.text)], s)
                elif t == "b":
                    cells[i] = ("bool", v.text == "1", s)
                elif v is None:
                    cells[i] = ("blank", None, s)
                else:
                    cells[i] = ("num", float(v.text), s)
        return out, root


def from_serial(serial, with_time):
    """An Excel date serial (the 1900 system, after February 1900) as ISO text."""
    when = datetime.datetime(1899, 12, 30) + datetime.timedelta(seconds=round(serial * 86400))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if with_time else when.strftime("%Y-%m-%d")


def expect_cell(book, where, name, cell, want):
    kind, value, style = cell
    fmt = book.xf[style][0] if style < len(book.xf) else ""
    if want is None or want == "":  # libxlsxwriter writes an empty string as a blank
        if kind != "blank":
            problem(f"{where} {name}: {kind} {value!r}, want blank")
        return
    if name in DATE_FIELDS or name in TIME_FIELDS:
        timed = name in TIME_FIELDS
        if kind != "num" or "yyyy" not in fmt or (timed and "hh" not in fmt):
            problem(f"{where} {name}: {kind} {value!r} format {fmt!r}, want a date")
        elif from_serial(value, timed) != want:
            problem(f"{where} {name}: {from_serial(value, timed)}, want {want}")
        return
    if isinstance(want, bool):
        if (kind, value) != ("bool", want):
            problem(f"{where} {name}: {kind} {value!r}, want boolean {want}")
    elif isinstance(want, int):
        if (kind, value) != ("num", float(want)):
            problem(f"{where} {name}: {kind} {value!r}, want number {want}")
    else:
        text = "; ".join(want) if isinstance(want, list) else want
        if (kind, value) != ("str", text):
            problem(f"{where} {name}: {kind} {value!r:.60}, want {text!r:.60}")


def check_sheet_view(where, root, last_col, nrows):
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is None or pane.get("ySplit") != "1" or pane.get("state") != "frozen" \
            or pane.get("xSplit") not in (None, "0"):
        problem(f"{where}: the header row is not frozen")
    af = root.find("m:autoFilter", NS)
    want = "A1:%s%d" % (last_col, max(nrows, 1))
    if af is None or af.get("ref") != want:
        problem(f"{where}: autofilter {None if af is None else af.get('ref')}, want {want}")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def check_plan(book, name, part, header, actions, one_sheet=False):
    rows, root = book.rows(part)
    got = [c[1] for c in rows[0]] if rows else []
    lead = ["plan"] if one_sheet else []
    want_head = [HEADINGS[f] for f in lead + header + ["judgements"]]
    if got != want_head:
        problem(f"{name}: header {got}, want {want_head}")
        return
    check_sheet_view(name, root, col_name(len(want_head) - 1), len(actions) + 1)
    if one_sheet:  # the Plan column first, then the fields of list --format csv
        rows = [r[1:] for r in rows]
        for r, a in zip(book.rows(part)[0][1:], actions):
            if r[0][1] != f"{a['establishment']}/{a['cycle']}":
                problem(f"{name}!{a['key']}: plan {r[0][1]!r}")
    if len(rows) - 1 != len(actions):
        problem(f"{name}: {len(rows) - 1} rows, want {len(actions)}")
    for r, action in zip(rows[1:], actions):
        where = f"{name}!{action['key']}"
        cells = r + [("blank", None, 0)] * (len(header) - len(r))
        for i, field in enumerate(header):
            expect_cell(book, where, field, cells[i], action[field])
        fills = {book.xf[c[2]][1] for c in cells[:len(header) + 1]}
        tinted = fills == {LATE_FILL}
        if tinted != action["overdue"] or (not tinted and LATE_FILL in fills):
            problem(f"{where}: row fills {sorted(map(str, fills))}, overdue {action['overdue']}")


def check_summary(book, part, plans, names):
    rows, root = book.rows(part)
    head = [HEADINGS[f] for f in ("establishment", "establishment_name", "cycle", "scheme",
                                  "sheet", "items", "actions", "open", "overdue",
                                  "completed", "verified", "percent_done")]
    got = [c[1] for c in rows[0]] if rows else []
    if got != head:
        problem(f"Summary: header {got}, want {head}")
        return
    check_sheet_view("Summary", root, "L", len(plans) + 1)
    if len(rows) - 1 != len(plans):
        problem(f"Summary: {len(rows) - 1} rows, want {len(plans)}")
    for r, p, sheet in zip(rows[1:], plans, names):
        want = [p["establishment"], p["establishment_name"], p["cycle"], p["scheme"], sheet,
                p["items"], p["actions"], p["planned"] + p["in_progress"] + p["blocked"],
                p["overdue"], p["completed"], p["verified"]]
        got = [c[1] if c[0] != "num" else int(c[1]) for c in r[:11]]
        if got != want:
            problem(f"Summary row {p['establishment']}/{p['cycle']}: {got}, want {want}")
        pct = r[11] if len(r) > 11 else ("blank", None, 0)
        want_pct = p["completed"] / p["actions"] if p["actions"] else None
        if want_pct is None and pct[0] != "blank" or want_pct is not None and (
                pct[0] != "num" or abs(pct[1] - want_pct) > 1e-12 or "%" not in book.xf[pct[2]][0]):
            problem(f"Summary % done of {p['cycle']}: {pct}, want {want_pct} as a percentage")


def main():
    book = Book(sys.argv[1])
    actions = json.load(open(sys.argv[2], encoding="utf-8"))
    plans = json.load(open(sys.argv[3], encoding="utf-8"))
    header = sys.argv[4].lstrip("\ufeff").rstrip("\r\n").split(",")
    names = sys.argv[5].splitlines()
    got_names = [n for n, _ in book.sheets]
    if got_names != names:
        problem(f"sheets {got_names}, want {names}")
    for n in got_names:
        if len(n) > 31 or re.search(r"[\[\]:*?/\\]", n) or n.startswith("'") or n.endswith("'"):
            problem(f"sheet name {n!r} breaks Excel's rules")
    if len({n.lower() for n in got_names}) != len(got_names):
        problem(f"sheet names are not unique: {got_names}")
    one_sheet = names == ["Summary", "Actions"]
    if not problems:
        check_summary(book, book.sheets[0][1], plans,
                      ["Actions"] * len(plans) if one_sheet else names[1:])
        if one_sheet:
            check_plan(book, "Actions", book.sheets[1][1], header, actions, True)
        for (name, part), plan in zip([] if one_sheet else book.sheets[1:], plans):
            mine = [a for a in actions
                    if (a["establishment"], a["cycle"]) == (plan["establishment"], plan["cycle"])]
            check_plan(book, name, part, header, mine)
    print("\n".join(problems) if problems else "ok")


main()
