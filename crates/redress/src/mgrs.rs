//! A small MGRS (Military Grid Reference System) reader: `38SLF4619070546` → latitude and
//! longitude (WGS84).
//!
//! An MGRS reference is a UTM zone (1–60) and latitude band (C–X), a 100 km square (column and row
//! letters), and an even number of digits: half easting, half northing within the square (2 digits:
//! 10 km, 10 digits: 1 m). The square's letters give the easting and the northing modulo 2,000 km;
//! the band tells which 2,000 km cycle (the minimum northing of each band, as in the NGA's
//! MGRS tables, used by proj4js's `mgrs`). UTM is then inverted with the usual series for the WGS84
//! ellipsoid (Snyder, *Map Projections: A Working Manual*, USGS 1987, pp. 63–64). Precision is the
//! grid's: the point returned is the square's south-west corner plus half its size.
//!
//! No maintained, lean Rust crate for MGRS was in the dependency tree, so this one is ours.

/// A point read from an MGRS reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MgrsPoint {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// The size of the grid square the reference names, metres (1 to 100,000).
    pub precision_m: f64,
}

/// Column letters of the 100 km squares (I and O are not used).
const COLUMNS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Row letters of the 100 km squares.
const ROWS: &[u8] = b"ABCDEFGHJKLMNPQRSTUV";
/// Latitude bands, 8° each from 80°S (X is 12°).
const BANDS: &[u8] = b"CDEFGHJKLMNPQRSTUVWX";
/// The lowest northing (metres, modulo the 2,000 km cycle resolved) of each band, C to X.
const MIN_NORTHING: [f64; 20] = [
    1_100_000.0,
    2_000_000.0,
    2_800_000.0,
    3_700_000.0,
    4_600_000.0,
    5_500_000.0,
    6_400_000.0,
    7_300_000.0,
    8_200_000.0,
    9_100_000.0,
    0.0,
    800_000.0,
    1_700_000.0,
    2_600_000.0,
    3_500_000.0,
    4_400_000.0,
    5_300_000.0,
    6_200_000.0,
    7_000_000.0,
    7_900_000.0,
];

/// Reads an MGRS reference (spaces allowed: `38S LF 46190 70546`). The error says what is wrong.
pub fn parse(reference: &str) -> Result<MgrsPoint, String> {
    let s: String = reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let bad = |why: &str| format!("MGRS {reference:?}: {why}");
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return Err(bad("it starts with a zone number 1–60"));
    }
    let zone: u32 = s[..digits].parse().map_err(|_| bad("bad zone"))?;
    if !(1..=60).contains(&zone) {
        return Err(bad("the zone must be 1–60"));
    }
    let rest = &b[digits..];
    if rest.len() < 3 {
        return Err(bad(
            "a band letter and two square letters must follow the zone",
        ));
    }
    let band = BANDS
        .iter()
        .position(|&c| c == rest[0])
        .ok_or_else(|| bad("the band letter must be C–X (not I or O)"))?;
    let col = COLUMNS
        .iter()
        .position(|&c| c == rest[1])
        .ok_or_else(|| bad("bad 100 km column letter"))?;
    let row = ROWS
        .iter()
        .position(|&c| c == rest[2])
        .ok_or_else(|| bad("bad 100 km row letter"))?;
    let numbers = &rest[3..];
    if !numbers.len().is_multiple_of(2)
        || numbers.len() > 10
        || !numbers.iter().all(u8::is_ascii_digit)
    {
        return Err(bad("an even number of digits (0–10) must end it"));
    }
    let half = numbers.len() / 2;
    let scale = 10f64.powi(5 - half as i32);
    let value = |d: &[u8]| -> f64 {
        d.iter()
            .fold(0f64, |acc, &c| acc * 10.0 + f64::from(c - b'0'))
    };
    let (e_digits, n_digits) = numbers.split_at(half);
    let precision_m = scale;
    // half a square: the square's middle
    let easting_in = if half == 0 {
        0.0
    } else {
        value(e_digits) * scale
    } + precision_m / 2.0;
    let northing_in = if half == 0 {
        0.0
    } else {
        value(n_digits) * scale
    } + precision_m / 2.0;

    // the column letter's set repeats every three zones: A–H, J–R, S–Z
    let set = ((zone - 1) % 3) as usize;
    let col_in_set = col
        .checked_sub(set * 8)
        .filter(|c| *c < 8)
        .ok_or_else(|| bad("the column letter is not one of this zone's"))?;
    let easting = (col_in_set as f64 + 1.0) * 100_000.0 + easting_in;
    // rows start at A in odd zones, at F in even ones, and repeat every 2,000 km
    let offset = if zone.is_multiple_of(2) { 5 } else { 0 };
    let row_index = (row + ROWS.len() - offset) % ROWS.len();
    let mut northing = row_index as f64 * 100_000.0;
    while northing < MIN_NORTHING[band] {
        northing += 2_000_000.0;
    }
    northing += northing_in;
    let north = rest[0] >= b'N';
    let (lat, lon) = utm_to_latlon(zone, north, easting, northing);
    if !(lat.is_finite() && lon.is_finite()) {
        return Err(bad("the reference gives no point"));
    }
    Ok(MgrsPoint {
        lat,
        lon,
        precision_m,
    })
}

