//! Reviews, their item rows, idempotency keys and API keys in one SQLite file.
//!
//! One connection writes (behind a lock that is waited on for at most the busy
//! timeout) and a pool of connections reads, so in WAL mode a reader never waits for
//! a writer. `review_id` is the primary key of a review, so a second row for a review
//! cannot exist whatever happens above. Idempotency keys record the first request's
//! body hash and, once it completes, its response, so a repeat gets the original
//! answer.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use super::row::{NewReview, compact_trace, items_into};
use super::schema::{self, Derive, MigrationError};
use crate::core::stats::{Fact, Report};

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
    #[error("cannot open the database {path}: {source}")]
    Migrate {
        path: PathBuf,
        #[source]
        source: MigrationError,
    },
    #[error("cannot open the database {path}'s read connections: {source}")]
    Pool {
        path: PathBuf,
        #[source]
        source: r2d2::Error,
    },
    /// Another writer (this process or another) held the database beyond the busy
    /// timeout.
    #[error("the database is busy (another writer holds it); retry shortly")]
    Busy,
    #[error("the database cannot be written: it is read-only")]
    ReadOnly,
    #[error("the database cannot be written: the disk is full")]
    Full,
    /// The operating system refused a read or write of the file (read-only or
    /// immutable, a failing disk).
    #[error("the database cannot be written: the file system refused it (an I/O error)")]
    Io,
    #[error("the disk is nearly full ({free} bytes free)")]
    LowSpace { free: u64 },
    #[error("cannot open the database {path} for writing: its file system is read-only")]
    ReadOnlyFs { path: PathBuf },
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("no read connection was free: {0}")]
    Read(#[from] r2d2::Error),
    #[error("the database is unavailable (a previous operation panicked)")]
    Poisoned,
    /// Another request's failure in the same group commit.
    #[error("{0}")]
    Shared(String),
    /// The writer thread is gone (the receiver is stopping).
    #[error("the receiver is stopping")]
    Stopping,
}

impl StoreError {
    /// The same failure for another request of a failed group commit: the kinds a
    /// client is told of stay what they are; the rest keep their text, for the log.
    pub fn duplicate(&self) -> StoreError {
        match self {
            StoreError::Busy => StoreError::Busy,
            StoreError::ReadOnly => StoreError::ReadOnly,
            StoreError::Full => StoreError::Full,
            StoreError::Io => StoreError::Io,
            other => StoreError::Shared(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    /// The faults a client can be told about (and may retry) by their kind; the rest
    /// stay SQL errors, for the log.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::Full,
            Some(ErrorCode::SystemIoFailure) => StoreError::Io,
            _ => StoreError::Sql(e),
        }
    }
}

/// What an idempotency key says about a request it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// Being processed right now by a receiver that marks keys in flight (the first
    /// receiver did; this one stores a review and its key in one transaction).
    InFlight,
    /// Already completed: the original response.
    Done { status: u16, body: String },
    /// The key was used with a different request body (or the review is stored
    /// already under no key, by the bulk loader).
    Mismatch,
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
    pub grade: Option<String>,
    pub submitted_at: String,
    pub received_at: String,
    /// From the review's context and reviewer, when it names them.
    pub call_id: Option<String>,
    pub agent_id: Option<String>,
    pub team: Option<String>,
    pub reviewer_id: Option<String>,
    pub received_by: Option<String>,
}

