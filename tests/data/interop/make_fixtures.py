"""Write the interoperability test fixtures of tests/data/interop/ (run: python make_fixtures.py).

The REFI-QDA files follow the published schema (Project.xsd, Codebook.xsd, namespaces
``urn:QDA-XML:project:1.0`` and ``urn:QDA-XML:codebook:1.0``), written by hand here so that
the tests do not depend on the kit's own exporter.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

# Documents of the project: positions in the REFI-QDA files count UTF-16 code units (the same as
# characters here: no emoji; tests/test_interop_shapes.py covers texts with emoji).
TEXT_INES = ("Le matin, on attend devant le portail fermé. Personne ne nous accueille.\n"
             "À la cantine c'est bruyant, on mange vite.")
TEXT_PAUL = "Le soir, à l'internat, certains élèves restent seuls dans leur chambre."
MEMO = "Revoir Inès après les vacances : elle parle beaucoup de l'accueil."

G = {  # fixed GUIDs
    "user_anne": "0b0c6d1e-0000-4000-8000-000000000001", "user_paul": "0b0c6d1e-0000-4000-8000-000000000002",
    "fam_espaces": "c0de0000-0000-4000-8000-000000000001", "accueil": "c0de0000-0000-4000-8000-000000000002",
    "cantine": "c0de0000-0000-4000-8000-000000000003", "relations": "c0de0000-0000-4000-8000-000000000004",
    "isolement": "c0de0000-0000-4000-8000-000000000005", "soir": "c0de0000-0000-4000-8000-000000000006",
    "var_site": "7a110000-0000-4000-8000-000000000001", "var_participant": "7a110000-0000-4000-8000-000000000002",
    "var_role": "7a110000-0000-4000-8000-000000000003", "var_age": "7a110000-0000-4000-8000-000000000004",
    "case_ines": "ca5e0000-0000-4000-8000-000000000001",
    "src_ines": "50000000-0000-4000-8000-000000000001", "src_paul": "50000000-0000-4000-8000-000000000002",
    "src_pdf": "50000000-0000-4000-8000-000000000003",
    "sel_1": "5e100000-0000-4000-8000-000000000001", "sel_2": "5e100000-0000-4000-8000-000000000002",
    "sel_3": "5e100000-0000-4000-8000-000000000003", "sel_pdf": "5e100000-0000-4000-8000-000000000004",
    "note": "40700000-0000-4000-8000-000000000001",
}


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def codes_xml() -> str:
    return f"""<Codes>
      <Code guid="{G['fam_espaces']}" name="Espaces" isCodable="false" color="#3366cc">
        <Code guid="{G['accueil']}" name="accueil" isCodable="true">
          <Description>Arrivée et accueil des usagers
