//! Whatever bytes a strike file holds, reading it never panics: it gives strikes or errors.

use proptest::prelude::*;
use toll_redress::strikes::{parse, Context, Format};

fn gazetteer() -> toll_geo::Gazetteer {
    let mut g = toll_geo::Gazetteer::empty();
    let _ = g.add_user_places("Mosul\t\t36.34\t43.13\tIQ\n");
    g
}

/// Text made of pieces that releases and logs are made of, so that the readers get far.
fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Near Mosul, ".to_string()),
        Just("three strikes engaged ".to_string()),
        Just("On Mar. 17, ".to_string()),
        Just("March 18, 2017".to_string()),
        Just("between March 9-15".to_string()),
        Just("In Iraq, ".to_string()),
        Just("participated in these strikes: France, ".to_string()),
        Just("CJTF-OIR ".to_string()),
        Just("\n".to_string()),
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("38SLF".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn releases_never_panic(text in pieces()) {
        let g = gazetteer();
        let cx = Context { file: "f", belligerent: None, url: None };
        let _ = parse(text.as_bytes(), Format::Release, &cx, &g);
    }

    #[test]
    fn tables_never_panic(text in pieces(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let g = gazetteer();
        let cx = Context { file: "f", belligerent: Some("b"), url: None };
        let csv = format!("date,place,lat,lon,mgrs,nations\n{text}");
        let _ = parse(csv.as_bytes(), Format::Csv, &cx, &g);
        let _ = parse(&bytes, Format::Csv, &cx, &g);
        let _ = parse(text.as_bytes(), Format::Jsonl, &cx, &g);
        let _ = parse(&bytes, Format::Jsonl, &cx, &g);
    }

    #[test]
    fn mgrs_never_panics(text in "[0-9]{0,3}[A-Z]{0,4}[0-9 ]{0,14}", other in "\\PC{0,20}") {
        let _ = toll_redress::mgrs::parse(&text);
        let _ = toll_redress::mgrs::parse(&other);
    }
}
