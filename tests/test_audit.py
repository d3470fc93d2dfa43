"The audit workbench: findings checked and repriced (on SQLite and PostgreSQL), an old store migrated, the demo audit against its answer key, an audit moved between databases, the CLI."
import json, sqlite3, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest
from medwork.core import MedworkError
from medwork.store import Conflict
from medwork.demo import load_claim_lines, load_encounters, load_payers
from medwork.audit import (open_audit_store, new_audit, claim_items, record_finding, check_finding, demo_pricer, item_of, progress,
                           em_worksheet, Audit, finding_types)
from medwork.audit_figures import audit_figures, audit_lines, appraise_audit, answer_key_figures, headline, key_findings
from medwork.audit_report import full_review_audit, demo_audit, key_check, export_audit, import_audit, audit_cli
from medwork.appraisal import OIG, PIM
import audit_figures_before as before

DATA = Path(__file__).parent/'data'

@pytest.fixture(scope='module')
def demo():
    return load_claim_lines(), load_encounters(), load_payers()

@pytest.fixture
def store(store_url): return open_audit_store(store_url)           # each store test runs on SQLite and on PostgreSQL

@pytest.fixture
def focused(store, demo):
    lines, encs, payers = demo
    aid = new_audit(store, 'focused', claim_items(lines, encs, payers, ['SYN-C000001', 'SYN-C000002']), 'ana', 'focused')
    return aid

BAD = [({'finding_type': 'wrong_dx', 'audited_dx': 'X99.99', 'rationale': 'r'}, 'audited_dx'),           # unknown ICD-10-CM code
       ({'finding_type': 'wrong_dx', 'audited_dx': 'E11.2', 'rationale': 'r'}, 'audited_dx: E11.2'),       # a header, not billable
       ({'finding_type': 'other', 'audited_code': '9921X', 'rationale': 'r'}, 'audited_code'),            # not a CPT/HCPCS code
       ({'finding_type': 'units_over_supported', 'audited_units': -2, 'rationale': 'r'}, 'audited_units'),
       ({'finding_type': 'units_over_supported', 'audited_units': 1.5, 'rationale': 'r'}, 'audited_units'),
       ({'finding_type': 'overcoded', 'rationale': 'r'}, 'finding_type'),
       ({'finding_type': 'upcoded_em', 'audited_code': '99213', 'rationale': '  '}, 'rationale'),
       ({'finding_type': 'other', 'audited_modifiers': '25 LT RT', 'rationale': 'r'}, 'audited_modifiers'),
       ({'agree': False}, 'finding_type')]

@pytest.mark.parametrize('entry,field', BAD)
def test_bad_finding_refused_naming_the_field(store, focused, entry, field):
    with pytest.raises(MedworkError) as e: record_finding(store, f'{focused}:SYN-C000001', '1', entry, 'ana')
    assert str(e.value).startswith(field) or field in str(e.value), str(e.value)
    assert store.current('finding').empty

def test_not_billable_on_the_date_of_service(store, focused):
    # the audited code is judged by the release in force on the date: E11.A is new on 2025-10-01
    item = item_of(store, f'{focused}:SYN-C000001')
    finding = {'finding_type': 'wrong_dx', 'audited_dx': 'E11.A', 'rationale': 'r'}
    with pytest.raises(MedworkError, match='E11.A'): check_finding(finding, dict(item, dos='2025-09-01'), '1', demo_pricer())
    check_finding(finding, dict(item, dos='2025-10-01'), '1', demo_pricer())

def test_repricing_and_unpriced_never_zero(store, focused):
    iid = f'{focused}:SYN-C000001'
    record_finding(store, iid, '1', {'finding_type': 'upcoded_em', 'audited_code': '99213', 'rationale': 'low MDM'}, 'ana')
    f = store.get('finding', f'{iid}:1')
    assert (f['billed_paid'], f['audited_paid']) == (103.28, 73.12)
    record_finding(store, iid, 'A1', {'finding_type': 'missed_code', 'audited_code': 'J9999', 'audited_units': 1, 'rationale': 'drug given'}, 'ana')
    g = store.get('finding', f'{iid}:A1')
    assert g['audited_paid'] is None and 'not in the demo fee schedule' in g['unpriced']
    fig = audit_figures(store, focused)
    assert fig['dollars']['lines_unpriced'] == 1

