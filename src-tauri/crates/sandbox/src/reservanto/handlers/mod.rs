//! The actions the sandbox serves: one function per action, each taking the untyped body (auth,
//! rights and `TimeStamp` already checked) and returning the action's data fields; the envelope is
//! added around them. Request and answer bodies use the wire types of
//! `innkeep_providers::reservanto::wire`, so a change of shape on either side breaks a test.

mod actions;
mod customers;
mod reads;
mod setup;

use innkeep_providers::reservanto::wire::{self, paths, rights};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::errors::ApiError;
use super::state::State;

pub type Handler = fn(&mut State, Value) -> Result<Data, ApiError>;

/// An action's data fields as a serialized JSON object: written once from the wire types, with
/// no tree of values between (a large hotel's customer list is 80,000 of them); the envelope's
/// fields are added beside them.
#[derive(Debug, Clone)]
pub struct Data(Vec<u8>);

impl Data {
    pub fn empty_object() -> Data {
        Data(b"{}".to_vec())
    }

    /// The object's fields followed by `more`'s (another object), as one object.
    pub fn joined(self, more: &[u8]) -> Vec<u8> {
        let mut out = self.0;
        let inner = more.strip_prefix(b"{").and_then(|m| m.strip_suffix(b"}")).unwrap_or_default();
        if inner.is_empty() {
            return out;
        }
        out.pop(); // the closing brace
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(inner);
        out.push(b'}');
        out
    }
}

/// One action: where, which right it needs (`None`: none), what it does, and its data fields with
/// default values (sent beside a business error, as the API does).
pub struct Route {
    pub path: &'static str,
    pub right: Option<&'static str>,
    pub run: Handler,
    pub empty: fn() -> Data,
}

fn empty<T: Default + Serialize>() -> Data {
    to_json(&T::default())
}

/// The data fields of a wire type (always a struct, so an object).
pub fn to_json<T: Serialize>(value: &T) -> Data {
    Data(serde_json::to_vec(value).expect("wire types serialize"))
}

use rights::*;
use wire::{
    ActivitiesResponse as Act, BookingCreatedResponse as Created, BookingInfosResponse as Infos,
    BookingServicesResponse as Svcs, BookingStatusResponse as St, CustomerResponse as Cust, CustomersResponse as Custs,
    EchoResponse as Echo, EventsResponse as Evs, NoShowResponse as NoShow, RentalAvailabilityResponse as Avail,
    ResourceAvailabilityResponse as Values, ShortTimeTokenResponse as Stt,
};

type Items = wire::ItemsResponse<Value>;
type Item = wire::ItemResponse<Value>;

/// The token action; it is the only one served without a short-time token.
pub static TOKEN: Route =
    Route { path: paths::SHORT_TIME_TOKEN, right: None, run: setup::short_time_token, empty: empty::<Stt> };

