use yew::prelude::*;

use super::use_now;
use crate::core::Mode;
use crate::ui::state::ReviewState;

/// A quiz attempt with a time limit: the seconds left (ticking), and at zero
/// `on_time_up` — also when a draft reopens after its time ran out. `None` for
/// anything but a running, timed attempt. The rule is the core's (`quiz::Timing`).
#[hook]
pub fn use_quiz_timer(state: &ReviewState, on_time_up: Callback<()>) -> Option<i64> {
    let session = &state.session;
    let running = session.config.mode == Mode::Quiz && state.finished.is_none();
    let timing = session.timing();
    let now = use_now(running && timing.time_limit_s.is_some());
    let remaining = timing
        .remaining_s(&state.started_at, now)
        .filter(|_| running);
    use_effect_with(remaining.is_some_and(|r| r <= 0), move |expired| {
        if *expired {
            on_time_up.emit(());
        }
    });
    remaining
}
