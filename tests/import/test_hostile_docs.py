#!/usr/bin/python3
"""Hostile and broken documents: `import` refuses each with a clear message, exit 65,
and writes nothing (TAP).

usage: test_hostile_docs.py ACTIONBOARD DATA_DIR

Every input is made here (none is committed): a .docx whose XML inflates to 200 MB (a zip
bomb), and one whose zip headers lie about the size; billion laughs and an external
entity in a .docx and an .odt; XML and HTML nested a million levels deep, and XML
100,000 deep (libxml2's own limit); XML and HTML of 300,000 elements; an HTML cell of
30,000 paragraphs; space-aligned text with a 10 MB line, and of 600,000 lines; a damaged
and a truncated zip; a zip that is no document; an old binary Word file; an encrypted
PDF; a PDF of 10,000 pages; a PDF with no text (a scan). Each runs with -o: the output file must
not exist afterwards. Each also runs with its data segment limited to 64 MB (RLIMIT_DATA):
the refusal must come the same way (skipped, and said so, when even a good document cannot
be read under the limit, as under AddressSanitizer). Time is measured by bench/, not here;
a run over 20 s counts as a hang.
"""
import importlib.util
import io
import os
import resource
import subprocess
import sys
import tempfile
import zipfile
import zlib

AB, DATA = sys.argv[1:3]
_spec = importlib.util.spec_from_file_location('gen_fixtures', os.path.join(DATA, 'gen_fixtures.py'))
GEN = importlib.util.module_from_spec(_spec)  # its PDF writer
_spec.loader.exec_module(GEN)
N = 0
FAILED = 0
LIMIT = 64 << 20


def ok(cond, name, detail=''):
    global N, FAILED
    N += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', N, name))
    if not cond:
        FAILED += 1
        for line in str(detail).splitlines()[:10]:
            print('#   ' + line)


def skip(name, why):
    global N
    N += 1
    print('ok %d - %s # SKIP %s' % (N, name, why))


def limited():
    resource.setrlimit(resource.RLIMIT_DATA, (LIMIT, LIMIT))


def run(path, out, limit=False):
    try:
        p = subprocess.run([AB, 'import', path, '-o', out], capture_output=True, text=True, timeout=20,
                           preexec_fn=limited if limit else None)
        return p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        return -1, 'timed out (20 s): a hang'


# ---- the documents -------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(document_xml, level=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', level) as z:
        z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', document_xml)
    return b.getvalue()


def odt(content_xml):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w') as z:
        z.writestr('mimetype', 'application/vnd.oasis.opendocument.text', zipfile.ZIP_STORED)
        z.writestr('content.xml', content_xml, zipfile.ZIP_DEFLATED)
    return b.getvalue()


