import { detectLayout, normaliseName } from "./layout";
import { sheet } from "../../test/support/grids";
import type { CellValue } from "./cells";

const ledgerRows: CellValue[][] = [
  ["Art", "Beløp"],
  ["010", 100],
];

describe("normaliseName", () => {
  it("ignores case, spaces, dots and accents", () => {
    expect(normaliseName("  Beløp i kr ")).toBe("belopikr");
    expect(normaliseName("BELOP I KR")).toBe("belopikr");
    expect(normaliseName("Reg.budsj.")).toBe("regbudsj");
    expect(normaliseName("Regnskapsår")).toBe(normaliseName("regnskapsar"));
    expect(normaliseName("Bélöp")).toBe("belop");
    expect(normaliseName("Dok.\u00a03")).toBe("dok3");
  });
});

describe("sheet recognition", () => {
  it("by name, case- and accent-insensitively", () => {
    const l = detectLayout([sheet("REGNSKAP", ledgerRows), sheet("Ark2", [["x"]])]);
    expect(l.sheets.regnskap).toMatchObject({ sheet: "REGNSKAP", recognisedBy: "name", headerRow: 0, columns: { art: 0, belop: 1 } });
  });

  it("by name with a synonym (Hovedbok)", () => {
    expect(detectLayout([sheet("Hovedbok", ledgerRows)]).sheets.regnskap?.recognisedBy).toBe("name");
  });

  it("by headers when the name is different, the header row not in row 1", () => {
    const rows: CellValue[][] = [["Regnskapsrapport UKE"], [], ["Utskrift 2024"], [null, null], ["Kap.", "Konto", "Beløp i kr"], [125, "010", 5]];
    const l = detectLayout([sheet("Ark1", rows)]);
    expect(l.sheets.regnskap).toMatchObject({ sheet: "Ark1", recognisedBy: "headers", headerRow: 4, columns: { kapittel: 0, art: 1, belop: 2 } });
  });

  it("takes firstRow/firstColumn into account", () => {
    const l = detectLayout([
      sheet(
        "Data",
        [
          ["Art", "Beløp"],
          ["010", 1],
        ],
        9,
        2,
      ),
    ]);
    expect(l.sheets.regnskap).toMatchObject({ headerRow: 9, columns: { art: 2, belop: 3 } });
  });

  it("finds a header in row 20 but not in row 21", () => {
    const blank = (n: number): CellValue[][] => Array.from({ length: n }, () => [null]);
    expect(detectLayout([sheet("Data", [...blank(19), ...ledgerRows])]).sheets.regnskap?.headerRow).toBe(19);
    expect(detectLayout([sheet("Data", [...blank(20), ...ledgerRows])]).sheets.regnskap).toBeUndefined();
  });

  it("does not take a row with only one known header as the header row", () => {
    expect(
      detectLayout([
        sheet("Data", [
          ["Art", "Noe annet"],
          ["010", 5],
        ]),
      ]).sheets.regnskap,
    ).toBeUndefined();
  });

  it("does not recognise a named sheet without its required columns", () => {
    expect(
      detectLayout([
        sheet("Regnskap", [
          ["Art", "Prosjekt"],
          ["010", "122006"],
        ]),
      ]).sheets.regnskap,
    ).toBeUndefined();
  });

  it("tells the budget from the ledger by its columns", () => {
    const l = detectLayout([
      sheet("A", [
        ["Art", "Vedtatt budsjett", "Revidert budsjett"],
        ["010", 1, 2],
      ]),
      sheet("B", [
        ["Artskonto", "Sum"],
        ["010", 1],
      ]),
      sheet("C", [
        ["Prosjektnr", "Navn"],
        ["122006", "X"],
      ]),
      sheet("D", [
        ["Nøkkel", "Verdi"],
        ["Rapportår", 2024],
      ]),
      sheet("E", [
        ["Sak", "Beløp", "Del"],
        ["Byrådssak 1/24", 5, "Drift"],
      ]),
    ]);
    expect(l.sheets.budsjett).toMatchObject({ sheet: "A", columns: { art: 0, dok3: 1, regulert: 2 } });
    expect(l.sheets.regnskap).toMatchObject({ sheet: "B", columns: { art: 0, belop: 1 } });
    expect(l.sheets.prosjekter).toMatchObject({ sheet: "C", columns: { prosjekt: 0, navn: 1 } });
    expect(l.sheets.oppsett?.sheet).toBe("D");
    expect(l.sheets.reguleringer).toMatchObject({ sheet: "E", columns: { sak: 0, belop: 1, del: 2 } });
  });
});

