"""Audit workbench benchmark: figures recomputed from the store for >= 10,000 findings, and save latency (median, p99).

Figures are timed three ways: recomputed with nothing kept (the store read and every figure computed: the issue's
"recompute from the store"), after one finding was saved (what the app does after each save: the items are kept, the
findings read again), and asked again with the store unchanged (one stamp query: the figures the store kept).

Peers measured in the same run:
- figures: the same figure functions on an in-memory line table (no store read): what reading the store costs;
- saves: the same store with synchronous=NORMAL (durable against a program crash, not a power cut), and a bare
  sqlite3 INSERT + COMMIT with synchronous=FULL (the floor: one fsync, no event log, no version check).

- the database: the same audit, figures and saves on PostgreSQL (a throwaway local cluster on a Unix socket,
  started by the script as the tests do) beside SQLite.

Run: .venv/bin/python bench/audit.py [--copies 10] [--saves 1000] [--no-postgresql]
"""
import argparse, shutil, os, sqlite3, statistics, sys, tempfile, time
from pathlib import Path
import pandas as pd
from medwork.demo import load_claim_lines, load_encounters, load_payers
from medwork.store import SQLITE_PRAGMAS
from medwork.audit import open_audit_store, new_audit, claim_items, record_finding, AUDIT_COMPONENT
from medwork.audit_figures import audit_figures, key_findings, read_findings, ITEM_FIELDS, lines_frame, accuracy, dollars, provider_scorecard, finding_pareto, em_crosstab, code_type_accuracy, dx_accuracy
from medwork.store import Store
sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'tests'))
from pgcluster import Cluster

def copies_of_demo(n):
    "The demo claim lines repeated n times under new claim ids (SYN-C000001-k)."
    cl = load_claim_lines()
    return pd.concat([cl.assign(claim_id=cl.claim_id + f'-{k}') for k in range(n)], ignore_index=True)

def pct(xs, q): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

def timed(f, repeat, before=lambda i: None):
    "Wall-clock times of `repeat` calls (each after an untimed `before(i)`), and their CPU times (this process): under load, wall grows and CPU does not."
    out, cpu = [], []
    for i in range(repeat):
        before(i)
        t, c = time.perf_counter(), time.process_time(); f(); out.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    timed.cpu = cpu
    return out

def figure_times(st, aid, repeat=7) -> dict:
    "Figures recompute times (wall, CPU): nothing kept, after one finding saved, store unchanged."
    fid = st.current('finding', ['line'], audit_id=aid).id.iloc[0]
    def save_one(i):
        r = st.get('finding', fid); st.save('finding', fid, dict(r.state, guideline=f'bench figures {i} {time.time()}'), 'bench', r.version)
    out, f = {}, lambda: audit_figures(st, aid)
    out['cold'] = (timed(f, repeat, lambda i: st.kept.clear()), timed.cpu)
    f()
    out['saved'] = (timed(f, repeat, save_one), timed.cpu)
    out['kept'] = (timed(f, repeat), timed.cpu)
    return out

FIGURE_CASES = {'cold': 'recompute, nothing kept (read + compute)', 'saved': 'after one finding saved (app)', 'kept': 'store unchanged (kept)'}

def main(argv=None):
    ap = argparse.ArgumentParser(); ap.add_argument('--copies', type=int, default=10); ap.add_argument('--saves', type=int, default=1000)
    ap.add_argument('--no-postgresql', dest='postgresql', action='store_false', help='skip the PostgreSQL run')
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix='medwork-bench-audit-'))
    try: run(a, tmp)
    finally: shutil.rmtree(tmp, ignore_errors=True)

