#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpora fuzz/seeds/<target>/: copies of test data and shipped files,
# real request bodies (as the API tests send them), uploads and spreadsheets. Run
# from the repository root; the output is committed, so fuzzing needs no Python.
import io, json, os, shutil, zipfile

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seeds')
repo = os.path.dirname(os.path.dirname(root))


def put(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def copy(target, path, name=None):
    put(target, name or os.path.basename(path), open(os.path.join(repo, path), 'rb').read())


# JSON bodies: POST /api/v1/persons (tests/api/registry.test.mjs), users, eligibility.
mother = {
    'country': 'KAZ',
    'names': [{'kind': 'official', 'full_name': 'Абдрашова Гульнара Маратовна',
               'family': 'Абдрашова', 'given': 'Гульнара', 'patronymic': 'Маратовна'}],
    'sex': 'F', 'birth_date': '1990-04-12', 'birth_place': 'Нукус',
    'nationalities': [{'claim': 'stateless', 'basis': 'declared'}],
    'identity_documents': [{'type': 'residence_permit', 'number': 'RP-4411207',
                            'issuer': 'KAZ', 'valid_from': '1993-05-01'}],
    'specific_needs': ['single_parent'], 'languages': ['ru', 'kaa'],
    'interpreter_needed': True, 'contact': '+7 700 000 0000'}
child = {'country': 'KAZ', 'names': [{'full_name': 'Абдрашова Айлин', 'family': 'Абдрашова',
                                      'given': 'Айлин'}],
         'sex': 'F', 'birth_date': '2019-09-01', 'nationalities': [{'claim': 'undetermined'}]}
put('body_json_fuzz', 'person_mother.json', json.dumps(mother, ensure_ascii=False))
put('body_json_fuzz', 'person_child.json', json.dumps(child, ensure_ascii=False))
put('body_json_fuzz', 'person_approximate.json', json.dumps(
    {'country': 'UZB', 'names': [{'full_name': 'Karimov Rustam'}], 'birth_date': '~1975',
     'confirm_new': True, 'identity_documents': [{'type': 'passport', 'number': 'N1',
                                                  'valid_until': '2023-02-30'}]}))
put('body_json_fuzz', 'user.json', json.dumps(
    {'login': 'officer.kz', 'display_name': 'Айгерим', 'password': 'correct horse battery',
     'role': 'officer', 'country': 'KAZ', 'organisation': 'UNHCR', 'language': 'ru'},
    ensure_ascii=False))
put('body_json_fuzz', 'eligibility.json', json.dumps(
    {'country': 'KAZ', 'nationality_claims': ['stateless'], 'document_type': 'passport',
     'document_valid_from_before': '1995-01-01', 'born_before': '2000',
     'decision': 'grant', 'legal_basis': 'Art. 12', 'fingerprint': 'abc123'}))
put('body_json_fuzz', 'nested.json', '{"names":[[[[[[[[[[[]]]]]]]]]]]}')

# Forms: the user form as the browser posts it, a token form, a target and cookies.
put('body_form_fuzz', 'user_form.txt',
    'csrf=3f9c2a&login=officer.kz&display_name=%D0%90%D0%B9%D0%B3%D0%B5%D1%80%D0%B8%D0%BC'
    '&password=correct+horse+battery&role=officer&country=kaz&organisation=UNHCR&language=ru')
put('body_form_fuzz', 'token_form.txt', 'name=import+job&valid_days=30&country=KAZ&submit=')
put('body_form_fuzz', 'target.txt', '/api/v1/persons?q=%D0%90%D0%B1%D0%B4&country=KAZ&page=2')
put('body_form_fuzz', 'cookies.txt', 'nansen_session=Zm9vYmFy; nansen_csrf=3f9c2a; lang=ru')

# Multipart: first line Content-Type, then the body (the import forms).
csv = open(os.path.join(repo, 'tests/data/pledges/short_row.csv'), 'rb').read()
def multipart(boundary, parts):
    out = b''
    for name, filename, ctype, data in parts:
        out += b'--' + boundary + b'\r\n'
        disp = b'Content-Disposition: form-data; name="' + name + b'"'
        if filename is not None:
            disp += b'; filename="' + filename + b'"'
        out += disp + b'\r\n'
        if ctype:
            out += b'Content-Type: ' + ctype + b'\r\n'
        out += b'\r\n' + data + b'\r\n'
    return out + b'--' + boundary + b'--\r\n'
b = b'----WebKitFormBoundary7MA4YWxkTrZu0gW'
put('multipart_fuzz', 'csv_import.txt', b'multipart/form-data; boundary=' + b + b'\n' + multipart(
    b, [(b'csrf', None, None, b'3f9c2a'), (b'mode', None, None, b'preview'),
        (b'file', b'pledges.csv', b'text/csv', csv)]))
put('multipart_fuzz', 'quoted_boundary.txt',
    b'multipart/form-data; boundary="xyz"\n' + multipart(b'xyz', [(b'\xd0\xb8\xd0\xbc\xd1\x8f', None, None, b'v')]))

# Spreadsheets: a workbook as Excel lays it out (shared strings, numbers, a sparse row),
# one with inline strings and no relationships, and a ZIP bomb the ratio guard refuses.
def xlsx(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return buf.getvalue()
ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
      'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType='
      '"application/xml"/></Types>')
wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
      'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"><sheets><sheet name="Pledges" sheetId="1" r:id="rId1"/></sheets></workbook>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')
sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>pledge_id</t></si><si><t>'
       'entity</t></si><si><t>amount</t></si><si><r><t>Казахстан</t></r><r><t xml:space="'
       'preserve"> (MFA)</t></r></si></sst>')
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org'
         '/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" '
         't="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2"><v>12</v></c>'
         '<c r="B2" t="s"><v>3</v></c><c r="C2"><v>45000.5</v></c></row><row r="4"><c r="C4" '
         't="str"><v>=SUM(C2)</v></c></row></sheetData></worksheet>')
put('xlsx_fuzz', 'workbook.xlsx', xlsx([('[Content_Types].xml', ct), ('xl/workbook.xml', wb),
                                        ('xl/_rels/workbook.xml.rels', rels),
                                        ('xl/sharedStrings.xml', sst),
                                        ('xl/worksheets/sheet1.xml', sheet)]))
inline = ('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
          '</row><row r="2"><c r="A2" t="inlineStr"><is><t>Абдрашов</t></is></c></row>'
          '</sheetData></worksheet>')
put('xlsx_fuzz', 'inline.xlsx', xlsx([('xl/workbook.xml', '<workbook><sheets><sheet name="a"/>'
                                       '</sheets></workbook>'),
                                      ('xl/worksheets/sheet1.xml', inline)]))
put('xlsx_fuzz', 'bomb.xlsx', xlsx([('xl/workbook.xml', wb),
                                    ('xl/worksheets/sheet1.xml', b'<' * (8 << 20))]))
for name, data in (('workbook.xml', wb), ('sharedStrings.xml', sst), ('sheet1.xml', sheet),
                   ('rels.xml', rels), ('doctype.xml', '<?xml version="1.0"?><!DOCTYPE a '
                   '[<!ENTITY b "bbbb">]><a>&b;&b;</a>')):
    put('xml_fuzz', name, data)

# MRZ: the ICAO specimen and the other rows of the check table, then a composing line.
for i, line in enumerate(l for l in open(os.path.join(repo, 'tests/data/documents/td3_check.tsv'),
                                         encoding='utf-8') if l.strip() and not l.startswith('#')):
    one, two = line.rstrip('\n').split('\t')[:2]
    put('mrz_fuzz', 'td3_%02d.txt' % i, one + '\n' + two + '\n' + 'Абдрашова|Гульнара|SP0000042|')
    if i >= 7:
        break

# Dates with precision, and instants.
for i, d in enumerate(['1988', '1990-05', '~1990-05', '2024-02-29', '2023-02-29', '~1975-12-31',
                       '2024-10-04T09:30:00Z', '1800-01-01', '2200-12-31']):
    put('date_fuzz', 'date_%d.txt' % i, d)

# Procedure definitions: every one we ship, the test fixtures and a broken one.
for f in sorted(os.listdir(os.path.join(repo, 'share/procedures'))):
    copy('procedure_fuzz', 'share/procedures/' + f)
copy('procedure_fuzz', 'tests/data/procedures/mini.json')
copy('procedure_fuzz', 'tests/data/procedures/broken/dead_end_state.json')

# Configuration: the one the package installs, and the README's examples.
for p in ('packaging/nansen.toml', 'share/nansen.toml', 'packaging/debian/nansen.toml'):
    if os.path.exists(os.path.join(repo, p)):
        copy('config_fuzz', p, p.replace('/', '_'))
put('config_fuzz', 'full.toml', '''# Nansen — конфигурация
[database]
url = "postgresql://nansen@localhost/nansen"
[server]
listen = "127.0.0.1:8080"
threads = 4
max_body_bytes = 1048576
public_url = "https://nansen.example.org"
[security]
session_idle_minutes = 30
key_file = '/var/lib/nansen/nansen.key'
secure_cookies = true
[log]
level = "info"
[office]
time_zone = "Asia/Almaty"
''')

# CSV: the pledge and person imports' test files.
for f in ('people.csv', 'bad_dob_multiline.csv', 'nameless.csv'):
    copy('csv_fuzz', 'tests/data/match/' + f)
for f in ('unterminated_quote.csv', 'invalid_utf8.csv', 'short_row.csv', 'unknown_enumerations.csv'):
    copy('csv_fuzz', 'tests/data/pledges/' + f)

# Names: the parser's test table, one input per seed.
for i, line in enumerate(l for l in open(os.path.join(repo, 'tests/data/text/parse_cases.tsv'),
                                         encoding='utf-8') if l.strip() and not l.startswith('#')):
    put('name_parser_fuzz', 'case_%02d.txt' % i, line.split('\t')[0])
    put('translit_fuzz', 'case_%02d.txt' % i, line.split('\t')[0])
    if i >= 15:
        break
