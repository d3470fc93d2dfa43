"Training and Class apps in a real browser (Voila + Chromium), on a fresh store of their own."
import os, re, subprocess
import pytest
from playwright.sync_api import expect
from conftest import APPS, free_port, wait_port, app_url
from medwork.cli import voila_command
from medwork.cases import demo_bank, make_set
from medwork.classroom import training_store, create_class, add_student, enrol, assign, submit_answer, attempts

PRACTICE = ['SYN-E000001', 'SYN-E000002', 'SYN-E000003']
EXAM = ['SYN-E000002', 'SYN-E000001']

@pytest.fixture(scope='module')
def served(tmp_path_factory):
    "A Voila server whose store is a fresh file: a browser-test class (the demo class is made by the apps themselves)."
    home = tmp_path_factory.mktemp('training-home')
    url = f'sqlite:///{home}/training.db'
    st, bank = training_store(url), demo_bank()
    create_class(st, 'BT', 'Browser test class', 'educator')
    for s, n in (('BT-S1', 'Avery'), ('BT-S2', 'Blake'), ('BT-S3', 'Casey')): add_student(st, s, n, 'educator')
    enrol(st, 'BT', ['BT-S1', 'BT-S2', 'BT-S3'], 'educator')
    assign(st, 'BT', make_set(bank, 'P3', 'Three cases', case_ids=PRACTICE), 'educator')
    assign(st, 'BT', make_set(bank, 'X2', 'Short exam', mode='exam', case_ids=EXAM, time_limit=30), 'educator')
    port, log = free_port(), home/'voila.log'
    env = {**os.environ, 'MEDWORK_STORE_URL': url, 'MEDWORK_HOME': str(home)}
    with open(log, 'w') as f: proc = subprocess.Popen(voila_command(APPS, port), cwd=APPS, stdout=f, stderr=subprocess.STDOUT, env=env)
    try:
        wait_port(port, proc)
        yield f'http://127.0.0.1:{port}/', st, bank
    finally:
        proc.terminate()
        try: proc.wait(15)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()

def key_answer(case):
    return ', '.join(k.code for k in case.dx), '; '.join(map(str, case.lines))

def open_training(page, base, student):
    page.goto(app_url(base, 'training'), timeout=180_000)
    expect(page.locator('.mw-class select')).to_be_visible(timeout=180_000)
    page.locator('.mw-class select').select_option(label='Browser test class')
    page.locator('.mw-student select').select_option(label=student)
    page.locator('button.mw-signin').click()
    expect(page.locator('.mw-who')).to_contain_text('Signed in as', timeout=60_000)

def answer(page, dx, lines):
    page.locator('.mw-dx textarea').fill(dx)
    page.locator('.mw-lines textarea').fill(lines)
    page.locator('button.mw-submit').click()

def test_student_completes_a_practice_set_exact_partial_wrong(page, served):
    base, st, bank = served
    open_training(page, base, 'Avery (BT-S1)')
    page.locator('.mw-assignment select').select_option(label='Three cases (practice, 3 cases)')
    page.locator('button.mw-open').click()
    msg = page.locator('.mw-message')
    expect(page.locator('.mw-note')).to_contain_text('type 2 diabetes', timeout=60_000)
    answer(page, *key_answer(bank['SYN-E000001']))                                      # exact
    expect(msg).to_contain_text('Score 100%', timeout=60_000)
    expect(page.locator('.mw-feedback')).to_contain_text('matches the key')
    page.locator('button.mw-next').click()
    expect(page.locator('.mw-progress-label')).to_contain_text('Case 2 of 3 (1 answered)', timeout=60_000)
    answer(page, 'M25.371', '99213')                                                     # partial: 2 of 4 codes
    expect(msg).to_contain_text('Score 50%', timeout=60_000)
    page.locator('button.mw-next').click()
    expect(page.locator('.mw-progress-label')).to_contain_text('Case 3 of 3 (2 answered)', timeout=60_000)
    answer(page, 'R69', '')                                                              # wrong
    expect(msg).to_contain_text('Score 0%', timeout=60_000)
    summary = page.locator('.mw-summary')
    expect(summary).to_contain_text('Set score 50%', timeout=60_000)
    expect(summary.locator('.mw-case-score')).to_have_text(['100%', '50%', '0%'])
    assert sorted(attempts(st, student_id='BT-S1').score.tolist()) == [0.0, 0.5, 1.0]
    assert not page.js_errors, page.js_errors

