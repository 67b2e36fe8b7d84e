//! The front end's files: served precompressed (brotli, then gzip), kept for a year when
//! they belong to a named build and revalidated otherwise, and without any session work.

use crate::on_both_backends;
use crate::support::*;
use app::backend::entities::session;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

on_both_backends!(the_front_end_s_files_are_compressed_revalidated_and_sessionless);

async fn the_front_end_s_files_are_compressed_revalidated_and_sessionless(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn(&db).await;
    let pkg = app.data_dir.path().join("site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let css = "body { margin: 0 }\n".repeat(50);
    std::fs::write(pkg.join("portal.css"), &css).unwrap();
    std::fs::write(pkg.join("portal.css.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("portal.css.gz"), b"gzip bytes").unwrap();

    // A signed-in person whose session is due to be renewed: fetching files renews nothing.
    let client = app.signed_in(REGISTRAR).await;
    let row = session::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut due: session::ActiveModel = row.clone().into();
    due.data = Set(row.data.replace("\"renew_after\"", "\"renewed_before\""));
    due.update(&app.state.db).await.unwrap();
    let before = session::Entity::find().all(&app.state.db).await.unwrap();

    let brotli = client
        .fetch("/pkg/portal.css", &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(brotli.status(), 200);
    let headers = brotli.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(headers.get("set-cookie").is_none());
    assert_eq!(brotli.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let gzip = client
        .fetch("/pkg/portal.css", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert_eq!(gzip.bytes().await.unwrap().as_ref(), b"gzip bytes");
    let plain = client.fetch("/pkg/portal.css", &[]).await;
    assert_eq!(plain.text().await.unwrap(), css);

    // A second visit asks whether the file changed, and downloads nothing.
    let modified = headers["last-modified"].to_str().unwrap().to_owned();
    let again = client
        .fetch(
            "/pkg/portal.css",
            &[("accept-encoding", "br"), ("if-modified-since", &modified)],
        )
        .await;
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    assert_eq!(
        session::Entity::find().all(&app.state.db).await.unwrap(),
        before
    );
    // Unknown files are 404, not a page.
    assert_eq!(client.fetch("/pkg/nothing.js", &[]).await.status(), 404);
}

on_both_backends!(a_named_build_is_kept_for_a_year_and_pages_load_it);

async fn a_named_build_is_kept_for_a_year_and_pages_load_it(backend: Backend) {
    let db = TestDb::new(&backend).await;
    let app = TestApp::spawn_with_site(&db, |site| {
        let build = site.join("pkg").join("0123456789abcdef");
        std::fs::create_dir_all(&build).unwrap();
        std::fs::write(site.join("pkg").join("build-id"), "0123456789abcdef\n").unwrap();
        std::fs::write(build.join("app.js"), "export default 1;").unwrap();
        std::fs::write(site.join("pkg").join("portal.css"), "body {}").unwrap();
    })
    .await;
    let client = app.signed_in(REGISTRAR).await;

    let page = client.fetch("/login", &[]).await.text().await.unwrap();
    assert!(page.contains("/pkg/0123456789abcdef/app.js"), "{page}");
    assert!(page.contains("/pkg/0123456789abcdef/app_bg.wasm"), "{page}");
    assert!(page.contains("/pkg/portal.css"), "{page}");

    let script = client.fetch("/pkg/0123456789abcdef/app.js", &[]).await;
    assert_eq!(script.status(), 200);
    assert_eq!(
        script.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let css = client.fetch("/pkg/portal.css", &[]).await;
    assert_eq!(css.headers()["cache-control"], "no-cache");
    // Another build's path, or a missing file, is not found and not kept.
    let gone = client.fetch("/pkg/fedcba9876543210/app.js", &[]).await;
    assert_eq!(gone.status(), 404);
    assert!(gone.headers().get("cache-control").is_none());
}
