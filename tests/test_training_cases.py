"The case bank: demo cases, rationale, difficulty, tags, hints, educators' files (every rejection reported), exercise sets."
from datetime import date
from pathlib import Path
import pytest
from medwork.core import MedworkError
from medwork.cases import (demo_bank, load_cases, case_from_row, check_dx, note_names, make_set, demo_sets, max_after_hints,
                           HINT_STAGES)

HERE = Path(__file__).parent/'data'/'training'

def test_demo_bank_every_gold_code_billable_on_its_date_and_explained():
    bank = demo_bank()
    assert len(bank) == 500
    for case in bank:
        for k in case.dx: assert check_dx(k.code, case.dos) == (k.code, None), (case.case_id, k.code)
        assert set(case.rationale) == {k.code for k in case.key}
        assert all(case.rationale[k.code] for k in case.key)
        assert len(case.hints) == len(HINT_STAGES) and all(case.hints)
        assert 1 <= case.difficulty <= 5

def test_rationale_names_the_note_that_demands_a_code():
    r = demo_bank()['SYN-E000001'].rationale
    assert 'coded because E11.22 says "Use additional code to identify stage of chronic kidney disease (N18.1-N18.6)" (note at E11.22)' in r['N18.32']
    r2 = demo_bank()['SYN-E000002'].rationale
    assert '7th character S: sequela (the table is at S93)' in r2['S93.401S']
    assert 'modifier RT: Right side' in r2['73610']

def test_note_ranges():
    assert note_names('(N18.1-N18.6)', 'N18.6') and not note_names('(N18.1-N18.6)', 'N18.9')
    assert note_names('(Z68.1-Z68.45)', 'Z68.32') and note_names('(A81.0-)', 'A81.09') and not note_names('(B20)', 'B21')

def test_educator_csv_every_row_accounted_for():
    load = load_cases(HERE/'educator_cases.csv')
    assert load.rows == 8 and len(load.cases) == 2 and len(load.rejections) == 6
    reasons = {r.row: r.reason for r in load.rejections}
    assert 'E11.2 is a header' in reasons[4]
    assert "'2026-13-40' is not a valid date of service" in reasons[5]
    assert '99213 is an E/M code for established patients' in reasons[6]
    assert 'already taken' in reasons[7]
    assert 'note is empty' in reasons[8] and 'needs a 7th character' in reasons[8] and 'not a CPT or HCPCS' in reasons[8]
    assert 'the key says 99214 but the facts support 99213' in reasons[9]

def test_educator_jsonl_and_taken_ids():
    load = load_cases(HERE/'educator_cases.jsonl', taken={'EJ-001'})
    assert load.rows == 5 and load.cases == [] and load.rejections[0].reason == 'case_id EJ-001 is already taken'
    load = load_cases(HERE/'educator_cases.jsonl')
    assert [c.case_id for c in load.cases] == ['EJ-001'] and load.cases[0].dx[1].code == 'F02.80'
    assert any('G30.9 is sequenced after it' in s or 'puts G30.9 before it' in s for s in load.cases[0].rationale['F02.80'])

def test_unreadable_case_files_raise_plain_errors(tmp_path):
    p = tmp_path/'cases.csv'; p.write_bytes(bytes(range(256)))
    with pytest.raises(MedworkError, match='not a UTF-8 text file'): load_cases(p)
    p.write_text('id,text\n1,x\n')
    with pytest.raises(MedworkError, match='has no column case_id, dos, note, dx'): load_cases(p)

def test_date_outside_every_release_rejected():
    with pytest.raises(MedworkError, match='no loaded ICD-10-CM release is in force on 2019-06-01'):
        case_from_row({'case_id': 'OLD', 'dos': '2019-06-01', 'note': 'x', 'dx': 'I10'})

def test_code_valid_in_another_release_but_not_on_the_case_date():
    "G35.A (relapsing-remitting MS) is new in FY2026: before it, it is no code (runs once an older release is loaded)."
    from medwork.codes import RELEASES
    older = [r for r in RELEASES if r.valid_to < date(2025, 10, 1)]
    if not older: pytest.skip('only one ICD-10-CM release is loaded (releases by date of service land with issue 11)')
    day = older[-1].valid_from.isoformat()
    c, problem = check_dx('G35.A', day)
    assert c == 'G35.A' and f'is not valid on the date of service {day}' in problem
    with pytest.raises(MedworkError, match='G35.A is not valid on the date of service'):
        case_from_row({'case_id': 'MS', 'dos': day, 'note': 'x', 'dx': 'G35.A'})

def test_sets_and_modes():
    sets = {s.set_id: s for s in demo_sets()}
    assert set(sets) == {'DEMO-DIABETES', 'DEMO-EM', 'DEMO-EXAM', 'DEMO-INJURY', 'DEMO-STARTER'}
    bank = demo_bank()
    assert all('topic:diabetes with complications' in bank[c].tags for c in sets['DEMO-DIABETES'].case_ids)
    exam = sets['DEMO-EXAM']
    assert (exam.hints_allowed, exam.attempts_allowed, exam.time_limit, len(exam.case_ids)) == (False, 1, 60, 10)
    assert make_set(bank, 'S1', 'By hand', case_ids=['SYN-E000002', 'SYN-E000001']).case_ids == ('SYN-E000002', 'SYN-E000001')
    with pytest.raises(MedworkError, match='listed twice'): make_set(bank, 'S1', 'x', case_ids=['SYN-E000001'] * 2)
    assert max_after_hints(3) == 0.5
