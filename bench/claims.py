"""Benchmark: assemble, scrub and write 100,000 demo claims; pyx12 on a 1,000-claim file in the same run as the peer.

Run: python bench/claims.py [N]   (default N = 100000). Prints claims/s per step and ratios to pyx12.
The coded rows are the demo practice's billed lines, replayed with shifted dates and patients so that every
replay is a different claim. Rows are generated lazily; the writer streams to disk.
"""
import csv, io, resource, sys, tempfile, time
from datetime import date, timedelta
from pathlib import Path
from medwork.claims import assemble_claims, practice_tables
from medwork.core import data_dir
from medwork.scrub import default_context, scrub, is_clean
from medwork.x12 import write_837, pyx12_validate, Envelope

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000

def rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def coded_rows(n_claims):
    "Demo billed rows replayed until n_claims claims' worth (units > 0 only)."
    with open(data_dir()/'claim_lines.csv') as f: rows = [r for r in csv.DictReader(f) if r['units'] != '0']
    by_claim = {}
    for r in rows: by_claim.setdefault(r['claim_id'], []).append(r)
    groups = list(by_claim.values())
    patients = sorted({r['patient_id'] for r in rows})
    for i in range(n_claims):
        g = groups[i % len(groups)]; k = i // len(groups)
        dos = (date.fromisoformat(g[0]['dos']) - date(2026, 4, 1) + timedelta(days=k)).days % 183
        pid = patients[(patients.index(g[0]['patient_id']) + k * 7) % len(patients)]
        for r in g:
            yield dict(r, claim_id=f'B{i:08d}', patient_id=pid, dos=str(date(2026, 4, 1) + timedelta(days=dos)))

tables = practice_tables(); ctx = default_context()
t0 = time.perf_counter(); asm = assemble_claims(coded_rows(N), *tables); t_asm = time.perf_counter() - t0
claims = asm.claims
print(f'{asm}')
t0 = time.perf_counter(); verdicts = [is_clean(scrub(c, ctx)) for c in claims]; t_scrub = time.perf_counter() - t0
clean = [c for c, ok in zip(claims, verdicts) if ok]
out = Path(tempfile.gettempdir())/'bench_claims.837'
t0 = time.perf_counter(); st = write_837(iter(clean), out, Envelope()); t_write = time.perf_counter() - t0
n1k = Path(tempfile.gettempdir())/'bench_1000.837'
write_837(iter(clean[:1000]), n1k, Envelope())
t0 = time.perf_counter(); v = pyx12_validate(n1k); t_pyx = time.perf_counter() - t0
pyx_rate = 1000 / t_pyx
print(f'claims assembled: {len(claims):,} from {asm.rows_in:,} rows in {t_asm:.2f} s = {len(claims) / t_asm:,.0f} claims/s')
print(f'scrubbed:         {len(claims):,} in {t_scrub:.2f} s = {len(claims) / t_scrub:,.0f} claims/s ({len(clean):,} clean)')
print(f'written (837P):   {st.claims:,} claims, {st.transactions} ST-SE, {st.segments:,} segments, {out.stat().st_size / 1e6:.1f} MB in {t_write:.2f} s = {st.claims / t_write:,.0f} claims/s')
print(f'pyx12 (peer):     1,000 claims in {t_pyx:.2f} s = {pyx_rate:,.0f} claims/s; ok={v.ok}, errors={len(v.errors)}')
print(f'ratios to pyx12:  assemble x{len(claims) / t_asm / pyx_rate:,.0f}, scrub x{len(claims) / t_scrub / pyx_rate:,.0f}, write x{st.claims / t_write / pyx_rate:,.0f}')
print(f'peak RSS: {rss_mb():,.0f} MB (assembled claims are held in memory for the scrub step; the writer streams)')
