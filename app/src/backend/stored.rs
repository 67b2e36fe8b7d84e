//! Stored names as typed columns. A state, tier, role or kind is kept in the database as
//! its `domain` name (`"issued"`, `"court_only"`) and read back as the `domain` value, so a
//! row is parsed once, where it is loaded. A name the portal does not know (a bad migration,
//! a hand edit) fails the query with one internal error, logged with the line that ran it,
//! instead of being guessed at wherever the row is used.

use domain::clarification::ClarificationState;
use domain::compliance::ComplianceState;
use domain::evidence::{CustodyKind, EvidenceKind, SealingTier};
use domain::orders::{OrderState, Position, ResponseKind, VersionReason};
use domain::tasks::{ScopeKind, TaskKind, TaskState};
use domain::{CaseRole, PartyRole};
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// A closed set of `domain` names that may be stored in a column.
pub trait StoredName: Copy + FromStr + fmt::Debug + PartialEq + 'static {
    fn stored_name(self) -> &'static str;
}

macro_rules! stored_names {
    ($($name:ty),+ $(,)?) => {$(
        impl StoredName for $name {
            fn stored_name(self) -> &'static str {
                self.as_str()
            }
        }
    )+};
}

stored_names!(
    CaseRole,
    ClarificationState,
    ComplianceState,
    CustodyKind,
    EvidenceKind,
    OrderState,
    PartyRole,
    Position,
    ResponseKind,
    ScopeKind,
    SealingTier,
    TaskKind,
    TaskState,
    VersionReason,
);

/// A column holding one of `T`'s names. Reads as a `T` (`*row.state`); writes with
/// `Stored(OrderState::Draft)` or `OrderState::Draft.into()`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stored<T>(pub T);

impl<T> Deref for Stored<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: StoredName> fmt::Debug for Stored<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// As its stored name, so audit details read as they always have (`"court_only"`).
impl<T: StoredName> serde::Serialize for Stored<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.stored_name())
    }
}

impl<T: StoredName> From<T> for Stored<T> {
    fn from(value: T) -> Self {
        Stored(value)
    }
}

impl<T: StoredName> From<Stored<T>> for Value {
    fn from(value: Stored<T>) -> Value {
        Value::String(Some(value.0.stored_name().to_owned()))
    }
}

fn unknown<T>(raw: &str) -> String {
    format!(
        "unknown stored name {raw:?} for {}",
        std::any::type_name::<T>()
    )
}

impl<T: StoredName> TryGetable for Stored<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let raw = String::try_get_by(res, index)?;
        raw.parse()
            .map(Stored)
            .map_err(|_| TryGetError::DbErr(DbErr::Type(unknown::<T>(&raw))))
    }
}

impl<T: StoredName> ValueType for Stored<T> {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        match value {
            Value::String(Some(raw)) => raw.parse().map(Stored).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        format!("Stored<{}>", std::any::type_name::<T>())
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl<T: StoredName> Nullable for Stored<T> {
    fn null() -> Value {
        Value::String(None)
    }
}
