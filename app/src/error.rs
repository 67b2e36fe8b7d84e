//! The one error type every server function returns, and what each case means to a person.

use domain::FieldErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, in terms the person can act on. Internals are logged on the server and
/// never carried here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You are not allowed to do that.")]
    Forbidden,
    /// Also what a case answers to a person who is not its member, so that its existence
    /// is not revealed.
    #[error("Not found.")]
    NotFound,
    /// Someone else changed the same thing after the form was opened.
    #[error(
        "This was changed by someone else after you opened the page. Nothing was saved; reload the page, check, and try again."
    )]
    Stale,
    #[error("Please correct the fields marked below.")]
    Invalid(FieldErrors),
    /// One message for every failed login, whatever the reason.
    #[error("The e-mail or password is not right.")]
    BadCredentials,
    #[error("Too many failed attempts. Wait {seconds} seconds before trying again.")]
    Throttled { seconds: i64 },
    /// The end of the lock travels as numbers (Unix seconds and the court's UTC offset in
    /// seconds), never as text: an error can come back through a URL, and a crafted link
    /// must not be able to put words of its choosing on the login page.
    #[error(
        "Too many failed attempts: this account is locked until {}. An administrator can unlock it sooner.",
        court_time(*.until, *.utc_offset)
    )]
    Locked { until: i64, utc_offset: i32 },
    #[error("The request was refused: it did not come from this portal's own pages.")]
    ForeignOrigin,
    /// A request no form of the portal would send (a missing or malformed field). The
    /// parser's own words are logged, not shown.
    #[error("The request could not be read. Reload the page and try again.")]
    BadRequest,
    /// An upload over the portal's size limit; nothing of it was kept.
    #[error("The file is too large: the limit is {}. Nothing was stored.", human_size(*.limit_bytes))]
    TooLarge { limit_bytes: u64 },
    /// A stored evidence file is missing or no longer matches its recorded SHA-256.
    #[error(
        "The stored file is missing or no longer matches the fingerprint recorded when it was filed. It was not sent; the registrar has been told."
    )]
    IntegrityFailure,
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal,
    #[error("The portal could not be reached. Check the connection and try again.")]
    Network,
    /// The server gave up on a page or request that took too long.
    #[error(
        "The portal took too long to answer, and it has been logged. What you sent may have been saved: reload the page and check before sending it again."
    )]
    TimedOut,
}

impl AppError {
    /// The HTTP status that goes with each error, used for API responses and error pages.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::ForeignOrigin => 403,
            AppError::NotFound => 404,
            AppError::Stale => 409,
            AppError::Invalid(_) => 422,
            AppError::Locked { .. } => 423,
            AppError::Throttled { .. } => 429,
            AppError::BadRequest => 400,
            AppError::TooLarge { .. } => 413,
            AppError::Internal | AppError::IntegrityFailure => 500,
            AppError::Network | AppError::TimedOut => 503,
        }
    }

    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors.get(name).map(str::to_owned),
            _ => None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(domain::FieldError::new(field, message).into())
    }
}

/// A size in bytes as people read it: "4 GiB", "1.5 MiB", "812 bytes".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::UnsupportedRequestMethod(m) => {
                #[cfg(feature = "ssr")]
                tracing::info!("unreadable server function arguments: {m}");
                #[cfg(not(feature = "ssr"))]
                let _ = m;
                AppError::BadRequest
            }
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::Response(_) => AppError::Internal,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A moment written in the court's local time, e.g. "30 Aug 2022, 14:00 (UTC+03:00)".
///
/// Written out by hand rather than with chrono's `format`: every page's error messages use
/// this, and a format string would bring chrono's formatting machinery into the front end
/// that every page loads.
pub fn court_time(unix_seconds: i64, utc_offset: i32) -> String {
    use chrono::{Datelike, Timelike};
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (Some(offset), Some(at)) = (
        chrono::FixedOffset::east_opt(utc_offset),
        chrono::DateTime::from_timestamp(unix_seconds, 0),
    ) else {
        return "later".to_owned();
    };
    let local = at.with_timezone(&offset);
    let sign = if utc_offset < 0 { '-' } else { '+' };
    let offset_minutes = utc_offset.unsigned_abs() / 60;
    format!(
        "{} {} {}, {:02}:{:02} (UTC{sign}{:02}:{:02})",
        local.day(),
        MONTHS[local.month0() as usize % 12],
        local.year(),
        local.hour(),
        local.minute(),
        offset_minutes / 60,
        offset_minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(4 << 30), "4 GiB");
        assert_eq!(
            AppError::TooLarge {
                limit_bytes: 1 << 20
            }
            .to_string(),
            "The file is too large: the limit is 1 MiB. Nothing was stored."
        );
    }

    #[test]
    fn lock_ends_read_in_court_time() {
        let locked = AppError::Locked {
            until: 1_661_871_600,
            utc_offset: 3 * 3600,
        };
        assert!(
            locked
                .to_string()
                .contains("locked until 30 Aug 2022, 18:00 (UTC+03:00)."),
            "{locked}"
        );
        let west = AppError::Locked {
            until: 1_661_871_600,
            utc_offset: -(4 * 3600 + 30 * 60),
        };
        assert!(
            west.to_string()
                .contains("locked until 30 Aug 2022, 10:30 (UTC-04:30)."),
            "{west}"
        );
        let nonsense = AppError::Locked {
            until: i64::MAX,
            utc_offset: 999_999,
        };
        assert!(nonsense.to_string().contains("locked until later."));
    }
}
