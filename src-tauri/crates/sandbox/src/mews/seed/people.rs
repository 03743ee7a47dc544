//! Believable guests from the countries a Prague hotel sees, with names spelled properly
//! (diacritics, gendered Czech/Slovak/Polish surnames, Icelandic patronymics, Hepburn macrons).
//! E-mail addresses use the reserved `example.*` domains so no real mailbox is ever named.

use crate::rng::Rng;

pub struct Locale {
    pub country: &'static str,
    pub language: &'static str,
    pub weight: u32,
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    /// (male, female) surname forms; equal where the language does not inflect them.
    pub surnames: &'static [(&'static str, &'static str)],
    /// `#` is a random digit.
    pub phone: &'static [&'static str],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub female: bool,
    pub country: &'static str,
    pub language: &'static str,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
}

const EN_SURNAMES: &[(&str, &str)] = &[
    ("Smith", "Smith"),
    ("Jones", "Jones"),
    ("Taylor", "Taylor"),
    ("Brown", "Brown"),
    ("Williams", "Williams"),
    ("Wilson", "Wilson"),
    ("Evans", "Evans"),
    ("Thompson", "Thompson"),
    ("O'Brien", "O'Brien"),
    ("Hughes", "Hughes"),
    ("Wright", "Wright"),
    ("Walker", "Walker"),
    ("Miller", "Miller"),
    ("Davis", "Davis"),
];

const DE_SURNAMES: &[(&str, &str)] = &[
    ("Müller", "Müller"),
    ("Schmidt", "Schmidt"),
    ("Schneider", "Schneider"),
    ("Fischer", "Fischer"),
    ("Weber", "Weber"),
    ("Schäfer", "Schäfer"),
    ("Weiß", "Weiß"),
    ("Schröder", "Schröder"),
    ("Krüger", "Krüger"),
    ("Groß", "Groß"),
    ("Köhler", "Köhler"),
    ("Hoffmann", "Hoffmann"),
    ("Huber", "Huber"),
    ("Gruber", "Gruber"),
    ("Bauer", "Bauer"),
];

const DE_MALE: &[&str] = &["Jürgen", "Lukas", "Maximilian", "Jörg", "Matthias", "Stefan", "Florian", "Tobias"];
const DE_FEMALE: &[&str] = &["Lena", "Sophie", "Käthe", "Ursula", "Anja", "Franziska", "Katrin", "Brigitte"];
const EN_MALE: &[&str] = &["Oliver", "Harry", "George", "William", "James", "Thomas", "Daniel", "Noah"];
const EN_FEMALE: &[&str] = &["Olivia", "Amelia", "Charlotte", "Emily", "Sophie", "Hannah", "Zoë", "Chloë"];

