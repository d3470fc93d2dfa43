"Issue 11 §2 end to end: the new edits through the 837P reader and writer and through `medwork claims build|check`."
import csv, json, shutil, subprocess, sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from medwork.claims import ServiceLine, sample_claim
from medwork.core import data_dir
from medwork.scrub import RULES, scrub, scrub_context, cross_claim_findings, is_clean
from medwork.x12 import x12_text, read_837, pyx12_validate, check_837, Envelope

CTX = scrub_context(today=date(2026, 11, 28))

def run(*args):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    return subprocess.run([exe, 'claims', *args], capture_output=True, text=True, timeout=600)

def test_every_new_rule_is_in_the_list():
    names = {r.__name__ for r in RULES}
    assert {'rule_frequency', 'rule_date_ranges', 'rule_dx_sequence', 'rule_code_sets', 'rule_addons', 'rule_prolonged_payer',
            'rule_same_day_em', 'rule_g2211', 'rule_age', 'rule_sex'} <= names

def test_a_date_range_is_written_as_rd8_and_read_back_with_both_dates():
    c = sample_claim()
    d = c.lines[1].dos
    c.lines[1] = replace(c.lines[1], dos_to=d + timedelta(days=2))
    text = x12_text([c], Envelope(control_number=5))
    assert f'DTP*472*RD8*{d:%Y%m%d}-{d + timedelta(days=2):%Y%m%d}~' in text and f'DTP*472*D8*{d:%Y%m%d}~' in text
    v = pyx12_validate(text); assert v.ok and v.errors == [], v.errors
    back = read_837(text).claims[0]
    assert (back.lines[1].dos, back.lines[1].dos_to, back.lines[0].dos_to) == (d, d + timedelta(days=2), None)
    assert is_clean(scrub(back, CTX))

def test_a_reversed_range_in_a_file_is_rejected():
    c = sample_claim()
    d = c.lines[1].dos
    text = x12_text([c], Envelope(control_number=6)).replace(f'DTP*472*D8*{d:%Y%m%d}~', f'DTP*472*RD8*{d:%Y%m%d}-{d - timedelta(days=3):%Y%m%d}~', 1)
    fc = check_837(text, CTX)
    assert not fc.ok and ('date-range', 'error') in {(f.rule, f.severity) for f in fc.findings}
    bad = text.replace(f'RD8*{d:%Y%m%d}-', f'RD8*{d:%Y%m%d}-2026', 1)
    assert 'date-invalid' in {f.rule for f in check_837(bad, CTX).findings}

def test_24h_epsdt_and_family_plan_go_into_sv111_sv112():
    c = sample_claim()
    c.lines[0] = replace(c.lines[0], epsdt='NU', family_plan=True)
    text = x12_text([c], Envelope(control_number=7))
    assert 'SV1*HC:99214:25*150.00*UN*1***1:2:3****Y*Y~' in text        # SV109 emergency empty, SV111 EPSDT, SV112 family planning
    assert pyx12_validate(text).ok

def test_check_runs_the_cross_claim_edits():
    c = sample_claim(); d = c.lines[0].dos
    two = [replace(c, claim_id='X1', lines=[ServiceLine(d, '93000', Decimal('40'), 1, (), (1,))]),
           replace(c, claim_id='X2', lines=[ServiceLine(d, '93010', Decimal('20'), 1, (), (1,))])]
    assert all(is_clean(scrub(x, CTX)) for x in two)                            # each claim alone is clean
    fc = check_837(x12_text(two, Envelope(control_number=8)), CTX)
    assert not fc.ok and [(f.claim_id, f.rule) for f in fc.findings if f.severity == 'error'] == [('X2', 'ncci-ptp-day')]

def _rows(path, rows):
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, ['encounter_id', 'patient_id', 'provider_id', 'payer_id', 'dos', 'code', 'modifiers', 'units', 'icd10cm', 'dx_pointers', 'charge'])
        w.writeheader(); w.writerows(rows)

def test_build_holds_a_claim_bundled_with_another_claim_of_the_same_day(tmp_path):
    day = dict(patient_id='SYN-P000001', provider_id='SYN-D0001', dos='2026-05-04', icd10cm='I10', units='1', charge='40')
    src = tmp_path/'split.csv'
    _rows(src, [dict(day, encounter_id='E1', payer_id='SYN-Y03', code='93000'), dict(day, encounter_id='E2', payer_id='SYN-Y04', code='93010')])
    rep = tmp_path/'rep.csv'
    r = run('build', str(src), '--out', str(tmp_path/'o.837'), '--report', str(rep), '--control-number', '21', '--json')
    s = json.loads(r.stdout)
    assert (s['claims'], s['claims_written'], s['claims_held']) == (2, 1, 1), r.stdout
    with open(rep) as f: report = list(csv.DictReader(f))
    assert [(x['rule'], x['severity']) for x in report] == [('ncci-ptp-day', 'error')]

def test_build_holds_a_claim_with_an_orphan_add_on(tmp_path):
    base = dict(patient_id='SYN-P000002', provider_id='SYN-D0002', payer_id='SYN-Y03', dos='2026-05-05', icd10cm='I10', units='1')
    src = tmp_path/'addon.csv'
    _rows(src, [dict(base, encounter_id='E1', code='99214', charge='150'), dict(base, encounter_id='E1', code='99417', charge='60')])
    rep = tmp_path/'rep.csv'
    r = run('build', str(src), '--out', str(tmp_path/'o.837'), '--report', str(rep), '--control-number', '22', '--json')
    assert r.returncode == 1 and json.loads(r.stdout)['claims_held'] == 1
    with open(rep) as f: assert {x['rule'] for x in csv.DictReader(f)} == {'addon-primary'}

def test_demo_build_still_writes_the_same_claims(tmp_path):
    r = run('build', str(data_dir()/'claim_lines.csv'), '--out', str(tmp_path/'d.837'), '--control-number', '23', '--json', '--no-validate')
    s = json.loads(r.stdout)
    assert (s['rows_in'], s['rows_rejected'], s['claims'], s['claims_written'], s['claims_held']) == (1039, 14, 500, 481, 19)

def test_build_prints_red_ink_form_pdfs_on_request(tmp_path):
    from pypdf import PdfReader
    pdf = tmp_path/'pdf'
    r = run('build', str(data_dir()/'claim_lines.csv'), '--out', str(tmp_path/'d.837'), '--pdf', str(pdf), '--pdf-layout', 'nucc', '--no-validate', '--control-number', '24')
    assert r.returncode == 0, r.stderr
    first = sorted(pdf.glob('*.pdf'))[0]
    text = PdfReader(first).pages[0].extract_text()
    assert 'SIGNATURE ON FILE' in text and 'HEALTH INSURANCE CLAIM FORM' not in text     # data only, no form drawn

def test_box14_qualifier_travels_through_the_837p():
    for q in ('431', '484'):
        c = replace(sample_claim(), onset=date(2026, 2, 1), onset_qualifier=q)
        text = x12_text([c], Envelope(control_number=9))
        assert f'DTP*{q}*D8*20260201~' in text and pyx12_validate(text).ok
        back = read_837(text).claims[0]
        assert (back.onset, back.onset_qualifier) == (date(2026, 2, 1), q)
