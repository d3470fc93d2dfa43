"Sampling: AS 183 vectors, pinned selections (stable forever), frames, designs, DuckDB engine, reports, CLI."
import hashlib, json, math, re, subprocess, sys
from pathlib import Path
import numpy as np, pandas as pd, pyarrow as pa, pyarrow.parquet as pq
import pytest
from medwork.core import MedworkError
from medwork.sampling import (WichmannHill, seed_to_state, select, Frame, Design, draw, frame_from_file, write_report,
                              read_report, regenerate, verify, allocate, sample_cli)

VEC = json.loads((Path(__file__).parent/'data'/'ratstats_vectors.json').read_text())

# ---- AS 183: exact streams (published recurrence) ----
@pytest.mark.parametrize('name', list(VEC['as183_core']['vectors']))
def test_as183_stream(name):
    v = VEC['as183_core']['vectors'][name]
    g = WichmannHill(v['initial_state'])
    for u, st in zip(v['outputs'], v['states_after_each_call']):
        assert g.random() == u          # bit for bit
        assert list(g.state) == st

@pytest.mark.parametrize('seed', list(VEC['seed_split_example_cpython2']['examples']))
def test_py2_seed_scheme(seed):
    assert list(seed_to_state(int(seed), 'py2')) == VEC['seed_split_example_cpython2']['examples'][seed]

# ---- selection rule medwork-select-1: the reference's candidate procedure (NOT RAT-STATS-verified) ----
@pytest.mark.parametrize('case', list(VEC['candidate_single_stage_selection']['cases']))
def test_selection_matches_candidate_fixture(case):
    c = VEC['candidate_single_stage_selection']['cases'][case]
    s = select(c['quantity'], c['high'], low=c['low'], spares=c['spares'], state=c['initial_state'])
    d = s.to_dict()
    for k in ('random_order', 'sequential_order', 'spares_random_order', 'uniform_draws_used', 'sum_of_sample_numbers'):
        assert d[k] == c[k], k

def plain_select(state, low, high, count):
    "The selection rule written out independently of medwork."
    x, y, z = state; W = high - low + 1; out = []
    while len(out) < count:
        x, y, z = 171*x % 30269, 172*y % 30307, 170*z % 30323
        v = low + math.floor(((x/30269.0 + y/30307.0 + z/30323.0) % 1.0) * W)
        if v not in out: out.append(v)
    return out

@pytest.mark.parametrize('seed,N,n,k', [(1, 10, 10, 0), (42, 1000, 30, 5), (987654321, 25000, 50, 10), (999999999999, 10_000_000, 100, 3)])
def test_selection_equals_plain_rule(seed, N, n, k):
    s = select(n, N, spares=k, seed=seed)
    assert s.random_order + s.spares_random_order == plain_select(seed_to_state(seed), 1, N, n + k)
    st = hashlib.sha256(f'medwork-as183-seed-v1:{seed}'.encode()).digest()
    assert s.state == tuple(int.from_bytes(st[8*i:8*i+8], 'big') % 30000 + 1 for i in range(3))

def test_pinned_seed_states_and_sample():
    "Stable forever: these exact outputs must never change."
    assert [seed_to_state(s) for s in (1, 42, 12345, 999999999999)] == [(18380, 7499, 23791), (24517, 25446, 21234), (24186, 7995, 432), (2115, 2304, 3889)]
    s = select(30, 1000, spares=5, seed=20260101)
    assert s.random_order == [155, 140, 924, 53, 676, 383, 173, 877, 338, 497, 502, 874, 403, 176, 297, 588, 321, 712, 205, 70,
                              280, 177, 571, 859, 804, 401, 602, 493, 377, 399]
    assert s.spares_random_order == [224, 333, 391, 504, 721]
    assert s.sequential_order[:5] == [53, 70, 140, 155, 173]

def formula_frame(N=5000):
    df = pd.DataFrame({'line_id': range(1, N+1)})
    df['paid'] = [((i*7919) % 100000)/100 for i in df.line_id]
    df['provider_id'] = ['SYN-D%04d' % (i % 7 + 1) for i in df.line_id]
    return df