def run(a, tmp):
    "The SQLite run (and PostgreSQL beside it) in the folder tmp."
    lines, encs, payers = copies_of_demo(a.copies), load_encounters(), load_payers()
    st = open_audit_store(tmp/'bench.db')
    t = time.perf_counter()
    aid = new_audit(st, 'bench', claim_items(lines, encs, payers), 'bench', 'full_review')
    t_items = time.perf_counter() - t
    t = time.perf_counter(); n = key_findings(st, aid, lines, encs, 'bench'); t_key = time.perf_counter() - t
    print(f'store: {st.safe_url.split("/")[-1]} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})')
    print(f'audit of {lines.claim_id.nunique():,} claims / {n:,} findings: items saved in {t_items:.2f} s, findings checked+priced+saved in one transaction in {t_key:.2f} s ({n / t_key:,.0f}/s)')

    # figures from the store vs the same computation on an in-memory line table
    figs = figure_times(st, aid); fig_times, fig_cpu = figs['cold']
    items, fs = st.current('audit_item', ITEM_FIELDS, audit_id=aid), read_findings(st, aid)
    def in_memory():
        l = lines_frame(items, fs)
        return accuracy(l), code_type_accuracy(l), dx_accuracy(l), dollars(l), provider_scorecard(l), finding_pareto(l), em_crosstab(l)
    mem_times = timed(in_memory, 7)
    read_times = timed(lambda: (st.current('audit_item', ITEM_FIELDS, audit_id=aid), read_findings(st, aid)), 7)
    f_med, m_med, r_med = statistics.median(fig_times), statistics.median(mem_times), statistics.median(read_times)
    print(f'figures recompute from the store ({n:,} findings), nothing kept: wall median {f_med*1000:.0f} ms (min {min(fig_times)*1000:.0f}, max {max(fig_times)*1000:.0f}), '
          f'CPU median {statistics.median(fig_cpu)*1000:.0f} ms; target < 1000 ms (load now {os.getloadavg()[0]:.2f})')
    print(f'  of which reading items + findings from the store: median {r_med*1000:.0f} ms')
    print(f'  peer, same figures on an in-memory line table: median {m_med*1000:.0f} ms; ratio store/in-memory {f_med / m_med:.2f}x')
    for case in ('saved', 'kept'):
        w, c = figs[case]
        print(f'figures {FIGURE_CASES[case]}: wall median {statistics.median(w)*1000:.0f} ms (max {max(w)*1000:.0f}), CPU median {statistics.median(c)*1000:.0f} ms')

    # save latency: one finding per transaction, edits of existing findings based on their current version
    ids = list(st.current('finding', ['line'], audit_id=aid).id)[: a.saves]
    def edit_saves(store):
        out = []
        for i, fid in enumerate(ids):
            r = store.get('finding', fid)
            state = dict(r.state, guideline=f'bench edit {i} {time.time()}')
            t = time.perf_counter(); store.save('finding', fid, state, 'bench2', r.version); out.append(time.perf_counter() - t)
        return out
    full = edit_saves(st)
    iid = items.id.iloc[0]; t_rec = []
    for i in range(min(200, a.saves)):
        t = time.perf_counter(); record_finding(st, iid, f'A{i+1}', {'finding_type': 'missed_code', 'audited_code': '36415', 'audited_units': 1, 'rationale': 'bench'}, 'bench'); t_rec.append(time.perf_counter() - t)
    st.close()
    normal = Store(tmp/'bench.db', [AUDIT_COMPONENT], pragmas=tuple(p.replace('synchronous=FULL', 'synchronous=NORMAL') for p in SQLITE_PRAGMAS))
    with normal.engine.connect() as c: assert c.exec_driver_sql('PRAGMA synchronous').scalar() == 1
    norm = edit_saves(normal); normal.close()
    con = sqlite3.connect(tmp/'raw.db', isolation_level=None); con.execute('PRAGMA journal_mode=WAL'); con.execute('PRAGMA synchronous=FULL')
    con.execute('CREATE TABLE t (id TEXT PRIMARY KEY, state TEXT)'); raw = []
    for i in range(len(ids)):
        t = time.perf_counter(); con.execute('BEGIN IMMEDIATE'); con.execute('INSERT INTO t VALUES (?, ?)', (f'r{i}', 'x' * 600)); con.execute('COMMIT'); raw.append(time.perf_counter() - t)
    con.close()
    ms = lambda xs: f'median {statistics.median(xs)*1000:.2f} ms, p99 {pct(xs, 0.99)*1000:.2f} ms'
    print(f'save latency, {len(full):,} edits of existing findings (store.save, synchronous=FULL): {ms(full)}')
    print(f'record_finding (check + reprice + save a new finding), {len(t_rec)} saves: {ms(t_rec)}')
    print(f'  peer, same store synchronous=NORMAL: {ms(norm)}; FULL/NORMAL median ratio {statistics.median(full) / statistics.median(norm):.2f}x')
    print(f'  peer, bare sqlite3 INSERT+COMMIT synchronous=FULL: {ms(raw)}; store/bare median ratio {statistics.median(full) / statistics.median(raw):.2f}x')
    if a.postgresql: postgresql_beside(lines, encs, payers, a.saves, dict(items=t_items, key=t_key, figures=figs, save=full, record=t_rec))

