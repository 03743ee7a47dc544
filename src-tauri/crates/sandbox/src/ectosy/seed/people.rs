//! Guests of an Istrian camp: mostly from Germany, Austria, Slovenia, Italy, Croatia, the Czech
//! Republic, Poland, Hungary and the Netherlands, travelling as couples and families (one
//! surname per party, mostly), with the guest-registration data Ectosy keeps.

use chrono::{Datelike, Duration, NaiveDate};
use innkeep_providers::ectosy::wire::WebhookCustomer;

use crate::rng::Rng;

struct Country {
    code: &'static str,
    weight: u32,
    male: &'static [&'static str],
    female: &'static [&'static str],
    surnames: &'static [&'static str],
    cities: &'static [&'static str],
    mail: &'static str,
}

const COUNTRIES: &[Country] = &[
    Country {
        code: "DE",
        weight: 24,
        male: &["Lukas", "Jonas", "Felix", "Maximilian", "Stefan", "Thomas", "Michael", "Jan"],
        female: &["Anna", "Lena", "Sophie", "Katharina", "Julia", "Sabine", "Laura", "Marie"],
        surnames: &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Koch"],
        cities: &["München", "Stuttgart", "Nürnberg", "Frankfurt am Main", "Köln", "Leipzig"],
        mail: "web.de",
    },
    Country {
        code: "AT",
        weight: 14,
        male: &["Florian", "Tobias", "Matthias", "Andreas", "Markus", "Paul"],
        female: &["Johanna", "Theresa", "Magdalena", "Elisabeth", "Verena", "Hannah"],
        surnames: &["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer"],
        cities: &["Wien", "Graz", "Linz", "Salzburg", "Klagenfurt", "Villach"],
        mail: "gmx.at",
    },
    Country {
        code: "SI",
        weight: 13,
        male: &["Luka", "Nejc", "Žiga", "Matej", "Rok", "Jure"],
        female: &["Nina", "Maja", "Špela", "Eva", "Tjaša", "Urška"],
        surnames: &["Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kos", "Vidmar"],
        cities: &["Ljubljana", "Maribor", "Celje", "Kranj", "Koper"],
        mail: "siol.net",
    },
    Country {
        code: "IT",
        weight: 12,
        male: &["Marco", "Luca", "Alessandro", "Matteo", "Giovanni", "Davide"],
        female: &["Giulia", "Chiara", "Francesca", "Sara", "Martina", "Elena"],
        surnames: &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Bruno"],
        cities: &["Trieste", "Udine", "Venezia", "Milano", "Padova", "Bologna"],
        mail: "libero.it",
    },
    Country {
        code: "HR",
        weight: 11,
        male: &["Ivan", "Marko", "Luka", "Josip", "Ante", "Tomislav", "Filip"],
        female: &["Ana", "Ivana", "Marija", "Petra", "Lucija", "Katarina", "Mia"],
        surnames: &["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Knežević", "Vuković"],
        cities: &["Zagreb", "Rijeka", "Osijek", "Varaždin", "Karlovac", "Split"],
        mail: "gmail.com",
    },
    Country {
        code: "CZ",
        weight: 9,
        male: &["Jakub", "Tomáš", "Petr", "Martin", "Ondřej", "Jiří"],
        female: &["Tereza", "Eliška", "Lucie", "Kateřina", "Veronika", "Jana"],
        surnames: &["Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák"],
        cities: &["Praha", "Brno", "Ostrava", "Plzeň", "Olomouc"],
        mail: "seznam.cz",
    },
    Country {
        code: "PL",
        weight: 7,
        male: &["Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Kacper"],
        female: &["Agnieszka", "Katarzyna", "Magdalena", "Zofia", "Aleksandra", "Natalia"],
        surnames: &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski"],
        cities: &["Kraków", "Warszawa", "Wrocław", "Katowice", "Poznań"],
        mail: "wp.pl",
    },
    Country {
        code: "HU",
        weight: 5,
        male: &["Bence", "Máté", "Levente", "Dávid", "Gábor"],
        female: &["Réka", "Eszter", "Zsófia", "Anna", "Dóra"],
        surnames: &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss"],
        cities: &["Budapest", "Győr", "Pécs", "Szeged", "Debrecen"],
        mail: "freemail.hu",
    },
    Country {
        code: "NL",
        weight: 5,
        male: &["Daan", "Sem", "Bram", "Thijs", "Ruben"],
        female: &["Emma", "Sanne", "Fleur", "Lotte", "Anouk"],
        surnames: &["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit"],
        cities: &["Utrecht", "Amsterdam", "Eindhoven", "Rotterdam", "Groningen"],
        mail: "ziggo.nl",
    },
];

