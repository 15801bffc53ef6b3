//! Users, API tokens and sign-in sessions (tables of schema v9; the rules are in `auth.rs`).

use super::{now, SqliteStore};
use crate::auth::{self, ApiToken, Role, Session, User};
use crate::error::{Result, StoreError};
use crate::types::AuditEvent;
use rusqlite::{params, Connection, OptionalExtension, Row};

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.disabled, u.created_at, u.last_login";

fn user_row(r: &Row<'_>) -> rusqlite::Result<(User, String)> {
    let role: String = r.get(2)?;
    Ok((
        User {
            id: r.get(0)?,
            name: r.get(1)?,
            // the table's CHECK admits only the four roles
            role: role.parse().unwrap_or(Role::Viewer),
            disabled: r.get::<_, i64>(3)? != 0,
            created_at: r.get(4)?,
            last_login: r.get(5)?,
        },
        role,
    ))
}

fn not_found(name: &str) -> StoreError {
    StoreError::NotFound {
        what: "user",
        id: name.to_string(),
    }
}

impl SqliteStore {
    /// Appends the audit event of an account change (`user.add`, `token.revoke`, …) made in `tx`,
    /// naming the store's actor: who, what and when, never a password or a token.
    fn audit_account_change(
        &self,
        tx: &Connection,
        action: &str,
        entity: &str,
        entity_id: &str,
        detail: serde_json::Value,
        at: &str,
    ) -> Result<()> {
        let event = AuditEvent {
            actor: self.actor(),
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: entity_id.to_string(),
            detail: Some(detail),
            before: None,
            after: None,
            reason: None,
        };
        super::audit::append(tx, &event, at)?;
        Ok(())
    }

