import type { Part } from "./artsgrupper";
import type { ArtRefusal } from "./artsgrupper";
import type { Severity } from "./findings";
import type { AmountRefusal } from "./norwegian-number";
import type { Language } from "./settings";

/**
 * The message catalogue: every text the engine tells the officer (findings, category
 * reasons, the Kontroll sheet's words), one entry per kind, each with a Norwegian and an
 * English template over typed parameters. Figures are formatted the Norwegian way in both
 * languages (the officer's figures are Norwegian); only the words change. Values taken
 * from the workbook (sheet names, cell texts, table labels) are quoted as they stand.
 *
 * The engine renders both languages where a finding is made (`T.someKind({...})` gives
 * a `Text`), and the pipeline keeps the one asked for (`localiseFindings`).
 */

/** A message in both languages. */
export interface Text {
  readonly nb: string;
  readonly en: string;
}

export function isText(v: unknown): v is Text {
  return typeof v === "object" && v !== null && typeof (v as Text).nb === "string" && typeof (v as Text).en === "string";
}

/** What an amount cell holds, for the messages about it. */
export type AmountWhat = "amount" | "adopted" | "category" | "regulation" | "budget" | "forecast";
/** Where an Excel error value stood. */
export type ErrorWhere = AmountWhat | "chapter" | "art";

const WHAT: Record<Language, Record<ErrorWhere, string>> = {
  nb: {
    amount: "beløp",
    adopted: "vedtatt beløp",
    category: "kategoribeløp",
    regulation: "reguleringsbeløp",
    budget: "budsjettbeløp",
    forecast: "prognosebeløp",
    chapter: "kapittel",
    art: "art",
  },
  en: {
    amount: "amount",
    adopted: "adopted amount",
    category: "category amount",
    regulation: "budget change amount",
    budget: "budget amount",
    forecast: "forecast amount",
    chapter: "chapter",
    art: "art",
  },
};

const AMOUNT_REFUSAL_EN: Record<AmountRefusal, string> = {
  tom: "empty",
  "dobbelt fortegn": "two signs",
  "ikke et tall på norsk form": "not a number in Norwegian form",
  "ikke et tall på engelsk form": "not a number in English form (1,234.56)",
  "for stort til å regnes eksakt": "too large to calculate exactly",
};

const ART_REFUSAL_EN: Record<ArtRefusal, string> = {
  "ikke et helt, positivt artsnummer": "not a whole, positive art number",
  "fire sifre er tvetydig (konto 1000x eller 0100x?)": "four digits are ambiguous (account 1000x or 0100x?)",
  "ukjent artsgruppe": "unknown art group",
  "ikke et artsnummer": "not an art number",
};

const PART: Record<Language, Record<Part, string>> = {
  nb: { drift: "drift", investering: "investering" },
  en: { drift: "operations", investering: "investment" },
};

/** The adopted figures of Oppsett, as the Dok. 3 check names them. */
export type AdoptedLabel = "driftUtgifter" | "driftInntekter" | "driftNetto" | "investeringUtgifter" | "investeringInntekter" | "investeringNetto";
const ADOPTED: Record<Language, Record<AdoptedLabel, string>> = {
  nb: {
    driftUtgifter: "sum driftsutgifter",
    driftInntekter: "sum driftsinntekter",
    driftNetto: "netto drift",
    investeringUtgifter: "sum investeringsutgifter",
    investeringInntekter: "sum investeringsinntekter",
    investeringNetto: "netto finansieringsbehov",
  },
  en: {
    driftUtgifter: "total operating expenses",
    driftInntekter: "total operating revenue",
    driftNetto: "net operating result",
    investeringUtgifter: "total investment expenses",
    investeringInntekter: "total investment revenue",
    investeringNetto: "net financing need",
  },
};

/** A column of the budget/accounts tables, as the sign and project checks name it. */
export type MeasureName = { readonly kind: "regnskap"; readonly year: number } | { readonly kind: "dok3" } | { readonly kind: "regulert" };
const measure = (m: MeasureName, l: Language): string =>
  m.kind === "regnskap" ? `${l === "nb" ? "regnskap" : "accounts"} ${m.year}` : m.kind === "dok3" ? "Dok. 3" : l === "nb" ? "regulert budsjett" : "revised budget";

/** Why ledger lines were left out (the balance finding). */
export type LeftOutWhy = "year" | "chapter" | "amount" | "art" | "part" | "noArt" | "total" | "width";
const LEFT_OUT: Record<Language, Record<LeftOutWhy, string>> = {
  nb: {
    year: "andre år",
    chapter: "andre kapitler",
    amount: "beløp som ikke kan leses",
    art: "ugyldig art",
    part: "ugyldig del",
    noArt: "beløp uten art",
    total: "sumrader (ikke regnskapslinjer)",
    width: "feil antall felt",
  },
  en: {
    year: "other years",
    chapter: "other chapters",
    amount: "amounts that cannot be read",
    art: "an invalid art",
    part: "an invalid part (not Drift or Investering)",
    noArt: "amounts without an art",
    total: "total rows (not ledger lines)",
    width: "the wrong number of fields",
  },
};

/** A relation an existing table must satisfy, named in the table check's findings. */
export type Relation =
  | { readonly kind: "groups"; readonly label: string; readonly range: "000-599" | "600-999" }
  | { readonly kind: "netto"; readonly label: string }
  | { readonly kind: "subProjects"; readonly label: string }
  | { readonly kind: "projects"; readonly label: string }
  | { readonly kind: "deviation"; readonly label: string }
  | { readonly kind: "projectDeviation"; readonly label: string }
  | { readonly kind: "categories"; readonly label: string };
const relation = (r: Relation, l: Language): string => {
  const nb = l === "nb";
  switch (r.kind) {
    case "groups":
      return `${r.label} = ${nb ? "sum av artsgruppene" : "sum of art groups"} ${r.range}`;
    case "netto":
      return `${r.label} = ${nb ? "sum utgifter + sum inntekter" : "total expenses + total revenue"}`;
    case "subProjects":
      return `${r.label} = ${nb ? "sum av delprosjektene" : "sum of the sub-projects"}`;
    case "projects":
      return `${r.label} = ${nb ? "sum av prosjektene" : "sum of the projects"}`;
    case "deviation":
      return `${r.label}: V = III − I`;
    case "projectDeviation":
      return `${r.label}: ${nb ? "avvik" : "deviation"} = VII − VIII`;
    case "categories":
      return `${r.label}: ${nb ? "Sum prosjekt = sum av kategoriene" : "project total = sum of the categories"}`;
  }
};

