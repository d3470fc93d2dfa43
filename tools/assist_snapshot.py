"""Save every `suggest()` row for the tuning sets' notes, or compare them with a saved snapshot (a speed change must change no result).

Sets: the demo encounters' notes (all 500 unless --demo N), data/assist/dev_notes.jsonl, dev2_notes.jsonl,
eval_notes.jsonl ('styles') and dev3_notes.jsonl when present; never the held-out sets. Every column of every row is kept (evidence offsets, why,
confidence, query, units, modifiers).
Run: python tools/assist_snapshot.py save FILE [--demo N]; python tools/assist_snapshot.py compare FILE [--demo N]
(exit 0 identical, 1 some note differs: each differing note is printed).
"""
import argparse, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from medwork.demo import load_encounters
from medwork.assist import ASSIST_DIR, suggest, read_answer_keys

def tuning_notes(demo: int) -> dict:
    "{'set/id': note} for the demo notes and the dev, dev2, styles (and dev3, when present) sets."
    notes = {f'demo/{r.encounter_id}': r.note for r in load_encounters().head(demo).itertuples()}
    for name, file in (('dev', 'dev_notes.jsonl'), ('dev2', 'dev2_notes.jsonl'), ('styles', 'eval_notes.jsonl'), ('dev3', 'dev3_notes.jsonl')):
        if name != 'dev3' or (ASSIST_DIR/file).exists(): notes |= {f'{name}/{k["id"]}': k['note'] for k in read_answer_keys(ASSIST_DIR/file)}
    return notes

def snapshot(notes: dict) -> dict:
    "Each note's suggestions as JSON-ready rows."
    return {k: json.loads(suggest(n).to_json(orient='records')) for k, n in notes.items()}

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('action', choices=['save', 'compare'])
    ap.add_argument('file', type=Path)
    ap.add_argument('--demo', type=int, default=500)
    a = ap.parse_args(argv)
    now = snapshot(tuning_notes(a.demo))
    if a.action == 'save':
        a.file.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f'{len(now)} notes, {sum(map(len, now.values()))} suggestions saved to {a.file}')
        return 0
    before = json.loads(a.file.read_text())
    differ = [k for k in sorted(before.keys() | now.keys()) if before.get(k) != now.get(k)]
    for k in differ: print(f'{k}:\n  before {before.get(k)}\n  now    {now.get(k)}')
    print(f'{len(now)} notes, {sum(map(len, now.values()))} suggestions; {len(differ)} notes differ from {a.file}')
    return 1 if differ else 0

if __name__ == '__main__': sys.exit(main())
