/** Invented people from many languages; each name has a native and a Latin spelling. */

export interface NameCulture {
  language: string;
  /** [native spelling, Latin spelling] */
  firstNames: [string, string][];
  lastNames: [string, string][];
  /** Family name first (as in Japanese, Chinese, Korean). */
  familyFirst: boolean;
  /** Share of members whose slug keeps the native letters (percent-encoded in URLs). */
  nativeSlugShare: number;
  locations: string[];
}

const same = (names: string[]): [string, string][] => names.map((name) => [name, name]);

export const NAME_CULTURES: NameCulture[] = [
  {
    language: 'en',
    firstNames: same(['John', 'Emily', 'Michael', 'Sarah', 'David', 'Olivia', 'James', 'Grace']),
    lastNames: same(['Smith', 'Johnson', 'Walker', 'Bennett', 'Hughes', 'Carter', "O'Neill"]),
    familyFirst: false,
    nativeSlugShare: 0,
    locations: [
      'London, England, United Kingdom',
      'Austin, Texas, United States',
      'Dublin, Ireland',
    ],
  },
  {
    language: 'pl',
    firstNames: [
      ['Zofia', 'Zofia'],
      ['Łukasz', 'Lukasz'],
      ['Małgorzata', 'Malgorzata'],
      ['Paweł', 'Pawel'],
      ['Agnieszka', 'Agnieszka'],
      ['Sławomir', 'Slawomir'],
    ],
    lastNames: [
      ['Średni', 'Sredni'],
      ['Wiśniewska', 'Wisniewska'],
      ['Kowalczyk', 'Kowalczyk'],
      ['Żak', 'Zak'],
      ['Dąbrowski', 'Dabrowski'],
    ],
    familyFirst: false,
    nativeSlugShare: 0.6,
    locations: ['Warsaw, Mazowieckie, Poland', 'Kraków, Małopolskie, Poland'],
  },
  {
    language: 'de',
    firstNames: same(['Jürgen', 'Anna', 'Lukas', 'Sophie', 'Matthias', 'Lena']),
    lastNames: same(['Müller', 'Schröder', 'Weiß', 'Becker', 'von Hohenberg']),
    familyFirst: false,
    nativeSlugShare: 0.3,
    locations: ['Berlin, Germany', 'München, Bayern, Germany', 'Zürich, Switzerland'],
  },
  {
    language: 'fr',
    firstNames: same(['Amélie', 'Jérôme', 'Chloé', 'François', 'Léa', 'Mathieu']),
    lastNames: same(['Dubois', 'Lefèvre', 'Moreau', 'Girard', 'de la Fontaine']),
    familyFirst: false,
    nativeSlugShare: 0.3,
    locations: ['Paris, Île-de-France, France', 'Lyon, Auvergne-Rhône-Alpes, France'],
  },
  {
    language: 'es',
    firstNames: same(['José', 'María', 'Íñigo', 'Lucía', 'Álvaro', 'Carmen']),
    lastNames: same(['García', 'Martínez', 'Núñez', 'Rodríguez', 'Peña']),
    familyFirst: false,
    nativeSlugShare: 0.3,
    locations: ['Madrid, Community of Madrid, Spain', 'Ciudad de México, Mexico'],
  },
  {
    language: 'it',
    firstNames: same(['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara']),
    lastNames: same(['Rossi', 'Bianchi', 'Esposito', 'Ricci', 'De Luca']),
    familyFirst: false,
    nativeSlugShare: 0,
    locations: ['Milan, Lombardy, Italy', 'Rome, Latium, Italy'],
  },
  {
    language: 'ru',
    firstNames: [
      ['Мария', 'Maria'],
      ['Дмитрий', 'Dmitry'],
      ['Анна', 'Anna'],
      ['Сергей', 'Sergey'],
    ],
    lastNames: [
      ['Иванова', 'Ivanova'],
      ['Смирнов', 'Smirnov'],
      ['Кузнецова', 'Kuznetsova'],
      ['Попов', 'Popov'],
    ],
    familyFirst: false,
    nativeSlugShare: 0.5,
    locations: ['Almaty, Kazakhstan', 'Tbilisi, Georgia', 'Belgrade, Serbia'],
  },
  {
    language: 'uk',
    firstNames: [
      ['Олена', 'Olena'],
      ['Тарас', 'Taras'],
      ['Ірина', 'Iryna'],
    ],
    lastNames: [
      ['Шевченко', 'Shevchenko'],
      ['Коваленко', 'Kovalenko'],
      ['Бондаренко', 'Bondarenko'],
    ],
    familyFirst: false,
    nativeSlugShare: 0.5,
    locations: ['Kyiv, Ukraine', 'Lviv, Ukraine'],
  },
  {
    language: 'el',
    firstNames: [
      ['Γιώργος', 'Giorgos'],
      ['Ελένη', 'Eleni'],
      ['Νίκος', 'Nikos'],
    ],
    lastNames: [
      ['Παπαδόπουλος', 'Papadopoulos'],
      ['Οικονόμου', 'Oikonomou'],
    ],
    familyFirst: false,
    nativeSlugShare: 0.3,
    locations: ['Athens, Attiki, Greece', 'Thessaloniki, Central Macedonia, Greece'],
  },
  {
    language: 'ja',
    firstNames: [
      ['結衣', 'Yui'],
      ['翔太', 'Shota'],
      ['陽菜', 'Hina'],
      ['大輔', 'Daisuke'],
    ],
    lastNames: [
      ['田中', 'Tanaka'],
      ['佐藤', 'Sato'],
      ['鈴木', 'Suzuki'],
      ['高橋', 'Takahashi'],
    ],
    familyFirst: true,
    nativeSlugShare: 0.3,
    locations: ['Tokyo, Japan', 'Osaka, Japan'],
  },
  {
    language: 'zh',
    firstNames: [
      ['伟', 'Wei'],
      ['芳', 'Fang'],
      ['静', 'Jing'],
      ['浩然', 'Haoran'],
    ],
    lastNames: [
      ['王', 'Wang'],
      ['李', 'Li'],
      ['张', 'Zhang'],
      ['陈', 'Chen'],
    ],
    familyFirst: true,
    nativeSlugShare: 0.2,
    locations: ['Shanghai, China', 'Singapore', 'Taipei City, Taiwan'],
  },
  {
    language: 'ko',
    firstNames: [
      ['지훈', 'Jihoon'],
      ['서연', 'Seoyeon'],
      ['민준', 'Minjun'],
    ],
    lastNames: [
      ['김', 'Kim'],
      ['이', 'Lee'],
      ['박', 'Park'],
    ],
    familyFirst: true,
    nativeSlugShare: 0.2,
    locations: ['Seoul, South Korea', 'Busan, South Korea'],
  },
  {
    language: 'ar',
    firstNames: [
      ['محمد', 'Mohammed'],
      ['فاطمة', 'Fatima'],
      ['يوسف', 'Youssef'],
      ['ليلى', 'Layla'],
    ],
    lastNames: [
      ['الحسن', 'Al-Hassan'],
      ['منصور', 'Mansour'],
      ['حداد', 'Haddad'],
    ],
    familyFirst: false,
    nativeSlugShare: 0.3,
    locations: ['Dubai, United Arab Emirates', 'Riyadh, Saudi Arabia', 'Cairo, Egypt'],
  },
  {
    language: 'hi',
    firstNames: same(['Ananya', 'Rahul', 'Priya', 'Arjun', 'Sneha', 'Vikram']),
    lastNames: same(['Sharma', 'Iyer', 'Reddy', 'Chopra', 'Nair']),
    familyFirst: false,
    nativeSlugShare: 0,
    locations: ['Bengaluru, Karnataka, India', 'Pune, Maharashtra, India'],
  },
  {
    language: 'tr',
    firstNames: same(['Ayşe', 'Mehmet', 'Çağla', 'Emre']),
    lastNames: same(['Yılmaz', 'Öztürk', 'Şahin', 'Doğan']),
    familyFirst: false,
    nativeSlugShare: 0.4,
    locations: ['Istanbul, Türkiye', 'Ankara, Türkiye'],
  },
  {
    language: 'vi',
    firstNames: same(['Minh', 'Thảo', 'Quang', 'Hương']),
    lastNames: same(['Nguyễn', 'Trần', 'Phạm']),
    familyFirst: false,
    nativeSlugShare: 0.2,
    locations: ['Ho Chi Minh City, Vietnam', 'Hanoi, Vietnam'],
  },
];

export const TITLES = [
  'Founder',
  'Co-Founder & CEO',
  'Software Engineer',
  'Senior Product Manager',
  'VP Sales',
  'Talent Acquisition Partner',
  'Data Scientist',
  'Chief Technology Officer',
  'Account Executive',
  'UX Designer',
];

export const COMPANIES = [
  'Northwind Labs',
  'Acme Analytics',
  'Blue Harbor GmbH',
  'Zenit Sp. z o.o.',
  'さくらシステム株式会社',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Tiber & Co.',
  'Вектор Технологии',
];

export const EMOJI = ['🚀', '🌍', '✨', '📈', '🇵🇱', '🎯'];

export const CREDENTIAL_SUFFIXES = [', PhD', ', MBA', ', CFA', ', PMP'];
