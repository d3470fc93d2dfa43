"Shared pytest fixtures: a Voila server on a free loopback port, Debian Chromium via Playwright, a throwaway PostgreSQL cluster."
import itertools, os, re, socket, subprocess, sys, time
from urllib.parse import urlsplit
from pathlib import Path
import pytest
from pgcluster import Cluster

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT/'nbs'/'apps'
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--no-first-run']

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_port(port, proc, timeout=90):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None: raise RuntimeError(f'voila exited early with {proc.returncode}')
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0: return
        time.sleep(0.05)
    raise TimeoutError(f'voila did not listen on {port} within {timeout}s')

@pytest.fixture(scope='session')
def voila_url(tmp_path_factory):
    "Serve the app gallery (`nbs/apps/`) exactly as `medwork apps` does, on a free loopback port."
    from medwork.cli import voila_command, voila_env
    port = free_port()
    log = tmp_path_factory.mktemp('voila')/'voila.log'
    with open(log, 'w') as f:
        proc = subprocess.Popen(voila_command(APPS, port), cwd=APPS, env=voila_env(), stdout=f, stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        yield f'http://127.0.0.1:{port}/'
    finally:
        proc.terminate()
        try: proc.wait(15)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()

@pytest.fixture(scope='session')
def browser():
    if not Path(CHROMIUM).exists(): pytest.fail(f'{CHROMIUM} not installed (make test installs it: apt-get install -y chromium)')
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield b
        b.close()

LOCAL_HOSTS = {'127.0.0.1', 'localhost'}

def local_only(ctx) -> list:
    "Abort every request `ctx` makes to a host other than the local server's; the list of those requests."
    foreign = []
    def check(route):
        url = urlsplit(route.request.url)
        if url.scheme in ('http', 'https', 'ws', 'wss') and url.hostname not in LOCAL_HOSTS:
            foreign.append(route.request.url); route.abort()
        else: route.continue_()
    ctx.route('**/*', check)
    return foreign

@pytest.fixture
def page(browser):
    "A fresh browser page that fails its test when it requests anything from a host other than the server's."
    ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
    foreign = local_only(ctx)
    pg = ctx.new_page()
    errors = []
    pg.on('pageerror', lambda e: errors.append(str(e)))
    pg.js_errors = errors
    yield pg
    ctx.close()
    if foreign: pytest.fail(f'the page requested {len(foreign)} asset(s) from other hosts: {sorted(set(foreign))[:5]}')

def app_url(voila_url, name):
    "The URL of one app notebook in the gallery."
    return f'{voila_url}voila/render/{name}.ipynb'


@pytest.fixture(scope='session')
def pg_cluster():
    "A throwaway PostgreSQL cluster for the whole run (initdb in a temporary folder, a Unix socket there), deleted after."
    with Cluster() as c: yield c

_db_numbers = itertools.count()

@pytest.fixture
def pg_url(pg_cluster, request):
    "A fresh PostgreSQL database for one test (dropped after): its store URL."
    name = f"t{next(_db_numbers)}_{re.sub(r'[^a-z0-9]+', '_', request.node.name.lower())[:40]}"
    yield pg_cluster.create_db(name)
    pg_cluster.drop_db(name)

@pytest.fixture(params=['sqlite', 'postgresql'])
def store_url(request, tmp_path):
    "A store URL on each backend: a SQLite file, then a fresh PostgreSQL database."
    if request.param == 'sqlite': return f'sqlite:///{tmp_path}/store.db'
    return request.getfixturevalue('pg_url')
