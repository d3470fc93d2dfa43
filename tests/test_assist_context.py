"""How the assist reads context the way a coder does: negation, doubt, history, hypothetical and family phrasings, and where their scope ends.
Each case: a short sentence in our own words, the code prefixes that must NOT be proposed, and the codes that MUST be."""
import pytest
from medwork.assist import suggest

def codes(text): return suggest(text, procedures=False).code.tolist()

# (sentence, must not start with any of these, must contain these)
NEGATION = [
    ('Fever - neg. Cough - neg.', ['R50', 'R05'], []),
    ('ø fever, ø cough.', ['R50', 'R05'], []),
    ('Nil chest pain.', ['R07'], []),
    ('Chest pain: none.', ['R07'], []),
    ('Fever: none. Rash: none.', ['R50', 'R21'], []),
    ('Headache w/o nausea.', ['R11'], ['R51.9']),
    ('Free of chest pain since last visit.', ['R07'], []),
    ('Never had asthma.', ['J45'], []),
    ('Never been diagnosed with diabetes.', ['E11', 'E14'], []),
    ('No longer has headaches.', ['R51'], []),
    ('Murmur not appreciated.', ['R01'], []),
    ('No murmur appreciated.', ['R01'], []),
    ('Skin exam unremarkable for rash.', ['R21'], []),
    ("Pneumonia r/o'd with CXR.", ['J18'], []),
    ('PE ruled out by CTA.', ['I26'], []),
    ('Appendicitis excluded on ultrasound.', ['K35'], []),
    ('Patient denies fever, chills, cough or chest pain.', ['R50', 'R68.83', 'R05', 'R07'], []),
    ('No fever, cough, or rash.', ['R50', 'R05', 'R21'], []),
    ('Negative for fever, nausea and vomiting.', ['R50', 'R11'], []),
    ('No evidence of pneumonia on x-ray.', ['J18'], []),
    ('HIV screen nonreactive.', ['B20', 'Z21'], []),
    ('Syphilis serology non-reactive.', ['A5'], []),
    ('No signs of cellulitis.', ['L03'], []),
    ('Absence of fever.', ['R50'], []),
    ('Fever is absent.', ['R50'], []),
    ('Rash has resolved.', ['R21'], []),
    ('Not wheezing today.', ['R06.2'], []),
    ('Pt does not have asthma.', ['J45'], []),
    ("She doesn't have diabetes.", ['E11'], []),
]

SCOPE_ENDS = [
    ('No fever but has a cough.', ['R50'], ['R05.9']),
    ('No fever, however she has a cough.', ['R50'], ['R05.9']),
    ('ROS negative except for cough.', [], ['R05.9']),
    ('No fever; cough for 3 days.', ['R50'], ['R05.9']),
    ('Denies chest pain. Reports a cough.', ['R07'], ['R05.9']),
    ('Denies fever.\nHeadache x 2 days.', ['R50'], ['R51.9']),
    ('No nausea, vomiting. Diarrhea x 2 days.', ['R11'], ['R19.7']),
    ('1. No chest pain\n2. Essential hypertension', ['R07'], ['I10']),
    ('Rash without fever.', ['R50'], ['R21']),
    ('Essential hypertension, no chest pain.', ['R07'], ['I10']),
]

PSEUDO = [
    ('No change in rash.', [], ['R21']),
    ('No increase in knee pain, right.', [], ['M25.561']),
    ('No improvement in cough.', [], ['R05.9']),
    ('Not only a cough but also fever.', [], ['R05.9', 'R50.9']),
    ('Hypertension not at goal.', [], ['I10']),
    ('No new complaints; here for hypertension.', [], ['I10']),
]

CHECKBOX = [
    ('Fever: no. Chills: no. Cough: yes.', ['R50', 'R68.83'], ['R05.9']),
    ('Fever: N Chills: N Cough: Y', ['R50', 'R68.83'], ['R05.9']),
    ('Cough - no better.', [], ['R05.9']),
    ('Fever - denies. Chills - denies.', ['R50', 'R68.83'], []),
    ('Fever: N\nCough: Y', ['R50'], ['R05.9']),
    ('Fever (N)  Cough (Y)', ['R50'], ['R05.9']),
    ('[x] no fever\n[ ] chills', ['R50', 'R68.83'], []),
    ('[ ] fever [ ] chills [x] cough', ['R50', 'R68.83'], ['R05.9']),
    ('Fever: [ ] yes [x] no', ['R50'], []),
    ('Fever - No\nNausea - No\nCough - Yes', ['R50', 'R11'], ['R05.9']),
    ('Headache [x]  Fever [ ]  Rash [ ]', ['R50', 'R21'], ['R51.9']),
    ('Wheezing [ ]\nCough [x]', ['R06.2'], ['R05.9']),
]

