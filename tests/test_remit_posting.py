"Posting 835s to our claims: reconciliation to the cent, reversals and corrected claims, unmatched remittances, the worklist, A/R."
import io
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
import pandas as pd
import pytest
from medwork.claims import sample_claim
from medwork.remit import sample_remittance, read_835, demo_remit, ROUTINE, reversal
from medwork.posting import (post_remittances, claim_checks, payment_checks, worklist, filter_worklist, worklist_excel, ar_claims, aging,
                             age_bucket, demo_follow_up, denials_vs_injected, denials_by_reason, read_remit_files, BUCKETS)

D835 = Path(__file__).parent/'data'/'835'
ZERO = Decimal('0')

@pytest.fixture(scope='module')
def fu():
    return demo_follow_up()

@pytest.fixture(scope='module')
def demo():
    return demo_remit()

def test_every_claim_and_payment_reconciles_to_the_cent(fu):
    assert len(fu.checks) == fu.posting.claim_payments.claim_id.nunique() + len(fu.remittances)
    assert fu.checks.ok.all(), fu.checks[~fu.checks.ok]
    assert len(fu.posting.unmatched) == 0 and len(fu.posting.notes) == 0

def test_reconciliation_recomputed_from_the_remittances(fu):
    "Independently of the posting code: per claim, charges = paid + adjustments + patient responsibility; per payment, BPR02 = CLPs - PLB."
    per = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    for r in fu.remittances:
        assert r.signed_payment == sum((c.paid for c in r.claims), ZERO) - sum((a.amount for a in r.provider_adjustments), ZERO)
        for c in r.claims:
            t = per[c.claim_id]
            t[0] += c.charge; t[1] += c.paid
            for a in c.all_adjustments: t[3 if a.group == 'PR' else 2] += a.amount
            assert c.patient_responsibility == sum((a.amount for a in c.all_adjustments if a.group == 'PR'), ZERO)
    for k, (charge, paid, adj, pr) in per.items(): assert charge == paid + adj + pr, k
    posted = fu.posting.lines.groupby('claim_id').paid.apply(lambda s: sum(s, ZERO)).to_dict()
    assert posted == {k: v[1] for k, v in per.items()}

def test_posted_lines_are_our_lines(fu):
    ours = {c.claim_id: c for c in fu.claims}
    lines = fu.posting.lines
    assert (lines.line > 0).all()
    for r in lines.itertuples():
        if r.frequency == '1' and ours[r.claim_id].frequency == '1': assert ours[r.claim_id].lines[r.line - 1].code == r.code

def test_reversals_cancel_their_originals(fu):
    cp = fu.posting.claim_payments
    rev = cp[cp.status == '22']
    assert len(rev) >= 1
    for r in rev.itertuples():
        orig = cp[(cp.payer_claim_number == r.payer_claim_number) & (cp.status != '22')]
        assert len(orig) == 1 and orig.paid.iloc[0] == -r.paid and orig.charge.iloc[0] == -r.charge
        assert r.claim_id in set(cp.claim_id[cp.frequency == '7'])                  # and the corrected claim was posted
    replaced = set(rev.claim_id)
    assert not (fu.worklist.claim_id.isin(replaced) & (fu.worklist.carc == '151')).any()

def test_unmatched_remittances_are_listed_not_dropped():
    r = sample_remittance()
    stranger = replace(r.claims[0], claim_id='SOMEONE-ELSE')
    lost = reversal(replace(r.claims[0], payer_claim_number='NEVER-POSTED'))
    odd = replace(r.claims[0], status='9', payer_claim_number='P9')
    pay = replace(r, claims=[r.claims[0], stranger, lost, odd], payment=r.payment + stranger.paid + lost.paid + odd.paid)
    p = post_remittances([pay], [sample_claim()], ['x.835'])
    assert list(p.unmatched.claim_id) == ['SOMEONE-ELSE', sample_claim().claim_id, sample_claim().claim_id]
    assert [x.split(' ')[0] for x in p.unmatched.reason] == ['claim', 'reverses', 'claim']
    assert payment_checks(p).ok.all() and claim_checks(p).ok.all()        # the unmatched money is still accounted for

def test_unbalanced_posting_is_reported():
    r = sample_remittance(); r.claims[0].lines[0].paid = Decimal('85.00'); r.claims[0].paid = Decimal('85.00'); r.payment = Decimal('85.00')
    p = post_remittances([r], [sample_claim()])
    cc = claim_checks(p)
    assert not cc.ok.all() and cc.difference[0] == Decimal('-5.00')