/// Which reviews a listing shows: each field given must match (all of them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub rubric_id: Option<String>,
    pub mode: Option<String>,
    /// The context's `call_id` / `agent_id` / `team`, compared as text (an agent id
    /// sent as the number 1024 matches "1024").
    pub call_id: Option<String>,
    pub agent_id: Option<String>,
    pub team: Option<String>,
    pub reviewer_id: Option<String>,
    /// `submitted_at` in `[from, to)`, as milliseconds since 1970.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Filter {
    /// The SQL conditions of the fields given (numbered parameters `?1`…) and their
    /// values: only what is given is in the statement, so SQLite can use the index of
    /// the field that narrows it most.
    /// A report's reviews in `mode` over `[from_ms, to_ms)`: its rubric and filters.
    fn of_report(q: &crate::core::stats::Query, mode: &str, from_ms: i64, to_ms: i64) -> Filter {
        Filter {
            rubric_id: Some(q.rubric.clone()),
            mode: Some(mode.to_owned()),
            agent_id: q.agent_id.clone(),
            team: q.team.clone(),
            reviewer_id: q.reviewer_id.clone(),
            from_ms: Some(from_ms),
            to_ms: Some(to_ms),
            ..Filter::default()
        }
    }

    fn clauses(&self) -> (Vec<String>, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value as V;
        let text = [
            ("rubric_id =", &self.rubric_id),
            ("mode =", &self.mode),
            ("call_id =", &self.call_id),
            ("agent_id =", &self.agent_id),
            ("team =", &self.team),
            ("reviewer_id =", &self.reviewer_id),
        ];
        let given = text
            .into_iter()
            .filter_map(|(c, v)| v.clone().map(|v| (c, V::Text(v))))
            .chain(self.from_ms.map(|v| ("submitted_ms >=", V::Integer(v))))
            .chain(self.to_ms.map(|v| ("submitted_ms <", V::Integer(v))));
        let (mut clauses, mut values) = (vec!["1 = 1".to_owned()], Vec::new());
        for (condition, value) in given {
            values.push(value);
            clauses.push(format!("{condition} ?{}", values.len()));
        }
        (clauses, values)
    }
}

/// Where a page starts: after the review stored as `seq` (newest first), or, with
/// offset paging, after skipping `offset` reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    First,
    Before(i64),
    Offset(i64),
}

/// A column the report console offers as a filter.
#[derive(Debug, Clone, Copy)]
pub enum Facet {
    Team,
    Agent,
    Reviewer,
}

/// One page of a listing: its reviews, the cursor of the next page, and (when asked)
/// how many reviews pass the filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub reviews: Vec<Summary>,
    pub next: Option<i64>,
    pub total: Option<u64>,
}

/// An API key's row (never its secret).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyInfo {
    pub id: String,
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// An idempotency key's row: request hash, state, status, response, last update.
type KeyRow = (String, String, Option<u16>, Option<String>, i64);

/// The fields drop in order: the readers before the writer, so that the writer closes
/// last, checkpoints and removes the WAL.
pub struct Store {
    readers: r2d2::Pool<SqliteConnectionManager>,
    writer: Mutex<Connection>,
    path: PathBuf,
    busy: Duration,
    checkpointer: Option<Checkpointer>,
}

/// The checkpointer thread and the channel whose closing stops it.
struct Checkpointer {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Drop for Store {
    /// Stop the checkpointer and wait for it, so that when a store is gone every
    /// connection to its file is closed (and SQLite has removed the WAL).
    fn drop(&mut self) {
        if let Some(Checkpointer { stop, thread }) = self.checkpointer.take() {
            drop(stop);
            let _ = thread.join();
        }
    }
}

/// A thread that moves the WAL's pages into the database file twice a second with a
/// passive checkpoint (one that never waits for a reader or a writer), so the writer
/// never stops to do it. `None` when its connection cannot be opened: the writer's
/// own automatic checkpoint still bounds the WAL.
fn checkpointer(path: &Path, busy: Duration) -> Option<Checkpointer> {
    use std::sync::mpsc::RecvTimeoutError;
    let conn = Connection::open(path).ok()?;
    conn.busy_timeout(busy).ok()?;
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("rubric-checkpoint".to_owned())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) =
                stopped.recv_timeout(Duration::from_millis(500))
            {
                // A failed checkpoint is retried at the next tick; the WAL only grows.
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        });
    spawned.ok().map(|thread| Checkpointer { stop, thread })
}

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Settings every connection gets: the busy timeout, a page cache of `cache_mib`
/// (SQLite's default of 2 MiB makes a million-review file's index updates read the
/// disk), and the file memory-mapped for reads.
fn prepare(conn: &Connection, busy: Duration, cache_mib: i64) -> rusqlite::Result<()> {
    conn.busy_timeout(busy)?;
    conn.pragma_update(None, "cache_size", -1024 * cache_mib)?;
    conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
}

