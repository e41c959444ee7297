//! The widget's entry point: trunk builds this binary to WebAssembly.

#[cfg(target_arch = "wasm32")]
fn main() {
    rubric_widget::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "rubric-widget runs in the browser: build it with `trunk build` (see README.md). \
         The native command line is `rubric`."
    );
    std::process::ExitCode::from(2)
}
