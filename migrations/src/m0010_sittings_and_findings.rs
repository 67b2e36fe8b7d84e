//! The supervised sittings of a task and what it found. Nothing here is edited in place:
//! a corrected sitting is a new row naming the one it corrects, a corrected finding a new
//! version, and each person present signs the version they saw.

use crate::m0002_evidence_audit_docket::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("task_sittings")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone("ended_at"))
                    .col(text("observations"))
                    // What was refused, and by whom.
                    .col(text("refused"))
                    // The sitting this entry corrects; the older one stays, marked.
                    .col(integer_null("corrects_id"))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("task_sittings", "task_id", "tasks", "id"))
                    .foreign_key(&mut fk("task_sittings", "recorded_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_sittings_task",
            "task_sittings",
            &["task_id", "id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("sitting_attendance")
                    .col(pk_auto("id"))
                    .col(integer("sitting_id"))
                    // An officer present, by account; or an agent present.
                    .col(integer_null("user_id"))
                    .col(integer_null("agent_id"))
                    .foreign_key(&mut fk(
                        "sitting_attendance",
                        "sitting_id",
                        "task_sittings",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sitting_attendance",
            "sitting_attendance",
            &["sitting_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("sitting_items")
                    .col(pk_auto("id"))
                    .col(integer("sitting_id"))
                    // What was opened or accessed: a ballot box, a server.
                    .col(string_len("label", 200))
                    .col(string_len("seal_found", 64))
                    .col(string_len("seal_applied", 64))
                    .foreign_key(&mut fk(
                        "sitting_items",
                        "sitting_id",
                        "task_sittings",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sitting_items",
            "sitting_items",
            &["sitting_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("sitting_remarks")
                    .col(pk_auto("id"))
                    .col(integer("sitting_id"))
                    .col(integer("agent_id"))
                    .col(integer("user_id"))
                    .col(boolean("objects"))
                    .col(text("remark"))
                    .col(timestamp_with_time_zone("at"))
                    .foreign_key(&mut fk(
                        "sitting_remarks",
                        "sitting_id",
                        "task_sittings",
                        "id",
                    ))
                    .foreign_key(&mut fk("sitting_remarks", "agent_id", "agents", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sitting_remarks",
            "sitting_remarks",
            &["sitting_id", "id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("findings")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    // 1, 2…: a correction is a new version, the earlier ones kept.
                    .col(integer("version"))
                    // The finding as `domain::findings::FindingBody`, in JSON.
                    .col(text("body"))
                    // What changed since the previous version, and why.
                    .col(text("change_note"))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("findings", "task_id", "tasks", "id"))
                    .foreign_key(&mut fk("findings", "recorded_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_findings_version",
            "findings",
            &["task_id", "version"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("tallies")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    // The finding version the tally is for: a returned recount is counted again.
                    .col(integer("round"))
                    .col(integer("entered_by"))
                    // `domain::findings::Tally`, in JSON.
                    .col(text("body"))
                    .col(timestamp_with_time_zone("entered_at"))
                    .foreign_key(&mut fk("tallies", "task_id", "tasks", "id"))
                    .foreign_key(&mut fk("tallies", "entered_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_tallies_task",
            "tallies",
            &["task_id", "round", "id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("finding_signatures")
                    .col(pk_auto("id"))
                    .col(integer("finding_id"))
                    // "user:7" or "agent:3": each person signs a version once.
                    .col(string_len("signer", 32))
                    .col(integer("user_id"))
                    .col(integer_null("agent_id"))
                    .col(boolean("agrees"))
                    .col(text("remark"))
                    .col(timestamp_with_time_zone("at"))
                    .foreign_key(&mut fk(
                        "finding_signatures",
                        "finding_id",
                        "findings",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_finding_signatures",
            "finding_signatures",
            &["finding_id", "signer"],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "finding_signatures",
            "tallies",
            "findings",
            "sitting_remarks",
            "sitting_items",
            "sitting_attendance",
            "task_sittings",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
