"The Voila gallery that `make apps` / `medwork apps` serves: lists every app, serves nothing else."
import os, signal, subprocess, sys, time, urllib.request, urllib.error
import psutil, pytest
from medwork import cli
from playwright.sync_api import expect
from conftest import APPS, free_port, wait_port

def app_names(): return sorted(p.stem for p in APPS.glob('*.ipynb'))

def status(url):
    try: return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e: return e.code

def test_gallery_lists_every_app(voila_url, page):
    names = app_names()
    assert names, 'nbs/apps/ holds no app notebooks'
    page.goto(voila_url)
    for name in names: expect(page.get_by_text(f'{name}.ipynb')).to_be_visible(timeout=30_000)

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
    return [k for k in kids if 'voila' in ' '.join(k.cmdline()) or 'ipykernel' in ' '.join(k.cmdline())]

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
        assert any('voila' in ' '.join(c.cmdline()) for c in children), children
        proc.send_signal(sig)
        assert proc.wait(30) == 0
        assert wait_gone(children) == [], 'Voila outlived `medwork apps`'
    finally:
        if proc.poll() is None: proc.kill()
        for c in voila_children(proc): c.kill()
