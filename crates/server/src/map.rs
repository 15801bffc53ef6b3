//! Small locator maps drawn from the gazetteer the repository ships: the incident's point, the towns
//! around it (GeoNames populated places, largest first), an uncertainty ring sized by `where_prec`,
//! and a scale bar. No tiles, no requests to anyone.

use std::collections::HashMap;
use toll_geo::{Gazetteer, PlaceKind};

/// Width of a map in SVG units.
pub const WIDTH: f64 = 480.0;
/// Height of a map in SVG units.
pub const HEIGHT: f64 = 300.0;
/// Towns kept per one-degree cell (the largest).
const PER_CELL: usize = 24;
/// Towns labelled on one map.
const LABELS: usize = 12;
/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.32;

/// A town that can appear on a map.
#[derive(Debug, Clone, PartialEq)]
struct Town {
    name: String,
    lat: f64,
    lon: f64,
    population: u64,
}

/// Towns indexed by one-degree cell, for drawing maps.
#[derive(Debug, Default)]
pub struct Atlas {
    cells: HashMap<(i32, i32), Vec<Town>>,
}

/// A labelled dot on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDot {
    /// x in SVG units.
    pub x: f64,
    /// y in SVG units.
    pub y: f64,
    /// Dot radius.
    pub r: f64,
    /// Label (empty: no label, too close to another).
    pub label: String,
    /// x of the label.
    pub label_x: f64,
    /// `start` or `end`: which side of the dot the label goes.
    pub anchor: &'static str,
}

/// One map, ready for a template.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    /// Width in SVG units.
    pub width: f64,
    /// Height in SVG units.
    pub height: f64,
    /// Towns around the incident.
    pub towns: Vec<MapDot>,
    /// The incident's point.
    pub marker: MapDot,
    /// Radius of the uncertainty ring (where the event may be, given `where_prec`).
    pub ring: f64,
    /// Other places that accounts give, when they differ from the incident's.
    pub others: Vec<MapDot>,
    /// Length of the scale bar in SVG units.
    pub scale_px: f64,
    /// What the scale bar measures (`20 km`).
    pub scale_label: String,
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (lat.floor() as i32, lon.floor() as i32)
}

/// Half the height of the map, in degrees of latitude, for a `where_prec`.
fn half_span(where_prec: Option<u8>) -> f64 {
    match where_prec {
        Some(1) => 0.3,
        Some(2) => 0.45,
        Some(3) => 0.8,
        Some(4) | Some(5) => 2.0,
        _ => 5.0,
    }
}

/// How far from its point the event may be, in km, for a `where_prec` (the ring on the map).
fn uncertainty_km(where_prec: Option<u8>) -> f64 {
    match where_prec {
        Some(1) => 2.0,
        Some(2) => 8.0,
        Some(3) => 25.0,
        Some(4) | Some(5) => 100.0,
        _ => 300.0,
    }
}

impl Atlas {
    /// An atlas with no towns (maps show only the incident).
    pub fn empty() -> Atlas {
        Atlas::default()
    }

    /// The populated places and user places of a gazetteer, the largest of each cell.
    pub fn from_gazetteer(g: &Gazetteer) -> Atlas {
        let mut cells: HashMap<(i32, i32), Vec<Town>> = HashMap::new();
        for id in 0..g.len() {
            let Some(p) = u32::try_from(id).ok().and_then(|i| g.place(i)) else {
                continue;
            };
            if !matches!(p.kind, PlaceKind::City | PlaceKind::User) || !p.lat.is_finite() {
                continue;
            }
            cells.entry(cell(p.lat, p.lon)).or_default().push(Town {
                name: p.name.to_string(),
                lat: p.lat,
                lon: p.lon,
                population: p.population,
            });
        }
        for towns in cells.values_mut() {
            towns.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
            towns.dedup_by(|a, b| a.name == b.name);
            towns.truncate(PER_CELL);
        }
        Atlas { cells }
    }

