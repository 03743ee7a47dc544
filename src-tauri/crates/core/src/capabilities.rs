use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether a provider supports an action, and if not, why (shown to the manager as is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Capability {
    pub supported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
}

impl Capability {
    pub const fn yes() -> Self {
        Self { supported: true, reason: None }
    }
    pub fn no(reason: &str) -> Self {
        Self { supported: false, reason: Some(reason.to_string()) }
    }
}

/// What one provider's API lets Innkeep do. The UI offers exactly these actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Capabilities {
    pub list_reservations: Capability,
    pub create_booking: Capability,
    pub quote_price: Capability,
    pub cancel: Capability,
    pub confirm: Capability,
    pub check_in: Capability,
    pub check_out: Capability,
    pub edit_guest: Capability,
    pub live_updates: Capability,
}

impl Capabilities {
    /// What each provider's API allows, declared once.
    pub fn of(provider: crate::ProviderKind) -> Self {
        match provider {
            crate::ProviderKind::Mews => Self {
                list_reservations: Capability::yes(),
                create_booking: Capability::yes(),
                quote_price: Capability::yes(),
                cancel: Capability::yes(),
                confirm: Capability::yes(),
                check_in: Capability::yes(),
                check_out: Capability::yes(),
                edit_guest: Capability::no("Editing guests from Innkeep comes in a later version; edit them in Mews."),
                live_updates: Capability::no("Mews WebSocket updates are not used yet; Innkeep polls on a schedule."),
            },
        }
    }
}
