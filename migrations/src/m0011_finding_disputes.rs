//! A party disputes a verified finding by filing an objection tied to it: the objection is
//! an ordinary response (docketed, sealed, citing exhibits), and this table says which
//! version of which task's finding it disputes. One finding per response; a finding may be
//! disputed by many.

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
                    .table("response_findings")
                    .col(integer("response_id").primary_key())
                    .col(integer("finding_id"))
                    .foreign_key(&mut fk(
                        "response_findings",
                        "response_id",
                        "responses",
                        "id",
                    ))
                    .foreign_key(&mut fk("response_findings", "finding_id", "findings", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_response_findings_finding",
            "response_findings",
            &["finding_id", "response_id"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("response_findings").to_owned())
            .await
    }
}
