//! The portal's schema, as an ordered list of migrations run at start-up on either backend.

pub use sea_orm_migration::prelude::*;

mod m0001_accounts_and_cases;
mod m0002_evidence_audit_docket;
mod m0003_orders_compliance_clarifications;
mod m0004_case_revision;
mod m0005_docket_readers;
mod m0006_party_withdrawal;
mod m0007_acts;
mod m0008_station_registers;
mod m0009_scrutiny_tasks;
mod m0010_sittings_and_findings;
mod m0011_finding_disputes;
mod m0012_reports;
mod m0013_citations;
mod m0014_two_factor;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts_and_cases::Migration),
            Box::new(m0002_evidence_audit_docket::Migration),
            Box::new(m0003_orders_compliance_clarifications::Migration),
            Box::new(m0004_case_revision::Migration),
            Box::new(m0005_docket_readers::Migration),
            Box::new(m0006_party_withdrawal::Migration),
            Box::new(m0007_acts::Migration),
            Box::new(m0008_station_registers::Migration),
            Box::new(m0009_scrutiny_tasks::Migration),
            Box::new(m0010_sittings_and_findings::Migration),
            Box::new(m0011_finding_disputes::Migration),
            Box::new(m0012_reports::Migration),
            Box::new(m0013_citations::Migration),
            Box::new(m0014_two_factor::Migration),
        ]
    }
}
