//! Two-factor sign-in (TOTP, RFC 6238): an account's authenticator secret once its owner
//! has confirmed it, with the last time step accepted (a code is good once), its recovery
//! codes (hashed; each good once), and whether an administrator requires it of the account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(boolean("two_factor_required").default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("two_factor_secrets")
                    .col(integer("user_id").primary_key())
                    .col(string_len("secret", 64))
                    .col(big_integer_null("last_step"))
                    .col(timestamp_with_time_zone("enrolled_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_two_factor_secrets_user_id")
                            .from("two_factor_secrets", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("recovery_codes")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string_len("code_hash", 64))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recovery_codes_user_id")
                            .from("recovery_codes", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user_id")
                    .table("recovery_codes")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("recovery_codes").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("two_factor_secrets").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("two_factor_required")
                    .to_owned(),
            )
            .await
    }
}
