"The findings store, on SQLite and on PostgreSQL: concurrent writers lose nothing, SIGKILL and server restarts leave it sound, stale edits are refused, bad input named, roles enforced."
import json, logging, os, random, signal, subprocess, sys, textwrap, time
from pathlib import Path
import pytest
import sqlalchemy as sa
from medwork.core import MedworkError
from medwork.store import Store, Component, Kind, Conflict, upgrade_states, make_engine, role_sql, apply_roles

FINDING = Kind('finding', {'audit_id': 'text', 'line': 'int', 'code': 'text', 'units': 'int', 'dx': 'json'}, scope='audit_id')
COMP = [Component('test', 1, [FINDING])]

# A writer process: saves `n` findings one transaction each, printing "time retried id..." once each commit returned.
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
        print(f'{time.time():.4f}', st.retried, ' '.join(ids), flush=True)
        i += batch
''')

def writer(url, who, first, n, batch=1, go='-'):
    return subprocess.Popen([sys.executable, '-c', WRITER, url, who, str(first), str(n), str(batch), go],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def committed_ids(lines) -> list:
    "The ids a writer reported committed (its lines are `time retried id...`)."
    return [i for l in lines if l.strip() for i in l.split()[2:]]

@pytest.fixture
def url(store_url): return store_url

def test_two_processes_save_1000_findings_each_concurrently(url, tmp_path):
    Store(url, COMP).close()                                  # created once; both writers open it
    go = tmp_path/'go'
    procs = [writer(url, who, 0, 1000, go=str(go)) for who in ('ana', 'ben')]
    time.sleep(1.0); go.touch()                               # both start saving at the same moment
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    times = [float(l.split()[0]) for o in outs for l in o[0].splitlines()]
    print(f'\n{url.split(":")[0]}: 2 x 1,000 saves in {max(times) - min(times):.1f} s, {2000 / (max(times) - min(times)):.0f} saves/s')
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
        committed.update(committed_ids((first + out).splitlines()))
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

def test_export_import_round_trip_exact(url, tmp_path, request):
    st = Store(url, COMP)
    for i in range(20): st.save('finding', f'F{i}', {'audit_id': 'A1' if i < 15 else 'A2', 'line': i, 'dx': ['E11.9', 'I10']}, 'ana', 0)
    st.save('finding', 'F3', {'audit_id': 'A1', 'line': 3, 'units': 2}, 'ben', 1); st.delete('finding', 'F4', 'ben', 1)
    evs = st.export_scope('A1')
    assert len(evs) == 15 + 2 and {e['entity'] for e in evs} == {f'F{i}' for i in range(15)}
    dump = json.dumps(evs, sort_keys=True)
    # to the other database (SQLite -> PostgreSQL, PostgreSQL -> SQLite) and back again: the same events, byte for byte
    other = Store(request.getfixturevalue('pg_url') if url.startswith('sqlite') else f'sqlite:///{tmp_path}/other.db', COMP)
    other.import_events(json.loads(dump))
    assert json.dumps(other.export_scope('A1'), sort_keys=True) == dump
    assert other.check() == [] and len(other.current('finding')) == 14 and other.integrity() == 'ok'
    with pytest.raises(MedworkError, match='already exists'): other.import_events(json.loads(dump))
    if url.startswith('sqlite'): back = Store(f'sqlite:///{tmp_path}/back.db', COMP)
    else: back = Store(request.getfixturevalue('pg_cluster').create_db(make_engine(url).url.database + '_back'), COMP)
    back.import_events(other.export_scope('A1'))
    assert json.dumps(back.export_scope('A1'), sort_keys=True) == dump

def test_old_component_version_upgraded_not_reset(url):
    Store(url, COMP).save('finding', 'F1', {'audit_id': 'A1', 'code': '99213'}, 'ana', 0)
    k2 = Kind('finding', {**FINDING.fields, 'rationale': 'text'}, scope='audit_id')
    st = Store(url, [Component('test', 2, [k2], {2: upgrade_states('finding', lambda s: {**s, 'rationale': 'carried over'})})])
    assert st.get('finding', 'F1').state['rationale'] == 'carried over' and st.get('finding', 'F1')['code'] == '99213'
    with pytest.raises(MedworkError, match='newer than this medwork'): Store(url, COMP)

def tables(url) -> list:
    eng = make_engine(url)
    try: return sorted(sa.inspect(eng).get_table_names())
    finally: eng.dispose()

def test_foreign_database_refused(url):
    eng = make_engine(url)
    with eng.begin() as c: c.exec_driver_sql('CREATE TABLE t (x integer)')
    eng.dispose()
    with pytest.raises(MedworkError, match='not a medwork store'): Store(url, COMP)
    assert tables(url) == ['t']

# Opening a new store (or upgrading an old one) from several processes at the same moment: each waits its turn.
OPENER = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from medwork.store import Store, Component, Kind, upgrade_states
    url, version, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    fields = {'audit_id': 'text', 'line': 'int', 'code': 'text', 'units': 'int', 'dx': 'json'}
    if version == 2: fields['rationale'] = 'text'
    k = Kind('finding', fields, scope='audit_id')
    while not go.exists(): time.sleep(0.002)
    st = Store(url, [Component('test', version, [k], {2: upgrade_states('finding', lambda s: {**s, 'rationale': 'carried'})})])
    st.save('finding', f'F-{version}-{sys.argv[4]}', {'audit_id': 'A1'}, 'ana', 0)
''')

