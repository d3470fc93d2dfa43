"""Benchmark medwork.lookup against SQLite FTS5 over the same entries, in the same run.

Prints: warm index load time and RSS (fresh process), query latency (median, p99) over the evaluation sets
(../shared/eval/lookup_dev.jsonl if present + data/lookup/eval.jsonl), and top-1/top-5/MRR per kind for both
engines. FTS5: a contentless-free FTS5 table (unicode61, remove_diacritics) over code + title of every entry
medwork indexes (ICD-10-CM, ICD-10-PCS, loaded CPT/HCPCS), queried with the query's words ANDed, ranked by
bm25, LIMIT 20 (the usual "raw FTS5" baseline). Run: python bench/lookup.py
"""
import json, re, sqlite3, statistics, subprocess, sys, time
from collections import defaultdict
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from medwork.lookup import index, rank, read_eval, lookup_table_dir

SETS = [p for p in (ROOT.parent/'shared'/'eval'/'lookup_dev.jsonl', lookup_table_dir()/'eval.jsonl') if p.exists()]

def fresh_process_load():
    "Warm index load time and resident memory, measured in a new Python process."
    code = ('import time; t = time.perf_counter(); from medwork.lookup import index; t1 = time.perf_counter(); i = index(); '
            'dt = time.perf_counter() - t1; rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]); '
            'print(t1 - t, dt, rss, len(i.codes), len(i.vocab))')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]) / 1024, int(out[3]), int(out[4])

def fts_build(idx):
    con = sqlite3.connect(':memory:')
    con.execute("create virtual table t using fts5(code, title, tokenize='unicode61 remove_diacritics 2')")
    con.executemany('insert into t(rowid, code, title) values (?, ?, ?)',
                    ((i, c, f'{c.replace(".", "")} {t}') for i, (c, t) in enumerate(zip(idx.codes, idx.titles))))
    con.commit()
    return con

def fts_search(con, idx, q, limit=20):
    toks = re.findall(r'[A-Za-z0-9]+', q.replace('.', ''))
    if not toks: return []
    m = ' AND '.join(f'"{t}"' for t in toks)
    try: rows = con.execute('select rowid from t where t match ? order by bm25(t) limit ?', (m, limit)).fetchall()
    except sqlite3.OperationalError: return []
    return [idx.codes[r[0]] for r in rows]

def scores(results, rows):
    by = defaultdict(list)
    for codes, r in zip(results, rows):
        pos = next((k + 1 for k, c in enumerate(codes) if c in r['accept']), None)
        for key in (r['kind'], 'overall'): by[key].append(pos)
    return {k: (len(v), sum(p == 1 for p in v) / len(v), sum(bool(p) and p <= 5 for p in v) / len(v),
                sum(1 / p for p in v if p) / len(v)) for k, v in by.items()}

def pct(xs, q): return float(np.percentile(np.array(xs) * 1000, q))

def main():
    t0 = time.perf_counter(); idx = index(); t_here = time.perf_counter() - t0
    imp_s, load_s, rss_mb, n_entries, n_words = fresh_process_load()
    print(f'index: {n_entries:,} entries, {n_words:,} words. Fresh process: import medwork.lookup {imp_s:.3f} s '
          f'(numpy, pandas, rapidfuzz), warm index() load {load_s:.3f} s, RSS after load {rss_mb:.0f} MB')
    t0 = time.perf_counter(); con = fts_build(idx); print(f'FTS5 build over the same entries: {time.perf_counter() - t0:.1f} s')
    for path in SETS:
        rows = read_eval(path)
        ours, fts, lat_first, lat_rep, lat_fts = [], [], [], [], []
        for r in rows:                                   # first time each query is seen (fuzzy caches cold)
            t = time.perf_counter(); res = rank(idx, r['query'], 20); lat_first.append(time.perf_counter() - t)
            ours.append([idx.codes[i] for i, _, _ in res])
        for r in rows:
            t = time.perf_counter(); rank(idx, r['query'], 20); lat_rep.append(time.perf_counter() - t)
            t = time.perf_counter(); fts.append(fts_search(con, idx, r['query'])); lat_fts.append(time.perf_counter() - t)
        print(f'\n== {path.name}: {len(rows)} queries')
        print(f'latency ms        median    p99    max')
        for name, lat in (('medwork (1st)', lat_first), ('medwork (again)', lat_rep), ('FTS5', lat_fts)):
            print(f'{name:<16} {pct(lat, 50):7.3f} {pct(lat, 99):7.2f} {pct(lat, 100):6.2f}')
        print(f'ratio medwork/FTS5: median {pct(lat_first, 50) / pct(lat_fts, 50):.2f}x, p99 {pct(lat_first, 99) / pct(lat_fts, 99):.2f}x')
        so, sf = scores(ours, rows), scores(fts, rows)
        print(f'{"kind":<10} {"n":>4}   medwork top1  top5   MRR   |  FTS5 top1  top5   MRR')
        for k in sorted(so, key=lambda k: (k == 'overall', k)):
            n, a1, a5, am = so[k]; _, b1, b5, bm = sf[k]
            print(f'{k:<10} {n:4d}   {a1:11.0%} {a5:5.0%} {am:6.3f}  | {b1:9.0%} {b5:5.0%} {bm:6.3f}')

if __name__ == '__main__': main()
