"Claim assembly and the `medwork claims` command, run as a user runs them."
import csv, json, shutil, subprocess, sys
from pathlib import Path
import pytest
from medwork.claims import demo_assembly, practice_tables
from medwork.core import data_dir
from medwork.x12 import pyx12_validate, read_837

EVAL = Path(__file__).parent/'data'/'x12'

def run(*args):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    return subprocess.run([exe, 'claims', *args], capture_output=True, text=True, timeout=600)

def test_demo_rows_all_accounted_for():
    a = demo_assembly()
    with open(data_dir()/'claim_lines.csv') as f: n = sum(1 for _ in csv.DictReader(f))
    assert a.rows_in == n == a.rows_on_claims + len(a.rejections)
    assert sum(len(c.lines) for c in a.claims) == a.rows_on_claims
    for r in a.rejections: assert r.reason and r.row >= 1

def test_user_csv_with_bad_rows(tmp_path):
    p = tmp_path/'lines.csv'
    rows = [dict(patient_id='SYN-P000001', provider_id='SYN-D0001', payer_id='SYN-Y01', dos='2026-05-02', code='99213', icd10cm='I10', units='1'),
            dict(patient_id='SYN-P000001', provider_id='SYN-D0001', payer_id='SYN-Y01', dos='2026-05-02', code='36415', icd10cm='E11.9|I10', units='1'),
            dict(patient_id='NOPE', provider_id='SYN-D0001', payer_id='SYN-Y01', dos='2026-05-02', code='99213', icd10cm='I10', units='1'),
            dict(patient_id='SYN-P000001', provider_id='SYN-D0001', payer_id='SYN-Y01', dos='2026-02-30', code='99213', icd10cm='I10', units='1'),
            dict(patient_id='SYN-P000001', provider_id='SYN-D0001', payer_id='SYN-Y01', dos='2026-05-02', code='99999', icd10cm='I10', units='1')]
    with open(p, 'w', newline='') as f:
        w = csv.DictWriter(f, list(rows[0])); w.writeheader(); w.writerows(rows)
    a = demo_assembly(p)
    assert (a.rows_in, a.rows_on_claims, len(a.rejections)) == (5, 2, 3)
    reasons = ' '.join(r.reason for r in a.rejections)
    assert 'NOPE' in reasons and '2026-02-30' in reasons and '99999' in reasons
    c = a.claims[0]
    assert c.diagnoses == ['I10', 'E11.9'] and c.lines[1].pointers == (2, 1)

