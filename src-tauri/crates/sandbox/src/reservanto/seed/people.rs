//! Guests of a South Bohemian guesthouse: mostly Czech, then German, Austrian, Slovak, Polish,
//! Dutch and English-speaking visitors. A few have two first names or only one name (merchants
//! who keep one name field), some have no e-mail or phone.

use crate::rng::Rng;

pub struct Person {
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub female: bool,
}

struct Country {
    weight: u32,
    male: &'static [&'static str],
    female: &'static [&'static str],
    /// (male form, female form)
    surnames: &'static [(&'static str, &'static str)],
    phone_prefix: &'static str,
    mail_hosts: &'static [&'static str],
}

const CZECH: Country = Country {
    weight: 62,
    male: &[
        "Jan", "Petr", "Tomáš", "Martin", "Jiří", "Pavel", "Lukáš", "Jakub", "Ondřej", "Michal", "Vojtěch", "Zdeněk",
    ],
    female: &["Jana", "Petra", "Lucie", "Tereza", "Eva", "Kateřina", "Markéta", "Veronika", "Hana", "Lenka", "Zuzana"],
    surnames: &[
        ("Novák", "Nováková"),
        ("Svoboda", "Svobodová"),
        ("Dvořák", "Dvořáková"),
        ("Černý", "Černá"),
        ("Procházka", "Procházková"),
        ("Kučera", "Kučerová"),
        ("Veselý", "Veselá"),
        ("Horák", "Horáková"),
        ("Němec", "Němcová"),
        ("Pokorný", "Pokorná"),
        ("Marek", "Marková"),
        ("Pospíšil", "Pospíšilová"),
        ("Hájek", "Hájková"),
        ("Jelínek", "Jelínková"),
        ("Král", "Králová"),
        ("Růžička", "Růžičková"),
        ("Beneš", "Benešová"),
        ("Fiala", "Fialová"),
        ("Sedláček", "Sedláčková"),
        ("Doležal", "Doležalová"),
        ("Zeman", "Zemanová"),
        ("Kolář", "Kolářová"),
        ("Navrátil", "Navrátilová"),
        ("Čermák", "Čermáková"),
    ],
    phone_prefix: "+420",
    mail_hosts: &["seznam.cz", "email.cz", "gmail.com", "centrum.cz", "post.cz"],
};

const GERMAN: Country = Country {
    weight: 14,
    male: &["Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jürgen", "Florian"],
    female: &["Sabine", "Claudia", "Julia", "Katrin", "Anja", "Monika"],
    surnames: &[
        ("Müller", "Müller"),
        ("Schmidt", "Schmidt"),
        ("Schneider", "Schneider"),
        ("Fischer", "Fischer"),
        ("Weber", "Weber"),
        ("Wagner", "Wagner"),
        ("Becker", "Becker"),
        ("Hofmann", "Hofmann"),
    ],
    phone_prefix: "+49",
    mail_hosts: &["web.de", "gmx.de", "t-online.de"],
};

const AUSTRIAN: Country = Country {
    weight: 7,
    male: &["Lukas", "Florian", "Georg", "Wolfgang"],
    female: &["Theresa", "Magdalena", "Birgit"],
    surnames: &[("Gruber", "Gruber"), ("Huber", "Huber"), ("Bauer", "Bauer"), ("Pichler", "Pichler")],
    phone_prefix: "+43",
    mail_hosts: &["aon.at", "gmx.at"],
};

const SLOVAK: Country = Country {
    weight: 7,
    male: &["Marek", "Juraj", "Peter", "Matúš"],
    female: &["Zuzana", "Mária", "Ivana", "Lucia"],
    surnames: &[("Horváth", "Horváthová"), ("Kováč", "Kováčová"), ("Varga", "Vargová"), ("Tóth", "Tóthová")],
    phone_prefix: "+421",
    mail_hosts: &["azet.sk", "gmail.com"],
};

const POLISH: Country = Country {
    weight: 5,
    male: &["Piotr", "Krzysztof", "Tomasz", "Paweł"],
    female: &["Anna", "Agnieszka", "Małgorzata", "Katarzyna"],
    surnames: &[("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik")],
    phone_prefix: "+48",
    mail_hosts: &["wp.pl", "onet.pl"],
};

