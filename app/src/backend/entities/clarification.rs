use crate::backend::stored::Stored;
use domain::clarification::ClarificationState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clarifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub version_id: i32,
    pub party_id: i32,
    pub drafted_by: i32,
    pub state: Stored<ClarificationState>,
    #[sea_orm(column_type = "Text")]
    pub quote: String,
    pub quote_start: i32,
    pub quote_end: i32,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    #[sea_orm(column_type = "Text")]
    pub grounds: String,
    #[sea_orm(column_type = "Text")]
    pub proposed: String,
    pub responses_close_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub ruling_text: Option<String>,
    pub ruled_by: Option<i32>,
    /// When the court ruled (the act).
    pub ruled_at: Option<DateTimeUtc>,
    /// When the ruling was recorded in the portal.
    pub ruling_recorded_at: Option<DateTimeUtc>,
    pub new_version_id: Option<i32>,
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub filed_at: Option<DateTimeUtc>,
    /// The filed Registrar's report the ruling cites, if any.
    pub report_id: Option<i32>,
    /// Dismissed because it came after its directive version's deadline.
    pub out_of_time: bool,
    /// The registry's stamp on a request lodged on paper before it was recorded here.
    pub lodged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
