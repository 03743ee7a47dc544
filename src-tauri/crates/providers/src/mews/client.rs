//! Talks to a Mews Connector API (or the sandbox): auth fields in every body, cursor pagination,
//! and Mews' status codes turned into errors a manager can act on.

use chrono::{DateTime, Utc};
use innkeep_core::{AppError, Credentials, ErrorKind};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::wire::{self, paths, Auth, Limitation, Request};
use crate::http::{status_text, Failure, HttpClient, RetryPolicy, Safety};

/// What Mews is told the calling application is.
pub const CLIENT_NAME: &str = concat!("Innkeep ", env!("CARGO_PKG_VERSION"));
/// Page size for cursor pagination: the most Mews allows, so a sync makes the fewest requests.
pub const PAGE_SIZE: u32 = wire::MAX_PAGE;

#[derive(Debug, Clone)]
pub struct MewsClient {
    http: HttpClient,
    auth: Auth,
}

impl MewsClient {
    pub fn new(base_url: &str, credentials: &Credentials) -> Result<Self, AppError> {
        Self::with_policy(base_url, credentials, RetryPolicy::default())
    }

    pub fn with_policy(base_url: &str, credentials: &Credentials, policy: RetryPolicy) -> Result<Self, AppError> {
        let field = |name: &str| {
            credentials.get(name).map(str::to_string).ok_or_else(|| {
                AppError::new(
                    ErrorKind::Auth,
                    format!("The {} of this Mews account is missing.", name.replace('_', " ")),
                )
            })
        };
        let access_token = field("access_token")?;
        Ok(Self {
            // Mews counts requests per access token.
            http: HttpClient::new("Mews", base_url, policy).limited_per(&access_token),
            auth: Auth { client_token: field("client_token")?, access_token, client: CLIENT_NAME.into() },
        })
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    async fn call<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: B,
        safety: Safety,
    ) -> Result<R, AppError> {
        let request = Request { auth: self.auth.clone(), body };
        let answer = self.http.post_json(path, &request, safety).await.map_err(|f| self.error(path, f))?;
        // `Prefer: return=minimal` is never sent, so an empty body is a broken answer.
        serde_json::from_slice(&answer.body).map_err(|e| {
            AppError::new(
                ErrorKind::Malformed,
                format!("Mews sent an answer to {path} that Innkeep cannot read ({e}). Nothing was changed; try again later."),
            )
        })
    }

    fn error(&self, path: &str, failure: Failure) -> AppError {
        let base = self.http.base_url();
        match failure {
            Failure::Connect(cause) => AppError::new(
                ErrorKind::Offline,
                format!(
                    "Cannot reach Mews at {base} ({cause}). Check the internet connection; saved data stays available."
                ),
            )
            .unsent(),
            Failure::Timeout => AppError::new(
                ErrorKind::Offline,
                format!("Mews at {base} did not answer in time. Check the internet connection or try again later."),
            ),
            Failure::Interrupted(cause) => AppError::new(
                ErrorKind::Unavailable,
                format!("The connection to Mews broke off during the answer ({cause}). Try again."),
            ),
            Failure::Status { status, retry_after, body } => {
                let message = serde_json::from_slice::<wire::ErrorBody>(&body).map(|b| b.message).ok();
                let said = message.as_deref().map(|m| format!(" Mews says: “{m}”")).unwrap_or_default();
                match status {
                    401 => AppError::new(
                        ErrorKind::Auth,
                        format!(
                            "Mews refused the credentials.{said} Enter the current Client token and Access token under Replace credentials in Accounts."
                        ),
                    ),
                    403 => AppError::new(
                        ErrorKind::Forbidden,
                        message.unwrap_or_else(|| "Mews refused the action by one of its rules.".into()),
                    ),
                    400 => AppError::new(ErrorKind::Validation, format!("Mews did not accept the request.{said}")),
                    404 => AppError::new(
                        ErrorKind::NotFound,
                        format!("Mews has no operation at {base}{path} (404). Check the account's server address."),
                    ),
                    409 => AppError::new(
                        ErrorKind::Conflict,
                        format!("The data changed in Mews meanwhile.{said} Sync and try again."),
                    ),
                    429 => AppError::new(
                        ErrorKind::RateLimited,
                        match retry_after {
                            Some(s) => format!("Mews asks Innkeep to slow down; try again in {s} seconds."),
                            None => "Mews asks Innkeep to slow down; try again in a minute.".into(),
                        },
                    )
                    .with_retry_after(retry_after),
                    408 | 500.. => AppError::new(
                        ErrorKind::Unavailable,
                        format!(
                            "Mews has a problem right now ({}).{said} Try again in a few minutes.",
                            status_text(status)
                        ),
                    ),
                    _ => AppError::new(ErrorKind::Unavailable, format!("Mews answered {}.{said}", status_text(status))),
                }
            }
        }
    }

