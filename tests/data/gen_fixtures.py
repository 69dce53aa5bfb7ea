#!/usr/bin/python3
"""Writes the two bundled plans as published documents: tests/data/forms/.

usage: gen_fixtures.py ACTIONBOARD [OUTDIR]

Python's standard library only. Each plan text (tests/data/*.txt) is imported with
ACTIONBOARD (`import --no-source`); the plan it gives is written back out as a document in
the two layouts HMPPS uses, in every form `import` reads:

  NNN-items.*  one table row per item; actions, owners and targets as paragraphs aligned
               across their cells (an empty paragraph where an action has no owner or
               target, and beside the agreement note); joint owners joined by " / ";
  NNN-rows.*   one table row per action; the ref, finding and agreement only on the item's
               first row (the agreement note in a row of its own); joint owners as separate
               paragraphs of the owner cell;
  NNN-merged.* the same with the ref, finding and agreement cells merged down the item's
               rows (Word's vMerge, ODF's covered cells, HTML's rowspan): .docx, .odt, .html;

as .docx (Word), .odt (OpenDocument), .html and .pdf, and .layout.txt: the PDF's pages as
text aligned with spaces (what pdftotext -layout prints). The header paragraphs, the
"Term/Definition" table and the plan's summary table are copied from the plan text.
Section and "Directed to:" rows are merged cells. The PDF repeats the header row on every
page and lets a page break cut a row in two. tests/import/test_forms.sh imports each and
compares the plan with the text import exactly.
"""
import html
import os
import re
import subprocess
import sys
import zipfile

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so that the files are the same on every run


# ---- the plan, read back from actionboard's YAML (its own emitter's fixed form) --------

