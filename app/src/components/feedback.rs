//! How errors and confirmations appear: a summary at the top of a form and a message beside
//! each field, tied to its input for screen readers.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of an action's last run, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// Whether an action's last run succeeded.
pub fn action_ok<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// The message at the top of a form.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }
        })
    }
}

/// Every field's message, listed under the form's summary: for the small forms repeated
/// on every row of a table, which share one action and have no room for their own.
#[component]
pub fn FieldErrorList(error: Signal<Option<AppError>>) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Invalid(errors)) => Some(view! {
            <ul class="field-error">
                {errors.0.into_values().map(|message| view! { <li>{message}</li> }).collect_view()}
            </ul>
        }),
        _ => None,
    }
}

/// A field's own message, shown under its input; the input refers to it with
/// `aria-describedby` (see `field_attrs`).
#[component]
pub fn FieldError(
    error: Signal<Option<AppError>>,
    field: &'static str,
    form: &'static str,
) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.field(field)).map(|message| {
            view! { <p class="field-error" id=format!("{form}-{field}-error")>{message}</p> }
        })
    }
}

/// `aria-invalid` for an input whose field has an error.
pub fn invalid(
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> Signal<Option<&'static str>> {
    Signal::derive(move || error.get().and_then(|e| e.field(field)).map(|_| "true"))
}

/// Shows a failed load: the message, and a way onwards for the errors that have one.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
    }
    let onward = match error {
        AppError::Unauthenticated => Some(view! { <a href="/login">"Sign in"</a> }.into_any()),
        AppError::NotFound | AppError::Forbidden => {
            Some(view! { <a href="/cases">"Back to my cases"</a> }.into_any())
        }
        _ => None,
    };
    let heading = match error {
        AppError::NotFound => "Not found",
        AppError::Forbidden => "Not allowed",
        AppError::Unauthenticated => "Signed out",
        _ => "Something went wrong",
    };
    view! {
        <leptos_meta::Title text=heading/>
        <section class="panel load-error" role="alert">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            {onward}
        </section>
    }
}

/// A reference for an `ActionForm` that clears the form after each successful submit, so
/// the next entry starts from the form's defaults rather than the last entry's values (a
/// party's name, a directive's "court only"). A refused form keeps what was typed.
pub fn cleared_on_success<I, O>(action: ServerAction<I>) -> NodeRef<leptos::html::Form>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_)))
            && let Some(element) = form.get_untracked()
        {
            element.reset();
        }
    });
    form
}
