//! The booking graphs the sandbox runs: `confirm_decline` and `instant` (timekit.md §7).
//!
//! | graph | from | action | to |
//! | --- | --- | --- | --- |
//! | confirm_decline | (new) | create | tentative |
//! | confirm_decline | tentative | confirm / decline | confirmed / declined |
//! | instant | (new) | confirm | confirmed |
//! | both | confirmed | cancel / cancel_by_customer / complete | cancelled / cancelled_by_customer / completed |
//!
//! `complete` also happens by itself one hour after the end. Final states (`completed: true`,
//! deletable): completed, declined, cancelled, cancelled_by_customer. Only confirmed (and
//! completed) bookings block their timeslot; tentative ones do not.

use innkeep_providers::timekit::wire::{graphs, states};

pub const GRAPHS: [&str; 2] = [graphs::CONFIRM_DECLINE, graphs::INSTANT];
/// Documented graphs the sandbox does not run.
pub const OTHER_GRAPHS: [&str; 5] =
    ["instant_payment", "group_owner", "group_customer", "group_customer_payment", "reservation"];

/// The state a new booking starts in, after its first action (`None`: the graph's default).
pub fn first(graph: &str, action: Option<&str>) -> Option<&'static str> {
    match (graph, action) {
        (graphs::CONFIRM_DECLINE, None | Some("create")) => Some(states::TENTATIVE),
        (graphs::INSTANT, None | Some("confirm")) => Some(states::CONFIRMED),
        _ => None,
    }
}

/// Where `action` takes a booking in `state`, if the graph allows it.
pub fn next(graph: &str, state: &str, action: &str) -> Option<&'static str> {
    match (graph, state, action) {
        (graphs::CONFIRM_DECLINE, states::TENTATIVE, "confirm") => Some(states::CONFIRMED),
        (graphs::CONFIRM_DECLINE, states::TENTATIVE, "decline") => Some(states::DECLINED),
        (_, states::CONFIRMED, "cancel") => Some(states::CANCELLED),
        (_, states::CONFIRMED, "cancel_by_customer") => Some(states::CANCELLED_BY_CUSTOMER),
        (_, states::CONFIRMED, "complete") => Some(states::COMPLETED),
        _ => None,
    }
}

pub fn actions(state: &str) -> Vec<String> {
    let list: &[&str] = match state {
        states::TENTATIVE => &["confirm", "decline"],
        states::CONFIRMED => &["cancel", "cancel_by_customer", "complete"],
        _ => &[],
    };
    list.iter().map(|s| (*s).to_owned()).collect()
}

pub fn is_final(state: &str) -> bool {
    matches!(state, states::COMPLETED | states::DECLINED | states::CANCELLED | states::CANCELLED_BY_CUSTOMER)
}

pub fn blocks(state: &str) -> bool {
    matches!(state, states::CONFIRMED | states::COMPLETED)
}

pub fn refused(action: &str, state: &str) -> String {
    format!("Cannot apply action '{action}' to current state '{state}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graphs_move_as_documented() {
        assert_eq!(first("confirm_decline", None), Some("tentative"));
        assert_eq!(first("instant", Some("confirm")), Some("confirmed"));
        assert_eq!(first("confirm_decline", Some("confirm")), None);
        assert_eq!(next("confirm_decline", "tentative", "decline"), Some("declined"));
        assert_eq!(next("instant", "tentative", "confirm"), None);
        assert_eq!(next("instant", "confirmed", "cancel"), Some("cancelled"));
        assert_eq!(next("confirm_decline", "tentative", "cancel"), None);
        assert_eq!(next("instant", "cancelled", "cancel"), None);
        assert!(is_final("declined") && !is_final("confirmed"));
        assert!(actions("completed").is_empty());
    }
}