describe("column synonyms", () => {
  const cols = (kind: "regnskap" | "budsjett", header: CellValue[], data: CellValue[] = []) =>
    detectLayout([sheet(kind === "regnskap" ? "Regnskap" : "Budsjett", [header, data])]).sheets[kind]?.columns;

  it.each<[string, string]>([
    ["Kap", "kapittel"],
    ["Kap.", "kapittel"],
    ["Kapittel", "kapittel"],
    ["Type", "del"],
    ["Drift/Investering", "del"],
    ["Prosjektnr", "prosjekt"],
    ["Prosjektnummer", "prosjekt"],
    ["Regnskapsår", "aar"],
    ["Periode", "periode"],
    ["Aar", "aar"],
    ["Year", "aar"],
    ["Bilagsdato", "dato"],
    ["Debet", "debet"],
    ["Kredit", "kredit"],
    ["År", "aar"],
  ])("ledger %j → %s", (header, field) => {
    expect(cols("regnskap", ["Art", "Beløp", header])?.[field]).toBe(2);
  });

  it.each([["Konto"], ["Artskonto"], ["ART"]])("ledger art as %j", (header) => {
    expect(cols("regnskap", [header, "Beløp"])?.art).toBe(0);
  });

  it.each([["Beløp i kr"], ["Sum"], ["beløp"], ["Beløp NOK"], ["Beløp (kr)"], ["Beløp i NOK"], ["Amount"]])("ledger amount as %j", (header) => {
    expect(cols("regnskap", ["Art", header])?.belop).toBe(1);
  });

  it("an ambiguous Regnskap column holding numbers is the amount", () => {
    expect(cols("regnskap", ["Art", "Regnskap"], ["010", 1200])).toMatchObject({ belop: 1 });
  });

  it("an ambiguous Regnskap column holding Norwegian amount texts is the amount", () => {
    const grid = sheet("Regnskap", [
      ["Art", "Regnskap"],
      ["010", "kr 1 200"],
      ["020", "kr 300"],
      ["030", "(kr 5)"],
    ]);
    expect(detectLayout([grid]).sheets.regnskap?.columns).toMatchObject({ belop: 1 });
  });

  it("an ambiguous Regnskap column holding Drift/Investering is the part", () => {
    const c = cols("regnskap", ["Art", "Regnskap", "Beløp"], ["010", "Drift", 5]);
    expect(c).toMatchObject({ del: 1, belop: 2 });
  });

  it("an ambiguous Regnskap column holding text beside no amount column leaves the ledger unrecognised", () => {
    expect(cols("regnskap", ["Art", "Regnskap"], ["010", "Investering"])).toBeUndefined();
  });

  it.each([["Dok 3"], ["Dok.3"], ["Dok. 3"], ["Vedtatt budsjett"], ["Opprinnelig budsjett"]])("budget Dok. 3 as %j", (header) => {
    expect(cols("budsjett", ["Art", header])?.dok3).toBe(1);
  });

  it.each([["Regulert budsjett"], ["Regulert"], ["Reg. budsjett"], ["Revidert budsjett"], ["Reg.budsj."]])("budget regulert as %j", (header) => {
    expect(cols("budsjett", ["Art", header])?.regulert).toBe(1);
  });

  it("budget long form: Budsjettype + Beløp", () => {
    expect(cols("budsjett", ["Art", "Budsjettype", "Beløp"])).toMatchObject({ art: 0, budsjettype: 1, belop: 2 });
  });

  it("wide Regnskap 2024 / Regnskap 2023 columns", () => {
    const l = detectLayout([
      sheet("Regnskap", [
        ["Art", "Regnskap 2024", "Regnskap 2023"],
        ["010", 1, 2],
      ]),
    ]);
    expect(l.sheets.regnskap?.wideYears).toEqual({ 2024: 1, 2023: 2 });
    expect(l.sheets.regnskap?.columns.belop).toBeUndefined();
  });
});

describe("HEADER_DUPLICATE", () => {
  it("warns at the second header and uses the first", () => {
    const l = detectLayout([
      sheet(
        "Regnskap",
        [
          ["Art", "Beløp", "Konto"],
          ["010", 5, "020"],
        ],
        2,
      ),
    ]);
    expect(l.sheets.regnskap?.columns.art).toBe(0);
    expect(l.findings).toEqual([expect.objectContaining({ code: "HEADER_DUPLICATE", severity: "warning", sheet: "Regnskap", cell: "C3" })]);
  });
  it("is quiet when every header is distinct", () => {
    expect(detectLayout([sheet("Regnskap", ledgerRows)]).findings).toEqual([]);
  });
});

describe("the officer's mapping", () => {
  it("wins over recognition, and a null removes a column", () => {
    const l = detectLayout(
      [
        sheet("Mine tall", [
          ["Konto", "X", "Beløp"],
          ["010", 5, 6],
        ]),
      ],
      { regnskap: { sheet: "Mine tall", columns: { belop: 1, art: 0 } } },
    );
    expect(l.sheets.regnskap).toMatchObject({ recognisedBy: "user", columns: { art: 0, belop: 1 } });
  });
});
