"The case bank: demo cases, rationale, difficulty, tags, hints, educators' files (every rejection reported), exercise sets."
from pathlib import Path
import pytest
from medwork.core import MedworkError
from medwork.grading import grade_case
from medwork.cases import (demo_bank, load_cases, case_from_row, check_dx, note_names, make_set, demo_sets, max_after_hints,
                           dx_term, HINT_STAGES)

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
    "G35.A (relapsing-remitting MS) is new in FY2026: before it, it is no code, and G35 was the billable code."
    day = '2025-05-01'                                        # the FY2025 April update is in force
    c, problem = check_dx('G35.A', day)
    assert c == 'G35.A' and problem == ('G35.A is not valid on the date of service 2025-05-01 (ICD-10-CM FY2025 April update); '
                                        'it is a code in ICD-10-CM FY2026 April update')
    with pytest.raises(MedworkError, match='G35.A is not valid on the date of service 2025-05-01'):
        case_from_row({'case_id': 'MS', 'dos': day, 'note': 'x', 'dx': 'G35.A'})
    assert check_dx('G35', day) == ('G35', None) and check_dx('G35.A', '2026-05-01') == ('G35.A', None)
    assert 'G35 is a header, not billable; billable codes under it: G35.A' in check_dx('G35', '2026-05-01')[1]
    old = case_from_row({'case_id': 'MS-2025', 'dos': day, 'note': 'Relapsing-remitting MS, follow-up.', 'dx': 'G35', 'lines': '99213'})
    g = grade_case(old, 'G35.A', '99213')                     # the newer code on an older date: same category, and said why
    m = next(m for m in g.marks if m.key_code == 'G35')
    assert (m.status, m.credit) == ('partial', 0.5) and 'G35.A is not valid on the date of service 2025-05-01' in m.reason

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

INDEXED = ('Index: ', 'External Cause Index: ', 'Neoplasm Table: ', 'Drug Table: ')

def test_stage_2_hint_points_to_the_alphabetic_index_entry():
    bank = demo_bank()
    assert bank['SYN-E000001'].hints[1].split('; ')[:3] == ['Index: Diabetes, diabetic > type 2 > with > chronic kidney disease',
                                                           'Index: Disease, diseased > kidney > chronic > stage 3b', 'Index: Long-term > insulin']
    assert bank['SYN-E000002'].hints[1].split('; ')[:2] == ['Index: Instability > joint > ankle', 'Index: Sprain > ankle']   # the Tabular adds side and 7th character
    assert bank['SYN-E000199'].hints[1].startswith('Neoplasm Table: nose, nasal > skin > basal cell carcinoma (column Malignant Primary)')
    dx = [(c, k) for c in bank for k in c.dx if not k.optional]
    found = [dx_term(c, k).startswith(INDEXED) for c, k in dx]
    assert sum(found) / len(found) > 0.95, f'{len(found) - sum(found)} of {len(found)} diagnoses without an Index entry'
    assert not [(c.case_id, k.code) for c, k in dx if k.code in c.hints[1] or k.code.replace('.', '') in c.hints[1]]   # the hint never gives the code

def test_stage_2_hint_follows_the_case_wording_and_the_release():
    ms = case_from_row({'case_id': 'MS', 'dos': '2026-05-04', 'note': 'Relapsing-remitting multiple sclerosis, stable on therapy.', 'dx': 'G35.A'})
    assert ms.hints[1] == 'Index: Sclerosis, sclerotic > multiple'                  # the 2025 Index gives G35; the 2026 Tabular completes it
    syncope = case_from_row({'case_id': 'SY', 'dos': '2026-05-04', 'note': 'Syncope while standing in line; no prodrome.', 'dx': 'R55'})
    assert syncope.hints[1] == 'Index: Syncope'                                      # not Near-syncope, which also leads to R55
    hf = case_from_row({'case_id': 'HF', 'dos': '2026-05-04', 'note': 'Chronic systolic heart failure, compensated.', 'dx': 'I50.22'})
    assert hf.hints[1] == 'Index: Failure, failed > heart > systolic > chronic'      # under Failure, heart: its note on stages is no subterm
    cm = case_from_row({'case_id': 'CM', 'dos': '2026-05-04', 'note': 'Cardiomyopathy due to amyloidosis, followed by cardiology.', 'dx': 'I43'})
    assert cm.hints[1] == '"Cardiomyopathy in diseases classified elsewhere"'        # no Index entry (a [bracketed] manifestation code): the title's words
