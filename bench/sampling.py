"""Benchmark: frame, stratify and sample a 10-million-line Parquet claims universe.

DuckDB engine (rows stay in DuckDB; only sampled rows reach pandas) vs the plain-pandas engine
(read the whole file into a DataFrame), same file, same designs, same seed, in the same run.
Each engine runs in its own child process so its peak RSS is its own. Goal: DuckDB < 30 s and < 2 GB.

    python bench/sampling.py [--lines 10000000] [--engines duckdb,pandas]
"""
import argparse, json, resource, subprocess, sys, time
from pathlib import Path

DESIGNS = [  # (label, Design kwargs)
    ('stratified by paid, 4 automatic strata, Neyman, n=400 + 5 spares',
     dict(kind='stratified', n=400, spares=5, strata_by='amount', n_strata=4, allocation='neyman')),
    ('stratified by provider, proportional, n=600 asked, min 2 per provider', dict(kind='stratified', n=600, strata_by='provider_id', allocation='proportional')),
    ('probe: 10 per provider', dict(kind='probe', n=10, strata_by='provider_id')),
]
SEED = 20261128

def universe(path, lines, seed=2026):
    "The demo universe via medwork.universe.write_universe (or a numpy stand-in with the same columns if demo is absent)."
    if path.exists(): return 'cached'
    try:
        from medwork.universe import write_universe
        write_universe(path, lines, seed=seed); return 'medwork.universe.write_universe'
    except ImportError:
        import numpy as np, pyarrow as pa, pyarrow.parquet as pq
        rng = np.random.default_rng(seed)
        with pq.ParquetWriter(path, pa.schema([('line_id', pa.int64()), ('provider_id', pa.string()), ('paid', pa.float64()), ('audited_paid', pa.float64())])) as w:
            for start in range(0, lines, 1_000_000):
                n = min(1_000_000, lines - start); paid = np.round(rng.lognormal(4.2, 1.0, n), 2)
                w.write_table(pa.table({'line_id': np.arange(start+1, start+n+1), 'provider_id': [f'SYN-D{d:04d}' for d in rng.integers(1, 41, n)],
                                        'paid': paid, 'audited_paid': paid}))
        return 'numpy stand-in (medwork.universe not available)'

def child(engine, path):
    "Run one engine end to end; print a JSON line with times, peak RSS and what was drawn."
    t0 = time.perf_counter()
    from medwork.sampling import frame_from_file, draw, Design
    fr = frame_from_file(path, 'line_id', 'paid', engine=engine, carry=['provider_id'])   # carry: DuckDB keeps the stratum column (pandas has all)
    t_frame = time.perf_counter() - t0
    out = {'engine': engine, 'N': fr.N, 'excluded': len(fr.excluded), 'fingerprint': fr.fingerprint, 'frame_s': t_frame, 'designs': []}
    for label, kw in DESIGNS:
        t = time.perf_counter()
        s = draw(fr, Design(**kw), seed=SEED)
        out['designs'].append({'label': label, 'seconds': time.perf_counter() - t, 'n': s.n, 'strata': len(s.strata),
                               'boundaries': s.design.boundaries, 'first_items': s.items.line_id.head(10).tolist(),
                               'all_items_hash': hash(tuple(s.rows.line_id.tolist())), 'rows_in_pandas': len(s.rows)})
    out['total_s'] = time.perf_counter() - t0
    out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print('RESULT ' + json.dumps(out))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lines', type=int, default=10_000_000); ap.add_argument('--engines', default='duckdb,pandas')
    ap.add_argument('--child'); ap.add_argument('--path')
    a = ap.parse_args()
    if a.child: return child(a.child, a.path)
    from medwork.core import cache_dir
    path = cache_dir()/f'bench_universe_{a.lines}.parquet'
    t = time.perf_counter(); how = universe(path, a.lines)
    print(f'universe: {path} ({a.lines:,} lines; {how}; {time.perf_counter()-t:.1f} s; {path.stat().st_size/1e6:,.0f} MB on disk)')
    res = {}
    for eng in a.engines.split(','):
        p = subprocess.run([sys.executable, __file__, '--child', eng, '--path', str(path)], stdout=subprocess.PIPE, text=True)
        line = [l for l in p.stdout.splitlines() if l.startswith('RESULT ')]
        if p.returncode or not line: print(f'{eng}: failed (exit {p.returncode})'); continue
        res[eng] = json.loads(line[0][7:])
    for eng, r in res.items():
        print(f"\n== {eng}: N={r['N']:,}, excluded {r['excluded']}, fingerprint {r['fingerprint'][:16]}…")
        print(f"  frame (check, order, number, fingerprint): {r['frame_s']:6.1f} s")
        for d in r['designs']:
            print(f"  {d['label']:<70} {d['seconds']:6.1f} s  n={d['n']:,} in {d['strata']:,} strata, {d['rows_in_pandas']:,} rows to pandas")
        print(f"  TOTAL {r['total_s']:.1f} s   peak RSS {r['peak_rss_mb']:,.0f} MB")
    if {'duckdb', 'pandas'} <= set(res):
        d, p = res['duckdb'], res['pandas']
        same = d['fingerprint'] == p['fingerprint'] and all(x['all_items_hash'] == y['all_items_hash'] and x['boundaries'] == y['boundaries']
                                                            for x, y in zip(d['designs'], p['designs']))
        print(f"\nsame fingerprint and same samples from both engines: {same}")
        print(f"pandas / duckdb: time {p['total_s']/d['total_s']:.2f}x, peak RSS {p['peak_rss_mb']/d['peak_rss_mb']:.2f}x")
        print(f"goal (duckdb < 30 s and < 2,048 MB): {'met' if d['total_s'] < 30 and d['peak_rss_mb'] < 2048 else 'NOT met'}")

if __name__ == '__main__':
    main()