def unquote(s):
    """A double-quoted YAML scalar as the emitter writes it."""
    assert s[0] == '"' and s[-1] == '"', s
    out, i, body = [], 0, s[1:-1]
    esc = {'"': '"', '\\': '\\', 'n': '\n', 't': '\t', '/': '/', '0': '\0', 'N': '\x85', '_': '\xa0'}
    while i < len(body):
        c = body[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in 'xuU':
            k = {'x': 2, 'u': 4, 'U': 8}[n]
            out.append(chr(int(body[i + 2:i + 2 + k], 16)))
            i += 2 + k
        else:
            out.append(esc[n])
            i += 2
    return ''.join(out)


def read_plan(yaml_text):
    plan, items, item, act = {}, [], None, None
    for line in yaml_text.splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        m = re.match(r'^( *)(- )?([a-z_]+): ?(.*)$', line)
        if not m:
            continue
        ind, dash, key, val = len(m.group(1)), m.group(2), m.group(3), m.group(4)
        if val.startswith('"'):
            val = unquote(val)
        elif val.startswith('['):
            val = [unquote(q) for q in re.findall(r'"(?:[^"\\]|\\.)*"', val)]
        if ind == 0 and not dash:
            plan[key] = val
        elif ind == 0 and dash and key == 'ref':
            item = {'ref': val, 'actions': []}
            items.append(item)
        elif ind == 2 and dash and key == 'id':
            act = {'id': val}
            item['actions'].append(act)
        elif ind == 2 and key != 'actions':
            item[key] = val
        elif ind == 4:
            act[key] = val
    plan['items'] = items
    return plan


# ---- the document, as blocks: ('p', text) or ('table', rows, header_rows) -----------------
# A row is a list of cells; a cell is (span, [paragraph, ...]).

def clean(s):
    s = re.sub(r'<[^>]*>', ' ', s)
    return ' '.join(html.unescape(s).split())


def text_blocks(lines):
    """Plan-text lines outside the plan table: paragraphs, and tables of tabbed lines."""
    blocks, rows = [], []
    for ln in lines + ['']:
        if '\t' in ln:
            rows.append([(1, [clean(c)]) for c in ln.split('\t')])
            continue
        if rows:
            width = max(len(r) for r in rows)
            blocks.append(('table', [r + [(1, [''])] * (width - len(r)) for r in rows], 0))
            rows = []
        if ln.strip() and not re.fullmatch(r'[-\s]+', ln):
            blocks.append(('p', clean(ln)))
    return blocks


SECTIONS = {'priority': 'Priority concerns', 'key': 'Key concerns', 'general': 'General recommendations'}
AGREE = {'agreed': 'Agreed', 'partly_agreed': 'Partly Agreed', 'not_agreed': 'Not Agreed'}


def plan_rows(plan, header, layout):
    cols = len(header)
    recs = plan['scheme'] == 'recommendations'
    roles = {'ref': 0, 'find': 1}
    for i, h in enumerate(header):
        lh = h.lower()
        if 'agreed' in lh:
            roles['agree'] = i
        elif 'owner' in lh:
            roles['owner'] = i
        elif 'target' in lh or 'date' in lh:
            roles['target'] = i
        elif 'response' in lh or 'action' in lh:
            roles['resp'] = i

    def row(**cells):
        r = [(1, []) for _ in range(cols)]
        for role, paras in cells.items():
            r[roles[role]] = (1, paras)
        return r

    rows, cat, directed = [], None, None
    for it in plan['items']:
        if it['category'] != cat:
            cat = it['category']
            name = SECTIONS[cat] + (' and recommendations' if cat == 'key' and recs else '')
            rows.append([(cols, [name])])
        if it.get('directed_to') and it['directed_to'] != directed:
            directed = it['directed_to']
            rows.append([(cols, ['Directed to: ' + directed])])
        ref = it['ref'] + (' (%s)' % it['seq'] if it.get('seq') else '')
        find = it['text'] + (' (repeated recommendation %s)' % it['repeated_from'] if it.get('repeated_from') else '')
        agree = [AGREE[it['agreement']]] if it.get('agreement') else []
        note = [it['agreement_note']] if it.get('agreement_note') else []
        acts = it['actions']
        first = dict(ref=[ref], find=[find])
        if recs:
            first['agree'] = agree
        if layout == 'items':
            rows.append(row(resp=note + [a['text'] for a in acts],
                            owner=[''] * len(note) + [' / '.join(a['owners']) for a in acts],
                            target=[''] * len(note) + [a.get('target', '') for a in acts], **first))
            continue
        start = len(rows)
        if note or not acts:
            rows.append(row(resp=note, **first))
            first = {}
        for a in acts:
            rows.append(row(resp=[a['text']], owner=list(a['owners']), target=[a.get('target', '')], **first))
            first = {}
        if layout == 'merged':  # the ref, finding and agreement cells span the item's rows
            n = len(rows) - start
            for role in ('ref', 'find', 'agree'):
                if role in roles and (role != 'agree' or recs):
                    c = roles[role]
                    rows[start][c] = (1, rows[start][c][1], n)
                    for r in rows[start + 1:]:
                        r[c] = (1, None)  # covered by the cell above
    return rows


def document(txt_path, plan, layout):
    lines = open(txt_path, encoding='utf-8').read().split('\n')
    h = next(i for i, ln in enumerate(lines) if '\t' in ln and 'rec no' in ln.lower())
    end = next((i for i in range(h + 1, len(lines)) if re.fullmatch(r'[^\t]+\t[^\t]*', lines[i])), len(lines))
    header = [clean(c) for c in lines[h].split('\t')]
    blocks = text_blocks(lines[:h])
    blocks.append(('table', [[(1, [c]) for c in header]] + plan_rows(plan, header, layout), 1))
    blocks += text_blocks(lines[end:])
    return blocks


# ---- Word ---------------------------------------------------------------------------

def x(s):
    return html.escape(s, quote=True)


def docx_para(t):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % x(t)


def write_docx(path, blocks):
    body = []
    for b in blocks:
        if b[0] == 'p':
            body.append(docx_para(b[1]))
            continue
        rows, nhead = b[1], b[2]
        width = sum(s for s, _ in rows[0])
        body.append('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>%s</w:tblGrid>'
                    % ('<w:gridCol w:w="2000"/>' * width))
        for i, r in enumerate(rows):
            body.append('<w:tr>' + ('<w:trPr><w:tblHeader/></w:trPr>' if i < nhead else ''))
            for cell in r:
                span, paras, down = cell + (1,) * (3 - len(cell))
                pr = ('<w:gridSpan w:val="%d"/>' % span if span > 1 else '') + (
                    '<w:vMerge/>' if paras is None else '<w:vMerge w:val="restart"/>' if down > 1 else '')
                body.append('<w:tc><w:tcPr>%s</w:tcPr>' % pr)
                body.append(''.join(docx_para(p) for p in paras or []) or '<w:p/>')
                body.append('</w:tc>')
            body.append('</w:tr>')
        body.append('</w:tbl><w:p/>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + ''.join(body) + '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>'
           '</w:body></w:document>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in (('[Content_Types].xml', types), ('_rels/.rels', rels), ('word/document.xml', doc)):
            z.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)


# ---- OpenDocument -----------------------------------------------------------------------

def write_odt(path, blocks):
    body = []
    for b in blocks:
        if b[0] == 'p':
            body.append('<text:p>%s</text:p>' % x(b[1]))
            continue
        rows, nhead = b[1], b[2]
        width = sum(s for s, _ in rows[0])
        body.append('<table:table><table:table-column table:number-columns-repeated="%d"/>' % width)
        for i, r in enumerate(rows):
            if i == 0 and nhead:
                body.append('<table:table-header-rows>')
            body.append('<table:table-row>')
            for cell in r:
                span, paras, down = cell + (1,) * (3 - len(cell))
                if paras is None:
                    body.append('<table:covered-table-cell/>')
                    continue
                body.append('<table:table-cell office:value-type="string"%s%s>'
                            % (' table:number-columns-spanned="%d"' % span if span > 1 else '',
                               ' table:number-rows-spanned="%d"' % down if down > 1 else ''))
                body.append(''.join('<text:p>%s</text:p>' % x(p) for p in paras) or '<text:p/>')
                body.append('</table:table-cell>' + '<table:covered-table-cell/>' * (span - 1))
            body.append('</table:table-row>')
            if i == nhead - 1:
                body.append('</table:table-header-rows>')
        body.append('</table:table>')
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content %s office:version="1.2">'
               '<office:body><office:text>%s</office:text></office:body></office:document-content>'
               % (ns, ''.join(body)))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype', ZIP_DATE), 'application/vnd.oasis.opendocument.text',
                   zipfile.ZIP_STORED)
        for name, data in (('content.xml', content), ('META-INF/manifest.xml', manifest)):
            z.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)


