"The findings store: concurrent writers lose nothing, SIGKILL leaves it sound, stale edits are refused, bad input named."
import json, os, random, signal, subprocess, sys, textwrap, time
from pathlib import Path
import pytest
from medwork.core import MedworkError
from medwork.store import Store, Component, Kind, Conflict, upgrade_states

FINDING = Kind('finding', {'audit_id': 'text', 'line': 'int', 'code': 'text', 'units': 'int', 'dx': 'json'}, scope='audit_id')
COMP = [Component('test', 1, [FINDING])]

# A writer process: saves `n` findings one transaction each, printing each id once its commit returned.
WRITER = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from medwork.store import Store, Component, Kind
    FINDING = Kind('finding', {'audit_id': 'text', 'line': 'int', 'code': 'text', 'units': 'int', 'dx': 'json'}, scope='audit_id')
    url, who, first, n, batch, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    st = Store(url, [Component('test', 1, [FINDING])])
    while go != '-' and not Path(go).exists(): time.sleep(0.005)
    i = first
    while i < first + n:
        ids = [f'{who}-{j}' for j in range(i, i + batch)]
        recs = [(f, {'audit_id': 'A1', 'line': j, 'code': '99213', 'units': 1, 'dx': ['E11.9']}, 0) for j, f in zip(range(i, i + batch), ids)]
        if batch == 1: st.save('finding', recs[0][0], recs[0][1], who, 0)
        else: st.save_many('finding', recs, who)
        print(' '.join(ids), flush=True)
        i += batch
