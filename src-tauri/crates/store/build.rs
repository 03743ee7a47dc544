// `sqlx::migrate!` embeds the migrations at compile time; without this a new migration file
// would not rebuild the crate, and the cache would silently miss it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