UNCERTAIN = [
    ('Doubt pneumonia.', ['J18'], []),
    ('Pneumonia unlikely.', ['J18'], []),
    ('Unlikely pneumonia.', ['J18'], []),
    ('Cannot exclude appendicitis.', ['K35'], []),
    ('Question of DVT.', ['I82'], []),
    ('Concern for appendicitis.', ['K35'], []),
    ('Eval for DVT.', ['I82'], []),
    ('Suspect UTI.', ['N39.0'], []),
    ('Viral URI vs strep pharyngitis.', ['J06', 'J02'], []),
    ('DDx: migraine, tension headache.', ['G43', 'G44'], []),
    ('Differential includes pneumonia and bronchitis.', ['J18', 'J20', 'J40'], []),
    ('Breast mass, awaiting biopsy to exclude breast cancer.', ['C50'], ['N63.0']),
    ('Biopsy pending for melanoma.', ['C43'], []),
    ('Presumed viral gastroenteritis.', ['A08'], []),
    ('Probable UTI.', ['N39.0'], []),
    ('Possible pneumonia.', ['J18'], []),
    ('Likely viral pharyngitis.', ['J02'], []),
    ('UTI suspected.', ['N39.0'], []),
    ('Working diagnosis: pneumonia.', ['J18'], []),
    ('? pneumonia', ['J18'], []),
    ('Sore throat, ? strep pharyngitis.', ['J02.0'], ['J02.9']),
    ('Cough, r/o pneumonia.', ['J18'], ['R05.9']),
    ('Appendicitis is not excluded yet.', ['K35'], []),
    ('Sarcoidosis remains on the differential.', ['D86'], []),
]

HYPOTHETICAL = [
    ('Return if fever develops.', ['R50'], []),
    ('Return for chest pain or shortness of breath.', ['R07', 'R06.0'], []),
    ('Warning signs of stroke reviewed.', ['I63'], []),
    ('Reviewed warning signs: chest pain, fainting.', ['R07', 'R55'], []),
    ('Screening for colon cancer.', ['C18'], []),
    ('Worried about breast cancer.', ['C50'], []),
    ('Worried about a peanut allergy; eats peanuts without trouble.', ['Z91.01'], []),
    ('Possible penicillin allergy.', ['Z88.0'], []),
    ('If she develops a rash, stop the drug.', ['R21'], []),
    ('Call if chest pain recurs.', ['R07'], []),
    ('Discussed risk of DVT with long flights.', ['I82'], []),
    ('Should he develop fever, call.', ['R50'], []),
    ('DVT ppx with enoxaparin after surgery.', ['I82'], []),
    ('Started HIV PrEP today.', ['B20', 'Z21'], []),
    ('Counseled about skin cancer prevention.', ['C43', 'C44'], []),
]

HISTORY = [
    ('Asthma as a child.', ['J45'], []),
    ('Had bronchiolitis as a baby.', ['J21'], []),
    ('Eczema when she was little.', ['L30', 'L20'], []),
    ('Warfarin - discontinued last year.', ['Z79.01'], []),
    ('Pneumonia years ago.', ['J18'], []),
    ('Pneumonia 10 years ago.', ['J18'], []),
    ('UTI in 2019, none since.', ['N39.0'], []),
    ('Acute cystitis. Last UTI 4 yrs ago.', ['N39.0', 'Z87.440'], ['N30.00']),
    ('Diabetes diagnosed 10 years ago.', [], ['E11.9']),
    ('Knee pain, right, started 2 years ago.', [], ['M25.561']),
    ('Breast cancer in 2023, on anastrozole.', ['Z85.3'], ['C50.919']),
    ('Remote DVT.', ['I82'], ['Z86.718']),
    ('Kidney stones in 2015.', ['N20'], []),
    ('Had shingles in 2019.', ['B02'], []),
    ('Had COVID in 2021, recovered.', ['U07.1'], []),
    ('Chickenpox in 1990.', ['B01'], []),
    ('Hepatitis C in 2012, never treated.', [], ['B19.20']),          # hepatitis C is not said to be over: still current
    ('Chronic hepatitis B diagnosed in 2010.', [], ['B18.1']),         # a chronic infection dated by its diagnosis
    ('History of colon cancer, resected 2018.', ['C18'], ['Z85.038']),
    ('Hx of MI in 2019.', ['I21'], ['I25.2']),
    ('Prior stroke, no residual deficits.', ['I63'], ['Z86.73']),
]

