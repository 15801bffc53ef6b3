//! Event places resolved against the bundled GeoNames gazetteer, on sentences written for these
//! tests (illustrative, not quoted from any report).

use chrono::NaiveDate;
use toll_extract::{extract_report, ReportContext};
use toll_geo::Gazetteer;

/// The place (gazetteer name, where_prec, country) of each account of `text`.
fn places(text: &str) -> Vec<Option<(String, u8, String)>> {
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let context = ReportContext {
        published: NaiveDate::from_ymd_opt(2024, 5, 10),
        gazetteer: Some(&gazetteer),
        lang: None,
        url: None,
    };
    extract_report(text, &context)
        .into_iter()
        .map(|a| a.place.map(|p| (p.name, p.precision, p.country)))
        .collect()
}

fn one(text: &str) -> (String, u8, String) {
    let found = places(text);
    assert_eq!(found.len(), 1, "one account in {text:?}: {found:?}");
    found
        .into_iter()
        .next()
        .flatten()
        .unwrap_or_else(|| panic!("no place for {text:?}"))
}

#[test]
fn a_city_named_like_its_region_is_the_city() {
    let (name, prec, country) =
        one("An air strike on a hospital in Aleppo killed 27 people on Wednesday.");
    assert_eq!((name.as_str(), prec, country.as_str()), ("Aleppo", 2, "SY"));
    let (_, prec, _) = one("Shelling killed 4 people in rebel-held Aleppo overnight.");
    assert_eq!(prec, 2);
}

#[test]
fn a_region_word_keeps_the_region() {
    let (_, prec, country) = one("Air strikes killed 9 people in Aleppo province on Wednesday.");
    assert_eq!((prec, country.as_str()), (4, "SY"));
    let (_, prec, _) = one("Air strikes killed 9 people in the province of Aleppo on Wednesday.");
    assert_eq!(prec, 4);
}

#[test]
fn a_small_city_is_not_read_for_its_large_region() {
    // Idlib city is a small part of Idlib governorate: the name stays the region
    let (_, prec, _) = one("Russian jets killed 12 civilians in Idlib on Sunday.");
    assert_eq!(prec, 4);
}

#[test]
fn a_reference_point_after_a_place_does_not_take_its_place() {
    let text = "The strike hit Hawija, near the city of Kirkuk, last year.\n\
                A bomb dropped on a workshop killed 70 people, the ministry said.";
    let (name, _, _) = one(text);
    assert!(name.contains("awījah") || name.contains("awija"), "{name}");
}

#[test]
fn a_name_after_according_to_or_before_said_is_a_source() {
    // "Kirkuk said": a speaker; the account is placed by the town it names
    let text = "Kirkuk said on Monday that a strike in Hawija killed 70 people.";
    let (name, _, _) = one(text);
    assert!(name.contains("awījah") || name.contains("awija"), "{name}");
    let text = "Strikes in Syria\n\nThe raids killed 80 people, according to Raqqa monitors.";
    let (name, prec, _) = one(text);
    assert_eq!((name.as_str(), prec), ("Syria", 6));
}

#[test]
fn a_country_named_before_an_account_turns_away_a_later_foreign_city() {
    let text =
        "In March, the military struck the last hold-out in Baghuz, Syria. Officials said only \
                four civilians were killed.\n\nAfter the drone attack in Kabul, questions remain.";
    let (name, prec, country) = one(text);
    assert_eq!((name.as_str(), prec, country.as_str()), ("Syria", 6, "SY"));
}

#[test]
fn of_equal_countries_the_one_named_first_leads() {
    // one city each: Mosul is named first, so the strike is in Iraq, not at the later comparison
    let text = "Strike in Mosul\n\nThe raid killed 12 people. It recalled an attack in Kabul.";
    let (name, _, country) = one(text);
    assert_eq!((name.as_str(), country.as_str()), ("Mosul", "IQ"));
}

#[test]
fn a_persons_name_is_not_a_place_anywhere_in_the_report() {
    // "Austin" after a title and an initial is Lloyd Austin, here and later on
    let text = "A drone strike in Kabul killed 10 civilians on Sunday.\n\n\
                Defense Secretary Lloyd J. Austin III apologised. Later Austin ordered a review \
                of the strike that killed 10 people.";
    for place in places(text) {
        let (name, _, country) = place.expect("a place");
        assert_eq!((name.as_str(), country.as_str()), ("Kabul", "AF"));
    }
}

