//! The widget's wasm entry: trunk builds this binary.
//!
//! On its own page (or in an iframe) it renders the app into `#rubric-widget-app`.
//! Embedded, `rubric-widget.js` calls [`mount_widget`] and uses the returned
//! [`Handle`]; the exports live here, in the binary itself, so that they are always
//! part of the wasm.

#[cfg(target_arch = "wasm32")]
mod exports {
    use rubric_widget::ui::embed::Widget;
    use wasm_bindgen::prelude::*;

    /// One mounted widget.
    #[wasm_bindgen]
    pub struct Handle {
        widget: Widget,
    }

    #[wasm_bindgen]
    impl Handle {
        /// The id every event of this widget carries.
        #[wasm_bindgen(getter)]
        pub fn instance(&self) -> String {
            self.widget.instance()
        }

        #[wasm_bindgen(js_name = setContext)]
        pub fn set_context(&self, context: JsValue) -> Result<(), JsValue> {
            self.widget.set_context(&context)
        }

        #[wasm_bindgen(js_name = setConfig)]
        pub fn set_config(&self, options: JsValue) -> Result<(), JsValue> {
            self.widget.set_config(&options)
        }

        #[wasm_bindgen(js_name = getReview)]
        pub fn get_review(&self) -> JsValue {
            self.widget.review()
        }

        pub fn submit(&self) -> JsValue {
            self.widget.submit()
        }

        pub fn reset(&self) -> bool {
            self.widget.reset()
        }

        pub fn destroy(&mut self) {
            self.widget.destroy();
        }
    }

    /// Mount a widget into `container` (a `div` the caller owns, in a shadow root) with
    /// `{configUrl, config, attributes, context, instance}`; events go to
    /// `emit(name, detail)`.
    #[wasm_bindgen(js_name = mountWidget)]
    pub fn mount_widget(
        container: web_sys::Element,
        options: JsValue,
        emit: js_sys::Function,
    ) -> Result<Handle, JsValue> {
        Widget::mount(container, options, emit).map(|widget| Handle { widget })
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    rubric_widget::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "rubric-widget runs in the browser: build it with `trunk build` (see README.md). \
         The native tools are `rubric` and `rubric-receiver`."
    );
    std::process::ExitCode::from(2)
}
