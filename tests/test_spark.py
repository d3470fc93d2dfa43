"The Spark engine gives the same answers as DuckDB and pandas: frame, exclusions, fingerprint, strata, sample order, appraisal."
import hashlib
from pathlib import Path
import numpy as np, pandas as pd
import pytest
from medwork.core import MedworkError
from medwork.sampling import Design, draw, frame_from_file, write_report, read_report, verify
from medwork.appraisal import appraise_sample
from medwork.universe import write_universe
from medwork.spark import SparkFrame, SparkExclusions, EXCLUDED_PREVIEW

pytestmark = pytest.mark.spark
LINES = 1_000_000
ROWS = ['role', 'selection_order', 'stratum', 'stratum_order', 'within', 'item', 'line_id', 'claim_id', 'provider_id',
        'payer_type', 'code', 'units', 'paid', 'audited_paid']

@pytest.fixture(scope='module')
def frames(tmp_path_factory, spark):
    "The 1M-line demo universe (`medwork demo universe`) framed by the three engines."
    path = tmp_path_factory.mktemp('u')/'universe.parquet'
    write_universe(path, LINES, seed=2026)
    fs = SparkFrame(path, 'line_id', 'paid', carry=['provider_id'], spark=spark)
    yield fs, frame_from_file(path, 'line_id', 'paid', engine='duckdb', progress=False), frame_from_file(path, 'line_id', 'paid', engine='pandas')
    fs.close()

def test_same_frame_on_a_million_lines(frames):
    "Denied lines (paid $0) are left out on every engine, listed with the same reason; the rest is the frame."
    fs, fd, fp = frames
    assert fs.rows_in == fd.rows_in == fp.rows_in == LINES and fs.N == fd.N == fp.N == LINES - len(fs.excluded)
    assert fs.fingerprint == fd.fingerprint == fp.fingerprint
    assert 0 < fs.zero_excluded == fd.zero_excluded == fp.zero_excluded == len(fs.excluded) == len(fd.excluded)
    assert fs.excluded.to_pandas().astype(str).values.tolist() == fd.excluded.astype(str).values.tolist() == fp.excluded.astype(str).values.tolist()
    assert fs.exclusion_kinds().to_dict() == fd.exclusion_kinds().to_dict() == fp.exclusion_kinds().to_dict()
    assert fs.histogram()[2].tolist() == fd.histogram()[2].tolist()

@pytest.mark.parametrize('design', [Design(n=120, spares=5),
                                    Design('stratified', n=150, spares=3, strata_by='amount', n_strata=4, allocation='neyman'),
                                    Design('stratified', n=90, spares=2, strata_by='payer_type', allocation='proportional')],
                         ids=['unrestricted', 'amount-neyman', 'payer-type'])
def test_same_sample_and_appraisal_on_every_engine(frames, design):
    samples = [draw(f, design, seed=20261128) for f in frames]
    ss = samples[0]
    for s in samples[1:]:
        assert ss.design.boundaries == s.design.boundaries
        assert ss.strata[['stratum', 'label', 'N_h', 'n_h', 'spares_h']].values.tolist() == s.strata[['stratum', 'label', 'N_h', 'n_h', 'spares_h']].values.tolist()
        assert np.allclose(ss.strata[['dollars', 'mean', 'sd']].to_numpy(), s.strata[['dollars', 'mean', 'sd']].to_numpy(), rtol=1e-9)
        assert ss.rows[ROWS].to_csv(index=False) == s.rows[ROWS].to_csv(index=False)      # same rows, same order, same values
    appraisals = [appraise_sample(s, s.items[['line_id', 'audited_paid']]) for s in samples]
    for a in appraisals[1:]:
        assert a['variable'] == appraisals[0]['variable'] and a['attribute'] == appraisals[0]['attribute']
    assert appraisals[0]['variable']['point_estimate_total'] > 0