    pub async fn configuration(&self) -> Result<wire::ConfigurationGetResponse, AppError> {
        self.call(paths::CONFIGURATION_GET, wire::ConfigurationGetRequest::default(), Safety::Safe).await
    }

    /// Walks every page of a cursor-paginated operation. `make` builds the request for a cursor;
    /// `split` takes a response apart into items and the next cursor.
    async fn all_pages<B, R, T>(
        &self,
        path: &str,
        make: impl Fn(Limitation) -> B,
        split: impl Fn(R) -> (Vec<T>, Option<String>),
    ) -> Result<Vec<T>, AppError>
    where
        B: Serialize,
        R: DeserializeOwned,
    {
        self.pages_up_to(path, make, split, usize::MAX).await
    }

    /// [`Self::all_pages`] for a query that cannot match more than `most` items (one per id
    /// asked for): a full page of them is the end, with no empty page asked for after it.
    async fn pages_up_to<B, R, T>(
        &self,
        path: &str,
        make: impl Fn(Limitation) -> B,
        split: impl Fn(R) -> (Vec<T>, Option<String>),
        most: usize,
    ) -> Result<Vec<T>, AppError>
    where
        B: Serialize,
        R: DeserializeOwned,
    {
        let mut out = Vec::new();
        let mut cursor = None;
        loop {
            let (items, next) = split(
                self.call(path, make(Limitation { count: PAGE_SIZE, cursor: cursor.clone() }), Safety::Safe).await?,
            );
            let full = items.len() as u32 == PAGE_SIZE;
            out.extend(items);
            if out.len() >= most {
                return Ok(out);
            }
            match next {
                Some(c) if full && Some(&c) != cursor.as_ref() => cursor = Some(c),
                _ => return Ok(out),
            }
        }
    }

    pub async fn services(&self) -> Result<Vec<wire::Service>, AppError> {
        self.all_pages(
            paths::SERVICES_GET_ALL,
            |limitation| wire::ServicesGetAllRequest { service_ids: None, updated_utc: None, limitation },
            |r: wire::ServicesGetAllResponse| (r.services, r.cursor),
        )
        .await
    }

    pub async fn resource_categories(&self, service_id: &str) -> Result<Vec<wire::ResourceCategory>, AppError> {
        self.all_pages(
            paths::RESOURCE_CATEGORIES_GET_ALL,
            |limitation| wire::ResourceCategoriesGetAllRequest {
                service_ids: vec![service_id.to_string()],
                resource_category_ids: None,
                activity_states: Some(vec!["Active".into()]),
                updated_utc: None,
                limitation,
            },
            |r: wire::ResourceCategoriesGetAllResponse| (r.resource_categories, r.cursor),
        )
        .await
    }

