"""Every UI string in Swedish and English, and number formatting (sv: 12,3 %, 1 234 kr)."""

from __future__ import annotations

import math
import re
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Jämställdhetsstatistik för kommuner", "Gender-equality statistics for municipalities"),
    "page_compare": ("Jämför", "Compare"),
    "page_over_time": ("Över tid", "Over time"),
    "page_overview": ("Översikt", "Overview"),
    "page_about": ("Om data", "About the data"),
    "page_presentation": ("Presentation", "Presentation"),
    "slide_unknown_indicator": ("Bilden visar indikatorn {indicator}, som inte längre finns i datan.",
                                "The slide shows the indicator {indicator}, which is no longer in the data."),
    "slide_unknown_page": ("Bilden pekar på en sida som inte finns ({page}).",
                           "The slide points to a page that does not exist ({page})."),
    "slide_bad_param": ("Bilden har ett ogiltigt värde för ”{param}” ({value}).",
                        "The slide has an invalid value for “{param}” ({value})."),
    "slide_broken": ("Den här bilden kan inte visas. {reason} Övriga bilder fungerar.",
                     "This slide cannot be shown. {reason} The other slides work."),
    "slide_number": ("Bild {number} av {total}", "Slide {number} of {total}"),
    "slide_previous": ("◀ Föregående", "◀ Previous"),
    "slide_next": ("Nästa ▶", "Next ▶"),
    "slide_keys": ("Piltangenter eller PageUp/PageDown byter bild.", "Arrow keys or PageUp/PageDown change slides."),
    "slide_note": ("Talarmanus", "Speaker note"),
    "presentation_choose": ("Välj presentation", "Choose a presentation"),
    "presentation_none": (("Det finns inga sparade presentationer ännu. Spara en vy med ”Spara vy” i sidomenyn på "
                          "Översikt, Jämför, Över tid eller Karta."),
                          ("There are no saved presentations yet. Save a view with “Save view” in the sidebar on "
                          "Overview, Compare, Over time or Map.")),
    "presentation_empty": ("Presentationen har inga vyer.", "The presentation has no views."),
    "presentation_error": ("Presentationen kan inte läsas: {reason}", "The presentation cannot be read: {reason}"),
    "presentation_build": ("Gör filer av hela presentationen", "Make files of the whole presentation"),
    "presentation_building": ("Ritar bilderna …", "Drawing the slides …"),
    "presentation_pptx": ("Hela presentationen (PowerPoint)", "The whole presentation (PowerPoint)"),
    "presentation_pngs": ("Alla bilder (PNG i zip)", "All slides (PNG in a zip)"),
    "save_view": ("Spara vy", "Save view"),
    "save_view_presentation": ("Presentation", "Presentation"),
    "save_view_new": ("(ny presentation)", "(new presentation)"),
    "save_view_new_title": ("Den nya presentationens namn", "Name of the new presentation"),
    "save_view_title": ("Bildens rubrik", "Slide title"),
    "save_view_note": ("Talarmanus (valfritt)", "Speaker note (optional)"),
    "save_view_done": ("Vyn är sparad i ”{presentation}” som bild {number}.",
                       "The view is saved in “{presentation}” as slide {number}."),
    "share": ("Dela och spara", "Share and save"),
    "share_link": ("Länk till vyn (kopiera med knappen till höger)", "Link to this view (copy with the button on the right)"),
    "share_qr": ("QR-kod till vyn", "QR code of the view"),
    "about_title": ("Om data och metoder", "About the data and methods"),
    "about_sources": (
        ("### Källor\n"
        "Värdena kommer från **Kolada** (RKA, Rådet för främjande av kommunala analyser): nyckeltal uppdelade på "
        "kvinnor och män (kön K/M/T) och nyckeltal som avser ett kön (t.ex. föräldrapenningdagar uttagna av "
        "kvinnor, N00942, och av män, N00943). Den inbäddade ögonblicksbilden hämtades från Kolada {vintage} och "
        "täcker åren 1994–2022 för riket, 21 regioner och 290 kommuner. Med `python -m jamstat update` hämtas "
        "nyare värden från Koladas API (v3); appen visar då dem och skriver vilken dataversion som visas.\n\n"
        "Kommungrupper och andra jämförelsegrupper är Koladas egna (2026). "
        "**Källa: Kolada (RKA), egen bearbetning.** Koladas data får användas fritt med angiven källa; "
        "bearbetade värden anges som egen bearbetning."),
        ("### Sources\n"
        "The values come from **Kolada** (RKA, the Council for the Promotion of Municipal Analyses): key figures "
        "split by women and men (gender K/M/T) and key figures about one sex (e.g. parental-benefit days taken by "
        "women, N00942, and by men, N00943). The embedded snapshot was retrieved from Kolada on {vintage} and "
        "covers 1994–2022 for Sweden, 21 regions and 290 municipalities. `python -m jamstat update` fetches newer "
        "values from Kolada's API (v3); the app then shows them and says which data version it shows.\n\n"
        "Municipal groups and other peer groups are Kolada's own (2026). "
        "**Source: Kolada (RKA), own processing.** Kolada's data may be used freely with attribution; processed "
        "values are marked as own processing.")),
    "about_definitions": (
        ("### Definitioner\n"
        "- **Skillnad** = kvinnors värde − mäns värde (flickor − pojkar), i indikatorns enhet; för andelar i "
        "**procentenheter**. Positiv skillnad: kvinnor/flickor har högre värde.\n"
        "- **Kvot** = kvinnors värde / mäns värde. 1 betyder lika.\n"
        "- **Jämförelsegruppens medelvärde** är ovägt: varje kommun räknas en gång oavsett storlek, och den valda "
        "kommunen ingår inte. Bara kommuner med värden för båda könen räknas.\n"
        "- **Placering**: den valda kommunens absoluta skillnad bland jämförelsegruppen (1 = minst skillnad).\n"
        "- **Förändring av skillnaden**: senaste året jämfört med det femte tillgängliga året dessförinnan. "
        "Förändringen kallas oförändrad när den är mindre än kommunens typiska förändring från ett år till nästa "
        "(medianen)."),
        ("### Definitions\n"
        "- **Gap** = women's value − men's value (girls − boys), in the indicator's unit; for shares in "
        "**percentage points**. A positive gap: women/girls have the higher value.\n"
        "- **Ratio** = women's value / men's value. 1 means equal.\n"
        "- **Peer mean** is unweighted: each municipality counts once whatever its size, and the chosen "
        "municipality is not included. Only municipalities with values for both sexes count.\n"
        "- **Rank**: the chosen municipality's absolute gap among its peers (1 = smallest gap).\n"
        "- **Change of the gap**: the latest year against the fifth available year before it. A change smaller "
        "than the municipality's typical change from one year to the next (the median) is called about the same.")),
    "about_missing": (
        ("### Saknade och skyddade värden\n"
        "Värden som saknas eller är skyddade av sekretesskäl (t.ex. för få elever) visas som **saknas**, aldrig som "
        "noll: punkten fattas i diagrammet och linjen bryts. Då kan ingen skillnad beräknas för det året.\n\n"
        "**Härledda värden** (status *härlett* i nedladdad data): när bara det ena könets andel finns är det andra "
        "100 minus den (t.ex. kvinnors andel av VAB-dagarna, av N00945). Koladas N00942 för 2016 upprepar värdet "
        "för 2015, så kvinnors andel av föräldrapenningdagarna 2016 är 100 − N00943. Politikernas nyckeltal mäts "
        "valår och upprepas de tre följande åren.\n\n"
        "**Omräknad enhet**: invånare med insatser enligt LSS (N28892) publicerades av Kolada 2024 som andel (%) "
        "av invånarna; här är värdena multiplicerade med 100 till antal per 10 000 invånare, Koladas nuvarande "
        "enhet."),
        ("### Missing and suppressed values\n"
        "Values that are missing or suppressed for confidentiality (e.g. too few pupils) are shown as **missing**, "
        "never as zero: the point is absent and the line breaks. No gap can be computed for that year.\n\n"
        "**Derived values** (status *derived* in downloaded data): when only one sex's share is published, the "
        "other is 100 minus it (e.g. women's share of VAB days, from N00945). Kolada's N00942 for 2016 repeats the "
        "2015 value, so women's share of parental-benefit days in 2016 is 100 − N00943. Politicians' key figures "
        "are measured in election years and repeated for the three years after.\n\n"
        "**Converted unit**: inhabitants with LSS support (N28892) were published by Kolada in 2024 as a "
        "percentage of inhabitants; here the values are multiplied by 100 into the number per 10,000 "
        "inhabitants, Kolada's current unit.")),
    "about_words": (
        ("### Hur meningarna och pilarna bestäms\n"
         "Samma regler gäller i tabellen, meningarna, presentationen och exporterna (jamstat/narrative.py); de "
         "prövas på alla 290 kommuner och alla indikatorer (bench/audit_words.py).\n\n"
         "- **Ungefär lika** sägs bara inom ett jämställdhetsband: för andelar när skillnaden är under "
         "{band_points} procentenheter *och* den lägre andelen är minst {band_ratio} % av den högre; för andra "
         "enheter när skillnaden är högst {band_relative} % av det högre värdet. Annars anges vilket kön som har "
         "det högre värdet och hur mycket.\n"
         "- **Osäker**: är skillnaden utanför bandet men inte större än hur mycket den brukar ändras från ett år "
         "till nästa, sägs att den varierar mycket och är osäker – aldrig att könen är lika.\n"
         "- **Vänt** (⇄): när det andra könet låg högre i basåret och båda skillnaderna ligger utanför bandet.\n"
         "- **Trend** (↘ minskar / ↗ ökar): skillnadens lutning (minsta kvadrat) över de sex senaste åren med "
         "värden, jämförd med sitt medelfel: en trend anges bara när lutningen / medelfelet når t-värdet för "
         "95 % (tvåsidigt) och det finns minst {min_points} år. Annars ”ingen tydlig trend”. Med åren "
         "slumpvis omkastade inom varje serie får {shuffled} av serierna en trend (före: 39 %).\n"
         "- **Valår**: politikernas indikatorer mäts vid valen (åren däremellan upprepar senaste valets värde); "
         "de jämförs bara mellan valår, de fyra senaste valen.\n"
         "- **Små tal**: ingen trend eller placering när en eller ett par personer kan ändra värdet mycket – "
         "andelar av små grupper (politiker på heltid, i åldersgrupper, ordförandeposter, avhopp), frekvenser "
         "där färre än {small_cases} fall per kön ligger bakom (värdet × kommunens invånare av det könet), och "
         "barns indikatorer i kommuner med färre än {small_cohort} invånare av ett kön (en årskull är då under "
         "ungefär 50 flickor eller pojkar).\n"
         "- **Jämförelsegruppens medelvärde** anger hur många av gruppens kommuner det bygger på; färre än 3 eller "
         "färre än hälften ger ”osäkert”, ritas ljusare eller ihåligt och sägs i meningen.\n"
         "- **Antal** (invånare, anställda, elever) rangordnas, medelvärdesberäknas och färgas inte efter skillnaden, "
         "som mest speglar kommunens storlek; kvinnors andel visas i stället."),
        ("### How the sentences and arrows are decided\n"
         "The same rules apply in the table, the sentences, the presentation and the exports "
         "(jamstat/narrative.py); they are checked over all 290 municipalities and every indicator "
         "(bench/audit_words.py).\n\n"
         "- **About the same** is said only within an equality band: for shares when the gap is under "
         "{band_points} percentage points *and* the smaller share is at least {band_ratio}% of the larger; for "
         "other units when the gap is at most {band_relative}% of the larger value. Otherwise the sentence says "
         "which sex is higher and by how much.\n"
         "- **Uncertain**: a gap outside the band that is no larger than its usual change from one year to the "
         "next is said to vary a lot and be uncertain – never equal.\n"
         "- **Reversed** (⇄): the other sex was higher in the base year, both gaps outside the band.\n"
         "- **Trend** (↘ narrowing / ↗ widening): the least-squares slope of the gap over the last six years "
         "with values, against its standard error: a trend is given only when slope / standard error reaches "
         "the two-sided 95% t value and there are at least {min_points} years. Otherwise “no clear trend”. With "
         "the years shuffled within each series, {shuffled} of the series get a trend (before: 39%).\n"
         "- **Election years**: politicians' indicators are measured at elections (the years between repeat "
         "the last election's value); they are compared between election years only, the last four elections.\n"
         "- **Small numbers**: no trend or rank where one or two people can move the value a lot – shares of "
         "small groups (full-time politicians, age groups, chair posts, councillors who left), rates behind "
         "which fewer than {small_cases} cases per sex lie (the value × the municipality's inhabitants of that "
         "sex), and children's indicators in municipalities with fewer than {small_cohort} inhabitants of a "
         "sex (a school year then holds under about 50 girls or boys).\n"
         "- **The peer mean** says how many of the group's municipalities it rests on; fewer than 3 or fewer "
         "than half gives “uncertain”, drawn lighter or hollow and said in the sentence.\n"
         "- **Counts** (inhabitants, employees, pupils) are not ranked, averaged or coloured by their gap, which "
         "mostly reflects the municipality's size; the women's share is shown instead.")),
    "about_index": (
        ("### Jämställdhetsindex (dashboardens egen konstruktion)\n"
        "Inspirerat av EIGE:s Gender Equality Index och Jämix, men **inte officiell statistik**. Indexet mäter "
        "avståndet till lika värden, inte om nivåerna är höga eller låga.\n\n"
        "- **År:** indexet för ett år använder kommunens värden från det året. Saknas året för en indikator används "
        "det senaste värdet **högst {max_age} år äldre** (t.ex. enkäter som görs vartannat år); det markeras som "
        "*äldre år* i tabellen på Översikt och räknas i bildtexten. Äldre värden än så används aldrig.\n"
        "- **Samma indikatorer för alla kommuner:** en indikator ingår i indexets kärnuppsättning om minst "
        "{core_share} av landets kommuner har värden för den inom den gränsen. Saknar en kommun en av dem visas den "
        "som *saknas*, och täckningen står per tema som ”n av N indikatorer”. Ett mål med få indikatorer (som mäns "
        "våld mot kvinnor) får få; det fylls inte på med andra.\n"
        "- **Poäng 0–100** per indikator (100 = lika värden). En nolla räknas: 0 mot ett positivt värde ger 0 "
        "(största möjliga skillnad), 0 mot 0 ger 100.\n"
        "  - *Andelar (%):* 100 × (1 − |k − m| / d), där d är det minsta av den större andelen och 100 minus den "
        "mindre. Det är det lägsta av kvoten mellan andelarna och kvoten mellan deras komplement (100 − andelen), "
        "så en andel får samma poäng som sitt komplement (”godkända” eller ”inte godkända”). Det enkla "
        "lägre/högre gör inte det: 7,1 % mot 0,05 % ger 0,8 men komplementen 92,9 % mot 99,95 % ger 93. Samma "
        "skillnad i procentenheter väger alltså tyngre nära 0 % eller 100 % än kring 50 %.\n"
        "  - *Övriga positiva storheter* (kronor, dagar, antal per invånare): 100 × det lägre värdet / det högre.\n"
        "- **Utanför indexet** (regler och skäl i tabellen *Indexets regler* nedan): antal personer (speglar hur "
        "många kvinnor och män som bor i kommunen); nivåer där kvoten ligger nära 1 av konstruktion (år: "
        "medellivslängd och medelålder; meritvärden och betygspoäng; förtroendeuppdrag per politiker); och "
        "fördelningsandelar, det vill säga hur det ena könet fördelar sig över sektorer, branscher, pendling, "
        "åldersgrupper, utbildningsnivåer eller hushållstyper. Där är ingen kategori bättre än en annan, och de 20 "
        "fördelningsandelarna i det ekonomiska temat vägde förut hälften av temat.\n"
        "- **Temats poäng** är medelvärdet av poängen för de kärnindikatorer kommunen har, med lika vikt; varje "
        "indikators bidrag visas på Översikt."),
        ("### Equality index (the dashboard's own construct)\n"
        "Inspired by EIGE's Gender Equality Index and Jämix, but **not an official statistic**. The index measures "
        "distance to equal values, not whether levels are high or low.\n\n"
        "- **Year:** the index for a year uses the municipality's values of that year. Where an indicator lacks "
        "that year, the latest value **at most {max_age} years older** is used (e.g. surveys held every other "
        "year); it is marked *earlier year* in the table on Overview and counted in the caption. Nothing older is "
        "ever used.\n"
        "- **The same indicators for every municipality:** an indicator is in the index's core set when at least "
        "{core_share} of the country's municipalities have values for it within that limit. Where a municipality "
        "lacks one, it is shown as *missing*, and the coverage is given per theme as “n of N indicators”. A goal "
        "with few indicators (such as men's violence against women) gets few; it is not filled with others.\n"
        "- **Score 0–100** per indicator (100 = equal values). A zero counts: 0 against a positive value scores 0 "
        "(the largest possible difference), 0 against 0 scores 100.\n"
        "  - *Shares (%):* 100 × (1 − |w − m| / d), where d is the smaller of the larger share and 100 minus the "
        "smaller share. This is the lower of the ratio of the shares and the ratio of their complements "
        "(100 − share), so a share scores the same as its complement (“passed” or “did not pass”). The plain "
        "lower/higher does not: 7.1% against 0.05% scores 0.8 but the complements 92.9% against 99.95% score 93. "
        "The same gap in percentage points therefore weighs more near 0% or 100% than around 50%.\n"
        "  - *Other positive quantities* (SEK, days, numbers per resident): 100 × the lower value / the higher.\n"
        "- **Left out** (rules and reasons in the table *The index's rules* below): counts of people (they mirror "
        "how many women and men live in the municipality); levels whose ratio is near 1 by construction (years: "
        "life expectancy and mean age; merit ratings and grade points; posts per politician); and composition "
        "shares, i.e. how one sex is distributed over sectors, industries, commuting, age groups, education levels "
        "or household types. There no category is better than another, and the 20 composition shares of the "
        "economic theme used to weigh half of that theme.\n"
        "- **A theme's score** is the equal-weight mean of the scores of the core indicators the municipality has; "
        "each indicator's contribution is shown on Overview.")),
    "about_index_rules": (("### Indexets regler ({n})\nVilka indikatorer som ingår i jämställdhetsindexet och hur de "
                           "mäts; en regel för en enskild indikator gäller före regeln för dess enhet."),
                          ("### The index's rules ({n})\nWhich indicators take part in the equality index and how "
                           "they are scored; a rule for one indicator applies before the rule for its unit.")),
    "index_rule": ("Regel", "Rule"),
    "index_rule_unit": ("Enhet: {unit}", "Unit: {unit}"),
    "index_treatment": ("Behandling", "Treatment"),
    "index_treatment_share": ("Andel: symmetriskt mått", "Share: symmetric measure"),
    "index_treatment_ratio": ("Lägre / högre", "Lower / higher"),
    "index_treatment_exclude": ("Ingår inte", "Left out"),
    "index_reason": ("Skäl", "Reason"),
    "index_reason_share": (("Andel av en grupp: en andel och dess komplement ska ge samma poäng, och 0 mot ett "
                            "positivt värde är största skillnaden."),
                           ("Share of a group: a share and its complement should score alike, and 0 against a "
                            "positive value is the largest difference.")),
    "index_reason_quantity": ("Positiv storhet: kvoten lägre / högre har en mening.",
                              "Positive quantity: the ratio lower / higher has a meaning."),
    "index_reason_count": ("Antal personer speglar hur många kvinnor och män som bor i kommunen.",
                           "Counts of people mirror how many women and men live in the municipality."),
    "index_reason_level": (("Nivå där kvoten ligger nära 1 av konstruktion (år, poäng på en betygsskala, uppdrag per "
                            "politiker, minst 1): den säger inget om skillnaden."),
                           ("A level whose ratio is near 1 by construction (years, points on a grade scale, posts "
                            "per politician, at least 1): it says nothing about the gap.")),
    "index_reason_composition": (("Fördelningsandel: hur det ena könet fördelar sig över kategorier (sektor, bransch, "
                                  "pendling, ålder, utbildningsnivå, hushållstyp) där ingen är bättre än en annan; "
                                  "många sådana andelar skulle annars dominera temat."),
                                 ("Composition share: how one sex is distributed over categories (sector, industry, "
                                  "commuting, age, education level, household type), none better than another; many "
                                  "such shares would otherwise dominate the theme.")),
    "index_reason_regions_added": (("Tillagd när regioner blev möjliga att välja (nyckeltal med regionvärden): inte "
                                    "prövad för indexet, så indexets kärnindikatorer för kommunerna är desamma som "
                                    "förut."),
                                   ("Added when regions could be chosen (KPIs with region values): not reviewed for "
                                    "the index, so the index's core indicators for the municipalities are as before.")),
    "unit": ("Enhet", "Unit"),
    "population": ("Grupp", "Group"),
    "about_catalogue": ("### Indikatorer ({n})", "### Indicators ({n})"),
    "about_regions": (
        ("### Regioner\nVälj en region (t.ex. Region Värmland, kod 17) som din organisation i sidomenyn. Översikt "
         "visar då regionen på de {n} indikatorer som har regionvärden, Jämför och Karta ställer den bredvid landets "
         "21 regioner, och jämförelsegruppen är alla andra regioner eller en egen grupp regioner. Temat "
         "”Regionen som arbetsgivare” visar Koladas nyckeltal för regionen som arbetsgivare. Jämställdhetsindexet "
         "räknas bara för kommuner. Koladas nyckeltal med regionvärden som inte passar något tema (befolkning, "
         "befolkningsprognoser, invånarnas syn på kommunal service) är listade med skäl i "
         "`jamstat/catalog_left_out.csv`."),
        ("### Regions\nChoose a region (e.g. Region Värmland, code 17) as your organisation in the sidebar. Overview "
         "then shows the region on the {n} indicators that have region values, Compare and Map set it beside "
         "Sweden's 21 regions, and the peer group is all other regions or an own group of regions. The theme "
         "“The region as employer” shows Kolada's KPIs for the region as an employer. The equality index is "
         "computed for municipalities only. Kolada's KPIs with region values that fit no theme (population, "
         "population projections, residents' views of municipal services) are listed with reasons in "
         "`jamstat/catalog_left_out.csv`.")),
    "overview_choose_municipality": ("Välj en kommun i sidomenyn för att se dess profil.",
                                     "Choose a municipality in the sidebar to see its profile."),
    "overview_title": ("{municipality}: kvinnor och män, tema för tema (senaste år till och med {year})",
                       "{municipality}: women and men, theme by theme (latest year up to {year})"),
    "overview_intro": (("Varje rad visar senaste år med värden för båda könen, skillnaden, hur skillnaden har "
                       "rört sig de senaste sex åren med värden (politikernas indikatorer: de fyra senaste valen) och "
                       "placeringen bland {peers}. Pilen visar en trend bara när den är tydlig (se Om data), "
                       "”vänt” när det andra könet låg högre i början, ”små tal” när en eller ett par personer kan "
                       "ändra värdet mycket. "
                       "Markera en rad för att se indikatorn över tid."),
                       ("Each row shows the latest year with values for both sexes, the gap, how the gap changed "
                       "over the last six years with values (politicians' indicators: the last four elections) and the "
                       "position among {peers}. The arrow shows a trend only when it is clear (see About the data), "
                       "“reversed” when the other sex was higher at the start, “small numbers” when one or two "
                       "people can move the value a lot. "
                       "Select a row to see the indicator over time.")),
    "overview_source": (("Källa: Kolada (RKA), egen bearbetning. År till och med {year}. KPI-id per indikator finns i "
                        "CSV-filen. Dataversion: {vintage}."),
                        ("Source: Kolada (RKA), own processing. Years up to {year}. KPI ids per indicator are in the "
                        "CSV file. Data version: {vintage}.")),
    "profile_women_men": ("Kvinnor och män", "Women and men"),
    "profile_narrative": ("I klartext", "In plain words"),
    "profile_trend": ("Skillnaden", "The gap"),
    "profile_since": ("sedan {year}", "since {year}"),
    "profile_since_election": ("sedan valet {year}", "since the {year} election"),
    "profile_rank_small_numbers": ("– (små tal)", "– (small numbers)"),
    "profile_peer_mean": ("Jämförelsegruppens skillnad", "Peers' gap"),
    "profile_rank": ("Placering (minst skillnad = 1)", "Rank (smallest gap = 1)"),
    "profile_rank_value": ("{rank} av {n}", "{rank} of {n}"),
    "trend_closing": ("↘ minskar", "↘ narrowing"),
    "trend_widening": ("↗ ökar", "↗ widening"),
    "trend_stable": ("→ ingen tydlig trend", "→ no clear trend"),
    "trend_small_numbers": ("små tal", "small numbers"),
    "trend_reversed": ("⇄ vänt: {base_higher} högre {base_year}, {higher} högre {year}",
                       "⇄ reversed: {base_higher} higher in {base_year}, {higher} higher in {year}"),
    "trend_unknown": ("–", "–"),
    "index_municipalities_only": (
        ("Jämställdhetsindexet räknas bara för kommuner: dess kärnindikatorer väljs efter hur många av landets "
         "290 kommuner som har värden, och en region mäts inte på samma sätt. Profilen nedan visar regionens "
         "värden indikator för indikator."),
        ("The equality index is computed for municipalities only: its core indicators are chosen by how many of "
         "the 290 municipalities have values, and a region is not measured the same way. The profile below shows "
         "the region's values indicator by indicator.")),
    "index_title": ("Jämställdhetsindex för {municipality} per tema", "Equality index for {municipality} by theme"),
    "index_subtitle": ("Dashboardens egen konstruktion, inte officiell statistik. 100 = kvinnor och män har samma värde.",
                       "The dashboard's own construct, not an official statistic. 100 = women and men have equal values."),
    "index_caption": (("Metod: poäng 0–100 per indikator (100 = lika värden), medelvärde med lika vikter per tema; "
                       "nollor räknas, och en andel ger samma poäng som sitt komplement. Alla kommuner mäts på samma "
                       "{n_core} kärnindikatorer (värden för minst {core_share} av kommunerna). Värden från {year} "
                       "eller högst {max_age} år äldre: {n_older} av {n_scored} är från ett äldre år (markerade i "
                       "tabellen ”Indexets beräkning”), {n_missing} saknas. Antal personer, nivåer som år och poäng "
                       "och fördelningsandelar ingår inte. Se Om data."),
                      ("Method: a score of 0–100 per indicator (100 = equal values), the equal-weight mean per theme; "
                       "zeros count, and a share scores the same as its complement. Every municipality is scored on "
                       "the same {n_core} core indicators (values for at least {core_share} of municipalities). "
                       "Values of {year} or at most {max_age} years older: {n_older} of {n_scored} are from an "
                       "earlier year (marked in the table “How the theme's index is computed”), {n_missing} are "
                       "missing. Counts of people, levels such as years and points, and composition shares are left "
                       "out. See About the data.")),
    "index_axis": ("Poäng (0–100)", "Score (0–100)"),
    "index_score": ("Poäng", "Score"),
    "index_weight": ("Vikt", "Weight"),
    "index_contribution": ("Bidrag till temats poäng", "Contribution to the theme's score"),
    "index_contributions": ("Indexets beräkning för temat", "How the theme's index is computed"),
    "index_n": ("Indikatorer", "Indicators"),
    "index_coverage": ("{n} av {core}", "{n} of {core}"),
    "index_older_n": ("Från ett äldre år", "From an earlier year"),
    "index_status": ("Värdets år", "Year of the value"),
    "index_status_current": ("{year}", "{year}"),
    "index_status_older": ("{year} (äldre år)", "{year} (earlier year)"),
    "index_status_missing": ("saknas", "missing"),
    "language": ("Språk / Language", "Språk / Language"),
    "municipality": ("Min kommun eller region", "My municipality or region"),
    "no_municipality": ("Ingen vald (hela riket)", "None (all of Sweden)"),
    "theme": ("Tema", "Theme"),
    "indicator": ("Indikator", "Indicator"),
    "year": ("År", "Year"),
    "areas": ("Områden (högst 5)", "Areas (at most 5)"),
    "scope": ("Jämför med", "Compare with"),
    "scope_all": ("Alla kommuner", "All municipalities"),
    "scope_region": ("Kommunerna i länet", "Municipalities in the county"),
    "scope_group": ("Kommungruppen", "The municipal group"),
    "women": ("Kvinnor", "Women"),
    "men": ("Män", "Men"),
    "girls": ("Flickor", "Girls"),
    "boys": ("Pojkar", "Boys"),
    "gap": ("Skillnad", "Gap"),
    "ratio": ("Kvot", "Ratio"),
    "area": ("Område", "Area"),
    "value": ("Värde", "Value"),
    "missing": ("saknas", "missing"),
    "derived": ("härlett", "derived"),
    "derived_value": ("härledd: 100 − {other}", "derived: 100 − {other}"),
    "derived_values": ("Härledda värden", "Derived values"),
    "derived_caption": ("Härledda värden: {sex} = 100 − {other} ({kpi}).",
                        "Derived values: {sex} = 100 − {other} ({kpi})."),
    "download_csv": ("Data (CSV)", "Data (CSV)"),
    "download_xlsx": ("Data (Excel)", "Data (Excel)"),
    "download_png": ("Bild (PNG)", "Picture (PNG)"),
    "download_svg": ("Bild (SVG)", "Picture (SVG)"),
    "download_full_series": ("Alla år (CSV)", "All years (CSV)"),
    "export_source": ("Källa: Kolada (RKA), egen bearbetning.", "Source: Kolada (RKA), own processing."),
    "source_caption": (
        "Källa: Kolada (RKA), egen bearbetning. KPI: {kpis}. Enhet: {unit}. {years}. Dataversion: {vintage}.",
        "Source: Kolada (RKA), own processing. KPI: {kpis}. Unit: {unit}. {years}. Data version: {vintage}."),
    "year_caption": ("År {year}", "Year {year}"),
    "years_caption": ("År {first}–{last}", "Years {first}–{last}"),
    "gap_definition": (
        "Skillnad = {women} − {men} i indikatorns enhet{pp}; kvot = {women} / {men}.",
        "Gap = {women} − {men} in the indicator's unit{pp}; ratio = {women} / {men}."),
    "pp_note": (" (procentenheter för andelar)", " (percentage points for shares)"),
    "compare_title": ("{indicator}: {women} och {men} per område, {year}",
                      "{indicator}: {women} and {men} by area, {year}"),
    "compare_subtitle": ("Jämförelse med {peers}, sorterat efter skillnaden ({women} − {men}). Markerat: {marked}.",
                         "Compared with {peers}, sorted by the gap ({women} − {men}). Highlighted: {marked}."),
    "series_title": ("{indicator}: {women} och {men} över tid", "{indicator}: {women} and {men} over time"),
    "gap_title": ("Skillnad mellan {women} och {men} över tid ({women} − {men})",
                  "Gap between {women} and {men} over time ({women} − {men})"),
    "missing_areas": ("Värde saknas för {areas}: {names}.", "No value for {areas}: {names}."),
    "no_data_year": ("Det finns inga värden för {indicator} år {year}. Välj ett annat år.",
                     "There are no values for {indicator} in {year}. Choose another year."),
    "no_data_areas": ("Det finns inga värden för den här indikatorn för {areas}. Välj andra områden.",
                      "There are no values of this indicator for {areas}. Choose other areas."),
    "no_data_area_theme": ("Det finns inga värden för {area} inom temat {theme}.",
                           "There are no values for {area} in the theme {theme}."),
    "no_data_area": ("Det finns inga värden för {area} i datan.", "There are no values for {area} in the data."),
    "no_data_indicator": ("Det finns inga värden för den här indikatorn i datan.",
                          "There are no values for this indicator in the data."),
    "no_areas": ("Välj minst ett område.", "Choose at least one area."),
    "too_many_areas": ("Högst 5 områden kan visas; de första 5 visas.", "At most 5 areas can be shown; the first 5 are shown."),
    "bad_param": ("Länken innehöll ett ogiltigt värde för ”{param}” ({value}); {fallback} används i stället.",
                  "The link had an invalid value for “{param}” ({value}); {fallback} is used instead."),
    "store_missing": (("Datan kan inte läsas: filen {file} saknas i {directory}. Inga diagram visas. "
                      "Bygg om datan med: `{command}`"),
                      ("The data cannot be read: the file {file} is missing in {directory}. No charts are shown. "
                      "Rebuild the data with: `{command}`")),
    "store_not_a_file": (("Datan kan inte läsas: {file} i {directory} är inte en fil (kanske en mapp). "
                         "Inga diagram visas. Bygg om datan med: `{command}`"),
                         ("The data cannot be read: {file} in {directory} is not a file (perhaps a folder). "
                         "No charts are shown. Rebuild the data with: `{command}`")),
    "store_unreadable": (("Datan kan inte läsas: filen {file} i {directory} är skadad eller ingen Parquet-fil "
                         "({detail}). Inga diagram visas. Bygg om datan med: `{command}`"),
                         ("The data cannot be read: the file {file} in {directory} is damaged or not a Parquet "
                         "file ({detail}). No charts are shown. Rebuild the data with: `{command}`")),
    "store_wrong_columns": (("Datan kan inte läsas: filen {file} i {directory} saknar kolumnerna {detail}. "
                            "Inga diagram visas. Bygg om datan med: `{command}`"),
                            ("The data cannot be read: the file {file} in {directory} lacks the columns {detail}. "
                            "No charts are shown. Rebuild the data with: `{command}`")),
    "live_ignored": (("De uppdaterade värdena i {path} kan inte läsas ({detail}) och används inte: appen visar den "
                     "inbäddade ögonblicksbilden från {vintage}. Hämta dem igen med: `python -m jamstat update`"),
                     ("The updated values in {path} cannot be read ({detail}) and are not used: the app shows the "
                     "embedded snapshot from {vintage}. Fetch them again with: `python -m jamstat update`")),
    "store_built_damaged": (("Appens databasfil {file} är skadad eller skriven av en annan DuckDB-version ({detail}) "
                             "och används inte: datan läses direkt från Parquet-filerna, med samma svar men "
                             "långsammare. Bygg om den med {command} och starta sedan om appen."),
                            ("The app's database file {file} is damaged or written by another DuckDB version "
                             "({detail}) and is not used: the data is read straight from the Parquet files, with the "
                             "same answers but more slowly. Rebuild it with {command}, then restart the app.")),
    "store_not_built": (("Datan läses direkt från Parquet-filerna: svaren är desamma men sidorna laddas långsammare. "
                        "Bygg appens databas med {command} och starta sedan om appen."),
                        ("The data is read straight from the Parquet files: the answers are the same, but pages load "
                        "more slowly. Build the app's database with {command}, then restart the app.")),
    "qr_too_long": ("Länken är för lång för en QR-kod.", "The link is too long for a QR code."),
    "query_error": ("Frågan mot datan misslyckades. Försök igen eller välj något annat. ({reason})",
                    "The query against the data failed. Try again or choose something else. ({reason})"),
    "auth_sign_in": ("Logga in", "Sign in"),
    "auth_sign_out": ("Logga ut", "Sign out"),
    "auth_signed_in": ("Inloggad som {who} ({role})", "Signed in as {who} ({role})"),
    "auth_role_editor": ("redigerare", "editor"),
    "auth_role_viewer": ("läsare", "viewer"),
    "auth_role_open": ("alla får ändra", "anyone may edit"),
    "auth_role_anonymous": ("inte inloggad (läsare)", "not signed in (viewer)"),
    "auth_refused": ("Du har inte behörighet att ändra sparade data. Be en redigerare, eller logga in som en.",
                     "You may not change saved data. Ask an editor, or sign in as one."),
    "auth_viewer_note": (("Du är inloggad som läsare: du kan titta och exportera. Att ladda upp, ersätta och ta "
                         "bort tabeller kräver behörighet som redigerare."),
                         ("You are signed in as a viewer: you can explore and export. Uploading, replacing and "
                         "deleting tables needs the editor role.")),
    "auth_sign_in_to_edit": (("Logga in (i sidofältet) som redigerare för att ladda upp, ersätta eller ta bort "
                             "tabeller."),
                             "Sign in (in the sidebar) as an editor to upload, replace or delete tables."),
    "data_age_snapshot": (("Data: Koladas värden hämtade {snapshot} (inbäddad ögonblicksbild, {days} dagar sedan); "
                          "inte uppdaterade sedan dess."),
                          ("Data: Kolada's values retrieved {snapshot} (embedded snapshot, {days} days ago); not "
                          "updated since.")),
    "data_age_live": (("Data: senast uppdaterade från Kolada {updated} ({days} dagar sedan); i övrigt den inbäddade "
                      "ögonblicksbilden från {snapshot}."),
                      ("Data: last updated from Kolada {updated} ({days} days ago); otherwise the embedded snapshot "
                      "from {snapshot}.")),
    "data_stale": (("Senaste uppdateringen från Kolada gjordes {date}, för {days} dagar sedan (gränsen är {limit} "
                   "dagar). Den schemalagda uppdateringen (`python -m jamstat update`) verkar ha stannat; en "
                   "redigerare kan hämta de senaste värdena under Om data."),
                   ("The last update from Kolada was on {date}, {days} days ago (the limit is {limit} days). The "
                   "scheduled update (`python -m jamstat update`) seems to have stopped; an editor can fetch the "
                   "latest values on About the data.")),
    "refresh_title": ("### Hämta senaste från Kolada", "### Fetch the latest from Kolada"),
    "refresh_intro": (("Hämtar alla katalogens indikatorer från Koladas API (samma uppdatering som "
                      "`python -m jamstat update`) och bygger om databasen. Alla användare ser de nya värdena vid "
                      "nästa klick, utan omstart. Tar några minuter."),
                      ("Fetches every indicator of the catalogue from Kolada's API (the same update as "
                      "`python -m jamstat update`) and rebuilds the database. Every user sees the new values at "
                      "their next click, without a restart. Takes a few minutes.")),
    "refresh_start": ("Hämta senaste från Kolada", "Fetch the latest from Kolada"),
    "refresh_cancel": ("Avbryt", "Cancel"),
    "refresh_progress": ("Hämtar från Kolada: {done} av {total} anrop", ("Fetching from Kolada: {done} of {total} "
                         "requests")),
    "refresh_building": ("Bygger om databasen …", "Rebuilding the database …"),
    "refresh_done": ("Klart: de senaste värdena från Kolada visas nu på alla sidor.",
                     "Done: the latest values from Kolada now show on every page."),
    "refresh_cancelled": ("Uppdateringen avbröts; inget ändrades.", "The update was cancelled; nothing changed."),
    "refresh_failed": ("Uppdateringen misslyckades och inget ändrades: {detail}",
                       "The update failed and nothing changed: {detail}"),
    "about_access_open": (
        ("### Inloggning och behörighet\n"
         "Inloggning är inte påslagen: **alla som når servern kan ändra sparade data** (ladda upp, ersätta och "
         "ta bort egna tabeller, spara vyer i presentationer och delade jämförelsegrupper). Slå på inloggning "
         "(OpenID Connect, t.ex. Microsoft Entra ID) med ett `[auth]`-avsnitt i `.streamlit/secrets.toml` och "
         "ange redigerare i `[jamstat.roles]` (se README: Sign-in and roles)."),
        ("### Sign-in and roles\n"
         "Sign-in is not switched on: **anyone who reaches the server can change saved data** (upload, replace "
         "and delete own tables, save views into presentations and shared peer groups). Switch sign-in on "
         "(OpenID Connect, e.g. Microsoft Entra ID) with an `[auth]` section in `.streamlit/secrets.toml` and "
         "name the editors in `[jamstat.roles]` (see README: Sign-in and roles).")),
    "about_access_sign_in": (
        ("### Inloggning och behörighet\n"
         "Inloggning sker med organisationens konto (OpenID Connect). **Redigerare** (utpekade med e-postadress "
         "eller grupp) kan ladda upp, ersätta och ta bort egna tabeller, spara vyer i presentationer, spara "
         "delade jämförelsegrupper och hämta senaste data från Kolada. Alla andra är **läsare**: de kan titta, "
         "exportera och följa länkar, men ser inga ändringsknappar, och servern vägrar deras ändringar. Den som "
         "inte loggat in kan också titta. Du är: {role}."),
        ("### Sign-in and roles\n"
         "Sign-in uses the organisation's account (OpenID Connect). **Editors** (named by e-mail address or "
         "group) can upload, replace and delete own tables, save views into presentations, save shared peer "
         "groups and fetch the latest data from Kolada. Everyone else is a **viewer**: they can explore, export "
         "and follow links, but see no edit controls, and the server refuses their edits. Anyone not signed in "
         "can look too. You are: {role}.")),
    "data_version_snapshot": ("inbäddad ögonblicksbild {vintage}", "embedded snapshot {vintage}"),
    "data_version_live": ("uppdaterad från Kolada {retrieved}", "updated from Kolada {retrieved}"),
    "chart_alt_sentence": ("Diagram: {title}. Siffrorna finns i tabellen under diagrammet.",
                           "Chart: {title}. The numbers are in the table below the chart."),
    "chart_alt": ("Tabell med siffrorna bakom diagrammet", "Table with the numbers behind the chart"),
    "theme_power": ("Makt och inflytande", "Power and influence"),
    "theme_economy": ("Ekonomisk jämställdhet", "Economic equality"),
    "theme_education": ("Utbildning", "Education"),
    "theme_care": ("Obetalt hem- och omsorgsarbete", "Unpaid housework and care"),
    "theme_health": ("Hälsa", "Health"),
    "theme_violence": ("Mäns våld mot kvinnor ska upphöra", "Men's violence against women must stop"),
    "theme_employer": ("Kommunen som arbetsgivare", "The municipality as employer"),
    "theme_employer_region": ("Regionen som arbetsgivare", "The region as employer"),
    "theme_social_care": ("Vård och omsorg", "Health and social care"),
    "theme_safety": ("Trygghet", "Safety"),
    # What each theme holds and why (Om data). The six national gender-equality goals come first.
    "theme_reason_power": (
        ("Delmål 1. Kvinnors och mäns andel av förtroendeuppdrag och ordförandeposter, politikernas ålder, "
        "inkomst och bakgrund, och valdeltagandet bland kvinnor och män."),
        ("Goal 1. Women's and men's shares of elected posts and chairs, the politicians' age, income and "
        "background, and voter turnout among women and men.")),
    "theme_reason_economy": (
        ("Delmål 2. Inkomster, sysselsättning, arbetslöshet, ekonomiskt bistånd, egenföretagande, pendling och "
        "i vilka branscher kvinnor och män arbetar; invånarantalet ingår som bakgrund."),
        ("Goal 2. Income, employment, unemployment, economic assistance, self-employment, commuting and the "
        "sectors women and men work in; the number of inhabitants is included as background.")),
    "theme_reason_education": (
        ("Delmål 3. Flickors och pojkars skolresultat, behörighet och examen, vuxenutbildning och SFI, och "
        "kvinnors och mäns utbildningsnivå."),
        ("Goal 3. Girls' and boys' school results, eligibility and diplomas, adult education and Swedish for "
        "immigrants, and women's and men's level of education.")),
    "theme_reason_care": (
        ("Delmål 4. **Bara två indikatorer**: kvinnors och mäns andel av föräldrapenningdagarna och av "
        "VAB-dagarna. De Kolada-data som ögonblicksbilden bygger på har inga fler nyckeltal om obetalt hem- och "
        "omsorgsarbete (t.ex. ingen tidsanvändning). Äldreomsorg och LSS är kommunens tjänster, inte obetalt arbete, och "
        "ligger under Vård och omsorg."),
        ("Goal 4. **Only two indicators**: women's and men's shares of parental-benefit days and of days caring "
        "for a sick child (VAB). The Kolada data the snapshot is built from hold no other key figures on unpaid "
        "housework and care (no time use, for instance). Elderly care and LSS are the municipality's services, not unpaid "
        "work, and are under Health and social care.")),
    "theme_reason_health": (
        ("Delmål 5. Sjukfrånvaro och ohälsa, livslängd, självskattad hälsa, levnadsvanor, sjukdomar och skador "
        "bland kvinnor och män, och flickors och pojkars idrottande."),
        ("Goal 5. Sickness absence and ill-health, life expectancy, self-rated health, habits, illness and "
        "injuries among women and men, and girls' and boys' sport.")),
    "theme_reason_violence": (
        ("Delmål 6. **Få indikatorer**: anmälda brott mot kvinnor (grov kvinnofridskränkning N07402, misshandel "
        "inomhus av en bekant N07549 och av en partner N07401, som upphörde 2018) och andelen kvinnor och män "
        "som utsatts för våld eller hot om våld (N01460). De Kolada-data som ögonblicksbilden bygger på har inga "
        "fler nyckeltal om mäns våld mot kvinnor. Anmälningarna avser bara kvinnor, så de har ingen skillnad mot "
        "män, syns inte på Översikt och ingår inte i indexet; fler anmälningar kan betyda fler brott eller att fler anmäler."),
        ("Goal 6. **Few indicators**: reported crimes against women (gross violation of a woman's integrity "
        "N07402, assault indoors by an acquaintance N07549 and by a partner N07401, discontinued in 2018) and "
        "the shares of women and men exposed to violence or threats of violence (N01460). The Kolada data the "
        "snapshot is built from hold no other key figures on men's violence against women. The reports are "
        "about women only, so they have no gap to men, are not on Overview and are not in the index; more reports can mean more crimes or that more "
        "are reported.")),
    "theme_reason_employer": (
        ("Inget delmål: kommunens ansvar som arbetsgivare. Sjukfrånvaro, heltid och deltid och anställningsformer "
        "bland kvinnor och män som kommunen anställer. För en region heter temat ”Regionen som arbetsgivare” och "
        "visar de nyckeltal Kolada har för regioner (heltid bland månadsavlönade, medarbetarengagemang)."),
        ("Not a goal: the municipality's responsibility as an employer. Sickness absence, full-time and "
        "part-time work and forms of employment among the women and men it employs. For a region the theme is "
        "called “The region as employer” and shows the KPIs Kolada has for regions (full-time work among the "
        "monthly paid, employee engagement).")),
    "theme_reason_social_care": (
        ("Inget delmål: kommunens vård och omsorg för kvinnor och män som tar emot den – hemtjänst, särskilt "
        "boende, hemsjukvård och brukarbedömningar i äldreomsorgen, LSS och socialtjänstens insatser för barn "
        "och unga. De låg tidigare under Obetalt hem- och omsorgsarbete, som de inte mäter."),
        ("Not a goal: the municipality's health and social care for the women and men who receive it – home "
        "help, special housing, home health care and user assessments in elderly care, LSS support and social "
        "services for children and young people. They used to be under Unpaid housework and care, which they "
        "do not measure.")),
    "theme_reason_safety": (
        ("Inget delmål: upplevd trygghet och oro (medborgarundersökningen), kränkande behandling, att avstå från "
        "att gå ut ensam, och elevers trygghet i skolan. De mäter trygghet, inte mäns våld mot kvinnor, och låg "
        "tidigare under det delmålet."),
        ("Not a goal: perceived safety and worry (the citizen survey), offensive treatment, refraining from "
        "going out alone, and pupils' safety at school. They measure safety, not men's violence against women, "
        "and used to be under that goal.")),
    "about_themes": (
        ("### Teman\n"
        "De sex första temana är de jämställdhetspolitiska delmålen. Ett tema innehåller bara indikatorer som "
        "mäter sitt mål; där Kolada har få sådana står det här, i stället för att temat fylls med annat. "
        "Övriga indikatorer ligger i teman som säger vad de mäter."),
        ("### Themes\n"
        "The first six themes are Sweden's gender-equality policy goals. A theme holds only indicators that "
        "measure its goal; where Kolada has few, it says so below rather than filling the theme with others. "
        "The other indicators are in themes that name what they measure.")),
    "theme_item": ("- **{theme}** ({n} indikatorer). {reason}", "- **{theme}** ({n} indicators). {reason}"),
    "unit_percent": ("procent", "percent"),
    "unit_sek": ("kronor", "SEK"),
    "unit_days": ("dagar", "days"),
    "unit_years": ("år", "years"),
    "unit_count": ("antal", "count"),
    "unit_per_1000": ("per 1 000 invånare", "per 1,000 inhabitants"),
    "unit_per_10000": ("per 10 000 invånare", "per 10,000 inhabitants"),
    "unit_per_100000": ("per 100 000 invånare", "per 100,000 inhabitants"),
    "unit_points": ("poäng", "points"),
    "unit_ratio": ("kvot", "ratio"),
    "gap_unit_percent": ("procentenheter", "percentage points"),
    "riket": ("Riket", "Sweden"),
    "peers": ("Jämförelsegrupp", "Peer group"),
    "peer_trend_title": ("Minskar skillnaden i {municipality} snabbare än hos {peers}?",
                         "Is the gap in {municipality} closing faster than among {peers}?"),
    "peer_mean_row": ("Jämförelsegruppens medelvärde", "Peer mean"),
    "peer_all": ("Alla kommuner", "All municipalities"),
    "peer_region": ("Kommunerna i länet", "Municipalities in the county"),
    "peer_group": ("Kommungruppen (Kolada)", "The municipal group (Kolada)"),
    "peer_kolada": ("En Kolada-grupp …", "A Kolada group …"),
    "peer_custom": ("Egen grupp …", "Own group …"),
    "peer_kolada_group": ("Kolada-grupp", "Kolada group"),
    "peer_custom_members": ("Kommuner i egen grupp (högst 10)", "Municipalities in own group (at most 10)"),
    "peer_custom_saved": ("Sparade grupper", "Saved groups"),
    "peer_custom_new": ("(ny grupp)", "(new group)"),
    "peer_custom_name": ("Gruppens namn", "Name of the group"),
    "peer_custom_save": ("Spara gruppen", "Save the group"),
    "peer_custom_saved_ok": ("Gruppen ”{name}” är sparad.", "The group “{name}” is saved."),
    "peer_custom_no_name": ("inget namn", "no name"),
    "peer_custom_empty": ("Välj kommuner till den egna gruppen.", "Choose municipalities for your own group."),
    "peer_label_all": ("alla kommuner", "all municipalities"),
    # A region's peers are other regions (jamstat/peers.py).
    "peer_all_regions": ("Alla regioner", "All regions"),
    "peer_label_all_regions": ("alla regioner", "all regions"),
    "peer_custom_members_regions": ("Regioner i egen grupp (högst 10)", "Regions in own group (at most 10)"),
    "peer_custom_empty_regions": ("Välj regioner till den egna gruppen.", "Choose regions for your own group."),
    "peer_label_region": ("kommunerna i {region}", "the municipalities in {region}"),
    "peer_label_group": ("kommungruppen ”{group}”", "the municipal group “{group}”"),
    "peer_label_kolada": ("Kolada-gruppen ”{group}”", "the Kolada group “{group}”"),
    "peer_label_custom": ("den egna gruppen ”{name}”", "the own group “{name}”"),
    "peer_file_problem": ("Sparade grupper: {problem}", "Saved groups: {problem}"),
    "peer_mean_note": ("Jämförelsegruppens medelvärde är ovägt: varje kommun räknas en gång, den valda kommunen ingår inte.",
                       "The peer mean is unweighted: each municipality counts once; the chosen municipality is not included."),
    "fallback_default": ("standardvalet", "the default"),
    # How many areas a peer mean rests on (n of N), and counts, which are not compared across areas.
    "peer_basis": ("{n} av {total}", "{n} of {total}"),
    "peer_basis_areas": ("{n} av {total} kommuner", "{n} of {total} municipalities"),
    "peer_uncertain": ("osäkert", "uncertain"),
    "peer_mean_with_basis": ("{mean} ({basis})", "{mean} ({basis})"),
    "peer_mean_row_basis": ("Gruppmedel ({basis})", "Peer mean ({basis})"),  # short: a chart label
    "peer_basis_note": (
        ("”n av N” anger hur många av jämförelsegruppens kommuner som har värden. Vilar medelvärdet på färre än 3 "
         "eller färre än hälften av dem är det osäkert och markeras så."),
        ("“n of N” says how many of the peer municipalities have values. A mean resting on fewer than 3 of them or "
         "on fewer than half is uncertain and marked so.")),
    "peer_basis_uncertain": (
        "Jämförelsegruppens medelvärde bygger på bara {basis} och är osäkert (ljusare och streckat i diagrammet).",
        "The peer mean rests on only {basis} and is uncertain (lighter and dashed in the chart)."),
    "peer_basis_line": ("Medelvärdet bygger på {low}–{high} av {total} kommuner",
                        "The mean rests on {low}–{high} of {total} municipalities"),
    "peer_basis_line_fixed": ("Medelvärdet bygger på {n} av {total} kommuner",
                              "The mean rests on {n} of {total} municipalities"),
    "peer_basis_shifts": ("; antalet skiftar {years}", "; the number changes in {years}"),
    "peer_basis_hollow": (". Ihåliga punkter: färre än 3 eller färre än hälften av kommunerna, osäkert medelvärde.",
                          ". Hollow points: fewer than 3 or fewer than half of the municipalities, an uncertain mean."),
    "peer_basis_tooltip": ("Medelvärdet bygger på", "The mean rests on"),
    "count_not_comparable": ("ej jämförbart (antal)", "not comparable (count)"),
    "count_note": (
        ("Antal (invånare, anställda, elever …) jämförs inte mellan områden: skillnaden i antal speglar mest hur stor "
         "kommunen eller regionen är, inte jämställdhet. Därför ges ingen placering eller jämförelsegruppens medelvärde; "
         "{women}s andel av alla, {women} / ({women} + {men}), går att jämföra."),
        ("Counts (inhabitants, employees, pupils …) are not compared across areas: a gap in numbers mostly reflects "
         "the size of the municipality or region, not equality. So there is no rank and no peer mean; the share of {women}, "
         "{women} / ({women} + {men}), can be compared.")),
    "women_share": ("Andel {women}", "Share of {women}"),
    "women_share_value": ("andel {women} {share}", "share of {women} {share}"),
    "compare_subtitle_count": (
        "Jämförelse med {peers}, sorterat efter andelen {women} ({women} / ({women} + {men})). Markerat: {marked}.",
        "Compared with {peers}, sorted by the share of {women} ({women} / ({women} + {men})). Highlighted: {marked}."),
    "peer_trend_count": (
        "Ingen jämförelse med jämförelsegruppen över tid för antal: skillnaden i antal speglar mest områdenas storlek.",
        "No comparison with the peers over time for counts: a gap in numbers mostly reflects the areas' size."),
    # Plain-language sentences per indicator (jamstat/narrative.py picks and fills these).
    "narrative_measure_percent": ("andelen", "the share"),
    "narrative_measure_other": ("värdet", "the value"),
    "narrative_measures_percent": ("andelarna", "the shares"),
    "narrative_measures_other": ("värdena", "the values"),
    "narrative_higher_measure_percent": ("den högre andelen", "the higher share"),
    "narrative_higher_measure_other": ("det högre värdet", "the higher value"),
    "narrative_gap": (
        ("{title}: år {year} var {measure} för {higher} i {area} {amount} högre än för {lower} "
         "({higher_value} mot {lower_value})"),
        ("{title}: in {year} {measure} for {higher} in {area} was {amount} higher than for {lower} "
         "({higher_value} vs {lower_value})")),
    "narrative_about_equal": (
        "{title}: år {year} var {measures} för {women} och {men} i {area} ungefär lika ({women_value} mot {men_value})",
        ("{title}: in {year} {measures} for {women} and {men} in {area} were about the same "
         "({women_value} vs {men_value})")),
    "narrative_uncertain": (
        "skillnaden är osäker: den varierar mycket mellan åren (i regel {typical} från ett år till nästa)",
        "the gap is uncertain: it varies a lot between years (typically {typical} from one year to the next)"),
    "narrative_small_numbers": (
        "små tal: en eller ett par personer kan ändra värdet mycket, och ingen trend anges",
        "small numbers: one or two people can move the value a lot, and no trend is given"),
    "narrative_small_numbers_only": (
        "små tal: en eller ett par personer kan ändra värdet mycket",
        "small numbers: one or two people can move the value a lot"),
    "narrative_base_higher": ("{higher} {amount} högre", "{higher} {amount} higher"),
    "narrative_base_equal": ("ungefär lika", "about the same"),
    "narrative_trend_narrowed": ("skillnaden har minskat sedan {base_year} (då: {base})",
                                 "the gap has narrowed since {base_year} (then: {base})"),
    "narrative_trend_widened": ("skillnaden har ökat sedan {base_year} (då: {base})",
                                "the gap has widened since {base_year} (then: {base})"),
    "narrative_trend_unclear": ("ingen tydlig förändring sedan {base_year} (då: {base})",
                                "no clear change since {base_year} (then: {base})"),
    "narrative_trend_reversed": (
        "det har vänt: år {base_year} hade i stället {base_higher} {higher_measure}, med {base_amount}",
        "it has reversed: in {base_year} {base_higher} had {higher_measure} instead, by {base_amount}"),
    "narrative_missing_one": (
        "{title}: värdet för {sex} i {area} år {year} saknas eller redovisas inte, och ingen skillnad kan beräknas",
        "{title}: the value for {sex} in {area} in {year} is missing or suppressed, and no gap can be computed"),
    "narrative_missing_both": (
        ("{title}: värdena för {women} och {men} i {area} år {year} saknas eller redovisas inte, "
         "och ingen skillnad kan beräknas"),
        ("{title}: the values for {women} and {men} in {area} in {year} are missing or suppressed, "
         "and no gap can be computed")),
    "narrative_with_trend": ("{main}; {trend}.", "{main}; {trend}."),
    "narrative_without_trend": ("{main}.", "{main}."),
    "narrative_peer": ("Jämförelsegruppens medelvärde: {peer}.", "Peer mean: {peer}."),
    "narrative_peer_labelled": ("Jämförelsegruppens medelvärde (ovägt medelvärde för {peer_label}): {peer}.",
                                "Peer mean (unweighted mean of {peer_label}): {peer}."),
    "narrative_peer_higher": ("{higher} {amount} högre", "{higher} {amount} higher"),
    "narrative_peer_basis": ("bygger på {n} av {total} kommuner", "based on {n} of {total} municipalities"),
    "narrative_peer_basis_uncertain": ("osäkert: bygger på bara {n} av {total} kommuner",
                                       "uncertain: based on only {n} of {total} municipalities"),
    "narrative_peer_equal": ("ingen skillnad", "no difference"),
    # The same, when the home organisation is a region and its peers are regions (peer_key picks these).
    "narrative_peer_basis_regions": ("bygger på {n} av {total} regioner", "based on {n} of {total} regions"),
    "narrative_peer_basis_uncertain_regions": ("osäkert: bygger på bara {n} av {total} regioner",
                                               "uncertain: based on only {n} of {total} regions"),
    "peer_basis_areas_regions": ("{n} av {total} regioner", "{n} of {total} regions"),
    "peer_basis_line_regions": ("Medelvärdet bygger på {low}–{high} av {total} regioner",
                                "The mean rests on {low}–{high} of {total} regions"),
    "peer_basis_line_fixed_regions": ("Medelvärdet bygger på {n} av {total} regioner",
                                      "The mean rests on {n} of {total} regions"),
    "peer_mean_note_regions": (("Jämförelsegruppens medelvärde är ovägt: varje region räknas en gång, den valda "
                                "regionen ingår inte."),
                               ("The peer mean is unweighted: each region counts once; the chosen region is not "
                                "included.")),
    "peer_basis_note_regions": (
        ("”n av N” anger hur många av jämförelsegruppens regioner som har värden. Vilar medelvärdet på färre än 3 "
         "eller färre än hälften av dem är det osäkert och markeras så."),
        ("“n of N” says how many of the peer regions have values. A mean resting on fewer than 3 of them or "
         "on fewer than half is uncertain and marked so.")),
    "peer_basis_hollow_regions": (
        ". Ihåliga punkter: färre än 3 eller färre än hälften av regionerna, osäkert medelvärde.",
        ". Hollow points: fewer than 3 or fewer than half of the regions, an uncertain mean."),
    "narrative_with_peer": ("{main} {peer}", "{main} {peer}"),
    # Karta (map) ------------------------------------------------------------------------------------
    "page_map": ("Karta", "Map"),
    "municipality_short": ("Kommun", "Municipality"),
    "region_short": ("Region", "Region"),
    "measure": ("Visa", "Show"),
    "one_sex_note": (("Kolada publicerar nyckeltalet bara för {sex}, så ingen skillnad eller kvot mot {other} "
                     "kan beräknas."),
                     ("Kolada publishes this key figure for {sex} only, so no gap or ratio to {other} can be "
                     "computed.")),
    "map_choose_measure": ("Välj ”{measure}” under Visa.", "Choose “{measure}” under Show."),
    "measure_gap": ("Skillnad ({women} − {men})", "Gap ({women} − {men})"),
    "measure_women": ("Värde för {women}", "Value for {women}"),
    "measure_men": ("Värde för {men}", "Value for {men}"),
    "measure_share": ("Andel {women} av alla", "Share of {women} of all"),
    "county": ("Län", "County"),
    "county_all": ("Hela Sverige", "All of Sweden"),
    "map_title_gap": ("Skillnad mellan {women} och {men} per kommun, {year}",
                      "Gap between {women} and {men} by municipality, {year}"),
    "map_title_value": ("Värdet för {sex} per kommun, {year}", "Value for {sex} by municipality, {year}"),
    "map_subtitle_gap": ("Orange: högre för {women}. Blått: högre för {men}. Vitt: lika.",
                         "Orange: higher for {women}. Blue: higher for {men}. White: equal."),
    "map_subtitle_value": ("Mörkare färg: högre värde.", "Darker colour: higher value."),
    "map_scale_all_years": ("Färgskalan är densamma för alla år {first}–{last}, så att åren kan jämföras.",
                            "The colour scale is the same for every year {first}–{last}, so years can be compared."),
    "map_title_share": ("Andel {women} av alla per kommun, {year}", "Share of {women} of all by municipality, {year}"),
    "map_subtitle_share": (
        ("Orange: fler {women} än {men}. Blått: fler {men}. (Antal färgas inte efter skillnaden: den speglar mest "
         "kommunens storlek.)"),
        ("Orange: more {women} than {men}. Blue: more {men}. (Counts are not coloured by the gap: it mostly "
         "reflects the size of the municipality.)")),
    "map_subtitle_chosen": ("Svart kant: {name}.", "Black outline: {name}."),
    "map_title_gap_regions": ("Skillnad mellan {women} och {men} per region, {year}",
                              "Gap between {women} and {men} by region, {year}"),
    "map_title_value_regions": ("Värdet för {sex} per region, {year}", "Value for {sex} by region, {year}"),
    "map_title_share_regions": ("Andel {women} av alla per region, {year}", "Share of {women} of all by region, {year}"),
    "map_missing_legend": ("Värde saknas", "No value"),
    "map_no_data": ("Det finns inga värden för {indicator} år {year} i {place}. Välj ett annat år eller län.",
                    "There are no values for {indicator} in {year} in {place}. Choose another year or county."),
    "map_boundaries_missing": (
        "Kartans kommungränser saknas ({path}). Bygg dem med: python -m jamstat boundaries",
        "The map's municipality boundaries are missing ({path}). Build them with: python -m jamstat boundaries"),
    # Egen data (own data) page -------------------------------------------------------------------------
    "theme_own": ("Egen data", "Own data"),
    "page_own": ("Egen data", "Own data"),
    "about_own": (
        ("### Egna data\n"
         "På sidan **Egen data** kan kommunen ladda upp egna könsuppdelade tabeller (t.ex. talartid i "
         "fullmäktige). De kontrolleras innan de sparas, sparas under `data/own/` i samma långa format som "
         "Koladas värden (källa: uppladdning) och visas under temat Egen data med källan ”kommunens egna data”, "
         "aldrig som officiell statistik. Skillnad och kvot räknas på samma sätt som för Koladas värden. Egna "
         "tabeller ingår inte i indexet. Just nu finns {indicators}."),
        ("### Own data\n"
         "On the **Own data** page a municipality can upload its own sex-disaggregated tables (e.g. talk time "
         "in the council). They are checked before they are saved, stored under `data/own/` in the same long "
         "format as Kolada's values (source: upload) and shown under the theme Own data with the source "
         "“the municipality's own data”, never as official statistics. Gap and ratio are computed the same way "
         "as for Kolada's values. Own tables are not part of the index. Own indicators now: {n}.")),
    "own_title": ("Egen data: kommunens egna könsuppdelade tabeller", "Own data: the municipality's own sex-disaggregated tables"),
    "own_intro": (
        ("Ladda upp en tabell som ingen offentlig databas har, t.ex. talartid för kvinnor och män i fullmäktige "
         "eller timmar som flickors och pojkars lag bokar i idrottshallar. Tabellen kontrolleras först; inget "
         "sparas förrän du godkänner den. Sparade tabeller visas under temat **Egen data** på Översikt, Jämför "
         "och Över tid, märkta som kommunens egna data."),
        ("Upload a table that no public database has, e.g. the talk time of women and men in the council or the "
         "hours girls' and boys' teams book in sports halls. The table is checked first; nothing is saved until "
         "you accept it. Saved tables appear under the theme **Own data** on Overview, Compare and Over time, "
         "labelled as the municipality's own data.")),
    "own_templates": ("Mallar och exempel", "Templates and examples"),
    "own_template_help": (
        ("Långt format: en rad per område, år, indikator och grupp (kvinnor/män eller flickor/pojkar). Brett "
         "format: en kolumn för kvinnor och en för män. Kommun anges med namn eller kod (t.ex. Karlstad eller 1780)."),
        ("Long layout: one row per area, year, indicator and group (women/men or girls/boys). Wide layout: one "
         "column for women and one for men. Give the municipality by name or code (e.g. Karlstad or 1780).")),
    "own_template_csv": ("Mall (CSV)", "Template (CSV)"),
    "own_template_xlsx": ("Mall (Excel)", "Template (Excel)"),
    "own_template_wide": ("Mall, brett format (CSV)", "Template, wide layout (CSV)"),
    "own_demo_intro": ("Två exempel med **påhittade siffror** visar hur det fungerar:",
                       "Two examples with **made-up numbers** show how it works:"),
    "own_demo_talk_time": ("Ladda exempel: talartid i fullmäktige", "Load example: talk time in the council"),
    "own_demo_bookings": ("Ladda exempel: bokningar av idrottsanläggningar", "Load example: sports-facility bookings"),
    "own_demo_title_talk_time": ("Exempel: talartid i fullmäktige (fiktiva siffror)",
                                 "Example: talk time in the council (fictional numbers)"),
    "own_demo_title_bookings": ("Exempel: bokningar av idrottsanläggningar (fiktiva siffror)",
                                "Example: sports-facility bookings (fictional numbers)"),
    "own_upload_choose": ("Välj fil", "Choose file"),
    "own_upload_limit": ("Högst {mb} MB per fil • {types}", "At most {mb} MB per file • {types}"),
    "own_upload": ("Ladda upp en tabell (CSV eller Excel, högst 50 MB)", "Upload a table (CSV or Excel, at most 50 MB)"),
    "own_sheet": ("Blad i arbetsboken", "Sheet of the workbook"),
    "own_preview": ("Förhandsvisning (de första 20 raderna)", "Preview (the first 20 rows)"),
    "own_detected": ("Läst som {kind}{details}.", "Read as {kind}{details}."),
    "own_detected_csv": (", teckenkodning {encoding}, avgränsare {separator}, decimaltecken {decimal}",
                         ", encoding {encoding}, separator {separator}, decimal mark {decimal}"),
    "own_mapping": ("Vilken kolumn är vad?", "Which column is what?"),
    "own_mapping_help": ("Kolumnerna är gissade utifrån rubrikerna; rätta dem om det behövs.",
                         "The columns are guessed from the headers; correct them if needed."),
    "own_no_column": ("(ingen)", "(none)"),
    "own_keep_groups": ("Behåll andra grupper än kvinnor och män (t.ex. totalt)",
                        "Keep groups other than women and men (e.g. total)"),
    "own_table_title": ("Tabellens namn", "Name of the table"),
    "own_check_summary": ("{rows} kan importeras: {indicators}, {areas}. {years}.",
                          "{rows} can be imported: {indicators}, {areas}. {years}."),
    "own_errors": ("{errors}: raderna med fel importeras inte. Rätta filen och ladda upp den igen.",
                   "{errors}: rows with errors are not imported. Correct the file and upload it again."),
    "own_warnings": ("{warnings}: raderna importeras, men läs listan.",
                     "{warnings}: the rows are imported, but read the list."),
    "own_problem_row": ("Rad", "Row"),
    "own_problem_column": ("Kolumn", "Column"),
    "own_problem_severity": ("Typ", "Kind"),
    "own_problem_message": ("Problem", "Problem"),
    "own_severity_error": ("fel", "error"),
    "own_severity_warning": ("varning", "warning"),
    "own_problems_download": ("Alla problem (CSV)", "All problems (CSV)"),
    "own_nothing_to_import": ("Inga rader kan importeras.", "No rows can be imported."),
    "own_replace": ("Det finns redan en tabell som heter ”{title}”. Ersätt den (den gamla finns kvar tills den nya är sparad)",
                    "There is already a table called “{title}”. Replace it (the old one is kept until the new one is saved)"),
    "own_accept": ("Godkänn och spara", "Accept and save"),
    "own_saved": ("Tabellen ”{title}” är sparad ({rows}). Den finns under temat Egen data.",
                  "The table “{title}” is saved ({rows}). It is under the theme Own data."),
    "own_save_failed": ("Tabellen kunde inte sparas: {reason}. Inget ändrades.",
                        "The table could not be saved: {reason}. Nothing was changed."),
    "own_read_failed": ("Filen kan inte läsas: {reason}", "The file cannot be read: {reason}"),
    "own_saved_tables": ("Sparade tabeller", "Saved tables"),
    "own_no_tables": ("Inga egna tabeller är sparade ännu.", "No own tables are saved yet."),
    "own_table_line": ("**{title}**{demo} – {rows}, {indicators}. Fil: {file}. Sparad {when}.",
                       "**{title}**{demo} – {rows}, {indicators}. File: {file}. Saved {when}."),
    "own_demo_mark": (" (exempel, påhittade siffror)", " (example, made-up numbers)"),
    "own_show": ("Visa i Över tid", "Show in Over time"),
    "own_delete": ("Ta bort", "Delete"),
    "own_delete_confirm": ("Ja, ta bort ”{title}”", "Yes, delete “{title}”"),
    "own_deleted": ("Tabellen ”{title}” är borttagen.", "The table “{title}” is deleted."),
    "page_failed": (("Något gick fel när sidan skulle visas. Felet är loggat på servern; försök igen, eller välj en "
                    "annan indikator eller sida."),
                    ("Something went wrong while showing the page. The error is logged on the server; try again, or "
                    "choose another indicator or page.")),
    "own_table_ignored": ("En egen tabell kunde inte läsas och visas inte: {detail} Filen ligger kvar i {directory}.",
                          "An own table could not be read and is not shown: {detail} The file is left in {directory}."),
    "own_table_ignored_database": (("En egen tabell kunde inte läsas och visas inte: {detail} Tabellen finns kvar i den "
                                    "delade databasen; be en administratör att titta på den."),
                                   ("An own table could not be read and is not shown: {detail} The table is kept in the "
                                    "shared database; ask an administrator to look at it.")),
    "own_source": ("Källa: kommunens egna data (uppladdad tabell ”{table}”), inte officiell statistik.",
                   "Source: the municipality's own data (uploaded table “{table}”), not official statistics."),
    "own_source_caption": (
        "Källa: kommunens egna data (uppladdad tabell ”{table}”), inte officiell statistik. Enhet: {unit}. {years}.",
        "Source: the municipality's own data (uploaded table “{table}”), not official statistics. Unit: {unit}. {years}."),
    "data_version_own": ("egen tabell", "own table"),
    "unit_hours": ("timmar", "hours"),
    "unit_minutes": ("minuter", "minutes"),
    # Own data: what the importer says about a file (jamstat/sources/upload.py), keys upload_* -------------
    "upload_role_area": ("Område (kommun, region eller riket)", "Area (municipality, region or Sweden)"),
    "upload_role_year": ("År", "Year"),
    "upload_role_indicator": ("Indikator", "Indicator"),
    "upload_role_unit": ("Enhet", "Unit"),
    "upload_role_group": ("Grupp (kvinnor/män eller flickor/pojkar)", "Group (women/men or girls/boys)"),
    "upload_role_value": ("Värde", "Value"),
    "upload_role_women": ("Värde för kvinnor eller flickor", "Value for women or girls"),
    "upload_role_men": ("Värde för män eller pojkar", "Value for men or boys"),
    "upload_too_big": ("Filen är för stor ({size_mb} MB). Den får vara högst {max_mb} MB.",
                       "The file is too large ({size_mb} MB). It may be at most {max_mb} MB."),
    "upload_unpacked_too_big": (
        ("Excel-filen ({size_mb} MB) packas upp till {unpacked_mb} MB, mer än en tabell på 50 MB behöver (högst "
        "{max_mb} MB). Spara bara tabellen, utan andra blad eller bilder, eller spara den som CSV."),
        ("The Excel file ({size_mb} MB) unpacks to {unpacked_mb} MB, more than a 50 MB table needs (at most {max_mb} "
        "MB). Save only the table, without other sheets or pictures, or save it as CSV.")),
    "upload_xlsx_packed": (
        ("Excel-filen ({size_mb} MB) innehåller en del som packas upp till {unpacked_mb} MB ur nästan ingenting. Så ser "
        "ingen vanlig tabell ut; filen läses inte. Spara tabellen på nytt från Excel eller som CSV."),
        ("The Excel file ({size_mb} MB) holds a part that unpacks to {unpacked_mb} MB from almost nothing. No ordinary "
        "table looks like that; the file is not read. Save the table again from Excel, or as CSV.")),
    "upload_too_many_cells": ("Bladet har fler än {max_cells} ifyllda celler. Dela upp tabellen i flera filer.",
                              "The sheet has more than {max_cells} filled cells. Split the table into several files."),
    "upload_too_many_far_cells": (
        ("Bladet har fler än {count} ifyllda celler bortom kolumn {max_columns}; bara de {max_columns} första "
        "kolumnerna läses. Ta bort cellerna längst till höger, eller spara tabellen som CSV."),
        ("The sheet has more than {count} filled cells beyond column {max_columns}; only the first {max_columns} "
        "columns are read. Delete the cells far to the right, or save the table as CSV.")),
    "upload_read_timeout": (
        ("Filen tog längre än {seconds} sekunder att läsa och läsningen avbröts. Spara tabellen som CSV, eller dela "
        "upp den i mindre filer."),
        ("Reading the file took longer than {seconds} seconds and was stopped. Save the table as CSV, or split it "
        "into smaller files.")),
    "upload_read_memory": (
        ("Filen behöver mer minne än de {max_mb} MB som en uppladdning får använda och lästes inte. Spara tabellen "
        "som CSV, eller dela upp den i mindre filer."),
        ("The file needs more memory than the {max_mb} MB an upload may use and was not read. Save the table as "
        "CSV, or split it into smaller files.")),
    "upload_too_many_rows": ("Filen har fler än {max_rows} rader. Dela upp den i flera filer.",
                             "The file has more than {max_rows} rows. Split it into several files."),
    "upload_empty": ("Filen är tom.", "The file is empty."),
    "upload_only_header": ("Filen har bara en rubrikrad och inga rader med data.",
                           "The file has only a header row and no rows of data."),
    "upload_binary": (("Filen går inte att läsa som text. Spara tabellen som CSV (semikolonavgränsad) eller som "
                       "Excel-arbetsbok (.xlsx) och försök igen."),
                      ("The file cannot be read as text. Save the table as CSV (semicolon-separated) or as an "
                       "Excel workbook (.xlsx) and try again.")),
    "upload_wrong_extension": (("Filen ”{name}” är varken CSV eller Excel (.xlsx). Välj en fil som slutar på .csv "
                               "eller .xlsx."),
                               ("The file “{name}” is neither CSV nor Excel (.xlsx). Choose a file ending in .csv "
                               "or .xlsx.")),
    "upload_xlsx_as_csv": (("Filen heter .csv men är en Excel-arbetsbok. Döp om den till .xlsx eller spara den som "
                           "CSV."),
                           "The file is named .csv but is an Excel workbook. Rename it to .xlsx or save it as CSV."),
    "upload_not_xlsx": ("Filen heter .xlsx men är ingen Excel-arbetsbok. Spara den på nytt från Excel.",
                        "The file is named .xlsx but is not an Excel workbook. Save it again from Excel."),
    "upload_xlsx_unreadable": ("Excel-filen är skadad eller går inte att läsa. Spara den på nytt från Excel.",
                               "The Excel file is damaged or cannot be read. Save it again from Excel."),
    "upload_no_sheet": ("Bladet ”{sheet}” finns inte i filen. Bladen heter: {sheets}.",
                        "The sheet “{sheet}” is not in the file. The sheets are: {sheets}."),
    "upload_bad_row": (("Rad {row} har {found} fält, men rubrikraden har {expected}. Kontrollera avgränsarna på "
                       "den raden."),
                       ("Row {row} has {found} fields, but the header row has {expected}. Check the separators on "
                       "that row.")),
    "upload_bad_quotes": ("Filen har ett citattecken (\") som aldrig avslutas. Kontrollera citattecknen i filen.",
                          ("The file has a quotation mark (\") that is never closed. Check the quotation marks in "
                          "the file.")),
    "upload_no_layout": (("Hittar inte vilka kolumner som är kön och värde. Välj antingen en kolumn för grupp "
                          "och en för värde, eller en kolumn för kvinnor och en för män."),
                         ("Cannot tell which columns hold the sex and the value. Choose either a group column "
                          "and a value column, or a column for women and one for men.")),
    "upload_missing_column": ("Välj vilken kolumn som innehåller: {role}.", "Choose the column that holds: {role}."),
    "upload_mapping_unknown_column": ("Kolumnen ”{column}” finns inte i filen.",
                                      "The column “{column}” is not in the file."),
    "upload_mapping_duplicate": ("Kolumnen ”{column}” är vald för två saker. Välj en kolumn per sak.",
                                 "The column “{column}” is chosen for two things. Choose one column for each."),
    "upload_mixed_population_columns": (
        "Kolumnerna ”{women}” och ”{men}” blandar vuxna och barn. Använd kvinnor/män eller flickor/pojkar.",
        "The columns “{women}” and “{men}” mix adults and children. Use women/men or girls/boys."),
    "upload_area_empty": ("Rad {row}: området saknas.", "Row {row}: the area is missing."),
    "upload_area_unknown": ("Rad {row}: området ”{value}” är ingen kommun, region eller riket.{hint}",
                            "Row {row}: the area “{value}” is not a municipality, region or Sweden.{hint}"),
    "upload_suggestion": (" Menade du ”{name}”?", " Did you mean “{name}”?"),
    "upload_year_empty": ("Rad {row}: året saknas.", "Row {row}: the year is missing."),
    "upload_year_invalid": ("Rad {row}: ”{value}” är inget år.", "Row {row}: “{value}” is not a year."),
    "upload_year_not_whole": ("Rad {row}: året ”{value}” är inget helt år.",
                              "Row {row}: the year “{value}” is not a whole year."),
    "upload_year_out_of_range": ("Rad {row}: året ”{value}” ligger utanför {first}–{last}.",
                                 "Row {row}: the year “{value}” is outside {first}–{last}."),
    "upload_indicator_empty": ("Rad {row}: indikatorns namn saknas.", "Row {row}: the indicator's name is missing."),
    "upload_indicator_too_long": ("Rad {row}: indikatorns namn är längre än {max} tecken.",
                                  "Row {row}: the indicator's name is longer than {max} characters."),
    "upload_group_empty": ("Rad {row}: gruppen (kön) saknas.", "Row {row}: the group (sex) is missing."),
    "upload_group_other": ("Rad {row}: gruppen ”{value}” är varken kvinnor, män, flickor eller pojkar.",
                           "Row {row}: the group “{value}” is neither women, men, girls nor boys."),
    "upload_value_not_number": ("Rad {row}: värdet ”{value}” i kolumnen ”{column}” är inget tal.",
                                "Row {row}: the value “{value}” in the column “{column}” is not a number."),
    "upload_value_too_large": ("Rad {row}: värdet ”{value}” i kolumnen ”{column}” är för stort.",
                               "Row {row}: the value “{value}” in the column “{column}” is too large."),
    "upload_value_negative": (("Rad {row}: värdet ”{value}” är negativt, men enheten ({unit}) kan inte vara "
                              "negativ."),
                              ("Row {row}: the value “{value}” is negative, but the unit ({unit}) cannot be "
                              "negative.")),
    "upload_percent_over_100": ("Rad {row}: värdet ”{value}” är över 100 procent.",
                                "Row {row}: the value “{value}” is over 100 percent."),
    "upload_duplicate": ("Rad {row} upprepar rad {first_row} (samma område, år, indikator och grupp).",
                         "Row {row} repeats row {first_row} (same area, year, indicator and group)."),
    "upload_population_mixed": (("Rad {row}: indikatorn ”{value}” blandar flickor/pojkar med kvinnor/män. Använd "
                                "en sorts grupper per indikator."),
                                ("Row {row}: the indicator “{value}” mixes girls/boys with women/men. Use one kind "
                                "of groups per indicator.")),
    "upload_unit_mixed": ("Rad {row}: enheten ”{value}” skiljer sig från indikatorns övriga rader (”{expected}”).",
                          "Row {row}: the unit “{value}” differs from the indicator's other rows (“{expected}”)."),
    "upload_missing_pair": (("Rad {row}: värdet för {missing} saknas ({indicator}, {area}, {year}). Raden tas med, "
                            "men skillnaden visas som saknad."),
                            ("Row {row}: the value for {missing} is missing ({indicator}, {area}, {year}). The row "
                            "is imported, but the gap shows as missing.")),
    "upload_more": ("… och {count} {rows} till med samma slags problem som rad {first_row}.",
                    "… and {count} more {rows} with the same kind of problem as row {first_row}."),
    "upload_unit_hours": ("timmar", "hours"),
    "upload_unit_minutes": ("minuter", "minutes"),
    # (end of upload strings)
    # The first screen, the indicator search and "Om indikatorn" (jamstat/web/).
    "landing_title": ("Jämställdhets\u00adstatistik för Sveriges kommuner", "Gender-equality statistics for Sweden's municipalities"),
    "landing_lead": ("Jämför kvinnor och män i Sveriges kommuner, län och riket, år för år, med Koladas statistik.",
                     ("Compare women and men in Sweden's municipalities, regions and the country as a whole, year by "
                     "year, with Kolada's statistics.")),
    "landing_choose": ("Vilken kommun eller region vill du se?", "Which municipality or region do you want to see?"),
    "landing_placeholder": ("Skriv eller välj en kommun eller region", "Type or choose a municipality or region"),
    "landing_steps": (
        ("**Börja här**\n\n1. Välj din kommun här ovan (eller i sidomenyn).\n"
        "2. **Översikt** visar kommunens profil: kvinnor och män, skillnaden och en mening per indikator.\n"
        "3. Klicka på en rad i profilen för att se indikatorn **Över tid**, eller välj **Jämför** och **Karta** "
        "i menyn för att ställa kommunen bredvid andra."),
        ("**Start here**\n\n1. Choose your municipality above (or in the sidebar).\n"
        "2. **Overview** shows its profile: women and men, the gap and one sentence per indicator.\n"
        "3. Click a row of the profile to see the indicator **Over time**, or choose **Compare** and **Map** in "
        "the menu to set the municipality beside others.")),
    "search_label": ("Sök indikator (alla teman)", "Search indicators (all themes)"),
    "search_placeholder": ("t.ex. VAB, sjukpenning, lön", "e.g. parental leave, sick pay, income"),
    "search_none": ("Ingen indikator matchar ”{query}”. Försök med ett annat ord.",
                    "No indicator matches \"{query}\". Try another word."),
    "search_hits": ("{n} träffar, bäst först. Klicka för att visa:", "{n} matches, best first. Click to show:"),
    "search_hit_help": ("Tema: {theme}. Kolada-KPI: {kpi}.", "Theme: {theme}. Kolada KPI: {kpi}."),
    "about_indicator": ("Om indikatorn", "About the indicator"),
    "about_indicator_kolada": ("Koladas beskrivning:", "Kolada's description (in Swedish):"),
    "about_indicator_facts": ("KPI: {kpi} · Enhet: {unit} · Tema: {theme}", "KPI: {kpi} · Unit: {unit} · Theme: {theme}"),
    "about_indicator_none": ("Kolada ger ingen beskrivning av den här indikatorn.",
                             "Kolada gives no description of this indicator."),
    "profile_sentences": ("I klartext", "In plain words"),
    # Saved state (own tables, presentations, peer groups): failures, deleting, the audit trail -------------
    "state_save_failed": (("Det gick inte att spara: lagringen kan inte skrivas just nu (till exempel en full disk, "
                          "en skrivskyddad mapp eller en databas som inte svarar). Inget ändrades. Försök igen "
                          "senare eller be den som driver tjänsten att titta i loggen."),
                          ("Could not save: the storage cannot be written just now (for example a full disk, a "
                          "read-only folder or a database that does not answer). Nothing was changed. Try again "
                          "later or ask whoever runs the service to look at the log.")),
    "state_read_failed": (("Sparade data (egna tabeller, presentationer och jämförelsegrupper) kan inte läsas just "
                           "nu. Koladas statistik visas som vanligt. Försök igen senare, eller be en administratör "
                           "att titta i serverns logg."),
                          ("Saved data (own tables, presentations and peer groups) cannot be read just now. "
                           "Kolada's statistics are shown as usual. Try again later, or ask an administrator to look "
                           "at the server's log.")),
    "state_not_recorded": (("Ändringen är sparad, men den kunde inte skrivas in i ändringsloggen (vem som ändrade "
                            "vad och när). Felet är loggat på servern; be en administratör att titta på det."),
                           ("The change is saved, but it could not be recorded in the change log (who changed what, "
                            "and when). The error is logged on the server; ask an administrator to look at it.")),
    # Where a page lists saved things: short, as the notice above (on every page) says the rest.
    "state_groups_unavailable": ("Sparade grupper kan inte visas just nu. Försök igen senare.",
                                 "Saved groups cannot be shown just now. Try again later."),
    "state_tables_unavailable": ("Sparade tabeller kan inte visas just nu. Försök igen senare.",
                                 "Saved tables cannot be shown just now. Try again later."),
    "state_presentations_unavailable": ("Sparade presentationer kan inte visas just nu. Försök igen senare.",
                                        "Saved presentations cannot be shown just now. Try again later."),
    "own_exists_meanwhile": (("Någon annan sparade just en tabell som heter ”{title}”. Inget ersattes: välj ett "
                             "annat namn, eller kryssa i rutan för att ersätta den."),
                             ("Someone else just saved a table called “{title}”. Nothing was replaced: choose "
                             "another name, or tick the box to replace it.")),
    "presentation_delete": ("Ta bort presentationen", "Delete the presentation"),
    "presentation_delete_confirm": ("Ja, ta bort ”{title}” ({number} bilder)",
                                    "Yes, delete “{title}” ({number} slides)"),
    "presentation_deleted": ("Presentationen ”{title}” är borttagen.", "The presentation “{title}” is deleted."),
    "peer_custom_delete": ("Ta bort gruppen", "Delete the group"),
    "peer_custom_delete_confirm": ("Ja, ta bort ”{name}”", "Yes, delete “{name}”"),
    "peer_custom_deleted": ("Gruppen ”{name}” är borttagen.", "The group “{name}” is deleted."),
    "delete_failed": ("Det gick inte att ta bort: {reason}", "Could not delete: {reason}"),
    "audit_title": ("Senaste ändringar", "Recent changes"),
    "audit_help": ("Vem som skapade, ersatte eller tog bort egna tabeller, presentationer och jämförelsegrupper.",
                   "Who created, replaced or deleted own tables, presentations and peer groups."),
    "audit_none": ("Inga ändringar är gjorda ännu.", "No changes yet."),
    "audit_unavailable": ("Ändringsloggen kan inte läsas just nu.", "The change log cannot be read just now."),
    "audit_at": ("När (UTC)", "When (UTC)"),
    "audit_actor": ("Vem", "Who"),
    "audit_action": ("Ändring", "Change"),
    "audit_kind": ("Vad", "What"),
    "audit_name": ("Namn", "Name"),
    "audit_rows": ("Rader/bilder/kommuner", "Rows/slides/municipalities"),
    "audit_anonymous": ("(ingen inloggning)", "(not signed in)"),
    "audit_action_create": ("skapade", "created"),
    "audit_action_replace": ("ändrade", "changed"),
    "audit_action_delete": ("tog bort", "deleted"),
    "audit_kind_own_table": ("egen tabell", "own table"),
    "audit_kind_presentation": ("presentation", "presentation"),
    "audit_kind_peer_group": ("jämförelsegrupp", "peer group"),
}