FAMILY = [
    ('Mom had breast cancer.', ['C50'], ['Z80.3']),
    ('Dad had an MI at 50.', ['I21'], []),
    ('Sister has type 2 diabetes.', ['E11'], []),
    ('FHx + colon cancer.', ['C18'], ['Z80.0']),
    ('FH positive for colon cancer.', ['C18'], ['Z80.0']),
    ('Colon cancer runs in the family.', ['C18'], []),
    ('FH: DM, HTN.', ['E11', 'I10'], []),
    ('Family hx: mother with breast cancer.', ['C50'], ['Z80.3']),
    ('Maternal grandmother had ovarian cancer.', ['C56'], []),
    ('Paternal uncle with colon cancer.', ['C18'], []),
    ('FHx: sister - shellfish allergy.', ['Z91.013'], []),
    ('Her son has a peanut allergy.', ['Z91.010'], []),
    ('Her brother died of an MI.', ['I21'], []),
    ('Grandpa had a stroke at 85.', ['I63'], []),
    ('Grandma with colon cancer.', ['C18'], ['Z80.0']),
]

SCORES = [     # a symptom or screening item followed by its score: a rating, not a diagnosis
    ('Nausea 0, vomiting 0.', ['R11'], []),
    ('Pain 0/10 today.', ['R52'], []),
    ('Mood screen: PHQ-2 = 0.', ['F32'], []),
    ('Depression: PHQ-2 = 0.', ['F32', 'F33'], []),
    ('Anxiety: GAD-7 = 0.', ['F41'], []),
    ('Symptom ratings: fatigue 5, nausea 0, shortness of breath 0, depression 3, anxiety 2.', ['R53', 'R11', 'R06', 'F32', 'F41'], []),
    ('Headache 6/10, worse in the morning.', [], ['R51.9']),         # one rating alone: the symptom is there
    ('Fever 38.6, cough for 2 days.', [], ['R50.9', 'R05.9']),        # a temperature is no score
]

WITHDRAWN = [  # a diagnosis the provider withdraws
    ('Prediabetes noted 2020 - A1c 5.3 twice since she lost weight, no longer meets criteria.', ['R73'], []),
    ('Gout: removed from the problem list, no flares in 6 years.', ['M10'], []),
    ('Diabetes - resolved off medications after gastric bypass.', ['E11'], []),
    ('Hypertension - stable since 2019.', [], ['I10']),               # a 'since' alone withdraws nothing
    ('ROS: no prior ulcers, no amputations.', ['Z86.31', 'Z89'], []),
    ('PMH: no previous stroke.', ['Z86.73', 'I63'], []),
]

TYPOS = [      # a long trigger typed with one slip reads as the trigger; a short one's common slips are rows of their own
    ('Strep pharyngitis unlikley.', ['J02.0'], []),
    ('Possibe pneumonia.', ['J18'], []),
    ('Appendicitis exlcuded on CT.', ['K35'], []),
    ('Pt denys chest pain.', ['R07'], []),
    ('Either way, she has a cough.', [], ['R05.9']),                  # 'either' is a word, not a slip of 'neither'
]

WORRIES = [    # a worry, a belief or a question about a condition is not its diagnosis (IV.H)
    ('Father is concerned she has asthma.', ['J45', 'Z82.5'], []),
    ('Parents worried about autism; no delays on screening.', ['F84'], []),
    ('Grandma thinks he has ADHD.', ['F90'], []),
    ('She fears she has ovarian cancer.', ['C56', 'C80'], []),
    ('Pt asks about gluten intolerance and celiac disease.', ['K90'], []),
    ('Mom reports fever and cough.', [], ['R50.9', 'R05.9']),         # a relative who reports: the patient's symptoms
]

