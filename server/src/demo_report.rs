//! The end of the demo's story: the Registrar files her report on directives 3 and 7 at
//! 16:45 on 1 September 2022, before it was due, served on every party; on 5 September the
//! court finds, on that report, that IEBC complied with the server directive, and
//! dismisses as out of time the petitioners' request, filed on 2 September, for access to
//! all eight servers. Made through the services people use, each step on its own date.

use crate::demo_orders::member;
use crate::demo_work::directive_id;
use crate::report_document::render;
use crate::seed::on;
use app::backend::AppState;
use app::backend::clarifications::{self, RequestInput, RulingInput};
use app::backend::compliance;
use app::backend::entities::{directive_version, obligation, party};
use app::backend::reports::{self, DraftInput};
use app::error::AppError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub async fn seed(state: &AppState, case_id: i32) -> Result<(), AppError> {
    let registrar = member(state, "registrar@court.test", case_id).await?;
    let judge = member(state, "judge@court.test", case_id).await?;
    let mwangi = member(state, "mwangi@counsel.test", case_id).await?;
    let servers = directive_id(state, case_id, "3").await?;
    let forms = directive_id(state, case_id, "7").await?;
    let chosen = HashMap::from([
        (servers.to_string(), "on".to_owned()),
        (forms.to_string(), "on".to_owned()),
    ]);
    let input = || DraftInput {
        directives: &chosen,
        tier: "parties",
    };
    let report = on(state, "2022-09-01T16:45", async {
        let draft = reports::draft(&registrar, input()).await?;
        let report = reports::file(&registrar, input(), &draft.basis, "2022-09-01T16:45", |r| {
            render(r, false).map_err(|e| {
                tracing::error!("rendering the demo's report: {e}");
                AppError::Internal
            })
        })
        .await?;
        Ok(report)
    })
    .await?;
    let report_id = report.id.to_string();

    // The petitioners ask, after the window closed, for access to all eight servers.
    let late = on(state, "2022-09-02T09:30", async {
        let late = clarifications::request(
            &mwangi,
            RequestInput {
                directive_id: servers,
                quote: "supervised access to the servers",
                question: "Does \"supervised access to the servers\" mean access to all eight of the servers?",
                grounds: "The petitioners' agents were given access to one of the eight servers; the directive names no server, and so covers all of them.",
                proposed: "Supervised access to all eight servers, each forensically imaged.",
                exhibits: "",
                file_now: true,
            },
        )
        .await?;
        Ok(late)
    })
    .await?;

    on(state, "2022-09-05T10:00", async {
        // The court accepts the Registrar's word: IEBC complied with the server directive.
        let iebc = party::Entity::find()
            .filter(party::Column::CaseId.eq(case_id))
            .filter(party::Column::ShortName.eq("IEBC"))
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let versions = directive_version::Entity::find()
            .filter(directive_version::Column::DirectiveId.eq(servers))
            .all(&state.db)
            .await?;
        let cell = obligation::Entity::find()
            .filter(obligation::Column::PartyId.eq(iebc.id))
            .filter(obligation::Column::VersionId.is_in(versions.iter().map(|v| v.id)))
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        compliance::assess(
            &judge,
            cell.id,
            &cell.revision.to_string(),
            "complied",
            "On the Registrar's report, supervised access was given as the directive required; the servers left were a third party's, which declined for reasons the Court accepts.",
            "2022-09-05T10:00",
            &report_id,
        )
        .await?;
        Ok(())
    })
    .await?;
    on(state, "2022-09-05T10:15", async {
        clarifications::rule(
            &judge,
            late.id,
            RulingInput {
                ruling: "dismissed",
                text: "The request was made after the scrutiny closed at 14:00 on 1 September 2022; the Registrar's report records the access that was given. The request is refused.",
                revision: &late.revision.to_string(),
                terms: None,
                directive_version: "",
                carry: false,
                ruled_at: "2022-09-05T10:15",
                report: &report_id,
                out_of_time: true,
            },
        )
        .await?;
        Ok(())
    })
    .await
}