pub static ROUTES: [Route; 27] = [
    Route { path: paths::ECHO, right: None, run: setup::echo, empty: empty::<Echo> },
    Route { path: paths::MERCHANT_INFO, right: Some(MERCHANT_R), run: setup::merchant, empty: empty::<Item> },
    Route { path: paths::LOCATION_LIST, right: Some(LOCATION_R), run: setup::locations, empty: empty::<Items> },
    Route { path: paths::LOCATION_GET, right: Some(LOCATION_R), run: setup::location, empty: empty::<Item> },
    Route { path: paths::SEGMENT_LIST, right: Some(SEGMENT_R), run: setup::segments, empty: empty::<Items> },
    Route { path: paths::RESOURCE_LIST, right: Some(BOOKING_RESOURCE_R), run: setup::resources, empty: empty::<Items> },
    Route { path: paths::RESOURCE_GET, right: Some(BOOKING_RESOURCE_R), run: setup::resource, empty: empty::<Item> },
    Route { path: paths::SERVICE_LIST, right: Some(BOOKING_SERVICE_R), run: setup::services, empty: empty::<Svcs> },
    Route {
        path: paths::SERVICES_FOR_RESOURCE,
        right: Some(BOOKING_SERVICE_R),
        run: setup::services_for_resource,
        empty: empty::<Items>,
    },
    Route {
        path: paths::RENTAL_AVAILABILITY,
        right: Some(FREE_SPACE_R),
        run: reads::rental_availability,
        empty: empty::<Avail>,
    },
    Route {
        path: paths::RESOURCE_AVAILABILITY,
        right: Some(FREE_SPACE_R),
        run: reads::resource_availability,
        empty: empty::<Values>,
    },
    Route {
        path: paths::BOOKINGS_FOR_PERIOD,
        right: Some(EVENT_R),
        run: reads::bookings_for_period,
        empty: empty::<Infos>,
    },
    Route {
        path: paths::BOOKINGS_FOR_CUSTOMER,
        right: Some(EVENT_R),
        run: reads::bookings_for_customer,
        empty: empty::<Infos>,
    },
    Route { path: paths::EVENT_LIST, right: Some(EVENT_R), run: reads::events, empty: empty::<Evs> },
    Route { path: paths::EVENT_GET, right: Some(EVENT_R), run: reads::event, empty: empty::<Item> },
    // Booking_w, oddly, as the API documents it.
    Route { path: paths::ACTIVITIES, right: Some(BOOKING_W), run: reads::activities, empty: empty::<Act> },
    Route { path: paths::RENTAL_CREATE, right: Some(BOOKING_W), run: actions::create, empty: empty::<Created> },
    Route { path: paths::CANCEL, right: Some(BOOKING_W), run: actions::cancel, empty: empty::<St> },
    Route { path: paths::CONFIRM, right: Some(BOOKING_W), run: actions::confirm, empty: empty::<St> },
    Route { path: paths::REJECT, right: Some(BOOKING_W), run: actions::reject, empty: empty::<St> },
    Route { path: paths::MOVE, right: Some(BOOKING_W), run: actions::move_booking, empty: empty::<St> },
    Route { path: paths::NO_SHOW, right: Some(BOOKING_W), run: actions::no_show, empty: empty::<NoShow> },
    Route { path: paths::CUSTOMER_CREATE, right: Some(CUSTOMER_W), run: customers::create, empty: empty::<Cust> },
    Route { path: paths::CUSTOMER_GET, right: Some(CUSTOMER_R), run: customers::get, empty: empty::<Cust> },
    Route { path: paths::CUSTOMER_LIST, right: Some(CUSTOMER_R), run: customers::list, empty: empty::<Custs> },
    Route { path: paths::CUSTOMER_SEARCH, right: Some(CUSTOMER_R), run: customers::search, empty: empty::<Custs> },
    Route { path: paths::CUSTOMER_EDIT, right: Some(CUSTOMER_W), run: customers::edit, empty: empty::<Cust> },
];

/// The action at `path`; like ASP.NET routing, case does not matter.
pub fn route(path: &str) -> Option<&'static Route> {
    std::iter::once(&TOKEN).chain(ROUTES.iter()).find(|r| r.path.eq_ignore_ascii_case(path))
}

/// Typed body; a missing or unreadable field becomes a business error naming it.
pub fn decode<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body).map_err(|e| {
        let msg = e.to_string();
        match msg.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(field) => ApiError::field(field, format!("Parametr {field} je povinný.")),
            None => ApiError::rule(format!("Požadavek nelze přečíst: {msg}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_envelope_make_one_object() {
        let envelope = br#"{"IsError":false,"ErrorMessage":null}"#;
        let joined = to_json(&wire::CustomersResponse { customers: Vec::new() }).joined(envelope);
        let v: Value = serde_json::from_slice(&joined).unwrap();
        assert_eq!(v["Customers"], serde_json::json!([]));
        assert_eq!(v["IsError"], false);
        let alone: Value = serde_json::from_slice(&Data::empty_object().joined(envelope)).unwrap();
        assert_eq!(alone, serde_json::json!({"IsError": false, "ErrorMessage": null}));
        assert_eq!(Data::empty_object().joined(b"{}"), b"{}");
    }
}
