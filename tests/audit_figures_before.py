"""The audit figures as medwork computed them before they were kept and vectorised (commit 26a7537, medwork/audit_figures.py and
Store.current, copied unchanged): the oracle that tests/test_audit.py holds the faster path to, figure for figure, dtype for dtype."""
import json
import numpy as np, pandas as pd
import sqlalchemy as sa
from types import SimpleNamespace
from medwork.core import MedworkError
from medwork.scrub import is_em
from medwork.audit import Audit, review_progress
from medwork.appraisal import appraise_sample, LEVELS as CONF_LEVELS

def current_before(self, kind, columns=None, raw=(), **where) -> pd.DataFrame:
    "Store.current as it was."
    k = self.kind(kind); t = self.tables[kind]
    cols = [t.c.id, t.c.version, t.c.changed_by, t.c.changed_at] + [t.c[f] for f in (columns or k.fields)]
    q = sa.select(*cols).order_by(t.c.id)
    for f, v in where.items(): q = q.where(t.c[f] == v)
    with self.engine.connect() as c: df = pd.DataFrame.from_records([tuple(r) for r in c.execute(q)], columns=[col.name for col in cols])
    for f in (columns or k.fields):
        if k.fields[f] == 'json' and f not in raw: df[f] = pd.Series([json.loads(v) if isinstance(v, str) else None for v in df[f]], index=df.index, dtype=object)
    return df

def progress_before(store, audit_id) -> dict:
    "medwork.audit.progress as it was."
    return review_progress(current_before(store, 'audit_item', columns=['billed_lines'], audit_id=audit_id),
                           current_before(store, 'finding', columns=['item_id', 'line'], audit_id=audit_id))
LINE_COLUMNS = ['item_id', 'claim_id', 'provider_id', 'payer_id', 'stratum', 'selection_order', 'line', 'code_type',
                'billed_code', 'billed_modifiers', 'billed_units', 'billed_paid', 'reviewed', 'claim_reviewed', 'agree', 'finding_type',
                'audited_code', 'audited_modifiers', 'audited_units', 'audited_paid', 'unpriced', 'billed_dx', 'audited_dx']

def code_type(code) -> str:
    "'E/M', 'procedure' (CPT), or 'HCPCS' (a letter first)."
    code = str(code or '')
    return 'E/M' if is_em(code) else 'HCPCS' if code[:1].isalpha() else 'procedure'

BILLED = ['item_id', 'claim_id', 'provider_id', 'payer_id', 'stratum', 'selection_order', 'line', 'billed_code', 'billed_modifiers',
          'billed_units', 'billed_paid', 'billed_dx']

def billed_lines_frame(items: pd.DataFrame) -> pd.DataFrame:
    "One row per billed line of `items` (columns as plain lists: quicker than iterating a DataFrame)."
    out = {c: [] for c in BILLED}
    cols = zip(*(items[c].tolist() for c in ['id', 'claim_id', 'provider_id', 'payer_id', 'stratum', 'selection_order', 'diagnoses', 'billed_lines']))
    for iid, cid, prov, payer, stratum, order, dx, bl in cols:
        for l in bl:
            for c, v in zip(BILLED, (iid, cid, prov, payer, stratum, order, str(l['line_no']), l['code'], l['modifiers'], l['units'], l['paid'], dx)):
                out[c].append(v)
    return pd.DataFrame(out)