def test_pinned_stratified_sample():
    "Stable forever: a Neyman-allocated stratified sample on a formula-defined frame."
    fr = Frame(formula_frame(), 'line_id', 'paid')
    assert fr.fingerprint == '161f2eb6ed0c0e3d2e8bf82dee0f863ecd6f462c4c31e03a4e2af84af776c39b'
    s = draw(fr, Design('stratified', n=40, spares=2, strata_by='amount', n_strata=3, allocation='neyman'), seed=123456789)
    assert s.design.boundaries == [333.02, 666.87]
    assert s.strata[['N_h', 'n_h']].values.tolist() == [[1666, 13], [1668, 14], [1666, 13]]
    assert s.items.line_id.tolist() == [4926, 4183, 28, 2021, 4575, 3789, 4953, 3653, 2172, 671, 2451, 292, 3388, 497, 4693, 2114,
        2621, 536, 2646, 2770, 2720, 852, 4615, 992, 2153, 146, 3266, 994, 3661, 467, 4820, 1096, 3216, 1236, 2663, 3508, 605, 3646, 3725, 2611]
    assert s.spares.line_id.tolist() == [1517, 3032, 3541, 1333, 4671, 2383]

# ---- bad input ----
def test_bad_inputs_give_clear_messages():
    with pytest.raises(MedworkError, match='larger than the frame N=10'): select(11, 10, seed=1)
    with pytest.raises(MedworkError, match='seed 0 is out of range'): select(5, 10, seed=0)
    with pytest.raises(MedworkError, match='seed 1000000000000 is out of range'): select(5, 10, seed=10**12)
    with pytest.raises(MedworkError, match="seed 'abc' is not a whole number"): select(5, 10, seed='abc')
    fr = Frame(formula_frame(100), 'line_id', 'paid')
    with pytest.raises(MedworkError, match=r'stratum 3 \(\$5,000.00 and over\) has no items'):
        draw(fr, Design('stratified', n=10, strata_by='amount', boundaries=[100, 5000]), seed=1)
    with pytest.raises(MedworkError, match='n=101 is larger than the frame N=100'): draw(fr, Design(n=101), seed=1)
    with pytest.raises(MedworkError, match='stratum 1: sample size 50 is larger than the stratum'):
        draw(fr, Design('stratified', n=0, strata_by='amount', boundaries=[100], allocation='fixed', fixed=[50, 5]), seed=1)

def test_excluded_rows_listed_with_reasons(tmp_path):
    df = pd.DataFrame({'line_id': [1, 2, 3, 3, 5, None, 7], 'paid': ['10.00', 'abc', '5', '6', '', '1', '2.5']})
    df.to_csv(tmp_path/'f.csv', index=False)
    for engine in ('pandas', 'duckdb'):
        fr = frame_from_file(tmp_path/'f.csv', 'line_id', 'paid', engine=engine, **({'progress': False} if engine == 'duckdb' else {}))
        assert fr.N + len(fr.excluded) == fr.rows_in == 7
        reasons = dict(zip(fr.excluded.source_row, fr.excluded.reason))
        assert reasons[2].startswith("amount paid=") and 'is not a number' in reasons[2]
        assert reasons[3] == reasons[4] == 'duplicate key line_id=3 (2 rows)'
        assert reasons[5] == 'missing amount paid' and reasons[6] == 'missing key line_id'
        assert fr.fingerprint == hashlib.sha256(b'1\t1000\n7\t250\n').hexdigest()

def test_fingerprint_is_the_documented_plain_formula():
    df = formula_frame(300).sample(frac=1, random_state=4)
    fr = Frame(df, 'line_id', 'paid')
    plain = ''.join(f'{k}\t{round(a*100)}\n' for k, a in sorted(zip(df.line_id, df.paid)))
    assert fr.fingerprint == hashlib.sha256(plain.encode()).hexdigest()

def test_allocation_rules():
    assert allocate(100, [600, 300, 50])[0] == [63, 32, 5]
    assert allocate(100, [600, 300, 50], 'neyman', sds=[15.8, 113.8, 624.4])[0] == [13, 45, 42]
    assert allocate(9, [10, 10, 10], 'equal')[0] == [3, 3, 3]
    alloc, notes = allocate(10, [1000, 1000, 1])
    assert alloc == [5, 5, 1] and 'total sample is 11 (asked for 10)' in notes

def test_probe_and_provider_strata():
    fr = Frame(formula_frame(700), 'line_id', 'paid')
    p = draw(fr, Design('probe', n=10, strata_by='provider_id'), seed=77)
    assert p.items.groupby('provider_id').size().tolist() == [10]*7
    s = draw(fr, Design('stratified', n=21, strata_by='provider_id', allocation='equal'), seed=77)
    assert s.strata.n_h.tolist() == [3]*7

def test_design_save_load(tmp_path):
    d = Design('stratified', n=50, spares=3, strata_by='amount', boundaries=[100, 500], allocation='fixed', fixed=[10, 20, 20])
    assert Design.load(d.save(tmp_path/'d.json')) == d

