//! What the benches that drive the release server over HTTP share (`load`, `crash`).

/// The session cookie a response sets, if any, as a `cookie` header's value.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// The id of the party called `short_name` in a case overview (`load_case`'s answer), as
/// forms send it.
pub fn party_id(overview: &serde_json::Value, short_name: &str) -> String {
    overview["parties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["short_name"] == short_name)
        .unwrap_or_else(|| panic!("{short_name} in the demo case"))["id"]
        .to_string()
}
