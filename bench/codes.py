"""Benchmark medwork.codes against its peer simple_icd_10_cm, both measured in this run.

Prints: cold and warm load time (fresh subprocesses; warm = from the disk cache), peak RSS, and per-code
validity / lookup times (median and p99 over every item of the April-2026 release), with ratios
peer/medwork (> 1 means medwork is faster).

    python bench/codes.py [--runs 5]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

CHILD = r'''
import json, resource, time
t = time.perf_counter()
{body}
secs = time.perf_counter() - t
print(json.dumps(dict(secs=secs, rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, n=n)))
'''
OURS = 'import medwork.codes as m\nn = len(m.codeset())'
ALL = 'import medwork.codes as m\nn = sum(len(m.load_release(r)) for r in m.RELEASES)'   # every loaded release (issue 11)
PEER = 'import simple_icd_10_cm as s\nn = len(s.get_all_codes())'
BARE = 'n = 0'

def child(body, env=None) -> dict:
    "Run one fresh interpreter; its in-process time, the wall time including interpreter start, and RSS."
    t = time.perf_counter()
    r = subprocess.run([sys.executable, '-c', CHILD.format(body=body)], capture_output=True, text=True,
                       env={**os.environ, **(env or {})}, check=True)
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out['wall'] = time.perf_counter() - t
    return out

def median_of(runs: list) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}

def per_call(fn, items) -> tuple:
    "Median and p99 of one call per item, in microseconds."
    ns = time.perf_counter_ns
    ts = []
    for x in items:
        t = ns(); fn(x); ts.append(ns() - t)
    ts.sort()
    return ts[len(ts) // 2] / 1000, ts[int(len(ts) * 0.99)] / 1000

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--runs', type=int, default=5, help='fresh processes per warm/peer measurement')
    a = p.parse_args()

    print(f'python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} '
          '(other work on the machine inflates every figure; compare the ratios)')
    import medwork.codes as m
    print('releases: ' + '; '.join(f'{r.key} {r.valid_from}..{r.valid_to}' for r in m.RELEASES))
    print('== load (fresh processes; in-process time from first import, wall time incl. interpreter start)')
    with tempfile.TemporaryDirectory() as tmp:
        cold = [child(OURS, {'MEDWORK_CACHE': os.path.join(tmp, f'c{i}')}) for i in range(2)]
        warm_env = {'MEDWORK_CACHE': os.path.join(tmp, 'c0')}
        warm = [child(OURS, warm_env) for _ in range(a.runs)]
        all_cold = [child(ALL, warm_env)]
        all_warm = [child(ALL, warm_env) for _ in range(a.runs)]
    peer = [child(PEER) for _ in range(a.runs)]
    bare = [child(BARE) for _ in range(a.runs)]
    cold, warm, peer, bare, all_cold, all_warm = map(median_of, (cold, warm, peer, bare, all_cold, all_warm))
    rows = [('python, nothing imported', bare), ('medwork cold (parse XML + write cache)', cold),
            ('medwork warm (disk cache)', warm), ('medwork, all releases, 3 of 4 cold', all_cold),
            ('medwork, all releases, warm', all_warm), ('simple_icd_10_cm import', peer)]
    print(f'{"":42} {"in-process":>11} {"wall":>9} {"peak RSS":>10} {"items":>8}')
    for name, r in rows:
        print(f'{name:42} {r["secs"]:>9.3f} s {r["wall"]:>7.3f} s {r["rss_mb"]:>7.0f} MiB {int(r["n"]):>8,}')
    print(f'ratio peer/medwork-warm load: {peer["secs"] / warm["secs"]:.1f}x in-process, {peer["wall"] / warm["wall"]:.1f}x wall; '
          f'peak RSS {peer["rss_mb"]:.0f} vs {warm["rss_mb"]:.0f} MiB')
    print(f'medwork cold / warm: {cold["secs"] / warm["secs"]:.1f}x; all {int(all_warm["n"]):,} items of every release warm: '
          f'{all_warm["secs"]:.3f} s ({all_warm["secs"] / warm["secs"]:.1f}x one release)')

    print('\n== per-code calls in this process (median / p99 over every item)')
    import medwork.codes as m
    import simple_icd_10_cm as s
    cs = m.codeset()
    ours_items = [c.code for c in cs.codes()]
    peer_items = list(s.get_all_codes(True))
    ours_flat = [c.replace('.', '') if '-' not in c else c for c in ours_items]
    peer_flat = [c.replace('.', '') for c in peer_items]
    bad = [c[:-1] + 'Z' if len(c) > 3 else c + '.Z' for c in ours_items if '-' not in c and not c.isdigit()]
    cases = [
        ('is valid, dotted',      lambda c: m.is_valid(c), ours_items, lambda c: s.is_valid_item(c), peer_items),
        ('is valid, undotted',    lambda c: m.is_valid(c), ours_flat,  lambda c: s.is_valid_item(c), peer_flat),
        ('is valid, invalid code', lambda c: m.is_valid(c), bad,       lambda c: s.is_valid_item(c), bad),
        ('is billable / is_leaf', lambda c: m.is_billable(c), ours_items, lambda c: s.is_leaf(c), peer_items),
        ('title',                 lambda c: cs[c].title, ours_items,   lambda c: s.get_description(c), peer_items),
        ('ancestors',             lambda c: cs[c].ancestors, ours_items, lambda c: s.get_ancestors(c), peer_items),
        ('all notes, inherited',  lambda c: cs[c].all_notes(), ours_items,
                                  lambda c: s.get_full_data(c, search_in_ancestors=True), peer_items),
    ]
    print(f'{"":24} {"medwork median/p99 µs":>22} {"simple median/p99 µs":>22} {"ratio (median)":>15}')
    for name, ours_fn, ours_in, peer_fn, peer_in in cases:
        om, op = per_call(ours_fn, ours_in)
        pm, pp = per_call(peer_fn, peer_in)
        print(f'{name:24} {om:>10.2f} / {op:>8.2f} {pm:>10.2f} / {pp:>8.2f} {pm / om:>14.1f}x')
    print('(all notes: medwork returns the union of own and inherited notes; simple returns only the nearest)')
    print(f'load average at the end: {os.getloadavg()[0]:.2f}')

if __name__ == '__main__':
    main()
