"The Voila gallery that `make apps` / `medwork apps` serves: lists every app, serves nothing else."
import os, signal, subprocess, sys, time, urllib.request, urllib.error
import psutil, pytest
from medwork import cli
from medwork.apps.base import app_registry, gallery_sections
from playwright.sync_api import expect
from conftest import APPS, free_port, wait_port, local_only

def app_names(): return sorted(p.stem for p in APPS.glob('*.ipynb'))

def status(url):
    try: return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e: return e.code

def test_registry_lists_every_app_and_nothing_else():
    "Every app notebook in nbs/apps/ has its line in data/gallery/apps.csv, and every line its notebook."
    listed = [a['app'] for a in app_registry()]
    assert sorted(listed) == app_names(), (sorted(listed), app_names())
    assert len(listed) == len(set(listed)), listed

def test_landing_page_is_the_front_door(voila_url, page):
    "`/` shows medwork's name, the provenance, and one card per app under its audience, each opening its app."
    page.goto(voila_url)
    expect(page.locator('h1')).to_contain_text('medwork', timeout=30_000)
    expect(page.locator('.mw-provenance')).to_contain_text('All data synthetic')
    assert 'Select items to open' not in page.content()
    for who, apps in gallery_sections():
        section = page.locator(f'section[data-audience="{who}"]')
        expect(section.locator('h2')).to_have_text(f'For the {who}')
        for a in apps:
            card = section.locator(f'a.mw-card[data-app="{a["app"]}"]')
            expect(card).to_contain_text(a['title']); expect(card).to_contain_text(a['purpose'])
            assert card.get_attribute('href').endswith(f'voila/render/{a["app"]}.ipynb')
    assert page.locator('a.mw-card').count() == len(app_names())
    assert page.locator('section[data-audience="other"]').count() == 0
    page.locator('a.mw-card[data-app="claims"]').click()
    expect(page.locator('.mw-app')).to_be_visible(timeout=90_000)       # an app page: local assets only (the page fixture)
    for css in ('all.min.css', 'v4-shims.min.css'):   # Font Awesome, served here (the lab template links it from a CDN)
        assert f'voila/static/fontawesome/css/{css}' in page.content()
        assert page.request.get(f'{voila_url}voila/static/fontawesome/css/{css}').status == 200
    assert page.request.get(f'{voila_url}voila/static/fontawesome/webfonts/fa-solid-900.woff2').status == 200

def test_gallery_serves_no_sources(voila_url):
    for name in app_names(): assert status(f'{voila_url}voila/files/{name}.ipynb') in (403, 404)
    assert status(f'{voila_url}voila/files/../01_codes.ipynb') in (403, 404)
    assert status(f'{voila_url}voila/render/../01_codes.ipynb') in (403, 404)
    assert status(f'{voila_url}api/contents') in (403, 404)

def test_gallery_listens_on_loopback_only(voila_url):
    "The server listens on 127.0.0.1 only: its listening socket, as the kernel reports it, is bound to loopback."
    port = int(voila_url.rstrip('/').rsplit(':', 1)[1])
    bound = {c.laddr.ip for c in psutil.net_connections(kind='inet') if c.status == psutil.CONN_LISTEN and c.laddr.port == port}
    assert bound == {'127.0.0.1'}, bound

def test_apps_command_serves_on_loopback_by_default(monkeypatch, capsys):
    "`medwork apps` without --ip asks Voila for 127.0.0.1, no tracebacks, no sources (the command is caught, not run)."
    seen = []
    monkeypatch.setattr(cli, 'serve', lambda cmd, **kw: seen.append(cmd) or 0)
    assert cli.apps_cli([]) == 0
    assert '--Voila.ip=127.0.0.1' in seen[0] and '--show_tracebacks=False' in seen[0] and '--strip_sources=True' in seen[0]
    assert cli.apps_cli(['--ip', '0.0.0.0']) == 0 and '--Voila.ip=0.0.0.0' in seen[1]       # only when asked

MEDWORK = 'import sys; from medwork.cli import main; sys.exit(main())'  # the `medwork` console script

def voila_children(proc):
    "The Voila servers and kernels started under `proc`."
    try: kids = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess: return []
    return [k for k in kids if 'voila' in cmdline(k) or 'ipykernel' in cmdline(k)]

def wait_gone(procs, timeout=30):
    "The processes of `procs` still alive after `timeout` seconds."
    gone, alive = psutil.wait_procs(procs, timeout=timeout)
    return alive

