"835 remittances: fixtures (good and broken), round trips, pyx12, balancing, code tables, the seeded payer simulator."
import csv, io, re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
import pytest
from medwork.claims import sample_claim, Address
from medwork.scrub import default_context
from medwork.x12 import pyx12_validate, parse_segments
from medwork.remit import (check_835, read_835, remit_text, write_835, sample_remittance, remit_codes, denial_rules, review_rules, code_label,
                           read_official_codes, demo_remit, remit_frames, balance_findings, payer_terms, PayerSimulator, Submission,
                           adjudicate_claim, Deductibles, ROUTINE, reversal, claim_balance_findings)

D835 = Path(__file__).parent/'data'/'835'

@pytest.fixture(scope='module')
def demo():
    return demo_remit()

def _rules(rc): return {f.rule for f in rc.findings}

# ---- fixtures ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('name', ['good_demo.835', 'good_sample.835'])
def test_good_fixtures_pass_pyx12_and_balance(name):
    rc = check_835(D835/name)
    assert rc.validation.ok and rc.validation.errors == [], rc.validation.errors
    assert rc.findings == [] and rc.ok

def test_good_fixture_holds_reversal_interest_and_sequestration():
    rs = read_835(D835/'good_demo.835').remittances
    assert {c.status for r in rs for c in r.claims} >= {'1', '22'}
    assert any(a.reason == 'L6' and a.amount < 0 for r in rs for a in r.provider_adjustments)
    assert any(a.reason == '253' for r in rs for c in r.claims for a in c.all_adjustments)
    rev = next(c for r in rs for c in r.claims if c.status == '22')
    assert rev.charge < 0 and rev.paid < 0 and all(a.amount < 0 for a in rev.all_adjustments)

@pytest.mark.parametrize('name, rule, says', [
    ('unbalanced.835', 'remit-unbalanced', 'the payment does not balance'),
    ('unbalanced_line.835', 'remit-balance', '+0.01 unexplained'),
    ('unknown_clp_status.835', 'clp-status', "claim status '9' is not an 835 claim status"),
    ('bad_cas_group.835', 'cas-group', 'CR was retired in 5010'),
    ('cut.835', 'x12-envelope', 'the file is cut short'),
    ('claim_837p.835', 'x12-envelope', 'this is an 837P claim file, not an 835 remittance'),
])
def test_broken_fixtures_give_reasons(name, rule, says):
    rc = check_835(D835/name)
    assert not rc.ok
    hits = [f for f in rc.findings if f.rule == rule]
    assert hits and any(says in f.message for f in hits), rc.findings

@pytest.mark.parametrize('name, says', [('binary.835', 'is not a text file'), ('empty.835', 'the file is empty')])
def test_unreadable_fixtures_refused_before_pyx12(name, says):
    rc = check_835(D835/name)
    assert rc.validation.crashed == 'not run' and not rc.ok and says in rc.findings[0].message

def test_pyx12_flags_bad_codes_too():
    "pyx12's own verdict on the broken codes (a second opinion beside the reader's)."
    for name, says in (('unknown_clp_status.835', 'is not a valid code for Claim Status Code'), ('bad_cas_group.835', 'Segment CAS*CR not found')):
        v = pyx12_validate(D835/name, ack=False)
        assert not v.ok and any(says in e for e in v.errors), v.errors

def test_reader_never_raises_on_damaged_segments():
    good = (D835/'good_demo.835').read_text()
    for bad in (good.replace('CLP*', 'CLP*X*', 1), good.replace('SVC*HC:', 'SVC*', 1), good.replace('BPR*I*', 'BPR*I*ABC', 1),
                good.replace('CAS*CO*45*', 'CAS*CO*45*1.2.3', 1), good.replace('DTM*472*2026', 'DTM*472*2O26', 1), good.replace('~', '~CLP~', 3)):
        rc = check_835(bad, validate=False)
        assert not rc.ok and rc.findings