def zip_bomb(mb, zip64=True):
    """word/document.xml of `mb` MB, streamed so that the test itself stays small."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types/>')
        with z.open('word/document.xml', 'w', force_zip64=zip64) as f:
            f.write(('<w:document %s><w:body><w:p><w:r><w:t>' % W).encode())
            chunk = b' ' * (1 << 20)
            for _ in range(mb):
                f.write(chunk)
            f.write(b'</w:t></w:r></w:p></w:body></w:document>')
    return b.getvalue()


def lying_bomb():
    """A bomb whose local and central headers say document.xml is 1000 bytes."""
    data = bytearray(zip_bomb(50, zip64=False))
    for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_len = int.from_bytes(data[at + (26 if sig == b'PK\x03\x04' else 28):][:2], 'little')
            name_at = at + (30 if sig == b'PK\x03\x04' else 46)
            if data[name_at:name_at + name_len] == b'word/document.xml':
                if data[at + off:at + off + 4] != b'\xff\xff\xff\xff':
                    data[at + off:at + off + 4] = (1000).to_bytes(4, 'little')
            at += 4
    return bytes(data)


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
          + ''.join('<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9))
          + ']>\n<w:document %s><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>' % W)
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<w:document %s><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>' % W)
ODT_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa">'
              + ''.join('<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9))
              + ']>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
              '<text:p>&j;</text:p></office:text></office:body></office:document-content>')


# The top of a plan whose table header is aligned by spaces.
PLAN_HEAD = (b'Action Plan: HMP Brixton\nInspection: 1 June 2021\n'
             b'1. Rec No   2. Concerns     3. Response Action Taken    4. Responsible Owner   5. Target Date\n')


def deep_docx(n):
    return docx('<w:document %s><w:body>%s%s</w:body></w:document>' % (W, '<w:sdt>' * n, '</w:sdt>' * n))


def pdf(objs, trailer_extra=b''):
    """A PDF of the given object bodies (1: catalog, 2: pages, ...)."""
    return GEN.pdf_bytes(objs, trailer_extra + b' ' if trailer_extra else b'')


def stream(data):
    return b'<< /Length %d >>\nstream\n%s\nendstream' % (len(data), data)


def pages_pdf(n, content, font=False, width=595):
    kids = b' '.join(b'%d 0 R' % (4 + i) for i in range(n))
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, n),
            stream(content)]
    res = b'/Resources << /Font << /F1 %d 0 R >> >> ' % (4 + n) if font else b''
    objs += [b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 842] %s/Contents 3 0 R >>' % (width, res)] * n
    if font:
        objs.append(b'<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>')
    return pdf(objs)


def encrypted_pdf():
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
            stream(b'BT ET'), b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>',
            b'<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>' % (b'11' * 32, b'22' * 32)]
    return pdf(objs, b'/Encrypt 5 0 R /ID [<%s> <%s>]' % (b'ab' * 16, b'ab' * 16))


def main():
    good = os.path.join(DATA, 'forms', '000-items.docx')
    cases = [
        ('a zip bomb .docx (200 MB of XML)', 'bomb.docx', zip_bomb(200), 'inflates to more than'),
        ('a zip bomb whose headers say 1000 bytes', 'liar.docx', lying_bomb(), 'word/document.xml'),
        ('billion laughs in a .docx', 'laughs.docx', docx(LAUGHS), 'declares a DTD or entities'),
        ('an external entity in a .docx', 'external.docx', docx(EXTERNAL), 'declares a DTD or entities'),
        ('billion laughs in an .odt', 'laughs.odt', odt(ODT_LAUGHS), 'declares a DTD or entities'),
        ('XML nested 10^6 deep (15 MB: over the inflate cap)', 'deep.docx', deep_docx(10 ** 6), 'inflates to more than'),
        ('XML nested 100,000 deep (under the caps: libxml2\'s depth limit)', 'deeper.docx', deep_docx(100000),
         'is not readable XML'),
        ('HTML nested 10^6 deep', 'deep.html', b'<html><body>' + b'<div>' * 10 ** 6 + b'</body></html>',
         'nested more than'),
        ('XML of 300,000 elements (a tree past the memory bound)', 'wide.docx',
         docx('<w:document %s><w:body>%s</w:body></w:document>' % (W, '<w:p/>' * 300000)), 'more than 250000 elements'),
        ('HTML of 300,000 tags', 'wide.html', b'<html><body>' + b'<p>' * 300000 + b'</body></html>',
         'more than 250000 tags'),
        ('HTML with 30,000 paragraphs in one cell', 'cell.html',
         b'<html><body><table><tr><td>' + b'<p>x</p>' * 30000 + b'</td></tr></table></body></html>',
         'paragraphs in one cell'),
        ('space-aligned text with a 10 MB line', 'long.txt',
         PLAN_HEAD + b'1.1  ' + b'a ' * 5000000 + b'\n', 'no action plan table'),
        ('HTML with a 10 MB paragraph', 'para.html', b'<html><body><p>' + b'a ' * 5000000 + b'</p></body></html>',
         'KB in one paragraph'),
        ('space-aligned text of 600,000 lines', 'lines.txt', PLAN_HEAD + b'\n' * 600000, 'more than 500000 lines'),
        ('a damaged zip', 'damaged.docx', b'PK\x03\x04' + os.urandom(4000) + b'word/document.xml', 'zip is damaged'),
        ('a truncated .docx', 'cut.docx', open(good, 'rb').read()[:3000], 'damaged'),
        ('a zip that is no document', 'other.zip', docx('x').replace(b'word/document.xml', b'word/other.xxx'),
         'neither a Word'),
        ('an old binary Word file', 'old.doc', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(4000), 'save it as .docx'),
        ('an encrypted PDF', 'locked.pdf', encrypted_pdf(), 'encrypted'),
        ('a PDF of 10,000 pages', 'huge.pdf', pages_pdf(10000, b'BT /F1 8 Tf (x) Tj ET'), '10000 pages'),
        ('a PDF page a billion points wide, text at its far end', 'far.pdf',
         pages_pdf(1, b'BT /F1 8 Tf 1 0 0 1 30 500 Tm (Rec No) Tj 1 0 0 1 999999000 500 Tm (far) Tj ET',
                   font=True, width=1000000000), 'no action plan table'),
        ('a PDF of 17 MB (past the input limit, not cut short)', 'big.pdf',
         pages_pdf(1, b'BT ET') + b'%' + b' ' * (17 << 20) + b'\n', 'file too large'),
        ('a PDF with no text (a scan)', 'scan.pdf', pages_pdf(2, b'0 0 m 100 100 l S'), 'OCR is not done'),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'plan.yaml')
        rc, err = run(good, out, limit=True)
        memory_ok = rc == 0
        if os.path.exists(out):
            os.unlink(out)
        for name, fname, data, says in cases:
            path = os.path.join(tmp, fname)
            with open(path, 'wb') as f:
                f.write(data)
            rc, err = run(path, out)
            if rc == 69:  # a build without the library this form needs (import-unavailable)
                skip('%s: exit 65' % name, 'this build cannot read the form: ' + err.strip())
                os.unlink(path)
                continue
            ok(rc == 65 and says in err and 'Sanitizer' not in err, '%s: exit 65, "%s"' % (name, says),
               'exit %d: %s' % (rc, err))
            ok(not os.path.exists(out), '%s: nothing written' % name)
            if memory_ok:
                rc, err = run(path, out, limit=True)
                ok(rc == 65 and says in err, '%s: the same within 64 MB of data' % name, 'exit %d: %s' % (rc, err))
            else:
                skip('%s: the same within 64 MB of data' % name, 'a good .docx does not import under the limit here')
            os.unlink(path)
    print('1..%d' % N)
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
