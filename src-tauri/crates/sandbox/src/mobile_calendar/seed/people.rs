//! Guests of a Zakopane guesthouse: mostly Polish, then neighbours (Germany, Czechia, Slovakia,
//! Ukraine, Lithuania) and a few from further away. Polish surnames agree with the gender.

use innkeep_providers::mobile_calendar::wire;

use crate::rng::Rng;

pub struct Person {
    pub forename: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<(String, String)>,
    pub country_id: i64,
    pub lang: &'static str,
    pub address: Option<String>,
}

const PL_MEN: &[&str] = &[
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Jakub",
    "Łukasz",
    "Mateusz",
    "Adam",
    "Grzegorz",
    "Wojciech",
    "Kamil",
    "Bartosz",
    "Szymon",
    "Jan",
    "Maciej",
    "Rafał",
    "Dawid",
];
const PL_WOMEN: &[&str] = &[
    "Anna",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Zofia",
    "Monika",
    "Natalia",
    "Karolina",
    "Marta",
    "Julia",
    "Beata",
    "Dorota",
    "Justyna",
    "Paulina",
    "Weronika",
];
/// Surnames in their masculine and feminine forms.
const PL_SURNAMES: &[(&str, &str)] = &[
    ("Nowak", "Nowak"),
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"),
    ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"),
    ("Zając", "Zając"),
    ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"),
    ("Król", "Król"),
    ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"),
    ("Wróbel", "Wróbel"),
    ("Nowicki", "Nowicka"),
    ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"),
    ("Malinowski", "Malinowska"),
    ("Górski", "Górska"),
    ("Sikora", "Sikora"),
    ("Baran", "Baran"),
    ("Duda", "Duda"),
    ("Szewczyk", "Szewczyk"),
    ("Ostrowski", "Ostrowska"),
    ("Chmielewski", "Chmielewska"),
    ("Gąsienica", "Gąsienica"),
];

/// Country: ISO numeric id, language, phone prefix, first names, surnames (male, female),
/// mail domains.
struct Country {
    id: i64,
    lang: &'static str,
    phone: &'static str,
    men: &'static [&'static str],
    women: &'static [&'static str],
    surnames: &'static [(&'static str, &'static str)],
    domains: &'static [&'static str],
}

const COUNTRIES: &[(Country, u32)] = &[
    (
        Country {
            id: 616,
            lang: "pl",
            phone: "+48",
            men: PL_MEN,
            women: PL_WOMEN,
            surnames: PL_SURNAMES,
            domains: &["wp.pl", "onet.pl", "gmail.com", "o2.pl", "interia.pl"],
        },
        70,
    ),
    (
        Country {
            id: 276,
            lang: "de",
            phone: "+49",
            men: &["Lukas", "Jonas", "Thomas", "Michael", "Stefan", "Felix"],
            women: &["Anna", "Laura", "Sabine", "Julia", "Katrin", "Lena"],
            surnames: &[
                ("Müller", "Müller"),
                ("Schmidt", "Schmidt"),
                ("Schneider", "Schneider"),
                ("Fischer", "Fischer"),
                ("Weber", "Weber"),
                ("Becker", "Becker"),
            ],
            domains: &["gmx.de", "web.de", "gmail.com"],
        },
        7,
    ),
    (
        Country {
            id: 203,
            lang: "cs",
            phone: "+420",
            men: &["Jan", "Petr", "Tomáš", "Martin", "Jakub"],
            women: &["Jana", "Eva", "Lucie", "Tereza", "Petra"],
            surnames: &[
                ("Novák", "Nováková"),
                ("Svoboda", "Svobodová"),
                ("Dvořák", "Dvořáková"),
                ("Černý", "Černá"),
                ("Procházka", "Procházková"),
            ],
            domains: &["seznam.cz", "email.cz", "gmail.com"],
        },
        5,
    ),
    (
        Country {
            id: 703,
            lang: "sk",
            phone: "+421",
            men: &["Peter", "Marek", "Juraj", "Michal"],
            women: &["Zuzana", "Katarína", "Martina", "Lenka"],
            surnames: &[("Horváth", "Horváthová"), ("Kováč", "Kováčová"), ("Varga", "Vargová"), ("Tóth", "Tóthová")],
            domains: &["azet.sk", "gmail.com"],
        },
        4,
    ),
    (
        Country {
            id: 804,
            lang: "uk",
            phone: "+380",
            men: &["Oleksandr", "Andrii", "Dmytro", "Serhii"],
            women: &["Olena", "Iryna", "Nataliia", "Oksana"],
            surnames: &[
                ("Shevchenko", "Shevchenko"),
                ("Kovalenko", "Kovalenko"),
                ("Bondarenko", "Bondarenko"),
                ("Tkachenko", "Tkachenko"),
            ],
            domains: &["ukr.net", "gmail.com"],
        },
        5,
    ),
    (
        Country {
            id: 440,
            lang: "lt",
            phone: "+370",
            men: &["Tomas", "Mantas", "Darius"],
            women: &["Rūta", "Agnė", "Eglė"],
            surnames: &[("Kazlauskas", "Kazlauskienė"), ("Jankauskas", "Jankauskienė"), ("Petrauskas", "Petrauskienė")],
            domains: &["gmail.com", "inbox.lt"],
        },
        2,
    ),
    (
        Country {
            id: 826,
            lang: "en",
            phone: "+44",
            men: &["James", "Oliver", "Harry", "George"],
            women: &["Emily", "Sophie", "Charlotte", "Amelia"],
            surnames: &[("Smith", "Smith"), ("Jones", "Jones"), ("Taylor", "Taylor"), ("Brown", "Brown")],
            domains: &["gmail.com", "outlook.com", "btinternet.com"],
        },
        3,
    ),
    (
        Country {
            id: 528,
            lang: "nl",
            phone: "+31",
            men: &["Daan", "Sem", "Bram"],
            women: &["Emma", "Sanne", "Lotte"],
            surnames: &[("de Jong", "de Jong"), ("Jansen", "Jansen"), ("Visser", "Visser")],
            domains: &["gmail.com", "ziggo.nl"],
        },
        2,
    ),
];

