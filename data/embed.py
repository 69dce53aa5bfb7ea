#!/usr/bin/python3
"""The build's copy of a data file as a C string: embed.py IN.tsv OUT.c NAME."""
import sys

src, out, name = sys.argv[1:4]
data = open(src, 'rb').read()
with open(out, 'w') as f:
    f.write('/* Generated from %s by data/embed.py: do not edit. */\n' % src.split('/')[-1])
    f.write('const char %s[] =\n' % name)
    for line in data.split(b'\n'):
        f.write('\t"%s\\n"\n' % ''.join(chr(c) if 32 <= c < 127 and c not in b'"\\?' else '\\%03o' % c for c in line))
    f.write(';\n')
