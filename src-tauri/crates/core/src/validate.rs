//! Checks of what a person typed, each failing with a message that names the field and says
//! what to do. Nothing is sent to a provider before these pass.

use chrono::NaiveDate;

use crate::error::{AppError, AppResult};
use crate::model::{BookingDraft, Credentials, GuestChoice, NewAccount, NewGuest, ProviderKind};

/// Longest stay a booking form accepts; providers' own availability windows end near a year.
pub const MAX_NIGHTS: i64 = 365;

/// Most people (adults and children) one booking holds; also the most rooms one booking takes
/// (each room holds at least one person) and the most guests it names.
pub const MAX_PEOPLE: u32 = 20;

/// The earliest date a manager can ask about: before it, a date is a typing mistake (`0026` for
/// `2026`), not a stay.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date")
}

/// The latest date a manager can ask about.
pub fn latest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).expect("a valid date")
}

/// A date within [`earliest_date`] ..= [`latest_date`], else a validation error naming `field`.
/// Dates far out are typing mistakes, and near chrono's own limits date arithmetic would overflow.
pub fn check_date(field: &str, date: NaiveDate) -> AppResult<()> {
    let (earliest, latest) = (earliest_date(), latest_date());
    if date < earliest || date > latest {
        return Err(AppError::validation(
            field,
            format!("{date} is not a plausible {}; choose a date between {earliest} and {latest}.", date_name(field)),
        ));
    }
    Ok(())
}

/// Parses a `YYYY-MM-DD` date typed by a person.
pub fn parse_date(field: &str, value: &str) -> AppResult<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, format!("Enter the {}.", date_name(field))));
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        AppError::validation(
            field,
            format!("“{value}” is not a valid {}; use the form YYYY-MM-DD, e.g. 2026-12-24.", date_name(field)),
        )
    })?;
    check_date(field, date)?;
    Ok(date)
}

/// What a date field is called in a message: "arrival date", "start date", "date".
fn date_name(field: &str) -> String {
    match field {
        "from" => "start date".into(),
        "to" => "end date".into(),
        "date" => "date".into(),
        other => format!("{other} date"),
    }
}

/// A stay whose dates were checked: departure after arrival, not too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
}

impl Stay {
    pub fn nights(&self) -> u32 {
        (self.departure - self.arrival).num_days() as u32
    }
}

pub fn validate_stay(arrival: &str, departure: &str) -> AppResult<Stay> {
    let arrival = parse_date("arrival", arrival)?;
    let departure = parse_date("departure", departure)?;
    if departure <= arrival {
        return Err(AppError::validation("departure", "Departure must be at least one night after arrival."));
    }
    if (departure - arrival).num_days() > MAX_NIGHTS {
        return Err(AppError::validation(
            "departure",
            format!("A stay can be at most {MAX_NIGHTS} nights; split longer stays into several bookings."),
        ));
    }
    Ok(Stay { arrival, departure })
}

/// The longest texts a manager types, in characters: beyond them the input is a mistake (a
/// paste gone wrong) or an attack, and no provider takes them either.
pub mod limits {
    /// A search box: a name, a number, an e-mail or a phone.
    pub const SEARCH: usize = 200;
    /// A first or last name, an account's label.
    pub const NAME: usize = 100;
    /// An e-mail address (RFC 5321's limit).
    pub const EMAIL: usize = 254;
    pub const PHONE: usize = 40;
    /// A booking's notes, a cancellation's reason.
    pub const NOTE: usize = 2_000;
    /// A server address.
    pub const URL: usize = 2_048;
    /// One credential (a token, a key, a secret).
    pub const CREDENTIAL: usize = 4_096;
    /// Rows one list read may ask for.
    pub const ROWS: u32 = 100_000;
    /// Entries one read of the activity log may ask for.
    pub const ACTIVITY_ROWS: u32 = 1_000;
    /// Rooms one link may join: one per account, and no one runs this many accounts.
    pub const LINKED_ROOMS: usize = 50;
}

