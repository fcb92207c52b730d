"""Build the tidy, sourced CSV tables in data/ from the shared reference material.

Usage (from the repo root):

    .venv/bin/python tools/make_reference_tables.py [REFERENCE_DIR] [--sources-dir DIR] [--out DIR]
    .venv/bin/python tools/make_reference_tables.py --check      # validate the CSVs already in data/

Inputs
    REFERENCE_DIR (default ../shared/reference): the research helper's CSVs (see its SOURCES.md).
    --sources-dir (default ../shared/sources): the two source documents; the Boverket 2014:17 text is
    used to verify the December 2013 amounts.

Rules applied (never invent, estimate or interpolate):
    * `not_found` rows are never loaded.
    * A row whose year is not a single calendar year, or whose value is not a number, is listed in
      data/excluded_reference_rows.csv instead of observations.csv.
    * Values with a qualifier (~ > <) are loaded as the number, confidence forced to `low`, and the
      qualifier spelled out in `note`.
    * Dates (2011-12-31, 2014-10, "early 2008") -> the calendar year, with the date in `note`.
    * One row per (area_id, indicator_id, year); on duplicates the higher-confidence row is kept
      (the first one on a tie) and the other is listed as excluded.
    * A secondary source (news site, blog, encyclopedia: SECONDARY_PUBLISHERS) gives `medium` at
      most, as data/README.md says, whatever confidence the reference gives it.

Data audit (merge 3dab1f9): its hand corrections to data/ are reproduced here, not patched over
the output, so that a rerun keeps them: source years read from stored pages (SOURCES), the
selection thresholds' unstated year (YEAR_NOT_STATED, FACT_LABELS), the 200 vs 99 + 99 million
conflict (FACT_LABELS, BOVERKET_FACTS), and rereadings of single observations
(OBSERVATION_CORRECTIONS, applied after generation; each must match its rows or the tool stops).
data/reception.csv is curated by hand and not written by this tool.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sammanhallen.codes import slugify  # noqa: E402
from sammanhallen.data.schema import TABLES_BY_NAME  # noqa: E402

DEFAULT_REFERENCE = ROOT / ".." / "shared" / "reference"
DEFAULT_SOURCES = ROOT / ".." / "shared" / "sources"
BOVERKET_TEXT = "004_60401c7485313cc5.txt"

# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------
# (source_id, title, publisher, year, url)
SOURCES: list[tuple[str, str, str, str, str]] = [
    ("boverket_2014_17", "Uppföljning av de prestationsbaserade stimulansmedlen – delrapport 1 (rapport 2014:17)",
     "Boverket", "2014", ""),
    ("sthlm_program_2015_2020", "Program för en sammanhållen stad 2015–2020",
     "Stockholms stad, Stadsledningskontoret", "2014", ""),
    # statistik.stockholm.se tables
    ("sthlm_statistik_b020_ekonomiskt_bistand", "Personer med ekonomiskt bistånd 2015–2017 (tabell b020)",
     "Stockholms stad, Stadsledningskontoret/Sweco", "2018",
     "http://statistik.stockholm.se/images/stories/excel/b020-filer/sheet001.htm"),
    ("sthlm_statistik_b021_ekonomiskt_bistand_alder", "Personer med ekonomiskt bistånd efter ålder 2017 (tabell b021)",
     "Stockholms stad, Stadsledningskontoret/Sweco", "",
     "http://statistik.stockholm.se/images/stories/excel/b021-filer/sheet001.htm"),
    # b163, b138, b237: the year is the 'Senast uppdaterad' date on the stored page of the table
    # cited (data audit: 2018-05-25, 2018-08-27, 2017-08-09); the other Stockholm tables' stored
    # pages show no date, so their year stays empty.
    ("sthlm_statistik_b163_ekonomiskt_bistand", "Personer med ekonomiskt bistånd i % av folkmängden i olika åldersgrupper 1990–2017 (tabell b163)",
     "Stockholms stad, Stadsledningskontoret/Sweco", "2018",
     "http://statistik.stockholm.se/images/stories/excel/b163-filer/sheet001.htm"),
    ("sthlm_statistik_b138_forvarvsintensitet", "Förvärvsarbetande befolkning 1985–2016, förvärvsintensitet (tabell b138)",
     "Stockholms stad (SCB/Sweco)", "2018",
     "http://statistik.stockholm.se/images/stories/excel/b138-filer/sheet001.htm"),
    ("sthlm_statistik_b237_forvarvsintensitet_2015", "Förvärvsintensiteter (%) efter ålder och kön 2015 (tabell b237)",
     "Stockholms stad (SCB/Sweco)", "2017",
     "http://statistik.stockholm.se/images/stories/excel/b237-filer/sheet001.htm"),
    ("sthlm_statistik_a1_folkmangd", "Population as at 31 Dec 2000–2021. Stockholm (tabell a1)",
     "Stockholms stad (SCB/Sweco)", "",
     "http://statistik.stockholm.se/temp_eng/a-tabeller/tv.07437.html?t=a1&sprak=eng"),
    ("sthlm_statistik_a19_forvarvsarbetande_utrikes_fodda", "Economically active (1+ hr) foreign-born persons 2007. Stockholm (tabell a19)",
     "Stockholms stad (SCB/Sweco)", "",
     "http://statistik.stockholm.se/temp_eng/a-tabeller/tv1cbc.html?t=a19&sprak=eng"),
    ("usk_2008_3_forvarvsarbetande", "Förvärvsarbetande befolkning i stadsdelsområden och delområden 2006 (Statistik om Stockholm S 2008:3)",
     "Utrednings- och statistikkontoret (USK), Stockholm", "2008",
     "http://docplayer.se/39108521-Statistik-tistik-om-stockholm-forvarvsarbetande-varierar-starkt-mellan-olika-omraden-arbetsmarknad.html"),
    ("mitti_2018_gymnasiebehorighet", "Så klarade niorna gymnasiebehörigheten", "Mitt i", "2018",
     "https://www.mitti.se/nyheter/sa-klarade-niorna-gymnasiebehorigheten/lmrhq!4225089/"),
    ("wikipedia_en_spanga_tensta_2020", "Spånga-Tensta (English Wikipedia, 2020-08 snapshot on a mirror)", "Wikipedia", "2020",
     "https://a.osmarks.net/content/wikipedia_en_all_maxi_2020-08/A/Sp%C3%A5nga-Tensta"),
    # Malmö
    ("malmo_valfardsredovisning_2013_6_1", "Välfärdsredovisning 2013, 6.1 Andel (%) förvärvsarbetande i åldern 20–64 år",
     "Malmö stad", "2013", "http://redovisningar.malmo.se/2013/?page_id=826"),
    ("malmo_valfardsredovisning_2012_valfardsindex", "Välfärdsredovisning 2012, välfärdsindex per stadsdel",
     "Malmö stad", "2012", "http://redovisningar.malmo.se/2012/?page_id=482"),
    ("malmo_valfardsredovisning_2013_16_1", "Välfärdsredovisning 2013, 16.1 Behörighet i skolår 9 (kommunala skolor)",
     "Malmö stad", "2013", "http://redovisningar.malmo.se/2013/?page_id=1269"),
    # Urban15 district file
    ("aip_nu_miljard_till_taby", "Och så en miljard till Täby", "aip.nu", "",
     "https://aip.nu/och-sa-en-miljard-till-taby/"),
    ("scb_statistiknyhet_2015_integration_15_stadsdelar", "Statistiknyhet 2015-09-30: Integration – med fokus på 15 stadsdelar",
     "SCB", "2015",
     "https://www.scb.se/sv_/Hitta-statistik/Statistik-efter-amne/Levnadsforhallanden/Levnadsforhallanden/Integration---analys/224581/224589/Behallare-for-Press/394469/"),
    ("vi_i_kista_2015_10_10", "Vi i Kista 2015-10-10 (PressReader)", "Vi i Kista", "2015",
     "http://www.pressreader.com/sweden/vi-i-kista/20151010/281496455113430"),
    ("scb_publikation_25724", "Integration – med fokus på 15 stadsdelar (publikationssida)", "SCB", "2015",
     "http://www.sverigeisiffror.scb.se/publikation/25724"),
    ("sr_artikel_5531706_hassleholmen", "Hässleholmen (artikel 5531706)", "Sveriges Radio", "2013",
     "https://sverigesradio.se/artikel/5531706"),
    ("boras_hassleholmens_historia", "Hässleholmens historia", "Borås Stad", "",
     "https://www.boras.se/upplevaochgora/motesplatserochtraffpunkter/motesplatser/hasslehuset/hassleholmenshistoria.4.5462becd16364835f8f361a2.html"),
    ("wikipedia_en_herrgarden", "Herrgården (English Wikipedia)", "Wikipedia", "",
     "https://en.wikipedia.org/wiki/Herrg%C3%A5rden"),
    ("flowerpower_boken_s34", "Flower Power – Om barn i stan, s. 34", "hidde-iyo-dhaqan.se (bokutdrag)", "",
     "http://www.hidde-iyo-dhaqan.se/onewebmedia/flowerpowerboken/pubData/SEO/Page_34.html"),
    ("wikipedia_gl_tensta", "Tensta, Estocolmo (galiciska Wikipedia)", "Wikipedia", "",
     "https://gl.m.wikipedia.org/wiki/Tensta,_Estocolmo"),
    ("wikipedia_fi_tensta_mirror", "Tensta (finska Wikipedia, spegel)", "Wikipedia", "",
     "https://askwikinow.com/view_html.php?lang=fi&q=Tensta"),
    ("olssonlinder_news_51", "Hovsjö (nyhet 51)", "Olsson & Linder", "", "http://olssonlinder.se/news/51/"),
    ("wikipedia_sv_kronogarden", "Kronogården (svenska Wikipedia)", "Wikipedia", "",
     "https://sv.wikipedia.org/wiki/Kronog%C3%A5rden"),
    ("wikipedia_en_bergsjon", "Bergsjön (English Wikipedia)", "Wikipedia", "",
     "https://en.wikipedia.org/wiki/Bergsj%C3%B6n"),
    ("gardsten_carrd", "Gårdsten (informell webbplats)", "gardsten.carrd.co", "", "https://gardsten.carrd.co/"),
    ("zaramis_2016_goteborgs_fattigaste", "Göteborgs fattigaste områden", "blog.zaramis.se", "2016",
     "https://blog.zaramis.se/2016/05/01/goteborgs-fattigaste-omraden/"),
    ("vartgoteborg_fortsatt_stora_klyftor", "Fortsatt stora klyftor visar färsk Göteborgsstatistik", "Göteborgs Stad (Vårt Göteborg)", "",
     "https://vartgoteborg.se/ovrigt/fortsatt-stora-klyftor-visar-farsk-goteborgsstatistik/"),
    ("vartgoteborg_fler_fick_socialbidrag", "Ny rapport om Göteborg: fler fick socialbidrag och klyftorna består", "Göteborgs Stad (Vårt Göteborg)", "",
     "https://vartgoteborg.se/ovrigt/ny-rapport-om-goteborg-fler-fick-socialbidrag-och-klyftorna-bestar/"),
    ("expressen_gt_hjallbo", "Hjällbo – drömmen som kraschade", "Expressen/GT", "",
     "https://www.expressen.se/gt/kultur/hjallbo-drommen-som-kraschade-9/"),
    ("wikipedia_no_rosengard_mirror", "Rosengård (norsk Wikipedia, spegel)", "Wikipedia", "",
     "https://no.frwiki.wiki/wiki/Roseng%C3%A5rd"),
    ("imittsverige_2008_bidragstoppen", "Malmö tvåa i bidragstoppen", "I mitt Sverige (blogg)", "2008",
     "http://imittsverige.blogspot.com/2008/06/malm-tva-i-bidragstoppen.html"),
    ("sr_avsnitt_207636_araby", "Araby (avsnitt 207636)", "Sveriges Radio", "",
     "https://sverigesradio.se/sida/avsnitt/207636?programid=4507"),
    # programme file
    ("landskronadirekt_2013_03_26", "Prestationsbaserat statsstöd till Centrum-Öster", "Landskrona Direkt", "2013",
     "http://www.landskronadirekt.com/2013/03/26/prestationsbaserat-statsstod-till-centrum-oster/"),
    ("boverket_2015_36", "Uppföljning av det prestationsbaserade stimulansbidraget – slutrapport (rapport 2015:36), publikationssida",
     "Boverket", "2015",
     "https://www.boverket.se/sv/om-boverket/publicerat-av-boverket/publikationer/2015/uppfoljning-av-det-prestationsbaserade-stimulansbidraget---slutrapport/"),
    ("boverket_2015_17_abcdocz", "Uppföljning av det prestationsbaserade stimulansbidraget (rapport 2015:17), kopia",
     "Boverket", "2015", "https://abcdocz.com/doc/4196986/uppf%C3%B6ljning-av-det-prestationsbaserade-stimulansbidraget"),
    ("boverket_2015_36_abcdocz", "Uppföljning av det prestationsbaserade stimulansbidraget – slutrapport (rapport 2015:36), kopia",
     "Boverket", "2015", "https://abcdocz.com/doc/4367898/ladda-ner-gratis-pdf"),
    ("scb_bakgrund_registerdata_integration", "Bakgrund till uppdraget Registerdata för integration", "SCB", "",
     "https://www.scb.se/sv_/Hitta-statistik/Temaomraden/Integration/Statistik/Registerdata-for-integration/Bakgrund-till-uppdradet-Registerdata-for-integration/"),
    ("meritwager_2013_04_10", "Blogginlägg 2013-04-10 (citerar regeringens pressmeddelande)", "meritwager.wordpress.com", "2013",
     "https://meritwager.wordpress.com/2013/04/10/"),
    ("svd_budgeten_ska_lyfta_fororten", "Budgeten ska lyfta förorten", "Svenska Dagbladet", "",
     "https://www.svd.se/budgeten-ska-lyfta-fororten"),
    # areas
    ("sthlm_omradesfakta", "Områdesfakta (stadsdelsområden; Hägersten-Älvsjö bildas 1 juli 2020)", "Stockholms stad", "",
     "https://start.stockholm/om-stockholms-stad/utredningar-statistik-och-fakta/statistik/omradesfakta/"),
    ("goteborg_primaromraden_2025", "Göteborgs primärområden, indelning 2025-01-01 (geodata, konverterad)", "Göteborgs Stad", "2025",
     "https://github.com/globalfunlearning/gothenburg_maps"),
]

# Official Stockholm stad page per borough (from the crosswalk's SOURCES.md section "Sources used").
BOROUGH_PAGES = {
    "Rinkeby-Kista": "https://vaxer.stockholm/omraden/rinkeby-kista-stadsdelsomrade/",
    "Spånga-Tensta": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/spanga-tensta/",
    "Hässelby-Vällingby": "https://start.stockholm/en/about-the-city-of-stockholm/organisation/stadsdelsforvaltningar/hasselby-vallingby/",
    "Bromma": "https://start.stockholm/en/about-the-city-of-stockholm/organisation/city-district-departments/bromma/",
    "Kungsholmen": "https://stad.stockholm/organisation/stadsdelsforvaltningar/kungsholmen/",
    "Norrmalm": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/norrmalm/",
    "Östermalm": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/ostermalm/",
    "Södermalm": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/sodermalm/",
    "Enskede-Årsta-Vantör": "https://start.stockholm/en/about-the-city-of-stockholm/organisation/city-district-departments/city-district-department-of-enskede-arsta-vantor/",
    "Skarpnäck": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/skarpnack/",
    "Farsta": "https://start.stockholm/en/about-the-city-of-stockholm/organisation/city-district-departments/farsta/",
    "Hägersten-Älvsjö": "https://start.stockholm/en/about-the-city-of-stockholm/organisation/stadsdelsforvaltningar/hagersten-alvsjo/",
    "Hägersten-Liljeholmen": "https://stad.stockholm/organisation/stadsdelsforvaltningar/hagersten-liljeholmen/",
    "Skärholmen": "https://start.stockholm/om-stockholms-stad/organisation/stadsdelsforvaltningar/skarholmen/",
}
for _name, _url in BOROUGH_PAGES.items():
    SOURCES.append((f"sthlm_sdo_page_{slugify(_name).replace('-', '_')}",
                    f"Stadsdelsförvaltning/stadsdelsområde {_name} (officiell sida)", "Stockholms stad", "", _url))


def borough_source(name: str) -> str:
    """Source id of the official page listing a borough's stadsdelar (Älvsjö: the merger page)."""
    if name == "Älvsjö":
        return "sthlm_omradesfakta"
    return f"sthlm_sdo_page_{slugify(name).replace('-', '_')}"