#[test]
fn a_name_after_said_is_a_speaker() {
    let text =
        "A drone strike in Kabul killed 10 civilians on Sunday, said Marcus Bell, an analyst.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Kabul");
}

#[test]
fn the_full_stops_of_an_abbreviation_do_not_make_a_name() {
    // "U.S." is not read as initials joining a name
    let text = "U.S. aircraft struck the town of Hawija, killing 70 people.";
    let (name, _, country) = one(text);
    assert!(name.contains("awījah") || name.contains("awija"), "{name}");
    assert_eq!(country, "IQ");
}

#[test]
fn a_report_about_two_countries_places_an_account_in_the_second() {
    // the report is led by Syria, but names Iraqi places twice: an account in Mosul is in Mosul
    let text = "Strikes in Syria and Iraq\n\nA strike on a mosque in Aleppo killed 42 people in \
                Syria. In Iraq, a strike in Mosul killed 105 people, officials in Baghdad said.";
    let found = places(text);
    let names: Vec<String> = found.into_iter().flatten().map(|p| p.0).collect();
    assert_eq!(names, vec!["Aleppo".to_string(), "Mosul".to_string()]);
}

#[test]
fn a_foreign_place_named_once_does_not_place_an_account() {
    // "Abbey" is a town in Sudan as well; named once, in a report about Kabul, it is not the place
    let text =
        "Bombing in Kabul\n\nA suicide bomber struck crowds at Abbey Gate in Kabul, killing \
                more than 170 people.";
    let (name, _, country) = one(text);
    assert_eq!((name.as_str(), country.as_str()), ("Kabul", "AF"));
}

#[test]
fn an_ambiguous_name_does_not_vote_for_its_own_largest_reading() {
    // "Qana" is also Qina in Egypt, far larger; named four times, it still does not make the
    // report Egyptian: the Lebanese context chooses the Lebanese village
    let text = "Qana air strike\n\nThe Qana strike hit the south Lebanese village of Qana. \
                Qana was hit at night. The raid on Qana killed 28 people.";
    let (name, _, country) = one(text);
    assert_eq!(country, "LB", "{name}");
}

#[test]
fn a_small_town_abroad_that_nothing_supports_is_not_the_place() {
    // "al-Jinah" reads as Jina, a town in Romania; the report is about Syria
    let text =
        "Strike on mosque\n\nA U.S. air strike on a mosque complex in northern Syria killed \
                38 people. Researchers visited the village of al-Jinah.";
    let (name, prec, country) = one(text);
    assert_eq!((name.as_str(), prec, country.as_str()), ("Syria", 6, "SY"));
}

#[test]
fn articles_hyphenated_or_glued_onto_a_name_are_read() {
    for text in [
        "A strike killed 12 people in Deir ez-Zor on Monday.",
        "A strike killed 12 people in Deir Ezzor on Monday.",
    ] {
        let (name, prec, country) = one(text);
        assert_eq!(
            (name.as_str(), prec, country.as_str()),
            ("Deir ez-Zor", 2, "SY"),
            "{text}"
        );
    }
}

/// The toponyms of `text` as (matched text, gazetteer name, country).
fn toponyms(text: &str) -> Vec<(String, String, String)> {
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    toll_extract::places::find_places(text, &gazetteer)
        .into_iter()
        .filter_map(|m| {
            let p = m.place?;
            Some((
                m.span.slice(text).to_string(),
                p.name.to_string(),
                p.country.to_string(),
            ))
        })
        .collect()
}

#[test]
fn a_countrys_name_is_the_country_not_a_town_abroad() {
    // "Iraq" is also a name of Arāk in Iran, "Iran" one of Iraan in Texas
    let found = toponyms("The war between Iran and Iraq lasted eight years. Iraq and Iran agreed.");
    assert!(!found.is_empty());
    for (matched, _, country) in &found {
        let expected = if matched == "Iraq" { "IQ" } else { "IR" };
        assert_eq!(country, expected, "{found:?}");
    }
}

