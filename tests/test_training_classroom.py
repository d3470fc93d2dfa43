"Classroom: 30 students submitting at once in separate processes lose nothing; exams; item analysis; exports; the demo class."
import io, subprocess, sys, textwrap, time
import pandas as pd
import pytest
from medwork.core import MedworkError
from medwork.cases import demo_bank, make_set
from medwork.classroom import (training_store, add_student, create_class, enrol, save_set, assign, submit_answer, start_exam,
                               submit_exam, feedback_visible, attempts, assignment_scores, item_analysis, missed_codes,
                               export_grades, ensure_demo_class, class_students, DEMO_CLASS, sign_in)

CASES = ['SYN-E000001', 'SYN-E000002', 'SYN-E000003']

# One student in their own process: waits for the go signal, submits one answer per case, prints each attempt id once saved.
STUDENT = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from medwork.cases import demo_bank
    from medwork.classroom import training_store, submit_answer
    url, sid, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    st, bank = training_store(url), demo_bank()
    answers = {c: (', '.join(k.code for k in bank[c].dx), '; '.join(map(str, bank[c].lines))) for c in sys.argv[4:]}
    while not go.exists(): time.sleep(0.005)
    for c, (dx, lines) in answers.items():
        g, aid = submit_answer(st, 'C/P', sid, bank[c], dx, lines)
        print(aid, g.score, flush=True)
