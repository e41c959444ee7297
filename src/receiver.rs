//! The reference receiver: a small server a backend can run or copy. It accepts
//! review/v1 documents, checks them with the same core the widget scores with, stores
//! them in a SQLite file exactly once per review (Idempotency-Key), lists them, and
//! serves the built widget with its rubrics.

mod api;
mod rubrics;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::get;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

pub use api::REPLAYED;
pub use rubrics::{Known, Rubrics, RubricsError};
pub use store::{KeyState, NewReview, Store, StoreError, Summary};

/// How a receiver runs.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The SQLite file (created, with its folder, if missing).
    pub db: PathBuf,
    /// The folder of rubric files reviews are checked against.
    pub rubrics: PathBuf,
    /// Static folders to serve: URL prefix (`/` for the built widget) and folder.
    pub serve: Vec<(String, PathBuf)>,
    /// Origins allowed to call the API from another origin (`*`: any, without cookies).
    pub allow_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// What `GET /config.json` answers: the served widget's configuration.
    pub widget_config: serde_json::Value,
    /// For tests: a pause between claiming an Idempotency-Key and storing the review,
    /// so that a concurrent repeat can observe "in flight" (409).
    pub processing_delay: Duration,
}

impl ReceiverConfig {
    /// Defaults for a receiver of the rubrics in `rubrics`, storing into `db`.
    pub fn new(db: PathBuf, rubrics: PathBuf) -> Self {
        ReceiverConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db,
            rubrics,
            serve: Vec::new(),
            allow_origins: Vec::new(),
            max_body: 1024 * 1024,
            widget_config: serde_json::json!({ "endpoint": "/api/reviews" }),
            processing_delay: Duration::ZERO,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiverError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rubrics(#[from] RubricsError),
    #[error("--allow-origin {origin:?} is not an origin like http://127.0.0.1:8080 (or *)")]
    Origin { origin: String },
    #[error("cannot serve {path}: it is not a folder")]
    Serve { path: PathBuf },
    #[error("the server stopped: {0}")]
    Stopped(#[source] std::io::Error),
}

/// What the handlers share.
pub struct AppState {
    pub store: Store,
    pub rubrics: Rubrics,
    pub config: ReceiverConfig,
}

/// The routes: the API, the widget's config, the static folders, CORS.
pub fn router(state: Arc<AppState>) -> Result<Router, ReceiverError> {
    let mut app = Router::new()
        .route("/api/reviews", get(api::list).post(api::create))
        .route("/api/reviews/{id}", get(api::get_one).put(api::replace))
        .route("/api/health", get(api::health))
        .route("/config.json", get(api::widget_config))
        .layer(DefaultBodyLimit::max(state.config.max_body));
    let mut serve = state.config.serve.clone();
    // Longer prefixes first, so /fixtures wins over /.
    serve.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    for (prefix, folder) in serve {
        if !folder.is_dir() {
            return Err(ReceiverError::Serve { path: folder });
        }
        // The release build writes .br and .gz beside the bundle's files: a browser
        // that accepts them gets them (with the original Content-Type, e.g.
        // application/wasm), and a cache keeps the variants apart.
        let files = SetResponseHeader::appending(
            ServeDir::new(folder)
                .precompressed_br()
                .precompressed_gzip(),
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        );
        app = match prefix.trim_end_matches('/') {
            "" => app.fallback_service(files),
            prefix => app.nest_service(prefix, files),
        };
    }
    Ok(app
        .layer(cors(&state.config.allow_origins)?)
        .with_state(state))
}

fn cors(origins: &[String]) -> Result<CorsLayer, ReceiverError> {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static(REPLAYED),
        ])
        .max_age(Duration::from_secs(600));
    if origins.iter().any(|o| o == "*") {
        return Ok(layer.allow_origin(AllowOrigin::any()));
    }
    let list = origins
        .iter()
        .map(|o| {
            let valid =
                (o.starts_with("http://") || o.starts_with("https://")) && !o.ends_with('/');
            HeaderValue::from_str(o)
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| ReceiverError::Origin { origin: o.clone() })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(layer
        .allow_origin(AllowOrigin::list(list))
        .allow_credentials(true))
}

/// A receiver running in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), std::io::Error>>,
}

impl Running {
    /// Stop accepting connections and finish the ones under way.
    pub async fn stop(mut self) -> Result<(), ReceiverError> {
        if let Some(stop) = self.stop.take() {
            // The server may already be gone; stopping it twice is fine.
            let _ = stop.send(());
        }
        match self.task.await {
            Ok(result) => result.map_err(ReceiverError::Stopped),
            Err(e) => Err(ReceiverError::Stopped(std::io::Error::other(e))),
        }
    }
}

/// Open the database, load the rubrics, bind and start serving.
pub async fn start(config: ReceiverConfig) -> Result<Running, ReceiverError> {
    let store = Store::open(&config.db)?;
    let rubrics = Rubrics::load(&config.rubrics)?;
    let state = Arc::new(AppState {
        store,
        rubrics,
        config,
    });
    let app = router(state.clone())?;
    let listener = tokio::net::TcpListener::bind(state.config.addr)
        .await
        .map_err(|source| ReceiverError::Bind {
            addr: state.config.addr,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ReceiverError::Bind {
            addr: state.config.addr,
            source,
        })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // A dropped sender also means "stop".
                let _ = stopped.await;
            })
            .await
    });
    Ok(Running {
        addr,
        state,
        stop: Some(stop),
        task,
    })
}
