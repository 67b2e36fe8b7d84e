//! Accounts, sessions, cases, their parties and their members.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("email", 254))
                    .col(string_len("name", 120))
                    .col(string("password_hash"))
                    .col(boolean("is_admin").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer("version").default(1))
                    .to_owned(),
            )
            .await?;

        // Failed sign-ins per e-mail as typed (trimmed, lower case), whether or not an account
        // has it, so throttling and locks look the same for unknown e-mails.
        manager
            .create_table(
                Table::create()
                    .table("login_failures")
                    .col(string_len("email", 254).primary_key())
                    .col(integer("failed_logins"))
                    .col(timestamp_with_time_zone("last_failed_at"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(string_len("id", 64).primary_key())
                    .col(text("data"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expires_at")
                    .table("sessions")
                    .col("expires_at")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("cases")
                    .col(pk_auto("id"))
                    .col(string_len_uniq("number", 120))
                    .col(string_len("title", 300))
                    .col(string_len("court", 120))
                    .col(date("filing_date"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer("version").default(1))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("parties")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(string_len("name", 200))
                    .col(string_len("short_name", 16))
                    .col(string_len("role", 32))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("parties", "case_id", "cases"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_parties_case_short_name")
                    .table("parties")
                    .col("case_id")
                    .col("short_name")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("case_members")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(integer("user_id"))
                    .col(string_len("role", 32))
                    // Set for counsel and party representatives: the party they act for.
                    .col(integer_null("party_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("case_members", "case_id", "cases"))
                    .foreign_key(&mut fk("case_members", "user_id", "users"))
                    .foreign_key(&mut fk("case_members", "party_id", "parties"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_case_members_case_user")
                    .table("case_members")
                    .col("case_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_members_user")
                    .table("case_members")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "case_members",
            "parties",
            "cases",
            "sessions",
            "login_failures",
            "users",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
