"End-to-end checks of the synthetic demo data (data/) and the `medwork demo` command."
import datetime as dt, json, re, subprocess, sys
from collections import Counter
from pathlib import Path
import pandas as pd, pyarrow.parquet as pq, pytest
from medwork import demo, generator as gen, gold_checks, universe
from medwork.core import npi_valid
from medwork.codes import is_billable
from medwork.core import MedworkError, project_root
from medwork.em import em_level

DATA = project_root()/'data'
TODAY = dt.date(2026, 11, 28)

@pytest.fixture(scope='module')
def encs(): return demo.load_encounters()

@pytest.fixture(scope='module')
def lines(): return demo.load_claim_lines()

def medwork(*args):
    return subprocess.run([str(Path(sys.executable).parent/'medwork'), *args], capture_output=True, text=True, timeout=300)

def test_generate_is_deterministic_and_matches_committed_data(tmp_path):
    a, b = tmp_path/'a', tmp_path/'b'
    gen.generate(a); gen.generate(b)
    for name in demo.FILES:
        assert (a/name).read_bytes() == (b/name).read_bytes(), name
        assert (a/name).read_bytes() == (DATA/name).read_bytes(), f'data/{name} is not what the committed generator writes'
    c = tmp_path/'c'; gen.generate(c, seed=7)
    assert (c/'encounters.jsonl').read_bytes() != (a/'encounters.jsonl').read_bytes()

