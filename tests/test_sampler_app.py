"Sampler app: state-level checks (no front end) and a browser test through Voila."
import io, base64, re, datetime as dt
import pandas as pd
import pytest
from playwright.sync_api import expect
from conftest import app_url
from medwork.apps.sampler import SamplerApp, demo_universe
from medwork.sampling import Design, draw, frame_from_file, read_report

SEED, N = '20261128', 60

def expected_sample(**kw):
    d = Design('stratified', n=N, spares=5, strata_by='amount', n_strata=3, allocation='proportional', **kw)
    return draw(frame_from_file(demo_universe(), 'line_id', 'paid', engine='pandas'), d, seed=int(SEED))

def test_app_draws_what_medwork_sampling_draws():
    app = SamplerApp.from_demo()
    app.seed.value, app.n.value = SEED, N
    app.draw_sample()
    assert app.sample.items.line_id.tolist() == expected_sample().items.line_id.tolist()

def test_app_upload_csv_with_bad_rows_and_report_download(tmp_path):
    app = SamplerApp()
    df = pd.DataFrame({'claim_line': [f'L{i:03d}' for i in range(1, 201)], 'paid': [f'{i*1.5:.2f}' for i in range(1, 201)],
                       'audited': [i*1.5 if i % 4 else 0 for i in range(1, 201)]})
    df.loc[3, 'paid'] = 'n/a'; df.loc[7, 'claim_line'] = 'L001'
    app.upload.value = ({'name': 'mine.csv', 'type': 'text/csv', 'size': 0, 'content': memoryview(df.to_csv(index=False).encode()),
                         'last_modified': dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)},)
    app.key_in.value = 'claim_line'; app.build_frame()
    assert app.frame.N == 197 and len(app.frame.excluded) == 3          # 'n/a' + both rows of L001
    assert 'missing amount paid' in app.frame_out.value and 'duplicate key claim_line=L001' in app.frame_out.value   # 'n/a' reads as missing, as in pandas
    app.kind.value = 'unrestricted'; app.n.value = 30; app.seed.value = '5'; app.draw_sample()
    assert app.sample.n == 30
    # the Excel report behind the download button regenerates the sample
    href = re.search(r'download="[^"]+report.xlsx" href="data:[^;]+;base64,([^"]+)"', app.downloads.value).group(1)
    (tmp_path/'r.xlsx').write_bytes(base64.b64decode(href))
    assert read_report(tmp_path/'r.xlsx')['items'].query("role == 'sample'").item.tolist() == app.sample.items.item.tolist()
    # appraisal from an uploaded audited file
    app.aud_col.value = 'audited'
    app.aud_upload.value = ({'name': 'aud.csv', 'type': 'text/csv', 'size': 0, 'last_modified': dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                             'content': memoryview(df[['claim_line', 'audited']].drop_duplicates('claim_line', keep=False).to_csv(index=False).encode())},)
    assert app.result is not None and 'OIG: lower limit of the two-sided 90% interval' in app.appraisal_out.value

def test_app_errors_are_plain_messages():
    app = SamplerApp.from_demo()
    app.n.value = 10**7; app.safe(app.draw_sample)()
    assert 'larger than the frame' in app.message.value
    app.n.value, app.boundaries.value = 30, '10, 5'; app.safe(app.preview)()
    assert 'strictly increasing' in app.message.value

def test_browser_stratified_sample_from_demo_universe(voila_url, page):
    page.goto(app_url(voila_url, 'sampler'))
    expect(page.get_by_text('Frame ready').first).to_be_visible(timeout=120_000)
    page.get_by_role('tab', name='2 Design and draw').click()
    page.locator('.widget-dropdown', has_text='Design').locator('select').select_option('stratified')
    page.locator('.widget-dropdown', has_text='Strata by').locator('select').select_option('amount')
    seed = page.locator('.widget-text', has_text='Seed').locator('input'); seed.fill(SEED); seed.press('Enter')
    n = page.locator('.widget-text', has_text='Sample size').locator('input'); n.fill(str(N)); n.press('Enter')
    page.get_by_role('button', name='Draw sample').click()
    table = page.locator('table.mw-sample')
    expect(table).to_be_visible(timeout=60_000)
    header = [h.strip() for h in table.locator('thead th').all_inner_texts()]
    rows = table.locator('tbody tr')
    shown = [rows.nth(i).locator('td').nth(header.index('line_id')).inner_text().strip() for i in range(10)]
    strata = [rows.nth(i).locator('td').nth(header.index('stratum')).inner_text().strip() for i in range(10)]
    exp = expected_sample().items.head(10)
    assert shown == [str(x) for x in exp.line_id] and strata == [str(x) for x in exp.stratum]
    expect(page.locator('a.mw-download')).to_have_count(3)
    assert page.locator('a.mw-download').first.get_attribute('href').startswith('data:text/csv;base64,')
    page.get_by_role('tab', name='3 Appraisal').click()
    page.get_by_role('button', name="Use the demo's audited values").click()
    expect(page.get_by_text('OIG: lower limit of the two-sided 90% interval')).to_be_visible(timeout=60_000)
    expect(page.get_by_text('CMS PIM ch. 8: lower limit of the one-sided 90% interval')).to_be_visible()
    assert not page.js_errors