// ------------------------------------------------------------------ the catalogue

/** English number agreement: `1 line is`, `2 lines are`. */
const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const are = (count: number) => (count === 1 ? "is" : "are");

type Entry<P> = { readonly nb: (p: P) => string; readonly en: (p: P) => string };
const entry = <P>(nb: (p: P) => string, en: (p: P) => string): Entry<P> => ({ nb, en });

/** `Regnskap!F12`: where a cell-level finding points, as its message starts. */
interface At {
  readonly at: string;
}
interface AtValue extends At {
  readonly value: string;
}
/** An amount already formatted the Norwegian way (`1 234 kr`, `1 234,56`). */
type Amount = string;

/** A sheet as it was read, for the message that no ledger was found. */
export interface SeenSheet {
  readonly name: string;
  readonly headers: readonly string[];
  /** The encoding a text file was read as. */
  readonly encoding?: string;
  /** For a sheet named as a ledger: the required columns it lacks. */
  readonly missing?: readonly ("art" | "amount")[];
}

const seenSheet = (x: SeenSheet, l: Language): string =>
  `«${x.name}»${x.encoding ? (l === "nb" ? ` (lest som ${x.encoding})` : ` (read as ${x.encoding})`) : ""}${
    x.headers.length
      ? `${l === "nb" ? " med overskriftene" : " with the headings"} ${x.headers.map((h) => `«${h}»`).join(", ")}`
      : l === "nb"
        ? " uten overskrifter"
        : " without headings"
  }${x.missing?.length ? `${l === "nb" ? ", men uten" : ", but without"} ${x.missing.map((m) => MISSING_COLUMN[l][m]).join(l === "nb" ? " og " : " and ")}` : ""}`;

const MISSING_COLUMN: Record<Language, Record<"art" | "amount", string>> = {
  nb: { art: "kolonnen «Art»", amount: "kolonnen «Beløp» (eller «Debet» og «Kredit»)" },
  en: { art: "the column «Art»", amount: "the column «Beløp» (or «Debet» and «Kredit»)" },
};

