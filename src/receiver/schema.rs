//! The database's schema, by version (`PRAGMA user_version`), and the steps that
//! bring an older file up to date in place when a receiver opens it.
//!
//! | version | what it holds |
//! |---|---|
//! | 0 | an empty file, or one written by the first receiver (reviews with the document and a few columns; idempotency keys) |
//! | 1 | that first schema, now with a version number |
//! | 2 | indexed columns people filter and group by, one row per scored item (`review_items`), API keys, a scratch table for the health check |
//! | 3 | each review's item figures in its own row (`trace`), and the time index led by the rubric, so a report reads one row per review of its period |
//! | 4 | a time index covering everything a report reads, so a report never reads the rows (and their documents) at all |
//!
//! Step 2 fills the new columns and item rows from each stored review, re-scored by
//! the engine when its rubric is known (the trace stored by the first receiver was
//! never checked, so it is not trusted).

use rusqlite::{Connection, Transaction, params};

use super::row::NewReview;

/// The version this receiver writes.
pub const VERSION: i64 = 4;

const V1: &str = "
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

const V2: &str = "
ALTER TABLE reviews ADD COLUMN submitted_ms INTEGER;
ALTER TABLE reviews ADD COLUMN grade TEXT;
ALTER TABLE reviews ADD COLUMN agent_id TEXT;
ALTER TABLE reviews ADD COLUMN call_id TEXT;
ALTER TABLE reviews ADD COLUMN team TEXT;
ALTER TABLE reviews ADD COLUMN reviewer_id TEXT;
ALTER TABLE reviews ADD COLUMN received_by TEXT;
CREATE TABLE review_items (
    seq      INTEGER NOT NULL REFERENCES reviews (seq),
    item_id  TEXT NOT NULL,
    status   TEXT NOT NULL,
    earned   REAL,
    possible REAL,
    critical TEXT,
    tags     TEXT,
    PRIMARY KEY (seq, item_id)
) WITHOUT ROWID;
CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE health (probe INTEGER);
";

/// Indexes, made after step 2 has filled the columns (faster than maintaining them
/// row by row during the backfill). A listing narrowed by one field walks its index
/// newest first; `submitted_ms` in the index lets a time range be checked there,
/// without reading each row.
const V2_INDEXES: &str = "
CREATE INDEX reviews_submitted ON reviews (submitted_ms);
CREATE INDEX reviews_rubric ON reviews (rubric_id, seq, submitted_ms);
CREATE INDEX reviews_agent ON reviews (agent_id, seq, submitted_ms);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id, seq, submitted_ms);
CREATE INDEX reviews_call ON reviews (call_id, seq);
CREATE INDEX reviews_team ON reviews (team, seq, submitted_ms);
";

/// Step 3 fills `trace` from the item rows (the same text `row::compact_trace`
/// writes; SQLite writes 4.0 where Rust writes 4, which reads back the same).
const V3: &str = "
ALTER TABLE reviews ADD COLUMN trace TEXT;
UPDATE reviews SET trace = (
    SELECT group_concat(item_id || '|' ||
        CASE status WHEN 'scored' THEN 's' WHEN 'na' THEN 'n' WHEN 'hidden' THEN 'h'
                    WHEN 'missing' THEN 'm' WHEN 'unanswered' THEN 'u' ELSE 't' END || '|' ||
        coalesce(earned, '') || '|' || coalesce(possible, '') || '|' ||
        coalesce(substr(critical, 1, 1), '') || '|' ||
        coalesce(replace(replace(replace(tags, '[', ''), ']', ''), '\"', ''), ''), ';')
    FROM review_items i WHERE i.seq = reviews.seq);
CREATE INDEX reviews_rubric_time ON reviews (rubric_id, submitted_ms);
DROP INDEX reviews_submitted;
";

/// Step 4: a report's period is one contiguous run of this index, holding every
/// column a report reads, so the rows themselves, with their documents, are never
/// read: a month of a million-review year is ~25 MB of index instead of ~60,000
/// scattered row reads. Time leads, not the rubric: new reviews then land at the
/// index's end, where SQLite appends cheaply (led by the rubric, every rubric but the
/// last was an insert in the middle, and ingest fell by a third); a report reads the
/// other rubrics' entries of its period too, and skips them in the index.
const V4: &str = "
CREATE INDEX reviews_report ON reviews
    (submitted_ms, rubric_id, mode, agent_id, team, reviewer_id, total, passed, fatal, grade, trace);
DROP INDEX reviews_rubric_time;
";

/// Why a database cannot be brought to this receiver's schema.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "the database is at schema version {found}, newer than this receiver's {VERSION}: run a newer rubric-receiver"
    )]
    Newer { found: i64 },
    #[error("upgrading to schema version {version}: {source}")]
    Step {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
}

/// What a stored document becomes in the new columns and item rows (`None`: the
/// document cannot be read as a review, and keeps only its old columns).
pub type Derive<'a> = &'a dyn Fn(&str) -> Option<NewReview>;

/// Bring the database to [`VERSION`]; each step is one transaction.
pub fn migrate(conn: &mut Connection, derive: Derive) -> Result<(), MigrationError> {
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|source| MigrationError::Step { version: 0, source })?;
    if found > VERSION {
        return Err(MigrationError::Newer { found });
    }
    for version in found + 1..=VERSION {
        let step = |tx: &Transaction| -> rusqlite::Result<()> {
            match version {
                1 => tx.execute_batch(V1)?,
                2 => {
                    tx.execute_batch(V2)?;
                    backfill(tx, derive)?;
                    tx.execute_batch(V2_INDEXES)?;
                }
                3 => tx.execute_batch(V3)?,
                _ => tx.execute_batch(V4)?,
            }
            tx.pragma_update(None, "user_version", version)
        };
        let tx = conn
            .transaction()
            .map_err(|source| MigrationError::Step { version, source })?;
        step(&tx)
            .and_then(|()| tx.commit())
            .map_err(|source| MigrationError::Step { version, source })?;
    }
    Ok(())
}

/// Fill step 2's columns and item rows from the stored documents.
fn backfill(tx: &Transaction, derive: Derive) -> rusqlite::Result<()> {
    let mut select = tx.prepare("SELECT seq, document FROM reviews ORDER BY seq")?;
    let mut update = tx.prepare(
        "UPDATE reviews SET submitted_ms = ?2, grade = ?3, agent_id = ?4, call_id = ?5, team = ?6,
                            reviewer_id = ?7 WHERE seq = ?1",
    )?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let (seq, document): (i64, String) = (row.get(0)?, row.get(1)?);
        let Some(review) = derive(&document) else {
            continue;
        };
        update.execute(params![
            seq,
            review.submitted_ms,
            review.grade,
            review.agent_id,
            review.call_id,
            review.team,
            review.reviewer_id,
        ])?;
        review.insert_items(tx, seq)?;
    }
    Ok(())
}
