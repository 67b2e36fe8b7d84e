//! The Registrar's report: each filed version frozen as an evidence item (the exact bytes,
//! with their SHA-256), the directive versions it covers, the report it supersedes, and the
//! audit chain's head when it was generated. An order gains the time its report is due.

use crate::m0002_evidence_audit_docket::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // "The Registrar shall file her report by 17:00 on 1 September": overdue is derived
        // from this and the reports filed, never stored.
        manager
            .alter_table(
                Table::alter()
                    .table("orders")
                    .add_column(timestamp_with_time_zone_null("report_due_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("reports")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    // 1, 2, … within the case; a later version supersedes an earlier one.
                    .col(integer("version"))
                    .col(integer_null("supersedes_id"))
                    .col(string_len("tier", 16))
                    // The document as filed: an evidence item of kind report.
                    .col(integer("evidence_item_id"))
                    .col(string_len("sha256", 64))
                    .col(big_integer("size"))
                    // The audit chain's head when the document was generated.
                    .col(big_integer("audit_seq"))
                    .col(string_len("audit_hash", 64))
                    // The draft's fingerprint: the same draft is not filed twice.
                    .col(string_len("basis", 64))
                    .col(integer("filed_by"))
                    .col(timestamp_with_time_zone("filed_at"))
                    .foreign_key(&mut fk("reports", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("reports", "supersedes_id", "reports", "id"))
                    .foreign_key(&mut fk(
                        "reports",
                        "evidence_item_id",
                        "evidence_items",
                        "id",
                    ))
                    .foreign_key(&mut fk("reports", "filed_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_reports_case_version",
            "reports",
            &["case_id", "version"],
            true,
        )
        .await?;
        index(
            manager,
            "uq_reports_case_basis",
            "reports",
            &["case_id", "basis"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("report_directives")
                    .col(integer("report_id"))
                    .col(integer("version_id"))
                    .primary_key(Index::create().col("report_id").col("version_id"))
                    .foreign_key(&mut fk("report_directives", "report_id", "reports", "id"))
                    .foreign_key(&mut fk(
                        "report_directives",
                        "version_id",
                        "directive_versions",
                        "id",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("report_directives").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("reports").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("orders")
                    .drop_column("report_due_at")
                    .to_owned(),
            )
            .await
    }
}