# ---- demo-universe Parquet through both engines ----
def universe(path, lines, seed=2026):
    "The demo claims universe (medwork.universe.write_universe when available; else a tiny numpy stand-in with the API.md columns)."
    try:
        from medwork.universe import write_universe
        write_universe(path, lines, seed=seed); return path
    except ImportError: pass
    rng = np.random.default_rng(seed); n = lines
    paid = np.round(rng.lognormal(4.2, 1.0, n), 2)
    err = rng.random(n) < 0.15
    t = pa.table({'line_id': np.arange(1, n+1, dtype='int64'), 'claim_id': [f'SYN-C{i//3+1:07d}' for i in range(n)],
                  'line_no': (np.arange(n) % 3 + 1).astype('int64'), 'provider_id': [f'SYN-D{d:04d}' for d in rng.integers(1, 41, n)],
                  'specialty': ['family medicine']*n, 'payer_type': rng.choice(['Medicare', 'Medicaid', 'Commercial'], n),
                  'dos': pa.array(np.datetime64('2025-01-01') + rng.integers(0, 365, n).astype('timedelta64[D]'), pa.date32()),
                  'pos': ['11']*n, 'code': rng.choice(['99213', '99214', '99215', '36415', '93000'], n), 'modifiers': ['']*n,
                  'units': np.ones(n, dtype='int64'), 'billed': np.round(paid*1.6, 2), 'paid': paid,
                  'injected_error': np.where(err, 'upcoded_em', ''), 'audited_paid': np.where(err, np.round(paid*0.7, 2), paid)})
    pq.write_table(t, path); return path

@pytest.fixture(scope='module')
def uni(tmp_path_factory):
    return universe(tmp_path_factory.mktemp('u')/'universe.parquet', 20000)

@pytest.mark.parametrize('design', [Design(n=50, spares=5),
                                    Design('stratified', n=60, spares=2, strata_by='amount', n_strata=4, allocation='neyman'),
                                    Design('stratified', n=80, strata_by='provider_id', allocation='proportional'),
                                    Design('probe', n=5, strata_by='provider_id')])
def test_duckdb_and_pandas_engines_agree(uni, design):
    a = frame_from_file(uni, 'line_id', 'paid', engine='duckdb', progress=False)
    b = frame_from_file(uni, 'line_id', 'paid', engine='pandas')
    zero = int((pq.read_table(uni, columns=['paid']).column('paid').to_numpy() == 0).sum())     # denied lines: paid $0, left out by default
    assert zero > 0 and a.fingerprint == b.fingerprint and a.N == b.N == 20000 - zero and a.zero_excluded == b.zero_excluded == zero
    sa, sb = draw(a, design, seed=31337), draw(b, design, seed=31337)
    assert sa.design.boundaries == sb.design.boundaries
    cols = ['role', 'stratum', 'within', 'item', 'line_id', 'claim_id', 'provider_id', 'paid', 'audited_paid']
    assert sa.rows[cols].values.tolist() == sb.rows[cols].values.tolist()

# ---- reports regenerate the sample ----
@pytest.mark.parametrize('ext', ['xlsx', 'csv'])
def test_report_regenerates_sample_from_report_alone(uni, tmp_path, ext):
    fr = frame_from_file(uni, 'line_id', 'paid', engine='duckdb', progress=False)
    s = draw(fr, Design('stratified', n=45, spares=3, strata_by='amount', n_strata=3), seed=5551212)
    path = write_report(s, tmp_path/f'sample.{ext}')
    del fr
    rep = read_report(path)
    # from the report alone: seed -> state -> positions per stratum, checked against the listed items
    assert rep['provenance']['seed'] == 5551212 and rep['provenance']['frame_fingerprint_sha256'] == s.fingerprint
    picks = regenerate(path)
    assert picks[picks.role == 'sample'].within.tolist() == s.picks[s.picks.role == 'sample'].within.tolist()
    # and against the frame: fingerprint checked, items redrawn
    fr2 = frame_from_file(uni, 'line_id', 'paid', engine='pandas')
    assert verify(path, fr2).items.line_id.tolist() == s.items.line_id.tolist()

def test_unrestricted_report_is_a_plain_selection(tmp_path):
    fr = Frame(formula_frame(1000), 'line_id', 'paid')
    s = draw(fr, Design(n=30, spares=5), seed=20260101)
    rep = read_report(write_report(s, tmp_path/'r.csv'))
    items = rep['items']; prov = rep['provenance']
    again = plain_select(seed_to_state(prov['seed']), 1, prov['frame_N'], prov['sample_size'] + prov['spares_per_stratum'])
    assert items.item.tolist() == again