#[test]
fn a_city_written_by_its_own_name_beats_a_small_town_chosen_by_context() {
    // Strasburg is a small German town; the report's German context does not make
    // "Strasbourg" that town
    let found = toponyms(
        "Relatives from Germany travelled from Berlin and Bonn to the court in Strasbourg.",
    );
    let strasbourg = found.iter().find(|f| f.0 == "Strasbourg");
    assert_eq!(strasbourg.map(|f| f.2.as_str()), Some("FR"), "{found:?}");
}

#[test]
fn common_words_and_date_abbreviations_are_not_towns() {
    let text = "War Leaves Families Homeless Up North\n\
                On Jan 5, Xinhua reported that fighting in Hit killed 12 civilians.";
    let found = toponyms(text);
    let matched: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(matched, vec!["Hit"], "{found:?}");
    assert_eq!(found[0].2, "IQ");
}

#[test]
fn a_person_is_never_the_place() {
    // a speaker of two words, after a comma; a first name before a known name
    let text = "Strike on camp in Rann\n\nOne resident, Abba Kyari, told reporters that 25 people \
                were killed. Lloyd Austin ordered a review.";
    let found = toponyms(text);
    assert!(found.iter().all(|f| f.0 == "Rann"), "{found:?}");
}

#[test]
fn a_wire_dateline_is_not_the_event_place() {
    let text = "Kano, Nigeria (Reuters) - An air strike on a camp in Rann killed at least 70 \
                people on Tuesday.";
    let (name, _, country) = one(text);
    assert_eq!((name.as_str(), country.as_str()), ("Rann", "NG"));
}

#[test]
fn where_victims_were_treated_or_an_institution_sits_is_not_the_event_place() {
    let text = "Bombing of a camp in Rann\n\nDoctors in Maiduguri said two of the wounded died \
                on Thursday.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Rann");
    let text = "The court in The Hague heard that a Dutch strike on Hawija killed 70 people.";
    let (name, _, country) = one(text);
    assert_eq!(country, "IQ", "{name}");
    let text = "Ten people were killed and the wounded were flown to Maiduguri after the \
                strike in Rann.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Rann");
    // but a strike on a hospital is where the harm was
    let text = "An air strike on a hospital in Kunduz killed 42 people.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Kunduz");
}

#[test]
fn a_town_abroad_yields_to_its_namesake_in_the_reports_country() {
    // Damascus, Oregon and Odessa, Texas are read from the United States' context; the reports
    // are about Syria and Ukraine
    let found = toponyms(
        "A drone strike in Damascus killed 5 civilians in Syria. The United States denied it, \
         and officials in Washington said more.",
    );
    let damascus = found.iter().find(|f| f.0 == "Damascus");
    assert_eq!(damascus.map(|f| f.2.as_str()), Some("SY"), "{found:?}");
    let found = toponyms(
        "Russian missiles hit Odessa in Ukraine, killing 8. The United States condemned it, and \
         Washington sent aid.",
    );
    let odessa = found.iter().find(|f| f.0 == "Odessa");
    assert_eq!(odessa.map(|f| f.2.as_str()), Some("UA"), "{found:?}");
}

#[test]
fn a_part_of_a_place_is_no_large_town_abroad() {
    // El Jadida is a large town in Morocco; here al-Jadida is a neighbourhood of Mosul
    let found = toponyms("Mortars hit the Mosul neighbourhood of al-Jadida in Iraq, killing 7.");
    assert!(found.iter().all(|f| f.2 == "IQ"), "{found:?}");
}

#[test]
fn a_parenthesised_dateline_and_where_news_came_from_are_not_the_event_place() {
    let text = "(Sanaa) – An air strike on a market in the province of Hajjah killed 97 people.";
    let (_, prec, country) = one(text);
    assert_eq!((prec, country.as_str()), (4, "YE"));
    let text = "The report we received from Maiduguri said a strike on the camp in Rann killed 9.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Rann");
}

#[test]
fn a_country_named_as_an_actor_does_not_turn_away_the_reports_town() {
    let text = "Air strike near Kunduz\n\nGermany, which called in the strike, said 50 fighters \
                were killed.";
    let (_, _, country) = one(text);
    assert_eq!(country, "AF");
}

#[test]
fn a_compass_adjective_keeps_a_locative() {
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let text = "Shelling in northern Syria and in west Mosul went on.";
    let found = toll_extract::places::find_places(text, &gazetteer);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|m| m.locative));
}

