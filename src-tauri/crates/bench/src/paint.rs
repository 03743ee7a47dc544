//! When an app's first screen is on the X display: `bench/app.sh` starts an app and this polls an
//! area of the screen until it looks painted. One process grabbing the area through Xlib every
//! 10 ms replaced two ImageMagick processes a poll (`import`, then `convert`): their polls were
//! about 0.15 s apart, as coarse as the start gap being judged, and their own start-up took CPU
//! from the app being timed.

use std::ffi::c_int;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use x11_dl::xlib::{Xlib, ZPixmap};

/// A screen rectangle, written as X geometry: `1000x400+220+300`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub width: u32,
    pub height: u32,
    pub x: i32,
    pub y: i32,
}

impl std::str::FromStr for Area {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("not an area like 1000x400+220+300: {s:?}");
        let (size, offset) = s.split_once('+').ok_or_else(bad)?;
        let (w, h) = size.split_once('x').ok_or_else(bad)?;
        let (x, y) = offset.split_once('+').ok_or_else(bad)?;
        let area = Area {
            width: w.parse().map_err(|_| bad())?,
            height: h.parse().map_err(|_| bad())?,
            x: x.parse().map_err(|_| bad())?,
            y: y.parse().map_err(|_| bad())?,
        };
        if area.width == 0 || area.height == 0 {
            return Err(bad());
        }
        Ok(area)
    }
}

/// Percent of pixels darker than mid-grey (Rec. 709 luma), of 0x00RRGGBB pixels.
pub fn dark_percent(pixels: impl IntoIterator<Item = u32>) -> f64 {
    let (mut dark, mut all) = (0u64, 0u64);
    for p in pixels {
        let (r, g, b) = ((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
        // 2126 R + 7152 G + 722 B against half of 255 * 10000.
        if 2126 * r + 7152 * g + 722 * b < 1_275_000 {
            dark += 1;
        }
        all += 1;
    }
    if all == 0 {
        0.0
    } else {
        dark as f64 * 100.0 / all as f64
    }
}

/// Painted: mostly light with a fair share of dark text. Not the black root window before the
/// window maps (all dark) nor a blank white page (no dark). Both apps' first screens pass.
pub fn looks_painted(dark_percent: f64) -> bool {
    dark_percent > 1.0 && dark_percent < 40.0
}

/// A grabbed frame: when it was taken (before the grab) and its pixels, row by row.
pub struct Frame {
    pub taken: SystemTime,
    pub pixels: Vec<u32>,
}

/// Polls `area` every `every` until it looks painted, `pid` (if given) has exited, or `timeout`
/// has passed. Returns the painted frame, or None.
pub fn wait_for_paint(
    area: Area,
    pid: Option<u32>,
    every: Duration,
    timeout: Duration,
) -> Result<Option<Frame>, String> {
    let screen = Screen::open()?;
    let started = Instant::now();
    while started.elapsed() < timeout {
        let taken = SystemTime::now();
        if let Some(pixels) = screen.grab(area) {
            if looks_painted(dark_percent(pixels.iter().copied())) {
                return Ok(Some(Frame { taken, pixels }));
            }
        }
        if pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists()) {
            return Ok(None);
        }
        std::thread::sleep(every);
    }
    Ok(None)
}

/// Seconds since the epoch, as `date +%s.%N` prints them.
pub fn epoch_seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// The frame as a binary PPM (a picture any viewer opens), to look at what counted as painted.
pub fn ppm(area: Area, pixels: &[u32]) -> Vec<u8> {
    let mut out = format!("P6\n{} {}\n255\n", area.width, area.height).into_bytes();
    for p in pixels {
        out.extend_from_slice(&[(p >> 16) as u8, (p >> 8) as u8, *p as u8]);
    }
    out
}

/// The X display of `DISPLAY`, through libX11 loaded at run time (x11-dl, as tao loads it).
struct Screen {
    xlib: Xlib,
    display: *mut x11_dl::xlib::Display,
    root: u64,
}

impl Screen {
    fn open() -> Result<Self, String> {
        let xlib = Xlib::open().map_err(|e| format!("cannot load libX11: {e}"))?;
        // SAFETY: a null name means $DISPLAY; the result is checked before use.
        let display = unsafe { (xlib.XOpenDisplay)(std::ptr::null()) };
        if display.is_null() {
            return Err("cannot open the X display (is DISPLAY set?)".into());
        }
        // SAFETY: `display` is an open display.
        let root = unsafe { (xlib.XDefaultRootWindow)(display) };
        Ok(Self { xlib, display, root })
    }

    /// The area's pixels as 0x00RRGGBB, or None when the server could not grab it.
    fn grab(&self, area: Area) -> Option<Vec<u32>> {
        // SAFETY: an open display and its root window; the image is read within its own
        // width/height/bytes_per_line and destroyed once, below.
        unsafe {
            let image = (self.xlib.XGetImage)(
                self.display,
                self.root,
                area.x as c_int,
                area.y as c_int,
                area.width,
                area.height,
                !0,
                ZPixmap,
            );
            if image.is_null() {
                return None;
            }
            let img = &*image;
            let pixels = if img.bits_per_pixel == 32 && !img.data.is_null() {
                let mut out = Vec::with_capacity((img.width * img.height) as usize);
                for row in 0..img.height {
                    let line = img.data.add((row * img.bytes_per_line) as usize) as *const u32;
                    out.extend_from_slice(std::slice::from_raw_parts(line, img.width as usize));
                }
                Some(out.into_iter().map(|p| p & 0x00ff_ffff).collect())
            } else {
                None
            };
            if let Some(destroy) = img.funcs.destroy_image {
                destroy(image);
            }
            pixels
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        // SAFETY: opened in `open`, closed once.
        unsafe { (self.xlib.XCloseDisplay)(self.display) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_as_x_geometry() {
        assert_eq!("1000x400+220+300".parse::<Area>(), Ok(Area { width: 1000, height: 400, x: 220, y: 300 }));
        for bad in ["1000x400", "1000+220+300", "0x400+1+1", "ax400+1+1", ""] {
            assert!(bad.parse::<Area>().is_err(), "{bad}");
        }
    }

    #[test]
    fn dark_share_and_painted() {
        let white = 0x00ff_ffff;
        let black = 0;
        let page: Vec<u32> = (0..100).map(|i| if i < 10 { black } else { white }).collect();
        assert_eq!(dark_percent(page.iter().copied()), 10.0);
        assert!(looks_painted(10.0));
        // The black root window before the window maps, and a blank white page, are not painted.
        assert!(!looks_painted(dark_percent([black; 50])));
        assert!(!looks_painted(dark_percent([white; 50])));
        // Mid-grey counts by its luma: a light grey is light, a saturated blue is dark.
        assert_eq!(dark_percent([0x00c0_c0c0]), 0.0);
        assert_eq!(dark_percent([0x0000_00ff]), 100.0);
    }

    #[test]
    fn a_frame_is_written_as_ppm() {
        let area = Area { width: 2, height: 1, x: 0, y: 0 };
        let ppm = ppm(area, &[0x00ff_0000, 0x0000_ff00]);
        assert_eq!(ppm, b"P6\n2 1\n255\n\xff\x00\x00\x00\xff\x00".to_vec());
    }
}