def test_spark_report_verifies_on_duckdb_and_back(frames, tmp_path):
    fs, fd, _ = frames
    s = draw(fs, Design('stratified', n=40, strata_by='amount', n_strata=3), seed=7)
    rep = write_report(s, tmp_path/'spark.csv')
    prov = read_report(rep)['provenance']
    assert (prov['frame_fingerprint_version'], prov['frame_zero_amounts'], prov['frame_rows_excluded']) == (2, 'excluded', fs.zero_excluded)
    assert f'{fs.zero_excluded:,} lines paid $0 are not in the frame (keep_zero=True keeps them)' in s.notes
    assert verify(rep, fd).items.line_id.tolist() == s.items.line_id.tolist()
    assert verify(write_report(draw(fd, Design(n=10), seed=8), tmp_path/'duck.xlsx'), fs).items.item.tolist() == draw(fs, Design(n=10), seed=8).items.item.tolist()

def test_excluded_rows_stay_in_spark(tmp_path, spark, monkeypatch):
    "Framing, drawing, printing and reporting bring no excluded row to the driver beyond a bounded preview: counts by reason only."
    path = tmp_path/'u.parquet'; write_universe(path, 200_000, seed=7)
    DataFrame = type(spark.range(1)); sizes, to_pandas, collect = [], DataFrame.toPandas, DataFrame.collect
    monkeypatch.setattr(DataFrame, 'toPandas', lambda self: sizes.append(len(r := to_pandas(self))) or r)   # every result Spark hands
    monkeypatch.setattr(DataFrame, 'collect', lambda self: sizes.append(len(r := collect(self))) or r)      # the driver, by its length
    fs = SparkFrame(path, 'line_id', 'paid', spark=spark)
    s = draw(fs, Design('stratified', n=100, spares=2, strata_by='amount', n_strata=4, allocation='neyman'), seed=3)
    fd = frame_from_file(path, 'line_id', 'paid', engine='duckdb', progress=False)
    assert isinstance(fs.excluded, SparkExclusions) and len(fs.excluded) == len(fd.excluded) == fs.zero_excluded == fd.zero_excluded > 5000
    assert fs.exclusion_kinds().to_dict() == fd.exclusion_kinds().to_dict() and fs.N == fd.N and fs.fingerprint == fd.fingerprint
    assert max(sizes) <= 1000 < len(fs.excluded) and len(fs.excluded.counts) == 1   # the largest: the histogram (1,000 bins at most)
    assert fs.excluded.head(20).astype(str).values.tolist() == fd.excluded.head(20).astype(str).values.tolist()
    assert sizes[-1] == len(fs.excluded._first) == EXCLUDED_PREVIEW   # shown once: the first 1,000 rows come and stay
    fs.excluded.sheet_rows, shown = 500, len(sizes)                    # a list longer than the sheet: Spark writes it all beside the report
    rep = write_report(s, tmp_path/'r.xlsx')
    assert len(sizes) == shown and read_report(rep)['provenance']['frame_excluded_rows_folder'] == 'r_excluded'
    sheet = pd.read_excel(rep, sheet_name='Excluded')
    every = pd.concat(pd.read_csv(f) for f in sorted((tmp_path/'r_excluded').glob('part-*.csv')))
    assert sheet.source_row.tolist() == fd.excluded.source_row.head(500).tolist()
    assert every.astype(str).values.tolist() == fd.excluded.astype(str).values.tolist()
    fs.close()