#[test]
fn a_name_the_gazetteer_lacks_is_put_at_the_nearest_place_of_the_report_coarsely() {
    // "Zorbatu" is an invented village: the account keeps its name and takes the coordinates
    // of the nearest town of the report, as a point within some 25 km
    let text = "Soldiers patrolled near Douentza in central Mali.\n\n\
                A strike on the village of Zorbatu killed 19 people.";
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let context = ReportContext {
        published: NaiveDate::from_ymd_opt(2024, 5, 10),
        gazetteer: Some(&gazetteer),
        lang: None,
        url: None,
    };
    let accounts = extract_report(text, &context);
    assert_eq!(accounts.len(), 1);
    let place = accounts[0].place.clone().expect("a place");
    assert_eq!((place.name.as_str(), place.precision), ("Douentza", 2));
    assert_eq!(accounts[0].place_names, ["zrbt"]);
}

#[test]
fn a_hospital_that_was_hit_is_where_the_harm_was() {
    let text = "Israel denied responsibility for an explosion at a hospital in Gaza that killed \
                hundreds of people.";
    let (name, _, country) = one(text);
    assert_eq!((name.as_str(), country.as_str()), ("Gaza", "PS"));
}

#[test]
fn a_word_capitalised_by_its_position_is_no_small_town_abroad() {
    // Temple and Normal are towns in the United States, which these reports name as an actor
    for text in [
        "Strikes hit Mosul in Iraq again. Temple ruins near the city were damaged, officials in \
         the United States said.",
        "Normal life stopped in Mosul, Iraq, after the strikes. The United States said so.",
        "Temple Ruins Hit As Shelling Resumes Across Mosul\nThe United States condemned it.",
    ] {
        let found = toponyms(text);
        assert!(
            found.iter().all(|f| f.0 != "Temple" && f.0 != "Normal"),
            "{found:?}"
        );
    }
}

#[test]
fn a_wire_reports_credits_name_no_event_place() {
    let text = "A strike on a market in Hajjah killed 12 people.\n\
                (Reporting by Ali Ahmed in Sanaa; Writing by John Smith in Dubai)";
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let found = toll_extract::places::find_places(text, &gazetteer);
    let credits: Vec<bool> = found
        .iter()
        .filter(|m| m.span.start > 50)
        .map(|m| m.aside)
        .collect();
    assert!(
        !credits.is_empty() && credits.iter().all(|a| *a),
        "{found:?}"
    );
}

#[test]
fn datelines_with_a_date_or_an_agency_are_not_the_event_place() {
    for text in [
        "Kano, Jan. 17 (AFP) - An air strike on a camp in Rann killed at least 70 people.",
        "Kano (Reuters) - An air strike on a camp in Rann killed at least 70 people.",
        "Kano, Nigeria, Jan 17, 2017 - An air strike on a camp in Rann killed at least 70 people.",
        "Kano(Nigeria): An air strike on a camp in Rann killed at least 70 people.",
    ] {
        let (name, _, _) = one(text);
        assert_eq!(name, "Rann", "{text}");
    }
}

#[test]
fn a_village_spelled_like_a_town_abroad_is_the_home_countrys_town_of_other_vowels() {
    // illustrative: "Mastaba" is a spelling of a town in Jordan; the report is about Yemen, where
    // the gazetteer spells the village "Mustaba'"
    let found = toponyms(
        "Air strikes hit a market in the village of Mastaba in Hajjah province, Yemen, killing 40 people.",
    );
    let mastaba = found.iter().find(|(m, _, _)| m == "Mastaba");
    assert_eq!(mastaba.map(|(_, _, c)| c.as_str()), Some("YE"), "{found:?}");
}

#[test]
fn an_unknown_name_after_a_locative_is_a_home_town_spelled_with_other_vowels() {
    use toll_extract::{extract_report, ReportContext};
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let context = ReportContext {
        published: None,
        gazetteer: Some(&gazetteer),
        lang: None,
        url: None,
    };
    // illustrative: "Saraqueeb" is in no gazetteer entry; Syria's Saraqib shares its consonants
    let text =
        "In Idlib province, Syria, an air strike on the market in Saraqueeb killed 12 civilians.";
    let accounts = extract_report(text, &context);
    let place = accounts.first().and_then(|a| a.place.as_ref());
    assert_eq!(
        place.map(|p| p.name.as_str()),
        Some("Saraqib"),
        "{accounts:?}"
    );
    // with no home country to spell it in, the name stays unplaced
    let text = "An air strike on the market in Saraqueeb killed 12 civilians.";
    let accounts = extract_report(text, &context);
    assert!(accounts.iter().all(|a| a.place.is_none()), "{accounts:?}");
}

