"Writes audit_store_v1.sql: a findings store at audit schema version 1 (findings without em_worksheet), as medwork wrote it before version 2."
import sqlite3, sys, tempfile
from pathlib import Path
from medwork.store import Store, Component, Kind
from medwork.audit import AUDIT, ITEM, FINDING_FIELDS_V1, claim_items, new_audit, check_finding, demo_pricer, item_of
from medwork.demo import load_claim_lines, load_encounters, load_payers

V1 = Component('audit', 1, [AUDIT, ITEM, Kind('finding', FINDING_FIELDS_V1, scope='audit_id', indexes=('audit_id', 'item_id'))])

with tempfile.TemporaryDirectory() as d:
    st = Store(Path(d)/'v1.db', [V1])
    lines, encs, payers = load_claim_lines(), load_encounters(), load_payers()
    aid = new_audit(st, 'Audit made by schema version 1', claim_items(lines, encs, payers, ['SYN-C000001', 'SYN-C000002', 'SYN-C000003']),
                    'auditor.v1', 'focused', audit_id='AUD-V1TEST')
    item = item_of(st, 'AUD-V1TEST:SYN-C000001')
    f = check_finding({'finding_type': 'less_specific_dx', 'audited_dx': 'E11.22 N18.32 Z79.4', 'rationale': 'diabetic CKD documented'}, item, '1', demo_pricer())
    f.pop('em_worksheet')
    v = st.save('finding', 'AUD-V1TEST:SYN-C000001:1', f, 'auditor.v1', 0)
    f2 = check_finding({'agree': True}, item, '2', demo_pricer()); f2.pop('em_worksheet')
    st.save('finding', 'AUD-V1TEST:SYN-C000001:2', f2, 'auditor.v1', 0)
    f['rationale'] = 'diabetic CKD stage 3b documented in the assessment'
    st.save('finding', 'AUD-V1TEST:SYN-C000001:1', f, 'auditor.v2', v)
    st.close()
    with sqlite3.connect(Path(d)/'v1.db') as c: sql = '\n'.join(c.iterdump())
(Path(__file__).parent/'audit_store_v1.sql').write_text(sql + '\n')
print('wrote audit_store_v1.sql')