# ---- HTML -------------------------------------------------------------------------------

def write_html(path, blocks, title):
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>%s</title>'
           '<style>td{vertical-align:top}</style></head><body>' % x(title)]
    for b in blocks:
        if b[0] == 'p':
            out.append('<p>%s</p>\n' % x(b[1]))
            continue
        rows, nhead = b[1], b[2]
        out.append('<table border="1">\n')
        for i, r in enumerate(rows):
            tag = 'th' if i < nhead else 'td'
            out.append('<thead>' if i == 0 and nhead else '<tbody>' if i == nhead else '')
            out.append('<tr>')
            for cell in r:
                span, paras, down = cell + (1,) * (3 - len(cell))
                if paras is None:
                    continue  # under a cell spanning rows
                out.append('<%s%s%s>' % (tag, ' colspan="%d"' % span if span > 1 else '',
                                         ' rowspan="%d"' % down if down > 1 else ''))
                out.append(''.join('<p>%s</p>' % x(p) for p in paras) if len(paras) > 1
                           else x(paras[0]) if paras else '')
                out.append('</%s>' % tag)
            out.append('</tr>\n' + ('</thead>' if i == nhead - 1 else ''))
        out.append('</tbody></table>\n')
    out.append('</body></html>\n')
    open(path, 'w', encoding='utf-8').write(''.join(out))


