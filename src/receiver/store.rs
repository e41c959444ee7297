//! Reviews and idempotency keys in one SQLite file.
//!
//! `review_id` is the primary key of a review, so a second row for a review cannot
//! exist whatever happens above. Idempotency keys record the first request's body
//! hash and, once it completes, its response, so a repeat gets the original answer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

/// How long a request may stay "in flight" before a repeat may take it over (the
/// process that held it is presumed gone).
const ABANDONED_AFTER_SECONDS: i64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder for the database {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the database is unavailable (a previous operation panicked)")]
    Poisoned,
}

/// What an idempotency key says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// First seen: now marked in flight for this request.
    New,
    /// The same key is being processed right now.
    InFlight,
    /// Already completed: the original response.
    Done { status: u16, body: String },
    /// The key was used with a different request body.
    Mismatch,
}

/// A review to store, with the columns backends query.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub review_id: &'a str,
    pub rubric_id: &'a str,
    pub rubric_version: &'a str,
    pub rubric_digest: &'a str,
    pub digest_matches: bool,
    pub mode: &'a str,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub fatal: bool,
    pub complete: bool,
    pub submitted_at: &'a str,
    pub document: &'a str,
}

/// A stored review in a listing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    pub review_id: String,
    pub rubric_id: String,
    pub rubric_version: String,
    pub digest_matches: bool,
    pub mode: String,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub fatal: bool,
    pub complete: bool,
    pub submitted_at: String,
    pub received_at: String,
    /// From the review's context, when it names them.
    pub call_id: Option<String>,
    pub agent_id: Option<String>,
}

/// Which reviews a listing shows: each field given must match (all of them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub rubric_id: Option<String>,
    pub mode: Option<String>,
    /// The context's `call_id` / `agent_id`, compared as text (an agent id sent as the
    /// number 1024 matches "1024").
    pub call_id: Option<String>,
    pub agent_id: Option<String>,
}

/// An idempotency key's row: request hash, state, status, response, last update.
type KeyRow = (String, String, Option<u16>, Option<String>, i64);

pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS reviews (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id      TEXT NOT NULL UNIQUE,
    rubric_id      TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    rubric_digest  TEXT NOT NULL,
    digest_matches INTEGER NOT NULL,
    mode           TEXT NOT NULL,
    total          REAL,
    passed         INTEGER,
    fatal          INTEGER NOT NULL,
    complete       INTEGER NOT NULL,
    submitted_at   TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    document       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    status       INTEGER,
    response     TEXT,
    updated_at   INTEGER NOT NULL
);
";

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Store {
    /// Open (creating if needed) the database file.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: path.to_owned(),
                source,
            })?;
        }
        let open = |path: &Path| -> Result<Connection, rusqlite::Error> {
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.execute_batch(SCHEMA)?;
            Ok(conn)
        };
        let conn = open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().map_err(|_| StoreError::Poisoned)?;
        Ok(f(&mut conn)?)
    }

    /// Claim an idempotency key for a request with this body hash.
    pub fn begin(&self, key: &str, request_hash: &str) -> Result<KeyState, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let row: Option<KeyRow> = tx
                .query_row(
                    "SELECT request_hash, state, status, response, updated_at FROM idempotency_keys WHERE key = ?1",
                    [key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let now = now_seconds();
            let state = match row {
                Some((hash, _, _, _, _)) if hash != request_hash => KeyState::Mismatch,
                Some((_, state, Some(status), Some(body), _)) if state == "done" => KeyState::Done { status, body },
                Some((_, _, _, _, updated)) if now - updated < ABANDONED_AFTER_SECONDS => KeyState::InFlight,
                // Never seen, or abandoned in flight: this request takes it.
                _ => {
                    tx.execute(
                        "INSERT INTO idempotency_keys (key, request_hash, state, updated_at) VALUES (?1, ?2, 'in_flight', ?3)
                         ON CONFLICT(key) DO UPDATE SET request_hash = ?2, state = 'in_flight', status = NULL, response = NULL, updated_at = ?3",
                        params![key, request_hash, now],
                    )?;
                    KeyState::New
                }
            };
            tx.commit()?;
            Ok(state)
        })
    }

    /// Store a review (received at `received_at`) and complete its key with the
    /// response, in one transaction.
    pub fn complete(
        &self,
        key: &str,
        review: &NewReview,
        received_at: &str,
        status: u16,
        response: &str,
    ) -> Result<(), StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO reviews (review_id, rubric_id, rubric_version, rubric_digest, digest_matches, mode,
                                      total, passed, fatal, complete, submitted_at, received_at, document)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    review.review_id,
                    review.rubric_id,
                    review.rubric_version,
                    review.rubric_digest,
                    review.digest_matches,
                    review.mode,
                    review.total,
                    review.passed,
                    review.fatal,
                    review.complete,
                    review.submitted_at,
                    received_at,
                    review.document,
                ],
            )?;
            tx.execute(
                "UPDATE idempotency_keys SET state = 'done', status = ?2, response = ?3, updated_at = ?4 WHERE key = ?1",
                params![key, status, response, now_seconds()],
            )?;
            tx.commit()
        })
    }

    /// Forget a key whose request was not stored (rejected, or failed), so the client
    /// may send a corrected request under the same key.
    pub fn release(&self, key: &str) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "DELETE FROM idempotency_keys WHERE key = ?1 AND state = 'in_flight'",
                [key],
            )
            .map(|_| ())
        })
    }

    /// A stored review's document and when it was received.
    pub fn review(&self, review_id: &str) -> Result<Option<(String, String)>, StoreError> {
        self.with(|conn| {
            conn.query_row(
                "SELECT document, received_at FROM reviews WHERE review_id = ?1",
                [review_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }

    /// Reviews that pass `filter`, newest first: how many there are, and one page of
    /// them.
    pub fn list(
        &self,
        filter: &Filter,
        limit: u32,
        offset: u64,
    ) -> Result<(u64, Vec<Summary>), StoreError> {
        // One statement whatever is given: an absent field (NULL) matches every row.
        const CALL_ID: &str = "CAST(json_extract(document, '$.context.call_id') AS TEXT)";
        const AGENT_ID: &str = "CAST(json_extract(document, '$.context.agent_id') AS TEXT)";
        let matches = format!(
            "(?1 IS NULL OR rubric_id = ?1) AND (?2 IS NULL OR mode = ?2)
             AND (?3 IS NULL OR {CALL_ID} = ?3) AND (?4 IS NULL OR {AGENT_ID} = ?4)"
        );
        let given: [&dyn rusqlite::ToSql; 4] = [
            &filter.rubric_id,
            &filter.mode,
            &filter.call_id,
            &filter.agent_id,
        ];
        let page = given
            .into_iter()
            .chain([&limit as &dyn rusqlite::ToSql, &offset]);
        self.with(|conn| {
            let total: u64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM reviews WHERE {matches}"),
                given,
                |r| r.get(0),
            )?;
            let mut stmt = conn.prepare(&format!(
                "SELECT review_id, rubric_id, rubric_version, digest_matches, mode, total, passed, fatal,
                        complete, submitted_at, received_at, {CALL_ID}, {AGENT_ID}
                 FROM reviews WHERE {matches} ORDER BY seq DESC LIMIT ?5 OFFSET ?6"
            ))?;
            let rows = stmt.query_map(
                rusqlite::params_from_iter(page),
                |r| {
                    Ok(Summary {
                        review_id: r.get(0)?,
                        rubric_id: r.get(1)?,
                        rubric_version: r.get(2)?,
                        digest_matches: r.get(3)?,
                        mode: r.get(4)?,
                        total: r.get(5)?,
                        passed: r.get(6)?,
                        fatal: r.get(7)?,
                        complete: r.get(8)?,
                        submitted_at: r.get(9)?,
                        received_at: r.get(10)?,
                        call_id: r.get(11)?,
                        agent_id: r.get(12)?,
                    })
                },
            )?;
            let page = rows.collect::<Result<Vec<_>, _>>()?;
            Ok((total, page))
        })
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        self.with(|conn| conn.query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0)))
    }
}
