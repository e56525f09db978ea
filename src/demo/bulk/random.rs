//! What generated rows are made of: a seeded die, the calendar of the
//! generated years, who the documents go to, names and products.

use super::{DemoError, HEAVY_SHARE, SPAN_DAYS};
use crate::domain::{totals::LineTerms, Currency};

pub const FIRST_NAMES: [&str; 24] = [
    "Ana", "Andrei", "Bianca", "Carmen", "Cristian", "Diana", "Elena", "Florin", "Gabriela",
    "Ioana", "Javier", "Laura", "Lucía", "Marius", "Mihai", "Nicoleta", "Pablo", "Raluca",
    "Sergio", "Sofía", "Ștefan", "Teodora", "Valentin", "Zoe",
];
pub const LAST_NAMES: [&str; 24] = [
    "Popescu",
    "Ionescu",
    "Popa",
    "Dumitru",
    "Stan",
    "Stoica",
    "Gheorghe",
    "Matei",
    "Ciobanu",
    "Rusu",
    "Munteanu",
    "Constantin",
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
];
pub const COMPANY_WORDS: [&str; 12] = [
    "Carpați", "Dunărea", "Iberia", "Meseta", "Litoral", "Nordic", "Sol", "Atlas", "Orizont",
    "Vértice", "Delta", "Andina",
];

/// A small deterministic generator (SplitMix64): the data needs variety,
/// not secrecy, and a seed makes a run repeatable.
pub struct Dice(pub u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// True `per_mille` times in a thousand.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Days from the first generated date to `SPAN_DAYS` + 400 days after it,
/// as text and as the Unix time of that day's morning: formatted once, not
/// per row.
pub struct Calendar {
    days: Vec<String>,
    first_timestamp: i64,
    /// The index of today.
    pub today: usize,
}

impl Calendar {
    pub fn new() -> Self {
        let today = chrono::Utc::now().date_naive();
        let first = today - chrono::Duration::days(SPAN_DAYS - 1);
        let days = (0..SPAN_DAYS + 400)
            .map(|k| {
                (first + chrono::Duration::days(k))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .collect();
        let first_timestamp = first
            .and_hms_opt(9, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp());
        Self {
            days,
            first_timestamp,
            today: (SPAN_DAYS - 1) as usize,
        }
    }

    pub fn day(&self, index: usize) -> &str {
        &self.days[index.min(self.days.len() - 1)]
    }

    pub fn timestamp(&self, index: usize) -> i64 {
        self.first_timestamp + index as i64 * 86_400
    }
}

/// Who generated documents go to, with a skew: the heavy customer gets
/// `HEAVY_SHARE` percent, the others a long tail (the first ones most).
pub struct Customers {
    pub heavy: i64,
    pub others: Vec<i64>,
}

impl Customers {
    pub fn pick(&self, dice: &mut Dice) -> i64 {
        if self.others.is_empty() || dice.below(100) < HEAVY_SHARE {
            return self.heavy;
        }
        let u = dice.unit();
        let index = ((self.others.len() as f64) * u * u) as usize;
        self.others[index.min(self.others.len() - 1)]
    }

    /// Each customer pays in one currency; most in lei, some in euros.
    pub fn currency(&self, customer: i64) -> Currency {
        if customer != self.heavy && customer % 5 == 0 {
            Currency::Eur
        } else {
            Currency::Ron
        }
    }
}

/// What is sold: a description, a typical unit price in minor units, the
/// tax rate in basis points, and whether it is counted in hours.
const PRODUCTS: [(&str, i64, i64, bool); 12] = [
    ("Consultanță logistică (ore)", 30_000, 1_900, true),
    ("Paleți EUR", 4_500, 1_900, false),
    ("Transpalet manual 2,5 t", 189_000, 1_900, false),
    ("Cititor coduri de bare", 74_900, 1_900, false),
    ("Licență software inventar", 250_000, 1_900, false),
    ("Etichete termice (role)", 1_850, 900, false),
    ("Abonament suport lunar", 49_900, 1_900, false),
    ("Transport și montaj", 35_000, 1_900, false),
    ("Instruire personal (ore)", 18_000, 1_900, true),
    ("Estanterías industriales", 32_000, 2_100, false),
    ("Instalación (horas)", 4_500, 2_100, true),
    ("Deplasare", 45_000, 0, false),
];

/// A generated line: its description, terms, untaxed amount and tax.
pub type Line = (&'static str, LineTerms, i64, i64);

/// One line with varied terms, and its amounts by the one rule.
pub fn generated_line(dice: &mut Dice) -> Result<Line, DemoError> {
    let (description, price, tax_bp, hours) = *dice.pick(&PRODUCTS);
    let units = if hours {
        1 + dice.below(40)
    } else {
        1 + dice.below(24)
    } as i64;
    let terms = LineTerms {
        quantity_milli: units * 1_000,
        // ±25 % around the list price.
        unit_price: price * (75 + dice.below(51) as i64) / 100,
        discount_bp: if dice.chance(100) {
            *dice.pick(&[500, 1_000, 1_500])
        } else {
            0
        },
        tax_bp,
    };
    let sums = crate::domain::totals::totals(&[terms]).ok_or(DemoError::Generated(
        "a generated line's amounts do not fit",
    ))?;
    Ok((description, terms, sums.untaxed, sums.tax))
}