# ---- PDF (and the same pages as space-aligned text) ----------------------------------------
# Courier 8 pt on landscape A4: every character is 4.8 pt wide, so the text can be laid
# out in character cells and written both as PDF and as the text pdftotext -layout gives.

FS, CW, LEAD = 8.0, 4.8, 10.0           # font size, character width, line pitch
PAGE_W, PAGE_H, LEFT, TOP = 842, 595, 30.0, 40.0
LINES_PER_PAGE = 50


def wrap(t, width):
    """Lines of at most width characters, broken at spaces; a longer word (a web address)
    after a '/' or '-' inside it, as Word breaks it."""
    words, lines, cur = t.split(), [], ''
    for w in words:
        while len(w) > width - len(cur) - 1 and len(w) > 12:
            cut = max(w.rfind('/', 0, width - len(cur) - (1 if cur else 0)),
                      w.rfind('-', 0, width - len(cur) - (1 if cur else 0)))
            if cut < 1 or not w[cut - 1].isalnum() or not w[cut + 1:cut + 2].isalnum():
                break
            lines.append((cur + ' ' if cur else '') + w[:cut + 1])
            cur, w = '', w[cut + 1:]
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += ' ' + w
        elif cur[-1] in '-/' and ' ' in cur:
            # a line never ends in a word ending in '-' or '/': it would read as one
            # broken inside a word and be joined to the next without its space
            cur, last = cur.rsplit(' ', 1)
            lines.append(cur)
            cur = last + ' ' + w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


def cell_lines(paras, width):
    """A cell's paragraphs as lines, a blank line between paragraphs ('' for an empty one)."""
    out = []
    for i, p in enumerate(paras):
        if i:
            out.append(None)
        out += wrap(p, width) or [None]
    return out


def table_widths(rows):
    n = sum(s for s, _ in rows[0])
    if n == 2:
        return [30, 10]
    if n == 3:
        return [20, 60, 70]
    if n == 5:
        return [10, 40, 70, 24, 12]
    return [10, 34, 14, 58, 22, 16]


def lay_row(row, widths):
    """A row as a list of lines, each a list of (column start, text). Cells with as many
    paragraphs as the row's most (several), as the action, owner and target cells of one
    row per item, are printed side by side: each paragraph beside its action."""
    starts, at = [], 0
    for w in widths:
        starts.append(at)
        at += w + 2
    k, cells = 0, []
    for span, paras in row:
        cells.append((starts[k], sum(widths[k:k + span]) + 2 * (span - 1), paras))
        k += span
    most = max(len(p) for _, _, p in cells)
    lock = [c for c in cells if most > 1 and len(c[2]) == most]
    laid = {c[0]: cell_lines(c[2], c[1]) for c in cells if c not in lock}
    for c in lock:
        laid[c[0]] = []
    for i in range(most if lock else 0):
        parts = {c[0]: wrap(c[2][i], c[1]) for c in lock}
        h = max(len(p) for p in parts.values())
        for c in lock:
            laid[c[0]] += ([None] if i else []) + parts[c[0]] + [None] * (h - len(parts[c[0]]))
    n = max(len(ls) for ls in laid.values())
    return [[(s, laid[s][i]) for s, _, _ in cells if i < len(laid[s]) and laid[s][i]] for i in range(n)]


