//! Provider clients. Each provider module holds `wire` (serde types exactly as the API),
//! `client` (auth, pagination, the provider's errors), `map` (wire -> records) and `connector`
//! (the provider behind the one [`Connector`] interface the services use).
//! The HTTP plumbing every client shares lives once, in `http`.

pub mod connector;
pub mod ectosy;
pub mod http;
pub mod limiter;
pub mod mews;
pub mod mobile_calendar;
pub mod reservanto;
pub mod timekit;

use std::sync::Arc;

pub use connector::{
    Catalog, Change, Connector, Coverage, Endpoint, GuestRef, Lookup, NewBooking, Page, Recovered, StayQuote,
    StayRequest, SyncPlan, Target, Window,
};
use innkeep_core::{AppError, ProviderKind};

/// A connector for an account of `provider`.
pub fn open(provider: ProviderKind, endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    // Whatever route a credential takes into a log line, it is redacted there.
    for field in endpoint.credentials.fields() {
        innkeep_core::redact::register_secret(endpoint.credentials.get(field).unwrap_or_default());
    }
    match provider {
        ProviderKind::Mews => mews::connect(endpoint),
        ProviderKind::Reservanto => reservanto::connect(endpoint),
        ProviderKind::MobileCalendar => mobile_calendar::connect(endpoint),
        ProviderKind::Timekit => timekit::connect(endpoint),
        ProviderKind::Ectosy => ectosy::connect(endpoint),
    }
}