pub const LOCALES: &[Locale] = &[
    Locale {
        country: "CZ",
        language: "cs-CZ",
        weight: 20,
        male: &["Jiří", "Jan", "Petr", "Tomáš", "Lukáš", "Ondřej", "Vojtěch", "Matěj", "Zdeněk", "Jakub"],
        female: &["Jana", "Petra", "Lucie", "Tereza", "Kateřina", "Markéta", "Eva", "Zuzana", "Anežka", "Barbora"],
        surnames: &[
            ("Novák", "Nováková"),
            ("Svoboda", "Svobodová"),
            ("Novotný", "Novotná"),
            ("Dvořák", "Dvořáková"),
            ("Černý", "Černá"),
            ("Procházka", "Procházková"),
            ("Kučera", "Kučerová"),
            ("Veselý", "Veselá"),
            ("Horák", "Horáková"),
            ("Němec", "Němcová"),
            ("Pokorný", "Pokorná"),
            ("Růžička", "Růžičková"),
            ("Hájek", "Hájková"),
            ("Král", "Králová"),
            ("Beneš", "Benešová"),
            ("Šťastný", "Šťastná"),
            ("Doležal", "Doležalová"),
        ],
        phone: &["+420 6## ### ###", "+420 7## ### ###"],
    },
    Locale {
        country: "SK",
        language: "sk-SK",
        weight: 6,
        male: &["Ľubomír", "Martin", "Peter", "Juraj", "Matúš", "Ján"],
        female: &["Ľudmila", "Zuzana", "Katarína", "Mária", "Lenka", "Andrea"],
        surnames: &[
            ("Horváth", "Horváthová"),
            ("Kováč", "Kováčová"),
            ("Varga", "Vargová"),
            ("Tóth", "Tóthová"),
            ("Baláž", "Balážová"),
            ("Molnár", "Molnárová"),
            ("Šimko", "Šimková"),
        ],
        phone: &["+421 9## ### ###"],
    },
    Locale {
        country: "PL",
        language: "pl-PL",
        weight: 8,
        male: &["Łukasz", "Paweł", "Grzegorz", "Wojciech", "Krzysztof", "Michał", "Piotr", "Tomasz"],
        female: &["Agnieszka", "Małgorzata", "Katarzyna", "Zofia", "Joanna", "Magdalena", "Ewa", "Aleksandra"],
        surnames: &[
            ("Kowalski", "Kowalska"),
            ("Wiśniewski", "Wiśniewska"),
            ("Wójcik", "Wójcik"),
            ("Kamiński", "Kamińska"),
            ("Lewandowski", "Lewandowska"),
            ("Zieliński", "Zielińska"),
            ("Szymański", "Szymańska"),
            ("Woźniak", "Woźniak"),
            ("Dąbrowski", "Dąbrowska"),
            ("Kozłowski", "Kozłowska"),
        ],
        phone: &["+48 5## ### ###", "+48 6## ### ###"],
    },
    Locale {
        country: "DE",
        language: "de-DE",
        weight: 13,
        male: DE_MALE,
        female: DE_FEMALE,
        surnames: DE_SURNAMES,
        phone: &["+49 15# ########", "+49 17# #######"],
    },
    Locale {
        country: "AT",
        language: "de-AT",
        weight: 5,
        male: DE_MALE,
        female: DE_FEMALE,
        surnames: DE_SURNAMES,
        phone: &["+43 664 #######", "+43 676 #######"],
    },
    Locale {
        country: "GB",
        language: "en-GB",
        weight: 9,
        male: EN_MALE,
        female: EN_FEMALE,
        surnames: EN_SURNAMES,
        phone: &["+44 7700 900###"],
    },
    Locale {
        country: "US",
        language: "en-US",
        weight: 8,
        male: &["Ethan", "Noah", "Liam", "Mason", "Michael", "Daniel", "José", "Andrew"],
        female: &["Madison", "Abigail", "Ava", "Emma", "Chloé", "Renée", "Grace", "Emily"],
        surnames: EN_SURNAMES,
        phone: &["+1 202 555 01##", "+1 312 555 01##"],
    },
    Locale {
        country: "IT",
        language: "it-IT",
        weight: 7,
        male: &["Marco", "Luca", "Giuseppe", "Niccolò", "Alessandro", "Francesco", "Matteo", "Lorenzo"],
        female: &["Giulia", "Chiara", "Francesca", "Sofia", "Martina", "Alessia", "Federica", "Beatrice"],
        surnames: &[
            ("Rossi", "Rossi"),
            ("Russo", "Russo"),
            ("Ferrari", "Ferrari"),
            ("Esposito", "Esposito"),
            ("Bianchi", "Bianchi"),
            ("Romano", "Romano"),
            ("Colombo", "Colombo"),
            ("Ricci", "Ricci"),
            ("De Luca", "De Luca"),
            ("Greco", "Greco"),
        ],
        phone: &["+39 3## ### ####"],
    },
    Locale {
        country: "FR",
        language: "fr-FR",
        weight: 6,
        male: &["Jean", "François", "Étienne", "Jérôme", "Théo", "Louis", "Hugo", "Benoît"],
        female: &["Hélène", "Chloé", "Léa", "Camille", "Élodie", "Manon", "Inès", "Céline"],
        surnames: &[
            ("Martin", "Martin"),
            ("Bernard", "Bernard"),
            ("Dubois", "Dubois"),
            ("Lefèvre", "Lefèvre"),
            ("Moreau", "Moreau"),
            ("Girard", "Girard"),
            ("Mercier", "Mercier"),
            ("Faure", "Faure"),
            ("Bélanger", "Bélanger"),
        ],
        phone: &["+33 6 ## ## ## ##", "+33 7 ## ## ## ##"],
    },
    Locale {
        country: "ES",
        language: "es-ES",
        weight: 5,
        male: &["José", "Javier", "Álvaro", "Sergio", "Adrián", "Iñigo", "Raúl", "Jesús"],
        female: &["María", "Lucía", "Sofía", "Carmen", "Nuria", "Begoña", "Inés", "Laura"],
        surnames: &[
            ("García", "García"),
            ("Fernández", "Fernández"),
            ("González", "González"),
            ("Rodríguez", "Rodríguez"),
            ("López", "López"),
            ("Martínez", "Martínez"),
            ("Sánchez", "Sánchez"),
            ("Muñoz", "Muñoz"),
            ("Núñez", "Núñez"),
            ("Jiménez", "Jiménez"),
        ],
        phone: &["+34 6## ### ###"],
    },
    Locale {
        country: "IS",
        language: "is-IS",
        weight: 3,
        male: &["Jón", "Sigurður", "Guðmundur", "Gunnar", "Ólafur", "Einar", "Þórður", "Ragnar"],
        female: &["Guðrún", "Sigríður", "Kristín", "Þóra", "Anna", "Helga", "Ásta", "Katrín"],
        surnames: &[
            ("Jónsson", "Jónsdóttir"),
            ("Sigurðsson", "Sigurðardóttir"),
            ("Guðmundsson", "Guðmundsdóttir"),
            ("Gunnarsson", "Gunnarsdóttir"),
            ("Ólafsson", "Ólafsdóttir"),
            ("Einarsson", "Einarsdóttir"),
            ("Kristjánsson", "Kristjánsdóttir"),
            ("Magnússon", "Magnúsdóttir"),
            ("Björnsson", "Björnsdóttir"),
        ],
        phone: &["+354 6## ####", "+354 8## ####"],
    },
    Locale {
        country: "JP",
        language: "ja-JP",
        weight: 5,
        male: &["Yūki", "Shōta", "Kōji", "Ryōta", "Haruto", "Kenji", "Daisuke", "Yūto"],
        female: &["Yūka", "Haruka", "Aoi", "Sakura", "Misaki", "Yōko", "Emi", "Naomi"],
        surnames: &[
            ("Satō", "Satō"),
            ("Suzuki", "Suzuki"),
            ("Takahashi", "Takahashi"),
            ("Tanaka", "Tanaka"),
            ("Watanabe", "Watanabe"),
            ("Itō", "Itō"),
            ("Yamamoto", "Yamamoto"),
            ("Katō", "Katō"),
            ("Kōno", "Kōno"),
            ("Saitō", "Saitō"),
        ],
        phone: &["+81 90 #### ####", "+81 80 #### ####"],
    },
    Locale {
        country: "SE",
        language: "sv-SE",
        weight: 3,
        male: &["Björn", "Erik", "Lars", "Anders", "Måns", "Nils", "Olle", "Sören"],
        female: &["Åsa", "Karin", "Linnéa", "Ingrid", "Maja", "Elsa", "Märta", "Sofia"],
        surnames: &[
            ("Andersson", "Andersson"),
            ("Johansson", "Johansson"),
            ("Karlsson", "Karlsson"),
            ("Nilsson", "Nilsson"),
            ("Öberg", "Öberg"),
            ("Lindström", "Lindström"),
            ("Åberg", "Åberg"),
            ("Söderberg", "Söderberg"),
        ],
        phone: &["+46 70 ### ## ##", "+46 73 ### ## ##"],
    },
];