''')

def writer(url, who, first, n, batch=1, go='-'):
    return subprocess.Popen([sys.executable, '-c', WRITER, url, who, str(first), str(n), str(batch), go],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

@pytest.fixture
def url(tmp_path): return f'sqlite:///{tmp_path}/findings.db'

def test_two_processes_save_1000_findings_each_concurrently(url, tmp_path):
    Store(url, COMP).close()                                  # created once; both writers open it
    go = tmp_path/'go'
    procs = [writer(url, who, 0, 1000, go=str(go)) for who in ('ana', 'ben')]
    time.sleep(1.0); go.touch()                               # both start saving at the same moment
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    st = Store(url, COMP)
    df = st.current('finding')
    assert len(df) == 2000
    assert set(df.id) == {f'{w}-{i}' for w in ('ana', 'ben') for i in range(1000)}
    assert df.groupby('changed_by').size().to_dict() == {'ana': 1000, 'ben': 1000}
    with st.engine.connect() as c: assert c.exec_driver_sql('SELECT count(*) FROM events').scalar() == 2000
    assert st.integrity() == 'ok' and st.check() == []

@pytest.mark.parametrize('batch', [1, 25])
def test_sigkill_during_save_loop_loses_nothing_committed(url, batch):
    Store(url, COMP).close()
    committed, rng = set(), random.Random(7 + batch)
    for round_ in range(5):
        p = writer(url, 'ana', round_ * 100_000, 100_000, batch)
        first = p.stdout.readline()                           # the writer is up and has committed once (however busy the machine)
        time.sleep(rng.uniform(0.05, 0.8))                    # then it saves for a while, and is killed mid-loop
        p.send_signal(signal.SIGKILL)
        out, err = p.communicate(timeout=60)
        assert p.returncode == -signal.SIGKILL, err[-2000:]
        printed = [l.split() for l in (first + out).splitlines() if l.strip()]
        committed.update(i for ids in printed for i in ids)
        st = Store(url, COMP)
        assert st.integrity() == 'ok'
        have = set(st.current('finding').id)
        assert committed <= have, f'round {round_}: {len(committed - have)} committed findings missing'
        assert st.check() == []                               # the current table says exactly what the events say
        if batch > 1:                                         # a batch is all or nothing: whole batches only
            assert len(have) % batch == 0
        st.close()
    assert len(committed) >= 5 * batch                        # each round committed at least once before the kill

def test_conflicting_edit_refused_with_who_and_when(url):
    st = Store(url, COMP)
    v = st.save('finding', 'F1', {'audit_id': 'A1', 'line': 1, 'code': '99214', 'units': 1}, 'ana', 0)
    st.save('finding', 'F1', {'audit_id': 'A1', 'line': 1, 'code': '99213', 'units': 1}, 'ben', v)
    with pytest.raises(Conflict) as e: st.save('finding', 'F1', {'audit_id': 'A1', 'line': 1, 'code': '99215', 'units': 1}, 'ana', v)
    msg = str(e.value)
    assert 'changed by ben at 20' in msg and 'reload' in msg
    assert st.get('finding', 'F1')['code'] == '99213'         # not overwritten
    with pytest.raises(Conflict, match='changed by ben'): st.save('finding', 'F1', {'audit_id': 'A1'}, 'ana', 0)

def test_second_process_edit_of_same_finding_detected(url):
    st = Store(url, COMP)
    st.save('finding', 'F1', {'audit_id': 'A1', 'line': 1, 'code': '99214', 'units': 1}, 'ana', 0)
    code = ('import sys; from medwork.store import Store, Component, Kind\n'
            "K = Kind('finding', {'audit_id': 'text', 'line': 'int', 'code': 'text', 'units': 'int', 'dx': 'json'}, scope='audit_id')\n"
            "st = Store(sys.argv[1], [Component('test', 1, [K])]); st.save('finding', 'F1', {'audit_id': 'A1', 'code': '99212'}, 'ben', 1)")
    subprocess.run([sys.executable, '-c', code, url], check=True)
    with pytest.raises(Conflict, match='changed by ben'): st.save('finding', 'F1', {'audit_id': 'A1', 'code': '99215'}, 'ana', 1)

def test_history_and_undo(url):
    st = Store(url, COMP)
    v = st.save('finding', 'F1', {'audit_id': 'A1', 'code': '99214', 'units': 1}, 'ana', 0)
    v = st.save('finding', 'F1', {'audit_id': 'A1', 'code': '99213', 'units': 1}, 'ana', v)
    h = st.history('finding', 'F1')
    assert h.changes.iloc[-1] == {'code': ['99214', '99213']}
    v = st.undo('finding', 'F1', 'ana', v)
    assert st.get('finding', 'F1')['code'] == '99214'
    assert list(st.history('finding', 'F1').action) == ['create', 'update', 'undo']

def test_bad_inputs_named(url):
    st = Store(url, COMP)
    with pytest.raises(MedworkError, match="unknown field.*'colour'"): st.save('finding', 'F1', {'colour': 'red'}, 'ana', 0)
    with pytest.raises(MedworkError, match='actor'): st.save('finding', 'F1', {'code': '1'}, ' ', 0)
    with pytest.raises(MedworkError, match='id'): st.save('finding', '', {'code': '1'}, 'ana', 0)
    with pytest.raises(MedworkError, match="no 'claim' records"): st.current('claim')
    assert st.current('finding').empty

def test_export_import_round_trip_exact(url, tmp_path):
    st = Store(url, COMP)
    for i in range(20): st.save('finding', f'F{i}', {'audit_id': 'A1' if i < 15 else 'A2', 'line': i, 'dx': ['E11.9', 'I10']}, 'ana', 0)
    st.save('finding', 'F3', {'audit_id': 'A1', 'line': 3, 'units': 2}, 'ben', 1); st.delete('finding', 'F4', 'ben', 1)
    evs = st.export_scope('A1')
    assert len(evs) == 15 + 2 and {e['entity'] for e in evs} == {f'F{i}' for i in range(15)}
    dump = json.dumps(evs, sort_keys=True)
    other = Store(f'sqlite:///{tmp_path}/other.db', COMP)
    other.import_events(json.loads(dump))
    assert json.dumps(other.export_scope('A1'), sort_keys=True) == dump
    assert other.check() == [] and len(other.current('finding')) == 14
    with pytest.raises(MedworkError, match='already exists'): other.import_events(json.loads(dump))

def test_old_component_version_upgraded_not_reset(url):
    Store(url, COMP).save('finding', 'F1', {'audit_id': 'A1', 'code': '99213'}, 'ana', 0)
    k2 = Kind('finding', {**FINDING.fields, 'rationale': 'text'}, scope='audit_id')
    st = Store(url, [Component('test', 2, [k2], {2: upgrade_states('finding', lambda s: {**s, 'rationale': 'carried over'})})])
    assert st.get('finding', 'F1').state['rationale'] == 'carried over' and st.get('finding', 'F1')['code'] == '99213'
    with pytest.raises(MedworkError, match='newer than this medwork'): Store(url, COMP)

def test_foreign_database_refused(tmp_path):
    import sqlite3
    p = tmp_path/'other.db'
    with sqlite3.connect(p) as c: c.execute('CREATE TABLE t (x)')
    with pytest.raises(MedworkError, match='not a medwork store'): Store(p, COMP)
    with sqlite3.connect(p) as c: assert c.execute("SELECT name FROM sqlite_master").fetchall() == [('t',)]
