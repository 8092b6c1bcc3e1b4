import { finding, Finding, FindingCode } from "./findings";
import type { Text } from "./messages";
import { addOre, ore, type Ore } from "./money";

/**
 * Collects findings, keeping at most `perKind` cell-level findings of one code in one
 * sheet; the rest are summed into one closing finding per kind, so a million bad rows
 * give a readable Kontroll sheet and nothing is dropped silently.
 */
export class FindingSink {
  private readonly items: Finding[] = [];
  private readonly overflow = new Map<string, { first: Finding; count: number; amount: Ore; hasAmount: boolean }>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly perKind = 100) {}

  add(f: Finding): void {
    const key = `${f.code}\u0000${f.sheet}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n <= this.perKind) {
      this.items.push(f);
      return;
    }
    const o = this.overflow.get(key);
    if (o) {
      o.count++;
      if (f.amount !== undefined) {
        o.amount = addOre(o.amount, f.amount);
        o.hasAmount = true;
      }
    } else this.overflow.set(key, { first: f, count: 1, amount: f.amount ?? ore(0), hasAmount: f.amount !== undefined });
  }

  addAll(fs: readonly Finding[]): void {
    for (const f of fs) this.add(f);
  }

  /** Number of findings of a code added so far (including those summed up). */
  count(code: FindingCode): number {
    let n = 0;
    for (const [key, c] of this.counts) if (key.startsWith(`${code}\u0000`)) n += c;
    return n;
  }

  findings(describeMore: (code: FindingCode, sheet: string, count: number) => Text | string): Finding[] {
    const out = [...this.items];
    for (const { first, count, amount, hasAmount } of this.overflow.values()) {
      out.push(finding(first.code, first.sheet, "", describeMore(first.code, first.sheet, count), { severity: first.severity, count, ...(hasAmount ? { amount } : {}) }));
    }
    return out;
  }
}
