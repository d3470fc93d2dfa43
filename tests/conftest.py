"Shared pytest fixtures: a Voila server on a free loopback port and Debian Chromium via Playwright."
import os, socket, subprocess, sys, time
from pathlib import Path
import pytest

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
    from medwork.cli import voila_command
    port = free_port()
    log = tmp_path_factory.mktemp('voila')/'voila.log'
    with open(log, 'w') as f:
        proc = subprocess.Popen(voila_command(APPS, port), cwd=APPS, stdout=f, stderr=subprocess.STDOUT)
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

@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
    pg = ctx.new_page()
    errors = []
    pg.on('pageerror', lambda e: errors.append(str(e)))
    pg.js_errors = errors
    yield pg
    ctx.close()

def app_url(voila_url, name):
    "The URL of one app notebook in the gallery."
    return f'{voila_url}voila/render/{name}.ipynb'

def pytest_configure(config):
    config.addinivalue_line('markers', 'spark: starts a local Spark (Java 17); deselect with -m "not spark"')
    config.addinivalue_line('filterwarnings', 'ignore:PySpark does not yet fully support pandas:FutureWarning')
    config.addinivalue_line('filterwarnings', 'ignore:The copy keyword is deprecated')      # pyspark's own calls into pandas 3

@pytest.fixture(scope='session')
def spark():
    "One quiet local Spark session for the whole run (local[2], no web UI, 4 shuffle partitions), stopped at the end."
    from medwork.spark import spark_session
    s = spark_session('local[2]', shuffle_partitions=4)
    yield s
    s.stop()
