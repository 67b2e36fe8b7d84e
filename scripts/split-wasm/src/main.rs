//! `split-wasm INPUT PKG_DIR MAIN_OUT`: splits the linked front end (built with
//! `-Clink-args=--emit-relocs`) at its `#[lazy]` split points. The chunks and their loader
//! (`__wasm_split.______________________.js`, the name Leptos' `HydrationScripts` preloads)
//! go into `PKG_DIR` with `__wasm_split_manifest.json`, which tells the server which chunks
//! each split needs; the main module goes to `MAIN_OUT`, for wasm-bindgen
//! (`--keep-lld-exports --no-demangle --out-name app`). Prints each chunk written.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, pkg_dir, main_out] = args.as_slice() else {
        eprintln!("usage: split-wasm INPUT.wasm PKG_DIR MAIN_OUT.wasm");
        return ExitCode::from(2);
    };
    match split(input, pkg_dir, main_out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("split-wasm: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn split(
    input: &std::path::Path,
    pkg_dir: &std::path::Path,
    main_out: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = pkg_dir;
    options.main_out_path = main_out;
    // wasm-bindgen names the main module's glue after `--out-name app`.
    options.main_module = "./app.js";
    options.link_name = "./__wasm_split.______________________.js";
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    std::fs::write(
        pkg_dir.join("__wasm_split_manifest.json"),
        serde_json::to_string_pretty(&split.prefetch_map)?,
    )?;
    for module in &split.split_modules {
        println!("{}", module.display());
    }
    Ok(())
}