def test_concurrent_create_and_upgrade(url, tmp_path):
    for version in (1, 2):
        go = tmp_path/f'go{version}'
        procs = [subprocess.Popen([sys.executable, '-c', OPENER, url, str(version), str(go), str(i)], stderr=subprocess.PIPE, text=True) for i in range(3)]
        time.sleep(1.0); go.touch()
        errs = [p.communicate(timeout=300)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], [e[-1500:] for e in errs]
    eng = make_engine(url)
    with eng.connect() as c:
        assert c.exec_driver_sql("SELECT version, note FROM schema_versions WHERE component = 'test'").all() == [(2, 'upgraded from version 1')]
    eng.dispose()
    st = Store(url, [Component('test', 2, [Kind('finding', {**FINDING.fields, 'rationale': 'text'}, scope='audit_id')])])
    df = st.current('finding')
    assert len(df) == 6 and set(df[df.id.str.startswith('F-1-')].rationale) == {'carried'} and st.check() == [] and st.integrity() == 'ok'

def test_read_only_store_refuses_writes_at_the_database(url):
    Store(url, COMP).save('finding', 'F1', {'audit_id': 'A1', 'code': '99213'}, 'ana', 0)
    ro = Store(url, COMP, read_only=True)
    assert ro.get('finding', 'F1')['code'] == '99213' and len(ro.current('finding')) == 1
    refusal = 'readonly database' if url.startswith('sqlite') else 'read-only transaction'
    with pytest.raises(MedworkError, match=f'open read-only.*{refusal}'): ro.save('finding', 'F2', {'audit_id': 'A1'}, 'ana', 0)
    with pytest.raises(MedworkError, match=refusal): ro.delete('finding', 'F1', 'ana', 1)
    with ro.engine.connect() as c, pytest.raises(sa.exc.DBAPIError, match=refusal): c.exec_driver_sql("DELETE FROM events")
    assert ro.retried == 0 and len(Store(url, COMP).history('finding', 'F1')) == 1
    with pytest.raises(MedworkError, match='schema version 1, this medwork reads version 2.*open it read-write'):
        Store(url, [Component('test', 2, [FINDING])], read_only=True)

# PostgreSQL only: roles, a server restart during a save loop, a server away longer than the retry limit.

