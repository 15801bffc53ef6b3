//! Where one incident page's server time goes, without HTTP: `cargo run --release -p toll-server
//! --example detail_cost -- DB IDS_FILE` times the store reads and view building, then the JSON
//! encoding, over every id in the file.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: detail_cost DB IDS_FILE")?;
    let ids_file = args.next().ok_or("usage: detail_cost DB IDS_FILE")?;
    let ids: Vec<String> = std::fs::read_to_string(ids_file)?
        .lines()
        .map(str::to_string)
        .collect();
    let store = toll_store::SqliteStore::open_read_only(std::path::Path::new(&db))?;
    use toll_store::Store;
    let (mut get, mut accts, mut texts) = (0.0, 0.0, 0.0);
    for id in &ids {
        let t = Instant::now();
        let rec = store.incident(id)?.ok_or("no incident")?;
        let _inc: toll_link::Incident = serde_json::from_str(&rec.summary_json)?;
        let t1 = Instant::now();
        let members = store.incident_accounts(id)?;
        let t2 = Instant::now();
        let mut docs: Vec<i64> = members.iter().map(|m| m.account.document_id).collect();
        docs.dedup();
        for d in docs {
            store.document_text(d)?;
        }
        get += (t1 - t).as_secs_f64();
        accts += (t2 - t1).as_secs_f64();
        texts += t2.elapsed().as_secs_f64();
    }
    let n = ids.len() as f64;
    println!(
        "incident+summary {:.0} µs, accounts {:.0} µs, texts {:.0} µs",
        get / n * 1e6,
        accts / n * 1e6,
        texts / n * 1e6
    );
    for round in 0..3 {
        let (mut build, mut encode, mut bytes) = (0.0, 0.0, 0usize);
        for id in &ids {
            let t = Instant::now();
            let detail = toll_server::view::incident_detail(&store, id)?;
            let t2 = Instant::now();
            let json = serde_json::to_vec(&detail)?;
            build += (t2 - t).as_secs_f64();
            encode += t2.elapsed().as_secs_f64();
            bytes += json.len();
        }
        let n = ids.len() as f64;
        println!(
            "round {round}: build {:.0} µs, encode {:.0} µs, {:.0} bytes per incident",
            build / n * 1e6,
            encode / n * 1e6,
            bytes as f64 / n
        );
    }
    if let Some(words_file) = args.next() {
        let words: Vec<String> = std::fs::read_to_string(words_file)?
            .lines()
            .map(str::to_string)
            .collect();
        for round in 0..3 {
            let t = Instant::now();
            let mut found = 0;
            for w in &words {
                let q = toll_store::IncidentQuery {
                    filter: Default::default(),
                    grade: None,
                    min_killed: None,
                    text: Some(w.clone()),
                    sort: toll_store::IncidentSort::Date,
                    descending: true,
                    offset: 0,
                    limit: 25,
                    published_only: false,
                };
                found += store.read_snapshot(|s| s.incident_page(&q))?.total;
            }
            println!(
                "search round {round}: {:.0} µs per query, {:.1} incidents found per query",
                t.elapsed().as_secs_f64() / words.len() as f64 * 1e6,
                found as f64 / words.len() as f64
            );
        }
    }
    Ok(())
}