# Nouns that are counted in the UI: (Swedish singular, plural), (English singular, plural).
NOUNS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "row": (("rad", "rader"), ("row", "rows")),
    "indicator": (("indikator", "indikatorer"), ("indicator", "indicators")),
    "own_indicator": (("egen indikator", "egna indikatorer"), ("own indicator", "own indicators")),
    "area": (("område", "områden"), ("area", "areas")),
    "error": (("fel", "fel"), ("error", "errors")),
    "warning": (("varning", "varningar"), ("warning", "warnings")),
}


def noun(n: int, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The noun for n things: 'rad' for 1, 'rader' otherwise (also for 0: 'inga rader', '0 rows')."""
    sv, en = NOUNS[name]
    singular, plural = en if lang == "en" else sv
    return singular if n == 1 else plural


def counted(n: int, name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'1 indikator', '1 234 rader' (sv), '1 indicator', '1,234 rows' (en)."""
    return f"{format_number(n, 0, lang)} {noun(n, name, lang)}"


def years_caption(first: int, last: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'År 2019–2023', or 'År 2023' when the span is one year ('Years 2019–2023', 'Year 2023')."""
    if first == last:
        return t("year_caption", lang, year=first)
    return t("years_caption", lang, first=first, last=last)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields) -> str:
    """The string for key in lang, with fields filled in."""
    sv, en = STRINGS[key]
    text = en if lang == "en" else sv
    return text.format(**fields) if fields else text


def peer_key(key: str, home: str) -> str:
    """The key of a peer text for the home's kind: its "_regions" variant when the home is a region."""
    return f"{key}_regions" if home == "region" and f"{key}_regions" in STRINGS else key


def markdown_literal(text) -> str:
    """Text from a user, a link or a file, made safe to place in Markdown (captions, alerts, headings).

    Invisible and control characters are dropped and ASCII punctuation is escaped, so no link, emphasis,
    formula or icon shortcode can be formed; a word joiner before '.', ':' and '@' stops the automatic
    links Streamlit's Markdown makes of bare web and e-mail addresses. It reads the same on screen."""
    visible = "".join(c for c in str(text) if c.isprintable() or c == "\n")
    escaped = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", visible)
    return re.sub(r"(\\[.:@])", "\u2060\\1", escaped)


def code_literal(text) -> str:
    """A file path or command for Markdown, shown as code: visible characters only, no backticks."""
    return "`" + "".join(c for c in str(text) if c.isprintable() and c != "`") + "`"


def shown_path(path) -> str:
    """A server path as users may see it: relative to the project ("data/own"), else only its last two parts, so
    messages never reveal where the server keeps its files."""
    from jamstat.settings import PROJECT_DIR
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_DIR))
    except (ValueError, OSError):
        return str(Path("…", *path.parts[-2:])) if len(path.parts) > 2 else path.name


