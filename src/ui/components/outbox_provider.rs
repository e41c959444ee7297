//! Opens the widget's outbox once (it resumes sending at once), shares it with every
//! component below, and tells the host what changed for its own reviews.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::config::WidgetConfig;
use crate::transport::Snapshot;
use crate::transport::outbox::{Outbox, Subscription};
use crate::ui::hooks::OutboxContext;
use crate::ui::host::Host;
use crate::ui::host_events::outbox_changes;

#[derive(Properties, PartialEq)]
pub struct OutboxProviderProps {
    pub config: Rc<WidgetConfig>,
    /// Told when this widget's reviews are queued, rejected or stored.
    pub host: Rc<Host>,
    pub children: Html,
}

/// Opens the outbox once (it resumes sending at once) and shares it.
#[function_component(OutboxProvider)]
pub fn outbox_provider(props: &OutboxProviderProps) -> Html {
    let context = use_state(OutboxContext::closed);
    let subscription = use_mut_ref(|| None::<Subscription>);
    {
        let (context, subscription) = (context.clone(), subscription.clone());
        let (config, host) = (props.config.clone(), props.host.clone());
        use_effect_with((), move |_| {
            let open = subscription.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outbox = Outbox::open(config).await;
                let snapshot = Rc::new(outbox.snapshot().await);
                context.set(OutboxContext {
                    outbox: Some(outbox.clone()),
                    snapshot: snapshot.clone(),
                });
                let last = RefCell::new(snapshot);
                let on_change = {
                    let (context, outbox) = (context.clone(), outbox.clone());
                    move |snapshot: Snapshot| {
                        let snapshot = Rc::new(snapshot);
                        let before = last.replace(snapshot.clone());
                        let owns = |id: &str| host.owns(id);
                        for event in outbox_changes(&before, &snapshot, owns, js_sys::Date::now()) {
                            host.send(event);
                        }
                        context.set(OutboxContext {
                            outbox: Some(outbox.clone()),
                            snapshot,
                        });
                    }
                };
                *open.borrow_mut() = Some(outbox.subscribe(on_change));
            });
            // Unmounted (destroy): the subscription goes, and with the last reference
            // the outbox, its listeners and its timer.
            move || {
                subscription.borrow_mut().take();
            }
        });
    }
    // A new configuration (headers, timeout) serves the attempts to come.
    {
        let context = context.clone();
        use_effect_with(props.config.clone(), move |config| {
            if let Some(outbox) = &context.outbox {
                outbox.set_config(config.clone());
            }
        });
    }
    html! {
        <ContextProvider<OutboxContext> context={(*context).clone()}>
            { props.children.clone() }
        </ContextProvider<OutboxContext>>
    }
}
