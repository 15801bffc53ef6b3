//! Review decisions from the API and the web forms, applied through `toll_record::review` (the
//! code path `toll review` uses): who may make each one, and the one way the server writes them.
//!
//! One writer: a decision takes the database's linking lock (`<db>.link-lock`, as `toll ingest`
//! links under it; waiting at most [`LOCK_WAIT`], then 503), then runs on the server's one writing
//! connection ([`crate::auth::Writer`], one write at a time); readers stay on their read-only
//! connections.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;
use axum::http::StatusCode;
use std::time::Duration;
use toll_record::review::{self, AccountEdit, Decision, MoveTo, Pin, Reviewed};
use toll_record::RecordError;
use toll_store::{AccountId, Role, SqliteStore, Store, User};

/// Longest wait for the linking lock while another process links the record.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// One review decision, as a client asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Confirm an account.
    Confirm(AccountId),
    /// Reject an account.
    Reject(AccountId),
    /// Edit an account.
    Edit(AccountId, AccountEdit),
    /// Move an account of incident `from` to another incident or a new one.
    Move {
        /// The incident it is in.
        from: String,
        /// The account.
        account: AccountId,
        /// Where it goes.
        to: MoveTo,
    },
    /// Split accounts off incident `from` into one new incident.
    Split {
        /// The incident split.
        from: String,
        /// The accounts that leave it.
        accounts: Vec<AccountId>,
    },
    /// Merge incident `merged` into `into`.
    Merge {
        /// The incident that goes.
        merged: String,
        /// The incident that stays.
        into: String,
    },
    /// Pin an incident's date and place.
    Pin(String, Pin),
    /// Set an incident's grade.
    Grade(String, String),
    /// Publish (or unpublish) an incident.
    Publish(String, bool),
}

impl Action {
    /// The least role that may make this decision: analysts review accounts and links (confirm,
    /// reject, edit, move), editors decide about incidents (split, merge, pin, grade, publish).
    pub fn role(&self) -> Role {
        match self {
            Action::Confirm(_) | Action::Reject(_) | Action::Edit(..) | Action::Move { .. } => {
                Role::Analyst
            }
            Action::Split { .. }
            | Action::Merge { .. }
            | Action::Pin(..)
            | Action::Grade(..)
            | Action::Publish(..) => Role::Editor,
        }
    }

    /// The account the decision is about, for account decisions.
    fn account(&self) -> Option<AccountId> {
        match self {
            Action::Confirm(a) | Action::Reject(a) | Action::Edit(a, _) => Some(*a),
            _ => None,
        }
    }

    /// Applies the decision through the record layer.
    fn apply(&self, s: &SqliteStore, d: &Decision<'_>) -> Result<Reviewed, RecordError> {
        match self {
            Action::Confirm(a) => review::confirm_account(s, *a, d),
            Action::Reject(a) => review::reject_account(s, *a, d),
            Action::Edit(a, edit) => review::edit_account(s, *a, edit, d),
            Action::Move { from, account, to } => review::move_account(s, from, *account, to, d),
            Action::Split { from, accounts } => review::split_incident(s, from, accounts, d),
            Action::Merge { merged, into } => review::merge_incidents(s, merged, into, d),
            Action::Pin(id, pin) => review::pin_incident(s, id, pin, d),
            Action::Grade(id, grade) => review::grade_incident(s, id, grade, d),
            Action::Publish(id, published) => review::publish_incident(s, id, *published, d),
        }
    }
}

/// Why a decision was not recorded: the answer's status and message, and for a conflict the
/// incident that changed and its version now.
#[derive(Debug)]
pub struct Refused {
    /// The status and message.
    pub error: ApiError,
    /// For a 409: the incident and the version it is at.
    pub conflict: Option<(String, i64)>,
}

impl From<ApiError> for Refused {
    fn from(error: ApiError) -> Refused {
        Refused {
            error,
            conflict: None,
        }
    }
}

/// A refusal with `status` and `message`.
pub fn refuse(status: StatusCode, message: impl Into<String>) -> Refused {
    Refused::from(ApiError {
        status,
        message: message.into(),
    })
}

