"""A seed EN/FR lexicon: frequent news words whose translations are not cognates.

Hand-written for newsdesk (no outside source; MIT like the project). Each row
is ``english forms = french forms``; every form maps to the concepts of the
rows it is in, each named by its row's first English word, which the aligner uses as a shared anchor
(``l:<concept>``). Forms are matched accent-folded and lower-cased, after a
light plural/feminine stripping (:func:`concept`), so rows list only the
forms that stripping does not reach. Words that are cognates ("government" /
"gouvernement") need no row: the cognate test finds them.
"""

from __future__ import annotations

from functools import lru_cache

from newsdesk.store.text import fold

__all__ = ["LEXICON", "concept"]

_ROWS = """
year years = an ans année années annuel annuelle
month months = mois mensuel mensuelle
week weeks = semaine semaines hebdomadaire
day days = jour jours journée journées
today = aujourd'hui aujourd
yesterday = hier
tomorrow = demain
morning = matin matinée
evening night tonight = soir soirée nuit
monday = lundi
tuesday = mardi
wednesday = mercredi
thursday = jeudi
friday = vendredi
saturday = samedi
sunday = dimanche
january = janvier
february = février
april = avril
june = juin
july = juillet
august = août
september = septembre
october = octobre
november = novembre
december = décembre
time times = temps fois moment
hour hours = heure heures
minute minutes = minute minutes
ago earlier = auparavant plus tôt
later = tard ultérieurement
now currently = maintenant actuellement désormais
country countries = pays
city cities town towns = ville villes
state = état états
world worldwide global = monde mondial mondiale mondiaux
government = gouvernement gouvernemental
people = gens personnes population habitants citoyens
man men = homme hommes
woman women = femme femmes
child children kid kids = enfant enfants
boy boys = garçon garçons
girl girls = fille filles
teen teenager teenagers = adolescent adolescente adolescents
family families = famille familles
parent parents = parents
father = père
mother = mère
son = fils
daughter = fille
wife = épouse femme
husband = mari époux
friend friends = ami amis amie
home house houses = maison maisons domicile logement
life lives = vie vies
death deaths dead die died dies dying = mort morts décès décédé décédée meurt mourir
kill killed killing = tuer tué tués tuée
injured wounded = blessé blessés blessée blessures
body bodies = corps
head = tête chef
leader leaders = dirigeant dirigeants chef chefs responsable responsables
chief = chef patron
boss = patron
king = roi
queen = reine
prime = premier
deputy = adjoint vice
spokesman spokeswoman spokesperson = porte-parole
lawyer lawyers attorney = avocat avocats
judge judges = juge juges
court courts = tribunal tribunaux cour
trial = procès
law laws = loi lois
rule rules = règle règles
ruling = décision jugement
sentence sentenced = peine condamné condamnée
prison jail = prison
police = police policiers policier
officer officers = agent agents officier
army troops soldiers = armée troupes soldats militaires
war = guerre
peace = paix
attack attacks attacked = attaque attaques attentat attentats attaqué
bomb bombs bombing = bombe bombes attentat
weapon weapons gun guns = arme armes
fight fighting = combat combats lutte
border borders = frontière frontières
clash clashes = affrontement affrontements accrochage heurts
protest protests protesters = manifestation manifestations manifestants protestation
election elections elected vote votes = élection élections élu élue vote
party = parti
campaign = campagne
power = pouvoir
president = président présidente présidentielle
minister = ministre
ministry = ministère
official officials = responsable responsables officiel officiels
authorities = autorités
agency = agence
company companies firm firms business businesses = entreprise entreprises société sociétés
group groups = groupe groupes
bank banks banking = banque banques bancaire
market markets = marché marchés
money = argent
price prices = prix
cost costs = coût coûts
pay paid = payer payé versé
profit profits = bénéfice bénéfices
loss losses = perte pertes
sales sold sell = ventes vendu vendre
buy bought = acheter acheté achat
growth grow grew = croissance croître hausse
rise rose increase increased = hausse augmentation augmenté progressé
fall fell drop dropped decline = baisse chute recul diminution
share shares = action actions part parts
revenue revenues = recettes revenus chiffre
tax taxes = impôt impôts taxe taxes
trade = commerce commercial commerciale échanges
job jobs = emploi emplois poste postes
work worked working = travail travailler travaillé
worker workers employee employees staff = travailleur travailleurs salarié salariés personnel
plant factory = usine
deal = accord contrat
agreement = accord
talks = entretiens pourparlers négociations discussions
meeting meet met = réunion rencontre rencontrer rencontré
summit = sommet
report reports reported = rapport rapports signalé
news = nouvelles informations actualité
newspaper newspapers paper = journal journaux quotidien
press = presse
media = médias
statement = déclaration communiqué
said says say saying = dit déclaré affirmé indiqué expliqué
told tell = dit raconté
asked ask = demandé demande demander
according = selon
added = ajouté
announced = annoncé
believe believes believed = croire croit croient pense pensent
think thought = penser pense pensé
know known knew = savoir sait connu
want wanted = vouloir veut voulait veulent
found find = trouvé trouver découvert
show shows showed = montrer montre montré
see seen saw = voir vu
come came = venir venu arrivé
go going went gone = aller allé partir
leave left = quitter quitté laissé
take took taken = prendre pris
give gave given = donner donné
make made = faire fait
help helped = aider aidé aide
use used = utiliser utilisé
need needed = besoin
allow allowed = permettre permis autoriser autorisé
expected expect = attendu prévu prévoit
plan plans planned = projet projets prévoit plan
try tried = essayer essayé tenté
call called calls = appeler appelé appel
open opened = ouvrir ouvert
close closed = fermer fermé
start started begin began = commencer commencé débuter début
end ended = fin terminé
keep kept = garder gardé maintenir
lose lost = perdre perdu
win won = gagner gagné remporté
hold held = tenir tenu organisé
car cars = voiture voitures
plane planes aircraft jet jets airplane = avion avions appareil appareils
airline airlines = compagnie compagnies aérienne
airport = aéroport
flight flights = vol vols
seat seats = siège sièges
train trains railway = train trains ferroviaire
road roads = route routes
street streets = rue rues
ship boat = navire bateau
water = eau
fire fires = feu incendie pompiers
sea = mer
river = fleuve rivière
land = terre terrain
school schools = école écoles
student students = étudiant étudiants élève élèves
university = université
hospital hospitals = hôpital hôpitaux
doctor doctors = médecin médecins
health = santé
care = soins
disease = maladie
drug drugs = drogue drogues médicament médicaments
research researchers = recherche chercheurs
study = étude
scientist scientists = scientifique scientifiques
species = espèce espèces
animal animals = animal animaux
dog dogs puppy = chien chiens chiot
song songs = chanson chansons titre titres
album = album
book books = livre livres
author = auteur
film movie = film
show = émission spectacle
church = église
cemetery = cimetière
burial buried = enterrement inhumation enterré inhumé
new = nouveau nouvelle nouveaux nouvelles
old = vieux vieille ancien ancienne anciens
former = ancien ancienne anciens ex
young = jeune jeunes
big large great = grand grande grands grandes gros
small little = petit petite petits petites
high = haut haute élevé élevée
low = bas basse faible
long = long longue
short = court courte
first = premier première premiers
second = deuxième second seconde
third = troisième
last = dernier dernière derniers
next = prochain prochaine suivant
other others = autre autres
same = même mêmes
many = nombreux nombreuses beaucoup
few = peu quelques
more = plus davantage
less fewer = moins
most = plupart
all = tous toutes tout toute
every each = chaque
good = bon bonne bien
bad = mauvais mauvaise
best = meilleur meilleure
important = important importante majeur
difficult hard = difficile difficiles
free = libre gratuit gratuite
strong = fort forte
early = tôt début
black = noir noire
white = blanc blanche
red = rouge
green = vert verte
blue = bleu bleue
yellow = jaune
true = vrai vraie
only = seulement seul seule uniquement
also = aussi également
however = cependant toutefois pourtant néanmoins
but = mais
because = parce car
although though = bien quoique
while = tandis alors
still = encore toujours
already = déjà
never = jamais
always = toujours
again = nouveau encore
very = très
almost nearly = presque quasiment
about around approximately = environ
without = sans
against = contre
between = entre
during = pendant durant lors
after = après
before = avant
since = depuis
until = jusqu jusqu'à
where = où
when = quand lorsque
why = pourquoi
how = comment
who = qui
if = si
yet = pourtant
united = unis uni
states = états
kingdom = royaume
britain british = bretagne britannique britanniques
england english = angleterre anglais anglaise
france french = france français française
germany german = allemagne allemand allemande
spain spanish = espagne espagnol espagnole
china chinese = chine chinois chinoise
japan japanese = japon japonais japonaise
korea korean = corée coréen coréenne
india indian = inde indien indienne
egypt egyptian = égypte égyptien égyptienne égyptiens
israel israeli israelis = israël israélien israéliens israélienne
iraq iraqi = irak irakien irakienne
american americans = américain américaine américains
european = européen européenne européens
vietnam vietnamese = vietnamien vietnamienne vietnamiens viet
thailand thai = thaïlande thaïlandais thaïlandaise
rice = riz
export exports exported = exportation exportations exporté exporte
import imports imported = importation importations importé
investment investments investor investors = investissement investissements investisseurs
tourist tourists tourism = touriste touristes tourisme
visitor visitors = visiteur visiteurs
digital = numérique
data = données
training = formation
friendship = amitié
cooperation = coopération
development = développement
record = record
"""


