import { isText, type Text } from "./messages";
import type { Language } from "./settings";
import type { Ore } from "./money";

/** A finding of a check: what is wrong or worth knowing, and where it points. */
export type Severity = "error" | "warning" | "info";

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** The input sheet (or report table) the finding points at; "" when it concerns the whole input. */
  readonly sheet: string;
  /** A1 address, or a table row key for table-level findings; "" when none. */
  readonly cell: string;
  /** The message in Norwegian, or, in a report made in English, in English. */
  readonly message: string;
  /** The English message, while the engine collects findings; `localiseFindings` moves it into `message` or drops it. */
  readonly messageEn?: string;
  /** Øre involved, when the finding is about an amount (left-out lines, differences). */
  readonly amount?: Ore;
  /** Number of rows the finding covers (left-out lines of one kind). */
  readonly count?: number;
}

export const FINDING_CODES = {
  // Input
  AMOUNT_INVALID: "error",
  CELL_ERROR: "error",
  ART_INVALID: "error",
  ART_UNKNOWN: "warning",
  ART_WRONG_PART: "warning",
  AMOUNT_WITHOUT_ART: "error",
  ART_WITHOUT_AMOUNT: "error",
  YEAR_OUTSIDE: "info",
  LEDGER_BALANCE: "info",
  YEAR_INVALID: "error",
  PART_INVALID: "error",
  CHAPTER_OTHER: "info",
  PROJECT_INVALID: "error",
  PROJECT_DUPLICATE_NAME: "error",
  PROJECT_PARENT_MISSING: "warning",
  HEADER_DUPLICATE: "warning",
  COLUMN_MISSING: "error",
  SHEET_MISSING: "error",
  ORE_FRACTION: "warning",
  DATE_INVALID: "warning",
  STATUS_UNKNOWN: "warning",
  TYPE_UNKNOWN: "warning",
  SETTING_INVALID: "warning",
  BUDGET_TYPE_INVALID: "error",
  // Reading real exports
  FORMULA_UNCALCULATED: "error",
  NUMBER_FORM_MIXED: "error",
  NUMBER_FORM_AMBIGUOUS: "error",
  NUMBER_FORM_ENGLISH: "info",
  TOTAL_ROW: "warning",
  TOTAL_ROW_SUSPECT: "error",
  POSSIBLE_SUBTOTAL: "warning",
  ROW_WIDTH: "error",
  LEDGER_EMPTY: "error",
  NO_LINES_IN_YEAR: "error",
  YEAR_SOURCE: "info",
  CREDIT_SIGN: "warning",
  // Tertial reports
  FORECAST_ROW_INVALID: "warning",
  FORECAST_UNKNOWN_PROJECT: "warning",
  FORECAST_PARTIAL: "warning",
  PERIOD_MONTH_INVALID: "error",
  PERIOD_YEAR_MISMATCH: "error",
  PERIOD_NO_LINES: "warning",
  // Budget
  DOK3_MISMATCH: "error",
  REGULATION_UNEXPLAINED: "error",
  NO_BUDGET: "warning",
  MATERIAL_DEVIATION: "info",
  // Investment
  INVESTMENT_NOT_PROJECT_COST: "info",
  INVESTMENT_NO_PROJECT: "warning",
  PROJECT_NOT_IN_REGISTER: "warning",
  PROJECTS_VS_TABLE_3_3: "warning",
  SPLIT_MISMATCH: "error",
  CATEGORY_INVALID: "error",
  // Sign
  SIGN_SUSPECT: "warning",
  // A check that could not run
  CHECK_FAILED: "error",
  // Checking an existing table
  TABLE_ROUNDING: "info",
  TABLE_ARITHMETIC: "error",
  TABLE_SIGN_ERROR: "error",
  TABLE_UNREADABLE: "error",
} as const satisfies Record<string, Severity>;

export type FindingCode = keyof typeof FINDING_CODES;

export function finding(code: FindingCode, sheet: string, cell: string, message: Text | string, extra: { amount?: Ore; count?: number; severity?: Severity } = {}): Finding {
  const { severity, ...rest } = extra;
  const text = isText(message) ? { message: message.nb, messageEn: message.en } : { message };
  return { code, severity: severity ?? FINDING_CODES[code], sheet, cell, ...text, ...rest };
}

/** The findings with their message in `language` (English falls back to Norwegian where a text has no English). */
export function localiseFindings(findings: readonly Finding[], language: Language = "nb"): Finding[] {
  return findings.map(({ messageEn, ...f }) => (language === "en" && messageEn !== undefined ? { ...f, message: messageEn } : f));
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
