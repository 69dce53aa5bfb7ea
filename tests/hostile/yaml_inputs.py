#!/usr/bin/env python3
"""Writes one hostile (or borderline) plan file for test_yaml_limits.sh.

usage: yaml_inputs.py CASE PATH [N]   (PATH "-" writes to stdout, e.g. into a FIFO)

Every plan starts with the same valid lines, so the places the loader names are known:

    1 establishment: LIV
    2 cycle: "2030-01"
    3 scheme: concerns
    4 items:
    5   - ref: REF                 (REF at column 10)
    6     category: key
    7     text: TEXT               (TEXT at column 11)
    8     actions:
    9       - id: "1.1.1"
   10         text: Do it.
   11         owners: OWNERS       (OWNERS at column 17)
   12         target: June 2031
   13 and what the case adds from here.
"""
import sys


def plan(text=b"Drugs.", ref=b'"1.1"', owners=b"[Governor]", tail=b""):
    return (b'establishment: LIV\ncycle: "2030-01"\nscheme: concerns\nitems:\n'
            b"  - ref: " + ref + b"\n    category: key\n    text: " + text + b"\n"
            b'    actions:\n      - id: "1.1.1"\n        text: Do it.\n'
            b"        owners: " + owners + b"\n        target: June 2031\n" + tail)


def padded(n):
    """A valid plan followed by comment lines: exactly n bytes (n >= 400)."""
    head = plan()
    line = b"#" + b"x" * 1022 + b"\n"
    out = [head]
    left = n - len(head)
    out.append(line * (left // len(line)))
    rest = left % len(line)
    if rest:
        out.append(b"#" * (rest - 1) + b"\n" if rest > 1 else b"\n")
    return b"".join(out)


def laughs(levels):
    """Billion laughs: each anchor a list of ten aliases to the one before, at lines 13..."""
    lines = [b"l0: &a0 lol"]
    for i in range(1, levels + 1):
        lines.append(b"l%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 10) + b"]")
    return plan(tail=b"\n".join(lines) + b"\n")


def write(path, data):
    if path == "-":
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:  # the reader stopped, as it should
            pass
    else:
        with open(path, "wb") as f:
            f.write(data)


def stream(n):
    """n bytes of a valid plan and comments, to stdout in pieces (never all in memory)."""
    head = plan()
    line = b"#" + b"x" * 1022 + b"\n"
    out = sys.stdout.buffer
    try:
        out.write(head)
        left = n - len(head)
        while left >= len(line):
            out.write(line)
            left -= len(line)
        out.write(b"#" * left)
        out.flush()
    except BrokenPipeError:
        pass


def main():
    case, path = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else "0"
    n = int(arg) if arg.isdigit() else 0
    if case == "stream":
        return stream(n)
    cases = {
        "good": lambda: plan(),
        "laughs": lambda: laughs(n),
        # one 60,000-byte value repeated: the budget counts bytes, not only nodes
        "laughs-text": lambda: plan(tail=b"s: &s " + b"x" * 60000 + b"\nt: [*s, *s]\n"),
        # an anchored owners list reused: the ordinary use of aliases loads
        # nodes without text: 1000 empty values repeated 300 times
        "alias-nodes": lambda: plan(tail=b"e: &e [" + b", ".join([b"''"] * 1000) + b"]\nf: ["
                                    + b", ".join([b"*e"] * 300) + b"]\n"),
        "alias-ok": lambda: plan(owners=b"&gov [Governor]",
                                 tail=b"  - ref: \"1.2\"\n    category: key\n    text: More.\n"
                                      b"    actions:\n      - id: \"1.2.1\"\n"
                                      b"        text: Again.\n        owners: *gov\n"),
        "alias-undefined": lambda: plan(owners=b"*nope"),
        "alias-recursive": lambda: plan(owners=b"&r [Governor, *r]"),
        "anchor-twice": lambda: plan(ref=b'&x "1.1"', text=b"&x Drugs."),
        "flow": lambda: b"items: " + b"[" * n + b"]" * n + b"\n",
        "flow-map": lambda: b"items: " + b"{a: " * n + b"b" + b"}" * n + b"\n",
        "block": lambda: b"- " * n + b"x\n",
        "indented": lambda: b"".join(b" " * i + b"k:\n" for i in range(n)) + b" " * n + b"v\n",
        "padded": lambda: padded(n),
        "long": lambda: plan(text=b"x" * n),
        # n nodes in all: 9 for the plan's mapping, keys, values and items list, the rest in it
        "nodes": lambda: (b'establishment: LIV\ncycle: "2030-01"\nscheme: concerns\nitems: ['
                          + b",".join([b"a"] * (n - 9)) + b"]\n"),
        "nul": lambda: plan(ref=b'"R\\0X"'),
        "escaped": lambda: plan(text=b'"a\\U%08Xb"' % n),
        "raw": lambda: plan(text=b"a" + chr(n).encode() + b"b"),
        "bytes": lambda: plan(text=b"a" + bytes.fromhex(arg) + b"b"),
        "tab-newline": lambda: plan(text=b'"tab\\there"',
                                    tail=b"  - ref: \"1.2\"\n    category: key\n    text: |\n"
                                         b"      first line\n      second\tline\n"),
        "crlf": lambda: plan().replace(b"\n", b"\r\n"),
    }
    write(path, cases[case]())


if __name__ == "__main__":
    main()
