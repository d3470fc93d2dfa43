"The practice dashboard shared safely: `medwork dashboard serve` behind a token, nothing else fetchable, the store read-only, the export leaking nothing and matching the live page, readable at 1280x800."
import html as H, os, re, sqlite3, subprocess, sys, urllib.error, urllib.request
from pathlib import Path
import pytest
import sqlalchemy as sa
from conftest import free_port, wait_port
from medwork.core import MedworkError
from medwork.audit import open_audit_store
from medwork.store import role_sql, apply_roles
from medwork.dashboard import export_dashboard, hidden, audit_list, Filters
from medwork.apps.dashboard import readonly_store_with_demo, DashboardApp
from medwork.apps.audit import demo_audit_fixed

T = 180_000   # ms: the page starts its own kernel and computes every figure, on a busy machine
TOKEN = 'test-token-4f9c2a'

@pytest.fixture(scope='module')
def served(tmp_path_factory):
    "`medwork dashboard serve` over a throwaway store holding the demo audit, on a free loopback port."
    d = tmp_path_factory.mktemp('dashboard')
    db = d/'store.db'
    readonly_store_with_demo(db).close()
    port = free_port()
    env = dict(os.environ, MEDWORK_HOME=str(d))
    cmd = [sys.executable, '-c', 'from medwork.cli import main; raise SystemExit(main())', 'dashboard', '--store', str(db),
           'serve', '--port', str(port), '--token', TOKEN]
    with open(d/'serve.log', 'w') as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_port(port, proc)
        yield {'base': f'http://127.0.0.1:{port}/', 'db': db, 'dir': d, 'log': d/'serve.log'}
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw): return None

def fetch(url) -> tuple:
    "(status, body) of a GET, redirects not followed."
    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=60) as r: return r.status, r.read()
    except urllib.error.HTTPError as e: return e.code, e.read()

def test_token_printed_once_in_the_url(served):
    log = served['log'].read_text()
    assert log.count(TOKEN) == 1 and f"{served['base']}?token={TOKEN}" in log, log

def test_without_the_token_the_request_is_refused(served):
    status, body = fetch(served['base'])
    assert status in (302, 403), status
    status, _ = fetch(served['base'] + '?token=wrong')
    assert status in (302, 403), status

def test_no_file_of_data_or_the_store_over_http(served):
    root = Path(__file__).resolve().parents[1]
    names = ['data/claim_lines.csv', 'claim_lines.csv', 'data/encounters.jsonl', 'store.db', str(served['db']).lstrip('/'),
             '../data/claim_lines.csv', 'dashboard.ipynb', 'nbs/apps/dashboard.ipynb', 'settings.ini']
    prefixes = ['', 'files/', 'voila/files/', 'voila/static/', 'static/', 'api/contents/', 'tree/', 'voila/tree/']
    for p in prefixes:
        for n in names:
            status, body = fetch(f"{served['base']}{p}{n}?token={TOKEN}")
            assert not (status == 200 and (b'SQLite format 3' in body or b'SYN-P' in body or b'SYN-C' in body or b'"cells"' in body)), (p, n, status)
    assert (root/'data'/'claim_lines.csv').exists()   # the files exist: they are just not served

