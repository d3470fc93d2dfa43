"""Benchmark medwork.assist.suggest against a plain lookup `search()` per sentence, in the same run.

Prints, per note set (the demo encounters' notes, data/assist/dev_notes.jsonl, dev2_notes.jsonl, eval_notes.jsonl as
'styles', dev3_notes.jsonl, and with --held-out data/assist/heldout_notes.jsonl and heldout2_notes.jsonl as 'held-out'
and 'held-out2'):
ms per note (median, p95) for `suggest(note)` and for the peer (`search(sentence, 5)` for every sentence of
the note, the cost of a coder's "look each sentence up" baseline), their ratio, and the sets' scores (recall,
precision, CPT/HCPCS figures, negated/ruled-out/historical conditions wrongly coded). The demo notes come from
our own generator: their score is not the result; styles (eval_notes, the first held-out set) is a tuning set
from session 8 on; the held-out sets are scored only to report.
Start-up: cold (fresh process, empty assist cache: the tables are built), warm (fresh process, tables loaded
from the disk cache), each to the first suggestion. Run: python bench/assist.py [--demo N] [--held-out]
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from medwork.core import cache_dir
from medwork.lookup import search
from medwork.demo import load_encounters
from medwork.assist import ASSIST_DIR, suggest, read_answer_keys, score_notes

SENTENCE = re.compile(r'[^.\n;]+')
NON_PROCEDURES = re.compile(r'^(99\d{3}|G2211)$')   # E/M levels and the add-on: the E/M calculator's job, not the assist's

def demo_keys(n):
    "The demo encounters' notes with their gold ICD-10-CM codes and non-E/M service lines as answer keys."
    e = load_encounters().head(n)
    return [dict(id=r.encounter_id, note=r.note, icd10cm=list(r.gold['icd10cm']),
                 procedures=[l['code'] for l in r.gold['lines'] if not NON_PROCEDURES.match(l['code'])]) for r in e.itertuples()]

def timed(f, notes):
    "Milliseconds per note and the results."
    ms, out = [], []
    for n in notes:
        t = time.perf_counter(); out.append(f(n)); ms.append((time.perf_counter() - t) * 1000)
    return np.array(ms), out

def per_sentence_search(note):
    return [search(s, 5) for s in SENTENCE.findall(note) if s.strip()]

def start_up(cold: bool) -> tuple:
    "Seconds to import medwork.assist and to the first suggestion, in a fresh process (cold: no assist cache on disk)."
    env = dict(os.environ)
    tmp = None
    if cold:   # the other caches (code set, lookup index) stay: only the assist's own tables are built
        tmp = tempfile.TemporaryDirectory()
        for p in cache_dir().iterdir():
            if not p.name.startswith('assist-'): os.symlink(p, Path(tmp.name)/p.name)
        env['MEDWORK_CACHE'] = tmp.name
    code = ('import time; t = time.perf_counter(); import medwork.assist as a; t1 = time.perf_counter(); '
            'a.suggest("A/P: HTN, stable."); print(t1 - t, time.perf_counter() - t1)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, cwd=ROOT, env=env).stdout.split()
    if tmp: tmp.cleanup()
    return float(out[0]), float(out[1])

NOTE_SETS = [('dev', 'dev_notes.jsonl'), ('dev2', 'dev2_notes.jsonl'), ('styles', 'eval_notes.jsonl'), ('dev3', 'dev3_notes.jsonl'),
             ('dev4', 'dev4_notes.jsonl'), ('dev5', 'dev5_notes.jsonl'), ('dev6', 'dev6_notes.jsonl'),
             ('dev7', 'dev7_notes.jsonl'), ('dev8', 'dev8_notes.jsonl'), ('dev9', 'dev9_notes.jsonl')]
HELD_OUT = [('held-out', 'heldout_notes.jsonl'), ('held-out2', 'heldout2_notes.jsonl'),
            ('held-out3', 'heldout3_notes.jsonl'), ('held-out4', 'heldout4_notes.jsonl'),
            ('held-out5', 'heldout5_notes.jsonl')]

def note_sets(demo: int, held_out=False) -> list:
    "(name, answer keys) of the demo notes, each tuning set present, and with `held_out` the held-out sets."
    files = NOTE_SETS + (HELD_OUT if held_out else [])
    return [('demo', demo_keys(demo))] + [(name, read_answer_keys(ASSIST_DIR/f)) for name, f in files if (ASSIST_DIR/f).exists()]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--demo', type=int, default=500, help='how many demo encounters (default all 500)')
    ap.add_argument('--held-out', action='store_true', help='also time and score the held-out set (to report; engineers tuning leave it off)')
    a = ap.parse_args()
    for label, cold in (('cold', True), ('warm', False)):
        imp, first = start_up(cold)
        print(f'start-up {label}: import {imp:.2f} s, first suggestion {first:.2f} s')
    suggest('A/P: HTN, stable.'); search('warm up', 5)
    sets = note_sets(a.demo, a.held_out)
    print(f'\n{"set":<10} {"notes":>5} {"suggest ms median/p95":>22} {"search/sentence ms median/p95":>30} {"ratio":>6}')
    scores = {}
    for name, keys in sets:
        notes = [k['note'] for k in keys]
        ms, sug = timed(suggest, notes)
        ps, _ = timed(per_sentence_search, notes)
        print(f'{name:<10} {len(notes):>5} {np.median(ms):>10.1f} / {np.percentile(ms, 95):>7.1f}   {np.median(ps):>13.1f} / {np.percentile(ps, 95):>7.1f}'
              f'   {np.median(ms) / np.median(ps):>5.2f}x')
        scores[name] = score_notes(keys, sug)
    print(f'\n{"set":<10} {"recall":>7} {"precision":>9} {"proc recall":>11} {"proc prec":>9} {"wrongly coded":>13}')
    for name, s in scores.items():
        print(f'{name:<10} {s["recall"]:>7.3f} {s["precision"]:>9.3f} {s["procedure_recall"]:>11.3f} {s["procedure_precision"]:>9.3f} {s["wrongly_coded"]:>13}')

if __name__ == '__main__': main()
