BEGIN TRANSACTION;
CREATE TABLE current_audit (
	id VARCHAR(200) NOT NULL, 
	version INTEGER NOT NULL, 
	changed_by TEXT NOT NULL, 
	changed_at TEXT NOT NULL, 
	name TEXT, 
	audit_type TEXT, 
	unit TEXT, 
	scope TEXT, 
	status TEXT, 
	auditors TEXT, 
	created_at TEXT, 
	closed_at TEXT, 
	sample TEXT, 
	seed TEXT, 
	fingerprint TEXT, 
	source TEXT, 
	notes TEXT, 
	audit_id TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "current_audit" VALUES('AUD-V1TEST',1,'auditor.v1','2026-12-07T02:27:13.999263+00:00','Audit made by schema version 1','focused','claim','{}','open','["auditor.v1"]','2026-12-07T02:27:13+00:00',NULL,NULL,NULL,NULL,'','','AUD-V1TEST');
CREATE TABLE current_audit_item (
	id VARCHAR(200) NOT NULL, 
	version INTEGER NOT NULL, 
	changed_by TEXT NOT NULL, 
	changed_at TEXT NOT NULL, 
	audit_id TEXT, 
	claim_id TEXT, 
	encounter_id TEXT, 
	provider_id TEXT, 
	patient_id TEXT, 
	payer_id TEXT, 
	payer_type TEXT, 
	patient_type TEXT, 
	dos TEXT, 
	stratum INTEGER, 
	selection_order INTEGER, 
	paid FLOAT, 
	diagnoses TEXT, 
	billed_lines TEXT, 
	record TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "current_audit_item" VALUES('AUD-V1TEST:SYN-C000001',1,'auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','SYN-C000001','SYN-E000001','SYN-D0005','SYN-P000004','SYN-Y01','Medicare','established','2026-04-01',1,1,116.16,'["E11.8", "N18.32", "Z79.4"]','[{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2, 3], "line_no": 1, "modifiers": [], "paid": 103.28, "units": 1}, {"charge": 35.42, "code": "G2211", "dx_pointers": [1, 2, 3], "line_no": 2, "modifiers": [], "paid": 12.88, "units": 1}]','S: 68-year-old man, established patient, seen for type 2 diabetes with diabetic chronic kidney disease stage 3b. eGFR now 38, down from 44 last spring. Denies fever, chest pain or weight loss. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives with family. Never smoker.
O: BP 156/93, HR 72, T 99.1 F, RR 18, SpO2 99%, BMI 27.0. Mild bilateral pitting edema.
A/P:
1. Type 2 diabetes with diabetic chronic kidney disease stage 3b (not at goal, worsening): Nephrology input requested; insulin adjusted for declining clearance.
Ordered: urine albumin.
Total time on the date of the encounter: 31 minutes, including record review, examination, counseling and documentation.
Follow up as needed.
Plan reviewed; the patient verbalized understanding.
Return precautions given for worsening symptoms.');
INSERT INTO "current_audit_item" VALUES('AUD-V1TEST:SYN-C000002',1,'auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','SYN-C000002','SYN-E000002','SYN-D0012','SYN-P000139','SYN-Y04','Commercial','established','2026-04-01',1,2,146.63,'["M25.371", "S93.401S"]','[{"charge": 201.08, "code": "99213", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 105.11, "units": 1}, {"charge": 79.42, "code": "73610", "dx_pointers": [1], "line_no": 2, "modifiers": ["RT"], "paid": 41.52, "units": 1}]','S: 62-year-old woman, established patient, seen for chronic instability of the right ankle, a sequela of an old sprain. Right ankle gives way on uneven ground since a bad sprain two years ago. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: penicillin (rash). Lives with family. Never smoker.
O: BP 114/74, HR 74, T 99.1 F, RR 12, SpO2 96%, BMI 22.0. Positive anterior drawer on the right; no acute swelling. In office: ankle x-ray performed; results reviewed with the patient.
A/P:
1. Chronic instability of the right ankle, a sequela of an old sprain (stable, at goal): Lace-up brace for sport; peroneal strengthening with physical therapy.
Total time on the date of the encounter: 26 minutes, including record review, examination, counseling and documentation.
Follow up in 3 months.
Plan reviewed; the patient verbalized understanding.
Return precautions given for worsening symptoms.');
INSERT INTO "current_audit_item" VALUES('AUD-V1TEST:SYN-C000003',1,'auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','SYN-C000003','SYN-E000003','SYN-D0003','SYN-P000112','SYN-Y06','Commercial','established','2026-04-02',1,3,158.52,'["J01.00", "M10.9"]','[{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 154.92, "units": 1}, {"charge": 6.6, "code": "36415", "dx_pointers": [2], "line_no": 2, "modifiers": [], "paid": 3.6, "units": 1}]','S: 33-year-old man, established patient, seen for acute maxillary sinusitis and gout. Left cheek pain and upper tooth ache with congestion. No flares since starting allopurinol. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives alone; independent in daily activities. Never smoker.
O: BP 137/73, HR 71, T 97.8 F, RR 17, SpO2 95%, BMI 23.9. Left maxillary tenderness. No tophi; toe without swelling today.
A/P:
1. Acute maxillary sinusitis (new, uncomplicated): Doxycycline for 7 days.
2. Gout (stable, at goal): Allopurinol continued; uric acid goal reviewed.
Ordered: comprehensive metabolic panel.
Return in 4 to 6 weeks.
Questions answered; the patient agrees with the plan.
Return precautions given for worsening symptoms.');
CREATE TABLE current_finding (
	id VARCHAR(200) NOT NULL, 
	version INTEGER NOT NULL, 
	changed_by TEXT NOT NULL, 
	changed_at TEXT NOT NULL, 
	audit_id TEXT, 
	item_id TEXT, 
	line TEXT, 
	agree BOOLEAN, 
	finding_type TEXT, 
	billed_code TEXT, 
	billed_units INTEGER, 
	billed_paid FLOAT, 
	audited_code TEXT, 
	audited_modifiers TEXT, 
	audited_units INTEGER, 
	audited_dx TEXT, 
	audited_paid FLOAT, 
	unpriced TEXT, 
	rationale TEXT, 
	guideline TEXT, 
	source TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "current_finding" VALUES('AUD-V1TEST:SYN-C000001:1',2,'auditor.v2','2026-12-07T02:27:14.278564+00:00','AUD-V1TEST','AUD-V1TEST:SYN-C000001','1',0,'less_specific_dx','99214',1,103.28,'99214','[]',1,'["E11.22", "N18.32", "Z79.4"]',103.28,'','diabetic CKD stage 3b documented in the assessment','','auditor');
INSERT INTO "current_finding" VALUES('AUD-V1TEST:SYN-C000001:2',1,'auditor.v1','2026-12-07T02:27:14.260149+00:00','AUD-V1TEST','AUD-V1TEST:SYN-C000001','2',1,'','G2211',1,12.88,'G2211','[]',1,'["E11.8", "N18.32", "Z79.4"]',12.88,'','','','auditor');
CREATE TABLE events (
	seq INTEGER NOT NULL, 
	kind VARCHAR(100) NOT NULL, 
	entity VARCHAR(200) NOT NULL, 
	version INTEGER NOT NULL, 
	action VARCHAR(20) NOT NULL, 
	actor TEXT NOT NULL, 
	at TEXT NOT NULL, 
	scope VARCHAR(200), 
	state TEXT, 
	changes TEXT, 
	undoes INTEGER, 
	PRIMARY KEY (seq), 
	CONSTRAINT uq_event_version UNIQUE (kind, entity, version)
);
INSERT INTO "events" VALUES(1,'audit','AUD-V1TEST',1,'create','auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','{"audit_id": "AUD-V1TEST", "audit_type": "focused", "auditors": ["auditor.v1"], "closed_at": null, "created_at": "2026-12-07T02:27:13+00:00", "fingerprint": null, "name": "Audit made by schema version 1", "notes": "", "sample": null, "scope": {}, "seed": null, "source": "", "status": "open", "unit": "claim"}','{"audit_id": [null, "AUD-V1TEST"], "audit_type": [null, "focused"], "auditors": [null, ["auditor.v1"]], "created_at": [null, "2026-12-07T02:27:13+00:00"], "name": [null, "Audit made by schema version 1"], "notes": [null, ""], "scope": [null, {}], "source": [null, ""], "status": [null, "open"], "unit": [null, "claim"]}',NULL);
INSERT INTO "events" VALUES(2,'audit_item','AUD-V1TEST:SYN-C000001',1,'create','auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','{"audit_id": "AUD-V1TEST", "billed_lines": [{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2, 3], "line_no": 1, "modifiers": [], "paid": 103.28, "units": 1}, {"charge": 35.42, "code": "G2211", "dx_pointers": [1, 2, 3], "line_no": 2, "modifiers": [], "paid": 12.88, "units": 1}], "claim_id": "SYN-C000001", "diagnoses": ["E11.8", "N18.32", "Z79.4"], "dos": "2026-04-01", "encounter_id": "SYN-E000001", "paid": 116.16, "patient_id": "SYN-P000004", "patient_type": "established", "payer_id": "SYN-Y01", "payer_type": "Medicare", "provider_id": "SYN-D0005", "record": "S: 68-year-old man, established patient, seen for type 2 diabetes with diabetic chronic kidney disease stage 3b. eGFR now 38, down from 44 last spring. Denies fever, chest pain or weight loss. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives with family. Never smoker.\nO: BP 156/93, HR 72, T 99.1 F, RR 18, SpO2 99%, BMI 27.0. Mild bilateral pitting edema.\nA/P:\n1. Type 2 diabetes with diabetic chronic kidney disease stage 3b (not at goal, worsening): Nephrology input requested; insulin adjusted for declining clearance.\nOrdered: urine albumin.\nTotal time on the date of the encounter: 31 minutes, including record review, examination, counseling and documentation.\nFollow up as needed.\nPlan reviewed; the patient verbalized understanding.\nReturn precautions given for worsening symptoms.", "selection_order": 1, "stratum": 1}','{"audit_id": [null, "AUD-V1TEST"], "billed_lines": [null, [{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2, 3], "line_no": 1, "modifiers": [], "paid": 103.28, "units": 1}, {"charge": 35.42, "code": "G2211", "dx_pointers": [1, 2, 3], "line_no": 2, "modifiers": [], "paid": 12.88, "units": 1}]], "claim_id": [null, "SYN-C000001"], "diagnoses": [null, ["E11.8", "N18.32", "Z79.4"]], "dos": [null, "2026-04-01"], "encounter_id": [null, "SYN-E000001"], "paid": [null, 116.16], "patient_id": [null, "SYN-P000004"], "patient_type": [null, "established"], "payer_id": [null, "SYN-Y01"], "payer_type": [null, "Medicare"], "provider_id": [null, "SYN-D0005"], "record": [null, "S: 68-year-old man, established patient, seen for type 2 diabetes with diabetic chronic kidney disease stage 3b. eGFR now 38, down from 44 last spring. Denies fever, chest pain or weight loss. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives with family. Never smoker.\nO: BP 156/93, HR 72, T 99.1 F, RR 18, SpO2 99%, BMI 27.0. Mild bilateral pitting edema.\nA/P:\n1. Type 2 diabetes with diabetic chronic kidney disease stage 3b (not at goal, worsening): Nephrology input requested; insulin adjusted for declining clearance.\nOrdered: urine albumin.\nTotal time on the date of the encounter: 31 minutes, including record review, examination, counseling and documentation.\nFollow up as needed.\nPlan reviewed; the patient verbalized understanding.\nReturn precautions given for worsening symptoms."], "selection_order": [null, 1], "stratum": [null, 1]}',NULL);
INSERT INTO "events" VALUES(3,'audit_item','AUD-V1TEST:SYN-C000002',1,'create','auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','{"audit_id": "AUD-V1TEST", "billed_lines": [{"charge": 201.08, "code": "99213", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 105.11, "units": 1}, {"charge": 79.42, "code": "73610", "dx_pointers": [1], "line_no": 2, "modifiers": ["RT"], "paid": 41.52, "units": 1}], "claim_id": "SYN-C000002", "diagnoses": ["M25.371", "S93.401S"], "dos": "2026-04-01", "encounter_id": "SYN-E000002", "paid": 146.63, "patient_id": "SYN-P000139", "patient_type": "established", "payer_id": "SYN-Y04", "payer_type": "Commercial", "provider_id": "SYN-D0012", "record": "S: 62-year-old woman, established patient, seen for chronic instability of the right ankle, a sequela of an old sprain. Right ankle gives way on uneven ground since a bad sprain two years ago. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: penicillin (rash). Lives with family. Never smoker.\nO: BP 114/74, HR 74, T 99.1 F, RR 12, SpO2 96%, BMI 22.0. Positive anterior drawer on the right; no acute swelling. In office: ankle x-ray performed; results reviewed with the patient.\nA/P:\n1. Chronic instability of the right ankle, a sequela of an old sprain (stable, at goal): Lace-up brace for sport; peroneal strengthening with physical therapy.\nTotal time on the date of the encounter: 26 minutes, including record review, examination, counseling and documentation.\nFollow up in 3 months.\nPlan reviewed; the patient verbalized understanding.\nReturn precautions given for worsening symptoms.", "selection_order": 2, "stratum": 1}','{"audit_id": [null, "AUD-V1TEST"], "billed_lines": [null, [{"charge": 201.08, "code": "99213", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 105.11, "units": 1}, {"charge": 79.42, "code": "73610", "dx_pointers": [1], "line_no": 2, "modifiers": ["RT"], "paid": 41.52, "units": 1}]], "claim_id": [null, "SYN-C000002"], "diagnoses": [null, ["M25.371", "S93.401S"]], "dos": [null, "2026-04-01"], "encounter_id": [null, "SYN-E000002"], "paid": [null, 146.63], "patient_id": [null, "SYN-P000139"], "patient_type": [null, "established"], "payer_id": [null, "SYN-Y04"], "payer_type": [null, "Commercial"], "provider_id": [null, "SYN-D0012"], "record": [null, "S: 62-year-old woman, established patient, seen for chronic instability of the right ankle, a sequela of an old sprain. Right ankle gives way on uneven ground since a bad sprain two years ago. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: penicillin (rash). Lives with family. Never smoker.\nO: BP 114/74, HR 74, T 99.1 F, RR 12, SpO2 96%, BMI 22.0. Positive anterior drawer on the right; no acute swelling. In office: ankle x-ray performed; results reviewed with the patient.\nA/P:\n1. Chronic instability of the right ankle, a sequela of an old sprain (stable, at goal): Lace-up brace for sport; peroneal strengthening with physical therapy.\nTotal time on the date of the encounter: 26 minutes, including record review, examination, counseling and documentation.\nFollow up in 3 months.\nPlan reviewed; the patient verbalized understanding.\nReturn precautions given for worsening symptoms."], "selection_order": [null, 2], "stratum": [null, 1]}',NULL);
INSERT INTO "events" VALUES(4,'audit_item','AUD-V1TEST:SYN-C000003',1,'create','auditor.v1','2026-12-07T02:27:13.999263+00:00','AUD-V1TEST','{"audit_id": "AUD-V1TEST", "billed_lines": [{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 154.92, "units": 1}, {"charge": 6.6, "code": "36415", "dx_pointers": [2], "line_no": 2, "modifiers": [], "paid": 3.6, "units": 1}], "claim_id": "SYN-C000003", "diagnoses": ["J01.00", "M10.9"], "dos": "2026-04-02", "encounter_id": "SYN-E000003", "paid": 158.52, "patient_id": "SYN-P000112", "patient_type": "established", "payer_id": "SYN-Y06", "payer_type": "Commercial", "provider_id": "SYN-D0003", "record": "S: 33-year-old man, established patient, seen for acute maxillary sinusitis and gout. Left cheek pain and upper tooth ache with congestion. No flares since starting allopurinol. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives alone; independent in daily activities. Never smoker.\nO: BP 137/73, HR 71, T 97.8 F, RR 17, SpO2 95%, BMI 23.9. Left maxillary tenderness. No tophi; toe without swelling today.\nA/P:\n1. Acute maxillary sinusitis (new, uncomplicated): Doxycycline for 7 days.\n2. Gout (stable, at goal): Allopurinol continued; uric acid goal reviewed.\nOrdered: comprehensive metabolic panel.\nReturn in 4 to 6 weeks.\nQuestions answered; the patient agrees with the plan.\nReturn precautions given for worsening symptoms.", "selection_order": 3, "stratum": 1}','{"audit_id": [null, "AUD-V1TEST"], "billed_lines": [null, [{"charge": 284.02, "code": "99214", "dx_pointers": [1, 2], "line_no": 1, "modifiers": [], "paid": 154.92, "units": 1}, {"charge": 6.6, "code": "36415", "dx_pointers": [2], "line_no": 2, "modifiers": [], "paid": 3.6, "units": 1}]], "claim_id": [null, "SYN-C000003"], "diagnoses": [null, ["J01.00", "M10.9"]], "dos": [null, "2026-04-02"], "encounter_id": [null, "SYN-E000003"], "paid": [null, 158.52], "patient_id": [null, "SYN-P000112"], "patient_type": [null, "established"], "payer_id": [null, "SYN-Y06"], "payer_type": [null, "Commercial"], "provider_id": [null, "SYN-D0003"], "record": [null, "S: 33-year-old man, established patient, seen for acute maxillary sinusitis and gout. Left cheek pain and upper tooth ache with congestion. No flares since starting allopurinol. Sleeping and eating normally otherwise. Medication list updated; no new supplements. Allergies: sulfa drugs (hives). Lives alone; independent in daily activities. Never smoker.\nO: BP 137/73, HR 71, T 97.8 F, RR 17, SpO2 95%, BMI 23.9. Left maxillary tenderness. No tophi; toe without swelling today.\nA/P:\n1. Acute maxillary sinusitis (new, uncomplicated): Doxycycline for 7 days.\n2. Gout (stable, at goal): Allopurinol continued; uric acid goal reviewed.\nOrdered: comprehensive metabolic panel.\nReturn in 4 to 6 weeks.\nQuestions answered; the patient agrees with the plan.\nReturn precautions given for worsening symptoms."], "selection_order": [null, 3], "stratum": [null, 1]}',NULL);
INSERT INTO "events" VALUES(5,'finding','AUD-V1TEST:SYN-C000001:1',1,'create','auditor.v1','2026-12-07T02:27:14.224974+00:00','AUD-V1TEST','{"agree": false, "audit_id": "AUD-V1TEST", "audited_code": "99214", "audited_dx": ["E11.22", "N18.32", "Z79.4"], "audited_modifiers": [], "audited_paid": 103.28, "audited_units": 1, "billed_code": "99214", "billed_paid": 103.28, "billed_units": 1, "finding_type": "less_specific_dx", "guideline": "", "item_id": "AUD-V1TEST:SYN-C000001", "line": "1", "rationale": "diabetic CKD documented", "source": "auditor", "unpriced": ""}','{"agree": [null, false], "audit_id": [null, "AUD-V1TEST"], "audited_code": [null, "99214"], "audited_dx": [null, ["E11.22", "N18.32", "Z79.4"]], "audited_modifiers": [null, []], "audited_paid": [null, 103.28], "audited_units": [null, 1], "billed_code": [null, "99214"], "billed_paid": [null, 103.28], "billed_units": [null, 1], "finding_type": [null, "less_specific_dx"], "guideline": [null, ""], "item_id": [null, "AUD-V1TEST:SYN-C000001"], "line": [null, "1"], "rationale": [null, "diabetic CKD documented"], "source": [null, "auditor"], "unpriced": [null, ""]}',NULL);
INSERT INTO "events" VALUES(6,'finding','AUD-V1TEST:SYN-C000001:2',1,'create','auditor.v1','2026-12-07T02:27:14.260149+00:00','AUD-V1TEST','{"agree": true, "audit_id": "AUD-V1TEST", "audited_code": "G2211", "audited_dx": ["E11.8", "N18.32", "Z79.4"], "audited_modifiers": [], "audited_paid": 12.88, "audited_units": 1, "billed_code": "G2211", "billed_paid": 12.88, "billed_units": 1, "finding_type": "", "guideline": "", "item_id": "AUD-V1TEST:SYN-C000001", "line": "2", "rationale": "", "source": "auditor", "unpriced": ""}','{"agree": [null, true], "audit_id": [null, "AUD-V1TEST"], "audited_code": [null, "G2211"], "audited_dx": [null, ["E11.8", "N18.32", "Z79.4"]], "audited_modifiers": [null, []], "audited_paid": [null, 12.88], "audited_units": [null, 1], "billed_code": [null, "G2211"], "billed_paid": [null, 12.88], "billed_units": [null, 1], "finding_type": [null, ""], "guideline": [null, ""], "item_id": [null, "AUD-V1TEST:SYN-C000001"], "line": [null, "2"], "rationale": [null, ""], "source": [null, "auditor"], "unpriced": [null, ""]}',NULL);
INSERT INTO "events" VALUES(7,'finding','AUD-V1TEST:SYN-C000001:1',2,'update','auditor.v2','2026-12-07T02:27:14.278564+00:00','AUD-V1TEST','{"agree": false, "audit_id": "AUD-V1TEST", "audited_code": "99214", "audited_dx": ["E11.22", "N18.32", "Z79.4"], "audited_modifiers": [], "audited_paid": 103.28, "audited_units": 1, "billed_code": "99214", "billed_paid": 103.28, "billed_units": 1, "finding_type": "less_specific_dx", "guideline": "", "item_id": "AUD-V1TEST:SYN-C000001", "line": "1", "rationale": "diabetic CKD stage 3b documented in the assessment", "source": "auditor", "unpriced": ""}','{"rationale": ["diabetic CKD documented", "diabetic CKD stage 3b documented in the assessment"]}',NULL);
CREATE TABLE schema_versions (
	component VARCHAR(100) NOT NULL, 
	version INTEGER NOT NULL, 
	applied_at TEXT NOT NULL, 
	note TEXT, 
	PRIMARY KEY (component)
);
INSERT INTO "schema_versions" VALUES('store',1,'2026-12-07T02:27:13.610429+00:00','created');
INSERT INTO "schema_versions" VALUES('audit',1,'2026-12-07T02:27:13.613652+00:00','created');
CREATE INDEX ix_events_scope ON events (scope);
CREATE INDEX ix_audit_item_audit_id ON current_audit_item (audit_id);
CREATE INDEX ix_finding_item_id ON current_finding (item_id);
CREATE INDEX ix_finding_audit_id ON current_finding (audit_id);
COMMIT;
