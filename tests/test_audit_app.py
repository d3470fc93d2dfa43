"The Audit app in a real browser: a finding recorded with the E/M calculator survives a reload; two sessions save at once; a bad code gets a message; the coding assist marks the evidence and flags the codes."
import os, subprocess
import pytest
from playwright.sync_api import expect
from conftest import APPS, free_port, wait_port, app_url
from medwork.audit import open_audit_store, new_audit, claim_items
from medwork.apps.audit import demo_audit_fixed
from medwork.demo import load_claim_lines, load_encounters, load_payers

T = 90_000   # ms: a Voila page starts its own kernel, and the machine may be busy
LOAD = 180_000   # the assist's first call in a kernel loads spaCy and medspaCy

@pytest.fixture(scope='module')
def audit_server(tmp_path_factory):
    "Voila serving the apps over a throwaway store (MEDWORK_STORE_URL), with the demo audit and a two-claim audit in it."
    from medwork.cli import voila_command, voila_env
    d = tmp_path_factory.mktemp('audit-app')
    url = f'sqlite:///{d}/store.db'
    st = open_audit_store(url)
    demo_audit_fixed(st)
    lines, encs, payers = load_claim_lines(), load_encounters(), load_payers()
    two = new_audit(st, 'Two claims', claim_items(lines, encs, payers, ['SYN-C000003', 'SYN-C000004']), 'setup', 'focused', audit_id='AUD-TWO')
    st.close()
    port = free_port()
    env = voila_env(MEDWORK_STORE_URL=url, MEDWORK_HOME=str(d))
    with open(d/'voila.log', 'w') as log:
        proc = subprocess.Popen(voila_command(APPS, port), cwd=APPS, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_port(port, proc)
        yield f'http://127.0.0.1:{port}/', url
    finally:
        proc.terminate()
        try: proc.wait(15)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()

def open_app(page, base):
    page.goto(app_url(base, 'audit'))
    page.locator('.audit-picker select').wait_for(timeout=T)
    expect(page.locator('.progress')).to_contain_text('reviewed', timeout=T)

def pick_audit(page, aid):
    label = page.locator('.audit-picker select option', has_text=aid).first.text_content()
    page.select_option('.audit-picker select', label=label)
    expect(page.locator('.item-picker select')).to_contain_text('SYN-C', timeout=T)

def test_create_audit_record_em_finding_reload(audit_server, page):
    base, url = audit_server
    open_app(page, base)
    page.fill('.new-name input', 'Browser E/M audit')
    page.select_option('.new-source select', label='focused: claim ids')
    page.fill('.new-claims input', 'SYN-C000001')
    page.click('.create-audit')
    expect(page.locator('.mw-message')).to_contain_text('created', timeout=T)
    aid = page.locator('.mw-message').text_content().split('Audit ')[1].split(' ')[0]
    expect(page.locator('.record')).to_contain_text('type 2 diabetes', timeout=T)
    page.select_option('.em-problems select', value=None, label='chronic_stable: stable chronic illness (at goal)')
    page.select_option('.em-risk select', label='otc_drug: over-the-counter drug')
    page.click('.em-accept')
    expect(page.locator('.em-result')).to_contain_text('Supported: 99213', timeout=T)
    expect(page.locator('.f-code-1 input')).to_have_value('99213', timeout=T)
    page.check('.f-agree-2 input')
    page.click('.save-item')
    expect(page.locator('.mw-message')).to_contain_text('2 finding(s) saved', timeout=T)
    expect(page.locator('.progress')).to_contain_text('1 of 1 reviewed', timeout=T)
    page.reload()
    open_app(page, base)
    pick_audit(page, aid)
    expect(page.locator('.f-code-1 input')).to_have_value('99213', timeout=T)
    expect(page.locator('.f-saved-1')).to_contain_text('v1', timeout=T)
    assert 'Traceback' not in page.content()
    st = open_audit_store(url)
    f = st.get('finding', f'{aid}:SYN-C000001:1')
    assert f['finding_type'] == 'upcoded_em' and f['em_worksheet']['code'] == '99213' and f['audited_paid'] == 73.12

def test_two_sessions_save_different_claims_at_once(audit_server, browser):
    base, url = audit_server
    ctxs = [browser.new_context(viewport={'width': 1400, 'height': 900}) for _ in range(2)]
    pages = [c.new_page() for c in ctxs]
    try:
        for i, pg in enumerate(pages):
            open_app(pg, base); pick_audit(pg, 'AUD-TWO')
            expect(pg.locator('.progress')).to_contain_text('0 of 2 reviewed', timeout=T)
            pg.fill('.auditor input', f'auditor{i}')
            if i == 1:
                pg.click('.next-item')
                expect(pg.locator('.progress')).to_contain_text('claim 2 of 2', timeout=T)
            pg.locator('.f-agree-1 input').wait_for(timeout=T)
            n = len(pg.locator('.line-grid input[type=checkbox]').all())
            for k in range(1, n + 1): pg.check(f'.f-agree-{k} input')
        # playwright's sync API drives one page at a time: fire both saves from the pages' own scripts, back to back
        pages[0].evaluate("document.querySelector('.save-item').click()"); pages[1].evaluate("document.querySelector('.save-item').click()")
        for pg in pages: expect(pg.locator('.mw-message')).to_contain_text('saved', timeout=T)
        st = open_audit_store(url)
        fs = st.current('finding', audit_id='AUD-TWO')
        assert set(fs.item_id) == {'AUD-TWO:SYN-C000003', 'AUD-TWO:SYN-C000004'}
        assert set(fs.changed_by) == {'auditor0', 'auditor1'} and fs.agree.all()
        assert st.integrity() == 'ok' and st.check() == []
    finally:
        for c in ctxs: c.close()

def test_bad_code_shows_a_message_not_a_traceback(audit_server, page):
    base, _ = audit_server
    open_app(page, base); pick_audit(page, 'AUD-DEMO')
    expect(page.locator('.progress')).to_contain_text('50 of 50 reviewed', timeout=T)    # the demo audit's worksheet is the one shown
    page.locator('.f-agree-1 input').wait_for(timeout=T)
    page.uncheck('.f-agree-1 input') if page.locator('.f-agree-1 input').is_checked() else None
    page.select_option('.f-type-1 select', label='other')
    page.fill('.f-code-1 input', '9921X')
    page.fill('.f-rationale-1 input', 'bad code on purpose')
    page.click('.save-item')
    expect(page.locator('.mw-message')).to_contain_text('audited_code', timeout=T)
    assert 'Traceback' not in page.content() and 'File "' not in page.content()
    assert page.js_errors == []

def test_assist_marks_evidence_and_flags_codes(audit_server, page):
    "The coding assist beside the worksheet: evidence marked in the record, and both flags on a claim billed with the wrong diagnosis."
    base, _ = audit_server
    open_app(page, base); pick_audit(page, 'AUD-DEMO')
    expect(page.locator('.record mark.mw-evidence').first).to_be_visible(timeout=LOAD)
    expect(page.locator('.assist .mw-assist-table')).to_contain_text('supported and billed', timeout=LOAD)
    label = page.locator('.item-picker select option', has_text='SYN-C000499').first.text_content()
    page.select_option('.item-picker select', label=label)
    assist = page.locator('.assist')
    expect(assist).to_contain_text('supported but not billed', timeout=LOAD)
    expect(assist).to_contain_text('billed but not supported')
    expect(page.locator('.mw-busy-on')).to_have_count(0, timeout=LOAD)
    assert 'Traceback' not in page.content() and page.js_errors == []