export const MESSAGES = {
  // ---------------------------------------------------------------- reading cells (input.ts, aggregate.ts)
  amountNotFinite: entry<AtValue & { what: AmountWhat }>(
    (p) => `${p.at}: ${WHAT.nb[p.what]} «${p.value}» er ikke et tall.`,
    (p) => `${p.at}: the ${WHAT.en[p.what]} «${p.value}» is not a number.`,
  ),
  amountTooLarge: entry<AtValue & { what: AmountWhat }>(
    (p) => `${p.at}: ${WHAT.nb[p.what]} ${p.value} er for stort til å regnes eksakt i øre; linjen er utelatt.`,
    (p) => `${p.at}: the ${WHAT.en[p.what]} ${p.value} is too large to calculate exactly in øre; the line is left out.`,
  ),
  amountOreFraction: entry<AtValue & { what: AmountWhat; rounded: Amount }>(
    (p) => `${p.at}: ${WHAT.nb[p.what]} ${p.value} har brøkdeler av øre; avrundet til ${p.rounded}.`,
    (p) => `${p.at}: the ${WHAT.en[p.what]} ${p.value} has fractions of an øre; rounded to ${p.rounded}.`,
  ),
  textOreFraction: entry<AtValue & { rounded: Amount }>(
    (p) => `${p.at}: «${p.value}» har brøkdeler av øre; avrundet til ${p.rounded}.`,
    (p) => `${p.at}: «${p.value}» has fractions of an øre; rounded to ${p.rounded}.`,
  ),
  cellError: entry<At & { code: string; where: ErrorWhere }>(
    (p) => `${p.at}: feilverdien ${p.code} i ${WHAT.nb[p.where]}; linjen er utelatt.`,
    (p) => `${p.at}: the error value ${p.code} in the ${WHAT.en[p.where]}; the line is left out.`,
  ),
  amountIsDate: entry<AtValue & { what: AmountWhat }>(
    (p) => `${p.at}: ${WHAT.nb[p.what]} er en dato (${p.value}), ikke et beløp; linjen er utelatt.`,
    (p) => `${p.at}: the ${WHAT.en[p.what]} is a date (${p.value}), not an amount; the line is left out.`,
  ),
  amountIsBoolean: entry<AtValue & { what: AmountWhat }>(
    (p) => `${p.at}: ${WHAT.nb[p.what]} er en sannhetsverdi (${p.value}), ikke et beløp; linjen er utelatt.`,
    (p) => `${p.at}: the ${WHAT.en[p.what]} is a true/false value (${p.value}), not an amount; the line is left out.`,
  ),
  notAnAmount: entry<AtValue & { reason: AmountRefusal }>(
    (p) => `${p.at}: «${p.value}» er ikke et beløp (${p.reason}); linjen er utelatt.`,
    (p) => `${p.at}: «${p.value}» is not an amount (${AMOUNT_REFUSAL_EN[p.reason] ?? p.reason}); the line is left out.`,
  ),
  settingInvalid: entry<AtValue & { key: string }>(
    (p) => `${p.at}: verdien «${p.value}» for «${p.key}» kan ikke brukes.`,
    (p) => `${p.at}: the value «${p.value}» for «${p.key}» cannot be used.`,
  ),
  projectNumberRowLeftOut: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et prosjektnummer (6 eller 8 sifre); raden er utelatt.`,
    (p) => `${p.at}: «${p.value}» is not a project number (6 or 8 digits); the row is left out.`,
  ),
  projectNumberInvalid: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et prosjektnummer.`,
    (p) => `${p.at}: «${p.value}» is not a project number.`,
  ),
  projectNumberLineWithout: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et prosjektnummer (6 eller 8 sifre); linjen telles uten prosjekt.`,
    (p) => `${p.at}: «${p.value}» is not a project number (6 or 8 digits); the line is counted without a project.`,
  ),
  projectDuplicateName: entry<At & { nr: string; first: string; firstRow: number; second: string }>(
    (p) => `${p.at}: prosjekt ${p.nr} står to ganger med ulike navn («${p.first}» i rad ${p.firstRow} og «${p.second}»); den første brukes.`,
    (p) => `${p.at}: project ${p.nr} appears twice with different names («${p.first}» in row ${p.firstRow} and «${p.second}»); the first is used.`,
  ),
  dateInvalid: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke en dato, et kvartal, et år eller Løpende/Avsluttet.`,
    (p) => `${p.at}: «${p.value}» is not a date, a quarter, a year or «Løpende»/«Avsluttet».`,
  ),
  statusUnknown: entry<AtValue>(
    (p) => `${p.at}: ukjent status «${p.value}»; brukes ikke i forslaget.`,
    (p) => `${p.at}: unknown status «${p.value}»; not used in the suggestion.`,
  ),
  typeUnknown: entry<AtValue>(
    (p) => `${p.at}: ukjent prosjekttype «${p.value}» (Ordinær, Avsetning eller Uforutsett).`,
    (p) => `${p.at}: unknown project type «${p.value}» (Ordinær, Avsetning or Uforutsett).`,
  ),
  categoryInvalid: entry<AtValue>(
    (p) => `${p.at}: kategori «${p.value}» finnes ikke (1–4); forslaget brukes.`,
    (p) => `${p.at}: category «${p.value}» does not exist (1–4); the suggestion is used.`,
  ),
  regulationWithoutAmount: entry<At>(
    (p) => `${p.at}: reguleringen mangler beløp; den er utelatt.`,
    (p) => `${p.at}: the budget change has no amount; it is left out.`,
  ),
  partInvalid: entry<AtValue & { of: "line" | "regulation" }>(
    (p) => `${p.at}: «${p.value}» er verken Drift eller Investering; ${p.of === "line" ? "linjen" : "reguleringen"} er utelatt.`,
    (p) => `${p.at}: «${p.value}» is neither Drift nor Investering; the ${p.of === "line" ? "line" : "budget change"} is left out.`,
  ),
  chapterInvalid: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et kapittelnummer; linjen er utelatt.`,
    (p) => `${p.at}: «${p.value}» is not a chapter number; the line is left out.`,
  ),
  amountWithoutArt: entry<At & { amount: Amount }>(
    (p) => `${p.at}: beløpet ${p.amount} har ingen art; linjen er utelatt.`,
    (p) => `${p.at}: the amount ${p.amount} has no art; the line is left out.`,
  ),
  artInvalid: entry<AtValue & { reason: ArtRefusal }>(
    (p) => `${p.at}: «${p.value}» er ikke en art (${p.reason}); linjen er utelatt.`,
    (p) => `${p.at}: «${p.value}» is not an art (${ART_REFUSAL_EN[p.reason] ?? p.reason}); the line is left out.`,
  ),
  yearInvalid: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et år; linjen er utelatt.`,
    (p) => `${p.at}: «${p.value}» is not a year; the line is left out.`,
  ),
  artWithoutAmount: entry<AtValue>(
    (p) => `${p.at}: art «${p.value}» har ikke noe beløp; linjen er utelatt.`,
    (p) => `${p.at}: art «${p.value}» has no amount; the line is left out.`,
  ),
  budgetTypeInvalid: entry<AtValue>(
    (p) => `${p.at}: budsjettypen «${p.value}» er verken Dok. 3 eller Regulert; linjen er utelatt.`,
    (p) => `${p.at}: the budget type «${p.value}» is neither Dok. 3 nor Regulert; the line is left out.`,
  ),
  headerDuplicate: entry<{ header: string; sheet: string; first: string }>(
    (p) => `Kolonnen «${p.header}» finnes to ganger i arket ${p.sheet}; den første (${p.first}) er brukt.`,
    (p) => `The column «${p.header}» appears twice in the sheet ${p.sheet}; the first (${p.first}) is used.`,
  ),

  formulaUncalculated: entry<At & { where: ErrorWhere }>(
    (p) =>
      `${p.at}: formelen i ${WHAT.nb[p.where]} har ikke noe utregnet resultat i filen (lagret av et program som ikke regner ut formler); linjen er utelatt. Åpne filen i Excel, lagre den og prøv igjen.`,
    (p) =>
      `${p.at}: the formula in the ${WHAT.en[p.where]} has no computed result in the file (saved by a program that does not calculate); the line is left out. Open the file in Excel, save it and try again.`,
  ),
  numberFormMixed: entry<AtValue & { header: string; form: "nb" | "en" }>(
    (p) =>
      `${p.at}: «${p.value}» er skrevet på ${p.form === "en" ? "engelsk form (1,234.56)" : "norsk form (1 234,56)"}, men resten av kolonnen «${p.header}» på ${
        p.form === "en" ? "norsk" : "engelsk"
      }; kolonnen er lest slik flertallet er skrevet, og celler som ikke kan leses slik er utelatt. Eksporter med samme tallformat i hele kolonnen.`,
    (p) =>
      `${p.at}: «${p.value}» is written in ${p.form === "en" ? "English form (1,234.56)" : "Norwegian form (1 234,56)"}, but the rest of the column «${p.header}» in ${
        p.form === "en" ? "Norwegian" : "English"
      }; the column is read as most of it is written, and cells that cannot be read so are left out. Export with one number format in the whole column.`,
  ),
  numberFormAmbiguous: entry<AtValue & { header: string; nb: Amount; en: Amount }>(
    (p) =>
      `${p.at}: «${p.value}» kan være ${p.nb} kr (norsk form) eller ${p.en} kr (engelsk form), og ingen celle i kolonnen «${p.header}» avgjør formen; linjen er utelatt. Eksporter beløpene med to desimaler (1 234,00) eller uten tusenskille.`,
    (p) =>
      `${p.at}: «${p.value}» can be ${p.nb} kr (Norwegian form) or ${p.en} kr (English form), and no cell of the column «${p.header}» tells which; the line is left out. Export the amounts with two decimals (1 234,00) or without thousands separators.`,
  ),
  numberFormEnglish: entry<AtValue & { header: string }>(
    (p) => `Kolonnen «${p.header}» er lest på engelsk form (1,234.56: komma skiller tusener, punktum er desimaltegn), slik ${p.at} («${p.value}») bare kan leses.`,
    (p) => `The column «${p.header}» is read in English form (1,234.56: comma between thousands, point before decimals), the only way ${p.at} («${p.value}») can be read.`,
  ),
  totalRow: entry<At & { label?: string; amount: Amount; lines?: number }>(
    (p) =>
      `${p.at}: raden er en sum${p.label ? ` («${p.label}»)` : p.lines ? ` (lik summen av de ${p.lines} linjene over)` : ""} på ${p.amount}, ikke en regnskapslinje; den er ikke telt med.`,
    (p) =>
      `${p.at}: the row is a total${p.label ? ` («${p.label}»)` : p.lines ? ` (equal to the sum of the ${p.lines} lines above)` : ""} of ${p.amount}, not a ledger line; it is not counted.`,
  ),
  totalRowSuspect: entry<At & { label: string; amount: Amount }>(
    (p) =>
      `${p.at}: raden ser ut som en sum («${p.label}», ${p.amount}), men er ikke lik linjene over den; den er telt med som en regnskapslinje. Er det en sum, ta den ut av eksporten.`,
    (p) =>
      `${p.at}: the row looks like a total («${p.label}», ${p.amount}) but does not equal the lines above it; it is counted as a ledger line. If it is a total, remove it from the export.`,
  ),
  possibleSubtotal: entry<At & { amount: Amount; lines: number }>(
    (p) => `${p.at}: beløpet ${p.amount} er lik summen av de ${p.lines} linjene rett over med samme art; linjen er telt med. Er det en delsum fra eksporten, ta den ut.`,
    (p) =>
      `${p.at}: the amount ${p.amount} equals the sum of the ${p.lines} lines just above it with the same art; the line is counted. If it is a subtotal from the export, remove it.`,
  ),
  rowWidth: entry<{ sheet: string; line: number; fields: number; header: number; delimiter: string }>(
    (p) =>
      `${p.sheet} linje ${p.line}: ${p.fields} felt, men overskriften har ${p.header} (skilletegn «${p.delimiter === "\t" ? "tab" : p.delimiter}»); linjen er utelatt.${
        p.delimiter === "," && p.fields > p.header ? " Et desimalkomma uten anførselstegn gir ett felt for mye: eksporter med semikolon som skilletegn." : ""
      }`,
    (p) =>
      `${p.sheet} line ${p.line}: ${p.fields} fields, but the header has ${p.header} (delimiter «${p.delimiter === "\t" ? "tab" : p.delimiter}»); the line is left out.${
        p.delimiter === "," && p.fields > p.header ? " An unquoted decimal comma makes one field too many: export with semicolons as delimiters." : ""
      }`,
  ),
  ledgerEmpty: entry<{ sheet: string }>(
    (p) => `Regnskapet («${p.sheet}») har ingen linjer under overskriften; tabellene viser ikke noe regnskap.`,
    (p) => `The accounts («${p.sheet}») have no lines under the header; the tables show no accounts.`,
  ),
  noLinesInYear: entry<{ sheet: string; year: number; years: readonly number[] }>(
    (p) =>
      `Regnskapet («${p.sheet}») har ingen linjer for rapportåret ${p.year}${p.years.length ? ` (årene i regnskapet: ${p.years.join(", ")})` : ""}; kolonnen for regnskap ${p.year} viser 0. Sjekk Rapportår og eksporten.`,
    (p) =>
      `The accounts («${p.sheet}») have no lines for the report year ${p.year}${p.years.length ? ` (the years in the accounts: ${p.years.join(", ")})` : ""}; the column of accounts ${p.year} shows 0. Check Rapportår and the export.`,
  ),
  yearSource: entry<{ sheet: string; header: string; column: string; how: "year" | "period" | "date"; byValues: boolean }>(
    (p) =>
      `Året for hver linje i ${p.sheet} er lest fra kolonnen «${p.header}» (${p.column}) som ${p.how === "period" ? "periode (ÅÅÅÅMM)" : p.how === "date" ? "bilagsdato" : "årstall"}${
        p.byValues ? ", funnet ut fra verdiene" : ""
      }.`,
    (p) =>
      `The year of each line in ${p.sheet} is read from the column «${p.header}» (${p.column}) as ${p.how === "period" ? "a period (YYYYMM)" : p.how === "date" ? "a posting date" : "a year"}${
        p.byValues ? ", recognised by its values" : ""
      }.`,
  ),
  checkFailed: entry<{ check: string; error: string }>(
    (p) => `Kontrollen «${p.check}» kunne ikke kjøres (${p.error}); de andre kontrollene er kjørt, men tabellene er ikke kontrollert for dette. Meld fra om feilen.`,
    (p) => `The check «${p.check}» could not run (${p.error}); the other checks ran, but the tables are not checked for this. Please report the error.`,
  ),
  creditSign: entry<AtValue & { signed: boolean }>(
    (p) =>
      `${p.at}: kredit «${p.value}» har motsatt fortegn av resten av kolonnen (${p.signed ? "skrevet som negative beløp" : "skrevet som positive beløp"}); beløpet er regnet som debet − kredit slik kolonnen ellers er skrevet. Sjekk linjen.`,
    (p) =>
      `${p.at}: the credit «${p.value}» has the opposite sign of the rest of the column (${p.signed ? "written as negative amounts" : "written as positive amounts"}); it is taken as the rest of the column is written. Check the line.`,
  ),

  // ---------------------------------------------------------------- tertial reports (src/domain/tertial)
  forecastRowInvalid: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» sier ikke hvilken artsgruppe, art eller hvilket prosjekt prognosen gjelder; raden er utelatt.`,
    (p) => `${p.at}: «${p.value}» does not say which artsgruppe, art or project the forecast is for; the row is left out.`,
  ),
  forecastUnknownProject: entry<At & { project: string }>(
    (p) => `${p.at}: prognosen gjelder prosjekt ${p.project}, som ikke har budsjett eller regnskap; den er ikke med i tabellen.`,
    (p) => `${p.at}: the forecast is for project ${p.project}, which has no budget or accounts; it is not in the table.`,
  ),
  forecastPartial: entry<At & { group: string; part: Part; missing: readonly string[] }>(
    (p) =>
      `${p.at}: prognosen for ${p.group} i ${PART.nb[p.part]} er gitt for noen arter, men ikke for ${p.missing.join(", ")}, som har budsjett eller regnskap; prognosen for artsgruppen er bare summen av artene som er gitt. Gi prognose for alle artene, eller for artsgruppen.`,
    (p) =>
      `${p.at}: the forecast for ${p.group} in ${PART.en[p.part]} is given for some arts but not for ${p.missing.join(", ")}, which have a budget or accounts; the artsgruppe's forecast is only the sum of the arts given. Give a forecast for every art, or for the artsgruppe.`,
  ),
  periodMonthInvalid: entry<At & { header: string; count: number; total: Amount; value: string }>(
    (p) =>
      `${p.at}: ${p.count} linjer har ingen måned som kan leses i kolonnen «${p.header}» (første: «${p.value}»), til sammen ${p.total}; de er med i årstallene, men ikke i regnskapet hittil i år eller i fjor. Rett periodene i eksporten.`,
    (p) =>
      `${p.at}: ${p.count} lines have no readable month in the column «${p.header}» (the first: «${p.value}»), in all ${p.total}; they are in the year's figures, but not in the accounts to date this year or last year. Correct the periods in the export.`,
  ),
  periodYearMismatch: entry<At & { header: string; date: boolean; count: number; total: Amount; value: string; year: number }>(
    (p) =>
      `${p.at}: ${p.count} linjer har ${p.date ? "en dato" : "en periode"} i kolonnen «${p.header}» fra et annet år enn linjens år (første: «${p.value}» på en linje av ${p.year}), til sammen ${p.total}. Årstallene følger linjens år, månedene «${p.header}»; en av dem er feil. Rett eksporten.`,
    (p) =>
      `${p.at}: ${p.count} lines have ${p.date ? "a date" : "a period"} in the column «${p.header}» from another year than the line's year (the first: «${p.value}» on a line of ${p.year}), in all ${p.total}. The years follow the line's year, the months «${p.header}»; one of them is wrong. Correct the export.`,
  ),
  materialForecast: entry<{ sheet: string; label: string; deviation: Amount; more: boolean }>(
    (p) => `${p.sheet}, ${p.label}: forventet ${p.more ? "mindreforbruk" : "merforbruk"} ${p.deviation} er over vesentlighetsgrensen og må forklares i tertialrapporten.`,
    (p) =>
      `${p.sheet}, ${p.label}: the expected ${p.more ? "underspend" : "overspend"} ${p.deviation} is above the materiality threshold and must be explained in the tertial report.`,
  ),
  periodNoLines: entry<{ sheet: string; month: string; year: number }>(
    (p) => `Regnskapet («${p.sheet}») har ingen linjer i ${p.month} ${p.year}, den siste måneden i perioden. Er eksporten tatt ut etter at måneden er avsluttet?`,
    (p) => `The accounts («${p.sheet}») have no lines in ${p.month} ${p.year}, the last month of the period. Was the export made after the month was closed?`,
  ),
  noPeriodColumn: entry<{ sheet: string; headers: readonly string[]; period: string }>(
    (p) =>
      `En tertialrapport (${p.period}) trenger måneden for hver linje i regnskapet («${p.sheet}»), men fant ingen kolonne Periode, Måned eller Bilagsdato (overskriftene er: ${p.headers.map((h) => `«${h}»`).join(", ") || "ingen"}). Legg til en kolonne «Periode» (1–12, 13 for årsavslutningen, eller ÅÅÅÅMM) eller «Bilagsdato», eller velg kolonnen for periode i Oppsett-steget.`,
    (p) =>
      `A tertial report (${p.period}) needs the month of each line of the accounts («${p.sheet}»), but found no column Periode, Måned or Bilagsdato (the headings are: ${p.headers.map((h) => `«${h}»`).join(", ") || "none"}). Add a column «Periode» (1–12, 13 for the closing entries, or YYYYMM) or «Bilagsdato», or choose the period column in the Oppsett step.`,
  ),
  periodYearConflict: entry<{ period: string; year: number }>(
    (p) => `Perioden ${p.period} er ikke i rapportåret ${p.year}; velg en periode i rapportåret, eller endre rapportåret.`,
    (p) => `The period ${p.period} is not in the report year ${p.year}; choose a period in the report year, or change the report year.`,
  ),

  // ---------------------------------------------------------------- the pipeline
  budgetSheetMissing: entry<Record<string, never>>(
    () => "Fant ikke budsjettet (en fane Budsjett med kolonnene Art, Dok. 3 og Regulert budsjett); Dok. 3 og regulert budsjett står som 0.",
    () => "Found no budget (a sheet Budsjett with the columns Art, Dok. 3 and Regulert budsjett); Dok. 3 and the revised budget are shown as 0.",
  ),
  registerSheetMissing: entry<Record<string, never>>(
    () => "Det er investeringer på prosjekter, men ikke noe prosjektregister (en fane Prosjekter med Prosjekt og Prosjektnavn); prosjektene vises uten navn.",
    () => "There are investments on projects, but no project register (a sheet Prosjekter with Prosjekt and Prosjektnavn); the projects are shown without names.",
  ),
  moreOfTheSame: entry<{ count: number; code: string; sheet: string }>(
    (p) => `… og ${p.count} til av samme slag (${p.code}) i ${p.sheet || "grunnlaget"}.`,
    (p) => `… and ${p.count} more of the same kind (${p.code}) in ${p.sheet || "the input"}.`,
  ),
  noLedger: entry<{ sheets: readonly SeenSheet[] }>(
    (p) =>
      `Fant ikke regnskapet: lette etter en fane som heter Regnskap (eller Hovedbok), eller som har overskriftene Art og Beløp (eller Art, Debet og Kredit) i de første 20 radene. ${
        p.sheets.length === 0 ? "Arbeidsboken har ingen faner med innhold." : `Det som ble lest: ${p.sheets.map((x) => seenSheet(x, "nb")).join("; ")}.`
      }`,
    (p) =>
      `Found no accounts: looked for a sheet called Regnskap (or Hovedbok), or one with the headings «Art» and «Beløp» (or «Art», «Debet» and «Kredit») in its first 20 rows. ${
        p.sheets.length === 0 ? "The workbook has no sheets with content." : `What was read: ${p.sheets.map((x) => seenSheet(x, "en")).join("; ")}.`
      }`,
  ),
  noYearColumn: entry<{ sheet: string; headers: readonly string[]; monthOnly?: string }>(
    (p) =>
      `Regnskapet («${p.sheet}») sier ikke hvilket år hver linje hører til${
        p.monthOnly ? `: kolonnen «${p.monthOnly}» har bare måneder (1–13), ikke år` : ""
      } (lette etter År, Aar, Year, Regnskapsår, Periode som ÅÅÅÅMM eller Bilagsdato; overskriftene er: ${p.headers.map((h) => `«${h}»`).join(", ") || "ingen"}). Uten året ville fjorårets linjer telles med i rapportåret. Legg til en kolonne «År» med regnskapsåret for hver linje${
        p.monthOnly ? " (eller eksporter perioden som ÅÅÅÅMM)" : ""
      }, eller velg kolonnen for år i Oppsett-steget.`,
    (p) =>
      `The accounts («${p.sheet}») do not say which year each line belongs to${
        p.monthOnly ? `: the column «${p.monthOnly}» holds months only (1–13), not years` : ""
      } (looked for År, Aar, Year, Regnskapsår, Periode as YYYYMM or Bilagsdato; the headings are: ${p.headers.map((h) => `«${h}»`).join(", ") || "none"}). Without the year, last year's lines would be counted in the report year. Add a column «År» with each line's year${
        p.monthOnly ? " (or export the period as YYYYMM)" : ""
      }, or choose the year column in the Oppsett step.`,
  ),
  sumsTooLarge: entry<Record<string, never>>(
    () => "Summene i regnskapet eller budsjettet er for store til å regnes eksakt (over 90 000 milliarder kroner); sjekk beløpskolonnene.",
    () => "The sums of the ledger or the budget are too large to compute exactly (over 90,000 billion kroner); check the amount columns.",
  ),
  noYear: entry<Record<string, never>>(
    () => "Fant ikke rapportåret: oppgi det i Oppsett (Rapportår) eller med --year.",
    () => "Found no report year: give it in Oppsett (Rapportår) or with --year.",
  ),

  // ---------------------------------------------------------------- checks of the whole input (checks.ts)
  yearOutside: entry<{ count: number; sheet: string; year: number; total: Amount }>(
    (p) => `${p.count} linjer i ${p.sheet} gjelder andre år enn ${p.year} og ${p.year - 1} (eller mangler gyldig år), til sammen ${p.total}; de er ikke med i tabellene.`,
    (p) =>
      `${n(p.count, "line")} in ${p.sheet} ${are(p.count)} for years other than ${p.year} and ${p.year - 1} (or ${p.count === 1 ? "has" : "have"} no valid year), in total ${p.total}; ${p.count === 1 ? "it is" : "they are"} not in the tables.`,
  ),
  chapterOther: entry<{ count: number; chapter: number; wanted: number | undefined; total: Amount | undefined }>(
    (p) => `${p.count} linjer gjelder kapittel ${p.chapter}, ikke ${p.wanted}${p.total ? `, til sammen ${p.total} i regnskapet` : ""}; de er ikke med i tabellene.`,
    (p) =>
      `${n(p.count, "line")} ${are(p.count)} for chapter ${p.chapter}, not ${p.wanted}${p.total ? `, in total ${p.total} in the accounts` : ""}; ${p.count === 1 ? "it is" : "they are"} not in the tables.`,
  ),
  artUnknown: entry<{ art: string; count: number; first: string }>(
    (p) => `Art ${p.art} finnes ikke i KOSTRA-kontoplanen (${p.count} linjer, første i ${p.first}).`,
    (p) => `Art ${p.art} is not in the KOSTRA chart of accounts (${n(p.count, "line")}, the first in ${p.first}).`,
  ),
  artWrongPart: entry<{ art: string; part: Part; count: number; first: string }>(
    (p) => `Art ${p.art} brukes i ${PART.nb[p.part]}, men gjelder bare ${PART.nb[other(p.part)]} (${p.count} linjer, første i ${p.first}).`,
    (p) => `Art ${p.art} is used in ${PART.en[p.part]}, but applies to ${PART.en[other(p.part)]} only (${n(p.count, "line")}, the first in ${p.first}).`,
  ),
  dok3Mismatch: entry<{ label: AdoptedLabel; have: Amount; want: Amount; difference: Amount }>(
    (p) => `Dok. 3 i budsjettet gir ${ADOPTED.nb[p.label]} ${p.have}, men bystyret vedtok ${p.want} (Oppsett); forskjell ${p.difference}.`,
    (p) => `Dok. 3 in the budget gives ${ADOPTED.en[p.label]} ${p.have}, but the City Council adopted ${p.want} (Oppsett); difference ${p.difference}.`,
  ),
  regulationUnexplained: entry<{ part: Part; change: Amount; explained: Amount; rest: Amount }>(
    (p) => `Uforklart regulering i ${PART.nb[p.part]}: regulert budsjett − Dok. 3 er ${p.change}, reguleringene (YDISP medregnet) gir ${p.explained}; ${p.rest} er ikke forklart.`,
    (p) =>
      `Unexplained budget change in ${PART.en[p.part]}: revised budget − Dok. 3 is ${p.change}, the budget changes (YDISP included) add up to ${p.explained}; ${p.rest} is not explained.`,
  ),
  noBudget: entry<{ total: Amount; count: number; project: string | null; art: string; part: Part }>(
    (p) => `Regnskapet har ${p.total} på ${p.project ? `prosjekt ${p.project}` : `art ${p.art} i ${PART.nb[p.part]}`} (${p.count} linjer), men budsjettet har ingen linje for det.`,
    (p) =>
      `The accounts have ${p.total} on ${p.project ? `project ${p.project}` : `art ${p.art} in ${PART.en[p.part]}`} (${n(p.count, "line")}), but the budget has no line for it.`,
  ),
  materialGroup: entry<{ table: string; label: string; deviation: Amount }>(
    (p) => `Tabell ${p.table}, ${p.label}: avvik ${p.deviation} er over vesentlighetsgrensen og må forklares i årsberetningen.`,
    (p) => `Table ${p.table}, ${p.label}: the deviation ${p.deviation} is above the materiality threshold and must be explained in the annual report.`,
  ),
  materialProject: entry<{ nr: string; label: string; deviation: Amount }>(
    (p) => `Tabell 3.4.1, ${p.nr} ${p.label}: avvik ${p.deviation} er over vesentlighetsgrensen og må forklares.`,
    (p) => `Table 3.4.1, ${p.nr} ${p.label}: the deviation ${p.deviation} is above the materiality threshold and must be explained.`,
  ),
  investmentNotProjectCost: entry<{ count: number; internal: boolean; total: Amount }>(
    (p) =>
      `${p.count} investeringslinjer utenfor artsgruppe 000-599${p.internal ? " og de interne artene" : ""} (${p.total}) er ikke prosjektkostnad og er ikke med i tabell 3.4.1.`,
    (p) =>
      `${n(p.count, "investment line")} outside art groups 000-599${p.internal ? " and the internal arts" : ""} (${p.total}) ${are(p.count)} not project cost and ${are(p.count)} not in table 3.4.1.`,
  ),
  investmentNoProject: entry<{ count: number; total: Amount }>(
    (p) => `${p.count} investeringsutgifter uten prosjekt (${p.total}) er med i tabell 3.3, men ikke i 3.4.1; de forklarer forskjellen mellom tabellene.`,
    (p) =>
      `${n(p.count, "investment expense")} with no project (${p.total}) ${are(p.count)} in table 3.3 but not in 3.4.1; ${p.count === 1 ? "it explains" : "they explain"} the difference between the tables.`,
  ),
  projectNotInRegister: entry<{ nr: string; regnskap: Amount | undefined; budget: Amount; registerSheet: string | undefined }>(
    (p) =>
      `Prosjekt ${p.nr} har ${p.regnskap ? `regnskap ${p.regnskap}` : `budsjett ${p.budget}`}, men står ikke i prosjektregisteret${p.registerSheet ? ` (${p.registerSheet})` : ""}; det vises uten navn i tabell 3.4.1.`,
    (p) =>
      `Project ${p.nr} has ${p.regnskap ? `accounts of ${p.regnskap}` : `a budget of ${p.budget}`}, but is not in the project register${p.registerSheet ? ` (${p.registerSheet})` : ""}; it is shown without a name in table 3.4.1.`,
  ),
  projectParentMissing: entry<{ nr: string; parent: string }>(
    (p) => `Delprosjekt ${p.nr} hører til ${p.parent}, som ikke står i prosjektregisteret; ${p.parent} vises uten navn.`,
    (p) => `Sub-project ${p.nr} belongs to ${p.parent}, which is not in the project register; ${p.parent} is shown without a name.`,
  ),
  projectsVsTable33: entry<{ measure: MeasureName; projects: Amount; table: Amount; difference: Amount }>(
    (p) => `Prosjektene i tabell 3.4.1 har ${measure(p.measure, "nb")} ${p.projects}, mens sum investeringsutgifter i tabell 3.3 er ${p.table}; forskjell ${p.difference}.`,
    (p) => `The projects in table 3.4.1 have ${measure(p.measure, "en")} ${p.projects}, while total investment expenses in table 3.3 are ${p.table}; difference ${p.difference}.`,
  ),
  splitMismatch: entry<{ nr: string; split: Amount; deviation: Amount; difference: Amount }>(
    (p) => `Fordelingen av prosjekt ${p.nr} på kategorier gir ${p.split}, men avviket er ${p.deviation}; forskjell ${p.difference}.`,
    (p) => `The split of project ${p.nr} over the categories adds up to ${p.split}, but the deviation is ${p.deviation}; difference ${p.difference}.`,
  ),
  signSuspect: entry<{ table: string; key: string; measure: MeasureName; value: Amount; revenue: boolean }>(
    (p) =>
      `Tabell ${p.table}, ${p.key}: ${measure(p.measure, "nb")} er ${p.value}, men ${p.revenue ? "inntekter skal være negative" : "utgifter skal være positive"}; mulig fortegnsfeil.`,
    (p) =>
      `Table ${p.table}, ${p.key}: ${measure(p.measure, "en")} is ${p.value}, but ${p.revenue ? "revenue should be negative" : "expenses should be positive"}; possibly a sign error.`,
  ),
  ledgerBalance: entry<{ sheet: string; lines: number; total: Amount; year: number; inTables: Amount; leftOut: readonly { why: LeftOutWhy; count: number; total: Amount }[] }>(
    (p) =>
      `${p.sheet}: ${p.lines} linjer, sum ${p.total}. I tabellene (${p.year} og ${p.year - 1}): ${p.inTables}.` +
      (p.leftOut.some((x) => x.count) ? ` Utelatt: ${p.leftOut.map((x) => `${x.count} med ${LEFT_OUT.nb[x.why]} (${x.total})`).join(", ")}.` : " Ingen linjer er utelatt."),
    (p) =>
      `${p.sheet}: ${n(p.lines, "line")}, total ${p.total}. In the tables (${p.year} and ${p.year - 1}): ${p.inTables}.` +
      (p.leftOut.some((x) => x.count) ? ` Left out: ${p.leftOut.map((x) => `${x.count} with ${LEFT_OUT.en[x.why]} (${x.total})`).join(", ")}.` : " No lines are left out."),
  ),

  // ---------------------------------------------------------------- checking an existing table (report/table-check.ts)
  tableNotFound: entry<{ sheet: string }>(
    (p) => `Fant ingen tabell i ${p.sheet}: ingen overskriftsrad med Artsgrupper, Prosjektnavn eller Sum prosjekt i de første 30 radene.`,
    (p) => `Found no table in ${p.sheet}: no heading row with Artsgrupper, Prosjektnavn or Sum prosjekt in the first 30 rows.`,
  ),
  tableCellNotAmount: entry<AtValue>(
    (p) => `${p.at}: «${p.value}» er ikke et beløp.`,
    (p) => `${p.at}: «${p.value}» is not an amount.`,
  ),
  tableSignError: entry<At & { label: string; column: string; printed: Amount; flipped: Amount }>(
    (p) => `${p.at} (${p.label}, kolonne ${p.column}): står som ${p.printed}, men summene stemmer med ${p.flipped}; mulig fortegnsfeil.`,
    (p) => `${p.at} (${p.label}, column ${p.column}): shown as ${p.printed}, but the sums agree with ${p.flipped}; possibly a sign error.`,
  ),
  tableRounding: entry<At & { label: string; column: string; shown: Amount; expected: Amount; relations: readonly Relation[] }>(
    (p) => `${p.at} (${p.label}, kolonne ${p.column}): ${p.shown}, utregnet ${p.expected}; 1 krone i avrunding (${p.relations.map((r) => relation(r, "nb")).join("; ")}).`,
    (p) => `${p.at} (${p.label}, column ${p.column}): ${p.shown}, calculated ${p.expected}; 1 krone of rounding (${p.relations.map((r) => relation(r, "en")).join("; ")}).`,
  ),
  tableArithmetic: entry<At & { label: string; column: string; shown: Amount; relation: Relation; expected: Amount; difference: Amount }>(
    (p) => `${p.at} (${p.label}, kolonne ${p.column}): står som ${p.shown}, men ${relation(p.relation, "nb")} gir ${p.expected}; forskjell ${p.difference}.`,
    (p) => `${p.at} (${p.label}, column ${p.column}): shown as ${p.shown}, but ${relation(p.relation, "en")} gives ${p.expected}; difference ${p.difference}.`,
  ),

  // ---------------------------------------------------------------- category suggestions (categorise.ts)
  reasonUnforeseen: entry<Record<string, never>>(
    () => "Avsetning til uforutsette utgifter",
    () => "Provision for unforeseen expenses",
  ),
  reasonFinishedStatus: entry<{ statusText: string | undefined; date: string | undefined }>(
    (p) => `${p.statusText ?? "Ferdig"}${p.date ? ` ${p.date}` : ""}: reell besparelse`,
    (p) => `Finished${p.date ? ` ${p.date}` : ""}${p.statusText ? ` (status «${p.statusText}»)` : ""}: real net saving`,
  ),
  reasonExpectedFinished: entry<{ text: string }>(
    (p) => `Forventet ferdig «${p.text}»: reell besparelse`,
    (p) => `Expected completion «${p.text}»: real net saving`,
  ),
  reasonFinishedBy: entry<{ date: string }>(
    (p) => `Ferdig ${p.date}: reell besparelse`,
    (p) => `Finished ${p.date}: real net saving`,
  ),
  reasonDelayed: entry<{ expected: string; adopted: string }>(
    (p) => `Forventet ferdig ${p.expected} er senere enn bystyrevedtatt ${p.adopted}: reell forsinkelse`,
    (p) => `Expected completion ${p.expected} is later than ${p.adopted} adopted by the City Council: real delay`,
  ),
  reasonOngoing: entry<{ text: string }>(
    (p) => `${p.text}: periodiseringsavvik`,
    (p) => `Ongoing («${p.text}»): timing difference`,
  ),
  reasonWithinFrame: entry<{ expected: string; adopted: string | undefined }>(
    (p) => `Forventet ferdig ${p.expected}, ${p.adopted !== undefined ? `innenfor vedtatt ferdig ${p.adopted}` : "ingen vedtatt ferdigdato"}: periodiseringsavvik`,
    (p) => `Expected completion ${p.expected}, ${p.adopted !== undefined ? `within the adopted completion ${p.adopted}` : "no adopted completion date"}: timing difference`,
  ),
  reasonUnknownDate: entry<{ adopted: string }>(
    (p) => `Ferdigdato ukjent${p.adopted ? ` (vedtatt ${p.adopted})` : ""}: periodiseringsavvik`,
    (p) => `Completion date unknown${p.adopted ? ` (adopted ${p.adopted})` : ""}: timing difference`,
  ),
  reasonParent: entry<Record<string, never>>(
    () => "Sum av delprosjektene",
    () => "Sum of the sub-projects",
  ),
} as const;

