//! How the webview draws on a machine without a GPU.
//!
//! WebKitGTK composites the page with OpenGL. Where the machine has no GPU (virtual machines,
//! remote desktops, thin clients: no DRM render node), that OpenGL is Mesa's software rasteriser,
//! so the CPU pays twice: once to emulate the GPU (shader compilation, `llvmpipe` threads, GL
//! buffers) and once for WebKit's own painting. Without accelerated compositing WebKit paints
//! with the CPU directly. Measured on such a machine (BENCHMARKS.md, `app.*`), the start to a
//! painted list and the idle memory both drop. With a GPU nothing changes; and a value the user
//! set for the variable always wins.

use std::path::Path;

/// WebKitGTK's own switch; any value but `0` turns accelerated compositing off.
const COMPOSITING_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call before the first window exists (WebKit reads the variable when it starts its processes)
/// and before any other thread runs (setting the environment is not thread-safe).
pub fn draw_without_compositing_when_no_gpu() {
    if cfg!(target_os = "linux")
        && std::env::var_os(COMPOSITING_SWITCH).is_none()
        && !has_render_node(Path::new("/dev/dri"))
    {
        std::env::set_var(COMPOSITING_SWITCH, "1");
        tracing::info!("no GPU render node: the webview draws without accelerated compositing");
    }
}

/// A DRM render node (`renderD128`, …) is what a GPU driver offers for drawing; `card0` alone can
/// be a plain framebuffer.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::has_render_node;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dri.path()), "an empty /dev/dri");
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dri.path()), "a framebuffer card alone is no GPU");
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()));
        assert!(!has_render_node(&dri.path().join("missing")), "no /dev/dri at all");
    }
}
