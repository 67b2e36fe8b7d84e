//! "Verify my copy": the browser computes the SHA-256 of a file the person picks and says
//! whether it matches one of the item's files. Nothing is uploaded; the file is read in
//! slices, so a large one does not need to fit in memory.

use leptos::prelude::*;

/// A filed copy to compare against: its original name and SHA-256.
#[derive(Clone, Debug, PartialEq)]
pub struct Filed {
    pub name: String,
    pub sha256: String,
}

/// Set only by the browser's handler: the server renders the idle state.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Outcome {
    Idle,
    Working(u8),
    Matches { name: String, sha256: String },
    Differs { sha256: String },
    Failed(String),
}

#[component]
pub fn VerifyCopy(filed: Vec<Filed>) -> impl IntoView {
    let outcome = RwSignal::new(Outcome::Idle);
    let filed = StoredValue::new(filed);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                outcome.set(Outcome::Idle);
                return;
            };
            outcome.set(Outcome::Working(0));
            leptos::task::spawn_local(async move {
                match hash_file(&file, |p| outcome.set(Outcome::Working(p))).await {
                    Ok(sha256) => {
                        let found = filed.with_value(|all| {
                            all.iter()
                                .find(|f| f.sha256 == sha256)
                                .map(|f| f.name.clone())
                        });
                        outcome.set(match found {
                            Some(name) => Outcome::Matches { name, sha256 },
                            None => Outcome::Differs { sha256 },
                        });
                    }
                    Err(message) => outcome.set(Outcome::Failed(message)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (ev, filed);
        }
    };
    view! {
        <section class="panel verify-copy" aria-labelledby="verify-heading">
            <h2 id="verify-heading">"Verify my copy"</h2>
            <p class="hint">"Pick a file on your computer to check it against the filed copies. The check runs in your browser; the file is not uploaded."</p>
            <noscript><p class="alert alert-error">"This check needs JavaScript."</p></noscript>
            <div class="field">
                <label for="verify-file">"Your copy"</label>
                <input id="verify-file" type="file" on:change=on_change data-testid="verify-file"/>
            </div>
            <p role="status" aria-live="polite" data-testid="verify-outcome">
                {move || match outcome.get() {
                    Outcome::Idle => String::new(),
                    Outcome::Working(p) => format!("Computing the SHA-256… {p}%"),
                    Outcome::Matches { name, sha256 } => format!("Match: your copy is identical to the filed {name} (SHA-256 {sha256})."),
                    Outcome::Differs { sha256 } => format!("No match: your copy differs from every file of this item (its SHA-256 is {sha256})."),
                    Outcome::Failed(message) => format!("The file could not be read: {message}"),
                }}
            </p>
        </section>
    }
}

/// SHA-256 of a browser file, read 4 MiB at a time, reporting progress in percent.
#[cfg(feature = "hydrate")]
async fn hash_file(file: &web_sys::File, progress: impl Fn(u8)) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    let size = file.size();
    let mut hasher = Sha256::new();
    let mut start = 0.0;
    while start < size {
        let end = (start + SLICE).min(size);
        let slice = file
            .slice_with_f64_and_f64(start, end)
            .map_err(read_error)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
            .await
            .map_err(read_error)?;
        hasher.update(js_sys::Uint8Array::new(&buffer).to_vec());
        start = end;
        progress(((start / size) * 100.0) as u8);
    }
    Ok(hex::encode(hasher.finalize().as_slice()))
}

/// What the browser said when it could not read the file: its error's message, not a debug
/// dump of the JavaScript value.
#[cfg(feature = "hydrate")]
fn read_error(error: wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "The browser could not read the file.".to_owned())
}
