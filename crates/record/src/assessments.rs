//! Belligerents' own assessments in reconciliation: every confirmed assessment is shown beside the
//! independent low / best / high (`Reconciled::conceded`), and a credible one makes the grade
//! "confirmed" (Airwars: a belligerent accepted responsibility). A proposed assessment, taken from
//! a report and not yet confirmed by an editor, changes nothing. A grade a reviewer set still wins
//! (it is applied afterwards).

use toll_link::{Conceded, Grade, Incident};
use toll_store::redress::Assessment;

/// The status of an assessment an editor confirmed.
pub const CONFIRMED: &str = "confirmed";
/// The assessment that concedes harm.
pub const CREDIBLE: &str = "credible";

/// Puts the confirmed `assessments` beside `incident`'s figures and grades it "confirmed" when one
/// of them is credible.
pub fn apply(incident: &mut Incident, assessments: &[Assessment]) {
    let confirmed: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| a.status == CONFIRMED)
        .collect();
    incident.reconciled.conceded = confirmed
        .iter()
        .map(|a| Conceded {
            belligerent: a.belligerent.clone(),
            assessment: a.assessment.clone(),
            killed: a.killed,
            injured: a.injured,
            reason: a.reason.clone(),
            statement_date: a.statement_date.clone(),
            url: a.url.clone(),
        })
        .collect();
    if let Some(credible) = confirmed.iter().find(|a| a.assessment == CREDIBLE) {
        let conceding = match credible.killed.as_ref().and_then(|r| r.min.or(r.max)) {
            Some(n) => format!(", conceding {n} killed"),
            None => String::new(),
        };
        let when = credible
            .statement_date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        incident.reconciled.grade = Grade::Confirmed;
        incident.reconciled.grade_reason = format!(
            "{} assessed the harm as credible{conceding}{when}: a belligerent accepted responsibility",
            credible.belligerent
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toll_model::Range;

    fn assessment(status: &str, kind: &str) -> Assessment {
        Assessment {
            id: 1,
            incident_id: "IRQ-2017-03-17-a".into(),
            belligerent: "CENTCOM".into(),
            status: status.into(),
            assessment: kind.into(),
            killed: Some(Range {
                min: Some(105),
                max: Some(105),
                approx: false,
            }),
            injured: None,
            reason: None,
            statement_date: Some("2017-05-25".into()),
            url: None,
            statement_text: None,
            statement_sha256: None,
            account_id: None,
            entered_by: "ed".into(),
            updated_at: String::new(),
        }
    }

    fn incident() -> Incident {
        toll_link::summarize("IRQ-2017-03-17-a", &[])
    }

    #[test]
    fn a_confirmed_credible_assessment_confirms_the_grade() {
        let mut i = incident();
        apply(&mut i, &[assessment(CONFIRMED, CREDIBLE)]);
        assert_eq!(i.reconciled.grade, Grade::Confirmed);
        assert!(i.reconciled.grade_reason.contains("105 killed"));
        assert_eq!(i.reconciled.conceded.len(), 1);
    }

    #[test]
    fn proposed_or_non_credible_assessments_do_not_confirm() {
        let mut i = incident();
        let before = i.reconciled.grade;
        apply(&mut i, &[assessment("proposed", CREDIBLE)]);
        assert_eq!(i.reconciled.grade, before);
        assert!(i.reconciled.conceded.is_empty());
        apply(&mut i, &[assessment(CONFIRMED, "non_credible")]);
        assert_eq!(i.reconciled.grade, before);
        assert_eq!(i.reconciled.conceded.len(), 1);
    }
}
