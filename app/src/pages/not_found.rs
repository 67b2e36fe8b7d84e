use crate::components::feedback::LoadError;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <LoadError error=AppError::NotFound/> }
}
