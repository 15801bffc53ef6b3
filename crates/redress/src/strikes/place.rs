//! Where a declared strike was: a place name resolved through the gazetteer (user places first,
//! then GeoNames by population, in the declared country when one is), coordinates, or MGRS.

use toll_geo::{Gazetteer, PlaceKind};

/// A strike's resolved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The name as the gazetteer knows it (or as declared, for coordinates).
    pub name: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// UCDP `where_prec`.
    pub where_prec: u8,
    /// ISO alpha-2 country.
    pub country: Option<String>,
}

/// Resolves a place name, in `country` when given. `near` ("Near Mosul") makes a town's point
/// precision 2 at best: the strike was somewhere around it.
pub fn resolve(
    gazetteer: &Gazetteer,
    name: &str,
    country: Option<&str>,
    near: bool,
) -> Option<Located> {
    let places = gazetteer.lookup(name);
    // a town before a region or country of the same name ("Kirkuk" the city, not the
    // governorate), user places first, each kind in the gazetteer's order (largest first)
    let in_country =
        |p: &&&toll_geo::Place| country.is_none_or(|c| p.country.eq_ignore_ascii_case(c));
    let chosen = [
        PlaceKind::User,
        PlaceKind::City,
        PlaceKind::Region,
        PlaceKind::Country,
    ]
    .iter()
    .find_map(|kind| places.iter().filter(in_country).find(|p| p.kind == *kind))?;
    let mut where_prec = chosen.where_prec();
    if near && where_prec < 2 {
        where_prec = 2;
    }
    Some(Located {
        name: Some(chosen.name.to_string()),
        lat: chosen.lat,
        lon: chosen.lon,
        where_prec,
        country: Some(chosen.country.to_string()),
    })
}

/// The country a name or code names ("Iraq", "IQ"), as ISO alpha-2.
pub fn country_code(gazetteer: &Gazetteer, text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(t.to_ascii_uppercase());
    }
    if let Some(code) = crate::nations::nation_code(t) {
        return Some(code.to_string());
    }
    gazetteer
        .lookup(t)
        .iter()
        .find(|p| p.kind == PlaceKind::Country)
        .map(|p| p.country.to_string())
}