# ---- issue 4 audit: bad input in the app gives a plain message, never a traceback ----
import html as _html
from pathlib import Path

def put(widget, name, data: bytes):
    "Fill a FileUpload as the browser does."
    widget.value = ({'name': name, 'type': '', 'size': len(data), 'content': memoryview(data),
                     'last_modified': dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)},)

def status(app): return _html.unescape(app.message.value)

@pytest.fixture(scope='module')
def demo_app():
    return SamplerApp.from_demo()

@pytest.mark.parametrize('setup,message', [
    (dict(seed='0'), 'seed 0 is out of range'),
    (dict(seed='-5'), 'seed -5 is out of range'),
    (dict(seed='1.5'), "seed '1.5' is not a whole number"),
    (dict(seed='1000000000000'), 'seed 1000000000000 is out of range'),
    (dict(seed='twelve'), "seed 'twelve' is not a whole number"),
    (dict(n=0), 'sample size n 0 must be at least 1'),
    (dict(kind='unrestricted', n=10**7), 'is larger than the frame'),
    (dict(kind='unrestricted', n=18_999, spares=5), 'plus 5 spares needs 19,004 distinct items'),   # N = 19,000: 1,000 lines paid $0 are left out
    (dict(boundaries='500, 100'), 'must be finite and strictly increasing'),
    (dict(boundaries='100, 1000000'), 'has no items'),
    (dict(strata_by='billed'), "use strata_by='amount'"),
    (dict(allocation='fixed', fixed='10, x, 5'), "fixed size 'x' is not a whole number"),
    (dict(n_strata=1), 'number of strata 1 must be at least 2'),
])
def test_app_design_mistakes_are_messages(demo_app, setup, message):
    app = demo_app
    app.kind.value, app.strata_by.value, app.n.value, app.spares.value, app.seed.value = 'stratified', 'amount', 30, 2, '7'
    app.boundaries.value, app.allocation.value, app.fixed.value, app.n_strata.value = '', 'proportional', '', 3
    for k, v in setup.items(): getattr(app, k).value = v
    app.sample = None
    app.safe(app.draw_sample)()
    assert message in status(app) and 'Traceback' not in status(app) and app.sample is None

def test_app_file_mistakes_are_messages(tmp_path):
    app = SamplerApp()
    put(app.upload, 'empty.csv', b'')
    assert 'empty.csv is empty' in status(app)
    put(app.upload, 'noamount.csv', b'line_id,charge\n1,2\n')
    assert 'column(s) paid not found; the file has: line_id, charge' in status(app)
    put(app.upload, 'allbad.csv', b'line_id,paid\n1,x\n2,\n')
    assert 'Frame ready' in app.frame_out.value and 'is not a number' in app.frame_out.value and 'missing amount paid' in app.frame_out.value
    app.safe(app.draw_sample)()
    assert 'has no items (N = 0): all 2 rows were excluded' in status(app)
    put(app.upload, 'notes.txt', b'hello')
    assert 'upload a .csv or .parquet file' in status(app)

def test_app_audited_file_mistakes_and_report_check(demo_app, tmp_path):
    app = demo_app
    app.kind.value, app.strata_by.value, app.n.value, app.spares.value, app.seed.value = 'stratified', 'amount', 30, 1, '2026'
    app.boundaries.value, app.allocation.value, app.fixed.value, app.n_strata.value = '', 'proportional', '', 3
    app.draw_sample()
    put(app.aud_upload, 'empty.csv', b'')
    assert 'empty.csv is empty' in status(app)
    put(app.aud_upload, 'aud.csv', app.sample.items[['line_id']].to_csv(index=False).encode())
    assert 'the audited file needs column(s) audited_paid' in status(app)
    part = app.sample.items[['line_id', 'audited_paid']].iloc[:-1]
    put(app.aud_upload, 'aud.csv', part.to_csv(index=False).encode())
    assert '1 sampled line(s) have no audited amount' in status(app)
    # the sampling report: verified against the demo frame, refused by a changed frame
    from medwork.sampling import write_report
    data = write_report(app.sample, tmp_path/'r.xlsx').read_bytes()
    put(app.report_upload, 'r.xlsx', data)
    assert 'verified' in app.verify_out.value
    changed = pd.read_parquet(demo_universe()); changed.loc[5, 'paid'] += 0.01; changed.to_parquet(tmp_path/'changed.parquet')
    other = SamplerApp(); put(other.upload, 'changed.parquet', (tmp_path/'changed.parquet').read_bytes())
    put(other.report_upload, 'r.xlsx', data)
    assert 'frame fingerprint mismatch' in status(other) and 'does NOT match' in other.verify_out.value