    /// The map around a point, with other places (`(lat, lon, name)`) the accounts give.
    pub fn locator(
        &self,
        lat: f64,
        lon: f64,
        where_prec: Option<u8>,
        place: &str,
        others: &[(f64, f64, String)],
    ) -> MapView {
        let half_lat = half_span(where_prec);
        let cos = lat.to_radians().cos().abs().max(0.2);
        // the map's aspect ratio holds in kilometres: longitude spans more degrees where they shrink
        let half_lon = half_lat * (WIDTH / HEIGHT) / cos;
        let project = |la: f64, lo: f64| -> (f64, f64) {
            (
                (lo - (lon - half_lon)) / (2.0 * half_lon) * WIDTH,
                ((lat + half_lat) - la) / (2.0 * half_lat) * HEIGHT,
            )
        };
        let inside = |la: f64, lo: f64| (la - lat).abs() < half_lat && (lo - lon).abs() < half_lon;
        let mut towns: Vec<&Town> = Vec::new();
        let (c0, c1) = (
            cell(lat - half_lat, lon - half_lon),
            cell(lat + half_lat, lon + half_lon),
        );
        for la in c0.0..=c1.0 {
            for lo in c0.1..=c1.1 {
                if let Some(cs) = self.cells.get(&(la, lo)) {
                    towns.extend(cs.iter().filter(|t| inside(t.lat, t.lon)));
                }
            }
        }
        towns.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
        let (mx, my) = project(lat, lon);
        let marker = dot(mx, my, 6.0, place.to_string());
        // the marker, its ring and its label (drawn above the point) are kept clear of town labels
        let mut taken: Vec<Area> = vec![
            Area::around(mx, my, 12.0),
            Area::of_label(&marker, marker.y - 8.0),
        ];
        let mut dots = Vec::new();
        let mut labelled = 0;
        for t in towns.into_iter().take(LABELS * 3) {
            let (x, y) = project(t.lat, t.lon);
            if t.name == place && (x - mx).abs() < 4.0 && (y - my).abs() < 4.0 {
                continue;
            }
            let mut d = dot(x, y, town_radius(t.population), t.name.clone());
            let body = Area::around(x, y, d.r);
            // no dot half off the edge, and none under the marker or its label
            if x < d.r + 2.0 || x > WIDTH - d.r - 2.0 || y < d.r + 2.0 || y > HEIGHT - d.r - 2.0 {
                continue;
            }
            if taken[..2].iter().any(|b| b.overlaps(&body)) {
                continue;
            }
            let label = Area::of_label(&d, d.y + 4.0);
            if labelled < LABELS && !taken.iter().any(|b| b.overlaps(&label)) {
                taken.push(label);
                taken.push(Area::around(x, y, d.r + 1.0));
                labelled += 1;
            } else {
                d.label.clear();
            }
            dots.push(d);
        }
        let px_per_km = HEIGHT / (2.0 * half_lat * KM_PER_DEGREE);
        let scale_km = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
            .into_iter()
            .rfind(|km| km * px_per_km <= WIDTH / 4.0)
            .unwrap_or(1.0);
        let mut shown_others: Vec<MapDot> = Vec::new();
        for (la, lo, name) in others {
            if name == place || !inside(*la, *lo) || shown_others.iter().any(|o| o.label == *name) {
                continue;
            }
            let (x, y) = project(*la, *lo);
            let d = dot(x, y, 4.0, name.clone());
            // accounts' places win over towns: a town label under one is dropped
            let label = Area::of_label(&d, d.y + 4.0);
            for t in dots.iter_mut() {
                if Area::of_label(t, t.y + 4.0).overlaps(&label) {
                    t.label.clear();
                }
            }
            shown_others.push(d);
        }
        let others = shown_others;
        MapView {
            width: WIDTH,
            height: HEIGHT,
            towns: dots,
            marker,
            ring: (uncertainty_km(where_prec) * px_per_km).clamp(8.0, HEIGHT / 2.0),
            others,
            scale_px: scale_km * px_per_km,
            scale_label: format!("{scale_km:.0} km"),
        }
    }
}

/// A rectangle on the map, to keep labels from covering each other.
#[derive(Debug, Clone, Copy)]
struct Area {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Area {
    fn around(x: f64, y: f64, r: f64) -> Area {
        Area {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    /// Where a dot's label is drawn (baseline `y`), at about 6.5 units per character.
    fn of_label(d: &MapDot, y: f64) -> Area {
        let w = 6.5 * d.label.chars().count() as f64;
        let (x0, x1) = if d.anchor == "end" {
            (d.label_x - w, d.label_x)
        } else {
            (d.label_x, d.label_x + w)
        };
        Area {
            x0,
            y0: y - 11.0,
            x1,
            y1: y + 3.0,
        }
    }

    fn overlaps(&self, o: &Area) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

fn town_radius(population: u64) -> f64 {
    match population {
        p if p >= 1_000_000 => 4.5,
        p if p >= 100_000 => 3.5,
        p if p >= 10_000 => 2.5,
        _ => 1.8,
    }
}

fn dot(x: f64, y: f64, r: f64, label: String) -> MapDot {
    // labels go right of the dot, or left near the right edge
    let (label_x, anchor) = if x > WIDTH * 0.7 {
        (x - r - 4.0, "end")
    } else {
        (x + r + 4.0, "start")
    };
    MapDot {
        x: (x * 10.0).round() / 10.0,
        y: (y * 10.0).round() / 10.0,
        r,
        label,
        label_x: (label_x * 10.0).round() / 10.0,
        anchor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Result<Atlas, Box<dyn std::error::Error>> {
        let mut g = Gazetteer::empty();
        g.add_user_places(
            "Alpha\t\t36.20\t42.95\tIQ\nBeta\t\t36.50\t43.40\tIQ\nFar\t\t30.0\t40.0\tIQ\n",
        )?;
        Ok(Atlas::from_gazetteer(&g))
    }

    #[test]
    fn the_incident_sits_in_the_middle_with_its_neighbours_around(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let map = atlas()?.locator(36.35, 43.15, Some(1), "Gamma", &[]);
        assert_eq!((map.marker.x, map.marker.y), (WIDTH / 2.0, HEIGHT / 2.0));
        let names: Vec<&str> = map.towns.iter().map(|t| t.label.as_str()).collect();
        assert!(
            names.contains(&"Alpha") && names.contains(&"Beta"),
            "{names:?}"
        );
        assert!(!names.contains(&"Far"));
        // Alpha is south-west of the point: left of and below the middle
        let alpha = map
            .towns
            .iter()
            .find(|t| t.label == "Alpha")
            .ok_or("Alpha")?;
        assert!(alpha.x < WIDTH / 2.0 && alpha.y > HEIGHT / 2.0);
        assert!(map.scale_px > 0.0 && map.scale_px <= WIDTH / 4.0);
        Ok(())
    }

    #[test]
    fn coarse_places_get_wider_maps_and_rings() -> Result<(), Box<dyn std::error::Error>> {
        let a = atlas()?;
        let town = a.locator(36.35, 43.15, Some(1), "x", &[]);
        let country = a.locator(36.35, 43.15, Some(6), "x", &[]);
        assert!(country.ring >= town.ring);
        assert!(country.scale_label != town.scale_label);
        Ok(())
    }

    #[test]
    fn an_empty_atlas_still_draws_the_incident() {
        let map = Atlas::empty().locator(0.0, 0.0, None, "Somewhere", &[]);
        assert!(map.towns.is_empty());
        assert_eq!(map.marker.label, "Somewhere");
    }
}
