"""Benchmark: assemble, scrub and write 100,000 demo claims; pyx12 on a 1,000-claim file in the same run as the peer.

Run: python bench/claims.py [N]   (default N = 100000).
Pass 1 streams rows -> claims -> scrub -> 837P file end to end (stream_claims + generators + the streaming
writer) and reports the peak resident memory, which stays flat whatever N. Pass 2 times each step on its own
(claims held in a list between steps) for claims/s per step. Pass 3 validates a 1,000-claim file with pyx12's
Python API: the peer whose speed the ratios are against.
The coded rows are the demo practice's billed lines replayed with shifted dates and patients, generated lazily
and already grouped by claim.
"""
import csv, resource, sys, tempfile, time
from datetime import date, timedelta
from pathlib import Path
from medwork.claims import assemble_claims, stream_claims, practice_tables, Assembly
from medwork.core import data_dir
from medwork.scrub import default_context, scrub, is_clean
from medwork.x12 import write_837, pyx12_validate, Envelope

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
TMP = Path(tempfile.gettempdir())

def rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def coded_rows(n_claims):
    "Demo billed rows (units > 0) replayed as n_claims distinct visits, rows of a visit adjacent."
    with open(data_dir()/'claim_lines.csv') as f: rows = [r for r in csv.DictReader(f) if r['units'] != '0']
    by_claim = {}
    for r in rows: by_claim.setdefault(r['claim_id'], []).append(r)
    groups = list(by_claim.values())
    patients = sorted({r['patient_id'] for r in rows})
    for i in range(n_claims):
        g = groups[i % len(groups)]; k = i // len(groups)
        day = (date.fromisoformat(g[0]['dos']) - date(2026, 4, 1)).days + k
        pid = patients[(patients.index(g[0]['patient_id']) + k * 7) % len(patients)]
        for r in g:
            yield dict(r, claim_id=f'B{i:08d}', patient_id=pid, dos=str(date(2026, 4, 1) + timedelta(days=day % 183)))

tables = practice_tables(); ctx = default_context()
base_rss = rss_mb()

# pass 1: streaming end to end
tally = Assembly([], [])
t0 = time.perf_counter()
clean_stream = (c for c in stream_claims(coded_rows(N), *tables, tally=tally) if is_clean(scrub(c, ctx)))
st1 = write_837(clean_stream, TMP/'bench_stream.837', Envelope())
t_stream = time.perf_counter() - t0
stream_rss = rss_mb()
print(f'streaming pass:   {tally.rows_in:,} rows -> {tally.rows_on_claims:,} on claims + {len(tally.rejections)} rejected; '
      f'{st1.claims:,} clean claims written ({st1.transactions} ST-SE, {st1.segments:,} segments) in {t_stream:.2f} s = '
      f'{st1.claims / t_stream:,.0f} claims/s end to end; peak RSS {stream_rss:,.0f} MB (before: {base_rss:,.0f} MB)')

# pass 2: each step timed alone
t0 = time.perf_counter(); asm = assemble_claims(coded_rows(N), *tables); t_asm = time.perf_counter() - t0
claims = asm.claims
t0 = time.perf_counter(); verdicts = [is_clean(scrub(c, ctx)) for c in claims]; t_scrub = time.perf_counter() - t0
clean = [c for c, ok in zip(claims, verdicts) if ok]
out = TMP/'bench_claims.837'
t0 = time.perf_counter(); st = write_837(iter(clean), out, Envelope()); t_write = time.perf_counter() - t0

# pass 3: the peer
n1k = TMP/'bench_1000.837'
write_837(iter(clean[:1000]), n1k, Envelope())
t0 = time.perf_counter(); v = pyx12_validate(n1k); t_pyx = time.perf_counter() - t0
pyx = 1000 / t_pyx
print(f'{asm}')
print(f'assemble:         {len(claims):,} claims in {t_asm:.2f} s = {len(claims) / t_asm:,.0f} claims/s')
print(f'scrub:            {len(claims):,} claims in {t_scrub:.2f} s = {len(claims) / t_scrub:,.0f} claims/s ({len(clean):,} clean)')
print(f'write 837P:       {st.claims:,} claims, {st.transactions} ST-SE, {out.stat().st_size / 1e6:.1f} MB in {t_write:.2f} s = {st.claims / t_write:,.0f} claims/s')
print(f'pyx12 (peer):     1,000 claims in {t_pyx:.2f} s = {pyx:,.0f} claims/s; ok={v.ok}, errors={len(v.errors)}')
print(f'ratio to pyx12:   assemble x{len(claims) / t_asm / pyx:,.0f}, scrub x{len(claims) / t_scrub / pyx:,.0f}, write x{st.claims / t_write / pyx:,.0f}, streaming end to end x{st1.claims / t_stream / pyx:,.0f}')
print(f'peak RSS after pass 2 (all claims in a list): {rss_mb():,.0f} MB')