Exemple : Personne ne nous accueille.</Description>
        </Code>
        <Code guid="{G['cantine']}" name="cantine" isCodable="true">
          <Description>Restauration et temps du repas</Description>
        </Code>
      </Code>
      <Code guid="{G['relations']}" name="Relations" isCodable="true">
        <Description>Liens entre les personnes</Description>
        <Code guid="{G['isolement']}" name="isolement" isCodable="true">
          <Description>Personnes seules ou sans lien</Description>
          <Code guid="{G['soir']}" name="soir" isCodable="true"/>
        </Code>
      </Code>
    </Codes>"""


def project_xml(*, past_end: bool = False) -> str:
    s1, e1 = _span(TEXT_INES, "Personne ne nous accueille.")
    s2, e2 = _span(TEXT_INES, "À la cantine c'est bruyant, on mange vite.")
    s3, e3 = _span(TEXT_PAUL, "certains élèves restent seuls dans leur chambre")
    if past_end:
        e3 = len(TEXT_PAUL) + 10
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Lycées — entretiens" origin="QualCoder 3.5"
         creationDateTime="2016-10-20T08:00:00Z">
  <Users>
    <User guid="{G['user_anne']}" name="Anne"/>
    <User guid="{G['user_paul']}" name="Paul"/>
  </Users>
  <CodeBook>
    {codes_xml()}
  </CodeBook>
  <Variables>
    <Variable guid="{G['var_site']}" name="Site" typeOfVariable="Text"/>
    <Variable guid="{G['var_participant']}" name="Participant" typeOfVariable="Text"/>
    <Variable guid="{G['var_role']}" name="Rôle" typeOfVariable="Text"/>
    <Variable guid="{G['var_age']}" name="Âge" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="{G['case_ines']}" name="Inès">
      <VariableValue><VariableRef targetGUID="{G['var_site']}"/><TextValue>lycee-a</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{G['var_participant']}"/><TextValue>Inès</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{G['var_role']}"/><TextValue>élève</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{G['var_age']}"/><IntegerValue>15</IntegerValue></VariableValue>
      <SourceRef targetGUID="{G['src_ines']}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{G['src_ines']}" name="Entretien Inès" plainTextPath="internal://{G['src_ines']}.txt"
                creatingUser="{G['user_anne']}" creationDateTime="2016-10-12T09:30:00Z">
      <PlainTextSelection guid="{G['sel_1']}" name="Personne ne nous accueille." startPosition="{s1}" endPosition="{e1}"
                          creatingUser="{G['user_anne']}" creationDateTime="2016-10-14T10:00:00Z">
        <Coding guid="c0d10000-0000-4000-8000-000000000001" creatingUser="{G['user_anne']}">
          <CodeRef targetGUID="{G['accueil']}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{G['sel_2']}" startPosition="{s2}" endPosition="{e2}" creatingUser="{G['user_paul']}">
        <Coding guid="c0d10000-0000-4000-8000-000000000002"><CodeRef targetGUID="{G['cantine']}"/></Coding>
        <Coding guid="c0d10000-0000-4000-8000-000000000003"><CodeRef targetGUID="{G['relations']}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="{G['note']}"/>
    </TextSource>
    <TextSource guid="{G['src_paul']}" name="Observation internat" creationDateTime="2016-10-13T20:00:00">
      <PlainTextContent>{TEXT_PAUL}</PlainTextContent>
      <PlainTextSelection guid="{G['sel_3']}" name="OBS-7" startPosition="{s3}" endPosition="{e3}">
        <Coding guid="c0d10000-0000-4000-8000-000000000004"><CodeRef targetGUID="{G['isolement']}"/></Coding>
        <Coding guid="c0d10000-0000-4000-8000-000000000005"><CodeRef targetGUID="{G['soir']}"/></Coding>
      </PlainTextSelection>
      <VariableValue><VariableRef targetGUID="{G['var_site']}"/><TextValue>lycee-b</TextValue></VariableValue>
    </TextSource>
    <PDFSource guid="{G['src_pdf']}" name="Règlement intérieur.pdf" path="internal://{G['src_pdf']}.pdf">
      <PDFSelection guid="{G['sel_pdf']}" page="1" firstX="10" firstY="10" secondX="100" secondY="50">
        <Coding guid="c0d10000-0000-4000-8000-000000000006"><CodeRef targetGUID="{G['accueil']}"/></Coding>
      </PDFSelection>
    </PDFSource>
  </Sources>
  <Notes>
    <Note guid="{G['note']}" name="Mémo Inès" creatingUser="{G['user_anne']}" creationDateTime="2016-10-15T18:00:00Z">
      <PlainTextContent>{MEMO}</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""


def write_qdpx(path: Path, project: str | None, sources: bool = True) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if project is not None:
            archive.writestr("project.qde", project)
        if sources:
            archive.writestr(f"sources/{G['src_ines']}.txt", TEXT_INES)
            archive.writestr(f"sources/{G['src_pdf']}.pdf", b"%PDF-1.4\n%fake\n")


def main() -> None:
    write_qdpx(HERE / "projet.qdpx", project_xml())
    (HERE / "grille.qdc").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">
  {codes_xml()}
</CodeBook>
""", encoding="utf-8")
    # broken files
    (HERE / "pas_un_zip.qdpx").write_text("ceci n'est pas une archive", encoding="utf-8")
    write_qdpx(HERE / "sans_projet.qdpx", None)
    write_qdpx(HERE / "xml_casse.qdpx", project_xml().replace("</Users>", "</User>", 1))
    write_qdpx(HERE / "hors_limites.qdpx", project_xml(past_end=True))
    # Taguette
    highlights = [("id", "document", "tag", "content"),
                  ("1", "Entretien Inès", "accueil", "Personne ne nous accueille."),
                  ("1", "Entretien Inès", "attente", "Personne ne nous accueille."),
                  ("2", "Entretien Paul", "cantine", "<p>À la cantine c'est bruyant &amp; on mange vite.</p>")]
    (HERE / "taguette_highlights.csv").write_text("\n".join(",".join(f'"{c}"' for c in row) for row in highlights) + "\n",
                                                  encoding="utf-8")
    workbook = openpyxl.Workbook()
    for row in highlights:
        workbook.active.append(list(row))
    workbook.save(HERE / "taguette_highlights.xlsx")
    (HERE / "taguette_codebook.csv").write_text(
        "tag,description,number of highlights\n"
        "accueil,Arrivée et accueil des usagers,1\n"
        "espaces.cantine,Restauration,1\n"
        "attente,,1\n", encoding="utf-8")
    # LimeSurvey export (French labels, N/A, a free-text question, an incomplete response)
    (HERE / "limesurvey.csv").write_text(
        '"id";"submitdate";"lastpage";"startlanguage";"seed";"Q1. Le portail est accueillant";'
        '"Q2. La cantine est calme";"Q3. Un commentaire ?"\n'
        '"1";"2016-10-12 10:33:12";"2";"fr";"123";"Plutôt d\'accord";"Pas du tout d\'accord";"Trop de bruit"\n'
        '"2";"2016-10-13 08:01:00";"2";"fr";"456";"N/A";"Tout à fait d\'accord";""\n'
        '"3";"";"1";"fr";"789";"Ni d\'accord ni pas d\'accord";"";""\n', encoding="utf-8")
    (HERE / "questionnaire_large.csv").write_text(
        "Répondant;Site;Profil;Le portail est accueillant;La cantine est calme\n"
        "E1;Lycée A;élève;Très satisfait;2\n"
        "E2;Lycée B;enseignant;Sans réponse;Strongly agree\n", encoding="utf-8")
    (HERE / "correspondance.yaml").write_text(
        "answers:\n  Très satisfait: 5\n  Satisfait: 4\n"
        "sites:\n  Lycée A: lycee-a\n  Lycée B: lycee-b\n", encoding="utf-8")


if __name__ == "__main__":
    main()