URL_TO_SOURCE = {url: sid for sid, _t, _p, _y, url in SOURCES if url}
SOURCE_PUBLISHER = {sid: publisher for sid, _t, publisher, _y, _u in SOURCES}
# Secondary sources: news media, blogs and encyclopedias retelling official figures or decisions.
# data/README.md gives a secondary source `medium` at most, whatever the reference says (the data
# audit found the reference grading Landskrona Direkt, a local news site, `high`).
SECONDARY_PUBLISHERS = {
    "Landskrona Direkt", "Mitt i", "Vi i Kista", "Svenska Dagbladet", "Expressen/GT", "Sveriges Radio",
    "Wikipedia", "meritwager.wordpress.com", "I mitt Sverige (blogg)", "blog.zaramis.se",
}


def capped_confidence(confidence: str, source_id: str) -> str:
    """The reference's confidence, lowered to `medium` for a secondary source."""
    if confidence == "high" and SOURCE_PUBLISHER[source_id] in SECONDARY_PUBLISHERS:
        return "medium"
    return confidence

# --------------------------------------------------------------------------------------------
# Areas
# --------------------------------------------------------------------------------------------
MUNICIPALITIES = {
    "0180": "Stockholm", "0181": "Södertälje", "0780": "Växjö", "1280": "Malmö", "1282": "Landskrona",
    "1290": "Kristianstad", "1480": "Göteborg", "1488": "Trollhättan", "1490": "Borås",
}
# Urban15 district -> municipality code, December 2013 amount (Boverket 2014:17), report section heading.
URBAN15 = [
    ("Hässleholmen", "1490", 5_320_000, "Borås"),
    ("Bergsjön", "1480", 7_840_000, "Göteborg"),
    ("Gårdsten", "1480", 4_887_000, "Göteborg"),
    ("Hjällbo", "1480", 4_416_000, "Göteborg"),
    ("Norra Biskopsgården", "1480", 9_066_000, "Göteborg"),
    ("Gamlegården", "1290", 11_426_000, "Kristianstad"),
    ("Centrum-Öster", "1282", 5_349_000, "Landskrona"),
    ("Herrgården", "1280", 5_665_000, "Malmö"),
    ("Södra Sofielund", "1280", 4_190_000, "Malmö"),
    ("Rinkeby", "0180", 3_200_000, "Stockholm"),
    ("Tensta", "0180", 5_567_000, "Stockholm"),
    ("Hovsjö", "0181", 10_952_000, "Södertälje"),
    ("Ronna", "0181", 9_680_000, "Södertälje"),
    ("Kronogården", "1488", 6_642_000, "Trollhättan"),
    ("Araby", "0780", 4_800_000, "Växjö"),
]
STHLM_BOROUGHS_2007 = [
    "Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Bromma", "Kungsholmen", "Norrmalm", "Östermalm",
    "Södermalm", "Enskede-Årsta-Vantör", "Skarpnäck", "Farsta", "Älvsjö", "Hägersten-Liljeholmen", "Skärholmen",
]
MERGED_2020 = {"Älvsjö", "Hägersten-Liljeholmen"}
STHLM_GROUPS = ["Inre staden", "Söderort", "Västerort"]
MALMO_STADSDELAR = ["Centrum", "Södra Innerstaden", "Västra Innerstaden", "Limhamn-Bunkeflo", "Hyllie", "Fosie",
                    "Oxie", "Rosengård", "Husie", "Kirseberg"]
