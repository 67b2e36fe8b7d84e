//! Forms that carry a file with their fields. They are plain multipart forms, posted to a
//! handler that streams the file to disk, so they work before the wasm loads; once it has
//! loaded, the same body is sent with `fetch` and the answer (the new record's id, or the
//! error with its field messages) is shown in place, as the other forms do.

use crate::error::AppError;
use leptos::prelude::*;

/// What a submission has come to: nothing yet, waiting, or refused with this error.
#[derive(Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
}

impl Submission {
    pub fn new() -> Self {
        Submission {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    pub fn error_signal(self) -> Signal<Option<AppError>> {
        self.error.into()
    }

    /// A submit handler: sends the form's fields and file, then goes to `page_of(id)` for
    /// the record created, or shows the error.
    pub fn on_submit(
        self,
        page_of: impl Fn(i64) -> String + Copy + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        #[cfg(feature = "hydrate")]
        let navigate = leptos_router::hooks::use_navigate();
        move |ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            {
                use wasm_bindgen::JsCast;
                let Some(form) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                else {
                    return;
                };
                ev.prevent_default();
                if self.pending.get_untracked() {
                    return;
                }
                self.pending.set(true);
                self.error.set(None);
                let navigate = navigate.clone();
                leptos::task::spawn_local(async move {
                    let sent = send(&form).await;
                    self.pending.set(false);
                    match sent {
                        Ok(id) => navigate(&page_of(id), Default::default()),
                        Err(error) => self.error.set(Some(error)),
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, page_of);
        }
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}

/// Posts the form to its action asking for JSON: the created record's id, or the error.
#[cfg(feature = "hydrate")]
async fn send(form: &web_sys::HtmlFormElement) -> Result<i64, AppError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let network = |_| AppError::Network;
    let data = web_sys::FormData::new_with_form(form).map_err(network)?;
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Accept", "application/json").map_err(network)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&data);
    let request =
        web_sys::Request::new_with_str_and_init(&form.action(), &init).map_err(network)?;
    let window = web_sys::window().ok_or(AppError::Network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(network)?;
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("id").and_then(serde_json::Value::as_i64))
            .ok_or(AppError::Internal)
    } else {
        Err(serde_json::from_str::<AppError>(&text).unwrap_or(AppError::Internal))
    }
}