def postgresql_beside(lines, encs, payers, saves, lite):
    "The same audit, figures and saves on a throwaway PostgreSQL cluster; printed beside the SQLite figures of this run."
    with Cluster() as cluster:
        st = open_audit_store(cluster.create_db('bench'))
        t = time.perf_counter(); aid = new_audit(st, 'bench', claim_items(lines, encs, payers), 'bench', 'full_review'); t_items = time.perf_counter() - t
        t = time.perf_counter(); n = key_findings(st, aid, lines, encs, 'bench'); t_key = time.perf_counter() - t
        figs = figure_times(st, aid)
        ids = list(st.current('finding', ['line'], audit_id=aid).id)[: saves]
        full = []
        for i, fid in enumerate(ids):
            r = st.get('finding', fid)
            t = time.perf_counter(); st.save('finding', fid, dict(r.state, guideline=f'bench edit {i} {time.time()}'), 'bench2', r.version); full.append(time.perf_counter() - t)
        iid = st.current('audit_item', ['claim_id'], audit_id=aid).id.iloc[0]; t_rec = []
        for i in range(min(200, saves)):
            t = time.perf_counter(); record_finding(st, iid, f'A{i+1}', {'finding_type': 'missed_code', 'audited_code': '36415', 'audited_units': 1, 'rationale': 'bench'}, 'bench'); t_rec.append(time.perf_counter() - t)
        st.close()
    med, p99 = lambda xs: statistics.median(xs) * 1000, lambda xs: pct(xs, 0.99) * 1000
    print(f'\nPostgreSQL {cluster.bindir.parts[-2]} (local cluster, Unix socket, default settings: fsync on, synchronous_commit on) beside SQLite (WAL, synchronous=FULL), same run, {n:,} findings (load now {os.getloadavg()[0]:.2f}):')
    rows = [('items saved (one transaction)', lite['items'], t_items, 's'), ('findings checked+priced+saved (one transaction)', lite['key'], t_key, 's')]
    for case, what in FIGURE_CASES.items():
        rows += [(f'figures {what}, wall median', med(lite['figures'][case][0]), med(figs[case][0]), 'ms'),
                 (f'figures {what}, CPU median', med(lite['figures'][case][1]), med(figs[case][1]), 'ms')]
    rows += [
            ('store.save median', med(lite['save']), med(full), 'ms'), ('store.save p99', p99(lite['save']), p99(full), 'ms'),
            ('record_finding median', med(lite['record']), med(t_rec), 'ms'), ('record_finding p99', p99(lite['record']), p99(t_rec), 'ms')]
    print(f'  {"":<66} {"SQLite":>10} {"PostgreSQL":>11} {"PG/SQLite":>10}')
    for name, x, y, unit in rows: print(f'  {name:<66} {x:>8.2f}{unit:<2} {y:>9.2f}{unit:<2} {y / x:>9.2f}x')

if __name__ == '__main__': main()
