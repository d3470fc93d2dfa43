"The Follow-up app: driven without a browser, then in Chromium through Voila (loads an 835 and sees the worklist)."
import html, io
from pathlib import Path
import pandas as pd
from playwright.sync_api import expect
from conftest import app_url
from medwork.apps.followup import FollowUpApp, ALL, uploaded_files

D835 = Path(__file__).parent/'data'/'835'

def _upload(app, *names):
    app.safe(app.on_upload)({'new': tuple({'name': n, 'content': memoryview((D835/n).read_bytes())} for n in names)})

def test_app_without_browser():
    app = FollowUpApp.from_demo()
    assert 'balance to the cent' in app.summary.value and 'days in A/R' in app.summary.value
    n = len(app.fu.worklist)
    assert app.worklist.value.count('<tr>') - 1 == n > 20
    app.carc.value = '97'; assert app.worklist.value.count('<tr>') - 1 == (app.fu.worklist.carc == '97').sum()
    app.carc.value = ALL; app.preventable.value = 'yes'; assert app.worklist.value.count('<tr>') - 1 == n
    app.payer.value = app.payer.options[1]; assert 0 < app.worklist.value.count('<tr>') - 1 < n
    app.basis.value = 'submitted'; assert 'date unknown' in app.chart.value
    before = app.fu
    for bad, says in (('binary.835', 'not a text file'), ('cut.835', 'cut short'), ('unbalanced.835', 'does not balance'), ('empty.835', 'empty')):
        _upload(app, bad)
        assert says in app.message.value and 'Traceback' not in app.message.value and app.fu is before
    _upload(app, 'good_demo.835', 'unknown_clp_status.835')
    assert app.message.value.startswith('Loaded 1 files: 4 payments') and "claim status '9'" in html.unescape(app.message.value)
    assert len(app.fu.remittances) == 4 and app.fu.checks.ok.all() and len(app.fu.posting.unmatched) == 0
    assert 'SYN-C000009' in app.worklist.value and app.payer.value == ALL
    app.on_demo(); assert len(app.fu.remittances) > 100

def test_uploaded_files_both_widget_versions():
    v8 = ({'name': 'a.835', 'content': memoryview(b'ISA')},)
    v7 = {'a.835': {'name': 'a.835', 'content': b'ISA'}}
    assert uploaded_files(v8) == uploaded_files(v7) == [('a.835', b'ISA')]

def test_followup_app_in_browser(page, voila_url, tmp_path):
    page.goto(app_url(voila_url, 'followup'), timeout=120_000)
    wl = page.locator('.worklist')
    expect(wl).to_contain_text('worklist rows', timeout=120_000)
    expect(wl).to_contain_text('ncci-ptp')
    expect(page.locator('.summary')).to_contain_text('balance to the cent')
    with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Load 835 files').click()
    fc.value.set_files(str(D835/'good_demo.835'))
    expect(page.locator('.mw-message')).to_contain_text('Loaded 1 files: 4 payments', timeout=60_000)
    expect(wl).to_contain_text('1 of 1 worklist rows', timeout=30_000)
    expect(wl).to_contain_text('SYN-C000009')
    link = page.locator('a.mw-download', has_text='Export worklist to Excel')
    with page.expect_download(timeout=60_000) as d: link.click()
    path = tmp_path/'wl.xlsx'; d.value.save_as(path)
    x = pd.read_excel(path)
    assert list(x.claim_id) == ['SYN-C000009'] and bool(x.preventable[0])
    with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Load 835 files').click()
    fc.value.set_files(str(D835/'binary.835'))
    expect(page.locator('.mw-message')).to_contain_text('not a text file', timeout=60_000)
    expect(wl).to_contain_text('SYN-C000009')                  # what was shown stays
    expect(page.get_by_text('Traceback')).to_have_count(0)
    page.get_by_text('A/R aging', exact=True).click()
    expect(page.locator('.aging-chart svg')).to_be_visible(timeout=30_000)
    assert not page.js_errors, page.js_errors