const REMARKS: &[&str] = &[
    "Arrives late, after 22:00.",
    "Travels with a dog.",
    "Needs a shady parcel for a caravan of 7 m.",
    "Asked for a baby cot.",
    "Regular guest, fifth summer here.",
    "Electric car: needs the charging point.",
];

fn ascii_lower(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            ' ' | '-' => Some('.'),
            'ä' | 'á' | 'à' => Some('a'),
            'č' | 'ć' => Some('c'),
            'đ' => Some('d'),
            'é' | 'ě' | 'è' => Some('e'),
            'í' => Some('i'),
            'ł' => Some('l'),
            'ń' | 'ň' => Some('n'),
            'ö' | 'ó' | 'ő' => Some('o'),
            'ř' => Some('r'),
            'š' | 'ś' => Some('s'),
            'ü' | 'ú' | 'ů' | 'ű' => Some('u'),
            'ý' => Some('y'),
            'ž' | 'ź' | 'ż' => Some('z'),
            _ => None,
        })
        .collect()
}

/// The guests of one party of `size` (≥ 1) arriving on `arrival`; `id` makes customer ids.
pub fn party(rng: &mut Rng, size: u32, arrival: NaiveDate, mut id: impl FnMut() -> String) -> Vec<WebhookCustomer> {
    let weights: Vec<(usize, u32)> = COUNTRIES.iter().enumerate().map(|(i, c)| (i, c.weight)).collect();
    let country = &COUNTRIES[*rng.weighted(&weights)];
    let surname = *rng.pick(country.surnames);
    let city = *rng.pick(country.cities);
    let mut out = Vec::new();
    for k in 0..size {
        // A couple and their children; now and then friends travelling together.
        let (female, adult) = match k {
            0 => (rng.percent(45), true),
            1 => (out.first().is_none_or(|g: &WebhookCustomer| g.gender.as_deref() != Some("F")), true),
            _ => (rng.percent(50), rng.percent(15)),
        };
        let own_surname = if k > 0 && rng.percent(12) { *rng.pick(country.surnames) } else { surname };
        let name = *rng.pick(if female { country.female } else { country.male });
        let age = if adult { rng.range(24, 72) } else { rng.range(1, 17) };
        let birth = arrival - Duration::days(age * 365 + rng.range(0, 364));
        let birth = NaiveDate::from_ymd_opt(birth.year(), birth.month(), birth.day()).unwrap_or(birth);
        let email = (k == 0 && rng.percent(80))
            .then(|| format!("{}.{}@{}", ascii_lower(name), ascii_lower(own_surname), country.mail));
        let (document_type, document_number) = if rng.percent(60) {
            ("passport", format!("{}{:07}", country.code, rng.range(0, 9_999_999)))
        } else {
            ("id_card", format!("{:09}", rng.range(0, 999_999_999)))
        };
        out.push(WebhookCustomer {
            customer_id: id(),
            name: name.to_owned(),
            surname: own_surname.to_owned(),
            email,
            gender: Some(if female { "F" } else { "M" }.to_owned()),
            date_of_birth: Some(birth.to_string()),
            citizenship: Some(country.code.to_owned()),
            country_of_birth: Some(country.code.to_owned()),
            country_of_residence: Some(country.code.to_owned()),
            city_of_residence: Some(city.to_owned()),
            document_type: Some(document_type.to_owned()),
            document_number: Some(document_number),
            remark: (k == 0 && rng.percent(8)).then(|| (*rng.pick(REMARKS)).to_owned()),
            official_facility_id: Some(super::FACILITY_ID.to_owned()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_plain_ascii() {
        assert_eq!(ascii_lower("Žiga"), "ziga");
        assert_eq!(ascii_lower("Wiśniewski"), "wisniewski");
        assert_eq!(ascii_lower("de Jong"), "de.jong");
        let mut rng = Rng::new(3);
        let mut n = 0;
        let guests = party(&mut rng, 4, "2026-07-01".parse().unwrap(), || {
            n += 1;
            format!("cus-{n}")
        });
        assert_eq!(guests.len(), 4);
        assert!(guests.iter().all(|g| !g.surname.is_empty() && !g.name.is_empty()));
        assert!(guests.iter().filter_map(|g| g.email.as_deref()).all(|e| e.is_ascii() && e.contains('@')));
    }
}
