"""Measures and register entries as digital officers really write them: ten towns, planted groups of the
same project in different words, and near misses that share words but are different things.

Each kind of miss the first method had is here: an abbreviation against the spelled-out term, a
product name instead of the generic term, an English loanword against a German compound, a paraphrase
whose common purpose is only in the description, a title that lists features, and short titles in
which one shared rare word sits among town names and generic words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    label: str
    town: str
    kind: str  # "measure" or "solution"
    field_key: str
    title: str
    description: str = ""
    category: str = ""  # register entries only
    product: str = ""
    vendor: str = ""


ENTRIES = [
    # G1 e-file: abbreviation, spelled out, DMS with a product name, under "other"
    Entry("efile_1", "Brakel", "measure", "verwaltung", "Einführung der E-Akte",
          "Schrittweise Umstellung aller Fachbereiche auf die elektronische Akte."),
    Entry("efile_2", "Warburg", "solution", "verwaltung", "Dokumentenmanagementsystem für das Rathaus",
          category="other", product="enaio", vendor="Optimal Systems"),
    Entry("efile_3", "Nieheim", "measure", "verwaltung", "Elektronische Aktenführung nach Aktenplan",
          "Papierakten werden ersetzt, der Posteingang wird in einer Scanstelle digitalisiert."),
    # G2 council information: a product name, a paraphrase, the generic term
    Entry("ris_1", "Steinheim", "solution", "verwaltung", "ALLRIS 4 beschaffen", category="other",
          product="ALLRIS", vendor="CC e-gov"),
    Entry("ris_2", "Beverungen", "measure", "verwaltung", "Papierlose Gremienarbeit",
          "Die Ratsmitglieder erhalten Sitzungsunterlagen künftig über eine App statt auf Papier."),
    Entry("ris_3", "Bad Driburg", "measure", "verwaltung", "Ratsinformationssystem erneuern"),
    # G3 loanword against a German compound: video conferencing for committees
    Entry("video_1", "Borgentreich", "measure", "organisation", "Hybride Sitzungen ermöglichen",
          "Technik und Software, damit Ausschussmitglieder per Videokonferenz teilnehmen können."),
    Entry("video_2", "Marienmünster", "solution", "organisation", "Webkonferenz-Lösung für Ausschüsse",
          category="video_conference", product="BigBlueButton"),
    # G4 loanword: Open Data against "offene Daten"
    Entry("open_1", "Brakel", "measure", "wirtschaft", "Offene Daten bereitstellen",
          "Verkehrs- und Haushaltsdaten maschinenlesbar veröffentlichen."),
    Entry("open_2", "Willebadessen", "measure", "wirtschaft", "Open-Data-Portal aufbauen",
          "Ein CKAN-basiertes Portal für die Datensätze der Stadt."),
    # G5 paraphrase: the purpose only in the description; a product name; the generic term
    Entry("termin_1", "Warburg", "measure", "verwaltung", "Bürgerbüro ohne Wartezeit",
          "Termine für das Bürgerbüro können online gebucht werden, die Wartemarken entfallen."),
    Entry("termin_2", "Beverungen", "solution", "verwaltung", "TEVIS für das Einwohnermeldeamt",
          category="other", product="TEVIS"),
    Entry("termin_3", "Höxter", "measure", "verwaltung", "Online-Terminvergabe im Bürgerbüro"),
    # G6 a title that lists features instead of naming the thing: parking guidance
    Entry("park_1", "Nieheim", "measure", "mobilitaet", "Sensoren, App und Anzeigetafeln für die Innenstadt",
          "Freie Stellplätze werden erfasst und Autofahrer zum nächsten freien Parkplatz geleitet."),
    Entry("park_2", "Bad Driburg", "measure", "mobilitaet", "Smart Parking in der Altstadt",
          "Parksensoren melden belegte Stellplätze."),
    # G7 short titles: one rare shared word among town names and generic words
    Entry("ipad_1", "Steinheim", "measure", "bildung", "Steinheim: iPads"),
    Entry("ipad_2", "Borgentreich", "measure", "bildung", "Neue iPads für die Grundschule Borgentreich"),
    Entry("ipad_3", "Höxter", "solution", "bildung", "Schülerendgeräte", category="school_devices",
          product="Apple iPad"),
    # G8 e-invoicing: standard name against a workflow description
    Entry("invoice_1", "Marienmünster", "measure", "verwaltung", "XRechnung umsetzen",
          "Elektronische Rechnungen nach der EU-Richtlinie annehmen und verarbeiten."),
    Entry("invoice_2", "Willebadessen", "solution", "verwaltung", "Digitaler Rechnungsworkflow",
          category="e_invoice", product="Rechnungseingangsbuch"),
    # G9 chatbot: KI-Assistent against Chatbot
    Entry("bot_1", "Brakel", "measure", "verwaltung", "KI-Assistent für Bürgeranfragen"),
    Entry("bot_2", "Nieheim", "measure", "verwaltung", "Chatbot auf der Website",
          "Beantwortet häufige Fragen rund um die Uhr."),
    # G10 defect reporting: the product idea against a description of what it does
    Entry("maengel_1", "Warburg", "measure", "teilhabe", "Mängelmelder einführen"),
    Entry("maengel_2", "Bad Driburg", "measure", "teilhabe", "Schäden im Stadtgebiet per App melden",
          "Bürgerinnen und Bürger melden Schlaglöcher und defekte Laternen mit Foto und Standort."),
    # Near misses: shared words or a shared category, different things
    Entry("hr_file", "Steinheim", "measure", "verwaltung", "Digitale Personalakte",
          "Personalunterlagen der Beschäftigten elektronisch führen."),
    Entry("charging", "Warburg", "measure", "mobilitaet", "Ladesäulen auf städtischen Parkplätzen",
          "Ladeinfrastruktur für Elektroautos an drei Parkplätzen."),
    Entry("relaunch", "Marienmünster", "measure", "verwaltung", "Relaunch der Website",
          "Neues Design, barrierefrei, mit neuem Redaktionssystem."),
    Entry("ozg", "Willebadessen", "measure", "verwaltung", "Anträge online stellen",
          "Die wichtigsten Verwaltungsleistungen nach dem Onlinezugangsgesetz über das Serviceportal."),
    Entry("firewall", "Höxter", "solution", "sicherheit", "Firewall erneuern", category="it_security"),
    Entry("isms", "Beverungen", "measure", "sicherheit", "ISMS nach BSI-Grundschutz",
          "Informationssicherheitsmanagement aufbauen und einen Informationssicherheitsbeauftragten benennen."),
    Entry("m365", "Höxter", "measure", "organisation", "Schulung Microsoft 365 für Beschäftigte",
          "Alle Beschäftigten lernen Outlook, Word und Excel in der neuen Version."),
    Entry("wifi_school", "Willebadessen", "measure", "bildung", "Glasfaser für alle Schulen",
          "Anschluss der Grundschulen an das Glasfasernetz."),
    Entry("gewerbe", "Höxter", "measure", "wirtschaft", "Gewerbeflächenportal",
          "Freie Gewerbeflächen der Stadt mit Lage und Größe."),
    Entry("laternen", "Borgentreich", "measure", "teilhabe", "LED-Straßenbeleuchtung",
          "Umrüstung der Laternen im Stadtgebiet auf LED."),
    Entry("buergerbus", "Steinheim", "measure", "mobilitaet", "Bürgerbus mit Online-Buchung"),
    Entry("bauakte", "Borgentreich", "measure", "verwaltung", "Bauanträge digital einreichen",
          "Bauantragsverfahren über das Bauportal NRW."),
]  # fmt: skip

PLANTED_GROUPS = [
    {"efile_1", "efile_2", "efile_3"},
    {"ris_1", "ris_2", "ris_3"},
    {"video_1", "video_2"},
    {"open_1", "open_2"},
    {"termin_1", "termin_2", "termin_3"},
    {"park_1", "park_2"},
    {"ipad_1", "ipad_2", "ipad_3"},
    {"invoice_1", "invoice_2"},
    {"bot_1", "bot_2"},
    {"maengel_1", "maengel_2"},
]