def test_roles_auditor_writes_dashboard_reads_only(pg_cluster, pg_url):
    owner = Store(pg_url, COMP)
    owner.save('finding', 'F1', {'audit_id': 'A1', 'code': '99213'}, 'ana', 0)
    sql = role_sql(owner, logins={'ana': 'auditor', 'dash': 'reader'})
    assert any('GRANT SELECT, INSERT ON "events"' in s for s in sql) and not any('UPDATE' in s and '"events"' in s for s in sql)
    apply_roles(owner, sql); apply_roles(owner, sql)                      # applying twice changes nothing
    db = owner.engine.url.database
    ana = Store(pg_cluster.url(db, 'ana'), COMP)
    v = ana.save('finding', 'F1', {'audit_id': 'A1', 'code': '99214'}, 'ana', 1)
    ana.save('finding', 'F2', {'audit_id': 'A1', 'code': '99212'}, 'ana', 0); ana.undo('finding', 'F1', 'ana', v)
    with ana.engine.begin() as c, pytest.raises(sa.exc.ProgrammingError, match='permission denied'):
        c.exec_driver_sql("UPDATE events SET actor = 'someone else'")      # the event log is append-only for auditors
    dash = Store(pg_cluster.url(db, 'dash'), COMP, read_only=True)
    assert len(dash.current('finding')) == 2
    with pytest.raises(MedworkError, match='read-only transaction'): dash.save('finding', 'F3', {'audit_id': 'A1'}, 'dash', 0)
    with dash.engine.connect() as c:                                       # even with read-only switched off, the role may not write
        assert c.exec_driver_sql('SHOW default_transaction_read_only').scalar() == 'on'
        c.exec_driver_sql('SET default_transaction_read_only = off'); c.commit()
        with pytest.raises(sa.exc.ProgrammingError, match='permission denied'): c.exec_driver_sql("DELETE FROM current_finding")
    assert pg_cluster.sql('SHOW default_transaction_read_only', db, 'dash').strip() == 'on'   # set on the login role itself
    rw = Store(pg_cluster.url(db, 'dash'), COMP)                            # opened without read_only, the login role still refuses
    with pytest.raises(sa.exc.DBAPIError, match='read-only transaction'): rw.save('finding', 'F3', {'audit_id': 'A1'}, 'dash', 0)
    assert owner.check() == [] and owner.integrity() == 'ok'

def test_server_restart_during_save_loop(pg_cluster, pg_url):
    Store(pg_url, COMP).close()
    p = writer(pg_url, 'ana', 0, 600)
    lines = [p.stdout.readline() for _ in range(50)]                       # 50 saves committed, then the server restarts under it
    t0 = time.time(); pg_cluster.restart(); restart_s = time.time() - t0
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err[-2000:]
    lines += out.splitlines()
    ids, times = committed_ids(lines), [float(l.split()[0]) for l in lines]
    retried = int(lines[-1].split()[1])
    st = Store(pg_url, COMP)
    assert set(st.current('finding').id) == set(ids) == {f'ana-{i}' for i in range(600)}      # every save landed exactly once
    assert st.check() == [] and st.integrity() == 'ok'
    gap = max(b - a for a, b in zip(times, times[1:]))
    if retried: assert 'trying again' in err                               # a failed try is reported, never silent
    print(f'\nrestart: pg_ctl restart {restart_s:.2f} s; longest gap between commits {gap:.2f} s; saves retried {retried}')

def test_server_away_longer_than_the_limit_is_reported_not_lost(pg_cluster, pg_url, caplog):
    st = Store(pg_url, COMP, retry_seconds=1.0)
    st.save('finding', 'F1', {'audit_id': 'A1'}, 'ana', 0)
    pg_cluster.stop()
    try:
        with caplog.at_level(logging.WARNING, 'medwork.store'), pytest.raises(MedworkError, match='F2 was NOT saved.*save it again'):
            st.save('finding', 'F2', {'audit_id': 'A1'}, 'ana', 0)
    finally: pg_cluster.start()
    assert st.retried >= 2 and 'trying again' in caplog.text and 'NOT saved' in caplog.text
    assert st.get('finding', 'F2') is None                                 # not half there
    assert st.save('finding', 'F2', {'audit_id': 'A1'}, 'ana', 0) == 1      # saved again once the server is back

def test_stamp_moves_when_a_lower_seq_commits_after_a_higher_one(pg_url):
    "PostgreSQL hands out seq when an event is written, and commits in any order: a stamp of the last seq alone would miss the late one, the count does not."
    st = Store(pg_url, COMP)
    count = lambda: len(st.current('finding', ['line'], audit_id='A1'))
    with st.engine.connect() as slow:
        tx = slow.begin()
        slow.execute(st.events.insert().values(kind='finding', entity='F1', version=1, action='create', actor='ana', at='t', scope='A1',
                                                state='{}', changes='{}'))                     # takes the lower seq, not committed yet
        st.save('finding', 'F2', {'audit_id': 'A1', 'line': 1, 'code': '99213', 'units': 1, 'dx': []}, 'ben', 0)     # the higher seq, committed
        seen, last = st.stamp('A1'), st.derived('findings', 'A1', count)
        slow.execute(st.tables['finding'].insert().values(id='F1', version=1, changed_by='ana', changed_at='t', audit_id='A1', line=2))
        tx.commit()
    assert st.stamp('A1')[1] == seen[1] and st.stamp('A1') != seen                      # the same last seq, one more event
    assert (last, st.derived('findings', 'A1', count)) == (1, 2)
