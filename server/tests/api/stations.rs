//! Station registers: `scrutiny-portal stations import` as a person runs it, and an
//! administrator naming a case's register.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::{audit_entry, case, election, station};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::process::{Command, Output};

on_both_backends!(
    a_register_is_imported_once_and_bad_rows_are_named_by_line,
    an_administrator_names_a_case_s_register
);

const HEADER: &str = "name,code,county,constituency,ward,centre,registered_voters,notes\n";

fn import(db: &TestDb, file: &std::path::Path, election: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args(["--database-url", &db.url, "stations", "import"])
        .arg(file)
        .args(["--election", election])
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn stations_of(app: &TestApp, name: &str) -> Vec<station::Model> {
    let Some(e) = election::Entity::find()
        .filter(election::Column::Name.eq(name))
        .one(&app.state.db)
        .await
        .unwrap()
    else {
        return Vec::new();
    };
    station::Entity::find()
        .filter(station::Column::ElectionId.eq(e.id))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn a_register_is_imported_once_and_bad_rows_are_named_by_line(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.csv");
    const ELECTION: &str = "Kenya general election 2017";

    // Columns in another order than documented, with one the import ignores.
    let good = format!(
        "{HEADER}\
         LAINI SABA PRIMARY 1,047278147500101,NAIROBI CITY,KIBRA,LAINI SABA,LAINI SABA PRIMARY,688,\n\
         LAINI SABA PRIMARY 2,047 278 1475 001 02,NAIROBI CITY,KIBRA,LAINI SABA,LAINI SABA PRIMARY,700,stream 2\n\
         \"JUNDA SOCIAL HALL, WEST\",001003100200101,MOMBASA,KISAUNI,JUNDA,JUNDA SOCIAL HALL,512,\n"
    );
    // Problems on lines 2, 3, 4 and 5; the good line 6 is not imported either.
    let bad = format!(
        "{HEADER}\
         A,04727814750010,NAIROBI CITY,KIBRA,LAINI SABA,LAINI SABA PRIMARY,688,\n\
         B,047278147500101,NAIROBI CITY,KIBRA,LAINI SABA,LAINI SABA PRIMARY,-4,\n\
         C,047278147500101,NAIROBI,KIBRA,LAINI SABA,LAINI SABA PRIMARY,10,\n\
         D,047278147500102,NAIROBI CITY\n\
         E,001003100200101,MOMBASA,KISAUNI,JUNDA,JUNDA SOCIAL HALL,512,\n"
    );
    let audit_before = count::<audit_entry::Entity>(&app).await;
    std::fs::write(&file, &bad).unwrap();
    let refused = import(&db, &file, ELECTION);
    assert!(!refused.status.success());
    let out = text(&refused.stdout);
    assert!(
        out.contains("line 2: code “04727814750010”: A polling station code is 15 digits"),
        "{out}"
    );
    assert!(
        out.contains("line 3: registered_voters “-4” is not a whole number"),
        "{out}"
    );
    assert!(
        out.contains("line 4: county 047 is named “NAIROBI” here but “NAIROBI CITY” on line 3"),
        "{out}"
    );
    assert!(
        out.contains("line 4: code 047278147500101 is already listed on line 3"),
        "{out}"
    );
    assert!(
        out.contains("line 5: 3 values where the header names 8 columns"),
        "{out}"
    );
    assert!(!out.contains("line 6"), "{out}");
    assert!(text(&refused.stderr).contains("nothing was imported"));
    assert!(stations_of(&app, ELECTION).await.is_empty());
    assert_eq!(count::<audit_entry::Entity>(&app).await, audit_before);

    std::fs::write(&file, "code,county,name\n047278147500101,NAIROBI CITY,X\n").unwrap();
    let out = text(&import(&db, &file, ELECTION).stdout);
    assert!(
        out.contains("line 1: the header lacks constituency, ward, centre, registered_voters"),
        "{out}"
    );

    std::fs::write(&file, &good).unwrap();
    let first = import(&db, &file, ELECTION);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains(
        "3 stations in the file for “Kenya general election 2017”: 3 added, 0 changed, 0 unchanged"
    ));
    let stored = stations_of(&app, ELECTION).await;
    assert_eq!(stored.len(), 3);
    let kibra = stored.iter().find(|s| s.code == "047278147500102").unwrap();
    assert_eq!(
        (
            kibra.county_code.as_str(),
            kibra.constituency_code.as_str(),
            kibra.ward_code.as_str(),
            kibra.centre_code.as_str(),
            kibra.stream.as_str()
        ),
        ("047", "278", "1475", "001", "02")
    );
    assert_eq!(
        (kibra.constituency.as_str(), kibra.registered_voters),
        ("KIBRA", 700)
    );
    assert!(stored.iter().any(|s| s.name == "JUNDA SOCIAL HALL, WEST"));
    let audit_after_first = count::<audit_entry::Entity>(&app).await;
    assert_eq!(audit_after_first, audit_before + 1);

    // The same file again changes nothing, and records nothing.
    let again = import(&db, &file, ELECTION);
    assert!(again.status.success());
    assert!(
        text(&again.stdout).contains("0 added, 0 changed, 3 unchanged"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(count::<audit_entry::Entity>(&app).await, audit_after_first);
    let ids: Vec<i32> = stations_of(&app, ELECTION)
        .await
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, stored.iter().map(|s| s.id).collect::<Vec<_>>());

    // A corrected voter number is one change; the same codes under another election are
    // another register.
    std::fs::write(&file, good.replace(",688,", ",690,")).unwrap();
    assert!(text(&import(&db, &file, ELECTION).stdout).contains("0 added, 1 changed, 2 unchanged"));
    assert!(text(&import(&db, &file, "By-election 2019").stdout).contains("3 added"));
    assert_eq!(stations_of(&app, ELECTION).await.len(), 3);

    let help = Command::new(env!("CARGO_BIN_EXE_scrutiny-portal"))
        .args(["stations", "import", "--help"])
        .output()
        .unwrap();
    let help = text(&help.stdout);
    for column in [
        "code",
        "county",
        "constituency",
        "ward",
        "centre",
        "name",
        "registered_voters",
    ] {
        assert!(help.contains(column), "--help names {column}: {help}");
    }
}

async fn an_administrator_names_a_case_s_register(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let (e005, e001) = case_ids(&app).await;
    let admin = app.signed_in("admin@portal.test").await;
    let registers = admin.call("admin/registers", &[]).await;
    assert_eq!(registers.status, 200, "{}", registers.text);
    let demo = &registers.body[0];
    assert_eq!(demo["name"], "Kenya general election, 9 August 2022");
    assert_eq!(demo["stations"], 56);
    let demo_id = demo["election_id"].to_string();

    // The demo case has it already; the other has none.
    let overview = admin
        .call("admin/case", &[("case_id", &e005.to_string())])
        .await;
    assert_eq!(overview.body["register"]["stations"], 56);
    let overview = admin
        .call("admin/case", &[("case_id", &e001.to_string())])
        .await;
    assert!(overview.body["register"].is_null());

    let revision = |c: i32| {
        let app = &app;
        async move {
            case::Entity::find_by_id(c)
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap()
                .revision
                .to_string()
        }
    };
    let case = e001.to_string();
    let registrar = app.signed_in("registrar@court.test").await;
    let before = footprint(&app).await;
    let audit = count::<audit_entry::Entity>(&app).await;
    for (election, seen, status, field) in [
        ("999", revision(e001).await, 422, Some("election_id")),
        ("x", revision(e001).await, 422, Some("election_id")),
        ("", revision(e001).await, 422, Some("election_id")),
        (demo_id.as_str(), "0".to_owned(), 409, None),
    ] {
        let reply = admin
            .call(
                "admin/set_register",
                &[
                    ("case_id", &case),
                    ("revision", &seen),
                    ("election_id", election),
                ],
            )
            .await;
        assert_eq!(reply.status, status, "{election}: {}", reply.text);
        if let Some(field) = field {
            assert!(!message(&reply, field).is_empty(), "{}", reply.text);
        }
    }
    let forbidden = registrar
        .call(
            "admin/set_register",
            &[
                ("case_id", &case),
                ("revision", &revision(e001).await),
                ("election_id", &demo_id),
            ],
        )
        .await;
    assert_eq!(forbidden.status, 403);
    assert_eq!(footprint(&app).await, before);
    assert_eq!(count::<audit_entry::Entity>(&app).await, audit);

    let set = admin
        .call(
            "admin/set_register",
            &[
                ("case_id", &case),
                ("revision", &revision(e001).await),
                ("election_id", &demo_id),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let overview = admin.call("admin/case", &[("case_id", &case)]).await;
    assert_eq!(
        overview.body["register"]["name"],
        "Kenya general election, 9 August 2022"
    );
    assert_eq!(count::<audit_entry::Entity>(&app).await, audit + 1);
    let unset = admin
        .call(
            "admin/set_register",
            &[
                ("case_id", &case),
                ("revision", &revision(e001).await),
                ("election_id", ""),
            ],
        )
        .await;
    assert_eq!(unset.status, 200, "{}", unset.text);
    let with_register = case::Entity::find()
        .filter(case::Column::ElectionId.is_not_null())
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(with_register, 1);
}
