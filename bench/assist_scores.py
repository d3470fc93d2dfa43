"""Scores of medwork.assist.suggest per note set, with the top misses and extras: the figures a tuning step is judged by.

Sets: demo (our own generator's notes: not the result), dev (data/assist/dev_notes.jsonl: for tuning), dev2
(data/assist/dev2_notes.jsonl: a second tuning set, written without reading the engine), styles
(data/assist/eval_notes.jsonl, the first held-out set, a tuning set from session 8 on), dev3 (data/assist/dev3_notes.jsonl,
a third tuning set written blind in session 9), dev4, dev5 (session 10), dev6 (session 11), dev7 and dev8 (session 12), dev9 (session 13). The held-out sets
(data/assist/heldout_notes.jsonl, heldout2_notes.jsonl, heldout3_notes.jsonl, heldout4_notes.jsonl, heldout5_notes.jsonl, each written blind)
are scored only with --held-out,
to report, never to tune. Their misses and extras are not printed.
Run: python bench/assist_scores.py [--demo N] [--held-out] [--show K]
"""
import argparse, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT/'bench'))
from medwork.assist import ASSIST_DIR, suggest, read_answer_keys, score_notes
from assist import note_sets

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--demo', type=int, default=500, help='how many demo encounters (default all 500)')
    ap.add_argument('--held-out', action='store_true', help='also score the held-out sets (figures only)')
    ap.add_argument('--show', type=int, default=10, help='how many misses/extras to list for demo (the tuning sets list all)')
    a = ap.parse_args()
    sets = note_sets(a.demo, a.held_out)
    print(f'{"set":<10} {"notes":>5} {"recall":>7} {"precision":>9} {"proc recall":>11} {"proc prec":>9} {"wrongly coded":>13}')
    detail = []
    for name, keys in sets:
        s = score_notes(keys, [suggest(k['note']) for k in keys])
        print(f'{name:<10} {s["notes"]:>5} {s["recall"]:>7.3f} {s["precision"]:>9.3f} {s["procedure_recall"]:>11.3f} {s["procedure_precision"]:>9.3f} {s["wrongly_coded"]:>13}')
        if not name.startswith('held-out'): detail.append((name, s))
    for name, s in detail:
        if name == 'demo':
            print(f'\ndemo misses: {Counter(c for _, c in s["misses"]).most_common(a.show)}')
            print(f'demo extras: {Counter(c for _, c in s["extras"]).most_common(a.show)}')
        else:
            print(f'\n{name} misses: {s["misses"]}\n{name} extras: {s["extras"]}')

if __name__ == '__main__': main()