function other(part: Part): Part {
  return part === "drift" ? "investering" : "drift";
}

export type MessageKind = keyof typeof MESSAGES;
export type MessageParams<K extends MessageKind> = Parameters<(typeof MESSAGES)[K]["nb"]>[0];

/** The catalogue rendered in both languages: `T.amountInvalid({...})` gives a `Text`. */
export const T = Object.fromEntries(
  Object.entries(MESSAGES).map(([kind, e]) => [kind, (p: never) => ({ nb: (e.nb as (p: never) => string)(p), en: (e.en as (p: never) => string)(p) })]),
) as { readonly [K in MessageKind]: (p: MessageParams<K>) => Text };

/** The catalogue in one language: `msg("en").amountInvalid({...})` gives a string. */
export function msg(language: Language): { readonly [K in MessageKind]: (p: MessageParams<K>) => string } {
  return Object.fromEntries(Object.entries(MESSAGES).map(([kind, e]) => [kind, e[language]])) as never;
}

// ------------------------------------------------------------------ the Kontroll sheet's own words

const SEVERITY: Record<Language, Record<Severity, string>> = {
  nb: { error: "Feil", warning: "Advarsel", info: "Info" },
  en: { error: "Error", warning: "Warning", info: "Info" },
};

export interface FindingsSheetWords {
  readonly title: (p: { chapter: number | undefined; agency: string; year: number }) => string;
  readonly counts: (c: Record<Severity, number>) => string;
  readonly headers: readonly string[];
  readonly severity: Record<Severity, string>;
}

export const FINDINGS_SHEET: Record<Language, FindingsSheetWords> = {
  nb: {
    title: (p) => `Kontroll av grunnlaget for ${p.chapter !== undefined ? `kap. ${p.chapter}` : "kapitlet"} ${p.agency} ${p.year}`.replace(/\s+/g, " ").trim(),
    counts: (c) => `${c.error} feil, ${c.warning} advarsler, ${c.info} til informasjon.`,
    headers: ["Alvorlighet", "Kode", "Ark", "Celle", "Melding", "Beløp", "Antall"],
    severity: SEVERITY.nb,
  },
  en: {
    title: (p) => `Check of the input for ${p.chapter !== undefined ? `chapter ${p.chapter}` : "the chapter"} ${p.agency} ${p.year}`.replace(/\s+/g, " ").trim(),
    counts: (c) => `${c.error} ${c.error === 1 ? "error" : "errors"}, ${c.warning} ${c.warning === 1 ? "warning" : "warnings"}, ${c.info} for information.`,
    headers: ["Severity", "Code", "Sheet", "Cell", "Message", "Amount", "Count"],
    severity: SEVERITY.en,
  },
};
