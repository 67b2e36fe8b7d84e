//! The audit chain, per-case counters, the evidence register with its files and custody
//! log, the docket and the notices of filing.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
    to_col: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

pub(crate) async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for col in cols {
        statement.col(*col);
    }
    if unique {
        statement.unique();
    }
    manager.create_index(statement.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row, locked by every append so the chain has one head and never forks.
        manager
            .create_table(
                Table::create()
                    .table("audit_head")
                    .col(integer("id").primary_key())
                    .col(big_integer("seq"))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("audit_head")
                    .columns(["id", "seq", "hash"])
                    .values_panic([1.into(), 0i64.into(), "0".repeat(64).into()])
                    .to_owned(),
            )
            .await?;
        // No foreign keys: the chain is the record of what happened and must outlive
        // anything it mentions.
        manager
            .create_table(
                Table::create()
                    .table("audit_entries")
                    .col(big_integer("seq").primary_key())
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("actor_id"))
                    .col(integer_null("case_id"))
                    .col(string_len("action", 64))
                    .col(string_len("subject", 200))
                    .col(text("payload"))
                    .col(string_len("prev_hash", 64))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_audit_entries_case",
            "audit_entries",
            &["case_id", "seq"],
            false,
        )
        .await?;

        // Gapless numbers per case (docket numbers, exhibit sequences): a row per series,
        // incremented inside the transaction that uses the number.
        manager
            .create_table(
                Table::create()
                    .table("case_counters")
                    .col(integer("case_id"))
                    .col(string_len("series", 32))
                    .col(integer("value"))
                    .primary_key(Index::create().col("case_id").col("series"))
                    .foreign_key(&mut fk("case_counters", "case_id", "cases", "id"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("evidence_items")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(string_len("code", 32))
                    .col(string_len("title", 300))
                    .col(string_len("kind", 32))
                    .col(string_len_null("station_code", 15))
                    .col(text("description"))
                    // Null when the court produced the item.
                    .col(integer_null("producer_party_id"))
                    .col(string_len("tier", 16))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("evidence_items", "case_id", "cases", "id"))
                    .foreign_key(&mut fk(
                        "evidence_items",
                        "producer_party_id",
                        "parties",
                        "id",
                    ))
                    .foreign_key(&mut fk("evidence_items", "recorded_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_evidence_items_case_code",
            "evidence_items",
            &["case_id", "code"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_evidence_items_case_id",
            "evidence_items",
            &["case_id", "id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("evidence_links")
                    .col(pk_auto("id"))
                    .col(integer("item_id"))
                    .col(string_len("target_kind", 32))
                    .col(integer("target_id"))
                    .col(string_len("note", 500))
                    .col(integer("linked_by"))
                    .col(timestamp_with_time_zone("linked_at"))
                    .foreign_key(&mut fk("evidence_links", "item_id", "evidence_items", "id"))
                    .foreign_key(&mut fk("evidence_links", "linked_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_evidence_links_item_target",
            "evidence_links",
            &["item_id", "target_kind", "target_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_evidence_links_target",
            "evidence_links",
            &["target_kind", "target_id"],
            false,
        )
        .await?;

        // Stored content, once per SHA-256 however many items carry it.
        manager
            .create_table(
                Table::create()
                    .table("blobs")
                    .col(string_len("sha256", 64).primary_key())
                    .col(big_integer("size"))
                    .col(string_len("media_type", 100))
                    .col(timestamp_with_time_zone("stored_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("evidence_files")
                    .col(pk_auto("id"))
                    .col(integer("item_id"))
                    .col(string_len("sha256", 64))
                    .col(string_len("original_name", 255))
                    .col(string_len("declared_type", 100))
                    .col(integer("uploaded_by"))
                    .col(timestamp_with_time_zone("uploaded_at"))
                    .foreign_key(&mut fk("evidence_files", "item_id", "evidence_items", "id"))
                    .foreign_key(&mut fk("evidence_files", "sha256", "blobs", "sha256"))
                    .foreign_key(&mut fk("evidence_files", "uploaded_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_evidence_files_item_sha256",
            "evidence_files",
            &["item_id", "sha256"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_evidence_files_sha256",
            "evidence_files",
            &["sha256"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("custody_events")
                    .col(pk_auto("id"))
                    .col(integer("item_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(string_len("kind", 32))
                    // Null for the portal itself (the `evidence verify` command).
                    .col(integer_null("actor_id"))
                    .col(integer_null("file_id"))
                    .col(string_len_null("handed_to", 200))
                    .col(text_null("note"))
                    .foreign_key(&mut fk("custody_events", "item_id", "evidence_items", "id"))
                    .foreign_key(&mut fk("custody_events", "actor_id", "users", "id"))
                    .foreign_key(&mut fk("custody_events", "file_id", "evidence_files", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_custody_events_item",
            "custody_events",
            &["item_id", "id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("docket_entries")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("number"))
                    .col(timestamp_with_time_zone("filed_at"))
                    // Null when the portal itself filed (an integrity failure it noticed).
                    .col(integer_null("filed_by"))
                    // The party the filing is made for; null for the court's own filings.
                    .col(integer_null("party_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("title", 300))
                    .col(string_len("target_kind", 32))
                    .col(integer("target_id"))
                    .col(string_len("tier", 16))
                    // The audit chain's head once the filing was recorded.
                    .col(string_len("audit_hash", 64))
                    .foreign_key(&mut fk("docket_entries", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("docket_entries", "filed_by", "users", "id"))
                    .foreign_key(&mut fk("docket_entries", "party_id", "parties", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_docket_entries_case_number",
            "docket_entries",
            &["case_id", "number"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("notices")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(integer("docket_entry_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("read_at"))
                    .foreign_key(&mut fk("notices", "user_id", "users", "id"))
                    .foreign_key(&mut fk(
                        "notices",
                        "docket_entry_id",
                        "docket_entries",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_notices_user_entry",
            "notices",
            &["user_id", "docket_entry_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_notices_user_unread",
            "notices",
            &["user_id", "read_at"],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "notices",
            "docket_entries",
            "custody_events",
            "evidence_files",
            "blobs",
            "evidence_links",
            "evidence_items",
            "case_counters",
            "audit_entries",
            "audit_head",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
