//! What can go wrong getting a document or a review across: typed, so the UI can show
//! it (`Clone + PartialEq`, as props) and a caller can tell a retryable fault from one
//! that retrying cannot fix.

/// A request that did not get a usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// There is no browser window to fetch from (a worker, a test harness).
    #[error("no browser window")]
    NoWindow,
    /// The request got no answer: offline, a refused connection, a CORS refusal.
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the configured time; the request was aborted.
    #[error("timed out after {seconds} s")]
    Timeout { seconds: u32 },
    /// The server answered with an error status; `message` is its status text or what
    /// its body says.
    #[error("HTTP {status}{}", if message.is_empty() { String::new() } else { format!(" {message}") })]
    Status { status: u16, message: String },
    /// The answer could not be read as text.
    #[error("the body could not be read: {0}")]
    Body(String),
    /// A configured header the browser will not send (a name or value it forbids):
    /// retrying cannot fix it.
    #[error("config.headers.{name}: the browser refuses this header or its value")]
    BadHeader { name: String },
    /// The browser's storage refused to keep or remove a review.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why the outbox's storage failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("the browser refused to save the review")]
    Refused,
    #[error("the browser refused to save the review (storage full?)")]
    Full,
    #[error("the browser refused to remove the review")]
    NotRemoved,
    #[error("the review could not be written as JSON: {0}")]
    Encode(String),
}

/// A document (a rubric, a configuration, an expert's review) that could not be
/// fetched: where from, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {source}")]
pub struct FetchError {
    pub url: String,
    #[source]
    pub source: TransportError,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn errors_say_what_happened_where() {
        let not_found = TransportError::Status {
            status: 404,
            message: "Not Found".into(),
        };
        let fetch = FetchError {
            url: "/fixtures/nope.json".into(),
            source: not_found,
        };
        assert_eq!(fetch.to_string(), "/fixtures/nope.json: HTTP 404 Not Found");
        let bare = TransportError::Status {
            status: 502,
            message: String::new(),
        };
        assert_eq!(bare.to_string(), "HTTP 502");
        assert_eq!(
            TransportError::Timeout { seconds: 15 }.to_string(),
            "timed out after 15 s"
        );
        assert_eq!(
            TransportError::from(StorageError::Full).to_string(),
            "the browser refused to save the review (storage full?)"
        );
    }
}