''')

@pytest.fixture
def store(tmp_path):
    st = training_store(tmp_path/'training.db')
    create_class(st, 'C', 'Coding 101', 'educator')
    return st

def test_30_students_submitting_at_once_in_separate_processes_lose_nothing(store, tmp_path):
    sids = [f'S{i:02d}' for i in range(30)]
    for s in sids: add_student(store, s, f'Student {s}', 'educator')
    enrol(store, 'C', sids, 'educator')
    assign(store, 'C', make_set(demo_bank(), 'P', 'Three cases', case_ids=CASES), 'educator')
    go = tmp_path/'go'
    procs = [subprocess.Popen([sys.executable, '-c', STUDENT, store.url, s, str(go), *CASES], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for s in sids]
    time.sleep(3); go.touch()                                   # every student submits at the same moment
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * 30, [o[1][-1500:] for o in outs if o[1]]
    printed = {l.split()[0] for o in outs for l in o[0].splitlines() if l.strip()}
    assert len(printed) == 90
    st = training_store(store.url)
    att = attempts(st, class_id='C')
    assert set(att.id) == printed and len(att) == 90
    assert (att.score == 1.0).all() and att.groupby('student_id').size().eq(3).all()
    with st.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM events WHERE kind = 'attempt'").scalar() == 90
    assert st.check() == [] and st.integrity() == 'ok'

def test_practice_tries_and_refusals(store):
    add_student(store, 'S1', 'Avery', 'educator'); enrol(store, 'C', ['S1'], 'educator')
    bank = demo_bank()
    aid = assign(store, 'C', make_set(bank, 'P', 'Practice', case_ids=CASES[:2]), 'educator')
    g1, a1 = submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'E11.22', '99214', hints_used=2)
    g2, a2 = submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'E11.22, N18.32, Z79.4', '99214; G2211')
    assert (a1.endswith('/1'), a2.endswith('/2'), g1.max_score, g2.score) == (True, True, 0.75, 1.0)
    with pytest.raises(MedworkError, match='cannot be an ICD-10-CM code'): submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'E1', '')
    with pytest.raises(MedworkError, match='not a CPT or HCPCS code'): submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'I10', '9921')
    with pytest.raises(MedworkError, match='is not part of Practice'): submit_answer(store, aid, 'S1', bank['SYN-E000003'], 'I10', '')
    assert len(attempts(store)) == 2
    s = assignment_scores(store, 'C').iloc[0]
    assert (s.attempted, s.tries, s.score) == (1, 2, 0.5)

def test_exam_hides_feedback_until_submitted_and_is_taken_once(store):
    add_student(store, 'S1', 'Avery', 'educator'); enrol(store, 'C', ['S1'], 'educator')
    bank = demo_bank()
    aid = assign(store, 'C', make_set(bank, 'X', 'Exam', mode='exam', case_ids=CASES[:2], time_limit=30), 'educator')
    case = bank['SYN-E000002']
    with pytest.raises(MedworkError, match='start the exam first'): submit_answer(store, aid, 'S1', case, 'M25.371', '99213')
    start_exam(store, aid, 'S1', at='2026-09-01T10:00:00+00:00')
    with pytest.raises(MedworkError, match='no hints in an exam'):
        submit_answer(store, aid, 'S1', case, 'M25.371', '99213', hints_used=1, at='2026-09-01T10:01:00+00:00')
    submit_answer(store, aid, 'S1', case, 'M25.371', '99213', at='2026-09-01T10:02:00+00:00')
    assert not feedback_visible(store, aid, 'S1')
    with pytest.raises(MedworkError, match='already answered'): submit_answer(store, aid, 'S1', case, 'M25.371', '99213', at='2026-09-01T10:03:00+00:00')
    with pytest.raises(MedworkError, match='the time is up'):
        submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'E11.22', '99214', at='2026-09-01T10:31:00+00:00')
    submit_exam(store, aid, 'S1')
    assert feedback_visible(store, aid, 'S1')
    with pytest.raises(MedworkError, match='taken once'): start_exam(store, aid, 'S1')
    with pytest.raises(MedworkError, match='no more answers'): submit_answer(store, aid, 'S1', bank['SYN-E000001'], 'E11.22', '99214')

def test_item_analysis_pinned(store):
    bank = demo_bank()
    sids = ['A', 'B', 'C', 'D']
    for s in sids: add_student(store, s, s, 'educator')
    enrol(store, 'C', sids, 'educator')
    aid = assign(store, 'C', make_set(bank, 'P', 'Two cases', case_ids=CASES[:2]), 'educator')
    right = {c: (', '.join(k.code for k in bank[c].dx), '; '.join(map(str, bank[c].lines))) for c in CASES[:2]}
    plan = {'A': (True, True), 'B': (True, False), 'C': (False, True), 'D': (False, False)}
    for n, (s, (r1, r2)) in enumerate(plan.items()):
        for case_id, ok in zip(CASES[:2], (r1, r2)):
            submit_answer(store, aid, s, bank[case_id], *(right[case_id] if ok else ('R69', '')), at=f'2026-09-01T10:0{n}:00+00:00')
    submit_answer(store, aid, 'D', bank[CASES[0]], *right[CASES[0]], at='2026-09-02T10:00:00+00:00')   # a later try: not counted
    ia = item_analysis(store, aid).set_index('case_id')
    # totals A 2, B 1, C 1, D 0: 27% of 4 -> 2 per group: upper A, B (stable order), lower C, D
    assert ia.loc[CASES[0], ['students', 'p', 'p_upper', 'p_lower', 'D']].tolist() == [4, 0.5, 1.0, 0.0, 1.0]
    assert ia.loc[CASES[1], ['p', 'p_upper', 'p_lower', 'D']].tolist() == [0.5, 0.5, 0.5, 0.0]
    assert ia.loc[CASES[1], 'flags'] == 'weak discrimination'
    mc = missed_codes(store, 'C').set_index('key_code')
    assert mc.loc['E11.22', ['expected', 'right', 'missed']].tolist() == [5, 3, 2]

def test_exports_csv_and_excel(store):
    add_student(store, 'S1', 'Avery', 'educator'); enrol(store, 'C', ['S1'], 'educator')
    bank = demo_bank()
    aid = assign(store, 'C', make_set(bank, 'P', 'Practice', case_ids=CASES[:2]), 'educator')
    submit_answer(store, aid, 'S1', bank['SYN-E000002'], 'M25.371, S93.401S', '99213; 73610-RT')
    grades = pd.read_csv(io.BytesIO(export_grades(store, 'C')))
    assert grades[['student_id', 'attempted', 'score_percent']].values.tolist() == [['S1', 1, 50.0]]
    book = pd.read_excel(io.BytesIO(export_grades(store, 'C', 'xlsx')), sheet_name=None)
    assert list(book) == ['grades', 'tries', 'item analysis', 'missed codes'] and len(book['tries']) == 1
    with pytest.raises(MedworkError, match='no class'): export_grades(store, 'NOPE')

def test_pin_kept_hashed(store):
    add_student(store, 'S1', 'Avery', 'educator', pin='2468')
    assert sign_in(store, 'S1', '2468') == 'S1'
    with pytest.raises(MedworkError, match='unknown student id or wrong PIN'): sign_in(store, 'S1', '1357')
    with store.engine.connect() as c:
        assert '2468' not in ' '.join(str(r) for r in c.exec_driver_sql('SELECT state FROM events'))

def test_demo_class_synthetic_seeded_and_exports_as_events(tmp_path):
    st = training_store(tmp_path/'a.db')
    assert ensure_demo_class(st) == DEMO_CLASS
    students = class_students(st, DEMO_CLASS)
    assert len(students) == 8 and students.student_id.str.startswith('SYN-S').all() and students.name.str.endswith('(synthetic)').all()
    att = attempts(st, class_id=DEMO_CLASS)
    assert len(att) > 250 and set(att['mode']) == {'practice', 'exam'}
    events = st.export_scope(DEMO_CLASS)
    other = training_store(tmp_path/'b.db')
    for kind in ('student', 'exercise_set'):                       # unscoped records travel separately
        other.save_many(kind, [(r['id'], {k: r[k] for k in st.kinds[kind].fields}, 0) for r in st.current(kind).to_dict('records')], 'educator')
    assert other.import_events(events) == len(events)
    assert attempts(other, class_id=DEMO_CLASS).drop(columns='grade').values.tolist() == att.drop(columns='grade').values.tolist()