    pub async fn category_assignments(
        &self,
        category_ids: &[String],
    ) -> Result<Vec<wire::ResourceCategoryAssignment>, AppError> {
        let mut out = Vec::new();
        for chunk in category_ids.chunks(wire::MAX_PAGE as usize) {
            out.extend(
                self.all_pages(
                    paths::RESOURCE_CATEGORY_ASSIGNMENTS_GET_ALL,
                    |limitation| wire::ResourceCategoryAssignmentsGetAllRequest {
                        resource_category_ids: chunk.to_vec(),
                        resource_ids: None,
                        activity_states: Some(vec!["Active".into()]),
                        limitation,
                    },
                    |r: wire::ResourceCategoryAssignmentsGetAllResponse| (r.resource_category_assignments, r.cursor),
                )
                .await?,
            );
        }
        Ok(out)
    }

    pub async fn resources(&self) -> Result<Vec<wire::Resource>, AppError> {
        self.all_pages(
            paths::RESOURCES_GET_ALL,
            |limitation| wire::ResourcesGetAllRequest {
                extent: wire::ResourcesExtent { resources: true, inactive: false },
                resource_ids: None,
                updated_utc: None,
                limitation,
            },
            |r: wire::ResourcesGetAllResponse| (r.resources, r.cursor),
        )
        .await
    }

    pub async fn age_categories(&self, service_id: &str) -> Result<Vec<wire::AgeCategory>, AppError> {
        self.all_pages(
            paths::AGE_CATEGORIES_GET_ALL,
            |limitation| wire::AgeCategoriesGetAllRequest {
                service_ids: Some(vec![service_id.to_string()]),
                limitation,
            },
            |r: wire::AgeCategoriesGetAllResponse| (r.age_categories, r.cursor),
        )
        .await
    }

    pub async fn rates(&self, service_id: &str) -> Result<Vec<wire::Rate>, AppError> {
        self.all_pages(
            paths::RATES_GET_ALL,
            |limitation| wire::RatesGetAllRequest {
                service_ids: vec![service_id.to_string()],
                rate_ids: None,
                limitation,
            },
            |r: wire::RatesGetAllResponse| (r.rates, r.cursor),
        )
        .await
    }

    /// One page of reservations; the filter's `Limitation` is set here.
    pub async fn reservations_page(
        &self,
        mut filter: wire::ReservationsGetAllRequest,
        cursor: Option<String>,
    ) -> Result<wire::ReservationsGetAllResponse, AppError> {
        filter.limitation = Some(Limitation { count: PAGE_SIZE, cursor });
        self.call(paths::RESERVATIONS_GET_ALL, filter, Safety::Safe).await
    }

