#!/usr/bin/python3
"""Times `actionboard import` of a PDF plan of 20 pages or more (bench/README.md).

usage: bench/import_pdf.py [ACTIONBOARD] [RUNS] [--json FILE]

The PDF is made by tests/data/gen_fixtures.py's writer from the 2019 bundled plan with
its items given twice (the copies' refs renumbered), one row per action: 29 pages, 58
items, 108 actions, header repeated on every page, rows cut by page breaks. Each run is
timed from start to exit (wall clock); the import must give the 58 items each time.
With --json FILE the figures are also written there (bench/results, for bench/README.md).
"""
import copy
import datetime
import json
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
args = sys.argv[1:]
out_json = None
if '--json' in args:
    k = args.index('--json')
    out_json = args[k + 1]
    del args[k:k + 2]
ab = args[0] if len(args) > 0 else os.path.join(root, 'build', 'actionboard')
runs = int(args[1]) if len(args) > 1 else 7
spec = importlib.util.spec_from_file_location('gen', os.path.join(root, 'tests', 'data', 'gen_fixtures.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

txt = os.path.join(root, 'tests', 'data', '002_8268741e1d78f362.txt')
plan = gen.read_plan(subprocess.run([ab, 'import', '--no-source', txt], capture_output=True, text=True,
                                    check=True).stdout)
more = copy.deepcopy(plan['items'])
for it in more:  # S37 -> S137, 2.13 -> 12.13; running numbers go on
    it['ref'] = re.sub(r'^([A-Z]*)(\d)', r'\g<1>1\2', it['ref'])
    it['seq'] = str(int(it['seq']) + len(plan['items']))
    for k, a in enumerate(it['actions']):
        a['id'] = '%s.%d' % (it['ref'], k + 1)
plan['items'] += more
blocks = gen.document(txt, plan, 'rows')
blocks = [b for b in blocks if not (b[0] == 'table' and len(b[1][0]) == 2)]  # no summary table
pages = gen.layout_pages(blocks)
with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, 'plan.pdf')
    gen.write_pdf(pdf, pages)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([ab, 'import', pdf], capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        items = len(re.findall(r'^- ref:', p.stdout, re.M))
        if p.returncode or items != len(plan['items']):
            sys.exit('import failed: exit %d, %d items: %s' % (p.returncode, items, p.stderr[-300:]))
    print('%d pages, %d items, %d bytes: median %.3f s, min %.3f s, max %.3f s over %d runs'
          % (len(pages), len(plan['items']), os.path.getsize(pdf), statistics.median(times), min(times),
             max(times), runs))
    if out_json:
        with open(out_json, 'w') as f:
            json.dump({'date': datetime.datetime.now().isoformat(timespec='seconds'),
                       'binary': ab, 'version': subprocess.run([ab, '--version'], capture_output=True,
                                                              text=True).stdout.strip(),
                       'loadavg': [round(x, 2) for x in os.getloadavg()], 'nproc': os.cpu_count(),
                       'pages': len(pages), 'items': len(plan['items']), 'bytes': os.path.getsize(pdf),
                       'runs_s': [round(t, 4) for t in times], 'median_s': round(statistics.median(times), 4),
                       'min_s': round(min(times), 4), 'max_s': round(max(times), 4)}, f, indent=1)
