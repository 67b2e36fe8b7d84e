//! Scrutiny tasks: the units of supervised work that carry out a directive version, the
//! officers assigned to each, the agents parties nominate and send to them, and each
//! task's history of steps. A directive version gains the number of agents each party may
//! send, carried across versions like its other terms.

use crate::m0002_evidence_audit_docket::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("directive_versions")
                    .add_column(integer_null("agent_limit"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("agents")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("party_id"))
                    .col(string_len("name", 200))
                    .col(string_len("id_number", 32))
                    .col(string_len("phone", 32))
                    // The agent's own account, when they read their tasks in the portal.
                    .col(integer_null("user_id"))
                    .col(integer("nominated_by"))
                    .col(timestamp_with_time_zone("nominated_at"))
                    .col(timestamp_with_time_zone_null("withdrawn_at"))
                    .foreign_key(&mut fk("agents", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("agents", "party_id", "parties", "id"))
                    .foreign_key(&mut fk("agents", "nominated_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_agents_party_id_number",
            "agents",
            &["party_id", "id_number"],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("tasks")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("directive_id"))
                    // The directive version the task carries out.
                    .col(integer("version_number"))
                    .col(string_len("kind", 24))
                    // The forms an inspection covers, comma-separated names.
                    .col(string_len("forms", 100))
                    .col(string_len("scope", 16))
                    .col(string_len_null("station_code", 15))
                    // The station's county and constituency codes, for the board's filters.
                    .col(string_len_null("county_code", 3))
                    .col(string_len_null("constituency_code", 3))
                    .col(string_len_null("ballot_box", 64))
                    .col(string_len_null("server", 200))
                    .col(integer_null("evidence_item_id"))
                    // What the task is about, unique per directive and kind:
                    // "station:047278147500101", "box:047278147500101:2", "server:name".
                    .col(string_len("scope_key", 300))
                    .col(string_len("venue", 300))
                    .col(timestamp_with_time_zone_null("slot_starts"))
                    .col(timestamp_with_time_zone_null("slot_ends"))
                    .col(string_len("state", 24))
                    // Where a blocked task goes back to when unblocked.
                    .col(string_len_null("resume_state", 24))
                    // Bumped by every change, so a stale form is refused.
                    .col(integer("revision"))
                    .col(integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk("tasks", "case_id", "cases", "id"))
                    .foreign_key(&mut fk("tasks", "directive_id", "directives", "id"))
                    .foreign_key(&mut fk("tasks", "created_by", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_tasks_scope",
            "tasks",
            &["directive_id", "kind", "scope_key"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_tasks_case",
            "tasks",
            &["case_id", "id"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_tasks_case_state",
            "tasks",
            &["case_id", "state", "id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("task_officers")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("user_id"))
                    .foreign_key(&mut fk("task_officers", "task_id", "tasks", "id"))
                    .foreign_key(&mut fk("task_officers", "user_id", "users", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_task_officers",
            "task_officers",
            &["task_id", "user_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_task_officers_user",
            "task_officers",
            &["user_id", "task_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("task_agents")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(integer("agent_id"))
                    // The agent's party, kept here so the per-party limit is one count.
                    .col(integer("party_id"))
                    .foreign_key(&mut fk("task_agents", "task_id", "tasks", "id"))
                    .foreign_key(&mut fk("task_agents", "agent_id", "agents", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_task_agents",
            "task_agents",
            &["task_id", "agent_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_task_agents_agent",
            "task_agents",
            &["agent_id", "task_id"],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("task_events")
                    .col(pk_auto("id"))
                    .col(integer("task_id"))
                    .col(string_len("event", 24))
                    .col(string_len("from_state", 24))
                    .col(string_len("to_state", 24))
                    .col(text("reason"))
                    // The filing that records a block (a letter refusing access).
                    .col(integer_null("response_id"))
                    .col(integer_null("actor_id"))
                    .col(timestamp_with_time_zone("at"))
                    .foreign_key(&mut fk("task_events", "task_id", "tasks", "id"))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_events_task",
            "task_events",
            &["task_id", "id"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "task_events",
            "task_agents",
            "task_officers",
            "tasks",
            "agents",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("directive_versions")
                    .drop_column("agent_limit")
                    .to_owned(),
            )
            .await
    }
}
