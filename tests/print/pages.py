#!/usr/bin/env python3
"""Reads a printed report back: how far down each page the ink goes (from pdftoppm's
grey-scale pages), and which items' headings stand on a page without their first action
(from pdftotext, page by page).

usage: pages.py REPORT.pdf ACTIONS.json [REPORT.html]
Prints one line per page: "PAGE FILL" (FILL: the lowest inked row over the page's
height, 0..1), then "orphan HEADING" for each item whose heading is printed on another
page than its first action, and with the HTML "alone HEADING" for each heading (h2, h3,
h4) that is the last text of a page but the last: a heading left at a page's foot."""
import json
import re
import subprocess
import sys
import tempfile
import os


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    # P5, width, height, maxval, then the raster: header tokens separated by whitespace
    tokens = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(tokens.group(1)), int(tokens.group(2))
    return w, h, data[tokens.end():]


def fills(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "30", "-gray", pdf, os.path.join(tmp, "p")], check=True)
        out = []
        for name in sorted(os.listdir(tmp), key=lambda n: int(re.search(r"(\d+)\.pgm$", n).group(1))):
            w, h, px = read_pgm(os.path.join(tmp, name))
            last = 0
            for y in range(h):
                row = px[y * w:(y + 1) * w]
                if min(row) < 200:  # ink, not paper or the faintest tint
                    last = y + 1
            out.append(last / h)
        return out


def page_texts(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


def main():
    pdf, actions = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
    first = {}
    for a in actions:
        first.setdefault(a["item_ref"], a["action_id"])
    for i, fill in enumerate(fills(pdf), 1):
        print(i, f"{fill:.2f}")
    heading = re.compile(r"^\s*(\S+)(?: \(\d+\))? · (?:Priority|Key|General) (?:concern|recommendation)")
    for page in page_texts(pdf):
        for line in page.splitlines():
            m = heading.match(line)
            if m and m.group(1) in first and not re.search(
                    r"^\s*" + re.escape(first[m.group(1)]) + r"\s", page, re.M):
                print("orphan", line.strip())
    if len(sys.argv) > 3:
        html = open(sys.argv[3], encoding="utf-8").read()
        heads = set()
        for m in re.finditer(r"<h([234])[^>]*>(.*?)</h\1>", html, re.S):
            text = re.sub(r"<[^>]+>", "", m.group(2)).replace("&amp;", "&").strip()
            text = re.sub(r"\s+", " ", text)
            heads.add(text.upper() if m.group(1) == "4" else text)  # h4 prints in capitals
        pages = page_texts(pdf)
        for page in pages[:-1]:
            lines = [l.strip() for l in page.splitlines() if l.strip()]
            if not lines:
                continue
            last = re.sub(r"\s+", " ", lines[-1])
            for h in heads:
                if h and (last == h or last.startswith(h[:40])):
                    print("alone", last)
                    break


main()