def test_conflicting_edit_of_a_finding(store, focused):
    iid = f'{focused}:SYN-C000001'
    v = record_finding(store, iid, '1', {'agree': True}, 'ana')
    record_finding(store, iid, '1', {'finding_type': 'upcoded_em', 'audited_code': '99213', 'rationale': 'r'}, 'ben', v)
    with pytest.raises(Conflict, match=r'changed by ben at .*reload'):
        record_finding(store, iid, '1', {'finding_type': 'downcoded_em', 'audited_code': '99215', 'rationale': 'r'}, 'ana', v)
    assert store.get('finding', f'{iid}:1')['audited_code'] == '99213'
    store.undo('finding', f'{iid}:1', 'ana', 2)
    assert store.get('finding', f'{iid}:1')['agree'] is True

def test_old_schema_file_migrated(tmp_path):
    db = tmp_path/'old.db'
    with sqlite3.connect(db) as c: c.executescript((DATA/'audit_store_v1.sql').read_text())
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT version FROM schema_versions WHERE component='audit'").fetchone() == (1,)
        assert 'em_worksheet' not in [r[1] for r in c.execute('PRAGMA table_info(current_finding)')]
    st = open_audit_store(db)
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT version, note FROM schema_versions WHERE component='audit'").fetchone() == (2, 'upgraded from version 1')
    f = st.get('finding', 'AUD-V1TEST:SYN-C000001:1')
    assert f.version == 2 and f.changed_by == 'auditor.v2' and f['em_worksheet'] is None
    assert f['rationale'] == 'diabetic CKD stage 3b documented in the assessment'
    assert list(st.history('finding', 'AUD-V1TEST:SYN-C000001:1').actor) == ['auditor.v1', 'auditor.v2']
    assert progress(st, 'AUD-V1TEST')['findings'] == 2 and st.check() == [] and st.integrity() == 'ok'
    record_finding(st, 'AUD-V1TEST:SYN-C000002', '1', {'agree': True, 'em_worksheet': em_worksheet(['chronic_stable'], {}, 'physical_therapy', 26)}, 'ana')
    assert st.get('finding', 'AUD-V1TEST:SYN-C000002:1')['em_worksheet']['code'] == '99213'

def test_full_review_equals_answer_key(store, demo):
    aid = full_review_audit(store)
    chk = key_check(store, aid)
    assert chk.equal.all(), chk[~chk.equal]
    key = answer_key_figures(demo[0])
    assert key['lines_reviewed'] == len(demo[0]) and key['lines_correct'] < key['lines_reviewed']
    assert sum(key['errors_by_label'].values()) == int((demo[0].injected_error != '').sum())

def test_demo_audit_appraised_with_trail(store):
    aid = demo_audit(store)
    au = Audit(store, aid)
    assert 'answer key' in au.header['notes'] and au.progress()['reviewed'] == 50
    assert set(au.findings().source) == {'demo answer key'}
    r = appraise_audit(store, aid)
    v, t = r['variable'], r['trail']
    assert v['demands'][PIM] >= v['demands'][OIG]
    assert t['seed'] == 20261207 and len(t['frame_fingerprint']) == 64 and t['sample_n'] == 50 and t['findings'] == len(au.findings())

def test_unreviewed_items_refused_unless_chosen(store, demo):
    lines, encs, _ = demo
    aid = demo_audit(store)
    fid = next(i for i in store.current('finding', audit_id=aid).id)
    store.delete('finding', fid, 'ana', store.get('finding', fid).version)
    with pytest.raises(MedworkError, match='1 of 50 sampled claims are not fully reviewed'): appraise_audit(store, aid)
    a, b = appraise_audit(store, aid, 'as_billed'), appraise_audit(store, aid, 'no_documentation')
    assert b['variable']['point_estimate_total'] > a['variable']['point_estimate_total']