def test_fingerprint_mismatch_refused(tmp_path):
    df = formula_frame(500); fr = Frame(df, 'line_id', 'paid')
    path = write_report(draw(fr, Design(n=20), seed=9), tmp_path/'r.xlsx')
    df.loc[10, 'paid'] += 0.01
    with pytest.raises(MedworkError, match='frame fingerprint mismatch'): verify(path, Frame(df, 'line_id', 'paid'))

def test_tampered_report_refused(tmp_path):
    fr = Frame(formula_frame(500), 'line_id', 'paid')
    path = write_report(draw(fr, Design(n=20), seed=9), tmp_path/'r.csv')
    txt = path.read_text().replace('"seed": 9', '"seed": 10') if '"seed": 9' in path.read_text() else path.read_text().replace('# seed: 9', '# seed: 10')
    path.write_text(txt)
    with pytest.raises(MedworkError, match='does not give its recorded state'): regenerate(path)

# ---- command line ----
def run(*args):
    return subprocess.run([sys.executable, '-m', 'medwork.cli', *args], capture_output=True, text=True) if False else \
           subprocess.run([str(Path(sys.executable).parent/'medwork'), *args], capture_output=True, text=True)

def test_cli_sample_json():
    r = run('sample', '--frame-size', '1000', '--size', '30', '--spares', '5', '--seed', '20260101', '--json')
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d['random_order'] == select(30, 1000, spares=5, seed=20260101).random_order and d['seed'] == 20260101
    assert d['selection_order'] == d['random_order'] and d['sequential_order'] == sorted(d['random_order'])
    assert d['spares_selection_order'] == d['spares_random_order'] and len(d['spares_selection_order']) == 5

def test_cli_sample_text_and_fresh_seed():
    r = run('sample', '--frame-size', '500', '--size', '5')
    assert r.returncode == 0 and 'seed: ' in r.stdout
    seed = int(r.stdout.split('seed: ')[1].split()[0])
    assert ' '.join(map(str, select(5, 500, seed=seed).sequential_order)) in r.stdout   # the recorded seed reproduces it

def test_cli_errors():
    r = run('sample', '--frame-size', '10', '--size', '11')
    assert r.returncode == 2 and 'larger than the frame N=10' in r.stderr and 'Traceback' not in r.stderr
    r = run('sample', '--frame-size', '10', '--size', '2', '--seed', '-4')
    assert r.returncode == 2 and 'out of range' in r.stderr

def test_cli_frame_file(uni, tmp_path):
    r = run('sample', '--frame', str(uni), '--key', 'line_id', '--amount', 'paid', '--strata', 'amount', '--size', '30',
            '--seed', '77', '--report', str(tmp_path/'r.xlsx'), '--json')
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    fr = frame_from_file(uni, 'line_id', 'paid', engine='pandas')
    s = draw(fr, Design('stratified', n=30, strata_by='amount'), seed=77)
    assert [x['line_id'] for x in d['sample']] == s.items.line_id.tolist()
    assert read_report(tmp_path/'r.xlsx')['provenance']['frame_fingerprint_sha256'] == fr.fingerprint

# ---- properties ----
from hypothesis import given, settings, strategies as st

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(1, 999_999_999_999), low=st.integers(-50, 10_000), width=st.integers(1, 3000), data=st.data())
def test_selection_properties(seed, low, width, data):
    n = data.draw(st.integers(1, min(width, 200))); k = data.draw(st.integers(0, min(width - n, 20)))
    s = select(n, low + width - 1, low=low, spares=k, seed=seed)
    allv = s.random_order + s.spares_random_order
    assert len(set(allv)) == n + k and all(low <= v < low + width for v in allv)
    assert s.sequential_order == sorted(s.random_order)
    assert select(n, low + width - 1, low=low, spares=k, seed=seed).random_order == s.random_order

@settings(max_examples=80, deadline=None)
@given(sizes=st.lists(st.integers(1, 500), min_size=1, max_size=8), data=st.data())
def test_allocation_properties(sizes, data):
    n = data.draw(st.integers(1, sum(sizes)))
    method = data.draw(st.sampled_from(['proportional', 'equal', 'neyman']))
    sds = data.draw(st.lists(st.floats(0, 1000), min_size=len(sizes), max_size=len(sizes)))
    alloc, notes = allocate(n, sizes, method, sds=sds, min_per_stratum=2)
    assert all(min(2, N) <= a <= N for a, N in zip(alloc, sizes))
    assert sum(alloc) >= n and (sum(alloc) == n or any('raised' in x for x in notes))

