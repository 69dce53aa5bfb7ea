#!/usr/bin/python3
"""Writes data/prison-register.tsv from a clone of ministryofjustice/prison-register.

usage: gen_register.py CLONE_DIR [COMMIT] > data/prison-register.tsv

The register keeps its data as SQL migrations (src/main/resources/db/migration). They are
replayed here, in version order, into SQLite (the statements on the prison, prison_type,
prison_category and address tables; others are skipped), and the result written one
establishment a line: code, name as the register prints it, active (1/0), types (HMP,
YOI, IRC, STC, YCS), category, who it holds (men, women, men and women), country.
"""
import re
import sqlite3
import subprocess
import sys

clone = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else 'HEAD'


def git(*args):
    return subprocess.run(['git', '-C', clone] + list(args), capture_output=True, text=True, check=True).stdout


files = git('ls-tree', '--name-only', commit, 'src/main/resources/db/migration/').split()
files.sort(key=lambda f: tuple(int(x) for x in re.search(r'V(\d+)_(\d+)__', f).groups()))
db = sqlite3.connect(':memory:')
for f in files:
    for st in re.split(r';\s*(?:\n|$)', git('show', '%s:%s' % (commit, f))):
        low = st.strip().lower()
        if not re.search(r'\b(prison|prison_type|prison_category|address)\b', low) or 'email' in low or 'phone' in low:
            continue
        try:
            db.execute(st)
        except sqlite3.Error:
            pass  # Postgres-only statements (constraints, other tables): not data we read
print('# code\tname\tactive\ttypes\tcategory\tholds\tcountry')
for code, name, active, male, female in db.execute(
        'SELECT prison_id, name, active, male, female FROM prison ORDER BY prison_id'):
    types = ','.join(t for (t,) in db.execute('SELECT DISTINCT type FROM prison_type WHERE prison_id = ? ORDER BY type', (code,)))
    cat = ','.join(c for (c,) in db.execute('SELECT category FROM prison_category WHERE prison_id = ? ORDER BY 1', (code,)))
    country = db.execute('SELECT country FROM address WHERE prison_id = ? LIMIT 1', (code,)).fetchone()
    holds = 'men and women' if male and female else 'men' if male else 'women' if female else ''
    print('\t'.join([code, name, '1' if active else '0', types, cat, holds, country[0] if country and country[0] else '']))
