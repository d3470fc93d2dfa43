"""Benchmark: read and post 100,000 remittance claims (X12 835); pyx12 validates the same file in the same run as the peer.

Run: python bench/remit.py [N]   (default N = 100000).
The claim payments are the seeded demo payers' answers to the demo claims, replayed under new claim ids and payer
claim numbers, 500 claims per payment (ST-SE), all in one interchange; our claims are the demo claims replayed
under the same ids, so every remittance matches. Steps timed: writing the file, reading it (read_835), reading
plus the balancing checks (check_835 without pyx12), posting to our claims with the per-claim and per-payment
reconciliation, and pyx12's Python API on the very same file: the peer whose speed the ratios are against.
"""
import resource, sys, tempfile, time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from medwork.remit import demo_remit, write_835, read_835, check_835, Remittance
from medwork.posting import post_remittances, claim_checks, payment_checks
from medwork.x12 import pyx12_validate

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PER_PAYMENT = 500
TMP = Path(tempfile.gettempdir())

def rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

demo = demo_remit()
answers = [c for r in demo.remittances for c in r.claims if c.status == '1' and c.frequency == '1']
ours = {c.claim_id: c for c in demo.claims}
template = demo.remittances[0]

def replayed(i):
    "Claim payment i and our claim i: a demo answer under a new claim id and payer claim number."
    a = answers[i % len(answers)]
    cid = f'B{i:08d}'
    lines = [replace(l, control_number=l.control_number.replace(a.claim_id, cid)) for l in a.lines]
    c = ours[a.claim_id]
    return (replace(a, claim_id=cid, payer_claim_number=f'BP{i:010d}', lines=lines),
            replace(c, claim_id=cid, frequency='1', lines=[replace(l, control_number=l.control_number.replace(a.claim_id, cid)) for l in c.lines]))

pairs = [replayed(i) for i in range(N)]
claims = [c for _, c in pairs]
remits = []
for k in range(0, N, PER_PAYMENT):
    cps = [p for p, _ in pairs[k:k + PER_PAYMENT]]
    remits.append(replace(template, trace=f'BT{k // PER_PAYMENT:08d}', claims=cps, provider_adjustments=[],
                          payment=sum((c.paid for c in cps), Decimal('0')), method='ACH', handling='I'))
del pairs
out = TMP/'bench_remit.835'
base_rss = rss_mb()

t0 = time.perf_counter(); n_seg = write_835(remits, out); t_write = time.perf_counter() - t0
size = out.stat().st_size / 1e6
t0 = time.perf_counter(); batch = read_835(out); t_read = time.perf_counter() - t0
assert batch.findings == [] and sum(len(r.claims) for r in batch.remittances) == N
t0 = time.perf_counter(); rc = check_835(out, validate=False); t_check = time.perf_counter() - t0
assert rc.findings == [], rc.findings[:3]
t0 = time.perf_counter()
posting = post_remittances(rc.remittances, claims, ['bench_remit.835'] * len(rc.remittances))
cc, pc = claim_checks(posting), payment_checks(posting)
t_post = time.perf_counter() - t0
assert len(posting.unmatched) == 0 and cc.ok.all() and pc.ok.all()
ours_rss = rss_mb()

t0 = time.perf_counter(); v = pyx12_validate(out, ack=False); t_pyx = time.perf_counter() - t0

print(f'file:             {N:,} claim payments in {len(remits)} payments (ST-SE), {n_seg:,} segments, {size:.1f} MB')
print(f'write 835:        {t_write:.2f} s = {N / t_write:,.0f} claims/s')
print(f'read_835:         {t_read:.2f} s = {N / t_read:,.0f} claims/s')
print(f'read + balance:   {t_check:.2f} s = {N / t_check:,.0f} claims/s (check_835 without pyx12; 0 findings)')
print(f'post + reconcile: {t_post:.2f} s = {N / t_post:,.0f} claims/s ({len(posting.lines):,} line rows, {len(posting.adjustments):,} adjustment rows; '
      f'{int(cc.ok.sum()):,} claim and {int(pc.ok.sum())} payment checks to the cent, 0 unmatched)')
print(f'pyx12 (peer):     {t_pyx:.2f} s = {N / t_pyx:,.0f} claims/s on the same file; ok={v.ok}, errors={len(v.errors)}')
print(f'ratio to pyx12:   read x{t_pyx / t_read:,.1f}, read + balance x{t_pyx / t_check:,.1f}, read + balance + post x{t_pyx / (t_check + t_post):,.1f}')
print(f'peak RSS:         {ours_rss:,.0f} MB after reading and posting (before writing: {base_rss:,.0f} MB); {rss_mb():,.0f} MB after pyx12')
