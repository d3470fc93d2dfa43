"Appraisal: every formula vector in ratstats_vectors.json to the cent (one test per value), plus bad input, reports and CLI."
import json, math, subprocess, sys, warnings
from functools import lru_cache
from pathlib import Path
import pandas as pd
import pytest
from medwork.core import MedworkError
from medwork.appraisal import (variable_appraisal, difference_appraisal, ratio_appraisal, stratified_variable_appraisal,
                               attribute_appraisal, stratified_attribute_appraisal, attribute_sample_size, variable_sample_size,
                               quantile, write_appraisal_report, appraise_sample, OIG, PIM)

VEC = json.loads((Path(__file__).parent/'data'/'ratstats_vectors.json').read_text())
META = {'provenance', 'status', 'rat_stats_printout', 'reference_id', 'inputs'}

def tol(expected):
    "To the cent for dollar amounts, relative 1e-6 for everything (the stricter of the two)."
    return min(0.005, max(1e-6 * abs(expected), 1e-12))

def walk(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in META: yield from walk(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj): yield from walk(v, path + (i,))
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        yield path, obj

# ---- what medwork computes for each section of the file ----
@lru_cache(None)
def computed(section):
    v = VEC[section]
    if section == 'unrestricted_variable_mpu':
        y, N = v['inputs']['overpayment_values'], v['inputs']['universe_size']
        t = variable_appraisal(y, N, quantile_rule='t')
        return {'results_t_df_n_minus_1': t, 'results_z': variable_appraisal(y, N, quantile_rule='z'),
                'policy_reads': {'OIG_demand_lower_limit_90pct_two_sided (=95% one-sided)': t['demands'][OIG],
                                 'PIM_8.4.5.1_lower_limit_one_sided_90pct (=80% two-sided lower)': t['demands'][PIM]}}
    if section == 'ratio_and_difference':
        i = v['inputs']; x, a, N, X = i['examined_paid_values'], i['audited_values'], i['universe_size'], i['universe_examined_total_X']
        return {'ratio_estimate_of_audited_total': ratio_appraisal(x, a, N, X, target='audited'),
                'ratio_estimate_of_overpayment_total': ratio_appraisal(x, a, N, X, target='overpayment'),
                'difference_estimator': difference_appraisal(x, a, N, X), 'mpu_audited_total': variable_appraisal(a, N)}
    if section == 'stratified_variable':
        return {'results': stratified_variable_appraisal(v['inputs'])}
    if section == 'unrestricted_attribute':
        cases = [attribute_appraisal(c['universe_size'], c['sample_size'], c['sample_count']) for c in v['cases']]
        cross = {}
        for key in v['crosscheck_claimr_minimum_sum_bounds']:
            N, n, k = map(int, key.split(','))
            r = attribute_appraisal(N, n, k)['two_sided']['90%']   # alpha 0.05 per side
            cross[key] = {'claimr_Ne_low_alpha0.05': r['lower_count'], 'claimr_Ne_up_alpha0.05': r['upper_count']}
        return {'cases': cases, 'crosscheck_claimr_minimum_sum_bounds': cross}
    if section == 'stratified_attribute':
        return {'results': stratified_attribute_appraisal([(s['N'], s['n'], s['k']) for s in v['inputs']])}
    if section == 'sample_size_textbook':
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            z = v['variable_z']; t = v['variable_t_iterated']; at = v['attribute_z']
            return {'variable_z': {**z, 'n': variable_sample_size(z['N'], z['precision_total'], z['conf'], sd=z['sd'], method='z')['n']},
                    'variable_t_iterated': {**t, 'n': variable_sample_size(t['N'], t['precision_total'], t['conf'], sd=t['sd'], method='t')['n']},
                    'attribute_z': {**at, 'n': attribute_sample_size(at['N'], at['p'], at['precision_rate'], at['conf'])['n']}}
    if section == 't_quantiles':
        return {df: {f'two_sided_{c}': quantile(c/100, None if df.startswith('inf') else int(df)) for c in (80, 90, 95)}
                for df in v if df not in META}
    raise KeyError(section)

APPRAISAL_SECTIONS = ['unrestricted_variable_mpu', 'ratio_and_difference', 'stratified_variable', 'unrestricted_attribute',
                      'stratified_attribute', 'sample_size_textbook', 't_quantiles']
CASES = [(s, p, x) for s in APPRAISAL_SECTIONS for p, x in walk(VEC[s])]

def test_every_formula_section_is_covered():
    "Every section of the file is checked here or in test_sampling.py (AS 183 streams, seed split, selection)."
    sampling = {'as183_core', 'seed_split_example_cpython2', 'candidate_single_stage_selection'}
    assert set(VEC) - {'_meta'} == set(APPRAISAL_SECTIONS) | sampling
    assert len(CASES) > 300

@pytest.mark.parametrize('section,path,expected', CASES, ids=['/'.join(map(str, (s,) + p)) for s, p, _ in CASES])
def test_vector(section, path, expected):
    got = computed(section)
    for k in path: got = got[k]
    assert got is not None
    assert abs(got - expected) <= tol(expected), f'{got!r} != {expected!r}'

# ---- behaviour beyond the vectors ----
def test_demand_conventions_labelled_and_ordered():
    r = variable_appraisal(VEC['unrestricted_variable_mpu']['inputs']['overpayment_values'], 1000)
    assert set(r['demands']) == {OIG, PIM}
    assert 'two-sided 90%' in OIG and 'one-sided 90%' in PIM and 'OIG' in OIG and 'PIM' in PIM
    assert r['demands'][OIG] < r['demands'][PIM] < r['point_estimate_total']

def test_stratified_states_df_rule_and_alternatives():
    r = stratified_variable_appraisal(VEC['stratified_variable']['inputs'], df_rule='satterthwaite')
    assert r['df_rule_used'] == 'satterthwaite' and 'Satterthwaite' in r['quantile_rule']
    assert set(r['limits']) == {'z', 't_n_minus_L', 't_satterthwaite'}
    assert r['demands'][OIG] == pytest.approx(r['limits']['t_satterthwaite']['90%']['lower_limit'])

def test_custom_level():
    r = variable_appraisal([0, 10, 20, 0, 5], 100, levels=[0.99, 85])
    assert set(r['two_sided']) == {'99%', '85%'}

def test_bad_inputs():
    with pytest.raises(MedworkError, match=r"value #3 \('x'\) is missing or not a number"): variable_appraisal([1, 2, 'x'], 10)
    with pytest.raises(MedworkError, match='at least 2'): variable_appraisal([1], 10)
    with pytest.raises(MedworkError, match='stratum 2 has 1 sampled item of 300'): stratified_variable_appraisal([(10, [1, 2]), (300, [4])])
    with pytest.raises(MedworkError, match='larger than the universe'): attribute_appraisal(10, 20, 1)
    with pytest.raises(MedworkError, match='give a probe sample'): variable_sample_size(1000, 500)

def test_sample_size_warns_without_probe():
    with pytest.warns(UserWarning, match='no probe sample'):
        r = variable_sample_size(1000, 10000, sd=85)
    assert r['warnings'] and r['sd_source'] == 'entered by hand'
    p = variable_sample_size(1000, 10000, probe_overpayments=VEC['unrestricted_variable_mpu']['inputs']['overpayment_values'])
    assert p['warnings'] == [] and p['sd'] == pytest.approx(85.79412381413125)

def test_appraisal_report(tmp_path):
    r = stratified_variable_appraisal(VEC['stratified_variable']['inputs'])
    write_appraisal_report(r, tmp_path/'a.xlsx', inputs={'seed': 1}); write_appraisal_report(r, tmp_path/'a.csv')
    x = pd.read_excel(tmp_path/'a.xlsx', sheet_name=None)
    assert {'Summary', 'Limits', 'Strata', 'df alternatives'} <= set(x)
    f = pd.read_csv(tmp_path/'a.csv').set_index('field').value
    assert float(f[f'demands / {OIG}']) == pytest.approx(35831.14627885733, abs=0.005)
    assert float(f[f'demands / {PIM}']) == pytest.approx(41692.23899885241, abs=0.005)

def test_appraise_drawn_sample():
    import numpy as np
    from medwork.sampling import Frame, Design, draw
    df = pd.DataFrame({'line_id': range(1, 2001)}); df['paid'] = [((i*7919) % 100000)/100 for i in df.line_id]
    df['audited_paid'] = [p if i % 5 else round(p/2, 2) for i, p in zip(df.line_id, df.paid)]
    s = draw(Frame(df, 'line_id', 'paid'), Design('stratified', n=40, strata_by='amount', boundaries=[300, 700]), seed=4)
    r = appraise_sample(s, df[['line_id', 'audited_paid']])
    m = r['lines']
    assert (m.overpayment == (m.paid - m.audited_paid).round(2)).all()
    byh = [(row.N_h, m[m.stratum == row.stratum].overpayment.tolist()) for row in s.strata.itertuples()]
    assert r['variable']['point_estimate_total'] == pytest.approx(stratified_variable_appraisal(byh)['point_estimate_total'])
    assert r['attribute']['strata'][0]['k_h'] == int(((m.stratum == 1) & (m.overpayment != 0)).sum())

def cli(*args):
    return subprocess.run([str(Path(sys.executable).parent/'medwork'), 'appraise', *args], capture_output=True, text=True)

def test_cli_attribute_and_variable(tmp_path):
    r = cli('attribute', '--universe', '5000', '--sample', '100', '--errors', '7', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['two_sided']['90%']['lower_count'] == 168
    pd.DataFrame({'overpayment': VEC['unrestricted_variable_mpu']['inputs']['overpayment_values']}).to_csv(tmp_path/'op.csv', index=False)
    r = cli('variable', '--universe', '1000', '--values', str(tmp_path/'op.csv'))
    assert r.returncode == 0 and 'OIG: lower limit of the two-sided 90% interval: 25,912.49' in r.stdout
    assert 'CMS PIM ch. 8: lower limit of the one-sided 90% interval: 31,893.45' in r.stdout
    r = cli('attribute', '--strata', '2000:50:4,1500:40:6,500:30:9', '--json')
    assert json.loads(r.stdout)['point_estimate_count'] == pytest.approx(535)
    r = cli('size', 'attribute', '--universe', '5000', '--rate', '0.1', '--precision', '0.05', '--json')
    assert json.loads(r.stdout)['n'] == 96
    r = cli('attribute', '--universe', '10', '--sample', '20', '--errors', '1')
    assert r.returncode == 2 and 'larger than the universe' in r.stderr

def test_cli_stratified_and_difference(tmp_path):
    rows = [(h, y) for h, s in enumerate(VEC['stratified_variable']['inputs'], 1) for y in s['y']]
    pd.DataFrame(rows, columns=['stratum', 'overpayment']).to_csv(tmp_path/'s.csv', index=False)
    r = cli('variable', '--values', str(tmp_path/'s.csv'), '--stratum-col', 'stratum', '--sizes', '600,300,50', '--json')
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d['df_rule_used'] == 'n-L' and abs(d['demands'][OIG] - 35831.14627885733) < 0.005
    r = cli('variable', '--values', str(tmp_path/'s.csv'), '--stratum-col', 'stratum', '--sizes', '600,300,50')
    assert 't_satterthwaite' in r.stdout and 'CMS PIM ch. 8' in r.stdout
    i = VEC['ratio_and_difference']['inputs']
    pd.DataFrame({'paid': i['examined_paid_values'], 'audited_paid': i['audited_values']}).to_csv(tmp_path/'d.csv', index=False)
    r = cli('variable', '--universe', '1000', '--values', str(tmp_path/'d.csv'), '--estimator', 'ratio', '--examined-total', '142357.89', '--json')
    assert abs(json.loads(r.stdout)['point_estimate_total'] - 51233.03556140379) < 0.005
    r = cli('variable', '--universe', '1000', '--values', str(tmp_path/'d.csv'), '--estimator', 'difference', '--examined-total', '142357.89')
    assert r.returncode == 0 and 'OIG: lower limit of the two-sided 90% interval: 25,912.49' in r.stdout
    r = cli('variable', '--universe', '1000', '--values', str(tmp_path/'nope.csv'))
    assert r.returncode == 2 and 'not found' in r.stderr

# ---- issue 4 audit: the CLI with files as an auditor has them; every mistake is one line, exit 2 ----
@pytest.fixture
def vals(tmp_path):
    i = VEC['ratio_and_difference']['inputs']
    pd.DataFrame({'line_id': range(1, 31), 'paid': i['examined_paid_values'], 'audited_paid': i['audited_values']}).to_csv(tmp_path/'pa.csv', index=False)
    pd.DataFrame({'overpayment': [0, 10, 'abc', 5, None, 3]}).to_csv(tmp_path/'op_bad.csv', index=False)
    (tmp_path/'empty.csv').write_text(''); (tmp_path/'header.csv').write_text('overpayment\n')
    pd.DataFrame({'x': [1, 2]}).to_csv(tmp_path/'wrong.csv', index=False)
    pd.DataFrame({'stratum': [1, 1, 2, 2], 'overpayment': [1, 2, 3, 4]}).to_csv(tmp_path/'st.csv', index=False)
    return tmp_path

def test_cli_variable_from_paid_and_audited_columns(vals):
    r = cli('variable', '--universe', '1000', '--values', str(vals/'pa.csv'), '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['demands'][OIG] == pytest.approx(VEC['unrestricted_variable_mpu']['policy_reads']['OIG_demand_lower_limit_90pct_two_sided (=95% one-sided)'], abs=0.005)

@pytest.mark.parametrize('args,message', [
    (['variable', '--universe', '100', '--values', '{d}/empty.csv'], 'empty.csv is empty'),
    (['variable', '--universe', '100', '--values', '{d}/header.csv'], 'header.csv has a header (overpayment) but no rows'),
    (['variable', '--universe', '100', '--values', '{d}/wrong.csv'], "wrong.csv needs an 'overpayment' column, or 'paid' and 'audited_paid' columns; it has: x"),
    (['variable', '--universe', '100', '--values', '{d}/op_bad.csv'], "op_bad.csv, column 'overpayment', data row #3 ('abc') is missing or not a number"),
    (['variable', '--universe', '100', '--values', '{d}/wrong.csv', '--estimator', 'ratio', '--examined-total', '9'], "column 'paid' not in wrong.csv"),
    (['variable', '--universe', '100', '--values', '{d}/nope.csv'], 'not found'),
    (['variable', '--values', '{d}/st.csv', '--stratum-col', 'nocol', '--sizes', '10,20'], "stratum column 'nocol' not in st.csv"),
    (['variable', '--values', '{d}/st.csv', '--stratum-col', 'stratum', '--sizes', '10,abc'], "--sizes: 'abc' is not a whole number"),
    (['variable', '--values', '{d}/st.csv', '--stratum-col', 'stratum', '--sizes', '10'], '2 strata in stratum (1, 2) but 1 sizes'),
    (['variable', '--universe', '100', '--values', '{d}/pa.csv', '--levels', '90,abc'], "--levels: 'abc' is not a number"),
    (['variable', '--universe', '20', '--values', '{d}/pa.csv'], 'N=20 is smaller than the sample size n=30'),
    (['attribute', '--strata', '100:10:1,50:5'], 'stratum 2: give N_h, n_h and k_h'),
    (['attribute', '--strata', '100:10:1,50:1:0'], 'stratum 2 has 1 sampled item of 50'),
    (['attribute', '--universe', '0', '--sample', '1', '--errors', '0'], 'universe size N=0 must be at least 1'),
    (['attribute', '--universe', 'many', '--sample', '1', '--errors', '0'], "wants the universe size N, a whole number of items (e.g. 12000), not 'many'"),
    (['variable', '--universe', '{d}/pa.csv', '--values', '{d}/pa.csv'], 'a file: give its number of lines instead'),
    (['size', 'variable', '--universe', '1000', '--precision', '100', '--probe', '{d}/wrong.csv'], "wrong.csv needs an 'overpayment' column"),
    (['variable', '--report', '{d}/pa.csv', '--audited', '{d}/pa.csv'], 'pa.csv is not a medwork sampling report'),
    (['bogus'], "invalid choice: 'bogus'"),
])
def test_cli_bad_input(vals, args, message):
    r = cli(*[a.format(d=vals) for a in args])
    assert r.returncode == 2 and message in r.stderr, (r.returncode, r.stderr)
    assert 'Traceback' not in r.stderr and len(r.stderr.strip().splitlines()) == 1

def test_cli_appraise_from_sampling_report_and_audited_csv(tmp_path):
    from medwork.sampling import Frame, Design, draw, write_report
    df = pd.DataFrame({'line_id': range(1, 2001)}); df['paid'] = [((i*7919) % 100000)/100 for i in df.line_id]
    df['audited_paid'] = [p if i % 5 else round(p/2, 2) for i, p in zip(df.line_id, df.paid)]
    s = draw(Frame(df, 'line_id', 'paid'), Design('stratified', n=40, strata_by='amount', boundaries=[300, 700]), seed=4)
    write_report(s, tmp_path/'sample.xlsx'); df[['line_id', 'audited_paid']].to_csv(tmp_path/'audited.csv', index=False)
    expected = appraise_sample(s, df[['line_id', 'audited_paid']])
    r = cli('variable', '--report', str(tmp_path/'sample.xlsx'), '--audited', str(tmp_path/'audited.csv'), '--json', '--out', str(tmp_path/'a.xlsx'))
    assert r.returncode == 0, r.stderr
    assert 'note: 1960 row(s) of the audited file are not sampled lines and were not used' in r.stderr     # said, not silently dropped
    d = json.loads(r.stdout)
    assert d['point_estimate_total'] == pytest.approx(expected['variable']['point_estimate_total'])
    assert d['demands'][OIG] == pytest.approx(expected['variable']['demands'][OIG]) and PIM in d['demands']
    summ = pd.read_excel(tmp_path/'a.xlsx', sheet_name='Summary').set_index('field').value
    assert summ['input / frame_fingerprint'] == s.fingerprint and str(summ['input / seed']) == '4'
    r = cli('attribute', '--report', str(tmp_path/'sample.xlsx'), '--audited', str(tmp_path/'audited.csv'), '--json')
    assert json.loads(r.stdout)['point_estimate_count'] == pytest.approx(expected['attribute']['point_estimate_count'])
    # an audited file missing a sampled line, or with a non-number, is named
    df[['line_id', 'audited_paid']].iloc[:100].to_csv(tmp_path/'short.csv', index=False)
    r = cli('variable', '--report', str(tmp_path/'sample.xlsx'), '--audited', str(tmp_path/'short.csv'))
    assert r.returncode == 2 and 'have no audited amount' in r.stderr
    bad = df[['line_id', 'audited_paid']].astype({'audited_paid': object}); bad.loc[bad.line_id == s.items.line_id[0], 'audited_paid'] = 'tbd'
    bad.to_csv(tmp_path/'bad.csv', index=False)
    r = cli('variable', '--report', str(tmp_path/'sample.xlsx'), '--audited', str(tmp_path/'bad.csv'))
    assert r.returncode == 2 and f"line_id={s.items.line_id[0]} ('tbd')" in r.stderr
    # a report altered after the draw is refused before any estimate: the check failed (exit 1)
    (tmp_path/'sample.csv').write_text(write_report(s, tmp_path/'sample.csv').read_text().replace('# seed: 4\n', '# seed: 5\n'))
    r = cli('variable', '--report', str(tmp_path/'sample.csv'), '--audited', str(tmp_path/'audited.csv'))
    assert r.returncode == 1 and 'does not give its recorded state' in r.stderr

def test_cli_universe_help_says_it_wants_N():
    r = cli('variable', '--help')
    assert r.returncode == 0 and 'the universe size N' in ' '.join(r.stdout.split())

def test_cli_explains_a_negative_demand(tmp_path):
    "A demand below zero is explained: no demand at that confidence, and what OIG practice does then."
    pd.DataFrame({'overpayment': [0] * 28 + [900, 1200]}).to_csv(tmp_path/'op.csv', index=False)
    r = cli('variable', '--universe', '5000', '--values', str(tmp_path/'op.csv'))
    out = ' '.join(r.stdout.split())
    assert r.returncode == 0 and 'OIG demand -$' in out and 'does not support any extrapolated overpayment' in out
    assert 'OIG practice is then not to extrapolate' in out
    assert 'Lower limit' in out and 'Precision (% of estimate)' in out and 'quantile_used' not in out

def test_appraisal_report_is_typed_and_pathless(tmp_path):
    "Excel appraisal reports: numbers as numbers (money to the cent), text without JSON quotes, no server path."
    from openpyxl import load_workbook
    r = stratified_variable_appraisal(VEC['stratified_variable']['inputs'])
    write_appraisal_report(r, tmp_path/'a.xlsx', inputs={'sampling_report': str(tmp_path/'s.xlsx'), 'levels': [0.8, 0.9]})
    cells = {row[0].value: row[1].value for row in load_workbook(tmp_path/'a.xlsx')['Summary'].iter_rows(min_row=2)}
    assert cells[f'demands / {OIG}'] == round(r['demands'][OIG], 2) and isinstance(cells[f'demands / {OIG}'], float)
    assert cells['input / sampling_report'] == 's.xlsx' and cells['input / levels'] == '0.8, 0.9'
    assert not any(isinstance(v, str) and (v.startswith('"') or str(tmp_path) in v) for v in cells.values()), cells

def test_cli_unreadable_values_file_is_said_in_words(tmp_path):
    "A ragged or binary values file: a plain message naming the file, no reader internals (tokenizing, C error, codec), no path."
    (tmp_path/'ragged.csv').write_text('overpayment\n1\n2,3,4\n')
    (tmp_path/'photo.csv').write_bytes(bytes(range(256)) * 4)
    for name in ('ragged.csv', 'photo.csv'):
        r = cli('variable', '--universe', '100', '--values', str(tmp_path/name))
        assert r.returncode == 2 and f'{name} cannot be read as a CSV table' in r.stderr, r.stderr
        assert not any(w in r.stderr for w in ('tokenizing', 'C error', 'codec', str(tmp_path))), r.stderr