def _build() -> dict[str, dict[str, tuple[str, ...]]]:
    sides: dict[str, dict[str, list[str]]] = {"en": {}, "fr": {}}
    for row in _ROWS.strip().splitlines():
        english, french = row.split("=")
        key = fold(english.split()[0])
        for lang, forms in (("en", english), ("fr", french)):
            for form in forms.split():
                concepts = sides[lang].setdefault(fold(form), [])
                if key not in concepts:
                    concepts.append(key)
    return {lang: {w: tuple(c) for w, c in forms.items()} for lang, forms in sides.items()}


#: Per language (``en``, ``fr``): folded form → its concepts (rows' first English words).
LEXICON: dict[str, dict[str, tuple[str, ...]]] = _build()


@lru_cache(maxsize=65536)
def concept(word: str, lang: str) -> tuple[str, ...]:
    """The concepts of a folded ``word`` of language ``lang`` (``en`` or ``fr``; else either).

    The word is tried as written, then without a plural or feminine ending.
    """
    for side in (lang,) if lang in LEXICON else tuple(LEXICON):
        forms = LEXICON[side]
        found = forms.get(word)
        if found is None and len(word) > 3:
            for cut in (1, 2) if word.endswith(("s", "x", "e")) else ():
                found = forms.get(word[:-cut])
                if found is not None:
                    break
        if found is not None:
            return found
    return ()