def test_build_demo_writes_clean_claims_pyx12_accepts(tmp_path):
    out, rep, pdf = tmp_path/'claims.837', tmp_path/'scrub.csv', tmp_path/'pdf'
    r = run('build', str(data_dir()/'claim_lines.csv'), '--out', str(out), '--pdf', str(pdf), '--report', str(rep), '--control-number', '7', '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['rows_in'] == s['rows_on_claims'] + s['rows_rejected']
    assert s['claims'] == s['claims_written'] + s['claims_held'] and s['claims_held'] > 0
    assert s['pyx12'] == 'ok' and s['pyx12_errors'] == []
    v = pyx12_validate(out); assert v.ok and v.errors == []
    assert len(read_837(out).claims) == s['claims_written'] == len(list(pdf.glob('*.pdf')))
    with open(rep) as f: report = list(csv.DictReader(f))
    assert sum(1 for x in report if x['rule'] == 'assembly') == s['rows_rejected']
    held = {x['claim_id'] for x in report if x['severity'] == 'error' and x['claim_id']}
    assert len(held) == s['claims_held']
    assert any(x['rule'] == 'ncci-ptp' and x['severity'] == 'error' for x in report)     # the injected unbundled pairs

def test_build_from_encounters_jsonl(tmp_path):
    r = run('build', str(data_dir()/'encounters.jsonl'), '--out', str(tmp_path/'e.837'), '--control-number', '8', '--json')
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s['claims_written'] > 0 and s['pyx12'] == 'ok'

def test_check_reports_each_broken_file():
    r = run('check', str(EVAL/'b06_bad_npi_checkdigit.txt'))
    assert r.returncode == 1 and '1234567890' in r.stdout and 'NPI' in r.stdout
    r = run('check', str(EVAL/'b07_total_mismatch.txt'), '--json')
    j = json.loads(r.stdout)
    assert r.returncode == 1 and j['pyx12'] == 'ok' and any(f['rule'] == 'total' for f in j['findings'])
    r = run('check', str(EVAL/'sample_837p.txt'))
    assert r.returncode == 0 and 'OK' in r.stdout

def test_missing_input_is_one_line_error(tmp_path):
    r = run('build', str(tmp_path/'nope.csv'), '--out', str(tmp_path/'x.837'))
    assert r.returncode == 2 and 'not found' in r.stderr and 'Traceback' not in r.stderr

# ---------- property-based tests ----------
from datetime import date
from decimal import Decimal
from hypothesis import given, settings, strategies as st, Phase
from medwork.claims import assemble_claims, stream_claims, Assembly, sample_claim
from medwork.cms1500 import form_pages, claim_html, claim_pdf, pdf_strings
from medwork.scrub import npi_valid, rule_npi, scrub_context
from test_x12 import claims as valid_claims

TABLES = practice_tables()
PATS, PROVS, PAYS = sorted(TABLES[0])[:5], sorted(TABLES[1])[:3], sorted(TABLES[2])[:2]
row = st.fixed_dictionaries(dict(
    patient_id=st.sampled_from(PATS + ['SYN-P999999']), provider_id=st.sampled_from(PROVS), payer_id=st.sampled_from(PAYS),
    dos=st.sampled_from(['2026-05-01', '2026-05-02', '2026-02-30', '']), code=st.sampled_from(['99213', '36415', '93000', '99999']),
    icd10cm=st.lists(st.sampled_from(['I10', 'E11.9', 'J06.9', 'R42', 'Z00.00']), min_size=1, max_size=4, unique=True).map('|'.join),
    units=st.sampled_from(['1', '2', '0', 'x']), modifiers=st.sampled_from(['', '25', 'LT,RT'])))

@settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(st.lists(row, max_size=25))
def test_assembly_accounts_for_every_row(rows):
    a = assemble_claims(rows, *TABLES)
    assert a.rows_in == len(rows) == a.rows_on_claims + len(a.rejections)
    assert sum(len(c.lines) for c in a.claims) == a.rows_on_claims
    keys = [(c.patient, c.rendering.npi, c.payer.payer_id, c.lines[0].dos) for c in a.claims]
    for c in a.claims:
        assert c.total == sum(l.charge for l in c.lines)
        assert len({l.dos for l in c.lines}) == 1 and 1 <= len(c.diagnoses) <= 12
        assert all(1 <= p <= len(c.diagnoses) for l in c.lines for p in l.pointers)
    ordered = sorted((r for r in rows), key=lambda r: (r['patient_id'], r['provider_id'], r['payer_id'], r['dos']))
    t = Assembly([], [])
    streamed = list(stream_claims(ordered, *TABLES, tally=t))
    assert t.rows_in == t.rows_on_claims + len(t.rejections) and len(t.rejections) == len(a.rejections)
    assert sorted(c.total for c in streamed) == sorted(c.total for c in a.claims)

@settings(max_examples=40, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(valid_claims())
def test_form_pages_and_npi_rule(c):
    pages = form_pages(c)
    assert len(pages) == (len(c.lines) + 5) // 6
    assert sum(Decimal(p[0]['28']) for p in pages) == c.total
    assert claim_html(c).count('class="cms1500"') == len(pages)
    drawn = pdf_strings(claim_pdf(c))
    assert len(drawn) == len(pages)
    for (b, lines), strings in zip(pages, drawn):
        assert b['28'] in strings and [l['24D'] for l in lines] == [t for t in strings if t in {l['24D'] for l in lines}][:len(lines)]
    ctx = scrub_context(today=date(2026, 11, 28))
    assert rule_npi(c, ctx) == []
    bad = c.billing.npi[:9] + str((int(c.billing.npi[9]) + 1) % 10)
    c.billing.npi = bad
    assert not npi_valid(bad) and [f.rule for f in rule_npi(c, ctx)] == ['npi']

# ---------- a biller's bad input, end to end ----------
BAD_ROWS = [  # (row, words the rejection reason must contain, or None when the row must reach a claim)
    (dict(patient_id='SYN-P000001', dos='2026-05-04', code='99213', units='1', icd10cm='I10'), None),
    (dict(patient_id='', dos='2026-05-04', code='99213', units='1', icd10cm='I10'), 'missing patient_id'),
    (dict(patient_id='SYN-P000002', provider_id='SYN-D9999', dos='2026-05-04', code='99213', units='1', icd10cm='I10'), 'SYN-D9999'),
    (dict(patient_id='SYN-P000004', dos='2026-02-30', code='99213', units='1', icd10cm='I10'), '2026-02-30'),
    (dict(patient_id='SYN-P000005', dos='2026-05-04', code='99213', units='-2', icd10cm='I10'), 'negative'),
    (dict(patient_id='SYN-P000005', dos='2026-05-05', code='99213', units='1.5', icd10cm='I10'), 'whole number'),
    (dict(patient_id='SYN-P000007', dos='2026-05-04', code='99213', units='1',
          icd10cm='I10|E11.9|E78.5|K21.9|N39.0|R42|M54.50|Z00.00|J06.9|F32.1|E55.9|J45.909|R05.1'), '13 diagnoses'),
    (dict(patient_id='SYN-P000008', dos='2026-05-04', code='99213', units='1', icd10cm='I10|E11.9', dx_pointers='1,5'), 'pointer 5'),
    (dict(patient_id='SYN-P000009', dos='2026-05-04', code='99213', units='1', icd10cm='I10', charge='abc'), 'abc'),
]

def _write_rows(path, rows):
    cols = ['encounter_id', 'patient_id', 'provider_id', 'payer_id', 'dos', 'code', 'modifiers', 'units', 'icd10cm', 'dx_pointers', 'charge']
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, cols); w.writeheader()
        for i, r in enumerate(rows, 1): w.writerow(dict(dict(encounter_id=f'E{i}', provider_id='SYN-D0001', payer_id='SYN-Y01'), **r))

def test_build_bad_rows_every_row_accounted_for(tmp_path):
    rows = [r for r, _ in BAD_ROWS] + [  # rows that reach a claim and are held back by the scrubber
        dict(patient_id='SYN-P000003', dos='2026-05-04', code='99213', units='1', icd10cm='E11'),
        dict(patient_id='SYN-P000006', dos='2026-05-04', code='9921X', units='1', icd10cm='I10', charge='100'),
        dict(patient_id='SYN-P000010', dos='2099-05-04', code='99213', units='1', icd10cm='I10')]
    src, rep = tmp_path/'bad.csv', tmp_path/'rep.csv'
    _write_rows(src, rows)
    r = run('build', str(src), '--out', str(tmp_path/'o.837'), '--report', str(rep), '--control-number', '11', '--json')
    assert r.returncode == 0 and 'Traceback' not in r.stderr, r.stderr
    s = json.loads(r.stdout)
    assert s['rows_in'] == len(rows) == s['rows_on_claims'] + s['rows_rejected']
    assert s['rows_rejected'] == sum(1 for _, w in BAD_ROWS if w)
    with open(rep) as f: report = list(csv.DictReader(f))
    rejected = {int(x['field'].split()[-1]): x['message'] for x in report if x['rule'] == 'assembly'}
    for n, (_, words) in enumerate(BAD_ROWS, 1):     # data rows count from 1
        if words: assert words in rejected[n], (n, words, rejected.get(n))
        else: assert n not in rejected
    held = {(x['rule'], x['severity']) for x in report if x['claim_id']}
    assert {('dx-billable', 'error'), ('code-format', 'error'), ('date', 'error')} <= held, held
    r = run('build', str(src), '--out', str(tmp_path/'o.837'), '--control-number', '12')
    assert f'{len(rows)} rows in' in r.stdout and f'{s["rows_rejected"]} rows rejected' in r.stdout

@pytest.mark.parametrize('content', [b'', b'patient_id,dos\n', bytes(range(256))])
def test_build_unreadable_input_is_one_line_error(tmp_path, content):
    p = tmp_path/'in.csv'; p.write_bytes(content)
    r = run('build', str(p), '--out', str(tmp_path/'o.837'))
    assert r.returncode == 2 and 'Traceback' not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run('build', str(tmp_path), '--out', str(tmp_path/'o.837'))
    assert r.returncode == 2 and 'folder' in r.stderr and 'Traceback' not in r.stderr

def test_check_every_fixture_in_process():
    import contextlib, io
    from medwork.billing import claims_cli
    for p in sorted(EVAL.glob('*.txt')):
        with contextlib.redirect_stdout(io.StringIO()) as out: rc = claims_cli(['check', str(p), '--json'])
        j = json.loads(out.getvalue())
        assert rc == (1 if p.name.startswith('b') else 0) and j['ok'] == (rc == 0), p.name
        if rc: assert j['errors'] > 0 and all(f['message'] for f in j['findings'] if f['severity'] == 'error'), p.name

def test_check_junk_files(tmp_path):
    sample = (EVAL/'sample_837p.txt').read_text()
    junk = {'empty.837': b'', 'cut.837': sample[:500].encode(), 'isa.837': sample[:60].encode(), 'bin.837': bytes(range(256)) * 4,
            'latin.837': sample.replace('DOE', 'D\xd6E').encode('latin-1'), 'text.837': b'claim for Jane Doe\n'}
    for name, b in junk.items():
        p = tmp_path/name; p.write_bytes(b)
        r = run('check', str(p), '--json')
        assert r.returncode == 1 and 'Traceback' not in r.stderr, (name, r.stderr)
        j = json.loads(r.stdout)
        assert not j['ok'] and j['errors'] >= 1, name
    r = run('check', str(tmp_path))
    assert r.returncode == 2 and 'folder' in r.stderr and 'Traceback' not in r.stderr

def test_check_dos_outside_loaded_release_is_explicit():
    r = run('check', str(EVAL/'sample_837p.txt'), '--json')     # DOS 2026-01-10: only the April-2026 update is loaded
    j = json.loads(r.stdout)
    rel = [f for f in j['findings'] if f['rule'] == 'dx-release']
    assert r.returncode == 0 and len(rel) == 1 and rel[0]['severity'] == 'warning'
    assert '2026-01-10' in rel[0]['message'] and 'April' in rel[0]['message'] and 'FY2026' in rel[0]['fix']

def test_build_with_nothing_to_send_exits_1(tmp_path):
    src = tmp_path/'all_bad.csv'
    _write_rows(src, [dict(patient_id='NOPE', dos='2026-05-04', code='99213', units='1', icd10cm='I10'),
                      dict(patient_id='SYN-P000001', dos='2026-05-04', code='99213', units='1', icd10cm='E11')])   # header code: held
    r = run('build', str(src), '--out', str(tmp_path/'o.837'), '--json')
    s = json.loads(r.stdout)
    assert r.returncode == 1 and s['claims_written'] == 0 and s['out'] is None and not (tmp_path/'o.837').exists()
    assert s['rows_in'] == 2 == s['rows_on_claims'] + s['rows_rejected']