    pub async fn reservations_by_ids(&self, ids: &[String]) -> Result<Vec<wire::Reservation>, AppError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(wire::MAX_PAGE as usize) {
            let filter =
                wire::ReservationsGetAllRequest { reservation_ids: Some(chunk.to_vec()), ..Default::default() };
            out.extend(self.reservations_page(filter, None).await?.reservations);
        }
        Ok(out)
    }

    pub async fn customers_by_ids(&self, ids: &[String]) -> Result<Vec<wire::Customer>, AppError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(wire::MAX_PAGE as usize) {
            out.extend(
                self.pages_up_to(
                    paths::CUSTOMERS_GET_ALL,
                    |limitation| wire::CustomersGetAllRequest {
                        extent: wire::CustomersExtent { customers: true, addresses: false },
                        customer_ids: Some(chunk.to_vec()),
                        emails: None,
                        last_names: None,
                        created_utc: None,
                        updated_utc: None,
                        limitation,
                    },
                    |r: wire::CustomersGetAllResponse| (r.customers, r.cursor),
                    chunk.len(),
                )
                .await?,
            );
        }
        Ok(out)
    }

    /// Customers with this e-mail address (Mews keeps at most one).
    pub async fn customers_by_email(&self, email: &str) -> Result<Vec<wire::Customer>, AppError> {
        self.all_pages(
            paths::CUSTOMERS_GET_ALL,
            |limitation| wire::CustomersGetAllRequest {
                extent: wire::CustomersExtent { customers: true, addresses: false },
                customer_ids: None,
                emails: Some(vec![email.to_string()]),
                last_names: None,
                created_utc: None,
                updated_utc: None,
                limitation,
            },
            |r: wire::CustomersGetAllResponse| (r.customers, r.cursor),
        )
        .await
    }

    pub async fn add_customer(&self, request: wire::CustomerAddRequest) -> Result<wire::Customer, AppError> {
        self.call(paths::CUSTOMERS_ADD, request, Safety::Unsafe).await
    }

    pub async fn add_reservation(
        &self,
        service_id: &str,
        reservation: wire::ReservationParameters,
    ) -> Result<wire::Reservation2017, AppError> {
        let request = wire::ReservationsAddRequest {
            service_id: service_id.to_string(),
            group_id: None,
            group_name: None,
            reservations: vec![reservation],
            check_overbooking: Some(true),
            send_confirmation_email: Some(true),
        };
        let answer: wire::ReservationsAddResponse = self.call(paths::RESERVATIONS_ADD, request, Safety::Unsafe).await?;
        answer.reservations.into_iter().next().map(|a| a.reservation).ok_or_else(|| {
            AppError::new(
                ErrorKind::Malformed,
                "Mews confirmed the booking but sent no reservation back. Sync to see it.",
            )
        })
    }

    pub async fn price(
        &self,
        service_id: &str,
        reservation: wire::ReservationParameters,
    ) -> Result<wire::Amount, AppError> {
        let request =
            wire::ReservationsPriceRequest { service_id: service_id.to_string(), reservations: vec![reservation] };
        let answer: wire::ReservationsPriceResponse =
            self.call(paths::RESERVATIONS_PRICE, request, Safety::Safe).await?;
        answer
            .reservation_prices
            .into_iter()
            .next()
            .map(|p| p.total_amount)
            .ok_or_else(|| AppError::new(ErrorKind::Malformed, "Mews sent no price for the stay."))
    }

    pub async fn availability(
        &self,
        service_id: &str,
        first_unit: DateTime<Utc>,
        last_unit: DateTime<Utc>,
    ) -> Result<wire::ServicesGetAvailabilityResponse, AppError> {
        let request = wire::ServicesGetAvailabilityRequest {
            service_id: service_id.to_string(),
            first_time_unit_start_utc: first_unit,
            last_time_unit_start_utc: last_unit,
        };
        self.call(paths::SERVICES_GET_AVAILABILITY, request, Safety::Safe).await
    }

    pub async fn cancel(&self, reservation_id: &str, notes: &str) -> Result<(), AppError> {
        let request = wire::ReservationsCancelRequest {
            reservation_ids: vec![reservation_id.to_string()],
            post_cancellation_fee: Some(false),
            send_email: Some(true),
            notes: Some(notes.to_string()),
        };
        let _: wire::ReservationIdsResponse = self.call(paths::RESERVATIONS_CANCEL, request, Safety::Unsafe).await?;
        Ok(())
    }

    pub async fn confirm(&self, reservation_id: &str) -> Result<(), AppError> {
        let request = wire::ReservationsConfirmRequest {
            reservation_ids: vec![reservation_id.to_string()],
            send_confirmation_email: None,
        };
        let _: wire::ReservationIdsResponse = self.call(paths::RESERVATIONS_CONFIRM, request, Safety::Unsafe).await?;
        Ok(())
    }

    pub async fn start(&self, reservation_id: &str) -> Result<(), AppError> {
        let request = wire::ReservationStartRequest { reservation_id: reservation_id.to_string() };
        let _: serde_json::Value = self.call(paths::RESERVATIONS_START, request, Safety::Unsafe).await?;
        Ok(())
    }

    pub async fn process(&self, reservation_id: &str) -> Result<(), AppError> {
        let request = wire::ReservationProcessRequest {
            reservation_id: reservation_id.to_string(),
            close_bills: Some(true),
            allow_open_balance: None,
            notes: None,
        };
        let _: serde_json::Value = self.call(paths::RESERVATIONS_PROCESS, request, Safety::Unsafe).await?;
        Ok(())
    }
}