def test_browser_bad_seed_shows_a_message_not_a_traceback(voila_url, page):
    page.goto(app_url(voila_url, 'sampler'))
    expect(page.get_by_text('Frame ready').first).to_be_visible(timeout=120_000)
    page.get_by_role('tab', name='2 Design and draw').click()
    seed = page.locator('.widget-text', has_text='Seed').locator('input'); seed.fill('0'); seed.press('Enter')
    page.get_by_role('button', name='Draw sample').click()
    expect(page.locator('.mw-message')).to_contain_text('seed 0 is out of range', timeout=60_000)
    page.locator('.widget-dropdown', has_text='Strata by').locator('select').select_option('billed')
    seed.fill('12345'); seed.press('Enter')
    page.get_by_role('button', name='Draw sample').click()
    expect(page.locator('.mw-message')).to_contain_text("use strata_by='amount'", timeout=60_000)
    assert 'Traceback' not in page.content() and page.locator('table.mw-sample').count() == 0

def test_browser_preview_sizes_limits_in_words_spares_and_a_negative_demand(voila_url, page, tmp_path):
    "The preview gives each stratum's sample size; the limits table is in words, dollars, percents; spares are named; a negative demand is explained."
    page.goto(app_url(voila_url, 'sampler'))
    expect(page.get_by_text('Frame ready').first).to_be_visible(timeout=120_000)
    page.get_by_role('tab', name='2 Design and draw').click()
    seed = page.locator('.widget-text', has_text='Seed').locator('input'); seed.fill(SEED); seed.press('Enter')
    n = page.locator('.widget-text', has_text='Sample size').locator('input'); n.fill(str(N)); n.press('Enter')
    page.get_by_role('button', name='Preview strata').click()
    strata = page.locator('table.mw-strata')
    expect(strata).to_contain_text('Sample size', timeout=60_000)
    exp = expected_sample().strata
    sizes = [int(r.locator('td').nth(4).inner_text()) for r in strata.locator('tbody tr').all()]
    assert sizes == exp.n_h.tolist(), (sizes, exp.n_h.tolist())
    page.get_by_role('button', name='Draw sample').click()
    expect(page.locator('table.mw-sample')).to_be_visible(timeout=60_000)
    page.get_by_role('tab', name='3 Appraisal').click()
    page.get_by_role('button', name="Use the demo's audited values").click()
    limits = page.locator('table.mw-limits')
    expect(limits).to_be_visible(timeout=60_000)
    heads = limits.locator('th').all_inner_texts()
    assert heads == ['Confidence (two-sided)', 'Quantile (t or z)', 'Lower limit', 'Upper limit', 'Precision ($)', 'Precision (% of estimate)'], heads
    first = limits.locator('tbody tr').first.locator('td').all_inner_texts()
    assert first[2].startswith('$') and first[5].endswith('%') and re.fullmatch(r'\d\.\d{4}', first[1]), first
    expect(page.get_by_text("are the sample's spares")).to_be_visible()
    # a universe where 1 line in 40 is overpaid: a sample of 30 supports no demand at 90%
    sparse = pd.DataFrame({'line_id': range(1, 3001), 'paid': 100.0})
    sparse['audited_paid'] = sparse.paid.where(sparse.line_id % 40 != 0, 0.0)
    sparse.to_csv(tmp_path/'sparse.csv', index=False)
    page.get_by_role('tab', name='1 Frame').click()
    with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Your CSV/Parquet').click()
    fc.value.set_files(str(tmp_path/'sparse.csv'))
    expect(page.get_by_text('N = 3,000 items').first).to_be_visible(timeout=60_000)
    page.get_by_role('tab', name='2 Design and draw').click()
    page.locator('.widget-dropdown', has_text='Design').locator('select').select_option('unrestricted')
    for label, value in (('Sample size', '30'), ('Spares/stratum', '0'), ('Seed', '12')):
        box = page.locator('.widget-text', has_text=label).locator('input'); box.fill(value); box.press('Enter')
    page.get_by_role('button', name='Draw sample').click()
    expect(page.locator('.mw-message')).to_contain_text('Sample of 30 drawn with seed 12', timeout=60_000)
    page.get_by_role('tab', name='3 Appraisal').click()
    page.get_by_role('button', name="Use the demo's audited values").click()
    note = page.locator('.mw-demand-note').first
    expect(note).to_contain_text('does not support any extrapolated overpayment', timeout=60_000)
    expect(note).to_contain_text('OIG practice')
    assert 'Traceback' not in page.content() and not page.js_errors