/// Inverts UTM (WGS84): zone, hemisphere, easting and northing in metres → latitude, longitude.
pub fn utm_to_latlon(zone: u32, north: bool, easting: f64, northing: f64) -> (f64, f64) {
    let a = 6_378_137.0_f64;
    let f: f64 = 1.0 / 298.257_223_563;
    let k0: f64 = 0.9996;
    let e2 = f * (2.0 - f);
    let ep2 = e2 / (1.0 - e2);
    let x = easting - 500_000.0;
    let y = if north {
        northing
    } else {
        northing - 10_000_000.0
    };
    let m = y / k0;
    let mu = m / (a * (1.0 - e2 / 4.0 - 3.0 * e2 * e2 / 64.0 - 5.0 * e2.powi(3) / 256.0));
    let e1 = (1.0 - (1.0 - e2).sqrt()) / (1.0 + (1.0 - e2).sqrt());
    let phi1 = mu
        + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
        + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
        + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
        + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
    let (sin1, cos1, tan1) = (phi1.sin(), phi1.cos(), phi1.tan());
    let n1 = a / (1.0 - e2 * sin1 * sin1).sqrt();
    let t1 = tan1 * tan1;
    let c1 = ep2 * cos1 * cos1;
    let r1 = a * (1.0 - e2) / (1.0 - e2 * sin1 * sin1).powf(1.5);
    let d = x / (n1 * k0);
    let lat = phi1
        - (n1 * tan1 / r1)
            * (d * d / 2.0
                - (5.0 + 3.0 * t1 + 10.0 * c1 - 4.0 * c1 * c1 - 9.0 * ep2) * d.powi(4) / 24.0
                + (61.0 + 90.0 * t1 + 298.0 * c1 + 45.0 * t1 * t1 - 252.0 * ep2 - 3.0 * c1 * c1)
                    * d.powi(6)
                    / 720.0);
    let lon = (d - (1.0 + 2.0 * t1 + c1) * d.powi(3) / 6.0
        + (5.0 - 2.0 * c1 + 28.0 * t1 - 3.0 * c1 * c1 + 8.0 * ep2 + 24.0 * t1 * t1) * d.powi(5)
            / 120.0)
        / cos1;
    let central = f64::from(zone) * 6.0 - 183.0;
    (lat.to_degrees(), central + lon.to_degrees())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(p: &MgrsPoint, lat: f64, lon: f64, tol: f64) -> bool {
        (p.lat - lat).abs() < tol && (p.lon - lon).abs() < tol
    }

    #[test]
    fn the_origin_reads_back() -> Result<(), String> {
        // 0°N 0°E is 31N 166021 mE 0 mN in UTM
        let p = parse("31NAA6602100000")?;
        assert!(near(&p, 0.0, 0.0, 0.0001), "{p:?}");
        Ok(())
    }

    #[test]
    fn the_washington_monument_reads_back() -> Result<(), String> {
        // the US National Grid's own example: 18S UJ 23487 06483, the Washington Monument
        let p = parse("18S UJ 23487 06483")?;
        assert!(near(&p, 38.8895, -77.0352, 0.0005), "{p:?}");
        assert_eq!(p.precision_m, 1.0);
        Ok(())
    }

    #[test]
    fn a_point_in_mosul_reads_back() -> Result<(), String> {
        // Mosul's old city (36.34°N 43.13°E) lies in zone 38S, square LF
        let p = parse("38SLF")?;
        assert_eq!(p.precision_m, 100_000.0);
        let p = parse("38SLF 4 2")?;
        assert!(
            p.lat > 36.0 && p.lat < 37.0 && p.lon > 42.5 && p.lon < 43.5,
            "{p:?}"
        );
        Ok(())
    }

    #[test]
    fn bad_references_are_refused_with_reasons() {
        for bad in ["", "61SLF", "38ILF", "38SLF123", "38SAF12", "XX", "38S"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
