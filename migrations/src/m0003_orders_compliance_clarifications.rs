//! Court orders with versioned directives, the obligations they put on parties and the
//! compliance with each, party responses, and clarification requests with their rulings.

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
                    .table("orders")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(string_len("title", 300))
                    // When the court made the order (as it says), not when it was recorded.
                    .col(timestamp_with_time_zone("issued_at"))
                    .col(string_len("bench", 500))
                    .col(text("preamble"))
                    .col(string_len("state", 16))
                    // Bumped by every change to the draft, so a stale form is refused.
                    .col(integer("revision"))
                    .col(integer("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(integer_null("filed_by"))
                    .col(timestamp_with_time_zone_null("filed_at"))
                    .foreign_key(&mut fk("orders", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("orders", "recorded_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_orders_case",
            "orders",
            &["case_id", "issued_at"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("directives")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("order_id"))
                    // Normalised ("3(b)"), so the unique index refuses "3 (B)" beside it.
                    .col(string_len("label", 24))
                    .col(string_len("label_sort", 64))
                    // The number of the version in force; a form carries it to be refused
                    // when someone else made a newer version first.
                    .col(integer("current_version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("directives", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("directives", "order_id", "orders", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_directives_order_label",
            "directives",
            &["order_id", "label"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_directives_case",
            "directives",
            &["case_id", "label_sort"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("directive_versions")
                    .col(pk_auto("id"))
                    .col(integer("directive_id"))
                    .col(integer("number"))
                    .col(text("text"))
                    .col(timestamp_with_time_zone_null("window_opens"))
                    .col(timestamp_with_time_zone_null("deadline"))
                    .col(text("limits"))
                    // One name per line: who is not a party but holds what is needed.
                    .col(text("third_parties"))
                    .col(string_len("tier", 16))
                    .col(string_len("reason", 16))
                    .col(text("reason_note"))
                    // The record that made this version (a clarification request's ruling).
                    .col(string_len_null("source_kind", 32))
                    .col(integer_null("source_id"))
                    // Whether compliance with the previous version carried over.
                    .col(boolean("carries_compliance"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "directive_versions",
                        "directive_id",
                        "directives",
                        "id",
                    ))
                    .foreign_key(&mut fk("directive_versions", "created_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_directive_versions_number",
            "directive_versions",
            &["directive_id", "number"],
            true,
        )
        .await?;

        // One row per directive version and obligated party: the compliance cell.
        manager
            .create_table(
                Table::create()
                    .table("obligations")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("version_id"))
                    .col(integer("party_id"))
                    .col(string_len("office", 200))
                    .col(string_len("state", 24))
                    .col(text("reason"))
                    // Optimistic concurrency: every change bumps it, and a change made on
                    // an older revision is refused.
                    .col(integer("revision"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(integer_null("updated_by"))
                    .col(integer_null("latest_response_id"))
                    // Distinct exhibits the party's responses to this version cite, as
                    // each audience may count them: everyone who may read the cell's
                    // responses in full, the other parties, the public. Kept up to date
                    // on filing so the matrix reads counts, not every response.
                    .col(integer("exhibits_all").default(0))
                    .col(integer("exhibits_parties").default(0))
                    .col(integer("exhibits_public").default(0))
                    .foreign_key(&mut fk("obligations", "case_id", "cases", "id"))
                    .foreign_key(&mut fk(
                        "obligations",
                        "version_id",
                        "directive_versions",
                        "id",
                    ))
                    .foreign_key(&mut fk("obligations", "party_id", "parties", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_obligations_version_party",
            "obligations",
            &["version_id", "party_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_obligations_case_party",
            "obligations",
            &["case_id", "party_id"],
            false,
        )
        .await?;

        // Each exhibit cited for a cell once, with the most open audience that may see the
        // citation (0 public, 1 parties, 2 the court and the citing party).
        manager
            .create_table(
                Table::create()
                    .table("cell_exhibits")
                    .col(integer("obligation_id"))
                    .col(integer("item_id"))
                    .col(small_integer("audience"))
                    .primary_key(Index::create().col("obligation_id").col("item_id"))
                    .foreign_key(&mut fk(
                        "cell_exhibits",
                        "obligation_id",
                        "obligations",
                        "id",
                    ))
                    .foreign_key(&mut fk("cell_exhibits", "item_id", "evidence_items", "id"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("obligation_events")
                    .col(pk_auto("id"))
                    .col(integer("obligation_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("actor_id"))
                    .col(string_len("event", 32))
                    .col(string_len("from_state", 24))
                    .col(string_len("to_state", 24))
                    .col(text("reason"))
                    .col(integer_null("response_id"))
                    .foreign_key(&mut fk(
                        "obligation_events",
                        "obligation_id",
                        "obligations",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_obligation_events_obligation",
            "obligation_events",
            &["obligation_id", "id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("responses")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(string_len("kind", 32))
                    // Null for a third party's letter.
                    .col(integer_null("party_id"))
                    .col(string_len_null("third_party", 200))
                    .col(string_len("title", 300))
                    .col(text("body"))
                    .col(string_len("tier", 16))
                    .col(integer("filed_by"))
                    .col(timestamp_with_time_zone("filed_at"))
                    .foreign_key(&mut fk("responses", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("responses", "party_id", "parties", "id"))
                    .foreign_key(&mut fk("responses", "filed_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_responses_case",
            "responses",
            &["case_id", "id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("response_directives")
                    .col(integer("response_id"))
                    .col(integer("version_id"))
                    .primary_key(Index::create().col("response_id").col("version_id"))
                    .foreign_key(&mut fk(
                        "response_directives",
                        "response_id",
                        "responses",
                        "id",
                    ))
                    .foreign_key(&mut fk(
                        "response_directives",
                        "version_id",
                        "directive_versions",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_response_directives_version",
            "response_directives",
            &["version_id", "response_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("clarifications")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("version_id"))
                    .col(integer("party_id"))
                    .col(integer("drafted_by"))
                    .col(string_len("state", 16))
                    .col(text("quote"))
                    // Where the quoted words stand in the version's text, in bytes.
                    .col(integer("quote_start"))
                    .col(integer("quote_end"))
                    .col(text("question"))
                    .col(text("grounds"))
                    .col(text("proposed"))
                    .col(timestamp_with_time_zone_null("responses_close_at"))
                    .col(text_null("ruling_text"))
                    .col(integer_null("ruled_by"))
                    .col(timestamp_with_time_zone_null("ruled_at"))
                    .col(integer_null("new_version_id"))
                    .col(integer("revision"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("filed_at"))
                    .foreign_key(&mut fk("clarifications", "case_id", "cases", "id"))
                    .foreign_key(&mut fk(
                        "clarifications",
                        "version_id",
                        "directive_versions",
                        "id",
                    ))
                    .foreign_key(&mut fk("clarifications", "party_id", "parties", "id"))
                    .foreign_key(&mut fk("clarifications", "drafted_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_clarifications_case",
            "clarifications",
            &["case_id", "id"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_clarifications_version",
            "clarifications",
            &["version_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("clarification_responses")
                    .col(pk_auto("id"))
                    .col(integer("clarification_id"))
                    .col(integer("party_id"))
                    .col(integer("filed_by"))
                    .col(string_len("position", 16))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("filed_at"))
                    .foreign_key(&mut fk(
                        "clarification_responses",
                        "clarification_id",
                        "clarifications",
                        "id",
                    ))
                    .foreign_key(&mut fk(
                        "clarification_responses",
                        "party_id",
                        "parties",
                        "id",
                    ))
                    .to_owned(),
            )
            .await?;
        // Each party answers a request once.
        index(
            manager,
            "uq_clarification_responses_party",
            "clarification_responses",
            &["clarification_id", "party_id"],
            true,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "clarification_responses",
            "clarifications",
            "response_directives",
            "responses",
            "obligation_events",
            "cell_exhibits",
            "obligations",
            "directive_versions",
            "directives",
            "orders",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
