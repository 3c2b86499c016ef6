//! The Windows build (x86_64-pc-windows-gnu, from `scripts/build-release.sh windows` or
//! `cargo build --target x86_64-pc-windows-gnu`) run under Wine gives the same JSON as the native
//! build on the same plans. Skips with a message when Wine or the Windows binary is absent;
//! `.ci/run` installs both.

use std::path::{Path, PathBuf};
use std::process::Command;

fn windows_binary() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    [
        root.join("dist/vblint-x86_64-pc-windows-gnu.exe"),
        target.join("x86_64-pc-windows-gnu/release/vblint.exe"),
        target.join("x86_64-pc-windows-gnu/debug/vblint.exe"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

fn wine() -> Option<&'static str> {
    ["wine", "wine64"].into_iter().find(|w| {
        Command::new(w)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Wine 8 (Debian 12) has no bcryptprimitives.dll, which Rust's standard library imports; when
/// mingw-w64 is present, a copy of the binary runs beside a stand-in built from
/// `scripts/wine/bcryptprimitives.c`. Newer Wine needs nothing.
fn with_prng_shim(exe: &Path, root: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vblint-wine-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let built = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(root.join("scripts/wine/bcryptprimitives.c"))
        .arg("-ladvapi32")
        .status()
        .is_ok_and(|s| s.success());
    let copy = dir.join("vblint.exe");
    if built && std::fs::copy(exe, &copy).is_ok() {
        copy
    } else {
        exe.to_path_buf()
    }
}

#[test]
fn windows_build_under_wine_matches_the_native_build() {
    let (Some(exe), Some(wine)) = (windows_binary(), wine()) else {
        println!(
            "skipped: needs wine and a Windows build of vblint (scripts/build-release.sh windows)"
        );
        return;
    };
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&exe) < modified(Path::new(env!("CARGO_BIN_EXE_vblint"))) {
        println!(
            "skipped: the Windows build is older than the native one; rebuild it (.ci/run does)"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = with_prng_shim(&exe, root);
    let args = [
        "check",
        "--format",
        "json",
        "fixtures/plans/clean-state.txt",
        "fixtures/rules/reporting-vague/fail-theo-quy-dinh.txt",
        "fixtures/docx/ke-hoach-van-ban-thuong.docx",
    ];
    let native = Command::new(env!("CARGO_BIN_EXE_vblint"))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    let windows = Command::new(wine)
        .arg(&exe)
        .args(args)
        .current_dir(root)
        .env("WINEDEBUG", "-all")
        .output()
        .unwrap();
    assert_eq!(
        windows.status.code(),
        native.status.code(),
        "{}",
        String::from_utf8_lossy(&windows.stderr)
    );
    let parse = |b: &[u8]| -> serde_json::Value {
        serde_json::from_slice(b).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(b)))
    };
    let mut w = parse(&windows.stdout);
    // Windows prints paths as given; normalise separators before comparing.
    for f in w["files"].as_array_mut().unwrap() {
        let p = f["path"].as_str().unwrap().replace('\\', "/");
        f["path"] = serde_json::json!(p);
    }
    assert_eq!(w, parse(&native.stdout));
}
