#!/usr/bin/env bash
# Builds the release server and the hydrated front end into $CARGO_TARGET_DIR.
#   scripts/build.sh           server (release) + front end
#   scripts/build.sh front     front end only
# Expects scripts/install-tools.sh to have run.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
what="${1:-all}"

build_front() {
  local toolchain
  toolchain="$(cat "$TOOLS_DIR/wasm-toolchain" 2>/dev/null || echo missing)"
  local args=(build -p app --lib --target wasm32-unknown-unknown --no-default-features
    --features hydrate --profile wasm-release --target-dir "$WASM_TARGET_DIR" --locked)
  log "building the front end (wasm32, $toolchain toolchain)"
  # Relocations stay in the linked module: split-wasm needs them to cut it at the lazy routes.
  # These flags replace .cargo/config.toml's for the wasm target, so its cfg is repeated.
  # Either toolchain builds std here from its source, so that a panic can abort without
  # formatting its message (`-Cpanic=immediate-abort`): 20 KiB less in the shell. Derived
  # `Debug` prints only the type's name (`-Zfmt-debug=shallow`; not `none`, under which
  # chrono's dates, whose `Display` calls their hand-written `Debug`, would print nothing),
  # and panics, which print nothing, keep no source locations (`-Zlocation-detail=none`).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=shallow -Zlocation-detail=none"
  export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  case "$toolchain" in
    rustup) cargo "${args[@]}" ;;
    debian)
      local d="$TOOLS_DIR/debian-rust" lld host llvm
      host="$(rustc -vV | sed -n 's/^host: //p')"
      # libLLVM sits in the multiarch directory; some builds also keep an llvm-N/lib.
      llvm="$(ls -d "$d"/usr/lib/llvm-*/lib 2>/dev/null | head -n 1 || true)"
      # Debian's rust-lld points at a missing lld; rustup's own lld links wasm fine.
      lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
      RUSTC="$d/usr/bin/rustc" \
        LD_LIBRARY_PATH="$d/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu):$llvm" \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
        cargo "${args[@]}" ;;
    *) echo "no wasm toolchain: run scripts/install-tools.sh first" >&2; exit 1 ;;
  esac

  local pkg="$SITE_DIR/pkg" main="$WASM_TARGET_DIR/app_split.wasm"
  rm -rf "$pkg"; mkdir -p "$pkg"
  # The page chunks, their loader and the manifest go into pkg; the main module through
  # wasm-bindgen, which keeps the exports the chunks link against.
  split-wasm "$WASM_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm" "$pkg" "$main" >/dev/null
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$pkg" --out-name app "$main"
  # What wasm-opt -Oz does, to the main module and every chunk, in two node processes (one
  # per core) rather than one wasm-opt process per file.
  find "$pkg" -name '*.wasm' -print0 |
    xargs -0 -P "$(nproc)" -n 320 node scripts/optimize-wasm.mjs "$TOOLS_DIR/node_modules/binaryen/index.js"
  cp style/portal.css "$pkg/portal.css"
  # Served precompressed: tower-http picks the .br, or the .gz, that the browser accepts.
  # Brotli (node's zlib, already here for wasm-opt) is about a fifth smaller for the wasm.
  find "$pkg" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0 |
    xargs -0 -P "$(nproc)" -n 64 gzip -9 -k -f
  node -e 'const fs = require("fs"), z = require("zlib");
    const q = { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } };
    for (const f of process.argv.slice(1)) fs.writeFileSync(f + ".br", z.brotliCompressSync(fs.readFileSync(f), q));' \
    "$pkg"/*.{js,wasm,css}
  # The build's files go under pkg/<hash of their contents>/, named in pkg/build-id: their
  # URLs change whenever they do, so the server lets browsers keep them for a year. The style
  # sheet stays at pkg/portal.css, where the app links it, and is revalidated.
  local id
  id=$(cd "$pkg" && find . -type f ! -name 'portal.css*' -print0 | sort -z | xargs -0 sha256sum |
    sha256sum | cut -c1-16)
  mkdir "$pkg/$id"
  find "$pkg" -maxdepth 1 -type f ! -name 'portal.css*' -exec mv -t "$pkg/$id" {} +
  echo "$id" > "$pkg/build-id"
  for f in "$pkg/$id"/{app.js,app_bg.wasm} "$pkg/portal.css"; do
    printf '  %-14s %8d bytes, gzip %8d, brotli %8d\n' "$(basename "$f")" \
      "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
  done
  local chunks
  chunks=$(find "$pkg/$id" -name '*.wasm' ! -name app_bg.wasm | wc -l)
  printf '  %d page and shared chunks, gzip %d KiB in all (a page loads its own: see e2e/tests/front_end.test.mjs)\n' \
    "$chunks" "$(find "$pkg/$id" -name '*.wasm.gz' ! -name app_bg.wasm.gz -printf '%s\n' | awk '{ s += $1 } END { print int(s / 1024) }')"
}

build_server() {
  log "building the server (release)"
  cargo build --release --locked -p server --bin scrutiny-portal
}

case "$what" in
  front) build_front ;;
  server) build_server ;;
  all)
    # The two builds share no crate, only the cores: side by side, one fills the gaps the
    # other leaves (the wasm's single-unit link, a crate waiting on its dependencies). The
    # front end's output goes to a log, summed up when both are done.
    front_log="$CACHE_DIR/front-end-build.log"
    log "building the front end beside the server (its log: $front_log)"
    build_front >"$front_log" 2>&1 &
    front=$!
    if ! build_server; then
      pkill -TERM -P "$front" 2>/dev/null || true
      wait "$front" 2>/dev/null || true
      exit 1
    fi
    if ! wait "$front"; then
      tail -n 40 "$front_log" >&2
      echo "the front end's build failed: $front_log" >&2
      exit 1
    fi
    grep -v '^warning: unknown name subsection' "$front_log" | tail -n 4
    ;;
  *) echo "usage: scripts/build.sh [all|front|server]" >&2; exit 2 ;;
esac