# ---- issue 4 audit: bad input through the API and the CLI, each named, nothing dropped ----
from medwork.sampling import whole_number, check_seed, Selection

@pytest.mark.parametrize('call,message', [
    (lambda: select(0, 10, seed=1), 'sample size 0 must be at least 1'),
    (lambda: select(2.5, 10, seed=1), 'sample size 2.5 is not a whole number'),
    (lambda: select(5, 'ten', seed=1), "high item number 'ten' is not a whole number"),
    (lambda: select(8, 10, spares=3, seed=1), 'n=8 plus 3 spares needs 11 distinct items but the frame has only N=10'),
    (lambda: select(5, 10, spares=-1, seed=1), 'spares -1 must be at least 0'),
    (lambda: select(5, 10, seed=-7), 'seed -7 is out of range'),
    (lambda: select(5, 10, seed=3.5), 'seed 3.5 is not a whole number'),
    (lambda: select(5, 10, seed='12x'), "seed '12x' is not a whole number"),
    (lambda: select(5, 10, seed=''), "seed '' is not a whole number"),
    (lambda: select(5, 10, seed=True), 'seed True is not a whole number'),
    (lambda: Design(n=0), 'sample size n 0 must be at least 1'),
    (lambda: Design(n='abc'), "sample size n 'abc' is not a whole number"),
    (lambda: Design(n=5, spares='two'), "spares 'two' is not a whole number"),
    (lambda: Design('stratified', n=5, strata_by='amount', boundaries=[500, 100]), 'must be finite and strictly increasing'),
    (lambda: Design('stratified', n=5, strata_by='amount', boundaries=[100, 100]), 'must be finite and strictly increasing'),
    (lambda: Design('stratified', n=5, strata_by='amount', n_strata=1), 'number of strata 1 must be at least 2'),
    (lambda: Frame([1, 2], 'line_id', 'paid'), 'not a list'),
])
def test_bad_input_api(call, message):
    with pytest.raises(MedworkError, match=re.escape(message)): call()

def test_unrestricted_spares_beyond_frame_refused_stratified_noted():
    fr = Frame(formula_frame(40), 'line_id', 'paid')
    with pytest.raises(MedworkError, match='n=38 plus 5 spares needs 43 distinct items but the frame has only N=40'):
        draw(fr, Design(n=38, spares=5), seed=1)
    s = draw(fr, Design('probe', n=5, spares=2, strata_by='provider_id'), seed=1)
    short = s.strata[s.strata.spares_h < 2]
    assert len(short) and all(any(n.startswith(f'stratum {h}: only') for n in s.notes) for h in short.stratum)
    assert len(s.spares) == s.strata.spares_h.sum()

def test_empty_frames_are_named(tmp_path):
    (tmp_path/'empty.csv').write_text('')
    (tmp_path/'header.csv').write_text('line_id,paid\n')
    (tmp_path/'bad.csv').write_text('line_id,paid\n1,abc\n2,\n2,5\n')
    for eng in ('duckdb', 'pandas'):
        with pytest.raises(MedworkError, match='empty.csv is empty'): frame_from_file(tmp_path/'empty.csv', 'line_id', 'paid', engine=eng)
        fr = frame_from_file(tmp_path/'header.csv', 'line_id', 'paid', engine=eng)
        with pytest.raises(MedworkError, match='has no items .N = 0.: the file has no data rows'): draw(fr, Design(n=1), seed=1)
        fr = frame_from_file(tmp_path/'bad.csv', 'line_id', 'paid', engine=eng)
        assert fr.N + len(fr.excluded) == fr.rows_in == 3
        with pytest.raises(MedworkError, match=r'all 3 rows were excluded \(.*not a number.*\)'): draw(fr, Design(n=1), seed=1)

# ---- the strata_by pitfall: the amount column by name, and many-valued numeric columns ----
def demo_claim_lines():
    from medwork.demo import load_claim_lines
    return load_claim_lines()

def test_strata_by_amount_column_means_amount_strata():
    d = demo_claim_lines()
    assert d.paid.nunique() > 50          # one stratum per distinct paid amount would be absurd
    fr = Frame(d, ['claim_id', 'line_no'], 'paid')
    by_name = draw(fr, Design('stratified', n=60, strata_by='paid', n_strata=3), seed=11)
    by_amount = draw(fr, Design('stratified', n=60, strata_by='amount', n_strata=3), seed=11)
    assert len(by_name.strata) == 3 and by_name.design.strata_by == 'amount'
    assert by_name.items.item.tolist() == by_amount.items.item.tolist()
    assert any("strata_by='paid' is the amount column" in n for n in by_name.notes)

