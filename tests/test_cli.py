"The `medwork` command: one convention for every subcommand (exit 0 ok, 1 findings or failed checks, 2 usage or unreadable input), each code tested."
import subprocess, sys, shutil
from pathlib import Path
import pandas as pd
import pytest
from medwork.cli import main, COMMANDS, usage
from medwork.core import EXIT_CODES

DATA = Path(__file__).parent/'data'

def run(*args):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300)

def test_help_lists_commands_and_exit_codes():
    r = run('--help')
    assert r.returncode == 0
    for name in COMMANDS: assert name in r.stdout
    for code, meaning in EXIT_CODES.items(): assert f'{code}  {meaning}' in r.stdout

def test_unknown_command():
    r = run('frobnicate')
    assert r.returncode == 2 and 'unknown command' in r.stderr

def test_usage_error_is_one_line_exit_2_as_a_user_sees_it():
    r = run('sample', '--frame-size', '10', '--size', '3', '--sede', '4')
    assert r.returncode == 2 and r.stderr.strip() == 'medwork sample: unrecognized arguments: --sede 4 (see medwork sample --help)'

@pytest.fixture(scope='module')
def report(tmp_path_factory):
    "A sampling report, its frame, and a copy of the frame whose data changed."
    from medwork.sampling import Frame, Design, draw, write_report
    d = tmp_path_factory.mktemp('cli')
    df = pd.DataFrame({'line_id': range(1, 301), 'paid': [((i * 7919) % 10000) / 100 for i in range(1, 301)]})
    df['audited_paid'] = [p if i % 4 else 0 for i, p in zip(df.line_id, df.paid)]
    df.to_csv(d/'frame.csv', index=False)
    df.assign(paid=df.paid + 0.01).to_csv(d/'changed.csv', index=False)
    s = draw(Frame(df, 'line_id', 'paid'), Design(n=20), seed=7)
    write_report(s, d/'report.csv')
    (d/'altered.csv').write_text((d/'report.csv').read_text().replace('# seed: 7\n', '# seed: 8\n'))
    df[['line_id', 'audited_paid']].to_csv(d/'audited.csv', index=False)
    return d

# every subcommand, every exit code it can return: (arguments, code, what the output says)
CASES = {
    'apps': [(['--help'], 0, 'usage: medwork apps'), (['--port', 'eighty'], 2, "invalid int value: 'eighty'")],
    'code': [(['E11.22'], 0, 'E11.22'), (['X99.99'], 1, 'X99.99 is not an ICD-10-CM code'),
             (['E11.22', '--on', '2027-01-01'], 2, 'No loaded ICD-10-CM release covers'), (['diabetes'], 2, 'cannot be an ICD-10-CM code'),
             ([], 2, 'the following arguments are required: code')],
    'suggest': [([str(DATA/'notes'/'htn.txt')], 0, 'I10'), ([str(DATA/'notes'/'nothing_codable.txt')], 1, 'No codable content'),
                ([str(DATA/'x12'/'sample_837p.txt'), '--jsn'], 2, 'unrecognized arguments: --jsn'), (['{d}/none.txt'], 2, 'No such file')],
    'lookup': [(['K21.9'], 0, 'K21.9'), (['qqqzzzx'], 1, 'Nothing found'), (['reflux', '--limit', 'ten'], 2, "invalid int value: 'ten'")],
    'demo': [(['universe', '--lines', '50', '--out', '{d}/u.parquet'], 0, 'wrote 50 lines'), (['universe', '--lines', '-5', '--out', '{d}/u.parquet'], 2, 'between 1 and'),
             (['universe', '--lines', '5', '--out', '{d}/nowhere/u.parquet'], 2, 'does not exist'), (['bake'], 2, "invalid choice: 'bake'")],
    'sample': [(['--frame-size', '100', '--size', '5', '--seed', '1'], 0, 'seed: 1'), (['--verify', '{d}/report.csv', '--frame', '{d}/frame.csv'], 0, 'fingerprint matches'),
               (['--verify', '{d}/report.csv', '--frame', '{d}/changed.csv'], 1, 'frame fingerprint mismatch'),
               (['--verify', '{d}/altered.csv'], 1, 'does not give its recorded state'),
               (['--frame-size', '10', '--size', '11'], 2, 'larger than the frame N=10'), (['--verify', '{d}/none.csv'], 2, 'not found')],
    'appraise': [(['attribute', '--universe', '100', '--sample', '10', '--errors', '1'], 0, 'point estimate'),
                 (['variable', '--report', '{d}/report.csv', '--audited', '{d}/audited.csv'], 0, 'OIG'),
                 (['variable', '--report', '{d}/altered.csv', '--audited', '{d}/audited.csv'], 1, 'does not give its recorded state'),
                 (['attribute', '--universe', '10', '--sample', '20', '--errors', '1'], 2, 'larger than the universe'), (['guess'], 2, "invalid choice: 'guess'")],
    'claims': [(['check', str(DATA/'x12'/'sample_837p.txt')], 0, 'OK'), (['check', str(DATA/'x12'/'b06_bad_npi_checkdigit.txt')], 1, 'REJECTED'),
               (['check', '{d}/none.837'], 2, 'not found'), (['build', '{d}/frame.csv'], 2, 'the following arguments are required: --out')],
}

def test_every_subcommand_is_covered():
    assert set(CASES) == set(COMMANDS)
    for name, cases in CASES.items():
        if name != 'apps': assert 0 in {c for _, c, _ in cases} and 2 in {c for _, c, _ in cases}, name

@pytest.mark.parametrize('name,args,code,says', [(n, a, c, s) for n, cases in CASES.items() for a, c, s in cases],
                         ids=[f'{n}-{c}-{i}' for n, cases in CASES.items() for i, (_, c, _) in enumerate(cases)])
def test_exit_code(name, args, code, says, report, capsys):
    rc = main([name, *[a.format(d=report) for a in args]])
    out = capsys.readouterr()
    assert rc == code, (rc, out.out[-500:], out.err)
    assert says in out.out + out.err, (out.out[-500:], out.err)
    if code == 2: assert 'Traceback' not in out.err and len(out.err.strip().splitlines()) <= 1, out.err
