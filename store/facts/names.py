"""Word lists for telling names of people from other capitalised words.

All entries are folded (lower case, no accents) so "Nguyễn" and "Nguyen" match.
"""

from __future__ import annotations

from functools import lru_cache

from newsdesk.store.dates import MONTH_NAMES, WEEKDAY_NAMES
from newsdesk.store.text import fold

__all__ = [
    "ENTITY_WORDS",
    "FUNCTION_WORDS",
    "HONORIFICS",
    "NOT_NAME",
    "PLACES",
    "PORTFOLIO",
    "VN_SURNAMES",
    "is_place",
    "is_vn_surname",
    "name_key",
    "short_forms",
]

VN_SURNAMES = frozenset(
    """
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly luong to dinh
trinh mai dao truong lam ha cao doan trieu ta lai chu kieu quach thai tong la
""".split()
)

HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. comrade m. mme mme. mlle camarade madame monsieur sir".split()
)

# Places that look like names ("Hà Nội", "Bình Dương", "Long An").
PLACES = frozenset(
    """
viet nam|vietnam|china|ha noi|hanoi|ho chi minh city|hcm city|binh duong|da nang|hai phong
can tho|hue|quang ninh|hai duong|long an|dong nai|bac ninh|thai nguyen|nghe an|thanh hoa
khanh hoa|lam dong|quang nam|ba ria-vung tau|vinh phuc|ha tinh|ninh binh|zhejiang|guangxi
beijing|wuzhen|shanghai|guangdong|yunnan|laos|cambodia|thailand|singapore|japan|korea
france|paris|europe|asia|asean|africa|america|lao cai|ha giang|son la|dien bien|kien giang
an giang|tay ninh|binh phuoc|binh thuan|phu yen|gia lai|kon tum|dak lak|ca mau|bac lieu
germany|italy|spain|portugal|netherlands|belgium|switzerland|austria|sweden|norway|denmark
finland|poland|russia|ukraine|turkey|india|pakistan|bangladesh|indonesia|malaysia
philippines|myanmar|brunei|timor-leste|mongolia|taiwan|hong kong|macau|australia
new zealand|canada|mexico|brazil|argentina|chile|peru|colombia|egypt|nigeria|kenya
south africa|israel|iran|iraq|saudi arabia|qatar|united arab emirates|uae|kuwait
united states|us|usa|uk|united kingdom|britain|england|ireland|greece|hungary|czech republic
romania|bulgaria|serbia|croatia|cuba|venezuela|tokyo|seoul|bangkok|jakarta|manila|delhi
new york|washington|london|berlin|moscow|geneva|brussels|southeast asia|latin america
middle east|allemagne|italie|espagne|belgique|suisse|autriche|suede|norvege|russie|inde
indonesie|malaisie|birmanie|australie|bresil|egypte|etats-unis|royaume-uni|chine|japon
coree|coree du sud|thailande|cambodge|singapour|hanoi|pekin|asie|afrique|amerique
morocco|algeria|tunisia|libya|ethiopia|ghana|senegal|angola|mozambique|tanzania|uganda
cameroon|ivory coast|cote d'ivoire|madagascar|zimbabwe|zambia|malta|cyprus|slovakia
slovenia|estonia|latvia|lithuania|belarus|moldova|albania|north macedonia|montenegro
bosnia and herzegovina|iceland|luxembourg|monaco|kazakhstan|uzbekistan|azerbaijan|armenia
georgia|sri lanka|nepal|bhutan|maldives|afghanistan|syria|jordan|lebanon|oman|bahrain
yemen|north korea|south korea|dprk|fiji|papua new guinea|ecuador|bolivia|paraguay|uruguay
panama|costa rica|guatemala|honduras|nicaragua|el salvador|dominican republic|jamaica
maroc|algerie|tunisie|libye|ethiopie|senegal|cameroun|malte|chypre|grece|roumanie
pologne|hongrie|republique tcheque|slovaquie|bulgarie|serbie|croatie|pays-bas|irlande
danemark|finlande|portugal|ukraine|turquie|iran|irak|arabie saoudite|emirats arabes unis
nouvelle-zelande|mexique|argentine|perou|colombie|venezuela|nigeria|afrique du sud
kazakhstan|ouzbekistan|mongolie|laos|brunei|philippines|bangladesh|sri lanka|nepal
""".replace("\n", "|").split("|")
)

# Capitalised words that never start or make up a person's name.
FUNCTION_WORDS = frozenset(
    """
the a an this that these those it its he she they we i you his her their our in on at of
for and but or to with by from as after before during while when if since also however
le la les l' un une des du de et il elle ils elles ce cette ces son sa ses leur selon
""".split()
)
ENTITY_WORDS = frozenset(
    """
government party state national international global world committee ministry people
internet digital day summit forum conference index programme program vietnamese
photo ltd inc corp group
prime minister president chairman secretary deputy general governor
ltd inc corp co jsc plc llc company corporation
""".split()
) | frozenset((*MONTH_NAMES["en"], *WEEKDAY_NAMES["en"]))
NOT_NAME = FUNCTION_WORDS | ENTITY_WORDS


# Words of ministries' and offices' names ("Minister of Information and Communications"):
# a name after them in a title is a person ("… and Communications Nguyễn Mạnh Hùng").
PORTFOLIO = frozenset(
    """
information communications communication public security planning investment foreign affairs
home defence defense finance trade industry health education training science technology
natural resources environment agriculture rural development labour labor invalids social
justice culture sports tourism construction transport transportation digital national
economy economic innovation energy interior state bank commerce party committee people's
provincial central organisation organization commission propaganda inspection ethnic
minority minorities office government statistics general department customs taxation
treasury affairs relations international cooperation external internal home land affairs
media press publishing broadcasting telecommunications posts data cyber policy policies
research services service youth women children family welfare population veterans
""".split()
)


@lru_cache(maxsize=1 << 16)  # rules ask again and again for the same words
def name_key(name: str) -> str:
    """The comparison key of a name: folded, hyphens and spacing unified."""
    return " ".join(fold(name).replace("-", " ").replace("'", " ").split())


_PLACE_KEYS = frozenset(name_key(p) for p in PLACES if p.strip())


def is_vn_surname(word: str) -> bool:
    return fold(word) in VN_SURNAMES


@lru_cache(maxsize=1 << 14)  # the same capitalised words recur in an article and a corpus
def is_place(words: str) -> bool:
    return name_key(words) in _PLACE_KEYS


def short_forms(key: str) -> list[str]:
    """The one-word forms a full name (a key) goes by: the given name of a Vietnamese
    name ("long" for "le thanh long"), else the first and last words ("lu", "dongliang")."""
    words = key.split()
    if len(words) < 2:
        return []
    if is_vn_surname(words[0]):
        return [words[-1]]
    return [words[0], words[-1]]
