import { verticalAlign } from "../domain/report/layout-metrics";
import { type CellStyle, TEXT_FORMAT } from "../domain/report/sheet-model";

/**
 * xl/styles.xml for the report writer (xlsx-writer.ts), as exceljs 4.4 writes it for the
 * styles its writer gave cells (test/support/exceljs-reference-writer.ts): number formats,
 * fonts, fills, borders and cell formats (xf) each listed once, in the order a cell first
 * uses them, deduplicated by their XML as exceljs does (lib/xlsx/xform/style/*.js).
 */

/**
 * Text as exceljs writes it in XML (utils.xmlEncode): the five entities, and the control
 * characters XML 1.0 cannot hold (and DEL) left out; tab, line feed and carriage return stay.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_ENCODING = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;
// eslint-disable-next-line no-control-regex
const ENCODED = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g;
const ENTITIES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

export function xmlText(text: string): string {
  return NEEDS_ENCODING.test(text) ? text.replace(ENCODED, (c) => ENTITIES[c] ?? "") : text;
}

/** Built-in number formats exceljs maps to their ids instead of listing them (lib/xlsx/defaultnumformats.js). */
const BUILTIN_NUMBER_FORMATS = new Map<string, number>([
  ["General", 0],
  ["0", 1],
  ["0.00", 2],
  ["#,##0", 3],
  ["#,##0.00", 4],
  ["0%", 9],
  ["0.00%", 10],
  ["0.00E+00", 11],
  ["# ?/?", 12],
  ["# ??/??", 13],
  ["mm-dd-yy", 14],
  ["d-mmm-yy", 15],
  ["d-mmm", 16],
  ["mmm-yy", 17],
  ["h:mm AM/PM", 18],
  ["h:mm:ss AM/PM", 19],
  ["h:mm", 20],
  ["h:mm:ss", 21],
  ['m/d/yy "h":mm', 22],
  ["#,##0 ;(#,##0)", 37],
  ["#,##0 ;[Red](#,##0)", 38],
  ["#,##0.00 ;(#,##0.00)", 39],
  ["#,##0.00 ;[Red](#,##0.00)", 40],
  ["mm:ss", 45],
  ["[h]:mm:ss", 46],
  ["mmss.0", 47],
  ["##0.0E+0", 48],
  ["@", 49],
]);

/** Custom number formats are numbered from here. */
const FIRST_CUSTOM_FORMAT = 164;

/** The thin grey frame of boxed cells. */
const THIN_GREY = '<color rgb="FF808080"/>';

const HORIZONTAL = new Set(["left", "center", "right", "fill", "centerContinuous", "distributed", "justify"]);

/** A list of XML elements, each once, numbered in the order added. */
class Collection {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(...initial: string[]) {
    for (const xml of initial) this.add(xml);
  }

  add(xml: string): number {
    let i = this.index.get(xml);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(xml, i);
      this.items.push(xml);
    }
    return i;
  }
}

function edge(name: string, style: string | undefined, color: string): string {
  if (!style) return `<${name}/>`;
  return color ? `<${name} style="${xmlText(style)}">${color}</${name}>` : `<${name} style="${xmlText(style)}"/>`;
}

/** What decides a style's xf, as text (cheaper than JSON): its fields, apart by \u0001, a character no style holds. */
function styleKey(s: CellStyle, text: boolean): string {
  return (
    `${text ? "t" : "-"}${s.bold ? "b" : ""}${s.italic ? "i" : ""}${s.wrap ? "w" : ""}${s.boxed ? "x" : ""}\u0001${s.numberFormat ?? ""}\u0001${s.align ?? ""}` +
    `\u0001${s.fill ?? ""}\u0001${s.color ?? ""}\u0001${s.fontSize ?? ""}\u0001${s.borderTop ?? ""}\u0001${s.borderBottom ?? ""}\u0001${s.indent ?? ""}`
  );
}

