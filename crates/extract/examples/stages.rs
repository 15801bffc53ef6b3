//! Times the stages of `extract_report` over a directory of `.txt` reports (with `.meta.json`
//! sidecars for publication dates): `cargo run --release -p toll-extract --example stages -- DIR MB`.

use std::time::Instant;
use toll_extract::{dates, names, places, ReportContext};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "examples/reports".to_string());
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let g = toll_geo::Gazetteer::bundled().expect("gazetteer");
    let only = args.next();
    let mut reports = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("text");
        let meta = std::fs::read_to_string(p.with_extension("meta.json")).unwrap_or_default();
        let published = serde_json::from_str::<serde_json::Value>(&meta)
            .ok()
            .and_then(|v| v.get("published")?.as_str().map(str::to_string))
            .and_then(|s| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok());
        reports.push((text, published));
    }
    if only.as_deref() == Some("dump") {
        dump(&reports, &g);
        return;
    }
    let size: usize = reports.iter().map(|r| r.0.len()).sum();
    let passes = (mb * 1_000_000).div_ceil(size.max(1));
    let time = |label: &str, f: &dyn Fn(&str, Option<chrono::NaiveDate>) -> usize| {
        if only.as_ref().is_some_and(|o| !label.contains(o.as_str())) {
            return;
        }
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let mut n = 0;
        for _ in 0..passes {
            for (t, p) in &reports {
                n += f(t, *p);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_started;
        let per_mb = |s: f64| s * 1000.0 / (passes * size) as f64 * 1e6;
        println!(
            "{label:>24}: {:7.1} ms per MB, {:7.1} ms of CPU per MB  ({n})",
            per_mb(secs),
            per_mb(cpu)
        );
    };
    time("extract", &|t, _| toll_extract::extract(t).len());
    time("extract_report", &|t, p| {
        toll_extract::extract_report(
            t,
            &ReportContext {
                published: p,
                gazetteer: Some(&g),
                lang: None,
                url: None,
            },
        )
        .len()
    });
    time("no-gazetteer report", &|t, p| {
        toll_extract::extract_report(
            t,
            &ReportContext {
                published: p,
                gazetteer: None,
                lang: None,
                url: None,
            },
        )
        .len()
    });
    time("segment", &|t, _| toll_extract::segment::sentences(t).len());
    time("dates::scan", &|t, _| dates::scan(t).len());
    time("dates::reference+resolve", &|t, p| {
        let s = dates::scan(t);
        let r = dates::reference_from(t, &s, p, None);
        dates::resolve_mentions(t, &s, r.map(|x| x.0)).len()
    });
    time("places::find_places", &|t, _| {
        places::find_places(t, &g).len()
    });
    time("names", &|t, _| {
        names::unknown_place_names(t, Some(&g)).len()
    });
}

/// CPU time of this thread so far, in seconds (from `/proc`; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // the fields after the command name (which is in brackets): utime is the 12th
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Prints every stage's output for each report and for variants of it (for comparing builds).
fn dump(reports: &[(String, Option<chrono::NaiveDate>)], g: &toll_geo::Gazetteer) {
    for (k, (text, published)) in reports.iter().enumerate() {
        let mut variants = vec![text.clone(), text.to_uppercase(), text.to_lowercase()];
        // every word capitalised
        let mut caps = String::new();
        let mut prev_alpha = false;
        for c in text.chars() {
            if !prev_alpha {
                caps.extend(c.to_uppercase());
            } else {
                caps.push(c);
            }
            prev_alpha = c.is_alphanumeric();
        }
        variants.push(caps);
        // pieces cut at odd places
        let bounds: Vec<usize> = (0..text.len())
            .step_by(977)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for w in bounds.windows(3) {
            variants.push(text[w[0]..w[2]].to_string());
        }
        variants.push(text.replace(' ', "  ").replace('\n', " \n\t"));
        variants.push(text.replace('.', "").replace(',', " ,"));
        for (v, t) in variants.iter().enumerate() {
            for published in [
                *published,
                None,
                chrono::NaiveDate::from_ymd_opt(2020, 2, 29),
            ] {
                let context = ReportContext {
                    published,
                    gazetteer: Some(g),
                    lang: None,
                    url: None,
                };
                println!("== {k} {v} {published:?}");
                println!("{:?}", toll_extract::extract_report(t, &context));
                let s = dates::scan(t);
                let r = dates::reference_from(t, &s, published, None);
                println!("{r:?} {:?}", dates::resolve_mentions(t, &s, r.map(|x| x.0)));
            }
            println!("{:?}", names::unknown_place_names(t, Some(g)));
            println!("{:?}", names::unknown_place_names(t, None));
            for m in places::find_places(t, g) {
                println!(
                    "{:?} {:?} {} {} {}",
                    m.span,
                    m.place.map(|p| &p.name),
                    m.locative,
                    m.region_word,
                    m.dateline
                );
            }
        }
    }
}