def test_files_with_errors_are_not_posted():
    rf = read_remit_files([(p.name, p) for p in sorted(D835.glob('*.835'))])
    assert sorted(n for n, _, _ in rf.refused) == sorted(p.name for p in D835.glob('*.835') if not p.name.startswith('good'))
    assert {n for n, k, _ in rf.refused if k == 'unreadable'} == {'binary.835', 'empty.835'}
    assert set(rf.files) == {'good_demo.835', 'good_sample.835'}

def test_worklist_rows_carry_reason_owner_next_step_and_prevention(fu):
    wl = fu.worklist
    assert len(wl) and wl.preventable.all()
    assert set(wl.group) == {'CO'} and set(wl.whose) == {'practice (contractual)'}
    assert wl.reason.str.len().min() > 10 and wl.next_step.str.len().min() > 5
    m25 = wl[wl.remarks.str.contains('M144')]
    assert len(m25) == 10 and m25.next_step.str.startswith('appeal with the record').all() and (m25.scrubber_rule == 'ncci-ptp (warning)').all()
    assert (wl[wl.remarks == 'M15'].scrubber_rule == 'ncci-ptp (error)').all()
    mue = wl[wl.carc == '151']
    assert mue.scrubber_rule.str.startswith('mue').all()
    assert set(mue.status) <= {'open', 'replacement sent'}

def test_worklist_filters_and_excel(fu):
    wl = fu.worklist
    assert len(filter_worklist(wl, carc='151')) == (wl.carc == '151').sum()
    assert len(filter_worklist(wl, payer='medicare')) == wl.payer.str.contains('MEDICARE').sum()
    assert len(filter_worklist(wl, preventable=False)) == 0
    x = pd.read_excel(io.BytesIO(worklist_excel(wl)))
    assert len(x) == len(wl) and abs(x.amount.sum() - float(sum(wl.amount, ZERO))) < 0.005

def test_denials_follow_the_injected_errors(fu, demo):
    vs = denials_vs_injected(fu.posting, demo.claim_lines).set_index('injected_error')
    for err, reason in (('unbundled_pair', 'CO-97'), ('modifier_25_unsupported', 'CO-97'), ('units_over_mue', 'CO-151')):
        assert vs.loc[err, 'lines_denied'] == vs.loc[err, 'lines'] and vs.loc[err, 'reasons'] == reason
    assert vs.loc[['upcoded_em', 'downcoded_em', 'less_specific_dx', 'wrong_dx', 'missed_code'], 'lines_denied'].sum() == 0
    br = denials_by_reason(fu.posting).set_index('carc')
    assert br.loc['97', 'lines'] == 20 and br.loc['151', 'lines'] == 10

def test_ar_and_aging(fu):
    ar = fu.ar
    assert len(ar) == len(fu.claims)
    waiting = ar[~ar.answered]
    assert (waiting.payer_balance == waiting.charge).all() and (waiting.patient_balance == 0).all()
    for basis in ('dos', 'submitted'):
        ag = aging(ar, basis)
        assert sum(ag.total, ZERO) == sum(ar.payer_balance, ZERO) + sum(ar.patient_balance, ZERO)
    assert list(aging(ar).index) == BUCKETS
    assert [age_bucket(d) for d in (30, 60, 90, 120, 121)] == ['0-30', '31-60', '61-90', '91-120', '120+']
    opened = fu.worklist[fu.worklist.status == 'open'].groupby('claim_id').amount.apply(lambda s: sum(s, ZERO)).to_dict()
    resent = set(fu.worklist.claim_id[fu.worklist.status == 'replacement sent'])
    for r in ar[ar.answered & ~ar.claim_id.isin(resent)].itertuples():     # an answered claim still owes what the worklist holds
        assert r.payer_balance == opened.get(r.claim_id, ZERO), r.claim_id

def test_figures_side_by_side(fu):
    f = fu.figures()
    assert f['claims'] == 500 and f['answered'] + f['awaiting_payer'] == 500
    assert f['denied_lines'] == 30 and abs(f['denial_rate'] - 30 / f['answered']) < 1e-4
    assert abs(f['first_pass_resolution_rate'] - (1 - f['denial_rate'])) < 1e-4
    assert f['clean_claim_rate'] == 0.962                  # 19 of the 500 claims as first sent have a scrubber error
    assert 20 < f['days_in_ar'] < 90
