"Grading pinned: the reference's worked scoring example (training.md §1.2/§2), partial credit, hints, sequencing, entry checks."
import json
import pytest
from medwork.cases import case_from_row, demo_bank
from medwork.grading import grade_case, grade_to_dict, grade_text, read_dx, read_lines, typo_messages, Weights
from medwork.core import MedworkError

REF = case_from_row({'case_id': 'REF-1', 'dos': '2026-05-04', 'note': 'Worked example.', 'dx': 'E11.22, N18.32, *Z79.4',
                     'lines': '99214-25; 20610-RT', 'patient_type': 'established'})

def score(dx, lines, **kw): return grade_case(REF, dx, lines, **kw).score

# the reference: score = correct / max(entered, expected); optional codes never lower it
@pytest.mark.parametrize('dx,lines,expected', [
    ('E11.22, N18.32', '99214-25, 20610-RT', 1.0),                # all required, optional omitted
    ('E11.22, N18.32, Z79.4', '99214-25, 20610-RT', 1.0),         # optional entered: neither helps nor hurts
    ('E11.22, N18.32, I10', '99214-25, 20610-RT', 0.8),           # more entered: 4 / 5
    ('E11.22, N18.32, I10, E78.5', '99214-25, 20610-RT', 4 / 6),  # 4 / 6
    ('E11.22', '99214-25', 0.5),                                  # fewer entered: 2 / 4
    ('E11.22', '', 0.25),
    ('', '', 0.0),
])
def test_practicode_rule(dx, lines, expected):
    assert score(dx, lines) == pytest.approx(expected, abs=1e-4)

def test_worked_example_partial_credit():
    g = grade_case(REF, 'E11.9, N18.32', '99213-25, 20610-LT, 96372')
    assert [(m.status, m.kind, m.credit) for m in g.marks] == [
        ('partial', 'S', 0.5), ('correct', '', 1.0), ('partial', 'E', 0.5), ('partial', 'P', 0.5), ('extra', '', 0.0), ('optional', '', 0.0)]
    assert (g.credit, g.entered, g.expected, g.score) == (2.5, 5, 4, 0.5)
    audit = grade_case(REF, 'E11.9, N18.32', '99213-25, 20610-LT, 96372', mode='audit')
    assert audit.score == 0.2 and [m.status for m in audit.marks[:4]] == ['wrong', 'correct', 'wrong', 'wrong']   # no partial credit in audit mode

def test_first_listed_in_second_place_is_code_right_first_listed_false():
    g = grade_case(REF, 'N18.32, E11.22', '99214-25, 20610-RT')
    assert (g.score, g.first_listed_ok) == (1.0, False)
    assert grade_case(REF, 'E11.22, N18.32', '99214-25, 20610-RT').first_listed_ok
    assert score('N18.32, E11.22', '99214-25, 20610-RT', weights=Weights(first_listed=0.5)) == 0.875

def test_em_one_level_off_teaching_vs_audit():
    assert score('E11.22, N18.32', '99213-25, 20610-RT') == 0.875
    assert score('E11.22, N18.32', '99213-25, 20610-RT', mode='audit') == 0.75
    assert score('E11.22, N18.32', '99212-25, 20610-RT') == 0.75      # two levels off: wrong
    g = grade_case(REF, 'E11.22, N18.32', '99204-25, 20610-RT')      # new-patient code for an established patient
    assert g.marks[2].status == 'wrong' and 'this patient is established' in g.marks[2].reason

def test_modifier_and_units_partial_and_wrong_code_right_modifier_nothing():
    assert score('E11.22, N18.32', '99214-25, 20610-RT x2') == 0.875
    assert score('E11.22, N18.32', '99214, 20610-RT') == 0.875         # missing modifier 25
    assert score('E11.22, N18.32', '99214-25, 20611-RT') == 0.75        # wrong code with the right modifier earns nothing
    assert score('E11.22, N18.32', '99214-25, 20610-LT', weights=Weights(modifier_units=0.25)) == 0.8125