@pytest.mark.parametrize('engine', ['pandas', 'duckdb'])
def test_many_valued_numeric_strata_refused(tmp_path, engine):
    d = demo_claim_lines(); d.to_csv(tmp_path/'lines.csv', index=False)
    fr = frame_from_file(tmp_path/'lines.csv', ['claim_id', 'line_no'], 'paid', engine=engine, **({'progress': False} if engine == 'duckdb' else {}))
    k = d[d.paid != 0].charge.nunique(); assert k > 20                 # over the frame: lines paid $0 are left out
    with pytest.raises(MedworkError, match=f"strata_by='charge' is a numeric column with {k} distinct values.*use strata_by='amount'"):
        draw(fr, Design('stratified', n=60, strata_by='charge'), seed=1)
    assert len(draw(fr, Design('stratified', n=60, strata_by='units'), seed=1).strata) == d[d.paid != 0].units.nunique()    # few values: fine
    s = draw(fr, Design('stratified', n=60, strata_by='paid'), seed=1)
    assert len(s.strata) == 3 and s.design.strata_by == 'amount'

def test_cli_strata_by_amount_column(tmp_path):
    d = demo_claim_lines(); d.to_csv(tmp_path/'lines.csv', index=False)
    r = run('sample', '--frame', str(tmp_path/'lines.csv'), '--key', 'claim_id,line_no', '--strata', 'paid', '--size', '30', '--seed', '5', '--json')
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)['strata']) == 3
    r = run('sample', '--frame', str(tmp_path/'lines.csv'), '--key', 'claim_id,line_no', '--strata', 'charge', '--size', '30', '--seed', '5')
    assert r.returncode == 2 and "use strata_by='amount'" in r.stderr and 'Traceback' not in r.stderr

@pytest.fixture
def files(tmp_path):
    df = formula_frame(60); df.to_csv(tmp_path/'good.csv', index=False)
    (tmp_path/'empty.csv').write_text('')
    df[['line_id']].to_csv(tmp_path/'noamount.csv', index=False)
    df.assign(paid='x').to_csv(tmp_path/'allbad.csv', index=False)
    return tmp_path

@pytest.mark.parametrize('args,message', [
    (['--frame-size', '100', '--size', '0'], 'sample size 0 must be at least 1'),
    (['--frame-size', '100', '--size', '101'], 'sample size n=101 is larger than the frame N=100'),
    (['--frame-size', '100', '--size', '98', '--spares', '5'], 'n=98 plus 5 spares needs 103 distinct items'),
    (['--frame-size', 'abc', '--size', '5'], "frame size N 'abc' is not a whole number"),
    (['--frame-size', '0', '--size', '5'], 'frame size N 0 must be at least 1'),
    (['--frame-size', '100', '--size', '5', '--seed', '0'], 'seed 0 is out of range'),
    (['--frame-size', '100', '--size', '5', '--seed', '-3'], 'seed -3 is out of range'),
    (['--frame-size', '100', '--size', '5', '--seed', '1.5'], "seed '1.5' is not a whole number"),
    (['--frame-size', '100', '--size', '5', '--seed', '1000000000000'], 'seed 1000000000000 is out of range'),
    (['--frame-size', '100', '--size', '5', '--seed', 'abc'], "seed 'abc' is not a whole number"),
    (['--frame-size', '100', '--size', '5', '--sede', '4'], 'unrecognized arguments: --sede 4'),
    (['--frame-size', '100'], 'give --size n'),
    (['--frame', '{d}/empty.csv', '--size', '5'], 'empty.csv is empty'),
    (['--frame', '{d}/noamount.csv', '--size', '5'], 'column(s) paid not found; the file has: line_id'),
    (['--frame', '{d}/allbad.csv', '--size', '5'], 'all 60 rows were excluded (60 × amount paid is not a number)'),
    (['--frame', '{d}/good.csv', '--size', '61'], 'sample size n=61 is larger than the frame N=60'),
    (['--frame', '{d}/good.csv', '--size', '0'], 'sample size n 0 must be at least 1'),
    (['--frame', '{d}/good.csv', '--size', '6', '--strata', 'amount', '--boundaries', '500,100'], 'must be finite and strictly increasing'),
    (['--frame', '{d}/good.csv', '--size', '6', '--strata', 'amount', '--boundaries', '100,50000'], 'stratum 3 ($50,000.00 and over) has no items'),
    (['--frame', '{d}/good.csv', '--size', '6', '--strata', 'line_id'], 'different value on every one of the 60 frame items'),
    (['--frame', '{d}/nope.csv', '--size', '6'], 'not found'),
    (['--verify', '{d}/good.csv'], 'good.csv is not a medwork sampling report'),
])
def test_cli_bad_input_one_line_exit_2(files, args, message):
    r = run('sample', *[a.format(d=files) for a in args])
    assert r.returncode == 2 and message in r.stderr, (r.returncode, r.stderr)
    assert 'Traceback' not in r.stderr and len(r.stderr.strip().splitlines()) == 1

