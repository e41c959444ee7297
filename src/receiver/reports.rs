//! `GET /api/stats` (`stats/v1`, docs/reports.md) and `GET /api/reviews/export`
//! (NDJSON, for the CLI and any BI tool): for supervisors.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::api::{ApiError, blocking, caller, caller_in};
use super::auth::Role;
use super::store::Facet;
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
    /// `agent_trend`, `calibration` (comma-separated): add each agent's trend, each
    /// reviewer's calibrations (not part of stats/v1).
    with: Option<String>,
}

/// What a report adds to stats/v1 when asked (`with=`).
#[derive(Debug, Clone, Copy, Default)]
struct Extras {
    agent_trend: bool,
    calibration: bool,
}

fn required(value: Option<String>, name: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::BadRequest(format!("{name}: required")))
}

impl ReportQuery {
    fn parse(self) -> Result<(StatsQuery, Extras), ApiError> {
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
        let mut extras = Extras::default();
        for part in given(self.with).iter().flat_map(|w| w.split(',')) {
            match part {
                "agent_trend" => extras.agent_trend = true,
                "calibration" => extras.calibration = true,
                other => {
                    return Err(ApiError::BadRequest(format!(
                        "with: expected agent_trend or calibration, found {other:?}"
                    )));
                }
            }
        }
        Ok((query, extras))
    }
}

type QueryResult = Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>;

fn parsed(query: QueryResult) -> Result<(StatsQuery, Extras), ApiError> {
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
    let (query, extras) = parsed(query)?;
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
        if extras.agent_trend {
            report = report.with_agent_trend();
        }
        if extras.calibration {
            report = report.with_calibration();
        }
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
    let (query, _) = parsed(query)?;
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

/// `GET /api/stats/facets`: the teams, agents and inspectors any stored review names,
/// for the console's filters.
pub async fn facets(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller_in(&state, &headers, &[Role::Supervisor]).await?;
    let facets = blocking(&state, |s| {
        Ok::<_, super::store::StoreError>(serde_json::json!({
            "teams": s.store.distinct(Facet::Team)?,
            "agents": s.store.distinct(Facet::Agent)?,
            "reviewers": s.store.distinct(Facet::Reviewer)?,
        }))
    })
    .await?;
    Ok(Json(facets).into_response())
}

/// `GET /api/rubrics`: every rubric the receiver scores with, newest version first
/// per id: `[{id, version, title, versions}]`. Anyone may read them (the widget's
/// page serves the same files).
pub async fn rubrics(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?;
    let list: Vec<serde_json::Value> = state
        .rubrics
        .ids()
        .into_iter()
        .filter_map(|id| {
            let newest = state.rubrics.newest(&id)?.scorer.rubric();
            Some(serde_json::json!({
                "id": id,
                "version": newest.version,
                "title": newest.title,
                "versions": state.rubrics.versions(&id),
            }))
        })
        .collect();
    Ok(Json(list).into_response())
}

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    version: Option<String>,
}

/// `GET /api/rubrics/{id}[?version=]`: the rubric's text as loaded (newest version
/// unless one is asked for), so its digest is the one reviews name.
pub async fn rubric(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?;
    let known = match query.version.as_deref().filter(|v| !v.is_empty()) {
        Some(version) => state.rubrics.get(&id, version),
        None => state.rubrics.newest(&id),
    };
    let not_found = || ApiError::NotFound {
        message: format!(
            "no rubric {id:?}{}",
            match &query.version {
                Some(v) => format!(" version {v:?}"),
                None => String::new(),
            }
        ),
    };
    let path = known.ok_or_else(not_found)?.path.clone();
    let text = tokio::fs::read_to_string(&path)
        .await
        .map_err(|_| not_found())?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}
