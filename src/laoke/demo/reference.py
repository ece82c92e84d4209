"""Static reference tables of the demo book: countries, currencies, the product catalogue.

Pure data, no Django: the generator draws from these with a seeded random generator.
Exchange levels are rough 2024 values (US dollars per unit); they only need to look plausible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryRef:
    """A country the demo exporter sells to, with what a customer there usually looks like."""

    code: str  # ISO 3166-1 alpha-2
    currency: str  # the currency its customers usually pay in
    language: str  # contact language (BCP 47)
    weight: float  # relative share of customers
    policy_risk: int  # 1 low … 5 high (tariffs, sanctions, instability)
    policy_note: str
    surnames: tuple[str, ...]
    first_names: tuple[str, ...]
    company_forms: tuple[str, ...]  # name patterns; {s} = surname, {w} = trade word


_EU_FIRST = ("Anna", "Lukas", "Marie", "Jan", "Sofia", "Thomas", "Elena", "Marco")

# fmt: off
COUNTRIES: tuple[CountryRef, ...] = (
    CountryRef("US", "USD", "en", 14, 4, "Section 301 tariffs on Chinese chemicals",
               ("Miller", "Johnson", "Carter", "Brooks", "Hayes"), ("John", "Emily", "Mike", "Sarah"),
               ("{s} Coatings Inc.", "{s} {w} LLC", "American {w} Corp.")),
    CountryRef("DE", "EUR", "de", 9, 2, "EU REACH registration needed",
               ("Müller", "Schmidt", "Weber", "Becker", "Wagner"), ("Stefan", "Julia", "Klaus", "Katrin"),
               ("{s} Chemie GmbH", "{s} Farben GmbH & Co. KG", "{w}werk {s} AG")),
    CountryRef("GB", "GBP", "en", 6, 2, "UK REACH after Brexit",
               ("Smith", "Taylor", "Evans", "Walker", "Wright"), ("Oliver", "Emma", "Harry", "Lucy"),
               ("{s} & Sons Ltd", "{s} {w} plc", "British {w} Ltd")),
    CountryRef("FR", "EUR", "fr", 5, 2, "EU REACH registration needed",
               ("Martin", "Bernard", "Dubois", "Moreau", "Laurent"), ("Pierre", "Camille", "Louis", "Chloé"),
               ("{s} Chimie SAS", "Société {s}", "{s} Peintures SA")),
    CountryRef("IT", "EUR", "it", 5, 2, "EU REACH registration needed",
               ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"), ("Luca", "Giulia", "Matteo", "Chiara"),
               ("{s} Vernici S.p.A.", "{s} Chimica S.r.l.", "Colorificio {s}")),
    CountryRef("ES", "EUR", "es", 4, 2, "EU REACH registration needed",
               ("García", "López", "Martínez", "Sánchez", "Pérez"), ("Javier", "Lucía", "Pablo", "Marta"),
               ("{s} Químicos S.L.", "Pinturas {s} S.A.", "{s} Industrial S.A.")),
    CountryRef("NL", "EUR", "nl", 3, 1, "EU REACH registration needed",
               ("de Jong", "Jansen", "Visser", "Bakker", "Smit"), ("Daan", "Sanne", "Bram", "Lotte"),
               ("{s} Chemicals B.V.", "{s} Trading B.V.")),
    CountryRef("BE", "EUR", "nl", 2, 1, "EU REACH registration needed",
               ("Peeters", "Janssens", "Maes", "Claes"), _EU_FIRST, ("{s} Coatings NV", "{s} Chemie BV")),
    CountryRef("PL", "PLN", "pl", 3, 2, "EU anti-dumping duties on some pigments",
               ("Nowak", "Kowalski", "Wiśniewski", "Wójcik"), ("Piotr", "Anna", "Tomasz", "Agnieszka"),
               ("{s} Chemia Sp. z o.o.", "Farby {s} S.A.")),
    CountryRef("CH", "CHF", "de", 2, 1, "Stable; Swiss chemical rules close to REACH",
               ("Meier", "Keller", "Huber", "Frei"), ("Urs", "Claudia", "Reto", "Sandra"),
               ("{s} Chemie AG", "{s} Colors AG")),
    CountryRef("SE", "SEK", "sv", 1.5, 1, "EU REACH registration needed",
               ("Andersson", "Johansson", "Karlsson", "Nilsson"), ("Erik", "Karin", "Lars", "Ingrid"),
               ("{s} Kemi AB", "{s} Färg AB")),
    CountryRef("JP", "JPY", "ja", 5, 2, "Strict quality documentation; stable trade",
               ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe"), ("Hiroshi", "Yuki", "Kenji", "Aiko"),
               ("{s} Kagaku K.K.", "{s} Toryo Co., Ltd.", "{s} Shoji K.K.")),
    CountryRef("KR", "KRW", "ko", 4, 2, "FTA with China; K-REACH registration",
               ("Kim", "Lee", "Park", "Choi", "Jung"), ("Minjun", "Jiwoo", "Seoyeon", "Hyun"),
               ("{s} Chemical Co., Ltd.", "{s} Paint Corp.")),
    CountryRef("AU", "AUD", "en", 4, 2, "ChAFTA; occasional political friction",
               ("Wilson", "Anderson", "Thompson", "Kelly"), ("Jack", "Olivia", "Liam", "Chloe"),
               ("{s} Industries Pty Ltd", "{s} {w} Pty Ltd")),
    CountryRef("NZ", "NZD", "en", 1, 1, "China–NZ FTA",
               ("Harris", "Clarke", "Young", "King"), ("Sam", "Grace", "Ben", "Ruby"), ("{s} Paints Ltd",)),
    CountryRef("CA", "CAD", "en", 4, 3, "Surtaxes on some Chinese goods",
               ("Tremblay", "Roy", "Gagnon", "Campbell"), ("Noah", "Emma", "Félix", "Ava"),
               ("{s} Coatings Ltd.", "{s} Chemical Inc.")),
    CountryRef("MX", "MXN", "es", 3, 3, "Tariff increases on Asian imports",
               ("Hernández", "González", "Ramírez", "Flores"), ("Carlos", "María", "José", "Fernanda"),
               ("{s} Pinturas S.A. de C.V.", "Químicos {s} S.A. de C.V.")),
    CountryRef("BR", "BRL", "pt", 4, 3, "High import duties, slow customs",
               ("Silva", "Santos", "Oliveira", "Souza", "Costa"), ("João", "Ana", "Pedro", "Beatriz"),
               ("{s} Tintas Ltda.", "{s} Química S.A.")),
    CountryRef("CL", "USD", "es", 1.5, 2, "FTA with China",
               ("Muñoz", "Rojas", "Díaz", "Soto"), ("Diego", "Valentina", "Tomás", "Catalina"),
               ("{s} Pinturas SpA",)),
    CountryRef("CO", "USD", "es", 1.5, 3, "Currency controls at times",
               ("Gómez", "Rodríguez", "Vargas", "Castro"), ("Andrés", "Laura", "Felipe", "Daniela"),
               ("{s} Químicos S.A.S.",)),
    CountryRef("IN", "INR", "en", 5, 4, "Anti-dumping duties on Chinese pigments and TiO2",
               ("Sharma", "Patel", "Gupta", "Singh", "Mehta"), ("Rahul", "Priya", "Amit", "Neha"),
               ("{s} Chemicals Pvt. Ltd.", "{s} Paints Ltd.", "{s} Dyes & Intermediates")),
    CountryRef("PK", "USD", "en", 1.5, 3, "L/C usually required; FX shortages",
               ("Khan", "Ahmed", "Malik", "Hussain"), ("Ali", "Ayesha", "Usman", "Sana"),
               ("{s} Traders", "{s} Chemical Industries")),
    CountryRef("AE", "AED", "en", 3, 1, "Re-export hub, low duties",
               ("Al Mansoori", "Al Nuaimi", "Haddad", "Rahman"), ("Omar", "Fatima", "Khalid", "Layla"),
               ("{s} General Trading LLC", "{s} Paints FZE")),
    CountryRef("SA", "SAR", "ar", 3, 2, "SASO certification needed",
               ("Al Qahtani", "Al Harbi", "Al Otaibi", "Al Zahrani"), ("Abdullah", "Noura", "Faisal", "Sara"),
               ("{s} Trading Est.", "{s} Industrial Co.")),
    CountryRef("TR", "TRY", "tr", 3, 4, "Volatile lira, anti-dumping probes",
               ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"), ("Mehmet", "Ayşe", "Emre", "Zeynep"),
               ("{s} Boya A.Ş.", "{s} Kimya Ltd. Şti.")),
    CountryRef("EG", "USD", "ar", 1.5, 4, "FX shortages delay payments",
               ("Hassan", "Mahmoud", "Ibrahim", "Said"), ("Ahmed", "Mona", "Youssef", "Heba"),
               ("{s} for Chemicals", "{s} Paints Co.")),
    CountryRef("ZA", "ZAR", "en", 2, 3, "Volatile rand, port delays",
               ("Naidoo", "Botha", "van der Merwe", "Dlamini"), ("Thabo", "Zanele", "Pieter", "Lerato"),
               ("{s} Coatings (Pty) Ltd",)),
    CountryRef("NG", "USD", "en", 1.5, 5, "FX scarcity, payment risk",
               ("Okafor", "Adeyemi", "Bello", "Eze"), ("Chinedu", "Ngozi", "Tunde", "Amaka"),
               ("{s} Industries Nig. Ltd",)),
    CountryRef("KE", "USD", "en", 1, 3, "Port and customs delays",
               ("Kamau", "Otieno", "Mwangi", "Wanjiru"), ("David", "Grace", "Peter", "Mercy"),
               ("{s} Chemicals Ltd",)),
    CountryRef("RU", "RUB", "ru", 3, 5, "Sanctions: payment channels restricted",
               ("Ivanov", "Smirnov", "Kuznetsov", "Popov"), ("Sergey", "Olga", "Dmitry", "Natalia"),
               ("OOO {s} Khim", "OOO {w}-{s}")),
    CountryRef("TH", "THB", "th", 3, 2, "ACFTA; stable",
               ("Saetang", "Chaiyaporn", "Srisuk", "Wongsawat"), ("Somchai", "Nok", "Anan", "Ploy"),
               ("{s} Chemical Co., Ltd.", "Thai {w} Co., Ltd.")),
    CountryRef("VN", "VND", "vi", 3, 2, "ACFTA; growing manufacturing",
               ("Nguyen", "Tran", "Le", "Pham"), ("Minh", "Lan", "Hung", "Mai"),
               ("{s} Paint JSC", "{s} Chemical Co., Ltd.")),
    CountryRef("ID", "IDR", "id", 3, 3, "Import licences (API) required",
               ("Santoso", "Wijaya", "Halim", "Gunawan"), ("Budi", "Dewi", "Agus", "Siti"),
               ("PT {s} Kimia", "PT {w} {s}")),
    CountryRef("MY", "USD", "en", 2, 2, "ACFTA; stable",
               ("Tan", "Lim", "Wong", "Abdullah"), ("Ahmad", "Mei Ling", "Raj", "Nurul"),
               ("{s} Coatings Sdn. Bhd.",)),
    CountryRef("PH", "USD", "en", 1.5, 3, "South China Sea tension",
               ("Santos", "Reyes", "Cruz", "Bautista"), ("Jose", "Maria", "Mark", "Angelica"),
               ("{s} Paints Corp.",)),
    CountryRef("SG", "USD", "en", 1.5, 1, "Free port, low risk",
               ("Tan", "Ng", "Goh", "Chua"), ("Wei Ming", "Hui Min", "Jun Jie", "Xin Yi"),
               ("{s} Trading Pte Ltd",)),
)
# fmt: on

#: currency → (US dollars per unit, yearly volatility %, yearly drift % against the dollar)
CURRENCIES: dict[str, tuple[float, float, float]] = {
    "USD": (1.0, 0.0, 0.0),
    "EUR": (1.08, 7.5, 0.0),
    "GBP": (1.27, 8.5, 0.0),
    "CHF": (1.12, 7.0, 1.0),
    "SEK": (0.095, 10.0, -1.0),
    "PLN": (0.25, 10.0, 0.0),
    "JPY": (0.0068, 10.0, -4.0),
    "KRW": (0.00075, 9.0, -1.5),
    "AUD": (0.66, 10.5, -1.0),
    "NZD": (0.61, 10.5, -1.0),
    "CAD": (0.74, 6.5, -0.5),
    "MXN": (0.055, 13.0, 0.0),
    "BRL": (0.19, 16.0, -4.0),
    "INR": (0.012, 5.0, -2.5),
    "AED": (0.2723, 0.2, 0.0),
    "SAR": (0.2667, 0.2, 0.0),
    "TRY": (0.031, 25.0, -30.0),
    "ZAR": (0.054, 16.0, -4.0),
    "RUB": (0.011, 22.0, -8.0),
    "THB": (0.028, 7.0, 0.0),
    "VND": (0.000040, 3.0, -2.0),
    "IDR": (0.000063, 7.0, -2.0),
}

HOME_CURRENCY = "USD"

#: (category, parent category or ""); parents are listed before their children.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("Pigments 颜料", ""),
    ("Organic pigments 有机颜料", "Pigments 颜料"),
    ("Inorganic pigments 无机颜料", "Pigments 颜料"),
    ("Titanium dioxide 钛白粉", "Pigments 颜料"),
    ("Additives 助剂", ""),
    ("Dispersants 分散剂", "Additives 助剂"),
    ("Defoamers 消泡剂", "Additives 助剂"),
    ("Resins 树脂", ""),
    ("Acrylic resins 丙烯酸树脂", "Resins 树脂"),
    ("Epoxy resins 环氧树脂", "Resins 树脂"),
)

#: (SKU, name, leaf category, base price in USD per kg, months since launch or 0 for long-established)
PRODUCTS: tuple[tuple[str, str, str, float, int], ...] = (
    ("OP-R254", "Pigment Red 254 (DPP, high opacity)", "Organic pigments 有机颜料", 28.0, 0),
    ("OP-R122", "Pigment Red 122 (quinacridone)", "Organic pigments 有机颜料", 32.0, 0),
    ("OP-Y74", "Pigment Yellow 74", "Organic pigments 有机颜料", 14.0, 0),
    ("OP-Y83", "Pigment Yellow 83 (transparent)", "Organic pigments 有机颜料", 19.0, 0),
    ("OP-B15-3", "Pigment Blue 15:3 (β-copper phthalocyanine)", "Organic pigments 有机颜料", 9.5, 0),
    ("OP-G7", "Pigment Green 7", "Organic pigments 有机颜料", 11.0, 0),
    ("OP-V23", "Pigment Violet 23 (carbazole)", "Organic pigments 有机颜料", 38.0, 0),
    ("OP-R254-N", "Pigment Red 254 nano-dispersion grade (new)", "Organic pigments 有机颜料", 41.0, 7),
    ("IP-FE-R130", "Iron oxide red 130", "Inorganic pigments 无机颜料", 1.1, 0),
    ("IP-FE-Y313", "Iron oxide yellow 313", "Inorganic pigments 无机颜料", 1.3, 0),
    ("IP-FE-B330", "Iron oxide black 330", "Inorganic pigments 无机颜料", 1.2, 0),
    ("IP-CR-G", "Chrome oxide green", "Inorganic pigments 无机颜料", 3.6, 0),
    ("IP-BV-Y184", "Bismuth vanadate yellow 184 (lead-free)", "Inorganic pigments 无机颜料", 24.0, 16),
    ("IP-UB-29", "Ultramarine blue 29", "Inorganic pigments 无机颜料", 2.9, 0),
    ("TD-R996", "Titanium dioxide rutile R-996 (sulfate)", "Titanium dioxide 钛白粉", 2.4, 0),
    ("TD-R706", "Titanium dioxide rutile R-706 (chloride)", "Titanium dioxide 钛白粉", 3.1, 0),
    ("TD-A101", "Titanium dioxide anatase A-101", "Titanium dioxide 钛白粉", 2.0, 0),
    ("TD-R902L", "Titanium dioxide R-902 low-heavy-metal (new)", "Titanium dioxide 钛白粉", 3.4, 11),
    ("DS-540", "Wetting and dispersing agent DS-540", "Dispersants 分散剂", 9.0, 0),
    ("DS-2010", "Polymeric dispersant DS-2010 (water-borne)", "Dispersants 分散剂", 14.5, 0),
    ("DS-3300", "Dispersant DS-3300 for high-load colour pastes (new)", "Dispersants 分散剂", 17.0, 5),
    ("DF-028", "Mineral-oil defoamer DF-028", "Defoamers 消泡剂", 4.2, 0),
    ("DF-S90", "Silicone defoamer DF-S90", "Defoamers 消泡剂", 7.8, 0),
    ("DF-V10", "Low-VOC defoamer DF-V10 (new)", "Defoamers 消泡剂", 8.9, 20),
    ("AR-6010", "Thermoplastic acrylic resin AR-6010", "Acrylic resins 丙烯酸树脂", 3.6, 0),
    ("AR-8822", "Hydroxy acrylic resin AR-8822", "Acrylic resins 丙烯酸树脂", 4.1, 0),
    ("AR-W350", "Water-borne acrylic emulsion AR-W350", "Acrylic resins 丙烯酸树脂", 1.9, 0),
    ("AR-W500", "Self-crosslinking acrylic emulsion AR-W500 (new)", "Acrylic resins 丙烯酸树脂", 2.6, 14),
    ("EP-128", "Liquid epoxy resin E-51 / 128", "Epoxy resins 环氧树脂", 2.8, 0),
    ("EP-901", "Solid epoxy resin 901", "Epoxy resins 环氧树脂", 3.2, 0),
    ("EP-H230", "Epoxy curing agent H-230", "Epoxy resins 环氧树脂", 4.4, 0),
    ("EP-W65", "Water-borne epoxy dispersion EP-W65 (new)", "Epoxy resins 环氧树脂", 5.6, 3),
)

TRADE_WORDS = ("Color", "Chem", "Coat", "Pigment", "Polymer", "Paint", "Ink", "Resin")