@pytest.mark.parametrize('sig', [signal.SIGTERM, signal.SIGINT])
def test_stopping_medwork_apps_stops_voila(sig, tmp_path):
    "SIGTERM (kill) or SIGINT (Ctrl-C) to `medwork apps` stops its Voila child: no orphan holds the port."
    port = free_port()
    with open(tmp_path/'apps.log', 'w') as log:
        proc = subprocess.Popen([sys.executable, '-c', MEDWORK, 'apps', '--port', str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        children = voila_children(proc)
        assert any('voila' in cmdline(c) for c in children), children
        proc.send_signal(sig)
        assert proc.wait(30) == 0
        assert wait_gone(children) == [], 'Voila outlived `medwork apps`'
    finally:
        if proc.poll() is None: proc.kill()
        for c in voila_children(proc): c.kill()

def cmdline(proc) -> str:
    "A process's command line ('' once it has exited: a zombie or gone)."
    try: return ' '.join(proc.cmdline())
    except (psutil.ZombieProcess, psutil.NoSuchProcess, psutil.AccessDenied): return ''

def kernels(server):
    "The running kernel processes of a Voila server."
    return [k for k in psutil.Process(server.pid).children(recursive=True) if 'ipykernel' in cmdline(k)]

def wait_for(check, timeout):
    "Poll `check()` until it is true or `timeout` seconds pass; its last value."
    end = time.monotonic() + timeout
    while not (ok := check()) and time.monotonic() < end: time.sleep(0.25)
    return ok

def test_closed_tab_kernel_is_culled(tmp_path, browser, monkeypatch):
    "With MEDWORK_CULL_IDLE=3 an open tab keeps its kernel past 3 s idle; once the tab closes, the kernel goes."
    shell = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': 'a1', 'metadata': {}, 'outputs': [],
                        'source': ["import ipywidgets as w; w.Label('kernel alive')"]}],
             'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
             'nbformat': 4, 'nbformat_minor': 5}
    (tmp_path/'tiny.ipynb').write_text(__import__('json').dumps(shell))
    monkeypatch.setenv('MEDWORK_CULL_IDLE', '3')
    port = free_port()
    with open(tmp_path/'voila.log', 'w') as log:
        server = subprocess.Popen(cli.voila_command(tmp_path, port), cwd=tmp_path, env=cli.voila_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port, server)
        ctx = browser.new_context()
        foreign = local_only(ctx)
        tab = ctx.new_page()
        tab.goto(f'http://127.0.0.1:{port}/voila/render/tiny.ipynb')
        expect(tab.get_by_text('kernel alive')).to_be_visible(timeout=60_000)
        test_kernels = kernels(server)
        assert len(test_kernels) == 1
        time.sleep(8)                                         # idle well past the timeout, tab still open
        assert all(cmdline(k) for k in test_kernels), 'the kernel of an open tab was culled'
        ctx.close()                                           # the user closes the tab
        assert wait_for(lambda: not kernels(server), 30), 'the kernel of a closed tab is still running'
        assert foreign == []
    finally: cli.stop_server(server)

def test_warm_app_kernel_waits_unculled_and_serves_the_first_visitor(tmp_path, browser, monkeypatch):
    "MEDWORK_WARM_APPS keeps one kernel rendered ahead of the first visitor (the gallery's Lookup): culling spares it; the visitor gets it."
    shell = {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': 'a1', 'metadata': {}, 'outputs': [],
                        'source': ["import ipywidgets as w; w.Label('warm kernel')"]}],
             'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
             'nbformat': 4, 'nbformat_minor': 5}
    (tmp_path/'warm.ipynb').write_text(__import__('json').dumps(shell))
    monkeypatch.setenv('MEDWORK_CULL_IDLE', '3'); monkeypatch.setenv('MEDWORK_WARM_APPS', 'warm')
    port = free_port()
    with open(tmp_path/'voila.log', 'w') as log:
        server = subprocess.Popen(cli.voila_command(tmp_path, port), cwd=tmp_path, env=cli.voila_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port, server)
        assert wait_for(lambda: 'Kernel pool of warm.ipynb is filled' in (tmp_path/'voila.log').read_text(), 90), 'no warm kernel started'
        waiting = kernels(server); assert len(waiting) == 1
        time.sleep(8)                                         # idle past the timeout with no tab: still there
        assert kernels(server) == waiting, 'the warm kernel was culled'
        ctx = browser.new_context(); foreign = local_only(ctx)
        tab = ctx.new_page(); tab.goto(f'http://127.0.0.1:{port}/voila/render/warm.ipynb')
        expect(tab.get_by_text('warm kernel')).to_be_visible(timeout=60_000)
        assert 'Using pre-heated kernel' in (tmp_path/'voila.log').read_text()
        assert wait_for(lambda: len(kernels(server)) == 2, 60), 'the pool was not refilled for the next visitor'
        ctx.close()                                           # the visitor leaves: their kernel goes, the new warm one stays
        assert wait_for(lambda: len(kernels(server)) == 1, 90) and waiting[0] not in kernels(server)   # within WarmKernels.GRACE + idle
        assert foreign == []
    finally: cli.stop_server(server)