impl From<RecordError> for Refused {
    fn from(e: RecordError) -> Refused {
        match e {
            RecordError::Conflict {
                ref incident,
                found,
                ..
            } => Refused {
                conflict: Some((incident.clone(), found)),
                error: ApiError {
                    status: StatusCode::CONFLICT,
                    message: e.to_string(),
                },
            },
            RecordError::NotFound { .. } => refuse(StatusCode::NOT_FOUND, e.to_string()),
            RecordError::Invalid(m) => refuse(StatusCode::UNPROCESSABLE_ENTITY, m),
            e @ (RecordError::Store(_) | RecordError::Summary { .. }) => {
                tracing::error!(error = %e, "review decision failed");
                refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the record could not be written",
                )
            }
        }
    }
}

/// Who may decide: the caller's user when they hold `role` (401 signed out, 403 naming the role),
/// and, for a caller signed in by session cookie, only with the session's CSRF token (`sent`);
/// a bearer token needs none (a browser never sends one by itself).
pub fn authorize<'a>(
    caller: &'a Caller,
    role: Role,
    sent: Option<&str>,
) -> Result<&'a toll_store::User, Refused> {
    let user = caller.require(role)?;
    if let Some((_, csrf)) = &caller.session {
        if !crate::login::check_csrf(csrf, sent.unwrap_or_default()) {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "the CSRF token is missing or wrong: reload the page and try again",
            ));
        }
    }
    Ok(user)
}

/// Records `action` as `by` (who must hold its role) with `reason`, on the incident
/// version the caller loaded (`version`): under the linking lock, on the one writer, through the
/// record layer. An account decision on an account linked to an incident needs that incident's
/// version too.
pub async fn decide(
    state: &AppState,
    by: &User,
    reason: &str,
    version: Option<i64>,
    action: Action,
) -> Result<Reviewed, Refused> {
    // the routes check the role before reading the request; this holds whatever a route does
    if by.role < action.role() {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            format!(
                "this needs the {} role; {} is {}",
                action.role(),
                by.name,
                by.role
            ),
        ));
    }
    let path = state.writer.path().to_path_buf();
    let lock =
        tokio::task::spawn_blocking(move || toll_record::lock::acquire_within(&path, LOCK_WAIT))
            .await
            .map_err(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "a task was cancelled"))?;
    let lock = match lock {
        Ok(lock) => lock,
        Err(toll_record::lock::LockError::Busy { .. }) => {
            // the lock file's path stays in the server's log, not in the answer
            return Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the record is being linked by another process (toll ingest?): try again shortly",
            ));
        }
        Err(e) => {
            tracing::error!(error = %e, "linking lock");
            return Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the record could not be locked for writing",
            ));
        }
    };
    let (by, reason) = (by.name.clone(), reason.to_string());
    let done = state
        .writer
        .exec(move |s| {
            // the lock goes with the write: held until it is done, even if the request is dropped
            let _lock = lock;
            if let (Some(a), None) = (action.account(), version) {
                if let Some(incident) = s.link_of_account(a)? {
                    return Err(RecordError::Invalid(format!(
                        "account {a} is in incident {incident}: send the version of {incident} you loaded"
                    )));
                }
            }
            let d = Decision {
                by: &by,
                reason: &reason,
                expected_version: version,
            };
            action.apply(s, &d)
        })
        .await?;
    Ok(done?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysts_review_accounts_and_links_editors_incidents() {
        let move_ = Action::Move {
            from: "X".into(),
            account: 1,
            to: MoveTo::New,
        };
        assert_eq!(move_.role(), Role::Analyst);
        assert_eq!(Action::Confirm(1).role(), Role::Analyst);
        assert_eq!(Action::Publish("X".into(), true).role(), Role::Editor);
        let split = Action::Split {
            from: "X".into(),
            accounts: vec![1],
        };
        assert_eq!(split.role(), Role::Editor);
    }

    #[test]
    fn record_errors_become_statuses() {
        let conflict = Refused::from(RecordError::Conflict {
            incident: "X".into(),
            expected: 1,
            found: 3,
        });
        assert_eq!(conflict.error.status, StatusCode::CONFLICT);
        assert_eq!(conflict.conflict, Some(("X".to_string(), 3)));
        let missing = Refused::from(RecordError::NotFound {
            what: "account",
            id: "9".into(),
        });
        assert_eq!(missing.error.status, StatusCode::NOT_FOUND);
        let bad = Refused::from(RecordError::Invalid("no".into()));
        assert_eq!(bad.error.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