def test_a_write_through_the_read_only_connection_fails(served):
    st = open_audit_store(served['db'], read_only=True)
    with pytest.raises(Exception): st.save('audit', 'AUD-X', {'name': 'x'}, 'viewer')
    with pytest.raises(Exception):
        with st.engine.begin() as c: c.exec_driver_sql('DELETE FROM events')
    st.close()
    con = sqlite3.connect(f"file:{served['db']}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match='readonly'): con.execute('DELETE FROM events')
    con.close()
    assert sqlite3.connect(served['db']).execute('SELECT count(*) FROM events').fetchone()[0] > 0

def test_a_write_through_the_dashboards_postgresql_connection_fails(pg_cluster, pg_url):
    "On PostgreSQL the dashboard logs in as a reader (medwork_reader) on a read-only connection: every write fails at the server."
    with open_audit_store(pg_url) as owner:
        demo_audit_fixed(owner)
        apply_roles(owner, role_sql(owner, logins={'dash_viewer': 'reader'}))
        db = owner.engine.url.database
    app = DashboardApp.from_store(pg_cluster.url(db, 'dash_viewer'), seed=False)
    st = app.store
    assert st.read_only and st.engine.dialect.name == 'postgresql' and app.audit.value == 'AUD-DEMO'
    assert 'class="mw-chart"' in app.parts['charts'].value and app.message.value == ''
    with pytest.raises(MedworkError, match='read-only transaction'): st.save('audit', 'AUD-X', {'name': 'x'}, 'viewer')
    with st.engine.connect() as c:
        with pytest.raises(sa.exc.DBAPIError, match='read-only transaction'): c.exec_driver_sql('DELETE FROM events')
        c.rollback()
        c.exec_driver_sql('SET default_transaction_read_only = off'); c.commit()    # even so, the reader role may not write
        with pytest.raises(sa.exc.ProgrammingError, match='permission denied'): c.exec_driver_sql('DELETE FROM current_audit')
    st.close()
    with open_audit_store(pg_url, read_only=True) as ro:                         # the owner's login, opened read-only: refused too
        with pytest.raises(MedworkError, match='read-only transaction'): ro.save('audit', 'AUD-X', {'name': 'x'}, 'viewer')
    with open_audit_store(pg_url) as owner:
        assert list(audit_list(owner).audit_id) == ['AUD-DEMO'] and owner.check() == [] and owner.integrity() == 'ok'

def live_page(page, served):
    page.set_viewport_size({'width': 1280, 'height': 800})
    page.goto(f"{served['base']}?token={TOKEN}", timeout=T, wait_until="commit")
    page.wait_for_function("document.querySelectorAll('.mw-chart img').length >= 5", timeout=T)
    return page

def labels(fragment: str) -> dict:
    "The numbers a page shows: card values by key, and every table's cells by key."
    cards = {k: H.unescape(v) for k, v in re.findall(r'data-key="(\w+)"><div class="l">[^<]*</div><div class="v">([^<]*)<', fragment)}
    tables = {k: [H.unescape(v) for v in re.findall(r'<td>([^<]*)</td>', body)] for k, body in re.findall(r'<table class="mw-table" data-key="(\w+)">(.*?)</table>', fragment, re.S)}
    return {'cards': cards, 'tables': tables}

@pytest.fixture(scope='module')
def export_file(served, tmp_path_factory):
    return export_dashboard(tmp_path_factory.mktemp('export')/'report.html', url=served['db'])[0]

def chart_bars(page) -> dict:
    "How many bars each chart on the page shows (its data-bars)."
    return dict(page.eval_on_selector_all('.mw-chart', 'els => els.map(e => [e.dataset.key, +e.dataset.bars])'))

def test_dashboard_renders_with_the_token_and_fits_1280(served, page, tmp_path):
    live_page(page, served)
    text = page.inner_text('body')
    assert 'Traceback' not in text and 'Error' not in text.replace('error rate', '')
    assert page.locator('.mw-card').count() == 7 and page.locator('.mw-caption').count() == 6
    assert page.locator('.widget-dropdown select').first.input_value() != '' and 'AUD-DASH-2' in text    # the demo's latest audit
    bars = chart_bars(page)                    # every chart of the demo has data, with counts of 1 to 10 hidden
    assert sorted(bars) == ['em', 'level5', 'pareto', 'scorecards', 'scrub', 'trend'] and min(bars.values()) > 0, bars
    assert page.evaluate('document.documentElement.scrollWidth <= innerWidth'), page.evaluate('[document.documentElement.scrollWidth, innerWidth]')
    page.screenshot(path=str(tmp_path/'dashboard_1280x800.png'))
    assert page.js_errors == []

def test_export_numbers_equal_the_live_dashboard(served, page, export_file):
    live_page(page, served)
    live = labels(''.join(page.locator(f'.mw-dash-{k}').inner_html() for k in ('cards', 'tables')))
    snap = labels(export_file.read_text())
    assert live['cards'] and live['tables'] and live == snap

def test_export_leaks_no_patient_id_no_note_and_no_small_count(served, export_file):
    html = export_file.read_text()
    assert '<script' not in html and 'SYN-P' not in html and 'SYN-C' not in html and 'SYN-E' not in html
    st = open_audit_store(served['db'], read_only=True)
    notes = [n for n in st.current('audit_item', columns=['record']).record if n]
    st.close()
    assert notes and not any(n[:60] in html for n in notes)
    shown = labels(html)
    values = list(shown['cards'].values()) + [v for cells in shown['tables'].values() for v in cells]
    counts = [v for v in values if re.fullmatch(r'[\d,]+', v)]
    assert counts and not [v for v in counts if 1 <= int(v.replace(',', '')) <= 10]
    assert any(hidden(v) for v in values)               # the demo sample has small cells: they are hidden, not shown
    cards = shown['cards']
    assert not re.search(r'\b([1-9]|10) (claims|lines)\b', ' '.join(cards.values()))

def test_provider_filter_changes_the_cards_and_charts(served, page, tmp_path):
    "Picking a provider redraws the cards and charts for that provider: the numbers the export gives for the same filter."
    live_page(page, served)
    parts = lambda: ''.join(page.locator(f'.mw-dash-{k}').inner_html() for k in ('cards', 'charts', 'tables'))
    before, charts_before = parts(), page.locator('.mw-dash-charts').inner_html()
    shown = "() => ['cards', 'charts', 'tables'].map(k => document.querySelector('.mw-dash-' + k).innerHTML)"
    old = page.evaluate(shown)
    page.locator('.widget-dropdown', has_text='Provider').locator('select').select_option(label='SYN-D0003')
    page.wait_for_function(f"old => ({shown})().every((h, i) => h !== old[i])", arg=old, timeout=T)
    after = parts()
    assert after != before and page.locator('.mw-dash-charts').inner_html() != charts_before
    live = labels(after)
    assert live['cards'] != labels(before)['cards'], live['cards']
    assert {r for r in live['tables']['scorecards'] if r.startswith('SYN-D')} == {'SYN-D0003'}      # one provider's scorecard
    snap = export_dashboard(tmp_path/'provider.html', 'AUD-DASH-2', served['db'], Filters(provider='SYN-D0003'))[0]
    assert labels(snap.read_text()) == live
    assert min(chart_bars(page).values()) >= 0 and page.js_errors == []
