//! The domain of Innkeep: accounts, rooms, guests, reservations, their one state machine,
//! provider capabilities, the error that crosses the IPC boundary, and input validation.
//!
//! Nothing here knows about HTTP, SQLite or Tauri; every other crate speaks these types.

pub mod capabilities;
pub mod desk;
pub mod error;
pub mod live;
pub mod model;
pub mod records;
pub mod redact;
pub mod state;
pub mod sync;
pub mod text;
pub mod validate;

pub use capabilities::{Capabilities, Capability};
pub use desk::{NightOccupancy, Overbooking, Timeline, TimelineBar, TimelineRoom, TodayBoard};
pub use error::{AppError, AppResult, ErrorKind};
pub use live::{AccountLiveStatus, LiveStatus};
pub use model::*;
pub use state::ReservationState;
pub use sync::{AccountChanges, ChangeKind, SyncChange, SyncPhase, SyncProgress};
