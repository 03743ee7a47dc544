//! Guests of a guesthouse on Iceland's south coast: Icelanders and the countries its ring-road
//! travellers come from, names spelled properly. E-mail addresses use the reserved `example.*`
//! domains so no real mailbox is ever named, and are unique (they are the guests' identity).

use std::collections::HashSet;

use crate::rng::Rng;

pub struct Person {
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub timezone: &'static str,
}

struct Locale {
    weight: u32,
    timezone: &'static str,
    first: &'static [&'static str],
    last: &'static [&'static str],
    /// `#` is a random digit.
    phone: &'static str,
}

const LOCALES: &[Locale] = &[
    Locale {
        weight: 12,
        timezone: "Atlantic/Reykjavik",
        first: &["Guðrún", "Sigríður", "Anna", "Jón", "Ólafur", "Kristín", "Gunnar", "Helga", "Einar", "Þórunn"],
        last: &["Jónsdóttir", "Sigurðsson", "Guðmundsdóttir", "Ólafsson", "Magnúsdóttir", "Einarsson", "Stefánsson"],
        phone: "+354 ### ####",
    },
    Locale {
        weight: 24,
        timezone: "America/New_York",
        first: &["Emily", "Michael", "Jessica", "David", "Sarah", "Chris", "Ashley", "Matthew", "Olivia", "Ryan"],
        last: &["Johnson", "Miller", "Davis", "Garcia", "Anderson", "Thompson", "Martinez", "Clark", "Lewis"],
        phone: "+1 ###-###-####",
    },
    Locale {
        weight: 12,
        timezone: "Europe/London",
        first: &["Oliver", "Amelia", "Harry", "Isla", "George", "Sophie", "Jack", "Charlotte", "Thomas"],
        last: &["Smith", "Jones", "Taylor", "Brown", "Evans", "Wright", "Walker", "Hughes", "O'Brien"],
        phone: "+44 7### ######",
    },
    Locale {
        weight: 12,
        timezone: "Europe/Berlin",
        first: &["Lukas", "Anna", "Jonas", "Lea", "Felix", "Hannah", "Maximilian", "Sophie", "Jürgen", "Käthe"],
        last: &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Schäfer", "Köhler", "Groß", "Hoffmann"],
        phone: "+49 15# #######",
    },
    Locale {
        weight: 8,
        timezone: "Europe/Paris",
        first: &["Léa", "Hugo", "Chloé", "Louis", "Camille", "Théo", "Manon", "Gabriel", "Inès"],
        last: &["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Roux", "Fournier"],
        phone: "+33 6 ## ## ## ##",
    },
    Locale {
        weight: 6,
        timezone: "Europe/Madrid",
        first: &["Lucía", "Hugo", "Martina", "Pablo", "Sofía", "Álvaro", "Carmen", "Javier"],
        last: &["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez"],
        phone: "+34 6## ### ###",
    },
    Locale {
        weight: 5,
        timezone: "Europe/Rome",
        first: &["Giulia", "Francesco", "Chiara", "Alessandro", "Sara", "Lorenzo", "Martina"],
        last: &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"],
        phone: "+39 3## ### ####",
    },
    Locale {
        weight: 6,
        timezone: "Europe/Oslo",
        first: &["Ingrid", "Lars", "Sofie", "Magnus", "Nora", "Henrik", "Astrid", "Erik"],
        last: &["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Nilsen", "Sørensen"],
        phone: "+47 9## ## ###",
    },
    Locale {
        weight: 5,
        timezone: "Europe/Warsaw",
        first: &["Zofia", "Jakub", "Julia", "Kacper", "Maja", "Szymon", "Łucja"],
        last: &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski"],
        phone: "+48 5## ### ###",
    },
    Locale {
        weight: 6,
        timezone: "Asia/Shanghai",
        first: &["Wei", "Fang", "Jing", "Lei", "Min", "Yan", "Hao"],
        last: &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao"],
        phone: "+86 13# #### ####",
    },
    Locale {
        weight: 4,
        timezone: "Asia/Tokyo",
        first: &["Haruto", "Yui", "Sōta", "Aoi", "Ren", "Hina", "Yūki"],
        last: &["Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō"],
        phone: "+81 90-####-####",
    },
];

const DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

/// ASCII spelling for e-mail addresses: "Guðrún Þórsdóttir" → "gudrun.thorsdottir".
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'á' | 'à' | 'â' | 'å' | 'ā' => "a",
            'ä' | 'æ' => "ae",
            'ç' => "c",
            'ð' => "d",
            'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
            'ł' => "l",
            'ñ' | 'ń' => "n",
            'ó' | 'ò' | 'ô' | 'ō' => "o",
            'ö' | 'ø' => "oe",
            'ś' => "s",
            'ß' => "ss",
            'þ' => "th",
            'ú' | 'ù' | 'û' | 'ū' => "u",
            'ü' => "ue",
            'ý' => "y",
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

fn person(rng: &mut Rng, taken: &mut HashSet<String>) -> Person {
    let weights: Vec<(usize, u32)> = LOCALES.iter().enumerate().map(|(i, l)| (i, l.weight)).collect();
    let locale = &LOCALES[*rng.weighted(&weights)];
    let first = *rng.pick(locale.first);
    let last = *rng.pick(locale.last);
    let (a, b) = (ascii_fold(first), ascii_fold(last));
    let local = match rng.below(4) {
        0 => format!("{a}.{b}"),
        1 => format!("{a}{b}"),
        2 => format!("{}.{b}", &a[..1]),
        _ => format!("{a}_{b}{}", rng.range(1, 99)),
    };
    let domain = rng.pick(DOMAINS);
    let mut email = format!("{local}@{domain}");
    let mut n = 2;
    while taken.contains(&email) {
        email = format!("{local}{n}@{domain}");
        n += 1;
    }
    taken.insert(email.clone());
    let phone = rng.percent(80).then(|| {
        locale.phone.chars().map(|c| if c == '#' { char::from(b'0' + rng.below(10) as u8) } else { c }).collect()
    });
    Person {
        name: format!("{first} {last}"),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        email,
        phone,
        timezone: locale.timezone,
    }
}

/// `count` guests from the seed's "timekit-people" stream.
pub fn guests(seed: u64, count: u32) -> Vec<Person> {
    let mut rng = Rng::derive(seed, "timekit-people");
    let mut taken = HashSet::new();
    (0..count.max(1)).map(|_| person(&mut rng, &mut taken)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_have_unique_ascii_addresses() {
        let people = guests(3, 400);
        let emails: HashSet<&str> = people.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails.len(), 400);
        assert!(people.iter().all(|p| p.email.is_ascii() && p.email.contains("@example.")));
        assert_eq!(ascii_fold("Guðrún Þórsdóttir"), "gudrunthorsdottir");
    }
}
