//! Backups taken while uploads are under way: the backup checks out, restores into an empty
//! data directory with the audit chain and every file intact, and a damaged or incomplete
//! backup is caught and restores nothing.

use crate::on_both_backends;
use crate::support::*;
use app::backend::audit::{self, Verdict};
use app::backend::entities::evidence_file;
use app::backend::evidence::{self, NewItem};
use app::backend::{AppState, PortalConfig, db};
use server::backup;

on_both_backends!(a_backup_taken_under_load_restores_whole);

async fn a_backup_taken_under_load_restores_whole(backend: Backend) {
    let test_db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&test_db).await;
    let sqlite = matches!(backend, Backend::Sqlite);
    let (e005, _) = case_ids(&app).await;
    let iebc = party_id(&app, e005, "IEBC").await.to_string();
    let counsel = member(&app, COUNSEL_IEBC, e005).await;
    let mut paths = Vec::new();
    for n in 0..4 {
        let item = evidence::record(
            &counsel,
            NewItem {
                title: &format!("Form 34A scan {n}"),
                kind: "other",
                station_code: "",
                description: "",
                producer: &iebc,
                tier: "parties",
            },
        )
        .await
        .unwrap();
        paths.push(format!("/cases/{e005}/evidence/{}/files", item.id));
    }
    let gumbo = app.signed_in(COUNSEL_IEBC).await;
    assert_eq!(
        gumbo
            .upload(&paths[0], "first.pdf", vec![1u8; 50_000])
            .await
            .status,
        201
    );

    // Four uploaders keep going while the backup is taken.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let uploaders: Vec<_> = paths
        .iter()
        .enumerate()
        .map(|(n, path)| {
            let (client, path, stop) = (gumbo.clone(), path.clone(), stop.clone());
            tokio::spawn(async move {
                let mut sent = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) && sent < 200 {
                    let content: Vec<u8> = format!("scan {n}.{sent} ")
                        .into_bytes()
                        .into_iter()
                        .cycle()
                        .take(200_000)
                        .collect();
                    let reply = client
                        .upload(&path, &format!("{n}-{sent}.pdf"), content)
                        .await;
                    assert_eq!(reply.status, 201, "{}", reply.text);
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let evidence_dir = app.data_dir.path().join("evidence");
    let place = tempfile::tempdir().unwrap();
    let dir = place.path().join("backup");
    let manifest = backup::create(&app.state.db, &test_db.url, &evidence_dir, &dir)
        .await
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut uploaded = 0;
    for uploader in uploaders {
        uploaded += uploader.await.unwrap();
    }
    assert!(uploaded > 0, "no upload ran beside the backup");
    assert_eq!(manifest.database.is_some(), sqlite);
    assert!(!manifest.files.is_empty());
    let (_, problems) = backup::verify(&dir).await.unwrap();
    assert_eq!(problems, Vec::<String>::new());

    // A second backup into the same directory is refused.
    assert!(
        backup::create(&app.state.db, &test_db.url, &evidence_dir, &dir)
            .await
            .unwrap_err()
            .contains("not empty")
    );

    // Restored into an empty data directory.
    let target = tempfile::tempdir().unwrap();
    let target_evidence = target.path().join("evidence");
    backup::restore(&dir, target.path(), &target_evidence, sqlite)
        .await
        .unwrap();
    if sqlite {
        let url = format!(
            "sqlite://{}?mode=rwc",
            target.path().join("portal.sqlite").display()
        );
        let restored = AppState::new(
            db::connect(&url).await.unwrap(),
            PortalConfig {
                evidence_dir: target_evidence.clone(),
                ..PortalConfig::default()
            },
        );
        assert_eq!(
            audit::verify(&restored.db).await.unwrap(),
            Verdict::Intact {
                length: manifest.audit_entries,
                head: manifest.audit_head.clone()
            }
        );
        let report = evidence::verify_all(&restored).await.unwrap();
        assert!(report.problems.is_empty());
        use sea_orm::{EntityTrait, PaginatorTrait};
        let files = evidence_file::Entity::find()
            .count(&restored.db)
            .await
            .unwrap();
        assert_eq!(report.checked, files);
        assert!(files >= 1);
    } else {
        // The files alone: the dump is PostgreSQL's to restore.
        for entry in &manifest.files {
            assert!(
                target_evidence
                    .join(&entry.path["evidence/".len()..])
                    .exists()
            );
        }
    }
    // Nothing restores over what is there.
    assert!(
        backup::restore(&dir, target.path(), &target_evidence, sqlite)
            .await
            .unwrap_err()
            .contains("already")
    );
    // A backup restores only into a portal of its kind.
    let other = tempfile::tempdir().unwrap();
    assert!(
        backup::restore(&dir, other.path(), &other.path().join("evidence"), !sqlite)
            .await
            .is_err()
    );

    // A changed file, a missing one and a missing manifest are caught, and nothing restores.
    let first = dir.join(&manifest.files[0].path);
    let mut bytes = std::fs::read(&first).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&first, bytes).unwrap();
    std::fs::remove_file(dir.join(&manifest.files.last().unwrap().path)).unwrap();
    let (_, problems) = backup::verify(&dir).await.unwrap();
    let expected = if manifest.files.len() > 1 { 2 } else { 1 };
    assert_eq!(problems.len(), expected, "{problems:?}");
    assert!(problems[0].starts_with("CHANGED") || problems[0].starts_with("MISSING"));
    let empty = tempfile::tempdir().unwrap();
    let refused = backup::restore(&dir, empty.path(), &empty.path().join("evidence"), sqlite)
        .await
        .unwrap_err();
    assert!(refused.contains("nothing was restored"), "{refused}");
    assert!(std::fs::read_dir(empty.path()).unwrap().next().is_none());
    std::fs::remove_file(dir.join(backup::MANIFEST)).unwrap();
    assert!(
        backup::verify(&dir)
            .await
            .unwrap_err()
            .contains("did not finish")
    );
}