def test_educator_view_shows_the_attempts(page, served):
    base, st, bank = served
    for c in PRACTICE[:2]: submit_answer(st, 'BT/P3', 'BT-S3', bank[c], *key_answer(bank[c]))
    page.goto(app_url(base, 'classroom'), timeout=180_000)
    expect(page.locator('.mw-class-pick select')).to_be_visible(timeout=180_000)
    page.locator('.mw-class-pick select').select_option(label='Browser test class (BT)')
    page.locator('.mw-assignment-pick select').select_option(label='Three cases (practice)')
    tries = page.locator('.mw-tries')
    expect(tries).to_contain_text('BT-S3', timeout=60_000)
    for c in PRACTICE[:2]: expect(tries).to_contain_text(c)
    submit_answer(st, 'BT/P3', 'BT-S3', bank[PRACTICE[2]], 'R69', '')                  # a result arrives; Refresh shows it
    page.locator('button.mw-refresh').click()
    expect(tries).to_contain_text(PRACTICE[2], timeout=60_000)
    page.get_by_role('tab', name='Item analysis').click()
    expect(page.locator('.mw-items')).to_contain_text(PRACTICE[0], timeout=60_000)
    assert not page.js_errors, page.js_errors

def test_demo_class_shows_in_the_class_app_from_a_fresh_store(page, served):
    base, st, _ = served
    page.goto(app_url(base, 'classroom'), timeout=180_000)
    expect(page.locator('.mw-class-pick select')).to_be_visible(timeout=180_000)
    page.locator('.mw-class-pick select').select_option(label='Demo class (synthetic students, simulated attempts) (DEMO-CLASS)')
    expect(page.locator('.mw-banner-box')).to_contain_text('Synthetic demo class', timeout=60_000)
    expect(page.locator('.mw-scores')).to_contain_text('Avery (synthetic)')
    expect(page.locator('.mw-scores')).to_contain_text('Primary care exam')
    assert not page.js_errors, page.js_errors

def test_exam_hides_feedback_until_submission(page, served):
    base, st, bank = served
    open_training(page, base, 'Blake (BT-S2)')
    page.locator('.mw-assignment select').select_option(label='Short exam (exam, 2 cases)')
    page.locator('button.mw-open').click()
    expect(page.locator('button.mw-start-exam')).to_be_visible(timeout=60_000)
    page.locator('button.mw-start-exam').click()
    expect(page.locator('.mw-note')).to_contain_text('ankle', timeout=60_000)
    expect(page.locator('button.mw-hint')).to_be_hidden()
    msg = page.locator('.mw-message')
    answer(page, *key_answer(bank['SYN-E000002']))
    expect(msg).to_contain_text('Scores are shown after you submit the exam', timeout=60_000)
    for where in ('.mw-feedback', '.mw-summary', '.mw-message'): expect(page.locator(where)).not_to_contain_text(re.compile(r'Score \d|\d+%'))
    expect(page.locator('.mw-grade')).to_have_count(0)
    answer(page, 'E11.22', '99213')
    expect(msg).to_contain_text('submit the exam', timeout=60_000)
    expect(page.locator('.mw-grade')).to_have_count(0)
    page.locator('button.mw-submit-exam').click()
    summary = page.locator('.mw-summary')
    expect(summary).to_contain_text('Set score', timeout=60_000)
    expect(summary.locator('.mw-case-score')).to_have_text(['100%', '30%'])
    expect(summary.locator('.mw-grade')).to_have_count(2)
    assert not page.js_errors, page.js_errors

def test_bad_code_entry_shows_a_message_not_a_traceback(page, served):
    base, st, bank = served
    open_training(page, base, 'Casey (BT-S3)')
    page.locator('.mw-assignment select').select_option(label='Three cases (practice, 3 cases)')
    page.locator('button.mw-open').click()
    expect(page.locator('.mw-note')).to_be_visible(timeout=60_000)
    n = len(attempts(st, student_id='BT-S3'))
    answer(page, 'E11.22, hello, E1', '9921-ZZ')
    msg = page.locator('.mw-message')
    expect(msg).to_contain_text("'E1' cannot be an ICD-10-CM code", timeout=60_000)
    expect(msg).to_contain_text("'9921' is not a CPT or HCPCS code")
    expect(page.get_by_text('Traceback')).to_have_count(0)
    assert len(attempts(st, student_id='BT-S3')) == n                                   # nothing saved
    page.locator('.mw-find input').fill('type 2 diabetes chronic kidney')              # type-ahead from the lookup engine
    found = page.locator('.mw-found select')
    expect(found).to_contain_text('E11.22', timeout=90_000)
    found.select_option(value=found.locator('option', has_text='E11.22').first.get_attribute('value'))
    page.locator('.mw-dx textarea').fill('')
    page.locator('button.mw-add-dx').click()
    expect(page.locator('.mw-dx textarea')).to_have_value('E11.22', timeout=30_000)
    assert not page.js_errors, page.js_errors