STATUS_AFTER = [   # a status written after the condition
    ('Goiter - none, ultrasound last year normal.', ['E04', 'E01'], []),
    ('Chills - no, cough - yes.', ['R68.83'], ['R05.9']),
    ('Sinusitis not supported by exam today.', ['J01', 'J32'], []),
    ('Secondary causes excluded: hypothyroidism, Cushing syndrome.', ['E03', 'E24'], []),
    ('CT (screening for lung cancer): no nodules.', ['C34'], []),
    ('Pneumonia cleared on repeat x-ray.', ['J18'], []),
    ('Last kidney stone 2019. Now flank pain.', ['N20'], []),
    ('Switched to apixaban after warfarin intolerance (bruising).', ['R23.3', 'T45'], []),   # the reaction of a past intolerance
]

AFFIRMED = [   # controls: a condition stated plainly is coded
    ('PCN allergy (hives as a child).', [], ['Z88.0']),
    ('Assessment: community-acquired pneumonia.', [], ['J18.9']),
    ('Acute cystitis.', [], ['N30.00']),
    ('Patient has type 2 diabetes.', [], ['E11.9']),
    ('Complains of fever and cough.', [], ['R50.9', 'R05.9']),
]

# a status closing a colon item, a drug not taken, and a quit that outlasts a copied-forward smoking entry (ctx5)
LATER_STATUS = [
    ('A/P:\n - Bronchitis: finished the inhaler, clinically resolved.\n', ['J40', 'J20'], []),
    ('A/P:\n - Pneumonia: course done, resolved.\n', ['J18'], []),
    ('A/P:\n - Diabetes type 2: A1c 7.0, neuropathy resolved.\n', [], ['E11.9']),   # the status is the neuropathy's, not the item's
    ('Osteopenia. Moved to zoledronic acid after risedronate intolerance (reflux).', ['Z79.83'], []),
    ('Type 2 diabetes. Metformin: GI intolerance, reduced dose to 500 mg daily.', [], ['Z79.84']),   # still taken
    ('Paroxysmal atrial fibrillation. Switched from warfarin to apixaban last spring.', [], ['Z79.01']),
    ('Social hx (copied): current smoker, 1 ppd.\nHPI: stopped smoking three years ago, none since.\nA/P: hypertension.', ['F17', 'Z72.0'], ['I10']),
    ('Smoker, 1 ppd. Wants to quit smoking. A/P: nicotine dependence, counseled.', [], ['F17.210']),
    ('Quit cigarettes 2018, restarted 2023, 1/2 ppd. A/P: nicotine dependence.', [], ['F17.210']),
    ('A/P: Anemia - I consider this anemia of her CKD stage 3b.', ['D64.9'], ['D63.1']),   # the provider's diagnosis in the first person
    ('A/P: I believe this is acute bronchitis.', [], ['J20.9']),
    ('A/P: I consider this likely pneumonia.', ['J18'], []),                                   # a doubt word after it is still read
    ('A/P: We considered the possibility of pulmonary embolism, felt unlikely.', ['I26'], []),
]

CASES = [(g, *c) for g, cs in [('negation', NEGATION), ('scope', SCOPE_ENDS), ('pseudo', PSEUDO), ('checkbox', CHECKBOX),
                               ('uncertain', UNCERTAIN), ('hypothetical', HYPOTHETICAL), ('history', HISTORY),
                               ('family', FAMILY), ('scores', SCORES), ('withdrawn', WITHDRAWN), ('typos', TYPOS),
                               ('worries', WORRIES), ('status after', STATUS_AFTER), ('later status', LATER_STATUS),
                               ('affirmed', AFFIRMED)] for c in cs]

OPEN = set()   # not yet read (a strict xfail each)

@pytest.mark.parametrize('group, note, wrong, right', [pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason='not yet read')) if c[1] in OPEN else c for c in CASES],
                         ids=[f'{g}:{n[:40]}' for g, n, *_ in CASES])
def test_context_reads_as_a_coder_does(group, note, wrong, right):
    got = codes(note)
    assert not [c for c in got if any(c.startswith(w) for w in wrong)], got
    assert all(r in got for r in right), got