def layout_pages(blocks):
    """The document as pages of lines; a line is a list of (column, text), [] a blank line."""
    pages, page = [], []

    def room():
        return LINES_PER_PAGE - len(page)

    def new_page():
        nonlocal page
        pages.append(page)
        page = []

    for b in blocks:
        if b[0] == 'p':
            for ln in wrap(b[1], 160):
                if not room():
                    new_page()
                page.append([(0, ln)])
            page.append([])
            continue
        rows, nhead = b[1], b[2]
        widths = table_widths(rows)
        starts_owner = sum(w + 2 for w in widths[:-2])  # the owner and target columns
        head = [ln for r in rows[:nhead] for ln in lay_row(r, widths)]
        if room() < len(head) + 4:
            new_page()
        page += head + ([[]] if head else [])
        for r in rows[nhead:]:
            lines = lay_row(r, widths)
            while lines:
                if room() < 2:
                    new_page()
                    page += head + ([[]] if head else [])
                k = min(len(lines), room() - 1)
                if k < len(lines):  # the page break cuts the row: not after a blank line,
                    # nor inside an owner or target (a name cut in two is ambiguous)
                    while k > 1 and (not lines[k - 1] or not lines[k] or
                                     any(c >= starts_owner and any(c2 == c for c2, _ in lines[k]) for c, _ in lines[k - 1])):
                        k -= 1
                    finding = [ln for ln in lines[k:] if any(c == widths[0] + 2 for c, _ in ln)]
                    if len(finding) == 1 and len(finding[0][0][1].split()) == 1 and k > 2:
                        k -= 1  # a lone word of the finding would read as debris
                page += lines[:k]
                lines = lines[k:]
                if lines:
                    new_page()
                    page += head + ([[]] if head else [])
            page.append([])
        page.append([])
    if page:
        pages.append(page)
    return pages


def line_text(ln):
    s = ''
    for col, t in ln:
        s = s.ljust(col) + t
    return s


def write_layout(path, pages):
    open(path, 'w', encoding='utf-8').write(
        '\f'.join('\n'.join(line_text(ln) for ln in p) + '\n' for p in pages))


def pdf_str(t):
    b = t.encode('cp1252')
    return b.replace(b'\\', b'\\\\').replace(b'(', b'\\(').replace(b')', b'\\)')


def write_pdf(path, pages):
    objs = []  # bodies, numbered from 3 (1: catalog, 2: page tree)

    def add(body):
        objs.append(body)
        return len(objs) + 2

    font = add(b'<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>')
    kids = []
    for p in pages:
        ops = [b'BT /F1 %.1f Tf' % FS]
        for i, ln in enumerate(p):
            y = PAGE_H - TOP - i * LEAD
            for col, t in ln:
                ops.append(b'1 0 0 1 %.2f %.2f Tm (%s) Tj' % (LEFT + col * CW, y, pdf_str(t)))
        ops.append(b'ET')
        data = b'\n'.join(ops)
        content = add(b'<< /Length %d >>\nstream\n%s\nendstream' % (len(data), data))
        kids.append(add(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> '
                        b'/Contents %d 0 R >>' % (PAGE_W, PAGE_H, font, content)))
    bodies = [b'<< /Type /Catalog /Pages 2 0 R >>',
              b'<< /Type /Pages /Kids [%s] /Count %d >>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))] + objs
    open(path, 'wb').write(pdf_bytes(bodies))


def pdf_bytes(bodies, trailer_extra=b''):
    """A PDF file of these object bodies, numbered from 1 (1: the catalog), with its
    cross-reference table. tests/import/test_hostile_docs.py makes its PDFs with it too."""
    out, offsets = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'), []
    for i, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n%s\nendobj\n' % (i, body)
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(bodies) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n' % (len(bodies) + 1, trailer_extra, xref)
    return bytes(out)


# ---- the whole --------------------------------------------------------------------------

def main():
    ab = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, 'forms')
    os.makedirs(outdir, exist_ok=True)
    for txt in sorted(f for f in os.listdir(here) if re.fullmatch(r'\d{3}_[0-9a-f]+\.txt', f)):
        path = os.path.join(here, txt)
        yaml_text = subprocess.run([ab, 'import', '--no-source', path], check=True, capture_output=True,
                                   text=True).stdout
        plan = read_plan(yaml_text)
        for layout in ('items', 'rows', 'merged'):
            blocks = document(path, plan, layout)
            base = os.path.join(outdir, '%s-%s' % (txt[:3], layout))
            write_docx(base + '.docx', blocks)
            write_odt(base + '.odt', blocks)
            write_html(base + '.html', blocks, 'Action plan')
            if layout == 'merged':
                continue  # printed, merged cells look as the rows layout does
            pages = layout_pages(blocks)
            write_pdf(base + '.pdf', pages)
            write_layout(base + '.layout.txt', pages)


if __name__ == '__main__':
    main()