def test_fixtures_regenerate_identically(tmp_path, monkeypatch):
    "The committed fixtures are what tests/data/835/make_fixtures.py writes (seeded, deterministic)."
    import importlib.util
    spec = importlib.util.spec_from_file_location('make_fixtures', D835/'make_fixtures.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, 'HERE', tmp_path); mod.main()
    for p in D835.glob('*.835'): assert (tmp_path/p.name).read_bytes() == p.read_bytes(), p.name

# ---- round trips ------------------------------------------------------------------------------------------------------

def test_demo_835s_round_trip_and_pass_pyx12(demo):
    text = remit_text(demo.remittances)
    v = pyx12_validate(text, ack=False)
    assert v.ok and v.errors == [], v.errors[:5]
    rc = check_835(text, validate=False)
    assert rc.findings == []
    assert [replace(r, control_number='') for r in rc.remittances] == demo.remittances
    assert remit_text(rc.remittances) == text           # and written again, byte for byte

def test_round_trip_with_other_delimiters():
    from medwork.x12 import Envelope, Delimiters
    env = Envelope(sender_id='SYNPAYER', receiver_id='MEDWORKSUBMIT', delimiters=Delimiters('|', '>', '^', '~', ''))
    text = remit_text([sample_remittance()], env)
    assert '|' in text and '*' not in text
    rc = check_835(text)
    assert rc.ok and replace(rc.remittances[0], control_number='') == sample_remittance()

def test_amounts_with_fractions_of_a_cent_refused():
    from medwork.core import MedworkError
    with pytest.raises(MedworkError, match='two decimals'): remit_text([replace(sample_remittance(), payment=Decimal('1.005'))])

def test_frames_are_tidy(demo):
    fr = remit_frames(demo.remittances)
    assert len(fr['claims']) == sum(len(r.claims) for r in demo.remittances)
    assert sum(fr['payments'].payment) == sum(r.signed_payment for r in demo.remittances)
    assert set(fr['adjustments'].group) <= {'CO', 'PR', 'OA', 'PI'}
    assert fr['adjustments'].label.str.len().min() > 0

# ---- code tables ------------------------------------------------------------------------------------------------------

def _pyx12_remark_codes():
    import pyx12, xml.etree.ElementTree as ET
    root = ET.parse(Path(pyx12.__file__).parent/'map'/'codes.xml').getroot()
    return next({c.text for c in cs.iter('code')} for cs in root if cs.findtext('id') == 'remark_code')

def test_every_rarc_we_use_is_in_pyx12s_list():
    known = _pyx12_remark_codes()
    assert not [c for c in remit_codes('rarc') if c not in known]

def test_tables_are_consistent():
    carcs, rarcs = remit_codes('carc'), remit_codes('rarc')
    for r in denial_rules() + review_rules():
        assert r.carc in carcs and all(x in rarcs for x in r.rarc), r
    assert all((g, c) for g, c in ROUTINE if c in carcs)
    assert {r['next_step'] for r in carcs.values()} <= {'bill the patient', 'correct and resubmit', 'appeal with records', 'write off', 'none (routine)',
                                                        'close: already processed', 'bill the right payer', 'check eligibility', 'send the records'}
    assert {r['group'] for r in carcs.values()} <= {'CO', 'PR', 'OA', 'PI'}

def test_official_list_loader_reports_rejected_rows(tmp_path):
    p = tmp_path/'rarc.tsv'
    p.write_text('Code\tDescription\nN362\tofficial words\nM15\t\nQQ9\tnot a remark code\nN362\ttwice\n')
    codes, rejected = read_official_codes(p, 'rarc')
    assert codes == {'N362': 'official words'}
    assert [r for r, _ in rejected] == [3, 4, 5] and 'no description' in rejected[0][1] and 'listed twice' in rejected[2][1]
    assert 'not in medwork' in code_label('ZZZ9')

# ---- the seeded payers ------------------------------------------------------------------------------------------------

def test_demo_is_seeded(demo):
    assert remit_text(demo_remit().remittances) == remit_text(demo.remittances)

def test_simulator_prices_as_the_demo_contract(demo):
    "Paid lines' allowed amounts are the demo's contract (claim_lines.csv `paid`), within the one cent of float versus half-up rounding."
    paid = {(r.claim_id, r.code): Decimal(str(r.paid)) for r in demo.claim_lines.itertuples()}
    n = 0
    for r in demo.remittances:
        for c in r.claims:
            if c.status != '1' or c.frequency != '1': continue
            for l in c.lines:
                if l.allowed is None: continue
                assert abs(l.allowed - paid[(c.claim_id, l.code)]) <= Decimal('0.01'), (c.claim_id, l.code)
                n += 1
    assert n > 900

def _sub(c): return Submission(c, date(2026, 4, 12), date(2026, 4, 13))

def _answer(claim, payer='SYN-Y04'):
    t = payer_terms()[payer]
    met = Deductibles(remaining={(t.payer_id, claim.insured.member_id, 2026): Decimal('0')})      # this member's deductible is met
    return adjudicate_claim(_sub(claim), t, {'99214': '129.10', '93000': '16.60', '93010': '8.20', '36415': '3.00'}, default_context(), met, 'P1')

def _codes(cp): return {(a.group, a.reason) for a in cp.all_adjustments} - ROUTINE

@pytest.mark.parametrize('change, level, expect, remarks', [
    (lambda c: replace(c, diagnoses=['E11', 'I10', 'Z79.84']), 'claim', ('CO', '146'), ['M81']),                      # non-billable header
    (lambda c: replace(c, diagnoses=['E11.9', 'I10', 'Q99.99']), 'claim', ('CO', '146'), ['M76']),                    # not a code
    (lambda c: replace(c, patient=replace(c.patient, member_id='')), 'claim', ('CO', '16'), ['N382', 'MA130']),        # missing information
    (lambda c: replace(c, rendering=replace(c.rendering, npi='1245319590')), 'claim', ('CO', '16'), ['N290', 'MA130']),
    (lambda c: replace(c, lines=[replace(c.lines[0], modifiers=('ZZ',)), c.lines[1]]), 'line', ('CO', '4'), []),       # unsupported modifier
    (lambda c: replace(c, lines=[c.lines[0], replace(c.lines[1], modifiers=('25',))]), 'line', ('CO', '4'), []),       # 25 on a non-E/M
    (lambda c: replace(c, lines=[c.lines[0], c.lines[1], replace(c.lines[1], code='93010', charge=Decimal('40.00'))]), 'line', ('CO', '97'), ['M15']),
    (lambda c: replace(c, lines=[c.lines[0], replace(c.lines[1], code='36415', units=3, charge=Decimal('30.00'))]), 'line', ('CO', '151'), ['N362']),
])
def test_simulator_denies_what_the_scrubber_predicts(change, level, expect, remarks):
    cp = _answer(change(sample_claim()))
    assert _codes(cp) == {expect}
    if level == 'claim':
        assert cp.status == '4' and cp.remarks == remarks and all(l.paid == 0 for l in cp.lines)
    else:
        denied = [l for l in cp.lines if any((a.group, a.reason) == expect for a in l.adjustments)]
        assert len(denied) == 1 and denied[0].paid == 0 and denied[0].remarks == remarks and cp.paid > 0
    assert claim_balance_findings(cp) == []
    r = replace(sample_remittance(), claims=[cp], payment=cp.paid)
    assert pyx12_validate(remit_text([r]), ack=False).errors == [] and balance_findings(r) == []

def test_clean_claim_paid_with_cost_sharing():
    cp = _answer(sample_claim(), 'SYN-Y01')
    assert cp.status == '1' and _codes(cp) == set()
    assert {a.reason for a in cp.all_adjustments} >= {'45', '253'} and {a.group for a in cp.all_adjustments} >= {'PR'}

def test_record_review_denies_unsupported_25_only():
    c = replace(sample_claim(), lines=[sample_claim().lines[0], replace(sample_claim().lines[1], code='20610', charge=Decimal('150.00'))])
    t = payer_terms()['SYN-Y03']
    args = (t, {'99214': '129.10', '20610': '66.40'}, default_context(), Deductibles(), 'P1')
    ok = adjudicate_claim(_sub(c), *args, review=lambda claim, n, name: True)
    bad = adjudicate_claim(_sub(c), *args, review=lambda claim, n, name: False)
    assert _codes(ok) == set()
    assert _codes(bad) == {('CO', '97')} and bad.lines[0].remarks == ['M144', 'N10'] and bad.lines[1].paid > 0

def test_timely_filing_by_the_payers_limit():
    c = sample_claim(dos=date(2025, 6, 1))
    cp = adjudicate_claim(Submission(c, date(2026, 1, 5), date(2026, 1, 6)), payer_terms()['SYN-Y05'], {}, default_context(), Deductibles(), 'P1')
    assert cp.status == '4' and _codes(cp) == {('CO', '29')}

def test_replacement_claim_reverses_the_original():
    sim = PayerSimulator(fees={'99214': '129.10', '36415': '3.00'})
    c = replace(sample_claim(), payer=replace(sample_claim().payer, payer_id='SYN00001'),
                lines=[sample_claim().lines[0], replace(sample_claim().lines[1], code='36415', units=3, charge=Decimal('30.00'))])
    first = sim.adjudicate(_sub(c))
    number = first.payments[0].payer_claim_number
    fixed = replace(c, frequency='7', original_ref=number, lines=[c.lines[0], replace(c.lines[1], units=1, charge=Decimal('10.00'))])
    second = sim.adjudicate(Submission(fixed, date(2026, 5, 20), date(2026, 5, 21)))
    rev, new = second.payments
    assert rev == reversal(first.payments[0]) and rev.status == '22' and rev.payer_claim_number == number
    assert new.frequency == '7' and _codes(new) == set() and new.payer_claim_number != number

def test_unknown_payer_is_a_plain_error():
    from medwork.core import MedworkError
    with pytest.raises(MedworkError, match='does not play payer'): PayerSimulator(fees={}).adjudicate(_sub(sample_claim()))

def test_a_run_of_reversals_only_carries_its_debit_forward():
    "Reversals outweighing payments: BPR02 0 (notification, NON) and a PLB FB forwarding the debit; pyx12 and balancing accept it."
    from medwork.remit import Adjudication, remittances_from
    from medwork.claims import Payer
    r = sample_remittance()
    rs = remittances_from([Adjudication('SYN-Y03', date(2026, 5, 6), [reversal(r.claims[0])])], {'SYN-Y03': Payer('BLUEBIRD HEALTH PLAN', 'SYN00003')},
                          r.payee, date(2026, 6, 1), payer_terms())
    assert rs[0].payment == 0 and rs[0].method == 'NON' and [(a.reason, a.amount) for a in rs[0].provider_adjustments] == [('FB', Decimal('-80.00'))]
    rc = check_835(remit_text(rs))
    assert rc.ok and rc.findings == []