/// `value` within `max` characters, else a validation error naming `field`.
pub fn check_length(field: &str, value: &str, max: usize) -> AppResult<()> {
    let n = value.chars().count();
    if n > max {
        return Err(AppError::validation(field, format!("This is {n} characters long; at most {max} are allowed.")));
    }
    Ok(())
}

/// An optional text within `max` characters.
pub fn check_optional_length(field: &str, value: Option<&str>, max: usize) -> AppResult<()> {
    value.map_or(Ok(()), |v| check_length(field, v, max))
}

/// A row count a list read asks for: 1 to [`limits::ROWS`].
pub fn check_rows(field: &str, rows: Option<u32>) -> AppResult<()> {
    match rows {
        Some(0) => Err(AppError::validation(field, "Ask for at least one row.")),
        Some(n) if n > limits::ROWS => {
            Err(AppError::validation(field, format!("At most {} rows can be read at once.", limits::ROWS)))
        }
        _ => Ok(()),
    }
}

/// The texts an action on a reservation carries, within their limits.
pub fn validate_action_texts(action: &crate::ReservationAction) -> AppResult<()> {
    use crate::ReservationAction as A;
    match action {
        A::Reject { reason } | A::Cancel { reason, .. } => {
            check_optional_length("reason", reason.as_deref(), limits::NOTE)
        }
        A::EditNotes { notes } => check_length("notes", notes, limits::NOTE),
        _ => Ok(()),
    }
}

/// A guest edit's fields within their limits.
pub fn validate_guest_edit(edit: &crate::GuestEdit) -> AppResult<()> {
    if edit.first_name.is_none() && edit.last_name.is_none() && edit.email.is_none() && edit.phone.is_none() {
        return Err(AppError::validation("edit", "Change at least one of the guest's details."));
    }
    check_optional_length("first_name", edit.first_name.as_deref(), limits::NAME)?;
    check_optional_length("last_name", edit.last_name.as_deref(), limits::NAME)?;
    check_optional_length("email", edit.email.as_deref(), limits::EMAIL)?;
    check_optional_length("phone", edit.phone.as_deref(), limits::PHONE)
}

pub fn validate_new_guest(guest: &NewGuest) -> AppResult<()> {
    check_length("first_name", &guest.first_name, limits::NAME)?;
    check_length("last_name", &guest.last_name, limits::NAME)?;
    check_optional_length("email", guest.email.as_deref(), limits::EMAIL)?;
    check_optional_length("phone", guest.phone.as_deref(), limits::PHONE)?;
    if guest.last_name.trim().is_empty() {
        return Err(AppError::validation("last_name", "Enter the guest's last name."));
    }
    if let Some(email) = guest.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        let ok = email.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !ok {
            return Err(AppError::validation("email", format!("“{email}” is not an e-mail address.")));
        }
    }
    Ok(())
}

/// Whether a provider refuses stays that start before today. Mews's Connector API does (its
/// sandbox answers 403 "The arrival date … is in the past."); the other four keep past stays, so
/// a manager can enter a walk-in of last night afterwards.
pub fn refuses_past_arrival(provider: ProviderKind) -> bool {
    matches!(provider, ProviderKind::Mews)
}

/// Refuses a past arrival before it reaches a provider that would refuse it, naming the field.
pub fn check_arrival_not_past(provider: ProviderKind, arrival: NaiveDate, today: NaiveDate) -> AppResult<()> {
    if refuses_past_arrival(provider) && arrival < today {
        return Err(AppError::validation(
            "arrival",
            format!(
                "{} does not take bookings that start in the past ({arrival}); choose today ({today}) or later.",
                provider.display_name()
            ),
        ));
    }
    Ok(())
}