ABSOLUTE_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^/\\\s\"'`]+)+[/\\]([^/\\\s\"'`]+)")


def hide_paths(message) -> str:
    """A message from a library (DuckDB, Arrow) with every absolute path cut to its file name, for users' eyes."""
    return ABSOLUTE_PATH.sub(r"\1", str(message))


def plain(markdown: str) -> str:
    """Markdown made by markdown_literal and code_literal, read back as it shows on screen."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "").replace("`", "")


def sex_label(sex: str, population: str, lang: str) -> str:
    """'Kvinnor'/'Män', or 'Flickor'/'Pojkar' for indicators about children."""
    if population == "children":
        sex = {"women": "girls", "men": "boys"}.get(sex, sex)
    return t(sex, lang)


def theme_label(theme: str, lang: str, home: str = "municipality") -> str:
    """A theme's name; with a region as the home organisation the employer theme says "Regionen"."""
    if theme == "employer" and home == "region":
        return t("theme_employer_region", lang)
    return t(f"theme_{theme}", lang)


def unit_label(unit: str, lang: str) -> str:
    """The unit's name; an own table's unit that is not one of ours is shown as the user wrote it."""
    key = f"unit_{unit}"
    return t(key, lang) if key in STRINGS else str(unit)


DECIMALS = {"percent": 1, "sek": 0, "days": 1, "years": 1, "count": 0, "per_1000": 1,
            "per_10000": 1, "per_100000": 1, "points": 1, "ratio": 2, "hours": 1, "minutes": 0}