#[test]
fn a_countrys_adjective_before_a_site_places_the_account_in_that_country() {
    let text = "Coalition jets struck Mosul again on Monday, and fighting in Mosul went on.\n\
                In Syria, monitors reported strikes near Aleppo.\n\
                A US strike killed 14 people at a Syrian mosque on Tuesday, monitors said.";
    let (name, _, country) = one(text);
    assert_eq!((name.as_str(), country.as_str()), ("Aleppo", "SY"));
    // the adjective of a neighbour's border is not the place
    let text = "Coalition jets struck Mosul again on Monday, and fighting in Mosul went on.\n\
                In Syria, monitors reported strikes near Aleppo.\n\
                A strike killed 14 people near the Syrian border on Tuesday, officials said.";
    let (_, _, country) = one(text);
    assert_eq!(country, "IQ");
}

#[test]
fn where_a_statement_was_released_is_not_the_place() {
    let text = "Coalition strikes hit west Mosul on Friday.\n\
                A statement released in Baghdad on Saturday said 20 civilians were killed.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Mosul");
    let text = "Coalition strikes hit west Mosul on Friday.\n\
                The governor told reporters in Baghdad that 20 civilians were killed.";
    let (name, _, _) = one(text);
    assert_eq!(name, "Mosul");
}

#[test]
fn a_country_as_a_reference_point_is_not_the_event_country() {
    let text = "Separatists blamed the army for strikes on a remote town near Algeria.\n\
                A local official said at least 15 civilians were killed in the strikes.\n\
                The army has fought separatists around Kidal in Mali since 2012.";
    let (_, _, country) = one(text);
    assert_eq!(country, "ML");
}

/// The latitude of each account's place in `text` (Spanish when it says "muertos").
fn latitudes(text: &str) -> Vec<Option<f64>> {
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let context = ReportContext {
        published: NaiveDate::from_ymd_opt(2025, 11, 20),
        gazetteer: Some(&gazetteer),
        lang: text.contains("muertos").then_some("es"),
        url: None,
    };
    extract_report(text, &context)
        .into_iter()
        .map(|a| a.place.map(|p| p.lat))
        .collect()
}

#[test]
fn of_two_towns_of_one_name_the_one_in_the_region_the_report_names_is_chosen() {
    // GeoNames has a Calamar in Bolívar (10.25 N) and one in Guaviare (1.96 N)
    let larger = latitudes("A bombing killed 7 people in Calamar on Tuesday.");
    assert!(larger[0].is_some_and(|lat| lat > 10.0), "{larger:?}");
    for text in [
        "A bombing killed 7 people in Calamar, in the department of Guaviare, on Tuesday.",
        "A bombing killed 7 people in Calamar on Tuesday.\nGuaviare has seen fighting for years.",
        "Un bombardeo dejó 7 muertos en Calamar, Guaviare, el martes.",
    ] {
        let found = latitudes(text);
        assert!(
            !found.is_empty() && found.iter().all(|l| l.is_some_and(|lat| lat < 3.0)),
            "{text}: {found:?}"
        );
    }
    // a province named by a region word stays the province, not its capital of the same name
    let (_, prec, _) = one("Air strikes killed 9 people in Hajjah province on Tuesday.");
    assert_eq!(prec, 4);
}

#[test]
fn a_name_of_two_letters_is_read_only_as_a_places_own_name() {
    // "Pa" is an old name of Chongqing and part of Hpa-An's: neither is the village "A Nang Pa"
    let found = latitudes("Jets killed 60 people at a concert in A Nang Pa village on Sunday.");
    assert_eq!(found, vec![None]);
    let found =
        latitudes("Jets killed 60 people at a concert in Hpakant, Kachin State, on Sunday.");
    assert!(
        found[0].is_some_and(|lat| (25.0..26.0).contains(&lat)),
        "{found:?}"
    );
}
