//! What the database keeps of an accepted review: the document, the columns people
//! filter and group by, and one row per item from the engine's trace.

use rusqlite::{Connection, params};

use crate::core::stats::ItemFact;
use crate::core::{ItemStatus, Review, Score, time::rfc3339_ms};

/// One item's line of the engine's trace, with the answer's root-cause tags.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub item_id: String,
    pub status: &'static str,
    pub earned: Option<f64>,
    pub possible: Option<f64>,
    /// `form` or `section` when the answer fired a critical.
    pub critical: Option<&'static str>,
    /// The tags as a JSON array, when the answer has any.
    pub tags: Option<String>,
}

/// A review ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    pub review_id: String,
    pub rubric_id: String,
    pub rubric_version: String,
    pub rubric_digest: String,
    pub digest_matches: bool,
    pub mode: String,
    pub total: Option<f64>,
    pub passed: Option<bool>,
    pub fatal: bool,
    pub complete: bool,
    pub grade: Option<String>,
    /// As the document writes it, and as milliseconds since 1970 (UTC).
    pub submitted_at: String,
    pub submitted_ms: i64,
    /// From the context; a number is kept as its text (`1024` → `"1024"`).
    pub agent_id: Option<String>,
    pub call_id: Option<String>,
    pub team: Option<String>,
    pub reviewer_id: Option<String>,
    /// The authenticated caller who submitted it (none when authentication is off).
    pub received_by: Option<String>,
    /// The review as stored: the client's document with the engine's score.
    pub document: String,
    pub items: Vec<ItemRow>,
}

/// The one-letter code of an item status in the compact trace.
pub fn status_code(status: &str) -> char {
    match status {
        "scored" => 's',
        "na" => 'n',
        "hidden" => 'h',
        "missing" => 'm',
        "unanswered" => 'u',
        _ => 't',
    }
}

/// The item rows as one text for the review's own row, which reports read instead of
/// the item rows: `id|status|earned|possible|critical|tag,tag` per item, `;` between
/// (ids and tags are `[A-Za-z0-9_-]`; numbers as written; empty when absent).
pub fn compact_trace(items: &[ItemRow]) -> String {
    let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    items
        .iter()
        .map(|i| {
            let tags: Vec<String> = i
                .tags
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default();
            format!(
                "{}|{}|{}|{}|{}|{}",
                i.item_id,
                status_code(i.status),
                number(i.earned),
                number(i.possible),
                i.critical.map(|c| &c[..1]).unwrap_or_default(),
                tags.join(",")
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

impl NewReview {
    /// The row of `review`, whose score the engine re-computed as `score`.
    pub fn new(mut review: Review, score: Score, digest_matches: bool) -> NewReview {
        let items = score_items(&review, &score)
            .filter(|row| row.status == "scored" || row.status == "na" || row.tags.is_some())
            .collect();
        review.score = score;
        let mode = serde_json::to_value(review.mode)
            .ok()
            .and_then(|m| m.as_str().map(str::to_owned))
            .unwrap_or_default();
        NewReview {
            review_id: review.review_id.to_string(),
            rubric_id: review.rubric.id.to_string(),
            rubric_version: review.rubric.version.clone(),
            rubric_digest: review.rubric.digest.clone(),
            digest_matches,
            mode,
            total: review.score.total,
            passed: review.score.passed,
            fatal: review.score.fatal,
            complete: review.score.complete,
            grade: review.score.grade.clone(),
            submitted_ms: rfc3339_ms(&review.submitted_at).map_or(0, |ms| ms as i64),
            submitted_at: review.submitted_at.clone(),
            agent_id: review.context_text("agent_id"),
            call_id: review.context_text("call_id"),
            team: review.context_text("team"),
            reviewer_id: review.reviewer.as_ref().map(|r| r.id.clone()),
            received_by: None,
            document: serde_json::to_string(&review).unwrap_or_default(),
            items,
        }
    }

    /// Write the item rows of the review stored as `seq`.
    pub fn insert_items(&self, tx: &Connection, seq: i64) -> rusqlite::Result<()> {
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO review_items (seq, item_id, status, earned, possible, critical, tags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for item in &self.items {
            insert.execute(params![
                seq,
                item.item_id,
                item.status,
                item.earned,
                item.possible,
                item.critical,
                item.tags
            ])?;
        }
        Ok(())
    }
}

/// The engine's trace of `review`, item by item, with the answers' tags.
fn score_items<'a>(review: &'a Review, score: &'a Score) -> impl Iterator<Item = ItemRow> + 'a {
    score.items.iter().map(|(id, trace)| ItemRow {
        item_id: id.to_string(),
        status: trace.status.as_str(),
        earned: trace.earned,
        possible: trace.possible,
        critical: trace.critical.map(|c| c.as_str()),
        tags: review
            .answers
            .get(id)
            .filter(|a| !a.tags.is_empty())
            .and_then(|a| serde_json::to_string(&a.tags).ok()),
    })
}

/// A trace's number: most are whole, read as such (exactly what `parse` gives them);
/// others are parsed.
fn number(text: &str) -> Option<f64> {
    if !text.is_empty() && text.len() < 16 && text.bytes().all(|b| b.is_ascii_digit()) {
        let whole = text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Some(whole as f64);
    }
    text.parse::<f64>().ok()
}

/// The parts of `text` between the ASCII separator `sep`: what `str::split` gives, by
/// a plain byte scan (faster on a trace's many short fields).
fn fields(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = t.get(i + 1..);
                t.get(..i)
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// The items of a compact trace (what [`compact_trace`] writes) into `items`; a
/// malformed entry is skipped. Its entries' strings and lists are reused: a report
/// reads tens of thousands of traces, and this allocates only for a longer one.
pub fn items_into(trace: &str, items: &mut Vec<ItemFact>) {
    let mut used = 0;
    for entry in fields(trace, b';') {
        let mut parts = fields(entry, b'|');
        let (Some(id), Some(status), Some(earned), Some(possible), Some(critical)) = (
            parts.next().filter(|id| !id.is_empty()),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        if used == items.len() {
            items.push(ItemFact {
                id: String::new(),
                status: ItemStatus::Unscored,
                earned: None,
                possible: None,
                critical: false,
                tags: Vec::new(),
            });
        }
        let item = &mut items[used];
        used += 1;
        item.id.clear();
        item.id.push_str(id);
        item.status = match status {
            "s" => ItemStatus::Scored,
            "n" => ItemStatus::Na,
            "h" => ItemStatus::Hidden,
            "m" => ItemStatus::Missing,
            "u" => ItemStatus::Unanswered,
            _ => ItemStatus::Unscored,
        };
        (item.earned, item.possible) = (number(earned), number(possible));
        item.critical = !critical.is_empty();
        item.tags.clear();
        let tags = parts.next().unwrap_or_default();
        item.tags
            .extend(tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned));
    }
    items.truncate(used);
}
