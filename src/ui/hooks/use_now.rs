use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// The current time (milliseconds since 1970), ticking every second while `active`: a
/// countdown's clock. Inactive, it is the time of the last tick and costs nothing.
#[hook]
pub fn use_now(active: bool) -> f64 {
    let now = use_state(js_sys::Date::now);
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Interval>);
    {
        let now = now.clone();
        use_effect_with(active, move |active| {
            *timer.borrow_mut() = active.then(|| {
                gloo_timers::callback::Interval::new(1_000, move || now.set(js_sys::Date::now()))
            });
            let timer: Rc<RefCell<_>> = timer;
            move || {
                timer.borrow_mut().take();
            }
        });
    }
    *now
}
