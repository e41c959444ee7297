//! The connection loop: HTTP/1.1 and HTTP/2 by hyper, with a deadline for a
//! request's headers (a client that sends half of them is cut off), and a stop that
//! drains the requests under way for a bounded time.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::ReceiverConfig;

/// Serve `app` on `listener` until `stop` fires (or its sender is dropped), then
/// wait for the connections' requests under way, at most `config.drain_timeout`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: ReceiverConfig,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> Result<(), std::io::Error> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, a connection reset before accept: the
                // listener itself is fine; wait a moment rather than spin.
                eprintln!("rubric-receiver: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-request is not the server's failure.
            let _ = watched.await;
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(config.drain_timeout) => {
            eprintln!("rubric-receiver: some requests were still running after {:?}; closing them", config.drain_timeout);
        }
    }
    Ok(())
}
