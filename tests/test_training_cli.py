"`medwork train cases|grade|export`: exit codes 0/1/2 and plain messages, through the installed command."
import io, os, subprocess, sys
from pathlib import Path
import pandas as pd
import pytest

HERE = Path(__file__).parent/'data'/'training'

def medwork(*args, env=None):
    exe = Path(sys.executable).parent/'medwork'
    return subprocess.run([str(exe), 'train', *map(str, args)], capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})

def test_cases_file_reports_every_rejected_row(tmp_path):
    r = medwork('cases', HERE/'educator_cases.csv')
    assert r.returncode == 1 and 'educator_cases.csv: 8 rows in -> 2 cases accepted + 6 rejected' in r.stdout
    assert r.stdout.count('\n  row ') == 6 and 'Traceback' not in r.stderr
    good = tmp_path/'good.csv'
    good.write_text('case_id,dos,note,dx,lines\nG-1,2026-05-04,Sore throat.,J02.9,99213\n')
    r = medwork('cases', good, '--add', '--store', tmp_path/'t.db')
    assert r.returncode == 0 and 'stored 1 cases' in r.stdout
    r = medwork('cases', '--tag', 'source:educator:good.csv', '--store', tmp_path/'t.db')
    assert r.returncode == 0 and r.stdout.startswith('G-1\t')

def test_cases_unreadable_and_usage(tmp_path):
    bad = tmp_path/'bad.csv'; bad.write_bytes(bytes(range(256)))
    r = medwork('cases', bad)
    assert r.returncode == 2 and 'not a UTF-8 text file' in r.stderr and 'Traceback' not in r.stderr
    assert medwork('cases', tmp_path/'missing.csv').returncode == 2
    assert medwork('frobnicate').returncode == 2

def test_grade_answers_against_a_demo_set(tmp_path):
    ans = tmp_path/'answers.csv'
    ans.write_text('student_id,case_id,dx,lines\n'
                   'A1,SYN-E000001,"E11.22, N18.32, Z79.4","99214; G2211"\n'
                   'A1,SYN-E000002,"M25.371","99213"\n'
                   'A2,SYN-E000001,"E11.22, N18.30","99213, G2211"\n')
    (tmp_path/'set.yaml').write_text('set_id: T2\ntitle: Two\ncase_ids: [SYN-E000001, SYN-E000002]\n')
    out = tmp_path/'graded.csv'
    r = medwork('grade', tmp_path/'set.yaml', ans, '--out', out)
    assert r.returncode == 0, r.stderr
    g = pd.read_csv(out)
    assert g[['student_id', 'score']].values.tolist() == [['A1', 1.0], ['A1', 0.5], ['A2', 0.6]]
    assert '3 answers in -> 3 graded + 0 rejected' in r.stderr
    r = medwork('grade', 'DEMO-EXAM', ans)
    assert r.returncode == 1 and 'is not in set DEMO-EXAM' in r.stderr
    assert medwork('grade', 'NO-SUCH-SET', ans).returncode == 2

def test_export_demo_class(tmp_path):
    st = tmp_path/'t.db'
    assert medwork('export', 'DEMO-CLASS', '--store', st).returncode == 1        # no class yet: nothing found
    r = medwork('export', 'DEMO-CLASS', '--demo', '--store', st)
    assert r.returncode == 0
    grades = pd.read_csv(io.StringIO(r.stdout))
    assert grades.student_id.str.startswith('SYN-S').all() and len(grades) == 8 * 5
    r = medwork('export', 'DEMO-CLASS', '--format', 'xlsx', '--out', tmp_path/'g.xlsx', env={'MEDWORK_STORE_URL': f'sqlite:///{st}'})
    assert r.returncode == 0 and (tmp_path/'g.xlsx').stat().st_size > 5000
    assert medwork('export', 'DEMO-CLASS', '--format', 'xlsx', '--store', st).returncode == 2