const GUEST_NOTES: &[&str] = &[
    "Prefers a quiet room away from the lift.",
    "Allergic to feathers: hypoallergenic pillows, please.",
    "Regular guest; likes a room with a view of the river.",
    "Travels with a small dog.",
    "Vegetarian breakfast.",
    "Hostka preferuje pokoj ve vyšším patře.",
    "Needs an invoice with the company's VAT number.",
];

const EMAIL_DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

/// ASCII spelling for e-mail addresses: "Jiří Dvořák" → "jiri.dvorak".
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'á' | 'à' | 'â' | 'ą' | 'å' | 'ā' => "a",
            'ä' | 'æ' => "ae",
            'č' | 'ć' | 'ç' => "c",
            'ď' | 'ð' => "d",
            'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' | 'ē' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
            'ľ' | 'ĺ' | 'ł' => "l",
            'ň' | 'ń' | 'ñ' => "n",
            'ó' | 'ò' | 'ô' | 'ō' | 'ő' => "o",
            'ö' | 'ø' => "oe",
            'ř' => "r",
            'š' | 'ś' => "s",
            'ß' => "ss",
            'ť' => "t",
            'þ' => "th",
            'ú' | 'ù' | 'û' | 'ů' | 'ū' | 'ű' => "u",
            'ü' => "ue",
            'ý' | 'ÿ' => "y",
            'ž' | 'ź' | 'ż' => "z",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