/// Checks what a price depends on: dates and people (not the guest or notes).
pub fn validate_quote(draft: &BookingDraft) -> AppResult<Stay> {
    let stay = validate_stay(&draft.arrival, &draft.departure)?;
    if draft.adults == 0 {
        return Err(AppError::validation("adults", "A booking needs at least one adult."));
    }
    // Added without overflow: a child count near u32::MAX must not wrap round to a small number.
    if draft.adults.saturating_add(draft.children) > MAX_PEOPLE {
        return Err(AppError::validation("adults", format!("At most {MAX_PEOPLE} people fit one booking.")));
    }
    // The rooms count towards the price and the availability, so a quote checks them too.
    if draft.additional_room_ids.len() >= MAX_PEOPLE as usize {
        return Err(AppError::validation(
            "additional_room_ids",
            format!("One booking can take at most {MAX_PEOPLE} rooms; split a larger group into several bookings."),
        ));
    }
    if draft.additional_room_ids.contains(&draft.room_id.unwrap_or(-1))
        || (1..draft.additional_room_ids.len())
            .any(|i| draft.additional_room_ids[..i].contains(&draft.additional_room_ids[i]))
    {
        return Err(AppError::validation("additional_room_ids", "Each room can be in a booking only once."));
    }
    Ok(stay)
}

/// Checks a whole booking form; returns the stay on success.
pub fn validate_booking(draft: &BookingDraft) -> AppResult<Stay> {
    let stay = validate_quote(draft)?;
    check_optional_length("notes", draft.notes.as_deref(), limits::NOTE)?;
    if draft.additional_guests.len() >= MAX_PEOPLE as usize {
        return Err(AppError::validation(
            "additional_guests",
            format!("One booking can name at most {MAX_PEOPLE} guests; split a larger group into several bookings."),
        ));
    }
    if let GuestChoice::New(guest) = &draft.guest {
        validate_new_guest(guest)?;
    }
    for (i, guest) in draft.additional_guests.iter().enumerate() {
        validate_new_guest(guest).map_err(|e| AppError {
            field: Some("additional_guests".into()),
            message: format!("Guest {}: {}", i + 2, e.message),
            ..e
        })?;
    }
    Ok(stay)
}

/// Checks a provider base URL: absolute http(s), no query. Returns it without a trailing slash.
/// The file name an export's save dialog proposes: a name, not a path (the manager chooses the
/// folder in the dialog), at most 255 bytes as file systems allow.
pub fn validate_export_file_name(name: &str) -> AppResult<()> {
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." {
        return Err(AppError::validation("file_name", "Give the export a file name, e.g. reservations.csv."));
    }
    if name.contains(['/', '\\', '\0']) {
        return Err(AppError::validation(
            "file_name",
            "The proposed file name cannot hold /, \\ or a NUL character: choose the folder in the dialog.",
        ));
    }
    if name.len() > 255 {
        return Err(AppError::validation(
            "file_name",
            format!("The file name is {} bytes long; file systems allow 255.", name.len()),
        ));
    }
    Ok(())
}

pub fn validate_base_url(url: &str) -> AppResult<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(|| {
        AppError::validation("base_url", "The address must start with https:// (or http:// for a local sandbox).")
    })?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
        return Err(AppError::validation("base_url", format!("“{url}” is not a valid server address.")));
    }
    Ok(url.to_string())
}

/// The credential fields each provider needs.
pub fn credential_fields(provider: ProviderKind) -> &'static [&'static str] {
    match provider {
        ProviderKind::Mews => &["client_token", "access_token"],
        // The long-time token Reservanto's approval page returns once the merchant approves the app's rights.
        ProviderKind::Reservanto => &["long_time_token"],
        // Integrations → REST API → API account in Mobile Calendar.
        ProviderKind::MobileCalendar => &["client_id", "client_secret"],
        // App key (HTTP Basic password) of the Timekit app.
        ProviderKind::Timekit => &["app_key"],
        ProviderKind::Ectosy => &["api_key"],
    }
}