def test_cli_generate_writes_the_same_files(tmp_path):
    r = medwork('demo', 'generate', '--out', str(tmp_path), '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['encounters.jsonl'] == 500
    for name in demo.FILES: assert (tmp_path/name).read_bytes() == (DATA/name).read_bytes(), name

# --- PHI guard ---------------------------------------------------------------------------------------
SSN = re.compile(r'\b\d{3}-\d{2}-\d{4}\b')
PHONE = re.compile(r'(?:\(\d{3}\)\s*|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b')
EMAIL = re.compile(r'[\w.+-]+@[\w-]+(?:\.[\w-]+)+')

def scanned_files():
    files = [p for p in DATA.rglob('*') if p.is_file() and p.suffix in ('.csv', '.jsonl', '.json', '.txt', '.md', '.yaml')]
    nbs = project_root()/'nbs'
    return files + sorted(nbs.glob('04*.ipynb')) + [p for p in [nbs/'31_encounters_app.ipynb', nbs/'apps'/'encounters.ipynb'] if p.exists()]

def test_phi_guard_patterns():
    problems = []
    for p in scanned_files():
        text = p.read_text(encoding='utf-8', errors='replace')
        problems += [(p.name, 'SSN', m) for m in SSN.findall(text)]
        problems += [(p.name, 'phone', m) for m in PHONE.findall(text) if not re.search(r'555[-. ]01\d\d$', m)]
        problems += [(p.name, 'email', m) for m in EMAIL.findall(text) if not m.lower().endswith('@example.org')]
    assert problems == []

def test_phi_guard_catches_what_it_should():
    assert SSN.search('ssn 123-45-6789') and PHONE.search('call 415-867-5309') and PHONE.search('(415) 867-5309')
    assert re.search(r'555[-. ]01\d\d$', PHONE.search('tel 415-555-0199.').group())
    assert not re.search(r'555[-. ]01\d\d$', PHONE.search('tel 415-555-0299.').group())

def test_identifiers_are_synthetic(encs, lines):
    tables = {'providers': demo.load_providers(), 'payers': demo.load_payers(), 'patients': demo.load_patients(),
              'claim_lines': lines, 'encounters': encs[['encounter_id', 'patient_id', 'provider_id', 'payer_id']]}
    for name, df in tables.items():
        if 'billing_tax_id' in df: assert df.billing_tax_id.str.fullmatch(r'00-\d{7}').all()   # 00- is never assigned by the IRS
        for col in [c for c in df.columns if (c.endswith('_id') or c == 'member_id') and c != 'billing_tax_id']:
            prefix = 'SYN' if col == 'x12_payer_id' else 'SYN-'
            bad = df[~df[col].astype(str).str.startswith(prefix)]
            assert bad.empty, f'{name}.{col}: {bad[col].head().tolist()}'
    pats = tables['patients']
    assert pats.phone.str.fullmatch(r'\d{3}-555-01\d\d').all() and pats.email.str.endswith('@example.org').all()
    assert tables['providers'].phone.str.fullmatch(r'\d{3}-555-01\d\d').all()

# Independent of faker: the 50 states + DC (what X12 validators accept) and each one's ZIP national area digit.
ZIP_AREA = {'0': 'CT MA ME NH NJ RI VT', '1': 'DE NY PA', '2': 'DC MD NC SC VA WV', '3': 'AL FL GA MS TN', '4': 'IN KY MI OH',
            '5': 'IA MN MT ND SD WI', '6': 'IL KS MO NE', '7': 'AR LA OK TX', '8': 'AZ CO ID NM NV UT WY', '9': 'AK CA HI OR WA'}
STATE_AREA = {st: digit for digit, sts in ZIP_AREA.items() for st in sts.split()}

def test_addresses_are_in_the_50_states_and_dc_with_plausible_zips():
    assert len(STATE_AREA) == 51 and 'PW' not in STATE_AREA and 'PR' not in STATE_AREA
    for name, df in [('providers', demo.load_providers()), ('patients', demo.load_patients())]:
        assert set(df.state) <= set(STATE_AREA), (name, sorted(set(df.state) - set(STATE_AREA)))
        assert df.zip.str.fullmatch(r'\d{5}-\d{4}').all(), name
        assert [(s, z) for s, z in zip(df.state, df.zip) if STATE_AREA[s] != z[0]] == [], name
    assert len(set(demo.load_patients().state)) >= 30              # spread over the country, not one state

def test_no_two_visits_of_a_patient_with_one_provider_on_one_day(encs, lines):
    assert not encs.duplicated(['patient_id', 'provider_id', 'dos']).any()
    # hence claim assembly's key (patient, provider, payer, date) gives one claim per encounter
    key = lines.groupby(['patient_id', 'provider_id', 'payer_id', 'dos']).encounter_id.nunique()
    assert key.max() == 1 and len(key) == len(encs)

def test_npis_pass_the_check_digit():
    npis = demo.load_providers().npi
    assert npis.str.fullmatch(r'\d{10}').all() and npis.map(npi_valid).all() and npis.is_unique

# --- encounters ----------------------------------------------------------------------------------------
def test_encounter_shape(encs):
    assert len(encs) == 500 and encs.encounter_id.is_unique
    assert set(encs.patient_type) == {'new', 'established'} and (encs.pos == '11').all()
    dos = pd.to_datetime(encs.dos).dt.date
    assert dos.between(gen.DOS_FROM, gen.DOS_TO).all() and (dos <= TODAY).all()
    words = encs.note.str.split().str.len()
    assert words.between(80, 250).all(), words.describe()
    assert encs.note.nunique() == len(encs)
    assert len(set(encs.specialty)) >= 6

def test_new_patient_only_on_the_first_visit_to_a_specialty(encs):
    "CPT new/established: after a visit to a provider, later visits to that provider or a same-specialty colleague are established."
    seen, wrong = {}, []
    for e in encs.sort_values(['dos', 'encounter_id']).itertuples():
        key = (e.patient_id, e.specialty)
        if e.patient_type == 'new' and key in seen: wrong.append((e.encounter_id, 'new after', seen[key]))
        seen.setdefault(key, (e.dos, e.provider_id))
        said = [t for t in ('new patient', 'established patient') if t in e.note]
        if said != [f'{e.patient_type} patient']: wrong.append((e.encounter_id, e.patient_type, 'note says', said))
        if e.gold['em']:
            family = '9920' if e.patient_type == 'new' else '9921'
            if e.gold['em'][:4] != family: wrong.append((e.encounter_id, e.patient_type, e.gold['em']))
    assert wrong == []
    repeat = encs.duplicated(['patient_id', 'specialty'])
    assert repeat.sum() >= 20 and (encs.patient_type[~repeat] == 'new').sum() >= 50   # the rule is exercised both ways
    # the billed claim's E/M family follows too (up/downcoding stays in the family)
    em = demo.load_claim_lines().merge(encs[['encounter_id', 'patient_type']]).query('code.str.startswith("992")')
    assert (em.code.str[:4] == em.patient_type.map({'new': '9920', 'established': '9921'})).all()

def test_new_patient_findings_names_a_repeat_new_visit(encs):
    twice = encs[encs.duplicated(['patient_id', 'specialty'], keep=False)].sort_values(['dos', 'encounter_id'])
    first = twice.drop_duplicates(['patient_id', 'specialty']).iloc[0]
    later = twice[(twice.patient_id == first.patient_id) & (twice.specialty == first.specialty)].iloc[1]
    bad = dict(later, patient_type='new', note=later.note.replace('established patient', 'new patient'))
    found = gold_checks.new_patient_findings([first.to_dict(), bad])
    assert found and 'coded as a new patient' in found[0] and later.encounter_id in found[0] and first.provider_id in found[0], found
    assert gold_checks.new_patient_findings([first.to_dict(), later.to_dict()]) == []

def test_gold_diagnoses_billable_on_the_date_of_service(encs):
    bad = [(e.encounter_id, d) for e in encs.itertuples() for d in e.gold['icd10cm'] if not is_billable(d, on=e.dos)]
    assert bad == []
    dx = Counter(d for g in encs.gold for d in g['icd10cm'])
    assert len(dx) >= 80
    assert any(len(d.replace('.', '')) == 7 and d[0] == 'S' for d in dx), 'no 7th-character injury code'
    pairs = [g['icd10cm'] for g in encs.gold if 'E11.22' in g['icd10cm']]
    assert pairs and all(any(d in ('N18.31', 'N18.32') for d in dx) for dx in pairs), 'E11.22 without its CKD stage'

def test_injury_codes_have_initial_subsequent_and_sequela_encounters(encs):
    seventh = Counter()
    for e in encs.itertuples():
        dx = e.gold['icd10cm']
        for i, d in enumerate(dx):
            if d[0] in 'ST' and len(d.replace('.', '')) == 7:
                seventh[d[-1]] += 1
                assert is_billable(d, on=e.dos), (e.encounter_id, d)
                assert {'A': 'initial encounter', 'D': 'subsequent encounter', 'S': 'sequela'}[d[-1]] in e.note, (e.encounter_id, d)
                if d.endswith('S'): assert i > 0 and dx[i - 1][0] not in 'STZ', (e.encounter_id, dx)   # residual first
    assert seventh['A'] >= 5 and seventh['D'] >= 5 and seventh['S'] >= 5, seventh

def test_gold_reads_right_for_the_note(encs):
    "A coder's reading of every note against its gold: eligibility, combination codes, sequencing, sides, doses, procedures."
    pats = demo.load_patients().set_index('patient_id').to_dict('index')
    found = {e['encounter_id']: gold_checks.gold_findings(e, pats[e['patient_id']]) for e in encs.to_dict('records')}
    assert {k: v for k, v in found.items() if v} == {}
    # hypertension beside a CKD stage is coded as the combination, with the stage after it
    dxs = [g['icd10cm'] for g in encs.gold]
    assert not any('I10' in dx and any(d.startswith('N18') for d in dx) for dx in dxs)
    assert all(any(d.startswith('N18') for d in dx) for dx in dxs if 'I12.9' in dx or 'I13.0' in dx)

def test_gold_findings_catches_coder_errors(encs):
    pats = demo.load_patients().set_index('patient_id').to_dict('index')
    e = next(e for e in encs.to_dict('records') if any(l['code'] == 'J3301' for l in e['gold']['lines']))
    p = pats[e['patient_id']]
    over = dict(e, gold=dict(e['gold'], lines=[dict(l, units=l['units'] + 1) if l['code'] == 'J3301' else l for l in e['gold']['lines']]))
    assert any('dose not in the note' in f for f in gold_checks.gold_findings(over, p))
    flip = {'RT': 'LT', 'LT': 'RT'}
    wrong_side = dict(e, gold=dict(e['gold'], lines=[dict(l, modifiers=[flip.get(m, m) for m in l['modifiers']]) for l in e['gold']['lines']]))
    assert any('points to' in f for f in gold_checks.gold_findings(wrong_side, p))
    no_proc = dict(e, gold=dict(e['gold'], lines=[l for l in e['gold']['lines'] if l['code'] in gen.EM_ORDER]))
    assert any('not billed' in f for f in gold_checks.gold_findings(no_proc, p))
    old = dict(e, gold=dict(e['gold'], icd10cm=['Z79.84'] + e['gold']['icd10cm']))
    assert 'a status Z code before a problem' in gold_checks.gold_findings(old, p)
    man = next(q for q in pats.values() if q['sex'] == 'M')
    pcos = next(x for x in encs.to_dict('records') if 'E28.2' in x['gold']['icd10cm'])
    assert any('E28.2' in f for f in gold_checks.gold_findings(pcos, man))

def test_gold_em_is_the_calculator_on_the_facts(encs):
    ptype = dict(zip(demo.load_payers().payer_id, demo.load_payers().payer_type))
    for e in encs.itertuples():
        if e.gold['em'] is None:
            assert not any(l['code'] in gen.EM_ORDER for l in e.gold['lines']); continue
        em = em_level(e.facts, e.patient_type, ptype[e.payer_id])
        assert e.gold['em'] == em.code == e.gold['lines'][0]['code'], e.encounter_id
        for code, units in em.prolonged:
            assert {'code': code, 'modifiers': [], 'units': units} == {k: v for k, v in e.gold['lines'][1].items() if k != 'dx_pointers'}
    assert Counter(g['em'] for g in encs.gold).most_common(1)[0][0] == '99214'

def test_gold_lines_follow_billing_rules(encs):
    for e in encs.itertuples():
        g = e.gold; codes = [l['code'] for l in g['lines']]
        assert all(1 <= p <= len(g['icd10cm']) for l in g['lines'] for p in l['dx_pointers'])
        has25 = bool(g['em']) and '25' in g['lines'][0]['modifiers']
        assert has25 == (bool(g['em']) and any(c in gen.MOD25_CODES for c in codes)), e.encounter_id
        if 'G2211' in codes: assert e.payer_id == 'SYN-Y01' and not has25
        if '99417' in codes: assert e.payer_id != 'SYN-Y01'
        assert set(codes) <= set(gen.FEES)

# --- claim lines ---------------------------------------------------------------------------------------
def test_claim_lines_error_rates_and_answer_key(encs, lines):
    assert list(lines.columns) == ['encounter_id', 'claim_id', 'line_no', 'dos', 'provider_id', 'patient_id', 'payer_id',
        'code', 'modifiers', 'units', 'icd10cm', 'dx_pointers', 'charge', 'paid', 'injected_error', 'correct_code',
        'correct_units', 'correct_paid']
    rate = lines[lines.injected_error != ''].encounter_id.nunique() / len(encs)
    assert 0.15 <= rate <= 0.25, rate
    assert set(lines.injected_error) - {''} == set(gen.ERROR_TYPES)
    per_type = Counter(lines.injected_error[lines.injected_error != ''])
    assert min(per_type.values()) >= 6, per_type                   # enough of each type to teach and test an audit on
    assert per_type.most_common(1)[0][0] == 'upcoded_em', per_type
    assert per_type['upcoded_em'] <= 0.4 * sum(per_type.values())
    claim_err = lines.assign(err=lines.injected_error != '').groupby(['provider_id', 'encounter_id']).err.max()
    assert claim_err.groupby('provider_id').mean().idxmax() == 'SYN-D0003'   # the outlier an audit should find
    assert lines.groupby('encounter_id').injected_error.apply(lambda s: (s != '').sum()).max() == 1
    clean = lines[lines.injected_error == '']
    assert (clean.code == clean.correct_code).all() and (clean.units == clean.correct_units).all()
    assert (clean.paid - clean.correct_paid).abs().max() < 0.005
    up = lines[lines.injected_error == 'upcoded_em']
    assert (up.code > up.correct_code).all() and (up.paid > up.correct_paid).all()
    gone = lines[lines.injected_error.isin(['modifier_25_unsupported', 'unbundled_pair'])]
    assert (gone.correct_code == '').all() and (gone.correct_paid == 0).all()
    assert set(lines.code) <= set(demo.load_fee_schedule().code)
    # billed diagnoses are valid codes even when wrong
    assert all(is_billable(d, on=r.dos) for r in lines.drop_duplicates('claim_id').itertuples() for d in r.icd10cm.split('|'))

def test_fee_schedule_labels_are_ours():
    fee = demo.load_fee_schedule()
    assert fee.code.is_unique and (fee.amount > 0).all() and fee.label.str.len().between(5, 60).all()
    assert fee.set_index('code').label['99214'] == 'Office visit, est., moderate MDM'

def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(MedworkError, match='medwork demo generate'): demo.load_encounters(tmp_path)

# --- universe ------------------------------------------------------------------------------------------
def test_cli_universe(tmp_path):
    out = tmp_path/'u.parquet'
    r = medwork('demo', 'universe', '--lines', '120000', '--out', str(out), '--seed', '5')
    assert r.returncode == 0, r.stderr
    assert 'wrote 120,000 lines' in r.stdout
    t = pq.read_table(out)
    assert t.schema.names == universe.UNIVERSE_COLUMNS
    assert str(t.schema.field('dos').type) == 'date32[day]'
    u = t.to_pandas()
    assert len(u) == 120_000 and u.line_id.is_unique and (u.line_id.sort_values().values == range(1, 120_001)).all()
    assert (u.paid >= 0).all() and u.claim_id.str.startswith('SYN-C').all() and u.provider_id.str.startswith('SYN-').all()
    over = (u.paid - u.audited_paid > 0.005).mean()
    assert 0.07 <= over <= 0.13, over
    assert u.paid.mean() > u.paid.median()                        # right-skewed
    assert set(u.injected_error) - {''} <= set(universe.U_ERRORS)

def test_cli_universe_bad_input(tmp_path):
    r = medwork('demo', 'universe', '--lines', '-5', '--out', str(tmp_path/'u.parquet'))
    assert r.returncode == 2 and 'between 1 and' in r.stderr and 'Traceback' not in r.stderr
    r = medwork('demo', 'universe', '--lines', '10', '--out', str(tmp_path/'missing'/'u.parquet'))
    assert r.returncode == 2 and 'does not exist' in r.stderr
