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
    from medwork.store import Store, Component, Kind                   # a store that lost an event (for `medwork store check`)
    with Store(d/'gap.db', [Component('t', 1, [Kind('note', {'words': 'int'})])]) as st:
        for v in range(3): st.save('note', 'N1', {'words': v}, 'ana', v)
        with st.engine.begin() as c: c.exec_driver_sql("DELETE FROM events WHERE version = 2")
    (d/'altered.csv').write_text((d/'report.csv').read_text().replace('# seed: 7\n', '# seed: 8\n'))
    df[['line_id', 'audited_paid']].to_csv(d/'audited.csv', index=False)
    return d

# every subcommand, every exit code it can return: (arguments, code, what the output says)
CASES = {
    'apps': [(['--help'], 0, 'usage: medwork apps'), (['--port', 'eighty'], 2, "invalid int value: 'eighty'")],
    'code': [(['E11.22'], 0, 'E11.22'), (['X99.99'], 1, 'X99.99 is not an ICD-10-CM code'),
             (['E11.22', '--on', '01/01/2027'], 2, 'is not a valid date of service'), (['diabetes'], 2, 'cannot be an ICD-10-CM code'),
             ([], 2, 'the following arguments are required: code')],
    'suggest': [([str(DATA/'notes'/'htn.txt')], 0, 'I10'), ([str(DATA/'notes'/'nothing_codable.txt')], 1, 'No codable content'),
                ([str(DATA/'x12'/'sample_837p.txt'), '--jsn'], 2, 'unrecognized arguments: --jsn'), (['{d}/none.txt'], 2, 'No such file')],
    'codes': [(['releases'], 0, 'FY2026-apr'), (['history', 'X99.99'], 1, 'X99.99 is in no loaded ICD-10-CM release'),
              (['changes', 'FY2019', 'FY2026-apr'], 2, 'not a loaded ICD-10-CM release'), (['changes', 'FY2025'], 2, 'give both OLD and NEW'),
              (['history'], 2, 'the following arguments are required: code')],
    'lookup': [(['K21.9'], 0, 'K21.9'), (['qqqzzzx'], 1, 'Nothing found'), (['reflux', '--limit', 'ten'], 2, "invalid int value: 'ten'")],
    'index': [(['Failure, renal'], 0, 'acute N17.9'), (['Zzzzq'], 1, 'is not a term'), ([], 2, 'the following arguments are required')],
    'drug': [(['acetaminophen'], 0, 'T39.1X1A'), (['zzzqqq'], 1, 'is not in the Drug Table'), (['aspirin', '--intent', 'often'], 2, "invalid choice: 'often'")],
    'neoplasm': [(['liver', '--behavior', 'secondary'], 0, 'C78.7'), (['zzzqqq'], 1, 'is not in the Neoplasm Table'), ([], 2, 'the following arguments are required')],
    'demo': [(['universe', '--lines', '50', '--out', '{d}/u.parquet'], 0, 'wrote 50 lines'), (['universe', '--lines', '-5', '--out', '{d}/u.parquet'], 2, 'between 1 and'),
             (['universe', '--lines', '5', '--out', '{d}/nowhere/u.parquet'], 2, 'does not exist'), (['bake'], 2, "invalid choice: 'bake'"),
             (['universe', '--lines', '5', '--out', '{d}/u.xlsx'], 2, 'name it .parquet (Parquet, recommended) or .csv')],
    'sample': [(['--frame-size', '100', '--size', '5', '--seed', '1'], 0, 'seed: 1'), (['--verify', '{d}/report.csv', '--frame', '{d}/frame.csv'], 0, 'fingerprint matches'),
               (['--verify', '{d}/report.csv', '--frame', '{d}/changed.csv'], 1, 'frame fingerprint mismatch'),
               (['--verify', '{d}/altered.csv'], 1, 'does not give its recorded state'),
               (['--frame-size', '10', '--size', '11'], 2, 'larger than the frame N=10'), (['--verify', '{d}/none.csv'], 2, 'not found')],
    'appraise': [(['attribute', '--universe', '100', '--sample', '10', '--errors', '1'], 0, 'point estimate'),
                 (['variable', '--report', '{d}/report.csv', '--audited', '{d}/audited.csv'], 0, 'OIG'),
                 (['variable', '--report', '{d}/altered.csv', '--audited', '{d}/audited.csv'], 1, 'does not give its recorded state'),
                 (['attribute', '--universe', '10', '--sample', '20', '--errors', '1'], 2, 'larger than the universe'), (['guess'], 2, "invalid choice: 'guess'")],
    'audit': [(['--store', '{d}/audit.db', 'new', '--name', 'cli', '--claims', 'SYN-C000001', '--id', 'AUD-CLI'], 0, 'AUD-CLI'),
              (['--store', '{d}/audit.db', 'appraise', 'AUD-CLI'], 1, 'not built from a sample'),
              (['--store', '{d}/audit.db', 'show', 'AUD-NOPE'], 2, 'AUD-NOPE'), (['--store', '{d}/audit.db', 'close'], 2, "invalid choice: 'close'")],
    'dashboard': [(['--store', '{d}/audit.db', 'export', '--audit', 'AUD-CLI', '--out', '{d}/dash.html'], 0, 'counts of 1 to 10 suppressed'),
                  (['--store', '{d}/none.db', 'export', '--out', '{d}/dash.html'], 2, 'no store at'), (['serve', '--port', 'x'], 2, "invalid int value: 'x'")],
    'claims': [(['check', str(DATA/'x12'/'sample_837p.txt')], 0, 'OK'), (['check', str(DATA/'x12'/'b06_bad_npi_checkdigit.txt')], 1, 'REJECTED'),
               (['check', '{d}/none.837'], 2, 'not found'), (['build', '{d}/frame.csv'], 2, 'the following arguments are required: --out')],
    'remit': [(['read', str(DATA/'835'/'good_sample.835')], 0, 'OK: 1 payments'), (['read', str(DATA/'835'/'unbalanced.835')], 1, 'does not balance'),
              (['read', str(DATA/'835'/'binary.835')], 2, 'not a text file'), (['aging', '--basis', 'paid'], 2, "invalid choice: 'paid'")],
    'store': [(['check', '{d}/ok.db'], 0, 'integrity ok'), (['check', '{d}/gap.db'], 1, 'note N1: versions 1..3 in 2 events'),
              (['roles', '{d}/ok.db'], 2, "roles are PostgreSQL's"), (['check', 'nosuchdb://x'], 2, 'cannot open the store')],
    'train': [(['cases', '--tag', 'topic:sequela'], 0, 'SYN-E'), (['cases', str(DATA/'training'/'educator_cases.csv')], 1, '6 rejected'),
              (['cases', '{d}/none.csv'], 2, 'cannot read'), (['export', 'C1', '--format', 'pdf'], 2, "invalid choice: 'pdf'")],
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

def test_demo_universe_writes_the_format_its_suffix_names(tmp_path, capsys):
    "`demo universe --out x.csv` writes CSV (not Parquet under a .csv name); .parquet writes Parquet."
    assert main(['demo', 'universe', '--lines', '40', '--out', str(tmp_path/'u.csv')]) == 0
    assert main(['demo', 'universe', '--lines', '40', '--out', str(tmp_path/'u.parquet')]) == 0
    as_csv, as_parquet = pd.read_csv(tmp_path/'u.csv'), pd.read_parquet(tmp_path/'u.parquet')
    assert len(as_csv) == 40 and list(as_csv.columns) == list(as_parquet.columns)
    assert (tmp_path/'u.parquet').read_bytes()[:4] == b'PAR1' and (tmp_path/'u.csv').read_bytes()[:4] != b'PAR1'

def argument_help(parser):
    "(command, argument, help) for every argument of `parser` and its subcommands."
    import argparse
    rows = []
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            rows += [(f'{name} {c}', d, h) for name, p in a.choices.items() for c, d, h in argument_help(p)]
        else: rows.append(('', a.dest, a.help))
    return rows

def test_every_claims_argument_has_help():
    from medwork.billing import claims_parser
    missing = [(c, d) for c, d, h in argument_help(claims_parser()) if not h]
    assert missing == [], missing
