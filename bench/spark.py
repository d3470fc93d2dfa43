"""Benchmark: Spark (local) vs DuckDB on the same claims universe, in the same run.

The universe comes from `medwork demo universe --lines N` (Parquet). Each engine runs in its own child
process: it frames the file (check, order, number, fingerprint) and draws the same designs with the same
seed. Printed: times, the Spark/DuckDB ratio, and peak memory: the Python driver's own peak RSS (what
the driver holds: tallies, the exclusions counted by reason, and sampled rows; Spark keeps the excluded
rows themselves), and for Spark the peak RSS of its JVM (in local mode the JVM is the Spark driver *and*
its executors, capped by --driver-memory) and of its Python workers.

    python bench/spark.py [--lines 10000000,50000000] [--partitions 16] [--driver-memory 2g]
"""
import argparse, json, os, resource, subprocess, sys, threading, time
from pathlib import Path

DESIGNS = [  # (label, Design kwargs)
    ('unrestricted, n=400 + 5 spares', dict(kind='unrestricted', n=400, spares=5)),
    ('stratified by paid, 4 automatic strata, Neyman, n=400 + 5 spares',
     dict(kind='stratified', n=400, spares=5, strata_by='amount', n_strata=4, allocation='neyman')),
]
SEED = 20261128

def universe(lines) -> Path:
    "The demo universe of `lines` lines, written once by `medwork demo universe` into the medwork cache."
    from medwork.core import cache_dir
    path = cache_dir()/f'bench_spark_universe_{lines}.parquet'
    if not path.exists():
        cli = Path(sys.executable).parent/'medwork'
        subprocess.run([str(cli), 'demo', 'universe', '--lines', str(lines), '--out', str(path)], check=True)
    return path

class PeakRSS:
    "Poll the peak RSS (MB) of this process's children (the JVM, Python workers) in a background thread."
    def __init__(self, every=0.25):
        import psutil
        self.me, self.every, self.jvm, self.workers, self.stop = psutil.Process(), every, 0.0, 0.0, False
        self.thread = threading.Thread(target=self.run, daemon=True); self.thread.start()
    def run(self):
        while not self.stop:
            jvm = workers = 0
            for p in self.me.children(recursive=True):
                try: rss = p.memory_info().rss / 2**20; name = ' '.join(p.cmdline()[:1])
                except Exception: continue
                if 'java' in name: jvm += rss
                else: workers += rss
            self.jvm, self.workers = max(self.jvm, jvm), max(self.workers, workers)
            time.sleep(self.every)
    def done(self): self.stop = True; self.thread.join(); return self.jvm, self.workers