def test_awkward_csv_cells_and_version_1(tmp_path, spark):
    "pandas' missing words, NaN, text late in a column, a Parquet NaN: the same exclusions as DuckDB and pandas; version 1 streams."
    (tmp_path/'edge.csv').write_text('line_id,paid\n1,NaN\n2,nan\n3,NA\n4,N/A\n5,null\n6,\n7,1e3\n8, 12.5\n9,$5\n10,"1,234.50"\n11,inf\n12,-0.0\n13,7\n')
    n = 30000
    late = pd.DataFrame({'line_id': np.arange(1, n+1), 'paid': np.round(np.linspace(1, 500, n), 2)}).astype({'paid': object})
    late.loc[n-1, 'paid'] = 'abc'; late.to_csv(tmp_path/'late.csv', index=False)
    pd.DataFrame({'line_id': [1.0, 2.0, 3.0, 3.0], 'paid': [1.5, float('nan'), 2.0, 4.0]}).to_parquet(tmp_path/'nan.parquet')
    for name, N in [('edge.csv', 3), ('late.csv', n - 1), ('nan.parquet', 1)]:
        a = SparkFrame(tmp_path/name, 'line_id', 'paid', spark=spark)
        b = frame_from_file(tmp_path/name, 'line_id', 'paid', engine='pandas')
        c = frame_from_file(tmp_path/name, 'line_id', 'paid', engine='duckdb', progress=False)
        assert a.N == b.N == c.N == N and a.fingerprint == b.fingerprint == c.fingerprint, name
        assert a.excluded.to_pandas().reason.tolist() == b.excluded.reason.tolist() == c.excluded.reason.tolist(), name
        assert a.excluded.to_pandas().source_row.tolist() == b.excluded.source_row.tolist(), name
        assert a.N + len(a.excluded) == a.rows_in
    assert a.fingerprint_of(1) == b.fingerprint_of(1)
    late_frame = SparkFrame(tmp_path/'late.csv', 'line_id', 'paid', spark=spark)
    assert late_frame.fingerprint_of(1) == frame_from_file(tmp_path/'late.csv', 'line_id', 'paid', engine='pandas').fingerprint_of(1)

def test_keep_zero_on_every_engine(tmp_path, spark):
    "keep_zero=True keeps the $0 lines as items on every engine: the same frame and the same sample; the report says 'kept'."
    rng = np.random.default_rng(11); n = 5000
    df = pd.DataFrame({'line_id': rng.permutation(n) + 1, 'paid': np.where(rng.random(n) < 0.15, 0.0, np.round(rng.lognormal(4, 1, n), 2))})
    df.loc[7, 'paid'] = -0.0; df.to_csv(tmp_path/'z.csv', index=False)
    for keep in (False, True):
        fs = SparkFrame(tmp_path/'z.csv', 'line_id', 'paid', spark=spark, keep_zero=keep)
        fr = [fs, frame_from_file(tmp_path/'z.csv', 'line_id', 'paid', engine='duckdb', progress=False, keep_zero=keep),
              frame_from_file(tmp_path/'z.csv', 'line_id', 'paid', engine='pandas', keep_zero=keep)]
        zeros = int((df.paid == 0).sum())
        assert [f.N for f in fr] == [n if keep else n - zeros] * 3 and len({f.fingerprint for f in fr}) == 1
        assert [f.zero_excluded for f in fr] == [0 if keep else zeros] * 3
        d = Design('stratified', n=60, spares=2, strata_by='amount', n_strata=3, allocation='neyman')
        samples = [draw(f, d, seed=4) for f in fr]
        assert len({s.rows[['role', 'item', 'line_id', 'paid']].to_csv(index=False) for s in samples}) == 1
        assert {s.provenance()['frame_zero_amounts'] for s in samples} == {'kept' if keep else 'excluded'}
        fs.close()

def test_bad_input_gives_plain_messages(tmp_path, spark):
    (tmp_path/'a.csv').write_text('line_id,paid\n1,2\n')
    with pytest.raises(MedworkError, match='nope.parquet not found'): SparkFrame(tmp_path/'nope.parquet', 'line_id', 'paid', spark=spark)
    with pytest.raises(MedworkError, match='column\\(s\\) claim not found'): SparkFrame(tmp_path/'a.csv', 'claim', 'paid', spark=spark)
    (tmp_path/'e.csv').write_text('')
    with pytest.raises(MedworkError, match='e.csv is empty'): frame_from_file(tmp_path/'e.csv', 'line_id', 'paid', engine='spark', spark=spark)
    (tmp_path/'folder').mkdir()
    with pytest.raises(MedworkError, match='holds no .parquet files'): SparkFrame(tmp_path/'folder', 'line_id', 'paid', spark=spark)
    (tmp_path/'bad.parquet').write_text('line_id,paid\n1,2\n')
    with pytest.raises(MedworkError, match=r'^bad.parquet cannot be read: it is not a Parquet file \(or it is damaged\)$'):
        SparkFrame(tmp_path/'bad.parquet', 'line_id', 'paid', spark=spark)
    with pytest.raises(MedworkError, match='unknown engine'): frame_from_file(tmp_path/'a.csv', 'line_id', 'paid', engine='sparky')