def test_export_import_round_trip(store, tmp_path, request):
    aid = demo_audit(store)
    export_audit(store, aid, tmp_path/'a.json')
    other_url = request.getfixturevalue('pg_url') if store.engine.dialect.name == 'sqlite' else tmp_path/'o.db'   # to the other database
    other = open_audit_store(other_url); import_audit(other, tmp_path/'a.json')
    export_audit(other, aid, tmp_path/'b.json')
    assert (tmp_path/'a.json').read_bytes() == (tmp_path/'b.json').read_bytes()
    assert headline(audit_figures(other, aid)) == headline(audit_figures(store, aid))

def same(a, b, where='figures'):
    "Identical, figure for figure: frames with the same index, columns, dtypes and exact values; NaN equal to NaN; the same types."
    if isinstance(a, pd.DataFrame): return pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
    assert type(a) is type(b), (where, type(a), type(b))
    if isinstance(a, dict):
        assert list(a) == list(b), (where, list(a), list(b))
        for k in a: same(a[k], b[k], f'{where}.{k}')
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)): same(x, y, f'{where}[{i}]')
    elif isinstance(a, float) and a != a: assert b != b, where
    else: assert a == b, (where, a, b)

def same_as_before(store, aid):
    "The figures, the line table, the progress and (for a sample audit) the appraisal under each choice are what medwork computed before."
    same(audit_figures(store, aid), before.audit_figures(store, aid))
    same(audit_figures(store, aid), before.audit_figures(store, aid), 'figures kept')            # asked again: from what the store kept
    same(audit_lines(store, aid), before.audit_lines(store, aid), 'lines')
    same(progress(store, aid), before.progress_before(store, aid), 'progress')
    if Audit(store, aid).header['sample']:
        for how in ('refuse', 'as_billed', 'no_documentation'):
            try: now = appraise_audit(store, aid, how)
            except MedworkError as e: now = str(e)
            try: then = before.appraise_audit(store, aid, how)
            except MedworkError as e: then = str(e)
            same(now, then, f'appraisal {how}')

def test_figures_same_as_before(store, tmp_path):
    "The kept, vectorised figures equal those of the per-row code they replaced, on the demo audits and after every kind of change."
    same_as_before(store, full_review_audit(store))
    aid = demo_audit(store)
    same_as_before(store, aid)
    fs = store.current('finding', audit_id=aid)
    store.delete('finding', fs.id.iloc[0], 'ana', int(fs.version.iloc[0]))                            # an item left unreviewed
    same_as_before(store, aid)
    iid = fs.item_id.iloc[-1]
    record_finding(store, iid, 'A1', {'finding_type': 'missed_code', 'audited_code': 'J9999', 'audited_units': 1, 'rationale': 'given'}, 'ana')
    same_as_before(store, aid)                                                                      # a missed line that cannot be priced
    f = store.get('finding', f'{iid}:1')
    record_finding(store, iid, '1', {'finding_type': 'other', 'audited_modifiers': '25', 'audited_units': 2, 'rationale': 'r'}, 'ana', f.version)
    same_as_before(store, aid)
    store.undo('finding', f'{iid}:1', 'ana', f.version + 1)
    same_as_before(store, aid)
    it = store.get('audit_item', iid)                                                                # an item changes: its billed lines are read again
    store.save('audit_item', iid, dict(it.state, diagnoses=it['diagnoses'][::-1], billed_lines=[dict(l, units=l['units'] + 1) for l in it['billed_lines']]),
               'ana', it.version)
    same_as_before(store, aid)
    other = open_audit_store(store.url)                                                              # another session saves
    record_finding(other, iid, 'A2', {'finding_type': 'missed_code', 'audited_code': '36415', 'audited_units': 1, 'rationale': 'drawn'}, 'ben')
    assert audit_figures(store, aid)['progress']['findings'] == len(fs) + 1
    same_as_before(store, aid)
    other.close()

def run_cli(tmp_path, *args, store=None):
    "Run `medwork audit ...` in this process through the `medwork` entry point: (exit code, stdout, stderr)."
    import contextlib, io
    from medwork.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err): code = main(['audit', '--store', str(store or tmp_path/'cli.db'), *args])
    return code, out.getvalue(), err.getvalue()

