"One domain rule, one place: the steps that share a vocabulary read every one of its words alike."
import pytest
from medwork.assist import FOLLOW_UP, PLANNED_VISIT, _NOT_GESTATION, gestation_weeks, _HEADING, patient_age, positions_under, assist_tables, PRIOR_CESAREAN, PAST, PREGNANCY_NOTE
from medwork.assist import read_note, vaccine_lines, vaccine_names

@pytest.mark.parametrize('said', ['f/u', 'F/U', 'follow-up', 'follow up', 'followup', 'recheck', 're-check'])
def test_follow_up_words_read_alike(said):
    assert FOLLOW_UP.search(f'{said} of the rash')                       # the visit follows something up
    assert PLANNED_VISIT.search(f'{said} in 2 weeks')                    # a visit still to come
    assert _NOT_GESTATION.search(f'{said} ')                             # '... 6 weeks' after it is no gestation

def test_weeks_after_a_follow_up_word_are_no_gestation():
    assert gestation_weeks('Prenatal visit. Re-check in 6 weeks.') is None
    assert gestation_weeks('Prenatal visit, G2P1 at 20 wks. Follow-up 4 weeks.')[0] == 20

@pytest.mark.parametrize('age', ['23F', '40M', '40 yo', '40 y/o', '23 yrs', '23 years old'])
def test_a_heading_before_the_age_reads_the_age_as_patient_age_does(age):
    assert patient_age(f'UC {age}') and _HEADING.match(f' {age}')   # 'UC 23 yrs': the abbreviation heads the note

def test_positions_under_are_a_codes_siblings():
    cix = assist_tables()['cix']
    under = [cix.codes[i] for i in positions_under(cix, 'S52.52')]
    assert under and all(c.startswith('S52.52') for c in under)
    assert 'S52.521A' in under and 'S52.53' not in ''.join(under)
    assert not positions_under(cix, 'S52.5X')                            # a prefix of no code: none

@pytest.mark.parametrize('lead', ['s/p', 'status post', 'h/o', 'hx of', 'history of', 'previous', 'prior'])
def test_history_lead_words_read_alike(lead):
    assert PRIOR_CESAREAN.search(f'{lead} cesarean delivery') and PAST.search(f'{lead} knee replacement')

@pytest.mark.parametrize('gp', ['G2P1', 'G3 P2002'])
def test_gravida_para_reads_alike(gp):
    assert PREGNANCY_NOTE.search(f'{gp}, here today') and gestation_weeks(f'{gp} at 24 wks, doing well')[0] == 24

@pytest.mark.parametrize('code, cleared', [('B01.9', True), ('J10.1', True), ('J21.0', True), ('U07.1', True), ('I10', False)])
def test_a_vaccine_line_and_a_vaccine_given_name_the_same_infections(code, cleared):
    doc = read_note('Imms: chickenpox given today.')
    mention = lambda: dict(code=code, start=doc.text.index('chickenpox'), why='read')
    on_line, given = vaccine_lines(doc, [mention()])[0], mention()
    vaccine_names(next(doc.sents), [given])
    assert (on_line['code'] is None) == (given['code'] is None) == cleared   # VACCINE_FOR: one list for both readings