# Göteborg primärområden carrying an observation: reference area name -> (omrade_kod, geojson name)
GBG_PRIMAROMRADEN = {
    "Västra Bergsjön": ("305", "Västra Bergsjön"),
    "Östra Bergsjön": ("306", "Östra Bergsjön"),
    "Norra Biskopsgården": ("701", "Norra Biskopsgården"),
    "Hjällbo": ("612", "Hjällbo"),
    "Gårdsten": ("603", "Gårdstensberget"),
    "Eriksbo (part of Hjällbo SDN area)": ("613", "Eriksbo"),
}


def sdo_id(name: str) -> str:
    return f"0180-sdo-{slugify(name)}"


def build_areas(ref: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [dict(area_id="SE", name="Sverige", level="country", parent_id="", source_id="boverket_2014_17")]
    for code, name in MUNICIPALITIES.items():
        rows.append(dict(area_id=code, name=name, level="municipality", parent_id="SE", source_id="boverket_2014_17"))
    for name in STHLM_BOROUGHS_2007:
        rows.append(dict(area_id=sdo_id(name), name=name, level="borough", parent_id="0180",
                         valid_from="2007-01-01", valid_to="2020-06-30" if name in MERGED_2020 else "",
                         source_id=borough_source(name)))
    rows.append(dict(area_id=sdo_id("Hägersten-Älvsjö"), name="Hägersten-Älvsjö", level="borough", parent_id="0180",
                     valid_from="2020-07-01", valid_to="", source_id=borough_source("Hägersten-Älvsjö")))
    for name in STHLM_GROUPS:
        rows.append(dict(area_id=f"0180-grp-{slugify(name)}", name=name, level="area_group", parent_id="0180",
                         source_id="sthlm_statistik_a1_folkmangd"))

    cw = pd.read_csv(ref / "stockholm_stadsdel_crosswalk.csv", dtype=str, keep_default_na=False)
    links = []
    for r in cw.itertuples(index=False):
        did = f"0180-sd-{slugify(r.stadsdel_display)}"
        rows.append(dict(area_id=did, name=r.stadsdel_display, level="district", parent_id=sdo_id(r.sdo_2020),
                         source_id=borough_source(r.sdo_2020)))
        for vintage, borough in (("2007-2019", r.sdn_2007_2019), ("2020-", r.sdo_2020)):
            src_borough = "Hägersten-Älvsjö" if borough == "Älvsjö" else borough
            links.append(dict(district_id=did, vintage=vintage, borough_id=sdo_id(borough), confidence=r.confidence,
                              source_id=borough_source(src_borough), note=r.note))

    for name, muni, _amount, _sec in URBAN15:
        rows.append(dict(area_id=f"u15-{slugify(name)}", name=name, level="urban_district", parent_id=muni,
                         source_id="boverket_2014_17"))
    rows.append(dict(area_id="u15-all", name="Urban15: alla 15 stadsdelar", level="area_group", parent_id="SE",
                     source_id="boverket_2014_17"))
    for name in MALMO_STADSDELAR:
        rows.append(dict(area_id=f"1280-sd-{slugify(name)}", name=name, level="borough", parent_id="1280",
                         source_id="malmo_valfardsredovisning_2013_6_1"))
    for code, name in sorted(set(GBG_PRIMAROMRADEN.values())):
        rows.append(dict(area_id=f"1480-po-{code}", name=name, level="district", parent_id="1480",
                         source_id="goteborg_primaromraden_2025"))
    # Historic Göteborg stadsdelsnämnd; the reference labels it "pre-2011" (SDN reform 2011-01-01).
    rows.append(dict(area_id="1480-sdn-bergsjon", name="Bergsjön (stadsdelsnämnd)", level="borough", parent_id="1480",
                     valid_to="2010-12-31", source_id="vartgoteborg_fortsatt_stora_klyftor"))

    cols = ["area_id", "name", "level", "parent_id", "valid_from", "valid_to", "lat", "lon", "source_id"]
    areas = pd.DataFrame(rows).reindex(columns=cols).astype(object).fillna("")
    return areas, pd.DataFrame(links)


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------
# indicator_id: (name_sv, name_en, unit, higher_is_better, definition, domain)
INDICATORS = {
    "folkmangd": ("Folkmängd", "Population", "persons", "",
                  "Antal folkbokförda invånare i området den 31 december angivet år; avviker källans tidpunkt står det i anteckningen.",
                  "befolkning"),
    "folkmangd_prognos": ("Folkmängd, prognos (2012)", "Population forecast (2012-based)", "persons", "",
                          "Prognos för folkmängden den 31 december angivet prognosår, framtagen 2012 av Stockholms stads utrednings- och statistikkontor – en framskrivning, inte ett observerat värde.",
                          "befolkning"),
    "ekonomiskt_bistand_andel_befolkning": ("Andel av befolkningen med ekonomiskt bistånd", "Share of population receiving social assistance", "percent", "false",
                                            "Andel (%) av befolkningen som någon gång under året fått ekonomiskt bistånd (socialbidrag); Stockholms tabeller räknar in bistånd enligt LMA men inte introduktionsersättning.",
                                            "forsorjning"),
    "ekonomiskt_bistand_personer": ("Personer med ekonomiskt bistånd", "Persons receiving social assistance", "persons", "false",
                                    "Antal personer som någon gång under året fått ekonomiskt bistånd (inklusive LMA, exklusive introduktionsersättning) enligt Stockholms stads statistik.",
                                    "forsorjning"),
    "ekonomiskt_bistand_andel_barn": ("Andel barn med ekonomiskt bistånd", "Share of children receiving social assistance", "percent", "false",
                                      "Andel (%) av barnen 0–17 år (inklusive överåriga barn) som någon gång under året ingått bland personer med ekonomiskt bistånd enligt Stockholms stads statistik.",
                                      "forsorjning"),
    "andel_barn_i_hushall_med_ekonomiskt_bistand": ("Andel barn i hushåll med ekonomiskt bistånd", "Share of children in households receiving social assistance", "percent", "false",
                                                    "Andel (%) av alla barn i kommunen som bor i hushåll med ekonomiskt bistånd under året (Socialstyrelsens statistik återgiven av Sydsvenskan).",
                                                    "forsorjning"),
    "andel_familjer_socialbidrag": ("Andel familjer med socialbidrag", "Share of families receiving social assistance", "percent", "false",
                                    "Andel (%) av familjerna i området som fått socialbidrag under året enligt Göteborgs stads statistik.",
                                    "forsorjning"),
    "forvarvsfrekvens_20_64_totalt": ("Förvärvsfrekvens 20–64 år", "Employment rate, age 20–64", "percent", "true",
                                      "Andel (%) förvärvsarbetande av samtliga personer 20–64 år (förvärvsfrekvens, i Stockholms tabeller kallad förvärvsintensitet).",
                                      "arbete"),
    "forvarvsfrekvens_20_64_fodda_i_sverige": ("Förvärvsfrekvens 20–64 år, födda i Sverige", "Employment rate, age 20–64, born in Sweden", "percent", "true",
                                               "Andel (%) förvärvsarbetande av personer 20–64 år födda i Sverige.", "arbete"),
    "forvarvsfrekvens_20_64_fodda_i_utlandet": ("Förvärvsfrekvens 20–64 år, födda i utlandet", "Employment rate, age 20–64, born abroad", "percent", "true",
                                                "Andel (%) förvärvsarbetande av personer 20–64 år födda i utlandet.", "arbete"),
    "forvarvsintensitet_16_64": ("Förvärvsintensitet 16–64 år", "Employment rate, age 16–64", "percent", "true",
                                 "Andel (%) förvärvsarbetande enligt inkomststatistiken av samtliga personer 16–64 år.", "arbete"),
    "forvarvsintensitet_arbetsfor_alder": ("Förvärvsintensitet, arbetsför ålder (USK 2008:3)", "Employment rate, working age (USK 2008:3)", "percent", "true",
                                           "Andel (%) förvärvsarbetande i den åldersgrupp USK S 2008:3 redovisar; åldersgränserna saknas i det lästa utdraget.",
                                           "arbete"),
    "ej_forvarvsarbetande_studerande": ("Ej förvärvsarbetande: studerande", "Not employed: students", "percent", "",
                                        "Andel (%) av befolkningen i arbetsför ålder som inte förvärvsarbetar och är studerande (USK S 2008:3; åldersgränserna saknas i utdraget).",
                                        "arbete"),
    "ej_forvarvsarbetande_arbetslosa": ("Ej förvärvsarbetande: arbetslösa", "Not employed: unemployed", "percent", "false",
                                        "Andel (%) av befolkningen i arbetsför ålder som inte förvärvsarbetar och är arbetslösa (USK S 2008:3; åldersgränserna saknas i utdraget).",
                                        "arbete"),
    "ej_forvarvsarbetande_fortidspensionarer": ("Ej förvärvsarbetande: förtidspensionärer", "Not employed: disability pensioners", "percent", "false",
                                                "Andel (%) av befolkningen i arbetsför ålder som inte förvärvsarbetar och är förtidspensionärer (USK S 2008:3; åldersgränserna saknas i utdraget).",
                                                "arbete"),
    "ej_forvarvsarbetande_ovriga": ("Ej förvärvsarbetande: övriga", "Not employed: other reasons", "percent", "false",
                                    "Andel (%) av befolkningen i arbetsför ålder som saknar förvärvsarbete av andra orsaker än studier, arbetslöshet eller förtidspension (USK S 2008:3; åldersgränserna saknas i utdraget).",
                                    "arbete"),
    "forvarvsarbetande_utrikes_fodda_andel_20_64": ("Förvärvsarbetande utrikes födda 20–64 år", "Employed foreign-born, age 20–64", "percent", "true",
                                                    "Andel (%) förvärvsarbetande (minst en timmes arbete) av utrikes födda personer 20–64 år – avser bara utrikes födda, inte hela befolkningen.",
                                                    "arbete"),
    "forvarvsarbetande_utrikes_fodda_16plus_antal": ("Antal förvärvsarbetande utrikes födda 16+ år", "Employed foreign-born persons, age 16+", "persons", "",
                                                     "Antal förvärvsarbetande (minst en timmes arbete) utrikes födda personer 16 år och äldre.",
                                                     "arbete"),
    "sysselsattningsgrad": ("Sysselsättningsgrad", "Employment ratio", "percent", "true",
                            "Sysselsättningsgrad (%) i de 15 stadsdelarna sammantaget enligt regeringens underlag; åldersgruppen anges inte i källan.",
                            "arbete"),
    "forvarvsarbetande_kvinnor": ("Andel förvärvsarbetande kvinnor", "Share of women in employment", "percent", "true",
                                  "Andel (%) förvärvsarbetande kvinnor enligt SCB:s Integration – med fokus på 15 stadsdelar (återgiven av Vi i Kista); åldersgruppen anges inte i utdraget.",
                                  "arbete"),
    "forvarvsarbetande_man": ("Andel förvärvsarbetande män", "Share of men in employment", "percent", "true",
                              "Andel (%) förvärvsarbetande män enligt SCB:s Integration – med fokus på 15 stadsdelar (återgiven av Vi i Kista); åldersgruppen anges inte i utdraget.",
                              "arbete"),
    "andel_med_jobb": ("Andel med jobb", "Share with a job", "percent", "true",
                       "Andel (%) av befolkningen som har jobb enligt en tidningsuppgift (DN 2008); åldersgrupp och mätmetod anges inte.",
                       "arbete"),
    "arbetsloshet": ("Arbetslöshet", "Unemployment", "percent", "false",
                     "Andel (%) arbetslösa enligt källan vid den tidpunkt som står i anteckningen; åldersgrupp och befolkningsbas anges inte.",
                     "arbete"),
    "andel_oppet_arbetslosa": ("Andel öppet arbetslösa", "Share openly unemployed", "percent", "false",
                               "Andel (%) öppet arbetslösa i oktober angivet år enligt Göteborgs stads statistik; befolkningsbasen anges inte i utdraget.",
                               "arbete"),
    "behoriga_gymnasiet_ak9": ("Behöriga till gymnasieskolan, åk 9", "Eligible for upper secondary school, year 9", "percent", "true",
                               "Andel (%) av eleverna som gått ut årskurs 9 som är behöriga till gymnasieskolans nationella program.",
                               "utbildning"),
    "behorighet_gymnasiet_ak9_kommunala_skolor": ("Behöriga till gymnasiet, åk 9, kommunala skolor", "Eligible for upper secondary, year 9, municipal schools", "percent", "true",
                                                  "Andel (%) av eleverna i årskurs 9 i Stockholms stads kommunala skolor som är behöriga till gymnasieskolan, vårterminen angivet år.",
                                                  "utbildning"),
    "behoriga_hogskoleforberedande_ak9": ("Behöriga till högskoleförberedande program, åk 9", "Eligible for higher-education preparatory programmes, year 9", "percent", "true",
                                          "Andel (%) av eleverna i skolår 9 i stadsdelens kommunala skolor som är behöriga till högskoleförberedande program, juni angivet år.",
                                          "utbildning"),
    "behoriga_yrkesprogram_ak9": ("Behöriga till yrkesprogram, åk 9", "Eligible for vocational programmes, year 9", "percent", "true",
                                  "Andel (%) av eleverna i skolår 9 i stadsdelens kommunala skolor som är behöriga till yrkesprogram, juni angivet år.",
                                  "utbildning"),
    "medelinkomst": ("Medelinkomst", "Mean income", "SEK/year", "true",
                     "Medelinkomst i kronor per år enligt Göteborgs stads statistik återgiven av en blogg; inkomstbegrepp och åldersgrupp anges inte.",
                     "ekonomi"),
    "valfardsindex": ("Välfärdsindex (Malmö)", "Welfare index (Malmö)", "index", "true",
                      "Malmö stads välfärdsindex: stadsdelens genomsnittliga rangplacering på skalan 1–10 (högre = bättre) över 43 nyckeltal i välfärdsredovisningen.",
                      "index"),
    "valfardsindex_rang": ("Välfärdsindex, rangplats (Malmö)", "Welfare index rank (Malmö)", "rank", "false",
                           "Stadsdelens rangplats bland Malmös tio stadsdelar i välfärdsindex, där 1 är bäst.",
                           "index"),
    "social_risk_index": ("Index för sociala risker", "Social risk index", "index", "false",
                          "Sammanvägt index av indikatorer för sociala risker enligt Västra Götalandsmodellen (fyra huvudområden: sociala riskfaktorer, hälsa, säkerhet & trygghet, försörjning); staden = 100.",
                          "index"),
}

# reference indicator -> indicator_id (None = not an area observation, handled elsewhere)
INDICATOR_MAP = {
    "folkmangd_31dec": "folkmangd", "folkmangd": "folkmangd", "folkmangd_prognos_2012": "folkmangd_prognos",
    "ekonomiskt_bistand_personer": "ekonomiskt_bistand_personer",
    "ekonomiskt_bistand_andel_befolkning": "ekonomiskt_bistand_andel_befolkning",
    "andel_befolkning_ekonomiskt_bistand": "ekonomiskt_bistand_andel_befolkning",
    "andel_befolkning_socialbidrag": "ekonomiskt_bistand_andel_befolkning",
    "andel_ekonomiskt_bistand": "ekonomiskt_bistand_andel_befolkning",
    "ekonomiskt_bistand_andel_barn": "ekonomiskt_bistand_andel_barn",
    "andel_barn_i_hushall_med_ekonomiskt_bistand": "andel_barn_i_hushall_med_ekonomiskt_bistand",
    "andel_familjer_socialbidrag": "andel_familjer_socialbidrag",
    "forvarvsfrekvens_20_64_totalt": "forvarvsfrekvens_20_64_totalt",
    "forvarvsintensitet_20_64": "forvarvsfrekvens_20_64_totalt",
    "forvarvsfrekvens_20_64_fodda_i_sverige": "forvarvsfrekvens_20_64_fodda_i_sverige",
    "forvarvsfrekvens_20_64_fodda_i_utlandet": "forvarvsfrekvens_20_64_fodda_i_utlandet",
    "forvarvsintensitet_16_64": "forvarvsintensitet_16_64",
    "ej_forvarvsarbetande_studerande": "ej_forvarvsarbetande_studerande",
    "ej_forvarvsarbetande_arbetslosa": "ej_forvarvsarbetande_arbetslosa",
    "ej_forvarvsarbetande_fortidspensionarer": "ej_forvarvsarbetande_fortidspensionarer",
    "ej_forvarvsarbetande_ovriga": "ej_forvarvsarbetande_ovriga",
    "forvarvsarbetande_utrikes_fodda_andel_20_64": "forvarvsarbetande_utrikes_fodda_andel_20_64",
    "forvarvsarbetande_utrikes_fodda_16plus_antal": "forvarvsarbetande_utrikes_fodda_16plus_antal",
    "sysselsattningsgrad": "sysselsattningsgrad",
    "forvarvsarbetande_kvinnor": "forvarvsarbetande_kvinnor", "forvarvsarbetande_man": "forvarvsarbetande_man",
    "andel_med_jobb": "andel_med_jobb", "arbetsloshet": "arbetsloshet", "andel_oppet_arbetslosa": "andel_oppet_arbetslosa",
    "behoriga_gymnasiet_ak9": "behoriga_gymnasiet_ak9", "behoriga_gymnasiet_samtliga": "behoriga_gymnasiet_ak9",
    "behorighet_gymnasiet_ak9_kommunala_skolor": "behorighet_gymnasiet_ak9_kommunala_skolor",
    "behoriga_hogskoleforberedande_ak9": "behoriga_hogskoleforberedande_ak9",
    "behoriga_yrkesprogram_ak9": "behoriga_yrkesprogram_ak9",
    "medelinkomst": "medelinkomst", "valfardsindex": "valfardsindex", "valfardsindex_rang": "valfardsindex_rang",
}
# The USK 2008:3 row is labelled 20-64 by the helper, but the age band was stripped in the excerpt
# ("assumed 20-64, not verified"), so it gets its own indicator rather than joining the 20-64 series.
URL_INDICATOR_OVERRIDE = {
    ("forvarvsintensitet_20_64", "usk_2008_3_forvarvsarbetande"): "forvarvsintensitet_arbetsfor_alder",
}

# --------------------------------------------------------------------------------------------
# Reference area names -> area_id
# --------------------------------------------------------------------------------------------
AREA_MAP = {
    "Sverige": "SE",
    "Hela staden": "0180", "Stockholm": "0180", "Göteborg": "1480", "Malmö": "1280",
    "Malmö totalt": "1280", "Malmö kommun": "1280", "Göteborg kommun": "1480", "Södertälje kommun": "0181",
    "Borås kommun": "1490",
    "Urban15 (15 stadsdelar sammantaget)": "u15-all",
    "Bergsjön (SDN, pre-2011)": "1480-sdn-bergsjon",
    "Rosengård (stadsdel, contains Herrgården)": "1280-sd-rosengard",
}
for _n in STHLM_BOROUGHS_2007:
    AREA_MAP[_n] = sdo_id(_n)
for _n in STHLM_GROUPS:
    AREA_MAP[_n] = f"0180-grp-{slugify(_n)}"
MALMO_AREA_MAP = {n: f"1280-sd-{slugify(n)}" for n in MALMO_STADSDELAR}


def map_area(file: str, area: str, level: str) -> str | None:
    if file == "malmo_stadsdelar_context.csv" and area in MALMO_AREA_MAP:
        return MALMO_AREA_MAP[area]
    if level == "primaromrade" and area in GBG_PRIMAROMRADEN:
        return f"1480-po-{GBG_PRIMAROMRADEN[area][0]}"
    if level in ("urb_stadsdel", "bostadsomrade"):
        names = {n for n, *_ in URBAN15}
        if area in names:
            return f"u15-{slugify(area)}"
    return AREA_MAP.get(area)


# --------------------------------------------------------------------------------------------
# Value and year parsing
# --------------------------------------------------------------------------------------------
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
QUALIFIER_LABEL = {"~": "cirka", ">": "mer än", "<": "mindre än"}
SOURCE_WORDS = ["cirka", "omkring", "drygt", "över", "närmare", "passerade", "nästan"]
PLACEHOLDER_NOTES = {"same snippet", "same row", "see previous row"}


def parse_year(text: str) -> tuple[int | None, str]:
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return int(t), ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return int(m.group(1)), f"as of {t}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.fullmatch(r"early (\d{4})", t)
    if m:
        return int(m.group(1)), f"early {m.group(1)}"
    return None, ""


def fmt_sv(x: float) -> str:
    s = f"{x:,.10g}" if x != int(x) else f"{int(x):,}"
    return s.replace(",", " ").replace(".", ",") if x != int(x) else s.replace(",", " ")


def parse_value(text: str, source_note: str) -> tuple[float | None, str | None]:
    """Return (number, qualifier note or None); number None if not numeric."""
    t = text.strip()
    qual = t[0] if t[:1] in QUALIFIER_LABEL else ""
    body = t[1:].strip() if qual else t
    try:
        num = float(body)
    except ValueError:
        return None, None
    if not qual:
        return num, None
    low = source_note.lower()
    word = next((w for w in SOURCE_WORDS if w in low), QUALIFIER_LABEL[qual])
    return num, f"{QUALIFIER_LABEL[qual]} {fmt_sv(num)} (source says '{word}')"


def clean_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# --------------------------------------------------------------------------------------------
# Observations
# --------------------------------------------------------------------------------------------
OBS_FILES = ["stockholm_stadsdelsomraden.csv", "malmo_stadsdelar_context.csv", "urban15_district_indicators.csv"]
CONF_RANK = {"high": 3, "medium": 2, "low": 1}
EXTRA_NOTES = {
    # Tensta 40.2 %: the reference itself flags it.
    ("urban15_district_indicators.csv", "andel_ekonomiskt_bistand"):
        "Reference flags this as implausibly high (Spånga-Tensta SDO 7.3 % in 2015); may refer to children or households",
}


def read_reference(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield reader.line_num, row


def build_observations(ref: Path, area_ids: set[str]) -> tuple[pd.DataFrame, list[dict]]:
    candidates: list[dict] = []
    excluded: list[dict] = []

    def exclude(file, line, row, reason):
        excluded.append(dict(file=file, line=line, area=row["area"], indicator=row["indicator"], year=row["year"],
                             value=row["value"], reason=reason))

    for file in OBS_FILES:
        last_note: dict[str, str] = {}
        for line, row in read_reference(ref / file):
            # "same snippet" / "see previous row" refer to the previous row from the same page
            note_text = row["source_note"].strip()
            if note_text in PLACEHOLDER_NOTES:
                row = {**row, "source_note": last_note.get(row["source_url"], note_text)}
            else:
                last_note[row["source_url"]] = note_text
            conf = row["confidence"].strip()
            if conf == "not_found":
                exclude(file, line, row, "not found in sources")
                continue
            if row["area_level"].startswith("skola"):
                exclude(file, line, row, "school, not an area")
                continue
            if "implausibl" in row["source_note"].lower():
                # The compiler itself doubts the figure; a dashboard must not show it as a value.
                exclude(file, line, row, "the reference marks this value as implausible")
                continue
            area_id = map_area(file, row["area"], row["area_level"])
            if area_id is None:
                raise SystemExit(f"{file}:{line}: no area_id for area {row['area']!r} ({row['area_level']})")
            year, year_note = parse_year(row["year"])
            if year is None:
                exclude(file, line, row, f"year is not a single calendar year ('{row['year']}')")
                continue
            value, qual_note = parse_value(row["value"], row["source_note"])
            if value is None:
                exclude(file, line, row, f"value is not a number ('{row['value']}')")
                continue
            source_id = URL_TO_SOURCE.get(row["source_url"].strip())
            if source_id is None:
                raise SystemExit(f"{file}:{line}: unmapped source_url {row['source_url']!r}")
            indicator_id = URL_INDICATOR_OVERRIDE.get((row["indicator"], source_id)) or INDICATOR_MAP.get(row["indicator"])
            if indicator_id is None:
                raise SystemExit(f"{file}:{line}: unmapped indicator {row['indicator']!r}")
            if area_id not in area_ids:
                raise SystemExit(f"{file}:{line}: area_id {area_id} not in areas")
            conf = "low" if qual_note else capped_confidence(conf, source_id)
            parts = [p for p in (year_note, qual_note) if p]
            extra = EXTRA_NOTES.get((file, row["indicator"]))
            if extra:
                parts.append(extra)
            if row["source_note"].strip() and row["source_note"].strip() not in PLACEHOLDER_NOTES:
                parts.append(f"Source: {row['source_note'].strip()}")
            candidates.append(dict(area_id=area_id, indicator_id=indicator_id, year=year, value=value,
                                   source_id=source_id, confidence=conf, note="; ".join(parts),
                                   _file=file, _line=line, _row=row))

    # Figures taken from the Stockholm programme document itself.
    candidates.append(dict(area_id="0180-sd-tensta", indicator_id="social_risk_index", year=2012, value=180.0,
                           source_id="sthlm_program_2015_2020", confidence="low",
                           note="Programmet: 'ca 180 i jämförelse med stadens 100' (avsnittet Prioriterade stadsdelsnämnder). Året står inte vid siffran; stycket före beskriver index för år 2012.",
                           _file="programme document", _line=None, _row=None))
    candidates.append(dict(area_id="0180", indicator_id="social_risk_index", year=2012, value=100.0,
                           source_id="sthlm_program_2015_2020", confidence="high",
                           note="Staden = 100 per definition (avsnittet Prioriterade stadsdelsnämnder)",
                           _file="programme document", _line=None, _row=None))

    # One row per key: keep the highest confidence, the first on a tie.
    kept: dict[tuple, dict] = {}
    for c in candidates:
        key = (c["area_id"], c["indicator_id"], c["year"])
        best = kept.get(key)
        if best is None:
            kept[key] = c
            continue
        winner, loser = (c, best) if CONF_RANK[c["confidence"]] > CONF_RANK[best["confidence"]] else (best, c)
        kept[key] = winner
        same = "same value" if winner["value"] == loser["value"] else f"kept value {clean_number(winner['value'])}"
        exclude(loser["_file"], loser["_line"], loser["_row"],
                f"duplicate of {key[0]}/{key[1]}/{key[2]} from {winner['_file']} line {winner['_line']} "
                f"({winner['source_id']}, {winner['confidence']}); kept the higher-confidence or first row ({same})")

    obs = pd.DataFrame(list(kept.values()))[["area_id", "indicator_id", "year", "value", "source_id", "confidence", "note"]]
    obs["value"] = obs["value"].map(clean_number)
    obs = obs.sort_values(["indicator_id", "area_id", "year"]).reset_index(drop=True)
    return obs, excluded


# --------------------------------------------------------------------------------------------
# Observation corrections from the data audit (merge 3dab1f9)
# --------------------------------------------------------------------------------------------
# Rereadings of stored pages that no rule derives from the reference, applied after generation.
# `match` names the rows (a tuple allows several values) and `rows` how many it must match, so that
# a changed reference stops the tool instead of patching a different row; `set` the new columns.
OBSERVATION_CORRECTIONS = [
    dict(match=dict(area_id="1280", indicator_id="andel_barn_i_hushall_med_ekonomiskt_bistand", year="2007", value="18"),
         rows=1, reason="the quoted sentence gives no year; 2007 is only inferred from the surrounding text",
         set=dict(confidence="low",
                  note=("Source: blog post of 21 June 2008 quoting Sydsvenskan and Norrbottens-Kuriren: 'I Malmö bor 18 "
                        "procent av alla barn i hushåll med ekonomiskt bistånd, vilket är den högsta andelen i landet.' "
                        "The sentence gives no year; 2007 is inferred only from the surrounding text ('Antalet hushåll "
                        "och utbetalade belopp har ökat markant med 27 respektive 24 procent mellan 2006 och 2007'; "
                        "'Under 2007 var det dock Södertälje som hade störst procentandel biståndsmottagare av "
                        "befolkningen'), so the year is not confirmed (low)"))),
    dict(match=dict(area_id="1480-sdn-bergsjon", indicator_id="andel_familjer_socialbidrag", year="2001", value="32.9"),
         rows=1, reason="the year is in the source's preceding sentence, now quoted",
         set=dict(note=("Source: 'Detta avspeglas också i statistiken för socialbidrag för 2001. I Bergsjön har nästan "
                        "en tredjedel av familjerna (32,9) socialbidrag'"))),
    dict(match=dict(area_id="SE", indicator_id="behoriga_gymnasiet_ak9", year="2012", value="77.4"),
         rows=1, reason="break in series: the page does not say which post-2011-reform measure 77,4 is",
         set=dict(confidence="low",
                  note=("Source: 'Andelen behöriga elever till gymnasieskolan i Sverige var våren 2012 på 77,4 procent'. "
                        "Break in series: the same page says '2011 infördes ett nytt betygssystem vilket medförde en "
                        "uppdelning i behörighetsgrad till antingen yrkesprogram eller högskoleförberedande studier', "
                        "and does not say which measure the 77,4 is (eligibility for vocational programmes, for "
                        "higher-education preparatory programmes, or another); it is not comparable with values from "
                        "before the 2011 grading reform, such as the 2008 value in this indicator, and no indicator with "
                        "a matching definition can be defined from the source (low)"))),
    dict(match=dict(area_id="1480-sdn-bergsjon", indicator_id="ekonomiskt_bistand_andel_befolkning", year="2009",
                    value="26.4"),
         rows=1, reason="the quoted sentence gives no year; 2009 is only inferred from the article's opening",
         set=dict(confidence="low",
                  note=("Source: Vårt Göteborg on the city's report Göteborgssamhällets utveckling: 'Här kan man till "
                        "exempel klicka på ett diagram eller en karta och se att andelen av befolkningen som får "
                        "socialbidrag i Älvsborg är 0,9 procent medan den i Bergsjön är 26,4.' The sentence gives no "
                        "year; 2009 is inferred only from the article's opening ('Göteborgs befolkning växte mer än "
                        "någonsin under 2009. Men antalet hushåll som fick socialbidrag ökade med 13 procent'), so the "
                        "year is not confirmed (low)"))),
    dict(match=dict(source_id="malmo_valfardsredovisning_2013_16_1", year="2011",
                    indicator_id=("behoriga_hogskoleforberedande_ak9", "behoriga_yrkesprogram_ak9")),
         rows=12, reason="the six stadsdelar's June 2011 values were rechecked on the stored page; the note records "
                         "the check instead of 'layout partly run together'",
         set=dict(note=("Source: Malmö välfärdsredovisning 2013, 16.1 'Andel (%) elever i skolår 9 (kommunala skolor) "
                        "som är behöriga till högskoleförberedande och yrkesprogram'; columns 'Juni 2004 Juni 2009 Juni "
                        "2010' and 'Juni 2011*' split into 'Högskoleförberedande**' and 'Yrkesprogram'. Rechecked "
                        "against the stored page: stadsdel rows print only the two Juni 2011 values (e.g. 'Centrum 79 "
                        "79', 'Södra Innerstaden 67 70', 'Västra Innerstaden 82 84'), and equal pairs are common in the "
                        "table's school rows too (e.g. 'Rönnenskolan 73 92 88 84 84' beside 'Sorgenfriskolan 66 85 79 72 "
                        "88'), so the equal pairs are as printed, not a misreading; medium because the stadsdel rows' "
                        "placement under the two columns is read from the layout"))),
]


def apply_corrections(table: pd.DataFrame, corrections: list[dict], name: str) -> pd.DataFrame:
    """The table with each correction's columns set on the rows it matches (compared as text)."""
    table = table.copy()
    for correction in corrections:
        matched = pd.Series(True, index=table.index)
        for column, wanted in correction["match"].items():
            matched &= table[column].astype(str).isin(wanted if isinstance(wanted, tuple) else (wanted,))
        if matched.sum() != correction["rows"]:
            raise SystemExit(f"{name}: correction ({correction['reason']}) matches {matched.sum()} rows, "
                             f"expected {correction['rows']}; recheck it against the reference")
        for column, value in correction["set"].items():
            table.loc[matched, column] = value
    return table


# --------------------------------------------------------------------------------------------
# Funds (Boverket 2014:17) and programme facts
# --------------------------------------------------------------------------------------------
def verify_funds(text_path: Path) -> None:
    """Each amount must appear next to the district name under its municipality heading."""
    if not text_path.exists():
        print(f"warning: {text_path} not found; December 2013 amounts not re-verified", file=sys.stderr)
        return
    text = text_path.read_text(encoding="utf-8")
    for name, _muni, amount, section in URBAN15:
        printed = f"{amount:,}".replace(",", " ")
        headings = list(re.finditer(rf"^\s*{re.escape(section)}\s*$", text, flags=re.M))
        if not headings:
            raise SystemExit(f"Boverket text: heading {section!r} not found")
        pat1 = rf"{re.escape(name)} tilldelades {re.escape(printed)} kronor"
        pat2 = rf"{re.escape(printed)} kronor till {re.escape(name)}"
        pat3 = rf"{re.escape(name)}[^\n]{{0,250}}tilldelades {re.escape(printed)} kronor"
        chunks = [text[h.end(): h.end() + 3000] for h in headings]
        if not any(re.search(p, c) for c in chunks for p in (pat1, pat2, pat3)):
            raise SystemExit(f"Boverket text: amount {printed} for {name} not found under heading {section}")


def verify_boverket_facts(text_path: Path) -> None:
    """Each added fact's note is the report's own sentence."""
    if not text_path.exists():
        print(f"warning: {text_path} not found; facts from Boverket 2014:17 not re-verified", file=sys.stderr)
        return
    text = " ".join(text_path.read_text(encoding="utf-8").split())
    for fact in BOVERKET_FACTS:
        if fact["note"] not in text:
            raise SystemExit(f"Boverket text: sentence for {fact['fact_id']} not found: {fact['note']!r}")


def build_funds() -> pd.DataFrame:
    rows = [dict(area_id=f"u15-{slugify(name)}", year=2013, amount_sek=amount, payment="2013-12",
                 programme="urban15_stimulus", source_id="boverket_2014_17",
                 note=f"Boverket 2014:17, avsnitt {section}")
            for name, _muni, amount, section in URBAN15]
    return pd.DataFrame(rows)


FACT_LABELS = {
    "budget_per_year": ("Budget per år", "Budget per year"),
    # The two totals conflict (200 vs 99 + 99 million); both stay, each label naming the other
    # figure, since the note holds only the source's words (data audit).
    "total_paid_2013_2014": ("Totalt utbetalt 2013–2014 enligt Boverket 2015:36 (Boverket 2014:17 anger 99 + 99 miljoner kr)",
                             "Total paid 2013–2014 according to Boverket 2015:36 (Boverket 2014:17 gives 99 + 99 million kronor)"),
    "total_decided_2013_2014": ("Beslutat att betalas ut 2013–2014 enligt Boverket 2014:17: 99 + 99 miljoner kr (Boverket 2015:36 anger totalt 200 miljoner)",
                                "Decided to be paid 2013–2014 according to Boverket 2014:17: 99 + 99 million kronor (Boverket 2015:36 gives 200 million in total)"),
    "total_paid_first_payment_dec": ("Första utbetalningen, december 2013", "First payment, December 2013"),
    "selection_threshold_forvarvsfrekvens_max": ("Urvalskriterium (år anges inte i källan): förvärvsfrekvens lägre än", "Selection criterion (year not stated in the source): employment rate below"),
    "selection_threshold_langvarigt_forsorjningsstod_min": ("Urvalskriterium (år anges inte i källan): långvarigt försörjningsstöd högre än", "Selection criterion (year not stated in the source): long-term income support above"),
    "selection_threshold_gymnasiebehorighet_max": ("Urvalskriterium (år anges inte i källan): gymnasiebehörighet lägre än", "Selection criterion (year not stated in the source): upper-secondary eligibility below"),
    "selection_threshold_befolkning_min": ("Urvalskriterium (år anges inte i källan): befolkningsmängd minst", "Selection criterion (year not stated in the source): population at least"),
    "municipalities_nominating": ("Kommuner som anmälde intresse (30 november 2011)", "Municipalities that applied (30 November 2011)"),
    "model_indicator_1": ("Fördelningsindikator 1", "Allocation indicator 1"),
    "model_indicator_2": ("Fördelningsindikator 2", "Allocation indicator 2"),
    "model_indicator_3": ("Fördelningsindikator 3", "Allocation indicator 3"),
    "model_indicator_linkage": ("Koppling till indikatorerna", "Link to the indicators"),
    "model_refugee_adjustment_period": ("Period för hänsyn till flyktingmottagande", "Period for refugee-reception adjustment"),
    "model_first_payment_base_change": ("Första utbetalningen baseras på förändringen", "First payment based on the change"),
    "administering_agency": ("Myndighet som beräknar och betalar ut", "Agency that computes and pays"),
    "government_decision_date": ("Regeringsbeslut (datum för nyheten)", "Government decision (date of the news item)"),
    "allocation_principle": ("Fördelningsprincip", "Allocation principle"),
    "boverket_followup_mandate": ("Boverkets uppföljningsuppdrag (diarienummer)", "Boverket follow-up mandate (reference)"),
}
FACT_UNITS = {"municipalities": "count"}
# The reference dates the selection thresholds '2011 (selection)', but SCB's page dates only the
# nominations (30 November 2011), after which the districts were tested against the criteria; the
# year is left empty and the labels above say so (data audit).
YEAR_NOT_STATED = {"selection_threshold_forvarvsfrekvens_max", "selection_threshold_langvarigt_forsorjningsstod_min",
                   "selection_threshold_gymnasiebehorighet_max", "selection_threshold_befolkning_min"}
# Facts the reference lacks, read from the Boverket 2014:17 text (BOVERKET_TEXT), placed after the
# fact named in `after`. The note must occur verbatim in that text (checked by verify_boverket_facts).
BOVERKET_FACTS = [
    # Boverket 2014:17 says 99 million in 2013 and 99 million in 2014, where Boverket 2015:36 says
    # 200 million paid in total: the data audit keeps both figures visible with their own source.
    dict(after="total_paid_2013_2014", fact_id="total_decided_2013_2014", value=str(2 * 99_000_000), unit="SEK",
         year="2013-2014", source_id="boverket_2014_17", confidence="high",
         note="Regeringen beslutade i mars 2013 att betala ut 99 miljoner kronor i prestationsbaserat "
              "stimulansbidrag under 2013 respektive 2014."),
]


def source_quotes(source_note: str) -> str:
    """Only the source's own words: the passages the reference quotes between single quotes,
    joined with ' … '. The compiler's commentary around them (often English) is dropped; a note
    without a quoted passage gives an empty note."""
    return " … ".join(q.strip() for q in re.findall(r"'([^']+)'", source_note) if q.strip())


def year_span(value: str) -> str:
    """'2011->2012' / '2008-2012' -> '2011–2012' (en dash, as printed in Swedish)."""
    return re.sub(r"^\s*(\d{4})\s*(?:->|-|–)\s*(\d{4})\s*$", r"\1–\2", value)


def build_programme_facts(ref: Path) -> tuple[pd.DataFrame, list[dict]]:
    file = "urban15_programme_and_model.csv"
    rows, excluded, seen = [], [], {}
    for line, r in read_reference(ref / file):
        if r["confidence"].strip() == "not_found":
            excluded.append(dict(file=file, line=line, area=r["area"], indicator=r["indicator"], year=r["year"],
                                 value=r["value"], reason="not found in sources"))
            continue
        base = r["indicator"]
        seen[base] = seen.get(base, 0) + 1
        fact_id = f"{base}_{r['year']}" if base == "budget_per_year" else base
        if base not in FACT_LABELS:
            raise SystemExit(f"{file}:{line}: no label for fact {base!r}")
        label_sv, label_en = FACT_LABELS[base]
        if base == "budget_per_year":
            label_sv, label_en = f"{label_sv} {r['year']}", f"{label_en} {r['year']}"
        source_id = URL_TO_SOURCE.get(r["source_url"].strip())
        if source_id is None:
            raise SystemExit(f"{file}:{line}: unmapped source_url {r['source_url']!r}")
        value = r["value"]
        if r["unit"] == "text":
            # The reference paraphrases textual facts in English; the Swedish UI shows the source's words.
            quoted = re.findall(r"'([^']{12,})'", r["source_note"])
            if quoted:
                value = " … ".join(quoted)
        value = year_span(value)
        year = "" if fact_id in YEAR_NOT_STATED else r["year"]
        rows.append(dict(fact_id=fact_id, label_sv=label_sv, label_en=label_en, value=value,
                         unit=FACT_UNITS.get(r["unit"], r["unit"]), year=year, source_id=source_id,
                         confidence=capped_confidence(r["confidence"], source_id),
                         note=source_quotes(r["source_note"])))
    return pd.DataFrame(with_boverket_facts(rows)), excluded


def with_boverket_facts(rows: list[dict]) -> list[dict]:
    """The reference's facts with BOVERKET_FACTS inserted after the fact each names."""
    rows = list(rows)
    for fact in BOVERKET_FACTS:
        position = next((i for i, r in enumerate(rows) if r["fact_id"] == fact["after"]), None)
        if position is None:
            raise SystemExit(f"programme facts: {fact['fact_id']} should follow {fact['after']}, which is missing")
        label_sv, label_en = FACT_LABELS[fact["fact_id"]]
        rows.insert(position + 1, dict(fact_id=fact["fact_id"], label_sv=label_sv, label_en=label_en,
                                       **{k: fact[k] for k in ("value", "unit", "year", "source_id", "confidence", "note")}))
    return rows


# --------------------------------------------------------------------------------------------
# Main and self-check
# --------------------------------------------------------------------------------------------
def write(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(df)} rows")


def add_documented_centres(areas: pd.DataFrame, centres_csv: Path) -> pd.DataFrame:
    """Districts without a polygon get the centre point a public source documents (see
    data/boundaries/district_centres.csv, which names the source of each point); none is guessed."""
    if not centres_csv.exists():
        return areas
    centres = pd.read_csv(centres_csv, dtype=str).set_index("area_id")
    areas = areas.copy()
    for position, area_id in areas.area_id.items():
        if area_id in centres.index:
            areas.at[position, "lat"] = centres.at[area_id, "lat"]
            areas.at[position, "lon"] = centres.at[area_id, "lon"]
    return areas


def generate(ref: Path, sources_dir: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    verify_funds(sources_dir / BOVERKET_TEXT)
    verify_boverket_facts(sources_dir / BOVERKET_TEXT)
    areas, links = build_areas(ref)
    areas = add_documented_centres(areas, out / "boundaries" / "district_centres.csv")
    obs, excluded = build_observations(ref, set(areas.area_id))
    obs = apply_corrections(obs, OBSERVATION_CORRECTIONS, "observations")
    facts, excluded_facts = build_programme_facts(ref)
    excluded = excluded + excluded_facts
    funds = build_funds()

    used = set(areas.source_id) | set(links.source_id) | set(obs.source_id) | set(funds.source_id) | set(facts.source_id)
    src = pd.DataFrame(SOURCES, columns=["source_id", "title", "publisher", "year", "url"])
    # keep every source used by a table, plus the two main documents; list in declaration order
    src = src[src.source_id.isin(used | {"boverket_2014_17", "sthlm_program_2015_2020"})]
    ind = pd.DataFrame([(k, *v) for k, v in INDICATORS.items()],
                       columns=["indicator_id", "name_sv", "name_en", "unit", "higher_is_better", "definition", "domain"])
    ind = ind[ind.indicator_id.isin(set(obs.indicator_id))]

    write(src, out / "sources.csv")
    write(areas, out / "areas.csv")
    write(links, out / "district_boroughs.csv")
    write(ind, out / "indicators.csv")
    write(obs, out / "observations.csv")
    write(funds, out / "funds.csv")
    write(facts, out / "programme_facts.csv")
    exc = pd.DataFrame(excluded, columns=["file", "line", "area", "indicator", "year", "value", "reason"])
    exc["line"] = exc["line"].astype("Int64")
    write(exc, out / "excluded_reference_rows.csv")


def check(out: Path) -> int:
    def read(name):
        return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)

    t = {n: read(n) for n in ["sources", "areas", "district_boroughs", "indicators", "observations", "funds",
                               "programme_facts", "excluded_reference_rows"]}
    problems = []
    keys = {"sources": ["source_id"], "areas": ["area_id"], "district_boroughs": ["district_id", "vintage"],
            "indicators": ["indicator_id"], "observations": ["area_id", "indicator_id", "year"],
            "funds": ["area_id", "programme", "payment"], "programme_facts": ["fact_id"]}
    for name, key in keys.items():
        d = t[name].duplicated(key, keep=False)
        if d.any():
            problems.append(f"{name}: duplicate keys {t[name][d][key].values.tolist()[:5]}")
    src_ids, area_ids, ind_ids = set(t["sources"].source_id), set(t["areas"].area_id), set(t["indicators"].indicator_id)
    for name in keys:
        if "source_id" in t[name] and not set(t[name].source_id) <= src_ids:
            problems.append(f"{name}: unknown source_id {set(t[name].source_id) - src_ids}")
    for name, col in [("areas", "parent_id"), ("district_boroughs", "district_id"), ("district_boroughs", "borough_id"),
                      ("observations", "area_id"), ("funds", "area_id")]:
        vals = set(t[name][col]) - {""}
        if not vals <= area_ids:
            problems.append(f"{name}.{col}: unknown area_id {vals - area_ids}")
    if not set(t["observations"].indicator_id) <= ind_ids:
        problems.append(f"observations: unknown indicator_id {set(t['observations'].indicator_id) - ind_ids}")
    for name in ["observations", "funds"]:
        y = t[name].year
        if not y.str.fullmatch(r"\d{4}").all() or not y.astype(int).between(1980, 2030).all():
            problems.append(f"{name}: years not integers in 1980–2030")
    try:
        t["observations"].value.astype(float)
    except ValueError as e:
        problems.append(f"observations: non-numeric value ({e})")
    for name in ["observations", "district_boroughs", "programme_facts"]:
        if not set(t[name].confidence) <= {"high", "medium", "low"}:
            problems.append(f"{name}: bad confidence {set(t[name].confidence)}")
    total = t["funds"].amount_sek.astype(int).sum()
    if total != 99_000_000:
        problems.append(f"funds sum to {total}, not 99 000 000")
    if len(t["funds"]) != 15:
        problems.append(f"funds: {len(t['funds'])} rows, expected 15")
    a = t["areas"]
    n_sd = ((a.level == "district") & a.area_id.str.startswith("0180-sd-")).sum()
    if n_sd != 117:
        problems.append(f"{n_sd} Stockholm stadsdelar, expected 117")
    if len(t["district_boroughs"]) != 234:
        problems.append(f"district_boroughs: {len(t['district_boroughs'])} rows, expected 234")
    b = a[(a.level == "borough") & a.area_id.str.startswith("0180-sdo-")]

    def valid_on(day):
        return ((b.valid_from == "") | (b.valid_from <= day)) & ((b.valid_to == "") | (b.valid_to >= day))

    n19, n21 = valid_on("2019-12-31").sum(), valid_on("2021-06-30").sum()
    if n19 != 14 or n21 != 13:
        problems.append(f"boroughs valid: {n19} in 2019 (expected 14), {n21} in 2021 (expected 13)")
    db = t["district_boroughs"].merge(b[["area_id", "valid_from", "valid_to"]], left_on="borough_id", right_on="area_id")
    if (db[db.vintage == "2020-"].valid_to != "").any() or (db[db.vintage == "2007-2019"].valid_from > "2019-12-31").any():
        problems.append("district_boroughs: a vintage points at a borough not valid in that vintage")
    for col in ["valid_from", "valid_to"]:
        v = a[col][a[col] != ""]
        if not v.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
            problems.append(f"areas.{col}: not ISO dates")
    with_point = a[(a.lat != "") | (a.lon != "")]
    if not with_point.area_id.str.startswith("u15-").all():
        problems.append("areas: only Urban15 districts carry a documented centre point")
    if not set(t["indicators"].unit) <= set(TABLES_BY_NAME["indicators"].column("unit").choices):
        problems.append("indicators: bad unit")
    s = t["sources"]
    if (s.url == "").any() and not set(s[s.url == ""].source_id) <= {"boverket_2014_17", "sthlm_program_2015_2020"}:
        problems.append(f"sources without url: {set(s[s.url == ''].source_id)}")
    for p in problems:
        print("PROBLEM:", p)
    print("check:", "OK" if not problems else f"{len(problems)} problem(s)",
          {k: len(v) for k, v in t.items()})
    return 1 if problems else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference_dir", nargs="?", default=str(DEFAULT_REFERENCE))
    ap.add_argument("--sources-dir", default=str(DEFAULT_SOURCES))
    ap.add_argument("--out", default=str(ROOT / "data"))
    ap.add_argument("--check", action="store_true", help="only validate the CSVs in --out")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not args.check:
        generate(Path(args.reference_dir).resolve(), Path(args.sources_dir).resolve(), out)
    return check(out)


if __name__ == "__main__":
    raise SystemExit(main())
