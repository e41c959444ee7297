//! Custom hooks: each effect the screens need, named for what it does and kept out of
//! the components' bodies. Their logic that is not about the browser lives in plain
//! modules (`state`, `draft`, `host_events`, the core) and is tested natively.

mod use_autofocus;
mod use_boot;
mod use_delivery;
mod use_draft_autosave;
#[cfg(feature = "stats")]
mod use_drill_down;
mod use_focus_return;
mod use_host_bridge;
mod use_now;
mod use_outbox;
mod use_page;
mod use_quiz_timer;
#[cfg(feature = "stats")]
mod use_report_data;
#[cfg(feature = "stats")]
mod use_report_url;
mod use_review;
mod use_samples;
mod use_start_over;
#[cfg(feature = "stats")]
mod use_what_if;

pub use use_autofocus::use_autofocus;
pub use use_boot::{use_boot, use_error_event};
pub use use_delivery::use_delivery;
pub use use_draft_autosave::use_draft_autosave;
#[cfg(feature = "stats")]
pub use use_drill_down::use_drill_down;
pub use use_focus_return::{use_discard_focus, use_focus_first_on_new, use_focus_return};
pub use use_host_bridge::use_host_bridge;
pub use use_now::use_now;
pub use use_outbox::{OutboxContext, use_outbox};
pub use use_page::{use_app_commands, use_history, use_parent_frame};
pub use use_quiz_timer::use_quiz_timer;
#[cfg(feature = "stats")]
pub use use_report_data::use_report_data;
#[cfg(feature = "stats")]
pub use use_report_url::{TOKEN_KEY, use_report_url};
pub use use_review::use_review;
pub use use_samples::{SAMPLES, Sample, use_samples};
pub use use_start_over::{StartOver, use_start_over};
#[cfg(feature = "stats")]
pub use use_what_if::use_what_if;
