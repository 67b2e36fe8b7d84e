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
        RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
        cargo "${args[@]}" ;;
    *) echo "no wasm toolchain: run scripts/install-tools.sh first" >&2; exit 1 ;;
  esac

  local pkg="$SITE_DIR/pkg"
  rm -rf "$pkg"; mkdir -p "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name app \
    "$WASM_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
  if command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$pkg/app_bg.wasm" -o "$pkg/app_bg.wasm"
  fi
  cp style/portal.css "$pkg/portal.css"
  # Served precompressed: tower-http picks the .br, or the .gz, that the browser accepts.
  # Brotli (node's zlib, already here for wasm-opt) is about a fifth smaller for the wasm.
  for f in "$pkg"/*.{js,wasm,css}; do gzip -9 -k -f "$f"; done
  node -e 'const fs = require("fs"), z = require("zlib");
    const q = { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } };
    for (const f of process.argv.slice(1)) fs.writeFileSync(f + ".br", z.brotliCompressSync(fs.readFileSync(f), q));' \
    "$pkg"/*.{js,wasm,css}
  for f in "$pkg"/*.{js,wasm,css}; do
    printf '  %-14s %8d bytes, gzip %8d, brotli %8d\n' "$(basename "$f")" \
      "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
  done
}

build_server() {
  log "building the server (release)"
  cargo build --release --locked -p server --bin scrutiny-portal
}

case "$what" in
  front) build_front ;;
  server) build_server ;;
  all) build_front; build_server ;;
  *) echo "usage: scripts/build.sh [all|front|server]" >&2; exit 2 ;;
esac
