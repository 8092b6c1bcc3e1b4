import { parseProjectDate, yearOf } from "./dates";
import { ymdToSerial } from "./cells";

const lastDay = (v: Parameters<typeof parseProjectDate>[0]) => {
  const d = parseProjectDate(v);
  return d.kind === "date" ? d.lastDay : d.kind;
};

describe("parseProjectDate", () => {
  it.each<[string | number, number | string]>([
    [2025, 20251231],
    ["2025", 20251231],
    ["2/2025", 20250630],
    ["Q2 2025", 20250630],
    ["q4 2025", 20251231],
    ["2. kv. 2025", 20250630],
    ["kv2 2025", 20250630],
    ["1/2025", 20250331],
    ["03.2025", 20250331],
    ["02.2024", 20240229],
    ["mars 2025", 20250331],
    ["12/2025", 20251231],
    ["15.06.2025", 20250615],
    ["2025-06-15", 20250615],
    ["Løpende", "ongoing"],
    ["Avsluttet", "finished"],
    ["Ferdig", "finished"],
    ["", "none"],
    ["snart", "invalid"],
    ["5/2025", 20250531], // quarters are 1–4; 5/2025 is a month
    ["31.02.2025", "invalid"],
    ["13.2025", "invalid"],
  ])("%j → %j", (input, expected) => {
    expect(lastDay(input)).toBe(expected);
  });

  it("reads a date cell by its day, also as the serial number office-js gives", () => {
    expect(lastDay({ kind: "date", serial: ymdToSerial(2024, 4, 30) })).toBe(20240430);
    expect(lastDay(ymdToSerial(2024, 4, 30))).toBe(20240430);
    expect(lastDay(ymdToSerial(2025, 12, 31) + 0.5)).toBe(20251231);
    expect(lastDay(2201)).toBe("invalid");
    expect(lastDay(-3)).toBe("invalid");
    expect(lastDay(null)).toBe("none");
  });
});

describe("parseProjectDate of a text read again", () => {
  it("gives each text its own answer, the first time, again, and after more texts than the list keeps", () => {
    const texts = ["2025", " 2025", "Q3 2025", "q3 2025 ", "Løpende", "31.02.2025", "mars 2024", ""];
    const first = texts.map((t) => parseProjectDate(t));
    expect(first.map((d) => (d.kind === "date" ? d.lastDay : d.kind))).toEqual([20251231, 20251231, 20250930, 20250930, "ongoing", "invalid", 20240331, "none"]);
    expect(first.map((d) => ("text" in d ? d.text : undefined))).toEqual(["2025", "2025", "Q3 2025", "q3 2025", "Løpende", "31.02.2025", "mars 2024", undefined]);
    // Past the 4,096 texts kept: every answer read afresh is the same.
    for (let i = 0; i < 5000; i++) parseProjectDate(`${1 + (i % 12)}.${1900 + Math.floor(i / 12)}`);
    expect(texts.map((t) => parseProjectDate(t))).toEqual(first);
    expect(parseProjectDate("12.2316")).toEqual({ kind: "invalid", text: "12.2316" });
    expect(parseProjectDate("12.2200")).toEqual({ kind: "date", lastDay: 22001231, text: "12.2200" });
  });
});

describe("yearOf", () => {
  it("reads År and Periode (first four digits)", () => {
    expect(yearOf(2024)).toBe(2024);
    expect(yearOf("2024")).toBe(2024);
    expect(yearOf(202403, true)).toBe(2024);
    expect(yearOf("202403", true)).toBe(2024);
    expect(yearOf("2024-03", true)).toBe(2024);
    expect(yearOf(202403)).toBeUndefined();
    expect(yearOf("i fjor")).toBeUndefined();
    expect(yearOf({ kind: "date", serial: ymdToSerial(2023, 12, 31) })).toBe(2023);
    expect(yearOf(ymdToSerial(2023, 12, 31))).toBe(2023);
    expect(yearOf(202312, true)).toBe(2023);
  });
});