fn phone(rng: &mut Rng, pattern: &str) -> String {
    pattern.chars().map(|c| if c == '#' { char::from(b'0' + rng.below(10) as u8) } else { c }).collect()
}

/// One guest. `taken` holds e-mail addresses already used, so that every address is unique
/// (`customers/add` dedupes on it).
pub fn person(rng: &mut Rng, taken: &mut std::collections::HashSet<String>) -> Person {
    let weights: Vec<(usize, u32)> = LOCALES.iter().enumerate().map(|(i, l)| (i, l.weight)).collect();
    let locale = &LOCALES[*rng.weighted(&weights)];
    let female = rng.percent(50);
    let first = *rng.pick(if female { locale.female } else { locale.male });
    let (m, f) = *rng.pick(locale.surnames);
    let last = if female { f } else { m };

    let email = rng.percent(92).then(|| {
        let (a, b) = (ascii_fold(first), ascii_fold(last));
        let local = match rng.below(5) {
            0 => format!("{a}.{b}"),
            1 => format!("{a}{b}"),
            2 => format!("{}.{b}", &a[..1]),
            3 => format!("{b}.{a}"),
            _ => format!("{a}_{b}{}", rng.range(1, 99)),
        };
        let domain = rng.pick(EMAIL_DOMAINS);
        let mut candidate = format!("{local}@{domain}");
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{local}{n}@{domain}");
            n += 1;
        }
        taken.insert(candidate.clone());
        candidate
    });
    let phone = rng.percent(78).then(|| {
        let pattern = rng.pick(locale.phone);
        phone(rng, pattern)
    });
    let notes = rng.percent(6).then(|| (*rng.pick(GUEST_NOTES)).to_owned());
    Person {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        female,
        country: locale.country,
        language: locale.language,
        email,
        phone,
        notes,
    }
}

/// `count` guests from the seed's "people" stream.
pub fn guests(seed: u64, count: u32) -> Vec<Person> {
    let mut rng = Rng::derive(seed, "people");
    let mut taken = std::collections::HashSet::new();
    (0..count.max(1)).map(|_| person(&mut rng, &mut taken)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_addresses_ascii() {
        assert_eq!(ascii_fold("Jiří"), "jiri");
        assert_eq!(ascii_fold("Šťastná"), "stastna");
        assert_eq!(ascii_fold("Þórður"), "thordur");
        assert_eq!(ascii_fold("Weiß"), "weiss");
        assert_eq!(ascii_fold("O'Brien"), "obrien");
        assert_eq!(ascii_fold("De Luca"), "deluca");
        assert_eq!(ascii_fold("Satō"), "sato");
    }

    #[test]
    fn people_are_plausible_and_emails_unique() {
        let mut rng = Rng::new(3);
        let mut taken = std::collections::HashSet::new();
        let people: Vec<Person> = (0..2000).map(|_| person(&mut rng, &mut taken)).collect();
        let emails: Vec<&String> = people.iter().filter_map(|p| p.email.as_ref()).collect();
        let unique: std::collections::HashSet<_> = emails.iter().collect();
        assert_eq!(unique.len(), emails.len());
        assert!(emails.iter().all(|e| e.is_ascii() && e.contains('@')));
        for code in ["CZ", "PL", "IS", "DE", "GB", "IT", "JP"] {
            assert!(people.iter().any(|p| p.country == code), "{code}");
        }
        // Gendered Czech surnames match the guest.
        assert!(people.iter().filter(|p| p.country == "CZ" && p.female).all(|p| p.last_name.ends_with('á')));
    }
}
