"Regenerate the 835 test fixtures from the seeded demo payers: `python tests/data/835/make_fixtures.py` (deterministic)."
import gzip
from pathlib import Path
from medwork.remit import demo_remit, remit_text, sample_remittance
from medwork.x12 import x12_text
from medwork.claims import sample_claim

HERE = Path(__file__).parent

def demo_pick(remits) -> list:
    "Demo payments: an MUE denial and the later payment reversing it with the corrected claim, an NCCI denial, prompt-pay interest, Medicare sequestration."
    rev = next(r for r in remits if any(c.status == '22' for c in r.claims))
    number = next(c.payer_claim_number for c in rev.claims if c.status == '22')
    orig = next(r for r in remits if any(c.payer_claim_number == number and c.status != '22' for c in r.claims))
    picked = [orig, rev]
    picked.append(next(r for r in remits if r not in picked and any(a.reason == '97' for c in r.claims for a in c.all_adjustments)))
    picked.append(next(r for r in remits if r not in picked and r.provider_adjustments))
    if not any(a.reason == '253' for r in picked for c in r.claims for a in c.all_adjustments):
        picked.append(next(r for r in remits if r not in picked and any(a.reason == '253' for c in r.claims for a in c.all_adjustments)))
    return sorted(picked, key=lambda r: r.payment_date)

def main():
    good = remit_text(demo_pick(demo_remit().remittances))
    files = {'good_demo.835': good, 'good_sample.835': remit_text([sample_remittance()]),
             'unbalanced.835': good.replace('BPR*I*', 'BPR*I*1', 1),
             'unbalanced_line.835': _line_off(good),
             'unknown_clp_status.835': _status(good),
             'bad_cas_group.835': good.replace('CAS*CO*', 'CAS*CR*', 1),
             'cut.835': good[:len(good) // 2],
             'claim_837p.835': x12_text([sample_claim()])}
    for name, text in files.items(): (HERE/name).write_text(text)
    (HERE/'binary.835').write_bytes(gzip.compress(good.encode(), mtime=0))
    (HERE/'empty.835').write_bytes(b'')
    print(f'{len(files) + 2} fixtures written to {HERE}')

def _status(text) -> str:
    "The first CLP's status (CLP02) replaced by 9, which is not an 835 claim status."
    i = text.index('CLP*'); j = text.index('*', i + 4)
    k = text.index('*', j + 1)
    return text[:j + 1] + '9' + text[k:]

def _line_off(text) -> str:
    "The first paid service line's payment (SVC03) raised by one cent: the line no longer balances."
    i = text.index('SVC*'); seg = text[i:text.index('~', i)]
    els = seg.split('*'); els[3] = f'{float(els[3]) + 0.01:.2f}'
    return text[:i] + '*'.join(els) + text[i + len(seg):]

if __name__ == '__main__': main()