def test_move_an_audit_from_sqlite_to_postgresql_and_back(tmp_path, pg_url):
    "The README's recipe: export from the SQLite file, import into the team's server, and back; nothing changes on the way."
    code, out, err = run_cli(tmp_path, 'new', '--name', 'demo', '--demo', '--key', store=tmp_path/'mine.db'); assert code == 0, err
    aid = out.strip()
    assert run_cli(tmp_path, 'export', aid, str(tmp_path/'a.json'), store=tmp_path/'mine.db')[0] == 0
    code, _, err = run_cli(tmp_path, 'import', str(tmp_path/'a.json'), store=pg_url); assert code == 0, err
    assert run_cli(tmp_path, 'export', aid, str(tmp_path/'b.json'), store=pg_url)[0] == 0
    assert run_cli(tmp_path, 'import', str(tmp_path/'b.json'), store=tmp_path/'back.db')[0] == 0
    assert run_cli(tmp_path, 'export', aid, str(tmp_path/'c.json'), store=tmp_path/'back.db')[0] == 0
    assert (tmp_path/'a.json').read_bytes() == (tmp_path/'b.json').read_bytes() == (tmp_path/'c.json').read_bytes()
    shows = [json.loads(run_cli(tmp_path, 'show', aid, '--json', store=s)[1]) for s in (tmp_path/'mine.db', pg_url, tmp_path/'back.db')]
    assert shows[0] == shows[1] == shows[2]
    assert run_cli(tmp_path, 'appraise', aid, store=pg_url)[1] == run_cli(tmp_path, 'appraise', aid, store=tmp_path/'mine.db')[1]
    assert 'already exists' in run_cli(tmp_path, 'import', str(tmp_path/'a.json'), store=pg_url)[2]

def test_console_command(tmp_path):
    p = subprocess.run([sys.executable, '-c', 'import sys; from medwork.cli import main; sys.exit(main())', 'audit', '--store', str(tmp_path/'c.db'), 'list'],
                       capture_output=True, text=True)
    assert p.returncode == 0 and 'no audits' in p.stdout

def test_cli_flow_and_exit_codes(tmp_path):
    code, out, err = run_cli(tmp_path, 'new', '--name', 'demo', '--demo', '--key'); assert code == 0, err
    aid = out.strip()
    assert run_cli(tmp_path, 'list')[1].count(aid) == 1
    code, out, _ = run_cli(tmp_path, 'show', aid, '--json'); assert code == 0 and json.loads(out)['summary']['reviewed'] == '50 of 50'
    code, out, _ = run_cli(tmp_path, 'appraise', aid); assert code == 0 and 'OIG' in out and 'PIM' in out and 'seed=20261207' in out
    for f in ('r.xlsx', 'r.html', 'e.json'):
        assert run_cli(tmp_path, 'report' if f[0] == 'r' else 'export', aid, str(tmp_path/f))[0] == 0 and (tmp_path/f).exists()
    code, out, _ = run_cli(tmp_path, 'new', '--name', 'focused', '--claims', 'SYN-C000001'); fid = out.strip()
    code, _, err = run_cli(tmp_path, 'appraise', fid); assert code == 1 and 'not built from a sample' in err
    pd.DataFrame({'claim_id': ['SYN-C000001', 'SYN-C000001', 'SYN-C000009'], 'line': ['1', '2', '1'], 'agree': ['', 'y', 'y'],
                  'finding_type': ['wrong_dx', '', ''], 'audited_dx': ['E11.2', '', ''], 'rationale': ['x', '', '']}).to_csv(tmp_path/'f.csv', index=False)
    code, out, _ = run_cli(tmp_path, 'import', str(tmp_path/'f.csv'), '--audit', fid)
    assert code == 1 and '3 rows: 1 findings recorded, 2 rejected' in out and 'row 2: audited_dx: E11.2' in out and 'row 4: item' in out
    assert run_cli(tmp_path, 'show', 'AUD-NOPE')[0] == 2
    assert run_cli(tmp_path, 'frobnicate')[0] == 2
    assert run_cli(tmp_path, 'import', str(tmp_path/'nope.json'))[0] == 2
    code, _, err = run_cli(tmp_path, 'import', str(tmp_path/'e.json')); assert code == 1 and 'already exists' in err
    assert 'Traceback' not in err