pub fn validate_credentials(provider: ProviderKind, credentials: &Credentials) -> AppResult<()> {
    for field in credential_fields(provider) {
        if credentials.get(field).is_none_or(|v| v.trim().is_empty()) {
            return Err(AppError::validation(field, format!("Enter the {}.", field.replace('_', " "))));
        }
    }
    if let Some(extra) = credentials.fields().find(|k| !credential_fields(provider).contains(k)) {
        return Err(AppError::validation(
            extra,
            format!(
                "“{extra}” is not a {} credential; expected {}.",
                provider.display_name(),
                credential_fields(provider).join(", ")
            ),
        ));
    }
    Ok(())
}

pub fn validate_new_account(account: &NewAccount) -> AppResult<String> {
    if account.label.trim().is_empty() {
        return Err(AppError::validation("label", "Give the account a name, e.g. the property's name."));
    }
    check_length("label", &account.label, limits::NAME)?;
    check_length("base_url", &account.base_url, limits::URL)?;
    for (field, value) in &account.credentials.0 {
        check_length(field, value, limits::CREDENTIAL)?;
    }
    let url = validate_base_url(&account.base_url)?;
    validate_credentials(account.provider, &account.credentials)?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn an_export_file_name_is_a_name_not_a_path() {
        assert!(validate_export_file_name("reservations-2026-11-29.csv").is_ok());
        assert!(validate_export_file_name(&"ž".repeat(127)).is_ok());
        for bad in ["", "  ", ".", "..", "../etc/passwd", "a/b.csv", "a\\b.csv", "a\0b", &"x".repeat(256)] {
            let e = validate_export_file_name(bad).unwrap_err();
            assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("file_name")), "{bad:?}");
        }
    }

    #[test]
    fn texts_and_row_counts_have_limits_that_name_the_field() {
        assert!(check_length("search", &"a".repeat(limits::SEARCH), limits::SEARCH).is_ok());
        let e = check_length("search", &"ž".repeat(limits::SEARCH + 1), limits::SEARCH).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.field.as_deref(), Some("search"));
        assert!(e.message.contains("201 characters"), "{}", e.message);
        assert!(check_optional_length("notes", None, 1).is_ok());
        assert!(check_rows("limit", None).is_ok());
        assert!(check_rows("limit", Some(limits::ROWS)).is_ok());
        assert_eq!(check_rows("limit", Some(0)).unwrap_err().field.as_deref(), Some("limit"));
        assert!(check_rows("limit", Some(limits::ROWS + 1)).is_err());
        let mut guest = NewGuest { first_name: "Ana".into(), last_name: "x".repeat(101), email: None, phone: None };
        assert_eq!(validate_new_guest(&guest).unwrap_err().field.as_deref(), Some("last_name"));
        guest.last_name = "Novak".into();
        guest.phone = Some("1".repeat(41));
        assert_eq!(validate_new_guest(&guest).unwrap_err().field.as_deref(), Some("phone"));
    }

    fn draft(arrival: &str, departure: &str) -> BookingDraft {
        BookingDraft {
            account_id: 1,
            category_id: 1,
            room_id: None,
            arrival: arrival.into(),
            departure: departure.into(),
            adults: 2,
            children: 0,
            guest: GuestChoice::New(NewGuest {
                first_name: "Ana".into(),
                last_name: "Novak".into(),
                email: None,
                phone: None,
            }),
            additional_guests: Vec::new(),
            additional_room_ids: Vec::new(),
            notes: None,
        }
    }

    #[test]
    fn departure_must_follow_arrival() {
        let e = validate_booking(&draft("2026-12-10", "2026-12-10")).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("departure")));
        assert_eq!(validate_booking(&draft("2026-12-10", "2026-12-12")).unwrap().nights(), 2);
    }

    #[test]
    fn bad_date_formats_name_the_field_and_the_value() {
        let e = validate_booking(&draft("10.12.2026", "2026-12-12")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("arrival"));
        assert!(e.message.contains("10.12.2026"), "{}", e.message);
        let e = validate_booking(&draft("2026-02-30", "2026-03-02")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("arrival"));
        let e = validate_booking(&draft("2026-12-10", "")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("departure"));
    }

    #[test]
    fn dates_outside_the_plausible_window_are_refused_naming_the_field() {
        for (field, value) in [("arrival", "1999-12-31"), ("from", "2100-01-01"), ("date", "0026-06-15")] {
            let e = parse_date(field, value).unwrap_err();
            assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some(field)), "{value}");
            assert!(e.message.contains("between 2000-01-01 and 2099-12-31"), "{}", e.message);
        }
        // Years beyond four digits parse in chrono ("+262143-…"): refused before any arithmetic.
        assert!(parse_date("date", "+262143-12-31").is_err());
        assert!(check_date("to", NaiveDate::MAX).is_err());
        assert!(parse_date("from", "2000-01-01").is_ok());
        assert!(parse_date("to", "2099-12-31").is_ok());
        let e = parse_date("date", "2026-13-01").unwrap_err();
        assert_eq!(e.message, "“2026-13-01” is not a valid date; use the form YYYY-MM-DD, e.g. 2026-12-24.");
        let e = validate_booking(&draft("2026-12-10", "2100-01-02")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("departure"));
    }

    #[test]
    fn people_rooms_and_guests_are_bounded_without_overflow() {
        let mut d = draft("2026-12-10", "2026-12-12");
        d.adults = 1;
        d.children = u32::MAX;
        let e = validate_quote(&d).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("adults")));
        d.children = 0;
        d.additional_room_ids = (1..=MAX_PEOPLE as i64).collect();
        assert_eq!(validate_booking(&d).unwrap_err().field.as_deref(), Some("additional_room_ids"));
        d.additional_room_ids = (1..MAX_PEOPLE as i64).collect();
        assert!(validate_booking(&d).is_ok());
        let guest = NewGuest { first_name: "Ana".into(), last_name: "Novak".into(), email: None, phone: None };
        d.additional_guests = vec![guest; MAX_PEOPLE as usize];
        assert_eq!(validate_booking(&d).unwrap_err().field.as_deref(), Some("additional_guests"));
    }

    #[test]
    fn too_long_stays_are_refused() {
        assert!(validate_booking(&draft("2026-01-01", "2027-01-02")).is_err());
        assert!(validate_booking(&draft("2026-01-01", "2027-01-01")).is_ok());
    }

    #[test]
    fn new_guests_need_a_last_name_and_a_plausible_email() {
        let mut d = draft("2026-12-10", "2026-12-12");
        d.guest =
            GuestChoice::New(NewGuest { first_name: "Ana".into(), last_name: "  ".into(), email: None, phone: None });
        assert_eq!(validate_booking(&d).unwrap_err().field.as_deref(), Some("last_name"));
        d.guest = GuestChoice::New(NewGuest {
            first_name: "".into(),
            last_name: "Lee".into(),
            email: Some("lee-at-example".into()),
            phone: None,
        });
        assert_eq!(validate_booking(&d).unwrap_err().field.as_deref(), Some("email"));
        d.adults = 0;
        d.guest = GuestChoice::Existing(3);
        assert_eq!(validate_booking(&d).unwrap_err().field.as_deref(), Some("adults"));
    }

    #[test]
    fn base_urls_are_checked_and_normalized() {
        assert_eq!(validate_base_url(" https://api.mews-demo.com/ ").unwrap(), "https://api.mews-demo.com");
        assert_eq!(validate_base_url("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert!(validate_base_url("api.mews.com").is_err());
        assert!(validate_base_url("https://").is_err());
        assert!(validate_base_url("https://x.com/?a=1").is_err());
    }

    #[test]
    fn credentials_must_be_complete_and_known() {
        let mut c = Credentials::default();
        c.insert("client_token", "abc");
        assert_eq!(validate_credentials(ProviderKind::Mews, &c).unwrap_err().field.as_deref(), Some("access_token"));
        c.insert("access_token", "def");
        assert!(validate_credentials(ProviderKind::Mews, &c).is_ok());
        c.insert("password", "x");
        assert_eq!(validate_credentials(ProviderKind::Mews, &c).unwrap_err().field.as_deref(), Some("password"));
    }
}
