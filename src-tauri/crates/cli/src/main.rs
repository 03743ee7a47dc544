//! `innkeep-cli`: the same services as the app, over the same data folder, without a window.
//! Errors go to standard error with the same words the app shows, and a non-zero exit.

mod output;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use innkeep_core::{
    AppError, BookingDraft, Credentials, ErrorKind, GuestChoice, GuestEdit, NewAccount, NewGuest, ProviderKind,
    ReservationAction, ReservationQuery, ReservationSort, ReservationState, SyncPhase, SyncProgress,
};
use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::Store;

use output::Format;

#[derive(Parser)]
#[command(name = "innkeep-cli", version, about = "Innkeep without a window")]
struct Cli {
    /// Data folder (default: the app's own, so both see the same cache).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the provider sandboxes on 127.0.0.1 and print one JSON line per provider.
    Sandbox {
        #[arg(long, default_value_t = 0)]
        port: u16,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Pretend today is this date (YYYY-MM-DD), for reproducible data.
        #[arg(long)]
        today: Option<NaiveDate>,
    },
    /// Connect, list and remove provider accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Fetch reservations, guests and rooms from the providers into the cache.
    Sync {
        #[arg(long)]
        account: Option<i64>,
        /// Read everything again, not only the changes.
        #[arg(long)]
        full: bool,
    },
    /// What the syncs found added, changed and removed since you last looked.
    Changes {
        /// Mark them as seen afterwards.
        #[arg(long)]
        seen: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Reservations from the cache.
    Reservations {
        /// Stays overlapping this date or later (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Part of a guest's name, or a reservation number.
        #[arg(long)]
        search: Option<String>,
        /// Only these states (repeat for several): confirmed, checked_in, cancelled, ...
        #[arg(long, value_parser = parse_state)]
        state: Vec<ReservationState>,
        #[arg(long)]
        account: Option<i64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Guests from the cache.
    Guests {
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// An account's rooms and their categories, from the cache.
    Rooms {
        #[arg(long)]
        account: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Book a stay through the provider (or only show its price with --quote).
    Book(BookArgs),
    /// Cancel a reservation through the provider.
    Cancel {
        /// The reservation's id in the cache (first column of `reservations`).
        reservation_id: i64,
        #[arg(long)]
        reason: Option<String>,
        /// Cancel even inside the provider's late-cancellation window.
        #[arg(long)]
        override_late: bool,
    },
    /// Another action on a reservation: confirm, reject, check-in, check-out, no-show, move,
    /// restore, delete, notes (what each provider allows: see `account list --json`).
    Act {
        reservation_id: i64,
        action: String,
        /// New dates for `move` (YYYY-MM-DD).
        #[arg(long)]
        arrival: Option<String>,
        #[arg(long)]
        departure: Option<String>,
        /// Another room for `move`, by name.
        #[arg(long)]
        room: Option<String>,
        /// Reason for `reject`.
        #[arg(long)]
        reason: Option<String>,
        /// New notes for `notes`.
        #[arg(long)]
        text: Option<String>,
    },
    /// Change a guest's contact details at the provider (where it allows).
    EditGuest {
        guest_id: i64,
        #[arg(long)]
        first_name: Option<String>,
        #[arg(long)]
        last_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// The activity log, newest first.
    Activity {
        #[arg(long)]
        account: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Reads the credentials as a JSON object on standard input, e.g.
    /// {"client_token": "...", "access_token": "..."}; never from arguments.
    Add {
        provider: String,
        #[arg(long)]
        label: String,
        #[arg(long)]
        base_url: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Deletes the account's keyring entry and all its cached data.
    Remove { id: i64 },
}

#[derive(Args)]
struct BookArgs {
    #[arg(long)]
    account: i64,
    /// Room category: its id or its name.
    #[arg(long)]
    category: String,
    /// A specific room, by name (e.g. 204).
    #[arg(long)]
    room: Option<String>,
    /// More rooms of the same (group) booking, by name; repeat for several.
    #[arg(long = "extra-room")]
    extra_rooms: Vec<String>,
    /// More guests of the same booking as "First Last"; repeat for several.
    #[arg(long = "extra-guest")]
    extra_guests: Vec<String>,
    #[arg(long)]
    arrival: String,
    #[arg(long)]
    departure: String,
    #[arg(long, default_value_t = 1)]
    adults: u32,
    #[arg(long, default_value_t = 0)]
    children: u32,
    /// An existing guest's id (see `guests`); otherwise give --last-name.
    #[arg(long)]
    guest_id: Option<i64>,
    #[arg(long)]
    first_name: Option<String>,
    #[arg(long)]
    last_name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    /// Only show the provider's price and free rooms.
    #[arg(long)]
    quote: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// A reservation state by its name in Innkeep (`confirmed`, `checked_in`, `cancelled`, ...).
fn parse_state(s: &str) -> Result<ReservationState, String> {
    ReservationState::parse(s).ok_or_else(|| {
        let names: Vec<_> = ReservationState::ALL.iter().map(|st| st.as_str()).collect();
        format!("unknown state “{s}”; one of: {}", names.join(", "))
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("INNKEEP_LOG"))
        // Every line passes the redactor: no token, key or password reaches the terminal.
        .with_writer(|| innkeep_core::redact::RedactingWriter::new(std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            if let Some(field) = e.field {
                eprintln!("  (in {field})");
            }
            ExitCode::from(match e.kind {
                ErrorKind::Validation => 2,
                ErrorKind::Offline | ErrorKind::Unavailable | ErrorKind::RateLimited => 3,
                ErrorKind::Auth | ErrorKind::Keyring => 4,
                _ => 1,
            })
        }
    }
}

async fn open(data_dir: Option<PathBuf>) -> Result<Innkeep, AppError> {
    let dir = data_dir.unwrap_or_else(innkeep_services::default_data_dir);
    Ok(Innkeep::new(Store::open(&dir).await?, SecretStore::default()))
}

async fn run(cli: Cli) -> Result<(), AppError> {
    if let Command::Sandbox { port, seed, today } = cli.command {
        return serve_sandbox(port, seed, today).await;
    }
    let app = open(cli.data_dir).await?;
    match cli.command {
        Command::Sandbox { .. } => unreachable!("handled above"),
        Command::Account(cmd) => account(&app, cmd).await,
        Command::Sync { account, full } => sync(&app, account, full).await,
        Command::Reservations { from, to, search, state, account, format } => {
            let query = ReservationQuery {
                search,
                from: from.map(|d| innkeep_core::validate::parse_date("from", &d)).transpose()?,
                to: to.map(|d| innkeep_core::validate::parse_date("to", &d)).transpose()?,
                states: state,
                account_id: account,
                sort: ReservationSort::Arrival,
                ..Default::default()
            };
            output::reservations(&app.reservations(&query).await?, format);
            Ok(())
        }
        Command::Guests { search, format } => {
            output::guests(&app.guests(search.as_deref()).await?, format);
            Ok(())
        }
        Command::Rooms { account, format } => {
            output::rooms(&app.rooms(account).await?, format);
            Ok(())
        }
        Command::Book(args) => book(&app, args).await,
        Command::Cancel { reservation_id, reason, override_late } => {
            let r = app.act(reservation_id, ReservationAction::Cancel { reason, override_late }).await.map_err(
                |e| match e.kind {
                    ErrorKind::LateCancellation => {
                        AppError { message: format!("{} Add --override-late to cancel anyway.", e.message), ..e }
                    }
                    _ => e,
                },
            )?;
            println!("Cancelled reservation {} ({}).", r.number.as_deref().unwrap_or(&r.provider_id), r.state);
            Ok(())
        }
        Command::Act { reservation_id, action, arrival, departure, room, reason, text } => {
            let room_id = match room {
                Some(name) => {
                    let r = app.reservation_detail(reservation_id).await?.reservation;
                    Some(room_by_name(&app.rooms(r.account_id).await?.rooms, &name)?)
                }
                None => None,
            };
            let action = match action.as_str() {
                "confirm" => ReservationAction::Confirm,
                "reject" => ReservationAction::Reject { reason },
                "check-in" => ReservationAction::CheckIn,
                "check-out" => ReservationAction::CheckOut,
                "no-show" => ReservationAction::NoShow,
                "restore" => ReservationAction::Restore,
                "delete" => ReservationAction::Delete,
                "notes" => ReservationAction::EditNotes { notes: text.unwrap_or_default() },
                "move" => {
                    let r = app.reservation_detail(reservation_id).await?.reservation;
                    ReservationAction::Move {
                        arrival: arrival.unwrap_or_else(|| r.arrival.to_string()),
                        departure: departure.unwrap_or_else(|| r.departure.to_string()),
                        room_id,
                    }
                }
                other => {
                    return Err(AppError::validation(
                        "action",
                        format!("Unknown action “{other}”; one of: confirm, reject, check-in, check-out, no-show, move, restore, delete, notes."),
                    ))
                }
            };
            let r = app.act(reservation_id, action).await?;
            println!(
                "Reservation {}: {}, {} – {}.",
                r.number.as_deref().unwrap_or(&r.provider_id),
                r.state,
                r.arrival,
                r.departure
            );
            Ok(())
        }
        Command::EditGuest { guest_id, first_name, last_name, email, phone } => {
            let g = app.edit_guest(guest_id, &GuestEdit { first_name, last_name, email, phone }).await?;
            output::guests(&[g], Format::Table);
            Ok(())
        }
        Command::Changes { seen, format } => {
            let changes = app.what_changed().await?;
            output::changes(&changes, format);
            if seen {
                for a in &changes {
                    app.mark_changes_seen(a.account_id, a.changes.first().map(|c| c.id)).await?;
                }
            }
            Ok(())
        }
        Command::Activity { account, limit, format } => {
            output::activity(&app.activity(account, limit).await?, format);
            Ok(())
        }
    }
}

async fn serve_sandbox(port: u16, seed: u64, today: Option<NaiveDate>) -> Result<(), AppError> {
    let sandbox = innkeep_sandbox::start(innkeep_sandbox::SandboxConfig { seed, port, today })
        .await
        .map_err(|e| AppError::new(ErrorKind::Internal, format!("Cannot start the sandbox: {e}")))?;
    for p in sandbox.providers() {
        println!(
            "{}",
            serde_json::json!({"provider": p.provider, "base_url": p.base_url, "credentials": p.credentials})
        );
    }
    eprintln!("Serving the sandbox; press Ctrl+C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(())
}

async fn account(app: &Innkeep, cmd: AccountCommand) -> Result<(), AppError> {
    match cmd {
        AccountCommand::Add { provider, label, base_url } => {
            let provider = ProviderKind::parse(&provider).ok_or_else(|| {
                let known: Vec<_> = ProviderKind::ALL.iter().map(|p| p.as_str()).collect();
                AppError::validation("provider", format!("Unknown provider “{provider}”; known: {}.", known.join(", ")))
            })?;
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|e| AppError::validation("credentials", format!("Cannot read standard input: {e}")))?;
            let credentials: Credentials = serde_json::from_str(input.trim()).map_err(|e| {
                AppError::validation(
                    "credentials",
                    format!(
                        "Standard input must be a JSON object of strings with {} ({e}).",
                        innkeep_core::validate::credential_fields(provider).join(", ")
                    ),
                )
            })?;
            let account = app.add_account(&NewAccount { provider, label, base_url, credentials }).await?;
            println!("{}", account.id);
            Ok(())
        }
        AccountCommand::List { json } => {
            output::accounts(&app.accounts().await?, if json { Format::Json } else { Format::Table });
            Ok(())
        }
        AccountCommand::Remove { id } => {
            let account = app.account(id).await?;
            app.remove_account(id).await?;
            println!("Removed account {id} (“{}”), its keyring entry and its cached data.", account.label);
            Ok(())
        }
    }
}

fn print_progress(p: SyncProgress) {
    let windows =
        if p.windows_total > 0 { format!(", window {}/{}", p.windows_done, p.windows_total) } else { String::new() };
    let eta = p.eta_secs.map(|s| format!(", about {s} s left")).unwrap_or_default();
    let kind = match (p.full, p.resumed) {
        (_, true) => " (resumed)",
        (true, false) => " (full)",
        _ => "",
    };
    match p.phase {
        SyncPhase::Failed => {}
        SyncPhase::Finished => {
            eprintln!("\raccount {}: done{kind}, {} pages, {} reservations          ", p.account_id, p.pages, p.records)
        }
        SyncPhase::Cancelled => {
            eprintln!("\raccount {}: stopped after {} pages; the next sync goes on from there", p.account_id, p.pages)
        }
        phase => eprint!(
            "\raccount {}: {:?}{kind}, {} pages, {} reservations{windows}{eta}   ",
            p.account_id, phase, p.pages, p.records
        ),
    }
}

/// Syncs the accounts one after another; Ctrl+C stops the running sync after the request in
/// flight (what was read is kept; the next sync goes on from there).
async fn sync(app: &Innkeep, account: Option<i64>, full: bool) -> Result<(), AppError> {
    let ids = match account {
        Some(id) => vec![app.account(id).await?.id],
        None => app.accounts().await?.into_iter().map(|a| a.id).collect(),
    };
    if ids.is_empty() {
        return Err(AppError::validation(
            "account",
            "There are no accounts yet; add one with `innkeep-cli account add`.",
        ));
    }
    let stopped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (app, stopped, ids) = (app.clone(), stopped.clone(), ids.clone());
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stopped.store(true, std::sync::atomic::Ordering::SeqCst);
                for id in ids {
                    app.cancel_sync(id);
                }
            }
        })
    };
    let mut first_error = None;
    for id in ids {
        if stopped.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        match app.sync_account_with(id, full, &print_progress).await {
            Ok(r) if !r.cancelled && r.added + r.changed + r.removed > 0 => {
                eprintln!("account {id}: {} added, {} changed, {} removed", r.added, r.changed, r.removed)
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("\raccount {id}: sync failed: {}", e.message);
                first_error.get_or_insert(e);
            }
        }
    }
    watcher.abort();
    if stopped.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(AppError::new(ErrorKind::Internal, "Sync stopped (Ctrl+C); run it again to go on."));
    }
    first_error.map_or(Ok(()), Err)
}

async fn book(app: &Innkeep, a: BookArgs) -> Result<(), AppError> {
    let innkeep_core::RoomList { categories, rooms } = app.rooms(a.account).await?;
    let category = categories
        .iter()
        .find(|c| a.category.parse::<i64>().ok() == Some(c.id) || c.name.eq_ignore_ascii_case(&a.category))
        .ok_or_else(|| {
            let names: Vec<_> = categories.iter().map(|c| format!("{} ({})", c.name, c.id)).collect();
            AppError::validation(
                "category",
                format!("No room category “{}”; this account has: {}.", a.category, names.join(", ")),
            )
        })?;
    let room_id = a.room.as_deref().map(|name| room_by_name(&rooms, name)).transpose()?;
    let additional_room_ids = a.extra_rooms.iter().map(|name| room_by_name(&rooms, name)).collect::<Result<_, _>>()?;
    let additional_guests = a
        .extra_guests
        .iter()
        .map(|full| {
            let (first, last) = full.trim().rsplit_once(' ').unwrap_or(("", full.trim()));
            NewGuest { first_name: first.to_string(), last_name: last.to_string(), email: None, phone: None }
        })
        .collect();
    let guest = match (a.guest_id, &a.last_name) {
        (Some(id), _) => GuestChoice::Existing(id),
        (None, Some(last)) => GuestChoice::New(NewGuest {
            first_name: a.first_name.clone().unwrap_or_default(),
            last_name: last.clone(),
            email: a.email.clone(),
            phone: a.phone.clone(),
        }),
        (None, None) => {
            return Err(AppError::validation(
                "last_name",
                "Give --guest-id of an existing guest, or --last-name of a new one.",
            ))
        }
    };
    let draft = BookingDraft {
        account_id: a.account,
        category_id: category.id,
        room_id,
        arrival: a.arrival,
        departure: a.departure,
        adults: a.adults,
        children: a.children,
        guest,
        additional_guests,
        additional_room_ids,
        notes: a.notes,
    };
    if a.quote {
        let q = app.quote(&draft).await?;
        match a.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&q).unwrap_or_default()),
            _ => println!(
                "{} nights of {}: {} ({} rooms free)",
                q.nights,
                category.name,
                q.total.map(|t| t.to_string()).unwrap_or_else(|| "no price from the provider".into()),
                q.available_rooms
            ),
        }
        return Ok(());
    }
    let r = app.create_booking(&draft).await?;
    match a.format {
        Format::Table => println!(
            "Booked reservation {} (id {}): {} – {}, room {}, {}",
            r.number.as_deref().unwrap_or(&r.provider_id),
            r.id,
            r.arrival,
            r.departure,
            r.room_name.as_deref().unwrap_or("to be assigned"),
            r.total.as_ref().map(|t| t.to_string()).unwrap_or_default()
        ),
        _ => output::reservations(&[r], a.format),
    }
    Ok(())
}

fn room_by_name(rooms: &[innkeep_core::Room], name: &str) -> Result<i64, AppError> {
    rooms
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.id)
        .ok_or_else(|| AppError::validation("room", format!("No room “{name}” in this account.")))
}
