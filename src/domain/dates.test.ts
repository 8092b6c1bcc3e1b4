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