def test_specificity_partial_including_header_and_missing_seventh_character():
    g = grade_case(REF, 'E11.2, N18.32', '99214-25, 20610-RT')
    assert (g.marks[0].status, g.marks[0].kind, g.score) == ('partial', 'S', 0.875)
    assert 'E11.2 is a header, not billable' in g.marks[0].reason
    inj = case_from_row({'case_id': 'INJ', 'dos': '2026-05-04', 'note': 'x', 'dx': 'S93.401A', 'lines': '99203', 'patient_type': 'new'})
    g = grade_case(inj, 'S93.401', '99203')
    assert g.marks[0].kind == 'S' and 'needs a 7th character' in g.marks[0].reason
    assert grade_case(inj, 'S93.401D', '99203').marks[0].kind == 'S'      # wrong 7th character

def test_hints_lower_the_maximum():
    assert [score('E11.22, N18.32', '99214-25, 20610-RT', hints_used=n) for n in range(4)] == [1.0, 0.9, 0.75, 0.5]
    assert score('E11.9, N18.32', '99213-25, 20610-LT, 96372', hints_used=2) == 0.375
    with pytest.raises(MedworkError, match='3 hint stages'): grade_case(REF, '', '', hints_used=4)

def test_alternatives_accepted():
    alt = case_from_row({'case_id': 'ALT', 'dos': '2026-05-04', 'note': 'x', 'dx': 'E11.65/E11.69, Z79.4'})
    assert grade_case(alt, 'E11.69, Z79.4', '').score == 1.0
    m = grade_case(alt, 'E11.65, E11.69, Z79.4', '').marks[1]
    assert (m.status, m.reason) == ('extra', 'E11.65 is already answered: one code per key item')

def test_normalisation_and_duplicates():
    g = grade_case(REF, 'E1122, e11.22, n1832', '99214 25, 20610 rt')
    assert [m.status for m in g.marks[:3]] == ['correct', 'extra', 'correct']
    assert g.marks[1].reason == 'entered twice'
    assert g.score == pytest.approx(0.8)

def test_sequence_of_secondaries_reported_not_scored():
    key = case_from_row({'case_id': 'SEQ', 'dos': '2026-05-04', 'note': 'x', 'dx': 'E11.22, N18.32, Z79.4'})
    g = grade_case(key, 'E11.22, Z79.4, N18.32', '')
    assert g.score == 1.0 and g.first_listed_ok and 'another order' in g.sequence_note

def test_entry_checks_typos_and_coding_errors():
    dx = read_dx('e11.22., E11.2, S93.401, hello, E1, 99213', '2026-05-04')
    assert [e.code for e in dx][:2] == ['E11.22', 'E11.2']
    assert [e.typo for e in dx] == [False, False, False, True, True, True]
    assert 'is a CPT code, not a diagnosis' in dx[5].problem
    msgs = typo_messages(read_lines('9921, 20610-ZZ, 20610 x0'))
    assert len(msgs) == 3 and 'not a CPT or HCPCS code' in msgs[0] and "unknown modifier 'ZZ'" in msgs[1] and 'units' in msgs[2]

def test_demo_sample_attempt_breakdown():
    g = grade_case(demo_bank()['SYN-E000001'], 'E11.22, N18.30', '99213, G2211')
    assert (g.score, g.system_score('dx'), g.system_score('line')) == (0.6, 0.5, 0.75)
    assert g.counts() == dict(correct=2, partial=2, wrong=0, extra=0, missing=1, optional=0)
    text = grade_text(g)
    assert 'Score 60%: 3 points / max(4 entered, 5 expected)' in text and 'supported: 99214 by MDM' in text
    d = grade_to_dict(g)
    assert json.loads(json.dumps(d)) == d and d['marks'][4]['status'] == 'missing'

def test_every_demo_gold_answer_scores_100():
    bank = demo_bank()
    for case in list(bank)[:120]:
        dx = ', '.join(k.code for k in case.dx)
        lines = '; '.join(str(k) for k in case.lines)
        g = grade_case(case, dx, lines)
        assert g.score == 1.0 and g.first_listed_ok, (case.case_id, grade_text(g))