SUFFIX = {
    "sv": {"percent": " %", "sek": " kr", "days": " dagar", "years": " år", "points": " p", "hours": " tim",
           "minutes": " min"},
    "en": {"percent": "%", "sek": " SEK", "days": " days", "years": " years", "points": " pts", "hours": " h",
           "minutes": " min"},
}


def is_missing(value) -> bool:
    """None, NaN and pandas' NA all mean missing (never zero)."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:  # pandas.NA and other non-numbers
        return True


# Swedish numbers: a narrow no-break space between thousands, a comma before decimals, a real minus sign.
# The charts' Vega locale (charts.py) uses the same characters, so axes and tooltips read alike.
SV_THOUSANDS, SV_DECIMAL, SV_MINUS = "\u202f", ",", "\u2212"


def format_number(value: float | None, decimals: int, lang: str, signed: bool = False) -> str:
    """12,3 and 1 234 in Swedish (narrow no-break space for thousands, − for minus); 12.3 and 1,234 in English."""
    if is_missing(value):
        return t("missing", lang)
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", SV_THOUSANDS).replace(".", SV_DECIMAL).replace("-", SV_MINUS)


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A value in its unit: '12,3 %', '245 600 kr', '8,4 dagar'."""
    if is_missing(value):
        return t("missing", lang)
    return format_number(value, DECIMALS.get(unit, 1), lang) + SUFFIX[lang].get(unit, "")


def format_gap(gap: float | None, unit: str, lang: str) -> str:
    """A signed gap in the indicator's unit; shares get percentage points ('+4,1 procentenheter')."""
    if is_missing(gap):
        return t("missing", lang)
    if unit == "percent":
        return f"{format_number(gap, 1, lang, signed=True)} {t('gap_unit_percent', lang)}"
    return format_number(gap, DECIMALS.get(unit, 1), lang, signed=True) + SUFFIX[lang].get(unit, "")


def format_ratio(ratio: float | None, lang: str) -> str:
    return format_number(ratio, 2, lang)
