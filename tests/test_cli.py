"The `medwork` console command, run as a user runs it."
import subprocess, sys, shutil
from pathlib import Path

def run(*args):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300)

def test_help_lists_commands():
    r = run('--help')
    assert r.returncode == 0
    for name in ('apps', 'code', 'demo'): assert name in r.stdout

def test_unknown_command():
    r = run('frobnicate')
    assert r.returncode == 2 and 'unknown command' in r.stderr
