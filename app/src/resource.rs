//! The resources pages load their data with: rendered into the page as JSON on the server,
//! read back in the browser by the same JSON reader that reads server functions' answers.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON written as text and read back from its bytes (`serde_json::from_slice`), as server
/// functions read their answers. Leptos' own codec reads text (`serde_json::from_str`), and
/// the two readers are separate code for every type a page loads: with one reader the case
/// overview's wasm lost 5 KiB gzipped, the task page's 17, and all chunks together 58.
#[derive(Debug)]
pub struct SliceJson;

impl<T: Serialize> Encoder<T> for SliceJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for SliceJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// `Resource::new`, with [`SliceJson`]: `fetcher` runs on the server while the page renders
/// (its value travels in the page) and again in the browser whenever `source` changes.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, SliceJson>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
