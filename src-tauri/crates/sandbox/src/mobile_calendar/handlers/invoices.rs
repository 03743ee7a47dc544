//! Invoices, read only: the seeded VAT invoices of finished stays (newest first by default).

use innkeep_providers::mobile_calendar::wire::{self, List, One};

use super::{slice, Ctx, Reply};
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::state::McState;

pub fn list(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, limit) = q.paging()?;
    let (by, desc) = q.order(&["invoiceId", "invoiceNo", "issueDate", "addDate", "editDate"], true)?;
    let kind = q.int("invoiceType")?;
    if kind.is_some_and(|k| !(0..=7).contains(&k)) {
        return Err(ApiError::field("invoiceType", "invoiceType must be between 0 and 7"));
    }
    let search = q.get("search").map(str::to_lowercase);
    let (from, to) = (q.date("from")?, q.date("to")?);
    let reservation = q.int("reservationId")?;
    let last_edit = q.last_edit()?;
    let mut items: Vec<wire::Invoice> = state
        .invoices
        .iter()
        .filter(|i| kind.is_none_or(|k| i64::from(i.invoice_type) == k))
        .filter(|i| {
            search.as_deref().is_none_or(|s| {
                i.invoice_full_no.to_lowercase().contains(s)
                    || i.buyer
                        .as_ref()
                        .and_then(|b| b.company_name.as_ref())
                        .is_some_and(|n| n.to_lowercase().contains(s))
            })
        })
        .filter(|i| from.is_none_or(|f| i.issue_date >= f) && to.is_none_or(|t| i.issue_date <= t))
        .filter(|i| reservation.is_none_or(|r| i.reservation_id == Some(r)))
        .filter(|i| last_edit.is_none_or(|t| i.edit_date.is_some_and(|e| e >= t)))
        .cloned()
        .collect();
    match by {
        "invoiceNo" => items.sort_by_key(|i| (i.issue_date.format("%Y%m").to_string(), i.invoice_no, i.invoice_id)),
        "issueDate" => items.sort_by_key(|i| (i.issue_date, i.invoice_id)),
        "addDate" => items.sort_by_key(|i| (i.add_date, i.invoice_id)),
        "editDate" => items.sort_by_key(|i| (i.edit_date, i.invoice_id)),
        _ => items.sort_by_key(|i| i.invoice_id),
    }
    if desc {
        items.reverse();
    }
    Ok(Reply::ok(&List { data: slice(&items, page, limit), meta: ctx.page_meta(items.len(), page, limit) }))
}

pub fn get(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let i = state
        .invoices
        .iter()
        .find(|i| i.invoice_id == id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("Invoice {id} not found")))?;
    Ok(Reply::ok(&One { data: i, meta: ctx.meta() }))
}