def lines_frame(items: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    "Billed lines of `items` joined with `findings`, plus the auditor's added lines: one row per line."
    f = findings[['item_id', 'line', 'agree', 'finding_type', 'audited_code', 'audited_modifiers', 'audited_units', 'audited_paid', 'unpriced', 'audited_dx']]
    m = billed_lines_frame(items).merge(f, on=['item_id', 'line'], how='outer', indicator=True)
    added = m._merge == 'right_only'
    if added.any():                                   # missed lines: nothing billed; item fields from the item
        info = items.set_index('id')
        for c in ('claim_id', 'provider_id', 'payer_id', 'stratum', 'selection_order'): m.loc[added, c] = m.loc[added, 'item_id'].map(info[c])
        m.loc[added, 'billed_code'] = ''; m.loc[added, 'billed_units'] = 0; m.loc[added, 'billed_paid'] = 0.0
        m.loc[added, 'billed_modifiers'] = pd.Series([[]] * int(added.sum()), index=m.index[added], dtype=object)
        m.loc[added, 'billed_dx'] = m.loc[added, 'item_id'].map(info['diagnoses'])
    m['reviewed'] = (m._merge != 'left_only').to_numpy()
    m['claim_reviewed'] = m.groupby('item_id', sort=False).reviewed.transform('all').to_numpy(dtype=bool)
    codes = [b or a or '' for b, a in zip(m.billed_code.tolist(), m.audited_code.tolist())]
    kinds = {c: code_type(c) for c in set(codes)}
    m['code_type'] = [kinds[c] for c in codes]
    return m[LINE_COLUMNS].sort_values(['selection_order', 'item_id', 'line']).reset_index(drop=True)

ITEM_FIELDS = ['claim_id', 'provider_id', 'payer_id', 'stratum', 'selection_order', 'diagnoses', 'billed_lines']
FINDING_FIELDS = ['item_id', 'line', 'agree', 'finding_type', 'audited_code', 'audited_modifiers', 'audited_units', 'audited_paid', 'unpriced', 'audited_dx']

def read_findings(store, audit_id) -> pd.DataFrame:
    "An audit's findings with the fields the figures use; modifier and diagnosis lists decoded only where a figure needs them."
    return current_before(store, 'finding', FINDING_FIELDS, raw=('audited_modifiers', 'audited_dx'), audit_id=audit_id)

def _list(v) -> list:
    "A list field that may still be JSON text."
    return json.loads(v) if isinstance(v, str) else (v or [])

def _same_list(billed: list, audited) -> bool:
    "Is the audited list (a list, or JSON text as the store keeps it) the billed one? Compared as text: no decoding."
    if isinstance(audited, str): return audited == '[]' if not billed else json.dumps(billed) == audited
    return list(billed or []) == list(audited or [])

def audit_lines(store, audit_id) -> pd.DataFrame:
    "The line table of one audit, from the store (only the fields the figures use are read)."
    return lines_frame(current_before(store, 'audit_item', ITEM_FIELDS, audit_id=audit_id), read_findings(store, audit_id))

def _rate(num, den): return float(num) / den if den else float('nan')

def accuracy(lines: pd.DataFrame) -> dict:
    "Line- and claim-level coding accuracy over the reviewed lines and fully reviewed claims."
    r = lines[lines.reviewed]
    claims = r[r.claim_reviewed].groupby('item_id', sort=False).agree.all()
    return {'lines_reviewed': len(r), 'lines_correct': int(r.agree.sum()), 'line_accuracy': _rate(r.agree.sum(), len(r)),
            'claims_reviewed': len(claims), 'claims_correct': int(claims.sum()), 'claim_accuracy': _rate(claims.sum(), len(claims))}

def code_type_accuracy(lines: pd.DataFrame) -> pd.DataFrame:
    "Per code type (E/M, procedure, HCPCS): lines, and the share with the right code, units and modifiers."
    r = lines[lines.reviewed].assign(code_ok=lambda d: d.billed_code == d.audited_code, units_ok=lambda d: d.billed_units == d.audited_units,
                                      mods_ok=lambda d: [_same_list(b, a) for b, a in zip(d.billed_modifiers, d.audited_modifiers)])
    g = r.groupby('code_type')
    return pd.DataFrame({'lines': g.size(), 'code_accuracy': g.code_ok.mean(), 'units_accuracy': g.units_ok.mean(),
                         'modifier_accuracy': g.mods_ok.mean()}).reindex(['E/M', 'procedure', 'HCPCS']).dropna(how='all')

def dx_accuracy(lines: pd.DataFrame) -> dict:
    "ICD-10-CM code over code on fully reviewed claims: matched ÷ audited codes, and first-listed accuracy."
    claims = lines[lines.claim_reviewed].drop_duplicates('item_id')
    if claims.empty: return {'claims': 0, 'billed_codes': 0, 'audited_codes': 0, 'matched': 0, 'dx_accuracy': float('nan'), 'first_listed_accuracy': float('nan')}
    b, a = list(claims.billed_dx), [_list(v) for v in claims.audited_dx]
    matched = sum(len(set(x) & set(y or x)) for x, y in zip(b, a)); audited = sum(len(y or x) for x, y in zip(b, a))
    first = sum(bool(x) and x[0] == (y or x)[0] for x, y in zip(b, a))
    return {'claims': len(claims), 'billed_codes': sum(map(len, b)), 'audited_codes': audited, 'matched': matched,
            'dx_accuracy': _rate(matched, audited), 'first_listed_accuracy': _rate(first, len(claims))}

# %% ../nbs/14_audit_figures.ipynb #ae22e43e
CERT_FY2025 = 0.0655

def dollars(lines: pd.DataFrame) -> dict:
    "Paid, audited, over-, under-, net and gross dollars, and the payment error rates, over reviewed priced lines."
    r = lines[lines.reviewed]
    unpriced = r.audited_paid.isna()
    p = r[~unpriced]; diff = p.billed_paid - p.audited_paid
    paid, over, under = float(p.billed_paid.sum()), float(diff.clip(lower=0).sum()), float((-diff).clip(lower=0).sum())
    return {'paid': round(paid, 2), 'audited': round(float(p.audited_paid.sum()), 2), 'overpayment': round(over, 2),
            'underpayment': round(under, 2), 'net': round(over - under, 2), 'gross': round(over + under, 2),
            'payment_error_rate': _rate(over + under, paid), 'net_error_rate': _rate(over - under, paid),
            'cert_fy2025_benchmark': CERT_FY2025, 'lines_unpriced': int(unpriced.sum())}

# %% ../nbs/14_audit_figures.ipynb #e5c19036
def provider_scorecard(lines: pd.DataFrame) -> pd.DataFrame:
    "Per provider: claims and lines reviewed, line and claim accuracy, E/M agreement, over/under/net dollars, top finding."
    r = lines[lines.reviewed].assign(ok=lambda d: d.agree.fillna(False).astype(bool), diff=lambda d: d.billed_paid - d.audited_paid)
    r = r.assign(over=r['diff'].clip(lower=0), under=(-r['diff']).clip(lower=0), em=r.code_type == 'E/M', em_ok=(r.code_type == 'E/M') & (r.billed_code == r.audited_code))
    claims = r[r.claim_reviewed].groupby(['provider_id', 'item_id']).ok.all().groupby('provider_id')
    g = r.groupby('provider_id')
    t = pd.DataFrame({'claims_reviewed': claims.size(), 'lines_reviewed': g.size(), 'line_accuracy': g.ok.mean(), 'claim_accuracy': claims.mean(),
                      'em_agreement': g.em_ok.sum() / g.em.sum().replace(0, np.nan), 'overpayment': g.over.sum().round(2),
                      'underpayment': g.under.sum().round(2)})
    t['net'] = (t.overpayment - t.underpayment).round(2)
    t['top_finding'] = r[~r.ok].groupby('provider_id').finding_type.agg(lambda s: s.value_counts().index[0])
    t['claims_reviewed'] = t.claims_reviewed.fillna(0).astype(int); t['top_finding'] = t.top_finding.fillna('')
    return t.rename_axis('provider_id').reset_index()

def finding_pareto(lines: pd.DataFrame) -> pd.DataFrame:
    "Finding types by number of findings: count, share, cumulative share, over- and underpayment dollars."
    r = lines[lines.reviewed & ~lines.agree.fillna(True).astype(bool)].copy()
    r['diff'] = r.billed_paid - r.audited_paid
    g = r.groupby('finding_type')
    t = pd.DataFrame({'findings': g.size(), 'overpayment': g['diff'].apply(lambda s: s.clip(lower=0).sum()).round(2),
                      'underpayment': g['diff'].apply(lambda s: (-s).clip(lower=0).sum()).round(2)}).sort_values('findings', ascending=False, kind='stable')
    t['share'] = t.findings / t.findings.sum(); t['cumulative_share'] = t.share.cumsum()
    return t.reset_index()

def em_crosstab(lines: pd.DataFrame) -> pd.DataFrame:
    "E/M lines reviewed: billed code (rows) against audited code (columns)."
    em = lines[lines.reviewed & lines.billed_code.map(is_em)]
    return pd.crosstab(em.billed_code, em.audited_code.replace('', '(none)'), rownames=['billed'], colnames=['audited'])

def lines_progress(lines: pd.DataFrame, findings: int) -> dict:
    "Review progress from the line table (same answer as `progress`, without reading the store again)."
    done = lines.drop_duplicates('item_id').set_index('item_id').claim_reviewed.sort_index()
    return {'items': len(done), 'reviewed': int(done.sum()), 'findings': findings, 'unreviewed_items': done.index[~done].tolist()}

def audit_figures(store, audit_id) -> dict:
    "Every figure of one audit, recomputed from the store."
    items, findings = current_before(store, 'audit_item', ITEM_FIELDS, audit_id=audit_id), read_findings(store, audit_id)
    lines = lines_frame(items, findings)
    return {'progress': lines_progress(lines, len(findings)), 'accuracy': accuracy(lines), 'code_types': code_type_accuracy(lines),
            'dx': dx_accuracy(lines), 'dollars': dollars(lines), 'providers': provider_scorecard(lines),
            'pareto': finding_pareto(lines), 'em': em_crosstab(lines), 'lines': lines}

UNREVIEWED = ('refuse', 'as_billed', 'no_documentation')

def claim_audited_amounts_before(lines: pd.DataFrame, unreviewed='refuse') -> pd.DataFrame:
    "Per claim: paid and audited paid from the findings, with unreviewed claims treated as chosen."
    if unreviewed not in UNREVIEWED: raise MedworkError(f'unreviewed: {unreviewed!r}; choose one of {", ".join(UNREVIEWED)}')
    g = lines.groupby('claim_id')
    t = pd.DataFrame({'paid': g.billed_paid.sum().round(2), 'reviewed': g.reviewed.all(),
                      'audited_paid': g.audited_paid.sum(min_count=1).round(2), 'unpriced': g.audited_paid.apply(lambda s: s.isna().sum())})
    todo = ~t.reviewed
    if todo.any() and unreviewed == 'refuse':
        raise MedworkError(f'{int(todo.sum())} of {len(t)} sampled claims are not fully reviewed ({", ".join(t.index[todo][:5])}'
                           f'{", ..." if todo.sum() > 5 else ""}): finish them, or choose how to treat them: '
                           "unreviewed='as_billed' (no overpayment) or 'no_documentation' (the whole payment is an overpayment)")
    bad = t.reviewed & (t.unpriced > 0)
    if bad.any(): raise MedworkError(f'{int(bad.sum())} claim(s) have lines that could not be priced ({", ".join(t.index[bad][:5])}): price them (a fee file) before appraising')
    t.loc[todo, 'audited_paid'] = t.loc[todo, 'paid'] if unreviewed == 'as_billed' else 0.0
    t['treated_as'] = np.where(todo, unreviewed, 'reviewed')
    return t.reset_index()


def _sample_view(rec: dict) -> SimpleNamespace:
    "What `appraise_sample` needs, rebuilt from the sample record an audit keeps."
    items = pd.DataFrame(rec['items']).rename(columns={'unit': 'claim_id', 'amount': 'paid'})
    strata = pd.DataFrame(rec['strata'])
    return SimpleNamespace(key=['claim_id'], amount='paid', items=items, strata=strata[['stratum', 'N_h']],
                           N=rec['N'], fingerprint=rec['fingerprint'], seed=rec['seed'])

def appraise_audit(store, audit_id, unreviewed='refuse', levels=CONF_LEVELS, df_rule='n-L') -> dict:
    "Appraise the overpayment of a sample audit from its findings: point estimate, limits, OIG and PIM demands, audit trail."
    au = Audit(store, audit_id); rec = au.header['sample']
    if not rec: raise MedworkError(f'audit {audit_id} was not built from a sample ({au.header["audit_type"]}); only a sample can be extrapolated')
    lines = audit_lines(store, audit_id)
    amounts = claim_audited_amounts_before(lines, unreviewed)
    view = _sample_view(rec)
    drift = view.items.merge(amounts, on='claim_id', suffixes=('_sampled', ''))
    moved = drift[(drift.paid_sampled - drift.paid).abs() > 0.005]
    if len(moved): raise MedworkError(f'{len(moved)} claim(s) were paid differently when sampled ({", ".join(moved.claim_id[:5])}): the claims changed since the sample')
    res = appraise_sample(view, amounts[['claim_id', 'audited_paid']], levels=levels, df_rule=df_rule)
    p = progress_before(store, audit_id)
    res['trail'] = {'audit': audit_id, 'name': au.header['name'], 'seed': rec['seed'], 'frame_fingerprint': rec['fingerprint'],
                    'frame_N': rec['N'], 'sample_n': len(view.items), 'design': rec['design'], 'findings': p['findings'],
                    'claims_reviewed': p['reviewed'], 'unreviewed_treated_as': unreviewed if p['reviewed'] < p['items'] else 'none unreviewed'}
    res['claims'] = amounts
    return res
