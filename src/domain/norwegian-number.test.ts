import { formatKroner, formatNorwegian, parseNorwegianAmount } from "./norwegian-number";
import { ore } from "./money";

const okOre = (text: string) => {
  const p = parseNorwegianAmount(text);
  if (!p.ok) throw new Error(`«${text}» was refused: ${p.reason}`);
  return p.ore;
};

describe("parseNorwegianAmount: accepted forms", () => {
  it.each([
    ["1 234 567,89", 123456789],
    ["1\u00a0234\u00a0567,89", 123456789],
    ["1\u202f234\u202f567,89", 123456789],
    ["-5 000", -500000],
    ["\u22125 000", -500000],
    ["(5 000)", -500000],
    ["kr 1 200", 120000],
    ["1 200 kr", 120000],
    ["1.234.567,89", 123456789],
    ["1234567,89", 123456789],
    ["1234", 123400],
    ["0,5", 50],
    ["  42  ", 4200],
  ])("%j → %d øre", (text, expected) => {
    expect(okOre(text)).toBe(expected);
  });

  it("rounds fractions of an øre half away from zero and says so", () => {
    expect(parseNorwegianAmount("0,125")).toEqual({ ok: true, ore: 13, rounded: true });
    expect(parseNorwegianAmount("-0,125")).toEqual({ ok: true, ore: -13, rounded: true });
    expect(parseNorwegianAmount("1,25")).toEqual({ ok: true, ore: 125, rounded: false });
  });
});

describe("parseNorwegianAmount: refused texts are never zero", () => {
  it.each([
    "12,34,56",
    "1.2.3",
    "31.12.2024",
    "2024-12-31",
    "abc",
    "#N/A",
    "#REF!",
    "#VALUE!",
    "",
    "   ",
    "1 23 456",
    "12.34",
    "10.5",
    "1,234.56",
    "--5",
    "(-5)",
    "1e5",
    "5--",
    "-5-",
  ])("%j", (text) => {
    const p = parseNorwegianAmount(text);
    expect(p.ok).toBe(false);
  });
});

describe("formatNorwegian", () => {
  it("groups thousands with no-break spaces and uses a decimal comma", () => {
    expect(formatNorwegian(ore(123456789), 2)).toBe("1\u00a0234\u00a0567,89");
    expect(formatNorwegian(ore(-500000))).toBe("-5\u00a0000");
  });
  it("rounds to whole kroner half away from zero", () => {
    expect(formatNorwegian(ore(150))).toBe("2");
    expect(formatNorwegian(ore(-150))).toBe("-2");
    expect(formatNorwegian(ore(149))).toBe("1");
    expect(formatNorwegian(ore(-49))).toBe("0");
  });
  it("formatKroner formats whole kroner the same way", () => {
    expect(formatKroner(-1234567)).toBe("-1\u00a0234\u00a0567");
    expect(formatKroner(999)).toBe("999");
  });
});