def child(engine, path, partitions, driver_memory):
    "Run one engine end to end; print a JSON line with times, peak memory and what was drawn."
    from medwork.sampling import frame_from_file, draw, Design
    out = {'engine': engine, 'designs': []}
    t0 = time.perf_counter()
    if engine == 'spark':
        from medwork.spark import spark_session
        peak = PeakRSS()
        spark = spark_session(shuffle_partitions=partitions, driver_memory=driver_memory)
        out['session_s'] = time.perf_counter() - t0
        fr = frame_from_file(path, 'line_id', 'paid', engine='spark', spark=spark)
    else:
        out['session_s'] = 0.0
        fr = frame_from_file(path, 'line_id', 'paid', engine='duckdb', progress=False)
    out.update(N=fr.N, excluded=len(fr.excluded), fingerprint=fr.fingerprint, frame_s=time.perf_counter() - t0 - out['session_s'])
    for label, kw in DESIGNS:
        t = time.perf_counter()
        s = draw(fr, Design(**kw), seed=SEED)
        out['designs'].append({'label': label, 'seconds': time.perf_counter() - t, 'n': s.n, 'boundaries': s.design.boundaries,
                               'rows': s.rows[['role', 'stratum', 'within', 'item', 'line_id', 'paid']].to_csv(index=False),
                               'rows_to_driver': len(s.rows)})
    out['total_s'] = time.perf_counter() - t0
    out['driver_peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if engine == 'spark':
        spark.stop(); out['jvm_peak_rss_mb'], out['workers_peak_rss_mb'] = peak.done()
    print('RESULT ' + json.dumps(out))

def run_engine(engine, path, a):
    p = subprocess.run([sys.executable, __file__, '--child', engine, '--path', str(path), '--partitions', str(a.partitions),
                        '--driver-memory', a.driver_memory], stdout=subprocess.PIPE, text=True)
    line = [l for l in p.stdout.splitlines() if l.startswith('RESULT ')]
    if p.returncode or not line: print(f'{engine}: failed (exit {p.returncode})'); return None
    return json.loads(line[0][7:])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--lines', default='10000000,50000000'); ap.add_argument('--partitions', type=int, default=16)
    ap.add_argument('--driver-memory', default='2g'); ap.add_argument('--child'); ap.add_argument('--path')
    a = ap.parse_args()
    if a.child: return child(a.child, a.path, a.partitions, a.driver_memory)
    print(f'machine: {os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}; '
          f'Spark local[2], {a.partitions} shuffle partitions, driver memory {a.driver_memory}')
    table = []
    for lines in [int(x.replace('_', '')) for x in a.lines.split(',')]:
        t = time.perf_counter(); path = universe(lines)
        print(f'\nuniverse: {lines:,} lines, {path.stat().st_size/1e6:,.0f} MB Parquet ({time.perf_counter()-t:.0f} s to make or find)')
        res = {eng: run_engine(eng, path, a) for eng in ('duckdb', 'spark')}
        load = os.getloadavg()[0]
        for eng, r in res.items():
            if not r: continue
            print(f"== {eng}: N={r['N']:,}, {r['excluded']:,} rows excluded, fingerprint {r['fingerprint'][:16]}…; session {r['session_s']:.1f} s, frame {r['frame_s']:.1f} s")
            for d in r['designs']: print(f"  {d['label']:<68} {d['seconds']:6.1f} s  n={d['n']}, {d['rows_to_driver']} rows to the driver")
            mem = f"driver (Python) peak RSS {r['driver_peak_rss_mb']:,.0f} MB"
            if eng == 'spark': mem += f"; JVM peak {r['jvm_peak_rss_mb']:,.0f} MB; Python workers peak {r['workers_peak_rss_mb']:,.0f} MB"
            print(f"  TOTAL {r['total_s']:.1f} s; {mem}")
        d, s = res.get('duckdb'), res.get('spark')
        if d and s:
            same = d['fingerprint'] == s['fingerprint'] and all(x['rows'] == y['rows'] and x['boundaries'] == y['boundaries'] for x, y in zip(d['designs'], s['designs']))
            print(f"same fingerprint and same samples: {same}; Spark / DuckDB time {s['total_s']/d['total_s']:.1f}x "
                  f"(frame {s['frame_s']/d['frame_s']:.1f}x); load average now {load:.1f}")
            table.append((lines, d['total_s'], s['total_s'], s['total_s']/d['total_s'], d['driver_peak_rss_mb'], s['driver_peak_rss_mb'], s['jvm_peak_rss_mb'], same, load))
    print('\n| lines | DuckDB s | Spark s | Spark/DuckDB | DuckDB peak RSS MB | Spark Python driver peak RSS MB | Spark JVM peak RSS MB | same answer | load avg (1 min) |')
    print('|---|---|---|---|---|---|---|---|---|')
    for r in table: print(f'| {r[0]:,} | {r[1]:.1f} | {r[2]:.1f} | {r[3]:.1f}x | {r[4]:,.0f} | {r[5]:,.0f} | {r[6]:,.0f} | {r[7]} | {r[8]:.1f} |')

if __name__ == '__main__':
    main()