impl Store {
    /// Open (creating if needed) the database file and bring it to this receiver's
    /// schema; `derive` turns a stored document into its row for the upgrade.
    pub fn open(
        path: &Path,
        busy: Duration,
        readers: u32,
        derive: Derive,
    ) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: path.to_owned(),
                source,
            })?;
        }
        // A read-only file system is refused up front, whatever SQLite would make of
        // it (with a WAL left behind, it can open the file for reading only).
        let writable = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path);
        if writable.is_err_and(|e| e.kind() == std::io::ErrorKind::ReadOnlyFilesystem) {
            return Err(StoreError::ReadOnlyFs {
                path: path.to_owned(),
            });
        }
        let failed = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let mut writer = Connection::open(path).map_err(failed)?;
        prepare(&writer, busy, 64).map_err(failed)?;
        // Checkpoints are the checkpointer thread's (below), so a write never waits
        // for one; the writer's own stays as a backstop at 100,000 pages (400 MB).
        let settings = [
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "wal_autocheckpoint=100000",
            "journal_size_limit=67108864",
        ];
        for setting in settings {
            let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
            writer.pragma_update(None, name, value).map_err(failed)?;
        }
        schema::migrate(&mut writer, derive).map_err(|source| StoreError::Migrate {
            path: path.to_owned(),
            source,
        })?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(move |c| prepare(c, busy, 16));
        let readers = r2d2::Pool::builder()
            .max_size(readers.max(1))
            .connection_timeout(busy.max(Duration::from_millis(100)))
            .build(manager)
            .map_err(|source| StoreError::Pool {
                path: path.to_owned(),
                source,
            })?;
        Ok(Store {
            writer: Mutex::new(writer),
            readers,
            path: path.to_owned(),
            busy,
            checkpointer: checkpointer(path, busy),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writing connection, waited for at most the busy timeout.
    fn writer(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        let deadline = Instant::now() + self.busy;
        loop {
            match self.writer.try_lock() {
                Ok(conn) => return Ok(conn),
                Err(TryLockError::Poisoned(_)) => return Err(StoreError::Poisoned),
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => {
                    return Err(StoreError::Busy);
                }
                Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(1)),
            }
        }
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.writer()?;
        Ok(f(&mut conn)?)
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        let conn = self.readers.get()?;
        Ok(f(&conn)?)
    }

    /// What the stored idempotency key says of a request with this body hash, read
    /// without taking the write lock (`None`: not seen, or abandoned in flight).
    pub fn lookup(&self, key: &str, request_hash: &str) -> Result<Option<KeyState>, StoreError> {
        self.read(|conn| key_state(conn, key, request_hash))
    }

    /// Store each submission's review, its item rows and
    /// its key with the response, unless its key settles it (then `Some` says how):
    /// all in one transaction (a group commit), each under its own savepoint so that
    /// one's failure leaves the others. Nothing is left behind when it fails, so no
    /// key is ever stuck "in flight" by this receiver.
    pub fn submit(
        &self,
        batch: &[Submission],
    ) -> Result<Vec<Result<Option<KeyState>, StoreError>>, StoreError> {
        self.write(|conn| {
            let mut tx =
                conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut outcomes = Vec::with_capacity(batch.len());
            for one in batch {
                let mut savepoint = tx.savepoint()?;
                let outcome = submit_one(&savepoint, one);
                if !matches!(outcome, Ok(None)) {
                    savepoint.rollback()?;
                }
                savepoint.commit()?;
                outcomes.push(outcome.map_err(StoreError::from));
            }
            tx.commit()?;
            Ok(outcomes)
        })
    }

    /// Store reviews without idempotency keys, in one transaction (the scale
    /// benchmark's bulk loader).
    pub fn bulk_insert(&self, reviews: &[NewReview], received_at: &str) -> Result<(), StoreError> {
        self.write(|conn| {
            let tx = conn.transaction()?;
            for review in reviews {
                let seq = insert_review(&tx, review, received_at)?;
                review.insert_items(&tx, seq)?;
            }
            tx.commit()
        })
    }

    /// A stored review's document and the columns that say who may read it.
    pub fn review(&self, review_id: &str) -> Result<Option<Stored>, StoreError> {
        self.read(|conn| {
            conn.query_row(
                "SELECT document, received_at, mode, agent_id, reviewer_id FROM reviews WHERE review_id = ?1",
                [review_id],
                |r| {
                    Ok(Stored {
                        document: r.get(0)?,
                        received_at: r.get(1)?,
                        mode: r.get(2)?,
                        agent_id: r.get(3)?,
                        reviewer_id: r.get(4)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Reviews that pass `filter`, newest first, a page of at most `limit` from
    /// `start`; with `count`, how many pass the filter in all.
    pub fn list(
        &self,
        filter: &Filter,
        limit: u32,
        start: Start,
        count: bool,
    ) -> Result<Listing, StoreError> {
        let (clauses, values) = filter.clauses();
        let matches = clauses.join(" AND ");
        let (before, offset) = match start {
            Start::First => (i64::MAX, 0),
            Start::Before(seq) => (seq, 0),
            Start::Offset(offset) => (i64::MAX, offset),
        };
        let page: Vec<&dyn rusqlite::ToSql> = values
            .iter()
            .map(|v| v as &dyn rusqlite::ToSql)
            .chain([&before as &dyn rusqlite::ToSql, &limit, &offset])
            .collect();
        let n = values.len();
        self.read(|conn| {
            let total = match count {
                true => Some(conn.query_row(
                    &format!("SELECT COUNT(*) FROM reviews WHERE {matches}"),
                    rusqlite::params_from_iter(&values),
                    |r| r.get(0),
                )?),
                false => None,
            };
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT seq, review_id, rubric_id, rubric_version, digest_matches, mode, total, passed, fatal,
                        complete, grade, submitted_at, received_at, call_id, agent_id, team, reviewer_id, received_by
                 FROM reviews WHERE {matches} AND seq < ?{} ORDER BY seq DESC LIMIT ?{} OFFSET ?{}",
                n + 1,
                n + 2,
                n + 3
            ))?;
            let mut last = None;
            let rows = stmt.query_map(rusqlite::params_from_iter(page), |r| {
                Ok((r.get::<_, i64>(0)?, summary(r)?))
            })?;
            let mut reviews = Vec::new();
            for row in rows {
                let (seq, summary) = row?;
                last = Some(seq);
                reviews.push(summary);
            }
            let next = last.filter(|_| reviews.len() == limit as usize);
            Ok(Listing { reviews, next, total })
        })
    }

    /// Feed `report` every stored review it may need: its rubric, mode `inspect`, from
    /// the start of the previous period (for the agents' comparison) to the end of
    /// the report's, narrowed by its filters; one row per review, its columns and its
    /// compact trace, never the documents or the item rows.
    pub fn report(&self, report: &mut Report) -> Result<(), StoreError> {
        let q = report.query().clone();
        // The previous period only for the agents' means: no item figures needed.
        let periods = [
            (q.previous_from_ms(), q.from_ms, false),
            (q.from_ms, q.to_ms, true),
        ];
        for (from_ms, to_ms, items) in periods {
            let (clauses, values) = Filter::of_report(&q, "inspect", from_ms, to_ms).clauses();
            let trace = if items { "trace" } else { "NULL" };
            let sql = format!(
                "SELECT seq, submitted_ms, total, passed, fatal, grade, agent_id, team, reviewer_id, {trace}
                 FROM reviews INDEXED BY reviews_report WHERE {}",
                clauses.join(" AND ")
            );
            self.read(|conn| {
                let mut stmt = conn.prepare(&sql)?;
                let rows = stmt.query(rusqlite::params_from_iter(&values))?;
                feed(rows, &q.rubric, report)
            })?;
        }
        if report.wants_calibration() {
            self.calibrations(report)?;
        }
        Ok(())
    }

    /// Feed `report` the period's calibrations: their comparison with the expert, read
    /// from the documents of the (few) `calibrate` reviews.
    fn calibrations(&self, report: &mut Report) -> Result<(), StoreError> {
        let q = report.query().clone();
        let (clauses, values) = Filter::of_report(&q, "calibrate", q.from_ms, q.to_ms).clauses();
        let sql = format!(
            "SELECT seq, submitted_ms, total, passed, fatal, grade, agent_id, team, reviewer_id,
                    json_extract(document, '$.calibration.agreement'),
                    json_extract(document, '$.calibration.calibrated')
             FROM reviews INDEXED BY reviews_report WHERE {}",
            clauses.join(" AND ")
        );
        self.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(&values))?;
            while let Some(row) = rows.next()? {
                let mut fact = fact_of(Some(row), &q.rubric)?;
                fact.mode = crate::core::Mode::Calibrate;
                let (agreement, calibrated): (Option<f64>, Option<bool>) =
                    (row.get(9)?, row.get(10)?);
                fact.calibration = agreement.zip(calibrated);
                report.add(&fact);
            }
            Ok(())
        })
    }

    /// Every stored review of `rubric` submitted in `[from_ms, to_ms)`, oldest first,
    /// a page of at most `limit` after the one stored as `after`: (seq, document).
    pub fn export_page(
        &self,
        rubric: &str,
        from_ms: i64,
        to_ms: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT seq, document FROM reviews INDEXED BY reviews_rubric
                 WHERE rubric_id = ?1 AND seq > ?2 AND submitted_ms >= ?3 AND submitted_ms < ?4
                 ORDER BY seq LIMIT ?5",
            )?;
            let rows = stmt.query_map(params![rubric, after, from_ms, to_ms, limit], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect()
        })
    }

    /// Every distinct value of `column` (`team`, `agent_id` or `reviewer_id`) any
    /// stored review has, sorted: the report console's choices. A loose index scan,
    /// one index seek per value, however many reviews share it.
    pub fn distinct(&self, column: Facet) -> Result<Vec<String>, StoreError> {
        let (column, index) = match column {
            Facet::Team => ("team", "reviews_team"),
            Facet::Agent => ("agent_id", "reviews_agent"),
            Facet::Reviewer => ("reviewer_id", "reviews_reviewer"),
        };
        let sql = format!(
            "WITH RECURSIVE seen(v) AS (
               SELECT MIN({column}) FROM reviews INDEXED BY {index}
               UNION ALL
               SELECT (SELECT MIN({column}) FROM reviews INDEXED BY {index} WHERE {column} > seen.v)
               FROM seen WHERE seen.v IS NOT NULL)
             SELECT v FROM seen WHERE v IS NOT NULL LIMIT 10000"
        );
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        self.read(|conn| conn.query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0)))
    }

    /// `Ok` only when the database can be written now: its disk has at least
    /// `min_free` bytes available, and a one-row write commits. (A rolled-back write
    /// would prove nothing: SQLite writes pages to the WAL only when committing.)
    pub fn probe(&self, min_free: u64) -> Result<(), StoreError> {
        let folder = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        match fs4::available_space(folder) {
            Ok(free) if free < min_free => return Err(StoreError::LowSpace { free }),
            // Unknown space is not a failure: the write below decides.
            _ => {}
        }
        self.write(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM health", [])?;
            tx.execute("INSERT INTO health (probe) VALUES (?1)", [now_seconds()])?;
            tx.commit()
        })
    }

    /// Store an API key's hash under its id.
    pub fn add_key(&self, key: &KeyInfo, hash: &str) -> Result<(), StoreError> {
        self.write(|conn| {
            conn.execute(
                "INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key.id, key.name, key.role, hash, key.created_at],
            )
            .map(|_| ())
        })
    }

    /// Every API key, oldest first.
    pub fn keys(&self) -> Result<Vec<KeyInfo>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(KeyInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    created_at: r.get(3)?,
                    revoked_at: r.get(4)?,
                })
            })?;
            rows.collect()
        })
    }

    /// A key that is not revoked: its role and its secret's hash.
    pub fn live_key(&self, id: &str) -> Result<Option<(String, String)>, StoreError> {
        self.read(|conn| {
            conn.query_row(
                "SELECT role, hash FROM api_keys WHERE id = ?1 AND revoked_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }

    /// Revoke a key; `false` when there is no such key or it was revoked already.
    pub fn revoke_key(&self, id: &str, at: &str) -> Result<bool, StoreError> {
        self.write(|conn| {
            conn.execute(
                "UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, at],
            )
            .map(|n| n > 0)
        })
    }
}

/// A stored review's document, with the columns that decide who may read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub document: String,
    pub received_at: String,
    pub mode: String,
    pub agent_id: Option<String>,
    pub reviewer_id: Option<String>,
}

/// What the key's row says of a request with this body hash. A key left in flight
/// by a process that is gone is ignored before the bodies are compared, so a
/// corrected request may follow an interrupted one.
fn key_state(
    conn: &Connection,
    key: &str,
    request_hash: &str,
) -> rusqlite::Result<Option<KeyState>> {
    let row: Option<KeyRow> = conn
        .query_row(
            "SELECT request_hash, state, status, response, updated_at FROM idempotency_keys WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let abandoned = |updated: i64| now_seconds() - updated >= ABANDONED_AFTER_SECONDS;
    Ok(match row {
        None => None,
        Some((_, state, _, _, updated)) if state == "in_flight" && abandoned(updated) => None,
        Some((hash, ..)) if hash != request_hash => Some(KeyState::Mismatch),
        Some((_, state, Some(status), Some(body), _)) if state == "done" => {
            Some(KeyState::Done { status, body })
        }
        Some(_) => Some(KeyState::InFlight),
    })
}

/// What a review submitted under an idempotency key brings to store.
#[derive(Debug, Clone)]
pub struct Submission {
    pub key: String,
    pub request_hash: String,
    pub row: NewReview,
    /// The answer a replay gives; it names `received_at`.
    pub response: String,
    pub received_at: String,
}

fn submit_one(tx: &Connection, one: &Submission) -> rusqlite::Result<Option<KeyState>> {
    if let Some(state) = key_state(tx, &one.key, &one.request_hash)? {
        return Ok(Some(state));
    }
    let seq = match insert_review(tx, &one.row, &one.received_at) {
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            return Ok(Some(KeyState::Mismatch));
        }
        other => other?,
    };
    one.row.insert_items(tx, seq)?;
    tx.execute(
        "INSERT INTO idempotency_keys (key, request_hash, state, status, response, updated_at)
         VALUES (?1, ?2, 'done', 201, ?3, ?4)
         ON CONFLICT(key) DO UPDATE SET request_hash = ?2, state = 'done', status = 201, response = ?3, updated_at = ?4",
        params![one.key, one.request_hash, one.response, now_seconds()],
    )?;
    Ok(None)
}

fn insert_review(tx: &Connection, review: &NewReview, received_at: &str) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO reviews (review_id, rubric_id, rubric_version, rubric_digest, digest_matches, mode,
                              total, passed, fatal, complete, submitted_at, received_at, document,
                              submitted_ms, grade, agent_id, call_id, team, reviewer_id, received_by, trace)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
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
        review.submitted_ms,
        review.grade,
        review.agent_id,
        review.call_id,
        review.team,
        review.reviewer_id,
        review.received_by,
        compact_trace(&review.items),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Facts per batch handed from the reading thread to the adding one.
const BATCH: usize = 512;

/// Read `rows` into facts on this thread while another adds them to `report`, in the
/// same order (so the sums are the same as one thread's): reading and parsing are
/// about half the work, adding the other half. Batches go back to be refilled, their
/// strings and item lists keeping their allocations (a year is 700,000 rows).
fn feed(mut rows: rusqlite::Rows, rubric: &str, report: &mut Report) -> rusqlite::Result<()> {
    std::thread::scope(|scope| {
        let (full, filled) = std::sync::mpsc::sync_channel::<Vec<Fact>>(4);
        let (empty, emptied) = std::sync::mpsc::channel::<Vec<Fact>>();
        let adder = scope.spawn(move || {
            for batch in filled {
                batch.iter().for_each(|fact| report.add(fact));
                // The reader may have finished; then the batch is simply dropped.
                let _ = empty.send(batch);
            }
        });
        let mut read = || -> rusqlite::Result<()> {
            let mut batch: Vec<Fact> = Vec::with_capacity(BATCH);
            let mut used = 0;
            while let Some(row) = rows.next()? {
                if used == batch.len() {
                    batch.push(fact_of(None, rubric)?);
                }
                let fact = &mut batch[used];
                used += 1;
                refill(fact, row)?;
                match row.get_ref(9)?.as_str_or_null()? {
                    Some(trace) => items_into(trace, &mut fact.items),
                    None => fact.items.clear(),
                }
                if used == BATCH {
                    let next = emptied.try_recv().unwrap_or_default();
                    if full.send(std::mem::replace(&mut batch, next)).is_err() {
                        return Ok(());
                    }
                    used = 0;
                }
            }
            batch.truncate(used);
            // The adder stops only when this sender is dropped: sending cannot fail.
            let _ = full.send(batch);
            Ok(())
        };
        let result = read();
        drop(full);
        // A panic in the adder is a bug in the report, not bad input: pass it on.
        if let Err(panic) = adder.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}

/// A fact of `rubric` from a report row's columns (the first nine of its query), items
/// to come; an empty one without a row.
fn fact_of(row: Option<&rusqlite::Row>, rubric: &str) -> rusqlite::Result<Fact> {
    let mut fact = Fact {
        rubric_id: rubric.to_owned(),
        mode: crate::core::Mode::Inspect,
        submitted_ms: 0,
        total: None,
        passed: None,
        fatal: false,
        grade: None,
        agent_id: None,
        team: None,
        reviewer_id: None,
        items: Vec::new(),
        calibration: None,
    };
    if let Some(row) = row {
        refill(&mut fact, row)?;
    }
    Ok(fact)
}

/// Fill `fact` with a report row's columns (seq, submitted_ms, total, passed, fatal,
/// grade, agent_id, team, reviewer_id, …), reusing its strings.
fn refill(fact: &mut Fact, row: &rusqlite::Row) -> rusqlite::Result<()> {
    let text = |slot: &mut Option<String>, at: usize| -> rusqlite::Result<()> {
        match row.get_ref(at)?.as_str_or_null()? {
            Some(value) => {
                let kept = slot.get_or_insert_with(String::new);
                kept.clear();
                kept.push_str(value);
            }
            None => *slot = None,
        }
        Ok(())
    };
    fact.submitted_ms = row.get(1)?;
    fact.total = row.get(2)?;
    fact.passed = row.get(3)?;
    fact.fatal = row.get(4)?;
    text(&mut fact.grade, 5)?;
    text(&mut fact.agent_id, 6)?;
    text(&mut fact.team, 7)?;
    text(&mut fact.reviewer_id, 8)
}

fn summary(r: &rusqlite::Row) -> rusqlite::Result<Summary> {
    Ok(Summary {
        review_id: r.get(1)?,
        rubric_id: r.get(2)?,
        rubric_version: r.get(3)?,
        digest_matches: r.get(4)?,
        mode: r.get(5)?,
        total: r.get(6)?,
        passed: r.get(7)?,
        fatal: r.get(8)?,
        complete: r.get(9)?,
        grade: r.get(10)?,
        submitted_at: r.get(11)?,
        received_at: r.get(12)?,
        call_id: r.get(13)?,
        agent_id: r.get(14)?,
        team: r.get(15)?,
        reviewer_id: r.get(16)?,
        received_by: r.get(17)?,
    })
}
