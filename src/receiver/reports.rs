//! `GET /api/stats` (`stats/v1`, docs/reports.md) and `GET /api/reviews/export`
//! (NDJSON, for the CLI and any BI tool): for supervisors.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::api::{ApiError, blocking, caller_in};
use super::auth::Role;
use crate::core::stats::{Query as StatsQuery, Report};

/// The query of both routes, as text so that each bad value gets its own message.
#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    rubric: Option<String>,
    from: Option<String>,
    to: Option<String>,
    tz: Option<String>,
    bucket: Option<String>,
    agent_id: Option<String>,
    team: Option<String>,
    reviewer_id: Option<String>,
}

fn required(value: Option<String>, name: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::BadRequest(format!("{name}: required")))
}

impl ReportQuery {
    fn parse(self) -> Result<StatsQuery, ApiError> {
        let (rubric, from, to) = (
            required(self.rubric, "rubric")?,
            required(self.from, "from")?,
            required(self.to, "to")?,
        );
        let given = |v: Option<String>| v.filter(|v| !v.is_empty());
        let mut query = StatsQuery::new(
            &rubric,
            &from,
            &to,
            given(self.tz).as_deref(),
            given(self.bucket).as_deref(),
        )
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
        query.agent_id = given(self.agent_id);
        query.team = given(self.team);
        query.reviewer_id = given(self.reviewer_id);
        Ok(query)
    }
}

type QueryResult = Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>;

fn parsed(query: QueryResult) -> Result<StatsQuery, ApiError> {
    let Query(query) = query
        .map_err(|e| ApiError::BadRequest(format!("the query is malformed: {}", e.body_text())))?;
    query.parse()
}

pub async fn stats(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: QueryResult,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Supervisor]).await?;
    let query = parsed(query)?;
    let stats = blocking(&state, move |s| {
        let order = s
            .rubrics
            .newest(&query.rubric)
            .map(|k| {
                k.scorer
                    .rubric()
                    .items()
                    .map(|(_, i)| i.id.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut report = Report::new(query, order);
        s.store.report(&mut report).map(|()| report.finish())
    })
    .await?;
    Ok(Json(stats).into_response())
}

/// Reviews per page read for an export.
const EXPORT_PAGE: u32 = 500;

pub async fn export(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: QueryResult,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Supervisor]).await?;
    let query = parsed(query)?;
    // A page at a time, on the blocking pool, into a bounded channel: memory stays
    // flat however many reviews there are, and a client that stops reading stops
    // the reading.
    let (pages, body) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let mut after = 0;
        loop {
            let page = state.store.export_page(
                &query.rubric,
                query.from_ms,
                query.to_ms,
                after,
                EXPORT_PAGE,
            );
            let chunk = match page {
                Ok(rows) if rows.is_empty() => return,
                Ok(rows) => {
                    after = rows.last().map_or(after, |(seq, _)| *seq);
                    let mut text = String::new();
                    for (_, document) in rows {
                        text.push_str(&document);
                        text.push('\n');
                    }
                    Ok(Bytes::from(text))
                }
                Err(e) => {
                    eprintln!("rubric-receiver: export: {e}");
                    Err(std::io::Error::other(
                        "the export stopped: the database failed",
                    ))
                }
            };
            let failed = chunk.is_err();
            if pages.blocking_send(chunk).is_err() || failed {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(body, |mut body| async move {
        body.recv().await.map(|chunk| (chunk, body))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")],
        Body::from_stream(stream),
    )
        .into_response())
}
