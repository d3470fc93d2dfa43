"The coding assist in the audit worksheet, driven without a browser: evidence marked in the record, the suggested/billed/audited table with its flags, stale results dropped, errors as plain messages."
import subprocess, sys
import pytest
import medwork.apps.audit as audit_app
from medwork.apps.audit import AuditApp, item_codes, audited_codes
from medwork.apps.assist_panel import assist_rows
from medwork.apps.base import SOMETHING_WRONG

@pytest.fixture(scope='module')
def url(tmp_path_factory):
    "A store holding the demo audit (AUD-DEMO, the answer key's findings)."
    u = f"sqlite:///{tmp_path_factory.mktemp('assist')}/store.db"
    AuditApp.from_store(u, background=False)
    return u

def table(app) -> dict:
    "The assist's rows for the claim the app shows, by code."
    text, s = app.suggestions[app.item['item_id']]
    return {r['code']: r for r in assist_rows(s, item_codes(app.item), {'audited': app.audited[1]}, app.item['dos'], app.fees)}

def show(app, claim_id):
    app.item_picker.value = app.items[app.items.claim_id == claim_id].id.iloc[0]

def test_first_demo_item_marks_evidence_and_flags_every_billed_code(url):
    app = AuditApp.from_store(url, background=False)
    assert app.item['claim_id'] == 'SYN-C000312' and '<mark class="mw-evidence"' in app.record.value
    rows = table(app)
    for c in item_codes(app.item):
        assert rows[c]['billed'] == 'yes' and c in app.assist.value
        if c.startswith('99'): assert rows[c]['flag'] == ''                 # E/M: the calculator's business
        else: assert rows[c]['flag'] and rows[c]['flag'] in app.assist.value, rows[c]
    assert rows['I25.10']['flag'] == 'supported and billed'             # the assessment's coronary artery disease
    assert app.audited[1] == {} and 'mw-assist-table' in app.assist.value and 'Documentation queries' in app.assist.value

def test_wrong_diagnosis_is_flagged_both_ways_and_matches_the_audit(url):
    "The bill carries a wrong diagnosis (the answer key's wrong_dx finding): the assist flags the billed one and the one the note supports."
    app = AuditApp.from_store(url, background=False)
    show(app, 'SYN-C000499')
    rows, audited = table(app), app.audited[1]
    added = [c for c, m in audited.items() if m == 'yes' and c not in app.item['diagnoses']]
    removed = [c for c, m in audited.items() if m == 'no']
    assert added and removed
    for c in added: assert (rows[c]['suggested'], rows[c]['billed'], rows[c]['audited'], rows[c]['flag']) == ('yes', '', 'yes', 'supported but not billed')
    for c in removed: assert (rows[c]['billed'], rows[c]['audited'], rows[c]['flag']) == ('yes', 'no', 'billed but not supported')
    assert 'supported but not billed' in app.assist.value and 'billed but not supported' in app.assist.value
    assert 'possible missed charge' in app.assist.value

def test_the_assist_never_changes_a_finding(url):
    app = AuditApp.from_store(url, background=False)
    before = app.store.current('finding', audit_id='AUD-DEMO')[['id', 'version']].values.tolist()
    for cid in app.items.claim_id[:6]: show(app, cid)
    assert app.store.current('finding', audit_id='AUD-DEMO')[['id', 'version']].values.tolist() == before

def test_background_result_for_a_claim_left_is_not_shown(url):
    app = AuditApp.from_store(url)                       # the assist runs in a thread; the worksheet does not wait for it
    show(app, 'SYN-C000001')                             # move on before the first claim's suggestions arrive
    app.wait(120)
    with app.assist_lock: pass                           # every queued call has finished or will find its claim left
    assert app.item['claim_id'] == 'SYN-C000001'
    assert 'E11.8' in app.assist.value and 'I25.10' not in app.assist.value
    assert 'diabetes' in app.record.value and '<mark class="mw-evidence"' in app.record.value

def test_assist_errors_are_plain_messages(url, monkeypatch):
    app = AuditApp.from_store(url, background=False)
    app.item = dict(app.item, record=' ', item_id='empty'); app.show_assist(app.item)
    assert app.assist.value == '<i>No suggestions: the note is empty</i>' and app.message.value == ''
    monkeypatch.setattr(audit_app, 'suggest_codes', lambda text: 1 / 0)
    app.background = True
    show(app, 'SYN-C000025'); app.wait(60)
    assert SOMETHING_WRONG in app.message.value and 'ZeroDivisionError' not in app.message.value and 'Traceback' not in app.message.value

def test_audit_app_without_medspacy_still_opens(tmp_path):
    "Without medspaCy the worksheet opens as before; the assist panel names the install command."
    code = ("import sys; sys.modules['medspacy'] = None\n"
            "from medwork.apps.audit import AuditApp\n"
            f"app = AuditApp.from_store('sqlite:///{tmp_path}/s.db')\n"
            "print(app.item['claim_id']); print(app.assist.value)")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and 'Traceback' not in r.stderr, r.stderr
    assert 'SYN-C000312' in r.stdout and 'No suggestions: the coding assist needs medspacy' in r.stdout