def test_cli_frame_text_shows_both_orders_and_spares(files):
    r = run('sample', '--frame', str(files/'good.csv'), '--size', '6', '--spares', '2', '--seed', '321')
    assert r.returncode == 0, r.stderr
    s = draw(Frame(formula_frame(60), 'line_id', 'paid'), Design(n=6, spares=2), seed=321)
    sel, seq, spa = r.stdout.split('sample, selection order:')[1].split('sample, sequential (ascending) order:')[0], \
        r.stdout.split('sample, sequential (ascending) order:')[1].split('spares')[0], r.stdout.split('spares, selection order')[1]
    num = lambda block: [int(l.split()[2]) for l in block.strip().splitlines()[1:]]      # the item column
    assert num(sel) == s.items.item.tolist() and num(seq) == sorted(s.items.item.tolist())
    assert [int(l.split()[2]) for l in spa.strip().splitlines()[2:]] == s.spares.item.tolist()

def test_cli_verify_report_and_changed_frame(files, tmp_path):
    rp = tmp_path/'r.csv'
    r = run('sample', '--frame', str(files/'good.csv'), '--strata', 'amount', '--size', '12', '--spares', '1', '--seed', '99', '--report', str(rp))
    assert r.returncode == 0, r.stderr
    r = run('sample', '--verify', str(rp), '--json')
    assert r.returncode == 0 and json.loads(r.stdout)['regenerated_from_report'] is True
    r = run('sample', '--verify', str(rp), '--frame', str(files/'good.csv'))
    assert r.returncode == 0 and 'fingerprint matches' in r.stdout
    df = formula_frame(60); df.loc[7, 'paid'] += 0.01; df.to_csv(files/'changed.csv', index=False)
    r = run('sample', '--verify', str(rp), '--frame', str(files/'changed.csv'))
    assert r.returncode == 1 and 'frame fingerprint mismatch' in r.stderr and 'Traceback' not in r.stderr

@pytest.mark.parametrize('ext', ['xlsx', 'csv'])
def test_report_has_every_field_the_issue_lists(tmp_path, ext):
    fr = Frame(formula_frame(300), 'line_id', 'paid')
    s = draw(fr, Design('stratified', n=20, spares=2, strata_by='amount', n_strata=3), seed=424242)
    rep = read_report(write_report(s, tmp_path/f'r.{ext}'))
    p, items = rep['provenance'], rep['items']
    assert p['design']['kind'] == 'stratified' and p['design']['boundaries'] == s.design.boundaries
    assert p['seed'] == 424242 and p['frame_fingerprint_sha256'] == fr.fingerprint and p['frame_N'] == 300 and p['sample_size'] == s.n
    import medwork, datetime as dt
    assert p['medwork_version'] == medwork.__version__ and dt.datetime.fromisoformat(p['created_utc']).year >= 2026
    smp = items[items.role == 'sample']
    assert smp.sort_values('selection_order').item.tolist() == s.items.item.tolist()
    assert smp.sort_values('sequential_order').item.tolist() == sorted(s.items.item.tolist())
    assert items[items.role == 'spare'].item.tolist() == s.spares.item.tolist()

def test_engines_agree_on_awkward_csv_cells(tmp_path):
    "Missing-value words, NaN, text after 20,000 numeric rows (DuckDB's type sniffer), text in a key: same frame, nothing silently kept."
    (tmp_path/'edge.csv').write_text('line_id,paid\n1,NaN\n2,nan\n3,NA\n4,N/A\n5,null\n6,\n7,1e3\n8, 12.5\n9,$5\n10,"1,234.50"\n11,inf\n12,-0.0\n13,7\n')
    n = 30000
    late = pd.DataFrame({'line_id': np.arange(1, n+1), 'paid': np.round(np.linspace(1, 500, n), 2)}).astype({'paid': object})
    late.loc[n-1, 'paid'] = 'abc'; late.to_csv(tmp_path/'late.csv', index=False)
    nan_parquet = pd.DataFrame({'line_id': [1, 2, 3], 'paid': [1.5, float('nan'), 2.0]}); nan_parquet.to_parquet(tmp_path/'nan.parquet')
    for name, N in [('edge.csv', 3), ('late.csv', n - 1), ('nan.parquet', 2)]:     # edge.csv: -0.0 is a $0 line, left out
        a = frame_from_file(tmp_path/name, 'line_id', 'paid', engine='duckdb', progress=False)
        b = frame_from_file(tmp_path/name, 'line_id', 'paid', engine='pandas')
        assert a.N == b.N == N and a.fingerprint == b.fingerprint, name
        assert a.N + len(a.excluded) == a.rows_in and a.excluded.reason.tolist() == b.excluded.reason.tolist(), name
    assert 'missing amount paid' in a.excluded.reason.tolist()

