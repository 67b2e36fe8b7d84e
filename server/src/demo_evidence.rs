//! The demo case's evidence: Form 34A scans for a few polling stations, the Smartmatic
//! letter, and the record of a server image, each with a small generated file, recorded
//! through the same services a person's upload goes through, when the story has it.

use app::backend::AppState;
use app::backend::case_scope::CaseScope;
use app::backend::entities::{party, user};
use app::backend::evidence::{self, NewItem, UploadTarget};
use app::error::AppError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// A one-page PDF whose text is `lines`: enough to open in a viewer and to be recognised
/// as a PDF by its content.
pub(crate) fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 11 Tf 50 780 Td 14 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        text.push_str(&format!("({escaped}) Tj T*\n"));
    }
    text.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

struct DemoItem {
    /// When it was recorded (the court's time, as a form gives it).
    recorded_at: &'static str,
    recorded_by: &'static str,
    producer: &'static str,
    title: &'static str,
    kind: &'static str,
    station: &'static str,
    tier: &'static str,
    description: &'static str,
    file_name: &'static str,
    content: Vec<u8>,
    declared: &'static str,
}

fn items() -> Vec<DemoItem> {
    let form = |station: &str, centre: &str, votes: [&str; 4]| {
        pdf(&[
            "FORM 34A - PRESIDENTIAL ELECTION RESULTS AT THE POLLING STATION",
            &format!("Polling station code: {station}"),
            &format!("Polling centre: {centre}"),
            &format!("Registered voters: {}", votes[0]),
            &format!("Odinga Raila: {}", votes[1]),
            &format!("Ruto William Samoei: {}", votes[2]),
            &format!("Rejected ballots: {}", votes[3]),
            "Signed: Presiding officer; agents present (demo document, generated)",
        ])
    };
    vec![
        DemoItem {
            recorded_at: "2022-08-31T09:00",
            recorded_by: "gumbo@counsel.test",
            producer: "IEBC",
            title: "Form 34A, Laini Saba Primary School, stream 1",
            kind: "form_34a_book_1",
            station: "047278105000101",
            tier: "parties",
            description: "Scanned original from the ballot box, as produced by the 1st respondent.",
            file_name: "34A-047278105000101.pdf",
            content: form("047278105000101", "Laini Saba Primary School", ["612", "431", "158", "4"]),
            declared: "application/pdf",
        },
        DemoItem {
            recorded_at: "2022-08-31T09:00",
            recorded_by: "gumbo@counsel.test",
            producer: "IEBC",
            title: "Form 34A, East Wanga Secondary School, stream 2",
            kind: "form_34a_book_1",
            station: "037204103000202",
            tier: "parties",
            description: "Scanned original from the ballot box, as produced by the 1st respondent.",
            file_name: "34A-037204103000202.pdf",
            content: form("037204103000202", "East Wanga Secondary School", ["540", "201", "322", "3"]),
            declared: "application/pdf",
        },
        DemoItem {
            recorded_at: "2022-08-29T10:00",
            recorded_by: "mwangi@counsel.test",
            producer: "ODINGA",
            title: "Form 34A, Theta Primary School, stream 1 (agent's copy)",
            kind: "form_34a_book_2",
            station: "022111102000101",
            tier: "parties",
            description: "The petitioners' agent's carbon copy, for comparison with the public portal image.",
            file_name: "agent-copy-022111102000101.pdf",
            content: form("022111102000101", "Theta Primary School", ["701", "96", "583", "7"]),
            declared: "application/pdf",
        },
        DemoItem {
            recorded_at: "2022-08-31T15:10",
            recorded_by: "registrar@court.test",
            producer: "SMARTMATIC",
            title: "Letter from Smartmatic declining supervised access to its servers",
            kind: "letter",
            station: "",
            tier: "parties",
            description: "Received by the Registrar at 15:00 on 31 August 2022.",
            file_name: "smartmatic-letter-2022-08-31.txt",
            content: "Smartmatic International Holding B.V.\n\n31 August 2022\n\nTo the Registrar, Supreme Court of Kenya\n\nRe: Presidential Election Petition E005 of 2022, order of 30 August 2022\n\nWe are not a party to the petition. Access to servers hosting the results transmission system is subject to our security policy and contractual obligations to our client. (Demo document, generated.)\n"
                .as_bytes()
                .to_vec(),
            declared: "text/plain",
        },
        DemoItem {
            recorded_at: "2022-08-31T11:00",
            recorded_by: "registrar@court.test",
            producer: "court",
            title: "Forensic image of results transmission server (image record)",
            kind: "server_image",
            station: "",
            tier: "court_only",
            description: "Imaged under the Registrar's supervision; the image itself stays on the court's sealed media. This item records its manifest.",
            file_name: "server-image-manifest.txt",
            content: "image: rts-srv-01.img\nsize: 512 GiB\nsha256 of image: 9f2c4e...(demo)\nimaged: 31 Aug 2022 10:40 EAT\nwitnesses: agents of the petitioners and the 1st respondent\n(Demo document, generated.)\n"
                .as_bytes()
                .to_vec(),
            declared: "text/plain",
        },
    ]
}

/// Records the items the story has recorded from `from` until before `until` (the court's
/// times as a form gives them, which sort as they read), each at its time.
pub async fn seed_between(
    state: &AppState,
    case_id: i32,
    from: &str,
    until: &str,
) -> Result<(), AppError> {
    let parties = party::Entity::find()
        .filter(party::Column::CaseId.eq(case_id))
        .all(&state.db)
        .await?;
    let mut due: Vec<DemoItem> = items()
        .into_iter()
        .filter(|d| (from..until).contains(&d.recorded_at))
        .collect();
    due.sort_by_key(|d| d.recorded_at);
    for demo in due {
        crate::seed::on(
            state,
            demo.recorded_at,
            record(state, case_id, &parties, demo),
        )
        .await?;
    }
    Ok(())
}

async fn record(
    state: &AppState,
    case_id: i32,
    parties: &[party::Model],
    demo: DemoItem,
) -> Result<(), AppError> {
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(demo.recorded_by))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = CaseScope::open(state, &person, case_id).await?;
    let producer = match demo.producer {
        "court" => "court".to_owned(),
        short => parties
            .iter()
            .find(|p| p.short_name == short)
            .map(|p| p.id.to_string())
            .ok_or(AppError::NotFound)?,
    };
    let item = evidence::record(
        &member,
        NewItem {
            title: demo.title,
            kind: demo.kind,
            station_code: demo.station,
            description: demo.description,
            producer: &producer,
            tier: demo.tier,
        },
    )
    .await?;
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(demo.content)]);
    let incoming = state
        .storage()
        .receive(chunks, state.config.max_upload_bytes)
        .await?;
    evidence::attach(
        state,
        &UploadTarget {
            actor: member.actor,
            item,
        },
        incoming,
        demo.file_name,
        Some(demo.declared),
    )
    .await?;
    Ok(())
}