    /// Adds a user with `password` (hashed here, Argon2id with its own salt). Fails when the name is
    /// malformed or taken.
    pub fn add_user(&self, name: &str, role: Role, password: &str) -> Result<User> {
        auth::check_name(name)?;
        let phc = auth::hash_password(password)?;
        let tx = self.write()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::Invalid(format!("a user named {name:?} exists")));
        }
        let at = now(&tx)?;
        tx.execute(
            "INSERT INTO users (name, role, password, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.as_str(), phc, at],
        )?;
        let detail = serde_json::json!({ "role": role.as_str() });
        self.audit_account_change(&tx, "user.add", "user", name, detail, &at)?;
        tx.commit()?;
        self.user(name)?.ok_or_else(|| not_found(name))
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.name"
        ))?;
        let rows = stmt
            .query_map([], |r| user_row(r).map(|(u, _)| u))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The user named `name`.
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users u WHERE u.name = ?1"
            ))?
            .query_row([name], |r| user_row(r).map(|(u, _)| u))
            .optional()?)
    }

    /// Disables (or enables again) the user named `name`; disabling also ends the user's sessions.
    pub fn set_user_disabled(&self, name: &str, disabled: bool) -> Result<()> {
        let tx = self.write()?;
        let n = tx.execute(
            "UPDATE users SET disabled = ?2 WHERE name = ?1",
            params![name, i64::from(disabled)],
        )?;
        if n == 0 {
            return Err(not_found(name));
        }
        if disabled {
            tx.execute(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
                [name],
            )?;
        }
        let at = now(&tx)?;
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        let detail = serde_json::json!({ "disabled": disabled });
        self.audit_account_change(&tx, action, "user", name, detail, &at)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a new password for the user named `name` and ends the user's sessions.
    pub fn set_password(&self, name: &str, password: &str) -> Result<()> {
        let phc = auth::hash_password(password)?;
        let tx = self.write()?;
        let n = tx.execute(
            "UPDATE users SET password = ?2 WHERE name = ?1",
            params![name, phc],
        )?;
        if n == 0 {
            return Err(not_found(name));
        }
        tx.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
            [name],
        )?;
        let at = now(&tx)?;
        let detail = serde_json::json!({ "sessions_ended": true });
        self.audit_account_change(&tx, "user.reset", "user", name, detail, &at)?;
        tx.commit()?;
        Ok(())
    }

    /// The user named `name` when `password` is theirs and they are not disabled; `None` otherwise
    /// (an unknown name costs a hash too, so timing does not tell which names exist).
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, u.password FROM users u WHERE u.name = ?1"
            ))?
            .query_row([name], |r| Ok((user_row(r)?.0, r.get::<_, String>(6)?)))
            .optional()?;
        match found {
            Some((user, phc)) => {
                let ok = auth::verify_password(&phc, password);
                Ok((ok && !user.disabled).then_some(user))
            }
            None => {
                // same work as a real check
                static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let dummy = DUMMY.get_or_init(|| {
                    auth::hash_password("no such user's password").unwrap_or_default()
                });
                let _ = auth::verify_password(dummy, password);
                Ok(None)
            }
        }
    }

    /// Makes an API token acting as the user named `name`: returns its id and the token, which is
    /// shown once (only its SHA-256 is stored).
    pub fn create_token(&self, name: &str) -> Result<(i64, String)> {
        let token = format!("toll_{}", auth::random_hex(32)?);
        let tx = self.write()?;
        let user_id: i64 = tx
            .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found(name))?;
        let at = now(&tx)?;
        tx.execute(
            "INSERT INTO api_tokens (user_id, token_sha256, created_at) VALUES (?1, ?2, ?3)",
            params![user_id, auth::sha256_hex(&token), at],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({ "user": name });
        self.audit_account_change(&tx, "token.create", "token", &id.to_string(), detail, &at)?;
        tx.commit()?;
        Ok((id, token))
    }

    /// Revokes the token `id` (revoking it again changes nothing).
    pub fn revoke_token(&self, id: i64) -> Result<()> {
        let tx = self.write()?;
        let at = now(&tx)?;
        let n = tx.execute(
            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            params![id, at],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "token",
                id: id.to_string(),
            });
        }
        let user: String = tx.query_row(
            "SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let detail = serde_json::json!({ "user": user });
        self.audit_account_change(&tx, "token.revoke", "token", &id.to_string(), detail, &at)?;
        tx.commit()?;
        Ok(())
    }

    /// Every API token, oldest first.
    pub fn tokens(&self) -> Result<Vec<ApiToken>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, u.name, t.created_at, t.revoked_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ApiToken {
                    id: r.get(0)?,
                    user: r.get(1)?,
                    created_at: r.get(2)?,
                    revoked_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The user a bearer token acts as, when the token exists, is not revoked and its user is not
    /// disabled.
    pub fn user_by_token(&self, token: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_sha256 = ?1 AND t.revoked_at IS NULL AND u.disabled = 0"
            ))?
            .query_row([auth::sha256_hex(token)], |r| user_row(r).map(|(u, _)| u))
            .optional()?)
    }

    /// Starts a session of `user_id` lasting `ttl_secs`, records the sign-in, and deletes expired
    /// sessions. Returns the session id (for the cookie; only its SHA-256 is stored) and its CSRF token.
    pub fn create_session(&self, user_id: i64, ttl_secs: i64) -> Result<(String, String)> {
        let id = auth::random_hex(32)?;
        let csrf = auth::random_hex(32)?;
        let tx = self.write()?;
        let at = now(&tx)?;
        tx.execute(
            "DELETE FROM sessions WHERE expires_at <= CAST(strftime('%s', 'now') AS INTEGER)",
            [],
        )?;
        tx.execute(
            "INSERT INTO sessions (id_sha256, user_id, csrf, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, CAST(strftime('%s', 'now') AS INTEGER) + ?5)",
            params![auth::sha256_hex(&id), user_id, csrf, at, ttl_secs],
        )?;
        tx.execute(
            "UPDATE users SET last_login = ?2 WHERE id = ?1",
            params![user_id, at],
        )?;
        tx.commit()?;
        Ok((id, csrf))
    }

    /// The session `id` (as held in the cookie) when it exists, has not expired and its user is not
    /// disabled.
    pub fn session(&self, id: &str) -> Result<Option<Session>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.id_sha256 = ?1 AND u.disabled = 0
                   AND s.expires_at > CAST(strftime('%s', 'now') AS INTEGER)"
            ))?
            .query_row([auth::sha256_hex(id)], |r| {
                Ok(Session {
                    user: user_row(r)?.0,
                    csrf: r.get(6)?,
                })
            })
            .optional()?)
    }

    /// Ends the session `id` (signing out).
    pub fn end_session(&self, id: &str) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM sessions WHERE id_sha256 = ?1",
            [auth::sha256_hex(id)],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "a long test password";

    #[test]
    fn users_sign_in_only_with_their_password_and_while_enabled() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        let ana = store.add_user("ana", Role::Analyst, PW)?;
        assert_eq!(ana.role, Role::Analyst);
        assert!(
            store.add_user("ana", Role::Admin, PW).is_err(),
            "name taken"
        );
        assert!(store.add_user("a b", Role::Admin, PW).is_err(), "bad name");
        assert_eq!(store.check_password("ana", PW)?, Some(ana.clone()));
        assert_eq!(store.check_password("ana", "wrong password!")?, None);
        assert_eq!(store.check_password("nobody", PW)?, None);
        let stored: String =
            store
                .conn
                .query_row("SELECT password FROM users WHERE name = 'ana'", [], |r| {
                    r.get(0)
                })?;
        assert!(stored.starts_with("$argon2id$") && !stored.contains(PW));
        store.set_user_disabled("ana", true)?;
        assert_eq!(store.check_password("ana", PW)?, None);
        assert!(store.user("ana")?.is_some_and(|u| u.disabled));
        store.set_user_disabled("ana", false)?;
        store.set_password("ana", "another password")?;
        assert_eq!(store.check_password("ana", PW)?, None);
        assert!(store.check_password("ana", "another password")?.is_some());
        assert!(store.set_password("nobody", PW).is_err());
        assert_eq!(store.users()?.len(), 1);
        Ok(())
    }

    #[test]
    fn tokens_are_stored_hashed_and_revocable() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        store.add_user("bot", Role::Editor, PW)?;
        let (id, token) = store.create_token("bot")?;
        assert!(token.starts_with("toll_") && token.len() == 69);
        let hashes: Vec<String> = store
            .conn
            .prepare("SELECT token_sha256 FROM api_tokens")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(hashes, vec![auth::sha256_hex(&token)]);
        assert_eq!(
            store.user_by_token(&token)?.map(|u| u.name),
            Some("bot".into())
        );
        assert_eq!(store.user_by_token("toll_nope")?, None);
        store.set_user_disabled("bot", true)?;
        assert_eq!(store.user_by_token(&token)?, None, "disabled user");
        store.set_user_disabled("bot", false)?;
        store.revoke_token(id)?;
        assert_eq!(store.user_by_token(&token)?, None, "revoked");
        assert!(store.tokens()?[0].revoked_at.is_some());
        assert!(store.revoke_token(id + 100).is_err());
        assert!(store.create_token("nobody").is_err());
        Ok(())
    }

    #[test]
    fn sessions_expire_and_end() -> Result<()> {
        let store = SqliteStore::open_in_memory()?;
        let u = store.add_user("ed", Role::Editor, PW)?;
        let (id, csrf) = store.create_session(u.id, 3600)?;
        let s = store.session(&id)?;
        assert_eq!(s.as_ref().map(|s| s.csrf.as_str()), Some(csrf.as_str()));
        assert!(store.user("ed")?.is_some_and(|u| u.last_login.is_some()));
        store.end_session(&id)?;
        assert_eq!(store.session(&id)?, None);
        let (expired, _) = store.create_session(u.id, -1)?;
        assert_eq!(store.session(&expired)?, None);
        let (live, _) = store.create_session(u.id, 3600)?;
        store.set_password("ed", "a new password here")?;
        assert_eq!(store.session(&live)?, None, "a new password ends sessions");
        Ok(())
    }
}