/** The styles of one workbook: a cell's style id (its xf) by model style, and styles.xml. */
export class StyleSheet {
  private readonly numFmts: string[] = [];
  private readonly numFmtIds = new Map<string, number>();
  private readonly fonts = new Collection('<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>');
  private readonly fills = new Collection('<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>');
  private readonly borders = new Collection("<border><left/><right/><top/><bottom/><diagonal/></border>");
  private readonly xfs = new Collection('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
  /** Ids by style object: [as number, as text]. The models share style objects. */
  private readonly byObject = new WeakMap<CellStyle, [number | undefined, number | undefined]>();
  /** Ids by style content, for equal styles that are different objects. */
  private readonly byKey = new Map<string, number>();

  /**
   * The xf id of a cell's style; `text` for a text cell (number format "@" over the model's,
   * as the writer must for Excel to keep the text as typed). 0 is the default (no `s`).
   */
  id(style: CellStyle | undefined, text: boolean): number {
    if (!style) return text ? this.keyed("t", undefined, true) : 0;
    let ids = this.byObject.get(style);
    if (!ids) this.byObject.set(style, (ids = [undefined, undefined]));
    const slot = text ? 1 : 0;
    let id = ids[slot];
    if (id === undefined) id = ids[slot] = this.keyed(styleKey(style, text), style, text);
    return id;
  }

  private keyed(key: string, style: CellStyle | undefined, text: boolean): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.xf(style, text);
      this.byKey.set(key, id);
    }
    return id;
  }

  private numFmt(code: string): number {
    const builtin = BUILTIN_NUMBER_FORMATS.get(code);
    if (builtin !== undefined) return builtin;
    let id = this.numFmtIds.get(code);
    if (id === undefined) {
      id = FIRST_CUSTOM_FORMAT + this.numFmts.length;
      this.numFmtIds.set(code, id);
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`);
    }
    return id;
  }

  /** The xf of a style, made as exceljs makes it from the style object the reference writer builds (styleOf). */
  private xf(style: CellStyle | undefined, text: boolean): number {
    const code = text ? TEXT_FORMAT : style?.numberFormat;
    const numFmtId = code ? this.numFmt(code) : 0;
    let fontId = 0;
    let borderId = 0;
    let fillId = 0;
    let alignment: string | undefined;
    if (style) {
      if (style.bold || style.italic || style.color || style.fontSize) {
        const size = style.fontSize ?? 11;
        fontId = this.fonts.add(
          `<font>${style.bold ? "<b/>" : ""}${style.italic ? "<i/>" : ""}${style.color ? `<color rgb="${xmlText(`FF${style.color}`)}"/>` : ""}` +
            `${size ? `<sz val="${size}"/>` : ""}<name val="Calibri"/></font>`,
        );
      }
      if (style.boxed || style.borderTop || style.borderBottom) {
        const side = style.boxed ? "thin" : undefined;
        const top = style.borderTop ? [style.borderTop, ""] : [side, THIN_GREY];
        const bottom = style.borderBottom ? [style.borderBottom, ""] : [side, THIN_GREY];
        borderId = this.borders.add(
          `<border>${edge("left", side, THIN_GREY)}${edge("right", side, THIN_GREY)}${edge("top", top[0], top[1]!)}${edge("bottom", bottom[0], bottom[1]!)}<diagonal/></border>`,
        );
      }
      if (style.fill) fillId = this.fills.add(`<fill><patternFill patternType="solid"><fgColor rgb="${xmlText(`FF${style.fill}`)}"/></patternFill></fill>`);
      if (style.align || style.wrap || style.indent) {
        const vertical = verticalAlign(style);
        const indent = Math.max(0, parseInt(String(style.indent), 10) || 0);
        alignment =
          (style.align && HORIZONTAL.has(style.align) ? ` horizontal="${style.align}"` : "") +
          (vertical ? ` vertical="${vertical === "middle" ? "center" : vertical}"` : "") +
          (style.wrap ? ` wrapText="1"` : "") +
          (indent ? ` indent="${indent}"` : "");
      }
    }
    const head =
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
      (numFmtId ? ` applyNumberFormat="1"` : "") +
      (fontId ? ` applyFont="1"` : "") +
      (fillId ? ` applyFill="1"` : "") +
      (borderId ? ` applyBorder="1"` : "") +
      (alignment !== undefined ? ` applyAlignment="1"` : "");
    return this.xfs.add(alignment ? `${head}><alignment${alignment}/></xf>` : `${head}/>`);
  }

  /** xl/styles.xml */
  xml(): string {
    const list = (tag: string, items: readonly string[], extra = "") => `<${tag} count="${items.length}"${extra}>${items.join("")}</${tag}>`;
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">` +
      (this.numFmts.length ? list("numFmts", this.numFmts) : "") +
      list("fonts", this.fonts.items, ` x14ac:knownFonts="1"`) +
      list("fills", this.fills.items) +
      list("borders", this.borders.items) +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      list("cellXfs", this.xfs.items) +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>` +
      `<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>` +
      `<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>` +
      `<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>`
    );
  }
}
