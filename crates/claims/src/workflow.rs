//! A claim's status and the steps it may take: draft → filed → acknowledged → decided → appealed
//! or closed (an appeal is decided again, or closed). Any other step is refused.

use serde::{Deserialize, Serialize};

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being put together.
    Draft,
    /// Filed with a mechanism (where, when, reference).
    Filed,
    /// The mechanism acknowledged it.
    Acknowledged,
    /// Decided: paid (amount) or denied (reason).
    Decided,
    /// The decision was appealed.
    Appealed,
    /// Finished.
    Closed,
}

/// Every status, in workflow order.
pub const ALL: [Status; 6] = [
    Status::Draft,
    Status::Filed,
    Status::Acknowledged,
    Status::Decided,
    Status::Appealed,
    Status::Closed,
];

impl Status {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Filed => "filed",
            Status::Acknowledged => "acknowledged",
            Status::Decided => "decided",
            Status::Appealed => "appealed",
            Status::Closed => "closed",
        }
    }

    /// The statuses it may go to next.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Draft => &[Status::Filed],
            Status::Filed => &[Status::Acknowledged],
            Status::Acknowledged => &[Status::Decided],
            Status::Decided => &[Status::Appealed, Status::Closed],
            Status::Appealed => &[Status::Decided, Status::Closed],
            Status::Closed => &[],
        }
    }

    /// True when it may go to `to`.
    pub fn may_go_to(self, to: Status) -> bool {
        self.next().contains(&to)
    }

    /// True while the claim is not yet filed (its deadlines still matter).
    pub fn unfiled(self) -> bool {
        self == Status::Draft
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        ALL.iter()
            .copied()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "{s:?} is no status (draft, filed, acknowledged, decided, appealed, closed)"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_workflow_steps_are_allowed() {
        let allowed: Vec<(Status, Status)> = ALL
            .iter()
            .flat_map(|a| ALL.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| a.may_go_to(*b))
            .collect();
        use Status::*;
        assert_eq!(
            allowed,
            vec![
                (Draft, Filed),
                (Filed, Acknowledged),
                (Acknowledged, Decided),
                (Decided, Appealed),
                (Decided, Closed),
                (Appealed, Decided),
                (Appealed, Closed),
            ]
        );
        assert_eq!("filed".parse::<Status>(), Ok(Filed));
        assert!("paid".parse::<Status>().is_err());
    }
}