const DUTCH: Country = Country {
    weight: 3,
    male: &["Daan", "Sander", "Pieter"],
    female: &["Femke", "Sanne", "Anouk"],
    surnames: &[("de Vries", "de Vries"), ("Jansen", "Jansen"), ("van Dijk", "van Dijk"), ("Bakker", "Bakker")],
    phone_prefix: "+31",
    mail_hosts: &["ziggo.nl", "gmail.com"],
};

const ENGLISH: Country = Country {
    weight: 2,
    male: &["James", "Oliver", "Daniel"],
    female: &["Emily", "Charlotte", "Sarah"],
    surnames: &[("Smith", "Smith"), ("Taylor", "Taylor"), ("Brown", "Brown"), ("Wilson", "Wilson")],
    phone_prefix: "+44",
    mail_hosts: &["gmail.com", "outlook.com"],
};

const COUNTRIES: [&Country; 7] = [&CZECH, &GERMAN, &AUSTRIAN, &SLOVAK, &POLISH, &DUTCH, &ENGLISH];

/// Lower-case ASCII for an e-mail address: "Kateřina Růžičková" → "katerina.ruzickova".
fn mail_part(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let plain = match c {
                'á' | 'Á' | 'ä' | 'Ä' => 'a',
                'č' | 'Č' | 'ć' => 'c',
                'ď' | 'Ď' => 'd',
                'é' | 'É' | 'ě' | 'Ě' | 'ę' => 'e',
                'í' | 'Í' => 'i',
                'ł' | 'Ł' => 'l',
                'ň' | 'Ň' | 'ń' => 'n',
                'ó' | 'Ó' | 'ö' | 'Ö' => 'o',
                'ř' | 'Ř' => 'r',
                'š' | 'Š' | 'ś' => 's',
                'ť' | 'Ť' => 't',
                'ú' | 'Ú' | 'ů' | 'Ů' | 'ü' | 'Ü' => 'u',
                'ý' | 'Ý' => 'y',
                'ž' | 'Ž' | 'ź' | 'ż' => 'z',
                ' ' => '.',
                c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
                _ => return None,
            };
            Some(plain)
        })
        .collect()
}

pub fn guests(seed: u64, count: u32) -> Vec<Person> {
    let mut rng = Rng::derive(seed, "reservanto-people");
    let weighted: Vec<(&Country, u32)> = COUNTRIES.iter().map(|c| (*c, c.weight)).collect();
    (0..count)
        .map(|_| {
            let country = *rng.weighted(&weighted);
            let female = rng.percent(50);
            let (male_form, female_form) = *rng.pick(country.surnames);
            let last = if female { female_form } else { male_form };
            let names = if female { country.female } else { country.male };
            let mut first = rng.pick(names).to_string();
            if rng.percent(3) {
                let second = rng.pick(names);
                if *second != first {
                    first = format!("{first} {second}");
                }
            }
            // A few profiles typed into the one name field: only a surname.
            let first_name = (!rng.percent(3)).then_some(first);
            let email = rng.percent(85).then(|| {
                let host = rng.pick(country.mail_hosts);
                let user = match &first_name {
                    Some(f) if rng.percent(70) => format!("{}.{}", mail_part(f), mail_part(last)),
                    Some(f) => {
                        format!("{}{}{}", mail_part(f).chars().next().unwrap_or('x'), mail_part(last), rng.range(1, 99))
                    }
                    None => format!("{}{}", mail_part(last), rng.range(10, 999)),
                };
                format!("{user}@{host}")
            });
            let phone = rng.percent(75).then(|| {
                let national = if country.phone_prefix == "+420" {
                    format!("{}{:08}", rng.pick(&[6, 7]), rng.range(0, 99_999_999))
                } else {
                    format!("{}{:08}", rng.range(1, 9), rng.range(0, 99_999_999))
                };
                format!("{}{national}", country.phone_prefix)
            });
            Person { first_name, last_name: last.to_owned(), email, phone, female }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_plain_ascii() {
        assert_eq!(mail_part("Kateřina Růžičková"), "katerina.ruzickova");
        assert_eq!(mail_part("de Vries"), "de.vries");
        let people = guests(3, 300);
        assert!(people.iter().filter_map(|p| p.email.as_ref()).all(|e| e.is_ascii() && e.contains('@')));
        assert!(people.iter().any(|p| p.first_name.is_none()));
        assert!(people.iter().any(|p| p.phone.as_deref().is_some_and(|ph| ph.starts_with("+49"))));
    }
}