# ---- issue 11 §4: $0 lines, Neyman from the probe's overpayment ----
def test_zero_paid_lines_left_out_by_default_listed_and_kept_on_request(tmp_path):
    df = formula_frame(300); df.loc[df.line_id % 10 == 0, 'paid'] = 0.0; df.to_csv(tmp_path/'z.csv', index=False)
    for engine in ('pandas', 'duckdb'):
        kw = {'progress': False} if engine == 'duckdb' else {}
        fr = frame_from_file(tmp_path/'z.csv', 'line_id', 'paid', engine=engine, **kw)
        assert (fr.N, fr.zero_excluded, fr.N + len(fr.excluded)) == (270, 30, fr.rows_in)
        assert fr.excluded.line_id.tolist() == list(range(10, 301, 10)) and fr.excluded.reason.str.contains(r'is \$0').all()
        assert frame_from_file(tmp_path/'z.csv', 'line_id', 'paid', engine=engine, keep_zero=True, **kw).N == 300
    rep = tmp_path/'r.csv'
    j = json.loads(run('sample', '--frame', str(tmp_path/'z.csv'), '--size', '10', '--seed', '3', '--report', str(rep), '--json').stdout)
    assert (j['frame_N'], j['frame_zero_amounts'], len(j['excluded_rows'])) == (270, 'excluded', 30)
    assert any('30 lines paid $0 are not in the frame' in n for n in j['notes'])
    assert run('sample', '--verify', str(rep), '--frame', str(tmp_path/'z.csv')).returncode == 0
    kept = tmp_path/'k.csv'
    j = json.loads(run('sample', '--frame', str(tmp_path/'z.csv'), '--size', '10', '--seed', '3', '--keep-zero', '--report', str(kept), '--json').stdout)
    assert (j['frame_N'], j['frame_zero_amounts']) == (300, 'kept')
    r = run('sample', '--verify', str(kept), '--frame', str(tmp_path/'z.csv'))
    assert r.returncode == 0 and 'fingerprint matches' in r.stdout

def test_neyman_uses_the_probe_overpayment_spread_and_says_so():
    from medwork.sampling import overpayment_sds
    fr = Frame(formula_frame(3000), 'line_id', 'paid')
    des = dict(kind='stratified', n=50, strata_by='amount', boundaries=[200, 600], allocation='neyman')
    probe = draw(fr, Design('probe', n=8, strata_by='amount', boundaries=[200, 600]), seed=5)
    over = [0.0 if r.stratum == 3 else round(r.paid * (0.2 if r.line_id % 2 else 0.6), 2) for r in probe.items.itertuples()]
    sds = overpayment_sds(probe, over)
    assert sds[2] == 0 and sds[0] > 0 and sds[1] > 0
    by_probe, by_paid = draw(fr, Design(**des, overpayment_sds=sds), seed=6), draw(fr, Design(**des), seed=6)
    assert by_probe.strata.n_h.tolist()[2] == 2 and by_paid.strata.n_h.tolist()[2] > 2      # no overpayment in the top stratum: the minimum only
    assert 'overpayment in the probe sample' in by_probe.notes[0] and 'fallback' in by_paid.notes[0]

def test_cli_neyman_from_overpayment_sds(tmp_path):
    formula_frame(3000).to_csv(tmp_path/'f.csv', index=False)
    base = ['sample', '--frame', str(tmp_path/'f.csv'), '--strata', 'amount', '--boundaries', '200,600', '--allocation', 'neyman', '--size', '50', '--seed', '6', '--json']
    j = json.loads(run(*base, '--overpayment-sds', '40.5,120,0').stdout)
    assert [s['n_h'] for s in j['strata']][2] == 2 and j['design']['overpayment_sds'] == [40.5, 120.0, 0.0]
    assert j['notes'][0].startswith('Neyman allocation from the standard deviation of the overpayment in the probe sample')
    r = run(*base, '--overpayment-sds', '40.5,x')
    assert r.returncode == 2 and 'must be numbers' in r.stderr and 'Traceback' not in r.stderr