const TOWNS: &[(&str, &str)] = &[
    ("Kraków", "30-"),
    ("Warszawa", "00-"),
    ("Katowice", "40-"),
    ("Łódź", "90-"),
    ("Wrocław", "50-"),
    ("Poznań", "60-"),
    ("Gdańsk", "80-"),
    ("Rzeszów", "35-"),
    ("Lublin", "20-"),
    ("Nowy Targ", "34-"),
];
const STREETS: &[&str] = &["Długa", "Krótka", "Słoneczna", "Lipowa", "Mickiewicza", "Kościuszki", "Polna", "Ogrodowa"];
const COMPANIES: &[&str] = &[
    "Tatra-Bud Sp. z o.o.",
    "Softwarehouse Kraków S.A.",
    "Biuro Rachunkowe Bilans",
    "Górskie Przewodnictwo Halny",
    "Mediq Polska Sp. z o.o.",
];

/// Lower-case ASCII for mail addresses: diacritics dropped, spaces removed.
pub fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = c.to_lowercase().next().unwrap_or(c);
            Some(match c {
                'ą' | 'á' | 'ä' => 'a',
                'ć' | 'č' => 'c',
                'ę' | 'é' | 'ě' | 'ė' => 'e',
                'ł' => 'l',
                'ń' | 'ň' => 'n',
                'ó' | 'ö' => 'o',
                'ś' | 'š' => 's',
                'ź' | 'ż' | 'ž' => 'z',
                'ř' => 'r',
                'ý' => 'y',
                'í' => 'i',
                'ú' | 'ů' | 'ü' | 'ū' => 'u',
                'ť' => 't',
                'ď' => 'd',
                ' ' | '-' => return None,
                c if c.is_ascii_alphanumeric() => c,
                _ => return None,
            })
        })
        .collect()
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

pub fn people(seed: u64, count: u32) -> Vec<Person> {
    let mut rng = Rng::derive(seed, "mobile-calendar/people");
    (0..count)
        .map(|_| {
            let country = rng.weighted(COUNTRIES);
            let woman = rng.percent(50);
            let forename = *rng.pick(if woman { country.women } else { country.men });
            let (m, f) = *rng.pick(country.surnames);
            let name = if woman { f } else { m };
            let email = rng.percent(85).then(|| {
                let user = match rng.below(3) {
                    0 => format!("{}.{}", ascii(forename), ascii(name)),
                    1 => format!("{}{}", ascii(forename), rng.range(1, 99)),
                    _ => format!(
                        "{}.{}{}",
                        ascii(&forename.chars().take(1).collect::<String>()),
                        ascii(name),
                        rng.range(60, 99)
                    ),
                };
                format!("{user}@{}", rng.pick(country.domains))
            });
            let phone = rng.percent(90).then(|| match country.phone {
                "+48" => format!(
                    "+48 {}{} {} {}",
                    *rng.pick(&["5", "6", "7", "8"]),
                    digits(&mut rng, 2),
                    digits(&mut rng, 3),
                    digits(&mut rng, 3)
                ),
                p => format!("{p} {}", digits(&mut rng, 9)),
            });
            let company = (country.id == 616 && rng.percent(10)).then(|| {
                ((*rng.pick(COMPANIES)).to_owned(), format!("{}{}", rng.range(521, 999), digits(&mut rng, 7)))
            });
            let address = (country.id == 616 && rng.percent(60)).then(|| {
                let (town, zip) = *rng.pick(TOWNS);
                format!("ul. {} {}, {}{} {}", rng.pick(STREETS), rng.range(1, 120), zip, digits(&mut rng, 3), town)
            });
            Person {
                forename: forename.to_owned(),
                name: name.to_owned(),
                email,
                phone,
                company,
                country_id: country.id,
                lang: country.lang,
                address,
            }
        })
        .collect()
}

impl Person {
    /// The client record, once it has an id and timestamps.
    pub fn into_client(
        self,
        id: i64,
        kind: &str,
        comments: Option<String>,
        added: chrono::DateTime<chrono::Utc>,
    ) -> wire::Client {
        let (company_name, tax_id) = match self.company {
            Some((c, t)) => (Some(c), Some(t)),
            None => (None, None),
        };
        wire::Client {
            client_id: id,
            forename: Some(self.forename),
            name: self.name,
            phone: self.phone,
            email: self.email,
            company_name,
            tax_id,
            personal_id: None,
            id_card: None,
            client_type: Some(kind.into()),
            address: self.address,
            comments,
            vehicle_registration_number: None,
            country_id: Some(self.country_id),
            lang: Some(self.lang.into()),
            add_date: Some(added),
            edit_date: Some(added),
        }
    }
}
