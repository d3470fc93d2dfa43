"A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary folder, served on a Unix socket in that folder, stopped and deleted after."
import glob, os, shutil, subprocess, tempfile, time
from pathlib import Path

def pg_bindir() -> Path:
    "The newest Debian PostgreSQL server binaries (/usr/lib/postgresql/N/bin), or $MEDWORK_PG_BINDIR."
    if os.environ.get('MEDWORK_PG_BINDIR'): return Path(os.environ['MEDWORK_PG_BINDIR'])
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/initdb'), key=lambda p: int(Path(p).parts[-3]))
    if not found: raise RuntimeError('PostgreSQL server binaries not found (make test installs them: apt-get install -y postgresql)')
    return Path(found[-1]).parent

class Cluster:
    "A private PostgreSQL cluster: superuser `medwork`, trust auth on a Unix socket only (no TCP port)."
    def __init__(self, port=5432, settings=('max_connections=300',)):
        self.bindir, self.port, self.settings = pg_bindir(), port, settings
        self.dir = Path(tempfile.mkdtemp(prefix='medwork-pg-'))       # short: a socket path must stay under 107 bytes
        self.data, self.log = self.dir/'data', self.dir/'server.log'
        self.as_user = []
        if os.geteuid() == 0:                                          # initdb refuses to run as root: run the server as `postgres`
            shutil.chown(self.dir, 'postgres'); self.as_user = ['runuser', '-u', 'postgres', '--']
        self._run('initdb', '-D', self.data, '-U', 'medwork', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N')

    def _run(self, tool, *args, check=True):
        return subprocess.run([*self.as_user, str(self.bindir/tool), *map(str, args)], capture_output=True, text=True, check=check)

    def start(self):
        opts = ' '.join([f"-c listen_addresses='' -k {self.dir} -p {self.port}"] + [f'-c {s}' for s in self.settings])
        r = self._run('pg_ctl', '-D', self.data, '-l', self.log, '-w', '-t', '120', '-o', opts, 'start', check=False)
        if r.returncode: raise RuntimeError(f'PostgreSQL did not start: {r.stderr}\n{self.server_log()[-2000:]}')
        return self

    def stop(self, mode='fast'): self._run('pg_ctl', '-D', self.data, '-m', mode, '-w', '-t', '120', 'stop', check=False)
    def restart(self): self.stop(); self.start()
    def server_log(self) -> str: return self.log.read_text() if self.log.exists() else ''

    def url(self, db='postgres', user='medwork') -> str:
        "A SQLAlchemy URL for database `db` as `user`, over the socket."
        return f'postgresql://{user}@/{db}?host={self.dir}&port={self.port}'

    def sql(self, statement, db='postgres', user='medwork') -> str:
        "Run one statement through psql (autocommit); its output."
        r = subprocess.run([str(self.bindir/'psql'), '-h', str(self.dir), '-p', str(self.port), '-U', user, '-d', db,
                            '-v', 'ON_ERROR_STOP=1', '-qAtc', statement], capture_output=True, text=True)
        if r.returncode: raise RuntimeError(r.stderr)
        return r.stdout

    def create_db(self, name) -> str:
        self.sql(f'CREATE DATABASE "{name}"'); return self.url(name)

    def drop_db(self, name): self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self):
        self.stop('immediate'); shutil.rmtree(self.dir, ignore_errors=True)
    def __enter__(self): return self.start()
    def __exit__(self, *a): self.close()
