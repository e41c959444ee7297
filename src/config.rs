//! The widget's configuration: which rubric to load, what the review is about, the
//! mode (inspect, quiz, calibrate) and the UI language, and where reviews go and how
//! they are sent. Read from a config file and a config object, then overridden by the
//! page's query parameters or the element's attributes ([`source`] puts them
//! together). Pure: the transport and the UI read it, and it reads only the core.

pub mod source;
mod widget;

pub use source::{ConfigSource, Embed};
pub use widget::{
    CONTEXT_PARAMS, CalibrationSettings, Credentials, DocumentSource, HttpMethod, QuizSettings,
    RetryPolicy, WidgetConfig, is_origin,
};
