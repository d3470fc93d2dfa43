"`medwork remit read|post|worklist|aging|demo`, run as a user runs it: exit 0 ok, 1 findings, 2 usage or unreadable; never a traceback."
import shutil, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest
from medwork.remit import check_835

D835 = Path(__file__).parent/'data'/'835'

def run(*args):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    r = subprocess.run([exe, 'remit', *map(str, args)], capture_output=True, text=True, timeout=300)
    assert 'Traceback' not in r.stdout + r.stderr, r.stderr
    return r

def test_listed_in_medwork_help():
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    assert 'remit' in subprocess.run([exe, '--help'], capture_output=True, text=True).stdout

def test_read_good():
    r = run('read', D835/'good_demo.835', D835/'good_sample.835')
    assert r.returncode == 0 and r.stdout.count('OK: ') == 2 and 'pyx12: ok' in r.stdout

@pytest.mark.parametrize('name, says', [('unbalanced.835', 'does not balance'), ('cut.835', 'cut short'), ('unknown_clp_status.835', "claim status '9'"),
                                         ('bad_cas_group.835', "adjustment group 'CR'"), ('claim_837p.835', 'not an 835 remittance')])
def test_read_broken_is_1_with_the_reason(name, says):
    r = run('read', '--no-validate', D835/name)
    assert r.returncode == 1 and says in r.stdout

@pytest.mark.parametrize('args, says', [(('read', D835/'binary.835'), 'not a text file'), (('read', D835/'empty.835'), 'empty'),
                                        (('read', D835/'nowhere.835'), 'not found'), (('read', D835), 'folder'),
                                        (('post', D835/'binary.835'), 'not a text file')])
def test_unreadable_is_2(args, says):
    r = run(*args)
    assert r.returncode == 2 and says in r.stderr

def test_usage_errors_are_2():
    assert run().returncode == 2 and run('read').returncode == 2 and run('aging', '--basis', 'paid').returncode == 2
    assert run('--help').returncode == 0

def test_post_demo_reconciles():
    r = run('post')
    assert r.returncode == 0 and '0 unmatched' in r.stdout and 'NOT BALANCED' not in r.stdout
    n = r.stdout.split('reconciliation: ')[1].split(' checks')[0].split(' of ')
    assert n[0] == n[1]

def test_post_files_posts_the_good_and_refuses_the_bad(tmp_path):
    r = run('post', D835/'good_demo.835', D835/'unbalanced.835', '--out', tmp_path/'posted.csv')
    assert r.returncode == 1 and 'unbalanced.835: not posted' in r.stderr and 'NOT BALANCED' not in r.stdout
    assert len(pd.read_csv(tmp_path/'posted.csv')) > 0

def test_worklist_filters_and_writes_excel(tmp_path):
    r = run('worklist', '--carc', '151')
    assert r.returncode == 0 and 'N362' not in r.stdout and ' 151 ' in r.stdout and ' 97 ' not in r.stdout
    out = tmp_path/'wl.xlsx'
    r = run('worklist', '--preventable', '--out', out)
    assert r.returncode == 0 and out.exists()
    wl = pd.read_excel(out)
    assert len(wl) > 20 and wl.preventable.all()

def test_aging_prints_buckets_and_figures():
    r = run('aging', '--basis', 'submitted')
    assert r.returncode == 0
    for s in ('0-30', '120+', 'date unknown', 'denial_rate', 'first_pass_resolution_rate', 'clean_claim_rate', 'days_in_ar'): assert s in r.stdout

def test_demo_writes_files_that_pass(tmp_path):
    r = run('demo', '--out', tmp_path, '--as-of', '2026-06-30')
    assert r.returncode == 0
    files = sorted(tmp_path.glob('*.835'))
    assert len(files) > 20
    assert check_835(files[0]).ok and all(check_835(f, validate=False).ok for f in files)
    r = run('post', *files, '--as-of', '2026-06-30')
    assert r.returncode == 0 and '0 unmatched' in r.stdout

def test_post_to_your_own_coded_lines(tmp_path):
    "--lines: the remittance posts to claims assembled from the user's coded lines; remitted lines not on them are noted (exit 1)."
    lines = tmp_path/'lines.csv'
    lines.write_text('patient_id,provider_id,payer_id,dos,code,modifiers,units,icd10cm,claim_id\n'
                     'SYN-P000001,SYN-D0001,SYN-Y01,2026-04-10,99214,25,1,E11.9,PAT0001E01\n'
                     'SYN-P000001,SYN-D0001,SYN-Y01,2026-04-10,93000,,1,E11.9,PAT0001E01\n')
    r = run('post', D835/'good_sample.835', '--lines', lines, '--as-of', '2026-05-15')
    assert r.returncode == 0 and '0 unmatched, 0 notes' in r.stdout
    lines.write_text(lines.read_text().replace('93000', '93010'))
    r = run('post', D835/'good_sample.835', '--lines', lines, '--as-of', '2026-05-15')
    assert r.returncode == 1 and 'NOTE' in r.stdout and 'remitted line 93000' in r.stdout
